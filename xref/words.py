"""Word-level evidence for the supplier matcher (``xref/matching.py``): is one word a spelling of another?

Two names that differ only in how some words are written (``Comm Bus Assoc`` / ``Community Business
Association``, ``Threapy`` / ``Therapy``, ``Educational`` / ``Education``) are one supplier; two that differ in a
*word* (``Summit`` / ``Orbit``) are not. :func:`align_words` pairs every word one name has and the other lacks with
a word of the other, and says how each pair is related, so the explanation on a case card can name it.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz.distance import OSA

MIN_CUT = 3
"""A word cut short to at least this many letters is a spelling of the whole word (``bus`` / ``business``)."""
MIN_STEM = 5
"""Two words that share a stem of at least this many letters, and end in two of :data:`ENDINGS` after it, are
forms of one word (``associates`` / ``association``, ``institute`` / ``institution``, ``supply`` / ``supplies``);
other endings make other words (``johnson`` / ``johnston``)."""
ENDINGS = frozenset(
    {"", "s", "es", "e", "y", "ies", "ion", "ions", "ation", "ations", "ate", "ates", "ated", "al", "ally", "ing"}
    | {"ings", "ed", "er", "ers", "ive", "ives", "ist", "ists", "ment", "ments", "ship", "ships", "ic", "ics"}
    | {"ical", "ional", "ance", "ence", "ancy", "ency", "ant", "ent", "ants", "ents", "ity", "ities", "or", "ors"}
)
"""English word endings (the common noun, verb and adjective suffixes)."""
MIN_TYPO = 5
"""Words of at least this many letters one edit apart (a letter dropped, doubled, changed or two swapped) are a
typing slip (``seimens`` / ``siemens``) when they start with the same letter; shorter words one edit apart are as
often different words (``bell`` / ``ball``)."""
TYPO_SCORE = 97.0
"""The score of a pair whose differing words are all spellings, when one of them is a typing slip: still in the auto
band, but below a pair whose words are only cut short, so the ranking prefers the plainer spelling."""


COMMON_SHARE = 0.002
"""A word held by at least this share of UK organisation names (1 in 500: ``services``, ``care``, ``learning``)
is common: it says little about which organisation a name is, however rare it is in one force's files."""
FREQUENCY_FILE = "org_word_frequency.csv"


UNUSUAL_MAX_DF = 10
"""A word held by at most this many of the frequency list's names (1 in 20,000: ``allwyn`` 3, ``radiate`` none;
``thrive`` has 18, ``capital`` 154) is unusual enough to say which organisation a one-word name is."""
KNOWN_MIN_NAMES = 3
"""A word held by at least this many names of the frequency list is a word in its own right, not a typing slip."""


@cache
def _frequencies() -> tuple[int, dict[str, int]]:
    """The names in the corpus of ``xref/data/org_word_frequency.csv`` and, per word, how many of them hold it.

    ``xref/data/README.md`` says how it was built and from what. The file ships with the package: without it no
    word could be weighed, so a missing file is an error, not an empty list.
    """
    lines = resources.files("xref").joinpath("data", FREQUENCY_FILE).read_text(encoding="utf-8").splitlines()
    names = next(int(line.split(":")[1]) for line in lines if line.startswith("# names:"))
    rows = csv.DictReader(line for line in lines if not line.startswith("#"))
    return names, {r["word"]: int(r["doc_frequency"]) for r in rows}


def word_frequencies() -> tuple[int, dict[str, int]]:
    """The frequency list: names in its corpus, and per word how many of them hold it (read once)."""
    return _frequencies()


@cache
def common_words() -> frozenset[str]:
    """Words held by at least :data:`COMMON_SHARE` of UK organisation names."""
    names, df = _frequencies()
    return frozenset(w for w, n in df.items() if n >= COMMON_SHARE * names)


@cache
def known_words() -> frozenset[str]:
    """Words UK organisation names use in their own right (held by :data:`KNOWN_MIN_NAMES` names or more)."""
    return frozenset(w for w, n in _frequencies()[1].items() if n >= KNOWN_MIN_NAMES)


@dataclass(frozen=True)
class Alignment:
    """How the words two names do not share pair up: the score it supports and one line of evidence per pair."""

    score: float
    evidence: tuple[str, ...]
    typos: int
    initials: bool = False
    """One name's word is the initials of the other's words (``fc`` / ``football club``)."""


