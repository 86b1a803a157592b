"""Are the committed figures/*.csv what the notebooks produce now? (CI runs this.)

nbval compares a notebook's text outputs, not its images, and not the figure files it writes,
so a stale figure would pass. This command re-executes every analysis notebook into a temporary
folder (its figures there too: ``figures_dir``), then compares the numbers behind every figure
with the committed CSV, byte for byte. PNGs may differ in bytes; the numbers may not.

    python -m helpers.figcheck        # exit 1 and a list of differences if any
"""

from __future__ import annotations

import difflib
import sys
import tempfile
from pathlib import Path

from . import paths


def produce(out: Path) -> Path:
    """Execute every analysis notebook with ``figures_dir=out/figures``; returns that folder."""
    import papermill

    figures = out / "figures"
    for nb in sorted(paths.NOTEBOOKS.glob("[0-9]*.ipynb")):
        papermill.execute_notebook(
            str(nb),
            str(out / nb.name),
            parameters={"figures_dir": str(figures)},
            kernel_name="python3",
            progress_bar=False,
            cwd=str(paths.NOTEBOOKS),
        )
    return figures


def differences(committed: Path, produced: Path) -> list[str]:
    """One line per figure CSV that differs, is missing, or is left over; with the first changed lines."""
    out = []
    have = {p.name: p for p in committed.glob("*.csv")}
    made = {p.name: p for p in produced.glob("*.csv")}
    for name in sorted(set(have) | set(made)):
        if name not in made:
            out.append(f"figures/{name}: committed, but no notebook writes it any more (remove it)")
        elif name not in have:
            out.append(f"figures/{name}: written by a notebook but not committed (run make notebooks)")
        elif have[name].read_bytes() != made[name].read_bytes():
            diff = difflib.unified_diff(
                have[name].read_text(encoding="utf-8").splitlines(),
                made[name].read_text(encoding="utf-8").splitlines(),
                lineterm="",
                n=0,
            )
            changed = [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")][:4]
            out.append(
                f"figures/{name}: the committed numbers differ from what the notebook produces now "
                f"(run make notebooks): " + " | ".join(changed)
            )
    return out


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        problems = differences(paths.FIGURES, produce(Path(tmp)))
    for p in problems:
        print(p)
    print(f"figure check: {len(problems)} difference(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
