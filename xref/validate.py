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
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

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
    parse_birth_month,
    parse_company_number,
    parse_date,
    parse_mcc,
    parse_money,
    parse_money_high,
    parse_vat_number,
)
from xref.people import person_key, staff_id_key
from xref.schemas import Register, heading_key
from xref.staging import record_schema

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
    "not_a_person": "The row records a company or a statement (a corporate officer, a company with significant "
    "control, 'no registrable person'), not a person. Nothing to do.",
    "future_date": "The date is after the day of the run (e.g. 2099 for 2019): a typing error. Correct it at source.",
}


HEALTH_SHARE = 0.2
"""A column of which more than this share of the values cannot be read is reported as unhealthy."""
_HEALTH_MIN_FAILED = 3


@dataclass(frozen=True)
class ColumnHealth:
    """A column most of whose values could not be read: how many, examples, and the likely cause."""

    register: str
    source_file: str
    field: str
    heading: str
    failed: int
    of: int
    examples: tuple[str, ...]
    cause: str

    @property
    def sentence(self) -> str:
        """One line for the console, e.g. ``217 of 219 value values (99 %) in 'Value' could not be read ...``."""
        examples = ", ".join(repr(e) for e in self.examples)
        return (
            f"{self.register} file {self.source_file}: {self.failed:,} of {self.of:,} {self.field} values "
            f"({100 * self.failed / self.of:.0f} %) in column {self.heading!r} could not be read, e.g. {examples}; "
            f"{self.cause}"
        )


def _likely_cause(code: str, examples: Sequence[str]) -> str:
    """What most probably went wrong with a column's unreadable values, and what to do."""
    firsts = {e.strip()[:1] for e in examples if e.strip()}
    if code == "bad_amount":
        if any(re.search(r"[$€¥]|usd|eur", e, re.I) for e in examples):
            return "amounts in another currency are not read as pounds: export the sterling column"
        if any(re.fullmatch(r"[-+]?\d*\.?\d+[eE][-+]?\d+", e.strip()) for e in examples):
            return "scientific notation (a spreadsheet's rounding): format the column as a number before exporting"
        if len(firsts) == 1 and all(re.fullmatch(r"[^\d\s+\-(.]\s*[\d,]*\.?\d+", e.strip()) for e in examples):
            return (
                f"each begins with {firsts.pop()!r}: a currency sign mangled by an earlier encoding step? Export again "
                "as UTF-8"
            )
        if any(re.search(r"[a-z]{3}", e, re.I) for e in examples):
            return "the column holds words, not amounts: is it the right column? (map another in xref.toml)"
        return REASON_HELP["bad_amount"]
    if code == "bad_date":
        if all(re.fullmatch(r"(?i)[a-z]+\.?\s+\d{4}", e.strip()) for e in examples):
            return "dates without a day ('September 2016') place nothing on a day: give the day at source"
        if any(re.search(r"\d\s*[-–]\s*\d", e) for e in examples):
            return "ranges of days ('4-5 February 2017') are not one date: give the first day at source"
        if all(not re.search(r"\d{4}|\d+[/.-]\d+[/.-]\d+", e) for e in examples):
            return "dates without a year ('16th April') cannot be placed: give the year at source"
        return REASON_HELP["bad_date"] + " If it is not a date column, map another in xref.toml"
    kind = code.removeprefix("bad_").replace("_", " ")
    return f"the column does not hold {kind}s: is it the right column? (map another in xref.toml)"


@dataclass(frozen=True)
class ValidatedFile:
    """A file's usable rows (typed, with lineage) and the rows set aside."""

    file: LoadedFile
    rows: pl.DataFrame
    quarantine: pl.DataFrame
    issues: pl.DataFrame
    notes: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=ISSUE_SCHEMA))
    """Assumptions made reading the whole file (``ambiguous_date_order``), in the shape of ``issues``."""
    health: tuple[ColumnHealth, ...] = ()
    """Columns whose values mostly could not be read (more than :data:`HEALTH_SHARE`)."""


