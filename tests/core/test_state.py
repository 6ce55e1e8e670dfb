import pytest

from pipelines.core.state import StateError, open_state


def rows(*ids):
    return [
        {
            "article_id": i,
            "canonical_url": f"http://x.invalid/{i}",
            "content_sha256": i * 2,
            "cluster_id": i,
        }
        for i in ids
    ]


def test_seen_excludes_the_committing_window(tmp_path):
    uri = f"sqlite:///{tmp_path / 'state.db'}"
    store = open_state(uri)
    assert store.commit(rows("a", "b"), "w1") == 2
    assert store.seen(["a", "b", "c"], "w2") == {"a": "aa", "b": "bb"}
    # Rerunning the same window must not treat its own articles as seen.
    assert store.seen(["a", "b"], "w1") == {}
    store.commit(rows("a"), "w2")  # seen again later: still first seen in w1
    assert store.seen(["a"], "w1") == {}
    assert store.count() == 2
    store.close()


def test_state_survives_reopening_and_readers(tmp_path):
    uri = f"sqlite:///{tmp_path / 'state.db'}"
    with open_state(uri) as _:
        pass
    store = open_state(uri)
    store.commit(rows("x"), "w1")
    store.close()
    reader = open_state(uri, read_only=True)
    assert reader.seen(["x"], "w2") == {"x": "xx"}
    reader.close()


def test_corrupt_store_fails_closed(tmp_path):
    path = tmp_path / "state.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StateError, match="corrupt"):
        open_state(f"sqlite:///{path}")


def test_missing_store_for_readers_fails(tmp_path):
    with pytest.raises(StateError, match="does not exist"):
        open_state(f"sqlite:///{tmp_path / 'nope.db'}", read_only=True)


def test_postgresql_is_refused_clearly():
    with pytest.raises(StateError, match="postgresql"):
        open_state("postgresql://localhost/db")
