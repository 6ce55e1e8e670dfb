import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.transforms.common.outputs import DEAD_LETTER
from pipelines.transforms.records import STATE, ToEventRecordFn, ToEventRecords
from tests.core.test_records import article


def test_fn_builds_valid_records_and_dead_letters_invalid_ones():
    fn = ToEventRecordFn()
    fn.setup()
    record, state = list(fn.process(article(signature=b"\x01\x02", band_keys=[7])))
    assert record["type"] == "wirestream.article.v2"
    # What the state store will keep of it (committed only after the run succeeds).
    assert state.tag == STATE
    assert state.value["record_id"] == record["id"] and state.value["band_keys"] == [7]
    assert state.value["signature"] == "AQI="
    [invalid] = list(fn.process(article(language="English")))
    assert invalid.tag == DEAD_LETTER and invalid.value["reason"] == "invalid_record"
    assert "data/language" in invalid.value["message"]
    broken = article()
    del broken["text"]
    [failed] = list(fn.process(broken))
    assert failed.value["reason"] == "record_failed"


def test_to_event_records_in_a_pipeline():
    with TestPipeline() as p:
        out = p | beam.Create([article(), article(text="")]) | ToEventRecords()
        assert_that(
            out.records | beam.Map(lambda r: r["data"]["article_id"]),
            equal_to(["a" * 32]),
            label="records",
        )
        assert_that(
            out[DEAD_LETTER] | beam.Map(lambda d: d["reason"]),
            equal_to(["invalid_record"]),
            label="dead",
        )
