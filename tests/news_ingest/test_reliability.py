"""The bad-input matrix of RELIABILITY.md ("Feeds", "HTTP", "Extraction and language"), end to end.

Every case is served by :class:`~testing.hostile.HostileNewsroom` on 127.0.0.1 and goes
through the real launcher (``main(["run", ...])``, Beam's DirectRunner); the assertions read
what a user would read: ``records/*.jsonl``, ``dead_letter/*.jsonl`` and ``_manifest.json``,
plus what the servers saw. Cases are grouped into a few runs (module-scoped fixtures) so the
file stays fast; each run checks the accounting identity, its wall time against the configured
deadlines, and that the internal listener got no connection. The pipeline is only ever allowed
to reach the exact ``127.0.0.1:PORT`` of the servers a run means it to reach.

Run: ``.venv/bin/python -m pytest tests/news_ingest/test_reliability.py``
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import resource
import time
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from pipelines.core.accounting import identity_holds
from pipelines.core.feeds import parse_feed
from pipelines.core.urls import article_id, canonicalize
from pipelines.news_ingest.main import main
from testing.hostile import (
    CHARSET_TEXT,
    HAVE_BROTLI,
    LANGUAGE_SAMPLES,
    WRONG_CHARSET_TITLE,
    HostileNewsroom,
    Snapshot,
    numbered_story,
)

MiB = 1024 * 1024
WINDOW = ["--window-start", "2026-11-27T12:00:00Z", "--window-end", "2026-11-27T12:15:00Z"]
# Settings every run shares: short deadlines, one retry, no politeness gap, no failing ratio.
BASE_SETTINGS: dict[str, Any] = {
    "fetch.timeout_s": 2,
    "fetch.connect_timeout_s": 1,
    "fetch.max_retries": 1,
    "fetch.backoff_s": 0.05,
    "fetch.max_retry_after_s": 5,
    "fetch.max_redirects": 5,
    "fetch.per_host_delay_s": 0,
    "fetch.max_bytes": 2 * MiB,
    "feeds.max_bytes": 1 * MiB,
    "extract.timeout_s": 10,
    "sink.dead_letter_max_ratio": 1,
}
# Beam start-up, the extraction child process and the sinks, on a slow CI machine.
RUN_OVERHEAD_S = 20.0
# A whole run raises this process's peak RSS by well under 100 MiB (measured); one inflated
# bomb or a 200 MB feed held in memory would raise it by hundreds of MiB.
PEAK_GROWTH_LIMIT_MIB = 256
CONTROL_CHARS = {chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# --------------------------------------------------------------------------------------------
# Running the pipeline and reading what it wrote
# --------------------------------------------------------------------------------------------


def _peak_rss_mib() -> float:
    """This process's peak resident set size (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _read_jsonl(paths: Iterable[Path]) -> list[dict[str, Any]]:
    return [json.loads(line) for p in paths for line in p.read_text("utf-8").splitlines()]


@dataclasses.dataclass
class Run:
    """One finished pipeline run: exit code, wall time and everything it wrote."""

    code: int
    elapsed_s: float
    out: Path
    manifest: dict[str, Any]
    records: list[dict[str, Any]]
    dead: list[dict[str, Any]]
    peak_growth_mib: float  # how far the run pushed this process's peak RSS up
    seen: Snapshot | None = None  # what the watched newsroom had served by the end of the run

    @property
    def counts(self) -> dict[str, int]:
        return self.manifest["counts"]

    def feed(self, url: str) -> dict[str, Any]:
        """The manifest's status line of one feed."""
        [status] = [f for f in self.manifest["feeds"] if f["feed_url"] == url]
        return status

    def record(self, link: str) -> dict[str, Any] | None:
        """The record of the entry that linked ``link`` (matched by article id), if any."""
        wanted = article_id(canonicalize(link))
        found = [r["data"] for r in self.records if r["data"]["article_id"] == wanted]
        assert len(found) <= 1, f"{len(found)} records for {link}"
        return found[0] if found else None

    def dead_letters(self, link: str) -> list[dict[str, Any]]:
        """Dead letters of the entry that linked ``link`` (by article id, else by URL)."""
        wanted = article_id(canonicalize(link)) if link.startswith("http") else None
        return [d for d in self.dead if (wanted and d["article_id"] == wanted) or d["url"] == link]

    def dead_letter(self, link: str) -> dict[str, Any]:
        """The one dead letter of ``link``."""
        found = self.dead_letters(link)
        assert len(found) == 1, f"expected one dead letter for {link}, got {found}"
        return found[0]

    def outcome(self, link: str) -> tuple[str, str | None]:
        """``("record", None)``, ``("dead_letter", reason)`` or ``("none", None)``."""
        if self.record(link) is not None:
            return "record", None
        dead = self.dead_letters(link)
        if dead:
            return "dead_letter", dead[0]["reason"]
        return "none", None


