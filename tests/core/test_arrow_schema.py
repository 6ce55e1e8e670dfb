import json

import pyarrow as pa
import pytest

from pipelines.core.arrow_schema import (
    UnsupportedSchema,
    arrow_schema,
    from_arrow_row,
    to_arrow_row,
    to_arrow_rows,
)
from schemas import CURRENT_ID, SCHEMA_DIR, load_schema
from schemas.compat import shapes

EXPECTED = {
    "string": pa.types.is_string,
    "integer": pa.types.is_int64,
    "number": pa.types.is_float64,
    "boolean": pa.types.is_boolean,
    "array": pa.types.is_list,
    "object": lambda t: pa.types.is_struct(t) or pa.types.is_map(t),
}


def arrow_fields(schema: pa.Schema) -> dict[str, pa.Field]:
    """Every Arrow field by the dotted path ``schemas.compat.shapes`` uses for the JSON Schema."""
    out: dict[str, pa.Field] = {}

    def walk(field: pa.Field, path: str) -> None:
        out[path] = field
        if pa.types.is_struct(field.type):
            for child in field.type:
                walk(child, f"{path}.{child.name}")
        elif pa.types.is_list(field.type):
            walk(field.type.value_field, f"{path}[]")
        elif pa.types.is_map(field.type):
            walk(field.type.item_field, f"{path}.*")

    for field in schema:
        walk(field, field.name)
    return out


def test_every_json_schema_field_has_its_arrow_column_with_type_and_nullability():
    # Two independent walks of the schema (compat's shapes, the Arrow derivation) must agree.
    expected = shapes(load_schema())
    derived = arrow_fields(arrow_schema(load_schema()))
    assert set(derived) == set(expected)
    for path, shape in expected.items():
        field = derived[path]
        kinds = shape.types - {"null"}
        assert len(kinds) == 1, path
        assert EXPECTED[next(iter(kinds))](field.type), (path, field.type)
        assert field.nullable == ("null" in shape.types or not shape.required), path


def test_the_article_schema_maps_to_the_expected_columns():
    schema = arrow_schema(load_schema())
    assert schema.names[:8] == [
        "specversion",
        "id",
        "source",
        "type",
        "time",
        "subject",
        "datacontenttype",
        "dataschema",
    ]
    data = schema.field("data")
    assert pa.types.is_struct(data.type) and not data.nullable
    child = {f.name: f for f in data.type}
    assert child["word_count"].type == pa.int64() and not child["word_count"].nullable
    assert (
        child["language_confidence"].type == pa.float64() and child["language_confidence"].nullable
    )
    assert child["published_at"].type == pa.string() and child["published_at"].nullable  # oneOf
    assert child["title"].nullable  # type: [string, null] behind a $ref
    assert child["similarity"].nullable and child["revision_of"].nullable  # optional
    assert child["authors"].type == pa.list_(pa.field("element", pa.string(), nullable=False))
    choice = child["provenance"].type.field("language").type
    candidates = choice.field("candidates").type
    assert pa.types.is_map(candidates)
    assert candidates.key_type == pa.string() and candidates.item_field.nullable
    assert choice.field("confidence").type == pa.string() and choice.field("confidence").nullable
    assert choice.field("flags").nullable  # not required
    assert schema.metadata[b"$id"] == CURRENT_ID.encode()
    description = load_schema()["properties"]["id"]["description"]
    assert schema.field("id").metadata[b"description"] == description.encode()


def derive(properties, required=(), defs=None):
    schema = {"type": "object", "properties": properties, "required": list(required)}
    if defs:
        schema["$defs"] = defs
    return arrow_schema(schema)


