"""A data package built to break things: markup, scripts, control characters, long strings."""

from __future__ import annotations

from pathlib import Path

from conftest import TINY, write_tables

SCRIPT = "<script>window.__pwned = 'script'</script>"
IMG = '"><img src=x onerror="window.__pwned=\'img\'">'
MARKDOWN = "**bold** _it_ [click](javascript:window.__pwned='md') # heading\n- item"
LATEX = r"$\frac{1}{2}$ \(x^2\) $$\sum$$"
RTL = "\u202eevil\u200f reversed \u202a"
AZ = "Əliyeva Ğ ğ ı İ i Ş ş Ç ç Ö ö Ü ü"
LONG = "very long " * 1500
FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)"]

HOSTILE_STRINGS = [SCRIPT, IMG, MARKDOWN, LATEX, RTL, AZ, LONG]


def hostile_tables() -> dict:
    t = {k: [dict(r) for r in v] for k, v in TINY.items()}
    p = t["people"][0]
    p["name"] = f"{SCRIPT}Ana {AZ}"
    p["aliases"] = f"{IMG};{RTL};{MARKDOWN}"
    p["organisation"] = LATEX
    p["notes"] = LONG
    t["detentions"][0]["notes"] = FORMULAS[0]
    t["detentions"][0]["conflicts"] = f"{SCRIPT} {IMG}"
    t["responses"][1]["notes"] = FORMULAS[1]
    t["criminal_code"][0]["title"] = f"{IMG} smuggling {LATEX}"
    t["events"][0]["name"] = f"<iframe src=\"javascript:window.__pwned='iframe'\"></iframe>COP {RTL}"
    t["events"][0]["notes"] = FORMULAS[2]
    t["responses"][0]["actor"] = f"{SCRIPT}CPJ"
    t["responses"][0]["notes"] = FORMULAS[3]
    t["responses"][0]["addressed_to"] = f"{MARKDOWN};{AZ}"
    t["sources"][0]["title"] = f"{SCRIPT}{IMG}"
    return t


def write_hostile(folder: Path) -> Path:
    return write_tables(folder, hostile_tables())
