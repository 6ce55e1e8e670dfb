"""The launcher: parse, validate, build, run, account.

    wirestream run [--config FILE] [--feed URL_OR_PATH ...] [--output DIR] [--state URI]
                   [--window-start ISO8601 --window-end ISO8601] [--allow-address HOST_OR_CIDR]
                   [--set section.key=value] [-- Beam pipeline options]
    wirestream feeds [--config FILE] [--feed URL_OR_PATH ...] [--allow-address …]
    wirestream demo [--output DIR] [-- Beam pipeline options]

Also ``python -m pipelines.news_ingest …``. Bad configuration or arguments produce one line on
stderr and exit status 2 before anything runs; a run that fails its checks exits with 1.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import logging
import re
import signal
import sys
import tempfile
import time
import uuid
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from rich.console import Console
from rich.logging import RichHandler

from pipelines.core import storage
from pipelines.core.addresses import AddressGuard
from pipelines.core.clock import utc_now
from pipelines.core.feeds import FeedJob, FeedSource, read_feed
from pipelines.core.http import HttpClient
from pipelines.core.settings import ConfigError, Settings
from pipelines.core.sqlstate import StateError, redact
from pipelines.core.state import open_state, sqlite_path
from pipelines.news_ingest.config import load_registry, load_settings
from pipelines.news_ingest.manifest import finalize_run
from pipelines.news_ingest.options import split_beam_args
from pipelines.news_ingest.pipeline import build_pipeline
from pipelines.news_ingest.plan import RunPlan, Window, http_settings
from pipelines.news_ingest.summary import print_summary
from pipelines.runners import (
    BATCH_ONLY_RUNNERS,
    DASK_RUNNER,
    expand_runner_alias,
    is_direct_runner,
)
from pipelines.transforms.common.tally import outcome_counts

log = logging.getLogger("wirestream")
STDERR = Console(stderr=True)

# The demo's stories are dated 2026-11-20..27; a fixed window makes its output reproducible.
DEMO_WINDOW = ("2026-11-27T12:00:00Z", "2026-11-27T12:15:00Z")
DEMO_SETTINGS = ("fetch.per_host_delay_s=0.05", "fetch.max_retries=1", "fetch.backoff_s=0.1")


class ArgumentParser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so every error is one line from ``main``."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise ConfigError(message)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", help="YAML config file (overlays the defaults)")
    parser.add_argument(
        "--feed",
        action="append",
        default=[],
        metavar="URL_OR_PATH",
        help="a feed URL or local file; repeatable; replaces the config's registry",
    )
    parser.add_argument(
        "--allow-address",
        action="append",
        default=[],
        metavar="HOST_OR_CIDR",
        help="let the fetcher reach this address or network (e.g. 127.0.0.0/8); repeatable",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="SECTION.KEY=VALUE",
        help="override one config key for this run; repeatable",
    )


def _add_sink(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--sink",
        metavar="KIND_OR_URI",
        help="where records go: jsonl, parquet or postgresql://… (sink.kind / sink.uri)",
    )
    parser.add_argument(
        "--format", choices=("jsonl", "parquet"), help="record file format (sink.kind)"
    )


def sink_settings(args: argparse.Namespace) -> tuple[str, ...]:
    """``--sink``/``--format`` as ``--set`` overrides."""
    out: list[str] = []
    sink = getattr(args, "sink", None)
    if sink:
        if sink.startswith(("postgresql://", "postgres://")):
            out += ["sink.kind=postgresql", f"sink.uri={json.dumps(sink)}"]
        elif sink in ("jsonl", "parquet", "postgresql"):
            out.append(f"sink.kind={sink}")
        else:
            raise ConfigError(f"--sink: {sink!r} is not jsonl, parquet or a postgresql:// URI")
    if getattr(args, "format", None):
        if sink and out[0] != f"sink.kind={args.format}":
            raise ConfigError("--format and --sink name different sinks")
        out.append(f"sink.kind={args.format}")
    return tuple(out)


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="wirestream", description="News ingestion on Apache Beam.")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=ArgumentParser)

    run = commands.add_parser("run", help="run the pipeline once over one window")
    _add_common(run)
    run.add_argument("--output", default="out", help="output root (default: ./out)")
    run.add_argument("--state", help="state store URI (default: sqlite:///OUTPUT/_state/state.db)")
    _add_sink(run)
    run.add_argument("--window-start", help="window start, ISO 8601 (UTC if no zone)")
    run.add_argument("--window-end", help="window end, ISO 8601")

    stream = commands.add_parser(
        "stream", help="run continuously: poll feeds, write records per fixed window"
    )
    _add_common(stream)
    stream.add_argument("--output", default="out/stream", help="output root (./out/stream)")
    stream.add_argument(
        "--state", help="state store URI (default: sqlite:///OUTPUT/_state/state.db)"
    )
    _add_sink(stream)
    stream.add_argument(
        "--window", type=parse_duration, help="fixed window length, e.g. 5m (stream.window_s)"
    )
    stream.add_argument(
        "--duration",
        type=parse_duration,
        help="stop cleanly after this long, e.g. 30m (default: run until SIGINT/SIGTERM)",
    )

    feeds = commands.add_parser("feeds", help="fetch and parse the feeds only; print entries")
    _add_common(feeds)

    demo = commands.add_parser("demo", help="run the pipeline against the bundled demo newsroom")
    demo.add_argument("--config", help="YAML config file (overlays the defaults)")
    demo.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE")
    demo.add_argument("--output", default="out/demo", help="output root (default: ./out/demo)")
    return parser


def resolve_sources(feed_args: list[str], settings: Settings) -> tuple[FeedSource, ...]:
    """``--feed`` arguments, else the config's registry; at least one feed."""
    if feed_args:
        sources = [FeedSource.from_argument(f) for f in dict.fromkeys(feed_args)]
    elif settings.feeds.registry:
        sources = load_registry(settings.feeds.registry)
    else:
        raise ConfigError("no feeds: give --feed or set feeds.registry in the config")
    if not sources:
        raise ConfigError("no feeds: the registry has no enabled feed")
    for source in sources:
        if source.is_local_file and not Path(source.url).is_file():
            raise ConfigError(f"--feed {source.url}: no such file")
    return tuple(sources)


