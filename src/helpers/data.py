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
import csv
import sys
from pathlib import Path

import pandas as pd

from . import paths
from .datafiles import _check_file, _frictionless_problems, _typed
from .rules import cross_table_problems
from .schema import (  # noqa: F401  (re-exported: the loader's public names)
    LIST_SEP,
    TABLES,
    Dataset,
    DataValidationError,
    Problem,
    explode_list,
    read_descriptor,
    split_list,
)
from .views import as_of_view, restrict  # noqa: F401  (re-exported)

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


def _code_fingerprint() -> str:
    """Hash of the loader's own code and of the library versions that shape the typed tables."""
    import hashlib
    import importlib.metadata as md

    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in ("data.py", "schema.py", "datafiles.py", "rules.py", "privacy.py"):
        h.update((here / name).read_bytes())
    for dist in ("pandas", "numpy", "frictionless"):
        h.update(f"{dist}=={md.version(dist)}".encode())
    return h.hexdigest()


#: Validated datasets kept on disk, newest first; older files beyond this many are removed.
DISK_CACHE_FILES = 16


def _disk_cache_path(key: tuple) -> Path:
    import hashlib

    digest = hashlib.sha256(repr((key, _code_fingerprint())).encode()).hexdigest()[:32]
    return paths.CACHE / f"dataset-{digest}.pkl"


def _read_disk_cache(path: Path) -> Dataset | None:
    import pickle

    try:
        with path.open("rb") as fh:
            ds = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return None
    return ds if isinstance(ds, Dataset) else None


def _write_disk_cache(path: Path, ds: Dataset) -> None:
    import os
    import pickle
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".dataset-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(ds, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        old = sorted(path.parent.glob("dataset-*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[DISK_CACHE_FILES:]:
            stale.unlink(missing_ok=True)
    except OSError:  # a read-only checkout still loads, only without the warm cache
        pass


def load(data_dir: Path | str | None = None, *, check_rules: bool = True, cache: bool = True) -> Dataset:
    """Validate ``data_dir`` (default: the project's data/) and return its typed tables.

    Raises :class:`DataValidationError` listing every problem as ``file:row column=value: what``.
    A folder whose files are byte-for-byte unchanged is validated once: the validated tables are
    kept in memory and on disk (``paths.CACHE``, keyed by the content of every data file, the
    loader's code and the library versions), so a later process loads them without validating
    again, and any change to a CSV, the schema or the rules validates afresh. Each call returns
    fresh copies of the tables, so callers may modify them.
    """
    data_dir = Path(data_dir) if data_dir is not None else paths.DATA
    key = (str(data_dir.resolve()), _fingerprint(data_dir), check_rules) if cache and data_dir.exists() else None
    if key is not None and key in _CACHE:
        return _copy(_CACHE[key])
    disk = _disk_cache_path(key) if key is not None else None
    ds = _read_disk_cache(disk) if disk is not None and disk.exists() else None
    if ds is None:
        ds = _load(data_dir, check_rules=check_rules)
        if disk is not None:
            _write_disk_cache(disk, ds)
    ds.data_dir = data_dir
    if key is not None:
        _CACHE.clear()
        _CACHE[key] = _copy(ds)
    return ds


def fingerprint(data_dir: Path | str | None = None) -> str:
    """Content hash of the data folder (every file's name and bytes)."""
    return _fingerprint(Path(data_dir) if data_dir is not None else paths.DATA)


def _load(data_dir: Path, *, check_rules: bool = True) -> Dataset:
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

    problems += _frictionless_problems(data_dir, descriptor, texts)
    if problems:
        raise DataValidationError(problems, data_dir)

    frames = {name: _typed(texts.pop(name), resources[name]) for name in TABLES}
    ds = Dataset(as_of=as_of, data_dir=data_dir, **frames)
    if check_rules:
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
