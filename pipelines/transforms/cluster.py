"""ClusterArticles: syndicated copies linked to the first-seen copy of their story.

Within a run, done the Beam way so it runs in parallel on any runner::

    articles ─► Sign (MinHash, LSH band keys; earlier windows' clusters from the state store)
             ─► (band partition, slim member) ─► GroupByKey ─► band buckets ─► candidate pairs
             ─► Distinct
             ─► join both signatures (two CoGroupByKeys) ─► verify (similarity ≥ threshold)
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

from array import array
from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipelines.core.neardup import NearDupSettings, Signature, band_keys, is_copy, signature
from pipelines.core.state import open_state
from pipelines.transforms.spill import Restorer, SpillFn
from pipelines.transforms.windows import window_start_key

SKIPPED_SEEN = "skipped_seen"
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


class SignFn(beam.DoFn):
    """Signs each article and looks for an earlier window's copy of it in the state store."""

    def __init__(
        self, settings: NearDupSettings, state_uri: str, window_start: str | None
    ) -> None:
        self._settings = settings
        self._state_uri = state_uri
        self._window_start = window_start  # None in a stream: each article's window's start
        self._store = None
        self.unchanged = Metrics.counter("dedup", "unchanged_refetch")
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
        sig = signature(article["text"], self._settings)
        keys = band_keys(sig, self._settings)
        article = {
            **article,
            "signature": sig.values,
            "shingles": sig.shingles,
            "band_keys": keys,
            "order": copy_order(article),
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
            start = window_start_key(window, self._window_start)
            match = self._earlier_copy(article["article_id"], sig, keys, start)
            if match is not None:
                self.joined.inc()
                article["fixed"] = match
        yield article

    def _earlier_copy(self, own_id: str, sig: Signature, keys: list[int], window_start: str):
        for candidate in self._store.similar(keys, window_start):  # oldest first
            if candidate["article_id"] == own_id:
                continue
            other = Signature(candidate["signature"], candidate["shingles"])
            copy, score = is_copy(sig, other, self._settings)
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
one slim element (its order and the band keys that fall in the partition, packed) to each
partition instead of one element per band, so the shuffle holds a few hundred bytes per
article rather than ~40 small tuples. Each band key still lives in exactly one group, where
its bucket is formed as before; the partitions run in parallel."""


def band_members(article: dict[str, Any], partitions: int = BAND_PARTITIONS):
    """(partition, (order, packed band keys)) for every partition holding a band of the article."""
    by_partition: dict[int, list[int]] = {}
    for key in article["band_keys"]:
        by_partition.setdefault(key % partitions, []).append(key)
    for part, keys in by_partition.items():
        yield part, (article["order"], array("q", keys).tobytes())


def bucket_pairs(keyed: tuple[int, Any]):
    """(later id, earlier id) for the members of each band bucket of one partition."""
    _, members = keyed
    buckets: dict[int, list[tuple]] = {}
    for order, packed in members:
        member = (tuple(order), order[2])
        for key in array("q", packed):
            buckets.setdefault(key, []).append(member)
    for bucket in buckets.values():
        if len(bucket) < 2:
            continue
        ordered = sorted(set(bucket))
        for index in range(1, len(ordered)):
            later = ordered[index][1]
            for _, earlier in ordered[max(0, index - MAX_BUCKET) : index]:
                yield later, earlier


def _signature_of(article: dict[str, Any]) -> tuple[str, tuple]:
    return article["article_id"], (article["signature"], article["shingles"], article["order"])


def pairs_with_later_signature(joined: tuple[str, dict[str, list]]):
    """(earlier id, (later id, later signature)) for each candidate pair."""
    later, groups = joined
    if not groups["signature"]:
        return
    sig = groups["signature"][0]
    for earlier in groups["earlier"]:
        yield earlier, (later, sig)


class VerifyPairsFn(beam.DoFn):
    """Keeps the candidate pairs whose texts are copies: (later id, (order, earlier id, score))."""

    def __init__(self, settings: NearDupSettings) -> None:
        self._settings = settings
        self.verified = Metrics.counter("dedup", "pairs_verified")
        self.rejected = Metrics.counter("dedup", "pairs_rejected")

    def process(self, joined: tuple[str, dict[str, list]]):
        earlier, groups = joined
        if not groups["signature"]:
            return
        values, shingles, order = groups["signature"][0]
        mine = Signature(values, shingles)
        for later, (other_values, other_shingles, _) in groups["later"]:
            copy, score = is_copy(mine, Signature(other_values, other_shingles), self._settings)
            if copy:
                self.verified.inc()
                yield later, (order, earlier, score)
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
        out = {k: v for k, v in article.items() if k not in ("order", "fixed", "previous")}
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
    (``pipelines.transforms.spill``) instead of in the runner's memory.
    """

    def __init__(
        self,
        settings: NearDupSettings,
        state_uri: str,
        window_start: str | None,
        spill_dir: str | None = None,
    ) -> None:
        super().__init__()
        self._settings = settings
        self._state_uri = state_uri
        self._window_start = window_start
        self._spill_dir = spill_dir

    def expand(self, articles):
        signed = articles | "Sign" >> beam.ParDo(
            SignFn(self._settings, self._state_uri, self._window_start)
        ).with_outputs(SKIPPED_SEEN, main="signed")
        fresh = signed.signed
        pairs = (
            fresh
            | "BandMembers" >> beam.FlatMap(band_members)
            | "GroupByBand" >> beam.GroupByKey()
            | "BucketPairs" >> beam.FlatMap(bucket_pairs)
            | "DistinctPairs" >> beam.Distinct()
        )
        signatures = fresh | "Signatures" >> beam.Map(_signature_of)
        with_later = (
            {"signature": signatures, "earlier": pairs}
            | "JoinLater" >> beam.CoGroupByKey()
            | "LaterSignature" >> beam.FlatMap(pairs_with_later_signature)
        )
        links = (
            {"signature": signatures, "later": with_later}
            | "JoinEarlier" >> beam.CoGroupByKey()
            | "Verify" >> beam.ParDo(VerifyPairsFn(self._settings))
            | "EarliestMatch" >> beam.CombinePerKey(earliest_match)
        )
        anchors = (
            fresh
            | "Anchored" >> beam.Filter(lambda a: a.get("fixed") is not None)
            | "AnchorCluster" >> beam.Map(lambda a: (a["article_id"], a["fixed"]["cluster_id"]))
        )
        waiting = fresh
        if self._spill_dir is not None:  # the articles wait for the links on disk
            waiting = fresh | "Spill" >> beam.ParDo(
                SpillFn(self._spill_dir, ("article_id", "fixed"))
            )
        assigned = waiting | "Assign" >> beam.ParDo(
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
