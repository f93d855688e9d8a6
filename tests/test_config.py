"""Configuration: quarters, date ranges, xref.toml sections, and clear errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from xref.config import DEFAULT_MEMORY_LIMIT, build_config, parse_period
from xref.errors import ConfigError


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025Q1", "2025-01-01", "2025-03-31"),
        ("2024q4", "2024-10-01", "2024-12-31"),
        ("2024-Q2", "2024-04-01", "2024-06-30"),
    ],
)
def test_parse_period(text: str, start: str, end: str) -> None:
    first, last, _ = parse_period(text)
    assert (first.isoformat(), last.isoformat()) == (start, end)


def test_bad_period() -> None:
    with pytest.raises(ConfigError, match="is not a quarter"):
        parse_period("2025Q5")


def test_config_file_paths_are_relative_to_it_and_cli_wins(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    cfg = tmp_path / "sub" / "xref.toml"
    cfg.write_text(
        '[run]\nperiod = "2025Q1"\n[inputs.cards]\nfiles = ["a.csv"]\n[inputs.cards.columns]\nmerchant_name = "Payee"\n'
        "[matching]\nauto_min_score = 96\n[rules.R001]\nlookback_days = 400\n",
        encoding="utf-8",
    )
    config = build_config(config_path=cfg, cli_files={"gifts": (Path("g.csv"),)}, date_to="2025-02-28")
    assert config.inputs["cards"].files == (tmp_path / "sub" / "a.csv",)
    assert config.inputs["cards"].columns == {"merchant_name": "Payee"}
    assert config.inputs["gifts"].files == (Path("g.csv"),)
    assert config.period_from == dt.date(2025, 1, 1)
    assert config.period_to == dt.date(2025, 2, 28)
    assert config.matching.auto_min_score == 96
    assert config.rule_params == {"R001": {"lookback_days": 400}}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[inputs.cards.columns]\nmerchant = 'Payee'\n", "merchant is not a field of cards"),
        ("[matching]\nauto_min_score = 'high'\n", "must be a number"),
        ("[matching]\nauto_min_score = 80\nreview_min_score = 90\n", "review_min_score ≤ auto_min_score"),
        ("[outputs]\nx = 1\n", "unknown section"),
        ("not toml = = =\n", "not valid TOML"),
        ("[inputs.cards]\nfiles = ['none_*.csv']\n", "matches nothing"),
    ],
)
def test_config_errors(tmp_path: Path, text: str, message: str) -> None:
    cfg = tmp_path / "xref.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        build_config(config_path=cfg, cli_files={})


def test_from_after_to_is_an_error() -> None:
    with pytest.raises(ConfigError, match="starts"):
        build_config(config_path=None, cli_files={}, date_from="2025-03-01", date_to="2025-01-01")


def test_duckdb_memory_limit_defaults_to_a_bound_and_must_be_a_size(tmp_path: Path) -> None:
    assert build_config(config_path=None, cli_files={}).memory_limit == DEFAULT_MEMORY_LIMIT == "1GB"
    assert build_config(config_path=None, cli_files={}, memory_limit="512MB").memory_limit == "512MB"
    (tmp_path / "xref.toml").write_text('[run]\nmemory_limit = "2.5GiB"\n', encoding="utf-8")
    assert build_config(config_path=tmp_path / "xref.toml", cli_files={}).memory_limit == "2.5GiB"
    with pytest.raises(ConfigError, match="'lots' is not a size"):
        build_config(config_path=None, cli_files={}, memory_limit="lots")
