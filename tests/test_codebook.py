"""The codebook's category rules as a table, checked against every article."""

import pytest
from conftest import break_real

from helpers import codebook
from helpers.data import load


@pytest.mark.parametrize(
    "article,category,cpj",
    [
        ("193-1.3.2", "economic-financial", "retaliatory"),
        ("233", "public-order", "anti-state"),
        ("233-1.2.1", "public-order", "retaliatory"),
        ("318.1", "official-misconduct-forgery", "retaliatory"),
        ("315.2", "public-order", "retaliatory"),
        ("167-3.1", "state-security-anti-state", "anti-state"),
        ("220.2", "public-order", "anti-state"),
        ("147.1", "other", "criminal-defamation"),
        ("234.4.1", "drugs-weapons", "retaliatory"),
        ("AO-535.1", "administrative", "retaliatory"),
    ],
)
def test_known_articles(article, category, cpj):
    code = "administrative" if article.startswith("AO-") else "criminal"
    assert codebook.expected_category(article, code) == category
    assert codebook.expected_cpj_class(article, code) == cpj


def test_every_article_in_the_data_follows_the_rules():
    cc = load().criminal_code
    wrong = [
        a
        for a, c, cat, cls in zip(cc["article"], cc["code"], cc["category"], cc["cpj_class"])
        if (cat, cls) != (codebook.expected_category(a, c), codebook.expected_cpj_class(a, c))
    ]
    assert wrong == []


def test_a_misfiled_article_fails_validation_with_its_row(real_copy):
    line, msg = break_real(real_copy, "criminal_code", lambda cc: cc.index[cc["article"] == "318.1"][0], category="other")
    assert f"criminal_code.csv:{line} category='other'" in msg
