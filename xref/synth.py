"""Seeded generator of a fictional force's registers: what ``sample_data/`` is made from (``xref generate``).

"Wessex Police" is fictional. Its registers cover the quarter 2025Q1 plus the history the rules look back over,
written the way real exports look (headings, date and money styles, title rows, totals lines, nil returns,
Windows-1252 text) as seen in the public registers this project was built against.

The *background* is large and ordinary: real supplier names (``xref/data/sample_suppliers.csv``) split into
disjoint pools so that no background record links across registers — contract suppliers, card merchants, gift
offerors and business interests never share a distinctive word. Every cross-register link therefore comes from a
*planted* case: a true conflict that a rule must flag, or a look-alike decoy that it must not. Planted suppliers are
made-up names (many from Thomas Hardy's Wessex), so no real company is shown doing anything suspicious. The cases
are written to ``planted.csv`` and described in ``README.md``; the end-to-end test checks every one.

Same seed, same bytes: nothing here reads the clock or the environment.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import xlsxwriter

FORCE = "Wessex Police"
PERIOD = "2025Q1"
PERIOD_FROM = dt.date(2025, 1, 1)
PERIOD_TO = dt.date(2025, 3, 31)
HISTORY_FROM = dt.date(2023, 4, 1)
"""Card, gifts and payments history starts here (the rules look back up to a year before the period)."""
FIXED_TIME = dt.datetime(2025, 4, 1, 9, 0, 0)
"""Written into the XLSX document properties so that the file's bytes do not depend on the clock."""

