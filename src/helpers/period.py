"""What a period report shows: new detentions, releases, charges, responses, against the previous
period of equal length."""

from __future__ import annotations

import pandas as pd

from .charges import charge_table
from .data import Dataset
from .schema import DayLike


def previous(start: pd.Timestamp, end: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The period of equal length just before [start, end]."""
    length = end - start
    return start - length - pd.Timedelta(days=1), start - pd.Timedelta(days=1)


def new_detentions(ds: Dataset, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    d = ds.detentions
    out = d[(d["detained_on"] >= start) & (d["detained_on"] <= end)]
    names = ds.people.set_index("person_id")["name"]
    from . import custody

    ended = custody.spans(ds).set_index("detention_id")
    out = out.assign(
        name=out["person_id"].map(names),
        custody_end=out["detention_id"].map(custody.end_text(ended.loc[out["detention_id"]]).to_dict()),
    )
    return out.sort_values(["detained_on", "detention_id"]).reset_index(drop=True)


def releases(ds: Dataset, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    d = ds.detentions
    out = d[(d["released_on"] >= start) & (d["released_on"] <= end)]
    names = ds.people.set_index("person_id")["name"]
    out = out.assign(name=out["person_id"].map(names), days_held=(out["released_on"] - out["detained_on"]).dt.days)
    return out.sort_values(["released_on", "detention_id"]).reset_index(drop=True)


def responses_in(ds: Dataset, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    r = ds.responses
    return (
        r[(r["responded_on"] >= start) & (r["responded_on"] <= end)]
        .sort_values(["responded_on", "response_id"])
        .reset_index(drop=True)
    )


def category_mix(ds: Dataset, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """Detentions beginning in the period facing each charge category (initial or added)."""
    c = charge_table(ds)
    c = c[(c["detained_on"] >= start) & (c["detained_on"] <= end) & c["stage"].isin(["initial", "added"])]
    return c.drop_duplicates(["detention_id", "category"])["category"].value_counts()


def comparison(ds: Dataset, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Headline counts for the period and the previous one of equal length."""
    ps, pe = previous(start, end)
    rows = {}
    for label, (s, e) in (("this period", (start, end)), ("previous period", (ps, pe))):
        nd = new_detentions(ds, s, e)
        rows[label] = {
            "new detentions": len(nd),
            "people detained": nd["person_id"].nunique(),
            "criminal": int((nd["kind"] == "criminal").sum()),
            "administrative or police custody": int(nd["kind"].isin(["administrative", "police-custody"]).sum()),
            "releases": len(releases(ds, s, e)),
            "dated responses": len(responses_in(ds, s, e)),
        }
    out = pd.DataFrame(rows)
    out["change"] = out["this period"] - out["previous period"]
    out.attrs["previous"] = (ps, pe)
    return out


def held_at(ds: Dataset, day: DayLike) -> dict[str, int]:
    """People in criminal or psychiatric custody on ``day``: certainly and possibly (``helpers.custody``)."""
    from . import custody

    h = custody.held_on(ds, day)
    h = h[custody.in_prison(h)]
    return {"certain": int(h.loc[h["certain"], "person_id"].nunique()), "possible": int(h["person_id"].nunique())}
