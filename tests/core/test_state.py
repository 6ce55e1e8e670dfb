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


def test_feed_validators_come_from_an_earlier_window(tmp_path):
    with open_state(f"sqlite:///{tmp_path / 's.db'}") as store:
        feed = "http://127.0.0.1:9/rss"
        assert store.feed_validators(feed, "2026-11-27T12:00:00Z") is None
        row = {"feed_url": feed, "etag": '"a"', "last_modified": None, "body_sha256": "h1"}
        store.commit_feeds([row, {"feed_url": "f2", "body_sha256": None}], "2026-11-27T12:00:00Z")
        # The same window does not use its own validators (reruns reproduce their output).
        assert store.feed_validators(feed, "2026-11-27T12:00:00Z") is None
        later = store.feed_validators(feed, "2026-11-27T12:15:00Z")
        assert later == {"etag": '"a"', "last_modified": None, "body_sha256": "h1"}
        store.commit_feeds([{**row, "etag": '"b"'}], "2026-11-27T12:30:00Z")
        assert store.feed_validators(feed, "2026-11-27T12:15:00Z")["etag"] == '"a"'
        assert store.feed_validators(feed, "2026-11-27T12:45:00Z")["etag"] == '"b"'
        assert store.feed_validators("f2", "2026-11-27T12:45:00Z") is None


def test_deferred_queue_is_retried_once_and_reruns_see_the_same_queue(tmp_path):
    w1, w2, w3 = "2026-11-27T12:00:00Z", "2026-11-27T12:15:00Z", "2026-11-27T12:30:00Z"
    with open_state(f"sqlite:///{tmp_path / 's.db'}") as store:
        store.commit_deferred([{"article_id": "a", "link": "http://x.invalid/a"}], [], w1)
        assert store.pending_deferred(w1) == []  # not for the window that deferred it
        assert [i["article_id"] for i in store.pending_deferred(w2)] == ["a"]
        store.commit_deferred([], ["a"], w2)  # w2 retried it
        assert [i["article_id"] for i in store.pending_deferred(w2)] == ["a"]  # rerun of w2
        assert store.pending_deferred(w3) == []
