"""Rows read = rows loaded + rows quarantined, for every file. A mismatch is a bug and stops the run."""

from __future__ import annotations

import polars as pl

from xref.errors import ReconciliationError
from xref.validate import ValidatedFile

RECON_SCHEMA = {
    "register": pl.Utf8,
    "file": pl.Utf8,
    "sha256": pl.Utf8,
    "format": pl.Utf8,
    "encoding": pl.Utf8,
    "header_row": pl.Int64,
    "rows_read": pl.Int64,
    "rows_loaded": pl.Int64,
    "rows_quarantined": pl.Int64,
    "values_unreadable": pl.Int64,
    "note": pl.Utf8,
}


def reconcile(files: list[ValidatedFile]) -> pl.DataFrame:
    """One line per file with its counts; raises if any file does not balance."""
    records = []
    for v in files:
        read, loaded, held = v.file.rows_read, v.rows.height, v.quarantine.height
        if read != loaded + held:
            raise ReconciliationError(
                f"{v.file.register} file {v.file.path}: {read} rows read but {loaded} loaded + {held} quarantined "
                f"= {loaded + held}; this is a bug in xref, please report it with the file"
            )
        records.append(
            {
                "register": v.file.register,
                "file": f"{v.file.path} [{v.file.sheet}]" if v.file.sheet else str(v.file.path),
                "sha256": v.file.sha256,
                "format": v.file.file_format,
                "encoding": v.file.encoding,
                "header_row": v.file.header_row,
                "rows_read": read,
                "rows_loaded": loaded,
                "rows_quarantined": held,
                "values_unreadable": v.issues.height,
                "note": "; ".join(note for _, note in v.file.notes) or None,
            }
        )
    return pl.DataFrame(records, schema=RECON_SCHEMA)
