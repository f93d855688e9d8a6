"""The planted cases: per rule, the true conflicts it must flag and the look-alike decoys it must not.

Each ``_plant_rNNN`` adds its cases' records with the helpers of :mod:`xref.sample.model` and records each case
(``planted.csv``, checked by ``tests/test_e2e.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from xref.sample.model import (
    DEPARTMENTS,
    MEMBER_OF_PUBLIC,
    PERIOD,
    Case,
    Person,
    _add_role,
    _Builder,
    _card,
    _company,
    _contract,
    _gift,
    _interest,
    _leaver,
    _names,
    _officer,
    _payment,
    _psc,
    _share_surname,
)


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
    _plant_officers(b, who)
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


def _month_after(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _plant_officers(b: _Builder, who: Iterable[Person]) -> None:
    """R027-R029: staff who are company officers or PSCs of suppliers (Companies House files), and decoys.

    The officer lists are written as the Companies House API returns them (one JSON file per company) and one flat
    CSV, the PSCs as lines of the bulk snapshot; each company also has officers who are not staff, and the files hold
    what Companies House publishes beside people (a corporate secretary, a corporate PSC, a statement) for xref to
    quarantine. Company numbers are made up.
    """
    it = iter(who)
    ch = "Henchard, Michael"  # officers who are no one on the staff list
    p = next(it)
    supplier, number = "Sherton Abbas Security Systems Ltd", "11223344"
    c = b.case(
        "R027-T1",
        "R027",
        "flag",
        p,
        supplier,
        "director at Companies House (listed with a middle name, same month of birth) of a supplier whose "
        "contract they evaluated; no interest declared",
    )
    award = _contract(b, c, supplier, "Intruder alarm maintenance", "2024-10-07", value=96000.0, company_number=number)
    _add_role(b, None, award, p.with_rank, "Evaluator")
    _officer(b, None, number, ch.upper(), "director", "2009-03-12", born=dt.date(1961, 4, 1))
    _officer(b, c, number, f"{p.last.upper()}, {p.first} Morgan", "director", "2021-06-01", born=p.born)
    _officer(b, None, number, "SHERTON NOMINEES LIMITED", "corporate-secretary", "2009-03-12")
    _psc(b, None, number, "persons-with-significant-control-statement", "", "2016-04-06")

    p = next(it)
    supplier, number = "Stickleford Catering Supplies Ltd", "10987654"
    c = b.case(
        "R027-T2",
        "R027",
        "flag",
        p,
        supplier,
        "person with significant control (PSC snapshot, same month of birth) of a supplier paid in the quarter; no "
        "interest declared; the payments name no company number, the companies extract links the name",
    )
    _payment(b, c, supplier.upper(), "2025-01-21", 1840.00, department="Estates & Facilities", expense="Catering")
    _payment(b, c, supplier.upper(), "2025-03-04", 2215.50, department="Estates & Facilities", expense="Catering")
    _company(b, "STICKLEFORD CATERING SUPPLIES LIMITED", number, "2012-03-01")
    _psc(
        b,
        c,
        number,
        "individual-person-with-significant-control",
        f"Mrs {p.first} {p.last}",
        "2016-04-06",
        title="Mrs",
        forename=p.first,
        surname=p.last,
        natures=("ownership-of-shares-25-to-50-percent", "voting-rights-25-to-50-percent"),
        born=p.born,
    )
    _psc(b, None, number, "corporate-entity-person-with-significant-control", "Stickleford Holdings Ltd", "2016-04-06")

    p = next(it)
    supplier, number = "Puddletown Plumbing & Heating Ltd", "08765432"
    c = b.case(
        "R027-T3",
        "R027",
        "flag",
        p,
        supplier,
        "company secretary of a contracted supplier, in a CSV of officers with no month of birth: a name-only match, "
        "one band lower, and it says so",
    )
    _contract(b, c, supplier, "Boiler servicing, rural stations", "2024-07-15", value=38000.0, company_number=number)
    _officer(b, c, number, f"{p.last.upper()}, {p.first}", "secretary", "2018-01-09", form="csv",
             company_name=supplier.upper())  # fmt: skip

    p = next(it)
    supplier, number = "Weatherbury Waste Management Ltd", "07654321"
    c = b.case(
        "R027-D1",
        "R027",
        "no_flag",
        p,
        supplier,
        "a director with the same name as a member of staff but born a month later: someone else",
    )
    _contract(b, c, supplier, "Confidential waste collection", "2024-05-20", value=54000.0, company_number=number)
    _officer(b, c, number, f"{p.last.upper()}, {p.first}", "director", "2015-09-30", born=_month_after(p.born))

    p = next(it)
    supplier, number = "Chalk Newton Joinery Ltd", "06543210"
    c = b.case(
        "R027-D2",
        "R027",
        "no_flag",
        p,
        supplier,
        "a director of a contracted supplier who resigned on 30/11/2024, before the quarter",
    )
    _contract(b, c, supplier, "Custody suite joinery", "2024-03-11", value=47000.0, company_number=number)
    _officer(b, c, number, f"{p.last.upper()}, {p.first}", "director", "2017-02-01", resigned="2024-11-30",
             born=p.born)  # fmt: skip

    p = next(it)
    supplier, number = "Nuttlebury Print Ltd", "05432109"
    c19 = b.case(
        "R019-T6",
        "R019",
        "flag",
        p,
        supplier,
        "declared, approved directorship of a contracted supplier (Companies House agrees: R027's decoy)",
    )
    award = _contract(
        b, c19, supplier, "Printed forms and leaflets", "2024-06-03", value=31000.0, company_number=number
    )
    _interest(b, c19, p, supplier, "Director", "Approved", "2024-09-02")
    c = b.case(
        "R027-D3",
        "R027",
        "no_flag",
        p,
        supplier,
        "director at Companies House of a contracted supplier, with the directorship declared",
    )
    b.link(award, c, "contract_ref")
    _officer(b, c, number, f"{p.last.upper()}, {p.first}", "director", "2020-11-16", born=p.born)

    p = next(it)
    org, number = "Egdon Ecology Consultants Ltd", "04321098"
    c = b.case(
        "R028-T1",
        "R028",
        "flag",
        p,
        org,
        "declares a current directorship that Companies House shows ended on 30/06/2024",
    )
    _interest(b, c, p, org, "Director", "Approved", "2024-09-02")
    _officer(b, c, number, f"{p.last.upper()}, {p.first}", "director", "2016-05-03", resigned="2024-06-30",
             born=p.born, form="csv", company_name=org.upper())  # fmt: skip

    p = next(it)
    org, number = "Mistover Books Ltd", "03210987"
    c = b.case(
        "R028-D1",
        "R028",
        "no_flag",
        p,
        org,
        "declares a directorship that Companies House agrees with (director, current)",
    )
    _interest(b, c, p, org, "Director", "Approved", "2024-10-14")
    _officer(b, c, number, f"{p.last.upper()}, {p.first}", "director", "2019-08-19", born=p.born, form="csv",
             company_name=org.upper())  # fmt: skip

    p = next(it)
    supplier, number = "Mellstock Training Partners Ltd", "02109876"
    c = b.case(
        "R029-T1",
        "R029",
        "flag",
        p,
        supplier,
        "evaluated the contract awarded on 16/09/2024, then became a director of the supplier on 03/02/2025 "
        "(140 days later)",
    )
    award = _contract(b, c, supplier, "Public order training", "2024-09-16", value=88000.0, company_number=number)
    _add_role(b, None, award, p.with_rank, "Evaluator")
    _officer(b, c, number, f"{p.last.upper()}, {p.first}", "director", "2025-02-03", born=p.born)
    _officer(b, None, number, "FARFRAE, Donald", "director", "2011-07-04", born=dt.date(1970, 9, 1))
    b.also(c, "R027-T4", "R027", "flag", "R029-T1's new directorship of a supplier with a live contract, undeclared")

    p = next(it)
    supplier, number = "Kingsbere Surveying Ltd", "01098765"
    c = b.case(
        "R029-D1",
        "R029",
        "no_flag",
        p,
        supplier,
        "became a director on 10/03/2025 of a supplier whose contract they evaluated, but that was awarded on "
        "01/11/2023: 495 days before, outside the 365-day window (the contract ended 31/12/2024)",
    )
    award = _contract(b, c, supplier, "Building condition surveys", "2023-11-01", value=26000.0,
                      company_number=number, end="2024-12-31")  # fmt: skip
    _add_role(b, None, award, p.with_rank, "Evaluator")
    _officer(b, c, number, f"{p.last.upper()}, {p.first}", "director", "2025-03-10", born=p.born)


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
