"""Tests for pipelines.core.events.times (fictional sentences)."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.core.events.times import extract_times

THURSDAY = dt.datetime(2026, 11, 19, 15, 0, tzinfo=dt.UTC)


def t(text, value):
    return {"text": text, "value": value}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The example of the issue: the next day, at the GMT time given in brackets.
        (
            "Voting starts on Friday from 9 am [0600 GMT].",
            [t("Friday from 9 am [0600 GMT]", "2026-11-20T06:00:00Z")],
        ),
        (
            "at 9.30pm local time (1830 GMT) on Friday",
            [t("9.30pm local time (1830 GMT) on Friday", "2026-11-20T18:30:00Z")],
        ),
        # 1 am local on Saturday is 22:00 GMT on Friday.
        (
            "on Saturday from 1 am [2200 GMT]",
            [t("Saturday from 1 am [2200 GMT]", "2026-11-20T22:00:00Z")],
        ),
        ("Friday at 10:00 CET", [t("Friday at 10:00 CET", "2026-11-20T09:00:00Z")]),
        ("at noon GMT on Friday", [t("noon GMT on Friday", "2026-11-20T12:00:00Z")]),
        ("Talks open at 1400 GMT.", [t("1400 GMT", "2026-11-19T14:00:00Z")]),
        ("2026-11-20T06:00:00Z", [t("2026-11-20T06:00:00Z", "2026-11-20T06:00:00Z")]),
        ("2026-11-20T08:00:00+02:00", [t("2026-11-20T08:00:00+02:00", "2026-11-20T06:00:00Z")]),
        # Without a zone only the day is kept.
        ("The convoy leaves tomorrow at 6:30 am.", [t("tomorrow at 6:30 am", "2026-11-20")]),
        ("at 9 am on Friday", [t("9 am on Friday", "2026-11-20")]),
        ("The ferry leaves at 9 am.", []),
        # Explicit dates.
        ("March 3, 2026", [t("March 3, 2026", "2026-03-03")]),
        ("3 March 2026", [t("3 March 2026", "2026-03-03")]),
        ("on 2026-03-03", [t("2026-03-03", "2026-03-03")]),
        ("A report is due on 3 December.", [t("3 December", "2026-12-03")]),
        ("on Dec. 30", [t("Dec. 30", "2026-12-30")]),
        ("Friday, November 20", [t("Friday, November 20", "2026-11-20")]),
        ("It was shut in March 2025.", [t("March 2025", "2025-03")]),
        ("It opened in 2024.", [t("2024", "2024")]),
        ("It has grown since 1998.", [t("1998", "1998")]),
        # Relative expressions.
        ("yesterday", [t("yesterday", "2026-11-18")]),
        ("Today the port opened.", [t("Today", "2026-11-19")]),
        ("tonight", [t("tonight", "2026-11-19")]),
        ("tomorrow", [t("tomorrow", "2026-11-20")]),
        ("the day before yesterday", [t("the day before yesterday", "2026-11-17")]),
        ("next week", [t("next week", "2026-W48")]),
        ("last month", [t("last month", "2026-10")]),
        ("Last year it flooded.", [t("Last year", "2025")]),
        ("two days ago", [t("two days ago", "2026-11-17")]),
        ("a week ago", [t("a week ago", "2026-W46")]),
    ],
)
def test_times(text, expected):
    assert extract_times(text, THURSDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Nearest such day when nothing else tells.
        ("Friday", "2026-11-20"),
        ("Wednesday", "2026-11-18"),
        ("on Thursday", "2026-11-19"),
        # Qualifiers.
        ("last Friday", "2026-11-13"),
        ("next Thursday", "2026-11-26"),
        ("this Friday", "2026-11-20"),
        ("this past Monday", "2026-11-16"),
        ("It has rained since Sunday.", "2026-11-15"),
        # Tense.
        ("The ships sailed on Friday.", "2026-11-13"),
        ("The ships will sail on Wednesday.", "2026-11-25"),
        ("Talks resumed on Wednesday.", "2026-11-18"),
        ("The vote is scheduled for Monday.", "2026-11-23"),
    ],
)
def test_weekdays(text, expected):
    [found] = extract_times(text, THURSDAY)
    assert found["value"] == expected


def test_tense_is_read_in_the_weekday_s_own_clause():
    text = "Torres said on Friday that ships would sail on Monday."
    assert [x["value"] for x in extract_times(text, THURSDAY)] == ["2026-11-13", "2026-11-23"]
    text = "The vote, due on Sunday, was delayed on Tuesday."
    assert [x["value"] for x in extract_times(text, THURSDAY)] == ["2026-11-22", "2026-11-17"]


def test_a_date_without_a_year_is_the_nearest_one():
    january = dt.datetime(2027, 1, 2, tzinfo=dt.UTC)
    assert extract_times("on December 30", january) == [t("December 30", "2026-12-30")]
    assert extract_times("on March 3", THURSDAY) == [t("March 3", "2027-03-03")]


def test_relative_days_count_in_the_writer_s_time_zone():
    # 23:30 in New York on Thursday is already Friday in UTC.
    new_york = dt.timezone(dt.timedelta(hours=-5))
    late = dt.datetime(2026, 11, 19, 23, 30, tzinfo=new_york)
    assert extract_times("tomorrow", late) == [t("tomorrow", "2026-11-20")]
    naive = dt.datetime(2026, 11, 19, 23, 30)
    assert extract_times("tomorrow", naive) == [t("tomorrow", "2026-11-20")]


@pytest.mark.parametrize(
    "text",
    [
        "every Friday",
        "Fridays are quiet.",
        "They may win.",
        "The march began.",
        "on 3/4/2026",
        "in 2024 percent",
        "the 2024 elections",
        "It rose 12 percent.",
        "The score was 3-1.",
        "",
    ],
)
def test_not_times(text):
    assert extract_times(text, THURSDAY) == []
