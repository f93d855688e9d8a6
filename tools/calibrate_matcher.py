"""Fit the matcher's probability model (``xref/calibration.py``) and write ``xref/data/match_calibration.csv``.

A developer tool, not part of the xref package: nothing in ``xref`` imports it. Run it from the repository root::

    .venv/bin/python tools/calibrate_matcher.py \
        --labels ../shared/realdata/labels/name_identifier_observations_dev.csv --publisher Devon

It runs the matcher over every identifier scheme of the labelled names of the tuning publishers (each distinct
spelling once, as ``xref matches evaluate --unit spelling`` does), takes every pair the matcher keeps, labels it
1 when the register gives both names the same identifier and 0 when it gives them different ones, and fits a
logistic regression (:func:`xref.calibration.fit`) on the evidence of :data:`xref.calibration.FEATURES`.

The labels are the registers' own: two supplier records for one firm count as two organisations, so the fitted
probability is that of "the register gives them one identifier", a little below the chance they are one
organisation (docs/matching.md).

Trafford and Oxford are the reporting split (docs/matching.md): the script refuses them, so their labels can only be
used to measure. ``--check PUBLISHER`` prints, for a publisher, how the fitted probabilities compare with what the
labels say (a reliability table) without fitting on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np
import polars as pl

from xref.calibration import FEATURES, INTERCEPT, fit
from xref.evaluate import evaluate_labels, identifiers_by_spelling, spelling

REPORTING_SPLIT = ("trafford", "oxford")
OUT = Path("xref/data/match_calibration.csv")
BINS = (0.0, 0.05, 0.2, 0.5, 0.8, 0.95, 1.0001)


def labelled_pairs(labels: Path, publishers: tuple[str, ...]) -> pl.DataFrame:
    """Every pair the matcher keeps among the labelled names, with its evidence, probability and label.

    A pair is one organisation when the two spellings share an identifier in any scheme: two supplier records of
    one firm have two internal ids but one VAT number.
    """
    report = evaluate_labels([labels], unit="spelling", publishers=publishers)
    ids_of = identifiers_by_spelling(report)
    frames = []
    for scheme in report.schemes:
        names = scheme.names.select("name_id", "name")
        pairs = (
            scheme.xref_pairs.select("name_a", "name_b", "band", "features")
            .join(names.rename({"name_id": "name_a", "name": "text_a"}), on="name_a")
            .join(names.rename({"name_id": "name_b", "name": "text_b"}), on="name_b")
        )
        same = [
            int(bool(ids_of[spelling(a)] & ids_of[spelling(b)]))
            for a, b in pairs.select("text_a", "text_b").iter_rows()
        ]
        decoded = [json.loads(f) for f in pairs["features"].to_list()]
        frames.append(
            pl.DataFrame(
                {
                    "scheme": [scheme.scheme] * pairs.height,
                    "band": pairs["band"],
                    "same": pl.Series(same, dtype=pl.Int8),
                    "probability": [d["probability"] for d in decoded],
                    **{name: [float(d["evidence"][name]) for d in decoded] for name in FEATURES},
                }
            )
        )
    return pl.concat(frames)


def reliability(pairs: pl.DataFrame) -> list[str]:
    """Predicted against observed share of same-organisation pairs, by probability band."""
    lines = [f"{'probability':<12}{'pairs':>7}{'mean p':>8}{'same':>8}"]
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        part = pairs.filter((pl.col("probability") >= lo) & (pl.col("probability") < hi))
        if part.height:
            lines.append(
                f"{lo:.2f}-{min(hi, 1):.2f}".ljust(12)
                + f"{part.height:>7}{part['probability'].mean():>8.3f}{part['same'].mean():>8.3f}"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Fit and write the weights, or (``--check``) print reliability tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, required=True)
    parser.add_argument("--publisher", action="append", default=[], help="a tuning publisher (repeatable)")
    parser.add_argument("--check", action="append", default=[], help="print reliability on this publisher")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    held_out = [p for p in args.publisher if any(r in p.lower() for r in REPORTING_SPLIT)]
    if held_out:
        sys.exit(f"{', '.join(held_out)} is in the reporting split (docs/matching.md): fit on other publishers")
    if args.check:
        for publisher in args.check:
            pairs = labelled_pairs(args.labels, (publisher,))
            print(f"{publisher}: {pairs.height} pairs kept, {int(pairs['same'].sum())} with one identifier")  # noqa: T201
            print("\n".join(reliability(pairs)))  # noqa: T201
        return 0
    if not args.publisher:
        sys.exit("give at least one --publisher to fit on")
    pairs = labelled_pairs(args.labels, tuple(args.publisher))
    x = pairs.select(list(FEATURES)).to_numpy()
    y = pairs["same"].to_numpy().astype(float)
    beta = fit(x, y, l2=args.l2)
    p = 1.0 / (1.0 + np.exp(-(np.hstack([np.ones((x.shape[0], 1)), x]) @ beta)))
    brier = float(np.mean((p - y) ** 2))
    log_loss = float(-np.mean(y * np.log(np.clip(p, 1e-12, 1)) + (1 - y) * np.log(np.clip(1 - p, 1e-12, 1))))
    header = [
        f"# fitted by tools/calibrate_matcher.py on {dt.date.today().isoformat()}: logistic regression (L2 {args.l2})",
        f"# on the pairs the matcher keeps among the labelled spellings of {', '.join(args.publisher)}",
        f"# ({args.labels.name}, every identifier scheme; docs/matching.md: the tuning split)",
        f"# pairs {len(y)}, with one identifier {int(y.sum())}; Brier {brier:.4f}, log loss {log_loss:.4f}",
        "# pairs: how many of them have the feature (non-zero)",
    ]
    support = (x != 0).sum(axis=0)
    rows = [f"{INTERCEPT},{beta[0]:.6f},{len(y)}"] + [
        f"{n},{b:.6f},{int(k)}" for n, b, k in zip(FEATURES, beta[1:], support, strict=True)
    ]
    args.out.write_text("\n".join([*header, "feature,weight,pairs", *rows]) + "\n", encoding="utf-8")
    print("\n".join(header))  # noqa: T201
    for row in rows:
        print(row)  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
