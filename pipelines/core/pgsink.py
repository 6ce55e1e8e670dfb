"""The PostgreSQL sink (``--sink postgresql://…``): records and dead letters as upserted rows.

Two tables, created or migrated by :func:`ensure_tables` under an advisory lock:

- ``wirestream_records``: one row per event record, keyed by the record's deterministic ``id``,
  with the fields consumers filter on as columns and the whole CloudEvent in ``record`` (jsonb);
- ``wirestream_dead_letters``: one row per dead letter, keyed by a hash of (window, stage,
  reason, URL or article id, feed URL), numbered when one window has several such failures;

plus ``wirestream_sink_meta`` holding the schema version. Every batch is one transaction of
``INSERT … ON CONFLICT (id) DO UPDATE``, so writing a window again, or replaying a bundle,
leaves the row counts unchanged. :class:`PgWriter` retries a batch a bounded number of times
when the connection is lost or the server reports a serialization failure or deadlock, then
raises :class:`SinkError`: a batch is written or the run fails, never dropped.

Count a window's rows by hand::

    psql "$URI" -c "select window_tag, count(*) from wirestream_records group by 1"
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql

from pipelines.core.sqlstate import redact

_LOG = logging.getLogger(__name__)

SCHEMA_VERSION = 2
RECORDS_TABLE = "wirestream_records"
DEAD_LETTERS_TABLE = "wirestream_dead_letters"
META_TABLE = "wirestream_sink_meta"
TABLES = {"records": RECORDS_TABLE, "dead_letters": DEAD_LETTERS_TABLE}
# Any constant distinct from the state store's lock (7427182): one DDL runner at a time.
_DDL_LOCK = 7427183

RECORD_COLUMNS = (
    "id",
    "article_id",
    "cluster_id",
    "duplicate_of",
    "revision_of",
    "window_tag",
    "language",
    "published_at",
    "fetched_at",
    "canonical_url",
    "source_id",
    "record",
)
DEAD_LETTER_COLUMNS = ("id", "window_tag", "stage", "reason", "url", "dead_letter")

_CREATE_TABLES = (
    f"""CREATE TABLE IF NOT EXISTS {RECORDS_TABLE} (
        id text PRIMARY KEY,
        article_id text NOT NULL,
        cluster_id text,
        duplicate_of text,
        revision_of text,
        window_tag text NOT NULL,
        language text,
        published_at timestamptz,
        fetched_at timestamptz,
        canonical_url text,
        source_id text,
        record jsonb NOT NULL,
        written_at timestamptz DEFAULT now()
    )""",
    f"""CREATE TABLE IF NOT EXISTS {DEAD_LETTERS_TABLE} (
        id text PRIMARY KEY,
        window_tag text NOT NULL,
        stage text,
        reason text,
        url text,
        dead_letter jsonb NOT NULL,
        written_at timestamptz DEFAULT now()
    )""",
)
_CREATE_INDEXES = (
    f"CREATE INDEX IF NOT EXISTS {RECORDS_TABLE}_article_id ON {RECORDS_TABLE} (article_id)",
    f"CREATE INDEX IF NOT EXISTS {RECORDS_TABLE}_cluster_id ON {RECORDS_TABLE} (cluster_id)",
    f"CREATE INDEX IF NOT EXISTS {RECORDS_TABLE}_window_tag ON {RECORDS_TABLE} (window_tag)",
    f"CREATE INDEX IF NOT EXISTS {DEAD_LETTERS_TABLE}_window_tag "
    f"ON {DEAD_LETTERS_TABLE} (window_tag)",
)

# Statements that bring a database of version N to N + 1. Version 1 had neither ``revision_of``
# (added to the record schema later) nor ``written_at`` nor the window index. Every statement
# is idempotent, so they can also repair tables that predate the meta table.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        f"ALTER TABLE {RECORDS_TABLE} ADD COLUMN IF NOT EXISTS revision_of text",
        f"ALTER TABLE {RECORDS_TABLE} "
        "ADD COLUMN IF NOT EXISTS written_at timestamptz DEFAULT now()",
        f"ALTER TABLE {DEAD_LETTERS_TABLE} "
        "ADD COLUMN IF NOT EXISTS written_at timestamptz DEFAULT now()",
        f"UPDATE {RECORDS_TABLE} SET revision_of = record->'data'->>'revision_of' "
        "WHERE revision_of IS NULL AND record->'data'->>'revision_of' IS NOT NULL",
        f"CREATE INDEX IF NOT EXISTS {RECORDS_TABLE}_window_tag ON {RECORDS_TABLE} (window_tag)",
        f"CREATE INDEX IF NOT EXISTS {DEAD_LETTERS_TABLE}_window_tag "
        f"ON {DEAD_LETTERS_TABLE} (window_tag)",
    ),
}

# Fields of a dead letter that change from one attempt to the next; they do not order copies.
_VOLATILE = ("time",)


class SinkError(RuntimeError):
    """Rows could not be written: the run must fail rather than lose them."""


# -- tables -----------------------------------------------------------------------------------


def schema_version(conn: psycopg.Connection) -> int | None:
    """The sink's schema version in this database, or None before the first run."""
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (META_TABLE,)).fetchone()
    if not row[0]:
        return None
    row = conn.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def ensure_tables(conn: psycopg.Connection) -> int:
    """Creates the sink's tables, or migrates them to :data:`SCHEMA_VERSION`.

    Everything happens in one transaction under an advisory lock, so workers starting together
    do it once and a failed migration leaves the old version intact. A database written by a
    newer version is refused.

    Returns:
        The schema version the database had before (0 when the tables were created).
    """
    _require_autocommit(conn)
    if schema_version(conn) == SCHEMA_VERSION:
        return SCHEMA_VERSION  # the common case: no lock, no DDL
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_DDL_LOCK,))
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key text PRIMARY KEY, value text NOT NULL)"
        )
        found = schema_version(conn)
        if found is not None and found > SCHEMA_VERSION:
            raise SinkError(
                f"the sink tables are of schema version {found}, written by a newer wirestream;"
                f" this one knows version {SCHEMA_VERSION} at most"
            )
        tables_exist = conn.execute(
            "SELECT to_regclass(%s) IS NOT NULL", (RECORDS_TABLE,)
        ).fetchone()[0]
        for statement in _CREATE_TABLES:  # no-ops for the tables that exist
            conn.execute(statement)
        # Tables without a version row predate the meta table: repair them from version 1.
        start = found if found is not None else (1 if tables_exist else SCHEMA_VERSION)
        for version in range(start, SCHEMA_VERSION):
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            _LOG.info("PostgreSQL sink tables migrated from version %d", version)
        # Indexes last: they may be on columns a migration has just added.
        for statement in _CREATE_INDEXES:
            conn.execute(statement)
        conn.execute(
            f"INSERT INTO {META_TABLE} VALUES ('schema_version', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            (str(SCHEMA_VERSION),),
        )
    return found if found is not None else (1 if tables_exist else 0)


