"""Ingest stage: read and validate every input file, check reconciliation, resolve people, stage rows in DuckDB.

Rows go to DuckDB (their staged tables, :mod:`xref.staging`) a batch of files at a time, so memory holds one batch,
not every register: DuckDB keeps the staged rows within its memory limit and spills the rest to its temporary
directory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from xref.config import RunConfig
from xref.db import Database
from xref.headings import inferred, reading_record
from xref.load import LoadedFile, lineage_labels, read_register
from xref.people import resolve_people
from xref.reconcile import reconcile
from xref.schemas import REGISTERS, Register
from xref.staging import StagedTables, count_rows, create_staged_tables, stage_rows
from xref.validate import ISSUE_SCHEMA, QUARANTINE_SCHEMA, ColumnHealth, ValidatedFile, validate_files

Progress = Callable[[str], None]
BATCH_ROWS = 200_000
"""Rows read before a batch of files is validated and staged: large enough that per-file costs vanish, small
enough that a batch's working memory (the text grid and its typed copy) stays well under a gigabyte."""


def quiet(_: str) -> None:
    """Default progress sink: say nothing."""


@dataclass
class Inputs:
    """Every input file, loaded and validated; the rows themselves are staged in ``db``."""

    files: list[ValidatedFile]
    """Per file: its description (without its cells), quarantined rows and issues; ``rows`` is left empty."""
    db: Database
    recon: pl.DataFrame
    quarantine: pl.DataFrame
    issues: pl.DataFrame
    """Unreadable optional values, then each file's notes (assumptions such as ``ambiguous_date_order``)."""
    tables: StagedTables = field(init=False)

    def __post_init__(self) -> None:
        self.tables = StagedTables(self.db)

    def heading_records(self) -> list[dict[str, Any]]:
        """Per file (and worksheet), how its headings were read (:func:`xref.headings.reading_record`)."""
        return [
            {
                "register": v.file.register,
                "file": str(v.file.path),
                "sheet": v.file.sheet,
                "header_row": v.file.header_row,
                **reading_record(v.file.readings, v.file.doubts),
            }
            for v in self.files
        ]

    def inferred_headings(self) -> dict[str, list[str]]:
        """Per register, the fields read from their headings' words (not an alias or xref.toml): field ← heading."""
        out: dict[str, list[str]] = {}
        for v in self.files:
            for r in inferred(v.file.readings):
                line = f"{r.field} ← {r.heading!r}"
                if line not in out.setdefault(v.file.register, []):
                    out[v.file.register].append(line)
        return out

    @property
    def column_health(self) -> list[ColumnHealth]:
        """Columns whose values mostly could not be read, over every file (:func:`xref.validate._column_health`)."""
        return [h for v in self.files for h in v.health]

    @property
    def mapped_fields(self) -> dict[str, set[str]]:
        """Per register given, the fields some file of it has a column for."""
        out: dict[str, set[str]] = {}
        for v in self.files:
            out.setdefault(v.file.register, set()).update(r.field for r in v.file.readings)
        return out

    @property
    def supplied(self) -> set[str]:
        """Registers for which at least one file was given."""
        return {v.file.register for v in self.files}

    @property
    def unusable(self) -> dict[str, str]:
        """Registers given but holding no usable row, with why.

        Rules needing them are not evaluated, as for a register not given at all: a header-only file is a nil
        return, and "no flags" would claim a check was made.
        """
        out: dict[str, str] = {}
        totals = self.recon.group_by("register").agg(pl.col("rows_read").sum(), pl.col("rows_loaded").sum())
        for name, read, loaded in totals.sort("register").iter_rows():
            if loaded:
                continue
            files = "file holds" if self.recon.filter(pl.col("register") == name).height == 1 else "files hold"
            out[name] = (
                f"the {name} {files} no rows (a nil return)"
                if not read
                else f"none of the {read} row(s) of the {name} {files.split()[0]} could be used (see quarantine.csv)"
            )
        return out

    def count(self, name: str) -> int:
        """Rows staged for a register."""
        return count_rows(self.db, name)


