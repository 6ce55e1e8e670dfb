"""Beam entry point for the news_ingest DAG: ``python wirestream_launch.py --option=value …``.

BeamRunPythonPipelineOperator runs ``PYTHON [py_options] py_file --runner=… --key=value …``;
the wirestream CLI wants its ``run`` subcommand first. This file adds it and hands every
argument over unchanged: wirestream's own options (``--output``, ``--feed`` …) and Beam's
(``--runner``, ``--labels`` …) are told apart by ``wirestream run`` itself. The exit status
is the CLI's: 0 succeeded, 1 the run failed its checks, 2 bad arguments or configuration.

It also ends with its parent. When the Airflow task times out, the operator gives up on the
Beam process without stopping it (its ``on_kill`` only cancels Dataflow jobs); an orphaned
run would keep writing the partition and the state store while the retry starts another.

Not a DAG file (``.airflowignore`` lists it); it needs wirestream, not Airflow.
"""

import os
import signal
import sys
import threading
import time
from pathlib import Path

PARENT_POLL_S = 1.0
TERM_GRACE_S = 10.0


def exit_with_parent(parent: int) -> None:
    """Stops this process (SIGTERM, then a hard exit) once ``parent`` is no longer its parent."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_S)
        print("wirestream_launch: the Airflow task is gone; stopping the run", file=sys.stderr)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(TERM_GRACE_S)
        os._exit(143)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def main(argv: list[str]) -> int:
    from pipelines.news_ingest.main import main as wirestream

    return wirestream(["run", *argv])


if __name__ == "__main__":
    exit_with_parent(os.getppid())
    # Run as a script, this directory is sys.path[0]; DAG files must not shadow packages.
    if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
        del sys.path[0]
    sys.exit(main(sys.argv[1:]))
