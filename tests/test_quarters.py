"""Quarter over quarter on sample_data/: decisions stick, and only new evidence re-opens a closed flag.

Q1 is run and every flag is closed (high and critical ones by two reviewers). Q2 adds one new offer from a supplier
whose flag was cleared: exactly that flag re-opens, with the new offer shown as the difference; the others stay closed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from conftest import ROOT

from xref.casefile import FOUR_EYES
from xref.cli import cli
from xref.config import build_config
from xref.flag_review import export_review, import_review, open_flags
from xref.pipeline import RunSummary, run_quarter

pytestmark = pytest.mark.e2e
NEW_OFFER = (
    "Reference Number,Date of Offer,Name of Recipient,Department,Offered By,Nature of Gift/Hospitality,"
    "Gift or Hospitality,Estimated Value,Accepted or Declined,Given or Received,Date Registered,Approved By\n"
    "GH/25-26/0001,14 May 2025,DI Emily Priestley,Training & Development,Bockhampton Uniform Supplies Ltd,"
    "Team lunch,Hospitality,£25,Accepted,Received,20/05/2025,Ch Supt Graham Oliver\n"
)
"""Bockhampton Uniform Supplies Ltd's fourth offer to DI Emily Priestley (R006 flagged the first three in Q1)."""


def close_all(case_file: Path, sheet: Path, reviewer: str, decisions: Path) -> int:
    """Fill every open row of a fresh review sheet with closed_no_issue by ``reviewer`` and import it."""
    export_review(case_file, sheet)
    filled = pl.read_csv(sheet, infer_schema=False).with_columns(
        decision=pl.lit("closed_no_issue"),
        rationale=pl.lit("declared and approved; no part in the award"),
        reviewer=pl.lit(reviewer),
        reviewer_role=pl.lit("PSD reviewer"),
    )
    filled.write_csv(sheet)
    return import_review(case_file, sheet, match_decisions=decisions).recorded


class Quarters:
    def __init__(self, root: Path) -> None:
        self.data = root / "data"
        shutil.copytree(ROOT / "sample_data", self.data)
        self.case_file = root / "case.duckdb"
        self.q1 = self.run(root / "q1", "2025Q1", dt.datetime(2025, 4, 7, 9, 0, tzinfo=dt.UTC))
        self.q1_report = (root / "q1" / "report.html").read_bytes()
        decisions = root / "match_decisions.csv"
        self.first = close_all(self.case_file, root / "sheet1.csv", "Alice Reviewer", decisions)
        self.awaiting = open_flags(self.case_file)
        self.second = close_all(self.case_file, root / "sheet2.csv", "Bob Checker", decisions)
        self.open_after_q1 = open_flags(self.case_file)
        (self.data / "gifts" / "gifts_and_hospitality_2025-26.csv").write_text(NEW_OFFER, encoding="utf-8")
        self.q2 = self.run(root / "q2", "2025Q2", dt.datetime(2025, 7, 7, 9, 0, tzinfo=dt.UTC))
        self.open_after_q2 = open_flags(self.case_file)

    def run(self, out: Path, period: str, now: dt.datetime) -> RunSummary:
        config = build_config(
            config_path=self.data / "xref.toml", cli_files={}, out_dir=out, db_path=self.case_file, period=period
        )
        return run_quarter(config, now=now)


@pytest.fixture(scope="module")
def quarters(tmp_path_factory: pytest.TempPathFactory) -> Quarters:
    return Quarters(tmp_path_factory.mktemp("quarters"))


def r006(summary: RunSummary) -> dict[str, object]:
    [flag] = summary.flags.filter(
        (pl.col("rule_id") == "R006") & pl.col("supplier").str.contains("Bockhampton")
    ).to_dicts()
    return flag


def test_q1_closures_of_high_flags_wait_for_a_second_reviewer(quarters: Quarters) -> None:
    q1 = quarters.q1.flags
    high = q1.filter(pl.col("severity").is_in(sorted(FOUR_EYES)))
    assert q1["lifecycle"].unique().to_list() == ["new"]
    assert quarters.first == q1.height
    assert sorted(quarters.awaiting["flag_id"].to_list()) == sorted(high["flag_id"].to_list())
    assert quarters.awaiting["status"].unique().to_list() == ["awaiting_second_review"]
    assert quarters.second == high.height
    assert quarters.open_after_q1.is_empty()


