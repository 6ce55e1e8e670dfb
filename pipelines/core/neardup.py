"""Near-duplicate fingerprints: MinHash signatures over word shingles, and LSH band keys.

Syndicated copies of a wire story differ from the original in the ways outlets edit copy: a new
headline, a dateline ("(Reuters) -"), a reporter line, the last paragraphs cut, a paragraph of
local context added. So two texts are compared by how much of the *shorter* one the longer one
contains (the overlap coefficient, estimated from the MinHash Jaccard estimate and the two
shingle-set sizes): a copy that keeps half of the original and adds a little is still a copy,
which plain Jaccard similarity would not say.

Two guards keep containment from linking different stories (``benchmarks/syndication.py``,
issue 28): the *later* text must be at least ``later_share`` in the earlier one — a roundup
that quotes a short copy's two paragraphs among eight of its own contains that copy, but is
not mostly made of it; and two pages of one site (``host:port``) must also have Jaccard
similarity ≥ ``site_jaccard`` — a site's pages share its templates, background boxes and
disclaimers, so containment there is no evidence; what one site publishes twice is a revision
or a re-post, nearly the whole page.

Candidates are found the LSH way: the signature is cut into ``bands`` bands of ``rows`` values;
two texts that agree on a whole band share that band's key. A short version of a story (its
first paragraphs only) has a Jaccard similarity of about 0.3 with the whole story, too low for
those bands to find it reliably; so each text also gets ``lead_bands`` keys from a small
signature of its *lead* (its first ``LEAD_WORDS`` words in lines of at least
``LEAD_LINE_WORDS`` words: headlines and bylines skipped), which copies and short versions
keep. Lead keys only find candidates; every candidate is verified on the whole text.

A site's template lines that survive extraction ("Sign up for …", its standard disclaimers, a
background box it runs under every story on a topic) would make its pages contain each other:
with ``template_pages``, the lines of a page that ``template_pages`` or more earlier pages of
the same site carried (counted in the state store, over earlier windows) are left out of its
fingerprint — never out of its text.

Band keys are plain 64-bit integers, so they serve both as Beam keys (group by band within a
run) and as index keys in the state store (join earlier runs' clusters).

MinHash itself is datasketch's. Try it::

    python -m pipelines.core.neardup "earlier text ..." "later text ..."
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import sys
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash

from pipelines.core.fingerprint import normalize_text
from pipelines.core.urls import host_key

_WORDS = re.compile(r"\w+", re.UNICODE)
MINHASH_SEED = 1
"""Fixed for good: signatures stored by earlier runs must stay comparable."""
MINHASH_SCHEME = "affine32"
"""datasketch's hashing scheme (its default since 2.0), fixed for the same reason."""


LEAD_WORDS = 50
LEAD_LINE_WORDS = 12
LEAD_BANDS = 6
LEAD_ROWS = 4
"""The lead signature: fixed, like the MinHash seed, so that stored lead keys stay comparable
(``dedup.lead_bands`` only turns them off)."""


@dataclasses.dataclass(frozen=True)
class NearDupSettings:
    """How texts are fingerprinted and when two count as copies (``dedup.*`` in config)."""

    # Defaults chosen on the dev split of benchmarks/syndication.py (three seeds) and reported
    # on its test split (`python -m benchmarks.syndication --choose`; benchmarks/README.md).
    shingle_size: int = 3
    num_perm: int = 126
    bands: int = 42
    threshold: float = 0.5
    later_share: float = 0.35
    site_jaccard: float = 0.5
    lead_bands: int = LEAD_BANDS
    template_pages: int = 5

    def __post_init__(self) -> None:
        if self.shingle_size < 1:
            raise ValueError("dedup.shingle_size must be at least 1")
        if self.num_perm < 16 or self.bands < 1 or self.num_perm % self.bands:
            raise ValueError("dedup.num_perm must be ≥ 16 and a multiple of dedup.bands")
        if not 0 < self.threshold <= 1:
            raise ValueError("dedup.threshold must be in (0, 1]")
        if not 0 <= self.later_share <= 1:
            raise ValueError("dedup.later_share must be in [0, 1]")
        if not 0 <= self.site_jaccard <= 1:
            raise ValueError("dedup.site_jaccard must be in [0, 1]")
        if self.template_pages < 0 or self.template_pages == 1:
            raise ValueError("dedup.template_pages must be 0 (off) or at least 2")
        if self.lead_bands not in (0, LEAD_BANDS):
            raise ValueError(f"dedup.lead_bands must be 0 (off) or {LEAD_BANDS}")

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands


