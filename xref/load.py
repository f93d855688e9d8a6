"""Read one export (CSV or XLSX) into a grid of text, find its heading row and map headings to fields.

No value is interpreted here: every cell stays text so that :mod:`xref.validate` can quarantine what it cannot
read, with the raw value kept as evidence. Each row keeps its spreadsheet row number (what Excel shows).
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from xref.errors import InputFileError
from xref.schemas import Register, heading_key

HEADER_SCAN_ROWS = 30
_ZIP = b"PK\x03\x04"
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and password-protected .xlsx


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
    """Columns: ``_row`` (spreadsheet row), ``_blank``, ``_extra``, ``_raw`` (JSON of the row), then one text
    column per mapped field."""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def rows_read(self) -> int:
        """Data rows below the heading row."""
        return self.grid.height

    @property
    def name(self) -> str:
        """The file's name, used in lineage (``file:row``)."""
        return self.path.name


def read_register_file(path: Path, register: Register, columns: dict[str, str] | None = None) -> LoadedFile:
    """Read ``path`` as an export of ``register``.

    Args:
        path: CSV (any common encoding or delimiter) or XLSX file.
        register: which register the file is meant to be.
        columns: the user's heading map, canonical field → heading (from ``xref.toml``).

    Raises:
        InputFileError: unreadable file, no heading row, or a required column missing.
    """
    columns = columns or {}
    real_path, _, selector = str(path).partition("#")
    if not Path(real_path).is_file():
        raise InputFileError(f"{register.name} file {real_path}: not found; check the path")
    data = Path(real_path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputFileError(f"{register.name} file {path}: the file is empty; export it again")
    if data.startswith(_CFB):
        raise InputFileError(
            f"{register.name} file {path}: an old-format .xls or a password-protected workbook; "
            "open it in Excel and save it as .xlsx without a password, or as CSV"
        )
    if selector or real_path.lower().endswith(".json"):
        headings, body = _read_json(data, selector, path, register, columns)
        return _mapped(
            register=register,
            path=path,
            digest=digest,
            size=len(data),
            fmt="json",
            encoding="utf-8",
            header_idx=-1,
            headings=headings,
            body=body,
            extra=pl.Series("_extra", [None] * body.height, dtype=pl.Utf8),
            first_data_row=1,
            columns=columns,
        )
    if data.startswith(_ZIP) and not _is_xlsx(data):
        data = _single_csv_in_zip(data, path, register)
        fmt_note = "csv in zip"
    else:
        fmt_note = "csv"
    if data.startswith(_ZIP):
        cells, encoding, fmt = _read_xlsx(path, register), None, "xlsx"
        header_idx = _find_header(cells.head(HEADER_SCAN_ROWS).rows(), register, columns, path)
        headings = [_cell(v) for v in cells.row(header_idx)]
        body = cells.slice(header_idx + 1)
        extra = pl.Series("_extra", [None] * body.height, dtype=pl.Utf8)
    else:
        text, encoding = _decode(data, path, register)
        cells, header_idx, extra = _read_csv_text(text, path, register, columns)
        headings = [_cell(v) for v in cells.row(0)]
        body = cells.slice(1)
        fmt = fmt_note
    first_data_row = header_idx + 2  # 1-based spreadsheet row of the first data row
    return _mapped(
        register=register,
        path=path,
        digest=digest,
        size=len(data),
        fmt=fmt,
        encoding=encoding,
        header_idx=header_idx,
        headings=headings,
        body=body,
        extra=extra,
        first_data_row=first_data_row,
        columns=columns,
    )


def _read_json(
    data: bytes, selector: str, path: Path, register: Register, columns: dict[str, str]
) -> tuple[list[str], pl.DataFrame]:
    """Records from JSON: ``file.json#a.b`` takes the list at key ``a`` and, in each of its items, the list ``b``.

    Each record keeps its parents' plain fields (``a.name``; nested objects as ``member.name``), so a member's name
    travels down to each of their interests. The "row" of a record is its position in the selected list (from 1).
    """
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputFileError(f"{register.name} file {path}: not valid JSON ({exc}); export it again") from None
    keys = [k for k in selector.split(".") if k]
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


def _scalars(obj: dict[str, object], prefix: str) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for key, value in obj.items():
        if isinstance(value, dict):
            for k, v in value.items():
                if not isinstance(v, dict | list):
                    out[f"{prefix}{key}.{k}"] = None if v is None else str(v)
        elif not isinstance(value, list):
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


def _is_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "[Content_Types].xml" in zf.namelist()
    except zipfile.BadZipFile:
        return True  # let the XLSX reader report the broken file


def _single_csv_in_zip(data: bytes, path: Path, register: Register) -> bytes:
    """Finance systems often export a zipped CSV: read it if the zip holds exactly one."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = [n for n in zf.namelist() if n.lower().endswith((".csv", ".txt")) and not n.startswith("__MACOSX")]
        if len(names) != 1:
            raise InputFileError(
                f"{register.name} file {path}: a zip file must hold exactly one CSV (found {len(names)}); unzip it "
                "and give the CSV files instead"
            )
        return zf.read(names[0])


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _decode(data: bytes, path: Path, register: Register) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8 (BOM)"
        except UnicodeDecodeError:
            pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputFileError(
                f"{register.name} file {path}: marked as UTF-16 but does not decode; export it again as CSV UTF-8"
            ) from None
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "windows-1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
    if "\x00" in text[:4096]:
        raise InputFileError(
            f"{register.name} file {path}: not a CSV or XLSX file (binary content); "
            "export the register from Excel as .xlsx or CSV"
        )
    return text, encoding


def _sniff_separator(text: str) -> str:
    lines = [ln for ln in itertools.islice(text.splitlines(), 0, 40) if ln.strip()][:20]
    best, best_score = ",", 0
    for sep in (",", "\t", ";", "|"):
        counts = [ln.count(sep) for ln in lines]
        score = sorted(counts)[len(counts) // 2] if counts else 0  # median: robust to a title row
        if score > best_score:
            best, best_score = sep, score
    return best


def _read_csv_text(
    text: str, path: Path, register: Register, columns: dict[str, str]
) -> tuple[pl.DataFrame, int, pl.Series]:
    """Parse CSV text; returns the cells from the heading row on, its index, and the ragged-row overflow."""
    sep = _sniff_separator(text)
    head = list(itertools.islice(csv.reader(io.StringIO(text), delimiter=sep), HEADER_SCAN_ROWS))
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
    except pl.exceptions.ComputeError:
        # A row with more cells than the heading row (an unquoted comma, usually): parse record by record so
        # that row can be quarantined rather than truncated.
        cells, extra = _read_ragged(text, sep, header_idx)
    return cells, header_idx, extra


def _read_ragged(text: str, sep: str, header_idx: int) -> tuple[pl.DataFrame, pl.Series]:
    records = list(csv.reader(io.StringIO(text), delimiter=sep))[header_idx:]
    width = len(records[0])
    cols: list[list[str | None]] = [[] for _ in range(width)]
    overflow: list[str | None] = []
    for rec in records:
        for i in range(width):
            cols[i].append(rec[i] if i < len(rec) and rec[i] != "" else None)
        overflow.append(sep.join(rec[width:]) if len(rec) > width else None)
    frame = pl.DataFrame({f"column_{i + 1}": c for i, c in enumerate(cols)}, schema_overrides=None)
    return frame.cast(pl.Utf8), pl.Series("_extra", overflow[1:], dtype=pl.Utf8)


def _read_xlsx(path: Path, register: Register) -> pl.DataFrame:
    import fastexcel  # noqa: PLC0415 - imported lazily: only XLSX inputs need it

    try:
        reader = fastexcel.read_excel(str(path))
        sheet = reader.load_sheet(0, header_row=None, dtypes="string")
        frame = sheet.to_polars()
    except Exception as exc:  # fastexcel raises its own hierarchy; any failure means the same to the user
        raise InputFileError(
            f"{register.name} file {path}: not a readable XLSX workbook ({type(exc).__name__}); "
            "open it in Excel and save it again as .xlsx, or export CSV"
        ) from None
    if frame.width == 0:
        raise InputFileError(f"{register.name} file {path}: the first worksheet is empty")
    return frame.cast(pl.Utf8)


def _known_headings(register: Register, columns: dict[str, str]) -> set[str]:
    keys = {heading_key(a) for f in register.fields for a in f.aliases}
    keys.update(heading_key(h) for h in columns.values())
    return keys


def _find_header(
    rows: list[tuple[object, ...]] | list[list[str]], register: Register, columns: dict[str, str], path: Path
) -> int:
    """Index of the heading row: the row among the first few that names the most known fields."""
    known = _known_headings(register, columns)
    best_idx, best_score = -1, 0
    for idx, row in enumerate(rows):
        score = len({heading_key(_cell(v)) for v in row} & known)
        if score > best_score:
            best_idx, best_score = idx, score
    if best_idx < 0 or best_score < 2:
        first = next((r for r in rows if any(_cell(v).strip() for v in r)), [])
        shown = ", ".join(repr(_cell(v)) for v in list(first)[:8])
        expected = ", ".join(
            repr(f.aliases[1] if len(f.aliases) > 1 else f.name) for f in register.fields if f.required_column
        )
        raise InputFileError(
            f"{register.name} file {path}: no heading row found in the first {HEADER_SCAN_ROWS} rows "
            f"(first row reads {shown or 'nothing'}); expected headings such as {expected}. "
            f"Is this the right file for {register.option}?"
        )
    return best_idx


def _unique_headings(headings: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, h in enumerate(headings):
        label = h.strip() or f"(column {i + 1})"
        n = seen.get(label, 0) + 1
        seen[label] = n
        out.append(label if n == 1 else f"{label} ({n})")
    return out


def map_headings(headings: list[str], register: Register, columns: dict[str, str], path: Path) -> dict[str, int]:
    """Canonical field → column index. The user's map is applied first, then the aliases in priority order.

    Raises:
        InputFileError: a mapped heading is absent, or a required field has no column.
    """
    keys = [heading_key(h) for h in headings]
    used: set[int] = set()
    mapping: dict[str, int] = {}
    shown = ", ".join(repr(h) for h in headings if h.strip())
    for name, heading in columns.items():
        want = heading_key(heading)
        idx = next((i for i, k in enumerate(keys) if k == want and i not in used), None)
        if idx is None:
            raise InputFileError(
                f"{register.name} file {path}: xref.toml maps {name} to heading {heading!r}, but the file has no "
                f"such heading; headings found: {shown}"
            )
        mapping[name] = idx
        used.add(idx)
    for f in register.fields:
        if f.name in mapping:
            continue
        for alias in f.aliases:
            want = heading_key(alias)
            idx = next((i for i, k in enumerate(keys) if k == want and i not in used), None)
            if idx is not None:
                mapping[f.name] = idx
                used.add(idx)
                break
    missing = [f for f in register.fields if f.required_column and f.name not in mapping]
    if missing:
        f = missing[0]
        looked = ", ".join(repr(a) for a in f.aliases[1:5])
        raise InputFileError(
            f"{register.name} file {path}: no column for required field {f.name} (looked for headings like "
            f"{looked}); headings found: {shown}. If one of them holds {f.name}, add to xref.toml: "
            f'[inputs.{register.name}.columns] {f.name} = "<that heading>"'
        )
    return mapping


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
) -> LoadedFile:
    # Cells beyond the last heading (an unquoted comma shifted the row): keep them aside so the row is
    # quarantined as extra_cells instead of being read with its values in the wrong columns.
    while len(headings) > 1 and not headings[-1].strip():
        last = body.columns[len(headings) - 1]
        cell = pl.col("s").str.strip_chars()
        extra = (
            pl.DataFrame({"s": body.get_column(last), "e": extra})
            .select(pl.concat_str([pl.when(cell != "").then(cell), pl.col("e")], separator=",", ignore_nulls=True))
            .to_series()
            .rename("_extra")
        )
        body = body.drop(last)
        headings = headings[:-1]
    labels = _unique_headings(headings)
    mapping = map_headings(labels, register, columns, path)
    body = body.rename(dict(zip(body.columns, labels, strict=True)))
    stripped = [pl.col(c).str.strip_chars() for c in labels]
    grid = body.select(
        pl.int_range(first_data_row, first_data_row + pl.len(), dtype=pl.Int64).alias("_row"),
        pl.all_horizontal([(s.is_null() | (s == "")) for s in stripped]).alias("_blank")
        if labels
        else pl.lit(True).alias("_blank"),
        pl.struct(labels).struct.json_encode().alias("_raw"),
        *[pl.col(labels[idx]).alias(name) for name, idx in mapping.items()],
    ).with_columns(extra.alias("_extra"))
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
        grid=grid,
    )
