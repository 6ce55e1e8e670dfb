"""Renders the demo newsroom (pages, feeds, broken items) to bytes.

``build_site(bases)`` turns the fictional content of ``pipelines.demo.content`` into a map of
outlet id -> request path -> ``Page``. Every outlet has its own page template (masthead,
navigation, cookie banner, related links, newsletter box, footer, sometimes reader comments),
because extraction has to cope with boilerplate that differs between sites while the article
text stays the same. Links are absolute and use the base URL of the outlet they point to, so
each outlet can be served on its own port.

The output is deterministic: no clock, no randomness, stable ordering.

This module only builds bytes; to serve them run ``python -m pipelines.demo.server``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any, NamedTuple

from pipelines.demo.content import (
    ARTICLES_BY_ID,
    BROKEN_BY_ID,
    BROKEN_ITEMS,
    FEEDS,
    OUTLET_LIST,
    OUTLETS_BY_ID,
    articles_of,
    feeds_of,
)
from pipelines.demo.model import Article, BrokenItem, FeedEntry, FeedSpec, Outlet

OUTLETS: tuple[str, ...] = tuple(o.id for o in OUTLET_LIST)
"""Outlet ids, in a stable order."""

HTML_TYPE = "text/html; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"
PDF_TYPE = "application/pdf"
FEED_TYPES = {
    "rss20": "application/rss+xml; charset=utf-8",
    "rss10": "application/rdf+xml; charset=utf-8",
    "atom10": "application/atom+xml; charset=utf-8",
}

ROBOTS_TXT = "User-agent: *\nDisallow: /private/\n"
"""Allows everything except ``/private/`` (so a crawler's robots handling can be checked)."""

# A tiny but well-formed one-page PDF: enough for content sniffing, no text to extract.
FAKE_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
    b"%%EOF\n"
)


class Page(NamedTuple):
    """One HTTP response of the demo site.

    Attributes:
        status: HTTP status code.
        content_type: Value of the Content-Type header.
        body: Response body.
        headers: Extra response headers (e.g. ``Location`` for redirects).
    """

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str]


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _local(dt: datetime, offset_hours: int) -> datetime:
    return dt.astimezone(timezone(timedelta(hours=offset_hours)))


_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
    "dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november "
    "december",
}
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _month(lang: str, dt: datetime) -> str:
    return _MONTHS[lang].split()[dt.month - 1]


def _slugify(text: str) -> str:
    keep = [c.lower() if c.isalnum() else "-" for c in text]
    return "-".join(part for part in "".join(keep).split("-") if part)


def _related(article: Article, limit: int = 4) -> list[Article]:
    """Other articles of the same outlet, newest first (deterministic)."""
    return [a for a in articles_of(article.outlet) if a.id != article.id][:limit]


def _og_meta(outlet: Outlet, article: Article, url: str, offset: int) -> str:
    """OpenGraph and ``article:*`` meta tags, with times in the outlet's local offset."""
    tags = [
        ("og:type", "article"),
        ("og:site_name", outlet.name),
        ("og:locale", outlet.locale),
        ("og:title", article.headline),
        ("og:description", article.standfirst),
        ("og:url", url),
        ("article:published_time", _local(article.published, offset).isoformat()),
    ]
    if article.updated:
        tags.append(("article:modified_time", _local(article.updated, offset).isoformat()))
    tags.append(("article:section", article.section))
    tags.append(("article:author", article.author))
    tags.extend(("article:tag", c) for c in article.categories)
    return "\n".join(f'<meta property="{k}" content="{_esc(v)}">' for k, v in tags)


def _json_ld(outlet: Outlet, article: Article, url: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.standfirst,
        "inLanguage": article.language,
        "datePublished": article.published.isoformat(),
        "dateModified": (article.updated or article.published).isoformat(),
        "author": {"@type": "Person", "name": article.author},
        "publisher": {"@type": "Organization", "name": outlet.name},
        "mainEntityOfPage": url,
        "articleSection": article.section,
    }
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def _paragraphs(article: Article) -> str:
    return "\n".join(f"<p>{_esc(p)}</p>" for p in article.paragraphs)


class _Template:
    """Base class of the per-outlet page templates.

    Subclasses provide ``layout`` (the chrome around the main column) and ``article_main``
    (the article markup). Everything else (index page, 404 page, head) is shared.
    """

    def __init__(self, outlet: Outlet, base: str, feed_links: Sequence[tuple[str, str, str]]):
        self.outlet = outlet
        self.base = base.rstrip("/")
        # (url, mime type, title) for <link rel="alternate"> feed discovery.
        self.feed_links = list(feed_links)

    # --- helpers ---------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return self.base + path

    def local(self, dt: datetime) -> datetime:
        return _local(dt, self.outlet.utc_offset_hours)

    def iso(self, dt: datetime) -> str:
        return self.local(dt).isoformat()

    def head(self, lang: str, title: str, description: str, extra: str = "") -> str:
        feeds = "\n".join(
            f'<link rel="alternate" type="{t}" title="{_esc(n)}" href="{_esc(u)}">'
            for u, t, n in self.feed_links
        )
        return (
            '<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_esc(title)}</title>\n"
            f'<meta name="description" content="{_esc(description)}">\n'
            f"{feeds}\n{extra}"
        )

    def article_head(self, article: Article) -> str:
        url = self.url(article.path)
        extra = f'<link rel="canonical" href="{_esc(url)}">\n'
        extra += _og_meta(self.outlet, article, url, self.outlet.utc_offset_hours)
        return self.head(
            article.language,
            f"{article.headline} | {self.outlet.name}",
            article.standfirst,
            extra,
        )

    # --- pages -----------------------------------------------------------------------------
    def article_page(self, article: Article) -> str:
        return self.layout(
            article.language,
            self.article_head(article),
            self.article_main(article, _related(article)),
            article.published,
        )

    def index_page(self, articles: Sequence[Article]) -> str:
        items = "\n".join(
            f'<li class="teaser"><a href="{_esc(self.url(a.path))}">{_esc(a.headline)}</a> '
            f'<time datetime="{self.iso(a.published)}">{self.short_time(a.published)}</time>'
            f"<p>{_esc(a.standfirst)}</p></li>"
            for a in articles
        )
        newest = max(a.published for a in articles)
        main = (
            f'<section class="front-page"><h1>{_esc(self.outlet.name)}</h1>\n'
            f"<ul>\n{items}\n</ul></section>"
        )
        return self.layout(
            self.outlet.language,
            self.head(self.outlet.language, self.outlet.name, self.outlet.tagline),
            main,
            newest,
        )

    def not_found_page(self) -> str:
        title, text = self.not_found_text()
        main = f'<section class="error-page"><h1>{_esc(title)}</h1><p>{_esc(text)}</p></section>'
        newest = max(a.published for a in articles_of(self.outlet.id))
        return self.layout(
            self.outlet.language,
            self.head(self.outlet.language, f"{title} | {self.outlet.name}", title),
            main,
            newest,
        )

    # --- per-outlet hooks ------------------------------------------------------------------
    def layout(self, lang: str, head: str, main: str, date: datetime) -> str:
        raise NotImplementedError

    def article_main(self, article: Article, related: Sequence[Article]) -> str:
        raise NotImplementedError

    def short_time(self, dt: datetime) -> str:
        return self.local(dt).strftime("%Y-%m-%d %H:%M")

    def not_found_text(self) -> tuple[str, str]:
        return ("Page not found", "Sorry, we could not find the page you were looking for.")


