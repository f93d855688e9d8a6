"""Run configuration: ``xref.toml`` plus command-line options, validated into one :class:`RunConfig`.

``xref.toml`` (read from ``--config``, else from the working directory if present)::

    [inputs.contracts]
    files = ["contracts_2025.xlsx"]          # relative to the config file
    [inputs.contracts.columns]
    supplier_name = "Contractor/Provider"    # canonical field = heading in your export

    [matching]
    auto_min_score = 95

    [rules.R001]
    lookback_days = 365

Every key is checked against :data:`SCHEMA` (and the registers' fields and the rules' parameters): an unknown key,
a value of the wrong type or a file that is not UTF-8 TOML stops with one :class:`~xref.errors.ConfigError` line
naming the file, the setting and the fix, never a traceback and never a setting silently ignored.
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from xref.errors import ConfigError
from xref.public_bodies import default_patterns, pattern_problem
from xref.schemas import REGISTERS

DEFAULT_CONFIG_NAME = "xref.toml"
DEFAULT_MEMORY_LIMIT = "1GB"
"""DuckDB's memory limit when none is given. DuckDB's own default (80% of the machine's memory) leaves nothing for
the matcher and the report; with 1GB the national benchmark (7.3M rows) stays under 4 GB, spilling to disk. Raise it
(``--memory-limit 4GB``) for faster rules on a large machine."""


@dataclass(frozen=True)
class MatchSettings:
    """Thresholds of the supplier-name matcher (scores are 0–100)."""

    auto_min_score: float = 95.0
    """A pair scoring at least this (with no penalty or ambiguity) links automatically."""
    review_min_score: float = 85.0
    """Pairs from here up to ``auto_min_score`` link as 'review': flags say the match needs checking."""
    token_df_cap: int = 60
    """A shared token blocks a pair only if at most this many distinct names contain it (dynamic stopwords)."""
    token_df_cap_sqrt: float = 0.25
    """...or at most this times the square root of the number of distinct names, whichever is larger (132 at
    280,000 names; 60 up to 57,600 names, so a force's own files are not affected).

    The cap grows with the files, since a bigger file holds more names per word, but more slowly than they do: the
    pairs one word proposes grow with the square of the names holding it, so a cap in proportion to the names (the
    old 0.5% fraction, 1,400 at 280,000 names) made the token-rule pairs grow with the square of the file (36 million
    at that size), while this one keeps them near linear. A word held by more names than the cap still counts in the
    scores; it only stops proposing pairs on its own."""
    token_df_cap_fraction: float = 0.0
    """...or at most this fraction of distinct names (off by default; 0.005 was the old linear cap, see above)."""
    prefix_len: int = 6
    """Card strings are also compared with register names sharing this many leading characters."""
    prefix_max_names: int = 20
    """...unless more register names than this share those characters: a longer block ("london", "premie") is a
    common word, not a cut-off name, and would pair each card string with hundreds of register names. Dropped blocks
    are listed in the blocking statistics (``prefixes_dropped_as_common``)."""
    min_key_len: int = 4
    """Keys shorter than this match only exactly (edit ratios on 3 characters mean nothing)."""
    ambiguity_margin: float = 3.0
    """A best candidate within this many points of the runner-up cannot auto-link."""


@dataclass(frozen=True)
class Threshold:
    """A value a force's procurement rules attach a control to (quotes, tender, publication, approval)."""

    gbp: float
    label: str
    vat_inclusive: bool = False
    """Set in law including VAT (the Procurement Act 2023 thresholds): compared with ex-VAT contract values after
    dividing by ``vat_factor``, since registers publish values excluding VAT."""


DEFAULT_THRESHOLDS = (
    Threshold(3_000, "3 written quotations (contract standing orders)"),
    Threshold(5_000, "competition required (contract standing orders)"),
    Threshold(10_000, "publication of contracts over £10,000 (Elected Local Policing Bodies Order)"),
    Threshold(20_000, "contract standing orders tier"),
    Threshold(30_000, "Procurement Act 2023 notifiable below-threshold contract (sub-central)", vat_inclusive=True),
    Threshold(50_000, "full tender (contract standing orders)"),
    Threshold(214_904, "Procurement Act 2023 goods and services threshold (sub-central)", vat_inclusive=True),
    Threshold(250_000, "Police and Crime Commissioner / board scrutiny"),
)

DEFAULT_PUBLIC_BODIES = default_patterns()
"""The default public-body list: ``xref/data/public_bodies.csv`` (councils by the form of their name and one by one,
forces and PCCs, fire and rescue, the NHS, government departments; ``!`` before an exception). See
:mod:`xref.public_bodies` for how an entry matches an offeror."""
DEFAULT_MARKETPLACES = ("amazon*", "ebay*", "paypal", "etsy*", "trainline*")


@dataclass(frozen=True)
class Policy:
    """A force's own limits and lists, shared by the rules (``[policy]`` in ``xref.toml``)."""

    thresholds: tuple[Threshold, ...] = DEFAULT_THRESHOLDS
    """Approval, quotation and publication thresholds (R012, R016, R017), each with its label and VAT basis."""
    vat_factor: float = 1.2
    """VAT-inclusive thresholds are divided by this to compare with ex-VAT register values."""
    card_single_txn_limit_gbp: float = 500.0
    """The card programme's single-transaction limit (R011, R012). A placeholder: take it from the programme."""
    public_body_offerors: tuple[str, ...] = DEFAULT_PUBLIC_BODIES
    """Offerors never treated as suppliers courting staff: other forces and PCCs, councils, fire and rescue, the NHS,
    government departments. Each entry matches the whole offeror name (``*`` matches any text; case and punctuation
    ignored; a name ending in Ltd is a company's), ``!`` marks an exception; :mod:`xref.public_bodies`. Setting it
    replaces the default list (:data:`DEFAULT_PUBLIC_BODIES`)."""
    public_body_offerors_extra: tuple[str, ...] = ()
    """Entries added to ``public_body_offerors`` (to the default list, unless that is replaced too)."""
    marketplaces: tuple[str, ...] = DEFAULT_MARKETPLACES
    """Card merchants that are marketplaces or agents, not the supplier (never a card → supplier link for rules
    about who the money went to; ``*`` matches any text; case ignored)."""

    def public_bodies(self) -> list[str]:
        """The public-body entries in force: ``public_body_offerors`` then ``public_body_offerors_extra``, once each."""
        return list(dict.fromkeys([*self.public_body_offerors, *self.public_body_offerors_extra]))

    def params(self) -> dict[str, Any]:
        """The standard rule parameters this policy provides (see :data:`xref.rules.STANDARD_PARAMS`)."""
        ordered = sorted(self.thresholds, key=lambda t: t.gbp)
        return {
            "thresholds_gbp": [t.gbp / self.vat_factor if t.vat_inclusive else float(t.gbp) for t in ordered],
            "threshold_labels": [
                f"£{t.gbp:,.0f} incl. VAT: {t.label}" if t.vat_inclusive else f"£{t.gbp:,.0f}: {t.label}"
                for t in ordered
            ],
            "card_limit_gbp": float(self.card_single_txn_limit_gbp),
            "public_bodies": self.public_bodies(),
            "marketplaces": list(self.marketplaces),
        }


@dataclass(frozen=True)
class InputSpec:
    """The files given for one register, and the user's heading map for them."""

    register: str
    files: tuple[Path, ...]
    columns: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RunConfig:
    """Everything one run needs, after merging ``xref.toml`` and command-line options."""

    inputs: dict[str, InputSpec]
    matching: MatchSettings = field(default_factory=MatchSettings)
    rule_params: dict[str, dict[str, Any]] = field(default_factory=dict)
    policy: Policy = field(default_factory=Policy)
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    period_label: str | None = None
    out_dir: Path = Path("out")
    db_path: Path | None = None
    overrides_path: Path | None = None
    threads: int | None = None
    memory_limit: str = DEFAULT_MEMORY_LIMIT
    """DuckDB's memory limit (``--memory-limit``; default :data:`DEFAULT_MEMORY_LIMIT`)."""
    config_path: Path | None = None

    @property
    def case_file(self) -> Path:
        """Where the persistent case file lives (default: inside the output folder)."""
        return self.db_path or self.out_dir / "xref.duckdb"


def parse_period(text: str) -> tuple[dt.date, dt.date, str]:
    """Parse ``2025Q1`` (calendar quarter), ``2025-26Q1`` is not accepted: use --from/--to for other spans.

    Returns:
        (first day, last day, label).
    """
    m = re.fullmatch(r"\s*(\d{4})\s*-?\s*Q([1-4])\s*", text, flags=re.IGNORECASE)
    if not m:
        raise ConfigError(f"--period {text!r} is not a quarter like 2025Q1; use --from/--to for other spans")
    year, q = int(m.group(1)), int(m.group(2))
    start = dt.date(year, 3 * (q - 1) + 1, 1)
    end_month = 3 * q
    end = (dt.date(year + (end_month == 12), end_month % 12 + 1, 1)) - dt.timedelta(days=1)
    return start, end, f"{year}Q{q}"


def parse_iso_date(text: str, *, option: str) -> dt.date:
    """Parse a YYYY-MM-DD option value."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ConfigError(f"{option} {text!r} is not a date like 2025-01-31") from None


# --------------------------------------------------------------------------------------------------------------------
# The schema of xref.toml: every section, key and the type of value it takes. A bad file stops with one line naming
# the file, the setting and the fix; nothing in the file is ever ignored.
# --------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A type a value in ``xref.toml`` must have: the words for it in messages, and the test."""

    words: str
    test: Callable[[Any], bool]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)  # TOML's true is a Python int


def _is_texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


TEXT = Kind("text in quotes", lambda v: isinstance(v, str))
TEXTS = Kind("a list of texts", _is_texts)
FILES = Kind("a file name or a list of them", lambda v: isinstance(v, str) or _is_texts(v))
NUMBER = Kind("a number", _is_number)
WHOLE = Kind("a whole number", lambda v: isinstance(v, int) and not isinstance(v, bool))
BOOLEAN = Kind("true or false", lambda v: isinstance(v, bool))
# A TOML date (from = 2025-01-01) or text ("2025-01-01"); a date-time or a time is not a day.
DATE = Kind("a date", lambda v: isinstance(v, str) or (isinstance(v, dt.date) and not isinstance(v, dt.datetime)))
TABLE = Kind("a table", lambda v: isinstance(v, dict))
TABLES = Kind(
    "a list of one or more tables", lambda v: bool(v) and isinstance(v, list) and all(isinstance(x, dict) for x in v)
)


@dataclass(frozen=True)
class Setting:
    """One key of ``xref.toml``: the kind of value it takes, and an example value (as TOML) for messages."""

    kind: Kind
    example: str


SECTIONS = {
    "inputs": '[inputs.cards] with files = ["cards.csv"]',
    "matching": "[matching] with auto_min_score = 95",
    "policy": "[policy] with card_single_txn_limit_gbp = 500",
    "rules": "[rules.R001] with lookback_days = 540",
    "run": '[run] with period = "2025Q1"',
}
"""The top-level sections, each with an example for the message when one is not a table."""

SCHEMA: dict[str, dict[str, Setting]] = {
    "run": {
        "period": Setting(TEXT, '"2025Q1"'),
        "from": Setting(DATE, "2025-01-01"),
        "to": Setting(DATE, "2025-03-31"),
        "out": Setting(TEXT, '"out/2025Q1"'),
        "db": Setting(TEXT, '"case/xref.duckdb"'),
        "overrides": Setting(TEXT, '"match_decisions.csv"'),
        "threads": Setting(WHOLE, "4"),
        "memory_limit": Setting(TEXT, '"1GB"'),
    },
    "inputs.*": {
        "files": Setting(FILES, '["cards_jan.csv", "cards_feb.csv"]'),
        "columns": Setting(TABLE, '{ merchant_name = "Payee" }'),
    },
    "matching": {
        f.name: Setting(WHOLE if isinstance(f.default, int) else NUMBER, repr(f.default)) for f in fields(MatchSettings)
    },
    "policy": {
        "thresholds": Setting(TABLES, '[{ gbp = 5000, label = "competition required" }]'),
        "vat_factor": Setting(NUMBER, "1.2"),
        "card_single_txn_limit_gbp": Setting(NUMBER, "500"),
        "public_body_offerors": Setting(TEXTS, '["* Constabulary", "* County Council", "Torbay Council"]'),
        "public_body_offerors_extra": Setting(TEXTS, '["British Council", "Local Government Association"]'),
        "marketplaces": Setting(TEXTS, '["amazon*", "ebay*"]'),
    },
    "policy.thresholds": {
        "gbp": Setting(NUMBER, "5000"),
        "label": Setting(TEXT, '"competition required"'),
        "vat_inclusive": Setting(BOOLEAN, "true"),
    },
}
"""The settings of each section of ``xref.toml`` (``*`` is a register name; ``policy.thresholds`` is one entry).

Two sections take their keys from elsewhere: ``[inputs.REGISTER.columns]`` maps the register's fields
(:data:`xref.schemas.REGISTERS`) to headings (text), and ``[rules.RNNN]`` sets the parameters a rule file declares,
each typed like its default (:meth:`xref.rules.Rule.values`)."""

MIN_MEMORY_LIMIT = "128MB"
"""The smallest ``--memory-limit`` / ``[run] memory_limit`` accepted. Found by running the sample data: below 80MB
the run stops inside DuckDB ("Out of Memory Error" pinning 256 KiB blocks in the matcher; 76MB fails or passes by
chance, 64MB always fails, with 1 to 8 threads alike). 128MB leaves a margin for other files, which beyond it spill
to disk rather than fail; a smaller limit is a typo (``1KB``, ``10MB`` for ``10GB``), not a setting."""
_MIN_MEMORY_BYTES = 128 * 10**6
_SIZE_UNITS = {f"{p}b": 1000 ** (i + 1) for i, p in enumerate("kmgt")} | {
    f"{p}ib": 1024 ** (i + 1) for i, p in enumerate("kmgt")
}
"""Bytes per unit as DuckDB reads sizes: KB is 1000 bytes, KiB 1024."""
MAX_THREADS = 256
"""As ``--threads`` (click.IntRange(1, 256) in xref/cli.py)."""


def _quoted(text: str) -> str:
    """``text`` in double quotes, line breaks and other unprintable characters escaped: messages are one line."""
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in json.dumps(text, ensure_ascii=False))


