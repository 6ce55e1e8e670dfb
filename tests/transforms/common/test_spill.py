import pickle

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.transforms.common.spill import (
    REF,
    SPILLED,
    PartitionFiles,
    Restorer,
    Spiller,
    SpreadOver,
    compact_payload,
    read_records,
    spill_file,
)


def items(n):
    return [{"article_id": f"a{i}", "fixed": None, "text": "word " * (50 + i)} for i in range(n)]


def test_spilled_elements_are_slim_and_come_back_whole(tmp_path):
    spill_dir = tmp_path / "spill"

    class Spill(beam.DoFn):
        def start_bundle(self):
            self.spiller = Spiller(str(spill_dir), ("article_id", "fixed"))

        def process(self, item):
            yield self.spiller.spill(item)

        def finish_bundle(self):
            self.spiller.close()

    class Restore(beam.DoFn):
        def start_bundle(self):
            self.restorer = Restorer(str(spill_dir), max_open=1)

        def process(self, slim):
            assert set(slim) == {"article_id", "fixed", SPILLED}
            assert len(slim[SPILLED]) == 28  # no path: a name, offset and length
            yield self.restorer.restore(slim)

        def finish_bundle(self):
            self.restorer.close()

    with TestPipeline() as p:
        slim = (
            p
            | beam.Create(items(40))
            | beam.ParDo(Spill())
            | beam.Reshuffle()  # the wait: restored in another stage, after the files closed
        )
        assert_that(slim | beam.ParDo(Restore()), equal_to(items(40)))
    files = list(spill_dir.iterdir())
    assert files and sum(f.stat().st_size for f in files) > sum(len(i["text"]) for i in items(40))


def test_an_element_without_a_reference_is_passed_as_it_is():
    item = {"article_id": "a", "text": "t"}
    assert Restorer(None).restore(item) is item


def test_a_truncated_spill_file_fails_loudly(tmp_path):
    name = b"n" * 16
    data = pickle.dumps({"article_id": "a"})
    with open(spill_file(str(tmp_path), name), "wb") as f:
        f.write(data[:-3])
    with pytest.raises(OSError, match="shorter than its reference"):
        Restorer(str(tmp_path)).restore({SPILLED: REF.pack(name, 0, len(data))})


def test_a_spilled_element_without_a_spill_directory_fails_loudly(tmp_path):
    spiller = Spiller(str(tmp_path), ())
    slim = spiller.spill({"article_id": "a"})
    spiller.close()
    with pytest.raises(ValueError, match="no spill directory"):
        Restorer(None).restore(slim)


def test_fields_added_to_a_slim_element_come_back_with_the_whole(tmp_path):
    spiller = Spiller(str(tmp_path), ("fetch_url",))
    slims = [spiller.spill({"fetch_url": f"u{i}", "title": f"t{i}"}) for i in range(3)]
    spiller.close()
    restorer = Restorer(str(tmp_path))
    later = {**slims[1], "previous": {"record_id": "r"}}
    assert restorer.restore(later) == {
        "fetch_url": "u1",
        "title": "t1",
        "previous": {"record_id": "r"},
    }
    assert restorer.restore(slims[2]) == {"fetch_url": "u2", "title": "t2"}


def test_one_restorer_serves_many_threads(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    slims = []
    for part in range(5):  # five bundle files, more than the restorer keeps open
        spiller = Spiller(str(tmp_path), ())
        slims += [spiller.spill({"n": part * 100 + i, "pad": "x" * i}) for i in range(100)]
        spiller.close()
    restorer = Restorer(str(tmp_path), max_open=2)
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(restorer.restore, slims))
    restorer.close()
    assert [g["n"] for g in got] == [p * 100 + i for p in range(5) for i in range(100)]


def test_compact_elements_carry_their_payload_and_come_back_whole(tmp_path):
    spiller = Spiller(str(tmp_path), ())
    items = [{"fetch_url": f"http://127.0.0.1:9/ä/{i}", "title": "t" * i} for i in range(3)]
    slims = [spiller.spill_compact(item, item["fetch_url"].encode()) for item in items]
    spiller.close()
    assert all(isinstance(s, bytes) and len(s) == REF.size + 23 for s in slims)
    assert [compact_payload(s).decode() for s in slims] == [i["fetch_url"] for i in items]
    restorer = Restorer(str(tmp_path))
    assert [restorer.restore(s) for s in reversed(slims)] == list(reversed(items))
    restorer.close()


def test_partition_files_hold_each_partitions_records_with_few_files_open(tmp_path):
    files = PartitionFiles(str(tmp_path / "parts"), "entries", max_open=2)
    expected: dict[str, list[bytes]] = {}
    for i in range(30):  # five partitions written in turn: files are closed and reopened
        part = f"host{i % 5}:80"
        record = f"{i}:".encode() + b"x" * i
        files.write(part, record)
        expected.setdefault(part, []).append(record)
        assert len(files._open) <= 2
    written = files.close()
    assert [part for part, _ in written] == [f"host{i}:80" for i in range(5)]
    assert {part: read_records(path) for part, path in written} == expected
    # The next bundle writes new files.
    files.write("host0:80", b"again")
    (again,) = files.close()
    assert again[1] not in dict(written).values() and read_records(again[1]) == [b"again"]


def test_a_partition_file_cut_inside_a_record_fails_loudly(tmp_path):
    path = tmp_path / "part.bin"
    path.write_bytes((5).to_bytes(4, "little") + b"abcde" + (9).to_bytes(4, "little") + b"abc")
    with pytest.raises(OSError, match="ends inside a record"):
        read_records(str(path))
    path.write_bytes((5).to_bytes(4, "little") + b"abcde")
    assert read_records(str(path)) == [b"abcde"]


@pytest.mark.parametrize("spilled", [True, False], ids=["spilled", "whole"])
def test_spread_over_hands_on_every_element_whole(tmp_path, spilled):
    pages = [{"url": f"http://x.invalid/{i}", "body": b"<p>%d</p>" % i * 50} for i in range(40)]
    directory = str(tmp_path / "spill") if spilled else None
    with TestPipeline() as p:
        out = p | beam.Create(pages) | SpreadOver(directory)
        assert_that(out, equal_to(pages))
    # Spilled: the bodies went to files in the directory (references crossed the shuffle).
    assert (tmp_path / "spill").is_dir() == spilled
