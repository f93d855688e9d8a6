"""People are matched exactly after removing ranks/titles and name order — never fuzzily."""

from __future__ import annotations

import polars as pl
import pytest

from xref.people import person_key, resolve_people


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Smith, Jane", "jane smith"),
        ("DS JANE SMITH", "jane smith"),
        ("Det Supt Jane Smith", "jane smith"),
        ("Mrs. Jane  Smith", "jane smith"),
        ("Jane Smith (Finance)", "jane smith"),
        ("O'Brien, Sean", "sean obrien"),
        ("J Smith", "j smith"),  # an initial stays an initial: not Jane Smith
        ("PC", None),
        ("", None),
    ],
)
def test_person_key(raw: str, key: str | None) -> None:
    assert pl.DataFrame({"p": [raw]}).select(person_key("p")).item() == key


def test_resolve_people_by_staff_number_and_unique_name() -> None:
    staff = pl.DataFrame(
        {
            "staff_id": ["P100", "P200", "P300", "P301"],
            "staff_id_key": ["P100", "P200", "P300", "P301"],
            "name_key": ["jane smith", "john brown", "sam lee", "sam lee"],
        }
    )
    rows = pl.DataFrame({"cardholder": ["DS Jane Smith", "p200", "Sam Lee", "Ann Other"]}).with_columns(
        person_key("cardholder").alias("cardholder_key")
    )
    out = resolve_people(rows, "cardholder", staff)
    assert out["cardholder_staff_id"].to_list() == ["P100", "P200", None, None]
    # Two Sam Lees on the staff list: neither is guessed; the key stays the name.
    assert out["cardholder_key"].to_list() == ["staff:P100", "staff:P200", "sam lee", "ann other"]


def test_without_a_staff_list_the_key_is_the_name() -> None:
    rows = pl.DataFrame({"recipient": ["Smith, Jane"]}).with_columns(person_key("recipient").alias("recipient_key"))
    out = resolve_people(rows, "recipient", None)
    assert out["recipient_key"].to_list() == ["jane smith"]
    assert out["recipient_staff_id"].to_list() == [None]


def test_every_person_column_is_resolved_against_the_staff_list(tmp_path) -> None:
    # R009 compares a gift's approver with its recipient: both must point at the same staff-list entry.
    from xref.config import build_config
    from xref.ingest import load_inputs

    (tmp_path / "staff.csv").write_text("Staff Number,Name\nP123,Jane Smith\nP456,John Brown\n", encoding="utf-8")
    (tmp_path / "gifts.csv").write_text(
        "Date of Offer,Recipient,Offered By,Value,Approved By\n"
        '05/01/2025,P123,Acme Ltd,£50,"SMITH, Jane"\n'
        "06/01/2025,Jane Smith,Acme Ltd,£50,John Brown\n",
        encoding="utf-8",
    )
    config = build_config(
        config_path=None, cli_files={"gifts": (tmp_path / "gifts.csv",), "staff": (tmp_path / "staff.csv",)}
    )
    gifts = load_inputs(config).tables["gifts"]
    assert gifts["recipient_key"].to_list() == ["staff:P123", "staff:P123"]
    assert gifts["approver_key"].to_list() == ["staff:P123", "staff:P456"]
