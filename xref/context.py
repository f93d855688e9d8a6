"""Context for each flag's case card: what else the registers say about the flag's person and supplier.

The rule catalogue's §4.2 item 7: the staff member's other G&H entries (accepted and declined), the supplier's G&H
to other staff, contracts and spend with the supplier, and the declared interest status. A reviewer needs this to
judge whether a flag is an isolated event or part of a pattern, so every section is shown even when it is empty.

The result is JSON-native (dates as ISO text, money rounded to 2 dp) because it is stored as JSON and re-rendered
byte-for-byte later; every list has a fixed order (date descending, then register reference).
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

import polars as pl

from xref.flags import FLAG_COLUMNS
from xref.schemas import REGISTERS
from xref.staging import table_schema

_NEWEST_FIRST = [True, False, False]
"""Sort order of every item list (date, ref, rec_id): newest first, then reference, then lineage (two files can
share a reference); a missing date sorts last."""


_SUP = "_supplier_id"
"""The matcher's supplier id inside this module's frames; payments registers carry their own ``supplier_id``."""


def window_start(period_to: dt.date, months: int) -> dt.date:
    """First day of the ``months`` months up to ``period_to``: 31 Mar 2025, 24 months → 1 Apr 2023.

    The window is (same date ``months`` earlier, ``period_to``]; a month-end date that does not exist earlier
    (29 Feb) is clamped to that month's last day.
    """
    index = period_to.year * 12 + period_to.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    day = min(period_to.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day) + dt.timedelta(days=1)


def _iso(col: str) -> pl.Expr:
    return pl.col(col).dt.to_string("%Y-%m-%d")


def _money(expr: pl.Expr) -> pl.Expr:
    # NaN is not JSON; an unreadable amount is already null, so NaN can only be an artefact.
    return expr.cast(pl.Float64).fill_nan(None).round(2)


def _register(tables: dict[str, pl.DataFrame], name: str) -> pl.DataFrame:
    """The staging table, with any missing column added empty and every column typed as staging types it.

    A register not supplied (or a hand-built frame with only some columns) then flows through the same joins.
    """
    register = REGISTERS[name]
    schema = table_schema(register)
    frame = tables.get(name)
    if frame is None:
        return pl.DataFrame(schema=schema)
    # touch only what differs: a full staging table (5M card rows) passes through without a copy
    fixes = [
        pl.col(c).cast(t) if c in frame.columns else pl.lit(None, dtype=t).alias(c)
        for c, t in schema.items()
        if frame.schema.get(c) != t
    ]
    return frame.with_columns(fixes) if fixes else frame


def _name_suppliers(names: pl.DataFrame) -> pl.DataFrame:
    """``(name_id, supplier id)`` for every matched name."""
    return names.select(pl.col("name_id").cast(pl.Utf8), pl.col("supplier_id").cast(pl.Utf8).alias(_SUP)).drop_nulls()


def _flag_suppliers(flags: pl.DataFrame, names: pl.DataFrame) -> pl.DataFrame:
    """``(flag_id, supplier_id)``: the suppliers of the flag's matched name pair, else of its supplier text.

    A review-band pair may join two supplier ids; both are kept, since the flag asserts they may be one supplier.
    """
    ids = _name_suppliers(names)
    by_pair = (
        flags.select("flag_id", pl.col("match_pair").alias("name_id"))
        .explode("name_id")
        .join(ids, on="name_id")
        .select("flag_id", _SUP)
    )
    by_text = names.group_by(pl.col("raw").cast(pl.Utf8)).agg(pl.col("supplier_id").cast(pl.Utf8).min().alias(_SUP))
    fallback = (
        flags.join(by_pair, on="flag_id", how="anti")
        .join(by_text, left_on="supplier", right_on="raw")
        .select("flag_id", _SUP)
    )
    return pl.concat([by_pair, fallback]).drop_nulls().unique().sort("flag_id", _SUP)


def flagged_name_ids(flags: pl.DataFrame, names: pl.DataFrame) -> pl.DataFrame:
    """``name_id`` of every name of a flagged supplier (the names whose records a case card's context counts)."""
    suppliers = _flag_suppliers(flags, names).select(_SUP).unique()
    return _name_suppliers(names).join(suppliers, on=_SUP).select("name_id").unique().sort("name_id")


def _offers(frame: pl.DataFrame, who: str, limit: int) -> pl.DataFrame:
    """Per flag: offer counts by status and the latest ``limit`` offers, naming ``who`` (offeror or recipient)."""
    item = pl.struct(
        _iso("offer_date").alias("date"),
        pl.col(who),
        pl.col("description"),
        _money(pl.col("value")).alias("value"),
        pl.col("status"),
        pl.col("ref"),
    )
    return frame.group_by("flag_id").agg(
        pl.len().cast(pl.Int64).alias("total"),
        (pl.col("status") == "accepted").sum().cast(pl.Int64).alias("accepted"),
        (pl.col("status") == "declined").sum().cast(pl.Int64).alias("declined"),
        item.sort_by(["offer_date", "ref", "rec_id"], descending=_NEWEST_FIRST, nulls_last=True)
        .head(limit)
        .alias("items"),
    )


def _by_flag(frame: pl.DataFrame) -> dict[str, dict[str, Any]]:
    """One section's rows keyed by flag id, without the key itself."""
    return {row.pop("flag_id"): row for row in frame.to_dicts()}


def flag_context(
    tables: dict[str, pl.DataFrame],
    names: pl.DataFrame,
    flags: pl.DataFrame,
    period_to: dt.date,
    *,
    months: int = 24,
    limit: int = 10,
) -> dict[str, dict[str, Any]]:
    """The case card's context for every flag: flag id → JSON-native sections (see the module docstring).

    Args:
        tables: staging tables with supplier name ids (:func:`xref.staging.attach_name_ids`); any may be absent.
        names: the matcher's names (``name_id``, ``supplier_id``, ``raw``); one ``supplier_id`` is one supplier.
        flags: flags from :func:`xref.flags.build_flags`.
        period_to: last day of the reporting period; G&H, card spend and payments are counted in the ``months``
            months up to it (see :func:`window_start`). Contracts and interests are shown whatever their date.
        months: length of the window.
        limit: most items listed per section; the counts cover every row.

    Returns:
        For each flag id: ``window``, ``supplier_ids``, ``person_offers``, ``supplier_offers_to_others``,
        ``contracts``, ``card_spend``, ``payments`` and ``interests``.
    """
    if flags.is_empty():
        return {}
    start = window_start(period_to, months)
    flags = flags.with_columns(
        [
            pl.lit(None, dtype=FLAG_COLUMNS[c]).alias(c)
            for c in ("staff_key", "supplier", "match_pair", "evidence")
            if c not in flags.columns
        ]
    ).select("flag_id", "staff_key", "supplier", "match_pair", "evidence")
    people = flags.select("flag_id", "staff_key").drop_nulls()
    suppliers = _flag_suppliers(flags, names)
    # Only the names of flagged suppliers matter: filtering the big registers by them first keeps 5M card rows cheap.
    wanted = _name_suppliers(names).join(suppliers.select(_SUP).unique(), on=_SUP).unique("name_id")
    gifts = _register(tables, "gifts")
    gifts = gifts.filter(pl.col("offer_date").is_between(start, period_to)).join(
        wanted, left_on="offeror_name_id", right_on="name_id", how="left"
    )
    own = flags.select("flag_id", pl.col("evidence").alias("rec_id")).explode("rec_id").drop_nulls()
    person_offers = _offers(
        gifts.join(people, left_on="recipient_key", right_on="staff_key").join(
            own, on=["flag_id", "rec_id"], how="anti"
        ),
        "offeror",
        limit,
    )
    to_others = (
        gifts.filter(pl.col(_SUP).is_not_null())
        .join(suppliers, on=_SUP)
        .join(people, on="flag_id", how="left")
        # an entry naming no person (a team) is an offer to someone other than the flagged person
        .filter(
            pl.col("staff_key").is_null()
            | pl.col("recipient_key").is_null()
            | (pl.col("recipient_key") != pl.col("staff_key"))
        )
    )
    others_offers = _offers(to_others, "recipient", limit)

    # Contracts, card spend and payments are summed per supplier first and joined to flags after: a supplier with
    # a million card rows and a thousand flags would otherwise join every row to every flag.
    contract_item = pl.struct(
        "ref", "title", _money(pl.col("value")).alias("value"), _iso("award_date").alias("award_date")
    )
    contract_order = ["award_date", "ref", "rec_id"]
    per_supplier = (
        _register(tables, "contracts")
        .join(wanted, left_on="supplier_name_id", right_on="name_id")
        .with_columns(contract_item.alias("item"))
        .with_columns(pl.struct(*contract_order, "item").alias("top"))
        .group_by(_SUP)
        .agg(
            pl.len().cast(pl.Int64).alias("count"),
            pl.col("value").sum().alias("total_value"),
            pl.col("top").sort_by(contract_order, descending=_NEWEST_FIRST, nulls_last=True).head(limit),
        )
    )
    joined = suppliers.join(per_supplier, on=_SUP)
    contracts = (
        joined.group_by("flag_id")
        .agg(pl.col("count").sum().cast(pl.Int64), _money(pl.col("total_value").sum()).alias("total_value"))
        .join(
            joined.select("flag_id", "top")
            .explode("top")
            .unnest("top")
            .unique(["flag_id", "rec_id"])
            .group_by("flag_id")
            .agg(
                pl.col("item")
                .sort_by(contract_order, descending=_NEWEST_FIRST, nulls_last=True)
                .head(limit)
                .alias("items")
            ),
            on="flag_id",
        )
    )

    cards_in_window = (
        _register(tables, "cards")
        .filter(pl.col("transaction_date").is_between(start, period_to))
        .join(wanted, left_on="merchant_name_id", right_on="name_id")
    )
    card_totals = cards_in_window.group_by(_SUP).agg(
        pl.len().alias("count"),
        pl.col("amount").sum().alias("total"),
        pl.col("transaction_date").min().alias("first"),
        pl.col("transaction_date").max().alias("last"),
    )
    by_holder = cards_in_window.group_by(_SUP, pl.col("cardholder_key").alias("staff_key")).agg(pl.len().alias("own"))
    cards = (
        suppliers.join(card_totals, on=_SUP)
        .join(people, on="flag_id", how="left")
        .join(by_holder, on=[_SUP, "staff_key"], how="left")
        .group_by("flag_id")
        .agg(
            pl.col("count").sum().cast(pl.Int64),
            _money(pl.col("total").sum()).alias("total"),
            pl.col("first").min().dt.to_string("%Y-%m-%d").alias("first_date"),
            pl.col("last").max().dt.to_string("%Y-%m-%d").alias("last_date"),
            pl.col("own").fill_null(0).sum().cast(pl.Int64).alias("by_flagged_person"),
        )
    )

    payment_totals = (
        _register(tables, "payments")
        .filter(pl.col("payment_date").is_between(start, period_to))
        .join(wanted, left_on="supplier_name_id", right_on="name_id")
        .group_by(_SUP)
        .agg(pl.len().alias("count"), pl.col("amount").sum().alias("total"))
    )
    payments = (
        suppliers.join(payment_totals, on=_SUP)
        .group_by("flag_id")
        .agg(pl.col("count").sum().cast(pl.Int64), _money(pl.col("total").sum()).alias("total"))
    )

    interests = (
        _register(tables, "interests")
        .join(people, on="staff_key")
        .join(wanted, left_on="organisation_name_id", right_on="name_id", how="left")
        .join(suppliers.with_columns(pl.lit(True).alias("names_supplier")), on=["flag_id", _SUP], how="left")
        .group_by("flag_id")
        .agg(
            pl.struct(
                "ref",
                "organisation",
                "status",
                _iso("decision_date").alias("decision_date"),
                _iso("review_due_date").alias("review_due_date"),
                pl.col("names_supplier").fill_null(False),
            )
            .sort_by(["decision_date", "ref", "rec_id"], descending=_NEWEST_FIRST, nulls_last=True)
            .alias("items")
        )
    )

    sections = {
        "person_offers": _by_flag(person_offers),
        "supplier_offers_to_others": _by_flag(others_offers),
        "contracts": _by_flag(contracts),
        "card_spend": _by_flag(cards),
        "payments": _by_flag(payments),
        "interests": _by_flag(interests),
    }
    supplier_ids = _by_flag(suppliers.group_by("flag_id").agg(pl.col(_SUP).sort()))
    window = {"from": start.isoformat(), "to": period_to.isoformat(), "months": months}
    no_offers = {"total": 0, "accepted": 0, "declined": 0, "items": []}
    out: dict[str, dict[str, Any]] = {}
    for fid in flags["flag_id"].to_list():
        out[fid] = {
            "window": dict(window),
            "supplier_ids": supplier_ids.get(fid, {}).get(_SUP, []),
            "person_offers": sections["person_offers"].get(fid, {**no_offers, "items": []}),
            "supplier_offers_to_others": sections["supplier_offers_to_others"].get(fid, {**no_offers, "items": []}),
            "contracts": sections["contracts"].get(fid, {"count": 0, "total_value": 0.0, "items": []}),
            "card_spend": sections["card_spend"].get(
                fid, {"count": 0, "total": 0.0, "first_date": None, "last_date": None, "by_flagged_person": 0}
            ),
            "payments": sections["payments"].get(fid, {"count": 0, "total": 0.0}),
            "interests": sections["interests"].get(fid, {}).get("items", []),
        }
    return out
