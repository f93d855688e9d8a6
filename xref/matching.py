"""Supplier-name matching (matching.md §5): candidates in DuckDB, rapidfuzz scores, bands, clusters and links.

Flow: distinct names → :func:`xref.names.normalise` → candidate pairs from ``sql/matching/candidates.sql``
(equal key ∪ shared rare word ∪ card prefix ∪ identifiers ∪ overrides) → feature scores with
``rapidfuzz.process.cpdist`` over the candidate pairs only → penalties, bands, the corporate-group relation and
ambiguity → reviewer overrides → clusters by union-find with ``not_same`` decisions as cannot-links → links.
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from xref.calibration import AUTO_MIN_PROBABILITY, FEATURES, outweighed, probability
from xref.clock import Laps
from xref.config import MatchSettings
from xref.db import Database
from xref.names import CARD_SOURCE, NormalisedName, normalise_many, vocabulary
from xref.overrides import decided_pairs
from xref.sqlfiles import read_sql
from xref.words import (
    MAX_INITIALS,
    MIN_INITIALS,
    MIN_TYPO,
    UNUSUAL_MAX_DF,
    align_words,
    common_words,
    word_frequencies,
)

NUMBERS_DIFFER_FACTOR = 0.7
"""Score multiplier when both names carry numbers and they differ ("Fund 1" vs "Fund 2"), as nomenklatura does."""
LEFTOVER_MIN_RATIO = 80.0
"""When each name has words the other lacks, those words must be spellings of each other ("nursey" / "nursery",
ratio at least this) for a fuzzy score to link automatically; different words ("a" / "lp", "west" / "east") never
do, and the token-set score is not used for them."""
MIN_CUT_WORD = 3
"""A word cut short to at least this many letters counts as a spelling of the whole word."""
SUBSET_MAX_DF = 10
"""A name whose words are all in a longer name scores on shared words only if one of them is held by at most this
many names."""
SUBSET_MIN_DISTINCTIVE = 2
"""A name whose words are all in a longer name links automatically when it has this many distinctive words (not
common in UK organisation names, :func:`xref.words.common_words`, and held by few names in the run)."""
MIN_PREFIX_CHARS = 6
"""The card prefix score needs at least this many characters on the shorter side (matching.md §4.4)."""
IDENTIFIER_METHODS = ("company_number", "vat_number")
AMBIGUITY_ALTERNATIVES = 32
"""Of a name's close alternatives (one spelling per normalised key), how many the ambiguity check compares: enough
that a rival behind spellings of the same supplier is still found, few enough that the check stays linear."""

_METHOD_WORDS = {
    "key_ratio": "token-sorted key",
    "idf_jw": "rare-word overlap and Jaro-Winkler",
    "prefix": "card name as a prefix of the register name",
    "token_set": "shared words (token set)",
    "compact": "same letters with the spaces removed",
    "aligned_words": "the same words, spelt differently",
    "initials": "an acronym and the words it stands for",
    "equal_key": "same normalised name",
    "alias": "another name one of them goes by",
    "company_number": "company number",
    "vat_number": "VAT number",
}
_SOURCE_WORDS = {CARD_SOURCE: "card statement"}


@dataclass
class MatchResult:
    """What the matcher found: per-name supplier ids, rule-ready links, reviewable pairs and blocking statistics.

    Attributes:
        names: one row per input name with its normalisation and ``supplier_id``.
        links: symmetric pairs for rule SQL, including self links; every same-cluster pair except two card strings
            that were never compared directly, plus review-band pairs between clusters.
        pairs: one row per unordered scored pair worth a look (for ``matches.csv``).
        stats: JSON-serialisable blocking and clustering statistics, timings.
    """

    names: pl.DataFrame
    links: pl.DataFrame
    pairs: pl.DataFrame
    stats: dict[str, Any] = field(default_factory=dict)


def match_names(
    names: pl.DataFrame,
    *,
    settings: MatchSettings | None = None,
    overrides: pl.DataFrame | None = None,
    db: Database | None = None,
    progress: Callable[[str], None] | None = None,
) -> MatchResult:
    """Match organisation names across registers.

    Args:
        names: ``name_id`` (unique), ``source`` (register), ``raw``, ``company_number``, ``vat_number``.
        settings: thresholds; defaults to :class:`MatchSettings`.
        overrides: reviewer decisions from :func:`xref.overrides.read_overrides`, or None.
        db: database to run the blocking SQL in (a private in-memory one when None). Tables ``xref_match_*`` are
            created in it.
        progress: told each step (``matching supplier names: scoring pairs 3/12``), for long runs.

    Returns:
        The :class:`MatchResult`.
    """
    settings = settings or MatchSettings()
    own_db = db is None
    database = db if db is not None else Database()
    lap = Laps()
    timings = lap.timings

    def step(what: str) -> None:
        if progress is not None:
            progress(f"matching supplier names: {what}")

    try:
        step(f"normalising {names.height:,} names")
        table = normalise_names(names)
        lap("normalise")
        forced = (
            decided_pairs(overrides, table.select("name_id", "key"))
            if overrides is not None and not overrides.is_empty()
            else _empty_decisions()
        )
        df_cap = token_df_cap(settings, table.height)
        step("finding candidate pairs")
        candidates, block_stats = _candidates(database, table, forced, df_cap=df_cap, settings=settings)
        lap("blocking")
        scored = _scored_pairs(candidates, table, forced, settings, step)
        lap("scoring")
        step("deciding bands and suppliers")
        scored = _decide(scored, forced, settings)
        lap("bands")
        supplier_ids, tree, conflicts = _cluster(table, scored, settings)
        lap("clusters")
        out_names = table.join(supplier_ids, on="name_id", how="left").select(_NAME_COLUMNS)
        explained = _with_explanations(scored.filter(_worth_keeping(settings)), settings)
        pairs = _pairs_output(explained, scored, settings)
        links = _links(table, explained, supplier_ids, tree)
        lap("links")
    finally:
        if own_db:
            database.close()

    stats: dict[str, Any] = {
        "names": table.height,
        "names_by_source": {str(k): int(v) for k, v in table.group_by("source").len().sort("source").iter_rows()},
        "token_df_cap": df_cap,
        "candidate_pairs": candidates.height,
        **block_stats,
        "pairs_by_band": {str(k): int(v) for k, v in pairs.group_by("band").len().sort("band").iter_rows()},
        "suppliers": int(out_names["supplier_id"].n_unique()),
        "largest_suppliers": [
            {"supplier_id": s, "names": int(n)}
            for s, n in out_names.group_by("supplier_id")
            .len()
            .sort(["len", "supplier_id"], descending=[True, False])
            .head(5)
            .iter_rows()
        ],
        "links": links.height,
        "overrides_applied": forced.height,
        "cannot_link_conflicts": conflicts,
        "timings": timings,
    }
    return MatchResult(names=out_names, links=links, pairs=pairs, stats=stats)


_NAME_COLUMNS = [
    "name_id",
    "source",
    "raw",
    "norm",
    "key",
    "compact",
    "legal_form",
    "noise",
    "steps",
    "key_is_fallback",
    "supplier_id",
]


def token_df_cap(settings: MatchSettings, names: int) -> int:
    """How many names may hold a word for it still to block pairs (:class:`MatchSettings` says why it is this)."""
    return max(
        settings.token_df_cap,
        math.ceil(settings.token_df_cap_sqrt * math.sqrt(names)),
        math.ceil(settings.token_df_cap_fraction * names),
    )


def normalise_names(names: pl.DataFrame) -> pl.DataFrame:
    """Normalise every distinct name once and derive the per-name features the scorer needs.

    Only the card register is cleaned differently, so a text given by several other registers is normalised once.
    """
    voc = vocabulary()
    sources = names["source"].fill_null("")
    keyed = pl.DataFrame({"raw": names["raw"].fill_null(""), "is_card": sources == CARD_SOURCE})
    distinct = keyed.unique(maintain_order=True)
    normalised = _normalise_distinct(list(distinct.iter_rows()))
    # the fields of NormalisedName, by position (normalise_many sends them as tuples)
    f = {name: i for i, name in enumerate(_NORMALISED_FIELDS)}
    notes = []
    for n, card in zip(normalised, distinct["is_card"].to_list(), strict=True):
        stripped = [s for s in n[f["steps"]] if s.startswith("stripped ")]
        notes.append(
            " (" + "; ".join([_SOURCE_WORDS[CARD_SOURCE], *stripped] if card else stripped) + ")" if stripped else ""
        )

    def text(field: str) -> pl.Series:
        i = f[field]
        return pl.Series(field, [n[i] for n in normalised], dtype=pl.Utf8)

    def joined(field: str, sep: str, *, distinct_sorted: bool = False) -> pl.Series:
        i = f[field]
        values = [sep.join(sorted(set(n[i])) if distinct_sorted else n[i]) for n in normalised]
        return pl.Series(field, values, dtype=pl.Utf8)

    # List columns are passed as joined text and split by polars: building them from Python lists is far slower.
    features = distinct.with_columns(
        text("norm"),
        text("key"),
        text("compact"),
        text("legal_form"),
        text("bracketed"),
        joined("places", ";").str.split(";").list.filter(pl.element() != ""),
        joined("initials", " ").str.split(" ").list.filter(pl.element() != ""),
        joined("bracket_places", ";").str.split(";").list.filter(pl.element() != ""),
        joined("noise", "; "),
        joined("steps", "; "),
        pl.Series("key_is_fallback", [n[f["key_is_fallback"]] for n in normalised], dtype=pl.Boolean),
        joined("aliases", "\x1f").str.split("\x1f").list.filter(pl.element() != ""),
        joined("numbers", " ", distinct_sorted=True),
        joined("repeated", " "),
        pl.Series("card_note", notes, dtype=pl.Utf8),
        pl.Series("cuts", [" ".join(map(str, n[f["cuts"]])) for n in normalised], dtype=pl.Utf8)
        .str.extract_all(r"\d+")
        .list.eval(pl.element().cast(pl.Int64)),
    )
    frame = pl.DataFrame(
        {
            "name_id": names["name_id"],
            "source": sources,
            "raw": keyed["raw"],
            "is_card": keyed["is_card"],
            "company_number": _optional(names, "company_number"),
            "vat_number": _optional(names, "vat_number"),
        }
    ).join(features, on=["raw", "is_card"], how="left", maintain_order="left")
    qualifiers = pl.lit(sorted(voc.qualifiers), dtype=pl.List(pl.Utf8))
    groups = pl.lit(sorted(voc.group_words), dtype=pl.List(pl.Utf8))
    return frame.with_columns(
        pl.col("key").str.split(" ").alias("tokens"),
        # the name's words without its legal form, which is compared on its own (``_forms_conflict``):
        # "Compass Group PLC" / "Compass Group UK" differ in filler, not in a word
        pl.col("norm").str.strip_suffix(pl.concat_str(pl.lit(" "), pl.col("legal_form"))).alias("words"),
        pl.col("norm")
        .str.strip_suffix(pl.concat_str(pl.lit(" "), pl.col("legal_form")))
        .str.split(" ")
        .list.unique()
        .alias("norm_tokens"),
        # rank in name_id order: the blocking SQL works on these integers (name_a < name_b holds for both)
        (pl.col("name_id").rank("ordinal") - 1).cast(pl.Int32).alias("idx"),
    ).with_columns(
        pl.col("tokens").list.set_intersection(qualifiers).list.sort().alias("qualifiers"),
        pl.col("tokens").list.set_difference(groups).list.sort().alias("distinct_tokens"),
        pl.col("key").str.len_chars().alias("key_len"),
        pl.col("norm")
        .str.split(" ")
        .list.filter(~pl.element().is_in(sorted(voc.stopwords)))
        .list.first()
        .fill_null("")
        .alias("first_word"),
    )


_NORMALISED_FIELDS = [f.name for f in fields(NormalisedName)]
PARALLEL_MIN_NAMES = 40_000
"""From this many distinct names up, normalising is shared with worker processes (one per further CPU, at most 3):
below it, starting a process costs more than it saves."""


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _normalise_distinct(rows: list[tuple[str, bool]]) -> list[tuple[Any, ...]]:
    """:func:`xref.names.normalise_many`, in this process and (for many names) worker processes at once.

    The result is the same either way; if worker processes cannot be started, everything is done here.
    """
    helpers = min(_usable_cpus() - 1, 3)
    if len(rows) < PARALLEL_MIN_NAMES or helpers < 1:
        return normalise_many(rows)
    size = math.ceil(len(rows) / (helpers + 1))
    chunks = [rows[i : i + size] for i in range(0, len(rows), size)]
    try:
        pool = ProcessPoolExecutor(max_workers=len(chunks) - 1, mp_context=multiprocessing.get_context("spawn"))
    except (OSError, ValueError):
        return normalise_many(rows)
    with pool:
        try:
            futures = [pool.submit(normalise_many, chunk) for chunk in chunks[1:]]
        except (OSError, RuntimeError):
            return normalise_many(rows)
        mine = normalise_many(chunks[0])
        try:
            return [*mine, *(row for future in futures for row in future.result())]
        except (OSError, BrokenProcessPool):
            return [*mine, *normalise_many(rows[len(chunks[0]) :])]


def _optional(names: pl.DataFrame, column: str) -> pl.Series:
    if column in names.columns:
        return names[column].cast(pl.Utf8).str.strip_chars().replace("", None)
    return pl.Series(column, [None] * names.height, dtype=pl.Utf8)


def _empty_decisions() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "name_a": pl.Utf8,
            "name_b": pl.Utf8,
            "decision": pl.Utf8,
            "reviewer": pl.Utf8,
            "decided_at": pl.Utf8,
            "note": pl.Utf8,
            "override_row": pl.Int64,
        }
    )


RULE_BITS = {
    "compact": 8,
    "company_number": 16,
    "key": 1,
    "override": 64,
    "prefix": 4,
    "token": 2,
    "initials": 256,
    "typo": 128,
    "vat_number": 32,
}
"""The blocking rules, in name order, and the bit each sets in ``rule_bits`` (``sql/matching/candidates.sql``)."""
SCORE_CHUNK_PAIRS = 200_000
"""Candidate pairs scored at a time: bounds the memory the pairs' attributes and feature scores take."""


