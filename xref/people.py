"""Who a register row is about. People are matched only exactly, after normalisation — never fuzzily.

A wrong person match puts a named colleague in front of PSD, so "J Smith" is never taken to be "Jane Smith".
Ranks and titles ("DS", "PC", "Mrs") and "Surname, Forename" order are the only variations forgiven.
"""

from __future__ import annotations

import re

import polars as pl

TITLES = (
    "pc",
    "dc",
    "ps",
    "ds",
    "di",
    "dci",
    "dsu",
    "sgt",
    "insp",
    "inspector",
    "sergeant",
    "constable",
    "supt",
    "superintendent",
    "ch supt",
    "ch insp",
    "chief insp",
    "det insp",
    "det supt",
    "det sgt",
    "chief superintendent",
    "chief inspector",
    "ci",
    "acc",
    "dcc",
    "cc",
    "chief constable",
    "deputy chief constable",
    "assistant chief constable",
    "det",
    "detective",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "sir",
    "dame",
    "cllr",
    "councillor",
    "rt hon",
    "the rt hon",
    "lord",
    "lady",
    "baroness",
    "rev",
    "staff",
    "special constable",
    "spc",
    "pcso",
)
_TITLE_RE = r"^(?:(?:" + "|".join(sorted((re.escape(t) for t in TITLES), key=len, reverse=True)) + r")(?:\s+|$))+"


def person_key(col: str) -> pl.Expr:
    """Normalise a person's name for exact matching: ``"Smith, Jane"``, ``"DS JANE SMITH"`` → ``"jane smith"``."""
    s = pl.col(col).str.strip_chars().str.to_lowercase()
    # "Surname, Forename(s)" → "Forename(s) Surname" (only with exactly one comma).
    swapped = s.str.replace(r"^([^,]+),\s*([^,]+)$", "$2 $1")
    cleaned = (
        swapped.str.replace_all(r"\([^)]*\)", " ")
        .str.replace_all(r"[.'’]", "")
        .str.replace_all(r"[^0-9a-z]+", " ")
        .str.strip_chars()
    )
    key = cleaned.str.replace(_TITLE_RE, "").str.strip_chars()
    return pl.when(key == "").then(None).otherwise(key)


def staff_id_key(col: str) -> pl.Expr:
    """Normalise a staff number for matching (case and spaces ignored)."""
    key = pl.col(col).str.to_uppercase().str.replace_all(r"\s+", "")
    return pl.when(key == "").then(None).otherwise(key)


def resolve_people(frame: pl.DataFrame, field: str, staff: pl.DataFrame | None) -> pl.DataFrame:
    """Point ``<field>_key`` at the staff list where the person is on it (by staff number, else by unique name).

    Without a staff list, or for someone not on it, the key stays the normalised name. Adds ``<field>_staff_id``.
    """
    key_col, id_col = f"{field}_key", f"{field}_staff_id"
    if staff is None or staff.is_empty() or frame.is_empty():
        return frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(id_col))
    by_id = staff.select(pl.col("staff_id_key").alias("_sid"), pl.col("staff_id").alias("_by_id")).unique("_sid")
    # A name shared by two people on the staff list identifies neither: leave those unresolved.
    by_name = (
        staff.filter(pl.col("name_key").is_not_null())
        .group_by("name_key")
        .agg(pl.col("staff_id").first().alias("_by_name"), pl.len().alias("_n"))
        .filter(pl.col("_n") == 1)
        .select(pl.col("name_key").alias("_nk"), "_by_name")
    )
    resolved = (
        frame.with_columns(staff_id_key(field).alias("_sid"))
        .join(by_id, on="_sid", how="left")
        .join(by_name, left_on=key_col, right_on="_nk", how="left")
        .with_columns(pl.coalesce("_by_id", "_by_name").alias(id_col))
        .with_columns(
            pl.when(pl.col(id_col).is_not_null())
            .then(pl.concat_str(pl.lit("staff:"), pl.col(id_col).str.to_uppercase()))
            .otherwise(pl.col(key_col))
            .alias(key_col)
        )
    )
    return resolved.drop("_sid", "_by_id", "_by_name")
