"""Reviewer decisions on supplier-name pairs (matching.md §5.6): they beat every score.

The match decisions file is read and written here, and nowhere else.

A decision is keyed on the *normalised keys* of the two names, not on ids or exact spellings, so it still applies
after a re-export that spells a name differently but normalises it to the same key. The file is an append-only
history: a later row for the same pair of keys replaces an earlier one.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
from pathlib import Path

import polars as pl

from xref.errors import InputFileError
from xref.names import CARD_SOURCE, normalise
from xref.safety import FORMULA_START
from xref.sheets import read_csv_table

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
    frame = read_csv_table(
        path, what="overrides file", option="--overrides", required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS
    )
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


# --- writing the file -------------------------------------------------------------------------------------------


DECISION_COLUMNS = ("name_a", "name_b", "decision", "reviewer", "decided_at", "note")
"""The decisions file's header when xref creates it (the columns :func:`xref.overrides.read_overrides` reads)."""


def shared_key(name_a: str, name_b: str) -> str | None:
    """The normalised name two names share, if any.

    A decision is keyed on normalised names (register and card-statement normalisation, see
    :func:`xref.overrides.read_overrides`), so a decision on two names that share one would reach every pair of names
    spelt like it: ``not_same`` would split them all, ``same`` on a name with no distinctive words would join them
    all.
    """
    common = _decision_keys(name_a) & _decision_keys(name_b)
    return min(common) if common else None


@functools.lru_cache(maxsize=65536)
def _decision_keys(raw: str) -> frozenset[str]:
    text = raw.strip()
    return frozenset({normalise(text).key, normalise(text, source=CARD_SOURCE).key})


def normalise_decision(text: str) -> str:
    """``Not Same`` / ``not-same`` / `` SAME `` → ``not_same`` / ``not_same`` / ``same`` (other text unchanged)."""
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def append_not_same(decisions_path: Path, pairs: list[tuple[str, str, str, str]], *, decided_at: str) -> int:
    """Append ``not_same`` decisions (``name_a, name_b, reviewer, note``) to the match decisions file.

    Used when a reviewer closes a flag as a false match, so the two names are never linked (or flagged) again.
    Pairs whose latest recorded decision is already ``not_same`` are skipped; returns how many lines were added.
    """
    exists = decisions_path.is_file() and decisions_path.stat().st_size > 0
    header = existing_header(decisions_path) if exists else list(DECISION_COLUMNS)
    recorded = recorded_decisions(decisions_path) if exists else {}
    rows = []
    for name_a, name_b, who, note in pairs:
        key = key_pair(name_a, name_b)
        if recorded.get(key, ("",))[0] == "not_same":
            continue
        recorded[key] = ("not_same", who, note)
        rows.append(
            {
                "name_a": safe_cell(name_a),
                "name_b": safe_cell(name_b),
                "decision": "not_same",
                "reviewer": safe_cell(who),
                "decided_at": decided_at,
                "note": safe_cell(note),
            }
        )
    if rows:
        append_decisions(decisions_path, header, rows, exists=exists)
    return len(rows)


def key_pair(name_a: str, name_b: str) -> tuple[str, str]:
    """The two names' normalised keys, in order: the pair a decision is recorded for."""
    low, high = sorted((normalise(name_a).key, normalise(name_b).key))
    return low, high


def recorded_decisions(decisions_path: Path) -> dict[tuple[str, str], tuple[str, str, str]]:
    """The latest ``(decision, reviewer, note)`` per pair of normalised names in the decisions file."""
    if not decisions_path.is_file() or decisions_path.stat().st_size == 0:
        return {}
    latest = latest_decisions(read_overrides(decisions_path))
    return {
        (min(ka, kb), max(ka, kb)): (d, r or "", n or "")
        for ka, kb, d, r, n in latest.select("key_a", "key_b", "decision", "reviewer", "note").iter_rows()
    }


def existing_header(path: Path) -> list[str]:
    """The decisions file's header, checked to hold every column a recorded decision needs."""
    read_overrides(path)  # a broken file is reported before anything is appended to it
    with path.open(encoding="utf-8-sig", newline="") as fh:
        header = [h.strip().lower() for h in next(csv.reader(fh), [])]
    missing = [c for c in DECISION_COLUMNS if c not in header]
    if missing:
        raise InputFileError(
            f"decisions file {path} has no {', '.join(missing)} column; add {', '.join(missing)} to its first line "
            f"(the lines below can stay as they are) so each decision is recorded with who made it and when"
        )
    return header


def safe_cell(value: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula (the name's normalised key is unchanged)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def append_decisions(path: Path, header: list[str], rows: list[dict[str, str]], *, exists: bool) -> None:
    """Append ``rows`` in the file's own column order and line ending; a new file gets a BOM and the header."""
    newline = "\n"
    prefix = ""
    if exists:
        existing = path.read_bytes()
        newline = "\r\n" if b"\r\n" in existing else "\n"
        if not existing.endswith((b"\n", b"\r")):
            prefix = newline
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    if not exists:
        writer.writerow(header)
    writer.writerows([[row.get(c, "") for c in header] for row in rows])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8-sig" if not exists else "utf-8", newline="") as fh:
            fh.write(prefix + buffer.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise InputFileError(
            f"cannot write decisions file {path}: {exc.strerror or exc}; close it if it is open and try again"
        ) from None
