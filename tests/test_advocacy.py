"""Advocacy helpers on the tiny dataset."""

import numpy as np
import pandas as pd

from helpers import advocacy


def test_responses_by_detention_expands_group_responses(tiny):
    rb = advocacy.responses_by_detention(tiny)
    assert set(rb.loc[rb["response_id"] == "r2", "detention_id"]) == {"ana-aliyeva-2023"}
    assert rb.set_index("response_id").loc["r1", "lag_days"] == 1
    assert pd.isna(rb.set_index("response_id").loc["r3", "lag_days"])  # detention known only to the month


def test_first_response_and_summary(tiny):
    f = advocacy.first_response(tiny)
    s = advocacy.lag_summary(f)
    assert s.loc["international-ngo", "median_days"] == 1 and s.loc["international-ngo", "within_2_days"] == 1.0
    assert s.loc["parliament", "median_days"] == 11 and s.loc["parliament", "within_7_days"] == 0.0


def test_matrix_addressees_demands(tiny):
    m = advocacy.actor_response_matrix(tiny)
    assert m.loc["international-ngo", "statement"] == 1 and m.loc["parliament", "resolution"] == 1
    assert advocacy.demands(tiny)["release"] == 3
    assert advocacy.addressees(tiny)["President of Azerbaijan"] == 1


def test_survival_frame_censoring(tiny):
    sf, left_out = advocacy.survival_frame(tiny)
    assert list(sf["detention_id"]) == ["ana-aliyeva-2023", "bakhtiyar-samadov-2024"]  # nothing left out
    row = sf.iloc[0]
    # open at its last confirmation (the custodial verdict of 2025-06-20), right-censored there
    assert row["released"] == 0 and row["lower"] == (pd.Timestamp("2025-06-20") - pd.Timestamp("2023-11-20")).days
    assert np.isinf(row["upper"])
    assert row["responses_early"] == 2  # r1 (day 1) and the group resolution r2 (day 11)
    assert left_out["left out"] == 0 and left_out.iloc[1] == 1
    month = sf.iloc[1]  # detained in December 2024, moved to house arrest on 2025-03-10
    assert (month["lower"], month["upper"]) == (
        (pd.Timestamp("2025-03-10") - pd.Timestamp("2024-12-31")).days,
        (pd.Timestamp("2025-03-10") - pd.Timestamp("2024-12-01")).days,
    )


def test_turnbull_curves_and_group_test_known_answer():
    # releases stated to the day d enter as (d-1, d]; the last is open at day 400
    sf = pd.DataFrame({"lower": [9, 19, 29, 39, 99, 199, 299, 400], "upper": [10, 20, 30, 40, 100, 200, 300, np.inf]})
    sf["released"] = np.isfinite(sf["upper"]).astype(int)
    groups = pd.Series(["a"] * 4 + ["b"] * 4)
    fits, table = advocacy.km_curves(sf, groups, times=(25,))
    assert table.loc["a", "median_days"] == 20 and table.loc["a", "still held at 25 days"] == 0.5
    assert table.loc["b", "still held at 25 days"] == 1.0
    lr = advocacy.group_test(sf, groups)
    assert lr["df"] == 1 and lr["p_value"] < 0.05
