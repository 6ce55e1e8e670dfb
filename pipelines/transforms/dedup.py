"""Deduplication before fetching (copies of a story are clustered later, in ``cluster``).

- ``DeduplicateUrls``: entries without a fetchable URL become dead letters; entries are keyed
  by canonical URL so each article is fetched once per run, the other copies are ``filtered``
  (reason ``duplicate_url``).
- ``SkipSeen``: articles that an earlier window already emitted are ``skipped_seen`` — unless
  their feed entry changed (title, summary, dates), in which case the page is fetched again
  and compared with the stored version: a changed text becomes a revision record.
"""

from __future__ import annotations

from typing import Any

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.metrics import Metrics
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec, TimerSpec, on_timer
from apache_beam.transforms.window import GlobalWindows
from apache_beam.utils.timestamp import Duration

from pipelines.core.feeds import entry_sha256
from pipelines.core.state import open_state
from pipelines.core.urls import UrlError, article_id, canonicalize, check_fetchable, host_key
from pipelines.transforms.common.outputs import DEAD_LETTER, SKIPPED_SEEN, dead_letter
from pipelines.transforms.common.spill import (
    PartitionFiles,
    Restorer,
    RestoringFn,
    Spiller,
    compact_entry,
    compact_payload,
    entry_id_of,
    read_records,
)
from pipelines.transforms.common.windows import in_window, window_start_key

__all__ = ["FILTERED", "DeduplicateUrls", "FirstSighting", "SkipSeen"]

FILTERED = "filtered"


class KeyByCanonicalUrlFn(beam.DoFn):
    """Checks the entry's link and keys it by canonical URL (by its ``article_id``).

    With ``spill_dir`` (batch) no entry crosses the shuffle: each is spilled whole, a compact
    element for it (``compact_entry``) goes to the bundle's file for its canonical URL's host,
    and only ``(host, file)`` is handed on when the bundle ends. The same canonical URL always
    has the same host, so each host's files hold every copy of its articles.
    """

    def __init__(self, spill_dir: str | None = None) -> None:
        self._spill_dir = spill_dir
        self._spiller: Spiller | None = None
        self._files: PartitionFiles | None = None
        self.rejected = Metrics.counter("entries", "rejected_url")

    def start_bundle(self) -> None:
        if self._spill_dir is not None:
            self._spiller = Spiller(self._spill_dir, ())
            self._files = PartitionFiles(self._spill_dir, "entries")

    def finish_bundle(self):
        if self._spiller is not None and self._files is not None:
            self._spiller.close()
            for host, path in self._files.close():
                yield GlobalWindows.windowed_value((host, path))

    def process(self, entry: dict[str, Any]):
        try:
            url = check_fetchable(entry.get("link"))
            canonical = canonicalize(url)
        except UrlError as exc:
            self.rejected.inc()
            yield beam.pvalue.TaggedOutput(
                DEAD_LETTER, dead_letter("entry", exc.reason, entry, error=exc)
            )
            return
        except Exception as exc:  # a URL library bug must not take the run down
            yield beam.pvalue.TaggedOutput(
                DEAD_LETTER, dead_letter("entry", "bad_url", entry, error=exc)
            )
            return
        keyed = {
            **entry,
            "fetch_url": url,
            "canonical_key": canonical,
            "article_id": article_id(canonical),
            "entry_sha256": entry_sha256(entry),
        }
        if self._spiller is None or self._files is None:
            # Keyed by the article id (a hash of the canonical URL): the same groups, smaller keys.
            yield keyed["article_id"], keyed
        else:
            self._files.write(host_key(canonical), compact_entry(self._spiller, keyed))


def _entry_order(entry: dict[str, Any]) -> tuple:
    return entry["source_id"], entry["feed_url"], entry["position"]


def keep_first(restorer: Restorer, entries: list[Any]) -> tuple[Any, list[dict[str, Any]]]:
    """The first of the entries of one canonical URL (as it came: compact or whole) and the
    others as ``filtered`` dicts (``duplicate_url``)."""
    if len(entries) == 1:  # the common case: nothing to read back
        return entries[0], []
    whole = sorted(
        ((restorer.restore(e), e) for e in entries), key=lambda pair: _entry_order(pair[0])
    )
    (first, as_came), extras = whole[0], whole[1:]
    filtered = [
        {**extra, "reason": "duplicate_url", "duplicate_of": first["article_id"]}
        for extra, _ in extras
    ]
    return as_came, filtered


