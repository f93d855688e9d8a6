"""Turn a text grid into typed rows, setting aside every row that cannot be used, with a reason code.

Reason codes (one per quarantined row; the first that applies):

- ``blank_row`` — every cell is empty.
- ``oversized_cell`` — a cell is longer than Excel allows (32,767 characters): not a register value.
- ``extra_cells`` — the row has more cells than the heading row (usually an unquoted comma).
- ``repeated_heading`` — a heading row inside the data (files pasted together), the same headings or other
  known headings for the same fields (a later month's export).
- ``totals_row`` — a "Total" line rather than a record.
- ``nil_return`` — a "Nil return" line: the register says there is nothing to declare (in other registers, only
  when the line has no date, e.g. "No transactions").
- ``gift_given_not_received`` — a gifts-register line for a gift the member of staff *gave*.
- ``missing_value:<field>`` — a field the rules cannot do without is blank, or a required date or amount says
  no value was recorded (``Value Unknown``, ``N/A``).
- ``bad_date:<field>`` — a required date cannot be read (e.g. ``31/02/2025``).
- ``bad_amount:<field>`` — a required amount cannot be read.
- ``future_date:<field>`` — an event date (a transaction, payment, award, offer, incorporation) later than the run
  date, e.g. ``14/01/2099`` — a typing error. A leaver's leaving date may be in the future.

An unreadable *optional* value does not quarantine the row: the value is left empty and the problem is listed in
the file's issues, so no usable row is lost for a secondary field. Negative amounts are kept: they are refunds and
credits, which the rules leave out of spending totals (``amount > 0``).

A date column whose numeric dates all read either way (``03/04/2025``: both parts 12 or less) is read as
dd/mm/yyyy and the assumption is noted (``ambiguous_date_order``); a column whose dates only make sense as
mm/dd/yyyy (``04/25/2025``, and none like ``25/04/2025``) stops the run rather than be misread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from xref.errors import InputFileError
from xref.load import EXCEL_CELL_LIMIT, LoadedFile
from xref.parse import (
    GIFT_STATUS,
    INTEREST_STATUS,
    classify,
    classify_kind,
    date_parts,
    is_no_value,
    parse_company_number,
    parse_date,
    parse_mcc,
    parse_money,
    parse_money_high,
    parse_vat_number,
)
from xref.people import person_key, staff_id_key
from xref.schemas import Register, heading_key

QUARANTINE_SCHEMA = {
    "register": pl.Utf8,
    "source_file": pl.Utf8,
    "source_row": pl.Int64,
    "reason": pl.Utf8,
    "detail": pl.Utf8,
    "raw": pl.Utf8,
}
ISSUE_SCHEMA = {
    "register": pl.Utf8,
    "source_file": pl.Utf8,
    "source_row": pl.Int64,
    "field": pl.Utf8,
    "value": pl.Utf8,
    "problem": pl.Utf8,
}

FUTURE_DATE_ALLOWED = {("leavers", "leaving_date")}
"""Required dates that may lie after the run date (a leaver who has given notice)."""

REASON_HELP = {
    "blank_row": "The row is empty. Nothing to do; it is listed so that counts reconcile.",
    "oversized_cell": "A cell is longer than Excel allows (32,767 characters): a broken export. Export it again.",
    "extra_cells": "The row has more cells than the heading row — usually a comma inside an unquoted name. "
    "Quote the field or export again from the source system.",
    "repeated_heading": "The heading row appears again inside the data (files pasted together). Nothing to do.",
    "totals_row": "A totals line, not a record. Nothing to do.",
    "nil_return": "A 'Nil return' line: nothing was declared. Nothing to do.",
    "gift_given_not_received": "A gift given by the member of staff, not offered to them. Nothing to do.",
    "missing_value": "A field the checks need is blank. Fill it in at source and re-export.",
    "bad_date": "The date cannot be read (e.g. 31/02/2025). Dates are read as dd/mm/yyyy; correct it at source.",
    "bad_amount": "The amount cannot be read. Use a number such as 1234.50, £1,234.50 or (12.00) for a credit.",
    "future_date": "The date is after the day of the run (e.g. 2099 for 2019): a typing error. Correct it at source.",
}


@dataclass(frozen=True)
class ValidatedFile:
    """A file's usable rows (typed, with lineage) and the rows set aside."""

    file: LoadedFile
    rows: pl.DataFrame
    quarantine: pl.DataFrame
    issues: pl.DataFrame
    notes: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=ISSUE_SCHEMA))
    """Assumptions made reading the whole file (``ambiguous_date_order``), in the shape of ``issues``."""


