"""The state store's shared part: its SQL, its interface, its errors.

``SqlStateStore`` is the store's logic in portable SQL; the SQLite store
(``pipelines.core.state``) and the PostgreSQL one (``pipelines.core.pgstate``) supply the
connection and the DDL. Open a store with ``pipelines.core.state.open_state``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from typing import Any, Protocol

SCHEMA_VERSION = "2"
_CHUNK = 500


class StateError(RuntimeError):
    """The state store cannot be used: the run must stop rather than re-emit history."""


class StateStore(Protocol):
    """What the pipeline needs from a state store."""

    def seen(self, article_ids: Iterable[str], window_start: str) -> dict[str, dict[str, Any]]:
        """The latest version, committed before ``window_start``, of each known article."""

    def similar(self, band_keys: Iterable[int], window_start: str) -> list[dict[str, Any]]:
        """Article versions committed before ``window_start`` that share a band key."""

    def template_lines(
        self, line_keys: Iterable[int], window_start: str, min_pages: int
    ) -> set[int]:
        """The line keys (site and line) carried by ``min_pages`` or more articles committed
        before ``window_start``: the site's template, not the story."""

    def commit(
        self, rows: Iterable[dict[str, Any]], window_start: str, *, replace: bool = True
    ) -> int:
        """Replaces this window's article versions with ``rows`` (adds, with ``replace`` off)."""

    def touch(self, article_ids: Iterable[str], window_start: str) -> int:
        """Marks known articles as listed again by this window (for retention)."""

    def touch_feeds(self, feed_urls: Iterable[str], window_start: str) -> int:
        """Marks the articles of unchanged feeds as listed again by this window."""

    def prune(self, before: str) -> int:
        """Forgets articles not listed since ``before``; returns how many."""

    def feed_validators(self, feed_url: str, window_start: str) -> dict[str, Any] | None: ...

    def commit_feeds(self, rows: Iterable[dict[str, Any]], window_start: str) -> int: ...

    def pending_deferred(self, window_start: str) -> list[dict[str, Any]]: ...

    def commit_deferred(
        self, deferred: Iterable[dict[str, Any]], retried: Iterable[str], window_start: str
    ) -> int: ...

    def count(self) -> int: ...

    def close(self) -> None: ...


