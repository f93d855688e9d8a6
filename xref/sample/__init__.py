"""Seeded generator of a fictional force's registers: what ``sample_data/`` is made from (``xref generate``).

"Wessex Police" is fictional. Its registers cover the quarter 2025Q1 plus the history the rules look back over,
written the way real exports look (headings, date and money styles, title rows, totals lines, nil returns,
Windows-1252 text) as seen in the public registers this project was built against.

The *background* is large and ordinary: real supplier names (``xref/data/sample_suppliers.csv``) split into
disjoint pools so that no background record links across registers — contract suppliers, card merchants, gift
offerors and business interests never share a distinctive word. Every cross-register link therefore comes from a
*planted* case: a true conflict that a rule must flag, or a look-alike decoy that it must not. Planted suppliers are
made-up names (many from Thomas Hardy's Wessex), so no real company is shown doing anything suspicious. The cases
are written to ``planted.csv`` and described in ``README.md``; the end-to-end test checks every one.

Same seed, same bytes: nothing here reads the clock or the environment.

The package: :mod:`~xref.sample.model` (the people, cases, records and their builder), :mod:`~xref.sample.background`
(the ordinary records), :mod:`~xref.sample.planted` (the cases per rule) and :mod:`~xref.sample.writers` (the files).
It is a tool beside the product: nothing in a run imports it. Names with a leading underscore are the package's own.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from xref.sample.background import (
    _background,
    _background_companies,
    _background_leavers,
    _staff,
    _supplier_pools,
)
from xref.sample.model import (
    PLANTED_PEOPLE,
    Force,
    _Builder,
)
from xref.sample.planted import (
    _plant,
)
from xref.sample.writers import (
    _assign_ids,
    _current_staff,
    write_force,
)


def generate(out_dir: Path, *, seed: int = 2025, scale: float = 1.0) -> dict[str, Any]:
    """Write the fictional force's registers, config, planted cases and README into ``out_dir``.

    Args:
        out_dir: folder to write into (created if missing; existing files of the same names are replaced).
        seed: random seed; the same seed and scale give the same bytes.
        scale: multiplies the volume of background records (planted cases are always all present).

    Returns:
        A manifest: ``files`` (name → SHA-256), ``rows`` per register, ``cases`` (count by expectation).
    """
    force = build_force(seed=seed, scale=scale)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = write_force(force, out_dir)
    manifest: dict[str, Any] = {
        "files": {name: hashlib.sha256((out_dir / name).read_bytes()).hexdigest() for name in sorted(files)},
        "rows": {
            "staff": len(_current_staff(force)),
            "contracts": len(force.contracts),
            "cards": len(force.cards),
            "gifts": len(force.gifts),
            "interests": len(force.interests),
            "payments": len(force.payments),
            "contract_roles": len(force.roles),
            "leavers": len(force.leavers),
            "companies": len(force.companies),
            "officers": len(force.officers),
            "psc": len(force.psc),
        },
        "cases": {
            "flag": sum(c.expect == "flag" for c in force.cases),
            "no_flag": sum(c.expect == "no_flag" for c in force.cases),
        },
    }
    return manifest


def build_force(*, seed: int = 2025, scale: float = 1.0) -> Force:
    """Generate the whole force in memory (no files written)."""
    b = _Builder(seed, scale)
    _staff(b)
    pools = _supplier_pools(b)
    planted_people = b.force.staff[:PLANTED_PEOPLE]  # reserved for planted cases, never in the background
    background_people = b.force.staff[PLANTED_PEOPLE:]
    _background(b, pools, background_people)
    _plant(b, iter(planted_people))
    # drawn last, so that the leavers and companies files leave the other registers' random draws as they were
    b.planting = False
    _background_leavers(b)
    _background_companies(b)
    _assign_ids(b.force)
    for register in ("contracts", "cards", "gifts", "interests", "payments", "officers", "psc"):
        for row in getattr(b.force, register):
            for case_id, ref_col in row.pop("_cases", []):
                b.cases[case_id].refs.setdefault(ref_col, []).append(row["id"])
    for c in b.force.cases:
        if c.same_as:
            c.refs = {k: list(v) for k, v in b.cases[c.same_as].refs.items()}
    b.force.cases.sort(key=lambda c: (c.rule_id, c.expect != "flag", c.case_id))
    return b.force
