"""The sink choice end to end: ``--sink postgresql://…`` against a real PostgreSQL server."""

from __future__ import annotations

import json

import psycopg

from pipelines.core.pgsink import count_rows
from pipelines.news_ingest.main import main
from testing.local_site import LocalSite, Reply
from tests.support import article_html, rss

WINDOW = ["--window-start", "2026-11-27T12:00:00Z", "--window-end", "2026-11-27T12:15:00Z"]
TAG = "20261127T1200Z-20261127T1215Z"
FAST = ["--set", "fetch.per_host_delay_s=0", "--set", "fetch.respect_robots=false"]


class SlowReply(Reply):
    """A page whose first request stops the PostgreSQL server before it is answered."""

    def __init__(self, server, body: bytes) -> None:
        super().__init__(body=body)
        self._server = server
        self._stopped = False

    def __getattribute__(self, name):
        if name == "body" and not object.__getattribute__(self, "_stopped"):
            object.__setattr__(self, "_stopped", True)
            object.__getattribute__(self, "_server").kill()
        return object.__getattribute__(self, name)


def newsroom(site: LocalSite) -> str:
    items = []
    for n in range(4):
        site.pages[f"/a{n}"] = Reply(body=article_html(f"Story {n}", f"Sink topic {n}"))
        items.append({"title": f"Story {n}", "link": site.url(f"/a{n}")})
    items.append({"title": "Gone", "link": site.url("/gone")})
    site.pages["/rss.xml"] = Reply(body=rss(items, "en"), content_type="application/rss+xml")
    return site.url("/rss.xml")


def run(feed: str, out, *extra: str) -> int:
    args = ["run", "--feed", feed, "--output", str(out), "--allow-address", "127.0.0.1"]
    return main([*args, *FAST, *WINDOW, *extra])


def test_postgresql_sink_upserts_a_window_and_a_rerun_changes_nothing(tmp_path, postgres_uri):
    with LocalSite() as site:
        feed = newsroom(site)
        assert run(feed, tmp_path, "--sink", postgres_uri) == 0
        manifest = json.loads((tmp_path / "_manifest.json").read_text())
        assert manifest["sink"]["kind"] == "postgresql"
        assert manifest["sink"]["rows_for_window"] == manifest["counts"]["records"] == 4
        assert manifest["files"]["records"] == []  # no record files with a database sink
        with psycopg.connect(postgres_uri) as conn:
            ids = sorted(r[0] for r in conn.execute("SELECT id FROM wirestream_records"))
            reasons = [r[0] for r in conn.execute("SELECT reason FROM wirestream_dead_letters")]
        assert reasons == ["http_404"]
        # The same window again: the same rows, not twice as many.
        assert run(feed, tmp_path, "--sink", postgres_uri) == 0
        assert count_rows(postgres_uri, TAG) == 4
        assert count_rows(postgres_uri, TAG, "dead_letters") == 1
        with psycopg.connect(postgres_uri) as conn:
            again = sorted(r[0] for r in conn.execute("SELECT id FROM wirestream_records"))
        assert again == ids


def test_an_unreachable_sink_is_refused_before_anything_runs(tmp_path, capsys):
    with LocalSite() as site:
        feed = newsroom(site)
        assert run(feed, tmp_path, "--sink", "postgresql://nobody:pw@127.0.0.1:9/none") == 2
        assert site.requests == []  # not even the feed was fetched
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot connect" in err[0] and ":pw@" not in err[0]


def test_a_sink_lost_mid_run_fails_the_run_and_commits_nothing(tmp_path, postgres_server):
    uri = postgres_server.create_database()
    with LocalSite() as site:
        feed = newsroom(site)
        # The server goes away after the pre-flight check, while the articles are fetched.
        site.pages["/a0"] = SlowReply(postgres_server, article_html("Story 0", "Sink topic 0"))
        try:
            assert run(feed, tmp_path, "--sink", uri, "--set", "sink.max_retries=1") == 1
        finally:
            postgres_server.start()
    assert not (tmp_path / "_manifest.json").exists()  # no manifest: the run did not finish
    # Nothing was marked as seen: the next run emits every article.
    with LocalSite() as site:
        feed = newsroom(site)
        assert run(feed, tmp_path, "--sink", uri) == 0
        assert count_rows(uri, TAG) == 4


def test_bad_sink_arguments_are_one_clear_line(tmp_path, capsys):
    assert main(["run", "--feed", "x.xml", "--output", str(tmp_path), "--sink", "mysql://x"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--sink" in err[0]


def test_parquet_records_are_readable_by_pyarrow_and_duckdb(tmp_path):
    import duckdb
    import pyarrow.parquet as pq

    from pipelines.core.arrow_schema import from_arrow_row
    from pipelines.core.records import RecordValidator

    with LocalSite() as site:
        feed = newsroom(site)
        assert run(feed, tmp_path, "--format", "parquet") == 0
        manifest = json.loads((tmp_path / "_manifest.json").read_text())
    [path] = manifest["files"]["records"]
    assert path == f"records/part-{TAG}-00000-of-00001.parquet"
    table = pq.read_table(tmp_path / path)
    assert table.num_rows == manifest["counts"]["records"] == 4
    validator = RecordValidator()
    rows = [from_arrow_row(row, table.schema) for row in table.to_pylist()]
    assert all(validator.errors(row) == [] for row in rows)
    languages = duckdb.sql(
        f"SELECT data.language, count(*) FROM read_parquet('{tmp_path}/records/*.parquet') "
        "GROUP BY 1"
    ).fetchall()
    assert languages == [("en", 4)]
    # A rerun in JSON Lines replaces the window's Parquet files instead of adding to them.
    with LocalSite() as site:
        feed = newsroom(site)
        assert run(feed, tmp_path) == 0
    assert sorted(p.suffix for p in (tmp_path / "records").iterdir()) == [".jsonl"]
