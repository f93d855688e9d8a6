"""The supplier-match review queue and the reviewer decisions file (matching.md §5.6).

``xref matches review`` writes the name pairs a run treats as only a *possible* match (the review band, behind
"possible match — check it" flags) to a CSV a reviewer fills in; ``xref matches import`` appends the answers to the
decisions file that ``--overrides`` / ``[run] overrides`` reads. That file is an append-only history keyed on
normalised names (:mod:`xref.overrides`): existing lines are never rewritten, and the latest decision for a pair
of names wins, so a decision keeps applying to later exports that spell the names differently or renumber them.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import hashlib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from xref.config import RunConfig
from xref.db import Database, quote_identifier
from xref.errors import InputFileError
from xref.ingest import Progress, quiet, staged_table
from xref.matching import MatchResult
from xref.names import CARD_SOURCE, normalise
from xref.overrides import DECISIONS, latest_decisions, read_overrides
from xref.pipeline import flag_inputs, load_for_run, match_inputs, working_database
from xref.rules import load_rules
from xref.safety import FORMULA_START, neutralise
from xref.schemas import REGISTERS

DEFAULT_DECISIONS = Path("match_decisions.csv")
"""Where decisions go when neither ``--overrides``/``--decisions`` nor ``[run] overrides`` names a file."""
DECISION_COLUMNS = ("name_a", "name_b", "decision", "reviewer", "decided_at", "note")
"""The decisions file's header when xref creates it (the columns :func:`xref.overrides.read_overrides` reads)."""
REVIEW_COLUMNS = [
    "pair_id",
    "in_flags",
    "name_a",
    "register_a",
    "records_a",
    "name_b",
    "register_b",
    "records_b",
    "score",
    "method",
    "explanation",
    "alternatives_a",
    "alternatives_b",
    "decision",
    "reviewer",
    "note",
]
"""The review CSV: what the pair is, how much rests on it, then the three columns the reviewer fills in."""
MAX_ALTERNATIVES = 3
"""How many other plausible matches to list for each name."""
_SIDES = ("a", "b")
_SIDE_COLUMNS = ("id", "raw", "source", "key", "records")


def decisions_file(config: RunConfig) -> Path:
    """The decisions file: ``--overrides`` or ``[run] overrides`` when given, else ``match_decisions.csv``."""
    return config.overrides_path or DEFAULT_DECISIONS


def pair_id(key_a: str, key_b: str) -> str:
    """A stable id for a pair of normalised names, the same whichever order they come in."""
    low, high = sorted((key_a, key_b))
    return "P" + hashlib.sha256(f"{low}\x1f{high}".encode()).hexdigest()[:12]


# --- the review queue -------------------------------------------------------------------------------------------


@dataclass
class ReviewSummary:
    """What ``xref matches review`` wrote."""

    path: Path
    queue: pl.DataFrame
    decisions: Path | None
    """The decisions file whose decisions were applied (those pairs are not in the queue), if any."""
    undecidable: int = 0
    """Review-band pairs left out because both names normalise to the same text (see :func:`shared_key`)."""

    @property
    def pairs(self) -> int:
        """Pairs in the queue."""
        return self.queue.height

    @property
    def pairs_in_flags(self) -> int:
        """Pairs in the queue that at least one flag rests on."""
        return int((self.queue["in_flags"] > 0).sum())


