"""Seeded synthetic data with the real schema, k times the size of the real dataset (for scale tests).

Each copy i of every person, detention, charge, response and event gets ids suffixed ``-s<i>``
and its dates moved by a random whole number of days (the same shift for a detention and its
charges and responses, so every rule of the schema still holds). Articles and sources are shared.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from .data import load, split_list

DATE_COLS = {
    "detentions": ["detained_on", "pretrial_ordered_on", "sentenced_on", "released_on"],
    "custody_checks": ["observed_on"],
    "charges": ["charged_on"],
    "responses": ["responded_on"],
    "events": ["announced_on", "starts_on", "ends_on"],
}


def _suffix(series: pd.Series, i: int) -> pd.Series:
    return series.map(lambda v: v if pd.isna(v) else ";".join(f"{x}-s{i}" for x in split_list(v)))


def generate(k: int, out_dir: Path, seed: int = 7, data_dir: Path | None = None) -> Path:
    """Write a data package ``k`` times the real one into ``out_dir``; returns ``out_dir``."""
    ds = load(data_dir) if data_dir is not None else load()
    rng = np.random.default_rng(seed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    src = Path(ds.data_dir)
    parts: dict[str, list[pd.DataFrame]] = {
        t: [] for t in ("people", "detentions", "custody_checks", "charges", "events", "responses", "published_names")
    }
    for i in range(k):
        # shift each copy by up to 60 days back, never past as_of (the rules forbid dates after it)
        shift = pd.to_timedelta(int(rng.integers(-60, 1)), unit="D")
        p = ds.people.copy()
        p["person_id"] = _suffix(p["person_id"], i)
        parts["people"].append(p)
        d = ds.detentions.copy()
        d["detention_id"], d["person_id"] = _suffix(d["detention_id"], i), _suffix(d["person_id"], i)
        d["case_group"] = _suffix(d["case_group"], i)  # each copy is its own group case
        d["release_event_id"] = _suffix(d["release_event_id"], i)
        k = ds.custody_checks.copy()
        k["detention_id"] = _suffix(k["detention_id"], i)
        c = ds.charges.copy()
        c["detention_id"] = _suffix(c["detention_id"], i)
        r = ds.responses.copy()
        r["response_id"], r["detention_id"] = _suffix(r["response_id"], i), _suffix(r["detention_id"], i)
        r["case_group"] = _suffix(r["case_group"], i)
        e = ds.events.copy()
        e["event_id"], e["person_id"] = _suffix(e["event_id"], i), _suffix(e["person_id"], i)
        e["case_group"] = _suffix(e["case_group"], i)
        if i == 0:  # the published counts name the people of the first copy
            n = ds.published_names.copy()
            n["person_id"] = _suffix(n["person_id"], i)
            parts["published_names"].append(n)
        for name, frame in (("detentions", d), ("custody_checks", k), ("charges", c), ("responses", r), ("events", e)):
            for col in DATE_COLS[name]:
                frame[col] = frame[col] + shift
            parts[name].append(frame)
    for name, frames in parts.items():
        frame = pd.concat(frames, ignore_index=True)
        for col in DATE_COLS.get(name, []):
            frame[col] = frame[col].dt.strftime("%Y-%m-%d")
        for col in frame.columns:
            if str(frame[col].dtype) in ("Float64",):
                frame[col] = frame[col].map(lambda v: "" if pd.isna(v) else (str(int(v)) if float(v).is_integer() else str(v)))
        frame.to_csv(out_dir / f"{name}.csv", index=False, lineterminator="\n")
    for name in ("criminal_code.csv", "sources.csv", "published_counts.csv", "datapackage.json"):
        shutil.copyfile(src / name, out_dir / name)
    return out_dir


if __name__ == "__main__":  # python -m helpers.synthetic K OUT
    import sys

    print(generate(int(sys.argv[1]), Path(sys.argv[2])))
