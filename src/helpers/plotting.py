"""One figure style for every notebook and report, with deterministic output.

Call :func:`setup` first in every notebook. It fixes fonts, colours and sizes, removes
the matplotlib version and dates from saved files (PNG ``Software``, SVG hash salt, PDF
``CreationDate``), and makes inline figures byte-stable too. :func:`save` writes a figure
twice, as an image and as the CSV of the numbers behind it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from . import paths

# Colours by charge category and by kind, shared by every figure.
PALETTE = ["#1b6ca8", "#e07b39", "#3c9d5d", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c"]
CATEGORY_COLOURS = {
    "economic-financial": "#1b6ca8",
    "public-order": "#e07b39",
    "violence-against-person": "#c44e52",
    "drugs-weapons": "#8172b3",
    "state-security-anti-state": "#3c9d5d",
    "official-misconduct-forgery": "#937860",
    "administrative": "#da8bc3",
    "other": "#8c8c8c",
}
KIND_COLOURS = {"criminal": "#1b6ca8", "administrative": "#e07b39", "police-custody": "#8c8c8c", "psychiatric": "#8172b3"}
WAVE_COLOUR = "#333333"  # months flagged as waves (not the red of elections)
EVENT_COLOURS = {
    "award": "#3c9d5d",
    "nomination": "#3c9d5d",
    "international-event": "#e07b39",
    "election": "#c44e52",
    "referendum": "#c44e52",
    "pardon": "#8172b3",
    "amnesty": "#8172b3",
}
SAVE_METADATA = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None, "Producer": None}}


#: Inline figures in reports: sharp on screen and on an A4 page (about 140 px per inch across the
#: page's 18 cm), no larger. Analysis notebooks keep 100 so that each stays under 400 KB.
REPORT_DPI = 140


#: Resolution of the figures shown inline in the analysis notebooks. Kept low because every
#: re-execution rewrites the committed PNGs: the published figures/ are saved at ``savefig.dpi``.
NOTEBOOK_DPI = 72


def setup(dpi: int = NOTEBOOK_DPI) -> None:
    """Apply the project's style and deterministic output settings (``dpi``: inline figures)."""
    mpl.rcParams.update(mpl.rcParamsDefault)
    mpl.rcParams.update(
        {
            "figure.figsize": (9, 4.5),
            "figure.dpi": dpi,
            "savefig.dpi": 100,
            "savefig.bbox": "tight",
            "font.size": 10,
            "axes.titlesize": 11,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "legend.frameon": False,
            "svg.hashsalt": "az-detentions",
            "svg.fonttype": "none",
            "date.converter": "concise",
        }
    )
    try:  # inside IPython: make inline PNGs carry no version either
        from IPython import get_ipython

        ip = get_ipython()
        if ip is not None:
            from matplotlib_inline.backend_inline import set_matplotlib_formats

            set_matplotlib_formats("png")
            ip.run_line_magic(
                "config", "InlineBackend.print_figure_kwargs = {'bbox_inches': 'tight', 'metadata': {'Software': None}}"
            )
    except ImportError:  # pragma: no cover - IPython is always there in the notebooks
        pass


def save(fig: plt.Figure, name: str, numbers: pd.DataFrame | pd.Series, folder: Path | None = None) -> Path:
    """Save ``fig`` as ``<folder>/<name>.png`` and its numbers as ``<name>.csv``; return the PNG path."""
    folder = Path(folder) if folder is not None else paths.FIGURES
    folder.mkdir(parents=True, exist_ok=True)
    png = folder / f"{name}.png"
    fig.savefig(png, metadata=SAVE_METADATA["png"])
    frame = numbers.to_frame() if isinstance(numbers, pd.Series) else numbers
    frame.to_csv(folder / f"{name}.csv", lineterminator="\n", date_format="%Y-%m-%d")
    return png


