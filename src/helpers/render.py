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
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from . import paths
from .engine import describe, engine, execute, to_html
from .reportplan import (  # noqa: F401  (re-exported: the plan is part of the command's interface)
    KIND_TITLES,
    KINDS,
    RenderError,
    ReportSpec,
    inputs_hash,
    plan,
    report_hash,
    select,
)


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


def render_one(spec: ReportSpec, out_dir: str, fresh_kernel: bool = False) -> tuple[str, float]:
    """Render one report to its file; returns (relpath, seconds). Runs in a worker process."""
    t0 = time.perf_counter()
    target = spec.output(Path(out_dir))
    nb = execute(spec, fresh_kernel=fresh_kernel)
    write_atomic(target, to_html(nb, f"{KIND_TITLES[spec.kind].split()[0]} report: {spec.title}"))
    return spec.relpath, time.perf_counter() - t0


def write_index(specs: list[ReportSpec], out_dir: Path, as_of: str, rows: dict | None = None) -> Path:
    """reports/index.html: one sortable, searchable table per kind (:mod:`helpers.reportindex`)."""
    from .reportindex import write_index as index_html

    target = out_dir / "index.html"
    write_atomic(target, index_html(specs, out_dir, as_of, rows))
    return target


@dataclass
class RunResult:
    rendered: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    printed: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def _load_manifest(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / ".manifest.json").read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


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
    index_rows: dict | None = None,
    pdf: bool = False,
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
                _collect(spec, h, lambda spec=spec: render_one(spec, str(out_dir), fresh_kernel), result, manifest, bar, out_dir)
        else:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
                futures = {pool.submit(render_one, spec, str(out_dir), fresh_kernel): (spec, h) for spec, h in todo}
                for fut in as_completed(futures):
                    spec, h = futures[fut]
                    _collect(spec, h, fut.result, result, manifest, bar, out_dir)
    finally:
        bar.close()
        _save_manifest(out_dir, manifest)
        write_index(all_specs or specs, out_dir, as_of, index_rows)
    if pdf:
        print_pdfs(specs, out_dir, manifest, as_of, result, progress=progress)
        if jobs == 1:
            engine().shutdown()
    return result


def print_pdfs(
    specs: list[ReportSpec], out_dir: Path, manifest: dict, as_of: str, result: RunResult, *, progress: bool = True
) -> None:
    """Print every rendered report whose PDF is missing or older than its HTML (by content hash)."""
    from tqdm import tqdm

    from .pdf import Printer

    todo = [
        s
        for s in specs
        if s.relpath in manifest
        and (manifest.get("pdf:" + s.relpath) != manifest[s.relpath] or not (out_dir / s.pdfpath).exists())
    ]
    if not todo:
        return
    with Printer() as printer:
        for spec in tqdm(todo, desc="printing", unit="pdf", disable=not progress, file=sys.stderr):
            t0 = time.perf_counter()
            title = f"{KIND_TITLES[spec.kind].split()[0]} report: {spec.title}"
            printer.print(out_dir / spec.relpath, out_dir / spec.pdfpath, as_of=as_of, title=title)
            manifest["pdf:" + spec.relpath] = manifest[spec.relpath]
            _save_manifest(out_dir, manifest)
            result.printed.append(spec.pdfpath)
            result.seconds["pdf:" + spec.relpath] = time.perf_counter() - t0


def _save_manifest(out_dir: Path, manifest: dict) -> None:
    write_atomic(out_dir / ".manifest.json", json.dumps(manifest, indent=1, sort_keys=True) + "\n")


def _collect(spec, h, get, result: RunResult, manifest: dict, bar, out_dir: Path) -> None:
    try:
        rel, secs = get()
        manifest[rel] = h
        _save_manifest(out_dir, manifest)  # each finished report is recorded as it lands: an interrupted run resumes
        result.rendered.append(rel)
        result.seconds[rel] = secs
    except Exception as exc:
        manifest.pop(spec.relpath, None)
        result.failed[spec.relpath] = str(exc) if isinstance(exc, RenderError) else describe(exc)
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
    parser.add_argument("--pdf", action="store_true", help="also print each report to PDF (A4, headless Chromium)")
    args = parser.parse_args(argv)

    from .data import DataValidationError, load
    from .reportindex import index_rows

    try:
        ds = load()  # validated once: later runs read the validated tables from the disk cache
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
        index_rows=index_rows(ds),
        pdf=args.pdf,
    )
    took = time.perf_counter() - t0
    print(
        f"{len(res.rendered)} rendered, {len(res.skipped)} unchanged, {len(res.failed)} failed, {len(res.printed)} printed "
        f"in {took:.1f}s; index: {Path(args.out) / 'index.html'}"
    )
    for rel, err in sorted(res.failed.items()):
        print(f"FAILED {rel}: {err}", file=sys.stderr)
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
