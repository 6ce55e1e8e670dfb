"""The syndicated-copies benchmark: a deterministic generator, documented edits, correct math."""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.syndication import (
    Scored,
    SqliteBandIndex,
    StoredArticle,
    SyndicationCorpus,
    Text,
    choose_defaults,
    choose_grid,
    chosen_settings,
    cluster,
    evaluate,
    expand,
    find_candidates,
    fingerprint,
    kept_bucket,
    link,
    lookup_benchmark,
    measure_lookup,
    pair_metrics,
    parse_settings,
    precision_recall,
    random_articles,
    real_background,
    recommend,
    roots_of,
    sentences_of,
    split_of,
    story_relation,
    straighten_quotes,
    strip_learned_templates,
    strip_template_lines,
    summarize_sweep,
    words_of,
)
from pipelines.core.neardup import NearDupSettings
from tests.support import story_text

REPO = Path(__file__).resolve().parents[2]
DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z .'-]*(?:, [A-Za-z]+\.? \d+| ?, \d+ [A-Za-z]+)? \((?:Reuters|AP|AFP)\) "
    r"[-—–] |AFP — |[A-Z][A-Z .'-]+ [-—–] )"
)


@pytest.fixture(scope="module")
def corpus() -> SyndicationCorpus:
    return SyndicationCorpus(bases=60, seed=5)


def digest(corpus: SyndicationCorpus) -> str:
    h = hashlib.sha256()
    for t in corpus.texts:
        h.update(f"{t.text_id}|{t.story}|{t.kept}|{t.minute}|{t.edits}|{t.text}\0".encode())
    return h.hexdigest()


def copies(corpus: SyndicationCorpus) -> list[Text]:
    return [t for t in corpus.texts if t.kind == "copy"]


def plain_copies(corpus: SyndicationCorpus) -> list[Text]:
    return [t for t in copies(corpus) if not t.variant]


# --- the generator ------------------------------------------------------------------------------
def test_same_seed_gives_the_same_texts_and_another_seed_does_not():
    assert digest(SyndicationCorpus(bases=25, seed=3)) == digest(
        SyndicationCorpus(bases=25, seed=3)
    )
    assert digest(SyndicationCorpus(bases=25, seed=3)) != digest(
        SyndicationCorpus(bases=25, seed=4)
    )


def test_a_small_corpus_is_a_prefix_of_a_larger_one():
    small, large = SyndicationCorpus(bases=10, seed=2), SyndicationCorpus(bases=20, seed=2)
    by_id = {t.text_id: t for t in large.texts}
    assert all(by_id[t.text_id] == t for t in small.texts)


def test_the_texts_do_not_depend_on_the_hash_seed():
    code = (
        "import hashlib; from benchmarks.syndication import SyndicationCorpus; "
        "c = SyndicationCorpus(bases=40, seed=1); "
        "print(hashlib.sha256('\\0'.join(t.text for t in c.texts).encode()).hexdigest())"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=REPO,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outs) == 1


def test_the_corpus_has_every_kind_of_text(corpus):
    kinds = {t.story_kind for t in corpus.texts}
    assert kinds == {
        "wire", "same_topic", "follow_up", "brief", "roundup", "shared_background", "same_event",
    }  # fmt: skip
    assert {t.kind for t in corpus.texts} == {"original", "copy", "update"}
    assert {t.variant for t in corpus.texts} == {"", "short", "rewritten_lead", "update"}
    minutes = [t.minute for t in corpus.texts]
    assert minutes == sorted(minutes)  # publication order
    assert len({t.text_id for t in corpus.texts}) == len(corpus.texts)
    # Wire originals run 5-10 paragraphs; briefs are short.
    for story, body in corpus.bodies.items():
        if story.endswith("-r"):
            assert 1 <= len(body) <= 2
        elif "-" not in story:
            assert 5 <= len(body) <= 10
        elif story.endswith("-e"):
            assert 4 <= len(body) <= 8
    edits = {e for t in copies(corpus) for e in t.edits}
    assert edits >= {
        "headline", "dateline", "byline", "cut", "reorder", "local_context", "copy_edit",
        "boilerplate", "read_more",
    }  # fmt: skip


