"""The custody rules on hand-made cases whose answers are known: a pardon, a term that ended,
conflicting pages, a death, house arrest, an open case, an unbounded one."""

import copy

import numpy as np
import pandas as pd
import pytest
from conftest import TINY, break_real, write_tables

from helpers import custody
from helpers.data import DataValidationError, load

T = pd.Timestamp


def _case(pid, **kw):
    row = {"detention_id": f"{pid}-1", "person_id": pid, "kind": "criminal", "date_precision": "day", "source_ids": "src-a"}
    row.update(kw)
    return row


def _case_tables():
    """The hand-made cases, as tables: every bounding rule has one person."""
    t = copy.deepcopy(TINY)
    for pid in ("pardoned", "termed", "conflicted", "died", "housebound", "moved", "vanished", "again"):
        t["people"].append({"person_id": pid, "name": pid.title(), "roles": "journalist", "source_ids": "src-a"})
    t["detentions"] += [
        _case("pardoned", detained_on="2015-01-10", sentenced_on="2015-08-01", sentence_months="60", status_as_of="released"),
        _case("termed", detained_on="2014-05-01", sentenced_on="2014-09-01", sentence_months="24", status_as_of="unknown"),
        _case("conflicted", detained_on="2018-01-01", status_as_of="released"),
        _case("died", detained_on="2017-02-07", status_as_of="died-in-custody"),
        _case(
            "housebound",
            detained_on="2024-02-01",
            pretrial_ordered_on="2024-02-02",
            pretrial_measure="house-arrest",
            status_as_of="house-arrest",
        ),
        _case(
            "moved", detained_on="2022-09-17", released_on="2023-01-05", release_type="house-arrest", status_as_of="house-arrest"
        ),
        _case("vanished", detained_on="2013-03-01", status_as_of="released"),
        _case("again", detention_id="again-1", detained_on="2013-03-01", status_as_of="released"),
        _case("again", detention_id="again-2", detained_on="2014-07-01", date_precision="month", status_as_of="released"),
    ]
    t["events"].append(
        {
            "event_id": "pardon-2016",
            "name": "Pardon",
            "type": "pardon",
            "starts_on": "2016-03-17",
            "person_id": "pardoned",
            "source_ids": "src-a",
        }
    )
    t["custody_checks"] = [
        {"detention_id": "conflicted-1", "observed_on": d, "status": s, "day_stated": "false", "source_id": "src-a"}
        for d, s in (("2018-06-01", "released"), ("2018-09-01", "held"), ("2019-01-15", "released"))
    ] + [
        {
            "detention_id": "died-1",
            "observed_on": "2017-04-28",
            "status": "died-in-custody",
            "day_stated": "true",
            "source_id": "src-b",
        },
        {
            "detention_id": "housebound-1",
            "observed_on": "2025-01-10",
            "status": "house-arrest",
            "day_stated": "false",
            "source_id": "src-a",
        },
    ]
    return t


@pytest.fixture
def cases(tmp_path):
    return load(write_tables(tmp_path / "cases", _case_tables()))


def span(ds, did):
    return custody.spans(ds).set_index("detention_id").loc[did]


def test_pardon_bounds_the_release_to_the_decree_week(cases):
    s = span(cases, "pardoned-1")
    assert s["end_basis"] == "decree" and s["decree_id"] == "pardon-2016"
    assert s["end_earliest"] == T("2016-03-17") and s["end_latest"] == T("2016-03-24")


def test_term_that_ended_bounds_from_the_verdict_to_the_term_end(cases):
    s = span(cases, "termed-1")
    assert s["end_basis"] == "term" and s["last_confirmed_held"] == T("2014-09-01")
    assert s["end_earliest"] == T("2014-09-01") and s["end_latest"] == T("2016-05-01")


def test_conflicting_pages_end_after_the_last_held_page(cases):
    s = span(cases, "conflicted-1")
    assert s["end_basis"] == "checks"
    assert (s["end_earliest"], s["end_latest"]) == (T("2018-09-01"), T("2019-01-15"))


def test_death_is_a_stated_end_and_censored_in_intervals(cases):
    s = span(cases, "died-1")
    assert s["end_basis"] == "stated" and s["end_state"] == "died-in-custody" and s["end_latest"] == T("2017-04-28")
    iv = custody.intervals(cases).set_index("detention_id").loc["died-1"]
    assert iv["died"] and np.isinf(iv["upper"]) and iv["lower"] == (T("2017-04-28") - T("2017-02-07")).days


