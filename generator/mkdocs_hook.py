"""The MkDocs hook behind `make serve` (live preview): the catalog pages, regenerated on every reload.

`python -m generator build` does not use it: it adds the same plugin itself, with
the catalog it has already loaded (see generator/site.py).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.mkdocs_plugin import CatalogPages  # noqa: E402

_pages = CatalogPages()
on_config = _pages.on_config
on_files = _pages.on_files
