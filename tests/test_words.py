"""Word-level evidence (xref/words.py) and the names' own aliases (xref/names.py): spellings, not other words."""

from __future__ import annotations

import pytest

from xref.names import initials, normalise
from xref.words import TYPO_SCORE, align_words, is_initials


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


@pytest.mark.parametrize(
    ("word", "words", "expected"),
    [
        ("fc", ["football", "club"], True),
        ("tuc", ["trades", "union", "congress"], True),
        ("ippr", ["institute", "for", "public", "policy", "research"], True),  # "for" left out
        ("cf", ["football", "club"], False),  # the letters follow the words in order
        ("f", ["football"], False),  # one letter is not an acronym
        ("abcdefghi", list("abcdefghi"), False),  # nine letters is a word, not initials
        ("fcb", ["football", "club"], False),
    ],
)
def test_initials_follow_the_words_in_order(word: str, words: list[str], expected: bool) -> None:
    assert is_initials(word, words) is expected


def test_an_acronym_aligns_with_the_words_it_stands_for() -> None:
    found = align_words("fc", "football club")
    assert found is not None and found.initials and found.score == 100.0
    assert found.evidence == ("'fc' read as the initials of 'football club'",)
    assert align_words("club football", "fc") is None  # the other order spells "cf"


def test_a_name_of_three_words_or_more_carries_its_initials() -> None:
    assert normalise("Trades Union Congress").initials == ("tuc",)
    assert "ippr" in normalise("The Institute for Public Policy Research").initials
    assert normalise("Leeds United").initials == ()  # two words: too few to stand for a whole name


def test_a_bracketed_acronym_of_the_name_itself_is_not_a_word_of_its_key() -> None:
    # "(CGP)" says nothing "Coalition for Global Propserity" does not; in the key it would be a word the other
    # spelling lacks, and the typing slip could no longer be read as one
    cgp = normalise("The Coalition for Global Propserity (CGP)")
    assert "cgp" not in cgp.key.split()
    assert "cgp" in cgp.aliases
    assert cgp.bracketed == ""
    # brackets that are not the name's initials stay words of the key
    assert "dawlish" in normalise("Pinehurst (Dawlish)").key.split()


def test_a_bracketed_place_before_the_legal_form_is_not_part_of_a_registered_name() -> None:
    # "(London)" says where, as "(UK)" does; "(Plumbing)" is part of what the company is called
    assert "carlton club" in normalise("Carlton Club (London) Ltd").aliases
    assert normalise("PGL Training (Plumbing) Limited").aliases == ()


def test_a_number_only_in_brackets_is_a_note_not_part_of_the_name() -> None:
    # Devon's register (the tuning split): "AMAZON BUSINESS UK (0007)" is Amazon Business UK, a store number beside it
    assert normalise("Amazon Business UK (0007)").numbers == ()
    assert normalise("Salutem Shared Services 3").numbers == ("3",)


def test_a_number_in_brackets_before_the_legal_form_is_part_of_a_registered_name() -> None:
    # Devon's register (the tuning split): "Hartford Care (3) Limited" and "(9) Ltd" are two numbered companies
    assert normalise("Hartford Care (3) Limited").numbers == ("3",)
    assert normalise("Hartford Care (9)Ltd").numbers == ("9",)