def corpus_words() -> pl.DataFrame:
    """Per word, how many UK organisation names hold it and whether that makes it common (:mod:`xref.words`).

    Place words count as common too: a place says where a name is, not which one it is.
    """
    names, df = word_frequencies()
    common = common_words()
    places = {w for place in vocabulary().places for w in place}
    words = sorted(set(df) | places)
    return pl.DataFrame(
        {
            "token": words,
            "corpus_df": [df.get(w, 0) for w in words],
            "is_common": [w in common or w in places for w in words],
        },
        schema={"token": pl.Utf8, "corpus_df": pl.Int64, "is_common": pl.Boolean},
    )


def _candidates(
    db: Database, table: pl.DataFrame, forced: pl.DataFrame, *, df_cap: int, settings: MatchSettings
) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Run the blocking SQL; returns candidate pairs (``name_a``, ``name_b`` as ``idx``) and blocking statistics."""
    db.create_table(
        "xref_match_names",
        table.select(
            pl.col("idx").alias("name_id"),
            "is_card",
            # a name that is one word and no legal form ("TUC") may be the initials of another name; with a legal
            # form or filler it is a company's own name ("TTS Group Ltd" is not Telent Technology Services Ltd)
            pl.when(pl.col("legal_form") == "").then(pl.col("key")).alias("acronym"),
            "compact",
            "company_number",
            "vat_number",
        ),
    )
    db.create_table(
        "xref_match_initials",
        table.filter(~pl.col("is_card"))
        .select(pl.col("idx").alias("name_id"), "initials")
        .explode("initials")
        .drop_nulls("initials"),
    )
    db.create_table(
        "xref_match_tokens",
        table.select(pl.col("idx").alias("name_id"), "is_card", pl.col("tokens").alias("token"))
        .explode("token")
        .unique(),
    )
    keys = table.select(pl.col("idx").alias("name_id"), "is_card", "key")
    alias_keys = (
        table.select(pl.col("idx").alias("name_id"), "is_card", pl.col("aliases").alias("key"))
        .explode("key")
        .drop_nulls("key")
    )
    db.create_table("xref_match_keys", pl.concat([keys, alias_keys]).unique())
    ids = table.select("name_id", "idx")
    db.create_table(
        "xref_match_forced",
        forced.select("name_a", "name_b")
        .join(ids.rename({"name_id": "name_a", "idx": "a"}), on="name_a")
        .join(ids.rename({"name_id": "name_b", "idx": "b"}), on="name_b")
        .select(pl.col("a").alias("name_a"), pl.col("b").alias("name_b")),
    )
    db.create_table("xref_match_corpus", corpus_words())
    params = {"df_cap": df_cap, "prefix_len": settings.prefix_len, "prefix_cap": settings.prefix_max_names}
    candidates = db.query(
        read_sql("matching/candidates.sql"),
        {**params, "distinctive_df": SUBSET_MAX_DF, "unusual_df": UNUSUAL_MAX_DF, "typo_min_len": MIN_TYPO},
    )
    blocks = db.query(read_sql("matching/blocking_stats.sql"), params)
    bits = candidates["rule_bits"]
    per_rule = {rule: int(((bits & bit) > 0).sum()) for rule, bit in RULE_BITS.items()}

    def listed(kind: str) -> list[dict[str, Any]]:
        return [
            {"block": b, "names": int(n)}
            for b, n in blocks.filter(pl.col("kind") == kind).select("block", "names").iter_rows()
        ]

    stats = {
        "candidate_pairs_by_rule": {rule: n for rule, n in per_rule.items() if n},
        "largest_token_blocks": listed("token_block"),
        "largest_key_blocks": listed("key_block"),
        "tokens_dropped_as_common": listed("dropped_token"),
        "prefix_max_names": settings.prefix_max_names,
        "prefixes_dropped_as_common": listed("dropped_prefix"),
    }
    return candidates, stats


def _rule_names(bits: pl.Expr) -> pl.Expr:
    """The names of the blocking rules set in ``rule_bits``, in name order."""
    return pl.concat_list(
        [
            pl.when((bits & bit) > 0).then(pl.lit(rule)).otherwise(pl.lit(None, dtype=pl.Utf8))
            for rule, bit in RULE_BITS.items()
        ]
    ).list.drop_nulls()


_ATTRS = [
    "source",
    "raw",
    "key",
    "norm",
    "words",
    "compact",
    "legal_form",
    "numbers",
    "repeated",
    "qualifiers",
    "is_card",
    "key_is_fallback",
    "company_number",
    "vat_number",
    "card_note",
    "norm_tokens",
    "distinct_tokens",
    "tokens",
    "cuts",
    "key_len",
    "first_word",
    "bracketed",
    "places",
    "bracket_places",
    "initials",
]
_SCORING_ONLY = [
    "norm",
    "words",
    "compact",
    "numbers",
    "repeated",
    "qualifiers",
    "is_card",
    "key_is_fallback",
    "norm_tokens",
    "distinct_tokens",
    "tokens",
    "cuts",
    "key_len",
    "first_word",
    "bracketed",
    "places",
    "bracket_places",
    "initials",
]
"""Attributes the scores and penalties use and nothing after them (dropped from the pairs kept, to save memory)."""


def _attach(candidates: pl.DataFrame, by_idx: pl.DataFrame) -> pl.DataFrame:
    """Both names' ids and attributes for each candidate pair (suffixes ``_a`` and ``_b``), gathered by ``idx``.

    ``by_idx`` is the name table sorted by ``idx``, so a name's row number is its ``idx``.
    """
    columns = ["name_id", *_ATTRS]
    sides = []
    for side in ("a", "b"):
        rows = candidates[f"name_{side}"]
        sides.append(
            by_idx.select(
                pl.col(c).gather(rows).alias(f"name_{side}" if c == "name_id" else f"{c}_{side}") for c in columns
            )
        )
    return pl.concat([candidates.drop("name_a", "name_b"), *sides], how="horizontal")


def _scored_pairs(
    candidates: pl.DataFrame,
    table: pl.DataFrame,
    forced: pl.DataFrame,
    settings: MatchSettings,
    step: Callable[[str], None] = lambda _: None,
) -> pl.DataFrame:
    """Attach, score and penalise the candidate pairs a chunk at a time, keeping only the pairs a later step uses.

    A pair is dropped when it scored below every threshold that matters (the review band, and the ambiguity margin
    under the auto band), has no identifier in common, is not a corporate-group relation and was not decided by a
    reviewer: it can be neither a link, nor a runner-up, nor a rival, nor a row of ``matches.csv``.
    """
    by_idx = table.sort("idx")
    floor = min(settings.review_min_score, settings.auto_min_score, settings.auto_min_score - settings.ambiguity_margin)
    decided = forced.select("name_a", "name_b", pl.lit(True).alias("_decided"))
    # the penalties are only worked out for pairs that pass these (a cheap superset of those kept)
    worth_scoring = (
        (pl.col("raw_score") >= floor)
        | pl.col("method").is_in(IDENTIFIER_METHODS)
        | pl.col("_decided").fill_null(False)
        | (_forms_conflict() & pl.col("shares_rare_token") & (pl.col("key_a") != pl.col("key_b")))
    )
    keep = (
        (pl.col("raw_score") >= floor)
        | pl.col("method").is_in(IDENTIFIER_METHODS)
        | pl.col("_decided").fill_null(False)
        | pl.col("is_group")
    )
    scoring_only = [f"{c}_{side}" for c in _SCORING_ONLY for side in ("a", "b")]
    parts: list[pl.DataFrame] = []
    chunks = range(0, max(candidates.height, 1), SCORE_CHUNK_PAIRS)
    for i, start in enumerate(chunks):
        step(f"scoring pairs {i + 1}/{len(chunks)} ({candidates.height:,} candidate pairs)")
        chunk = _with_method(_score(_attach(candidates.slice(start, SCORE_CHUNK_PAIRS), by_idx), settings))
        chunk = chunk.join(decided, on=["name_a", "name_b"], how="left").filter(worth_scoring)
        parts.append(_penalties(chunk, settings).filter(keep).drop("_decided", *scoring_only))
    return pl.concat(parts)


def _cpdist(a: list[str], b: list[str], scorer: Any) -> np.ndarray[Any, np.dtype[np.float64]]:
    if not a:
        return np.zeros(0, dtype=np.float64)
    result: np.ndarray[Any, np.dtype[np.float64]] = process.cpdist(a, b, scorer=scorer, workers=-1).astype(np.float64)
    return result


def _score(pairs: pl.DataFrame, settings: MatchSettings) -> pl.DataFrame:
    """Feature scores per candidate pair, vectorised with ``process.cpdist`` (no Python loop per pair)."""
    key_a, key_b = pairs["key_a"].to_list(), pairs["key_b"].to_list()
    s_key = _cpdist(key_a, key_b, fuzz.ratio)
    s_jw = _cpdist(key_a, key_b, JaroWinkler.normalized_similarity) * 100.0

    # token_set on the readable names only where a rare word is shared: its subset-gives-100 is otherwise noise.
    # The key words each side has that the other lacks, compared with each other: spellings of one word
    # ("nursey" / "nursery") or different words ("nudge" / "one"). Empty when one name's words are all in the other.
    leftovers = pairs.select(
        pl.col("tokens_a").list.set_difference("tokens_b").list.sort().list.join(" ").alias("a"),
        pl.col("tokens_b").list.set_difference("tokens_a").list.sort().list.join(" ").alias("b"),
    )
    both_left = ((leftovers["a"] != "") & (leftovers["b"] != "")).to_numpy()
    s_leftover = np.full(pairs.height, np.nan)
    s_leftover[both_left] = _cpdist(
        leftovers.filter(both_left)["a"].to_list(), leftovers.filter(both_left)["b"].to_list(), fuzz.ratio
    )
    # A word cut short by the export ("chamb" / "chambers", "interna" / "international") is a spelling of it.
    cut_word = leftovers.select(
        (pl.min_horizontal(pl.col("a").str.len_chars(), pl.col("b").str.len_chars()) >= MIN_CUT_WORD)
        & (pl.col("a").str.starts_with(pl.col("b")) | pl.col("b").str.starts_with(pl.col("a")))
    ).to_series()
    s_leftover = np.where(both_left & cut_word.to_numpy(), 100.0, s_leftover)
    # Every word that differs is a spelling of one on the other side ("comm bus assoc" / "community business
    # association", "threapy" / "therapy"): the names say the same thing, whatever the character ratio is.
    # in the order the names give them: an acronym's letters follow its words ("fc" / "football club"); filler
    # ("group", "holdings") need not pair with anything ("A P S Group" / "Allied Publicity Services")
    filler = pl.lit(sorted(vocabulary().group_words), dtype=pl.List(pl.Utf8))
    ordered = pairs.select(
        pl.col(f"norm_{x}")
        .str.split(" ")
        .list.set_intersection(pl.col(f"tokens_{x}").list.set_difference(f"tokens_{y}"))
        .alias(x)
        for x, y in (("a", "b"), ("b", "a"))
    )
    s_align, align_evidence, by_initials = _alignments(
        ordered.select(pl.col(x).list.join(" ") for x in ("a", "b")), both_left
    )
    unfilled = ordered.select(pl.col(x).list.set_difference(filler) for x in ("a", "b"))
    # only where filler was set aside (a few pairs): the rest would be tried again as they were
    dropped_filler = (unfilled["a"].list.len() < ordered["a"].list.len()) | (
        unfilled["b"].list.len() < ordered["b"].list.len()
    )
    retry = (
        np.isnan(s_align)
        & both_left
        & (dropped_filler & (unfilled["a"].list.len() > 0) & (unfilled["b"].list.len() > 0)).to_numpy()
    )
    if retry.any():
        again = _alignments(unfilled.select(pl.col(x).list.join(" ") for x in ("a", "b")), retry)
        s_align = np.where(retry, again[0], s_align)
        align_evidence = [e2 if r else e1 for e1, e2, r in zip(align_evidence, again[1], retry, strict=True)]
        by_initials = np.where(retry, again[2], by_initials)
    brackets_differ = _brackets_differ(pairs)
    place_conflict, place_one_side = _place_evidence(pairs)
    aligned = ~np.isnan(s_align)
    different_words = both_left & ~aligned & (np.nan_to_num(s_leftover, nan=100.0) < LEFTOVER_MIN_RATIO)

    # token_set on the readable names only where a rare word is shared and the words that differ are not different
    # words: its subset-gives-100 is otherwise noise ("Nudge Education" / "One Education" scores 89). When one
    # name's words are all in the other, the shared words must include one that very few names hold: "Radiate" in
    # "Radiate Plumbing & Heating", not "Foundation" in "Foundation 92" and "Cora Foundation".
    subset = ((leftovers["a"] == "") | (leftovers["b"] == "")).to_numpy()
    distinctive = (pairs["min_shared_df"].fill_null(SUBSET_MAX_DF + 1) <= SUBSET_MAX_DF).to_numpy()
    use_set = pairs["shares_rare_token"].to_numpy() & ~different_words & (~subset | distinctive)
    s_set = np.full(pairs.height, np.nan)
    s_set[use_set] = _cpdist(
        pairs.filter(use_set)["words_a"].to_list(), pairs.filter(use_set)["words_b"].to_list(), fuzz.token_set_ratio
    )

    # Prefix ratio for card strings: the shorter compact against the same length of the longer one.
    short_a = pl.col("compact_a").str.len_chars() <= pl.col("compact_b").str.len_chars()
    prefix_frame = pairs.select(
        pl.when(short_a).then(pl.col("compact_a")).otherwise(pl.col("compact_b")).alias("short"),
        pl.when(short_a).then(pl.col("compact_b")).otherwise(pl.col("compact_a")).alias("long"),
        pl.when(short_a).then(pl.col("cuts_b")).otherwise(pl.col("cuts_a")).alias("long_cuts"),
        (
            (pl.col("is_card_a") | pl.col("is_card_b"))
            & (
                pl.min_horizontal(pl.col("compact_a").str.len_chars(), pl.col("compact_b").str.len_chars())
                >= MIN_PREFIX_CHARS
            )
        ).alias("prefix_ok"),
    ).with_columns(pl.col("long").str.slice(0, pl.col("short").str.len_chars()).alias("long_head"))
    prefix_ok = prefix_frame["prefix_ok"].to_numpy()
    s_prefix = np.full(pairs.height, np.nan)
    chosen = prefix_frame.filter(pl.col("prefix_ok"))
    s_prefix[prefix_ok] = _cpdist(chosen["short"].to_list(), chosen["long_head"].to_list(), fuzz.ratio)

    denominator = (pairs["idf_a"] + pairs["idf_b"] - pairs["shared_idf"]).to_numpy()
    s_idf = np.where(denominator > 0, 100.0 * pairs["shared_idf"].to_numpy() / np.maximum(denominator, 1e-9), 0.0)
    idf_jw = (s_idf + s_jw) / 2.0

    # First maximum wins, so ties go to the plainest explanation.
    # The core words run together ("GatenbySanderson" / "Gatenby Sanderson"): the same letters in the same order.
    # Only where each name has words the other lacks (spacing differs); otherwise it just measures length overlap.
    s_compact = np.full(pairs.height, np.nan)
    s_compact[both_left] = _cpdist(
        pairs.filter(both_left)["compact_a"].to_list(), pairs.filter(both_left)["compact_b"].to_list(), fuzz.ratio
    )

    stacked = np.vstack(
        [
            s_key,
            np.nan_to_num(s_prefix, nan=-1),
            np.nan_to_num(s_set, nan=-1),
            idf_jw,
            np.nan_to_num(s_compact, nan=-1),
            np.nan_to_num(s_align, nan=-1),
        ]
    )
    methods = np.array(["key_ratio", "prefix", "token_set", "idf_jw", "compact", "aligned_words"])
    best = stacked.argmax(axis=0)
    fuzzy = stacked.max(axis=0) if pairs.height else np.zeros(0)
    return pairs.with_columns(
        pl.Series("s_key", s_key),
        pl.Series("s_jw", s_jw),
        pl.Series("s_idf", s_idf),
        pl.Series("s_set", s_set).fill_nan(None),
        pl.Series("s_leftover", s_leftover).fill_nan(None),
        pl.Series("s_compact", s_compact).fill_nan(None),
        pl.Series("different_words", different_words, dtype=pl.Boolean),
        pl.Series("s_align", s_align).fill_nan(None),
        pl.Series("brackets_differ", brackets_differ, dtype=pl.Boolean),
        place_conflict,
        place_one_side,
        pl.Series("align_evidence", align_evidence, dtype=pl.Utf8),
        pl.Series("by_initials", by_initials, dtype=pl.Boolean),
        leftovers["a"].alias("leftover_a"),
        leftovers["b"].alias("leftover_b"),
        pl.Series("s_prefix", s_prefix).fill_nan(None),
        pl.Series("fuzzy_score", fuzzy, dtype=pl.Float64),
        pl.Series("fuzzy_method", methods[best] if pairs.height else [], dtype=pl.Utf8),
        prefix_frame.select(
            (
                pl.col("long_cuts").list.contains(pl.col("short").str.len_chars().cast(pl.Int64))
                & (pl.col("short").str.len_chars() < pl.col("long").str.len_chars())
            ).alias("prefix_whole_words")
        ).to_series(),
    )


MAX_ALIGNED_WORDS = 4
"""Word alignment is tried when each name lacks at most this many of the other's words (more is another name)."""


