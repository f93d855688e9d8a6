"""The persistent case file (DuckDB): runs, their inputs, flags and reviewer decisions, from quarter to quarter.

Schema changes are append-only migrations in ``sql/schema/NNN_*.sql``, applied in order and recorded in
``xref_migrations``. A run is written in one transaction: all of it is kept, or none of it.

A flag keeps its id (rule + subject) across runs. Each run gives every flag it raises a *lifecycle* against the
decisions recorded so far (the rule catalogue, §4.3):

- ``new``: never raised before;
- ``carried_forward``: raised before and not yet decided (or still in review);
- ``re_opened``: decided (closed or referred), but its evidence has changed since the decision, or the decision's
  review date has come: it is open again, with the difference shown;
- ``auto_closed``: decided, and raised again on exactly the evidence decided on: the decision stands.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import socket
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import polars as pl

from xref.db import Database
from xref.errors import CaseFileError, describe_os_error
from xref.people import identity_key
from xref.schemas import REGISTERS
from xref.sqlfiles import named_queries, sql_root

CLOSING = (
    "closed_no_issue",
    "closed_false_match",
    "closed_data_error",
    "closed_policy_breach_advice",
)
"""Closing statuses (the rule catalogue, §4.3); a high or critical flag needs a second reviewer to close."""
REFERRALS = (
    "referred_psd_investigation",
    "referred_counter_corruption_unit",
    "referred_internal_audit_or_procurement",
    "referred_nfi_or_external",
)
"""Referrals: the flag leaves xref's queue for another process; new evidence re-opens it like a closure."""
STATUSES = ("in_review", *CLOSING, *REFERRALS)
"""Every status a reviewer can record."""
DECIDED = frozenset(CLOSING + REFERRALS)
FOUR_EYES = frozenset({"high", "critical"})
"""Severities whose closure takes effect only when a second, different reviewer confirms it."""
LIFECYCLES = ("new", "carried_forward", "re_opened", "auto_closed")
_LINEAGE = {"rec_id", "ref", "source_file", "source_row", "raw"}


# --- one writer at a time ---------------------------------------------------------------------------------------

_LOCK_BYTE = 1 << 20
"""Where Windows' byte lock sits in the lock file: past the holder's description, which the second process reads
(a Windows lock blocks reads of the bytes it covers)."""


@contextlib.contextmanager
def writer_lock(path: Path, what: str) -> Iterator[None]:
    """Hold the case file for one writer (a run, a decisions import); a second one fails at once, naming the first.

    The lock is an operating-system lock on ``<case file>.lock``, so it is released when the holder exits, however it
    exits (a killed run leaves no stale lock). The file also records who holds it, for the second one's message, and
    is deleted when the holder lets go.

    Raises:
        CaseFileError: another xref process holds the case file.
    """
    real = path.resolve()  # a symbolic link to the case file, or another way to write its path, takes the same lock
    lock_path = real.with_name(real.name + ".lock")
    for _ in range(5):
        fh = _open_lock_file(lock_path, path)
        if not _try_lock(fh):
            fh.seek(0)
            holder = fh.read(4096).strip() or "another xref process"
            fh.close()
            raise CaseFileError(
                f"case file {path} is in use by {holder}; wait for it to finish, or give --db with another case file"
            )
        # the holder before us deletes the file as it lets go: a lock taken on the deleted file holds nothing
        if os.name == "nt" or _same_file(fh, lock_path):
            break
        _unlock(fh)
        fh.close()
    else:  # pragma: no cover - five writers taking turns within microseconds
        raise CaseFileError(f"case file {path} is changing hands too fast to lock; try again")
    try:
        started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        fh.seek(0)
        fh.truncate()
        fh.write(f"{what} (process {os.getpid()} on {socket.gethostname()}, started {started})")
        fh.flush()
        try:
            yield
        finally:
            # delete the lock file while holding the lock, so that no run, finished or failed, leaves one behind
            # (Windows cannot delete an open file; there it is emptied)
            if os.name != "nt":
                lock_path.unlink(missing_ok=True)
            fh.seek(0)
            fh.truncate()
            fh.flush()
            _unlock(fh)
    finally:
        fh.close()


