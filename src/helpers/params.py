"""Parsing and checking of notebook and report parameters: one rule, one message style.

papermill passes parameters as strings or YAML values; every notebook and report checks them
in the cell after the injected one, with an error that names the parameter, its value and
what is expected.
"""

from __future__ import annotations

import datetime
import re

import pandas as pd


class BadParameter(ValueError):
    """A report or notebook parameter is malformed or out of range; the message names it."""


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def day(name: str, value, *, allow_none: bool = False) -> pd.Timestamp | None:
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


def day_in_data(name: str, value, ds) -> pd.Timestamp:
    """A day no later than the data's ``as_of``."""
    d = day(name, value)
    if d > ds.as_of:
        raise BadParameter(f"parameter {name}={value!r} is after the data's as_of date {ds.as_of:%Y-%m-%d}")
    return d
