"""Reports as PDF, printed by headless Chromium (Playwright) from the rendered HTML.

A4 with the reports' print stylesheet (tables break between rows and repeat their header), page
numbers and the data's ``as_of`` date in the footer. One browser serves every report of a run.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    """Debian's Chromium, which the project's browser tests and PDFs use."""
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise RuntimeError("PDF needs Debian's chromium (apt-get install chromium)")
    return path


def footer(as_of: str, title: str) -> str:
    return (
        '<div style="font-size:8px;width:100%;padding:0 14mm;display:flex;justify-content:space-between;color:#555">'
        f"<span>{html.escape(title)}</span><span>data as of {html.escape(as_of)}</span>"
        '<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
    )


class Printer:
    """One headless Chromium that prints HTML files to PDF; use as a context manager."""

    def __enter__(self) -> Printer:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=chromium(), headless=True, args=FLAGS)
        return self

    def print(self, html_path: Path, pdf_path: Path, *, as_of: str, title: str) -> Path:
        """Print one report; nothing leaves the machine (only file: and data: URLs load)."""
        page = self._browser.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = pdf_path.with_suffix(".pdf.tmp")
        page.pdf(
            path=str(tmp),
            format="A4",
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=footer(as_of, title),
            margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
        )
        page.close()
        tmp.replace(pdf_path)
        return pdf_path

    def __exit__(self, *exc) -> None:
        self._browser.close()
        self._pw.stop()
