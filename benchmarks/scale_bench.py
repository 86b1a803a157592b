"""Scale benchmark: loading + validation and each analysis helper on 1x, 10x, 100x and 1000x the real
data (seeded synthetic copies), with time, peak memory and the fitted growth exponent (prints
figures; not a test).

    python benchmarks/scale_bench.py                 # 1, 10, 100, 1000
    python benchmarks/scale_bench.py --sizes 1 10    # quicker

Each size runs in its own process, so peak memory (ru_maxrss) is that size's alone. The growth
exponent is the slope of log(seconds) against log(rows) over the sizes: 1 means linear.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

WORKER = r"""
import json, resource, sys, time
from pathlib import Path
from helpers.data import load
from helpers import advocacy, charges, timing
from helpers import timingmodel as tm
out = {}
def step(name, fn):
    t0 = time.perf_counter(); value = fn(); out[name] = time.perf_counter() - t0
    return value
ds = step("load + validate", lambda: load(Path(sys.argv[1]), cache=False))
out["rows"] = int(sum(len(df) for df in ds.tables.values()))
step("charges.category_by_year", lambda: charges.category_by_year(ds))
step("charges.cooccurrence", lambda: charges.cooccurrence(ds))
step("charges.escalation", lambda: charges.escalation(ds))
step("charges.group_charge_sets", lambda: charges.group_charge_sets(ds))
step("charges.ordinary_share_by_year", lambda: charges.ordinary_share_by_year(ds))
ae = step("timing.arrest_events", lambda: timing.arrest_events(ds))
cal = {f: timing.event_calendar(ds, t) for f, t in timing.FAMILIES.items()}
start, end = ae["day"].min(), ae["day"].max()
frame = step("timingmodel.weekly_frame", lambda: tm.weekly_frame(ae["day"], start, end, cal))
step("timingmodel.fit (negative binomial)", lambda: tm.fit(frame, tm.window_terms(cal)))
expected = tm.expected_daily(ae["day"], start, end)[0]
daily = timing.daily_counts(ae["day"], start, end)
step("timing.randomization_test (500 calendars)",
     lambda: timing.randomization_test(daily, expected, cal["international"], 30, n_perm=500, seed=1))
step("timing.award_lags", lambda: timing.award_lags(ds))
step("timing.monthly_series", lambda: timing.monthly_series(ds))
step("advocacy.first_response", lambda: advocacy.first_response(ds))
sf = step("advocacy.survival_frame", lambda: advocacy.survival_frame(ds)[0])
step(
    "advocacy.km_curves + group_test",
    lambda: (advocacy.km_curves(sf, advocacy.intensity_groups(sf)), advocacy.group_test(sf, advocacy.intensity_groups(sf))),
)
out["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as tmp:
        for k in args.sizes:
            folder = Path(tmp) / f"x{k}"
            subprocess.run(
                [sys.executable, "-m", "helpers.synthetic", str(k), str(folder)], check=True, capture_output=True, cwd=ROOT
            )
            res = subprocess.run(
                [sys.executable, "-c", WORKER, str(folder)], check=True, capture_output=True, text=True, cwd=ROOT
            )
            results[k] = json.loads(res.stdout.strip().splitlines()[-1])
            print(
                f"x{k}: {results[k]['rows']} rows, load + validate {results[k]['load + validate']:.2f}s, "
                f"peak {results[k]['peak MB']:.0f} MB",
                flush=True,
            )
    steps = [s for s in results[args.sizes[0]] if s not in ("rows", "peak MB")]
    print()
    print(f"{'step':40s}" + "".join(f"{'x' + str(k):>10s}" for k in args.sizes) + f"{'exponent':>10s}")
    rows = np.array([results[k]["rows"] for k in args.sizes], dtype=float)
    for s in steps:
        secs = np.array([max(results[k][s], 1e-6) for k in args.sizes])
        slope = np.polyfit(np.log(rows), np.log(secs), 1)[0] if len(args.sizes) > 1 else float("nan")
        print(f"{s:40s}" + "".join(f"{v:10.3f}" for v in secs) + f"{slope:10.2f}")
    print(f"{'rows':40s}" + "".join(f"{int(r):10d}" for r in rows))
    print(f"{'peak MB':40s}" + "".join(f"{results[k]['peak MB']:10.0f}" for k in args.sizes))


if __name__ == "__main__":
    main()
