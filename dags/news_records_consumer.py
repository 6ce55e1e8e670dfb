"""
# news_records_consumer

An example downstream DAG: it runs whenever `news_ingest` publishes the records of an interval
that passed the quality gate (an event on the Asset `wirestream_news_records`), and summarises
them — records per language and per source. Replace `summarize` with your own load step.

Each triggering event's `extra` carries `window`, `partition`, `records` (absolute paths of the
interval's JSON Lines files), `record_count`, `dead_letter_ratio`, `run_id` and
`config_digest`. Several events may arrive in one run (the consumer was paused, or intervals
finished quickly one after another): each is handled, in order.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pendulum
from airflow.sdk import DAG, Asset, task
from airflow.sdk.exceptions import AirflowSkipException

# The same Asset as news_ingest's gate outlet (tests keep the two definitions equal). Not
# `Asset.ref(name=...)`: Airflow 3.3.2 triggers a DAG scheduled on a reference but hands it no
# triggering_asset_events (the scheduler collects only events of directly scheduled assets).
NEWS_RECORDS = Asset(
    name="wirestream_news_records",
    uri="x-wirestream://news_ingest/records",
    group="wirestream",
)


def summarize(extra: dict[str, Any]) -> dict[str, Any]:
    """Counts one interval's records per language and source; checks the announced count."""
    languages: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    for name in extra["records"]:
        with Path(name).open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                languages[record["data"]["language"]] += 1
                sources[record["source"]] += 1
    total = sum(languages.values())
    if total != extra["record_count"]:
        raise ValueError(
            f"{extra['partition']}: {total} records, the event announced {extra['record_count']}"
        )
    return {
        "window": extra["window"],
        "records": total,
        "languages": dict(languages.most_common()),
        "sources": dict(sources.most_common()),
    }


with DAG(
    dag_id="news_records_consumer",
    description="Example consumer of wirestream's gated news records",
    schedule=NEWS_RECORDS,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args={
        "owner": "wirestream",
        "retries": 2,
        "retry_delay": timedelta(minutes=1),
        "execution_timeout": timedelta(minutes=10),
    },
    tags=["wirestream", "news", "example"],
    doc_md=__doc__,
):

    @task
    def summarize_records(*, triggering_asset_events=None) -> list[dict[str, Any]]:
        events = [e for batch in (triggering_asset_events or {}).values() for e in batch]
        if not events:
            raise AirflowSkipException("no triggering Asset events (a manual run?)")
        summaries = []
        for event in events:
            summary = summarize(event.extra)
            print(json.dumps(summary, sort_keys=True))
            summaries.append(summary)
        return summaries

    summarize_records()
