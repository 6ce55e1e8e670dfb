"""The record schemas: ``article.v1.schema.json`` is the single source of truth.

Load it with :func:`load_schema`; ``python -c "import schemas; print(schemas.ARTICLE_V1)"`` prints
its path.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parent
ARTICLE_V1 = SCHEMA_DIR / "article.v1.schema.json"
ARTICLE_V1_ID = "https://wirestream.dev/schemas/article.v1.schema.json"


@cache
def load_schema(path: Path = ARTICLE_V1) -> dict:
    """Returns the parsed JSON Schema (cached per process)."""
    return json.loads(path.read_text(encoding="utf-8"))
