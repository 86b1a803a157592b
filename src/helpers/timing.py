"""When detentions happen relative to awards, international events and elections (questions 5-6).

The unit of the timing analyses is the **arrest event**: the detentions of one group case on one
day count once, as do those of one person outside a group case on one day (seven journalists of
one outlet taken in one raid are one decision, not seven). Individual detentions are kept as a
sensitivity analysis.

Two methods, each in one place:
- :mod:`helpers.timingmodel` fits weekly counts of arrest events with a negative binomial
  regression (trend, month of year, the event windows) — the primary analysis;
- :func:`randomization_test` here is the robustness check: placebo calendars move every event of a
  year to the same days of another year (a random permutation of the study's years), which keeps
  the season and the events' positions relative to one another; the statistic is observed /
  expected arrest events in the windows, the expectation taken from the trend-and-season model
  without events, and the interval is the set of rate ratios the test does not reject (test
  inversion, 95 %).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .data import Dataset, split_list

PHASES = ("before", "during", "after")

#: Event families of the timing tests: label -> event types.
FAMILIES = {
    "international": ("international-event",),
    "elections": ("election", "referendum"),
}


def detention_days(ds: Dataset, kinds: Iterable[str] | None = None, precision: Iterable[str] = ("day",)) -> pd.Series:
    """Sorted detention days usable for timing (only dates known to the day, by default)."""
    d = ds.detentions
    keep = d["date_precision"].isin(list(precision))
    if kinds is not None:
        keep &= d["kind"].isin(list(kinds))
    return d.loc[keep, "detained_on"].sort_values().reset_index(drop=True)


def arrest_events(
    ds: Dataset, kinds: Iterable[str] | None = None, precision: Iterable[str] = ("day",), month_day: int | None = None
) -> pd.DataFrame:
    """One row per arrest event: a day and a group case, or a day and a person outside any group.

    ``month_day``: place detentions known only to the month on that day of the month (for a
    sensitivity analysis); by default only detentions dated to the day enter."""
    d = ds.detentions
    keep = d["date_precision"].isin(list(precision))
    if month_day is not None:
        keep |= d["date_precision"] == "month"
    if kinds is not None:
        keep &= d["kind"].isin(list(kinds))
    d = d[keep].copy()
    if month_day is not None:
        coarse = d["date_precision"] == "month"
        d.loc[coarse, "detained_on"] = d.loc[coarse, "detained_on"].dt.to_period("M").dt.start_time + pd.Timedelta(
            days=month_day - 1
        )
    d["unit"] = np.where(d["case_group"].notna(), "group:" + d["case_group"].fillna(""), "person:" + d["person_id"])
    out = (
        d.groupby(["detained_on", "unit"], as_index=False)
        .agg(detentions=("detention_id", "size"), detention_ids=("detention_id", lambda s: ";".join(sorted(s))))
        .rename(columns={"detained_on": "day"})
    )
    return out.sort_values(["day", "unit"]).reset_index(drop=True)


def _as_days(values) -> np.ndarray:
    """Dates as integer days since the epoch (int64), for fast arithmetic."""
    arr = pd.to_datetime(pd.Series(values)).to_numpy(dtype="datetime64[D]")
    return arr.astype(np.int64)


def count_between(sorted_days: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """How many of ``sorted_days`` fall in each closed interval [lo, hi] (any array shape)."""
    return np.searchsorted(sorted_days, hi, side="right") - np.searchsorted(sorted_days, lo, side="left")


def window_bounds(starts: np.ndarray, ends: np.ndarray, window: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The three phases around events lasting [start, end]: ``window`` days before, the event
    itself, and ``window`` days after (all in integer days, closed intervals)."""
    return {"before": (starts - window, starts - 1), "during": (starts, ends), "after": (ends + 1, ends + window)}


