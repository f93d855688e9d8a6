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
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from xref.errors import ConfigError
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

DEFAULT_PUBLIC_BODIES = (
    "College of Policing*",
    "Home Office*",
    "*Police and Crime Commissioner*",
    "*Police",
    "*Police Service",
    "*Constabulary",
    "*Council",
    "*Fire and Rescue*",
    "NHS *",
    "*NHS Trust",
)
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
    """Offerors never treated as suppliers courting staff: other forces, the PCC, the College of Policing, the Home
    Office, councils, the NHS (``*`` matches any text; case ignored)."""
    marketplaces: tuple[str, ...] = DEFAULT_MARKETPLACES
    """Card merchants that are marketplaces or agents, not the supplier (never a card → supplier link for rules
    about who the money went to; ``*`` matches any text; case ignored)."""

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
            "public_bodies": list(self.public_body_offerors),
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


def read_config_file(path: Path) -> dict[str, Any]:
    """Read and lightly validate ``xref.toml``."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    unknown = set(data) - {"inputs", "matching", "policy", "rules", "run"}
    if unknown:
        raise ConfigError(
            f"config file {path}: unknown section(s) {', '.join(sorted(unknown))}; "
            "expected [inputs.*], [matching], [policy], [rules.*], [run]"
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
    """Merge the config file (if any) with command-line options; the command line wins."""
    if config_path is None and Path(DEFAULT_CONFIG_NAME).is_file():
        config_path = Path(DEFAULT_CONFIG_NAME)
    data = read_config_file(config_path) if config_path else {}
    base = config_path.parent if config_path else Path()
    run_section = data.get("run", {})

    inputs: dict[str, InputSpec] = {}
    raw_inputs = data.get("inputs", {})
    for name, section in raw_inputs.items():
        if name not in REGISTERS:
            raise ConfigError(
                f"config file {config_path}: [inputs.{name}] is not a register; expected one of {', '.join(REGISTERS)}"
            )
        if not isinstance(section, dict):
            raise ConfigError(f"config file {config_path}: [inputs.{name}] must be a table")
        columns = section.get("columns", {})
        register = REGISTERS[name]
        for canonical, heading in columns.items():
            if canonical not in register.field_names:
                raise ConfigError(
                    f"config file {config_path}: [inputs.{name}.columns] {canonical} is not a field of "
                    f"{name}; fields are {', '.join(register.field_names)}"
                )
            if not isinstance(heading, str):
                raise ConfigError(f"config file {config_path}: [inputs.{name}.columns] {canonical} must be text")
        files = _expand_files(base, section.get("files", []), config_path, name)
        inputs[name] = InputSpec(name, files, dict(columns))
    for name, files in cli_files.items():
        if files:
            previous = inputs.get(name)
            inputs[name] = InputSpec(name, files, previous.columns if previous else {})
    inputs = {k: v for k, v in inputs.items() if v.files}

    matching = _matching_settings(data.get("matching", {}), config_path)
    rule_params = {str(k).upper(): dict(v) for k, v in data.get("rules", {}).items()}
    policy = _policy(data.get("policy", {}), config_path)

    period = period or run_section.get("period")
    p_from = p_to = None
    label = None
    if period:
        p_from, p_to, label = parse_period(str(period))
    date_from = date_from or run_section.get("from")
    date_to = date_to or run_section.get("to")
    if date_from:
        p_from = parse_iso_date(str(date_from), option="--from")
    if date_to:
        p_to = parse_iso_date(str(date_to), option="--to")
    if p_from and p_to and p_from > p_to:
        raise ConfigError(f"the period starts ({p_from}) after it ends ({p_to})")
    if (date_from or date_to) and not label:
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
        threads=threads or run_section.get("threads"),
        memory_limit=_memory_limit(memory_limit or run_section.get("memory_limit") or DEFAULT_MEMORY_LIMIT),
        config_path=config_path,
    )


def _memory_limit(text: str) -> str:
    """A DuckDB memory size such as ``1GB``, ``512MB`` or ``1.5GiB``."""
    if not re.fullmatch(r"\s*\d+(\.\d+)?\s*([KMGT]i?B)\s*", str(text), flags=re.IGNORECASE):
        raise ConfigError(f"memory limit {text!r} is not a size: give one such as 1GB, 4GB or 512MB")
    return str(text).strip()


def _expand_files(base: Path, patterns: list[str], config_path: Path | None, register: str) -> tuple[Path, ...]:
    """Config file lists may use wildcards (``card_*.csv``); a JSON file may name its records (``f.json#gifts``)."""
    out: list[Path] = []
    for pattern in patterns:
        path_text, hash_, selector = str(pattern).partition("#")
        if any(ch in path_text for ch in "*?["):
            found = sorted(base.glob(path_text))
            if not found:
                raise ConfigError(f"config file {config_path}: [inputs.{register}] files {pattern!r} matches nothing")
            out.extend(Path(f"{f}{hash_}{selector}") for f in found)
        else:
            out.append(base / pattern)
    return tuple(out)


def _matching_settings(section: dict[str, Any], path: Path | None) -> MatchSettings:
    known = {f.name: f for f in fields(MatchSettings)}
    values: dict[str, Any] = {}
    for key, value in section.items():
        if key not in known:
            raise ConfigError(f"config file {path}: [matching] {key} is not a setting; settings are {', '.join(known)}")
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ConfigError(f"config file {path}: [matching] {key} must be a number")
        values[key] = value
    settings = MatchSettings(**values)
    if not 0 <= settings.review_min_score <= settings.auto_min_score <= 100:
        raise ConfigError(f"config file {path}: [matching] needs 0 ≤ review_min_score ≤ auto_min_score ≤ 100")
    return settings


def _policy(section: dict[str, Any], path: Path | None) -> Policy:
    """``[policy]``: each key replaces the default; thresholds are ``{gbp, label, vat_inclusive}`` tables."""
    known = {f.name for f in fields(Policy)}
    values: dict[str, Any] = {}
    for key, value in section.items():
        where = f"config file {path}: [policy] {key}"
        if key not in known:
            raise ConfigError(f"config file {path}: [policy] {key} is not a setting; settings are {', '.join(known)}")
        if key == "thresholds":
            if not isinstance(value, list) or not value:
                raise ConfigError(f'{where} must be a list of {{gbp = 5000, label = "..."}} tables')
            items = []
            for i, item in enumerate(value, start=1):
                gbp = item.get("gbp") if isinstance(item, dict) else None
                if not isinstance(gbp, int | float) or isinstance(gbp, bool) or gbp <= 0:
                    raise ConfigError(f"{where} entry {i} needs gbp = a positive number")
                extra = set(item) - {"gbp", "label", "vat_inclusive"}
                if extra:
                    raise ConfigError(f"{where} entry {i}: unknown key(s) {', '.join(sorted(extra))}")
                items.append(
                    Threshold(float(gbp), str(item.get("label", f"£{gbp:,}")), bool(item.get("vat_inclusive")))
                )
            values[key] = tuple(items)
        elif key in ("public_body_offerors", "marketplaces"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where} must be a list of texts")
            values[key] = tuple(value)
        else:
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{where} must be a positive number")
            values[key] = float(value)
    return Policy(**values)
