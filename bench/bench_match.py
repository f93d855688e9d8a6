"""Benchmark of the supplier-name matcher (issue #3 item 7): ``make bench-match`` runs this with the venv python.

It generates synthetic, deterministically seeded register names (200,000 card merchant strings, 50,000 contract
suppliers, 20,000 gift offerors, 10,000 interest organisations at ``--scale 1``) drawn from one shared pool of
organisations, runs :func:`xref.matching.match_names` on all of them in a fresh ``spawn`` subprocess (so the peak
RSS reported is the matcher's, not the generator's), then times a full rapidfuzz ``process.cdist`` baseline on a
slice and extrapolates it. Prints a table and writes ``bench/results/bench_match.json``. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import hashlib
import io
import json
import multiprocessing
import os
import platform
import pstats
import random
import resource
import string
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
TARGET_WALL_S = 60.0
TARGET_RSS_GB = 3.0
FULL_SIZES = {"cards": 200_000, "contracts": 50_000, "gifts": 20_000, "interests": 10_000}

# --------------------------------------------------------------------------------------------------------------------
# Word lists. Generic words are ordered roughly by how often they occur in UK company names (most common first) and
# drawn with Zipf weights, so the commonest become the matcher's "dynamic stopwords" and the tail forms mid-sized
# blocks, as in a real supplier file. Distinctive words are a Zipf-Mandelbrot mix of a few popular brand words
# (premier, apex...), the rare words of xref/data/sample_suppliers.csv and syllable coinages.
# --------------------------------------------------------------------------------------------------------------------

GENERIC = """
services uk solutions group consulting management care property construction holdings developments trading
international systems consultancy associates enterprises technology digital media design engineering partners
investments training healthcare cleaning maintenance building electrical supplies logistics transport security
recruitment software products marketing events energy homes properties estates network global partnership medical
education hire equipment catering plumbing heating environmental creative finance financial legal solicitors
accountants insurance motors garage print studio foods projects installations scaffolding roofing landscapes
landscaping gardens joinery interiors furniture flooring glazing windows fire safety protection communications
telecom data cloud web analytics research innovation learning academy community support health therapy pharmacy
dental veterinary travel tours taxis cars vans haulage storage removals waste recycling water power solar lighting
audio visual sound film productions publishing books fashion clothing uniforms workwear signs graphics photography
art music sports fitness leisure hospitality hotels restaurant cafe kitchen bakery wholesale retail distribution
imports supply tools hardware machinery plant fabrication metals steel timber concrete surveying surveyors
architects planning coaching mentoring wellbeing psychology counselling nursing homecare living lettings agency
agents brokers advisory audit payroll compliance risk governance inspection testing laboratory scientific
diagnostics forensic investigations translation interpreting courier delivery freight aviation marine rail fleet
tyres bodyshop recovery towing valeting locksmiths glass doors gates fencing paving drainage groundworks demolition
asbestos pest hygiene laundry linen textiles office stationery furnishings flowers florist venues
""".split()

BRAND_WORDS = """
premier apex elite phoenix summit crown oak prime evolve pinnacle swift horizon unity vision regal royal star
sterling ace alpha delta omega titan atlas nova zenith fusion vertex vanguard quantum eagle falcon lion tiger
orchard meadow willow cedar ash maple birch rose ivy heather thistle acorn beacon anchor harbour bridge castle abbey
priory manor grange forge mill rock stone blue green red silver gold golden white black bright clear smart
first one total direct pure true key core bespoke urban rural coastal city county national
""".split()

PLACES = """
london manchester birmingham leeds liverpool bristol sheffield newcastle nottingham leicester coventry bradford
exeter plymouth oxford cambridge reading southampton portsmouth brighton norwich ipswich york hull derby stoke
wolverhampton sunderland preston blackpool bolton wigan stockport salford trafford oldham rochdale bury warrington
chester crewe lancaster carlisle durham middlesbrough darlington harrogate wakefield huddersfield halifax doncaster
rotherham barnsley lincoln grimsby peterborough northampton milton luton watford slough swindon bath gloucester
cheltenham worcester hereford shrewsbury telford stafford lichfield tamworth nuneaton rugby banbury bicester
aylesbury guildford woking crawley horsham worthing chichester eastbourne hastings maidstone canterbury ashford
dover folkestone medway chelmsford colchester basildon southend harlow stevenage hertford bedford truro taunton
yeovil barnstaple torquay newquay bournemouth poole salisbury winchester basingstoke andover kendal penrith
devon cornwall kent essex sussex surrey yorkshire lancashire cheshire cumbria norfolk suffolk somerset dorset
wiltshire hampshire berkshire midlands pennine solent thames mersey tyne severn wessex mercia
""".split()

SHOP_WORDS = """
cafe coffee kitchen bar restaurant hotel inn arms garage florist stores pharmacy butchers bakery deli pizza grill
takeaway taxis parking tyres hardware stationers newsagents convenience express fuels service station diner tearoom
bistro brasserie tavern lodge motel buildbase timber plumbcentre electricals supplies mart market
""".split()

PUB_ADJECTIVES = "red white black golden royal kings queens old new green blue rising".split()
PUB_NOUNS = "lion horse swan bull hart crown plough anchor bell star oak stag fox eagle ship".split()
CLUB_KINDS = [
    "{p} rotary club",
    "{p} lions club",
    "friends of {p} park",
    "{p} cricket club",
    "{p} rugby club",
    "{p} golf club",
    "{p} football club",
    "{p} community association",
    "{p} parish council",
    "{p} academy trust",
    "{p} round table",
    "{p} scout group",
    "st {s} church {p}",
    "{p} food bank",
    "{p} citizens advice",
    "{p} hospice",
    "{p} housing association",
    "{w} charitable trust",
    "{w} foundation",
    "{p} neighbourhood watch",
]
CARD_PREFIXES = ["SQ *", "SUMUP *", "PAYPAL *", "IZ *", "ZETTLE *", "SP *", "GC *", "CRV*", "STRIPE *", "SQ*", "SUMUP*"]
SYLLABLES = """
al an ar bel bri cal car cor dal den dor el en fen gal gar hal har ion jar kel ken lan lor mar mer mon nor nov or
pel quin ral ren ros sal sel sol tal tor tri val ven vor wel win xen yar zen ix ex ia eo us is on ra ta co lo ma vi
ro na to lu mi ka be de fi go hu ju le ne pa qua ri se ti ve wa za ly th str pl gr
""".split()

# Real national merchants: card-statement forms and register names. Card strings for these dominate the distinct
# count (references, store numbers, towns) just as Amazon, Tesco and Trainline do in real card exports.
BRANDS: list[tuple[str, str, str]] = [
    # (register name, card stem, style); style: ref | store | town | web | plain
    ("Amazon UK Services Ltd", "AMZN MKTP UK*", "ref"),
    ("Amazon EU Sarl", "AMAZON.CO.UK*", "ref"),
    ("Facebook UK Ltd", "FACEBK ", "ref"),
    ("Airbnb UK Ltd", "AIRBNB ", "ref"),
    ("Uber Britannia Ltd", "UBER *TRIP ", "ref"),
    ("Google UK Ltd", "GOOGLE *", "ref"),
    ("Microsoft Ltd", "MSFT *", "ref"),
    ("eBay (UK) Ltd", "EB *", "ref"),
    ("Etsy UK Ltd", "ETSY.COM - ", "ref"),
    ("Tesco Stores Limited", "TESCO STORES ", "store"),
    ("Sainsbury's Supermarkets Ltd", "SAINSBURYS S/MKTS ", "store"),
    ("Asda Stores Ltd", "ASDA STORES ", "store"),
    ("WM Morrison Supermarkets plc", "WM MORRISONS ", "store"),
    ("Wm Morrison Supermarkets Ltd", "MORRISONS PETROL ", "store"),
    ("Screwfix Direct Ltd", "SCREWFIX DIRECT ", "store"),
    ("Toolstation Ltd", "TOOLSTATION ", "town"),
    ("B&Q Ltd", "B&Q ", "store"),
    ("Wickes Building Supplies Ltd", "WICKES ", "town"),
    ("Howdens Joinery Ltd", "HOWDENS - ", "town"),
    ("Premier Inn Hotels Ltd", "PREMIER INN ", "store"),
    ("Travelodge Hotels Ltd", "TRAVELODGE ", "town"),
    ("Shell UK Oil Products Ltd", "SHELL ", "town"),
    ("BP Oil UK Ltd", "BP ", "town"),
    ("Esso Petroleum Company Ltd", "ESSO ", "town"),
    ("Costa Ltd", "COSTA COFFEE ", "store"),
    ("Greggs plc", "GREGGS ", "store"),
    ("Pret A Manger (Europe) Ltd", "PRET A MANGER ", "town"),
    ("McDonald's Restaurants Ltd", "MCDONALDS ", "store"),
    ("Argos Ltd", "ARGOS ", "town"),
    ("Currys Group Ltd", "CURRYS ", "town"),
    ("Halfords Ltd", "HALFORDS ", "store"),
    ("Boots UK Ltd", "BOOTS ", "store"),
    ("WH Smith Retail Holdings Ltd", "WHSMITH ", "town"),
    ("Ryman Ltd", "RYMAN ", "store"),
    ("John Lewis plc", "JOHN LEWIS ", "town"),
    ("Marks and Spencer plc", "M&S SIMPLY FOOD ", "store"),
    ("Trainline.com Ltd", "TRAINLINE", "web"),
    ("National Car Parks Ltd", "NCP ", "town"),
    ("RingGo (Cobalt Telephone Technologies Ltd)", "RINGGO ", "ref"),
    ("Post Office Ltd", "POST OFFICE ", "store"),
    ("Royal Mail Group Ltd", "ROYAL MAIL ", "ref"),
    ("Zoom Video Communications UK Ltd", "ZOOM.US ", "ref"),
    ("Viking Direct (Office Depot UK Ltd)", "VIKING DIRECT", "web"),
    ("Avanti West Coast (First Trenitalia West Coast Rail Ltd)", "AVANTI WEST COAST", "web"),
    ("DVLA", "DVLA VEHICLE TAX", "plain"),
]


# --------------------------------------------------------------------------------------------------------------------
# Generator
# --------------------------------------------------------------------------------------------------------------------


@dataclass
class Org:
    """One organisation in the shared pool."""

    org_id: int
    words: list[str]
    legal: str
    kind: str  # company | shop | club | brand
    company_number: str | None = None
    card_stem: str = ""
    card_style: str = ""


@dataclass
class Generated:
    """The generated names and how they were drawn."""

    names: pl.DataFrame
    stats: dict[str, Any] = field(default_factory=dict)


def _zipf_cum(n: int, s: float, q: float) -> list[float]:
    total, out = 0.0, []
    for r in range(1, n + 1):
        total += 1.0 / (r + q) ** s
        out.append(total)
    return out


def _data_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("xref").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return list(csv.DictReader(lines))


class Generator:
    """Deterministic synthetic register names from one shared organisation pool."""

    def __init__(self, seed: int, scale: float) -> None:
        self.rng = random.Random(seed)
        self.scale = scale
        self.sizes = {k: max(1, round(v * scale)) for k, v in FULL_SIZES.items()}
        real = [r["name"] for r in _data_rows("sample_suppliers.csv")]
        self.real_names = real
        self.surnames = [r["name"].lower() for r in _data_rows("sample_surnames.csv")]
        self.first_names = [r["name"].lower() for r in _data_rows("sample_first_names.csv")]
        counts: dict[str, int] = {}
        for name in real:
            for token in name.lower().replace("&", " ").replace("-", " ").split():
                token = token.strip("().,'")
                if token.isalpha() and len(token) > 2:
                    counts[token] = counts.get(token, 0) + 1
        generic = set(GENERIC) | set(PLACES) | set(BRAND_WORDS) | {"ltd", "limited", "llp", "plc", "cic", "the"}
        rare_real = sorted(t for t, n in counts.items() if n == 1 and t not in generic)
        n_orgs_guess = int(sum(self.sizes.values()) * 0.6)
        coinages = self._coinages(max(20_000, 3 * n_orgs_guess), exclude=generic | set(rare_real))
        self.rng.shuffle(rare_real)
        self.distinctive = [*BRAND_WORDS, *rare_real, *coinages]
        self.distinctive_cum = _zipf_cum(len(self.distinctive), s=1.05, q=20.0)
        self.generic_cum = _zipf_cum(len(GENERIC), s=0.9, q=2.0)
        self.place_cum = _zipf_cum(len(PLACES), s=0.8, q=3.0)
        self.surname_cum = _zipf_cum(len(self.surnames), s=0.7, q=5.0)
        self.orgs: list[Org] = []
        self.real_cursor = 0

    # -- words -------------------------------------------------------------------------------------------------------

    def _coinages(self, n: int, exclude: set[str]) -> list[str]:
        rng, out, seen = self.rng, [], set(exclude)
        while len(out) < n:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 3, 4))))
            if len(word) >= 4 and word not in seen:
                seen.add(word)
                out.append(word)
        return out

    def _pick(self, words: Sequence[str], cum: list[float], k: int = 1) -> list[str]:
        return self.rng.choices(words, cum_weights=cum, k=k)

    def _generics(self, k: int) -> list[str]:
        return list(dict.fromkeys(self._pick(GENERIC, self.generic_cum, k)))

    def _place(self) -> str:
        return self._pick(PLACES, self.place_cum)[0]

    def _surname(self) -> str:
        return self._pick(self.surnames, self.surname_cum)[0]

    def _distinct(self) -> str:
        return self._pick(self.distinctive, self.distinctive_cum)[0]

    def _legal(self) -> str:
        return self.rng.choices(["ltd", "limited", "", "plc", "llp", "cic"], weights=[48, 33, 10, 2, 4, 3])[0]

    # -- organisations -----------------------------------------------------------------------------------------------

    def new_org(self, kind: str = "company") -> Org:
        """A new organisation of the given kind (company, shop or club), appended to the pool."""
        rng = self.rng
        legal = self._legal()
        company_number = None
        if kind == "club":
            template = rng.choice(CLUB_KINDS)
            words = template.format(p=self._place(), s=self._surname(), w=self._distinct()).split()
            legal = rng.choice(["", "", "", "cic", "ltd"])
        elif kind == "shop":
            roll = rng.random()
            if roll < 0.08:
                words = ["the", rng.choice(PUB_ADJECTIVES), rng.choice(PUB_NOUNS)]
            elif roll < 0.55:
                words = [self._distinct(), *rng.sample(SHOP_WORDS, rng.choice((1, 1, 2)))]
            elif roll < 0.75:
                words = [self._surname() + "s", rng.choice(SHOP_WORDS)]
            else:
                words = [self._place(), self._distinct(), rng.choice(SHOP_WORDS)]
            legal = rng.choice(["", "", "ltd", "limited"])
        elif self.real_cursor < len(self.real_names) and rng.random() < 0.03:
            # a real supplier name, kept as written (legal form included)
            words, legal = self.real_names[self.real_cursor].split(), ""
            self.real_cursor += 1
        else:
            roll = rng.random()
            if roll < 0.34:
                words = [self._distinct(), *self._generics(rng.choice((1, 1, 2, 2, 3)))]
            elif roll < 0.46:
                words = [self._distinct()]
            elif roll < 0.56:
                words = [self._distinct(), self._distinct(), *self._generics(rng.choice((0, 1, 1, 2)))]
            elif roll < 0.68:
                sur = self._surname()
                tail = rng.choice([[], ["&", "sons"], ["&", self._surname()], ["brothers"], ["and", "co"]])
                words = [sur, *tail, *self._generics(rng.choice((1, 1, 2)))]
            elif roll < 0.78:
                words = [self._place(), *self._generics(rng.choice((1, 2, 2)))]
            elif roll < 0.86:
                words = [rng.choice(self.first_names), self._surname(), *self._generics(rng.choice((1, 1, 2)))]
            elif roll < 0.93:
                initials = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.choice((2, 3, 3, 4))))
                words = [initials, *self._generics(rng.choice((1, 1, 2)))]
            else:
                words = [self._distinct(), self._place(), *self._generics(rng.choice((1, 2)))]
            if rng.random() < 0.45:
                company_number = f"{rng.randrange(10**8):08d}"
        org = Org(len(self.orgs), words, legal, kind, company_number)
        self.orgs.append(org)
        return org

    def brand_orgs(self) -> list[Org]:
        """The national merchants, added to the pool."""
        out = []
        for register_name, stem, style in BRANDS:
            org = Org(len(self.orgs), register_name.split(), "", "brand", None, stem, style)
            self.orgs.append(org)
            out.append(org)
        return out

    # -- formatting --------------------------------------------------------------------------------------------------

    def register_name(self, org: Org, register: str, variant: bool = False) -> str:
        """How a register (contracts, gifts, interests) writes the organisation; ``variant`` gives another spelling."""
        rng = self.rng
        words = list(org.words)
        legal = org.legal
        if variant:
            roll = rng.random()
            if roll < 0.3 and legal in ("ltd", "limited"):
                legal = "limited" if legal == "ltd" else "ltd"
            elif roll < 0.5:
                words = [("and" if w == "&" else "&" if w == "and" else w) for w in words]
                legal = legal or "ltd"
            elif roll < 0.75:
                i = max(range(len(words)), key=lambda j: len(words[j]))
                w = words[i]
                if len(w) > 4:
                    k = rng.randrange(1, len(w) - 1)
                    words[i] = rng.choice([w[:k] + w[k + 1 :], w[:k] + w[k + 1] + w[k] + w[k + 2 :], w + "s"])
            elif roll < 0.9:
                words = [*words, "(uk)"]
            else:
                legal = ""
        if register == "gifts" and org.kind != "brand" and rng.random() < 0.5:
            legal = ""
        if register == "interests" and rng.random() < 0.3:
            legal = ""
        text = " ".join([*words, legal] if legal else words)
        style = rng.random()
        if register == "contracts":
            if style < 0.55:
                return _title(text)
            if style < 0.95:
                return text.upper()
            return text
        return _title(text) if style < 0.85 else text.upper()

    def card_strings(self, org: Org, target: int, seen: set[str]) -> list[str]:
        """Up to ``target`` distinct card-statement strings for one merchant (not already in ``seen``)."""
        rng = self.rng
        out: list[str] = []
        cut = rng.randint(18, 25)
        attempts = 0
        while len(out) < target and attempts < 6 * target + 10:
            attempts += 1
            text = self._card_string(org, cut)
            if rng.random() < 0.1:
                cut = rng.randint(18, 25)  # another terminal or acquirer
            if text and text not in seen:
                seen.add(text)
                out.append(text)
        return out

    def _card_string(self, org: Org, cut: int) -> str:
        rng = self.rng
        if org.kind == "brand":
            stem, style = org.card_stem, org.card_style
            if style == "ref":
                chars = string.ascii_uppercase + string.digits
                ref = "".join(rng.choice(chars) for _ in range(rng.randint(6, 10)))
                if not any(c.isdigit() for c in ref):
                    ref = ref[:-1] + rng.choice(string.digits)
                if rng.random() < 0.04:  # a reference with no digit: not recognisable as one
                    ref = "".join(rng.choice(string.ascii_uppercase) for _ in range(rng.randint(6, 9)))
                text = stem + ref
            elif style == "store":
                text = stem + (f"{rng.randrange(1, 9999):04d}" if rng.random() < 0.8 else self._place().upper())
            elif style == "town":
                town = self._place().upper()
                text = stem + (town if rng.random() < 0.7 else f"{town} {rng.randrange(100, 999)}")
            elif style == "web":
                text = rng.choice([stem, f"WWW.{stem.replace(' ', '')}.COM", f"{stem} {self._place().upper()}"])
                text = text + (f" {rng.randrange(1000, 99999)}" if rng.random() < 0.6 else "")
            else:
                text = stem + rng.choice(["", f" {rng.randrange(10, 99)}", f" {self._place().upper()}"])
            return text[:cut].rstrip().upper() if style != "ref" else text[: max(cut, len(stem) + 6)].upper()
        words = [w for w in org.words if w not in ("(uk)",)]
        legal = org.legal if rng.random() < 0.3 else ""
        base = " ".join([*words, legal] if legal else words).upper()
        roll = rng.random()
        if roll < 0.35:
            text = base
        elif roll < 0.6:
            squash = rng.random() < 0.5
            text = rng.choice(CARD_PREFIXES) + (base.replace(" ", "") if squash else base)
        elif roll < 0.72:
            text = f"{base} {self._place().upper()}"
        elif roll < 0.82:
            text = f"{base} {rng.randrange(1, 9999)}"
        elif roll < 0.9:
            squashed = base.replace(" ", "").replace("&", "")
            text = rng.choice([f"WWW.{squashed}.CO.UK", f"{squashed}.COM", f"WWW.{squashed}.COM"])
        else:
            ref = "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(6))
            text = f"{base}*{ref}"
        return text[:cut].rstrip()

    # -- registers ---------------------------------------------------------------------------------------------------

    def generate(self) -> Generated:
        """All four registers; returns one row per distinct (source, raw) with the generating organisation."""
        rng, sizes = self.rng, self.sizes
        rows: dict[str, list[tuple[str, int, str | None]]] = {k: [] for k in sizes}
        seen: dict[str, set[str]] = {k: set() for k in sizes}

        def add(register: str, org: Org, text: str) -> bool:
            if not text or text in seen[register] or len(rows[register]) >= sizes[register]:
                return False
            seen[register].add(text)
            number = org.company_number if register == "contracts" or rng.random() < 0.1 else None
            rows[register].append((text, org.org_id, number))
            return True

        brands = self.brand_orgs()
        # contracts: new organisations, ~6% other spellings of a supplier already listed, most national merchants
        contract_orgs: list[Org] = []
        for org in brands:
            if rng.random() < 0.6 and add("contracts", org, self.register_name(org, "contracts")):
                contract_orgs.append(org)
        while len(rows["contracts"]) < sizes["contracts"]:
            if contract_orgs and rng.random() < 0.06:
                org = rng.choice(contract_orgs)
                add("contracts", org, self.register_name(org, "contracts", variant=True))
            else:
                org = self.new_org()
                if add("contracts", org, self.register_name(org, "contracts")):
                    contract_orgs.append(org)

        # cards: national merchants ~35% of distinct strings, regional chains ~15%, small merchants the rest
        card_orgs: list[Org] = []
        brand_share = _zipf_cum(len(brands), s=1.0, q=1.0)
        weights = [b - a for a, b in zip([0.0, *brand_share[:-1]], brand_share, strict=True)]
        total_w = sum(weights)
        for org, w in zip(brands, weights, strict=True):
            target = max(1, round(0.35 * sizes["cards"] * w / total_w))
            for text in self.card_strings(org, target, seen["cards"]):
                rows["cards"].append((text, org.org_id, None))
            card_orgs.append(org)
        chain_budget = round(0.15 * sizes["cards"])
        while chain_budget > 0:
            org = rng.choice(contract_orgs) if rng.random() < 0.3 else self.new_org("shop")
            target = min(chain_budget, rng.randint(20, 300))
            got = self.card_strings(org, target, seen["cards"])
            rows["cards"].extend((text, org.org_id, None) for text in got)
            chain_budget -= max(1, len(got))
            card_orgs.append(org)
        while len(rows["cards"]) < sizes["cards"]:
            roll = rng.random()
            org = rng.choice(contract_orgs) if roll < 0.12 else self.new_org("shop" if roll < 0.7 else "company")
            target = min(30, 1 + int(rng.expovariate(0.5)), sizes["cards"] - len(rows["cards"]))
            got = self.card_strings(org, target, seen["cards"])
            rows["cards"].extend((text, org.org_id, None) for text in got)
            card_orgs.append(org)

        # gifts: 30% contract suppliers, 10% card merchants (hotels, restaurants), the rest new organisations
        while len(rows["gifts"]) < sizes["gifts"]:
            roll = rng.random()
            if roll < 0.3:
                org = rng.choice(contract_orgs)
            elif roll < 0.4:
                org = rng.choice(card_orgs)
            else:
                org = self.new_org("club" if roll < 0.5 else "company")
            add("gifts", org, self.register_name(org, "gifts", variant=rng.random() < 0.1))

        # interests: 8% contract suppliers, 2% card merchants, the rest new (half clubs, charities and councils)
        while len(rows["interests"]) < sizes["interests"]:
            roll = rng.random()
            if roll < 0.08:
                org = rng.choice(contract_orgs)
            elif roll < 0.1:
                org = rng.choice(card_orgs)
            else:
                org = self.new_org("club" if roll < 0.55 else "company")
            add("interests", org, self.register_name(org, "interests", variant=rng.random() < 0.1))

        frames = [
            pl.DataFrame(
                {
                    "source": [register] * len(r),
                    "raw": [t for t, _, _ in r],
                    "org_id": [o for _, o, _ in r],
                    "company_number": [n for _, _, n in r],
                },
                schema={"source": pl.Utf8, "raw": pl.Utf8, "org_id": pl.Int64, "company_number": pl.Utf8},
            )
            for register, r in rows.items()
        ]
        names = pl.concat(frames)
        ids = [
            "N" + hashlib.sha256(f"{s}\x1f{r}".encode()).hexdigest()[:12]
            for s, r in zip(names["source"].to_list(), names["raw"].to_list(), strict=True)
        ]
        names = (
            names.with_columns(pl.Series("name_id", ids), pl.lit(None, dtype=pl.Utf8).alias("vat_number"))
            .select("name_id", "source", "raw", "company_number", "vat_number", "org_id")
            .sort("name_id")
        )
        orgs_by = {r: names.filter(pl.col("source") == r)["org_id"].unique() for r in FULL_SIZES}
        cards, contracts = set(orgs_by["cards"].to_list()), set(orgs_by["contracts"].to_list())
        gifts, interests = set(orgs_by["gifts"].to_list()), set(orgs_by["interests"].to_list())
        stats = {
            "names_by_source": {r: int(names.filter(pl.col("source") == r).height) for r in FULL_SIZES},
            "organisations": len(self.orgs),
            "organisations_by_source": {r: len(v) for r, v in orgs_by.items()},
            "shared_organisations": {
                "cards&contracts": len(cards & contracts),
                "gifts&contracts": len(gifts & contracts),
                "gifts&cards": len(gifts & cards),
                "interests&contracts": len(interests & contracts),
            },
            "card_strings_per_merchant_max": int(
                names.filter(pl.col("source") == "cards").group_by("org_id").len()["len"].max() or 0
            ),
        }
        return Generated(names=names, stats=stats)


def _title(text: str) -> str:
    return " ".join(w.upper() if w in ("uk", "(uk)", "plc", "llp", "cic") else w.capitalize() for w in text.split())


# --------------------------------------------------------------------------------------------------------------------
# Measured parts: each runs in a fresh spawned process so ru_maxrss is that part's own peak.
# --------------------------------------------------------------------------------------------------------------------


def _rss_bytes() -> int:
    fields = Path("/proc/self/statm").read_text().split()
    return int(fields[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak_rss_bytes() -> int:
    # ru_maxrss is in KiB on Linux (bytes on macOS)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


class _RssSampler:
    """Samples this process's RSS every ``interval`` seconds in a thread (to attribute peaks to matcher stages).

    When RSS passes ``limit_bytes`` it calls ``on_limit`` (which should end the process) instead of letting the
    machine swap or the OOM killer pick a victim.
    """

    def __init__(
        self, interval: float = 0.05, limit_bytes: int = 0, on_limit: Callable[[int], None] | None = None
    ) -> None:
        self.interval = interval
        self.limit_bytes = limit_bytes
        self.on_limit = on_limit
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = _rss_bytes()
            self.samples.append((time.perf_counter(), rss))
            if self.limit_bytes and rss > self.limit_bytes and self.on_limit:
                self.on_limit(rss)
            self._stop.wait(self.interval)

    def __enter__(self) -> _RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def peak_between(self, start: float, end: float) -> int:
        inside = [rss for t, rss in self.samples if start <= t <= end]
        return max(inside, default=0)


# Functions of xref.matching timed one by one (finer than stats['timings']). match_names looks them up as module
# globals at call time, so wrapping them in the child measures without changing xref; missing ones are skipped.
_TRACED = (
    "normalise_names",
    "decided_pairs",
    "_candidates",
    "_attach",
    "_score",
    "_decide",
    "_ambiguity",
    "_cluster",
    "_with_explanations",
    "_pairs_output",
    "_runner_up",
    "_links",
)


class _Tracer:
    """Records (function, start, end) for the traced matcher functions; knows which one is running."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.running: list[str] = []

    def install(self, module: Any) -> None:
        for name in _TRACED:
            fn = getattr(module, name, None)
            if callable(fn):
                setattr(module, name, self._wrap(name, fn))

    def _wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def traced(*args: Any, **kwargs: Any) -> Any:
            depth = len(self.running)
            self.running.append(name)
            start = time.perf_counter()
            result: Any = None
            try:
                result = fn(*args, **kwargs)
                return result
            finally:
                self.running.pop()
                frames = [
                    r for r in (result if isinstance(result, tuple) else (result,)) if isinstance(r, pl.DataFrame)
                ]
                self.calls.append(
                    {
                        "function": name,
                        "depth": depth,
                        "start": start,
                        "end": time.perf_counter(),
                        "result_rows": frames[0].height if frames else None,
                        "result_columns": frames[0].width if frames else None,
                        "result_bytes": frames[0].estimated_size() if frames else None,
                    }
                )

        return traced

    def breakdown(self, sampler: _RssSampler, origin: float) -> list[dict[str, Any]]:
        return [
            {
                "function": c["function"],
                "depth": c["depth"],
                "seconds": round(c["end"] - c["start"], 3),
                "started_at_s": round(c["start"] - origin, 3),
                "peak_rss_bytes": sampler.peak_between(c["start"], c["end"] + sampler.interval),
                "result_rows": c["result_rows"],
                "result_columns": c["result_columns"],
                "result_bytes": c["result_bytes"],
            }
            for c in sorted(self.calls, key=lambda c: c["start"])
        ]


