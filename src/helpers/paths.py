"""Every path of the project, derived from this package's own location.

JupyterLab and nbval run in a notebook's folder, papermill in the caller's: no code
in the project uses a bare relative path.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# AZD_DATA_DIR points every notebook, report and helper at another copy of the data package
# (the tests use it for hostile and synthetic data); unset, it is the project's data/.
DATA = Path(os.environ["AZD_DATA_DIR"]).resolve() if os.environ.get("AZD_DATA_DIR") else ROOT / "data"
DATAPACKAGE = DATA / "datapackage.json"
NOTEBOOKS = ROOT / "notebooks"
REPORT_TEMPLATES = NOTEBOOKS / "reports"
REPORTS = ROOT / "reports"
FIGURES = ROOT / "figures"
TEMPLATES = Path(__file__).resolve().parent / "templates"
# validated datasets kept between processes (helpers.data.load); never committed
CACHE = Path(os.environ["AZD_CACHE_DIR"]).resolve() if os.environ.get("AZD_CACHE_DIR") else ROOT / ".cache"
