"""
# news_ingest

One wirestream Beam run per **data interval** (every 15 minutes by default), then a
**quality gate** on the run's `_manifest.json`; a run that passes the gate updates the Asset
`wirestream_news_records`, which downstream DAGs (e.g. `news_records_consumer`) are scheduled
on.

Tasks:

- `plan` turns the run's params and data interval into the pipeline's arguments;
- `beam_ingest` (`BeamRunPythonPipelineOperator`) runs `wirestream run` over the interval on
  the configured Beam runner;
- `quality_gate` reads the manifest and fails the run when its status is not `succeeded`, the
  accounting identity does not hold or the dead-letter ratio is above `max_dead_letter_ratio`;
  otherwise it emits the Asset event. A failed check is final (no retry: the manifest would
  not change); clear `beam_ingest` to run the interval again.

**Output**: one partition per interval, `OUTPUT_ROOT/dt=YYYY-MM-DD/HHMM/` (the interval's
start, UTC) with `records/`, `dead_letter/` and `_manifest.json`. All intervals share one
state store, `sqlite:///OUTPUT_ROOT/_state/state.db` (or the `state` param), so each interval
sees what earlier intervals emitted. Rerunning or clearing an interval replaces its partition's
files; a window reads only state of windows that started before it, so a rerun reproduces it.

**Params** (override per run with trigger conf or `airflow dags test news_ingest DATE -c '{…}'`):
`config` (YAML config file; default `$WIRESTREAM_CONFIG`), `output_root` (absolute directory;
default `$WIRESTREAM_OUTPUT`, else `out/airflow` in the project), `feeds` (feed URLs or files
that replace the config's registry for this run), `allow_addresses` (`--allow-address`),
`overrides` (`section.key=value`, passed as `--set`), `runner` (default `$WIRESTREAM_RUNNER` or
`DirectRunner`), `beam_options` (extra Beam pipeline options, e.g. `{"direct_num_workers": 2}`),
`state` (state store URI; default `$WIRESTREAM_STATE` or the shared SQLite store above) and
`max_dead_letter_ratio` (the gate's threshold; default `$WIRESTREAM_MAX_DEAD_LETTER_RATIO` or
0.2).

**Deployment settings** (environment of the scheduler/DAG processor and workers, read when the
file is parsed; no Variables, connections or network at parse time): `WIRESTREAM_SCHEDULE`
(cron, default `*/15 * * * *`, UTC), `WIRESTREAM_START_DATE` (ISO date, default 2026-01-01),
`WIRESTREAM_PYTHON` (interpreter with wirestream installed; default the one running Airflow),
`WIRESTREAM_TIMEOUT_MINUTES` (Beam task timeout, default 30).

**Backfill** with the DAG unpaused, one interval at a time and in order, so each interval sees
the state of the ones before it: `airflow backfill create --dag-id news_ingest --from-date
2026-11-27T00:00:00+00:00 --to-date 2026-11-27T06:00:00+00:00 --max-active-runs 1` (the dates
are interval starts, both included). See dags/README.md.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

import pendulum
from airflow.providers.apache.beam.operators.beam import BeamRunPythonPipelineOperator
from airflow.sdk import DAG, Asset, CronDataIntervalTimetable, Param, task
from airflow.sdk.exceptions import AirflowFailException

DAG_ID = "news_ingest"
DAGS_DIR = Path(__file__).resolve().parent
PROJECT_DIR = DAGS_DIR.parent
# The Beam job's entry point: `wirestream run` with the operator's --option=value arguments.
LAUNCHER = DAGS_DIR / "wirestream_launch.py"

# Downstream DAGs schedule on this (by the Asset itself or `Asset.ref(name=...)`). Each event's
# `extra` names the interval, its partition and record files (see `asset_extra`).
NEWS_RECORDS = Asset(
    name="wirestream_news_records",
    uri="x-wirestream://news_ingest/records",
    group="wirestream",
)

SCHEDULE = os.environ.get("WIRESTREAM_SCHEDULE", "*/15 * * * *")
START_DATE = pendulum.parse(os.environ.get("WIRESTREAM_START_DATE", "2026-01-01"), tz="UTC")
PYTHON = os.environ.get("WIRESTREAM_PYTHON") or sys.executable
BEAM_TIMEOUT = timedelta(minutes=float(os.environ.get("WIRESTREAM_TIMEOUT_MINUTES", "30")))
DEFAULT_OUTPUT = os.environ.get("WIRESTREAM_OUTPUT") or str(PROJECT_DIR / "out" / "airflow")
DEFAULT_MAX_DEAD_LETTER_RATIO = float(os.environ.get("WIRESTREAM_MAX_DEAD_LETTER_RATIO", "0.2"))

# wirestream's own options; `beam_options` may not set them.
OWN_OPTIONS = frozenset(
    {"config", "feed", "output", "state", "window-start", "window-end", "allow-address", "set"}
)

STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
PARAMS = {
    "config": Param(
        os.environ.get("WIRESTREAM_CONFIG"),
        type=["null", "string"],
        description="wirestream YAML config file (null: the built-in defaults)",
    ),
    "output_root": Param(
        DEFAULT_OUTPUT,
        type="string",
        minLength=1,
        description="absolute output root; one partition per interval below it",
    ),
    "feeds": Param(
        [], **STRINGS, description="feed URLs or files; non-empty replaces the registry"
    ),
    "allow_addresses": Param(
        [], **STRINGS, description="addresses the fetcher may reach although private/loopback"
    ),
    "overrides": Param(
        [], **STRINGS, description="config overrides section.key=value (passed as --set)"
    ),
    "runner": Param(
        os.environ.get("WIRESTREAM_RUNNER", "DirectRunner"),
        type="string",
        minLength=1,
        description="Beam runner",
    ),
    "beam_options": Param(
        {}, type="object", description="extra Beam pipeline options, option name → value"
    ),
    "state": Param(
        os.environ.get("WIRESTREAM_STATE"),
        type=["null", "string"],
        description="state store URI (null: sqlite:///OUTPUT_ROOT/_state/state.db)",
    ),
    "max_dead_letter_ratio": Param(
        DEFAULT_MAX_DEAD_LETTER_RATIO,
        type="number",
        minimum=0,
        maximum=1,
        description="the quality gate fails above this dead-letter / entries ratio",
    ),
}


def utc_key(moment: datetime) -> str:
    """A moment as the manifest writes window bounds: ``2026-11-27T12:00:00Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def partition_path(output_root: str, start: datetime) -> str:
    """The interval's output directory: ``OUTPUT_ROOT/dt=YYYY-MM-DD/HHMM``."""
    start = start.astimezone(UTC)
    return str(PurePosixPath(output_root, f"dt={start:%Y-%m-%d}", f"{start:%H%M}"))


