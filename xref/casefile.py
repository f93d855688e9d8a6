"""The persistent case file (DuckDB): runs, their inputs and flags, kept from one quarter to the next.

Schema changes are append-only migrations in ``sql/schema/NNN_*.sql``, applied in order and recorded in
``xref_migrations``. A run is written in one transaction: all of it is kept, or none of it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl

from xref.db import Database
from xref.sqlfiles import sql_root


def migrate(db: Database) -> list[str]:
    """Apply the schema migrations not yet applied; returns their names."""
    db.execute(
        "create table if not exists xref_migrations ("
        "version integer primary key, name varchar not null, applied_at timestamp default current_timestamp)"
    )
    done = {row[0] for row in db.rows("select version from xref_migrations")}
    applied = []
    for path in sorted((sql_root() / "schema").glob("[0-9][0-9][0-9]_*.sql")):
        version = int(path.name[:3])
        if version in done:
            continue
        with db.transaction():
            db.execute_script(path.read_text(encoding="utf-8"))
            db.execute("insert into xref_migrations (version, name) values ($v, $n)", {"v": version, "n": path.name})
        applied.append(path.name)
    return applied


def open_case_file(path: Path) -> Database:
    """Open (creating if needed) the case file and bring its schema up to date."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    try:
        migrate(db)
    except Exception:
        db.close()
        raise
    return db


def record_run(path: Path, *, run_info: dict[str, Any], recon: pl.DataFrame, flags: pl.DataFrame) -> None:
    """Store one run, its input manifest and its flags, in a single transaction."""
    db = open_case_file(path)
    try:
        run_id = run_info["run_id"]
        period = run_info["period"]
        with db.transaction():
            for table in ("flags", "run_inputs", "runs"):
                db.execute(f"delete from {table} where run_id = $r", {"r": run_id})  # same run recorded again
            db.execute(
                "insert into runs values ($run_id, $started, $version, $label, $from, $to, $json)",
                {
                    "run_id": run_id,
                    "started": run_info["started_at"],
                    "version": run_info["xref_version"],
                    "label": period["label"],
                    "from": period["from"],
                    "to": period["to"],
                    "json": json.dumps(run_info, default=str, sort_keys=True),
                },
            )
            db.insert_frame(
                "run_inputs",
                recon.select(
                    pl.lit(run_id).alias("run_id"),
                    "register",
                    "file",
                    "sha256",
                    "rows_read",
                    "rows_loaded",
                    "rows_quarantined",
                ),
            )
            db.insert_frame("flags", flags.with_columns(pl.lit(run_id).alias("run_id")))
    finally:
        db.close()


def run_history(path: Path) -> pl.DataFrame:
    """Runs recorded in the case file, newest first, with their flag counts."""
    db = open_case_file(path)
    try:
        return db.query(
            "select r.run_id, r.started_at, r.period_label, count(f.flag_id) as flags "
            "from runs as r left join flags as f using (run_id) "
            "group by all order by r.started_at desc"
        )
    finally:
        db.close()
