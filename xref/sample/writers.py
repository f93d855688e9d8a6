"""Writing the sample force out the way real exports look: CSV and XLSX registers, config, planted.csv, README.

Headings, date and money styles, title rows, totals lines, nil returns and Windows-1252 text, as seen in the
public registers this project was built against.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import xlsxwriter

from xref.sample.model import (
    FIXED_TIME,
    FORCE,
    PERIOD,
    PERIOD_FROM,
    REF_COLUMNS,
    Case,
    Force,
    Person,
    Row,
)


def _assign_ids(force: Force) -> None:
    """Give every row its register's own reference, in date order as a real register numbers them."""
    force.contracts.sort(key=lambda r: (r["award_date"], r["supplier"]))
    for i, row in enumerate(force.contracts, start=1):
        row["id"] = f"WP-C-{row['award_date'].year}-{i:04d}"
    force.cards.sort(key=lambda r: (r["date"], r["merchant"], r["amount"]))
    for i, row in enumerate(force.cards, start=1):
        row["id"] = f"GPC{i:06d}"
    force.gifts.sort(key=lambda r: (r["date"], r["offeror"]))
    for i, row in enumerate(force.gifts, start=1):
        row["id"] = f"GH/{_fy(row['date'])}/{i:04d}"
    force.interests.sort(key=lambda r: (r["start_date"], r["organisation"]))
    for i, row in enumerate(force.interests, start=1):
        row["id"] = f"BI-{i:04d}"
    force.payments.sort(key=lambda r: (r["date"], r["supplier"], r["amount"]))
    for i, row in enumerate(force.payments, start=1):
        row["id"] = f"{5100000 + i}"
    # officers and PSCs have no reference of their own: xref cites them by file and row (the JSON's item number)
    per_company: dict[str, int] = {}
    csv_rows = 1
    for row in force.officers:
        if row["form"] == "json":
            per_company[row["company"]] = per_company.get(row["company"], 0) + 1
            row["id"] = f"{_officers_file(row['company'])}:{per_company[row['company']]}"
        else:
            csv_rows += 1
            row["id"] = f"{OFFICERS_CSV}:{csv_rows}"
    for i, row in enumerate(force.psc, start=1):
        row["id"] = f"{PSC_FILE}:{i}"


OFFICERS_CSV = "officers_extract.csv"
PSC_FILE = "psc_snapshot_extract.jsonl"


def _officers_file(number: str) -> str:
    return f"officers_{number}.json"


def _fy(day: dt.date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start % 100:02d}-{(start + 1) % 100:02d}"


# ---------------------------------------------------------------------------------------------------- writing


def _uk(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _gbp(value: float) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}"