def _alignments(
    leftovers: pl.DataFrame, both_left: np.ndarray[Any, np.dtype[np.bool_]]
) -> tuple[np.ndarray[Any, np.dtype[np.float64]], list[str | None], np.ndarray[Any, np.dtype[np.bool_]]]:
    """:func:`xref.words.align_words` of each pair's leftover words, in name order.

    Returns each pair's score (NaN: not aligned), evidence, and whether a word was read as the initials of the other
    side's words.

    Worked out once per distinct pair of leftovers (few, even when the pairs are many).
    """

    def initials(side: str) -> pl.Expr:
        return pl.col(side).str.split(" ").list.eval(pl.element().str.slice(0, 1)).list.unique().list.sort()

    def acronym(one: str, many: str) -> pl.Expr:
        # one word, no more letters than the other side has words (an acronym may leave out "of", "for")
        letters = pl.col(one).str.len_chars()
        return (
            ~pl.col(one).str.contains(" ")
            & letters.is_between(MIN_INITIALS, MAX_INITIALS)
            & (letters <= pl.col(many).str.count_matches(" ") + 1)
            & (pl.col(one).str.slice(0, 1) == pl.col(many).str.slice(0, 1))
        )

    scores = np.full(leftovers.height, np.nan)
    evidence: list[str | None] = [None] * leftovers.height
    by_initials = np.zeros(leftovers.height, dtype=bool)
    if not both_left.any():
        return scores, evidence, by_initials
    # every spelling keeps the word's first letter, so the two sides' first letters must be the same set, or one
    # side is one word with a letter per word of the other (an acronym): a cheap test, on each distinct pair of
    # leftovers once, that leaves few for the Python alignment
    distinct = (
        leftovers.filter(both_left)
        .unique()
        .filter(
            (
                (pl.col("a").str.count_matches(" ") < MAX_ALIGNED_WORDS)
                & (pl.col("b").str.count_matches(" ") < MAX_ALIGNED_WORDS)
                & (initials("a").list.join("") == initials("b").list.join(""))
            )
            | acronym("a", "b")
            | acronym("b", "a")
        )
    )
    found = [(a, b, align_words(a, b)) for a, b in distinct.iter_rows()]
    aligned = [(a, b, x.score, "; ".join(x.evidence), x.initials) for a, b, x in found if x is not None]
    if not aligned:
        return scores, evidence, by_initials
    table = pl.DataFrame(
        aligned,
        schema={"a": pl.Utf8, "b": pl.Utf8, "score": pl.Float64, "evidence": pl.Utf8, "initials": pl.Boolean},
        orient="row",
    )
    joined = leftovers.with_columns(pl.Series("_tried", both_left)).join(
        table, on=["a", "b"], how="left", maintain_order="left"
    )
    hit = (joined["_tried"] & joined["score"].is_not_null()).to_numpy()
    scores[hit] = joined["score"].to_numpy()[hit]
    evidence = joined.select(pl.when(pl.Series(hit)).then(pl.col("evidence")).otherwise(None)).to_series().to_list()
    by_initials = hit & joined["initials"].fill_null(False).to_numpy()
    return scores, evidence, by_initials


