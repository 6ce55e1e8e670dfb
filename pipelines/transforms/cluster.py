"""ClusterArticles: syndicated copies linked to the first-seen copy of their story.

Within a run, done the Beam way so it runs in parallel on any runner::

    articles ─► Sign (MinHash, LSH band keys; earlier windows' clusters from the state store)
             ─► BandMembers: the article waits (batch: spilled to disk, a slim reference goes
                 on); one member per band partition (order key, band keys, where to find the
                 signature) ─► GroupByKey ─► per partition: band buckets ─► candidate pairs
                 ─► verify (signatures read back for members of shared buckets only)
             ─► earliest verified match per article ─► Assign (cluster root)

Every article still yields a record. The first-seen copy of a story is its cluster's canonical
member (``cluster_id`` = its article id, ``duplicate_of`` null); a later copy carries
``duplicate_of`` and ``cluster_id`` = the canonical member's article id and ``similarity`` =
its similarity to the copy it matched. "First seen" means: an earlier window first (found in
the state store by band key), then the earliest published copy of this run (undated last, ties
by article id).

A copy can match only a later copy of the original (C ~ B ~ A, but not C ~ A); it then joins
B's cluster. That walk needs the verified links of the run's *copies* (id → earlier id, about
100 bytes each) as a side input — copies only, never the articles or their texts.

Revisions (an article already emitted by an earlier window whose text changed) keep the
cluster they had; an unchanged re-fetch is ``skipped_seen``.
"""

from __future__ import annotations

import hashlib
import struct
from array import array
from typing import Any

import apache_beam as beam
import numpy as np
from apache_beam.metrics import Metrics
from apache_beam.transforms.window import GlobalWindows

from pipelines.core.neardup import (
    NearDupSettings,
    Signature,
    is_copy,
    line_keys,
    signature,
    site_of,
    text_keys,
    without_lines,
)
from pipelines.core.settings import DedupConfig
from pipelines.core.state import open_state
from pipelines.transforms.common.outputs import SKIPPED_SEEN
from pipelines.transforms.common.spill import (
    SPILLED,
    PartitionFiles,
    Restorer,
    Spiller,
    read_records,
)
from pipelines.transforms.common.windows import window_start_key

__all__ = ["CLUSTERS", "ClusterArticles"]

CLUSTERS = "clusters"
MAX_BUCKET = 32
"""Members of one band bucket paired with each other; a bigger bucket (text shared by hundreds
of pages: template lines, stock phrases) pairs each member with its ``MAX_BUCKET``
predecessors only, so candidate pairs stay ≤ bands × MAX_BUCKET per article. A copy still
finds an earlier copy of its story: it shares many bands with it, and chains of copies end in
the same cluster."""


def copy_order(article: dict[str, Any]) -> tuple:
    """First seen within a run: the earliest published copy; undated copies come last."""
    published = article.get("entry_published") or article.get("page_date")
    return (published is None, published or "", article["article_id"])


PLAIN_LINES_KEPT = 100_000
"""Line keys known not to be template kept per SignFn instance (about 10 MB)."""


