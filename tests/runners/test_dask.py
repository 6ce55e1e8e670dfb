"""wirestream's DaskRunner on a real loopback cluster, against the DirectRunner.

One ``LocalCluster`` (2 worker processes, 1 thread each, all on 127.0.0.1) serves the
module. Each small pipeline runs on the DirectRunner and on ``pipelines.runners.dask.DaskRunner``
(its ``Create`` split into 3 partitions, so bundles are several); every sink appends JSON lines
to a file of its own, and the two runs' files must hold the same lines — and the lines the test
expects, so the two runners cannot agree on a wrong answer. Beam's own DaskRunner fails the
tag, finish_bundle and several-sink tests (``benchmarks/dask_support.py``). The whole pipeline
on a corpus, run by the ``wirestream`` command, is tested by
``test_dask_runner_writes_the_direct_runner_records`` in ``tests/benchmarks/test_throughput.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.pvalue import AsDict, AsList, AsSingleton, TaggedOutput
from apache_beam.transforms.window import GlobalWindows

from pipelines.runners import DASK_RUNNER

pytest.importorskip(
    "dask.distributed", reason="dask[distributed] is not installed (pip install -e '.[dask]')"
)

from pipelines.runners.dask import DaskRunner


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from dask.distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # ephemeral loopback port
    ) as cluster:
        yield cluster.scheduler_address


def _append_json(value, path: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(value, sort_keys=True) + "\n")


class Sinks:
    """``sinks(name, pcoll)``: every element of pcoll as a JSON line in ``name.jsonl``."""

    def __init__(self, out: Path) -> None:
        self.out = out

    def __call__(self, name: str, pcoll) -> None:
        _ = pcoll | f"Sink {name}" >> beam.Map(_append_json, str(self.out / f"{name}.jsonl"))


def run_on(options: list[str], build: Callable, out: Path) -> dict[str, list]:
    out.mkdir()
    with beam.Pipeline(options=PipelineOptions(options)) as p:
        build(p, Sinks(out))
    return {
        path.stem: sorted((json.loads(line) for line in path.read_text().splitlines()), key=_order)
        for path in out.glob("*.jsonl")
    }


def _order(value) -> tuple:
    """Numbers by value, anything else by its JSON text."""
    if isinstance(value, int | float):
        return (0, value, "")
    return (1, 0, json.dumps(value, sort_keys=True))


def both_runners(build: Callable, tmp_path: Path, scheduler: str) -> dict[str, list]:
    """The sinks' contents on the DirectRunner; asserts the DaskRunner wrote the same."""
    direct = run_on(["--runner", "DirectRunner"], build, tmp_path / "direct")
    dask_args = ["--runner", DASK_RUNNER, "--dask_client_address", scheduler]
    on_dask = run_on([*dask_args, "--dask_npartitions", "3"], build, tmp_path / "dask")
    assert on_dask == direct
    return direct


# --- multi-output ParDo ----------------------------------------------------------------------
class _ByRemainder(beam.DoFn):
    def process(self, n: int):
        if n % 3 == 0:
            yield TaggedOutput("three", n)
        elif n % 3 == 1:
            yield n
        else:
            yield TaggedOutput("two", n)
            yield TaggedOutput("two", -n)


def test_each_output_tag_reaches_only_its_consumers(tmp_path, scheduler):
    def build(p, sinks):
        parts = (
            p
            | beam.Create(range(12))
            | beam.ParDo(_ByRemainder()).with_outputs("three", "two", "never", main="one")
        )
        sinks("one", parts.one)
        sinks("two", parts.two)
        sinks("three", parts.three)
        sinks("never", parts.never)
        sinks("two_doubled", parts.two | beam.Map(lambda n: 2 * n))

    got = both_runners(build, tmp_path, scheduler)
    assert got["one"] == [1, 4, 7, 10]
    assert got["two"] == [-11, -8, -5, -2, 2, 5, 8, 11]
    assert got["three"] == [0, 3, 6, 9]
    assert "never" not in got
    assert got["two_doubled"] == sorted(2 * n for n in got["two"])


# --- finish_bundle ---------------------------------------------------------------------------
class _HoldUntilFinish(beam.DoFn):
    """Emits n at once, 10·n from finish_bundle, and each bundle's size on the tag "held"."""

    def start_bundle(self) -> None:
        self._held: list[int] = []

    def process(self, n: int):
        self._held.append(n)
        yield n

    def finish_bundle(self):
        for n in self._held:
            yield GlobalWindows.windowed_value(10 * n)
        yield TaggedOutput("held", GlobalWindows.windowed_value(len(self._held)))


