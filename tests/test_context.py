"""Case-card context: the flagged person's other G&H, the supplier's G&H to others, contracts, spend, interests."""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import pytest
from conftest import SampleStages, d, name_id, stage

from xref.context import flag_context, window_start
from xref.flags import FLAG_COLUMNS
from xref.schemas import REGISTERS

END = d("2025-03-31")
JANE = "jane smith"


def names_of(tables: dict[str, pl.DataFrame], suppliers: dict[str, str]) -> pl.DataFrame:
    """The matcher's names for every supplier text in ``tables``; ``suppliers`` maps a text to its supplier id."""
    rows = []
    for register, frame in tables.items():
        fld = REGISTERS[register].supplier_field
        if fld:
            for raw in sorted(set(frame[fld].drop_nulls().to_list())):
                rows.append(
                    {"name_id": name_id(register, raw), "source": register, "raw": raw, "supplier_id": suppliers[raw]}
                )
    return pl.DataFrame(rows, schema={"name_id": pl.Utf8, "source": pl.Utf8, "raw": pl.Utf8, "supplier_id": pl.Utf8})


def flag(fid: str = "F1", **kw: object) -> dict[str, object]:
    row: dict[str, object] = {k: None for k in FLAG_COLUMNS}
    row.update(flag_id=fid, rule_id="R006", staff="Jane Smith", staff_key=JANE, supplier="Acme Ltd", evidence=[])
    row.update(kw)
    return row


def flags_of(*rows: dict[str, object]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=FLAG_COLUMNS)


def gift(ref: str, date: str, offeror: str, recipient: str | None = "Jane Smith", **kw: Any) -> dict[str, Any]:
    return {
        "entry_id": ref,
        "offer_date": d(date),
        "offeror": offeror,
        "recipient": recipient,
        "description": f"dinner {ref}",
        "value": 50.0,
        "status": "accepted",
        **kw,
    }


SUPPLIERS = {"Acme Ltd": "S1", "ACME LIMITED": "S1", "Acme": "S1", "Other Co": "S2"}


def context(tables: dict[str, pl.DataFrame], *rows: dict[str, object], **kw: Any) -> dict[str, dict[str, Any]]:
    return flag_context(tables, names_of(tables, SUPPLIERS), flags_of(*rows), END, **kw)


def refs(section: dict[str, Any]) -> list[str]:
    return [i["ref"] for i in section["items"]]


def test_window_is_the_months_up_to_the_period_end() -> None:
    assert window_start(d("2025-03-31"), 24) == d("2023-04-01")
    assert window_start(d("2025-01-15"), 1) == d("2024-12-16")
    assert window_start(d("2024-02-29"), 24) == d("2022-03-01")  # 28 Feb 2022 is the same date 24 months earlier
    assert window_start(d("2025-03-31"), 1) == d("2025-03-01")  # no 31 Feb: clamped to 28 Feb


def test_own_evidence_is_excluded_from_the_persons_offers() -> None:
    gifts = stage(
        "gifts",
        [
            gift("G-1", "2025-01-10", "Acme Ltd"),
            gift("G-2", "2025-02-10", "Acme Ltd"),
            gift("G-3", "2024-06-01", "Acme Ltd", status="declined"),
            gift("G-4", "2024-05-01", "Other Co"),
            gift("G-5", "2024-05-01", "Other Co", recipient="Bob Jones"),
        ],
    )
    ctx = context({"gifts": gifts}, flag(evidence=["gifts.csv:2", "gifts.csv:3"]))["F1"]
    offers = ctx["person_offers"]
    assert refs(offers) == ["G-3", "G-4"]
    assert (offers["total"], offers["accepted"], offers["declined"]) == (2, 1, 1)
    assert offers["items"][0] == {
        "date": "2024-06-01",
        "offeror": "Acme Ltd",
        "description": "dinner G-3",
        "value": 50.0,
        "status": "declined",
        "ref": "G-3",
    }