def test_house_arrest_throughout_is_open_and_labelled(cases):
    s = span(cases, "housebound-1")
    assert s["state"] == "house-arrest" and s["end_basis"] == "open" and s["last_confirmed_held"] == T("2025-01-10")
    moved = span(cases, "moved-1")
    assert moved["end_basis"] == "stated" and moved["end_state"] == "house-arrest" and moved["state"] == "custody"


def test_open_and_unbounded(cases):
    ana = span(cases, "ana-aliyeva-2023")  # held, term ends 2032, after as_of: open at the verdict
    assert ana["end_basis"] == "open" and ana["end_earliest"] == T("2025-06-20") and pd.isna(ana["end_latest"])
    gone = span(cases, "vanished-1")
    assert gone["end_basis"] == "unbounded" and gone["end_state"] == "unknown" and pd.isna(gone["end_latest"])


def test_a_later_arrest_bounds_the_earlier_detention(cases):
    s = span(cases, "again-1")  # the next arrest is known to July 2014: free by its last day at the latest
    assert s["end_basis"] == "next" and (s["end_earliest"], s["end_latest"]) == (T("2013-03-01"), T("2014-07-31"))
    assert span(cases, "again-2")["end_basis"] == "unbounded"


def test_held_on_certain_and_possible(cases):
    h = custody.held_on(cases, "2016-03-10").set_index("detention_id")["certain"]
    assert h["pardoned-1"] and h["vanished-1"] == False  # noqa: E712 (a numpy bool)
    h = custody.held_on(cases, "2016-03-20").set_index("detention_id")["certain"]
    assert h["pardoned-1"] == False  # noqa: E712  after the decree: possibly only
    assert "pardoned-1" not in set(custody.held_on(cases, "2016-03-24")["detention_id"])
    released_day = custody.held_on(cases, "2025-03-10")["detention_id"]
    assert "bakhtiyar-samadov-2024" not in set(released_day)  # not held on the day of release
    first = custody.held_on(cases, "2025-01-01").set_index("detention_id")["certain"]
    assert first["bakhtiyar-samadov-2024"]  # known to the month: certain once December 2024 is over


def test_held_series_matches_held_on(cases):
    days = ["2014-12-01", "2016-03-20", "2018-12-01", "2025-12-01"]
    s = custody.held_series(cases, "2014-01-01", "2026-01-31", by_person=False)
    for d in days:
        h = custody.held_on(cases, d)
        assert s.loc[d, "possible"] == len(h) and s.loc[d, "certain"] == int(h["certain"].sum())


def test_end_text_and_days(cases):
    sp = custody.spans(cases).set_index("detention_id")
    text = custody.end_text(sp)
    assert text["conflicted-1"] == "released between 1 Sep 2018 and 15 Jan 2019"
    assert text["died-1"] == "died in custody 28 Apr 2017"
    assert custody.days_text(sp)["ana-aliyeva-2023"] == f"{(T('2025-06-20') - T('2023-11-20')).days}+"


def test_stale_open(cases):
    stale = custody.stale_open(cases)  # newest source is 2024-12-04: open cases confirmed before 2023-12-04
    assert list(stale["detention_id"]) == []
    assert "ana-aliyeva-2023" not in set(stale["detention_id"])


@pytest.mark.parametrize(
    "change, message",
    [
        ({"status_as_of": "died-in-custody"}, "needs a died-in-custody row in custody_checks.csv"),
        ({"release_event_id": "cop29"}, "is a international-event event, not a pardon or amnesty"),
    ],
)
def test_loader_checks_status_and_decree(tmp_path, change, message):
    t = copy.deepcopy(TINY)
    t["detentions"][0].update(change)
    with pytest.raises(DataValidationError, match=message):
        load(write_tables(tmp_path / "bad", t))


def test_loader_rejects_a_held_page_after_the_release(tmp_path):
    t = copy.deepcopy(TINY)
    t["custody_checks"] = [
        {
            "detention_id": "bakhtiyar-samadov-2020",
            "observed_on": "2020-09-01",
            "status": "held",
            "day_stated": "false",
            "source_id": "src-a",
        }
    ]
    with pytest.raises(
        DataValidationError, match=r"custody_checks.csv:2 status='held': on 2020-09-01, on or after the stated release"
    ):
        load(write_tables(tmp_path / "bad", t))


