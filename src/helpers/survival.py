"""Time to release as a referee would fit it (question 8): a landmark Cox model, deaths as a
competing risk, and time to a first response counted per case.

- :func:`landmark_frame` keeps the criminal detentions certainly still held ``landmark`` days after
  they began (so nobody "had to stay held" to earn a covariate: immortal time is excluded) and
  measures early advocacy and awards up to the landmark only.
- :func:`landmark_cox` fits lifelines' ``CoxPHFitter`` stratified by era with robust errors
  clustered by case; release days known only as an interval are multiply imputed (uniform within
  the interval, fixed seed) and the fits combined with Rubin's rules; a death in custody or a case
  still open is censored (cause-specific hazard of release).
- :func:`cumulative_incidence` gives the Aalen-Johansen curves of release and of death in custody.
- :func:`first_response_incidence` is the cumulative incidence of a first response per case (a
  group statement counts once for its case), with the end of custody as a competing event.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .advocacy import responses_by_detention, survival_frame
from .data import Dataset

COVARIATES = ["responses_early", "award_by_landmark", "journalist"]


def landmark_frame(ds: Dataset, landmark: int = 30) -> tuple[pd.DataFrame, pd.Series]:
    """Criminal detentions certainly held at day ``landmark``; times counted from the landmark.

    Returns the frame and the count of detentions left out, by reason."""
    sf, _ = survival_frame(ds, intensity_days=landmark)
    d = ds.detentions.set_index("detention_id")
    sf["case"] = sf["detention_id"].map(d["case_group"]).fillna(sf["detention_id"])
    ended = sf["upper"] <= landmark
    straddle = (sf["lower"] <= landmark) & (sf["upper"] > landmark)
    reasons = pd.Series(
        {
            f"released or died by day {landmark}": int(ended.sum()),
            f"release interval straddles day {landmark}": int(straddle.sum()),
        },
        name="detentions",
    )
    lf = sf[~ended & ~straddle].copy()
    from .timing import award_people

    aw = award_people(ds)
    first_award = aw.assign(day=aw["announced_on"].fillna(aw["starts_on"])).groupby("honoured")["day"].min()
    lm_day = lf["start"] + pd.Timedelta(days=landmark)
    lf["award_by_landmark"] = (lf["person_id"].map(first_award) <= lm_day).fillna(False).astype(int)
    lf["journalist"] = lf["journalist"].astype(int)
    lf["lower"] = lf["lower"] - landmark
    lf["upper"] = lf["upper"] - landmark
    return lf.reset_index(drop=True), reasons


def impute_times(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One imputation: a release day drawn uniformly within each bounded interval (``event`` 1);
    an open or unbounded case, or a death, censored at its lower bound (``event`` 0)."""
    bounded = np.isfinite(frame["upper"].to_numpy()) & ~frame["died"].astype(bool).to_numpy()
    lo, hi = frame["lower"].to_numpy(float), frame["upper"].to_numpy(float)
    draw = lo + rng.random(len(frame)) * (np.where(bounded, hi, lo) - lo)
    t = np.where(bounded, draw, lo)
    return frame.assign(T=np.maximum(t, 0.5), E=bounded.astype(int))


def landmark_cox(lf: pd.DataFrame, covariates: list[str] = COVARIATES, imputations: int = 20, seed: int = 20261202):
    """Cox model of release after the landmark: hazard ratios (> 1: released sooner) with 95 %
    intervals and p-values combined over ``imputations`` imputed data sets (Rubin's rules),
    stratified by era, robust errors clustered by case. Also returns the proportional-hazards
    test (Schoenfeld residuals, rank time) of the first imputation."""
    from lifelines import CoxPHFitter
    from lifelines.statistics import proportional_hazard_test
    from scipy import stats

    rng = np.random.default_rng(seed)
    cols = [*covariates, "era", "case", "T", "E"]
    betas, variances, first = [], [], None
    for m in range(imputations):
        data = impute_times(lf, rng)[cols]
        cph = CoxPHFitter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cph.fit(data, "T", "E", strata=["era"], cluster_col="case", robust=True)
        betas.append(cph.params_[covariates].to_numpy())
        variances.append(cph.variance_matrix_.loc[covariates, covariates].to_numpy().diagonal())
        if m == 0:
            first = (cph, data)
    b, v = np.array(betas), np.array(variances)
    qbar, ubar, between = b.mean(axis=0), v.mean(axis=0), b.var(axis=0, ddof=1) if len(b) > 1 else np.zeros(b.shape[1])
    total = ubar + (1 + 1 / len(b)) * between
    r = (1 + 1 / len(b)) * between / np.where(ubar > 0, ubar, np.nan)
    dof = (len(b) - 1) * (1 + 1 / np.where(r > 0, r, np.nan)) ** 2
    se = np.sqrt(total)
    tcrit = np.where(np.isfinite(dof), stats.t.ppf(0.975, np.nan_to_num(dof, nan=1e6)), stats.norm.ppf(0.975))
    pvals = 2 * stats.t.sf(np.abs(qbar / se), np.nan_to_num(dof, nan=1e6))
    table = pd.DataFrame(
        {
            "hazard_ratio": np.exp(qbar),
            "ci_low": np.exp(qbar - tcrit * se),
            "ci_high": np.exp(qbar + tcrit * se),
            "p_value": pvals,
        },
        index=pd.Index(covariates, name="covariate"),
    )
    cph, data = first
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ph = proportional_hazard_test(cph, data, time_transform="rank").summary[["test_statistic", "p"]]
    return (
        table,
        ph,
        {
            "detentions": int(len(lf)),
            "cases": int(lf["case"].nunique()),
            "imputations": int(imputations),
            "releases": int((np.isfinite(lf["upper"]) & ~lf["died"].astype(bool)).sum()),
        },
    )


