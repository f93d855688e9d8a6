"""Command line: ``xref run``, ``check``, ``rules``, ``generate``, ``matches``, ``review``, ``report``, ``runs``...

The only module importing click.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from xref import __version__
from xref.config import DEFAULT_PUBLIC_BODIES, RunConfig, build_config
from xref.errors import XrefError, describe_os_error

FilePath = click.Path(exists=False, dir_okay=False, path_type=Path)


def _input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The register inputs, shared by ``run`` and ``check``. Each may be given several times."""
    return _register_options(*_REGISTER_OPTIONS)(func)


_REGISTER_OPTIONS = (
    "contracts", "cards", "gifts", "interests", "payments", "staff", "contract_roles", "leavers", "companies",
    "officers", "psc",
)  # fmt: skip


def _register_options(*names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--config`` and the register inputs ``names`` only (``publish gifts`` reads the gifts and staff alone)."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed([o for n, o in _all_input_options() if n is None or n in names]):
            func = option(func)
        return func

    return decorate


def _all_input_options() -> list[tuple[str | None, Callable[[Callable[..., Any]], Callable[..., Any]]]]:
    options = [
        click.option(
            "--config",
            "config_path",
            type=click.Path(dir_okay=False, path_type=Path),
            help="xref.toml with inputs, heading maps and rule parameters (default: ./xref.toml if present).",
        ),
        click.option("--contracts", multiple=True, type=FilePath, help="Contracts register (CSV/XLSX)."),
        click.option("--cards", multiple=True, type=FilePath, help="Procurement-card transactions (CSV/XLSX)."),
        click.option("--gifts", multiple=True, type=FilePath, help="Gifts & hospitality register (CSV/XLSX)."),
        click.option("--interests", multiple=True, type=FilePath, help="Second jobs / business interests register."),
        click.option("--payments", multiple=True, type=FilePath, help="Supplier payments / spend over £500."),
        click.option("--staff", multiple=True, type=FilePath, help="Staff list (staff number, name, role)."),
        click.option(
            "--contract-roles",
            "contract_roles",
            multiple=True,
            type=FilePath,
            help="Who approved/evaluated/held the budget for each contract.",
        ),
        click.option(
            "--leavers", multiple=True, type=FilePath, help="Leavers with their new employer / business appointment."
        ),
        click.option(
            "--companies", multiple=True, type=FilePath, help="Company names, numbers and incorporation dates."
        ),
        click.option(
            "--officers",
            multiple=True,
            type=FilePath,
            help="Company officers: Companies House officer-list JSON (one file per company) or CSV.",
        ),
        click.option(
            "--psc",
            multiple=True,
            type=FilePath,
            help="Persons with significant control: Companies House snapshot JSON lines or CSV.",
        ),
    ]
    return [(None, options[0]), *zip(_REGISTER_OPTIONS, options[1:], strict=True)]


def _period_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The reporting period, shared by ``run`` and ``matches review``."""
    options = [
        click.option(
            "--period", help="Report flags for events in this quarter, e.g. 2025Q1 (earlier data is still used)."
        ),
        click.option("--from", "date_from", help="Report flags for events on or after this date (YYYY-MM-DD)."),
        click.option("--to", "date_to", help="Report flags for events on or before this date (YYYY-MM-DD)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _cli_files(kwargs: dict[str, Any]) -> dict[str, tuple[Path, ...]]:
    return {n: tuple(kwargs.pop(n, ())) for n in _REGISTER_OPTIONS}


_LOG_DIR: list[Path] = []
"""Where an unexpected error's details are written: the output folder once a command knows it (else the system's
temporary folder)."""


def _errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Every failure ends in one line on stderr and exit code 1 — never a traceback.

    xref's own errors (bad input, bad config, a full disk) say what to do. An error nobody foresaw is a bug: its
    traceback goes to a log file, named in the one line, for the report.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except XrefError as exc:
            raise click.ClickException(_one_line(str(exc))) from None
        except OSError as exc:  # the machine's or the file system's, where no stage said more
            raise click.ClickException(_one_line(f"{describe_os_error(exc)}; check it and try again")) from None
        except MemoryError:
            raise click.ClickException(
                "the machine ran out of memory; close other programs, or run on a larger machine "
                "(--memory-limit bounds DuckDB's share)"
            ) from None
        except Exception as exc:
            log = _crash_log(exc)
            raise click.ClickException(
                _one_line(f"xref stopped on an unexpected error ({type(exc).__name__}: {exc})", limit=300)
                + f"; details in {log} — please report it with that file"
            ) from None

    return wrapper


def _one_line(text: str, limit: int = 2000) -> str:
    """A message as one printable line: control characters (a terminal's escape sequences) shown, not obeyed."""
    line = " ".join(printable(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def printable(text: str) -> str:
    r"""Text from an input file made safe for a terminal: control characters are written as ``\x1b`` etc."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 control characters (ESC starts a terminal escape sequence) and bidirectional overrides."""


def _say(text: str) -> None:
    """Print a line that quotes input files (names, headings, values) without letting them drive the terminal."""
    click.echo(printable(text))


def _crash_log(exc: BaseException) -> Path:
    """Write the traceback of an unexpected error to a log file; returns its path."""
    import tempfile  # noqa: PLC0415
    import traceback  # noqa: PLC0415

    stamp = time.strftime("%Y%m%dT%H%M%S")
    text = f"xref {__version__} — {' '.join(sys.argv)}\n" + "".join(
        traceback.format_exception(type(exc), exc, exc.__traceback__)
    )
    for folder in [*_LOG_DIR, Path(tempfile.gettempdir())]:
        path = folder / f"xref-error-{stamp}-{os.getpid()}.log"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return Path("(no folder could be written)")


class _Progress:
    """Stage-by-stage progress on stderr: time in the stage, its counts, and an estimate of the time left.

    On a terminal each stage is one line, updated in place. Elsewhere (a log file, a scheduler) nothing is shown
    unless ``--progress`` asks for it, and then one plain line per step.
    """

    def __init__(self, enabled: bool | None = None) -> None:
        self.terminal = sys.stderr.isatty()
        self.enabled = self.terminal if enabled is None else enabled
        self.stage: str | None = None
        self.stage_start = 0.0
        self.width = 0

    def __call__(self, message: str) -> None:
        if not self.enabled:
            return
        stage, _, detail = message.partition(":")
        now = time.monotonic()
        if stage != self.stage:
            self.end_line()
            self.stage, self.stage_start = stage, now
        elapsed = now - self.stage_start
        text = f"… {message} [{_duration(elapsed)}{_time_left(detail, elapsed)}]"
        if self.terminal:
            width = shutil.get_terminal_size().columns - 1
            line = text[:width]
            click.echo("\r" + line.ljust(self.width), nl=False, err=True)
            self.width = len(line)
        else:
            click.echo(text, err=True)

    def end_line(self) -> None:
        """Finish the current stage's line (on a terminal it was left open for updates)."""
        if self.terminal and self.enabled and self.stage is not None:
            click.echo("", err=True)
            self.width = 0


def _time_left(detail: str, elapsed: float) -> str:
    """``, about 2 min left`` from a step count ``i/n`` (sent as step i starts), once a step has finished."""
    m = re.search(r"(\d+)/(\d+)", detail)
    if not m or int(m.group(1)) < 2 or int(m.group(2)) == 0:
        return ""
    done = (int(m.group(1)) - 1) / int(m.group(2))
    return f", about {_duration(elapsed / done * (1 - done))} left"


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


def _progress_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--progress/--no-progress",
        "progress",
        default=None,
        help="Show progress per stage on stderr (default: only when it is a terminal).",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xref")
def cli() -> None:
    """Cross-reference contracts, card spend, gifts & hospitality and business interests; flag conflicts."""


@cli.command()
@_input_options
@_period_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Output folder [out].")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Persistent case file (DuckDB) [OUT/xref.duckdb].",
)
@click.option(
    "--overrides",
    "overrides_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Reviewer decisions on supplier matches (CSV: name_a, name_b, decision same|not_same).",
)
@click.option("--threads", type=click.IntRange(1, 256), help="DuckDB threads (default: all cores).")
@click.option("--memory-limit", help="DuckDB memory limit, e.g. 4GB.")
@_progress_option
@_errors
def run(progress: bool | None, **kwargs: Any) -> None:
    """Run the quarterly check and write the flagged-match report."""
    files = _cli_files(kwargs)
    config = build_config(cli_files=files, **kwargs)
    _LOG_DIR[:] = [config.out_dir]
    from xref.pipeline import run_quarter  # noqa: PLC0415 - keeps `xref --help` fast

    display = _Progress(progress)
    try:
        summary = run_quarter(config, display)
    finally:
        display.end_line()
    recon = summary.recon
    click.echo(
        f"Read {recon['rows_read'].sum()} rows from {recon.height} file(s): {recon['rows_loaded'].sum()} loaded, "
        f"{recon['rows_quarantined'].sum()} quarantined (see quarantine.csv)."
    )
    for r in summary.rule_runs:
        count = int((summary.flags["rule_id"] == r.rule.rule_id).sum())
        click.echo(f"  {r.rule.rule_id} {r.rule.title}: {r.status(count)}")
    exempt = summary.public_body_exemptions
    if exempt.get("offers"):
        click.echo(
            f"  {exempt['offers']} gift offer(s) from public bodies left out of {', '.join(exempt['rules'])} "
            f"([policy] public_body_offerors), {exempt['linked_to_a_supplier']} of them from a supplier: "
            "listed in the report"
        )
    for h in summary.column_health:
        click.echo(f"  Warning: {h.sentence}")
    for register, lines in summary.inferred_headings.items():
        click.echo(
            f"  {register}: read from the headings' words: {', '.join(lines)} "
            "(xref check shows why; pin them in xref.toml with xref check --write-config)"
        )
    click.echo(f"{summary.flags.height} flag(s). Report: {summary.outputs['report.html']}")
    click.echo(f"Case file: {summary.case_file} (run {summary.run_id})")


@cli.command()
@_input_options
@click.option(
    "--write-config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the xref.toml these headings were read as (commented, for you to confirm) to this file.",
)
@_errors
def check(write_config: Path | None, **kwargs: Any) -> None:
    """Load and validate the inputs only: how headings were mapped, what was quarantined and why."""
    from xref.config import inferred_config  # noqa: PLC0415
    from xref.pipeline import check_inputs  # noqa: PLC0415

    if write_config is not None and write_config.exists():
        raise click.ClickException(
            f"{write_config} already exists: not overwritten (it may hold your own mappings); give another name"
        )
    files = _cli_files(kwargs)
    config: RunConfig = build_config(cli_files=files, **kwargs)
    checked = check_inputs(config)
    inputs = checked.inputs
    for v, counts in zip(inputs.files, inputs.recon.iter_rows(named=True), strict=True):
        f = v.file
        where = f"{f.path} [worksheet {f.sheet}]" if f.sheet else str(f.path)
        encoding = f", {f.encoding}" if f.encoding else ""
        _say(f"{f.register}: {where}  ({f.file_format}{encoding}, heading row {f.header_row})")
        for r in f.readings:
            how = f"words, {r.why}" if r.how == "words" else r.how
            _say(f"    {r.field:<24} ← {r.heading!r}  ({how}; confidence {r.confidence:.2f})")
        for d in f.doubts:
            _say(f"    {d.field:<24} ? doubtful, not used: {' or '.join(repr(h) for h in d.candidates)} ({d.why})")
        if f.unmapped:
            _say(f"    (not used: {', '.join(repr(h) for h in f.unmapped)})")
        _say(
            f"    rows read {f.rows_read} = loaded {counts['rows_loaded']} + quarantined {v.quarantine.height}"
            + (f"; {v.issues.height} value problem(s) listed in issues.csv" if v.issues.height else "")
        )
        if v.quarantine.height:
            for reason, n in v.quarantine.group_by("reason").len().sort("reason").iter_rows():
                example = v.quarantine.filter(v.quarantine["reason"] == reason).row(0, named=True)
                _say(f"      {n:>6} × {reason} (e.g. row {example['source_row']}: {example['detail']})")
        if v.issues.height:
            for fld, problem, n in v.issues.group_by("field", "problem").len().sort("field", "problem").rows():
                kept = "row kept" if problem == "cell_beyond_headings" else "value left empty, row kept"
                _say(f"      {n:>6} × {problem} in {fld} ({kept})")
        for fld, value, problem in v.notes.select("field", "value", "problem").unique().sort("field", "problem").rows():
            _say(f"    note: {value}" if fld == "(file)" else f"    note: {problem} in {fld}")
        for h in v.health:
            _say(f"    WARNING: {h.sentence}")
    total = inputs.recon
    _say(
        f"All files reconcile: {total['rows_read'].sum()} read = {total['rows_loaded'].sum()} loaded + "
        f"{total['rows_quarantined'].sum()} quarantined."
    )
    blind = checked.unable_to_check
    if blind:
        _say(
            f"Warning: {len(blind)} rule(s) could check nothing with these columns "
            "(a run reports them as not evaluated):"
        )
        for line in blind:
            _say(f"  {line}")
    if write_config is not None:
        records: dict[str, list[dict[str, Any]]] = {}
        for record in inputs.heading_records():
            records.setdefault(str(record["register"]), []).append(record)
        text = inferred_config(
            write_config,
            {name: list(spec.files) for name, spec in config.inputs.items()},
            records,
            today=dt.date.today(),
        )
        try:
            write_config.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"cannot write {write_config}: {exc.strerror or exc}") from None
        _say(f"Wrote {write_config}: the headings as read, each with how it was read; confirm them before use.")


@cli.command()
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Show parameter values from this xref.toml (default: ./xref.toml if present).",
)
@click.option("--explain", metavar="RULE", help="Print the full card of one rule, e.g. R001.")
@_errors
def rules(config_path: Path | None, explain: str | None) -> None:
    """List the rules with their parameters and current values."""
    from xref.calendar import bank_holidays  # noqa: PLC0415
    from xref.rules import load_rules  # noqa: PLC0415

    config = build_config(config_path=config_path, cli_files={})
    policy = config.policy.params()
    all_rules = load_rules()
    if explain:
        matches = [r for r in all_rules if r.rule_id == explain.upper()]
        if not matches:
            raise click.ClickException(f"no rule {explain}; rules are {', '.join(r.rule_id for r in all_rules)}")
        all_rules = matches
    for rule in all_rules:
        values = rule.values(config.rule_params.get(rule.rule_id))
        click.echo(f"{rule.rule_id}  {rule.title}  [{rule.severity}; needs {', '.join(rule.needs)}]")
        if explain:
            click.echo("")
            click.echo(click.wrap_text(rule.definition, width=100, initial_indent="  ", subsequent_indent="  "))
            click.echo("")
            click.echo(click.wrap_text("Flag sentence: " + rule.rationale, 100, "  ", "  "))
            click.echo("")
        for p in rule.params:
            current = values[p.name]
            mark = "" if current == p.default else f"  (default {p.default!r})"
            click.echo(f"    {p.name} = {current!r}{mark}  — {p.doc}")
        if explain:
            used = sorted(n for n in rule.used_params if n in policy)
            if used or rule.uses_public_bodies:
                click.echo("")
                click.echo("  From [policy] in xref.toml:")
                for name in used:
                    click.echo(f"    {name} = {policy[name]!r}")
                if rule.uses_public_bodies:
                    bodies = config.policy
                    origin = (
                        "the default list, xref/data/public_bodies.csv"
                        if bodies.public_body_offerors == DEFAULT_PUBLIC_BODIES
                        else "public_body_offerors in xref.toml"
                    )
                    extra = (
                        f" + {list(bodies.public_body_offerors_extra)!r}" if bodies.public_body_offerors_extra else ""
                    )
                    click.echo(
                        f"    public bodies: {len(policy['public_bodies'])} entries from {origin}{extra}; offers from "
                        "them are left out (and listed in the report)"
                    )
            if "bank_holidays" in rule.used_params:
                click.echo("")
                days = bank_holidays()
                click.echo(
                    f"  Bank holidays: {len(days)} England and Wales dates, {days[0].year}-{days[-1].year}, from "
                    "xref/data/bank_holidays_england_wales.csv"
                )
            if rule.coverage:
                click.echo("")
                click.echo("  Each run reports how many of these it could check:")
                for c in rule.coverage:
                    click.echo(f"    {c.records} (not checkable when they {c.reason})")
            click.echo(f"\n  File: sql/rules/{rule.path.name}")


