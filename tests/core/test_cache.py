"""Tests for pipelines.core.cache (files in tmp_path only)."""

from __future__ import annotations

from pipelines.core import cache


def test_a_value_is_built_once_then_read_back(tmp_path):
    calls = []

    def build():
        calls.append(1)
        return {"names": ("a b", "c"), "points": {("XX", "Y"): (1.5, -2.25, None)}}

    first = cache.load_or_build("table", "k1", build, tmp_path)
    second = cache.load_or_build("table", "k1", build, tmp_path)
    assert first == second and len(calls) == 1
    assert cache.cache_file(tmp_path, "table", "k1").is_file()
    cache.load_or_build("table", "k2", build, tmp_path)  # another key: built again
    assert len(calls) == 2


def test_damaged_unwritable_or_no_cache_still_gives_the_value(tmp_path):
    cache.cache_file(tmp_path, "table", "k").write_bytes(b"\x00 not marshal")
    assert cache.load_or_build("table", "k", lambda: (1, 2), tmp_path) == (1, 2)
    assert cache.load_or_build("table", "k", lambda: "rebuilt", tmp_path) == (1, 2)
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert cache.load_or_build("table", "k", lambda: [3], blocked / "sub") == [3]
    assert cache.load_or_build("table", "k", lambda: [4], None) == [4]
    assert cache.load_or_build("odd", "k", lambda: object, tmp_path) is object  # not marshalable
    assert not list(tmp_path.glob(".*.tmp"))


def test_the_key_follows_the_files_and_package_versions(tmp_path):
    source = tmp_path / "rules.py"
    source.write_text("LIMIT = 1\n")
    before = cache.key_of(("pytest",), (str(source),))
    assert cache.key_of(("pytest",), (str(source),)) == before
    source.write_text("LIMIT = 2\n")
    assert cache.key_of(("pytest",), (str(source),)) != before
    assert cache.key_of(("no-such-package-here",), ()) != cache.key_of(("pytest",), ())
