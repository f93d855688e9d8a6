"""Write the run's files: flags.csv/.parquet/.xlsx, matches.csv, quarantine.csv, issues.csv, run.json, report.html.

Everything is written to a temporary folder first and moved into place once the case file has recorded the run
(:func:`publish_outputs`), so a crash never leaves a half-written report, nor outputs the case file does not
hold. Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return) are prefixed with ``'`` in CSV and XLSX outputs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from xref.html_report import render_data, report_data, template_source
from xref.rules import REFERENCE_COLUMNS
from xref.safety import FORMULA_START, neutralise
from xref.schemas import REGISTERS
from xref.summary import flag_counts, register_statistics, render_summary
from xref.workbook import write_workbook

__all__ = ["FORMULA_START", "neutralise", "publish_outputs", "write_outputs"]

if TYPE_CHECKING:
    from xref.casefile import CaseHistory
    from xref.ingest import Inputs
    from xref.matching import MatchResult

FLAG_CSV_COLUMNS = [
    "flag_id",
    "rule_id",
    "severity",
    "priority",
    "lifecycle",
    "review_status",
    "first_seen_period",
    "case_id",
    "staff",
    "supplier",
    *REFERENCE_COLUMNS,
    "match_score",
    "match_band",
    "match_method",
    "event_date",
    "summary",
    "priority_breakdown",
    "rule_title",
    "match_explanation",
    "subject_key",
    "evidence",
]


def evidence_records(tables: dict[str, pl.DataFrame], rec_ids: set[str]) -> dict[str, dict[str, Any]]:
    """The source rows behind the flags, keyed by ``file:row``, with their dated events for the timeline."""
    found: dict[str, dict[str, Any]] = {}
    wanted = pl.Series(sorted(rec_ids), dtype=pl.Utf8)
    for name, frame in tables.items():
        register = REGISTERS[name]
        if frame.is_empty() or register.reference_only:
            continue
        for row in frame.filter(pl.col("rec_id").is_in(wanted)).iter_rows(named=True):
            events = []
            for fld in register.fields:
                if fld.event_label and row.get(fld.name) is not None:
                    events.append(
                        {"date": row[fld.name], "label": fld.event_label, "ref": row["ref"], "register": register.title}
                    )
            found[row["rec_id"]] = {
                "register": register.title,
                "register_name": name,
                "ref": row["ref"],
                "source_file": row["source_file"],
                "source_row": row["source_row"],
                "raw": json.loads(row["raw"]) if row.get("raw") else {},
                "events": events,
            }
    return found


def match_details(match: MatchResult, pairs: list[list[str]]) -> dict[str, dict[str, Any]]:
    """How each flagged name pair was matched, keyed ``"name_a|name_b"``: both names' normalisation and the scores.

    A pair that was never compared directly (linked through other spellings of one supplier) has no ``scores``.
    """
    wanted = {n for pair in pairs for n in pair}
    names = {
        row["name_id"]: row
        for row in match.names.filter(pl.col("name_id").is_in(pl.Series(sorted(wanted), dtype=pl.Utf8))).iter_rows(
            named=True
        )
    }
    keys = {tuple(sorted(pair)) for pair in pairs if len(pair) == 2}
    scored: dict[tuple[str, ...], dict[str, Any]] = {}
    if keys:
        left = pl.Series([k[0] for k in keys], dtype=pl.Utf8)
        candidates = match.pairs.filter(pl.col("name_a").is_in(left))
        for candidate in candidates.iter_rows(named=True):
            key = tuple(sorted((candidate["name_a"], candidate["name_b"])))
            if key in keys:
                scored[key] = candidate
    details: dict[str, dict[str, Any]] = {}
    for pair in pairs:
        if len(pair) != 2 or pair[0] == pair[1]:
            continue
        row = scored.get(tuple(sorted(pair)))
        features = json.loads(row["features"]) if row and row.get("features") else {}
        details["|".join(pair)] = {
            "sides": [names.get(pair[0], {"raw": pair[0]}), names.get(pair[1], {"raw": pair[1]})],
            "scores": {k: v for k, v in features.items() if isinstance(v, int | float) and v is not None},
            "reasons": [
                *(features.get("reject_reasons") or []),
                *(features.get("no_auto_reasons") or []),
                *([f"ambiguous with {features['ambiguous_with']}"] if features.get("ambiguous_with") else []),
            ],
            "blocking": features.get("blocking_rules") or [],
            "shared_words": features.get("shared_words") or [],
            "band": row["band"] if row else None,
            "method": row["method"] if row else None,
            "runner_up": row["runner_up"] if row else None,
        }
    return details


def write_outputs(
    staging: Path,
    *,
    run_info: dict[str, Any],
    inputs: Inputs,
    tables: dict[str, pl.DataFrame],
    match: MatchResult,
    flags: pl.DataFrame,
    timings: dict[str, float],
    period: tuple[dt.date, dt.date],
    history: CaseHistory | None = None,
    context: dict[str, dict[str, Any]] | None = None,
) -> tuple[list[str], str]:
    """Write every output file into ``staging`` (from :func:`staging_folder`); :func:`publish_outputs` moves them.

    Returns:
        The names of the files written, and the JSON the report was rendered from (for the case file).
    """
    info = dict(run_info)
    info["inputs"] = inputs.recon.to_dicts()
    info["quarantine_by_reason"] = (
        inputs.quarantine.group_by("register", "reason").len().sort("register", "reason").to_dicts()
    )
    info["flags_by_rule_and_severity"] = (
        flags.group_by("rule_id", "severity").len().sort("rule_id", "severity").to_dicts()
    )
    info["timings_seconds"] = timings
    info["register_statistics"] = register_statistics(tables, flags, *period)
    written: list[str] = []

    def out(name: str) -> Path:
        written.append(name)
        return staging / name

    neutralise(flags.select([c for c in FLAG_CSV_COLUMNS if c in flags.columns])).write_csv(out("flags.csv"))
    flags.write_parquet(out("flags.parquet"))
    neutralise(match.pairs).write_csv(out("matches.csv"))
    neutralise(inputs.quarantine).write_csv(out("quarantine.csv"))
    neutralise(inputs.issues).write_csv(out("issues.csv"))
    rec_ids = {e for ev in flags["evidence"].to_list() for e in (ev or [])}
    data = report_data(
        run_info=info,
        flags=flags,
        recon=inputs.recon,
        quarantine=inputs.quarantine,
        evidence=evidence_records(tables, rec_ids),
        matches=match_details(match, [p for p in flags["match_pair"].to_list() if p]),
        context=context,
        not_raised=history.not_raised if history else None,
        trend=history.trend if history else None,
    )
    write_report(out("report.html"), data)
    write_workbook(out("flags.xlsx"), flags=flags, recon=inputs.recon, run_info=info)
    trend = [
        {"period": t["period"], "run_id": t["run_id"], "flags": sum(t["rules"].values())}
        for t in (history.trend if history else [])
    ]
    summary = render_summary(
        run_info=info, stats=info["register_statistics"], counts=flag_counts(flags, info["rules"]), trend=trend
    )
    out("summary.html").write_text(summary, encoding="utf-8")
    # run.json last: it names the run whose outputs these are (see publish_outputs)
    out("run.json").write_text(json.dumps(info, indent=2, default=str, sort_keys=True) + "\n", encoding="utf-8")
    return written, data


# --- outputs and case file in step -------------------------------------------------------------------------------
# A run writes its outputs into out/.tmp-<pid>/, names its run there (PENDING), records the run in the case file,
# and only then moves the outputs into out/. Killed before the case file commits, out/ still holds the previous
# run's outputs, which the case file recorded; killed after, the next run finds the folder, sees from the case file
# that its run was recorded, and finishes the move. So out/ never shows flags the case file does not hold.

PENDING = "PENDING"
"""The file in a staging folder naming its run (written before the case file commits)."""


def staging_folder(out_dir: Path, committed: Callable[[str], bool]) -> Path:
    """A new, empty ``out_dir/.tmp-<pid>`` for this run's outputs, after settling earlier runs' folders.

    Raises:
        OSError: ``out_dir`` cannot be written (read-only, full, no permission).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    recover_outputs(out_dir, committed)
    staging = out_dir / f".tmp-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    return staging