def run_pipeline(
    out: Path,
    feeds: Iterable[str],
    allow: Iterable[str],
    settings: dict[str, Any] | None = None,
    beam_args: Iterable[str] = (),
    watch: HostileNewsroom | None = None,
) -> Run:
    """Runs ``wirestream run`` in this process and reads its output.

    With ``watch``, the newsroom's counters are reset first and snapshotted at the end, so
    tests read what that run (and only that run) made the server see.
    """
    if watch is not None:
        watch.reset_counters()
    merged = {**BASE_SETTINGS, **(settings or {})}
    args = ["run", "--output", str(out), *WINDOW]
    for feed in feeds:
        args += ["--feed", feed]
    for entry in allow:
        args += ["--allow-address", entry]
    for key, value in merged.items():
        args += ["--set", f"{key}={value}"]
    args += list(beam_args)
    peak_before = _peak_rss_mib()
    started = time.monotonic()
    code = main(args)
    elapsed = time.monotonic() - started
    peak_growth = _peak_rss_mib() - peak_before
    manifest = json.loads((out / "_manifest.json").read_text("utf-8"))
    return Run(
        code=code,
        elapsed_s=elapsed,
        out=out,
        manifest=manifest,
        records=_read_jsonl(sorted((out / "records").glob("*.jsonl"))),
        dead=_read_jsonl(sorted((out / "dead_letter").glob("*.jsonl"))),
        peak_growth_mib=peak_growth,
        seen=watch.snapshot() if watch is not None else None,
    )


def assert_run_is_sound(run: Run, *newsrooms: HostileNewsroom, budget_s: float) -> None:
    """The checks every run must pass: exit 0, identity, deadlines, no internal connection."""
    assert run.code == 0, run.manifest["problems"]
    assert run.manifest["status"] == "succeeded"
    assert run.manifest["identity_holds"] and identity_holds(run.counts)
    assert run.elapsed_s < budget_s + RUN_OVERHEAD_S, (run.elapsed_s, budget_s)
    for newsroom in newsrooms:
        assert newsroom.internal_hits == 0
    for record in run.records:
        text = json.dumps(record, ensure_ascii=False)
        text.encode("utf-8")  # valid UTF-8: no lone surrogates
        assert not CONTROL_CHARS & set(record["data"]["text"] + (record["data"]["title"] or ""))


def deadline_s(settings: dict[str, Any]) -> float:
    """Worst case of one fetch: every attempt runs into the total deadline, plus backoffs."""
    merged = {**BASE_SETTINGS, **settings}
    attempts = merged["fetch.max_retries"] + 1
    backoff = sum(merged["fetch.backoff_s"] * 2**i for i in range(attempts - 1))
    return attempts * merged["fetch.timeout_s"] + backoff


def fetch_bytes(url: str) -> tuple[bytes, str]:
    """Fetches a URL of a test server directly (no proxy), for checks beside the pipeline."""
    with _OPENER.open(url, timeout=10) as response:
        return response.read(), response.headers.get("Content-Type", "")


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileNewsroom]:
    with HostileNewsroom() as newsroom:
        yield newsroom


# --------------------------------------------------------------------------------------------
# Feeds
# --------------------------------------------------------------------------------------------

VALID_FORMATS = ("rss091", "rss092", "rss10", "rss20", "atom03", "atom10")
FEED_CASES = (
    *VALID_FORMATS,
    "empty",
    "html",
    "truncated",
    "billion-laughs",
    "xxe-file",
    "xxe-url",
    "wrong-charset",
    "control-chars",
    "bad-links",
    "dates",
    "duplicates",
    "huge",
    "endless",
)


@pytest.fixture(scope="module")
def feeds_run(hostile: HostileNewsroom, tmp_path_factory: pytest.TempPathFactory) -> Run:
    feeds = [hostile.feed_urls[name] for name in FEED_CASES]
    run = run_pipeline(
        tmp_path_factory.mktemp("feeds"), feeds, hostile.allow_addresses, watch=hostile
    )
    # The feed fetches are serial per worker: each may take one full deadline at most.
    assert_run_is_sound(run, hostile, budget_s=deadline_s({}) * 2)
    return run


