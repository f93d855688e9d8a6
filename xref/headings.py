"""Which column of a register file holds which field: headings read by their words and checked against their values.

A stage of loading (``xref/load.py``). A heading equal to one of a field's aliases (``xref/schemas.py``) is that
field, as it always was. Any other heading is read by its words against the word classes of
``xref/data/heading_words.toml``: ``Card User`` is a cardholder, ``Paid To`` a supplier, ``Date of Transaction`` a
transaction date, while ``Date Approved`` is not the date of a gift and ``Supplier Number`` is not a supplier's name.
A sample of the column's values then supports or contradicts the reading (a "date" column whose cells are not
dates is not the date). Fields are assigned jointly, one column per field and one field per column, as the best
overall fit; each reading has a confidence, and a doubtful one is never used: the caller names the candidates.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import numpy as np
import polars as pl
from rapidfuzz.distance import Levenshtein

from xref.parse import NO_VALUE_WORDS, parse_company_number, parse_date, parse_mcc, parse_money, parse_vat_number
from xref.people import looks_like_organisation
from xref.schemas import REGISTERS, Field, Register, heading_key

WORDS_FILE = "heading_words.toml"
USE_CONFIDENCE = 0.6
"""A reading at least this confident is used (an alias or xref.toml mapping is 1.0)."""
DOUBT_CONFIDENCE = 0.35
"""A reading below this is no reading at all; between this and :data:`USE_CONFIDENCE` it is a doubt."""
TIE_MARGIN = 0.1
"""Two columns whose readings for one field are this close are a tie the words cannot settle."""
_UNEXPLAINED = 0.15
"""Confidence lost per word of the heading that the field's words do not account for."""
_RELATIVE = frozenset({"which", "that", "who", "whom", "where"})
_AGAINST = 0.3
"""Confidence lost per word that speaks against the field ("Net" for a card's gross amount)."""
_WEAK = 0.2
"""Confidence lost when a needed word is met only by a weak word ("Name" alone for a person)."""
_WORDS_BASE = 0.9
_NEVER = -1.0
"""Values that no heading can make right (web addresses for a name): even a known heading is not read."""
_ALIAS_MAX_DOUBT = -0.3
"""The most that contradicting values take off a known heading: it stays above :data:`USE_CONFIDENCE`."""
_FUZZY_MIN_LEN = 6
"""A heading word this long may be one typing slip from a listed word ("Catergory")."""
SAMPLE_ROWS = 200
"""How many data rows the value checks read per column."""
_NAME_SAMPLE = 30
"""Rows enough to see that a column of names holds web addresses or organisations (a cheap check on every file)."""
_MIN_VALUES = 3
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_NOT_A_VALUE = re.compile(
    r"(?i)^\s*(?:" + "|".join(re.escape(w) for w in NO_VALUE_WORDS) + r")\s*$|\bnil\s+(?:return|declaration)|"
    r"^\s*no\s+(?:transactions|gifts|hospitality|interests|spend|payments)\b"
)

_DATA_LIKE = re.compile(r"^[\d\s.,/:£$€%()+\-]*$")
"""A cell of digits and punctuation only (an amount, a date): no heading."""
_LINK = re.compile(r"(?i)^\s*(?:https?://|www\.)")
_KINDS = {
    "date": "dates",
    "money": "amounts",
    "company_number": "company numbers",
    "vat_number": "VAT numbers",
    "mcc": "merchant category codes",
}

How = Literal["xref.toml", "alias", "words"]


@dataclass(frozen=True)
class Reading:
    """One field's column, and how it was recognised."""

    field: str
    column: int
    heading: str
    how: How
    confidence: float
    why: str


@dataclass(frozen=True)
class Doubt:
    """A field xref could not read with confidence: the headings that might hold it."""

    field: str
    candidates: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class HeadingReading:
    """The fields of one heading row: those read with confidence, and those in doubt."""

    readings: dict[str, Reading]
    doubts: tuple[Doubt, ...]

    @property
    def mapping(self) -> dict[str, int]:
        """Field → column index, for the confident readings."""
        return {name: r.column for name, r in self.readings.items()}


