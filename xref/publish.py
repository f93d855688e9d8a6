"""The gifts and hospitality register in a form a force can publish: no personal names, nothing internal.

Recipients are shown by role and department (from the staff list, else the register's own department), names of
staff and recipients are removed from free text, internal fields (approver, declared-by, row lineage) are dropped,
and a final check refuses to write a register in which any known name still appears.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from xref.errors import InputFileError
from xref.people import TITLES
from xref.safety import neutralise

PUBLIC_COLUMNS = {
    "ref": "Reference",
    "offer_date": "Date of offer",
    "recipient_role": "Recipient (role and department)",
    "offeror": "Offered by",
    "description": "Description",
    "kind": "Gift or hospitality",
    "value": "Estimated value (£)",
    "status_raw": "Accepted or declined",
}
REDACTED = "[name removed]"
_APOSTROPHES = {"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_TITLE_WORDS = frozenset(w for t in TITLES for w in t.split())


@dataclass(frozen=True)
class Publication:
    """The publishable register and what was done to it."""

    frame: pl.DataFrame
    names_checked: int
    cells_redacted: int


def public_gifts(
    gifts: pl.DataFrame,
    staff: pl.DataFrame,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Publication:
    """Build the publishable register from loaded ``gifts`` (and the ``staff`` list, which may be empty).

    Raises:
        InputFileError: a name survived redaction (never expected; the register is then not written).
    """
    rows = gifts
    if date_from is not None:
        rows = rows.filter(pl.col("offer_date") >= date_from)
    if date_to is not None:
        rows = rows.filter(pl.col("offer_date") <= date_to)
    roles = _roles(staff)
    rows = rows.sort("offer_date", "ref").join(roles, left_on="recipient_key", right_on="_key", how="left")
    rows = rows.with_columns(
        pl.coalesce(
            pl.col("_role"),
            pl.when(pl.col("department").is_not_null())
            .then(pl.lit("Member of staff, ") + pl.col("department"))
            .otherwise(None),
            pl.lit("Member of staff"),
        ).alias("recipient_role")
    )
    names = _names(staff, gifts)
    patterns = [p for p in (_pattern(n) for n in names) if p is not None]
    # one alternation for all names: a cell is scanned once, not once per member of staff
    any_name = re.compile("|".join(f"(?:{p.pattern})" for p in patterns)) if patterns else None
    redacted = 0
    text_columns = ["recipient_role", "offeror", "description", "kind", "status_raw", "ref"]
    out = rows.select(list(PUBLIC_COLUMNS))
    for column in text_columns:
        values = out[column].to_list()
        cleaned = []
        for value in values:
            new = _redact(value, any_name) if any_name is not None and value is not None else value
            redacted += new != value
            cleaned.append(new)
        out = out.with_columns(pl.Series(column, cleaned, dtype=pl.Utf8))
    leaks = [
        (column, value)
        for column in text_columns
        for value in out[column].drop_nulls().to_list()
        if any_name is not None and any_name.search(_fold_chars(value))
    ]
    if leaks:  # pragma: no cover - redaction removes every match by construction; this is the safety net
        raise InputFileError(f"public register not written: a staff name remains in column {leaks[0][0]}")
    return Publication(out.rename(PUBLIC_COLUMNS), len(patterns), redacted)


def write_publication(publication: Publication, path: Path) -> None:
    """Write the register as CSV (UTF-8 with BOM, so Excel reads "£" right), formula-looking cells neutralised."""
    tmp = path.with_name(f".{path.name}.tmp")
    neutralise(publication.frame).write_csv(tmp, include_bom=True)
    tmp.replace(path)


def _roles(staff: pl.DataFrame) -> pl.DataFrame:
    """Each staff member's public description: role and department from the staff list."""
    if staff.is_empty():
        return pl.DataFrame(schema={"_key": pl.Utf8, "_role": pl.Utf8})
    role = pl.concat_str([pl.col("role"), pl.col("department")], separator=", ", ignore_nulls=True)
    keys = staff.select(
        pl.concat_str(pl.lit("staff:"), pl.col("staff_id").str.to_uppercase()).alias("_key"),
        pl.when(role != "").then(role).otherwise(None).alias("_role"),
    )
    return keys.unique("_key", keep="first")


def _names(staff: pl.DataFrame, gifts: pl.DataFrame) -> list[str]:
    """Every personal name known to the run: the staff list, and the register's recipients and approvers."""
    found: set[str] = set()
    for frame, columns in ((staff, ["name"]), (gifts, ["recipient", "approver"])):
        for column in columns:
            if column in frame.columns:
                found.update(v for v in frame[column].drop_nulls().to_list() if v.strip())
    return sorted(found)


def _pattern(name: str) -> re.Pattern[str] | None:
    """A pattern for a person's forename and surname in either order, in folded text (:func:`_fold_chars`).

    Matches "Jane Smith", "SMITH, Jane", "SMITH,JANE", "jane_smith@force.police.uk", "DS Jane A. Smith"; a
    hyphenated or apostrophised name also written with a space or without the mark ("Lloyd Jones", "OBrien").
    Ranks and titles are ignored; "J. Smith" is not matched (initials alone identify no one reliably).
    """
    text = name.split(",", 1)
    words = _WORD.findall(_fold_chars(" ".join(reversed(text)) if len(text) == 2 else name))
    words = [w for w in words if w not in _TITLE_WORDS and len(w) > 1]
    if len(words) < 2:
        return None
    first, last = _word_pattern(words[0]), _word_pattern(words[-1])
    sep = r"[\W_]+"
    gap = rf"(?:{sep}[^\W_]+){{0,2}}?{sep}"  # middle names or a rank between them
    return re.compile(rf"(?<![^\W_])(?:{first}{gap}{last}|{last}{sep}{first})(?![^\W_])")


def _word_pattern(word: str) -> str:
    """A name word whose hyphens and apostrophes may also be written as a space or left out."""
    parts = re.split(r"['-]", word)
    return r"[\s'-]?".join(re.escape(p) for p in parts)


def _fold_chars(text: str) -> str:
    """Lower case without accents, curly apostrophes made straight: one character for each character of ``text``.

    Keeping the length lets a match found in the folded text be cut out of the original at the same place.
    """
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch.lower())
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)).lower()
        folded = _APOSTROPHES.get(ch, base[:1] or ch)
        out.append("i" if folded == "ı" else folded)
    return "".join(out)


def _redact(value: str, any_name: re.Pattern[str]) -> str:
    """``value`` with every name ``any_name`` finds (in its folded form) replaced by :data:`REDACTED`."""
    spans = [m.span() for m in any_name.finditer(_fold_chars(value))]
    if not spans:
        return value
    pieces, last = [], 0
    for start, end in spans:
        pieces += [value[last:start], REDACTED]
        last = end
    return "".join([*pieces, value[last:]])
