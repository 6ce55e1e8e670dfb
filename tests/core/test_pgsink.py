"""The PostgreSQL sink against a real server: tables, idempotent upserts, bounded retries.

.venv/bin/python -m pytest -q tests/core/test_pgsink.py
"""

import random
import threading
from datetime import UTC, datetime

import psycopg
import pytest

from pipelines.core import pgsink
from pipelines.core.pgsink import (
    PgWriter,
    SinkError,
    count_rows,
    dead_letter_key,
    ensure_tables,
    number_dead_letters,
    upsert_dead_letters,
    upsert_records,
)
from pipelines.core.records import build_record
from pipelines.transforms.common.outputs import dead_letter
from tests.core.test_records import article

W1, W2 = "20261127T1200Z-20261127T1215Z", "20261127T1215Z-20261127T1230Z"


def make_records(n, *, start=0, title="Ferry strike ends"):
    records = []
    for i in range(start, start + n):
        article_id = f"{i:032x}"
        records.append(
            build_record(
                article(
                    article_id=article_id,
                    cluster_id=article_id,
                    content_sha256=f"{i:064x}",
                    url=f"http://127.0.0.1:9/news/2026/11/26/story-{i}",
                    page_canonical=None,
                    entry_title=title,
                )
            )
        )
    return records


def make_dead_letters():
    feed = {"feed_url": "http://127.0.0.1:9/rss.xml", "source_id": "ledger"}
    return [
        dead_letter("fetch", "http_404", {**feed, "url": "http://127.0.0.1:9/a"}, http_status=404),
        dead_letter("fetch", "timeout", {**feed, "url": "http://127.0.0.1:9/b"}, attempts=3),
        # Two entries of one feed without a link: same key fields, still two dead letters.
        dead_letter("entry", "no_url", feed, message="the entry has no link"),
        dead_letter("entry", "no_url", feed, message="the entry has no link"),
        dead_letter("feed", "http_500", None, url=feed["feed_url"], entry_level=False),
    ]


def connect(uri):
    return psycopg.connect(uri, autocommit=True)


def with_password(uri, password):
    return uri.replace("@127.0.0.1", f":{password}@127.0.0.1", 1)


# -- tables -----------------------------------------------------------------------------------


def test_tables_are_created_once_with_a_schema_version(postgres_uri):
    with connect(postgres_uri) as conn:
        assert pgsink.schema_version(conn) is None
        assert ensure_tables(conn) == 0
        assert ensure_tables(conn) == pgsink.SCHEMA_VERSION
        assert pgsink.schema_version(conn) == pgsink.SCHEMA_VERSION
        columns = {
            name: kind
            for name, kind in conn.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = 'wirestream_records'"
            )
        }
        indexes = {
            name
            for (name,) in conn.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'wirestream_records'"
            )
        }
    assert columns["record"] == "jsonb"
    assert columns["published_at"] == "timestamp with time zone"
    assert set(pgsink.RECORD_COLUMNS) | {"written_at"} == set(columns)
    assert {
        "wirestream_records_article_id",
        "wirestream_records_cluster_id",
        "wirestream_records_window_tag",
    } <= indexes


def test_version_1_tables_are_migrated_in_place(postgres_uri):
    record = build_record(article(revision_of="f" * 32))
    with connect(postgres_uri) as conn:
        # The layout of schema version 1: no revision_of, no written_at, no window index.
        conn.execute(
            "CREATE TABLE wirestream_records (id text PRIMARY KEY, article_id text NOT NULL, "
            "cluster_id text, duplicate_of text, window_tag text NOT NULL, language text, "
            "published_at timestamptz, fetched_at timestamptz, canonical_url text, "
            "source_id text, record jsonb NOT NULL)"
        )
        conn.execute(
            "CREATE TABLE wirestream_dead_letters (id text PRIMARY KEY, window_tag text NOT NULL,"
            " stage text, reason text, url text, dead_letter jsonb NOT NULL)"
        )
        conn.execute("CREATE TABLE wirestream_sink_meta (key text PRIMARY KEY, value text)")
        conn.execute("INSERT INTO wirestream_sink_meta VALUES ('schema_version', '1')")
        conn.execute(
            "INSERT INTO wirestream_records (id, article_id, window_tag, record) "
            "VALUES (%s, %s, %s, %s::jsonb)",
            (record["id"], "a" * 32, W1, pgsink.to_jsonb_text(record)),
        )
        assert ensure_tables(conn) == 1
        assert pgsink.schema_version(conn) == 2
        assert conn.execute("SELECT revision_of FROM wirestream_records").fetchone() == ("f" * 32,)
        # The migrated tables take the current upserts.
        assert upsert_records(conn, W1, make_records(3)) == 3
        assert upsert_dead_letters(conn, W1, make_dead_letters()) == 5
    assert count_rows(postgres_uri, W1) == 4


