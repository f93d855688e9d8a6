"""Score the supplier-name matcher against labelled names: pairwise precision, recall and F1, with baselines.

A label file is a CSV with at least the columns ``id_scheme, id_norm, name``: rows sharing ``(id_scheme,
id_norm)`` name one organisation according to the publisher's own identifier (a VAT number, a ledger's supplier
id). Other columns are ignored, except ``source``: a row whose source mentions "card" is a card-statement string.

For each id scheme, separately:

* **Names.** The distinct names of the scheme: each distinct string (``unit="raw"``, the default) or each
  :func:`spelling` (``unit="spelling"``: ``CBRE Ltd`` and ``CBRE LIMITED`` are one name, which takes the trivially
  equal pairs out of the count). Rows whose identifier says "no value" (``NA``, blank, ``Unknown``, as
  :func:`xref.parse.is_no_value` reads them) have no label and are left out. Identifiers are compared as
  :func:`canonical_id` (VAT numbers with and without ``GB`` are one). A name written under two or more
  identifiers of the same scheme has no single true answer (duplicate ledger records, a renamed payee, a VAT
  group): it is *dropped from that scheme altogether* (from the matcher's input and from every method's scoring)
  and counted in ``dropped_ambiguous``.
* **Methods.** Every method clusters the same names, and is scored the same way:

  - ``xref_auto``: :func:`xref.matching.match_names` exactly as a run calls it (register ``payments``, or ``cards``
    for card strings; no identifiers given, no overrides); clusters are its ``supplier_id`` (auto band).
  - ``xref_review``: those clusters joined by every review-band link between suppliers (union-find): what a reviewer
    would see flagged as a possible match.
  - ``wratio90``: ``rapidfuzz.fuzz.WRatio`` ≥ 90 on the names with rapidfuzz's ``default_process`` (lower case,
    punctuation to spaces: what fuzzywuzzy users get by default), every pair compared.
  - ``token_sort90``: ``token_sort_ratio`` ≥ 90 on lower-cased names with trailing legal forms (``Ltd``,
    ``Limited``, ``PLC``, ``& Co``... from ``xref/data/legal_forms.csv``) removed, every pair compared.

  The baselines compare all pairs with ``rapidfuzz.process.cdist`` in blocks, and cluster by connected components
  of the pairs at or above 90, so all four methods are clusterings.
* **Scores.** A predicted positive pair is two names in the same predicted cluster; a true pair is two names with
  the same identifier. Pairs are counted with combinatorics (``n(n-1)/2`` per cluster and per cluster ∩ identifier),
  never enumerated. :func:`disagreements` lists the wrong pairs, for inspection.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process, utils

from xref.clock import Laps
from xref.config import MatchSettings
from xref.errors import InputFileError
from xref.matching import MatchResult, match_names
from xref.names import CARD_SOURCE, legal_phrase_at, vocabulary
from xref.parse import is_no_value
from xref.sheets import read_csv_table

REQUIRED_COLUMNS = ("id_scheme", "id_norm", "name")
OPTIONAL_COLUMNS = ("source", "publisher")
METHODS = ("xref_auto", "xref_review", "wratio90", "token_sort90")
METHOD_LABELS = {
    "xref_auto": "xref-auto",
    "xref_review": "xref-auto+review",
    "wratio90": "wratio90",
    "token_sort90": "token_sort90",
}
BASELINE_THRESHOLD = 90.0
PAYMENTS_SOURCE = "payments"
_CARD_HINT = r"(?i)card"
_BLOCK_ROWS = 512

Kind = Literal["false_positive", "false_negative"]
Unit = Literal["spelling", "raw"]


@dataclass(frozen=True)
class PairCounts:
    """Pair counts of one clustering against the labels.

    Attributes:
        predicted: pairs of names in the same predicted cluster.
        true: pairs of names with the same identifier.
        correct: pairs that are both.
    """

    predicted: int
    true: int
    correct: int

    @property
    def precision(self) -> float | None:
        """Share of predicted pairs that are true; None when nothing was predicted."""
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        """Share of true pairs that were predicted; None when there are no true pairs."""
        return self.correct / self.true if self.true else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall (0 when nothing correct; None when either is undefined)."""
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready counts and scores (scores rounded to 4 places)."""
        return {
            "predicted_pairs": self.predicted,
            "true_pairs": self.true,
            "correct_pairs": self.correct,
            **{k: None if v is None else round(v, 4) for k, v in self.scores().items()},
        }

    def scores(self) -> dict[str, float | None]:
        """Precision, recall and F1."""
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass
class SchemeEvaluation:
    """One id scheme's names, labels, every method's clusters and their scores.

    Attributes:
        scheme: the ``id_scheme``.
        names: the scored names: ``name_id, name, source, true_id`` and one cluster-label column per method.
        counts: pair counts per method (keys of :data:`METHODS`).
        dropped_ambiguous: distinct names left out because they appear under several identifiers of the scheme.
        xref_pairs: the matcher's scored pairs (``MatchResult.pairs``), to explain its decisions.
        timings: seconds per method.
    """

    scheme: str
    names: pl.DataFrame
    counts: dict[str, PairCounts]
    dropped_ambiguous: int
    xref_pairs: pl.DataFrame
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def name_count(self) -> int:
        """Number of names scored."""
        return self.names.height

    @property
    def id_count(self) -> int:
        """Number of distinct identifiers among the scored names."""
        return int(self.names["true_id"].n_unique())

    @property
    def true_pairs(self) -> int:
        """Pairs of names sharing an identifier."""
        return self.counts[METHODS[0]].true

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary (no per-name rows)."""
        return {
            "scheme": self.scheme,
            "names": self.name_count,
            "ids": self.id_count,
            "true_pairs": self.true_pairs,
            "dropped_ambiguous_names": self.dropped_ambiguous,
            "methods": {m: self.counts[m].as_dict() for m in METHODS},
            "timings": self.timings,
        }