@dataclasses.dataclass(frozen=True)
class Signature:
    """A text's MinHash values (``num_perm`` 32-bit ints) and its number of distinct shingles."""

    values: bytes
    shingles: int

    def array(self) -> np.ndarray:
        return np.frombuffer(self.values, dtype=np.uint32)


def shingles(text: str, size: int) -> set[bytes]:
    """The distinct ``size``-word shingles of the normalised text (one shingle if shorter)."""
    words = _WORDS.findall(normalize_text(text))
    if not words:
        return set()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@functools.cache
def _permutations(num_perm: int) -> np.ndarray:
    """The seeded permutation parameters, drawn once per process, not once per article.

    datasketch draws them from ``MINHASH_SEED`` in every ``MinHash()``; that was a third of the
    signature's cost. Passing them back in gives the very same signatures.
    """
    permutations = MinHash(
        num_perm=num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME
    ).permutations
    permutations.setflags(write=False)
    return permutations


def signature(text: str, settings: NearDupSettings) -> Signature:
    """The MinHash signature of a text."""
    grams = shingles(text, settings.shingle_size)
    minhash = MinHash(
        num_perm=settings.num_perm,
        seed=MINHASH_SEED,
        permutations=_permutations(settings.num_perm),
        scheme=MINHASH_SCHEME,
    )
    if grams:
        minhash.update_batch(sorted(grams))
    # datasketch keeps values below 2**32 in uint64; store them as uint32.
    return Signature(minhash.hashvalues.astype(np.uint32).tobytes(), len(grams))


def jaccard(a: Signature, b: Signature) -> float:
    """MinHash estimate of the Jaccard similarity of the two shingle sets."""
    if not a.shingles or not b.shingles:
        return 0.0
    first, second = a.array(), b.array()
    if len(first) != len(second):
        raise ValueError("signatures of different sizes cannot be compared")
    return float(np.count_nonzero(first == second)) / len(first)


def _common(j: float, a: Signature, b: Signature) -> float:
    """Estimated shingles in common, from Jaccard J: |A ∩ B| = J (|A| + |B|) / (1 + J)."""
    return j * (a.shingles + b.shingles) / (1.0 + j)


def similarity(a: Signature, b: Signature) -> float:
    """Estimated share of the smaller text's shingles found in the other (overlap coefficient)."""
    j = jaccard(a, b)
    if j == 0.0:
        return 0.0
    return round(min(1.0, _common(j, a, b) / min(a.shingles, b.shingles)), 4)


def band_keys(sig: Signature, settings: NearDupSettings) -> list[int]:
    """One signed 64-bit key per band; equal keys in the same band mean a candidate pair."""
    if not sig.shingles:
        return []
    values = sig.values
    width = 4 * settings.rows
    keys = []
    for band in range(settings.bands):
        digest = hashlib.blake2b(
            values[band * width : (band + 1) * width],
            digest_size=8,
            person=band.to_bytes(4, "big") + settings.rows.to_bytes(4, "big"),
        ).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def lead_of(text: str) -> str:
    """The first ``LEAD_WORDS`` words of the text's lines of ``LEAD_LINE_WORDS`` words or more."""
    words: list[str] = []
    for line in text.split("\n"):
        found = _WORDS.findall(normalize_text(line))
        if len(found) >= LEAD_LINE_WORDS:
            words += found
            if len(words) >= LEAD_WORDS:
                break
    return " ".join(words[:LEAD_WORDS])


