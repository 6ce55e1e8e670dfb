from pipelines.core.fingerprint import content_sha256, normalize_text, word_count


def test_spacing_case_and_unicode_form_do_not_change_the_hash():
    a = "The Council  met on\nTuesday. Café"
    b = "the council met on tuesday. Cafe\u0301"
    assert normalize_text(a) != ""
    assert content_sha256(a) == content_sha256(b)


def test_different_text_differs():
    assert content_sha256("one story") != content_sha256("another story")


def test_word_count_counts_unicode_words():
    assert word_count("Der Rat tagte, 3 Stunden lang — ça va.") == 8