@cli.command()
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the generated registers into.",
)
@click.option("--seed", default=2025, show_default=True, help="Random seed (same seed, same files).")
@click.option("--scale", default=1.0, show_default=True, help="Multiply the background volume.")
@_errors
def generate(out_dir: Path, seed: int, scale: float) -> None:
    """Generate a fictional force's registers with planted cases (how sample_data/ is made)."""
    from xref.sample import generate as make  # noqa: PLC0415

    manifest = make(out_dir, seed=seed, scale=scale)
    click.echo(f"Wrote {len(manifest.get('files', manifest))} file(s) to {out_dir}")


@cli.group()
def matches() -> None:
    """Supplier-name matching: review possible matches, record decisions, measure against labelled names."""


@matches.command("evaluate")
@click.option(
    "--labels",
    "labels",
    multiple=True,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV of labelled names: id_scheme, id_norm, name (rows sharing an identifier are one organisation).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Take the [matching] thresholds from this xref.toml (default: ./xref.toml if present).",
)
@click.option(
    "--unit",
    type=click.Choice(["raw", "spelling"]),
    default="raw",
    show_default=True,
    help="One name is each distinct string (raw), or each spelling ignoring case, punctuation and Ltd/Limited.",
)
@click.option(
    "--publisher",
    "publishers",
    multiple=True,
    metavar="TEXT",
    help="Score only label rows whose publisher contains TEXT (repeatable): the development or reporting split.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON instead of a table.")
