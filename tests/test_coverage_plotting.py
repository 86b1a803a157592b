import hashlib

import matplotlib

matplotlib.use("Agg")

from helpers import coverage, plotting


def test_detentions_by_year_has_every_year(tiny):
    by = coverage.detentions_by_year(tiny)
    assert list(by.index) == list(range(2020, 2027))
    assert by.loc[2020, "administrative"] == 1 and by.loc[2023, "criminal"] == 1 and by.loc[2024, "criminal"] == 1
    assert int(by.to_numpy().sum()) == 3


def test_sources_per_row(tiny):
    spr = coverage.sources_per_row(tiny)
    assert spr.loc["detentions", "one source"] == 2 and spr.loc["detentions", "two sources"] == 1
    assert spr.loc["people", "mean sources"] == 1.5


def test_completeness(tiny):
    c = coverage.completeness(tiny, "detentions")
    assert c.loc["released_on", "filled"] == 2 and c.loc["detention_id", "share"] == 1.0


def test_saved_figures_are_byte_identical(tiny, tmp_path):
    def draw(folder):
        plotting.setup()
        fig = plotting.stacked_bars(coverage.detentions_by_year(tiny), title="t", ylabel="n")
        png = plotting.save(fig, "by_year", coverage.detentions_by_year(tiny), folder=folder)
        plotting.plt.close(fig)
        return hashlib.sha256(png.read_bytes()).hexdigest(), (folder / "by_year.csv").read_text()

    a, b = draw(tmp_path / "a"), draw(tmp_path / "b")
    assert a == b
    from PIL import Image

    with Image.open(tmp_path / "a" / "by_year.png") as im:
        assert "Software" not in im.text, im.text  # no library version stamped into the file
    assert a[1].splitlines()[0] == "year,criminal,administrative,police-custody,psychiatric"


def test_single_source_and_conflicts(tiny):
    s = coverage.single_source_rows(tiny)
    assert s.loc["charges", "one source"] == 5 and s.loc["people", "one source"] == 1
    assert coverage.recorded_conflicts(tiny).empty


def test_completeness_all_covers_every_field(tiny):
    c = coverage.completeness_all(tiny)
    assert len(c) == sum(len(df.columns) for df in tiny.tables.values())
    assert c.set_index(["table", "field"]).loc[("events", "ends_on"), "filled"] == 1


def test_figures_draw_the_numbers_they_are_given(tiny):
    """Each plotting function draws exactly the numbers passed to it (nbval does not compare images)."""
    import numpy as np
    import pandas as pd

    from helpers import advocacy, custody

    plotting.setup()
    band = custody.held_series(tiny, "2024-11-01", "2025-07-01")
    fig = plotting.held_band(
        band, title="t", points=pd.DataFrame({"publisher": ["CPJ"], "counted_on": [pd.Timestamp("2024-12-01")], "count": [2]})
    )
    line = fig.axes[0].lines[0]
    assert list(line.get_ydata()) == band["certain"].tolist()
    assert fig.axes[0].collections[-1].get_offsets().data.tolist()[0][1] == 2
    plotting.plt.close(fig)

    sp = custody.spans(tiny)
    fig = plotting.custody_timeline(sp, as_of=tiny.as_of, title="t")
    widths = sorted(round(p.get_width()) for p in fig.axes[0].patches if round(p.get_height(), 3) == 0.6)
    # stated releases (30 and 99 days); the open case certain to its verdict (578 days), then hatched to as_of (225 days)
    assert widths == [30, 99, 225, 578]
    plotting.plt.close(fig)

    values = pd.Series([3, 5, 5, 40])
    fig = plotting.histogram(values, xlabel="x", ylabel="y", title="t", bins=4)
    assert sum(p.get_height() for p in fig.axes[0].patches) == 4
    plotting.plt.close(fig)

    fig = plotting.signed_bars(pd.Series([-10, 20]), pd.Series(["a", "b"]), xlabel="x", title="t")
    assert [p.get_width() for p in fig.axes[0].patches] == [-10, 20]
    plotting.plt.close(fig)

    res = pd.DataFrame(
        {
            "events": "e",
            "phase": ["before", "during", "after"],
            "window": 30,
            "rate_ratio": [2.0, 1.0, 0.5],
            "ci_low": [1.0, 0.5, 0.2],
            "ci_high": [3.0, 2.0, np.inf],
        }
    )
    fig = plotting.rate_ratio_panels(res, ["e"], [30], title="t")
    ys = [float(c.lines[0].get_ydata()[0]) for c in fig.axes[0].containers]
    assert ys == [2.0, 1.0, 0.5]  # before, during, after
    plotting.plt.close(fig)

    m = pd.Series([1, 0, 2], index=pd.period_range("2024-10", periods=3, freq="M"))
    fig = plotting.monthly_around_event(m, pd.Timestamp("2024-11-11"), title="t")
    assert [p.get_height() for p in fig.axes[0].patches] == [1, 0, 2]
    plotting.plt.close(fig)

    sf, _ = advocacy.survival_frame(tiny, kinds=["criminal"])
    tests, tables, fits = advocacy.compare_groups(sf, {"all": pd.Series("all", index=sf.index)})
    fig = plotting.km_grid(fits, {}, title="t")
    assert len(fig.axes[0].lines) == 1 and set(tables["n"]) == {2}
    plotting.plt.close(fig)


def test_more_figures_draw_their_numbers():
    import pandas as pd

    plotting.setup()
    fig = plotting.lag_boxplot({"a": pd.Series([0, 1, 9]), "b": pd.Series([3])}, xlabel="x", title="t")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["a", "b"]
    # the median line of group a: (0, 1, 9) + 1 -> median 2
    assert 2.0 in {float(line.get_xdata()[0]) for line in fig.axes[0].lines if len(set(line.get_xdata())) == 1}
    assert fig.axes[0].get_xscale() == "log"
    plotting.plt.close(fig)
    fig = plotting.share_bars(pd.Series({"x": 0.25, "y": 1.0}), xlabel="share", title="t")
    assert [p.get_width() for p in fig.axes[0].patches] == [0.25, 1.0]
    plotting.plt.close(fig)
    fig = plotting.grouped_barh(pd.DataFrame({"this": [3, 1], "before": [2, 0]}, index=["p", "q"]), xlabel="n", title="t")
    assert sorted(p.get_width() for p in fig.axes[0].patches) == [0, 1, 2, 3]
    plotting.plt.close(fig)


def test_monthly_series_marks_events_in_one_strip_per_colour():
    import pandas as pd

    from helpers import plotting

    months = pd.period_range("2020-01", "2020-12", freq="M")
    monthly = pd.Series(range(12), index=months)
    days = pd.to_datetime(["2020-02-10", "2020-05-01", "2020-06-01", "2020-09-09"])
    events = pd.DataFrame({"starts_on": days, "type": ["international-event", "election", "referendum", "international-event"]})
    fig = plotting.monthly_with_events(monthly, events, waves=monthly.to_frame().iloc[[11]], title="t")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["international-event (2)", "election and referendum (2)", "month flagged as a wave"]
    assert max(fig.axes[0].get_yticks()) <= 11  # the count axis ends where the counts do