def mark_pending(staging: Path, run_id: str) -> None:
    """Name the run whose outputs ``staging`` holds, before the case file records it."""
    marker = staging / PENDING
    marker.write_text(run_id, encoding="utf-8")
    _sync(marker)


def publish_outputs(staging: Path, out_dir: Path, names: list[str]) -> dict[str, Path]:
    """Move a recorded run's outputs into ``out_dir`` (run.json last), then remove ``staging``.

    Returns:
        name → final path of each output.
    """
    placed = {}
    for name in sorted(names, key=lambda n: n == "run.json"):
        if (staging / name).exists():
            (staging / name).replace(out_dir / name)
        placed[name] = out_dir / name
    shutil.rmtree(staging, ignore_errors=True)
    return placed


def recover_outputs(out_dir: Path, committed: Callable[[str], bool]) -> list[str]:
    """Settle the staging folders of runs that stopped (killed, or failed).

    The outputs of a run the case file recorded (``committed(run_id)``) are moved into place; the others are
    discarded.

    Returns:
        The run ids whose outputs were moved into place.
    """
    finished = []
    for folder in sorted(out_dir.glob(".tmp-*")):
        pid = folder.name.removeprefix(".tmp-").split("-")[0]  # .tmp-<pid> and .tmp-<pid>-spill
        if not pid.isdigit() or int(pid) == os.getpid() or _running(int(pid)):
            continue
        marker = folder / PENDING
        run_id = marker.read_text(encoding="utf-8").strip() if marker.is_file() else ""
        if run_id and committed(run_id):
            publish_outputs(folder, out_dir, [p.name for p in folder.iterdir() if p.name != PENDING])
            finished.append(run_id)
        shutil.rmtree(folder, ignore_errors=True)
    return finished


def _sync(path: Path) -> None:
    """Flush a small file to disk, so a crash right after cannot leave it empty."""
    with contextlib.suppress(OSError), path.open("rb+") as fh:
        os.fsync(fh.fileno())


def report_record(data: str) -> dict[str, str]:
    """What the case file keeps of a report: its data and the template rendering it."""
    return {"data": data, "template": template_source()}


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def write_report(path: Path, data: str, template: str | None = None) -> None:
    """Render report.html from its data (:func:`xref.html_report.report_data`) and template (default: this xref's)."""
    path.write_bytes(render_data(data, template).encode("utf-8"))