@click.option(
    "--show-errors",
    type=click.IntRange(0),
    default=0,
    metavar="N",
    help="Also list up to N wrong pairs per scheme (xref-auto false positives, xref-auto+review false negatives).",
)
@click.option(
    "--adjudications",
    "adjudications_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV of reviewer verdicts on xref-auto's false positives (scheme, name_a, name_b, verdict: same/different);"
    " adds xref-auto's precision with them applied (e.g. docs/evaluation/adjudicated_pairs.csv).",
)
@_errors
def evaluate(
    labels: tuple[Path, ...],
    config_path: Path | None,
    unit: str,
    publishers: tuple[str, ...],
    as_json: bool,
    show_errors: int,
    adjudications_path: Path | None,
) -> None:
    """Score xref's matcher and two plain baselines against labelled names, per identifier scheme."""
    import dataclasses  # noqa: PLC0415
    import json  # noqa: PLC0415

    from xref.evaluate import (  # noqa: PLC0415
        adjudicate,
        adjudication_lines,
        cross_check,
        error_lines,
        errors_dict,
        evaluate_labels,
        read_adjudications,
        table_lines,
    )

    config = build_config(config_path=config_path, cli_files={})
    verdicts = read_adjudications(adjudications_path) if adjudications_path is not None else None
    report = evaluate_labels(
        list(labels), config.matching, unit="spelling" if unit == "spelling" else "raw", publishers=publishers
    )
    adjudications = adjudicate(report, verdicts) if verdicts is not None else []
    crossed = cross_check(report) if len(report.schemes) > 1 else []
    if as_json:
        data = report.as_dict()
        if show_errors:
            data["errors"] = errors_dict(report, show_errors)
        if adjudications:
            data["adjudicated"] = {a.scheme: {**dataclasses.asdict(a), "precision": a.precision} for a in adjudications}
        if crossed:
            data["cross_checked"] = {a.scheme: {**dataclasses.asdict(a), "precision": a.precision} for a in crossed}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for line in table_lines(report):
        click.echo(line)
    if crossed:
        for line in adjudication_lines(crossed, None):
            click.echo(line)
    if adjudications_path is not None and adjudications:
        for line in adjudication_lines(adjudications, adjudications_path):
            click.echo(line)
    if show_errors:
        click.echo("")
        for line in error_lines(report, show_errors):
            click.echo(line)


