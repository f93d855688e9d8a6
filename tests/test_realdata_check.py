"""Every real register in ../shared/realdata has an example config, and ``xref check`` loads each one.

examples/realdata/README.md lists every file of ../shared/realdata: a register with the example that loads it, or a
file left out with the reason. A file added to ../shared/realdata and not listed fails here, so it cannot be
forgotten. The tests that read ../shared are skipped, saying so, when it is absent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from fnmatch import fnmatch
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SHARED

from xref.cli import cli
from xref.config import build_config

EXAMPLES = ROOT / "examples" / "realdata"
README = EXAMPLES / "README.md"
REALDATA = SHARED / "realdata"
CONFIGS = sorted(EXAMPLES.glob("*.toml"))


def needs_realdata(func: Callable[..., None]) -> Callable[..., None]:
    """Mark a test ``realdata`` and skip it, saying why, when ../shared/realdata is absent."""
    skip = pytest.mark.skipif(
        not REALDATA.is_dir(), reason=f"{REALDATA} is not present: the real-register examples were not checked"
    )
    return pytest.mark.realdata(skip(func))


RECONCILED = re.compile(r"All files reconcile: (\d+) read = (\d+) loaded \+ (\d+) quarantined\.")


def table(section: str) -> list[list[str]]:
    """The rows of the first table under the README heading ``## section`` (cells stripped, backticks dropped)."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {section}\n")
    end = text.find("\n## ", start + 1)
    rows = []
    for line in text[start : end if end > 0 else None].splitlines():
        if line.startswith("|") and not set(line) <= set("|-: "):
            rows.append([cell.strip().strip("`") for cell in line.strip().strip("|").split("|")])
    return rows[1:]  # without the heading row


def registers_table() -> list[tuple[str, str, str]]:
    """(file pattern with its ``#key``, register, config) for every real register."""
    return [(f, r, c) for f, r, c in table("Real files and the example that loads each")]


def left_out() -> list[str]:
    return [row[0] for row in table("Files left out")]


def expand(pattern: str) -> set[tuple[Path, str]]:
    """(file, JSON key) pairs a README pattern names under ../shared/realdata."""
    path, _, key = pattern.partition("#")
    return {(p.resolve(), key) for p in REALDATA.glob(path) if p.is_file()}


def config_files(config: Path) -> dict[str, set[tuple[Path, str]]]:
    """register → (file, JSON key) pairs an example config reads."""
    loaded = build_config(config_path=config, cli_files={})
    out: dict[str, set[tuple[Path, str]]] = {}
    for name, spec in loaded.inputs.items():
        for f in spec.files:
            path, _, key = str(f).partition("#")
            out.setdefault(name, set()).add((Path(path).resolve(), key))
    return out


def examples_table() -> list[list[str]]:
    """The rows of the README's first table (config, register, source, heading map)."""
    text = README.read_text(encoding="utf-8")
    start = text.index("| config | register |")
    lines = text[start:].split("\n\n", 1)[0].splitlines()
    return [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines[2:]]


def test_readme_names_every_example_and_only_examples() -> None:
    described = {row[0] for row in examples_table()}
    assert described == {c.name for c in CONFIGS}
    named = {c for _, _, c in registers_table()}
    assert named == {c.name for c in CONFIGS}, "every example loads a listed file, and every listed config exists"


@needs_realdata
@pytest.mark.parametrize("pattern", [*left_out(), *(f for f, _, _ in registers_table())])
def test_every_listed_pattern_names_a_real_file(pattern: str) -> None:
    path, _, _ = pattern.partition("#")
    assert any(p.is_file() for p in REALDATA.glob(path)), f"{pattern} matches no file in {REALDATA}"


@needs_realdata
def test_every_real_file_is_a_listed_register_or_left_out_with_a_reason() -> None:
    registers = [f.partition("#")[0] for f, _, _ in registers_table()]
    unlisted = []
    for path in sorted(p for p in REALDATA.rglob("*") if p.is_file()):
        name = path.relative_to(REALDATA).as_posix()
        if not any(fnmatch(name, pattern) for pattern in [*registers, *left_out()]):
            unlisted.append(name)
    assert not unlisted, (
        f"{len(unlisted)} file(s) in {REALDATA} are in neither table of {README.relative_to(ROOT)}: add an example "
        f"config for each register, or list the file as left out with the reason: {unlisted[:10]}"
    )


@needs_realdata
@pytest.mark.parametrize(("pattern", "register", "config"), registers_table(), ids=lambda v: str(v))
def test_every_real_register_is_read_by_its_example(pattern: str, register: str, config: str) -> None:
    files = expand(pattern)
    assert files, f"{pattern} matches no file"
    reads = config_files(EXAMPLES / config)
    missing = files - reads.get(register, set())
    assert not missing, f"{config} does not read {sorted(str(f) for f, _ in missing)} as {register}"


@needs_realdata
@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.stem)
def test_example_reads_only_listed_registers(config: Path) -> None:
    listed: dict[str, set[tuple[Path, str]]] = {}
    for pattern, register, name in registers_table():
        if name == config.name:
            listed.setdefault(register, set()).update(expand(pattern))
    assert config_files(config) == listed, f"the README's file table does not match what {config.name} reads"


@needs_realdata
@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.stem)
def test_xref_check_loads_and_reconciles_the_example(config: Path, record_property: pytest.RecordProperty) -> None:
    result = CliRunner().invoke(cli, ["check", "--config", str(config)])
    assert result.exit_code == 0, result.output
    found = RECONCILED.search(result.stdout)
    assert found, result.stdout[-2000:]
    record_property("reconciliation", found.group(0))
    read, loaded, quarantined = map(int, found.groups())
    assert read == loaded + quarantined
    assert loaded > 0, found.group(0)
    per_file = re.findall(r"rows read (\d+) = loaded (\d+) \+ quarantined (\d+)", result.stdout)
    assert per_file and all(int(r) == int(lo) + int(q) for r, lo, q in per_file)
    assert sum(int(r) for r, _, _ in per_file) == read


@needs_realdata
@pytest.mark.e2e
@pytest.mark.parametrize(
    ("example", "blind"),
    [
        ("trafford_cards", {"R011", "R012"}),  # no cardholder or card column
        ("commons_employment", {"R019"}),  # interests alone: nothing to compare them with
        ("city_of_london_gifts", {"R009"}),  # no approver recorded anywhere
    ],
)
def test_a_rule_that_could_check_nothing_on_a_real_export_is_not_evaluated(
    tmp_path: Path, example: str, blind: set[str]
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", "--config", str(EXAMPLES / f"{example}.toml"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rules = json.loads((out / "run.json").read_text(encoding="utf-8"))["rules"]
    looked_at_nothing = {
        r["rule_id"] for r in rules if r["coverage"] and not r["flags"] and not any(c["checked"] for c in r["coverage"])
    }
    assert looked_at_nothing <= {r["rule_id"] for r in rules if not r["evaluated"]}  # none says "0 flags"
    assert blind <= {r["rule_id"] for r in rules if not r["evaluated"]}
    for rule_id in blind:
        line = next(x for x in result.output.splitlines() if x.strip().startswith(rule_id))
        assert "not evaluated" in line and "0 flag(s)" not in line