@dataclass(frozen=True)
class _Term:
    words: tuple[str, ...]
    weak: bool = False


@dataclass(frozen=True)
class _FieldWords:
    need: tuple[tuple[_Term, ...], ...]
    also: tuple[_Term, ...]
    veto: tuple[_Term, ...]
    against: tuple[_Term, ...]
    levels: tuple[tuple[_Term, ...], ...] = ()
    """Most preferred first: of several columns the field's words accept, those naming the first level are read."""


@dataclass(frozen=True)
class _Vocabulary:
    glue: frozenset[str]
    abbreviations: dict[str, str]
    fields: dict[tuple[str, str], _FieldWords]
    known: dict[str, frozenset[str]]
    """Per register, every word any of its fields' terms use: a heading with none of them is read by none."""


@functools.cache
def _vocabulary() -> _Vocabulary:
    """The word classes of ``xref/data/heading_words.toml`` (read once)."""
    data = tomllib.loads(resources.files("xref").joinpath("data", WORDS_FILE).read_text(encoding="utf-8"))
    abbreviations = {k: v for k, v in data["abbreviations"].items()}
    classes: dict[str, list[str]] = data["classes"]

    def canonical(text: str) -> tuple[str, ...]:
        return tuple(abbreviations.get(w, w) for w in (_singular(x) for x in text.split()))

    def terms(entries: list[str]) -> tuple[_Term, ...]:
        out: list[_Term] = []
        for entry in entries:
            if entry.startswith("@"):
                out.extend(terms(classes[entry[1:]]))
                continue
            weak = entry.endswith("?")
            out.append(_Term(canonical(entry.rstrip("?")), weak))
        return tuple(out)

    fields: dict[tuple[str, str], _FieldWords] = {}
    known: dict[str, set[str]] = {}
    for register, per_field in data["fields"].items():
        for name, spec in per_field.items():
            fw = _FieldWords(
                need=tuple(terms(group) for group in spec.get("need", [])),
                also=terms(spec.get("also", [])),
                veto=terms(spec.get("veto", [])),
                against=terms(spec.get("against", [])),
                levels=tuple(terms(level) for level in data["prefer"][spec["prefer"]]) if "prefer" in spec else (),
            )
            fields[(register, name)] = fw
            known.setdefault(register, set()).update(w for group in fw.need for t in group for w in t.words)
    glue = frozenset(canonical(" ".join(data["glue"]["words"])))
    return _Vocabulary(glue, abbreviations, fields, {r: frozenset(w) for r, w in known.items()})


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=65_536)
def words(heading: str) -> tuple[str, ...]:
    """A heading's words as the word classes spell them.

    ``"MerchantName"`` → ``("merchant", "name")``, ``"Amt (£) inc VAT"`` → ``("amount", "gbp", "including",
    "vat")``, ``"Suppliers"`` → ``("supplier",)``.
    """
    text = unicodedata.normalize("NFKC", heading).replace("£", " gbp ").replace("#", " number ").replace("&", " and ")
    text = _CAMEL.sub(" ", text).casefold()
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    abbreviations = _vocabulary().abbreviations
    return tuple(abbreviations.get(w, w) for w in (_singular(w) for w in re.split(r"[^0-9a-z]+", text) if w))


def _same_word(heading_word: str, listed: str) -> bool:
    if heading_word == listed:
        return True
    return (
        min(len(heading_word), len(listed)) >= _FUZZY_MIN_LEN
        and Levenshtein.distance(heading_word, listed, score_cutoff=1) <= 1
    )


def _find(term: _Term, ws: tuple[str, ...]) -> list[int]:
    """Positions of the first place ``term`` occurs in ``ws`` (empty when it does not)."""
    n = len(term.words)
    for start in range(len(ws) - n + 1):
        if all(_same_word(ws[start + i], term.words[i]) for i in range(n)):
            return list(range(start, start + n))
    return []


