"""The cross-run state store: which articles earlier windows already emitted.

An interface (:class:`StateStore`) with an embedded SQLite implementation, the default
(``sqlite:///<output>/_state/state.db``). The launcher commits a window's articles only after its
records are written, so a failed run never marks articles as seen; entries committed by the same
window are not "seen" for it, so rerunning a window reproduces its output.

Inspect a store by hand::

    sqlite3 out/demo/_state/state.db 'select count(*) from articles'
"""

from __future__ import annotations

import json
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
            # Feed validators per window: a window uses those of the latest earlier window, so
            # rerunning a window sends the same conditional request as its first attempt.
            self._db.execute(
                """CREATE TABLE IF NOT EXISTS feeds (
                    feed_url TEXT NOT NULL,
                    window_start TEXT NOT NULL,
                    etag TEXT,
                    last_modified TEXT,
                    body_sha256 TEXT,
                    PRIMARY KEY (feed_url, window_start))"""
            )
            # Entries a server asked us to retry later. Resolved rows are kept (marked with the
            # resolving window) so a rerun of that window retries them again.
            self._db.execute(
                """CREATE TABLE IF NOT EXISTS deferred (
                    article_id TEXT NOT NULL,
                    deferred_in TEXT NOT NULL,
                    entry TEXT NOT NULL,
                    not_before TEXT NOT NULL,
                    resolved_in TEXT,
                    PRIMARY KEY (article_id, deferred_in))"""
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

    def feed_validators(self, feed_url: str, window_start: str) -> dict[str, str | None] | None:
        """ETag, Last-Modified and body hash stored by the latest window before this one."""
        row = self._db.execute(
            "SELECT etag, last_modified, body_sha256 FROM feeds WHERE feed_url = ? "
            "AND window_start < ? ORDER BY window_start DESC LIMIT 1",
            (feed_url, window_start),
        ).fetchone()
        if row is None:
            return None
        return {"etag": row[0], "last_modified": row[1], "body_sha256": row[2]}

    def commit_feeds(self, rows: Iterable[dict[str, Any]], window_start: str) -> int:
        """Stores each feed's validators for this window (rows without a body hash are skipped:
        the feed failed or was not modified, so the earlier validators stay in force)."""
        values = [
            (r["feed_url"], window_start, r.get("etag"), r.get("last_modified"), r["body_sha256"])
            for r in rows
            if r.get("body_sha256")
        ]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO feeds VALUES (?, ?, ?, ?, ?)", values)
        return len(values)

    def pending_deferred(self, window_start: str) -> list[dict[str, Any]]:
        """Entries deferred by earlier windows and not resolved before this one."""
        rows = self._db.execute(
            "SELECT entry FROM deferred WHERE deferred_in < ? "
            "AND (resolved_in IS NULL OR resolved_in >= ?) ORDER BY deferred_in, article_id",
            (window_start, window_start),
        ).fetchall()
        latest: dict[str, dict[str, Any]] = {}
        for (entry,) in rows:
            item = json.loads(entry)
            latest[item["article_id"]] = item
        return list(latest.values())

    def commit_deferred(
        self, deferred: Iterable[dict[str, Any]], retried: Iterable[str], window_start: str
    ) -> int:
        """Marks retried entries resolved by this window and queues this window's deferrals."""
        values = [
            (
                item["article_id"],
                window_start,
                json.dumps(item, sort_keys=True),
                item.get("not_before") or window_start,
            )
            for item in deferred
        ]
        with self._db:
            self._db.executemany(
                "UPDATE deferred SET resolved_in = ? WHERE article_id = ? AND deferred_in < ? "
                "AND resolved_in IS NULL",
                [(window_start, aid, window_start) for aid in retried],
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO deferred VALUES (?, ?, ?, ?, NULL)", values
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
