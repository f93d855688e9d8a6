"""Reviewer decisions on supplier-name pairs (matching.md §5.6): they beat every score.

A decision is keyed on the *normalised keys* of the two names, not on ids or exact spellings, so it still applies
after a re-export that spells a name differently but normalises it to the same key. The file is an append-only
history: a later row for the same pair of keys replaces an earlier one.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from xref.errors import InputFileError
from xref.names import CARD_SOURCE, normalise

DECISIONS = ("same", "not_same")
REQUIRED_COLUMNS = ("name_a", "name_b", "decision")
OPTIONAL_COLUMNS = ("reviewer", "decided_at", "note")


def read_overrides(path: Path) -> pl.DataFrame:
    """Read and check a reviewer decisions CSV.

    Args:
        path: CSV with columns ``name_a, name_b, decision`` (``same`` or ``not_same``) and optionally
            ``reviewer, decided_at, note``.

    Returns:
        One row per decision in file order, with ``row`` (line number in the file), the optional columns (null
        when absent) and ``key_a, key_b`` (register normalisation) plus ``key_a_card, key_b_card`` (card-statement
        normalisation): a decision applies to a name whose key equals either.

    Raises:
        InputFileError: the file is missing or unreadable, a required column is absent, or a row has an empty name
            or a decision other than ``same`` / ``not_same``.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputFileError(f"overrides file {path} does not exist; check --overrides") from None
    except UnicodeDecodeError:
        raise InputFileError(f"overrides file {path} is not UTF-8 text; save it as CSV UTF-8") from None
    try:
        frame = pl.read_csv(io.StringIO(text), infer_schema=False) if text.strip() else pl.DataFrame()
    except pl.exceptions.ComputeError as exc:
        raise InputFileError(f"overrides file {path} is not a readable CSV: {str(exc).splitlines()[0]}") from None
    frame = frame.rename({c: c.strip().lower() for c in frame.columns})
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise InputFileError(
            f"overrides file {path} lacks column(s) {', '.join(missing)}; "
            f"the header must include {', '.join(REQUIRED_COLUMNS)} (optional: {', '.join(OPTIONAL_COLUMNS)})"
        )
    for column in OPTIONAL_COLUMNS:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(column))
    frame = frame.select(
        (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias("row"),  # line 1 is the header
        *(pl.col(c).str.strip_chars() for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)),
    ).with_columns(pl.col("decision").str.to_lowercase().str.replace_all(r"[\s-]+", "_"))
    _check_rows(frame, path)
    keys = {
        f"key_{side}{suffix}": [normalise(raw, source=source).key for raw in frame[f"name_{side}"].to_list()]
        for side in ("a", "b")
        for suffix, source in (("", ""), ("_card", CARD_SOURCE))
    }
    return frame.with_columns(pl.Series(name, values, dtype=pl.Utf8) for name, values in keys.items())


def _check_rows(frame: pl.DataFrame, path: Path) -> None:
    for row, name_a, name_b, decision in frame.select("row", "name_a", "name_b", "decision").iter_rows():
        if not name_a or not name_b:
            raise InputFileError(f"overrides file {path} row {row}: name_a and name_b must both be filled in")
        if decision not in DECISIONS:
            raise InputFileError(
                f"overrides file {path} row {row}: decision {decision!r} is not one of same, not_same; "
                "write same (one supplier) or not_same (different suppliers)"
            )


def latest_decisions(overrides: pl.DataFrame) -> pl.DataFrame:
    """Keep the last row for each unordered pair of keys (the file is an append-only history)."""
    pair = pl.concat_list(pl.min_horizontal("key_a", "key_b"), pl.max_horizontal("key_a", "key_b"))
    return overrides.with_columns(pair.alias("_pair")).unique("_pair", keep="last", maintain_order=True).drop("_pair")


def decided_pairs(overrides: pl.DataFrame, names: pl.DataFrame) -> pl.DataFrame:
    """The name pairs each (latest) decision applies to.

    Args:
        overrides: the frame from :func:`read_overrides`.
        names: ``name_id`` and ``key`` of every name being matched.

    Returns:
        ``name_a < name_b, decision, reviewer, decided_at, note, override_row``; when several decisions reach the
        same pair of names, the one written last wins.
    """
    latest = latest_decisions(overrides)
    sides = []
    for side in ("a", "b"):
        sides.append(
            pl.concat(
                [
                    latest.select("row", pl.col(f"key_{side}").alias("key")),
                    latest.select("row", pl.col(f"key_{side}_card").alias("key")),
                ]
            )
            .unique()
            .join(names.select("name_id", "key"), on="key")
            .select("row", pl.col("name_id").alias(f"id_{side}"))
        )
    pairs = (
        sides[0]
        .join(sides[1], on="row")
        .filter(pl.col("id_a") != pl.col("id_b"))
        .select(
            "row",
            pl.min_horizontal("id_a", "id_b").alias("name_a"),
            pl.max_horizontal("id_a", "id_b").alias("name_b"),
        )
        .sort("row")
        .unique(["name_a", "name_b"], keep="last", maintain_order=True)
    )
    return pairs.join(latest.select("row", "decision", "reviewer", "decided_at", "note"), on="row").select(
        "name_a", "name_b", "decision", "reviewer", "decided_at", "note", pl.col("row").alias("override_row")
    )
