"""Robustness run of ``wirestream feeds`` over feedparser's own test fixtures.

Run from the repository root::

    .venv/bin/python -m benchmarks.feeds_robustness

Options: ``--data DIR`` (default ``../shared/bench-data/feedparser-tests``), ``--batch-size N``
(files per invocation, default 250), ``--timeout S`` (per invocation, default 300),
``--repeats N`` (in-process timing repeats, default 3), ``--no-probes``.

What it does:

1. Runs the real command a user would run, ``.venv/bin/wirestream feeds --feed FILE --feed FILE
   …``, in a subprocess, in batches of ``--batch-size`` files (to bound the command line), with
   ``PYTHONUNBUFFERED=1`` so that a killed invocation still shows how far it got. A batch that
   outlives ``--timeout`` is interrupted (SIGINT, for a traceback, then SIGKILL) and counted as a
   hang; a batch that exits with a traceback or leaves files without a ``feed_status`` line is
   counted as a crash. The first file without a status is the suspect; the rest of the batch is
   run again, so one bad file never hides the others.
2. Checks that every input file has exactly one ``feed_status`` line (matched on ``feed``), that
   every stdout line is UTF-8 JSON, that each feed's entry lines match its ``entries`` count, and
   that entry text fields hold no NUL/C0/DEL (hard failure) or C1 control characters (flagged:
   they are the signature of a wrong decoding).
3. Times ``parse_feed`` in-process, one file at a time (median of ``--repeats`` per file), as a
   second measurement; reports median / p95 / max and the 5 slowest files.
4. Breaks the outcome down by MANIFEST ``category``, lists fixtures whose status looks wrong,
   and runs a few synthetic probes (malformed character references and a DOCTYPE entity, written
   to a temporary folder) through the same command; the probes do not count toward the corpus.

Writes ``benchmarks/results/feeds_robustness.json`` and prints a table. Exits 0 when the corpus
run has no crash, hang, missing or duplicate status, invalid line or NUL/C0/DEL field; 1
otherwise; 0 with a message when the data folder is absent.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import math
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path("../shared/bench-data/feedparser-tests")
RESULTS = REPO / "benchmarks" / "results" / "feeds_robustness.json"
TRACEBACK = "Traceback (most recent call last)"
ENTRY_TEXT_FIELDS = (
    "feed_url",
    "source_id",
    "link",
    "guid",
    "title",
    "summary",
    "published_at",
    "authors",
    "categories",
    "feed_language",
)
C0_DEL = re.compile(r"[\x00-\x1f\x7f]")
C1 = re.compile(r"[\x80-\x9f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")

# Synthetic probes: each is a malformed feed a real server could send. The first and the last
# are harmless, so a crash in between shows what it costs the rest of an invocation.
_RSS = (
    '<rss version="2.0"><channel><title>probe</title>'
    "<item><title>{}</title></item></channel></rss>"
)
PROBES: dict[str, bytes] = {
    "00_plain.xml": _RSS.format("plain").encode(),
    "01_surrogate_charref.xml": _RSS.format("a &#xD800; b").encode(),
    "02_charref_above_unicode.xml": _RSS.format("a &#x110000; b").encode(),
    "03_charref_overflow.xml": _RSS.format("a &#99999999999; b").encode(),
    "04_doctype_entity_backslash.xml": (
        b'<!DOCTYPE rss [\n<!ENTITY path "C:\\data">\n]>\n' + _RSS.format("&path;").encode()
    ),
    "05_plain.xml": _RSS.format("plain again").encode(),
}


@dataclass
class Invocation:
    """One run of the command over some files."""

    files: list[str]
    returncode: int | None
    timed_out: bool
    wall_s: float
    stdout: bytes
    stderr: str


@dataclass
class Outcome:
    """Everything the subprocess runs produced, merged over batches."""

    statuses: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: collections.defaultdict(list)
    )
    entries: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: collections.defaultdict(list)
    )
    invalid_lines: list[dict[str, Any]] = field(default_factory=list)
    unexpected_feeds: list[str] = field(default_factory=list)
    incidents: list[dict[str, Any]] = field(default_factory=list)
    invocations: list[dict[str, Any]] = field(default_factory=list)
    stderr_lines: collections.Counter[str] = field(default_factory=collections.Counter)
    wall_s: float = 0.0


# ----------------------------------------------------------------------------- running


def wirestream_bin() -> Path:
    """The console script next to this interpreter (the project's virtualenv)."""
    candidate = Path(sys.executable).parent / "wirestream"
    if candidate.exists():
        return candidate
    return REPO / ".venv" / "bin" / "wirestream"


def invoke(command: list[str], files: Sequence[str], timeout: float) -> Invocation:
    """Runs ``command --feed f …`` once; on timeout interrupts, then kills, its process group."""
    argv = [*command]
    for name in files:
        argv += ["--feed", name]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    begun = time.monotonic()
    proc = subprocess.Popen(
        argv,
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGINT)  # a KeyboardInterrupt traceback shows where it hung
        try:
            out, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
    return Invocation(
        files=list(files),
        returncode=proc.returncode,
        timed_out=timed_out,
        wall_s=time.monotonic() - begun,
        stdout=out,
        stderr=err.decode("utf-8", "replace"),
    )


def _tail(text: str, lines: int = 12) -> list[str]:
    return text.rstrip().splitlines()[-lines:]


def absorb(result: Invocation, outcome: Outcome) -> set[str]:
    """Parses and checks one invocation's stdout; returns the files that got a status."""
    wanted = set(result.files)
    seen: set[str] = set()
    for number, raw in enumerate(result.stdout.splitlines(), 1):
        try:
            line = json.loads(raw.decode("utf-8"))
            if not isinstance(line, dict) or line.get("type") not in ("entry", "feed_status"):
                raise ValueError("not an entry or feed_status object")
        except (UnicodeDecodeError, ValueError) as exc:
            outcome.invalid_lines.append(
                {"line": number, "error": str(exc)[:200], "text": raw[:200].decode("latin-1")}
            )
            continue
        if line["type"] == "feed_status":
            feed = line.get("feed")
            if feed not in wanted:
                outcome.unexpected_feeds.append(str(feed))
                continue
            seen.add(feed)
            outcome.statuses[feed].append(line)
        else:
            outcome.entries[str(line.get("feed_url"))].append(line)
    for text in result.stderr.splitlines():
        if text.strip():
            outcome.stderr_lines[text.strip()[:200]] += 1
    return seen


def healthy(command: list[str], control: str, timeout: float) -> bool:
    """Whether the command still handles a plain, valid feed (tells a bad file from a broken
    command after an invocation that printed no status at all)."""
    check = invoke(command, [control], timeout)
    return (
        check.returncode == 0
        and not check.timed_out
        and TRACEBACK not in check.stderr
        and control in absorb(check, Outcome())
    )


def run_batch(
    command: list[str], files: list[str], timeout: float, outcome: Outcome, control: str
) -> None:
    """Runs one batch; after a crash or hang, blames the first file without a status and runs
    the rest again, until every file has a status or has been blamed. When an invocation printed
    no status at all and the command fails on a plain feed too, the command itself is broken:
    the rest count as missing."""
    pending = list(files)
    while pending:
        result = invoke(command, pending, timeout)
        outcome.wall_s += result.wall_s
        seen = absorb(result, outcome)
        missing = [f for f in pending if f not in seen]
        crashed = TRACEBACK in result.stderr or (result.returncode or 0) < 0
        all_failed = all(outcome.statuses[f][-1].get("status") == "failed" for f in seen)
        bad_exit = result.returncode not in (0, None) and not (
            result.returncode == 1 and seen and all_failed
        )
        outcome.invocations.append(
            {
                "files": len(pending),
                "statuses": len(seen),
                "returncode": result.returncode,
                "timed_out": result.timed_out,
                "wall_s": round(result.wall_s, 3),
            }
        )
        if not (result.timed_out or crashed or bad_exit or missing):
            return
        incident = {
            "kind": "hang" if result.timed_out else "crash",
            "file": missing[0] if missing else None,
            "returncode": result.returncode,
            "missing_statuses": len(missing),
            "stderr_tail": _tail(result.stderr),
        }
        outcome.incidents.append(incident)
        file_specific = result.timed_out or crashed
        if file_specific and not seen:
            file_specific = healthy(command, control, timeout)
        if file_specific:
            if not missing:
                return
            pending = missing[1:]  # the first file without a status is the suspect
            continue
        # A bad exit without a traceback (e.g. a usage error), or a command that fails even on
        # a plain feed: no one file to blame.
        incident["file"] = None
        outcome.incidents.extend({"kind": "missing", "file": name} for name in missing)
        return


def run_command(
    command: list[str], files: list[str], batch_size: int, timeout: float, control: str
) -> Outcome:
    outcome = Outcome()
    for start in range(0, len(files), batch_size):
        batch = files[start : start + batch_size]
        run_batch(command, batch, timeout, outcome, control)
        done = min(start + batch_size, len(files))
        print(f"  {done}/{len(files)} files, {outcome.wall_s:.1f} s", file=sys.stderr)
    return outcome


# ----------------------------------------------------------------------------- classifying


def classify(name: str, outcome: Outcome) -> tuple[str, str | None]:
    """(class, failure reason) of one file."""
    blamed = [i["kind"] for i in outcome.incidents if i.get("file") == name]
    if blamed:
        return blamed[0], None
    statuses = outcome.statuses.get(name) or []
    if not statuses:
        return "missing", None
    status = statuses[0]
    kind = status.get("status")
    if kind == "failed":
        return "failed", str(status.get("reason"))
    entries = status.get("entries") or 0
    if kind == "ok":
        return ("ok_entries" if entries else "ok_empty"), None
    if kind == "malformed":
        return ("malformed_entries" if entries else "malformed_empty"), None
    return f"unknown_status:{kind}", None


CLASSES = (
    "ok_entries",
    "ok_empty",
    "malformed_entries",
    "malformed_empty",
    "failed",
    "crash",
    "hang",
    "missing",
)


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def check_entries(outcome: Outcome) -> dict[str, Any]:
    """Control characters in entry text fields; entry lines versus the status's count."""
    c0: list[dict[str, Any]] = []
    c1: list[dict[str, Any]] = []
    surrogates: list[dict[str, Any]] = []
    replacement = 0
    count_mismatch: list[dict[str, Any]] = []
    total = 0
    for feed, entries in outcome.entries.items():
        total += len(entries)
        for entry in entries:
            for name in ENTRY_TEXT_FIELDS:
                for text in _strings(entry.get(name)):
                    where = {"feed": feed, "position": entry.get("position"), "field": name}
                    if C0_DEL.search(text):
                        c0.append({**where, "value": text[:80]})
                    if C1.search(text):
                        c1.append({**where, "value": text[:80]})
                    if SURROGATE.search(text):
                        surrogates.append(where)
                    replacement += text.count("\ufffd")
        statuses = outcome.statuses.get(feed) or []
        expected = statuses[0].get("entries", 0) if statuses else None
        if expected != len(entries):
            count_mismatch.append(
                {"feed": feed, "status_entries": expected, "lines": len(entries)}
            )
    return {
        "entry_lines": total,
        "fields_with_nul_c0_del": len(c0),
        "fields_with_c1_controls": len(c1),
        "fields_with_lone_surrogates": len(surrogates),
        "replacement_chars_u_fffd": replacement,
        "entry_count_mismatches": count_mismatch,
        "examples_nul_c0_del": c0[:10],
        "examples_c1": c1[:10],
    }


def suspicious(
    manifest: dict[str, dict[str, Any]], outcome: Outcome, classes: dict[str, tuple]
) -> list[dict[str, Any]]:
    """Fixtures whose status looks wrong for what the fixture is."""
    notes = []
    c1_feeds = {
        feed
        for feed, entries in outcome.entries.items()
        for entry in entries
        for name in ENTRY_TEXT_FIELDS
        for text in _strings(entry.get(name))
        if C1.search(text)
    }
    for name, row in manifest.items():
        kind, reason = classes[name]
        status = (outcome.statuses.get(name) or [{}])[0]
        why = None
        if row["path"].endswith(".json"):
            why = "JSON Feed (not claimed): how it is reported"
        elif row["category"].startswith("wellformed") and kind not in ("ok_entries", "ok_empty"):
            why = "well-formed fixture not reported ok"
        elif name in c1_feeds:
            why = f"reported {status.get('status')} but entry text has C1 controls (mis-decoded)"
        elif kind.endswith("_entries") and not status.get("version"):
            why = "no feed version recognised, entries kept anyway"
        if why:
            notes.append(
                {
                    "file": row["path"],
                    "category": row["category"],
                    "why": why,
                    "status": status.get("status", kind),
                    "reason": reason,
                    "message": status.get("message"),
                    "fixture_expects": row.get("expect"),
                }
            )
    return notes


# ----------------------------------------------------------------------------- timing


class _Overtime(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Overtime


def time_in_process(paths: dict[str, Path], repeats: int, limit_s: int = 60) -> dict[str, Any]:
    """Times ``parse_feed`` one file at a time (median of ``repeats`` runs per file)."""
    from pipelines.core.feeds import FeedError, parse_feed

    per_file: dict[str, float] = {}
    errors: dict[str, str] = {}
    previous = signal.signal(signal.SIGALRM, _alarm)
    begun = time.perf_counter()
    try:
        for name, path in paths.items():
            body = path.read_bytes()
            samples = []
            for _ in range(repeats):
                signal.alarm(limit_s)
                t0 = time.perf_counter()
                try:
                    parse_feed(body, name)
                except FeedError:
                    pass
                except _Overtime:
                    errors[name] = f"hang: over {limit_s} s"
                except Exception as exc:  # what would crash the command
                    errors[name] = f"{type(exc).__name__}: {exc}"[:200]
                finally:
                    signal.alarm(0)
                samples.append(time.perf_counter() - t0)
                if name in errors:
                    break
            per_file[name] = statistics.median(samples)
    finally:
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.perf_counter() - begun
    ms = sorted(v * 1000 for v in per_file.values())
    slowest = sorted(per_file.items(), key=lambda kv: kv[1], reverse=True)[:5]
    return {
        "repeats_per_file": repeats,
        "loop_wall_s": round(elapsed, 3),
        "sum_of_medians_s": round(sum(per_file.values()), 3),
        "median_ms": round(statistics.median(ms), 3),
        "p95_ms": round(ms[math.ceil(0.95 * len(ms)) - 1], 3),  # nearest rank
        "max_ms": round(ms[-1], 3),
        "slowest": [
            {"file": name, "ms": round(sec * 1000, 3), "bytes": paths[name].stat().st_size}
            for name, sec in slowest
        ],
        "exceptions": errors,
    }


# ----------------------------------------------------------------------------- reporting


def git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def probe_run(command: list[str], timeout: float, folder: Path, control: str) -> dict[str, Any]:
    """Runs the synthetic probes through the command; reports each file's outcome."""
    files = []
    for name, body in PROBES.items():
        path = folder / name
        path.write_bytes(body)
        files.append(str(path))
    first = invoke(command, files, timeout)
    outcome = Outcome()
    run_batch(command, files, timeout, outcome, control)
    results = {}
    for path in files:
        kind, reason = classify(path, outcome)
        status = (outcome.statuses.get(path) or [{}])[0]
        incident = next((i for i in outcome.incidents if i.get("file") == path), None)
        results[Path(path).name] = {
            "class": kind,
            "reason": reason,
            "message": status.get("message"),
            "error": (incident.get("stderr_tail") or [None])[-1] if incident else None,
        }
    seen = absorb(first, Outcome())
    return {
        "files": results,
        "one_invocation": {
            "returncode": first.returncode,
            "statuses": len(seen),
            "of": len(files),
            "note": "all probes in one invocation, as a registry run would be",
        },
    }


def table(rows: list[list[Any]], header: list[str]) -> str:
    cells = [header, *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--batch-size", type=int, default=250)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-probes", action="store_true")
    args = parser.parse_args(argv)

    data = args.data if args.data.is_absolute() else REPO / args.data
    manifest_path = data / "MANIFEST.jsonl"
    if not manifest_path.is_file():
        print(f"feeds_robustness: no data at {data} (no MANIFEST.jsonl); nothing to run.")
        return 0
    shown = Path(os.path.relpath(data, REPO))
    rows = [json.loads(line) for line in manifest_path.read_text().splitlines() if line.strip()]
    manifest = {str(shown / row["path"]): row for row in rows}
    files = list(manifest)
    paths = {name: REPO / name for name in files}
    absent = [name for name, path in paths.items() if not path.is_file()]

    command = [os.path.relpath(wirestream_bin(), REPO), "feeds"]
    shown_command = (
        f"PYTHONUNBUFFERED=1 {shlex.join(command)} --feed {shown}/tests/<file> …"
        f"  ({args.batch_size} --feed per invocation, cwd {REPO})"
    )
    print(f"feeds_robustness: {len(files)} files from {shown}", file=sys.stderr)
    print(f"  {shown_command}", file=sys.stderr)

    scratch = tempfile.TemporaryDirectory(prefix="feeds-robustness-")
    folder = Path(scratch.name)
    control = folder / "control.xml"  # a plain valid feed, to tell a bad file from a bad command
    control.write_bytes(PROBES["00_plain.xml"])

    # One single-file invocation: the fixed cost of starting the command.
    startup = invoke(command, [files[0]], args.timeout)

    outcome = run_command(command, files, args.batch_size, args.timeout, str(control))
    classes = {name: classify(name, outcome) for name in files}
    checks = check_entries(outcome)
    duplicates = {n: len(s) for n, s in outcome.statuses.items() if len(s) > 1}

    counts = collections.Counter(kind for kind, _ in classes.values())
    reasons = collections.Counter(reason for kind, reason in classes.values() if reason)
    by_category: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for name, (kind, _reason) in classes.items():
        category = manifest[name]["category"]
        by_category[category]["files"] += 1
        by_category[category][kind] += 1
        status = (outcome.statuses.get(name) or [{}])[0]
        by_category[category]["entries"] += status.get("entries") or 0

    print("  timing parse_feed in-process …", file=sys.stderr)
    timing = time_in_process(paths, args.repeats)
    probes = None if args.no_probes else probe_run(command, args.timeout, folder, str(control))
    scratch.cleanup()

    kinds = collections.Counter(incident["kind"] for incident in outcome.incidents)
    verdict = {
        "crashes": kinds["crash"] + kinds["missing"],
        "hangs": kinds["hang"],
        "missing_files_on_disk": len(absent),
        "duplicate_statuses": len(duplicates),
        "unexpected_status_feeds": len(outcome.unexpected_feeds),
        "invalid_lines": len(outcome.invalid_lines),
        "fields_with_nul_c0_del": checks["fields_with_nul_c0_del"],
        "entry_count_mismatches": len(checks["entry_count_mismatches"]),
    }
    passed = not any(verdict.values())
    verdict["passed"] = passed
    verdict["fields_with_c1_controls_not_gating"] = checks["fields_with_c1_controls"]

    report = {
        "benchmark": "feeds_robustness",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "nproc": len(os.sched_getaffinity(0)),
        "git_revision": git("rev-parse", "--short", "HEAD"),
        "git_worktree_dirty": bool(git("status", "--porcelain", "--", "pipelines")),
        "python": sys.version.split()[0],
        "feedparser": _version("feedparser"),
        "command": shown_command,
        "benchmark_command": ".venv/bin/python -m benchmarks.feeds_robustness",
        "data": str(shown),
        "files": len(files),
        "batch_size": args.batch_size,
        "timeout_s": args.timeout,
        "verdict": verdict,
        "counts": {kind: counts.get(kind, 0) for kind in CLASSES},
        "failed_by_reason": dict(reasons.most_common()),
        "entries_total": checks["entry_lines"],
        "by_category": {
            cat: dict(counter)
            for cat, counter in sorted(by_category.items(), key=lambda kv: -kv[1]["files"])
        },
        "run_time": {
            "subprocess_total_wall_s": round(outcome.wall_s, 2),
            "invocations": len(outcome.invocations),
            "startup_single_file_s": round(startup.wall_s, 2),
            "per_file_mean_ms_including_startup": round(1000 * outcome.wall_s / len(files), 3),
            "batches": outcome.invocations,
        },
        "parse_feed_in_process": timing,
        "output_checks": {**checks, "invalid_lines": outcome.invalid_lines[:10]},
        "stderr_lines": dict(outcome.stderr_lines.most_common(10)),
        "incidents": outcome.incidents,
        "duplicates": duplicates,
        "suspicious": suspicious(manifest, outcome, classes),
        "probes": probes,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print_report(report)
    print(f"\nwrote {os.path.relpath(RESULTS, REPO)}")
    return 0 if passed else 1


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def print_report(report: dict[str, Any]) -> None:
    run, timing, verdict = report["run_time"], report["parse_feed_in_process"], report["verdict"]
    dirty = " (working tree has uncommitted pipelines/ changes)" * report["git_worktree_dirty"]
    print(
        f"\nfeeds robustness — {report['date']}, nproc {report['nproc']}, "
        f"git {report['git_revision']}{dirty}, feedparser {report['feedparser']}"
    )
    print(f"command: {report['command']}")
    print(f"files: {report['files']} in {run['invocations']} invocation(s)\n")
    print(table([[k, v] for k, v in report["counts"].items()], ["outcome", "files"]))
    print()
    print(table([[k, v] for k, v in report["failed_by_reason"].items()], ["failed: reason", "n"]))
    print()
    cols = ["files", *CLASSES[:5], "crash", "hang", "entries"]
    print(
        table(
            [[cat, *[c.get(k, 0) for k in cols]] for cat, c in report["by_category"].items()],
            ["category", *cols],
        )
    )
    print(
        f"\nrun time: {run['subprocess_total_wall_s']} s wall for the command over all files "
        f"({run['invocations']} invocations; one single-file invocation takes "
        f"{run['startup_single_file_s']} s)"
    )
    print(
        f"parse_feed in-process: {timing['loop_wall_s']} s loop, per file median "
        f"{timing['median_ms']} ms, p95 {timing['p95_ms']} ms, max {timing['max_ms']} ms"
    )
    print(
        table(
            [[s["file"], s["ms"], s["bytes"]] for s in timing["slowest"]],
            ["slowest", "ms", "bytes"],
        )
    )
    checks = report["output_checks"]
    print(
        f"\noutput: {checks['entry_lines']} entry lines; "
        f"invalid lines {verdict['invalid_lines']}; "
        f"NUL/C0/DEL fields {checks['fields_with_nul_c0_del']}; C1 fields "
        f"{checks['fields_with_c1_controls']}; U+FFFD {checks['replacement_chars_u_fffd']}; "
        f"entry-count mismatches {len(checks['entry_count_mismatches'])}"
    )
    if report["suspicious"]:
        print(f"\nsuspicious statuses ({len(report['suspicious'])}):")
        for note in report["suspicious"]:
            print(f"  {note['file']}: {note['status']} {note['reason'] or ''} — {note['why']}")
    for incident in report["incidents"]:
        last = (incident.get("stderr_tail") or [""])[-1]
        print(f"INCIDENT {incident['kind']}: {incident.get('file')}: {last}")
    if report["probes"]:
        print("\nsynthetic probes (not part of the corpus verdict):")
        for name, result in report["probes"]["files"].items():
            detail = result["reason"] or result["error"] or ""
            print(f"  {name}: {result['class']} {detail}")
        one = report["probes"]["one_invocation"]
        print(
            f"  all in one invocation: exit {one['returncode']}, "
            f"{one['statuses']}/{one['of']} statuses"
        )
    verdict_text = "PASS" if verdict["passed"] else "FAIL"
    print(
        f"\n{verdict_text}: crashes {verdict['crashes']}, hangs {verdict['hangs']}, "
        f"duplicate statuses {verdict['duplicate_statuses']}"
    )


if __name__ == "__main__":
    sys.exit(main())
