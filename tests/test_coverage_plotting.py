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
    assert b"matplotlib" not in (tmp_path / "a" / "by_year.png").read_bytes().lower()
    assert a[1].splitlines()[0] == "year,criminal,administrative,police-custody,psychiatric"


def test_single_source_and_conflicts(tiny):
    s = coverage.single_source_rows(tiny)
    assert s.loc["charges", "one source"] == 5 and s.loc["people", "one source"] == 1
    assert coverage.recorded_conflicts(tiny).empty


def test_completeness_all_covers_every_field(tiny):
    c = coverage.completeness_all(tiny)
    assert len(c) == sum(len(df.columns) for df in tiny.tables.values())
    assert c.set_index(["table", "field"]).loc[("events", "ends_on"), "filled"] == 1
