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


def daily_series(rr: float, seed: int, years: int = 10):
    """Poisson arrest events per day with a trend and a season, and one one-day event a year on a
    different day each year (events on the same day every year would leave the year-permuting
    placebo calendars nothing to compare); the 30 days before each event carry a rate ratio ``rr``."""
    rng = np.random.default_rng(seed)
    idx = pd.date_range("2012-01-01", periods=365 * years + 2, freq="D")
    t = np.arange(len(idx)) / 365.25
    mu = 0.08 * np.exp(0.12 * t) * (1 + 0.5 * np.sin(2 * np.pi * idx.dayofyear / 365.25))
    starts = pd.to_datetime([f"{2012 + i}-{3 + (i * 5) % 9:02d}-{5 + (i * 7) % 20:02d}" for i in range(years)])
    ev = pd.DataFrame({"event_id": [f"e{i}" for i in range(years)], "starts_on": starts, "ends_on": starts})
    before = np.zeros(len(idx), bool)
    for s in starts:
        before |= (idx >= s - pd.Timedelta(days=30)) & (idx < s)
    y = rng.poisson(mu * np.where(before, rr, 1.0))
    return pd.Series(y, index=idx), pd.Series(mu, index=idx), ev


def test_randomization_interval_covers_a_planted_ratio():
    daily, mu, ev = daily_series(rr=3.0, seed=1)
    r = timing.randomization_test(daily, mu, ev, 30, "before", n_perm=500, seed=3)
    assert r.rate_ratio > 1.8 and r.p_greater < 0.01
    assert r.ci_low > 1 and r.ci_low <= 3.0 <= r.ci_high  # test inversion: finite, covers the truth


def test_randomization_null_rejects_at_about_the_nominal_rate():
    # twenty independent null series: a valid test rejects about 5 % of them, a broken one most
    rejected = 0
    for seed in range(20):
        daily, mu, ev = daily_series(rr=1.0, seed=100 + seed)
        r = timing.randomization_test(daily, mu, ev, 30, "before", n_perm=200, seed=seed, grid=np.array([1.0]))
        rejected += r.p_two_sided < 0.05
    assert rejected <= 4


def test_placebo_calendars_keep_the_season_and_relative_positions():
    years = np.arange(2012, 2022)
    perms = timing.year_permutations(years, 50, np.random.default_rng(0))
    assert (perms[0] == years).all() and all(sorted(p) == list(years) for p in perms)
    days = timing._as_days(["2016-02-29", "2016-03-10"])
    moved = timing.move_to_year(days, np.array([[2017, 2017]]))
    assert list(pd.to_datetime(moved[0].astype("datetime64[D]")).strftime("%m-%d")) == ["02-28", "03-10"]


def test_arrest_events_count_a_group_raid_once(tiny):
    import dataclasses

    d = tiny.detentions.copy()
    extra = d.iloc[[0]].assign(detention_id="x-2023", person_id="x", case_group="grp")
    d.loc[d.index[0], "case_group"] = "grp"
    two = dataclasses.replace(tiny, detentions=pd.concat([d, extra], ignore_index=True))
    ae = timing.arrest_events(two)
    row = ae[ae["unit"] == "group:grp"].iloc[0]
    assert row["detentions"] == 2 and len(ae) == len(timing.detention_days(two)) - 1


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
