"""After the pipeline: the manifest, its counts, stale shards and the state commit.

The counts and the accounting identity are defined in ``pipelines.core.accounting``; they come
from the runner's metrics where it reports them, else from the tallies in the work directory.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

from pipelines.core import storage
from pipelines.core.accounting import identity_holds, is_named, sections
from pipelines.core.clock import utc_now
from pipelines.core.sqlstate import redact
from pipelines.core.state import open_state
from pipelines.news_ingest.plan import RunPlan


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Yields the JSON documents of a JSON Lines file (local or in an object store)."""
    for line in storage.read_lines(str(path)):
        if line.strip():
            yield json.loads(line)


def code_version() -> str:
    """The installed package version, plus the git commit when run from a checkout."""
    try:
        version = metadata.version("wirestream")
    except metadata.PackageNotFoundError:
        version = "0+unknown"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{version}+g{commit}" if commit else version


def shard_files(directory: str | Path, window_tag: str) -> list[str]:
    """The final shard files of one window in ``directory`` (paths, sorted)."""
    pattern = re.compile(rf"^part-{re.escape(window_tag)}-\d{{5}}-of-(\d{{5}})\.(jsonl|parquet)$")
    names = storage.list_names(str(directory))
    return [storage.join(str(directory), n) for n in names if pattern.match(n)]


def remove_stale_shards(
    directory: str | Path, window_tag: str, num_shards: int, extension: str | None = "jsonl"
) -> list[str]:
    """Deletes shards of this window that an earlier run wrote with another shard count or
    format (``extension`` None: the window's records now go to a database, not files)."""
    suffix = f"-of-{num_shards:05d}.{extension}" if extension else None
    stale = [
        p for p in shard_files(directory, window_tag) if suffix is None or not p.endswith(suffix)
    ]
    storage.delete(stale)
    return stale


def summarize_counts(work_dir: str | Path) -> dict[str, Any]:
    """The manifest's count sections from the tallies in the work directory."""
    return sections(tallied(work_dir))


def tallied(work_dir: str | Path) -> dict[str, int]:
    """The outcome tallies the pipeline wrote to the work directory, by key."""
    path = storage.join(str(work_dir), "counts.jsonl")
    rows = read_jsonl(path) if storage.exists(path) else iter(())
    return {row["key"]: int(row["count"]) for row in rows}


def run_counts(
    work_dir: str | Path, metrics: dict[str, int] | None
) -> tuple[dict[str, Any], str, list]:
    """The count sections, where they came from, and a problem if the two sources disagree.

    ``metrics``: the runner's outcome counters
    (``pipelines.transforms.common.tally.outcome_counts``), ``None`` when it reports none.
    They give the counts; the tallies give the per-name counts (places, actors) and, without
    metrics, everything.
    """
    raw = tallied(work_dir)
    if metrics is None:
        return sections(raw), "work_tallies", []
    problems = []
    unnamed = {key: n for key, n in raw.items() if not is_named(key)}
    if unnamed != metrics:
        differ = sorted(
            k for k in unnamed.keys() | metrics.keys() if unnamed.get(k) != metrics.get(k)
        )
        problems.append(f"the runner's outcome metrics disagree with the tallies on {differ[:5]}")
    named = {key: n for key, n in raw.items() if is_named(key)}
    return sections({**metrics, **named}), "beam_metrics", problems


def commit_state(plan: RunPlan, feeds: list[dict[str, Any]]) -> dict[str, int]:
    """Commits this window to the state store, only after its records are written.

    The window's articles (with their clusters and MinHash band keys) replace whatever an
    earlier attempt of the same window committed; articles listed again but skipped, and
    those of feeds that did not change, are marked as still listed; feed validators are stored
    for later windows; deferred entries are queued and the entries this window retried are
    marked resolved; then everything not listed for ``dedup.retention_days`` before this window
    is pruned.
    """
    rows = (
        {**row, "signature": base64.b64decode(row["signature"])}
        for row in _work_rows(plan, "state")
    )
    seen = [row["article_id"] for row in _work_rows(plan, "seen")]
    deferred = list(_work_rows(plan, "deferred"))
    start = plan.window.start_key
    horizon = plan.window.start - timedelta(days=plan.settings.dedup.retention_days)
    with open_state(plan.state_uri) as store:
        return {
            "records": store.commit(rows, start),
            "still_listed": store.touch(seen, start),
            "unchanged_feeds": store.touch_feeds(
                [f["feed_url"] for f in feeds if f["status"] in ("not_modified", "unchanged")],
                start,
            ),
            "feeds": store.commit_feeds(feeds, start),
            "deferred": store.commit_deferred(
                deferred, [e["article_id"] for e in plan.retry_entries], start
            ),
            "pruned": store.prune(horizon.strftime("%Y-%m-%dT%H:%M:%SZ")),
        }


