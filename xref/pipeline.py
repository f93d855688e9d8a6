"""The job, stage by stage: load → validate → reconcile → people → match names → rules → flags → outputs.

:func:`run_quarter` is the one entry point the CLI's ``xref run`` calls; :func:`load_inputs` serves ``xref check``.
Its stages :func:`load_for_run`, :func:`match_inputs` and :func:`flag_inputs` also serve ``xref matches review``
(:mod:`xref.match_review`), so the review queue holds exactly the matches a run would use. The registers' rows live in
DuckDB (:func:`working_database`) from loading to the rules; the outputs read back only the rows they show
(:func:`related_tables`); :mod:`xref.staging` owns their tables.
Library code never prints: progress goes to the optional ``progress`` callback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from xref import __version__
from xref.calendar import bank_holidays
from xref.casefile import case_history, check_case_file, evidence_snapshot, record_run, run_recorded, writer_lock
from xref.clock import Laps
from xref.config import RunConfig
from xref.context import flag_context, flagged_name_ids, window_start
from xref.db import Database
from xref.errors import ConfigError, OutputError, describe_os_error
from xref.flags import build_flags
from xref.ingest import Inputs, Progress, load_inputs, quiet
from xref.matching import MatchResult, match_names
from xref.overrides import read_overrides
from xref.publish import Publication, public_gifts
from xref.reports import mark_pending, publish_outputs, report_record, staging_folder, write_outputs
from xref.rules import Rule, RuleRun, load_rules, public_body_exemptions, run_rules, unable_to_check
from xref.staging import attach_name_ids, related_rows, stage_links, supplier_names
from xref.validate import ColumnHealth

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)


@dataclass
class RunSummary:
    """What a run did, for the CLI to print and for tests to inspect."""

    run_id: str
    out_dir: Path
    case_file: Path
    flags: pl.DataFrame
    recon: pl.DataFrame
    rule_runs: list[RuleRun]
    outputs: dict[str, Path]
    timings: dict[str, float] = field(default_factory=dict)
    outputs_written: list[str] = field(default_factory=list)
    """The names of the output files, as written in the staging folder."""
    public_body_exemptions: dict[str, Any] = field(default_factory=dict)
    """What the public-body exemption left out (:func:`xref.rules.public_body_exemptions`; also in run.json)."""
    inferred_headings: dict[str, list[str]] = field(default_factory=dict)
    """Per register, fields read from their headings' words rather than an alias or xref.toml (run.json has all)."""
    column_health: list[ColumnHealth] = field(default_factory=list)
    """Columns whose values mostly could not be read (also in run.json)."""


def related_tables(
    db: Database, flags: pl.DataFrame, names: pl.DataFrame, period: tuple[dt.date, dt.date], *, months: int = 24
) -> dict[str, pl.DataFrame]:
    """The staged rows the outputs read, as polars frames (:func:`xref.staging.related_rows`).

    They are each flag's evidence, its people's and suppliers' records within ``months`` of the period's end (the
    case card's context), and the period's gifts, card spend and interests (the summary's statistics). At national
    scale the registers hold millions of rows; the report needs the few that concern the flags.
    """
    people = flags.select(pl.col("staff_key").drop_nulls().unique()) if "staff_key" in flags.columns else None
    return related_rows(
        db,
        evidence=flags.select(pl.col("evidence").explode().drop_nulls().unique().alias("rec_id")),
        people=people if people is not None else pl.DataFrame(schema={"staff_key": pl.Utf8}),
        name_ids=flagged_name_ids(flags, names) if flags.height else pl.DataFrame(schema={"name_id": pl.Utf8}),
        window_from=window_start(period[1], months),
        period=period,
    )


