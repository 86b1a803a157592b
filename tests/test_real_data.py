"""The committed data package itself: valid, and holding the facts the project is built on."""

import pandas as pd

from helpers.data import load, split_list


def test_real_data_validates_and_meets_the_dataset_targets():
    ds = load()
    assert len(ds.detentions) >= 200 and ds.detentions["person_id"].nunique() >= 160
    assert len(ds.responses) >= 400 and len(ds.events) >= 60
    cited = set().union(
        *[
            set(sum(ds.tables[t]["source_ids"].map(split_list), []))
            for t in ("people", "detentions", "charges", "criminal_code", "events", "responses")
        ]
    )
    assert cited <= set(ds.sources["source_id"])


def test_the_starting_case():
    ds = load()
    d = ds.detentions.set_index("detention_id").loc["rufat-safarov-2024"]
    assert d["detained_on"] == pd.Timestamp("2024-12-03") and d["pretrial_ordered_on"] == pd.Timestamp("2024-12-04")
    c = ds.charges[ds.charges["detention_id"] == "rufat-safarov-2024"]
    assert set(c.loc[c["stage"] == "initial", "article"]) == {"178.3.2", "221.1"}
    assert "127.2.3" in set(c.loc[c["stage"] == "added", "article"])
    award = ds.events.set_index("event_id").loc["us-human-rights-defender-award-2024"]
    assert award["starts_on"] == pd.Timestamp("2024-12-10") and "rufat-safarov" in award["person_id"]
    r = ds.responses[ds.responses["detention_id"] == "rufat-safarov-2024"]
    assert {"urgent-appeal", "letter-campaign", "statement", "award"} <= set(r["response_type"])
    appeal = r[r["response_type"] == "urgent-appeal"].iloc[0]
    assert "President of Azerbaijan" in appeal["addressed_to"] and "Prosecutor General" in appeal["addressed_to"]
