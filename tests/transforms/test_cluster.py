import random

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.core.fingerprint import content_sha256
from pipelines.core.neardup import band_keys, line_keys, signature, site_of
from pipelines.core.settings import DedupConfig
from pipelines.core.state import open_state
from pipelines.transforms.cluster import (
    CLUSTERS,
    MAX_BUCKET,
    ClusterArticles,
    band_members,
    bucket_pairs,
    order_key,
    read_member,
    root_cluster,
)
from pipelines.transforms.common.outputs import SKIPPED_SEEN
from tests.support import story_text

DEDUP = DedupConfig()
S = DEDUP.neardup()
W1, W2 = "2026-11-27T12:00:00Z", "2026-11-27T12:15:00Z"
STORM = story_text("Storm Bracken", 8)
VOTE = story_text("Assembly vote", 8)


def article(aid, paragraphs, published=None, **extra):
    text = "\n".join(paragraphs)
    return {
        "article_id": aid,
        "text": text,
        "content_sha256": content_sha256(text),
        "entry_published": published,
        **extra,
    }


def copy_of(paragraphs, headline, keep):
    """An outlet's copy: its own headline, a dateline, the first ``keep`` paragraphs."""
    return [headline, "PORT VELL (Wire) - " + paragraphs[0], *paragraphs[1:keep]]


def run(articles, uri, expected, options=None, spill_dir=None, dedup=DEDUP):
    """Runs ClusterArticles for window W2; ``expected`` has articles, clusters, skipped."""
    with TestPipeline(options=options) as p:
        result = p | beam.Create(articles) | ClusterArticles(dedup, uri, W2, spill_dir)
        assert_that(  # every article leaves whole, spilled or not
            result["articles"] | "Texts" >> beam.Map(lambda a: (a["article_id"], a["text"])),
            equal_to(
                [
                    (a["article_id"], a["text"])
                    for a in articles
                    if a["article_id"] not in expected["skipped"]
                ]
            ),
            label="texts",
        )
        assert_that(
            result["articles"]
            | "A"
            >> beam.Map(
                lambda a: (a["article_id"], a["cluster_id"], a["duplicate_of"], a["revision_of"])
            ),
            equal_to(expected["articles"]),
            label="articles",
        )
        assert_that(result[CLUSTERS], equal_to(expected["clusters"]), label="clusters")
        assert_that(
            result[SKIPPED_SEEN] | "S" >> beam.Map(lambda a: a["article_id"]),
            equal_to(expected["skipped"]),
            label="skipped",
        )


@pytest.fixture
def empty_store(tmp_path):
    uri = f"sqlite:///{tmp_path / 'state.db'}"
    open_state(uri).close()
    return uri


TWO_PROCESSES = PipelineOptions(
    ["--direct_num_workers=2", "--direct_running_mode=multi_processing"]
)


@pytest.mark.parametrize(
    ("options", "spill"),
    [(None, False), (TWO_PROCESSES, False), (TWO_PROCESSES, True)],
    ids=["in_memory", "two_processes", "two_processes_spilled"],
)
def test_copies_join_the_earliest_published_copy(empty_store, options, spill, tmp_path):
    articles = [
        article("wire", STORM, "2026-11-27T08:00:00Z"),
        article("copy1", copy_of(STORM, "Storm cuts power", 6), "2026-11-27T09:00:00Z"),
        article("copy2", copy_of(STORM, "Islands battered", 4), "2026-11-27T10:00:00Z"),
        article("undated", copy_of(STORM, "Storm latest", 7)),
        article("vote", VOTE, "2026-11-27T07:00:00Z"),
    ]
    expected = dict(
        articles=[
            ("wire", "wire", None, None),
            ("copy1", "wire", "wire", None),
            ("copy2", "wire", "wire", None),
            ("undated", "wire", "wire", None),
            ("vote", "vote", None, None),
        ],
        clusters=["wire"],
        skipped=[],
    )
    spill_dir = tmp_path / "spill"
    run(
        articles,
        empty_store,
        expected,
        options=options,
        spill_dir=str(spill_dir) if spill else None,
    )
    assert spill_dir.is_dir() == spill
    if spill:  # one file per bundle of the Sign stage, holding every article
        assert sum(f.stat().st_size for f in spill_dir.iterdir()) > len(STORM)


