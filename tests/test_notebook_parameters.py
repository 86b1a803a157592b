"""A notebook run with other parameters never touches the published figures/ (the README's own
papermill example used to overwrite them)."""

import hashlib
import subprocess
import sys

import nbformat

from helpers import paths

NOTEBOOK = paths.NOTEBOOKS / "01_charges.ipynb"


def snapshot() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(paths.FIGURES.iterdir())}


def run(tmp_path, *args) -> str:
    out = tmp_path / "out.ipynb"
    cmd = [sys.executable, "-m", "papermill", "-k", "python3", "--log-level", "ERROR", str(NOTEBOOK), str(out), *args]
    subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=tmp_path)
    nb = nbformat.read(out, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def test_a_run_for_another_period_leaves_figures_alone(tmp_path):
    before = snapshot()
    text = run(tmp_path, "-r", "start", "2020-01-01")
    assert snapshot() == before
    assert "Parameters changed (start): this run's figures go to" in text


def test_a_run_may_name_its_figures_folder(tmp_path):
    before = snapshot()
    run(tmp_path, "-r", "start", "2020-01-01", "-r", "figures_dir", str(tmp_path / "figs"))
    assert snapshot() == before
    assert sorted(p.name for p in (tmp_path / "figs").glob("01_*.csv")) == sorted(p.name for p in paths.FIGURES.glob("01_*.csv"))


def test_every_notebook_has_a_tagged_parameters_cell():
    # papermill injects parameters after the cell tagged 'parameters'; without it a run for
    # another period silently keeps the defaults (and figcheck cannot send figures elsewhere)
    books = sorted(paths.NOTEBOOKS.glob("[0-9]*.ipynb")) + sorted((paths.NOTEBOOKS / "reports").glob("*.ipynb"))
    missing = [
        p.name for p in books if not any("parameters" in c.metadata.get("tags", []) for c in nbformat.read(p, as_version=4).cells)
    ]
    assert missing == []