@matches.command("review")
@_input_options
@_period_options
@click.option(
    "--overrides",
    "overrides_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Reviewer decisions already made (default: [run] overrides in xref.toml, else ./match_decisions.csv).",
)
@click.option(
    "--out",
    "out_path",
    default=Path("match_review.csv"),
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The review file to write.",
)
@_progress_option
@_errors
def review(out_path: Path, progress: bool | None, **kwargs: Any) -> None:
    """List the possible supplier matches still to decide in a CSV for a reviewer to fill in."""
    from xref.match_review import write_review_queue  # noqa: PLC0415

    files = _cli_files(kwargs)
    config = build_config(cli_files=files, **kwargs)
    display = _Progress(progress)
    try:
        summary = write_review_queue(config, out_path, display)
    finally:
        display.end_line()
    if summary.decisions:
        click.echo(f"Pairs already decided in {summary.decisions} are left out.")
    if summary.undecidable:
        click.echo(
            f"{summary.undecidable} possible match(es) between names that normalise to the same text are left out: "
            "a decision cannot tell them apart, so check their flags by eye."
        )
    if not summary.pairs:
        click.echo(f"No possible matches left to decide; wrote an empty {out_path}.")
        return
    click.echo(
        f"Wrote {summary.pairs} possible match(es) to {out_path}, {summary.pairs_in_flags} of them behind flags "
        "(listed first)."
    )
    click.echo("Fill in decision (same or not_same), reviewer and note, then record them with:")
    click.echo(f"  xref matches import {out_path}")


