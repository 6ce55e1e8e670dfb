import pytest

from pipelines.core.settings import ConfigError
from pipelines.news_ingest.options import beam_flags, split_beam_args


def test_beam_options_are_separated_from_ours():
    own, beam = split_beam_args(
        [
            "run",
            "--feed",
            "x",
            "--runner",
            "DirectRunner",
            "--direct_num_workers=2",
            "--",
            "--direct_running_mode",
            "multi_processing",
        ]
    )
    assert own == ["run", "--feed", "x"]
    assert beam == [
        "--runner",
        "DirectRunner",
        "--direct_num_workers=2",
        "--direct_running_mode",
        "multi_processing",
    ]


def test_our_flags_do_not_collide_with_beams():
    ours = {
        "--config",
        "--feed",
        "--output",
        "--state",
        "--window-start",
        "--window-end",
        "--set",
        "--allow-address",
        "--verbose",
    }
    assert not ours & set(beam_flags())
    assert "--runner" in beam_flags() and "--setup_file" in beam_flags()


def test_unknown_option_after_separator_is_an_error():
    with pytest.raises(ConfigError, match="--no_such_option"):
        split_beam_args(["run", "--", "--no_such_option", "1"])
