"""Every DoFn and PTransform of the package passes the installed Beam's type-hint checks.

Beam 2.78 began reading ``process()``'s return hint as the output element type and rejects one
that is not iterable (``-> None`` on a DoFn that only counts broke ``make run``). This audit
builds each class's hints the way Beam does when the graph is constructed, on whatever Beam is
installed (the pinned one in ``make test``, the newest in ``make test-latest``), and checks the
rule itself, so the break shows on older Beams too.

``.venv/bin/python -m pytest tests/transforms/test_type_hints.py``
"""

from __future__ import annotations

import collections.abc
import importlib
import inspect
import pkgutil
import typing

import apache_beam as beam
import pytest

import pipelines

# Methods whose return hint Beam takes as the output element type (finish_bundle's is not read,
# and ``None`` is a valid return there).
YIELDING = ("process", "process_batch")
ITERABLE_ORIGINS = (
    collections.abc.Iterable,
    collections.abc.Iterator,
    collections.abc.Generator,
)


def package_classes(base: type) -> list[type]:
    """Subclasses of ``base`` defined in the ``pipelines`` package, by qualified name."""
    found = {}
    for module_info in pkgutil.walk_packages(pipelines.__path__, "pipelines."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, base) and cls.__module__ == module.__name__:
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[name] for name in sorted(found)]


DOFNS = package_classes(beam.DoFn)
PTRANSFORMS = package_classes(beam.PTransform)


def test_the_audit_finds_the_stages():
    names = {cls.__name__ for cls in DOFNS + PTRANSFORMS}
    assert {"TallyFn", "FetchArticles", "ExtractText", "DetectLanguage"} <= names
    assert len(DOFNS) >= 15


@pytest.mark.parametrize("cls", DOFNS, ids=lambda cls: cls.__qualname__)
def test_dofn_type_hints_build_on_the_installed_beam(cls):
    fn = cls.__new__(cls)  # the hints come from the methods; no settings needed
    hints = fn.get_type_hints()
    assert hints is not None


@pytest.mark.parametrize("cls", DOFNS, ids=lambda cls: cls.__qualname__)
def test_dofn_output_hints_are_iterable(cls):
    for name in YIELDING:
        method = getattr(cls, name, None)
        if method is None or getattr(beam.DoFn, name, None) is method:
            continue
        hint = typing.get_type_hints(method).get("return")
        if hint is None:
            continue
        origin = typing.get_origin(hint) or hint
        assert origin in ITERABLE_ORIGINS, f"{cls.__qualname__}.{name} -> {hint}"


@pytest.mark.parametrize("cls", PTRANSFORMS, ids=lambda cls: cls.__qualname__)
def test_ptransform_type_hints_build_on_the_installed_beam(cls):
    transform = cls.__new__(cls)
    assert transform.default_type_hints() is not None