def test_tables_of_a_newer_version_are_refused(postgres_uri):
    with connect(postgres_uri) as conn:
        ensure_tables(conn)
        conn.execute("UPDATE wirestream_sink_meta SET value = '99'")
        with pytest.raises(SinkError, match="version 99, written by a newer wirestream"):
            ensure_tables(conn)
    writer = PgWriter(postgres_uri, W1, max_retries=3, sleep=lambda _: None)
    with pytest.raises(SinkError, match="newer wirestream"):
        writer.open()
    assert writer.retries == 0  # not a transient failure: no retry


def test_the_sink_needs_an_autocommit_connection(postgres_uri):
    with psycopg.connect(postgres_uri) as conn, pytest.raises(ValueError, match="autocommit"):
        ensure_tables(conn)


# -- upserts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("method", pgsink.METHODS)
def test_the_same_batch_twice_leaves_the_row_count_unchanged(postgres_uri, method):
    records = make_records(50)
    with connect(postgres_uri) as conn:
        ensure_tables(conn)
        assert upsert_records(conn, W1, records, method=method) == 50
        assert upsert_records(conn, W1, records, method=method) == 50
        assert upsert_records(conn, W1, list(reversed(records))[:20], method=method) == 20
        row = conn.execute(
            "SELECT article_id, cluster_id, window_tag, language, published_at, fetched_at, "
            "canonical_url, source_id, record FROM wirestream_records WHERE id = %s",
            (records[7]["id"],),
        ).fetchone()
    assert count_rows(postgres_uri, W1) == 50
    assert count_rows(postgres_uri) == 50
    data = records[7]["data"]
    assert row[:4] == (data["article_id"], data["article_id"], W1, "en")
    assert row[4] == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    assert row[5] == datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    assert row[6:8] == (data["canonical_url"], "ledger")
    assert row[8] == records[7]  # the whole CloudEvent, as written


@pytest.mark.parametrize("method", pgsink.METHODS)
def test_updated_content_replaces_the_row(postgres_uri, method):
    with connect(postgres_uri) as conn:
        ensure_tables(conn)
        upsert_records(conn, W1, make_records(10), method=method)
        before = dict(conn.execute("SELECT id, written_at FROM wirestream_records").fetchall())
        changed = make_records(3, title="Ferry strike ends after talks")
        # Same ids (same article and text), new title; one id twice in a batch: last one wins.
        batch = [make_records(1)[0], *changed]
        assert upsert_records(conn, W1, batch, method=method) == 3
        titles = dict(
            conn.execute("SELECT id, record->'data'->>'title' FROM wirestream_records").fetchall()
        )
        after = dict(conn.execute("SELECT id, written_at FROM wirestream_records").fetchall())
    assert len(titles) == 10
    assert {titles[r["id"]] for r in changed} == {"Ferry strike ends after talks"}
    assert {titles[r["id"]] for r in make_records(7, start=3)} == {"Ferry strike ends"}
    # Rows upserted with identical content are left as they were.
    assert {i for i in after if after[i] != before[i]} == {r["id"] for r in changed}


