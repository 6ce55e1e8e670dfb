import json

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import BeamAssertException, assert_that

from pipelines.core.arrow_schema import arrow_schema, from_arrow_row
from pipelines.core.records import EMPTY_EVENT_FIELDS, RecordValidator, build_record
from pipelines.transforms.sinks import WriteJsonLines, WriteParquet
from schemas import SCHEMA_DIR, load_schema
from tests.core.test_records import article

SCHEMA = arrow_schema(load_schema())
# The fields of data that may be null: every one is null in EMPTY and set in FULL.
NULLABLE_DATA = [f.name for f in SCHEMA.field("data").type if f.nullable]
EVENT_FIELDS = tuple(EMPTY_EVENT_FIELDS)


def full_record() -> dict:
    """A syndicated copy with every nullable field set."""
    record = build_record(
        article(
            article_id="c" * 32,
            content_sha256="d" * 64,
            duplicate_of="a" * 32,
            similarity=0.75,
            revision_of="e" * 32,
            site_name="The Ledger",
            image="http://127.0.0.1:9/img/ferry.jpg",
            language_confidence=1,  # an integer in JSON is still a float64 column
            # The event fields of the schema's example: every one of them set.
            event_fields={name: example_record()["data"][name] for name in EVENT_FIELDS},
        )
    )
    record["data"]["provenance"]["published_at"]["flags"] = ["sources_checked"]
    return record


def empty_record() -> dict:
    """Every nullable field null: no title, summary, dates, language, copy or revision."""
    return build_record(
        article(
            article_id="f" * 32,
            content_sha256="0" * 64,
            cluster_id="f" * 32,
            url="http://127.0.0.1:9/news/undated",
            page_canonical=None,
            entry_title=None,
            page_title="  ",
            entry_summary=None,
            page_description=None,
            entry_published=None,
            page_date=None,
            entry_authors=[],
            page_authors=[],
            entry_categories=[],
            page_categories=[],
            language="und",
            language_confidence=None,
            language_provenance={
                "source": None,
                "confidence": None,
                "candidates": {"detector": None, "page": None, "feed": None},
                "flags": ["text_too_short"],
            },
            site_name=None,
            image=None,
        )
    )


def example_record() -> dict:
    return json.loads((SCHEMA_DIR / "example.article.v2.json").read_text(encoding="utf-8"))


def write(directory, records, shards=1, tag="W1"):
    with TestPipeline() as p:
        written = p | beam.Create(records) | WriteParquet(directory, tag, shards)
        expected = [
            str(directory / f"part-{tag}-{n:05d}-of-{shards:05d}.parquet") for n in range(shards)
        ]
        # Beam names the shards it wrote records to; shards that got no record are created
        # empty at finalisation (which shards those are depends on Beam's random sharding).
        assert_that(written, is_subset_of(expected))
    files = sorted(directory.glob(f"part-{tag}-*.parquet"))
    assert [str(f) for f in files] == expected
    return files


def is_subset_of(expected):
    def check(actual):
        if not actual or not set(actual) <= set(expected):
            raise BeamAssertException(f"{sorted(actual)} is not a non-empty subset of {expected}")

    return check


def read_back(files) -> list[dict]:
    table = pq.read_table(files)
    assert table.schema.equals(SCHEMA, check_metadata=False)
    return sorted(
        (from_arrow_row(row, SCHEMA) for row in table.to_pylist()), key=lambda r: r["id"]
    )


def test_test_records_are_valid_and_cover_every_nullable_field():
    full, empty = full_record(), empty_record()
    validator = RecordValidator()
    assert validator.errors(full) == validator.errors(empty) == []
    assert NULLABLE_DATA  # title, summary, published_at, … from the schema, not listed here
    assert all(full["data"][name] is not None for name in NULLABLE_DATA)
    assert all(empty["data"][name] is None for name in NULLABLE_DATA)


def test_every_field_survives_with_its_declared_type_and_nulls(tmp_path):
    records = [full_record(), empty_record(), example_record()]
    files = write(tmp_path, records)
    assert [f.name for f in files] == ["part-W1-00000-of-00001.parquet"]
    # The file carries exactly the schema derived from the JSON Schema, descriptions included.
    assert pq.read_schema(files[0]).equals(SCHEMA)
    assert pq.read_schema(files[0]).metadata[b"$id"] == load_schema()["$id"].encode()
    assert read_back(files) == sorted(records, key=lambda r: r["id"])

    data = pq.read_table(files, columns=["id", "data"]).to_pylist()
    by_id = {row["id"]: row["data"] for row in data}
    full, empty = by_id[records[0]["id"]], by_id[records[1]["id"]]
    assert type(full["word_count"]) is int and type(full["language_confidence"]) is float
    assert full["similarity"] == 0.75 and full["revision_of"] == "e" * 32
    assert all(empty[name] is None for name in NULLABLE_DATA)
    assert empty["authors"] == [] and empty["categories"] == []  # empty lists are not nulls
    candidates = empty["provenance"]["language"]["candidates"]
    assert candidates == [("detector", None), ("page", None), ("feed", None)]