# ------------------------------------------------------------------------------------------
# Meridian Press Agency: sober wire layout, localised chrome for its language services.
# ------------------------------------------------------------------------------------------
_MPA_UI: dict[str, dict[str, Any]] = {
    "en": {
        "nav": ("World", "Business", "Markets", "Science", "Sport", "Photos", "Video"),
        "services": "Language services",
        "login": "Client login",
        "cookie": "We use cookies to understand how our website is used and to keep it "
        "secure. You can change your choice at any time in the privacy centre.",
        "accept": "Accept all",
        "reject": "Reject non-essential",
        "by": "By",
        "updated": "Updated",
        "more": "More from the wire",
        "nl_title": "The Morning Wire",
        "nl_text": "Our editors' pick of the overnight news, every weekday at 06:00 GMT.",
        "email": "Email address",
        "subscribe": "Sign up",
        "rights": "Copyright © 2026 Meridian Press Agency. All rights reserved. Republication "
        "or redistribution of MPA content requires a licence.",
        "footer": ("About MPA", "Licensing", "Newsroom contacts", "Privacy", "Terms of use"),
        "notfound": ("Page not found", "This story is no longer available on the wire."),
    },
    "es": {
        "nav": ("Mundo", "Economía", "Mercados", "Ciencia", "Deportes", "Fotos", "Vídeo"),
        "services": "Servicios en otros idiomas",
        "login": "Acceso clientes",
        "cookie": "Utilizamos cookies para saber cómo se usa nuestra web y mantenerla segura. "
        "Puede cambiar su elección en cualquier momento.",
        "accept": "Aceptar todas",
        "reject": "Rechazar las no esenciales",
        "by": "Por",
        "updated": "Actualizado",
        "more": "Más noticias del servicio",
        "nl_title": "El despertador MPA",
        "nl_text": "Lo más importante de la noche, cada día laborable a primera hora.",
        "email": "Correo electrónico",
        "subscribe": "Suscribirse",
        "rights": "Copyright © 2026 Meridian Press Agency. Todos los derechos reservados.",
        "footer": ("Quiénes somos", "Licencias", "Contacto", "Privacidad", "Aviso legal"),
        "notfound": ("Página no encontrada", "Esta noticia ya no está disponible."),
    },
    "pt": {
        "nav": ("Mundo", "Economia", "Mercados", "Ciência", "Desporto", "Fotos", "Vídeo"),
        "services": "Serviços noutras línguas",
        "login": "Área de clientes",
        "cookie": "Utilizamos cookies para perceber como o nosso site é utilizado e para o "
        "manter seguro. Pode alterar a sua escolha a qualquer momento.",
        "accept": "Aceitar todos",
        "reject": "Rejeitar os não essenciais",
        "by": "Por",
        "updated": "Atualizado",
        "more": "Mais notícias do serviço",
        "nl_title": "Manhã MPA",
        "nl_text": "O essencial da noite, todos os dias úteis logo de manhã.",
        "email": "Endereço de e-mail",
        "subscribe": "Subscrever",
        "rights": "Copyright © 2026 Meridian Press Agency. Todos os direitos reservados.",
        "footer": ("Sobre a MPA", "Licenças", "Contactos", "Privacidade", "Termos de uso"),
        "notfound": ("Página não encontrada", "Esta notícia já não está disponível."),
    },
    "nl": {
        "nav": ("Wereld", "Economie", "Markten", "Wetenschap", "Sport", "Foto's", "Video"),
        "services": "Diensten in andere talen",
        "login": "Inloggen voor klanten",
        "cookie": "Wij gebruiken cookies om te begrijpen hoe onze website wordt gebruikt en om "
        "die veilig te houden. U kunt uw keuze altijd wijzigen.",
        "accept": "Alles accepteren",
        "reject": "Alleen noodzakelijke",
        "by": "Door",
        "updated": "Bijgewerkt",
        "more": "Meer van de nieuwsdienst",
        "nl_title": "De Ochtendlijn",
        "nl_text": "Het belangrijkste nieuws van de nacht, elke werkdag vroeg in uw inbox.",
        "email": "E-mailadres",
        "subscribe": "Aanmelden",
        "rights": "Copyright © 2026 Meridian Press Agency. Alle rechten voorbehouden.",
        "footer": ("Over MPA", "Licenties", "Contact", "Privacy", "Gebruiksvoorwaarden"),
        "notfound": ("Pagina niet gevonden", "Dit bericht is niet meer beschikbaar."),
    },
}


class _MeridianTemplate(_Template):
    def _ui(self, lang: str) -> dict[str, Any]:
        return _MPA_UI.get(lang, _MPA_UI["en"])

    def stamp(self, lang: str, dt: datetime) -> str:
        d = self.local(dt)
        if lang == "en":
            return f"{d.day} {_month('en', d)} {d.year}, {d:%H:%M} GMT"
        sep = " de " if lang in ("es", "pt") else " "
        return f"{d.day}{sep}{_month(lang, d)}{sep}{d.year}, {d:%H:%M} GMT"

    def layout(self, lang: str, head: str, main: str, date: datetime) -> str:
        ui = self._ui(lang)
        nav = "".join(
            f'<li><a href="{self.url("/" + lang + "/" + _slugify(n) + "/")}">{_esc(n)}</a></li>'
            for n in ui["nav"]
        )
        services = "".join(
            f'<li><a href="{self.url("/" + code + "/")}" hreflang="{code}">{name}</a></li>'
            for code, name in (
                ("en", "English"),
                ("es", "Español"),
                ("pt", "Português"),
                ("nl", "Nederlands"),
            )
        )
        footer = "".join(
            f'<li><a href="{self.url("/about/")}">{_esc(x)}</a></li>' for x in ui["footer"]
        )
        return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
{head}
</head>
<body class="mpa">
<div class="cookie-consent" role="dialog" aria-live="polite">
<p>{_esc(ui["cookie"])}</p>
<button type="button" class="cookie-consent__accept">{_esc(ui["accept"])}</button>
<button type="button" class="cookie-consent__reject">{_esc(ui["reject"])}</button>
</div>
<header class="site-header">
<a class="site-header__logo" href="{self.url("/")}">MPA <span>Meridian Press Agency</span></a>
<nav class="site-nav" aria-label="Sections"><ul>{nav}</ul></nav>
<nav class="service-menu" aria-label="{_esc(ui["services"])}"><ul>{services}</ul></nav>
<a class="site-header__login" href="{self.url("/login")}">{_esc(ui["login"])}</a>
</header>
<main class="wire-main">
{main}
</main>
<footer class="site-footer">
<ul class="footer-links">{footer}</ul>
<p class="footer-rights">{_esc(ui["rights"])}</p>
</footer>
</body>
</html>
"""

    def article_head(self, article: Article) -> str:
        return (
            super().article_head(article)
            + "\n"
            + _json_ld(self.outlet, article, self.url(article.path))
        )

    def article_main(self, article: Article, related: Sequence[Article]) -> str:
        ui = self._ui(article.language)
        related = [a for a in related if a.language == article.language][:3] or related[:3]
        rel = "".join(
            f'<li><a href="{self.url(a.path)}">{_esc(a.headline)}</a></li>' for a in related
        )
        updated = ""
        if article.updated:
            updated = (
                f' <span class="wire-story__updated">{_esc(ui["updated"])} '
                f'<time datetime="{self.iso(article.updated)}">'
                f"{self.stamp(article.language, article.updated)}</time></span>"
            )
        return f"""<article class="wire-story" itemscope itemtype="https://schema.org/NewsArticle">
