"""The consumer-facing files of ``schemas/`` agree with the schema."""

import json
import re

from jsonschema import Draft202012Validator

from pipelines.core.fingerprint import content_sha256, word_count
from pipelines.core.records import EMPTY_EVENT_FIELDS, RecordValidator, record_id
from pipelines.core.urls import article_id
from schemas import ARTICLE_V1, CURRENT_ID, SCHEMA_DIR, load_schema
from schemas.compat import shapes

EXAMPLE = SCHEMA_DIR / "example.article.v2.json"
V2_FIELDS = tuple(EMPTY_EVENT_FIELDS)
CONSUMER_PAGE = SCHEMA_DIR / "README.md"


def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def field_paths() -> list[str]:
    """Every field of the schema as a dotted path (array items and map values left out)."""
    return [path for path in shapes(load_schema()) if not path.endswith(("[]", ".*"))]


def lookup(record: dict, path: str):
    value = record
    for part in path.split("."):
        assert isinstance(value, dict) and part in value, path
        value = value[part]
    return value


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(load_schema())
    assert load_schema()["$id"] == CURRENT_ID


def test_the_example_record_is_valid():
    assert RecordValidator().errors(example()) == []


def test_the_example_sets_every_field():
    record = example()
    for path in field_paths():
        if "[]" in path:  # inside a list: the list itself is checked
            continue
        value = lookup(record, path)
        if path != "data.revision_of":  # a copy, not a revision: the one null it must have
            assert value is not None, path


def test_the_example_is_a_consistent_syndicated_copy():
    record = example()
    data = record["data"]
    assert data["article_id"] == article_id(data["canonical_url"])
    assert data["content_sha256"] == content_sha256(data["text"])
    assert data["word_count"] == word_count(data["text"])
    assert record["id"] == record_id(data["article_id"], data["content_sha256"])
    assert record["subject"] == data["canonical_url"]
    assert record["source"] == data["source_id"]
    assert record["time"] == data["fetched_at"]
    assert record["dataschema"] == CURRENT_ID
    # A later copy: linked to the first-seen copy of its story, with its similarity.
    assert data["cluster_id"] == data["duplicate_of"] != data["article_id"]
    assert 0 < data["similarity"] <= 1
    assert ".example/" in data["url"]  # reserved names only (RFC 2606)


def test_the_consumer_page_documents_every_field():
    page = CONSUMER_PAGE.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([^`]+)` \|", page, flags=re.MULTILINE))
    missing = [path for path in field_paths() if path not in documented]
    assert missing == []
    fields = {p for p in documented if p.startswith("data.") or p in load_schema()["properties"]}
    assert fields - set(field_paths()) == set()  # no rows for fields that do not exist


def test_the_consumer_page_names_the_files_it_describes():
    page = CONSUMER_PAGE.read_text(encoding="utf-8")
    for name in (
        "article.v2.schema.json",
        EXAMPLE.name,
        "baseline/article.v1.json",
        "baseline/article.v2.json",
    ):
        assert f"`{name}`" in page
        assert (SCHEMA_DIR / name).is_file()


def test_the_example_fills_every_event_field():
    data = example()["data"]
    for name in V2_FIELDS:
        assert data[name], name
    assert data["location"] in data["places"]
    assert data["extraction"]["failed"] == []


def test_a_v2_record_without_the_event_fields_is_a_valid_v1_record():
    # What a v1 consumer with a pinned v1 validator does: drop what v1 does not know.
    record = example()
    for name in V2_FIELDS:
        del record["data"][name]
    record["type"] = "wirestream.article.v1"
    record["dataschema"] = load_schema(ARTICLE_V1)["$id"]
    record["data"]["schema_version"] = "1"
    errors = list(Draft202012Validator(load_schema(ARTICLE_V1)).iter_errors(record))
    assert errors == []
