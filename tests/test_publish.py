"""xref publish gifts: the gifts register without personal names, checked against every known name."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from conftest import ROOT, d, stage

from xref.cli import cli
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
            "staff_id": ["P123", "P456"],
            "name": ["Jane Smith", "John Brown"],
            "role": ["Detective Sergeant", None],
            "department": ["CID", "Finance"],
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


def test_a_name_must_have_forename_and_surname_to_be_removed() -> None:
    # "Smith" alone or an initial is not a person: a supplier called "Smith Electrical" is kept
    rows = gifts().with_columns(pl.lit("Smith Electrical").alias("offeror"))
    pub = public_gifts(rows, staff())
    assert set(pub.frame["Offered by"].to_list()) == {"Smith Electrical"}


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
