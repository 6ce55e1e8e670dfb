"""Shared by the benchmarks: run metadata, result files, whitespace normalisation.

Not a benchmark itself; imported by ``benchmarks.extraction_quality`` and
``benchmarks.language_accuracy``.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shlex
import subprocess
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"
_WHITESPACE = re.compile(r"\s+")


def run_argv(
    output: Path,
    feed_urls: Iterable[str],
    allow: Iterable[str],
    window: tuple[str, str],
    settings: Iterable[str],
) -> list[str]:
    """``wirestream run`` arguments for a benchmark run over local feeds."""
    argv = ["run", "--output", str(output)]
    for url in feed_urls:
        argv += ["--feed", url]
    for address in allow:
        argv += ["--allow-address", address]
    argv += ["--window-start", window[0], "--window-end", window[1]]
    for setting in settings:
        argv += ["--set", setting]
    return argv


def normalize_ws(text: str | None) -> str | None:
    """Collapses every whitespace run to one space and strips; None stays None."""
    return None if text is None else _WHITESPACE.sub(" ", text).strip()


def git_revision() -> str:
    """``git rev-parse --short HEAD``, or "unknown" outside a git checkout."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def worktree_dirty() -> bool | None:
    """Whether tracked or untracked files differ from HEAD (the measured code is not HEAD)."""
    try:
        out = subprocess.run(
            ["git", "status", "--porcelain"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return bool(out.stdout.strip())


def package_version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def run_metadata(module: str, argv: list[str]) -> dict[str, Any]:
    """Command, date, git revision, cores and versions of one benchmark run."""
    python = os.path.relpath(sys.executable, Path.cwd()) if sys.executable else "python"
    return {
        "command": shlex.join([python, "-m", module, *argv]),
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "git_revision": git_revision(),
        "worktree_dirty": worktree_dirty(),
        "cores": os.cpu_count(),
        "machine": f"{platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "versions": {
            name: package_version(name)
            for name in ("trafilatura", "langdetect", "apache-beam", "lxml", "w3lib")
        },
    }


def print_metadata(meta: dict[str, Any]) -> None:
    print(f"command:  {meta['command']}")
    dirty = " (worktree has uncommitted changes)" if meta.get("worktree_dirty") else ""
    print(f"date:     {meta['date']}   git: {meta['git_revision']}{dirty}")
    print(f"machine:  {meta['machine']}, {meta['cores']} cores, Python {meta['python']}")
    versions = ", ".join(f"{k} {v}" for k, v in meta["versions"].items() if v)
    print(f"versions: {versions}")


def write_results(name: str, payload: dict[str, Any], path: Path | None = None) -> Path:
    """Writes ``benchmarks/results/<name>.json`` (or ``path``); returns the path."""
    target = path or RESULTS_DIR / f"{name}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target
