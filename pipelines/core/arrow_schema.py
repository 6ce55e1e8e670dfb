"""The Arrow schema of the records, derived from the JSON Schema (the one source of truth).

Nothing here lists a field: :func:`arrow_schema` walks any JSON Schema built from the keywords
the record schemas use, so adding a field to ``schemas/article.v2.schema.json`` adds the column.
Print the derived schema::

    python -m pipelines.core.arrow_schema

Mapping (a property is nullable when its schema admits ``null`` or it is not ``required``):

- ``string``, ``integer``, ``number``, ``boolean`` → ``utf8``, ``int64``, ``float64``, ``bool``
  (``integer`` together with ``number`` → ``float64``);
- ``const`` and ``enum`` → the type of their non-null values;
- ``type: [X, "null"]`` and ``oneOf``/``anyOf`` of X and ``null`` → nullable X;
- ``object`` with ``properties`` → ``struct``; ``object`` with only a schema in
  ``additionalProperties`` (a dictionary) → ``map<utf8, value>``;
- ``array`` → ``list<element>``; ``$ref`` → the referenced schema (``#/$defs/…``).

Timestamps stay strings (the records carry RFC 3339 text; a reader casts them when it wants).
Arrow reads a map column back as a list of ``(key, value)`` pairs: :func:`from_arrow_row` turns
a row read from Parquet back into the record dict, and :func:`to_arrow_row` does the reverse
for writers that do not accept dicts for maps.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa

__all__ = ["UnsupportedSchema", "arrow_schema", "from_arrow_row", "to_arrow_row", "to_arrow_rows"]

_SCALARS = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
}
_PYTHON_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"))
# A value is valid for one (or any) of the branches: a nullable column of the others' type.
_BRANCHES = ("oneOf", "anyOf")


class UnsupportedSchema(ValueError):
    """The JSON Schema uses a construct with no single Arrow type (names the path)."""


def arrow_schema(json_schema: dict[str, Any]) -> pa.Schema:
    """Derives the Arrow schema of the records from their JSON Schema.

    Args:
        json_schema: an object schema whose ``properties`` are the record's top-level fields.

    Returns:
        One field per property, in the schema's order; field metadata holds the property's
        ``description``, schema metadata the JSON Schema's ``$id`` and ``title``.

    Raises:
        UnsupportedSchema: a property has no single Arrow type (e.g. ``string`` or
            ``integer``), or the top level is not an object with properties.
    """
    root = _resolve(json_schema, json_schema, "$")
    if "properties" not in root:
        raise UnsupportedSchema("$: the top level must be an object with properties")
    fields = _struct_fields(root, json_schema, "$")
    metadata = {
        key: json_schema[key] for key in ("$id", "title") if isinstance(json_schema.get(key), str)
    }
    return pa.schema(fields, metadata=metadata or None)


def _struct_fields(node: dict[str, Any], root: dict[str, Any], path: str) -> list[pa.Field]:
    required = set(node.get("required", ()))
    fields = []
    for name, child in node["properties"].items():
        child_path = f"{path}.{name}"
        arrow_type, admits_null = _arrow_type(child, root, child_path)
        description = _resolve(child, root, child_path).get("description")
        fields.append(
            pa.field(
                name,
                arrow_type,
                nullable=admits_null or name not in required,
                metadata={"description": description} if description else None,
            )
        )
    return fields


def _resolve(node: Any, root: dict[str, Any], path: str) -> dict[str, Any]:
    """Follows ``$ref`` chains; keywords beside a ``$ref`` (e.g. a description) win."""
    if not isinstance(node, dict):
        raise UnsupportedSchema(f"{path}: expected a schema object, got {node!r}")
    seen: set[str] = set()
    while "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/") or ref in seen:
            raise UnsupportedSchema(f"{path}: cannot resolve $ref {ref!r}")
        seen.add(ref)
        target: Any = root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                raise UnsupportedSchema(f"{path}: $ref {ref!r} points nowhere")
            target = target[part]
        if not isinstance(target, dict):
            raise UnsupportedSchema(f"{path}: $ref {ref!r} is not a schema object")
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        node = {**target, **siblings}
    return node


def _value_type(value: Any, path: str) -> str | None:
    """The JSON type name of a ``const``/``enum`` value (None for null)."""
    if value is None:
        return None
    for python_type, name in _PYTHON_TYPES:
        if isinstance(value, python_type):
            return name
    raise UnsupportedSchema(f"{path}: const/enum value {value!r} has no Arrow type")


def _arrow_type(node: Any, root: dict[str, Any], path: str) -> tuple[pa.DataType, bool]:
    """The Arrow type of a schema and whether the schema admits null."""
    node = _resolve(node, root, path)
    branches = next((node[k] for k in _BRANCHES if k in node), None)
    if branches is not None:
        return _union_type(branches, root, path)
    if "const" in node:
        names = [_value_type(node["const"], path)]
    elif "enum" in node:
        names = [_value_type(value, path) for value in node["enum"]]
    else:
        declared = node.get("type")
        if declared is None:
            raise UnsupportedSchema(f"{path}: no type, const, enum or oneOf")
        names = [declared] if isinstance(declared, str) else list(declared)
        names = [None if name == "null" else name for name in names]
    admits_null = None in names
    kinds = {name for name in names if name is not None}
    if kinds == {"integer", "number"}:
        kinds = {"number"}
    if not kinds:
        return pa.null(), True
    if len(kinds) > 1:
        raise UnsupportedSchema(f"{path}: several types {sorted(kinds)} have no single Arrow type")
    kind = kinds.pop()
    if kind in _SCALARS:
        return _SCALARS[kind], admits_null
    if kind == "array":
        if "items" not in node:
            raise UnsupportedSchema(f"{path}: an array needs items")
        item_type, item_null = _arrow_type(node["items"], root, f"{path}[]")
        # "element": the item name of the Parquet spec's list layout, so a file read back has
        # exactly the derived schema.
        return pa.list_(pa.field("element", item_type, nullable=item_null)), admits_null
    if kind == "object":
        if "properties" in node:
            return pa.struct(_struct_fields(node, root, path)), admits_null
        values = node.get("additionalProperties")
        if isinstance(values, dict):
            value_type, value_null = _arrow_type(values, root, f"{path}.*")
            value_field = pa.field("value", value_type, nullable=value_null)
            return pa.map_(pa.string(), value_field), admits_null
        raise UnsupportedSchema(f"{path}: an object needs properties or additionalProperties")
    raise UnsupportedSchema(f"{path}: unknown type {kind!r}")


def _union_type(branches: list[Any], root: dict[str, Any], path: str) -> tuple[pa.DataType, bool]:
    """``oneOf``/``anyOf``: null branches make it nullable; the others must agree."""
    admits_null = False
    types: list[pa.DataType] = []
    for number, branch in enumerate(branches):
        arrow_type, branch_null = _arrow_type(branch, root, f"{path}|{number}")
        admits_null = admits_null or branch_null
        if not pa.types.is_null(arrow_type) and arrow_type not in types:
            types.append(arrow_type)
    if len(types) > 1:
        raise UnsupportedSchema(f"{path}: branches of several types {[str(t) for t in types]}")
    return (types[0] if types else pa.null()), admits_null


def _convert(value: Any, arrow_type: pa.DataType, to_arrow: bool) -> Any:
    if value is None:
        return None
    if pa.types.is_map(arrow_type):
        pairs = value.items() if to_arrow else value
        item = arrow_type.item_type
        converted = [(key, _convert(v, item, to_arrow)) for key, v in pairs]
        return converted if to_arrow else dict(converted)
    if pa.types.is_struct(arrow_type):
        return {
            field.name: _convert(value.get(field.name), field.type, to_arrow)
            for field in arrow_type
            if field.name in value
        }
    if pa.types.is_list(arrow_type):
        return [_convert(item, arrow_type.value_type, to_arrow) for item in value]
    return value


def _has_map(arrow_type: pa.DataType) -> bool:
    if pa.types.is_map(arrow_type):
        return True
    if pa.types.is_struct(arrow_type):
        return any(_has_map(field.type) for field in arrow_type)
    if pa.types.is_list(arrow_type):
        return _has_map(arrow_type.value_type)
    return False


def to_arrow_row(record: dict[str, Any], schema: pa.Schema) -> dict[str, Any]:
    """A record with its map values as lists of ``(key, value)`` pairs, as Arrow builds maps.

    Fields the schema does not know are left out; fields without a map inside are passed on
    unchanged (not copied).
    """
    return {
        field.name: (
            _convert(record[field.name], field.type, True)
            if _has_map(field.type)
            else record[field.name]
        )
        for field in schema
        if field.name in record
    }


def from_arrow_row(row: dict[str, Any], schema: pa.Schema) -> dict[str, Any]:
    """A row read from Arrow/Parquet (``Table.to_pylist()``) back as the record dict."""
    return {
        field.name: _convert(row[field.name], field.type, False)
        if _has_map(field.type)
        else row[field.name]
        for field in schema
        if field.name in row
    }


def to_arrow_rows(records: Iterable[dict[str, Any]], schema: pa.Schema) -> Iterator[dict]:
    """:func:`to_arrow_row` for each record."""
    return (to_arrow_row(record, schema) for record in records)


def main() -> int:
    """Prints the Arrow schema derived from ``schemas/article.v2.schema.json``."""
    from schemas import load_schema

    print(arrow_schema(load_schema()).to_string(show_field_metadata=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