def validate_file(loaded: LoadedFile, register: Register, *, today: dt.date | None = None) -> ValidatedFile:
    """Type every mapped field, quarantine unusable rows, and list unreadable optional values.

    Args:
        loaded: the file as read.
        register: its register.
        today: the run date; event dates after it are quarantined as ``future_date`` (default: today).

    Raises:
        InputFileError: a date column reads only as month/day/year.
    """
    return validate_files([loaded], register, today=today)[0]


def validate_files(
    files: Sequence[LoadedFile], register: Register, *, today: dt.date | None = None
) -> list[ValidatedFile]:
    """:func:`validate_file` for several files of one register, in one pass over all their rows.

    A register's files differ only in their rows, so one set of expressions over all of them replaces a set per
    file (the cost of validating 862 small files was mostly building and planning the same expressions 862 times).
    Files are grouped by their mapped headings, which the ``repeated_heading`` check compares against.
    """
    today = today or dt.date.today()
    groups: dict[tuple[tuple[str, str], ...], list[int]] = {}
    for i, f in enumerate(files):
        groups.setdefault(tuple(sorted(f.mapping.items())), []).append(i)
    out: dict[int, ValidatedFile] = {}
    for idxs in groups.values():
        group = [files[i] for i in idxs]
        out.update(zip(idxs, _validate_group(group, register, today), strict=True))
    return [out[i] for i in range(len(files))]


def _date(name: str) -> pl.Expr:
    """A date field as parsed once per distinct value (see :func:`_parse_values`)."""
    return pl.col(f"__date_{name}")


def _money(name: str) -> pl.Expr:
    """A money field as parsed once per distinct value (its lower bound, for a range)."""
    return pl.col(f"__money_{name}")


def _money_high(name: str) -> pl.Expr:
    """A money field's upper bound (:func:`xref.parse.parse_money_high`), parsed once per distinct value."""
    return pl.col(f"__high_{name}")


def _value(name: str) -> pl.Expr:
    """A company number, VAT number, MCC or month of birth as parsed once per distinct value."""
    return pl.col(f"__value_{name}")


def _no_value(name: str) -> pl.Expr:
    """Whether a typed field's text says no value was recorded (:func:`xref.parse.is_no_value`), per value."""
    return pl.col(f"__none_{name}")


_VALUE_PARSERS: dict[str, Callable[[str], pl.Expr]] = {
    "company_number": parse_company_number,
    "vat_number": parse_vat_number,
    "mcc": parse_mcc,
    "birth_month": parse_birth_month,
}
"""The field types read into one text value by one parser (dates and money have their own columns)."""
_TYPED = ("date", "money", *_VALUE_PARSERS)
"""The field types parsed from their text (:func:`_parse_values`); the others are kept as written."""


def _parse_values(grid: pl.DataFrame, register: Register) -> pl.DataFrame:
    """``grid`` with each typed field parsed: ``__date_``, ``__money_``/``__high_``, ``__value_`` and ``__none_``.

    Every parser of :mod:`xref.parse` reads one cell's text alone, so each is run once per distinct value of the
    column and joined back: registers repeat their values (five years of card spend hold under 2,000 dates), and
    the parsers' regular expressions, not the rows, were most of the time a load took (issue 20).
    """
    for f in register.fields:
        derived: dict[str, pl.Expr] = {}
        if f.type == "date":
            derived[f"__date_{f.name}"] = parse_date(f.name)
        elif f.type == "money":
            derived[f"__money_{f.name}"] = parse_money(f.name)
            derived[f"__high_{f.name}"] = parse_money_high(f.name)
        elif f.type in _VALUE_PARSERS:
            derived[f"__value_{f.name}"] = _VALUE_PARSERS[f.type](f.name)
        else:
            continue
        derived[f"__none_{f.name}"] = is_no_value(f.name)
        grid = per_value(grid, f.name, derived)
    return grid


