"""The data package's schema in one place: table names, list cells, the problems the loader
reports, the typed :class:`Dataset`, and every enum (statuses, kinds, stages, event types,
categories...) read once from ``data/datapackage.json``.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from . import paths

TABLES = (
    "people",
    "detentions",
    "custody_checks",
    "charges",
    "criminal_code",
    "events",
    "responses",
    "published_counts",
    "published_names",
    "sources",
)
LIST_SEP = ";"
#: What a parameter naming a day may be: "YYYY-MM-DD", a date or a Timestamp.
DayLike = str | datetime.date | pd.Timestamp
#: Tables whose rows state facts and cite their pages in ``source_ids``.
FACT_TABLES = ("people", "detentions", "charges", "criminal_code", "events", "responses", "published_counts", "published_names")


# --------------------------------------------------------------------------- errors
@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as precisely as possible."""

    file: str
    row: int | None = None  # line of the CSV file; the header is row 1
    column: str | None = None
    value: str | None = None
    message: str = ""

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        if self.column is not None:
            shown = "" if self.value is None else str(self.value)
            if len(shown) > 80:
                shown = shown[:77] + "..."
            where += f" {self.column}={shown!r}"
        return f"{where}: {self.message}"


class DataValidationError(ValueError):
    """Raised by :func:`load` with every problem found in the data."""

    def __init__(self, problems: list[Problem], data_dir: Path | str | None = None):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.row or 0, p.column or "", p.message))
        head = f"{len(self.problems)} problem(s) in {data_dir}" if data_dir else f"{len(self.problems)} problem(s)"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))


# --------------------------------------------------------------------------- dataset
@dataclass
class Dataset:
    """The validated, typed tables plus the data's ``as_of`` date."""

    as_of: pd.Timestamp
    people: pd.DataFrame
    detentions: pd.DataFrame
    custody_checks: pd.DataFrame
    charges: pd.DataFrame
    criminal_code: pd.DataFrame
    events: pd.DataFrame
    responses: pd.DataFrame
    published_counts: pd.DataFrame
    published_names: pd.DataFrame
    sources: pd.DataFrame
    data_dir: Path = field(default=paths.DATA)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in TABLES}

    def row_counts(self) -> pd.Series:
        return pd.Series({name: len(df) for name, df in self.tables.items()}, name="rows")


def split_list(value: object) -> list[str]:
    """Split a ';'-separated cell into its stripped, non-empty items."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return []
    return [item.strip() for item in str(value).split(LIST_SEP) if item.strip()]


def explode_list(df: pd.DataFrame, column: str, *, keep: list[str] | None = None) -> pd.DataFrame:
    """One row per item of a ';'-separated column (rows with no item are left out)."""
    keep = keep or [c for c in df.columns if c != column]
    out = df[keep + [column]].copy()
    out[column] = out[column].map(split_list)
    out = out.explode(column)
    return out[out[column].notna()].reset_index(drop=True)


def read_descriptor(data_dir: Path) -> dict:
    path = data_dir / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataValidationError([Problem("datapackage.json", message=f"missing: expected {path}")], data_dir) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataValidationError([Problem("datapackage.json", message=f"not valid JSON: {exc}")], data_dir) from None


@cache
def _enums(path: str) -> dict[tuple[str, str], tuple[str, ...]]:
    descriptor = json.loads(Path(path).read_text(encoding="utf-8"))
    out = {}
    for res in descriptor["resources"]:
        for f in res["schema"]["fields"]:
            if "enum" in f.get("constraints", {}):
                out[(res["name"], f["name"])] = tuple(f["constraints"]["enum"])
    return out


def enum(table: str, column: str) -> tuple[str, ...]:
    """The allowed values of ``table.column``, in the schema's order (the one list of them)."""
    return _enums(str(paths.ROOT / "data" / "datapackage.json"))[(table, column)]


def kinds() -> tuple[str, ...]:
    """Detention kinds: criminal, administrative, police-custody, psychiatric."""
    return enum("detentions", "kind")


def stages() -> tuple[str, ...]:
    """Charge stages in their order: initial, added, convicted, dropped."""
    return enum("charges", "stage")


def event_day(events: pd.DataFrame) -> pd.Series:
    """The day an event happened: its start, else the day it was announced (the one rule)."""
    return events["starts_on"].fillna(events["announced_on"])