def _place_words(places: list[str]) -> set[str]:
    return {w for p in places for w in p.split()}


@lru_cache(maxsize=100_000)
def _compare_places(
    a: tuple[str, ...], b: tuple[str, ...], brackets_a: tuple[str, ...], brackets_b: tuple[str, ...]
) -> tuple[str | None, str | None]:
    """(places that conflict, a place only one name gives) for two names' places, as text for the explanation.

    A place is *uncovered* when the other name does not hold all its words among its own places (``devon`` is
    covered by ``devon and cornwall``). Both names with an uncovered place name two places: different
    organisations (``Kent`` / ``Surrey Wildlife Trust``). Only one with a place outside brackets: the other may be
    anywhere (``Wildlife Trust`` / ``Devon Wildlife Trust``). A branch in brackets is not such evidence.
    """
    all_a, all_b = [*a, *brackets_a], [*b, *brackets_b]
    words_a, words_b = _place_words(all_a), _place_words(all_b)
    open_a = [p for p in all_a if not set(p.split()) <= words_b]
    open_b = [p for p in all_b if not set(p.split()) <= words_a]
    # two branches in brackets ("(Exeter)" / "(Paignton)") are told apart by the brackets check, not rejected here
    if open_a and open_b and any(p in a for p in open_a) | any(p in b for p in open_b):
        return f"'{', '.join(open_a)}' vs '{', '.join(open_b)}'", None
    if open_a and open_b:
        return None, None
    one_side = [p for p in (open_a or open_b) if p in a or p in b]
    return None, (", ".join(one_side) if one_side else None)


