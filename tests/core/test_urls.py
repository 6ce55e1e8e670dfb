import pytest

from pipelines.core.urls import UrlError, article_id, canonicalize, check_fetchable, host_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://News.Example.COM:80/a/b", "http://news.example.com/a/b"),
        (
            "https://example.com/a?utm_source=rss&utm_medium=feed&id=7",
            "https://example.com/a?id=7",
        ),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com:443/x/../a?b=2&a=1", "https://example.com/a?a=1&b=2"),
    ],
)
def test_copies_of_one_url_share_a_canonical_form(a, b):
    assert canonicalize(a) == canonicalize(b)
    assert article_id(canonicalize(a)) == article_id(canonicalize(b))


def test_distinct_articles_keep_distinct_ids():
    first = canonicalize("https://example.com/story?id=1")
    second = canonicalize("https://example.com/story?id=2")
    assert first != second
    assert article_id(first) != article_id(second)
    assert len(article_id(first)) == 32


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (None, "no_url"),
        ("   ", "no_url"),
        ("javascript:alert(1)", "bad_scheme"),
        ("file:///etc/passwd", "bad_scheme"),
        ("data:text/html,hi", "bad_scheme"),
        ("ftp://example.com/x", "bad_scheme"),
        ("/relative/path", "bad_scheme"),
        ("http:///nohost", "bad_url"),
    ],
)
def test_unfetchable_links_get_reason_codes(url, reason):
    with pytest.raises(UrlError) as caught:
        check_fetchable(url)
    assert caught.value.reason == reason


def test_host_key_includes_default_port():
    assert host_key("https://Example.com/a") == "example.com:443"
    assert host_key("http://127.0.0.1:8080/a") == "127.0.0.1:8080"
