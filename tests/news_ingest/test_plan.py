from datetime import UTC, datetime

import pytest

from pipelines.core.settings import ConfigError
from pipelines.news_ingest.plan import Window


def test_default_window_is_the_quarter_hour_containing_now():
    now = datetime(2026, 11, 27, 12, 22, 41, tzinfo=UTC)
    window = Window.from_args(None, None, now=now)
    assert window.tag == "20261127T1215Z-20261127T1230Z"
    assert window.as_dict() == {"start": "2026-11-27T12:15:00Z", "end": "2026-11-27T12:30:00Z"}


def test_explicit_window_with_zones_and_seconds():
    window = Window.from_args("2026-11-27T13:00:00+01:00", "2026-11-27T12:00:30")
    assert window.start == datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    assert window.tag == "20261127T120000Z-20261127T120030Z"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-11-27T12:00", None, "go together"),
        ("2026-11-27T12:00", "2026-11-27T12:00", "before"),
        ("noon", "2026-11-27T12:00", "ISO 8601"),
    ],
)
def test_bad_windows(start, end, message):
    with pytest.raises(ConfigError, match=message):
        Window.from_args(start, end)
