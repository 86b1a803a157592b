"""The primary timing model: known answers, and calibration tests that can fail."""

import numpy as np
import pandas as pd

from helpers import timingmodel as tm


def synthetic_frame(years: int = 14, wave: bool = True):
    """Weekly frame with a rising trend, a wave and a season; international events on fixed days."""
    start, end = pd.Timestamp("2012-01-01"), pd.Timestamp(f"{2012 + years - 1}-12-31")
    starts = pd.to_datetime([f"{2012 + i}-{3 + (i * 5) % 9:02d}-{5 + (i * 7) % 20:02d}" for i in range(years)] + ["2019-10-25"])
    cal = {
        "international": pd.DataFrame({"starts_on": starts, "ends_on": starts + pd.Timedelta(days=2)}),
        "elections": pd.DataFrame({"starts_on": pd.to_datetime(["2013-10-09", "2018-04-11", "2024-02-07"]), "ends_on": pd.NaT}),
    }
    frame = tm.weekly_frame([], start, end, cal, window=30)
    t = frame["t"].to_numpy()
    mu = 0.25 * np.exp(0.08 * t) * (1 + 0.4 * np.sin(2 * np.pi * frame["month"].to_numpy() / 12)) * (1 + 2.0 * wave * (t > 12))
    return frame, tm.window_terms(cal), mu * frame["ndays"].to_numpy() / 7


def test_false_positive_rate_is_nominal():
    frame, terms, mu = synthetic_frame()
    r = tm.calibrate(frame, terms, mu, alpha=1.0, rr=1.0, n_sim=400, seed=5)
    assert r["rejection_rate"] <= 0.07 and r["not_converged"] == 0


def test_counting_individuals_of_group_arrests_inflates_false_positives():
    frame, terms, mu = synthetic_frame()
    sizes = np.array([1] * 85 + [2] * 8 + [3, 4, 7, 9, 5, 2, 3])  # same-day group arrests
    r = tm.calibrate(frame, terms, mu, alpha=1.0, rr=1.0, n_sim=100, seed=8, cluster_sizes=sizes)
    # individuals counted as independent (Poisson) reject far too often: why arrest events are the unit
    assert r["rejection_rate_individuals_poisson"] > 0.1


def test_power_against_a_large_planted_effect():
    frame, terms, mu = synthetic_frame()
    r = tm.calibrate(frame, terms, mu, alpha=1.0, rr=3.0, n_sim=100, seed=6)
    assert r["rejection_rate"] >= 0.8


def test_fit_recovers_a_planted_rate_ratio():
    # 20 simulated series with a rate ratio of 2: unbiased on average, intervals cover it ~95 %
    frame, terms, mu = synthetic_frame(wave=False)
    estimates, covered = [], 0
    for seed in range(20):
        y = tm.simulate_counts(mu * 20, 0.2, frame["international_before"].to_numpy(), 2.0, 1, np.random.default_rng(seed))[0]
        f = tm.fit(frame.assign(count=y), terms)
        row = f.table.set_index("term").loc["international_before"]
        estimates.append(row["rate_ratio"])
        covered += bool(row["ci_low"] < 2.0 < row["ci_high"]) and f.converged
    assert abs(np.mean(estimates) - 2.0) < 0.15 and covered >= 17


def test_profile_interval_is_finite_for_zero_counts():
    rr, lo, hi = tm.rate_ratio_profile(np.zeros(4), np.full(4, 1.5), alpha=0.5)
    assert rr == 0 and lo == 0 and np.isfinite(hi) and hi > 0.2
    rr, lo, hi = tm.rate_ratio_profile(np.array([3, 3, 3]), np.array([3.0, 3.0, 3.0]), alpha=0.0)
    assert abs(rr - 1) < 1e-3 and lo < 1 < hi


def test_timing_table_marks_one_primary_and_holm_adjusts_the_rest():
    t = pd.DataFrame(
        {
            "term": ["international_before", "international_after", "elections_before"],
            "rate_ratio": [1.5, 1.0, 1.2],
            "ci_low": [1, 1, 1],
            "ci_high": [2, 2, 2],
            "p_value": [0.03, 0.01, 0.04],
        }
    )
    out = tm.timing_table(tm.Fit(t, 1.0, True, 10, 10, None)).set_index(["family", "phase"])
    assert out.loc[("international", "before"), "role"] == "primary"
    assert out.loc[("international", "before"), "p_holm"] == 0.03
    assert out.loc[("international", "after"), "p_holm"] == 0.02 and out.loc[("elections", "before"), "p_holm"] == 0.04


def test_rate_ratio_test_p_value_is_one_at_the_expectation_and_small_far_from_it():
    same = tm.rate_ratio_test(np.array([5, 5, 5]), np.array([5.0, 5.0, 5.0]), alpha=0.0)
    far = tm.rate_ratio_test(np.array([20, 20, 20]), np.array([5.0, 5.0, 5.0]), alpha=0.0)
    assert same["p_value"] > 0.99 and far["p_value"] < 0.001 and far["ci_low"] > 2
