"""Safe HTML for notebooks and reports: every value from the data is escaped.

Names, notes and titles come from a CSV that anyone may edit; they are shown as text, never
run as HTML, Markdown or LaTeX.
"""

from __future__ import annotations

import html

import pandas as pd


def text(value) -> str:
    """Escape a value for HTML; missing values become an empty string."""
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return html.escape(str(value), quote=True)


def link(url, label=None) -> str:
    """An escaped link to an http(s) URL; anything else is shown as plain text."""
    url_s = "" if url is None or pd.isna(url) else str(url)
    shown = text(label if label is not None and not pd.isna(label) and str(label) else url_s)
    if not url_s.startswith(("http://", "https://")):
        return shown
    return f'<a href="{html.escape(url_s, quote=True)}" rel="noopener noreferrer">{shown}</a>'


def table(
    df: pd.DataFrame, columns: dict[str, str] | None = None, *, html_columns: tuple[str, ...] = (), empty: str = "None recorded."
) -> str:
    """An HTML table of ``df`` with readable headers; cells are escaped except ``html_columns``
    (which the caller has built with :func:`link` or :func:`text`)."""
    if columns:
        df = df[list(columns)].rename(columns=columns)
        html_columns = tuple(columns.get(c, c) for c in html_columns)
    if df.empty:
        return f"<p><em>{text(empty)}</em></p>"
    cells = {}
    for i, col in enumerate(list(df.columns)):  # by position: headers may repeat (e.g. two blank ones)
        values = df.iloc[:, i]
        cells[i] = values.fillna("").astype(str) if col in html_columns else values.map(text).astype(object)
    body = pd.DataFrame(cells)
    body.columns = [text(c) for c in df.columns]
    return body.to_html(index=False, escape=False, border=0, classes="report-table", na_rep="")


def heading(value, level: int = 2) -> str:
    return f"<h{level}>{text(value)}</h{level}>"


def paragraph(*parts) -> str:
    """A paragraph from already-escaped parts (use :func:`text` on data values)."""
    return "<p>" + "".join(parts) + "</p>"
