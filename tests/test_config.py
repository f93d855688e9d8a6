"""Configuration: quarters, date ranges, xref.toml sections, and clear errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED

from xref.cli import cli
from xref.config import DEFAULT_MEMORY_LIMIT, SCHEMA, MatchSettings, Policy, build_config, parse_period
from xref.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


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
    with pytest.raises(ConfigError, match="'1KB' is too small: .* give at least 128MB"):
        build_config(config_path=None, cli_files={}, memory_limit="1KB")
    assert build_config(config_path=None, cli_files={}, memory_limit="128MB").memory_limit == "128MB"


# Each bad xref.toml, the setting its message must name, and the suggestion it must make (or None).
BAD_CONFIGS = [
    ('[inputs.cards]\ncolumns = "x"\n', "[inputs.cards] columns must be a table", None),
    ("[inputs.cards]\nfiles = 3\n", "[inputs.cards] files must be a file name or a list of them", None),
    ('[inputs.cards]\nfile = ["cards.csv"]\n', "[inputs.cards] file is not a setting", "files"),
    ('[inputs.card]\nfiles = ["cards.csv"]\n', "[inputs.card] is not a register", "cards"),
    ('[inputs.cards.columns]\nmerchant = "Payee"\n', "merchant is not a field of cards", "merchant_name"),
    ("[inputs.cards.columns]\nmerchant_name = 3\n", "[inputs.cards.columns] merchant_name must be text", None),
    ('[[inputs.cards]]\nfiles = ["a.csv"]\n', "[inputs.cards] must be a table", None),
    ("inputs = 1\n", "inputs must be a section", None),
    ("rules = 1\n", "rules must be a section", None),
    ("[rules]\nR001 = 5\n", "[rules.R001] must be a table of R001's parameters", None),
    ("[rules.R999]\nx = 1\n", "[rules.R999] is not a rule", None),
    ("[rules.R01]\nx = 1\n", "[rules.R01] is not a rule", "R021"),
    ("[rules.R001]\nlookback = 400\n", "[rules.R001] lookback is not a parameter of R001", "lookback_days"),
    ('[rules.R001]\nlookback_days = "a year"\n', "[rules.R001] lookback_days must be a whole number", None),
    ("[rules.r001]\nlookback_days = 1\n[rules.R001]\nlookback_days = 2\n", "[rules.r001] and [rules.R001]", None),
    ("[run]\nperiod = 2025\n", "[run] period must be text", None),
    ('[run]\nperiod = "2025Q5"\n', '[run] period "2025Q5" is not a quarter', None),
    ('[run]\nthreads = "two"\n', "[run] threads must be a whole number", None),
    ("[run]\nthreads = 0\n", "[run] threads must be from 1 to 256", None),
    ("[run]\nmemory_limit = 5\n", "[run] memory_limit must be text", None),
    ('[run]\nmemory_limit = "10MB"\n', "[run] memory_limit '10MB' is too small", None),
    ('[run]\nmemory_limit = "1KB"\n', "[run] memory_limit '1KB' is too small", None),
    ("[run]\nout = 3\n", "[run] out must be text", None),
    ('[run]\ndb = ["a.duckdb"]\n', "[run] db must be text", None),
    ('[run]\nperiods = "2025Q1"\n', "[run] periods is not a setting", "period"),
    ("[run]\nfrom = 2025-01-01T09:00:00\n", "[run] from must be a date", None),
    ('[run]\nto = "31/03/2025"\n', '[run] to "31/03/2025" is not a date', None),
    ('period = "2025Q1"\n', "period is not a section; put it under [run]", None),
    ("[input.cards]\nfiles = []\n", "unknown section [input]", "inputs"),
    ("[[matching]]\nauto_min_score = 95\n", "matching must be a section", None),
    ("[matching.thresholds]\nauto = 95\n", "[matching] thresholds is not a setting", None),
    ("[matching]\nauto_min_scor = 90\n", "[matching] auto_min_scor is not a setting", "auto_min_score"),
    ("[matching]\nprefix_len = 6.5\n", "[matching] prefix_len must be a whole number", None),
    ("[matching]\ntoken_df_cap = -1\n", "[matching] token_df_cap must not be negative", None),
    ("[policy.thresholds]\ngbp = 5000\n", "[policy] thresholds must be a list of one or more tables", None),
    ('[policy]\nthresholds = [{ gbp = 5000, labl = "x" }]\n', "thresholds entry 1: labl is not a setting", "label"),
    ("[policy]\nthresholds = [{ gbp = 5000, label = 3 }]\n", "thresholds entry 1: label must be text", None),
    ('[policy]\nmarketplaces = "amazon*"\n', "[policy] marketplaces must be a list of texts", None),
    ("[policy]\nvat = 1.2\n", "[policy] vat is not a setting", "vat_factor"),
    (
        '[policy]\npublic_body_offerors_extra = ["Torbay Council", "*"]\n',
        '[policy] public_body_offerors_extra entry 2 "*" matches every offeror; give a name such as',
        None,
    ),
    ('[policy]\npublic_body_offerors = ["!-"]\n', '[policy] public_body_offerors entry 1 "!-" has no letters', None),
    ('[policy]\npublic_body_offerors_extra = "British Council"\n', "public_body_offerors_extra must be a list", None),
    (
        '[policy]\npublic_body_offerors_extr = ["x"]\n',
        "public_body_offerors_extr is not a setting",
        "public_body_offerors_extra",
    ),
    ('"two\\nlines" = 1\n', '"two\\nlines" is not a section', None),
    ("a = " + "[" * 3000 + "]" * 3000 + "\n", "its values nest too deeply", None),
]


@pytest.mark.parametrize(("text", "names", "suggestion"), BAD_CONFIGS, ids=[c[1] for c in BAD_CONFIGS])
def test_every_bad_config_is_one_line_naming_the_file_and_the_setting(
    tmp_path: Path, text: str, names: str, suggestion: str | None
) -> None:
    cfg = tmp_path / "xref.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        build_config(config_path=cfg, cli_files={})
    message = str(caught.value)
    assert message.startswith(f"config file {cfg}")
    assert names in message
    assert len(message.splitlines()) == 1
    if suggestion:
        assert f"did you mean {suggestion!r}?" in message
    else:
        assert "did you mean" not in message


def test_a_latin1_config_says_which_line_is_not_utf8(tmp_path: Path) -> None:
    cfg = tmp_path / "xref.toml"
    text = '[inputs.cards]\nfiles = ["a.csv"]\n[inputs.cards.columns]\namount = "Montant (£)"\n'
    cfg.write_bytes(text.encode("latin-1"))
    with pytest.raises(
        ConfigError, match=r"is not UTF-8 text: line 4 has the byte 0xA3 \('£' .*save the file as UTF-8"
    ):
        build_config(config_path=cfg, cli_files={})
    cfg.write_bytes(text.encode("utf-16"))
    with pytest.raises(ConfigError, match="is UTF-16 text, not UTF-8; save it as UTF-8"):
        build_config(config_path=cfg, cli_files={})
    cfg.write_bytes(text.encode("utf-8-sig"))  # UTF-8 with a byte-order mark, as Notepad may save it
    assert build_config(config_path=cfg, cli_files={}).inputs["cards"].columns == {"amount": "Montant (£)"}


def test_one_file_name_is_a_list_of_one_and_run_dates_may_be_toml_dates(tmp_path: Path) -> None:
    cfg = tmp_path / "xref.toml"
    cfg.write_text('[inputs.cards]\nfiles = "cards.csv"\n[run]\nfrom = 2025-01-01\nto = "2025-03-31"\n', "utf-8")
    config = build_config(config_path=cfg, cli_files={})
    assert config.inputs["cards"].files == (tmp_path / "cards.csv",)
    assert (config.period_from, config.period_to) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))


def test_the_schema_covers_every_setting_of_matching_and_policy() -> None:
    assert set(SCHEMA["matching"]) == {f.name for f in dataclasses.fields(MatchSettings)}
    assert set(SCHEMA["policy"]) == {f.name for f in dataclasses.fields(Policy)}


@pytest.mark.parametrize(
    "path",
    [ROOT / "sample_data" / "xref.toml", *sorted((ROOT / "examples").rglob("*.toml"))],
    ids=lambda p: p.name,
)
def test_every_sample_and_example_config_loads(path: Path) -> None:
    if "realdata" in path.parts and not SHARED.exists():
        pytest.skip("the real-data examples name files in ../shared, which is not beside this checkout")
    build_config(config_path=path, cli_files={})


def test_cli_prints_a_bad_config_as_one_error_line(tmp_path: Path) -> None:
    cfg = tmp_path / "xref.toml"
    cfg.write_text('[inputs.cards]\nfile = ["cards.csv"]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--config", str(cfg)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: config file {cfg}: [inputs.cards] file is not a setting; did you mean 'files'? "
        "settings are files, columns"
    ]
    assert "Traceback" not in result.output
    cfg.write_bytes('[run]\nperiod = "2025Q1" # £\n'.encode("cp1252"))
    result = CliRunner().invoke(cli, ["check", "--config", str(cfg)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: config file") and "line 2" in lines[0]
