"""Content fingerprints: the identity of a text regardless of spacing, case and Unicode form.

Try it::

    python -c "from pipelines.core.fingerprint import content_sha256 as h; print(h('A  b'))"
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")
_WORDS = re.compile(r"\w+", re.UNICODE)


def normalize_text(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: copies that differ only in form compare equal."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def content_sha256(text: str) -> str:
    """SHA-256 (hex) of the normalised text."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def word_count(text: str) -> int:
    """Number of words (Unicode word characters runs)."""
    return len(_WORDS.findall(text))
