"""Who responds to detentions, how fast, asking what; and time to release (questions 7-8)."""

from __future__ import annotations

from collections.abc import Iterable

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
    out = pd.DataFrame(
        {
            "detentions": g.size(),
            "median_days": g.median(),
            "within_2_days": g.apply(lambda s: (s <= 2).mean()).round(3),
            "within_7_days": g.apply(lambda s: (s <= 7).mean()).round(3),
        }
    )
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


def survival_frame(
    ds: Dataset, kinds: Iterable[str] | None = ("criminal",), intensity_days: int = 30
) -> tuple[pd.DataFrame, pd.Series]:
    """One row per detention for time-to-release analysis, and the count of rows left out by reason.

    The bounds of custody come from :func:`helpers.custody.intervals`: ``lower`` and ``upper``
    are days from detention to the earliest and latest possible release (equal when the day is
    stated; ``upper`` infinite for a case open at its last confirmation or not bounded at all). A
    move from prison to house arrest counts as leaving custody; a death in custody is censored at
    the death. A release on the day of detention lies in (0, 0.5] (interval models need positive times).
    Nothing is left out: a start known only to the month or year widens the interval (counted).
    Covariates: ``responses_early`` (responses within ``intensity_days`` of the detention, a
    measure of early attention that the length of detention cannot have caused, though a detention
    that ends within those days has less time to draw them: :mod:`helpers.survival` fits the
    landmark model that avoids this), ``journalist`` (role), ``era``. Awards enter only the
    landmark model, counted up to the landmark (a flag "award before release" would credit the
    award to people who had to stay held long enough to receive it).
    """
    from . import custody

    d = ds.detentions[ds.detentions["kind"].isin(list(kinds))]
    sf = custody.intervals(ds, kinds=kinds)
    coarse = sf["detention_id"].map(d.set_index("detention_id")["date_precision"]) != "day"
    reasons = pd.Series(
        {"left out": 0, "start known only to the month or year (a wider interval)": int(coarse.sum())}, name="detentions"
    )
    sf["lower"] = sf["lower"].clip(lower=0)
    sf["upper"] = np.maximum(sf["upper"], 0.5)
    sf["released"] = np.isfinite(sf["upper"]).astype(int)
    rb = responses_by_detention(ds)
    early = rb[(rb["lag_days"] >= 0) & (rb["lag_days"] <= intensity_days)].groupby("detention_id").size()
    sf["responses_early"] = sf["detention_id"].map(early).fillna(0).astype(int)
    roles = ds.people.set_index("person_id")["roles"].map(split_list)
    sf["journalist"] = sf["person_id"].map(roles).map(lambda r: bool({"journalist", "blogger"} & set(r or [])))
    sf["era"] = pd.cut(sf["start"].dt.year, ERA_BINS, right=False, labels=ERA_LABELS).astype(str)
    cols = [
        "detention_id",
        "person_id",
        "start",
        "end_basis",
        "lower",
        "upper",
        "released",
        "died",
        "responses_early",
        "journalist",
        "era",
    ]
    return sf[cols].reset_index(drop=True), reasons


#: Eras of detention for the survival comparisons: [2012, 2018), [2018, 2023), [2023, ...).
ERA_BINS = [2012, 2018, 2023, 2100]
ERA_LABELS = ["2012-2017", "2018-2022", "2023-"]


def intensity_groups(sf: pd.DataFrame) -> pd.Series:
    """Advocacy intensity: no early response, one or two, three or more."""
    return pd.cut(sf["responses_early"], [-1, 0, 2, 10**6], labels=["none", "1-2", "3+"]).astype(str)


def km_curves(sf: pd.DataFrame, groups: pd.Series, times: Iterable[int] = (90, 365, 730, 1825)) -> tuple[dict, pd.DataFrame]:
    """Nonparametric (Turnbull) survival curves per group from interval-censored release days
    (lifelines ``KaplanMeierFitter.fit_interval_censoring``), and the share still detained at ``times``."""
    import warnings

    from lifelines import KaplanMeierFitter

    fits, rows = {}, []
    for label in sorted(groups.unique()):
        mask = (groups == label).values
        km = KaplanMeierFitter(label=f"{label} (n={int(mask.sum())})")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            km.fit_interval_censoring(sf.loc[mask, "lower"], sf.loc[mask, "upper"])
        fits[label] = km
        # the Turnbull estimate is unique only between intervals; its lower envelope puts each
        # release at the start of the interval in which it must lie
        sfun = km.survival_function_.iloc[:, 1]
        below = sfun[sfun <= 0.5]
        row = {
            "group": label,
            "n": int(mask.sum()),
            "release bounded": int(sf.loc[mask, "released"].sum()),
            "median_days": float(below.index[0]) if len(below) else float("inf"),
        }
        for t in times:
            row[f"still held at {t} days"] = round(float(sfun[sfun.index <= t].iloc[-1]) if (sfun.index <= t).any() else 1.0, 3)
        rows.append(row)
    return fits, pd.DataFrame(rows).set_index("group")


def group_test(sf: pd.DataFrame, groups: pd.Series) -> dict:
    """Likelihood-ratio test of a group difference in time to release: a Weibull accelerated
    failure time model fitted to the interval-censored release days (lifelines), with and without
    the group indicators. Returns the statistic, degrees of freedom and p-value."""
    import warnings

    from lifelines import WeibullAFTFitter
    from scipy import stats

    x = pd.get_dummies(groups.astype(str), drop_first=True, dtype=float)
    x.columns = [f"g{i}" for i in range(x.shape[1])]
    frame = pd.concat([sf[["lower", "upper"]].reset_index(drop=True), x.reset_index(drop=True)], axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        full = WeibullAFTFitter().fit_interval_censoring(frame, "lower", "upper")
        null = WeibullAFTFitter().fit_interval_censoring(frame[["lower", "upper"]], "lower", "upper")
    stat = 2 * (full.log_likelihood_ - null.log_likelihood_)
    df = x.shape[1]
    return {"statistic": round(float(stat), 3), "df": int(df), "p_value": round(float(stats.chi2.sf(stat, df)), 4)}


def compare_groups(sf: pd.DataFrame, comparisons: dict[str, pd.Series]) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """For each comparison (label -> group of each row): the likelihood-ratio test, the curves'
    table and the fits, each computed once."""
    tests, tables, fits = [], [], {}
    for label, groups in comparisons.items():
        fits[label], table = km_curves(sf, groups)
        tests.append({"comparison": label, **group_test(sf, groups)})
        tables.append(table.assign(comparison=label))
    return pd.DataFrame(tests).set_index("comparison"), pd.concat(tables), fits