def empty_rows(register: Register) -> pl.DataFrame:
    """A typed, empty staging frame for a register that was not supplied (rules still run, finding nothing)."""
    return pl.DataFrame(schema=staging_schema(register))


def staging_schema(register: Register) -> dict[str, pl.DataType]:
    """Column names and types of a register's staging table."""
    schema: dict[str, pl.DataType] = {
        "rec_id": pl.Utf8(),
        "ref": pl.Utf8(),
        "source_file": pl.Utf8(),
        "source_row": pl.Int64(),
    }
    for f in register.fields:
        if f.type == "date":
            schema[f.name] = pl.Date()
        elif f.type == "money":
            schema[f.name] = pl.Float64()
        else:
            schema[f.name] = pl.Utf8()
        if f.type in ("date", "money"):
            schema[f.name + "_raw"] = pl.Utf8()
        if f.type == "money":
            schema[f.name + "_high"] = pl.Float64()
        if f.type == "person":
            schema[f.name + "_key"] = pl.Utf8()
    if register.name == "gifts":
        schema["status_raw"] = pl.Utf8()
        schema["kind_raw"] = pl.Utf8()
    if register.name == "interests":
        schema["status_raw"] = pl.Utf8()
    if register.name == "staff":
        schema["staff_id_key"] = pl.Utf8()
    schema["raw"] = pl.Utf8()
    return schema