def run_matcher(
    names_path: str,
    assignments_path: str,
    profile_path: str | None,
    rss_limit_gb: float,
    abort_path: str,
    duckdb_memory_limit: str | None,
    settings_overrides: dict[str, Any],
    sql_overrides: dict[str, str],
) -> dict[str, Any]:
    """Child process: run match_names on the generated names; timings, per-stage RSS peaks and the process peak.

    If RSS passes ``rss_limit_gb`` the child writes what it knows to ``abort_path`` and exits at once.
    """
    import xref.matching
    from xref.config import MatchSettings
    from xref.db import Database

    names = pl.read_parquet(names_path).drop("org_id")
    baseline_rss = _rss_bytes()
    tracer = _Tracer()
    tracer.install(xref.matching)
    if sql_overrides:
        # what-if runs: xref.matching reads its SQL through the module global read_sql
        original_read_sql = xref.matching.read_sql

        def read_sql(name: str) -> str:
            return (
                Path(sql_overrides[name]).read_text(encoding="utf-8")
                if name in sql_overrides
                else original_read_sql(name)
            )

        xref.matching.read_sql = read_sql
    profiler = cProfile.Profile() if profile_path else None
    db = Database(memory_limit=duckdb_memory_limit)
    start = time.perf_counter()

    def abort(rss: int) -> None:
        now = time.perf_counter()
        partial = {
            "aborted": f"RSS {_gb(rss)} passed the --rss-limit-gb {rss_limit_gb:g} guard",
            "elapsed_s": round(now - start, 3),
            "running": list(tracer.running),
            "rss_before_match_bytes": baseline_rss,
            "peak_rss_bytes": max(rss, _peak_rss_bytes()),
            "functions": tracer.breakdown(sampler, start),
        }
        Path(abort_path).write_text(json.dumps(partial, indent=2), encoding="utf-8")
        os._exit(3)

    try:
        with _RssSampler(limit_bytes=int(rss_limit_gb * 1024**3), on_limit=abort) as sampler:
            start = time.perf_counter()
            if profiler:
                profiler.enable()
            result = xref.matching.match_names(names, settings=MatchSettings(**settings_overrides), db=db)
            if profiler:
                profiler.disable()
            wall = time.perf_counter() - start
    finally:
        db.close()
    stage_peaks: dict[str, int] = {}
    t = start
    for stage, seconds in result.stats["timings"].items():
        stage_peaks[stage] = sampler.peak_between(t, t + seconds + sampler.interval)
        t += seconds
    result.names.select("name_id", "supplier_id").write_parquet(assignments_path)
    profile_text = ""
    if profiler and profile_path:
        profiler.dump_stats(profile_path)
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer).strip_dirs()
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(20)
        profile_text = buffer.getvalue()
    stats_out = result.stats
    return {
        "wall_s": wall,
        "timings": stats_out["timings"],
        "functions": tracer.breakdown(sampler, start),
        "candidate_pairs": stats_out["candidate_pairs"],
        "candidate_pairs_by_rule": stats_out.get("candidate_pairs_by_rule", {}),
        "largest_token_blocks": stats_out.get("largest_token_blocks", [])[:5],
        "largest_key_blocks": stats_out.get("largest_key_blocks", [])[:5],
        "tokens_dropped_as_common": stats_out.get("tokens_dropped_as_common", [])[:10],
        "token_df_cap": stats_out.get("token_df_cap"),
        "pairs_by_band": stats_out.get("pairs_by_band", {}),
        "scored_pairs_kept": result.pairs.height,
        "suppliers": stats_out["suppliers"],
        "largest_suppliers": stats_out.get("largest_suppliers", []),
        "links": stats_out["links"],
        "rss_before_match_bytes": baseline_rss,
        "peak_rss_bytes": _peak_rss_bytes(),
        "stage_peak_rss_bytes": stage_peaks,
        "profile_text": profile_text,
    }