def per_value(frame: pl.DataFrame, column: str, derived: dict[str, pl.Expr]) -> pl.DataFrame:
    """``frame`` with the ``derived`` columns, each an expression of ``column`` alone, evaluated once per value.

    The rows keep their order; a null ``column`` gets what the expressions give for null.
    """
    values = frame.select(pl.col(column).unique()).with_columns(**derived)
    return frame.join(values, on=column, how="left", nulls_equal=True, maintain_order="left")


def _validate_group(files: list[LoadedFile], register: Register, today: dt.date) -> list[ValidatedFile]:
    """Validate files that share one heading mapping; one result per file, in order."""
    names = [f.name for f in register.fields]
    parts = []
    for k, loaded in enumerate(files):
        grid = loaded.grid
        missing = [pl.lit(None, dtype=pl.Utf8).alias(n) for n in names if n not in grid.columns]
        if "_longest" not in grid.columns:
            missing.append(pl.lit(0, dtype=pl.Int64).alias("_longest"))
        for extra in ("_extra", "_stray"):
            if extra not in grid.columns:
                missing.append(pl.lit(None, dtype=pl.Utf8).alias(extra))
        parts.append(
            grid.with_columns(*missing, pl.lit(k, dtype=pl.Int32).alias("_file")).select(
                pl.col("_row").cast(pl.Int64),
                pl.col("_blank").cast(pl.Boolean),
                pl.col("_raw").cast(pl.Utf8),
                pl.col("_longest").cast(pl.Int64),
                pl.col("_extra").cast(pl.Utf8),
                pl.col("_stray").cast(pl.Utf8),
                *[pl.col(n).cast(pl.Utf8) for n in names],
                "_file",
            )
        )
    grid = pl.concat(parts, how="vertical", rechunk=True) if len(parts) > 1 else parts[0]
    del parts
    text = {n: pl.col(n).str.strip_chars() for n in names}
    grid = grid.with_columns([pl.when(e == "").then(None).otherwise(e).alias(n) for n, e in text.items()])
    # a month of birth given in two parts (Companies House's {"month": 2, "year": 1977}) is read as one
    grid = grid.with_columns(
        pl.coalesce(f.name, pl.format("{}-{}", *f.from_parts)).alias(f.name) for f in register.fields if f.from_parts
    )
    # parse each typed value once: the reasons, the typed values and the problems all read them
    grid = _parse_values(grid, register)
    grid = grid.with_columns(_heading_rows(grid, register, files[0].mapping))
    notes = _date_order(grid, files, register)
    file_names = {k: f.name for k, f in enumerate(files)}
    source_file = pl.col("_file").replace_strict(file_names, return_dtype=pl.Utf8)

    typed: list[pl.Expr] = []
    problems: list[tuple[str, pl.Expr, str]] = []  # (field, "unreadable" condition, problem code)
    for f in register.fields:
        present = pl.col(f.name).is_not_null()
        # "NA", "Unknown"... mean no value was recorded: not a problem to report.
        unreadable = present & ~_no_value(f.name) if f.type in _TYPED else present
        if f.type == "date":
            typed += [_date(f.name).alias(f.name), pl.col(f.name).alias(f.name + "_raw")]
            problems.append((f.name, unreadable & _date(f.name).is_null(), "bad_date"))
        elif f.type == "money":
            value, high = _money(f.name), _money_high(f.name)
            if not f.signed:
                negative = value < 0
                value, high = (
                    pl.when(negative).then(None).otherwise(value),
                    pl.when(negative).then(None).otherwise(high),
                )
                problems.append((f.name, negative.fill_null(False), "negative_value"))
            typed += [value.alias(f.name), high.alias(f.name + "_high"), pl.col(f.name).alias(f.name + "_raw")]
            problems.append((f.name, unreadable & _money(f.name).is_null(), "bad_amount"))
        elif f.type in _VALUE_PARSERS:
            typed.append(_value(f.name).alias(f.name))
            problems.append((f.name, unreadable & _value(f.name).is_null(), f"bad_{f.type}"))
        elif f.type == "person":
            typed += [
                pl.col(f.name).str.replace_all(r"\s+", " ").alias(f.name),
                person_key(f.name).alias(f.name + "_key"),
            ]
        elif f.type == "supplier":
            typed.append(pl.col(f.name).str.replace_all(r"\s+", " ").alias(f.name))
        else:
            typed.append(pl.col(f.name))

    # a worksheet cell to the right of the table: the row is kept, the cell listed (see xref.load._mapped)
    stray = ("(no heading)", pl.col("_stray").is_not_null(), "cell_beyond_headings")
    reason = _reason(register, today)
    checked = grid.with_columns(reason.alias("_reason"))
    del grid
    # over the rows that are records (not blank, totals, nil-return or repeated heading lines)
    records = pl.col("_reason").is_null() | pl.col("_reason").str.contains(r"^(?:bad|missing|future)_")
    health = _column_health(checked.lazy().filter(records), files, register, problems)

    # rechunk after filtering: polars 2.1 can panic ("i < self.len()") evaluating when/then chains on filtered
    # string columns that came from a ragged CSV read.
    quarantine = (
        checked.filter(pl.col("_reason").is_not_null())
        .rechunk()
        .select(
            "_file",
            pl.lit(register.name).alias("register"),
            source_file.alias("source_file"),
            pl.col("_row").alias("source_row"),
            pl.col("_reason").alias("reason"),
            _detail(register, today).alias("detail"),
            pl.col("_raw").alias("raw"),
        )
    )

    kept = checked.filter(pl.col("_reason").is_null()).rechunk()
    del checked
    issues = _issues(kept, register, problems, source_file, stray)
    rows = kept.select(
        "_file",
        pl.format("{}:{}", source_file, pl.col("_row")).alias("rec_id"),
        source_file.alias("source_file"),
        pl.col("_row").alias("source_row"),
        pl.col("_raw").alias("raw"),
        *typed,
    ).with_columns(_classified(register))
    del kept
    id_col = register.id_field
    ref = pl.coalesce(pl.col(id_col), pl.col("rec_id")) if id_col else pl.col("rec_id")
    rows = rows.with_columns(ref.alias("ref"))
    if register.people_list:
        rows = rows.with_columns(staff_id_key("staff_id").alias("staff_id_key"))
    schema = record_schema(register)
    rows = rows.select("_file", *[pl.col(c).cast(t) for c, t in schema.items()])
    quarantine = quarantine.cast({"_file": pl.Int32, **QUARANTINE_SCHEMA})  # type: ignore[dict-item]
    split_rows, split_quarantine, split_issues = (_split(f, len(files)) for f in (rows, quarantine, issues))
    return [
        ValidatedFile(
            loaded,
            split_rows[k],
            split_quarantine[k],
            split_issues[k],
            pl.concat(
                [notes.filter(pl.col("source_file") == loaded.name) if len(files) > 1 else notes, _file_notes(loaded)]
            ),
            health.get(k, ()),
        )
        for k, loaded in enumerate(files)
    ]


