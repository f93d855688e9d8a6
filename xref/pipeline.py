"""The job, stage by stage: load → validate → reconcile → people → match names → rules → flags → outputs.

:func:`run_quarter` is the one entry point the CLI's ``xref run`` calls; :func:`load_inputs` serves ``xref check``.
Its stages :func:`load_for_run`, :func:`match_inputs` and :func:`flag_inputs` also serve ``xref matches review``
(:mod:`xref.review`), so the review queue holds exactly the matches a run would use.
Library code never prints: progress goes to the optional ``progress`` callback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from xref import __version__
from xref.calendar import bank_holidays
from xref.casefile import case_history, evidence_snapshot, record_run, writer_lock
from xref.config import RunConfig
from xref.context import flag_context
from xref.db import Database
from xref.errors import ConfigError
from xref.flags import build_flags
from xref.ingest import Inputs, Progress, load_inputs, quiet
from xref.matching import MatchResult, match_names
from xref.overrides import read_overrides
from xref.reports import report_record, write_outputs
from xref.rules import Rule, RuleRun, load_rules, run_rules
from xref.schemas import REGISTERS

COMPANY_COLUMNS = ("supplier_company_number", "offeror_company_number", "company_number")
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


def supplier_names(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """One row per distinct (register, supplier text), with the identifiers seen beside it."""
    parts = []
    for name, register in REGISTERS.items():
        fld = register.supplier_field
        frame = tables[name]
        if not fld or frame.is_empty():
            continue
        company = next((c for c in COMPANY_COLUMNS if c in frame.columns), None)
        vat = "vat_number" if "vat_number" in frame.columns else None
        parts.append(
            frame.filter(pl.col(fld).is_not_null())
            .group_by(fld)
            .agg(
                (pl.col(company).drop_nulls().first() if company else pl.lit(None, dtype=pl.Utf8)).alias(
                    "company_number"
                ),
                (pl.col(vat).drop_nulls().first() if vat else pl.lit(None, dtype=pl.Utf8)).alias("vat_number"),
            )
            .select(
                pl.lit(name).alias("source"),
                pl.col(fld).alias("raw"),
                pl.col("company_number").cast(pl.Utf8),
                pl.col("vat_number").cast(pl.Utf8),
            )
        )
    schema = {"source": pl.Utf8, "raw": pl.Utf8, "company_number": pl.Utf8, "vat_number": pl.Utf8}
    names = pl.concat(parts) if parts else pl.DataFrame(schema=schema)
    return (
        names.with_columns(
            pl.concat_str(pl.col("source"), pl.lit("\x1f"), pl.col("raw"))
            .map_elements(lambda s: "N" + hashlib.sha256(s.encode()).hexdigest()[:12], return_dtype=pl.Utf8)
            .alias("name_id")
        )
        .select("name_id", "source", "raw", "company_number", "vat_number")
        .sort("name_id")
    )


def attach_name_ids(tables: dict[str, pl.DataFrame], names: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Give every register row the ``<supplier field>_name_id`` its supplier text was matched under."""
    out = dict(tables)
    for name, register in REGISTERS.items():
        fld = register.supplier_field
        if not fld:
            continue
        ids = names.filter(pl.col("source") == name).select(pl.col("raw").alias(fld), pl.col("name_id"))
        out[name] = tables[name].join(ids, on=fld, how="left").rename({"name_id": str(register.name_id_column)})
    return out


def _standard_params(config: RunConfig) -> dict[str, Any]:
    return {
        "period_from": config.period_from or EARLIEST,
        "period_to": config.period_to or LATEST,
        "period_key": config.period_label or "all",
        **config.policy.params(),
        "bank_holidays": bank_holidays(),
    }


def load_for_run(config: RunConfig, progress: Progress = quiet, *, today: dt.date | None = None) -> Inputs:
    """Load and validate the configured inputs; a run needs at least one file.

    ``today`` is the run date, after which an event date is a typing error (default: the machine's date).

    Raises:
        ConfigError: no input file was given.
    """
    inputs = load_inputs(config, progress, today=today)
    if not inputs.files:
        raise ConfigError(
            "no input files: give at least one of --contracts, --cards, --gifts, --interests, --payments "
            "(or list them under [inputs.*] in xref.toml)"
        )
    return inputs