def competing_frame(sf: pd.DataFrame) -> pd.DataFrame:
    """Durations and outcomes for competing risks: 1 release (at the middle of its interval),
    2 death in custody, 0 still held at the last confirmation or unbounded."""
    bounded = np.isfinite(sf["upper"]) & ~sf["died"].astype(bool)
    t = np.where(bounded, (sf["lower"] + np.where(bounded, sf["upper"], sf["lower"])) / 2, sf["lower"])
    outcome = np.where(sf["died"].astype(bool), 2, np.where(bounded, 1, 0))
    return pd.DataFrame({"T": np.maximum(t, 0.5), "outcome": outcome})


def cumulative_incidence(sf: pd.DataFrame, times=(90, 365, 730, 1825)) -> tuple[dict, pd.DataFrame]:
    """Aalen-Johansen cumulative incidence of release and of death in custody (lifelines)."""
    from lifelines import AalenJohansenFitter

    cf = competing_frame(sf)
    fits, rows = {}, []
    for code, label in ((1, "release"), (2, "death in custody")):
        aj = AalenJohansenFitter(calculate_variance=False, seed=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            aj.fit(cf["T"], cf["outcome"], event_of_interest=code, label=label)
        fits[label] = aj
        curve = aj.cumulative_density_.iloc[:, 0]
        row = {"outcome": label, "events": int((cf["outcome"] == code).sum())}
        for t in times:
            row[f"by {t} days"] = round(float(curve[curve.index <= t].iloc[-1]) if (curve.index <= t).any() else 0.0, 3)
        rows.append(row)
    return fits, pd.DataFrame(rows).set_index("outcome")


def case_frame(ds: Dataset, kinds=("criminal",)) -> pd.DataFrame:
    """One row per case (a group case, or a detention outside any group): its first detention
    day, when its custody ended (the middle of the last member's release interval; open cases
    censored at the last confirmation) and the first response about any member."""
    sf, _ = survival_frame(ds, kinds=kinds)
    d = ds.detentions.set_index("detention_id")
    sf = sf[sf["detention_id"].map(d["date_precision"]) == "day"].copy()
    sf["case"] = sf["detention_id"].map(d["case_group"]).fillna(sf["detention_id"])
    cf = competing_frame(sf)
    sf["end_day"] = sf["start"] + pd.to_timedelta(cf["T"].to_numpy(), unit="D")
    sf["ended"] = cf["outcome"].to_numpy() > 0
    rb = responses_by_detention(ds).dropna(subset=["responded_on"])
    rb["case"] = rb["detention_id"].map(d["case_group"]).fillna(rb["detention_id"])
    first = rb.groupby(["case", "actor_type"])["responded_on"].min().unstack()
    cases = sf.groupby("case").agg(start=("start", "min"), end_day=("end_day", "max"), ended=("ended", "all"))
    cases["first_any"] = rb.groupby("case")["responded_on"].min().reindex(cases.index)
    return cases.join(first)


def first_response_incidence(cases: pd.DataFrame, column: str = "first_any", times=(2, 7, 30, 90)) -> dict:
    """Cumulative incidence of a first response (``column``: any actor, or one actor type) per
    case, with the end of custody before any response as a competing event (Aalen-Johansen)."""
    from lifelines import AalenJohansenFitter

    resp = (cases[column] - cases["start"]).dt.days
    end = (cases["end_day"] - cases["start"]).dt.days.astype(float)
    got = resp.notna() & (resp <= end.fillna(np.inf))
    t = np.where(got, resp.clip(lower=0), end)
    outcome = np.where(got, 1, np.where(cases["ended"], 2, 0))
    aj = AalenJohansenFitter(calculate_variance=False, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        aj.fit(pd.Series(np.maximum(t, 0.01)), pd.Series(outcome), event_of_interest=1, label=column)
    curve = aj.cumulative_density_.iloc[:, 0]
    row = {"cases": int(len(cases)), "with a response": int(got.sum())}
    for x in times:
        row[f"by day {x}"] = round(float(curve[curve.index <= x].iloc[-1]) if (curve.index <= x).any() else 0.0, 3)
    return {"fit": aj, "row": row}


def first_response_table(cases: pd.DataFrame, times=(2, 7, 30, 90)) -> tuple[pd.DataFrame, dict]:
    """:func:`first_response_incidence` for any actor and for each actor type (one row each,
    sorted by the share reached by day 30), and the fits by column."""
    columns = ["first_any", *[c for c in cases.columns if c not in ("start", "end_day", "ended", "first_any")]]
    inc = {col: first_response_incidence(cases, col, times) for col in columns}
    table = pd.DataFrame({("any actor" if k == "first_any" else k): v["row"] for k, v in inc.items()}).T
    return table.sort_values(f"by day {times[2]}", ascending=False), {k: v["fit"] for k, v in inc.items()}
