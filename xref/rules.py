"""Rule files: parse ``sql/rules/*.sql`` headers, bind parameters, run each rule, check its output contract.

A rule file starts with ``--`` header lines::

    -- rule: R001
    -- title: Gift or hospitality from a supplier before it won a contract
    -- severity: high
    -- needs: gifts, contracts
    -- param lookback_days: 365 | days before the award date in which an offer counts
    -- rationale: {offeror} offered ... {award_date}.
    -- definition: one paragraph in plain English (may continue on further "--   " lines)

``-- coverage: <records> | <stg table> | <in scope> | <can be checked> | <why not>`` lines name what the rule looks
at (:class:`Coverage`), and ``-- coverage_needs: any`` says one checkable population is enough (default ``all``).

``param`` values are TOML (numbers, booleans, strings, lists). Every ``$name`` in the body must be a declared
parameter or one of the standard ones (:data:`STANDARD_PARAMS`), and every declared parameter must be used.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from xref.db import Database
from xref.errors import ConfigError, SqlFileError
from xref.public_bodies import PublicBodies
from xref.schemas import REGISTERS
from xref.sqlfiles import read_sql, sql_root
from xref.staging import PUBLIC_BODY_OFFERORS, STAGED_PREFIX, STAGED_TABLE, staged_table

SEVERITIES = ("critical", "high", "medium", "low", "info")
STANDARD_PARAMS = {
    "period_from": "first day of the reporting period (flags are reported for events inside it)",
    "period_to": "last day of the reporting period",
    "period_key": "label of the period, part of the subject key of per-period flags",
    "thresholds_gbp": "[policy] thresholds, ascending, in ex-VAT pounds (VAT-inclusive ones divided by vat_factor)",
    "threshold_labels": "[policy] the label of each threshold, same order, saying its VAT basis",
    "card_limit_gbp": "[policy] card_single_txn_limit_gbp: the card programme's single-transaction limit",
    "public_bodies": "[policy] public_body_offerors (+ _extra): the public-body list (* = any text); rules read "
    "it as a staged table (:func:`stage_public_bodies`), not as a parameter",
    "marketplaces": "[policy] marketplaces: patterns of card merchants that are marketplaces, not suppliers",
    "bank_holidays": "England and Wales bank holidays (xref.calendar.bank_holidays(), from xref/data), a list of dates",
}
REFERENCE_COLUMNS = ("contract_ref", "gift_ref", "card_ref", "interest_ref", "payment_ref", "officer_ref")
"""The register references a rule's row, and so a flag, can carry: one column per register a flag can be about."""
OPTIONAL_COLUMNS: dict[str, pl.DataType] = {
    **dict.fromkeys(("staff", "staff_key", "supplier"), pl.Utf8()),
    **dict.fromkeys(REFERENCE_COLUMNS, pl.Utf8()),
    "match_score": pl.Float64(),
    **dict.fromkeys(("match_band", "match_method", "match_explanation"), pl.Utf8()),
    "match_pair": pl.List(pl.Utf8()),
}
"""Contract columns a rule may leave out: :func:`run_rule` adds them as typed nulls (a card rule names no gift)."""
CONTRACT_COLUMNS = (
    "subject_key",
    "event_date",
    "severity",
    "staff",
    "staff_key",
    "supplier",
    *REFERENCE_COLUMNS,
    "match_score",
    "match_band",
    "match_method",
    "match_explanation",
    "match_pair",
    "evidence",
)


@dataclass(frozen=True)
class Param:
    """A rule parameter with its default and what it means."""

    name: str
    default: Any
    doc: str


@dataclass(frozen=True)
class Coverage:
    """One population a rule checks, from a ``-- coverage:`` header line.

    ``-- coverage: <records> | <stg table> | <in scope: SQL boolean> | <can be checked: SQL boolean> | <why not>``
    """

    records: str
    table: str
    scope: str
    checkable: str
    reason: str

    @property
    def register(self) -> str:
        """The register whose staged table :attr:`table` is."""
        return self.table.removeprefix(STAGED_PREFIX)

    def sql(self) -> str:
        """Counts of records in scope and of those that can be checked (the booleans are the rule author's SQL)."""
        return (
            f"select count(*) filter (where ({self.scope})) as in_scope, "
            f"count(*) filter (where ({self.scope}) and ({self.checkable})) as checked from {self.table}"
        )


