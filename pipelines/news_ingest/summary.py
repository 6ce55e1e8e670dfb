"""The closing summary of a run: outcomes, languages, duplicates, dead letters, the most named
places and actors, feeds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from pipelines.core.accounting import IDENTITY_TERMS


def print_summary(manifest: dict[str, Any], output: Path, console: Console | None = None) -> None:
    """Prints the summary tables of a manifest to stdout."""
    console = console or Console(soft_wrap=True)
    counts = manifest["counts"]
    outcomes = Table(title=f"wirestream run {manifest['window_tag']} — {manifest['status']}")
    outcomes.add_column("outcome")
    outcomes.add_column("count", justify="right")
    outcomes.add_row("entries seen", str(counts["entries_seen"]))
    for key in IDENTITY_TERMS:
        outcomes.add_row(f"  {key.replace('_', ' ')}", str(counts[key]))
    outcomes.add_row("duplicate records (linked)", str(counts["duplicates"]))
    outcomes.add_row("duplicate clusters", str(counts["duplicate_clusters"]))
    outcomes.add_row("feed-level dead letters", str(counts["feed_dead_letter"]))
    if counts.get("event_extraction_failed"):
        outcomes.add_row(
            "records with a failed event field", str(counts["event_extraction_failed"])
        )
    console.print(outcomes)

    details = Table(title="languages and dead letters")
    details.add_column("kind")
    details.add_column("value")
    details.add_column("count", justify="right")
    for lang, n in manifest["languages"].items():
        details.add_row("language", lang, str(n))
    for reason, n in manifest["dead_letter_by_reason"].items():
        details.add_row("dead letter", reason, str(n))
    for reason, n in manifest["feed_dead_letter_by_reason"].items():
        details.add_row("feed dead letter", reason, str(n))
    console.print(details)

    if manifest.get("top_places") or manifest.get("top_actors"):
        named = Table(title="most named places and actors (records naming them)")
        named.add_column("kind")
        named.add_column("name")
        named.add_column("records", justify="right")
        for name, n in manifest.get("top_places", {}).items():
            named.add_row("place", name, str(n))
        for name, n in manifest.get("top_actors", {}).items():
            named.add_row("actor", name, str(n))
        for name, n in manifest.get("event_types", {}).items():
            named.add_row("event type", name, str(n))
        console.print(named)

    feeds = Table(title="feeds")
    feeds.add_column("feed")
    feeds.add_column("status")
    feeds.add_column("entries", justify="right")
    for feed in manifest["feeds"]:
        status = feed["status"] + (f" ({feed['reason']})" if feed.get("reason") else "")
        feeds.add_row(feed["feed_url"], status, str(feed["entries"]))
    console.print(feeds)

    for feed_url, n in manifest.get("truncated_feeds", {}).items():
        console.print(
            f"[bold yellow]warning:[/] {n} entries of {feed_url} not read: the feed lists more "
            "than feeds.max_entries (raise it with --set feeds.max_entries=N)"
        )
    identity = "holds" if manifest["identity_holds"] else "DOES NOT HOLD"
    console.print(f"accounting identity {identity}; output in {output}")
    for problem in manifest["problems"]:
        console.print(f"[bold red]run failed:[/] {problem}")