def validate_file(loaded: LoadedFile, register: Register, *, today: dt.date | None = None) -> ValidatedFile:
    """Type every mapped field, quarantine unusable rows, and list unreadable optional values.

    Args:
        loaded: the file as read.
        register: its register.
        today: the run date; event dates after it are quarantined as ``future_date`` (default: today).

    Raises:
        InputFileError: a date column reads only as month/day/year.
    """
    today = today or dt.date.today()
    grid = loaded.grid
    for f in register.fields:  # absent optional columns become empty columns
        if f.name not in grid.columns:
            grid = grid.with_columns(pl.lit(None, dtype=pl.Utf8).alias(f.name))
    if "_longest" not in grid.columns:
        grid = grid.with_columns(pl.lit(0, dtype=pl.Int64).alias("_longest"))
    text = {f.name: pl.col(f.name).str.strip_chars() for f in register.fields}
    grid = grid.with_columns([pl.when(e == "").then(None).otherwise(e).alias(n) for n, e in text.items()])
    notes = _date_order(grid, loaded, register)

    typed: list[pl.Expr] = []
    problems: list[tuple[str, pl.Expr, str]] = []  # (field, "unreadable" condition, problem code)
    for f in register.fields:
        present = pl.col(f.name).is_not_null()
        # "NA", "Unknown"... mean no value was recorded: not a problem to report.
        unreadable = present & ~is_no_value(f.name)
        if f.type == "date":
            typed += [parse_date(f.name).alias(f.name), pl.col(f.name).alias(f.name + "_raw")]
            problems.append((f.name, unreadable & parse_date(f.name).is_null(), "bad_date"))
        elif f.type == "money":
            typed += [
                parse_money(f.name).alias(f.name),
                parse_money_high(f.name).alias(f.name + "_high"),
                pl.col(f.name).alias(f.name + "_raw"),
            ]
            problems.append((f.name, unreadable & parse_money(f.name).is_null(), "bad_amount"))
        elif f.type == "company_number":
            typed.append(parse_company_number(f.name).alias(f.name))
            problems.append((f.name, unreadable & parse_company_number(f.name).is_null(), "bad_company_number"))
        elif f.type == "vat_number":
            typed.append(parse_vat_number(f.name).alias(f.name))
            problems.append((f.name, unreadable & parse_vat_number(f.name).is_null(), "bad_vat_number"))
        elif f.type == "mcc":
            typed.append(parse_mcc(f.name).alias(f.name))
            problems.append((f.name, unreadable & parse_mcc(f.name).is_null(), "bad_mcc"))
        elif f.type == "person":
            typed += [
                pl.col(f.name).str.replace_all(r"\s+", " ").alias(f.name),
                person_key(f.name).alias(f.name + "_key"),
            ]
        elif f.type == "supplier":
            typed.append(pl.col(f.name).str.replace_all(r"\s+", " ").alias(f.name))
        else:
            typed.append(pl.col(f.name))

    reason = _reason(register, loaded.mapping, today)
    file_name = loaded.name
    checked = grid.with_columns(reason.alias("_reason"))

    # rechunk after filtering: polars 2.1 can panic ("i < self.len()") evaluating when/then chains on filtered
    # string columns that came from a ragged CSV read.
    quarantine = (
        checked.filter(pl.col("_reason").is_not_null())
        .rechunk()
        .select(
            pl.lit(register.name).alias("register"),
            pl.lit(file_name).alias("source_file"),
            pl.col("_row").alias("source_row"),
            pl.col("_reason").alias("reason"),
            _detail(register, today).alias("detail"),
            pl.col("_raw").alias("raw"),
        )
    )

    kept = checked.filter(pl.col("_reason").is_null()).rechunk()
    issues = _issues(kept, register, problems, file_name)
    rows = kept.select(
        pl.format("{}:{}", pl.lit(file_name), pl.col("_row")).alias("rec_id"),
        pl.lit(file_name).alias("source_file"),
        pl.col("_row").alias("source_row"),
        pl.col("_raw").alias("raw"),
        *typed,
    ).with_columns(_classified(register))
    id_col = register.id_field
    ref = pl.coalesce(pl.col(id_col), pl.col("rec_id")) if id_col else pl.col("rec_id")
    rows = rows.with_columns(ref.alias("ref"))
    if register.name == "staff":
        rows = rows.with_columns(staff_id_key("staff_id").alias("staff_id_key"))
    schema = staging_schema(register)
    rows = rows.select([pl.col(c).cast(t) for c, t in schema.items()])
    return ValidatedFile(loaded, rows, quarantine.cast(QUARANTINE_SCHEMA), issues, notes)  # type: ignore[arg-type]


def _classified(register: Register) -> list[pl.Expr]:
    """Statuses and kinds mapped to a small vocabulary; the text as written is kept beside them."""
    if register.name == "gifts":
        return [
            pl.col("status").alias("status_raw"),
            classify("status", GIFT_STATUS).alias("status"),
            pl.col("kind").alias("kind_raw"),
            pl.when(pl.col("kind").is_not_null())
            .then(classify_kind("kind"))
            .otherwise(classify_kind("description"))
            .alias("kind"),
        ]
    if register.name == "interests":
        return [pl.col("status").alias("status_raw"), classify("status", INTEREST_STATUS).alias("status")]
    return []