def write_review_queue(config: RunConfig, out: Path, progress: Progress = quiet) -> ReviewSummary:
    """Load and match the inputs as ``xref run`` does and write the undecided review-band pairs to ``out``.

    Decisions already recorded (``--overrides``, ``[run] overrides``, else ``match_decisions.csv`` if present) are
    applied, so the pairs they settle are not listed again. The rules are run too, so pairs that flags rest on come
    first.

    Raises:
        InputFileError: ``out`` holds decisions not yet imported (they would be lost), or cannot be written.
        XrefError: any problem a run would report with the inputs or configuration.
    """
    decisions = decisions_file(config)
    # Before the first import the decisions file may not exist yet: then there is nothing to apply.
    config = dataclasses.replace(config, overrides_path=decisions if decisions.is_file() else None)
    _check_overwrite(out, decisions)
    rules = load_rules()
    with working_database(config) as db:
        inputs = load_for_run(config, progress, db=db)
        names, match = match_inputs(config, inputs, progress)
        _, flags = flag_inputs(config, rules, inputs, names, match, progress)
        records = records_per_name(db, names)
    progress("writing the review queue")
    queue, undecidable = review_queue(match, records, flags)
    _write_csv_atomically(neutralise(queue), out)
    return ReviewSummary(path=out, queue=queue, decisions=config.overrides_path, undecidable=undecidable)


def records_per_name(db: Database, names: pl.DataFrame) -> pl.DataFrame:
    """How many staged register rows carry each matcher name: ``name_id, records``."""
    parts = []
    for register_name, register in REGISTERS.items():
        fld = register.supplier_field
        if not fld:
            continue
        parts.append(
            db.query(
                f"select $source as source, {quote_identifier(fld)}::varchar as raw, count(*)::bigint as records "
                f"from {staged_table(register_name)} group by all",
                {"source": register_name},
            )
        )
    schema = {"source": pl.Utf8, "raw": pl.Utf8, "records": pl.Int64}
    counts = pl.concat([p.cast(schema) for p in parts]) if parts else pl.DataFrame(schema=schema)  # type: ignore[arg-type]
    return (
        names.select("name_id", "source", "raw")
        .join(counts, on=["source", "raw"], how="left")
        .select("name_id", pl.col("records").fill_null(0))
    )