def build_plan(params: dict[str, Any], start: datetime | None, end: datetime | None) -> dict:
    """The Beam task's runner and pipeline options for one interval; raises ValueError."""
    if start is None or end is None or not start < end:
        raise ValueError(f"this DAG needs a data interval, got {start} .. {end}")
    root = params["output_root"]
    if not Path(root).is_absolute():
        raise ValueError(f"output_root must be an absolute path, got {root!r}")
    if not params["config"] and not params["feeds"]:
        raise ValueError(
            "no feeds: set the `config` param (or WIRESTREAM_CONFIG) to a config with a feed "
            "registry, or give `feeds`"
        )
    clash = sorted(OWN_OPTIONS & {str(k).replace("_", "-") for k in params["beam_options"]})
    if clash:
        raise ValueError(f"beam_options may not set wirestream's own options: {clash}")
    root = str(PurePosixPath(root))
    options: dict[str, Any] = {
        "output": partition_path(root, start),
        "state": params["state"] or f"sqlite:///{root}/_state/state.db",
        "window-start": utc_key(start),
        "window-end": utc_key(end),
        "config": params["config"],  # None: not passed
        "feed": list(params["feeds"]),
        "allow-address": list(params["allow_addresses"]),
        "set": list(params["overrides"]),
        **params["beam_options"],
    }
    return {
        "runner": params["runner"],
        "pipeline_options": options,
        "partition": options["output"],
        "window": {"start": options["window-start"], "end": options["window-end"]},
    }


