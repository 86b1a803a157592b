"""Helpers for the analysis of detentions of Azerbaijani human rights defenders.

The notebooks tell the story; the logic lives here, one job per module:

Data
- ``paths``       project root and every path, from this package's own location
- ``schema``      the data package's schema: tables, enums, problems, the typed Dataset, event_day
- ``datafiles``   reading the files: file checks, the Frictionless validator, typed tables
- ``rules``       cross-table rules a schema cannot express
- ``privacy``     the data policy, enforced (no contact details, ID numbers or birth data)
- ``data``        load (validated once, cached on disk) and ``python -m helpers.data validate``
- ``views``       restrict to a period or kinds; the data as they stood on an earlier day
- ``names``       alias and transliteration resolution; possible duplicates of a new case
- ``params``      every notebook and report parameter, checked with one rule and one message style

Analysis
- ``custody``     the only place that decides custody: bounded ends, who was held on any day
- ``codebook``    the codebook's category and CPJ-class rules as a table (checked on load)
- ``charges``     charge taxonomy, escalation, co-occurrence, group charge sets; per detention and per case
- ``timing``      arrest events, event windows, randomization tests over season-keeping placebo calendars, award timing, waves
- ``timingmodel`` the primary timing model: weekly arrest events, negative binomial regression, event study, calibration
- ``advocacy``    response lags, who asks what of whom, interval-censored time to release
- ``survival``    landmark Cox model (imputed interval-censored releases), competing risks, first response per case
- ``coverage``    counts, coverage, sources per row, completeness

Output
- ``plotting``    one figure style, deterministic figures, figure + CSV
- ``present``     escaped HTML tables and links, and the one map of column labels
- ``case``, ``period``, ``event``   what each report shows
- ``lede``        the case report's opening paragraphs, generated from the rows, with footnotes
- ``reportindex`` the searchable, sortable index page; ``pdf``: reports printed by headless Chromium
- ``reportplan``  what to render: every report the data support, with content hashes
- ``engine``      the warm kernel that runs report after report
- ``render``      the command: incremental, parallel, resumable rendering (``python -m helpers.render``)
- ``figcheck``    are the committed figure CSVs what the notebooks produce now? (CI)
- ``export``      a zipped data package and spreadsheet-safe CSVs
- ``synthetic``   seeded synthetic data k times the real size, for scale tests
"""
