"""Adding a case safely: `make validate` flags a new person who is an existing one under another
spelling, and a detention that begins within days of another of the same person."""

import csv
import subprocess
import sys

from helpers import paths


def validate(folder) -> str:
    res = subprocess.run(
        [sys.executable, "-m", "helpers.data", "validate", "--data", str(folder)], capture_output=True, text=True, cwd=paths.ROOT
    )
    assert res.returncode == 0, res.stderr
    return res.stdout


def append(path, row: dict) -> int:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        cols, n = reader.fieldnames, sum(1 for _ in reader)
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=cols, lineterminator="\n").writerow({c: row.get(c, "") for c in cols})
    return n + 2  # the new row's line (header = 1)


def test_real_data_has_no_unreviewed_duplicates(real_copy):
    (real_copy / "audits").mkdir(exist_ok=True)
    (real_copy / "audits" / "reviewed-distinct.csv").write_bytes((paths.DATA / "audits" / "reviewed-distinct.csv").read_bytes())
    assert "check:" not in validate(real_copy)


def test_a_second_spelling_of_a_known_person_is_flagged(real_copy):
    line = append(
        real_copy / "people.csv",
        {
            "person_id": "sevinc-vagifqizi",
            "name": "Sevinc Vagifqizi",
            "roles": "journalist",
            "source_ids": "cpj-preprod-mirror-of-cp-8d51fd",
        },
    )
    out = validate(real_copy)
    assert f"check: people.csv:{line} person_id='sevinc-vagifqizi'" in out and "also a spelling of sevinj-vagifgizi" in out


def test_a_detention_days_after_another_of_the_same_person_is_flagged(real_copy):
    line = append(
        real_copy / "detentions.csv",
        {
            "detention_id": "rufat-safarov-2024-2",
            "person_id": "rufat-safarov",
            "kind": "criminal",
            "detained_on": "2024-12-05",
            "date_precision": "day",
            "status_as_of": "held",
            "source_ids": "cpj-preprod-mirror-of-cp-8d51fd",
        },
    )
    out = validate(real_copy)
    assert f"check: detentions.csv:{line} detention_id='rufat-safarov-2024-2': begins 2 day(s) after rufat-safarov-2024" in out
