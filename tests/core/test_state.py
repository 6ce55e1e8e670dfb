"""The state store contract, run against a real SQLite file and a real PostgreSQL server."""

import sqlite3

import pytest

from pipelines.core.sqlstate import StateError
from pipelines.core.state import open_state

W1, W2, W3, W4 = (
    "2026-11-27T12:00:00Z",
    "2026-11-27T12:15:00Z",
    "2026-11-27T12:30:00Z",
    "2026-11-27T12:45:00Z",
)


@pytest.fixture(params=["sqlite", "postgresql"])
def uri(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.db'}"
    return request.getfixturevalue("postgres_uri")


def row(aid, content="c", bands=(1, 2), cluster=None, entry="e", dup=None):
    return {
        "article_id": aid,
        "canonical_url": f"http://x.invalid/{aid}",
        "feed_url": "http://x.invalid/feed-" + aid[0],
        "record_id": f"{aid}-{content}",
        "content_sha256": content,
        "entry_sha256": entry,
        "cluster_id": cluster or aid,
        "duplicate_of": dup,
        "signature": bytes([len(aid), 1, 2, 3]),
        "shingles": 40,
        "band_keys": list(bands),
    }


def test_seen_reads_only_windows_that_started_earlier(uri):
    with open_state(uri) as store:
        assert store.commit([row("a"), row("b")], W1) == 2
        store.commit([row("c")], W2)
        assert set(store.seen(["a", "b", "c", "x"], W2)) == {"a", "b"}
        assert set(store.seen(["a", "c"], W3)) == {"a", "c"}
        assert store.seen(["a"], W1) == {}  # a rerun of W1 does not see its own attempt
        assert store.seen(["a"], W2)["a"]["record_id"] == "a-c"
        assert store.count() == 3


def test_a_rerun_replaces_its_window_and_revisions_are_versions(uri):
    with open_state(uri) as store:
        store.commit([row("a"), row("b")], W1)
        store.commit([row("a", content="c2", entry="e2")], W2)  # a revision of a
        assert store.seen(["a"], W3)["a"]["content_sha256"] == "c2"
        assert store.seen(["a"], W2)["a"]["content_sha256"] == "c"  # W2's rerun sees W1's
        store.commit([row("a", content="c3", entry="e3")], W2)  # W2 again: replaced
        assert store.seen(["a"], W3)["a"]["content_sha256"] == "c3"
        store.commit([], W2)
        assert store.seen(["a"], W3)["a"]["content_sha256"] == "c"
        assert store.count() == 2


def test_similar_finds_earlier_articles_by_band_key(uri):
    with open_state(uri) as store:
        store.commit([row("a", bands=(10, 11)), row("b", bands=(11, 12), cluster="a")], W1)
        store.commit([row("c", bands=(12, 13))], W2)
        found = store.similar([11, 12, 99], W2)
        assert [(c["article_id"], c["cluster_id"]) for c in found] == [("a", "a"), ("b", "a")]
        assert found[0]["signature"] == bytes([1, 1, 2, 3]) and found[0]["shingles"] == 40
        assert [c["article_id"] for c in store.similar([12], W3)] == ["b", "c"]
        assert store.similar([12], W1) == [] and store.similar([], W3) == []
        # Band keys are signed 64-bit integers.
        store.commit([row("d", bands=(-(2**63), 2**63 - 1))], W3)
        assert [c["article_id"] for c in store.similar([2**63 - 1], W4)] == ["d"]


def test_prune_forgets_articles_no_longer_listed(uri):
    with open_state(uri) as store:
        store.commit([row("old", bands=(5,)), row("kept", bands=(6,)), row("feed-x")], W1)
        store.touch(["kept"], W3)  # listed again (and skipped) by W3
        store.touch_feeds(["http://x.invalid/feed-f"], W3)  # its feed did not change in W3
        assert store.prune(W2) == 1
        assert set(store.seen(["old", "kept", "feed-x"], W4)) == {"kept", "feed-x"}
        assert store.similar([5], W4) == [] and len(store.similar([6], W4)) == 1
        assert store.prune(W2) == 0


def test_feed_validators_come_from_an_earlier_window(uri):
    with open_state(uri) as store:
        feed = "http://127.0.0.1:9/rss"
        assert store.feed_validators(feed, W1) is None
        first = {"feed_url": feed, "etag": '"a"', "last_modified": None, "body_sha256": "h1"}
        store.commit_feeds([first, {"feed_url": "f2", "body_sha256": None}], W1)
        # The same window does not use its own validators (reruns reproduce their output).
        assert store.feed_validators(feed, W1) is None
        assert store.feed_validators(feed, W2) == {
            "etag": '"a"',
            "last_modified": None,
            "body_sha256": "h1",
        }
        store.commit_feeds([{**first, "etag": '"b"'}], W3)
        store.commit_feeds([{**first, "etag": '"c"'}], W3)  # a rerun of W3 replaces its row
        assert store.feed_validators(feed, W2)["etag"] == '"a"'
        assert store.feed_validators(feed, W4)["etag"] == '"c"'
        assert store.feed_validators("f2", W4) is None


def test_deferred_queue_is_retried_once_and_reruns_see_the_same_queue(uri):
    with open_state(uri) as store:
        store.commit_deferred([{"article_id": "a", "link": "http://x.invalid/a"}], [], W1)
        assert store.pending_deferred(W1) == []  # not for the window that deferred it
        assert [i["article_id"] for i in store.pending_deferred(W2)] == ["a"]
        store.commit_deferred([], ["a"], W2)  # W2 retried it
        assert [i["article_id"] for i in store.pending_deferred(W2)] == ["a"]  # rerun of W2
        assert store.pending_deferred(W3) == []


def test_a_reader_sees_what_the_writer_committed(uri):
    with open_state(uri) as writer:
        writer.commit([row("x")], W1)
    with open_state(uri, read_only=True) as reader:
        assert set(reader.seen(["x"], W2)) == {"x"}


def test_corrupt_sqlite_store_fails_closed(tmp_path):
    path = tmp_path / "state.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StateError, match="corrupt"):
        open_state(f"sqlite:///{path}")


def test_missing_sqlite_store_for_readers_fails(tmp_path):
    with pytest.raises(StateError, match="does not exist"):
        open_state(f"sqlite:///{tmp_path / 'nope.db'}", read_only=True)


def test_a_store_of_another_schema_version_is_refused(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    with pytest.raises(StateError, match="schema version 1"):
        open_state(f"sqlite:///{path}")


def test_an_unreachable_postgresql_store_fails_clearly():
    # Port 9 on loopback: nothing listens there; the password never appears in the message.
    with pytest.raises(StateError, match="cannot be reached") as caught:
        open_state("postgresql://wirestream:secret@127.0.0.1:9/state")
    assert "secret" not in str(caught.value) and "***" in str(caught.value)


def test_a_late_pane_adds_to_its_window_instead_of_replacing_it(uri):
    with open_state(uri) as store:
        store.commit([row("a"), row("b")], W1)
        store.commit([row("c"), row("b", content="late")], W1, replace=False)
        seen = store.seen(["a", "b", "c"], W2)
        assert set(seen) == {"a", "b", "c"} and seen["b"]["content_sha256"] == "late"


@pytest.mark.parametrize("replace", [True, False])
def test_commit_reads_its_rows_a_chunk_at_a_time(uri, replace):
    # A window's rows come from a file, one at a time: the store writes them as it goes
    # instead of holding the whole window (100k rows with signatures) in memory first.
    n = 1300
    written_before_last = []

    def rows(store):
        for i in range(n):
            if i == n - 1:
                written_before_last.append(store.count())
            yield row(f"id{i:05d}", bands=(i, i + 1))

    with open_state(uri) as store:
        store.commit([row("id00000", content="old")], W1)
        store.commit([row("id00001", content="old")], W2)
        assert store.commit(rows(store), W2, replace=replace) == n
        assert written_before_last[0] >= n - 500  # all but the last chunk were already stored
        assert store.count() == n
        assert store.seen(["id00001"], W3)["id00001"]["content_sha256"] == "c"  # replaced
        assert {c["article_id"] for c in store.similar([n], W3)} == {f"id{n - 1:05d}"}


def test_template_lines_are_lines_of_enough_earlier_articles(uri):
    with open_state(uri) as store:
        # Line 7 is on three articles in W1, one of them twice (a revision in W2); line 8 once.
        store.commit([{**row(f"p{i}"), "line_keys": [7, 100 + i]} for i in range(3)], W1)
        store.commit([{**row("p0", content="rev"), "line_keys": [7, 8]}], W2)
        assert store.template_lines([7, 8, 100, 999], W3, 3) == {7}
        assert store.template_lines([7], W3, 4) == set()  # distinct articles, not versions
        assert store.template_lines([7], W1, 2) == set()  # only earlier windows count
        store.commit([{**row("p9"), "line_keys": [7]}], W2)  # a rerun of W2 replaces it
        assert store.template_lines([7, 8], W3, 4) == {7}
        assert store.template_lines([8], W3, 1) == set()  # the rerun dropped p0's W2 lines
        store.touch(["p9"], W4)
        assert store.prune(W3) == 3  # p0, p1, p2 go, and their lines with them
        assert store.template_lines([7], W4, 1) == {7}  # p9's
        assert store.template_lines([7], W4, 2) == set()


def test_a_postgresql_commit_leaves_fresh_planner_statistics(postgres_uri):
    # Without them a young store's lookups scan the tables (13 ms instead of 0.3 ms at 10k).
    import psycopg

    with open_state(postgres_uri) as store:
        store.commit([{**row(f"p{i}"), "line_keys": [i]} for i in range(50)], W1)
    with psycopg.connect(postgres_uri) as db:
        analyzed = db.execute(
            "SELECT relname, last_analyze IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname IN ('articles', 'bands', 'lines') ORDER BY relname"
        ).fetchall()
    assert analyzed == [("articles", True), ("bands", True), ("lines", True)]
