"""The project's pins (``constraints.txt``): write them from a freeze, compare, check a venv.

``make constraints`` runs ``python tools/constraints.py write .venv-latest/freeze.txt
constraints.txt`` after a green ``make test-latest``; ``make latest-venv`` prints
``python tools/constraints.py diff constraints.txt .venv-latest/freeze.txt``. The tests use
:func:`read_pins` to check that the running venv holds exactly the pinned versions.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HEADER = """\
# Exact versions of every package in the `dev` and `airflow` installs, for Python 3.11 on Linux.
# Generated: do not edit by hand. `make run`, `make test`, `make test-airflow` and .ci/run install
# with `pip install --constraint constraints.txt`, so a fresh clone gets what CI tested.
# To refresh: `make test-latest` (a venv of the newest releases setup.py allows, and the whole
# suite there); when it is green, `make constraints` writes this file from that venv, then
# `make test` reinstalls from it. Commit it with the suite's result.
"""

# Distributions that are the project itself, never pinned.
OWN = {"wirestream"}


def canonical(name: str) -> str:
    """PEP 503 normalised name: ``PyYAML`` and ``pyyaml``, ``lxml_html_clean`` and
    ``lxml-html-clean`` are the same distribution."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(text: str) -> dict[str, str]:
    """``name==version`` lines (comments and blank lines ignored) → {canonical name: version}.

    Raises:
        ValueError: a line that is not an exact pin, or a package pinned twice.
    """
    pins: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;]+)", line)
        if not match:
            raise ValueError(f"line {number}: not an exact pin: {raw!r}")
        name = canonical(match.group(1))
        if name in pins:
            raise ValueError(f"line {number}: {name} is pinned twice")
        pins[name] = match.group(2)
    return pins


def render(freeze: str) -> str:
    """The constraints file for a ``pip freeze --all --exclude-editable`` output.

    Raises:
        ValueError: the freeze holds something other than exact pins (an editable or direct
            URL install), or lacks the packages every install needs.
    """
    pins = {name: version for name, version in read_pins(freeze).items() if name not in OWN}
    missing = {"apache-beam", "pip"} - pins.keys()
    if missing:
        raise ValueError(f"the freeze has no {', '.join(sorted(missing))}: not a project venv")
    lines = [f"{name}=={pins[name]}" for name in sorted(pins)]
    return HEADER + "\n".join(lines) + "\n"


def differences(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """One line per package added, removed or at another version, sorted by name."""
    out = []
    for name in sorted(old.keys() | new.keys()):
        before, after = old.get(name), new.get(name)
        if before != after:
            out.append(f"{name}: {before or '(none)'} -> {after or '(none)'}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    write = commands.add_parser("write", help="write the constraints file from a freeze")
    write.add_argument("freeze", type=Path)
    write.add_argument("constraints", type=Path)
    diff = commands.add_parser("diff", help="what a freeze changes against the constraints")
    diff.add_argument("constraints", type=Path)
    diff.add_argument("freeze", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "write":
            args.constraints.write_text(render(args.freeze.read_text()), encoding="utf-8")
            print(f"wrote {args.constraints}")
            return 0
        old = read_pins(args.constraints.read_text())
        new = {k: v for k, v in read_pins(args.freeze.read_text()).items() if k not in OWN}
    except (OSError, ValueError) as exc:
        print(f"constraints: {exc}", file=sys.stderr)
        return 2
    for line in differences(old, new) or ["(none)"]:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
