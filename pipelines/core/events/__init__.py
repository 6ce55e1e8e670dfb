"""Event extraction from article text: pure Python, no Beam, no model, no network.

One module per concern, each taking plain strings:

- :mod:`.dateline`: the dateline an article opens with (place, agency);
- :mod:`.countries`, :mod:`.gazetteer`: country names and demonyms; the offline gazetteer;
- :mod:`.places`: place names found and geocoded, and the story's primary location;
- :mod:`.actors`: people, organizations and countries acting in the story;
- :mod:`.figures`: reported figures ("more than 2,300 households", "$4.5 billion");
- :mod:`.quotes`: direct quotations and who said them;
- :mod:`.sources`: the agencies, outlets and bodies information is attributed to;
- :mod:`.times`: dates and times, resolved against the publication time;
- :mod:`.events`: PLOVER-typed events linking actors, places and times;
- :mod:`.record`: all of them for one article (the schema-v2 fields; :mod:`.fields` lists them).

Nothing is re-exported here, so importing one extractor does not load the others.
"""