def _csv_text(rows: Iterable[Iterable[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue()


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def write_force(force: Force, out: Path) -> list[str]:
    """Write every file; returns their paths relative to ``out``."""
    written: list[Path] = [
        *_write_contracts(force, out),
        _write_roles(force, out),
        *_write_cards(force, out),
        *_write_gifts(force, out),
        _write_interests(force, out),
        _write_payments(force, out),
        _write_staff(force, out),
        _write_leavers(force, out),
        _write_companies(force, out),
        *_write_officers(force, out),
        _write_psc(force, out),
        _write_decisions(force, out),
        _write_planted(force, out),
        _write_config(out),
        _write_readme(force, out),
    ]
    return [p.relative_to(out).as_posix() for p in written]


CONTRACT_HEADINGS = (
    "Contract Ref",
    "Title of Agreement",
    "Contractor/Provider",
    "Company Reg No",
    "Department Responsible",
    "Procurement Route",
    "Date Awarded",
    "Original Start/Commencement Date",
    "Expiry Date",
    "Total Contract Value (£)",
    "Approved By",
)


def _contract_cells(row: Row) -> list[Any]:
    return [
        row["id"],
        row["title"],
        row["supplier"],
        row["company_number"],
        row["department"],
        row["route"],
        row["award_date"],
        row["start_date"],
        row["end_date"],
        row["value"],
        row["approver"],
    ]


def _write_contracts(force: Force, out: Path) -> list[Path]:
    """Older awards in a CSV export; the current financial year in the XLSX the procurement team keeps."""
    cutoff = dt.date(2024, 4, 1)
    old = [r for r in force.contracts if r["award_date"] < cutoff]
    new = [r for r in force.contracts if r["award_date"] >= cutoff]
    lines: list[list[Any]] = [list(CONTRACT_HEADINGS)]
    for row in old:
        cells = _contract_cells(row)
        cells[6:9] = [_uk(d) if d else "Rolling" for d in cells[6:9]]
        cells[9] = _gbp(cells[9])
        lines.append(cells)
    # A row typed in without a supplier, and one awaiting its award date: both quarantined with a reason.
    lines.append(
        [
            "WP-C-2024-DRAFT",
            "Vehicle wash services",
            "",
            "",
            "Fleet Services",
            "Request for quotation",
            "",
            "",
            "",
            "",
            "",
        ]
    )
    names = [_write(out / "contracts" / "contracts_register_2021-2024.csv", _csv_text(lines))]

    path = out / "contracts" / "contracts_2024-25.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"remove_timezone": True})
    workbook.set_properties({"title": f"{FORCE} contracts register 2024-25", "created": FIXED_TIME})
    sheet = workbook.add_worksheet("Contracts 2024-25")
    bold = workbook.add_format({"bold": True, "text_wrap": True})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    money_format = workbook.add_format({"num_format": "£#,##0.00"})
    sheet.write(0, 0, f"{FORCE} - Contracts register 2024-25 (awards from 1 April 2024)", bold)
    # the current year's spreadsheet also records when each tender was published (R003)
    for col, heading in enumerate((*CONTRACT_HEADINGS, "Date Tender Published")):
        # headings typed over two lines in the spreadsheet, as real registers often are
        sheet.write(2, col, heading.replace(" (£)", "\n(£)").replace("Original Start/", "Original Start/\n"), bold)
    for r, row in enumerate(new, start=3):
        for col, value in enumerate([*_contract_cells(row), row["tender_start"]]):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, col, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, float):
                sheet.write_number(r, col, value, money_format)
            elif value is None:
                sheet.write_blank(r, col, None)
            else:
                sheet.write_string(r, col, str(value))
    workbook.close()
    names.append(path)
    return names


def _write_cards(force: Force, out: Path) -> list[Path]:
    """Calendar 2024 in the old card system's export, January-March 2025 in the new one's."""
    cutoff = dt.date(2025, 1, 1)
    old = [r for r in force.cards if r["date"] < cutoff]
    new = [r for r in force.cards if r["date"] >= cutoff]
    lines: list[list[Any]] = [
        [
            "FIN.TRANSACTION DATE",
            "MCH.MERCHANT NAME",
            "FIN.TRANSACTION AMOUNT",
            "Cardholder Name",
            "MCH.MERCHANT CATEGORY CODE",
            "Directorate",
            "Description",
            "CARD NO",
        ]
    ]
    for row in old:
        lines.append(
            [
                row["date"].strftime("%d-%b-%y").upper(),
                row["merchant"],
                f"{row['amount']:.2f}",
                row["holder"].name,
                row["mcc"],
                row["holder"].department,
                row["description"],
                row["card"],
            ]
        )
    names = [_write(out / "cards" / "GPC_transactions_2024.csv", _csv_text(lines))]

    lines = [
        [f"{FORCE} - Government Procurement Card transactions - January to March 2025"],
        [],
        [
            "Transaction ID",
            "Transaction Date",
            "Card Number",
            "Cardholder",
            "Organisational Unit",
            "Merchant Name",
            "MCC",
            "Description",
            "Amount (£)",
        ],
    ]
    mistyped = [i for i, row in enumerate(new) if not row["planted"]][17]
    for i, row in enumerate(new):
        # one mistyped date, which is quarantined as bad_date with the row kept in quarantine.csv
        when = "31/02/2025" if i == mistyped else _uk(row["date"])
        lines.append(
            [
                row["id"],
                when,
                row["card"],
                row["holder"].surname_first,
                row["holder"].department,
                row["merchant"],
                row["mcc"],
                row["description"],
                _gbp(row["amount"]),
            ]
        )
    lines.append(["", "Total", "", "", "", "", "", "", _gbp(sum(r["amount"] for r in new))])
    names.append(_write(out / "cards" / "Procurement card transactions January-March 2025.csv", _csv_text(lines)))
    return names


def _write_gifts(force: Force, out: Path) -> list[Path]:
    """One register per financial year, with nil returns and a gift given (not received) by an officer."""
    names: list[Path] = []
    headings = [
        "Reference Number",
        "Date of Offer",
        "Name of Recipient",
        "Department",
        "Offered By",
        "Nature of Gift/Hospitality",
        "Gift or Hospitality",
        "Estimated Value",
        "Accepted or Declined",
        "Given or Received",
        "Date Registered",
        "Approved By",
    ]
    for fy, start, end in (
        ("2023-24", dt.date(2023, 4, 1), dt.date(2024, 3, 31)),
        ("2024-25", dt.date(2024, 4, 1), dt.date(2025, 3, 31)),
    ):
        rows = [r for r in force.gifts if start <= r["date"] <= end]
        lines: list[list[Any]] = [headings]
        for i, row in enumerate(rows):
            value = "Unknown" if row["value"] is None else f"£{row['value']}"
            when = row["date"].strftime("%a %d %B %Y") if i % 7 == 3 else row["date"].strftime("%d %b %Y")
            lines.append(
                [
                    row["id"],
                    when,
                    row["recipient"].with_rank,
                    row["recipient"].department,
                    row["offeror"],
                    row["description"],
                    row["kind"],
                    value,
                    row["status"],
                    row["direction"],
                    _uk(row["declared"]),
                    row["approver"],
                ]
            )
        lines.insert(len(lines) // 2, ["", "", "", "Custody", "", f"Nil return - custody {fy}", "", "", "", "", "", ""])
        giver = force.staff[-1]
        lines.append(
            [
                f"GH/{fy[2:]}/G01",
                _uk(end - dt.timedelta(days=40)),
                giver.with_rank,
                giver.department,
                "",
                "Gift to visiting delegation (given)",
                "Gift",
                "£20",
                "",
                "Given",
                "",
                "",
            ]
        )
        names.append(_write(out / "gifts" / f"gifts_and_hospitality_{fy}.csv", _csv_text(lines)))
    return names


def _write_interests(force: Force, out: Path) -> Path:
    lines: list[list[Any]] = [
        [
            "Ref",
            "Name",
            "Department",
            "Organisation",
            "Nature of Interest",
            "Decision",
            "Date From",
            "Date To",
            "Date Approved",
            "Last Reviewed",
            "Next Review Date",
        ]
    ]
    for i, row in enumerate(force.interests):
        lines.append(
            [
                row["id"],
                f"{row['staff'].last}, {row['staff'].first}",
                row["staff"].department,
                row["organisation"],
                row["role"],
                row["status"],
                _uk(row["start_date"]),
                _uk(row["end_date"]) if row["end_date"] else ("Ongoing" if i % 3 else ""),
                _uk(row["decision"]),
                _uk(row["reviewed"]),
                _uk(row["next_review"]),
            ]
        )
        if i == len(force.interests) // 3:
            lines.append([""] * 11)  # a blank line left in the export
    return _write(out / "interests" / "business_interests_register.csv", _csv_text(lines))


def _write_roles(force: Force, out: Path) -> Path:
    """Who approved, evaluated, specified or held the budget for each award (from the award reports)."""
    lines: list[list[Any]] = [["Contract Reference", "Name", "Role"]]
    order = {"Approver": 0, "Budget holder": 1, "Buyer": 2, "Evaluator": 3, "Contract manager": 4}
    for row in sorted(force.roles, key=lambda r: (r["contract"]["id"], order.get(r["role"], 9), r["staff"])):
        lines.append([row["contract"]["id"], row["staff"], row["role"]])
    return _write(out / "contracts" / "contract_roles.csv", _csv_text(lines))


def _write_payments(force: Force, out: Path) -> Path:
    """Spend over £500 as a finance system exports it: Windows-1252, the heading repeated where files were joined."""
    headings = [
        "Body Name",
        "Service Area",
        "Expense Type",
        "Payment Date",
        "Transaction Number",
        "Net Amount",
        "Supplier Name",
        "VAT Registration Number",
    ]
    lines: list[list[Any]] = [headings]
    for i, row in enumerate(force.payments):
        if i == len(force.payments) // 2:
            lines.append(headings)
        lines.append(
            [
                FORCE,
                row["department"],
                row["expense"],
                _uk(row["date"]),
                row["id"],
                f"{row['amount']:.2f}",
                row["supplier"],
                row["vat"],
            ]
        )
    return _write(out / "payments" / "spend_over_500_2024-25.csv", _csv_text(lines), encoding="cp1252")


def _current_staff(force: Force) -> list[Person]:
    """The staff list at the end of March 2025: everyone but the leavers."""
    gone = {r["person"].staff_id for r in force.leavers}
    return [p for p in force.staff if p.staff_id not in gone]


def _write_staff(force: Force, out: Path) -> Path:
    lines: list[list[Any]] = [["Staff Number", "Full Name", "Rank/Grade", "Department", "Date of Birth"]]
    for p in sorted(_current_staff(force), key=lambda p: p.staff_id):
        lines.append([p.staff_id, p.name, p.role, p.department, _uk(p.born)])
    return _write(out / "staff" / "staff_list_march_2025.csv", _csv_text(lines))


LEAVERS_HEADINGS = (
    "Staff Number",
    "Name",
    "Rank/Grade",
    "Department",
    "Date Left",
    "Reason for Leaving",
    "New Employer / Business Appointment",
    "Role",
)


def _write_leavers(force: Force, out: Path) -> Path:
    """HR's leavers list with the business appointments notified under the post-employment rules."""
    lines: list[list[Any]] = [list(LEAVERS_HEADINGS)]
    for row in sorted(force.leavers, key=lambda r: (r["left"], r["person"].last, r["person"].first)):
        person = row["person"]
        lines.append(
            [
                person.staff_id,
                person.name,
                person.role,
                person.department,
                _uk(row["left"]),
                row["reason"],
                row["employer"],
                row["role"],
            ]
        )
    return _write(out / "staff" / "leavers_2024-25.csv", _csv_text(lines))


def _write_companies(force: Force, out: Path) -> Path:
    """Rows of Companies House's free company data product (headings as it writes them, " CompanyNumber" too)."""
    lines: list[list[Any]] = [
        [
            "CompanyName",
            " CompanyNumber",
            "CompanyCategory",
            "CompanyStatus",
            "CountryOfOrigin",
            "DissolutionDate",
            "IncorporationDate",
        ]
    ]
    for row in sorted(force.companies, key=lambda r: r["name"]):
        lines.append(
            [row["name"], row["number"], row["category"], "Active", "United Kingdom", "", _uk(row["incorporated"])]
        )
    return _write(out / "contracts" / "companies_house_extract.csv", _csv_text(lines))


def _partial_date(day: dt.date | None) -> dict[str, int] | None:
    """A date of birth as Companies House publishes it: month and year only."""
    return {"month": day.month, "year": day.year} if day else None


def _write_officers(force: Force, out: Path) -> list[Path]:
    """Officer lists as the Companies House API returns them (GET /company/{number}/officers), and one flat CSV."""
    folder = out / "companies_house"
    written = []
    companies = sorted({r["company"] for r in force.officers if r["form"] == "json"})
    for number in companies:
        rows = [r for r in force.officers if r["form"] == "json" and r["company"] == number]
        items = []
        for k, row in enumerate(rows, start=1):
            item: dict[str, Any] = {
                "name": row["name"],
                "officer_role": row["role"],
                "appointed_on": row["appointed"].isoformat(),
            }
            if row["resigned"]:
                item["resigned_on"] = row["resigned"].isoformat()
            if row["born"]:
                item["date_of_birth"] = _partial_date(row["born"])
            if row["role"].startswith("corporate"):
                item["identification"] = {"identification_type": "uk-limited-company", "registration_number": "0"}
            else:
                item["nationality"] = "British"
                item["country_of_residence"] = "England"
            item["links"] = {"self": f"/company/{number}/appointments/SAMPLE{number}{k:02d}"}
            items.append(item)
        resigned = sum(1 for r in rows if r["resigned"])
        document = {
            "kind": "officer-list",
            "links": {"self": f"/company/{number}/officers"},
            "items_per_page": 35,
            "start_index": 0,
            "total_results": len(rows),
            "active_count": len(rows) - resigned,
            "resigned_count": resigned,
            "items": items,
        }
        written.append(_write(folder / _officers_file(number), json.dumps(document, indent=2) + "\n"))
    lines: list[list[Any]] = [
        ["Company Number", "Company Name", "Officer Name", "Officer Role", "Appointed On", "Resigned On",
         "Date of Birth"]
    ]  # fmt: skip
    for row in force.officers:
        if row["form"] == "csv":
            born = row["born"].strftime("%m/%Y") if row["born"] else ""
            lines.append([row["company"], row["company_name"], row["name"], row["role"],
                          _uk(row["appointed"]), _uk(row["resigned"]), born])  # fmt: skip
    written.append(_write(folder / OFFICERS_CSV, _csv_text(lines)))
    return written


def _write_psc(force: Force, out: Path) -> Path:
    """Lines of Companies House's persons-with-significant-control snapshot (JSON lines), ending in its totals."""
    lines = []
    for row in force.psc:
        data: dict[str, Any] = {"kind": row["kind"], "notified_on": row["notified"].isoformat()}
        if row["kind"].endswith("statement"):
            data["statement"] = "no-individual-or-entity-with-signficant-control"
        else:
            data["name"] = row["name"]
            data["natures_of_control"] = list(row["natures"]) or ["ownership-of-shares-75-to-100-percent"]
        if row["forename"]:
            data["name_elements"] = {"title": row["title"], "forename": row["forename"], "surname": row["surname"]}
        if row["born"]:
            data["date_of_birth"] = _partial_date(row["born"])
        data["links"] = {"self": f"/company/{row['company']}/persons-with-significant-control/SAMPLE"}
        lines.append(json.dumps({"company_number": row["company"], "data": data}))
    totals = {
        "kind": "totals#persons-of-significant-control-snapshot",
        "persons_of_significant_control_count": len(lines),
    }
    lines.append(json.dumps({"data": totals}))
    return _write(out / "companies_house" / PSC_FILE, "\n".join(lines) + "\n")


def _write_decisions(force: Force, out: Path) -> Path:
    columns = ["name_a", "name_b", "decision", "reviewer", "decided_at", "note"]
    lines = [columns, *([row[c] for c in columns] for row in force.decisions)]
    return _write(out / "match_decisions.csv", _csv_text(lines))


PLANTED_COLUMNS = ("case_id", "rule_id", "expect", "staff", "supplier", *REF_COLUMNS, "period", "note")


def _write_planted(force: Force, out: Path) -> Path:
    lines: list[list[Any]] = [list(PLANTED_COLUMNS)]
    for c in force.cases:
        refs = ["; ".join(c.refs.get(col, [])) for col in REF_COLUMNS]
        lines.append([c.case_id, c.rule_id, c.expect, c.staff, c.supplier, *refs, c.period, c.note])
    return _write(out / "planted.csv", _csv_text(lines))


CONFIG = f"""\
# {FORCE} (fictional) - the quarterly integrity check for {PERIOD}. Written by `xref generate`; see README.md.
# Paths are relative to this file. Headings xref recognises on its own need no mapping.

[run]
period = "{PERIOD}"
overrides = "match_decisions.csv"

[inputs.contracts]
files = ["contracts/contracts_register_2021-2024.csv", "contracts/contracts_2024-25.xlsx"]

[inputs.contracts.columns]
# The contracts register calls the supplier "Contractor/Provider": not a heading xref knows, so it is mapped here.
supplier_name = "Contractor/Provider"
start_date = "Original Start/Commencement Date"

[inputs.contract_roles]
# Decision roles on each award (approver, evaluators, budget holder...), from the award reports.
files = ["contracts/contract_roles.csv"]

[inputs.cards]
files = ["cards/*.csv"]

[inputs.gifts]
files = ["gifts/gifts_and_hospitality_*.csv"]

[inputs.interests]
files = ["interests/business_interests_register.csv"]

[inputs.payments]
files = ["payments/spend_over_500_2024-25.csv"]

[inputs.staff]
files = ["staff/staff_list_march_2025.csv"]

[inputs.leavers]
# HR's leavers in 2024-25 with the new employer or business appointment they notified (R022).
files = ["staff/leavers_2024-25.csv"]

[inputs.leavers.columns]
new_employer = "New Employer / Business Appointment"

[inputs.companies]
# Companies House's free company data, cut to the contract suppliers: incorporation dates (R023).
files = ["contracts/companies_house_extract.csv"]

[inputs.officers]
# The suppliers' officers: the Companies House API's officer list for each company number, and a flat CSV (R027-R029).
files = ["companies_house/officers_*.json", "companies_house/officers_extract.csv"]

[inputs.psc]
# Persons with significant control: the suppliers' lines of Companies House's PSC snapshot (R027-R029).
files = ["companies_house/psc_snapshot_extract.jsonl"]
"""


def _write_config(out: Path) -> Path:
    return _write(out / "xref.toml", CONFIG)


def _write_readme(force: Force, out: Path) -> Path:
    counts = {
        "contracts": len(force.contracts),
        "cards": len(force.cards),
        "gifts": len(force.gifts),
        "interests": len(force.interests),
        "payments": len(force.payments),
        "staff": len(_current_staff(force)),
    }
    old_contracts = sum(r["award_date"] < dt.date(2024, 4, 1) for r in force.contracts)
    old_cards = sum(r["date"] < PERIOD_FROM for r in force.cards)
    file_rows = [
        ("file", "register", "rows", "what is messy about it"),
        ("---", "---", "---", "---"),
        (
            "contracts/contracts_register_2021-2024.csv",
            "contracts",
            old_contracts,
            'supplier heading "Contractor/Provider" (mapped in xref.toml), "£" values, "Rolling" end dates, '
            "a draft row with no supplier",
        ),
        (
            "contracts/contracts_2024-25.xlsx",
            "contracts",
            counts["contracts"] - old_contracts,
            "title row above the headings, headings over two lines, real Excel dates, a tender publication date "
            "(blank for routes without one)",
        ),
        (
            "contracts/contract_roles.csv",
            "contract roles",
            len(force.roles),
            "who approved, evaluated, held the budget for or managed each award; names with or without rank",
        ),
        (
            "cards/GPC_transactions_2024.csv",
            "cards",
            old_cards,
            'the old card system\'s "FIN./MCH." headings, dates like 03-OCT-24, a masked "CARD NO"',
        ),
        (
            "cards/Procurement card transactions January-March 2025.csv",
            "cards",
            counts["cards"] - old_cards,
            'title row, "SURNAME, FORENAME" cardholders, masked card numbers, "£" amounts, refunds, an impossible '
            "date, a totals line",
        ),
        (
            "gifts/gifts_and_hospitality_2023-24.csv, _2024-25.csv",
            "gifts",
            counts["gifts"],
            'ranks in names, "Tue 14 January 2025" dates, an "Unknown" value, nil returns, a gift *given*, '
            '"Approved By" blank for declined offers',
        ),
        (
            "interests/business_interests_register.csv",
            "interests",
            counts["interests"],
            '"Surname, Forename", "Ongoing" end dates, a blank line, no decision or review dates for pending entries',
        ),
        (
            "payments/spend_over_500_2024-25.csv",
            "payments",
            counts["payments"],
            "Windows-1252 text, the heading repeated half-way down (two exports joined)",
        ),
        ("staff/staff_list_march_2025.csv", "staff", counts["staff"], "-"),
        (
            "staff/leavers_2024-25.csv",
            "leavers",
            len(force.leavers),
            'new-employer heading "New Employer / Business Appointment" (mapped in xref.toml), blank for most leavers; '
            "leavers are not on the March staff list",
        ),
        (
            "contracts/companies_house_extract.csv",
            "companies",
            len(force.companies),
            'Companies House\'s own headings (" CompanyNumber" with its leading space), upper-case names, "LTD" or '
            '"LIMITED"; contract suppliers only',
        ),
        (
            "companies_house/officers_*.json",
            "officers",
            sum(r["form"] == "json" for r in force.officers),
            "the Companies House API's officer list, one file per company: no company name (only the number, in "
            '`links.self`), "SURNAME, Forenames", month and year of birth as two numbers, a corporate secretary',
        ),
        (
            "companies_house/officers_extract.csv",
            "officers",
            sum(r["form"] == "csv" for r in force.officers),
            "the same fields flat, with the company name; a date of birth as mm/yyyy or missing",
        ),
        (
            f"companies_house/{PSC_FILE}",
            "psc",
            len(force.psc),
            "lines of the PSC bulk snapshot: a person, a corporate PSC and a statement (quarantined: no person), "
            "and the snapshot's totals line",
        ),
        (
            "match_decisions.csv",
            "reviewer decisions",
            len(force.decisions),
            "one `not_same` decision carried over from an earlier quarter",
        ),
    ]
    files = "\n".join("| " + " | ".join(str(cell) for cell in row) + " |" for row in file_rows)
    by_rule: dict[str, list[Case]] = {}
    for c in force.cases:
        by_rule.setdefault(c.rule_id, []).append(c)
    sections = []
    for rule_id in sorted(by_rule):
        rows = "\n".join(
            f"| {c.case_id} | {'flag' if c.expect == 'flag' else 'no flag (decoy)'} | {c.staff or '-'} | "
            f"{c.supplier or '-'} | {c.note}{f' (same records as {c.same_as})' if c.same_as else ''} |"
            for c in sorted(by_rule[rule_id], key=lambda c: (c.expect != "flag", c.case_id))
        )
        sections.append(
            f"### {rule_id} {RULE_TITLES.get(rule_id, '')}\n\n"
            "| case | expected | staff | supplier | what it tests |\n|---|---|---|---|---|\n" + rows
        )
    cases = "\n\n".join(sections)
    text = f"""# sample_data: a fictional force's quarter

{FORCE} is fictional. These files are its registers for the quarter **{PERIOD}** (1 January - 31 March 2025) with
the history the rules look back over (gifts from April 2023, card spend from January 2024, payments from April 2024,
contracts from 2021). `make run` runs xref on them with `xref.toml`; `make sample-data` regenerates them
(`xref generate --seed 2025`), and `tests/test_synth.py` fails if the committed files differ from what the generator
writes.

{files}

Row counts are records generated; the files also hold the title, blank, totals and nil-return lines that xref
quarantines with a reason (see `out/quarantine.csv` after `make run`).

## How the data is made

Background records use real supplier names from public spend files (`xref/data/sample_suppliers.csv`, with its
provenance) split into pools that never share a distinctive word, so contract suppliers, card merchants, gift
offerors and business interests do not link with each other by chance. People are random pairings of common first
names and surnames. Every cross-register link in the data is one of the planted cases below; their suppliers are
made-up names, so no real company is shown doing anything suspicious.

The background also keeps every single-register rule quiet at its default settings, as a well-run force's
registers would:

- card spend falls on working days that are not bank holidays, in ordinary merchant categories (never a restricted
  one; restaurants, cafés and hotels under £100), every payment under £470 (the card limit is £500), no payment of
  £100 or more a round multiple of £50, and one card never pays one merchant the same amount within 3 days or more
  than £500 within 2 days;
- gifts and hospitality are declared within three weeks with offeror, value and outcome recorded; accepted offers
  are under £100, never tickets, travel or hotels, and are approved by someone other than the recipient; an offeror
  (other than a public body) offers to at most two people and is declined at most once in any 365 days, and nobody
  gets two offers from one offeror within a year;
- approved interests still held were reviewed in the twelve months before the period ended and are next due for
  review after it;
- no contract value sits within 5% below a policy threshold (VAT-inclusive thresholds compared after dividing by
  1.2), a supplier's awards are at least 120 days apart and no supplier has more than two, so nothing looks split
  or repeatedly single-sourced; every award has an approver and a budget holder in the roles file, competitive ones
  one or two evaluators, some a contract manager;
- no supplier is paid twice within 8 days, so no run of invoices looks split under a threshold;
- leavers retired, moved to another force or a public body, or left without notifying a new employer; none held a
  role on a contract, and no new employer shares a word with a contract supplier;
- the Companies House rows cover three in four background contract suppliers that are companies, every one
  incorporated before 2020, more than a year before any background award.

## Planted cases

`planted.csv` lists each case with the record references its flag must carry (`contract_ref`, `gift_ref`,
`card_ref`, `interest_ref`, `payment_ref`; several references are separated by ";"). The end-to-end test
(`tests/test_e2e.py`) checks that every "flag" case is flagged by its rule, that no decoy is, that no flag appears
outside the planted cases, and that every rule has at least one of each.

Decoys are look-alikes that a careless rule would flag: one day outside a window, just under a threshold, a public
body, a different person with the same surname, a near-miss name. Some scenarios are listed under two rules, with
the same records: a gift to an evaluator before the award (R002) is also a gift before the award (R001), and a
shareholder on the evaluation panel (R020) also holds an interest in a supplier (R019).

R024 (the Benford summary of card amounts) is one information flag per period and names no record, so its cases
give a `period` instead of references: the reporting quarter's summary is expected (it has over 1,000 card payments
of £10 or more); the October-December 2024 quarter, which is in the card history, must not be summarised again.

{cases}
"""
    return _write(out / "README.md", text)


RULE_TITLES = {
    "R001": "gift or hospitality before the supplier won a contract",
    "R002": "gift recipient in the contract's decision chain",
    "R003": "gift or hospitality while the supplier's tender was open",
    "R004": "gift to a decision-chain member after the award",
    "R005": "supplier keeps offering (declined offers, many staff)",
    "R006": "same person, same offeror, repeatedly",
    "R007": "high-value gift or hospitality (tickets, travel, hotels)",
    "R008": "gift entry incomplete or declared late",
    "R009": "gift accepted without independent approval",
    "R010": "cardholder paid a merchant that gave them hospitality",
    "R011": "card purchase split to stay under the limit",
    "R012": "card payments repeatedly just under the limit",
    "R013": "card spend with a supplier holding a live contract",
    "R014": "restricted merchant category, weekend or bank-holiday spend",
    "R015": "duplicate or round-sum card payment",
    "R016": "contract value just below a threshold",
    "R017": "contracts split to stay under a threshold",
    "R018": "repeated non-competitive awards to one supplier",
    "R019": "staff business interest in a supplier",
    "R020": "staff with an interest in the supplier in the contract's decision chain",
    "R021": "new supplier after hospitality",
    "R022": "member of staff left to work for a supplier whose contract they had a role on",
    "R023": "contract awarded to a newly incorporated company",
    "R024": "Benford summary of card amounts (information)",
    "R025": "business interest overdue for review",
    "R026": "supplier payments split below a threshold",
    "R027": "member of staff is an officer or owner of a supplier, with no interest declared",
    "R028": "declared interest that Companies House's officer record does not bear out",
    "R029": "member of staff became an officer of a supplier within a year of its contract they helped decide",
}
