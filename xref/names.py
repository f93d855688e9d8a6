"""Organisation-name normalisation (matching.md §5.2): pure, idempotent on the key, and explained step by step.

The word lists live in ``xref/data/*.csv`` so a reviewer can extend them without touching code.
Card-statement cleaning (processor prefixes, store numbers, channel words, references, web domains, cut-off
legal forms) runs only for the ``cards`` register: "Stores" is part of "Tesco Stores Ltd".
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any

from rapidfuzz.distance import DamerauLevenshtein

from xref.words import initials as word_initials

CARD_SOURCE = "cards"
"""The register whose supplier strings are card-statement merchant descriptors."""

_ALIAS_MARKER_WORDS = frozenset({"dba", "fka", "formerly", "previously"})
# Misspelt legal words are recognised within one edit (matching.md §5.2 step 6).
_FUZZY_LEGAL = {"limited": "ltd", "incorporated": "inc", "corporation": "corp"}
# Card exports cut names at 18-25 characters: a final "Lim"/"Limi"/"Limite" is a cut-off "Limited".
_CUT_LEGAL = {"limited": "ltd", "incorporated": "inc", "corporation": "corp"}
_CUT_NOT_LEGAL = frozenset({"limit", "inc", "corp", "corpora"})
# every cut of a legal word that counts: 3 letters or more, shorter than the word, not a word of its own
_CUT_FORMS = {
    word[:n]: form for word, form in _CUT_LEGAL.items() for n in range(3, len(word)) if word[:n] not in _CUT_NOT_LEGAL
}

_APOSTROPHES = re.compile(r"['’‘`´]")
_INITIALS = re.compile(r"(?<![a-z0-9])(?:[a-z][.\-])+[a-z](?![a-z0-9])\.?")
_NON_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")
_BRACKETS = re.compile(r"[()\[\]{}]")
_TRADING = re.compile(r"\s(?:t/a|t/as|t\.a\.|trading as|dba|d/b/a|d\.b\.a\.?)\s")
_FORMER = re.compile(r"\s(?:formerly known as|formerly|f/k/a|fka|previously)\s")
_DOMAIN = re.compile(
    r"(?<=[a-z0-9])\.(?:co\.uk|org\.uk|gov\.uk|ac\.uk|co\.u|co\.|com|co|net|org|uk|io|eu|c)(?=$|[\s*/#])"
)
_WWW = re.compile(r"(?<![a-z0-9])www\.")
# "**0492", "_****0969", "*69*": a masked account or card number printed after the name, never part of it. Digits
# running on into letters ("UK*2X3AB4") are a reference, not a masked number.
_MASKED = re.compile(r"\*+\s?\d+(?![^\W_])\**")
# "(INVS>01/04/07)": a date noted beside the name by the ledger, never part of it.
_DATE = re.compile(r"(?<![0-9])\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})(?![0-9])")
_CARE_OF = re.compile(r"(?<![a-z0-9])c/o(?![a-z0-9])")
_BRACKETED = re.compile(r"\(([^()]*)\)")
_BRACKETED_REGISTERED = re.compile(r"\(([^()]*)\)\s*(?:ltd|limited|plc|llp|cic|lp|llc|inc)\b")
_DIGITS = re.compile(r"\d+")
_ACRONYM_DASH = re.compile(r"\s+[-–—:]\s+")
_ACRONYM_MIN = 3
"""Acronyms shorter than this are too common to be read as a whole name's initials."""
_ROMAN = {"ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8", "ix": "9"}
"""Roman numerals read as numbers after a name's first word (``i``, ``v`` and ``x`` are as often initials)."""
_NO_KEY = "?"
"""The key of a name with nothing in it at all (empty or blank)."""
_REFERENCE_DIGITS = 6
"""A run of this many digits or more is an account, order or company number, never part of a name."""