def _reason(register: Register, mapping: dict[str, str], today: dt.date) -> pl.Expr:
    """The first reason a row cannot be used, as ``code`` or ``code:field``; null for a usable row."""
    texts = [pl.col(f.name) for f in register.fields]

    def any_text_has(pattern: str) -> pl.Expr:
        return pl.any_horizontal([t.str.contains(pattern).fill_null(False) for t in texts])

    date_fields = [f for f in register.fields if f.required_value and f.type == "date"]
    date_blank = pl.any_horizontal([parse_date(f.name).is_null() for f in date_fields]) if date_fields else pl.lit(True)
    # A second copy of the heading row: every mapped cell repeats its heading...
    repeated = pl.all_horizontal(
        [pl.col(name).str.to_lowercase().fill_null("") == heading.strip().lower() for name, heading in mapping.items()]
    )
    # ...or another month's headings: every filled mapped cell is a known heading for its field (at least two).
    heading_like = [
        _heading_key(name).is_in([heading_key(a) for a in register.field(name).aliases]) for name in mapping
    ]
    filled = [pl.col(name).is_not_null() for name in mapping]
    drifted = pl.all_horizontal([~f | h.fill_null(False) for f, h in zip(filled, heading_like, strict=True)]) & (
        pl.sum_horizontal([h.fill_null(False).cast(pl.Int32) for h in heading_like]) >= 2
    )
    nil = r"(?i)\bnil\s+(return|declaration)s?\b"
    checks: list[tuple[pl.Expr, str]] = [
        (pl.col("_blank"), "blank_row"),
        (pl.col("_longest") > EXCEL_CELL_LIMIT, "oversized_cell"),
        (pl.col("_extra").is_not_null(), "extra_cells"),
        (repeated | drifted, "repeated_heading") if mapping else (pl.lit(False), "repeated_heading"),
        (any_text_has(r"(?i)^\s*(grand\s+)?(sub[\s-]*)?totals?\b") & date_blank, "totals_row"),
    ]
    if register.name in ("gifts", "interests"):
        checks.append((any_text_has(nil), "nil_return"))
    else:  # "Nil return" / "No transactions" on a line with no date
        none_this_time = nil + r"|^\s*no\s+(transactions|spend|payments|purchases|contracts)\b"
        checks.append((any_text_has(none_this_time) & date_blank, "nil_return"))
    if register.name == "gifts":
        given = pl.col("direction").str.strip_chars().str.to_lowercase().str.starts_with("given").fill_null(False)
        checks.append((given, "gift_given_not_received"))
    for f in register.fields:
        if f.required_value:
            absent = pl.col(f.name).is_null()
            if f.type in ("date", "money"):
                absent = absent | is_no_value(f.name).fill_null(False)
            checks.append((absent, f"missing_value:{f.name}"))
    for f in register.fields:
        if f.required_value and f.type == "date":
            checks.append((parse_date(f.name).is_null(), f"bad_date:{f.name}"))
        if f.required_value and f.type == "money":
            checks.append((parse_money(f.name).is_null(), f"bad_amount:{f.name}"))
    for f in date_fields:
        if (register.name, f.name) not in FUTURE_DATE_ALLOWED:
            checks.append(((parse_date(f.name) > pl.lit(today)).fill_null(False), f"future_date:{f.name}"))
    expr: pl.Expr = pl.lit(None, dtype=pl.Utf8)
    for cond, code in reversed(checks):  # earlier checks win
        expr = pl.when(cond).then(pl.lit(code)).otherwise(expr)
    return expr


def _heading_key(col: str) -> pl.Expr:
    """:func:`xref.schemas.heading_key` as an expression."""
    return pl.col(col).str.normalize("NFKC").str.to_lowercase().str.replace_all(r"[^0-9a-z]+", "")


_FIXED_DETAIL = {
    "blank_row": "every cell is empty",
    "repeated_heading": "a heading row inside the data (files pasted together)",
    "totals_row": "a totals line, not a record",
    "nil_return": "a nil return: nothing to declare",
    "gift_given_not_received": "a gift given by the member of staff, not offered to them",
}


