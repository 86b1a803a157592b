"""What the data holds: counts, coverage by year, sources per row, completeness per field."""

from __future__ import annotations

import pandas as pd

from .data import TABLES, Dataset, split_list
from .schema import FACT_TABLES, kinds


def detentions_by_year(ds: Dataset) -> pd.DataFrame:
    """New detentions per calendar year, by kind (rows: years with no gap; columns: kinds)."""
    d = ds.detentions
    years = range(int(d["detained_on"].dt.year.min()), int(ds.as_of.year) + 1) if len(d) else []
    out = d.assign(year=d["detained_on"].dt.year).pivot_table(
        index="year", columns="kind", values="detention_id", aggfunc="count", fill_value=0
    )
    out = out.reindex(index=list(years), columns=list(kinds()), fill_value=0).astype(int)
    out.index.name = "year"
    out.columns.name = None
    return out


def sources_per_row(ds: Dataset) -> pd.DataFrame:
    """For each fact table: rows, and how many rows cite 1, 2, 3 or more sources."""
    rows = []
    for name in FACT_TABLES:
        n = ds.tables[name]["source_ids"].map(lambda v: len(split_list(v)))
        rows.append(
            {
                "table": name,
                "rows": len(n),
                "one source": int((n == 1).sum()),
                "two sources": int((n == 2).sum()),
                "three or more": int((n >= 3).sum()),
                "mean sources": round(float(n.mean()), 2) if len(n) else 0.0,
            }
        )
    return pd.DataFrame(rows).set_index("table")


def completeness(ds: Dataset, table: str) -> pd.DataFrame:
    """Share of rows with a value, per field of one table (in schema order)."""
    df = ds.tables[table]
    filled = df.notna().sum()
    return pd.DataFrame({"filled": filled.astype(int), "rows": len(df), "share": (filled / max(len(df), 1)).round(3)})


def completeness_all(ds: Dataset) -> pd.DataFrame:
    """Share of rows with a value for every field of every table (long format)."""
    parts = []
    for name in TABLES:
        c = completeness(ds, name).reset_index(names="field")
        parts.append(c.assign(table=name))
    return pd.concat(parts, ignore_index=True)[["table", "field", "filled", "rows", "share"]]


def single_source_rows(ds: Dataset) -> pd.DataFrame:
    """Fact rows resting on one page only, counted per table, with the share of the table."""
    spr = sources_per_row(ds)
    share = (spr["one source"] / spr["rows"].where(spr["rows"] > 0)).fillna(0.0).round(3)
    return spr[["rows", "one source"]].assign(share=share)


def recorded_conflicts(ds: Dataset) -> pd.DataFrame:
    """Detentions whose sources disagree, with the recorded conflict."""
    d = ds.detentions
    return d.loc[d["conflicts"].notna(), ["detention_id", "conflicts"]].reset_index(drop=True)
