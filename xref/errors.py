"""The xref error hierarchy. Each error is a problem a user can fix; its message says where and how."""

from __future__ import annotations


class XrefError(Exception):
    """Root of every error xref raises for a problem in its inputs, configuration or case file."""


class ConfigError(XrefError):
    """The configuration file or a command-line option is invalid."""


class InputFileError(XrefError):
    """An input file cannot be read: missing, unreadable, wrong format, or a required column is absent."""


class ReconciliationError(XrefError):
    """Rows read did not equal rows loaded plus rows quarantined for some file (a bug: never silently lose rows)."""


class SqlFileError(XrefError):
    """A SQL file under sql/ is malformed: bad header, undeclared parameter, duplicate rule id."""


class CaseFileError(XrefError):
    """The persistent case file cannot be opened or is locked by another run."""


class ResourceError(XrefError):
    """The machine ran short: the disk is full, or DuckDB needed more memory than its limit allows."""


class OutputError(XrefError):
    """The output folder (or a file in it) cannot be written."""


def describe_os_error(exc: OSError) -> str:
    """What an operating-system error means, in a few words, naming the file it was about."""
    import errno  # noqa: PLC0415 - only needed on a failure

    what = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EACCES: "permission denied",
        errno.EPERM: "not permitted",
        errno.EROFS: "the folder is on a read-only disk",
        errno.ENOENT: "no such file or folder",
        errno.ENOTDIR: "a file stands where a folder should be",
        errno.EISDIR: "a folder stands where a file should be",
    }.get(exc.errno or -1, exc.strerror)
    if what is None:  # raised by a library in Rust (polars, DuckDB) with only a message: "No space left (os error 28)"
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        what = "the disk is full" if "os error 28" in text or "No space left" in text else text
    return f"{what}: {exc.filename}" if exc.filename else what