def _work_rows(plan: RunPlan, name: str) -> Iterator[dict[str, Any]]:
    path = plan.work_file(name)
    return read_jsonl(path) if storage.exists(path) else iter(())


def write_json_atomic(path: str | Path, data: dict[str, Any]) -> None:
    """Writes JSON so that readers never see half a file (``storage.create_atomic``)."""
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    storage.write_bytes(str(path), text.encode("utf-8"))


def _relative(plan: RunPlan, path: str) -> str:
    """``records/part-….jsonl``: a file's path under the output."""
    return path[len(plan.output) :].lstrip("/").replace("\\", "/")


def finalize_run(
    plan: RunPlan,
    *,
    run_id: str,
    started_at: str,
    runner: str,
    beam_args: list[str],
    metrics: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Builds and writes ``_manifest.json``; commits state when the run passes its checks."""
    s = plan.settings
    tag = plan.window.tag
    extension = {"jsonl": "jsonl", "parquet": "parquet"}.get(s.sink.kind)
    removed = remove_stale_shards(plan.path("records"), tag, s.sink.num_shards, extension)
    removed += remove_stale_shards(
        plan.path("dead_letter"),
        tag,
        s.sink.num_shards,
        None if s.sink.kind == "postgresql" else "jsonl",
    )
    summary, counts_source, problems = run_counts(plan.work_dir, metrics)
    feeds = sorted(_work_rows(plan, "feeds"), key=lambda f: f["feed_url"])
    counts = summary["counts"]
    if not identity_holds(counts):
        problems.append("accounting identity does not hold")
    ratio = counts["dead_letter"] / counts["entries_seen"] if counts["entries_seen"] else 0.0
    if ratio > s.sink.dead_letter_max_ratio:
        problems.append(
            f"dead-letter ratio {ratio:.2f} is above sink.dead_letter_max_ratio "
            f"{s.sink.dead_letter_max_ratio:.2f}"
        )
    if feeds and all(f["status"] == "failed" for f in feeds):
        problems.append("every feed failed")
    record_files = shard_files(plan.path("records"), tag)
    sink = {"kind": s.sink.kind}
    if s.sink.kind == "postgresql" and s.sink.uri:
        from pipelines.core.pgsink import count_rows

        sink.update(uri=redact(s.sink.uri), table="wirestream_records")
        sink["rows_for_window"] = count_rows(s.sink.uri, tag)
        if sink["rows_for_window"] < counts["records"]:
            problems.append(
                f"the sink holds {sink['rows_for_window']} rows for this window, "
                f"fewer than the {counts['records']} records"
            )
    committed = {} if problems else commit_state(plan, feeds)
    manifest = {
        "run_id": run_id,
        "status": "failed" if problems else "succeeded",
        "problems": problems,
        "window": plan.window.as_dict(),
        "window_tag": tag,
        "started_at": started_at,
        "finished_at": utc_now(),
        "config_digest": s.digest(),
        "code_version": code_version(),
        "schema": "article.v2",
        "runner": runner,
        "beam_args": beam_args,
        "state_uri": redact(plan.state_uri),
        "sink": sink,
        "state_committed": committed,
        **summary,
        "counts_source": counts_source,
        "truncated_feeds": {f["feed_url"]: f["truncated"] for f in feeds if f.get("truncated")},
        "dead_letter_ratio": round(ratio, 4),
        "identity_holds": identity_holds(counts),
        "feeds": feeds,
        "files": {
            "records": [_relative(plan, p) for p in record_files],
            "dead_letter": [
                _relative(plan, p) for p in shard_files(plan.path("dead_letter"), tag)
            ],
            "removed_stale": [_relative(plan, p) for p in removed],
        },
    }
    write_json_atomic(plan.path("_manifest.json"), manifest)
    storage.delete_tree(plan.work_dir)
    return manifest