@contextmanager
def working_database(config: RunConfig, folder: Path | None = None) -> Iterator[Database]:
    """An in-memory DuckDB for one command's staged rows, within ``--memory-limit`` and ``--threads``.

    What does not fit spills to a temporary folder inside ``folder`` (``xref run``: the output folder; default: the
    system's temporary folder), removed afterwards with ``folder`` itself if this made it and it is still empty.
    """
    made = folder is not None and not folder.exists()
    if folder is None:
        spill = Path(tempfile.mkdtemp(prefix="xref-spill-"))
    else:
        spill = folder / f".tmp-{os.getpid()}-spill"
        spill.mkdir(parents=True, exist_ok=True)  # DuckDB creates the folder it spills to, but not its parents
    db = Database(threads=config.threads, memory_limit=config.memory_limit, temp_directory=spill)
    try:
        yield db
    finally:
        db.close()
        shutil.rmtree(spill, ignore_errors=True)
        if made and folder is not None:  # a run stopped by bad input leaves no empty output folder behind
            with contextlib.suppress(OSError):
                folder.rmdir()


def _standard_params(config: RunConfig) -> dict[str, Any]:
    return {
        "period_from": config.period_from or EARLIEST,
        "period_to": config.period_to or LATEST,
        "period_key": config.period_label or "all",
        **config.policy.params(),
        "bank_holidays": bank_holidays(),
    }


def load_for_run(
    config: RunConfig, progress: Progress = quiet, *, today: dt.date | None = None, db: Database | None = None
) -> Inputs:
    """Load and validate the configured inputs into ``db`` (default: a new in-memory database).

    ``today`` is the run date, after which an event date is a typing error (default: the machine's date).

    Raises:
        ConfigError: no input file was given (a run needs at least one).
    """
    require_inputs(config)
    return load_inputs(config, progress, today=today, db=db)


@dataclass
class CheckSummary:
    """What ``xref check`` reports (:func:`check_inputs`)."""

    inputs: Inputs
    """Every file, loaded and validated; its database is closed, and the descriptions and counts remain."""
    unable_to_check: list[str]
    """A sentence per rule whose columns let it check nothing (:func:`xref.rules.unable_to_check`)."""


def check_inputs(config: RunConfig, progress: Progress = quiet) -> CheckSummary:
    """``xref check``: load and validate the inputs, and say which rules their columns leave unable to check.

    Raises:
        ConfigError: no input file was given.
    """
    with working_database(config) as db:
        inputs = load_for_run(config, progress, db=db)
    return CheckSummary(inputs, unable_to_check(load_rules(), inputs.mapped_fields))


def publish_gifts(config: RunConfig, progress: Progress = quiet) -> Publication:
    """``xref publish gifts``: the gifts register (with the staff list, for roles) loaded and made publishable.

    Only those two registers are read, whatever else the configuration lists (:func:`xref.publish.public_gifts`).

    Raises:
        ConfigError: no gifts register was given.
    """
    if "gifts" not in config.inputs:
        raise ConfigError("no gifts register: give --gifts FILE (or [inputs.gifts] in xref.toml)")
    config = replace(config, inputs={k: v for k, v in config.inputs.items() if k in ("gifts", "staff")})
    with working_database(config) as db:
        inputs = load_for_run(config, progress, db=db)
        gifts, staff = inputs.tables["gifts"], inputs.tables["staff"]
    return public_gifts(gifts, staff, date_from=config.period_from, date_to=config.period_to)


def require_inputs(config: RunConfig) -> None:
    """Stop with one line when no input file was given (``run`` and ``check`` alike, exit code 1).

    Raises:
        ConfigError: no input file.
    """
    if not any(spec.files for spec in config.inputs.values()):
        raise ConfigError(
            "no input files: give at least one of --contracts, --cards, --gifts, --interests, --payments "
            "(or list them under [inputs.*] in xref.toml)"
        )


def match_inputs(config: RunConfig, inputs: Inputs, progress: Progress = quiet) -> tuple[pl.DataFrame, MatchResult]:
    """Match the supplier names of loaded inputs with the configured thresholds and reviewer decisions.

    Returns:
        The matcher's input names (one per register and supplier text, see :func:`supplier_names`) and its result.
    """
    progress("matching supplier names")
    overrides = read_overrides(config.overrides_path) if config.overrides_path else None
    names = supplier_names(inputs.db)
    return names, match_names(names, settings=config.matching, overrides=overrides, db=inputs.db, progress=progress)