@dataclass(frozen=True)
class NormalisedName:
    """One organisation name, normalised; every field is derived from ``raw`` alone (plus the register).

    Attributes:
        raw: the name as it appeared in the register.
        norm: ordered canonical tokens (legal form last), e.g. ``"tesco stores ltd"``.
        key: sorted unique core tokens (no stopwords, legal forms, numbers or card noise); never empty.
        compact: core tokens in order with no spaces, for cut-off card strings (``"pearsonlandscap"``).
        legal_form: canonical legal form (``"ltd"``, ``"plc"``) or ``""``.
        aliases: keys of the other names in a "t/a" / "formerly" split (the key is the trading name).
        noise: the pieces card cleaning removed, as written.
        numbers: digit tokens, kept aside for the numbers-differ penalty.
        repeated: key words written more than once (``exeter`` in "Exeter College (Exeter and North Devon
            Colleges Group)"): two names with the same key but different repeats use the same words differently.
        key_is_fallback: the name had no core tokens, so the key was built from numbers, legal forms or stopwords.
        steps: what was done, in plain English.
        cuts: where each word of ``norm`` other than stopwords and numbers ends, counted along ``compact`` (a card
            name cut exactly there is whole words of the longer name, not a cut-off word).
        bracketed: the distinct words in brackets, sorted (``dawlish`` in "Pinehurst (Dawlish)").
        places: UK places the name holds outside brackets (``kent`` in "Kent Wildlife Trust"): evidence against a
            name holding another place.
        bracket_places: places only in brackets (a branch: "Coodes Solicitors (Holsworthy)").
        initials: the acronyms a name of at least three words can go by, from :func:`initials` of its words in
            order (``tuc`` for "Trades Union Congress"): what a bare acronym elsewhere in the run is checked against.
    """

    raw: str
    norm: str
    key: str
    compact: str
    legal_form: str
    aliases: tuple[str, ...]
    noise: tuple[str, ...]
    numbers: tuple[str, ...]
    repeated: tuple[str, ...]
    key_is_fallback: bool
    steps: tuple[str, ...]
    cuts: tuple[int, ...] = ()
    bracketed: str = ""
    places: tuple[str, ...] = ()
    bracket_places: tuple[str, ...] = ()
    initials: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """The word lists from ``xref/data``, parsed once."""

    legal_phrases: dict[tuple[str, ...], str]
    abbreviations: dict[str, str]
    phrases: dict[tuple[str, ...], str]
    card_prefixes: tuple[str, ...]
    noise_tokens: frozenset[str]
    stopwords: frozenset[str]
    qualifiers: frozenset[str]
    group_words: frozenset[str]
    place_names: frozenset[str] = frozenset()
    acronyms: dict[str, str] = field(default_factory=dict)

    @cached_property
    def places(self) -> dict[tuple[str, ...], str]:
        """UK places (``xref/data/uk_places.csv``, less those that are also common words), as normalised words.

        Each is written as a name would hold it after normalising (``South West`` → ``southwest``).
        """
        out: dict[tuple[str, ...], str] = {}
        for place in self.place_names:
            words = tuple(_expand([t for t in _NON_WORD.split(place) if t], self, _ignore, str))
            if words:
                out.setdefault(words, place)
        return out

    @cached_property
    def longest_place(self) -> int:
        """Number of words in the longest place name."""
        return max((len(p) for p in self.places), default=0)

    @cached_property
    def longest_phrase(self) -> int:
        """Number of tokens in the longest legal-form phrase."""
        return max((len(p) for p in self.legal_phrases), default=1)

    @cached_property
    def legal_first_words(self) -> frozenset[str]:
        """Words that can start a legal-form phrase (any other word is kept without looking further)."""
        return frozenset(p[0] for p in self.legal_phrases)

    @cached_property
    def longest_abbreviation_phrase(self) -> int:
        """Number of tokens in the longest multi-word abbreviation."""
        return max((len(p) for p in self.phrases), default=0)

    @cached_property
    def phrase_first_words(self) -> frozenset[str]:
        """Words that can start a multi-word abbreviation."""
        return frozenset(p[0] for p in self.phrases)