def test_null_counts_per_column(tmp_path):
    files = write(tmp_path, [full_record(), empty_record()])
    data = pq.read_table(files).column("data").combine_chunks()
    for name in NULLABLE_DATA:
        assert data.field(name).null_count == 1, name
    assert data.field("text").null_count == 0 and data.null_count == 0


def test_optional_fields_missing_from_a_record_are_read_as_null(tmp_path):
    # A record written before similarity/revision_of/flags existed still fits the columns.
    older = full_record()
    del older["data"]["similarity"], older["data"]["revision_of"]
    del older["data"]["provenance"]["language"]["flags"]
    assert RecordValidator().errors(older) == []
    (row,) = read_back(write(tmp_path, [older]))
    assert row["data"]["similarity"] is None and row["data"]["revision_of"] is None
    assert row["data"]["provenance"]["language"]["flags"] is None


def test_same_window_rewrites_the_same_files(tmp_path):
    many = [build_record(article(article_id=f"{n:032x}")) for n in range(10)]
    first = write(tmp_path, many, shards=2)
    assert [f.name for f in first] == [
        "part-W1-00000-of-00002.parquet",
        "part-W1-00001-of-00002.parquet",
    ]
    again = write(tmp_path, many[:3], shards=2)
    assert again == first
    assert read_back(again) == sorted(many[:3], key=lambda r: r["id"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [f.name for f in first]


def test_an_empty_window_still_writes_readable_files_with_the_schema(tmp_path):
    files = write(tmp_path, [], shards=2)
    assert len(files) == 2
    table = pq.read_table(files)
    assert table.num_rows == 0 and table.schema.equals(SCHEMA)


def test_window_tags_keep_windows_apart(tmp_path):
    write(tmp_path, [full_record()], tag="20261127T1200Z-20261127T1215Z")
    write(tmp_path, [empty_record()], tag="20261127T1215Z-20261127T1230Z")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "part-20261127T1200Z-20261127T1215Z-00000-of-00001.parquet",
        "part-20261127T1215Z-20261127T1230Z-00000-of-00001.parquet",
    ]


def test_duckdb_reads_parquet_and_jsonl_alike(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    records = [full_record(), empty_record(), example_record()]
    with TestPipeline() as p:
        made = p | beam.Create(records)
        _ = made | "Parquet" >> WriteParquet(tmp_path, "W1")
        _ = made | "Jsonl" >> WriteJsonLines(tmp_path, "W1")
    query = """
        SELECT id, data.article_id, data.cluster_id, data.duplicate_of, data.similarity,
               data.title, len(data.authors) AS authors, data.word_count,
               CAST(data.published_at AS TIMESTAMP) AS published_at,
               data.provenance.published_at.source AS date_source
        FROM {reader}('{path}')
        ORDER BY id
    """
    # DuckDB reads the JSON timestamps as timestamps (with time zone in 2.x) and Parquet's as
    # text; in UTC both casts give the same instant whatever the machine's zone.
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    parquet = con.sql(
        query.format(reader="read_parquet", path=tmp_path / "part-W1-*.parquet")
    ).fetchall()
    jsonl = con.sql(
        query.format(reader="read_ndjson_auto", path=tmp_path / "part-W1-*.jsonl")
    ).fetchall()
    assert parquet == jsonl and len(parquet) == 3
    copies = con.sql(
        f"""
        SELECT data.cluster_id, count(*) AS copies,
               element_at(any_value(data.provenance.language.candidates), 'detector')[1]
        FROM read_parquet('{tmp_path}/part-W1-*.parquet')
        WHERE data.duplicate_of IS NOT NULL
        GROUP BY ALL
        """
    ).fetchall()
    assert sorted(copies) == sorted(
        [("a" * 32, 1, "en"), (example_record()["data"]["cluster_id"], 1, "en")]
    )


def test_parquet_column_types_as_declared(tmp_path):
    files = write(tmp_path, [full_record()])
    data = pq.read_schema(files[0]).field("data").type
    declared = {
        "word_count": pa.int64(),
        "language_confidence": pa.float64(),
        "similarity": pa.float64(),
        "published_at": pa.string(),
    }
    assert {name: data.field(name).type for name in declared} == declared
