"""The gifts and hospitality register in a form a force can publish: no personal names, nothing internal.

Recipients are shown by role and department (from the staff list, else the register's own department), names of
staff and recipients are removed from free text, internal fields (approver, declared-by, row lineage) are dropped,
and a final check refuses to write a register in which any known name (in any of the forms below) still appears.

What is removed, for every known person (staff list, recipients, approvers), "Jane Smith" as the example:

* the full name, any case, either order, middle names or rank between ("Jane Smith", "SMITH, Jane", "DS Jane A.
  Smith"), and as a user name or address: "jane.smith", "jane_smith01", "janesmith", "jane.smith@force.police.uk";
* an initial and the surname: "J. Smith", "J Smith", "J.Smith", "JSmith", "Smith J", "Smith, J."; the initial must
  be a capital and the surname must start with one (so "a baker" is not "A. Baker");
* a rank or title and the surname, capital letters as above: "DS Smith", "Mr Smith", "Ch Insp Smith";
* an initial joined to the surname as a user name, any case: "j.smith", "smith_j", "jsmith", "smithj2";
* for a recipient of a gift in the register (not every one of the staff list's hundreds of names), the surname on
  its own, as a whole word starting with a capital: "thanks to Smith for hosting", "SMITH's team".

Surnames that are also ordinary words are where removal would wreck the register ("Town Hall", "Baker Street",
"Police Federation", "in May"), so a surname is *cautious* if it is a common English word (:data:`_COMMON_WORDS`),
a rank or title, or a word of any offeror's name, department or role in the run's data. A cautious surname is never
removed on its own; with an initial only where the initial has its full stop ("J. Hall", "Hall, J.": "I May attend"
is kept); glued to an initial ("tbaker") only in the Reference column, which holds codes, not prose. An initial glued
to a surname of fewer than four letters is not removed in prose either ("slim" is not S. Lim), nor a surname and a
trailing "s" ("Smiths Detection", "Lloyds Bank") unless digits follow ("smiths01").

The offeror column holds organisation names, so only a full name is removed there: "Baker Street Catering" and
"J Smith Plumbing Ltd" are published as given. A cell in which no form above is found is published unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from xref.errors import InputFileError
from xref.people import TITLES, looks_like_private_person
from xref.safety import neutralise

PUBLIC_COLUMNS = {
    "ref": "Reference",
    "offer_date": "Date of offer",
    "recipient_role": "Recipient (role and department)",
    "offeror": "Offered by",
    "description": "Description",
    "kind": "Gift or hospitality",
    "value": "Estimated value (£)",
    "status_raw": "Accepted or declined",
}
REDACTED = "[name removed]"
_APOSTROPHES = {"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_TITLE_WORDS = frozenset(w for t in TITLES for w in t.split())
# "staff" is in TITLES for "Staff Nurse"-style prefixes; before a surname it is far more often the ordinary word
_SURNAME_TITLES = sorted((t for t in TITLES if t != "staff"), key=len, reverse=True)
_TEXT_COLUMNS = ["recipient_role", "offeror", "description", "kind", "status_raw", "ref"]
# English words that are also common British surnames: written with a capital they are as often a place, an
# organisation or the start of a sentence as a person ("Town Hall", "Black Friday", "Young Offenders")
_COMMON_WORDS = frozenset(
    """
    abbot archer arrow ash august bacon baker ball bank banks barber barn baron bay beach bell berry best birch
    bird bishop black blue bond bone booth bow box branch brewer bridge bright brook brooks brown buck bull burn
    burns bush butcher butler cannon carpenter case cash castle cave chamberlain chambers chance chandler chapel
    chaplain chief christmas church clay clerk cliff coal coast cook cooper court cross crow crown day dean deacon
    driver drum duke earl east easter elm fair faith farmer field fields finch fish fisher flower flowers foot ford
    fortune fox frost gardener gate gates gill gold good grace green grey gray grove guard hall hand hardy hare hart
    hawk head heath hedge hill hills holly hope horn house hunt hunter iron ivy joy judge june justice keeper key
    king knight lake lamb lane lanes law little lock lodge long lord love major manor march marsh marshal mason
    master may mayor mill miller mills monk moor moss noble north oak officer organ page painter park parson penny
    pike police pool pope port porter post potter pound power price prince queen rain reed rice rich ridge ring
    river rivers robin rock root rose rush salmon salt sergeant sexton sharp shepherd sheriff shore short silver
    singer slater small snow south spring squire steel steward stone storm street strong sugar summer swan swift
    tanner thatcher tower turner vale vicar walker wall walls ward warden way weaver well wells west white wing
    winter wise wolf wood woods wren young
    """.split()
)
_SEP = r"[\W_]+"
_GAP = rf"(?:{_SEP}[^\W_]+){{0,2}}?{_SEP}"  # middle names or a rank between forename and surname
_INITIAL_GAP = r"(?:\.\s*|\s+)"  # "J. Smith", "J.Smith", "J Smith"
_MIDDLE_INITIALS = r"(?:[A-Z](?:\.\s*|\s+)){0,2}"  # "J. A. Smith", "J A Smith"


@dataclass(frozen=True)
class Publication:
    """The publishable register and what was done to it."""

    frame: pl.DataFrame
    names_checked: int  # people (forename and surname), each once however many spellings the inputs use
    cells_redacted: int
    private_offerors: tuple[str, ...] = ()
    """References of entries whose offeror reads as a private person (``Mrs J Patel``): check before publishing."""
    labels_widened: int = 0
    """Recipients whose role label named one member of staff alone, published as their department (or staff)."""


@dataclass(frozen=True)
class _Name:
    """A person's forename and surname, folded (:func:`_fold_chars`)."""

    first: str
    last: str