Row = dict[str, Any]
REF_COLUMNS = ("contract_ref", "gift_ref", "card_ref", "interest_ref")

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
# Card merchants as they look on a card statement. Their words are kept out of every other register's background.
CARD_MERCHANTS = (
    "AMAZON.CO.UK*{ref}",
    "AMZN MKTP UK*{ref}",
    "TESCO STORES {store}",
    "SAINSBURYS S/MKTS {store}",
    "TRAINLINE.COM",
    "PREMIER INN{store}",
    "TRAVELODGE {place}",
    "WHSMITH {place}",
    "ARGOS LTD",
    "SCREWFIX DIRECT",
    "TOOLSTATION {place}",
    "CURRYS {store}",
    "COSTA COFFEE {store}",
    "GREGGS PLC {store}",
    "UBER *TRIP",
    "DVLA VEHICLE TAX",
    "POST OFFICE COUNTER",
    "ZOOM.US 888-799-9666",
    "MICROSOFT*STORE",
    "EBAY O*{ref}",
    "HALFORDS {store}",
    "WICKES {place}",
    "NATIONAL EXPRESS",
    "GWR TICKET OFFICE",
    "SHELL {place}",
    "BP {place} SERVICE STN",
    "ESSO {place}",
    "NCP CAR PARK {store}",
    "RINGGO PARKING",
    "VIKING DIRECT",
    "LYRECO UK",
    "APCOA PARKING",
    "MARKS & SPENCER {store}",
    "BOOTS {store}",
    "JOHN LEWIS {store}",
)
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
MCCS = ("5411", "5942", "4112", "7011", "5200", "5251", "5732", "5812", "4121", "9399", "5541", "7523", "5943")
GIFT_ITEMS = (
    ("Christmas hamper", "Gift", (40, 90)),
    ("Box of chocolates", "Gift", (5, 20)),
    ("Bottle of wine", "Gift", (10, 30)),
    ("Branded pen and notebook", "Gift", (2, 10)),
    ("Conference dinner", "Hospitality", (40, 120)),
    ("Working lunch", "Hospitality", (10, 30)),
    ("Tickets to a rugby match", "Hospitality", (80, 250)),
    ("Drinks reception", "Hospitality", (15, 40)),
    ("Invitation to awards evening", "Hospitality", (60, 150)),
    ("Book token", "Gift", (10, 25)),
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


def generate(out_dir: Path, *, seed: int = 2025, scale: float = 1.0) -> dict[str, Any]:
    """Write the fictional force's registers, config, planted cases and README into ``out_dir``.

    Args:
        out_dir: folder to write into (created if missing; existing files of the same names are replaced).
        seed: random seed; the same seed and scale give the same bytes.
        scale: multiplies the volume of background records (planted cases are always all present).

    Returns:
        A manifest: ``files`` (name → SHA-256), ``rows`` per register, ``cases`` (count by expectation).
    """
    force = build_force(seed=seed, scale=scale)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = write_force(force, out_dir)
    manifest: dict[str, Any] = {
        "files": {name: hashlib.sha256((out_dir / name).read_bytes()).hexdigest() for name in sorted(files)},
        "rows": {
            "staff": len(force.staff),
            "contracts": len(force.contracts),
            "cards": len(force.cards),
            "gifts": len(force.gifts),
            "interests": len(force.interests),
            "payments": len(force.payments),
        },
        "cases": {
            "flag": sum(c.expect == "flag" for c in force.cases),
            "no_flag": sum(c.expect == "no_flag" for c in force.cases),
        },
    }
    return manifest


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

    def n(self, base: int) -> int:
        return max(1, round(base * self.scale))

    def day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def money(self, low: float, high: float) -> float:
        return round(self.rng.uniform(low, high), 2)

    def case(self, case_id: str, rule_id: str, expect: str, staff: Person | None, supplier: str, note: str) -> Case:
        c = Case(case_id, rule_id, expect, staff.name if staff else "", supplier, note)
        self.cases[case_id] = c
        self.force.cases.append(c)
        return c

    def add(self, register: str, row: Row, *, case: Case | None = None, ref: str | None = None) -> Row:
        """Add a row; a planted row remembers which case column its (later assigned) reference fills."""
        row["planted"] = case is not None
        if case is not None and ref is not None:
            row["_cases"] = [*row.get("_cases", []), (case.case_id, ref)]
        getattr(self.force, register).append(row)
        return row


def build_force(*, seed: int = 2025, scale: float = 1.0) -> Force:
    """Generate the whole force in memory (no files written)."""
    b = _Builder(seed, scale)
    _staff(b)
    pools = _supplier_pools(b)
    planted_people = b.force.staff[:60]  # reserved for planted cases, never in the background
    background_people = b.force.staff[60:]
    _background(b, pools, background_people)
    _plant(b, iter(planted_people))
    _assign_ids(b.force)
    for register in ("contracts", "cards", "gifts", "interests", "payments"):
        for row in getattr(b.force, register):
            for case_id, ref_col in row.pop("_cases", []):
                b.cases[case_id].refs.setdefault(ref_col, []).append(row["id"])
    return b.force


def _staff(b: _Builder) -> None:
    firsts = [r["name"] for r in _read_data_csv("sample_first_names.csv")]
    lasts = [r["name"] for r in _read_data_csv("sample_surnames.csv")]
    seen: set[str] = set()
    numbers = b.rng.sample(range(10000, 99999), b.n(650) + 60)
    for number in numbers:
        while True:
            first, last = b.rng.choice(firsts), b.rng.choice(lasts)
            if f"{first} {last}" not in seen:
                break
        seen.add(f"{first} {last}")
        officer = b.rng.random() < 0.6
        role = b.rng.choice(OFFICER_RANKS) if officer else b.rng.choice(STAFF_GRADES)
        b.force.staff.append(Person(f"WX{number}", first, last, role, b.rng.choice(DEPARTMENTS), officer))


@dataclass
class _Pools:
    contracts: list[str]
    payments: list[str]
    cards: list[str]
    gifts: list[str]


def _supplier_pools(b: _Builder) -> _Pools:
    """Split the real supplier names so that no two pools share a distinctive word.

    Names sharing a word used by at most a few names are kept together (union-find), and whole groups are dealt to
    the pools; names containing a word of the card-merchant list or a planted/interest name are left out.
    """
    names = [r["name"] for r in _read_data_csv("sample_suppliers.csv")]
    surnames = [r["name"] for r in _read_data_csv("sample_surnames.csv")]  # sole traders' business names
    reserved = _words(
        [*CARD_MERCHANTS, *CARD_PLACES, *_PLANTED_NAMES, *PUBLIC_BODY_OFFERORS, MEMBER_OF_PUBLIC, *INTEREST_PLACES]
        + [*CLUBS, *CHARITIES, *(t for pair in TRADES for t in pair), "Family Lettings sole trader", *surnames]
    )
    keys = {n: _plain_words(n) for n in names}
    names = [n for n in names if not keys[n] & reserved]
    df: dict[str, int] = {}
    for n in names:
        for t in keys[n]:
            df[t] = df.get(t, 0) + 1
    parent = {n: n for n in names}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_token: dict[str, str] = {}
    for n in names:
        for t in sorted(keys[n]):
            if df[t] <= 25:  # rarer words can block a pair in the matcher: keep their names in one pool
                if t in by_token:
                    parent[find(n)] = find(by_token[t])
                else:
                    by_token[t] = n
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(find(n), []).append(n)
    ordered = sorted(groups.values(), key=lambda g: hashlib.sha256(min(g).encode()).hexdigest())
    pools = _Pools([], [], [], [])
    targets = ((pools.contracts, 0.30), (pools.payments, 0.40), (pools.cards, 0.12), (pools.gifts, 0.18))
    total = len(names)
    for group in ordered:
        # deal each group to the pool furthest below its share
        pool = min(targets, key=lambda t: len(t[0]) / (t[1] * total))[0]
        pool.extend(sorted(group))
    for pool in (pools.contracts, pools.payments, pools.cards, pools.gifts):
        b.rng.shuffle(pool)
    return pools


def _plain_words(name: str) -> set[str]:
    """Words of a name, without legal forms and filler.

    Deliberately simpler than :func:`xref.names.normalise`, so that improving the matcher never reshuffles the
    sample data.
    """
    return set(re.findall(r"[a-z0-9]+", name.lower().replace("'", ""))) - _FILLER


_FILLER = frozenset({"ltd", "limited", "plc", "llp", "cic", "the", "and", "of", "for", "uk", "co", "company", "a"})


def _words(texts: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for text in texts:
        out |= _plain_words(text.replace("{ref}", "").replace("{store}", "").replace("{place}", ""))
    return out


def _card_string(b: _Builder, name: str) -> str:
    """A register name as a card statement shows it: upper case, maybe a processor prefix, cut at 22-25 chars."""
    upper = name.upper().replace(",", "")
    roll = b.rng.random()
    if roll < 0.25:
        upper = b.rng.choice(("SQ *", "SUMUP *", "PAYPAL *", "IZ *")) + upper.replace(" ", "")
    elif roll < 0.45:
        upper = upper.replace(" LIMITED", "").replace(" LTD", "")
    return upper[: b.rng.randint(22, 25)].rstrip()


def _background(b: _Builder, pools: _Pools, people: list[Person]) -> None:
    rng = b.rng
    approvers = [p for p in people if p.role in {"Supt", "Ch Insp"} or p.department == "Procurement"][:12]
    # Contracts: awards from April 2021, each with a start, an end (or none: rolling) and an approver.
    suppliers = pools.contracts[: b.n(220)]
    for i in range(b.n(260)):
        supplier = suppliers[i % len(suppliers)]
        award = b.day(dt.date(2021, 4, 1), PERIOD_TO)
        start = award + dt.timedelta(days=rng.choice((0, 14, 30, 61)))
        end = None if rng.random() < 0.08 else start + dt.timedelta(days=365 * rng.choice((1, 2, 3, 4)) - 1)
        b.add(
            "contracts",
            {
                "title": rng.choice(CONTRACT_TOPICS).format(x=rng.choice(CONTRACT_THINGS)).capitalize(),
                "supplier": supplier,
                "company_number": f"{rng.randint(1000000, 13999999):08d}" if rng.random() < 0.6 else "",
                "department": rng.choice(DEPARTMENTS),
                "route": rng.choice(ROUTES),
                "award_date": award,
                "start_date": start,
                "end_date": end,
                "value": round(rng.lognormvariate(11, 1.2), -2),
                "approver": rng.choice(approvers).with_rank,
            },
        )
    # Card transactions: chain-store and online merchants plus card-mangled names from the card pool.
    holders = rng.sample(people, min(len(people), b.n(90)))
    card_names = [_card_string(b, n) for n in pools.cards]
    for _ in range(b.n(2300)):
        if rng.random() < 0.7:
            merchant = rng.choice(CARD_MERCHANTS).format(
                ref="".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(9)),
                store=rng.randint(1000, 9999),
                place=rng.choice(CARD_PLACES),
            )
        else:
            merchant = rng.choice(card_names)
        amount = round(rng.lognormvariate(3.6, 0.9), 2)
        b.add(
            "cards",
            {
                "date": b.day(dt.date(2024, 10, 1), PERIOD_TO),
                "merchant": merchant,
                "amount": -amount if rng.random() < 0.02 else amount,
                "holder": rng.choice(holders),
                "mcc": rng.choice(MCCS),
                "description": rng.choice(CARD_DESCRIPTIONS),
            },
        )
    # Gifts and hospitality: offers from the gifts pool, public bodies and members of the public.
    offerors = pools.gifts[: b.n(180)]
    recipients = rng.sample(people, min(len(people), b.n(200)))
    for _ in range(b.n(330)):
        roll = rng.random()
        if roll < 0.75:
            offeror = rng.choice(offerors)
        elif roll < 0.9:
            offeror = rng.choice(PUBLIC_BODY_OFFERORS)
        else:
            offeror = MEMBER_OF_PUBLIC
        item, kind, (low, high) = rng.choice(GIFT_ITEMS)
        b.add(
            "gifts",
            {
                "date": b.day(HISTORY_FROM, PERIOD_TO),
                "recipient": rng.choice(recipients),
                "offeror": offeror,
                "description": item,
                "kind": kind,
                "value": rng.randint(low, high),
                "status": rng.choice(("Accepted", "Accepted", "Declined", "Declined - politely", "Accepted (shared)")),
                "direction": "Received",
            },
        )
    # Business interests: clubs, charities and sole traders, none of which trade with the force.
    for person in rng.sample(people, min(len(people), b.n(130))):
        role, org = rng.choice(INTEREST_KINDS)
        trade, trade_title = rng.choice(TRADES)
        place = rng.choice(INTEREST_PLACES)
        start = b.day(dt.date(2015, 1, 1), dt.date(2024, 12, 31))
        b.add(
            "interests",
            {
                "staff": person,
                "organisation": org.format(
                    place=place,
                    club=rng.choice(CLUBS),
                    charity=rng.choice(CHARITIES),
                    trade_title=f"{person.last} {trade_title}",
                    surname=person.last,
                ),
                "role": role.format(trade=trade),
                "status": rng.choice(INTEREST_STATUS),
                "start_date": start,
                "end_date": None if rng.random() < 0.8 else start + dt.timedelta(days=rng.randint(200, 1500)),
                "reviewed": start + dt.timedelta(days=rng.randint(0, 900)),
            },
        )
    # Payments over £500: contract suppliers and the payments-only pool.
    paid = suppliers + pools.payments[: b.n(380)]
    for _ in range(b.n(1700)):
        supplier = rng.choice(paid)
        b.add(
            "payments",
            {
                "date": b.day(dt.date(2024, 4, 1), PERIOD_TO),
                "supplier": supplier,
                "amount": round(500 + rng.lognormvariate(7, 1.3), 2),
                "department": rng.choice(DEPARTMENTS),
                "expense": rng.choice(PAYMENT_EXPENSES),
                "vat": f"GB{rng.randint(100000000, 999999999)}" if rng.random() < 0.3 else "",
            },
        )


# ----------------------------------------------------------------------------------------------- planted cases

_PLANTED_NAMES = (
    "Harrowgate Fleet Services",
    "Kestrel Forensic Solutions",
    "Brightwater Digital",
    "Casterbridge District Locksmiths",
    "Melchester Print Solutions",
    "College of Policing",
    "North West Cleaning",
    "North East Cleaning",
    "Sandbourne Catering Equipment",
    "Wyvern Drone Systems",
    "Pinewood Catering",
    "Tactical Kit Direct",
    "Meridian Outdoor Equipment",
    "Quayside Coffee Roasters",
    "Brackenfield Signs",
    "Lowther Training Aids",
    "Apex Office Supplies",
    "Greenway Grounds Maintenance",
    "Saxon Vehicle Hire",
    "Ridgeway Locks",
    "Tamar Electrical Wholesale",
    "Coldharbour Waste",
    "Phoenix Fire Protection Security",
    "Severn Valley Security",
    "Oakridge Training Consultancy",
    "Egdon Plant Hire",
    "Stourcastle Joinery",
    "Oakfield Roofing Joinery",
    "Shaston Scaffolding",
    "Budmouth Boat Services",
)


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _contract(b: _Builder, case: Case | None, supplier: str, title: str, award: str, **extra: Any) -> Row:
    start = _d(extra.pop("start", award))
    end = extra.pop("end", None)
    row: Row = {
        "title": title,
        "supplier": supplier,
        "company_number": extra.pop("company_number", ""),
        "department": extra.pop("department", "Procurement"),
        "route": extra.pop("route", "Request for quotation"),
        "award_date": _d(award),
        "start_date": start,
        "end_date": _d(end) if end else start + dt.timedelta(days=3 * 365 - 1),
        "value": extra.pop("value", 48000.0),
        "approver": extra.pop("approver", "ACC Helen Marsh"),
    }
    return b.add("contracts", row, case=case, ref="contract_ref")


def _gift(b: _Builder, case: Case | None, person: Person, offeror: str, on: str, what: str, **extra: Any) -> Row:
    row: Row = {
        "date": _d(on),
        "recipient": person,
        "offeror": offeror,
        "description": what,
        "kind": extra.pop("kind", "Hospitality"),
        "value": extra.pop("value", 85),
        "status": extra.pop("status", "Accepted"),
        "direction": "Received",
    }
    return b.add("gifts", row, case=case, ref="gift_ref")


def _card(b: _Builder, case: Case | None, person: Person, merchant: str, on: str, amount: float, **extra: Any) -> Row:
    row: Row = {
        "date": _d(on),
        "merchant": merchant,
        "amount": amount,
        "holder": person,
        "mcc": extra.pop("mcc", "5999"),
        "description": extra.pop("description", "Equipment"),
    }
    return b.add("cards", row, case=case, ref="card_ref")


def _interest(
    b: _Builder, case: Case, person: Person, org: str, role: str, status: str, start: str, **extra: Any
) -> Row:
    end = extra.pop("end", None)
    row: Row = {
        "staff": person,
        "organisation": org,
        "role": role,
        "status": status,
        "start_date": _d(start),
        "end_date": _d(end) if end else None,
        "reviewed": _d(extra.pop("reviewed", start)),
    }
    return b.add("interests", row, case=case, ref="interest_ref")


def _payment(b: _Builder, supplier: str, on: str, amount: float) -> Row:
    row: Row = {
        "date": _d(on),
        "supplier": supplier,
        "amount": amount,
        "department": "Training & Development",
        "expense": "Professional fees",
        "vat": "",
    }
    return b.add("payments", row)


def _plant(b: _Builder, people: Iterable[Person]) -> None:
    """The planted cases (see the module docstring); each person appears in one case only."""
    who = iter(people)
    _plant_r001(b, who)
    _plant_r010(b, who)
    _plant_r013(b, who)
    _plant_r019(b, who)
    _plant_decisions(b)


def _plant_r001(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    p = next(it)
    c = b.case(
        "R001-T1", "R001", "flag", p, "Harrowgate Fleet Services Limited", "accepted hospitality 83 days before award"
    )
    _gift(b, c, p, "Harrowgate Fleet Services", "2024-11-12", "Dinner and hospitality box at the Wessex Motor Show")
    _contract(b, c, "Harrowgate Fleet Services Limited", "Fleet maintenance and repair", "2025-02-03", value=480000.0)

    p = next(it)
    c = b.case("R001-T2", "R001", "flag", p, "Kestrel Forensic Solutions Ltd", "declined offer 301 days before award")
    _gift(
        b,
        c,
        p,
        "Kestrel Forensic Solutions Ltd",
        "2024-03-20",
        "Two tickets to a rugby international",
        status="Declined",
        value=300,
    )
    _contract(
        b,
        c,
        "Kestrel Forensic Solutions Ltd",
        "Forensic toxicology services",
        "2025-01-15",
        value=1250000.0,
        route="Open tender",
    )

    p = next(it)
    c = b.case(
        "R001-T3", "R001", "flag", p, "Brightwater Digital Ltd", "gift exactly 365 days before award (window edge)"
    )
    _gift(b, c, p, "Brightwater Digital Ltd", "2024-02-14", "Bottle of champagne", kind="Gift", value=45)
    _contract(
        b,
        c,
        "Brightwater Digital Ltd",
        "Digital evidence management system support",
        "2025-02-13",
        value=210000.0,
        route="Direct award from framework",
    )

    p = next(it)
    c = b.case(
        "R001-T4",
        "R001",
        "flag",
        p,
        "Casterbridge and District Locksmiths Ltd",
        "offeror written with '&' and no legal form; award 63 days later",
    )
    _gift(
        b,
        c,
        p,
        "CASTERBRIDGE & DISTRICT LOCKSMITHS",
        "2025-01-06",
        "Christmas hamper (late delivery)",
        kind="Gift",
        value=60,
    )
    _contract(
        b, c, "Casterbridge and District Locksmiths Ltd", "Locksmith call-out services", "2025-03-10", value=36000.0
    )

    p = next(it)
    c = b.case(
        "R001-D1",
        "R001",
        "no_flag",
        p,
        "Melchester Print Solutions Ltd",
        "hospitality 366 days before award: one day outside the window",
    )
    _gift(b, c, p, "Melchester Print Solutions Ltd", "2024-01-31", "Lunch at trade fair", value=35)
    _contract(b, c, "Melchester Print Solutions Ltd", "Printing of leaflets and forms", "2025-01-31", value=28000.0)

    p = next(it)
    c = b.case(
        "R001-D2", "R001", "no_flag", p, "College of Policing Ltd", "public-body offeror (excluded by exclude_offerors)"
    )
    _gift(b, c, p, "College of Policing", "2024-10-01", "Conference dinner at national leadership conference", value=70)
    _contract(
        b,
        c,
        "College of Policing Ltd",
        "Leadership programme places",
        "2025-02-20",
        value=64000.0,
        route="Single source (waiver)",
    )

    p = next(it)
    c = b.case(
        "R001-D3",
        "R001",
        "no_flag",
        p,
        "North West Cleaning Ltd",
        "near-miss name: the offeror is North EAST Cleaning, the contract went to North WEST Cleaning",
    )
    _gift(b, c, p, "North East Cleaning Ltd", "2024-12-01", "Christmas hamper", kind="Gift", value=55)
    _contract(
        b, c, "North West Cleaning Ltd", "Cleaning of custody suites", "2025-03-03", value=390000.0, route="Open tender"
    )

    p = next(it)
    c = b.case(
        "R001-D4",
        "R001",
        "no_flag",
        p,
        "Sandbourne Catering Equipment Ltd",
        "the gift came after the award, not before",
    )
    _contract(b, c, "Sandbourne Catering Equipment Ltd", "Canteen kitchen equipment", "2025-01-20", value=52000.0)
    _gift(b, c, p, "Sandbourne Catering Equipment Ltd", "2025-02-14", "Box of chocolates", kind="Gift", value=15)

    p = next(it)
    c = b.case(
        "R001-D5",
        "R001",
        "no_flag",
        p,
        "Wyvern Drone Systems Ltd",
        "award in the previous quarter (2024-12-12): reported then, not in 2025Q1",
    )
    _gift(b, c, p, "Wyvern Drone Systems Ltd", "2024-06-10", "Drone demonstration day with lunch", value=40)
    _contract(b, c, "Wyvern Drone Systems Ltd", "Drone fleet and pilot training", "2024-12-12", value=310000.0)


def _plant_r010(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    p = next(it)
    c = b.case(
        "R010-T1",
        "R010",
        "flag",
        p,
        "Pinewood Catering Ltd",
        "accepted lunch, then two card payments to the caterer (Square prefix)",
    )
    _gift(b, c, p, "Pinewood Catering Ltd", "2024-12-05", "Working lunch", value=25)
    _card(b, c, p, "SQ *PINEWOOD CATERING", "2025-01-14", 86.50, mcc="5812", description="Refreshments")
    _card(b, c, p, "SQ *PINEWOOD CATERING", "2025-02-11", 112.00, mcc="5812", description="Refreshments")

    p = next(it)
    c = b.case(
        "R010-T2",
        "R010",
        "flag",
        p,
        "Tactical Kit Direct Ltd",
        "accepted gift, card spend five months later (store number on the statement)",
    )
    _gift(b, c, p, "Tactical Kit Direct Ltd", "2024-09-18", "Branded holdall", kind="Gift", value=30)
    _card(b, c, p, "TACTICAL KIT DIRECT 0412", "2025-03-04", 249.99)

    p = next(it)
    c = b.case(
        "R010-T3",
        "R010",
        "flag",
        p,
        "Meridian Outdoor Equipment Ltd",
        "declined hospitality, then card spend (merchant name cut at 25 characters)",
    )
    _gift(
        b,
        c,
        p,
        "Meridian Outdoor Equipment Ltd",
        "2025-01-22",
        "Corporate box at county cricket",
        status="Declined",
        value=150,
    )
    _card(b, c, p, "MERIDIAN OUTDOOR EQUIPMEN", "2025-02-27", 540.00)

    p, q = next(it), next(it)
    c = b.case(
        "R010-D1",
        "R010",
        "no_flag",
        q,
        "Quayside Coffee Roasters Ltd",
        f"the card spend is by {q.name}, the gift went to {p.name}",
    )
    _gift(b, c, p, "Quayside Coffee Roasters Ltd", "2025-01-10", "Coffee gift box", kind="Gift", value=20)
    _card(b, c, q, "SUMUP *QUAYSIDE COFFEE", "2025-02-03", 64.00, mcc="5812", description="Refreshments")

    p = next(it)
    c = b.case(
        "R010-D2",
        "R010",
        "no_flag",
        p,
        "Brackenfield Signs Ltd",
        "card spend 434 days after the gift: outside the 365-day window",
    )
    _gift(b, c, p, "Brackenfield Signs Ltd", "2023-11-02", "Lunch at supplier open day", value=20)
    _card(b, c, p, "BRACKENFIELD SIGNS", "2025-01-09", 180.00)

    p = next(it)
    c = b.case("R010-D3", "R010", "no_flag", p, "Lowther Training Aids Ltd", "the only card line is a refund")
    _gift(b, c, p, "Lowther Training Aids Ltd", "2025-01-05", "Training DVD set", kind="Gift", value=25)
    _card(b, c, p, "LOWTHER TRAINING AIDS", "2025-02-02", -45.00)


def _plant_r013(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    p = next(it)
    c = b.case(
        "R013-T1",
        "R013",
        "flag",
        p,
        "Apex Office Supplies Ltd",
        "three small card purchases from the contracted stationer (count threshold)",
    )
    _contract(
        b,
        c,
        "Apex Office Supplies Ltd",
        "Stationery and office consumables",
        "2023-05-15",
        start="2023-06-01",
        value=90000.0,
        route="Mini-competition (framework)",
    )
    for on, amount in (("2025-01-08", 42.10), ("2025-02-12", 18.99), ("2025-03-19", 65.00)):
        _card(b, c, p, "APEX OFFICE SUPPLIES", on, amount, mcc="5943", description="Office supplies")

    p = next(it)
    c = b.case(
        "R013-T2",
        "R013",
        "flag",
        p,
        "Greenway Grounds Maintenance Ltd",
        "£750 by card (PayPal, name run together and cut off) to a contracted supplier",
    )
    _contract(b, c, "Greenway Grounds Maintenance Ltd", "Grounds maintenance", "2024-03-01", value=120000.0)
    _card(b, c, p, "PAYPAL *GREENWAYGROU", "2025-02-18", 750.00, description="Grounds work")

    p = next(it)
    c = b.case("R013-T3", "R013", "flag", p, "Saxon Vehicle Hire Ltd", "£520 by card to the contracted hire company")
    _contract(b, c, "Saxon Vehicle Hire Ltd", "Short-term vehicle hire", "2024-07-01", value=75000.0)
    _card(b, c, p, "SAXON VEHICLE HIRE LTD", "2025-03-12", 520.00, mcc="7512", description="Vehicle hire")

    p = next(it)
    c = b.case("R013-D1", "R013", "no_flag", p, "Ridgeway Locks Ltd", "the contract ended on 31/12/2024")
    _contract(b, c, "Ridgeway Locks Ltd", "Door entry and locks", "2022-01-04", end="2024-12-31", value=30000.0)
    _card(b, c, p, "RIDGEWAY LOCKS", "2025-01-20", 600.00)

    p = next(it)
    c = b.case(
        "R013-D2",
        "R013",
        "no_flag",
        p,
        "Tamar Electrical Wholesale Ltd",
        "two purchases totalling £300: below both thresholds (£500, 3 transactions)",
    )
    _contract(b, c, "Tamar Electrical Wholesale Ltd", "Electrical consumables", "2024-05-01", value=40000.0)
    _card(b, c, p, "TAMAR ELECTRICAL WHOLESALE", "2025-01-16", 120.00)
    _card(b, c, p, "TAMAR ELECTRICAL WHOLESALE", "2025-03-06", 180.00)

    p = next(it)
    c = b.case(
        "R013-D3",
        "R013",
        "no_flag",
        p,
        "Coldharbour Waste Ltd",
        "the contract was awarded in the quarter but starts on 01/04/2025, after the card payment",
    )
    _contract(
        b, c, "Coldharbour Waste Ltd", "Confidential waste collection", "2025-02-24", start="2025-04-01", value=58000.0
    )
    _card(b, c, p, "COLDHARBOUR WASTE", "2025-03-05", 900.00)

    p = next(it)
    c = b.case(
        "R013-D4",
        "R013",
        "no_flag",
        p,
        "Phoenix Fire Protection Ltd",
        "similar name, different firm: a reviewer recorded 'not_same' in match_decisions.csv",
    )
    _contract(b, c, "Phoenix Fire Protection Ltd", "Fire extinguisher servicing", "2024-02-01", value=26000.0)
    _card(b, c, p, "PHOENIX FIRE", "2025-02-25", 800.00)


def _plant_r019(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    p = next(it)
    c = b.case(
        "R019-T1",
        "R019",
        "flag",
        p,
        "Severn Valley Security Ltd",
        "approved directorship of a company holding a live contract",
    )
    _interest(b, c, p, "Severn Valley Security Ltd", "Director", "Approved", "2019-05-01", reviewed="2024-05-20")
    _contract(b, c, "Severn Valley Security Ltd", "CCTV maintenance", "2023-09-01", value=140000.0)

    p = next(it)
    c = b.case(
        "R019-T2",
        "R019",
        "flag",
        p,
        "Oakridge Training Consultancy Ltd",
        "refused second job with a firm the force paid in the quarter (critical)",
    )
    _interest(
        b, c, p, "Oakridge Training Consultancy", "Associate trainer", "Refused", "2024-08-01", reviewed="2024-08-12"
    )
    _payment(b, "OAKRIDGE TRAINING CONSULTANCY LTD", "2025-02-10", 2400.00)

    p = next(it)
    c = b.case(
        "R019-T3",
        "R019",
        "flag",
        p,
        "Egdon Plant Hire Ltd",
        "family business; the same person paid it by card (personally involved: high)",
    )
    _interest(
        b,
        c,
        p,
        "Egdon Plant Hire Ltd",
        "Shareholder (family business)",
        "Approved",
        "2016-03-01",
        reviewed="2024-03-01",
    )
    _card(b, c, p, "EGDON PLANT HIRE", "2025-01-29", 1150.00, mcc="7394", description="Plant hire")

    p = next(it)
    c = b.case(
        "R019-D1",
        "R019",
        "no_flag",
        p,
        "Stourcastle Joinery Ltd",
        "the interest ended on 30/06/2024, before the force paid the firm",
    )
    _interest(b, c, p, "Stourcastle Joinery Ltd", "Director", "Approved", "2018-01-01", end="2024-06-30")
    _payment(b, "Stourcastle Joinery Ltd", "2025-02-14", 3800.00)

    p = next(it)
    c = b.case(
        "R019-D2",
        "R019",
        "no_flag",
        p,
        "Oakfield Roofing Ltd",
        "near-miss name: the interest is in Oakfield Roofing, the force paid Oakfield Joinery",
    )
    _interest(b, c, p, "Oakfield Roofing Ltd", "Partner", "Approved", "2020-06-01")
    _payment(b, "Oakfield Joinery Ltd", "2025-03-07", 1900.00)

    p = next(it)
    c = b.case(
        "R019-D3",
        "R019",
        "no_flag",
        p,
        "Shaston Scaffolding Ltd",
        "the force stopped trading with the firm in 2024 (contract ended, last payment October)",
    )
    _interest(b, c, p, "Shaston Scaffolding Ltd", "Director", "Approved", "2017-02-01")
    _contract(b, None, "Shaston Scaffolding Ltd", "Scaffolding hire", "2021-10-01", end="2024-09-30", value=45000.0)
    _payment(b, "Shaston Scaffolding Ltd", "2024-10-15", 2200.00)

    p = next(it)
    c = b.case(
        "R019-D4",
        "R019",
        "no_flag",
        p,
        "Budmouth Boat Services Ltd",
        "the interest began on 20/03/2025, after the only payment (15/01/2025)",
    )
    _interest(b, c, p, "Budmouth Boat Services Ltd", "Director", "Pending", "2025-03-20")
    _payment(b, "Budmouth Boat Services Ltd", "2025-01-15", 5600.00)


def _plant_decisions(b: _Builder) -> None:
    b.force.decisions.append(
        {
            "name_a": "Phoenix Fire Protection Ltd",
            "name_b": "PHOENIX FIRE",
            "decision": "not_same",
            "reviewer": "J. Okafor (Procurement)",
            "decided_at": "2024-11-04",
            "note": "PHOENIX FIRE on the card statement is Phoenix Fire Ltd, an alarm firm in Bristol, "
            "not our extinguisher contractor",
        }
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
        *_write_cards(force, out),
        *_write_gifts(force, out),
        _write_interests(force, out),
        _write_payments(force, out),
        _write_staff(force, out),
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
    for col, heading in enumerate(CONTRACT_HEADINGS):
        # headings typed over two lines in the spreadsheet, as real registers often are
        sheet.write(2, col, heading.replace(" (£)", "\n(£)").replace("Original Start/", "Original Start/\n"), bold)
    for r, row in enumerate(new, start=3):
        for col, value in enumerate(_contract_cells(row)):
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
    """October-December 2024 in the old card system's export, January-March 2025 in the new one's."""
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
            ]
        )
    names = [_write(out / "cards" / "GPC_transactions_Oct-Dec_2024.csv", _csv_text(lines))]

    lines = [
        [f"{FORCE} - Government Procurement Card transactions - January to March 2025"],
        [],
        [
            "Transaction ID",
            "Transaction Date",
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
                row["holder"].surname_first,
                row["holder"].department,
                row["merchant"],
                row["mcc"],
                row["description"],
                _gbp(row["amount"]),
            ]
        )
    lines.append(["", "Total", "", "", "", "", "", _gbp(sum(r["amount"] for r in new))])
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
    ]
    for fy, start, end in (
        ("2023-24", dt.date(2023, 4, 1), dt.date(2024, 3, 31)),
        ("2024-25", dt.date(2024, 4, 1), dt.date(2025, 3, 31)),
    ):
        rows = [r for r in force.gifts if start <= r["date"] <= end]
        lines: list[list[Any]] = [headings]
        for i, row in enumerate(rows):
            value = "Unknown" if i % 29 == 5 else f"£{row['value']}"
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
                    _uk(row["date"] + dt.timedelta(days=3 + i % 11)),
                ]
            )
        lines.insert(len(lines) // 2, ["", "", "", "Custody", "", f"Nil return - custody {fy}", "", "", "", "", ""])
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
            "Last Reviewed",
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
                _uk(row["reviewed"]),
            ]
        )
        if i == len(force.interests) // 3:
            lines.append([""] * 9)  # a blank line left in the export
    return _write(out / "interests" / "business_interests_register.csv", _csv_text(lines))


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