@pytest.mark.parametrize(
    ("node", "arrow_type", "nullable"),
    [
        ({"type": "string"}, pa.string(), False),
        ({"type": "integer"}, pa.int64(), False),
        ({"type": "number"}, pa.float64(), False),
        ({"type": "boolean"}, pa.bool_(), False),
        ({"type": ["integer", "number"]}, pa.float64(), False),
        ({"type": ["string", "null"]}, pa.string(), True),
        ({"oneOf": [{"type": "integer"}, {"type": "null"}]}, pa.int64(), True),
        ({"anyOf": [{"type": "null"}, {"$ref": "#/$defs/when"}]}, pa.string(), True),
        ({"const": "1"}, pa.string(), False),
        ({"const": 3}, pa.int64(), False),
        ({"const": True}, pa.bool_(), False),
        ({"enum": ["a", "b", None]}, pa.string(), True),
        ({"$ref": "#/$defs/when", "description": "beside the $ref"}, pa.string(), False),
        ({"type": "null"}, pa.null(), True),
    ],
)
def test_scalar_mapping(node, arrow_type, nullable):
    field = derive({"x": node}, ["x"], {"when": {"type": "string", "format": "date-time"}})[0]
    assert (field.type, field.nullable) == (arrow_type, nullable)


def test_optional_properties_are_nullable_and_descriptions_travel():
    schema = derive(
        {"a": {"type": "string", "description": "kept"}, "b": {"type": "string"}}, ["a"]
    )
    assert not schema.field("a").nullable and schema.field("b").nullable
    assert schema.field("a").metadata == {b"description": b"kept"}
    assert schema.field("b").metadata is None


def test_objects_arrays_and_maps_nest():
    schema = derive(
        {
            "s": {
                "type": ["object", "null"],
                "required": ["n"],
                "properties": {
                    "n": {"type": "integer"},
                    "tags": {"type": "array", "items": {"type": ["string", "null"]}},
                },
            },
            "m": {"type": "object", "additionalProperties": {"type": "number"}},
            "grid": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
        },
        ["s", "m", "grid"],
    )
    s = schema.field("s")
    assert s.nullable and s.type.field("n").type == pa.int64()
    assert not s.type.field("n").nullable and s.type.field("tags").nullable
    assert s.type.field("tags").type.value_field.nullable
    m = schema.field("m").type
    assert pa.types.is_map(m) and m.item_type == pa.float64() and not m.item_field.nullable
    grid = schema.field("grid").type
    assert grid.value_type.value_type == pa.int64()


@pytest.mark.parametrize(
    ("node", "message"),
    [
        ({"type": ["string", "integer"]}, "several types"),
        ({"oneOf": [{"type": "string"}, {"type": "integer"}]}, "branches of several types"),
        ({"type": "object"}, "properties or additionalProperties"),
        ({"type": "array"}, "needs items"),
        ({"$ref": "#/$defs/missing"}, "points nowhere"),
        ({"$ref": "#/$defs/loop"}, "cannot resolve"),
        ({"$ref": "https://elsewhere.invalid/s.json"}, "cannot resolve"),
        ({"description": "no type at all"}, "no type"),
        ({"const": {"a": 1}}, "no Arrow type"),
    ],
)
def test_constructs_without_one_arrow_type_are_refused_with_the_path(node, message):
    with pytest.raises(UnsupportedSchema, match=message) as info:
        derive({"x": node}, ["x"], {"loop": {"$ref": "#/$defs/loop"}})
    assert str(info.value).startswith("$.x")


def test_the_top_level_must_be_an_object_with_properties():
    with pytest.raises(UnsupportedSchema, match="top level"):
        arrow_schema({"type": "string"})


def test_rows_convert_to_arrow_and_back():
    schema = arrow_schema(load_schema())
    record = json.loads((SCHEMA_DIR / "example.article.v2.json").read_text(encoding="utf-8"))
    row = to_arrow_row(record, schema)
    candidates = row["data"]["provenance"]["language"]["candidates"]
    assert candidates == [("detector", "en"), ("page", "en"), ("feed", None)]
    assert row["id"] is record["id"]  # columns without a map are passed on, not copied
    table = pa.Table.from_pylist(list(to_arrow_rows([record], schema)), schema=schema)
    assert table.schema.equals(schema)
    assert [from_arrow_row(r, schema) for r in table.to_pylist()] == [record]