def _column_health(
    grid: pl.LazyFrame, files: list[LoadedFile], register: Register, problems: list[tuple[str, pl.Expr, str]]
) -> dict[int, tuple[ColumnHealth, ...]]:
    """Per file of the group, the columns more than :data:`HEALTH_SHARE` of whose values cannot be read.

    Counted over the rows that are records (``grid``: blank, totals, nil-return and repeated heading lines left
    out), whether set aside or kept, so a required column lost to quarantine and an optional one emptied in the
    issues are seen alike (217 of 219 contract values with a mangled "£" is one line, not 217).
    """
    unreadable = [(name, cond, code) for name, cond, code in problems if code.startswith("bad_")]
    if not unreadable:
        return {}
    aggs = []
    for i, (name, cond, _) in enumerate(unreadable):
        present = pl.col(name).is_not_null() & ~_no_value(name)
        aggs += [
            present.sum().alias(f"n{i}"),
            cond.sum().alias(f"bad{i}"),
            pl.col(name).filter(cond).unique(maintain_order=True).head(3).alias(f"ex{i}"),
        ]
    out: dict[int, list[ColumnHealth]] = {}
    # lazily: only the columns in question are filtered, not a copy of every row
    for row in grid.group_by("_file").agg(aggs).collect().iter_rows(named=True):
        loaded = files[row["_file"]]
        for i, (name, _, code) in enumerate(unreadable):
            n, bad = row[f"n{i}"], row[f"bad{i}"]
            if bad >= _HEALTH_MIN_FAILED and bad > HEALTH_SHARE * n:
                examples = tuple(row[f"ex{i}"])
                out.setdefault(row["_file"], []).append(
                    ColumnHealth(
                        register.name,
                        loaded.name,
                        name,
                        loaded.mapping.get(name, name),
                        bad,
                        n,
                        examples,
                        _likely_cause(code, examples),
                    )
                )
    return {k: tuple(v) for k, v in out.items()}