@dataclass(frozen=True)
class CoverageCount:
    """How many records of one population a rule could evaluate in a run, and why the rest could not be."""

    rule_id: str
    records: str
    in_scope: int
    checked: int
    reason: str

    @property
    def account(self) -> str:
        """E.g. ``31 of 44 contracts awarded in the period could be checked; 13 have no tender start date``."""
        text = f"{self.checked:,} of {self.in_scope:,} {self.records} could be checked"
        missing = self.in_scope - self.checked
        return f"{text}; {missing:,} {self.reason}" if missing else text

    @property
    def sentence(self) -> str:
        """The account with the rule's id: ``R003: 31 of 44 contracts ... could be checked; ...``."""
        return f"{self.rule_id}: {self.account}"


@dataclass(frozen=True)
class Rule:
    """One parsed rule file."""

    rule_id: str
    slug: str
    title: str
    severity: str
    needs: tuple[str, ...]
    params: tuple[Param, ...]
    rationale: str
    definition: str
    sql: str
    path: Path
    used_params: frozenset[str] = field(default_factory=frozenset)
    coverage: tuple[Coverage, ...] = ()
    coverage_needs_all: bool = True
    """Whether the rule looks only if every coverage population has a checkable record (``-- coverage_needs: all``,
    the default: R001 needs contracts and offers) or if any has (``any``: R015's duplicate or round-sum checks)."""

    @property
    def uses_public_bodies(self) -> bool:
        """Whether the rule leaves out offers from public bodies.

        It does when it reads :data:`xref.staging.PUBLIC_BODY_OFFERORS` itself or through a view of ``sql/views``
        (``supplier_offers.sql``).
        """
        sql = strip_sql_comments_and_strings(self.sql)
        return any(name in sql for name in (PUBLIC_BODY_OFFERORS, *views_reading(PUBLIC_BODY_OFFERORS)))

    def values(self, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        """Parameter values: defaults, replaced by the user's ``[rules.RNNN]`` settings."""
        values = {p.name: p.default for p in self.params}
        for key, value in (overrides or {}).items():
            if key not in values:
                raise ConfigError(
                    f"[rules.{self.rule_id}] {key} is not a parameter of {self.rule_id}; "
                    f"parameters are {', '.join(values) or 'none'}"
                )
            default = values[key]
            if type(default) is not type(value) and not (isinstance(default, float) and isinstance(value, int)):
                raise ConfigError(
                    f"[rules.{self.rule_id}] {key} must be {type(default).__name__} like the default {default!r}"
                )
            values[key] = value
        return values


_HEADER = re.compile(
    r"^--\s*(rule|title|severity|needs|rationale|definition|coverage|coverage_needs|param\s+\w+)\s*:\s*(.*)$"
)


def strip_sql_comments_and_strings(sql: str) -> str:
    """The SQL with comments and string literals removed (to find ``$params`` the way datasette does).

    One left-to-right pass, so an apostrophe inside a comment does not open a string, nor ``--`` in a string a comment.
    """
    token = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", re.DOTALL)
    return token.sub(lambda m: "''" if m.group(0).startswith("'") else " ", sql)


def parse_rule(path: Path) -> Rule:
    """Parse one rule file and check its header against its body.

    Raises:
        SqlFileError: a missing or malformed header entry, or parameters that do not agree with the body.
    """
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params: list[Param] = []
    coverage: list[Coverage] = []
    last: str | None = None
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        m = _HEADER.match(line)
        if m:
            key, value = m.group(1), m.group(2).strip()
            if key.startswith("param"):
                name = key.split()[1]
                default_text, _, doc = value.partition("|")
                try:
                    default = tomllib.loads(f"v = {default_text.strip()}")["v"]
                except tomllib.TOMLDecodeError:
                    raise SqlFileError(f"{path}: param {name} default {default_text.strip()!r} is not TOML") from None
                params.append(Param(name, default, doc.strip()))
                last = None
            elif key == "coverage":
                parts = [p.strip() for p in value.split("|")]
                if len(parts) != 5 or not all(parts) or not STAGED_TABLE.fullmatch(parts[1]):
                    raise SqlFileError(
                        f"{path}: coverage line must be '-- coverage: records | <staged table> | in scope | "
                        f"can be checked | why not', got {value!r}"
                    )
                coverage.append(Coverage(*parts))
                last = None
            else:
                meta[key] = value
                last = key
        elif last in ("definition", "rationale") and line.startswith("--   "):
            meta[last] += " " + line[2:].strip()
    for key in ("rule", "title", "severity", "needs", "rationale", "definition"):
        if key not in meta:
            raise SqlFileError(f"{path}: header has no '-- {key}:' line")
    if meta["severity"] not in SEVERITIES:
        raise SqlFileError(f"{path}: severity {meta['severity']!r} is not one of {', '.join(SEVERITIES)}")
    if meta.setdefault("coverage_needs", "all") not in ("all", "any"):
        raise SqlFileError(f"{path}: coverage_needs must be 'all' or 'any', got {meta['coverage_needs']!r}")
    rule_id = meta["rule"]
    if not re.fullmatch(r"R\d{3}", rule_id) or not path.name.startswith(rule_id + "_"):
        raise SqlFileError(f"{path}: rule id {rule_id!r} must look like R001 and prefix the file name")
    used = set(re.findall(r"\$(\w+)", strip_sql_comments_and_strings(text)))
    used |= {n for c in coverage for n in re.findall(r"\$(\w+)", strip_sql_comments_and_strings(c.sql()))}
    declared = {p.name for p in params}
    undeclared = used - declared - set(STANDARD_PARAMS)
    if undeclared:
        raise SqlFileError(f"{path}: uses ${', $'.join(sorted(undeclared))} without a '-- param' header line")
    unused = declared - used
    if unused:
        raise SqlFileError(f"{path}: declares param(s) {', '.join(sorted(unused))} that the query never uses")
    return Rule(
        rule_id=rule_id,
        slug=path.stem.split("_", 1)[1],
        title=meta["title"],
        severity=meta["severity"],
        needs=tuple(n.strip() for n in meta["needs"].split(",") if n.strip()),
        params=tuple(params),
        rationale=meta["rationale"],
        definition=meta["definition"],
        sql=text,
        path=path,
        used_params=frozenset(used),
        coverage=tuple(coverage),
        coverage_needs_all=meta["coverage_needs"] == "all",
    )


def load_rules(directory: Path | None = None) -> list[Rule]:
    """All rules in ``sql/rules``, ordered by id; duplicate ids are an error."""
    directory = directory or sql_root() / "rules"
    rules: dict[str, Rule] = {}
    for path in sorted(directory.glob("R*.sql")):
        rule = parse_rule(path)
        if rule.rule_id in rules:
            raise SqlFileError(f"{path}: rule id {rule.rule_id} is also used by {rules[rule.rule_id].path}")
        rules[rule.rule_id] = rule
    return list(rules.values())


@dataclass(frozen=True)
class RuleRun:
    """What one rule produced in a run (or why it could not run)."""

    rule: Rule
    params: dict[str, Any]
    rows: pl.DataFrame | None
    skipped_reason: str | None = None
    coverage: tuple[CoverageCount, ...] = ()

    @property
    def not_evaluated(self) -> str | None:
        """Why the rule could look at nothing, or None when it looked at something.

        A rule that ran but could check no record (the contracts have no value, the card file no cardholder; for a
        rule whose populations are all needed, one of them) is not evaluated, like one whose register was not
        given: its "0 flags" would read as "nothing wrong" when nothing could be seen.
        """
        if self.skipped_reason is not None:
            return self.skipped_reason
        if (self.rows is not None and self.rows.height) or not self.coverage:
            return None
        blind = [c for c in self.coverage if not c.checked]
        if not blind or (not self.rule.coverage_needs_all and len(blind) < len(self.coverage)):
            return None
        return "not evaluated: " + "; ".join(c.account if c.in_scope else f"no {c.records}" for c in blind)

    def status(self, flags: int) -> str:
        """One line for the console: ``3 flag(s) (44 of 45 contracts ... could be checked; 1 ...)`` or why not.

        ``flags`` is the rule's count in the run's flags (after reviewers' decisions), not its raw rows.
        """
        if (why := self.not_evaluated) is not None:
            return why
        return f"{flags} flag(s)" + (f" ({self.partial})" if self.partial else "")

    @property
    def partial(self) -> str:
        """The accounts of the populations the rule could check only in part ("" when it checked them all)."""
        return "; ".join(c.account for c in self.coverage if c.checked < c.in_scope)


def stage_public_bodies(db: Database, patterns: list[str]) -> pl.DataFrame:
    """Classify the gifts register's offerors with the public-body list into :data:`PUBLIC_BODY_OFFERORS`.

    The matching is :class:`xref.public_bodies.PublicBodies` (whole names, one normalisation for names and entries);
    the table reaches DuckDB as a frame, so no name or pattern is ever written into SQL text.

    Returns:
        The table's rows.
    """
    schema = {"offeror": pl.Utf8, "pattern": pl.Utf8, "kind": pl.Utf8, "source": pl.Utf8}
    rows = []
    if db.has_table(staged_table("gifts")):
        bodies = PublicBodies(patterns)
        for (offeror,) in db.rows(read_sql("policy/gift_offerors.sql")):
            entry = bodies.match(offeror)
            if entry is not None:
                rows.append((offeror, entry.written, entry.kind, entry.source))
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    db.create_table(PUBLIC_BODY_OFFERORS, frame)
    return frame


DEFAULT_LOOKBACK_DAYS = 365
"""How far before an award in the period an exempt offer is listed when no rule that ran sets ``lookback_days``."""


def public_body_exemptions(db: Database, standard: Mapping[str, Any], runs: list[RuleRun]) -> dict[str, Any]:
    """What the public-body exemption left out of the rules that ran (for run.json and the report).

    ``rules``: the rules that ran and leave public bodies out; ``offers``: the offers
    :file:`sql/policy/public_body_exemptions.sql` lists (made in the period, or within the rules' longest
    ``lookback_days`` before a linked award in it); ``linked_to_a_supplier``: how many of those come from an offeror
    whose name links to a contract, payment or card merchant; ``by_entry``: counts per list entry; ``linked_offers``:
    those offers, each with its entry and the linked suppliers. Names only of organisations, never of people.
    """
    ran = [r for r in runs if r.skipped_reason is None and r.rule.uses_public_bodies]
    if not ran or not db.has_table(PUBLIC_BODY_OFFERORS):
        return {"rules": [], "offers": 0, "linked_to_a_supplier": 0, "by_entry": [], "linked_offers": []}
    lookback = max((int(r.params["lookback_days"]) for r in ran if "lookback_days" in r.params), default=None)
    frame = db.query(
        read_sql("policy/public_body_exemptions.sql"),
        {
            "period_from": standard["period_from"],
            "period_to": standard["period_to"],
            "lookback_days": DEFAULT_LOOKBACK_DAYS if lookback is None else lookback,
        },
    )
    linked = frame.filter(pl.col("dealings") > 0)
    by_entry = (
        frame.group_by("pattern", "kind")
        .agg(pl.len().alias("offers"), (pl.col("dealings") > 0).sum().alias("linked_to_a_supplier"))
        .sort(["offers", "pattern"], descending=[True, False])
    )
    return {
        "rules": [r.rule.rule_id for r in ran],
        "offers": frame.height,
        "linked_to_a_supplier": linked.height,
        "by_entry": by_entry.to_dicts(),
        "linked_offers": linked.drop("dealings").to_dicts(),
    }


_VIEW_NAME = re.compile(r"create\s+or\s+replace\s+(?:view|macro)\s+(\w+)", re.IGNORECASE)


@functools.cache
def _views() -> dict[str, str]:
    """The views and macros of ``sql/views``: name → the SQL that defines it (to the next definition)."""
    out: dict[str, str] = {}
    for raw in _view_files():
        text = strip_sql_comments_and_strings(raw)
        found = list(_VIEW_NAME.finditer(text))
        for m, nxt in zip(found, [*found[1:], None], strict=True):
            out[m.group(1)] = text[m.end() : nxt.start() if nxt else None]
    return out


def views_reading(table: str) -> frozenset[str]:
    """The views and macros of ``sql/views`` that read ``table``, directly or through another of them."""
    views = _views()
    found: set[str] = set()
    grew = True
    while grew:
        grew = False
        for name, body in views.items():
            if name not in found and (table in body or any(f in body for f in found)):
                found.add(name)
                grew = True
    return frozenset(found)


@functools.cache
def _view_files() -> tuple[str, ...]:
    """The text of each ``sql/views`` file, in name order (read once)."""
    return tuple(p.read_text(encoding="utf-8") for p in sorted((sql_root() / "views").glob("*.sql")))


def create_views(db: Database) -> None:
    """Create the shared macros and views of ``sql/views`` that rules and their coverage lines read (idempotent).

    Once per run, before the first rule that runs (:func:`run_rules`): it binds the staged tables, the links and
    the public-body offerors (:mod:`xref.staging`), which must exist by then.
    """
    for text in _view_files():
        db.execute(text)


def run_rule(db: Database, rule: Rule, params: dict[str, Any], standard: dict[str, Any]) -> pl.DataFrame:
    """Run one rule with bound parameters and check that its output honours the contract columns."""
    values = {**params, **standard}
    bound = {k: v for k, v in values.items() if k in rule.used_params}
    frame = db.query(rule.sql, bound)
    # a rule names only the references and match columns it has; the rest are typed nulls
    frame = frame.with_columns(
        [pl.lit(None, dtype=dtype).alias(c) for c, dtype in OPTIONAL_COLUMNS.items() if c not in frame.columns]
    )
    missing = [c for c in CONTRACT_COLUMNS if c not in frame.columns]
    if missing:
        raise SqlFileError(f"{rule.path}: result lacks contract column(s) {', '.join(missing)}")
    return frame


def rule_coverage(db: Database, rule: Rule, params: dict[str, Any], standard: dict[str, Any]) -> list[CoverageCount]:
    """Count, for each ``-- coverage:`` population of a rule, the records in scope and those it could check."""
    values = {**params, **standard}
    out = []
    for c in rule.coverage:
        sql = c.sql()
        used = set(re.findall(r"\$(\w+)", strip_sql_comments_and_strings(sql)))
        row = db.query(sql, {k: v for k, v in values.items() if k in used}).row(0)
        out.append(CoverageCount(rule.rule_id, c.records, int(row[0] or 0), int(row[1] or 0), c.reason))
    return out


_BETWEEN_OPEN = re.compile(r"\bbetween\b(?!.*\band\b)", re.DOTALL)


def _top_level(expr: str, word: str) -> list[str]:
    """``expr`` split at ``word`` (``and``/``or``) outside parentheses; ``between x and y`` stays whole."""
    parts, depth, start = [], 0, 0
    for m in re.finditer(rf"[()]|\b{word}\b", expr):
        if m.group() == "(":
            depth += 1
        elif m.group() == ")":
            depth -= 1
        elif depth == 0 and not (word == "and" and _BETWEEN_OPEN.search(expr[start : m.start()])):
            parts.append(expr[start : m.start()])
            start = m.end()
    return [p.strip() for p in [*parts, expr[start:]]]


def _unwrapped(expr: str) -> str:
    """``expr`` without parentheses that wrap all of it."""
    while expr.startswith("(") and expr.endswith(")"):
        depth = 0
        for i, ch in enumerate(expr):
            depth += {"(": 1, ")": -1}.get(ch, 0)
            if depth == 0 and i < len(expr) - 1:
                return expr
        expr = expr[1:-1].strip()
    return expr


def _fields_of(expr: str, register: str) -> set[str]:
    """The fields of ``register`` that a staged-table expression reads (``cardholder_key`` is ``cardholder``)."""
    names = set(REGISTERS[register].field_names)
    out = set()
    for ident in re.findall(r"(?<![.\w$])[a-z_][a-z0-9_]*(?![\w.(])", expr):
        for name in (ident, ident.removesuffix("_key"), ident.removesuffix("_name_id"), ident.removesuffix("_id")):
            if name in names or f"{name}_name" in names:
                out.add(name if name in names else f"{name}_name")
                break
    return out


def _checkable(expr: str, register: str, mapped: Mapping[str, set[str]]) -> tuple[bool, set[str]]:
    """Whether a coverage line's ``can be checked`` could hold for any record, given the columns mapped.

    Read structurally (``or`` needs one side, ``and`` both); a part naming another staged table needs that register
    given. Returns the verdict and the unmapped fields that decide it.
    """
    expr = _unwrapped(expr.strip())
    for word, combine in (("or", any), ("and", all)):
        parts = _top_level(expr, word)
        if len(parts) > 1:
            verdicts = [_checkable(p, register, mapped) for p in parts]
            missing = set().union(*(m for ok, m in verdicts if not ok))
            return combine(ok for ok, _ in verdicts), missing
    others = [t for t in STAGED_TABLE.findall(expr) if t != register]
    missing = _fields_of(expr, register) - mapped.get(register, set())
    return not missing and all(t in mapped for t in others), missing


def unable_to_check(rules: list[Rule], mapped: Mapping[str, set[str]]) -> list[str]:
    """A sentence per rule whose registers are given but whose columns let it check no record (for ``xref check``).

    ``mapped``: per register given, the fields some file has a column for (:attr:`xref.ingest.Inputs.mapped_fields`).
    Judged from the rule's ``-- coverage:`` lines alone, before any row is staged.
    """
    out = []
    for rule in rules:
        if not rule.coverage or any(n not in mapped for n in rule.needs):
            continue
        given = [c for c in rule.coverage if c.register in mapped]
        verdicts = [(c, *_checkable(strip_sql_comments_and_strings(c.checkable), c.register, mapped)) for c in given]
        combine = all if rule.coverage_needs_all else any
        if verdicts and not combine(ok for _, ok, _ in verdicts):
            why = "; ".join(
                f"{c.records} {c.reason}" + (f" (no column for {', '.join(sorted(m))})" if m else "")
                for c, ok, m in verdicts
                if not ok
            )
            out.append(f"{rule.rule_id} {rule.title}: would check nothing: {why}")
    return out


def run_rules(
    db: Database,
    rules: list[Rule],
    *,
    user_params: dict[str, dict[str, Any]],
    standard: dict[str, Any],
    supplied: set[str],
    unusable: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[RuleRun]:
    """Run every rule whose registers were supplied; the others are reported as not evaluated.

    ``unusable`` names registers given but holding no usable row, with why (:attr:`xref.ingest.Inputs.unusable`):
    their rules are not evaluated either. ``progress`` is told each rule as it starts (``running rules: 3/26 R003``).
    The public-body list (``standard["public_bodies"]``) is staged first (:func:`stage_public_bodies`), then the
    shared views (:func:`create_views`).
    """
    unusable = unusable or {}
    unknown = set(user_params) - {r.rule_id for r in rules}
    if unknown:
        raise ConfigError(f"xref.toml has settings for unknown rule(s) {', '.join(sorted(unknown))}")
    stage_public_bodies(db, list(standard.get("public_bodies", [])))
    views_created = False
    runs = []
    for i, rule in enumerate(rules):
        if progress is not None:
            progress(f"running rules: {i + 1}/{len(rules)} {rule.rule_id}")
        params = rule.values(user_params.get(rule.rule_id))
        lacking = [n for n in rule.needs if n not in supplied]
        if lacking:
            runs.append(RuleRun(rule, params, None, f"not evaluated: needs {' and '.join(lacking)}"))
            continue
        empty = [unusable[n] for n in rule.needs if n in unusable]
        if empty:
            runs.append(RuleRun(rule, params, None, f"not evaluated: {'; '.join(empty)}"))
            continue
        if not views_created:  # once, before the first rule that runs: they read its registers' tables
            create_views(db)
            views_created = True
        rows = run_rule(db, rule, params, standard)
        runs.append(RuleRun(rule, params, rows, coverage=tuple(rule_coverage(db, rule, params, standard))))
    return runs
