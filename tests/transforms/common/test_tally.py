"""The tally stage on Beam's DirectRunner: per-bundle sums, and the same sums as metrics."""

import apache_beam as beam
from apache_beam.testing.util import assert_that, equal_to

from pipelines.transforms.common.tally import TallyFn, count_pairs, outcome_counts


def keys_of(item):
    yield "records"
    yield f"language:{item['lang']}"
    yield f"place:{item['place']}"
    yield ("words", item["words"])


ITEMS = [
    {"lang": "en", "place": "Oslo (NO)", "words": 10},
    {"lang": "en", "place": "Lima (PE)", "words": 5},
    {"lang": "fr", "place": "Oslo (NO)", "words": 1},
]


TOTALS = {
    "records": 3,
    "language:en": 2,
    "language:fr": 1,
    "place:Oslo (NO)": 2,
    "place:Lima (PE)": 1,
    "words": 16,
}


def test_tallies_and_metrics_agree_and_names_stay_out_of_the_metrics():
    p = beam.Pipeline()
    totals = p | beam.Create(ITEMS) | beam.ParDo(TallyFn(keys_of)) | beam.CombinePerKey(sum)
    assert_that(totals, equal_to(list(TOTALS.items())))
    result = p.run()
    result.wait_until_finish()
    totals = TOTALS
    metrics = outcome_counts(result)
    assert metrics == {k: v for k, v in totals.items() if not k.startswith("place:")}


def test_a_runner_without_metrics_gives_none():
    class NoMetrics:
        def metrics(self):
            raise NotImplementedError

    assert outcome_counts(NoMetrics()) is None
    assert outcome_counts(object()) is None


def test_count_pairs_gives_one_pair_per_key():
    assert count_pairs(keys_of)(ITEMS[0]) == [
        ("records", 1),
        ("language:en", 1),
        ("place:Oslo (NO)", 1),
        ("words", 10),
    ]