def test_copies_of_an_earlier_window_join_its_cluster_and_revisions_keep_theirs(tmp_path):
    uri = f"sqlite:///{tmp_path / 'state.db'}"
    old_text = "\n".join(STORM)
    sig = signature(old_text, S)
    with open_state(uri) as store:
        store.commit(
            [
                {
                    "article_id": "old-wire",
                    "canonical_url": "u",
                    "record_id": "1" * 32,
                    "content_sha256": content_sha256(old_text),
                    "cluster_id": "old-wire",
                    "signature": sig.values,
                    "shingles": sig.shingles,
                    "band_keys": band_keys(sig, S),
                },
            ],
            W1,
        )
    previous = {
        "record_id": "2" * 32,
        "content_sha256": content_sha256("\n".join(VOTE)),
        "cluster_id": "vote-cluster",
        "duplicate_of": "vote-cluster",
    }
    articles = [
        article("late-copy", copy_of(STORM, "Storm aftermath", 5), "2026-11-27T12:05:00Z"),
        # A copy of the late copy within this run: it joins the old cluster through it.
        article("later-copy", copy_of(STORM, "Cleanup", 5), "2026-11-27T12:10:00Z"),
        article("vote-revised", [*VOTE[:7], "A late paragraph with news."], previous=previous),
        article("vote-same", VOTE, previous={**previous, "record_id": "3" * 32}),
    ]
    expected = dict(
        articles=[
            ("late-copy", "old-wire", "old-wire", None),
            ("later-copy", "old-wire", "old-wire", None),
            ("vote-revised", "vote-cluster", "vote-cluster", "2" * 32),
        ],
        clusters=["old-wire"],
        skipped=["vote-same"],
    )
    run(articles, uri, expected)


def with_bands(order: tuple, keys: list[int]) -> dict:
    return {"order": order, "band_keys": keys, "signature": bytes(16), "shingles": 3}


def ids_of(members: list[bytes], pairs) -> list[tuple[str, str]]:
    aid = [read_member(m)[0].rsplit(b"\0", 1)[1].decode() for m in members]
    return [(aid[later], aid[earlier]) for later, earlier in pairs]


def test_bucket_pairs_are_bounded_and_ordered():
    orders = [(False, f"2026-11-27T{i:02d}:00:00Z", f"a{i}") for i in range(40)]
    # All forty share band 7; a0 and a1 also share band 15; band 23 has one member only.
    articles = [with_bands(o, [7]) for o in orders[2:]] + [
        with_bands(orders[0], [7, 15, 23]),
        with_bands(orders[1], [15, 7]),
    ]
    members = [m for a in articles for _, m in band_members(a, partitions=1)]
    pairs = ids_of(members, bucket_pairs(members))
    expected = {(f"a{j}", f"a{i}") for j in range(40) for i in range(max(0, j - MAX_BUCKET), j)}
    assert set(pairs) == expected  # each member with its MAX_BUCKET predecessors, no more
    assert len(pairs) == len(set(pairs))  # a1~a0 share two bands: verified once
    assert list(bucket_pairs([])) == []
    extremes = [with_bands(orders[i], [-(2**63), 2**63 - 1]) for i in range(2)]
    members = [m for a in extremes for _, m in band_members(a, partitions=1)]
    assert ids_of(members, bucket_pairs(members)) == [("a1", "a0")]


def test_members_are_small_and_order_like_the_copy_order():
    undated = {**with_bands((True, "", "b" * 32), [1, 2, 3]), "article_id": "b" * 32}
    dated = with_bands((False, "2026-11-27T08:00:00Z", "c" * 32), [4])
    ((_, member),) = band_members(undated, partitions=1, ref=bytes(28))
    # order key, reference, header, site hash, band keys
    assert len(member) < 32 + 28 + 5 + 8 + 3 * 8 + 8
    key, _, payload, bands = read_member(member)
    assert (payload, list(bands)) == (bytes(28), [1, 2, 3])
    assert order_key(dated["order"]) < key  # undated copies come last
    assert order_key((False, "2026-11-27T08:00:00Z", "a")) < order_key(dated["order"])


