import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.core.events import figures
from pipelines.core.events.record import FIELDS, LANGUAGE_FREE
from pipelines.core.records import RecordValidator, build_record
from pipelines.transforms.events import ExtractEvents, ExtractEventsFn, reference_time
from tests.core.test_records import article

TEXT = (
    "VALPARAÍSO, Chile (AP) — Ferries returned to the northern quay on Thursday after a storm "
    "cut power to more than 2,300 households, according to the Regional Emergency Office.\n\n"
    '"We are ready," said Ana Torres, the port\'s director.'
)


def english(**fields):
    return article(
        text=TEXT,
        language="en",
        entry_published="2026-11-19T18:00:00Z",
        fetched_at="2026-11-19T19:00:00Z",
        **fields,
    )


def test_fn_adds_the_event_fields_and_the_record_carries_them():
    fn = ExtractEventsFn()
    fn.setup()
    [out] = list(fn.process(english()))
    fields = out["event_fields"]
    assert fields["extraction"] == {"attempted": list(FIELDS), "failed": []}
    assert fields["dateline"] == {"place": "VALPARAÍSO, Chile", "agency": "AP"}
    assert fields["location"]["country_code"] == "CL"
    assert fields["quotes"] == [{"text": "We are ready", "speaker": "Ana Torres"}]
    assert fields["figures"][0]["value"] == 2300
    assert fields["times"] == [{"text": "Thursday", "value": "2026-11-19"}]
    record = build_record(out)
    assert record["data"]["schema_version"] == "2"
    assert record["data"]["quotes"] == fields["quotes"]
    assert RecordValidator().errors(record) == []


def test_other_languages_get_the_language_free_fields_only():
    fn = ExtractEventsFn()
    fn.setup()
    text = "SANTIAGO, Chile (AFP) — Les ferries sont revenus jeudi au quai nord, a dit Ana Torres."
    [out] = list(fn.process(article(text=text, language="fr", fetched_at="2026-11-19T19:00:00Z")))
    fields = out["event_fields"]
    assert fields["extraction"]["attempted"] == list(LANGUAGE_FREE)
    assert fields["dateline"] == {"place": "SANTIAGO, Chile", "agency": "AFP"}
    assert fields["actors"] == fields["quotes"] == fields["times"] == fields["events"] == []
    assert RecordValidator().errors(build_record(out)) == []


def test_a_failing_extractor_empties_its_field_and_flags_it(monkeypatch):
    def broken(text):
        raise RuntimeError("figures bug")

    monkeypatch.setattr(figures, "extract_figures", broken)
    fn = ExtractEventsFn()
    fn.setup()
    [out] = list(fn.process(english()))
    fields = out["event_fields"]
    assert fields["figures"] == [] and fields["extraction"]["failed"] == ["figures"]
    assert fields["quotes"]  # the other fields are still filled
    assert RecordValidator().errors(build_record(out)) == []


def test_a_record_that_skipped_the_stage_has_empty_fields_not_attempted():
    record = build_record(english())
    data = record["data"]
    assert data["places"] == [] and data["location"] is None
    assert data["extraction"] == {"attempted": [], "failed": []}
    assert RecordValidator().errors(record) == []


def test_reference_time_is_the_published_date_else_the_fetch_time():
    assert reference_time(english()).isoformat() == "2026-11-19T18:00:00+00:00"
    undated = article(
        url="http://127.0.0.1:9/a",
        entry_published=None,
        page_date=None,
        fetched_at="2026-11-19T19:00:00Z",
    )
    assert reference_time(undated).isoformat() == "2026-11-19T19:00:00+00:00"


def test_extract_events_in_a_pipeline():
    with TestPipeline() as p:
        out = p | beam.Create([english()]) | ExtractEvents()
        assert_that(
            out | beam.Map(lambda a: a["event_fields"]["dateline"]["agency"]), equal_to(["AP"])
        )


def test_other_languages_keep_only_countries_regions_and_seas():
    # "Die", "Une", "Il" are towns in the gazetteer and common words in German, French and
    # Italian: outside English only countries, regions and seas are kept.
    fn = ExtractEventsFn()
    fn.setup()
    text = "Die Regierung in Chile und Peru sagt, Une Il Derby Europa gehe es gut."
    [out] = list(fn.process(article(text=text, language="de", fetched_at="2026-11-19T19:00:00Z")))
    places = out["event_fields"]["places"]
    assert places and {p["feature"] for p in places} <= {"country", "region", "water"}
    assert {"Chile", "Peru"} <= {p["name"] for p in places}
