"""What a case report shows for one person: detentions, charges, nearby events, responses, sources.

Every function takes the validated :class:`~helpers.data.Dataset` and a ``person_id`` and
returns a DataFrame ready to display; the report notebook only calls them.
"""

from __future__ import annotations

import pandas as pd

from .data import Dataset, explode_list, split_list
from .schema import event_day, stages


def profile(ds: Dataset, person_id: str) -> pd.Series:
    p = ds.people.set_index("person_id").loc[person_id]
    return pd.Series(
        {
            "Name": p["name"],
            "Name in Azerbaijani": p["name_az"] if pd.notna(p["name_az"]) else "",
            "Other spellings": ", ".join(split_list(p["aliases"])),
            "Roles": ", ".join(r.replace("-", " ") for r in split_list(p["roles"])),
            "Organisation": p["organisation"] if pd.notna(p["organisation"]) else "",
        }
    )


def detentions(ds: Dataset, person_id: str) -> pd.DataFrame:
    """The person's detentions, oldest first, with how custody ended (``helpers.custody``): the end
    as a day or a range (``custody_end``), the rule that bounds it (``end_rule``) and the days in
    custody (a range when the end is bounded, from the last confirmation when open)."""
    from . import custody

    d = ds.detentions[ds.detentions["person_id"] == person_id].sort_values("detained_on").copy()
    sp = custody.spans(ds).set_index("detention_id").loc[d["detention_id"]]
    d["custody_end"] = custody.end_text(sp).values
    d["end_rule"] = sp["end_basis"].map(custody.END_BASIS).values
    d["days_in_custody"] = custody.days_text(sp).values
    d["end_basis"] = sp["end_basis"].values
    return d.reset_index(drop=True)


def charges(ds: Dataset, person_id: str) -> pd.DataFrame:
    """Every charge of the person's detentions with the article's title, category and maximum term."""
    ids = detentions(ds, person_id)["detention_id"]
    c = ds.charges[ds.charges["detention_id"].isin(ids)]
    stage_order = pd.CategoricalDtype(list(stages()), ordered=True)
    out = c.merge(ds.criminal_code[["article", "title", "category", "max_years"]], on="article", how="left")
    out["stage"] = out["stage"].astype(stage_order)
    return out.sort_values(["detention_id", "stage", "article"]).reset_index(drop=True)


#: Days around a detention within which events that concern everyone are shown.
WINDOW_DAYS = 90
#: Events that concern everyone, shown near any detention: international events hosted in
#: Azerbaijan and national elections and referendums (municipal elections are not national).
CONTEXT_TYPES = ("international-event", "election", "referendum")
#: The rule, in the words the case report prints above its table.
EVENTS_RULE = (
    "The person's own events (awards, nominations, court judgments, pardons and personal triggers naming them) "
    "from a year before a detention to a year after its custody ended, and international events hosted in "
    "Azerbaijan and national elections and referendums within {window} days; nothing that concerns other people."
)


def events_near(ds: Dataset, person_id: str, window_days: int = WINDOW_DAYS, own_window_days: int = 365) -> pd.DataFrame:
    """The events relevant to each of the person's detentions (:data:`EVENTS_RULE`): their own
    events within ``own_window_days``, and the :data:`CONTEXT_TYPES` events that name no one within
    ``window_days`` (municipal elections left out).

    ``days_from_event`` is detention day minus event day: positive when the detention came after.
    """
    d = detentions(ds, person_id)[["detention_id", "detained_on"]]
    e = ds.events.copy()
    e["event_day"] = event_day(e)
    pairs = d.merge(e, how="cross")
    pairs["days_from_event"] = (pairs["detained_on"] - pairs["event_day"]).dt.days
    # a multi-day event counts as "during" (0) while it lasts
    last = pairs["ends_on"].fillna(pairs["event_day"])
    during = (pairs["detained_on"] >= pairs["event_day"]) & (pairs["detained_on"] <= last)
    pairs.loc[during, "days_from_event"] = 0
    after_end = pairs["detained_on"] > last
    pairs.loc[after_end, "days_from_event"] = (pairs["detained_on"] - last).dt.days
    pairs["days_from_announcement"] = (pairs["detained_on"] - pairs["announced_on"]).dt.days.astype("Int64")
    # the person's own events from a year before the detention to a year after its custody ended
    # (or the data's as_of while open): a pardon years into a long term is shown with it
    from . import custody

    sp = custody.spans(ds).set_index("detention_id")
    ends = sp["end_earliest"].where(sp["end_basis"] != "open", ds.as_of)  # the earliest the custody can have ended
    last_day = pairs["detention_id"].map(ends).fillna(ds.as_of)
    window = pd.Timedelta(days=own_window_days)
    own = pairs["person_id"].map(lambda v: person_id in split_list(v)).astype(bool) & (
        (pairs["event_day"] >= pairs["detained_on"] - window) & (pairs["event_day"] <= last_day + window)
    )
    context = (
        pairs["type"].isin(CONTEXT_TYPES)
        & pairs["person_id"].isna()
        & ~pairs["name"].str.contains("municipal", case=False, na=False)
    )
    near = context & (pairs["days_from_event"].abs() <= window_days)
    out = pairs[own | near]
    cols = [
        "detention_id",
        "event_id",
        "name",
        "type",
        "announced_on",
        "starts_on",
        "ends_on",
        "days_from_announcement",
        "days_from_event",
    ]
    return out[cols].sort_values(["detention_id", "starts_on", "event_id"]).reset_index(drop=True)


def person_events(ds: Dataset, person_id: str) -> pd.Series:
    """Boolean mask of the events that name the person (awards, judgments, personal triggers)."""
    return ds.events["person_id"].map(lambda v: person_id in split_list(v)).astype(bool)


def responses(ds: Dataset, person_id: str) -> pd.DataFrame:
    """Responses about the person's detentions, and about the group cases they belong to."""
    d = detentions(ds, person_id)
    groups = set(d["case_group"].dropna())
    r = ds.responses
    mine = r["detention_id"].isin(d["detention_id"]) | (r["detention_id"].isna() & r["case_group"].isin(groups))
    out = r[mine].copy()
    first = d.set_index("detention_id")["detained_on"]
    out["days_after_detention"] = (out["responded_on"] - out["detention_id"].map(first)).dt.days.astype("Int64")
    return out.sort_values(["responded_on", "response_id"]).reset_index(drop=True)


def sources(ds: Dataset, person_id: str) -> pd.DataFrame:
    """Every source cited by the rows about the person, with the tables that cite it."""
    d = detentions(ds, person_id)
    ids = set(d["detention_id"])
    parts = [
        ds.people.loc[ds.people["person_id"] == person_id, ["source_ids"]].assign(table="people"),
        d[["source_ids"]].assign(table="detentions"),
        ds.charges.loc[ds.charges["detention_id"].isin(ids), ["source_ids"]].assign(table="charges"),
        responses(ds, person_id)[["source_ids"]].assign(table="responses"),
        ds.events.loc[person_events(ds, person_id), ["source_ids"]].assign(table="events"),
    ]
    cited = explode_list(pd.concat(parts, ignore_index=True), "source_ids", keep=["table"])
    tables = cited.groupby("source_ids")["table"].agg(lambda s: ", ".join(sorted(set(s))))
    out = ds.sources.set_index("source_id").loc[tables.index].assign(cited_by=tables.values)
    return (
        out.rename_axis("source_id")
        .reset_index()
        .sort_values(["published_on", "source_id"], na_position="last")
        .reset_index(drop=True)
    )