def test_kept_share_is_the_share_of_the_original_words_kept(corpus):
    for t in plain_copies(corpus):
        body = corpus.bodies[t.story]
        total = sum(words_of(p) for p in body)
        kept = sum(words_of(p) for p in body[: t.paragraphs_kept]) / total
        assert t.kept == round(kept, 4)
        assert t.paragraphs_original == len(body)
        assert ("cut" in t.edits) == (t.paragraphs_kept < len(body))
        assert 0.2 <= t.kept <= 1.0
    shares = [t.kept for t in plain_copies(corpus)]
    assert min(shares) < 0.5 <= max(shares) and shares.count(1.0) > 0
    for t in copies(corpus):
        if t.variant == "rewritten_lead":  # the lead is not the original's
            body = corpus.bodies[t.story]
            total = sum(words_of(p) for p in body)
            assert t.kept == round(
                sum(words_of(p) for p in body[1 : t.paragraphs_kept]) / total, 4
            )


def test_a_copy_carries_the_kept_paragraphs_and_only_those():
    unedited = SyndicationCorpus(bases=40, seed=5, max_edit_rate=0.0)
    checked = 0
    for t in plain_copies(unedited):
        if "reorder" in t.edits or t.edited_words:  # American outlets still respell
            continue
        body = [straighten_quotes(p) for p in unedited.bodies[t.story]]
        lines = straighten_quotes(t.text).split("\n")
        for k, paragraph in enumerate(body[: t.paragraphs_kept]):
            assert any(line.endswith(paragraph) for line in lines), (t.text_id, k)
        for paragraph in body[t.paragraphs_kept :]:
            assert not any(paragraph in line for line in lines)
        checked += 1
    assert checked >= 20


def test_copy_edits_are_light_and_recorded(corpus):
    edited = [t for t in copies(corpus) if "copy_edit" in t.edits]
    assert edited
    for t in edited:
        assert t.edited_words > 0
        # a few per cent of the words (an American house style converts every British spelling)
        assert t.edited_words / words_of(t.text) < 0.12
    unedited = [t for t in copies(corpus) if "copy_edit" not in t.edits]
    assert all(t.edited_words == 0 for t in unedited)


def test_headlines_datelines_bylines_and_boilerplate(corpus):
    outlets = {o.name: o for o in corpus.outlets}
    for t in plain_copies(corpus):
        lines = t.text.split("\n")
        body = corpus.bodies[t.story]
        first_body = 1 if "headline" in t.edits else 0
        if lines[first_body].startswith("By "):
            first_body += 1
        if "headline" in t.edits:
            assert words_of(lines[0]) <= 16 and not lines[0].endswith(".")
        lead = lines[first_body]
        if "dateline" in t.edits:
            assert DATELINE.match(lead), lead
            lead = DATELINE.sub("", lead)
        else:
            assert not DATELINE.match(lead), lead
        # the lead paragraph, copy-edited at most
        original = set(re.findall(r"\w+", body[0].lower()))
        assert len(original & set(re.findall(r"\w+", lead.lower()))) >= 0.75 * len(original)
        if "byline" in t.edits:
            assert any(
                line.startswith("By ")
                or line.startswith("Reporting by ")
                or line.endswith("contributed to this report.")
                for line in lines
            )
        board = set(outlets[t.outlet].boilerplate)
        assert ("boilerplate" in t.edits) == bool(board & set(lines))
        if "local_context" in t.edits:
            assert any(outlets[t.outlet].home in line for line in lines[first_body + 1 :])
        if "read_more" in t.edits:
            assert any(line.startswith("Read more: ") for line in lines)


def test_hard_negatives_are_other_stories(corpus):
    follow_ups = [s for s in corpus.bodies if s.endswith("-f")]
    assert follow_ups
    for story in follow_ups:
        base = story.removesuffix("-f")
        reused = set(corpus.bodies[story]) & set(corpus.bodies[base])
        assert len(reused) == 1  # one background paragraph, verbatim
        assert corpus.topics[story] == corpus.topics[base]
    for story in (s for s in corpus.bodies if s.endswith("-t")):
        base = story.removesuffix("-t")
        assert corpus.topics[story] == corpus.topics[base]
        assert not set(corpus.bodies[story]) & set(corpus.bodies[base])
    # a same-topic story or brief comes from an outlet that also carries the base story
    carriers = {(t.base, t.outlet) for t in corpus.texts if t.story_kind == "wire"}
    for t in corpus.texts:
        if t.kind == "original" and t.story_kind in ("same_topic", "brief"):
            assert (t.base, t.outlet) in carriers or not any(
                c.base == t.base and c.kind == "copy" and c.story_kind == "wire"
                for c in corpus.texts
            )


