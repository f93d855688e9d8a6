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
"""Gifts history starts here (the rules look back up to a year before the period's events)."""
CARDS_FROM = dt.date(2024, 1, 1)
"""Card history starts here: a year before the period, so that a merchant first paid in the period is new (R021)."""
FIXED_TIME = dt.datetime(2025, 4, 1, 9, 0, 0)
"""Written into the XLSX document properties so that the file's bytes do not depend on the clock."""

Row = dict[str, Any]
REF_COLUMNS = ("contract_ref", "gift_ref", "card_ref", "interest_ref", "payment_ref")

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
            "staff": len(_current_staff(force)),
            "contracts": len(force.contracts),
            "cards": len(force.cards),
            "gifts": len(force.gifts),
            "interests": len(force.interests),
            "payments": len(force.payments),
            "contract_roles": len(force.roles),
            "leavers": len(force.leavers),
            "companies": len(force.companies),
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


def build_force(*, seed: int = 2025, scale: float = 1.0) -> Force:
    """Generate the whole force in memory (no files written)."""
    b = _Builder(seed, scale)
    _staff(b)
    pools = _supplier_pools(b)
    planted_people = b.force.staff[:PLANTED_PEOPLE]  # reserved for planted cases, never in the background
    background_people = b.force.staff[PLANTED_PEOPLE:]
    _background(b, pools, background_people)
    _plant(b, iter(planted_people))
    # drawn last, so that the leavers and companies files leave the other registers' random draws as they were
    b.planting = False
    _background_leavers(b)
    _background_companies(b)
    _assign_ids(b.force)
    for register in ("contracts", "cards", "gifts", "interests", "payments"):
        for row in getattr(b.force, register):
            for case_id, ref_col in row.pop("_cases", []):
                b.cases[case_id].refs.setdefault(ref_col, []).append(row["id"])
    for c in b.force.cases:
        if c.same_as:
            c.refs = {k: list(v) for k, v in b.cases[c.same_as].refs.items()}
    b.force.cases.sort(key=lambda c: (c.rule_id, c.expect != "flag", c.case_id))
    return b.force


PLANTED_PEOPLE = 120
"""The first staff members are reserved for planted cases and never appear in the background."""


def _staff(b: _Builder) -> None:
    firsts = [r["name"] for r in _read_data_csv("sample_first_names.csv")]
    lasts = [r["name"] for r in _read_data_csv("sample_surnames.csv")]
    seen: set[str] = set()
    numbers = b.rng.sample(range(10000, 99999), b.n(650) + PLANTED_PEOPLE)
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
        [
            *(m for m, _ in CARD_MERCHANTS),
            *CARD_PLACES,
            *_PLANTED_NAMES,
            *PUBLIC_BODY_OFFERORS,
            MEMBER_OF_PUBLIC,
            *INTEREST_PLACES,
        ]
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
    """Ordinary records, compliant with every rule at its default settings (see README "How the data is made")."""
    approvers = [p for p in people if p.role in {"Supt", "Ch Insp"} or p.department == "Procurement"][:12]
    _background_contracts(b, pools, people, approvers)
    _background_cards(b, pools, people)
    _background_gifts(b, pools, people, approvers)
    _background_interests(b, people)
    _background_payments(b, pools)


def _near_threshold(value: float) -> bool:
    """Within 5% below a standard policy threshold (VAT-inclusive ones compared after dividing by 1.2): R016."""
    for gbp, vat_inclusive in _THRESHOLDS:
        limit = gbp / 1.2 if vat_inclusive else gbp
        if limit * 0.95 <= value < limit:
            return True
    return False


_THRESHOLDS = (
    (3_000, False),
    (5_000, False),
    (10_000, False),
    (20_000, False),
    (30_000, True),
    (50_000, False),
    (214_904, True),
    (250_000, False),
)
"""xref.config.DEFAULT_THRESHOLDS, copied so that a policy change does not silently reshuffle the sample data."""
COMPETITIVE_ROUTES = ("Open tender", "Mini-competition (framework)", "Request for quotation", "Restricted procedure")


def _background_contracts(b: _Builder, pools: _Pools, people: list[Person], approvers: list[Person]) -> None:
    """Awards from April 2021, each with a start, an end (or none: rolling), an approver and decision roles.

    No value sits just below a threshold (R016), and a supplier's awards are at least 120 days apart, so nothing
    looks split (R017) and no supplier gets repeated direct awards (R018: at most two awards each).
    """
    rng = b.rng
    suppliers = pools.contracts[: b.n(220)]
    awarded: dict[str, list[dt.date]] = {}
    for i in range(b.n(260)):
        supplier = suppliers[i % len(suppliers)]
        while True:
            award = b.workday(dt.date(2021, 4, 1), PERIOD_TO)
            if all(abs((award - d).days) >= 120 for d in awarded.get(supplier, [])):
                break
        awarded.setdefault(supplier, []).append(award)
        start = award + dt.timedelta(days=rng.choice((0, 14, 30, 61)))
        end = None if rng.random() < 0.08 else start + dt.timedelta(days=365 * rng.choice((1, 2, 3, 4)) - 1)
        value = round(rng.lognormvariate(11, 1.2), -2)
        while _near_threshold(value):
            value = round(rng.lognormvariate(11, 1.2), -2)
        route = rng.choice(ROUTES)
        approver = rng.choice(approvers)
        row = b.add(
            "contracts",
            {
                "title": rng.choice(CONTRACT_TOPICS).format(x=rng.choice(CONTRACT_THINGS)).capitalize(),
                "supplier": supplier,
                "company_number": f"{rng.randint(1000000, 13999999):08d}" if rng.random() < 0.6 else "",
                "department": rng.choice(DEPARTMENTS),
                "route": route,
                "award_date": award,
                "start_date": start,
                "end_date": end,
                "value": value,
                "approver": approver.with_rank,
                "tender_start": award - dt.timedelta(days=rng.randint(28, 120))
                if route in COMPETITIVE_ROUTES
                else None,
            },
        )
        _add_role(b, None, row, approver.with_rank, "Approver")
        _add_role(b, None, row, rng.choice(people).name, "Budget holder")
        if route in COMPETITIVE_ROUTES:
            for person in rng.sample(people, rng.randint(1, 2)):
                _add_role(b, None, row, person.with_rank, "Evaluator")
        if rng.random() < 0.5:
            _add_role(b, None, row, rng.choice(people).name, "Contract manager")


def _background_cards(b: _Builder, pools: _Pools, people: list[Person]) -> None:
    """Chain-store and online merchants plus card-mangled names from the card pool, on working days only.

    Every amount is under £470 (the card limit is £500, so none sits just below it: R012), hospitality merchants
    stay under £100 (R014), no amount of £100 or more is a round multiple of £50 (R015), and one card never pays
    one merchant the same amount within 3 days (R015) or more than £500 within 2 days (R011).
    """
    rng = b.rng
    holders = rng.sample(people, min(len(people), b.n(120)))
    card_names = [(_card_string(b, n), rng.choice(SUPPLIER_MCCS)) for n in pools.cards]
    history: dict[tuple[str, str], list[tuple[dt.date, float]]] = {}
    made = 0
    while made < b.n(6000):
        if rng.random() < 0.7:
            template, mcc = rng.choice(CARD_MERCHANTS)
            merchant = template.format(
                ref="".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(9)),
                store=rng.randint(1000, 9999),
                place=rng.choice(CARD_PLACES),
            )
        else:
            template, mcc = rng.choice(card_names)
            merchant = template
        amount = round(rng.lognormvariate(3.6, 0.9), 2)
        if amount >= 470 or (mcc in HOSPITALITY_MCCS and amount >= 100):
            continue
        if amount >= 100 and round(amount * 100) % 5000 == 0:
            continue
        holder = rng.choice(holders)
        day = b.workday(CARDS_FROM, PERIOD_TO)
        before = history.setdefault((holder.staff_id, template), [])
        if any(abs((day - d).days) <= 3 and a == amount for d, a in before):
            continue
        if sum(a for d, a in before if abs((day - d).days) <= 2) + amount > 450:
            continue
        before.append((day, amount))
        made += 1
        b.add(
            "cards",
            {
                "date": day,
                "merchant": merchant,
                "amount": -amount if rng.random() < 0.02 else amount,
                "holder": holder,
                "card": b.card_number(holder),
                "mcc": mcc,
                "description": rng.choice(CARD_DESCRIPTIONS),
            },
        )


