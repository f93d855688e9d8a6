"""Vectorised parsers for the values real registers contain: UK dates, money, company numbers, statuses.

Each parser is a polars expression over a text column and yields null where the text cannot be read, so the
caller can tell "blank" from "unreadable" by comparing with the input. Dates are read as UK dd/mm/yyyy, never as
US mm/dd.
"""

from __future__ import annotations

import re

import polars as pl

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

# Values that say "no value was recorded" rather than being malformed.
NO_VALUE_WORDS = (
    "unknown",
    "value unknown",
    "not known",
    "n/a",
    "na",
    "none",
    "nil",
    "-",
    "tbc",
    "not stated",
    "not recorded",
    "above limit",
    "below limit",
    "no value",
    "unspecified",
    "ongoing",
    "rolling",
    "open ended",
    "open-ended",
    "until further notice",
)

EXCEL_EPOCH = pl.date(1899, 12, 30)
UK_DATE_PATTERN = r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
"""A numeric date such as ``03/04/2025``: groups are the first part, the second part and the year."""


def _year(expr: pl.Expr) -> pl.Expr:
    """Two-digit years are 20xx (registers in scope start after 2000)."""
    y = expr.cast(pl.Int32, strict=False)
    return pl.when(expr.str.len_chars() <= 2).then(y + 2000).otherwise(y)


def _ymd(y: pl.Expr, m: pl.Expr, d: pl.Expr) -> pl.Expr:
    """Build a date from parts; impossible dates (31/02) become null."""
    text = pl.format(
        "{}-{}-{}",
        y.cast(pl.Utf8),
        m.cast(pl.Int32, strict=False).cast(pl.Utf8).str.pad_start(2, "0"),
        d.cast(pl.Int32, strict=False).cast(pl.Utf8).str.pad_start(2, "0"),
    )
    return text.str.to_date("%Y-%m-%d", strict=False)


