"""The record schemas: ``article.v2.schema.json`` is the single source of truth.

Records are written in schema v2: v1 (``article.v1.schema.json``, as published, kept for
reference and for the compatibility check) plus the event fields. Load the current schema with
:func:`load_schema`; ``python -c "import schemas; print(schemas.ARTICLE_V2)"`` prints its path.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parent
ARTICLE_V1 = SCHEMA_DIR / "article.v1.schema.json"
ARTICLE_V1_ID = "https://wirestream.dev/schemas/article.v1.schema.json"
ARTICLE_V2 = SCHEMA_DIR / "article.v2.schema.json"
ARTICLE_V2_ID = "https://wirestream.dev/schemas/article.v2.schema.json"
CURRENT = ARTICLE_V2
CURRENT_ID = ARTICLE_V2_ID


@cache
def load_schema(path: Path = CURRENT) -> dict:
    """Returns the parsed JSON Schema (cached per process)."""
    return json.loads(path.read_text(encoding="utf-8"))