def _place_evidence(pairs: pl.DataFrame) -> tuple[pl.Series, pl.Series]:
    """:func:`_compare_places` for each pair, joined back from each distinct combination of places.

    The combinations are few even when the pairs are millions.
    """
    columns = ["places_a", "places_b", "bracket_places_a", "bracket_places_b"]
    keys = pairs.select(pl.col(c).list.join(";").alias(c) for c in columns)
    has = keys.select(pl.any_horizontal(pl.col(c) != "" for c in columns)).to_series()
    distinct = keys.filter(has).unique()
    found = [_compare_places(*(tuple(v.split(";")) if v else () for v in row)) for row in distinct.iter_rows()]
    table = distinct.with_columns(
        pl.Series("place_conflict", [c for c, _ in found], dtype=pl.Utf8),
        pl.Series("place_one_side", [o for _, o in found], dtype=pl.Utf8),
    )
    joined = keys.join(table, on=columns, how="left", maintain_order="left")
    return joined["place_conflict"], joined["place_one_side"]


def _brackets_differ(pairs: pl.DataFrame) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Both names add words in brackets, and what one adds is not a spelling of what the other adds.

    ``Pinehurst (Dawlish)`` / ``Pinehurst (Ilfracombe)`` differ; ``Cobwebs (South West)`` / ``Cobwebs (SW)`` and
    ``Access Communication Services (Educ)`` / ``(Education)`` do not.
    """
    both = pairs.select(
        (pl.col("bracketed_a") != "") & (pl.col("bracketed_b") != "") & (pl.col("bracketed_a") != pl.col("bracketed_b"))
    ).to_series()
    out = both.to_numpy().copy()
    if not out.any():
        return out
    sides = pairs.filter(both).select(
        pl.col("bracketed_a").str.split(" ").alias("a"), pl.col("bracketed_b").str.split(" ").alias("b")
    )
    left = sides.select(
        pl.col("a").list.set_difference("b").list.sort().list.join(" ").alias("a"),
        pl.col("b").list.set_difference("a").list.sort().list.join(" ").alias("b"),
    )
    spelt = [
        (a == "" or b == "") or align_words(a, b) is not None for a, b in left.iter_rows()
    ]  # one side's words all in the other's, or spellings of them
    out[np.flatnonzero(out)] = ~np.array(spelt, dtype=bool)
    return out


def _with_method(scored: pl.DataFrame) -> pl.DataFrame:
    """What decides each pair (an identifier, an equal key or alias, else the best feature) and its raw score."""
    same_company = pl.col("company_number_a").is_not_null() & (pl.col("company_number_a") == pl.col("company_number_b"))
    same_vat = pl.col("vat_number_a").is_not_null() & (pl.col("vat_number_a") == pl.col("vat_number_b"))
    diff_company = (
        pl.col("company_number_a").is_not_null()
        & pl.col("company_number_b").is_not_null()
        & (pl.col("company_number_a") != pl.col("company_number_b"))
    )
    diff_vat = (
        pl.col("vat_number_a").is_not_null()
        & pl.col("vat_number_b").is_not_null()
        & (pl.col("vat_number_a") != pl.col("vat_number_b"))
    )
    equal_key = pl.col("key_a") == pl.col("key_b")
    alias = ~equal_key & pl.col("matched_key").is_not_null()
    method = (
        pl.when(same_company)
        .then(pl.lit("company_number"))
        .when(same_vat)
        .then(pl.lit("vat_number"))
        .when(equal_key)
        .then(pl.lit("equal_key"))
        .when(alias)
        .then(pl.lit("alias"))
        .otherwise(pl.col("fuzzy_method"))
    )
    out = scored.with_columns(
        method.alias("method"),
        pl.when(same_company | same_vat | equal_key | alias)
        .then(pl.lit(100.0))
        .otherwise(pl.col("fuzzy_score"))
        .alias("raw_score"),
        diff_company.alias("diff_company"),
        diff_vat.alias("diff_vat"),
    )
    return out


def _forms_conflict() -> pl.Expr:
    """Both names have a legal form and they differ (``co`` does not count)."""
    return (
        (pl.col("legal_form_a") != "")
        & (pl.col("legal_form_b") != "")
        & (pl.col("legal_form_a") != pl.col("legal_form_b"))
        & ~pl.col("legal_form_a").is_in(["co"])
        & ~pl.col("legal_form_b").is_in(["co"])
    )


def _penalties(out: pl.DataFrame, settings: MatchSettings) -> pl.DataFrame:
    """Score after penalties, the reasons to reject or hold back from auto, and the group relation."""
    equal_key = pl.col("key_a") == pl.col("key_b")
    identified = pl.col("method").is_in(IDENTIFIER_METHODS)
    numbers_differ = (
        ~identified
        & (pl.col("numbers_a") != "")
        & (pl.col("numbers_b") != "")
        & (pl.col("numbers_a") != pl.col("numbers_b"))
    )
    number_one_side = ~identified & ((pl.col("numbers_a") == "") != (pl.col("numbers_b") == ""))
    repeats_differ = equal_key & (pl.col("repeated_a") != pl.col("repeated_b"))
    fuzzy_methods = ["key_ratio", "token_set", "idf_jw", "compact", "aligned_words"]
    different_leftovers = pl.col("method").is_in(fuzzy_methods) & pl.col("different_words")
    qualifiers_a, qualifiers_b = pl.col("qualifiers_a"), pl.col("qualifiers_b")
    qualifier_conflict = (qualifiers_a.list.len() > 0) & (qualifiers_b.list.len() > 0) & (qualifiers_a != qualifiers_b)
    exact = pl.col("method").is_in(["equal_key", "alias", *IDENTIFIER_METHODS])
    # "TUC" / "Trades Union Congress": every letter of the acronym is checked against a word, so a short key is
    # exact, and a place among the words it stands for ("LNER": London) is in the acronym too
    initials = (pl.col("method") == "aligned_words") & pl.col("by_initials")
    # "ADS" / "ADS Group": the same words once filler is set aside, so nothing fuzzy about a short key
    same_core = (pl.col("distinct_tokens_a").list.len() > 0) & (
        pl.col("distinct_tokens_a") == pl.col("distinct_tokens_b")
    )
    short_key = ~exact & ~initials & ~same_core & (pl.min_horizontal("key_len_a", "key_len_b") < settings.min_key_len)
    voc = vocabulary()
    extras = pl.concat_list(
        pl.col("tokens_a").list.set_difference(pl.col("tokens_b")),
        pl.col("tokens_b").list.set_difference(pl.col("tokens_a")),
    )
    # One name is the other plus words. That is the same supplier when the words added are filler around the same
    # core ("Capita" / "Capita Group", "Savills" / "Savills UK"), or when the shorter name already says which
    # organisation it is with two words that few UK organisation names hold ("Konica Minolta Business" / "Konica
    # Minolta Business Solutions UK"), or with one word almost no UK organisation name holds ("Radiate" / "Radiate
    # Plumbing & Heating", "Allwyn" / "Allwyn Entertainment"), and the longer one adds no qualifier ("North"). An
    # everyday word is not enough: "Thrive" / "Thrive Law", "Capital" / "Capital Counsel" are other firms.
    filler_only = extras.list.set_difference(pl.lit(sorted(voc.group_words), dtype=pl.List(pl.Utf8))).list.len() == 0
    adds_qualifier = extras.list.set_intersection(pl.lit(sorted(voc.qualifiers), dtype=pl.List(pl.Utf8))).list.len() > 0
    subset_supported = (filler_only & (pl.col("shared_distinctive") >= 1)) | (
        (
            (pl.col("shared_distinctive") >= SUBSET_MIN_DISTINCTIVE)
            # the unusual word leads both names, with descriptors after it ("Stags" / "Stags Estate Agents"), not a
            # first name or another word before it ("Pascoe" / "Sarah Pascoe", "Tiney" / "Pinecone Tiney Nursery")
            | ((pl.col("shared_unusual") >= 1) & (pl.col("first_word_a") == pl.col("first_word_b")))
        )
        & ~adds_qualifier
    )
    subset = (
        (pl.col("method") == "token_set")
        & (
            (pl.col("norm_tokens_a").list.set_difference(pl.col("norm_tokens_b")).list.len() == 0)
            | (pl.col("norm_tokens_b").list.set_difference(pl.col("norm_tokens_a")).list.len() == 0)
        )
        & ~subset_supported
    )
    whole_word_prefix = (pl.col("method") == "prefix") & pl.col("prefix_whole_words")
    brackets_differ = ~identified & pl.col("brackets_differ")
    fallback = ~identified & (pl.col("key_is_fallback_a") | pl.col("key_is_fallback_b"))
    forms_conflict = _forms_conflict()
    distinct_a, distinct_b = pl.col("distinct_tokens_a"), pl.col("distinct_tokens_b")
    group = (
        ~identified
        & forms_conflict
        & ~equal_key
        & pl.col("shares_rare_token")
        & (distinct_a.list.len() > 0)
        & (distinct_b.list.len() > 0)
        & (
            (distinct_a.list.set_difference(distinct_b).list.len() == 0)
            | (distinct_b.list.set_difference(distinct_a).list.len() == 0)
        )
    )
    out = out.with_columns(
        pl.when(numbers_differ)
        .then(pl.col("raw_score") * NUMBERS_DIFFER_FACTOR)
        .otherwise(pl.col("raw_score"))
        .alias("score"),
        pl.concat_list(
            pl.when(short_key).then(pl.lit(f"key shorter than {settings.min_key_len} characters must match exactly")),
            # "North West Cleaning" and "North East Cleaning" name themselves apart: two firms, not two spellings.
            # "Kent Wildlife Trust" / "Surrey Wildlife Trust": each name says where it is, and the places differ.
            pl.when(pl.col("place_conflict").is_not_null() & ~identified).then(
                pl.format("different places ({}) name different organisations", "place_conflict")
            ),
            pl.when(qualifier_conflict & ~identified).then(
                pl.format(
                    "conflicting qualifiers ({} vs {}) name different businesses",
                    qualifiers_a.list.set_difference(qualifiers_b).list.join(" "),
                    qualifiers_b.list.set_difference(qualifiers_a).list.join(" "),
                )
            ),
        )
        .list.drop_nulls()
        .alias("reject_reasons"),
        pl.concat_list(
            pl.when(numbers_differ).then(
                pl.format(
                    "numbers differ ({} vs {}): score ×{}", "numbers_a", "numbers_b", pl.lit(NUMBERS_DIFFER_FACTOR)
                )
            ),
            pl.when(number_one_side).then(
                pl.format("a number on one side only ({})", pl.concat_str("numbers_a", "numbers_b"))
            ),
            pl.when(repeats_differ).then(pl.lit("the same words, but repeated differently")),
            pl.when(different_leftovers).then(
                pl.format(
                    "the words that differ ('{}' vs '{}') are not spellings of each other",
                    "leftover_a",
                    "leftover_b",
                )
            ),
            pl.when(~pl.col("method").is_in(IDENTIFIER_METHODS) & pl.col("diff_company")).then(
                pl.format("different company numbers ({} vs {})", "company_number_a", "company_number_b")
            ),
            pl.when(~pl.col("method").is_in(IDENTIFIER_METHODS) & pl.col("diff_vat")).then(
                pl.format("different VAT numbers ({} vs {})", "vat_number_a", "vat_number_b")
            ),
            pl.when(subset).then(pl.lit("every word of one name is in the other, which has more")),
            pl.when(pl.col("place_one_side").is_not_null() & ~identified & ~initials).then(
                pl.format("only one name says where it is ('{}')", "place_one_side")
            ),
            # "Exeter Learning Academy (Bow)" / "(Ide)": what each name adds in brackets tells the two apart.
            pl.when(brackets_differ).then(
                pl.format("each name adds something different in brackets ('{}' vs '{}')", "bracketed_a", "bracketed_b")
            ),
            pl.when(whole_word_prefix).then(pl.lit("the card name is whole words from a longer name")),
            pl.when(fallback).then(pl.lit("a name has no distinctive words")),
        )
        .list.drop_nulls()
        .alias("no_auto_reasons"),
        group.alias("is_group"),
        # each reason against as evidence the probability weighs (xref/calibration.py)
        (numbers_differ | number_one_side).alias("against_numbers"),
        repeats_differ.alias("against_repeats"),
        different_leftovers.alias("against_different_words"),
        subset.alias("against_subset"),
        (pl.col("place_one_side").is_not_null() & ~identified & ~initials).alias("against_place"),
        brackets_differ.alias("against_brackets"),
        (
            (~identified & (pl.col("diff_company") | pl.col("diff_vat"))) | whole_word_prefix | fallback | short_key
        ).alias("against_other"),
        pl.when(group)
        .then(distinct_a.list.set_intersection(distinct_b).list.sort().list.join(" "))
        .alias("group_shared"),
    )
    return out


def _decide(scored: pl.DataFrame, forced: pl.DataFrame, settings: MatchSettings) -> pl.DataFrame:
    """Ambiguity, band and relation for every scored pair; reviewer decisions last, so they win."""
    out = _ambiguity(scored, settings).with_columns(probability())
    band = (
        pl.when(pl.col("reject_reasons").list.len() > 0)
        .then(pl.lit("reject"))
        .when(pl.col("is_group"))
        .then(pl.lit("review"))
        .when(
            (
                ((pl.col("score") >= settings.auto_min_score) & (pl.col("no_auto_reasons").list.len() == 0))
                # the evidence for outweighs the reasons against: on the labelled names the model was fitted on,
                # pairs this likely are one organisation four times in five (xref/calibration.py)
                | ((pl.col("probability") >= AUTO_MIN_PROBABILITY) & outweighed())
            )
            & pl.col("ambiguous_with").is_null()
        )
        .then(pl.lit("auto"))
        .when(pl.col("score") >= settings.review_min_score)
        .then(pl.lit("review"))
        .otherwise(pl.lit("reject"))
    )
    out = out.with_columns(band.alias("band")).with_columns(
        pl.when(pl.col("is_group"))
        .then(pl.lit("group"))
        .when(pl.col("band") == "reject")
        .then(pl.lit("not_same"))
        .otherwise(pl.lit("same"))
        .alias("relation")
    )
    out = out.join(forced, on=["name_a", "name_b"], how="left").with_columns(
        pl.col("method").alias("scored_method"),
    )
    same = pl.col("decision") == "same"
    not_same = pl.col("decision") == "not_same"
    return out.with_columns(
        pl.when(same)
        .then(pl.lit("override"))
        .when(not_same)
        .then(pl.lit("override"))
        .otherwise(pl.col("method"))
        .alias("method"),
        pl.when(same)
        .then(pl.lit("auto"))
        .when(not_same)
        .then(pl.lit("reject"))
        .otherwise(pl.col("band"))
        .alias("band"),
        pl.when(same)
        .then(pl.lit("same"))
        .when(not_same)
        .then(pl.lit("not_same"))
        .otherwise(pl.col("relation"))
        .alias("relation"),
    )


def _ambiguity(scored: pl.DataFrame, settings: MatchSettings) -> pl.DataFrame:
    """Mark fuzzy pairs that would auto-link while another, different name scores within the ambiguity margin.

    Alternatives that share a key with either name, or that themselves link strongly to the matched name, are the
    same supplier spelt another way and do not count. Of each name's alternatives, the best spelling of each other
    key is considered, and of those the :data:`AMBIGUITY_ALTERNATIVES` best.
    """
    fuzzy_auto = (
        ~pl.col("method").is_in(["equal_key", "alias", *IDENTIFIER_METHODS])
        & (pl.col("score") >= settings.auto_min_score)
        & (pl.col("no_auto_reasons").list.len() == 0)
        & (pl.col("reject_reasons").list.len() == 0)
        & ~pl.col("is_group")
    )
    strong = (pl.col("score") >= settings.auto_min_score) & (pl.col("reject_reasons").list.len() == 0)
    # a rival is a name that could itself be linked: one with a reason against ("Global" is every word of "The
    # Coalition for Global Prosperity", which has more) does not make a good match ambiguous
    contender = (pl.col("reject_reasons").list.len() == 0) & (pl.col("no_auto_reasons").list.len() == 0)
    base = scored.select(
        "name_a",
        "name_b",
        "key_a",
        "key_b",
        "raw_a",
        "raw_b",
        "score",
        fuzzy_auto.alias("focus"),
        strong.alias("strong"),
        contender.alias("contender"),
    )
    directed = pl.concat(
        [
            base.select(
                pl.col("name_a").alias("x"),
                pl.col("name_b").alias("y"),
                pl.col("key_a").alias("key_x"),
                pl.col("key_b").alias("key_y"),
                pl.col("raw_b").alias("raw_y"),
                "score",
                "focus",
                "strong",
                "contender",
            ),
            base.select(
                pl.col("name_b").alias("x"),
                pl.col("name_a").alias("y"),
                pl.col("key_b").alias("key_x"),
                pl.col("key_a").alias("key_y"),
                pl.col("raw_a").alias("raw_y"),
                "score",
                "focus",
                "strong",
                "contender",
            ),
        ]
    )
    focus = directed.filter("focus").select("x", "y", "key_x", "key_y", "score")
    # Each name's best-scoring spelling per other key, and only its AMBIGUITY_ALTERNATIVES best keys: a rival is the
    # best of these, and without the cap a name close to thousands of others (a marketplace's card strings) would
    # join every one of its matches with every one of its alternatives.
    alternatives = (
        directed.filter((pl.col("score") >= settings.auto_min_score - settings.ambiguity_margin) & pl.col("contender"))
        .select(
            "x",
            pl.col("y").alias("z"),
            pl.col("key_y").alias("key_z"),
            pl.col("raw_y").alias("raw_z"),
            pl.col("score").alias("score_z"),
        )
        .sort(["x", "score_z", "z"], descending=[False, True, False])
        .unique(["x", "key_z"], keep="first", maintain_order=True)
        .group_by("x", maintain_order=True)
        .head(AMBIGUITY_ALTERNATIVES)
    )
    same_supplier = directed.filter("strong").select(pl.col("x").alias("y"), pl.col("y").alias("z"))
    rivals = (
        focus.join(alternatives, on="x")
        .filter(
            (pl.col("z") != pl.col("y"))
            & (pl.col("key_z") != pl.col("key_y"))
            & (pl.col("key_z") != pl.col("key_x"))
            & (pl.col("score_z") >= pl.col("score") - settings.ambiguity_margin)
        )
        .join(same_supplier, on=["y", "z"], how="anti")
        .sort("score_z", "z", descending=[True, False])
        .group_by("x", "y", maintain_order=True)
        .first()
        .select(
            pl.min_horizontal("x", "y").alias("name_a"),
            pl.max_horizontal("x", "y").alias("name_b"),
            pl.format("'{}' scores {}", "raw_z", pl.col("score_z").round(1)).alias("ambiguous_with"),
        )
        .unique(["name_a", "name_b"], keep="first", maintain_order=True)
    )
    return scored.join(rivals, on=["name_a", "name_b"], how="left")


def _cluster(
    table: pl.DataFrame, scored: pl.DataFrame, settings: MatchSettings
) -> tuple[pl.DataFrame, list[tuple[int, int, float]], list[dict[str, Any]]]:
    """Union-find over auto ``same`` links, strongest first, refusing any merge that would join a ``not_same`` pair.

    Returns:
        ``name_id → supplier_id``, the spanning-tree edges used (node index pairs with their score) and the refused
        merges.
    """
    ids = table["name_id"].to_list()
    index = {name_id: i for i, name_id in enumerate(ids)}
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    priority = {"override": 0, "company_number": 1, "vat_number": 1, "equal_key": 2, "alias": 2}
    edges = (
        scored.filter((pl.col("band") == "auto") & (pl.col("relation") == "same"))
        .with_columns(pl.col("method").replace_strict(priority, default=3, return_dtype=pl.Int64).alias("_priority"))
        .sort(["_priority", "score", "name_a", "name_b"], descending=[False, True, False, False])
        .select("name_a", "name_b", "score")
    )
    cannot: dict[int, set[int]] = {}
    for a, b in scored.filter(pl.col("decision") == "not_same").select("name_a", "name_b").iter_rows():
        cannot.setdefault(index[a], set()).add(index[b])
        cannot.setdefault(index[b], set()).add(index[a])
    # cannot-link partners per root, kept as node indices and resolved to roots when checked
    forbidden: dict[int, set[int]] = {i: set(p) for i, p in cannot.items()}
    tree: list[tuple[int, int, float]] = []
    conflicts: list[dict[str, Any]] = []
    for a, b, score in edges.iter_rows():
        ia, ib = index[a], index[b]
        ra, rb = find(ia), find(ib)
        if ra == rb:
            continue
        fa, fb = forbidden.get(ra, set()), forbidden.get(rb, set())
        if any(find(n) == rb for n in fa) or any(find(n) == ra for n in fb):
            conflicts.append({"name_a": a, "name_b": b, "score": round(float(score), 1), "reason": "not_same override"})
            continue
        parent[rb] = ra
        if fb:
            forbidden[ra] = fa | fb
            forbidden.pop(rb, None)
        tree.append((ia, ib, float(score)))
    roots = [find(i) for i in range(len(ids))]
    clusters = pl.DataFrame(
        {"name_id": ids, "root": roots, "key": table["key"], "raw": table["raw"]},
        schema={"name_id": pl.Utf8, "root": pl.Int64, "key": pl.Utf8, "raw": pl.Utf8},  # typed even with no names
    )
    per_root = clusters.group_by("root").agg(pl.col("key").min().alias("min_key"), pl.col("raw").min().alias("min_raw"))
    collided = per_root.filter(pl.col("min_key").is_duplicated())
    basis = per_root.with_columns(
        pl.when(pl.col("root").is_in(collided["root"].implode()))
        .then(pl.concat_str("min_key", pl.lit("\x1f"), "min_raw"))
        .otherwise(pl.col("min_key"))
        .alias("basis")
    ).with_columns(
        pl.col("basis")
        .map_elements(lambda s: "S" + hashlib.sha1(s.encode()).hexdigest()[:10], return_dtype=pl.Utf8)
        .alias("supplier_id")
    )
    supplier_ids = clusters.join(basis.select("root", "supplier_id"), on="root").select("name_id", "supplier_id")
    return supplier_ids, tree, conflicts


def _describe(side: str) -> pl.Expr:
    return pl.format("'{}'{}", f"raw_{side}", f"card_note_{side}")


def _explanations(frame: pl.DataFrame, settings: MatchSettings) -> pl.Expr:
    """One plain-English line per pair, built with column expressions (not a Python loop)."""
    a, b = _describe("a"), _describe("b")
    method_words = pl.col("scored_method").replace_strict(_METHOD_WORDS, default=pl.col("scored_method"))
    score = pl.col("score").round(1).cast(pl.Utf8)
    ambiguous = pl.when(pl.col("ambiguous_with").is_not_null()).then(pl.format("ambiguous: {}", "ambiguous_with"))
    review_reasons = pl.concat_list(
        pl.when(pl.col("score") < settings.auto_min_score).then(pl.lit(f"below {settings.auto_min_score:g}")),
        pl.col("no_auto_reasons"),
        ambiguous,
    ).list.drop_nulls()
    reject_reasons = pl.concat_list(
        pl.col("reject_reasons"),
        pl.when(pl.col("score") < settings.review_min_score).then(pl.lit(f"below {settings.review_min_score:g}")),
        pl.col("no_auto_reasons"),
    ).list.drop_nulls()
    chance = pl.format("probability {} they are one organisation", pl.col("probability").round(2))
    band_note = (
        pl.when(pl.col("band") == "reject")
        .then(pl.format(" (rejected: {})", reject_reasons.list.join("; ")))
        .when(pl.col("band") == "review")
        .then(pl.format(" (review band: {}; {})", review_reasons.list.join("; "), chance))
        .when(review_reasons.list.len() > 0)
        # linked by the calibrated probability over the rules' reasons (xref/calibration.py)
        .then(pl.format(" (auto band: {}, which outweighs: {})", chance, review_reasons.list.join("; ")))
        .otherwise(pl.format(" (auto band; {})", chance))
    )
    scored_line = pl.concat_str(
        pl.format("{} vs {}: {} on {}", a, b, score, method_words),
        pl.when((pl.col("scored_method") == "aligned_words") & pl.col("align_evidence").is_not_null())
        .then(pl.format(" ({})", "align_evidence"))
        .otherwise(pl.lit("")),
        # the evidence for: the rarest words both names hold (rarest first)
        pl.when(pl.col("shared_tokens").list.len() > 0)
        .then(pl.format("; both hold '{}'", pl.col("shared_tokens").list.head(3).list.join("', '")))
        .otherwise(pl.lit("")),
    )
    exact_line = (
        pl.when(pl.col("scored_method") == "equal_key")
        .then(pl.format("{} and {} have the same normalised name '{}'", a, b, "key_a"))
        .when(pl.col("scored_method") == "alias")
        .then(
            pl.format(
                "{} and {} share the name '{}' (one of them also goes by it: a trading-as or former name, the name "
                "outside its brackets, or its initials)",
                a,
                b,
                "matched_key",
            )
        )
        .when(pl.col("scored_method") == "company_number")
        .then(pl.format("{} and {} have the same company number {}", a, b, "company_number_a"))
        .otherwise(pl.format("{} and {} have the same VAT number {}", a, b, "vat_number_a"))
    )
    exact = pl.col("scored_method").is_in(["equal_key", "alias", *IDENTIFIER_METHODS])
    base = (
        pl.when(exact & (pl.col("band") == "auto") & (review_reasons.list.len() == 0))
        .then(exact_line)
        .when(exact)
        .then(pl.concat_str(exact_line, pl.format(", scored {}", score), band_note))
        .otherwise(pl.concat_str(scored_line, band_note))
    )
    group_line = pl.format(
        "{} ({}) and {} ({}) share '{}' but have different legal forms: probably the same corporate group, "
        "not the same company ({} on {})",
        a,
        "legal_form_a",
        b,
        "legal_form_b",
        "group_shared",
        score,
        method_words,
    )
    who = pl.concat_str(
        pl.when(pl.col("reviewer").is_not_null()).then(pl.format(" by {}", "reviewer")).otherwise(pl.lit("")),
        pl.when(pl.col("decided_at").is_not_null()).then(pl.format(" on {}", "decided_at")).otherwise(pl.lit("")),
        pl.when(pl.col("note").is_not_null() & (pl.col("note") != ""))
        .then(pl.format(": {}", "note"))
        .otherwise(pl.lit("")),
    )
    decided = pl.format("reviewer decided {} and {} are ", a, b)
    return (
        pl.when(pl.col("decision") == "same")
        .then(
            pl.concat_str(
                decided, pl.lit("the same supplier"), who, pl.format(" (scored {} on {})", score, method_words)
            )
        )
        .when(pl.col("decision") == "not_same")
        .then(
            pl.concat_str(
                decided, pl.lit("different suppliers"), who, pl.format(" (scored {} on {})", score, method_words)
            )
        )
        .when(pl.col("is_group"))
        .then(group_line)
        .otherwise(base)
    )


_PAIR_COLUMNS = [
    "name_a",
    "source_a",
    "raw_a",
    "name_b",
    "source_b",
    "raw_b",
    "score",
    "method",
    "band",
    "relation",
    "features",
    "runner_up",
    "explanation",
]


def _with_explanations(scored: pl.DataFrame, settings: MatchSettings) -> pl.DataFrame:
    return scored.with_columns(_explanations(scored, settings).alias("explanation"))


def _worth_keeping(settings: MatchSettings) -> pl.Expr:
    """Pairs worth a reviewer's look: raw score at or above the review band, identifiers, groups and decisions."""
    return (
        (pl.col("raw_score") >= settings.review_min_score)
        | (pl.col("band") != "reject")
        | pl.col("scored_method").is_in(IDENTIFIER_METHODS)
        | pl.col("decision").is_not_null()
        | pl.col("is_group")
    )


