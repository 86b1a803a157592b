"""The data policy, enforced: no contact details, identity numbers or birth data in any text field.

The codebook's rule (data/README.md, "Do no harm"): only what the case turns on. A text cell
that looks like a phone number, an e-mail address, an identity or passport number, or a birth
date or birthplace is reported by the loader as a problem naming file, row and column.
"""

from __future__ import annotations

import re

import pandas as pd

#: What the policy forbids, each as (label, pattern). Article numbers (193-1.3.1), case numbers
#: (1(101)-286/2019), dates and URLs do not match.
PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("an e-mail address", re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", re.I)),
    (
        "a phone number",
        re.compile(
            r"(?<![\w/.-])(?:\+|00)\d{3}[\s-]?\(?\d{2}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}\b"
            r"|\(?\b0\d{2}\)?[\s-]\d{3}[\s-]\d{2}[\s-]\d{2}\b"
        ),
    ),
    (
        "an identity or passport number",
        re.compile(
            r"\b(?:AZE|AA|C)\d{7,8}\b|\b(?:passport|ID card|identity card|FIN)"
            r"(?: number| no\.?| code)?[:\s]+(?=[A-Z0-9]*\d)[A-Z0-9]{5,}",
            re.I,
        ),
    ),
    (
        "a birth date or birthplace",
        re.compile(
            r"\b(?:born|b\.)\s+(?:on\s+|in\s+)?(?:\d{1,2}\s+\w+\s+)?\d{4}\b|\bborn in\b"
            r"|\bdate of birth\b|\bbirthplace\b|\bplace of birth\b",
            re.I,
        ),
    ),
)
#: Columns never scanned: ids, links and codes.
SKIP = {"url", "source_ids", "source_id"}


def findings(table: str, df: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    """(row, column, value, what) for every text cell of ``df`` that breaks the policy."""
    out = []
    for col in df.columns:
        if col in SKIP or col.endswith("_id") or str(df[col].dtype) not in ("string", "str", "object"):
            continue
        values = df[col].dropna().astype(str)
        for label, pattern in PATTERNS:
            hit = values[values.str.contains(pattern)]
            for row, value in hit.items():
                out.append((row, col, pattern.search(value).group(0), label))
    return out