def read_word_list(name: str) -> list[dict[str, str]]:
    """Rows of one CSV in ``xref/data`` (``#`` lines are comments), with stripped lower-case values."""
    text = resources.files("xref").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [{k.strip(): (v or "").strip().casefold() for k, v in row.items()} for row in csv.DictReader(lines)]


@cache
def vocabulary() -> Vocabulary:
    """Load the word lists (once per process)."""
    classes: dict[str, set[str]] = {"stopword": set(), "qualifier": set(), "group": set()}
    for row in read_word_list("word_classes.csv"):
        classes.setdefault(row["class"], set()).add(row["word"])
    prefixes = sorted({r["prefix"] for r in read_word_list("card_prefixes.csv")}, key=lambda p: (-len(p), p))
    abbreviations = read_word_list("abbreviations.csv")
    return Vocabulary(
        legal_phrases={tuple(r["phrase"].split()): r["form"] for r in read_word_list("legal_forms.csv")},
        abbreviations={r["abbreviation"]: r["expansion"] for r in abbreviations if " " not in r["abbreviation"]},
        phrases={tuple(r["abbreviation"].split()): r["expansion"] for r in abbreviations if " " in r["abbreviation"]},
        card_prefixes=tuple(prefixes),
        noise_tokens=frozenset(r["token"] for r in read_word_list("noise_tokens.csv")),
        stopwords=frozenset(classes["stopword"] | _ALIAS_MARKER_WORDS),
        qualifiers=frozenset(classes["qualifier"]),
        group_words=frozenset(classes["group"]),
        acronyms={r["acronym"]: r["expansion"] for r in read_word_list("acronyms.csv")},
        place_names=frozenset(r["place"] for r in read_word_list("uk_places.csv") if r["ambiguous"] in ("", "0")),
    )


@cache
def _card_prefix_pattern() -> re.Pattern[str]:
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in vocabulary().card_prefixes)
    return re.compile(rf"^\s*(?:{alternatives})(?:\s*\*|\s{{2,}})\s*")


def normalise(raw: str, *, source: str = "") -> NormalisedName:
    """Normalise one organisation name.

    Args:
        raw: the name as written in the register.
        source: the register it came from; card-statement cleaning runs only when this is ``"cards"``.

    Returns:
        The normalised name with its key, compact form, legal form, aliases, stripped noise and the steps taken.

    Examples:
        >>> normalise("SUMUP *PEARSONLANDSCAP", source="cards").key
        'pearsonlandscap'
        >>> normalise("Tesco Stores Limited").key, normalise("Tesco Stores Limited").legal_form
        ('stores tesco', 'ltd')
    """
    card = source == CARD_SOURCE
    name, empty = _normalise(raw, card=card, card_prefix=card)
    if card and name.key_is_fallback:
        # Card cleaning must never swallow the whole name ("AMZN MKTP UK*2X3AB4", "PAYPAL *LTD"): when it leaves no
        # distinctive word, what it took away is the merchant. Keep the processor prefix, then read the string as
        # written; the first reading with distinctive words wins, else the first that left any word at all.
        for card_cleaning, note in (
            (True, "card cleaning would leave no distinctive words: the card prefix is kept as the merchant's name"),
            (False, "card cleaning would leave no distinctive words: the card string is read as written"),
        ):
            retry, retry_empty = _normalise(raw, card=card_cleaning, card_prefix=False)
            if not retry.key_is_fallback or (empty and not retry_empty):
                name, empty = replace(retry, steps=(*retry.steps, note)), retry_empty
                if not retry.key_is_fallback:
                    break
    return name


