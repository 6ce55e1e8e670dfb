import numpy as np
import pytest
from datasketch import MinHash

from pipelines.core.neardup import (
    NearDupSettings,
    band_keys,
    candidate_probability,
    is_copy,
    jaccard,
    lead_keys,
    lead_of,
    shingles,
    signature,
    similarity,
    site_of,
    text_keys,
)
from tests.support import story_text

S = NearDupSettings()
ORIGINAL = "\n".join(story_text("Harbour strike", 8))


def test_shingles_are_normalised_word_ngrams():
    assert shingles("The  Quay, the QUAY!", 2) == {b"the quay"} | {b"quay the"}
    assert shingles("Two words", 5) == {b"two words"}
    assert shingles("  ", 5) == set()


def test_signature_is_deterministic_and_compact():
    a, b = signature(ORIGINAL, S), signature(ORIGINAL, S)
    assert a == b and len(a.values) == 4 * S.num_perm
    assert a.shingles == len(shingles(ORIGINAL, S.shingle_size))
    assert band_keys(a, S) == band_keys(b, S) and len(band_keys(a, S)) == S.bands


def test_signature_with_reused_permutations_equals_a_fresh_datasketch_minhash():
    # Signatures stored by earlier runs must stay comparable: drawing the permutations once per
    # process must give exactly what a fresh MinHash(seed=1) gives.
    for num_perm in (S.num_perm, 64):
        settings = NearDupSettings(num_perm=num_perm, bands=num_perm // 2)
        fresh = MinHash(num_perm=num_perm, seed=1)
        fresh.update_batch(sorted(shingles(ORIGINAL, settings.shingle_size)))
        expected = fresh.hashvalues.astype(np.uint32).tobytes()
        assert signature(ORIGINAL, settings).values == expected


def test_a_trimmed_edited_copy_is_a_copy_and_another_story_is_not():
    paragraphs = ORIGINAL.split("\n")
    local = "Local readers told us the ferry queue reached the bakery on Main Street."
    copy = "\n".join(
        [
            "Strike shuts the harbour",
            "PORT VELL (Wire) - " + paragraphs[0],
            *paragraphs[1:5],
            local,
        ]
    )
    other = "\n".join(story_text("Harbour budget", 8))
    a, c, o = signature(ORIGINAL, S), signature(copy, S), signature(other, S)
    assert is_copy(a, c, S)[0] and similarity(a, c) > 0.8
    assert jaccard(a, c) < similarity(a, c)  # the overlap measure forgives the cut
    assert set(band_keys(a, S)) & set(band_keys(c, S))
    assert not is_copy(a, o, S)[0] and similarity(a, o) < 0.2


def test_identical_texts_have_similarity_one_and_empty_texts_zero():
    a = signature(ORIGINAL, S)
    assert similarity(a, a) == 1.0
    empty = signature("", S)
    assert similarity(a, empty) == 0.0 and band_keys(empty, S) == []


def test_band_parameters():
    assert S.rows == 3
    assert candidate_probability(0.5, S) > 0.99 and candidate_probability(0.05, S) < 0.01
    with pytest.raises(ValueError):
        NearDupSettings(num_perm=128, bands=42)


def test_a_later_text_that_only_quotes_a_short_earlier_one_is_not_its_copy():
    paragraphs = ORIGINAL.split("\n")
    short = signature("\n".join(paragraphs[:2]), S)  # two of eight paragraphs
    roundup = signature("\n".join([*paragraphs[:2], *story_text("Market briefing", 6)]), S)
    assert similarity(short, roundup) > 0.9  # the roundup contains the short copy
    assert not is_copy(roundup, short, S)[0]  # but only a quarter of it is that copy
    assert is_copy(short, signature(ORIGINAL, S), S)[0]  # a short later copy is one
    assert is_copy(roundup, short, NearDupSettings(later_share=0.0))[0]


def test_two_pages_of_one_site_need_jaccard_too():
    box = story_text("Background on the strike", 3)
    first = signature("\n".join([*story_text("Harbour vote", 2), *box]), S)
    second = signature("\n".join([*story_text("Ferry fares", 2), *box]), S)
    assert jaccard(second, first) < S.site_jaccard
    assert similarity(first, second) >= S.threshold
    assert is_copy(second, first, S)[0]  # two outlets: the shared part is the copy
    assert not is_copy(second, first, S, same_site=True)[0]  # one site: its box
    repost = signature("\n".join([*story_text("Harbour vote", 2), *box, "Updated at noon."]), S)
    assert is_copy(repost, first, S, same_site=True)[0]


def test_site_of_is_host_and_port():
    assert site_of("https://News.example/a?b=1") == site_of("https://news.example:443/c")
    assert site_of("http://127.0.0.1:8001/a") != site_of("http://127.0.0.1:8002/a")
    assert site_of(None) == ""


@pytest.mark.parametrize("field", ["later_share", "site_jaccard"])
def test_guards_are_shares(field):
    with pytest.raises(ValueError, match=field):
        NearDupSettings(**{field: 1.5})


def test_a_short_version_shares_a_lead_key_with_its_story():
    paragraphs = ORIGINAL.split("\n")
    short = "\n".join(["Strike: the short version", "By A. Writer", *paragraphs[:2]])
    other = "\n".join(story_text("Harbour budget", 8))
    assert lead_of(short) == lead_of(ORIGINAL)  # the headline and byline lines are skipped
    assert set(lead_keys(short, S)) & set(lead_keys(ORIGINAL, S))
    assert not set(lead_keys(other, S)) & set(lead_keys(ORIGINAL, S))
    sig = signature(ORIGINAL, S)
    keys = text_keys(ORIGINAL, sig, S)
    assert keys == band_keys(sig, S) + lead_keys(ORIGINAL, S)
    assert len(set(keys)) == S.bands + S.lead_bands  # lead keys never equal a band key
    assert text_keys(ORIGINAL, sig, NearDupSettings(lead_bands=0)) == band_keys(sig, S)
    assert text_keys("", signature("", S), S) == []
