"""Reading ``.xlsx`` workbooks as untrusted input: look inside a workbook before handing it to the Excel reader.

A workbook is a zip of XML parts. The fast reader (fastexcel, i.e. Rust calamine) holds a worksheet as a dense grid
of its bounding box, so a crafted or damaged file can make it allocate far more memory than the machine has (one
stray cell at ``XFD1048576`` is a box of 17 billion cells) and abort the process, which Python cannot catch.
:func:`inspect_workbook` reads the zip's directory and streams each worksheet's XML once, with a regular-expression
scan rather than a parse, to find each sheet's true extent, and refuses what no spreadsheet program writes: more
than :data:`MAX_INFLATED_BYTES` of XML once inflated (a zip bomb), or a workbook, relationship or style part larger
than any real one.

:func:`read_sheet` then reads a sheet with fastexcel when its box is small and well filled, and otherwise with
:func:`_read_sparse`, a streaming reader (the standard library's expat) that keeps only the cells holding something
and cuts any cell longer than Excel allows: a sheet with a stray cell far to the right of or below its data, cells
that do not say where they are, or one enormous cell, still loads, within bounded memory.

Both readers give every cell as text, as ``xref.load`` expects: numbers as written (``12.5``, ``3``), dates as
``2025-02-03 00:00:00``, booleans as ``true``/``false``.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any
from xml.parsers import expat

import numpy as np
import polars as pl

MAX_INFLATED_BYTES = 2 * 1024**3
"""The most XML a workbook may inflate to. A 1,048,576-row sheet Excel writes is a few hundred MB of XML; a zip
bomb is gigabytes from a few kilobytes."""
MAX_PART_BYTES = 64 * 1024**2
"""The most a workbook's index, relationships or styles part may inflate to (real ones are kilobytes)."""
DENSE_CELL_LIMIT = 20_000_000
"""The largest bounding box (rows × columns) handed to fastexcel, which allocates the whole box (a few tens of bytes a
cell: under a gigabyte at this size)."""
MIN_FILL = 0.01
"""A box larger than a million cells whose cells fill less than this share of it (a stray cell far from the data)
is read sparsely: fastexcel would allocate the box's empty cells."""
MAX_CELL_XML_BYTES = 1024**2
"""A cell or shared string whose XML is longer than this cannot come from Excel (a cell holds at most 32,767
characters); such a sheet is read sparsely, which keeps only the start of the cell."""
SPARSE_CELL_LIMIT = 10_000_000
"""The most non-empty cells the streaming reader keeps (about a gigabyte of Python objects) before refusing the
sheet: a million rows of ten columns beside a stray cell still load."""
CELL_KEEP_CHARS = 32_768 + 1_000
"""How much of an overlong cell the sparse reader keeps: past Excel's limit, so the row is still quarantined as
``oversized_cell``, without holding the whole cell."""
_CHUNK = 1024**2

_BUILTIN_DATE_FORMATS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
"""Number formats ECMA-376 defines as dates or times (14-22, 45-47; 27-36 and 50-58 in East Asian locales)."""


class WorkbookRefused(Exception):
    """The workbook is not one xref will read; the message says why, for ``xref.load`` to turn into a fix."""


@dataclass(frozen=True)
class Sheet:
    """One worksheet as the workbook's index and a scan of its XML describe it."""

    name: str
    state: str
    """``visible``, ``hidden`` or ``veryHidden`` (hidden from Excel's Unhide list too)."""
    part: str | None
    """Its XML part in the zip (None for a chart sheet or a dangling reference)."""
    rows: int = 0
    """The last row number a cell or row names."""
    columns: int = 0
    """The last column number a cell names."""
    cells: int = 0
    positioned: bool = True
    """Every cell says where it is (``r="B7"``); a writer may leave positions out, and then the box is unknown."""
    longest_cell: int = 0
    """Bytes of XML of the longest cell (or of a shared string it may point to)."""

    @property
    def visible(self) -> bool:
        """Shown in Excel."""
        return self.state == "visible"

    @property
    def box(self) -> int:
        """Cells in the sheet's bounding box: what a dense reader allocates."""
        return self.rows * self.columns

    @property
    def dense_safe(self) -> bool:
        """Whether fastexcel may read this sheet (its box is small, well filled, and no cell is outlandish)."""
        sparse = self.box > 1_000_000 and self.cells < MIN_FILL * self.box
        return (
            self.positioned and self.box <= DENSE_CELL_LIMIT and not sparse and self.longest_cell <= MAX_CELL_XML_BYTES
        )


