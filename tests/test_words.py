"""Word-level evidence (xref/words.py) and the names' own aliases (xref/names.py): spellings, not other words."""

from __future__ import annotations

import pytest

from xref.names import initials, normalise
from xref.words import TYPO_SCORE, align_words


@pytest.mark.parametrize(
    ("a", "b", "score"),
    [
        ("bus comm", "business community", 100.0),  # cut short by the export
        ("associates", "association", 100.0),  # two forms of one word
        ("supply", "supplies", 100.0),
        ("institute", "institution", 100.0),
        ("threapy", "therapy", TYPO_SCORE),  # two letters swapped
        ("seimens", "siemens", TYPO_SCORE),
        ("partnershp", "partnership", TYPO_SCORE),  # a letter dropped inside the word
    ],
)
def test_spellings_of_the_same_words_align(a: str, b: str, score: float) -> None:
    found = align_words(a, b)
    assert found is not None
    assert found.score == score
    assert len(found.evidence) >= 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("summit", "orbit"),  # different words, not spellings
        ("membury", "wembury"),  # a slip keeps the first letter
        ("bell", "ball"),  # too short to call a slip
        ("kent", "surrey"),
        ("bus comm", "business"),  # 'comm' has no partner
        ("ac", "account"),  # two letters are too few to read as a cut word
        ("1", "2"),
    ],
)
def test_different_words_do_not_align(a: str, b: str) -> None:
    assert align_words(a, b) is None


def test_initials_leave_out_the_small_words() -> None:
    words = "royal society for the protection of birds".split()
    assert "rspb" in initials(words)
    assert initials(["ab", "cd"]) == ()  # two letters are too few to be read as a name's initials


def test_a_name_gives_its_bracketed_acronym_and_its_name_outside_brackets_as_aliases() -> None:
    rspb = normalise("Royal Society for the Protection of Birds (RSPB)")
    assert "rspb" in rspb.aliases
    assert normalise("RSPB").key in rspb.aliases
    nspcc = normalise("NSPCC - National Society for the Prevention of Cruelty to Children")
    assert "nspcc" in nspcc.aliases
    branch = normalise("Coodes Solicitors (Holsworthy)")
    assert normalise("Coodes Solicitors").key in branch.aliases
    assert branch.bracketed == "holsworthy"


def test_brackets_before_the_legal_form_are_part_of_the_registered_name() -> None:
    # PGL Training (Plumbing) Limited is a company of its own, not a branch of PGL Training Limited
    assert normalise("PGL Training (Plumbing) Limited").aliases == ()
    # but "(UK)" before "Limited" is filler
    assert normalise("PEAC (UK) Limited").aliases == (normalise("PEAC Limited").key,)


def test_a_bracketed_word_that_is_not_the_initials_is_not_an_alias_of_its_own() -> None:
    assert "heaton" not in normalise("Angela Court Ltd (Heaton)").aliases


def test_roman_numerals_after_the_first_word_are_numbers() -> None:
    assert normalise("Salutem Shared Services III Ltd").numbers == ("3",)
    assert normalise("Vi Spring Ltd").numbers == ()  # the first word is a name