def review_queue(
    match: MatchResult, records: pl.DataFrame, flags: pl.DataFrame | None = None
) -> tuple[pl.DataFrame, int]:
    """The review-band pairs, one row per pair of normalised names, most consequential first.

    Args:
        match: the matcher's result; reviewer decisions already applied are not in its review band.
        records: ``name_id, records`` from :func:`records_per_name`.
        flags: the run's flags (``match_pair`` names the weakest name link each rests on), or None.

    Returns:
        The queue and how many review-band name pairs were left out of it because both names normalise to the same
        text (:func:`shared_key`: a decision cannot tell them apart). The queue has :data:`REVIEW_COLUMNS`, with
        ``decision, reviewer, note`` (and ``alternatives_*`` when there are none) null. Names that normalise alike
        are one pair (a decision covers them all): the row shows the spelling with most records, the registers
        and the records of every spelling. Sorted by flags resting on the pair, then records, then score.
    """
    info = match.names.select("name_id", "source", "raw", "key").join(records, on="name_id", how="left")
    info = info.with_columns(pl.col("records").fill_null(0))
    links = match.links.filter((pl.col("band") == "review") & (pl.col("name_a") < pl.col("name_b"))).select(
        "name_a", "name_b", "score", "method", "explanation"
    )
    links = links.join(_flags_per_pair(flags), on=["name_a", "name_b"], how="left").with_columns(
        pl.col("in_flags").fill_null(0)
    )
    for side in _SIDES:
        links = links.join(
            info.select(
                pl.col("name_id").alias(f"name_{side}"),
                pl.col("name_id").alias(f"id_{side}"),
                *(pl.col(c).alias(f"{c}_{side}") for c in ("raw", "source", "key", "records")),
            ),
            on=f"name_{side}",
            how="left",
        )
    # Put the smaller key on side a, so every pair of names that normalise alike lines up the same way.
    swap = pl.col("key_a") > pl.col("key_b")
    oriented = links.select(
        *(
            pl.when(swap).then(pl.col(f"{c}_{other}")).otherwise(pl.col(f"{c}_{side}")).alias(f"{c}_{side}")
            for side, other in (("a", "b"), ("b", "a"))
            for c in _SIDE_COLUMNS
        ),
        "score",
        "method",
        "explanation",
        "in_flags",
    ).with_columns(
        pl.struct("key_a", "key_b")
        .map_elements(lambda k: pair_id(k["key_a"], k["key_b"]), return_dtype=pl.Utf8)
        .alias("pair_id")
    )
    undecidable = oriented.select(
        pl.struct("raw_a", "raw_b").map_elements(
            lambda r: shared_key(r["raw_a"], r["raw_b"]) is not None, return_dtype=pl.Boolean
        )
    ).to_series()
    oriented = _with_alternatives(oriented.filter(~undecidable).with_row_index("_row"), match)
    totals = oriented.group_by("pair_id").agg(
        pl.col("in_flags").sum(),
        *(pl.col(f"source_{side}").unique().sort().str.join("; ").alias(f"register_{side}") for side in _SIDES),
    )
    for side in _SIDES:
        per_side = (
            oriented.select("pair_id", f"id_{side}", f"records_{side}")
            .unique()
            .group_by("pair_id")
            .agg(pl.col(f"records_{side}").sum())
        )
        totals = totals.join(per_side, on="pair_id")
    best = (
        oriented.sort(
            [pl.col("records_a") + pl.col("records_b"), "score", "raw_a", "raw_b"],
            descending=[True, True, False, False],
        )
        .group_by("pair_id", maintain_order=True)
        .first()
        .select(
            "pair_id",
            pl.col("raw_a").alias("name_a"),
            pl.col("raw_b").alias("name_b"),
            pl.col("score").round(1),
            "method",
            "explanation",
            "alternatives_a",
            "alternatives_b",
        )
    )
    empty = [pl.lit(None, dtype=pl.Utf8).alias(c) for c in ("decision", "reviewer", "note")]
    queue = (
        best.join(totals, on="pair_id")
        .with_columns(*empty, pl.col("in_flags").cast(pl.Int64), pl.col("records_a", "records_b").cast(pl.Int64))
        .sort(
            ["in_flags", pl.col("records_a") + pl.col("records_b"), "score", "pair_id"],
            descending=[True, True, True, False],
        )
        .select(REVIEW_COLUMNS)
    )
    return queue, int(undecidable.sum())


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


def _flags_per_pair(flags: pl.DataFrame | None) -> pl.DataFrame:
    """``name_a < name_b, in_flags``: how many flags rest on each name link (their ``match_pair``)."""
    schema = {"name_a": pl.Utf8, "name_b": pl.Utf8, "in_flags": pl.Int64}
    if flags is None or flags.is_empty() or "match_pair" not in flags.columns:
        return pl.DataFrame(schema=schema)
    pairs = flags.filter(pl.col("match_pair").list.len() == 2).select(
        pl.col("match_pair").list.get(0).alias("x"), pl.col("match_pair").list.get(1).alias("y")
    )
    return (
        pairs.select(pl.min_horizontal("x", "y").alias("name_a"), pl.max_horizontal("x", "y").alias("name_b"))
        .group_by("name_a", "name_b")
        .len()
        .select("name_a", "name_b", pl.col("len").cast(pl.Int64).alias("in_flags"))
    )


