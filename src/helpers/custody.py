"""Who was held when: the only module that decides custody.

Pages rarely state every release day. The data keep what pages say and this module derives
bounds from it; nothing is guessed.

Evidence (:func:`evidence`), one row per dated statement about one detention:

- *held* on a day: the detention day (when known to the day), a pre-trial detention order, a
  custodial verdict, a ``custody_checks`` row saying held (or house arrest, for a detention that
  is house arrest throughout);
- *ended* on or before a day: the stated ``released_on``, a check saying released, moved to
  house arrest or died in custody;
- a pardon or amnesty decree naming the person (``events.person_id``, or the detention's
  ``release_event_id``);
- the end of the term imposed, counted from the detention day.

From it, :func:`spans` gives every detention's ``start`` and its end as bounds
``end_earliest`` .. ``end_latest`` with the rule that set them (``end_basis``, one of
:data:`END_BASIS`). :func:`held_on` and :func:`held_series` answer "who was held on day D" as
two numbers: certainly held (every bound says so) and possibly held.

Conventions. Custody on day D means in custody at the start of that day, as CPJ counts on 1
December: a person released on D is not held on D; a person detained on D is. An open case
(the latest page says held) is certainly held up to its last confirmation and possibly held
after it, up to the data's ``as_of`` (the day the data were last checked), never beyond.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .data import Dataset, explode_list, split_list
from .schema import DayLike, event_day

#: The rules that can set the end of a detention, in the words the notebooks and reports print.
END_BASIS = {
    "stated": "release day stated",
    "checks": "between the last page showing the person held and the first showing them free",
    "decree": "pardon or amnesty decree naming the person",
    "term": "end of the term imposed",
    "next": "before the person's next detention began",
    "open": "still held at its last confirmation",
    "unbounded": "ended, but nothing bounds when",
}
#: How the detention ended (or stands), per span.
END_STATES = ("released", "house-arrest", "died-in-custody", "held", "unknown")
#: A pardon frees the people it names within this many days of the decree (checked against every
#: pardon in the data whose release day is stated: see :func:`decree_lags`). An amnesty act is
#: applied over weeks or months, so it bounds a release from below only.
DECREE_RELEASE_DAYS = {"pardon": 7}
#: Release types that mean the verdict itself did not keep the person in custody.
NON_CUSTODIAL = ("suspended", "conditional", "acquittal")
#: Kinds whose detentions CPJ-style counts of imprisoned people include.
PRISON_KINDS = ("criminal", "psychiatric")
JOURNALIST_ROLES = ("journalist", "blogger")

#: Why a publisher leaves out of its count a person this project holds (``published_names``
#: rows with ``listed`` false): it does not count the person's role or case (``definition``),
#: or its own record of the detention begins after the count's day (``not-yet-recorded``, the
#: publisher's counterpart of the project's ``not-yet-researched``).
LEFT_OUT_REASONS = ("definition", "not-yet-recorded")
#: Why the project does not hold a person a count names: the reasons that lower the bound on
#: the people possibly held.
NOT_HELD_REASONS = ("not-yet-researched", "outside-scope")

_DAY = pd.Timedelta(days=1)


def _state(d: pd.DataFrame) -> pd.Series:
    """``house-arrest`` for a detention that is house arrest throughout (no prison custody), else ``custody``."""
    ha = (d["status_as_of"] == "house-arrest") & d["released_on"].isna() & (d["pretrial_measure"] == "house-arrest")
    return pd.Series(np.where(ha, "house-arrest", "custody"), index=d.index)


def start_latest(d: pd.DataFrame) -> pd.Series:
    """The last day a detention known only to the month or year can have begun."""
    month_end = d["detained_on"].dt.to_period("M").dt.end_time.dt.normalize()
    year_end = d["detained_on"].dt.to_period("Y").dt.end_time.dt.normalize()
    return d["detained_on"].where(d["date_precision"] == "day", month_end.where(d["date_precision"] == "month", year_end))


def term_end(d: pd.DataFrame) -> pd.Series:
    """End of the custodial term imposed, counted from the (latest possible) detention day; NaT without a term.

    Suspended and conditional sentences and acquittals impose no custodial term.
    """
    months = d["sentence_months"].astype("Float64").fillna(0).astype(int)
    days = d["sentence_days"].astype("Float64").fillna(0).astype(int)
    has = (d["sentence_months"].notna() | d["sentence_days"].notna()) & ~d["release_type"].isin(NON_CUSTODIAL)
    begin = start_latest(d)
    end = pd.Series(
        [b + pd.DateOffset(months=int(m)) if pd.notna(b) else pd.NaT for b, m in zip(begin, months)],
        index=d.index,
        dtype="datetime64[ns]",
    ) + pd.to_timedelta(days, unit="D")
    return end.where(has)


def evidence(ds: Dataset) -> pd.DataFrame:
    """Every dated statement about a detention's custody, one row each.

    Columns: ``detention_id``, ``day``, ``status`` (held, ended), ``stated`` (the day is the day
    custody ended, as a page states it), ``what`` (detained, pre-trial order, verdict, check,
    release day, and the check's own status), ``source_ids``.
    """
    d = ds.detentions
    state = _state(d)
    parts = []

    def add(mask, day_col, status, what, stated=False, src=None):
        rows = d.loc[mask & d[day_col].notna()]
        if len(rows):
            parts.append(
                pd.DataFrame(
                    {
                        "detention_id": rows["detention_id"].values,
                        "day": rows[day_col].values,
                        "status": status,
                        "stated": stated,
                        "what": what,
                        "source_ids": (rows["source_ids"] if src is None else src).values,
                    }
                )
            )

    before_release = lambda col: d["released_on"].isna() | (d[col] <= d["released_on"])  # noqa: E731
    add((d["date_precision"] == "day") & before_release("detained_on"), "detained_on", "held", "detained")
    add(
        (d["pretrial_measure"] == "detention") & before_release("pretrial_ordered_on"),
        "pretrial_ordered_on",
        "held",
        "pre-trial detention ordered",
    )
    custodial = (d["sentence_months"].notna() | d["sentence_days"].notna()) & ~d["release_type"].isin(NON_CUSTODIAL)
    add(
        custodial & before_release("sentenced_on") & (d["released_on"].isna() | (d["sentenced_on"] < d["released_on"])),
        "sentenced_on",
        "held",
        "custodial verdict",
    )
    add(d["released_on"].notna(), "released_on", "ended", "release day", stated=True)

    c = ds.custody_checks
    if len(c):
        st = c["detention_id"].map(dict(zip(d["detention_id"], state)))
        held = (c["status"] == "held") | ((c["status"] == "house-arrest") & (st == "house-arrest"))
        parts.append(
            pd.DataFrame(
                {
                    "detention_id": c["detention_id"].values,
                    "day": c["observed_on"].values,
                    "status": np.where(held, "held", "ended"),
                    "stated": (c["day_stated"].fillna(False) & ~held).values.astype(bool),
                    "what": ("page: " + c["status"].astype(str)).values,
                    "source_ids": c["source_id"].values,
                }
            )
        )
    cols = ["detention_id", "day", "status", "stated", "what", "source_ids"]
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)
    out["day"] = pd.to_datetime(out["day"]).astype("datetime64[ns]")
    return out[cols].sort_values(["detention_id", "day", "status"]).reset_index(drop=True)


def decrees(ds: Dataset) -> pd.DataFrame:
    """Each pardon or amnesty decree matched to the detention it ended: ``detention_id``, ``event_id``,
    ``type``, ``day``. A decree naming a person applies to their latest detention begun before it and
    not released before it; a detention's ``release_event_id`` always applies."""
    e = ds.events[ds.events["type"].isin(["pardon", "amnesty"])].copy()
    e["day"] = event_day(e)
    named = explode_list(e[["event_id", "type", "day", "person_id"]], "person_id", keep=["event_id", "type", "day"])
    d = ds.detentions[["detention_id", "person_id", "detained_on", "released_on"]]
    pairs = named.merge(d, on="person_id")
    pairs = pairs[(pairs["detained_on"] <= pairs["day"]) & (pairs["released_on"].isna() | (pairs["released_on"] >= pairs["day"]))]
    pairs = pairs.sort_values("detained_on").drop_duplicates(["event_id", "person_id"], keep="last")
    explicit = ds.detentions.loc[ds.detentions["release_event_id"].notna(), ["detention_id", "release_event_id"]]
    explicit = explicit.rename(columns={"release_event_id": "event_id"}).merge(e[["event_id", "type", "day"]], on="event_id")
    out = pd.concat([explicit, pairs[["detention_id", "event_id", "type", "day"]]], ignore_index=True)
    return out.drop_duplicates("detention_id", keep="first").reset_index(drop=True)


def spans(ds: Dataset) -> pd.DataFrame:
    """One row per detention: when custody began and the bounds of when it ended.

    Columns: ``detention_id``, ``person_id``, ``kind``, ``case_group``, ``state`` (custody, or
    house-arrest throughout), ``start``, ``start_latest`` (later than ``start`` only when the
    detention is known to the month or year), ``last_confirmed_held``, ``end_earliest``,
    ``end_latest`` (equal when the day is known; NaT only when nothing bounds it), ``end_basis``
    (a key of :data:`END_BASIS`), ``end_state`` (one of :data:`END_STATES`), ``term_end``,
    ``decree_id``, ``conflict`` (a note when pages disagree; the bounds then follow the rules below).

    Rules, in order: a stated day (``released_on``, or a check whose day is the day custody
    ended) sets both bounds. Otherwise the end is after the last evidence of custody and before
    the earliest of: the first page after it showing the person free, moved to house arrest or
    dead (``checks``); a pardon decree naming them plus :data:`DECREE_RELEASE_DAYS` (``decree``;
    the decree day is then also the lower bound); the end of the term imposed (``term``; for a
    case still held, only once that end has passed by ``as_of``); the day the person's next
    detention began (``next``: a later arrest shows them free before it). With none of these, a case
    whose status is held or house arrest is ``open`` and any other is ``unbounded``.
    """
    d = ds.detentions.reset_index(drop=True)
    ev = evidence(ds)
    held = ev[ev["status"] == "held"].groupby("detention_id")["day"].max()
    base = pd.DataFrame(
        {
            "detention_id": d["detention_id"],
            "person_id": d["person_id"],
            "kind": d["kind"],
            "case_group": d["case_group"],
            "state": _state(d).values,
            "start": d["detained_on"],
            "start_latest": start_latest(d),
            "status": d["status_as_of"],
            "release_type": d["release_type"].fillna(""),
            "released_on": d["released_on"],
            "term_end": term_end(d),
        }
    )
    base["last_confirmed_held"] = base["detention_id"].map(held).astype("datetime64[ns]")
    lower = base["last_confirmed_held"].fillna(base["start"])
    lower = lower.where(lower >= base["start"], base["start"])

    ended = ev[ev["status"] == "ended"].merge(
        lower.rename("lower").to_frame().assign(detention_id=base["detention_id"]), on="detention_id"
    )
    after = ended[ended["day"] > ended["lower"]]
    stated = ended[ended["stated"]].sort_values("day").drop_duplicates("detention_id").set_index("detention_id")
    stated_day, stated_what = stated["day"], stated["what"]
    first_free = after.groupby("detention_id")["day"].min()
    first_what = after.sort_values("day").drop_duplicates("detention_id").set_index("detention_id")["what"]
    dec = decrees(ds).set_index("detention_id")
    # a later arrest of the same person shows them free before it (by the last day it can have begun)
    order = d.assign(last_start=start_latest(d)).sort_values(["person_id", "detained_on", "detention_id"])
    following = order.groupby("person_id")["last_start"].shift(-1)
    next_start = following.set_axis(order["detention_id"]).to_dict()

    rows = []
    for i, r in base.iterrows():
        did = r["detention_id"]
        lo = lower[i]
        conflict = []
        end_state = "released"
        if pd.notna(r["released_on"]) or did in stated_day.index:
            day = r["released_on"] if pd.notna(r["released_on"]) else stated_day[did]
            e_lo = e_hi = day
            basis = "stated"
            what = stated_what.get(did, "") if pd.isna(r["released_on"]) else "release day"
            if r["release_type"] == "house-arrest":
                end_state = "house-arrest"
            elif "died" in str(what):
                end_state = "died-in-custody"
        else:
            cands = []
            if did in first_free.index:
                cands.append((first_free[did], "checks", lo))
                what = first_what[did]
            if did in dec.index:
                dday, dtype = dec.at[did, "day"], dec.at[did, "type"]
                if dday < lo:
                    conflict.append(f"a page shows the person held on {lo:%Y-%m-%d}, after the {dtype} of {dday:%Y-%m-%d}")
                elif dtype in DECREE_RELEASE_DAYS:
                    cands.append((dday + pd.Timedelta(days=DECREE_RELEASE_DAYS[dtype]), "decree", dday))
                else:  # an amnesty bounds the release from below only
                    lo = max(lo, dday)
            still_open = r["status"] in ("held", "house-arrest")
            if pd.notna(r["term_end"]) and not (still_open and r["term_end"] > ds.as_of):
                if r["term_end"] < lo:
                    conflict.append(f"held on {lo:%Y-%m-%d}, after the end of the term imposed ({r['term_end']:%Y-%m-%d})")
                else:
                    cands.append((r["term_end"], "term", lo))
            nxt = next_start.get(did)
            if nxt is not None and not pd.isna(nxt):
                if nxt <= lo:
                    conflict.append(f"the next detention began on {nxt:%Y-%m-%d}, before the last page showing this one")
                else:
                    cands.append((nxt, "next", lo))
            if cands:
                e_hi, basis, e_lo = min(cands, key=lambda t: (t[0], t[1]))
                e_lo = max(lo, e_lo)
                if did in dec.index and e_lo <= dec.at[did, "day"] <= e_hi:
                    e_lo = dec.at[did, "day"]  # a decree names people still held on its day
                if e_lo > e_hi:  # a decree after the first page showing the person free: the page wins
                    e_lo = lo
                if basis == "checks" and "died" in str(what):
                    end_state = "died-in-custody"
                elif basis == "checks" and "house-arrest" in str(what):
                    end_state = "house-arrest"
            else:
                e_lo, e_hi = lo, pd.NaT
                basis = "open" if r["status"] in ("held", "house-arrest") else "unbounded"
                end_state = "held" if basis == "open" else "unknown"
        if basis != "open" and r["status"] in ("held", "house-arrest") and r["release_type"] != "house-arrest":
            conflict.append(f"status is {r['status']} but the end is bounded by {END_BASIS[basis]}")
        rows.append(
            {
                "end_earliest": e_lo,
                "end_latest": e_hi,
                "end_basis": basis,
                "end_state": end_state,
                "decree_id": dec.at[did, "event_id"] if did in dec.index else pd.NA,
                "conflict": "; ".join(conflict) if conflict else pd.NA,
            }
        )
    out = pd.concat([base, pd.DataFrame(rows, index=base.index)], axis=1)
    for col in ("end_earliest", "end_latest"):
        out[col] = pd.to_datetime(out[col]).astype("datetime64[ns]")
    out["decree_id"] = out["decree_id"].astype("string")
    out["conflict"] = out["conflict"].astype("string")
    cols = [
        "detention_id",
        "person_id",
        "kind",
        "case_group",
        "state",
        "start",
        "start_latest",
        "last_confirmed_held",
        "end_earliest",
        "end_latest",
        "end_basis",
        "end_state",
        "term_end",
        "decree_id",
        "status",
        "conflict",
    ]
    return out[cols]


def _bounds(sp: pd.DataFrame, horizon: pd.Timestamp) -> tuple[np.ndarray, ...]:
    """Per span, as int64 days: first day possibly held, first day certainly held, and the exclusive
    ends of certain and possible custody."""
    start = sp["start"].values.astype("datetime64[D]")
    s_certain = sp["start_latest"].values.astype("datetime64[D]")
    last = sp["last_confirmed_held"].fillna(sp["start_latest"]).values.astype("datetime64[D]")
    e_lo = sp["end_earliest"].values.astype("datetime64[D]")
    # certainly held before end_earliest, and on the last day a page shows the person held
    c_end = np.maximum(e_lo, last + 1)
    stated = (sp["end_basis"] == "stated").values
    c_end = np.where(stated, e_lo, c_end)
    hi = sp["end_latest"].values.astype("datetime64[D]")
    open_end = np.datetime64(horizon.normalize().date(), "D") + 1
    p_end = np.where(np.isnat(hi), open_end, hi)
    p_end = np.maximum(p_end, c_end)
    return start, s_certain, c_end, p_end


def held_on(ds: Dataset, day: DayLike, sp: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every detention certainly or possibly in custody on ``day``, with a boolean ``certain``.

    House arrest throughout (``state``) is included and labelled; custody that ended in a move
    to house arrest ends on the day of the move.
    """
    day = pd.Timestamp(day).normalize()
    sp = spans(ds) if sp is None else sp
    start, s_certain, c_end, p_end = _bounds(sp, ds.as_of)
    d = np.datetime64(day.date(), "D")
    possible = (start <= d) & (d < p_end)
    certain = (s_certain <= d) & (d < c_end)
    out = sp[possible].copy()
    out.insert(2, "certain", certain[possible])
    out["days_held"] = (day - out["start"]).dt.days
    return out.sort_values(["certain", "start", "detention_id"], ascending=[False, True, True]).reset_index(drop=True)


def held_series(
    ds: Dataset,
    start: DayLike,
    end: DayLike,
    *,
    sp: pd.DataFrame | None = None,
    by_person: bool = True,
    group: pd.Series | None = None,
) -> pd.DataFrame:
    """Daily counts of people (or detentions) certainly and possibly held from ``start`` to ``end``.

    ``sp`` restricts the spans (e.g. criminal detentions of journalists). ``group`` maps
    detention_id to a label (a role, a kind): the result then has one pair of columns per label.
    Vectorised: a days x detentions boolean matrix, reduced per person.
    """
    sp = spans(ds) if sp is None else sp
    days = pd.date_range(pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize(), freq="D")
    d = days.values.astype("datetime64[D]")[:, None]
    s, sc, ce, pe = _bounds(sp, ds.as_of)
    possible = (s[None, :] <= d) & (d < pe[None, :])
    certain = (sc[None, :] <= d) & (d < ce[None, :])
    labels = pd.Series("all", index=sp.index) if group is None else sp["detention_id"].map(group).fillna("other")
    cols = {}
    for label in sorted(labels.unique()):
        m = (labels == label).values
        keys = sp.loc[m, "person_id" if by_person else "detention_id"].values
        codes, uniq = pd.factorize(keys)
        for name, mat in (("certain", certain[:, m]), ("possible", possible[:, m])):
            if by_person and len(uniq):
                per = np.zeros((len(days), len(uniq)), dtype=bool)
                for j in range(len(uniq)):
                    per[:, j] = mat[:, codes == j].any(axis=1)
                n = per.sum(axis=1)
            else:
                n = mat.sum(axis=1)
            cols[name if group is None else (label, name)] = n
    out = pd.DataFrame(cols, index=pd.DatetimeIndex(days, name="day"))
    if group is not None:
        out.columns = pd.MultiIndex.from_tuples(out.columns, names=["group", "count"])
    return out


def roles_of(ds: Dataset) -> pd.Series:
    """person_id -> list of roles."""
    return ds.people.set_index("person_id")["roles"].map(split_list)


def in_prison(frame: pd.DataFrame) -> pd.Series:
    """Rows (spans, ``held_on`` or snapshot rows) of people in prison-like custody: criminal or
    psychiatric detentions, not house arrest throughout. The definition every count of people
    held uses, as CPJ's census and the political-prisoner lists count."""
    return frame["kind"].isin(PRISON_KINDS) & (frame["state"] == "custody")


def journalists_in_prison(ds: Dataset, sp: pd.DataFrame | None = None) -> pd.DataFrame:
    """Spans CPJ's census would count: journalists and bloggers in criminal or psychiatric custody."""
    sp = spans(ds) if sp is None else sp
    roles = sp["person_id"].map(roles_of(ds))
    is_j = roles.map(lambda r: bool(set(r or []) & set(JOURNALIST_ROLES)))
    return sp[is_j & in_prison(sp)]


def basis_shares(sp: pd.DataFrame) -> pd.DataFrame:
    """Detentions per ``end_basis``, with the share and the rule in words."""
    n = sp["end_basis"].value_counts().reindex(list(END_BASIS), fill_value=0)
    return pd.DataFrame({"rule": pd.Series(END_BASIS), "detentions": n, "share": (n / max(len(sp), 1)).round(3)})


def status_counts(sp: pd.DataFrame) -> pd.Series:
    """Detentions by how they ended or stand (every detention counted once, deaths included)."""
    return sp["end_state"].value_counts().reindex(list(END_STATES), fill_value=0).rename("detentions")


def stale_open(ds: Dataset, sp: pd.DataFrame | None = None, months: int = 12) -> pd.DataFrame:
    """Open cases whose last confirmation is more than ``months`` before the newest source's day."""
    sp = spans(ds) if sp is None else sp
    newest = newest_source_day(ds)
    cut = newest - pd.DateOffset(months=months)
    o = sp[sp["end_basis"] == "open"]
    out = o.loc[o["last_confirmed_held"] < cut, ["detention_id", "person_id", "kind", "start", "last_confirmed_held"]]
    return (
        out.assign(months_since=((newest - out["last_confirmed_held"]).dt.days / 30.44).round(1))
        .sort_values("last_confirmed_held")
        .reset_index(drop=True)
    )


def newest_source_day(ds: Dataset) -> pd.Timestamp:
    """Publication day of the newest page in the data: the last day any count can speak for."""
    return pd.Timestamp(ds.sources["published_on"].max()).normalize()


def intervals(ds: Dataset, kinds: Iterable[str] | None = PRISON_KINDS, sp: pd.DataFrame | None = None) -> pd.DataFrame:
    """Time to release as an interval per detention, for interval-censored survival models.

    The release lies in the interval (``lower``, ``upper``], in days from the detention: after
    the start of the last day a page shows the person held, and by the start of the first day
    a bound puts them free (a stated release day D gives (D-1, D]); a detention known only to the
    month or year is measured from the last day it can have begun for ``lower`` and from the
    first for ``upper``. ``upper`` is infinite for an open or unbounded case (right-censored at
    its last confirmation). A death in custody is not a release: it is right-censored at the
    death (its ``died`` flag lets a competing-risk analysis treat it apart). Nothing is dropped.
    """
    sp = spans(ds) if sp is None else sp
    sp = sp[sp["kind"].isin(list(kinds))]
    # a start known only to the month or year widens the interval: shortest from its last possible day
    lower = (sp["end_earliest"] - sp["start_latest"]).dt.days.astype(float).clip(lower=0)
    upper = (sp["end_latest"] - sp["start"]).dt.days.astype(float).fillna(np.inf)
    # released on day D means held at the start of D-1 and free at the start of D: the end lies in (D-1, D]
    lower = lower.where(lower < upper, upper - 1)
    died = (sp["end_state"] == "died-in-custody").values
    upper = np.where(died, np.inf, upper)
    lower = np.where(died, (sp["end_latest"].fillna(sp["end_earliest"]) - sp["start_latest"]).dt.days.astype(float), lower)
    return pd.DataFrame(
        {
            "detention_id": sp["detention_id"].values,
            "person_id": sp["person_id"].values,
            "start": sp["start"].values,
            "end_basis": sp["end_basis"].values,
            "lower": lower,
            "upper": upper,
            "died": died,
        }
    ).reset_index(drop=True)


def decree_lags(ds: Dataset) -> pd.DataFrame:
    """Days from each pardon or amnesty to the stated release of the people it freed (checks
    :data:`DECREE_RELEASE_DAYS`)."""
    dec = decrees(ds)
    d = ds.detentions.set_index("detention_id")["released_on"]
    out = dec.assign(released_on=dec["detention_id"].map(d))
    out = out[out["released_on"].notna()]
    return out.assign(lag_days=(out["released_on"] - out["day"]).dt.days).reset_index(drop=True)


def _fmt(day) -> str:
    return "" if pd.isna(day) else f"{pd.Timestamp(day).day} {pd.Timestamp(day):%b %Y}"


def end_text(sp: pd.DataFrame) -> pd.Series:
    """How each span ended, in words: a day, a range, or open since the last confirmation."""

    def one(r) -> str:
        if r["end_basis"] == "stated":
            verb = {"house-arrest": "moved to house arrest", "died-in-custody": "died in custody"}.get(r["end_state"], "released")
            return f"{verb} {_fmt(r['end_latest'])}"
        if r["end_basis"] == "open":
            return f"open; last confirmed held {_fmt(r['end_earliest'])}"
        if r["end_basis"] == "unbounded":
            return f"ended after {_fmt(r['end_earliest'])}; no page bounds when"
        verb = {"died-in-custody": "died", "house-arrest": "moved to house arrest"}.get(r["end_state"], "released")
        if r["end_earliest"] == r["end_latest"]:
            return f"{verb} {_fmt(r['end_latest'])}"
        return f"{verb} between {_fmt(r['end_earliest'])} and {_fmt(r['end_latest'])}"

    return sp.apply(one, axis=1) if len(sp) else pd.Series([], dtype=str)


def days_text(sp: pd.DataFrame) -> pd.Series:
    """Days in custody: one number when the end is known, ``a-b`` when bounded, ``a+`` when open."""
    lo = (sp["end_earliest"] - sp["start"]).dt.days
    hi = (sp["end_latest"] - sp["start"]).dt.days
    out = [f"{int(a)}" if b == a else (f"{int(a)}+" if pd.isna(b) else f"{int(a)}-{int(b)}") for a, b in zip(lo, hi)]
    return pd.Series(out, index=sp.index, dtype=str)


def snapshot(ds: Dataset, day: DayLike) -> pd.DataFrame:
    """Everyone certainly or possibly held on ``day``: one row per detention, with name, roles,
    case group, the articles charged by that day, days held so far, how the custody ended, and
    the page nearest before the day that shows the person held (else the first after it)."""
    day = pd.Timestamp(day).normalize()
    h = held_on(ds, day)
    people = ds.people.set_index("person_id")
    h["name"] = h["person_id"].map(people["name"])
    h["roles"] = h["person_id"].map(people["roles"].map(lambda v: ", ".join(split_list(v))))
    c = ds.charges[ds.charges["stage"].isin(["initial", "added", "convicted"]) & ~(ds.charges["charged_on"] > day)]
    arts = c.groupby("detention_id")["article"].agg(lambda s: ", ".join(sorted(set(s))))
    h["articles"] = h["detention_id"].map(arts).fillna("")
    ev = evidence(ds)
    ev = ev[(ev["status"] == "held") & ev["detention_id"].isin(h["detention_id"])].copy()
    ev["before"] = ev["day"] <= day
    ev["distance"] = (ev["day"] - day).dt.days.abs()
    best = ev.sort_values(["before", "distance"], ascending=[False, True]).drop_duplicates("detention_id")
    best = best.set_index("detention_id")
    first_src = best["source_ids"].map(lambda v: (split_list(v) or [""])[0])
    urls = ds.sources.set_index("source_id")["url"]
    h["confirmed_on"] = h["detention_id"].map(best["day"])
    h["confirmed_by"] = h["detention_id"].map(best["what"])
    h["confirming_url"] = h["detention_id"].map(first_src.map(urls))
    h["custody_end"] = end_text(h).values if len(h) else []
    cols = [
        "certain",
        "name",
        "roles",
        "case_group",
        "kind",
        "state",
        "start",
        "days_held",
        "articles",
        "confirmed_on",
        "confirmed_by",
        "confirming_url",
        "custody_end",
        "detention_id",
        "person_id",
    ]
    return (
        h[cols]
        .sort_values(["certain", "case_group", "start", "name"], ascending=[False, True, True, True], na_position="last")
        .reset_index(drop=True)
    )


def snapshot_by(snap: pd.DataFrame, ds: Dataset, by: str) -> pd.DataFrame:
    """People certainly and possibly held in a snapshot, per role (``by="role"``) or per group case."""
    s = snap.copy()
    if by == "role":
        s["role"] = s["person_id"].map(roles_of(ds))
        s = s.explode("role")
    s[by] = s[by].fillna("none" if by == "case_group" else "unknown")
    g = s.groupby(by)
    out = pd.DataFrame(
        {
            "certainly": g.apply(lambda x: x.loc[x["certain"], "person_id"].nunique(), include_groups=False),
            "possibly": g["person_id"].nunique(),
        }
    )
    return out.sort_values(["possibly", "certainly"], ascending=False).reset_index()


def census_counts(ds: Dataset) -> pd.DataFrame:
    """CPJ's yearly census counts (journalists held on 1 December) from ``published_counts``."""
    c = ds.published_counts
    return c[
        (c["publisher"] == "CPJ")
        & (c["counted"] == "journalists")
        & (c["counted_on"].dt.month == 12)
        & (c["counted_on"].dt.day == 1)
    ].sort_values("counted_on")


def is_left_out(names: pd.DataFrame) -> pd.Series:
    """Which ``published_names`` rows record a person the publisher left out (``listed`` false),
    not a name its count gives."""
    if "listed" not in names:
        return pd.Series(False, index=names.index)
    return names["listed"].eq(False).fillna(False).astype(bool)


def census_years_missing(ds: Dataset, first: int = 2012) -> list[int]:
    """Census years from ``first`` to the newest CPJ census in the data whose count no page read
    gives: the years the reconciliation cannot check."""
    years = set(census_counts(ds)["counted_on"].dt.year)
    return [y for y in range(first, max(years, default=first - 1) + 1) if y not in years]


def census_people(ds: Dataset, count_id: str, sp: pd.DataFrame | None = None) -> pd.DataFrame:
    """Person by person: who a published count names and who this dataset holds on its day.

    ``ours`` is certainly, possibly or not held (journalists and bloggers in criminal or
    psychiatric custody); ``reason`` explains a difference: the hand-recorded reason of
    ``published_names`` (for a person the count names, why we do not hold them; for a person
    recorded with ``listed`` false, why the publisher leaves them out), or ``dates`` when our
    bounds straddle the day, or ``definition`` when we hold the person, the publisher does not
    name them and every name of the count was read. ``basis`` says where the reason comes from:
    ``named`` (a name the count gives), ``publisher's pages`` (a ``listed`` false row: the
    publisher's own pages show why it leaves the person out), ``complete list`` (inferred: a
    list read in full does not name them) or ``list read in part`` (nothing can be inferred).
    """
    sp = spans(ds) if sp is None else sp
    count = ds.published_counts.set_index("count_id").loc[count_id]
    day = count["counted_on"]
    ours = held_on(ds, day, sp=journalists_in_prison(ds, sp))
    status = ours.groupby("person_id")["certain"].max().map({True: "certainly", False: "possibly"})
    rows_all = ds.published_names[ds.published_names["count_id"] == count_id]
    left_out = is_left_out(rows_all)
    named, unlisted = rows_all[~left_out], rows_all[left_out]
    names = ds.people.set_index("person_id")["name"]
    rows = []
    for _, r in named.iterrows():
        pid = r["person_id"]
        o = status.get(pid, "no") if pd.notna(pid) else "no"
        reason = r["reason"] if pd.notna(r["reason"]) else ("dates" if o == "possibly" else ("" if o == "certainly" else "dates"))
        rows.append(
            {"name": r["name_as_printed"], "person_id": pid, "named": True, "ours": o, "reason": reason, "basis": "named"}
        )
    for _, r in unlisted.iterrows():
        pid = r["person_id"]
        rows.append(
            {
                "name": names.get(pid, r["name_as_printed"]),
                "person_id": pid,
                "named": False,
                "ours": status.get(pid, "no"),
                "reason": r["reason"],
                "basis": "publisher's pages",
            }
        )
    listed = set(named["person_id"].dropna()) | set(unlisted["person_id"].dropna())
    complete = len(named) >= int(count["count"])  # every name of the count was read
    for pid, o in status.items():
        if pid not in listed:
            rows.append(
                {
                    "name": names.get(pid, pid),
                    "person_id": pid,
                    "named": False,
                    "ours": o,
                    "reason": "definition" if complete else "names not read",
                    "basis": "complete list" if complete else "list read in part",
                }
            )
    return pd.DataFrame(rows, columns=["name", "person_id", "named", "ours", "reason", "basis"])


def census_reconciliation(ds: Dataset, sp: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per CPJ census year: CPJ's count, the names read, ours certainly and possibly held, and
    whether the two bounds hold.

    The bounds are symmetric. Everyone certainly held must be in CPJ's count or be someone CPJ
    leaves out for a reason its own pages give: a differing definition of journalist, or a
    case CPJ had not yet recorded on the census day (``LEFT_OUT_REASONS``; the two are counted
    in separate columns). Everyone in CPJ's count must be possibly held here, unless the
    project has not yet researched the case or leaves it outside its scope
    (``NOT_HELD_REASONS``)."""
    sp = spans(ds) if sp is None else sp
    jp = journalists_in_prison(ds, sp)
    rows = []
    for _, c in census_counts(ds).iterrows():
        h = held_on(ds, c["counted_on"], sp=jp)
        certain, possible = h.loc[h["certain"], "person_id"].nunique(), h["person_id"].nunique()
        people = census_people(ds, c["count_id"], sp)
        named = people[people["named"]]
        missing = int(named["reason"].isin(NOT_HELD_REASONS).sum())
        left_out = (~people["named"]) & (people["ours"] == "certainly")
        definition = int((left_out & (people["reason"] == "definition")).sum())
        unrecorded = int((left_out & (people["reason"] == "not-yet-recorded")).sum())
        rows.append(
            {
                "year": c["counted_on"].year,
                "cpj": int(c["count"]),
                "names_read": len(named),
                "unnamed_certainly_held": int(((~people["named"]) & (people["ours"] == "certainly")).sum()),
                "certainly": certain,
                "possibly": possible,
                "differing_definition": definition,
                "not_yet_recorded": unrecorded,
                "not_researched_or_outside": missing,
                "certainly_within": certain <= int(c["count"]) + definition + unrecorded,
                "possibly_covers": possible >= int(c["count"]) - missing,
            }
        )
    return pd.DataFrame(rows).set_index("year")
