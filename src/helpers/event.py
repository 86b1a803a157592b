"""What an event report shows: the detentions around one event against its baseline."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import timing, timingmodel
from .data import Dataset
from .schema import event_day


def event_row(ds: Dataset, event_id: str) -> pd.Series:
    """One event's row, with its ``event_day`` (:func:`helpers.schema.event_day`)."""
    e = ds.events.assign(event_day=event_day(ds.events))
    return e.set_index("event_id").loc[event_id]


def detentions_around(ds: Dataset, event_id: str, window_days: int) -> pd.DataFrame:
    """Detentions within ``window_days`` before the event's start or after its end, or during it,
    with the phase and the distance in days."""
    e = event_row(ds, event_id)
    start = e["event_day"]
    end = e["ends_on"] if pd.notna(e["ends_on"]) else start
    d = ds.detentions
    lo, hi = start - pd.Timedelta(days=window_days), end + pd.Timedelta(days=window_days)
    out = d[(d["detained_on"] >= lo) & (d["detained_on"] <= hi)].copy()
    out["phase"] = np.select([out["detained_on"] < start, out["detained_on"] > end], ["before", "after"], "during")
    out["days_from_event"] = np.select(
        [out["detained_on"] < start, out["detained_on"] > end],
        [(out["detained_on"] - start).dt.days, (out["detained_on"] - end).dt.days],
        0,
    )
    names = ds.people.set_index("person_id")["name"]
    out["name"] = out["person_id"].map(names)
    return out.sort_values(["detained_on", "detention_id"]).reset_index(drop=True)


def baseline(ds: Dataset, event_id: str, window_days: int) -> pd.DataFrame:
    """Per phase (before, during, after): detentions, arrest events (a group case's or a person's
    detentions on one day count once, :func:`helpers.timing.arrest_events`), the arrest events the
    trend-and-season model expects (:func:`helpers.timingmodel.expected_daily`, fitted on the whole
    series), their ratio with a 95 % profile-likelihood interval (negative binomial over 7-day
    blocks, the model's over-dispersion) and the two-sided likelihood-ratio p-value of ratio 1.
    Windows are cut at the ends of the study; a phase wholly outside it has no estimate."""
    e = event_row(ds, event_id)
    start = e["event_day"]
    end = e["ends_on"] if pd.notna(e["ends_on"]) else start
    ae = timing.arrest_events(ds)
    first, last = ae["day"].min(), ae["day"].max()
    expected, null = timingmodel.expected_daily(ae["day"], first, last)
    daily = timing.daily_counts(ae["day"], first, last)
    people = timing.detention_days(ds)
    day = lambda d: pd.Timestamp(int(d), unit="D")  # noqa: E731
    s_, e_ = timing._as_days([start])[0], timing._as_days([end])[0]
    rows = []
    for phase, (lo_d, hi_d) in timing.window_bounds(s_, e_, window_days).items():
        lo, hi = day(lo_d), day(hi_d)
        lo_c, hi_c = max(lo, first), min(hi, last)
        row = {"phase": phase, "from": lo, "to": hi, "days_in_study": max(0, (hi_c - lo_c).days + 1)}
        row["detentions"] = int(((people >= lo) & (people <= hi)).sum())
        row["arrest_events"] = int(((ae["day"] >= lo) & (ae["day"] <= hi)).sum())
        if row["days_in_study"] == 0:
            rows.append({**row, "expected": np.nan, "rate_ratio": np.nan, "ci_low": np.nan, "ci_high": np.nan, "p_value": np.nan})
            continue
        y, mu = daily[lo_c:hi_c].to_numpy(), expected[lo_c:hi_c].to_numpy()
        blocks = np.arange(len(y)) // 7
        test = timingmodel.rate_ratio_test(np.bincount(blocks, weights=y), np.bincount(blocks, weights=mu), null.alpha)
        rows.append(
            {
                **row,
                "expected": round(float(mu.sum()), 2),
                **{k: round(v, 2) for k, v in test.items() if k != "p_value"},
                "p_value": round(test["p_value"], 4),
            }
        )
    return pd.DataFrame(rows)


def monthly_around(ds: Dataset, event_id: str, months: int = 12) -> pd.Series:
    """New detentions per month from ``months`` before to ``months`` after the event."""
    day = event_row(ds, event_id)["event_day"]
    m = timing.monthly_series(ds)
    p = day.to_period("M")
    idx = pd.period_range(p - months, p + months, freq="M")
    return m.reindex(idx, fill_value=0)