<div class="wire-story__slug">MPA · {_esc(article.section)}</div>
<h1 class="wire-story__headline" itemprop="headline">{_esc(article.headline)}</h1>
<div class="wire-story__meta">
<span class="byline">{_esc(ui["by"])} <span itemprop="author">{_esc(article.author)}</span></span>
<time itemprop="datePublished" datetime="{self.iso(article.published)}">
{self.stamp(article.language, article.published)}</time>{updated}
</div>
<div class="wire-story__body" itemprop="articleBody">
{_paragraphs(article)}
</div>
<p class="wire-story__rights">© 2026 Meridian Press Agency</p>
</article>
<aside class="more-from-wire">
<h2>{_esc(ui["more"])}</h2>
<ul>{rel}</ul>
</aside>
<section class="newsletter-signup">
<h2>{_esc(ui["nl_title"])}</h2>
<p>{_esc(ui["nl_text"])}</p>
<form action="{self.url("/newsletter")}" method="post"><label>{_esc(ui["email"])}
<input type="email" name="email"></label><button type="submit">{_esc(ui["subscribe"])}</button>
</form>
</section>"""

    def not_found_text(self) -> tuple[str, str]:
        return _MPA_UI["en"]["notfound"]


# ------------------------------------------------------------------------------------------
# The Harbour Times: broadsheet layout with most-read box and reader comments.
# ------------------------------------------------------------------------------------------
class _HarbourTemplate(_Template):
    NAV = ("News", "Port Calder", "World", "Business", "Sport", "Opinion", "Culture", "Weather")

    def short_time(self, dt: datetime) -> str:
        d = self.local(dt)
        return (
            f"{_WEEKDAYS_EN[d.weekday()][:3]} {d.day} {_month('en', d)[:3]} {d.year} {d:%H.%M} GMT"
        )

    def layout(self, lang: str, head: str, main: str, date: datetime) -> str:
        d = self.local(date)
        nav = "".join(
            f'<li class="main-nav__item"><a href="{self.url("/" + _slugify(n) + "/")}">{n}</a>'
            "</li>"
            for n in self.NAV
        )
        most_read = "".join(
            f'<li><a href="{self.url(a.path)}">{_esc(a.headline)}</a></li>'
            for a in articles_of(self.outlet.id)[:5]
        )
        return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
{head}
</head>
<body class="ht">
<div id="cookie-banner" class="cmp-consent" role="dialog" aria-label="Your privacy">
<h2>Your privacy</h2>
<p>The Harbour Times and our partners use cookies and similar technologies to personalise content,
measure readership and show relevant advertising. Choose “Yes, I'm happy” to accept, or manage your
preferences.</p>
<button type="button">Yes, I'm happy</button> <button type="button">Manage preferences</button>
</div>
<header class="masthead">
<div class="masthead__date">{_WEEKDAYS_EN[d.weekday()]} {d.day} {_month("en", d)} {d.year}</div>
<a class="masthead__logo" href="{self.url("/")}">The Harbour Times</a>
<p class="masthead__tagline">{_esc(self.outlet.tagline)}</p>
<a class="masthead__subscribe" href="{self.url("/subscribe")}">Subscribe from £1 a week</a>
<nav class="main-nav" aria-label="Sections"><ul>{nav}</ul></nav>
</header>
<div class="layout">
<main id="main" class="layout__main">
{main}
</main>
<aside class="sidebar layout__aside">
<section class="most-popular"><h2>Most read</h2><ol>{most_read}</ol></section>
<section class="advert"><p>Advertisement</p></section>
</aside>
</div>
<footer class="site-footer">
<nav class="footer-nav"><ul>
<li><a href="{self.url("/about")}">About us</a></li>
<li><a href="{self.url("/contact")}">Contact the newsroom</a></li>
<li><a href="{self.url("/complaints")}">Complaints and corrections</a></li>
<li><a href="{self.url("/privacy")}">Privacy policy</a></li>
<li><a href="{self.url("/cookies")}">Cookie settings</a></li>
<li><a href="{self.url("/terms")}">Terms and conditions</a></li>
</ul></nav>
<p>© 2026 Harbour Times Media Ltd, Quayside House, Port Calder. Registered in the Calder
region.</p>
</footer>
</body>
</html>
"""

    def article_main(self, article: Article, related: Sequence[Article]) -> str:
        profile = self.url("/profile/" + _slugify(article.author))
        byline = f'By <a rel="author" href="{profile}">{_esc(article.author)}</a>'
        if article.credit:
            byline += f' <span class="byline__agency">{_esc(article.credit)}</span>'
        rel = "".join(
            f'<li><a href="{self.url(a.path)}">{_esc(a.headline)}</a></li>' for a in related[:3]
        )
        tags = "".join(
            f'<li><a href="{self.url("/topic/" + _slugify(c))}">{_esc(c)}</a></li>'
            for c in article.categories
        )
        updated = ""
        if article.updated:
            updated = (
                f'<p class="story__updated">Last modified on '
                f'<time datetime="{self.iso(article.updated)}">'
                f"{self.short_time(article.updated)}</time></p>"
            )
        return f"""<article class="story">
<header class="story__header">
<a class="story__section" href="{self.url("/" + _slugify(article.section) + "/")}">
{_esc(article.section)}</a>
<h1 class="story__headline">{_esc(article.headline)}</h1>
<p class="story__standfirst">{_esc(article.standfirst)}</p>
<div class="story__byline byline">{byline}</div>
<time class="story__time" datetime="{self.iso(article.published)}">
{self.short_time(article.published)}</time>
{updated}
</header>
<div class="story__body article-body">
{_paragraphs(article)}
</div>
<footer class="story__footer"><ul class="tag-list">{tags}</ul></footer>
</article>
<section class="related-stories"><h2>More on this story</h2><ul>{rel}</ul></section>
<section class="newsletter-box">
<h2>The Harbour Briefing</h2>
<p>Start your day with the stories Port Calder is talking about. Free, every morning at 7am.</p>
<form action="{self.url("/newsletters")}" method="post">
<input type="email" name="email" placeholder="Your email address"><button type="submit">Sign me
up</button></form>
</section>
{self._comments(article)}"""

    def _comments(self, article: Article) -> str:
        if not article.comments:
            return (
                '<section id="comments" class="comments">'
                "<p>Comments are closed on this article.</p></section>"
            )
        items = "".join(
            f'<li class="comment"><div class="comment__author">{_esc(c.author)}</div>'
            f'<time datetime="{self.iso(c.posted)}">{self.short_time(c.posted)}</time>'
            f'<p class="comment__text">{_esc(c.text)}</p></li>'
            for c in article.comments
        )
        return (
            f'<section id="comments" class="comments"><h2>Comments ({len(article.comments)})</h2>'
            f'<ol class="comment-list">{items}</ol>'
            f'<p class="comments__note">Comments are moderated. Please read our community '
            f"guidelines before posting.</p></section>"
        )


