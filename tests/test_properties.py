"""Property tests (hypothesis): the value parsers, the name normaliser, and the loader on generated registers.

tests/test_parse.py and tests/test_names.py already check the dd/mm/yyyy and ISO round trip, "£1,234.50" with
brackets for credits, and that a name's key is never empty and normalises to itself; these cover the other written
forms, garbage, case and spacing, and whole files: every row read is loaded or quarantined with the reason expected,
and the same files give the same rows and the same flag ids every time.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from xref.config import build_config
from xref.ingest import Inputs, load_inputs
from xref.names import normalise
from xref.parse import NO_VALUE_WORDS, parse_date, parse_money
from xref.pipeline import flag_inputs, load_for_run, match_inputs
from xref.rules import load_rules

EXCEL_EPOCH = dt.date(1899, 12, 30)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip


def parsed(expr: pl.Expr, values: list[str | None]) -> list[object]:
    """Apply a parser to a column of texts."""
    return pl.DataFrame({"v": values}, schema={"v": pl.Utf8}).select(expr.alias("out"))["out"].to_list()


def ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def random_case(text: str, mask: int) -> str:
    """Upper-case the letters picked by ``mask``'s bits (the parsers ignore case)."""
    return "".join(c.upper() if (mask >> (i % 30)) & 1 else c.lower() for i, c in enumerate(text))


# --------------------------------------------------------------------------------------------------- dates

DATE_FORMATS = {
    "dd/mm/yyyy": lambda d: d.strftime("%d/%m/%Y"),
    "d/m/yyyy": lambda d: f"{d.day}/{d.month}/{d.year}",
    "d/m/yy": lambda d: f"{d.day}/{d.month}/{d:%y}",
    "dd-mm-yy": lambda d: d.strftime("%d-%m-%y"),
    "dd.mm.yyyy": lambda d: d.strftime("%d.%m.%Y"),
    "dd/mm/yyyy hh:mm": lambda d: d.strftime("%d/%m/%Y 00:00"),
    "yyyy-mm-dd": lambda d: d.isoformat(),
    "yyyy-m-d": lambda d: f"{d.year}-{d.month}-{d.day}",
    "yyyy-mm-dd hh:mm:ss": lambda d: f"{d.isoformat()} 00:00:00",
    "yyyy-mm-ddThh:mm": lambda d: f"{d.isoformat()}T10:15",
    "d Mon yyyy": lambda d: f"{d.day} {d:%b} {d.year}",
    "dd-Mon-yy": lambda d: d.strftime("%d-%b-%y"),
    "d Month yyyy": lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    "dth Month yyyy": lambda d: f"{ordinal(d.day)} {MONTHS[d.month - 1]} {d.year}",
    "Weekday d Month yyyy": lambda d: f"{d:%A} {d.day} {MONTHS[d.month - 1]} {d.year}",
    "Wkd dd Mon yyyy": lambda d: f"{d:%a} {d:%d} {d:%b} {d.year}",
    "Month d, yyyy": lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    "excel serial": lambda d: str((d - EXCEL_EPOCH).days),
    "excel serial float": lambda d: f"{(d - EXCEL_EPOCH).days}.0",
}
"""Every form :func:`xref.parse.parse_date` documents, written out from a date."""

# Two-digit years are 20xx, and Excel serials are read from 20000 (1954) to 80000 (2119): 2000-2099 fits both.
register_dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))


@settings(max_examples=150, deadline=None)
@given(
    day=register_dates,
    form=st.sampled_from(sorted(DATE_FORMATS)),
    mask=st.integers(0, 2**30 - 1),
    pad=st.sampled_from(["", " ", "  ", "\t"]),
)
def test_parse_date_reads_every_documented_form_back_to_the_same_date(
    day: dt.date, form: str, mask: int, pad: str
) -> None:
    text = pad + random_case(DATE_FORMATS[form](day), mask) + pad
    assert parsed(parse_date("v"), [text]) == [day], text


@settings(max_examples=100, deadline=None)
@given(day=st.integers(1, 31), month=st.integers(1, 12), year=st.integers(2000, 2099))
def test_parse_date_gives_null_for_impossible_dates_never_a_neighbour(day: int, month: int, year: int) -> None:
    try:
        expected: dt.date | None = dt.date(year, month, day)
    except ValueError:
        expected = None  # 31/04, 30/02, 29/02 outside leap years
    assert parsed(parse_date("v"), [f"{day:02d}/{month:02d}/{year}", f"{year}-{month:02d}-{day:02d}"]) == [
        expected,
        expected,
    ]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=30), st.from_regex(r"[\d/.\- :a-zA-Z]{0,20}")), max_size=8))
