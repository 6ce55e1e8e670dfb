"""Event extraction from article text: pure Python, no Beam.

The English text extractors each live in their own module and take plain strings:

- :mod:`.dateline`: the dateline an article opens with (place, agency);
- :mod:`.figures`: reported figures ("more than 2,300 households", "$4.5 billion");
- :mod:`.quotes`: direct quotations and who said them;
- :mod:`.sources`: the agencies, outlets and bodies information is attributed to;
- :mod:`.times`: dates and times, resolved against the publication time.

Nothing is re-exported here, so importing one extractor does not load the others.
"""