# ------------------------------------------------------------------------------------------
# The Lakeshore Ledger: blog-engine style markup (entry-title, entry-content, widgets).
# ------------------------------------------------------------------------------------------
class _LakeshoreTemplate(_Template):
    def stamp(self, dt: datetime) -> str:
        d = self.local(dt)
        hour = d.hour % 12 or 12
        ampm = "a.m." if d.hour < 12 else "p.m."
        return f"{_month('en', d)} {d.day}, {d.year} at {hour}:{d:%M} {ampm}"

    short_time = stamp

    def layout(self, lang: str, head: str, main: str, date: datetime) -> str:
        menu = "".join(
            f'<li class="menu-item"><a href="{self.url("/category/" + _slugify(n) + "/")}">'
            f"{_esc(n)}</a></li>"
            for n in (
                "Local",
                "Schools",
                "Lake & Outdoors",
                "Business",
                "World",
                "Obituaries",
                "Classifieds",
            )
        )
        recent = "".join(
            f'<li><a href="{self.url(a.path)}">{_esc(a.headline)}</a></li>'
            for a in articles_of(self.outlet.id)[:4]
        )
        return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
{head}
</head>
<body class="post-template-default single single-post">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="{self.url("/")}" rel="home">The Lakeshore
Ledger</a></p>
<p class="site-description">{_esc(self.outlet.tagline)}</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">{menu}</ul>
</nav>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
{main}
</main></div>
<aside id="secondary" class="widget-area">
<section class="widget widget_newsletter"><h2 class="widget-title">Get The Ledger Daily</h2>
<p>Local news in your inbox every weekday morning. It's free.</p>
<form action="{self.url("/subscribe/")}" method="post">
<input type="email" name="email" placeholder="you@example.com"><button type="submit">
Subscribe</button></form></section>
<section class="widget widget_recent_entries"><h2 class="widget-title">Recent posts</h2>
<ul>{recent}</ul></section>
</aside>
</div>
<footer id="colophon" class="site-footer">
<div class="site-info">© 2026 Lakeshore Ledger Media Co., 14 Front Street, Millbrook.
<a href="{self.url("/privacy-policy/")}">Privacy Policy</a> · <a href="{self.url("/advertise/")}">
Advertise with us</a> · <a href="{self.url("/contact/")}">Contact</a></div>
</footer>
</div>
<div id="cookie-notice" class="cookie-notice" role="dialog">
<span class="cookie-notice__text">This website uses cookies to improve your experience. By
continuing to browse, you agree to our use of cookies.</span>
<a href="#" class="cookie-notice__button">OK</a>
<a href="{self.url("/privacy-policy/")}" class="cookie-notice__more">Learn more</a>
</div>
</body>
</html>
"""

    def article_main(self, article: Article, related: Sequence[Article]) -> str:
        byline = _esc(article.author)
        if article.credit:
            byline += f", {_esc(article.credit)}"
        cats = " ".join(f"category-{_slugify(c)}" for c in article.categories)
        rel = "".join(
            f'<li class="jp-related-post"><a href="{self.url(a.path)}">{_esc(a.headline)}</a></li>'
            for a in related[:3]
        )
        tags = ", ".join(
            f'<a href="{self.url("/tag/" + _slugify(c) + "/")}" rel="tag">{_esc(c)}</a>'
            for c in article.categories
        )
        num = sum(ord(c) for c in article.id)
        classes = f"post-{num} post type-post status-publish format-standard hentry {cats}"
        return f"""<article id="post-{num}" class="{classes}">
<header class="entry-header">
<h1 class="entry-title">{_esc(article.headline)}</h1>
<div class="entry-meta"><span class="byline">By <span class="author vcard">{byline}</span></span>
<span class="posted-on">
<time class="entry-date published" datetime="{self.iso(article.published)}">
{self.stamp(article.published)}</time></span></div>
</header>
<div class="entry-content">
{_paragraphs(article)}
</div>
<footer class="entry-footer"><span class="tags-links">Tagged {tags}</span></footer>
</article>
<div id="related-posts" class="related-posts"><h3>You might also like</h3><ul>{rel}</ul></div>
<nav class="navigation post-navigation" aria-label="Posts"><a href="{self.url("/")}" rel="prev">
Back to the front page</a></nav>
{self._comments(article)}"""

    def _comments(self, article: Article) -> str:
        items = "".join(
            f'<li class="comment"><article class="comment-body"><footer class="comment-meta">'
            f'<b class="fn">{_esc(c.author)}</b> <time datetime="{self.iso(c.posted)}">'
            f"{self.stamp(c.posted)}</time></footer>"
            f'<div class="comment-content"><p>{_esc(c.text)}</p></div></article></li>'
            for c in article.comments
        )
        count = f"{len(article.comments)} thoughts on this story" if items else "No comments yet"
        return f"""<div id="comments" class="comments-area">
<h2 class="comments-title">{count}</h2>
<ol class="comment-list">{items}</ol>
<div id="respond" class="comment-respond"><h3 class="comment-reply-title">Leave a reply</h3>
<p>You must be logged in to post a comment.</p></div>
</div>"""


# ------------------------------------------------------------------------------------------
# Calder FM News: radio-station site with a player bar and JSON-LD instead of OpenGraph.
# ------------------------------------------------------------------------------------------
class _CalderFmTemplate(_Template):
    def short_time(self, dt: datetime) -> str:
        d = self.local(dt)
        return f"{d:%H:%M}, {d.day} {_month('en', d)[:3]}"

    def article_head(self, article: Article) -> str:
        # No OpenGraph on this site: only a description and JSON-LD (exercises date fallbacks).
        return self.head(
            article.language,
            f"{article.headline} - Calder FM",
            article.standfirst,
            _json_ld(self.outlet, article, self.url(article.path)),
        )

    def layout(self, lang: str, head: str, main: str, date: datetime) -> str:
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
{head}
</head>
<body>
<div class="radio-player-bar" id="player">
<span class="on-air">On air now: Drive with Sam Okoro</span>
<a class="listen-live" href="{self.url("/listen")}">Listen live</a>
</div>
<header class="station-header">
<a class="station-logo" href="{self.url("/")}">Calder FM</a>
<ul class="navbar">
<li><a href="{self.url("/news")}">News</a></li>
<li><a href="{self.url("/sport")}">Sport</a></li>
<li><a href="{self.url("/travel")}">Travel</a></li>
<li><a href="{self.url("/weather")}">Weather</a></li>
<li><a href="{self.url("/shows")}">Shows</a></li>
<li><a href="{self.url("/win")}">Competitions</a></li>
</ul>
</header>
<div class="content-wrapper">
{main}
</div>
<div class="consent-popup" role="dialog">
<p>We'd like to set cookies to remember your settings and to understand how you use Calder FM
online. Is that OK?</p>
<button type="button">Accept</button> <button type="button">Settings</button>
</div>
<footer class="station-footer">
<p>Calder FM 104.6 · Broadcasting to the Calder coast since 1989</p>
<p><a href="{self.url("/contact")}">Contact the studio</a> | <a href="{self.url("/privacy")}">
Privacy</a> | <a href="{self.url("/accessibility")}">Accessibility</a></p>
</footer>
</body>
</html>
"""

    def article_main(self, article: Article, related: Sequence[Article]) -> str:
        credit = (
            f' <span class="source">Source: {_esc(article.credit)}</span>'
            if article.credit
            else ""
        )
        rel = "".join(
            f'<li><a href="{self.url(a.path)}">{_esc(a.headline)}</a></li>' for a in related[:4]
        )
        return f"""<div class="news-article">
<p class="news-article__category">{_esc(article.section)}</p>
<h1>{_esc(article.headline)}</h1>
<div class="news-article__meta">
<span class="news-article__author">{_esc(article.author)}</span>{credit}
<time datetime="{self.iso(article.published)}">{self.short_time(article.published)}</time>
</div>
<div class="news-article__body">
{_paragraphs(article)}
</div>
</div>
<section class="more-news"><h2>More news</h2><ul>{rel}</ul></section>
<section class="alerts-signup newsletter">
<h2>Get Calder FM news alerts</h2>
<p>Breaking news and travel updates for the coast, straight to your inbox.</p>
<a href="{self.url("/alerts")}">Sign up</a>
</section>"""


