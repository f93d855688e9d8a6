"""The sample-data generator: deterministic, and the committed sample_data/ is exactly what it writes."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT

from xref.names import normalise
from xref.rules import REFERENCE_COLUMNS
from xref.sample import build_force, generate
from xref.sample.background import _FILLER, _companies_house_name, _near_threshold, _plain_words
from xref.sample.model import PERIOD_TO, _read_data_csv

SAMPLE = ROOT / "sample_data"
pytestmark = pytest.mark.generator  # the whole file takes about a second, so it runs by default


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    generate(out, seed=2025)
    return out


def test_committed_sample_data_is_what_the_generator_writes(generated: Path) -> None:
    committed, fresh = files_in(SAMPLE), files_in(generated)
    assert sorted(committed) == sorted(fresh), "run `make sample-data` and review the diff"
    changed = [name for name in fresh if committed[name] != fresh[name]]
    assert not changed, f"sample_data differs from the generator in {changed}; run `make sample-data`"


def test_same_seed_same_bytes_other_seed_other_data(generated: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    manifest = generate(again, seed=2025)
    assert files_in(again) == files_in(generated)
    assert set(manifest["files"]) == set(files_in(again))
    other = tmp_path / "other"
    generate(other, seed=7)
    assert files_in(other)["staff/staff_list_march_2025.csv"] != files_in(again)["staff/staff_list_march_2025.csv"]


def test_scale_changes_background_volume_not_planted_cases() -> None:
    small, full = build_force(scale=0.2), build_force(scale=1.0)
    assert len(small.cards) < len(full.cards) / 3
    assert [(c.case_id, c.expect) for c in small.cases] == [(c.case_id, c.expect) for c in full.cases]


def test_every_planted_case_names_its_records() -> None:
    with (SAMPLE / "planted.csv").open(encoding="utf-8") as fh:
        cases = list(csv.DictReader(fh))
    assert len({c["case_id"] for c in cases}) == len(cases)
    for c in cases:
        refs = [c[k] for k in REFERENCE_COLUMNS if c[k]]
        if c["rule_id"] == "R024":  # one summary flag per period, naming no record
            assert c["period"] and not refs, c["case_id"]
        else:
            assert refs and not c["period"], c["case_id"]
            assert c["supplier"], c["case_id"]
            assert c["staff"] or c["rule_id"] == "R026", c["case_id"]  # the payments register names no one
        assert c["note"], c["case_id"]
        assert c["case_id"] in (SAMPLE / "README.md").read_text(encoding="utf-8")


def test_background_keeps_single_register_rules_quiet() -> None:
    """The rule defaults the background is written to respect (test_e2e checks the rules themselves)."""
    force = build_force()
    holidays = {dt.date.fromisoformat(r["date"]) for r in _read_data_csv("bank_holidays_england_wales.csv")}
    restricted = {"5813", "5921", "5993", "6010", "6011", "6051", "4829", "7995"}
    for t in (t for t in force.cards if not t["planted"]):
        assert t["date"].weekday() < 5 and t["date"] not in holidays, t
        assert t["mcc"] not in restricted and abs(t["amount"]) < 470, t
        assert not (abs(t["amount"]) >= 100 and round(abs(t["amount"]) * 100) % 5000 == 0), t
    for g in (g for g in force.gifts if not g["planted"]):
        assert 0 <= (g["declared"] - g["date"]).days <= 28 and g["value"] is not None, g
        if g["status"].startswith("Accepted"):
            assert g["value"] < 100 and g["approver"] and g["approver"] != g["recipient"].with_rank, g
    assert not [c for c in force.contracts if not c["planted"] and _near_threshold(c["value"])]
    for i in (i for i in force.interests if not i["planted"]):
        if i["status"].startswith("Approved") and i["end_date"] is None:
            assert i["reviewed"] >= dt.date(2024, 4, 1) and i["next_review"] > PERIOD_TO, i


def test_background_leavers_and_companies_keep_r022_r023_quiet() -> None:
    """Background leavers hold no contract role and join no supplier; background companies are old (R022, R023)."""
    force = build_force()
    on_staff_list = {p.staff_id for p in force.staff}
    role_holders = {r["staff"] for r in force.roles}
    supplier_words = {w for r in force.contracts for w in _plain_words(r["supplier"])}
    background = [r for r in force.leavers if not r["planted"]]
    assert len(background) > 20 and sum(not r["employer"] for r in background) > len(background) / 3
    for r in background:
        person = r["person"]
        assert person.staff_id not in on_staff_list, r
        assert not {person.name, person.with_rank} & role_holders, r
        assert not _plain_words(r["employer"]) & supplier_words, r
        assert dt.date(2024, 4, 1) <= r["left"] <= PERIOD_TO, r
    awards: dict[str, list[dt.date]] = {}
    for c in force.contracts:
        awards.setdefault(_companies_house_name(c["supplier"]), []).append(c["award_date"])
    companies = [c for c in force.companies if not c["planted"]]
    assert len(companies) > 100
    assert len({c["number"] for c in force.companies}) == len(force.companies)
    for c in companies:
        assert awards[c["name"]], c
        assert all((award - c["incorporated"]).days >= 365 for award in awards[c["name"]]), c


def test_background_pools_share_no_distinctive_word() -> None:
    """Background suppliers of different registers share no rare word (card strings: test_e2e's exact-flags test)."""
    force = build_force()
    contract = {r["supplier"] for r in force.contracts if not r["planted"]}
    offerors = {r["offeror"] for r in force.gifts if not r["planted"]}
    interests = {r["organisation"] for r in force.interests if not r["planted"]}

    def words(names: set[str]) -> set[str]:
        return {w for n in names for w in normalise(n).key.split()}

    every = [n for pool in (contract, offerors, interests) for n in pool]
    counts = Counter(w for n in every for w in set(normalise(n).key.split()))
    rare = {w for w, n in counts.items() if n <= 10} - _FILLER  # "for", "and"... are not distinctive however rare
    assert len(rare) > 500  # the check below has something to bite on
    assert not words(contract) & words(offerors) & rare
    assert not words(contract) & words(interests) & rare
    assert not words(offerors) & words(interests) & rare