@functools.lru_cache(maxsize=262_144)
def read_words(register: str, field: str, heading: str) -> tuple[float, str]:
    """How confidently the words of ``heading`` say it is ``field`` of ``register`` (0 when they do not), and why."""
    voc = _vocabulary()
    spec = voc.fields.get((register, field))
    ws = words(heading)
    if spec is None or not ws or len(ws) > 12:
        return 0.0, ""
    # a veto word inside a needed phrase is part of the phrase ("Purpose of Spend" is not an amount)
    phrases = {i for group in spec.need for t in group if len(t.words) > 1 for i in _find(t, ws)}
    for term in spec.veto:
        if set(_find(term, ws)) - phrases:
            return 0.0, f"'{' '.join(term.words)}' means another field"
    # glue, and single letters ("Supplier Name(T)", "Column A"), say nothing of what a column holds
    explained: set[int] = {i for i, w in enumerate(ws) if w in voc.glue or (len(w) == 1 and w.isalpha())}
    weak = False
    found: list[str] = []
    needed: set[int] = set()
    for group in spec.need:
        strong = [(t, p) for t in group if not t.weak and (p := _find(t, ws))]
        weak_hits = [(t, p) for t in group if t.weak and (p := _find(t, ws))]
        hits = strong or weak_hits
        if not hits:
            return 0.0, ""
        weak = weak or not strong
        for _, p in hits:
            needed.update(p)
        found.append(" ".join(hits[0][0].words))
    explained |= needed
    # a relative clause after what the heading names only qualifies it ("Department which incurred the
    # expenditure"); its words may still veto the reading, above
    relative = next((i for i, w in enumerate(ws) if w in _RELATIVE), None)
    if relative is not None and min(needed) < relative:
        explained.update(range(relative, len(ws)))
    for term in spec.also:
        explained.update(_find(term, ws))
    against = [" ".join(t.words) for t in spec.against if _find(t, ws)]
    for term in spec.against:
        explained.update(_find(term, ws))
    unexplained = [w for i, w in enumerate(ws) if i not in explained]
    confidence = _WORDS_BASE - _UNEXPLAINED * len(unexplained) - _AGAINST * len(against) - (_WEAK if weak else 0.0)
    why = "words " + ", ".join(f"'{w}'" for w in dict.fromkeys(found))
    if unexplained:
        why += "; other words " + ", ".join(f"'{w}'" for w in unexplained)
    if against:
        why += "; against: " + ", ".join(f"'{w}'" for w in against)
    return max(0.0, round(confidence, 3)), why


def might_be_heading(register: Register, cell: str) -> bool:
    """Whether a cell holds any word a heading of ``register`` is read by (a cheap filter for heading-row search)."""
    if not cell or len(cell) > 120 or _DATA_LIKE.match(cell):
        return False
    known = _vocabulary().known.get(register.name, frozenset())
    return any(w in known for w in words(cell))


@dataclass(frozen=True)
class _ColumnValues:
    """What a column's sampled values look like: the share of them that read as each kind."""

    count: int
    shares: dict[str, float]
    example: str