def test_feeds_run_accounts_for_every_entry(feeds_run: Run, hostile: HostileNewsroom) -> None:
    counts = feeds_run.counts
    statuses = {urlsplit(f["feed_url"]).path: f for f in feeds_run.manifest["feeds"]}
    entries = sum(f["entries"] for f in statuses.values())
    assert counts["entries_seen"] == entries
    assert counts["feed_dead_letter"] == 4  # empty, html, huge, endless
    assert feeds_run.manifest["feed_dead_letter_by_reason"] == {
        "empty_feed": 1,
        "not_a_feed": 1,
        "too_large": 2,
    }
    for path, status in statuses.items():
        expected = hostile.expect(path)
        assert expected is not None
        if expected.outcome == "feed_failed":
            assert (status["status"], status["reason"]) == ("failed", expected.reason), path
        elif expected.outcome == "feed_read":
            assert status["status"] in ("ok", "malformed"), path
        else:
            assert status["status"] == expected.outcome.removeprefix("feed_"), path


@pytest.mark.parametrize("fmt", VALID_FORMATS)
def test_valid_feed_formats_give_records(feeds_run: Run, hostile: HostileNewsroom, fmt: str):
    url = hostile.feed_urls[fmt]
    status = feeds_run.feed(url)
    assert status["status"] == "ok" and status["entries"] == 2
    assert status["version"] == {"rss091": "rss091u"}.get(fmt, fmt)
    records = [r["data"] for r in feeds_run.records if r["data"]["feed_url"] == url]
    assert len(records) == 2
    for data in records:
        assert data["language"] == "en"
        assert data["word_count"] > 100
        assert data["article_id"] == article_id(canonicalize(data["url"]))


def test_record_ids_are_stable_across_runs(
    feeds_run: Run, hostile: HostileNewsroom, tmp_path: Path
) -> None:
    feeds = [hostile.feed_urls[name] for name in VALID_FORMATS]
    again = run_pipeline(tmp_path, feeds, hostile.allow_addresses)
    assert_run_is_sound(again, hostile, budget_s=deadline_s({}))
    first = {
        r["id"]: r["data"]["article_id"]
        for r in feeds_run.records
        if r["data"]["feed_url"] in feeds
    }
    second = {r["id"]: r["data"]["article_id"] for r in again.records}
    assert len(first) == 12
    assert first == second


@pytest.mark.parametrize(("name", "reason"), [("empty", "empty_feed"), ("html", "not_a_feed")])
def test_empty_and_html_feeds_are_feed_dead_letters(
    feeds_run: Run, hostile: HostileNewsroom, name: str, reason: str
) -> None:
    url = hostile.feed_urls[name]
    [dead] = [d for d in feeds_run.dead if d["url"] == url]
    assert (dead["stage"], dead["reason"], dead["entry_level"]) == ("feed", reason, False)
    assert dead["feed_url"] == url
    assert feeds_run.feed(url)["status"] == "failed"


def test_truncated_feed_keeps_entries_and_is_counted_malformed(
    feeds_run: Run, hostile: HostileNewsroom
) -> None:
    status = feeds_run.feed(hostile.feed_urls["truncated"])
    assert status["status"] == "malformed" and status["message"]
    assert status["entries"] >= 2
    for slug in ("story-10", "story-11"):
        assert feeds_run.record(hostile.url(f"/articles/{slug}")) is not None
    # The entry cut inside its title has no link: it may be reported, never fetched.
    assert feeds_run.seen.hits("/articles/story-12") == 0


def test_entity_attacks_are_not_expanded_read_or_fetched(
    feeds_run: Run, hostile: HostileNewsroom
) -> None:
    for name in ("billion-laughs", "xxe-file", "xxe-url"):
        assert feeds_run.feed(hostile.feed_urls[name])["status"] in ("ok", "malformed")
    lol = feeds_run.record(hostile.url("/articles/story-14"))
    assert lol is not None and "lollol" not in json.dumps(lol)
    assert feeds_run.record(hostile.url("/articles/story-13")) is not None
    for slug in ("story-15", "story-16"):
        data = feeds_run.record(hostile.url(f"/articles/{slug}"))
        assert data is not None
        assert "root:" not in json.dumps(data) and "/bin/" not in json.dumps(data)
    assert hostile.internal_hits == 0
    # And it is quick: the parser neither expands nor fetches (well under a second).
    for name in ("billion-laughs", "xxe-file", "xxe-url"):
        body, ctype = fetch_bytes(hostile.feed_urls[name])
        started = time.monotonic()
        parsed = parse_feed(body, hostile.feed_urls[name], content_type=ctype)
        assert time.monotonic() - started < 1.0
        assert len(json.dumps([dataclasses.asdict(e) for e in parsed.entries])) < 10_000
    assert hostile.internal_hits == 0


def test_wrong_charset_feed_gives_valid_utf8(feeds_run: Run, hostile: HostileNewsroom) -> None:
    data = feeds_run.record(hostile.url("/articles/story-17"))
    assert data is not None
    assert data["title"] == WRONG_CHARSET_TITLE  # decoded as what it is, not as declared


