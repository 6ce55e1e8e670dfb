"""Runs the real launcher, ``pipelines.news_ingest.main.main(argv)``, and times it precisely.

``python -m benchmarks.pipeline_child [--timing FILE] -- run --feed … [Beam options]`` is
``wirestream run …`` plus what a benchmark needs, ``--timing FILE``, which writes
``{"exit_code", "main_s", "startup_s"}``: the seconds spent in ``main()`` (argument checks,
plan, pipeline build and run, manifest, state commit, summary) and the seconds from process
start to ``main()`` (interpreter and imports).

It is a wrapper for the timing only: any runner, the Dask runner included (``--runner dask``
or ``--runner pipelines.runners.dask.DaskRunner``, ``--dask_client_address …``), runs from the
plain ``wirestream`` command too. (It once imported Beam's Dask runner module first, so that
``--dask_client_address`` was a known flag, and ``benchmarks.dask_support`` for a runner kept
there; ``pipelines/news_ingest/options.py`` and ``pipelines/runners/dask.py`` do both now.)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    import psutil

    timing: Path | None = None
    if argv[:1] == ["--timing"]:
        timing, argv = Path(argv[1]), argv[2:]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    from pipelines.news_ingest.main import main as wirestream_main

    startup = time.time() - psutil.Process().create_time()
    begun = time.monotonic()
    code = wirestream_main(argv)
    elapsed = time.monotonic() - begun
    if timing is not None:
        timing.write_text(
            json.dumps({"exit_code": code, "main_s": elapsed, "startup_s": startup}) + "\n"
        )
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