def test_parse_date_never_raises_and_text_without_digits_is_null(texts: list[str | None]) -> None:
    out = parsed(parse_date("v"), texts)
    assert len(out) == len(texts)
    for text, value in zip(texts, out, strict=True):
        assert value is None or isinstance(value, dt.date)
        if text is None or not any(ch.isdigit() for ch in text):
            assert value is None, text


# --------------------------------------------------------------------------------------------------- money

MONEY_FORMATS = {
    "£1,234.50": lambda a: f"£{abs(a):,.2f}",
    "1234.5": lambda a: f"{abs(a).normalize():f}",
    "1234.50": lambda a: f"{abs(a):.2f}",
    "£ 1 234.50 (spaces)": lambda a: f"£ {abs(a):,.2f}".replace(",", " "),
    "GBP 1,234.50": lambda a: f"GBP {abs(a):,.2f}",
    " £1,234.50 (padded)": lambda a: f"  £{abs(a):,.2f} ",
}
"""Written forms of an amount's size; the sign is written separately (see :data:`SIGNS`)."""
SIGNS = {
    "-£5": lambda body: "-" + body.strip(),
    "(5.00)": lambda body: f"({body.strip()})",
    "5.00 CR": lambda body: f"{body.strip()} CR",
}
"""How registers write a credit (a negative amount)."""

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(amount=amounts, form=st.sampled_from(sorted(MONEY_FORMATS)), credit=st.sampled_from(["", *sorted(SIGNS)]))
def test_parse_money_reads_amounts_and_credits(amount: Decimal, form: str, credit: str) -> None:
    text = MONEY_FORMATS[form](amount)
    expected = float(amount)
    if credit:
        text = SIGNS[credit](text)
        expected = -expected
    (value,) = parsed(parse_money("v"), [text])
    assert value == pytest.approx(expected, abs=1e-9), text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(max_size=25),
            st.sampled_from(NO_VALUE_WORDS),
            st.text(alphabet="£$€()-,. abcCR", max_size=12),
        ),
        max_size=8,
    )
)
def test_parse_money_never_raises_and_gives_null_without_a_number(texts: list[str | None]) -> None:
    out = parsed(parse_money("v"), texts)
    for text, value in zip(texts, out, strict=True):
        assert value is None or isinstance(value, float)
        if text is None or not any(ch in "0123456789" for ch in text):
            assert value is None, text


# --------------------------------------------------------------------------------------------------- names

# Names as they appear in UK registers: Latin script (accents included), digits, punctuation and symbols. Dotless
# "ı" is left out here: see test_key_ignores_case_for_letters_whose_case_forms_fold_differently.
latin_names = st.text(
    alphabet=st.characters(
        min_codepoint=0x20, max_codepoint=0x24F, exclude_characters="ı", categories=["L", "N", "P", "S", "Zs"]
    ),
    max_size=40,
)
any_names = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Zs"]), max_size=30)
ALL_SOURCES = st.sampled_from(["contracts", "cards", "gifts", "interests", "payments"])


