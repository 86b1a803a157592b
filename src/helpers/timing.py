"""When detentions happen relative to awards, international events and elections (questions 5-6).

Window counts are vectorised: detention days are sorted once and every window's bounds are
located with ``numpy.searchsorted``, so the permutation test costs O((events x permutations)
log detentions) without a loop over detentions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .data import Dataset, split_list

PHASES = ("before", "during", "after")


def detention_days(ds: Dataset, kinds: Iterable[str] | None = None, precision: Iterable[str] = ("day",)) -> pd.Series:
    """Sorted detention days usable for timing (only dates known to the day, by default)."""
    d = ds.detentions
    keep = d["date_precision"].isin(list(precision))
    if kinds is not None:
        keep &= d["kind"].isin(list(kinds))
    return d.loc[keep, "detained_on"].sort_values().reset_index(drop=True)


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
    """Detentions before, during and after each event (``events`` has event_id, starts_on, ends_on)."""
    sd = np.sort(_as_days(days))
    s = _as_days(events["starts_on"])
    e = _as_days(events["ends_on"].fillna(events["starts_on"]))
    out = pd.DataFrame({"event_id": events["event_id"].to_numpy()})
    for phase, (lo, hi) in window_bounds(s, e, window).items():
        out[phase] = count_between(sd, lo, hi)
    out["event_days"] = e - s + 1
    return out


@dataclass(frozen=True)
class PermutationResult:
    """Observed window count against placebo calendars."""

    phase: str
    window: int
    observed: int
    expected: float  # mean count over placebo calendars
    rate_ratio: float  # observed / expected
    ci_low: float  # rate ratio against the 97.5th and 2.5th percentiles of the placebo counts
    ci_high: float
    p_greater: float  # one-sided: placebo counts >= observed
    p_less: float  # one-sided: placebo counts <= observed
    n_events: int
    n_permutations: int

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def placebo_offsets(n_events: int, n_perm: int, max_shift: int, min_shift: int, rng: np.random.Generator) -> np.ndarray:
    """Random shifts (days) in [-max_shift, -min_shift] U [min_shift, max_shift], one per event and permutation.

    Keeping each placebo within ``max_shift`` days of the real date preserves the local level and
    trend of detentions; ``min_shift`` keeps placebo windows off the real one."""
    mag = rng.integers(min_shift, max_shift + 1, size=(n_perm, n_events))
    sign = rng.choice(np.array([-1, 1]), size=(n_perm, n_events))
    return mag * sign


def permutation_test(
    days: Iterable,
    events: pd.DataFrame,
    window: int,
    phase: str = "before",
    n_perm: int = 2000,
    seed: int = 20241203,
    max_shift: int = 365,
    min_shift: int | None = None,
    study: tuple | None = None,
) -> PermutationResult:
    """Randomization inference for the number of detentions in one phase of the events' windows.

    Each placebo calendar moves every event by its own random shift within ``max_shift`` days
    (a year by default, so season and local trend are roughly kept) and counts detentions in the
    same phase. Placebo windows that would fall outside ``study`` (first and last detention day by
    default) are redrawn by reflection back inside it.
    """
    if phase not in PHASES:
        raise ValueError(f"phase={phase!r}: choose one of {', '.join(PHASES)}")
    sd = np.sort(_as_days(days))
    s = _as_days(events["starts_on"])
    e = _as_days(events["ends_on"].fillna(events["starts_on"]))
    observed = int(window_counts(days, events, window)[phase].sum())
    rng = np.random.default_rng(seed)
    min_shift = min_shift if min_shift is not None else 2 * window + 1
    shifts = placebo_offsets(len(s), n_perm, max_shift, min_shift, rng)
    first, last = (sd.min(), sd.max()) if study is None else tuple(_as_days(list(study)))
    ps, pe = s[None, :] + shifts, e[None, :] + shifts
    # reflect placebo events that left the study period back inside it
    span_lo, span_hi = first + window, last - window - (e - s)[None, :]
    ps = np.where(ps < span_lo, s[None, :] + np.abs(shifts), ps)
    ps = np.where(ps > span_hi, s[None, :] - np.abs(shifts), ps)
    pe = ps + (e - s)[None, :]
    lo, hi = window_bounds(ps, pe, window)[phase]
    placebo = count_between(sd, lo, hi).sum(axis=1)
    expected = float(placebo.mean())
    q_lo, q_hi = np.percentile(placebo, [2.5, 97.5])
    rr = observed / expected if expected > 0 else float("nan")
    return PermutationResult(
        phase=phase,
        window=window,
        observed=observed,
        expected=round(expected, 3),
        rate_ratio=round(rr, 3),
        ci_low=round(float(observed / q_hi), 3) if q_hi > 0 else float("nan"),
        ci_high=round(float(observed / q_lo), 3) if q_lo > 0 else float("inf"),
        p_greater=round(float((1 + (placebo >= observed).sum()) / (1 + n_perm)), 4),
        p_less=round(float((1 + (placebo <= observed).sum()) / (1 + n_perm)), 4),
        n_events=int(len(s)),
        n_permutations=int(n_perm),
    )


def sensitivity(
    days: Iterable, events: pd.DataFrame, windows: Iterable[int] = (7, 30, 90), phases: Iterable[str] = PHASES, **kw
) -> pd.DataFrame:
    """The permutation test for every window length and phase, one row each."""
    rows = [permutation_test(days, events, w, phase=p, **kw).as_dict() for w in windows for p in phases]
    return pd.DataFrame(rows)


def event_calendar(ds: Dataset, types: Iterable[str]) -> pd.DataFrame:
    """Events of the given types that have a start day, sorted."""
    e = ds.events[ds.events["type"].isin(list(types)) & ds.events["starts_on"].notna()]
    return e.sort_values("starts_on").reset_index(drop=True)


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