class SignFn(beam.DoFn):
    """Signs each article and looks for an earlier window's copy of it in the state store.

    The signature leaves out the page's template lines: lines that ``template_pages`` earlier
    pages of its site carried (``StateStore.template_lines``, asked once per line and window).
    """

    def __init__(
        self, settings: NearDupSettings, state_uri: str, window_start: str | None
    ) -> None:
        self._settings = settings
        self._state_uri = state_uri
        self._window_start = window_start  # None in a stream: each article's window's start
        self._store = None
        self._template: set[tuple[str, int]] = set()  # (window start, line key): template
        self._plain: set[tuple[str, int]] = set()  # not template; bounded, see _template_of
        self.unchanged = Metrics.counter("dedup", "unchanged_refetch")
        self.template_lines = Metrics.counter("dedup", "template_lines_left_out")
        self.revisions = Metrics.counter("dedup", "revisions")
        self.joined = Metrics.counter("dedup", "joined_earlier_cluster")

    def setup(self) -> None:
        self._store = open_state(self._state_uri, read_only=True)

    def teardown(self) -> None:
        if self._store is not None:
            self._store.close()

    def process(self, article: dict[str, Any], window=beam.DoFn.WindowParam):
        assert self._store is not None
        previous = article.get("previous")
        if previous and previous["content_sha256"] == article["content_sha256"]:
            self.unchanged.inc()
            yield beam.pvalue.TaggedOutput(SKIPPED_SEEN, {**article, "reason": "unchanged"})
            return
        site = site_of(article.get("canonical_url"))
        start = window_start_key(window, self._window_start)
        lines = line_keys(article["text"], site)
        text = without_lines(article["text"], site, self._template_of(lines, start))
        sig = signature(text, self._settings)
        keys = text_keys(text, sig, self._settings)
        article = {
            **article,
            "signature": sig.values,
            "shingles": sig.shingles,
            "band_keys": keys,
            "line_keys": lines,
            "order": copy_order(article),
            "site": site,
        }
        if previous:  # a revision stays in its cluster
            self.revisions.inc()
            article["fixed"] = {
                "cluster_id": previous["cluster_id"],
                "duplicate_of": previous["duplicate_of"],
                "similarity": None,
                "revision_of": previous["record_id"],
            }
        else:
            match = self._earlier_copy(article["article_id"], site, sig, keys, start)
            if match is not None:
                self.joined.inc()
                article["fixed"] = match
        yield article

    def _template_of(self, lines: list[int], window_start: str) -> set[int]:
        """Which of the page's line keys are its site's template (known before this window).

        Both answers are kept: a window's earlier pages do not change while it runs. Template
        lines are few; the others are mostly the one page's own text, so that set is emptied
        when it reaches ``PLAIN_LINES_KEPT`` (bounded memory, at the cost of asking again).
        """
        pages = self._settings.template_pages
        if not pages or not lines:
            return set()
        keys = [(window_start, line) for line in lines]
        unknown = [k for k in keys if k not in self._template and k not in self._plain]
        if unknown:
            assert self._store is not None
            found = self._store.template_lines([k[1] for k in unknown], window_start, pages)
            if len(self._plain) + len(unknown) > PLAIN_LINES_KEPT:
                self._plain.clear()
            for key in unknown:
                (self._template if key[1] in found else self._plain).add(key)
        template = {k[1] for k in keys if k in self._template}
        self.template_lines.inc(len(template))
        return template

    def _earlier_copy(
        self, own_id: str, site: str, sig: Signature, keys: list[int], window_start: str
    ):
        for candidate in self._store.similar(keys, window_start):  # oldest first
            if candidate["article_id"] == own_id:
                continue
            other = Signature(candidate["signature"], candidate["shingles"])
            same_site = site_of(candidate["canonical_url"]) == site
            copy, score = is_copy(sig, other, self._settings, same_site=same_site)
            if copy:
                return {
                    "cluster_id": candidate["cluster_id"],
                    "duplicate_of": candidate["cluster_id"],
                    "similarity": score,
                    "revision_of": None,
                }
        return None


BAND_PARTITIONS = 8
"""Band keys are grouped by ``key % BAND_PARTITIONS``, not one group per key: an article sends
one member (one small ``bytes``) to each partition instead of one element per band; each band
key still lives in exactly one group, where its bucket is formed; the partitions run in
parallel."""
BANDS = "bands"
_MEMBER = struct.Struct("<BHH8s")  # payload kind, order key length, payload length, site
_SPILLED, _INLINE = 0, 1


def order_key(order: tuple) -> bytes:
    """``copy_order`` as bytes that sort the same way (no field holds a NUL)."""
    undated, published, aid = order
    return (b"1" if undated else b"0") + published.encode() + b"\0" + aid.encode()


def _article_id_of(key: bytes) -> str:
    return key.rsplit(b"\0", 1)[1].decode()


def band_members(article: dict[str, Any], partitions: int = BAND_PARTITIONS, ref: bytes = b""):
    """(partition, member) for every partition holding a band key of the article.

    A member packs the article's order key, a hash of its site, its band keys in the partition
    and how to find its signature: a spill reference (batch) or, without one, the signature itself.
    """
    if ref:
        kind, payload = _SPILLED, ref
    else:
        kind = _INLINE
        payload = struct.pack("<I", article["shingles"]) + article["signature"]
    key = order_key(article["order"])
    site = hashlib.blake2b(article.get("site", "").encode(), digest_size=8).digest()
    head = _MEMBER.pack(kind, len(key), len(payload), site) + key + payload
    by_partition: dict[int, list[int]] = {}
    for band in article["band_keys"]:
        by_partition.setdefault(band % partitions, []).append(band)
    for part, keys in by_partition.items():
        yield part, head + array("q", keys).tobytes()


def _member_parts(member: bytes) -> tuple[bytes, int, bytes, bytes]:
    """(order key, payload kind, payload, packed band keys) of a member."""
    kind, key_len, payload_len, _ = _MEMBER.unpack_from(member)
    at = _MEMBER.size
    key = member[at : at + key_len]
    payload = member[at + key_len : at + key_len + payload_len]
    return key, kind, payload, member[at + key_len + payload_len :]


def member_site(member: bytes) -> bytes:
    """The 8-byte hash of the member's site (``host:port``)."""
    return _MEMBER.unpack_from(member)[3]