@dataclass
class EvaluationReport:
    """The evaluation of every id scheme in the label files.

    Attributes:
        files: the label files read.
        settings: the matcher thresholds used.
        unit: what counted as one name (``spelling`` or ``raw``).
        schemes: one evaluation per id scheme, sorted by scheme.
        rows_read: label rows read (all files).
        rows_without_id: rows left out because their identifier says no value was recorded.
    """

    files: list[Path]
    settings: MatchSettings
    unit: Unit
    schemes: list[SchemeEvaluation]
    rows_read: int
    rows_without_id: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready report."""
        return {
            "files": [str(f) for f in self.files],
            "unit": self.unit,
            "settings": {
                "auto_min_score": self.settings.auto_min_score,
                "review_min_score": self.settings.review_min_score,
                "baseline_threshold": BASELINE_THRESHOLD,
            },
            "rows_read": self.rows_read,
            "rows_without_id": self.rows_without_id,
            "schemes": [s.as_dict() for s in self.schemes],
        }


def read_labels(paths: list[Path]) -> pl.DataFrame:
    """Read and check label files.

    Args:
        paths: CSV files with at least ``id_scheme, id_norm, name`` (``source`` is used when present).

    Returns:
        ``id_scheme, id_norm, name, source, publisher`` for every row of every file, as text (the last two null
        where a file lacks them).

    Raises:
        InputFileError: a file is missing, unreadable, not CSV, empty, or lacks a required column.
    """
    if not paths:
        raise InputFileError("no label file given; pass --labels FILE (CSV with id_scheme, id_norm, name)")
    frames = []
    for path in paths:
        frame = read_csv_table(
            path, what="labels file", option="--labels", required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS
        )
        frames.append(frame.with_columns(pl.col(c).str.strip_chars() for c in REQUIRED_COLUMNS))
    return pl.concat(frames)


def evaluate_labels(
    paths: list[Path],
    settings: MatchSettings | None = None,
    *,
    unit: Unit = "raw",
    publishers: tuple[str, ...] = (),
) -> EvaluationReport:
    """Score xref's matcher and the two baselines on every id scheme of the label files.

    Args:
        paths: label CSVs (see the module docstring).
        settings: matcher thresholds; defaults to :class:`MatchSettings`.
        unit: what counts as one name: ``raw`` (default: each distinct string) or ``spelling`` (see :func:`spelling`).
        publishers: keep only rows whose ``publisher`` contains one of these (case-insensitive): the development or
            reporting split of docs/matching.md. Empty keeps every row.

    Returns:
        The :class:`EvaluationReport`.

    Raises:
        InputFileError: a label file cannot be used, or no row is left after the publisher filter.
    """
    settings = settings or MatchSettings()
    labels = read_labels(paths)
    if publishers:
        wanted = pl.any_horizontal(
            pl.col("publisher").fill_null("").str.to_lowercase().str.contains(p.lower(), literal=True)
            for p in publishers
        )
        labels = labels.filter(wanted)
        if labels.is_empty():
            raise InputFileError(
                f"no label row has a publisher containing {' or '.join(publishers)}; "
                "check --publisher against the file's publisher column"
            )
    usable = labels.filter(
        pl.col("id_scheme").is_not_null()
        & (pl.col("id_scheme") != "")
        & pl.col("name").is_not_null()
        & (pl.col("name").str.strip_chars() != "")
    )
    with_id = usable.filter(
        pl.col("id_norm").is_not_null() & (pl.col("id_norm") != "") & ~is_no_value("id_norm")
    ).with_columns(canonical_id().alias("id_norm"))
    schemes = [
        evaluate_scheme(scheme, with_id.filter(pl.col("id_scheme") == scheme), settings, unit)
        for scheme in sorted(with_id["id_scheme"].unique().to_list())
    ]
    return EvaluationReport(
        files=list(paths),
        settings=settings,
        unit=unit,
        schemes=schemes,
        rows_read=labels.height,
        rows_without_id=usable.height - with_id.height,
    )


def canonical_id() -> pl.Expr:
    """``id_norm`` as upper-case letters and digits; VAT numbers also without ``GB`` and leading zeros.

    ``GB0796642084``, ``796642084`` and ``GB 796 6420 84`` are one VAT number.
    """
    text = pl.col("id_norm").str.to_uppercase().str.replace_all(r"[^0-9A-Z]", "")
    vat = text.str.replace(r"^GB", "").str.replace(r"^0+(\d)", "${1}")
    return pl.when(pl.col("id_scheme").str.to_uppercase().str.contains("VAT")).then(vat).otherwise(text)


def spelling(raw: str) -> str:
    """A name as spelt, ignoring case, accents, spacing, punctuation, ``&``/``and`` and legal-form abbreviations.

    ``CBRE Limited``, ``CBRE LTD`` and ``C.B.R.E. Ltd.`` are one spelling; ``CBRE`` is another. By law ``Ltd`` and
    ``Limited`` are two ways of writing one company name, so two ledger records with one spelling are one name
    written twice, not two organisations the labels can tell apart.
    """
    voc = vocabulary()
    tokens = [t for t in utils.default_process(raw.replace("&", " and ")).split() if t]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        form, n = legal_phrase_at(tokens, i, voc) or (tokens[i], 1)
        out.append(form)
        i += n
    return "".join(out)


def scheme_names(rows: pl.DataFrame, unit: Unit = "raw") -> tuple[pl.DataFrame, int]:
    """The names of one scheme with their identifier; a name under several identifiers is dropped as ambiguous.

    Args:
        rows: the scheme's label rows (``id_norm, name, source``).
        unit: what counts as one name: ``spelling`` (see :func:`spelling`; the alphabetically first way it was
            written stands for it) or ``raw`` (each distinct string).

    Returns:
        (``name_id, name, source, true_id, spellings`` sorted by name, number of names dropped as ambiguous), where
        ``spellings`` is how many distinct strings the name stands for.
    """
    names_in = rows["name"].to_list()
    key = pl.Series("unit", [spelling(n) for n in names_in] if unit == "spelling" else names_in, dtype=pl.Utf8)
    per_name = (
        rows.with_columns(key)
        .group_by("unit")
        .agg(
            pl.col("name").min().alias("name"),
            pl.col("name").n_unique().alias("spellings"),
            pl.col("id_norm").unique().alias("ids"),
            # a card-statement string only when every row holding it came from a card file
            pl.col("source").fill_null("").str.contains(_CARD_HINT).all().alias("is_card"),
        )
    )
    ambiguous = per_name.filter(pl.col("ids").list.len() > 1).height
    names = (
        per_name.filter(pl.col("ids").list.len() == 1)
        .sort("name")
        .select(
            pl.format("L{}", pl.int_range(pl.len()).cast(pl.Utf8).str.zfill(6)).alias("name_id"),
            "name",
            pl.when("is_card").then(pl.lit(CARD_SOURCE)).otherwise(pl.lit(PAYMENTS_SOURCE)).alias("source"),
            pl.col("ids").list.first().alias("true_id"),
            pl.col("spellings").cast(pl.Int64),
        )
    )
    return names, ambiguous


def evaluate_scheme(scheme: str, rows: pl.DataFrame, settings: MatchSettings, unit: Unit = "raw") -> SchemeEvaluation:
    """Evaluate every method on one scheme's label rows (``id_norm, name, source``)."""
    names, dropped = scheme_names(rows, unit)
    lap = Laps()
    timings = lap.timings

    auto, review, result = xref_clusters(names, settings)
    lap("xref")
    raw = names["name"].to_list()
    wratio = threshold_clusters([utils.default_process(s) for s in raw], fuzz.WRatio)
    lap("wratio90")
    # Tokens sorted once, then plain ratio: identical scores to token_sort_ratio, several times faster.
    token_sort = threshold_clusters([" ".join(sorted(strip_legal_suffixes(s).split())) for s in raw], fuzz.ratio)
    lap("token_sort90")
    names = names.with_columns(
        pl.Series("xref_auto", auto, dtype=pl.Int64),
        pl.Series("xref_review", review, dtype=pl.Int64),
        pl.Series("wratio90", wratio, dtype=pl.Int64),
        pl.Series("token_sort90", token_sort, dtype=pl.Int64),
    )
    counts = {m: pair_counts(names, m) for m in METHODS}
    return SchemeEvaluation(
        scheme=scheme,
        names=names,
        counts=counts,
        dropped_ambiguous=dropped,
        xref_pairs=result.pairs,
        timings=timings,
    )


