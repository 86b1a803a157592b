"""Export the data for others: a zipped Frictionless data package, and spreadsheet-safe CSVs.

    python -m helpers.export            # writes export/ (make export)

- ``export/azerbaijan-defender-detentions.zip``: ``datapackage.json`` and every CSV table of the package,
  byte for byte as in ``data/`` (it validates with ``frictionless validate``).
- ``export/azerbaijan-defender-detentions.sqlite``: every table in one SQLite database, with the
  schema's types, required fields, primary and foreign keys (``PRAGMA foreign_key_check`` is
  clean), for SQL users and Datasette.
- ``export/spreadsheet/<table>.csv``: the same tables for opening in a spreadsheet, with every cell
  that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return) prefixed with an apostrophe, so it shows as text.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths
from .data import TABLES, Dataset, load, read_descriptor
from .render import write_atomic

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PACKAGE_NAME = "azerbaijan-defender-detentions"


def neutralise(value: str) -> str:
    """Make a cell inert in spreadsheets: a leading formula character gets an apostrophe before it."""
    return "'" + value if value.startswith(FORMULA_START) else value


def spreadsheet_csv(path: Path) -> str:
    """The CSV text of ``path`` with every cell neutralised (header included)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buf.getvalue()


SQL_TYPES = {"string": "TEXT", "date": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def _ddl(resource: dict) -> str:
    """CREATE TABLE for one resource of datapackage.json: types, NOT NULL, primary and foreign keys."""
    sch = resource["schema"]
    cols = [
        f'"{f["name"]}" {SQL_TYPES.get(f["type"], "TEXT")}' + (" NOT NULL" if f.get("constraints", {}).get("required") else "")
        for f in sch["fields"]
    ]
    if sch.get("primaryKey"):
        cols.append("PRIMARY KEY (" + ", ".join(f'"{c}"' for c in sch["primaryKey"]) + ")")
    for fk in sch.get("foreignKeys", []):
        ref = fk["reference"]
        cols.append(
            "FOREIGN KEY ("
            + ", ".join(f'"{c}"' for c in fk["fields"])
            + f') REFERENCES "{ref["resource"]}" ('
            + ", ".join(f'"{c}"' for c in ref["fields"])
            + ")"
        )
    return f'CREATE TABLE "{resource["name"]}" (\n  ' + ",\n  ".join(cols) + "\n)"


def _sql_value(value):
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def sqlite_database(ds: Dataset, descriptor: dict, target: Path) -> Path:
    """Write every table of ``ds`` into a new SQLite file at ``target`` (atomically) and check its keys."""
    import os
    import sqlite3
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".sqlite.tmp")
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        with con:
            for resource in descriptor["resources"]:
                con.execute(_ddl(resource))
                df = ds.tables[resource["name"]]
                names = [f["name"] for f in resource["schema"]["fields"]]
                rows = [tuple(_sql_value(v) for v in row) for row in df[names].itertuples(index=False, name=None)]
                marks = ", ".join("?" for _ in names)
                con.executemany(f'INSERT INTO "{resource["name"]}" VALUES ({marks})', rows)
        broken = con.execute("PRAGMA foreign_key_check").fetchall()
        con.close()
        if broken:
            raise ValueError(f"foreign keys broken in the SQLite export: {broken[:5]}")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def export(out_dir: Path | None = None, data_dir: Path | None = None) -> dict[str, Path]:
    """Validate the data, then write the zip and the spreadsheet CSVs; returns what was written."""
    data_dir = Path(data_dir) if data_dir is not None else paths.DATA
    out_dir = Path(out_dir) if out_dir is not None else paths.ROOT / "export"
    ds = load(data_dir)  # never export data that does not validate
    written = {}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in ["datapackage.json"] + [f"{t}.csv" for t in TABLES]:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # fixed time: byte-identical zips
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, (data_dir / name).read_bytes())
    target = out_dir / f"{PACKAGE_NAME}.zip"
    write_atomic(target, buf.getvalue())
    written["zip"] = target
    written["sqlite"] = sqlite_database(ds, read_descriptor(data_dir), out_dir / f"{PACKAGE_NAME}.sqlite")
    for table in TABLES:
        target = out_dir / "spreadsheet" / f"{table}.csv"
        write_atomic(target, "\ufeff" + spreadsheet_csv(data_dir / f"{table}.csv"))  # BOM: spreadsheets then read UTF-8
        written[table] = target
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.export", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=paths.ROOT / "export", help="output folder (default: export/)")
    args = parser.parse_args(argv)
    for what, path in export(args.out).items():
        print(f"{what:14s} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
