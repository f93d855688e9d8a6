"""The background of the sample force: its staff and its large, ordinary records (:mod:`xref.sample`).

Real supplier names (``xref/data/sample_suppliers.csv``) are split into disjoint pools so that no background
record links across registers, and every single-register rule stays quiet on them at its default settings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from xref.sample.model import (
    CARD_DESCRIPTIONS,
    CARD_MERCHANTS,
    CARD_PLACES,
    CARDS_FROM,
    CHARITIES,
    CLUBS,
    CONTRACT_THINGS,
    CONTRACT_TOPICS,
    DEPARTMENTS,
    GIFT_ITEMS,
    HISTORY_FROM,
    HOSPITALITY_MCCS,
    INTEREST_KINDS,
    INTEREST_PLACES,
    INTEREST_STATUS,
    MEMBER_OF_PUBLIC,
    OFFICER_RANKS,
    PAYMENT_EXPENSES,
    PERIOD_TO,
    PLANTED_PEOPLE,
    PUBLIC_BODY_OFFERORS,
    ROUTES,
    STAFF_GRADES,
    SUPPLIER_MCCS,
    TRADES,
    Person,
    _add_role,
    _Builder,
    _read_data_csv,
)


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