def _open_lock_file(lock_path: Path, path: Path) -> IO[str]:
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        return lock_path.open("a+", encoding="utf-8")
    except OSError as exc:
        raise CaseFileError(
            f"cannot create the lock file beside the case file {path} ({describe_os_error(exc)}); give --db (or "
            "--out) a folder you can write to"
        ) from None


def _same_file(fh: IO[str], lock_path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fh.fileno()), lock_path.stat())
    except FileNotFoundError:
        return False


def _try_lock(fh: IO[str]) -> bool:
    if sys.platform == "win32":
        import msvcrt  # noqa: PLC0415

        fh.seek(_LOCK_BYTE)
        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl  # noqa: PLC0415

    try:
        # flock, not lockf: its lock belongs to the open file, so it also stops a second writer in the same process
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fh: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt  # noqa: PLC0415

        fh.seek(_LOCK_BYTE)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl  # noqa: PLC0415

    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def migrate(db: Database) -> list[str]:
    """Apply the schema migrations not yet applied; returns their names.

    Raises:
        CaseFileError: the database holds another application's tables, or a newer xref's schema.
    """
    tables = [r[0] for r in db.rows(case_sql("tables"))]
    if tables and "xref_migrations" not in tables:
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        raise CaseFileError(
            f"{db.path} is a DuckDB database but not an xref case file (it holds tables {shown}); xref leaves it "
            "untouched: give --db a new file name, or the case file an earlier xref run made"
        )
    db.execute(case_sql("create_migrations"))
    done = {row[0] for row in db.rows(case_sql("migrations_done"))}
    known = {int(p.name[:3]) for p in (sql_root() / "schema").glob("[0-9][0-9][0-9]_*.sql")}
    if done - known:
        raise CaseFileError(
            f"case file {db.path} was written by a newer xref (schema {max(done)}; this xref knows up to "
            f"{max(known)}); upgrade xref to read it"
        )
    applied = []
    for path in sorted((sql_root() / "schema").glob("[0-9][0-9][0-9]_*.sql")):
        version = int(path.name[:3])
        if version in done:
            continue
        with db.transaction():
            db.execute_script(path.read_text(encoding="utf-8"))
            db.execute(case_sql("record_migration"), {"v": version, "n": path.name})
        applied.append(path.name)
    return applied


def case_sql(name: str) -> str:
    """One of the case file's queries, by name (``sql/casefile/queries.sql``)."""
    return named_queries("casefile/queries.sql")[name]


