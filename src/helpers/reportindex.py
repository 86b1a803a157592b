"""The index page of the rendered reports: one table per report kind, sortable by any column and
filtered by a search box as one types (any spelling: 'Vagifqizi' finds Sevinj Vagifgizi).

Plain HTML that reads with JavaScript off; the script is inline and loads nothing. The search
folds spellings the way :func:`helpers.names.skeleton` does, so the page and the Python
resolver agree on which spellings are one name.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from .data import Dataset, split_list
from .names import skeleton

#: The columns of each kind's table (besides the link), in order.
COLUMNS = {
    "case": ["roles", "organisation", "detentions", "first detention", "last detention", "status now", "articles"],
    "period": ["new detentions", "people", "releases"],
    "event": ["type", "day", "people concerned"],
    "snapshot": ["certainly held", "possibly held"],
}
_STATUS = {
    "held": "held (open)",
    "house-arrest": "house arrest",
    "released": "released",
    "died-in-custody": "died in custody",
    "unknown": "ended, day unbounded",
}


def index_rows(ds: Dataset) -> dict[str, dict[str, str]]:
    """relpath -> {column: text, "search": spellings} for every report the plan can hold."""
    from . import custody
    from .schema import event_day

    rows: dict[str, dict[str, str]] = {}
    sp = custody.spans(ds)
    d = ds.detentions.sort_values(["detained_on", "detention_id"])
    arts = ds.charges.groupby("detention_id")["article"].agg(lambda s: set(s))
    for _, p in ds.people.iterrows():
        mine = d[d["person_id"] == p["person_id"]]
        last = sp[sp["detention_id"].isin(mine["detention_id"])].sort_values("start").tail(1)
        articles = sorted(set().union(*[arts.get(x, set()) for x in mine["detention_id"]])) if len(mine) else []
        names = [p["name"], *split_list(p["aliases"])] + ([p["name_az"]] if pd.notna(p["name_az"]) else [])
        rows[f"case/{p['person_id']}.html"] = {
            "roles": ", ".join(r.replace("-", " ") for r in split_list(p["roles"])),
            "organisation": "" if pd.isna(p["organisation"]) else str(p["organisation"]),
            "detentions": str(len(mine)),
            "first detention": f"{mine['detained_on'].min():%Y-%m-%d}" if len(mine) else "",
            "last detention": f"{mine['detained_on'].max():%Y-%m-%d}" if len(mine) else "",
            "status now": _STATUS.get(last["end_state"].iloc[0], "") if len(last) else "not detained",
            "articles": ", ".join(articles),
            "search": " ".join(names + [skeleton(n) for n in names]),
        }
    years = d["detained_on"].dt.year
    for year in range(int(years.min()), int(ds.as_of.year) + 1):
        new = d[years == year]
        rel = ds.detentions["released_on"].dt.year == year
        rows[f"period/{year}.html"] = {
            "new detentions": str(len(new)),
            "people": str(new["person_id"].nunique()),
            "releases": str(int(rel.sum())),
            "search": str(year),
        }
    names = ds.people.set_index("person_id")["name"]
    days = event_day(ds.events)
    for (_, e), day in zip(ds.events.iterrows(), days):
        who = ", ".join(names.get(x, x) for x in split_list(e["person_id"]))
        rows[f"event/{e['event_id']}.html"] = {
            "type": e["type"].replace("-", " "),
            "day": f"{day:%Y-%m-%d}",
            "people concerned": who,
            "search": f"{e['name']} {who}",
        }
    prison = sp[custody.in_prison(sp)]
    from .reportplan import snapshot_days

    for day in snapshot_days(ds):
        h = custody.held_on(ds, day, sp=prison)
        rows[f"snapshot/{day:%Y-%m-%d}.html"] = {
            "certainly held": str(h.loc[h["certain"], "person_id"].nunique()),
            "possibly held": str(h["person_id"].nunique()),
            "search": f"{day:%Y-%m-%d} {day:%d %B %Y}",
        }
    return rows


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.4}"
    "h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}table{border-collapse:collapse;width:100%;font-size:.9rem}"
    "th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}"
    "th{background:#f3f3f3;position:sticky;top:0}th button{all:unset;cursor:pointer;font-weight:bold}"
    "th button::after{content:' \\2195';color:#999}#q{font-size:1rem;padding:.4rem;width:100%;max-width:30rem}"
    "td.search{display:none}.count{color:#555}"
)

# The same folding as helpers.names.skeleton, so that any spelling of a name finds it.
_SCRIPT = r"""
(function(){
var AZ={"ə":"a","ı":"i","i̇":"i","ş":"sh","ç":"ch","ğ":"gh","ö":"o","ü":"u"};
var CY={"а":"a","б":"b","в":"v","г":"g","ғ":"gh","д":"d","е":"e","ё":"yo","ж":"zh","з":"z","и":"i","й":"y","к":"k","қ":"g",
"л":"l","м":"m","н":"n","о":"o","ө":"o","п":"p","р":"r","с":"s","т":"t","у":"u","ү":"u","ф":"f","х":"kh","һ":"h","ц":"ts",
"ч":"ch","ҹ":"j","ш":"sh","щ":"sh","ъ":"","ы":"i","ь":"","э":"e","ә":"a","ю":"yu","я":"ya"};
var FOLDS=[["kh","x"],["gh","g"],["sh","s"],["ch","c"],["zh","j"],["q","g"],["j","c"],["w","v"],["e","a"],["y","i"],
["oglu","ogl"],["gizi","giz"],["kizi","giz"]];
function skeleton(s){
  s=String(s).replace(/I/g,"i").replace(/İ/g,"i").toLowerCase();
  s=s.split("").map(function(c){return AZ[c]!==undefined?AZ[c]:(CY[c]!==undefined?CY[c]:c);}).join("");
  s=s.normalize("NFKD").replace(/[\u0300-\u036f]/g,"").replace(/[^a-z]+/g,"");
  FOLDS.forEach(function(f){s=s.split(f[0]).join(f[1]);});
  return s.replace(/(.)\1+/g,"$1");
}
var q=document.getElementById("q");
function filter(){
  var text=q.value.trim().toLowerCase(), key=skeleton(q.value);
  document.querySelectorAll("table.reports").forEach(function(t){
    var shown=0;
    t.querySelectorAll("tbody tr").forEach(function(r){
      var hay=r.textContent.toLowerCase();
      var ok=!text||hay.indexOf(text)>=0||(key.length>1&&hay.indexOf(key)>=0);
      r.hidden=!ok; if(ok)shown++;
    });
    var c=document.getElementById("count-"+t.id); if(c)c.textContent=shown;
  });
}
q.addEventListener("input",filter);
document.querySelectorAll("table.reports thead th").forEach(function(th,i){
  var b=document.createElement("button"); b.textContent=th.textContent; th.textContent=""; th.appendChild(b);
  b.addEventListener("click",function(){
    var t=th.closest("table"), body=t.tBodies[0], rows=Array.prototype.slice.call(body.rows);
    var dir=th.getAttribute("aria-sort")==="ascending"?-1:1;
    t.querySelectorAll("th").forEach(function(o){o.removeAttribute("aria-sort");});
    th.setAttribute("aria-sort",dir===1?"ascending":"descending");
    rows.sort(function(a,b){
      var x=a.cells[i].textContent.trim(), y=b.cells[i].textContent.trim();
      var nx=parseFloat(x), ny=parseFloat(y);
      if(!isNaN(nx)&&!isNaN(ny)&&/^[\d.]+$/.test(x)&&/^[\d.]+$/.test(y))return (nx-ny)*dir;
      return x.localeCompare(y)*dir;
    });
    rows.forEach(function(r){body.appendChild(r);});
  });
});
})();
"""


def write_index(specs: list, out_dir: Path, as_of: str, rows: dict[str, dict[str, str]] | None = None) -> str:
    """The index page's HTML: a search box and one sortable table per kind of report present."""
    from .reportplan import KIND_TITLES, KINDS

    rows = rows or {}
    present = [s for s in specs if (out_dir / s.relpath).exists()]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Detentions of Azerbaijani human rights defenders: reports</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Detentions of Azerbaijani human rights defenders, journalists and activists</h1>",
        f"<p>Reports rendered from the data as of {html.escape(as_of)}. {len(present)} reports. "
        "Type a name in any spelling, an organisation, an article or a year to filter the tables; "
        "click a column's header to sort by it.</p>",
        '<p><label for="q">Search: </label><input id="q" type="search" autocomplete="off" '
        'placeholder="e.g. Vagifqizi, Abzas, 206.3.2, 2024"></p>',
    ]
    for kind in KINDS:
        group = [s for s in present if s.kind == kind]
        if not group:
            continue
        cols = COLUMNS[kind]
        parts.append(
            f'<h2 id="{kind}">{html.escape(KIND_TITLES[kind])} (<span class="count" id="count-t-{kind}">{len(group)}</span>)</h2>'
        )
        parts.append(
            f'<table class="reports" id="t-{kind}"><thead><tr><th>report</th>'
            + "".join(f"<th>{html.escape(c)}</th>" for c in cols)
            + "</tr></thead><tbody>"
        )
        for s in group:
            r = rows.get(s.relpath, {})
            cells = "".join(f"<td>{html.escape(r.get(c, ''))}</td>" for c in cols)
            parts.append(
                f'<tr><td><a href="{html.escape(s.relpath)}">{html.escape(s.title)}</a></td>{cells}'
                f'<td class="search">{html.escape(r.get("search", ""))}</td></tr>'
            )
        parts.append("</tbody></table>")
    parts.append(f"<script>{_SCRIPT}</script></body></html>\n")
    return "\n".join(parts)
