from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xref.names import normalise, read_word_list, vocabulary

# matching.md §4.5, plus the card strings and legal-form traps this project has met in real exports.
# "Tesco Stores" keeps "stores" on purpose (§5.2: never strip card words from register names), so the card string
# and the register name meet on the key "stores tesco" rather than §4.5's "tesco".
KEY_CASES = [
    ("AMAZON MKTPLACE PMTS", "cards", "amazon", ""),
    ("TESCO STORES 2145", "cards", "stores tesco", ""),
    ("Tesco Stores Limited", "contracts", "stores tesco", "ltd"),
    ("Capita Business Services Ltd", "contracts", "business capita services", "ltd"),
    ("CAPITA PLC", "gifts", "capita", "plc"),
    ("Smith & Sons (Builders) Limited", "contracts", "builders smith sons", "ltd"),
    ("SMITH AND SONS BUILDERS LTD", "payments", "builders smith sons", "ltd"),
    ("J Bloggs t/a Bloggs Plumbing", "gifts", "bloggs plumbing", ""),
    ("Coop", "contracts", "coop", ""),
    ("Public Limited Company", "contracts", "plc", "plc"),
    ("SUMUP *PEARSONLANDSCAP", "cards", "pearsonlandscap", ""),
    ("Alliance Disposables Limi", "cards", "alliance disposables", "ltd"),
    ("Morris Quality Bakers Lim", "cards", "bakers morris quality", "ltd"),
    ("A-B-C Company", "contracts", "abc", ""),
    ("A B C Ltd", "contracts", "abc", "ltd"),
    ("S.C.S & Co", "contracts", "scs", "co"),
    ("Hello World Co. Ltd", "contracts", "hello world", "ltd"),
    ("Sainsbury's Supermarkets Ltd", "payments", "sainsburys supermarkets", "ltd"),
    ("ACME Svcs Intl Ltd", "contracts", "acme international services", "ltd"),
    ("Acme Limityed", "contracts", "acme", "ltd"),
    ("PAYPAL  THINK D", "cards", "d think", ""),
    ("PAYPAL *JOHNSMITHCAT", "cards", "johnsmithcat", ""),
    ("AMAZON.CO.UK*1A2B3C4D", "cards", "amazon", ""),
    ("AMZN MKTP UK*2X3AB4", "cards", "amazon uk", ""),
    ("PAYPAL *AMZN", "cards", "amazon", ""),
    ("WWW.INSTANTPRINT.C", "cards", "instantprint", ""),
    ("LINKEDIN-347 1873454", "cards", "linkedin", ""),
    ("Café Nero Group Ltd", "contracts", "cafe group nero", "ltd"),
    ("Amazon EU S.à r.l.", "contracts", "amazon eu", "sarl"),
    # learnt from the labelled spend files (docs/matching.md)
    ("I T S O LTD", "payments", "itso", "ltd"),
    ("ITSO Ltd", "payments", "itso", "ltd"),
    ("MADE WELL C I C", "payments", "made well", "cic"),
    ("E & J W GLENDINNING LTD", "payments", "e glendinning jw", "ltd"),
    ("GLENDINNING E & J W LIMITED", "payments", "e glendinning jw", "ltd"),
    ("COLEBROOK (SOUTHWEST) LIMITED", "payments", "colebrook southwest", "ltd"),
    ("COLEBROOK SOUTH WEST LTD", "payments", "colebrook southwest", "ltd"),
    ("CYGNET (NW) LTD", "payments", "cygnet northwest", "ltd"),
    ("DEPARTMENT FOR EDUCATION **0492", "payments", "department education for", ""),
    ("OUTDOORS GROUP LTD THE_****0969", "payments", "group outdoors", "ltd"),
    ("AECOM LIMITED (49780069)", "payments", "aecom", "ltd"),
    ("FILERS TRAVEL LTD(INVS>01/04/07)", "payments", "filers invs travel", "ltd"),
    ("EMMA CROSS C/O MAGDALEN CHAMBERS", "payments", "care chambers cross emma magdalen", ""),
    ("EAST DEVON DIST CNCL", "payments", "council devon district east", ""),
]


@pytest.mark.parametrize(("raw", "source", "key", "legal_form"), KEY_CASES)
def test_tricky_inputs_give_expected_key(raw: str, source: str, key: str, legal_form: str) -> None:
    n = normalise(raw, source=source)
    assert (n.key, n.legal_form) == (key, legal_form)


def test_card_cleaning_only_for_cards() -> None:
    # A register name keeps what card cleaning would strip: "PMTS" could be part of a real name.
    assert normalise("AMAZON MKTPLACE PMTS", source="contracts").key == "amazon mktplace pmts"
    assert normalise("TESCO STORES 2145", source="payments").numbers == ("2145",)
    card = normalise("TESCO STORES 2145", source="cards")
    assert card.numbers == ()
    assert card.noise == ("2145",)
    assert card.steps == ("stripped store number '2145'",)


@pytest.mark.parametrize(
    ("raw", "key"),
    [("PAYPAL *LTD", "paypal"), ("SQ *", "sq"), ("SUMUP *LIMITED", "sumup"), ("AMZN MKTP UK*2X3AB4", "amazon uk")],
)
def test_card_cleaning_never_swallows_the_whole_name(raw: str, key: str) -> None:
    # When the prefix or channel words are all there is, they are the merchant: the key must not fall back to "?".
    n = normalise(raw, source="cards")
    assert (n.key, n.key_is_fallback) == (key, False)


