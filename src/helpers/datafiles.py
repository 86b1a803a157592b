"""Reading the data package's files: file-level checks, the Frictionless validator, typed tables.

Every function returns the problems it found as :class:`~helpers.schema.Problem` rows; nothing
is raised or dropped here (:func:`helpers.data.load` decides).
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pandas as pd

from .schema import Problem


def _check_file(data_dir: Path, resource: dict) -> tuple[list[Problem], str | None]:
    """File-level checks; returns problems and the file's text if it is readable."""
    name = resource["path"]
    path = data_dir / name
    expected = [f["name"] for f in resource["schema"]["fields"]]
    if not path.exists():
        return [Problem(name, message="file is missing")], None
    raw = path.read_bytes()
    if not raw.strip():
        return [Problem(name, message=f"file is empty: expected a header row with {', '.join(expected)}")], None
    if raw.startswith(codecs.BOM_UTF8):
        return [
            Problem(name, row=1, message="file starts with a UTF-8 byte-order mark (BOM): save it as UTF-8 without BOM")
        ], None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [
            Problem(
                name,
                row=line,
                message=f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start} cannot be decoded; save the file as UTF-8",
            )
        ], None
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), strict=True):  # parse once, keep nothing
            pass
    except csv.Error as exc:
        line = getattr(exc, "line_num", None)
        msg = str(exc)
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            for _ in reader:
                pass
        except csv.Error:
            line = reader.line_num
        return [Problem(name, row=line, message=f"unparseable CSV: {msg}")], None
    header = next(csv.reader(io.StringIO(text, newline="")))
    problems = []
    missing = [c for c in expected if c not in header]
    unexpected = [c for c in header if c not in expected]
    for c in missing:
        problems.append(Problem(name, row=1, column=c, value="", message="missing column: the schema requires it"))
    for c in unexpected:
        problems.append(
            Problem(
                name, row=1, column=c, value=c, message=f"unexpected column: not in the schema (expected {', '.join(expected)})"
            )
        )
    dupes = sorted({c for c in header if header.count(c) > 1})
    for c in dupes:
        problems.append(Problem(name, row=1, column=c, value=c, message="column appears more than once in the header"))
    if not problems and header != expected:
        problems.append(Problem(name, row=1, message=f"columns out of order: expected {', '.join(expected)}"))
    if problems:
        return problems, None
    for i, row in enumerate(csv.reader(io.StringIO(text, newline=""), strict=True), start=1):
        if i > 1 and len(row) != len(header):
            problems.append(Problem(name, row=i, message=f"row has {len(row)} cells, the header has {len(header)}"))
    return problems, text


def _field_hint(fdef: dict) -> str:
    c = fdef.get("constraints", {})
    if "enum" in c:
        return "not one of: " + ", ".join(c["enum"])
    pattern = c.get("pattern", "")
    if pattern.startswith("^(AO-)?"):
        return (
            "not a valid article number (digits separated by dots, e.g. 206.3.2 or 193-1.3.1; "
            "AO- prefix for administrative offences)"
        )
    if pattern.startswith("^[a-z0-9]+(-[a-z0-9]+)*(;"):
        return "not a ';'-separated list of ids (lower-case letters, digits and single hyphens)"
    if pattern.startswith("^[a-z0-9]+"):
        return "not a valid id: use lower-case letters, digits and single hyphens (e.g. rufat-safarov)"
    if pattern.startswith("^http"):
        return "not a URL starting with http:// or https://"
    if pattern.startswith("^("):
        allowed = pattern[2:].split(")")[0].split("|")
        return "each ';'-separated item must be one of: " + ", ".join(allowed)
    return f"does not match the pattern {pattern}"


