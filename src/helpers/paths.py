"""Every path of the project, derived from this package's own location.

JupyterLab and nbval run in a notebook's folder, papermill in the caller's: no code
in the project uses a bare relative path.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
DATAPACKAGE = DATA / "datapackage.json"
NOTEBOOKS = ROOT / "notebooks"
REPORT_TEMPLATES = NOTEBOOKS / "reports"
REPORTS = ROOT / "reports"
FIGURES = ROOT / "figures"
TEMPLATES = Path(__file__).resolve().parent / "templates"