def match_inputs(
    config: RunConfig, inputs: Inputs, progress: Progress = quiet, *, db: Database | None = None
) -> tuple[pl.DataFrame, MatchResult]:
    """Match the supplier names of loaded inputs with the configured thresholds and reviewer decisions.

    Returns:
        The matcher's input names (one per register and supplier text, see :func:`supplier_names`) and its result.
    """
    progress("matching supplier names")
    overrides = read_overrides(config.overrides_path) if config.overrides_path else None
    names = supplier_names(inputs.tables)
    return names, match_names(names, settings=config.matching, overrides=overrides, db=db, progress=progress)


def flag_inputs(
    db: Database,
    config: RunConfig,
    rules: list[Rule],
    inputs: Inputs,
    names: pl.DataFrame,
    match: MatchResult,
    progress: Progress = quiet,
) -> tuple[dict[str, pl.DataFrame], list[RuleRun], pl.DataFrame]:
    """Stage the registers and name links in ``db``, run the rules and build the flags.

    Returns:
        The staging tables (with supplier name ids), each rule's run and the flags.
    """
    tables = attach_name_ids(inputs.tables, names)
    progress("staging the registers")
    for name, frame in tables.items():
        db.create_table(f"stg_{name}", frame)
    db.create_table("xref_links", match.links)
    runs = run_rules(
        db,
        rules,
        user_params=config.rule_params,
        standard=_standard_params(config),
        supplied=inputs.supplied,
        progress=progress,
    )
    supplier_keys = dict(
        match.names.group_by("raw").agg(pl.col("supplier_id").cast(pl.Utf8).min()).drop_nulls().iter_rows()
    )
    return tables, runs, build_flags(runs, supplier_keys)


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

    Raises:
        CaseFileError: another xref process is using the case file.
    """
    with writer_lock(config.case_file, f"xref run ({config.period_label or 'all dates'})"):
        return _run_quarter(config, progress, now=now)


def _run_quarter(config: RunConfig, progress: Progress, *, now: dt.datetime | None) -> RunSummary:
    started = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    timings: dict[str, float] = {}
    peak_rss: dict[str, float | None] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        timings[stage] = round(time.perf_counter() - clock, 3)
        peak_rss[stage] = _peak_rss_mb()
        clock = time.perf_counter()

    rules = load_rules()  # fail on a broken rule file before reading any data
    inputs = load_for_run(config, progress, today=started.date())
    lap("load")

    # DuckDB spills what does not fit in --memory-limit here (beside the outputs, not in the working folder)
    spill = config.out_dir / f".tmp-{os.getpid()}-spill"
    db = Database(threads=config.threads, memory_limit=config.memory_limit, temp_directory=spill)
    try:
        names, match = match_inputs(config, inputs, progress, db=db)
        lap("match")
        tables, runs, flags = flag_inputs(db, config, rules, inputs, names, match, progress)
        lap("rules")
    finally:
        db.close()
        shutil.rmtree(spill, ignore_errors=True)

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
                "evaluated": r.skipped_reason is None,
                "note": r.skipped_reason,
                "flags": int((flags["rule_id"] == r.rule.rule_id).sum()),
                "coverage": [
                    {"records": c.records, "in_scope": c.in_scope, "checked": c.checked, "sentence": c.sentence}
                    for c in r.coverage
                ],
            }
            for r in runs
        ],
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
    outputs, report = write_outputs(
        config.out_dir,
        run_info=run_info,
        inputs=inputs,
        tables=tables,
        match=match,
        flags=flags,
        timings=timings,
        period=(config.period_from or EARLIEST, config.period_to or LATEST),
        history=history,
        context=context,
    )
    lap("outputs")
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
        outputs=outputs,
        timings=timings,
    )
