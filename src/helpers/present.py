"""Safe HTML for notebooks and reports: every value from the data is escaped.

Names, notes and titles come from a CSV that anyone may edit; they are shown as text, never
run as HTML, Markdown or LaTeX.
"""

from __future__ import annotations

import html

import pandas as pd


def text(value: object) -> str:
    """Escape a value for HTML; missing values become an empty string."""
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return html.escape(str(value), quote=True)


def link(url: object, label: object = None) -> str:
    """An escaped link to an http(s) URL; anything else is shown as plain text."""
    url_s = "" if url is None or pd.isna(url) else str(url)
    shown = text(label if label is not None and not pd.isna(label) and str(label) else url_s)
    if not url_s.startswith(("http://", "https://")):
        return shown
    return f'<a href="{html.escape(url_s, quote=True)}" rel="noopener noreferrer">{shown}</a>'


#: The one map from column names to the headers every report shows.
LABELS = {
    "detention_id": "detention",
    "person_id": "person",
    "name": "name",
    "roles": "roles",
    "kind": "kind",
    "state": "custody",
    "detained_on": "detained",
    "start": "detained",
    "date_precision": "known to the",
    "case_group": "group case",
    "pretrial_ordered_on": "pre-trial order",
    "pretrial_measure": "measure",
    "sentenced_on": "sentenced",
    "sentence_months": "sentence (months)",
    "sentence_days": "sentence (days)",
    "released_on": "released",
    "release_type": "how released",
    "custody_end": "custody ended",
    "end_rule": "what bounds the end",
    "days_in_custody": "days in custody",
    "days_held": "days held",
    "article": "article",
    "stage": "stage",
    "charged_on": "charged",
    "title": "what the article covers",
    "category": "category",
    "max_years": "max. years",
    "type": "type",
    "event": "event",
    "announced_on": "announced",
    "starts_on": "starts",
    "ends_on": "ends",
    "days_from_announcement": "days from announcement",
    "days_from_event": "days from event",
    "phase": "phase",
    "responded_on": "date",
    "days_after_detention": "days after detention",
    "actor": "actor",
    "actor_type": "actor type",
    "response_type": "response",
    "addressed_to": "addressed to",
    "demands": "demands",
    "notes": "what it said",
    "published_on": "published",
    "publisher": "publisher",
    "link": "page",
    "cited_by": "cited by",
    "articles": "articles",
    "confirmed_by": "confirmed by",
    "page": "page",
    "held": "held",
    "certainly": "certainly held",
    "possibly": "possibly held",
    "role": "role",
    "field": "",
    "value": "",
    "measure": "",
    "this period": "this period",
    "previous period": "previous period",
    "change": "change",
    "observed": "observed",
    "expected": "expected",
    "rate_ratio": "rate ratio",
    "ci_low": "interval low",
    "ci_high": "interval high",
    "p_greater": "p (more)",
    "from": "from",
    "to": "to",
    "days_in_study": "days in the study",
    "detentions": "detentions",
    "arrest_events": "arrest events",
    "p_value": "p",
}


def table(
    df: pd.DataFrame,
    columns: dict[str, str] | list[str] | None = None,
    *,
    html_columns: tuple[str, ...] = (),
    empty: str = "None recorded.",
) -> str:
    """An HTML table of ``df`` with readable headers; cells are escaped except ``html_columns``
    (which the caller has built with :func:`link` or :func:`text`). ``columns`` is a list of
    columns, headed by :data:`LABELS`, or a dict for headers of the caller's own."""
    if isinstance(columns, list):
        columns = {c: LABELS[c] for c in columns}
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


def heading(value: object, level: int = 2) -> str:
    return f"<h{level}>{text(value)}</h{level}>"


def paragraph(*parts) -> str:
    """A paragraph from already-escaped parts (use :func:`text` on data values)."""
    return "<p>" + "".join(parts) + "</p>"