def lead_keys(text: str, settings: NearDupSettings) -> list[int]:
    """``lead_bands`` keys of the lead's signature, distinct from every ``band_keys`` key."""
    if not settings.lead_bands:
        return []
    grams = shingles(lead_of(text), settings.shingle_size)
    if not grams:
        return []
    perms = LEAD_BANDS * LEAD_ROWS
    minhash = MinHash(
        num_perm=perms, seed=MINHASH_SEED, permutations=_permutations(perms), scheme=MINHASH_SCHEME
    )
    minhash.update_batch(sorted(grams))
    values = minhash.hashvalues.astype(np.uint32).tobytes()
    width = 4 * LEAD_ROWS
    keys = []
    for band in range(LEAD_BANDS):
        digest = hashlib.blake2b(
            values[band * width : (band + 1) * width], digest_size=8, person=b"lead" + bytes(4)
        )
        digest.update(band.to_bytes(4, "big"))
        keys.append(int.from_bytes(digest.digest(), "big", signed=True))
    return keys


def text_keys(text: str, sig: Signature, settings: NearDupSettings) -> list[int]:
    """All LSH keys of a text: its ``band_keys`` and its ``lead_keys``."""
    return band_keys(sig, settings) + lead_keys(text, settings) if sig.shingles else []


def _line_key(site: str, line: str) -> int | None:
    """The key of one line of a site's page (None for a line without words)."""
    words = _WORDS.findall(normalize_text(line))
    if not words:
        return None
    digest = hashlib.blake2b(f"{site}\0{' '.join(words)}".encode(), digest_size=8, person=b"line")
    return int.from_bytes(digest.digest(), "big", signed=True)


def line_keys(text: str, site: str) -> list[int]:
    """One signed 64-bit key per distinct non-empty line of the text, for its site: what the
    state store counts to learn a site's template lines (``template_pages``)."""
    keys = (_line_key(site, line) for line in text.split("\n"))
    return list(dict.fromkeys(key for key in keys if key is not None))


def without_lines(text: str, site: str, template: set[int]) -> str:
    """The text without its lines whose ``line_keys`` key is in ``template`` (whole if every
    line is)."""
    if not template:
        return text
    kept = [line for line in text.split("\n") if _line_key(site, line) not in template]
    return "\n".join(kept) if any(line.strip() for line in kept) else text


def candidate_probability(jaccard_value: float, settings: NearDupSettings) -> float:
    """Chance that two texts with this Jaccard similarity share at least one band."""
    return 1.0 - (1.0 - jaccard_value**settings.rows) ** settings.bands


def is_copy(
    later: Signature, earlier: Signature, settings: NearDupSettings, *, same_site: bool = False
) -> tuple[bool, float]:
    """Whether ``later`` is a copy of ``earlier`` (published before it), and their similarity.

    A copy needs: similarity ≥ ``threshold``; at least ``later_share`` of the later text's
    shingles in the earlier one; and, for two pages of one site, Jaccard ≥ ``site_jaccard``.
    """
    j = jaccard(later, earlier)
    if j == 0.0:
        return False, 0.0
    common = _common(j, later, earlier)
    score = round(min(1.0, common / min(later.shingles, earlier.shingles)), 4)
    copy = (
        score >= settings.threshold
        and common / later.shingles >= settings.later_share
        and (not same_site or j >= settings.site_jaccard)
    )
    return copy, score


def site_of(url: str | None) -> str:
    """The site a page belongs to, for ``is_copy``'s ``same_site``: its ``host:port``."""
    return host_key(url) if url else ""


def main(texts: Iterable[str]) -> int:
    first, second = list(texts)[:2]
    settings = NearDupSettings()
    a, b = signature(first, settings), signature(second, settings)
    shared = set(band_keys(a, settings)) & set(band_keys(b, settings))
    print(
        f"jaccard≈{jaccard(a, b):.3f} similarity≈{similarity(a, b):.3f} "
        f"shared bands {len(shared)}/{settings.bands} copy={is_copy(b, a, settings)[0]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:3]))
