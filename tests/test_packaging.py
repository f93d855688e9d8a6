"""The wheel carries the SQL, word lists and report template, and an installed xref finds them (not the checkout)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.e2e


def test_installed_wheel_runs_from_its_own_sql(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels)]
    subprocess.run([*build, str(ROOT)], check=True, capture_output=True)
    (wheel,) = wheels.glob("xref-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for sql in (ROOT / "sql").rglob("*.sql"):
        assert f"xref/sql/{sql.relative_to(ROOT / 'sql').as_posix()}" in names
    assert "xref/templates/report.html.j2" in names
    assert "xref/data/legal_forms.csv" in names

    target = tmp_path / "site"
    install = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)]
    subprocess.run(install, check=True, capture_output=True)
    probe = (
        "import xref, xref.sqlfiles as s, xref.rules as r;"
        "print(xref.__file__); print(s.sql_root()); print(len(r.load_rules()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": ""},
    ).stdout.splitlines()
    assert out[0].startswith(str(target)), out
    assert out[1] == str(target / "xref" / "sql"), out
    assert int(out[2]) == len(list((ROOT / "sql" / "rules").glob("*.sql")))
