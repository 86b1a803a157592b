"""The case report's lede, generated from the rows, checked against five people whose story is known."""

import re

import pytest

from helpers import lede
from helpers.data import load


@pytest.fixture(scope="module")
def ds():
    return load()


def paragraphs(ds, person_id: str) -> list[str]:
    return lede.lede(ds, person_id).text().split("\n\n")


def test_a_pardon_and_an_open_case_with_added_charges(ds):
    p = paragraphs(ds, "rufat-safarov")
    assert len(p) == len(ds.detentions[ds.detentions["person_id"] == "rufat-safarov"])
    assert p[0].startswith("Rufat Safarov, human rights defender and lawyer of Defense Line")
    assert "detained in a criminal case on 15 January 2016" in p[0] and "Sentenced on 8 September 2016 to 9 years." in p[0]
    assert "Custody: released between 16 Mar 2019 and 23 Mar 2019 (pardon)." in p[0]  # the Novruz pardon of 2019
    last = p[-1]
    assert "detained in a criminal case again on 3 December 2024" in last
    assert "fraud causing significant (large) damage (178.3.2) and hooliganism (221.1); " in last
    assert "(127.2.3) added later" in last  # the charge added after the arrest
    assert re.search(r"Still held as last confirmed on \d+ \w+ 20\d\d\.", last)
    assert "7 days before US Secretary of State's Human Rights Defender Award 2024" in last
    assert re.search(r"\d+ responses from \d+ actors; the first after 0 days", last)


def test_a_group_case(ds):
    last = paragraphs(ds, "ulvi-hasanli")[-1]
    assert "on 20 November 2023, in the abzas media case" in last and "Sentenced on 20 June 2025 to 9 years." in last


def test_an_administrative_detention(ds):
    p = [x for x in paragraphs(ds, "tofig-yagublu") if "19 October 2019" in x][0]
    assert "detained under the Code of Administrative Offences again on 19 October 2019. Given 30 days." in p
    assert "Custody: released between 19 Oct 2019 and 18 Nov 2019." in p


def test_footnotes_link_every_sentence_to_its_pages(ds):
    html = lede.lede(ds, "rufat-safarov").html(ds)
    marks = set(re.findall(r'<a href="#fn-(\d+)">', html))
    notes = set(re.findall(r'<li id="fn-(\d+)">', html))
    assert marks == notes and len(notes) >= 5
    assert html.count("<p>") == len(paragraphs(ds, "rufat-safarov"))
    assert "https://" in html and "<script" not in html


def test_more_known_stories(ds):
    hilal = paragraphs(ds, "hilal-mammadov")[0]
    assert "detained in a criminal case on 21 June 2012" in hilal and "Sentenced on 27 September 2013 to 5 years." in hilal
    assert "(274) and incitement" in hilal and "added later" in hilal
    assert "Custody: released 17 Mar 2016 (pardon)." in hilal  # named in the pardon decree of 17 March 2016
    elvin = paragraphs(ds, "elvin-abdullayev")
    assert "Custody: released between 16 Mar 2017 and 23 Mar 2017 (pardon)." in elvin[0]
    assert "detained under the Code of Administrative Offences again on 22 May 2018" in elvin[1]
    assert "to 30 days. Custody: released between 22 May 2018 and 21 Jun 2018." in elvin[1]
