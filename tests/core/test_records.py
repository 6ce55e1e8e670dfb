import json
from datetime import UTC, datetime

import pytest
from jsonschema import Draft202012Validator

from pipelines.core.records import (
    RecordValidator,
    build_record,
    choose_published,
    inline_refs,
    parse_timestamp,
    record_id,
    url_date,
)
from schemas import load_schema

FETCHED = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def article(**overrides):
    base = {
        "article_id": "a" * 32,
        "url": "http://127.0.0.1:9/news/2026/11/26/ferry",
        "page_canonical": "http://127.0.0.1:9/news/2026/11/26/ferry?utm_source=x",
        "feed_url": "http://127.0.0.1:9/rss.xml",
        "source_id": "ledger",
        "fetched_at": "2026-11-27T12:00:00.123456Z",
        "entry_title": "Ferry strike ends",
        "page_title": "Ferry strike ends | Ledger",
        "entry_summary": None,
        "page_description": "Crews return.",
        "entry_authors": ["Ana Ruiz"],
        "page_authors": ["Ana Ruiz", "Desk"],
        "entry_categories": ["Transport"],
        "page_categories": ["Transport", "Harbour"],
        "entry_published": "2026-11-26T09:00:00Z",
        "page_date": "2026-11-26T10:00:00+0100",
        "text": "Crews returned to the ferries on Thursday.",
        "word_count": 7,
        "content_sha256": "b" * 64,
        "cluster_id": "a" * 32,
        "duplicate_of": None,
        "language": "en",
        "language_confidence": 0.99,
        "language_provenance": {
            "source": "detector",
            "confidence": "high",
            "candidates": {"detector": "en", "page": "en", "feed": None},
            "flags": [],
        },
        "site_name": "",
        "image": None,
    }
    base.update(overrides)
    return base


def test_record_is_valid_cloudevent_with_deterministic_id():
    record = build_record(article())
    assert RecordValidator().errors(record) == []
    assert record["specversion"] == "1.0"
    assert record["id"] == record_id("a" * 32, "b" * 64)
    assert record["subject"] == "http://127.0.0.1:9/news/2026/11/26/ferry"
    data = record["data"]
    assert data["summary"] == "Crews return."
    assert data["site_name"] is None  # unknown is null, never ""
    assert data["authors"] == ["Ana Ruiz", "Desk"]
    assert data["categories"] == ["Transport", "Harbour"]
    assert data["published_at"] == "2026-11-26T09:00:00Z"
    assert data["provenance"]["published_at"]["source"] == "feed"
    assert data["provenance"]["published_at"]["confidence"] == "high"
    assert data["fetched_at"] == "2026-11-27T12:00:00Z"
    json.dumps(record)


def test_a_revision_gets_a_new_record_id_but_keeps_the_article_id():
    first = build_record(article())
    revised = build_record(article(content_sha256="c" * 64))
    assert first["data"]["article_id"] == revised["data"]["article_id"]
    assert first["id"] != revised["id"]


def test_validator_names_the_bad_field():
    record = build_record(article())
    record["data"]["title"] = ""
    record["data"]["language"] = "English"
    problems = RecordValidator().errors(record)
    assert any(p.startswith("data/title") for p in problems)
    assert any(p.startswith("data/language") for p in problems)


def test_inlined_schema_judges_records_as_the_schema_does():
    schema = load_schema()
    assert "$defs" in schema and "$ref" not in json.dumps(inline_refs(schema))
    reference = Draft202012Validator(schema)
    mutations = [
        lambda r: None,
        lambda r: r.pop("id"),
        lambda r: r["data"].pop("url"),
        lambda r: r["data"].update(title=""),
        lambda r: r["data"].update(language="English"),
        lambda r: r["data"].update(word_count="7"),
        lambda r: r["data"].update(language_provenance={"source": "oracle"}),
        lambda r: r["data"].update(authors=[1, 2]),
        lambda r: r["data"].update(unexpected=True),
        lambda r: r.update(time="yesterday"),
    ]
    for mutate in mutations:
        record = build_record(article())
        mutate(record)
        expected = sorted(
            ("/".join(map(str, e.absolute_path)), e.message) for e in reference.iter_errors(record)
        )
        got = sorted(
            ("/".join(map(str, e.absolute_path)), e.message)
            for e in RecordValidator()._validator.iter_errors(record)
        )
        assert got == expected
    with pytest.raises(ValueError, match="recursive"):
        node = {"items": {"$ref": "#/$defs/node"}}
        inline_refs({"$defs": {"node": node}, "$ref": "#/$defs/node"})


def test_page_date_wins_when_feed_has_none():
    value, prov = choose_published(None, "2026-11-26T10:00:00+0100", None, FETCHED)
    assert value == "2026-11-26T09:00:00Z"
    assert (prov["source"], prov["confidence"]) == ("page", "medium")


def test_url_date_is_a_low_confidence_fallback():
    value, prov = choose_published(None, None, "http://x.invalid/2026/11/20/story", FETCHED)
    assert value == "2026-11-20T00:00:00Z"
    assert (prov["source"], prov["confidence"]) == ("url", "low")


def test_far_future_dates_are_rejected_and_flagged():
    value, prov = choose_published("2031-01-01T00:00:00Z", "2026-11-26T08:00:00Z", None, FETCHED)
    assert value == "2026-11-26T08:00:00Z"
    assert prov["source"] == "page"
    assert "feed_in_future" in prov["flags"]
    assert prov["candidates"]["feed"] == "2031-01-01T00:00:00Z"


def test_disagreeing_sources_lower_confidence():
    value, prov = choose_published("2026-11-26T08:00:00Z", "2026-10-01T08:00:00Z", None, FETCHED)
    assert value == "2026-11-26T08:00:00Z"
    assert prov["confidence"] == "low"
    assert "sources_disagree" in prov["flags"]


def test_no_date_at_all_is_null():
    value, prov = choose_published(None, "garbage", "http://x.invalid/a", FETCHED)
    assert value is None and prov["source"] is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-26T10:00:00+0100", "2026-11-26 09:00:00+00:00"),
        ("2026-11-26T10:00:00Z", "2026-11-26 10:00:00+00:00"),
        ("2026-11-26", "2026-11-26 00:00:00+00:00"),
        ("not a date", None),
        (None, None),
    ],
)
def test_parse_timestamp(raw, expected):
    parsed = parse_timestamp(raw)
    assert (str(parsed) if parsed else None) == expected


def test_url_date_ignores_impossible_dates():
    assert url_date("http://x.invalid/2026/13/40/a") is None
    assert url_date("http://x.invalid/2026-11-05-story") is not None
