"""Beam's DaskRunner, made able to run the batch pipeline on a ``dask.distributed`` cluster.

    wirestream run --feed … --output … --runner dask --dask_client_address tcp://HOST:8786

(``--runner pipelines.runners.dask.DaskRunner`` in full; ``pip install 'wirestream[dask]'``.)

Beam 2.77's ``apache_beam.runners.dask.dask_runner.DaskRunner`` translates each transform into
a Dask bag, but cannot run a pipeline like ours:

1. it computes only the bag of the *last* transform it visited, so of several sinks (records,
   dead letters, counts, feed statuses) only the one that happens to come last is written;
2. a multi-output ``ParDo`` loses its tags: every output goes into one bag, and each consumer
   reads all of it whatever tag it asked for;
3. outputs emitted in ``finish_bundle`` are dropped (the results are collected before
   ``invoke_finish_bundle()``): the fetcher emits most pages there;
4. side inputs (``AsDict``, ``AsSingleton`` …) are read by computing their bag *inside* a
   running task, which on a cluster with one thread per worker can wait on itself.

This ``DaskRunner`` is Beam's with those four things done differently, and nothing else:

- every ``ParDo`` partition (one bundle) yields ``(tag, value)`` pairs, collected *after*
  ``finish_bundle``; a consumer of one output reads only that output's tag;
- a side input is computed as a whole-collection dependency of the task (``dask.delayed``)
  and handed to it, not computed from inside it;
- every sink — every transform whose output nothing consumes — is computed, together;
- the graph is not optimised: fusion would copy a multi-output ``ParDo`` into each consumer of
  its outputs and run it (fetching, extracting) once per consumer;
- a cluster the runner starts itself (no ``--dask_client_address``) has non-daemonic workers,
  which may start child processes (wirestream extracts text in one), and the client is closed
  once the pipeline has finished.

Known limits (Beam's runner shares them; not fixed here):

- the global window only: windows and timestamps are dropped between transforms. Right for
  the batch pipeline (``wirestream run``, ``wirestream demo``), wrong for ``wirestream
  stream``, which the launcher refuses on this runner;
- no metrics (``result.metrics()`` raises), no user state or timers;
- ``setup``/``teardown`` run once per partition, and each partition's outputs are held as a
  list until the next transform takes them.

Workers must be able to import ``pipelines`` (install wirestream where they run) and, to
extract text, must not be daemonic processes: start them with
``DASK_DISTRIBUTED__WORKER__DAEMON=False`` (``README.md``, "Running on Dask").
"""

from __future__ import annotations

import logging
import multiprocessing
from dataclasses import dataclass
from typing import Any

from apache_beam.pipeline import PipelineVisitor
from apache_beam.runners.common import Receiver
from apache_beam.runners.runner import PipelineState

try:
    from apache_beam.runners.dask.dask_runner import DaskRunner as BeamDaskRunner
    from apache_beam.runners.dask.dask_runner import DaskRunnerResult
except ImportError as exc:  # Beam's runner module needs dask.bag
    raise ImportError(
        f"the Dask runner needs dask[distributed]: pip install 'wirestream[dask]' ({exc})"
    ) from exc

__all__ = ["DaskRunner"]

log = logging.getLogger(__name__)


class DaskRunner(BeamDaskRunner):
    """Beam's DaskRunner with tagged outputs, finish_bundle outputs, side inputs and every sink."""

    def run_pipeline(self, pipeline: Any, options: Any) -> Any:
        import dask
        import dask.distributed as ddist
        from apache_beam.runners.dask.dask_runner import DaskOptions
        from apache_beam.runners.dask.overrides import dask_overrides

        dask_options = options.view_as(DaskOptions).get_all_options(
            drop_default=True, current_only=True
        )
        bag_kwargs = DaskOptions._extract_bag_kwargs(dask_options)
        # Only matters when the client starts a local cluster (no address given).
        with dask.config.set({"distributed.worker.daemon": False}):
            client = ddist.Client(**dask_options)
        try:
            _warn_of_daemonic_workers(client)
            pipeline.replace_all(dask_overrides())
            visitor = _BagVisitor(bag_kwargs)
            quiet = _NoPartitionSizeNotice()
            evaluator_log = logging.getLogger("apache_beam.runners.dask.transform_evaluator")
            evaluator_log.addFilter(quiet)
            try:
                pipeline.visit(visitor)
            finally:
                evaluator_log.removeFilter(quiet)
            sinks = [bag for node, bag in visitor.bags.items() if node not in visitor.consumed]
            futures = client.compute(sinks, optimize_graph=False)
        except BaseException:
            client.close()
            raise
        return _Result(client, futures)


def _is_daemon() -> bool:
    return bool(multiprocessing.current_process().daemon)


def _warn_of_daemonic_workers(client: Any) -> None:
    daemonic = sorted(address for address, daemon in client.run(_is_daemon).items() if daemon)
    if daemonic:
        log.warning(
            "%d Dask worker(s) run as daemonic processes, which cannot start child processes "
            "(wirestream extracts text in one, so extraction will fail there): start the "
            "workers with DASK_DISTRIBUTED__WORKER__DAEMON=False (%s)",
            len(daemonic),
            ", ".join(daemonic[:3]),
        )


class _NoPartitionSizeNotice(logging.Filter):
    """Beam's Create tells, once per Create, that its default partition size has changed."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "new default partition size" not in record.getMessage()


class _Result(DaskRunnerResult):
    """Beam's result, closing its client (and the cluster it may have started) when done."""

    def wait_until_finish(self, duration: Any = None) -> str:
        try:
            return super().wait_until_finish(duration)
        finally:
            if PipelineState.is_terminal(self.state):
                self.client.close()


