import json

from benchmarks.stage_memory import launcher_stages, main, short_stage, worker_summary


def test_stage_names_shorten_to_their_first_and_last_transform():
    name = (
        "(((FetchArticles/GroupByHost/Read)+(ref_AppliedPTransform_FetchArticles-FetchHosts_9))"
        "+(ref_PCollection_PCollection_12/Write))"
    )
    assert short_stage(name) == "FetchArticles/GroupByHost/Read … PCollection_12/Write"
    assert short_stage("((a/Read))") == "a/Read"


def test_a_stage_holding_its_input_shows_as_a_step():
    rows = [(0.0, 100.0, ""), (1.0, 110.0, "(a)"), (2.0, 180.0, "(a)"), (3.0, 175.0, "(b)")]
    a, b = launcher_stages(rows)
    assert (a["stage"], a["rss_at_start_mib"], a["peak_rss_mib"], a["rss_step_mib"]) == (
        "a",
        110.0,
        180.0,
        65.0,
    )
    assert b["stage"] == "b" and "rss_step_mib" not in b
    peak = worker_summary([(0.0, 50.0, ""), (1.0, 90.0, "fetch.py:_run_lane"), (2.0, 70.0, "")])
    assert peak == {
        "peak_rss_mib": 90.0,
        "peak_at_s": 1.0,
        "running_at_peak": "fetch.py:_run_lane",
        "rss_at_first_fetch_mib": 90.0,
        "rss_at_end_mib": 70.0,
    }


def test_a_small_run_samples_the_launcher_and_every_worker(tmp_path):
    out = tmp_path / "stages.json"
    assert main(["--articles", "40", "--workers", "2", "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    stages = [s["stage"] for s in result["launcher_stages"]]
    # Sampled once a second: which of the short stages of 40 articles are seen varies.
    known = ("GroupByCanonicalUrl", "SpreadPages", "ReadFeeds")
    assert any(k in s for s in stages for k in known), stages
    assert len(result["sdk_workers"]) == 2
    assert all(w["peak_rss_mib"] > 50 for w in result["sdk_workers"])