def xref_clusters(
    names: pl.DataFrame, settings: MatchSettings
) -> tuple[np.ndarray[Any, np.dtype[np.int64]], np.ndarray[Any, np.dtype[np.int64]], MatchResult]:
    """Cluster labels from the matcher: auto band (``supplier_id``) and auto plus review-band links.

    Returns:
        (auto labels, auto+review labels, the match result), labels aligned with ``names``.
    """
    frame = names.select(
        "name_id",
        "source",
        pl.col("name").alias("raw"),
        pl.lit(None, dtype=pl.Utf8).alias("company_number"),
        pl.lit(None, dtype=pl.Utf8).alias("vat_number"),
    )
    result = match_names(frame, settings=settings)
    index = {name_id: i for i, name_id in enumerate(names["name_id"].to_list())}
    suppliers = names.select("name_id").join(result.names.select("name_id", "supplier_id"), on="name_id", how="left")
    auto = suppliers["supplier_id"].rank("dense").cast(pl.Int64).to_numpy() - 1
    review_links = result.links.filter((pl.col("band") == "review") & (pl.col("name_a") < pl.col("name_b")))
    a = np.array([index[x] for x in review_links["name_a"].to_list()], dtype=np.int64)
    b = np.array([index[x] for x in review_links["name_b"].to_list()], dtype=np.int64)
    review = components(len(index), auto[a], auto[b])[auto] if len(index) else auto
    return auto.astype(np.int64), review.astype(np.int64), result