class _BagVisitor(PipelineVisitor):
    """Each transform → a Dask bag; a ParDo's bag holds (tag, value) pairs."""

    def __init__(self, bag_kwargs: dict) -> None:
        self.bag_kwargs = bag_kwargs
        self.bags: dict[Any, Any] = {}
        self.tagged: set[Any] = set()  # producers whose bag holds (tag, value) pairs
        self.consumed: set[Any] = set()

    def bag_of(self, pcoll: Any) -> Any:
        producer = pcoll.producer
        bag = self.bags[producer]
        if producer in self.tagged:
            bag = bag.filter(_TagIs(pcoll.tag)).map(_value)
        return bag

    def visit_transform(self, node: Any) -> None:
        import apache_beam as beam
        from apache_beam import pvalue
        from apache_beam.runners.dask.transform_evaluator import TRANSLATIONS, NoOp

        inputs = [i for i in node.inputs if not isinstance(i, pvalue.PBegin)]
        for pcoll in inputs:
            self.consumed.add(pcoll.producer)
        for side in node.side_inputs:
            self.consumed.add(side.pvalue.producer)
        bags = [self.bag_of(pcoll) for pcoll in inputs]
        transform = node.transform
        if transform.__class__ is beam.ParDo:
            self.bags[node] = self._par_do(node, bags[0])
            self.tagged.add(node)
            return
        op = TRANSLATIONS.get(transform.__class__, NoOp)(node, bag_kwargs=self.bag_kwargs)
        if op.__class__.__name__ == "Flatten":
            self.bags[node] = op.apply(bags)
        elif op.__class__.__name__ == "Create":
            self.bags[node] = op.apply(None)
        else:
            self.bags[node] = op.apply(bags[0] if bags else None)

    def _par_do(self, node: Any, bag: Any) -> Any:
        import dask

        transform = node.transform
        args, kwargs = transform.raw_side_inputs
        main_input = next(iter(node.main_inputs.values()))
        window_fn = main_input.windowing.windowfn if hasattr(main_input, "windowing") else None
        sides = list(node.side_inputs)
        spec = _Opaque(
            dofn=transform.fn,
            label=transform.label,
            window_fn=window_fn,
            args=tuple(args),
            kwargs=dict(kwargs),
            side_specs=tuple((type(s), s._view_options()) for s in sides),
        )
        side_values = [
            dask.delayed(_as_list)(*self.bag_of(s.pvalue).to_delayed(optimize_graph=False))
            for s in sides
        ]
        return bag.map_partitions(_run_dofn, spec, *side_values)


# --- what runs on the workers ----------------------------------------------------------------
@dataclass(frozen=True)
class _Opaque:
    """Arguments handed to a Dask task as one object, so Dask never reads tuples as tasks."""

    dofn: Any
    label: str
    window_fn: Any
    args: tuple
    kwargs: dict
    side_specs: tuple  # (view class, view options) per side input


class _TagReceiver(Receiver):
    def __init__(self, tag: str | None, out: list) -> None:
        self.tag = tag
        self.out = out

    def receive(self, windowed_value: Any) -> None:
        # Global window only: the value goes on, its window and timestamp do not.
        self.out.append((self.tag, windowed_value.value))


class _Receivers(dict):
    def __init__(self) -> None:
        super().__init__()
        self.out: list = []

    def __missing__(self, tag: str | None) -> _TagReceiver:
        receiver = self[tag] = _TagReceiver(tag, self.out)
        return receiver


def _run_dofn(items: Any, spec: _Opaque, *side_values: list) -> list:
    """One bundle (a Dask partition) through a DoFn; every output, finish_bundle's included."""
    from apache_beam import DoFn
    from apache_beam.runners.common import DoFnContext, DoFnInvoker, DoFnSignature, _OutputHandler
    from apache_beam.runners.dask.transform_evaluator import get_windowed_value
    from apache_beam.transforms.sideinputs import SideInputMap
    from apache_beam.transforms.window import GlobalWindows

    receivers = _Receivers()
    handler = _OutputHandler(
        window_fn=spec.window_fn,
        main_receivers=receivers[None],
        tagged_receivers=receivers,
        per_element_output_counter=None,
        output_batch_converter=None,
        process_yields_batches=False,
        process_batch_yields_elements=False,
    )
    side_inputs = [
        SideInputMap(view, options, [GlobalWindows.windowed_value(v) for v in values])
        for (view, options), values in zip(spec.side_specs, side_values, strict=True)
    ]
    invoker = DoFnInvoker.create_invoker(
        DoFnSignature(spec.dofn),
        handler,
        context=DoFnContext(spec.label, state=None),
        side_inputs=side_inputs,
        input_args=list(spec.args),
        input_kwargs=dict(spec.kwargs),
        user_state_context=None,
        bundle_finalizer_param=DoFn.BundleFinalizerParam(),
    )
    invoker.invoke_setup()
    try:
        invoker.invoke_start_bundle()
        for item in items:
            invoker.invoke_process(get_windowed_value(item, spec.window_fn))
        invoker.invoke_finish_bundle()
    finally:
        invoker.invoke_teardown()  # a DoFn's child processes must not outlive a failed bundle
    return receivers.out


class _TagIs:
    def __init__(self, tag: str | None) -> None:
        self.tag = tag

    def __call__(self, pair: tuple) -> bool:
        return pair[0] == self.tag


def _value(pair: tuple) -> Any:
    return pair[1]


def _as_list(*partitions: list) -> list:
    return [item for partition in partitions for item in partition]
