"""The matcher's probability model (``xref/calibration.py``): the fit recovers known weights, the shipped weights
cover every feature, more evidence for gives a higher probability, and a rare reason against stays a rule."""

from __future__ import annotations

import numpy as np
import polars as pl

from xref.calibration import CONTRADICTIONS, FEATURES, INTERCEPT, REASONS, fit, outweighed, probability, weights


def test_fit_recovers_the_weights_that_made_the_labels() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(20_000, 3))
    true = np.array([-0.5, 2.0, -1.0, 0.0])
    p = 1 / (1 + np.exp(-(true[0] + x @ true[1:])))
    y = (rng.random(len(p)) < p).astype(float)
    beta = fit(x, y, l2=0.0)
    assert np.allclose(beta, true, atol=0.1)


def test_shipped_weights_cover_every_feature() -> None:
    assert set(weights()) == {INTERCEPT, *FEATURES}


def _pair(**overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "raw_score": 100.0,
        "method": "token_set",
        "by_initials": False,
        "shared_distinctive": 1,
        "shared_unusual": 0,
        "ambiguous_with": None,
        **{column: False for column in REASONS.values()},
    }
    row.update(overrides)
    return row


def _probabilities(*rows: dict[str, object]) -> list[float]:
    frame = pl.DataFrame(list(rows), schema_overrides={"ambiguous_with": pl.Utf8})
    return frame.select(probability())["probability"].to_list()


def test_more_evidence_for_gives_a_higher_probability() -> None:
    plain, rarer, lower = _probabilities(_pair(), _pair(shared_distinctive=3), _pair(raw_score=88.0))
    assert 0.0 < lower < plain < rarer < 1.0


def test_a_reason_against_lowers_the_probability() -> None:
    plain, against = _probabilities(_pair(), _pair(against_numbers=True))
    assert against < plain


def test_a_reason_too_rare_to_weigh_is_never_outweighed() -> None:
    # "the same words, repeated differently" was seen on too few labelled pairs to weigh (xref/data)
    frame = pl.DataFrame([_pair(against_repeats=True), _pair(against_subset=True), _pair()])
    assert frame.select(outweighed()).to_series().to_list() == [False, True, True]


def test_numbers_that_differ_are_never_outweighed() -> None:
    # "HC-One No 1 Ltd" / "HC-One No 3 Ltd" are sister companies, however likely one group the labels make them
    assert "numbers_differ" in CONTRADICTIONS and weights()["numbers_differ"] < 0
    frame = pl.DataFrame([_pair(against_numbers=True), _pair(against_brackets=True)])
    assert frame.select(outweighed()).to_series().to_list() == [False, True]
