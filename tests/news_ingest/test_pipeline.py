"""The batch graph as Beam's portable runner fuses it: what crosses the runner per entry."""

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.portability.fn_api_runner import fn_runner

from pipelines.news_ingest.main import build_parser, make_plan
from pipelines.news_ingest.pipeline import build_pipeline


def fused_stages(tmp_path):
    args = build_parser().parse_args(
        ["run", "--feed", "http://127.0.0.1:9/feed.xml", "--output", str(tmp_path / "out")]
    )
    p = beam.Pipeline(options=PipelineOptions([]))
    build_pipeline(p, make_plan(args))
    _, stages = fn_runner.FnApiRunner().create_stages(p.to_runner_api())
    return [[t.unique_name for t in stage.transforms] for stage in stages]


def test_entries_go_from_the_feed_parser_straight_into_the_url_shuffle(tmp_path):
    # The runner holds whatever crosses a stage boundary. Entries (feeds' and deferred ones)
    # leave the stage that parses the feeds only through the URL shuffle, and outcome tallies
    # only as per-bundle counts: nothing is copied through another stage per entry.
    stages = fused_stages(tmp_path)
    (feed_stage,) = [s for s in stages if any("FetchAndParseFeed" in n for n in s)]
    assert "DeduplicateUrls/GroupByCanonicalUrl/Write" in feed_stage
    assert any(n.startswith("Tally") for n in feed_stage)
    assert not any("KeyByCanonicalUrl" in n for s in stages if s is not feed_stage for n in s)


def test_entries_go_from_the_url_shuffle_to_the_fetcher_without_another_shuffle(tmp_path):
    # In batch the URL shuffle carries only (host, file name); each host's entries are read
    # back, deduplicated, looked up and fetched in one stage, with no shuffle by host.
    stages = fused_stages(tmp_path)
    names = [n for s in stages for n in s]
    assert not any("GroupByHost" in n or "KeyByHost" in n for n in names)
    (fetch_stage,) = [s for s in stages if any("FetchArticles/FetchHosts" in n for n in s)]
    for step in ("DeduplicateUrls/KeepFirstEntry", "SkipSeen/LookUpState"):
        assert any(n.startswith(step) for n in fetch_stage), step


def test_fetched_pages_are_spread_over_the_workers_before_extraction(tmp_path):
    # A host's pages are fetched in one stage (one worker per host) and extracted in another,
    # after a shuffle of references to the spilled pages, so one outlet uses every worker.
    stages = fused_stages(tmp_path)
    (fetch_stage,) = [s for s in stages if any("FetchArticles/FetchHosts" in n for n in s)]
    assert any(n.startswith("SpreadPages/Spill") for n in fetch_stage)
    assert not any(n.startswith("ExtractText") for n in fetch_stage)
    (extract_stage,) = [s for s in stages if any(n.startswith("ExtractText") for n in s)]
    assert any(n.startswith("SpreadPages/Restore") for n in extract_stage)
