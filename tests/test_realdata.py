"""Every real register example in examples/realdata loads and reconciles (needs ../shared; skipped without it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SHARED

from xref.config import build_config
from xref.ingest import load_inputs

EXAMPLES = sorted((ROOT / "examples" / "realdata").glob("*.toml"))

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not (SHARED / "realdata").is_dir(), reason="../shared/realdata is not present"),
]


@pytest.mark.parametrize("config_path", EXAMPLES, ids=lambda p: p.stem)
def test_real_register_loads_and_reconciles(config_path: Path) -> None:
    config = build_config(config_path=config_path, cli_files={})
    inputs = load_inputs(config)
    recon = inputs.recon
    assert recon.height == sum(len(spec.files) for spec in config.inputs.values())
    assert (recon["rows_read"] == recon["rows_loaded"] + recon["rows_quarantined"]).all()
    assert recon["rows_loaded"].sum() > 0