def test_window_edge_counts_the_first_day_and_not_the_day_before() -> None:
    gifts = stage(
        "gifts",
        [
            gift("IN-FIRST", "2023-04-01", "Other Co"),
            gift("OUT-BEFORE", "2023-03-31", "Other Co"),
            gift("IN-LAST", "2025-03-31", "Other Co"),
            gift("OUT-AFTER", "2025-04-01", "Other Co"),
        ],
    )
    cards = stage(
        "cards",
        [
            {"transaction_date": d("2023-03-31"), "merchant_name": "Acme", "amount": 1.0},
            {"transaction_date": d("2023-04-01"), "merchant_name": "Acme", "amount": 2.0},
        ],
    )
    ctx = context({"gifts": gifts, "cards": cards}, flag(supplier="Acme"))["F1"]
    assert refs(ctx["person_offers"]) == ["IN-LAST", "IN-FIRST"]
    assert ctx["card_spend"]["count"] == 1
    assert ctx["card_spend"]["first_date"] == "2023-04-01"
    assert ctx["window"] == {"from": "2023-04-01", "to": "2025-03-31", "months": 24}
    # a shorter window moves the edge
    short = context({"gifts": gifts}, flag(), months=12)["F1"]
    assert refs(short["person_offers"]) == ["IN-LAST"]


def test_other_spellings_of_the_supplier_count_and_others_exclude_the_flagged_person() -> None:
    gifts = stage(
        "gifts",
        [
            gift("G-1", "2025-01-10", "Acme Ltd"),  # to Jane herself: not "to others"
            gift("G-2", "2025-01-11", "ACME LIMITED", recipient="Bob Jones"),
            gift("G-3", "2025-01-12", "Acme", recipient="Carol King", status="declined"),
            gift("G-4", "2025-01-13", "Acme", recipient=None),  # a team: someone other than Jane
            gift("G-5", "2025-01-14", "Other Co", recipient="Bob Jones"),  # another supplier
            gift("G-6", "2025-01-15", "ACME LIMITED", recipient="DS Jane Smith"),  # Jane, with her rank
        ],
    )
    ctx = context({"gifts": gifts}, flag())["F1"]
    others = ctx["supplier_offers_to_others"]
    assert refs(others) == ["G-4", "G-3", "G-2"]
    assert (others["total"], others["accepted"], others["declined"]) == (3, 2, 1)
    assert [i["recipient"] for i in others["items"]] == [None, "Carol King", "Bob Jones"]
    assert ctx["supplier_ids"] == ["S1"]
    # the flagged person's own offers from any supplier
    assert refs(ctx["person_offers"]) == ["G-6", "G-1"]


def test_contracts_spend_payments_and_interests_of_the_supplier() -> None:
    tables = {
        "contracts": stage(
            "contracts",
            [
                {"contract_id": "C-1", "supplier_name": "Acme Ltd", "award_date": d("2019-05-01"), "value": 1000.004},
                {"contract_id": "C-2", "supplier_name": "ACME LIMITED", "award_date": d("2024-05-01"), "value": 250.5},
                {"contract_id": "C-3", "supplier_name": "Other Co", "award_date": d("2024-05-01"), "value": 9.0},
                {"contract_id": "C-4", "supplier_name": "Acme", "award_date": d("2024-05-01"), "value": None},
            ],
        ),
        "cards": stage(
            "cards",
            [
                {
                    "transaction_date": d("2025-01-05"),
                    "merchant_name": "ACME",
                    "amount": 10.0,
                    "cardholder": "Jane Smith",
                },
                {
                    "transaction_date": d("2024-01-05"),
                    "merchant_name": "ACME",
                    "amount": 20.0,
                    "cardholder": "Bob Jones",
                },
                {"transaction_date": d("2025-01-05"), "merchant_name": "Other Co", "amount": 99.0},
            ],
        ),
        "payments": stage(
            "payments",
            [
                # the register's own supplier_id column must not be taken for the matcher's supplier id
                {"payment_date": d("2025-02-01"), "supplier_name": "Acme Ltd", "amount": 600.0, "supplier_id": "S2"},
                {"payment_date": d("2020-02-01"), "supplier_name": "Acme Ltd", "amount": 700.0},
            ],
        ),
        "interests": stage(
            "interests",
            [
                {"entry_id": "I-1", "staff": "Jane Smith", "organisation": "Acme Ltd", "status": "pending"},
                {
                    "entry_id": "I-2",
                    "staff": "Jane Smith",
                    "organisation": "Other Co",
                    "status": "approved",
                    "decision_date": d("2024-01-01"),
                    "review_due_date": d("2025-01-01"),
                },
                {"entry_id": "I-3", "staff": "Bob Jones", "organisation": "Acme Ltd", "status": "approved"},
            ],
        ),
    }
    suppliers = {**SUPPLIERS, "ACME": "S1"}
    ctx = flag_context(tables, names_of(tables, suppliers), flags_of(flag()), END)["F1"]
    assert ctx["contracts"] == {
        "count": 3,
        "total_value": 1250.5,
        "items": [
            {"ref": "C-2", "title": None, "value": 250.5, "award_date": "2024-05-01"},
            {"ref": "C-4", "title": None, "value": None, "award_date": "2024-05-01"},
            {"ref": "C-1", "title": None, "value": 1000.0, "award_date": "2019-05-01"},
        ],
    }
    assert ctx["card_spend"] == {
        "count": 2,
        "total": 30.0,
        "first_date": "2024-01-05",
        "last_date": "2025-01-05",
        "by_flagged_person": 1,
    }
    assert ctx["payments"] == {"count": 1, "total": 600.0}
    assert ctx["interests"] == [
        {
            "ref": "I-2",
            "organisation": "Other Co",
            "status": "approved",
            "decision_date": "2024-01-01",
            "review_due_date": "2025-01-01",
            "names_supplier": False,
        },
        {
            "ref": "I-1",
            "organisation": "Acme Ltd",
            "status": "pending",
            "decision_date": None,
            "review_due_date": None,
            "names_supplier": True,
        },
    ]
    limited = flag_context(tables, names_of(tables, suppliers), flags_of(flag()), END, limit=1)["F1"]
    assert limited["contracts"]["count"] == 3
    assert refs(limited["contracts"]) == ["C-2"]