def window_counts(days: Iterable, events: pd.DataFrame, window: int) -> pd.DataFrame:
    """Detentions (or arrest events: pass their days) before, during and after each event
    (``events`` has event_id, starts_on, ends_on)."""
    sd = np.sort(_as_days(days))
    s = _as_days(events["starts_on"])
    e = _as_days(events["ends_on"].fillna(events["starts_on"]))
    out = pd.DataFrame({"event_id": events["event_id"].to_numpy()})
    for phase, (lo, hi) in window_bounds(s, e, window).items():
        out[phase] = count_between(sd, lo, hi)
    out["event_days"] = e - s + 1
    return out


def event_calendar(ds: Dataset, types: Iterable[str]) -> pd.DataFrame:
    """Events of the given types that have a start day, sorted."""
    e = ds.events[ds.events["type"].isin(list(types)) & ds.events["starts_on"].notna()]
    return e.sort_values("starts_on").reset_index(drop=True)


def phase_masks(day0: int, n_days: int, starts: np.ndarray, ends: np.ndarray, window: int) -> dict[str, np.ndarray]:
    """For each phase, a boolean mask over the days [day0, day0 + n_days) that lie in the phase of
    at least one event (the union: overlapping windows count a day once). ``starts``/``ends`` may
    be 2-D (placebo calendars x events); the masks then have one row per calendar."""
    starts, ends = np.atleast_2d(starts), np.atleast_2d(ends)
    out = {}
    for phase, (lo, hi) in window_bounds(starts, ends, window).items():
        lo = np.clip(lo - day0, 0, n_days)
        hi = np.clip(hi - day0 + 1, 0, n_days)
        diff = np.zeros((starts.shape[0], n_days + 1), dtype=np.int32)
        rows = np.repeat(np.arange(starts.shape[0]), starts.shape[1])
        np.add.at(diff, (rows, lo.ravel()), 1)
        np.add.at(diff, (rows, hi.ravel()), -1)
        out[phase] = np.cumsum(diff[:, :-1], axis=1) > 0
    return out


