"""The fictional force's people, cases and records, and the builder the generator fills (:mod:`xref.sample`).

The constants are the vocabulary of Wessex Police's registers (departments, ranks, routes, merchants...); the
record helpers (``_contract``, ``_gift``, ``_card``...) add one row to a register, and to a planted case's refs.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from xref.rules import REFERENCE_COLUMNS

FORCE = "Wessex Police"
PERIOD = "2025Q1"
PERIOD_FROM = dt.date(2025, 1, 1)
PERIOD_TO = dt.date(2025, 3, 31)
HISTORY_FROM = dt.date(2023, 4, 1)
"""Gifts history starts here (the rules look back up to a year before the period's events)."""
CARDS_FROM = dt.date(2024, 1, 1)
"""Card history starts here: a year before the period, so that a merchant first paid in the period is new (R021)."""
FIXED_TIME = dt.datetime(2025, 4, 1, 9, 0, 0)
"""Written into the XLSX document properties so that the file's bytes do not depend on the clock."""

Row = dict[str, Any]
REF_COLUMNS = REFERENCE_COLUMNS

DEPARTMENTS = (
    "Local Policing - North",
    "Local Policing - South",
    "Criminal Justice",
    "Major Crime",
    "Operational Support",
    "Fleet Services",
    "Estates & Facilities",
    "ICT",
    "Finance",
    "Procurement",
    "Training & Development",
    "Corporate Communications",
    "Professional Standards",
    "Roads Policing",
    "Custody",
)
OFFICER_RANKS = ("PC", "PC", "PC", "PC", "DC", "DC", "PS", "PS", "DS", "Insp", "DI", "Ch Insp", "Supt")
STAFF_GRADES = ("Police Staff Grade 3", "Police Staff Grade 4", "Police Staff Grade 5", "Police Staff Grade 6")
ROUTES = (
    "Open tender",
    "Mini-competition (framework)",
    "Direct award from framework",
    "Request for quotation",
    "Restricted procedure",
    "Single source (waiver)",
)
CONTRACT_TOPICS = (
    "Supply of {x}",
    "{x} services",
    "Provision of {x}",
    "{x} - framework call-off",
    "Maintenance of {x}",
)
CONTRACT_THINGS = (
    "cleaning",
    "custody healthcare",
    "forensic consumables",
    "body armour",
    "uniform and equipment",
    "vehicle parts",
    "tyres",
    "IT hardware",
    "software licences",
    "telephony",
    "translation and interpreting",
    "legal advice",
    "occupational health",
    "security guarding",
    "waste disposal",
    "catering",
    "printing",
    "training courses",
    "building works",
    "grounds maintenance",
    "CCTV",
    "radio airtime",
    "fuel cards",
    "vehicle recovery",
    "office furniture",
    "stationery",
)
# Card merchants as they look on a card statement, with the merchant category code the card scheme gives them. Their
# words are kept out of every other register's background.
CARD_MERCHANTS = (
    ("AMAZON.CO.UK*{ref}", "5942"),
    ("AMZN MKTP UK*{ref}", "5999"),
    ("TESCO STORES {store}", "5411"),
    ("SAINSBURYS S/MKTS {store}", "5411"),
    ("TRAINLINE.COM", "4112"),
    ("PREMIER INN{store}", "7011"),
    ("TRAVELODGE {place}", "7011"),
    ("WHSMITH {place}", "5942"),
    ("ARGOS LTD", "5311"),
    ("SCREWFIX DIRECT", "5200"),
    ("TOOLSTATION {place}", "5251"),
    ("CURRYS {store}", "5732"),
    ("COSTA COFFEE {store}", "5814"),
    ("GREGGS PLC {store}", "5814"),
    ("UBER *TRIP", "4121"),
    ("DVLA VEHICLE TAX", "9399"),
    ("POST OFFICE COUNTER", "9402"),
    ("ZOOM.US 888-799-9666", "4816"),
    ("MICROSOFT*STORE", "5734"),
    ("EBAY O*{ref}", "5999"),
    ("HALFORDS {store}", "5533"),
    ("WICKES {place}", "5211"),
    ("NATIONAL EXPRESS", "4131"),
    ("GWR TICKET OFFICE", "4112"),
    ("SHELL {place}", "5541"),
    ("BP {place} SERVICE STN", "5541"),
    ("ESSO {place}", "5541"),
    ("NCP CAR PARK {store}", "7523"),
    ("RINGGO PARKING", "7523"),
    ("VIKING DIRECT", "5943"),
    ("LYRECO UK", "5943"),
    ("APCOA PARKING", "7523"),
    ("MARKS & SPENCER {store}", "5311"),
    ("BOOTS {store}", "5912"),
    ("JOHN LEWIS {store}", "5311"),
)
# Category codes for the card-mangled supplier names: trade and business supplies, never a restricted code.
SUPPLIER_MCCS = ("5999", "5045", "5111", "7399", "5065", "5943", "8999", "5085")
HOSPITALITY_MCCS = frozenset({"5812", "5814", "7922", "7941", "7011"})
"""Restaurants, fast food, ticket agencies, sports clubs, hotels: background spend there stays under £100 (R014)."""
CARD_PLACES = ("EXETER", "BRISTOL", "TAUNTON", "YEOVIL", "SALISBURY", "DORCHESTER", "POOLE", "BATH", "SWINDON")
CARD_DESCRIPTIONS = (
    "Refreshments",
    "Office supplies",
    "Travel",
    "Accommodation",
    "Vehicle sundries",
    "Equipment",
    "Training materials",
    "Postage",
    "Parking",
    "Software subscription",
)
# Background offers are modest: under £100, and no tickets, travel or hotels (those are R007's planted cases).
GIFT_ITEMS = (
    ("Christmas hamper", "Gift", (40, 90)),
    ("Chocolates", "Gift", (5, 20)),
    ("Bottle of wine", "Gift", (10, 30)),
    ("Branded pen and notebook", "Gift", (2, 10)),
    ("Conference dinner", "Hospitality", (40, 95)),
    ("Working lunch", "Hospitality", (10, 30)),
    ("Drinks reception", "Hospitality", (15, 40)),
    ("Invitation to awards evening", "Hospitality", (45, 95)),
    ("Book token", "Gift", (10, 25)),
    ("Flowers", "Gift", (15, 35)),
)
PUBLIC_BODY_OFFERORS = (
    "College of Policing",
    "Home Office",
    "Avon and Somerset Constabulary",
    "Devon and Cornwall Police",
    "Office of the Police and Crime Commissioner for Wessex",
    "Dorset Council",
)
MEMBER_OF_PUBLIC = "Member of the public"
INTEREST_KINDS = (
    ("Treasurer", "{place} {club}"),
    ("Trustee", "{place} {charity}"),
    ("Volunteer", "{place} {charity}"),
    ("Secretary", "{place} {club}"),
    ("Coach", "{place} {club}"),
    ("Self-employed {trade}", "{trade_title} (sole trader)"),
    ("Shareholder", "{surname} Family Lettings"),
    ("Part-time {trade}", "{trade_title} (self-employed)"),
)
# Made-up place names that are not in any background supplier name (checked when the pools are built).
INTEREST_PLACES = (
    "Abbotsea",
    "Kingsbere",
    "Weatherbury",
    "Marlott",
    "Emminster",
    "Chaseborough",
    "Longpuddle",
    "Mellstock",
    "Nuttlebury",
    "Evershead",
    "Flintcomb",
    "Trantridge",
)
CLUBS = ("Cricket Club", "Rugby Football Club", "Bowls Club", "Running Club", "Angling Society", "Choral Society")
CHARITIES = ("Food Bank", "Scout Group", "Community Trust", "Youth Project", "Village Hall Committee")
TRADES = (("photographer", "Photography"), ("driving instructor", "Driving Tuition"), ("tutor", "Maths Tutoring"))
INTEREST_STATUS = ("Approved", "Approved", "Approved", "Approved with conditions", "Pending", "Refused")
PAYMENT_EXPENSES = (
    "Premises - repairs and maintenance",
    "Supplies and services",
    "Transport - vehicle maintenance",
    "IT - hardware",
    "IT - software",
    "Professional fees",
    "Third party payments",
    "Clothing and uniforms",
)


@dataclass
class Case:
    """One planted scenario: a conflict a rule must flag, or a decoy it must not."""

    case_id: str
    rule_id: str
    expect: str  # "flag" | "no_flag"
    staff: str
    supplier: str
    note: str
    refs: dict[str, list[str]] = field(default_factory=dict)
    same_as: str | None = None
    period: str = ""
    """For a per-period flag naming no record (R024): the period it is about."""
    """Another case whose records this one names too (one scenario that two rules must both flag, or not)."""


@dataclass
class Person:
    """A member of staff of the fictional force."""

    staff_id: str
    first: str
    last: str
    role: str
    department: str
    officer: bool

    @property
    def name(self) -> str:
        """Forename Surname."""
        return f"{self.first} {self.last}"

    @property
    def with_rank(self) -> str:
        """Rank and name ("PC Forename Surname") for officers, the plain name for staff."""
        return f"{self.role} {self.name}" if self.officer else self.name

    @property
    def born(self) -> dt.date:
        """A date of birth read from the staff number, not drawn: the other records' random draws stay as they were."""
        h = int(hashlib.sha256(self.staff_id.encode()).hexdigest()[:8], 16)
        return dt.date(1962 + h % 38, 1 + (h >> 8) % 12, 1 + (h >> 16) % 28)

    @property
    def surname_first(self) -> str:
        """The name as card systems export it: "SURNAME, FORENAME"."""
        return f"{self.last.upper()}, {self.first.upper()}"


@dataclass
class Force:
    """Everything generated, before it is written out."""

    staff: list[Person]
    contracts: list[Row]
    cards: list[Row]
    gifts: list[Row]
    interests: list[Row]
    payments: list[Row]
    cases: list[Case]
    decisions: list[Row]
    roles: list[Row] = field(default_factory=list)
    """Contract decision roles: ``contract`` (the contract row), ``staff`` (name as written), ``role``."""
    leavers: list[Row] = field(default_factory=list)
    """Staff who left in 2024-25: ``person``, ``left``, ``reason``, ``employer`` (new employer, may be ""), ``role``."""
    companies: list[Row] = field(default_factory=list)
    """Companies House rows: ``name``, ``number``, ``category``, ``incorporated``."""
    officers: list[Row] = field(default_factory=list)
    """Company officers: ``company``, ``company_name`` ("" in the API's JSON), ``name`` ("SURNAME, Forenames"),
    ``role``, ``appointed``, ``resigned``, ``born`` (month and year only are written), ``form`` ("json" or "csv")."""
    psc: list[Row] = field(default_factory=list)
    """Persons with significant control: ``company``, ``kind``, ``name``, ``title``, ``forename``, ``surname``,
    ``natures``, ``notified``, ``ceased``, ``born``."""


# --------------------------------------------------------------------------------------------------- building


def _read_data_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("xref").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


class _Builder:
    """Holds the random state and the growing registers."""

    def __init__(self, seed: int, scale: float) -> None:
        self.rng = random.Random(seed)
        self.scale = scale
        self.force = Force([], [], [], [], [], [], [], [])
        self.cases: dict[str, Case] = {}
        self.bank_holidays = {_d(r["date"]) for r in _read_data_csv("bank_holidays_england_wales.csv")}
        self.cards_of: dict[str, str] = {}
        self.planting = False
        """Set while the planted cases are built: their supporting rows are not background either."""

    def workday(self, start: dt.date, end: dt.date) -> dt.date:
        """A random weekday between start and end that is not an England and Wales bank holiday."""
        while True:
            day = self.day(start, end)
            if day.weekday() < 5 and day not in self.bank_holidays:
                return day

    def card_number(self, person: Person) -> str:
        """The person's card, masked as statements show it (one card each, last four digits unique)."""
        if person.staff_id not in self.cards_of:
            used = set(self.cards_of.values())
            while True:
                number = f"************{self.rng.randint(1000, 9999)}"
                if number not in used:
                    break
            self.cards_of[person.staff_id] = number
        return self.cards_of[person.staff_id]

    def n(self, base: int) -> int:
        return max(1, round(base * self.scale))

    def day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def money(self, low: float, high: float) -> float:
        return round(self.rng.uniform(low, high), 2)

    def case(self, case_id: str, rule_id: str, expect: str, staff: Person | str, supplier: str, note: str) -> Case:
        c = Case(case_id, rule_id, expect, staff.name if isinstance(staff, Person) else staff, supplier, note)
        self.cases[case_id] = c
        self.force.cases.append(c)
        return c

    def also(self, case: Case, case_id: str, rule_id: str, expect: str, note: str) -> Case:
        """The same records as ``case``, expected to be flagged (or not) by another rule too."""
        c = Case(case_id, rule_id, expect, case.staff, case.supplier, note, same_as=case.case_id)
        self.cases[case_id] = c
        self.force.cases.append(c)
        return c

    def link(self, row: Row, case: Case, ref: str) -> Row:
        """Name an existing row in another case too."""
        row["_cases"] = [*row.get("_cases", []), (case.case_id, ref)]
        return row

    def add(self, register: str, row: Row, *, case: Case | None = None, ref: str | None = None) -> Row:
        """Add a row; a planted row remembers which case column its (later assigned) reference fills."""
        row["planted"] = case is not None or self.planting
        if case is not None and ref is not None:
            row["_cases"] = [*row.get("_cases", []), (case.case_id, ref)]
        getattr(self.force, register).append(row)
        return row


PLANTED_PEOPLE = 120
"""The first staff members are reserved for planted cases and never appear in the background."""

PLANTED_APPROVER = "Ch Supt Graham Oliver"
"""Head of Professional Standards, who approves accepted offers in the planted cases (not on the staff list)."""
CONTRACT_APPROVER = "ACC Helen Marsh"


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _contract(b: _Builder, case: Case | None, supplier: str, title: str, award: str, **extra: Any) -> Row:
    start = _d(extra.pop("start", award))
    end = extra.pop("end", None)
    tender = extra.pop("tender", None)
    row: Row = {
        "title": title,
        "supplier": supplier,
        "company_number": extra.pop("company_number", ""),
        "department": extra.pop("department", "Procurement"),
        "route": extra.pop("route", "Request for quotation"),
        "award_date": _d(award),
        "start_date": start,
        "end_date": _d(end) if end else start + dt.timedelta(days=3 * 365 - 1),
        "value": extra.pop("value", 42000.0),
        "approver": extra.pop("approver", CONTRACT_APPROVER),
        "tender_start": _d(tender) if tender else None,
    }
    assert not extra, extra
    b.add("contracts", row, case=case, ref="contract_ref")
    _add_role(b, None, row, row["approver"], "Approver")
    return row


def _add_role(b: _Builder, case: Case | None, contract: Row, staff: str, role: str) -> Row:
    row: Row = {"contract": contract, "staff": staff, "role": role, "planted": case is not None or b.planting}
    b.force.roles.append(row)
    if case is not None:
        b.link(contract, case, "contract_ref")
    return row


def _gift(b: _Builder, case: Case | None, person: Person, offeror: str, on: str, what: str, **extra: Any) -> Row:
    status = extra.pop("status", "Accepted")
    row: Row = {
        "date": _d(on),
        "recipient": person,
        "offeror": offeror,
        "description": what,
        "kind": extra.pop("kind", "Hospitality"),
        "value": extra.pop("value", 85),
        "status": status,
        "direction": "Received",
        "declared": _d(on) + dt.timedelta(days=extra.pop("declared_after", 6)),
        "approver": extra.pop("approver", "" if status.startswith("Declined") else PLANTED_APPROVER),
    }
    assert not extra, extra
    return b.add("gifts", row, case=case, ref="gift_ref")


def _card(b: _Builder, case: Case | None, person: Person, merchant: str, on: str, amount: float, **extra: Any) -> Row:
    row: Row = {
        "date": _d(on),
        "merchant": merchant,
        "amount": amount,
        "holder": person,
        "card": b.card_number(person),
        "mcc": extra.pop("mcc", "5999"),
        "description": extra.pop("description", "Equipment"),
    }
    assert not extra, extra
    return b.add("cards", row, case=case, ref="card_ref")


def _interest(
    b: _Builder, case: Case, person: Person, org: str, role: str, status: str, start: str, **extra: Any
) -> Row:
    end = extra.pop("end", None)
    decision = extra.pop("decision", None)
    decided = _d(decision) if decision else (None if status == "Pending" else _d(start) + dt.timedelta(days=14))
    reviewed = _d(extra.pop("reviewed")) if "reviewed" in extra else decided
    next_review = extra.pop("next_review", None)
    if next_review is None and status.startswith("Approved") and end is None and reviewed is not None:
        next_due: dt.date | None = dt.date(reviewed.year + 1, reviewed.month, min(reviewed.day, 28))
    else:
        next_due = _d(next_review) if next_review else None
    row: Row = {
        "staff": person,
        "organisation": org,
        "role": role,
        "status": status,
        "start_date": _d(start),
        "end_date": _d(end) if end else None,
        "decision": decided,
        "reviewed": reviewed,
        "next_review": next_due,
    }
    assert not extra, extra
    return b.add("interests", row, case=case, ref="interest_ref")


def _payment(b: _Builder, case: Case | None, supplier: str, on: str, amount: float, **extra: Any) -> Row:
    row: Row = {
        "date": _d(on),
        "supplier": supplier,
        "amount": amount,
        "department": extra.pop("department", "Training & Development"),
        "expense": extra.pop("expense", "Professional fees"),
        "vat": "",
    }
    assert not extra, extra
    return b.add("payments", row, case=case, ref="payment_ref")


def _share_surname(b: _Builder, person: Person, like: Person) -> None:
    """Give ``person`` the surname of ``like`` (a relative, or a namesake), keeping full names unique."""
    taken = {p.name for p in b.force.staff if p is not person}
    firsts = [person.first] + [r["name"] for r in _read_data_csv("sample_first_names.csv")]
    person.first = next(f for f in firsts if f"{f} {like.last}" not in taken and f != like.first)
    person.last = like.last


def _names(*people: Person) -> str:
    return "; ".join(p.name for p in people)


def _leaver(b: _Builder, person: Person, left: str, employer: str, role: str) -> Row:
    """A planted leaver (resigned; not on the March 2025 staff list, like every leaver)."""
    row: Row = {"person": person, "left": _d(left), "reason": "Resignation", "employer": employer, "role": role}
    return b.add("leavers", row)


def _company(b: _Builder, name: str, number: str, incorporated: str) -> Row:
    row: Row = {"name": name, "number": number, "category": "Private Limited Company", "incorporated": _d(incorporated)}
    return b.add("companies", row)


def _officer(b: _Builder, case: Case | None, company: str, name: str, role: str, appointed: str, **extra: Any) -> Row:
    """An officer as Companies House lists them; ``form`` "json" (the API, one file per company) or "csv"."""
    resigned = extra.pop("resigned", None)
    row: Row = {
        "company": company,
        "company_name": extra.pop("company_name", ""),
        "name": name,
        "role": role,
        "appointed": _d(appointed),
        "resigned": _d(resigned) if resigned else None,
        "born": extra.pop("born", None),
        "form": extra.pop("form", "json"),
    }
    assert not extra, extra
    return b.add("officers", row, case=case, ref="officer_ref")


def _psc(b: _Builder, case: Case | None, company: str, kind: str, name: str, notified: str, **extra: Any) -> Row:
    """A line of the PSC snapshot: a person (kind "individual-..."), a company, or a statement."""
    row: Row = {
        "company": company,
        "kind": kind,
        "name": name,
        "title": extra.pop("title", ""),
        "forename": extra.pop("forename", ""),
        "surname": extra.pop("surname", ""),
        "natures": extra.pop("natures", ()),
        "notified": _d(notified),
        "ceased": None,
        "born": extra.pop("born", None),
    }
    assert not extra, extra
    return b.add("psc", row, case=case, ref="officer_ref")