def test_control_characters_in_feeds_are_removed(feeds_run: Run, hostile: HostileNewsroom) -> None:
    first = feeds_run.record(hostile.url("/articles/story-18"))
    second = feeds_run.record(hostile.url("/articles/story-19"))
    assert first is not None and second is not None
    for data in (first, second):
        assert not CONTROL_CHARS & set(data["title"] + (data["summary"] or ""))
    assert "Tide" in first["title"] and "December" in first["title"]


def test_unfetchable_links_are_dead_letters_and_never_fetched(
    feeds_run: Run, hostile: HostileNewsroom
) -> None:
    url = hostile.feed_urls["bad-links"]
    entry_dead = [d for d in feeds_run.dead if d["feed_url"] == url and d["stage"] == "entry"]
    reasons = sorted(d["reason"] for d in entry_dead)
    assert reasons == ["bad_scheme"] * 4 + ["no_url"] * 2
    schemes = sorted(urlsplit(d["url"]).scheme for d in entry_dead if d["reason"] == "bad_scheme")
    assert schemes == ["data", "file", "javascript", "mailto"]
    assert all(d["attempts"] in (None, 0) and d["entry_level"] for d in entry_dead)
    for path in ("/never/js", "/never/file", "/never/data"):
        assert feeds_run.seen.hits(path) == 0
    # Nothing but feeds, robots.txt and the article pages the feeds link over http was asked for.
    fetched = set(feeds_run.seen.request_counts())
    assert all(
        p.startswith(("/feeds/", "/articles/", "/undated/", "/robots.txt")) for p in fetched
    )
    assert feeds_run.record(hostile.url("/articles/story-20")) is not None


def test_missing_unparseable_and_future_dates_are_null_or_flagged(
    feeds_run: Run, hostile: HostileNewsroom
) -> None:
    def published(slug: str) -> tuple[str | None, list[str]]:
        data = feeds_run.record(hostile.url(f"/undated/{slug}"))
        assert data is not None, slug
        return data["published_at"], data["provenance"]["published_at"]["flags"]

    assert published("story-21")[0] is None  # no date anywhere
    assert published("story-22")[0] is None  # "the day after the storm"
    future, flags = published("story-23")  # 2099
    assert future is None and "feed_in_future" in flags
    assert published("story-24")[0] == "2026-11-26T08:00:00Z"


def test_same_article_under_variants_gives_one_record(
    feeds_run: Run, hostile: HostileNewsroom
) -> None:
    url = hostile.feed_urls["duplicates"]
    assert feeds_run.feed(url)["entries"] == 5
    records = [r for r in feeds_run.records if r["data"]["feed_url"] == url]
    assert len(records) == 1
    assert feeds_run.counts["filtered"] == 4
    assert feeds_run.seen.hits("/articles/story-25") == 1


def test_oversized_feeds_stop_at_the_cap(feeds_run: Run, hostile: HostileNewsroom) -> None:
    cap = BASE_SETTINGS["feeds.max_bytes"]
    messages = {}
    for name in ("huge", "endless"):
        url = hostile.feed_urls[name]
        [dead] = [d for d in feeds_run.dead if d["url"] == url]
        assert (dead["stage"], dead["reason"], dead["entry_level"]) == ("feed", "too_large", False)
        messages[name] = dead["message"]
        # Bounded reading: the server got to write at most the cap plus socket buffers,
        # far from the 200 MB (or endless) document.
        assert feeds_run.seen.bytes_sent.get(urlsplit(url).path, 0) < cap + 16 * MiB
    assert "declares" in messages["huge"]  # refused before reading
    assert "after decoding" in messages["endless"]  # read up to the cap, then stopped
    assert feeds_run.peak_growth_mib < PEAK_GROWTH_LIMIT_MIB


# --------------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------------

HTTP_SETTINGS: dict[str, Any] = {
    # One lane per entry: the slow endpoints of this one host must not queue behind each other.
    "fetch.per_host_concurrency": 64,
    "fetch.concurrency": 64,
    # Robots rules get their own run below; the black hole has no robots.txt to ask.
    "fetch.respect_robots": "false",
}


@pytest.fixture(scope="module")
def http_run(hostile: HostileNewsroom, tmp_path_factory: pytest.TempPathFactory) -> Run:
    extra = hostile.add_feed("http-extra", ["/extract/long-line"])
    run = run_pipeline(
        tmp_path_factory.mktemp("http"),
        [hostile.feed_urls["http"], extra],
        [*hostile.allow_addresses, hostile.connect_timeout_address],
        HTTP_SETTINGS,
        watch=hostile,
    )
    # Every entry has its own lane, so the run takes about one worst-case fetch (plus the
    # one-second Retry-After the 429 endpoint asks for, which holds off the whole host).
    assert_run_is_sound(run, hostile, budget_s=deadline_s(HTTP_SETTINGS) + 1)
    return run