def _key(name: str) -> str:
    """A key as TOML writes it: bare if it can be, else quoted."""
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _quoted(name)


def _toml(value: Any, depth: int = 0) -> str:
    """``value`` as TOML writes it (``true``, ``"text"``, ``[1, 2]``), for echoing a bad value in a message."""
    if depth > 3:  # a deeply nested value is shown as "…", not walked
        return "…"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _quoted(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v, depth + 1) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{_key(k)} = {_toml(v, depth + 1)}" for k, v in value.items())
        return f"{{ {inner} }}" if inner else "{}"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return repr(value)


def _shown(value: Any) -> str:
    """A bad value for a message: as written in TOML, cut short."""
    text = _toml(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    """`` did you mean 'files'?`` when a known name is close to ``name`` (a typo or a wrong case), else nothing."""
    by_lower = {k.lower(): k for k in known}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1)
    if not close and len(name) >= 3:  # a key cut short ("vat" for "vat_factor") is too short for difflib's ratio
        close = [k for k in by_lower if k.startswith(name.lower())]
    return f" did you mean {by_lower[close[0]]!r}?" if len(close) == 1 else ""


def _check_table(table: dict[str, Any], settings: dict[str, Setting], where: str) -> None:
    """Every key of ``table`` must be one of ``settings`` and have its kind of value."""
    for key, value in table.items():
        if key not in settings:
            hint = _did_you_mean(key, settings)
            raise ConfigError(f"{where} {_key(key)} is not a setting;{hint} settings are {', '.join(settings)}")
        setting = settings[key]
        if not setting.kind.test(value):
            raise ConfigError(
                f"{where} {key} must be {setting.kind.words}, like {key} = {setting.example} (got {_shown(value)})"
            )


