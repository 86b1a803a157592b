"""Every notebook and report parameter is checked by helpers.params, with one message style:
the parameter, its value, and what is expected."""

import pandas as pd
import pytest

from helpers import params
from helpers.params import BadParameter, UnknownId


@pytest.mark.parametrize(
    "start,end,needle",
    [
        ("2024-13-01", "2024-12-31", "parameter start='2024-13-01' is not a date"),
        ("2024-01-01", "31/12/2024", "parameter end='31/12/2024' is not a date"),
        ("01-02-2024", "2024-12-31", "parameter start='01-02-2024' is not a date"),
        (2024, "2024-12-31", "parameter start=2024 is not a date"),
        ("2024-12-31", "2024-01-01", "start='2024-12-31' is after end='2024-01-01': the range is reversed"),
        ("", "2024-01-01", "parameter start='' is not a date"),
    ],
)
def test_period_range_errors(start, end, needle):
    with pytest.raises(BadParameter) as info:
        params.period_range(start, end)
    assert needle in str(info.value)


def test_period_range_after_as_of(tiny):
    with pytest.raises(BadParameter, match="after the data's as_of date 2026-01-31"):
        params.period_range("2026-06-01", "2026-12-31", tiny)
    assert params.period_range("2024-01-01", "2024-12-31", tiny) == (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31"))


def test_day_accepts_dates_and_refuses_the_rest():
    assert params.day("on", pd.Timestamp("2024-12-01 13:00")) == pd.Timestamp("2024-12-01")
    assert params.day("on", None, allow_none=True) is None
    with pytest.raises(BadParameter, match="parameter on=None is not a date"):
        params.day("on", None)


@pytest.mark.parametrize("bad", [0, -3, 2.5, None, 10000, True, "thirty"])
def test_whole_days(bad):
    assert params.whole_days("window_days", "30", 1, 730) == 30
    with pytest.raises(BadParameter, match=r"parameter window_days=.* must be a whole number of days from 1 to 730"):
        params.whole_days("window_days", bad, 1, 730)


def test_known_id_names_closest(tiny):
    assert params.known_id("person_id", "ana-aliyeva", tiny.people["person_id"]) == "ana-aliyeva"
    with pytest.raises(UnknownId) as info:
        params.known_id("person_id", "ana-aliev", tiny.people["person_id"])
    assert "person_id='ana-aliev' is not a known id; closest: ana-aliyeva" in str(info.value)
    with pytest.raises(UnknownId):
        params.known_id("person_id", 2134, tiny.people["person_id"])


def test_kinds_come_from_the_schema():
    assert params.kinds("kinds", "criminal") == ["criminal"]
    assert params.kinds("kinds", None) is None
    with pytest.raises(BadParameter, match=r"unknown kind\(s\) \['political'\]; choose from criminal, administrative"):
        params.kinds("kinds", ["criminal", "political"])
