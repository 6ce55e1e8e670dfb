"""DetectLanguage: adds the language, its confidence and provenance to each article."""

from __future__ import annotations

from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipelines.core.language import LanguageDetector
from pipelines.core.settings import LanguageConfig

__all__ = ["DetectLanguage"]


class DetectLanguageFn(beam.DoFn):
    """Seeds langdetect in ``setup`` (per worker process) and detects on a bounded prefix."""

    def __init__(self, language: LanguageConfig) -> None:
        self._language = language
        self._detector: LanguageDetector | None = None
        self.undetermined = Metrics.counter("language", "und")

    def setup(self) -> None:
        lang = self._language
        self._detector = LanguageDetector(
            lang.max_chars, lang.min_chars, lang.min_confidence, lang.seed
        )

    def process(self, article: dict[str, Any]):
        assert self._detector is not None
        result = self._detector.detect(
            article["text"], article.get("page_lang"), article.get("feed_language")
        )
        if result.language == "und":
            self.undetermined.inc()
        yield {
            **article,
            "language": result.language,
            "language_confidence": result.confidence,
            "language_provenance": result.provenance(),
        }


class DetectLanguage(beam.PTransform):
    """Articles → articles with ``language``; detection never raises."""

    def __init__(self, language: LanguageConfig) -> None:
        super().__init__()
        self._fn = DetectLanguageFn(language)

    def expand(self, articles):
        return articles | "Detect" >> beam.ParDo(self._fn)