ARTICLE_COLUMNS = (
    "article_id",
    "window_start",
    "canonical_url",
    "feed_url",
    "record_id",
    "content_sha256",
    "entry_sha256",
    "cluster_id",
    "duplicate_of",
    "signature",
    "shingles",
    "last_seen",
    "committed_at",
)
_SEEN_COLUMNS = (
    "article_id",
    "window_start",
    "record_id",
    "content_sha256",
    "entry_sha256",
    "cluster_id",
    "duplicate_of",
)
_SIMILAR_COLUMNS = (
    "article_id",
    "window_start",
    "canonical_url",
    "cluster_id",
    "signature",
    "shingles",
)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _chunks(items: Iterable[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    """Lists of up to ``size`` items of any iterable, read lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class SqlStateStore:
    """The store's logic in portable SQL; subclasses supply the connection and the DDL.

    Statements are written with ``?`` placeholders; ``_sql`` adapts them to the driver.
    """

    name = "state store"
    placeholder = "?"
    blob_type = "BLOB"
    ref_type = "INTEGER PRIMARY KEY"
    bands_suffix = "WITHOUT ROWID"

    # ---- driver hooks ----------------------------------------------------------------------

    def _sql(self, statement: str) -> str:
        return statement if self.placeholder == "?" else statement.replace("?", self.placeholder)

    def _execute(self, statement: str, params: tuple = ()) -> Any:
        raise NotImplementedError

    def _executemany(self, statement: str, rows: list[tuple]) -> None:
        raise NotImplementedError

    def _transaction(self) -> Any:
        raise NotImplementedError

    def _fail(self, exc: Exception) -> StateError:
        return StateError(f"{self.name}: {type(exc).__name__}: {exc}")

    # ---- schema ----------------------------------------------------------------------------

    def _ddl(self) -> list[str]:
        return [
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            f"""CREATE TABLE IF NOT EXISTS articles (
                ref {self.ref_type},
                article_id TEXT NOT NULL,
                window_start TEXT NOT NULL,
                canonical_url TEXT NOT NULL,
                feed_url TEXT,
                record_id TEXT NOT NULL,
                content_sha256 TEXT NOT NULL,
                entry_sha256 TEXT,
                cluster_id TEXT NOT NULL,
                duplicate_of TEXT,
                signature {self.blob_type},
                shingles INTEGER NOT NULL,
                last_seen TEXT NOT NULL,
                committed_at TEXT NOT NULL,
                UNIQUE (article_id, window_start))""",
            "CREATE INDEX IF NOT EXISTS articles_by_window ON articles (window_start)",
            "CREATE INDEX IF NOT EXISTS articles_by_last_seen ON articles (last_seen)",
            f"""CREATE TABLE IF NOT EXISTS bands (
                band BIGINT NOT NULL,
                ref BIGINT NOT NULL,
                PRIMARY KEY (band, ref)) {self.bands_suffix}""",
            "CREATE INDEX IF NOT EXISTS bands_by_ref ON bands (ref)",
            # The lines of each article version, keyed by site and text (neardup.line_keys):
            # a line on many pages of one site is its template (added without a version bump:
            # a writer creates it in an existing store, which simply has no lines yet).
            f"""CREATE TABLE IF NOT EXISTS lines (
                line BIGINT NOT NULL,
                ref BIGINT NOT NULL,
                PRIMARY KEY (line, ref)) {self.bands_suffix}""",
            "CREATE INDEX IF NOT EXISTS lines_by_ref ON lines (ref)",
            # Feed validators per window: a window uses those of the latest earlier window, so
            # rerunning a window sends the same conditional request as its first attempt.
            """CREATE TABLE IF NOT EXISTS feeds (
                feed_url TEXT NOT NULL,
                window_start TEXT NOT NULL,
                etag TEXT,
                last_modified TEXT,
                body_sha256 TEXT,
                PRIMARY KEY (feed_url, window_start))""",
            # Entries a server asked us to retry later. Resolved rows are kept (marked with the
            # resolving window) so a rerun of that window retries them again.
            """CREATE TABLE IF NOT EXISTS deferred (
                article_id TEXT NOT NULL,
                deferred_in TEXT NOT NULL,
                entry TEXT NOT NULL,
                not_before TEXT NOT NULL,
                resolved_in TEXT,
                PRIMARY KEY (article_id, deferred_in))""",
        ]

    def _create(self) -> None:
        with self._transaction():
            for statement in self._ddl():
                self._execute(statement)
            self._execute(
                "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT (key) DO NOTHING",
                (SCHEMA_VERSION,),
            )

    def _check(self) -> None:
        try:
            row = self._execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except Exception as exc:
            raise StateError(f"{self.name} has no wirestream tables ({exc})") from None
        if row is None or row[0] != SCHEMA_VERSION:
            found = row[0] if row else "none"
            raise StateError(
                f"{self.name} has schema version {found}, this wirestream needs "
                f"{SCHEMA_VERSION}; use a new store (older state cannot be read)"
            )

    # ---- articles --------------------------------------------------------------------------

    def seen(self, article_ids: Iterable[str], window_start: str) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        columns = ", ".join(_SEEN_COLUMNS)
        for chunk in _chunks(list(dict.fromkeys(article_ids))):
            marks = ",".join("?" * len(chunk))
            rows = self._execute(
                f"SELECT {columns} FROM articles WHERE article_id IN ({marks}) "
                "AND window_start < ? ORDER BY window_start",
                (*chunk, window_start),
            ).fetchall()
            for row in rows:  # ascending: the latest version wins
                found[row[0]] = dict(zip(_SEEN_COLUMNS, row, strict=True))
        return found

    def similar(self, band_keys: Iterable[int], window_start: str) -> list[dict[str, Any]]:
        keys = list(dict.fromkeys(band_keys))
        if not keys:
            return []
        columns = ", ".join(f"a.{c}" for c in _SIMILAR_COLUMNS)
        found: dict[tuple[str, str], dict[str, Any]] = {}
        for chunk in _chunks(keys):
            marks = ",".join("?" * len(chunk))
            rows = self._execute(
                f"SELECT DISTINCT {columns} FROM bands b JOIN articles a ON a.ref = b.ref "
                f"WHERE b.band IN ({marks}) AND a.window_start < ?",
                (*chunk, window_start),
            ).fetchall()
            for row in rows:
                item = dict(zip(_SIMILAR_COLUMNS, row, strict=True))
                item["signature"] = bytes(item["signature"])
                found[(item["article_id"], item["window_start"])] = item
        return sorted(found.values(), key=lambda c: (c["window_start"], c["article_id"]))

    def commit(
        self, rows: Iterable[dict[str, Any]], window_start: str, *, replace: bool = True
    ) -> int:
        """Stores this window's article versions. ``replace`` (a run or a window's on-time
        pane) drops what an earlier attempt of the window stored; otherwise (a late pane) only
        the given articles' versions of this window are replaced.

        ``rows`` is read once, a chunk at a time: a window of 100k articles is never held in
        memory at once (each row carries its signature and band keys)."""
        now = _now()
        marks = ",".join("?" * len(ARTICLE_COLUMNS))
        insert = f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) VALUES ({marks})"
        stored = 0
        with self._transaction():
            if replace:
                self._delete_window_rows("", (window_start,))
            for chunk in _chunks(rows):
                if not replace:
                    ids = [r["article_id"] for r in chunk]
                    self._delete_window_rows(
                        f" AND article_id IN ({','.join('?' * len(ids))})", (window_start, *ids)
                    )
                for row in chunk:
                    values = (
                        row["article_id"],
                        window_start,
                        row["canonical_url"],
                        row.get("feed_url"),
                        row["record_id"],
                        row["content_sha256"],
                        row.get("entry_sha256"),
                        row["cluster_id"],
                        row.get("duplicate_of"),
                        row.get("signature"),
                        int(row.get("shingles") or 0),
                        window_start,
                        now,
                    )
                    ref = self._insert_article(insert, values)
                    bands = sorted(set(row.get("band_keys") or ()))
                    self._executemany(
                        "INSERT INTO bands (band, ref) VALUES (?, ?)", [(b, ref) for b in bands]
                    )
                    lines = sorted(set(row.get("line_keys") or ()))
                    self._executemany(
                        "INSERT INTO lines (line, ref) VALUES (?, ?)", [(k, ref) for k in lines]
                    )
                stored += len(chunk)
        return stored

    def _delete_window_rows(self, condition: str, params: tuple) -> None:
        for table in ("bands", "lines"):
            self._execute(
                f"DELETE FROM {table} WHERE ref IN "
                f"(SELECT ref FROM articles WHERE window_start = ?{condition})",
                params,
            )
        self._execute(f"DELETE FROM articles WHERE window_start = ?{condition}", params)

    def _insert_article(self, statement: str, values: tuple) -> int:
        return self._execute(statement, values).lastrowid

    def template_lines(
        self, line_keys: Iterable[int], window_start: str, min_pages: int
    ) -> set[int]:
        # Counting stops at min_pages articles per line (DISTINCT … LIMIT): a site's template
        # line is on every page of it, so a full count would grow with the store.
        keys = list(dict.fromkeys(line_keys))
        found: set[int] = set()
        for chunk in _chunks(keys):
            values = ",".join(["(?)"] * len(chunk))
            rows = self._execute(
                f"WITH v (line) AS (VALUES {values}) SELECT v.line FROM v WHERE ("
                "SELECT COUNT(*) FROM (SELECT DISTINCT a.article_id FROM lines l "
                "JOIN articles a ON a.ref = l.ref WHERE l.line = v.line "
                "AND a.window_start < ? LIMIT ?) AS pages) >= ?",
                (*chunk, window_start, min_pages, min_pages),
            ).fetchall()
            found.update(row[0] for row in rows)
        return found

    def touch(self, article_ids: Iterable[str], window_start: str) -> int:
        return self._touch("article_id", article_ids, window_start)

    def touch_feeds(self, feed_urls: Iterable[str], window_start: str) -> int:
        """Marks the articles of feeds that did not change (304 or same body) as still listed."""
        return self._touch("feed_url", feed_urls, window_start)

    def _touch(self, column: str, keys: Iterable[str], window_start: str) -> int:
        """``last_seen = window_start`` for earlier windows' articles whose ``column`` (one of
        ours, never input) is in ``keys``; returns the number of distinct keys."""
        unique = list(dict.fromkeys(keys))
        with self._transaction():
            for chunk in _chunks(unique):
                marks = ",".join("?" * len(chunk))
                self._execute(
                    f"UPDATE articles SET last_seen = ? WHERE {column} IN ({marks}) "
                    "AND last_seen < ? AND window_start < ?",
                    (window_start, *chunk, window_start, window_start),
                )
        return len(unique)

    def prune(self, before: str) -> int:
        """Forgets every version of articles whose latest listing is older than ``before``."""
        stale = "SELECT article_id FROM articles GROUP BY article_id HAVING MAX(last_seen) < ?"
        with self._transaction():
            count = self._execute(f"SELECT COUNT(*) FROM ({stale}) s", (before,)).fetchone()[0]
            if count:
                for table in ("bands", "lines"):
                    self._execute(
                        f"DELETE FROM {table} WHERE ref IN (SELECT ref FROM articles "
                        f"WHERE article_id IN ({stale}))",
                        (before,),
                    )
                self._execute(f"DELETE FROM articles WHERE article_id IN ({stale})", (before,))
            self._execute("DELETE FROM feeds WHERE window_start < ?", (before,))
            self._execute(
                "DELETE FROM deferred WHERE resolved_in IS NOT NULL AND resolved_in < ?",
                (before,),
            )
        return count

    # ---- feeds and deferrals ---------------------------------------------------------------

    def feed_validators(self, feed_url: str, window_start: str) -> dict[str, Any] | None:
        """ETag, Last-Modified and body hash stored by the latest window before this one."""
        row = self._execute(
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
        with self._transaction():
            self._executemany(
                "INSERT INTO feeds VALUES (?, ?, ?, ?, ?) ON CONFLICT (feed_url, window_start) "
                "DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
                "body_sha256 = excluded.body_sha256",
                values,
            )
        return len(values)

    def pending_deferred(self, window_start: str) -> list[dict[str, Any]]:
        """Entries deferred by earlier windows and not resolved before this one."""
        rows = self._execute(
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
        with self._transaction():
            self._executemany(
                "UPDATE deferred SET resolved_in = ? WHERE article_id = ? AND deferred_in < ? "
                "AND resolved_in IS NULL",
                [(window_start, aid, window_start) for aid in retried],
            )
            self._executemany(
                "INSERT INTO deferred VALUES (?, ?, ?, ?, NULL) "
                "ON CONFLICT (article_id, deferred_in) DO UPDATE SET entry = excluded.entry, "
                "not_before = excluded.not_before, resolved_in = NULL",
                values,
            )
        return len(values)

    def count(self) -> int:
        """Distinct articles known to the store."""
        return self._execute("SELECT COUNT(DISTINCT article_id) FROM articles").fetchone()[0]

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> SqlStateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def redact(uri: str) -> str:
    """The URI without its password, for messages and manifests."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", uri)
