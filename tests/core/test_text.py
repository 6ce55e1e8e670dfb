import time

import pytest

from pipelines.core.text import (
    ExtractError,
    ExtractOptions,
    Extractor,
    decode_html,
    extract_document,
    html_lang,
    link_text_share,
)

PARAGRAPHS = "".join(
    f"<p>Paragraph {i}: the harbour authority said on Friday that the night ferries would "
    f"resume their normal timetable after repairs to the northern quay were completed.</p>"
    for i in range(5)
)
PAGE = (
    '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Ferries back</title>'
    '<meta property="article:published_time" content="2026-11-26T10:00:00+01:00"></head>'
    "<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
    f"<article><h1>Ferries back</h1>{PARAGRAPHS}</article>"
    "<footer>© The Ledger · Cookies · Privacy</footer></body></html>"
)


def test_decoding_prefers_bom_then_header_then_meta():
    text = "Café déjà vu"
    meta_latin1 = f'<html><head><meta charset="iso-8859-1"></head><body>{text}</body></html>'
    assert "Café déjà vu" in decode_html(meta_latin1.encode("latin-1"), "text/html")[0]
    header = decode_html(meta_latin1.encode("cp1252"), "text/html; charset=windows-1252")[0]
    assert "Café déjà vu" in header
    bom = b"\xef\xbb\xbf" + meta_latin1.encode("utf-8")
    assert "Café déjà vu" in decode_html(bom, "text/html; charset=iso-8859-1")[0]


def test_decoding_never_yields_invalid_utf8_or_control_chars():
    html, _ = decode_html(b"<p>ok \xff\xfe\x00\x01 bad</p>", "text/html; charset=utf-8")
    html.encode("utf-8")
    assert "\x00" not in html and "\x01" not in html


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        # The header says UTF-8; the bytes are windows-1252 (and there is no meta).
        ("<html><body><p>{}</p></body></html>", "text/html; charset=utf-8"),
        # The meta says UTF-8; the bytes are latin-1; no header charset.
        ('<html><head><meta charset="utf-8"></head><body><p>{}</p></body></html>', "text/html"),
    ],
)
def test_decoding_sees_through_a_lying_declaration(body: str, content_type: str) -> None:
    text = "Le café de la gare rouvre à Noël, après deux années de travaux très coûteux."
    encoded = body.format(text).encode("cp1252")
    html, encoding = decode_html(encoded, content_type)
    assert text in html and "\ufffd" not in html
    assert encoding != "utf-8"


def test_decoding_keeps_a_real_replacement_character():
    # Valid UTF-8 that contains U+FFFD itself is not "mis-declared".
    html, encoding = decode_html("<p>bad byte: \ufffd</p>".encode(), "text/html; charset=utf-8")
    assert "\ufffd" in html and encoding == "utf-8"


def test_link_text_share_tells_an_index_page_from_an_article():
    links = "".join(
        f"<li><a href='/s/{i}'>Headline number {i} of the day</a></li>" for i in range(9)
    )
    index = f"<html><body><h1>Latest</h1><ul>{links}</ul></body></html>"
    assert (
        link_text_share(index, "\n".join(f"Headline number {i} of the day" for i in range(9)))
        > 0.9
    )
    doc = extract_document(PAGE, None, ExtractOptions())
    assert doc["link_share"] == link_text_share(PAGE, doc["text"]) == 0.0


def test_extract_document_text_is_nfc_like_bare_trafilatura():
    import unicodedata

    decomposed = unicodedata.normalize("NFD", PAGE.replace("harbour", "Brücke"))
    doc = extract_document(decomposed, None, ExtractOptions())
    assert "Brücke" in doc["text"] and unicodedata.is_normalized("NFC", doc["text"])


def test_html_lang():
    assert html_lang(PAGE.encode()) == "en"
    assert html_lang(b"<html><body>x</body></html>") is None


def test_extract_document_matches_bare_trafilatura():
    import trafilatura

    doc = extract_document(PAGE, "http://127.0.0.1:9/a", ExtractOptions())
    bare = trafilatura.extract(PAGE, **ExtractOptions().trafilatura_kwargs())
    assert doc["text"] == bare
    assert "northern quay" in doc["text"]
    assert "Cookies" not in doc["text"]
    assert doc["date"].startswith("2026-11-26T10:00:00")


def test_index_and_empty_pages_have_no_text():
    assert extract_document("<html><body></body></html>", None, ExtractOptions()) is None
    script_only = "<html><body><script>var a = 1;</script></body></html>"
    assert extract_document(script_only, None, ExtractOptions()) is None


def test_extractor_reports_a_dead_child_and_starts_a_new_one():
    extractor = Extractor(ExtractOptions(), timeout_s=30)
    try:
        assert "northern quay" in extractor.extract(PAGE, None)["text"]
        extractor._process.kill()  # as the kernel's OOM killer would
        extractor._process.join()
        with pytest.raises(ExtractError) as caught:
            extractor.extract(PAGE, None)
        assert caught.value.reason == "extract_failed"
        assert "extraction process died" in str(caught.value)
        assert extractor.restarts == 1
        assert "northern quay" in extractor.extract(PAGE, None)["text"]
    finally:
        extractor.close()


def test_extractor_times_out_and_recovers():
    # About 2 MB of paragraphs: trafilatura needs seconds for it here, far over 0.3 s.
    slow = (
        "<html><body>"
        + "".join(
            f"<div><p>Paragraph {i} about the harbour, the quay and the night ferries.</p></div>"
            for i in range(20000)
        )
        + "</body></html>"
    )
    extractor = Extractor(ExtractOptions(), timeout_s=30)
    try:
        assert "northern quay" in extractor.extract(PAGE, None)["text"]
        extractor.timeout_s = 0.3
        with pytest.raises(ExtractError) as caught:
            extractor.extract(slow, None)
        assert caught.value.reason == "extract_timeout"
        assert extractor.restarts == 1
        extractor.timeout_s = 30
        assert "northern quay" in extractor.extract(PAGE, None)["text"]
    finally:
        extractor.close()


def test_extractor_started_without_waiting_is_ready_at_the_first_page():
    extractor = Extractor(ExtractOptions(), timeout_s=30)
    try:
        extractor.start(wait=False)  # returns at once; the child imports trafilatura meanwhile
        assert extractor._process is not None and extractor._process.is_alive()
        assert "northern quay" in extractor.extract(PAGE, None)["text"]
        assert extractor.restarts == 0
    finally:
        extractor.close()


def test_extractor_runs_a_page_while_the_caller_works_and_keeps_a_late_collected_result():
    extractor = Extractor(ExtractOptions(), timeout_s=0.5)
    try:
        extractor.start()
        extractor.submit(PAGE, None)
        with pytest.raises(RuntimeError):
            extractor.submit(PAGE, None)  # one page out at a time
        time.sleep(1.0)  # the caller is busy past the deadline; the page was done long before
        assert "northern quay" in extractor.result()["text"]
        assert extractor.restarts == 0
        with pytest.raises(RuntimeError):
            extractor.result()  # nothing is out any more
    finally:
        extractor.close()
