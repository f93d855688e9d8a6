"""The public-body list: which offerors the gifts rules leave out, from real names both ways, and how it is set.

Names marked "real" are as written in ../shared/realdata (devon: Devon County Council's spend files; ministers:
the Ministers' gifts and hospitality register; commons: the House of Commons register of interests).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import Q1, ROOT, RuleHarness, d, name_id, stage

from xref.config import DEFAULT_PUBLIC_BODIES, Policy, build_config
from xref.public_bodies import KINDS, PublicBodies, default_patterns, listed, normalise
from xref.rules import RuleRun, load_rules, public_body_exemptions
from xref.staging import PUBLIC_BODY_OFFERORS

DEFAULT = PublicBodies(DEFAULT_PUBLIC_BODIES)

PUBLIC = [
    ("Devon County Council", "* County Council"),
    ("Exeter City Council", "* City Council"),
    ("EXETER CITY COUNCIL (FINANCE)", "* City Council"),  # real (devon): an account name in brackets
    ("London Borough of Camden", "London Borough of *"),
    ("LONDON BOROUGH OF SOUTHWARK", "London Borough of *"),  # real (devon)
    ("Torbay Council", "Torbay Council"),  # a bare "<place> Council": listed by name
    ("CORNWALL COUNCIL", "Cornwall Council"),  # real (devon)
    ("New Forest Council", "New Forest Council"),  # real (ministers): the short name, not the official one
    ("City of York Council", "City of * Council"),  # real (commons)
    ("AXMINSTER TOWN COUNCIL", "* Town Council"),  # real (devon)
    ("Greater Manchester Combined Authority", "* Combined Authority"),  # real (ministers)
    ("NHS Devon Integrated Care Board", "NHS *"),
    ("NHS DEVON ICB", "NHS *"),  # real (devon)
    ("Royal Devon University Healthcare NHS Foundation Trust", "* NHS Foundation Trust"),
    ("NORTH BRISTOL N H S TRUST", "* NHS Trust"),  # real (devon): spaced initials
    ("Devon and Cornwall Police", "* Police"),
    ("West Yorkshire Police", "* Police"),  # real (ministers)
    ("Avon and Somerset Constabulary", "* Constabulary"),
    ("Office of the Police and Crime Commissioner for Devon", "* Police and Crime Commissioner*"),
    ("Police and Crime Commissioner for Devon and Cornwall", "* Police and Crime Commissioner*"),
    ("Police Service Northern Ireland", "Police Service Northern Ireland"),  # real (ministers)
    ("College of Policing", "College of Policing"),
    ("College of Policing Ltd", "College of Policing Ltd"),  # a public body that is a company: named with its Ltd
    ("National Police Chiefs' Council", "National Police Chiefs' Council"),
    ("DEVON&SOMERSET FIRE & RESCUE", "* Fire and Rescue"),  # real (devon)
    ("Home Office", "Home Office"),
    ("HMRC", "HMRC"),
    ("H M REVENUE & CUSTOMS", "HM Revenue and Customs"),  # real (devon)
    ("H M R C (070 PB 2926)", "HMRC"),  # real (devon)
    ("Ministry of Justice", "Ministry of Justice"),
    ("Crown Prosecution Service", "Crown Prosecution Service"),
    ("The Home Office", "Home Office"),
    ("INFORMATION COMMISSIONER THE", "Information Commissioner"),  # real (devon)
]

NOT_PUBLIC = [
    "British Council",  # a public body, but it sells (IELTS, English teaching): see public_bodies.csv
    "Football Association",
    "Institute of Directors",
    "Chartered Institute of Purchasing Council",
    "Retail Motor Industry Federation",
    "The Commission for Sport Ltd",
    "Local Government Association",  # real (devon): a membership body of councils
    "LOCAL GOVERNMENT ASSOCIATION",
    "County Councils Network",  # real (devon)
    "District Council Network",  # real (ministers)
    "London Councils",  # real (devon)
    "Energy Saving Trust",
    "Diabetes UK",
    "Council of Mortgage Lenders",
    "Chartered Council Services Ltd",
    "Betting and Gaming Council",  # real (ministers)
    "Bar Council of England and Wales",  # real (ministers)
    "FIELD STUDIES COUNCIL",  # real (devon)
    "International Cricket Council",  # real (ministers)
    "Council of Europe",  # real (ministers)
    "NHS Confederation",  # real (ministers): an exception to "NHS *"
    "N H S PROPERTY SERVICES LIMITED",  # real (devon): an NHS-owned company, a supplier
    "NHS Professionals Ltd",
    "Police Federation of England and Wales (PFEW)",  # real (ministers): a staff association
    "Devon and Cornwall Police Federation",
    "Port of London Authority",  # real (ministers)
    "Office of the Police and Crime Commissioner Ltd",
    "Acme Police Supplies Ltd",
    "St Mary's PCC",  # a parochial church council
    "",
]


@pytest.mark.parametrize(("name", "entry"), PUBLIC)
def test_public_bodies_are_on_the_list(name: str, entry: str) -> None:
    match = DEFAULT.match(name)
    assert match is not None, name
    assert match.written == entry


@pytest.mark.parametrize("name", NOT_PUBLIC)
def test_look_alikes_are_not(name: str) -> None:
    assert DEFAULT.match(name) is None


def test_normalising_names_and_patterns() -> None:
    assert normalise("H.M. Revenue & Customs") == "hm revenue and customs"
    assert normalise("PLYMOUTH CITY COUNCIL (GENERAL AC") == "plymouth city council"  # a bracket cut off
    assert normalise("* Police and Crime Commissioner*", keep_stars=True) == "* police and crime commissioner*"
    assert normalise("Plan B Ltd") == "plan b ltd"  # a lone initial stays a word


def test_wildcards_are_whole_names_and_nothing_else_is_special() -> None:
    bodies = PublicBodies(["* Council", "100% Trust", "Wessex_Police", "A*E"])
    assert bodies.match("Torbay Council") is not None
    assert bodies.match("Councillors Ltd") is None and bodies.match("Council of Mortgage Lenders") is None
    assert bodies.match("Xcouncil") is None  # "* " is a whole word or more
    assert bodies.match("1000 Trust") is None  # % is text, not SQL's any-text
    assert bodies.match("Wessex Police") is not None  # _ is punctuation, read as a space
    assert bodies.match("WessexXPolice") is None  # ...not SQL's any-character
    assert bodies.match("Azure Blaze") is not None and bodies.match("Azure Blaze Ltd") is None


def test_exceptions_and_the_first_entry_are_what_is_reported() -> None:
    bodies = PublicBodies(["NHS *", "* NHS Trust", "!NHS Confederation"])
    assert bodies.match("NHS Confederation") is None
    assert bodies.match("NHS Devon NHS Trust").written == "NHS *"  # type: ignore[union-attr]
    entry = bodies.match("NHS England")
    assert entry is not None and (entry.kind, entry.source) == (
        "nhs",
        next(r.source for r in listed() if r.pattern == "NHS *"),
    )
    own = PublicBodies(["Wessex Youth Offending Team"]).match("WESSEX YOUTH OFFENDING TEAM")
    assert own is not None and own.kind == "configured"


def test_the_embedded_list_is_documented_and_consistent() -> None:
    rows = listed()
    assert len(rows) > 400
    assert {r.kind for r in rows} <= set(KINDS)
    assert all(r.pattern and r.source for r in rows)
    keys = [(r.kind == "not_public_body", normalise(r.pattern, keep_stars=True)) for r in rows]
    assert len(keys) == len(set(keys)), "an entry is listed twice"
    # every named body is matched by its own entry (no exception or earlier pattern hides it)
    for r in rows:
        if "*" not in r.pattern and r.kind != "not_public_body":
            entry = DEFAULT.match(r.pattern)
            assert entry is not None, r.pattern
    # Trafford's and Oxford's files are held out to test on: no entry was taken from them
    assert not [r for r in rows if "realdata/trafford" in r.source or "realdata/oxford" in r.source]
    assert default_patterns() == DEFAULT_PUBLIC_BODIES
    text = (ROOT / "xref" / "data" / "public_bodies.csv").read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if not line.startswith("#"))
    assert next(csv.reader([header])) == ["pattern", "kind", "source"]


def test_xref_toml_adds_to_or_replaces_the_list(tmp_path: Path) -> None:
    cfg = tmp_path / "xref.toml"
    cfg.write_text('[policy]\npublic_body_offerors_extra = ["British Council", "!Wessex Police"]\n', "utf-8")
    policy = build_config(config_path=cfg, cli_files={}).policy
    bodies = policy.params()["public_bodies"]
    assert bodies[: len(DEFAULT_PUBLIC_BODIES)] == list(DEFAULT_PUBLIC_BODIES)
    assert bodies[len(DEFAULT_PUBLIC_BODIES) :] == ["British Council", "!Wessex Police"]
    extended = PublicBodies(bodies)
    assert extended.match("British Council") is not None and extended.match("Devon County Council") is not None
    assert extended.match("Wessex Police") is None and extended.match("Dorset Police") is not None
    cfg.write_text(
        '[policy]\npublic_body_offerors = ["* Constabulary"]\npublic_body_offerors_extra = ["Home Office"]\n'
    )
    replaced = PublicBodies(build_config(config_path=cfg, cli_files={}).policy.public_bodies())
    assert [e.written for e in replaced.entries] == ["* Constabulary", "Home Office"]
    assert replaced.match("Devon County Council") is None
    assert Policy().public_bodies() == list(DEFAULT_PUBLIC_BODIES)


# ---------------------------------------------------------------- in the rules, and in the report


def _r001(h: RuleHarness, offeror: str, supplier: str) -> object:
    tables = {
        "gifts": stage(
            "gifts",
            [
                {
                    "entry_id": "G-1",
                    "offer_date": d("2025-01-05"),
                    "recipient": "Jane Smith",
                    "offeror": offeror,
                    "status": "accepted",
                    "value": 85.0,
                }
            ],
        ),
        "contracts": stage(
            "contracts",
            [{"contract_id": "C-1", "supplier_name": supplier, "award_date": d("2025-02-14"), "value": 50_000.0}],
        ),
    }
    pair = (name_id("gifts", offeror), name_id("contracts", supplier), 97.0, "auto")
    return h.run("R001", tables, [pair])


def test_a_council_lookalike_is_flagged_and_a_council_is_left_out_and_reported(harness: RuleHarness) -> None:
    flagged = _r001(harness, "Council of Mortgage Lenders", "Council of Mortgage Lenders Ltd")
    assert flagged.height == 1  # type: ignore[attr-defined]
    assert harness.db.table(PUBLIC_BODY_OFFERORS).is_empty()

    exempt = _r001(harness, "Devon County Council", "DEVON COUNTY COUNCIL")
    assert exempt.is_empty()  # type: ignore[attr-defined]
    assert harness.db.table(PUBLIC_BODY_OFFERORS).rows() == [
        (
            "Devon County Council",
            "* County Council",
            "local_authority",
            next(r.source for r in listed() if r.pattern == "* County Council"),
        )
    ]
    rule = next(r for r in load_rules() if r.rule_id == "R001")
    report = public_body_exemptions(harness.db, Q1, [RuleRun(rule, rule.values(), exempt)])  # type: ignore[arg-type]
    assert report["rules"] == ["R001"]
    assert (report["offers"], report["linked_to_a_supplier"]) == (1, 1)
    assert report["by_entry"] == [
        {"pattern": "* County Council", "kind": "local_authority", "offers": 1, "linked_to_a_supplier": 1}
    ]
    (offer,) = report["linked_offers"]
    assert (offer["gift_ref"], offer["pattern"], offer["linked_suppliers"], offer["contract_refs"]) == (
        "G-1",
        "* County Council",
        "DEVON COUNTY COUNCIL",
        "C-1",
    )


def test_every_gifts_rule_reads_the_one_list() -> None:
    rules = {r.rule_id: r for r in load_rules()}
    assert sorted(r for r, rule in rules.items() if rule.uses_public_bodies) == [
        "R001",
        "R002",
        "R003",
        "R004",
        "R005",
        "R006",
        "R007",
        "R021",
    ]
    assert not [r for r, rule in rules.items() if "$public_bodies" in rule.sql]