def test_expand_fills_choices_phrases_and_slots():
    import random

    rng = random.Random(0)
    text = expand("[a|b] {x} <soon> [c [d|e]|f].", rng, {"x": "X"})
    assert "[" not in text and "{" not in text and "<" not in text
    assert text[0].isupper() and "X" in text


# --- the evaluator -----------------------------------------------------------------------------
def test_pairwise_precision_and_recall_on_a_hand_built_example():
    truth = ["A", "A", "A", "B", "B", "C"]
    assert precision_recall(truth, [0, 0, 0, 3, 3, 5]) | {} == {
        "precision": 1.0,
        "recall": 1.0,
        "true_pairs": 4,
        "predicted_pairs": 4,
        "correct_pairs": 4,
    }
    # Merging A and B: 10 predicted pairs, of which the 4 true ones are right.
    merged = precision_recall(truth, [0, 0, 0, 0, 0, 5])
    assert merged["precision"] == pytest.approx(4 / 10) and merged["recall"] == 1.0
    # Merging C into B: 3 predicted pairs for B+C, 1 right; with A's 3: 4 of 6.
    assert precision_recall(truth, [0, 0, 0, 3, 3, 3])["precision"] == pytest.approx(4 / 6)
    # Splitting A into {0, 1} and {2}: precision stays 1, recall 2 of 4.
    split = precision_recall(truth, [0, 0, 2, 3, 3, 5])
    assert split["precision"] == 1.0 and split["recall"] == pytest.approx(2 / 4)
    # Nothing predicted: precision 1 by convention, recall 0.
    alone = precision_recall(truth, list(range(6)))
    assert alone["precision"] == 1.0 and alone["recall"] == 0.0


def test_pair_metrics_by_kept_share_and_candidates():
    truth = ["A", "A", "A", "B", "B"]
    kept = [1.0, 0.4, 0.8, 1.0, 0.6]
    scored = [
        [],
        [Scored(0, 0.45, 0.3)],  # a candidate, below the threshold
        [Scored(0, 0.9, 0.7)],
        [],
        [],  # B's pair was never a candidate
    ]
    predicted = [0, 1, 0, 3, 4]
    m = pair_metrics(truth, predicted, kept, scored, 0.5, parents=[-1, -1, 0, -1, -1])
    assert m["precision"] == 1.0 and m["recall"] == pytest.approx(1 / 4)
    # pairs: (0,1) min 0.4, (0,2) 0.8, (1,2) 0.4, (3,4) 0.6
    assert m["by_kept_share"]["0.4-0.5"] == {
        "true_pairs": 2,
        "recall": 0.0,
        "candidate_recall": 0.5,
        "direct_match_recall": 0.0,
    }
    assert m["by_kept_share"]["0.8-0.9"]["recall"] == 1.0
    assert m["by_kept_share"]["0.6-0.7"]["candidate_recall"] == 0.0
    assert m["keeps_half"]["true_pairs"] == 2 and m["keeps_half"]["recall"] == 0.5
    assert m["candidate_recall"] == pytest.approx(2 / 4)
    assert m["direct_match_recall"] == pytest.approx(1 / 4)
    assert m["wrong_links"] == 0 and m["wrong_pairs_by_relation"] == {}
    # Joining story B's texts to A's cluster: 6 wrong pairs, counted by relation.
    merged = pair_metrics(truth, [0, 0, 0, 0, 0], kept)
    assert merged["precision"] == pytest.approx(4 / 10)
    assert merged["wrong_pairs_by_relation"] == {"unrelated": 6}


def test_kept_buckets():
    assert kept_bucket(0.25) == "<0.3" and kept_bucket(0.5) == "0.5-0.6"
    assert kept_bucket(0.9999) == "0.9-1.0" and kept_bucket(1.0) == "1.0"


def test_story_relations():
    assert story_relation("b3", "b3-f") == "follow_up"
    assert story_relation("b3-t", "b3") == "same_topic"
    assert story_relation("b3-r", "b9") == "brief"
    assert story_relation("b3", "b4") == "unrelated"
    assert story_relation("b3-f", "b3-t") == "follow_up~same_topic"
    # roundups and background-box stories are other stories of any base
    assert story_relation("b3-g", "b3") == story_relation("b7", "b3-g") == "roundup"
    assert story_relation("b3-s", "b3") == story_relation("b3-s", "b9-s") == "shared_background"
    assert story_relation("b3-e", "b3") == "same_event"
    assert story_relation("b3-e", "b4") == "unrelated"
    assert story_relation("b3-e", "b3-f") == "follow_up~same_event"