def http_links(hostile: HostileNewsroom) -> list[str]:
    body, _ = fetch_bytes(hostile.feed_urls["http"])
    return [e.link for e in parse_feed(body, hostile.feed_urls["http"]).entries if e.link]


def test_http_run_matches_the_expected_table(http_run: Run, hostile: HostileNewsroom) -> None:
    links = http_links(hostile)
    assert len(links) == http_run.counts["entries_seen"] - 1  # plus the http-extra entry
    for link in links:
        expected = hostile.expect(link)
        assert expected is not None, link
        if expected.outcome in ("record", "dead_letter"):
            assert http_run.outcome(link) == (expected.outcome, expected.reason), link
            if expected.stage:
                assert http_run.dead_letter(link)["stage"] == expected.stage, link
        else:
            assert http_run.outcome(link) == ("none", None), link
    assert http_run.counts["deferred"] == 2
    assert http_run.counts["skipped_robots"] == 0


@pytest.mark.parametrize(
    "path", ["/http/slow-drip", "/http/slow-headers", "/http/headers-never", "connect"]
)
def test_slow_servers_time_out_within_the_deadlines(
    http_run: Run, hostile: HostileNewsroom, path: str
) -> None:
    link = hostile.connect_timeout_url() if path == "connect" else hostile.url(path)
    dead = http_run.dead_letter(link)
    assert (dead["stage"], dead["reason"]) == ("fetch", "timeout")
    assert dead["attempts"] == BASE_SETTINGS["fetch.max_retries"] + 1  # retried, then given up
    if path == "connect":
        assert "connect timeout" in dead["message"]
    else:
        assert http_run.seen.hits(path) == dead["attempts"]


@pytest.mark.parametrize("path", ["/http/huge-length", "/http/endless-chunked"])
def test_oversized_bodies_are_too_large(http_run: Run, hostile: HostileNewsroom, path: str):
    dead = http_run.dead_letter(hostile.url(path))
    assert (dead["stage"], dead["reason"], dead["attempts"]) == ("fetch", "too_large", 1)
    assert http_run.seen.bytes_sent.get(path, 0) < BASE_SETTINGS["fetch.max_bytes"] + 16 * MiB
    if path == "/http/huge-length":
        assert "declares" in dead["message"]  # refused before reading the body
    assert http_run.peak_growth_mib < PEAK_GROWTH_LIMIT_MIB


@pytest.mark.parametrize(
    "path",
    [
        "/http/gzip-bomb",
        pytest.param(
            "/http/brotli-bomb",
            marks=pytest.mark.skipif(not HAVE_BROTLI, reason="brotli is not installed"),
        ),
        "/http/stacked-bomb",
    ],
)
def test_compression_bombs_stop_at_the_cap(http_run: Run, hostile: HostileNewsroom, path: str):
    dead = http_run.dead_letter(hostile.url(path))
    assert (dead["stage"], dead["reason"], dead["attempts"]) == ("fetch", "too_large", 1)
    # The compressed body is under the cap: it is the decoder that stopped, early enough
    # that the run's memory never held anything like the 1 GiB inside.
    assert "after decoding" in dead["message"]
    assert http_run.peak_growth_mib < PEAK_GROWTH_LIMIT_MIB


def test_stacked_encodings_are_decoded(http_run: Run, hostile: HostileNewsroom) -> None:
    data = http_run.record(hostile.url("/http/stacked-ok"))
    assert data is not None and "reading room" in data["text"]


@pytest.mark.parametrize(
    "spelling", ["internal", "decimal", "short", "hex", "octal", "mapped", "ipv6-loopback"]
)
def test_redirects_to_internal_addresses_are_blocked(
    http_run: Run, hostile: HostileNewsroom, spelling: str
) -> None:
    dead = http_run.dead_letter(hostile.url(f"/http/redirect/{spelling}"))
    assert (dead["stage"], dead["reason"]) == ("fetch", "blocked_address")
    assert str(hostile.internal_port) in dead["message"]
    assert hostile.internal_hits == 0


def test_redirect_to_a_file_url_is_refused(http_run: Run, hostile: HostileNewsroom) -> None:
    dead = http_run.dead_letter(hostile.url("/http/redirect/file"))
    assert (dead["stage"], dead["reason"]) == ("fetch", "bad_scheme")


