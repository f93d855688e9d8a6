"""The national-scale benchmark generator (bench/national.py, issue #7) at a tiny fraction."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from xref.cli import cli

BENCH = Path(__file__).resolve().parent.parent / "bench"
FRACTION = 0.001


def _load_national() -> ModuleType:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))  # national.py imports bench_match from its own folder
    spec = importlib.util.spec_from_file_location("bench_national_generator", BENCH / "national.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


national = _load_national()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    out = tmp_path_factory.mktemp("national")
    manifest = national.generate_national(out, fraction=FRACTION, seed=7, layout="national")
    return out, manifest


def _data_lines(folder: Path, pattern: str) -> int:
    return sum(len(p.read_text(encoding="utf-8").splitlines()) - 1 for p in folder.glob(pattern))


def test_rows_scale_with_the_fraction(generated: tuple[Path, dict[str, object]]) -> None:
    out, manifest = generated
    rows = manifest["rows"]
    assert isinstance(rows, dict)
    for register, full in national.FULL_ROWS.items():
        assert rows[register] == max(1, round(full * FRACTION)), register
    assert national.sizes_for(2 * FRACTION)["cards"] == 2 * rows["cards"]
    # the files hold what the manifest says (no record spans two lines)
    assert _data_lines(out, "cards/*.csv") == rows["cards"] == 5_000
    assert _data_lines(out, "contracts/*_contracts.csv") == rows["contracts"] == 200
    assert _data_lines(out, "gifts/*.csv") == rows["gifts"] == 100
    assert _data_lines(out, "payments/*.csv") == rows["payments"] == 1_000
    assert _data_lines(out, "contracts/*_contract_roles.csv") == rows["contract_roles"] > 2 * rows["contracts"]
    # five financial years, one file each for the yearly registers
    assert sorted(p.name for p in (out / "cards").iterdir()) == [f"all_cards_{y}.csv" for y in national.YEARS]


def test_same_seed_same_bytes(generated: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    out, _ = generated
    again = national.generate_national(tmp_path / "again", fraction=FRACTION, seed=7, layout="national")
    assert again["files"] == generated[1]["files"]
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "again") for p in (tmp_path / "again").rglob("*") if p.is_file())
    for rel in files:
        assert (out / rel).read_bytes() == (tmp_path / "again" / rel).read_bytes(), rel
    other = national.generate_national(tmp_path / "other", fraction=FRACTION, seed=8, layout="national")
    rows, other_rows = generated[1]["rows"], other["rows"]
    assert isinstance(rows, dict) and isinstance(other_rows, dict)
    assert {k: other_rows[k] for k in national.FULL_ROWS} == {k: rows[k] for k in national.FULL_ROWS}
    assert (tmp_path / "other" / "cards" / "all_cards_2024-25.csv").read_bytes() != (
        out / "cards" / "all_cards_2024-25.csv"
    ).read_bytes()


def test_xref_check_reconciles_with_nothing_refused(generated: tuple[Path, dict[str, object]]) -> None:
    out, manifest = generated
    result = CliRunner().invoke(cli, ["check", "--config", str(out / "xref.toml")])
    assert result.exit_code == 0, result.output
    m = re.search(r"All files reconcile: (\d+) read = (\d+) loaded \+ (\d+) quarantined", result.output)
    assert m, result.output
    assert int(m.group(1)) == int(m.group(2)) == manifest["rows_total"]
    assert m.group(3) == "0"
    # every heading is one xref knows: nothing needs a column map
    config = (out / "xref.toml").read_text(encoding="utf-8")
    assert re.search(r"^\[inputs\.cards\]$", config, re.M)
    assert not re.search(r"^\[inputs\.\w+\.columns\]", config, re.M)


def test_supplier_strings_overlap_across_registers(generated: tuple[Path, dict[str, object]]) -> None:
    out, manifest = generated
    keys = national.supplier_keys(out)
    assert keys["contracts"] & keys["payments"]
    assert keys["contracts"] & (keys["gifts"] | keys["interests"] | keys["cards"])
    overlap = manifest["overlap"]
    assert isinstance(overlap, dict)
    assert overlap["contracts&payments"] > 0
    distinct = manifest["distinct_supplier_strings"]
    assert isinstance(distinct, dict)
    assert distinct["cards"] > distinct["contracts"] > 0


def test_force_layout_writes_files_per_force_and_year(tmp_path: Path) -> None:
    manifest = national.generate_national(tmp_path, fraction=0.0002, seed=7)
    assert manifest["layout"] == "force"
    files = list(tmp_path.rglob("*.csv"))
    assert len(files) + 1 == manifest["files"] < 1_000
    assert all(re.fullmatch(r"P\d\d_cards_20\d\d-\d\d\.csv", p.name) for p in (tmp_path / "cards").iterdir())