# ------------------------------------------------------------------------------------------
# Le Courrier de l'Orbière: French regional daily.
# ------------------------------------------------------------------------------------------
class _CourrierTemplate(_Template):
    def stamp(self, dt: datetime) -> str:
        d = self.local(dt)
        return f"{d:%d/%m/%Y} à {d:%H}h{d:%M}"

    def short_time(self, dt: datetime) -> str:
        d = self.local(dt)
        return f"{d.day} {_month('fr', d)} {d.year}"

    def not_found_text(self) -> tuple[str, str]:
        return ("Page introuvable", "La page que vous demandez n'existe pas ou a été déplacée.")

    def layout(self, lang: str, head: str, main: str, date: datetime) -> str:
        menu = "".join(
            f'<li><a href="{self.url("/" + _slugify(n) + "/")}">{_esc(n)}</a></li>'
            for n in (
                "Actualité",
                "Valcourt",
                "Pontmérac",
                "Montclaret",
                "Sports",
                "Économie",
                "Loisirs",
                "Avis de décès",
            )
        )
        d = self.local(date)
        return f"""<!DOCTYPE html>
<html lang="fr">
<head>
{head}
</head>
<body>
<div class="bandeau-consentement consent" role="dialog">
<p>Avec votre accord, nous et nos partenaires utilisons des cookies pour stocker et accéder à des
informations sur votre appareil, mesurer l'audience et vous proposer des publicités
personnalisées.</p>
<button type="button">Accepter &amp; fermer</button> <button type="button">Continuer sans
accepter</button> <a href="{self.url("/cookies")}">Paramétrer</a>
</div>
<header class="entete">
<div class="entete__haut"><span class="entete__date">{d.day} {_month("fr", d)} {d.year}</span>
<a href="{self.url("/abonnement")}">S'abonner</a> <a href="{self.url("/connexion")}">Se
connecter</a></div>
<a class="entete__logo" href="{self.url("/")}">Le Courrier <small>de l'Orbière</small></a>
<nav class="menu-principal"><ul>{menu}</ul></nav>
</header>
<main class="contenu">
{main}
</main>
<footer class="pied-de-page footer">
<ul>
<li><a href="{self.url("/mentions-legales")}">Mentions légales</a></li>
<li><a href="{self.url("/confidentialite")}">Politique de confidentialité</a></li>
<li><a href="{self.url("/cgu")}">Conditions générales d'utilisation</a></li>
<li><a href="{self.url("/contact")}">Nous contacter</a></li>
<li><a href="{self.url("/annonces")}">Annonces légales</a></li>
</ul>
<p>© Le Courrier de l'Orbière 2026 – 12, place du Marché, Valcourt. Reproduction interdite sans
autorisation.</p>
</footer>
</body>
</html>
"""

    def article_main(self, article: Article, related: Sequence[Article]) -> str:
        rel = "".join(
            f'<li><a href="{self.url(a.path)}">{_esc(a.headline)}</a></li>' for a in related[:3]
        )
        return f"""<div class="fil-ariane breadcrumb"><a href="{self.url("/")}">Accueil</a> ›
<a href="{self.url("/" + _slugify(article.section) + "/")}">{_esc(article.section)}</a></div>
<article class="article">
<header class="article__entete">
<h1 class="article__titre">{_esc(article.headline)}</h1>
<p class="article__chapo">{_esc(article.standfirst)}</p>
<div class="article__infos">
<span class="article__auteur byline">Par {_esc(article.author)}</span>
<span class="article__date">Publié le <time datetime="{self.iso(article.published)}">
{self.stamp(article.published)}</time></span>
</div>
</header>
<div class="article__content">
{_paragraphs(article)}
</div>
</article>
<aside class="a-lire-aussi related"><h2>À lire aussi</h2><ul>{rel}</ul></aside>
<div class="newsletter-encart">
<h2>Newsletter</h2>
<p>Recevez chaque matin l'essentiel de l'actualité de la vallée.</p>
<form action="{self.url("/newsletter")}" method="post">
<input type="email" name="email" placeholder="Votre adresse e-mail"><button type="submit">Je
m'inscris</button></form>
</div>"""


# ------------------------------------------------------------------------------------------
# Auenstädter Anzeiger: German city paper with schema.org microdata.
# ------------------------------------------------------------------------------------------
class _AnzeigerTemplate(_Template):
    def stamp(self, dt: datetime) -> str:
        return f"{self.local(dt):%d.%m.%Y, %H:%M} Uhr"

    short_time = stamp

    def not_found_text(self) -> tuple[str, str]:
        return ("Seite nicht gefunden", "Die angeforderte Seite existiert leider nicht.")

    def layout(self, lang: str, head: str, main: str, date: datetime) -> str:
        ressorts = "".join(
            f'<li><a href="{self.url("/" + _slugify(n) + "/")}">{_esc(n)}</a></li>'
            for n in ("Lokales", "Politik", "Wirtschaft", "Sport", "Kultur", "Wetter", "Service")
        )
        return f"""<!DOCTYPE html>
<html lang="de">
<head>
{head}
</head>
<body class="anzeiger">
<div id="cookie-layer" class="cookie-hinweis">
<p><strong>Wir respektieren Ihre Privatsphäre.</strong> Wir verwenden Cookies und ähnliche
Technologien, um Inhalte zu personalisieren, Zugriffe zu analysieren und Werbung anzuzeigen. Ihre
Einwilligung können Sie jederzeit widerrufen.</p>
<button type="button">Alle akzeptieren</button> <button type="button">Einstellungen</button>
</div>
<div class="kopfzeile">
<a class="logo" href="{self.url("/")}">Auenstädter Anzeiger</a>
<span class="claim">{_esc(self.outlet.tagline)}</span>
<a class="abo" href="{self.url("/abo")}">Jetzt abonnieren</a>
<a class="login" href="{self.url("/login")}">Anmelden</a>
</div>
<nav id="hauptnavigation"><ul class="ressorts">{ressorts}</ul></nav>
<div id="inhalt">
{main}
</div>
<footer id="footer">
<ul>
<li><a href="{self.url("/impressum")}">Impressum</a></li>
<li><a href="{self.url("/datenschutz")}">Datenschutz</a></li>
<li><a href="{self.url("/agb")}">AGB</a></li>
<li><a href="{self.url("/kontakt")}">Kontakt</a></li>
<li><a href="{self.url("/mediadaten")}">Mediadaten</a></li>
</ul>
<p>© 2026 Auenstädter Verlagshaus GmbH, Hafenallee 3, Auenstadt</p>
</footer>
</body>
</html>
"""

    def article_main(self, article: Article, related: Sequence[Article]) -> str:
        rel = "".join(
            f'<li><a href="{self.url(a.path)}">{_esc(a.headline)}</a></li>' for a in related[:4]
        )
        return f"""<div class="artikel" itemscope itemtype="https://schema.org/NewsArticle">
<span class="artikel__dachzeile">{_esc(article.section)}</span>
<h1 class="artikel__titel" itemprop="headline">{_esc(article.headline)}</h1>
<p class="artikel__vorspann" itemprop="description">{_esc(article.standfirst)}</p>
<div class="artikel__autor byline">Von <span itemprop="author">{_esc(article.author)}</span> ·
<time itemprop="datePublished" datetime="{self.iso(article.published)}">
{self.stamp(article.published)}</time></div>
<div class="artikel__text" itemprop="articleBody">
{_paragraphs(article)}
</div>
</div>
<section class="mehr-zum-thema related"><h2>Mehr zum Thema</h2><ul>{rel}</ul></section>
<div class="newsletter-teaser">
<h2>Der Anzeiger-Newsletter</h2>
<p>Die wichtigsten Nachrichten aus Auenstadt – jeden Morgen kostenlos per E-Mail.</p>
<a href="{self.url("/newsletter")}">Jetzt anmelden</a>
</div>"""