def gate_problems(manifest: dict[str, Any], window: dict[str, str], max_ratio: float) -> list:
    """Why a run's manifest must not be published; empty when it passes."""
    problems = []
    if manifest.get("window") != window:
        problems.append(f"manifest is for window {manifest.get('window')}, not {window}")
    if manifest.get("status") != "succeeded":
        problems.append(f"run status {manifest.get('status')!r}: {manifest.get('problems')}")
    if manifest.get("identity_holds") is not True:
        problems.append(f"accounting identity does not hold: counts {manifest.get('counts')}")
    ratio = manifest.get("dead_letter_ratio")
    if not isinstance(ratio, int | float) or ratio > max_ratio:
        problems.append(f"dead-letter ratio {ratio} is above the gate's {max_ratio}")
    return problems


def asset_extra(manifest: dict[str, Any], partition: str) -> dict[str, Any]:
    """What a downstream consumer needs to find and trust the interval's records."""
    counts = manifest["counts"]
    return {
        "window": manifest["window"],
        "partition": partition,
        "records": [str(Path(partition, f)) for f in manifest["files"]["records"]],
        "record_count": counts["records"],
        "dead_letter_ratio": manifest["dead_letter_ratio"],
        "run_id": manifest["run_id"],
        "config_digest": manifest["config_digest"],
        "schema": manifest.get("schema"),
    }


with DAG(
    dag_id=DAG_ID,
    description="wirestream news ingestion: one Beam run per data interval, gated, as an Asset",
    schedule=CronDataIntervalTimetable(SCHEDULE, timezone="UTC"),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args={
        "owner": "wirestream",
        "retries": 2,
        "retry_delay": timedelta(minutes=2),
        "retry_exponential_backoff": True,
        "execution_timeout": timedelta(minutes=5),
    },
    params=PARAMS,
    tags=["wirestream", "news", "beam"],
    doc_md=__doc__,
) as dag:

    @task(multiple_outputs=True)
    def plan(*, params=None, data_interval_start=None, data_interval_end=None) -> dict:
        """Resolves this run's params and interval into the Beam task's options."""
        try:
            resolved = build_plan(params, data_interval_start, data_interval_end)
        except ValueError as exc:
            raise AirflowFailException(str(exc)) from None  # a retry would not change it
        print(json.dumps(resolved, indent=2))
        return resolved

    planned = plan()

    beam_ingest = BeamRunPythonPipelineOperator(
        task_id="beam_ingest",
        py_file=str(LAUNCHER),
        py_interpreter=PYTHON,
        runner=planned["runner"],
        pipeline_options=planned["pipeline_options"],
        deferrable=False,  # a DirectRunner job must not run inside the triggerer
        execution_timeout=BEAM_TIMEOUT,
        # Intervals share one state store: one writer at a time, also across backfill runs.
        max_active_tis_per_dag=1,
        doc_md="`wirestream run` over the data interval (see the DAG's docs).",
    )

    @task(outlets=[NEWS_RECORDS])
    def quality_gate(partition: str, window: dict, *, params=None, outlet_events=None) -> dict:
        """Publishes the interval's records only when its manifest passes the checks."""
        # An unreadable manifest raises (and is retried); a failed check is final.
        manifest = json.loads(Path(partition, "_manifest.json").read_text(encoding="utf-8"))
        problems = gate_problems(manifest, window, params["max_dead_letter_ratio"])
        if problems:
            raise AirflowFailException("quality gate failed: " + "; ".join(problems))
        extra = asset_extra(manifest, partition)
        outlet_events[NEWS_RECORDS].extra = extra
        return extra

    gate = quality_gate(planned["partition"], planned["window"])
    beam_ingest >> gate