def _relation(x: str, y: str) -> tuple[int, str] | None:
    """How word ``x`` relates to word ``y`` (lower rank is plainer), or None when they are different words."""
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    if short.isdigit() or long.isdigit():
        return None
    if len(short) >= MIN_CUT and long.startswith(short):
        if long[len(short) :] in ("s", "es"):
            return 0, f"'{x}' and '{y}' are forms of one word"
        return 0, f"'{short}' read as '{long}' (cut short)"
    stem = 0
    for c1, c2 in zip(short, long, strict=False):
        if c1 != c2:
            break
        stem += 1
    if stem >= MIN_STEM and short[stem:] in ENDINGS and long[stem:] in ENDINGS:
        return 1, f"'{x}' and '{y}' are forms of one word"
    # A slip keeps the first letter: people start a name right ("Membury" / "Wembury" are two villages). And it is
    # not a word UK organisation names use in its own right: "Johnson" and "Johnston" are two names, not a slip.
    known = known_words()
    if (
        len(short) >= MIN_TYPO
        and x[0] == y[0]
        and not (x in known and y in known)
        and OSA.distance(x, y, score_cutoff=1) <= 1
    ):
        return 2, f"'{x}' and '{y}' differ by one letter (a typing slip)"
    return None


MIN_INITIALS = 2
"""An acronym stands for at least this many words (``fc`` / ``football club``; one letter is not an acronym)."""
MAX_INITIALS = 8
"""...and at most this many: a longer word is a word, not a run of initials."""


ACRONYM_SKIPPED = frozenset({"and", "the", "of", "for", "to", "in", "on", "at", "a", "an"})
"""Words an acronym usually leaves out (the RSPB is the Royal Society *for the* Protection *of* Birds)."""


def initials(words: Sequence[str], *, min_letters: int = MIN_INITIALS) -> tuple[str, ...]:
    """The acronyms a run of words can stand for, of at least ``min_letters`` letters.

    The first letters of every word, and of its words other than :data:`ACRONYM_SKIPPED`.
    """
    every = "".join(w[0] for w in words if w)
    content = "".join(w[0] for w in words if w and w not in ACRONYM_SKIPPED)
    return tuple(dict.fromkeys(a for a in (content, every) if len(a) >= min_letters))


def is_initials(word: str, words: Sequence[str]) -> bool:
    """``word`` is the first letters of ``words``, in order.

    ``tuc`` / ``trades union congress``; ``ippr`` / ``institute for public policy research``.
    """
    return MIN_INITIALS <= len(word) <= MAX_INITIALS and word.isalpha() and len(words) >= 2 and word in initials(words)


@lru_cache(maxsize=200_000)
def align_words(left_a: str, left_b: str) -> Alignment | None:
    """Pair each word of ``left_a`` with a word of ``left_b`` and back (space-separated words each name lacks).

    Returns None unless every word on both sides has a partner that is a spelling of it (cut short, another form
    of it, or a one-letter slip). A word may partner several (``comm bus`` / ``community business`` pair one to
    one; ``assoc associates`` / ``association`` pair both to one). A single word that is the initials of all the
    other side's words, in the order the name gives them, stands for them (``fc`` / ``football club``).
    """
    words_a, words_b = left_a.split(), left_b.split()
    if not words_a or not words_b:
        return None
    for one, many in ((words_a, words_b), (words_b, words_a)):
        if len(one) == 1 and is_initials(one[0], many):
            note = f"'{one[0]}' read as the initials of '{' '.join(many)}'"
            return Alignment(score=100.0, evidence=(note,), typos=0, initials=True)
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for x in words_a:
        for y in words_b:
            found = _relation(x, y)
            if found is not None:
                best[(x, y)] = found
    if not all(any((x, y) in best for y in words_b) for x in words_a):
        return None
    if not all(any((x, y) in best for x in words_a) for y in words_b):
        return None
    chosen: dict[tuple[str, str], tuple[int, str]] = {}
    for x in words_a:
        y = min((y for y in words_b if (x, y) in best), key=lambda y: best[(x, y)][0])
        chosen[(x, y)] = best[(x, y)]
    for y in words_b:
        if not any(pair[1] == y for pair in chosen):
            x = min((x for x in words_a if (x, y) in best), key=lambda x: best[(x, y)][0])
            chosen[(x, y)] = best[(x, y)]
    typos = sum(1 for rank, _ in chosen.values() if rank == 2)
    evidence = tuple(note for _, note in sorted(chosen.values()))
    return Alignment(score=TYPO_SCORE if typos else 100.0, evidence=evidence, typos=typos)
