"""Loaded at start-up by every Python process that has this folder on ``PYTHONPATH``.

Inert unless ``WIRESTREAM_STAGE_MEMORY_DIR`` is set (by ``benchmarks.stage_memory``): then the
launcher (``benchmarks.pipeline_child``) and each Beam SDK worker start a daemon thread that
once a second appends ``seconds, RSS MiB, what runs`` to ``<dir>/<role>-<pid>.tsv``. "What runs"
is, in the launcher, the name of the fused stage the FnApiRunner is running (from the frame of
its ``_run_bundle``), and in a worker the innermost ``pipelines/`` functions of its threads.
"""

import os
import sys

_DIR = os.environ.get("WIRESTREAM_STAGE_MEMORY_DIR")


def _role() -> str | None:
    argv = " ".join(getattr(sys, "orig_argv", []))
    if "sdk_worker" in argv:
        return "worker"
    if "pipeline_child" in argv:
        return "launcher"
    return None


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _stage_of(frame) -> str | None:
    while frame is not None:
        if frame.f_code.co_name == "_run_bundle":
            manager = frame.f_locals.get("bundle_context_manager")
            stage = getattr(getattr(manager, "stage", None), "name", None)
            if stage:
                return stage
        frame = frame.f_back
    return None


def _ours(frame) -> str | None:
    while frame is not None:
        path = frame.f_code.co_filename
        if "/pipelines/" in path:
            return f"{os.path.basename(path)}:{frame.f_code.co_name}"
        frame = frame.f_back
    return None


def _sample(role: str) -> None:
    import threading
    import time

    def loop() -> None:
        begun = time.monotonic()
        path = os.path.join(_DIR, f"{role}-{os.getpid()}.tsv")
        with open(path, "w", buffering=1) as out:
            while True:
                frames = sys._current_frames().values()
                if role == "launcher":
                    running = {_stage_of(f) for f in frames}
                else:
                    running = {_ours(f) for f in frames}
                doing = ";".join(sorted(r for r in running if r))
                out.write(f"{time.monotonic() - begun:.1f}\t{_rss_mib():.1f}\t{doing}\n")
                time.sleep(1.0)

    threading.Thread(target=loop, name="stage-memory", daemon=True).start()


if _DIR and (_r := _role()):
    _sample(_r)
