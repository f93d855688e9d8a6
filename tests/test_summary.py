"""The chief officers' summary: register statistics for the period, flag counts and trend, and no names."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from conftest import ROOT, d, stage

from xref.flags import FLAG_COLUMNS
from xref.schemas import REGISTERS
from xref.summary import register_statistics


def tables() -> dict[str, pl.DataFrame]:
    out = {name: stage(name, []) for name in REGISTERS}
    out["gifts"] = stage(
        "gifts",
        [
            {"entry_id": "G1", "offer_date": d("2025-01-05"), "status": "accepted", "value": 40.0},
            {"entry_id": "G2", "offer_date": d("2025-02-05"), "status": "declined", "value": 400.0},
            {"entry_id": "G3", "offer_date": d("2025-03-05"), "status": "donated", "value": 20.0},
            {"entry_id": "G4", "offer_date": d("2025-03-06"), "status": None},
            {"entry_id": "G5", "offer_date": d("2024-12-31"), "status": "accepted", "value": 99.0},  # before
        ],
    )
    out["interests"] = stage(
        "interests",
        [
            {
                "entry_id": "I1",
                "staff": "A B",
                "organisation": "X",
                "status": "approved",
                "start_date": d("2020-01-01"),
            },
            {
                "entry_id": "I2",
                "staff": "C D",
                "organisation": "Y",
                "status": "refused",
                "decision_date": d("2025-02-01"),
            },
            {"entry_id": "I3", "staff": "E F", "organisation": "Z", "status": "approved", "end_date": d("2024-06-30")},
        ],
    )
    out["cards"] = stage(
        "cards",
        [
            {"transaction_id": "T1", "transaction_date": d("2025-01-10"), "amount": 100.0},
            {"transaction_id": "T2", "transaction_date": d("2025-01-11"), "amount": 50.0},
            {"transaction_id": "T3", "transaction_date": d("2025-01-12"), "amount": -20.0},
        ],
    )
    return out


def test_register_statistics_for_the_period() -> None:
    flags = pl.DataFrame(
        [{c: None for c in FLAG_COLUMNS} | {"rule_id": "R014", "card_ref": "T1; T3"}], schema=FLAG_COLUMNS
    )
    stats = register_statistics(tables(), flags, d("2025-01-01"), d("2025-03-31"))
    assert stats["gifts"] == {
        "offers_recorded": 4,
        "accepted": 1,
        "declined": 1,
        "given_to_charity": 1,
        "pending_or_not_recorded": 1,
        "value_accepted_gbp": 40.0,
    }
    assert stats["interests"] | {"overdue_for_review": 0} == {
        "current_entries": 2,  # I3 ended before the period
        "approved": 1,
        "refused": 1,
        "pending": 0,
        "decided_in_period": 1,
        "overdue_for_review": 0,
    }
    assert stats["cards"] == {
        "transactions": 3,
        "spend_gbp": 150.0,
        "checked_by_rules": 3,
        "flagged_transactions": 2,
        "flagged_spend_gbp": 100.0,  # refunds are not spend
    }


@pytest.mark.e2e
def test_sample_summary_names_no_one(tmp_path: Path) -> None:
    from xref.config import build_config
    from xref.pipeline import run_quarter

    out = tmp_path / "out"
    run_quarter(build_config(config_path=ROOT / "sample_data" / "xref.toml", cli_files={}, out_dir=out))
    run_quarter(build_config(config_path=ROOT / "sample_data" / "xref.toml", cli_files={}, out_dir=out))
    page = (out / "summary.html").read_text(encoding="utf-8").lower()
    assert "offers recorded" in page and "overdue for review" in page
    # a re-run of the period replaces its first run in the trend, rather than listing the period twice
    assert page.count("<td>2025q1</td>") == 1
    names = set()
    with (ROOT / "sample_data" / "staff" / "staff_list_march_2025.csv").open(encoding="utf-8") as fh:
        names |= {r["Full Name"].lower() for r in csv.DictReader(fh)}
    flags = pl.read_csv(out / "flags.csv", infer_schema=False)
    names |= {n.lower() for n in flags["staff"].drop_nulls().to_list()}
    names |= {n.lower() for n in flags["supplier"].drop_nulls().to_list()}
    assert names
    assert not [n for n in names if n in page]