def test_a_record_moves_to_the_window_that_wrote_it_last(postgres_uri):
    records = make_records(4)
    with connect(postgres_uri) as conn:
        ensure_tables(conn)
        upsert_records(conn, W1, records)
        upsert_records(conn, W2, records[:1])
    assert (count_rows(postgres_uri, W1), count_rows(postgres_uri, W2)) == (3, 1)


def test_nul_characters_are_removed_rather_than_failing_the_batch(postgres_uri):
    record = make_records(1)[0]
    record["data"]["text"] = "before\x00after"
    with connect(postgres_uri) as conn:
        ensure_tables(conn)
        assert upsert_records(conn, W1, [record]) == 1
        text = conn.execute("SELECT record->'data'->>'text' FROM wirestream_records").fetchone()
    assert text == ("beforeafter",)


def test_a_record_without_an_id_is_an_error_not_a_skip(postgres_uri):
    record = make_records(1)[0]
    del record["id"]
    with connect(postgres_uri) as conn:
        ensure_tables(conn)
        with pytest.raises(SinkError, match="without id"):
            upsert_records(conn, W1, [*make_records(2), record])
    assert count_rows(postgres_uri, W1) == 0


# -- dead letters -----------------------------------------------------------------------------


@pytest.mark.parametrize("method", pgsink.METHODS)
def test_dead_letters_are_upserted_by_a_deterministic_key(postgres_uri, method):
    first = make_dead_letters()
    with connect(postgres_uri) as conn:
        ensure_tables(conn)
        assert upsert_dead_letters(conn, W1, first, method=method) == 5
        # A rerun of the window: same failures, new timestamps, another order.
        again = [{**item, "time": "2026-11-27T13:00:00.000000Z"} for item in make_dead_letters()]
        random.Random(3).shuffle(again)
        assert upsert_dead_letters(conn, W1, again, method=method) == 5
        rows = conn.execute(
            "SELECT id, stage, reason, url, dead_letter FROM wirestream_dead_letters"
        ).fetchall()
    assert count_rows(postgres_uri, W1, "dead_letters") == 5
    ids = {row[0] for row in rows}
    assert dead_letter_key(W1, first[0]) in ids
    assert ("fetch", "http_404", "http://127.0.0.1:9/a") in {row[1:4] for row in rows}
    assert {row[4]["time"] for row in rows} == {"2026-11-27T13:00:00.000000Z"}


def test_dead_letter_ids_depend_on_the_window_and_the_failure_not_the_order():
    items = make_dead_letters()
    ids = [row_id for row_id, _ in number_dead_letters(W1, items)]
    assert len(set(ids)) == 5
    shuffled = list(reversed(items))
    assert sorted(row_id for row_id, _ in number_dead_letters(W1, shuffled)) == sorted(ids)
    assert not set(ids) & {row_id for row_id, _ in number_dead_letters(W2, items)}


def test_count_rows_of_a_database_without_the_tables_is_zero(postgres_uri):
    assert count_rows(postgres_uri, W1) == 0
    assert count_rows(postgres_uri, W1, "dead_letters") == 0


# -- the writer and its retries ---------------------------------------------------------------


def install_flaky_trigger(uri, sqlstate, failures):
    """Makes the next ``failures`` inserts into the records table fail with ``sqlstate``."""
    with connect(uri) as conn:
        ensure_tables(conn)
        # A sequence, not a table: its value survives the rollback of the failing transaction.
        conn.execute("CREATE SEQUENCE flaky_calls")
        conn.execute(
            "CREATE FUNCTION flaky() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF nextval('flaky_calls') <= {failures} THEN "
            f"RAISE EXCEPTION 'simulated failure' USING ERRCODE = '{sqlstate}'; END IF; "
            "RETURN NULL; END $$"
        )
        conn.execute(
            "CREATE TRIGGER flaky BEFORE INSERT ON wirestream_records "
            "FOR EACH STATEMENT EXECUTE FUNCTION flaky()"
        )


