"""Separating Beam's pipeline options from wirestream's own arguments.

Beam options may follow ``--`` or be mixed in with ours when Beam knows them (``--runner``,
``--direct_num_workers``, ``--direct_running_mode`` …). An option that neither we nor Beam know
is an error naming it, rather than Beam's silent "discarding unparseable args".
"""

from __future__ import annotations

import argparse
import importlib
from functools import cache

from apache_beam.options.pipeline_options import PipelineOptions

from pipelines.core.settings import ConfigError

# Runners whose option classes live in their own modules: imported (when installed) so that
# their flags (e.g. --dask_client_address) are known before a pipeline picks the runner.
RUNNER_OPTION_MODULES = ("apache_beam.runners.dask.dask_runner",)


def _all_option_classes() -> list[type[PipelineOptions]]:
    for module in RUNNER_OPTION_MODULES:
        try:
            importlib.import_module(module)
        except ImportError:  # that runner's extra is not installed
            continue
    seen: list[type[PipelineOptions]] = []
    todo = [PipelineOptions]
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.append(cls)
            todo.extend(cls.__subclasses__())
    return seen


@cache
def beam_flags() -> dict[str, bool]:
    """Every flag Beam's option classes declare → whether it takes a value."""
    parser = argparse.ArgumentParser(add_help=False, conflict_handler="resolve")
    for cls in _all_option_classes():
        try:
            cls._add_argparse_args(parser)
        except (argparse.ArgumentError, TypeError, ValueError):
            continue
    flags: dict[str, bool] = {}
    for action in parser._actions:
        for flag in action.option_strings:
            flags[flag] = action.nargs != 0
    return flags


def split_beam_args(argv: list[str]) -> tuple[list[str], list[str]]:
    """Splits argv into (wirestream's arguments, Beam's options)."""
    flags = beam_flags()
    own: list[str] = []
    beam: list[str] = []
    i = 0
    after_separator = False
    while i < len(argv):
        token = argv[i]
        if token == "--" and not after_separator:
            after_separator = True
            i += 1
            continue
        name = token.split("=", 1)[0]
        if token.startswith("--") and name in flags:
            beam.append(token)
            if flags[name] and "=" not in token and i + 1 < len(argv):
                beam.append(argv[i + 1])
                i += 1
        elif after_separator:
            if token.startswith("--"):
                raise ConfigError(f"unknown Beam pipeline option {name}")
            beam.append(token)
        else:
            own.append(token)
        i += 1
    return own, beam