@matches.command("import")
@click.argument("review_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--decisions",
    "--overrides",
    "decisions_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Decisions file to append to (default: [run] overrides in xref.toml, else ./match_decisions.csv).",
)
@click.option("--reviewer", help="Who decided, for rows whose reviewer column is blank.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="xref.toml naming the decisions file under [run] overrides (default: ./xref.toml if present).",
)
@_errors
def import_(review_file: Path, decisions_path: Path | None, reviewer: str | None, config_path: Path | None) -> None:
    """Record the decisions filled in a review file (append-only; the latest decision for a pair wins)."""
    from xref.match_review import decisions_file, import_decisions  # noqa: PLC0415

    config = build_config(config_path=config_path, cli_files={}, overrides_path=decisions_path)
    summary = import_decisions(review_file, decisions_file(config), reviewer=reviewer)
    skipped = [f"{summary.blank} row(s) with no decision"] if summary.blank else []
    skipped += [f"{summary.already} already recorded"] if summary.already else []
    tail = f"; skipped {', '.join(skipped)}" if skipped else ""
    click.echo(f"Recorded {summary.recorded} decision(s) in {summary.path}{tail}.")
    if config.overrides_path is None:
        click.echo(
            f"xref run applies them when given --overrides {summary.path} "
            f'(or overrides = "{summary.path}" under [run] in xref.toml).'
        )


