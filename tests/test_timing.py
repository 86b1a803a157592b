"""Window logic (property tests) and the permutation test (known answers)."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import timing

days_st = st.lists(st.integers(min_value=0, max_value=2000), min_size=0, max_size=60)


@given(days=days_st, lo=st.integers(-50, 2050), width=st.integers(0, 400))
@settings(max_examples=200, deadline=None)
def test_count_between_matches_brute_force(days, lo, width):
    sd = np.sort(np.array(days, dtype=np.int64))
    hi = lo + width
    assert timing.count_between(sd, np.array([lo]), np.array([hi]))[0] == sum(lo <= d <= hi for d in days)


@given(
    days=days_st, start=st.integers(100, 1800), length=st.integers(0, 30), window=st.integers(1, 90), shift=st.integers(-500, 500)
)
@settings(max_examples=150, deadline=None)
def test_windows_partition_and_shift_invariance(days, start, length, window, shift):
    base = pd.Timestamp("2015-01-01")
    dates = [base + pd.Timedelta(days=d) for d in days]
    ev = pd.DataFrame(
        {"event_id": ["e"], "starts_on": [base + pd.Timedelta(days=start)], "ends_on": [base + pd.Timedelta(days=start + length)]}
    )
    w = timing.window_counts(dates, ev, window).iloc[0]
    total = sum(start - window <= d <= start + length + window for d in days)
    assert w["before"] + w["during"] + w["after"] == total  # the three phases partition the span
    s, e = start, start + length
    assert w["before"] == sum(s - window <= d < s for d in days)
    assert w["during"] == sum(s <= d <= e for d in days)
    assert w["after"] == sum(e < d <= e + window for d in days)
    moved = timing.window_counts(
        [d + pd.Timedelta(days=shift) for d in dates],
        ev.assign(starts_on=ev["starts_on"] + pd.Timedelta(days=shift), ends_on=ev["ends_on"] + pd.Timedelta(days=shift)),
        window,
    ).iloc[0]
    assert (moved[["before", "during", "after"]] == w[["before", "during", "after"]]).all()


def synthetic(cluster: bool, seed: int = 1):
    """Ten years with one detention every third day (every 30-day window holds exactly 10); with
    ``cluster``, five extra at random in the 30 days before each of ten events."""
    base = pd.Timestamp("2012-01-01")
    days = list(range(0, 3650, 3))
    events = [400 + 300 * i for i in range(10)]
    if cluster:
        rng = np.random.default_rng(seed)
        for e in events:
            days += list(e - rng.integers(1, 31, size=5))
    dates = [base + pd.Timedelta(days=int(d)) for d in days]
    ev = pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(10)],
            "starts_on": [base + pd.Timedelta(days=e) for e in events],
            "ends_on": [pd.NaT] * 10,
        }
    )
    return dates, ev


def test_permutation_detects_a_planted_cluster():
    dates, ev = synthetic(cluster=True)
    r = timing.permutation_test(dates, ev, window=30, phase="before", n_perm=1000, seed=7)
    assert r.observed == 150  # the background 10 per window plus the planted 5 x 10
    assert r.rate_ratio > 1.3 and r.p_greater < 0.01 and r.ci_low > 1


def test_permutation_finds_nothing_in_a_flat_series():
    dates, ev = synthetic(cluster=False)
    r = timing.permutation_test(dates, ev, window=30, phase="before", n_perm=1000, seed=7)
    assert r.observed == 100 and r.expected == 100 and r.rate_ratio == 1.0
    assert r.p_greater > 0.05 and r.p_less > 0.05 and r.ci_low <= 1 <= r.ci_high


def test_permutation_is_reproducible_with_a_seed():
    dates, ev = synthetic(cluster=True)
    a = timing.permutation_test(dates, ev, window=30, n_perm=300, seed=11)
    b = timing.permutation_test(dates, ev, window=30, n_perm=300, seed=11)
    assert a == b


def test_known_window_counts():
    base = pd.Timestamp("2020-01-01")
    dates = [base + pd.Timedelta(days=d) for d in (0, 5, 9, 10, 12, 20, 25, 31)]
    ev = pd.DataFrame({"event_id": ["x"], "starts_on": [base + pd.Timedelta(days=10)], "ends_on": [base + pd.Timedelta(days=12)]})
    w = timing.window_counts(dates, ev, window=10).iloc[0]
    assert (w["before"], w["during"], w["after"]) == (
        3,
        2,
        1,
    )  # before [0, 9]: 0, 5, 9; during [10, 12]: 10, 12; after [13, 22]: 20
    assert w["event_days"] == 3


def test_award_lags(tiny):
    lags = timing.award_lags(tiny).set_index("detention_id")
    row = lags.loc["bakhtiyar-samadov-2024"]
    assert row["days_from_ceremony"] == -9 and row["days_from_announcement"] == 6 and row["link"] == "recipient"


def test_monthly_series_and_waves():
    idx = pd.period_range("2020-01", "2022-12", freq="M")
    s = pd.Series(1, index=idx)
    s[pd.Period("2022-06", "M")] = 9
    w = timing.waves(s, z=2)
    assert list(w.index.astype(str)) == ["2022-06"]


def test_monthly_series_fills_gaps(tiny):
    m = timing.monthly_series(tiny)
    assert m.sum() == 3 and m[pd.Period("2021-01", "M")] == 0
    assert m.index[-1] == pd.Period("2026-01", "M")