def normalise_many(rows: Sequence[tuple[str, bool]]) -> list[tuple[Any, ...]]:
    """:func:`normalise` each ``(raw, is a card string)``, as tuples (cheap to send from a worker process).

    Each tuple holds the fields of :class:`NormalisedName` in the order it declares them.
    """
    return [tuple(normalise(raw, source=CARD_SOURCE if card else "").__dict__.values()) for raw, card in rows]


def _normalise(raw: str, *, card: bool, card_prefix: bool) -> tuple[NormalisedName, bool]:
    """:func:`normalise` with the card cleaning chosen; also says whether no word at all was left.

    ``card`` cleans channel words, references, store numbers and web domains; ``card_prefix`` the processor prefix.
    """
    voc = vocabulary()
    steps: list[str] = []
    noise: list[str] = []
    lower_raw = raw.lower()

    def shown(fragment: str) -> str:
        # Quote a piece the way the register wrote it when it can be found there (ASCII names).
        fragment = fragment.strip()
        at = lower_raw.find(fragment) if len(lower_raw) == len(raw) else -1
        return raw[at : at + len(fragment)] if at >= 0 else fragment

    def log(message: str) -> None:
        steps.append(message)

    text = _fold(raw)
    if card:
        text = _strip_card_text(text, voc, log, noise, shown, prefix=card_prefix)
    text = _strip_annotations(text, log, noise, shown)
    if _CARE_OF.search(text):
        text = _CARE_OF.sub("care of", text)
        log("'c/o' → care of")
    extra_aliases, bracketed, text = _bracket_aliases(text, log, shown)
    # "Hartford Care (3) Limited": a number in brackets before the legal form is part of the registered name
    registered_numbers = {n for m in _BRACKETED_REGISTERED.finditer(text) for n in _DIGITS.findall(m.group(1))}
    text = _SPACES.sub(" ", _BRACKETS.sub(" ", text)).strip()
    main, alias_texts = _split_aliases(text, log, shown)
    alias_texts.extend(extra_aliases)

    tokens, forms = _canonical_tokens(main, voc, log, noise, shown, card=card)
    aliases = tuple(
        dict.fromkeys(
            _key_from(*_canonical_tokens(a, voc, _ignore, [], str, card=False), voc)[0] for a in alias_texts if a
        )
    )
    aliases = tuple(a for a in aliases if a != _NO_KEY)
    core_words = [t for t in tokens if t not in voc.stopwords]
    if len(core_words) == 1 and core_words[0] in voc.acronyms:
        # "RSPB" alone is the Royal Society for the Protection of Birds (xref/data/acronyms.csv)
        expansion = voc.acronyms[core_words[0]]
        aliases = (*aliases, _key_from(*_canonical_tokens(expansion, voc, _ignore, [], str, card=False), voc)[0])
        log(f"'{shown(core_words[0])}' is the acronym of {expansion}: kept as an alias")

    places = _places(tokens, voc)
    in_brackets = set(bracketed.split())
    bracket_places = tuple(p for p in places if set(p.split()) <= in_brackets)
    # any other number only in brackets is a note beside the name (a store, an account, a PO box), not part of it
    numbers = tuple(t for t in tokens if t.isdigit() and (t not in in_brackets or t in registered_numbers))
    core = [t for t in tokens if t not in voc.stopwords and not t.isdigit()]
    repeated = tuple(sorted({t for t in core if core.count(t) > 1})) if len(set(core)) < len(core) else ()
    key, fallback = _key_from(tokens, forms, voc)
    empty = key == _NO_KEY
    if empty:
        # No word left at all ("***"): the text itself is the key, so two such names are not one supplier.
        key = _SPACES.sub(" ", _fold(raw)).strip() or _NO_KEY
        log(f"no words: key is the text '{key}'")
    elif fallback:
        # A key made of leftovers ("and company") can itself read as a legal form: settle it on a fixed point.
        for _ in range(3):
            again = _settle(key, card=card)
            if again == key:
                break
            key = again
        log(f"no distinctive words left: key falls back to '{key}'")
    legal_form = _primary_form(forms)
    norm = " ".join([*tokens, legal_form] if legal_form else tokens) or key
    total, cuts = 0, []
    for token in norm.split(" "):
        if token not in voc.stopwords and not token.isdigit():
            total += len(token)
            cuts.append(total)
    name = NormalisedName(
        raw=raw,
        norm=norm,
        key=key,
        compact="".join(core) or key.replace(" ", ""),
        legal_form=legal_form,
        aliases=tuple(a for a in aliases if a != key),
        noise=tuple(noise),
        numbers=numbers,
        repeated=repeated,
        key_is_fallback=fallback,
        steps=tuple(steps),
        cuts=tuple(cuts),
        bracketed=bracketed,
        places=tuple(p for p in places if p not in bracket_places),
        bracket_places=bracket_places,
        initials=initials([t for t in tokens if not t.isdigit()]) if len(core) >= _ACRONYM_MIN else (),
    )
    return name, empty


