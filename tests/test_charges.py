"""Charge helpers on the tiny dataset (answers worked out by hand)."""

import pandas as pd

from helpers import charges


def test_category_by_year(tiny):
    c = charges.category_by_year(tiny)
    assert c.loc[2023, "economic-financial"] == 1  # 206.3.2 and 213.2.1: one detention, counted once
    assert c.loc[2024, "public-order"] == 1
    assert c.loc[2020, "administrative"] == 1
    assert list(c.index) == [2020, 2021, 2022, 2023, 2024]


def test_top_articles(tiny):
    t = charges.top_articles(tiny)
    assert t.loc["206.3.2", "detentions"] == 1 and t.loc["206.3.2", "title"] == "smuggling by a group"


def test_cooccurrence(tiny):
    m = charges.cooccurrence(tiny)
    assert m.loc["206.3.2", "213.2.1"] == 1 and m.loc["206.3.2", "221.1"] == 0
    assert (m.to_numpy() == m.to_numpy().T).all()


def test_escalation(tiny):
    e = charges.escalation(tiny)
    row = e.loc["ana-aliyeva-2023"]
    assert row["escalated"] and row["articles_added"] == 1
    assert row["days_to_first_added"] == (pd.Timestamp("2024-08-13") - pd.Timestamp("2023-11-20")).days
    assert row["max_years_initial"] == 8 and row["max_years_brought"] == 10 and row["max_years_growth"] == 2
    assert not e.loc["bakhtiyar-samadov-2024", "escalated"]
    assert pd.isna(e.loc["bakhtiyar-samadov-2024", "days_to_first_added"])
    s = charges.escalation_summary(e)
    assert s["escalated"] == 1 and s["detentions"] == 2 and s["median_growth_years"] == 2


def test_group_charge_sets(tiny):
    g = charges.group_charge_sets(tiny, min_members=1)
    assert g.set_index("case_group").loc["outlet-one", "modal_set"] == "206.3.2 + 213.2.1"


def test_group_sets_identical_and_different(tiny):
    ds = tiny
    extra = pd.DataFrame([{"detention_id": "bakhtiyar-samadov-2024", "article": "206.3.2", "stage": "initial"}])
    ds.detentions.loc[ds.detentions["detention_id"] == "bakhtiyar-samadov-2024", "case_group"] = "outlet-one"
    ds.charges = pd.concat([ds.charges, extra], ignore_index=True)
    g = charges.group_charge_sets(ds, min_members=2).set_index("case_group")
    assert g.loc["outlet-one", "members"] == 2 and g.loc["outlet-one", "distinct_sets"] == 2
    assert g.loc["outlet-one", "share_modal_set"] == 0.5


def test_ordinary_only(tiny):
    o = charges.ordinary_share_by_year(tiny)
    assert o.loc[2023, "share_ordinary_only"] == 1.0 and o.loc[2024, "ordinary_only"] == 1
    ds = tiny
    ds.criminal_code.loc[ds.criminal_code["article"] == "221.1", "cpj_class"] = "anti-state"
    assert charges.ordinary_share_by_year(ds).loc[2024, "share_ordinary_only"] == 0.0


def test_shares_per_case_count_a_group_once(tiny):
    import dataclasses

    import pandas as pd

    d = tiny.detentions.copy()
    crim = d[d["kind"] == "criminal"].iloc[[0]]
    twin = crim.assign(detention_id="twin-2023", person_id="twin", case_group="grp")
    d.loc[crim.index, "case_group"] = "grp"
    c = tiny.charges[tiny.charges["detention_id"] == crim["detention_id"].iloc[0]].assign(detention_id="twin-2023")
    ds = dataclasses.replace(
        tiny, detentions=pd.concat([d, twin], ignore_index=True), charges=pd.concat([tiny.charges, c], ignore_index=True)
    )
    per_det = charges.ordinary_only(ds)
    per_case = charges.ordinary_only(ds, unit="case")
    assert len(per_case) == len(per_det) - 1 and "grp" in per_case.index


def test_escalation_needs_an_initial_article(tiny):
    import dataclasses

    import pandas as pd

    did = tiny.charges.loc[tiny.charges["stage"] == "added", "detention_id"].iloc[0]
    only_added = tiny.charges[~((tiny.charges["detention_id"] == did) & (tiny.charges["stage"] == "initial"))]
    esc = charges.escalation(dataclasses.replace(tiny, charges=only_added))
    assert not esc.loc[did, "escalated"] and esc.loc[did, "added_without_initial"]
    assert pd.isna(esc.loc[did, "days_to_first_added"])
