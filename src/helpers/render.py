"""Render every parameterised report into ``reports/`` with an index page.

    python -m helpers.render                      # everything that changed, on all cores
    python -m helpers.render --person rufat-safarov
    python -m helpers.render --kind event --force --jobs 2

How it works
- The plan: one case report per person, one period report per calendar year of the data, one
  event report per event, one snapshot report per 1 December from 2012 and for the newest
  page's day (templates in ``notebooks/reports/``).
- Incremental: each report has a content hash (its template, its parameters, the helpers'
  code, the data and the pins). A report whose hash matches ``reports/.manifest.json`` and
  whose file exists is not rendered again.
- Fast: worker processes (default: one per core) each keep one warm kernel. Before each report
  the kernel's namespace is reset (``%reset -f``), so modules imported once stay imported; the
  notebook is parameterised with papermill, run with nbclient and exported to HTML (code
  hidden) in-process.
- Safe: files are written to a temporary name and moved into place (no half-written report);
  one failing report does not stop the others; the run ends with a summary of failures and
  exits 1 if any; report ids must be slugs, so no output lands outside ``--out``.
"""

from __future__ import annotations

import argparse
import atexit
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from . import paths

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

    def output(self, out_dir: Path) -> Path:
        """The report's file inside ``out_dir``; refuses ids that could escape it."""
        if self.kind not in KINDS or not SLUG.match(self.key):
            raise RenderError(f"refusing report id {self.kind}/{self.key!r}: ids must be lower-case slugs")
        out_dir = Path(out_dir).resolve()
        target = (out_dir / self.relpath).resolve()
        if out_dir not in target.parents:
            raise RenderError(f"refusing to write {target}: outside {out_dir}")
        return target


# --------------------------------------------------------------------------- the plan
def plan(ds=None) -> list[ReportSpec]:
    """Every report the data supports: each person, each calendar year, each event."""
    import pandas as pd

    from .data import load

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
    for eid, name, start in zip(events["event_id"], events["name"], events["starts_on"].fillna(events["announced_on"])):
        specs.append(
            ReportSpec("event", eid, f"{name} ({start:%Y-%m-%d})", {"event_id": eid, "window_days": DEFAULT_WINDOW_DAYS})
        )
    for day in snapshot_days(ds):
        key = day.strftime("%Y-%m-%d")
        specs.append(ReportSpec("snapshot", key, f"held on {day:%d %B %Y}", {"on": key}))
    return specs


def snapshot_days(ds) -> list:
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


# --------------------------------------------------------------------------- atomic files
def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``path`` through a temporary file in the same folder and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- the worker
_KM = None  # one warm kernel per worker process
RESET_SOURCE = "%reset -f\nimport matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt"


def _kernel():
    """This process's kernel, started on first use (retried once: kernels started together can race)."""
    global _KM
    if _KM is not None and _KM.is_alive():
        return _KM
    from jupyter_client.manager import KernelManager

    last = None
    for _ in range(2):
        try:
            km = KernelManager(kernel_name="python3")
            km.start_kernel(
                cwd=str(paths.REPORT_TEMPLATES),
                env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )  # cell output travels over ZMQ
            _KM = km
            atexit.register(_shutdown)
            return km
        except Exception as exc:  # pragma: no cover - depends on port races
            last = exc
            time.sleep(0.5)
    raise RenderError(f"could not start a kernel: {last}")


def _shutdown():
    global _KM, _CLIENT
    if _CLIENT is not None:
        try:
            _CLIENT.kc.stop_channels()
        except Exception:
            pass
        _CLIENT = None
    if _KM is not None:
        try:
            _KM.shutdown_kernel(now=True)
        except Exception:
            pass
        _KM = None


_CLIENT = None  # one kernel client per worker, kept across reports


def _client():
    """This process's notebook client on its warm kernel (channels opened once, not per report)."""
    global _CLIENT
    import nbformat
    from nbclient import NotebookClient

    km = _kernel()
    if _CLIENT is None or _CLIENT.km is not km:
        placeholder = nbformat.v4.new_notebook(
            metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}
        )
        client = NotebookClient(placeholder, km=km, kernel_name="python3", timeout=CELL_TIMEOUT)
        client.kc = km.client()
        client.kc.start_channels()
        client.kc.wait_for_ready(timeout=60)
        _CLIENT = client
    return _CLIENT


