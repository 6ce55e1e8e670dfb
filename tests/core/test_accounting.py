import pytest

from pipelines.core.accounting import (
    COUNT_KEYS,
    IDENTITY,
    IDENTITY_TERMS,
    counted_as,
    dead_letter_keys,
    feed_status_keys,
    identity_holds,
    is_named,
    record_keys,
    sections,
)


def counts(**overrides):
    base = dict.fromkeys(COUNT_KEYS, 0)
    base.update(entries_seen=10, records=5, dead_letter=2, filtered=1, truncated=2)
    base.update(overrides)
    return base


def test_every_entry_ends_in_exactly_one_outcome():
    assert identity_holds(counts())
    assert not identity_holds(counts(records=4))
    assert not identity_holds(counts(truncated=0))  # truncated entries are an outcome
    assert "entries_seen == " + " + ".join(IDENTITY_TERMS) == IDENTITY


def test_a_truncated_feed_counts_its_unread_entries_as_seen_and_truncated():
    assert list(feed_status_keys({"truncated": 7})) == [("entries_seen", 7), ("truncated", 7)]
    assert list(feed_status_keys({"truncated": 0})) == []
    assert list(feed_status_keys({"status": "failed"})) == []


def test_record_and_dead_letter_keys():
    record = {
        "data": {
            "language": "en",
            "duplicate_of": "x",
            "places": [{"name": "Oslo", "country_code": "NO"}],
            "actors": [{"name": "Ana Torres"}],
            "events": [{"type": "PROTEST"}, {"type": "PROTEST"}],
            "extraction": {"failed": ["quotes"]},
        }
    }
    assert list(record_keys(record)) == [
        "records",
        "language:en",
        "duplicates",
        "place:Oslo (NO)",
        "actor:Ana Torres",
        "event_type:PROTEST",
        "event_extraction_failed",
    ]
    assert list(dead_letter_keys({"entry_level": False, "reason": "not_a_feed"})) == [
        "feed_dead_letter",
        "feed_dead_letter_reason:not_a_feed",
    ]


def test_named_keys_and_sections():
    assert is_named("place:Oslo (NO)") and is_named("actor:Ana Torres")
    assert not is_named("language:en") and not is_named("records")
    out = sections({"records": 2, "language:en": 2, "place:Oslo (NO)": 1, "truncated": 3})
    assert out["counts"]["truncated"] == 3 and out["counts"]["deferred"] == 0
    assert out["languages"] == {"en": 2} and out["top_places"] == {"Oslo (NO)": 1}


def test_a_collection_counts_as_a_known_key_only():
    assert counted_as("skipped_robots")({"any": "element"}) == ("skipped_robots",)
    with pytest.raises(KeyError, match="not a count key"):
        counted_as("skiped_robots")