def _require_autocommit(conn: psycopg.Connection) -> None:
    # Each function here is its own transaction: nested in a caller's implicit transaction,
    # it would only be a savepoint, and nothing would be committed (nor the DDL lock released).
    if not conn.autocommit:
        raise ValueError("the PostgreSQL sink needs an autocommit connection")


# -- rows -------------------------------------------------------------------------------------


def _timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None  # the record keeps the original text; the column stays unknown
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _strip_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {key: _strip_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_strip_nul(item) for item in value]
    return value


def to_jsonb_text(document: Any) -> str:
    """The document as JSON text PostgreSQL accepts (jsonb refuses the NUL character)."""
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if "\\u0000" in text:
        text = json.dumps(
            _strip_nul(document), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
    return text


def record_row(window_tag: str, record: dict[str, Any]) -> tuple:
    """The column values of one event record, in :data:`RECORD_COLUMNS` order."""
    data = record.get("data") or {}
    if not record.get("id") or not data.get("article_id"):
        raise SinkError(f"a record without id or article_id cannot be written: {record!r:.200}")

    def text(name: str) -> str | None:
        value = data.get(name)
        return _strip_nul(value) if isinstance(value, str) else None

    return (
        record["id"],
        data["article_id"],
        text("cluster_id"),
        text("duplicate_of"),
        text("revision_of"),
        window_tag,
        text("language"),
        _timestamp(data.get("published_at")),
        _timestamp(data.get("fetched_at")),
        text("canonical_url"),
        text("source_id"),
        to_jsonb_text(record),
    )


def dead_letter_key(window_tag: str, item: dict[str, Any], occurrence: int = 0) -> str:
    """A dead letter's row id: stable across reruns of the window.

    Hash of (window, stage, reason, URL or else article id, feed URL); the n-th further dead
    letter with the same fields (two entries without a link in one feed) adds ``n``.
    """
    parts: list[Any] = [
        window_tag,
        item.get("stage"),
        item.get("reason"),
        item.get("url") or item.get("article_id"),
        item.get("feed_url"),
    ]
    if occurrence:
        parts.append(occurrence)
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]