# --- looking inside --------------------------------------------------------------------------------------------

_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="(\d+)"')
_CELL_START = re.compile(rb"<(?:\w+:)?c[\s/>]")
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d+)"')
_SI_START = re.compile(rb"<(?:\w+:)?si[\s>]")


def inspect_workbook(path: str) -> list[Sheet]:
    """The workbook's worksheets, in its own order, with each one's extent.

    Raises:
        WorkbookRefused: a zip bomb, an outlandish part, or a zip that is not a workbook.
        zipfile.BadZipFile, OSError: the zip cannot be read.
    """
    with zipfile.ZipFile(path) as zf:
        declared = sum(i.file_size for i in zf.infolist())
        if declared > MAX_INFLATED_BYTES:
            raise WorkbookRefused(
                f"it would inflate to {declared / 1024**3:.1f} GB (a zip bomb, or a damaged file); no spreadsheet "
                "Excel writes is that large"
            )
        budget = _Budget()
        package = _Package(zf, budget)
        longest_string = _longest_shared_string(package, budget)
        sheets = []
        for name, state, rel_id in _sheet_entries(package.book):
            part = package.target(rel_id)
            if part is None or "worksheet" not in package.kind(rel_id):
                sheets.append(Sheet(name, state, None))
                continue
            sheets.append(_scan_sheet(zf, part, name, state, budget, longest_string))
        return sheets


