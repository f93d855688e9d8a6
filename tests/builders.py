"""Row builders for the rule tests: one register row with a fictional force's usual values, any field overridden.

``contract(value=1_000.0)`` is a contract of the defaults below with that value. A test file that wants other
defaults makes its own builder: ``contract = builder("contracts", route="Open tender")``.
"""

from __future__ import annotations

from collections.abc import Callable

from conftest import d

ACME = "Acme Facilities Management Limited"

DEFAULTS: dict[str, dict[str, object]] = {
    "contracts": {
        "contract_id": "C-1",
        "supplier_name": ACME,
        "award_date": d("2025-02-14"),
        "value": 249_500.0,
        "title": "Cleaning services",
    },
    "gifts": {
        "entry_id": "G-1",
        "offer_date": d("2025-01-05"),
        "recipient": "Smith, Jane",
        "offeror": "Acme Facilities",
        "description": "Dinner",
        "value": 85.0,
        "status": "accepted",
        "status_raw": "Accepted",
        "kind": "hospitality",
    },
    "cards": {
        "transaction_id": "T-1",
        "transaction_date": d("2025-02-20"),
        "merchant_name": "ACME FACILITIES",
        "amount": 620.0,
        "cardholder": "JANE SMITH",
    },
    "interests": {
        "entry_id": "I-1",
        "staff": "Jane Smith",
        "organisation": "Acme Facilities Ltd",
        "role": "Director",
        "status": "approved",
        "status_raw": "Approved",
    },
    "payments": {
        "payment_id": "P-1",
        "payment_date": d("2024-06-01"),
        "supplier_name": "Acme Facilities Management Ltd",
        "amount": 1_200.0,
    },
    "contract_roles": {"contract_id": "C-1", "staff": "Jane Smith", "role": "Evaluator"},
}


def builder(register: str, **defaults: object) -> Callable[..., dict[str, object]]:
    """A builder of ``register`` rows: :data:`DEFAULTS`, then ``defaults``, then the call's own fields."""
    base = {**DEFAULTS[register], **defaults}

    def build(**fields: object) -> dict[str, object]:
        return {**base, **fields}

    build.__name__ = register
    return build


contract = builder("contracts")
gift = builder("gifts")
card = builder("cards")
interest = builder("interests")
payment = builder("payments")
role = builder("contract_roles")
