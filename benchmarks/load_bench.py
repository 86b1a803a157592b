"""Cold and warm load of the data package, each in a fresh process (prints figures; not a test).

cold: the disk cache emptied first, so the process reads, validates and types every table;
warm: a second process finds the validated tables on disk. Interpreter start and imports are
timed apart from the call to ``load()``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

CODE = (
    "import time; t=time.perf_counter(); from helpers.data import load; t1=time.perf_counter(); load(); "
    "t2=time.perf_counter(); print(f'{t1-t:.3f} {t2-t1:.3f}')"
)


def run(env) -> tuple[float, float, float]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, env=env, check=True).stdout.split()
    return float(out[0]), float(out[1]), time.perf_counter() - start


def main(repeats: int = 3) -> None:
    rows = {"cold": [], "warm": []}
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "AZD_CACHE_DIR": cache}
            rows["cold"].append(run(env))
            rows["warm"].append(run(env))
    print(f"{'load':<6} {'import s':>9} {'load() s':>9} {'process s':>10}   (median of {repeats})")
    for name, r in rows.items():
        med = [statistics.median(x[i] for x in r) for i in range(3)]
        print(f"{name:<6} {med[0]:>9.3f} {med[1]:>9.3f} {med[2]:>10.3f}")


if __name__ == "__main__":
    main()
