"""Hostile input: SQL-looking names and file names, HTML in names, formula-looking cells, personal data in logs.

The whole job runs once (module fixture) on a copy of sample_data/ in which planted cases' suppliers, staff and
descriptions have been replaced by attack strings, and two input files renamed to SQL- and formula-looking names.
Every attack string must come out as plain data: verbatim in the flags, escaped in HTML, behind a ``'`` in CSV and
XLSX, bound as a parameter in SQL (the tables it names still exist), and no personal name may reach the log.
"""

from __future__ import annotations

import csv
import datetime as dt
import html.parser
import io
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import fastexcel
import polars as pl
import pytest
from click.testing import CliRunner
from conftest import ROOT, d, stage
from markupsafe import escape

from xref.casefile import open_case_file
from xref.cli import cli
from xref.config import RunConfig, build_config
from xref.db import Database
from xref.pipeline import RunSummary, flag_inputs, load_for_run, match_inputs, run_quarter
from xref.publish import REDACTED, public_gifts
from xref.rules import load_rules
from xref.safety import FORMULA_START

SAMPLE = ROOT / "sample_data"
NOW = dt.datetime(2025, 4, 7, 9, 0, tzinfo=dt.UTC)

SQL_NAME = "Robert'); DROP TABLE stg_contracts;--"
SQL_OR = '" OR 1=1 --'
SQL_PARAM = "$period_from"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HYPERLINK = '=HYPERLINK("http://x","y")'
CARD_FILE = 'card\'s "export"; drop.csv'
GIFTS_FILE = '=HYPERLINK("x","y") gifts.csv'

GIFTS_2425 = "gifts/gifts_and_hospitality_2024-25.csv"
GIFTS_2324 = "gifts/gifts_and_hospitality_2023-24.csv"
CARDS_2025 = "cards/Procurement card transactions January-March 2025.csv"
CARDS_2024 = "cards/GPC_transactions_2024.csv"


