"""Cross-table rules a table schema cannot express: dates in order, custody checks against their
detention, decrees, sources that exist, the data policy. Vectorised; one Problem per offending cell.
"""

from __future__ import annotations

import pandas as pd

from .schema import FACT_TABLES, Dataset, Problem, event_day, split_list


def cross_table_problems(ds: Dataset) -> list[Problem]:
    """Rules a table schema cannot express; vectorised, one Problem per offending cell."""
    problems: list[Problem] = []
    fmt = lambda v: "" if pd.isna(v) else (v.strftime("%Y-%m-%d") if isinstance(v, pd.Timestamp) else str(v))

    # 1. dates in order within a detention, and none after as_of
    d = ds.detentions
    chain = ["detained_on", "pretrial_ordered_on", "sentenced_on", "released_on"]
    for i, later in enumerate(chain[1:], start=1):
        earlier = d[chain[:i]].copy()
        if later == "released_on":  # a move to house arrest may come before the verdict
            earlier.loc[d["release_type"] == "house-arrest", "sentenced_on"] = pd.NaT
        # the latest known earlier date in the chain
        prev = earlier.ffill(axis=1).iloc[:, -1] if len(d) else d[later]
        prev_name = earlier.notna().iloc[:, ::-1].idxmax(axis=1) if len(d) else d[later]
        bad = d[later].notna() & prev.notna() & (d[later] < prev)
        for row, r in d[bad].iterrows():
            problems.append(
                Problem(
                    "detentions.csv",
                    row,
                    later,
                    fmt(r[later]),
                    f"before {prev_name[row]} ({fmt(prev[row])}) of the same detention",
                )
            )
    for col in chain:
        bad = d[col].notna() & (d[col] > ds.as_of)
        for row, r in d[bad].iterrows():
            problems.append(Problem("detentions.csv", row, col, fmt(r[col]), f"after the data's as_of date {fmt(ds.as_of)}"))
    bad = d["released_on"].notna() & (d["status_as_of"] == "held")
    for row, r in d[bad].iterrows():
        problems.append(
            Problem(
                "detentions.csv", row, "status_as_of", r["status_as_of"], f"says held but released_on is {fmt(r['released_on'])}"
            )
        )
    bad = d["release_type"].notna() & d["released_on"].isna() & (d["status_as_of"] == "held")
    for row, r in d[bad].iterrows():
        problems.append(
            Problem("detentions.csv", row, "release_type", r["release_type"], "a release type for a person still held")
        )

    # 2. events: announced <= starts <= ends; at least one date
    e = ds.events
    for a, b in (("announced_on", "starts_on"), ("starts_on", "ends_on")):
        bad = e[a].notna() & e[b].notna() & (e[b] < e[a])
        for row, r in e[bad].iterrows():
            problems.append(Problem("events.csv", row, b, fmt(r[b]), f"before {a} ({fmt(r[a])})"))
    bad = e["announced_on"].isna() & e["starts_on"].isna()
    for row in e.index[bad]:
        problems.append(Problem("events.csv", row, "starts_on", "", "an event needs starts_on or announced_on"))

    # 3. responses: about a detention or a known case group; not before the detention
    r_ = ds.responses
    groups = set(d["case_group"].dropna())
    bad = r_["detention_id"].isna() & r_["case_group"].isna()
    for row in r_.index[bad]:
        problems.append(Problem("responses.csv", row, "detention_id", "", "a response needs a detention_id or a case_group"))
    bad = r_["case_group"].notna() & ~r_["case_group"].isin(groups)
    for row, r in r_[bad].iterrows():
        problems.append(
            Problem("responses.csv", row, "case_group", r["case_group"], "unknown case_group: no detention belongs to it")
        )
    joined = r_.join(d.set_index("detention_id")[["detained_on", "date_precision"]], on="detention_id")
    start = joined["detained_on"].where(joined["date_precision"] == "day", joined["detained_on"].dt.to_period("M").dt.start_time)
    start = start.where(joined["date_precision"] != "year", joined["detained_on"].dt.to_period("Y").dt.start_time)
    bad = joined["responded_on"].notna() & start.notna() & (joined["responded_on"] < start)
    for row, r in joined[bad].iterrows():
        problems.append(
            Problem(
                "responses.csv",
                row,
                "responded_on",
                fmt(r["responded_on"]),
                f"before the detention {r['detention_id']} began ({fmt(r['detained_on'])})",
            )
        )
    bad = r_["responded_on"] > ds.as_of
    for row, r in r_[bad].iterrows():
        problems.append(
            Problem("responses.csv", row, "responded_on", fmt(r["responded_on"]), f"after the data's as_of date {fmt(ds.as_of)}")
        )

    # 3b. charges: a charge day is not before its detention (a person charged while free is
    # detained later: then the charge's notes must say so and the detention's kind is criminal)
    ch = ds.charges.join(d.set_index("detention_id")[["detained_on", "date_precision"]], on="detention_id")
    early = ch["charged_on"].notna() & (ch["date_precision"] == "day") & (ch["charged_on"] < ch["detained_on"])
    early &= ~ch["notes"].fillna("").str.contains("charged while free", case=False)
    _each(
        problems,
        "charges.csv",
        ch[early],
        "charged_on",
        lambda r: fmt(r["charged_on"]),
        lambda r: (
            f"before the detention {r['detention_id']} began ({fmt(r['detained_on'])}); "
            "if the person was charged while free, say 'charged while free' in notes"
        ),
    )

    # 3b'. a person a count leaves out (published_names.listed false) is one the project holds,
    # with the reason the publisher leaves them out
    from .custody import LEFT_OUT_REASONS, is_left_out

    pn = ds.published_names
    if "listed" in pn:
        out = pn[is_left_out(pn)]
        _each(
            problems,
            "published_names.csv",
            out[out["person_id"].isna()],
            "person_id",
            lambda r: "",
            lambda r: "a person the count leaves out (listed false) must be one of people.csv",
        )
        _each(
            problems,
            "published_names.csv",
            out[~out["reason"].isin(list(LEFT_OUT_REASONS))],
            "reason",
            lambda r: "" if pd.isna(r["reason"]) else r["reason"],
            lambda r: "a person the count leaves out needs the publisher's reason: " + " or ".join(LEFT_OUT_REASONS),
        )
        named = pn[~is_left_out(pn)]
        _each(
            problems,
            "published_names.csv",
            named[named["reason"].eq("not-yet-recorded").fillna(False).astype(bool)],
            "reason",
            lambda r: r["reason"],
            lambda r: "a name the count gives cannot be one the publisher had not yet recorded",
        )

    # 3c. the codebook's category and CPJ class of every article (helpers.codebook)
    from .codebook import expected_category, expected_cpj_class

    cc = ds.criminal_code
    for col, rule in (("category", expected_category), ("cpj_class", expected_cpj_class)):
        want = pd.Series([rule(a, c) for a, c in zip(cc["article"], cc["code"])], index=cc.index)
        _each(
            problems,
            "criminal_code.csv",
            cc[cc[col] != want],
            col,
            lambda r, col=col: r[col],
            lambda r, rule=rule: f"article {r['article']}: the codebook's rule gives {rule(r['article'], r['code'])}",
        )

    # 4. every person named by an event exists
    people = set(ds.people["person_id"].dropna())
    for row, ids in ds.events["person_id"].map(split_list).items():
        for pid in ids:
            if pid not in people:
                problems.append(
                    Problem(
                        "events.csv",
                        row,
                        "person_id",
                        ds.events.at[row, "person_id"],
                        f"unknown person_id {pid}: no such id in people.csv",
                    )
                )

    bad = ds.events["case_group"].notna() & ~ds.events["case_group"].isin(groups)
    for row, r in ds.events[bad].iterrows():
        problems.append(
            Problem("events.csv", row, "case_group", r["case_group"], "unknown case_group: no detention belongs to it")
        )

    problems += _custody_problems(ds, fmt)

    # 5. the data policy: no contact details, identity numbers or birth data in any text field
    from .privacy import findings

    for name, df in ds.tables.items():
        for row, col, match, what in findings(name, df):
            problems.append(Problem(f"{name}.csv", row, col, match, f"looks like {what}: the data policy forbids it"))

    # 6. every cited source exists
    known = set(ds.sources["source_id"].dropna())
    for name in FACT_TABLES:
        df = ds.tables[name]
        cited = df["source_ids"].map(split_list)
        for row, ids in cited.items():
            missing = [s for s in ids if s not in known]
            for s in missing:
                problems.append(
                    Problem(f"{name}.csv", row, "source_ids", df.at[row, "source_ids"], f"cites {s}, which is not in sources.csv")
                )
    return problems


