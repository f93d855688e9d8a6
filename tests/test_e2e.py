"""End to end on sample_data/: every planted conflict is flagged, no decoy is, outputs are complete and stable."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner
from conftest import ROOT

from xref.cli import cli
from xref.config import build_config
from xref.pipeline import RunSummary, run_quarter
from xref.rules import REFERENCE_COLUMNS, load_rules

pytestmark = pytest.mark.e2e
SAMPLE = ROOT / "sample_data"
REF_COLUMNS = REFERENCE_COLUMNS
PER_PERIOD_RULES = {"R024"}
"""Rules whose flag is one summary per period naming no record: planted.csv gives the period instead of refs."""
NOW = dt.datetime(2025, 4, 7, 9, 0, tzinfo=dt.UTC)


def run_sample(out: Path) -> RunSummary:
    config = build_config(config_path=SAMPLE / "xref.toml", cli_files={}, out_dir=out)
    return run_quarter(config, now=NOW)


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> RunSummary:
    return run_sample(tmp_path_factory.mktemp("run") / "out")


def planted() -> list[dict[str, str]]:
    with (SAMPLE / "planted.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def refs(cell: str | None) -> set[str]:
    return {r.strip() for r in (cell or "").split(";") if r.strip()}


def matching_flags(summary: RunSummary, case: dict[str, str]) -> list[dict[str, Any]]:
    """The case's rule's flags that name all of the case's records (or, for a per-period rule, its period)."""
    flags = summary.flags.filter(pl.col("rule_id") == case["rule_id"]).to_dicts()
    if case["rule_id"] in PER_PERIOD_RULES:
        assert case["period"], f"{case['case_id']} names no period"
        return [f for f in flags if f["subject_key"].endswith(case["period"])]
    wanted = {col: refs(case[col]) for col in REF_COLUMNS if refs(case[col])}
    assert wanted, f"{case['case_id']} names no record"
    return [f for f in flags if all(w <= refs(f[col]) for col, w in wanted.items())]


@pytest.mark.parametrize("case", [c for c in planted() if c["expect"] == "flag"], ids=lambda c: c["case_id"])
def test_planted_conflict_is_flagged(summary: RunSummary, case: dict[str, str]) -> None:
    hits = matching_flags(summary, case)
    assert hits, f"{case['case_id']} ({case['note']}) was not flagged by {case['rule_id']}"


@pytest.mark.parametrize("case", [c for c in planted() if c["expect"] == "no_flag"], ids=lambda c: c["case_id"])
def test_decoy_is_not_flagged(summary: RunSummary, case: dict[str, str]) -> None:
    hits = matching_flags(summary, case)
    assert not hits, f"decoy {case['case_id']} ({case['note']}) was flagged: {hits[0]['summary']}"


def test_every_rule_has_a_planted_case_and_a_decoy() -> None:
    """Every rule in sql/rules has at least one true case and one decoy in the sample data."""
    cases = planted()
    rules = {r.rule_id for r in load_rules()}
    assert rules >= {"R001", "R010", "R013", "R019", "R022", "R023"}
    for rule in sorted(rules | {c["rule_id"] for c in cases}):
        kinds = {c["expect"] for c in cases if c["rule_id"] == rule}
        assert kinds == {"flag", "no_flag"}, f"{rule} has {sorted(kinds) or 'no planted case'}"


def test_the_sample_data_evaluates_every_rule(summary: RunSummary) -> None:
    """Every register a rule needs is in sample_data/: contract roles, leavers and Companies House rows included."""
    skipped = {r.rule.rule_id: r.skipped_reason for r in summary.rule_runs if r.skipped_reason}
    assert not skipped
    assert {r.rule.rule_id for r in summary.rule_runs} == {r.rule_id for r in load_rules()}


def test_outputs_are_written_and_reconcile(summary: RunSummary) -> None:
    out = summary.out_dir
    for name in (
        "report.html",
        "summary.html",
        "flags.csv",
        "flags.xlsx",
        "flags.parquet",
        "matches.csv",
        "quarantine.csv",
        "run.json",
    ):
        assert (out / name).is_file(), name
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    for f in info["inputs"]:
        assert f["rows_read"] == f["rows_loaded"] + f["rows_quarantined"]
        assert len(f["sha256"]) == 64
    flags_csv = pl.read_csv(out / "flags.csv", infer_schema=False)
    assert flags_csv.height == summary.flags.height > 0
    assert flags_csv["summary"].str.len_chars().min() > 40  # every flag carries a sentence
    html = (out / "report.html").read_text(encoding="utf-8")
    for flag_id in summary.flags["flag_id"].to_list():
        assert f'id="{flag_id}"' in html
    assert "http://" not in html and "https://" not in html  # self-contained


def test_flag_ids_are_stable_across_runs(summary: RunSummary, tmp_path: Path) -> None:
    again = run_sample(tmp_path / "out")
    assert again.flags["flag_id"].to_list() == summary.flags["flag_id"].to_list()


def test_case_file_keeps_runs(summary: RunSummary) -> None:
    from xref.casefile import run_history

    history = run_history(summary.case_file)
    assert history.height >= 1
    assert history["flags"][0] == summary.flags.height


def test_make_run_equivalent_through_the_cli(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["run", "--config", str(SAMPLE / "xref.toml"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "flag(s). Report:" in result.output


def test_no_flag_outside_the_planted_cases(summary: RunSummary) -> None:
    """Background records never link across registers, so every flag must be one of the planted conflicts."""
    cases = [c for c in planted() if c["expect"] == "flag"]
    unexplained = []
    for flag in summary.flags.to_dicts():
        explained = any(
            c["rule_id"] == flag["rule_id"]
            and (
                flag["subject_key"].endswith(c["period"])
                if c["rule_id"] in PER_PERIOD_RULES
                else all(refs(c[col]) <= refs(flag[col]) for col in REF_COLUMNS if refs(c[col]))
            )
            for c in cases
        )
        if not explained:
            unexplained.append(f"{flag['rule_id']}: {flag['summary']}")
    assert not unexplained, unexplained


def test_reviewer_decision_is_what_stops_the_override_decoy(tmp_path: Path) -> None:
    """Without match_decisions.csv the 'PHOENIX FIRE' card line would be flagged: the decoy tests the override."""
    case = next(c for c in planted() if c["case_id"] == "R013-D4")
    config = build_config(config_path=SAMPLE / "xref.toml", cli_files={}, out_dir=tmp_path / "out")
    config = dataclasses.replace(config, overrides_path=None)
    flags = run_quarter(config, now=NOW).flags.filter(pl.col("rule_id") == "R013").to_dicts()
    assert any(refs(case["card_ref"]) <= refs(f["card_ref"]) for f in flags)


def test_run_json_records_policy_and_rule_coverage(summary: RunSummary) -> None:
    info = json.loads((summary.out_dir / "run.json").read_text(encoding="utf-8"))
    assert info["policy"]["card_limit_gbp"] == 500.0
    assert len(info["policy"]["thresholds_gbp"]) == len(info["policy"]["threshold_labels"]) >= 5
    r003 = next(r for r in info["rules"] if r["rule_id"] == "R003")
    (coverage,) = r003["coverage"]
    assert 0 < coverage["checked"] < coverage["in_scope"]  # some contracts have no tender start date
    assert "have no tender start date" in coverage["sentence"]
    html = (summary.out_dir / "report.html").read_text(encoding="utf-8")
    assert coverage["sentence"] in html
