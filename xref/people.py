"""Who a register row is about. People are matched only exactly, after normalisation — never fuzzily.

A wrong person match puts a named colleague in front of PSD, so "J Smith" is never taken to be "Jane Smith".
Forgiven are only what does not change the name as read: case, accents ("René" is "Rene"), letters from another
script that look the same (a Cyrillic "О" in "Okafor"), invisible characters, ranks and titles ("DS", "PC",
"Mrs"), "Surname, Forename" order, and an e-mail address whose local part spells the name ("jane.smith@…").
:func:`name_key` is the canonical form; :func:`identity_key` (the same, in any word order) is what review checks
compare reviewers and a flag's member of staff by.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import polars as pl

TITLES = (
    "pc",
    "dc",
    "ps",
    "ds",
    "di",
    "dci",
    "dsu",
    "sgt",
    "insp",
    "inspector",
    "sergeant",
    "constable",
    "supt",
    "superintendent",
    "ch supt",
    "ch insp",
    "chief insp",
    "det insp",
    "det supt",
    "det sgt",
    "chief superintendent",
    "chief inspector",
    "ci",
    "acc",
    "dcc",
    "cc",
    "chief constable",
    "deputy chief constable",
    "assistant chief constable",
    "det",
    "detective",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "sir",
    "dame",
    "cllr",
    "councillor",
    "rt hon",
    "the rt hon",
    "lord",
    "lady",
    "baroness",
    "rev",
    "staff",
    "special constable",
    "spc",
    "pcso",
)
ORGANISATION_WORDS = re.compile(
    r"(?i)\b(ltd|limited|plc|llp|cic|council|services?|group|trust|university|association|society|club|company|"
    r"partnership|solutions|nhs|police|college|school|hotel|restaurant|bank|foundation|institute|consulting|uk)\b"
)
"""Words that say a name is an organisation's: legal forms and the commonest kinds of body."""
_PERSONAL_TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "baroness", "rev",
                    "revd", "cllr", "councillor")  # fmt: skip


def looks_like_organisation(name: str) -> bool:
    """Whether a name holds a word of :data:`ORGANISATION_WORDS` ("Acme Services Ltd", "Leeds City Council")."""
    return bool(ORGANISATION_WORDS.search(name))


def looks_like_private_person(name: str) -> bool:
    """Whether a name reads as a private person's: a title, or initials and a surname, and no organisation word.

    ``Mrs J Patel``, ``Dr Okafor``, ``J. Smith``, ``Smith, Jane``; not ``J Smith Plumbing Ltd`` or ``Mr Kipling
    Bakeries``'s trading name with a legal form. Only the forms a title or initials make certain are caught: a bare
    "Jane Smith" reads like many a firm's name ("Marks Spencer").
    """
    text = name.strip()
    if not text or looks_like_organisation(text):
        return False
    first = text.split(maxsplit=1)[0].rstrip(".").lower()
    if first in _PERSONAL_TITLES:
        return len(text.split()) >= 2
    return bool(re.fullmatch(r"[A-Z]\.?(?:\s*[A-Z]\.?)?\s+[A-Z][a-z'’-]+", text)) or bool(
        re.fullmatch(r"[A-Z][a-z'’-]+,\s*(?:[A-Z][a-z]+|[A-Z]\.?)", text)
    )


_TITLE_RE = r"^(?:(?:" + "|".join(sorted((re.escape(t) for t in TITLES), key=len, reverse=True)) + r")(?:\s+|$))+"
_TITLE = re.compile(_TITLE_RE)

