"""Value parsers: UK dates, money, company numbers, statuses."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xref.parse import GIFT_STATUS, classify, parse_company_number, parse_date, parse_mcc, parse_money


def one(expr: pl.Expr, value: str | None) -> object:
    return pl.DataFrame({"v": [value]}, schema={"v": pl.Utf8}).select(expr).item()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/02/2025", dt.date(2025, 2, 1)),  # UK order, never US
        ("1/2/25", dt.date(2025, 2, 1)),
        ("2025-03-04", dt.date(2025, 3, 4)),
        ("2025-03-04 00:00:00", dt.date(2025, 3, 4)),
        ("2025-03-04T10:15:00", dt.date(2025, 3, 4)),
        ("3 Feb 2025", dt.date(2025, 2, 3)),
        ("03-Feb-25", dt.date(2025, 2, 3)),
        ("13th June 2016", dt.date(2016, 6, 13)),
        ("September 24, 2017", dt.date(2017, 9, 24)),
        ("Thursday 23 February 2017", dt.date(2017, 2, 23)),
        ("03.02.2025", dt.date(2025, 2, 3)),
        ("29/04/2025 00:00", dt.date(2025, 4, 29)),
        ("45688", dt.date(2025, 1, 31)),  # Excel serial number
        ("31/02/2025", None),  # impossible date
        ("13/13/2025", None),
        ("garbage", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(text: str | None, expected: dt.date | None) -> None:
    assert one(parse_date("v"), text) == expected


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_parse_date_round_trips_uk_and_iso(day: dt.date) -> None:
    assert one(parse_date("v"), day.strftime("%d/%m/%Y")) == day
    assert one(parse_date("v"), day.isoformat()) == day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£1,234.50", 1234.5),
        ("-£12.50", -12.5),
        ("(12.00)", -12.0),
        ("12.00 CR", -12.0),
        ("1230.3600000000001", 1230.36),
        ("£25-£50", 25.0),
        (".75", 0.75),
        (" 1,496.00 ", 1496.0),
        ("Unknown", None),
        ("abc", None),
        # a "£" mangled by an earlier encoding step
        ("\ufffd1,234.50", 1234.5),
        ("Â£12.00", 12.0),
        ("?12.00", 12.0),
        ("(\ufffd12.00)", -12.0),
        # another currency is never read as pounds
        ("$12.00", None),
        ("€12.00", None),
        # float noise from a ledger is nil; other scientific notation may be a spreadsheet's rounding
        ("-6.82121E-13", 0.0),
        ("1.23457E+11", None),
    ],
)
def test_parse_money(text: str, expected: float | None) -> None:
    assert one(parse_money("v"), text) == expected


@given(st.decimals(min_value=-(10**7), max_value=10**7, places=2, allow_nan=False))
def test_parse_money_round_trips_formatted_amounts(amount) -> None:
    value = float(amount)
    text = f"£{abs(value):,.2f}"
    if value < 0:
        text = f"({text})"
    assert one(parse_money("v"), text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1706458", "01706458"),
        ("No. 03444246", "03444246"),
        ("SC268016", "SC268016"),
        ("sc 166891", "SC166891"),
        ("Company Registration No. 03395681 Registered Charity No. 1068839", "03395681"),
        ("none", None),
    ],
)
def test_parse_company_number(text: str, expected: str | None) -> None:
    assert one(parse_company_number("v"), text) == expected


def test_mcc_keeps_leading_zero() -> None:
    assert one(parse_mcc("v"), "742") == "0742"
    assert one(parse_mcc("v"), "5812.0") == "5812"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Accepted", "accepted"),
        ("DECLINED", "declined"),
        ("Refused", "declined"),
        ("Donated to charity", "donated"),
        ("Accepted - held by department", "accepted"),
        ("", "unknown"),
        ("Held by department", "accepted"),
    ],
)
def test_gift_status(text: str, expected: str) -> None:
    assert one(classify("v", GIFT_STATUS), text) == expected