def test_supplier_comes_from_the_match_pair_before_the_supplier_text() -> None:
    contracts = stage(
        "contracts",
        [
            {"contract_id": "C-1", "supplier_name": "Acme Ltd", "award_date": d("2024-05-01")},
            {"contract_id": "C-2", "supplier_name": "Other Co", "award_date": d("2024-05-01")},
        ],
    )
    tables = {"contracts": contracts}
    pair = [name_id("contracts", "Other Co")]
    ctx = context(tables, flag("F1", match_pair=pair), flag("F2"), flag("F3", supplier="Nobody We Know"))
    assert refs(ctx["F1"]["contracts"]) == ["C-2"]  # the pair wins over the text "Acme Ltd"
    assert refs(ctx["F2"]["contracts"]) == ["C-1"]
    assert ctx["F3"]["supplier_ids"] == []
    assert ctx["F3"]["contracts"] == {"count": 0, "total_value": 0.0, "items": []}


EMPTY_OFFERS = {"total": 0, "accepted": 0, "declined": 0, "items": []}
EMPTY_CARDS = {"count": 0, "total": 0.0, "first_date": None, "last_date": None, "by_flagged_person": 0}


def test_no_supplier_or_no_staff_gives_empty_sections() -> None:
    gifts = stage("gifts", [gift("G-1", "2025-01-10", "Acme Ltd"), gift("G-2", "2025-01-10", "Acme", "Bob Jones")])
    cards = stage("cards", [{"transaction_date": d("2025-01-05"), "merchant_name": "Acme", "amount": 5.0}])
    interests = stage("interests", [{"entry_id": "I-1", "staff": "Jane Smith", "organisation": "Acme Ltd"}])
    tables = {"gifts": gifts, "cards": cards, "interests": interests}
    ctx = context(tables, flag("NOSUP", supplier=None), flag("NOSTAFF", staff=None, staff_key=None))

    no_supplier = ctx["NOSUP"]
    assert no_supplier["supplier_ids"] == []
    assert no_supplier["supplier_offers_to_others"] == EMPTY_OFFERS
    assert no_supplier["contracts"] == {"count": 0, "total_value": 0.0, "items": []}
    assert no_supplier["card_spend"] == EMPTY_CARDS
    assert no_supplier["payments"] == {"count": 0, "total": 0.0}
    assert refs(no_supplier["person_offers"]) == ["G-1"]
    assert [i["names_supplier"] for i in no_supplier["interests"]] == [False]

    no_staff = ctx["NOSTAFF"]
    assert no_staff["person_offers"] == EMPTY_OFFERS
    assert no_staff["interests"] == []
    # with nobody flagged, every offer of the supplier is to "others"
    assert refs(no_staff["supplier_offers_to_others"]) == ["G-1", "G-2"]
    assert no_staff["card_spend"]["by_flagged_person"] == 0
    assert no_staff["card_spend"]["count"] == 1


