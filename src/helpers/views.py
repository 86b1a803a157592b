"""Views of a loaded dataset: a period and kinds (:func:`restrict`), or the data as they stood on
an earlier day (:func:`as_of_view`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import pandas as pd

from . import params
from .schema import Dataset, DayLike, event_day


def restrict(
    ds: Dataset, start: DayLike | None = None, end: DayLike | None = None, kinds: Iterable[str] | str | None = None
) -> Dataset:
    """The dataset limited to detentions that began in [start, end] (and of ``kinds``), with the
    charges and responses about them; people, events, articles and sources are kept whole."""
    start, end = params.day_range(start, end, allow_none=True)
    kinds = params.kinds("kinds", kinds)
    d = ds.detentions
    keep = pd.Series(True, index=d.index)
    if start is not None:
        keep &= d["detained_on"] >= start
    if end is not None:
        keep &= d["detained_on"] <= end
    if kinds is not None:
        keep &= d["kind"].isin(list(kinds))
    d = d[keep]
    groups = set(d["case_group"].dropna())
    r = ds.responses
    r = r[r["detention_id"].isin(d["detention_id"]) | (r["detention_id"].isna() & r["case_group"].isin(groups))]
    return dataclasses.replace(
        ds, detentions=d, charges=ds.charges[ds.charges["detention_id"].isin(d["detention_id"])], responses=r
    )


def as_of_view(ds: Dataset, as_of: DayLike | None = None) -> Dataset:
    """The dataset as it stood on an earlier ``as_of`` date: later detentions, responses and events
    are left out, and releases and verdicts after that date have not happened yet (censored)."""
    if as_of is None:
        return ds
    cut = params.day("as_of", as_of)
    if cut > ds.as_of:
        raise ValueError(f"as_of={cut:%Y-%m-%d} is after the data's as_of date {ds.as_of:%Y-%m-%d}")
    d = ds.detentions[ds.detentions["detained_on"] <= cut].copy()
    later = d["released_on"] > cut
    d.loc[later, ["released_on", "release_type", "release_event_id"]] = pd.NA
    d.loc[later, "status_as_of"] = "held"
    checks = ds.custody_checks[~(ds.custody_checks["observed_on"] > cut)]
    checks = checks[checks["detention_id"].isin(d["detention_id"])]
    for col in ("pretrial_ordered_on", "sentenced_on"):
        d.loc[d[col] > cut, col] = pd.NaT
    d.loc[d["sentenced_on"].isna(), "sentence_months"] = pd.NA
    c = ds.charges[ds.charges["detention_id"].isin(d["detention_id"]) & ~(ds.charges["charged_on"] > cut)]
    r = ds.responses[~(ds.responses["responded_on"] > cut)]
    r = r[r["detention_id"].isna() | r["detention_id"].isin(d["detention_id"])]
    e = ds.events[~(event_day(ds.events) > cut)]
    return dataclasses.replace(ds, as_of=cut, detentions=d, custody_checks=checks, charges=c, responses=r, events=e)
