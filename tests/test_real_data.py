"""The committed data package itself: valid, and holding the facts the project is built on."""

import pandas as pd

from helpers import custody
from helpers.data import load


def test_real_data_validates_and_meets_the_dataset_targets():
    ds = load()
    assert len(ds.detentions) >= 200 and ds.detentions["person_id"].nunique() >= 160
    assert len(ds.responses) >= 400 and len(ds.events) >= 60
    # every detention ends in exactly one state (deaths included), and its end is bounded for 95 % of
    # criminal detentions (the custody targets)
    sp = custody.spans(ds)
    assert custody.status_counts(sp).sum() == len(ds.detentions)
    crim = sp[sp["kind"] == "criminal"]
    assert (crim["end_basis"] == "unbounded").mean() <= 0.05
    assert not ((sp["end_latest"] == sp["start"]) & (sp["kind"] == "criminal")).any()  # no zero-length criminal custody


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
