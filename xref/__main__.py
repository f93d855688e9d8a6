"""``python -m xref``."""

from xref.cli import cli

cli()