# ------------------------------------------------------------------------------------------
# El Mirador de Costaluna: Spanish daily with reader comments.
# ------------------------------------------------------------------------------------------
class _MiradorTemplate(_Template):
    def stamp(self, dt: datetime) -> str:
        return f"{self.local(dt):%d/%m/%Y %H:%M} h"

    short_time = stamp

    def not_found_text(self) -> tuple[str, str]:
        return ("Página no encontrada", "Lo sentimos, la página que busca no existe.")

    def layout(self, lang: str, head: str, main: str, date: datetime) -> str:
        secciones = "".join(
            f'<li><a href="{self.url("/" + _slugify(n) + "/")}">{_esc(n)}</a></li>'
            for n in (
                "Portada",
                "Costaluna",
                "Provincia",
                "Economía",
                "Deportes",
                "Cultura",
                "Opinión",
            )
        )
        return f"""<!DOCTYPE html>
<html lang="es">
<head>
{head}
</head>
<body>
<header class="cabecera">
<a class="cabecera__logo" href="{self.url("/")}">El Mirador <span>de Costaluna</span></a>
<p class="cabecera__lema">{_esc(self.outlet.tagline)}</p>
<nav class="menu-secciones"><ul>{secciones}</ul></nav>
</header>
<main class="contenido-principal">
{main}
</main>
<footer class="pie footer">
<p>El Mirador de Costaluna · Avenida del Puerto, 21 · Costaluna</p>
<ul><li><a href="{self.url("/aviso-legal")}">Aviso legal</a></li><li>
<a href="{self.url("/privacidad")}">Política de privacidad</a></li><li>
<a href="{self.url("/cookies")}">Política de cookies</a></li><li><a href="{self.url("/contacto")}">
Contacto</a></li></ul>
</footer>
<div class="aviso-cookies cookie-banner" role="dialog">
<p>Utilizamos cookies propias y de terceros para analizar nuestros servicios y mostrarle publicidad
relacionada con sus preferencias. Puede aceptar todas las cookies pulsando el botón «Aceptar» o
configurarlas.</p>
<button type="button">Aceptar</button> <button type="button">Configurar</button>
</div>
</body>
</html>
"""

    def article_main(self, article: Article, related: Sequence[Article]) -> str:
        firma = _esc(article.author)
        if article.credit:
            firma += f" ({_esc(article.credit)})"
        rel = "".join(
            f'<li><a href="{self.url(a.path)}">{_esc(a.headline)}</a></li>' for a in related[:3]
        )
        return f"""<div class="noticia">
<p class="noticia__antetitulo">{_esc(article.section)}</p>
<h1 class="noticia__titular">{_esc(article.headline)}</h1>
<h2 class="noticia__entradilla">{_esc(article.standfirst)}</h2>
<div class="noticia__firma byline">{firma} · <time datetime="{self.iso(article.published)}">
{self.stamp(article.published)}</time></div>
<div class="cuerpo-noticia" itemprop="articleBody">
{_paragraphs(article)}
</div>
</div>
<div class="compartir share-buttons"><a href="#">Facebook</a> <a href="#">WhatsApp</a> <a href="#">
Correo</a></div>
<section class="noticias-relacionadas related"><h3>Noticias relacionadas</h3><ul>{rel}</ul>
</section>
<div class="boletin newsletter">
<h3>Boletín diario</h3>
<p>Reciba cada mañana las noticias más importantes de Costaluna.</p>
<a href="{self.url("/boletines")}">Suscribirme</a>
</div>
{self._comments(article)}"""

    def _comments(self, article: Article) -> str:
        if not article.comments:
            return ""
        items = "".join(
            f'<div class="comentario"><span class="comentario__autor">{_esc(c.author)}</span> '
            f'<time datetime="{self.iso(c.posted)}">{self.stamp(c.posted)}</time>'
            f"<p>{_esc(c.text)}</p></div>"
            for c in article.comments
        )
        return (
            f'<section id="comentarios" class="comments-section"><h3>Comentarios '
            f"({len(article.comments)})</h3>{items}"
            f"<p>Para comentar es necesario registrarse.</p></section>"
        )


# ------------------------------------------------------------------------------------------
# La Gazzetta di Valmora: older template (http-equiv charset), comments on some stories.
# ------------------------------------------------------------------------------------------
class _GazzettaTemplate(_Template):
    def stamp(self, dt: datetime) -> str:
        d = self.local(dt)
        return f"{d.day} {_month('it', d)} {d.year}, ore {d:%H:%M}"

    short_time = stamp

    def not_found_text(self) -> tuple[str, str]:
        return ("Pagina non trovata", "La pagina che cercavi non esiste o è stata spostata.")

    def head(self, lang: str, title: str, description: str, extra: str = "") -> str:
        # Older CMS: declares the charset with http-equiv instead of <meta charset>.
        base = super().head(lang, title, description, extra)
        return base.replace(
            '<meta charset="utf-8">',
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
            1,
        )

    def layout(self, lang: str, head: str, main: str, date: datetime) -> str:
        menu = " | ".join(
            f'<a href="{self.url("/" + _slugify(n) + "/")}">{_esc(n)}</a>'
            for n in ("Cronaca", "Politica", "Economia", "Sport", "Cultura", "Meteo", "Necrologie")
        )
        return f"""<!DOCTYPE html>
<html lang="it">
<head>
{head}
</head>
<body>
<div id="cookie-policy" class="cookie-bar">Questo sito utilizza cookie tecnici e, previo consenso,
cookie di profilazione di terze parti. Chiudendo questo banner acconsenti all'uso dei soli cookie
tecnici. <a href="{self.url("/privacy")}">Informativa</a> <button type="button">Accetta</button>
<button type="button">Rifiuta</button></div>
<div id="testata"><a href="{self.url("/")}"><b>La Gazzetta di Valmora</b></a><br><i>
{_esc(self.outlet.tagline)}</i></div>
<div id="menu" class="menu-orizzontale">{menu}</div>
<div id="colonna-centrale">
{main}
</div>
<div id="footer">La Gazzetta di Valmora – Editrice Valmorese s.r.l. – Via Roma 8, Valmora –
Registrazione del Tribunale n. 12/1998 – Redazione: <a href="{self.url("/redazione")}">contatti</a>
– <a href="{self.url("/privacy")}">Privacy</a></div>
</body>
</html>
"""

    def article_main(self, article: Article, related: Sequence[Article]) -> str:
        rel = "".join(
            f'<li><a href="{self.url(a.path)}">{_esc(a.headline)}</a></li>' for a in related[:3]
        )
        comments = ""
        if article.comments:
            items = "".join(
                f'<li><b>{_esc(c.author)}</b> <time datetime="{self.iso(c.posted)}">'
                f"{self.stamp(c.posted)}</time><br>{_esc(c.text)}</li>"
                for c in article.comments
            )
            comments = (
                f'<div id="commenti" class="comments-box"><h3>Commenti ({len(article.comments)})'
                f"</h3><ul>{items}</ul></div>"
            )
        return f"""<div class="story">
<div class="story__kicker">{_esc(article.section)}</div>
<h1 class="story__title">{_esc(article.headline)}</h1>
<h2 class="story__summary">{_esc(article.standfirst)}</h2>
<div class="story__info">di <span class="story__author">{_esc(article.author)}</span> –
<time datetime="{self.iso(article.published)}">{self.stamp(article.published)}</time></div>
<div id="articolo-testo" class="story__text article-text">
{_paragraphs(article)}
</div>
</div>
<div class="leggi-anche related"><h3>Leggi anche</h3><ul>{rel}</ul></div>
<div class="box-newsletter"><h3>Iscriviti alla newsletter</h3><p>Ogni mattina le notizie di Valmora
nella tua casella di posta.</p><a href="{self.url("/newsletter")}">Iscriviti</a></div>
{comments}"""


