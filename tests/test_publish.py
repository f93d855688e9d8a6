"""xref publish gifts: the gifts register without personal names, checked against every known name."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from conftest import ROOT, d, stage

from xref.cli import cli
from xref.errors import InputFileError
from xref.publish import REDACTED, public_gifts


def gifts() -> pl.DataFrame:
    rows = [
        {
            "entry_id": "G1",
            "offer_date": d("2025-01-10"),
            "recipient": "DS Jane Smith",
            "recipient_key": "staff:P123",
            "offeror": "Acme Ltd",
            "description": "Dinner with Jane Smith and SMITH, Jane's team",
            "value": 85.0,
            "status_raw": "Accepted",
            "approver": "John Brown",
            "department": "CID",
        },
        {
            "entry_id": "G2",
            "offer_date": d("2025-02-10"),
            "recipient": "Alan Key",
            "offeror": "=cmd|' /C calc'!A0",
            "description": "Tickets (declined by Alan Key)",
            "value": 120.0,
            "status_raw": "Declined",
            "department": "Estates",
        },
        {"entry_id": "G3", "offer_date": d("2024-12-31"), "recipient": "Jane Smith", "offeror": "Zenith", "value": 5.0},
    ]
    return stage("gifts", rows)


def staff() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "staff_id": ["P123", "P456", "P789"],
            "name": ["Jane Smith", "John Brown", "Ravi Shah"],
            "role": ["Detective Sergeant", None, "Detective Sergeant"],
            "department": ["CID", "Finance", "CID"],
        }
    )


def test_names_become_roles_and_are_removed_from_text() -> None:
    pub = public_gifts(gifts(), staff(), date_from=d("2025-01-01"))
    rows = pub.frame.to_dicts()
    assert [r["Reference"] for r in rows] == ["G1", "G2"]  # the December offer is outside the period
    assert rows[0]["Recipient (role and department)"] == "Detective Sergeant, CID"
    assert rows[1]["Recipient (role and department)"] == "Member of staff, Estates"  # not on the staff list
    assert rows[0]["Description"] == f"Dinner with {REDACTED} and {REDACTED}'s team"
    assert rows[1]["Description"] == f"Tickets (declined by {REDACTED})"  # a recipient not on the staff list too
    assert pub.cells_redacted == 2
    assert "approver" not in " ".join(pub.frame.columns).lower()
    text = pub.frame.write_csv()
    for name in ("jane", "smith", "john brown", "alan key"):
        assert name not in text.lower()


def test_a_role_label_only_one_person_holds_is_widened() -> None:
    people = pl.DataFrame(
        {
            "staff_id": ["P123", "P2", "P3", "P4"],
            "name": ["Jane Smith", "Tom Baker", "Ann Lee", "Bob Hart"],
            "role": ["Chief Constable", "Detective Sergeant", "Detective Sergeant", "Sergeant"],
            "department": ["Command Team", "CID", "CID", "Command Team"],
        }
    )
    rows = [
        {"entry_id": "G1", "offer_date": d("2025-01-10"), "recipient": "Jane Smith", "recipient_key": "staff:P123",
         "offeror": "Acme Ltd"},
        {"entry_id": "G2", "offer_date": d("2025-01-11"), "recipient": "Tom Baker", "recipient_key": "staff:P2",
         "offeror": "Acme Ltd"},
    ]  # fmt: skip
    pub = public_gifts(stage("gifts", rows), people)
    labels = pub.frame["Recipient (role and department)"].to_list()
    # "Chief Constable, Command Team" is one person: the department, which two share, is published instead
    assert labels == ["Member of staff, Command Team", "Detective Sergeant, CID"]
    assert pub.labels_widened == 1


@pytest.mark.parametrize(
    ("offeror", "private"),
    [
        ("Mrs J Patel", True),
        ("Dr. Okafor", True),
        ("J. Smith", True),
        ("Okafor, Grace", True),
        ("J Smith Plumbing Ltd", False),
        ("Acme Catering", False),
        ("Leeds City Council", False),
    ],
)
def test_an_offeror_who_reads_as_a_private_person_is_named_for_checking(offeror: str, private: bool) -> None:
    pub = public_gifts(register([{"description": "Lunch"}], offeror=offeror), PEOPLE)
    assert pub.private_offerors == (("G000",) if private else ())


def test_publish_warns_of_a_private_offeror_and_strict_refuses(tmp_path: Path) -> None:
    path = tmp_path / "gifts.csv"
    path.write_text(
        "Reference,Date of Offer,Name of Recipient,Offered By,Accepted or Declined\n"
        "G1,10/01/2025,Tom Baker,Mrs J Patel,Accepted\nG2,11/01/2025,Tom Baker,Acme Ltd,Accepted\n",
        encoding="utf-8",
    )
    out = tmp_path / "public.csv"
    result = CliRunner().invoke(cli, ["publish", "gifts", "--gifts", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Warning: 1 entry name an offeror who reads as a private person" in result.output and "G1" in result.output
    assert out.exists()
    out.unlink()
    result = CliRunner().invoke(cli, ["publish", "gifts", "--gifts", str(path), "--out", str(out), "--strict"])
    assert result.exit_code == 1 and "register not written (--strict)" in result.output
    assert not out.exists()


# ------------------------------------------------------------------ initials, surnames alone, user names

PEOPLE = pl.DataFrame(
    {
        "staff_id": ["P1", "P2", "P3", "P4", "P5", "P6", "P7"],
        "name": ["Jane Smith", "Tom Baker", "Sarah Hall", "Ian May", "Ann Police", "Priya Patel", "Sam Lloyd"],
        "role": ["Detective Sergeant"] * 7,
        "department": ["CID"] * 7,
    }
)
# Priya Patel and Sam Lloyd are on the staff list only, not recipients
RECIPIENTS = ["DS Jane Smith", "Tom Baker", "Sarah Hall", "Ian May", "Ann Police"]


def register(cells: list[dict[str, str]], offeror: str = "Baker Street Catering") -> pl.DataFrame:
    """One gift per dict of cells (description, ref...), the recipients in turn, all offered by ``offeror``."""
    rows = [
        {
            "entry_id": f"G{i:03d}",
            "offer_date": d("2025-01-10"),
            "recipient": RECIPIENTS[i % len(RECIPIENTS)],
            "offeror": offeror,
            **cell,
        }
        for i, cell in enumerate(cells)
    ]
    return stage("gifts", rows)


def described(text: str) -> str:
    """The published description of ``text`` in a register of :data:`RECIPIENTS` and :data:`PEOPLE`."""
    pub = public_gifts(register([{"description": text}, *[{"description": "Flowers"}] * 3]), PEOPLE)
    return str(pub.frame["Description"][0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lunch with J. Smith (CID)", f"Lunch with {REDACTED} (CID)"),
        ("Lunch with J Smith", f"Lunch with {REDACTED}"),
        ("J.Smith attended", f"{REDACTED} attended"),
        ("JSmith attended", f"{REDACTED} attended"),
        ("J. A. Smith attended", f"{REDACTED} attended"),
        ("from Smith J, CID", f"from {REDACTED}, CID"),
        ("from Smith, J. (CID)", f"from {REDACTED} (CID)"),
        ("FROM SMITH J", f"FROM {REDACTED}"),
        ("DS Smith's team", f"{REDACTED}'s team"),
        # a cautious surname (a word, or an offeror's) with an initial's full stop or a rank
        ("Gift to S. Hall", f"Gift to {REDACTED}"),
        ("Gift to PC Hall", f"Gift to {REDACTED}"),
        ("Gift to Mr Baker", f"Gift to {REDACTED}"),
        ("Gift to I. May", f"Gift to {REDACTED}"),
        ("TBaker booked", f"{REDACTED} booked"),
    ],
)
def test_an_initial_or_rank_with_a_surname_is_removed(text: str, expected: str) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thanks to Smith for hosting", f"thanks to {REDACTED} for hosting"),
        ("SMITH's team dinner", f"{REDACTED}'s team dinner"),
        ("Smith hosted", f"{REDACTED} hosted"),
    ],
)
def test_a_recipients_surname_alone_is_removed(text: str, expected: str) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("booked by jsmith", f"booked by {REDACTED}"),
        ("booked by smithj", f"booked by {REDACTED}"),
        ("booked by JSMITH2", f"booked by {REDACTED}"),
        ("booked by jane.smith", f"booked by {REDACTED}"),
        ("booked by jane_smith01", f"booked by {REDACTED}"),
        ("booked by janesmith", f"booked by {REDACTED}"),
        ("booked by j.smith and smith_j", f"booked by {REDACTED} and {REDACTED}"),
    ],
)
def test_a_user_name_in_free_text_is_removed(text: str, expected: str) -> None:
    assert described(text) == expected


def test_a_user_name_in_a_reference_is_removed() -> None:
    cells = [{"entry_id": "GH/2025/0004"}, {"entry_id": "GH/2025/0005/jsmith"}, {"entry_id": "GH/2025/0006/tbaker"}]
    pub = public_gifts(register(cells), PEOPLE)
    # "tbaker": Baker is a word, so glued to an initial it is removed only in a reference, where there is no prose
    expected = ["GH/2025/0004", f"GH/2025/0005/{REDACTED}", f"GH/2025/0006/{REDACTED}"]
    assert pub.frame["Reference"].to_list() == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Lunch at Baker Street Catering", id="offeror-word"),
        pytest.param("a baker's dozen; T Baker Street", id="offeror-word-after-an-initial"),
        pytest.param("Dinner at the Town Hall, Sports Hall S", id="common-word"),
        pytest.param("shall we; SHALL; halls", id="word-like-user-name"),
        pytest.param("Invitation for May; I May attend", id="month-and-i"),
        pytest.param("Police Federation dinner, A Police horse", id="police"),
        pytest.param("Gift from Patel and Co", id="surname-of-no-recipient"),
        pytest.param("a blacksmith's smithy; smith", id="surname-in-lower-case"),
        pytest.param("Lloyds Bank, Jane's cafe", id="surname-s-and-forename"),
        pytest.param("Working lunch", id="no-name"),
    ],
)
def test_a_cell_without_a_name_is_unchanged(text: str) -> None:
    assert described(text) == text


@pytest.mark.parametrize(
    "offeror", ["Baker Street Catering", "J Smith Plumbing Ltd", "Smith Electrical", "DS Smith Packaging", "Hall & Co"]
)
def test_an_offerors_name_is_kept_though_it_holds_a_staff_surname(offeror: str) -> None:
    rows = register([{"description": "Lunch"}, {"description": "Mr Baker's lunch"}], offeror=offeror)
    pub = public_gifts(rows, PEOPLE)
    assert pub.frame["Offered by"].to_list() == [offeror, offeror]
    assert pub.frame["Description"].to_list() == ["Lunch", f"{REDACTED}'s lunch"]  # the rest is still redacted


@pytest.mark.parametrize("offeror", ["Baker Street Catering", "J Smith Plumbing Ltd", "Smith Electrical"])
def test_an_offerors_name_in_a_description_is_kept(offeror: str) -> None:
    # Smith is a recipient's surname, not a common word: only the offeror column makes it cautious here
    pub = public_gifts(register([{"description": f"Demo by {offeror}"}] * 2, offeror=offeror), PEOPLE)
    assert pub.frame["Description"].to_list() == [f"Demo by {offeror}"] * 2


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param({"description": "Lunch with J. Smith"}, id="initial"),
        pytest.param({"description": "thanks to Smith for hosting"}, id="surname-alone"),
        pytest.param({"description": "booked by jsmith"}, id="user-name"),
        pytest.param({"entry_id": "GH/2025/tbaker/004"}, id="user-name-in-reference"),
        pytest.param({"description": "Gift to PC Hall"}, id="rank-and-cautious-surname"),
    ],
)
def test_the_final_check_refuses_a_name_left_in(cell: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xref.publish._redact", lambda value, matcher: value)  # redaction bypassed
    with pytest.raises(InputFileError, match="a staff name remains"):
        public_gifts(register([cell, {"description": "Lunch"}]), PEOPLE)


@pytest.mark.e2e
def test_cli_on_the_sample_data_leaves_no_staff_name(tmp_path: Path) -> None:
    out = tmp_path / "gifts_public.csv"
    config = ROOT / "sample_data" / "xref.toml"
    result = CliRunner().invoke(cli, ["publish", "gifts", "--config", str(config), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8-sig").lower()
    with (ROOT / "sample_data" / "staff" / "staff_list_march_2025.csv").open(encoding="utf-8") as fh:
        staff_names = [r["Full Name"] for r in csv.DictReader(fh)]
    assert staff_names
    for name in staff_names:
        surname, _, forename = name.partition(", ") if ", " in name else (name.split()[-1], "", name.split()[0])
        assert f"{forename} {surname}".lower() not in text, name
        assert f"{surname}, {forename}".lower() not in text, name
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["Recipient (role and department)"] for r in rows)
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values())
