"""Resolve any spelling of a person's name to their ``person_id``.

Sources spell Azerbaijani names many ways (Səfərov, Safarov, Safarow; Vagifqizi, Vagifgizi,
Vagif qizi). Every name, Azerbaijani name and alias in ``people.csv`` is reduced to a
*skeleton*: lower case, diacritics and Azerbaijani letters folded to ASCII, and the
transliteration pairs that sources mix (q/g, x/kh, c/j, ş/sh, ç/ch, ğ/gh, ə/a/e) folded to one
letter. Two spellings with the same skeleton are the same name.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd
from rapidfuzz import process

from .data import split_list

_AZ = str.maketrans(
    {
        "ə": "a",
        "Ə": "a",
        "ı": "i",
        "I": "i",
        "İ": "i",
        "ş": "sh",
        "Ş": "sh",
        "ç": "ch",
        "Ç": "ch",
        "ğ": "gh",
        "Ğ": "gh",
        "ö": "o",
        "Ö": "o",
        "ü": "u",
        "Ü": "u",
    }
)
_CYRILLIC = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "ғ": "gh",
        "д": "d",
        "е": "e",
        "ё": "yo",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "қ": "g",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "ө": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ү": "u",
        "ф": "f",
        "х": "kh",
        "һ": "h",
        "ц": "ts",
        "ч": "ch",
        "ҹ": "j",
        "ш": "sh",
        "щ": "sh",
        "ъ": "",
        "ы": "i",
        "ь": "",
        "э": "e",
        "ә": "a",
        "ю": "yu",
        "я": "ya",
    }
)
_FOLDS = [
    ("kh", "x"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "c"),
    ("zh", "j"),
    ("q", "g"),
    ("j", "c"),
    ("w", "v"),
    ("e", "a"),
    ("y", "i"),
    ("oglu", "ogl"),
    ("gizi", "giz"),
    ("kizi", "giz"),
]


def skeleton(name: str) -> str:
    """A spelling-insensitive key for a name: 'Sevinj Vagifqizi' == 'sevinc vagifgizi'."""
    s = str(name).translate(_AZ).lower().translate(_CYRILLIC)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = re.sub(r"[^a-z]+", "", s)
    for a, b in _FOLDS:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)  # doubled letters: Mammadov == Mamedov-style variants


class UnknownName(KeyError):
    """No person matches the name; the message names the closest ones."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class AmbiguousName(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


class NameResolver:
    """Index of every spelling in ``people`` (person_id, name, name_az and aliases)."""

    def __init__(self, people: pd.DataFrame):
        spellings = []
        for _, row in people.iterrows():
            pid = row["person_id"]
            names = [pid.replace("-", " "), row["name"]]
            if pd.notna(row["name_az"]):
                names.append(row["name_az"])
            names += split_list(row["aliases"])
            spellings += [(skeleton(n), pid, n) for n in names if skeleton(n)]
        self._index = pd.DataFrame(spellings, columns=["key", "person_id", "spelling"]).drop_duplicates(["key", "person_id"])
        self._names = dict(zip(people["person_id"], people["name"]))

    def resolve(self, name: str) -> str:
        key = skeleton(name)
        hits = self._index.loc[self._index["key"] == key, "person_id"].unique()
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise AmbiguousName(f"{name!r} could be any of: {', '.join(sorted(hits))}")
        close = process.extract(key, self._index["key"].tolist(), limit=5)
        ids = list(dict.fromkeys(self._index.iloc[i]["person_id"] for _, _, i in close))[:3]
        raise UnknownName(f"no person is called {name!r}; closest: " + ", ".join(f"{i} ({self._names[i]})" for i in ids))

    def spellings(self, person_id: str) -> list[str]:
        return self._index.loc[self._index["person_id"] == person_id, "spelling"].tolist()


def resolve(name: str, people: pd.DataFrame) -> str:
    """Shortcut: ``resolve('Rüfət Səfərov', ds.people) -> 'rufat-safarov'``."""
    return NameResolver(people).resolve(name)


#: Detentions of one person that begin this close together are flagged as possible duplicates.
NEAR_DAYS = 7


def possible_duplicates(people: pd.DataFrame, detentions: pd.DataFrame, reviewed: set[frozenset] | None = None) -> list[str]:
    """Warnings for a person whose name or alias resolves to another person, and for two
    detentions of one person that begin within :data:`NEAR_DAYS` days; each as
    ``file:row column=value: collides with ...``. Pairs in ``reviewed`` (ids judged distinct by
    hand, ``data/audits/reviewed-distinct.csv``) are not flagged again."""
    reviewed = reviewed or set()
    out = []
    idx = NameResolver(people)._index
    rows = dict(zip(people["person_id"], people.index))
    shared = idx.groupby("key")["person_id"].agg(lambda s: sorted(set(s), key=rows.get))  # in file order: the newer row last
    for key, ids in shared[shared.map(len) > 1].items():
        for later in ids[1:]:
            if frozenset((ids[0], later)) in reviewed:
                continue
            spelling = idx.loc[(idx["key"] == key) & (idx["person_id"] == later), "spelling"].iloc[0]
            out.append(
                f"people.csv:{rows[later]} person_id={later!r}: its spelling {spelling!r} is also a spelling of "
                f"{ids[0]} ({', '.join(idx.loc[(idx['key'] == key) & (idx['person_id'] == ids[0]), 'spelling'])})"
            )
    d = detentions.sort_values(["person_id", "detained_on", "detention_id"])
    prev_id = d.groupby("person_id")["detention_id"].shift()
    gap = d.groupby("person_id")["detained_on"].diff().dt.days
    for row in d.index[gap <= NEAR_DAYS]:
        a, b = prev_id[row], d.at[row, "detention_id"]
        if frozenset((a, b)) in reviewed:
            continue
        out.append(f"detentions.csv:{row} detention_id={b!r}: begins {int(gap[row])} day(s) after {a} of the same person")
    return sorted(out)