def _write_staff(force: Force, out: Path) -> Path:
    lines: list[list[Any]] = [["Staff Number", "Full Name", "Rank/Grade", "Department"]]
    for p in sorted(force.staff, key=lambda p: p.staff_id):
        lines.append([p.staff_id, p.name, p.role, p.department])
    return _write(out / "staff" / "staff_list_march_2025.csv", _csv_text(lines))


def _write_decisions(force: Force, out: Path) -> Path:
    columns = ["name_a", "name_b", "decision", "reviewer", "decided_at", "note"]
    lines = [columns, *([row[c] for c in columns] for row in force.decisions)]
    return _write(out / "match_decisions.csv", _csv_text(lines))


PLANTED_COLUMNS = ("case_id", "rule_id", "expect", "staff", "supplier", *REF_COLUMNS, "note")


def _write_planted(force: Force, out: Path) -> Path:
    lines: list[list[Any]] = [list(PLANTED_COLUMNS)]
    for c in force.cases:
        refs = ["; ".join(c.refs.get(col, [])) for col in REF_COLUMNS]
        lines.append([c.case_id, c.rule_id, c.expect, c.staff, c.supplier, *refs, c.note])
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
        "staff": len(force.staff),
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
            "title row above the headings, headings over two lines, real Excel dates",
        ),
        (
            "cards/GPC_transactions_Oct-Dec_2024.csv",
            "cards",
            old_cards,
            'the old card system\'s "FIN./MCH." headings, dates like 03-OCT-24',
        ),
        (
            "cards/Procurement card transactions January-March 2025.csv",
            "cards",
            counts["cards"] - old_cards,
            'title row, "SURNAME, FORENAME" cardholders, "£" amounts, refunds, an impossible date, a totals line',
        ),
        (
            "gifts/gifts_and_hospitality_2023-24.csv, _2024-25.csv",
            "gifts",
            counts["gifts"],
            'ranks in names, "Tue 14 January 2025" dates, "Unknown" values, nil returns, a gift *given*',
        ),
        (
            "interests/business_interests_register.csv",
            "interests",
            counts["interests"],
            '"Surname, Forename", "Ongoing" end dates, a blank line',
        ),
        (
            "payments/spend_over_500_2024-25.csv",
            "payments",
            counts["payments"],
            "Windows-1252 text, the heading repeated half-way down (two exports joined)",
        ),
        ("staff/staff_list_march_2025.csv", "staff", counts["staff"], "-"),
        (
            "match_decisions.csv",
            "reviewer decisions",
            len(force.decisions),
            "one `not_same` decision carried over from an earlier quarter",
        ),
    ]
    files = "\n".join("| " + " | ".join(str(cell) for cell in row) + " |" for row in file_rows)
    table = "\n".join(
        f"| {c.case_id} | {c.rule_id} | {'flag' if c.expect == 'flag' else 'no flag (decoy)'} | {c.staff} | "
        f"{c.supplier} | {c.note} |"
        for c in force.cases
    )
    text = f"""# sample_data: a fictional force's quarter

{FORCE} is fictional. These files are its registers for the quarter **{PERIOD}** (1 January - 31 March 2025) with
the history the rules look back over (gifts and card spend from April 2023 and October 2024, contracts from 2021).
`make run` runs xref on them with `xref.toml`; `make sample-data` regenerates them (`xref generate --seed 2025`),
and `tests/test_synth.py` fails if the committed files differ from what the generator writes.

{files}

Row counts are records generated; the files also hold the title, blank, totals and nil-return lines that xref
quarantines with a reason (see `out/quarantine.csv` after `make run`).

## How the data is made

Background records use real supplier names from public spend files (`xref/data/sample_suppliers.csv`, with its
provenance) split into pools that never share a distinctive word, so contract suppliers, card merchants, gift
offerors and business interests do not link with each other by chance. People are random pairings of common first
names and surnames. Every cross-register link in the data is one of the planted cases below; their suppliers are
made-up names, so no real company is shown doing anything suspicious.

## Planted cases

`planted.csv` lists each case with the record references it involves; the end-to-end test checks that every
"flag" case is flagged by its rule and no decoy is.

| case | rule | expected | staff | supplier | what it tests |
|---|---|---|---|---|---|
{table}
"""
    return _write(out / "README.md", text)