def test_linking_joins_the_earliest_match_or_the_best():
    scored = [
        [],
        [],
        [Scored(0, 0.55, 0.2), Scored(1, 0.95, 0.8)],
        [Scored(2, 0.4, 0.3)],
    ]
    assert link(scored, 0.5) == [-1, -1, 0, -1]
    assert link(scored, 0.5, "best") == [-1, -1, 1, -1]
    assert link(scored, 0.5, jaccard_floor=0.5) == [-1, -1, 1, -1]
    assert cluster(scored, 0.3) == [0, 1, 0, 0]  # 3 joins 2, whose root is 0
    assert roots_of([-1, 0, 1, -1, 3]) == [0, 0, 0, 3, 3]
    with pytest.raises(ValueError):
        link(scored, 0.5, "latest")


def test_identical_texts_are_candidates_and_copies():
    text = " ".join(f"word{i}" for i in range(80))
    other = " ".join(f"other{i}" for i in range(80))
    settings = NearDupSettings(shingle_size=5, num_perm=128, bands=64, threshold=0.5)
    fp = fingerprint([text, other, text + " extra words at the end"], settings)
    scored = find_candidates(fp).scored
    assert scored[0] == [] and scored[1] == []
    assert [c.earlier for c in scored[2]] == [0] and scored[2][0].score >= 0.95
    assert cluster(scored, 0.5) == [0, 1, 0]


def test_settings_on_the_command_line():
    assert parse_settings("5,126,42,0.5") == NearDupSettings(5, 126, 42, 0.5)
    with pytest.raises(argparse.ArgumentTypeError):
        parse_settings("5,128,42,0.5")  # 42 does not divide 128
    with pytest.raises(argparse.ArgumentTypeError):
        parse_settings("5,128")


def test_evaluate_end_to_end_on_a_small_corpus():
    small = SyndicationCorpus(bases=30, seed=1)
    result, candidates = evaluate(small, NearDupSettings(), policies=("earliest", "best"))
    assert len(candidates.scored) == len(small)
    for policy in ("earliest", "best"):
        m = result[policy]
        assert 0 < m["precision"] <= 1 and 0 < m["recall"] <= 1
        # both splits reported apart; the pairs of each split add up to at most the whole
        dev, test = m["by_split"]["dev"], m["by_split"]["test"]
        assert dev["true_pairs"] + test["true_pairs"] <= m["true_pairs"]
        assert dev["true_pairs"] > 0 and test["true_pairs"] > 0
        assert dev["precision_with_cross_split_pairs"] <= dev["precision"]
        assert set(m["by_variant"]) <= {"short", "rewritten_lead", "update", "plain"}
        assert sum(e["texts"] for e in m["by_story_kind"].values()) == len(small)
    assert result["cost_ms_per_article"]["signature"] > 0


def test_strip_template_lines_drops_lines_repeated_on_a_host():
    texts = ["a\nboiler", "b\nboiler", "c\nboiler", "d\nboiler", "boiler"]
    hosts = ["x", "x", "y", "x", "x"]
    assert strip_template_lines(texts, hosts) == [
        "a\nboiler",
        "b\nboiler",
        "c\nboiler",
        "d",
        "boiler",
    ]


# --- the lookup measurement --------------------------------------------------------------------
class DictStore:
    def __init__(self):
        self.index: dict[int, list[int]] = {}

    def insert(self, rows):
        for row in rows:
            for key in row.band_keys:
                self.index.setdefault(key, []).append(row.ref)

    def lookup(self, keys):
        return sorted({ref for key in keys for ref in self.index.get(key, ())})


def test_measure_lookup_with_a_dict_store():
    settings = NearDupSettings()
    stored = random_articles(0, 300, settings)
    queries = {"early": [stored[5].band_keys], "late": [stored[250].band_keys, [1, 2]]}
    opened = []

    def open_store(size):
        opened.append(DictStore())
        return opened[-1]

    result = measure_lookup(
        open_store, [100, 300], queries, lambda a, b: stored[a:b], repeats=2, chunk=64
    )
    assert [len({r for refs in s.index.values() for r in refs}) for s in opened] == [100, 300]
    assert [g["stored"] for g in result["inserts"]] == [100, 300]
    early, late = result["groups"]["early"], result["groups"]["late"]
    assert [level["rows_returned_mean"] for level in early["levels"]] == [1.0, 1.0]
    assert [level["rows_returned_mean"] for level in late["levels"]] == [0.0, 0.5]
    assert early["queries"] == 1 and late["ratio_last_to_first_median"] > 0