def _with_alternatives(rows: pl.DataFrame, match: MatchResult) -> pl.DataFrame:
    """Each side's other plausible matches (auto or review band), best first: ``'raw' (register, score); …``.

    Names that normalise like either side of the pair are that supplier spelt another way, not alternatives.
    """
    kept = match.pairs.filter(pl.col("band") != "reject")
    keys = match.names.select("name_id", "key")
    directed = pl.concat(
        [
            kept.select(
                pl.col(f"name_{x}").alias("x"),
                pl.col(f"name_{y}").alias("y"),
                pl.col(f"raw_{y}").alias("raw_y"),
                pl.col(f"source_{y}").alias("source_y"),
                "score",
            )
            for x, y in (("a", "b"), ("b", "a"))
        ]
    ).join(keys.rename({"name_id": "y", "key": "key_y"}), on="y")
    for side, other in (("a", "b"), ("b", "a")):
        listed = (
            rows.select("_row", pl.col(f"id_{side}").alias("x"), f"key_{side}", f"key_{other}")
            .join(directed, on="x")
            .filter((pl.col("key_y") != pl.col(f"key_{side}")) & (pl.col("key_y") != pl.col(f"key_{other}")))
            .sort(["_row", "score", "raw_y"], descending=[False, True, False])
            .unique(["_row", "key_y"], keep="first", maintain_order=True)
            .group_by("_row", maintain_order=True)
            .head(MAX_ALTERNATIVES)
            .group_by("_row", maintain_order=True)
            .agg(
                pl.format("'{}' ({}, {})", "raw_y", "source_y", pl.col("score").round(1))
                .str.join("; ")
                .alias(f"alternatives_{side}")
            )
        )
        rows = rows.join(listed, on="_row", how="left")
    return rows


def _write_csv_atomically(frame: pl.DataFrame, out: Path) -> None:
    """Write with a byte-order mark (so Excel reads accents and £ right) via a temporary file."""
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        frame.write_csv(tmp, include_bom=True)
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputFileError(
            f"cannot write {out}: {exc.strerror or exc}; close it if it is open and try again"
        ) from None


def _check_overwrite(out: Path, decisions: Path) -> None:
    """Refuse to overwrite a filled-in review file whose answers have not been imported."""
    if not out.exists():
        return
    if decisions.exists() and out.resolve() == decisions.resolve():
        raise InputFileError(f"--out {out} is the decisions file; write the review queue to another file")
    try:
        answers = read_answers(out)
    except InputFileError:
        raise InputFileError(
            f"{out} already exists and is not a review file written by xref matches review; "
            "give another --out or move the file"
        ) from None
    recorded = _recorded(decisions)
    pending = [
        a
        for a in answers
        if a.decision.strip()
        and recorded.get(_key_pair(a.name_a, a.name_b), ("",))[0] != normalise_decision(a.decision)
    ]
    if pending:
        raise InputFileError(
            f"{out} has {len(pending)} decision(s) not yet recorded in {decisions} (first on row {pending[0].row}); "
            f"import them first with: xref matches import {out} — or give another --out"
        )


# --- importing decisions ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One row of a filled-in review file, as written (``row`` is the spreadsheet row: the header is row 1)."""

    row: int
    name_a: str
    name_b: str
    decision: str
    reviewer: str
    note: str


@dataclass
class ImportSummary:
    """What ``xref matches import`` did."""

    path: Path
    """The decisions file."""
    recorded: int
    blank: int
    """Rows skipped because no decision was filled in."""
    already: int
    """Rows skipped because the same decision, reviewer and note is already the latest for that pair."""
    created: bool
    """The decisions file did not exist and was created."""


def normalise_decision(text: str) -> str:
    """``Not Same`` / ``not-same`` / `` SAME `` → ``not_same`` / ``not_same`` / ``same`` (other text unchanged)."""
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def read_answers(path: Path) -> list[Answer]:
    """Read a review file filled in by a reviewer (CSV, UTF-8 or as Excel saves it; commas or semicolons).

    Raises:
        InputFileError: the file is missing, unreadable or lacks a ``name_a``, ``name_b`` or ``decision`` column.
    """
    rows = read_sheet_rows(
        path,
        required=("name_a", "name_b", "decision"),
        optional=("reviewer", "note"),
        what="review file",
        fix="give the file xref matches review wrote (or a CSV with columns name_a, name_b, decision and optionally "
        "reviewer, note)",
    )
    return [
        Answer(
            row=n,
            name_a=c["name_a"],
            name_b=c["name_b"],
            decision=c["decision"],
            reviewer=c["reviewer"],
            note=c["note"],
        )
        for n, c in rows
    ]