def test_missing_registers_and_no_flags() -> None:
    names = names_of({}, SUPPLIERS)
    assert flag_context({}, names, flags_of(), END) == {}
    ctx = flag_context({}, names, flags_of(flag()), END)["F1"]
    assert ctx["person_offers"] == EMPTY_OFFERS
    assert ctx["card_spend"] == EMPTY_CARDS
    assert ctx["interests"] == []


def test_output_is_json_native_and_deterministic() -> None:
    gifts = stage(
        "gifts",
        [
            gift("G-2", "2025-01-10", "Other Co"),
            gift("G-1", "2025-01-10", "Other Co"),
            gift("G-3", "2025-02-10", "Acme", recipient="Bob Jones", value=12.346),
            gift("G-0", "2024-01-10", "Other Co"),
        ],
    )
    cards = stage("cards", [{"transaction_date": d("2025-01-05"), "merchant_name": "Acme", "amount": 5.0}])
    tables = {"gifts": gifts, "cards": cards}
    ctx = context(tables, flag("F1", supplier="Acme"), flag("F2", staff_key=None, supplier=None))
    assert list(ctx) == ["F1", "F2"]
    assert json.loads(json.dumps(ctx)) == ctx
    assert refs(ctx["F1"]["person_offers"]) == ["G-1", "G-2", "G-0"]  # date descending, then ref
    assert ctx["F1"]["supplier_offers_to_others"]["items"][0]["value"] == 12.35

    def native(value: object) -> bool:
        if isinstance(value, dict):
            return all(isinstance(k, str) and native(v) for k, v in value.items())
        if isinstance(value, list):
            return all(native(v) for v in value)
        return value is None or type(value) in (str, int, float, bool)

    assert native(ctx)
    shuffled = {k: v.sample(fraction=1.0, shuffle=True, seed=7) for k, v in tables.items()}
    again = context(shuffled, flag("F1", supplier="Acme"), flag("F2", staff_key=None, supplier=None))
    assert json.dumps(again, sort_keys=False) == json.dumps(ctx, sort_keys=False)


@pytest.mark.e2e
def test_r006_context_on_the_sample_data(sample_stages: SampleStages) -> None:
    config, match, flags, tables = sample_stages.config, sample_stages.match, sample_stages.flags, sample_stages.tables
    assert config.period_to is not None
    ctx = flag_context(tables, match.names, flags, config.period_to)
    assert set(ctx) == set(flags["flag_id"].to_list())
    assert json.loads(json.dumps(ctx)) == ctx

    r006 = flags.filter(pl.col("rule_id") == "R006").to_dicts()
    assert r006
    gifts = tables["gifts"]
    start = window_start(config.period_to, 24)
    for f in r006:
        card = ctx[f["flag_id"]]
        assert card["supplier_ids"]
        mine = gifts.filter(
            (pl.col("recipient_key") == f["staff_key"]) & pl.col("offer_date").is_between(start, config.period_to)
        )
        evidence = set(f["evidence"])
        own = mine.filter(pl.col("rec_id").is_in(list(evidence)))
        # the evidence is the person's own offers in the window (and, for a high flag, one contract)
        assert 0 < own.height == gifts.filter(pl.col("rec_id").is_in(list(evidence))).height
        offers = card["person_offers"]
        assert offers["total"] == mine.height - own.height
        assert not set(own["ref"].to_list()) & set(refs(offers))
        for section in (offers, card["supplier_offers_to_others"]):
            if section["total"] <= 10:
                assert section["total"] == len(section["items"])
            assert section["accepted"] + section["declined"] <= section["total"]
            dates = [i["date"] for i in section["items"]]
            assert dates == sorted(dates, reverse=True)
        assert f["staff"] not in [i["recipient"] for i in card["supplier_offers_to_others"]["items"]]
    emily = [f for f in r006 if f["supplier"] == "Bockhampton Uniform Supplies Ltd"]
    assert emily and "Emily Priestley" in emily[0]["staff"]
