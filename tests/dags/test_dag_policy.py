"""The DAG folder parses cleanly and without I/O; the DAGs follow the scheduling policy; the
pure parts of news_ingest (plan, gate) behave."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import pytest

from tests.dags.conftest import DAGS_DIR, load_dag_file, need_airflow

need_airflow()

import pendulum  # noqa: E402
from airflow.dag_processing.dagbag import DagBag  # noqa: E402
from airflow.providers.apache.beam.operators.beam import (  # noqa: E402
    BeamRunPythonPipelineOperator,
)
from airflow.sdk import CronDataIntervalTimetable, Variable  # noqa: E402
from airflow.timetables.base import TimeRestriction  # noqa: E402
from airflow.timetables.interval import (  # noqa: E402
    CronDataIntervalTimetable as CoreCronDataIntervalTimetable,
)

ingest = load_dag_file("news_ingest.py")
consumer = load_dag_file("news_records_consumer.py")
START = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
END = START + timedelta(minutes=15)


@pytest.fixture(scope="module")
def bag() -> DagBag:
    return DagBag(dag_folder=str(DAGS_DIR))


def params(**changes):
    defaults = {name: param.value for name, param in ingest.PARAMS.items()}
    return {**defaults, "output_root": "/srv/news", "feeds": ["https://a.test/f.xml"], **changes}


def test_the_dag_folder_imports_without_errors(bag):
    assert bag.import_errors == {}
    assert set(bag.dag_ids) == {"news_ingest", "news_records_consumer"}
    # The Beam launcher is not a DAG file: .airflowignore keeps the processor away from it.
    assert {p.rsplit("/", 1)[1] for p in bag.file_last_changed} == {
        "news_ingest.py",
        "news_records_consumer.py",
    }


def test_parsing_needs_no_network_database_or_variables(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("I/O at DAG parse time")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(Variable, "get", refuse)
    monkeypatch.setattr("sqlalchemy.engine.Engine.connect", refuse)
    bag = DagBag(dag_folder=str(DAGS_DIR))
    assert bag.import_errors == {}
    assert len(bag.dags) == 2


def test_news_ingest_schedules_one_run_per_15_minute_interval(bag):
    dag = bag.dags["news_ingest"]
    timetable = dag.timetable
    assert isinstance(timetable, CronDataIntervalTimetable)
    assert timetable.expression == "*/15 * * * *"
    assert str(timetable.timezone) == "UTC"
    core = CoreCronDataIntervalTimetable(timetable.expression, timetable.timezone)
    manual = core.infer_manual_data_interval(run_after=pendulum.instance(END))
    assert (manual.start, manual.end) == (START, END)
    first = core.next_dagrun_info(
        last_automated_data_interval=None,
        restriction=TimeRestriction(earliest=dag.start_date, latest=None, catchup=True),
    )
    assert first.data_interval.start == dag.start_date
    assert first.data_interval.end - first.data_interval.start == timedelta(minutes=15)
    # No catch-up surprise on unpausing; one run at a time; backfills are explicit.
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert dag.start_date == datetime(2026, 1, 1, tzinfo=UTC)


def test_news_ingest_tasks_retry_time_out_and_are_documented(bag):
    dag = bag.dags["news_ingest"]
    assert {"wirestream", "beam"} <= set(dag.tags)
    assert dag.doc_md and "quality gate" in dag.doc_md
    assert [t.task_id for t in dag.topological_sort()] == ["plan", "beam_ingest", "quality_gate"]
    for t in dag.tasks:
        assert t.retries >= 2, t.task_id
        assert t.retry_delay >= timedelta(minutes=1), t.task_id
        assert t.execution_timeout is not None, t.task_id
    beam = dag.get_task("beam_ingest")
    assert isinstance(beam, BeamRunPythonPipelineOperator)
    assert beam.py_file == str(DAGS_DIR / "wirestream_launch.py")
    assert beam.deferrable is False
    assert beam.max_active_tis_per_dag == 1
    assert beam.execution_timeout == timedelta(minutes=30)
    gate = dag.get_task("quality_gate")
    assert [a.name for a in gate.outlets] == ["wirestream_news_records"]
    assert all(not t.outlets for t in dag.tasks if t is not gate)


def test_the_consumer_is_scheduled_on_the_gated_asset(bag):
    dag = bag.dags["news_records_consumer"]
    # The very Asset the gate emits (name, URI and group), not a reference to it: a consumer
    # scheduled on Asset.ref(...) gets runs without triggering_asset_events in Airflow 3.3.2.
    assert dag.timetable.asset_condition == consumer.NEWS_RECORDS == ingest.NEWS_RECORDS
    assert consumer.NEWS_RECORDS.group == ingest.NEWS_RECORDS.group
    assert dag.catchup is False and dag.tags and dag.doc_md
    assert all(t.retries >= 2 and t.execution_timeout for t in dag.tasks)


def test_param_defaults_reach_no_network():
    defaults = {name: param.value for name, param in ingest.PARAMS.items()}
    assert defaults["config"] is None and defaults["feeds"] == []
    assert defaults["allow_addresses"] == [] and defaults["runner"] == "DirectRunner"
    assert defaults["state"] is None and defaults["max_dead_letter_ratio"] == 0.2
    # Without a config or feeds, the run stops in `plan` with a clear message.
    with pytest.raises(ValueError, match="no feeds"):
        ingest.build_plan({**defaults, "output_root": "/srv/news"}, START, END)


def test_the_plan_maps_an_interval_to_its_partition_and_the_shared_state():
    plan = ingest.build_plan(
        params(
            allow_addresses=["127.0.0.1"],
            overrides=["fetch.per_host_delay_s=0"],
            beam_options={"direct_num_workers": 2},
        ),
        START,
        END,
    )
    assert plan["runner"] == "DirectRunner"
    assert plan["partition"] == "/srv/news/dt=2026-11-27/1200"
    assert plan["window"] == {"start": "2026-11-27T12:00:00Z", "end": "2026-11-27T12:15:00Z"}
    assert plan["pipeline_options"] == {
        "output": "/srv/news/dt=2026-11-27/1200",
        "state": "sqlite:////srv/news/_state/state.db",
        "window-start": "2026-11-27T12:00:00Z",
        "window-end": "2026-11-27T12:15:00Z",
        "config": None,
        "feed": ["https://a.test/f.xml"],
        "allow-address": ["127.0.0.1"],
        "set": ["fetch.per_host_delay_s=0"],
        "direct_num_workers": 2,
    }
    # Every interval of the day shares the store; a given state URI wins.
    later = ingest.build_plan(params(), END, END + timedelta(minutes=15))
    assert later["pipeline_options"]["state"] == plan["pipeline_options"]["state"]
    assert later["partition"] == "/srv/news/dt=2026-11-27/1215"
    pg = ingest.build_plan(params(state="postgresql://db/news"), START, END)
    assert pg["pipeline_options"]["state"] == "postgresql://db/news"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"output_root": "out/news"}, "absolute"),
        ({"beam_options": {"window_start": "x"}}, "own options"),
        ({"feeds": [], "config": None}, "no feeds"),
    ],
)
def test_the_plan_refuses_unusable_params(changes, message):
    with pytest.raises(ValueError, match=message):
        ingest.build_plan(params(**changes), START, END)
    with pytest.raises(ValueError, match="data interval"):
        ingest.build_plan(params(), None, None)


GOOD = {
    "window": {"start": "2026-11-27T12:00:00Z", "end": "2026-11-27T12:15:00Z"},
    "status": "succeeded",
    "problems": [],
    "identity_holds": True,
    "dead_letter_ratio": 0.1,
    "counts": {"entries_seen": 10, "records": 9, "dead_letter": 1},
}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, None),
        ({"dead_letter_ratio": 0.2}, None),  # at the threshold passes
        ({"dead_letter_ratio": 0.25}, "dead-letter ratio 0.25 is above"),
        ({"identity_holds": False}, "accounting identity"),
        ({"identity_holds": None}, "accounting identity"),
        ({"status": "failed", "problems": ["every feed failed"]}, "every feed failed"),
        ({"window": {"start": "2026-11-27T11:45:00Z"}}, "manifest is for window"),
        ({"dead_letter_ratio": None}, "dead-letter ratio None"),
    ],
)
def test_the_gate_checks_status_identity_ratio_and_window(changes, message):
    problems = ingest.gate_problems({**GOOD, **changes}, GOOD["window"], 0.2)
    if message is None:
        assert problems == []
    else:
        assert len(problems) == 1 and message in problems[0]
