"""Two-run tests: state across windows on a real SQLite file and a real PostgreSQL server.

Run 1 and run 2 read overlapping feeds from a loopback server: run 2 emits only new articles
and revisions, its copies of run-1 stories join the run-1 clusters, and reruns reproduce.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pytest

from pipelines.core.accounting import identity_holds
from pipelines.news_ingest.main import main
from testing.local_site import LocalSite, Reply
from tests.support import rss, story_text

FAST = ["--set", "fetch.per_host_delay_s=0", "--set", "fetch.respect_robots=false"]
STORM = story_text("Storm Bracken", 8)
VOTE = story_text("Assembly vote", 6)
BRIDGE = story_text("Bridge tolls", 6)
MUSEUM = story_text("Museum roof", 6)


def window(day: int, minute: int = 0) -> list[str]:
    start = f"2026-11-{day:02d}T12:{minute:02d}:00Z"
    end = f"2026-11-{day:02d}T12:{minute + 15:02d}:00Z"
    return ["--window-start", start, "--window-end", end]


def page(title: str, paragraphs: list[str], outlet: str) -> Reply:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    html = (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"</head><body><nav><a href='/'>{outlet}</a></nav><article><h1>{escape(title)}</h1>"
        f"{body}</article><footer>© {outlet}</footer></body></html>"
    )
    return Reply(body=html.encode())


def copy_of(paragraphs: list[str], keep: int, local: str) -> list[str]:
    """An outlet's edit of a wire story: dateline, the first ``keep`` paragraphs, local news."""
    return ["SKARNVIK (Wire) - " + paragraphs[0], *paragraphs[1:keep], local]


def item(site: LocalSite, path: str, title: str, date: str) -> dict[str, str]:
    return {"title": title, "link": site.url(path), "guid": path, "pubDate": date}


def publish(site: LocalSite, feed: str, items: list[dict[str, str]]) -> None:
    site.pages[feed] = Reply(body=rss(items, "en"), content_type="application/rss+xml")


class Newsroom:
    """Two outlets on one server: the wire's own feed and a regional paper that copies it."""

    def __init__(self, site: LocalSite) -> None:
        self.site = site
        site.pages["/wire/storm"] = page("Storm hits islands", STORM, "Wire")
        site.pages["/wire/vote"] = page("Assembly votes", VOTE, "Wire")
        site.pages["/post/storm"] = page(
            "Islands battered", copy_of(STORM, 6, "Readers in Millbrook sent photos."), "Post"
        )
        site.pages["/post/museum"] = page("Museum roof", MUSEUM, "Post")
        self.wire = [
            item(site, "/wire/storm", "Storm hits islands", "Fri, 27 Nov 2026 08:00:00 GMT"),
            item(site, "/wire/vote", "Assembly votes", "Fri, 27 Nov 2026 09:00:00 GMT"),
        ]
        self.post = [
            item(site, "/post/storm", "Islands battered", "Fri, 27 Nov 2026 10:00:00 GMT"),
            item(site, "/post/museum", "Museum roof", "Fri, 27 Nov 2026 10:30:00 GMT"),
        ]
        self.publish()

    def publish(self) -> None:
        publish(self.site, "/wire.xml", self.wire)
        publish(self.site, "/post.xml", self.post)

    def second_day(self) -> None:
        """New articles, a late copy of the storm story, a revised and a re-dated article."""
        site = self.site
        site.pages["/wire/bridge"] = page("Bridge tolls", BRIDGE, "Wire")
        site.pages["/post/storm-latest"] = page(
            "Storm: the clean-up",
            copy_of(STORM, 5, "The Millbrook ferry ran again on Saturday."),
            "Post",
        )
        update = "UPDATE: the count was corrected to 41 votes to 38 on Saturday."
        site.pages["/wire/vote"] = page("Assembly votes", [*VOTE, update], "Wire")
        self.wire = [
            item(site, "/wire/bridge", "Bridge tolls", "Sat, 28 Nov 2026 08:00:00 GMT"),
            item(site, "/wire/storm", "Storm hits islands", "Fri, 27 Nov 2026 08:00:00 GMT"),
            # The entry changes (new title) and so does the text: a revision.
            item(
                site, "/wire/vote", "Assembly votes (corrected)", "Fri, 27 Nov 2026 09:00:00 GMT"
            ),
        ]
        self.post = [
            item(site, "/post/storm-latest", "Clean-up", "Sat, 28 Nov 2026 09:00:00 GMT"),
            item(site, "/post/storm", "Islands battered", "Fri, 27 Nov 2026 10:00:00 GMT"),
            # The entry changes (new title), the text does not: fetched again, skipped.
            item(site, "/post/museum", "Museum roof (photos)", "Fri, 27 Nov 2026 10:30:00 GMT"),
        ]
        self.publish()


def run(site: LocalSite, out: Path, state: str | None, when: list[str], *extra: str) -> int:
    args = ["run", "--feed", site.url("/wire.xml"), "--feed", site.url("/post.xml")]
    args += ["--output", str(out), "--allow-address", "127.0.0.1", *FAST, *when, *extra]
    if state:
        args += ["--state", state]
    return main(args)


def manifest(out: Path) -> dict:
    return json.loads((out / "_manifest.json").read_text())


