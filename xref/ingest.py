"""Ingest stage: read and validate every input file, check reconciliation, resolve people to the staff list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from xref.config import RunConfig
from xref.load import read_register_file
from xref.people import resolve_people
from xref.reconcile import reconcile
from xref.schemas import REGISTERS
from xref.validate import ISSUE_SCHEMA, QUARANTINE_SCHEMA, ValidatedFile, empty_rows, validate_file

Progress = Callable[[str], None]


def quiet(_: str) -> None:
    """Default progress sink: say nothing."""


@dataclass
class Inputs:
    """Every input file, loaded and validated, with the combined staging tables."""

    files: list[ValidatedFile]
    tables: dict[str, pl.DataFrame]
    recon: pl.DataFrame
    quarantine: pl.DataFrame
    issues: pl.DataFrame
    """Unreadable optional values, then each file's notes (assumptions such as ``ambiguous_date_order``)."""

    @property
    def supplied(self) -> set[str]:
        """Registers for which at least one file was given."""
        return {v.file.register for v in self.files}


def load_inputs(config: RunConfig, progress: Progress = quiet, *, today: dt.date | None = None) -> Inputs:
    """Read and validate every input file; rows read = loaded + quarantined is checked per file.

    ``today`` is the run date: event dates after it are quarantined (``future_date``); default today.
    """
    validated: list[ValidatedFile] = []
    files = [(name, path) for name, spec in config.inputs.items() for path in spec.files]
    rows = 0
    for i, (name, path) in enumerate(files):
        # "i/n" lets a progress display estimate the time left
        progress(f"loading: file {i + 1}/{len(files)}, {rows:,} rows so far ({name}: {path.name})")
        spec = config.inputs[name]
        loaded = read_register_file(path, REGISTERS[name], spec.columns)
        validated.append(validate_file(loaded, REGISTERS[name], today=today))
        rows += validated[-1].file.rows_read
    recon = reconcile(validated)
    tables: dict[str, pl.DataFrame] = {}
    for name, register in REGISTERS.items():
        parts = [v.rows for v in validated if v.file.register == name]
        tables[name] = pl.concat(parts) if parts else empty_rows(register)
    staff = tables["staff"] if not tables["staff"].is_empty() else None
    for name, register in REGISTERS.items():
        if name == "staff":
            continue
        # every person column (a gift's recipient and its approver alike), so rules can compare them
        for fld in register.fields:
            if fld.type == "person":
                tables[name] = resolve_people(tables[name], fld.name, staff)
    quarantine = pl.concat([v.quarantine for v in validated]) if validated else pl.DataFrame(schema=QUARANTINE_SCHEMA)
    issue_parts = [v.issues for v in validated] + [v.notes for v in validated]
    issues = pl.concat(issue_parts) if issue_parts else pl.DataFrame(schema=ISSUE_SCHEMA)
    return Inputs(validated, tables, recon, quarantine, issues)
