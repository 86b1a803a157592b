"""Which charges are used, how they escalate, and whether group cases share them (questions 1-4)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .data import Dataset

BROUGHT = ("initial", "added")  # the charges a person faced, before any verdict


def charge_table(ds: Dataset) -> pd.DataFrame:
    """Every charge with its article's category, class and maximum term, and its detention's facts."""
    d = ds.detentions[["detention_id", "person_id", "kind", "detained_on", "date_precision", "case_group"]]
    c = ds.charges.merge(ds.criminal_code[["article", "title", "category", "cpj_class", "max_years"]], on="article", how="left")
    c = c.merge(d, on="detention_id", how="left")
    c["year"] = c["detained_on"].dt.year
    return c


def detention_categories(ds: Dataset, stages: Iterable[str] = BROUGHT) -> pd.DataFrame:
    """One row per (detention, category) brought against it."""
    c = charge_table(ds)
    c = c[c["stage"].isin(stages)]
    return c[["detention_id", "year", "category"]].drop_duplicates()


def category_by_year(ds: Dataset, stages: Iterable[str] = BROUGHT) -> pd.DataFrame:
    """Detentions per year facing each charge category (a detention counts once per category)."""
    dc = detention_categories(ds, stages)
    out = pd.crosstab(dc["year"], dc["category"])
    if len(out):
        out = out.reindex(range(int(out.index.min()), int(out.index.max()) + 1), fill_value=0)
    out.index.name = "year"
    out.columns.name = None
    return out[out.sum().sort_values(ascending=False).index]


def top_articles(ds: Dataset, n: int = 15, stages: Iterable[str] = BROUGHT) -> pd.DataFrame:
    """The articles brought against the most detentions, with title and category."""
    c = charge_table(ds)
    c = c[c["stage"].isin(stages)].drop_duplicates(["detention_id", "article"])
    counts = c.groupby("article").agg(detentions=("detention_id", "nunique"), people=("person_id", "nunique"))
    meta = ds.criminal_code.set_index("article")[["title", "category", "cpj_class"]]
    out = counts.join(meta).sort_values(["detentions", "article"], ascending=[False, True])
    return out.head(n)


def cooccurrence(ds: Dataset, articles: Iterable[str] | None = None, stages: Iterable[str] = BROUGHT) -> pd.DataFrame:
    """Article x article: number of detentions charged with both (diagonal: with the article at all)."""
    c = charge_table(ds)
    c = c[c["stage"].isin(stages)]
    if articles is not None:
        c = c[c["article"].isin(list(articles))]
    onehot = pd.crosstab(c["detention_id"], c["article"]).clip(upper=1)
    m = onehot.T @ onehot
    m.index.name = m.columns.name = "article"
    return m


def escalation(ds: Dataset) -> pd.DataFrame:
    """Per criminal detention with charges: were articles added, after how many days, and how the
    highest sourced maximum term moved from the initial charges to all charges brought."""
    c = charge_table(ds)
    c = c[(c["kind"] == "criminal") & c["stage"].isin(BROUGHT)]
    added = c[c["stage"] == "added"]
    initial = c[c["stage"] == "initial"]
    g = c.groupby("detention_id")
    out = pd.DataFrame(
        {
            "detained_on": g["detained_on"].first(),
            "date_precision": g["date_precision"].first(),
            "case_group": g["case_group"].first(),
            "year": g["year"].first(),
        }
    )
    out["case"] = out["case_group"].fillna(pd.Series(out.index, index=out.index))
    out["articles_initial"] = initial.groupby("detention_id")["article"].nunique().reindex(out.index, fill_value=0)
    out["articles_added"] = added.groupby("detention_id")["article"].nunique().reindex(out.index, fill_value=0)
    # an escalation needs a starting point: articles added to an initial charge that is recorded
    out["added_without_initial"] = (out["articles_added"] > 0) & (out["articles_initial"] == 0)
    out["escalated"] = (out["articles_added"] > 0) & (out["articles_initial"] > 0)
    first_added = added.groupby("detention_id")["charged_on"].min()
    delay = (first_added - out["detained_on"]).dt.days.reindex(out.index)
    # people charged while free and detained later (rules.py asks the notes to say so)
    out["charged_before_detention"] = (delay < 0).fillna(False).astype(bool)
    delay = delay.where((out["date_precision"] == "day") & out["escalated"] & ~out["charged_before_detention"])
    out["days_to_first_added"] = delay.astype("Float64")
    out["max_years_initial"] = initial.groupby("detention_id")["max_years"].max().reindex(out.index).astype("Float64")
    out["max_years_added"] = added.groupby("detention_id")["max_years"].max().reindex(out.index).astype("Float64")
    out["max_years_brought"] = c.groupby("detention_id")["max_years"].max().reindex(out.index).astype("Float64")
    # growth is measured only where both an initial and an added article have a sourced maximum
    out["max_years_growth"] = (out["max_years_brought"] - out["max_years_initial"]).where(out["max_years_added"].notna())
    return out


def escalation_summary(esc: pd.DataFrame) -> dict:
    """Headline numbers for question 2, per detention and per case (a group case counted once:
    escalated when any member's charges were)."""
    delays = esc["days_to_first_added"].dropna()
    growth = esc.loc[esc["escalated"], "max_years_growth"].dropna()
    cases = esc.groupby("case")["escalated"].any()
    return {
        "detentions": int(len(esc)),
        "escalated": int(esc["escalated"].sum()),
        "share_escalated": float(esc["escalated"].mean()) if len(esc) else float("nan"),
        "cases": int(len(cases)),
        "cases_escalated": int(cases.sum()),
        "share_cases_escalated": float(cases.mean()) if len(cases) else float("nan"),
        "added_without_initial": int(esc["added_without_initial"].sum()),
        "charged_before_detention": int(esc["charged_before_detention"].sum()),
        "delays_known": int(len(delays)),
        "median_days_to_added": float(delays.median()) if len(delays) else float("nan"),
        "growth_known": int(len(growth)),
        "median_growth_years": float(growth.median()) if len(growth) else float("nan"),
    }


def charge_sets(ds: Dataset, stages: Iterable[str] = BROUGHT) -> pd.Series:
    """The set of articles brought in each criminal detention, as a sorted tuple."""
    c = charge_table(ds)
    c = c[(c["kind"] == "criminal") & c["stage"].isin(stages)]
    return c.groupby("detention_id")["article"].agg(lambda s: tuple(sorted(set(s))))


def group_charge_sets(ds: Dataset, stages: Iterable[str] = BROUGHT, min_members: int = 3) -> pd.DataFrame:
    """For each group case with at least ``min_members`` charged detentions: how many distinct
    charge sets, and the share of members whose set equals the commonest one."""
    sets = charge_sets(ds, stages)
    groups = ds.detentions.set_index("detention_id")["case_group"]
    frame = pd.DataFrame({"set": sets, "case_group": groups.reindex(sets.index)}).dropna(subset=["case_group"])
    rows = []
    for group, g in frame.groupby("case_group"):
        if len(g) < min_members:
            continue
        counts = g["set"].value_counts()
        rows.append(
            {
                "case_group": group,
                "members": len(g),
                "distinct_sets": int(counts.size),
                "share_modal_set": round(float(counts.iloc[0] / len(g)), 3),
                "modal_set": " + ".join(counts.index[0]),
            }
        )
    cols = ["case_group", "members", "distinct_sets", "share_modal_set", "modal_set"]
    return pd.DataFrame(rows, columns=cols).sort_values(["members", "case_group"], ascending=[False, True]).reset_index(drop=True)


UNITS = ("detention", "case")


def ordinary_only(ds: Dataset, stages: Iterable[str] = BROUGHT, unit: str = "detention") -> pd.DataFrame:
    """Per criminal detention with charges (``unit='case'``: per case, a group case counted once
    with every article brought against any member): does it rest only on ordinary-crime
    (retaliatory) articles?"""
    if unit not in UNITS:
        raise ValueError(f"unit={unit!r}: choose one of {', '.join(UNITS)}")
    c = charge_table(ds)
    c = c[(c["kind"] == "criminal") & c["stage"].isin(stages)].sort_values("detained_on")
    key = c["detention_id"] if unit == "detention" else c["case_group"].fillna(c["detention_id"])
    g = c.groupby(key)
    return pd.DataFrame(
        {
            "year": g["year"].first(),
            "ordinary_only": g["cpj_class"].agg(lambda s: bool((s == "retaliatory").all())),
            "any_anti_state": g["cpj_class"].agg(lambda s: bool((s == "anti-state").any())),
        }
    )


def ordinary_share_by_year(ds: Dataset, stages: Iterable[str] = BROUGHT, unit: str = "detention") -> pd.DataFrame:
    """Yearly count of charged criminal detentions (or cases, by their first detention's year) and
    the share resting only on ordinary-crime articles."""
    o = ordinary_only(ds, stages, unit)
    out = o.groupby("year").agg(
        detentions=("ordinary_only", "size"),
        ordinary_only=("ordinary_only", "sum"),
        political=("ordinary_only", lambda s: int((~s).sum())),
    )
    out["share_ordinary_only"] = (out["ordinary_only"] / out["detentions"]).round(3)
    out.index = out.index.astype(int)
    return out
