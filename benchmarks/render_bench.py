"""Benchmark the report renderer against the naive way and against the floor (prints figures; not a test).

    python benchmarks/render_bench.py              # the full set of reports
    python benchmarks/render_bench.py --sample 12  # a sample spread over the three kinds

Three figures, on this machine, in one run:
- floor: a bare kernel start plus the report's imports and data load, per report (the least any
  renderer that starts a kernel per report can cost), divided by the number of cores;
- naive: a serial loop of the papermill CLI followed by the jupyter nbconvert CLI per report;
- project: ``python -m helpers.render --force`` with one worker per core.
Peak memory is the largest resident set of any process the approach started (ru_maxrss).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from helpers import render  # noqa: E402
from helpers.data import load  # noqa: E402

BIN = Path(sys.executable).parent
IMPORTS = (
    "from IPython.display import HTML, display\nfrom helpers import case, event, period, plotting, present\n"
    "from helpers.data import load\nplotting.setup()\nds = load()"
)


def sample(specs, n):
    if not n:
        return specs
    by_kind = {k: [s for s in specs if s.kind == k] for k in render.KINDS}
    out, i = [], 0
    while len(out) < n:
        for k in render.KINDS:
            if i < len(by_kind[k]) and len(out) < n:
                out.append(by_kind[k][i * max(1, len(by_kind[k]) // n)])
        i += 1
    return out


def child_peak_mb(before: int) -> float:
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(peak, before) / 1024, 1)


def floor_seconds(repeats: int = 3) -> float:
    """Kernel start + imports + data load, median of ``repeats`` (run in a child process)."""
    code = f"""
import time, statistics
from jupyter_client.manager import start_new_kernel
ts = []
for _ in range({repeats}):
    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3")
    kc.execute_interactive({IMPORTS!r}, timeout=120)
    ts.append(time.perf_counter() - t0)
    kc.stop_channels(); km.shutdown_kernel(now=True)
print(statistics.median(ts))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout.strip().splitlines()[-1])


def naive(specs, out_dir: Path) -> float:
    t0 = time.perf_counter()
    for s in specs:
        nb_out = out_dir / f"{s.kind}-{s.key}.ipynb"
        args = [str(BIN / "papermill"), "-k", "python3", "--no-progress-bar", str(s.template), str(nb_out)]
        for k, v in s.params.items():
            args += ["-r" if isinstance(v, str) else "-p", k, str(v)]
        ok = subprocess.run(args, capture_output=True, cwd=ROOT).returncode == 0
        ok = (
            ok
            and subprocess.run(
                [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb_out)], capture_output=True, cwd=ROOT
            ).returncode
            == 0
        )
        if not ok:
            print(f"naive: {s.kind}/{s.key} failed", flush=True)
    return time.perf_counter() - t0


def project(specs, out_dir: Path, jobs: int) -> float:
    only = ",".join(f"{s.kind}/{s.key}" for s in specs)
    t0 = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "helpers.render",
            "--force",
            "--quiet",
            "--jobs",
            str(jobs),
            "--out",
            str(out_dir),
            "--only",
            only,
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=0, help="render only this many reports (0: the full set)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-naive", action="store_true", help="skip the slow naive loop")
    args = parser.parse_args()
    specs = sample(render.plan(load()), args.sample)
    n, cores = len(specs), args.jobs
    print(f"{n} reports ({', '.join(f'{sum(s.kind == k for s in specs)} {k}' for k in render.KINDS)}), {cores} cores")
    rows = {}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    f = floor_seconds()
    rows["floor (kernel + imports) / cores"] = (f / cores * n, f / cores, child_peak_mb(before))
    tmp = Path(tempfile.mkdtemp(prefix="render-bench-"))
    try:
        if not args.skip_naive:
            (tmp / "naive").mkdir()
            t = naive(specs, tmp / "naive")
            rows["naive (papermill + nbconvert CLIs, serial)"] = (t, t / n, child_peak_mb(before))
        t = project(specs, tmp / "project", cores)
        rows["project renderer (helpers.render)"] = (t, t / n, child_peak_mb(before))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{'approach':46s} {'total s':>9s} {'per report s':>13s} {'peak MB':>8s}")
    for name, (total, per, mem) in rows.items():
        print(f"{name:46s} {total:9.1f} {per:13.3f} {mem:8.1f}")
    proj = rows["project renderer (helpers.render)"][0]
    if "naive (papermill + nbconvert CLIs, serial)" in rows:
        print(f"speed-up over naive: {rows['naive (papermill + nbconvert CLIs, serial)'][0] / proj:.1f}x")
    print(
        "project per report / floor per report: "
        f"{rows['project renderer (helpers.render)'][1] / rows['floor (kernel + imports) / cores'][1]:.2f}"
    )
    print(json.dumps({k: {"total_s": round(v[0], 2), "per_report_s": round(v[1], 3), "peak_mb": v[2]} for k, v in rows.items()}))


if __name__ == "__main__":
    main()