def test_sqlite_band_index_finds_articles_sharing_a_key(tmp_path):
    settings = NearDupSettings()
    index = SqliteBandIndex(tmp_path / "bands.db")
    try:
        rows = random_articles(0, 50, settings, seed=3)
        index.insert(rows)
        found = index.lookup([*rows[7].band_keys[:3], 12345])
        assert [r[0] for r in found] == [7] and found[0][3] == rows[7].signature
        assert index.lookup([1, 2, 3]) == []
        extra = StoredArticle(
            50, "x", "2026-11-01T00:00:00Z", "x", b"\0" * 512, 9, [rows[7].band_keys[0]]
        )
        index.insert([extra])
        assert sorted(r[0] for r in index.lookup([rows[7].band_keys[0]])) == [7, 50]
    finally:
        index.close()


def test_background_collisions_reach_the_queries():
    settings = NearDupSettings()
    queries = [[1000 + b for b in range(64)], [2000 + b for b in range(64)]]
    rows = random_articles(0, 2000, settings, collide_with=queries, collisions_per_article=0.05)
    shared = sum(1 for r in rows if set(r.band_keys) & (set(queries[0]) | set(queries[1])))
    assert 50 < shared < 150  # about 0.05 * 2000


def _row(seed, k, t, precision, recall_half, bands=42, num_perm=126, false=0.1, cands=2.0):
    return {
        "seed": seed, "strip_template_lines": False, "jaccard_floor": 0.0, "shingle_size": k,
        "num_perm": num_perm, "bands": bands, "rows": num_perm // bands, "threshold": t,
        "precision": precision, "recall": 0.9, "recall_half": recall_half,
        "candidate_recall_half": 0.99, "candidates_per_article": cands,
        "false_candidates_per_1000_stored": false, "ms_per_article": 0.5, "wrong_links": 0,
        "meets_targets": precision >= 0.98 and recall_half >= 0.95,
    }  # fmt: skip


def test_the_recommendation_takes_the_worst_seed_and_the_middle_of_the_feasible_region():
    rows = []
    for seed in (0, 1):
        rows += [
            _row(seed, 4, 0.5, 0.99, 0.99),
            _row(seed, 5, 0.4, 0.985, 0.99),
            _row(seed, 5, 0.5, 0.995, 0.98),
            _row(seed, 5, 0.6, 0.999, 0.96),
            _row(seed, 6, 0.5, 0.999, 0.97),
            # best margin on seed 0 but fails on seed 1
            _row(seed, 6, 0.6, 0.999 if seed == 0 else 0.97, 0.999),
            # feasible everywhere, but its false candidates make lookups grow with the store
            _row(seed, 5, 0.5, 0.999, 0.999, bands=64, num_perm=128, false=5.0, cands=30.0),
        ]
    summary = summarize_sweep(rows)
    by_key = {(s["shingle_size"], s["threshold"], s["bands"]): s for s in summary}
    assert not by_key[(6, 0.6, 42)]["meets_targets_every_seed"]
    assert by_key[(6, 0.6, 42)]["precision_min"] == 0.97
    assert by_key[(5, 0.5, 42)]["feasible_neighbours"] == 4
    assert by_key[(4, 0.5, 42)]["feasible_neighbours"] == 1
    choice = recommend(summary, strip=False, floor=0.0)
    assert (choice["shingle_size"], choice["threshold"], choice["bands"]) == (5, 0.5, 42)
    assert choice["flat_lookup"]
    assert recommend(summary, strip=True, floor=0.1) is None


# --- the harder kinds (issue 28) ----------------------------------------------------------------
def kinds_digest(corpus: SyndicationCorpus) -> str:
    h = hashlib.sha256()
    for t in corpus.texts:
        if t.variant or t.story_kind in ("roundup", "shared_background", "same_event"):
            h.update(f"{t.text_id}|{t.story}|{t.variant}|{t.split}|{t.text}\0".encode())
    return h.hexdigest()


