"""Companies House officers and PSCs read like any register: the API's JSON, the snapshot's JSON lines, CSV.

Every row is loaded or quarantined with a reason (a corporate officer, a statement and the snapshot's totals line are
no person); the company number comes from the API's ``links.self``; a month of birth from ``{month, year}``.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from xref.errors import InputFileError
from xref.load import read_register_file
from xref.schemas import REGISTERS
from xref.validate import validate_file

OFFICER_LIST = {
    "kind": "officer-list",
    "links": {"self": "/company/00006400/officers"},
    "total_results": 3,
    "items": [
        {
            "name": "SMITH, Jane Elizabeth",
            "officer_role": "director",
            "appointed_on": "2019-05-01",
            "date_of_birth": {"month": 2, "year": 1977},
            "links": {"self": "/company/00006400/appointments/abc123", "officer": {"appointments": "/officers/x"}},
        },
        {"name": "JONES, Tom", "officer_role": "secretary", "appointed_on": "2001-01-01", "resigned_on": "2010-06-30"},
        {"name": "ACME NOMINEES LIMITED", "officer_role": "corporate-secretary", "appointed_on": "2010-07-01"},
    ],
}


def validated(path: Path, register: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    loaded = read_register_file(path, REGISTERS[register])
    v = validate_file(loaded, REGISTERS[register])
    assert loaded.rows_read == v.rows.height + v.quarantine.height  # never lose a row
    return v.rows, v.quarantine


def test_an_api_officer_list_reads_its_items_company_number_and_month_of_birth(tmp_path: Path) -> None:
    path = tmp_path / "officers_00006400.json"
    path.write_text(json.dumps(OFFICER_LIST), encoding="utf-8")
    rows, quarantine = validated(path, "officers")
    assert rows.select("company_number", "name", "officer_role", "date_of_birth").rows() == [
        ("00006400", "SMITH, Jane Elizabeth", "director", "1977-02"),
        ("00006400", "JONES, Tom", "secretary", None),
    ]
    assert rows["resigned_on"].cast(pl.Utf8).to_list() == [None, "2010-06-30"]
    assert rows["name_key"].to_list() == ["jane elizabeth smith", "tom jones"]
    assert quarantine.select("source_row", "reason").rows() == [(3, "not_a_person:officer_role")]


def test_a_psc_snapshot_quarantines_what_is_not_a_person(tmp_path: Path) -> None:
    lines = [
        {
            "company_number": "09145694",
            "data": {
                "kind": "individual-person-with-significant-control",
                "name": "Mr Dimitar Belchev",
                "name_elements": {"title": "Mr", "forename": "Dimitar", "surname": "Belchev"},
                "date_of_birth": {"month": 2, "year": 1977},
                "natures_of_control": ["ownership-of-shares-75-to-100-percent", "voting-rights-75-to-100-percent"],
                "notified_on": "2016-04-06",
            },
        },
        {"company_number": "09145695", "data": {"kind": "corporate-entity-person-with-significant-control",
                                                "name": "Holdco Ltd", "notified_on": "2016-04-06"}},
        {"company_number": "09145696", "data": {"kind": "persons-with-significant-control-statement",
                                                "statement": "no-individual-or-entity-with-signficant-control"}},
        {"data": {"kind": "totals#persons-of-significant-control-snapshot", "persons_of_significant_control_count": 3}},
    ]  # fmt: skip
    path = tmp_path / "psc.txt.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n", encoding="utf-8")
    rows, quarantine = validated(path, "psc")
    assert rows.select("company_number", "name", "name_key", "date_of_birth").rows() == [
        ("09145694", "Mr Dimitar Belchev", "dimitar belchev", "1977-02")
    ]
    assert rows["natures_of_control"].to_list() == [
        "ownership-of-shares-75-to-100-percent; voting-rights-75-to-100-percent"
    ]
    assert quarantine.select("source_row", "reason").rows() == [
        (2, "not_a_person:kind"),
        (3, "not_a_person:kind"),
        (4, "totals_row"),
    ]


def test_a_broken_json_line_is_one_line_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "psc.jsonl"
    path.write_text('{"company_number": "1", "data": {}}\n{"company_number": "2", "data": \n', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"psc file .*psc\.jsonl: line 2 is not valid JSON .*download"):
        read_register_file(path, REGISTERS["psc"])


def test_an_officers_csv_and_a_staff_list_keep_only_the_month_of_birth(tmp_path: Path) -> None:
    officers = tmp_path / "officers.csv"
    officers.write_text(
        "Company Number,Company Name,Officer Name,Officer Role,Appointed On,Resigned On,Date of Birth\n"
        'SC123456,Acme Ltd,"SMITH, Jane",Director,01/05/2019,,02/1977\n'
        '1234,Acme Ltd,"JONES, Tom",Secretary,01/01/2001,,14/02/77\n',
        encoding="utf-8",
    )
    rows, _ = validated(officers, "officers")
    assert rows.select("company_number", "date_of_birth").rows() == [("SC123456", "1977-02"), ("00001234", None)]
    staff = tmp_path / "staff.csv"
    staff.write_text("Staff Number,Full Name,Date of Birth\nS1,Jane Smith,14/02/1977\nS2,Tom Jones,\n", "utf-8")
    rows, _ = validated(staff, "staff")
    assert rows["date_of_birth"].to_list() == ["1977-02", None]


REAL = Path(__file__).parent / "data" / "companies_house"  # provenance: tests/data/companies_house/PROVENANCE.md


@pytest.mark.e2e
def test_a_real_officer_list_and_psc_line_load_and_link_to_the_staff_list(tmp_path: Path) -> None:
    """The API's real response for 07798925 and a real snapshot line, against a fictional staff list and contract."""
    from xref.config import build_config
    from xref.pipeline import run_quarter

    (tmp_path / "staff.csv").write_text(
        "Staff Number,Full Name,Date of Birth\n"
        "S1,James Dear,11/1980\n"  # Companies House: "DEAR, James David Charles", born 11/1980
        "S2,Eamon O'Dwyer,06/1976\n"  # born 05/1976 at Companies House: a namesake, not this person
        "S3,Nga Wildman,02/1977\n",  # the PSC line ("Mrs Nga Thanh Wildman"), who ceased in 2018
        encoding="utf-8",
    )
    (tmp_path / "contracts.csv").write_text(
        "Contract Ref,Supplier,Company Number,Date Awarded,Start Date,End Date,Value\n"
        "C-1,Iwoca Ltd,07798925,01/06/2024,01/06/2024,31/05/2026,25000\n"
        "C-2,Wildman Consulting Ltd,09145694,01/06/2024,01/06/2024,31/05/2026,9000\n",
        encoding="utf-8",
    )
    files = {
        "staff": (tmp_path / "staff.csv",),
        "contracts": (tmp_path / "contracts.csv",),
        "officers": (REAL / "officers_07798925.json",),
        "psc": (REAL / "psc_snapshot_sample.jsonl",),
    }
    config = build_config(config_path=None, cli_files=files, out_dir=tmp_path / "out", period="2025Q1")
    summary = run_quarter(config)
    loaded = {(r["register"], r["rows_loaded"], r["rows_quarantined"]) for r in summary.recon.to_dicts()}
    assert {("officers", 4, 0), ("psc", 1, 1)} <= loaded  # the totals line is quarantined, not lost
    flags = summary.flags.filter(pl.col("rule_id") == "R027").to_dicts()
    assert [(f["staff"], f["contract_ref"]) for f in flags] == [("James Dear", "C-1")]
    assert "forename, surname and month of birth" in flags[0]["summary"]
    assert "IWOCA" in flags[0]["summary"].upper()
