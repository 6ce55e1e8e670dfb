"""Beam runners shipped with wirestream, and the ``--runner`` names that pick them.

``pipelines.runners.dask.DaskRunner`` runs the batch pipeline on a ``dask.distributed`` cluster
(``pip install 'wirestream[dask]'``); ``--runner dask`` (or ``DaskRunner``, any case) is short
for it. This module imports neither Dask nor the runner, so the launcher can resolve names and
reject a runner that cannot do a command before anything runs.
"""

from __future__ import annotations

DASK_RUNNER = "pipelines.runners.dask.DaskRunner"
BEAM_DASK_RUNNER = "apache_beam.runners.dask.dask_runner.DaskRunner"

# Short names (compared lower-case, as Beam compares its own runner names) → class paths.
RUNNER_ALIASES = {"dask": DASK_RUNNER, "daskrunner": DASK_RUNNER}

# Beam's own DirectRunners, by class name (``--runner`` compares them case-insensitively, with
# or without the ``Runner`` suffix); none given means the DirectRunner.
DIRECT_RUNNERS = ("DirectRunner", "BundleBasedDirectRunner", "SwitchingDirectRunner")

# Runners that run the global window only, without state or timers: `wirestream run`, not
# `wirestream stream`.
BATCH_ONLY_RUNNERS = (DASK_RUNNER, BEAM_DASK_RUNNER)


def is_direct_runner(name: str | None) -> bool:
    """Whether ``--runner name`` (None: not given) picks one of Beam's DirectRunners."""
    if name is None:
        return True
    short = name.rsplit(".", 1)[-1].lower()
    names = {runner.lower() for runner in DIRECT_RUNNERS}
    return short in names or f"{short}runner" in names


def expand_runner_alias(beam_args: list[str]) -> list[str]:
    """``--runner dask`` / ``--runner=dask`` → the class path; every other option unchanged."""
    out: list[str] = []
    after_runner = False
    for token in beam_args:
        if after_runner:
            out.append(RUNNER_ALIASES.get(token.lower(), token))
            after_runner = False
        elif token == "--runner":
            out.append(token)
            after_runner = True
        elif token.startswith("--runner="):
            name = token.split("=", 1)[1]
            out.append(f"--runner={RUNNER_ALIASES.get(name.lower(), name)}")
        else:
            out.append(token)
    return out
