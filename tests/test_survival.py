"""Landmark Cox model, competing risks and first responses per case."""

import numpy as np
import pandas as pd

from helpers import survival


def test_imputed_release_days_stay_in_their_intervals():
    f = pd.DataFrame({"lower": [10.0, 50.0, 5.0, 30.0], "upper": [20.0, np.inf, 5.5, 40.0], "died": [False, False, False, True]})
    out = survival.impute_times(f, np.random.default_rng(0))
    assert 10 <= out.loc[0, "T"] <= 20 and out.loc[0, "E"] == 1
    assert out.loc[1, "T"] == 50 and out.loc[1, "E"] == 0  # open: censored at its last confirmation
    assert out.loc[3, "E"] == 0 and out.loc[3, "T"] == 30  # a death is censored for the hazard of release


def test_competing_frame_codes():
    sf = pd.DataFrame({"lower": [10.0, 100.0, 40.0], "upper": [20.0, np.inf, 40.0], "died": [False, False, True]})
    cf = survival.competing_frame(sf)
    assert list(cf["outcome"]) == [1, 0, 2] and cf.loc[0, "T"] == 15


def test_landmark_leaves_out_early_ends_and_counts_awards_to_the_landmark(tiny):
    lf, why = survival.landmark_frame(tiny, landmark=30)
    assert why.sum() + len(lf) == 2
    assert (lf["lower"] >= 0).all()


def test_landmark_cox_on_the_real_data():
    from helpers.data import load

    lf, why = survival.landmark_frame(load(), landmark=30)
    cox, ph, info = survival.landmark_cox(lf, imputations=5)
    assert list(cox.index) == survival.COVARIATES
    assert (cox["ci_low"] < cox["hazard_ratio"]).all() and (cox["hazard_ratio"] < cox["ci_high"]).all()
    assert info["cases"] < info["detentions"]  # clustered by case
    assert set(ph.index) == set(survival.COVARIATES)


def test_first_response_counts_a_group_statement_once(tiny):
    cases = survival.case_frame(tiny)
    assert cases.index.is_unique
    res = survival.first_response_incidence(cases)
    assert res["row"]["cases"] == len(cases)


def test_first_response_table_has_any_actor_and_each_type(tiny):
    cases = survival.case_frame(tiny)
    table, fits = survival.first_response_table(cases)
    assert "any actor" in table.index and set(fits) >= {"first_any"}
    assert (table["cases"] == len(cases)).all()
