"""Shared fixtures: a tiny hand-made data package whose answers are known, and a copy of the real data."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from helpers import paths

SCHEMA = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
COLUMNS = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in SCHEMA["resources"]}

TINY = {
    "sources": [
        {"source_id": "src-a", "url": "https://example.org/a", "publisher": "Example", "language": "en"},
        {
            "source_id": "src-b",
            "url": "https://example.org/b",
            "publisher": "Example",
            "language": "en",
            "published_on": "2024-12-04",
        },
    ],
    "people": [
        {
            "person_id": "ana-aliyeva",
            "name": "Ana Aliyeva",
            "name_az": "Ana Əliyeva",
            "aliases": "Ana Aliyeva-Q;Ana Aliyewa",
            "roles": "journalist",
            "organisation": "Outlet One",
            "source_ids": "src-a",
        },
        {
            "person_id": "bakhtiyar-samadov",
            "name": "Bakhtiyar Samadov",
            "name_az": "Bəxtiyar Səmədov",
            "aliases": "Bakhtiar Samedov",
            "roles": "human-rights-defender;lawyer",
            "source_ids": "src-a;src-b",
        },
    ],
    "criminal_code": [
        {
            "article": "206.3.2",
            "code": "criminal",
            "title": "smuggling by a group",
            "category": "economic-financial",
            "cpj_class": "retaliatory",
            "max_years": "8",
            "source_ids": "src-a",
        },
        {
            "article": "221.1",
            "code": "criminal",
            "title": "hooliganism",
            "category": "public-order",
            "cpj_class": "retaliatory",
            "source_ids": "src-a",
        },
        {
            "article": "213.2.1",
            "code": "criminal",
            "title": "tax evasion by a group",
            "category": "economic-financial",
            "cpj_class": "retaliatory",
            "max_years": "10",
            "source_ids": "src-a",
        },
        {
            "article": "AO-535.1",
            "code": "administrative",
            "title": "disobeying police",
            "category": "administrative",
            "cpj_class": "retaliatory",
            "source_ids": "src-a",
        },
    ],
    "detentions": [
        {
            "detention_id": "ana-aliyeva-2023",
            "person_id": "ana-aliyeva",
            "kind": "criminal",
            "detained_on": "2023-11-20",
            "date_precision": "day",
            "case_group": "outlet-one",
            "pretrial_ordered_on": "2023-11-22",
            "pretrial_measure": "detention",
            "sentenced_on": "2025-06-20",
            "sentence_months": "108",
            "status_as_of": "held",
            "source_ids": "src-a;src-b",
        },
        {
            "detention_id": "bakhtiyar-samadov-2020",
            "person_id": "bakhtiyar-samadov",
            "kind": "administrative",
            "detained_on": "2020-07-15",
            "date_precision": "day",
            "sentenced_on": "2020-07-15",
            "sentence_days": "30",
            "released_on": "2020-08-14",
            "release_type": "served",
            "status_as_of": "released",
            "source_ids": "src-a",
        },
        {
            "detention_id": "bakhtiyar-samadov-2024",
            "person_id": "bakhtiyar-samadov",
            "kind": "criminal",
            "detained_on": "2024-12-01",
            "date_precision": "month",
            "released_on": "2025-03-10",
            "release_type": "house-arrest",
            "status_as_of": "house-arrest",
            "source_ids": "src-b",
        },
    ],
    "charges": [
        {
            "detention_id": "ana-aliyeva-2023",
            "article": "206.3.2",
            "stage": "initial",
            "charged_on": "2023-11-20",
            "source_ids": "src-a",
        },
        {
            "detention_id": "ana-aliyeva-2023",
            "article": "213.2.1",
            "stage": "added",
            "charged_on": "2024-08-13",
            "source_ids": "src-a",
        },
        {
            "detention_id": "ana-aliyeva-2023",
            "article": "206.3.2",
            "stage": "convicted",
            "charged_on": "2025-06-20",
            "source_ids": "src-b",
        },
        {"detention_id": "bakhtiyar-samadov-2020", "article": "AO-535.1", "stage": "initial", "source_ids": "src-a"},
        {"detention_id": "bakhtiyar-samadov-2024", "article": "221.1", "stage": "initial", "source_ids": "src-b"},
    ],
    "events": [
        {
            "event_id": "cop29",
            "name": "COP29",
            "type": "international-event",
            "starts_on": "2024-11-11",
            "ends_on": "2024-11-22",
            "source_ids": "src-a",
        },
        {
            "event_id": "award-2024",
            "name": "An award",
            "type": "award",
            "announced_on": "2024-11-25",
            "starts_on": "2024-12-10",
            "person_id": "bakhtiyar-samadov",
            "source_ids": "src-b",
        },
        {
            "event_id": "election-2020",
            "name": "An election",
            "type": "election",
            "starts_on": "2020-02-09",
            "source_ids": "src-a",
        },
    ],
    "responses": [
        {
            "response_id": "r1",
            "detention_id": "ana-aliyeva-2023",
            "responded_on": "2023-11-21",
            "actor": "CPJ",
            "actor_type": "international-ngo",
            "response_type": "statement",
            "demands": "release;drop-charges",
            "source_ids": "src-a",
        },
        {
            "response_id": "r2",
            "case_group": "outlet-one",
            "responded_on": "2023-12-01",
            "actor": "European Parliament",
            "actor_type": "parliament",
            "response_type": "resolution",
            "addressed_to": "Government of Azerbaijan",
            "demands": "release",
            "source_ids": "src-a",
        },
        {
            "response_id": "r3",
            "detention_id": "bakhtiyar-samadov-2024",
            "responded_on": "2024-12-05",
            "actor": "Amnesty International",
            "actor_type": "international-ngo",
            "response_type": "urgent-appeal",
            "addressed_to": "President of Azerbaijan;Prosecutor General",
            "demands": "release",
            "source_ids": "src-b",
        },
    ],
}


def write_tables(folder: Path, tables: dict[str, list[dict]], as_of: str = "2026-01-31") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    schema = json.loads(json.dumps(SCHEMA))
    schema["as_of"] = as_of
    (folder / "datapackage.json").write_text(json.dumps(schema, indent=1), encoding="utf-8")
    for name, cols in COLUMNS.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n")
            w.writeheader()
            for row in tables.get(name, []):
                w.writerow({c: row.get(c, "") for c in cols})
    return folder


@pytest.fixture
def tiny_dir(tmp_path) -> Path:
    return write_tables(tmp_path / "tiny", TINY)


@pytest.fixture
def tiny(tiny_dir):
    from helpers.data import load

    return load(tiny_dir)


@pytest.fixture
def real_copy(tmp_path) -> Path:
    """A copy of the project's data/ to corrupt."""
    dst = tmp_path / "data"
    shutil.copytree(paths.DATA, dst, ignore=shutil.ignore_patterns("*.md"))
    return dst


def break_real(folder: Path, table: str, pick, **changes) -> tuple[int, str]:
    """Change one row of ``table`` in a copy of the real data (``pick(frame)`` gives its index) and
    load it: returns the row's CSV line number and the validation error the loader raised."""
    import pandas as pd

    from helpers.data import DataValidationError, load

    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    row = pick(frame)
    for column, value in changes.items():
        frame.loc[row, column] = value
    frame.to_csv(path, index=False, lineterminator="\n")
    with pytest.raises(DataValidationError) as info:
        load(folder, cache=False)
    return row + 2, str(info.value)
