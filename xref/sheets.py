"""Files people fill in: reviewers' sheets, and the CSV files whose columns xref documents.

A reviewer's sheet (a flag review, a match review) is CSV as Excel saves it, or an XLSX workbook; the documented
CSV files are the match decisions, the match labels and the adjudications.

The one reader of each: :func:`read_sheet_rows` for :mod:`xref.match_review` and :mod:`xref.flag_review`,
:func:`read_csv_table` for :mod:`xref.overrides` and :mod:`xref.evaluate`. Registers are read by :mod:`xref.load`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl

from xref.errors import InputFileError


def read_sheet_rows(
    path: Path, *, required: tuple[str, ...], optional: tuple[str, ...], what: str, fix: str
) -> list[tuple[int, dict[str, str]]]:
    """The non-blank rows of a filled-in sheet as ``(spreadsheet row, column → stripped text)`` (header is row 1).

    Headings are matched ignoring case; a missing optional column reads as blank.

    Raises:
        InputFileError: the file is missing or unreadable, or lacks a required column (the message ends with ``fix``).
    """
    records = read_filled_file(path, what)
    header = [h.strip().lower() for h in records[0]] if records else []
    missing = [c for c in required if c not in header]
    if missing:
        raise InputFileError(f"{what} {path} has no {', '.join(missing)} column; {fix}")
    where = {c: header.index(c) for c in (*required, *optional) if c in header}
    return [
        (
            n,
            {
                c: values[where[c]].strip() if c in where and where[c] < len(values) else ""
                for c in (*required, *optional)
            },
        )
        for n, values in enumerate(records[1:], start=2)
        if any(v.strip() for v in values)
    ]


def read_csv_table(
    path: Path, *, what: str, option: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> pl.DataFrame:
    """A UTF-8 CSV's ``required`` and ``optional`` columns as text, headings matched ignoring case and spaces.

    An optional column the file lacks reads as nulls; values are as written (not stripped). ``what`` names the file
    in messages ("overrides file") and ``option`` the command-line option that gives it.

    Raises:
        InputFileError: the file is missing, unreadable, not UTF-8, empty, not CSV, or lacks a required column.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (FileNotFoundError, IsADirectoryError):
        raise InputFileError(f"{what} {path} does not exist; check the {option} path") from None
    except OSError as exc:
        raise InputFileError(f"{what} {path} cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputFileError(f"{what} {path} is not UTF-8 text; save it as CSV UTF-8") from None
    if not text.strip():
        raise InputFileError(f"{what} {path} is empty; it needs a header row {','.join(required)}")
    try:
        frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputFileError(f"{what} {path} is not a readable CSV ({first}); re-export it as CSV") from None
    frame = frame.rename({c: c.strip().lower() for c in frame.columns})
    missing = [c for c in required if c not in frame.columns]
    if missing:
        also = f" (optional: {', '.join(optional)})" if optional else ""
        raise InputFileError(
            f"{what} {path} lacks column(s) {', '.join(missing)}; the header must include {', '.join(required)}{also}"
        )
    return frame.select(
        *(pl.col(c).cast(pl.Utf8) for c in required),
        *((pl.col(c) if c in frame.columns else pl.lit(None)).cast(pl.Utf8).alias(c) for c in optional),
    )


def read_filled_file(path: Path, what: str = "review file") -> list[list[str]]:
    """The rows of a file a reviewer filled in, header first, as text.

    CSV (UTF-8, or as Excel saves it; commas, semicolons or tabs) or an XLSX workbook's first sheet.

    Raises:
        InputFileError: the file is missing or unreadable.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{what} {path} does not exist") from None
    except OSError as exc:
        raise InputFileError(f"{what} {path} cannot be read: {exc.strerror or exc}") from None
    if data[:4] == b"PK\x03\x04":
        return _xlsx_rows(path, what)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV (Comma delimited)" on Windows
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first and "," not in first else "\t" if "\t" in first and "," not in first else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_rows(path: Path, what: str) -> list[list[str]]:
    import fastexcel  # noqa: PLC0415 - only XLSX review files need it

    try:
        sheet = fastexcel.read_excel(str(path)).load_sheet(0, header_row=None, dtypes="string")
        frame = sheet.to_polars().cast(pl.Utf8)
    except Exception as exc:  # fastexcel raises its own hierarchy; any failure means the same to the user
        raise InputFileError(
            f"{what} {path}: not a readable XLSX workbook ({type(exc).__name__}); save it again as .xlsx or CSV"
        ) from None
    return [["" if v is None else str(v) for v in row] for row in frame.iter_rows()]
