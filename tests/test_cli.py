"""The command line: help, check output, rules listing, and one-line errors with exit code 1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from xref.cli import cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "100"})


def test_every_command_has_help(runner: CliRunner) -> None:
    for name, command in cli.commands.items():
        assert command.help, f"{name} has no help text"
        assert runner.invoke(cli, [name, "--help"]).exit_code == 0


def test_check_reports_mapping_and_reconciliation(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "cards.csv"
    path.write_text("Date,Merchant,Amount\n01/02/2025,ACME,1.00\n31/02/2025,ACME,2.00\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", "--cards", str(path)])
    assert result.exit_code == 0, result.output
    assert "merchant_name            ← 'Merchant'" in result.output
    assert "rows read 2 = loaded 1 + quarantined 1" in result.output
    assert "bad_date:transaction_date (e.g. row 3: transaction_date '31/02/2025' is not a date" in result.output


def test_check_warns_of_rules_the_columns_leave_unable_to_look(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "cards.csv"
    path.write_text("Date,Merchant,Amount\n01/02/2025,ACME,1.00\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", "--cards", str(path)])
    assert result.exit_code == 0, result.output
    assert "Warning: 2 rule(s) could check nothing with these columns" in result.output
    assert "R011 Card purchase split" in result.output
    path.write_text("Date,Merchant,Amount,Cardholder\n01/02/2025,ACME,1.00,J Smith\n", encoding="utf-8")
    assert "could check nothing" not in runner.invoke(cli, ["check", "--cards", str(path)]).output


def test_check_and_run_say_when_a_column_mostly_cannot_be_read(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "cards.csv"
    rows = "".join(f"0{i}/02/2025,ACME,USD {i}.00\n" for i in range(1, 6))
    path.write_text("Date,Merchant,Amount\n" + rows, encoding="utf-8")
    result = runner.invoke(cli, ["check", "--cards", str(path)])
    assert "WARNING: cards file cards.csv: 5 of 5 amount values (100 %) in column 'Amount'" in result.output
    assert "another currency" in result.output
    result = runner.invoke(cli, ["run", "--cards", str(path), "--out", str(tmp_path / "out")])
    assert "Warning: cards file cards.csv: 5 of 5 amount values" in result.output


def test_check_and_run_without_inputs_fail_alike(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no ./xref.toml to fall back on
    results = [runner.invoke(cli, [name]) for name in ("check", "run")]
    assert [r.exit_code for r in results] == [1, 1]
    assert results[0].output == results[1].output
    assert results[0].output.startswith("Error: no input files: give at least one of --contracts")


def test_publish_gifts_offers_only_the_registers_it_reads(runner: CliRunner) -> None:
    text = runner.invoke(cli, ["publish", "gifts", "--help"]).output
    assert "--gifts" in text and "--staff" in text
    assert not [o for o in ("--cards", "--contracts", "--payments", "--interests", "--leavers") if o in text]


def test_missing_column_is_one_line_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "cards.csv"
    path.write_text("Date,Amount,Who\n01/02/2025,1.00,x\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", "--cards", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: cards file {path}: no column for required field merchant_name")
    assert "Traceback" not in result.output


def test_missing_file_and_bad_config(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["check", "--gifts", str(tmp_path / "nope.csv")])
    assert result.exit_code == 1
    assert "not found" in result.output
    bad = tmp_path / "xref.toml"
    bad.write_text("[inputs.cheques]\nfiles = []\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", "--config", str(bad), "--cards", str(tmp_path / "x.csv")])
    assert result.exit_code == 1
    assert "[inputs.cheques] is not a register" in result.output


def test_bad_period(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["run", "--period", "2025Q5", "--cards", str(tmp_path / "x.csv")])
    assert result.exit_code == 1
    assert "is not a quarter like 2025Q1" in result.output


def test_rules_lists_parameters_and_user_values(runner: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "xref.toml"
    config.write_text("[rules.R001]\nlookback_days = 400\n", encoding="utf-8")
    result = runner.invoke(cli, ["rules", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "R001  Gift or hospitality from a supplier before it won a contract" in result.output
    assert "lookback_days = 400  (default 365)" in result.output
    explained = runner.invoke(cli, ["rules", "--explain", "r010"])
    assert "Flag sentence:" in explained.output
    assert "R001" not in explained.output
    covered = runner.invoke(cli, ["rules", "--explain", "R003"])
    assert "contracts awarded in the period (not checkable when they have no tender start date)" in covered.output


def test_every_rule_card_prints(runner: CliRunner) -> None:
    from xref.rules import load_rules

    for rule in load_rules():
        result = runner.invoke(cli, ["rules", "--explain", rule.rule_id])
        assert result.exit_code == 0, (rule.rule_id, result.output)
        assert f"File: sql/rules/{rule.path.name}" in result.output


def test_policy_section_sets_the_standard_rule_params(runner: CliRunner, tmp_path: Path) -> None:
    from xref.config import build_config

    config = tmp_path / "xref.toml"
    config.write_text(
        "[policy]\nvat_factor = 1.2\ncard_single_txn_limit_gbp = 750\n"
        'thresholds = [{gbp = 12000, label = "tender", vat_inclusive = true}, {gbp = 4000, label = "quotes"}]\n',
        encoding="utf-8",
    )
    params = build_config(config_path=config, cli_files={}).policy.params()
    assert params["thresholds_gbp"] == [4000.0, 10000.0]  # ascending; VAT-inclusive £12,000 is £10,000 ex VAT
    assert params["threshold_labels"] == ["£4,000: quotes", "£12,000 incl. VAT: tender"]
    assert params["card_limit_gbp"] == 750.0
    config.write_text('[policy]\nthresholds = [{gbp = "a lot"}]\n', encoding="utf-8")
    bad = runner.invoke(cli, ["rules", "--config", str(config)])
    assert bad.exit_code == 1
    assert "[policy] thresholds entry 1 needs gbp = a positive number" in bad.output


def test_rules_rejects_unknown_parameter(runner: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "xref.toml"
    config.write_text("[rules.R001]\nlookback = 400\n", encoding="utf-8")
    result = runner.invoke(cli, ["rules", "--config", str(config)])
    assert result.exit_code == 1
    assert "lookback is not a parameter of R001" in result.output


def test_progress_is_off_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    from xref.cli import _Progress

    display = _Progress()  # pytest's captured stderr is not a terminal
    display("loading: file 1/3")
    display.end_line()
    assert capsys.readouterr().err == ""


def test_forced_progress_prints_a_line_per_step_with_time_left(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import xref.cli as cli_module

    clock = iter([0.0, 10.0, 20.0, 30.0])
    monkeypatch.setattr(cli_module.time, "monotonic", lambda: next(clock))
    display = cli_module._Progress(enabled=True)
    display("running rules: 1/4 R001")
    display("running rules: 2/4 R002")  # one of four done in 10 s: about 30 s left
    display("running rules: 3/4 R003")
    display("writing outputs")  # a new stage: its clock starts again
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "… running rules: 1/4 R001 [0 s]",
        "… running rules: 2/4 R002 [10 s, about 30 s left]",
        "… running rules: 3/4 R003 [20 s, about 20 s left]",
        "… writing outputs [0 s]",
    ]


def test_progress_on_a_terminal_updates_one_line_per_stage(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import xref.cli as cli_module

    display = cli_module._Progress(enabled=True)
    display.terminal = True
    monkeypatch.setattr(cli_module.shutil, "get_terminal_size", lambda: os.terminal_size((60, 20)))
    display("loading: file 1/2")
    display("loading: file 2/2")
    display("matching supplier names")
    display.end_line()
    err = capsys.readouterr().err
    assert err.count("\n") == 2  # one finished line per stage
    assert err.split("\n")[0].count("\r") == 2  # the loading line was rewritten in place
