"""The supplier-name matcher on the cases a PSD reviewer must be able to trust: hard negatives never link
automatically, card strings reach their register names, reviewer decisions win and survive a re-export."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest

from xref.matching import MatchResult, match_names
from xref.overrides import read_overrides

REGISTER_NAMES = [
    "Pearson Landscapes Ltd",
    "Tesco Stores Limited",
    "Amazon UK Services Ltd",
    "Alliance Disposables Limited",
    "Westcountry Maintenance Services Ltd",
    "Capita Business Services Ltd",
    "Kier Construction Ltd",
]


def names(rows: list[tuple[str, str]], prefix: str = "N") -> pl.DataFrame:
    """A matcher input frame from (source, raw) pairs; ids are ``prefix`` + position."""
    return pl.DataFrame(
        {
            "name_id": [f"{prefix}{i:03d}" for i in range(len(rows))],
            "source": [s for s, _ in rows],
            "raw": [r for _, r in rows],
            "company_number": [None] * len(rows),
            "vat_number": [None] * len(rows),
        },
        schema={
            "name_id": pl.Utf8,
            "source": pl.Utf8,
            "raw": pl.Utf8,
            "company_number": pl.Utf8,
            "vat_number": pl.Utf8,
        },
    )


def band(result: MatchResult, raw_a: str, raw_b: str) -> str:
    """The band of the pair of names written ``raw_a`` and ``raw_b`` ('not compared' when no pair was kept)."""
    found = result.pairs.filter(
        ((pl.col("raw_a") == raw_a) & (pl.col("raw_b") == raw_b))
        | ((pl.col("raw_a") == raw_b) & (pl.col("raw_b") == raw_a))
    )
    return str(found["band"][0]) if found.height else "not compared"


def supplier(result: MatchResult, raw: str) -> str:
    return str(result.names.filter(pl.col("raw") == raw)["supplier_id"][0])


HARD_NEGATIVES = [
    ("North West Cleaning Ltd", "North East Cleaning Ltd"),
    ("ABC Ltd", "ABD Ltd"),
    ("Royal Mail Group Ltd", "Royal Bank of Scotland plc"),
    ("Royal Mail", "Royal Bank"),
    ("Fund 1 LLP", "Fund 2 LLP"),
    ("Fund 1", "Fund 2"),
    # learnt from the labelled spend files
    ("A Consultancy Services Ltd", "LP Consultancy Services Ltd"),
    ("B & M Engineers Limited", "M&J Engineers Ltd"),
    ("Partnerships in Care 1 Limited", "Partnerships in Care Limited"),
    (
        "Exeter College (Exeter and North Devon Colleges Group)",
        "North Devon College (Exeter and North Devon Colleges Group)",
    ),
]


@pytest.mark.parametrize(("a", "b"), HARD_NEGATIVES)
def test_hard_negatives_never_link_automatically(a: str, b: str) -> None:
    result = match_names(names([("contracts", a), ("gifts", b), ("payments", "Zanzibar Widgets Ltd")]))
    assert band(result, a, b) != "auto"
    assert supplier(result, a) != supplier(result, b)


@pytest.mark.parametrize(
    ("card", "register"),
    [
        ("SUMUP *PEARSONLANDSCAP", "Pearson Landscapes Ltd"),
        ("TESCO STORES 2145", "Tesco Stores Limited"),
        ("AMAZON MKTPLACE PMTS", "Amazon UK Services Ltd"),
        ("AMZN MKTP UK*2X3AB4", "Amazon UK Services Ltd"),
        ("ALLIANCE DISPOSABLES LIMI", "Alliance Disposables Limited"),  # cut at 25 characters
        ("WESTCOUNTRY MAINTENANCE S", "Westcountry Maintenance Services Ltd"),  # cut at 25 characters
    ],
)
def test_card_strings_reach_their_register_names(card: str, register: str) -> None:
    assert len(card) <= 25
    rows = [("contracts", r) for r in REGISTER_NAMES] + [("cards", card)]
    result = match_names(names(rows))
    assert band(result, card, register) in {"auto", "review"}


def test_number_on_one_side_only_needs_review() -> None:
    result = match_names(names([("contracts", "Voyage 1 Limited"), ("payments", "Voyage")]))
    assert band(result, "Voyage 1 Limited", "Voyage") == "review"
    pair = result.pairs.row(0, named=True)
    assert "a number on one side only (1)" in pair["explanation"]


def test_masked_account_numbers_and_spelling_variants_link() -> None:
    rows = [
        ("payments", "FREELINE GRAPHICS ****7006"),
        ("payments", "Freeline Graphics"),
        ("payments", "I T S O LTD"),
        ("payments", "ITSO Ltd"),
        ("payments", "COLEBROOK (SOUTHWEST) LIMITED"),
        ("payments", "COLEBROOK SW LTD"),
        ("payments", "EMMA CROSS C/O MAGDALEN CHAMBERS"),
        ("payments", "EMMA CROSS CARE OF MAGDALEN CHAMBERS"),
    ]
    result = match_names(names(rows))
    for i in range(0, len(rows), 2):
        assert supplier(result, rows[i][1]) == supplier(result, rows[i + 1][1]), rows[i]


def test_a_common_word_alone_is_not_a_possible_match() -> None:
    # "Foundation" is in many names: "Foundation 92" is not a possible match for every foundation.
    words = ("Cora", "Ewing", "Living Wage", "Salford", "St Bede's", "Lagan's", "Sale", "Bolton", "Cricket", "Oak")
    others = [f"{w} Foundation" for w in (*words, "Ash", "Elm")]
    result = match_names(names([("payments", "Foundation 92"), *(("payments", o) for o in others)]))
    assert all(band(result, "Foundation 92", o) in {"reject", "not compared"} for o in others)


def _overrides(tmp_path: Path, rows: str) -> pl.DataFrame:
    path = tmp_path / "decisions.csv"
    path.write_text("name_a,name_b,decision\n" + rows, encoding="utf-8")
    return read_overrides(path)


def test_not_same_override_blocks_a_transitive_merge(tmp_path: Path) -> None:
    rows = [("contracts", "Acme Widgets Ltd"), ("gifts", "ACME WIDGETS"), ("cards", "ACME WIDGETS LIMITED")]
    plain = match_names(names(rows))
    assert len({supplier(plain, r) for _, r in rows}) == 1
    # A says B is the same and B says C is the same, but a reviewer decided A and C are different suppliers.
    overrides = _overrides(tmp_path, "Acme Widgets Ltd,ACME WIDGETS LIMITED,not_same\n")
    result = match_names(names(rows), overrides=overrides)
    assert supplier(result, "Acme Widgets Ltd") != supplier(result, "ACME WIDGETS LIMITED")
    assert result.stats["overrides_applied"] >= 1


def test_override_still_applies_after_a_re_export_with_new_ids(tmp_path: Path) -> None:
    overrides = _overrides(tmp_path, "Kier Construction Ltd,Kier Group plc,same\nROYAL MAIL,Royal Bank,same\n")
    first = [("contracts", "Kier Construction Ltd"), ("gifts", "Kier Group plc"), ("payments", "Royal Mail")]
    # next quarter: new ids, the names written a little differently
    second = [("gifts", "KIER GROUP PLC"), ("contracts", "Kier Construction Limited"), ("cards", "ROYAL BANK")]
    for rows, prefix in ((first, "Q1-"), (second, "Q2-")):
        result = match_names(names(rows, prefix=prefix), overrides=overrides)
        kier = [r for _, r in rows if r.lower().startswith("kier")]
        assert supplier(result, kier[0]) == supplier(result, kier[1])
        assert result.pairs.filter(pl.col("method") == "override").height >= 1


def test_the_pairs_frame_explains_itself() -> None:
    result = match_names(names([("contracts", "Tesco Stores Limited"), ("cards", "TESCO STORES 2145")]))
    pair = result.pairs.row(0, named=True)
    assert pair["band"] == "auto"
    assert "stripped store number '2145'" in pair["explanation"]
    assert io.StringIO(pair["features"]).read().startswith("{")


def test_worker_processes_normalise_exactly_as_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # From PARALLEL_MIN_NAMES up the work is shared with spawned workers; the result must not depend on it.
    import xref.matching as matching
    from xref.names import normalise_many

    rows = [(name, card) for name in [*REGISTER_NAMES, "AMZN MKTP UK*2X3AB4", "PAYPAL *LTD"] for card in (False, True)]
    monkeypatch.setattr(matching, "PARALLEL_MIN_NAMES", 2)
    monkeypatch.setattr(matching, "_usable_cpus", lambda: 2)
    assert matching._normalise_distinct(rows) == normalise_many(rows)


def test_a_bare_acronym_meets_the_one_name_whose_initials_it_is() -> None:
    result = match_names(
        names([("contracts", "TUC"), ("gifts", "Trades Union Congress"), ("gifts", "Leeds United Football Club")])
    )
    assert band(result, "TUC", "Trades Union Congress") == "auto"
    explanation = result.pairs.filter(pl.col("raw_a").is_in(["TUC"]) | pl.col("raw_b").is_in(["TUC"]))["explanation"]
    assert "'tuc' read as the initials of 'trades union congress'" in explanation[0]


def test_an_acronym_two_names_could_stand_for_is_left_for_review() -> None:
    result = match_names(
        names([("contracts", "TUC"), ("gifts", "Trades Union Congress"), ("gifts", "Tyne Underwater Cleaning")])
    )
    assert band(result, "TUC", "Trades Union Congress") == "review"
    assert band(result, "TUC", "Tyne Underwater Cleaning") == "review"


def test_an_abbreviation_of_words_in_a_longer_name_is_read_as_their_initials() -> None:
    result = match_names(names([("contracts", "Leeds United Football Club"), ("gifts", "Leeds United FC")]))
    assert band(result, "Leeds United Football Club", "Leeds United FC") == "auto"


def test_letters_with_a_legal_form_are_a_company_name_not_initials() -> None:
    # Devon's register (the split tuned on): "T T S GROUP LTD" and "TELENT TECHNOLOGY SERVICES LIMITED" are two
    # suppliers
    result = match_names(names([("contracts", "T T S Group Ltd"), ("gifts", "Telent Technology Services Limited")]))
    assert band(result, "T T S Group Ltd", "Telent Technology Services Limited") != "auto"