def plain(text: str) -> str:
    """The text without accents."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


@settings(max_examples=300, deadline=None)
@given(raw=latin_names, source=ALL_SOURCES)
def test_key_ignores_case_and_accents(raw: str, source: str) -> None:
    key = normalise(raw, source=source).key
    for variant in (raw.upper(), raw.lower(), raw.swapcase(), plain(raw)):
        assert normalise(variant, source=source).key == key, variant


@settings(max_examples=300, deadline=None)
@given(raw=any_names, source=ALL_SOURCES)
def test_a_name_with_a_letter_gets_a_key_with_a_letter_or_digit(raw: str, source: str) -> None:
    assume(any(ch.isalpha() for ch in raw))
    key = normalise(raw, source=source).key
    assert key == key.strip() and key != "?"
    assert any(ch.isalnum() for ch in key)


@settings(max_examples=200, deadline=None)
@given(
    raw=latin_names,
    source=st.sampled_from(["contracts", "gifts", "interests", "payments"]),
    pad=st.text(" \t", max_size=3),
)
def test_register_name_key_ignores_spacing(raw: str, source: str, pad: str) -> None:
    # Not for card strings: two spaces there can end a processor prefix ("PAYPAL  THINK D").
    respaced = pad + "   ".join(raw.split()) + pad
    assert normalise(respaced, source=source).key == normalise(raw, source=source).key


@pytest.mark.parametrize(
    ("lower", "upper"),
    [
        ("Yıldız Holding", "YILDIZ HOLDING"),  # Turkish dotless i: its capital folds to "i"
        ("ῂ Ltd", "ῊΙ LTD"),  # iota subscript: casefolding writes it as a letter, before accents are stripped
    ],
)
def test_key_ignores_case_for_letters_whose_case_forms_fold_differently(lower: str, upper: str) -> None:
    assert lower.upper() == upper
    assert normalise(upper).key == normalise(lower).key


# --------------------------------------------------------------------------------------------------- loader

WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éüßøÆçñÖ’–&'-.()"
"""Characters of generated names: ASCII, accents that cp1252 can encode, and typographic quotes and dashes."""


@dataclass(frozen=True)
class Row:
    """One generated line of a gifts register, and what xref should make of it."""

    kind: str
    """``valid``, or the quarantine reason the line must get."""
    cells: tuple[str, ...] = ()
    raw_line: str | None = None
    """A line written as it is (not through the CSV writer): a shifted row with an unquoted comma."""
    offeror: str = ""
    recipient: str = ""
    day: dt.date | None = None
    value: float | None = None


HEADINGS = {
    "entry_id": ["Reference Number", "Ref", "REFERENCE"],
    "offer_date": ["Date of Offer", "Date received", "Date"],
    "recipient": ["Name of Recipient", "Recipient", "Member of Staff"],
    "offeror": ["Offered By", "Donor", "Provider"],
    "description": ["Description", "Details", "Nature of gift / hospitality"],
    "value": ["Estimated Value", "Value (£)", "VALUE"],
    "status": ["Accepted or Declined", "Outcome", "Status"],
}
FIELDS = list(HEADINGS)


def name_text(*, comma: bool) -> st.SearchStrategy[str]:
    """A person or organisation name: at least one letter, maybe a comma or a double quote (quoted when written)."""
    alphabet = WORD_CHARS + (',"' if comma else '"')
    words = st.lists(st.text(alphabet=alphabet, min_size=1, max_size=10), min_size=1, max_size=4)
    return (
        words.map(" ".join)
        .filter(lambda s: any(ch.isalpha() for ch in s))
        .filter(lambda s: not re.search(r"(?i)\bnil\s+(return|declaration)|^\s*(grand\s+)?(sub\s*)?totals?\b", s))
    )


past_dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2025, 12, 31))


@st.composite
def register_row(draw: st.DrawFn, index: int, comma: bool) -> Row:
    kind = draw(st.sampled_from(["valid"] * 6 + ["blank_row", "totals_row", "bad_date", "missing_value", "nil_return"]))
    ref = f"GH/{index:04d}"
    if kind == "blank_row":
        return Row(kind, cells=("",) * len(FIELDS) if draw(st.booleans()) else ())
    if kind == "totals_row":
        label = draw(st.sampled_from(["Total", "TOTAL", "Grand total", "Sub total", "Subtotal", "totals"]))
        return Row(kind, cells=(label, "", "", "", "", f"£{draw(st.integers(1, 99999)):,}", ""))
    if kind == "nil_return":
        nil = draw(st.sampled_from(["Nil return", "NIL RETURN", "nil returns"]))
        return Row(kind, cells=(ref, "", "", "", nil, "", ""))
    # dates up to 2025 are in the past on any run date; 2090-2099 is a typing error (future_date) for decades yet
    day = draw(st.dates(dt.date(2090, 1, 1), dt.date(2099, 12, 31)) if kind == "future_date" else past_dates)
    date_text = DATE_FORMATS[draw(st.sampled_from(sorted(DATE_FORMATS)))](day)
    recipient = draw(name_text(comma=comma))
    offeror = draw(name_text(comma=comma))
    amount = draw(st.one_of(st.none(), amounts))
    value_text = "" if amount is None else f"£{amount:,.2f}"
    description = draw(st.sampled_from(["Lunch", "Bottle of wine", "Tickets, two", "", "Dinner at the Ritz"]))
    status = draw(st.sampled_from(["Accepted", "Declined", "", "Pending"]))
    if kind == "bad_date":
        date_text = draw(st.sampled_from(["31/02/2025", "32/01/2025", "13/13/2025", "not known yet", "2025-02-30"]))
    if kind == "missing_value":
        offeror = draw(st.sampled_from(["", "   "]))
    cells = (ref, date_text, recipient, offeror, description, value_text, status)
    return Row(
        kind,
        cells=cells,
        offeror=" ".join(offeror.split()),
        recipient=" ".join(recipient.split()),
        day=day,
        value=None if amount is None else float(amount),
    )


@st.composite
def shifted_row(draw: st.DrawFn, index: int, sep: str) -> Row:
    """A row whose offeror has an unquoted separator in it: one cell too many."""
    first = draw(st.text(alphabet="abcdefghij", min_size=1, max_size=8))
    cells = [f"GH/{index:04d}", "01/02/2025", "Jane Smith", f"{first}{sep} Ltd", "Lunch", "£5.00", "Accepted"]
    return Row("extra_cells", raw_line=sep.join(cells))


@dataclass(frozen=True)
class Register:
    """A generated gifts register file: its bytes and the rows written into it, by spreadsheet row number."""

    data: bytes
    encoding: str
    rows: dict[int, Row]


@st.composite
def gifts_register(draw: st.DrawFn) -> Register:
    sep = draw(st.sampled_from([",", ",", ";", "\t"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    rows: list[Row] = []
    for i in range(draw(st.integers(0, 12))):
        if draw(st.integers(0, 9)) == 0:
            rows.append(draw(shifted_row(i, sep)))
        else:
            rows.append(draw(register_row(i, comma=sep == ",")))
    headings = [draw(st.sampled_from(HEADINGS[f])) for f in FIELDS]
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator=newline)
    line = 1
    if draw(st.booleans()):  # a title and a blank line above the headings, as exports from Excel have
        writer.writerow(["Wessex Police - gifts and hospitality register"])
        buf.write(newline)
        line += 2
    writer.writerow(headings)
    by_line: dict[int, Row] = {}
    for row in rows:
        line += 1
        by_line[line] = row
        if row.raw_line is not None:
            buf.write(row.raw_line + newline)
        elif row.cells:
            writer.writerow(row.cells)
        else:
            buf.write(newline)
    text = buf.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    if encoding == "cp1252":
        try:
            data = text.encode("cp1252")
            data.decode("utf-8")
        except UnicodeEncodeError:
            encoding = "utf-8"  # a character cp1252 cannot write: the force's system would export UTF-8
        except UnicodeDecodeError:
            pass  # the usual case: cp1252 bytes are not valid UTF-8
        else:
            # Plain ASCII, or cp1252 bytes that also read as UTF-8 ("ß’" is the bytes of "ߒ"): a file like that
            # cannot be told apart from UTF-8, so xref reads it as UTF-8. Only unambiguous files are generated.
            encoding = "utf-8"
    return Register(text.encode(encoding), encoding, by_line)


def load_twice(files: dict[str, tuple[Path, ...]], *, period: str | None = None) -> tuple[Inputs, Inputs]:
    """Load the same files twice, as ``xref check`` would (no xref.toml: run from an empty folder)."""
    with tempfile.TemporaryDirectory() as empty, contextlib.chdir(empty):
        config = build_config(config_path=None, cli_files=files, period=period)
        assert set(config.inputs) == set(files)
        return load_inputs(config), load_inputs(config)


@settings(max_examples=25, deadline=None)
@given(register=gifts_register())
def test_loader_reconciles_generated_gifts_registers(register: Register) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gifts and hospitality, 2025 (copy).csv"
        path.write_bytes(register.data)
        first, second = load_twice({"gifts": (path,)})

    (recon,) = first.recon.to_dicts()
    assert recon["rows_read"] == recon["rows_loaded"] + recon["rows_quarantined"] == len(register.rows)

    valid = {line: row for line, row in register.rows.items() if row.kind == "valid"}
    gifts = first.tables["gifts"]
    assert gifts["source_row"].to_list() == list(valid)
    assert gifts["offeror"].to_list() == [r.offeror for r in valid.values()]
    assert gifts["recipient"].to_list() == [r.recipient for r in valid.values()]
    assert gifts["offer_date"].to_list() == [r.day for r in valid.values()]
    for got, row in zip(gifts["value"].to_list(), valid.values(), strict=True):
        assert got == (None if row.value is None else pytest.approx(row.value, abs=1e-9))

    reasons = dict(zip(first.quarantine["source_row"].to_list(), first.quarantine["reason"].to_list(), strict=True))
    expected = {
        line: row.kind
        + {"bad_date": ":offer_date", "future_date": ":offer_date", "missing_value": ":offeror"}.get(row.kind, "")
        for line, row in register.rows.items()
        if row.kind != "valid"
    }
    assert reasons == expected

    # the same file loaded again gives the same rows, quarantine and issues
    assert first.tables["gifts"].equals(second.tables["gifts"])
    assert first.quarantine.equals(second.quarantine)
    assert first.issues.equals(second.issues)
    assert first.recon.equals(second.recon)


def test_a_sub_total_line_is_a_totals_row(tmp_path: Path) -> None:
    path = tmp_path / "gifts.csv"
    path.write_text(
        "Reference,Date of Offer,Recipient,Offered By,Value\nG1,01/02/2025,Jane Smith,Acme,£5\nSub-total,,,,£5\n"
    )
    first, _ = load_twice({"gifts": (path,)})
    assert first.quarantine["reason"].to_list() == ["totals_row"]


# ------------------------------------------------------------------------------------------- rules twice

OFFERORS = ["Casterbridge Catering Ltd", "Budmouth Events Ltd", "Anglebury Tyres Ltd"]
RECIPIENTS = ["DS Jane Smith", "PC Alan Key", "Insp Rita Ng"]
CARDHOLDERS = ["Jane Smith", "Alan Key", "Rita Ng"]


@st.composite
def gifts_and_cards(draw: st.DrawFn) -> tuple[str, str]:
    """A small gifts register and card statement sharing suppliers, so gift and card rules have work to do."""
    start = dt.date(2024, 4, 1)
    gifts = [
        "Reference,Date of Offer,Name of Recipient,Offered By,Description,Estimated Value,Accepted or Declined",
        # always something to flag in 2025Q1: repeated offers (R006), accepted tickets (R007), a merchant that
        # gave hospitality to the cardholder (R010)
        f"P1,10/01/2025,{RECIPIENTS[0]},{OFFERORS[0]},Tickets to the match,£150,Accepted",
        f"P2,10/02/2025,{RECIPIENTS[0]},{OFFERORS[0]},Tickets to the match,£150,Accepted",
        f"P3,10/03/2025,{RECIPIENTS[0]},{OFFERORS[0]},Tickets to the match,£150,Accepted",
    ]
    for i in range(draw(st.integers(3, 14))):
        day = start + dt.timedelta(days=draw(st.integers(0, 364)))
        gifts.append(
            ",".join(
                [
                    f"G{i:03d}",
                    day.strftime("%d/%m/%Y"),
                    draw(st.sampled_from(RECIPIENTS)),
                    draw(st.sampled_from(OFFERORS)),
                    draw(st.sampled_from(["Tickets to the match", "Lunch", "Hotel stay", "Bottle of wine"])),
                    f"£{draw(st.integers(5, 400))}",
                    draw(st.sampled_from(["Accepted", "Declined"])),
                ]
            )
        )
    cards = [
        "Transaction ID,Transaction Date,Merchant Name,Amount,Cardholder,MCC",
        f"P1,17/03/2025,{OFFERORS[0].upper()},480.00,{CARDHOLDERS[0]},5812",
    ]
    for i in range(draw(st.integers(1, 10))):
        day = start + dt.timedelta(days=draw(st.integers(0, 364)))
        merchant = draw(st.sampled_from([o.upper().removesuffix(" LTD") for o in OFFERORS] + ["ARGOS LTD"]))
        amount = draw(st.sampled_from(["499.00", "250.00", "12.34", "480.50", "-20.00"]))
        cards.append(f"T{i:03d},{day:%d/%m/%Y},{merchant},{amount},{draw(st.sampled_from(CARDHOLDERS))},5812")
    return "\n".join(gifts) + "\n", "\n".join(cards) + "\n"


def flags_of(inputs: Inputs) -> pl.DataFrame:
    config = build_config(config_path=None, cli_files={}, period="2025Q1")
    try:
        names, match = match_inputs(config, inputs)
        _, flags = flag_inputs(config, load_rules(), inputs, names, match)
    finally:
        inputs.db.close()
    return flags


@settings(max_examples=3, deadline=None)
@given(files=gifts_and_cards())
def test_rules_give_the_same_flag_ids_on_the_same_inputs(files: tuple[str, str]) -> None:
    gifts_text, cards_text = files
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        Path("gifts.csv").write_text(gifts_text, encoding="utf-8")
        Path("cards.csv").write_text(cards_text, encoding="utf-8")
        config = build_config(
            config_path=None, cli_files={"gifts": (Path("gifts.csv"),), "cards": (Path("cards.csv"),)}
        )
        first = flags_of(load_for_run(config))
        second = flags_of(load_for_run(config))
    assert first.height > 0
    assert first["flag_id"].to_list() == second["flag_id"].to_list()
    assert first["flag_id"].is_unique().all()
    assert first.equals(second)