@pytest.mark.parametrize("path", ["/http/redirect/loop", "/http/redirect/too-many"])
def test_redirect_loops_and_long_chains_are_too_many_redirects(
    http_run: Run, hostile: HostileNewsroom, path: str
) -> None:
    dead = http_run.dead_letter(hostile.url(path))
    assert (dead["stage"], dead["reason"]) == ("fetch", "too_many_redirects")
    assert dead["attempts"] == BASE_SETTINGS["fetch.max_redirects"] + 1


def test_short_redirect_chains_are_followed(http_run: Run, hostile: HostileNewsroom) -> None:
    data = http_run.record(hostile.url("/http/redirect/short-chain"))
    assert data is not None
    assert urlsplit(data["url"]).path == "/http/redirect/chain/0"


def test_tls_errors_are_not_retried_or_downgraded(http_run: Run, hostile: HostileNewsroom) -> None:
    dead = http_run.dead_letter(hostile.tls_url("/http/tls"))
    assert (dead["stage"], dead["reason"], dead["attempts"]) == ("fetch", "tls_error", 1)
    assert http_run.seen.tls_handshakes == 1  # one handshake, refused by the client
    assert [
        h for h in http_run.seen.requests if h.tls
    ] == []  # never a request without verification
    assert http_run.seen.hits("/http/tls") == 0  # nor over plain http


@pytest.mark.parametrize("path", ["/http/429-long", "/http/503-long"])
def test_long_retry_after_defers_the_item(http_run: Run, hostile: HostileNewsroom, path: str):
    assert http_run.outcome(hostile.url(path)) == ("none", None)
    assert http_run.seen.hits(path) == 1  # asked once, not hammered


def test_short_retry_after_is_waited_out(http_run: Run, hostile: HostileNewsroom) -> None:
    assert http_run.record(hostile.url("/http/429-then-200")) is not None
    arrivals = [h.started for h in http_run.seen.requests if h.path == "/http/429-then-200"]
    assert len(arrivals) == 2
    assert arrivals[1] - arrivals[0] >= 0.95  # Retry-After: 1


def test_503_then_200_is_retried(http_run: Run, hostile: HostileNewsroom) -> None:
    assert http_run.record(hostile.url("/http/503-then-200")) is not None
    assert http_run.seen.hits("/http/503-then-200") == 2


@pytest.mark.parametrize(
    ("path", "reason"), [("/http/404", "http_404"), ("/http/410", "http_410")]
)
def test_client_errors_are_not_retried(
    http_run: Run, hostile: HostileNewsroom, path: str, reason: str
) -> None:
    dead = http_run.dead_letter(hostile.url(path))
    assert (dead["reason"], dead["attempts"], dead["http_status"]) == (reason, 1, int(path[-3:]))
    assert http_run.seen.hits(path) == 1


def test_500_fails_after_every_attempt(http_run: Run, hostile: HostileNewsroom) -> None:
    dead = http_run.dead_letter(hostile.url("/http/500"))
    attempts = BASE_SETTINGS["fetch.max_retries"] + 1
    assert (dead["reason"], dead["attempts"], dead["http_status"]) == ("http_500", attempts, 500)
    assert http_run.seen.hits("/http/500") == attempts


def test_reset_mid_body_is_retried_and_never_stored_truncated(
    http_run: Run, hostile: HostileNewsroom
) -> None:
    dead = http_run.dead_letter(hostile.url("/http/reset-mid-body"))
    assert (dead["reason"], dead["attempts"]) == ("connection_error", 2)
    assert http_run.seen.hits("/http/reset-mid-body") == 2
    data = http_run.record(hostile.url("/http/reset-once"))
    assert data is not None
    assert http_run.seen.hits("/http/reset-once") == 2
    _, paragraphs = numbered_story(104)
    assert data["text"].rstrip().endswith(paragraphs[-1])  # the whole article, not half


@pytest.mark.parametrize("path", ["/http/pdf", "/http/image"])
def test_non_html_is_unsupported_content_type(http_run: Run, hostile: HostileNewsroom, path: str):
    dead = http_run.dead_letter(hostile.url(path))
    assert (dead["stage"], dead["reason"]) == ("extract", "unsupported_content_type")


def test_page_over_the_fetch_cap_is_too_large_at_fetch(
    http_run: Run, hostile: HostileNewsroom
) -> None:
    dead = http_run.dead_letter(hostile.url("/extract/long-line"))
    assert (dead["stage"], dead["reason"]) == ("fetch", "too_large")


