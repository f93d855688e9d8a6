"""Which gift offerors are public bodies: the list behind ``[policy] public_body_offerors``, and its matcher.

An offer from a public body (another force, a Police and Crime Commissioner, a council, the NHS, a government
department) is not a supplier courting staff, so the gifts rules (R001–R007, R021) leave it out. Which offerors are
public bodies is an explicit list, never a word found somewhere in a name: ``Council of Mortgage Lenders``, ``Betting
and Gaming Council`` and ``The Commission for Sport Ltd`` are not public bodies. The default list is
``xref/data/public_bodies.csv`` (``pattern,kind,source``; ``#`` lines are comments), described in
``xref/data/README.md``; ``xref.toml`` replaces it (``public_body_offerors``) or adds to it
(``public_body_offerors_extra``).

How an entry matches an offeror (:meth:`PublicBodies.match`):

- Both are normalised alike (:func:`normalise`): case, accents and punctuation ignored, ``&`` read as ``and``,
  bracketed text dropped (``Exeter City Council (Finance)``), spaced initials joined (``H M Revenue`` is ``HM
  Revenue``, ``N H S`` is ``NHS``), and a leading or trailing ``the`` dropped (``Information Commissioner, The``).
- The entry must match the **whole** name. ``*`` stands for any text: ``* County Council`` is ``Devon County
  Council`` but not ``County Councils Network``; ``NHS *`` is any name starting with the word NHS. A ``*`` that is a
  word of its own may also stand for no text (``* Police and Crime Commissioner*`` is ``Police and Crime
  Commissioner for Devon and Cornwall`` too).
- A name ending in a company's legal form (``Ltd``, ``Limited``, ``PLC``, ``LLP``, ``CIC``…, from
  ``legal_forms.csv``) is a company, not a public body, unless the entry itself names that form
  (``College of Policing Limited``): ``NHS Professionals Ltd`` is not matched by ``NHS *``.
- An entry starting with ``!`` is an exception: a name it matches is never a public body (``!NHS Confederation``,
  a membership body, not part of the NHS).

Only :mod:`xref.rules` uses the matcher on data (it stages the public-body offerors for the rule SQL); this
module reads files only, so :mod:`xref.config` can take the default list from it without loading DuckDB.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

PUBLIC_BODIES_FILE = "public_bodies.csv"
KINDS = ("local_authority", "police", "fire_and_rescue", "nhs", "central_government", "not_public_body")
"""The kinds of entry in :data:`PUBLIC_BODIES_FILE`; ``not_public_body`` entries are exceptions (``!`` patterns)."""
COMPANY_FORMS = frozenset({"ltd", "plc", "llp", "lp", "cic", "cio", "inc", "llc", "gmbh", "sarl", "srl", "bv", "pty"})
"""The legal forms (``legal_forms.csv``'s ``form`` column) that make a name a company's: ``corp`` and ``co`` are left
out, since public corporations (``City of London Corporation``) carry them."""
CONFIGURED = "configured"
"""The kind of an entry given in ``xref.toml`` that is not in the default list."""


@dataclass(frozen=True)
class Entry:
    """One entry of the public-body list."""

    pattern: str
    """As written (without the ``!`` of an exception)."""
    kind: str
    source: str
    exception: bool
    key: str
    """The pattern normalised (``*`` kept)."""
    regex: re.Pattern[str] | None
    """The compiled pattern, or None for a name without ``*`` (compared whole)."""
    position: int
    """Its place in the list: the first entry that matches a name is the one reported."""

    @property
    def written(self) -> str:
        """The entry as ``xref.toml`` writes it (``!`` before an exception)."""
        return f"!{self.pattern}" if self.exception else self.pattern


def normalise(text: str, *, keep_stars: bool = False) -> str:
    """A name (or, with ``keep_stars``, a pattern) as the list compares it.

    ``H.M. Revenue & Customs`` is ``hm revenue and customs``; ``EXETER CITY COUNCIL (FINANCE)`` is ``exeter city
    council``.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    folded = re.sub(r"\([^)]*\)?|\[[^\]]*\]?", " ", folded)  # bracketed text, even when the bracket is cut off
    folded = folded.replace("&", " and ")
    folded = re.sub(r"['’‘`]", "", folded)  # King's, Chiefs' Council
    folded = re.sub(r"[^a-z0-9*]+" if keep_stars else r"[^a-z0-9]+", " ", folded)
    words: list[str] = []
    initials = False  # whether the last word is spaced initials joined so far
    for word in folded.split():
        single = len(word) == 1 and word.isalpha()
        if single and initials:  # spaced initials are one word: H M Revenue, N H S Trust
            words[-1] += word
        else:
            words.append(word)
        initials = single
    if words and words[0] == "the":
        words = words[1:]
    if words and words[-1] == "the":
        words = words[:-1]
    return " ".join(words)


def glob_regex(key: str) -> re.Pattern[str]:
    """The regular expression of a normalised pattern: ``*`` is any text; a ``*`` word may also be no text."""
    out = ""
    started = pending = False
    for word in key.split():
        if word == "*":
            pending = True
            continue
        literal = ".*".join(re.escape(part) for part in word.split("*"))
        if not started:
            out += "(?:.+ )?" if pending else ""
        else:
            out += "(?: .+)? " if pending else " "
        out += literal
        started, pending = True, False
    if not started:
        return re.compile(".*")
    if pending:
        out += "(?: .+)?"
    return re.compile(out)


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be a public-body entry (for the config message), or None if it can."""
    body = pattern.strip().removeprefix("!")
    key = normalise(body, keep_stars=True)
    if not key.replace("*", "").strip():
        return "matches every offeror" if "*" in body else "has no letters or digits"
    return None


@cache
def _company_phrases() -> tuple[tuple[str, ...], ...]:
    """Legal-form phrases (``legal_forms.csv``) whose form is a company's, longest first."""
    text = resources.files("xref").joinpath("data", "legal_forms.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    phrases = {
        tuple(normalise(row["phrase"]).split())
        for row in csv.DictReader(lines)
        if row["form"].strip().casefold() in COMPANY_FORMS
    }
    return tuple(sorted((p for p in phrases if p), key=len, reverse=True))


def company_ending(key: str) -> str | None:
    """The company legal form a normalised name ends with (``ltd``, ``limited by guarantee``), or None."""
    words = tuple(key.split())
    for phrase in _company_phrases():
        if len(words) > len(phrase) and words[-len(phrase) :] == phrase:
            return " ".join(phrase)
    return None


@dataclass(frozen=True)
class _Row:
    pattern: str
    kind: str
    source: str


@cache
def listed() -> tuple[_Row, ...]:
    """The rows of :data:`PUBLIC_BODIES_FILE`, in order (``not_public_body`` rows are the exceptions)."""
    text = resources.files("xref").joinpath("data", PUBLIC_BODIES_FILE).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return tuple(_Row(r["pattern"].strip(), r["kind"].strip(), r["source"].strip()) for r in csv.DictReader(lines))


def default_patterns() -> tuple[str, ...]:
    """The default ``[policy] public_body_offerors``: the file's entries, ``!`` before each exception."""
    return tuple(f"!{r.pattern}" if r.kind == "not_public_body" else r.pattern for r in listed())


class PublicBodies:
    """A public-body list (patterns as ``xref.toml`` writes them), ready to classify names."""

    def __init__(self, patterns: Iterable[str], *, configured_source: str = "xref.toml [policy]") -> None:
        known = {(r.kind == "not_public_body", normalise(r.pattern, keep_stars=True)): r for r in listed()}
        self.entries: list[Entry] = []
        seen: set[tuple[bool, str]] = set()
        for text in patterns:
            written = text.strip()
            exception = written.startswith("!")
            body = written.removeprefix("!").strip()
            key = normalise(body, keep_stars=True)
            if not key or (exception, key) in seen:
                continue
            seen.add((exception, key))
            row = known.get((exception, key))
            kind, source = (row.kind, row.source) if row else (CONFIGURED, configured_source)
            regex = glob_regex(key) if "*" in key else None
            self.entries.append(Entry(body, kind, source, exception, key, regex, len(self.entries)))
        self._exact: dict[str, Entry] = {}
        for e in self.entries:
            if e.regex is None and not e.exception:
                self._exact.setdefault(e.key, e)
        self._wild = [e for e in self.entries if e.regex is not None and not e.exception]
        self._exceptions = [e for e in self.entries if e.exception]
        # one pass over all the patterns first: most names match none, and then need no loop
        self._any_wild = re.compile("|".join(f"(?:{e.regex.pattern})" for e in self._wild if e.regex) or "(?!)")

    def match(self, name: str | None) -> Entry | None:
        """The first entry naming ``name`` as a public body, or None (no entry, or an exception matches)."""
        key = normalise(name or "")
        if not key:
            return None
        company = company_ending(key) is not None
        if any(_matches(e, key, company) for e in self._exceptions):
            return None
        hit = self._exact.get(key)
        if self._any_wild.fullmatch(key) is None:
            return hit
        for e in self._wild:
            if hit is not None and e.position > hit.position:
                break
            if _matches(e, key, company):
                return e
        return hit


def _matches(entry: Entry, key: str, company: bool) -> bool:
    if entry.regex is None:
        return entry.key == key
    if company and company_ending(entry.key.replace("*", " ").strip()) is None:
        return False  # "NHS *" is not "NHS Professionals Ltd"
    return entry.regex.fullmatch(key) is not None