def load_inputs(
    config: RunConfig, progress: Progress = quiet, *, today: dt.date | None = None, db: Database | None = None
) -> Inputs:
    """Read and validate every input file and stage its rows; rows read = loaded + quarantined is checked per file.

    ``today`` is the run date: event dates after it are quarantined (``future_date``); default today.
    ``db`` receives the staged tables (default: a new in-memory database).
    """
    db = db or Database()
    given = [(name, path) for name, spec in config.inputs.items() for path in spec.files]
    labels = lineage_labels([path for _, path in given])
    # the staff list first: every other register's people are resolved against it as their rows are staged
    todo = sorted(enumerate(given), key=lambda item: item[1][0] != "staff")
    create_staged_tables(db)
    staff: pl.DataFrame | None = None
    done: dict[tuple[int, int], ValidatedFile] = {}
    """Each file's parts (one per worksheet read), by (position in the run's inputs, part)."""
    recon_parts: list[pl.DataFrame] = []
    batch: list[tuple[tuple[int, int], LoadedFile]] = []
    first_seen: dict[tuple[str, str], Path] = {}
    """Each export's first path, by (register, SHA-256): only the path, so no file's cells outlive its batch."""

    def flush() -> None:
        nonlocal staff
        if not batch:
            return
        register = REGISTERS[batch[0][1].register]
        validated = validate_files([f for _, f in batch], register, today=today)
        positions = [k for k, _ in batch]
        recon_parts.append(
            reconcile(validated).with_columns(
                pl.Series("_pos", [k[0] for k in positions], dtype=pl.Int64),
                pl.Series("_part", [k[1] for k in positions], dtype=pl.Int64),
            )
        )
        staged = pl.concat([v.rows for v in validated], rechunk=False)
        if register.people_list:
            staff = staged if staff is None else pl.concat([staff, staged])
        stage_rows(db, register.name, _people(staged, register, staff))
        for k, v in zip(positions, validated, strict=True):
            done[k] = replace(v, file=v.file.without_grid(), rows=v.rows.clear())
        batch.clear()

    rows = 0
    for n, (i, (name, path)) in enumerate(todo):
        # "i/n" lets a progress display estimate the time left
        progress(f"loading: file {n + 1}/{len(todo)}, {rows:,} rows so far ({name}: {path.name})")
        parts = read_register(path, REGISTERS[name], config.inputs[name].columns, label=labels[i])
        key = (name, parts[0].sha256)
        if key in first_seen:
            # the same export given twice (a wildcard and a named file, two copies): loading it again would double
            # every total, so it is listed with no rows read and a note
            parts = [_repeat_of(parts[0], first_seen[key])]
        else:
            first_seen[key] = parts[0].path
        for j, loaded in enumerate(parts):
            if batch and (batch[0][1].register != name or sum(f.rows_read for _, f in batch) >= BATCH_ROWS):
                flush()
            batch.append(((i, j), loaded))
            rows += loaded.rows_read
    flush()
    validated = [done[k] for k in sorted(done)]
    recon = pl.concat(recon_parts).sort("_pos", "_part").drop("_pos", "_part") if recon_parts else reconcile([])
    quarantine = pl.concat([v.quarantine for v in validated]) if validated else pl.DataFrame(schema=QUARANTINE_SCHEMA)
    issue_parts = [v.issues for v in validated] + [v.notes for v in validated]
    issues = pl.concat(issue_parts) if issue_parts else pl.DataFrame(schema=ISSUE_SCHEMA)
    return Inputs(validated, db, recon, quarantine, issues)


def _repeat_of(loaded: LoadedFile, earlier: Path) -> LoadedFile:
    """A file whose bytes are another input's (first given as ``earlier``): described, with no rows, and a note."""
    where = str(earlier) if earlier != loaded.path else "itself, given twice"
    note = f"the same file (same SHA-256) as {where}: not loaded again"
    return replace(loaded, grid=loaded.grid.clear(), grid_rows=0, sheet=None, notes=(("duplicate_file", note),))


def _people(frame: pl.DataFrame, register: Register, staff: pl.DataFrame | None) -> pl.DataFrame:
    """Resolve every person column (a gift's recipient and its approver alike) so rules can compare them."""
    if register.people_list:
        return frame
    for fld in register.fields:
        if fld.type == "person":
            frame = resolve_people(frame, fld.name, staff)
    return frame
