"""The case report's lede: one short paragraph per detention, generated from the rows.

Who (role, organisation), when and how detained, on which articles in plain words (and which
were added later), the term imposed, how and when custody ended (or that it is open, as last
confirmed), the person's own events and the big events close to the arrest, and the responses
in one line. Every sentence carries numbered footnotes to the pages it rests on. Nothing here
is typed by hand: every word comes from the data or from the fixed phrases below.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import custody, present
from .case import detentions as case_detentions
from .case import events_near, responses
from .data import Dataset, split_list

#: Own events and big events this many days from the arrest are named in the lede.
NEAR_DAYS = 60
#: Footnotes per sentence at most: the first pages the rows cite.
MAX_MARKS = 3
_HOW = {
    "criminal": "detained in a criminal case",
    "administrative": "detained under the Code of Administrative Offences",
    "police-custody": "held by police",
    "psychiatric": "confined to a psychiatric hospital",
}


def _day(day, precision: str = "day") -> str:
    if pd.isna(day):
        return ""
    day = pd.Timestamp(day)
    return {"month": f"in {day:%B %Y}", "year": f"in {day:%Y}"}.get(precision, f"on {day.day} {day:%B %Y}")


def _term(months, days) -> str:
    parts = []
    if pd.notna(months):
        y, m = divmod(int(months), 12)
        parts += [f"{y} year{'s' * (y != 1)}"] if y else []
        parts += [f"{m} month{'s' * (m != 1)}"] if m else []
    if pd.notna(days):
        parts.append(f"{int(days)} day{'s' * (int(days) != 1)}")
    return " and ".join(parts)


def _articles(rows: pd.DataFrame) -> str:
    items = [f"{t} ({a})" if pd.notna(t) else a for a, t in zip(rows["article"], rows["title"])]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


@dataclass
class Lede:
    """The paragraphs of one person's lede, as (text, source ids) sentences, with their footnotes."""

    paragraphs: list[list[tuple[str, list[str]]]] = field(default_factory=list)

    def text(self) -> str:
        """Plain text, footnotes left out (for tests and for pasting into a letter)."""
        return "\n\n".join(" ".join(s for s, _ in p) for p in self.paragraphs)

    def html(self, ds: Dataset) -> str:
        """Paragraphs with numbered footnotes, and the numbered list of pages at the end."""
        numbers: dict[str, int] = {}
        out = []
        for p in self.paragraphs:
            sentences = []
            for text, ids in p:
                marks = []
                for sid in list(dict.fromkeys(ids))[:MAX_MARKS]:
                    numbers.setdefault(sid, len(numbers) + 1)
                    marks.append(f'<a href="#fn-{numbers[sid]}">{numbers[sid]}</a>')
                sup = f"<sup>{','.join(marks)}</sup>" if marks else ""
                sentences.append(present.text(text) + sup)
            out.append(present.paragraph(" ".join(sentences)))
        src = ds.sources.set_index("source_id")
        title = src["title"].where(src["title"].notna(), None)
        notes = [
            f'<li id="fn-{n}">{present.link(src.at[sid, "url"], title.get(sid))} ({present.text(src.at[sid, "publisher"])})</li>'
            for sid, n in numbers.items()
            if sid in src.index
        ]
        return "".join(out) + (f'<ol class="footnotes">{"".join(notes)}</ol>' if notes else "")


def lede(ds: Dataset, person_id: str) -> Lede:
    """One paragraph per detention of ``person_id``, oldest first."""
    person = ds.people.set_index("person_id").loc[person_id]
    roles = " and ".join(r.replace("-", " ") for r in split_list(person["roles"])[:2])
    org = f" of {person['organisation']}" if pd.notna(person["organisation"]) else ""
    dets = case_detentions(ds, person_id)
    sp = custody.spans(ds).set_index("detention_id")
    charges = ds.charges.merge(ds.criminal_code[["article", "title"]], on="article", how="left")
    near = events_near(ds, person_id)
    resp = responses(ds, person_id)
    out = Lede()
    for i, d in dets.iterrows():
        did, src = d["detention_id"], split_list(d["source_ids"])
        para = []
        how, when = _HOW.get(d["kind"], "detained"), _day(d["detained_on"], d["date_precision"])
        if i == 0:
            first = f"{person['name']}, {roles}{org}, was {how} {when}"
        else:
            first = f"{person['name']} was {how} again {when}"
        if pd.notna(d["case_group"]):
            first += f", in the {d['case_group'].replace('-', ' ')} case"
        para.append((first + ".", src))
        c = charges[charges["detention_id"] == did]
        initial, added = c[c["stage"] == "initial"], c[c["stage"] == "added"].drop_duplicates("article")
        if len(initial):
            text = f"Charged with {_articles(initial)}"
            if len(added):
                text += f"; {_articles(added)} added later"
            para.append((text + ".", sum((split_list(v) for v in pd.concat([initial, added])["source_ids"]), [])))
        term = _term(d["sentence_months"], d["sentence_days"])
        if term and pd.notna(d["sentenced_on"]):
            para.append((f"Sentenced {_day(d['sentenced_on'])} to {term}.", src))
        elif term:
            para.append((f"Given {term}.", src))
        s = sp.loc[did]
        end = custody.end_text(sp.loc[[did]]).iloc[0]
        shown = pd.notna(d["release_type"]) and d["release_type"] != "other" and s["end_basis"] != "open"
        how = f" ({d['release_type'].replace('-', ' ')})" if shown else ""
        checks = ds.custody_checks[ds.custody_checks["detention_id"] == did]
        end_src = src + list(checks["source_id"])
        if s["end_basis"] == "open":
            para.append(
                (f"Still held as last confirmed on {s['last_confirmed_held'].day} {s['last_confirmed_held']:%B %Y}.", end_src)
            )
        else:
            para.append((f"Custody: {end}{how}.", end_src))
        close = near[(near["detention_id"] == did) & (near["days_from_event"].abs() <= NEAR_DAYS)]
        bits, ev_src = [], []
        for _, e in close.iterrows():
            n = int(e["days_from_event"])
            when = "the same day as" if n == 0 else (f"{-n} days before" if n < 0 else f"{n} days after")
            bits.append(f"{when} {e['name']}")
            ev_src += split_list(ds.events.set_index("event_id").at[e["event_id"], "source_ids"])[:1]
        if bits:
            para.append(("Detained " + "; ".join(bits) + ".", ev_src))
        r = resp[(resp["detention_id"] == did) | (resp["detention_id"].isna() & (resp["case_group"] == d["case_group"]))]
        if len(r):
            dated = r.dropna(subset=["days_after_detention"]).sort_values("days_after_detention")
            line = f"{len(r)} response{'s' * (len(r) != 1)} from {r['actor'].nunique()} actor{'s' * (r['actor'].nunique() != 1)}"
            if len(dated):
                f = dated.iloc[0]
                line += f"; the first after {int(f['days_after_detention'])} days ({f['actor']})"
            para.append(
                (line + ".", split_list(dated.iloc[0]["source_ids"]) if len(dated) else split_list(r.iloc[0]["source_ids"]))
            )
        out.paragraphs.append(para)
    return out