class KeepFirstEntryFn(RestoringFn):
    """One entry per canonical URL; the rest are ``filtered``."""

    def process(self, keyed: tuple[str, Any]):
        assert self._restorer is not None
        kept, filtered = keep_first(self._restorer, list(keyed[1]))
        yield kept
        for extra in filtered:
            yield beam.pvalue.TaggedOutput(FILTERED, extra)


class KeepFirstOfHostFn(RestoringFn):
    """Batch: a host's entry files → ``(host, [one compact entry per canonical URL])``."""

    def process(self, host_files: tuple[str, Any]):
        assert self._restorer is not None
        host, paths = host_files
        by_id: dict[bytes, list[bytes]] = {}
        for path in sorted(paths):
            for item in read_records(path):
                by_id.setdefault(compact_payload(item)[:16], []).append(item)
        unique = []
        for items in by_id.values():
            kept, filtered = keep_first(self._restorer, items)
            unique.append(kept)
            for extra in filtered:
                yield beam.pvalue.TaggedOutput(FILTERED, extra)
        yield host, unique


class DeduplicateUrls(beam.PTransform):
    """Entries → unique entries, with ``filtered`` and ``dead_letter`` outputs.

    The input is one PCollection of entries or a tuple of them (each is keyed where it is made,
    so no whole entries are gathered in between). With ``spill_dir`` (batch) the unique
    entries come out grouped by host, ``(host, [compact entries])``: only file names cross
    the shuffle (see ``KeyByCanonicalUrlFn``), and no other shuffle is needed before fetching.
    """

    def __init__(self, spill_dir: str | None = None) -> None:
        super().__init__()
        self._spill_dir = spill_dir

    def expand(self, entries):
        parts = entries if isinstance(entries, tuple) else (entries,)
        keyed = [
            part
            | ("KeyByCanonicalUrl" + (f"{i}" if i else ""))
            >> beam.ParDo(KeyByCanonicalUrlFn(self._spill_dir)).with_outputs(
                DEAD_LETTER, main="keyed"
            )
            for i, part in enumerate(parts)
        ]
        keep = KeepFirstEntryFn if self._spill_dir is None else KeepFirstOfHostFn
        grouped = (
            tuple(k.keyed for k in keyed)
            | "AllKeyed" >> beam.Flatten()
            | "GroupByCanonicalUrl" >> beam.GroupByKey()
        )
        unique = grouped | "KeepFirstEntry" >> beam.ParDo(keep(self._spill_dir)).with_outputs(
            FILTERED, main="unique"
        )
        return {
            "unique": unique.unique,
            FILTERED: unique[FILTERED],
            DEAD_LETTER: tuple(k[DEAD_LETTER] for k in keyed) | "AllBadUrls" >> beam.Flatten(),
        }


