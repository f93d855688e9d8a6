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