def _places(tokens: list[str], voc: Vocabulary) -> tuple[str, ...]:
    """The UK places a name's words spell, longest first (``newton abbot``, not ``newton``), as normalised words."""
    found: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(voc.longest_place, len(tokens) - i), 0, -1):
            words = tuple(tokens[i : i + n])
            if words in voc.places:
                found.append(" ".join(words))
                i += n
                break
        else:
            i += 1
    return tuple(dict.fromkeys(found))


def _settle(key: str, *, card: bool) -> str:
    """The key of a key, without the settling loop (a fallback key is at most a few leftover words)."""
    voc = vocabulary()
    text = _SPACES.sub(" ", _BRACKETS.sub(" ", _fold(key))).strip()
    main, _ = _split_aliases(text, _ignore, str)
    tokens, forms = _canonical_tokens(main, voc, _ignore, [], str, card=card)
    return _key_from(tokens, forms, voc)[0]


def _ignore(message: str) -> None:
    """Discard a step message (aliases are not explained separately)."""


def _fold(raw: str) -> str:
    """NFKC, casefold, strip accents; whitespace is collapsed later (card prefixes look for two spaces)."""
    if raw.isascii():
        return raw.lower()  # NFKC leaves ASCII as it is, and casefold is lower there
    # casefold before stripping accents: a letter's case forms may decompose differently (Greek iota subscript)
    text = unicodedata.normalize("NFKC", raw).casefold()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return text.replace("ı", "i")  # Turkish dotless i: its capital I folds to "i", so the small letter must too


def _strip_card_text(
    text: str,
    voc: Vocabulary,
    log: Callable[[str], None],
    noise: list[str],
    shown: Callable[[str], str],
    *,
    prefix: bool,
) -> str:
    """String-level card cleaning: processor prefix (when ``prefix``), web domains."""
    m = _card_prefix_pattern().match(text) if prefix else None
    if m and m.end() < len(text.rstrip()):
        piece = shown(m.group())
        noise.append(piece)
        log(f"stripped card prefix '{piece}'")
        text = text[m.end() :]
    for pattern in (_WWW, _DOMAIN):
        found_any = pattern.findall(text)
        for found in found_any:
            noise.append(shown(found))
            log(f"stripped web domain part '{shown(found)}'")
        if found_any:
            text = pattern.sub(" ", text)
    return text


def _strip_annotations(text: str, log: Callable[[str], None], noise: list[str], shown: Callable[[str], str]) -> str:
    """Masked account numbers (``**0492``) and dates, from any register, when something else is left."""
    for pattern, what in ((_MASKED, "masked number"), (_DATE, "date")):
        found = pattern.findall(text)
        if not found:
            continue
        rest = pattern.sub(" ", text)
        if not any(ch.isalnum() for ch in rest):
            continue
        for piece in found:
            noise.append(shown(piece))
            log(f"stripped {what} '{shown(piece)}'")
        text = rest
    return text


