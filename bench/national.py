"""National-scale synthetic registers for ``make bench`` (issue #7): 43 fictional forces × 5 financial years.

:func:`generate_national` writes CSV files that xref reads without any heading map, plus an ``xref.toml`` listing
them with globs and a ``manifest.json`` (sizes, distinct names, overlaps). At ``fraction=1.0`` (every size, names
included, scales linearly with ``fraction``):

=================  ============  =================================================================================
register           rows          files (``layout="force"``, the default; ``"national"``: one per register/year)
=================  ============  =================================================================================
cards              5,000,000     ``cards/<force>_cards_<fy>.csv`` (one per force per financial year)
contracts          200,000       ``contracts/<force>_contracts.csv`` (awards April 2020 - March 2025)
contract roles     ~690,000      ``contracts/<force>_contract_roles.csv`` (approver, budget holder, evaluators...)
gifts              100,000       ``gifts/<force>_gifts_<fy>.csv``
interests          50,000        ``interests/<force>_interests.csv``
payments           1,000,000     ``payments/<force>_payments_<fy>.csv``
staff              215,000       ``staff/<force>_staff.csv`` (current staff, March 2025)
leavers            40,000        ``staff/<force>_leavers.csv`` (2020-21 to 2024-25)
companies          ~18,500       ``companies/companies_house_extract.csv`` (contract suppliers with a number)
officers           ~40,000       ``companies/officers.csv`` (their Companies House officers, about 1 % staff)
=================  ============  =================================================================================

That is about 7.3 million rows in 862 files (0.9 GB of CSV), written in about 40 s with a 2.6 GB peak on 2 cores.

Supplier names come from :class:`bench_match.Generator` (the matcher benchmark's organisation pool): 170,000
card-statement strings, 45,000 contract suppliers, 22,000 gift offerors, 14,000 interest organisations and 22,000
payment suppliers (four in five of them contract suppliers, some re-cased), each used at least once; with the
Companies House names and the leavers' new employers the matcher gets about 293,000 distinct strings. The same
organisations appear in several registers under different spellings. The name pool is built per distinct name
(a Python loop over names, about 10 s at full size); every register row is drawn with numpy and formatted with
polars, with no per-row loop.

People are drawn per force (staff plus leavers); cardholders, gift recipients, interest holders and contract
decision-makers are drawn from the same people, and people holding contract roles are more likely to be offered
gifts and to declare interests, so the person-based rules have real work to do. No case is planted: some rules fire
by chance, as they would on real data.

Deterministic for a seed (same seed, fraction and layout, same bytes). Run ``python bench/national.py --help``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # bench/ is not a package: make bench_match importable when loaded by path
    sys.path.insert(0, str(HERE))

from bench_match import Generator, _data_rows  # noqa: E402

from xref.sample import model as synth  # noqa: E402

FULL_ROWS: dict[str, int] = {
    "cards": 5_000_000,
    "contracts": 200_000,
    "gifts": 100_000,
    "interests": 50_000,
    "payments": 1_000_000,
    "staff": 215_000,
    "leavers": 40_000,
}
"""Rows at fraction 1.0 (contract roles and companies follow from the contracts)."""
FULL_NAMES: dict[str, int] = {
    "cards": 170_000,
    "contracts": 45_000,
    "gifts": 22_000,
    "interests": 14_000,
    "payments": 22_000,
}
"""Distinct supplier strings per register at fraction 1.0 (273,000: with the Companies House names and leavers'
new employers the matcher gets about 300,000)."""

FIRST_DAY = dt.date(2020, 4, 1)
LAST_DAY = dt.date(2025, 3, 31)
YEARS = ("2020-21", "2021-22", "2022-23", "2023-24", "2024-25")
CARDHOLDER_SHARE = 0.2

# Fictional force areas (no real force is named).
AREAS = """
Wessex Mercia Pennine Solent Severn-Vale Mersey-Vale Tyne-Vale Wolds Fenland Chiltern Cotswold Mendip Quantock
Exmoor Dartmoor Peakland Dales Fylde Wirral Weald Downs Broads Marches Cheviot Tamar Humber-Vale Trent-Vale
Ouse-Vale Avonside Medway-Vale Lune-Vale Eden-Vale Wye-Vale Teme-Vale Stour-Vale Test-Vale Kennet-Vale Tees-Vale
Wear-Vale Calder-Vale Aire-Vale Derwent-Vale Ribble-Vale
""".split()
FORCES = tuple(f"{a.replace('-', ' ')} {'Constabulary' if i % 3 == 1 else 'Police'}" for i, a in enumerate(AREAS))
assert len(FORCES) == 43

DEPARTMENTS = synth.DEPARTMENTS
RANKS = ("PC", "DC", "PS", "DS", "Insp", "DI", "Ch Insp", "Supt", "Ch Supt")
RANK_WEIGHTS = (40, 12, 14, 6, 8, 3, 3, 2, 1)
GRADES = ("Police Staff Grade 3", "Police Staff Grade 4", "Police Staff Grade 5", "Police Staff Grade 6", "Head of")
GRADE_WEIGHTS = (35, 30, 20, 10, 5)
# the sample force's vocabularies, so the two generators describe contracts alike
ROUTES = synth.ROUTES
COMPETITIVE = (True, True, False, True, True, False)
"""Whether each of ROUTES is a competed procedure."""
TOPICS = synth.CONTRACT_TOPICS
THINGS = synth.CONTRACT_THINGS
CARD_DESCRIPTIONS = synth.CARD_DESCRIPTIONS
SHOP_MCCS = ("5812", "5814", "5411", "5999", "7011", "5541", "5251", "5942", "7523", "5912")
SUPPLIER_MCCS = synth.SUPPLIER_MCCS
RESTRICTED_MCCS = ("5813", "5921", "7995", "6011")
BRAND_MCCS = {
    "Amazon": "5999",
    "Facebook": "7311",
    "Airbnb": "7011",
    "Uber": "4121",
    "Google": "5734",
    "Microsoft": "5734",
    "eBay": "5999",
    "Etsy": "5999",
    "Tesco": "5411",
    "Sainsbury's": "5411",
    "Asda": "5411",
    "WM": "5411",
    "Wm": "5541",
    "Screwfix": "5200",
    "Toolstation": "5251",
    "B&Q": "5200",
    "Wickes": "5211",
    "Howdens": "5211",
    "Premier": "7011",
    "Travelodge": "7011",
    "Shell": "5541",
    "BP": "5541",
    "Esso": "5541",
    "Costa": "5814",
    "Greggs": "5814",
    "Pret": "5814",
    "McDonald's": "5814",
    "Argos": "5311",
    "Currys": "5732",
    "Halfords": "5533",
    "Boots": "5912",
    "WH": "5942",
    "Ryman": "5943",
    "John": "5311",
    "Marks": "5311",
    "Trainline.com": "4112",
    "National": "7523",
    "RingGo": "7523",
    "Post": "9402",
    "Royal": "9402",
    "Zoom": "4816",
    "Viking": "5943",
    "Avanti": "4112",
    "DVLA": "9399",
}
GIFT_ITEMS = (  # (description, kind, low £, high £, weight)
    ("Christmas hamper", "Gift", 40, 90, 8),
    ("Chocolates", "Gift", 5, 20, 10),
    ("Bottle of wine", "Gift", 10, 30, 10),
    ("Branded pen and notebook", "Gift", 2, 10, 12),
    ("Conference dinner", "Hospitality", 40, 95, 10),
    ("Working lunch", "Hospitality", 10, 30, 14),
    ("Drinks reception", "Hospitality", 15, 40, 10),
    ("Invitation to awards evening", "Hospitality", 45, 95, 8),
    ("Book token", "Gift", 10, 25, 4),
    ("Flowers", "Gift", 15, 35, 4),
    ("Tickets to a football match", "Hospitality", 80, 400, 3),
    ("Hotel stay for a conference", "Hospitality", 120, 450, 2),
    ("Corporate box at the races", "Hospitality", 200, 900, 1),
)
GIFT_STATUS = ("Accepted", "Accepted (shared)", "Declined", "Declined - politely")
GIFT_STATUS_WEIGHTS = (45, 10, 35, 10)
PUBLIC_BODIES = ("College of Policing", "Home Office", "NHS England", "Crown Prosecution Service")
INTEREST_ROLES_ORG = ("Director", "Shareholder", "Consultant", "Partner", "Employee (part-time)")
INTEREST_ROLES_CLUB = ("Treasurer", "Trustee", "Volunteer", "Secretary", "Coach", "Chair")
INTEREST_STATUS = ("Approved", "Approved with conditions", "Pending", "Refused")
INTEREST_STATUS_WEIGHTS = (60, 15, 15, 10)
PAYMENT_EXPENSES = (
    "Premises - repairs and maintenance",
    "Supplies and services",
    "Transport - vehicle maintenance",
    "IT - hardware",
    "IT - software",
    "Professional fees",
    "Third party payments",
    "Clothing and uniforms",
)
LEAVING_REASONS = ("Retirement", "Resignation", "Transfer to another force", "End of contract", "Career break")
ROLE_NAMES = ("Approver", "Budget holder", "Evaluator", "Evaluator", "Contract manager")

CONFIG_TEXT = """\
# National-scale synthetic registers: 43 fictional forces x 5 financial years (2020-21 to 2024-25).
# Written by bench/national.py (fraction {fraction}, seed {seed}, layout {layout}).
# bench/bench_national.py runs xref on them.
# Every heading is one xref recognises, so no [inputs.*.columns] maps are needed. No period is set here:
# bench_national.py passes --period (2025Q1 by default).

