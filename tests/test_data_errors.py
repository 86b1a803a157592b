"""Broken data must fail loudly: one exception listing every problem as file:row column=value: what."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest
from conftest import TINY, write_tables

from helpers.data import DataValidationError, load


def broken(tmp_path, table, row_index, **changes):
    tables = {k: [dict(r) for r in v] for k, v in TINY.items()}
    tables[table][row_index].update(changes)
    return write_tables(tmp_path / "broken", tables)


def problems_of(folder) -> str:
    with pytest.raises(DataValidationError) as info:
        load(folder)
    return str(info.value)


def test_tiny_fixture_is_valid(tiny):
    assert len(tiny.detentions) == 3


def test_bad_date(tmp_path):
    msg = problems_of(broken(tmp_path, "detentions", 0, detained_on="2023-13-45"))
    assert "detentions.csv:2 detained_on='2023-13-45': not a valid date (expected YYYY-MM-DD)" in msg


def test_unknown_article(tmp_path):
    msg = problems_of(broken(tmp_path, "charges", 0, article="999.9"))
    assert "charges.csv:2 article='999.9': unknown article: no such id in criminal_code.csv" in msg


def test_malformed_article(tmp_path):
    msg = problems_of(broken(tmp_path, "charges", 0, article="206,3,2"))
    assert "charges.csv:2 article='206,3,2': not a valid article number" in msg


def test_dangling_person(tmp_path):
    msg = problems_of(broken(tmp_path, "detentions", 1, person_id="nobody-here"))
    assert "detentions.csv:3 person_id='nobody-here': unknown person_id: no such id in people.csv" in msg


def test_duplicate_id(tmp_path):
    msg = problems_of(broken(tmp_path, "detentions", 1, detention_id="ana-aliyeva-2023"))
    assert re.search(r"detentions\.csv:3 detention_id='ana-aliyeva-2023': duplicate detention_id: already used in row 2", msg), (
        msg
    )


def test_release_before_detention(tmp_path):
    msg = problems_of(broken(tmp_path, "detentions", 1, released_on="2020-07-01"))
    assert "detentions.csv:3 released_on='2020-07-01': before sentenced_on (2020-07-15) of the same detention" in msg


def test_pretrial_before_detention(tmp_path):
    msg = problems_of(broken(tmp_path, "detentions", 0, pretrial_ordered_on="2023-11-01"))
    assert "detentions.csv:2 pretrial_ordered_on='2023-11-01': before detained_on (2023-11-20)" in msg


def test_missing_source(tmp_path):
    msg = problems_of(broken(tmp_path, "responses", 0, source_ids="src-a;src-zz"))
    assert "responses.csv:2 source_ids='src-a;src-zz': cites src-zz, which is not in sources.csv" in msg


def test_no_source_at_all(tmp_path):
    msg = problems_of(broken(tmp_path, "charges", 2, source_ids=""))
    assert "charges.csv:4 source_ids='': required value is missing" in msg


def test_value_outside_enum(tmp_path):
    msg = problems_of(broken(tmp_path, "detentions", 0, kind="political"))
    assert "detentions.csv:2 kind='political': not one of: criminal, administrative" in msg


def test_list_item_outside_enum(tmp_path):
    msg = problems_of(broken(tmp_path, "responses", 0, demands="release;freedom"))
    assert "responses.csv:2 demands='release;freedom': each ';'-separated item must be one of: release" in msg


def test_malformed_id_is_rejected(tmp_path):
    msg = problems_of(broken(tmp_path, "people", 0, person_id="../x"))
    assert "people.csv:2 person_id='../x': not a valid id" in msg


def test_response_before_detention(tmp_path):
    msg = problems_of(broken(tmp_path, "responses", 0, responded_on="2023-11-01"))
    assert "responses.csv:2 responded_on='2023-11-01': before the detention ana-aliyeva-2023 began" in msg


def test_held_but_released(tmp_path):
    msg = problems_of(broken(tmp_path, "detentions", 1, status_as_of="held"))
    assert "detentions.csv:3 status_as_of='held': says held but released_on is 2020-08-14" in msg


def test_date_after_as_of(tmp_path):
    msg = problems_of(broken(tmp_path, "detentions", 1, released_on="2030-01-01"))
    assert "detentions.csv:3 released_on='2030-01-01': after the data's as_of date 2026-01-31" in msg


def test_bom(tiny_dir):
    p = tiny_dir / "people.csv"
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    assert "people.csv:1: file starts with a UTF-8 byte-order mark (BOM)" in problems_of(tiny_dir)


def test_wrong_encoding(tiny_dir):
    p = tiny_dir / "people.csv"
    p.write_bytes(p.read_bytes().replace("Ana Əliyeva".encode(), "Ana Şükür".encode("cp1254")))
    msg = problems_of(tiny_dir)
    assert re.search(r"people\.csv:2: not UTF-8: byte 0x[0-9a-f]{2} at offset \d+", msg), msg


def test_unexpected_column(tiny_dir):
    p = tiny_dir / "sources.csv"
    rows = list(csv.reader(p.open(encoding="utf-8")))
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(rows[0] + ["accessed_on"])
        w.writerows([r + [""] for r in rows[1:]])
    assert "sources.csv:1 accessed_on='accessed_on': unexpected column: not in the schema" in problems_of(tiny_dir)


def test_missing_column(tiny_dir):
    p = tiny_dir / "events.csv"
    rows = list(csv.reader(p.open(encoding="utf-8")))
    i = rows[0].index("ends_on")
    with p.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([r[:i] + r[i + 1 :] for r in rows])
    assert "events.csv:1 ends_on='': missing column: the schema requires it" in problems_of(tiny_dir)


def test_empty_file(tiny_dir):
    (tiny_dir / "charges.csv").write_text("", encoding="utf-8")
    assert "charges.csv: file is empty: expected a header row with detention_id, article" in problems_of(tiny_dir)


def test_missing_file(tiny_dir):
    (tiny_dir / "events.csv").unlink()
    assert "events.csv: file is missing" in problems_of(tiny_dir)


def test_unparseable_csv(tiny_dir):
    p = tiny_dir / "people.csv"
    p.write_text(p.read_text(encoding="utf-8") + 'x-y,"unterminated,quote\n', encoding="utf-8")
    msg = problems_of(tiny_dir)
    assert re.search(r"people\.csv:\d+: unparseable CSV", msg), msg


def test_row_with_too_many_cells(tiny_dir):
    p = tiny_dir / "sources.csv"
    p.write_text(p.read_text(encoding="utf-8") + "src-c,https://example.org/c,Ex,,,en,surplus\n", encoding="utf-8")
    assert "sources.csv:4: row has 7 cells, the header has 6" in problems_of(tiny_dir)


def test_every_problem_is_listed_at_once(tmp_path):
    tables = {k: [dict(r) for r in v] for k, v in TINY.items()}
    tables["detentions"][0]["kind"] = "political"
    tables["charges"][1]["stage"] = "later"
    tables["sources"][1]["language"] = "xx"
    folder = write_tables(tmp_path / "many", tables)
    with pytest.raises(DataValidationError) as info:
        load(folder)
    files = {p.file for p in info.value.problems}
    assert {"detentions.csv", "charges.csv", "sources.csv"} <= files
    assert str(info.value).startswith(f"{len(info.value.problems)} problem(s)")


def test_real_data_with_release_before_detention_fails(real_copy):
    p = real_copy / "detentions.csv"
    rows = list(csv.DictReader(p.open(encoding="utf-8")))
    target = next(i for i, r in enumerate(rows) if r["released_on"])
    rows[target]["released_on"] = "2000-01-01"
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    msg = problems_of(real_copy)
    assert f"detentions.csv:{target + 2} released_on='2000-01-01': before" in msg


def test_cli_reports_problems(tmp_path, capsys):
    from helpers.data import main

    folder = broken(tmp_path, "detentions", 0, detained_on="yesterday")
    assert main(["validate", "--data", str(folder)]) == 1
    assert "detained_on='yesterday'" in capsys.readouterr().err


def test_move_to_house_arrest_may_precede_the_verdict(tmp_path):
    folder = broken(tmp_path, "detentions", 0, released_on="2024-12-03", release_type="house-arrest", status_as_of="released")
    ds = load(folder)
    assert ds.detentions.loc[2, "released_on"] == pd.Timestamp("2024-12-03")


def test_release_before_verdict_needs_a_house_arrest(tmp_path):
    msg = problems_of(broken(tmp_path, "detentions", 0, released_on="2024-12-03", release_type="pardon", status_as_of="released"))
    assert "detentions.csv:2 released_on='2024-12-03': before sentenced_on (2025-06-20)" in msg


def test_cache_returns_fresh_copies_and_sees_changes(tiny_dir):
    a = load(tiny_dir)
    a.detentions.loc[2, "kind"] = "administrative"
    b = load(tiny_dir)
    assert b.detentions.loc[2, "kind"] == "criminal"  # the cached tables were not touched
    p = tiny_dir / "detentions.csv"
    p.write_text(p.read_text(encoding="utf-8").replace("2023-11-20", "2023-13-20", 1), encoding="utf-8")
    with pytest.raises(DataValidationError):
        load(tiny_dir)  # changed bytes: validated again