def test_the_new_kinds_are_deterministic():
    a, b = SyndicationCorpus(bases=40, seed=3), SyndicationCorpus(bases=40, seed=3)
    assert kinds_digest(a) == kinds_digest(b)
    assert kinds_digest(a) != kinds_digest(SyndicationCorpus(bases=40, seed=4))
    # the 40-base corpus of the hash-seed test has every new kind, so that test covers them
    kinds = {t.story_kind for t in SyndicationCorpus(bases=40, seed=1).texts}
    assert kinds >= {"roundup", "shared_background", "same_event"}


def test_short_versions_are_the_first_paragraphs_and_keep_30_to_40_percent():
    unedited = SyndicationCorpus(bases=60, seed=5, max_edit_rate=0.0)
    shorts = [t for t in copies(unedited) if t.variant == "short"]
    assert len(shorts) >= 20
    for t in shorts:
        body = [straighten_quotes(p) for p in unedited.bodies[t.story]]
        total = sum(words_of(p) for p in body)
        assert 0.3 <= t.kept <= 0.4 and "short" in t.edits and "cut" not in t.edits
        lines = [DATELINE.sub("", line) for line in straighten_quotes(t.text).split("\n")]
        # the body lines, in order, are the first paragraphs (the last may end early)
        start = next(k for k, line in enumerate(lines) if body[0].startswith(line[:40]))
        kept_lines = lines[start : start + t.paragraphs_kept]
        for k, line in enumerate(kept_lines[:-1]):
            assert line == body[k] or t.edited_words, (t.text_id, k)
        last = kept_lines[-1]
        assert body[t.paragraphs_kept - 1].startswith(last) or t.edited_words
        if not t.edited_words:
            kept = sum(words_of(p) for p in kept_lines) / total
            assert kept == pytest.approx(t.kept, abs=1e-4)
        for paragraph in body[t.paragraphs_kept :]:
            assert paragraph not in lines
    share = len(shorts) / len(copies(unedited))
    assert 0.08 < share < 0.25  # 15% of copies by default


def test_rewritten_leads_share_no_sentence_with_the_original_lead(corpus):
    rewritten = [t for t in copies(corpus) if t.variant == "rewritten_lead"]
    assert len(rewritten) >= 10
    for t in rewritten:
        body = corpus.bodies[t.story]
        original = {straighten_quotes(s) for p in body for s in sentences_of(p)}
        lines = straighten_quotes(t.text).split("\n")
        first = 1 + lines[1].startswith("By ")
        lead = DATELINE.sub("", lines[first])
        assert not set(sentences_of(lead)) & original, t.text_id
        assert straighten_quotes(body[1]) in lines or t.edited_words or "reorder" in t.edits
        assert "headline" in t.edits and words_of(lines[0]) <= 16


def test_update_chains_prepend_new_paragraphs_to_the_previous_version(corpus):
    updates = [t for t in corpus.texts if t.kind == "update"]
    assert updates
    for t in updates:
        story, _, version = t.text_id.partition("/u")
        body = corpus.versions[t.text_id]
        previous = (
            corpus.bodies[story]
            if version == "1"
            else corpus.versions[f"{story}/u{int(version) - 1}"]
        )
        added = len(body) - len(previous)
        assert 1 <= added <= 2 and body[added:] == previous
        lines = t.text.split("\n")
        assert lines[0].startswith(f"UPDATE {version}-")
        first = 2 if lines[1].startswith("(") else 1  # this version's editor's note
        assert [DATELINE.sub("", line) for line in lines[first : first + len(body)]] == list(body)
        assert t.story == story and t.variant == "update" and t.outlet in ("Reuters", "AP", "AFP")
    versions = Counter(t.text_id.partition("/u")[0] for t in updates)
    assert max(versions.values()) <= 3


def test_roundups_quote_two_or_more_stories_and_are_stories_of_their_own():
    corpus = SyndicationCorpus(bases=120, seed=5)
    roundups = [t for t in corpus.texts if t.story_kind == "roundup"]
    assert roundups
    for t in roundups:
        parts = corpus.roundup_parts[t.story]
        sources = [story for story, _ in parts]
        assert len(set(sources)) >= 2 and t.story not in sources
        assert t.story.endswith("-g") and t.story == f"b{t.base}-g"
        text = straighten_quotes(t.text)
        for source, paragraphs in parts:
            assert 1 <= len(paragraphs) <= 3
            for paragraph in paragraphs:
                assert straighten_quotes(paragraph) in text
            if source in corpus.bodies:  # the source's first paragraphs
                assert corpus.bodies[source][: len(paragraphs)] == paragraphs
        # truth: no other text has the roundup's story id
        assert sum(1 for u in corpus.texts if u.story == t.story) == 1