def _frictionless_problems(data_dir: Path, descriptor: dict, texts: dict[str, str]) -> list[Problem]:
    from frictionless import Package

    package = Package(descriptor, basepath=str(data_dir))
    report = package.validate()
    if report.valid:
        return []
    by_name = {r["name"]: r for r in descriptor["resources"]}
    problems = []
    raw = {
        name: list(csv.reader(io.StringIO(text, newline="")))
        for name, text in texts.items()
        if any(t.name == name and t.errors for t in report.tasks)
    }  # parsed only for tables with errors
    for task in report.tasks:
        res = by_name.get(task.name, {"path": task.name, "schema": {"fields": []}})
        fname = res["path"]
        fields = {f["name"]: f for f in res["schema"]["fields"]}
        header = raw.get(task.name, [[]])[0]
        for err in task.errors:
            row = getattr(err, "row_number", None)
            col = getattr(err, "field_name", None)
            cell = getattr(err, "cell", None)
            rowvals = raw[task.name][row - 1] if row and task.name in raw and row - 1 < len(raw[task.name]) else None

            def val(c, rowvals=rowvals, header=header):
                return rowvals[header.index(c)] if rowvals and c in header else None

            if err.type == "type-error":
                ftype = fields.get(col, {}).get("type", "")
                hint = "not a valid date (expected YYYY-MM-DD)" if ftype == "date" else f"not a valid {ftype}"
                problems.append(Problem(fname, row, col, cell, hint))
            elif err.type == "constraint-error":
                note = err.note or ""
                fdef = fields.get(col, {})
                if '"required"' in note:
                    msg = "required value is missing"
                elif '"enum"' in note or '"pattern"' in note:
                    msg = _field_hint(fdef)
                elif '"minimum"' in note:
                    msg = f"below the minimum of {fdef.get('constraints', {}).get('minimum')}"
                else:
                    msg = note
                problems.append(Problem(fname, row, col, cell, msg))
            elif err.type in ("primary-key", "unique-error"):
                pk = res["schema"].get("primaryKey", [])
                cols = [col] if (err.type == "unique-error" and col) else pk
                shown = ",".join(str(val(c)) for c in cols)
                where = (err.note or "").replace("the same as in the row at position", "already used in row")
                problems.append(Problem(fname, row, "+".join(cols), shown, f"duplicate {'+'.join(cols)}: {where}"))
            elif err.type == "foreign-key":
                for fk in res["schema"].get("foreignKeys", []):
                    c = fk["fields"][0]
                    v = val(c)
                    if v and f'"{c}"' in (err.note or ""):
                        ref = fk["reference"]
                        problems.append(
                            Problem(fname, row, c, v, f"unknown {ref['fields'][0]}: no such id in {ref['resource']}.csv")
                        )
            elif err.type in ("extra-cell", "missing-cell"):
                continue  # reported with the row width check
            elif err.type == "blank-row":
                problems.append(Problem(fname, row, message="blank row"))
            else:
                problems.append(Problem(fname, row, col, cell, f"{err.type}: {err.note or err.message}"))
    return problems


def _typed(text: str, resource: dict) -> pd.DataFrame:
    """The table as typed columns: dates as datetimes, numbers as nullable numbers, the rest as strings."""
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    out = {}
    for fdef in resource["schema"]["fields"]:
        name, ftype = fdef["name"], fdef["type"]
        col = df[name].str.strip() if name in df else pd.Series([], dtype=object)
        col = col.where(col != "", None) if len(col) else col
        if ftype == "date":
            out[name] = pd.to_datetime(col, format="%Y-%m-%d").astype("datetime64[ns]")
        elif ftype == "integer":
            out[name] = pd.to_numeric(col).astype("Int64")
        elif ftype == "number":
            out[name] = pd.to_numeric(col).astype("Float64")
        elif ftype == "boolean":
            out[name] = col.str.lower().map({"true": True, "false": False, "1": True, "0": False}).astype("boolean")
        else:
            out[name] = col.astype("string")
    frame = pd.DataFrame(out)
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="row")  # CSV record numbers (header = 1)
    return frame