def _background_gifts(b: _Builder, pools: _Pools, people: list[Person], approvers: list[Person]) -> None:
    """Offers from the gifts pool, public bodies and members of the public, all declared within three weeks.

    Accepted offers are under £100 and carry an approver other than the recipient (R007, R009). An offeror
    other than a public body makes offers to at most two people and declines at most once in any 365 days (R005),
    and nobody gets two offers from one offeror within a year (R006). Public bodies (excluded from the supplier
    rules by policy) make offers to many people, as they do.
    """
    rng = b.rng
    offerors = pools.gifts[: b.n(180)]
    recipients = rng.sample(people, min(len(people), b.n(200)))
    offers: dict[str, list[tuple[dt.date, str, bool]]] = {}
    made = 0
    for _attempt in range(1000 * b.n(330)):
        if made == b.n(330):
            break
        roll = rng.random()
        if roll < 0.75:
            offeror = rng.choice(offerors)
        elif roll < 0.9:
            offeror = rng.choice(PUBLIC_BODY_OFFERORS)
        else:
            offeror = MEMBER_OF_PUBLIC
        item, kind, (low, high) = rng.choice(GIFT_ITEMS)
        status = rng.choice(("Accepted", "Accepted", "Declined", "Declined - politely", "Accepted (shared)"))
        recipient = rng.choice(recipients)
        day = b.day(HISTORY_FROM, PERIOD_TO)
        declined = status.startswith("Declined")
        year = [o for o in offers.get(offeror, []) if abs((day - o[0]).days) <= 366]
        if any(o[1] == recipient.staff_id for o in year):
            continue
        if offeror not in PUBLIC_BODY_OFFERORS and (
            len({o[1] for o in year} | {recipient.staff_id}) > 2 or sum(o[2] for o in year) + declined > 1
        ):
            continue
        offers.setdefault(offeror, []).append((day, recipient.staff_id, declined))
        made += 1
        approver = "" if declined else rng.choice([a for a in approvers if a is not recipient]).with_rank
        b.add(
            "gifts",
            {
                "date": day,
                "recipient": recipient,
                "offeror": offeror,
                "description": item,
                "kind": kind,
                "value": rng.randint(low, high),
                "status": status,
                "direction": "Received",
                "declared": day + dt.timedelta(days=rng.randint(1, 21)),
                "approver": approver,
            },
        )


def _background_interests(b: _Builder, people: list[Person]) -> None:
    """Clubs, charities and sole traders, none of which trade with the force.

    Approved interests still current were reviewed in the twelve months before the period ended and are next due
    for review after it (R025).
    """
    rng = b.rng
    for person in rng.sample(people, min(len(people), b.n(130))):
        role, org = rng.choice(INTEREST_KINDS)
        trade, trade_title = rng.choice(TRADES)
        place = rng.choice(INTEREST_PLACES)
        start = b.day(dt.date(2015, 1, 1), dt.date(2024, 12, 31))
        end = None if rng.random() < 0.8 else start + dt.timedelta(days=rng.randint(200, 1500))
        status = rng.choice(INTEREST_STATUS)
        decision = None if status == "Pending" else start + dt.timedelta(days=rng.randint(3, 40))
        reviewed = decision
        next_review = None
        if status.startswith("Approved") and decision is not None:
            last = min(end or PERIOD_TO, dt.date(2025, 3, 20))
            first = max(decision, dt.date(2024, 4, 15))
            last_review = b.day(first, last) if first <= last else decision
            reviewed = last_review
            if end is None:
                next_review = dt.date(last_review.year + 1, last_review.month, min(last_review.day, 28))
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
                "status": status,
                "start_date": start,
                "end_date": end,
                "decision": decision,
                "reviewed": reviewed,
                "next_review": next_review,
            },
        )


def _background_payments(b: _Builder, pools: _Pools) -> None:
    """Payments over £500: contract suppliers and the payments-only pool.

    A supplier is never paid twice within 8 days, so no run of invoices looks split under a threshold (R026).
    """
    rng = b.rng
    paid = pools.contracts[: b.n(220)] + pools.payments[: b.n(380)]
    dates: dict[frozenset[str], list[dt.date]] = {}
    made = 0
    while made < b.n(1700):
        supplier = rng.choice(paid)
        day = b.day(dt.date(2024, 4, 1), PERIOD_TO)
        before = dates.setdefault(frozenset(_plain_words(supplier)), [])
        if any(abs((day - d).days) <= 8 for d in before):
            continue
        before.append(day)
        made += 1
        b.add(
            "payments",
            {
                "date": day,
                "supplier": supplier,
                "amount": round(500 + rng.lognormvariate(7, 1.3), 2),
                "department": rng.choice(DEPARTMENTS),
                "expense": rng.choice(PAYMENT_EXPENSES),
                "vat": f"GB{rng.randint(100000000, 999999999)}" if rng.random() < 0.3 else "",
            },
        )


OTHER_EMPLOYERS = (
    "Devon and Cornwall Police",
    "Avon and Somerset Constabulary",
    "Hampshire and Isle of Wight Constabulary",
    "Thames Valley Police",
    "National Crime Agency",
    "HM Prison and Probation Service",
    "Dorset Council",
    "Royal Navy",
    "University of Exeter",
)
"""Where background leavers went: other forces and public bodies (any sharing a word with a contract supplier is
left out, so that no background leaver can look like a revolving door)."""
NEW_ROLES = ("Investigator", "Intelligence Analyst", "Case Officer", "Trainer", "Project Officer")


def _background_leavers(b: _Builder) -> None:
    """Former staff who left in 2024-25: retired, transferred, resigned or reached the end of a fixed-term contract.

    They are not on the March 2025 staff list and hold no role in any register, and their new employers share no word
    with any contract supplier, so none of them is a revolving door (R022).
    """
    rng = b.rng
    firsts = [r["name"] for r in _read_data_csv("sample_first_names.csv")]
    lasts = [r["name"] for r in _read_data_csv("sample_surnames.csv")]
    taken = {p.name for p in b.force.staff} | {r["person"].name for r in b.force.leavers}
    numbers = {p.staff_id for p in b.force.staff}
    supplier_words = _words(r["supplier"] for r in b.force.contracts)
    employers = [e for e in OTHER_EMPLOYERS if not _plain_words(e) & supplier_words]
    forces = [e for e in employers if e.endswith(("Police", "Constabulary"))]
    for _ in range(b.n(36)):
        while True:
            first, last, number = rng.choice(firsts), rng.choice(lasts), f"WX{rng.randint(10000, 99999)}"
            if f"{first} {last}" not in taken and number not in numbers:
                break
        taken.add(f"{first} {last}")
        numbers.add(number)
        officer = rng.random() < 0.6
        rank = rng.choice(OFFICER_RANKS) if officer else rng.choice(STAFF_GRADES)
        person = Person(number, first, last, rank, rng.choice(DEPARTMENTS), officer)
        roll = rng.random()
        if roll < 0.45:
            reason, employer, role = "Retirement", "", ""
        elif roll < 0.65 and officer and forces:
            reason, employer, role = "Transfer to another force", rng.choice(forces), rank
        elif roll < 0.85:
            reason, employer, role = "Resignation", rng.choice(employers), rng.choice(NEW_ROLES)
        else:
            reason, employer, role = ("Resignation", "", "") if officer else ("End of fixed-term contract", "", "")
        left = b.day(dt.date(2024, 4, 1), PERIOD_TO)
        b.add("leavers", {"person": person, "left": left, "reason": reason, "employer": employer, "role": role})


_COMPANY_CATEGORIES = {
    "LIMITED": "Private Limited Company",
    "PLC": "Public Limited Company",
    "LLP": "Limited Liability Partnership",
    "CIC": "Community Interest Company",
}


def _companies_house_name(name: str) -> str:
    """A supplier's name as Companies House writes it: upper case, "LTD" spelt out as most registered names are."""
    upper = " ".join(name.upper().replace("LTD.", "LTD").split())
    return upper[: -len("LTD")] + "LIMITED" if upper.endswith(" LTD") else upper


