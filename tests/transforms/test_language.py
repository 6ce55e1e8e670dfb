import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.core.settings import LanguageConfig
from pipelines.transforms.language import DetectLanguage, DetectLanguageFn

FR = "Le conseil régional a adopté jeudi soir un budget de transition après des heures de débat."


def test_fn_adds_language_and_provenance():
    fn = DetectLanguageFn(LanguageConfig())
    fn.setup()
    [out] = list(fn.process({"text": FR, "page_lang": "fr", "feed_language": None}))
    assert out["language"] == "fr"
    assert 0.9 <= out["language_confidence"] <= 1
    assert out["language_provenance"]["source"] == "detector"
    [und] = list(fn.process({"text": "12345 67890", "page_lang": "fr"}))
    assert und["language"] == "und" and und["language_confidence"] is None


def test_detect_language_in_a_pipeline_is_deterministic():
    texts = [
        FR,
        "Der Landtag hat am Donnerstag nach stundenlanger Debatte den Haushalt beschlossen.",
    ]
    with TestPipeline() as p:
        out = p | beam.Create([{"text": t} for t in texts]) | DetectLanguage(LanguageConfig())
        assert_that(out | beam.Map(lambda a: a["language"]), equal_to(["fr", "de"]))