def test_finish_bundle_outputs_are_kept_on_every_tag(tmp_path, scheduler):
    def build(p, sinks):
        out = (
            p
            | beam.Create(range(1, 10))
            | beam.ParDo(_HoldUntilFinish()).with_outputs("held", main="values")
        )
        sinks("values", out.values)
        # Bundle sizes differ between runners; their total does not.
        sinks("held_total", out.held | beam.CombineGlobally(sum))

    got = both_runners(build, tmp_path, scheduler)
    assert got["values"] == sorted([*range(1, 10), *range(10, 100, 10)])
    assert got["held_total"] == [9]


# --- side inputs -----------------------------------------------------------------------------
def _describe(key: str, names: dict, total: int, ordered: list) -> dict:
    return {"key": key, "name": names.get(key, "?"), "total": total, "ordered": sorted(ordered)}


def test_dict_singleton_and_list_side_inputs(tmp_path, scheduler):
    def build(p, sinks):
        names = p | "Names" >> beam.Create([("a", "Alpha"), ("b", "Beta")])
        total = p | "Numbers" >> beam.Create([1, 2, 3, 4]) | beam.CombineGlobally(sum)
        ordered = p | "Ordered" >> beam.Create(["z", "y"])
        keys = p | "Keys" >> beam.Create(["a", "b", "c", "a"])
        sinks(
            "described",
            keys
            | beam.Map(
                _describe,
                names=AsDict(names),
                total=AsSingleton(total),
                ordered=AsList(ordered),
            ),
        )

    got = both_runners(build, tmp_path, scheduler)
    described = [(d["key"], d["name"], d["total"], d["ordered"]) for d in got["described"]]
    assert described == [
        ("a", "Alpha", 10, ["y", "z"]),
        ("a", "Alpha", 10, ["y", "z"]),
        ("b", "Beta", 10, ["y", "z"]),
        ("c", "?", 10, ["y", "z"]),
    ]


# --- several sinks ---------------------------------------------------------------------------
def test_every_sink_is_written(tmp_path, scheduler):
    def build(p, sinks):
        words = p | beam.Create(["a b", "b c", "c a b", "dd"]) | beam.FlatMap(str.split)
        counts = words | "Pair" >> beam.Map(lambda w: (w, 1)) | beam.CombinePerKey(sum)
        grouped = (
            words
            | "ByLength" >> beam.Map(lambda w: (len(w), w))
            | beam.GroupByKey()
            | beam.MapTuple(lambda k, ws: [k, sorted(ws)])
        )
        sinks("words", words)
        sinks("counts", counts)
        sinks("grouped", grouped)
        sinks("flattened", (words, counts | beam.Keys()) | beam.Flatten())

    got = both_runners(build, tmp_path, scheduler)
    assert got["words"] == ["a", "a", "b", "b", "b", "c", "c", "dd"]
    assert got["counts"] == [["a", 2], ["b", 3], ["c", 2], ["dd", 1]]
    assert got["grouped"] == [[1, ["a", "a", "b", "b", "b", "c", "c"]], [2, ["dd"]]]
    assert got["flattened"] == sorted([*got["words"], "a", "b", "c", "dd"])


# --- the runner itself -----------------------------------------------------------------------
def test_the_runner_is_found_by_name_and_closes_its_client(tmp_path, scheduler):
    options = PipelineOptions(["--runner", DASK_RUNNER, "--dask_client_address", scheduler])
    p = beam.Pipeline(options=options)
    assert isinstance(p.runner, DaskRunner)
    _ = p | beam.Create([1, 2]) | beam.Map(_append_json, str(tmp_path / "out.jsonl"))
    result = p.run()
    assert result.wait_until_finish() == "DONE"
    assert result.client.status == "closed"
    assert sorted((tmp_path / "out.jsonl").read_text().split()) == ["1", "2"]


def _fail(n: int) -> int:
    raise ValueError(f"no {n}")


def test_a_failing_dofn_fails_the_run(tmp_path, scheduler):
    options = PipelineOptions(["--runner", DASK_RUNNER, "--dask_client_address", scheduler])
    with pytest.raises(ValueError, match="no 1"), beam.Pipeline(options=options) as p:
        _ = p | beam.Create([1]) | beam.Map(_fail)