def check_sink_reachable(uri: str) -> None:
    """A PostgreSQL sink that cannot be reached is a configuration error, found before the run."""
    import psycopg

    try:
        psycopg.connect(uri, connect_timeout=10).close()
    except psycopg.Error as exc:
        reason = " ".join(str(exc).split())[:200]
        raise ConfigError(f"--sink {redact(uri)}: cannot connect: {reason}") from None


def check_state_exists(state_uri: str, output: str) -> None:
    """A missing SQLite store beside earlier output would silently re-emit history: refuse."""
    if not state_uri.startswith("sqlite:///"):
        return
    path = sqlite_path(state_uri)
    history = storage.exists(storage.join(output, "_manifest.json")) or any(
        name.endswith(".jsonl") for name in storage.list_names(storage.join(output, "records"))
    )
    if history and not path.exists():
        raise ConfigError(
            f"state store {path} is missing, but {output} holds the output of earlier runs; "
            "without it every earlier article would be emitted again. Restore the store, or "
            "start afresh with a new --output (or --state) on purpose"
        )


def resolve_output(output: str) -> str:
    """``--output`` as the run uses it: an absolute local path, or an object store URL
    (``s3://bucket/prefix``; Beam must have the scheme's filesystem installed)."""
    if storage.is_local(output):
        return str(Path(storage.local_path(output)).resolve())
    try:
        storage.filesystem(output)  # no connection yet: the scheme's filesystem, or an error
    except ValueError:
        raise ConfigError(
            f"--output {output}: Beam has no filesystem for this scheme here "
            "(for s3://: pip install 'wirestream[s3]'; for gs://: apache-beam[gcp])"
        ) from None
    return output.rstrip("/")


