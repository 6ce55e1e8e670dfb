"""Deduplication before fetching (copies of a story are clustered later, in ``cluster``).

- ``DeduplicateUrls``: entries without a fetchable URL become dead letters; entries are keyed
  by canonical URL so each article is fetched once per run, the other copies are ``filtered``
  (reason ``duplicate_url``).
- ``SkipSeen``: articles that an earlier window already emitted are ``skipped_seen`` — unless
  their feed entry changed (title, summary, dates), in which case the page is fetched again
  and compared with the stored version: a changed text becomes a revision record.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.metrics import Metrics
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec, TimerSpec, on_timer
from apache_beam.utils.timestamp import Duration

from pipelines.core.state import open_state
from pipelines.core.urls import UrlError, article_id, canonicalize, check_fetchable
from pipelines.transforms.errors import DEAD_LETTER, dead_letter
from pipelines.transforms.spill import Restorer, Spiller
from pipelines.transforms.windows import in_window, window_start_key

FILTERED = "filtered"
SKIPPED_SEEN = "skipped_seen"
_ENTRY_FIELDS = ("entry_title", "entry_summary", "entry_published", "entry_updated")


def entry_sha256(entry: dict[str, Any]) -> str:
    """Hash of what a feed says about an entry; a change suggests the article was updated."""
    fields = [entry.get(name) for name in _ENTRY_FIELDS]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


class KeyByCanonicalUrlFn(beam.DoFn):
    """Checks the entry's link and keys it by canonical URL (by its ``article_id``).

    With ``spill_dir`` (batch), the keyed entry is spilled and a compact slim one (a reference
    and the ``fetch_url``, one bytes object: ``Spiller.spill_compact``) goes on through the
    shuffles to the fetcher, which reads it back whole; the key is then the id's 16 raw bytes.
    """

    def __init__(self, spill_dir: str | None = None) -> None:
        self._spill_dir = spill_dir
        self._spiller: Spiller | None = None
        self.rejected = Metrics.counter("entries", "rejected_url")

    def start_bundle(self) -> None:
        if self._spill_dir is not None:
            self._spiller = Spiller(self._spill_dir, ())

    def finish_bundle(self) -> None:
        if self._spiller is not None:
            self._spiller.close()

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
        # Keyed by the article id (a hash of the canonical URL): the same groups, smaller keys.
        if self._spiller is None:
            yield keyed["article_id"], keyed
        else:
            slim = self._spiller.spill_compact(keyed, "fetch_url")
            yield bytes.fromhex(keyed["article_id"]), slim


def _entry_order(entry: dict[str, Any]) -> tuple:
    return entry["source_id"], entry["feed_url"], entry["position"]


class KeepFirstEntryFn(beam.DoFn):
    """One entry per canonical URL (as it came: slim or whole); the rest are ``filtered``."""

    def __init__(self, spill_dir: str | None = None) -> None:
        self._spill_dir = spill_dir
        self._restorer: Restorer | None = None

    def setup(self) -> None:
        self._restorer = Restorer(self._spill_dir)

    def teardown(self) -> None:
        if self._restorer is not None:
            self._restorer.close()

    def process(self, keyed: tuple[str, Any]):
        assert self._restorer is not None
        _, entries = keyed
        entries = list(entries)
        if len(entries) == 1:  # the common case: nothing to read back
            yield entries[0]
            return
        whole = sorted(
            ((self._restorer.restore(e), e) for e in entries),
            key=lambda pair: _entry_order(pair[0]),
        )
        (first, as_came), extras = whole[0], whole[1:]
        yield as_came
        for extra, _ in extras:
            yield beam.pvalue.TaggedOutput(
                FILTERED,
                {**extra, "reason": "duplicate_url", "duplicate_of": first["article_id"]},
            )


class DeduplicateUrls(beam.PTransform):
    """Entries → unique entries, with ``filtered`` and ``dead_letter`` outputs.

    The input is one PCollection of entries or a tuple of them (each is keyed where it is made,
    so no whole entries are gathered in between). With ``spill_dir`` the unique entries are
    slim (see ``KeyByCanonicalUrlFn``).
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
        unique = (
            tuple(k.keyed for k in keyed)
            | "AllKeyed" >> beam.Flatten()
            | "GroupByCanonicalUrl" >> beam.GroupByKey()
            | "KeepFirstEntry"
            >> beam.ParDo(KeepFirstEntryFn(self._spill_dir)).with_outputs(FILTERED, main="unique")
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
    fixed window gives it.
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

    def process(self, entry: dict[str, Any], window=beam.DoFn.WindowParam):
        self._batch.append((entry, window))
        if len(self._batch) >= self.BATCH:
            yield from self._flush()

    def finish_bundle(self):
        yield from self._flush()

    def _flush(self):
        assert self._store is not None and self._restorer is not None
        batch, self._batch = self._batch, []
        by_window: dict[str, list[tuple[dict[str, Any], Any]]] = {}
        for entry, window in batch:
            key = window_start_key(window, self._window_start)
            by_window.setdefault(key, []).append((entry, window))
        for start, items in by_window.items():
            # A slim entry is read back for its ids; it goes on slim, or whole with ``previous``.
            whole = [self._restorer.restore(e) for e, _ in items]
            known = self._store.seen([e["article_id"] for e in whole], start)
            for full, (entry, window) in zip(whole, items, strict=True):
                previous = known.get(full["article_id"])
                if previous is None:
                    yield in_window(entry, window)
                elif previous["entry_sha256"] in (None, full.get("entry_sha256")):
                    self.skipped.inc()
                    seen = {**full, "reason": "seen_before"}
                    yield beam.pvalue.TaggedOutput(SKIPPED_SEEN, in_window(seen, window))
                else:
                    self.refetch.inc()
                    yield in_window({**full, "previous": previous}, window)


class SkipSeen(beam.PTransform):
    """Unique entries → entries to fetch, with ``skipped_seen``."""

    def __init__(
        self, state_uri: str, window_start: str | None, spill_dir: str | None = None
    ) -> None:
        super().__init__()
        self._fn = SkipSeenFn(state_uri, window_start, spill_dir)

    def expand(self, entries):
        return entries | "LookUpState" >> beam.ParDo(self._fn).with_outputs(
            SKIPPED_SEEN, main="new"
        )