def _background_companies(b: _Builder) -> None:
    """Companies House rows for three in four background contract suppliers that are companies, all from before 2020.

    Background awards start in April 2021, so no background supplier is a new company winning work (R023). A row
    carries the company number the contracts register gives its supplier, or a fresh one where it gives none;
    suppliers the register gives two different numbers are left out (xref would rightly not link them).
    """
    rng = b.rng
    numbers: dict[str, set[str]] = {}
    for row in b.force.contracts:
        if not row["planted"]:
            numbers.setdefault(row["supplier"], set()).update({row["company_number"]} - {""})
    used = {r["company_number"] for r in b.force.contracts} | {c["number"] for c in b.force.companies}
    names = {c["name"] for c in b.force.companies}
    for supplier in sorted(numbers):
        name = _companies_house_name(supplier)
        category = _COMPANY_CATEGORIES.get(name.split()[-1])
        keep = rng.random() < 0.75
        if not keep or category is None or len(numbers[supplier]) > 1 or name in names:
            continue
        number = next(iter(numbers[supplier]), "")
        while not number:
            candidate = f"{rng.randint(100000, 12999999):08d}"
            number = "" if candidate in used else candidate
        used.add(number)
        names.add(name)
        incorporated = b.day(dt.date(1955, 1, 1), dt.date(2019, 12, 31))
        b.add("companies", {"name": name, "number": number, "category": category, "incorporated": incorporated})


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
    "Durnover Facilities Management",
    "Poxwell Custody Healthcare",
    "Maiden Newton Medical Supplies",
    "Lulwind Communications",
    "Stinsford Security Systems",
    "Crimmercrock Events",
    "Rushy Pond Promotions",
    "Bockhampton Uniform Supplies",
    "Norcombe Tyres",
    "Lytchett Stationers",
    "Toller Down Media",
    "Ringstead Software",
    "Bincombe Analytics",
    "Winyard Leisure",
    "Greys Bridge Confectioners",
    "Hintock Timber",
    "Sherton Abbas Motors",
    "Nettlecombe Fencing",
    "Stoke Barehills Signage",
    "Kennetbridge Solutions",
    "Anglebury Glazing",
    "Alfredston Systems",
    "Coombe Tracey Software",
    "Puddletown Office Interiors",
    "Chaldon Groundworks",
    "Ringsworth Surveyors",
    "Mistover Maintenance",
    "Blackmoor Workwear",
    "Encombe Autoparts",
    "Chesil Print Shop",
    "Greyhound Bar",
    "Pizza Express",
    "Nether Moynton Plumbing",
    "Sherton Turville Translation",
    "Gaymead Landscapes",
    "Ivell Furniture",
    "Fordington Decorators",
    "Weydon Priors Pest Control",
    "Cernel Audio Visual",
    "Stickleford Consulting",
    "Marygreen Consulting",
    "Shottsford Legal Services",
    "Yalbury Environmental Services",
    "Kingcombe Ecology",
    "Chalk Newton Catering",
    "Bramshurst Bakery",
    "Lornton Garden Centre",
    "Tolchurch Telematics",
    "Froom Valley Fencing",
    "Bulbarrow Consulting",
    "Wintoncester Digital Forensics",
    "Ashbury Imaging",
    "Quartershot Interpreting",
)

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


def _plant(b: _Builder, people: Iterable[Person]) -> None:
    """The planted cases (see the module docstring); each person appears in one scenario only."""
    b.planting = True
    who = iter(people)
    _plant_r001(b, who)
    _plant_r002(b, who)
    _plant_r003(b, who)
    _plant_r004(b, who)
    _plant_r005(b, who)
    _plant_r006(b, who)
    _plant_r007(b, who)
    _plant_r008(b, who)
    _plant_r009(b, who)
    _plant_r010(b, who)
    _plant_r011(b, who)
    _plant_r012(b, who)
    _plant_r013(b, who)
    _plant_r014(b, who)
    _plant_r015(b, who)
    _plant_r016_r018(b)
    _plant_r019(b, who)
    _plant_r020(b, who)
    _plant_r021(b, who)
    _plant_r024(b)
    _plant_r025(b, who)
    _plant_r026(b)
    _plant_r022(b, who)
    _plant_r023(b)
    _plant_decisions(b)