# Cyrillic, Greek and a few Latin letters that look like a Latin letter, from Unicode's confusables.txt
# (https://www.unicode.org/Public/security/latest/confusables.txt, entries whose target is one Latin letter).
# Each maps to the Latin letter it stands in for in a name: confusables.txt sends Cyrillic І, Greek Ι and
# palochka Ӏ to "l" (its skeleton does the same to Latin I), but in a name they stand for I.
# Applied before case folding, so a capital and a small letter are each read as what they look like
# (Greek Ν looks like N, ν like v); see _CONFUSABLES_FOLDED for what case folding leaves behind.
_CONFUSABLES: dict[str, str] = {
    # Cyrillic capitals
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ү": "Y", "Һ": "H", "Ӏ": "I", "Ԛ": "Q", "Ԝ": "W",
    "Ԍ": "G", "Ѵ": "V",
    # Cyrillic small letters
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ү": "y", "ӏ": "i", "ѵ": "v", "ѡ": "w", "ҽ": "e",
    # Greek capitals
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϳ": "J", "Ϲ": "C", "Ϝ": "F",
    # Greek small letters
    "α": "a", "γ": "y", "ι": "i", "ν": "v", "ο": "o", "ρ": "p", "σ": "o", "υ": "u", "ϲ": "c", "ϳ": "j",
    "ϱ": "p",
    # Latin letters NFKC leaves alone
    "ı": "i", "ɑ": "a", "ɡ": "g", "ɩ": "i", "ǀ": "l",
}  # fmt: skip
# Case folding turns a capital look-alike into a small letter that confusables.txt does not list (В → в): read
# that as the capital's Latin letter too, so "ОКАФОР" and "Окафор" fold alike. A small letter that is a
# look-alike of its own keeps its own reading (ν → v although Ν → N).
_CONFUSABLES_FOLDED = {k.casefold(): v.casefold() for k, v in _CONFUSABLES.items()} | {
    k: v.casefold() for k, v in _CONFUSABLES.items() if k == k.casefold()
}
_SKELETON = str.maketrans(_CONFUSABLES)
_SKELETON_FOLDED = str.maketrans(_CONFUSABLES_FOLDED)
# Letters that are letters of their own, not a letter plus an accent, so NFKD does not split them
# (ß and ẞ are already "ss" after case folding).
_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ħ": "h", "ŧ": "t", "ƒ": "f"}
)
# Apostrophes and look-alikes, read as "'" (dropped in a name like today's ' and ’) before NFKC can turn the
# spacing accents among them into a space and an accent ("O´Brien" must stay one word).
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc\u02bb\u02b9\u0374\u00b4\u2032\uff07", "'"))
# Invisible characters that are not format characters (category Cf): Hangul fillers are letters (Lo).
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0")
_SWAP = re.compile(r"^([^,]+),\s*([^,]+)$")
_PARENTHESES = re.compile(r"\([^)]*\)")
_DROPPED = re.compile(r"[.'·]")
_NOT_ASCII_WORD = re.compile(r"[^0-9a-z]+")
_ADDRESS = re.compile(r"^(?:mailto:)?<?([^\s@<>(),;:\"]+)@([^\s@<>(),;:\"]+?)>?$")
_NAME_THEN_ADDRESS = re.compile(r"^(.*?\S)\s*<[^\s@<>]+@[^\s@<>]+>$")
_LOCAL_NAME = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*(?:[._-]+[^\W\d_]+(?:'[^\W\d_]+)*)+")


def fold_text(text: str) -> str:
    """Fold text to what it looks like: ``"Ｒｅｎé Оkafor"`` (full-width, Cyrillic О) → ``"rene okafor"``.

    NFKC (full-width and other compatibility forms); format characters (category Cf: zero-width spaces and
    joiners, soft hyphens, direction marks) and Hangul fillers removed; Cyrillic, Greek and other look-alikes
    read as the Latin letter (``_CONFUSABLES``); case folded; accents removed (NFKD, then the combining marks on
    Latin, Greek and Cyrillic letters dropped); ø, æ, ł, đ and the like written as Latin letters. Spacing and
    punctuation are left as they are.
    """
    if text.isascii():  # nothing to fold but case; most names, so worth the shortcut
        return text.lower()
    text = unicodedata.normalize("NFKC", text.translate(_APOSTROPHES))
    text = "".join(c for c in text if c not in _INVISIBLE and unicodedata.category(c) != "Cf")
    text = _strip_marks(text).translate(_SKELETON).casefold()
    # again after case folding, which can add a mark ("İ" → "i̇") or leave a capital look-alike's small letter
    return unicodedata.normalize("NFC", _strip_marks(text).translate(_SKELETON_FOLDED).translate(_LETTERS))


def _strip_marks(text: str) -> str:
    """``text`` decomposed (NFKD) without the accents on its Latin, Greek and Cyrillic letters.

    Marks on letters of other scripts are kept: a Devanagari vowel sign or Arabic vowel mark is part of the
    spelling, and two names differing in one are two names.
    """
    kept: list[str] = []
    keep_marks = False
    for c in unicodedata.normalize("NFKD", text):
        if unicodedata.category(c) in ("Mn", "Me"):
            if keep_marks:
                kept.append(c)
        else:
            keep_marks = _spells_with_marks(c)
            kept.append(c)
    return "".join(kept)


@functools.lru_cache(maxsize=4096)
def _spells_with_marks(c: str) -> bool:
    """Whether combining marks after ``c`` belong to its spelling: a letter outside Latin, Greek and Cyrillic."""
    if c < "\x80":
        return False
    return unicodedata.category(c)[0] == "L" and not unicodedata.name(c, "").startswith(("LATIN", "GREEK", "CYRILLIC"))


@functools.lru_cache(maxsize=65536)
def name_key(text: str | None) -> str | None:
    """A person's name in canonical form, for exact matching (None when no name is left).

    ``"Smith, Jane"``, ``"DS JANE SMITH"``, ``"Jáne Smith"``, ``"jane.smith@wessex.police.uk"`` → ``"jane smith"``.

    The text is folded (:func:`fold_text`: look-alike letters, accents, case, invisible characters); then
    "Surname, Forename(s)" (exactly one comma) becomes "Forename(s) Surname", brackets and what is in them go, and
    full stops and apostrophes are dropped ("O'Brien" → "obrien"); anything not a letter or digit separates
    words; ranks and titles at the start go. Word order is otherwise kept: "Smith Jane" is not "Jane Smith".

    An e-mail address whose local part is two or more words of letters joined by ``.``, ``_`` or ``-`` is read as
    that name, in that order ("jane.smith@…" → "jane smith"; a "+tag" is ignored). Any other address
    ("jsmith42@…") is its own key, the whole address folded: it never equals a name.
    """
    if text is None:
        return None
    s = fold_text(text).strip()
    if m := _NAME_THEN_ADDRESS.match(s):  # "Jane Smith <jane.smith@…>": the name is written out
        s = m.group(1)
    elif m := _ADDRESS.match(s):
        local = m.group(1).split("+", 1)[0]
        if not _LOCAL_NAME.fullmatch(local):
            return f"{m.group(1)}@{m.group(2)}"
        s = re.sub(r"[._-]+", " ", local)
    s = _SWAP.sub(r"\2 \1", s)
    s = _DROPPED.sub("", _PARENTHESES.sub(" ", s))
    # letters, digits and marks of any script are kept: a name in Chinese or Devanagari is not blanked
    if s.isascii():
        s = _NOT_ASCII_WORD.sub(" ", s)
    else:
        s = "".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in s)
    key = _TITLE.sub("", " ".join(s.split())).strip()
    return key or None


def identity_key(text: str | None) -> str:
    """Who a reviewer entry (or a flag's member of staff) names, for "is this the same person?" checks.

    :func:`name_key` with its words in any order ("Smith Jane", "smith.jane@…" and "Jane Smith" are one person),
    or the whole address for an e-mail not readable as a name; ``""`` when no name is left. Word order is
    ignored here and not in :func:`name_key` because the errors differ: taking two reviewers for one only asks
    for another reviewer, while taking one reviewer for two lets someone confirm their own closure or decide a
    flag about themselves.
    """
    key = name_key(text)
    if key is None:
        return ""
    return key if "@" in key else " ".join(sorted(key.split()))


def person_key(col: str) -> pl.Expr:
    """:func:`name_key` of every value in column ``col``: ``"Smith, Jane"``, ``"DS JANE SMITH"`` → ``"jane smith"``."""
    return pl.col(col).map_batches(_name_keys, return_dtype=pl.Utf8, is_elementwise=True)


def _name_keys(names: pl.Series) -> pl.Series:
    # each distinct name once: a card export repeats a few hundred cardholders over many thousand rows
    names = names.cast(pl.Utf8)
    distinct = names.drop_nulls().unique()
    keys = pl.Series([name_key(n) for n in distinct.to_list()], dtype=pl.Utf8)
    return names.replace_strict(distinct, keys, default=None, return_dtype=pl.Utf8)


def staff_id_key(col: str) -> pl.Expr:
    """Normalise a staff number for matching (case and spaces ignored)."""
    key = pl.col(col).str.to_uppercase().str.replace_all(r"\s+", "")
    return pl.when(key == "").then(None).otherwise(key)


def resolve_people(frame: pl.DataFrame, field: str, staff: pl.DataFrame | None) -> pl.DataFrame:
    """Point ``<field>_key`` at the staff list where the person is on it (by staff number, else by unique name).

    Without a staff list, or for someone not on it, the key stays the normalised name. Adds ``<field>_staff_id``.
    """
    key_col, id_col = f"{field}_key", f"{field}_staff_id"
    if staff is None or staff.is_empty() or frame.is_empty():
        return frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(id_col))
    by_id = staff.select(pl.col("staff_id_key").alias("_sid"), pl.col("staff_id").alias("_by_id")).unique("_sid")
    # A name shared by two people on the staff list identifies neither: leave those unresolved.
    by_name = (
        staff.filter(pl.col("name_key").is_not_null())
        .group_by("name_key")
        .agg(pl.col("staff_id").first().alias("_by_name"), pl.len().alias("_n"))
        .filter(pl.col("_n") == 1)
        .select(pl.col("name_key").alias("_nk"), "_by_name")
    )
    resolved = (
        frame.with_columns(staff_id_key(field).alias("_sid"))
        .join(by_id, on="_sid", how="left")
        .join(by_name, left_on=key_col, right_on="_nk", how="left")
        .with_columns(pl.coalesce("_by_id", "_by_name").alias(id_col))
        .with_columns(
            pl.when(pl.col(id_col).is_not_null())
            .then(pl.concat_str(pl.lit("staff:"), pl.col(id_col).str.to_uppercase()))
            .otherwise(pl.col(key_col))
            .alias(key_col)
        )
    )
    return resolved.drop("_sid", "_by_id", "_by_name")
