"""Output safety shared by every writer: cells a spreadsheet would run as a formula are neutralised.

A value from an input file that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return, which some
spreadsheets skip before reading a formula) gets a leading ``'``, in CSV and XLSX alike (OWASP "CSV injection").
"""

from __future__ import annotations

import polars as pl

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Make text cells safe to open in a spreadsheet; list columns become "; "-joined text."""
    exprs = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if isinstance(dtype, pl.List):
            col = col.cast(pl.List(pl.Utf8)).list.join("; ")
            dtype = pl.Utf8()
        if dtype == pl.Utf8:
            starts = pl.any_horizontal([col.str.starts_with(c) for c in FORMULA_START])
            col = pl.when(starts).then(pl.lit("'") + col).otherwise(col)
        exprs.append(col.alias(name))
    return frame.select(exprs)