def flag_inputs(
    config: RunConfig,
    rules: list[Rule],
    inputs: Inputs,
    names: pl.DataFrame,
    match: MatchResult,
    progress: Progress = quiet,
) -> tuple[list[RuleRun], pl.DataFrame]:
    """Give the staged rows their supplier name ids, stage the name links, run the rules and build the flags.

    Returns:
        Each rule's run and the flags.
    """
    progress("linking the registers to the matched names")
    attach_name_ids(inputs.db, names)
    stage_links(inputs.db, match.links)
    runs = run_rules(
        inputs.db,
        rules,
        user_params=config.rule_params,
        standard=_standard_params(config),
        supplied=inputs.supplied,
        unusable=inputs.unusable,
        progress=progress,
    )
    supplier_keys = dict(
        match.names.group_by("raw").agg(pl.col("supplier_id").cast(pl.Utf8).min()).drop_nulls().iter_rows()
    )
    return runs, build_flags(runs, supplier_keys)


def _peak_rss_mb() -> float | None:
    """The process's peak resident memory so far, in MB (None where the OS does not say)."""
    try:
        import resource  # noqa: PLC0415 - POSIX only
    except ImportError:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)  # bytes on macOS, KB on Linux


def _match_names(flags: pl.DataFrame, match: MatchResult) -> pl.Series:
    """The supplier names as written behind each flag's ``match_pair`` (for a false-match closure's override)."""
    raw = dict(match.names.select("name_id", "raw").iter_rows())
    return pl.Series(
        "match_names",
        [[raw.get(n, n) for n in pair] if pair else None for pair in flags["match_pair"].to_list()],
        dtype=pl.List(pl.Utf8),
    )


def run_quarter(config: RunConfig, progress: Progress = quiet, *, now: dt.datetime | None = None) -> RunSummary:
    """Run the whole job and write every output; returns what was done.

    The case file is held for this run from start to end: a second run on it fails at once (:func:`writer_lock`).
    The outputs are moved into the output folder only once the case file has recorded the run
    (:func:`xref.reports.publish_outputs`), so after a failure or a kill at any point the folder holds the previous
    run's outputs or this run's, and the case file holds every run whose outputs are there.

    Raises:
        CaseFileError: another xref process is using the case file, or it is damaged or not xref's.
        OutputError: the output folder cannot be written.
    """
    with writer_lock(config.case_file, f"xref run ({config.period_label or 'all dates'})"):
        if config.case_file.exists():
            check_case_file(config.case_file)  # a damaged or foreign case file stops the run before any work
        made = not config.out_dir.exists()
        try:
            staging = staging_folder(config.out_dir, functools.partial(run_recorded, config.case_file))
        except OSError as exc:
            raise OutputError(
                f"cannot write to the output folder {config.out_dir} ({describe_os_error(exc)}); give --out a folder "
                "you can write to"
            ) from None
        try:
            return _run_quarter(config, progress, staging, now=now)
        finally:
            if made:  # a run stopped by bad input leaves no empty output folder behind
                with contextlib.suppress(OSError):
                    config.out_dir.rmdir()


def _run_quarter(config: RunConfig, progress: Progress, staging: Path, *, now: dt.datetime | None) -> RunSummary:
    recorded = False
    try:
        summary = _stages(config, progress, staging, now=now)
        recorded = True
        progress("moving the outputs into place")
        summary.outputs = publish_outputs(staging, config.out_dir, summary.outputs_written)
        return summary
    except OSError as exc:
        raise OutputError(
            f"cannot write the outputs in {config.out_dir} ({describe_os_error(exc)}); the previous run's outputs "
            "and the case file are as they were. Free some space, or give --out another folder"
            if not recorded
            else f"the run was recorded in {config.case_file} but its outputs could not be moved into "
            f"{config.out_dir} ({describe_os_error(exc)}); run xref again once the folder can be written"
        ) from None
    finally:
        if not recorded:  # once recorded, a folder left behind is finished by the next run (recover_outputs)
            shutil.rmtree(staging, ignore_errors=True)