def read_sheet_rows(
    path: Path, *, required: tuple[str, ...], optional: tuple[str, ...], what: str, fix: str
) -> list[tuple[int, dict[str, str]]]:
    """The non-blank rows of a filled-in sheet as ``(spreadsheet row, column → stripped text)`` (header is row 1).

    Headings are matched ignoring case; a missing optional column reads as blank.

    Raises:
        InputFileError: the file is missing or unreadable, or lacks a required column (the message ends with ``fix``).
    """
    records = read_filled_file(path, what)
    header = [h.strip().lower() for h in records[0]] if records else []
    missing = [c for c in required if c not in header]
    if missing:
        raise InputFileError(f"{what} {path} has no {', '.join(missing)} column; {fix}")
    where = {c: header.index(c) for c in (*required, *optional) if c in header}
    return [
        (
            n,
            {
                c: values[where[c]].strip() if c in where and where[c] < len(values) else ""
                for c in (*required, *optional)
            },
        )
        for n, values in enumerate(records[1:], start=2)
        if any(v.strip() for v in values)
    ]


def read_filled_file(path: Path, what: str = "review file") -> list[list[str]]:
    """The rows of a file a reviewer filled in, header first, as text.

    CSV (UTF-8, or as Excel saves it; commas, semicolons or tabs) or an XLSX workbook's first sheet.

    Raises:
        InputFileError: the file is missing or unreadable.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{what} {path} does not exist") from None
    except OSError as exc:
        raise InputFileError(f"{what} {path} cannot be read: {exc.strerror or exc}") from None
    if data[:4] == b"PK\x03\x04":
        return _xlsx_rows(path, what)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV (Comma delimited)" on Windows
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first and "," not in first else "\t" if "\t" in first and "," not in first else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_rows(path: Path, what: str) -> list[list[str]]:
    import fastexcel  # noqa: PLC0415 - only XLSX review files need it

    try:
        sheet = fastexcel.read_excel(str(path)).load_sheet(0, header_row=None, dtypes="string")
        frame = sheet.to_polars().cast(pl.Utf8)
    except Exception as exc:  # fastexcel raises its own hierarchy; any failure means the same to the user
        raise InputFileError(
            f"{what} {path}: not a readable XLSX workbook ({type(exc).__name__}); save it again as .xlsx or CSV"
        ) from None
    return [["" if v is None else str(v) for v in row] for row in frame.iter_rows()]


def import_decisions(
    review_path: Path,
    decisions_path: Path,
    *,
    reviewer: str | None = None,
    now: dt.datetime | None = None,
) -> ImportSummary:
    """Append the decisions filled in a review file to the decisions file, stamped with reviewer and time.

    Every row is checked before anything is written: a bad row stops the import and the decisions file is left as
    it was. Existing lines are never changed; a new file gets the header :data:`DECISION_COLUMNS`.

    Args:
        review_path: the filled-in review CSV; rows with a blank decision are skipped.
        decisions_path: the decisions file (the ``--overrides`` file of ``xref run``); created if missing.
        reviewer: who decided, for rows whose ``reviewer`` cell is blank.
        now: the time to record (default: the current time); stored in UTC as ``2025-04-01T09:30:00Z``.

    Raises:
        InputFileError: a row's decision is not ``same`` / ``not_same``, a name is blank, no reviewer is known, the
            decisions file is not a readable decisions file, or it cannot be written.
    """
    answers = read_answers(review_path)
    filled = [a for a in answers if a.decision]
    problems = [p for a in filled if (p := _problem(a, reviewer))]
    if problems:
        more = f" ({len(problems) - 1} more row(s) have problems)" if len(problems) > 1 else ""
        raise InputFileError(f"review file {review_path} {problems[0]}{more}; nothing was recorded")

    exists = decisions_path.is_file() and decisions_path.stat().st_size > 0
    header = _existing_header(decisions_path) if exists else list(DECISION_COLUMNS)
    recorded = _recorded(decisions_path) if exists else {}
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    rows: list[dict[str, str]] = []
    already = 0
    for a in filled:
        decision = normalise_decision(a.decision)
        who, note = _safe(a.reviewer or str(reviewer).strip()), _safe(a.note)
        key = _key_pair(a.name_a, a.name_b)
        if recorded.get(key) == (decision, who, note):
            already += 1
            continue
        recorded[key] = (decision, who, note)
        names = {"name_a": _safe(a.name_a), "name_b": _safe(a.name_b)}
        rows.append(names | {"decision": decision, "reviewer": who, "decided_at": stamp, "note": note})
    if rows:
        _append(decisions_path, header, rows, exists=exists)
    return ImportSummary(
        path=decisions_path, recorded=len(rows), blank=len(answers) - len(filled), already=already, created=not exists
    )


def append_not_same(decisions_path: Path, pairs: list[tuple[str, str, str, str]], *, decided_at: str) -> int:
    """Append ``not_same`` decisions (``name_a, name_b, reviewer, note``) to the match decisions file.

    Used when a reviewer closes a flag as a false match, so the two names are never linked (or flagged) again.
    Pairs whose latest recorded decision is already ``not_same`` are skipped; returns how many lines were added.
    """
    exists = decisions_path.is_file() and decisions_path.stat().st_size > 0
    header = _existing_header(decisions_path) if exists else list(DECISION_COLUMNS)
    recorded = _recorded(decisions_path) if exists else {}
    rows = []
    for name_a, name_b, who, note in pairs:
        key = _key_pair(name_a, name_b)
        if recorded.get(key, ("",))[0] == "not_same":
            continue
        recorded[key] = ("not_same", who, note)
        rows.append(
            {
                "name_a": _safe(name_a),
                "name_b": _safe(name_b),
                "decision": "not_same",
                "reviewer": _safe(who),
                "decided_at": decided_at,
                "note": _safe(note),
            }
        )
    if rows:
        _append(decisions_path, header, rows, exists=exists)
    return len(rows)


def _problem(answer: Answer, reviewer: str | None) -> str | None:
    if normalise_decision(answer.decision) not in DECISIONS:
        return (
            f"row {answer.row}: decision {answer.decision!r} is not same or not_same; write same (one supplier), "
            "not_same (different suppliers), or leave it blank to decide later"
        )
    if not answer.name_a or not answer.name_b:
        return f"row {answer.row}: name_a and name_b must both be filled in"
    if (key := shared_key(answer.name_a, answer.name_b)) is not None:
        return (
            f"row {answer.row}: {answer.name_a!r} and {answer.name_b!r} both normalise to {key!r}, so a decision "
            "would apply to every name written like them; leave the decision blank and check the flags by eye"
        )
    if not answer.reviewer and not (reviewer and reviewer.strip()):
        return f"row {answer.row}: no reviewer; fill in the reviewer column or give --reviewer NAME"
    return None


def _key_pair(name_a: str, name_b: str) -> tuple[str, str]:
    low, high = sorted((normalise(name_a).key, normalise(name_b).key))
    return low, high


def _recorded(decisions_path: Path) -> dict[tuple[str, str], tuple[str, str, str]]:
    """The latest ``(decision, reviewer, note)`` per pair of normalised names in the decisions file."""
    if not decisions_path.is_file() or decisions_path.stat().st_size == 0:
        return {}
    latest = latest_decisions(read_overrides(decisions_path))
    return {
        (min(ka, kb), max(ka, kb)): (d, r or "", n or "")
        for ka, kb, d, r, n in latest.select("key_a", "key_b", "decision", "reviewer", "note").iter_rows()
    }


def _existing_header(path: Path) -> list[str]:
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


def _safe(value: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula (the name's normalised key is unchanged)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _append(path: Path, header: list[str], rows: list[dict[str, str]], *, exists: bool) -> None:
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