def test_steps_quote_the_name_as_written() -> None:
    n = normalise("SUMUP *PEARSONLANDSCAP", source="cards")
    assert n.noise == ("SUMUP *",)
    assert n.steps == ("stripped card prefix 'SUMUP *'",)
    assert normalise("Tesco Stores Limited").steps == ("legal form 'Limited' → ltd",)


def test_trading_as_keeps_the_person_as_an_alias() -> None:
    n = normalise("J Bloggs t/a Bloggs Plumbing")
    assert n.key == "bloggs plumbing"
    assert n.aliases == ("bloggs j",)
    former = normalise("New Name Ltd (formerly Old Name Ltd)")
    assert (former.key, former.aliases) == ("name new", ("name old",))


def test_numbers_are_kept_aside_not_in_key() -> None:
    n = normalise("Fund 2 LLP")
    assert (n.key, n.numbers, n.legal_form, n.norm) == ("fund", ("2",), "llp", "fund 2 llp")


def test_account_numbers_and_dates_are_noise_not_numbers() -> None:
    n = normalise("ROYAL MAIL GROUP LTD ***1214")
    assert (n.numbers, n.noise, n.steps[0]) == ((), ("***1214",), "stripped masked number '***1214'")
    assert normalise("VIRGIN MEDIA BUSINESS(80352128)").noise == ("80352128",)
    assert normalise("NOCK BEN LTD(INVS AFTER 01/11/09").numbers == ()
    # a short number is part of the name; a reference alone is kept rather than leave nothing
    assert normalise("Partnerships in Care 1 Ltd").numbers == ("1",)
    assert (normalise("**1234").key, normalise("123456").key) == ("1234", "123456")


def test_repeated_words_are_recorded() -> None:
    assert normalise("Exeter College (Exeter and North Devon Colleges Group)").repeated == ("exeter",)
    assert normalise("North Devon College (Exeter and North Devon Colleges Group)").repeated == ("devon", "north")
    assert normalise("Exeter College").repeated == ()


@pytest.mark.parametrize("raw", ["", "   ", "***", "Ltd", "The", "&", "123", "Public Limited Company", "And Co"])
def test_key_never_empty_and_flags_fallback(raw: str) -> None:
    n = normalise(raw)
    assert n.key
    assert n.key_is_fallback
    assert normalise(n.key).key == n.key


def test_compact_keeps_word_order_for_cut_off_card_strings() -> None:
    assert normalise("Pearson Landscapes Ltd").compact == "pearsonlandscapes"
    assert normalise("The Pearson Landscapes Co").compact == "pearsonlandscapes"


def test_every_word_list_entry_round_trips() -> None:
    voc = vocabulary()
    for phrase, form in voc.legal_phrases.items():
        n = normalise(f"Zanzibar Widgets {' '.join(phrase)}")
        assert (n.key, n.legal_form) == ("widgets zanzibar", form), phrase
    spelt = [*voc.abbreviations.items(), *((" ".join(p), e) for p, e in voc.phrases.items())]
    for abbreviation, expansion in spelt:
        assert expansion not in voc.abbreviations, f"{expansion} is itself an abbreviation"
        assert (expansion,) not in voc.legal_phrases, f"{expansion} is a legal form"
        assert expansion in normalise(f"Zanzibar {abbreviation} Widgets").norm.split(), abbreviation
    for token in voc.noise_tokens:
        assert normalise(f"ZANZIBAR {token.upper()} WIDGETS", source="cards").key == "widgets zanzibar", token
    for prefix in voc.card_prefixes:
        assert normalise(f"{prefix.upper()} *ZANZIBAR WIDGETS", source="cards").key == "widgets zanzibar", prefix
    for word in (r["word"] for r in read_word_list("word_classes.csv") if r["class"] == "stopword"):
        assert normalise(f"Zanzibar {word} Widgets").key == "widgets zanzibar", word


def test_word_lists_have_their_documented_columns() -> None:
    assert set(read_word_list("legal_forms.csv")[0]) == {"phrase", "form"}
    assert set(read_word_list("abbreviations.csv")[0]) == {"abbreviation", "expansion"}
    assert set(read_word_list("card_prefixes.csv")[0]) == {"prefix"}
    assert set(read_word_list("noise_tokens.csv")[0]) == {"token"}
    assert {r["class"] for r in read_word_list("word_classes.csv")} == {"stopword", "qualifier", "group"}


names_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]),
    max_size=40,
)
SOURCES = st.sampled_from(["contracts", "cards", "gifts"])


@settings(max_examples=300, deadline=None)
@given(raw=names_text, source=SOURCES)
def test_key_is_a_fixed_point_and_never_empty(raw: str, source: str) -> None:
    n = normalise(raw, source=source)
    assert n.key
    assert n.key == n.key.strip()
    again = normalise(n.key, source=source)
    assert again.key == n.key


ALIAS_WORDS = {"dba", "fka", "formerly", "previously", "trading"}
plain_words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9).filter(
        lambda w: (
            (w,) not in vocabulary().legal_phrases
            and w not in vocabulary().abbreviations
            # "X dba Y", "X trading as Y": positional by design (the name after the marker is the trading name)
            and w not in ALIAS_WORDS
        )
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(words=plain_words, suffix=st.sampled_from(["", " Ltd", " Limited", " PLC", " & Co"]), seed=st.integers(0, 99))
def test_key_ignores_word_order(words: list[str], suffix: str, seed: int) -> None:
    shuffled = list(words)
    random.Random(seed).shuffle(shuffled)
    assert normalise(" ".join(words) + suffix).key == normalise(" ".join(shuffled) + suffix).key
    assert normalise(" ".join(words).upper()).key == normalise(" ".join(shuffled)).key