def _file_notes(loaded: LoadedFile) -> pl.DataFrame:
    """What was left out of the file (a hidden worksheet, a sheet with no heading row, a repeat), as issue rows."""
    rows = [
        {
            "register": loaded.register,
            "source_file": loaded.name,
            "source_row": None,
            "field": "(file)",
            "value": note,
            "problem": code,
        }
        for code, note in loaded.notes
    ]
    return pl.DataFrame(rows, schema=ISSUE_SCHEMA)


def _split(frame: pl.DataFrame, n: int) -> list[pl.DataFrame]:
    """A group's frame as one frame per file (by its ``_file`` index, which is dropped), in one pass."""
    empty = frame.clear().drop("_file")
    parts = frame.partition_by("_file", as_dict=True, include_key=False, maintain_order=True)
    return [parts.get((k,), empty) for k in range(n)]


VOCABULARIES: dict[str, Callable[[str], pl.Expr]] = {
    "gift_status": lambda col: classify(col, GIFT_STATUS),
    "gift_kind": classify_kind,
    "interest_status": lambda col: classify(col, INTEREST_STATUS),
}
"""The vocabularies a field's text is classified into (:attr:`xref.schemas.Field.vocabulary`), from xref/parse.py."""


def _classified(register: Register) -> list[pl.Expr]:
    """Statuses and kinds mapped to a small vocabulary; the text as written is kept beside them as ``<field>_raw``."""
    out = []
    for f in register.fields:
        if not f.vocabulary:
            continue
        read = VOCABULARIES[f.vocabulary]
        value = read(f.name)
        if f.vocabulary_fallback:
            value = pl.when(pl.col(f.name).is_not_null()).then(value).otherwise(read(f.vocabulary_fallback))
        out += [pl.col(f.name).alias(f"{f.name}_raw"), value.alias(f.name)]
    return out