@dataclass(frozen=True)
class _Matcher:
    """The names to find in one column: ``lower`` patterns in lower-cased folded text, ``cased`` in case-kept."""

    lower: tuple[re.Pattern[str] | None, ...]
    cased: tuple[re.Pattern[str] | None, ...]

    def spans(self, value: str) -> list[tuple[int, int]]:
        """Where names are in ``value``, overlapping finds merged, in order."""
        found = []
        for patterns, folded in ((self.lower, _fold_chars(value)), (self.cased, _fold_chars(value, keep_case=True))):
            found += [m.span() for p in patterns if p is not None for m in p.finditer(folded)]
        merged: list[tuple[int, int]] = []
        for start, end in sorted(found):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged


def public_gifts(
    gifts: pl.DataFrame,
    staff: pl.DataFrame,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Publication:
    """Build the publishable register from loaded ``gifts`` (and the ``staff`` list, which may be empty).

    Raises:
        InputFileError: a name survived redaction (never expected; the register is then not written).
    """
    rows = gifts
    if date_from is not None:
        rows = rows.filter(pl.col("offer_date") >= date_from)
    if date_to is not None:
        rows = rows.filter(pl.col("offer_date") <= date_to)
    roles = _roles(staff)
    rows = rows.sort("offer_date", "ref").join(roles, left_on="recipient_key", right_on="_key", how="left")
    # a role label only one person on the staff list holds names them: widen it to their department, or to staff
    lonely = pl.col("_lonely").fill_null(False)
    labels_widened = int(rows.select(lonely.sum()).item())
    rows = rows.with_columns(pl.when(lonely).then(pl.col("_wider")).otherwise(pl.col("_role")).alias("_role"))
    rows = rows.with_columns(
        pl.coalesce(
            pl.col("_role"),
            pl.when(pl.col("department").is_not_null())
            .then(pl.lit("Member of staff, ") + pl.col("department"))
            .otherwise(None),
            pl.lit("Member of staff"),
        ).alias("recipient_role")
    )
    names = _parsed(_names((staff, ["name"]), (gifts, ["recipient", "approver"])))
    recipients = _parsed(_names((gifts, ["recipient"])))
    matchers = _matchers(names, recipients, _cautious(staff, gifts))
    redacted = 0
    out = rows.select(list(PUBLIC_COLUMNS))
    for column in _TEXT_COLUMNS:
        cleaned = []
        for value in out[column].to_list():
            new = _redact(value, matchers[column]) if value is not None else value
            redacted += new != value
            cleaned.append(new)
        out = out.with_columns(pl.Series(column, cleaned, dtype=pl.Utf8))
    # the same search again on what is about to be written: a safety net, independent of how _redact cut
    leaks = [c for c in _TEXT_COLUMNS for v in out[c].drop_nulls().to_list() if matchers[c].spans(v)]
    if leaks:
        raise InputFileError(f"public register not written: a staff name remains in column {leaks[0]}")
    private = tuple(
        str(ref)
        for ref, offeror in out.select("ref", "offeror").rows()
        if offeror and looks_like_private_person(offeror)
    )
    return Publication(out.rename(PUBLIC_COLUMNS), len(names), redacted, private, labels_widened)


def write_publication(publication: Publication, path: Path) -> None:
    """Write the register as CSV (UTF-8 with BOM, so Excel reads "£" right), formula-looking cells neutralised."""
    tmp = path.with_name(f".{path.name}.tmp")
    neutralise(publication.frame).write_csv(tmp, include_bom=True)
    tmp.replace(path)


def _roles(staff: pl.DataFrame) -> pl.DataFrame:
    """Each staff member's public description: role and department from the staff list.

    ``_lonely`` marks a label that one person alone on the list holds ("Chief Constable, Command Team" names its
    holder); ``_wider`` is what to publish instead: "Member of staff, <department>" when others share the
    department, else "Member of staff".
    """
    schema = {"_key": pl.Utf8, "_role": pl.Utf8, "_lonely": pl.Boolean, "_wider": pl.Utf8}
    if staff.is_empty():
        return pl.DataFrame(schema=schema)
    role = pl.concat_str([pl.col("role"), pl.col("department")], separator=", ", ignore_nulls=True)
    keys = staff.select(
        pl.concat_str(pl.lit("staff:"), pl.col("staff_id").str.to_uppercase()).alias("_key"),
        pl.when(role != "").then(role).otherwise(None).alias("_role"),
        pl.col("department"),
    ).unique("_key", keep="first")
    keys = keys.with_columns(
        _lonely=pl.col("_role").is_not_null() & (pl.len().over("_role") == 1),
        _wider=pl.when(pl.col("department").is_not_null() & (pl.len().over("department") > 1))
        .then(pl.lit("Member of staff, ") + pl.col("department"))
        .otherwise(pl.lit("Member of staff")),
    )
    return keys.select(list(schema))


def _names(*sources: tuple[pl.DataFrame, list[str]]) -> list[str]:
    """Every non-blank value of the given columns (those a frame has), sorted: the personal names known to the run."""
    found: set[str] = set()
    for frame, columns in sources:
        for column in columns:
            if column in frame.columns:
                found.update(v for v in frame[column].drop_nulls().to_list() if v.strip())
    return sorted(found)


def _parsed(names: list[str]) -> list[_Name]:
    """Forename and surname of each name that has both ("SMITH, Jane" and "DS Jane A. Smith" alike), duplicates once.

    Ranks and titles are ignored, and so are single letters: an initial alone is no forename to build forms from.
    """
    found: dict[_Name, None] = {}
    for name in names:
        text = name.split(",", 1)
        words = _WORD.findall(_fold_chars(" ".join(reversed(text)) if len(text) == 2 else name))
        words = [w for w in words if w not in _TITLE_WORDS and len(w) > 1]
        if len(words) >= 2:
            found[_Name(words[0], words[-1])] = None
    return list(found)


def _cautious(staff: pl.DataFrame, gifts: pl.DataFrame) -> frozenset[str]:
    """Folded words that, as a surname, are removed only in a name-like form (see the module docstring)."""
    words = set(_COMMON_WORDS | _TITLE_WORDS)
    for value in _names((gifts, ["offeror", "department"]), (staff, ["role", "department"])):
        for word in _WORD.findall(_fold_chars(value)):
            words.add(word)
            words.update(re.split(r"['-]", word))  # "Lloyd-Jones Ltd" makes "Jones" cautious as well
    return frozenset(words)


def _matchers(names: list[_Name], recipients: list[_Name], cautious: frozenset[str]) -> dict[str, _Matcher]:
    """One matcher per public text column, built from the forms in the module docstring.

    Forms sharing a head (an initial, a forename, a surname) share one alternative, "j[._](?:smith|jones)": a few
    hundred alternatives for a staff list of thousands, which keeps compiling and scanning quick.
    """
    w, cap = _word_pattern, _cased
    plain = [n for n in names if n.last not in cautious]
    wary = [n for n in names if n.last in cautious]
    long_first = [n for n in names if len(n.first) >= 3]  # "Ed"+"Ward" would be "edward": not glued on
    full = [rf"{f}{_GAP}(?:{ls})\d*" for f, ls in _group((w(n.first), w(n.last)) for n in names)]
    full += [rf"{ln}{_SEP}(?:{fs})\d*" for ln, fs in _group((w(n.last), w(n.first)) for n in names)]
    usernames = [rf"{f}(?:{ls})\d*" for f, ls in _group((w(n.first), w(n.last)) for n in long_first)]
    usernames += [rf"{ln}(?:{fs})\d*" for ln, fs in _group((w(n.last), w(n.first)) for n in long_first)]
    by_letter = _group((re.escape(n.first[0]), w(n.last)) for n in names)
    usernames += [rf"{i}[._](?:{ls})\d*" for i, ls in by_letter]
    usernames += [rf"(?:{ls})[._]{i}\d*" for i, ls in by_letter]
    # "slim" is not S. Lim nor "award" A. Ward: in prose only a surname of four letters or more, not cautious
    glued_prose = _glued([n for n in plain if len(n.last) >= 4])
    glued_ref = _glued([n for n in names if n.last in cautious or len(n.last) < 4])
    by_initial = _group((cap(n.first[0]), cap(n.last)) for n in plain)
    wary_initial = _group((cap(n.first[0]), cap(n.last)) for n in wary)
    initials = [rf"{i}{_INITIAL_GAP}{_MIDDLE_INITIALS}(?:{ls})" for i, ls in by_initial]
    initials += [rf"(?:{ls})(?:,\s*|\s+){i}\.?" for i, ls in by_initial]
    # "I May attend", "Sports Hall A": a cautious surname needs the initial's full stop
    initials += [rf"{i}\.\s*(?:[A-Z]\.\s*){{0,2}}(?:{ls})" for i, ls in wary_initial]
    initials += [rf"(?:{ls})(?:,\s*|\s+){i}\." for i, ls in wary_initial]
    # "JSmith" with the rest of the surname in lower case: never "SHALL" for S. Hall
    camel = [f"{i}(?:{ls})" for i, ls in _group((cap(n.first[0]), _camel(n.last)) for n in names)]
    titles = "|".join(r"\.?\s+".join(cap(t) for t in title.split()) for title in _SURNAME_TITLES)
    surnames = "|".join(dict.fromkeys(cap(n.last) for n in names))
    titled = [rf"(?:{titles})\.?\s+(?:{surnames})"] if names else []
    bare = list(dict.fromkeys(cap(n.last) for n in recipients if n.last not in cautious))
    # leftmost-first: at one place a longer form is tried before a shorter one inside it ("Smith J" before "Smith")
    cased = _alternation([*titled, *initials, *camel, *bare])
    prose = _Matcher((_alternation([*full, *usernames, *glued_prose]),), (cased,))
    matchers = dict.fromkeys(_TEXT_COLUMNS, prose)
    # references are codes, not prose: an initial glued to any surname is a user name there ("GH/2025/tbaker/004")
    matchers["ref"] = _Matcher((*prose.lower, _alternation(glued_ref)), prose.cased)
    matchers["offeror"] = _Matcher((_alternation(full),), ())  # organisation names: a full name only
    return matchers


def _glued(names: list[_Name]) -> list[str]:
    """The forms of an initial glued to the surname ("jsmith", "smithj2") for ``names``."""
    by_letter = _group((n.first[0], _word_pattern(n.last)) for n in names)
    forms = [rf"{re.escape(i)}(?:{ls})\d*" for i, ls in by_letter]
    # surname+"s" is a plural or a company ("Smiths Detection", "Lloyds Bank") unless digits follow
    forms += [rf"(?:{ls})s\d+" if i == "s" else rf"(?:{ls}){re.escape(i)}\d*" for i, ls in by_letter]
    return forms


def _group(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each head with its tails as one alternation, ``("j", "smith|jones")``, each tail once, in first-seen order."""
    groups: dict[str, dict[str, None]] = {}
    for head, tail in pairs:
        groups.setdefault(head, {})[tail] = None
    return [(head, "|".join(tails)) for head, tails in groups.items()]


def _camel(word: str) -> str:
    """A folded word with a capital first letter and the rest exactly in lower case ("Smith" in "JSmith")."""
    return _cased(word[0]) + _word_pattern(word[1:])


def _alternation(forms: list[str]) -> re.Pattern[str] | None:
    """One pattern for all ``forms``, each only as whole words: a cell is scanned once, not once per person."""
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(forms)})(?![^\W_])") if forms else None


def _word_pattern(word: str) -> str:
    """A name word whose hyphens and apostrophes may also be written as a space or left out."""
    parts = re.split(r"['-]", word)
    return r"[\s'-]?".join(re.escape(p) for p in parts)


def _cased(word: str) -> str:
    """A folded word written with a capital first letter and the rest in any case ("Smith", "SMITH", "MacDonald")."""
    head, rest = word[0].upper(), _word_pattern(word[1:])
    if len(head) != 1:  # no single capital (never for a Latin letter): any case rather than no match
        return f"(?i:{_word_pattern(word)})"
    return f"{re.escape(head)}(?i:{rest})" if rest else re.escape(head)


def _fold_chars(text: str, *, keep_case: bool = False) -> str:
    """Without accents, curly apostrophes made straight, lower case unless ``keep_case``: one character for each.

    Keeping the length lets a match found in the folded text be cut out of the original at the same place.
    """
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch if keep_case else ch.lower())
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        folded = _APOSTROPHES.get(ch, (base if keep_case else base.lower())[:1] or ch)
        out.append("i" if folded == "ı" else folded)
    return "".join(out)


def _redact(value: str, matcher: _Matcher) -> str:
    """``value`` with every name ``matcher`` finds replaced by :data:`REDACTED`."""
    pieces, last = [], 0
    for start, end in matcher.spans(value):
        pieces += [value[last:start], REDACTED]
        last = end
    return "".join([*pieces, value[last:]])
