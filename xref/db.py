"""The only module that talks to DuckDB: connections, bound-parameter queries, frame registration."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from xref.errors import CaseFileError, ResourceError

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def quote_identifier(name: str) -> str:
    """Quote a table or column name for SQL (identifiers cannot be bound parameters)."""
    return '"' + name.replace('"', '""') + '"'


class Database:
    """A DuckDB connection; every value reaches SQL as a bound parameter."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        threads: int | None = None,
        memory_limit: str | None = None,
        temp_directory: Path | None = None,
    ) -> None:
        config: dict[str, Any] = {}
        if threads:
            config["threads"] = threads
        if memory_limit:
            config["memory_limit"] = memory_limit
        if temp_directory:
            config["temp_directory"] = str(temp_directory)
        self.path = path
        self.memory_limit = memory_limit
        self.temp_directory = temp_directory
        try:
            self._con = duckdb.connect(str(path) if path else ":memory:", config=config)
        except duckdb.IOException as exc:
            raise CaseFileError(_lock_message(path, exc)) from exc
        except duckdb.Error as exc:
            raise CaseFileError(
                f"cannot open case file {path} ({_first_line(exc)}); restore it from a backup, or give --db a new file"
            ) from exc
        # DuckDB draws its own progress bar on long queries; library code never prints (the CLI shows progress)
        self._con.execute("set enable_progress_bar = false")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """DuckDB's failures that are the machine's or the file's, not xref's, as one line naming the fix."""
        try:
            yield
        except duckdb.OutOfMemoryException as exc:
            raise ResourceError(
                f"DuckDB needed more memory than its limit ({self.memory_limit or 'its default'}) allows "
                f"({_first_line(exc)}); give a larger --memory-limit, e.g. 4GB, or close other programs"
            ) from exc
        except duckdb.Error as exc:
            text = str(exc)
            if "No space left on device" in text or "Disk quota exceeded" in text:
                where = self.path or self.temp_directory or "the temporary folder"
                raise ResourceError(
                    f"the disk is full while writing {where} ({_first_line(exc)}); free some space, or give --out "
                    "(and --db) a folder on a disk with room"
                ) from exc
            if self.path is not None and any(m in text for m in _DAMAGED):
                raise CaseFileError(
                    f"case file {self.path} is damaged ({_first_line(exc)}); restore it from a backup, or give --db a "
                    "new file to start a new case file"
                ) from exc
            raise

    def query(self, sql: str, params: Mapping[str, Any] | None = None) -> pl.DataFrame:
        """Run a query with named ``$params`` and return the result as a polars frame."""
        with self._errors():
            frame: pl.DataFrame = self._con.sql(sql, params=dict(params) if params else None).pl()
        return frame

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a query and return its rows as tuples."""
        with self._errors():
            return self._con.sql(sql, params=dict(params) if params else None).fetchall()

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> None:
        """Run a statement (DDL or DML) with named ``$params``; the result is discarded."""
        with self._errors():
            self._con.execute(sql, dict(params) if params else None)

    def execute_script(self, sql: str) -> None:
        """Run several statements with no parameters (schema files)."""
        with self._errors():
            for statement in self._con.extract_statements(sql):
                self._con.execute(statement)

    def register(self, name: str, frame: pl.DataFrame) -> None:
        """Expose a polars frame as a view called ``name``."""
        _check_identifier(name)
        self._con.register(name, frame)

    def create_table(self, name: str, frame: pl.DataFrame, *, replace: bool = True) -> None:
        """Materialise a polars frame as a table called ``name``."""
        _check_identifier(name)
        view = f"__xref_frame_{name}"
        self._con.register(view, frame)
        try:
            verb = "create or replace table" if replace else "create table"
            with self._errors():
                self._con.execute(f"{verb} {quote_identifier(name)} as select * from {quote_identifier(view)}")
        finally:
            self._con.unregister(view)

    def insert_frame(self, table: str, frame: pl.DataFrame) -> None:
        """Append a polars frame to an existing table, matching columns by name."""
        _check_identifier(table)
        if frame.is_empty():
            return
        view = f"__xref_insert_{table}"
        self._con.register(view, frame)
        try:
            cols = ", ".join(quote_identifier(c) for c in frame.columns)
            with self._errors():
                self._con.execute(
                    f"insert into {quote_identifier(table)} ({cols}) select {cols} from {quote_identifier(view)}"
                )
        finally:
            # In an aborted transaction unregister fails too; the insert's own error is the one to report.
            with contextlib.suppress(duckdb.Error):
                self._con.unregister(view)

    def table(self, name: str) -> pl.DataFrame:
        """Read a whole table or view as a polars frame."""
        _check_identifier(name)
        return self.query(f"select * from {quote_identifier(name)}")

    def has_table(self, name: str) -> bool:
        """Whether a table or view of that name exists."""
        found = self.rows("select count(*) from information_schema.tables where table_name = $name", {"name": name})
        return bool(found[0][0])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block in one transaction: all of it is kept, or none of it."""
        self._con.execute("begin transaction")
        try:
            yield
        except BaseException:
            with contextlib.suppress(duckdb.Error):  # a failed commit has already rolled back
                self._con.execute("rollback")
            raise
        with self._errors():
            self._con.execute("commit")

    def close(self) -> None:
        """Close the connection (a file-backed database is checkpointed)."""
        with self._errors():
            self._con.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_DAMAGED = ("Corrupt database", "checksum", "Could not read enough bytes", "not a valid DuckDB database")
"""What DuckDB says of a damaged or truncated database file."""


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _check_identifier(name: str) -> None:
    if not _IDENT.match(name):
        raise ValueError(f"not a safe identifier: {name!r}")


def _lock_message(path: Path | None, exc: Exception) -> str:
    text = str(exc)
    if "lock" in text.lower():
        return (
            f"case file {path} is in use by another xref run ({text.splitlines()[0]}); "
            "wait for it to finish, or pass --db with another file"
        )
    if any(m in text for m in _DAMAGED):
        return (
            f"case file {path} is damaged or is not a DuckDB file ({text.splitlines()[0]}); restore it from a backup, "
            "or give --db a new file to start a new case file"
        )
    return f"cannot open case file {path} ({text.splitlines()[0]}); check the path, or give --db another file"