def test_shared_background_stories_share_a_long_box_with_another_story_of_the_outlet(corpus):
    series = [t for t in corpus.texts if t.story_kind == "shared_background"]
    assert series
    for t in series:
        box = [line for line in t.text.split("\n") if line.startswith("Background: ")]
        assert len(box) == 1 and 60 <= words_of(box[0]) <= 120
        others = [
            u
            for u in corpus.texts
            if u.outlet == t.outlet and u.story != t.story and box[0] in u.text.split("\n")
        ]
        assert others, t.text_id
        assert "disclaimer" in t.edits
        assert any(line in corpus._disclaimers(next(
            o for o in corpus.outlets if o.name == t.outlet
        )) for line in t.text.split("\n"))  # fmt: skip


def test_same_event_stories_share_the_cast_but_no_sentence(corpus):
    stories = [s for s in corpus.bodies if s.endswith("-e")]
    assert stories
    for story in stories:
        base = story.removesuffix("-e")
        mine = {s for p in corpus.bodies[story] for s in sentences_of(p)}
        theirs = {s for p in corpus.bodies[base] for s in sentences_of(p)}
        assert not mine & theirs, story
        assert corpus.topics[story] == corpus.topics[base]
        # the same cast: names of the base story recur
        text = " ".join(corpus.bodies[story])
        base_text = " ".join(corpus.bodies[base])
        names = {
            w for w in re.findall(r"\b[A-Z][a-z]{3,}\b", base_text) if w not in {"The", "This"}
        }
        assert len(names & set(re.findall(r"\b[A-Z][a-z]{3,}\b", text))) >= 2
    originals = {t.story: t for t in corpus.texts if t.kind == "original"}
    for story in stories:
        base = story.removesuffix("-e")
        if story in originals and base in originals:
            delay = originals[story].minute - originals[base].minute
            assert -600 < delay < 600  # hours apart (the base original may be crawled late)


def test_the_split_is_disjoint_stable_and_a_subset():
    both = SyndicationCorpus(bases=40, seed=2)
    dev = SyndicationCorpus(bases=40, seed=2, split="dev")
    test = SyndicationCorpus(bases=40, seed=2, split="test")
    by_id = {t.text_id: t for t in both.texts}
    assert {t.split for t in dev.texts} == {"dev"} and {t.split for t in test.texts} == {"test"}
    assert not {t.base for t in dev.texts} & {t.base for t in test.texts}
    assert sorted(by_id) == sorted(t.text_id for t in (*dev.texts, *test.texts))
    assert all(by_id[t.text_id] == t for t in (*dev.texts, *test.texts))
    assert all(t.split == split_of(2, t.base) for t in both.texts)
    larger = SyndicationCorpus(bases=80, seed=2, split="dev")
    assert {t.text_id for t in dev.texts} <= {t.text_id for t in larger.texts}
    assert 10 < len({t.base for t in dev.texts}) < 30
    # a roundup quotes stories of its own split only
    for parts in both.roundup_parts.values():
        bases = {int(story[1:].partition("-")[0]) for story, _ in parts}
        assert len({split_of(2, b) for b in bases}) == 1
    with pytest.raises(ValueError):
        SyndicationCorpus(bases=5, split="train")


def test_metrics_by_variant_and_story_kind_on_a_hand_built_example():
    truth = ["A", "A", "A", "B", "B-g"]
    kept = [1.0, 0.35, 1.0, 1.0, 1.0]
    variants = ["", "short", "update", "", ""]
    kinds = ["wire", "wire", "wire", "wire", "roundup"]
    # the roundup joined B; A's short copy split off
    m = pair_metrics(truth, [0, 1, 0, 3, 3], kept, variants=variants, story_kinds=kinds)
    assert m["by_variant"]["short"] == {"true_pairs": 2, "recall": 0.0}
    assert m["by_variant"]["update"] == {"true_pairs": 2, "recall": 0.5}
    assert "plain" not in m["by_variant"]  # every pair of A has a short or update text
    assert m["by_story_kind"]["roundup"]["precision"] == 0.0
    assert m["by_story_kind"]["roundup"]["predicted_pairs"] == 1
    assert m["by_story_kind"]["wire"]["precision"] == pytest.approx(1 / 2)
    assert m["by_story_kind"]["wire"]["recall"] == pytest.approx(1 / 3)
    assert m["wrong_pairs_by_relation"] == {"roundup": 1}