def test_a_person_a_count_leaves_out_keeps_the_publishers_reason():
    from helpers.data import load

    ds = load()
    people = custody.census_people(ds, "cpj-journalists-2016-12-01").set_index("person_id")
    # CPJ's record of this case starts after the census day: CPJ had not yet recorded it,
    # which is neither a difference of definition nor one of the project's dates
    assert people.loc["fikret-faramazoglu", "named"] == False  # noqa: E712
    assert people.loc["fikret-faramazoglu", "reason"] == "not-yet-recorded"
    assert people.loc["faig-amirli", "reason"] == "definition"
    rec = custody.census_reconciliation(ds).loc[2016]
    assert rec["names_read"] == rec["cpj"] and rec["differing_definition"] == rec["certainly"] - rec["cpj"] - 1
    assert rec["not_yet_recorded"] == 1 and rec["certainly_within"]


def test_a_left_out_person_needs_a_reason(real_copy):
    line, msg = break_real(real_copy, "published_names", lambda pn: pn.index[pn["listed"] == "false"][0], reason="")
    assert f"published_names.csv:{line} reason=''" in msg


def test_a_name_the_count_gives_cannot_be_unrecorded(real_copy):
    line, msg = break_real(
        real_copy, "published_names", lambda pn: pn.index[pn["listed"] != "false"][0], reason="not-yet-recorded"
    )
    assert f"published_names.csv:{line} reason='not-yet-recorded'" in msg


def _census(tmp_path, count, names):
    """The hand-made cases with one CPJ census on 1 Dec 2015: on that day `pardoned` (pardoned in
    2016) and `termed` (a page shows him held after the day) are certainly held; `vanished` and
    `again` (second detention) possibly (released, nothing bounds the day); the others were not
    yet detained. Returns the dataset."""
    t = _case_tables()
    t["custody_checks"].append(
        {"detention_id": "termed-1", "observed_on": "2015-12-20", "status": "held", "day_stated": "false", "source_id": "src-a"}
    )
    t["published_counts"] = [
        {
            "count_id": "cpj-2015",
            "publisher": "CPJ",
            "counted": "journalists",
            "definition": "census",
            "counted_on": "2015-12-01",
            "count": str(count),
            "source_ids": "src-a",
        }
    ]
    t["published_names"] = [{"count_id": "cpj-2015", "source_ids": "src-a", **n} for n in names]
    return load(write_tables(tmp_path / "census", t))


def _reconcile(ds):
    return custody.census_reconciliation(ds).loc[2015], custody.census_people(ds, "cpj-2015")


def test_census_bounds_with_known_answers(tmp_path):
    rec, people = _reconcile(
        _census(
            tmp_path,
            2,
            [
                {"name_as_printed": "Pardoned", "person_id": "pardoned"},
                {"name_as_printed": "Ghost", "reason": "not-yet-researched"},
                {"name_as_printed": "Termed", "person_id": "termed", "reason": "not-yet-recorded", "listed": "false"},
            ],
        )
    )
    assert (rec["certainly"], rec["possibly"], rec["names_read"]) == (2, 4, 2)
    assert (rec["differing_definition"], rec["not_yet_recorded"], rec["not_researched_or_outside"]) == (0, 1, 1)
    assert rec["certainly_within"] and rec["possibly_covers"]
    p = people.set_index("name")
    assert p.loc["Termed", "basis"] == "publisher's pages" and p.loc["Termed", "reason"] == "not-yet-recorded"
    # the list was read in full, so the possibly-held people it leaves out are inferred to differ in definition
    assert set(p.loc[p["basis"] == "complete list", "person_id"]) == {"vanished", "again"}


def test_census_bounds_fail_when_nothing_explains_the_difference(tmp_path):
    # one name counted, none read: two people certainly held and nothing to explain the second
    rec, people = _reconcile(_census(tmp_path, 1, []))
    assert not rec["certainly_within"] and rec["possibly_covers"]
    assert set(people["reason"]) == {"names not read"}
    # six counted, all read, four of them unknown here without a reason: possibly held falls short
    names = [{"name_as_printed": n, "person_id": n.lower()} for n in ("Pardoned", "Termed")]
    names += [{"name_as_printed": f"Unknown {i}"} for i in range(4)]
    rec, people = _reconcile(_census(tmp_path / "six", 6, names))
    assert rec["certainly_within"] and not rec["possibly_covers"]
    assert rec["possibly"] == 4 and rec["not_researched_or_outside"] == 0


def test_census_years_without_a_count_are_named(tmp_path):
    ds = _census(tmp_path, 2, [])  # one CPJ census, of 1 Dec 2015
    assert custody.census_years_missing(ds, first=2013) == [2013, 2014]
    assert custody.census_years_missing(ds, first=2015) == []
