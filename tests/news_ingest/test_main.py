"""End to end: the real launcher, a real HTTP server on 127.0.0.1, Beam's DirectRunner."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.core.accounting import identity_holds
from pipelines.core.records import RecordValidator
from pipelines.news_ingest.main import main
from testing.local_site import LocalSite, Reply
from tests.support import article_html, rss

WINDOW = ["--window-start", "2026-11-27T12:00:00Z", "--window-end", "2026-11-27T12:15:00Z"]
FAST = ["--set", "fetch.per_host_delay_s=0", "--set", "fetch.backoff_s=0.01"]


def newsroom(site: LocalSite) -> str:
    """A feed with good articles, an exact wire copy, a tracking-param repeat and bad items."""
    site.pages["/robots.txt"] = Reply(
        body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    site.pages["/en/ferries"] = Reply(body=article_html("Ferries return", "Night ferries"))
    site.pages["/en/bridge"] = Reply(body=article_html("Bridge opens", "The toll bridge"))
    # The same story as /en/ferries under another outlet's headline and page furniture.
    copy = article_html("Ferries return", "Night ferries").replace(b"Vell Valley Post", b"Other")
    site.pages["/other/ferry-copy"] = Reply(body=copy)
    site.pages["/fr/budget"] = Reply(
        body=(
            "<html lang='fr'><head><meta charset='utf-8'><title>Budget</title></head>"
            "<body><article>"
            + "".join(
                f"<p>Le conseil régional de la vallée de Vell a adopté jeudi soir, après "
                f"des heures de débat, un budget de transition numéro {i} pour l'année "
                f"prochaine.</p>"
                for i in range(5)
            )
            + "</article></body></html>"
        ).encode()
    )
    site.pages["/report.pdf"] = Reply(body=b"%PDF-1.4 not html", content_type="application/pdf")
    site.pages["/empty"] = Reply(body=b"<html><body></body></html>")
    site.pages["/private/memo"] = Reply(body=article_html("Memo", "Internal"))
    items = [
        {
            "title": "Ferries",
            "link": site.url("/en/ferries"),
            "guid": "1",
            "pubDate": "Thu, 26 Nov 2026 09:00:00 GMT",
        },
        {"title": "Ferries again", "link": site.url("/en/ferries?utm_source=rss#c"), "guid": "1b"},
        {"title": "Bridge", "link": site.url("/en/bridge"), "guid": "2"},
        {
            "title": "Copy",
            "link": site.url("/other/ferry-copy"),
            "guid": "3",
            "pubDate": "Thu, 26 Nov 2026 11:00:00 GMT",
        },
        {"title": "Budget", "link": site.url("/fr/budget"), "guid": "4"},
        {"title": "Gone", "link": site.url("/gone"), "guid": "5"},
        {"title": "PDF", "link": site.url("/report.pdf"), "guid": "6"},
        {"title": "Empty", "link": site.url("/empty"), "guid": "7"},
        {"title": "Private", "link": site.url("/private/memo"), "guid": "8"},
        {"title": "Script", "link": "javascript:alert(1)", "guid": "9"},
        {"title": "No link", "guid": "urn:x:10"},
    ]
    site.pages["/rss.xml"] = Reply(body=rss(items, "en"), content_type="application/rss+xml")
    site.pages["/broken.xml"] = Reply(body=b"<html><body>Not a feed</body></html>")
    return site.url("/rss.xml")


def read_lines(paths):
    return [json.loads(line) for p in paths for line in Path(p).read_text().splitlines()]


def run_cli(args):
    return main(["run", *args])


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    with LocalSite() as site:
        feed = newsroom(site)
        code = run_cli(
            [
                "--feed",
                feed,
                "--feed",
                site.url("/broken.xml"),
                "--output",
                str(out),
                "--allow-address",
                f"127.0.0.1:{site.port}",
                *WINDOW,
                *FAST,
            ]
        )
        hits = {path: site.hits(path) for path in ("/private/memo", "/robots.txt", "/en/ferries")}
    return out, code, hits


def test_run_succeeds_and_accounts_for_every_entry(first_run):
    out, code, _ = first_run
    assert code == 0
    manifest = json.loads((out / "_manifest.json").read_text())
    counts = manifest["counts"]
    assert manifest["status"] == "succeeded"
    assert counts["entries_seen"] == 11
    assert counts["records"] == 4
    assert counts["filtered"] == 1
    assert counts["skipped_robots"] == 1
    assert counts["dead_letter"] == 5
    assert counts["feed_dead_letter"] == 1
    assert identity_holds(counts) and manifest["identity_holds"]
    assert manifest["dead_letter_by_reason"] == {
        "bad_scheme": 1,
        "http_404": 1,
        "no_text": 1,
        "no_url": 1,
        "unsupported_content_type": 1,
    }
    assert manifest["feed_dead_letter_by_reason"] == {"not_a_feed": 1}
    assert manifest["languages"] == {"en": 3, "fr": 1}
    assert counts["duplicates"] == 1 and counts["duplicate_clusters"] == 1
    assert manifest["window"] == {"start": "2026-11-27T12:00:00Z", "end": "2026-11-27T12:15:00Z"}
    assert len(manifest["config_digest"]) == 64 and manifest["code_version"]
    statuses = {f["feed_url"].rsplit("/", 1)[1]: f["status"] for f in manifest["feeds"]}
    assert statuses == {"rss.xml": "ok", "broken.xml": "failed"}


def test_counts_come_from_the_runners_metrics_and_agree_with_the_tallies(first_run):
    out, _, _ = first_run
    manifest = json.loads((out / "_manifest.json").read_text())
    # run_counts adds a problem (and fails the run) if the two sources differ in any key.
    assert manifest["counts_source"] == "beam_metrics" and manifest["problems"] == []
    assert manifest["counts"]["truncated"] == 0 and manifest["truncated_feeds"] == {}


def test_a_feed_longer_than_the_cap_is_counted_truncated_and_warned(tmp_path, capsys):
    with LocalSite() as site:
        for i in range(6):
            site.pages[f"/s/{i}"] = Reply(body=article_html(f"Story {i}", f"Item {i} of the day"))
        items = [{"title": str(i), "link": site.url(f"/s/{i}"), "guid": str(i)} for i in range(6)]
        site.pages["/rss.xml"] = Reply(body=rss(items, "en"))
        code = run_cli(
            [
                "--feed",
                site.url("/rss.xml"),
                "--output",
                str(tmp_path),
                "--allow-address",
                f"127.0.0.1:{site.port}",
                "--set",
                "feeds.max_entries=4",
                *WINDOW,
                *FAST,
            ]
        )
        fetched = sorted(path for path in site.requests if path.startswith("/s/"))
    assert code == 0
    manifest = json.loads((tmp_path / "_manifest.json").read_text())
    counts = manifest["counts"]
    assert counts["entries_seen"] == 6 and counts["truncated"] == 2
    assert counts["records"] == 4 and identity_holds(counts) and manifest["identity_holds"]
    feed = manifest["feeds"][0]
    assert feed["entries"] == 4 and feed["truncated"] == 2
    assert manifest["truncated_feeds"] == {site.url("/rss.xml"): 2}
    assert fetched == ["/s/0", "/s/1", "/s/2", "/s/3"]  # the first four, in feed order
    out = " ".join(capsys.readouterr().out.split())
    assert "2 entries of" in out and "feeds.max_entries" in out
    assert "truncated" in out  # the outcome row of the summary table


def test_records_are_valid_and_copies_are_linked(first_run):
    out, _, hits = first_run
    files = sorted((out / "records").glob("*.jsonl"))
    assert [f.name for f in files] == ["part-20261127T1200Z-20261127T1215Z-00000-of-00001.jsonl"]
    records = read_lines(files)
    validator = RecordValidator()
    assert all(validator.errors(r) == [] for r in records)
    by_path = {r["data"]["url"].split(":", 2)[2].split("/", 1)[1]: r["data"] for r in records}
    original, copy = by_path["en/ferries"], by_path["other/ferry-copy"]
    assert original["duplicate_of"] is None
    assert copy["duplicate_of"] == original["article_id"] == copy["cluster_id"]
    assert original["published_at"] == "2026-11-26T09:00:00Z"
    assert original["provenance"]["published_at"]["source"] == "feed"
    assert by_path["en/bridge"]["provenance"]["published_at"]["source"] == "page"
    assert by_path["fr/budget"]["language"] == "fr"
    assert len({r["id"] for r in records}) == len(records)
    assert hits == {"/private/memo": 0, "/robots.txt": 1, "/en/ferries": 1}


def test_dead_letters_carry_stage_reason_and_url(first_run):
    out, _, _ = first_run
    dead = read_lines(sorted((out / "dead_letter").glob("*.jsonl")))
    keys = {"stage", "reason", "url", "feed_url", "error_type", "message", "attempts", "time"}
    assert all(keys <= set(d) for d in dead)
    by_reason = {d["reason"]: d for d in dead}
    assert by_reason["http_404"]["stage"] == "fetch"
    assert by_reason["http_404"]["attempts"] == 1
    assert by_reason["unsupported_content_type"]["stage"] == "extract"
    assert by_reason["not_a_feed"]["stage"] == "feed"


def window(start_minute):
    start = f"2026-11-27T12:{start_minute:02d}:00Z"
    end = f"2026-11-27T12:{start_minute + 15:02d}:00Z"
    return ["--window-start", start, "--window-end", end]


def feed_args(site, out):
    return [
        "--feed",
        site.url("/rss.xml"),
        "--output",
        str(out),
        "--allow-address",
        "127.0.0.1",
        *FAST,
    ]


def manifest_of(out):
    return json.loads((out / "_manifest.json").read_text())


def test_rerun_of_the_window_replaces_and_a_later_window_skips_seen(tmp_path):
    with LocalSite() as site:
        feed = newsroom(site)
        args = ["--feed", feed, "--output", str(tmp_path), "--allow-address", "127.0.0.0/8", *FAST]
        assert run_cli([*args, *WINDOW]) == 0
        first = sorted((tmp_path / "records").glob("*.jsonl"))
        ids = sorted(r["id"] for r in read_lines(first))
        # Same window again, with more shards: same records, old shard files replaced; the
        # rerun does not treat its own window's articles or feed body as already seen.
        assert run_cli([*args, *WINDOW, "--set", "sink.num_shards=2"]) == 0
        again = sorted((tmp_path / "records").glob("*.jsonl"))
        assert len(again) == 2 and not set(first) & set(again)
        assert sorted(r["id"] for r in read_lines(again)) == ids
        # The next window, feed body unchanged: no entry work at all.
        requests_before = len(site.requests)
        assert run_cli([*args, *window(15)]) == 0
        unchanged = manifest_of(tmp_path)
        assert [f["status"] for f in unchanged["feeds"]] == ["unchanged"]
        assert unchanged["counts"]["entries_seen"] == 0
        assert site.requests[requests_before:] == ["/rss.xml"]
        # A later window with one new item: earlier articles are skipped, the new one emitted.
        site.pages["/en/new"] = Reply(body=article_html("New", "Tram line"))
        site.pages["/rss.xml"] = Reply(
            body=site.pages["/rss.xml"].body.replace(
                b"</channel>",
                f"<item><link>{site.url('/en/new')}</link></item></channel>".encode(),
            )
        )
        assert run_cli([*args, *window(30)]) == 0
    manifest = manifest_of(tmp_path)
    assert manifest["counts"]["records"] == 1
    assert manifest["counts"]["skipped_seen"] == 4
    assert manifest["counts"]["entries_seen"] == 12
    assert manifest["identity_holds"]


def test_conditional_get_sends_validators_of_an_earlier_window(tmp_path):
    with LocalSite() as site:
        newsroom(site)
        validators = {"ETag": '"v1"', "Last-Modified": "Thu, 26 Nov 2026 09:00:00 GMT"}
        site.pages["/rss.xml"].headers.update(validators)
        args = feed_args(site, tmp_path)
        assert run_cli([*args, *window(0)]) == 0
        site.not_modified_if_none_match = '"v1"'
        assert run_cli([*args, *window(15)]) == 0
        assert [f["status"] for f in manifest_of(tmp_path)["feeds"]] == ["not_modified"]
        # Rerunning the first window ignores its own validators and reproduces its output.
        assert run_cli([*args, *window(0)]) == 0
        assert manifest_of(tmp_path)["counts"]["records"] == 4
    assert site.conditional_headers[0] == {}
    assert site.conditional_headers[1] == {
        "If-None-Match": '"v1"',
        "If-Modified-Since": validators["Last-Modified"],
    }
    assert site.conditional_headers[2] == {}


def test_deferred_items_are_retried_in_the_next_window(tmp_path):
    with LocalSite() as site:
        site.pages["/busy"] = Reply(429, b"slow down", headers={"Retry-After": "120"})
        site.pages["/ok"] = Reply(body=article_html("Ok", "Harbour"))
        site.pages["/rss.xml"] = Reply(
            body=rss(
                [
                    {"title": "Busy", "link": site.url("/busy"), "guid": "b"},
                    {"title": "Ok", "link": site.url("/ok"), "guid": "o"},
                ]
            )
        )
        args = feed_args(site, tmp_path)
        assert run_cli([*args, *window(0)]) == 0
        first = manifest_of(tmp_path)
        assert first["counts"]["deferred"] == 1 and first["identity_holds"]
        # The feed does not change, but the deferred entry is retried and now succeeds.
        site.pages["/busy"] = Reply(body=article_html("Busy", "Ferry timetable"))
        assert run_cli([*args, *window(15)]) == 0
        second = manifest_of(tmp_path)
        assert second["counts"]["deferred_retried"] == 1
        assert second["counts"]["entries_seen"] == 1 and second["counts"]["records"] == 1
        assert second["identity_holds"]
        # It is not retried again after that.
        assert run_cli([*args, *window(30)]) == 0
        assert manifest_of(tmp_path)["counts"]["entries_seen"] == 0


def test_too_many_dead_letters_fail_the_run(tmp_path):
    with LocalSite() as site:
        site.pages["/rss.xml"] = Reply(
            body=rss([{"title": str(i), "link": site.url(f"/gone/{i}")} for i in range(4)])
        )
        code = run_cli(
            [
                "--feed",
                site.url("/rss.xml"),
                "--output",
                str(tmp_path),
                "--allow-address",
                "127.0.0.1",
                *WINDOW,
                *FAST,
            ]
        )
    assert code == 1
    manifest = json.loads((tmp_path / "_manifest.json").read_text())
    assert manifest["status"] == "failed"
    assert "dead-letter ratio" in manifest["problems"][0]
    assert manifest["state_committed"] == {}


def test_loopback_is_refused_without_allow_address(tmp_path):
    with LocalSite() as site:
        site.pages["/a"] = Reply(body=article_html("A", "Trams"))
        feed = tmp_path / "feed.xml"
        feed.write_bytes(rss([{"title": "A", "link": site.url("/a")}]))
        code = run_cli(["--feed", str(feed), "--output", str(tmp_path / "out"), *WINDOW, *FAST])
        assert site.requests == []
    manifest = json.loads((tmp_path / "out" / "_manifest.json").read_text())
    assert manifest["dead_letter_by_reason"] == {"blocked_address": 1}
    assert code == 1  # the only entry failed: above the dead-letter ratio


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "fetch.timeout_s=-3"], "fetch.timeout_s: must be > 0"),
        (["--set", "nope.key=1"], "nope: unknown section"),
        (["--window-start", "2026-11-27T12:00:00Z"], "go together"),
        (
            ["--window-start", "2026-11-27T13:00", "--window-end", "2026-11-27T12:00"],
            "must be before",
        ),
        (["--window-start", "yesterday", "--window-end", "today"], "not an ISO 8601"),
        (["--allow-address", "not-an-address"], "--allow-address"),
        (["--config", "/nonexistent/config.yaml"], "config file"),
        (["--", "--no_such_beam_option", "1"], "unknown Beam pipeline option"),
        (["--state", "sqlite:///{tmp}/corrupt.db"], "corrupt"),
    ],
)
def test_bad_arguments_give_one_clear_line(tmp_path, capsys, args, message):
    (tmp_path / "corrupt.db").write_bytes(b"garbage" * 200)
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss([]))
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code = main(["run", "--feed", str(feed), "--output", str(tmp_path / "o"), *args])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("wirestream: error:") and message in err[0]
    assert not (tmp_path / "o" / "records").exists()


def test_no_feeds_is_a_config_error(capsys):
    assert main(["run"]) == 2
    assert "no feeds" in capsys.readouterr().err


def test_feeds_command_prints_entries_and_statuses(capsys):
    with LocalSite() as site:
        feed = newsroom(site)
        code = main(
            [
                "feeds",
                "--feed",
                feed,
                "--feed",
                site.url("/broken.xml"),
                "--allow-address",
                "127.0.0.1",
            ]
        )
        article_hits = [r for r in site.requests if not r.endswith(".xml")]
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert sum(1 for line in lines if line["type"] == "entry") == 11
    statuses = [line for line in lines if line["type"] == "feed_status"]
    assert [s["status"] for s in statuses] == ["ok", "failed"]
    assert statuses[1]["reason"] == "not_a_feed"
    assert article_hits == []  # never an article page


def test_module_entry_point_runs_with_multiprocess_workers(tmp_path):
    with LocalSite() as site:
        feed = newsroom(site)
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pipelines.news_ingest",
                "run",
                "--feed",
                feed,
                "--output",
                str(tmp_path),
                "--allow-address",
                "127.0.0.1",
                *WINDOW,
                *FAST,
                "--direct_num_workers",
                "2",
                "--direct_running_mode",
                "multi_processing",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    manifest = json.loads((tmp_path / "_manifest.json").read_text())
    assert manifest["counts"]["records"] == 4 and manifest["identity_holds"]
    assert manifest["languages"] == {"en": 3, "fr": 1}
    assert "entries seen" in proc.stdout
    # The run's INFO lines reach stderr (not swallowed by a handler an import installed).
    assert " INFO pipelines.transforms.extract: extraction " in proc.stderr, proc.stderr[-2000:]


@pytest.mark.parametrize(
    "runner",
    [
        "dask",
        "pipelines.runners.dask.DaskRunner",
        "apache_beam.runners.dask.dask_runner.DaskRunner",
    ],
)
def test_stream_refuses_a_batch_only_runner_before_anything_runs(tmp_path, capsys, runner):
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss([]))
    out = tmp_path / "o"
    code = main(["stream", "--feed", str(feed), "--output", str(out), "--runner", runner])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("wirestream: error: wirestream stream cannot run")
    assert "global window only" in err[0]
    assert not out.exists()


def test_the_dask_runner_without_dask_is_a_config_error(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss([]))
    code = (
        "import sys; sys.modules['dask'] = None\n"  # as if dask were not installed
        "from pipelines.news_ingest.main import main\n"
        f"sys.exit(main(['run', '--feed', {str(feed)!r}, '--output', {str(tmp_path / 'o')!r},"
        " '--runner', 'dask']))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    err = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, proc.stderr
    assert err[-1].startswith("wirestream: error: --runner pipelines.runners.dask.DaskRunner:")
    assert "pip install 'wirestream[dask]'" in err[-1]
    assert not (tmp_path / "o").exists()