def make_plan(args: argparse.Namespace, extra_settings: tuple[str, ...] = ()) -> RunPlan:
    """Resolves and validates everything a run needs, before any pipeline exists."""
    settings = load_settings(args.config, [*extra_settings, *sink_settings(args), *args.set])
    allow = tuple(dict.fromkeys((*settings.fetch.allow_addresses, *args.allow_address)))
    try:
        AddressGuard(allow)
    except ValueError as exc:
        raise ConfigError(f"--allow-address: {exc}") from None
    output = resolve_output(args.output)
    window = Window.from_args(
        getattr(args, "window_start", None), getattr(args, "window_end", None)
    )
    state_uri = getattr(args, "state", None) or settings.state.uri
    if state_uri is None and not storage.is_local(output):
        raise ConfigError(
            f"--output {output}: an object store holds no SQLite file; give the state store "
            "with --state (postgresql://… for workers on several machines, or sqlite:///PATH)"
        )
    state_uri = state_uri or f"sqlite:///{storage.join(output, '_state', 'state.db')}"
    sources = resolve_sources(args.feed, settings)
    check_state_exists(state_uri, output)
    if settings.sink.kind == "postgresql" and settings.sink.uri:
        check_sink_reachable(settings.sink.uri)
    try:
        with open_state(state_uri) as store:
            validators = {
                s.url: v
                for s in sources
                if not s.is_local_file
                and (v := store.feed_validators(s.url, window.start_key)) is not None
            }
            # A deferral is retried by the next window (deferred again if still too early).
            retry = [retry_element(i) for i in store.pending_deferred(window.start_key)]
    except StateError as exc:
        raise ConfigError(str(exc)) from None
    return RunPlan(
        settings=settings,
        sources=sources,
        output=output,
        window=window,
        state_uri=state_uri,
        allow_addresses=allow,
        feed_validators=validators,
        retry_entries=tuple(retry),
    )


_NOT_ENTRY_KEYS = ("reason", "retry_after_s", "not_before", "fetch_url", "canonical_key")


def retry_element(item: dict[str, Any]) -> dict[str, Any]:
    """A deferred item turned back into a feed entry for another try."""
    return {k: v for k, v in item.items() if k not in _NOT_ENTRY_KEYS}


def execute(plan: RunPlan, beam_args: list[str], *, quiet: bool = False) -> dict[str, Any]:
    """Builds and runs the pipeline, then writes the manifest; returns it."""
    options = PipelineOptions(beam_args)
    runner = options.view_as(StandardOptions).runner or "DirectRunner"
    run_id = uuid.uuid4().hex
    started_at = utc_now()
    storage.makedirs(plan.output)
    storage.delete_tree(plan.work_dir)  # from an attempt that died
    begun = time.monotonic()
    status = _status(quiet, f"Running {len(plan.sources)} feed(s) on {runner}")
    with status, beam.Pipeline(options=options) as p:
        build_pipeline(p, plan)
    manifest = finalize_run(
        plan,
        run_id=run_id,
        started_at=started_at,
        runner=runner,
        beam_args=beam_args,
        metrics=outcome_counts(p.result),
    )
    manifest["elapsed_s"] = round(time.monotonic() - begun, 2)
    return manifest


def _status(quiet: bool, message: str):
    """A spinner on stderr while the pipeline runs; progress lines are logged above it."""
    if quiet or not STDERR.is_terminal:
        log.info("%s …", message)
        return nullcontext()
    return STDERR.status(message + " …")


def command_run(args: argparse.Namespace, beam_args: list[str]) -> int:
    plan = make_plan(args)
    try:
        manifest = execute(plan, beam_args)
    except Exception as exc:  # the Beam job failed: nothing is committed, say why in a line
        log.debug("pipeline failure", exc_info=True)
        message = " ".join(str(exc).split())[:500]
        print(f"wirestream: run failed, state not committed: {message}", file=sys.stderr)
        return 1
    print_summary(manifest, plan.output)
    return 0 if manifest["status"] == "succeeded" else 1


