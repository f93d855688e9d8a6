"""xref: cross-reference a force's registers and flag possible procurement conflicts for review."""

from xref.errors import XrefError

__version__ = "0.1.0"

__all__ = ["XrefError", "__version__"]
