"""What to render: every report the data support, as :class:`ReportSpec` rows with content hashes.

One case report per person, one period report per calendar year, one event report per event, one
snapshot report per 1 December from 2012 and for the newest page's day (templates in
``notebooks/reports/``). A report's hash covers its template, its parameters, the helpers' code,
the data and the pins: a report whose hash is unchanged is not rendered again.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths

if TYPE_CHECKING:
    from .schema import Dataset


KINDS = ("case", "period", "event", "snapshot")
KIND_TITLES = {
    "case": "Case reports",
    "period": "Period reports (calendar years)",
    "event": "Event reports",
    "snapshot": "Snapshot reports (who was held on a day)",
}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEFAULT_WINDOW_DAYS = 30
CELL_TIMEOUT = 300


class RenderError(RuntimeError):
    """A report could not be rendered; the message says why."""


@dataclass(frozen=True)
class ReportSpec:
    kind: str
    key: str
    title: str
    params: dict = field(default_factory=dict)

    @property
    def template(self) -> Path:
        return paths.REPORT_TEMPLATES / f"{self.kind}.ipynb"

    @property
    def relpath(self) -> str:
        return f"{self.kind}/{self.key}.html"

    @property
    def pdfpath(self) -> str:
        return f"pdf/{self.kind}/{self.key}.pdf"

    def output(self, out_dir: Path) -> Path:
        """The report's file inside ``out_dir``; refuses ids that could escape it."""
        if self.kind not in KINDS or not SLUG.match(self.key):
            raise RenderError(f"refusing report id {self.kind}/{self.key!r}: ids must be lower-case slugs")
        out_dir = Path(out_dir).resolve()
        target = (out_dir / self.relpath).resolve()
        if out_dir not in target.parents:
            raise RenderError(f"refusing to write {target}: outside {out_dir}")
        return target


def plan(ds: Dataset | None = None) -> list[ReportSpec]:
    """Every report the data supports: each person, each calendar year, each event."""
    import pandas as pd

    from .data import load
    from .schema import event_day

    ds = ds if ds is not None else load()
    specs = []
    people = ds.people.sort_values("person_id")
    for pid, name in zip(people["person_id"], people["name"]):
        specs.append(ReportSpec("case", pid, name, {"person_id": pid}))
    first = int(ds.detentions["detained_on"].dt.year.min())
    last = int(ds.as_of.year)
    for year in range(first, last + 1):
        end = min(ds.as_of, pd.Timestamp(year=year, month=12, day=31))
        specs.append(ReportSpec("period", str(year), f"{year}", {"start": f"{year}-01-01", "end": end.strftime("%Y-%m-%d")}))
    events = ds.events.sort_values(["starts_on", "event_id"])
    for eid, name, start in zip(events["event_id"], events["name"], event_day(events)):
        specs.append(
            ReportSpec("event", eid, f"{name} ({start:%Y-%m-%d})", {"event_id": eid, "window_days": DEFAULT_WINDOW_DAYS})
        )
    for day in snapshot_days(ds):
        key = day.strftime("%Y-%m-%d")
        specs.append(ReportSpec("snapshot", key, f"held on {day:%d %B %Y}", {"on": key}))
    return specs


def snapshot_days(ds: Dataset) -> list:
    """Every 1 December from 2012 up to the newest page's day (CPJ's census day), and that day itself."""
    import pandas as pd

    from .custody import newest_source_day

    newest = min(newest_source_day(ds), ds.as_of)
    days = [pd.Timestamp(year=y, month=12, day=1) for y in range(2012, newest.year + 1)]
    return [d for d in days if d <= newest] + ([newest] if newest not in days else [])


def _hash_files(files) -> str:
    h = hashlib.sha256()
    for f in sorted(files):
        f = Path(f)
        h.update((str(f.relative_to(paths.ROOT)) if paths.ROOT in f.parents else f.name).encode())
        h.update(Path(f).read_bytes())
    return h.hexdigest()


def inputs_hash() -> str:
    """Hash of everything every report depends on: helpers' code, data, pins."""
    files = [p for p in (paths.ROOT / "src" / "helpers").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files += [p for p in paths.DATA.glob("*") if p.suffix in (".csv", ".json")]
    files += [paths.ROOT / "requirements.txt"]
    return _hash_files(files)


def report_hash(spec: ReportSpec, shared: str) -> str:
    h = hashlib.sha256(shared.encode())
    h.update(spec.template.read_bytes())
    h.update(json.dumps(spec.params, sort_keys=True).encode())
    return h.hexdigest()


def select(
    specs: list[ReportSpec],
    *,
    kind: str | None = None,
    person: str | None = None,
    event: str | None = None,
    year: str | int | None = None,
    only: str | None = None,
) -> list[ReportSpec]:
    from .params import known_id as check_id

    if only is not None:
        wanted = [w.strip() for w in only.split(",") if w.strip()]
        known = {f"{s.kind}/{s.key}": s for s in specs}
        for w in wanted:
            check_id("--only", w, known)
        return [known[w] for w in wanted]
    if person is not None:
        check_id("--person", person, [s.key for s in specs if s.kind == "case"])
        return [s for s in specs if s.kind == "case" and s.key == person]
    if event is not None:
        check_id("--event", event, [s.key for s in specs if s.kind == "event"])
        return [s for s in specs if s.kind == "event" and s.key == event]
    if year is not None:
        check_id("--year", str(year), [s.key for s in specs if s.kind == "period"])
        return [s for s in specs if s.kind == "period" and s.key == str(year)]
    if kind is not None:
        return [s for s in specs if s.kind == kind]
    return specs