def custody_timeline(
    spans: pd.DataFrame,
    *,
    labels: pd.Series | None = None,
    events: pd.DataFrame | None = None,
    as_of: pd.Timestamp | None = None,
    title: str = "",
    ax: Axes | None = None,
) -> plt.Figure:
    """One row per detention: a solid bar while custody is certain, a hatched bar over the span in
    which it ended (``end_earliest`` .. ``end_latest``, or to ``as_of`` when nothing bounds it).

    ``spans`` are rows of ``custody.spans``; ``events`` (optional) has ``event_day``, ``name``
    and ``type``: each is a numbered marker on a strip above the bars, explained in the legend.
    The height grows with the detentions, not with the events.
    """
    n = len(spans)
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, max(2.4, 0.42 * n + 1.8)))
    else:
        fig = ax.figure
    y = list(range(n))[::-1]
    horizon = as_of if as_of is not None else spans["end_latest"].max()
    for yi, (_, s) in zip(y, spans.iterrows()):
        colour = KIND_COLOURS.get(s["kind"], PALETTE[-1])
        certain_end = (
            max(s["end_earliest"], s["last_confirmed_held"]) if pd.notna(s["last_confirmed_held"]) else s["end_earliest"]
        )
        ax.barh(yi, max((certain_end - s["start"]).days, 1), left=s["start"], height=0.6, color=colour, edgecolor=colour)
        if s["end_basis"] != "stated":
            hi = s["end_latest"] if pd.notna(s["end_latest"]) else horizon
            if pd.notna(hi) and hi > certain_end:
                ax.barh(
                    yi,
                    (hi - certain_end).days,
                    left=certain_end,
                    height=0.6,
                    color=colour,
                    alpha=0.25,
                    hatch="//",
                    edgecolor=colour,
                )
    keys = []
    if events is not None and len(events):
        keys = _event_markers(ax, events.sort_values(["event_day", "name"]), top=n - 0.3)
    if as_of is not None:
        ax.axvline(as_of, color="#999999", lw=1)
    ax.set_yticks(y)
    ax.set_yticklabels(labels.tolist() if labels is not None else spans["detention_id"].tolist(), fontsize=8)
    ax.set_ylim(-0.7, n - 0.3 + (1.3 if keys else 0))
    ax.set_xlabel("date")
    ax.grid(axis="y", visible=False)
    handles = [mpl.patches.Patch(color=KIND_COLOURS[k], label=k) for k in KIND_COLOURS if k in set(spans["kind"])]
    handles.append(
        mpl.patches.Patch(facecolor="white", edgecolor="#555555", hatch="//", label="custody ended somewhere here (or not yet)")
    )
    for number, text, colour in keys:  # each numbered marker explained in the legend, in date order
        handles.append(mpl.lines.Line2D([], [], marker="o", ls="", color=colour, markersize=7, label=f"{number}  {text}"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    if title:
        ax.set_title(title)
    return fig


def _event_markers(ax: Axes, events: pd.DataFrame, *, top: float) -> list[tuple[int, str, str]]:
    """Numbered markers for events on a strip above the bars (never on them); markers closer than
    4 % of the time axis go on a second level, so numbers do not overlap. Returns the legend keys."""
    lo, hi = ax.get_xlim()
    span_days = max(hi - lo, 1.0)
    last_x = {0: None, 1: None}
    keys = []
    for number, (_, e) in enumerate(events.iterrows(), start=1):
        x = mpl.dates.date2num(e["event_day"])
        level = 0 if last_x[0] is None or x - last_x[0] > 0.04 * span_days else 1
        if level == 1 and last_x[1] is not None and x - last_x[1] <= 0.04 * span_days:
            level = 0  # both levels crowded: the later marker sits on the first level again
        last_x[level] = x
        colour = EVENT_COLOURS.get(e["type"], "#555555")
        yv = top + 0.45 + 0.6 * level
        ax.plot([x], [yv], marker="o", markersize=13, color=colour, zorder=3, clip_on=False)
        ax.annotate(str(number), (x, yv), ha="center", va="center", fontsize=7, color="white", fontweight="bold", zorder=4)
        ax.axvline(x, ymax=1, color=colour, lw=0.8, ls=":", alpha=0.6, zorder=1)
        keys.append((number, f"{e['name']} ({e['event_day']:%d %b %Y})", colour))
    return keys


def held_band(
    series: pd.DataFrame,
    *,
    title: str,
    points: pd.DataFrame | None = None,
    ylabel: str = "people held",
    colour: str = PALETTE[0],
    label: str = "this dataset",
    ax: Axes | None = None,
) -> plt.Figure:
    """People held on each day as a band from certainly (lower edge) to possibly held (upper edge).

    ``series`` has columns ``certain`` and ``possible`` on a daily index (``custody.held_series``);
    ``points`` (optional) has ``counted_on``, ``count`` and ``publisher`` and is drawn as markers.
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 4.2))
    else:
        fig = ax.figure
    ax.fill_between(
        series.index, series["certain"], series["possible"], color=colour, alpha=0.25, lw=0, label=f"{label}: possibly held"
    )
    ax.plot(series.index, series["certain"], color=colour, lw=1.2, label=f"{label}: certainly held")
    markers = ["o", "s", "^", "D", "v"]
    if points is not None and len(points):
        for i, (pub, g) in enumerate(points.groupby("publisher", sort=True)):
            ax.scatter(
                g["counted_on"],
                g["count"],
                marker=markers[i % len(markers)],
                color=PALETTE[(i + 1) % len(PALETTE)],
                zorder=3,
                s=22,
                label=str(pub),
            )
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.set_title(title)
    ax.legend(fontsize=8, loc="upper left")
    return fig


def stacked_bars(
    counts: pd.DataFrame, *, title: str, ylabel: str, colours: dict | None = None, ax: Axes | None = None
) -> plt.Figure:
    """Stacked bars of ``counts`` (index on the x axis, one colour per column)."""
    if ax is None:
        fig, ax = plt.subplots()
    else:
        fig = ax.figure
    bottom = None
    x = [str(i) for i in counts.index]
    for col in counts.columns:
        vals = counts[col].to_numpy(dtype=float)
        ax.bar(x, vals, bottom=bottom, label=str(col), color=(colours or {}).get(col))
        bottom = vals if bottom is None else bottom + vals
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(ncol=min(4, len(counts.columns)), fontsize=8)
    ax.tick_params(axis="x", rotation=90 if len(x) > 12 else 0)
    ax.grid(axis="x", visible=False)
    return fig


def heatmap(matrix: pd.DataFrame, *, title: str, label: str = "detentions", ax: Axes | None = None) -> plt.Figure:
    """A labelled heatmap of a square or rectangular count matrix (counts written in the cells)."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(max(5, 0.5 * matrix.shape[1] + 2.5), max(4, 0.45 * matrix.shape[0] + 1.5)))
    else:
        fig = ax.figure
    im = ax.imshow(matrix.to_numpy(dtype=float), cmap="Blues", aspect="auto")
    ax.set_xticks(range(matrix.shape[1]), [str(c) for c in matrix.columns], rotation=90, fontsize=8)
    ax.set_yticks(range(matrix.shape[0]), [str(i) for i in matrix.index], fontsize=8)
    top = float(matrix.to_numpy().max()) if matrix.size else 0.0
    for (i, j), v in pd.DataFrame(matrix.to_numpy()).stack().items():
        if v:
            ax.text(j, i, str(int(v)), ha="center", va="center", fontsize=7, color="white" if v > top / 2 else "black")
    ax.grid(False)
    fig.colorbar(im, ax=ax, label=label, shrink=0.8)
    ax.set_title(title)
    return fig


def monthly_with_events(
    monthly: pd.Series, events: pd.DataFrame, *, title: str, waves: pd.DataFrame | None = None, ax: Axes | None = None
) -> plt.Figure:
    """Monthly counts as bars (flagged waves in red) and, above them, one strip of ticks per event
    type (an event a tick, coloured by type): readable with dozens of events, where a label for
    each would overlap; the figure's CSV and the events table name them."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(11, 4.5))
    else:
        fig = ax.figure
    x = monthly.index.to_timestamp()
    flagged = [waves is not None and p in waves.index for p in monthly.index]
    ax.bar(x, monthly.to_numpy(), width=25, color=[WAVE_COLOUR if f else PALETTE[0] for f in flagged])
    ymax = max(1, int(monthly.max()))
    # one strip per colour: types sharing a colour (elections and referendums) share a strip
    strips: dict[str, list[str]] = {}
    for kind in dict.fromkeys(events["type"]):
        strips.setdefault(EVENT_COLOURS.get(kind, "#555555"), []).append(kind)
    height = ymax * 0.12
    for row, (colour, kinds) in enumerate(strips.items()):
        days = events.loc[events["type"].isin(kinds), "starts_on"]
        lo = ymax * 1.1 + row * height * 1.4
        ax.vlines(days, lo, lo + height, color=colour, lw=1.2, label=f"{' and '.join(kinds)} ({len(days)})")
    ax.set_ylim(0, ymax * 1.1 + len(strips) * height * 1.4 + height * 2)
    ax.set_yticks([t for t in ax.get_yticks() if 0 <= t <= ymax])
    ax.set_ylabel("new detentions per month")
    ax.set_title(title)
    ax.grid(axis="x", visible=False)
    handles = ax.get_legend_handles_labels()[0]
    if any(flagged):
        handles.append(mpl.patches.Patch(color=WAVE_COLOUR, label="month flagged as a wave"))
    ax.legend(handles=handles, loc="upper left", fontsize=8, ncols=3)
    return fig


def km_plot(fits: dict, *, title: str, ax: Axes | None = None) -> plt.Figure:
    """Survival curves (share still detained), one per group: Kaplan-Meier with confidence bands, or
    for interval-censored fits the Turnbull estimate as the band between its two envelopes."""
    if ax is None:
        fig, ax = plt.subplots()
    else:
        fig = ax.figure
    for i, km in enumerate(fits.values()):
        colour = PALETTE[i % len(PALETTE)]
        sf = km.survival_function_
        if sf.shape[1] == 2:  # interval-censored (Turnbull): the estimate is a band between two envelopes
            upper, lower = sf.iloc[:, 0], sf.iloc[:, 1]
            ax.step(sf.index, upper, where="post", color=colour, label=km._label)
            ax.fill_between(sf.index, lower, upper, step="post", color=colour, alpha=0.2, lw=0)
        else:
            km.plot_survival_function(ax=ax, ci_show=True, color=colour)
    ax.set_xlabel("days since detention")
    ax.set_ylabel("share still detained")
    ax.set_ylim(0, 1.02)
    ax.set_title(title)
    ax.legend(fontsize=8)
    return fig


def monthly_around_event(monthly: pd.Series, day: pd.Timestamp, *, title: str, ax: Axes | None = None) -> plt.Figure:
    """New detentions per month around one event (``event.monthly_around``), the event's day marked."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 3.5))
    else:
        fig = ax.figure
    ax.bar(monthly.index.to_timestamp(), monthly.to_numpy(), width=25, color=PALETTE[0])
    ax.axvline(day, color=PALETTE[3], ls="--")
    ax.set_ylabel("new detentions per month")
    ax.set_title(title)
    ax.grid(axis="x", visible=False)
    return fig


def histogram(
    values: pd.Series, *, xlabel: str, ylabel: str, title: str, bins: int = 20, colour: str = PALETTE[1], ax: Axes | None = None
) -> plt.Figure:
    """A histogram of ``values`` with labelled axes."""
    fig, ax = _figure(ax)
    ax.hist(values.astype(float), bins=bins, color=colour)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return fig


def signed_bars(values: pd.Series, labels: pd.Series, *, xlabel: str, title: str, ax: Axes | None = None) -> plt.Figure:
    """Horizontal bars of signed day counts (negative before a reference day, positive after)."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, max(3, 0.3 * len(values) + 1)))
    else:
        fig = ax.figure
    v = values.astype(float)
    ax.barh(labels.tolist(), v, color=[PALETTE[3] if x > 0 else PALETTE[0] for x in v])
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel(xlabel)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_title(title)
    return fig


def rate_ratio_panels(results: pd.DataFrame, groups: Iterable[str], windows: Iterable[int], *, title: str) -> plt.Figure:
    """One panel per event group: rate ratio with its interval by window length and phase."""
    fig, axes = plt.subplots(1, len(groups), figsize=(11, 4), sharey=True, squeeze=False)
    axes = axes[0]
    for ax, label in zip(axes, groups):
        sub = results[results["events"] == label]
        for i, phase in enumerate(["before", "during", "after"]):
            p = sub[sub["phase"] == phase]
            xs = [j + (i - 1) * 0.25 for j in range(len(p))]
            rr = p["rate_ratio"].to_numpy(dtype=float)
            err = [rr - p["ci_low"].to_numpy(dtype=float), (p["ci_high"].to_numpy(dtype=float) - rr).clip(max=10)]
            ax.errorbar(xs, rr, yerr=err, fmt="o", capsize=3, label=phase, color=PALETTE[i])
        ax.axhline(1, color="black", lw=0.8)
        ax.set_xticks(range(len(windows)), [f"{w} days" for w in windows])
        ax.set_title(label, fontsize=10)
    axes[0].set_ylabel("rate ratio against placebo calendars")
    axes[0].legend(fontsize=8)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=11)
    return fig


def km_grid(fits_by_label: dict, titles: dict, *, title: str, ncols: int = 2) -> plt.Figure:
    """Survival curves, one panel per comparison (``fits_by_label``: label -> fits of :func:`km_plot`)."""
    n = len(fits_by_label)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(11, 4 * nrows), squeeze=False)
    for ax, (label, fits) in zip(axes.flat, fits_by_label.items()):
        km_plot(fits, title=titles.get(label, label), ax=ax)
        ax.title.set_fontsize(9)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    fig.tight_layout()
    return fig


def lag_boxplot(lags: dict[str, pd.Series], *, xlabel: str, title: str, ax: Axes | None = None) -> plt.Figure:
    """Horizontal box plots of day counts per group on a log scale (days + 1, so same-day is 1)."""
    fig, ax = _figure(ax)
    data = [v.astype(float).clip(lower=0) + 1 for v in lags.values()]
    ax.boxplot(data, orientation="horizontal", tick_labels=list(lags), showfliers=True)
    ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    return fig


def share_bars(shares: pd.Series, *, xlabel: str, title: str, ax: Axes | None = None) -> plt.Figure:
    """Horizontal bars of shares from 0 to 1, one per label."""
    fig, ax = _figure(ax, (8, max(3, 0.28 * len(shares) + 1)))
    ax.barh(shares.index.astype(str), shares.to_numpy(dtype=float), color=PALETTE[0])
    ax.set_xlim(0, 1)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    return fig


def grouped_barh(counts: pd.DataFrame, *, xlabel: str, title: str, ax: Axes | None = None) -> plt.Figure:
    """Horizontal bars, one group of bars per row of ``counts`` and one colour per column."""
    fig, ax = _figure(ax, (8, max(2.5, 0.45 * len(counts) + 1)))
    counts.plot.barh(ax=ax, color=[PALETTE[0], PALETTE[7], PALETTE[1], PALETTE[2]][: counts.shape[1]])
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    return fig


def _figure(ax: Axes | None, figsize: tuple | None = None) -> tuple[plt.Figure, Axes]:
    """A new figure and axes, or the figure of the axes given."""
    if ax is None:
        return plt.subplots(figsize=figsize)
    return ax.figure, ax


def event_study_plot(
    es: pd.DataFrame, *, title: str, ylabel: str = "rate ratio against trend and season", ax: Axes | None = None
) -> plt.Figure:
    """Rate ratio with its interval for each week relative to the events (log scale; a ratio of
    0 is drawn at the axis floor with an open marker)."""
    fig, ax = _figure(ax, figsize=(10, 4))
    floor = 0.05
    rr = es["rate_ratio"].to_numpy(dtype=float)
    lo = np.maximum(es["ci_low"].to_numpy(dtype=float), floor)
    hi = es["ci_high"].to_numpy(dtype=float)
    shown = np.maximum(rr, floor)
    ax.vlines(es["week"], lo, hi, color=PALETTE[0], lw=1.5)
    zero = rr <= 0
    ax.plot(es.loc[~zero, "week"], shown[~zero], "o", color=PALETTE[0])
    ax.plot(es.loc[zero, "week"], shown[zero], "o", mfc="white", color=PALETTE[0], label="no arrest event that week")
    ax.axhline(1, color="black", lw=0.8)
    ax.axvspan(-4.5, -0.5, color=PALETTE[1], alpha=0.12, label="about the 30 days before")
    ax.set_yscale("log")
    ax.set_ylim(floor * 0.9, max(20, float(np.nanmax(hi[np.isfinite(hi)])) * 1.1))
    ax.set_xlabel("week relative to the event's first day (week 0)")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8, loc="upper left")
    ax.set_title(title, loc="left", fontweight="bold", fontsize=11)
    return fig


def forest(table: pd.DataFrame, labels: Iterable[str], *, xlabel: str, title: str, ax: Axes | None = None) -> plt.Figure:
    """Estimates with intervals, one row each (``table`` has rate_ratio or hazard_ratio, ci_low, ci_high); log scale."""
    est_col = "rate_ratio" if "rate_ratio" in table else "hazard_ratio"
    labels = list(labels)
    fig, ax = _figure(ax, figsize=(9, 0.45 * len(labels) + 1.2))
    y = np.arange(len(labels))[::-1]
    est = table[est_col].to_numpy(dtype=float)
    lo = np.maximum(table["ci_low"].to_numpy(dtype=float), 0.01)
    hi = np.minimum(table["ci_high"].to_numpy(dtype=float), 100)
    ax.hlines(y, lo, hi, color=PALETTE[0])
    ax.plot(np.maximum(est, 0.01), y, "o", color=PALETTE[0])
    ax.axvline(1, color="black", lw=0.8)
    ax.set_xscale("log")
    ax.set_yticks(y, labels)
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left", fontweight="bold", fontsize=11)
    fig.tight_layout()
    return fig


def incidence_plot(fits: dict, *, title: str, xlabel: str = "days since detention", ax: Axes | None = None) -> plt.Figure:
    """Cumulative incidence curves (lifelines Aalen-Johansen fits), one per outcome."""
    fig, ax = _figure(ax, figsize=(9, 4))
    for i, (label, aj) in enumerate(fits.items()):
        curve = aj.cumulative_density_.iloc[:, 0]
        ax.step(curve.index, curve.to_numpy(), where="post", color=PALETTE[i % len(PALETTE)], label=label)
    ax.set_ylim(0, 1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("cumulative incidence")
    ax.legend(fontsize=8)
    ax.set_title(title, loc="left", fontweight="bold", fontsize=11)
    return fig
