"""Who responds to detentions, how fast, asking what; and time to release (questions 7-8)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .data import Dataset, explode_list, split_list


def responses_by_detention(ds: Dataset) -> pd.DataFrame:
    """Every response paired with each detention it concerns: its own detention, or every detention
    of the group case it names."""
    r = ds.responses
    d = ds.detentions[["detention_id", "person_id", "detained_on", "date_precision", "case_group", "kind"]]
    direct = r[r["detention_id"].notna()].merge(d.drop(columns="case_group"), on="detention_id")
    group = r[r["detention_id"].isna()].drop(columns="detention_id").merge(d, on="case_group")
    group = group[group["responded_on"].isna() | (group["responded_on"] >= group["detained_on"])]
    out = pd.concat([direct, group], ignore_index=True)
    out["lag_days"] = (out["responded_on"] - out["detained_on"]).dt.days.astype("Int64")
    out.loc[out["date_precision"] != "day", "lag_days"] = pd.NA
    return out


def first_response(ds: Dataset, by: str | None = "actor_type") -> pd.DataFrame:
    """Days from detention to the first dated response, per detention (and per ``by`` group)."""
    rb = responses_by_detention(ds).dropna(subset=["lag_days"])
    keys = ["detention_id"] + ([by] if by else [])
    return rb.groupby(keys, as_index=False)["lag_days"].min()


def lag_summary(first: pd.DataFrame, by: str = "actor_type") -> pd.DataFrame:
    """Per group: detentions with a dated response, median days, and shares within 2 and 7 days."""
    g = first.groupby(by)["lag_days"]
    out = pd.DataFrame({"detentions": g.size(), "median_days": g.median(),
                        "within_2_days": g.apply(lambda s: (s <= 2).mean()).round(3),
                        "within_7_days": g.apply(lambda s: (s <= 7).mean()).round(3)})
    return out.sort_values(["median_days", "detentions"], ascending=[True, False])


def actor_response_matrix(ds: Dataset) -> pd.DataFrame:
    """Actor type x response type: number of responses."""
    return pd.crosstab(ds.responses["actor_type"], ds.responses["response_type"])


def addressees(ds: Dataset, n: int = 12) -> pd.Series:
    """Who responses ask to act, by how many responses address them (spellings as recorded)."""
    a = explode_list(ds.responses[["response_id", "addressed_to"]], "addressed_to", keep=["response_id"])
    key = a["addressed_to"].str.strip().str.replace(r"^(the )", "", regex=True)
    return key.value_counts().head(n).rename("responses")


def demands(ds: Dataset) -> pd.Series:
    """What responses ask for, by number of responses asking it."""
    d = explode_list(ds.responses[["response_id", "demands"]], "demands", keep=["response_id"])
    return d["demands"].value_counts().rename("responses")


def survival_frame(ds: Dataset, kinds=("criminal",), intensity_days: int = 30) -> tuple[pd.DataFrame, pd.Series]:
    """One row per detention usable for time-to-release analysis, and the count of rows left out by reason.

    ``duration`` is days from detention to release (``released`` = 1), or to the as_of date while
    the person is held or under house arrest (censored, ``released`` = 0). A move from prison to
    house arrest counts as leaving custody. Rows whose end is unknown are left out, and counted.
    Covariates: ``responses_early`` (responses within ``intensity_days`` of the detention, a
    measure of early attention that the length of detention cannot have caused), ``award`` (an
    award or nomination before the detention ended), ``journalist`` (role), ``era``.
    """
    d = ds.detentions[ds.detentions["kind"].isin(list(kinds))].copy()
    reasons = {}
    month_ok = d["date_precision"] == "day"
    reasons["detention date not known to the day"] = int((~month_ok).sum())
    d = d[month_ok]
    open_ = d["released_on"].isna() & d["status_as_of"].isin(["held", "house-arrest"])
    # house arrest as the status without a release date: still deprived of liberty, censored
    known_end = d["released_on"].notna()
    reasons["released but release day unknown, or status unknown"] = int((~open_ & ~known_end).sum())
    d = d[open_ | known_end]
    end = d["released_on"].where(d["released_on"].notna(), ds.as_of)
    d["duration"] = (end - d["detained_on"]).dt.days.astype(float)
    d["released"] = d["released_on"].notna().astype(int)
    rb = responses_by_detention(ds)
    early = rb[(rb["lag_days"] >= 0) & (rb["lag_days"] <= intensity_days)].groupby("detention_id").size()
    d["responses_early"] = d["detention_id"].map(early).fillna(0).astype(int)
    awards = ds.events[ds.events["type"].isin(["award", "nomination"])]
    aw = explode_list(awards[["event_id", "person_id", "starts_on", "announced_on"]], "person_id", keep=["event_id", "starts_on", "announced_on"])
    aw["day"] = aw["starts_on"].fillna(aw["announced_on"])
    first_award = aw.groupby("person_id")["day"].min()
    d["award"] = (d["person_id"].map(first_award) <= end).fillna(False).astype(bool)
    roles = ds.people.set_index("person_id")["roles"].map(split_list)
    d["journalist"] = d["person_id"].map(roles).map(lambda r: bool({"journalist", "blogger"} & set(r or [])))
    d["era"] = pd.cut(d["detained_on"].dt.year, [2012, 2018, 2023, 2100], right=False,
                      labels=["2012-2017", "2018-2022", "2023-"]).astype(str)
    cols = ["detention_id", "person_id", "detained_on", "duration", "released", "responses_early", "award", "journalist", "era"]
    return d[cols].reset_index(drop=True), pd.Series(reasons, name="left out")


def intensity_groups(sf: pd.DataFrame) -> pd.Series:
    """Advocacy intensity: no early response, one or two, three or more."""
    return pd.cut(sf["responses_early"], [-1, 0, 2, 10**6], labels=["none", "1-2", "3+"]).astype(str)


def km_curves(sf: pd.DataFrame, groups: pd.Series, times=(90, 365, 730, 1825)) -> tuple[dict, pd.DataFrame]:
    """Kaplan-Meier fits per group (lifelines) and a table of the share still detained at ``times``."""
    from lifelines import KaplanMeierFitter

    fits, rows = {}, []
    for label in sorted(groups.unique()):
        mask = groups == label
        km = KaplanMeierFitter(label=f"{label} (n={int(mask.sum())})")
        km.fit(sf.loc[mask, "duration"], event_observed=sf.loc[mask, "released"])
        fits[label] = km
        row = {"group": label, "n": int(mask.sum()), "released": int(sf.loc[mask, "released"].sum()),
               "median_days": float(km.median_survival_time_)}
        for t in times:
            row[f"still held at {t} days"] = round(float(km.predict(t)), 3)
        rows.append(row)
    return fits, pd.DataFrame(rows).set_index("group")


def logrank(sf: pd.DataFrame, groups: pd.Series) -> dict:
    """Log-rank test across groups (lifelines): statistic, degrees of freedom, p-value."""
    from lifelines.statistics import multivariate_logrank_test

    res = multivariate_logrank_test(sf["duration"], groups, sf["released"])
    return {"statistic": round(float(res.test_statistic), 3), "df": int(res.degrees_of_freedom),
            "p_value": round(float(res.p_value), 4)}
