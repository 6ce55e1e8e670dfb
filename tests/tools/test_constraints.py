"""The pins in constraints.txt, the tool that writes them, and the venv the tests run in.

``.venv/bin/python -m pytest tests/tools/test_constraints.py``
"""

from __future__ import annotations

import importlib.metadata
import os
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tools.constraints import canonical, differences, main, read_pins, render

ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / "constraints.txt"


def pinned() -> dict[str, str]:
    return read_pins(CONSTRAINTS.read_text(encoding="utf-8"))


def test_read_pins_normalises_names_and_skips_comments():
    text = "# header\n\nPyYAML==6.0.3\nlxml_html_clean==0.4.3  # why\nzope.interface==8.0\n"
    assert read_pins(text) == {
        "pyyaml": "6.0.3",
        "lxml-html-clean": "0.4.3",
        "zope-interface": "8.0",
    }


@pytest.mark.parametrize(
    "line",
    ["apache-beam>=2.77", "-e git+https://example.invalid/x#egg=x", "pkg @ file:///tmp/pkg"],
)
def test_read_pins_refuses_anything_but_an_exact_pin(line):
    with pytest.raises(ValueError, match="not an exact pin"):
        read_pins(f"pip==26.0\n{line}\n")


def test_read_pins_refuses_a_package_pinned_twice():
    with pytest.raises(ValueError, match="pyyaml is pinned twice"):
        read_pins("PyYAML==6.0\npyyaml==6.0.1\n")


def test_render_sorts_drops_the_project_and_keeps_the_header():
    freeze = "rich==14.0.0\napache_beam==2.78.0\nwirestream==0.1.0\npip==26.0\n"
    text = render(freeze)
    assert text.startswith("# Exact versions")
    assert "make constraints" in text
    body = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert body == ["apache-beam==2.78.0", "pip==26.0", "rich==14.0.0"]


def test_render_refuses_a_freeze_that_is_not_a_project_venv():
    with pytest.raises(ValueError, match="no apache-beam"):
        render("pip==26.0\nrich==14.0.0\n")


def test_differences_name_added_removed_and_changed():
    old = {"apache-beam": "2.77.0", "six": "1.16.0", "rich": "14.0.0"}
    new = {"apache-beam": "2.78.0", "rich": "14.0.0", "zstandard": "0.25.0"}
    assert differences(old, new) == [
        "apache-beam: 2.77.0 -> 2.78.0",
        "six: 1.16.0 -> (none)",
        "zstandard: (none) -> 0.25.0",
    ]


def test_write_then_diff_through_the_command_line(tmp_path, capsys):
    freeze = tmp_path / "freeze.txt"
    freeze.write_text("apache-beam==2.78.0\npip==26.0\n")
    out = tmp_path / "constraints.txt"
    assert main(["write", str(freeze), str(out)]) == 0
    assert read_pins(out.read_text()) == {"apache-beam": "2.78.0", "pip": "26.0"}
    freeze.write_text("apache-beam==2.79.0\npip==26.0\n")
    assert main(["diff", str(out), str(freeze)]) == 0
    assert "apache-beam: 2.78.0 -> 2.79.0" in capsys.readouterr().out


def test_the_committed_constraints_file_parses_and_pins_the_core():
    pins = pinned()
    for name in (
        "apache-beam",
        "feedparser",
        "trafilatura",
        "langdetect",
        "apache-airflow",
        "pip",
    ):
        assert name in pins, name


def test_every_dependency_of_setup_py_is_pinned_within_its_bounds():
    """setup.py's ranges (all extras) admit the pinned versions: the pins are one point inside
    what setup.py promises, and every direct dependency has one."""
    pins = pinned()
    problems = []
    for spec in importlib.metadata.requires("wirestream") or []:
        requirement = Requirement(spec)
        name = canonical(requirement.name)
        if name not in pins:
            problems.append(f"{name} is not pinned")
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{name}=={pins[name]} is outside setup.py's {requirement.specifier}")
    assert not problems, problems


@pytest.mark.skipif(
    bool(os.environ.get("UNPINNED_CANARY")),
    reason="UNPINNED_CANARY: this venv holds the newest releases (make test-latest)",
)
def test_this_venv_holds_exactly_the_pinned_versions():
    """What `make test` (and so CI) tests is what constraints.txt gives a fresh clone: a package
    added to setup.py without `make constraints`, or a venv installed by hand, fails here."""
    pins = pinned()
    problems = set()
    for dist in importlib.metadata.distributions():
        name = canonical(dist.metadata["Name"])
        if name in {"wirestream"}:
            continue
        if name not in pins:
            problems.add(f"{name} {dist.version} is installed but not pinned")
        elif pins[name] != dist.version:
            problems.add(f"{name} {dist.version} is installed, {pins[name]} is pinned")
    assert not problems, (
        "the venv differs from constraints.txt (recreate it: rm -rf .venv && make test; after a "
        f"new dependency: make test-latest && make constraints): {sorted(problems)}"
    )
