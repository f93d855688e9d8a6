"""The run database's tables: every ``stg_``/``xref_`` name, each staged table's shape, and the SQL that reads them.

One command's rows live in one DuckDB (:func:`xref.pipeline.working_database`), in these tables:

- ``stg_<register>`` (:func:`staged_table`), in the shape :func:`table_schema` gives without ``raw``: the lineage
  (``rec_id``, ``ref``, ``source_file``, ``source_row``), the typed fields (with a date's or an amount's text as
  written beside it), person keys, classified statuses beside their text and the supplier name id.
- ``xref_raw_<register>`` (:func:`raw_table`): each staged row's text as read (``rec_id``, ``raw``). It is the
  widest column by far (over half the national set's staged bytes) and only the outputs read it, for the evidence
  rows; kept apart, the rules' scans and joins do not share the memory limit with it.
- :data:`NAMES` (``xref_names``): every (register, supplier text) given to the matcher, with its name id.
- :data:`LINKS` (``xref_links``): the matcher's links between name ids (:attr:`xref.matching.MatchResult.links`).
- :data:`PUBLIC_BODY_OFFERORS`: the gifts register's offerors that the public-body list covers
  (:func:`xref.rules.stage_public_bodies`).
- ``xref_want_*``: the ids the outputs ask for, while :func:`related_rows` reads them back.

The views of ``sql/views/`` and the rules of ``sql/rules/`` read these tables by name. The matcher's working tables
(``xref_match_*``) are its own, made and read only by :mod:`xref.matching` and ``sql/matching/``.

The SQL built here is small: a table name from :func:`staged_table`, a column name through
:func:`xref.db.quote_identifier`, and every value a bound parameter.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Mapping

import polars as pl

from xref.db import Database, quote_identifier
from xref.schemas import REGISTERS, Register

STAGED_PREFIX = "stg_"
STAGED_TABLE = re.compile(r"\bstg_([a-z_]+)")
"""A staged table's name in SQL text; group 1 is its register's name (rule headers' coverage lines)."""
NAMES = "xref_names"
LINKS = "xref_links"
PUBLIC_BODY_OFFERORS = "xref_public_body_offerors"
"""The gifts register's offerors that are public bodies, one row each (``offeror, pattern, kind, source``): the one
home of the public-body exemption. A rule leaves an offer out with
``not exists (select 1 from xref_public_body_offerors as b where b.offeror = g.offeror)``."""
_WANT_EVIDENCE, _WANT_PEOPLE, _WANT_NAMES = "xref_want_evidence", "xref_want_people", "xref_want_names"

COMPANY_COLUMNS = ("supplier_company_number", "offeror_company_number", "company_number")
"""The company-number column written beside a register's supplier text, in the order looked for."""


def staged_table(name: str) -> str:
    """The DuckDB table holding a register's staged rows (all but their text as read: :func:`raw_table`)."""
    return f"{STAGED_PREFIX}{name}"


def raw_table(name: str) -> str:
    """The DuckDB table holding each of a register's staged rows as read (``rec_id``, ``raw``)."""
    return f"xref_raw_{name}"


def _stored_schema(register: Register) -> dict[str, pl.DataType]:
    """The columns of ``stg_<register>``: :func:`table_schema` without ``raw``."""
    return {c: t for c, t in table_schema(register).items() if c != "raw"}


def record_schema(register: Register) -> dict[str, pl.DataType]:
    """Column names and types of a register's validated rows (:func:`xref.validate.validate_files`)."""
    schema: dict[str, pl.DataType] = {
        "rec_id": pl.Utf8(),
        "ref": pl.Utf8(),
        "source_file": pl.Utf8(),
        "source_row": pl.Int64(),
    }
    for f in register.fields:
        if f.type == "date":
            schema[f.name] = pl.Date()
        elif f.type == "money":
            schema[f.name] = pl.Float64()
        else:
            schema[f.name] = pl.Utf8()
        if f.type in ("date", "money"):
            schema[f.name + "_raw"] = pl.Utf8()
        if f.type == "money":
            schema[f.name + "_high"] = pl.Float64()
        if f.type == "person":
            schema[f.name + "_key"] = pl.Utf8()
    for f in register.fields:
        if f.vocabulary:
            schema[f.name + "_raw"] = pl.Utf8()
    if register.people_list:
        schema["staff_id_key"] = pl.Utf8()
    schema["raw"] = pl.Utf8()
    return schema


def resolved_columns(register: Register) -> list[str]:
    """The ``<person>_staff_id`` columns staging adds: the staff-list entry each person resolved to, if any."""
    if register.people_list:
        return []
    return [f.name + "_staff_id" for f in register.fields if f.type == "person"]


def table_schema(register: Register) -> dict[str, pl.DataType]:
    """Column names and types of a register's staged table: its records, resolved people and supplier name id."""
    schema = record_schema(register)
    schema.update({c: pl.Utf8() for c in resolved_columns(register)})
    if register.name_id_column:
        schema[register.name_id_column] = pl.Utf8()
    return schema


def empty_table(register: Register) -> pl.DataFrame:
    """A typed, empty staged table (a register not supplied: rules still run, finding nothing)."""
    return pl.DataFrame(schema=table_schema(register))


def create_staged_tables(db: Database) -> None:
    """An empty ``stg_<register>`` and ``xref_raw_<register>`` for every register (rules bind whatever is given)."""
    for name, register in REGISTERS.items():
        db.create_table(staged_table(name), pl.DataFrame(schema=_stored_schema(register)))
        db.create_table(raw_table(name), pl.DataFrame(schema={"rec_id": pl.Utf8(), "raw": pl.Utf8()}))


def stage_rows(db: Database, name: str, rows: pl.DataFrame) -> None:
    """Append rows to a register's staged tables (by column name; columns the rows lack stay empty)."""
    if "raw" in rows.columns:
        db.insert_frame(raw_table(name), rows.select("rec_id", "raw"))
        rows = rows.drop("raw")
    db.insert_frame(staged_table(name), rows)


def _select_with_raw(register: Register, raw: str) -> str:
    """The select list of staged table ``s`` with ``raw`` (an SQL expression) in :func:`table_schema`'s order."""
    return ", ".join(raw if c == "raw" else f"s.{quote_identifier(c)}" for c in table_schema(register))


def count_rows(db: Database, name: str) -> int:
    """Rows staged for a register."""
    return int(db.rows(f"select count(*) from {staged_table(name)}")[0][0])


class StagedTables(Mapping[str, pl.DataFrame]):
    """The staged registers as polars frames, read from DuckDB when asked for (each read is a fresh copy).

    For a force's quarter this is all a caller needs; at national scale, read only what is needed with SQL.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    def __getitem__(self, name: str) -> pl.DataFrame:
        if name not in REGISTERS:
            raise KeyError(name)
        return self._db.query(
            f"select {_select_with_raw(REGISTERS[name], 'r.raw as raw')} from {staged_table(name)} as s "
            f"left join {raw_table(name)} as r on s.rec_id = r.rec_id order by s.rowid"
        )

    def __iter__(self) -> Iterator[str]:
        return iter(REGISTERS)

    def __len__(self) -> int:
        return len(REGISTERS)


def _per_supplier_text(db: Database, select: str, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """One query per register with a supplier field, grouped by (register, supplier text), stacked.

    ``select`` is formatted with ``supplier`` (the quoted supplier column) and ``columns`` (the staged table's
    columns, to pick the identifiers it has); the rows carry ``source`` (the register) and ``raw`` (the text).
    """
    parts = []
    for name, register in REGISTERS.items():
        fld = register.supplier_field
        if not fld:
            continue
        columns = set(table_schema(register))
        company = next((c for c in COMPANY_COLUMNS if c in columns), None)
        vat = "vat_number" if "vat_number" in columns else None
        sql = select.format(
            supplier=quote_identifier(fld),
            company=quote_identifier(company) if company else "null",
            vat=quote_identifier(vat) if vat else "null",
            table=staged_table(name),
        )
        parts.append(db.query(sql, {"source": name}))
    return pl.concat([p.cast(schema) for p in parts]) if parts else pl.DataFrame(schema=schema)  # type: ignore[arg-type]


def supplier_names(db: Database) -> pl.DataFrame:
    """One row per distinct (register, supplier text) staged in ``db``, with the identifiers seen beside it.

    ``name_id`` is a hash of the register and the text, so a name keeps its id from one run to the next.
    """
    # the smallest of several identifiers written beside one name: any rule would do, this one is stable
    names = _per_supplier_text(
        db,
        "select $source as source, {supplier} as raw, min({company})::varchar as company_number, "
        "min({vat})::varchar as vat_number from {table} where {supplier} is not null group by all",
        {"source": pl.Utf8(), "raw": pl.Utf8(), "company_number": pl.Utf8(), "vat_number": pl.Utf8()},
    )
    return (
        names.with_columns(
            pl.concat_str(pl.col("source"), pl.lit("\x1f"), pl.col("raw"))
            .map_elements(lambda s: "N" + hashlib.sha256(s.encode()).hexdigest()[:12], return_dtype=pl.Utf8)
            .alias("name_id")
        )
        .select("name_id", "source", "raw", "company_number", "vat_number")
        .sort("name_id")
    )


def records_per_name(db: Database, names: pl.DataFrame) -> pl.DataFrame:
    """How many staged register rows carry each matcher name: ``name_id, records``."""
    counts = _per_supplier_text(
        db,
        "select $source as source, {supplier}::varchar as raw, count(*)::bigint as records from {table} group by all",
        {"source": pl.Utf8(), "raw": pl.Utf8(), "records": pl.Int64()},
    )
    return (
        names.select("name_id", "source", "raw")
        .join(counts, on=["source", "raw"], how="left")
        .select("name_id", pl.col("records").fill_null(0))
    )


def attach_name_ids(db: Database, names: pl.DataFrame) -> None:
    """Stage :data:`NAMES` and fill every staged row's ``<supplier field>_name_id`` from it.

    Each name keeps the company number written beside it (``sql/views/company_people.sql`` finds a Companies House
    record's company by it).
    """
    numbers = names["company_number"] if "company_number" in names.columns else pl.lit(None, dtype=pl.Utf8)
    db.create_table(NAMES, names.select("name_id", "source", "raw", numbers.alias("company_number")))
    for name, register in REGISTERS.items():
        fld, col = register.supplier_field, register.name_id_column
        if not fld or not col:
            continue
        table = staged_table(name)
        db.execute(
            f"update {table} set {quote_identifier(col)} = n.name_id from {NAMES} n "
            f"where n.source = $source and n.raw = {table}.{quote_identifier(fld)}",
            {"source": name},
        )


def stage_links(db: Database, links: pl.DataFrame) -> None:
    """Stage the matcher's links as :data:`LINKS`, for the views and rules."""
    db.create_table(LINKS, links)


def _with_raw(db: Database, name: str, rows: pl.DataFrame, evidence: pl.DataFrame) -> pl.DataFrame:
    """``rows`` with the text as read of its ``evidence`` rows (staged as :data:`_WANT_EVIDENCE`), the others' null.

    A register's two tables get the same rows in the same order (:func:`stage_rows`), so a row's text is found by
    its row number, which DuckDB fetches directly instead of scanning every text. The ids that come back are
    checked: should the row numbers ever disagree, the texts are looked up by id instead.
    """
    wanted = f"select rec_id from {_WANT_EVIDENCE}"
    by_number = (
        f"select r.rec_id, r.raw from {raw_table(name)} as r where r.rowid in "
        f"(select s.rowid from {staged_table(name)} as s where s.rec_id in ({wanted}))"
    )
    texts = db.query(by_number)
    found = rows.join(evidence, on="rec_id", how="semi")["rec_id"]
    if texts.height != found.len() or not texts["rec_id"].is_in(found.implode()).all():
        texts = db.query(f"select rec_id, raw from {raw_table(name)} where rec_id in ({wanted})")
    return rows.drop("raw").join(texts, on="rec_id", how="left", maintain_order="left").select(rows.columns)


def related_rows(
    db: Database,
    *,
    evidence: pl.DataFrame,
    people: pl.DataFrame,
    name_ids: pl.DataFrame,
    window_from: dt.date,
    period: tuple[dt.date, dt.date],
) -> dict[str, pl.DataFrame]:
    """Per register, the staged rows the outputs read, as polars frames.

    Those are the evidence rows (``evidence``: ``rec_id``); the rows of the people (``people``: ``staff_key``; for
    registers read :attr:`~xref.schemas.Register.context_by_person`) and suppliers (``name_ids``: ``name_id``)
    concerned, within the window from ``window_from`` by the register's
    :attr:`~xref.schemas.Register.event_date`; and what summary.html counts (:attr:`~xref.schemas.Register.summary`).
    Only evidence rows keep their text as read (``raw``, the widest column): the others' stays in DuckDB.
    """
    db.create_table(_WANT_EVIDENCE, evidence)
    db.create_table(_WANT_PEOPLE, people)
    db.create_table(_WANT_NAMES, name_ids)
    out: dict[str, pl.DataFrame] = {}
    for name, register in REGISTERS.items():
        related = [
            f"{quote_identifier(p.name + '_key')} in (select staff_key from {_WANT_PEOPLE})"
            for p in register.fields
            if p.type == "person" and register.context_by_person
        ]
        if register.name_id_column:
            related.append(f"{quote_identifier(register.name_id_column)} in (select name_id from {_WANT_NAMES})")
        date = register.event_date
        if date and related:
            related = [f"({quote_identifier(date)} between $start and $period_to and ({' or '.join(related)}))"]
        keep = [f"s.rec_id in (select rec_id from {_WANT_EVIDENCE})", *related]
        if register.summary == "period" and date:
            keep.append(f"{quote_identifier(date)} between $period_from and $period_to")
        if register.summary == "all":
            keep = ["true"]
        sql = (
            f"select {_select_with_raw(register, 'null::varchar as raw')} from {staged_table(name)} as s "
            f"where {' or '.join(keep)}"
        )
        values = {"start": window_from, "period_from": period[0], "period_to": period[1]}
        rows = db.query(sql, {k: v for k, v in values.items() if f"${k}" in sql})
        out[name] = _with_raw(db, name, rows, evidence)
    return out
