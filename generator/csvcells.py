"""A CSV cell as a spreadsheet will show it, never run it: the one guard every CSV the
generator writes shares (the catalog export, the reply packs).

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return (text.FORMULA_START) is
run as a formula by spreadsheets (OWASP "CSV Injection"); it gets a leading `'`, so spreadsheets
show it as text. The guard applies to a cell as written, whatever its origin.
"""
from __future__ import annotations

from .text import FORMULA_START


def as_text_cell(value: str) -> str:
    """The cell as a spreadsheet will show it, never run it: `'` before a formula's first character."""
    return "'" + value if value.startswith(FORMULA_START) else value
