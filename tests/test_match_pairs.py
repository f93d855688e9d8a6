"""The supplier-name matcher scored on a hand-made suite of real organisation-name pairs.

``tests/data/match_pairs.csv`` (provenance in ``match_pairs.PROVENANCE.md``) holds pairs a careful reviewer judged:
kinds 1-4 are the same organisation written two ways (abbreviations, acronyms, one-letter typos, filler around the
core) and must be linked; kinds 6-8 are different organisations that look alike (only generic words shared, a
different place, a short name meeting a longer one through one word) and must not be. The matcher runs once over
every name, ``name_a`` in the contracts register and ``name_b`` in the gifts register, as a real run would; a pair is
linked when both names get the same ``supplier_id`` (the auto band).

Print the per-kind table with ``.venv/bin/python -m tests.test_match_pairs``.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from xref.config import MatchSettings
from xref.matching import MatchResult, match_names

DATA = Path(__file__).resolve().parent / "data" / "match_pairs.csv"

KINDS = {
    1: "abbreviations of common words",
    2: "acronyms",
    3: "one-letter typos",
    4: "filler around the same core",
    6: "only generic words shared",
    7: "different place",
    8: "short name, one shared word",
}
SAME_KINDS = {1, 2, 3, 4}
RECALL_MIN = 0.90
"""Share of same-organisation pairs (kinds 1-4) that must be linked."""
FALSE_LINK_MAX = 0.02
"""Share of different-organisation pairs (kinds 6-8) that may be linked."""
CONTRACTS, GIFTS = "contracts", "gifts"
SHOW_FAILURES = 30


@dataclass(frozen=True)
class Pair:
    kind: int
    same: bool
    name_a: str
    name_b: str
    source: str
    note: str


@dataclass(frozen=True)
class Scored:
    pair: Pair
    linked: bool
    band: str
    """Band of the direct pair between the two names ('not compared' when the matcher kept no such pair)."""


def load_pairs(path: Path = DATA) -> list[Pair]:
    with path.open(newline="", encoding="utf-8") as f:
        return [
            Pair(int(r["kind"]), r["same"] == "1", r["name_a"], r["name_b"], r["source"], r["note"])
            for r in csv.DictReader(f)
        ]


def name_id(register: str, raw: str) -> str:
    return f"{register}|{raw}"


def matcher_input(pairs: list[Pair]) -> pl.DataFrame:
    """One row per distinct (register, name): ``name_a`` spellings in contracts, ``name_b`` spellings in gifts."""
    rows = dict.fromkeys([(CONTRACTS, p.name_a) for p in pairs] + [(GIFTS, p.name_b) for p in pairs])
    return pl.DataFrame(
        {
            "name_id": [name_id(s, r) for s, r in rows],
            "source": [s for s, _ in rows],
            "raw": [r for _, r in rows],
            "company_number": [None] * len(rows),
            "vat_number": [None] * len(rows),
        },
        schema={name: pl.Utf8 for name in ("name_id", "source", "raw", "company_number", "vat_number")},
    )


def score_pairs(pairs: list[Pair], settings: MatchSettings | None = None) -> list[Scored]:
    """Run the matcher once over every name of the suite and say, per pair, whether it was linked."""
    result: MatchResult = match_names(matcher_input(pairs), settings=settings)
    supplier = dict(zip(result.names["name_id"].to_list(), result.names["supplier_id"].to_list(), strict=True))
    bands: dict[frozenset[str], str] = {}
    for a, b, band in result.pairs.select("name_a", "name_b", "band").iter_rows():
        bands[frozenset((a, b))] = band
    scored = []
    for p in pairs:
        a, b = name_id(CONTRACTS, p.name_a), name_id(GIFTS, p.name_b)
        scored.append(Scored(p, supplier[a] == supplier[b], bands.get(frozenset((a, b)), "not compared")))
    return scored


def kind_rates(scored: list[Scored]) -> dict[int, tuple[int, int]]:
    """Per kind: (pairs linked, pairs)."""
    linked = Counter(s.pair.kind for s in scored if s.linked)
    total = Counter(s.pair.kind for s in scored)
    return {k: (linked[k], total[k]) for k in sorted(total)}


def overall_rates(scored: list[Scored]) -> tuple[float, float]:
    """(share of same pairs linked, share of different pairs linked)."""
    same = [s.linked for s in scored if s.pair.same]
    different = [s.linked for s in scored if not s.pair.same]
    return sum(same) / max(len(same), 1), sum(different) / max(len(different), 1)


def rate_table(scored: list[Scored]) -> str:
    lines = [f"{'kind':<4} {'what':<30} {'same':>4} {'linked':>7} {'pairs':>5} {'rate':>6}"]
    for kind, (n_linked, n) in kind_rates(scored).items():
        same = "yes" if kind in SAME_KINDS else "no"
        lines.append(f"{kind:<4} {KINDS.get(kind, '?'):<30} {same:>4} {n_linked:>7} {n:>5} {n_linked / n:>6.1%}")
    recall, false_links = overall_rates(scored)
    lines.append(f"same pairs linked: {recall:.1%} (need >= {RECALL_MIN:.0%})")
    lines.append(f"different pairs linked: {false_links:.1%} (need <= {FALSE_LINK_MAX:.0%})")
    return "\n".join(lines)


def failures(scored: list[Scored]) -> list[Scored]:
    """Same pairs left apart and different pairs linked, in file order."""
    return [s for s in scored if s.linked != s.pair.same]


def describe(s: Scored) -> str:
    verdict = "not linked" if s.pair.same else "LINKED"
    return (
        f"  kind {s.pair.kind} {verdict} (pair band: {s.band}): {s.pair.name_a!r} / {s.pair.name_b!r} — {s.pair.note}"
    )


@pytest.fixture(scope="module")
def scored() -> list[Scored]:
    return score_pairs(load_pairs())


def test_suite_file_is_well_formed() -> None:
    pairs = load_pairs()
    assert len(pairs) >= 220
    assert all(p.source.strip() for p in pairs), "every pair needs its provenance"
    assert {p.kind for p in pairs} <= set(KINDS)
    wrong_label = [p for p in pairs if p.same != (p.kind in SAME_KINDS)]
    assert not wrong_label, f"same must be 1 for kinds 1-4 and 0 for kinds 6-8: {wrong_label[:5]}"
    assert all(p.name_a.strip() and p.name_b.strip() and p.name_a != p.name_b for p in pairs)
    keys = Counter(frozenset((p.name_a.casefold(), p.name_b.casefold())) for p in pairs)
    duplicates = [sorted(k) for k, n in keys.items() if n > 1]
    assert not duplicates, f"duplicate pairs: {duplicates}"


def _report(scored: list[Scored]) -> str:
    failed = failures(scored)
    return "\n".join(
        [
            rate_table(scored),
            f"failing pairs ({len(failed)}, first {SHOW_FAILURES}):",
            *(describe(s) for s in failed[:SHOW_FAILURES]),
        ]
    )


def test_matcher_keeps_different_organisations_apart(scored: list[Scored]) -> None:
    _, false_links = overall_rates(scored)
    assert false_links <= FALSE_LINK_MAX, _report(scored)


def test_matcher_links_same_organisations(scored: list[Scored]) -> None:
    recall, _ = overall_rates(scored)
    assert recall >= RECALL_MIN, _report(scored)


if __name__ == "__main__":
    results = score_pairs(load_pairs())
    print(rate_table(results))  # noqa: T201
    for s in failures(results):
        print(describe(s))  # noqa: T201