def records(out: Path, when: list[str]) -> dict[str, dict]:
    tag = manifest(out)["window_tag"]
    lines = [
        json.loads(line)
        for path in sorted((out / "records").glob(f"part-{tag}-*.jsonl"))
        for line in path.read_text().splitlines()
    ]
    return {r["data"]["url"].rsplit(":", 1)[1].split("/", 1)[1]: r for r in lines}


@pytest.fixture(params=["sqlite", "postgresql"])
def state_uri(request, tmp_path) -> str | None:
    if request.param == "sqlite":
        return None  # the default: sqlite:///OUT/_state/state.db
    return request.getfixturevalue("postgres_uri")


def test_second_run_emits_only_new_articles_and_revisions(tmp_path, state_uri):
    out = tmp_path / "out"
    with LocalSite() as site:
        newsroom = Newsroom(site)
        assert run(site, out, state_uri, window(27)) == 0
        first = records(out, window(27))
        assert set(first) == {"wire/storm", "wire/vote", "post/storm", "post/museum"}
        storm_id = first["wire/storm"]["data"]["article_id"]
        assert first["post/storm"]["data"]["duplicate_of"] == storm_id

        newsroom.second_day()
        assert run(site, out, state_uri, window(28)) == 0
        second = records(out, window(28))
        counts = manifest(out)["counts"]
        # New: the bridge story and the late storm copy; revised: the vote.
        assert set(second) == {"wire/bridge", "post/storm-latest", "wire/vote"}
        assert counts["skipped_seen"] == 3 and counts["revisions"] == 1
        assert identity_holds(counts) and counts["entries_seen"] == 6
        # The late copy joins the first run's cluster.
        late = second["post/storm-latest"]["data"]
        assert late["cluster_id"] == storm_id == late["duplicate_of"]
        assert 0.5 <= late["similarity"] < 1.0
        # The revision: same article, new record id, pointing at the record it revises.
        vote, old_vote = second["wire/vote"], first["wire/vote"]
        assert vote["data"]["article_id"] == old_vote["data"]["article_id"]
        assert vote["id"] != old_vote["id"] and vote["data"]["revision_of"] == old_vote["id"]
        assert vote["data"]["cluster_id"] == old_vote["data"]["cluster_id"]
        assert "corrected to 41 votes" in vote["data"]["text"]

        # Rerunning the second window reproduces it (its own first attempt is not "seen").
        assert run(site, out, state_uri, window(28)) == 0
        again = records(out, window(28))
        assert {k: r["id"] for k, r in again.items()} == {k: r["id"] for k, r in second.items()}
        assert manifest(out)["counts"] == counts


def test_a_failed_run_does_not_mark_articles_as_seen(tmp_path):
    out = tmp_path / "out"
    with LocalSite() as site:
        Newsroom(site)
        site.pages["/post/museum"] = Reply(404, b"gone")
        failing = ["--set", "sink.dead_letter_max_ratio=0.1"]
        assert run(site, out, None, window(27), *failing) == 1
        assert manifest(out)["state_committed"] == {}
        assert run(site, out, None, window(28)) == 0
        assert manifest(out)["counts"]["skipped_seen"] == 0
        assert manifest(out)["counts"]["records"] == 3


def test_drop_duplicates_writes_one_record_per_story(tmp_path):
    out = tmp_path / "out"
    with LocalSite() as site:
        newsroom = Newsroom(site)
        drop = ["--set", "dedup.drop_duplicates=true"]
        assert run(site, out, None, window(27), *drop) == 0
        assert set(records(out, window(27))) == {"wire/storm", "wire/vote", "post/museum"}
        counts = manifest(out)["counts"]
        assert counts["duplicates_dropped"] == 1 and counts["filtered"] == 1
        assert identity_holds(counts)
        # The dropped copy is still known: next day it is skipped, not emitted.
        newsroom.second_day()
        assert run(site, out, None, window(28), *drop) == 0
        assert set(records(out, window(28))) == {"wire/bridge", "wire/vote"}
        assert manifest(out)["counts"]["duplicates_dropped"] == 1


def test_a_missing_state_store_fails_instead_of_re_emitting_history(tmp_path, capsys):
    out = tmp_path / "out"
    with LocalSite() as site:
        Newsroom(site)
        assert run(site, out, None, window(27)) == 0
        (out / "_state" / "state.db").unlink()
        capsys.readouterr()
        assert run(site, out, None, window(28)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "state store" in err[0] and "is missing" in err[0]


def test_articles_no_longer_listed_are_pruned_after_the_retention_horizon(tmp_path):
    out = tmp_path / "out"
    with LocalSite() as site:
        newsroom = Newsroom(site)
        assert run(site, out, None, window(27)) == 0
        newsroom.wire = newsroom.wire[:1]  # the vote is no longer listed anywhere
        newsroom.publish()
        keep = ["--set", "dedup.retention_days=0.5"]
        assert run(site, out, None, window(28), *keep) == 0
        # Listed again on the 28th (the wire's storm story as an entry, the Post's feed did not
        # change at all): kept. The vote was last listed on the 27th, more than half a day
        # before: forgotten.
        committed = manifest(out)["state_committed"]
        assert committed["pruned"] == 1
        assert committed["still_listed"] == 1 and committed["unchanged_feeds"] == 1
        assert [f["status"] for f in manifest(out)["feeds"]] == ["unchanged", "ok"]