def parameterised(spec: ReportSpec):
    """The report's template with its parameters injected by papermill (after the 'parameters' cell)."""
    import nbformat
    from papermill.parameterize import parameterize_notebook

    nb = nbformat.read(spec.template, as_version=4)
    for cell in nb.cells:  # papermill expects every cell to carry a tags list
        cell.metadata["tags"] = list(cell.metadata.get("tags", []))
    nb.metadata["papermill"] = {}
    nb = parameterize_notebook(nb, spec.params, report_mode=False)
    for index, cell in enumerate(nb.cells):  # stable cell ids: new cells otherwise get random ones
        cell["id"] = f"cell-{index}"
    return nb


def execute(spec: ReportSpec, *, fresh_kernel: bool = False):
    """Parameterise the report's template with papermill and run it; returns the executed notebook.

    With a warm kernel the namespace is reset first (``%reset -f``, figures closed), so no state
    from the previous report survives; imported modules stay imported, which is the point.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = parameterised(spec)
    try:
        if fresh_kernel:
            NotebookClient(
                nb, kernel_name="python3", timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(paths.REPORT_TEMPLATES)}}
            ).execute()
        else:
            client = _client()
            reset = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(RESET_SOURCE)])
            client.nb = reset
            client.execute_cell(reset.cells[0], 0)
            client.nb = nb
            client.resources = {"metadata": {"path": str(paths.REPORT_TEMPLATES)}}
            client.reset_execution_trackers()
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
    except Exception as exc:
        if _KM is not None and not _KM.is_alive():
            _shutdown()
        raise RenderError(_describe(exc)) from None
    leaks = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error" or (o.get("output_type") == "stream" and o.get("name") == "stderr")
    ]
    if leaks:
        first = leaks[0]
        text = first.get("text") or f"{first.get('ename')}: {first.get('evalue')}"
        raise RenderError(f"the report printed to stderr or raised: {str(text).strip()[:300]}")
    return nb


def _describe(exc: Exception) -> str:
    ename = getattr(exc, "ename", None)
    evalue = getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    return f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"


_EXPORTER = None


def to_html(nb, title: str) -> str:
    """Self-contained HTML with code hidden; no scripts or styles fetched from the web."""
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter

        _EXPORTER = HTMLExporter(
            template_name="offline",
            extra_template_basedirs=[str(paths.TEMPLATES)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
    nb.metadata["title"] = title
    body, _ = _EXPORTER.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def render_one(spec: ReportSpec, out_dir: str, fresh_kernel: bool = False) -> tuple[str, float]:
    """Render one report to its file; returns (relpath, seconds). Runs in a worker process."""
    t0 = time.perf_counter()
    target = spec.output(Path(out_dir))
    nb = execute(spec, fresh_kernel=fresh_kernel)
    write_atomic(target, to_html(nb, f"{KIND_TITLES[spec.kind].split()[0]} report: {spec.title}"))
    return spec.relpath, time.perf_counter() - t0


# --------------------------------------------------------------------------- index
def write_index(specs: list[ReportSpec], out_dir: Path, as_of: str) -> Path:
    present = [s for s in specs if (out_dir / s.relpath).exists()]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Detentions of Azerbaijani human rights defenders: reports</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.4}h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}"
        "ul{columns:2}li{margin:.15rem 0}</style></head><body>",
        "<h1>Detentions of Azerbaijani human rights defenders, journalists and activists</h1>",
        f"<p>Reports rendered from the data as of {html.escape(as_of)}. {len(present)} reports.</p>",
    ]
    for kind in KINDS:
        group = [s for s in present if s.kind == kind]
        if not group:
            continue
        parts.append(f'<h2 id="{kind}">{html.escape(KIND_TITLES[kind])} ({len(group)})</h2><ul>')
        for s in group:
            parts.append(f'<li><a href="{html.escape(s.relpath)}">{html.escape(s.title)}</a></li>')
        parts.append("</ul>")
    parts.append("</body></html>\n")
    target = out_dir / "index.html"
    write_atomic(target, "\n".join(parts))
    return target


# --------------------------------------------------------------------------- the command
@dataclass
class RunResult:
    rendered: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def _load_manifest(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / ".manifest.json").read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def select(specs: list[ReportSpec], *, kind=None, person=None, event=None, year=None, only=None) -> list[ReportSpec]:
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


def run(
    specs: list[ReportSpec],
    out_dir: Path,
    *,
    jobs: int | None = None,
    force: bool = False,
    all_specs: list[ReportSpec] | None = None,
    as_of: str = "",
    progress: bool = True,
    fresh_kernel: bool = False,
    validated: str | None = None,
) -> RunResult:
    """Render ``specs`` (skipping unchanged ones unless ``force``) and rewrite the index."""
    from tqdm import tqdm

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = _load_manifest(out_dir)
    shared = inputs_hash()
    result = RunResult()
    todo = []
    for spec in specs:
        spec.output(out_dir)  # refuses unsafe ids before any work
        h = report_hash(spec, shared)
        if not force and manifest.get(spec.relpath) == h and (out_dir / spec.relpath).exists():
            result.skipped.append(spec.relpath)
        else:
            todo.append((spec, h))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    bar = tqdm(total=len(todo), desc="rendering", unit="report", disable=not progress or not todo, file=sys.stderr)
    try:
        if jobs == 1:
            for spec, h in todo:
                _collect(spec, h, lambda spec=spec: render_one(spec, str(out_dir), fresh_kernel), result, manifest, bar)
        else:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
                futures = {pool.submit(render_one, spec, str(out_dir), fresh_kernel): (spec, h) for spec, h in todo}
                for fut in as_completed(futures):
                    spec, h = futures[fut]
                    _collect(spec, h, fut.result, result, manifest, bar)
    finally:
        bar.close()
        if validated:
            manifest["_validated_data"] = validated
        write_atomic(out_dir / ".manifest.json", json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        write_index(all_specs or specs, out_dir, as_of)
        if jobs == 1:
            _shutdown()
    return result


def _collect(spec, h, get, result: RunResult, manifest: dict, bar) -> None:
    try:
        rel, secs = get()
        manifest[rel] = h
        result.rendered.append(rel)
        result.seconds[rel] = secs
    except Exception as exc:
        manifest.pop(spec.relpath, None)
        result.failed[spec.relpath] = str(exc) if isinstance(exc, RenderError) else _describe(exc)
    bar.update(1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.render", description="Render the reports into reports/.")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--kind", choices=KINDS, help="only reports of this kind")
    which.add_argument("--person", help="only the case report of this person_id")
    which.add_argument("--event", help="only the report of this event_id")
    which.add_argument("--year", help="only the period report of this calendar year")
    which.add_argument("--only", help="only these reports, as kind/id separated by commas (e.g. case/rufat-safarov,period/2024)")
    parser.add_argument("--force", action="store_true", help="render even if nothing changed")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: number of cores)")
    parser.add_argument("--out", type=Path, default=paths.REPORTS, help="output folder (default: reports/)")
    parser.add_argument("--fresh-kernel", action="store_true", help="start a new kernel for every report (slower)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)

    from .data import DataValidationError, fingerprint, load

    validated = _load_manifest(Path(args.out)).get("_validated_data")
    try:
        # data already validated by an earlier run, byte for byte, with the same helpers: not again
        trusted = validated if validated == f"{fingerprint()}:{inputs_hash()}" else None
        ds = load(trusted=trusted.split(":")[0] if trusted else None)
    except DataValidationError as exc:
        print(exc, file=sys.stderr)
        return 1
    specs = plan(ds)
    try:
        chosen = select(specs, kind=args.kind, person=args.person, event=args.event, year=args.year, only=args.only)
    except ValueError as exc:
        parser.error(str(exc))
    t0 = time.perf_counter()
    res = run(
        chosen,
        args.out,
        jobs=args.jobs,
        force=args.force,
        all_specs=specs,
        as_of=f"{ds.as_of:%Y-%m-%d}",
        progress=not args.quiet,
        fresh_kernel=args.fresh_kernel,
        validated=f"{fingerprint()}:{inputs_hash()}",
    )
    took = time.perf_counter() - t0
    print(
        f"{len(res.rendered)} rendered, {len(res.skipped)} unchanged, {len(res.failed)} failed "
        f"in {took:.1f}s; index: {Path(args.out) / 'index.html'}"
    )
    for rel, err in sorted(res.failed.items()):
        print(f"FAILED {rel}: {err}", file=sys.stderr)
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