def _plant_r001(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    p = next(it)
    c = b.case(
        "R001-T1", "R001", "flag", p, "Harrowgate Fleet Services Limited", "accepted hospitality 83 days before award"
    )
    _gift(b, c, p, "Harrowgate Fleet Services", "2024-11-12", "Dinner and hospitality at the Wessex Motor Show")
    _contract(b, c, "Harrowgate Fleet Services Limited", "Fleet maintenance and repair", "2025-02-03", value=480000.0)
    # an existing supplier (its first contract was in 2021), so not a new supplier after hospitality (R021)
    _contract(
        b, None, "Harrowgate Fleet Services Limited", "Vehicle recovery", "2021-07-01", end="2024-06-30", value=96000.0
    )

    p = next(it)
    c = b.case("R001-T2", "R001", "flag", p, "Kestrel Forensic Solutions Ltd", "declined offer 301 days before award")
    _gift(
        b,
        c,
        p,
        "Kestrel Forensic Solutions Ltd",
        "2024-03-20",
        "Hospitality at a rugby international",
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
    b.also(
        c,
        "R021-T2",
        "R021",
        "flag",
        "the locksmith's first contract with the force (10/03/2025) came 63 days after its first offer (R001-T4)",
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
    _gift(b, c, p, "Sandbourne Catering Equipment Ltd", "2025-02-14", "Chocolates", kind="Gift", value=15)

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


def _plant_r002(b: _Builder, who: Iterable[Person]) -> None:
    """R002: the recipient held a role in the award. Any R002 case is also an R001 case (an offer before award)."""
    it = iter(who)
    evaluator, namesake, budget_holder = next(it), next(it), next(it)
    _share_surname(b, namesake, budget_holder)
    supplier = "Durnover Facilities Management Ltd"
    _contract(b, None, supplier, "Building repairs (previous term)", "2021-09-01", end="2024-08-31", value=185000.0)
    award = _contract(
        b,
        None,
        supplier,
        "Facilities management (hard FM)",
        "2025-02-17",
        value=640000.0,
        route="Open tender",
        department="Estates & Facilities",
    )
    c = b.case(
        "R002-T1",
        "R002",
        "flag",
        evaluator,
        supplier,
        "an evaluator of the facilities contract accepted dinner from the supplier 89 days before the award",
    )
    _add_role(b, c, award, evaluator.with_rank, "Evaluator")
    _add_role(b, None, award, budget_holder.name, "Budget holder")
    _gift(b, c, evaluator, supplier, "2024-11-20", "Dinner at the Facilities Show", value=65)
    b.also(c, "R001-T5", "R001", "flag", "R002-T1's dinner was also an offer 89 days before the award")
    d = b.case(
        "R002-D1",
        "R002",
        "no_flag",
        namesake,
        supplier,
        f"the offer went to {namesake.name}, who holds no role; {budget_holder.name}, the budget holder, only "
        "shares the surname",
    )
    b.link(award, d, "contract_ref")
    _gift(b, d, namesake, supplier, "2024-12-03", "Working lunch", status="Declined", value=30)
    b.also(d, "R001-T6", "R001", "flag", "R002-D1's declined lunch was still an offer 76 days before the award")


def _plant_r003(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    during, before = next(it), next(it)
    supplier = "Poxwell Custody Healthcare Ltd"
    _contract(b, None, supplier, "Custody nursing (previous term)", "2021-08-02", end="2024-07-31", value=220000.0)
    award = _contract(
        b,
        None,
        supplier,
        "Custody healthcare services",
        "2025-02-10",
        value=1800000.0,
        route="Open tender",
        department="Custody",
        tender="2024-11-04",
    )
    c = b.case(
        "R003-T1",
        "R003",
        "flag",
        during,
        supplier,
        "accepted lunch on 10/12/2024, while the tender published on 04/11/2024 was open (award 10/02/2025)",
    )
    b.link(award, c, "contract_ref")
    _gift(b, c, during, supplier, "2024-12-10", "Working lunch at the bidders' site visit", value=28)
    b.also(c, "R001-T7", "R001", "flag", "R003-T1's lunch was also an offer 62 days before the award")
    d = b.case(
        "R003-D1",
        "R003",
        "no_flag",
        before,
        supplier,
        "chocolates on 21/10/2024, two weeks before the tender was published",
    )
    b.link(award, d, "contract_ref")
    _gift(b, d, before, supplier, "2024-10-21", "Chocolates", kind="Gift", value=18)
    b.also(d, "R001-T8", "R001", "flag", "R003-D1's chocolates were still an offer 112 days before the award")


def _plant_r004(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    holder, buyer = next(it), next(it)
    supplier = "Maiden Newton Medical Supplies Ltd"
    award = _contract(
        b,
        None,
        supplier,
        "Custody medical consumables",
        "2024-10-15",
        value=68000.0,
        route="Mini-competition (framework)",
        department="Custody",
    )
    c = b.case(
        "R004-T1",
        "R004",
        "flag",
        holder,
        supplier,
        "the contract's budget holder accepted a hamper 118 days after the award",
    )
    _add_role(b, c, award, holder.with_rank, "Budget holder")
    _gift(b, c, holder, supplier, "2025-02-10", "Thank-you hamper", kind="Gift", value=45)

    supplier = "Lulwind Communications Ltd"
    award = _contract(
        b,
        None,
        supplier,
        "Radio accessories",
        "2024-07-01",
        value=36500.0,
        department="Operational Support",
    )
    d = b.case(
        "R004-D1",
        "R004",
        "no_flag",
        buyer,
        supplier,
        "the buyer accepted chocolates 203 days after the award: outside the 180-day window",
    )
    _add_role(b, d, award, buyer.with_rank, "Buyer")
    _gift(b, d, buyer, supplier, "2025-01-20", "Chocolates", kind="Gift", value=20)


def _plant_r005(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    p1, p2 = next(it), next(it)
    supplier = "Stinsford Security Systems Ltd"
    c = b.case(
        "R005-T1", "R005", "flag", _names(p1, p2), supplier, "two declined offers to two officers within seven weeks"
    )
    _gift(b, c, p1, supplier, "2025-01-14", "Invitation to a security industry dinner", status="Declined", value=75)
    _gift(b, c, p2, supplier, "2025-03-04", "Corporate hospitality at Exeter races", status="Declined", value=120)

    q1, q2, q3 = next(it), next(it), next(it)
    supplier = "Crimmercrock Events Ltd"
    c = b.case(
        "R005-T2", "R005", "flag", _names(q1, q2, q3), supplier, "small accepted gifts to three different people"
    )
    _gift(b, c, q1, supplier, "2025-01-09", "Branded pen and notebook", kind="Gift", value=8)
    _gift(b, c, q2, supplier, "2025-02-06", "Chocolates", kind="Gift", value=12)
    _gift(b, c, q3, supplier, "2025-03-13", "Working lunch", value=22)

    r1, r2, r3 = next(it), next(it), next(it)
    supplier = "Devon and Cornwall Police"
    c = b.case(
        "R005-D1",
        "R005",
        "no_flag",
        _names(r1, r2, r3),
        supplier,
        "a neighbouring force (public body) hosted three people: not a supplier courting staff",
    )
    _gift(b, c, r1, supplier, "2025-01-21", "Working lunch", value=15)
    _gift(b, c, r2, supplier, "2025-02-18", "Drinks reception", value=20)
    _gift(b, c, r3, supplier, "2025-03-18", "Chocolates", kind="Gift", value=10)

    s1, s2 = next(it), next(it)
    supplier = "Rushy Pond Promotions Ltd"
    c = b.case(
        "R005-D2",
        "R005",
        "no_flag",
        _names(s1, s2),
        supplier,
        "two declined offers 412 days apart: never two within 365 days",
    )
    _gift(b, c, s1, supplier, "2023-12-01", "Drinks reception", status="Declined", value=40)
    _gift(b, c, s2, supplier, "2025-01-16", "Working lunch", status="Declined", value=35)

    t1, t2, t3 = next(it), next(it), next(it)
    c = b.case(
        "R005-D3",
        "R005",
        "no_flag",
        _names(t1, t2, t3),
        MEMBER_OF_PUBLIC,
        "thank-you gifts from members of the public to three officers: not a supplier",
    )
    _gift(b, c, t1, MEMBER_OF_PUBLIC, "2025-01-27", "Thank-you card and chocolates", kind="Gift", value=10)
    _gift(b, c, t2, MEMBER_OF_PUBLIC, "2025-02-24", "Flowers", kind="Gift", value=20)
    _gift(b, c, t3, MEMBER_OF_PUBLIC, "2025-03-20", "Biscuits for the team", kind="Gift", value=8)


def _plant_r006(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    p = next(it)
    supplier = "Bockhampton Uniform Supplies Ltd"
    c = b.case("R006-T1", "R006", "flag", p, supplier, "three offers to the same person within nine months")
    _gift(b, c, p, supplier, "2024-05-10", "Branded pen and notebook", kind="Gift", value=6)
    _gift(b, c, p, supplier, "2024-10-02", "Chocolates", kind="Gift", value=15)
    _gift(b, c, p, supplier, "2025-02-12", "Working lunch", value=20)

    k1, k2 = next(it), next(it)
    _share_surname(b, k2, k1)
    supplier = "Norcombe Tyres Ltd"
    c = b.case(
        "R006-D1",
        "R006",
        "no_flag",
        _names(k1, k2),
        supplier,
        f"three offers in a year, but to two people who share a surname ({k1.name} twice, {k2.name} once)",
    )
    _gift(b, c, k1, supplier, "2024-06-12", "Chocolates", kind="Gift", value=10)
    _gift(b, c, k2, supplier, "2024-11-20", "Working lunch", value=20)
    _gift(b, c, k1, supplier, "2025-02-05", "Bottle of wine", kind="Gift", value=15)

    m = next(it)
    supplier = "Lytchett Stationers Ltd"
    c = b.case(
        "R006-D2",
        "R006",
        "no_flag",
        m,
        supplier,
        "three offers to one person, spread over 16 months: never three within 365 days, nor two within 90",
    )
    _gift(b, c, m, supplier, "2023-09-14", "Branded pen and notebook", kind="Gift", value=8)
    _gift(b, c, m, supplier, "2024-06-20", "Chocolates", kind="Gift", value=12)
    _gift(b, c, m, supplier, "2025-01-28", "Working lunch", value=18)


def _plant_r007(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    p = next(it)
    supplier = "Toller Down Media Ltd"
    c = b.case("R007-T1", "R007", "flag", p, supplier, "accepted two Six Nations tickets worth £180")
    _gift(b, c, p, supplier, "2025-02-08", "Two tickets to the Six Nations at Twickenham", value=180)

    p = next(it)
    supplier = "Ringstead Software Ltd"
    c = b.case("R007-T2", "R007", "flag", p, supplier, "accepted a hotel stay worth £85: a keyword item under £100")
    _gift(b, c, p, supplier, "2025-03-11", "Hotel overnight stay at user conference", value=85)

    p = next(it)
    supplier = "Bincombe Analytics Ltd"
    c = b.case("R007-D1", "R007", "no_flag", p, supplier, "accepted dinner worth £99: just under £100")
    _gift(b, c, p, supplier, "2025-01-23", "Conference dinner", value=99)

    p = next(it)
    supplier = "Winyard Leisure Ltd"
    c = b.case("R007-D2", "R007", "no_flag", p, supplier, "rugby tickets worth £220, declined")
    _gift(b, c, p, supplier, "2025-02-19", "Tickets to a premiership rugby match", status="Declined", value=220)

    p = next(it)
    supplier = "Greys Bridge Confectioners Ltd"
    c = b.case(
        "R007-D3",
        "R007",
        "no_flag",
        p,
        supplier,
        "a £12 box of chocolates: 'box' here is not a corporate box",
    )
    _gift(b, c, p, supplier, "2025-02-14", "Box of chocolates", kind="Gift", value=12)


def _plant_r008(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    p = next(it)
    supplier = "Hintock Timber Ltd"
    c = b.case("R008-T1", "R008", "flag", p, supplier, "declared 45 days after the offer (policy: 28)")
    _gift(b, c, p, supplier, "2025-01-15", "Working lunch", value=18, declared_after=45)

    p = next(it)
    supplier = "Sherton Abbas Motors Ltd"
    c = b.case("R008-T2", "R008", "flag", p, supplier, "value recorded as 'Unknown'")
    _gift(b, c, p, supplier, "2025-02-20", "Invitation to product launch", status="Declined", value=None)

    p = next(it)
    supplier = "Nettlecombe Fencing Ltd"
    c = b.case("R008-D1", "R008", "no_flag", p, supplier, "declared exactly 28 days after the offer: on time")
    _gift(b, c, p, supplier, "2025-02-03", "Chocolates", kind="Gift", value=14, declared_after=28)


def _plant_r009(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    p = next(it)
    supplier = "Stoke Barehills Signage Ltd"
    c = b.case("R009-T1", "R009", "flag", p, supplier, "accepted a £60 hamper with no approver recorded")
    _gift(b, c, p, supplier, "2025-01-08", "Christmas hamper", kind="Gift", value=60, approver="")

    p = next(it)
    supplier = "Kennetbridge Solutions Ltd"
    c = b.case("R009-T2", "R009", "flag", p, supplier, "accepted a £40 dinner and approved it themselves")
    _gift(b, c, p, supplier, "2025-02-26", "Dinner at supplier conference", value=40, approver=p.with_rank)

    p = next(it)
    supplier = "Coombe Tracey Software Ltd"
    c = b.case("R009-T3", "R009", "flag", p, supplier, "accepted a £45 dinner; approver written as 'Not required'")
    _gift(b, c, p, supplier, "2025-03-18", "Dinner at user group meeting", value=45, approver="Not required")

    p = next(it)
    supplier = "Anglebury Glazing Ltd"
    c = b.case(
        "R009-D1", "R009", "no_flag", p, supplier, "accepted £25 of wine with no approver: not above the £25 threshold"
    )
    _gift(b, c, p, supplier, "2025-03-05", "Bottle of wine", kind="Gift", value=25, approver="")

    p, boss = next(it), next(it)
    _share_surname(b, boss, p)
    supplier = "Alfredston Systems Ltd"
    c = b.case(
        "R009-D2",
        "R009",
        "no_flag",
        p,
        supplier,
        f"approved by {boss.name}, a different person with the same surname",
    )
    _gift(b, c, p, supplier, "2025-01-29", "Conference dinner", value=55, approver=boss.with_rank)


def _plant_r010(b: _Builder, who: Iterable[Person]) -> None:
    """Offers here are dated over 180 days before the merchant's first card payment (not R021's new suppliers)."""
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
    _gift(b, c, p, "Pinewood Catering Ltd", "2024-06-20", "Working lunch", value=25)
    _card(b, c, p, "SQ *PINEWOOD CATERING", "2025-01-14", 86.50, mcc="5812", description="Refreshments")
    _card(b, c, p, "SQ *PINEWOOD CATERING", "2025-02-11", 94.20, mcc="5812", description="Refreshments")

    p = next(it)
    c = b.case(
        "R010-T2",
        "R010",
        "flag",
        p,
        "Tactical Kit Direct Ltd",
        "accepted gift, card spend seven months later (store number on the statement)",
    )
    _gift(b, c, p, "Tactical Kit Direct Ltd", "2024-07-18", "Branded holdall", kind="Gift", value=30)
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
        "2024-07-10",
        "Hospitality suite at county cricket",
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
    _gift(b, c, p, "Quayside Coffee Roasters Ltd", "2024-06-03", "Coffee gift set", kind="Gift", value=20)
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
    _gift(b, c, p, "Lowther Training Aids Ltd", "2024-07-05", "Training DVD set", kind="Gift", value=25)
    _card(b, c, p, "LOWTHER TRAINING AIDS", "2025-02-03", -45.00)


def _plant_r011(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    p = next(it)
    c = b.case(
        "R011-T1",
        "R011",
        "flag",
        p,
        "Blackmoor Workwear",
        "£386.40 and £214.75 at one merchant on consecutive days: £601.15 against the £500 limit",
    )
    _card(b, c, p, "BLACKMOOR WORKWEAR", "2025-02-04", 386.40, mcc="5699", description="Uniform items")
    _card(b, c, p, "BLACKMOOR WORKWEAR", "2025-02-05", 214.75, mcc="5699", description="Uniform items")

    p = next(it)
    c = b.case(
        "R011-D1",
        "R011",
        "no_flag",
        p,
        "Encombe Autoparts",
        "£312.60 and £265.10 at one merchant three days apart: outside the 2-day window",
    )
    _card(b, c, p, "ENCOMBE AUTOPARTS", "2025-03-03", 312.60, mcc="5533", description="Vehicle sundries")
    _card(b, c, p, "ENCOMBE AUTOPARTS", "2025-03-06", 265.10, mcc="5533", description="Vehicle sundries")

    p, q = next(it), next(it)
    if q.department == p.department:
        q.department = next(d for d in DEPARTMENTS if d != p.department)
    c = b.case(
        "R011-D2",
        "R011",
        "no_flag",
        _names(p, q),
        "Chesil Print Shop",
        "£298.50 and £276.20 at one merchant on one day, but on two cards in two departments",
    )
    _card(b, c, p, "CHESIL PRINT SHOP", "2025-01-22", 298.50, mcc="7338", description="Printing")
    _card(b, c, q, "CHESIL PRINT SHOP", "2025-01-22", 276.20, mcc="7338", description="Printing")


def _plant_r012(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    p = next(it)
    c = b.case(
        "R012-T1",
        "R012",
        "flag",
        p,
        "Currys; Screwfix; Argos",
        "three payments between £475 and £500 in the quarter (£489.99, £495.00, £482.50)",
    )
    _card(b, c, p, "CURRYS 4411", "2025-01-20", 489.99, mcc="5732", description="Equipment")
    _card(b, c, p, "SCREWFIX DIRECT", "2025-02-12", 495.00, mcc="5200", description="Equipment")
    _card(b, c, p, "ARGOS LTD", "2025-03-10", 482.50, mcc="5311", description="Equipment")

    p = next(it)
    c = b.case(
        "R012-D1",
        "R012",
        "no_flag",
        p,
        "Currys; Wickes; Halfords",
        "two payments just under £500 and a third of £470.00, outside the 5% band",
    )
    _card(b, c, p, "CURRYS 2087", "2025-01-28", 491.00, mcc="5732", description="Equipment")
    _card(b, c, p, "WICKES TAUNTON", "2025-02-20", 478.25, mcc="5211", description="Equipment")
    _card(b, c, p, "HALFORDS 3310", "2025-03-18", 470.00, mcc="5533", description="Vehicle sundries")


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
        "£748.20 by card (PayPal, name run together and cut off) to a contracted supplier",
    )
    _contract(b, c, "Greenway Grounds Maintenance Ltd", "Grounds maintenance", "2024-03-01", value=120000.0)
    _card(b, c, p, "PAYPAL *GREENWAYGROU", "2025-02-18", 748.20, description="Grounds work")

    p = next(it)
    c = b.case("R013-T3", "R013", "flag", p, "Saxon Vehicle Hire Ltd", "£520 by card to the contracted hire company")
    _contract(b, c, "Saxon Vehicle Hire Ltd", "Short-term vehicle hire", "2024-07-01", value=75000.0)
    _card(b, c, p, "SAXON VEHICLE HIRE LTD", "2025-03-12", 520.00, mcc="7512", description="Vehicle hire")

    p = next(it)
    c = b.case("R013-D1", "R013", "no_flag", p, "Ridgeway Locks Ltd", "the contract ended on 31/12/2024")
    _contract(b, c, "Ridgeway Locks Ltd", "Door entry and locks", "2022-01-04", end="2024-12-31", value=30000.0)
    _card(b, c, p, "RIDGEWAY LOCKS", "2025-01-20", 612.40)

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
    _card(b, c, p, "COLDHARBOUR WASTE", "2025-03-05", 874.35)

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
    _card(b, c, p, "PHOENIX FIRE", "2025-02-25", 786.90)


def _plant_r014(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    p = next(it)
    c = b.case("R014-T1", "R014", "flag", p, "The Greyhound Bar", "£38.50 at a bar (MCC 5813, restricted)")
    _card(b, c, p, "THE GREYHOUND BAR YEOVIL", "2025-02-19", 38.50, mcc="5813", description="Refreshments")
    p = next(it)
    c = b.case("R014-T2", "R014", "flag", p, "Halfords", "£124.99 on a Saturday (15/02/2025)")
    _card(b, c, p, "HALFORDS 2231", "2025-02-15", 124.99, mcc="5533", description="Vehicle sundries")
    p = next(it)
    c = b.case("R014-T3", "R014", "flag", p, "Amazon", "£68.40 ordered online on New Year's Day, a bank holiday")
    _card(b, c, p, "AMAZON.CO.UK*2K4T81LQ0", "2025-01-01", 68.40, mcc="5942", description="Training materials")
    p = next(it)
    c = b.case(
        "R014-D1",
        "R014",
        "no_flag",
        p,
        "Shell",
        "£62.10 of fuel on a Saturday: fuel is bought every day by a 24-hour service (exempt category)",
    )
    _card(b, c, p, "SHELL TAUNTON", "2025-03-08", 62.10, mcc="5541", description="Fuel")
    p = next(it)
    c = b.case(
        "R014-D2",
        "R014",
        "no_flag",
        p,
        "Pizza Express",
        "£96.50 at a restaurant (MCC 5812) on a weekday: under the £100 hospitality minimum",
    )
    _card(b, c, p, "PIZZA EXPRESS SALISBURY", "2025-03-13", 96.50, mcc="5812", description="Refreshments")
    p = next(it)
    c = b.case("R014-D3", "R014", "no_flag", p, "Halfords", "£42.10 on a Sunday: under the £50 out-of-hours minimum")
    _card(b, c, p, "HALFORDS 1187", "2025-03-09", 42.10, mcc="5533", description="Vehicle sundries")
    p = next(it)
    c = b.case(
        "R014-D4",
        "R014",
        "no_flag",
        p,
        "Premier Inn",
        "£112.00 for a hotel on duty travel (MCC 7011): hotels are not a hospitality category",
    )
    _card(b, c, p, "PREMIER INN5521", "2025-02-12", 112.00, mcc="7011", description="Accommodation")


def _plant_r015(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    p = next(it)
    c = b.case("R015-T1", "R015", "flag", p, "Viking Direct", "£64.80 twice at one merchant on consecutive days")
    _card(b, c, p, "VIKING DIRECT", "2025-02-03", 64.80, mcc="5943", description="Office supplies")
    _card(b, c, p, "VIKING DIRECT", "2025-02-04", 64.80, mcc="5943", description="Office supplies")
    p = next(it)
    c = b.case("R015-T2", "R015", "flag", p, "Screwfix", "a round £300.00")
    _card(b, c, p, "SCREWFIX DIRECT", "2025-01-23", 300.00, mcc="5200", description="Equipment")
    p = next(it)
    c = b.case(
        "R015-D1", "R015", "no_flag", p, "Lyreco", "£73.15 twice at one merchant a week apart: outside the 3-day window"
    )
    _card(b, c, p, "LYRECO UK", "2025-03-03", 73.15, mcc="5943", description="Office supplies")
    _card(b, c, p, "LYRECO UK", "2025-03-10", 73.15, mcc="5943", description="Office supplies")
    p = next(it)
    c = b.case(
        "R015-D2",
        "R015",
        "no_flag",
        p,
        "Toolstation",
        "£150.00: a multiple of £50, but round sums count from £250 in multiples of £100",
    )
    _card(b, c, p, "TOOLSTATION YEOVIL", "2025-02-26", 150.00, mcc="5251", description="Equipment")


def _plant_r016_r018(b: _Builder) -> None:
    """Contract-register rules: the 'staff' of these cases is the approver named in the register."""
    approver = "Helen Marsh (approver)"

    def case(case_id: str, expect: str, supplier: str, note: str) -> Case:
        return b.case(case_id, case_id[:4], expect, approver, supplier, note)

    estates = {"department": "Estates & Facilities"}
    c = case("R016-T1", "flag", "Nether Moynton Plumbing Ltd", "£49,500: 1% under the £50,000 full-tender threshold")
    _contract(
        b,
        c,
        "Nether Moynton Plumbing Ltd",
        "Boiler replacement, Dorchester police station",
        "2025-01-27",
        value=49500.0,
        **estates,
    )
    c = case(
        "R016-T2",
        "flag",
        "Sherton Turville Translation Ltd",
        "£24,800 ex VAT (£29,760 with VAT): just under the £30,000 VAT-inclusive threshold",
    )
    _contract(
        b,
        c,
        "Sherton Turville Translation Ltd",
        "Interpreting services (one year)",
        "2025-02-11",
        value=24800.0,
        department="Criminal Justice",
    )
    c = case(
        "R016-D1",
        "no_flag",
        "Gaymead Landscapes Ltd",
        "£29,500 ex VAT looks just under £30,000, but that threshold includes VAT (£35,400 with VAT)",
    )
    _contract(b, c, "Gaymead Landscapes Ltd", "Landscaping at headquarters", "2025-03-04", value=29500.0, **estates)
    c = case("R016-D2", "no_flag", "Ivell Furniture Ltd", "£47,400: 5.2% under £50,000, outside the 5% band")
    _contract(
        b,
        c,
        "Ivell Furniture Ltd",
        "Office furniture for the new custody suite",
        "2025-01-09",
        value=47400.0,
        department="Custody",
    )

    c = case(
        "R017-T1",
        "flag",
        "Fordington Decorators Ltd",
        "£26,000 and £28,000 three weeks apart: each under £50,000, together £54,000",
    )
    _contract(
        b, c, "Fordington Decorators Ltd", "Redecoration of Weymouth station", "2025-01-13", value=26000.0, **estates
    )
    _contract(
        b, c, "Fordington Decorators Ltd", "Redecoration of Bridport station", "2025-02-03", value=28000.0, **estates
    )
    c = case(
        "R017-D1",
        "no_flag",
        "Weydon Priors Pest Control Ltd",
        "£30,000 and £35,000, but 120 days apart: outside the 90-day window",
    )
    _contract(b, c, "Weydon Priors Pest Control Ltd", "Pest control (north)", "2024-10-01", value=30000.0, **estates)
    _contract(b, c, "Weydon Priors Pest Control Ltd", "Pest control (south)", "2025-01-29", value=35000.0, **estates)
    c = case(
        "R017-D2",
        "no_flag",
        "Cernel Audio Visual Ltd",
        "£12,000 and £6,500 within a month: together £18,500, under £20,000",
    )
    _contract(b, c, "Cernel Audio Visual Ltd", "Briefing room screens", "2025-02-03", value=12000.0, **estates)
    _contract(b, c, "Cernel Audio Visual Ltd", "Briefing room sound system", "2025-03-03", value=6500.0, **estates)

    waiver = {"route": "Single source (waiver)", "department": "Corporate Communications"}
    c = case(
        "R018-T1", "flag", "Stickleford Consulting Ltd", "three single-source waivers to one consultancy in 10 months"
    )
    _contract(b, c, "Stickleford Consulting Ltd", "Communications review", "2024-05-13", value=16000.0, **waiver)
    _contract(b, c, "Stickleford Consulting Ltd", "Public consultation support", "2024-11-04", value=22000.0, **waiver)
    _contract(b, c, "Stickleford Consulting Ltd", "Recruitment campaign", "2025-02-24", value=17500.0, **waiver)
    c = case(
        "R018-D1",
        "no_flag",
        "Marygreen Consulting Ltd",
        "three awards in a year, but the middle one was an open tender: only two non-competitive",
    )
    _contract(b, c, "Marygreen Consulting Ltd", "Website accessibility audit", "2024-06-03", value=14000.0, **waiver)
    _contract(
        b,
        c,
        "Marygreen Consulting Ltd",
        "Website rebuild",
        "2024-10-07",
        value=85000.0,
        route="Open tender",
        department="Corporate Communications",
    )
    _contract(b, c, "Marygreen Consulting Ltd", "Website hosting transition", "2025-03-10", value=12500.0, **waiver)
    c = case(
        "R018-D2",
        "no_flag",
        "Shottsford Legal Services Ltd",
        "three waivers over 15 months: never three within 365 days",
    )
    legal = {**waiver, "department": "Professional Standards"}
    _contract(
        b, c, "Shottsford Legal Services Ltd", "Legal advice (misconduct hearing)", "2023-11-06", value=9200.0, **legal
    )
    _contract(
        b, c, "Shottsford Legal Services Ltd", "Legal advice (employment tribunal)", "2024-07-01", value=8800.0, **legal
    )
    _contract(
        b, c, "Shottsford Legal Services Ltd", "Legal advice (judicial review)", "2025-02-10", value=11000.0, **legal
    )

    c = case(
        "R018-D3",
        "no_flag",
        "Puddletown Office Interiors Ltd",
        "three direct awards in eight months, but call-offs from a framework that was itself competed",
    )
    framework = {"route": "Direct award from framework", "department": "Estates & Facilities"}
    _contract(b, c, "Puddletown Office Interiors Ltd", "Office refit, Yeovil", "2024-05-20", value=31000.0, **framework)
    _contract(b, c, "Puddletown Office Interiors Ltd", "Office refit, Poole", "2024-09-16", value=42000.0, **framework)
    _contract(b, c, "Puddletown Office Interiors Ltd", "Office refit, Exeter", "2025-01-20", value=38000.0, **framework)


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
    _payment(b, c, "OAKRIDGE TRAINING CONSULTANCY LTD", "2025-02-10", 2400.00)

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
        reviewed="2024-09-02",
    )
    _card(b, c, p, "EGDON PLANT HIRE", "2025-01-29", 1148.75, mcc="7394", description="Plant hire")

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
    _payment(b, None, "Stourcastle Joinery Ltd", "2025-02-14", 3800.00)

    p = next(it)
    c = b.case(
        "R019-D2",
        "R019",
        "no_flag",
        p,
        "Oakfield Roofing Ltd",
        "near-miss name: the interest is in Oakfield Roofing, the force paid Oakfield Joinery",
    )
    _interest(b, c, p, "Oakfield Roofing Ltd", "Partner", "Approved", "2020-06-01", reviewed="2024-11-12")
    _payment(b, None, "Oakfield Joinery Ltd", "2025-03-07", 1900.00)

    p = next(it)
    c = b.case(
        "R019-D3",
        "R019",
        "no_flag",
        p,
        "Shaston Scaffolding Ltd",
        "the force stopped trading with the firm in 2024 (contract ended, last payment October)",
    )
    _interest(b, c, p, "Shaston Scaffolding Ltd", "Director", "Approved", "2017-02-01", reviewed="2024-07-08")
    _contract(b, None, "Shaston Scaffolding Ltd", "Scaffolding hire", "2021-10-01", end="2024-09-30", value=45000.0)
    _payment(b, None, "Shaston Scaffolding Ltd", "2024-10-15", 2200.00)

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
    _payment(b, None, "Budmouth Boat Services Ltd", "2025-01-15", 5600.00)


def _plant_r020(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    p = next(it)
    supplier = "Yalbury Environmental Services Ltd"
    c = b.case(
        "R020-T1",
        "R020",
        "flag",
        p,
        supplier,
        "a shareholder of the supplier (declared and approved in 2021) evaluated its 2025 contract",
    )
    _interest(b, c, p, supplier, "Shareholder", "Approved", "2021-03-01", reviewed="2024-09-10")
    award = _contract(
        b,
        None,
        supplier,
        "Environmental waste management",
        "2025-02-05",
        value=85000.0,
        route="Open tender",
        department="Estates & Facilities",
    )
    _add_role(b, c, award, p.with_rank, "Evaluator")
    b.also(c, "R019-T4", "R019", "flag", "R020-T1's shareholding is in a supplier holding a live contract")

    p = next(it)
    supplier = "Kingcombe Ecology Ltd"
    c = b.case(
        "R020-D1",
        "R020",
        "no_flag",
        p,
        supplier,
        "evaluated the contract awarded on 13/01/2025, then became a director on 01/03/2025 (declared at once)",
    )
    _interest(b, c, p, supplier, "Director", "Approved", "2025-03-01", decision="2025-03-07")
    award = _contract(
        b,
        None,
        supplier,
        "Ecological survey of the new training site",
        "2025-01-13",
        value=18500.0,
        department="Estates & Facilities",
    )
    _add_role(b, c, award, p.with_rank, "Evaluator")
    b.also(c, "R019-T5", "R019", "flag", "R020-D1's directorship began while the Kingcombe contract was live")


def _plant_r021(b: _Builder, who: Iterable[Person]) -> None:
    """New suppliers after hospitality. The cardholder is never the gift's recipient (that would be R010)."""
    it = iter(who)
    guest, buyer = next(it), next(it)
    supplier = "Chalk Newton Catering Ltd"
    c = b.case(
        "R021-T1",
        "R021",
        "flag",
        _names(guest, buyer),
        supplier,
        "first card payment to the caterer (20/02/2025) 80 days after its first offer (02/12/2024)",
    )
    _gift(b, c, guest, supplier, "2024-12-02", "Working lunch", value=22)
    _card(b, c, buyer, "SQ *CHALKNEWTONCATERING", "2025-02-20", 86.40, mcc="5812", description="Refreshments")

    guest, buyer = next(it), next(it)
    supplier = "Bramshurst Bakery Ltd"
    c = b.case(
        "R021-D1",
        "R021",
        "no_flag",
        _names(guest, buyer),
        supplier,
        "first card payment (18/02/2025) 203 days after the first offer (30/07/2024): outside 180 days",
    )
    _gift(b, c, guest, supplier, "2024-07-30", "Chocolates", kind="Gift", value=16)
    _card(b, c, buyer, "BRAMSHURST BAKERY", "2025-02-18", 54.20, mcc="5462", description="Refreshments")

    guest, buyer = next(it), next(it)
    supplier = "Lornton Garden Centre Ltd"
    c = b.case(
        "R021-D2",
        "R021",
        "no_flag",
        _names(guest, buyer),
        supplier,
        "card payments before (05/11/2024) and after (25/02/2025) the offer of 20/01/2025: not a new supplier",
    )
    _card(b, c, buyer, "LORNTON GARDEN CENTRE", "2024-11-05", 63.90, mcc="5261", description="Equipment")
    _gift(b, c, guest, supplier, "2025-01-20", "Potted plant", kind="Gift", value=15)
    _card(b, c, buyer, "LORNTON GARDEN CENTRE", "2025-02-25", 41.60, mcc="5261", description="Equipment")


def _plant_r024(b: _Builder) -> None:
    """R024 is one info flag per period naming no record: these cases name the period instead."""
    c = b.case(
        "R024-T1",
        "R024",
        "flag",
        "",
        "",
        "the reporting quarter's card payments (over 1,000 of £10 or more) get a Benford summary",
    )
    c.period = PERIOD
    c = b.case(
        "R024-D1",
        "R024",
        "no_flag",
        "",
        "",
        "October-December 2024 (in the 2024 card file) is history in this run: it is not summarised again",
    )
    c.period = "2024Q4"


def _plant_r025(b: _Builder, who: Iterable[Person]) -> None:
    it = iter(who)
    p = next(it)
    c = b.case(
        "R025-T1",
        "R025",
        "flag",
        p,
        "Emminster Bowls Club",
        "approved interest last reviewed 15/11/2023, next review due 15/11/2024: overdue",
    )
    _interest(
        b,
        c,
        p,
        "Emminster Bowls Club",
        "Treasurer",
        "Approved",
        "2019-04-01",
        reviewed="2023-11-15",
        next_review="2024-11-15",
    )
    p = next(it)
    c = b.case(
        "R025-T2",
        "R025",
        "flag",
        p,
        "Marlott Youth Project",
        "reviewed 03/06/2024 (within 12 months), but the next review it set for 28/02/2025 has passed",
    )
    _interest(
        b,
        c,
        p,
        "Marlott Youth Project",
        "Trustee",
        "Approved",
        "2022-06-01",
        reviewed="2024-06-03",
        next_review="2025-02-28",
    )
    p = next(it)
    c = b.case(
        "R025-D1",
        "R025",
        "no_flag",
        p,
        "Nuttlebury Running Club",
        "last reviewed 02/04/2024: just inside 12 months of the period end; next review 02/04/2025",
    )
    _interest(
        b,
        c,
        p,
        "Nuttlebury Running Club",
        "Secretary",
        "Approved",
        "2018-09-01",
        reviewed="2024-04-02",
        next_review="2025-04-02",
    )
    p = next(it)
    c = b.case(
        "R025-D2",
        "R025",
        "no_flag",
        p,
        "Trantridge Angling Society",
        "not reviewed since 2021, but the interest ended on 31/12/2024",
    )
    _interest(
        b,
        c,
        p,
        "Trantridge Angling Society",
        "Treasurer",
        "Approved",
        "2016-05-01",
        reviewed="2021-05-04",
        end="2024-12-31",
    )
    p = next(it)
    c = b.case(
        "R025-D3",
        "R025",
        "no_flag",
        p,
        "Evershead Photography",
        "refused in 2022 and never reviewed since: only approved interests are reviewed",
    )
    _interest(b, c, p, "Evershead Photography", "Part-time photographer", "Refused", "2022-01-10")


def _plant_r026(b: _Builder) -> None:
    """Invoices split below a threshold: the payments register names no member of staff."""
    works = {"department": "Estates & Facilities", "expense": "Premises - repairs and maintenance"}
    c = b.case(
        "R026-T1",
        "R026",
        "flag",
        "",
        "Chaldon Groundworks Ltd",
        "invoices of £2,180.40 and £1,960.00 four days apart: each under the £3,000 quotations threshold, "
        "together £4,140.40, with no contract",
    )
    _payment(b, c, "Chaldon Groundworks Ltd", "2025-02-10", 2180.40, **works)
    _payment(b, c, "Chaldon Groundworks Ltd", "2025-02-14", 1960.00, **works)
    c = b.case(
        "R026-D1",
        "R026",
        "no_flag",
        "",
        "Ringsworth Surveyors Ltd",
        "£2,300.00 and £1,850.00, but nine days apart: outside the 7-day window",
    )
    _payment(b, c, "Ringsworth Surveyors Ltd", "2025-01-13", 2300.00, **works)
    _payment(b, c, "Ringsworth Surveyors Ltd", "2025-01-22", 1850.00, **works)
    c = b.case(
        "R026-D2",
        "R026",
        "no_flag",
        "",
        "Mistover Maintenance Ltd",
        "£2,640.15 and £2,210.80 three days apart, but invoiced under a live contract",
    )
    _contract(
        b,
        None,
        "Mistover Maintenance Ltd",
        "Reactive building maintenance",
        "2024-06-03",
        value=64000.0,
        route="Open tender",
        department="Estates & Facilities",
    )
    _payment(b, c, "Mistover Maintenance Ltd", "2025-03-04", 2640.15, **works)
    _payment(b, c, "Mistover Maintenance Ltd", "2025-03-07", 2210.80, **works)


def _leaver(b: _Builder, person: Person, left: str, employer: str, role: str) -> Row:
    """A planted leaver (resigned; not on the March 2025 staff list, like every leaver)."""
    row: Row = {"person": person, "left": _d(left), "reason": "Resignation", "employer": employer, "role": role}
    return b.add("leavers", row)


def _company(b: _Builder, name: str, number: str, incorporated: str) -> Row:
    row: Row = {"name": name, "number": number, "category": "Private Limited Company", "incorporated": _d(incorporated)}
    return b.add("companies", row)


def _plant_r022(b: _Builder, who: Iterable[Person]) -> None:
    """Revolving door: members of staff who left in the period to join a supplier (the leavers file)."""
    it = iter(who)
    p = next(it)
    supplier = "Tolchurch Telematics Ltd"
    c = b.case(
        "R022-T1",
        "R022",
        "flag",
        p,
        supplier,
        "evaluated the telematics contract awarded on 20/05/2024, then left on 28/02/2025 (284 days later) to join "
        "the supplier, written 'TOLCHURCH TELEMATICS' in the leavers file",
    )
    award = _contract(
        b,
        None,
        supplier,
        "Vehicle telematics and tracking",
        "2024-05-20",
        value=145000.0,
        route="Open tender",
        department="Fleet Services",
        tender="2024-02-26",
    )
    _add_role(b, c, award, p.with_rank, "Evaluator")
    _leaver(b, p, "2025-02-28", "TOLCHURCH TELEMATICS", "Account Manager (emergency services)")

    p = next(it)
    supplier = "Froom Valley Fencing Ltd"
    c = b.case(
        "R022-D1",
        "R022",
        "no_flag",
        p,
        supplier,
        "evaluated the fencing contract awarded on 04/12/2023 and left on 31/01/2025 to join the supplier: 424 days "
        "after the award, outside the 365-day window",
    )
    award = _contract(
        b,
        None,
        supplier,
        "Perimeter fencing, training centre",
        "2023-12-04",
        value=58000.0,
        route="Open tender",
        department="Estates & Facilities",
    )
    _add_role(b, c, award, p.with_rank, "Evaluator")
    _leaver(b, p, "2025-01-31", "Froom Valley Fencing Limited", "Contracts Manager")

    p, budget_holder = next(it), next(it)
    supplier = "Bulbarrow Consulting Ltd"
    c = b.case(
        "R022-D2",
        "R022",
        "no_flag",
        p,
        supplier,
        "left on 14/03/2025 to join a supplier whose contract was awarded on 11/11/2024, but had no role on it",
    )
    award = _contract(
        b,
        c,
        supplier,
        "Finance change programme support",
        "2024-11-11",
        value=72000.0,
        route="Mini-competition (framework)",
        department="Finance",
    )
    _add_role(b, None, award, budget_holder.name, "Budget holder")
    _leaver(b, p, "2025-03-14", "Bulbarrow Consulting", "Associate Consultant")


def _plant_r023(b: _Builder) -> None:
    """New companies winning work: incorporation dates from the Companies House extract."""
    approver = "Helen Marsh (approver)"
    supplier = "Wintoncester Digital Forensics Ltd"
    c = b.case(
        "R023-T1",
        "R023",
        "flag",
        approver,
        supplier,
        "awarded 24/02/2025, 231 days after Companies House incorporated the company (08/07/2024)",
    )
    _contract(
        b,
        c,
        supplier,
        "Mobile phone data extraction",
        "2025-02-24",
        value=86000.0,
        route="Open tender",
        department="Major Crime",
        company_number="15823047",
        tender="2024-12-02",
    )
    _company(b, "WINTONCESTER DIGITAL FORENSICS LTD", "15823047", "2024-07-08")

    supplier = "Ashbury Imaging Ltd"
    c = b.case(
        "R023-D1",
        "R023",
        "no_flag",
        approver,
        supplier,
        "awarded 20/01/2025, 405 days after incorporation (12/12/2023): over a year old",
    )
    _contract(
        b,
        c,
        supplier,
        "CCTV image enhancement",
        "2025-01-20",
        value=38500.0,
        department="Major Crime",
        company_number="15342118",
    )
    _company(b, "ASHBURY IMAGING LIMITED", "15342118", "2023-12-12")

    supplier = "Quartershot Interpreting Ltd"
    c = b.case(
        "R023-D2",
        "R023",
        "no_flag",
        approver,
        supplier,
        "awarded 10/03/2025, but incorporated 14 days later (24/03/2025): a date to check, not a new company winning",
    )
    _contract(
        b,
        c,
        supplier,
        "Interpreting for custody interviews",
        "2025-03-10",
        value=18000.0,
        department="Criminal Justice",
    )
    _company(b, "QUARTERSHOT INTERPRETING LTD", "16311870", "2025-03-24")


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
        _write_roles(force, out),
        *_write_cards(force, out),
        *_write_gifts(force, out),
        _write_interests(force, out),
        _write_payments(force, out),
        _write_staff(force, out),
        _write_leavers(force, out),
        _write_companies(force, out),
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
    lines: list[list[Any]] = [["Staff Number", "Full Name", "Rank/Grade", "Department"]]
    for p in sorted(_current_staff(force), key=lambda p: p.staff_id):
        lines.append([p.staff_id, p.name, p.role, p.department])
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
}
