"""The case file keeps runs across quarters and upgrades its schema in place."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from conftest import ROOT

from xref.casefile import migrate, record_run, run_history
from xref.db import Database
from xref.flags import FLAG_COLUMNS, flag_id
from xref.reconcile import RECON_SCHEMA
from xref.sqlfiles import read_sql


def run_info(run_id: str, started: str) -> dict[str, object]:
    return {
        "run_id": run_id,
        "started_at": started,
        "xref_version": "0",
        "period": {"label": "2025Q1", "from": "2025-01-01", "to": "2025-03-31"},
    }


def one_flag() -> pl.DataFrame:
    row: dict[str, object] = {k: None for k in FLAG_COLUMNS}
    row.update(
        flag_id=flag_id("R001", "C1:G1"),
        rule_id="R001",
        rule_title="t",
        severity="high",
        summary="s",
        subject_key="C1:G1",
        evidence=["g.csv:2"],
        match_pair=["N1", "N2"],
    )
    return pl.DataFrame([row], schema=FLAG_COLUMNS)


def test_a_case_file_from_an_older_version_is_upgraded_and_keeps_its_runs(tmp_path: Path) -> None:
    path = tmp_path / "xref.duckdb"
    db = Database(path)  # a case file written before migration 002 existed
    db.execute(
        "create table xref_migrations (version integer primary key, name varchar not null, "
        "applied_at timestamp default current_timestamp)"
    )
    db.execute_script(read_sql("schema/001_case_file.sql"))
    db.execute("insert into xref_migrations (version, name) values (1, '001_case_file.sql')")
    db.execute(
        "insert into runs values ('old', '2024-10-01 09:00:00', '0', '2024Q3', '2024-07-01', '2024-09-30', '{}')"
    )
    db.close()

    record_run(
        path, run_info=run_info("new", "2025-04-07T09:00:00"), recon=pl.DataFrame(schema=RECON_SCHEMA), flags=one_flag()
    )
    history = run_history(path)
    assert history["run_id"].to_list() == ["new", "old"]
    assert history["flags"].to_list() == [1, 0]
    db = Database(path)
    try:
        assert db.rows("select match_pair from flags") == [(["N1", "N2"],)]
        assert migrate(db) == []  # nothing left to apply
    finally:
        db.close()


def test_recording_the_same_run_twice_replaces_it(tmp_path: Path) -> None:
    path = tmp_path / "xref.duckdb"
    for _ in range(2):
        record_run(
            path,
            run_info=run_info("r1", "2025-04-07T09:00:00"),
            recon=pl.DataFrame(schema=RECON_SCHEMA),
            flags=one_flag(),
        )
    assert run_history(path)["flags"].to_list() == [1]


def test_every_case_file_query_the_code_names_is_in_the_queries_file() -> None:
    from xref.sqlfiles import named_queries

    queries = named_queries("casefile/queries.sql")
    code = "".join((ROOT / "xref" / f).read_text(encoding="utf-8") for f in ("casefile.py", "flag_review.py"))
    named = set(re.findall(r'case_sql\("(\w+)"\)', code))
    named |= {f"forget_run_{t}" for t in ("flags", "run_inputs", "flag_evidence", "run_reports", "runs")}
    assert named and named <= set(queries)
    assert set(queries) - named == set()  # none left unused
    assert all(not q.lstrip().startswith("--") and not q.endswith(";") for q in queries.values())


def test_a_query_named_twice_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xref import sqlfiles
    from xref.errors import SqlFileError

    (tmp_path / "q.sql").write_text("-- name: a\nselect 1;\n-- name: a\nselect 2;\n", encoding="utf-8")
    monkeypatch.setattr(sqlfiles, "sql_root", lambda: tmp_path)
    sqlfiles.named_queries.cache_clear()
    with pytest.raises(SqlFileError, match="'a' is named twice"):
        sqlfiles.named_queries("q.sql")
    sqlfiles.named_queries.cache_clear()