def strip_legal_suffixes(raw: str) -> str:
    """The token_sort90 baseline's cleaning: lower case, punctuation to spaces, legal forms removed from the end.

    ``Acme Trading Co Ltd`` → ``acme trading``; a legal form that is the whole name is kept.
    """
    phrases = vocabulary().legal_phrases
    longest = max((len(p) for p in phrases), default=1)
    tokens = utils.default_process(raw.replace("&", " and ")).split()
    stripped = True
    while stripped and tokens:
        stripped = False
        for n in range(min(longest, len(tokens) - 1), 0, -1):
            if tuple(tokens[-n:]) in phrases:
                tokens = tokens[:-n]
                stripped = True
                break
    return " ".join(tokens)


def threshold_pairs(
    strings: list[str], scorer: Any, cutoff: float = BASELINE_THRESHOLD, block_rows: int = _BLOCK_ROWS
) -> Iterator[tuple[np.ndarray[Any, np.dtype[np.int64]], np.ndarray[Any, np.dtype[np.int64]]]]:
    """Every pair ``i < j`` scoring at least ``cutoff``, from ``process.cdist`` over blocks of rows.

    Each block compares ``block_rows`` strings with every later string (the upper triangle), so memory stays at
    ``block_rows × n`` scores. Empty strings match nothing.
    """
    n = len(strings)
    empty = np.array([not s for s in strings], dtype=bool)
    for start in range(0, n, block_rows):
        stop = min(start + block_rows, n)
        scores = process.cdist(
            strings[start:stop], strings[start:], scorer=scorer, score_cutoff=cutoff, dtype=np.float32, workers=-1
        )
        rows, cols = np.nonzero(scores >= cutoff)
        rows = rows + start
        cols = cols + start
        keep = (cols > rows) & ~empty[rows] & ~empty[cols]
        yield rows[keep].astype(np.int64), cols[keep].astype(np.int64)


