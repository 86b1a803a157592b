"""Case-report helpers on the tiny dataset, whose answers are known by hand."""

import pandas as pd
import pytest

from helpers import case


def test_detentions_days_in_custody(tiny):
    d = case.detentions(tiny, "bakhtiyar-samadov").set_index("detention_id")
    assert d.loc["bakhtiyar-samadov-2020", "days_in_custody"] == "30"
    assert d.loc["bakhtiyar-samadov-2024", "days_in_custody"] == "99"  # 2024-12-01 .. 2025-03-10
    assert d.loc["bakhtiyar-samadov-2024", "custody_end"] == "moved to house arrest 10 Mar 2025"
    held = case.detentions(tiny, "ana-aliyeva").iloc[0]  # open: at least to the verdict of 2025-06-20
    assert held["days_in_custody"] == f"{(pd.Timestamp('2025-06-20') - pd.Timestamp('2023-11-20')).days}+"


def test_charges_join_titles_and_order_stages(tiny):
    c = case.charges(tiny, "ana-aliyeva")
    assert c["stage"].astype(str).tolist() == ["initial", "added", "convicted"]
    assert c.loc[c["article"] == "213.2.1", "max_years"].iloc[0] == 10


def test_events_near_counts_days_and_during(tiny):
    near = case.events_near(tiny, "bakhtiyar-samadov", window_days=30)
    row = near[(near["detention_id"] == "bakhtiyar-samadov-2024") & (near["event_id"] == "cop29")].iloc[0]
    assert row["days_from_event"] == 9  # 2024-12-01 is 9 days after COP29 ended on 2024-11-22
    award = near[near["event_id"] == "award-2024"].iloc[0]
    assert award["days_from_event"] == -9 and award["days_from_announcement"] == 6
    # the 2020 detention is 157 days after the 2020 election: outside a 30-day window
    assert not ((near["detention_id"] == "bakhtiyar-samadov-2020") & (near["event_id"] == "election-2020")).any()


def test_event_during_counts_as_zero(tiny):
    ds = tiny
    ds.detentions.loc[ds.detentions["detention_id"] == "ana-aliyeva-2023", "detained_on"] = pd.Timestamp("2024-11-15")
    near = case.events_near(ds, "ana-aliyeva", window_days=0)
    assert near.set_index("event_id").loc["cop29", "days_from_event"] == 0


def test_responses_include_group_case(tiny):
    r = case.responses(tiny, "ana-aliyeva")
    assert r["response_id"].tolist() == ["r1", "r2"]
    assert r["days_after_detention"].iloc[0] == 1


def test_sources_are_those_cited(tiny):
    s = case.sources(tiny, "bakhtiyar-samadov")
    assert set(s["source_id"]) == {"src-a", "src-b"}
    assert "detentions" in s.set_index("source_id").loc["src-b", "cited_by"]


def test_as_of_view_censors_later_facts(tiny):
    from helpers.data import as_of_view, restrict

    v = as_of_view(tiny, "2024-12-31")
    d = v.detentions.set_index("detention_id")
    assert "bakhtiyar-samadov-2024" in d.index and pd.isna(d.loc["bakhtiyar-samadov-2024", "released_on"])
    assert d.loc["bakhtiyar-samadov-2024", "status_as_of"] == "held"
    assert pd.isna(d.loc["ana-aliyeva-2023", "sentenced_on"])
    assert "convicted" not in set(v.charges["stage"])
    with pytest.raises(ValueError):
        as_of_view(tiny, "2030-01-01")
    r = restrict(tiny, start="2023-01-01", kinds=["criminal"])
    assert set(r.detentions["detention_id"]) == {"ana-aliyeva-2023", "bakhtiyar-samadov-2024"}
    assert set(r.responses["response_id"]) == {"r1", "r2", "r3"}


def test_present_table_escapes_once_even_with_repeated_headers():
    from helpers import present

    df = pd.DataFrame({"field": ["<b>x</b>"], "value": ['"><img src=x>']})
    out = present.table(df, {"field": "", "value": ""})
    assert "&lt;b&gt;x&lt;/b&gt;" in out and "&amp;lt;" not in out and "<img" not in out
    assert present.link("javascript:alert(1)", "x") == "x"
    assert (
        present.link("https://a.org/?q=<x>", "t<") == '<a href="https://a.org/?q=&lt;x&gt;" rel="noopener noreferrer">t&lt;</a>'
    )


@pytest.mark.parametrize(
    "kw,needle",
    [
        ({"start": "2024-13-01"}, "parameter start='2024-13-01' is not a date"),
        ({"end": "yesterday"}, "parameter end='yesterday' is not a date"),
        ({"start": "2024-05-01", "end": "2024-01-01"}, "the range is reversed"),
        ({"kinds": ["political"]}, "unknown kind(s) ['political']"),
    ],
)
def test_restrict_names_bad_parameters(tiny, kw, needle):
    from helpers.data import restrict

    with pytest.raises(ValueError) as info:
        restrict(tiny, **kw)
    assert needle in str(info.value)


def test_events_near_shows_only_relevant_events(tmp_path):
    """Own events and events that concern everyone; never another person's award or a municipal election."""
    import copy

    from conftest import TINY, write_tables

    from helpers.data import load

    t = copy.deepcopy(TINY)
    t["people"].append({"person_id": "other", "name": "Other Person", "roles": "journalist", "source_ids": "src-a"})
    t["events"] += [
        {
            "event_id": "award-other",
            "name": "Someone else's award",
            "type": "award",
            "starts_on": "2024-12-05",
            "person_id": "other",
            "source_ids": "src-a",
        },
        {
            "event_id": "municipal-2024",
            "name": "Municipal elections 2024",
            "type": "election",
            "starts_on": "2024-12-10",
            "source_ids": "src-a",
        },
        {"event_id": "pace-2024", "name": "A PACE debate", "type": "pace", "starts_on": "2024-12-12", "source_ids": "src-a"},
    ]
    ds = load(write_tables(tmp_path / "t", t))
    near = case.events_near(ds, "bakhtiyar-samadov")
    shown = set(near.loc[near["detention_id"] == "bakhtiyar-samadov-2024", "event_id"])
    assert shown == {"cop29", "award-2024"}  # COP29 (hosted in Baku) and his own award