def _column_values(
    values: Sequence[Sequence[str | None]], columns: Sequence[int], parse: set[int], names: set[int]
) -> dict[int, _ColumnValues]:
    """Per column of ``columns``, the shares of its sampled values that read as dates, amounts, links, ...

    Parsing dates and amounts is one query over the columns in ``parse`` (a query costs milliseconds however few
    the values, so only columns whose reading is in question are parsed); links and organisation words are read for
    the columns in ``names`` (candidates for a person or a supplier). "Nil return", "Unknown", "N/A" say nothing
    about what a column holds, so they are left out first.
    """
    cells = {
        ci: vs
        for ci in columns
        if ci < len(values)
        and len(vs := [v or "" for v in values[ci][: SAMPLE_ROWS if ci in parse else _NAME_SAMPLE] if _is_value(v)])
        >= _MIN_VALUES
    }
    shares: dict[int, dict[str, float]] = {
        ci: (
            {
                "link": sum(bool(_LINK.search(v)) for v in vs) / len(vs),
                "organisation": sum(looks_like_organisation(v) for v in vs) / len(vs),
            }
            if ci in names
            else {}
        )
        for ci, vs in cells.items()
    }
    parsed = [ci for ci in cells if ci in parse]
    if parsed:
        frame = pl.DataFrame(
            {"col": [ci for ci in parsed for _ in cells[ci]], "v": [v for ci in parsed for v in cells[ci]]},
            schema={"col": pl.Int64, "v": pl.Utf8},
        )
        kinds = {
            "date": parse_date("v").is_not_null(),
            "money": parse_money("v").is_not_null(),
            "company_number": parse_company_number("v").is_not_null(),
            "vat_number": parse_vat_number("v").is_not_null(),
            "mcc": parse_mcc("v").is_not_null(),
        }
        flags = frame.with_columns(**kinds).with_columns(numeric=pl.col("date") | pl.col("money"))
        for row in flags.drop("v").group_by("col").agg(pl.all().cast(pl.Float64).mean()).iter_rows(named=True):
            shares[row.pop("col")].update(row)
    return {ci: _ColumnValues(len(vs), shares[ci], vs[0]) for ci, vs in cells.items()}


def _is_value(v: str | None) -> bool:
    return bool(v and v.strip()) and not _NOT_A_VALUE.search(v or "")


def _value_check(f: Field, column: _ColumnValues | None) -> tuple[float, str]:
    """How a column's values bear on reading it as ``f``: a small bonus when they fit, a large cut when they do not."""
    if column is None:
        return 0.0, ""
    share, example = column.shares, column.example
    if f.type in _KINDS and f.type in share:
        kind = _KINDS[f.type]
        if share[f.type] >= 0.7:
            return 0.05, f"values read as {kind}"
        if share[f.type] < 0.1:
            return -0.5, f"values are not {kind} (e.g. {example!r})"
        return 0.0, ""
    if f.type in ("person", "supplier") and share.get("link", 0.0) > 0.5:
        return _NEVER, f"values are web addresses, not names (e.g. {example!r})"
    if f.type in ("person", "supplier") and share.get("numeric", 0.0) > 0.8:
        return -0.5, f"values are numbers or dates, not names (e.g. {example!r})"
    if f.type == "text" and not f.name.endswith("_id") and share.get("numeric", 0.0) > 0.8:
        return -0.5, f"values are numbers or dates, not words (e.g. {example!r})"
    if f.type == "person" and share.get("organisation", 0.0) > 0.5:
        return -0.4, f"values look like organisations' names, not people's (e.g. {example!r})"
    return 0.0, ""


def _assign(weights: np.ndarray) -> list[tuple[int, int]]:
    """The (row, column) pairs of a one-to-one assignment with the greatest total weight (Hungarian method).

    ``weights`` is fields × columns; a pair of weight 0 is no assignment. Only rows and columns with some weight
    take part, a dozen or so, so the O(n²m) Kuhn-Munkres method with potentials is instant in plain Python.
    """
    rows = [r for r in range(weights.shape[0]) if weights[r].any()]
    cols = [c for c in range(weights.shape[1]) if weights[:, c].any()]
    if not rows or not cols:
        return []
    sub = weights[np.ix_(rows, cols)]
    transposed = len(rows) > len(cols)
    if transposed:
        sub = sub.T
    n, m = sub.shape
    cost = [[0.0] * (m + 1)] + [[0.0, *(-float(x) for x in sub[i])] for i in range(n)]
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    p, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0][j] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    pairs = [(p[j] - 1, j - 1) for j in range(1, m + 1) if p[j]]
    if transposed:
        pairs = [(b, a) for a, b in pairs]
    return [(rows[a], cols[b]) for a, b in pairs]