# --------------------------------------------------------------------------------------------
# Robots
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def robots_run(hostile: HostileNewsroom, tmp_path_factory: pytest.TempPathFactory):
    settings = {"fetch.connect_timeout_s": 0.5}
    with (
        HostileNewsroom(robots="missing") as missing,
        HostileNewsroom(robots="error") as failing,
    ):
        feeds = [
            hostile.add_feed(
                "robots-rules",
                ["/private/ferry-timetable", "/articles/story-60", hostile.connect_timeout_url()],
            ),
            missing.add_feed("robots-missing", ["/private/harbour-lights", "/articles/story-61"]),
            failing.add_feed("robots-error", ["/articles/story-62", "/articles/story-63"]),
        ]
        allow = [
            *hostile.allow_addresses,
            hostile.connect_timeout_address,
            *missing.allow_addresses,
            *failing.allow_addresses,
        ]
        run = run_pipeline(
            tmp_path_factory.mktemp("robots"), feeds, allow, settings, watch=hostile
        )
        # robots.txt of the black hole: every attempt runs into the connect timeout.
        assert_run_is_sound(run, hostile, missing, failing, budget_s=deadline_s(settings) * 2)
        seen = {
            "rules": run.seen.request_counts() if run.seen else {},
            "missing": missing.request_counts(),
            "error": failing.request_counts(),
        }
    return run, seen


def test_robots_disallow_is_skipped_and_counted(robots_run, hostile: HostileNewsroom) -> None:
    run, seen = robots_run
    # /private/ on the "rules" host; both entries of the 5xx host; the unreachable host.
    assert run.counts["skipped_robots"] == 4
    assert run.counts["records"] == 3
    assert run.counts["dead_letter"] == 0
    assert "/private/ferry-timetable" not in seen["rules"]
    assert seen["rules"]["/robots.txt"] == 1  # fetched once per host
    assert run.record(hostile.url("/articles/story-60")) is not None


def test_robots_404_allows_everything(robots_run) -> None:
    _, seen = robots_run
    assert seen["missing"]["/robots.txt"] == 1
    assert seen["missing"]["/private/harbour-lights"] == 1
    assert seen["missing"]["/articles/story-61"] == 1


def test_robots_5xx_disallows_the_host_for_the_run(robots_run) -> None:
    _, seen = robots_run
    assert seen["error"]["/robots.txt"] == BASE_SETTINGS["fetch.max_retries"] + 1
    assert not any(path.startswith("/articles/") for path in seen["error"])


# --------------------------------------------------------------------------------------------
# Politeness: many URLs on one host
# --------------------------------------------------------------------------------------------

GAP_S = 0.2
# Server-side arrival times run a few milliseconds behind the client's reserved start times.
JITTER_S = 0.03


def _overlap(hits: list[Any]) -> int:
    """The most requests in progress at one moment."""
    events = sorted([(h.started, 1) for h in hits] + [(h.finished, -1) for h in hits])
    current = peak = 0
    for _, step in events:
        current += step
        peak = max(peak, current)
    return peak


def test_per_host_concurrency_and_gap_hold_without_slowing_other_hosts(tmp_path: Path) -> None:
    settings = {
        "fetch.per_host_concurrency": 1,
        "fetch.per_host_delay_s": GAP_S,
        "fetch.concurrency": 16,
    }
    with (
        HostileNewsroom(robots="allow", slow_article_delay_s=0.4) as slow,
        HostileNewsroom(robots="allow") as quick,
    ):
        feeds = [
            slow.add_feed("polite", [f"/slow-articles/story-{n}" for n in range(40, 48)]),
            quick.add_feed("brisk", [f"/articles/story-{n}" for n in range(50, 58)]),
        ]
        allow = [*slow.allow_addresses, *quick.allow_addresses]
        run = run_pipeline(tmp_path, feeds, allow, settings)
        # Host "slow": robots.txt + 8 pages of 0.4 s each, one after the other.
        assert_run_is_sound(run, slow, quick, budget_s=9 * 0.4 + 9 * GAP_S)
        slow_hits = [h for h in slow.requests if not h.path.startswith("/feeds/")]
        quick_hits = [h for h in quick.requests if not h.path.startswith("/feeds/")]
    assert run.counts["records"] == 16
    for hits in (slow_hits, quick_hits):
        assert len(hits) == 9
        assert _overlap(hits) == 1  # never two requests in flight to one host
        starts = [h.started for h in hits]
        gaps = [b - a for a, b in itertools.pairwise(starts)]
        assert min(gaps) >= GAP_S - JITTER_S, gaps
    # The quick host keeps its own pace while the slow one is still busy.
    slow_span = slow_hits[-1].started - slow_hits[0].started
    quick_span = quick_hits[-1].started - quick_hits[0].started
    assert slow_span >= 8 * 0.4
    assert quick_span < 8 * GAP_S + 1.0
    assert quick_hits[-1].started < slow_hits[-1].started
    assert quick_hits[0].started < slow_hits[0].started + 1.0


