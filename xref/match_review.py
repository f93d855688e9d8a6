"""The supplier-match review queue and the reviewer decisions file (matching.md §5.6).

``xref matches review`` writes the name pairs a run treats as only a *possible* match (the review band, behind
"possible match — check it" flags) to a CSV a reviewer fills in; ``xref matches import`` appends the answers to the
decisions file that ``--overrides`` / ``[run] overrides`` reads. That file is an append-only history keyed on
normalised names (:mod:`xref.overrides`): existing lines are never rewritten, and the latest decision for a pair
of names wins, so a decision keeps applying to later exports that spell the names differently or renumber them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from xref.config import RunConfig
from xref.errors import InputFileError
from xref.ingest import Progress, quiet
from xref.matching import MatchResult
from xref.overrides import (
    DECISION_COLUMNS,
    DECISIONS,
    append_decisions,
    existing_header,
    key_pair,
    normalise_decision,
    recorded_decisions,
    safe_cell,
    shared_key,
)
from xref.pipeline import flag_inputs, load_for_run, match_inputs, working_database
from xref.rules import load_rules
from xref.safety import neutralise
from xref.sheets import read_sheet_rows
from xref.staging import records_per_name

DEFAULT_DECISIONS = Path("match_decisions.csv")
"""Where decisions go when neither ``--overrides``/``--decisions`` nor ``[run] overrides`` names a file."""
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


def review_queue(
    match: MatchResult, records: pl.DataFrame, flags: pl.DataFrame | None = None
) -> tuple[pl.DataFrame, int]:
    """The review-band pairs, one row per pair of normalised names, most consequential first.

    Args:
        match: the matcher's result; reviewer decisions already applied are not in its review band.
        records: ``name_id, records`` from :func:`xref.staging.records_per_name`.
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
    recorded = recorded_decisions(decisions)
    pending = [
        a
        for a in answers
        if a.decision.strip() and recorded.get(key_pair(a.name_a, a.name_b), ("",))[0] != normalise_decision(a.decision)
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
    header = existing_header(decisions_path) if exists else list(DECISION_COLUMNS)
    recorded = recorded_decisions(decisions_path) if exists else {}
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    rows: list[dict[str, str]] = []
    already = 0
    for a in filled:
        decision = normalise_decision(a.decision)
        who, note = safe_cell(a.reviewer or str(reviewer).strip()), safe_cell(a.note)
        key = key_pair(a.name_a, a.name_b)
        if recorded.get(key) == (decision, who, note):
            already += 1
            continue
        recorded[key] = (decision, who, note)
        names = {"name_a": safe_cell(a.name_a), "name_b": safe_cell(a.name_b)}
        rows.append(names | {"decision": decision, "reviewer": who, "decided_at": stamp, "note": note})
    if rows:
        append_decisions(decisions_path, header, rows, exists=exists)
    return ImportSummary(
        path=decisions_path, recorded=len(rows), blank=len(answers) - len(filled), already=already, created=not exists
    )


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
