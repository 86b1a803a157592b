"""The data policy is enforced by the loader: a planted phone number, e-mail, ID number or birth
date in any text field is an error naming file, row and column; ordinary text passes."""

import copy

import pytest
from conftest import TINY, write_tables

from helpers.data import DataValidationError, load


@pytest.mark.parametrize(
    "text, what",
    [
        ("Call +994 50 123 45 67 for news.", "a phone number"),
        ("Reach her at (012) 555 12 34.", "a phone number"),
        ("Write to ana.aliyeva@example.org", "an e-mail address"),
        ("Passport number C01234567 was seized.", "an identity or passport number"),
        ("ID card AZE12345678 taken at the border.", "an identity or passport number"),
        ("Born 1989 in Baku; journalist.", "a birth date or birthplace"),
        ("A journalist, born on 3 May 1990.", "a birth date or birthplace"),
    ],
)
def test_planted_private_data_is_refused(tmp_path, text, what):
    t = copy.deepcopy(TINY)
    t["people"][0]["notes"] = text
    with pytest.raises(DataValidationError) as info:
        load(write_tables(tmp_path / "planted", t))
    assert "people.csv:2 notes=" in str(info.value) and f"looks like {what}" in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "Charged under 193-1.3.1 and 206.3.2 on 2024-08-13.",
        "Case #1(101)-286/2019 at the Baku Court on Grave Crimes; judge named.",
        "Stopped at passport control at Baku airport on 12 March 2024.",
        "Sentenced to 9 years; released on 16 March 2019 by pardon.",
        "Reported by https://example.org/a/33692863.html in 2026.",
    ],
)
def test_ordinary_text_passes(tmp_path, text):
    t = copy.deepcopy(TINY)
    t["people"][0]["notes"] = text
    load(write_tables(tmp_path / "fine", t))