_TEMPLATES: dict[str, Callable[..., _Template]] = {
    "meridian": _MeridianTemplate,
    "harbour": _HarbourTemplate,
    "lakeshore": _LakeshoreTemplate,
    "calderfm": _CalderFmTemplate,
    "courrier": _CourrierTemplate,
    "anzeiger": _AnzeigerTemplate,
    "mirador": _MiradorTemplate,
    "gazzetta": _GazzettaTemplate,
}


# ------------------------------------------------------------------------------------------
# Feeds
# ------------------------------------------------------------------------------------------
def entry_link(entry: FeedEntry, base: str) -> str | None:
    """The link a feed entry carries, or ``None`` if the entry has no link.

    Args:
        entry: The feed entry.
        base: Base URL of the entry's outlet.

    Returns:
        The absolute link (with any tracking suffix), a literal non-http link, or ``None``.
    """
    base = base.rstrip("/")
    if entry.ref in ARTICLES_BY_ID:
        return base + ARTICLES_BY_ID[entry.ref].path + entry.tracking
    item = BROKEN_BY_ID[entry.ref]
    if item.link is not None:
        return item.link
    return base + item.path if item.path else None


class _EntryView(NamedTuple):
    """What a feed needs to know about one entry, articles and broken items alike."""

    guid: str
    link: str | None
    title: str
    summary: str
    author: str
    date: datetime | None
    categories: tuple[str, ...]
    language: str | None


def _entry_view(entry: FeedEntry, base: str) -> _EntryView:
    link = entry_link(entry, base)
    if entry.ref in ARTICLES_BY_ID:
        a = ARTICLES_BY_ID[entry.ref]
        return _EntryView(
            entry.guid,
            link,
            a.headline,
            a.standfirst,
            a.author,
            a.published if entry.dated else None,
            a.categories,
            a.language,
        )
    b: BrokenItem = BROKEN_BY_ID[entry.ref]
    outlet_lang = OUTLETS_BY_ID[b.outlet].language
    date = b.published if entry.dated else None
    return _EntryView(
        entry.guid, link, b.title, b.summary, b.author, date, b.categories, outlet_lang
    )


def _x(text: str) -> str:
    return html.escape(text, quote=True)


def _feed_updated(views: Sequence[_EntryView]) -> datetime:
    return max(v.date for v in views if v.date is not None)


def _render_rss20(feed: FeedSpec, outlet: Outlet, base: str, feed_url: str) -> str:
    views = [_entry_view(e, base) for e in feed.entries]
    offset = outlet.utc_offset_hours
    items = []
    for v in views:
        parts = [f"<title>{_x(v.title)}</title>"]
        if v.link:
            parts.append(f"<link>{_x(v.link)}</link>")
        # Opaque ids, not permalinks: without isPermaLink="false" a reader would take the guid
        # as the link of an entry that has none.
        parts.append(f'<guid isPermaLink="false">{_x(v.guid)}</guid>')
        parts.append(f"<description>{_x(v.summary)}</description>")
        if v.date is not None:
            parts.append(f"<pubDate>{format_datetime(_local(v.date, offset))}</pubDate>")
        if outlet.id == "mirador":
            parts.append(f"<author>redaccion@mirador.example ({_x(v.author)})</author>")
        else:
            parts.append(f"<dc:creator>{_x(v.author)}</dc:creator>")
        parts.extend(f"<category>{_x(c)}</category>" for c in v.categories)
        items.append("<item>\n" + "\n".join(parts) + "\n</item>")
    language = f"<language>{feed.language}</language>\n" if feed.language else ""
    built = format_datetime(_local(_feed_updated(views), offset))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{_x(feed.title)}</title>
<link>{_x(base)}/</link>
<description>{_x(feed.description)}</description>
{language}<lastBuildDate>{built}</lastBuildDate>
<generator>wirestream demo newsroom</generator>
<atom:link href="{_x(feed_url)}" rel="self" type="application/rss+xml"/>
{chr(10).join(items)}
</channel>
</rss>
"""


def _render_rss10(feed: FeedSpec, outlet: Outlet, base: str, feed_url: str) -> str:
    views = [_entry_view(e, base) for e in feed.entries]
    offset = outlet.utc_offset_hours
    # The Courrier writes RSS 1.0 elements with an explicit rss: prefix, the Gazzetta uses the
    # default namespace: both are valid and readers must treat them alike.
    p = "rss:" if outlet.id == "courrier" else ""
    ns = 'xmlns:rss="http://purl.org/rss/1.0/"' if p else 'xmlns="http://purl.org/rss/1.0/"'
    seq = "\n".join(f'<rdf:li rdf:resource="{_x(v.link or "")}"/>' for v in views)
    items = []
    for v in views:
        about = v.link or f"{base}/#{v.guid}"
        parts = [
            f"<{p}title>{_x(v.title)}</{p}title>",
            f"<{p}link>{_x(v.link or '')}</{p}link>",
            f"<{p}description>{_x(v.summary)}</{p}description>",
            f"<dc:identifier>{_x(v.guid)}</dc:identifier>",
            f"<dc:creator>{_x(v.author)}</dc:creator>",
        ]
        if v.date is not None:
            parts.append(f"<dc:date>{_local(v.date, offset).isoformat()}</dc:date>")
        parts.extend(f"<dc:subject>{_x(c)}</dc:subject>" for c in v.categories)
        body = "\n".join(parts)
        items.append(f'<{p}item rdf:about="{_x(about)}">\n{body}\n</{p}item>')
    updated = _local(_feed_updated(views), offset).isoformat()
    language = f"<dc:language>{feed.language}</dc:language>\n" if feed.language else ""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" {ns} xmlns:dc="http://purl.org/dc/elements/1.1/">
<{p}channel rdf:about="{_x(feed_url)}">
<{p}title>{_x(feed.title)}</{p}title>
<{p}link>{_x(base)}/</{p}link>
<{p}description>{_x(feed.description)}</{p}description>
{language}<dc:date>{updated}</dc:date>
<dc:publisher>{_x(outlet.name)}</dc:publisher>
<{p}items>
<rdf:Seq>
{seq}
</rdf:Seq>
</{p}items>
</{p}channel>
{chr(10).join(items)}
</rdf:RDF>
"""


def _render_atom(feed: FeedSpec, outlet: Outlet, base: str, feed_url: str) -> str:
    views = [_entry_view(e, base) for e in feed.entries]
    entries = []
    for v in views:
        if v.date is None:
            raise ValueError(f"Atom entries need a date: {v.guid}")
        lang = f' xml:lang="{v.language}"' if feed.language is None and v.language else ""
        parts = [f"<title>{_x(v.title)}</title>"]
        if v.link:
            parts.append(f'<link rel="alternate" type="text/html" href="{_x(v.link)}"/>')
        parts.append(f"<id>{_x(v.guid)}</id>")
        parts.append(f"<published>{v.date.isoformat()}</published>")
        parts.append(f"<updated>{v.date.isoformat()}</updated>")
        parts.append(f"<author><name>{_x(v.author)}</name></author>")
        parts.extend(f'<category term="{_x(c)}" label="{_x(c)}"/>' for c in v.categories)
        parts.append(f'<summary type="text">{_x(v.summary)}</summary>')
        entries.append(f"<entry{lang}>\n" + "\n".join(parts) + "\n</entry>")
    lang = f' xml:lang="{feed.language}"' if feed.language else ""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"{lang}>
