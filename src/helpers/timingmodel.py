"""The primary timing model: weekly arrest events, negative binomial regression (statsmodels).

``weekly_frame`` turns arrest-event days and event calendars into one row per week: the count,
the days of the week inside the study (an offset), a smooth trend, the month of the year, and
for every event family and phase the share of the week's days inside the union of the windows
(so a rate ratio is the ratio for a week wholly inside the window). ``fit`` fits
``count ~ windows + bs(t, df) + C(month)`` with a log link and a negative binomial variance, and
returns rate ratios with 95 % Wald intervals; ``timing_table`` labels the one pre-specified
primary term and Holm-adjusts the secondary ones; ``event_study`` estimates a rate ratio for each
week from 12 before to 12 after the events; ``calibrate`` simulates series with the fitted trend,
season and over-dispersion to measure the primary test's false-positive rate and power.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import timing

#: The pre-specified primary hypothesis: more arrest events in the 30 days before international
#: events hosted in Azerbaijan than the trend and season predict.
PRIMARY = {"family": "international", "phase": "before", "window": 30}
TREND_DF = 6  # degrees of freedom of the B-spline trend (about one per two years and a quarter)


def _week_index(days: pd.DatetimeIndex, start: pd.Timestamp) -> np.ndarray:
    monday = start - pd.Timedelta(days=start.weekday())
    return ((days - monday).days // 7).to_numpy()


def weekly_frame(
    days,
    start,
    end,
    calendars: dict[str, pd.DataFrame],
    window: int = 30,
) -> pd.DataFrame:
    """One row per week (Monday to Sunday) overlapping [start, end]: ``count`` of the ``days``
    given (arrest events or detentions), ``ndays`` in the study, ``t`` (years from ``start``),
    ``month`` (of the week's Thursday) and ``<family>_<phase>``: the share of the week's study days
    inside that phase of at least one of the family's events."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    daily = timing.daily_counts([d for d in days if start <= d <= end], start, end)
    idx = daily.index
    wk = _week_index(idx, start)
    frame = pd.DataFrame({"week": wk, "count": daily.to_numpy(), "one": 1})
    cols = {}
    day0 = int(timing._as_days([start])[0])
    for fam, ev in calendars.items():
        s = timing._as_days(ev["starts_on"])
        e = timing._as_days(ev["ends_on"].fillna(ev["starts_on"]))
        masks = timing.phase_masks(day0, len(idx), s, e, window)
        for phase in timing.PHASES:
            cols[f"{fam}_{phase}"] = masks[phase][0].astype(float)
    frame = frame.assign(**cols)
    g = frame.groupby("week")
    out = pd.DataFrame({"count": g["count"].sum(), "ndays": g["one"].sum()})
    for c in cols:
        out[c] = g[c].sum() / out["ndays"]
    monday = start - pd.Timedelta(days=start.weekday())
    out["week_start"] = monday + pd.to_timedelta(out.index * 7, unit="D")
    out["t"] = (out["week_start"] - start).dt.days / 365.25
    out["month"] = (out["week_start"] + pd.Timedelta(days=3)).dt.month
    return out.reset_index(drop=True)


@dataclass
class Fit:
    """A fitted count model: its rate ratios, over-dispersion and whether the optimiser converged."""

    table: pd.DataFrame  # term, rate_ratio, ci_low, ci_high, p_value
    alpha: float
    converged: bool
    n_weeks: int
    n_count: int
    result: object  # the statsmodels result, for predictions


def fit(frame: pd.DataFrame, terms: list[str], trend_df: int = TREND_DF, family: str = "nb") -> Fit:
    """Negative binomial (NB2) regression of ``count`` on ``terms`` + a B-spline trend + month of
    year, with log(days in the study that week) as offset. ``family='poisson'`` for comparison.
    Convergence warnings are caught and returned as ``converged``."""
    import statsmodels.formula.api as smf

    rhs = " + ".join([*terms, f"bs(t, df={trend_df})", "C(month)"])
    offset = np.log(frame["ndays"].to_numpy(dtype=float))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if family == "poisson":
            res = smf.poisson(f"count ~ {rhs}", frame, offset=offset).fit(disp=0, maxiter=200)
            alpha = 0.0
        else:
            res = smf.negativebinomial(f"count ~ {rhs}", frame, offset=offset).fit(disp=0, maxiter=300)
            alpha = float(res.params["alpha"])
    ci = res.conf_int()
    with np.errstate(over="ignore"):
        table = pd.DataFrame(
            {
                "term": terms,
                "rate_ratio": np.exp(res.params[terms].to_numpy()),
                "ci_low": np.exp(ci.loc[terms, 0].to_numpy()),
                "ci_high": np.exp(ci.loc[terms, 1].to_numpy()),
                "p_value": res.pvalues[terms].to_numpy(),
            }
        )
    return Fit(table, alpha, bool(res.mle_retvals.get("converged", True)), len(frame), int(frame["count"].sum()), res)


def window_terms(calendars: dict[str, pd.DataFrame]) -> list[str]:
    return [f"{fam}_{phase}" for fam in calendars for phase in timing.PHASES]


def timing_table(fitted: Fit, primary: dict = PRIMARY) -> pd.DataFrame:
    """The model's window terms with the primary one marked and every other Holm-adjusted."""
    from statsmodels.stats.multitest import multipletests

    t = fitted.table.copy()
    t[["family", "phase"]] = t["term"].str.rsplit("_", n=1, expand=True)
    key = f"{primary['family']}_{primary['phase']}"
    t["role"] = np.where(t["term"] == key, "primary", "secondary")
    sec = t["role"] == "secondary"
    t["p_holm"] = np.nan
    if sec.any():
        t.loc[sec, "p_holm"] = multipletests(t.loc[sec, "p_value"], method="holm")[1]
    t.loc[~sec, "p_holm"] = t.loc[~sec, "p_value"]
    cols = ["role", "family", "phase", "rate_ratio", "ci_low", "ci_high", "p_value", "p_holm"]
    return t[cols].sort_values(["role", "family", "phase"]).reset_index(drop=True)


def expected_daily(days, start, end, trend_df: int = TREND_DF) -> tuple[pd.Series, Fit]:
    """Expected arrest events per day under trend and season only (no event terms): the null
    model's weekly mean spread evenly over the week's days. The fit is kept for the same days
    and span (a report kernel renders many event reports from one dataset); callers get copies."""
    key = (
        tuple(pd.to_datetime(pd.Series(list(days))).sort_values().astype("int64")),
        str(pd.Timestamp(start)),
        str(pd.Timestamp(end)),
        trend_df,
    )
    series, null = _expected_daily_cached(key)
    return series.copy(), null


@functools.lru_cache(maxsize=8)
def _expected_daily_cached(key: tuple) -> tuple[pd.Series, Fit]:
    days, start, end, trend_df = pd.to_datetime(list(key[0])), pd.Timestamp(key[1]), pd.Timestamp(key[2]), key[3]
    frame = weekly_frame(list(days), start, end, {})
    null = fit(frame, [], trend_df=trend_df)
    weekly_mean = null.result.predict(frame, offset=np.log(frame["ndays"].to_numpy(dtype=float))) / frame["ndays"]
    idx = pd.date_range(start, end, freq="D")
    wk = _week_index(idx, start)
    return pd.Series(weekly_mean.to_numpy()[wk - wk[0]], index=idx, name="expected"), null


def _nb_loglik(beta: float, y: np.ndarray, mu: np.ndarray, alpha: float) -> float:
    from scipy import stats

    m = mu * np.exp(beta)
    if alpha <= 0:
        return float(stats.poisson.logpmf(y, m).sum())
    n = 1.0 / alpha
    return float(stats.nbinom.logpmf(y, n, n / (n + m)).sum())


def rate_ratio_profile(y: np.ndarray, mu: np.ndarray, alpha: float, level: float = 0.95) -> tuple[float, float, float]:
    """Rate ratio of counts ``y`` against their expectations ``mu`` (one multiplicative factor,
    negative binomial with over-dispersion ``alpha`` held at the model's value) and its
    profile-likelihood interval: finite even when every count is zero, where Wald fails."""
    from scipy import optimize, stats

    y, mu = np.asarray(y, float), np.asarray(mu, float)
    crit = stats.chi2.ppf(level, 1) / 2
    if y.sum() == 0:
        best_beta, best = -np.inf, 0.0
    else:
        r = optimize.minimize_scalar(lambda b: -_nb_loglik(b, y, mu, alpha), bounds=(-10, 10), method="bounded")
        best_beta, best = float(r.x), -float(r.fun)
    g = lambda b: best - _nb_loglik(b, y, mu, alpha) - crit  # noqa: E731
    hi = optimize.brentq(g, best_beta if np.isfinite(best_beta) else -10, 12) if g(12) > 0 else np.inf
    lo = optimize.brentq(g, -12, best_beta) if np.isfinite(best_beta) and g(-12) > 0 else 0.0
    return float(np.exp(best_beta)), float(np.exp(lo)) if lo else 0.0, float(np.exp(hi))


def rate_ratio_test(y: np.ndarray, mu: np.ndarray, alpha: float) -> dict:
    """:func:`rate_ratio_profile` with the two-sided likelihood-ratio p-value of a ratio of 1."""
    from scipy import stats

    y, mu = np.asarray(y, float), np.asarray(mu, float)
    rr, lo, hi = rate_ratio_profile(y, mu, alpha)
    lr = 2 * (_nb_loglik(np.log(rr) if rr > 0 else -50.0, y, mu, alpha) - _nb_loglik(0.0, y, mu, alpha))
    return {"rate_ratio": rr, "ci_low": lo, "ci_high": hi, "p_value": float(stats.chi2.sf(max(lr, 0.0), 1))}


def event_study(days, start, end, events: pd.DataFrame, weeks: int = 12, trend_df: int = TREND_DF) -> pd.DataFrame:
    """Arrest events in each week from ``-weeks`` to ``+weeks`` relative to the week of each
    event's first day (week 0), against what the trend-and-season model without events expects
    for those weeks: rate ratio and 95 % profile-likelihood interval (negative binomial, the null
    model's over-dispersion). A week shared by two events counts once."""
    frame = weekly_frame(days, start, end, {})
    null = fit(frame, [], trend_df=trend_df)
    mu = null.result.predict(frame, offset=np.log(frame["ndays"].to_numpy(dtype=float))).to_numpy()
    y = frame["count"].to_numpy()
    ev_weeks = _week_index(pd.DatetimeIndex(events["starts_on"]), pd.Timestamp(start))
    rows = []
    for k in range(-weeks, weeks + 1):
        w = np.unique(ev_weeks + k)
        w = w[(w >= 0) & (w < len(frame))]
        rr, lo, hi = rate_ratio_profile(y[w], mu[w], null.alpha)
        rows.append(
            {
                "week": k,
                "arrest_events": int(y[w].sum()),
                "expected": round(float(mu[w].sum()), 3),
                "rate_ratio": rr,
                "ci_low": lo,
                "ci_high": hi,
            }
        )
    return pd.DataFrame(rows)


def simulate_counts(
    mu: np.ndarray, alpha: float, exposure: np.ndarray, rr: float, n_sim: int, rng: np.random.Generator
) -> np.ndarray:
    """``n_sim`` weekly series (rows) drawn from a negative binomial with mean ``mu * rr**exposure``
    and over-dispersion ``alpha`` (NB2: variance mu + alpha mu^2; Poisson when alpha is 0)."""
    mean = mu[None, :] * rr ** exposure[None, :]
    if alpha <= 0:
        return rng.poisson(np.broadcast_to(mean, (n_sim, len(mu))))
    lam = rng.gamma(1 / alpha, alpha * mean, size=(n_sim, len(mu)))
    return rng.poisson(lam)


def calibrate(
    frame: pd.DataFrame,
    terms: list[str],
    mu: np.ndarray,
    alpha: float,
    rr: float = 1.0,
    n_sim: int = 200,
    seed: int = 20261202,
    primary: dict = PRIMARY,
    trend_df: int = TREND_DF,
    cluster_sizes: np.ndarray | None = None,
) -> dict:
    """Simulate ``n_sim`` weekly series with mean ``mu`` (trend and season, no event effect unless
    ``rr`` != 1, planted in the primary window) and refit the model each time. Returns the share of
    simulations in which the primary term is significant at 0.05 (two-sided Wald): the
    false-positive rate when ``rr`` is 1, the power otherwise. With ``cluster_sizes`` (detentions
    per arrest event, resampled), the same is measured on individual detentions, the unit that
    counts one raid many times."""
    key = f"{primary['family']}_{primary['phase']}"
    rng = np.random.default_rng(seed)
    sims = simulate_counts(np.asarray(mu, float), alpha, frame[key].to_numpy(float), rr, n_sim, rng)
    rejected, rejected_people, failed = 0, 0, 0
    for y in sims:
        f = fit(frame.assign(count=y), terms, trend_df=trend_df)
        row = f.table.set_index("term").loc[key]
        failed += not f.converged
        rejected += bool(row["p_value"] < 0.05)
        if cluster_sizes is not None:
            people = np.array([rng.choice(cluster_sizes, size=n).sum() if n else 0 for n in y])
            fp = fit(frame.assign(count=people), terms, trend_df=trend_df, family="poisson")
            rejected_people += bool(fp.table.set_index("term").loc[key, "p_value"] < 0.05)
    out = {"rate_ratio_planted": rr, "simulations": n_sim, "rejection_rate": rejected / n_sim, "not_converged": failed}
    if cluster_sizes is not None:
        out["rejection_rate_individuals_poisson"] = rejected_people / n_sim
    return out


#: The end of the study for the sensitivity analysis without the wave that began with the
#: Abzas Media arrests of November 2023.
BEFORE_WAVE_END = "2023-10-31"


def primary_estimate(days, start, end, calendars: dict[str, pd.DataFrame], window: int = 30, primary: dict = PRIMARY) -> dict:
    """The primary term's rate ratio, interval and p-value for one choice of data and window."""
    frame = weekly_frame(days, start, end, calendars, window)
    f = fit(frame, window_terms(calendars))
    row = f.table.set_index("term").loc[f"{primary['family']}_{primary['phase']}"]
    return {
        "counted": int(frame["count"].sum()),
        "rate_ratio": float(row["rate_ratio"]),
        "ci_low": float(row["ci_low"]),
        "ci_high": float(row["ci_high"]),
        "p_value": float(row["p_value"]),
        "converged": f.converged,
    }


def robustness(ds, start, end, calendars: dict[str, pd.DataFrame], primary: dict = PRIMARY) -> pd.DataFrame:
    """The primary estimate under other choices: individuals instead of arrest events, criminal
    cases only, detentions known only to the month added (on the 15th), the study stopped before
    the 2023-25 wave, and 7- and 90-day windows."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    ae = timing.arrest_events(ds)
    variants = [
        ("primary: arrest events, 30 days", ae["day"], end, primary["window"]),
        ("individual detentions", timing.detention_days(ds), end, primary["window"]),
        ("criminal cases only", timing.arrest_events(ds, kinds=["criminal"])["day"], end, primary["window"]),
        ("with month-dated arrests (on the 15th)", timing.arrest_events(ds, month_day=15)["day"], end, primary["window"]),
        (f"study ends {BEFORE_WAVE_END} (before the 2023-25 wave)", ae["day"], pd.Timestamp(BEFORE_WAVE_END), primary["window"]),
        ("7-day window", ae["day"], end, 7),
        ("90-day window", ae["day"], end, 90),
    ]
    rows = []
    for label, days, stop, window in variants:
        cal = {k: v[(v["starts_on"] >= start) & (v["starts_on"] <= stop)] for k, v in calendars.items()}
        rows.append({"analysis": label, "window": window, **primary_estimate(days, start, stop, cal, window, primary)})
    return pd.DataFrame(rows).set_index("analysis")


def calibration_table(
    frame: pd.DataFrame,
    terms: list[str],
    null: Fit,
    ratios=(1.5, 2.0, 2.5, 3.0),
    n_sim: int = 200,
    seed: int = 20241203,
    cluster_sizes: np.ndarray | None = None,
) -> tuple[pd.DataFrame, float]:
    """The primary test's rejection rate with no effect (and, with ``cluster_sizes``, that of the
    individual-detention count) and its power at each planted rate ratio, from series simulated
    with the null model's weekly means and over-dispersion; returns the table and the minimum
    detectable effect (the smallest ratio detected in at least 80 % of simulations; nan if none)."""
    mu = null.result.predict(frame, offset=np.log(frame["ndays"].to_numpy(dtype=float))).to_numpy()
    rows = [calibrate(frame, terms, mu, null.alpha, rr=1.0, n_sim=n_sim, seed=seed, cluster_sizes=cluster_sizes)]
    rows += [calibrate(frame, terms, mu, null.alpha, rr=rr, n_sim=n_sim, seed=seed + int(rr * 10)) for rr in ratios]
    table = pd.DataFrame(rows).set_index("rate_ratio_planted")
    powered = table.index[(table.index > 1) & (table["rejection_rate"] >= 0.8)]
    return table, (float(powered.min()) if len(powered) else float("nan"))