def number_dead_letters(
    window_tag: str, items: Iterable[dict[str, Any]]
) -> list[tuple[str, dict[str, Any]]]:
    """Gives each dead letter its row id, numbering those that share their key fields.

    Copies are numbered in the order of their content (without the timestamp), so a rerun that
    meets the same failures gives them the same ids. All dead letters sharing key fields must
    be numbered in the same call.
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(dead_letter_key(window_tag, item), []).append(item)
    numbered = []
    for key, group in groups.items():
        if len(group) > 1:
            group = sorted(group, key=_content_order)
        numbered.append((key, group[0]))
        numbered.extend(
            (dead_letter_key(window_tag, item, n), item) for n, item in enumerate(group[1:], 1)
        )
    return numbered


def _content_order(item: dict[str, Any]) -> str:
    stable = {key: value for key, value in item.items() if key not in _VOLATILE}
    return json.dumps(stable, sort_keys=True, default=str)


def dead_letter_row(window_tag: str, row_id: str, item: dict[str, Any]) -> tuple:
    """The column values of one dead letter, in :data:`DEAD_LETTER_COLUMNS` order."""

    def text(name: str) -> str | None:
        value = item.get(name)
        return _strip_nul(value) if isinstance(value, str) else None

    return (row_id, window_tag, text("stage"), text("reason"), text("url"), to_jsonb_text(item))


# -- upserts ----------------------------------------------------------------------------------

# "executemany": one INSERT … ON CONFLICT per row, sent in pipeline mode by psycopg;
# "copy": COPY into a temporary table, then one INSERT … SELECT … ON CONFLICT.
# Measured with 1,000 and 10,000 records of ~3 KB in batches of 500 (local PostgreSQL 15, two
# cores, medians of five runs): executemany about 15,000 rows/s for new rows and 21,000 for an
# identical replay, COPY 12,000-15,000 either way; one batch of 10,000 gave no consistent
# winner. executemany is the default: plain statements and no session temp table, so it also
# works behind a pooler in transaction mode.
METHODS = ("executemany", "copy")
DEFAULT_METHOD = "executemany"


def _upsert(
    conn: psycopg.Connection,
    table: str,
    columns: Sequence[str],
    json_column: str,
    rows: list[tuple],
    method: str,
) -> int:
    if method not in METHODS:
        raise ValueError(f"unknown upsert method {method!r}; expected one of {METHODS}")
    # Last one wins within a batch; sorted ids make concurrent batches lock rows in one order,
    # which keeps two workers upserting overlapping ids from deadlocking.
    _require_autocommit(conn)
    unique = sorted({row[0]: row for row in rows}.values(), key=lambda row: row[0])
    if not unique:
        return 0
    target = sql.Identifier(table)
    names = sql.SQL(", ").join(map(sql.Identifier, columns))
    updates = sql.SQL(", ").join(
        sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(name)) for name in columns[1:]
    )
    # Rewriting an identical row would only churn the table; replays leave it untouched.
    conflict = sql.SQL(
        "ON CONFLICT (id) DO UPDATE SET {updates}, written_at = now() "
        "WHERE {target}.{json} IS DISTINCT FROM EXCLUDED.{json} "
        "OR {target}.window_tag IS DISTINCT FROM EXCLUDED.window_tag"
    ).format(updates=updates, target=target, json=sql.Identifier(json_column))
    with conn.transaction(), conn.cursor() as cursor:
        if method == "executemany":
            values = sql.SQL(", ").join(
                sql.SQL("%s::jsonb") if name == json_column else sql.SQL("%s") for name in columns
            )
            statement = sql.SQL("INSERT INTO {target} ({names}) VALUES ({values}) ").format(
                target=target, names=names, values=values
            )
            cursor.executemany(statement + conflict, unique)
        else:
            stage = sql.Identifier(f"_stage_{table}")
            cursor.execute(
                sql.SQL(
                    "CREATE TEMP TABLE IF NOT EXISTS {stage} "
                    "(LIKE {target} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
                ).format(stage=stage, target=target)
            )
            with cursor.copy(
                sql.SQL("COPY {stage} ({names}) FROM STDIN").format(stage=stage, names=names)
            ) as copy:
                for row in unique:
                    copy.write_row(row)
            cursor.execute(
                sql.SQL("INSERT INTO {target} ({names}) SELECT {names} FROM {stage} ").format(
                    target=target, names=names, stage=stage
                )
                + conflict
            )
    return len(unique)


def upsert_records(
    conn: psycopg.Connection,
    window_tag: str,
    records: Iterable[dict[str, Any]],
    *,
    method: str = DEFAULT_METHOD,
) -> int:
    """Upserts event records in one transaction; returns how many distinct ids were written."""
    rows = [record_row(window_tag, record) for record in records]
    return _upsert(conn, RECORDS_TABLE, RECORD_COLUMNS, "record", rows, method)


def upsert_dead_letters(
    conn: psycopg.Connection,
    window_tag: str,
    dead_letters: Iterable[dict[str, Any]],
    *,
    method: str = DEFAULT_METHOD,
) -> int:
    """Upserts dead letters in one transaction; returns how many rows were written."""
    rows = [
        dead_letter_row(window_tag, row_id, item)
        for row_id, item in number_dead_letters(window_tag, dead_letters)
    ]
    return _upsert(conn, DEAD_LETTERS_TABLE, DEAD_LETTER_COLUMNS, "dead_letter", rows, method)


def count_rows(uri: str, window_tag: str | None = None, table: str = "records") -> int:
    """Rows of a window (or of all windows) in the sink's ``records`` or ``dead_letters`` table."""
    name = TABLES[table]
    try:
        with psycopg.connect(uri, autocommit=True, connect_timeout=10) as conn:
            if not conn.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()[0]:
                return 0
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name))
            if window_tag is None:
                return conn.execute(query).fetchone()[0]
            query += sql.SQL(" WHERE window_tag = %s")
            return conn.execute(query, (window_tag,)).fetchone()[0]
    except psycopg.Error as exc:
        raise SinkError(f"PostgreSQL sink {redact(uri)}: {_clean(exc, uri)}") from None


