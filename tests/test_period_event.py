"""Period and event report helpers, and their parameter validation."""

import pandas as pd

from helpers import event, params, period


def test_previous_period_has_equal_length():
    s, e = params.period_range("2024-01-01", "2024-12-31")
    ps, pe = period.previous(s, e)
    assert (ps, pe) == (pd.Timestamp("2022-12-31"), pd.Timestamp("2023-12-31"))
    assert (pe - ps) == (e - s)


def test_comparison(tiny):
    s, e = params.period_range("2024-01-01", "2025-12-31")
    c = period.comparison(tiny, s, e)
    assert c.loc["new detentions", "this period"] == 1 and c.loc["releases", "this period"] == 1
    assert c.loc["new detentions", "previous period"] == 1  # 2022-01-01..2023-12-31 holds the 2023 case
    assert c.loc["dated responses", "this period"] == 1
    assert period.category_mix(tiny, s, e).to_dict() == {"public-order": 1}


def test_held_at(tiny):
    assert period.held_at(tiny, "2025-01-01") == {"certain": 2, "possible": 2}
    assert period.held_at(tiny, "2025-06-01") == {"certain": 1, "possible": 1}
    assert period.held_at(tiny, "2026-01-01") == {"certain": 0, "possible": 1}  # open after its last confirmation


def test_detentions_around(tiny):
    d = event.detentions_around(tiny, "cop29", 30).set_index("detention_id")
    assert d.loc["bakhtiyar-samadov-2024", "phase"] == "after" and d.loc["bakhtiyar-samadov-2024", "days_from_event"] == 9
    assert len(event.detentions_around(tiny, "cop29", 5)) == 0


def test_monthly_around(tiny):
    m = event.monthly_around(tiny, "cop29", months=2)
    assert len(m) == 5 and m[pd.Period("2024-12", "M")] == 1