def test_band_partitions_form_the_same_buckets_as_one_group_per_band():
    rng = random.Random(5)
    articles = [
        with_bands(
            (False, f"2026-11-27T{i % 24:02d}:{i % 60:02d}:00Z", f"id{i:03d}"),
            [rng.randrange(-(2**63), 2**63) if rng.random() < 0.7 else b for b in range(-20, 22)],
        )
        for i in range(120)
    ]
    per_band: dict[int, list] = {}
    for a in articles:
        for key in a["band_keys"]:
            per_band.setdefault(key, []).append((a["order"], a["order"][2]))
    one_group_per_band = set()
    for bucket in per_band.values():
        ordered = sorted(set(bucket))
        for k in range(1, len(ordered)):
            for _, earlier in ordered[max(0, k - MAX_BUCKET) : k]:
                one_group_per_band.add((ordered[k][1], earlier))
    partitions: dict[int, list] = {}
    for a in articles:
        for part, member in band_members(a, partitions=3):
            partitions.setdefault(part, []).append(member)
    assert sorted(partitions) == [0, 1, 2]
    partitioned = {
        pair for members in partitions.values() for pair in ids_of(members, bucket_pairs(members))
    }
    assert partitioned == one_group_per_band and len(partitioned) > 1000


def test_root_cluster_walks_links_to_the_first_copy_or_an_anchor():
    links = {"c": ((), "b", 0.9), "b": ((), "a", 0.8)}
    assert root_cluster("b", links, {}) == "a"
    assert root_cluster("b", links, {"a": "older"}) == "older"
    assert root_cluster("x", links, {}) == "x"


def test_pages_of_one_site_sharing_a_box_stay_apart_and_roundups_join_nothing(empty_store):
    box = story_text("Background on the harbour strike", 3)
    site = "http://127.0.0.1:8001"
    roundup = [*STORM[:2], *story_text("Markets", 3), *VOTE[:2], *story_text("Sport", 2)]
    articles = [
        article("vote", [*VOTE[:2], *box], "2026-11-27T08:00:00Z", canonical_url=site + "/1"),
        # Same site, same box, another story: not a copy (Jaccard below dedup.site_jaccard),
        # though the box is most of it (on two sites it would be one: test_neardup).
        article("storm", [*STORM[:2], *box], "2026-11-27T09:00:00Z", canonical_url=site + "/2"),
        # A re-post on that site: nearly the whole page, so a copy there.
        article("again", [*VOTE[:2], *box, "Updated."], "2026-11-27T10:00:00Z",
                canonical_url=site + "/3"),
        # A short copy of the storm story, then a roundup that quotes it among other stories.
        article("short", copy_of(STORM, "Storm", 2), "2026-11-27T10:30:00Z"),
        article("roundup", roundup, "2026-11-27T11:00:00Z"),
    ]  # fmt: skip
    expected = dict(
        articles=[
            ("vote", "vote", None, None),
            ("storm", "storm", None, None),
            ("again", "vote", "vote", None),
            ("short", "storm", "storm", None),
            ("roundup", "roundup", None, None),
        ],
        clusters=["vote", "storm"],
        skipped=[],
    )
    run(articles, empty_store, expected)


@pytest.mark.parametrize("template_pages", [5, 0], ids=["learned", "off"])
def test_a_sites_template_lines_are_left_out_of_its_fingerprints(tmp_path, template_pages):
    """Five pages of an outlet in an earlier window carried its template lines; its copy of a
    wire story, with those lines, is then a copy of the wire's original."""
    uri = f"sqlite:///{tmp_path / 'state.db'}"
    outlet = "http://127.0.0.1:8001"
    template = story_text("Subscribe to The Harbour Gazette", 4)  # four long template lines
    earlier = []
    for i in range(5):
        text = "\n".join([*story_text(f"Local story {i}", 3), *template])
        sig = signature(text, S)
        earlier.append(
            {
                "article_id": f"gazette-{i}",
                "canonical_url": f"{outlet}/{i}",
                "record_id": f"{i}" * 32,
                "content_sha256": content_sha256(text),
                "cluster_id": f"gazette-{i}",
                "signature": sig.values,
                "shingles": sig.shingles,
                "band_keys": band_keys(sig, S),
                "line_keys": line_keys(text, site_of(f"{outlet}/{i}")),
            }
        )
    with open_state(uri) as store:
        store.commit(earlier, W1)
    articles = [
        article("wire", STORM, "2026-11-27T12:01:00Z", canonical_url="http://127.0.0.1:8002/w"),
        article("gazette-copy", [*copy_of(STORM, "Storm", 3), *template],
                "2026-11-27T12:05:00Z", canonical_url=f"{outlet}/9"),
    ]  # fmt: skip
    joined = template_pages > 0
    expected = dict(
        articles=[
            ("wire", "wire", None, None),
            (
                "gazette-copy",
                "wire" if joined else "gazette-copy",
                "wire" if joined else None,
                None,
            ),
        ],
        clusters=["wire"] if joined else [],
        skipped=[],
    )
    run(articles, uri, expected, dedup=DedupConfig(template_pages=template_pages))