<title>{_x(feed.title)}</title>
<subtitle>{_x(feed.description)}</subtitle>
<link rel="alternate" type="text/html" href="{_x(base)}/"/>
<link rel="self" type="application/atom+xml" href="{_x(feed_url)}"/>
<id>{_x(feed_url)}</id>
<updated>{_feed_updated(views).isoformat()}</updated>
<author><name>{_x(outlet.name)}</name></author>
<generator>wirestream demo newsroom</generator>
{chr(10).join(entries)}
</feed>
"""


_FEED_RENDERERS = {"rss20": _render_rss20, "rss10": _render_rss10, "atom10": _render_atom}


def render_feed(feed: FeedSpec, base: str) -> Page:
    """Renders one feed.

    Args:
        feed: The feed to render.
        base: Base URL of the feed's outlet, e.g. ``http://127.0.0.1:41234``.

    Returns:
        The feed as a ``Page``.
    """
    base = base.rstrip("/")
    outlet = OUTLETS_BY_ID[feed.outlet]
    text = _FEED_RENDERERS[feed.format](feed, outlet, base, base + feed.path)
    content_type = FEED_TYPES[feed.format]
    if outlet.id == "calderfm":
        # Many small sites serve RSS as generic XML.
        content_type = "text/xml; charset=utf-8"
    return Page(200, content_type, text.encode("utf-8"), {})


# ------------------------------------------------------------------------------------------
# Broken items and site assembly
# ------------------------------------------------------------------------------------------
_EMPTY_TICKER = """<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>{title}</title>
<script src="{base}/static/liveticker.js" defer></script>
</head>
<body>
<div id="ticker-root" data-spiel="40729"></div>
</body>
</html>
"""


def _html(text: str, status: int = 200) -> Page:
    return Page(status, HTML_TYPE, text.encode("utf-8"), {})


def _broken_page(item: BrokenItem, tpl: _Template, base: str) -> Page | None:
    if item.kind == "not_found":
        return _html(tpl.not_found_page(), 404)
    if item.kind == "pdf":
        return Page(200, PDF_TYPE, FAKE_PDF, {})
    if item.kind == "empty_html":
        return _html(_EMPTY_TICKER.format(title=_esc(item.title), base=base))
    if item.kind == "redirect":
        target = base + ARTICLES_BY_ID[item.target or ""].path
        body = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Moved</title>'
            f'</head><body><a href="{_esc(target)}">Moved permanently</a></body></html>'
        )
        return Page(301, HTML_TYPE, body.encode("utf-8"), {"Location": target})
    return None  # javascript: and missing links have no page


def _template(outlet_id: str, base: str) -> _Template:
    base = base.rstrip("/")
    links = [
        (base + f.path, FEED_TYPES[f.format].split(";")[0], f.title) for f in feeds_of(outlet_id)
    ]
    return _TEMPLATES[outlet_id](OUTLETS_BY_ID[outlet_id], base, links)


def not_found_page(outlet_id: str, base: str) -> Page:
    """The outlet's 404 page, served for any unknown path.

    Args:
        outlet_id: Outlet id.
        base: Base URL of the outlet.

    Returns:
        A 404 ``Page`` in the outlet's template.
    """
    return _html(_template(outlet_id, base).not_found_page(), 404)


def build_site(bases: dict[str, str]) -> dict[str, dict[str, Page]]:
    """Renders every page and feed of the demo newsroom.

    Args:
        bases: Outlet id -> base URL (scheme, host and port, no trailing path), e.g.
            ``{"harbour": "http://127.0.0.1:41234", ...}``; every id of ``OUTLETS`` is needed.

    Returns:
        Outlet id -> request path (leading ``/``, no query) -> ``Page``. Each outlet has a
        front page ``/``, ``/robots.txt``, its article pages, its feeds and the pages of its
        broken items (404, PDF, empty page, redirect).

    Raises:
        ValueError: If a base URL is missing.
    """
    missing = [o for o in OUTLETS if o not in bases]
    if missing:
        raise ValueError(f"missing base URL for outlets: {', '.join(missing)}")
    site: dict[str, dict[str, Page]] = {}
    for outlet in OUTLET_LIST:
        base = bases[outlet.id].rstrip("/")
        tpl = _template(outlet.id, base)
        articles = articles_of(outlet.id)
        pages: dict[str, Page] = {
            "/": _html(tpl.index_page(articles)),
            "/robots.txt": Page(200, TEXT_TYPE, ROBOTS_TXT.encode("utf-8"), {}),
        }
        for article in articles:
            pages[article.path] = _html(tpl.article_page(article))
        for item in BROKEN_ITEMS:
            if item.outlet == outlet.id and item.path:
                page = _broken_page(item, tpl, base)
                if page is not None:
                    pages[item.path] = page
        for feed in feeds_of(outlet.id):
            pages[feed.path] = render_feed(feed, base)
        site[outlet.id] = pages
    return site


# ------------------------------------------------------------------------------------------
# Expected pipeline outcomes (for tests)
# ------------------------------------------------------------------------------------------
_DEAD_LETTER_REASONS = {
    "not_found": "http_404",
    "pdf": "unsupported_content_type",
    "empty_html": "no_text",
    "javascript_link": "bad_scheme",
    "no_link": "no_url",
}


def expected_outcomes(bases: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """What the pipeline should do with each feed entry, in feed order.

    Args:
        bases: Optional outlet id -> base URL; when given, each row's ``link`` is the link
            exactly as written in the feed.

    Returns:
        One dict per feed entry with the keys ``outlet``, ``path`` (request path the entry
        links to, without query/fragment; ``None`` if there is no http link), ``language``
        (expected language code, ``None`` for dead letters), ``outcome`` (``"record"``,
        ``"duplicate_url"`` or ``"dead_letter"``), ``reason`` (dead-letter reason code or
        ``None``) and ``wire_group`` (shared by entries whose extracted text is identical, else
        ``None``). Extra keys: ``feed_path``; ``entry_id`` (RSS 2.0 guid, Atom id, RSS 1.0
        ``dc:identifier`` - feedparser reports an RSS 1.0 item's ``rdf:about``, i.e. its link,
        as ``id``); ``link`` (see ``bases``; else ``None``); ``tracking`` (query and fragment
        appended to the link); ``final_path`` (path after redirects); ``article_id``;
        ``published`` (ISO-8601 UTC publication time of the page, ``None`` for dead letters);
        ``near_duplicate_of`` (wire group that a lightly rewritten copy derives from).
    """
    rows: list[dict[str, Any]] = []
    for feed in FEEDS:
        seen: set[str] = set()
        for entry in feed.entries:
            row: dict[str, Any] = {
                "outlet": feed.outlet,
                "feed_path": feed.path,
                "entry_id": entry.guid,
                "link": entry_link(entry, bases[feed.outlet]) if bases else None,
                "path": None,
                "tracking": entry.tracking,
                "final_path": None,
                "language": None,
                "outcome": "record",
                "reason": None,
                "wire_group": None,
                "near_duplicate_of": None,
                "article_id": None,
                "published": None,
            }
            article = ARTICLES_BY_ID.get(entry.ref)
            if article is None:
                item = BROKEN_BY_ID[entry.ref]
                row["path"] = item.path
                row["final_path"] = item.path
                if item.kind == "redirect":
                    article = ARTICLES_BY_ID[item.target or ""]
                else:
                    row["outcome"] = "dead_letter"
                    row["reason"] = _DEAD_LETTER_REASONS[item.kind]
            else:
                row["path"] = article.path
            if article is not None:
                row.update(
                    final_path=article.path,
                    language=article.language,
                    wire_group=article.wire_group,
                    near_duplicate_of=article.near_duplicate_of,
                    article_id=article.id,
                    published=article.published.isoformat(),
                )
                if article.id in seen:
                    row["outcome"] = "duplicate_url"
                seen.add(article.id)
            rows.append(row)
    return rows