def _pairs_output(explained: pl.DataFrame, scored: pl.DataFrame, settings: MatchSettings) -> pl.DataFrame:
    """One row per kept pair for ``matches.csv``, with every feature score and name_a's runner-up."""
    features = pl.struct(
        pl.col("s_key").round(2).alias("key_ratio"),
        pl.col("s_jw").round(2).alias("jaro_winkler"),
        pl.col("s_idf").round(2).alias("idf_jaccard"),
        pl.col("s_set").round(2).alias("token_set"),
        pl.col("s_prefix").round(2).alias("card_prefix"),
        pl.col("s_compact").round(2).alias("compact"),
        pl.col("s_align").round(2).alias("aligned_words"),
        pl.col("align_evidence").alias("spellings"),
        pl.col("shared_distinctive").alias("shared_distinctive_words"),
        pl.col("raw_score").round(2).alias("score_before_penalties"),
        pl.col("probability").round(3).alias("probability"),
        pl.col("evidence"),
        pl.col("scored_method").alias("scored_method"),
        _rule_names(pl.col("rule_bits")).alias("blocking_rules"),
        pl.col("shared_tokens").alias("shared_words"),
        pl.col("reject_reasons").alias("reject_reasons"),
        pl.col("no_auto_reasons").alias("no_auto_reasons"),
        pl.col("ambiguous_with").alias("ambiguous_with"),
    ).struct.json_encode()
    # the evidence the probability weighed (xref/calibration.py), as scored: a reviewer's decision does not change it
    evidence = explained.with_columns(pl.col("scored_method").alias("method")).select(
        pl.struct(expr().alias(name) for name, expr in FEATURES.items()).alias("evidence")
    )
    return (
        explained.with_columns(evidence.to_series())
        .join(_runner_up(scored, settings), on=["name_a", "name_b"], how="left")
        .with_columns(features.alias("features"), pl.col("runner_up").fill_null(""), pl.col("score").round(2))
        .sort("name_a", "name_b")
        .select(_PAIR_COLUMNS)
    )


