"""Organisation-name normalisation (matching.md §5.2): pure, idempotent on the key, and explained step by step.

The word lists live in ``xref/data/*.csv`` so a reviewer can extend them without touching code.
Card-statement cleaning (processor prefixes, store numbers, channel words, references, web domains, cut-off
legal forms) runs only for the ``cards`` register: "Stores" is part of "Tesco Stores Ltd".
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz.distance import DamerauLevenshtein

CARD_SOURCE = "cards"
"""The register whose supplier strings are card-statement merchant descriptors."""

_ALIAS_MARKER_WORDS = frozenset({"dba", "fka", "formerly", "previously"})
# Misspelt legal words are recognised within one edit (matching.md §5.2 step 6).
_FUZZY_LEGAL = {"limited": "ltd", "incorporated": "inc", "corporation": "corp"}
# Card exports cut names at 18-25 characters: a final "Lim"/"Limi"/"Limite" is a cut-off "Limited".
_CUT_LEGAL = {"limited": "ltd", "incorporated": "inc", "corporation": "corp"}
_CUT_NOT_LEGAL = frozenset({"limit", "inc", "corp", "corpora"})

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
# "**0492", "_****0969", "*69*": a masked account or card number printed after the name, never part of it.
_MASKED = re.compile(r"\*+\s?\d+\**")
# "(INVS>01/04/07)": a date noted beside the name by the ledger, never part of it.
_DATE = re.compile(r"(?<![0-9])\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})(?![0-9])")
_CARE_OF = re.compile(r"(?<![a-z0-9])c/o(?![a-z0-9])")
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

    @property
    def longest_phrase(self) -> int:
        """Number of tokens in the longest legal-form phrase."""
        return max((len(p) for p in self.legal_phrases), default=1)


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

    card = source == CARD_SOURCE
    text = _fold(raw)
    if card:
        text = _strip_card_text(text, voc, log, noise, shown)
    text = _strip_annotations(text, log, noise, shown)
    if _CARE_OF.search(text):
        text = _CARE_OF.sub("care of", text)
        log("'c/o' → care of")
    text = _SPACES.sub(" ", _BRACKETS.sub(" ", text)).strip()
    main, alias_texts = _split_aliases(text, log, shown)

    tokens, forms = _canonical_tokens(main, voc, log, noise, shown, card=card)
    aliases = tuple(
        dict.fromkeys(
            _key_from(*_canonical_tokens(a, voc, _ignore, [], str, card=False), voc)[0] for a in alias_texts if a
        )
    )

    numbers = tuple(t for t in tokens if t.isdigit())
    core = [t for t in tokens if t not in voc.stopwords and not t.isdigit()]
    repeated = tuple(sorted({t for t in core if core.count(t) > 1}))
    key, fallback = _key_from(tokens, forms, voc)
    if fallback:
        # A key made of leftovers ("and company") can itself read as a legal form: settle it on a fixed point.
        for _ in range(3):
            again = _settle(key, source)
            if again == key:
                break
            key = again
        log(f"no distinctive words left: key falls back to '{key}'")
    legal_form = _primary_form(forms)
    norm = " ".join([*tokens, legal_form] if legal_form else tokens) or key
    return NormalisedName(
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
    )


def _settle(key: str, source: str) -> str:
    """The key of a key, without the settling loop (a fallback key is at most a few leftover words)."""
    voc = vocabulary()
    text = _SPACES.sub(" ", _BRACKETS.sub(" ", _fold(key))).strip()
    main, _ = _split_aliases(text, _ignore, str)
    tokens, forms = _canonical_tokens(main, voc, _ignore, [], str, card=source == CARD_SOURCE)
    return _key_from(tokens, forms, voc)[0]


def _ignore(message: str) -> None:
    """Discard a step message (aliases are not explained separately)."""


def _fold(raw: str) -> str:
    """NFKC, strip accents, casefold; whitespace is collapsed later (card prefixes look for two spaces)."""
    text = unicodedata.normalize("NFKC", raw)
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return text.casefold()


def _strip_card_text(
    text: str, voc: Vocabulary, log: Callable[[str], None], noise: list[str], shown: Callable[[str], str]
) -> str:
    """String-level card cleaning: processor prefix, web domains."""
    m = _card_prefix_pattern().match(text)
    if m and m.end() < len(text.rstrip()):
        piece = shown(m.group())
        noise.append(piece)
        log(f"stripped card prefix '{piece}'")
        text = text[m.end() :]
    for pattern in (_WWW, _DOMAIN):
        for found in pattern.findall(text):
            noise.append(shown(found))
            log(f"stripped web domain part '{shown(found)}'")
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
    longest = max((len(p) for p in voc.phrases), default=0)
    out: list[str] = []
    i = 0
    while i < len(tokens):
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


def _legal_forms(
    tokens: list[str], voc: Vocabulary, log: Callable[[str], None], shown: Callable[[str], str], *, card: bool
) -> tuple[list[str], list[str]]:
    """Move legal-form phrases (longest first), misspelt and (cards) cut-off legal words into the forms list."""
    kept: list[str] = []
    forms: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(voc.longest_phrase, len(tokens) - i), 0, -1):
            form = voc.legal_phrases.get(tuple(tokens[i : i + n]))
            if form:
                log(f"legal form '{shown(' '.join(tokens[i : i + n]))}' → {form}")
                forms.append(form)
                i += n
                break
        else:
            kept.append(tokens[i])
            i += 1
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
    for word, form in _FUZZY_LEGAL.items():
        if DamerauLevenshtein.distance(token, word, score_cutoff=1) <= 1:
            return form
    return ""


def _cut_legal(token: str) -> str:
    if len(token) < 3 or token in _CUT_NOT_LEGAL:
        return ""
    for word, form in _CUT_LEGAL.items():
        if word.startswith(token) and token != word:
            return form
    return ""


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
        core = numbers or [voc.abbreviations.get(f, f) for f in forms] or tokens or ["?"]
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
