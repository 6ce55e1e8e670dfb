"""The cross-run state store: what earlier windows emitted, their clusters, feeds and deferrals.

Two implementations of one interface (``pipelines.core.sqlstate.StateStore``), sharing their SQL:

- SQLite, embedded, the default: ``sqlite:///<output>/_state/state.db``;
- PostgreSQL, for deployments where several runners share the state: ``postgresql://…``.

Everything is kept per window (keyed by the window's start, sortable RFC 3339 text), and a
window only ever reads what windows that *started before it* committed. So rerunning a window
reproduces its output exactly, and the launcher commits a window only after its records are
written: a failed run never marks articles as seen.

Tables: ``articles`` (one row per version of an article per window: content hash, entry hash,
cluster, MinHash signature), ``bands`` (LSH band key → article version, for joining the
clusters of earlier windows), ``feeds`` (conditional-GET validators), ``deferred`` (entries a
server asked us to retry later) and ``meta`` (schema version). Inspect a store by hand::

    sqlite3 out/demo/_state/state.db 'select count(*) from articles'
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from pipelines.core.sqlstate import SqlStateStore, StateError


def sqlite_path(uri: str) -> Path:
    """The file path of a ``sqlite:///`` URI."""
    if not uri.startswith("sqlite:///"):
        raise StateError(f"state store {uri!r}: not a sqlite:/// URI")
    return Path(uri[len("sqlite:///") :])


class SqliteStateStore(SqlStateStore):
    """State in one SQLite file, safe for several reader processes and one writer."""

    def __init__(self, path: str | Path, *, create: bool = True, read_only: bool = False):
        self.path = Path(path)
        self.name = f"state store {self.path}"
        if not self.path.exists() and (read_only or not create):
            raise StateError(f"state store {self.path} does not exist")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        uri = f"file:{self.path}?mode={'ro' if read_only else 'rwc'}"
        try:
            self._db = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
            if not read_only:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._create()
            self._check()
        except sqlite3.DatabaseError as exc:
            raise StateError(f"state store {self.path} is unreadable or corrupt: {exc}") from None

    def _execute(self, statement: str, params: tuple = ()) -> Any:
        return self._db.execute(statement, params)

    def _executemany(self, statement: str, rows: list[tuple]) -> None:
        if rows:
            self._db.executemany(statement, rows)

    def _transaction(self) -> Any:
        return self._db

    def close(self) -> None:
        self._db.close()


_PG_URI = re.compile(r"^postgres(ql)?://")


def open_state(uri: str, *, read_only: bool = False, create: bool = True) -> SqlStateStore:
    """Opens the store named by a URI: ``sqlite:///path`` or ``postgresql://…``."""
    if _PG_URI.match(uri):
        from pipelines.core.pgstate import PostgresStateStore

        return PostgresStateStore(uri, read_only=read_only, create=create)
    return SqliteStateStore(sqlite_path(uri), read_only=read_only, create=create)
