"""Where the repository's folders are: one definition of each default location.

At the bottom of generator/'s imports (it imports nothing of the package), so the
command line, the loader, the renderers and the site builder all take their
defaults from here. lookup.py keeps its own copy of CATALOG in os.path terms,
because importing pathlib would cost it a large part of its start-up.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
CATALOG = ROOT / "catalog"
SITE = ROOT / "site"
SCHEMA = ROOT / "schema"
HAND_WRITTEN = ROOT / "docs"  # docs/{lang}/*.md, beside the generated pages
I18N = PACKAGE / "i18n"  # the interface's own words, {lang}.yml
TEMPLATES = PACKAGE / "templates"


def shown(path: Path) -> str:
    """The path as diagnostics show it: relative to the working folder when inside it.
    The file itself is not resolved: it may be a broken or looping link."""
    try:
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):
        return str(path)