def initials(words: Sequence[str]) -> tuple[str, ...]:
    """What a whole name can be abbreviated to: :func:`xref.words.initials` of at least :data:`_ACRONYM_MIN` letters.

    ``RSPB`` is the Royal Society for the Protection of Birds.
    """
    return word_initials(words, min_letters=_ACRONYM_MIN)


def _bracket_aliases(text: str, log: Callable[[str], None], shown: Callable[[str], str]) -> tuple[list[str], str, str]:
    """Other names a name gives for itself: the name without its bracketed part, and an acronym beside it.

    ``Exeter College (Hele Road)`` is also ``Exeter College``; ``Royal Society for the Protection of Birds (RSPB)``
    and ``NSPCC - National Society for the Prevention of Cruelty to Children`` are also ``RSPB`` and ``NSPCC``,
    because the acronym is the initials of the words beside it.

    Returns the alias texts, the bracketed words (sorted, distinct), which tell ``Pinehurst (Dawlish)`` from
    ``Pinehurst (Ilfracombe)``, and the text without a bracketed acronym of its own words: ``(RSPB)`` says nothing
    the words do not, so it is not a word of the key (where it would count as a word the other spelling lacks).
    """
    found: list[str] = []
    voc = vocabulary()
    outside = _SPACES.sub(" ", _BRACKETED.sub(" ", text)).strip()
    inner = [m.group(1).strip() for m in _BRACKETED.finditer(text)]

    def qualifies_only(part: str) -> bool:
        words = [w for w in _NON_WORD.split(part) if w]
        return set(words) <= voc.group_words or tuple(words) in voc.places

    # "PGL Training (Plumbing) Limited": brackets before the legal form are part of the registered name, unless
    # they only say "UK" or "Group" ("P E A C (UK) Limited") or where it is ("Carlton Club (London) Ltd").
    registered = [m.group(1) for m in _BRACKETED_REGISTERED.finditer(text) if not qualifies_only(m.group(1))]
    if inner and not registered and any(ch.isalnum() for ch in outside):
        found.append(outside)
        log(f"name without '({shown(inner[0])})' kept as an alias")
    pieces = [(outside, part, True) for part in inner]
    dash = _ACRONYM_DASH.split(outside, maxsplit=1)
    if len(dash) == 2:
        pieces += [(dash[0], dash[1], False), (dash[1], dash[0], False)]
    own_initials: set[str] = set()
    for words_text, acronym_text, in_brackets in pieces:
        acronym = _NON_WORD.sub("", acronym_text)
        words = [w for w in _NON_WORD.split(words_text.replace("&", " and ")) if w]
        if len(words) >= _ACRONYM_MIN and acronym.isalpha() and acronym in initials(words):
            found += [acronym, words_text]
            log(f"'{shown(acronym_text)}' is the initials of '{shown(words_text)}': both kept as aliases")
            if in_brackets:
                own_initials.add(acronym_text)
    if own_initials:
        text = _BRACKETED.sub(lambda m: " " if m.group(1).strip() in own_initials else m.group(), text)
        inner = [part for part in inner if part not in own_initials]
    inside = {w for part in inner for w in _canonical_tokens(part, voc, _ignore, [], str, card=False)[0]}
    bracketed = " ".join(sorted(w for w in inside if w not in voc.stopwords))
    return found, bracketed, text


def _split_aliases(text: str, log: Callable[[str], None], shown: Callable[[str], str]) -> tuple[str, list[str]]:
    """Split "A t/a B" (main name B) and "A formerly B" (main name A); the other part becomes an alias."""
    aliases: list[str] = []
    while True:
        trading = _TRADING.search(text)
        former = _FORMER.search(text)
        found = min((m for m in (trading, former) if m), key=lambda m: m.start(), default=None)
        if found is None:
            return text, aliases
        left, right = text[: found.start()].strip(), text[found.end() :].strip()
        if not left or not right:
            return text, aliases
        marker = shown(found.group())
        if found is trading:
            aliases.append(left)
            log(f"trading name after '{marker}' is the main name; '{shown(left)}' kept as an alias")
            text = right
        else:
            aliases.append(right)
            log(f"former name after '{marker}' kept as an alias")
            text = left


