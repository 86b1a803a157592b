"""The report renderer: parameter validation, failure isolation, incremental skipping, atomic writes, safe ids."""

from __future__ import annotations

import os
import re

import pytest

from helpers import render
from helpers.render import RenderError, ReportSpec

GOOD = ReportSpec("case", "rufat-safarov", "Rufat Safarov", {"person_id": "rufat-safarov"})
BAD = ReportSpec("case", "rufat-safarof", "Misspelt", {"person_id": "rufat-safarof"})
REVERSED = ReportSpec("period", "reversed", "Reversed", {"start": "2024-12-31", "end": "2024-01-01"})
BAD_DATE = ReportSpec("period", "bad-date", "Bad date", {"start": "2024-02-30", "end": "2024-12-31"})
BAD_EVENT = ReportSpec("event", "cop-29", "Misspelt event", {"event_id": "cop-29", "window_days": 30})
BAD_WINDOW = ReportSpec("event", "cop29", "Bad window", {"event_id": "cop29", "window_days": -5})
PERIOD = ReportSpec("period", "2024", "2024", {"start": "2024-01-01", "end": "2024-12-31"})


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    result = render.run(
        [GOOD, BAD, REVERSED, BAD_DATE, BAD_EVENT, BAD_WINDOW, PERIOD], out, jobs=1, progress=False, as_of="2026-11-28"
    )
    return out, result


def test_good_reports_render_and_bad_ones_are_isolated(rendered):
    out, result = rendered
    assert sorted(result.rendered) == ["case/rufat-safarov.html", "period/2024.html"]
    f = result.failed
    assert "person_id='rufat-safarof' is not a known id; closest: rufat-safarov" in f["case/rufat-safarof.html"]
    assert "start='2024-12-31' is after end='2024-01-01': the range is reversed" in f["period/reversed.html"]
    assert "parameter start='2024-02-30' is not a date in the form YYYY-MM-DD" in f["period/bad-date.html"]
    assert "event_id='cop-29' is not a known id; closest: cop29" in f["event/cop-29.html"]
    assert "window_days=-5 must be a whole number of days" in f["event/cop29.html"]
    assert not (out / "case" / "rufat-safarof.html").exists()


def test_report_is_self_contained_and_hides_code(rendered):
    out, _ = rendered
    page = (out / "case" / "rufat-safarov.html").read_text(encoding="utf-8")
    assert "Rufat Safarov" in page and "178.3.2" in page and "2024-12-03" in page
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?://", page), "fetches something from the web"
    assert "data:image/png;base64," in page
    for leak in ("Traceback", "check_id(", "import ", "Warning"):
        assert leak not in page, leak


def test_index_links_resolve(rendered):
    out, _ = rendered
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    assert "case/rufat-safarov.html" in links and "period/2024.html" in links
    assert all((out / link).exists() for link in links)


def test_second_run_renders_nothing(rendered):
    out, _ = rendered
    again = render.run([GOOD], out, jobs=1, progress=False)
    assert again.rendered == [] and again.skipped == ["case/rufat-safarov.html"]


def test_changed_parameters_change_the_hash():
    shared = "x"
    other = ReportSpec("case", "rufat-safarov", "Rufat Safarov", {"person_id": "rufat-safarov", "extra": 1})
    assert render.report_hash(GOOD, shared) != render.report_hash(other, shared)
    assert render.report_hash(GOOD, shared) != render.report_hash(GOOD, "y")


@pytest.mark.parametrize("key", ["../x", "a/b", "..", "", "Upper", "x y"])
def test_ids_cannot_escape_reports(tmp_path, key):
    with pytest.raises(RenderError):
        ReportSpec("case", key, "t").output(tmp_path)


def test_atomic_write_leaves_no_half_file(tmp_path, monkeypatch):
    target = tmp_path / "case" / "x.html"
    render.write_atomic(target, "old")

    def boom(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        render.write_atomic(target, "new" * 1000)
    assert target.read_text() == "old"
    assert [p.name for p in target.parent.iterdir()] == ["x.html"]


def test_plan_covers_people_years_events():
    from helpers.data import load

    ds = load()
    specs = render.plan(ds)
    kinds = {k: [s for s in specs if s.kind == k] for k in render.KINDS}
    assert len(kinds["case"]) == len(ds.people)
    assert len(kinds["event"]) == len(ds.events)
    assert kinds["period"][-1].key == str(ds.as_of.year)
    assert len({s.relpath for s in specs}) == len(specs)


def test_cli_rejects_unknown_person(capsys):
    with pytest.raises(SystemExit):
        render.main(["--person", "rufat-safarof", "--out", "/nonexistent-never-written"])
    assert "closest: rufat-safarov" in capsys.readouterr().err


def test_an_interrupted_run_resumes_with_what_is_missing(tmp_path, monkeypatch):
    """Each finished report is recorded in the manifest as it lands, so a run killed half-way
    renders only the reports it had not finished."""
    import json

    specs = [s for s in render.plan() if s.kind == "period"][:3]
    done = []

    def fake(spec, out_dir, fresh_kernel=False):
        if len(done) == 2:
            raise KeyboardInterrupt  # the run is killed while rendering the third report
        render.write_atomic(spec.output(tmp_path), "<html></html>")
        done.append(spec.relpath)
        return spec.relpath, 0.0

    monkeypatch.setattr(render, "render_one", fake)
    with pytest.raises(KeyboardInterrupt):
        render.run(specs, tmp_path, jobs=1, progress=False)
    manifest = json.loads((tmp_path / ".manifest.json").read_text())
    assert set(manifest) == set(done) and len(done) == 2
    done.clear()
    done.append("not counted")  # the next call renders without interruption until two more land
    result = render.run(specs, tmp_path, jobs=1, progress=False)
    assert result.skipped == [s.relpath for s in specs[:2]] and result.rendered == [specs[2].relpath]