def edit_csv(path: Path, key: str, change: Callable[[dict[str, str]], None]) -> int:
    """Apply ``change`` to every row whose first cell is ``key`` (a reference), keeping the file's title rows."""
    text = path.read_text(encoding="utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header_at = next(i for i, r in enumerate(rows) if len(r) > 3)
    header = rows[header_at]
    changed = 0
    for i, row in enumerate(rows[header_at + 1 :], start=header_at + 1):
        if row and row[0] == key:
            record = dict(zip(header, row, strict=True))
            change(record)
            rows[i] = [record[h] for h in header]
            changed += 1
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return changed


def setter(**values: str) -> Callable[[dict[str, str]], None]:
    def change(record: dict[str, str]) -> None:
        for heading, value in values.items():
            assert heading in record, heading
            record[heading] = value

    return change


@dataclass
class HostileRun:
    """The job run on the doctored sample data."""

    config: RunConfig
    summary: RunSummary
    data: Path


def hostile_inputs(base: Path) -> RunConfig:
    """Copy sample_data/ into ``base`` and plant attack strings in it (see the module docstring)."""
    data = base / "data"
    shutil.copytree(SAMPLE, data)
    gifts = data / GIFTS_2425
    offeror, recipient, description = "Offered By", "Name of Recipient", "Nature of Gift/Hospitality"
    planted = {
        "GH/24-25/0348": setter(**{offeror: SQL_NAME}),  # R007-T1: tickets accepted
        "GH/24-25/0314": setter(**{offeror: SQL_OR}),  # R005-T2: three people, one offeror
        "GH/24-25/0346": setter(**{offeror: SQL_OR}),
        "GH/24-25/0377": setter(**{offeror: SQL_OR}),
        "GH/24-25/0190": setter(**{offeror: SQL_PARAM}),  # R006-T1: three offers to one person
        "GH/24-25/0251": setter(**{offeror: SQL_PARAM}),
        "GH/24-25/0353": setter(**{offeror: SQL_PARAM}),
        "GH/24-25/0374": setter(**{offeror: IMG, recipient: SCRIPT}),  # R007-T2: hotel stay accepted
        "GH/24-25/0313": setter(**{description: HYPERLINK}),  # R009-T1: hamper with no approver
    }
    for ref, change in planted.items():
        assert edit_csv(gifts, ref, change) == 1, ref
    cards = data / CARDS_2025
    merchant = "Merchant Name"
    card_changes = {
        "GPC005533": setter(**{merchant: "@SUM(A1)", "Description": HYPERLINK}),  # R014-T1: a bar
        "GPC005142": setter(**{merchant: "+1"}),  # R015-T2: a round £300
        "GPC005483": setter(**{merchant: "-2"}),  # R014-T2: a Saturday
        "GPC004857": setter(MCC="=1+2"),  # an unreadable optional value: listed in issues.csv
    }
    for ref, change in card_changes.items():
        assert edit_csv(cards, ref, change) == 1, ref
    renamed_cards = cards.with_name(CARD_FILE)
    cards.rename(renamed_cards)
    renamed_gifts = (data / GIFTS_2324).with_name(GIFTS_FILE)
    (data / GIFTS_2324).rename(renamed_gifts)
    return build_config(
        config_path=data / "xref.toml",
        cli_files={"cards": (data / CARDS_2024, renamed_cards), "gifts": (renamed_gifts, gifts)},
        out_dir=base / "out",
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileRun:
    base = tmp_path_factory.mktemp("hostile")
    config = hostile_inputs(base)
    return HostileRun(config, run_quarter(config, now=NOW), base / "data")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def flag_for(summary: RunSummary, rule_id: str, supplier: str) -> dict[str, object]:
    found = summary.flags.filter((pl.col("rule_id") == rule_id) & (pl.col("supplier") == supplier))
    assert found.height >= 1, f"no {rule_id} flag for supplier {supplier!r}"
    return found.row(0, named=True)


# ------------------------------------------------------------------------------------------------ SQL


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("rule_id", "supplier"), [("R007", SQL_NAME), ("R005", SQL_OR), ("R006", SQL_PARAM), ("R007", IMG)]
)
def test_sql_looking_supplier_names_are_flagged_as_written(hostile: HostileRun, rule_id: str, supplier: str) -> None:
    flag = flag_for(hostile.summary, rule_id, supplier)
    assert supplier in str(flag["summary"]) or supplier in str(flag["facts"])
    rows = read_csv(hostile.summary.out_dir / "flags.csv")
    assert any(r["flag_id"] == flag["flag_id"] and r["supplier"] == supplier for r in rows)
    report = (hostile.summary.out_dir / "report.html").read_text(encoding="utf-8")
    assert str(escape(supplier)) in report


@pytest.mark.e2e
def test_sql_looking_file_names_are_recorded_as_written(hostile: HostileRun) -> None:
    files = hostile.summary.recon["file"].to_list()
    assert str(hostile.data / "cards" / CARD_FILE) in files
    quarantine = read_csv(hostile.summary.out_dir / "quarantine.csv")
    assert {r["reason"] for r in quarantine if r["source_file"] == CARD_FILE} >= {"bad_date:transaction_date"}
    info = json.loads((hostile.summary.out_dir / "run.json").read_text(encoding="utf-8"))
    assert str(hostile.data / "cards" / CARD_FILE) in {i["file"] for i in info["inputs"]}
    report = (hostile.summary.out_dir / "report.html").read_text(encoding="utf-8")
    assert str(escape(CARD_FILE)) in report


@pytest.mark.e2e
def test_the_case_file_keeps_its_tables_and_the_values_as_data(hostile: HostileRun) -> None:
    db = open_case_file(hostile.summary.case_file)
    try:
        for table in ("runs", "run_inputs", "flags", "flag_evidence", "run_reports", "decisions"):
            assert db.has_table(table), table
        run = {"r": hostile.summary.run_id}
        assert db.rows("select count(*) from flags where run_id = $r", run) == [(hostile.summary.flags.height,)]
        stored = db.rows("select file from run_inputs where run_id = $r and file like $f", {**run, "f": "%drop.csv"})
        assert stored == [(str(hostile.data / "cards" / CARD_FILE),)]
        suppliers = {r[0] for r in db.rows("select supplier from flags where run_id = $r", run)}
        assert {SQL_NAME, SQL_OR, SQL_PARAM, IMG} <= suppliers
    finally:
        db.close()


@pytest.mark.e2e
def test_staging_tables_survive_sql_looking_values(hostile: HostileRun) -> None:
    """The rules run on tables holding the attack strings; every staging table is still there afterwards."""
    db = Database()
    try:
        inputs = load_for_run(hostile.config, db=db)
        names, match = match_inputs(hostile.config, inputs)
        _, flags = flag_inputs(hostile.config, load_rules(), inputs, names, match)
        assert flags.height == hostile.summary.flags.height
        loaded = inputs.recon.group_by("register").agg(pl.col("rows_loaded").sum())
        for name, rows in loaded.iter_rows():
            assert db.rows(f"select count(*) from stg_{name}") == [(rows,)], name
        for value in (SQL_NAME, SQL_OR, SQL_PARAM):
            assert db.rows("select count(*) from stg_gifts where offeror = $v", {"v": value})[0][0] >= 1
        assert db.rows("select count(*) from stg_cards where source_file = $f", {"f": CARD_FILE})[0][0] > 1000
    finally:
        db.close()


# ----------------------------------------------------------------------------------------------- HTML


class Tags(html.parser.HTMLParser):
    """The start tags of a page, with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.mark.e2e
@pytest.mark.parametrize(("page", "scripts"), [("report.html", 1), ("summary.html", 0)])
def test_names_with_html_are_escaped(hostile: HostileRun, page: str, scripts: int) -> None:
    text = (hostile.summary.out_dir / page).read_text(encoding="utf-8")
    assert SCRIPT not in text
    assert "<img" not in text
    parser = Tags()
    parser.feed(text)
    assert [t for t, _ in parser.tags].count("script") == scripts  # the report's own sort-and-filter script only
    assert not [t for t, attrs in parser.tags if t == "img" or any(a.startswith("on") for a in attrs)]


@pytest.mark.e2e
def test_the_report_shows_html_names_as_text(hostile: HostileRun) -> None:
    flag = flag_for(hostile.summary, "R007", IMG)
    assert flag["staff"] == SCRIPT
    report = (hostile.summary.out_dir / "report.html").read_text(encoding="utf-8")
    assert str(escape(SCRIPT)) in report
    assert str(escape(IMG)) in report


# -------------------------------------------------------------------------------------- CSV and XLSX


def formula_like(value: str) -> bool:
    """A text cell a spreadsheet would run as a formula (a plain negative number is just a number)."""
    if not value.startswith(FORMULA_START):
        return False
    return re.fullmatch(r"-?\d+(\.\d+)?(e-?\d+)?", value) is None


@pytest.mark.e2e
@pytest.mark.parametrize("name", ["flags.csv", "quarantine.csv", "issues.csv", "matches.csv"])
def test_no_csv_cell_can_run_as_a_formula(hostile: HostileRun, name: str) -> None:
    rows = read_csv(hostile.summary.out_dir / name)
    assert rows
    bad = [(r, k, v) for r in rows for k, v in r.items() if v and formula_like(v)]
    assert not bad, bad[:3]


@pytest.mark.e2e
def test_formula_looking_values_keep_their_text_behind_a_quote(hostile: HostileRun) -> None:
    out = hostile.summary.out_dir
    suppliers = {r["supplier"] for r in read_csv(out / "flags.csv")}
    assert {"'@SUM(A1)", "'+1", "'-2"} <= suppliers
    quarantined = {r["source_file"] for r in read_csv(out / "quarantine.csv")}
    assert "'" + GIFTS_FILE in quarantined
    issues = read_csv(out / "issues.csv")
    assert any(r["field"] == "mcc" and r["value"] == "'=1+2" and r["source_file"] == CARD_FILE for r in issues)


def xlsx_sheets(path: Path) -> dict[str, pl.DataFrame]:
    reader = fastexcel.read_excel(str(path))
    return {name: reader.load_sheet(name, dtypes="string").to_polars() for name in reader.sheet_names}


@pytest.mark.e2e
def test_workbook_has_no_formulas_and_quotes_formula_looking_text(hostile: HostileRun) -> None:
    path = hostile.summary.out_dir / "flags.xlsx"
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in zf.read(name).decode("utf-8"), name
    sheets = xlsx_sheets(path)
    triage = sheets["Triage"]
    assert {"'@SUM(A1)", "'+1", "'-2"} <= set(triage["Supplier"].to_list())
    assert "'" + HYPERLINK in sheets["R014"]["Description"].to_list()
    assert "'" + HYPERLINK in sheets["R009"]["Gift description"].to_list()
    for name, sheet in sheets.items():
        for column in sheet.columns:
            bad = [v for v in sheet[column].drop_nulls().to_list() if formula_like(v)]
            assert not bad, (name, column, bad[:3])


# ----------------------------------------------------------------------------------------------- logs


def personal_names(data: Path) -> set[str]:
    """Every staff name and cardholder, in both orders, lower-cased: none may appear in what the CLI prints."""
    found: set[str] = set()
    with (data / "staff" / "staff_list_march_2025.csv").open(encoding="utf-8") as fh:
        people = [r["Full Name"] for r in csv.DictReader(fh)]
    text = (data / "cards" / CARD_FILE).read_text(encoding="utf-8")
    people += re.findall(r'"([A-Z\'\-]+, [A-Z\'\- ]+)"', text)  # "SURNAME, FORENAME" cardholders
    for person in people:
        surname, _, forename = person.partition(", ") if ", " in person else (person.split()[-1], "", person.split()[0])
        found |= {f"{forename} {surname}".lower(), f"{surname}, {forename}".lower()}
    return found


@pytest.mark.e2e
def test_run_logs_no_personal_names(hostile: HostileRun, tmp_path: Path) -> None:
    config = hostile.data / "xref.toml"
    args = ["run", "--progress", "--config", str(config), "--out", str(tmp_path / "out")]
    args += ["--cards", str(hostile.data / CARDS_2024), "--cards", str(hostile.data / "cards" / CARD_FILE)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "… loading" in result.stderr  # progress goes to stderr
    names = personal_names(hostile.data)
    assert {"callum butler", "butler, callum", "kevin rogers"} <= names
    for stream in (result.stdout, result.stderr):
        printed = stream.lower()
        leaked = sorted(n for n in names if n in printed)
        assert not leaked, leaked[:5]
        assert SCRIPT.lower() not in printed


@pytest.mark.e2e
def test_the_chief_officers_summary_names_no_one(hostile: HostileRun) -> None:
    text = (hostile.summary.out_dir / "summary.html").read_text(encoding="utf-8").lower()
    leaked = sorted(n for n in personal_names(hostile.data) if n in text)
    assert not leaked, leaked[:5]


def test_check_logs_no_personal_names_from_a_shifted_row(tmp_path: Path) -> None:
    path = tmp_path / "cards.csv"
    path.write_text(
        "Transaction Date,Merchant Name,Amount,Cardholder\n"
        "01/02/2025,TESCO,£12.50,Jane Smith\n"
        "02/02/2025,Foo, Ltd,3.00,Kevin Rogers\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", "--cards", str(path)])
    assert result.exit_code == 0, result.output
    assert "extra_cells" in result.stdout
    assert "kevin rogers" not in result.output.lower()


# ------------------------------------------------------------------------------------ public register


def publish(descriptions: list[str], names: list[str]) -> list[str]:
    """The public register's Description column for one gift per description, staff list ``names``."""
    staff = pl.DataFrame(
        {
            "staff_id": [f"P{i}" for i in range(len(names))],
            "name": names,
            "role": ["Detective Sergeant"] * len(names),
            "department": ["CID"] * len(names),
        }
    )
    rows = [
        {
            "entry_id": f"G{i:03d}",
            "offer_date": d("2025-01-10"),
            "recipient": "PC Alan Key",
            "offeror": "Acme Ltd",
            "description": text,
        }  # fmt: skip
        for i, text in enumerate(descriptions)
    ]
    frame = public_gifts(stage("gifts", rows), staff).frame
    by_ref = dict(zip(frame["Reference"].to_list(), frame["Description"].to_list(), strict=True))
    return [by_ref[f"G{i:03d}"] for i in range(len(descriptions))]


STAFF = ["Jane Smith", "Zoë Stewart", "MACDONALD, Ross", "Sean O'Brien", "Amelia Lloyd-Jones"]


@pytest.mark.parametrize(
    ("text", "surname"),
    [
        ("Dinner with JANE SMITH", "smith"),
        ("lunch: jane   smith and team", "smith"),
        ("Jane\nSmith (CID)", "smith"),
        ("Smith Jane, CID", "smith"),
        ("sent to jane.smith@wessex.police.uk", "smith"),
        ("Jane Smith’s leaving do", "smith"),
        ("Jane Q. Smith", "smith"),
        ("DS.Jane.Smith", "smith"),
        ("ZOË STEWART", "stewart"),
        ("Ross Macdonald and Ross MacDonald", "macdonald"),
        ("sean o'brien", "brien"),
        ("AMELIA LLOYD-JONES", "lloyd"),
    ],
)
def test_public_register_removes_names_written_oddly(text: str, surname: str) -> None:
    (out,) = publish([text], STAFF)
    assert REDACTED in out
    assert surname not in out.lower()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("gift to SMITH,JANE", id="surname,forename-no-space"),
        pytest.param("Sean O’Brien", id="typographic-apostrophe"),
        pytest.param("Zoe Stewart", id="accent-dropped"),
        pytest.param("Amelia Lloyd Jones", id="hyphen-dropped"),
        pytest.param("jane_smith@wessex.police.uk", id="underscore"),
    ],
)
def test_public_register_removes_names_in_other_spellings(text: str) -> None:
    (out,) = publish([text], STAFF)
    assert REDACTED in out