[inputs.contracts]
files = ["contracts/*_contracts.csv"]

[inputs.contract_roles]
files = ["contracts/*_contract_roles.csv"]

[inputs.cards]
files = ["cards/*.csv"]

[inputs.gifts]
files = ["gifts/*.csv"]

[inputs.interests]
files = ["interests/*.csv"]

[inputs.payments]
files = ["payments/*.csv"]

[inputs.staff]
files = ["staff/*_staff.csv"]

[inputs.leavers]
files = ["staff/*_leavers.csv"]

[inputs.companies]
files = ["companies/companies_house_extract.csv"]

[inputs.officers]
files = ["companies/officers.csv"]
"""


# --------------------------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------------------------


def sizes_for(fraction: float) -> dict[str, int]:
    """Rows per register at ``fraction`` of the national set (at least one each)."""
    return {k: max(1, round(v * fraction)) for k, v in FULL_ROWS.items()}


def name_sizes_for(fraction: float) -> dict[str, int]:
    """Distinct supplier strings per register at ``fraction`` (at least one each)."""
    return {k: max(1, round(v * fraction)) for k, v in FULL_NAMES.items()}


def _allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` into integer parts proportional to ``weights`` (largest remainder; exact sum)."""
    share = weights / weights.sum() * total
    parts = np.floor(share).astype(np.int64)
    rest = total - int(parts.sum())
    if rest:
        order = np.argsort(-(share - parts), kind="stable")
        parts[order[:rest]] += 1
    result: np.ndarray = parts
    return result


def _probabilities(weights: np.ndarray) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    result: np.ndarray = w / w.sum()
    return result


def _pick(
    rng: np.random.Generator, options: Sequence[str], n: int, weights: Sequence[float] | None = None
) -> pl.Series:
    """``n`` values drawn from ``options`` (optionally weighted), as a string Series."""
    p = None if weights is None else _probabilities(np.asarray(weights, dtype=np.float64))
    idx = rng.choice(len(options), size=n, p=p)
    return pl.Series(list(options), dtype=pl.Utf8).gather(idx)


def _draw_all(rng: np.random.Generator, n: int, weights: np.ndarray) -> np.ndarray:
    """``n`` indexes into ``weights``: each index once (when ``n`` allows), the rest drawn by weight, shuffled.

    So every generated supplier string is used and the distinct counts are the pool sizes.
    """
    k = len(weights)
    if n <= k:
        drawn: np.ndarray = rng.choice(k, size=n, p=_probabilities(weights))
        return drawn
    rest = rng.choice(k, size=n - k, p=_probabilities(weights))
    result: np.ndarray = rng.permutation(np.concatenate([np.arange(k), rest]))
    return result


def _days(rng: np.random.Generator, n: int, start: dt.date, end: dt.date, weekend_weight: float) -> np.ndarray:
    """``n`` dates between start and end (inclusive); weekends weighted ``weekend_weight`` against a weekday."""
    days = np.arange(np.datetime64(start), np.datetime64(end) + 1, dtype="datetime64[D]")
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday: 0 = Monday
    w = np.where(weekday < 5, 1.0, weekend_weight)
    return days[rng.choice(len(days), size=n, p=_probabilities(w))]


def _fy(col: str) -> pl.Expr:
    """The financial year (April-March) of a date column, as ``2024-25``."""
    start = pl.col(col).dt.year() - (pl.col(col).dt.month() < 4).cast(pl.Int32)
    return pl.format("{}-{}", start, ((start + 1) % 100).cast(pl.Utf8).str.zfill(2))


def _uk(col: str) -> pl.Expr:
    return pl.col(col).dt.strftime("%d/%m/%Y").fill_null("")