def test_q2_reopens_exactly_the_flag_with_new_evidence(quarters: Quarters) -> None:
    q1_ids = set(quarters.q1.flags["flag_id"].to_list())
    q2 = quarters.q2.flags
    target = r006(quarters.q2)
    assert target["flag_id"] == r006(quarters.q1)["flag_id"]  # the same flag, carried across quarters
    assert q2.filter(pl.col("lifecycle") == "re_opened")["flag_id"].to_list() == [target["flag_id"]]
    diff = json.loads(str(target["evidence_diff"]))
    assert [r["ref"] for r in diff["added"]] == ["GH/25-26/0001"]
    assert diff["decision"]["status"] == "closed_no_issue"
    again = q2.filter(pl.col("flag_id").is_in(sorted(q1_ids)) & (pl.col("flag_id") != target["flag_id"]))
    assert again.height > 0
    assert again["lifecycle"].unique().to_list() == ["auto_closed"]
    assert again["review_status"].unique().to_list() == ["closed_no_issue"]
    # Q2's other flags are new ones (interest reviews that fell due in Q2), never Q1 flags
    others = q2.filter(~pl.col("flag_id").is_in(sorted(q1_ids)))
    assert others["lifecycle"].unique().to_list() == ["new"]


def test_only_the_reopened_flag_and_q2s_new_flags_wait_for_review(quarters: Quarters) -> None:
    q1_ids = set(quarters.q1.flags["flag_id"].to_list())
    waiting = set(quarters.open_after_q2["flag_id"].to_list())
    assert waiting & q1_ids == {r006(quarters.q2)["flag_id"]}
    new_in_q2 = set(quarters.q2.flags.filter(pl.col("lifecycle") == "new")["flag_id"].to_list())
    assert waiting - q1_ids == new_in_q2


def test_the_q2_report_shows_the_new_evidence(quarters: Quarters) -> None:
    html = (quarters.q2.out_dir / "report.html").read_text(encoding="utf-8")
    card = html.split(f'id="{r006(quarters.q2)["flag_id"]}"', 1)[1].split('<div class="card"', 1)[0]
    assert "Re-opened:" in card and "closed_no_issue by Alice Reviewer" in card
    assert "new record: gifts GH/25-26/0001" in card
    assert "no longer in the evidence: gifts GH/24-25/0190" in card  # the first offer left the 365-day window
    assert "decision: closed_no_issue by Alice Reviewer (PSD reviewer)" in card  # in the timeline
    rule = card.split("The rule: what it checks and the parameters used", 1)[1].split("</details>", 1)[0]
    assert "<code>window_days</code></th><td><code>365</code>" in rule
    assert "The same member of staff was offered gifts or hospitality" in rule  # the rule's definition


def test_past_reports_regenerate_byte_for_byte(quarters: Quarters, tmp_path: Path) -> None:
    for summary, original in ((quarters.q1, quarters.q1_report), (quarters.q2, None)):
        out = tmp_path / f"{summary.run_id}.html"
        result = CliRunner().invoke(
            cli, ["report", "--db", str(quarters.case_file), "--run", summary.run_id, "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        expected = original if original is not None else (summary.out_dir / "report.html").read_bytes()
        assert out.read_bytes() == expected


def test_the_q2_front_page_counts_statuses_and_charts_both_quarters(quarters: Quarters) -> None:
    html = (quarters.q2.out_dir / "report.html").read_text(encoding="utf-8")
    q2 = quarters.q2.flags
    for life, label in (
        ("new", "new"),
        ("re_opened", "re-opened"),
        ("auto_closed", "closed earlier, evidence unchanged"),
    ):
        row = html.split(f"<tr><th>{label}</th>", 1)[1].split("</tr>", 1)[0]
        total = re.findall(r'<td class="num">(\d+)</td>', row)[-1]
        assert int(total) == q2.filter(pl.col("lifecycle") == life).height, label
    assert "Flags per rule over the periods in the case file" in html
    assert "2025Q1, 2025Q2" in html  # the chart's periods, oldest first
    r006_counts = re.search(r'aria-label="R006 flags per period: ([\d, ]+)"', html)
    assert r006_counts and r006_counts.group(1) == "1, 1"
    for f in quarters.q2.recon.to_dicts():
        assert f["sha256"] in html
    card = html.split(f'id="{r006(quarters.q2)["flag_id"]}"', 1)[1].split('<div class="card"', 1)[0]
    # her other offers: only the May 2024 one that has left the window (the rest are the flag's own evidence)
    assert "DI Emily Priestley's other gifts and hospitality entries: 1 (1 accepted, 0 declined)" in card
    assert "(GH/24-25/0190)" in card.split("other gifts and hospitality entries", 1)[1].split("</li>", 1)[0]
    assert "Contracts with the supplier (any date):" in card
