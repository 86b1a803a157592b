"""Rendered reports in a real browser (headless Chromium): no console errors, every figure decodes,
every index link resolves, nothing is fetched from the network, hostile data stays inert, and two
renders are byte-identical. Screenshots land in reports/screenshots/ for people to look at."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import write_hostile

from helpers import paths
from helpers.pdf import FLAGS as PDF_FLAGS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail("CI needs Debian's chromium (installed by .ci/run)", pytrace=False)
    pytest.skip("headless Chromium is not installed (apt-get install chromium); CI runs these tests", allow_module_level=True)

REAL = "case/rufat-safarov,period/2024,event/cop29"
HOSTILE = "case/ana-aliyeva,period/2023,event/cop29"
FLAGS = PDF_FLAGS  # one list of Chromium flags: the PDF printer and these tests use the same browser


def render(out: Path, only: str, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ}
    if data_dir is not None:
        env["AZD_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "helpers.render", "--force", "--quiet", "--jobs", "1", "--out", str(out), "--only", only],
        capture_output=True,
        text=True,
        env=env,
        cwd=paths.ROOT,
    )


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    base = tmp_path_factory.mktemp("sites")
    res = {}
    for name, only, data in (("real", REAL, None), ("again", REAL, None)):
        r = render(base / name, only, data)
        assert r.returncode == 0, r.stderr[-2000:]
        res[name] = base / name
    hostile_data = write_hostile(base / "hostile-data")
    r = render(base / "hostile", HOSTILE, hostile_data)
    assert r.returncode == 0, r.stderr[-2000:]
    res["hostile"] = base / "hostile"
    return res


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


def visit(browser, url: str, shot: Path | None = None) -> dict:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    found = {"console": [], "errors": [], "external": [], "dialogs": []}
    page.on("console", lambda m: found["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: found["errors"].append(str(e)))
    page.on("dialog", lambda d: (found["dialogs"].append(d.message), d.dismiss()))

    def route(r):
        u = r.request.url
        if u.startswith(("file://", "data:", "about:")):
            r.continue_()
        else:
            found["external"].append(u)
            r.abort()

    page.route("**/*", route)
    page.goto(url, wait_until="load")
    found["images"] = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight])")
    found["pwned"] = page.evaluate("window.__pwned === undefined ? null : String(window.__pwned)")
    found["links"] = page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
    found["text"] = page.inner_text("body")
    if shot is not None:
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
    page.close()
    return found


def check_clean(found: dict, where: str) -> None:
    assert not found["console"], f"{where}: console errors {found['console'][:3]}"
    assert not found["errors"], f"{where}: page errors {found['errors'][:3]}"
    assert not found["external"], f"{where}: requests left the machine: {found['external'][:3]}"
    assert not found["dialogs"], f"{where}: dialogs opened {found['dialogs']}"
    assert found["pwned"] is None, f"{where}: a script from the data ran ({found['pwned']})"
    assert all(ok and w > 0 and h > 0 for ok, w, h in found["images"]), f"{where}: an image did not decode {found['images']}"


def test_index_and_one_report_of_each_kind(sites, browser):
    site = sites["real"]
    index = visit(browser, (site / "index.html").as_uri(), paths.REPORTS / "screenshots" / "index.png")
    check_clean(index, "index.html")
    local = [h for h in index["links"] if not h.startswith("http")]
    assert {"case/rufat-safarov.html", "period/2024.html", "event/cop29.html"} <= set(local)
    for href in local:
        target = site / href
        assert target.exists(), f"index link {href} does not resolve"
        found = visit(browser, target.as_uri(), paths.REPORTS / "screenshots" / (href.replace("/", "-").replace(".html", ".png")))
        check_clean(found, href)
        assert found["images"], f"{href}: no figure"
    case = visit(browser, (site / "case/rufat-safarov.html").as_uri())
    assert "Rufat Safarov" in case["text"] and "178.3.2" in case["text"]


def test_two_renders_are_byte_identical(sites):
    a, b = sites["real"], sites["again"]
    files = sorted(p.relative_to(a) for p in a.rglob("*.html"))
    assert len(files) == 4
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), f"{rel} differs between two renders"


def test_hostile_data_renders_inert(sites, browser):
    site = sites["hostile"]
    for rel in ("index.html", "case/ana-aliyeva.html", "period/2023.html", "event/cop29.html"):
        found = visit(
            browser,
            (site / rel).as_uri(),
            paths.REPORTS / "screenshots" / f"hostile-{rel.replace('/', '-').replace('.html', '.png')}",
        )
        check_clean(found, f"hostile {rel}")
    case = visit(browser, (site / "case/ana-aliyeva.html").as_uri())
    assert "<script>window.__pwned" in case["text"]  # shown as text, not run
    assert "&lt;script" not in case["text"] and "&quot;" not in case["text"]  # escaped once, not twice
    assert "Əliyeva Ğ ğ ı İ i Ş ş Ç ç Ö ö Ü ü" in case["text"]
    page = (site / "case/ana-aliyeva.html").read_text(encoding="utf-8")
    # markup from the data is escaped: quotes may stay literal in text, but no tag is ever formed
    assert "<script>window" not in page and "<img src=x" not in page and "<iframe" not in page
    assert not re.search(r'href="javascript:', page)
    written = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert all(not w.startswith("..") for w in written)
    assert {"index.html", "case/ana-aliyeva.html", "period/2023.html", "event/cop29.html"} <= written


def test_index_search_and_sort(tmp_path, browser):
    """The index filters as one types, in any spelling, and sorts by a column's header."""
    site = tmp_path / "site"
    r = render(site, "case/rufat-safarov,case/sevinj-vagifgizi,case/tofig-yagublu,period/2024")
    assert r.returncode == 0, r.stderr[-2000:]
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto((site / "index.html").as_uri(), wait_until="load")

    def visible() -> list[str]:
        return page.evaluate(
            "Array.from(document.querySelectorAll('#t-case tbody tr')).filter(r => !r.hidden)"
            ".map(r => r.cells[0].textContent.trim())"
        )

    assert sorted(visible()) == ["Rufat Safarov", "Sevinj Vagifgizi", "Tofig Yagublu"]
    page.type("#q", "Vagifqizi")  # the Azerbaijani spelling of the name on record as Vagifgizi
    assert visible() == ["Sevinj Vagifgizi"]
    assert page.inner_text("#count-t-case") == "1"
    page.fill("#q", "")
    page.type("#q", "Səfərov")
    assert visible() == ["Rufat Safarov"]
    page.fill("#q", "178.3.2")  # an article: every person charged under it, and only they
    page.dispatch_event("#q", "input")
    charged = page.evaluate(
        "Array.from(document.querySelectorAll('#t-case tbody tr'))"
        ".filter(r => r.cells[7].textContent.split(', ').includes('178.3.2')).map(r => r.cells[0].textContent.trim())"
    )
    assert "Rufat Safarov" in charged and sorted(visible()) == sorted(charged)
    page.fill("#q", "")
    page.dispatch_event("#q", "input")
    page.click("#t-case thead th:nth-child(4) button")  # detentions, ascending
    order = visible()
    counts = page.evaluate("Array.from(document.querySelectorAll('#t-case tbody tr')).map(r => +r.cells[3].textContent)")
    assert counts == sorted(counts) and len(order) == 3
    page.screenshot(path=str(paths.REPORTS / "screenshots" / "index-search.png"), full_page=True)
    page.close()


def test_pdf_prints_a4_with_footer_and_only_what_changed(tmp_path):
    import pypdf

    out = tmp_path / "site"
    cmd = [
        sys.executable,
        "-m",
        "helpers.render",
        "--quiet",
        "--jobs",
        "1",
        "--out",
        str(out),
        "--only",
        "case/rufat-safarov",
        "--pdf",
    ]
    first = subprocess.run(cmd, capture_output=True, text=True, cwd=paths.ROOT)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "1 printed" in first.stdout
    reader = pypdf.PdfReader(out / "pdf" / "case" / "rufat-safarov.pdf")
    n = len(reader.pages)
    assert 2 <= n <= 12
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (596, 843)  # A4 in points
    first_page, last_page = reader.pages[0].extract_text(), reader.pages[-1].extract_text()
    assert "Rufat Safarov" in first_page and "178.3.2" in "".join(p.extract_text() for p in reader.pages)
    from helpers.data import load

    assert f"data as of {load().as_of:%Y-%m-%d}" in first_page and f"page {n} of {n}" in last_page
    again = subprocess.run(cmd, capture_output=True, text=True, cwd=paths.ROOT)
    assert again.returncode == 0 and "0 printed" in again.stdout  # nothing changed: not printed again