def _within(rng: np.random.Generator, starts: np.ndarray, counts: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """For each entry of ``groups``, a uniformly random position in ``[starts[g], starts[g] + counts[g])``."""
    u = rng.random(len(groups))
    result: np.ndarray = starts[groups] + np.minimum((u * counts[groups]).astype(np.int64), counts[groups] - 1)
    return result


# --------------------------------------------------------------------------------------------------------------------
# supplier names
# --------------------------------------------------------------------------------------------------------------------


def _names(seed: int, fraction: float) -> tuple[dict[str, pl.DataFrame], Generator]:
    """Distinct supplier strings per register (``raw``, ``org_id``, ``company_number``) from the shared org pool."""
    sizes = name_sizes_for(fraction)
    pooled = {k: sizes[k] for k in ("cards", "contracts", "gifts", "interests")}
    gen = Generator(seed, scale=sum(pooled.values()) / 280_000)
    gen.sizes = pooled
    names = gen.generate().names.select("source", "raw", "org_id", "company_number").sort("source", "raw")
    by_source = {k: names.filter(pl.col("source") == k).drop("source") for k in pooled}

    # payments: four in five are contract suppliers (half as written, the rest upper case or with a full stop),
    # the rest organisations new to the pool (payments-only suppliers)
    rng = np.random.default_rng(seed + 11)
    contracts = by_source["contracts"]
    n_known = min(contracts.height, round(0.8 * sizes["payments"]))
    chosen = contracts.gather(np.sort(rng.choice(contracts.height, size=n_known, replace=False)))
    style = rng.random(n_known)
    chosen = chosen.with_columns(
        pl.when(pl.Series(style < 0.5))
        .then(pl.col("raw"))
        .when(pl.Series(style < 0.9))
        .then(pl.col("raw").str.to_uppercase())
        .otherwise(pl.col("raw") + ".")
        .alias("raw")
    )
    extra: list[tuple[str, int, str | None]] = []
    while len(extra) < sizes["payments"] - n_known:
        org = gen.new_org()
        extra.append((gen.register_name(org, "contracts"), org.org_id, org.company_number))
    new = pl.DataFrame(extra, schema={"raw": pl.Utf8, "org_id": pl.Int64, "company_number": pl.Utf8}, orient="row")
    by_source["payments"] = pl.concat([chosen, new]).unique("raw", keep="first", maintain_order=True)
    return by_source, gen


def _org_arrays(gen: Generator) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Per organisation id: kind code (0 company, 1 shop, 2 club, 3 brand), card style code, brand MCC."""
    kinds = {"company": 0, "shop": 1, "club": 2, "brand": 3}
    styles = {"": 0, "ref": 1, "store": 2, "town": 3, "web": 4, "plain": 5}
    kind = np.array([kinds[o.kind] for o in gen.orgs], dtype=np.int8)
    style = np.array([styles[o.card_style] for o in gen.orgs], dtype=np.int8)
    mcc = [BRAND_MCCS.get(o.words[0], "5999") if o.kind == "brand" else "" for o in gen.orgs]
    return kind, style, mcc


# --------------------------------------------------------------------------------------------------------------------
# people
# --------------------------------------------------------------------------------------------------------------------


def _people(rng: np.random.Generator, sizes: dict[str, int]) -> pl.DataFrame:
    """Everyone who appears in a register: current staff, then leavers, per force."""
    force_weight = rng.lognormal(0.0, 0.6, len(FORCES))
    staff_n = _allocate(sizes["staff"], force_weight)
    leaver_n = _allocate(sizes["leavers"], force_weight)
    force = np.concatenate([np.repeat(np.arange(len(FORCES)), staff_n), np.repeat(np.arange(len(FORCES)), leaver_n)])
    leaver = np.concatenate([np.zeros(int(staff_n.sum()), bool), np.ones(int(leaver_n.sum()), bool)])
    n = len(force)

    firsts = [r["name"] for r in _data_rows("sample_first_names.csv")]
    real_surnames = [r["name"] for r in _data_rows("sample_surnames.csv")]
    # common surnames first, then made-up ones, so a national staff list has realistic (not total) name clashes
    syllables = np.array(
        "al an ar bel bri cal car cor dal den dor el fen gal har ken lan mar mer nor pel ros "
        "sal tal tor val wel win ford ley ton by ham well wick worth".split()
    )
    made = rng.choice(syllables, size=(4_000, 3))
    coined = sorted({("".join(r[:2]) + (r[2] if i % 2 else "")).capitalize() for i, r in enumerate(made)})
    surnames = real_surnames + [s for s in coined if s not in set(real_surnames)]
    s_rank = np.arange(1, len(surnames) + 1, dtype=np.float64)
    tail_rank = np.maximum(s_rank - len(real_surnames), 1.0)
    s_weight = np.where(s_rank <= len(real_surnames), 8.0 / s_rank**0.3, 1.0 / tail_rank**0.2)
    f_weight = 1.0 / np.arange(1, len(firsts) + 1, dtype=np.float64) ** 0.5

    officer = rng.random(n) < 0.6
    rank = pl.Series(list(RANKS)).gather(rng.choice(len(RANKS), size=n, p=_probabilities(np.array(RANK_WEIGHTS))))
    grade = pl.Series(list(GRADES)).gather(rng.choice(len(GRADES), size=n, p=_probabilities(np.array(GRADE_WEIGHTS))))
    people = pl.DataFrame(
        {
            "force": force.astype(np.int32),
            "leaver": leaver,
            "first": pl.Series(firsts).gather(rng.choice(len(firsts), size=n, p=_probabilities(f_weight))),
            "last": pl.Series(surnames).gather(rng.choice(len(surnames), size=n, p=_probabilities(s_weight))),
            "officer": officer,
            "rank": rank,
            "grade": grade,
            "department": _pick(rng, DEPARTMENTS, n),
            "serial": rng.permutation(n) + 10_000,
        }
    )
    return people.with_columns(
        pl.format(
            "P{}{}", (pl.col("force") + 1).cast(pl.Utf8).str.zfill(2), pl.col("serial").cast(pl.Utf8).str.zfill(7)
        ).alias("staff_number"),
        pl.format("{} {}", "first", "last").alias("name"),
        pl.when("officer").then(pl.col("rank")).otherwise(pl.col("grade")).alias("role"),
        (
            (pl.col("officer") & pl.col("rank").is_in(["Insp", "DI", "Ch Insp", "Supt", "Ch Supt"]))
            | (~pl.col("officer") & pl.col("grade").is_in(["Police Staff Grade 6", "Head of"]))
        ).alias("senior"),
    ).with_columns(
        pl.when("officer").then(pl.format("{} {}", "rank", "name")).otherwise(pl.col("name")).alias("with_rank"),
        pl.format("{}, {}", "last", "first").alias("reversed"),
    )


class _Index:
    """Positions of people by force, to draw a random person of a given force without a loop."""

    def __init__(self, force: np.ndarray, members: np.ndarray) -> None:
        self.members = members[np.argsort(force[members], kind="stable")]
        counts = np.bincount(force[members], minlength=len(FORCES))
        self.counts = counts
        self.starts = np.concatenate([[0], np.cumsum(counts)[:-1]])

    def draw(self, rng: np.random.Generator, forces: np.ndarray) -> np.ndarray:
        """One random member of each given force (a force with no members gets its first person overall)."""
        counts = np.maximum(self.counts, 1)
        pos = _within(rng, self.starts, counts, forces)
        result: np.ndarray = self.members[np.minimum(pos, len(self.members) - 1)]
        return result


# --------------------------------------------------------------------------------------------------------------------
# registers
# --------------------------------------------------------------------------------------------------------------------


def generate_national(out_dir: Path, fraction: float = 1.0, seed: int = 2025, layout: str = "force") -> dict[str, Any]:
    """Write the national set into ``out_dir`` (created); returns its manifest (also written as manifest.json).

    ``layout="force"`` writes one file per force (per financial year for cards, gifts and payments: about 850
    files); ``layout="national"`` one file per register (per year for those three: 24 files), same rows.

    The manifest records sizes, rows and distinct supplier strings per register, cross-register overlaps and the
    files written. It holds no timing, so the whole folder is byte-identical for a seed and fraction.
    """
    if not 0 < fraction <= 10:
        raise ValueError(f"fraction must be in (0, 10], got {fraction}")
    if layout not in ("force", "national"):
        raise ValueError(f"layout must be 'force' or 'national', got {layout!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sizes = sizes_for(fraction)
    rng = np.random.default_rng(seed)
    names, gen = _names(seed, fraction)
    kind, style, brand_mcc = _org_arrays(gen)
    people = _people(rng, sizes)
    force_of = people["force"].to_numpy()
    everyone = np.arange(people.height)
    seniors = np.flatnonzero(people["senior"].to_numpy())
    if not len(seniors):
        seniors = everyone
    # people who take part in procurement decisions (budget holders, evaluators, contract managers): about one in ten
    involved = np.union1d(seniors[rng.random(len(seniors)) < 0.3], np.flatnonzero(rng.random(people.height) < 0.06))
    by_force = _Index(force_of, involved)
    seniors_by_force = _Index(force_of, seniors)

    forces = pl.DataFrame(
        {
            "force": np.arange(len(FORCES), dtype=np.int32),
            "force_name": list(FORCES),
            "code": [f"P{i + 1:02d}" for i in range(len(FORCES))],
            "bin": [f"4{(7919 * (i + 3)) % 100_000:05d}" for i in range(len(FORCES))],
        }
    )
    files: list[str] = []

    contracts, roles = _contracts(rng, sizes["contracts"], names["contracts"], people, seniors, by_force)
    role_people = np.unique(roles["person"].to_numpy())
    cards = _cards(rng, sizes["cards"], names["cards"], kind, style, brand_mcc, people)
    gifts = _gifts(rng, sizes["gifts"], names["gifts"], people, role_people, seniors_by_force)
    interests = _interests(rng, sizes["interests"], names["interests"], kind, people, role_people)
    payments = _payments(rng, sizes["payments"], names["payments"], force_of)
    leavers = _leavers(rng, people, names["contracts"])
    companies = _companies(rng, names["contracts"])

    def person(frame: pl.DataFrame, col: str, form: str, alias: str) -> pl.DataFrame:
        looked = people.select(pl.col(form).alias(alias)).to_series().gather(frame[col].to_numpy())
        return frame.with_columns(looked)

    # ---- contracts and roles (one file each per force) ----
    contracts = person(contracts, "approver", "with_rank", "Approved By")
    contracts = contracts.join(forces, on="force", how="left").sort("force", "award", "seq")
    contracts = contracts.with_columns(
        pl.format("{}-C-{}-{}", "code", pl.col("award").dt.year(), pl.col("seq").cast(pl.Utf8).str.zfill(6)).alias(
            "Contract Reference"
        )
    )
    roles = roles.join(contracts.select("seq", "Contract Reference", "force", "code"), on="seq", how="left")
    roles = person(roles, "person", "with_rank", "ranked")
    roles = person(roles, "person", "name", "plain")
    roles = roles.with_columns(
        pl.when(pl.col("role").is_in(["Approver", "Evaluator"])).then("ranked").otherwise("plain").alias("Name"),
        pl.col("role").alias("Role"),
    ).sort("force", "seq", "role_order")
    contract_out = contracts.select(
        "force",
        "code",
        "Contract Reference",
        pl.col("title").alias("Title"),
        pl.col("supplier").alias("Supplier Name"),
        pl.col("company_number").fill_null("").alias("Company Number"),
        pl.col("department").alias("Department"),
        pl.col("route").alias("Procurement Route"),
        _uk("award").alias("Date Awarded"),
        _uk("tender_start").alias("Tender Start Date"),
        _uk("start").alias("Start Date"),
        _uk("end").alias("End Date"),
        pl.col("value").alias("Contract Value"),
        "Approved By",
    )
    files += _write_by(contract_out, out_dir / "contracts", "{code}_contracts.csv", ["force", "code"], layout)
    roles_out = roles.select("force", "code", "Contract Reference", "Name", "Role")
    files += _write_by(roles_out, out_dir / "contracts", "{code}_contract_roles.csv", ["force", "code"], layout)

    # ---- cards (per force per year) ----
    cards = cards.with_columns(pl.Series("force", force_of[cards["holder"].to_numpy()]))
    cards = person(cards, "holder", "name", "Cardholder Name")
    cards = person(cards, "holder", "department", "dept")
    cards = cards.join(forces, on="force", how="left").sort("force", "date", "seq")
    cards = cards.with_columns(
        _fy("date").alias("fy"),
        pl.format("{}******{}", "bin", pl.col("last4").cast(pl.Utf8).str.zfill(4)).alias("Card Number"),
        pl.format("{}T{}", "code", pl.col("seq").cast(pl.Utf8).str.zfill(8)).alias("Transaction ID"),
    )
    cards_out = cards.select(
        "force",
        "code",
        "fy",
        "Transaction ID",
        _uk("date").alias("Transaction Date"),
        pl.col("merchant").alias("Merchant Name"),
        pl.col("amount").alias("Amount"),
        pl.col("mcc").alias("MCC"),
        "Card Number",
        "Cardholder Name",
        pl.format("{} / {}", "force_name", "dept").alias("Department"),
        pl.col("description").alias("Description"),
    )
    del cards
    files += _write_by(cards_out, out_dir / "cards", "{code}_cards_{fy}.csv", ["force", "code", "fy"], layout)
    card_rows, card_names = cards_out.height, cards_out["Merchant Name"].n_unique()
    cardholders = cards_out["Card Number"].n_unique()
    del cards_out

    # ---- gifts (per force per year) ----
    gifts = gifts.with_columns(pl.Series("force", force_of[gifts["recipient"].to_numpy()]))
    gifts = person(gifts, "recipient", "with_rank", "Name of Recipient")
    gifts = person(gifts, "recipient", "department", "Department")
    gifts = person(gifts, "approver", "with_rank", "approver_name")
    gifts = gifts.join(forces, on="force", how="left").sort("force", "date", "seq")
    gifts = gifts.with_columns(_fy("date").alias("fy"))
    gifts_out = gifts.select(
        "force",
        "code",
        "fy",
        pl.format("GH/{}/{}", "code", pl.col("seq").cast(pl.Utf8).str.zfill(6)).alias("Reference Number"),
        pl.col("date").dt.strftime("%d %b %Y").alias("Date of Offer"),
        "Name of Recipient",
        "Department",
        pl.col("offeror").alias("Offered By"),
        pl.col("item").alias("Nature of Gift/Hospitality"),
        pl.col("kind").alias("Gift or Hospitality"),
        pl.format("£{}", "value").alias("Estimated Value"),
        pl.col("status").alias("Accepted or Declined"),
        pl.lit("Received").alias("Given or Received"),
        _uk("declared").alias("Date Registered"),
        pl.when(pl.col("approved")).then("approver_name").otherwise(pl.lit("")).alias("Approved By"),
    )
    files += _write_by(gifts_out, out_dir / "gifts", "{code}_gifts_{fy}.csv", ["force", "code", "fy"], layout)

    # ---- interests (one file per force) ----
    interests = interests.with_columns(pl.Series("force", force_of[interests["staff"].to_numpy()]))
    interests = person(interests, "staff", "reversed", "Name")
    interests = person(interests, "staff", "department", "Department")
    interests = interests.join(forces, on="force", how="left").sort("force", "start", "seq")
    interests_out = interests.select(
        "force",
        "code",
        pl.format("BI-{}-{}", "code", pl.col("seq").cast(pl.Utf8).str.zfill(6)).alias("Ref"),
        "Name",
        "Department",
        pl.col("organisation").alias("Organisation"),
        pl.col("role").alias("Nature of Interest"),
        pl.col("status").alias("Decision"),
        _uk("start").alias("Date From"),
        _uk("end").alias("Date To"),
        _uk("decided").alias("Date Approved"),
        _uk("reviewed").alias("Last Reviewed"),
        _uk("next_review").alias("Next Review Date"),
    )
    files += _write_by(interests_out, out_dir / "interests", "{code}_interests.csv", ["force", "code"], layout)

    # ---- payments (per force per year) ----
    payments = payments.join(forces, on="force", how="left").sort("force", "date", "seq")
    payments_out = payments.select(
        "force",
        "code",
        _fy("date").alias("fy"),
        pl.col("force_name").alias("Body Name"),
        pl.col("department").alias("Service Area"),
        pl.col("expense").alias("Expense Type"),
        _uk("date").alias("Payment Date"),
        pl.format("{}P{}", "code", pl.col("seq").cast(pl.Utf8).str.zfill(8)).alias("Transaction Number"),
        pl.col("amount").alias("Net Amount"),
        pl.col("supplier").alias("Supplier Name"),
        pl.col("vat").alias("VAT Registration Number"),
    )
    files += _write_by(payments_out, out_dir / "payments", "{code}_payments_{fy}.csv", ["force", "code", "fy"], layout)

    # ---- staff and leavers (one file each per force) ----
    staff = people.filter(~pl.col("leaver")).join(forces, on="force", how="left").sort("force", "staff_number")
    staff_out = staff.select(
        "force",
        "code",
        pl.col("staff_number").alias("Staff Number"),
        pl.col("name").alias("Full Name"),
        pl.col("role").alias("Rank/Grade"),
        pl.col("department").alias("Department"),
    )
    files += _write_by(staff_out, out_dir / "staff", "{code}_staff.csv", ["force", "code"], layout)
    leavers = leavers.join(forces, on="force", how="left").sort("force", "left", "staff_number")
    leavers_out = leavers.select(
        "force",
        "code",
        pl.col("staff_number").alias("Staff Number"),
        pl.col("name").alias("Name"),
        pl.col("role").alias("Rank/Grade"),
        pl.col("department").alias("Department"),
        _uk("left").alias("Date Left"),
        pl.col("reason").alias("Reason for Leaving"),
        pl.col("employer").alias("New Employer"),
    )
    files += _write_by(leavers_out, out_dir / "staff", "{code}_leavers.csv", ["force", "code"], layout)

    # ---- companies (one national extract) ----
    (out_dir / "companies").mkdir(exist_ok=True)
    companies.write_csv(out_dir / "companies" / "companies_house_extract.csv")
    files.append("companies/companies_house_extract.csv")
    officers = _officers(np.random.default_rng(seed + 19), companies, people)  # own draws: the rest stays as it was
    officers.write_csv(out_dir / "companies" / "officers.csv")
    files.append("companies/officers.csv")

    (out_dir / "xref.toml").write_text(
        CONFIG_TEXT.format(fraction=fraction, seed=seed, layout=layout), encoding="utf-8"
    )
    rows = {
        "cards": card_rows,
        "contracts": contract_out.height,
        "contract_roles": roles_out.height,
        "gifts": gifts_out.height,
        "interests": interests_out.height,
        "payments": payments_out.height,
        "staff": staff_out.height,
        "leavers": leavers_out.height,
        "companies": companies.height,
        "officers": officers.height,
    }
    distinct = {
        "cards": card_names,
        "contracts": contract_out["Supplier Name"].n_unique(),
        "gifts": gifts_out["Offered By"].n_unique(),
        "interests": interests_out["Organisation"].n_unique(),
        "payments": payments_out["Supplier Name"].n_unique(),
        "companies": companies["CompanyName"].n_unique(),
        "leavers": leavers_out.filter(pl.col("New Employer") != "")["New Employer"].n_unique(),
    }
    manifest: dict[str, Any] = {
        "generator": "bench/national.py",
        "fraction": fraction,
        "seed": seed,
        "layout": layout,
        "forces": len(FORCES),
        "years": list(YEARS),
        "sizes_requested": sizes,
        "rows": rows,
        "rows_total": sum(rows.values()),
        "distinct_supplier_strings": distinct,
        "distinct_supplier_strings_total": sum(distinct.values()),
        "overlap": _overlap(out_dir),
        "people": {
            "staff": staff_out.height,
            "leavers": leavers_out.height,
            "cardholders": cardholders,
            "with_contract_role": len(role_people),
        },
        "files": len(files) + 1,
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def _norm(col: str) -> pl.Expr:
    """A rough comparison key for the overlap statistics (case, punctuation and legal form ignored)."""
    return (
        pl.col(col)
        .str.to_lowercase()
        .str.replace_all(r"[^0-9a-z& ]+", " ")
        .str.replace_all(r"\b(ltd|limited|plc|llp|cic|uk)\b", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


def supplier_keys(out_dir: Path) -> dict[str, set[str]]:
    """Per register, the rough comparison keys of its supplier strings (see :func:`_norm`)."""
    spec = {
        "contracts": ("contracts/*_contracts.csv", "Supplier Name"),
        "cards": ("cards/*.csv", "Merchant Name"),
        "gifts": ("gifts/*.csv", "Offered By"),
        "interests": ("interests/*.csv", "Organisation"),
        "payments": ("payments/*.csv", "Supplier Name"),
    }
    out = {}
    for register, (pattern, column) in spec.items():
        keys = pl.scan_csv(out_dir / pattern, infer_schema=False).select(_norm(column).unique()).collect()
        out[register] = set(keys.to_series().drop_nulls().to_list())
    return out


def _overlap(out_dir: Path) -> dict[str, int]:
    keys = supplier_keys(out_dir)
    pairs = [("contracts", "cards"), ("contracts", "gifts"), ("contracts", "interests"), ("contracts", "payments")]
    pairs += [("cards", "gifts"), ("gifts", "interests")]
    return {f"{a}&{b}": len(keys[a] & keys[b]) for a, b in pairs}


def _write_by(frame: pl.DataFrame, folder: Path, pattern: str, by: list[str], layout: str) -> list[str]:
    """One CSV per group of ``by`` (columns dropped from the file), named by ``pattern``; returns relative paths.

    With ``layout="national"`` the forces share one file (``all_...``): only the financial year splits files.
    """
    folder.mkdir(parents=True, exist_ok=True)
    keys = by if layout == "force" else [c for c in by if c not in ("force", "code")]
    parts = frame.partition_by(keys, as_dict=True, maintain_order=True) if keys else {(): frame}
    written = []
    for key, part in parts.items():
        values = {"code": "all", **dict(zip(keys, key, strict=True))}
        path = folder / pattern.format(**values)
        part = part.drop(by).with_columns(pl.col(pl.Utf8).replace("", None))  # blanks as exports write them
        part.write_csv(path, float_precision=2)
        written.append(f"{folder.name}/{path.name}")
    return written


def _contracts(
    rng: np.random.Generator,
    n: int,
    names: pl.DataFrame,
    people: pl.DataFrame,
    seniors: np.ndarray,
    by_force: _Index,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Awards April 2020 - March 2025 and their decision roles (person columns are indexes into ``people``)."""
    supplier = _draw_all(rng, n, rng.lognormal(0.0, 1.0, names.height))
    approver = seniors[rng.choice(len(seniors), size=n, p=_probabilities(rng.lognormal(0.0, 0.7, len(seniors))))]
    force = people["force"].to_numpy()[approver]
    award = _days(rng, n, FIRST_DAY, LAST_DAY, 0.02)
    route = rng.choice(len(ROUTES), size=n, p=_probabilities(np.array([20, 18, 22, 18, 6, 16])))
    competitive = np.array(COMPETITIVE)[route]
    start = award + rng.choice(np.array([0, 14, 30, 61]), size=n).astype("timedelta64[D]")
    years = rng.choice(np.array([1, 2, 3, 4]), size=n)
    end = start + (365 * years - 1).astype("timedelta64[D]")
    rolling = rng.random(n) < 0.08
    tender = award - rng.integers(28, 121, size=n).astype("timedelta64[D]")
    titles = [t.format(x=x).capitalize() for t in TOPICS for x in THINGS]
    contracts = pl.DataFrame(
        {
            "seq": np.arange(n, dtype=np.int64),
            "force": force.astype(np.int32),
            "supplier": names["raw"].gather(supplier),
            "company_number": names["company_number"].gather(supplier),
            "title": pl.Series(titles).gather(rng.choice(len(titles), size=n)),
            "department": _pick(rng, DEPARTMENTS, n),
            "route": pl.Series(list(ROUTES)).gather(route),
            "award": award,
            "start": start,
            "end": end,
            "tender_start": tender,
            "value": np.round(rng.lognormal(11.0, 1.3, n), -2) + 100,
            "approver": approver,
        }
    ).with_columns(
        pl.when(pl.Series(rolling)).then(None).otherwise(pl.col("end")).alias("end"),
        pl.when(pl.Series(competitive)).then(pl.col("tender_start")).otherwise(None).alias("tender_start"),
    )
    # roles: approver and budget holder always; 1-2 evaluators for competitive routes; a contract manager for half
    evaluators = np.where(competitive, rng.integers(1, 3, size=n), 0)
    manager = rng.random(n) < 0.5
    seq = np.arange(n)
    role_seq = [seq, seq, np.repeat(seq, evaluators), seq[manager]]
    role_order = [np.zeros(n), np.ones(n), np.full(int(evaluators.sum()), 2), np.full(int(manager.sum()), 3)]
    others = np.concatenate(role_seq[1:])
    drawn = by_force.draw(rng, force[others])
    person = np.concatenate([approver, drawn])
    role_names = ["Approver", "Budget holder", "Evaluator", "Contract manager"]
    orders = np.concatenate(role_order).astype(np.int8)
    roles = pl.DataFrame(
        {
            "seq": np.concatenate(role_seq).astype(np.int64),
            "role_order": orders,
            "role": pl.Series(role_names).gather(orders.astype(np.int64)),
            "person": person,
        }
    )
    return contracts, roles


def _cards(
    rng: np.random.Generator,
    n: int,
    names: pl.DataFrame,
    kind: np.ndarray,
    style: np.ndarray,
    brand_mcc: list[str],
    people: pl.DataFrame,
) -> pl.DataFrame:
    """Card transactions; ``holder`` indexes ``people``. One card per holder, unique within its force."""
    force_of = people["force"].to_numpy()
    holders = np.flatnonzero(rng.random(people.height) < CARDHOLDER_SHARE)
    if not len(holders):
        holders = np.array([0])
    # last four digits unique within a force: a permutation of 0-9999 walked from a per-force offset
    order = np.argsort(force_of[holders], kind="stable")
    sorted_forces = force_of[holders][order]
    first = np.searchsorted(sorted_forces, sorted_forces, side="left")
    rank_in_force = np.arange(len(order)) - first
    perm = rng.permutation(10_000)
    offset = rng.integers(0, 10_000, size=len(FORCES))
    last4_sorted = perm[(offset[sorted_forces] + rank_in_force) % 10_000]
    last4 = np.empty(len(holders), dtype=np.int64)
    last4[order] = last4_sorted

    activity = rng.lognormal(0.0, 0.8, len(holders))
    pick = rng.choice(len(holders), size=n, p=_probabilities(activity))

    org = names["org_id"].to_numpy()
    name_kind, name_style = kind[org], style[org]
    # how often each distinct string recurs: a reference (AMZN MKTP UK*2X3AB4) rarely, a store or shop often
    weight = rng.lognormal(0.0, 1.3, names.height) * np.where(name_style == 1, 0.15, 1.0)
    merchant = _draw_all(rng, n, weight)
    mcc_brand = np.array([brand_mcc[o] for o in org.tolist()]) if names.height else np.array([], dtype=str)
    mcc_shop = np.array(SHOP_MCCS)[rng.integers(0, len(SHOP_MCCS), size=names.height)]
    mcc_supplier = np.array(SUPPLIER_MCCS)[rng.integers(0, len(SUPPLIER_MCCS), size=names.height)]
    mcc_restricted = np.array(RESTRICTED_MCCS)[rng.integers(0, len(RESTRICTED_MCCS), size=names.height)]
    name_mcc = np.where(name_kind == 3, mcc_brand, np.where(name_kind == 1, mcc_shop, mcc_supplier))
    name_mcc = np.where(rng.random(names.height) < 0.005, mcc_restricted, name_mcc)

    amount = np.round(rng.lognormal(3.6, 0.9, n), 2)
    amount = np.where(rng.random(n) < 0.02, -amount, amount)
    return pl.DataFrame(
        {
            "seq": np.arange(n, dtype=np.int64),
            "holder": holders[pick],
            "last4": last4[pick],
            "date": _days(rng, n, FIRST_DAY, LAST_DAY, 0.04),
            "merchant": names["raw"].gather(merchant),
            "mcc": pl.Series(name_mcc.tolist(), dtype=pl.Utf8).gather(merchant),
            "amount": amount,
            "description": _pick(rng, CARD_DESCRIPTIONS, n),
        }
    )


def _gifts(
    rng: np.random.Generator,
    n: int,
    names: pl.DataFrame,
    people: pl.DataFrame,
    role_people: np.ndarray,
    seniors_by_force: _Index,
) -> pl.DataFrame:
    """Offers received; half to people who hold a contract role. ``recipient``/``approver`` index ``people``."""
    force_of = people["force"].to_numpy()
    from_roles = rng.random(n) < 0.5
    recipient = np.where(
        from_roles,
        role_people[rng.integers(0, len(role_people), size=n)] if len(role_people) else 0,
        rng.integers(0, people.height, size=n),
    )
    source = rng.random(n)
    named = np.zeros(n, dtype=np.int64)
    named[source < 0.80] = _draw_all(rng, int((source < 0.80).sum()), rng.lognormal(0.0, 1.0, names.height))
    offeror = names["raw"].gather(named)
    other_force = pl.Series(list(FORCES)).gather(rng.integers(0, len(FORCES), size=n))
    public = pl.Series(list(PUBLIC_BODIES)).gather(rng.integers(0, len(PUBLIC_BODIES), size=n))
    offeror = (
        pl.select(
            pl.when(pl.lit(pl.Series(source < 0.80)))
            .then(pl.lit(offeror))
            .when(pl.lit(pl.Series(source < 0.88)))
            .then(pl.lit(other_force))
            .when(pl.lit(pl.Series(source < 0.96)))
            .then(pl.lit(public))
            .otherwise(pl.lit("Member of the public"))
        )
        .to_series()
        .alias("offeror")
    )
    item = rng.choice(len(GIFT_ITEMS), size=n, p=_probabilities(np.array([g[4] for g in GIFT_ITEMS])))
    low = np.array([g[2] for g in GIFT_ITEMS])[item]
    high = np.array([g[3] for g in GIFT_ITEMS])[item]
    status = rng.choice(len(GIFT_STATUS), size=n, p=_probabilities(np.array(GIFT_STATUS_WEIGHTS)))
    date = _days(rng, n, FIRST_DAY, LAST_DAY, 0.3)
    late = rng.random(n) < 0.04
    declared = date + np.where(late, rng.integers(30, 150, size=n), rng.integers(1, 22, size=n)).astype(
        "timedelta64[D]"
    )
    accepted = status < 2
    approver = seniors_by_force.draw(rng, force_of[recipient])
    return pl.DataFrame(
        {
            "seq": np.arange(n, dtype=np.int64),
            "recipient": recipient,
            "offeror": offeror,
            "item": pl.Series([g[0] for g in GIFT_ITEMS]).gather(item),
            "kind": pl.Series([g[1] for g in GIFT_ITEMS]).gather(item),
            "value": rng.integers(low, high + 1),
            "status": pl.Series(list(GIFT_STATUS)).gather(status),
            "date": date,
            "declared": np.minimum(declared, np.datetime64(LAST_DAY)),
            "approver": approver,
            "approved": accepted & (rng.random(n) > 0.03),
        }
    )


def _interests(
    rng: np.random.Generator,
    n: int,
    names: pl.DataFrame,
    kind: np.ndarray,
    people: pl.DataFrame,
    role_people: np.ndarray,
) -> pl.DataFrame:
    """Declared second jobs and business interests; a third held by people with a contract role."""
    from_roles = rng.random(n) < 0.3
    staff = np.where(
        from_roles,
        role_people[rng.integers(0, len(role_people), size=n)] if len(role_people) else 0,
        rng.integers(0, people.height, size=n),
    )
    pick = _draw_all(rng, n, rng.lognormal(0.0, 0.5, names.height))
    is_club = kind[names["org_id"].to_numpy()[pick]] == 2
    role = np.where(
        is_club,
        np.array(INTEREST_ROLES_CLUB)[rng.integers(0, len(INTEREST_ROLES_CLUB), size=n)],
        np.array(INTEREST_ROLES_ORG)[rng.integers(0, len(INTEREST_ROLES_ORG), size=n)],
    )
    status = rng.choice(len(INTEREST_STATUS), size=n, p=_probabilities(np.array(INTEREST_STATUS_WEIGHTS)))
    start = _days(rng, n, dt.date(2012, 1, 1), dt.date(2025, 2, 28), 0.3)
    ended = rng.random(n) < 0.2
    end = np.minimum(start + rng.integers(200, 1500, size=n).astype("timedelta64[D]"), np.datetime64(LAST_DAY))
    decided = start + rng.integers(3, 41, size=n).astype("timedelta64[D]")
    approved = status < 2
    # reviewed within the last year for most approved interests; a tenth are overdue
    since_review = np.where(rng.random(n) < 0.9, rng.integers(5, 360, size=n), rng.integers(370, 900, size=n))
    reviewed = np.maximum(np.datetime64(LAST_DAY) - since_review.astype("timedelta64[D]"), decided)
    next_review = reviewed + np.timedelta64(365, "D")
    return pl.DataFrame(
        {
            "seq": np.arange(n, dtype=np.int64),
            "staff": staff,
            "organisation": names["raw"].gather(pick),
            "role": role,
            "status": pl.Series(list(INTEREST_STATUS)).gather(status),
            "start": start,
            "end": end,
            "decided": decided,
            "reviewed": reviewed,
            "next_review": next_review,
        }
    ).with_columns(
        pl.when(pl.Series(ended)).then("end").otherwise(None).alias("end"),
        pl.when(pl.Series(status == 2)).then(None).otherwise(pl.col("decided")).alias("decided"),
        pl.when(pl.Series(approved)).then("reviewed").otherwise(None).alias("reviewed"),
        pl.when(pl.Series(approved & ~ended)).then("next_review").otherwise(None).alias("next_review"),
    )


def _payments(rng: np.random.Generator, n: int, names: pl.DataFrame, force_of: np.ndarray) -> pl.DataFrame:
    """Payments over £500 by each force to its suppliers."""
    weight = rng.lognormal(0.0, 1.2, names.height)
    pick = _draw_all(rng, n, weight)
    force_weight = np.bincount(force_of, minlength=len(FORCES)).astype(np.float64) + 1e-9
    vat = rng.integers(100_000_000, 999_999_999, size=names.height)
    has_vat = rng.random(names.height) < 0.3
    name_vat = pl.Series([f"GB{v}" if h else "" for v, h in zip(vat.tolist(), has_vat.tolist(), strict=True)])
    return pl.DataFrame(
        {
            "seq": np.arange(n, dtype=np.int64),
            "force": rng.choice(len(FORCES), size=n, p=_probabilities(force_weight)).astype(np.int32),
            "supplier": names["raw"].gather(pick),
            "vat": name_vat.gather(pick),
            "date": _days(rng, n, FIRST_DAY, LAST_DAY, 0.0),
            "amount": np.round(500 + rng.lognormal(7.0, 1.3, n), 2),
            "department": _pick(rng, DEPARTMENTS, n),
            "expense": _pick(rng, PAYMENT_EXPENSES, n),
        }
    )


def _leavers(rng: np.random.Generator, people: pl.DataFrame, contract_names: pl.DataFrame) -> pl.DataFrame:
    """Leavers over the five years; most notify no new employer, a few join a contract supplier."""
    leavers = people.filter(pl.col("leaver"))
    n = leavers.height
    roll = rng.random(n)
    supplier = contract_names["raw"].gather(rng.integers(0, max(1, contract_names.height), size=n))
    other_force = pl.Series(list(FORCES)).gather(rng.integers(0, len(FORCES), size=n))
    employer = pl.select(
        pl.when(pl.lit(pl.Series(roll < 0.04)))
        .then(pl.lit(supplier))
        .when(pl.lit(pl.Series(roll < 0.12)))
        .then(pl.lit(other_force))
        .otherwise(pl.lit(""))
    ).to_series()
    return leavers.select("force", "staff_number", "name", "role", "department").with_columns(
        pl.Series("left", _days(rng, n, FIRST_DAY, LAST_DAY, 0.0)),
        _pick(rng, LEAVING_REASONS, n).alias("reason"),
        employer.alias("employer"),
    )


def _companies(rng: np.random.Generator, contract_names: pl.DataFrame) -> pl.DataFrame:
    """Companies House rows for contract suppliers with a company number; a few incorporated recently."""
    known = contract_names.filter(pl.col("company_number").is_not_null()).unique("company_number", keep="first")
    known = known.sort("company_number")
    n = known.height
    recent = rng.random(n) < 0.05
    incorporated = np.where(
        recent,
        _days(rng, n, dt.date(2019, 1, 1), dt.date(2025, 1, 31), 1.0),
        _days(rng, n, dt.date(1965, 1, 1), dt.date(2018, 12, 31), 1.0),
    )
    name = (
        pl.col("raw")
        .str.to_uppercase()
        .str.replace(r"\s+(LTD|LIMITED)\.?$", "")
        .str.replace(r"\s+(PLC|LLP|CIC)\.?$", " $1")
    )
    return known.select(
        name.alias("CompanyName"),
        pl.col("company_number").alias("CompanyNumber"),
        pl.lit("Private Limited Company").alias("CompanyCategory"),
        pl.lit("Active").alias("CompanyStatus"),
        pl.Series("IncorporationDate", incorporated).dt.strftime("%d/%m/%Y"),
    ).with_columns(
        pl.when(pl.col("CompanyName").str.ends_with(" PLC") | pl.col("CompanyName").str.ends_with(" LLP"))
        .then(pl.col("CompanyName"))
        .otherwise(pl.col("CompanyName") + " LIMITED")
        .alias("CompanyName")
    )


OFFICERS_PER_COMPANY = 1.2
"""Officers per company beyond the first (Poisson): about 2.2 each, 40,000 for the national set's companies."""
STAFF_OFFICER_SHARE = 0.01
"""Share of officers who are a member of staff or a leaver (the rest are random pairings of the same names)."""


def _officers(rng: np.random.Generator, companies: pl.DataFrame, people: pl.DataFrame) -> pl.DataFrame:
    """Companies House officers of the extract's companies, flat: mostly strangers, a few of the forces' people."""
    per = 1 + rng.poisson(OFFICERS_PER_COMPANY, companies.height)
    company = np.repeat(np.arange(companies.height), per)
    n = len(company)
    staff = rng.random(n) < STAFF_OFFICER_SHARE
    who = rng.integers(0, people.height, size=n)
    stranger_first = people["first"].gather(rng.integers(0, people.height, size=n))
    stranger_last = people["last"].gather(rng.integers(0, people.height, size=n))
    mask = pl.Series(staff)
    first = pl.select(pl.when(mask).then(people["first"].gather(who)).otherwise(stranger_first)).to_series()
    last = pl.select(pl.when(mask).then(people["last"].gather(who)).otherwise(stranger_last)).to_series()
    appointed = _days(rng, n, dt.date(1995, 1, 1), dt.date(2025, 3, 31), 0.1)
    leaves = appointed + rng.integers(30, 4000, size=n)
    resigned = np.where((rng.random(n) < 0.25) & (leaves <= np.datetime64(LAST_DAY)), leaves, np.datetime64("NaT"))
    born = _days(rng, n, dt.date(1945, 1, 1), dt.date(2000, 12, 31), 1.0)
    roles = ("director", "director", "director", "secretary", "llp-member")
    return pl.DataFrame(
        {
            "Company Number": companies["CompanyNumber"].gather(company),
            "Company Name": companies["CompanyName"].gather(company),
            "Officer Name": last.str.to_uppercase() + ", " + first,
            "Officer Role": _pick(rng, roles, n),
            "Appointed On": pl.Series(appointed).dt.strftime("%d/%m/%Y"),
            "Resigned On": pl.Series(resigned).dt.strftime("%d/%m/%Y").fill_null(""),
            "Date of Birth": pl.Series(born).dt.strftime("%m/%Y"),
        }
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python bench/national.py --out DIR [--fraction F] [--seed S]``: write the set and print its manifest."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write (created)")
    parser.add_argument("--fraction", type=float, default=1.0, help="share of the national set [1.0]")
    parser.add_argument("--seed", type=int, default=2025, help="random seed [2025]")
    parser.add_argument("--layout", choices=("force", "national"), default="force", help="files per force or not")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    manifest = generate_national(args.out, fraction=args.fraction, seed=args.seed, layout=args.layout)
    print(json.dumps(manifest, indent=2, sort_keys=True))
    print(f"generated in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