def _canonical_tokens(
    text: str,
    voc: Vocabulary,
    log: Callable[[str], None],
    noise: list[str],
    shown: Callable[[str], str],
    *,
    card: bool,
) -> tuple[list[str], list[str]]:
    """Punctuation, card tokens, legal forms and abbreviations: returns (tokens, legal forms found)."""
    text = _APOSTROPHES.sub("", text)

    def join_initials(m: re.Match[str]) -> str:
        joined = re.sub(r"[.\-]", "", m.group())
        log(f"joined initials '{shown(m.group())}' → {joined}")
        return joined

    text = _INITIALS.sub(join_initials, text)
    if "&" in text:
        text = text.replace("&", " and ")
        log("'&' → and")
    tokens = [t for t in _NON_WORD.split(text) if t]
    references = [t for t in tokens if t.isdigit() and len(t) >= _REFERENCE_DIGITS]
    if references and len(references) < len(tokens):
        for token in references:
            noise.append(token)
            log(f"stripped reference number '{token}'")
        tokens = [t for t in tokens if t not in references]
    if card:
        tokens = _strip_card_tokens(tokens, voc, log, noise, shown)
    tokens = _join_single_letters(tokens, log, shown)
    tokens, forms = _legal_forms(tokens, voc, log, shown, card=card)
    return _expand(tokens, voc, log, shown), forms


def _join_single_letters(tokens: list[str], log: Callable[[str], None], shown: Callable[[str], str]) -> list[str]:
    """Runs of single letters are one word, in the order written: "I T S O" → itso, "C I C" → cic."""
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if len(run) > 1:
            joined = "".join(run)
            log(f"joined single letters '{shown(' '.join(run))}' → {joined}")
            out.append(joined)
        else:
            out.extend(run)
        run = []
        if token:
            out.append(token)
    return out


def _expand(tokens: list[str], voc: Vocabulary, log: Callable[[str], None], shown: Callable[[str], str]) -> list[str]:
    """Abbreviations and spelling variants: phrases first, longest first ("south west" → southwest), then words."""
    longest = voc.longest_abbreviation_phrase
    starts = voc.phrase_first_words
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] not in starts:
            token = tokens[i]
            expansion = voc.abbreviations.get(token)
            if expansion:
                log(f"'{shown(token)}' → {expansion}")
            out.append(expansion or token)
            i += 1
            continue
        for n in range(min(longest, len(tokens) - i), 1, -1):
            expansion = voc.phrases.get(tuple(tokens[i : i + n]))
            if expansion:
                log(f"'{shown(' '.join(tokens[i : i + n]))}' → {expansion}")
                out.append(expansion)
                i += n
                break
        else:
            token = tokens[i]
            expansion = voc.abbreviations.get(token)
            if expansion:
                log(f"'{shown(token)}' → {expansion}")
            out.append(expansion or token)
            i += 1
    for at, token in enumerate(out):
        # "Salutem Shared Services III" is the third of its name: a number, as "Fund 3" is (never the first word)
        if at and token in _ROMAN:
            out[at] = _ROMAN[token]
            log(f"'{shown(token)}' → {_ROMAN[token]} (a roman numeral)")
    return out


def _strip_card_tokens(
    tokens: list[str], voc: Vocabulary, log: Callable[[str], None], noise: list[str], shown: Callable[[str], str]
) -> list[str]:
    """Token-level card cleaning: channel words, references (letters and digits, 6+ chars), trailing store numbers."""
    kept: list[str] = []
    for token in tokens:
        if token in voc.noise_tokens:
            noise.append(shown(token))
            log(f"stripped channel word '{shown(token)}'")
        elif len(token) >= 6 and any(c.isdigit() for c in token) and any(c.isalpha() for c in token):
            noise.append(shown(token))
            log(f"stripped reference '{shown(token)}'")
        else:
            kept.append(token)
    while len(kept) > 1 and kept[-1].isdigit():
        number = kept.pop()
        noise.append(number)
        log(f"stripped store number '{number}'")
    return kept