# -- the writer -------------------------------------------------------------------------------


def _password(uri: str) -> str | None:
    with contextlib.suppress(Exception):
        return psycopg.conninfo.conninfo_to_dict(uri).get("password") or None
    return None


def _clean(exc: BaseException, uri: str) -> str:
    """The error's text, on one line, with the URI's password (if it shows up) masked."""
    message = " ".join(str(exc).split()) or type(exc).__name__
    secret = _password(uri)
    if secret:
        message = message.replace(secret, "***")
    return f"{type(exc).__name__}: {message}"


class PgWriter:
    """Writes batches of records or dead letters to PostgreSQL with bounded retries.

    A batch is one transaction. Connection loss (any ``psycopg.OperationalError``, which
    includes ``SerializationFailure``, ``DeadlockDetected`` and the server shutting down) is
    retried ``max_retries`` times with exponential backoff, reconnecting when the connection
    is gone; then, or at once for any other database error, :class:`SinkError` is raised. A
    batch whose commit was lost in flight is simply written again: upserts are idempotent.

    Args:
        uri: ``postgresql://user[:password]@host[:port]/database``.
        window_tag: the window the rows belong to.
        table: ``records`` or ``dead_letters``.
        max_retries: attempts after the first one.
        backoff_s: the first wait; doubled on each retry up to ``max_backoff_s``.
        connect_timeout_s: how long one connection attempt may take.
        statement_timeout_s: how long one statement may take before it is cancelled.
        method: ``executemany`` (default) or ``copy``.
        sleep: the waiting function (tests replace it).
    """

    def __init__(
        self,
        uri: str,
        window_tag: str,
        table: str = "records",
        *,
        max_retries: int = 3,
        backoff_s: float = 0.5,
        max_backoff_s: float = 10.0,
        connect_timeout_s: int = 10,
        statement_timeout_s: float = 300.0,
        method: str = DEFAULT_METHOD,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if table not in TABLES:
            raise ValueError(f"table must be one of {sorted(TABLES)}, not {table!r}")
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, not {max_retries}")
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, not {method!r}")
        self.uri = uri
        self.window_tag = window_tag
        self.table = table
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.connect_timeout_s = connect_timeout_s
        self.statement_timeout_s = statement_timeout_s
        self.method = method
        self.name = f"PostgreSQL sink {redact(uri)}"
        self.retries = 0  # retries so far, for metrics
        self._sleep = sleep
        self._conn: psycopg.Connection | None = None
        self._tables_ready = False

    def __enter__(self) -> PgWriter:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def open(self) -> None:
        """Connects and ensures the tables (with the same retries as a write)."""
        self._with_retries("connecting", lambda conn: None)

    def write(self, batch: Sequence[dict[str, Any]]) -> int:
        """Upserts one batch in one transaction; returns the rows written.

        Raises:
            SinkError: the batch could not be written within the retries.
        """
        if not batch:
            return 0
        upsert = upsert_records if self.table == "records" else upsert_dead_letters
        return self._with_retries(
            f"writing {len(batch)} {self.table.replace('_', ' ')}",
            lambda conn: upsert(conn, self.window_tag, batch, method=self.method),
        )

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None

    def _connection(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(
                self.uri,
                autocommit=True,
                connect_timeout=self.connect_timeout_s,
                application_name="wirestream-sink",
            )
            # A hung server must not hang the worker; and a row we report as written must
            # survive a server crash even where the server commits asynchronously by default.
            self._conn.execute(
                "SELECT set_config('statement_timeout', %s, false), "
                "set_config('synchronous_commit', 'on', false)",
                (str(int(self.statement_timeout_s * 1000)),),
            )
        if not self._tables_ready:
            ensure_tables(self._conn)
            self._tables_ready = True
        return self._conn

    def _with_retries(self, what: str, action: Callable[[psycopg.Connection], Any]) -> Any:
        attempts = self.max_retries + 1
        for attempt in range(attempts):
            if attempt:
                self.retries += 1
                self._sleep(min(self.backoff_s * 2 ** (attempt - 1), self.max_backoff_s))
            try:
                return action(self._connection())
            except psycopg.OperationalError as exc:
                if self._conn is not None and self._conn.closed:  # broken: reconnect next time
                    self.close()
                if attempt + 1 < attempts:
                    _LOG.warning(
                        "%s: %s failed (attempt %d of %d), retrying: %s",
                        self.name,
                        what,
                        attempt + 1,
                        attempts,
                        _clean(exc, self.uri),
                    )
                    continue
                raise SinkError(
                    f"{self.name}: {what} failed after {attempts} attempts: "
                    f"{_clean(exc, self.uri)}"
                ) from None
            except psycopg.Error as exc:
                raise SinkError(f"{self.name}: {what} failed: {_clean(exc, self.uri)}") from None
            except SinkError as exc:
                raise SinkError(f"{self.name}: {what} failed: {exc}") from None
        raise AssertionError("unreachable")
