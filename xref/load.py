"""Read one export (CSV or XLSX) into a grid of text, find its heading row and map headings to fields.

No value is interpreted here: every cell stays text so that :mod:`xref.validate` can quarantine what it cannot
read, with the raw value kept as evidence. Each row keeps its spreadsheet row number (what Excel shows).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import errno
import functools
import hashlib
import io
import itertools
import json
import os
import re
import stat
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from xref.errors import InputFileError
from xref.headings import (
    SAMPLE_ROWS,
    Doubt,
    HeadingReading,
    Reading,
    known_headings,
    read_headings,
    recognised_fields,
)
from xref.schemas import REGISTERS, Register, heading_key
from xref.xlsx import WorkbookRefused, inspect_workbook, read_sheet

HEADER_SCAN_ROWS = 30
EXCEL_CELL_LIMIT = 32_767
"""The most characters an Excel cell can hold: a longer cell cannot be a real register value."""
RAW_KEEP_CHARS = 2_000
"""How much of a row with an oversized cell is kept as evidence."""
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]{1,3}")
"""A multi-byte UTF-8 character (``£`` is C2 A3); Windows-1252 text seldom holds one."""
MAX_UNZIPPED_BYTES = 1024**3
"""The most a CSV inside a zip may inflate to: more is a zip bomb or a damaged zip (a real export that large is
better given unzipped)."""
_ZIP = b"PK\x03\x04"
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and password-protected .xlsx
_SAVE_AS = "open it in Excel and save it as .xlsx (Excel Workbook) or CSV UTF-8"
# Other kinds of file, by how they start: (signature, what it is).
_NOT_SPREADSHEETS = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "a Rich Text (Word) document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)


@dataclass(frozen=True)
class LoadedFile:
    """One input file read as text, with its headings mapped to canonical fields."""

    register: str
    path: Path
    sha256: str
    size_bytes: int
    file_format: str
    encoding: str | None
    header_row: int
    mapping: dict[str, str]
    unmapped: tuple[str, ...]
    grid: pl.DataFrame
    """Columns: ``_row`` (spreadsheet row), ``_blank``, ``_extra`` (a CSV row's cells beyond the heading row),
    ``_stray`` (a worksheet row's cells beyond it), ``_raw`` (JSON of the row), ``_longest`` (its longest cell, in
    characters), then one text column per mapped field."""
    notes: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    """What was left out of the file and why, as (code, sentence): ``sheet_not_read`` for a hidden worksheet or one
    with no heading row, ``duplicate_file`` for a file given twice."""
    sheet: str | None = None
    """The worksheet these rows come from, when a workbook holds the register on several."""
    label: str | None = None
    """The file's name in lineage (``file:row``) when its own name is not unique in the run (``jan/export.csv``)."""
    grid_rows: int | None = None
    """The grid's height once the grid itself has been let go (:meth:`without_grid`)."""
    readings: tuple[Reading, ...] = ()
    """How each mapped field's heading was recognised (xref.toml, an alias, or its words) and how confidently."""
    doubts: tuple[Doubt, ...] = ()
    """Optional fields whose heading could not be read with confidence: not used (:mod:`xref.headings`)."""

    @property
    def rows_read(self) -> int:
        """Data rows below the heading row."""
        return self.grid.height if self.grid_rows is None else self.grid_rows

    def without_grid(self) -> LoadedFile:
        """This file's description without its cells (kept once the rows are staged, to free the memory)."""
        return dataclasses.replace(self, grid=self.grid.clear(), grid_rows=self.rows_read)

    @property
    def name(self) -> str:
        """The file's name in lineage (``file:row``): unique in a run, with its worksheet when it has several."""
        base = self.label or self.path.name
        return f"{base}[{self.sheet}]" if self.sheet else base


def read_register_file(path: Path, register: Register, columns: dict[str, str] | None = None) -> LoadedFile:
    """Read ``path`` as an export of ``register``, when it holds the register once (a CSV, or one worksheet).

    Raises:
        InputFileError: as :func:`read_register`, or the workbook holds the register on several worksheets.
    """
    parts = read_register(path, register, columns)
    if len(parts) > 1:
        sheets = ", ".join(repr(p.sheet) for p in parts)
        raise InputFileError(f"{register.name} file {path}: the register is on {len(parts)} worksheets ({sheets})")
    return parts[0]


def read_register(
    path: Path, register: Register, columns: dict[str, str] | None = None, *, label: str | None = None
) -> list[LoadedFile]:
    """Read ``path`` as an export of ``register``: one part per worksheet holding it (one for a CSV).

    Args:
        path: CSV (any common encoding or delimiter), XLSX, a zip holding one CSV, or JSON (``file.json#a.b``).
        register: which register the file is meant to be.
        columns: the user's heading map, canonical field → heading (from ``xref.toml``).
        label: the file's name in lineage when its own is not unique in the run (see :func:`lineage_labels`).

    Every visible worksheet of a workbook with a heading row for the register is read; the others (hidden, or with
    no heading row) are named in the first part's ``notes``.

    Raises:
        InputFileError: unreadable file, no heading row, or a required column missing.
    """
    columns = columns or {}
    real_path, selector = _split_selector(path)
    data = _read_bytes(real_path, register)
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputFileError(f"{register.name} file {path}: the file is empty; export it again")
    _refuse_other_formats(data, path, register)
    mapped = functools.partial(_mapped, register=register, path=path, digest=digest, size=len(data), columns=columns)
    if selector or str(real_path).lower().endswith((".json", ".jsonl", ".ndjson")):
        headings, body = _read_json(data, selector or register.json_records, path, register, columns)
        part = mapped(
            fmt="json",
            encoding="utf-8",
            header_idx=-1,
            headings=headings,
            body=body,
            extra=pl.Series("_extra", [None] * body.height, dtype=pl.Utf8),
            first_data_row=1,
            label=label,
        )
        return [part]
    if data.startswith(_ZIP) and not _is_xlsx(data, path, register):
        data = _single_csv_in_zip(data, path, register)
        fmt = "csv in zip"
    else:
        fmt = "csv"
    if data.startswith(_ZIP):
        sheets, notes = _read_xlsx(real_path, register, columns)
        parts = []
        for i, (sheet, cells, header_idx) in enumerate(sheets):
            body = cells.slice(header_idx + 1)
            part = mapped(
                fmt="xlsx",
                encoding=None,
                header_idx=header_idx,
                headings=[_cell(v) for v in cells.row(header_idx)],
                body=body,
                extra=pl.Series("_extra", [None] * body.height, dtype=pl.Utf8),
                first_data_row=header_idx + 2,
                label=label,
                sheet=sheet if len(sheets) > 1 else None,
            )
            parts.append(dataclasses.replace(part, notes=tuple(("sheet_not_read", n) for n in notes) if i == 0 else ()))
        return parts
    text, encoding = _decode(data, path, register)
    cells, header_idx, extra = _read_csv_text(text, path, register, columns)
    part = mapped(
        fmt=fmt,
        encoding=encoding,
        header_idx=header_idx,
        headings=[_cell(v) for v in cells.row(0)],
        body=cells.slice(1),
        extra=extra,
        first_data_row=header_idx + 2,  # 1-based spreadsheet row of the first data row
        label=label,
    )
    return [part]


def lineage_labels(paths: list[Path]) -> list[str | None]:
    """For each path, the name it goes by in lineage when its file name alone is shared by another file of the run.

    ``jan/export.csv`` and ``feb/export.csv`` would both be ``export.csv``, so one file's rows would be cited as the
    other's evidence: they get as many parent folders as tell them apart. None where the file name is unique.
    """
    resolved = [_split_selector(p)[0].absolute() for p in paths]
    by_name: dict[str, set[Path]] = {}
    for p in resolved:
        by_name.setdefault(p.name, set()).add(p)
    labels: list[str | None] = []
    for p in resolved:
        rivals = by_name[p.name] - {p}
        if not rivals:
            labels.append(None)
            continue
        depth = 2
        while depth <= len(p.parts) and any(r.parts[-depth:] == p.parts[-depth:] for r in rivals):
            depth += 1
        labels.append("/".join(p.parts[-depth:]).lstrip("/"))
    return labels


def _split_selector(path: Path) -> tuple[Path, str]:
    """``records.json#gifts.items`` → the file and the selector; a file whose own name holds ``#`` stays whole."""
    text = str(path)
    if "#" in text and not os.path.lexists(text):
        real, _, selector = text.rpartition("#")
        if os.path.lexists(real):
            return Path(real), selector
    return Path(text), ""


def _read_bytes(path: Path, register: Register) -> bytes:
    """The file's bytes, or one line saying why it cannot be read and what to do."""
    where = f"{register.name} file {path}"
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise InputFileError(
                f"{where}: a shortcut (symbolic link) to {path.readlink()}, which does not exist; check the path"
            ) from None
        raise InputFileError(f"{where}: not found; check the path") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputFileError(
                f"{where}: a shortcut (symbolic link) that leads back to itself; give the export file itself"
            ) from None
        raise InputFileError(f"{where}: cannot be read ({exc.strerror or exc}); check the path") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputFileError(
            f'{where}: a folder, not a file; give the files inside it (e.g. files = ["{path.name}/*.csv"] in xref.toml)'
        )
    if not stat.S_ISREG(info.st_mode):
        kind = "a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
        raise InputFileError(f"{where}: {kind}, not a regular file; save the export to a file and give that")
    try:
        return path.read_bytes()
    except PermissionError:
        raise InputFileError(
            f"{where}: cannot be read (permission denied); ask for read access, or copy it to a folder you can read"
        ) from None
    except OSError as exc:
        raise InputFileError(f"{where}: cannot be read ({exc.strerror or exc}); check the file and try again") from None


def _read_json(
    data: bytes, selector: str, path: Path, register: Register, columns: dict[str, str]
) -> tuple[list[str], pl.DataFrame]:
    """Records from JSON: ``file.json#a.b`` takes the list at key ``a`` and, in each of its items, the list ``b``.

    Each record keeps its parents' plain fields (``a.name``; nested objects as ``member.name``), so a member's name
    travels down to each of their interests. The "row" of a record is its position in the selected list (from 1).
    """
    obj = _parse_json(data, path, register)
    keys = [k for k in selector.split(".") if k]
    if isinstance(obj, dict) and keys and keys[0] not in obj and selector == register.json_records:
        keys = []  # the register's usual place for records is not in this file: read the file's own records
    if keys and not (isinstance(obj, dict) and keys[0] in obj) and not isinstance(obj, list):
        raise InputFileError(
            f"{register.name} file {path}: no '{keys[0]}' in the JSON; after '#' give the path of a list of records"
        )
    records = list(_json_records(obj, keys, {}, ""))
    headings: dict[str, None] = {}
    for rec in records:
        headings.update(dict.fromkeys(rec))
    if not records:  # an empty list is a register with nothing in it: zero rows, not an error
        headings = dict.fromkeys([*columns.values(), *(f.name for f in register.fields if f.required_column)])
    names = list(headings)
    frame = pl.DataFrame(
        {f"column_{i + 1}": [r.get(h) for r in records] for i, h in enumerate(names)},
        schema={f"column_{i + 1}": pl.Utf8 for i in range(len(names))},
    )
    return names, frame


def _parse_json(data: bytes, path: Path, register: Register) -> object:
    """A JSON document, or JSON lines (one record per line, as Companies House's bulk snapshots) as a list."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{register.name} file {path}: not valid JSON ({exc}); export it again") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":  # a second document after the first: JSON lines
            raise InputFileError(f"{register.name} file {path}: not valid JSON ({exc}); export it again") from None
    records: list[object] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InputFileError(
                f"{register.name} file {path}: line {number} is not valid JSON ({exc.msg}, column {exc.colno}); "
                "download the snapshot again"
            ) from None
    return records


def _scalars(obj: dict[str, object], prefix: str) -> dict[str, str | None]:
    """An object's values by dotted path (``data.date_of_birth.year``); a list of plain values as one text."""
    out: dict[str, str | None] = {}
    for key, value in obj.items():
        if isinstance(value, dict):
            out.update(_scalars(value, f"{prefix}{key}."))
        elif isinstance(value, list):
            if value and not any(isinstance(v, dict | list) for v in value):  # natures_of_control: [..., ...]
                out[f"{prefix}{key}"] = "; ".join("" if v is None else str(v) for v in value)
        else:
            out[f"{prefix}{key}"] = None if value is None else str(value)
    return out


def _json_records(
    obj: object, keys: list[str], inherited: dict[str, str | None], prefix: str
) -> Iterator[dict[str, str | None]]:
    items = obj if isinstance(obj, list) else [obj]
    for item in items:
        if not isinstance(item, dict):
            continue
        if not keys:
            yield {**inherited, **_scalars(item, "")}
            continue
        head, rest = keys[0], keys[1:]
        carried = {**inherited, **_scalars(item, prefix)}
        yield from _json_records(item.get(head, []), rest, carried, f"{head}.")


def _refuse_other_formats(data: bytes, path: Path, register: Register) -> None:
    """Stop, naming what the file is, when it is plainly not a CSV or workbook xref can read."""
    where = f"{register.name} file {path}"
    if data.startswith(_CFB):
        head = data[:65536]
        if "EncryptionInfo".encode("utf-16-le") in head or "EncryptedPackage".encode("utf-16-le") in head:
            raise InputFileError(
                f"{where}: a password-protected (encrypted) workbook; open it in Excel, remove the password "
                "(File > Info > Protect Workbook > Encrypt with Password, clear the box) and save it as .xlsx or CSV"
            )
        if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
            raise InputFileError(f"{where}: an old-format Excel 97-2003 .xls workbook; {_SAVE_AS}")
        if "WordDocument".encode("utf-16-le") in head:
            raise InputFileError(
                f"{where}: a Word .doc document, not a spreadsheet; export the register as .xlsx or CSV"
            )
        raise InputFileError(
            f"{where}: an old-format .xls or a password-protected workbook; "
            "open it in Excel and save it as .xlsx without a password, or as CSV"
        )
    for signature, what in _NOT_SPREADSHEETS:
        if data.startswith(signature):
            raise InputFileError(f"{where}: {what}, not a spreadsheet; export the register as .xlsx or CSV")
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
        raise InputFileError(f"{where}: a web page (HTML) saved with a spreadsheet's name; {_SAVE_AS}")
    if start.startswith(b"<?xml") or start.startswith(b"<"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in start:
            raise InputFileError(f"{where}: an Excel 2003 XML spreadsheet; {_SAVE_AS}")
        if start.startswith(b"<?xml"):
            raise InputFileError(f"{where}: an XML file, not a spreadsheet; export the register as .xlsx or CSV")


def _is_xlsx(data: bytes, path: Path, register: Register) -> bool:
    """True for an Office Open XML workbook; False for a plain zip (of CSVs). Other Office files stop here."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except Exception:  # a damaged zip, whatever zipfile raises for it: let the XLSX reader report it
        return True
    if b"opendocument.spreadsheet" in mimetype:
        raise InputFileError(f"{register.name} file {path}: an OpenDocument (.ods) spreadsheet; {_SAVE_AS}")
    if mimetype:
        raise InputFileError(
            f"{register.name} file {path}: an OpenDocument file, not a spreadsheet; export the register as .xlsx or CSV"
        )
    if "[Content_Types].xml" not in names:
        return False
    if any(n.startswith("xl/") for n in names):
        return True
    what = "a Word document" if any(n.startswith("word/") for n in names) else "an Office file"
    if any(n.startswith("ppt/") for n in names):
        what = "a PowerPoint file"
    raise InputFileError(f"{register.name} file {path}: {what}, not a spreadsheet; export the register as .xlsx or CSV")


def _single_csv_in_zip(data: bytes, path: Path, register: Register) -> bytes:
    """Finance systems often export a zipped CSV: read it if the zip holds exactly one.

    At most :data:`MAX_UNZIPPED_BYTES` is inflated; a zip's own record of the size may lie, so the read itself is
    bounded too.
    """
    too_big = (
        f"{register.name} file {path}: the CSV in the zip inflates to more than {MAX_UNZIPPED_BYTES // 1024**3} GB "
        "(a zip bomb, or a damaged zip); unzip it yourself and give the CSV instead"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = [n for n in zf.namelist() if n.lower().endswith((".csv", ".txt")) and not n.startswith("__MACOSX")]
            if len(names) != 1:
                raise InputFileError(
                    f"{register.name} file {path}: a zip file must hold exactly one CSV (found {len(names)}); "
                    "unzip it and give the CSV files instead"
                )
            if zf.getinfo(names[0]).file_size > MAX_UNZIPPED_BYTES:
                raise InputFileError(too_big)
            with zf.open(names[0]) as fh:
                inflated = fh.read(MAX_UNZIPPED_BYTES + 1)
            if len(inflated) > MAX_UNZIPPED_BYTES:
                raise InputFileError(too_big)
            return inflated
    except InputFileError:
        raise
    except MemoryError:
        raise InputFileError(too_big) from None
    except Exception as exc:  # zipfile raises many kinds (RuntimeError for a password, ValueError, ...): all mean this
        raise InputFileError(
            f"{register.name} file {path}: the zip cannot be read (password-protected or damaged: "
            f"{type(exc).__name__}); unzip it yourself and give the CSV instead"
        ) from None


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _decode(data: bytes, path: Path, register: Register) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return _newlines(data[3:].decode("utf-8")), "utf-8 (BOM)"
        except UnicodeDecodeError:
            pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _newlines(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError:
            raise InputFileError(
                f"{register.name} file {path}: marked as UTF-16 but does not decode; export it again as CSV UTF-8"
            ) from None
    if _looks_utf16le(data):
        try:
            return _newlines(data.decode("utf-16-le")), "utf-16 (no BOM)"
        except UnicodeDecodeError:
            raise InputFileError(
                f"{register.name} file {path}: looks like UTF-16 text but does not decode; export it again as CSV UTF-8"
            ) from None
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _decode_legacy(data)
    if "\x00" in text[:4096]:
        raise InputFileError(
            f"{register.name} file {path}: not a CSV or XLSX file (binary content); "
            "export the register from Excel as .xlsx or CSV"
        )
    return _newlines(text), encoding


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Text that is not all UTF-8: Windows-1252 (Excel's "CSV" on a UK PC), or a mix of the two.

    Files pasted together from two systems, or edited by hand, hold UTF-8 text with a few Windows-1252 bytes.
    Decoding all of it as Windows-1252 would turn every UTF-8 ``£`` into ``Â£`` and set those amounts aside, so
    when the text holds UTF-8 sequences, those are read as UTF-8 and only the bytes that are not UTF-8 as
    Windows-1252.
    """
    if _UTF8_SEQUENCE.search(data):
        counter = [0]

        def legacy(exc: UnicodeError) -> tuple[str, int]:
            assert isinstance(exc, UnicodeDecodeError)
            bad = exc.object[exc.start : exc.end]
            counter[0] += len(bad)
            return bad.decode("cp1252", errors="replace"), exc.end

        codecs.register_error("xref-windows-1252", legacy)
        text = data.decode("utf-8", errors="xref-windows-1252")
        return text, f"utf-8, with {counter[0]} byte(s) read as windows-1252"
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _looks_utf16le(data: bytes) -> bool:
    """UTF-16 text without its byte-order mark: mostly ASCII, so nearly every second byte is zero."""
    head = data[:512]
    if len(head) < 8:
        return False
    odd, even = head[1::2], head[0::2]
    return odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even)


def _newlines(text: str) -> str:
    """Old Mac exports end lines with a bare carriage return: make them line feeds."""
    if "\r" in text and "\n" not in text:
        return text.replace("\r", "\n")
    return text


def _sniff_separator(text: str) -> str:
    lines = [ln for ln in itertools.islice(text.splitlines(), 0, 40) if ln.strip()][:20]
    best, best_score = ",", 0
    for sep in (",", "\t", ";", "|"):
        counts = [ln.count(sep) for ln in lines]
        score = sorted(counts)[len(counts) // 2] if counts else 0  # median: robust to a title row
        if score > best_score:
            best, best_score = sep, score
    return best


@contextlib.contextmanager
def _csv_field_limit(text: str) -> Iterator[None]:
    """Let the csv module read a cell as long as the whole text (its default stops at 128 KB with an error)."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, len(text) + 1))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _read_csv_text(
    text: str, path: Path, register: Register, columns: dict[str, str]
) -> tuple[pl.DataFrame, int, pl.Series]:
    """Parse CSV text; returns the cells from the heading row on, its index, and the ragged-row overflow."""
    sep = _sniff_separator(text)
    with _csv_field_limit(text):
        head = list(itertools.islice(csv.reader(io.StringIO(text, newline=""), delimiter=sep), HEADER_SCAN_ROWS))
    header_idx = _find_header(head, register, columns, path)
    try:
        cells = pl.read_csv(
            io.BytesIO(text.encode("utf-8")),
            has_header=False,
            infer_schema=False,
            separator=sep,
            skip_rows=header_idx,
            raise_if_empty=False,
        )
        extra = pl.Series("_extra", [None] * max(cells.height - 1, 0), dtype=pl.Utf8)
        if cells.height == 0 or [_cell(v) for v in cells.row(0)] != head[header_idx]:
            # A stray quote above the heading row: polars and the csv module split the rows differently.
            cells, extra = _read_ragged(text, sep, header_idx)
    except pl.exceptions.ComputeError:
        # A row with more cells than the heading row (an unquoted comma, usually): parse record by record so
        # that row can be quarantined rather than truncated.
        cells, extra = _read_ragged(text, sep, header_idx)
    _check_quotes_closed(text, cells, header_idx, path, register)
    return cells, header_idx, extra


def _check_quotes_closed(text: str, cells: pl.DataFrame, header_idx: int, path: Path, register: Register) -> None:
    """Stop when a double quote opens a cell and is never closed: every later line would be read into that cell."""
    if cells.height < 2 or text.count('"') % 2 == 0:
        return
    last = cells.tail(1).select(pl.any_horizontal(pl.all().str.contains("[\r\n]").fill_null(False))).item()
    if last:
        row = header_idx + cells.height
        raise InputFileError(
            f'{register.name} file {path}: row {row} opens a double quote (") that is never closed, so the rest of '
            "the file reads as one cell; remove the stray quote at source (or re-export the file) and try again"
        )


def _read_ragged(text: str, sep: str, header_idx: int) -> tuple[pl.DataFrame, pl.Series]:
    with _csv_field_limit(text):
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))[header_idx:]
    width = len(records[0])
    cols: list[list[str | None]] = [[] for _ in range(width)]
    overflow: list[str | None] = []
    for rec in records:
        for i in range(width):
            cols[i].append(rec[i] if i < len(rec) and rec[i] != "" else None)
        # cells beyond the heading row count only when they hold something ("a,b,c," has an empty fourth cell)
        beyond = rec[width:]
        overflow.append(sep.join(beyond) if any(c.strip() for c in beyond) else None)
    frame = pl.DataFrame({f"column_{i + 1}": c for i, c in enumerate(cols)}, schema_overrides=None)
    return frame.cast(pl.Utf8), pl.Series("_extra", overflow[1:], dtype=pl.Utf8)


def _read_xlsx(
    path: Path, register: Register, columns: dict[str, str]
) -> tuple[list[tuple[str, pl.DataFrame, int]], list[str]]:
    """The worksheets holding the register, and a sentence for each worksheet left out.

    Each visible worksheet with a heading row gives (sheet name, cells, heading row index); a hidden one, or one with
    no heading row, is left out with a sentence saying so.

    The workbook is looked inside first (:mod:`xref.xlsx`), so a crafted or damaged file is refused with a reason
    instead of exhausting memory.
    """
    where = f"{register.name} file {path}"

    def unreadable(exc: BaseException) -> InputFileError:
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise exc
        if isinstance(exc, WorkbookRefused):
            return InputFileError(
                f"{where}: not read: {exc}; open it in Excel and save it again as .xlsx, or export CSV"
            )
        return InputFileError(
            f"{where}: not a readable XLSX workbook ({type(exc).__name__}); "
            "open it in Excel and save it again as .xlsx, or export CSV"
        )

    try:
        sheets = inspect_workbook(str(path))
    except BaseException as exc:  # zipfile's and expat's errors, or WorkbookRefused: all mean the same to the user
        raise unreadable(exc) from None
    found: list[tuple[str, pl.DataFrame, int]] = []
    notes: list[str] = []
    hidden: list[str] = []
    heads: list[pl.DataFrame] = []
    first_error: InputFileError | None = None
    for sheet in sheets:
        if sheet.part is None:
            notes.append(f"sheet {sheet.name!r} is a chart or an empty reference: not read")
            continue
        if sheet.cells == 0:
            continue
        try:
            cells = read_sheet(str(path), sheet)
        except BaseException as exc:  # fastexcel's own errors, or a Rust panic (a BaseException): all mean the same
            raise unreadable(exc) from None
        if cells.width == 0:
            continue
        head = cells.head(HEADER_SCAN_ROWS)
        try:
            header_idx = _find_header(head.rows(), register, columns, path)
        except InputFileError as exc:
            heads.append(head)
            first_error = first_error or exc
            if sheet.visible:
                notes.append(
                    f"worksheet {sheet.name!r} ({cells.height} rows) has no heading row of a {register.name} register: "
                    "not read"
                )
            continue
        if not sheet.visible:
            hidden.append(sheet.name)
            notes.append(
                f"worksheet {sheet.name!r} is hidden: not read ({cells.height - header_idx - 1} rows below its "
                "heading row); unhide it in Excel if it belongs to the register"
            )
            continue
        found.append((sheet.name, cells, header_idx))
    if found:
        return found, notes
    if hidden:
        shown = ", ".join(repr(h) for h in hidden)
        raise InputFileError(
            f"{where}: the register is only on hidden worksheet(s) {shown}; unhide it in Excel (right-click a sheet "
            "tab > Unhide), save, and try again"
        )
    if first_error is None:
        raise InputFileError(f"{where}: the workbook has no cells on any worksheet; export the register again")
    if len(heads) == 1:
        raise first_error
    every_row = [row for head in heads for row in head.rows()]
    names = [s.name for s in sheets]
    scope = f"the first {HEADER_SCAN_ROWS} rows of any worksheet ({', '.join(_show(n) for n in names[:6])})"
    _find_header(every_row, register, columns, path, scope=scope)
    raise first_error  # not reached: no row of any worksheet was a heading row


def _row_score(row: Sequence[object], register: Register, mine: set[str]) -> int:
    """How many fields a row names: the user's headings (``mine``, heading keys), then what the reader reads."""
    cells = [_cell(v).strip() for v in row]
    named = sum(1 for c in cells if c and heading_key(c) in mine)
    return named + recognised_fields(register, [c if heading_key(c) not in mine else "" for c in cells])


def _show(value: object, limit: int = 40) -> str:
    """A cell quoted for a message: one line, and short even when the cell is not."""
    text = _cell(value)
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _find_header(
    rows: list[tuple[object, ...]] | list[list[str]],
    register: Register,
    columns: dict[str, str],
    path: Path,
    *,
    scope: str = f"the first {HEADER_SCAN_ROWS} rows",
) -> int:
    """Index of the heading row: the row among the first few that names the most fields (by alias or by words).

    Rows are first counted by the headings xref knows, which is quick; only the rows down to the best of those
    (or every row, when none names two fields) are read by their words, since a heading row sits above its data.
    """
    mine = {heading_key(h) for h in columns.values()}
    known = known_headings(register) | mine
    by_alias = [len({heading_key(_cell(v)) for v in row} & known) for row in rows]
    best_alias = max(range(len(rows)), key=lambda i: by_alias[i], default=-1)
    last = best_alias if best_alias >= 0 and by_alias[best_alias] >= 2 else len(rows) - 1
    best_idx, best_score = -1, 0
    for idx, row in enumerate(rows[: last + 1]):
        score = _row_score(row, register, mine)
        if score > best_score:
            best_idx, best_score = idx, score
    if best_idx < 0 or best_score < 2:
        first = next((r for r in rows if any(_cell(v).strip() for v in r)), [])
        shown = ", ".join(_show(v) for v in list(first)[:8] if _cell(v).strip())
        expected = ", ".join(
            repr(f.aliases[1] if len(f.aliases) > 1 else f.name) for f in register.fields if f.required_column
        )
        other = _other_register(rows, register)
        if other is not None:
            guess, headings = other
            raise InputFileError(
                f"{register.name} file {path}: looks like a {guess.name} export (headings {headings}), not "
                f"{register.name}. Is this the right file for {register.option}? If it is a {guess.name} file, "
                f"give it with {guess.option} instead"
            )
        raise InputFileError(
            f"{register.name} file {path}: no heading row found in {scope} "
            f"(first row reads {shown or 'nothing'}); expected headings such as {expected}. "
            f"Is this the right file for {register.option}? If it is, name its headings in xref.toml under "
            f"[inputs.{register.name}.columns]"
        )
    return best_idx


def _other_register(
    rows: list[tuple[object, ...]] | list[list[str]], register: Register, *, more_than: int = 1
) -> tuple[Register, str] | None:
    """Another register whose every required heading a row of ``rows`` has, naming more than ``more_than`` fields.

    Returns that register and the headings that gave it away, quoted for a message.
    """
    best: tuple[int, Register, str] | None = None
    for row in rows:
        cells = [_cell(v).strip() for v in row]
        if sum(bool(c) for c in cells) < 2:
            continue
        for other in REGISTERS.values():
            if other.name == register.name:
                continue
            readings = read_headings(cells, other).readings
            if any(f.required_column and f.name not in readings for f in other.fields) or len(readings) <= more_than:
                continue
            if best is None or len(readings) > best[0]:
                named = [r.heading for r in readings.values()]
                best = (len(readings), other, ", ".join(_show(h) for h in named[:4]))
    return None if best is None else (best[1], best[2])


def _unique_headings(headings: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, h in enumerate(headings):
        label = h.strip() or f"(column {i + 1})"
        n = seen.get(label, 0) + 1
        seen[label] = n
        out.append(label if n == 1 else f"{label} ({n})")
    return out


def map_headings(
    headings: list[str],
    register: Register,
    columns: dict[str, str],
    path: Path,
    values: list[list[str | None]] | None = None,
) -> HeadingReading:
    """Which column holds each field (:func:`xref.headings.read_headings`).

    The user's map first, then aliases, then the headings' words, checked against a sample of each column's
    ``values``.

    Raises:
        InputFileError: a mapped heading is absent, or a required field has no confident column (every such field
            is named at once, with the headings that might hold it).
    """
    keys = [heading_key(h) for h in headings]
    shown = ", ".join(_show(h) for h in headings if h.strip())
    for name, heading in columns.items():
        if heading_key(heading) not in keys:
            raise InputFileError(
                f"{register.name} file {path}: xref.toml maps {name} to heading {heading!r}, but the file has no "
                f"such heading; headings found: {shown}. Change the map in xref.toml to one of these headings"
            )
    reading = read_headings(headings, register, columns, values)
    missing = [f for f in register.fields if f.required_column and f.name not in reading.readings]
    if not missing:
        return reading
    doubts = {d.field: d for d in reading.doubts}
    parts = []
    for f in missing:
        doubt = doubts.get(f.name)
        if doubt is not None and len(doubt.candidates) > 1:
            parts.append(f"required field {f.name} could be any of {', '.join(_show(h) for h in doubt.candidates)}")
        elif doubt is not None:
            parts.append(
                f"required field {f.name} might be {_show(doubt.candidates[0])}, but that is not certain ({doubt.why})"
            )
        else:
            looked = ", ".join(repr(a) for a in f.aliases[1:4])
            parts.append(f"no column for required field {f.name} (looked for headings like {looked})")
    example = missing[0].name
    fix = (
        f"Say which heading holds {'each' if len(missing) > 1 else 'it'} in xref.toml: "
        f'[inputs.{register.name}.columns] {example} = "<that heading>"'
    )
    other = _other_register([headings], register, more_than=len(reading.readings))
    if other is not None:
        guess, found = other
        raise InputFileError(
            f"{register.name} file {path}: {'; '.join(parts)}; its headings ({found}): this looks like a {guess.name} "
            f"export. Is this the right file for {register.option}? If it is a {guess.name} file, give it with "
            f"{guess.option} instead. {fix}"
        )
    raise InputFileError(f"{register.name} file {path}: {'; '.join(parts)}; headings found: {shown}. {fix}")


def _mapped(
    *,
    register: Register,
    path: Path,
    digest: str,
    size: int,
    fmt: str,
    encoding: str | None,
    header_idx: int,
    headings: list[str],
    body: pl.DataFrame,
    extra: pl.Series,
    first_data_row: int,
    columns: dict[str, str],
    label: str | None = None,
    sheet: str | None = None,
) -> LoadedFile:
    # Cells beyond the last heading. In a CSV they mean a shifted row (an unquoted comma), which is quarantined as
    # extra_cells rather than read with its values in the wrong columns. A worksheet's cells cannot shift: one to
    # the right of the table is a note someone typed, so the row is kept and the cell listed as an issue. Empty
    # cells there (a trailing comma on every line, an empty column) are nothing at all.
    trailing = 0
    while len(headings) - trailing > 1 and not headings[-1 - trailing].strip():
        trailing += 1
    beyond = body.columns[len(headings) - trailing : len(headings)]
    stray = pl.Series("_stray", [None] * body.height, dtype=pl.Utf8)
    if beyond:
        cells = [pl.when(pl.col(c).str.strip_chars() != "").then(pl.col(c).str.strip_chars()) for c in beyond]
        joined = pl.concat_str(cells, separator=",", ignore_nulls=True)
        found = body.select(pl.when(joined != "").then(joined).alias("s")).to_series()
        if fmt == "xlsx":
            stray = found.rename("_stray")
        else:
            both = pl.concat_str("s", "e", separator=",", ignore_nulls=True)
            extra = pl.DataFrame({"s": found, "e": extra}).select(pl.when(both != "").then(both)).to_series()
            extra = extra.rename("_extra")
        body = body.drop(beyond)
        headings = headings[: len(headings) - trailing]
    labels = _unique_headings(headings)
    sample = body.head(SAMPLE_ROWS)
    reading = map_headings(labels, register, columns, path, [sample[c].to_list() for c in sample.columns])
    mapping = reading.mapping
    body = body.rename(dict(zip(body.columns, labels, strict=True)))
    stripped = [pl.col(c).str.strip_chars() for c in labels]
    longest = pl.max_horizontal([pl.col(c).str.len_chars().fill_null(0) for c in labels]) if labels else pl.lit(0)
    raw = pl.struct(labels).struct.json_encode()
    grid = body.select(
        pl.int_range(first_data_row, first_data_row + pl.len(), dtype=pl.Int64).alias("_row"),
        pl.all_horizontal([(s.is_null() | (s == "")) for s in stripped]).alias("_blank")
        if labels
        else pl.lit(True).alias("_blank"),
        # A cell longer than Excel allows cannot be a register value: keep only the start of such a row as evidence.
        pl.when(longest > EXCEL_CELL_LIMIT)
        .then(raw.str.slice(0, RAW_KEEP_CHARS) + pl.lit("…"))
        .otherwise(raw)
        .alias("_raw"),
        longest.cast(pl.Int64).alias("_longest"),
        *[pl.col(labels[idx]).alias(name) for name, idx in mapping.items()],
    ).with_columns(extra.alias("_extra"), stray.alias("_stray"))
    unmapped = tuple(h for i, h in enumerate(labels) if i not in mapping.values())
    return LoadedFile(
        register=register.name,
        path=path,
        sha256=digest,
        size_bytes=size,
        file_format=fmt,
        encoding=encoding,
        header_row=header_idx + 1,
        mapping={name: labels[idx] for name, idx in mapping.items()},
        unmapped=unmapped,
        readings=tuple(reading.readings.values()),
        doubts=reading.doubts,
        grid=grid,
        sheet=sheet,
        label=label,
    )