def parse_date(col: str) -> pl.Expr:
    """Parse a text column of dates as written in UK registers.

    Accepts ``31/01/2025``, ``31-01-25``, ``31.01.2025``, ``2025-01-31`` (with or without a time), ``31 Jan 2025``,
    ``31st January 2025``, ``31-Jan-25``, ``January 31, 2025`` and Excel serial numbers (``45688``).
    """
    s = (
        pl.col(col)
        .str.strip_chars()
        .str.to_lowercase()
        .str.replace(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", "")  # "Thursday 23 February 2017"
    )
    iso = s.str.extract_groups(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?$")
    uk = s.str.extract_groups(UK_DATE_PATTERN)
    words = s.str.replace_all(r"(\d)(st|nd|rd|th)\b", "$1").str.extract_groups(
        rf"^(\d{{1,2}})[\s\-/]+({_MONTH_RE})\.?[\s\-/,]+(\d{{4}}|\d{{2}})$"
    )
    us_words = s.str.replace_all(r"(\d)(st|nd|rd|th)\b", "$1").str.extract_groups(
        rf"^({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})$"
    )
    serial = s.str.extract(r"^(\d{5})(?:\.0+)?$").cast(pl.Int64, strict=False)
    month_num = pl.lit(None, dtype=pl.Int32)
    return pl.coalesce(
        _ymd(iso.struct.field("1"), iso.struct.field("2"), iso.struct.field("3")),
        _ymd(_year(uk.struct.field("3")), uk.struct.field("2"), uk.struct.field("1")),
        _ymd(
            _year(words.struct.field("3")),
            words.struct.field("2").replace_strict(_MONTHS, default=month_num, return_dtype=pl.Int32),
            words.struct.field("1"),
        ),
        _ymd(
            _year(us_words.struct.field("3")),
            us_words.struct.field("1").replace_strict(_MONTHS, default=month_num, return_dtype=pl.Int32),
            us_words.struct.field("2"),
        ),
        pl.when(serial.is_between(20000, 80000)).then(EXCEL_EPOCH + pl.duration(days=serial)),
    )


def date_parts(col: str) -> tuple[pl.Expr, pl.Expr]:
    """The first and second numbers of a numeric date (``03/04/2025`` → 3, 4); null for other text.

    Read as UK dates these are day and month; a column whose dates all have both parts ≤ 12 reads either way.
    """
    parts = pl.col(col).str.strip_chars().str.extract_groups(UK_DATE_PATTERN)
    return (
        parts.struct.field("1").cast(pl.Int32, strict=False),
        parts.struct.field("2").cast(pl.Int32, strict=False),
    )


MAX_AMOUNT_GBP = 1e12
"""Amounts of a trillion pounds or more are not register values (``1e17``, a 401-digit number): set aside."""
_DECIMAL_COMMA = r"^[-+(]?(?:\d{1,3}(?:\.\d{3})+,\d+|\d+,\d{1,2})\)?(?:cr)?$"
"""An amount written with a decimal comma: ``1.234,56`` (dots between thousands) or ``12,50`` (one or two digits
after the comma, which a thousands separator never has)."""


_NOISE_GBP = 0.005
"""An amount in scientific notation below half a penny is float noise, read as 0."""


def _money_text(col: str) -> pl.Expr:
    """The amount's text without currency, spaces or thousands separators, and with a decimal point."""
    s = pl.col(col).str.strip_chars().str.to_lowercase().str.replace_all(r"£|gbp|\s", "")
    # a "£" mangled by an earlier encoding step: the replacement character, "Â" (UTF-8 read as Latin-1), a symbol,
    # or a leading "?"; other currencies' signs ($, €) are kept, so such an amount stays unreadable, never pounds
    s = s.str.replace_all(r"[\x{FFFD}\p{So}]|â", "").str.replace(r"^([-+(]?)\?+", "$1")
    european = s.str.replace_all(r"\.", "").str.replace(",", ".", literal=True)
    return pl.when(s.str.contains(_DECIMAL_COMMA)).then(european).otherwise(s.str.replace_all(",", ""))


def parse_money(col: str) -> pl.Expr:
    """Parse ``£1,234.50``, ``-£12.50``, ``(12.00)``, ``12.00 CR``, ``1230.3600000000001`` to a 2-dp float.

    A "£" mangled by an earlier encoding step (``\ufffd1,234.50``, ``Â£12``, ``?12``) is read as one; scientific
    notation below half a penny (``-6.82121E-13``, a ledger's float noise) is 0, larger is unreadable.

    A decimal comma is read as one (``1.234,56`` is 1234.56, ``12,50`` is 12.50). A range such as ``£25-£50`` or
    ``£25 to £50`` yields its lower bound (see :func:`parse_money_high`). An amount of :data:`MAX_AMOUNT_GBP` or
    more is unreadable (null).
    """
    cleaned = _money_text(col)
    credit = cleaned.str.contains(r"^\(.*\)$") | cleaned.str.ends_with("cr")
    body = cleaned.str.replace_all(r"^\(|\)$|cr$", "")
    low = body.str.extract(r"^(-?\d*\.?\d+)(?:-|to)(\d*\.?\d+)$", 1)
    number = pl.coalesce(body.str.extract(r"^([-+]?\d*\.?\d+)$", 1), low)
    # A leading "<" ("<£25") keeps its bound; the raw text stays in the evidence.
    number = pl.coalesce(number, body.str.extract(r"^[<>≤≥~]=?(\d*\.?\d+)$", 1))
    value = number.cast(pl.Float64, strict=False)
    # float noise from a ledger (-6.82121E-13) is nil; other scientific notation may be a spreadsheet's rounding
    # of a real amount (1.23457E+11), so it stays unreadable
    noise = body.str.extract(r"^([-+]?\d*\.?\d+e[-+]?\d+)$", 1).cast(pl.Float64, strict=False)
    value = pl.coalesce(value, pl.when(noise.abs() < _NOISE_GBP).then(pl.lit(0.0)))
    value = pl.when(value.abs() < MAX_AMOUNT_GBP).then(value.round(2))
    return pl.when(credit).then(-value.abs()).otherwise(value)


def parse_money_high(col: str) -> pl.Expr:
    """The upper bound of a money range (``£25-£50`` → 50); equal to :func:`parse_money` otherwise."""
    s = _money_text(col)
    high = s.str.extract(r"^-?\d*\.?\d+(?:-|to)(\d*\.?\d+)$", 1).cast(pl.Float64, strict=False)
    high = pl.when(high.abs() < MAX_AMOUNT_GBP).then(high.round(2))
    return pl.coalesce(high, parse_money(col))


def is_no_value(col: str) -> pl.Expr:
    """True where the text says no value was recorded (``Unknown``, ``N/A``, ``Nil``...)."""
    s = pl.col(col).str.strip_chars().str.to_lowercase()
    return s.is_in(list(NO_VALUE_WORDS))


def parse_company_number(col: str) -> pl.Expr:
    """Companies House number, zero-padded: ``No. 3444246`` → ``03444246``; ``sc166891`` → ``SC166891``."""
    s = pl.col(col).str.to_uppercase().str.replace_all(r"\.", " ")
    parts = s.str.extract_groups(r"\b(SC|NI|OC|SO|NC|R0|LP|SL|FC|GE|IP|SP|RC)?\s?(\d{1,8})\b")
    prefix, digits = parts.struct.field("1"), parts.struct.field("2")
    return (
        pl.when(prefix.is_not_null() & digits.is_not_null())
        .then(prefix + digits.str.pad_start(6, "0"))
        .when(digits.is_not_null())
        .then(digits.str.pad_start(8, "0"))
    )


def parse_birth_month(col: str) -> pl.Expr:
    """A date of birth as its month and year, ``YYYY-MM`` — all Companies House publishes, all xref compares.

    Accepts ``1977-02``, ``02/1977``, ``2-1977``, ``Feb 1977``, ``February 1977`` and full dates with a four-digit
    year (``14/02/1977``, ``1977-02-14``, ``14 February 1977``): the day is dropped. A two-digit year is not read
    (``14/02/77`` could be 1877 to 2077 for all a date of birth says); nor is a year before 1900 or a month
    outside 1-12.
    """
    s = pl.col(col).str.strip_chars().str.to_lowercase().str.replace_all(r"(\d)(st|nd|rd|th)\b", "$1")
    iso = s.str.extract_groups(r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?(?:[ t].*)?$")
    numeric = s.str.extract_groups(r"^(?:\d{1,2}[/.\-])?(\d{1,2})[/.\-](\d{4})$")
    words = s.str.extract_groups(rf"^(?:\d{{1,2}}[\s\-/]+)?({_MONTH_RE})\.?[\s\-/,]+(\d{{4}})$")
    no_month = pl.lit(None, dtype=pl.Int32)
    year = pl.coalesce(iso.struct.field("1"), numeric.struct.field("2"), words.struct.field("2")).cast(
        pl.Int32, strict=False
    )
    month = pl.coalesce(
        iso.struct.field("2").cast(pl.Int32, strict=False),
        numeric.struct.field("1").cast(pl.Int32, strict=False),
        words.struct.field("1").replace_strict(_MONTHS, default=no_month, return_dtype=pl.Int32),
    )
    return (
        pl.when(year.is_between(1900, 2100) & month.is_between(1, 12))
        .then(pl.format("{}-{}", year.cast(pl.Utf8), month.cast(pl.Utf8).str.pad_start(2, "0")))
        .otherwise(None)
    )


def parse_vat_number(col: str) -> pl.Expr:
    """UK VAT number as its 9 (or 12) digits: ``GB 123 4567 89`` → ``123456789``."""
    digits = pl.col(col).str.replace_all(r"\D", "")
    return pl.when(digits.str.len_chars().is_in([9, 12])).then(digits)


def parse_mcc(col: str) -> pl.Expr:
    """Merchant category code as 4-character text (leading zeros matter: ``742`` → ``0742``)."""
    digits = pl.col(col).str.strip_chars().str.extract(r"^(\d{1,4})(?:\.0+)?$", 1)
    return digits.str.pad_start(4, "0")


GIFT_STATUS = {
    "accepted": (
        "accepted",
        "accept",
        "received",
        "yes",
        "retained",
        "kept",
        "held by department",
        "transferred to department",
        "held",
        "approved",
    ),
    "declined": (
        "declined",
        "decline",
        "refused",
        "rejected",
        "not accepted",
        "no",
        "returned",
        "politely declined",
    ),
    "donated": ("donated to charity", "donated", "given to charity", "raffled", "charity"),
    "pending": ("pending", "awaiting decision", "tbc"),
}

INTEREST_STATUS = {
    "approved": (
        "approved",
        "yes",
        "granted",
        "approved with conditions",
        "approved subject to conditions",
        "conditional approval",
        "authorised",
        "accepted",
    ),
    "refused": ("refused", "rejected", "declined", "not approved", "no", "denied"),
    "pending": ("pending", "awaiting decision", "under review", "submitted", "tbc"),
    "withdrawn": ("withdrawn", "ceased", "ended", "closed"),
}


def classify(col: str, vocabulary: dict[str, tuple[str, ...]], *, default: str = "unknown") -> pl.Expr:
    """Map free-text statuses to a small vocabulary; prefix matches count (``Accepted - on behalf of``)."""
    s = pl.col(col).str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " ")
    expr: pl.Expr = pl.lit(default)
    # Later `when`s are evaluated first in this fold, so go through the vocabulary in reverse: earlier wins.
    pairs = [(label, word) for label, words in vocabulary.items() for word in words]
    for label, word in reversed(pairs):
        pattern = r"^" + re.escape(word) + r"\b"
        expr = pl.when(s.str.contains(pattern)).then(pl.lit(label)).otherwise(expr)
    return pl.when(s.is_null() | (s == "")).then(pl.lit(default)).otherwise(expr)


def classify_kind(col: str) -> pl.Expr:
    """Gift or hospitality, from a kind column or the description's words."""
    s = pl.col(col).str.to_lowercase()
    return (
        pl.when(
            s.str.contains(
                r"hospitality|dinner|lunch|breakfast|meal|drinks|reception|event|ticket|"
                r"match|concert|conference|hotel|travel|box"
            )
        )
        .then(pl.lit("hospitality"))
        .when(s.str.contains(r"gift|voucher|hamper|bottle|wine|present|pen|book|flowers|chocolates"))
        .then(pl.lit("gift"))
        .otherwise(pl.lit("other"))
    )
