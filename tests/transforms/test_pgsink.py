"""WriteToPostgres in Beam pipelines against a real PostgreSQL server: reruns, bundle replays and
a server killed mid-run leave exactly one row per record.

    .venv/bin/python -m pytest -q tests/transforms/test_pgsink.py
"""

import apache_beam as beam
import psycopg
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.utils.windowed_value import WindowedValue

from pipelines.core.pgsink import count_rows
from pipelines.core.settings import SinkConfig
from pipelines.transforms.pgsink import WritePostgresBatchesFn, WriteToPostgres
from tests.core.test_pgsink import make_dead_letters, make_records

W1 = "20261127T1200Z-20261127T1215Z"
N = 120


def sink(uri, batch_size=50, max_retries=3):
    return SinkConfig("postgresql", uri, batch_size=batch_size, max_retries=max_retries)


def write(pipeline, uri, items, table="records", batch_size=50, max_retries=3, **kwargs):
    """Runs ``pipeline`` writing ``items``; checks the batch counts add up to the rows."""
    with pipeline as p:
        written = (
            p
            | "Items" >> beam.Create(items)
            | "Write" >> WriteToPostgres(sink(uri, batch_size, max_retries), W1, table, **kwargs)
        )
        assert_that(written | "Total" >> beam.CombineGlobally(sum), equal_to([len(items)]))


def stored_ids(uri, table="wirestream_records"):
    with psycopg.connect(uri) as conn:
        return [row[0] for row in conn.execute(f"SELECT id FROM {table}")]


def count_insert_statements(uri):
    """A statement trigger counting every INSERT into the records table, committed or not."""
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE wirestream_records (id text PRIMARY KEY, article_id text NOT NULL, "
            "cluster_id text, duplicate_of text, revision_of text, window_tag text NOT NULL, "
            "language text, published_at timestamptz, fetched_at timestamptz, "
            "canonical_url text, source_id text, record jsonb NOT NULL, "
            "written_at timestamptz DEFAULT now())"
        )
        conn.execute("CREATE SEQUENCE insert_statements")
        conn.execute(
            "CREATE FUNCTION count_insert() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN PERFORM nextval('insert_statements'); RETURN NULL; END $$"
        )
        conn.execute(
            "CREATE TRIGGER count_insert BEFORE INSERT ON wirestream_records "
            "FOR EACH STATEMENT EXECUTE FUNCTION count_insert()"
        )


def insert_statements(uri):
    with psycopg.connect(uri) as conn:
        return conn.execute("SELECT last_value FROM insert_statements").fetchone()[0]


def test_a_window_written_twice_has_one_row_per_record(postgres_uri):
    records = make_records(N)
    write(TestPipeline(), postgres_uri, records)
    assert count_rows(postgres_uri, W1) == N
    write(TestPipeline(), postgres_uri, records)
    assert count_rows(postgres_uri, W1) == N
    assert sorted(stored_ids(postgres_uri)) == sorted(r["id"] for r in records)


@pytest.mark.parametrize(
    "make_pipeline",
    [
        lambda: beam.Pipeline(options=PipelineOptions(["--direct_runner_bundle_repeat=2"])),
        lambda: beam.Pipeline(runner=FnApiRunner(bundle_repeat=2)),
    ],
    ids=["direct_runner_bundle_repeat", "fn_api_runner_bundle_repeat"],
)
def test_replayed_bundles_leave_the_row_count_unchanged(postgres_uri, make_pipeline):
    count_insert_statements(postgres_uri)  # ensure_tables adopts the table as it is
    records = make_records(N)
    write(make_pipeline(), postgres_uri, records)
    # Every bundle ran three times (twice as a replay whose output is discarded) and wrote
    # each row each time, one INSERT per row: the rows are still there once each.
    assert insert_statements(postgres_uri) == 3 * N
    assert count_rows(postgres_uri, W1) == N
    assert sorted(stored_ids(postgres_uri)) == sorted(r["id"] for r in records)


def test_dead_letters_are_written_once_per_failure_even_when_replayed(postgres_uri):
    items = make_dead_letters()
    write(TestPipeline(), postgres_uri, items, "dead_letters", batch_size=2)
    replay = beam.Pipeline(options=PipelineOptions(["--direct_runner_bundle_repeat=2"]))
    write(replay, postgres_uri, items, "dead_letters", batch_size=2)
    assert count_rows(postgres_uri, W1, "dead_letters") == len(items)
    assert count_rows(postgres_uri, W1, "records") == 0


class KillServerFn(beam.DoFn):
    """Passes elements through; kills the PostgreSQL server at the n-th one (once per test)."""

    def __init__(self, server, at, flag):
        self._server = server
        self._at = at
        self._flag = flag
        self._seen = 0

    def process(self, element):
        self._seen += 1
        if self._seen == self._at and not self._flag.exists():
            self._flag.touch()
            self._server.kill()
        yield element


def test_a_server_killed_mid_run_fails_the_run_and_a_rerun_loses_nothing(
    postgres_server, tmp_path
):
    uri = postgres_server.create_database()
    records = make_records(200)
    try:
        with (
            pytest.raises(Exception, match="writing 25 records failed after 2 attempts"),
            TestPipeline() as p,
        ):
            _ = (
                p
                | beam.Create(records)
                | beam.ParDo(KillServerFn(postgres_server, 100, tmp_path / "killed"))
                | WriteToPostgres(sink(uri, 25, max_retries=1), W1, "records", backoff_s=0.05)
            )
    finally:
        postgres_server.restart()
    partial = count_rows(uri, W1)
    assert 0 < partial < len(records)  # some batches were committed before the crash
    write(TestPipeline(), uri, records, batch_size=25)
    assert count_rows(uri, W1) == len(records)
    assert sorted(stored_ids(uri)) == sorted(r["id"] for r in records)


def test_an_unreachable_database_fails_the_run_at_setup():
    uri = "postgresql://wirestream:hunter2@127.0.0.1:9/news"
    with pytest.raises(Exception, match="connecting failed after 2 attempts") as caught:
        write(TestPipeline(), uri, make_records(3), max_retries=1, backoff_s=0.01)
    assert "hunter2" not in str(caught.value)


def test_the_fn_flushes_every_batch_and_at_the_end_of_the_bundle(postgres_uri):
    fn = WritePostgresBatchesFn(postgres_uri, W1, "records", 4, 0, 0.0)
    fn.setup()
    try:
        fn.start_bundle()
        out = [n for record in make_records(10) for n in fn.process(record)]
        assert out == [4, 4]
        assert count_rows(postgres_uri, W1) == 8
        (last,) = fn.finish_bundle()
        assert isinstance(last, WindowedValue) and last.value == 2
        assert list(fn.finish_bundle()) == []  # nothing left to write
    finally:
        fn.teardown()
    assert count_rows(postgres_uri, W1) == 10


def test_bad_settings_fail_before_the_graph_is_built():
    with pytest.raises(ValueError, match="table must be one of"):
        WriteToPostgres(sink("postgresql://x@127.0.0.1/db"), W1, "articles")
    with pytest.raises(ValueError, match="batch_size"):
        WriteToPostgres(sink("postgresql://x@127.0.0.1/db", batch_size=0), W1)
