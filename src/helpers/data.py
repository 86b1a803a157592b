"""Load and validate the data package in ``data/``.

``load()`` returns a :class:`Dataset` of typed DataFrames (dates as datetimes, ids and
article numbers as strings, counts as nullable integers) after three layers of checks:

1. **Files**: each table exists, is UTF-8 without a byte-order mark, is not empty, parses as
   CSV, and has exactly the columns the schema declares (no missing, no unexpected).
2. **Schema** (the Frictionless validator, against ``data/datapackage.json``): field types,
   required fields, enums, id patterns, primary keys and foreign keys.
3. **Cross-table rules** a schema cannot express: dates in order
   (detained_on <= pretrial_ordered_on <= sentenced_on <= released_on <= as_of), every cited
   source exists, every response names a detention or a known case group, status agrees with
   the release date.

Every problem found is collected; one :class:`DataValidationError` lists them all as
``file:row column=value: what is wrong``. Nothing is dropped silently: a table with a bad row
does not load at all.

Run ``python -m helpers.data validate`` to check the data from the shell.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import io
import json
import sys
from dataclasses import dataclass, field
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


def split_list(value) -> list[str]:
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


# --------------------------------------------------------------------------- reading
def read_descriptor(data_dir: Path) -> dict:
    path = data_dir / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataValidationError([Problem("datapackage.json", message=f"missing: expected {path}")], data_dir) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataValidationError([Problem("datapackage.json", message=f"not valid JSON: {exc}")], data_dir) from None


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


# --------------------------------------------------------------------------- cross-table rules
def cross_table_problems(ds: Dataset) -> list[Problem]:
    """Rules a table schema cannot express; vectorised, one Problem per offending cell."""
    problems: list[Problem] = []
    fmt = lambda v: "" if pd.isna(v) else (v.strftime("%Y-%m-%d") if isinstance(v, pd.Timestamp) else str(v))

    # 1. dates in order within a detention, and none after as_of
    d = ds.detentions
    chain = ["detained_on", "pretrial_ordered_on", "sentenced_on", "released_on"]
    for i, later in enumerate(chain[1:], start=1):
        earlier = d[chain[:i]].copy()
        if later == "released_on":  # a move to house arrest may come before the verdict
            earlier.loc[d["release_type"] == "house-arrest", "sentenced_on"] = pd.NaT
        # the latest known earlier date in the chain
        prev = earlier.ffill(axis=1).iloc[:, -1] if len(d) else d[later]
        prev_name = earlier.notna().iloc[:, ::-1].idxmax(axis=1) if len(d) else d[later]
        bad = d[later].notna() & prev.notna() & (d[later] < prev)
        for row, r in d[bad].iterrows():
            problems.append(
                Problem(
                    "detentions.csv",
                    row,
                    later,
                    fmt(r[later]),
                    f"before {prev_name[row]} ({fmt(prev[row])}) of the same detention",
                )
            )
    for col in chain:
        bad = d[col].notna() & (d[col] > ds.as_of)
        for row, r in d[bad].iterrows():
            problems.append(Problem("detentions.csv", row, col, fmt(r[col]), f"after the data's as_of date {fmt(ds.as_of)}"))
    bad = d["released_on"].notna() & (d["status_as_of"] == "held")
    for row, r in d[bad].iterrows():
        problems.append(
            Problem(
                "detentions.csv", row, "status_as_of", r["status_as_of"], f"says held but released_on is {fmt(r['released_on'])}"
            )
        )
    bad = d["release_type"].notna() & d["released_on"].isna() & (d["status_as_of"] == "held")
    for row, r in d[bad].iterrows():
        problems.append(
            Problem("detentions.csv", row, "release_type", r["release_type"], "a release type for a person still held")
        )

    # 2. events: announced <= starts <= ends; at least one date
    e = ds.events
    for a, b in (("announced_on", "starts_on"), ("starts_on", "ends_on")):
        bad = e[a].notna() & e[b].notna() & (e[b] < e[a])
        for row, r in e[bad].iterrows():
            problems.append(Problem("events.csv", row, b, fmt(r[b]), f"before {a} ({fmt(r[a])})"))
    bad = e["announced_on"].isna() & e["starts_on"].isna()
    for row in e.index[bad]:
        problems.append(Problem("events.csv", row, "starts_on", "", "an event needs starts_on or announced_on"))

    # 3. responses: about a detention or a known case group; not before the detention
    r_ = ds.responses
    groups = set(d["case_group"].dropna())
    bad = r_["detention_id"].isna() & r_["case_group"].isna()
    for row in r_.index[bad]:
        problems.append(Problem("responses.csv", row, "detention_id", "", "a response needs a detention_id or a case_group"))
    bad = r_["case_group"].notna() & ~r_["case_group"].isin(groups)
    for row, r in r_[bad].iterrows():
        problems.append(
            Problem("responses.csv", row, "case_group", r["case_group"], "unknown case_group: no detention belongs to it")
        )
    joined = r_.join(d.set_index("detention_id")[["detained_on", "date_precision"]], on="detention_id")
    start = joined["detained_on"].where(joined["date_precision"] == "day", joined["detained_on"].dt.to_period("M").dt.start_time)
    start = start.where(joined["date_precision"] != "year", joined["detained_on"].dt.to_period("Y").dt.start_time)
    bad = joined["responded_on"].notna() & start.notna() & (joined["responded_on"] < start)
    for row, r in joined[bad].iterrows():
        problems.append(
            Problem(
                "responses.csv",
                row,
                "responded_on",
                fmt(r["responded_on"]),
                f"before the detention {r['detention_id']} began ({fmt(r['detained_on'])})",
            )
        )
    bad = r_["responded_on"] > ds.as_of
    for row, r in r_[bad].iterrows():
        problems.append(
            Problem("responses.csv", row, "responded_on", fmt(r["responded_on"]), f"after the data's as_of date {fmt(ds.as_of)}")
        )

    # 4. every person named by an event exists
    people = set(ds.people["person_id"].dropna())
    for row, ids in ds.events["person_id"].map(split_list).items():
        for pid in ids:
            if pid not in people:
                problems.append(
                    Problem(
                        "events.csv",
                        row,
                        "person_id",
                        ds.events.at[row, "person_id"],
                        f"unknown person_id {pid}: no such id in people.csv",
                    )
                )

    bad = ds.events["case_group"].notna() & ~ds.events["case_group"].isin(groups)
    for row, r in ds.events[bad].iterrows():
        problems.append(
            Problem("events.csv", row, "case_group", r["case_group"], "unknown case_group: no detention belongs to it")
        )

    problems += _custody_problems(ds, fmt)

    # 5. the data policy: no contact details, identity numbers or birth data in any text field
    from .privacy import findings

    for name, df in ds.tables.items():
        for row, col, match, what in findings(name, df):
            problems.append(Problem(f"{name}.csv", row, col, match, f"looks like {what}: the data policy forbids it"))

    # 6. every cited source exists
    known = set(ds.sources["source_id"].dropna())
    for name in (
        "people",
        "detentions",
        "charges",
        "criminal_code",
        "events",
        "responses",
        "published_counts",
        "published_names",
    ):
        df = ds.tables[name]
        cited = df["source_ids"].map(split_list)
        for row, ids in cited.items():
            missing = [s for s in ids if s not in known]
            for s in missing:
                problems.append(
                    Problem(f"{name}.csv", row, "source_ids", df.at[row, "source_ids"], f"cites {s}, which is not in sources.csv")
                )
    return problems


def _custody_problems(ds: Dataset, fmt) -> list[Problem]:
    """Custody checks against their detention, status_as_of against the checks, decrees that end a detention."""
    problems: list[Problem] = []
    d = ds.detentions.reset_index().set_index("detention_id")
    c = ds.custody_checks.join(
        d[["detained_on", "date_precision", "released_on", "release_type", "status_as_of"]], on="detention_id"
    )
    first_day = c["detained_on"].where(c["date_precision"] == "day", c["detained_on"].dt.to_period("M").dt.start_time)
    first_day = first_day.where(c["date_precision"] != "year", c["detained_on"].dt.to_period("Y").dt.start_time)
    for row, r in c[c["observed_on"] < first_day].iterrows():
        problems.append(
            Problem(
                "custody_checks.csv",
                row,
                "observed_on",
                fmt(r["observed_on"]),
                f"before the detention {r['detention_id']} began ({fmt(r['detained_on'])})",
            )
        )
    for row, r in c[c["observed_on"] > ds.as_of].iterrows():
        problems.append(
            Problem(
                "custody_checks.csv", row, "observed_on", fmt(r["observed_on"]), f"after the data's as_of date {fmt(ds.as_of)}"
            )
        )
    moved = c["release_type"] == "house-arrest"
    bad = (c["status"] == "held") & c["released_on"].notna() & (c["observed_on"] >= c["released_on"])
    bad |= (c["status"] == "house-arrest") & c["released_on"].notna() & ~moved & (c["observed_on"] >= c["released_on"])
    for row, r in c[bad].iterrows():
        problems.append(
            Problem(
                "custody_checks.csv",
                row,
                "status",
                r["status"],
                f"on {fmt(r['observed_on'])}, on or after the stated release of {r['detention_id']} ({fmt(r['released_on'])})",
            )
        )
    # status_as_of agrees with the latest check
    latest = c.sort_values(["observed_on", "status"]).groupby("detention_id").tail(1).set_index("detention_id")
    for did, r in latest.iterrows():
        row, status = int(d.at[did, "row"]), d.at[did, "status_as_of"]
        if status in ("held", "house-arrest") and r["status"] in ("released", "died-in-custody"):
            problems.append(
                Problem(
                    "detentions.csv",
                    row,
                    "status_as_of",
                    status,
                    f"but the latest custody check ({fmt(r['observed_on'])}) says {r['status']}",
                )
            )
    died = set(c.loc[c["status"] == "died-in-custody", "detention_id"])
    for did in d.index[(d["status_as_of"] == "died-in-custody") & ~d.index.isin(list(died))]:
        problems.append(
            Problem(
                "detentions.csv",
                int(d.at[did, "row"]),
                "status_as_of",
                "died-in-custody",
                "needs a died-in-custody row in custody_checks.csv",
            )
        )
    for row, r in c[(c["status"] == "died-in-custody") & (c["status_as_of"] != "died-in-custody")].iterrows():
        problems.append(
            Problem(
                "custody_checks.csv",
                row,
                "status",
                r["status"],
                f"but detentions.csv gives {r['detention_id']} the status {r['status_as_of']}",
            )
        )
    # a decree that ended a detention is a pardon or amnesty after the detention began and not after the release
    e = ds.events.set_index("event_id")
    for row, r in ds.detentions[ds.detentions["release_event_id"].notna()].iterrows():
        ev = e.loc[r["release_event_id"]] if r["release_event_id"] in e.index else None
        if ev is None:
            continue  # the foreign key check reports it
        day = ev["starts_on"] if pd.notna(ev["starts_on"]) else ev["announced_on"]
        if ev["type"] not in ("pardon", "amnesty"):
            problems.append(
                Problem(
                    "detentions.csv",
                    row,
                    "release_event_id",
                    r["release_event_id"],
                    f"is a {ev['type']} event, not a pardon or amnesty",
                )
            )
        elif day < r["detained_on"] or (pd.notna(r["released_on"]) and day > r["released_on"]):
            problems.append(
                Problem(
                    "detentions.csv",
                    row,
                    "release_event_id",
                    r["release_event_id"],
                    f"dated {fmt(day)}, outside the detention ({fmt(r['detained_on'])} to {fmt(r['released_on']) or 'open'})",
                )
            )
        elif r["person_id"] not in split_list(ev["person_id"]):
            problems.append(
                Problem(
                    "detentions.csv",
                    row,
                    "release_event_id",
                    r["release_event_id"],
                    f"does not name {r['person_id']} in events.csv person_id",
                )
            )
    return problems


# --------------------------------------------------------------------------- entry point
_CACHE: dict[tuple, Dataset] = {}


def _fingerprint(data_dir: Path) -> str:
    """Hash of every file in the data folder (names and bytes): the cache key of :func:`load`."""
    import hashlib

    h = hashlib.sha256()
    for f in sorted(data_dir.glob("*")):
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def _copy(ds: Dataset) -> Dataset:
    import dataclasses

    return dataclasses.replace(ds, **{name: df.copy() for name, df in ds.tables.items()})


def load(
    data_dir: Path | str | None = None, *, check_rules: bool = True, cache: bool = True, trusted: str | None = None
) -> Dataset:
    """Validate ``data_dir`` (default: the project's data/) and return its typed tables.

    Raises :class:`DataValidationError` listing every problem as ``file:row column=value: what``.
    A folder whose files are byte-for-byte unchanged is validated once per process; each call
    still returns fresh copies of the tables, so callers may modify them. ``trusted`` may carry
    the fingerprint (:func:`fingerprint`) of a folder already validated by an earlier process:
    if the folder still has it, the schema and rules are not checked again (files still are).
    """
    data_dir = Path(data_dir) if data_dir is not None else paths.DATA
    key = (str(data_dir.resolve()), _fingerprint(data_dir), check_rules) if cache and data_dir.exists() else None
    if key is not None and key in _CACHE:
        return _copy(_CACHE[key])
    ds = _load(data_dir, check_rules=check_rules, validate=not (trusted is not None and key is not None and trusted == key[1]))
    if key is not None:
        _CACHE.clear()
        _CACHE[key] = _copy(ds)
    return ds


def fingerprint(data_dir: Path | str | None = None) -> str:
    """Content hash of the data folder (every file's name and bytes)."""
    return _fingerprint(Path(data_dir) if data_dir is not None else paths.DATA)


def _load(data_dir: Path, *, check_rules: bool = True, validate: bool = True) -> Dataset:
    descriptor = read_descriptor(data_dir)
    resources = {r["name"]: r for r in descriptor.get("resources", [])}
    problems = [Problem("datapackage.json", message=f"no resource named {t}") for t in TABLES if t not in resources]
    try:
        as_of = pd.Timestamp(descriptor["as_of"])
    except (KeyError, ValueError) as exc:
        problems.append(
            Problem(
                "datapackage.json",
                column="as_of",
                value=str(descriptor.get("as_of")),
                message=f"needs an as_of date (YYYY-MM-DD): {exc}",
            )
        )
    if problems:
        raise DataValidationError(problems, data_dir)

    texts: dict[str, str] = {}
    for name in TABLES:
        p, text = _check_file(data_dir, resources[name])
        problems += p
        if text is not None:
            texts[name] = text
    if problems:  # structure first: row checks on a broken file only add noise
        raise DataValidationError(problems, data_dir)

    if validate:
        problems += _frictionless_problems(data_dir, descriptor, texts)
    if problems:
        raise DataValidationError(problems, data_dir)

    frames = {name: _typed(texts.pop(name), resources[name]) for name in TABLES}
    ds = Dataset(as_of=as_of, data_dir=data_dir, **frames)
    if check_rules and validate:
        problems += cross_table_problems(ds)
        if problems:
            raise DataValidationError(problems, data_dir)
    return ds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.data", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validate the data package and print row counts")
    v.add_argument("--data", type=Path, default=paths.DATA, help="data folder (default: the project's data/)")
    args = parser.parse_args(argv)
    try:
        ds = load(args.data)
    except DataValidationError as exc:
        print(exc, file=sys.stderr)
        return 1
    counts = ds.row_counts()
    print(f"data valid (as_of {ds.as_of:%Y-%m-%d}): " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for warning in duplicate_warnings(ds):
        print(f"check: {warning}")
    return 0


def duplicate_warnings(ds: Dataset) -> list[str]:
    """Possible duplicates a new case may bring (see :func:`helpers.names.possible_duplicates`);
    pairs judged distinct by hand are in ``audits/reviewed-distinct.csv``."""
    from .names import possible_duplicates

    path = Path(ds.data_dir) / "audits" / "reviewed-distinct.csv"
    reviewed = set()
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            reviewed = {frozenset((r["id_a"], r["id_b"])) for r in csv.DictReader(fh)}
    return possible_duplicates(ds.people, ds.detentions, reviewed)


if __name__ == "__main__":
    sys.exit(main())


def _day(name: str, value) -> pd.Timestamp | None:
    """A notebook parameter as a day (the one rule of :func:`helpers.params.day`)."""
    from .params import day

    return day(name, value, allow_none=True)


def restrict(ds: Dataset, start=None, end=None, kinds=None) -> Dataset:
    """The dataset limited to detentions that began in [start, end] (and of ``kinds``), with the
    charges and responses about them; people, events, articles and sources are kept whole."""
    import dataclasses

    start, end = _day("start", start), _day("end", end)
    if start is not None and end is not None and start > end:
        raise ValueError(f"parameter start={start:%Y-%m-%d} is after end={end:%Y-%m-%d}: the range is reversed")
    unknown = set(kinds or []) - {"criminal", "administrative", "police-custody", "psychiatric"}
    if unknown:
        raise ValueError(
            f"parameter kinds={list(kinds)!r}: unknown kind(s) {sorted(unknown)}; choose from criminal, "
            "administrative, police-custody, psychiatric"
        )
    d = ds.detentions
    keep = pd.Series(True, index=d.index)
    if start is not None:
        keep &= d["detained_on"] >= start
    if end is not None:
        keep &= d["detained_on"] <= end
    if kinds is not None:
        keep &= d["kind"].isin(list(kinds))
    d = d[keep]
    groups = set(d["case_group"].dropna())
    r = ds.responses
    r = r[r["detention_id"].isin(d["detention_id"]) | (r["detention_id"].isna() & r["case_group"].isin(groups))]
    return dataclasses.replace(
        ds, detentions=d, charges=ds.charges[ds.charges["detention_id"].isin(d["detention_id"])], responses=r
    )


def as_of_view(ds: Dataset, as_of=None) -> Dataset:
    """The dataset as it stood on an earlier ``as_of`` date: later detentions, responses and events
    are left out, and releases and verdicts after that date have not happened yet (censored)."""
    import dataclasses

    if as_of is None:
        return ds
    cut = _day("as_of", as_of)
    if cut > ds.as_of:
        raise ValueError(f"as_of={cut:%Y-%m-%d} is after the data's as_of date {ds.as_of:%Y-%m-%d}")
    d = ds.detentions[ds.detentions["detained_on"] <= cut].copy()
    later = d["released_on"] > cut
    d.loc[later, ["released_on", "release_type", "release_event_id"]] = pd.NA
    d.loc[later, "status_as_of"] = "held"
    checks = ds.custody_checks[~(ds.custody_checks["observed_on"] > cut)]
    checks = checks[checks["detention_id"].isin(d["detention_id"])]
    for col in ("pretrial_ordered_on", "sentenced_on"):
        d.loc[d[col] > cut, col] = pd.NaT
    d.loc[d["sentenced_on"].isna(), "sentence_months"] = pd.NA
    c = ds.charges[ds.charges["detention_id"].isin(d["detention_id"]) & ~(ds.charges["charged_on"] > cut)]
    r = ds.responses[~(ds.responses["responded_on"] > cut)]
    r = r[r["detention_id"].isna() | r["detention_id"].isin(d["detention_id"])]
    e = ds.events[~(ds.events["starts_on"].fillna(ds.events["announced_on"]) > cut)]
    return dataclasses.replace(ds, as_of=cut, detentions=d, custody_checks=checks, charges=c, responses=r, events=e)