def _custody_problems(ds: Dataset, fmt) -> list[Problem]:
    """Custody checks against their detention, status_as_of against the checks, decrees that end a detention."""
    problems: list[Problem] = []
    d = ds.detentions.reset_index().set_index("detention_id")
    c = ds.custody_checks.join(
        d[["detained_on", "date_precision", "released_on", "release_type", "status_as_of"]], on="detention_id"
    )
    first_day = c["detained_on"].where(c["date_precision"] == "day", c["detained_on"].dt.to_period("M").dt.start_time)
    first_day = first_day.where(c["date_precision"] != "year", c["detained_on"].dt.to_period("Y").dt.start_time)
    obs = lambda r: fmt(r["observed_on"])  # noqa: E731
    _each(
        problems,
        "custody_checks.csv",
        c[c["observed_on"] < first_day],
        "observed_on",
        obs,
        lambda r: f"before the detention {r['detention_id']} began ({fmt(r['detained_on'])})",
    )
    _each(
        problems,
        "custody_checks.csv",
        c[c["observed_on"] > ds.as_of],
        "observed_on",
        obs,
        lambda r: f"after the data's as_of date {fmt(ds.as_of)}",
    )
    moved = c["release_type"] == "house-arrest"
    bad = (c["status"] == "held") & c["released_on"].notna() & (c["observed_on"] >= c["released_on"])
    bad |= (c["status"] == "house-arrest") & c["released_on"].notna() & ~moved & (c["observed_on"] >= c["released_on"])
    _each(
        problems,
        "custody_checks.csv",
        c[bad],
        "status",
        lambda r: r["status"],
        lambda r: f"on {obs(r)}, on or after the stated release of {r['detention_id']} ({fmt(r['released_on'])})",
    )
    _each(
        problems,
        "custody_checks.csv",
        c[(c["status"] == "died-in-custody") & (c["status_as_of"] != "died-in-custody")],
        "status",
        lambda r: r["status"],
        lambda r: f"but detentions.csv gives {r['detention_id']} the status {r['status_as_of']}",
    )
    # status_as_of agrees with the latest check; a death needs a death row
    latest = c.sort_values(["observed_on", "status"]).groupby("detention_id").tail(1).set_index("detention_id")
    dd = d.join(latest[["observed_on", "status"]].rename(columns={"status": "latest"}))
    stale = dd["status_as_of"].isin(["held", "house-arrest"]) & dd["latest"].isin(["released", "died-in-custody"])
    died = set(c.loc[c["status"] == "died-in-custody", "detention_id"])
    no_death = (dd["status_as_of"] == "died-in-custody") & ~dd.index.isin(list(died))
    dd = dd.reset_index().set_index("row")
    _each(
        problems,
        "detentions.csv",
        dd[stale.values],
        "status_as_of",
        lambda r: r["status_as_of"],
        lambda r: f"but the latest custody check ({obs(r)}) says {r['latest']}",
    )
    _each(
        problems,
        "detentions.csv",
        dd[no_death.values],
        "status_as_of",
        lambda r: r["status_as_of"],
        lambda r: "needs a died-in-custody row in custody_checks.csv",
    )
    # a decree that ended a detention is a pardon or amnesty after the detention began and not after the release
    e = ds.events.set_index("event_id")
    event_days = event_day(e)
    for row, r in ds.detentions[ds.detentions["release_event_id"].notna()].iterrows():
        ev = e.loc[r["release_event_id"]] if r["release_event_id"] in e.index else None
        if ev is None:
            continue  # the foreign key check reports it
        day = event_days[r["release_event_id"]]
        if ev["type"] not in ("pardon", "amnesty"):
            why = f"is a {ev['type']} event, not a pardon or amnesty"
        elif day < r["detained_on"] or (pd.notna(r["released_on"]) and day > r["released_on"]):
            why = f"dated {fmt(day)}, outside the detention ({fmt(r['detained_on'])} to {fmt(r['released_on']) or 'open'})"
        elif r["person_id"] not in split_list(ev["person_id"]):
            why = f"does not name {r['person_id']} in events.csv person_id"
        else:
            continue
        problems.append(Problem("detentions.csv", row, "release_event_id", r["release_event_id"], why))
    return problems


def _each(problems: list[Problem], file: str, frame: pd.DataFrame, column: str, value, message) -> None:
    """One Problem per row of ``frame`` (indexed by CSV row): ``value(r)`` is the cell, ``message(r)`` the text."""
    for row, r in frame.iterrows():
        problems.append(Problem(file, row, column, value(r), message(r)))
