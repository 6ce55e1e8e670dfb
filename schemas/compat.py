"""The schema as a contract: does a change to the JSON Schema break v1 consumers?

``baseline/article.v1.json`` is the schema as v1 was published. :func:`check` compares the
current schema with it field by field and lists every change a consumer of v1 would trip over,
unless the schema's version was bumped (a new major version is a new contract). Run it::

    python -m schemas.compat                       # current schema against the baseline
    python -m schemas.compat BASELINE.json CURRENT.json

Each field (a dotted path: ``data.title``; array items ``data.authors[]``; the values of a
dictionary ``….candidates.*``) is reduced to its *shape*: the set of JSON types it admits (a
``$ref`` followed, ``oneOf``/``anyOf`` branches merged, ``const``/``enum`` typed by their values),
whether it must be present, its allowed values and its value constraints. The shapes do not
depend on how the schema spells them, so ``{"type": ["string", "null"]}`` and ``{"oneOf":
[{"type": "string"}, {"type": "null"}]}`` are the same field.

Breaking (needs a version bump):

- a field removed;
- its type set changed — narrowed (old records no longer validate) or widened (a consumer
  meets a type, such as ``null``, that it never saw);
- made required (old records lack it) or made optional (a consumer finds it missing);
- a new field that is required (old records lack it);
- ``const``/``enum`` values changed, or a value constraint (``pattern``, ``minLength``,
  ``minimum``, …, ``additionalProperties: false``) changed.

Allowed in v1: a new optional field, and any change to descriptions and titles. Consumers must
therefore read fields by name and ignore fields they do not know.

The version is bumped when the ``$id`` (``…/article.vN.schema.json``), the envelope's ``type``
constant (``wirestream.article.vN``) and ``data.schema_version`` (``"N"``) all name the same,
higher major version. A bump may break the old contract, but v2 does not: it only adds fields,
so :func:`carried_over` (the baseline's fields whose shape changed, the version markers and the
new fields aside) is empty between v1 and v2, and the default comparison (``baseline/
article.v1.json`` against the current schema) fails if it is not.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemas import CURRENT, SCHEMA_DIR

BASELINE_V1 = SCHEMA_DIR / "baseline" / "article.v1.json"
CONSTRAINTS = (
    "pattern",
    "format",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "uniqueItems",
)
_VERSION_IN_NAME = re.compile(r"\.v(\d+)(?:\.|$)")
_PYTHON_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"))


@dataclass(frozen=True)
class Shape:
    """What a consumer can rely on about one field."""

    types: frozenset[str]
    required: bool
    values: tuple[str, ...] | None
    constraints: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Report:
    """The outcome of a comparison: ``ok`` when v1 consumers are safe (or the version moved)."""

    changes: tuple[str, ...]
    baseline_version: int | None
    current_version: int | None
    version_problems: tuple[str, ...]

    @property
    def bumped(self) -> bool:
        return (
            not self.version_problems
            and self.baseline_version is not None
            and self.current_version is not None
            and self.current_version > self.baseline_version
        )

    @property
    def ok(self) -> bool:
        return not self.version_problems and (self.bumped or not self.changes)


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    seen: set[str] = set()
    while "$ref" in node:
        ref = node["$ref"]
        if ref in seen or not ref.startswith("#/"):
            raise ValueError(f"cannot resolve $ref {ref!r}")
        seen.add(ref)
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    for python_type, name in _PYTHON_TYPES:
        if isinstance(value, python_type):
            return name
    return type(value).__name__


def _alternatives(node: dict[str, Any], root: dict[str, Any]) -> list[dict[str, Any]]:
    """The schema itself, or its ``oneOf``/``anyOf`` branches (nested ones flattened)."""
    node = _resolve(node, root)
    for keyword in ("oneOf", "anyOf"):
        if keyword in node:
            return [alt for branch in node[keyword] for alt in _alternatives(branch, root)]
    return [node]


def shapes(schema: dict[str, Any]) -> dict[str, Shape]:
    """Every field of the schema by dotted path, with its shape."""
    out: dict[str, Shape] = {}
    _collect(schema, schema, "", True, out)
    return out


def _collect(
    node: dict[str, Any], root: dict[str, Any], path: str, required: bool, out: dict[str, Shape]
) -> None:
    types: set[str] = set()
    values: list[Any] | None = None
    constraints: set[tuple[str, str]] = set()
    objects: list[dict[str, Any]] = []
    arrays: list[dict[str, Any]] = []
    for alt in _alternatives(node, root):
        if "const" in alt or "enum" in alt:
            listed = [alt["const"]] if "const" in alt else list(alt["enum"])
            values = (values or []) + listed
            types.update(_type_of(v) for v in listed)
        else:
            declared = alt.get("type", [])
            types.update([declared] if isinstance(declared, str) else declared)
        for key in CONSTRAINTS:
            if key in alt:
                constraints.add((key, json.dumps(alt[key], sort_keys=True)))
        if isinstance(alt.get("additionalProperties"), bool):
            constraints.add(("additionalProperties", json.dumps(alt["additionalProperties"])))
        if "properties" in alt or isinstance(alt.get("additionalProperties"), dict):
            objects.append(alt)
        if "items" in alt:
            arrays.append(alt)
    if path:
        out[path] = Shape(
            types=frozenset(types),
            required=required,
            values=None if values is None else tuple(sorted(json.dumps(v) for v in values)),
            constraints=tuple(sorted(constraints)),
        )
    prefix = f"{path}." if path else ""
    for alt in objects:
        needed = set(alt.get("required", ()))
        for name, child in alt.get("properties", {}).items():
            _collect(child, root, f"{prefix}{name}", name in needed, out)
        if isinstance(alt.get("additionalProperties"), dict):
            _collect(alt["additionalProperties"], root, f"{prefix}*", True, out)
    for alt in arrays:
        _collect(alt["items"], root, f"{path}[]", True, out)


def _parent(path: str) -> str:
    if path.endswith("[]"):
        return path[:-2]
    return path.rsplit(".", 1)[0] if "." in path else ""


def breaking_changes(baseline: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """Every change of ``current`` against ``baseline`` that breaks a consumer of the baseline."""
    old, new = shapes(baseline), shapes(current)
    changes = []
    for path, was in old.items():
        now = new.get(path)
        if now is None:
            changes.append(f"{path}: removed")
            continue
        if now.types != was.types:
            changes.append(f"{path}: type {sorted(was.types)} became {sorted(now.types)}")
        if now.required != was.required:
            changes.append(f"{path}: made {'required' if now.required else 'optional'}")
        if now.values != was.values:
            changes.append(f"{path}: allowed values {was.values} became {now.values}")
        if now.constraints != was.constraints:
            before, after = dict(was.constraints), dict(now.constraints)
            for key in sorted(before.keys() | after.keys()):
                if before.get(key) != after.get(key):
                    changes.append(f"{path}: {key} {before.get(key)} became {after.get(key)}")
    for path, now in new.items():
        parent = _parent(path)
        is_field = not path.endswith(("[]", ".*"))  # items and dictionary values come along
        if path not in old and now.required and is_field and (not parent or parent in old):
            changes.append(f"{path}: new required field")
    return changes


_MARKERS = ("type", "data.schema_version")


def carried_over(baseline: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """The baseline's fields that ``current`` changed, apart from the version markers.

    Empty when ``current`` only adds fields: what a reader of the baseline reads by name is
    all still there, with the same shape.
    """
    return [
        change
        for change in breaking_changes(baseline, current)
        if not change.endswith(": new required field") and change.split(":", 1)[0] not in _MARKERS
    ]


def _const_at(schema: dict[str, Any], *names: str) -> Any:
    node = schema
    for name in names:
        node = _resolve(node, schema).get("properties", {}).get(name, {})
    return _resolve(node, schema).get("const")


def version_markers(schema: dict[str, Any]) -> dict[str, int | None]:
    """The major version each marker names: ``$id``, the ``type`` constant, ``schema_version``."""

    def number(text: Any, pattern: re.Pattern[str] | None) -> int | None:
        if not isinstance(text, str):
            return None
        if pattern is None:
            return int(text) if text.isdigit() else None
        match = pattern.search(text.rsplit("/", 1)[-1])
        return int(match.group(1)) if match else None

    return {
        "$id": number(schema.get("$id"), _VERSION_IN_NAME),
        "type": number(_const_at(schema, "type"), _VERSION_IN_NAME),
        "data.schema_version": number(_const_at(schema, "data", "schema_version"), None),
    }


def _version(schema: dict[str, Any], label: str) -> tuple[int | None, list[str]]:
    markers = version_markers(schema)
    found = set(markers.values())
    if len(found) == 1 and None not in found:
        return found.pop(), []
    listed = ", ".join(f"{key}={value}" for key, value in markers.items())
    return None, [f"{label} schema: version markers disagree or are missing ({listed})"]


def check(baseline: dict[str, Any], current: dict[str, Any]) -> Report:
    """Compares ``current`` with ``baseline`` (both parsed JSON Schemas)."""
    baseline_version, problems = _version(baseline, "baseline")
    current_version, more = _version(current, "current")
    return Report(
        changes=tuple(breaking_changes(baseline, current)),
        baseline_version=baseline_version,
        current_version=current_version,
        version_problems=tuple(problems + more),
    )


def main(argv: list[str]) -> int:
    """Prints the breaking changes; exit 1 when consumers of the baseline would break."""
    baseline_path = Path(argv[0]) if argv else BASELINE_V1
    current_path = Path(argv[1]) if len(argv) > 1 else CURRENT
    baseline = json.loads(baseline_path.read_text(encoding="utf-8"))
    current = json.loads(current_path.read_text(encoding="utf-8"))
    report = check(baseline, current)
    if report.bumped:
        changed = carried_over(baseline, current)
        print(f"version bumped v{report.baseline_version} → v{report.current_version}")
        for line in changed:
            print(f"v{report.baseline_version} field changed: {line}")
        if not changed:
            print(f"every v{report.baseline_version} field is unchanged (fields added only)")
        # Without arguments this checks our own promise: the current schema extends v1.
        return 1 if changed and not argv else 0
    for line in (*report.version_problems, *report.changes):
        print(line)
    if report.ok:
        print(f"compatible with v{report.baseline_version}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
