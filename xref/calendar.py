"""England and Wales bank holidays, vendored for offline runs (R014 counts them as out of hours).

The dates are in ``xref/data/bank_holidays_england_wales.csv`` (``date,title``; ``#`` lines are comments), copied
from gov.uk's ``bank-holidays.json`` (division ``england-and-wales``). Runs have no network, so when the government
announces a new one-off holiday, add a row there.
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache
from importlib import resources

BANK_HOLIDAYS_FILE = "bank_holidays_england_wales.csv"


@cache
def _calendar() -> tuple[tuple[dt.date, str], ...]:
    text = resources.files("xref").joinpath("data", BANK_HOLIDAYS_FILE).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    rows = [(dt.date.fromisoformat(r["date"].strip()), r["title"].strip()) for r in csv.DictReader(lines)]
    return tuple(sorted(rows))


def bank_holidays() -> list[dt.date]:
    """Every England and Wales bank holiday in the vendored file, ascending (read once per process)."""
    return [day for day, _ in _calendar()]


def bank_holiday_titles() -> dict[dt.date, str]:
    """Each bank holiday's title, e.g. ``Christmas Day (substitute day)``."""
    return dict(_calendar())
