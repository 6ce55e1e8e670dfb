"""Test fixtures: story text, article HTML and RSS documents (fictional).

The loopback site that serves them is ``testing.local_site.LocalSite``.
"""

from __future__ import annotations

import random

_WORD_LIST = """
the council harbour ferry bridge valley assembly budget river road school hospital market
farmers weather storm minister mayor village town station museum library port said on Monday
after before during while because although would could should will has have had been was
were is are a an of in on at for with from by to and but or not new old public local regional
northern southern late early long short main final vote plan project report repairs opening
closure delay contract workers residents engineers officials police judges students teachers
nurses drivers traders visitors
"""
_STORY_WORDS = tuple(_WORD_LIST.split())


def story_text(topic: str, paragraphs: int = 5) -> list[str]:
    """Paragraphs of English words that depend on ``topic``: different topics give different
    texts (not near-duplicates of each other), the same topic the same text."""
    out = []
    for i in range(paragraphs):
        rng = random.Random(f"{topic}/{i}")
        words = " ".join(rng.choice(_STORY_WORDS) for _ in range(28))
        out.append(f"{topic}, part {i}: {words}.")
    return out


def article_html(title: str, topic: str, lang: str = "en", paragraphs: int = 5) -> bytes:
    """A fictional article page with navigation and footer boilerplate around the story."""
    body = "".join(f"<p>{p}</p>" for p in story_text(topic, paragraphs))
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta property="article:published_time" content="2026-11-26T10:00:00+01:00"></head>'
        "<body><nav><a href='/'>Home</a> · <a href='/world'>World</a></nav>"
        f"<div id='cookie'>We use cookies.</div><article><h1>{title}</h1>{body}</article>"
        "<aside>Related: other stories</aside><footer>© Vell Valley Post</footer></body></html>"
    ).encode()


def rss(items: list[dict[str, str]], language: str | None = None) -> bytes:
    """An RSS 2.0 document of the given items (title, link, guid, pubDate)."""
    parts = []
    for item in items:
        fields = "".join(f"<{k}>{v}</{k}>" for k, v in item.items())
        parts.append(f"<item>{fields}</item>")
    lang = f"<language>{language}</language>" if language else ""
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test</title>'
        f"{lang}{''.join(parts)}</channel></rss>"
    ).encode()
