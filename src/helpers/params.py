"""Parsing and checking of notebook and report parameters: one rule, one message style.

papermill passes parameters as strings or YAML values; every notebook and report checks them
in the cell after the injected one, with an error that names the parameter, its value and
what is expected.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .schema import Dataset


class BadParameter(ValueError):
    """A report or notebook parameter is malformed or out of range; the message names it."""


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def day(name: str, value: object, *, allow_none: bool = False) -> pd.Timestamp | None:
    """``value`` as a day: a ``YYYY-MM-DD`` string or a date; anything else is a :class:`BadParameter`."""
    if value is None and allow_none:
        return None
    if isinstance(value, (pd.Timestamp, datetime.date)) and not pd.isna(value):
        return pd.Timestamp(value).normalize()
    text = "" if value is None else str(value).strip()
    try:
        if not _DAY.fullmatch(text):
            raise ValueError(text)
        return pd.Timestamp(text)
    except ValueError:
        raise BadParameter(f"parameter {name}={value!r} is not a date in the form YYYY-MM-DD") from None


def day_in_data(name: str, value: object, ds: Dataset) -> pd.Timestamp:
    """A day no later than the data's ``as_of``."""
    d = day(name, value)
    if d > ds.as_of:
        raise BadParameter(f"parameter {name}={value!r} is after the data's as_of date {ds.as_of:%Y-%m-%d}")
    return d


def day_range(start: object, end: object, *, allow_none: bool = False) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """``start`` and ``end`` as days, ``start`` not after ``end``."""
    s, e = day("start", start, allow_none=allow_none), day("end", end, allow_none=allow_none)
    if s is not None and e is not None and s > e:
        raise BadParameter(f"parameter start={start!r} is after end={end!r}: the range is reversed")
    return s, e


def kinds(name: str, value: object) -> list[str] | None:
    """A list of detention kinds (None: every kind), each one of the schema's kinds."""
    from .schema import kinds as known

    if value is None:
        return None
    values = [value] if isinstance(value, str) else list(value)
    unknown = sorted(set(values) - set(known()))
    if unknown:
        raise BadParameter(f"parameter {name}={values!r}: unknown kind(s) {unknown}; choose from {', '.join(known())}")
    return values


def whole_days(name: str, value: object, low: int, high: int) -> int:
    """A whole number of days from ``low`` to ``high``."""
    try:
        n = int(value)
        if isinstance(value, bool) or n != float(value) or not low <= n <= high:
            raise ValueError
    except (TypeError, ValueError):
        raise BadParameter(f"parameter {name}={value!r} must be a whole number of days from {low} to {high}") from None
    return n


def known_id(name: str, value: object, choices: Iterable) -> str:
    """``value`` if it is one of ``choices``, else an error naming the parameter and the closest ids."""
    import difflib

    choices = sorted(map(str, choices))
    if not isinstance(value, str) or value not in choices:
        near = difflib.get_close_matches(str(value), choices, n=3, cutoff=0.0)
        raise UnknownId(
            f"parameter {name}={value!r} is not a known id; closest: {', '.join(near)} ({len(choices)} valid ids in all)"
        )
    return value


class UnknownId(BadParameter):
    """A report parameter names an id the data do not hold."""


def period_range(start: object, end: object, ds: Dataset | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A report's ``start`` and ``end``: days in order, ``start`` no later than the data's ``as_of``."""
    s, e = day_range(start, end)
    if ds is not None and s > ds.as_of:
        raise BadParameter(f"parameter start={start!r} is after the data's as_of date {ds.as_of:%Y-%m-%d}")
    return s, e


_IPYTHON_NAMES = {"In", "Out", "exit", "quit", "get_ipython", "open"}


def defaults(namespace: dict) -> dict:
    """The notebook's parameters as its parameters cell defines them: call it last in that cell
    (``_defaults = params.defaults(globals())``), before papermill injects any other value."""
    import copy

    simple = (str, int, float, bool, list, tuple, dict, type(None))
    return {
        k: copy.deepcopy(v)
        for k, v in namespace.items()
        if not k.startswith("_") and k not in _IPYTHON_NAMES and isinstance(v, simple)
    }


def figures_folder(namespace: dict, defaults: dict, figures_dir: str | Path | None = None) -> Path:
    """Where a notebook run writes its figures: the published ``figures/`` only for a run with
    every parameter at its default; ``figures_dir`` when given; else a temporary folder (named
    in the output), so that a run for another period never overwrites the published figures."""
    import hashlib
    import json
    import tempfile

    from . import paths

    if figures_dir is not None:
        return Path(figures_dir)
    changed = {k: namespace.get(k) for k, v in defaults.items() if k != "figures_dir" and namespace.get(k) != v}
    if not changed:
        return paths.FIGURES
    digest = hashlib.sha256(json.dumps(changed, sort_keys=True, default=str).encode()).hexdigest()[:10]
    folder = Path(tempfile.gettempdir()) / "azd-figures" / digest
    print(f"Parameters changed ({', '.join(sorted(changed))}): this run's figures go to {folder}, not figures/.")
    return folder