def _reason(register: Register, today: dt.date) -> pl.Expr:
    """The first reason a row cannot be used, as ``code`` or ``code:field``; null for a usable row."""
    texts = [pl.col(f.name) for f in register.fields]

    def any_text_has(pattern: str) -> pl.Expr:
        return pl.any_horizontal([t.str.contains(pattern).fill_null(False) for t in texts])

    date_fields = [f for f in register.fields if f.required_value and f.type == "date"]
    date_blank = pl.any_horizontal([_date(f.name).is_null() for f in date_fields]) if date_fields else pl.lit(True)
    nil = r"(?i)\bnil\s+(return|declaration)s?\b"
    checks: list[tuple[pl.Expr, str]] = [
        (pl.col("_blank"), "blank_row"),
        (pl.col("_longest") > EXCEL_CELL_LIMIT, "oversized_cell"),
        (pl.col("_extra").is_not_null(), "extra_cells"),
        (pl.col("__heading_row"), "repeated_heading"),
        (any_text_has(r"(?i)^\s*(grand\s+)?(sub[\s-]*)?totals?\b") & date_blank, "totals_row"),
    ]
    if register.declarations:
        checks.append((any_text_has(nil), "nil_return"))
    else:  # "Nil return" / "No transactions" on a line with no date
        none_this_time = nil + r"|^\s*no\s+(transactions|spend|payments|purchases|contracts)\b"
        checks.append((any_text_has(none_this_time) & date_blank, "nil_return"))
    for f in register.fields:
        if f.not_a_person:  # a corporate officer, a company as PSC, a statement: nobody to compare with staff
            checks.append((pl.col(f.name).str.contains(f.not_a_person).fill_null(False), f"not_a_person:{f.name}"))
    if "direction" in register.field_names:  # a gift given by the force is not one received
        given = pl.col("direction").str.strip_chars().str.to_lowercase().str.starts_with("given").fill_null(False)
        checks.append((given, "gift_given_not_received"))
    for f in register.fields:
        if f.required_value:
            absent = pl.col(f.name).is_null()
            if f.type in ("date", "money"):
                absent = absent | _no_value(f.name).fill_null(False)
            checks.append((absent, f"missing_value:{f.name}"))
    for f in register.fields:
        if f.required_value and f.type == "date":
            checks.append((_date(f.name).is_null(), f"bad_date:{f.name}"))
        if f.required_value and f.type == "money":
            checks.append((_money(f.name).is_null(), f"bad_amount:{f.name}"))
    for f in date_fields:
        if not f.may_be_future:
            checks.append(((_date(f.name) > pl.lit(today)).fill_null(False), f"future_date:{f.name}"))
    # the first check that holds wins; numbered, so no string column is built per check
    first = pl.coalesce([pl.when(cond).then(pl.lit(i, dtype=pl.Int32)) for i, (cond, _) in enumerate(checks)])
    return first.replace_strict(dict(enumerate(code for _, code in checks)), default=None, return_dtype=pl.Utf8)


def _heading_rows(grid: pl.DataFrame, register: Register, mapping: dict[str, str]) -> pl.Series:
    """Which rows are a heading row inside the data (``repeated_heading``), as ``__heading_row``.

    A second copy of the heading row repeats every mapped cell's heading; another month's export has, in every
    filled mapped cell, a known heading for its field (at least two). Reading a cell's heading key is costly
    (Unicode normalisation), so the columns are read one at a time and only the rows still in the running are
    read further; the rows left are then checked in full.
    """
    flag = pl.Series("__heading_row", [False] * grid.height, dtype=pl.Boolean)
    if not mapping or not grid.height:
        return flag
    keys = {name: [heading_key(a) for a in register.field(name).aliases] for name in mapping}
    # the repeated copy: every mapped cell repeats its heading...
    repeated = pl.all_horizontal(
        [pl.col(name).str.to_lowercase().fill_null("") == heading.strip().lower() for name, heading in mapping.items()]
    )
    # ...or another month's headings: every filled mapped cell is a known heading for its field (at least two)
    heading_like = [_heading_key(name).is_in(keys[name]).fill_null(False) for name in mapping]
    filled = [pl.col(name).is_not_null() for name in mapping]
    drifted = pl.all_horizontal([~f | h for f, h in zip(filled, heading_like, strict=True)]) & (
        pl.sum_horizontal([h.cast(pl.Int32) for h in heading_like]) >= 2
    )
    # a row is in the running while each cell read so far is empty, its heading, or a known heading for its field
    running = grid.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_i"), *mapping)
    for (name, heading), like in zip(mapping.items(), heading_like, strict=True):
        same = pl.col(name).str.to_lowercase() == heading.strip().lower()
        running = running.filter(pl.col(name).is_null() | same.fill_null(False) | like)
        if not running.height:
            return flag
    found = running.filter(repeated | drifted)["_i"]
    return flag.scatter(found, True) if found.len() else flag


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
        if f.not_a_person:
            expr = (
                pl.when(pl.col("_reason") == f"not_a_person:{f.name}")
                .then(
                    pl.format("{} '{}' is not a person: nobody to compare with the staff list", pl.lit(f.name), value)
                )
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
                "a cell of at least {} characters (an Excel cell holds at most 32,767); raw keeps the start of the row",
                pl.col("_longest"),
            )
        )
        .otherwise(expr)
    )