class _Package:
    """A workbook's parts found as Excel finds them: from the package's relationships, not from fixed names.

    Writers differ: the workbook may live elsewhere than ``xl/workbook.xml`` (strict ISO files), member names may
    differ in case from their relationships (``SharedStrings.xml``) or be written with backslashes.
    """

    def __init__(self, zf: zipfile.ZipFile, budget: _Budget | None = None) -> None:
        self.zf = zf
        self.budget = budget or _Budget()
        self.members = {_normal(i.filename): i.filename for i in zf.infolist()}
        package_rels = _relationships(self.read("_rels/.rels") or b"")
        office = next((t for t, kind in package_rels.values() if kind.endswith("/officeDocument")), None)
        self.book_part = self.member(_resolve("", office)) if office else None
        self.book_part = self.book_part or self.member("xl/workbook.xml")
        if self.book_part is None:
            raise WorkbookRefused("it has no workbook part (not an Excel workbook)")
        self.book = self.read(self.book_part) or b""
        folder, _, name = self.book_part.replace("\\", "/").rpartition("/")
        self.folder = folder
        self.rels = _relationships(self.read(f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels") or b"")

    def member(self, name: str) -> str | None:
        """The zip member called ``name``, case and slashes aside."""
        return self.members.get(_normal(name))

    def read(self, name: str) -> bytes | None:
        found = self.member(name)
        return None if found is None else _read_part(self.zf, found, self.budget)

    def target(self, rel_id: str) -> str | None:
        """The zip member a workbook relationship points at."""
        found = self.rels.get(rel_id)
        return self.member(_resolve(self.folder, found[0])) if found else None

    def kind(self, rel_id: str) -> str:
        return self.rels.get(rel_id, ("", ""))[1]

    def part_of(self, kind: str, default: str) -> str | None:
        """The member of the workbook's first relationship of ``kind`` (``sharedStrings``, ``styles``)."""
        for rel_id, (_, rel_kind) in self.rels.items():
            if rel_kind.endswith("/" + kind):
                return self.target(rel_id)
        return self.member(default)


def _normal(name: str) -> str:
    return name.replace("\\", "/").lstrip("/").lower()


class _Budget:
    """Counts the bytes inflated so far across the workbook's parts, and refuses past :data:`MAX_INFLATED_BYTES`."""

    def __init__(self) -> None:
        self.used = 0

    def take(self, n: int) -> None:
        self.used += n
        if self.used > MAX_INFLATED_BYTES:
            raise WorkbookRefused(
                f"its XML inflates to more than {MAX_INFLATED_BYTES / 1024**3:.0f} GB (a zip bomb, or a damaged "
                "file); no spreadsheet Excel writes is that large"
            )


def _chunks(fh: IO[bytes], budget: _Budget) -> Iterator[bytes]:
    """A part's bytes in chunks that never end inside a tag (the rest is carried into the next chunk)."""
    carry = b""
    while True:
        block = fh.read(_CHUNK)
        if not block:
            if carry:
                yield carry
            return
        budget.take(len(block))
        data = carry + block
        cut = data.rfind(b"<")
        if cut <= 0:
            carry = b"" if len(data) > _CHUNK * 4 else data  # no tag at all: text; do not let the carry grow
            if not carry:
                yield data
            continue
        yield data[:cut]
        carry = data[cut:]


def _read_part(zf: zipfile.ZipFile, name: str, budget: _Budget) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise WorkbookRefused(f"its part {name} inflates to {info.file_size / 1024**2:.0f} MB (real ones are small)")
    with zf.open(info) as fh:
        data = fh.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise WorkbookRefused(f"its part {name} inflates to more than {MAX_PART_BYTES // 1024**2} MB")
    budget.take(len(data))
    return data


def _parse(data: bytes, start: Callable[[str, dict[str, str]], None]) -> None:
    """Run expat over a small part, calling ``start(tag without prefix, attributes)`` per element."""
    parser = _parser()
    parser.StartElementHandler = lambda tag, attrs: start(tag.rpartition(":")[2], attrs)
    parser.Parse(data, True)


def _parser() -> Any:
    parser = expat.ParserCreate()

    def no_doctype(*_: object) -> None:  # entity definitions have no place in a workbook (billion laughs)
        raise WorkbookRefused("its XML declares a document type, which Excel never writes")

    parser.StartDoctypeDeclHandler = no_doctype
    parser.buffer_text = True
    return parser


def _sheet_entries(book: bytes) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "sheet":
            rel = next((v for k, v in attrs.items() if k.rpartition(":")[2] == "id"), "")
            found.append((attrs.get("name", f"Sheet{len(found) + 1}"), attrs.get("state", "visible"), rel))

    try:
        _parse(book, start)
    except expat.ExpatError as exc:
        raise WorkbookRefused(f"its workbook index is not valid XML ({exc})") from None
    return found


def _relationships(data: bytes) -> dict[str, tuple[str, str]]:
    """Relationship id → (target, type) from a ``.rels`` part."""
    rels: dict[str, tuple[str, str]] = {}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "Relationship" and "Id" in attrs:
            rels[attrs["Id"]] = (attrs.get("Target", ""), attrs.get("Type", ""))

    if data:
        try:
            _parse(data, start)
        except expat.ExpatError as exc:
            raise WorkbookRefused(f"its relationships are not valid XML ({exc})") from None
    return rels


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a path from the zip's root.

    Targets are ``worksheets/sheet1.xml`` or ``../x.xml`` (read from ``folder``) or ``/xl/worksheets/sheet1.xml``.
    """
    target = target.replace("\\", "/")
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in PurePosixPath(folder or ".", target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _scan_sheet(zf: zipfile.ZipFile, part: str, name: str, state: str, budget: _Budget, longest_string: int) -> Sheet:
    """A sheet's extent from its XML: the last row and column any cell names, and how many cells there are."""
    rows = columns = cells = positioned = 0
    longest = last_start = offset = 0
    uses_strings = False
    with zf.open(part) as fh:
        for chunk in _chunks(fh, budget):
            for m in _ROW.finditer(chunk):
                rows = max(rows, int(m.group(1)))
            starts = [m.start() for m in _CELL_START.finditer(chunk)]
            if starts:
                cells += len(starts)
                longest = max(longest, offset + starts[0] - last_start if last_start else 0)
                longest = max(longest, int(np.diff(starts).max()) if len(starts) > 1 else 0)
                last_start = offset + starts[-1]
            refs = _CELL_REF.findall(chunk)
            positioned += len(refs)
            if refs:
                columns = max(columns, max(_column_number(c) for c in {c for c, _ in refs}))
                rows = max(rows, max(int(r) for _, r in refs))
            uses_strings = uses_strings or b't="s"' in chunk
            offset += len(chunk)
    if cells and last_start:
        longest = max(longest, min(offset - last_start, MAX_CELL_XML_BYTES + 1))
    return Sheet(
        name,
        state,
        part,
        rows=rows,
        columns=columns,
        cells=cells,
        positioned=positioned == cells,
        longest_cell=max(longest, longest_string if uses_strings else 0),
    )


def _longest_shared_string(package: _Package, budget: _Budget) -> int:
    """Bytes of XML of the longest shared string (the gap between two ``<si>``: cheap, and an upper bound)."""
    part = package.part_of("sharedStrings", "xl/sharedStrings.xml")
    if part is None:
        return 0
    longest = last = offset = 0
    with package.zf.open(part) as fh:
        for chunk in _chunks(fh, budget):
            starts = [m.start() for m in _SI_START.finditer(chunk)]
            if starts:
                if last:
                    longest = max(longest, offset + starts[0] - last)
                if len(starts) > 1:
                    longest = max(longest, int(np.diff(starts).max()))
                last = offset + starts[-1]
            offset += len(chunk)
    return max(longest, offset - last if last else offset)


# --- reading -----------------------------------------------------------------------------------------------------


def read_sheet(path: str, sheet: Sheet) -> pl.DataFrame:
    """Every cell of ``sheet`` as text (columns ``column_1``...), one row per spreadsheet row from row 1.

    Raises:
        WorkbookRefused: the sheet holds more cells than the sparse reader keeps.
        Exception: whatever fastexcel or the zip raises for a damaged file (``xref.load`` reports it).
    """
    if sheet.dense_safe:
        import fastexcel  # noqa: PLC0415 - only workbooks need it

        reader = fastexcel.read_excel(path)
        # skip_rows=0 keeps leading empty rows, so row numbers are the ones Excel shows
        frame: pl.DataFrame = (
            reader.load_sheet(sheet.name, header_row=None, skip_rows=0, dtypes="string").to_polars().cast(pl.Utf8)
        )
        return frame
    return _read_sparse(path, sheet)


def _read_sparse(path: str, sheet: Sheet) -> pl.DataFrame:
    """Read a sheet cell by cell, keeping only non-empty cells; empty columns are left out.

    Values are given as fastexcel gives them (see :func:`_number`, :func:`_text`), so a file reads the same whichever
    reader it meets.
    """
    if sheet.part is None:
        return pl.DataFrame()
    with zipfile.ZipFile(path) as zf:
        package = _Package(zf)
        strings = _shared_strings(package)
        dates, epoch = _date_styles(package)
        cells: dict[int, dict[int, str]] = {}
        reader = _SheetReader(strings, dates, epoch, cells)
        with zf.open(sheet.part) as fh:
            reader.feed(fh)
    if not cells:
        return pl.DataFrame()
    last_row = max(max(col) for col in cells.values())
    used = sorted(cells)
    return pl.DataFrame(
        {f"column_{i + 1}": [cells[c].get(r) for r in range(1, last_row + 1)] for i, c in enumerate(used)},
        schema={f"column_{i + 1}": pl.Utf8 for i in range(len(used))},
    )


def _cut(text: str) -> str:
    return text if len(text) <= CELL_KEEP_CHARS else text[:CELL_KEEP_CHARS]


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
"""Excel writes characters XML cannot hold (a carriage return, other controls) as ``_x000D_``."""


def _text(runs: list[tuple[str, bool]]) -> str:
    """A string's text from its ``<t>`` runs, as Excel reads it.

    Each run is trimmed unless it says ``xml:space="preserve"``; ``_xHHHH_`` escapes are decoded.
    """
    text = "".join(t if keep else t.strip() for t, keep in runs)
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


class _Runs:
    """Collects the ``<t>`` runs of a string (a shared string's ``<si>``, an inline ``<is>``).

    At most :data:`CELL_KEEP_CHARS` characters are kept; phonetic ``<rPh>`` runs are left out, as Excel shows.
    """

    def __init__(self) -> None:
        self.runs: list[tuple[str, bool]] = []
        self.current: list[str] | None = None
        self.preserve = False
        self.phonetic = 0
        self.length = 0

    def clear(self) -> None:
        self.runs, self.length = [], 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "rPh":
            self.phonetic += 1
        elif tag == "t" and not self.phonetic:
            self.current, self.preserve = [], attrs.get("xml:space") == "preserve"

    def end(self, tag: str) -> None:
        if tag == "rPh":
            self.phonetic -= 1
        elif tag == "t" and self.current is not None:
            self.runs.append(("".join(self.current), self.preserve))
            self.current = None

    def text(self, data: str) -> None:
        if self.current is not None and self.length <= CELL_KEEP_CHARS:
            self.current.append(data)
            self.length += len(data)


def _shared_strings(package: _Package) -> list[str]:
    """The shared strings, in order."""
    part = package.part_of("sharedStrings", "xl/sharedStrings.xml")
    if part is None:
        return []
    out: list[str] = []
    runs = _Runs()

    def start(tag: str, attrs: dict[str, str]) -> None:
        tag = tag.rpartition(":")[2]
        if tag == "si":
            runs.clear()
        runs.start(tag, attrs)

    def end(tag: str) -> None:
        tag = tag.rpartition(":")[2]
        runs.end(tag)
        if tag == "si":
            out.append(_cut(_text(runs.runs)))

    parser = _parser()
    parser.buffer_text = False  # an enormous string arrives in pieces, and only its start is kept
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, runs.text
    with package.zf.open(part) as fh:
        _feed(parser, fh)
    return out


def _date_styles(package: _Package) -> tuple[set[int], dt.datetime]:
    """The cell styles (``s=`` indexes) that format a number as a date, and the workbook's date epoch."""
    epoch = dt.datetime(1899, 12, 30)

    def book_start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal epoch
        if tag == "workbookPr" and attrs.get("date1904", "").lower() in ("1", "true"):
            epoch = dt.datetime(1904, 1, 1)

    _parse(package.book, book_start)
    part = package.part_of("styles", "xl/styles.xml")
    styles = package.read(part) if part else None
    if not styles:
        return set(), epoch
    formats: dict[int, str] = {}
    xfs: list[int] = []
    where = {"cellXfs": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "numFmt":
            formats[_int(attrs.get("numFmtId"))] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            where["cellXfs"] = True
        elif tag == "xf" and where["cellXfs"]:
            xfs.append(_int(attrs.get("numFmtId")))

    parser = _parser()
    parser.StartElementHandler = lambda tag, attrs: start(tag.rpartition(":")[2], attrs)
    parser.EndElementHandler = lambda tag: where.update(cellXfs=False) if tag.endswith("cellXfs") else None
    parser.Parse(styles, True)
    dates = {
        i
        for i, fmt in enumerate(xfs)
        if fmt in _BUILTIN_DATE_FORMATS or (fmt in formats and _is_date_format(formats[fmt]))
    }
    return dates, epoch


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() else -1


def _is_date_format(code: str) -> bool:
    """A custom number format that shows a date or time: d, m, y, h or s outside quotes, brackets and escapes."""
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.', "", code.split(";")[0])
    return bool(re.search(r"[dmyhs]", bare, flags=re.IGNORECASE))


def _feed(parser: Any, fh: IO[bytes]) -> None:
    while block := fh.read(_CHUNK):
        parser.Parse(block, False)
    parser.Parse(b"", True)


class _SheetReader:
    """Expat handlers that collect a worksheet's non-empty cells as text, by column and row number."""

    def __init__(
        self, strings: list[str], dates: set[int], epoch: dt.datetime, cells: dict[int, dict[int, str]]
    ) -> None:
        self.strings, self.dates, self.epoch, self.cells = strings, dates, epoch, cells
        self.row = 0
        self.col = 0
        self.kind = ""
        self.style = -1
        self.value: list[str] | None = None
        self.value_text: list[str] = []
        self.inline = _Runs()
        self.count = 0

    def feed(self, fh: IO[bytes]) -> None:
        parser = _parser()
        parser.buffer_text = False
        parser.StartElementHandler, parser.EndElementHandler = self.start, self.end
        parser.CharacterDataHandler = self.text
        _feed(parser, fh)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = tag.rpartition(":")[2]
        if tag == "row":
            self.row = int(attrs["r"]) if attrs.get("r", "").isdigit() else self.row + 1
            self.col = 0
        elif tag == "c":
            ref = re.fullmatch(r"([A-Z]{1,3})(\d+)", attrs.get("r", ""))
            if ref:
                self.col, self.row = _column_number(ref.group(1).encode()), int(ref.group(2))
            else:
                self.col += 1
            self.kind = attrs.get("t", "n")
            self.style = _int(attrs.get("s"))
            self.value_text = []
            self.inline.clear()
        elif tag == "v":
            self.value = []
        else:
            self.inline.start(tag, attrs)

    def text(self, data: str) -> None:
        if self.value is not None:
            if sum(map(len, self.value)) <= CELL_KEEP_CHARS:
                self.value.append(data)
        else:
            self.inline.text(data)

    def end(self, tag: str) -> None:
        tag = tag.rpartition(":")[2]
        if tag == "v" and self.value is not None:
            self.value_text, self.value = self.value, None
        elif tag == "c":
            value = self._value()
            if value:
                self.count += 1
                if self.count > SPARSE_CELL_LIMIT:
                    raise WorkbookRefused(f"a worksheet holds more than {SPARSE_CELL_LIMIT:,} cells")
                self.cells.setdefault(self.col, {})[self.row] = _cut(value)
        else:
            self.inline.end(tag)

    def _value(self) -> str | None:
        kind, raw = self.kind, "".join(self.value_text)
        if kind == "inlineStr":  # a value beside the inline string wins, as fastexcel reads it
            return _text([(raw, False)]) if raw.strip() else _text(self.inline.runs)
        if kind == "s":
            i = int(raw) if raw.strip().isdigit() else -1
            return self.strings[i] if 0 <= i < len(self.strings) else None
        if kind in ("str", "d"):
            return _text([(raw, False)])
        if kind == "b":
            return "true" if raw.strip() in ("1", "true") else "false"
        if kind == "e":
            return None  # an error value (#N/A) holds nothing, as fastexcel reads it
        try:
            number = float(raw)
        except ValueError:
            return raw.strip() or None
        if self.style in self.dates and 0 <= number < 2_958_466:  # Excel's dates end at 9999-12-31
            # Excel counts 29 February 1900, which never was (Lotus 1-2-3's error): before it, days are one off
            epoch = self.epoch + dt.timedelta(days=1) if number < 60 and self.epoch.year == 1899 else self.epoch
            return (epoch + dt.timedelta(seconds=round(number * 86_400))).isoformat(" ")
        return _number(number)


def _number(value: float) -> str:
    """A number as fastexcel writes it: nine decimal places, trailing zeros dropped (``12.5``, ``3``, ``0.3``)."""
    if not np.isfinite(value):
        return str(value)
    text = f"{value:.9f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