def run_baseline(names_path: str, n_cards: int, n_suppliers: int, cutoff: float) -> dict[str, Any]:
    """Child process: a full ``process.cdist`` (fuzz.WRatio) of a slice of card strings against contract suppliers."""
    import numpy as np
    from rapidfuzz import fuzz, process, utils

    names = pl.read_parquet(names_path)
    cards = names.filter(pl.col("source") == "cards")["raw"]
    suppliers = names.filter(pl.col("source") == "contracts")["raw"]
    # name_id order is hash order, so the first n are a fair sample
    card_slice = cards.head(n_cards).to_list()
    supplier_slice = suppliers.head(n_suppliers).to_list()
    baseline_rss = _rss_bytes()
    start = time.perf_counter()
    matrix = process.cdist(
        card_slice,
        supplier_slice,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        score_cutoff=cutoff,
        workers=-1,
        dtype=np.uint8,
    )
    seconds = time.perf_counter() - start
    return {
        "cards": len(card_slice),
        "suppliers": len(supplier_slice),
        "cards_total": cards.len(),
        "suppliers_total": suppliers.len(),
        "seconds": seconds,
        "pairs_over_cutoff": int(np.count_nonzero(matrix)),
        "rss_before_bytes": baseline_rss,
        "peak_rss_bytes": _peak_rss_bytes(),
    }


