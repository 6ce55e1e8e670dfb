"""The state store on PostgreSQL (``--state postgresql://user@host/db``), for shared deployments.

The same tables and statements as the SQLite store (:mod:`pipelines.core.state`), through
psycopg 3. The tables are created on first use; a database that cannot be reached, or whose
tables are of another schema version, fails the run before anything is fetched.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any

from pipelines.core.sqlstate import SCHEMA_VERSION, SqlStateStore, StateError, redact


class PostgresStateStore(SqlStateStore):
    """State in a PostgreSQL database; many runners may read it, the launcher writes it."""

    placeholder = "%s"
    blob_type = "BYTEA"
    ref_type = "BIGSERIAL PRIMARY KEY"
    bands_suffix = ""

    def __init__(self, uri: str, *, read_only: bool = False, create: bool = True) -> None:
        import psycopg

        self.name = f"state store {redact(uri)}"
        self._psycopg = psycopg
        try:
            self._db = psycopg.connect(uri, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StateError(f"{self.name} cannot be reached: {exc}".strip()) from None
        try:
            if read_only:
                self._db.read_only = True
            elif create:
                with self._db.transaction():
                    # One creator at a time when several runs start together.
                    self._db.execute("SELECT pg_advisory_xact_lock(7427182)")
                    for statement in self._ddl():
                        self._db.execute(statement)
                    self._db.execute(
                        "INSERT INTO meta VALUES ('schema_version', %s) "
                        "ON CONFLICT (key) DO NOTHING",
                        (SCHEMA_VERSION,),
                    )
            self._check()
        except StateError:
            self._db.close()
            raise
        except psycopg.Error as exc:
            self._db.close()
            raise self._fail(exc) from None

    def _execute(self, statement: str, params: tuple = ()) -> Any:
        try:
            return self._db.execute(self._sql(statement), params)
        except self._psycopg.Error as exc:
            raise self._fail(exc) from None

    def _executemany(self, statement: str, rows: list[tuple]) -> None:
        if not rows:
            return
        try:
            with self._db.cursor() as cursor:
                cursor.executemany(self._sql(statement), rows)
        except self._psycopg.Error as exc:
            raise self._fail(exc) from None

    def commit(
        self, rows: Iterable[dict[str, Any]], window_start: str, *, replace: bool = True
    ) -> int:
        stored = super().commit(rows, window_start, replace=replace)
        # A window can multiply a young store's rows before autovacuum looks at it, and
        # without fresh statistics the planner scans the tables on every lookup (measured:
        # similar() 13 ms instead of 0.3 ms at 10k stored). ANALYZE samples a bounded number
        # of rows, so it costs about the same at any size.
        self._execute("ANALYZE articles, bands, lines")
        return stored

    def _insert_article(self, statement: str, values: tuple) -> int:
        return self._execute(statement + " RETURNING ref", values).fetchone()[0]

    @contextlib.contextmanager
    def _transaction(self):
        try:
            with self._db.transaction():
                yield self._db
        except self._psycopg.Error as exc:
            raise self._fail(exc) from None

    def _check(self) -> None:
        # A failed statement inside _check must not leave the connection in an aborted state.
        with contextlib.suppress(self._psycopg.Error):
            self._db.rollback()
        super()._check()

    def close(self) -> None:
        self._db.close()