def _stages(config: RunConfig, progress: Progress, staging: Path, *, now: dt.datetime | None) -> RunSummary:
    started = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    peak_rss: dict[str, float | None] = {}
    lap = Laps(after=lambda stage: peak_rss.__setitem__(stage, _peak_rss_mb()))
    timings = lap.timings

    rules = load_rules()  # fail on a broken rule file before reading any data
    period = (config.period_from or EARLIEST, config.period_to or LATEST)
    # DuckDB holds the staged registers, spilling what does not fit in --memory-limit beside the outputs
    with working_database(config, config.out_dir) as db:
        inputs = load_for_run(config, progress, today=started.date(), db=db)
        lap("load")
        names, match = match_inputs(config, inputs, progress)
        lap("match")
        runs, flags = flag_inputs(config, rules, inputs, names, match, progress)
        exemptions = public_body_exemptions(db, _standard_params(config), runs)
        progress("reading the flagged records")
        tables = related_tables(db, flags, match.names, period)
        lap("rules")  # with the reading of the records the outputs need

    digest = hashlib.sha256("".join(sorted(v.file.sha256 for v in inputs.files)).encode()).hexdigest()
    run_id = f"{started:%Y%m%dT%H%M%SZ}-{digest[:8]}"
    progress("writing outputs")
    run_info: dict[str, Any] = {
        "run_id": run_id,
        "started_at": started.isoformat(),
        "xref_version": __version__,
        "period": {
            "label": config.period_label,
            "from": config.period_from.isoformat() if config.period_from else None,
            "to": config.period_to.isoformat() if config.period_to else None,
        },
        "config_file": str(config.config_path) if config.config_path else None,
        "matching": {k: getattr(config.matching, k) for k in config.matching.__dataclass_fields__},
        "matching_stats": match.stats,
        "policy": config.policy.params(),
        "peak_rss_mb_by_stage": peak_rss,  # the process's peak so far at the end of each stage (None: not POSIX)
        "threads": config.threads,
        "memory_limit": config.memory_limit,
        "rules": [
            {
                "rule_id": r.rule.rule_id,
                "title": r.rule.title,
                "definition": r.rule.definition,
                "param_docs": {p.name: p.doc for p in r.rule.params},
                "sql_sha256": hashlib.sha256(r.rule.sql.encode()).hexdigest(),
                "params": r.params,
                "evaluated": r.not_evaluated is None,
                "note": r.not_evaluated,
                "partial": r.partial,
                "flags": int((flags["rule_id"] == r.rule.rule_id).sum()),
                "coverage": [
                    {"records": c.records, "in_scope": c.in_scope, "checked": c.checked, "sentence": c.sentence}
                    for c in r.coverage
                ],
            }
            for r in runs
        ],
        "public_body_exemptions": exemptions,
        "headings": inputs.heading_records(),
        "column_health": [asdict(h) | {"sentence": h.sentence} for h in inputs.column_health],
    }
    flags = flags.with_columns(match_names=_match_names(flags, match))
    snapshot = evidence_snapshot(tables, flags)
    review_day = config.period_to or started.date()
    progress("reading the case file")
    history = case_history(
        config.case_file,
        run_id=run_id,
        period_label=config.period_label,
        review_day=review_day,
        flags=flags,
        snapshot=snapshot,
    )
    lap("case_history")
    flags = history.flags
    context = flag_context(tables, match.names, flags, review_day)
    written, report = write_outputs(
        staging,
        run_info=run_info,
        inputs=inputs,
        tables=tables,
        match=match,
        flags=flags,
        timings=timings,
        period=period,
        history=history,
        context=context,
    )
    lap("outputs")
    mark_pending(staging, run_id)
    progress("recording the run in the case file")
    record_run(
        config.case_file,
        run_info=run_info,
        recon=inputs.recon,
        flags=flags,
        snapshot=snapshot,
        report=report_record(report),
    )
    lap("case_file")
    return RunSummary(
        run_id=run_id,
        out_dir=config.out_dir,
        case_file=config.case_file,
        flags=flags,
        recon=inputs.recon,
        rule_runs=runs,
        outputs={name: config.out_dir / name for name in written},
        timings=timings,
        outputs_written=written,
        public_body_exemptions=exemptions,
        inferred_headings=inputs.inferred_headings(),
        column_health=inputs.column_health,
    )
