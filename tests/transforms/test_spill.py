import pickle

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.transforms.spill import SPILLED, Restorer, SpillFn


def items(n):
    return [{"article_id": f"a{i}", "fixed": None, "text": "word " * (50 + i)} for i in range(n)]


def test_spilled_elements_are_slim_and_come_back_whole(tmp_path):
    spill_dir = tmp_path / "spill"

    class Restore(beam.DoFn):
        def start_bundle(self):
            self.restorer = Restorer(max_open=1)

        def process(self, slim):
            assert set(slim) == {"article_id", "fixed", SPILLED}
            yield self.restorer.restore(slim)

        def finish_bundle(self):
            self.restorer.close()

    with TestPipeline() as p:
        slim = (
            p
            | beam.Create(items(40))
            | beam.ParDo(SpillFn(str(spill_dir), ("article_id", "fixed")))
            | beam.Reshuffle()  # the wait: restored in another stage, after the files closed
        )
        assert_that(slim | beam.ParDo(Restore()), equal_to(items(40)))
    files = list(spill_dir.iterdir())
    assert files and sum(f.stat().st_size for f in files) > sum(len(i["text"]) for i in items(40))


def test_an_element_without_a_reference_is_passed_as_it_is():
    item = {"article_id": "a", "text": "t"}
    assert Restorer().restore(item) is item


def test_a_truncated_spill_file_fails_loudly(tmp_path):
    path = tmp_path / "bundle.pickle"
    data = pickle.dumps({"article_id": "a"})
    path.write_bytes(data[:-3])
    with pytest.raises(OSError, match="shorter than its reference"):
        Restorer().restore({SPILLED: (str(path), 0, len(data))})