def threshold_clusters(
    strings: list[str], scorer: Any, cutoff: float = BASELINE_THRESHOLD, block_rows: int = _BLOCK_ROWS
) -> np.ndarray[Any, Any]:
    """Connected components of the pairs scoring at least ``cutoff`` (every pair compared)."""
    found = list(threshold_pairs(strings, scorer, cutoff, block_rows))
    a = np.concatenate([p[0] for p in found]) if found else np.zeros(0, dtype=np.int64)
    b = np.concatenate([p[1] for p in found]) if found else np.zeros(0, dtype=np.int64)
    return components(len(strings), a, b)


def components(
    n: int, a: np.ndarray[Any, np.dtype[np.int64]], b: np.ndarray[Any, np.dtype[np.int64]]
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Connected-component label (the smallest node index) of each of ``n`` nodes given edges ``a[k]–b[k]``.

    Vectorised min-label propagation with pointer jumping; converges in a few passes.
    """
    labels = np.arange(n, dtype=np.int64)
    if not len(a):
        return labels
    while True:
        low = np.minimum(labels[a], labels[b])
        new = labels.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        new = new[new]
        if np.array_equal(new, labels):
            return labels
        labels = new


def _pairs(counts: pl.Expr) -> pl.Expr:
    return (counts * (counts - 1) // 2).sum()


def pair_counts(names: pl.DataFrame, method: str) -> PairCounts:
    """Predicted, true and correct pair counts of one method's clusters (``n(n-1)/2`` per group)."""

    def total(*by: str) -> int:
        if names.is_empty():
            return 0
        return int(names.group_by(*by).len().select(_pairs(pl.col("len").cast(pl.Int64))).item())

    return PairCounts(predicted=total(method), true=total("true_id"), correct=total(method, "true_id"))


def disagreements(evaluation: SchemeEvaluation, method: str, kind: Kind, limit: int | None = None) -> pl.DataFrame:
    """The pairs one method got wrong in a scheme, for reading by eye.

    Args:
        evaluation: one scheme's evaluation.
        method: one of :data:`METHODS`.
        kind: ``false_positive`` (same predicted cluster, different identifiers) or ``false_negative`` (same
            identifier, different predicted clusters).
        limit: at most this many pairs (None: all; a large wrong cluster has many).

    Returns:
        ``name_a, id_a, name_b, id_b, xref`` sorted by names, where ``xref`` is the matcher's own explanation of the
        pair when it scored it directly (else empty).
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; methods are {', '.join(METHODS)}")
    group, differ = (method, "true_id") if kind == "false_positive" else ("true_id", method)
    side = evaluation.names.select("name_id", "name", "true_id", pl.col(group).alias("g"), pl.col(differ).alias("d"))

    def named(s: str) -> list[pl.Expr]:
        return [
            pl.col("name_id").alias(f"name_{s}"),
            pl.col("name").alias(f"raw_{s}"),
            pl.col("true_id").alias(f"id_{s}"),
            pl.col("d").alias(f"d_{s}"),
        ]

    pairs = (
        side.select("g", *named("a"))
        .join(side.select("g", *named("b")), on="g")
        .filter((pl.col("name_a") < pl.col("name_b")) & (pl.col("d_a") != pl.col("d_b")))
        .sort("raw_a", "raw_b")
    )
    if limit is not None:
        pairs = pairs.head(limit)
    explained = evaluation.xref_pairs.select("name_a", "name_b", pl.col("explanation").alias("xref"))
    return (
        pairs.join(explained, on=["name_a", "name_b"], how="left")
        .sort("raw_a", "raw_b")
        .select(
            pl.col("raw_a").alias("name_a"),
            "id_a",
            pl.col("raw_b").alias("name_b"),
            "id_b",
            pl.col("xref").fill_null(""),
        )
    )


def _score_text(value: float | None) -> str:
    return "  –  " if value is None else f"{value:.3f}"


def table_lines(report: EvaluationReport) -> list[str]:
    """The per-scheme table the ``xref matches evaluate`` command prints: P/R/F1 of every method."""
    width = 19
    head = f"{'scheme':<20}{'names':>7}{'ids':>7}{'true pairs':>11}"
    lines = [
        f"Pairwise precision (P), recall (R) and F1 against {', '.join(str(f) for f in report.files)}",
        f"(one name = {'one spelling' if report.unit == 'spelling' else 'one distinct string'}; "
        f"xref auto ≥ {report.settings.auto_min_score:g}, review ≥ {report.settings.review_min_score:g}; "
        f"baselines ≥ {BASELINE_THRESHOLD:g}, connected components)",
        "",
        (head + "".join(f"  {METHOD_LABELS[m]:<{width}}" for m in METHODS)).rstrip(),
        (" " * len(head) + "".join(f"  {'P     R     F1':<{width}}" for _ in METHODS)).rstrip(),
    ]
    for s in report.schemes:
        row = f"{s.scheme:<20}{s.name_count:>7}{s.id_count:>7}{s.true_pairs:>11}"
        for m in METHODS:
            c = s.counts[m]
            row += "  " + f"{_score_text(c.precision)} {_score_text(c.recall)} {_score_text(c.f1)}".ljust(width)
        lines.append(row.rstrip())
    lines.append("")
    lines.append(
        f"{report.rows_read} label rows read; {report.rows_without_id} without an identifier (e.g. NA) left out; "
        "names under several identifiers of a scheme left out as ambiguous: "
        + ", ".join(f"{s.scheme} {s.dropped_ambiguous}" for s in report.schemes)
        + "."
    )
    return lines


# The wrong pairs ``--show-errors`` lists: auto-band false links, the links auto missed (with the matcher's reason
# when it scored the pair, e.g. a review-band cap), and the pairs not even proposed for review.
SHOWN_ERRORS: tuple[tuple[str, Kind, str], ...] = (
    ("xref_auto", "false_positive", "linked automatically, different identifiers"),
    ("xref_auto", "false_negative", "same identifier, not linked automatically"),
    ("xref_review", "false_negative", "same identifier, not linked even for review"),
)


def error_lines(report: EvaluationReport, limit: int) -> list[str]:
    """Up to ``limit`` wrong pairs per scheme and kind of error in :data:`SHOWN_ERRORS`."""
    lines: list[str] = []
    for s in report.schemes:
        for method, kind, title in SHOWN_ERRORS:
            found = disagreements(s, method, kind, limit=limit)
            lines.append(f"{s.scheme}: {title} ({METHOD_LABELS[method]} {kind.replace('_', ' ')}s, first {limit}):")
            for row in found.iter_rows(named=True):
                why = f"  — {row['xref']}" if row["xref"] else ""
                lines.append(f"    {row['name_a']!r} [{row['id_a']}]  ~  {row['name_b']!r} [{row['id_b']}]{why}")
            if not found.height:
                lines.append("    (none)")
    return lines


def errors_dict(report: EvaluationReport, limit: int) -> dict[str, Any]:
    """The same wrong pairs as :func:`error_lines`, JSON-ready, per scheme."""
    return {
        s.scheme: {
            f"{method}_{kind}s": disagreements(s, method, kind, limit=limit).to_dicts()
            for method, kind, _ in SHOWN_ERRORS
        }
        for s in report.schemes
    }


VERDICTS = ("same", "different")
ADJUDICATION_COLUMNS = ("scheme", "name_a", "name_b", "verdict")


@dataclass(frozen=True)
class Adjudication:
    """xref-auto's precision in one scheme once a person has judged its false positives.

    Labels from ledgers and VAT numbers are imperfect: a pair the labels call wrong may be one organisation (one
    payee record per bank account, ``Ltd``/``Limited`` duplicates). ``label_errors`` are false positives a reviewer
    judged ``same``; ``matcher_errors`` those judged ``different``; ``unjudged`` have no verdict and count as errors.
    """

    scheme: str
    predicted: int
    correct_as_labelled: int
    label_errors: int
    matcher_errors: int
    unjudged: int

    @property
    def precision(self) -> float | None:
        """(correct as labelled + label errors) / predicted; unjudged pairs count against xref."""
        if not self.predicted:
            return None
        return (self.correct_as_labelled + self.label_errors) / self.predicted


def read_adjudications(path: Path) -> dict[tuple[str, str, str], str]:
    """Read reviewer verdicts on wrong-looking pairs: CSV ``scheme, name_a, name_b, verdict`` (same / different).

    Returns:
        ``(scheme, name, name)`` (the two names sorted) → verdict.

    Raises:
        InputFileError: the file is missing or unreadable, lacks a column, or has a verdict other than
            ``same`` / ``different``.
    """
    frame = read_csv_table(path, what="adjudications file", option="--adjudications", required=ADJUDICATION_COLUMNS)
    verdicts: dict[tuple[str, str, str], str] = {}
    for line, row in enumerate(frame.iter_rows(named=True), start=2):
        verdict = (row["verdict"] or "").strip().lower()
        if verdict not in VERDICTS:
            raise InputFileError(
                f"adjudications file {path} row {line}: verdict {row['verdict']!r} is not same or different"
            )
        a, b = sorted((row["name_a"] or "", row["name_b"] or ""))
        verdicts[(row["scheme"] or "", a, b)] = verdict
    return verdicts


def adjudicate(report: EvaluationReport, verdicts: dict[tuple[str, str, str], str]) -> list[Adjudication]:
    """xref-auto's precision per scheme with the reviewer's verdicts on its false positives applied."""
    out = []
    for s in report.schemes:
        counts = s.counts["xref_auto"]
        same = different = unjudged = 0
        for row in disagreements(s, "xref_auto", "false_positive").iter_rows(named=True):
            a, b = sorted((row["name_a"], row["name_b"]))
            verdict = verdicts.get((s.scheme, a, b))
            if verdict == "same":
                same += 1
            elif verdict == "different":
                different += 1
            else:
                unjudged += 1
        out.append(Adjudication(s.scheme, counts.predicted, counts.correct, same, different, unjudged))
    return out


def identifiers_by_spelling(report: EvaluationReport) -> dict[str, set[tuple[str, str]]]:
    """Per spelling (:func:`spelling`), every ``(scheme, identifier)`` the labels give it."""
    found: dict[str, set[tuple[str, str]]] = {}
    for s in report.schemes:
        for name, true_id in s.names.select("name", "true_id").iter_rows():
            found.setdefault(spelling(name), set()).add((s.scheme, true_id))
    return found


def cross_check(report: EvaluationReport) -> list[Adjudication]:
    """xref-auto's precision per scheme, judging its false positives by the other schemes' identifiers.

    Two supplier records of one firm have two internal ids but one VAT number: a pair one scheme calls wrong is a
    label error when another scheme gives both spellings one identifier, and an xref error when another scheme
    gives both identifiers and they differ. Pairs no other scheme labels stay unjudged (counted as errors).
    """
    ids = identifiers_by_spelling(report)
    out = []
    for s in report.schemes:
        same = different = unjudged = 0
        for a, b in disagreements(s, "xref_auto", "false_positive").select("name_a", "name_b").iter_rows():
            other_a = {x for x in ids.get(spelling(a), set()) if x[0] != s.scheme}
            other_b = {x for x in ids.get(spelling(b), set()) if x[0] != s.scheme}
            if other_a & other_b:
                same += 1
            elif {x[0] for x in other_a} & {x[0] for x in other_b}:
                different += 1
            else:
                unjudged += 1
        counts = s.counts["xref_auto"]
        out.append(Adjudication(s.scheme, counts.predicted, counts.correct, same, different, unjudged))
    return out


def adjudication_lines(adjudications: list[Adjudication], path: Path | None) -> list[str]:
    """The table ``xref matches evaluate`` prints under the main one.

    With ``path``, a reviewer's verdicts applied (``--adjudications``); without, the other schemes' identifiers
    (:func:`cross_check`).
    """
    title = (
        f"xref-auto precision with the verdicts in {path} applied to its false positives (unjudged count as errors):"
        if path is not None
        else "xref-auto precision with its false positives judged by the other schemes' identifiers (one VAT number "
        "for two supplier records is one organisation; unjudged count as errors):"
    )
    lines = [
        "",
        title,
        f"{'scheme':<20}{'predicted':>10}{'labelled ok':>12}{'label errors':>13}{'xref errors':>12}{'unjudged':>9}"
        f"{'precision':>11}",
    ]
    for a in adjudications:
        lines.append(
            f"{a.scheme:<20}{a.predicted:>10}{a.correct_as_labelled:>12}{a.label_errors:>13}{a.matcher_errors:>12}"
            f"{a.unjudged:>9}{_score_text(a.precision):>11}"
        )
    return lines