# --------------------------------------------------------------------------------------------
# Extraction and language
# --------------------------------------------------------------------------------------------

EXTRACT_SETTINGS: dict[str, Any] = {
    # Pages up to 16 MB are fetched, so the 15 MB page reaches the extraction cap; the
    # pathological pages (1 to 1.4 MB) pass it and run into the extraction deadline.
    "fetch.max_bytes": 16 * MiB,
    "extract.max_html_bytes": 2 * MiB,
    "extract.timeout_s": 1,
    "fetch.per_host_concurrency": 8,
}


@pytest.fixture(scope="module")
def extract_run(hostile: HostileNewsroom, tmp_path_factory: pytest.TempPathFactory) -> Run:
    run = run_pipeline(
        tmp_path_factory.mktemp("extract"),
        [hostile.feed_urls["extraction"]],
        hostile.allow_addresses,
        EXTRACT_SETTINGS,
        watch=hostile,
    )
    # Two pages hit the 1 s extraction deadline (plus a child process restart each).
    assert_run_is_sound(run, hostile, budget_s=deadline_s(EXTRACT_SETTINGS) + 2 * 3)
    return run


@pytest.mark.parametrize(
    "path",
    [
        "/extract/index",
        "/extract/empty",
        "/extract/script-only",
    ],
)
def test_pages_without_text_are_no_text(extract_run: Run, hostile: HostileNewsroom, path: str):
    assert extract_run.outcome(hostile.url(path)) == ("dead_letter", "no_text")
    assert extract_run.dead_letter(hostile.url(path))["stage"] == "extract"


@pytest.mark.parametrize("path", ["/extract/deep-nesting", "/extract/spans"])
def test_pathological_html_is_bounded_by_the_extraction_deadline(
    extract_run: Run, hostile: HostileNewsroom, path: str
) -> None:
    dead = extract_run.dead_letter(hostile.url(path))
    assert (dead["stage"], dead["reason"]) == ("extract", "extract_timeout")


def test_page_over_the_extraction_cap_is_too_large(
    extract_run: Run, hostile: HostileNewsroom
) -> None:
    dead = extract_run.dead_letter(hostile.url("/extract/long-line"))
    assert (dead["stage"], dead["reason"]) == ("extract", "too_large")


def test_extraction_survives_its_timeouts(extract_run: Run, hostile: HostileNewsroom) -> None:
    data = extract_run.record(hostile.url("/articles/library-roof"))
    assert data is not None and "reading room" in data["text"]


@pytest.mark.parametrize(
    "case",
    [
        "bom-vs-header",
        "utf16-bom",
        "header-vs-meta",
        "meta-only",
        "lying-header",
        "lying-meta",
    ],
)
def test_charset_confusion_gives_correct_text_or_a_flag(
    extract_run: Run, hostile: HostileNewsroom, case: str
) -> None:
    link = hostile.url(f"/extract/charset/{case}")
    data = extract_run.record(link)
    if data is None:  # refused loudly is acceptable too
        assert extract_run.dead_letters(link)
        return
    flags = [
        *data["provenance"]["language"]["flags"],
        *data["provenance"]["published_at"]["flags"],
    ]
    correct = CHARSET_TEXT in data["text"] and "\ufffd" not in data["text"]
    assert correct or any("charset" in f or "encoding" in f for f in flags), data["text"][:120]
    if correct:
        assert data["language"] == "fr"


@pytest.mark.parametrize("path", ["/extract/digits", "/extract/urls", "/extract/symbols"])
def test_featureless_text_is_language_und(extract_run: Run, hostile: HostileNewsroom, path: str):
    data = extract_run.record(hostile.url(path))
    assert data is not None
    assert data["language"] == "und" and data["language_confidence"] is None
    assert "text_too_short" in data["provenance"]["language"]["flags"]


def test_language_is_identical_across_runs_and_worker_processes(
    hostile: HostileNewsroom, tmp_path: Path
) -> None:
    feed = hostile.feed_urls["language"]
    modes = [
        ["--direct_num_workers", "2", "--direct_running_mode", "multi_processing"],
        [],
        ["--direct_num_workers", "2", "--direct_running_mode", "multi_processing"],
    ]
    results = []
    for index, beam_args in enumerate(modes):
        run = run_pipeline(tmp_path / str(index), [feed], hostile.allow_addresses, {}, beam_args)
        assert_run_is_sound(run, hostile, budget_s=deadline_s({}))
        assert run.manifest["beam_args"] == beam_args
        results.append({r["data"]["url"]: r["data"]["language"] for r in run.records})
    assert len(results[0]) == len(LANGUAGE_SAMPLES)
    assert results[0] == results[1] == results[2]