def _decode(raw: bytes, path: Path) -> str:
    """The file's text; one that is not UTF-8 stops with the line of its first bad byte."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ConfigError(f"config file {path} is UTF-16 text, not UTF-8; save it as UTF-8")
    raw = raw.removeprefix(codecs.BOM_UTF8)  # Notepad's "UTF-8 with BOM" is UTF-8 all the same
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        guess = bytes([byte]).decode("cp1252", errors="replace")
        seen = f" ({guess!r} in Windows-1252 or Latin-1)" if guess.isprintable() and guess != "\ufffd" else ""
        raise ConfigError(
            f"config file {path} is not UTF-8 text: line {line} has the byte 0x{byte:02X}{seen}; save the file as UTF-8"
        ) from None


def read_config_file(path: Path) -> dict[str, Any]:
    """Read ``xref.toml``: UTF-8 TOML whose top level holds only the known sections, each a table."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except IsADirectoryError:
        raise ConfigError(f"config file {path} is a folder; give the xref.toml file in it") from None
    except OSError as exc:
        raise ConfigError(
            f"config file {path} cannot be read ({exc.strerror}); check the path and its permissions"
        ) from None
    try:
        data = tomllib.loads(_decode(raw, path))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses once per nested [ or {
        raise ConfigError(f"config file {path} is not valid TOML: its values nest too deeply") from None
    expected = "expected [inputs.*], [matching], [policy], [rules.*], [run]"
    for name, value in data.items():
        if name not in SECTIONS:
            if not isinstance(value, dict):  # a setting written above every section header
                homes = [s for s in ("run", "matching", "policy") if name in SCHEMA[s]]
                homes += ["inputs.REGISTER"] if name in SCHEMA["inputs.*"] else []
                where = f"; put it under [{homes[0]}]" if homes else f";{_did_you_mean(name, SECTIONS)} {expected}"
                raise ConfigError(f"config file {path}: {_key(name)} is not a section{where}")
            raise ConfigError(
                f"config file {path}: unknown section [{_key(name)}];{_did_you_mean(name, SECTIONS)} {expected}"
            )
        if not isinstance(value, dict):
            raise ConfigError(
                f"config file {path}: {name} must be a section, like {SECTIONS[name]} (got {_shown(value)})"
            )
    return data


def build_config(
    *,
    config_path: Path | None,
    cli_files: dict[str, tuple[Path, ...]],
    period: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    out_dir: Path | None = None,
    db_path: Path | None = None,
    overrides_path: Path | None = None,
    threads: int | None = None,
    memory_limit: str | None = None,
) -> RunConfig:
    """Merge the config file (if any) with command-line options; the command line wins.

    Every setting in the file is checked, whether or not the command line replaces it: an unknown key or a value
    of the wrong type is a :class:`~xref.errors.ConfigError` naming the file, the setting and the fix.
    """
    if config_path is None and Path(DEFAULT_CONFIG_NAME).is_file():
        config_path = Path(DEFAULT_CONFIG_NAME)
    data = read_config_file(config_path) if config_path else {}
    base = config_path.parent if config_path else Path()
    where = f"config file {config_path}:"

    inputs = _inputs(data.get("inputs", {}), base, where)
    for name, files in cli_files.items():
        if files:
            previous = inputs.get(name)
            inputs[name] = InputSpec(name, files, previous.columns if previous else {})
    inputs = {k: v for k, v in inputs.items() if v.files}

    matching = _matching_settings(data.get("matching", {}), config_path)
    rule_params = _rule_params(data.get("rules", {}), where)
    policy = _policy(data.get("policy", {}), config_path)

    run_section: dict[str, Any] = data.get("run", {})
    _check_table(run_section, SCHEMA["run"], f"{where} [run]")
    config_period = config_from = config_to = None
    if "period" in run_section:
        try:
            config_period = parse_period(run_section["period"])
        except ConfigError:
            raise ConfigError(
                f'{where} [run] period {_shown(run_section["period"])} is not a quarter like "2025Q1"; '
                "use from = 2025-01-01 and to = 2025-03-31 for other spans"
            ) from None
    if "from" in run_section:
        config_from = _config_date(run_section["from"], f"{where} [run] from")
    if "to" in run_section:
        config_to = _config_date(run_section["to"], f"{where} [run] to")
    config_threads = run_section.get("threads")
    if config_threads is not None and not 1 <= config_threads <= MAX_THREADS:
        raise ConfigError(
            f"{where} [run] threads must be from 1 to {MAX_THREADS}, like threads = 4 (got {config_threads})"
        )
    if "memory_limit" in run_section:
        config_memory = _memory_limit(run_section["memory_limit"], f"{where} [run] memory_limit")
    else:
        config_memory = DEFAULT_MEMORY_LIMIT

    p_from = p_to = None
    label = None
    if period:
        p_from, p_to, label = parse_period(period)
    elif config_period:
        p_from, p_to, label = config_period
    if date_from:
        p_from = parse_iso_date(date_from, option="--from")
    elif config_from:
        p_from = config_from
    if date_to:
        p_to = parse_iso_date(date_to, option="--to")
    elif config_to:
        p_to = config_to
    if p_from and p_to and p_from > p_to:
        raise ConfigError(f"the period starts ({p_from}) after it ends ({p_to})")
    if (date_from or date_to or config_from or config_to) and not label:
        label = f"{p_from or '…'} to {p_to or '…'}"

    def _path(value: Path | None, key: str) -> Path | None:
        if value is not None:
            return value
        if key in run_section:
            return base / str(run_section[key])
        return None

    return RunConfig(
        inputs=inputs,
        matching=matching,
        rule_params=rule_params,
        policy=policy,
        period_from=p_from,
        period_to=p_to,
        period_label=label,
        out_dir=_path(out_dir, "out") or Path("out"),
        db_path=_path(db_path, "db"),
        overrides_path=_path(overrides_path, "overrides"),
        threads=threads or config_threads,
        memory_limit=_memory_limit(memory_limit, "--memory-limit") if memory_limit else config_memory,
        config_path=config_path,
    )


def _config_date(value: str | dt.date, where: str) -> dt.date:
    """``from``/``to`` under [run]: a TOML date (2025-01-31) or the same in quotes."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(f"{where} {_shown(value)} is not a date like 2025-01-31") from None


def _memory_limit(text: str, where: str) -> str:
    """A DuckDB memory size such as ``1GB``, ``512MB`` or ``1.5GiB``, at least :data:`MIN_MEMORY_LIMIT`."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B)\s*", text, flags=re.IGNORECASE)
    if not m:
        raise ConfigError(f"{where} {text!r} is not a size: give one such as 1GB, 4GB or 512MB")
    if float(m.group(1)) * _SIZE_UNITS[m.group(2).lower()] < _MIN_MEMORY_BYTES:
        raise ConfigError(
            f"{where} {text!r} is too small: DuckDB fails below about 80MB; give at least {MIN_MEMORY_LIMIT} "
            f"(the default is {DEFAULT_MEMORY_LIMIT})"
        )
    return text.strip()


def _inputs(raw: dict[str, Any], base: Path, where: str) -> dict[str, InputSpec]:
    """``[inputs.REGISTER]`` sections: their files (relative to the config file) and heading maps."""
    inputs: dict[str, InputSpec] = {}
    for name, section in raw.items():
        if name not in REGISTERS:
            raise ConfigError(
                f"{where} [inputs.{_key(name)}] is not a register;{_did_you_mean(name, REGISTERS)} "
                f"expected one of {', '.join(REGISTERS)}"
            )
        register = REGISTERS[name]
        if not isinstance(section, dict):
            raise ConfigError(
                f'{where} [inputs.{name}] must be a table, like [inputs.{name}] with files = ["{name}.csv"] '
                f"(got {_shown(section)})"
            )
        first_field = next(f.name for f in register.fields if f.required_column)
        settings = {
            **SCHEMA["inputs.*"],
            "columns": Setting(TABLE, f'{{ {first_field} = "the heading in your file" }}'),
        }
        _check_table(section, settings, f"{where} [inputs.{name}]")
        columns: dict[str, Any] = section.get("columns", {})
        for canonical, heading in columns.items():
            if canonical not in register.field_names:
                raise ConfigError(
                    f"{where} [inputs.{name}.columns] {_key(canonical)} is not a field of {name};"
                    f"{_did_you_mean(canonical, register.field_names)} fields are {', '.join(register.field_names)}"
                )
            if not isinstance(heading, str):
                raise ConfigError(
                    f"{where} [inputs.{name}.columns] {canonical} must be text: the heading in your file, like "
                    f'{canonical} = "Payee" (got {_shown(heading)})'
                )
        files = section.get("files", [])
        files = [files] if isinstance(files, str) else files  # files = "cards.csv" means the one file
        inputs[name] = InputSpec(name, _expand_files(base, files, where, name), dict(columns))
    return inputs


def _expand_files(base: Path, patterns: list[str], where: str, register: str) -> tuple[Path, ...]:
    """Config file lists may use wildcards (``card_*.csv``); a JSON file may name its records (``f.json#gifts``).

    ``files = "cards.csv"`` (one text, not a list) is read as the list of that one file: it is what users mean.
    """
    out: list[Path] = []
    for pattern in patterns:
        path_text, hash_, selector = pattern.partition("#")
        if any(ch in path_text for ch in "*?["):
            found = sorted(base.glob(path_text))
            if not found:
                raise ConfigError(f"{where} [inputs.{register}] files {pattern!r} matches nothing")
            out.extend(Path(f"{f}{hash_}{selector}") for f in found)
        else:
            out.append(base / pattern)
    return tuple(out)


def _rule_params(raw: dict[str, Any], where: str) -> dict[str, dict[str, Any]]:
    """``[rules.RNNN]`` sections: each a rule that exists, setting only its parameters, each typed like its default."""
    if not raw:
        return {}
    # Imported here: xref.rules brings polars and DuckDB, which commands whose config sets no rule do not need.
    from xref.rules import load_rules  # noqa: PLC0415

    rules = {r.rule_id: r for r in load_rules()}
    out: dict[str, dict[str, Any]] = {}
    for name, params in raw.items():
        rule_id = name.upper()  # [rules.r001] is R001
        if rule_id not in rules:
            ids = list(rules)
            raise ConfigError(
                f"{where} [rules.{_key(name)}] is not a rule;{_did_you_mean(rule_id, ids)} "
                f"rules are {ids[0]} to {ids[-1]} (xref rules lists them)"
            )
        rule = rules[rule_id]
        defaults = {p.name: p.default for p in rule.params}
        example = next((f"{k} = {_toml(v)}" for k, v in defaults.items()), "")
        section = f"{where} [rules.{rule_id}]"
        if not isinstance(params, dict):
            raise ConfigError(
                f"{section} must be a table of {rule_id}'s parameters, like [rules.{rule_id}] with {example} "
                f"(got {_shown(params)})"
                if example
                else f"{section}: {rule_id} has no parameters; remove it"
            )
        if rule_id in out:
            other = next(n for n in raw if n.upper() == rule_id and n != name)
            raise ConfigError(f"{where} [rules.{_key(other)}] and [rules.{_key(name)}] are the same rule; keep one")
        for key, value in params.items():
            if key not in defaults:
                raise ConfigError(
                    f"{section} {_key(key)} is not a parameter of {rule_id};{_did_you_mean(key, defaults)} "
                    f"parameters are {', '.join(defaults) or 'none'}"
                )
            default = defaults[key]
            kind = _kind_of(default)
            if not kind.test(value):
                raise ConfigError(
                    f"{section} {key} must be {kind.words} like the default, {key} = {_toml(default)} "
                    f"(got {_shown(value)})"
                )
        try:
            rule.values(params)  # the check run_rules makes, so the two never disagree
        except ConfigError as exc:
            raise ConfigError(f"{where} {exc}") from None
        out[rule_id] = dict(params)
    return out


def _kind_of(default: Any) -> Kind:
    """The kind of value a rule parameter takes: its default's (a whole number may stand for a decimal one)."""
    if isinstance(default, bool):
        return BOOLEAN
    if isinstance(default, int):
        return WHOLE
    if isinstance(default, float):
        return NUMBER
    if isinstance(default, str):
        return TEXT
    if isinstance(default, list):
        return Kind("a list", lambda v: isinstance(v, list))
    return Kind(f"a {type(default).__name__}", lambda v: type(v) is type(default))


def _matching_settings(section: dict[str, Any], path: Path | None) -> MatchSettings:
    """``[matching]``: numbers, none negative, with 0 ≤ review_min_score ≤ auto_min_score ≤ 100."""
    _check_table(section, SCHEMA["matching"], f"config file {path}: [matching]")
    for key, value in section.items():
        if value < 0:
            example = SCHEMA["matching"][key].example
            raise ConfigError(
                f"config file {path}: [matching] {key} must not be negative, like {key} = {example} (got {value})"
            )
    settings = MatchSettings(**section)
    if not 0 <= settings.review_min_score <= settings.auto_min_score <= 100:
        raise ConfigError(f"config file {path}: [matching] needs 0 ≤ review_min_score ≤ auto_min_score ≤ 100")
    return settings


def _policy(section: dict[str, Any], path: Path | None) -> Policy:
    """``[policy]``: each key replaces the default, but ``public_body_offerors_extra`` adds to the public-body list.

    Thresholds are ``{gbp, label, vat_inclusive}`` tables; a public-body entry must name something.
    """
    _check_table(section, SCHEMA["policy"], f"config file {path}: [policy]")
    values: dict[str, Any] = {}
    for key, value in section.items():
        where = f"config file {path}: [policy] {key}"
        if key == "thresholds":
            items = []
            for i, item in enumerate(value, start=1):
                gbp = item.get("gbp")
                if not _is_number(gbp) or gbp <= 0:
                    raise ConfigError(f"{where} entry {i} needs gbp = a positive number")
                _check_table(item, SCHEMA["policy.thresholds"], f"{where} entry {i}:")
                items.append(Threshold(float(gbp), item.get("label", f"£{gbp:,}"), item.get("vat_inclusive", False)))
            values[key] = tuple(items)
        elif key in ("public_body_offerors", "public_body_offerors_extra"):
            for i, entry in enumerate(value, start=1):
                problem = pattern_problem(entry)
                if problem:
                    raise ConfigError(
                        f'{where} entry {i} {_shown(entry)} {problem}; give a name such as "Torbay Council" or '
                        f'a pattern such as "* County Council" (* stands for any text)'
                    )
            values[key] = tuple(v.strip() for v in value)
        elif key == "marketplaces":
            values[key] = tuple(value)
        else:
            if value <= 0:
                raise ConfigError(f"{where} must be a positive number, like {key} = {SCHEMA['policy'][key].example}")
            values[key] = float(value)
    return Policy(**values)


def inferred_config(
    target: Path, files: Mapping[str, list[Path]], readings: Mapping[str, list[dict[str, Any]]], *, today: dt.date
) -> str:
    """The xref.toml ``xref check --write-config`` writes: each register's files and the heading of each field.

    Args:
        target: where the file will be written (file paths are made relative to its folder, as xref.toml reads them).
        files: per register, its input files.
        readings: per register, each file's heading record (:func:`xref.headings.reading_record`), first file first.
        today: the date written in the header comment.

    Every mapping carries a comment saying how it was read, so the user can confirm each before relying on it; a
    field in doubt is written commented out, with its candidates.
    """
    base = target.absolute().parent
    lines = [
        f"# Written by `xref check --write-config` on {today.isoformat()}: the headings xref read in these files.",
        "# Confirm each mapping (the comment says how it was read), fill in any left commented out, then run",
        f"# `xref run --config {target.name}`.",
    ]
    for register, paths in files.items():
        shown = [os.path.relpath(p.absolute(), base) for p in paths]
        lines += ["", f"[inputs.{register}]", "files = [" + ", ".join(_quoted(p) for p in shown) + "]"]
        records = readings.get(register, [])
        if not records:
            continue
        first = records[0]
        lines += ["", f"[inputs.{register}.columns]"]
        for name, r in first["fields"].items():
            others = {rec["fields"][name]["heading"] for rec in records[1:] if name in rec["fields"]} - {r["heading"]}
            note = f"{r['how']}: {r['why']} (confidence {r['confidence']:.2f})"
            if others:
                note += "; other files use " + ", ".join(_quoted(h) for h in sorted(others))
            lines.append(f"{_key(name)} = {_quoted(r['heading'])}  # {note}")
        for d in first["doubtful"]:
            candidates = ", ".join(_quoted(h) for h in d["candidates"])
            lines.append(f'# {_key(d["field"])} = ""  # doubtful, not used: {candidates} ({d["why"]})')
    return "\n".join(lines) + "\n"
