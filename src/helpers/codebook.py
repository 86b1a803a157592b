"""The codebook's rules for the charge taxonomy as a table: which category and which CPJ class an
article of the Criminal Code gets, decided by its number (data/README.md, "Category rules").

``expected_category`` and ``expected_cpj_class`` are the one definition; the loader checks every
``criminal_code`` row against them (:mod:`helpers.rules`), so an article filed under the wrong
category fails ``make validate`` with its file, row and value.
"""

from __future__ import annotations

import re

#: (first, last, category): the article's number (before any '.' or '-') decides; first match wins.
#: Dash-numbered articles (167-3, 193-1, 214-1, 233-1, 312-1) follow their base number unless
#: listed in ``CATEGORY_EXACT``.
CATEGORY_RANGES: tuple[tuple[int, int, str], ...] = (
    (120, 143, "violence-against-person"),
    (177, 213, "economic-financial"),
    (214, 214, "state-security-anti-state"),
    (220, 227, "public-order"),
    (228, 232, "drugs-weapons"),
    (233, 233, "public-order"),
    (234, 236, "drugs-weapons"),
    (274, 287, "state-security-anti-state"),
    (315, 315, "public-order"),
    (317, 317, "public-order"),
    (308, 321, "official-misconduct-forgery"),
    (324, 324, "state-security-anti-state"),
)
#: Articles whose base number is not enough: the exact base (article up to the first '.').
CATEGORY_EXACT = {"167-3": "state-security-anti-state"}

#: CPJ classes: defamation and insult; openly political charges beyond the state-security
#: category (calls to disobedience, protest offences); everything else is an ordinary-crime
#: article (retaliatory when used against a critic).
CPJ_EXACT_PREFIXES = {
    "147": "criminal-defamation",
    "148": "criminal-defamation",
    "323": "criminal-defamation",
    "220.2": "anti-state",
    "233": "anti-state",
}


def base(article: str) -> str:
    """The article without its parts: '193-1.3.2' -> '193-1', '233' -> '233'."""
    return str(article).split(".")[0]


def number(article: str) -> int:
    m = re.match(r"^(\d+)", str(article))
    if not m:
        raise ValueError(f"article {article!r}: no article number")
    return int(m.group(1))


def expected_category(article: str, code: str = "criminal") -> str:
    """The category the codebook gives an article."""
    if code == "administrative" or str(article).startswith("AO-"):
        return "administrative"
    b = base(article)
    if b in CATEGORY_EXACT:
        return CATEGORY_EXACT[b]
    n = number(article)
    for first, last, category in CATEGORY_RANGES:
        if first <= n <= last:
            return category
    return "other"


def expected_cpj_class(article: str, code: str = "criminal") -> str:
    """The CPJ class the codebook gives an article."""
    if code == "administrative" or str(article).startswith("AO-"):
        return "retaliatory"
    a = str(article)
    for prefix, cls in CPJ_EXACT_PREFIXES.items():
        if a == prefix or a.startswith(prefix + "."):
            return cls
    if expected_category(article, code) == "state-security-anti-state":
        return "anti-state"
    return "retaliatory"
