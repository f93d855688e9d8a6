"""How likely a scored pair of names is to be one organisation: a logistic model over the matcher's evidence.

The matcher (``xref/matching.py``) scores a pair and lists reasons for and against; this module turns that evidence
into a probability of "the same organisation", with weights fitted on labelled real names (names two public
registers give the same identifier, or different ones) by ``tools/calibrate_matcher.py``. The weights, and the split
and figures they were fitted on, are in ``xref/data/match_calibration.csv``; docs/matching.md says how the bands
follow from them. Splink's Fellegi-Sunter model is the same idea with per-comparison weights; a logistic model fits
the weights jointly, so two pieces of evidence that usually come together are not counted twice.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import cache, partial
from importlib import resources

import numpy as np
import polars as pl

WEIGHTS_FILE = "match_calibration.csv"
AUTO_MIN_PROBABILITY = 0.8
"""A pair at least this likely to be one organisation links automatically even when a rule holds it back (a score
under the auto band, brackets that differ): four to one on. Pairs the rules pass link whatever their probability."""


REASONS = {
    "numbers_differ": "against_numbers",
    "words_repeated_differently": "against_repeats",
    "words_that_differ": "against_different_words",
    "one_name_has_more_words": "against_subset",
    "only_one_says_where": "against_place",
    "brackets_differ": "against_brackets",
    "other_reason_against": "against_other",
}
"""The reasons against an automatic link (``xref/matching.py`` ``_penalties``), each weighed on its own: feature
name and the pair column that says whether the reason holds."""
CONTRADICTIONS = frozenset({"numbers_differ"})
"""Reasons that tell two entities apart by a value rather than doubt a spelling: ``HC-One No 1 Ltd`` and ``HC-One No 3
Ltd`` are sister companies. The labels count a VAT group's companies as one organisation, so a fitted weight
understates these; they are never outweighed (:func:`outweighed`)."""
MIN_SUPPORT = 20
"""A reason seen on fewer labelled pairs than this has no weight the data can vouch for (see :func:`outweighed`)."""


def _flag(column: str) -> pl.Expr:
    return pl.col(column).fill_null(False).cast(pl.Float64)


def _capped(column: str, cap: int) -> pl.Expr:
    return pl.min_horizontal(pl.col(column).fill_null(0), pl.lit(cap)).cast(pl.Float64)


FEATURES: dict[str, Callable[[], pl.Expr]] = {
    # the score before penalties, in tenths above 80: 100 is +2, 85 is -0.5
    "score": lambda: (pl.col("raw_score").fill_null(0.0) - 80.0) / 10.0,
    "same_name_or_alias": lambda: pl.col("method").is_in(["equal_key", "alias"]).cast(pl.Float64),
    # initials ("TUC" / "Trades Union Congress") are counted here too: the tuning split has too few such pairs (3)
    # to weigh them on their own
    "words_spelt_differently": lambda: (pl.col("method") == "aligned_words").cast(pl.Float64),
    "shared_words": lambda: (pl.col("method") == "token_set").cast(pl.Float64),
    "shared_distinctive_words": lambda: _capped("shared_distinctive", 3),
    "shared_unusual_word": lambda: _capped("shared_unusual", 1),
    **{feature: partial(_flag, column) for feature, column in REASONS.items()},
    "ambiguous": lambda: pl.col("ambiguous_with").is_not_null().cast(pl.Float64),
}
"""The evidence the model weighs, each as a number per pair (names are the rows of the weights file)."""
INTERCEPT = "intercept"


def feature_frame(pairs: pl.DataFrame) -> pl.DataFrame:
    """One column per :data:`FEATURES` entry for each pair (the scored pairs of ``xref/matching.py``)."""
    return pairs.select(expr().alias(name) for name, expr in FEATURES.items())


@cache
def _rows() -> dict[str, dict[str, str]]:
    """The rows of ``xref/data/match_calibration.csv`` by feature (read once)."""
    lines = resources.files("xref").joinpath("data", WEIGHTS_FILE).read_text(encoding="utf-8").splitlines()
    return {r["feature"]: r for r in csv.DictReader(x for x in lines if not x.startswith("#"))}


@cache
def weights() -> dict[str, float]:
    """The fitted weights of ``xref/data/match_calibration.csv``.

    The file ships with the package: a missing file or a missing feature is an error, since without it no pair
    could be given a probability.
    """
    rows = {feature: float(r["weight"]) for feature, r in _rows().items()}
    missing = [f for f in (INTERCEPT, *FEATURES) if f not in rows]
    if missing:
        raise ValueError(f"xref/data/{WEIGHTS_FILE} has no weight for {', '.join(missing)}; rerun the calibration")
    return rows


def _support() -> dict[str, int]:
    return {feature: int(r.get("pairs") or 0) for feature, r in _rows().items()}


def outweighed() -> pl.Expr:
    """Whether the pair's reasons against can be outweighed by the evidence for (a column expression).

    They can when each one the pair has was seen on at least :data:`MIN_SUPPORT` labelled pairs and weighs against.
    A reason too rare to weigh ("the same words, repeated differently"), one the data found no evidence against, or
    a :data:`CONTRADICTIONS` reason stays a rule.
    """
    w, support = weights(), _support()
    fixed = [c for f, c in REASONS.items() if f in CONTRADICTIONS or w[f] >= 0 or support.get(f, 0) < MIN_SUPPORT]
    return ~pl.any_horizontal([pl.col(c).fill_null(False) for c in fixed]) if fixed else pl.lit(True)


def probability(fitted: dict[str, float] | None = None) -> pl.Expr:
    """The probability that a scored pair is one organisation, as a column expression."""
    w = fitted if fitted is not None else weights()
    logit = pl.lit(w[INTERCEPT])
    for name, expr in FEATURES.items():
        logit = logit + expr() * w[name]
    return (1.0 / (1.0 + (-logit).exp())).alias("probability")


def fit(features: np.ndarray, labels: np.ndarray, *, l2: float = 1.0, iterations: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method (iteratively reweighted least squares) with an L2 penalty.

    Args:
        features: one row per pair, one column per feature (no intercept column: it is added, unpenalised).
        labels: 1 where the pair is one organisation, 0 where it is two.
        l2: the penalty on the feature weights, which keeps a feature seen on few pairs from taking an extreme weight.
        iterations: at most this many Newton steps (it converges in a handful).

    Returns:
        The weights, intercept first.
    """
    x = np.hstack([np.ones((features.shape[0], 1)), features])
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        gradient = x.T @ (labels - p) - penalty * beta
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta = beta + step
        if np.max(np.abs(step)) < 1e-8:
            break
    return beta