def read_member(member: bytes) -> tuple[bytes, int, bytes, array]:
    """(order key, payload kind, payload, band keys) of a member."""
    key, kind, payload, bands = _member_parts(member)
    return key, kind, payload, array("q", bands)


def bucket_pairs(members: list[bytes]):
    """(later, earlier) member indexes from the band buckets of one partition, each pair once.

    Within a bucket, ordered by order key, each member is paired with its ``MAX_BUCKET``
    predecessors. The buckets are found by sorting all (band key, member) pairs in two numpy
    arrays (16 bytes a membership), not in a dict of lists: only buckets of two or more
    members become Python objects."""
    chunks = [_member_parts(member)[3] for member in members]
    bands = np.frombuffer(b"".join(chunks), dtype=np.int64)
    owners = np.repeat(np.arange(len(members), dtype=np.int64), [len(c) // 8 for c in chunks])
    del chunks
    by_band = np.argsort(bands, kind="stable")
    bands, owners = bands[by_band], owners[by_band]
    del by_band
    starts = np.flatnonzero(np.concatenate(([len(bands) > 0], bands[1:] != bands[:-1])))
    ends = np.append(starts[1:], len(bands))
    shared = np.flatnonzero(ends - starts >= 2)
    keys: dict[int, bytes] = {}

    def order_of(index: int) -> bytes:
        if index not in keys:
            keys[index] = read_member(members[index])[0]
        return keys[index]

    seen: set[tuple[int, int]] = set()
    for group in shared:
        bucket = {int(i) for i in owners[starts[group] : ends[group]]}
        if len(bucket) < 2:
            continue
        ordered = sorted(bucket, key=order_of)
        for at in range(1, len(ordered)):
            later = ordered[at]
            for earlier in ordered[max(0, at - MAX_BUCKET) : at]:
                if (later, earlier) not in seen:
                    seen.add((later, earlier))
                    yield later, earlier


class BandMembersFn(beam.DoFn):
    """Articles → articles waiting for the links (slim, spilled, with ``spill_dir``) + ``bands``.

    With ``spill_dir`` (batch) the members go to one file per bundle and partition, and only
    ``(partition, file)`` crosses the shuffle; the spilled article holds its signature, which
    ``VerifyBucketsFn`` reads back for the few members that share a bucket. Without one (a
    stream, one window at a time) the members themselves cross it, carrying their signature.
    """

    def __init__(self, spill_dir: str | None) -> None:
        self._spill_dir = spill_dir
        self._spiller: Spiller | None = None
        self._files: PartitionFiles | None = None

    def start_bundle(self) -> None:
        if self._spill_dir is not None:
            self._spiller = Spiller(self._spill_dir, ("article_id", "fixed"))
            self._files = PartitionFiles(self._spill_dir, "bands", max_open=BAND_PARTITIONS)

    def finish_bundle(self):
        if self._spiller is not None and self._files is not None:
            self._spiller.close()
            for part, path in sorted(self._files.close()):
                yield beam.pvalue.TaggedOutput(BANDS, GlobalWindows.windowed_value((part, path)))

    def process(self, article: dict[str, Any]):
        if self._spiller is None:
            yield article
            for member in band_members(article):
                yield beam.pvalue.TaggedOutput(BANDS, member)
            return
        waiting = self._spiller.spill(article)  # also creates the directory
        yield waiting
        assert self._files is not None
        for part, member in band_members(article, ref=waiting[SPILLED]):
            self._files.write(part, member)


class VerifyBucketsFn(beam.DoFn):
    """One band partition → verified links: (later id, (earlier order key, earlier id, score))."""

    def __init__(self, settings: NearDupSettings, spill_dir: str | None) -> None:
        self._settings = settings
        self._spill_dir = spill_dir
        self._restorer: Restorer | None = None
        self.verified = Metrics.counter("dedup", "pairs_verified")
        self.rejected = Metrics.counter("dedup", "pairs_rejected")

    def setup(self) -> None:
        self._restorer = Restorer(self._spill_dir)

    def teardown(self) -> None:
        if self._restorer is not None:
            self._restorer.close()

    def _signature(self, member: bytes) -> Signature:
        assert self._restorer is not None
        _, kind, payload, _ = read_member(member)
        if kind == _INLINE:
            return Signature(payload[4:], struct.unpack_from("<I", payload)[0])
        article = self._restorer.restore({SPILLED: payload})
        return Signature(article["signature"], article["shingles"])

    def process(self, partition: tuple[int, Any]):
        _, items = partition
        members: list[bytes] = []
        for item in items:  # a bundle's file of members (batch) or a member (stream)
            if isinstance(item, str):
                members += read_records(item)
            else:
                members.append(item)
        signatures: dict[int, Signature] = {}  # read once per member of a shared bucket

        def signature_of(index: int) -> Signature:
            if index not in signatures:
                signatures[index] = self._signature(members[index])
            return signatures[index]

        for later, earlier in bucket_pairs(members):
            same_site = member_site(members[later]) == member_site(members[earlier])
            copy, score = is_copy(
                signature_of(later), signature_of(earlier), self._settings, same_site=same_site
            )
            if copy:
                self.verified.inc()
                key = read_member(members[earlier])[0]
                later_id = _article_id_of(read_member(members[later])[0])
                yield later_id, (key, _article_id_of(key), score)
            else:
                self.rejected.inc()


def earliest_match(matches) -> tuple:
    return min(matches)


class AssignFn(beam.DoFn):
    """Sets ``cluster_id``, ``duplicate_of``, ``similarity`` and ``revision_of``."""

    def __init__(self, spill_dir: str | None = None) -> None:
        self._spill_dir = spill_dir
        self._restorer: Restorer | None = None

    def start_bundle(self) -> None:
        self._restorer = Restorer(self._spill_dir)

    def finish_bundle(self) -> None:
        if self._restorer is not None:
            self._restorer.close()

    def process(self, article: dict[str, Any], links: dict[str, tuple], anchors: dict[str, str]):
        assert self._restorer is not None
        article = self._restorer.restore(article)  # a spilled article comes back whole
        out = {k: v for k, v in article.items() if k not in ("order", "fixed", "previous", "site")}
        fixed = article.get("fixed")
        if fixed is not None:
            out.update(fixed)
        elif article["article_id"] in links:
            _, parent, score = links[article["article_id"]]
            out.update(
                cluster_id=root_cluster(parent, links, anchors),
                similarity=score,
                revision_of=None,
            )
            out["duplicate_of"] = out["cluster_id"]
        else:
            out.update(
                cluster_id=article["article_id"],
                duplicate_of=None,
                similarity=None,
                revision_of=None,
            )
        yield out
        if out["duplicate_of"] is not None and out["revision_of"] is None:
            yield beam.pvalue.TaggedOutput(CLUSTERS, out["cluster_id"])


def root_cluster(parent: str, links: dict[str, tuple], anchors: dict[str, str]) -> str:
    """The cluster of ``parent``: walk the verified links to a member without an earlier one."""
    node = parent
    for _ in range(len(links) + 1):  # links always point to earlier copies: no cycles
        if node in anchors:
            return anchors[node]
        if node not in links:
            return node
        node = links[node][1]
    return node


class ClusterArticles(beam.PTransform):
    """Articles → clustered articles, with ``skipped_seen`` and ``clusters`` outputs.

    With ``spill_dir`` (batch), the articles wait for the run's links in files there
    (``pipelines.transforms.common.spill``) instead of in the runner's memory.
    """

    def __init__(
        self,
        dedup: DedupConfig,
        state_uri: str,
        window_start: str | None,
        spill_dir: str | None = None,
    ) -> None:
        super().__init__()
        self._settings = dedup.neardup()
        self._state_uri = state_uri
        self._window_start = window_start
        self._spill_dir = spill_dir

    def expand(self, articles):
        signed = articles | "Sign" >> beam.ParDo(
            SignFn(self._settings, self._state_uri, self._window_start)
        ).with_outputs(SKIPPED_SEEN, main="signed")
        fresh = signed.signed
        waiting = fresh | "BandMembers" >> beam.ParDo(BandMembersFn(self._spill_dir)).with_outputs(
            BANDS, main="waiting"
        )
        links = (
            waiting[BANDS]
            | "GroupByBand" >> beam.GroupByKey()
            | "VerifyBuckets" >> beam.ParDo(VerifyBucketsFn(self._settings, self._spill_dir))
            | "EarliestMatch" >> beam.CombinePerKey(earliest_match)
        )
        anchors = (
            fresh
            | "Anchored" >> beam.Filter(lambda a: a.get("fixed") is not None)
            | "AnchorCluster" >> beam.Map(lambda a: (a["article_id"], a["fixed"]["cluster_id"]))
        )
        assigned = waiting.waiting | "Assign" >> beam.ParDo(
            AssignFn(self._spill_dir),
            links=beam.pvalue.AsDict(links),
            anchors=beam.pvalue.AsDict(anchors),
        ).with_outputs(CLUSTERS, main="articles")
        clusters = assigned[CLUSTERS] | "DistinctClusters" >> beam.Distinct()
        return {
            "articles": assigned.articles,
            SKIPPED_SEEN: signed[SKIPPED_SEEN],
            CLUSTERS: clusters,
        }