def _in_child(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def _measure_matcher(args: argparse.Namespace, tmp: Path, profile_path: str | None) -> dict[str, Any]:
    """run_matcher in a fresh process; an RSS-guard abort comes back as ``{"aborted": ...}`` with what was known."""
    abort_path = tmp / "aborted.json"
    abort_path.unlink(missing_ok=True)
    try:
        return _in_child(
            run_matcher,
            str(tmp / "names.parquet"),
            str(tmp / "assignments.parquet"),
            profile_path,
            args.rss_limit_gb,
            str(abort_path),
            args.duckdb_memory_limit,
            args.settings,
            args.sql_overrides,
        )
    except BrokenProcessPool:
        if abort_path.exists():
            partial: dict[str, Any] = json.loads(abort_path.read_text(encoding="utf-8"))
            return partial
        raise


# --------------------------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------------------------


def _quality(names: pl.DataFrame, assignments: pl.DataFrame) -> dict[str, Any]:
    """Rough sanity check against the generator's truth (not a tuned accuracy measure)."""
    joined = names.select("name_id", "source", "org_id").join(assignments, on="name_id")
    per_org = joined.group_by("org_id").agg(
        pl.col("supplier_id").n_unique().alias("suppliers"),
        pl.col("source").n_unique().alias("sources"),
    )
    per_supplier = joined.group_by("supplier_id").agg(pl.col("org_id").n_unique().alias("orgs"))
    # organisation seen in a register and on cards: are its card strings with its register name?
    reg = joined.filter(pl.col("source") != "cards").select("org_id", pl.col("supplier_id").alias("reg_supplier"))
    cards = joined.filter(pl.col("source") == "cards")
    card_hits = cards.join(reg.unique(), on="org_id", how="inner")
    linked = card_hits.group_by("name_id").agg((pl.col("supplier_id") == pl.col("reg_supplier")).any().alias("hit"))
    return {
        "organisations_in_one_supplier": round(float((per_org["suppliers"] == 1).mean() or 0.0), 4),
        "multi_register_orgs_in_one_supplier": round(
            float((per_org.filter(pl.col("sources") > 1)["suppliers"] == 1).mean() or 0.0), 4
        ),
        "card_strings_of_register_orgs_linked": round(float(linked["hit"].mean() or 0.0), 4),
        "suppliers_mixing_orgs": int(per_supplier.filter(pl.col("orgs") > 1).height),
        "largest_mixed_supplier_orgs": int(per_supplier["orgs"].max() or 0),
    }


def _gb(n: float) -> str:
    return f"{n / 1024**3:.2f} GB"


def _print_table(report: dict[str, Any]) -> None:
    m, b, g = report["matcher"], report.get("baseline"), report["generated"]
    total = sum(g["names_by_source"].values())
    lines = [
        f"bench-match  scale={report['scale']}  seed={report['seed']}  "
        f"{report['machine']['cpus']} CPUs  python {report['machine']['python']}"
        + (f"  settings {report['settings_overrides']}" if report["settings_overrides"] else "")
        + (f"  sql {report['sql_overrides']}" if report["sql_overrides"] else ""),
        "names: " + ", ".join(f"{k} {v:,}" for k, v in g["names_by_source"].items()) + f"  (total {total:,})",
        f"organisations in pool {g['organisations']:,}; shared: "
        + ", ".join(f"{k} {v:,}" for k, v in g["shared_organisations"].items()),
        "",
    ]
    if "aborted" in m:
        lines += [
            f"match_names ABORTED after {m['elapsed_s']:.1f}s in {' > '.join(m['running']) or '?'}: {m['aborted']}",
            f"  RSS before match_names {_gb(m['rss_before_match_bytes'])}, at abort {_gb(m['peak_rss_bytes'])}",
        ]
    else:
        lines += [
            f"{'match_names':<36}{'value':>14}",
            f"{'  wall time (total)':<36}{m['wall_s']:>13.1f}s",
        ]
        for stage, seconds in m["timings"].items():
            peak = m["stage_peak_rss_bytes"].get(stage, 0)
            lines.append(f"{'    ' + stage:<36}{seconds:>13.1f}s   peak RSS {_gb(peak)}")
        lines += [
            f"{'  candidate pairs':<36}{m['candidate_pairs']:>14,}",
            "    by rule: " + ", ".join(f"{k} {v:,}" for k, v in m["candidate_pairs_by_rule"].items()),
            f"{'  pairs/second (candidates/wall)':<36}{m['pairs_per_second']:>14,.0f}",
            f"{'  suppliers':<36}{m['suppliers']:>14,}",
            f"{'  links':<36}{m['links']:>14,}",
            f"{'  scored pairs kept (matches.csv)':<36}{m['scored_pairs_kept']:>14,}",
            f"{'  RSS before match_names':<36}{_gb(m['rss_before_match_bytes']):>14}",
            f"{'  peak RSS (child process)':<36}{_gb(m['peak_rss_bytes']):>14}",
            f"  token df cap {m['token_df_cap']:,}; largest token blocks: "
            + ", ".join(f"{x['block']} {x['names']}" for x in m["largest_token_blocks"]),
            "  sanity vs truth: " + ", ".join(f"{k} {v}" for k, v in (report["quality"] or {}).items()),
        ]
    lines.append("  by function (xref.matching; indented = inside the one above):")
    for f in m["functions"]:
        result = ""
        if f.get("result_rows") is not None:
            result = f"   -> {f['result_rows']:,} rows x {f['result_columns']} cols, {_gb(f['result_bytes'])}"
        lines.append(
            f"    {'  ' * f['depth'] + f['function']:<32}{f['seconds']:>13.1f}s   peak RSS {_gb(f['peak_rss_bytes'])}"
            + result
        )
    if b:
        lines += [
            "",
            f"rapidfuzz cdist baseline (WRatio, score_cutoff {b['cutoff']:g}, workers=-1)",
            f"  measured: {b['cards']:,} cards x {b['suppliers']:,} suppliers in {b['seconds']:.1f}s "
            f"({b['comparisons_per_second']:,.0f} comparisons/s), peak RSS {_gb(b['peak_rss_bytes'])}",
            f"  EXTRAPOLATED (not measured) to {b['cards_total']:,} x {b['suppliers_total']:,}: "
            f"{b['extrapolated_seconds']:,.0f}s ({b['extrapolated_seconds'] / 60:,.1f} min), "
            f"dense uint8 score matrix {_gb(b['extrapolated_matrix_bytes'])}",
        ]
    t = report["target"]
    verdict = "n/a (scale != 1)" if not t["applies"] else ("MET" if t["met"] else "MISSED")
    lines += ["", f"target (full size): wall < {TARGET_WALL_S:.0f}s and peak RSS < {TARGET_RSS_GB:.0f} GB -> {verdict}"]
    print("\n".join(lines))


def _settings_overrides(parser: argparse.ArgumentParser, pairs: list[str]) -> dict[str, Any]:
    from xref.config import MatchSettings

    defaults = MatchSettings()
    out: dict[str, Any] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if not hasattr(defaults, name) or not value:
            parser.error(f"--setting {pair!r}: expected NAME=VALUE with NAME a MatchSettings field")
        default = getattr(defaults, name)
        out[name] = value.lower() in ("1", "true", "yes") if isinstance(default, bool) else type(default)(value)
    return out


def _code_version() -> dict[str, str]:
    """Content hashes of the files measured (the matcher is under active development)."""
    root = HERE.parent
    files = ["xref/matching.py", "xref/names.py", "sql/matching/candidates.sql", "xref/config.py"]
    return {
        f: hashlib.sha256((root / f).read_bytes()).hexdigest()[:12] if (root / f).exists() else "missing" for f in files
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Generate, measure, print and write the report."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply all register sizes (default 1.0)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--baseline-cards", type=int, default=2000, help="card strings in the cdist slice (0: skip)")
    parser.add_argument("--baseline-suppliers", type=int, default=50_000, help="suppliers in the cdist slice")
    parser.add_argument("--cutoff", type=float, default=85.0, help="WRatio score_cutoff for the baseline")
    parser.add_argument("--profile", action="store_true", help="also run match_names under cProfile (extra run)")
    parser.add_argument(
        "--rss-limit-gb", type=float, default=12.0, help="stop the matcher child if its RSS passes this (default 12)"
    )
    parser.add_argument("--duckdb-memory-limit", default=None, help="DuckDB memory_limit, e.g. 2GB (default: DuckDB's)")
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a MatchSettings field for a what-if run, e.g. --setting token_df_cap_fraction=0 (repeatable)",
    )
    parser.add_argument(
        "--sql-override",
        action="append",
        default=[],
        metavar="NAME=FILE",
        help="what-if: run the matcher with FILE in place of sql/NAME, e.g. matching/candidates.sql=/tmp/c.sql",
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "bench_match.json")
    parser.add_argument("--keep-names", action="store_true", help="write the generated names next to --out")
    args = parser.parse_args(argv)
    args.settings = _settings_overrides(parser, args.setting)
    args.sql_overrides = {}
    for pair in args.sql_override:
        name, _, file = pair.partition("=")
        if not file or not Path(file).is_file():
            parser.error(f"--sql-override {pair!r}: expected NAME=FILE with FILE an existing file")
        args.sql_overrides[name] = str(Path(file).resolve())

    started = time.perf_counter()
    generated = Generator(args.seed, args.scale).generate()
    gen_seconds = time.perf_counter() - started
    print(f"generated {generated.names.height:,} names in {gen_seconds:.1f}s", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="bench_match_") as tmp_dir:
        tmp = Path(tmp_dir)
        names_path = str(tmp / "names.parquet")
        generated.names.write_parquet(names_path)
        if args.keep_names:
            generated.names.write_parquet(args.out.with_name("bench_match_names.parquet"))

        print("running match_names in a fresh process ...", flush=True)
        matcher = _measure_matcher(args, tmp, None)
        matcher.pop("profile_text", None)
        quality = None
        if "aborted" not in matcher:
            matcher["names"] = generated.names.height
            matcher["pairs_per_second"] = matcher["candidate_pairs"] / matcher["wall_s"] if matcher["wall_s"] else 0.0
            quality = _quality(generated.names, pl.read_parquet(tmp / "assignments.parquet"))

        baseline = None
        if args.baseline_cards > 0:
            print("running the cdist baseline in a fresh process ...", flush=True)
            baseline = _in_child(run_baseline, names_path, args.baseline_cards, args.baseline_suppliers, args.cutoff)
            comparisons = baseline["cards"] * baseline["suppliers"]
            full = baseline["cards_total"] * baseline["suppliers_total"]
            baseline.update(
                cutoff=args.cutoff,
                comparisons=comparisons,
                comparisons_per_second=comparisons / baseline["seconds"],
                extrapolated_comparisons=full,
                extrapolated_seconds=baseline["seconds"] * full / comparisons,
                extrapolated_matrix_bytes=full,
                extrapolated_note="linear extrapolation of the measured slice; not measured",
            )

        profile_text = ""
        if args.profile:
            print("profiling match_names (extra run under cProfile) ...", flush=True)
            prof_path = str(args.out.with_suffix(".prof"))
            profiled = _measure_matcher(args, tmp, prof_path)
            profile_text = profiled.get("profile_text") or f"profile run aborted: {profiled.get('aborted')}"

    full_size = args.scale == 1.0
    met = (
        "aborted" not in matcher
        and matcher["wall_s"] < TARGET_WALL_S
        and matcher["peak_rss_bytes"] < TARGET_RSS_GB * 1024**3
    )
    report = {
        "scale": args.scale,
        "seed": args.seed,
        "settings_overrides": args.settings,
        "sql_overrides": args.sql_overrides,
        "code_version": _code_version(),
        "load_average_at_end": list(os.getloadavg()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "generated": {**generated.stats, "seconds": round(gen_seconds, 2)},
        "matcher": matcher,
        "quality": quality,
        "baseline": baseline,
        "target": {
            "wall_s": TARGET_WALL_S,
            "peak_rss_gb": TARGET_RSS_GB,
            "applies": full_size,
            "met": met if full_size else None,
        },
    }
    _print_table(report)
    if profile_text:
        print("\ncProfile of match_names (Python-level; native DuckDB/polars/rapidfuzz time shows as one call):")
        print(profile_text)
    args.out.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