def _case_file_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Where the case file is: ``--db``, else [run] db / out in xref.toml, else out/xref.duckdb."""
    options = [
        click.option(
            "--config",
            "config_path",
            type=click.Path(dir_okay=False, path_type=Path),
            help="xref.toml naming the case file under [run] db or out (default: ./xref.toml if present).",
        ),
        click.option(
            "--db",
            "db_path",
            type=click.Path(dir_okay=False, path_type=Path),
            help="The case file (DuckDB) [OUT/xref.duckdb].",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@cli.group("review")
def review_group() -> None:
    """Decide flags: export the open ones to a sheet, import the decisions, show a flag's history."""


@review_group.command("export")
@_case_file_options
@click.option(
    "--out",
    "out_path",
    default=Path("flag_review.xlsx"),
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The review sheet to write: .xlsx for a workbook, anything else for CSV.",
)
@_errors
def review_export(config_path: Path | None, db_path: Path | None, out_path: Path) -> None:
    """Write every flag not yet closed or referred to a sheet for reviewers to fill in."""
    from xref.flag_review import export_review  # noqa: PLC0415

    config = build_config(config_path=config_path, cli_files={}, db_path=db_path)
    summary = export_review(config.case_file, out_path)
    waiting = f", {summary.awaiting_second} awaiting a second reviewer" if summary.awaiting_second else ""
    click.echo(f"Wrote {summary.flags} open flag(s) to {out_path}{waiting}.")
    click.echo("Fill in decision, rationale, reviewer (and role, evidence consulted, next review date), then run:")
    click.echo(f"  xref review import {out_path} --db {config.case_file}")


