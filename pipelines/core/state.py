"""The cross-run state store: which articles earlier windows already emitted.

An interface (:class:`StateStore`) with an embedded SQLite implementation, the default
(``sqlite:///<output>/_state/state.db``). The launcher commits a window's articles only after its
records are written, so a failed run never marks articles as seen; entries committed by the same
window are not "seen" for it, so rerunning a window reproduces its output.

Inspect a store by hand::

    sqlite3 out/demo/_state/state.db 'select count(*) from articles'
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

SCHEMA_VERSION = "1"


class StateError(RuntimeError):
    """The state store cannot be used: the run must stop rather than re-emit history."""


class StateStore(Protocol):
    """What the pipeline needs from a state store."""

    def seen(self, article_ids: Iterable[str], window_id: str) -> dict[str, str]:
        """Maps each id emitted by another window to its content hash."""

    def commit(self, rows: Iterable[dict[str, Any]], window_id: str) -> int:
        """Records emitted articles (article_id, canonical_url, content_sha256, cluster_id)."""

    def close(self) -> None: ...


def sqlite_path(uri: str) -> Path:
    """The file path of a ``sqlite:///`` URI."""
    if not uri.startswith("sqlite:///"):
        raise StateError(f"state store {uri!r}: not a sqlite:/// URI")
    return Path(uri[len("sqlite:///") :])


class SqliteStateStore:
    """State in one SQLite file, safe for several reader processes and one writer."""

    def __init__(self, path: str | Path, *, create: bool = True, read_only: bool = False):
        self.path = Path(path)
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

    def _create(self) -> None:
        with self._db:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
            self._db.execute(
                "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,)
            )
            self._db.execute(
                """CREATE TABLE IF NOT EXISTS articles (
                    article_id TEXT PRIMARY KEY,
                    canonical_url TEXT NOT NULL,
                    content_sha256 TEXT NOT NULL,
                    cluster_id TEXT NOT NULL,
                    first_window TEXT NOT NULL,
                    first_seen_at TEXT NOT NULL,
                    last_seen_at TEXT NOT NULL)"""
            )
            self._db.execute(
                "CREATE INDEX IF NOT EXISTS articles_by_hash ON articles (content_sha256)"
            )

    def _check(self) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None or row[0] != SCHEMA_VERSION:
            raise StateError(f"state store {self.path}: unknown schema version {row}")

    def seen(self, article_ids: Iterable[str], window_id: str) -> dict[str, str]:
        ids = list(article_ids)
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT article_id, content_sha256 FROM articles "
                f"WHERE article_id IN ({marks}) AND first_window != ?",
                (*chunk, window_id),
            )
            found.update(dict(rows.fetchall()))
        return found

    def commit(self, rows: Iterable[dict[str, Any]], window_id: str) -> int:
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        values = [
            (
                r["article_id"],
                r["canonical_url"],
                r["content_sha256"],
                r["cluster_id"],
                window_id,
                now,
                now,
            )
            for r in rows
        ]
        with self._db:
            self._db.executemany(
                """INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (article_id) DO UPDATE SET last_seen_at = excluded.last_seen_at,
                   content_sha256 = excluded.content_sha256""",
                values,
            )
        return len(values)

    def count(self) -> int:
        return self._db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SqliteStateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_state(uri: str, *, read_only: bool = False, create: bool = True) -> SqliteStateStore:
    """Opens the store named by a URI (``sqlite:///…``; PostgreSQL is not available yet)."""
    if uri.startswith("postgresql://"):
        raise StateError("state store: postgresql:// is not available in this version")
    return SqliteStateStore(sqlite_path(uri), read_only=read_only, create=create)
