"""Shared fixtures: tiny staging tables and name links for rule tests, and paths to project data."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import settings

from xref.calendar import bank_holidays
from xref.config import Policy, RunConfig, build_config
from xref.db import Database
from xref.matching import MatchResult
from xref.people import person_key
from xref.rules import Rule, create_views, load_rules, run_rule, stage_public_bodies
from xref.schemas import REGISTERS
from xref.staging import COMPANY_COLUMNS, LINKS, NAMES, staged_table, table_schema

# Property tests draw the same examples on every run, so CI cannot turn red by chance; set
# HYPOTHESIS_PROFILE=explore to search new examples on each run (and commit a test for anything it finds).
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

Q1 = {
    "period_from": dt.date(2025, 1, 1),
    "period_to": dt.date(2025, 3, 31),
    "period_key": "2025Q1",
    **Policy().params(),
    "bank_holidays": bank_holidays(),
}
"""The standard parameters of a 2025Q1 run with the default [policy]."""


def d(text: str) -> dt.date:
    """Date from ISO text (keeps test tables short)."""
    return dt.date.fromisoformat(text)


def name_id(register: str, raw: str) -> str:
    """The name id tests use for a supplier text of a register."""
    return f"{register}|{raw}"


def stage(register: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A typed staging table from a few dicts: lineage, person keys and supplier name ids filled in."""
    reg = REGISTERS[register]
    schema = table_schema(reg)
    filled = []
    for i, row in enumerate(rows):
        rec = {k: None for k in schema}
        rec.update(row)
        rec["source_file"] = rec["source_file"] or f"{register}.csv"
        rec["source_row"] = rec["source_row"] or i + 2
        rec["rec_id"] = rec["rec_id"] or f"{rec['source_file']}:{rec['source_row']}"
        own = rec.get(reg.id_field) if reg.id_field else None
        rec["ref"] = rec["ref"] or own or rec["rec_id"]
        filled.append(rec)
    frame = pl.DataFrame(filled, schema=schema)
    if reg.person_field:
        pf = reg.person_field
        frame = frame.with_columns(pl.coalesce(pl.col(f"{pf}_key"), person_key(pf)).alias(f"{pf}_key"))
    if reg.supplier_field:
        sf = reg.supplier_field
        frame = frame.with_columns(pl.concat_str(pl.lit(register + "|"), pl.col(sf)).alias(str(reg.name_id_column)))
    return frame


def names(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """``xref_names`` as xref.staging.attach_name_ids writes it: every supplier name id with its register."""
    records = set()
    for register, frame in tables.items():
        sf = REGISTERS[register].supplier_field
        if sf and not frame.is_empty():
            number = next((c for c in COMPANY_COLUMNS if c in frame.columns), None)
            numbers = pl.col(number) if number else pl.lit(None, dtype=pl.Utf8)
            named = frame.select(pl.col(str(REGISTERS[register].name_id_column)).alias("nid"), pl.col(sf), numbers)
            for nid, raw, company in named.filter(pl.col("nid").is_not_null()).unique().rows():
                records.add((nid, register, raw, company))
    by_id: dict[str, tuple[str, str, str, str | None]] = {}
    for nid, register, raw, company in sorted(records, key=lambda r: (r[0], r[3] is None, r[3] or "")):
        by_id.setdefault(nid, (nid, register, raw, company))  # one row per name, its least number (as staging)
    return pl.DataFrame(
        sorted(by_id.values()),
        schema={"name_id": pl.Utf8, "source": pl.Utf8, "raw": pl.Utf8, "company_number": pl.Utf8},
        orient="row",
    )


def links(tables: dict[str, pl.DataFrame], pairs: list[tuple[str, str, float, str]]) -> pl.DataFrame:
    """Self links for every supplier text, plus the given (name_a, name_b, score, band) pairs both ways."""
    records = []
    for register, frame in tables.items():
        sf = REGISTERS[register].supplier_field
        if sf and not frame.is_empty():
            for nid in frame[str(REGISTERS[register].name_id_column)].drop_nulls().unique().to_list():
                records.append((nid, nid, 100.0, "auto", "identical", "same", "identical text"))
    for a, b, score, band in pairs:
        records.append((a, b, score, band, "test", "same", f"test link {score}"))
        records.append((b, a, score, band, "test", "same", f"test link {score}"))
    return pl.DataFrame(
        records,
        schema=["name_a", "name_b", "score", "band", "method", "relation", "explanation"],
        orient="row",
    )


class RuleHarness:
    """Runs one rule against tiny tables in an in-memory DuckDB."""

    def __init__(self) -> None:
        self.db = Database()
        self.rules = {r.rule_id: r for r in load_rules()}

    def run(
        self,
        rule_id: str,
        tables: dict[str, pl.DataFrame],
        pairs: list[tuple[str, str, float, str]] = (),  # type: ignore[assignment]
        params: dict[str, Any] | None = None,
        period: dict[str, Any] | None = None,
    ) -> pl.DataFrame:
        rule: Rule = self.rules[rule_id]
        for register in REGISTERS:
            frame = tables.get(register, stage(register, []))
            self.db.create_table(staged_table(register), frame)
        full = {r: tables.get(r, stage(r, [])) for r in REGISTERS}
        self.db.create_table(LINKS, links(full, list(pairs)))
        self.db.create_table(NAMES, names(full))
        standard = Q1 if period is None else {**Q1, **period}
        stage_public_bodies(self.db, standard["public_bodies"])  # as run_rules does before the first rule
        create_views(self.db)
        return run_rule(self.db, rule, rule.values(params), standard)


@pytest.fixture
def harness() -> Iterator[RuleHarness]:
    h = RuleHarness()
    yield h
    h.db.close()


@dataclass(frozen=True)
class SampleStages:
    """The sample data taken through load, match and rules in memory, as the outputs stage receives it."""

    config: RunConfig
    match: MatchResult
    flags: pl.DataFrame
    tables: dict[str, pl.DataFrame]
    """Every staged row of every register."""
    related: dict[str, pl.DataFrame]
    """The rows the outputs read (:func:`xref.pipeline.related_tables`)."""


@pytest.fixture(scope="session")
def sample_stages() -> SampleStages:
    from xref.pipeline import EARLIEST, LATEST, flag_inputs, load_for_run, match_inputs, related_tables

    config = build_config(config_path=ROOT / "sample_data" / "xref.toml", cli_files={})
    with Database() as db:
        inputs = load_for_run(config, db=db)
        names, match = match_inputs(config, inputs)
        _, flags = flag_inputs(config, load_rules(), inputs, names, match)
        period = (config.period_from or EARLIEST, config.period_to or LATEST)
        return SampleStages(config, match, flags, dict(inputs.tables), related_tables(db, flags, match.names, period))