def command_demo(args: argparse.Namespace, beam_args: list[str]) -> int:
    from pipelines.demo.server import DemoNewsroom

    with DemoNewsroom() as newsroom:
        args.feed = list(newsroom.feed_urls)
        args.allow_address = list(newsroom.allow_addresses)
        args.window_start, args.window_end = DEMO_WINDOW
        args.state = None
        print(f"Demo newsroom: {len(newsroom.bases)} outlets on 127.0.0.1", file=sys.stderr)
        plan = make_plan(args, DEMO_SETTINGS)
        manifest = execute(plan, beam_args)
    print_summary(manifest, plan.output)
    return 0 if manifest["status"] == "succeeded" else 1


def command_feeds(args: argparse.Namespace, beam_args: list[str]) -> int:
    """Fetches and parses each feed (never an article page); JSON lines on stdout."""
    if beam_args:
        raise ConfigError(f"feeds takes no Beam options: {' '.join(beam_args)}")
    settings = load_settings(args.config, args.set)
    allow = tuple(dict.fromkeys((*settings.fetch.allow_addresses, *args.allow_address)))
    try:
        AddressGuard(allow)
    except ValueError as exc:
        raise ConfigError(f"--allow-address: {exc}") from None
    sources = resolve_sources(args.feed, settings)
    client = HttpClient(
        dataclasses.replace(http_settings(settings, allow), max_bytes=settings.feeds.max_bytes)
    )
    failed = 0
    try:
        for source in sources:
            # The batch stage's own reading (read_feed); with no validators: a full GET.
            read = read_feed(
                client, FeedJob(source), settings.feeds.max_bytes, settings.feeds.max_entries
            )
            status: dict[str, Any] = {"feed": source.url, "source_id": source.id}
            if read.error is not None:
                failed += 1
                message = str(read.error)[:300]
                status.update(status="failed", reason=read.status["reason"], message=message)
            else:
                for entry in read.entries:
                    entry_line = {"type": "entry", **dataclasses.asdict(entry)}
                    print(json.dumps(entry_line, ensure_ascii=False))
                status.update(
                    (key, read.status[key])
                    for key in ("status", "version", "entries", "truncated", "message")
                )
            print(json.dumps({"type": "feed_status", **status}, ensure_ascii=False))
    finally:
        client.close()
    return 1 if failed == len(sources) else 0


