"""Find the SQL files, both in a checkout (``sql/`` beside ``xref/``) and in an installed wheel (``xref/sql``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import xref


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
