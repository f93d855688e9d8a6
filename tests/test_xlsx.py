"""The two XLSX readers agree, and the look inside a workbook finds what a crafted file hides (xref/xlsx.py).

A sheet is read by fastexcel when that is safe, else by xref's streaming reader; a file must read the same either
way. The real-world workbooks are calamine's test files (tests/data/workbooks/PROVENANCE.md).
"""

from __future__ import annotations

from pathlib import Path

import fastexcel
import polars as pl
import pytest

from xref.xlsx import Sheet, _number, _read_sparse, inspect_workbook

DATA = Path(__file__).resolve().parent / "data"
WORKBOOKS = sorted((DATA / "workbooks").glob("*.xlsx")) + sorted(
    p for p in (DATA.parent / "bad_inputs").glob("*.xlsx") if "corrupt" not in p.name and "password" not in p.name
)


def cells(frame: pl.DataFrame) -> dict[tuple[int, int], str]:
    """Non-empty cells by (row, n-th non-empty column): the streaming reader leaves empty columns out."""
    kept = [c for c in frame.columns if frame[c].drop_nulls().str.len_chars().sum()]
    return {
        (r, i): v for i, c in enumerate(kept) for r, v in enumerate(frame[c].to_list()) if v is not None and v != ""
    }


def sheets(path: Path) -> list[Sheet]:
    return [s for s in inspect_workbook(str(path)) if s.part is not None and s.cells]


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_the_streaming_reader_reads_what_fastexcel_reads(path: Path) -> None:
    found = sheets(path)
    assert found or "empty" in path.name or "header_only" in path.name
    for sheet in found:
        dense = (
            fastexcel.read_excel(str(path))
            .load_sheet(sheet.name, header_row=None, skip_rows=0, dtypes="string")
            .to_polars()
            .cast(pl.Utf8)
        )
        assert cells(_read_sparse(str(path), sheet)) == cells(dense), sheet.name


def test_the_extent_is_the_cells_not_the_index() -> None:
    claims = DATA.parent / "bad_inputs" / "cards__sheet_dimension_claims_every_cell.xlsx"
    (sheet,) = inspect_workbook(str(claims))
    assert (sheet.rows, sheet.columns, sheet.cells) == (2, 4, 8) and sheet.dense_safe
    stray = DATA.parent / "bad_inputs" / "cards__stray_cell_in_the_last_column.xlsx"
    (sheet,) = inspect_workbook(str(stray))
    assert (sheet.rows, sheet.columns) == (101, 16_384) and not sheet.dense_safe  # read cell by cell


@pytest.mark.parametrize(
    ("value", "text"),
    [(12.5, "12.5"), (3.0, "3"), (0.1 + 0.2, "0.3"), (1e20, "100000000000000000000"), (1e-10, "0"), (-2.25, "-2.25")],
)
def test_numbers_are_written_as_fastexcel_writes_them(value: float, text: str) -> None:
    assert _number(value) == text