def parse_duration(text: str) -> float:
    """``90``, ``90s``, ``5m``, ``2h`` → seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text)
    if not match or float(match.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (e.g. 30s, 5m, 2h)")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


FOREVER_S = 10 * 365 * 86400.0


def command_stream(args: argparse.Namespace, beam_args: list[str]) -> int:
    """Runs the streaming pipeline until ``--duration`` has passed or SIGINT/SIGTERM."""
    from pipelines.news_ingest.stream import build_stream

    extra = (f"stream.window_s={args.window}",) if args.window else ()
    started = time.time()
    now = datetime.fromtimestamp(started, UTC)
    args.window_start = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    args.window_end = (now + timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    plan = make_plan(args, extra)
    storage.makedirs(plan.output)
    # The stop file is a signal between this process and the clock: always on this machine.
    local = storage.is_local(plan.output)
    stop_dir = Path(plan.path("_work")) if local else Path(tempfile.mkdtemp(prefix="wirestream-"))
    stop_file = stop_dir / f"stream-{uuid.uuid4().hex[:8]}.stop"
    stop_file.parent.mkdir(parents=True, exist_ok=True)

    def request_stop(signum: int, _frame: Any) -> None:
        log.info("signal %s: finishing the open windows, then stopping", signum)
        stop_file.touch()
        signal.signal(signum, signal.SIG_DFL)  # a second signal ends it at once

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    options = PipelineOptions([*beam_args, "--streaming"])
    runner = options.view_as(StandardOptions).runner or "DirectRunner"
    stop = started + (args.duration or FOREVER_S)
    windows_s = plan.settings.stream.window_s
    log.info(
        "streaming %d feed(s) on %s, windows of %gs, until %s",
        len(plan.sources),
        runner,
        windows_s,
        "stopped" if not args.duration else f"{args.duration:g}s have passed",
    )
    # Beam's Python DirectRunner does not advance a splittable DoFn's watermark while it runs;
    # there the clock is served over a loopback TestStream service instead (see Ticks).
    served = is_direct_runner(runner)
    graph: dict[str, Any] = {}
    try:
        with beam.Pipeline(options=options) as p:
            graph = build_stream(p, plan, started, stop, str(stop_file), served_clock=served)
    finally:
        if "clock" in graph:
            graph["clock"].close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        stop_file.unlink(missing_ok=True)
    since = datetime.fromtimestamp(int(started), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    windows_dir = plan.path("_windows")
    summaries = [
        summary
        for name in storage.list_names(windows_dir)
        if name.endswith(".json")
        and (summary := json.loads(storage.read_bytes(storage.join(windows_dir, name))))[
            "written_at"
        ]
        >= since
    ]
    records = sum(w["counts"].get("records", 0) for w in summaries)
    sound = all(w["identity_holds"] for w in summaries)
    print(
        f"wirestream stream: {len(summaries)} window(s), {records} record(s) in "
        f"{plan.output}; accounting identity {'holds' if sound else 'FAILS'} in every window"
        if sound
        else f"wirestream stream: {len(summaries)} window(s) in {plan.output}; accounting "
        "identity FAILS in some window (see _windows/)"
    )
    return 0 if sound else 1


COMMANDS = {
    "run": command_run,
    "demo": command_demo,
    "feeds": command_feeds,
    "stream": command_stream,
}


def check_runner(command: str, beam_args: list[str]) -> None:
    """A runner that cannot do the command, or is not installed, is a configuration error."""
    runner = PipelineOptions(beam_args).view_as(StandardOptions).runner
    if command == "stream" and runner in BATCH_ONLY_RUNNERS:
        raise ConfigError(
            f"wirestream stream cannot run on {runner}: it runs the global window only, "
            "without state or timers (batch pipelines: wirestream run); stream on a streaming "
            "runner (DirectRunner, FlinkRunner, DataflowRunner …)"
        )
    if runner == DASK_RUNNER:
        try:
            importlib.import_module(DASK_RUNNER.rsplit(".", 1)[0])
        except ImportError as exc:
            raise ConfigError(f"--runner {runner}: {exc}") from None


def setup_logging(verbose: bool) -> None:
    """Log lines on stderr; on a terminal through rich, so they print above the spinner.

    ``force``: importing Beam's GCP modules logs a warning through the root logger, which
    installs Python's default handler at WARNING level before this runs; without replacing it,
    no INFO line of a run would ever be shown.
    """
    handler: logging.Handler
    if STDERR.is_terminal:
        handler = RichHandler(console=STDERR, show_path=False, markup=False)
        handler.setFormatter(logging.Formatter("%(message)s"))
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO, handlers=[handler], force=True
    )


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``wirestream`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        own, beam_args = split_beam_args(argv)
        beam_args = expand_runner_alias(beam_args)  # --runner dask
        args = build_parser().parse_args(own)
        check_runner(args.command, beam_args)
        # The launcher reads and writes the output too (plan, manifest): with the run's
        # filesystem options (e.g. --s3_endpoint_url), before anything touches it.
        storage.set_options(PipelineOptions(beam_args))
        setup_logging(args.verbose)
        for noisy in (
            "apache_beam",
            "urllib3",
            "trafilatura",
            "htmldate",
            "courlan",
            "distributed",
        ):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        # A server's malformed headers are its problem, reported per item; not a traceback.
        logging.getLogger("urllib3.connection").setLevel(logging.ERROR)
        return COMMANDS[args.command](args, beam_args)
    except ConfigError as exc:
        print(f"wirestream: error: {exc}", file=sys.stderr)
        return 2
    except StateError as exc:
        print(f"wirestream: error: {exc}", file=sys.stderr)
        return 2
