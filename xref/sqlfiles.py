"""Find the SQL files, both in a checkout (``sql/`` beside ``xref/``) and in an installed wheel (``xref/sql``)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import xref
from xref.errors import SqlFileError


@cache
def sql_root() -> Path:
    """The folder holding ``schema/``, ``rules/`` and the other SQL files."""
    package = Path(xref.__file__).parent
    installed = package / "sql"
    if installed.is_dir():
        return installed
    return package.parent / "sql"


def read_sql(relative_path: str) -> str:
    """The text of one SQL file, e.g. ``read_sql("schema/001_case_file.sql")``."""
    return (sql_root() / relative_path).read_text(encoding="utf-8")


_NAME = re.compile(r"^-- name: (\w+)[ \t]*$", re.MULTILINE)


@cache
def named_queries(relative_path: str) -> dict[str, str]:
    """The statements of a file of named queries, by name: each follows a ``-- name: <name>`` line, ends with ``;``.

    As aiosql and yesql keep an application's queries: one file of plain SQL that sqlfluff lints, read once.
    Comment lines between the queries are left out.

    Raises:
        SqlFileError: a name is given twice, or names no statement.
    """
    parts = _NAME.split(read_sql(relative_path))
    out: dict[str, str] = {}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        sql = "\n".join(line for line in body.splitlines() if not line.startswith("--")).strip().removesuffix(";")
        if name in out or not sql.strip():
            raise SqlFileError(f"{relative_path}: query {name!r} is {'named twice' if name in out else 'empty'}")
        out[name] = sql.strip()
    return out