def _runner_up(scored: pl.DataFrame, settings: MatchSettings) -> pl.DataFrame:
    """For each pair, name_a's best other candidate scoring at least the review threshold, and its score."""
    pairs = scored.select("name_a", "name_b")
    scored = scored.filter(pl.col("score") >= settings.review_min_score)
    directed = pl.concat(
        [
            scored.select(
                pl.col("name_a").alias("x"), pl.col("name_b").alias("y"), pl.col("raw_b").alias("raw_y"), "score"
            ),
            scored.select(
                pl.col("name_b").alias("x"), pl.col("name_a").alias("y"), pl.col("raw_a").alias("raw_y"), "score"
            ),
        ]
    )
    top = (
        directed.sort(["x", "score", "y"], descending=[False, True, False])
        .group_by("x", maintain_order=True)
        .head(2)
        .with_columns(pl.int_range(pl.len()).over("x").alias("rank"))
    )
    first = top.filter(pl.col("rank") == 0).select(
        "x", pl.col("y").alias("y1"), pl.format("'{}' ({})", "raw_y", pl.col("score").round(1)).alias("r1")
    )
    second = top.filter(pl.col("rank") == 1).select(
        "x", pl.format("'{}' ({})", "raw_y", pl.col("score").round(1)).alias("r2")
    )
    return (
        pairs.join(first, left_on="name_a", right_on="x", how="left")
        .join(second, left_on="name_a", right_on="x", how="left")
        .select(
            "name_a",
            "name_b",
            pl.when(pl.col("y1") == pl.col("name_b")).then(pl.col("r2")).otherwise(pl.col("r1")).alias("runner_up"),
        )
    )


