"""Reading exports: encodings, delimiters, title rows, heading maps, XLSX, zipped CSV, and clear errors."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from xref.errors import InputFileError
from xref.load import read_register_file
from xref.schemas import REGISTERS, heading_key

CARDS = REGISTERS["cards"]
CSV = "Transaction Date,Merchant Name,Amount,Cardholder\n01/02/2025,TESCO STORES 2145,£12.50,Jane Smith\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_heading_key_ignores_case_spaces_punctuation_and_line_breaks() -> None:
    assert heading_key("Value (£)") == heading_key("VALUE") == heading_key("value\n(£)") == "value"
    assert heading_key("FIN.TRANSACTION DATE") == heading_key("fin transaction date")


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""), ("utf-16", b"")],
)
def test_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = CSV.replace("£12.50", '"£1,000.00"')
    loaded = read_register_file(write(tmp_path, "c.csv", prefix + text.encode(encoding)), CARDS)
    assert loaded.grid["amount"].to_list() == ["£1,000.00"]
    assert loaded.grid["merchant_name"].to_list() == ["TESCO STORES 2145"]


def test_tab_separated_and_title_rows(tmp_path: Path) -> None:
    text = "Card spend, Q1 2025\n\n" + CSV.replace(",", "\t")
    loaded = read_register_file(write(tmp_path, "c.txt", text.encode()), CARDS)
    assert loaded.header_row == 3
    assert loaded.grid["_row"].to_list() == [4]  # spreadsheet row numbers, title rows included


def test_user_heading_map_wins(tmp_path: Path) -> None:
    text = "Date,Contractor/Provider,Awarded\n01/02/2025,Acme Ltd,03/02/2025\n"
    loaded = read_register_file(
        write(tmp_path, "k.csv", text.encode()), REGISTERS["contracts"], {"supplier_name": "Contractor/Provider"}
    )
    assert loaded.mapping["supplier_name"] == "Contractor/Provider"
    assert loaded.mapping["award_date"] == "Awarded"


def test_missing_required_column_names_file_field_and_headings(tmp_path: Path) -> None:
    path = write(tmp_path, "k.csv", b"Date,Amount,Cardholder\n01/02/2025,1,x\n")
    with pytest.raises(InputFileError) as err:
        read_register_file(path, CARDS)
    message = str(err.value)
    assert "k.csv" in message and "merchant_name" in message and "'Cardholder'" in message
    assert "[inputs.cards.columns]" in message


def test_wrong_register_is_caught(tmp_path: Path) -> None:
    path = write(tmp_path, "cards.csv", CSV.encode())
    with pytest.raises(InputFileError, match="Is this the right file for --contracts"):
        read_register_file(path, REGISTERS["contracts"])


def test_mapped_heading_absent(tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", CSV.encode())
    with pytest.raises(InputFileError, match="maps merchant_name to heading 'Payee'"):
        read_register_file(path, CARDS, {"merchant_name": "Payee"})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00" * 50, "not a CSV or XLSX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "password-protected"),
        (b"PK\x03\x04garbage", "not a readable XLSX"),
        (b"just some words\nwith no headings\n", "no heading row"),
    ],
)
def test_unreadable_files_give_one_clear_line(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(InputFileError, match=message) as err:
        read_register_file(write(tmp_path, "bad.csv", data), CARDS)
    assert "\n" not in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="not found"):
        read_register_file(tmp_path / "nope.csv", CARDS)


def test_every_row_ragged_is_still_caught(tmp_path: Path) -> None:
    text = "Transaction Date,Merchant Name,Amount\n01/02/2025,Foo, Ltd,3.00\n"
    loaded = read_register_file(write(tmp_path, "c.csv", text.encode()), CARDS)
    assert loaded.grid["_extra"].to_list() == ["3.00"]


def test_ragged_row_is_kept_for_quarantine(tmp_path: Path) -> None:
    text = CSV + "02/02/2025,Foo, Ltd,3.00,Jane Smith\n"
    loaded = read_register_file(write(tmp_path, "c.csv", text.encode()), CARDS)
    assert loaded.rows_read == 2
    assert loaded.grid["_extra"].to_list() == [None, "Jane Smith"]


def test_xlsx_with_title_row_and_real_dates(tmp_path: Path) -> None:
    import datetime as dt

    path = tmp_path / "cards.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write(0, 0, "Procurement card transactions")
    ws.write_row(2, 0, ["Transaction\nDate", "Merchant Name", "Amount"])
    ws.write_datetime(3, 0, dt.datetime(2025, 3, 4), wb.add_format({"num_format": "dd/mm/yyyy"}))
    ws.write(3, 1, "ACME LTD")
    ws.write_number(3, 2, 12.5)
    wb.close()
    loaded = read_register_file(path, CARDS)
    assert loaded.header_row == 3
    assert loaded.file_format == "xlsx"
    assert loaded.grid.select("_row", "merchant_name", "amount").row(0) == (4, "ACME LTD", "12.5")
    assert loaded.grid["transaction_date"].item().startswith("2025-03-04")


def test_zipped_csv(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("spend.csv", CSV)
    loaded = read_register_file(write(tmp_path, "c.zip", buf.getvalue()), CARDS)
    assert loaded.rows_read == 1


def test_json_records_with_parent_fields(tmp_path: Path) -> None:
    import json

    doc = {
        "member": {"name": "Jane Smith"},
        "interests": [
            {"name": "Employment", "items": [{"member": "Director, Acme Ltd"}, {"member": "Trustee, Foo"}]},
            {"name": "Land", "items": []},
        ],
    }
    path = write(tmp_path, "m.json", json.dumps(doc).encode())
    columns = {"staff": "member.name", "organisation": "member", "role": "interests.name"}
    loaded = read_register_file(Path(f"{path}#interests.items"), REGISTERS["interests"], columns)
    assert loaded.grid.select("_row", "staff", "organisation", "role").rows() == [
        (1, "Jane Smith", "Director, Acme Ltd", "Employment"),
        (2, "Jane Smith", "Trustee, Foo", "Employment"),
    ]
    empty = write(tmp_path, "n.json", json.dumps({"member": {"name": "X"}, "interests": []}).encode())
    assert read_register_file(Path(f"{empty}#interests.items"), REGISTERS["interests"], columns).rows_read == 0
    with pytest.raises(InputFileError, match="no 'gifts' in the JSON"):
        read_register_file(Path(f"{path}#gifts"), REGISTERS["gifts"])