@pytest.mark.parametrize(
    "sqlstate", ["40001", "40P01"], ids=["serialization_failure", "deadlock_detected"]
)
def test_serialization_failures_and_deadlocks_are_retried(postgres_uri, sqlstate):
    install_flaky_trigger(postgres_uri, sqlstate, failures=2)
    waits = []
    with PgWriter(postgres_uri, W1, max_retries=3, backoff_s=0.1, sleep=waits.append) as writer:
        assert writer.write(make_records(20)) == 20
    assert writer.retries == 2
    assert waits == [0.1, 0.2]  # exponential backoff
    assert count_rows(postgres_uri, W1) == 20


def test_a_batch_failing_more_often_than_the_retries_fails_with_a_clear_error(postgres_uri):
    install_flaky_trigger(postgres_uri, "40001", failures=10)
    writer = PgWriter(postgres_uri, W1, max_retries=2, sleep=lambda _: None)
    with pytest.raises(SinkError) as caught:
        writer.write(make_records(5))
    writer.close()
    message = str(caught.value)
    assert "writing 5 records failed after 3 attempts" in message
    assert "SerializationFailure: simulated failure" in message
    assert count_rows(postgres_uri, W1) == 0


def test_other_database_errors_fail_at_once(postgres_uri):
    install_flaky_trigger(postgres_uri, "23514", failures=10)  # check_violation
    writer = PgWriter(postgres_uri, W1, max_retries=5, sleep=lambda _: None)
    with pytest.raises(SinkError, match="writing 5 records failed: CheckViolation"):
        writer.write(make_records(5))
    writer.close()
    assert writer.retries == 0


def test_the_writer_survives_a_server_restart_without_loss(postgres_server):
    uri = postgres_server.create_database()
    before, after = make_records(30), make_records(30, start=30)
    restarter = threading.Timer(1.0, postgres_server.start)
    try:
        with PgWriter(uri, W1, max_retries=8, backoff_s=0.25, max_backoff_s=2.0) as writer:
            assert writer.write(before) == 30
            postgres_server.kill()  # connections cut, no checkpoint
            restarter.start()
            assert writer.write(after) == 30  # retried, reconnected after the restart
            assert writer.write(before[:10]) == 10  # the same connection again, idempotent
        assert writer.retries >= 1
    finally:
        restarter.join()
        postgres_server.restart()
    # Committed before the crash (synchronous commit) and after: all there, once each.
    assert count_rows(uri, W1) == 60
    with connect(uri) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM wirestream_records")]
    assert sorted(ids) == sorted(r["id"] for r in before + after)


def test_a_server_down_longer_than_the_retries_raises_without_the_password(postgres_server):
    uri = with_password(postgres_server.create_database(), "s3cr3t-pw")
    writer = PgWriter(uri, W1, max_retries=2, backoff_s=0.05, connect_timeout_s=2)
    writer.open()
    try:
        postgres_server.kill()
        with pytest.raises(SinkError) as caught:
            writer.write(make_records(5))
    finally:
        writer.close()
        postgres_server.restart()
    message = str(caught.value)
    assert "writing 5 records failed after 3 attempts" in message
    assert ":***@127.0.0.1" in message
    assert "s3cr3t-pw" not in message
    assert writer.retries == 2
    assert count_rows(uri, W1) == 0


def test_an_unreachable_server_fails_to_open_with_a_clear_error():
    writer = PgWriter(
        "postgresql://wirestream:hunter2@127.0.0.1:9/news", W1, max_retries=1, backoff_s=0.01
    )
    with pytest.raises(SinkError) as caught:
        writer.open()
    message = str(caught.value)
    assert message.startswith("PostgreSQL sink postgresql://wirestream:***@127.0.0.1:9/news:")
    assert "connecting failed after 2 attempts" in message
    assert "hunter2" not in message


def test_bad_writer_settings_are_refused_before_connecting():
    with pytest.raises(ValueError, match="table must be one of"):
        PgWriter("postgresql://x@127.0.0.1/db", W1, "articles")
    with pytest.raises(ValueError, match="max_retries"):
        PgWriter("postgresql://x@127.0.0.1/db", W1, max_retries=-1)
