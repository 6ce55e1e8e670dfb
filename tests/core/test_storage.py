"""Local files through Beam's FileSystems (the object-store side: tests/news_ingest/
test_object_store.py, against moto's S3 server)."""

import pytest

from pipelines.core import storage


def test_local_paths_and_schemes():
    assert storage.is_local("/tmp/x") and storage.is_local("relative/dir")
    assert storage.is_local("file:///tmp/x")
    assert not storage.is_local("s3://bucket/prefix") and not storage.is_local("gs://b/p")
    assert (
        storage.join("s3://bucket/run", "records", "a.jsonl") == "s3://bucket/run/records/a.jsonl"
    )
    assert storage.name("s3://bucket/run/_manifest.json") == "_manifest.json"


def test_an_atomic_file_appears_whole_or_not_at_all(tmp_path):
    path = str(tmp_path / "sub" / "out.jsonl")
    with storage.create_atomic(path) as handle:
        handle.write(b"one\n")
        assert not storage.exists(path)  # only a hidden temporary so far
    assert storage.read_bytes(path) == b"one\n"
    with pytest.raises(RuntimeError), storage.create_atomic(path) as handle:
        handle.write(b"half")
        raise RuntimeError("the writer died")
    assert storage.read_bytes(path) == b"one\n"  # the earlier file, untouched
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["out.jsonl"]


def test_listing_reading_and_deleting(tmp_path):
    (tmp_path / "d" / "inner").mkdir(parents=True)
    (tmp_path / "d" / "a.jsonl").write_text('{"a": 1}\n\n{"b": 2}\r\n')
    (tmp_path / "d" / "inner" / "b").write_text("")
    assert storage.list_names(str(tmp_path / "d")) == ["a.jsonl"]  # files directly in it
    assert storage.list_names(str(tmp_path / "missing")) == []
    assert list(storage.read_lines(str(tmp_path / "d" / "a.jsonl"))) == [
        '{"a": 1}',
        "",
        '{"b": 2}',
    ]
    storage.delete_tree(str(tmp_path / "d"))
    assert not (tmp_path / "d").exists()
    storage.delete_tree(str(tmp_path / "d"))  # nothing to delete: no error


def test_an_unknown_scheme_is_refused():
    with pytest.raises(ValueError):
        storage.filesystem("nosuchfs://bucket/x")


def test_json_lines_are_deterministic_and_utf8():
    assert storage.to_json_line({"b": 1, "a": "é"}) == '{"a":"é","b":1}'
