"""Checks that trafilatura and langdetect work on the demo newsroom's pages.

Run: ``.venv/bin/python -m pytest tests/demo/test_extraction.py``
"""

from __future__ import annotations

import collections

import pytest
import trafilatura
from langdetect import DetectorFactory, detect

from pipelines.demo import content, site

BASES = {outlet: f"http://127.0.0.1:{42000 + i}" for i, outlet in enumerate(site.OUTLETS)}


def _normalise(text: str | None) -> str:
    return " ".join((text or "").split())


@pytest.fixture(scope="module")
def built() -> dict[str, dict[str, site.Page]]:
    return site.build_site(BASES)


@pytest.fixture(scope="module")
def extracted(built) -> dict[str, str]:
    """Article id -> whitespace-normalised main text extracted by trafilatura."""
    return {
        a.id: _normalise(trafilatura.extract(built[a.outlet][a.path].body, include_comments=False))
        for a in content.ARTICLES
    }


def test_every_article_extracts_to_exactly_its_body(extracted):
    for article in content.ARTICLES:
        expected = _normalise(" ".join(article.paragraphs))
        # Exact equality: no headline, standfirst, byline, related links or comments leak in.
        assert extracted[article.id] == expected, article.id


def test_langdetect_agrees_with_declared_language(extracted):
    DetectorFactory.seed = 0
    for article in content.ARTICLES:
        assert detect(extracted[article.id]) == article.language, article.id


def test_empty_page_has_no_text(built):
    rows = [r for r in site.expected_outcomes() if r["reason"] == "no_text"]
    assert rows
    for row in rows:
        body = built[row["outlet"]][row["path"]].body
        assert not _normalise(trafilatura.extract(body, include_comments=False))


def test_wire_copies_extract_to_identical_text(extracted):
    groups = collections.defaultdict(set)
    for article in content.ARTICLES:
        if article.wire_group:
            groups[article.wire_group].add(extracted[article.id])
    assert groups
    for group, texts in groups.items():
        assert len(texts) == 1, group


def test_rewritten_copy_is_near_but_not_exact(extracted):
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = text.lower().split()
        return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}

    for article in content.ARTICLES:
        if not article.near_duplicate_of:
            continue
        source = next(a for a in content.ARTICLES if a.wire_group == article.near_duplicate_of)
        a, b = shingles(extracted[article.id]), shingles(extracted[source.id])
        assert extracted[article.id] != extracted[source.id]
        assert 0.3 < len(a & b) / len(a | b) < 0.95
