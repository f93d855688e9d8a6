"""DuckDB's own typed ``read_csv`` of a data set's files: the floor xref's load stage is measured against (issue #20).

``bench/bench_national.py`` runs this in its own process after each ``xref run``, on the same files (the globs of
the set's ``xref.toml`` ``[inputs.*] files``), with the same DuckDB memory limit and thread count, into a fresh
DuckDB file in the run's folder::

    .venv/bin/python bench/read_csv_floor.py --config bench/data/national-0.1-2025/xref.toml --db /tmp/floor.duckdb

For each register: one ``CREATE TABLE … AS SELECT * FROM read_csv($files, union_by_name = true, filename = true,
ignore_errors = true)`` — DuckDB sniffs each file's dialect, header and column types and reads them in parallel.
That is less than xref's load does (heading recognition, per-row quarantine with reasons, raw text kept for
evidence, people resolution), so it is a floor, not a like-for-like. Prints one JSON object on stdout:
``{"seconds": …, "rows": …, "files": …, "registers": {name: {"files", "rows", "seconds"}}}``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb  # noqa: TID251 -- the floor is DuckDB itself, not xref's database layer


def files_by_register(config: Path) -> dict[str, list[str]]:
    """Each ``[inputs.<register>]``'s CSV files, from its ``files`` globs (relative to the config's folder)."""
    spec = tomllib.loads(config.read_text(encoding="utf-8")).get("inputs", {})
    out: dict[str, list[str]] = {}
    for name, entry in spec.items():
        patterns = entry.get("files", [])
        patterns = [patterns] if isinstance(patterns, str) else patterns
        files = sorted({str(p) for pattern in patterns for p in config.parent.glob(pattern) if p.suffix == ".csv"})
        if files:
            out[name] = files
    return out


def measure(config: Path, db: Path, memory_limit: str, threads: int | None) -> dict[str, object]:
    """Read every register's files into typed tables of a fresh DuckDB file; seconds include connecting."""
    t0 = time.perf_counter()
    settings: dict[str, Any] = {"memory_limit": memory_limit, "temp_directory": str(db) + ".tmp"}
    if threads:
        settings["threads"] = threads
    con = duckdb.connect(str(db), config=settings)
    registers: dict[str, dict[str, float | int]] = {}
    for name, files in files_by_register(config).items():
        t = time.perf_counter()
        table = f'"floor_{name}"'  # register names are TOML keys xref accepts: letters, digits, underscores
        con.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_csv($files, union_by_name = true, filename = true, "
            "ignore_errors = true)",
            {"files": files},
        )
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        registers[name] = {"files": len(files), "rows": int(row[0]) if row else 0, "seconds": time.perf_counter() - t}
    con.close()
    return {
        "seconds": round(time.perf_counter() - t0, 2),
        "rows": sum(int(r["rows"]) for r in registers.values()),
        "files": sum(int(r["files"]) for r in registers.values()),
        "registers": {k: {**v, "seconds": round(float(v["seconds"]), 2)} for k, v in registers.items()},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, required=True, help="the data set's xref.toml")
    parser.add_argument("--db", type=Path, required=True, help="a DuckDB file to create (must not exist)")
    parser.add_argument("--memory-limit", default="1GB", help="DuckDB's memory limit (xref's default: 1GB)")
    parser.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    args = parser.parse_args(argv)
    if args.db.exists():
        parser.error(f"{args.db} exists: give a new file")
    print(json.dumps(measure(args.config.resolve(), args.db, args.memory_limit, args.threads)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
