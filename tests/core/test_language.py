import subprocess
import sys

import pytest

from pipelines.core.language import LanguageDetector, normalize_code

TEXTS = {
    "en": "The city council approved the budget on Tuesday after a long debate about transport.",
    "fr": "Le conseil municipal a adopté mardi le budget après un long débat sur les transports.",
    "de": "Der Stadtrat hat am Dienstag nach langer Debatte über Verkehr den Etat beschlossen.",
    "es": "El ayuntamiento aprobó el martes el presupuesto tras un largo debate sobre transporte.",
    "it": "Il consiglio comunale ha approvato martedì il bilancio dopo un lungo dibattito.",
}


@pytest.fixture(scope="module")
def detector():
    return LanguageDetector()


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_detects_clear_text(detector, lang):
    result = detector.detect(TEXTS[lang])
    assert result.language == lang
    assert result.source == "detector"
    assert result.level == "high"


@pytest.mark.parametrize("text", ["", "   ", "1234 5678 90", "https://example.com/a/b?c=d", "!!!"])
def test_featureless_text_is_und_never_an_exception(detector, text):
    result = detector.detect(text, page_lang="fr", feed_lang="fr")
    assert result.language == "und"
    assert result.confidence is None
    assert result.candidates["page"] == "fr"


class UnsureDetector(LanguageDetector):
    """The real decision logic over fixed detector candidates (60 % es, 40 % it)."""

    def candidates(self, text):
        return [("es", 0.6), ("it", 0.4)]


def test_unsure_detection_defers_to_a_declared_language_among_candidates():
    detector = UnsureDetector()
    hinted = detector.detect("any text", page_lang="it-IT", feed_lang="es")
    assert (hinted.language, hinted.source, hinted.level) == ("it", "page", "medium")
    assert hinted.confidence == 0.4
    from_feed = detector.detect("any text", feed_lang="it")
    assert (from_feed.language, from_feed.source) == ("it", "feed")


def test_unsure_detection_keeps_the_detector_when_hints_disagree():
    result = UnsureDetector().detect("any text", page_lang="fr")
    assert (result.language, result.source, result.level) == ("es", "detector", "low")
    assert "hint_disagrees" in result.flags


def test_codes_are_normalised():
    assert normalize_code("zh-cn") == "zh"
    assert normalize_code("EN_us") == "en"
    assert normalize_code("no") == "nb"
    assert normalize_code("not a code") is None


def test_same_result_in_separate_processes():
    code = (
        "from pipelines.core.language import LanguageDetector as D;"
        "r = D().candidates('Ceci est un petit texte, assez court mais clairement rédigé.');"
        "print(r)"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        for _ in range(3)
    }
    assert len(outputs) == 1