def read_headings(
    headings: Sequence[str],
    register: Register,
    columns: dict[str, str] | None = None,
    values: Sequence[Sequence[str | None]] | None = None,
    *,
    by_words: bool = True,
) -> HeadingReading:
    """Read a heading row: which column holds each field of ``register``.

    Args:
        headings: the heading row's cells, in column order.
        register: the register the file was given as.
        columns: the user's map (field → heading) from xref.toml; those fields are read from those headings, and
            must exist (the caller checks).
        values: per column, a sample of its cells (the same order as ``headings``); None to read words alone.
        by_words: False reads aliases alone, as xref did before words were read (for measuring the difference).

    Returns:
        The confident readings, and the fields in doubt with their candidate headings.
    """
    columns = columns or {}
    keys = [heading_key(h) for h in headings]
    readings: dict[str, Reading] = {}
    taken: set[int] = set()
    for name, heading in columns.items():
        want = heading_key(heading)
        idx = next((i for i, k in enumerate(keys) if k == want and i not in taken), None)
        if idx is not None:
            readings[name] = Reading(name, idx, headings[idx], "xref.toml", 1.0, "named in xref.toml")
            taken.add(idx)
    fields = [f for f in register.fields if f.name not in readings]
    weights = np.zeros((len(fields), len(headings)))
    whys: dict[tuple[int, int], tuple[How, str]] = {}
    base: dict[tuple[int, int], float] = {}
    for fi, f in enumerate(fields):
        alias_rank = {heading_key(a): rank for rank, a in enumerate(f.aliases)}
        for ci, heading in enumerate(headings):
            if ci in taken or not heading.strip():
                continue
            if keys[ci] in alias_rank:
                # earlier aliases win a tie, as they always did
                base[(fi, ci)] = 1.0 + 0.01 * (len(f.aliases) - alias_rank[keys[ci]])
                whys[(fi, ci)] = ("alias", "a heading xref knows")
            elif by_words:
                confidence, why = read_words(register.name, f.name, heading)
                if confidence > 0:
                    base[(fi, ci)] = confidence
                    whys[(fi, ci)] = ("words", why)
    # values are parsed where a reading is in question: a column read by its words, and the known headings of a
    # field that such a column might hold instead (between two known headings, the earlier alias wins, as always)
    worded = {fi for (fi, _), (how, _) in whys.items() if how == "words"}
    parse = {ci for (fi, ci) in whys if fi in worded}
    # and links or organisations' names are looked for in any column that might hold a name
    names = {ci for fi, ci in base if fields[fi].type in ("person", "supplier")}
    sampled = _column_values(values, sorted(parse | names), parse, names) if values is not None else {}
    for (fi, ci), confidence in base.items():
        how, why = whys[(fi, ci)]
        change, because = _value_check(fields[fi], sampled.get(ci))
        if how == "alias":
            # Values that contradict a known heading count, but only so far that another column read by its words
            # can win ("Supplier Name" holding supplier numbers beside "Supplier Name(T)"): alone, a known heading
            # is still read, and its bad values quarantined. Web addresses are never a name.
            change = change if change <= _NEVER else max(min(change, 0.0), _ALIAS_MAX_DOUBT)
            confidence += change
        else:
            confidence = min(0.95, confidence + change)
        if because and change:
            whys[(fi, ci)] = (how, f"{why}; {because}")
        if confidence >= DOUBT_CONFIDENCE:
            weights[fi, ci] = confidence
    voc = _vocabulary()
    for fi, f in enumerate(fields):
        spec = voc.fields.get((register.name, f.name))
        if spec is not None and spec.levels:
            _keep_preferred(weights[fi], headings, spec.levels)
    doubts: list[Doubt] = []
    assigned = {fi: ci for fi, ci in _assign(weights) if weights[fi, ci] > 0}
    used_columns = set(assigned.values()) | taken
    for fi, ci in sorted(assigned.items()):
        f, w = fields[fi], weights[fi, ci]
        how, why = whys[(fi, ci)]
        if how == "alias" and w >= 1.0:
            readings[f.name] = Reading(f.name, ci, headings[ci], how, 1.0, why)
            continue
        rivals = [
            c for c in range(len(headings)) if c != ci and c not in used_columns and weights[fi, c] >= w - TIE_MARGIN
        ]
        if w < USE_CONFIDENCE:
            doubts.append(Doubt(f.name, (headings[ci],), f"{why} (confidence {w:.2f})"))
        elif rivals:
            doubts.append(
                Doubt(f.name, (headings[ci], *(headings[c] for c in rivals)), "the words fit each of them equally")
            )
        else:
            readings[f.name] = Reading(f.name, ci, headings[ci], how, round(float(w), 2), why)
    # a required field nothing fits: name the headings that come closest, so the refusal says where to look
    doubted = {d.field for d in doubts}
    used = {r.column for r in readings.values()}
    for f in register.fields:
        if f.required_column and f.name not in readings and f.name not in doubted:
            near = near_misses(register, f, [h if i not in used else "" for i, h in enumerate(headings)])
            if near:
                doubts.append(Doubt(f.name, tuple(near), "the closest headings; none says it plainly enough"))
    return HeadingReading(dict(sorted(readings.items(), key=lambda kv: kv[1].column)), tuple(doubts))