def _date_order(grid: pl.DataFrame, files: list[LoadedFile], register: Register) -> pl.DataFrame:
    """Check each file's date columns' day/month order; note a column that reads either way.

    Raises:
        InputFileError: a column's numeric dates only make sense as month/day/year.
    """
    date_fields = [f.name for f in register.fields if f.type == "date" and f.name in files[0].mapping]
    stats: dict[str, dict[int, dict[str, Any]]] = {}
    for name in date_fields:
        first, second = date_parts(name)
        # each distinct date of a file once, with how often it occurs and its first row: the same counts and
        # examples as reading every row, for a parse per distinct value
        values = grid.group_by("_file", name).agg(pl.len().alias("_n"), pl.col("_row").min()).sort("_file", "_row")
        per_file = (
            values.group_by("_file", maintain_order=True)
            .agg(
                pl.col("_n").filter(first.is_between(13, 31) & (second <= 12)).sum().alias("day_first"),
                pl.col("_n").filter(second.is_between(13, 31) & (first <= 12)).sum().alias("month_first"),
                pl.col(name).filter(second.is_between(13, 31) & (first <= 12)).first().alias("us_example"),
                pl.struct("_row", name).filter((first <= 12) & (second <= 12) & (first != second)).first().alias("ex"),
            )
            .iter_rows(named=True)
        )
        stats[name] = {row["_file"]: row for row in per_file}
    notes = []
    for k, loaded in enumerate(files):
        for name in date_fields:
            found = stats[name].get(k)
            if found is None or found["day_first"]:
                continue
            heading = loaded.mapping[name]
            if found["month_first"]:
                raise InputFileError(
                    f"{register.name} file {loaded.path}: column {heading!r} has dates such as "
                    f"{found['us_example']!r} that only make sense as month/day/year, and none that only make sense "
                    "as day/month; xref reads dates as dd/mm/yyyy (UK). Export the dates as dd/mm/yyyy or yyyy-mm-dd "
                    "and try again"
                )
            if found["ex"] is not None:
                notes.append(
                    {
                        "register": register.name,
                        "source_file": loaded.name,
                        "source_row": found["ex"]["_row"],
                        "field": name,
                        "value": found["ex"][name],
                        "problem": "ambiguous_date_order",
                    }
                )
    return pl.DataFrame(notes, schema=ISSUE_SCHEMA)


def _issues(
    kept: pl.DataFrame,
    register: Register,
    problems: list[tuple[str, pl.Expr, str]],
    source_file: pl.Expr,
    stray: tuple[str, pl.Expr, str],
) -> pl.DataFrame:
    """Unreadable optional values of kept rows, and cells beyond the headings, with the group's ``_file`` index."""
    schema = {"_file": pl.Int32, **ISSUE_SCHEMA}
    frames = []
    for name, cond, code in [*problems, stray]:
        found = kept.filter(cond)
        if found.height:
            frames.append(
                found.select(
                    "_file",
                    pl.lit(register.name).alias("register"),
                    source_file.alias("source_file"),
                    pl.col("_row").alias("source_row"),
                    pl.lit(name).alias("field"),
                    (pl.col("_stray") if (name, code) == stray[::2] else pl.col(name)).alias("value"),
                    pl.lit(code).alias("problem"),
                )
            )
    if not frames:
        return pl.DataFrame(schema=schema)
    return pl.concat(frames).cast(schema)  # type: ignore[arg-type]
