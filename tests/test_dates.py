"""Vague dates: EDTF in, sortable bounds and honest wording out."""

import datetime as dt

import pytest

from tracker.dates import InvalidDate, describe_edtf, parse_vague_date


@pytest.mark.parametrize(
    ("value", "earliest", "latest", "words"),
    [
        ("2025-04-12", "2025-04-12", "2025-04-12", "12 April 2025"),
        ("2025-04-26~", "2025-04-26", "2025-04-26", "week of 26 April 2025 (expected)"),
        ("2025-05?", "2025-05-01", "2025-05-31", "May 2025 (unconfirmed)"),
        ("2025-04", "2025-04-01", "2025-04-30", "April 2025"),
        ("2025", "2025-01-01", "2025-12-31", "2025"),
        ("2025-04-19/2025-04-20", "2025-04-19", "2025-04-20", "19 April 2025 – 20 April 2025"),
        (
            "2025-04-26%",
            "2025-04-26",
            "2025-04-26",
            "week of 26 April 2025 (expected, unconfirmed)",
        ),
    ],
)
def test_bounds_and_wording(value, earliest, latest, words):
    parsed = parse_vague_date(value)
    assert parsed.earliest == dt.date.fromisoformat(earliest)
    assert parsed.latest == dt.date.fromisoformat(latest)
    assert describe_edtf(value) == words


@pytest.mark.parametrize(
    "value", ["", "next week", "2025-02-30", "2025-13-01", "2025-04-20/2025-04-19", "9" * 80]
)
def test_impossible_or_unreadable_dates_are_refused(value):
    with pytest.raises(InvalidDate):
        parse_vague_date(value)