def daily_counts(days: Iterable, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """Arrest events (or detentions) per day from ``start`` to ``end``, gaps filled with 0."""
    idx = pd.date_range(start, end, freq="D")
    s = pd.Series(pd.to_datetime(pd.Series(list(days)))).value_counts()
    return s.reindex(idx, fill_value=0).astype(int).rename("count")


def year_permutations(years: np.ndarray, n_perm: int, rng: np.random.Generator) -> np.ndarray:
    """``n_perm`` random permutations of ``years`` (rows), the first being the identity."""
    perms = np.array([rng.permutation(years) for _ in range(n_perm)])
    perms[0] = years
    return perms


def move_to_year(days: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Integer days moved to the same month and day of ``years`` (29 February becomes 28 February).
    ``days`` (n,) and ``years`` (k, n) give (k, n)."""
    d = pd.to_datetime(days.astype("datetime64[D]"))
    month, dom = d.month.to_numpy(), d.day.to_numpy()
    dom = np.where((month == 2) & (dom == 29), 28, dom)
    y = np.asarray(years)
    text = (
        pd.Series(y.ravel()).astype(str).str.zfill(4)
        + "-"
        + pd.Series(np.broadcast_to(month, y.shape).ravel()).astype(str).str.zfill(2)
        + "-"
        + pd.Series(np.broadcast_to(dom, y.shape).ravel()).astype(str).str.zfill(2)
    )
    return _as_days(pd.to_datetime(text.to_numpy())).reshape(y.shape)


@dataclass(frozen=True)
class RandomizationResult:
    """Observed / expected arrest events in one phase of the events' windows, against placebo calendars."""

    phase: str
    window: int
    observed: int
    expected: float  # from the trend-and-season model without events
    rate_ratio: float  # observed / expected
    ci_low: float  # 95 % test-inversion interval (nan when the grid edge was reached)
    ci_high: float
    p_greater: float  # one-sided: placebo ratio >= observed ratio
    p_two_sided: float
    n_events: int
    n_permutations: int

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def randomization_test(
    daily: pd.Series,
    expected_daily: pd.Series,
    events: pd.DataFrame,
    window: int,
    phase: str = "before",
    n_perm: int = 2000,
    seed: int = 20241203,
    grid: np.ndarray | None = None,
) -> RandomizationResult:
    """Randomization inference for the rate ratio of arrest events in one phase of the events' windows.

    ``daily``: arrest events per day over the study; ``expected_daily``: their expectation under
    trend and season with no event effect (:func:`helpers.timingmodel.expected_daily`). Placebo
    calendars move each year's events to the same days of another year of the study (a random
    permutation of the whole years), so the season and the events' relative positions are kept;
    events outside the study's whole years stay where they are. The statistic is observed /
    expected in the union of the phase windows. The 95 % interval inverts the test: a rate ratio
    θ is inside when, after dividing the counts in the real windows by θ, the two-sided
    randomization p-value is at least 0.05. Events that fall on the same days every year (an
    annual forum) have no placebo contrast under this design: it compares calendars, not days.
    """
    if phase not in PHASES:
        raise ValueError(f"phase={phase!r}: choose one of {', '.join(PHASES)}")
    day0 = int(_as_days([daily.index[0]])[0])
    n = len(daily)
    y = daily.to_numpy(dtype=float)
    mu = expected_daily.reindex(daily.index).to_numpy(dtype=float)
    s = _as_days(events["starts_on"])
    e = _as_days(events["ends_on"].fillna(events["starts_on"]))
    idx = daily.index
    whole = [
        yr
        for yr in range(idx[0].year, idx[-1].year + 1)
        if pd.Timestamp(yr, 1, 1) >= idx[0] and pd.Timestamp(yr, 12, 31) <= idx[-1]
    ]
    years = np.array(whole)
    ev_year = pd.to_datetime(s.astype("datetime64[D]")).year.to_numpy()
    movable = np.isin(ev_year, years)
    rng = np.random.default_rng(seed)
    perms = year_permutations(years, n_perm, rng)
    pos = np.searchsorted(years, np.where(movable, ev_year, years[0]))
    target = np.where(movable[None, :], perms[:, pos], ev_year[None, :])  # (n_perm, events)
    ps = move_to_year(s, target)
    pe = ps + (e - s)[None, :]
    masks = phase_masks(day0, n, ps, pe, window)[phase].astype(float)  # row 0: the real calendar
    real = masks[0]
    exp_all = masks @ mu
    ok = exp_all > 0

    def p_values(theta: float) -> tuple[float, float, float]:
        yadj = np.where(real > 0, y / theta, y)
        ratio = np.where(ok, (masks @ yadj) / np.where(ok, exp_all, 1), np.nan)
        obs, plc = ratio[0], ratio[1:][ok[1:]]
        ge = (1 + np.sum(plc >= obs - 1e-12)) / (1 + len(plc))
        le = (1 + np.sum(plc <= obs + 1e-12)) / (1 + len(plc))
        return obs, ge, min(1.0, 2 * min(ge, le))

    obs_ratio, p_ge, p_two = p_values(1.0)
    grid = np.exp(np.linspace(np.log(0.05), np.log(20), 241)) if grid is None else grid
    inside = np.array([p_values(t)[2] >= 0.05 for t in grid])
    if inside.any():
        lo_i, hi_i = np.flatnonzero(inside)[[0, -1]]
        ci_low = float(grid[lo_i]) if lo_i > 0 else float("nan")
        ci_high = float(grid[hi_i]) if hi_i < len(grid) - 1 else float("nan")
    else:
        ci_low = ci_high = float("nan")
    return RandomizationResult(
        phase=phase,
        window=window,
        observed=int(round(real @ y)),
        expected=round(float(real @ mu), 3),
        rate_ratio=round(float(obs_ratio), 3),
        ci_low=round(ci_low, 3),
        ci_high=round(ci_high, 3),
        p_greater=round(float(p_ge), 4),
        p_two_sided=round(float(p_two), 4),
        n_events=int(len(s)),
        n_permutations=int(n_perm - 1),
    )


def randomization_table(
    daily: pd.Series,
    expected_daily: pd.Series,
    calendars: dict[str, pd.DataFrame],
    windows,
    n_perm: int = 2000,
    seed: int = 20241203,
) -> pd.DataFrame:
    """:func:`randomization_test` for every event family, window length and phase, one row each."""
    rows = [
        {"events": family, **randomization_test(daily, expected_daily, ev, w, phase=phase, n_perm=n_perm, seed=seed).as_dict()}
        for family, ev in calendars.items()
        for w in windows
        for phase in PHASES
    ]
    return pd.DataFrame(rows)


def award_lags(ds: Dataset, types: Iterable[str] = ("award", "nomination")) -> pd.DataFrame:
    """For each award or nomination, every detention of its recipients (or of their group case):
    days from the announcement and from the ceremony to the detention (negative: detention first)."""
    e = ds.events[ds.events["type"].isin(list(types))].copy()
    e["person_list"] = e["person_id"].map(split_list)
    by_person = e.explode("person_list").dropna(subset=["person_list"])
    d = ds.detentions[["detention_id", "person_id", "case_group", "detained_on", "date_precision"]]
    a = by_person.merge(d, left_on="person_list", right_on="person_id", suffixes=("_event", ""))
    a["link"] = "recipient"
    g = e.dropna(subset=["case_group"]).merge(d, on="case_group", suffixes=("_event", ""))
    g["link"] = "organisation"
    cols = [
        "event_id",
        "name",
        "type",
        "announced_on",
        "starts_on",
        "detention_id",
        "person_id",
        "detained_on",
        "date_precision",
        "link",
    ]
    out = pd.concat([a[cols], g[cols]], ignore_index=True)
    out["days_from_announcement"] = (out["detained_on"] - out["announced_on"]).dt.days.astype("Int64")
    out["days_from_ceremony"] = (out["detained_on"] - out["starts_on"]).dt.days.astype("Int64")
    return (
        out.drop_duplicates(["event_id", "detention_id"])
        .sort_values(["starts_on", "event_id", "detained_on"])
        .reset_index(drop=True)
    )


def award_people(ds: Dataset, types: Iterable[str] = ("award", "nomination")) -> pd.DataFrame:
    """One row per (award or nomination, person honoured) with its announcement and ceremony days."""
    e = ds.events[ds.events["type"].isin(list(types))].copy()
    e["person_list"] = e["person_id"].map(split_list)
    e = e.explode("person_list").dropna(subset=["person_list"])
    return e.rename(columns={"person_list": "honoured"})[["event_id", "name", "type", "honoured", "announced_on", "starts_on"]]


def award_timing(
    ds: Dataset,
    anchor: str = "announced_on",
    window: int = 90,
    n_perm: int = 5000,
    seed: int = 20241203,
    first_year: int = 2012,
    last_year: int | None = None,
) -> dict:
    """Are honoured people detained more often in the ``window`` days after an award's
    announcement (``anchor='announced_on'``) or ceremony (``'starts_on'``) than after the same
    days of other years?

    Only (award, person) pairs whose person was free on the day (not certainly or possibly in
    custody, :func:`helpers.custody.held_on`) are at risk. Each pair's placebo days are the same
    month and day of the other years of the study on which the person was also free; the null
    distribution draws one of them per pair (Monte Carlo, fixed seed). Returns the counts, the
    rate ratio and the one-sided p-value, plus the pairs."""
    from . import custody

    last_year = int(ds.as_of.year) - 1 if last_year is None else last_year
    pairs = award_people(ds).dropna(subset=[anchor])
    pairs = pairs[(pairs[anchor].dt.year >= first_year) & (pairs[anchor].dt.year <= last_year)].reset_index(drop=True)
    sp = custody.spans(ds)
    det = ds.detentions[ds.detentions["date_precision"] == "day"].groupby("person_id")["detained_on"].apply(list)
    years = np.arange(first_year, last_year + 1)

    def free(person: str, day: pd.Timestamp) -> bool:
        s = sp[sp["person_id"] == person]
        end = s["end_latest"].fillna(pd.Timestamp.max)
        return not ((s["start"] <= day) & (end >= day)).any()

    def hit(person: str, day: pd.Timestamp) -> int:
        return int(any(0 < (d - day).days <= window for d in det.get(person, [])))

    rows, placebo_hits = [], []
    for _, r in pairs.iterrows():
        day = r[anchor]
        at_risk = free(r["honoured"], day)
        others = []
        for y in years:
            if y == day.year:
                continue
            pd_ = pd.Timestamp(y, day.month, min(day.day, 28) if day.month == 2 else day.day)
            if pd_ + pd.Timedelta(days=window) <= ds.as_of and free(r["honoured"], pd_):
                others.append(hit(r["honoured"], pd_))
        rows.append(
            {
                **r.to_dict(),
                "free_on_day": at_risk,
                "detained_within": hit(r["honoured"], day) if at_risk else 0,
                "placebo_years": len(others),
                "placebo_rate": float(np.mean(others)) if others else np.nan,
            }
        )
        placebo_hits.append(np.array(others) if at_risk and others else None)
    table = pd.DataFrame(rows)
    use = [i for i, h in enumerate(placebo_hits) if h is not None]
    observed = int(table.loc[use, "detained_within"].sum())
    expected = float(table.loc[use, "placebo_rate"].sum())
    rng = np.random.default_rng(seed)
    sims = np.zeros(n_perm)
    for i in use:
        h = placebo_hits[i]
        sims += h[rng.integers(0, len(h), size=n_perm)]
    p = float((1 + np.sum(sims >= observed)) / (1 + n_perm)) if use else float("nan")
    return {
        "anchor": anchor,
        "window": window,
        "pairs": int(len(table)),
        "at_risk": int(len(use)),
        "in_custody_on_day": int((~table["free_on_day"]).sum()) if len(table) else 0,
        "observed": observed,
        "expected": round(expected, 3),
        "rate_ratio": round(observed / expected, 3) if expected > 0 else float("nan"),
        "p_greater": round(p, 4),
        "pairs_table": table,
    }


def monthly_series(ds: Dataset, kinds: Iterable[str] | None = None) -> pd.Series:
    """New detentions per calendar month (detentions known at least to the month), gaps filled with 0."""
    d = ds.detentions[ds.detentions["date_precision"].isin(["day", "month"])]
    if kinds is not None:
        d = d[d["kind"].isin(list(kinds))]
    months = d["detained_on"].dt.to_period("M")
    if months.empty:
        return pd.Series(dtype=int, name="detentions")
    idx = pd.period_range(months.min(), max(months.max(), ds.as_of.to_period("M")), freq="M")
    return months.value_counts().reindex(idx, fill_value=0).sort_index().rename("detentions")


def waves(monthly: pd.Series, z: float = 2.0, baseline_months: int = 24) -> pd.DataFrame:
    """Months whose count exceeds the trailing ``baseline_months`` mean by ``z`` standard deviations
    (at least 3 detentions): waves of repression against the recent level, not the whole period's."""
    base = monthly.shift(1).rolling(baseline_months, min_periods=6)
    mean, sd = base.mean(), base.std().replace(0, np.nan).fillna(1.0)
    score = (monthly - mean) / sd
    flagged = (score >= z) & (monthly >= 3)
    return pd.DataFrame({"detentions": monthly[flagged], "baseline_mean": mean[flagged].round(2), "z": score[flagged].round(2)})
