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