def _keep_preferred(weights: np.ndarray, headings: Sequence[str], levels: tuple[tuple[_Term, ...], ...]) -> None:
    """Of the columns a field could be read from with confidence, keep those naming its preferred level (in place).

    ``Service Area Categorisation`` beside ``Responsible Unit``: a department is the broader of the two, whatever
    their words' confidence (``[prefer]`` in xref/data/heading_words.toml); columns at one level still tie as usual.
    """
    candidates = [ci for ci in range(len(headings)) if weights[ci] >= USE_CONFIDENCE]
    if len(candidates) < 2:
        return

    def level(heading: str) -> int:
        ws = words(heading)
        return next((i for i, terms in enumerate(levels) if any(_find(t, ws) for t in terms)), len(levels))

    rank = {ci: level(headings[ci]) for ci in candidates}
    best = min(rank.values())
    for ci, r in rank.items():
        if r > best:
            weights[ci] = 0.0


def near_misses(register: Register, f: Field, headings: Sequence[str], limit: int = 4) -> list[str]:
    """Headings holding a word of what ``f`` is (its first needed word class), whatever else they say.

    For a refusal's message: ``Invoice GL Date`` is not read as a payment date (an invoice date is not one), but
    it is where a user would look.
    """
    spec = _vocabulary().fields.get((register.name, f.name))
    if spec is None or not spec.need:
        return []
    found = [h for h in headings if h.strip() and any(_find(t, words(h)) for t in spec.need[0])]
    return found[:limit]


def recognised_fields(register: Register, row: Sequence[str]) -> int:
    """How many fields of ``register`` a row names with confidence, by alias or by words (for heading-row search)."""
    aliases = known_headings(register)
    cells = [c if might_be_heading(register, c) or (c and heading_key(c) in aliases) else "" for c in row]
    if sum(bool(c) for c in cells) < 2:
        return sum(bool(c) for c in cells)
    return len(read_headings(cells, register).readings)


def known_headings(register: Register) -> frozenset[str]:
    """Every alias of every field of ``register``, as :func:`xref.schemas.heading_key` compares them."""
    return _known_headings(register.name)


@functools.cache
def _known_headings(register_name: str) -> frozenset[str]:
    return frozenset(heading_key(a) for f in REGISTERS[register_name].fields for a in f.aliases)


def reading_record(readings: Sequence[Reading], doubts: Sequence[Doubt]) -> dict[str, object]:
    """How one file's headings were read: run.json's ``headings`` and what ``xref check --write-config`` writes."""
    return {
        "fields": {
            r.field: {"heading": r.heading, "how": r.how, "confidence": r.confidence, "why": r.why} for r in readings
        },
        "doubtful": [{"field": d.field, "candidates": list(d.candidates), "why": d.why} for d in doubts],
    }


def inferred(readings: Sequence[Reading]) -> list[Reading]:
    """The readings that rest on words rather than an alias or xref.toml: what a user should confirm."""
    return [r for r in readings if r.how == "words"]