@review_group.command("import")
@_case_file_options
@click.argument("sheet", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reviewer", help="Who decided, for rows whose reviewer column is blank.")
@click.option("--role", "reviewer_role", help="The reviewer's role, for rows whose reviewer_role column is blank.")
@click.option(
    "--overrides",
    "overrides_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Match decisions file a false-match closure adds not_same to "
    "(default: [run] overrides in xref.toml, else ./match_decisions.csv).",
)
@_errors
def review_import(
    config_path: Path | None,
    db_path: Path | None,
    sheet: Path,
    reviewer: str | None,
    reviewer_role: str | None,
    overrides_path: Path | None,
) -> None:
    """Record the decisions filled in a review sheet (append-only; every row is checked first)."""
    from xref.flag_review import import_review  # noqa: PLC0415
    from xref.match_review import decisions_file  # noqa: PLC0415

    config = build_config(config_path=config_path, cli_files={}, db_path=db_path, overrides_path=overrides_path)
    summary = import_review(
        config.case_file, sheet, match_decisions=decisions_file(config), reviewer=reviewer, reviewer_role=reviewer_role
    )
    skipped = [f"{summary.blank} row(s) with no decision"] if summary.blank else []
    skipped += [f"{summary.already} already recorded"] if summary.already else []
    tail = f"; skipped {', '.join(skipped)}" if skipped else ""
    click.echo(f"Recorded {summary.recorded} decision(s) in {config.case_file}{tail}.")
    if summary.awaiting_second:
        click.echo(
            f"{len(summary.awaiting_second)} high or critical closure(s) wait for a second reviewer: "
            + ", ".join(summary.awaiting_second)
        )
    if summary.overrides:
        click.echo(
            f"Recorded {summary.overrides} not_same supplier match decision(s) in {summary.match_decisions} "
            "for false-match closures."
        )


@review_group.command("history")
@_case_file_options
@click.argument("flag_id")
@_errors
def review_history(config_path: Path | None, db_path: Path | None, flag_id: str) -> None:
    """Show every run that raised a flag and every decision recorded on it, in date order."""
    from xref.flag_review import flag_history  # noqa: PLC0415

    config = build_config(config_path=config_path, cli_files={}, db_path=db_path)
    for line in flag_history(config.case_file, flag_id.strip()):
        click.echo(line)


@cli.command("report")
@_case_file_options
@click.option("--run", "run_id", required=True, help="The run to render again (its id is printed by xref run).")
@click.option(
    "--out",
    "out_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the report (HTML).",
)
@_errors
def report(config_path: Path | None, db_path: Path | None, run_id: str, out_path: Path) -> None:
    """Render a past run's report.html again, byte for byte, from the case file."""
    from jinja2 import TemplateError  # noqa: PLC0415

    from xref.casefile import stored_report  # noqa: PLC0415
    from xref.reports import write_report  # noqa: PLC0415

    config = build_config(config_path=config_path, cli_files={}, db_path=db_path)
    if not config.case_file.exists():
        raise click.ClickException(f"case file {config.case_file} does not exist; give --db")
    found = stored_report(config.case_file, run_id.strip())
    if found is None:
        raise click.ClickException(
            f"run {run_id} has no stored report in {config.case_file}; list runs with: xref runs"
        )
    made_by, data, template = found
    try:
        write_report(out_path, data, template)
    except OSError as exc:
        raise click.ClickException(f"cannot write {out_path}: {exc.strerror or exc}") from None
    except TemplateError as exc:
        raise click.ClickException(
            f"run {run_id}'s stored report (xref {made_by}) cannot be rendered by this xref {__version__} ({exc}); "
            f"install xref {made_by} to regenerate it"
        ) from None
    click.echo(f"Wrote {out_path} (run {run_id}, made by xref {made_by}).")


@cli.command("runs")
@_case_file_options
@_errors
def runs(config_path: Path | None, db_path: Path | None) -> None:
    """List the runs recorded in the case file, newest first."""
    from xref.casefile import run_history  # noqa: PLC0415

    config = build_config(config_path=config_path, cli_files={}, db_path=db_path)
    if not config.case_file.exists():
        raise click.ClickException(f"case file {config.case_file} does not exist; give --db")
    for r in run_history(config.case_file).iter_rows(named=True):
        click.echo(
            f"{r['run_id']}  {r['started_at']:%Y-%m-%d %H:%M}  {r['period_label'] or 'no period':<10} "
            f"{r['flags']} flag(s)"
        )


@cli.group()
def publish() -> None:
    """Registers in a form the force can publish (no personal names)."""


@publish.command("gifts")
@_register_options("gifts", "staff")
@_period_options
@click.option(
    "--out",
    "out_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV file to write the publishable register to.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse to write the register when an offeror reads as a private person (a title, or initials and a surname).",
)
@_progress_option
@_errors
def publish_gifts(out_path: Path, strict: bool, progress: bool | None, **kwargs: Any) -> None:
    """Write the gifts and hospitality register for publication: names replaced by role and department."""
    from xref.pipeline import publish_gifts as publishable  # noqa: PLC0415
    from xref.publish import write_publication  # noqa: PLC0415

    config = build_config(cli_files=_cli_files(kwargs), **kwargs)
    display = _Progress(progress)
    try:
        publication = publishable(config, display)
    finally:
        display.end_line()
    private = publication.private_offerors
    if private:
        refs = ", ".join(private[:10]) + (f" and {len(private) - 10} more" if len(private) > 10 else "")
        warning = (
            f"{len(private)} entr{'y' if len(private) == 1 else 'ies'} name an offeror who reads as a private person "
            f"(a title, or initials and a surname): {refs}"
        )
        if strict:
            raise click.ClickException(f"register not written (--strict): {warning}; check them at source")
        click.echo(f"Warning: {warning}. Check them before publishing (--strict refuses to write the register).")
    write_publication(publication, out_path)
    staff_note = "" if "staff" in config.inputs else " (no staff list given: roles come from the register's department)"
    widened = (
        f" {publication.labels_widened} recipient label(s) named one member of staff alone and were widened to "
        "their department."
        if publication.labels_widened
        else ""
    )
    click.echo(
        f"Wrote {publication.frame.height} entries to {out_path}; checked against {publication.names_checked} "
        f"personal names, {publication.cells_redacted} cell(s) had a name removed{staff_note}.{widened}"
    )


def main() -> None:
    """Entry point for ``python -m xref``."""
    cli(prog_name="xref")


if __name__ == "__main__":  # pragma: no cover
    main()