def legal_phrase_at(tokens: Sequence[str], i: int, voc: Vocabulary) -> tuple[str, int] | None:
    """The legal form of the longest legal-form phrase starting at ``tokens[i]`` and its length in words, if any."""
    for n in range(min(voc.longest_phrase, len(tokens) - i), 0, -1):
        form = voc.legal_phrases.get(tuple(tokens[i : i + n]))
        if form:
            return form, n
    return None


def _legal_forms(
    tokens: list[str], voc: Vocabulary, log: Callable[[str], None], shown: Callable[[str], str], *, card: bool
) -> tuple[list[str], list[str]]:
    """Move legal-form phrases (longest first), misspelt and (cards) cut-off legal words into the forms list."""
    kept: list[str] = []
    forms: list[str] = []
    starts = voc.legal_first_words
    i = 0
    while i < len(tokens):
        found = legal_phrase_at(tokens, i, voc) if tokens[i] in starts else None
        if found is None:
            kept.append(tokens[i])
            i += 1
            continue
        form, n = found
        log(f"legal form '{shown(' '.join(tokens[i : i + n]))}' → {form}")
        forms.append(form)
        i += n
    # Misspelt ("Limityed") and, on card strings, cut-off ("Limi") legal words are usually last, but are recognised
    # anywhere so the sorted key normalises to itself; the last remaining word is never removed.
    out: list[str] = []
    for i, token in enumerate(kept):
        form = _fuzzy_legal(token, voc)
        how = "misspelt"
        if not form and card:
            form, how = _cut_legal(token), "cut off"
        if form and (out or i < len(kept) - 1):
            log(f"legal form '{shown(token)}' ({how}) → {form}")
            forms.append(form)
        else:
            out.append(token)
    return out, forms


def _fuzzy_legal(token: str, voc: Vocabulary) -> str:
    if len(token) < 6 or token in voc.abbreviations or token in voc.stopwords:
        return ""
    return _fuzzy_legal_word(token)


@lru_cache(maxsize=1 << 16)
def _fuzzy_legal_word(token: str) -> str:
    """The legal form a word of 6+ letters misspells, or "" (cached: real files repeat their words)."""
    for word, form in _FUZZY_LEGAL.items():
        if DamerauLevenshtein.distance(token, word, score_cutoff=1) <= 1:
            return form
    return ""


def _cut_legal(token: str) -> str:
    return _CUT_FORMS.get(token, "")


def _primary_form(forms: list[str]) -> str:
    """The form that says what kind of entity it is: the last one found, preferring anything over "co"."""
    real = [f for f in forms if f != "co"]
    return real[-1] if real else (forms[-1] if forms else "")


def _key_from(tokens: list[str], forms: list[str], voc: Vocabulary) -> tuple[str, bool]:
    """Sorted unique core tokens, runs of single letters joined ("a b c" → "abc"); falls back so it is never empty."""
    core = [t for t in tokens if t not in voc.stopwords and not t.isdigit()]
    fallback = not core
    if fallback:
        numbers = [t for t in tokens if t.isdigit()]
        # a form that is also an abbreviation ("co") is spelt out, so the fallback key normalises to itself
        core = numbers or [voc.abbreviations.get(f, f) for f in forms] or tokens or [_NO_KEY]
    ordered = sorted(set(core))
    joined: list[str] = []
    run: list[str] = []
    for token in [*ordered, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if run:
            joined.append("".join(run) if len(run) > 1 else run[0])
            run = []
        if token:
            joined.append(token)
    return " ".join(sorted(set(joined))), fallback
