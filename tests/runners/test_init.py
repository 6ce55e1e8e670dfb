"""Runner names: ``--runner dask`` is wirestream's DaskRunner."""

import pytest

from pipelines.runners import DASK_RUNNER, expand_runner_alias, is_direct_runner


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--runner", "dask"], ["--runner", DASK_RUNNER]),
        (["--runner", "Dask"], ["--runner", DASK_RUNNER]),
        (["--runner", "DaskRunner"], ["--runner", DASK_RUNNER]),
        (["--runner=dask", "--x", "dask"], [f"--runner={DASK_RUNNER}", "--x", "dask"]),
        (["--runner", "DirectRunner"], ["--runner", "DirectRunner"]),
        (
            ["--runner", "apache_beam.runners.dask.dask_runner.DaskRunner"],
            ["--runner", "apache_beam.runners.dask.dask_runner.DaskRunner"],
        ),
        ([], []),
    ],
)
def test_the_dask_alias_names_our_runner(args, expected):
    assert expand_runner_alias(args) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (None, True),
        ("DirectRunner", True),
        ("direct", True),
        ("directrunner", True),
        ("BundleBasedDirectRunner", True),
        ("apache_beam.runners.direct.direct_runner.SwitchingDirectRunner", True),
        (DASK_RUNNER, False),
        ("DataflowRunner", False),
        ("PortableRunner", False),
    ],
)
def test_direct_runners_are_known_by_any_of_beams_names(name, expected):
    assert is_direct_runner(name) is expected
