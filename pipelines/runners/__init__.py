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

# Runners that run the global window only, without state or timers: `wirestream run`, not
# `wirestream stream`.
BATCH_ONLY_RUNNERS = (DASK_RUNNER, BEAM_DASK_RUNNER)


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
