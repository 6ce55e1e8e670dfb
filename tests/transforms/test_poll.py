import time

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.util import assert_that, equal_to

from pipelines.core.feeds import FeedSource
from pipelines.core.state import open_state
from pipelines.transforms.poll import PollFeedsFn, Ticks, next_interval
from testing.local_site import LocalSite, Reply
from tests.support import rss


class State:
    """A stand-in for Beam's ReadModifyWriteState when the DoFn is called directly."""

    def __init__(self):
        self.value = None

    def read(self):
        return self.value

    def write(self, value):
        self.value = value


def test_next_interval_adapts_within_bounds():
    assert next_interval(60, 0, 60, 15, 900) == 90  # nothing new: poll less often
    assert next_interval(600, 0, 600, 15, 900) == 900  # ... up to the maximum
    assert next_interval(60, 4, 60, 15, 900) == 37.5  # busy: towards one new entry per poll
    assert next_interval(20, 50, 20, 15, 900) == 15  # ... down to the minimum


def test_the_clock_ticks_until_stop_then_ends():
    start = time.time()
    with beam.Pipeline(options=PipelineOptions(["--streaming"])) as p:
        times = p | Ticks(start, start + 2.0, 0.5, None)
        assert_that(
            times | beam.Map(lambda t: round((t - start) / 0.5)),
            equal_to([0, 1, 2, 3]),
        )
    assert time.time() - start >= 1.5  # ticks come due in real time, not all at once


def test_the_served_clock_closes_windows_while_it_runs(tmp_path):
    from apache_beam.transforms import window

    start = time.time()
    log = tmp_path / "fired.txt"

    def note(kv):  # the runner pickles the graph: record firings in a file
        with log.open("a") as handle:
            handle.write(f"{time.time() - start} {len(list(kv[1]))}\n")

    clock = Ticks(start, start + 6.0, 0.5, None, served=True)
    try:
        with beam.Pipeline(options=PipelineOptions(["--streaming"])) as p:
            (
                p
                | clock
                | beam.WindowInto(window.FixedWindows(2))
                | beam.Map(lambda t: ("k", t))
                | beam.GroupByKey()
                | beam.Map(note)
            )
    finally:
        clock.close()
    fired = [(float(t), int(n)) for t, n in (line.split() for line in log.open())]
    assert sum(n for _, n in fired) == 12
    # The first window fired seconds before the clock stopped (the SDF clock would hold the
    # DirectRunner's watermark until the end).
    assert min(t for t, _ in fired) < 4.5


def test_a_stop_file_ends_the_clock_early(tmp_path):
    stop_file = tmp_path / "stop"
    stop_file.touch()
    start = time.time()
    with beam.Pipeline(options=PipelineOptions(["--streaming"])) as p:
        times = p | Ticks(start, start + 3600, 1.0, str(stop_file))
        assert_that(times, equal_to([]))
    assert time.time() - start < 60


@pytest.fixture
def feed_site():
    with LocalSite() as site:
        yield site


def publish(site, count):
    items = [
        {"title": f"Item {i}", "link": site.url(f"/a{i}"), "guid": f"g{i}"} for i in range(count)
    ]
    site.pages["/feed.xml"] = Reply(body=rss(items, "en"), content_type="application/rss+xml")


def test_poll_hands_on_new_entries_once_and_adapts_its_interval(feed_site, tmp_path):
    from pipelines.core.http import HttpSettings
    from pipelines.core.settings import FeedsConfig, StreamConfig

    uri = f"sqlite:///{tmp_path / 'state.db'}"
    open_state(uri).close()
    url = feed_site.url("/feed.xml")
    fn = PollFeedsFn(
        {url: FeedSource(url, "f", poll_min_s=10, poll_max_s=100)},
        HttpSettings(allow_addresses=("127.0.0.1",), per_host_delay_s=0),
        FeedsConfig(max_bytes=1 << 20, max_entries=500),
        StreamConfig(poll_interval_s=20, poll_min_s=5, poll_max_s=900),
        uri,
    )
    fn.setup()
    state = State()
    try:
        publish(feed_site, 2)
        first = list(fn.process((url, 1000.0), feed=state))
        entries = [o for o in first if isinstance(o, dict)]
        [status] = [o.value for o in first if isinstance(o, beam.pvalue.TaggedOutput)]
        # (feedparser resolves a relative guid against the feed URL)
        assert sorted(e["guid"].rsplit("/", 1)[-1] for e in entries) == ["g0", "g1"]
        # Two new entries in one (initial, 20 s) interval: halfway towards 10 s per entry.
        assert status["new_entries"] == 2 and status["poll_interval_s"] == 15
        assert list(fn.process((url, 1010.0), feed=state)) == []  # not due before 1015
        again = list(fn.process((url, 1015.0), feed=state))  # same body: nothing new
        assert [o.value["status"] for o in again] == ["unchanged"]
        assert state.value["interval"] == 22.5
        publish(feed_site, 3)
        later = list(fn.process((url, 1040.0), feed=state))
        assert [e["guid"].rsplit("/", 1)[-1] for e in later if isinstance(e, dict)] == ["g2"]
    finally:
        fn.teardown()