class FirstSightingFn(beam.DoFn):
    """Streaming: keyed by canonical URL, hands on the first sighting of each entry version.

    Another feed's (or a later poll's) sighting of the same article with the same entry hash is
    ``filtered`` (``duplicate_url``), across windows. The per-key state is cleared by an
    event-time timer ``ttl_s`` after the sighting; the state store takes over from there.
    """

    SEEN = ReadModifyWriteStateSpec("seen", PickleCoder())
    EXPIRY = TimerSpec("expiry", TimeDomain.WATERMARK)

    def __init__(self, ttl_s: float) -> None:
        self._ttl_s = ttl_s

    def process(
        self,
        keyed: tuple[str, dict[str, Any]],
        timestamp=beam.DoFn.TimestampParam,
        seen=beam.DoFn.StateParam(SEEN),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        _, entry = keyed
        hashes = seen.read() or {}
        first = hashes.get(entry["entry_sha256"])
        if first is not None:
            yield beam.pvalue.TaggedOutput(
                FILTERED, {**entry, "reason": "duplicate_url", "duplicate_of": first}
            )
            return
        hashes[entry["entry_sha256"]] = entry["article_id"]
        seen.write(hashes)
        expiry.set(timestamp + Duration(seconds=self._ttl_s))
        yield entry

    @on_timer(EXPIRY)
    def expire(self, seen=beam.DoFn.StateParam(SEEN)):
        seen.clear()


class FirstSighting(beam.PTransform):
    """Streaming entries → first sightings, with ``filtered`` and ``dead_letter`` outputs."""

    def __init__(self, ttl_s: float) -> None:
        super().__init__()
        self._ttl_s = ttl_s

    def expand(self, entries):
        keyed = entries | "KeyByCanonicalUrl" >> beam.ParDo(KeyByCanonicalUrlFn()).with_outputs(
            DEAD_LETTER, main="keyed"
        )
        first = keyed.keyed | "FirstSighting" >> beam.ParDo(
            FirstSightingFn(self._ttl_s)
        ).with_outputs(FILTERED, main="unique")
        return {"unique": first.unique, FILTERED: first[FILTERED], DEAD_LETTER: keyed[DEAD_LETTER]}


class SkipSeenFn(beam.DoFn):
    """Looks entries up in the state store, in batches; seen and unchanged → ``skipped_seen``.

    Only windows that started before the entry's window count, so a rerun reproduces its
    output. ``window_start`` names the batch run's window; in a stream (``None``) each entry's
    fixed window gives it. An element is an entry, or in batch one host's entries
    ``(host, [entries])`` (``DeduplicateUrls`` with a spill directory), handed on the same way.
    """

    BATCH = 256

    def __init__(
        self, state_uri: str, window_start: str | None, spill_dir: str | None = None
    ) -> None:
        self._state_uri = state_uri
        self._window_start = window_start
        self._spill_dir = spill_dir
        self._store = None
        self._restorer: Restorer | None = None
        self._batch: list[tuple[dict[str, Any], Any]] = []
        self.skipped = Metrics.counter("entries", "skipped_seen")
        self.refetch = Metrics.counter("entries", "refetch_changed_entry")

    def setup(self) -> None:
        self._store = open_state(self._state_uri, read_only=True)
        self._restorer = Restorer(self._spill_dir)

    def teardown(self) -> None:
        if self._store is not None:
            self._store.close()
        if self._restorer is not None:
            self._restorer.close()

    def start_bundle(self) -> None:
        self._batch = []

    def process(self, element: Any, window=beam.DoFn.WindowParam):
        if isinstance(element, tuple):  # one host's entries
            host, entries = element
            start = window_start_key(window, self._window_start)
            fresh = []
            for at in range(0, len(entries), self.BATCH):
                for kind, value in self._look_up(entries[at : at + self.BATCH], start):
                    if kind == SKIPPED_SEEN:
                        yield beam.pvalue.TaggedOutput(SKIPPED_SEEN, value)
                    else:
                        fresh.append(value)
            if fresh:
                yield host, fresh
            return
        self._batch.append((element, window))
        if len(self._batch) >= self.BATCH:
            yield from self._flush()

    def finish_bundle(self):
        yield from self._flush()

    def _flush(self):
        batch, self._batch = self._batch, []
        by_window: dict[Any, list[dict[str, Any]]] = {}
        for entry, window in batch:
            by_window.setdefault(window, []).append(entry)
        for window, entries in by_window.items():
            start = window_start_key(window, self._window_start)
            for kind, value in self._look_up(entries, start):
                tagged = in_window(value, window)
                yield tagged if kind is None else beam.pvalue.TaggedOutput(kind, tagged)

    def _look_up(self, entries: list[Any], start: str):
        """``(None, entry)`` to fetch (as it came, or whole with ``previous``) or
        ``(SKIPPED_SEEN, whole entry)``; only entries already seen are read back."""
        assert self._store is not None and self._restorer is not None
        known = self._store.seen([entry_id_of(e) for e in entries], start)
        for entry in entries:
            previous = known.get(entry_id_of(entry))
            if previous is None:
                yield None, entry
                continue
            full = self._restorer.restore(entry)
            if previous["entry_sha256"] in (None, full.get("entry_sha256")):
                self.skipped.inc()
                yield SKIPPED_SEEN, {**full, "reason": "seen_before"}
            else:
                self.refetch.inc()
                yield None, {**full, "previous": previous}


class SkipSeen(beam.PTransform):
    """Unique entries (or hosts' entries) → entries to fetch, with ``skipped_seen``."""

    def __init__(
        self, state_uri: str, window_start: str | None, spill_dir: str | None = None
    ) -> None:
        super().__init__()
        self._fn = SkipSeenFn(state_uri, window_start, spill_dir)

    def expand(self, entries):
        return entries | "LookUpState" >> beam.ParDo(self._fn).with_outputs(
            SKIPPED_SEEN, main="new"
        )