def _detail(register: Register, today: dt.date) -> pl.Expr:
    """A one-line, human explanation of the quarantine reason, quoting the offending value."""
    expr: pl.Expr = pl.col("_reason").replace(_FIXED_DETAIL)
    for f in register.fields:
        value = pl.col(f.name).fill_null("")
        if f.type == "date":
            expr = (
                pl.when(pl.col("_reason") == f"bad_date:{f.name}")
                .then(pl.format("{} '{}' is not a date (read as dd/mm/yyyy)", pl.lit(f.name), value))
                .when(pl.col("_reason") == f"future_date:{f.name}")
                .then(pl.format("{} '{}' is after the run date ({})", pl.lit(f.name), value, pl.lit(today.isoformat())))
                .otherwise(expr)
            )
        if f.type == "money":
            expr = (
                pl.when(pl.col("_reason") == f"bad_amount:{f.name}")
                .then(pl.format("{} '{}' is not an amount", pl.lit(f.name), value))
                .otherwise(expr)
            )
        expr = (
            pl.when((pl.col("_reason") == f"missing_value:{f.name}") & pl.col(f.name).is_not_null())
            .then(pl.format("{} says '{}': no value recorded", pl.lit(f.name), value))
            .when(pl.col("_reason") == f"missing_value:{f.name}")
            .then(pl.lit(f"{f.name} is blank"))
            .otherwise(expr)
        )
    return (
        pl.when(pl.col("_reason") == "extra_cells")
        # the cells are not quoted: this text is printed by xref check, and a shifted row's cells are often names
        .then(pl.lit("the row has cells beyond the last heading (see the raw column); it is shifted"))
        .when(pl.col("_reason") == "oversized_cell")
        .then(
            pl.format(
                "a cell of {} characters (an Excel cell holds at most 32,767); raw keeps the start of the row",
                pl.col("_longest"),
            )
        )
        .otherwise(expr)
    )


def _date_order(grid: pl.DataFrame, loaded: LoadedFile, register: Register) -> pl.DataFrame:
    """Check each date column's day/month order; note a column that reads either way.

    Raises:
        InputFileError: a column's numeric dates only make sense as month/day/year.
    """
    notes = []
    for f in register.fields:
        if f.type != "date" or f.name not in loaded.mapping:
            continue
        first, second = date_parts(f.name)
        stats = grid.select(
            (first.is_between(13, 31) & (second <= 12)).sum().alias("day_first"),
            (second.is_between(13, 31) & (first <= 12)).sum().alias("month_first"),
            pl.col(f.name).filter(second.is_between(13, 31) & (first <= 12)).first().alias("us_example"),
            pl.struct("_row", f.name).filter((first <= 12) & (second <= 12) & (first != second)).first().alias("ex"),
        ).row(0, named=True)
        heading = loaded.mapping[f.name]
        if stats["day_first"]:
            continue
        if stats["month_first"]:
            raise InputFileError(
                f"{register.name} file {loaded.path}: column {heading!r} has dates such as {stats['us_example']!r} "
                "that only make sense as month/day/year, and none that only make sense as day/month; xref reads "
                "dates as dd/mm/yyyy (UK). Export the dates as dd/mm/yyyy or yyyy-mm-dd and try again"
            )
        if stats["ex"] is not None:
            notes.append(
                {
                    "register": register.name,
                    "source_file": loaded.name,
                    "source_row": stats["ex"]["_row"],
                    "field": f.name,
                    "value": stats["ex"][f.name],
                    "problem": "ambiguous_date_order",
                }
            )
    return pl.DataFrame(notes, schema=ISSUE_SCHEMA)


def _issues(
    kept: pl.DataFrame, register: Register, problems: list[tuple[str, pl.Expr, str]], file_name: str
) -> pl.DataFrame:
    frames = []
    for name, cond, code in problems:
        found = kept.filter(cond)
        if found.height:
            frames.append(
                found.select(
                    pl.lit(register.name).alias("register"),
                    pl.lit(file_name).alias("source_file"),
                    pl.col("_row").alias("source_row"),
                    pl.lit(name).alias("field"),
                    pl.col(name).alias("value"),
                    pl.lit(code).alias("problem"),
                )
            )
    if not frames:
        return pl.DataFrame(schema=ISSUE_SCHEMA)
    return pl.concat(frames).cast(ISSUE_SCHEMA)  # type: ignore[arg-type]