def decisions_by_flag(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Every decision recorded in an open case file, by flag, oldest first."""
    out: dict[str, list[dict[str, Any]]] = {}
    for d in db.query(case_sql("decisions")).iter_rows(named=True):
        out.setdefault(d["flag_id"], []).append(d)
    return out


def open_case_file(path: Path) -> Database:
    """Open (creating if needed) the case file and bring its schema up to date."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    try:
        migrate(db)
    except Exception:
        db.close()
        raise
    return db


def check_case_file(path: Path) -> None:
    """Open the case file and bring its schema up to date, so a damaged or foreign file stops a run before its work.

    Raises:
        CaseFileError: the file is damaged, another application's, or a newer xref's.
    """
    open_case_file(path).close()


def run_recorded(path: Path, run_id: str) -> bool:
    """Whether the case file holds the run ``run_id`` (False when there is no case file, or it cannot be read)."""
    if not path.exists():
        return False
    try:
        db = open_case_file(path)
    except CaseFileError:
        return False
    try:
        return bool(db.rows(case_sql("run_recorded"), {"r": run_id})[0][0])
    finally:
        db.close()


def record_run(
    path: Path,
    *,
    run_info: dict[str, Any],
    recon: pl.DataFrame,
    flags: pl.DataFrame,
    snapshot: pl.DataFrame | None = None,
    report: dict[str, str] | None = None,
) -> None:
    """Store one run in a single transaction: its input manifest, flags, their evidence and the report's data.

    Args:
        path: the case file (created if missing).
        run_info: the run's record (run.json).
        recon: the input manifest with its reconciliation.
        flags: the run's flags, with their lifecycle (:func:`case_history`).
        snapshot: the flags' evidence records (:func:`evidence_snapshot`), kept for later diffs.
        report: the JSON the report was rendered from and its template (``data``, ``template``), kept so
            ``xref report --run`` can render it again.
    """
    db = open_case_file(path)
    try:
        run_id = run_info["run_id"]
        period = run_info["period"]
        columns = {r[0] for r in db.rows(case_sql("flag_columns"))}
        with db.transaction():
            for table in ("flags", "run_inputs", "flag_evidence", "run_reports", "runs"):
                db.execute(case_sql(f"forget_run_{table}"), {"r": run_id})  # the same run recorded again
            db.execute(
                case_sql("insert_run"),
                {
                    "run_id": run_id,
                    "started": run_info["started_at"],
                    "version": run_info["xref_version"],
                    "label": period["label"],
                    "period_from": period["from"],
                    "period_to": period["to"],
                    "json": json.dumps(run_info, default=str, sort_keys=True),
                },
            )
            db.insert_frame(
                "run_inputs",
                recon.select(
                    pl.lit(run_id).alias("run_id"),
                    "register",
                    "file",
                    "sha256",
                    "rows_read",
                    "rows_loaded",
                    "rows_quarantined",
                ),
            )
            kept = [c for c in flags.columns if c in columns]
            db.insert_frame("flags", flags.select(kept).with_columns(pl.lit(run_id).alias("run_id")))
            if snapshot is not None:
                db.insert_frame("flag_evidence", snapshot.with_columns(pl.lit(run_id).alias("run_id")))
            if report is not None:
                db.execute(
                    case_sql("insert_report"),
                    {"r": run_id, "v": run_info["xref_version"], "c": report["data"], "t": report["template"]},
                )
    finally:
        db.close()


def stored_report(path: Path, run_id: str) -> tuple[str, str, str] | None:
    """A past run's xref version, report data (JSON) and report template, or None if the run is not recorded."""
    db = open_case_file(path)
    try:
        found = db.rows(case_sql("stored_report"), {"r": run_id})
    finally:
        db.close()
    return (str(found[0][0]), str(found[0][1]), str(found[0][2])) if found else None


def run_history(path: Path) -> pl.DataFrame:
    """Runs recorded in the case file, newest first, with their flag counts."""
    db = open_case_file(path)
    try:
        return db.query(case_sql("run_history"))
    finally:
        db.close()


# --- evidence fingerprints ----------------------------------------------------------------------------------------


def evidence_snapshot(tables: dict[str, pl.DataFrame], flags: pl.DataFrame) -> pl.DataFrame:
    """The records behind each flag, as loaded: ``flag_id, item, register, ref, digest, fields``.

    ``fields`` holds the record's parsed register fields (JSON) and ``digest`` their hash, so a record that moves to
    another row or file, or is re-exported with other headings, is the same record; a corrected value is a change.
    ``item`` identifies the record across exports: the register's own reference, or the digest when the register
    has no reference column (then only the row number identified it, which changes from one export to the next).
    """
    schema = {
        "flag_id": pl.Utf8,
        "item": pl.Utf8,
        "register": pl.Utf8,
        "ref": pl.Utf8,
        "digest": pl.Utf8,
        "fields": pl.Utf8,
    }
    wanted = flags.select("flag_id", pl.col("evidence").alias("rec_id")).explode("rec_id").drop_nulls()
    if wanted.is_empty():
        return pl.DataFrame(schema=schema)
    rec_ids = wanted["rec_id"].unique()
    records: dict[str, tuple[str, str, str, str]] = {}
    for name, frame in tables.items():
        if frame.is_empty() or "rec_id" not in frame.columns:
            continue
        fields = [f for f in REGISTERS[name].field_names if f in frame.columns and f not in _LINEAGE]
        for row in frame.filter(pl.col("rec_id").is_in(rec_ids)).select("rec_id", "ref", *fields).iter_rows(named=True):
            values = {f: row[f] for f in fields}
            text = json.dumps(values, default=_json_value, sort_keys=True)
            digest = hashlib.sha256(f"{name}\x1f{text}".encode()).hexdigest()[:16]
            ref = str(row["ref"])
            item = f"{name}:{ref}" if ref != row["rec_id"] else f"{name}:#{digest}"
            records[row["rec_id"]] = (item, name, ref, digest + "\x1f" + text)
    rows = [
        (fid, *records[rec][:3], *records[rec][3].split("\x1f", 1)) for fid, rec in wanted.iter_rows() if rec in records
    ]
    return pl.DataFrame(rows, schema=schema, orient="row").unique(["flag_id", "item"]).sort("flag_id", "item")


def evidence_hashes(snapshot: pl.DataFrame) -> dict[str, str]:
    """flag_id → a fingerprint of its evidence records (which records, and what they say)."""
    # the lines are joined per flag in one polars pass; only the hashing is per flag
    joined = (
        snapshot.sort("flag_id", "item")
        .group_by("flag_id", maintain_order=True)
        .agg(pl.concat_str(pl.col("item"), pl.lit("\x1f"), pl.col("digest")).str.join("\n").alias("lines"))
    )
    return {
        str(fid): hashlib.sha256(lines.encode()).hexdigest()[:16]
        for fid, lines in joined.select("flag_id", "lines").iter_rows()
    }


def evidence_diff(before: pl.DataFrame, after: pl.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """What changed between two snapshots of a flag's evidence: records added, removed and changed (by field)."""
    old = {r["item"]: r for r in before.iter_rows(named=True)}
    new = {r["item"]: r for r in after.iter_rows(named=True)}

    def record(r: dict[str, Any]) -> dict[str, Any]:
        return {"register": r["register"], "ref": r["ref"], "fields": json.loads(r["fields"])}

    changed = []
    for item in sorted(old.keys() & new.keys()):
        if old[item]["digest"] == new[item]["digest"]:
            continue
        was, now = json.loads(old[item]["fields"]), json.loads(new[item]["fields"])
        fields = {k: [was.get(k), now.get(k)] for k in sorted(was.keys() | now.keys()) if was.get(k) != now.get(k)}
        changed.append({"register": new[item]["register"], "ref": new[item]["ref"], "fields": fields})
    return {
        "added": [record(new[i]) for i in sorted(new.keys() - old.keys())],
        "removed": [record(old[i]) for i in sorted(old.keys() - new.keys())],
        "changed": changed,
    }


def _json_value(value: Any) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


# --- review state ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewState:
    """Where a flag stands after the decisions recorded on it, oldest first.

    ``status`` is ``open`` with no decision, a recorded status, or ``awaiting_second_review`` when a high or critical
    flag's closure still needs a second reviewer (``pending`` is that first closure). ``decision`` is the decision in
    force: for a four-eyes closure, the confirming one.
    """

    status: str
    decision: dict[str, Any] | None = None
    pending: dict[str, Any] | None = None

    @property
    def decided(self) -> bool:
        """Closed or referred: out of the review queue until its evidence changes."""
        return self.status in DECIDED


def review_state(decisions: list[dict[str, Any]], severity: str) -> ReviewState:
    """Replay a flag's decisions (dicts with ``decision_id, status, reviewer, evidence_hash``), oldest first."""
    state = ReviewState("open")
    for d in sorted(decisions, key=lambda d: d["decision_id"]):
        status = d["status"]
        if status in CLOSING and severity in FOUR_EYES:
            first = state.pending
            if (
                first is not None
                and first["status"] == status
                and first["evidence_hash"] == d["evidence_hash"]
                and not same_person(first["reviewer"], d["reviewer"])
            ):
                state = ReviewState(status, decision=d)
            else:
                state = ReviewState("awaiting_second_review", decision=state.decision, pending=d)
        else:
            state = ReviewState(status, decision=d)
    return state


def standing(flag: dict[str, Any], decisions: list[dict[str, Any]]) -> ReviewState:
    """Where a flag stands now, from its latest row (``severity, evidence_hash, lifecycle, raised_at``).

    Its decisions replayed (:func:`review_state`), except that a decision no longer holds once a run has re-opened the
    flag: when it was made on other evidence than the flag's latest, or before the run that re-opened it.
    """
    state = review_state(decisions, flag["severity"])
    d = state.decision
    if (
        state.decided
        and d is not None
        and (
            d["evidence_hash"] != (flag["evidence_hash"] or "")  # a decision on no evidence records stores ""
            or (flag["lifecycle"] == "re_opened" and d["decided_at"] < flag["raised_at"])
        )
    ):
        return ReviewState("open", pending=state.pending)
    return state


def same_person(a: str | None, b: str | None) -> bool:
    """Whether two reviewer entries name the same person.

    Compared by :func:`xref.people.identity_key`, as the flag's subject is: case, accents, look-alike letters
    (a Cyrillic О for O), invisible characters, spacing, punctuation, rank or title and word order are ignored,
    and "jane.smith@…" is Jane Smith, so nobody confirms their own closure by writing their name another way.
    """
    return _person(a) == _person(b)


@functools.lru_cache(maxsize=4096)
def _person(text: str | None) -> str:
    return identity_key(text)


# --- lifecycle of a run's flags --------------------------------------------------------------------------------------


@dataclass
class CaseHistory:
    """What the case file says about a run's flags: their lifecycle, and the open flags the run did not raise."""

    flags: pl.DataFrame
    """The run's flags with ``evidence_hash, lifecycle, review_status, first_seen_run, first_seen_period,
    evidence_diff`` and ``decisions`` (JSON list of the decisions recorded on each flag so far)."""
    not_raised: pl.DataFrame
    """Flags still open from earlier runs that this run did not raise: ``flag_id, rule_id, severity, staff,
    supplier, summary, review_status, last_run, last_period``."""
    trend: list[dict[str, Any]]
    """Flags per rule in each period of the case file, oldest first, this run last: ``period, run_id, rules``."""


def case_history(
    path: Path,
    *,
    run_id: str,
    period_label: str | None,
    review_day: dt.date,
    flags: pl.DataFrame,
    snapshot: pl.DataFrame,
) -> CaseHistory:
    """Give each of a run's flags its lifecycle against the case file (which is not changed).

    Args:
        path: the case file (need not exist yet).
        run_id: the run being made.
        period_label: its period.
        review_day: the day decisions' next review dates are compared with (the period's last day).
        flags: the run's flags.
        snapshot: their evidence (:func:`evidence_snapshot`).
    """
    hashes = evidence_hashes(snapshot)
    flags = flags.with_columns(
        pl.col("flag_id").replace_strict(hashes, default=None, return_dtype=pl.Utf8).alias("evidence_hash")
    )
    earlier = _earlier(path, run_id) if path.exists() else _Earlier.empty()
    states = {
        fid: review_state(earlier.decisions.get(fid, []), severity)
        for fid, severity in flags.select("flag_id", "severity").iter_rows()
    }
    # the evidence each decision in force was made on, for the diff of flags whose evidence has changed
    decided_on = {
        fid: s.decision["reviewed_run_id"]
        for fid, s in states.items()
        if s.decided and s.decision is not None and s.decision["evidence_hash"] != hashes.get(fid, "")
    }
    before = earlier.evidence(path, decided_on)
    rows = []
    for fid in flags["flag_id"].to_list():
        state, decisions = states[fid], earlier.decisions.get(fid, [])
        first = earlier.first_seen.get(fid, (run_id, period_label))
        diff: dict[str, Any] | None = None
        if state.decided and state.decision is not None:
            due = state.decision.get("next_review_date")
            if fid in decided_on:
                diff = evidence_diff(before.filter(pl.col("flag_id") == fid), snapshot.filter(pl.col("flag_id") == fid))
            elif due is not None and due <= review_day:
                diff = {"added": [], "removed": [], "changed": [], "review_date": due}
            if diff is not None:
                diff["decision"] = _decision_summary(state.decision)
            lifecycle, status = ("re_opened", "open") if diff is not None else ("auto_closed", state.status)
        else:
            lifecycle = "carried_forward" if fid in earlier.first_seen or decisions else "new"
            status = state.status
        rows.append(
            {
                "flag_id": fid,
                "lifecycle": lifecycle,
                "review_status": status,
                "first_seen_run": first[0],
                "first_seen_period": first[1],
                "evidence_diff": json.dumps(diff, default=_json_value, sort_keys=True) if diff else None,
                "decisions": json.dumps([_decision_summary(d) for d in decisions], default=_json_value, sort_keys=True),
            }
        )
    schema = {
        "flag_id": pl.Utf8,
        "lifecycle": pl.Utf8,
        "review_status": pl.Utf8,
        "first_seen_run": pl.Utf8,
        "first_seen_period": pl.Utf8,
        "evidence_diff": pl.Utf8,
        "decisions": pl.Utf8,
    }
    status_frame = pl.DataFrame(rows, schema=schema)
    return CaseHistory(
        flags=flags.join(status_frame, on="flag_id", how="left", maintain_order="left"),
        not_raised=earlier.open_not_raised(set(flags["flag_id"].to_list())),
        # a re-run of a period replaces that period's earlier run in the trend, as the case file's latest run does
        trend=[t for t in earlier.trend if period_label is None or t["period"] != period_label]
        + [{"period": period_label, "run_id": run_id, "rules": _rule_counts(flags)}],
    )


def _decision_summary(d: dict[str, Any]) -> dict[str, Any]:
    keys = ("decision_id", "status", "reviewer", "reviewer_role", "decided_at", "rationale", "next_review_date")
    return {k: d.get(k) for k in keys}


def _rule_counts(flags: pl.DataFrame) -> dict[str, int]:
    return {str(k): int(v) for k, v in flags.group_by("rule_id").len().sort("rule_id").iter_rows()}


@dataclass
class _Earlier:
    """The case file's record of earlier runs, read once."""

    first_seen: dict[str, tuple[str, str | None]]
    decisions: dict[str, list[dict[str, Any]]]
    latest: pl.DataFrame
    """The latest row of every flag ever raised, with its run's period."""
    trend: list[dict[str, Any]]

    @classmethod
    def empty(cls) -> _Earlier:
        return cls({}, {}, pl.DataFrame(), [])

    def evidence(self, path: Path, runs: dict[str, str]) -> pl.DataFrame:
        """The evidence snapshots of the given flags (flag_id → run_id)."""
        schema = {c: pl.Utf8 for c in ("flag_id", "item", "register", "ref", "digest", "fields")}
        if not runs:
            return pl.DataFrame(schema=schema)
        db = open_case_file(path)
        try:
            db.register("wanted_evidence", pl.DataFrame({"flag_id": list(runs), "run_id": list(runs.values())}))
            return db.query(case_sql("wanted_evidence"))
        finally:
            db.close()

    def open_not_raised(self, raised: set[str]) -> pl.DataFrame:
        columns = ["flag_id", "rule_id", "severity", "staff", "supplier", "summary", "review_status", "last_run"]
        if self.latest.is_empty():
            return pl.DataFrame(schema={c: pl.Utf8 for c in [*columns, "last_period"]})
        rows = []
        for r in self.latest.filter(~pl.col("flag_id").is_in(sorted(raised))).iter_rows(named=True):
            state = standing(r, self.decisions.get(r["flag_id"], []))
            if not state.decided:
                rows.append(
                    {
                        **{c: r[c] for c in columns if c != "review_status"},
                        "review_status": state.status,
                        "last_period": r["last_period"],
                    }
                )
        return pl.DataFrame(rows, schema={c: pl.Utf8 for c in [*columns, "last_period"]})


def _earlier(path: Path, run_id: str) -> _Earlier:
    db = open_case_file(path)
    try:
        params = {"r": run_id}
        first = db.rows(case_sql("first_raised_elsewhere"), params)
        decisions = decisions_by_flag(db)
        latest = db.query(case_sql("latest_elsewhere"), params)
        trend_rows = db.rows(case_sql("trend_elsewhere"), params)
    finally:
        db.close()
    trend: list[dict[str, Any]] = []
    for period, rid, rule, n in trend_rows:
        if not trend or trend[-1]["run_id"] != rid:
            trend.append({"period": period, "run_id": rid, "rules": {}})
        if rule is not None:
            trend[-1]["rules"][rule] = int(n)
    return _Earlier(
        first_seen={fid: (rid, period) for fid, rid, period in first},
        decisions=decisions,
        latest=latest,
        trend=trend,
    )
