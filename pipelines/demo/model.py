"""Data model of the bundled demo newsroom.

The demo newsroom is a set of fictional outlets whose pages and feeds are rendered from these
plain, immutable records (see ``pipelines.demo.content`` for the data and
``pipelines.demo.site`` for the rendering). Nothing here depends on the clock or on randomness,
so every render is byte-for-byte reproducible.

This module only defines types; it is imported, not run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

FeedFormat = Literal["rss20", "rss10", "atom10"]
"""Feed syndication formats, named like feedparser's ``version`` values."""

BrokenKind = Literal["not_found", "pdf", "empty_html", "redirect", "javascript_link", "no_link"]
"""Kinds of deliberately broken (or unusual) feed entries."""


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """Builds an aware UTC datetime; all demo timestamps are fixed, never "now".

    Args:
        year: Calendar year.
        month: Month (1-12).
        day: Day of month.
        hour: Hour (0-23).
        minute: Minute (0-59).

    Returns:
        The timezone-aware datetime in UTC.
    """
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@dataclass(frozen=True)
class Outlet:
    """A fictional news outlet served on its own host:port.

    Attributes:
        id: Stable identifier, also the key of ``bases`` and of ``build_site``'s result.
        name: Display name (masthead).
        language: Language of the site chrome (navigation, footer) as an ISO 639-1 code.
        locale: OpenGraph locale of the chrome, e.g. ``en_GB``.
        kind: Short description, e.g. ``"wire agency"`` or ``"regional daily"``.
        city: Fictional home town.
        tagline: Masthead tagline.
        utc_offset_hours: Offset used when printing local times on pages; feeds and meta tags
            carry the same instants, so a pipeline can check its timezone handling.
    """

    id: str
    name: str
    language: str
    locale: str
    kind: str
    city: str
    tagline: str
    utc_offset_hours: int = 0


@dataclass(frozen=True)
class Comment:
    """A reader comment shown under an article on outlets that have a comments section."""

    author: str
    posted: datetime
    text: str


@dataclass(frozen=True)
class Article:
    """One article page of one outlet.

    Attributes:
        id: Unique article identifier (unique across the whole newsroom).
        outlet: Outlet id.
        language: ISO 639-1 code of the article text.
        section: Section name as displayed by the outlet, in the outlet's language.
        headline: Headline; differs between copies of the same wire story.
        standfirst: One-sentence summary, used for feed descriptions and meta descriptions.
        paragraphs: Body paragraphs; identical between copies of the same wire story.
        author: Byline name.
        published: First publication time (UTC).
        path: Request path on the outlet's host, with a leading ``/`` and no query.
        categories: Feed categories / keywords.
        updated: Last update time (UTC), if the page shows one.
        wire_group: Shared by every copy whose body is identical (syndicated wire story).
        near_duplicate_of: Wire group that this lightly rewritten copy was derived from.
        credit: Agency credit shown next to the byline on republished wire copies.
        comments: Reader comments rendered on outlets with a comments section.
    """

    id: str
    outlet: str
    language: str
    section: str
    headline: str
    standfirst: str
    paragraphs: tuple[str, ...]
    author: str
    published: datetime
    path: str
    categories: tuple[str, ...]
    updated: datetime | None = None
    wire_group: str | None = None
    near_duplicate_of: str | None = None
    credit: str | None = None
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class BrokenItem:
    """A feed entry whose target is not a normal article page.

    Attributes:
        id: Unique identifier.
        outlet: Outlet id.
        kind: What is wrong with the entry (see ``BrokenKind``).
        title: Entry title in the feed.
        summary: Entry description in the feed.
        author: Entry author in the feed.
        published: Entry date in the feed, if any.
        categories: Entry categories in the feed.
        path: Request path the entry links to (``None`` when the link is missing or is not
            an http(s) URL).
        link: Literal link for entries whose link is not built from ``path`` (``javascript:``).
        target: Article id that a redirect points at.
    """

    id: str
    outlet: str
    kind: BrokenKind
    title: str
    summary: str
    author: str
    published: datetime | None
    categories: tuple[str, ...]
    path: str | None = None
    link: str | None = None
    target: str | None = None


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed, pointing at an article or a broken item.

    Attributes:
        guid: Entry guid / Atom id / RSS 1.0 ``rdf:about`` suffix; unique within the feed.
        ref: Id of an ``Article`` or ``BrokenItem``.
        tracking: Query string and fragment appended to the article link, making a second
            entry whose URL differs only by tracking parameters (a duplicate URL).
        dated: Whether the entry carries a date; undated entries rely on the page's date.
    """

    guid: str
    ref: str
    tracking: str = ""
    dated: bool = True


@dataclass(frozen=True)
class FeedSpec:
    """A feed of one outlet.

    Attributes:
        outlet: Outlet id.
        path: Request path of the feed.
        format: Syndication format.
        title: Feed title.
        description: Feed description / subtitle.
        language: Declared feed language, if the feed declares one.
        entries: Entries in document order.
    """

    outlet: str
    path: str
    format: FeedFormat
    title: str
    description: str
    language: str | None
    entries: tuple[FeedEntry, ...]
