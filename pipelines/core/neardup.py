"""Near-duplicate fingerprints: MinHash signatures over word shingles, and LSH band keys.

Syndicated copies of a wire story differ from the original in the ways outlets edit copy: a new
headline, a dateline ("(Reuters) -"), a reporter line, the last paragraphs cut, a paragraph of
local context added. So two texts are compared by how much of the *shorter* one the longer one
contains (the overlap coefficient, estimated from the MinHash Jaccard estimate and the two
shingle-set sizes): a copy that keeps half of the original and adds a little is still a copy,
which plain Jaccard similarity would not say.

Candidates are found the LSH way: the signature is cut into ``bands`` bands of ``rows`` values;
two texts that agree on a whole band share that band's key. Band keys are plain 64-bit integers,
so they serve both as Beam keys (group by band within a run) and as index keys in the state
store (join earlier runs' clusters).

MinHash itself is datasketch's. Try it::

    python -m pipelines.core.neardup "first text ..." "second text ..."
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

_WORDS = re.compile(r"\w+", re.UNICODE)
MINHASH_SEED = 1
"""Fixed for good: signatures stored by earlier runs must stay comparable."""
MINHASH_SCHEME = "affine32"
"""datasketch's hashing scheme (its default since 2.0), fixed for the same reason."""


@dataclasses.dataclass(frozen=True)
class NearDupSettings:
    """How texts are fingerprinted and when two count as copies (``dedup.*`` in config)."""

    # Defaults from benchmarks/syndication.py (see benchmarks/README.md): the only setting of
    # the sweep that met precision >= 0.98 and recall >= 0.95 (copies keeping half) on every seed.
    shingle_size: int = 3
    num_perm: int = 126
    bands: int = 42
    threshold: float = 0.6

    def __post_init__(self) -> None:
        if self.shingle_size < 1:
            raise ValueError("dedup.shingle_size must be at least 1")
        if self.num_perm < 16 or self.bands < 1 or self.num_perm % self.bands:
            raise ValueError("dedup.num_perm must be ≥ 16 and a multiple of dedup.bands")
        if not 0 < self.threshold <= 1:
            raise ValueError("dedup.threshold must be in (0, 1]")

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


def similarity(a: Signature, b: Signature) -> float:
    """Estimated share of the smaller text's shingles found in the other (overlap coefficient).

    From Jaccard J and sizes |A|, |B|: |A ∩ B| = J (|A| + |B|) / (1 + J).
    """
    j = jaccard(a, b)
    if j == 0.0:
        return 0.0
    common = j * (a.shingles + b.shingles) / (1.0 + j)
    return round(min(1.0, common / min(a.shingles, b.shingles)), 4)


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


def candidate_probability(jaccard_value: float, settings: NearDupSettings) -> float:
    """Chance that two texts with this Jaccard similarity share at least one band."""
    return 1.0 - (1.0 - jaccard_value**settings.rows) ** settings.bands


def is_copy(a: Signature, b: Signature, settings: NearDupSettings) -> tuple[bool, float]:
    """Whether the two texts are copies of one another, and their similarity."""
    score = similarity(a, b)
    return score >= settings.threshold, score


def main(texts: Iterable[str]) -> int:
    first, second = list(texts)[:2]
    settings = NearDupSettings()
    a, b = signature(first, settings), signature(second, settings)
    shared = set(band_keys(a, settings)) & set(band_keys(b, settings))
    print(
        f"jaccard≈{jaccard(a, b):.3f} similarity≈{similarity(a, b):.3f} "
        f"shared bands {len(shared)}/{settings.bands} copy={is_copy(a, b, settings)[0]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:3]))