def test_link_applies_is_copys_guards():
    scored = [
        [],
        # text 1 contains text 0 but is mostly other text; then a page of text 0's site
        [Scored(0, 0.95, 0.3, later_share=0.3)],
        [Scored(0, 0.7, 0.4, later_share=0.7, same_site=True)],
        [Scored(0, 0.7, 0.6, later_share=0.7, same_site=True)],
    ]
    assert link(scored, 0.55) == [-1, 0, 0, 0]
    assert link(scored, 0.55, later_share=0.35, site_jaccard=0.5) == [-1, -1, -1, 0]


def test_defaults_are_chosen_on_dev_corpora_only_where_every_one_meets_the_targets():
    corpus = SyndicationCorpus(bases=60, seed=3, split="dev")
    assert {t.split for t in corpus.texts} == {"dev"}
    rows = choose_grid(corpus)
    assert len(rows) == 5 * 4 * 4 and {r["split"] for r in rows} == {"dev"}
    assert all(0 <= r["precision"] <= 1 and 0 <= r["recall_30"] <= 1 for r in rows)
    # Made-up figures for two corpora: where one setting fails on one corpus, it is not chosen.
    good = {(0.55, 0.35, 0.5), (0.6, 0.35, 0.5)}
    fake = [
        {**r, "seed": seed, "precision": 0.99 if key in good else 0.5, "recall_half": 0.99}
        for seed in (1, 2)
        for r in rows
        for key in [(r["threshold"], r["later_share"], r["site_jaccard"])]
    ]
    fake = [r for r in fake if not (r["seed"] == 2 and r["threshold"] == 0.6)] + [
        {**r, "seed": 2, "precision": 0.5} for r in rows if r["threshold"] == 0.6
    ]
    picked = choose_defaults(fake)
    feasible = [s for s in picked["summary"] if s["meets_targets_every_seed"]]
    assert [(s["threshold"], s["later_share"], s["site_jaccard"]) for s in feasible] == [
        (0.55, 0.35, 0.5)
    ]
    assert picked["choice"] is feasible[0]
    settings = chosen_settings(picked["choice"])
    assert (settings.threshold, settings.later_share, settings.site_jaccard) == (0.55, 0.35, 0.5)


def test_real_background_counts_band_sharing_pairs_of_different_texts():
    texts = ["\n".join(story_text(topic, 6)) for topic in ("Harbour", "Budget", "Ferry")]
    settings = NearDupSettings()
    result = real_background(texts, settings)
    assert (result["texts"], result["pairs"], result["false_copies"]) == (3, 3, 0)
    assert result["upper_95_per_1000_stored"] == 1000.0  # 3 / 3 pairs: no bound worth having
    same = real_background([texts[0], texts[0] + "\nOne more line."], settings)
    assert (same["false_candidates"], same["false_copies"]) == (1, 1)


def test_lookup_benchmark_stores_the_same_real_texts_at_every_size(tmp_path):
    corpus = SyndicationCorpus(bases=120, seed=1)
    fp = fingerprint([t.text for t in corpus.texts], NearDupSettings())
    result = lookup_benchmark(corpus, fp, [300, 900], queries=60, directory=tmp_path)
    assert result["real_articles_stored"] == 300
    only = result["groups"]["index_only"]["levels"]
    # Filler never collides with this group: the rows a lookup returns do not grow.
    assert only[0]["rows_returned_mean"] == only[1]["rows_returned_mean"] > 0


def test_learned_templates_come_from_earlier_windows_of_the_same_host():
    board = "Sign up for The Morning Briefing"
    texts = [f"Story {k}\n{board}" for k in range(7)] + ["Other site\n" + board]
    hosts = ["a"] * 7 + ["b"]
    minutes = [0, 10, 20, 30, 40, 70, 200, 300]  # windows of 60 minutes: 0-59 holds five pages
    out = strip_learned_templates(texts, hosts, minutes)
    assert out[:5] == texts[:5]  # the first window knows nothing yet
    assert out[5] == "Story 5" and out[6] == "Story 6"  # five earlier pages carried the line
    assert out[7] == texts[7]  # another host's pages do not count
    # Four versions of one story on one site keep their shared body.
    body = "The council voted on Tuesday."
    chain = [f"UPDATE {k}\n{body}" for k in range(4)] + [f"UPDATE 4\n{body}"]
    assert strip_learned_templates(chain, ["w"] * 5, [0, 60, 120, 180, 240])[-1] == chain[-1]
