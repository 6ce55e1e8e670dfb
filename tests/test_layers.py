"""The package's layers, read from the source with ``ast`` (nothing is imported).

- ``pipelines.core`` is the plain-Python library: it imports nothing from the layers above it;
- a stage module (``pipelines.transforms.<stage>``) imports ``pipelines.core`` and
  ``pipelines.transforms.common``, never another stage (nor does ``common``);
- the launcher (``pipelines.news_ingest``) imports from a stage module only the names in its
  ``__all__``, and from ``pipelines.transforms.common`` only public names;
- no import cycle among ``pipelines.*`` modules, counting imports inside functions too.

    python -m pytest tests/test_layers.py
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pipelines"
ABOVE_CORE = (
    "pipelines.transforms",
    "pipelines.news_ingest",
    "pipelines.runners",
    "pipelines.demo",
)
COMMON = "pipelines.transforms.common"
LAUNCHER = "pipelines.news_ingest"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def imports(name: str) -> list[tuple[str, list[str], int]]:
    """``(module, names, line)`` for every ``pipelines.*`` import of a module, at any depth;
    ``names`` is empty for ``import pipelines.x``. ``from pipelines.core import storage``
    names the module ``pipelines.core.storage``."""
    found = []
    for node in ast.walk(TREES[name]):
        if isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if is_ours(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and is_ours(node.module):
            names = [a.name for a in node.names]
            submodules = [n for n in names if f"{node.module}.{n}" in MODULES]
            found += [(f"{node.module}.{n}", [], node.lineno) for n in submodules]
            rest = [n for n in names if n not in submodules]
            if rest or not submodules:
                found.append((node.module, rest, node.lineno))
    return found


def is_ours(module: str | None) -> bool:
    return module is not None and (module == "pipelines" or module.startswith("pipelines."))


def in_layer(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


def stage_modules() -> list[str]:
    return [
        name
        for name in MODULES
        if name.startswith("pipelines.transforms.")
        and name.count(".") == 2
        and not in_layer(name, COMMON)
    ]


def declared_all(name: str) -> list[str] | None:
    for node in TREES[name].body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    return None


def defined_names(name: str) -> set[str]:
    names = set()
    for node in TREES[name].body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.ImportFrom):
            names.update(a.asname or a.name for a in node.names)
    return names


def test_core_imports_nothing_above_it():
    bad = [
        f"{name}:{line} imports {target}"
        for name in MODULES
        if in_layer(name, "pipelines.core")
        for target, _, line in imports(name)
        if any(in_layer(target, layer) for layer in ABOVE_CORE)
    ]
    assert bad == []


def test_no_stage_imports_another_stage():
    stages = set(stage_modules())
    shared = {name for name in MODULES if in_layer(name, COMMON)}
    bad = [
        f"{name}:{line} imports {target}"
        for name in stages | shared
        for target, _, line in imports(name)
        if target != name and (target in stages or target == "pipelines.transforms")
    ]
    assert bad == []


@pytest.mark.parametrize("stage", stage_modules())
def test_every_stage_lists_its_public_stages(stage):
    public = declared_all(stage)
    assert public, f"{stage} has no __all__"
    assert set(public) <= defined_names(stage), f"{stage}.__all__ names what it does not define"


def test_the_launcher_uses_stages_only_through_their_public_names():
    stages = set(stage_modules())
    bad = []
    for name in MODULES:
        if not in_layer(name, LAUNCHER):
            continue
        for target, names, line in imports(name):
            where = f"{name}:{line}"
            if target in stages:
                public = declared_all(target) or []
                if not names:
                    bad.append(f"{where} imports the module {target}, not its public names")
                bad += [
                    f"{where} imports {target}.{n} (not in __all__)"
                    for n in names
                    if n not in public
                ]
            elif in_layer(target, COMMON):
                public = declared_all(target)
                bad += [
                    f"{where} imports {target}.{n} (not public)"
                    for n in names
                    if n.startswith("_") or (public is not None and n not in public)
                ]
    assert bad == []


def test_no_import_cycles():
    graph = {
        name: {t for t, _, _ in imports(name) if t in MODULES and t != name} for name in MODULES
    }
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []
