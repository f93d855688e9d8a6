"""The bad-input corpus (tests/bad_inputs/): each file loads with every unusable row quarantined under a specific
reason, or stops with one line naming the file and what to do. Never a traceback, never a silent drop.

Files are named ``<register>__<fault>.<ext>``; tests/bad_inputs/README.md says what each one tests. A few files
are written at test time instead (a 10-MB cell, a truncated workbook).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from click.testing import CliRunner

from xref.cli import cli
from xref.config import build_config
from xref.errors import InputFileError, XrefError
from xref.ingest import load_inputs
from xref.load import read_register, read_register_file
from xref.reconcile import reconcile
from xref.schemas import REGISTERS
from xref.validate import REASON_HELP, ValidatedFile, validate_file, validate_files

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
TODAY = dt.date(2025, 4, 7)
"""The run date the corpus is checked against (future_date is relative to it)."""
FIXES = (
    "save it as",
    "give it with",
    "export",
    "add to xref.toml",
    "xref.toml",
    "remove",
    "unzip",
    "check the path",
    "unhide",
)
"""Every stop message says what to do, in one of these words."""
ISSUE_PROBLEMS = {
    "bad_date",
    "bad_amount",
    "bad_company_number",
    "bad_vat_number",
    "bad_mcc",
    "bad_birth_month",
    "negative_value",
    "cell_beyond_headings",
}
H = "Transaction Date,Merchant Name,Amount,Cardholder"


@dataclass(frozen=True)
class Loads:
    """The file loads: ``read`` data rows (counted by hand), ``loaded`` kept, the rest quarantined as ``reasons``."""

    read: int
    loaded: int
    reasons: dict[str, int] = field(default_factory=dict)
    issues: frozenset[str] = frozenset()
    notes: frozenset[str] = frozenset()
    header_row: int | None = None
    parts: int = 1
    """Worksheets read (a workbook may hold the register on several)."""


@dataclass(frozen=True)
class Stops:
    """The file stops the run with a message containing ``message``."""

    message: str


Expected = Loads | Stops

EXPECTED: dict[str, Expected] = {
    # values
    "cards__dates_uk_iso_and_excel_serial_mixed.csv": Loads(5, 5),
    "cards__amounts_pound_sign_and_thousands.csv": Loads(4, 4),
    "cards__credits_in_brackets_and_cr.csv": Loads(4, 4),
    "cards__negative_value_refund.csv": Loads(2, 2),
    "payments__credit_note_negative_amount_and_bad_vat.csv": Loads(2, 2, issues=frozenset({"bad_vat_number"})),
    "cards__future_date_2099.csv": Loads(3, 2, {"future_date:transaction_date": 1}),
    "gifts__future_offer_date.csv": Loads(
        2, 1, {"future_date:offer_date": 1}, notes=frozenset({"ambiguous_date_order"})
    ),
    "leavers__future_leaving_date_is_allowed.csv": Loads(2, 2),
    "cards__ambiguous_dates_day_and_month_both_12_or_less.csv": Loads(3, 3, notes=frozenset({"ambiguous_date_order"})),
    "cards__us_month_first_dates.csv": Stops("only make sense as month/day/year"),
    "cards__missing_and_unreadable_values.csv": Loads(
        7,
        1,
        {
            "missing_value:transaction_date": 2,
            "missing_value:merchant_name": 1,
            "bad_date:transaction_date": 1,
            "bad_amount:amount": 1,
            "missing_value:amount": 1,
        },
    ),
    "cards__optional_values_unreadable_kept.csv": Loads(3, 3, issues=frozenset({"bad_mcc"})),
    "contracts__optional_values_unreadable_kept.csv": Loads(
        3, 3, issues=frozenset({"bad_amount", "bad_company_number", "bad_date"})
    ),
    "gifts__value_unknown.csv": Loads(3, 3),
    "staff__missing_staff_number.csv": Loads(2, 1, {"missing_value:staff_id": 1}),
    # encodings
    "cards__utf8_with_bom.csv": Loads(2, 2),
    "cards__utf8_without_bom.csv": Loads(2, 2),
    "cards__windows1252_pound_sign.csv": Loads(2, 2),
    "cards__utf16_tab_excel_unicode_text.txt": Loads(2, 2),
    "cards__utf16_without_bom.txt": Loads(2, 2),
    "cards__utf16_bom_but_truncated.txt": Stops("marked as UTF-16 but does not decode"),
    "cards__old_mac_cr_line_endings.csv": Loads(2, 2),
    # layout
    "cards__header_drift_jan_long_headings.csv": Loads(2, 2),
    "cards__header_drift_feb_short_headings.csv": Loads(2, 2),
    "cards__header_drift_mid_file_months_pasted.csv": Loads(3, 2, {"repeated_heading": 1}),
    "cards__repeated_heading_files_pasted.csv": Loads(3, 2, {"repeated_heading": 1}),
    "cards__line_breaks_inside_headings.csv": Loads(2, 2),
    "cards__blank_lines_between_rows.csv": Loads(5, 2, {"blank_row": 3}),
    "cards__totals_row_at_foot.csv": Loads(4, 2, {"totals_row": 2}),
    "cards__duplicated_rows_are_kept.csv": Loads(3, 3),
    "cards__merged_title_rows_above_header.csv": Loads(2, 2, header_row=4),
    "cards__merged_title_rows_above_header.xlsx": Loads(3, 2, {"totals_row": 1}, header_row=4),
    "cards__leading_empty_rows_and_columns.xlsx": Loads(3, 2, {"blank_row": 1}, header_row=3),
    "cards__register_on_second_sheet.xlsx": Loads(1, 1, notes=frozenset({"sheet_not_read"})),
    "cards__extra_cells_unquoted_comma.csv": Loads(2, 1, {"extra_cells": 1}),
    "cards__unclosed_quote_swallows_rows.csv": Stops("row 2 opens a double quote"),
    "cards__nil_return_no_transactions.csv": Loads(1, 0, {"nil_return": 1}),
    "gifts__nil_return_rows.csv": Loads(3, 1, {"nil_return": 2}, notes=frozenset({"ambiguous_date_order"})),
    "interests__nil_declaration.csv": Loads(2, 1, {"nil_return": 1}),
    "gifts__gift_given_not_received.csv": Loads(
        2, 1, {"gift_given_not_received": 1}, notes=frozenset({"ambiguous_date_order"})
    ),
    "cards__header_only.csv": Loads(0, 0),
    "cards__header_only.xlsx": Loads(0, 0),
    "cards__trailing_comma_every_line.csv": Loads(3, 3),
    "cards__cell_right_of_the_headings.xlsx": Loads(2, 2, issues=frozenset({"cell_beyond_headings"})),
    "cards__amounts_decimal_comma.csv": Loads(3, 3),
    "cards__amounts_too_large_to_be_real.csv": Loads(3, 1, {"bad_amount:amount": 2}),
    "gifts__negative_value.csv": Loads(2, 2, issues=frozenset({"negative_value"})),
    "cards__one_stray_windows1252_byte.csv": Loads(3, 3),
    "cards__hash#in_file_name.csv": Loads(1, 1),
    # workbooks
    "cards__months_on_three_sheets.xlsx": Loads(5, 5, notes=frozenset({"sheet_not_read"}), parts=3),
    "cards__hidden_first_sheet.xlsx": Loads(2, 2, notes=frozenset({"sheet_not_read"})),
    "cards__register_only_on_hidden_sheet.xlsx": Stops("only on hidden worksheet(s) 'Data'; unhide it"),
    "cards__stray_cell_in_the_last_column.xlsx": Loads(100, 100, issues=frozenset({"cell_beyond_headings"})),
    "cards__sheet_dimension_claims_every_cell.xlsx": Loads(1, 1),
    # stops
    "cards__empty_file.csv": Stops("the file is empty"),
    "cards__blank_lines_only.csv": Stops("the file is empty"),
    "cards__empty_workbook.xlsx": Stops("no cells on any worksheet"),
    "cards__missing_required_column_amount.csv": Stops("no column for required field amount"),
    "contracts__missing_required_column_award_date.csv": Stops("no column for required field award_date"),
    "contracts__card_file_given_as_contracts.csv": Stops("looks like a cards export"),
    "cards__gifts_file_given_as_cards.csv": Stops("give it with --gifts"),
    "payments__no_heading_row_prose.txt": Stops("no heading row found"),
    "cards__not_a_spreadsheet_pdf.pdf": Stops("a PDF document, not a spreadsheet"),
    "cards__web_page_saved_as_xls.xls": Stops("a web page (HTML)"),
    "cards__excel_2003_xml_spreadsheet.xml": Stops("an Excel 2003 XML spreadsheet"),
    "cards__word_document_not_a_spreadsheet.docx": Stops("a Word document, not a spreadsheet"),
    "cards__password_protected.xlsx": Stops("password-protected"),
    "cards__legacy_excel_97_2003.xls": Stops("old-format Excel 97-2003 .xls"),
    "cards__corrupt_xlsx_not_a_zip.xlsx": Stops("not a readable XLSX workbook"),
    "cards__zip_holding_two_csvs.zip": Stops("a zip file must hold exactly one CSV"),
    "cards__zip_password_protected.zip": Stops("the zip cannot be read (password-protected or damaged"),
}


def _ten_mb_cell(path: Path) -> None:
    big = "A" * 10_000_000
    path.write_text(f'{H}\n14/01/2025,"{big}",12.50,Jane Smith\n15/01/2025,ARGOS,30.00,John Brown\n', encoding="utf-8")


def _truncated_xlsx(path: Path) -> None:
    whole = (CORPUS / "cards__merged_title_rows_above_header.xlsx").read_bytes()
    path.write_bytes(whole[: len(whole) // 2])


def _rewritten(source: Path, path: Path, change: Callable[[str, bytes], bytes]) -> None:
    """Copy a workbook (a zip) with some of its parts changed."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, change(info.filename, zin.read(info.filename)))


def _declared_size(path: Path, member: str, size: int) -> None:
    """Make the zip's own records claim ``member`` inflates to ``size`` bytes (as a zip bomb's do, or lie)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[start + offset : start + offset + 4] = size.to_bytes(4, "little")
            start += 4
    path.write_bytes(bytes(data))


SMALL_BOOK = CORPUS / "cards__sheet_dimension_claims_every_cell.xlsx"


def _zip_claims_4gb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("export.csv", f"{H}\n14/01/2025,ARGOS,12.50,Jane Smith\n")
    _declared_size(path, "export.csv", 0xF000_0000)


def _zip_lies_small(path: Path) -> None:
    """A CSV that inflates to 3 MB, though the zip says 100 bytes: never more than the zip says is inflated."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("export.csv", H + "\n" + "14/01/2025,ARGOS,12.50,Jane Smith\n" * 100_000)
    _declared_size(path, "export.csv", 100)


def _workbook_claims_4gb(path: Path) -> None:
    _rewritten(SMALL_BOOK, path, lambda _, data: data)
    _declared_size(path, "xl/worksheets/sheet1.xml", 0xF000_0000)


def _workbook_with_a_2mb_cell(path: Path) -> None:
    # one shared string far longer than an Excel cell can be: read sparsely, the row set aside as oversized
    def change(name: str, data: bytes) -> bytes:
        return data.replace(b"<t>ARGOS</t>", b"<t>" + b"A" * 2_000_000 + b"</t>") if "sharedStrings" in name else data

    _rewritten(SMALL_BOOK, path, change)


def _workbook_with_a_doctype(path: Path) -> None:
    # entity definitions ("billion laughs") have no place in a workbook
    def change(name: str, data: bytes) -> bytes:
        if name == "xl/workbook.xml":
            return data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)
        return data

    _rewritten(SMALL_BOOK, path, change)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _symlink_loop(path: Path) -> None:
    other = path.with_name("other_" + path.name)
    path.symlink_to(other)
    other.symlink_to(path)


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "jan.csv").write_text(f"{H}\n14/01/2025,ARGOS,12.50,Jane Smith\n", encoding="utf-8")


GENERATED: dict[str, tuple[Callable[[Path], None], Expected]] = {
    "cards__10mb_single_cell.csv": (_ten_mb_cell, Loads(2, 1, {"oversized_cell": 1})),
    "cards__corrupt_xlsx_truncated.xlsx": (_truncated_xlsx, Stops("not a readable XLSX workbook")),
    "cards__zip_claims_4gb.zip": (_zip_claims_4gb, Stops("the CSV in the zip inflates to more than 1 GB")),
    "cards__zip_lies_about_its_size.zip": (_zip_lies_small, Stops("the zip cannot be read")),
    "cards__workbook_claims_4gb.xlsx": (_workbook_claims_4gb, Stops("it would inflate to 3.8 GB (a zip bomb")),
    "cards__workbook_with_a_2mb_cell.xlsx": (_workbook_with_a_2mb_cell, Loads(1, 0, {"oversized_cell": 1})),
    "cards__workbook_with_a_doctype.xlsx": (_workbook_with_a_doctype, Stops("declares a document type")),
    "cards__named_pipe.csv": (_fifo, Stops("a named pipe (FIFO), not a regular file")),
    "cards__symlink_loop.csv": (_symlink_loop, Stops("a shortcut (symbolic link) that leads back to itself")),
    "cards__a_folder.csv": (_folder, Stops("a folder, not a file; give the files inside it")),
}


def register_of(path: Path) -> str:
    return path.name.split("__", 1)[0]


def load(path: Path) -> ValidatedFile:
    register = REGISTERS[register_of(path)]
    return validate_file(read_register_file(path, register), register, today=TODAY)


def load_parts(path: Path) -> list[ValidatedFile]:
    """Every part of a file (one per worksheet holding the register), validated together as a run would."""
    register = REGISTERS[register_of(path)]
    return validate_files(read_register(path, register), register, today=TODAY)


def check_outcome(path: Path, expected: Expected) -> None:
    if isinstance(expected, Stops):
        with pytest.raises(XrefError) as err:
            load_parts(path)
        check_stop_message(str(err.value), path, expected.message)
        return
    parts = load_parts(path)
    assert len(parts) == expected.parts, [p.file.sheet for p in parts]
    read = sum(v.file.rows_read for v in parts)
    loaded, held = sum(v.rows.height for v in parts), sum(v.quarantine.height for v in parts)
    assert read == expected.read, f"{path.name}: read {read} rows, expected {expected.read}"
    assert read == loaded + held, f"{path.name}: {read} read != {loaded} loaded + {held} quarantined"
    assert loaded == expected.loaded
    quarantine, issues = pl.concat([v.quarantine for v in parts]), pl.concat([v.issues for v in parts])
    assert dict(Counter(quarantine["reason"].to_list())) == expected.reasons
    register = REGISTERS[register_of(path)]
    for reason, detail in quarantine.select("reason", "detail").iter_rows():
        code, _, fld = reason.partition(":")
        assert code in REASON_HELP, f"{path.name}: reason {reason!r} has no help text"
        assert not fld or fld in register.field_names
        assert detail and detail != reason, f"{path.name}: reason {reason!r} has no detail"
    assert set(issues["problem"].to_list()) == expected.issues
    assert set(issues["problem"].to_list()) <= ISSUE_PROBLEMS
    assert {p for v in parts for p in v.notes["problem"].to_list()} == expected.notes
    if expected.header_row is not None:
        assert parts[0].file.header_row == expected.header_row
    assert len({v.file.name for v in parts}) == len(parts)  # each worksheet has its own lineage name
    reconcile(parts)  # raises on a mismatch


def check_stop_message(message: str, path: Path, expected: str) -> None:
    assert "\n" not in message and "\r" not in message, f"not one line: {message!r}"
    assert path.name in message, f"does not name the file: {message}"
    assert expected in message, message
    assert any(fix in message.lower() for fix in FIXES), f"says nothing about what to do: {message}"
    assert len(message) < 700, f"too long for one line: {message[:200]}…"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name: str) -> None:
    check_outcome(CORPUS / name, EXPECTED[name])


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_file(tmp_path: Path, name: str) -> None:
    make, expected = GENERATED[name]
    path = tmp_path / name
    make(path)
    check_outcome(path, expected)


def test_every_corpus_file_has_an_expectation() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.name != "README.md"}
    assert files == set(EXPECTED), f"no entry: {sorted(files - set(EXPECTED))}; no file: {set(EXPECTED) - files}"
    assert len(files) + len(GENERATED) >= 30
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in [*EXPECTED, *GENERATED]), "README.md must list every file"


def test_every_reason_and_problem_is_in_the_rejected_exports_text() -> None:
    text = (CORPUS.parent.parent / "README.md").read_text(encoding="utf-8")
    text = text[text.index("## When your export is rejected") :]
    codes = {r.partition(":")[0] for e in EXPECTED.values() if isinstance(e, Loads) for r in e.reasons}
    codes |= set(REASON_HELP) | ISSUE_PROBLEMS | {"ambiguous_date_order"}
    missing = sorted(c for c in codes if f"`{c}" not in text)
    assert not missing, f"README's 'When your export is rejected' does not explain {missing}"


STOP_FILES = sorted(n for n, e in EXPECTED.items() if isinstance(e, Stops))


@pytest.mark.parametrize("name", STOP_FILES)
def test_cli_check_stops_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.chdir(tmp_path)  # no stray ./xref.toml
    option = "--" + register_of(Path(name)).replace("_", "-")
    result = CliRunner().invoke(cli, ["check", option, str(CORPUS / name)])
    assert result.exit_code == 1, result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.output
    assert "Traceback" not in result.output and name in lines[0]


def test_cli_check_loads_a_messy_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--cards", str(CORPUS / "cards__missing_and_unreadable_values.csv")])
    assert result.exit_code == 0, result.output
    assert "rows read 7 = loaded 1 + quarantined 6" in result.output
    assert "missing_value:amount (e.g. row 7: amount says 'Value Unknown': no value recorded)" in result.output


# --- the loader fixes behind the corpus ----------------------------------------------------------------------


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_long_cell_leaves_the_csv_field_limit_as_it_was(tmp_path: Path) -> None:
    before = csv.field_size_limit()
    text = f'{H}\n14/01/2025,"{"x" * 200_000}",1.00,J\n'
    v = load(write(tmp_path, "cards__long.csv", text))
    assert v.quarantine["reason"].to_list() == ["oversized_cell"]
    assert csv.field_size_limit() == before


def test_oversized_row_keeps_only_the_start_as_evidence(tmp_path: Path) -> None:
    path = tmp_path / "cards__big.csv"
    _ten_mb_cell(path)
    q = load(path).quarantine
    assert q["source_row"].to_list() == [2]
    assert len(q["raw"].item()) < 3_000


def test_ragged_file_with_a_long_cell_is_read(tmp_path: Path) -> None:
    text = f'{H}\n14/01/2025,"{"x" * 200_000}",1.00,J\n15/01/2025,Foo, Ltd,3.00,K\n'
    v = load(write(tmp_path, "cards__ragged_long.csv", text))  # read record by record: past the csv module's limit
    assert v.quarantine["reason"].to_list() == ["oversized_cell", "extra_cells"]
    assert v.file.rows_read == 2


def test_stray_quote_above_the_headings_does_not_lose_the_heading_row(tmp_path: Path) -> None:
    # The csv module reads the stray quote as a character; polars opened a quoted cell there and found no rows.
    text = f'Westshire Police,d transactions, January 2025",,\n,,,\n{H}\n14/01/2025,A,1.00,J\n15/01/2025,B,2.00,K\n'
    v = load(write(tmp_path, "cards__q.csv", text))
    assert v.file.header_row == 3
    assert v.rows["source_row"].to_list() == [4, 5]


def test_drifted_heading_needs_two_heading_cells(tmp_path: Path) -> None:
    # "Merchant" is a heading word, but a row with a date and an amount is a record.
    v = load(write(tmp_path, "cards__x.csv", f"{H}\n14/01/2025,Merchant,12.50,Amount\n"))
    assert v.rows.height == 1 and v.quarantine.is_empty()


def test_future_date_is_relative_to_the_run_date(tmp_path: Path) -> None:
    path = write(tmp_path, "cards__f.csv", f"{H}\n07/04/2025,A,1.00,J\n08/04/2025,B,1.00,J\n")
    register = REGISTERS["cards"]
    v = validate_file(read_register_file(path, register), register, today=TODAY)
    assert v.quarantine.select("source_row", "reason").rows() == [(3, "future_date:transaction_date")]
    later = validate_file(read_register_file(path, register), register, today=dt.date(2025, 4, 8))
    assert later.quarantine.is_empty()


def test_ambiguous_dates_are_noted_in_issues(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = "cards__ambiguous_dates_day_and_month_both_12_or_less.csv"
    config = build_config(config_path=None, cli_files={"cards": (CORPUS / name,)})
    inputs = load_inputs(config, today=TODAY)
    assert inputs.issues.select("source_file", "field", "value", "problem").rows() == [
        (name, "transaction_date", "03/04/2025", "ambiguous_date_order")
    ]
    assert inputs.tables["cards"]["transaction_date"].to_list()[0] == dt.date(2025, 4, 3)  # dd/mm
    assert inputs.recon["values_unreadable"].to_list() == [0]


def test_one_unambiguous_date_settles_the_column(tmp_path: Path) -> None:
    v = load(write(tmp_path, "cards__d.csv", f"{H}\n03/04/2025,A,1.00,J\n13/04/2025,B,1.00,J\n"))
    assert v.notes.is_empty()


def test_wrong_register_found_even_when_two_headings_match(tmp_path: Path) -> None:
    path = write(tmp_path, "contracts__x.csv", "Reference,Transaction Date,Supplier,Amount\nT-1,14/01/2025,A,1\n")
    with pytest.raises(InputFileError) as err:
        read_register_file(path, REGISTERS["contracts"])
    message = str(err.value)
    assert "Is this the right file for --contracts" in message and "give it with --cards" in message
    assert "[inputs.contracts.columns] award_date" in message  # the other way out: map the column


def test_user_heading_map_is_not_second_guessed(tmp_path: Path) -> None:
    path = write(tmp_path, "contracts__y.csv", "Reference,Transaction Date,Supplier,Amount\nT-1,14/01/2025,A,1\n")
    loaded = read_register_file(path, REGISTERS["contracts"], {"award_date": "Transaction Date"})
    assert loaded.mapping["award_date"] == "Transaction Date"


def test_xlsx_row_numbers_count_leading_empty_rows() -> None:
    v = load(CORPUS / "cards__leading_empty_rows_and_columns.xlsx")
    assert v.rows["source_row"].to_list() == [4, 6]
    assert v.quarantine["source_row"].to_list() == [5]


def test_cover_sheet_is_skipped_but_no_sheet_is_reported_clearly(tmp_path: Path) -> None:
    path = tmp_path / "cards__no_data.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Notes").write(0, 0, "Read me")
    wb.add_worksheet("More notes").write(0, 0, "Nothing here either")
    wb.close()
    with pytest.raises(InputFileError, match="any worksheet \\('Notes', 'More notes'\\)") as err:
        load(path)
    check_stop_message(str(err.value), path, "no heading row found")


def test_zip_of_one_csv_still_loads_and_ods_is_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("spend.csv", f"{H}\n14/01/2025,A,1.00,J\n")
    (tmp_path / "cards__one.zip").write_bytes(buf.getvalue())
    assert load(tmp_path / "cards__one.zip").rows.height == 1
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<x/>")
    (tmp_path / "cards__sheet.ods").write_bytes(buf.getvalue())
    with pytest.raises(InputFileError, match=r"OpenDocument \(\.ods\)"):
        load(tmp_path / "cards__sheet.ods")


def test_no_value_words_in_required_amount_are_missing_not_unreadable(tmp_path: Path) -> None:
    v = load(write(tmp_path, "cards__nv.csv", f"{H}\n14/01/2025,A,N/A,J\n14/01/2025,B,tbc,J\n"))
    assert v.quarantine["reason"].to_list() == ["missing_value:amount"] * 2


def test_nil_return_outside_gifts_needs_a_dateless_line(tmp_path: Path) -> None:
    text = f"{H}\n14/01/2025,NIL RETURN SERVICES LTD,5.00,J\n,No transactions this month,,\n"
    v = load(write(tmp_path, "cards__n.csv", text))
    assert v.rows["merchant_name"].to_list() == ["NIL RETURN SERVICES LTD"]
    assert v.quarantine["reason"].to_list() == ["nil_return"]


def test_quarantine_detail_is_never_just_the_code() -> None:
    v = load(CORPUS / "cards__totals_row_at_foot.csv")
    assert v.quarantine.filter(pl.col("detail") == pl.col("reason")).is_empty()
