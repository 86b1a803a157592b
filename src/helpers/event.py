"""What an event report shows: the detentions around one event against its baseline."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import timing
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


def baseline(ds: Dataset, event_id: str, window_days: int, n_perm: int = 2000, seed: int = 20241203) -> pd.DataFrame:
    """Observed counts per phase against placebo dates within a year of the event (permutation test)."""
    e = ds.events[ds.events["event_id"] == event_id].copy()
    e["starts_on"] = event_day(e)
    days = timing.detention_days(ds)
    rows = [timing.permutation_test(days, e, window_days, phase=p, n_perm=n_perm, seed=seed).as_dict() for p in timing.PHASES]
    return pd.DataFrame(rows)[
        ["phase", "window", "observed", "expected", "rate_ratio", "ci_low", "ci_high", "p_greater", "p_less"]
    ]


def monthly_around(ds: Dataset, event_id: str, months: int = 12) -> pd.Series:
    """New detentions per month from ``months`` before to ``months`` after the event."""
    day = event_row(ds, event_id)["event_day"]
    m = timing.monthly_series(ds)
    p = day.to_period("M")
    idx = pd.period_range(p - months, p + months, freq="M")
    return m.reindex(idx, fill_value=0)