_LINK_COLUMNS = ["name_a", "name_b", "score", "band", "method", "relation", "explanation"]


def _links(
    table: pl.DataFrame,
    explained: pl.DataFrame,
    supplier_ids: pl.DataFrame,
    tree: list[tuple[int, int, float]],
) -> pl.DataFrame:
    """Symmetric links for rule SQL: self links, same-supplier pairs, and review pairs between suppliers.

    Within a supplier every pair is linked (method ``cluster`` and the weakest score on the path between them when
    they were not compared directly), except two card strings: a merchant can have thousands of card spellings and
    no rule joins one card string to another (use ``supplier_id`` for that).
    """
    ids = table["name_id"].to_list()
    is_card = table["is_card"].to_list()
    adjacency: dict[int, list[tuple[int, float]]] = {}
    for u, v, w in tree:
        adjacency.setdefault(u, []).append((v, w))
        adjacency.setdefault(v, []).append((u, w))
    found_a: list[str] = []
    found_b: list[str] = []
    weakest: list[float] = []
    for start in adjacency:
        if is_card[start]:
            continue
        # breadth-first over the spanning tree: the path to each node is unique, so its weakest edge is exact
        seen = {start: math.inf}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for other, w in adjacency[node]:
                if other not in seen:
                    seen[other] = min(seen[node], w)
                    queue.append(other)
        for node, w in seen.items():
            if node != start and (is_card[node] or ids[node] > ids[start]):
                found_a.append(min(ids[start], ids[node]))
                found_b.append(max(ids[start], ids[node]))
                weakest.append(w)
    via_cluster = pl.DataFrame(
        {"name_a": found_a, "name_b": found_b, "path_score": weakest},
        schema={"name_a": pl.Utf8, "name_b": pl.Utf8, "path_score": pl.Float64},
    )
    supplier = supplier_ids.select("name_id", "supplier_id")
    direct = (
        explained.join(supplier.rename({"name_id": "name_a", "supplier_id": "sup_a"}), on="name_a")
        .join(supplier.rename({"name_id": "name_b", "supplier_id": "sup_b"}), on="name_b")
        .with_columns((pl.col("sup_a") == pl.col("sup_b")).alias("same_supplier"))
    )
    direct_same = direct.filter(
        pl.col("same_supplier") & (pl.col("band") == "auto") & (pl.col("relation") == "same")
    ).select(_LINK_COLUMNS)
    compared = direct.filter(pl.col("same_supplier")).select(
        "name_a", "name_b", pl.col("explanation").alias("direct_explanation")
    )
    raw = table.select("name_id", "raw", "card_note")
    through = (
        via_cluster.join(direct_same, on=["name_a", "name_b"], how="anti")
        .join(compared, on=["name_a", "name_b"], how="left")
        .join(raw.rename({"name_id": "name_a", "raw": "raw_a", "card_note": "card_note_a"}), on="name_a")
        .join(raw.rename({"name_id": "name_b", "raw": "raw_b", "card_note": "card_note_b"}), on="name_b")
        .select(
            "name_a",
            "name_b",
            pl.col("path_score").alias("score"),
            pl.lit("auto").alias("band"),
            pl.lit("cluster").alias("method"),
            pl.lit("same").alias("relation"),
            pl.concat_str(
                pl.format(
                    "{} and {} are the same supplier through other names (weakest link {})",
                    _describe("a"),
                    _describe("b"),
                    pl.col("path_score").round(1),
                ),
                pl.when(pl.col("direct_explanation").is_not_null())
                .then(pl.format("; compared directly: {}", "direct_explanation"))
                .otherwise(pl.lit("")),
            ).alias("explanation"),
        )
    )
    between = direct.filter(
        ~pl.col("same_supplier") & pl.col("band").is_in(["auto", "review"]) & (pl.col("relation") != "not_same")
    ).select(
        "name_a",
        "name_b",
        "score",
        pl.lit("review").alias("band"),
        "method",
        "relation",
        pl.when(pl.col("band") == "auto")
        .then(pl.format("{} (not merged: a reviewer marked one of these names a different supplier)", "explanation"))
        .otherwise(pl.col("explanation"))
        .alias("explanation"),
    )
    one_way = pl.concat([direct_same, through, between], how="vertical_relaxed")
    self_links = table.select(
        pl.col("name_id").alias("name_a"),
        pl.col("name_id").alias("name_b"),
        pl.lit(100.0).alias("score"),
        pl.lit("auto").alias("band"),
        pl.lit("identical").alias("method"),
        pl.lit("same").alias("relation"),
        pl.format("'{}' is the same name", "raw").alias("explanation"),
    )
    mirrored = one_way.select(pl.col("name_b").alias("name_a"), pl.col("name_a").alias("name_b"), *_LINK_COLUMNS[2:])
    links = pl.concat([self_links, one_way, mirrored], how="vertical_relaxed")
    return links.with_columns(pl.col("score").round(2)).sort("name_a", "name_b")
