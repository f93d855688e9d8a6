"""People are matched exactly after removing ranks/titles and name order — never fuzzily."""

from __future__ import annotations

import polars as pl
import pytest

from xref.people import identity_key, name_key, person_key, resolve_people


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


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("José Álvarez", "jose alvarez"),  # the accent folded, not the letter dropped ("jos")
        ("René Dupont", "rene dupont"),
        ("Re\u0301ne\u0301 Dupont", "rene dupont"),  # the accents written as combining marks
        ("\u041ekafor, Joy", "joy okafor"),  # a Cyrillic capital О for the Latin O
        ("J\u043ey \u039fk\u0430f\u03bfr", "joy okafor"),  # Cyrillic о and а, Greek Ο and ο
        ("Oka\u200bfor", "okafor"),  # a zero-width space inside the name
        ("\ufeffJane\u00a0Smith\u00ad", "jane smith"),  # a byte-order mark, a no-break space, a soft hyphen
        ("\uff2a\uff41\uff4e\uff45\u3000\uff33\uff4d\uff49\uff54\uff48", "jane smith"),  # full-width
        ("\u0141ukasz \u017b\u00f3\u0142\u0107", "lukasz zolc"),
        ("S\u00f8ren \u00c6r\u00f8", "soren aero"),
        ("Stra\u00dfe", "strasse"),
        ("O\u2019Brien, Se\u00e1n", "sean obrien"),
        ("O\u00b4Brien", "obrien"),  # a spacing acute accent typed as the apostrophe
        ("jane.smith@wessex.police.uk", "jane smith"),
        ("JANE_SMITH+psd@wessex.police.uk", "jane smith"),
        ("Jane Smith <jane.smith@wessex.police.uk>", "jane smith"),
        ("smith.jane@wessex.police.uk", "smith jane"),  # read in the order written, as "Smith Jane" is
        ("JSmith42@Wessex.Police.UK", "jsmith42@wessex.police.uk"),  # not readable as a name: itself
        ("\u674e\u5c0f\u9f8d", "\u674e\u5c0f\u9f8d"),  # a name in another script is kept, not blanked
    ],
)
def test_name_key_folds_accents_look_alikes_invisible_characters_and_addresses(raw: str, key: str) -> None:
    assert name_key(raw) == key
    assert name_key(key) == key  # a key is its own key
    assert pl.DataFrame({"p": [raw]}).select(person_key("p")).item() == key


def test_person_key_of_a_column_keeps_nulls_and_repeats() -> None:
    column = pl.DataFrame({"p": ["René Dupont", None, "Rene Dupont", "PC", "René Dupont"]})
    assert column.select(person_key("p")).to_series().to_list() == [
        "rene dupont",
        None,
        "rene dupont",
        None,
        "rene dupont",
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Joy Okafor", "Joy \u041ekafor"),
        ("René Dupont", "Rene Dupont"),
        ("Smith, Jane", "jane.smith@wessex.police.uk"),
        ("Jane Smith", "smith.jane@wessex.police.uk"),  # any order, for reviewers
        ("DS Jane Smith", "Smith Jane"),
        ("Raj Patel", "Raj Pa\u200btel"),
        ("jsmith42@wessex.police.uk", "JSMITH42@WESSEX.POLICE.UK"),
    ],
)
def test_identity_key_is_one_person_however_written(a: str, b: str) -> None:
    assert identity_key(a) == identity_key(b) != ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Joy Okafor", "Jay Okafor"),
        ("Rene Dupont", "Renee Dupont"),
        ("Jane Smith", "J Smith"),  # an initial is never taken for a forename
        ("Jane Smith", "Jane Smithson"),
        ("Jane Smith", "jsmith42@wessex.police.uk"),  # an address not readable as a name is not a name
        ("Jane Smith", "jane.smith2@wessex.police.uk"),  # nor is one with a number: often a second Jane Smith
    ],
)
def test_identity_key_tells_different_people_apart(a: str, b: str) -> None:
    assert identity_key(a) != identity_key(b)


def test_resolve_people_by_staff_number_and_unique_name() -> None:
    staff = pl.DataFrame(
        {
            "staff_id": ["P100", "P200", "P300", "P301"],
            "staff_id_key": ["P100", "P200", "P300", "P301"],
            "name_key": ["jane smith", "john brown", "sam lee", "sam lee"],
        }
    )
    rows = pl.DataFrame({"cardholder": ["DS Jane Smith", "p200", "Sam Lee", "Ann Other", "J\u00e1ne Sm\u0456th"]})
    rows = rows.with_columns(person_key("cardholder").alias("cardholder_key"))
    out = resolve_people(rows, "cardholder", staff)
    # "Jáne Smіth" (an accent, a Cyrillic і) is Jane Smith on the staff list
    assert out["cardholder_staff_id"].to_list() == ["P100", "P200", None, None, "P100"]
    # Two Sam Lees on the staff list: neither is guessed; the key stays the name.
    assert out["cardholder_key"].to_list() == ["staff:P100", "staff:P200", "sam lee", "ann other", "staff:P100"]


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
