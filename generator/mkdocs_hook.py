"""The MkDocs hook behind `make serve` (live preview): regenerate pages on every reload.

On each (re)build it loads the catalog, writes this language's pages into
docs_dir (only files that changed, so the dev server does not loop) and sets the
navigation. `python -m generator build` does the same itself, once, and passes
the pages to MkDocs without this hook.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import Abort  # noqa: E402

from generator import render  # noqa: E402
from generator.load import load  # noqa: E402


def on_config(config, **_):
    lang = config["theme"]["language"]
    catalog, problems = load()
    if problems:
        raise Abort("catalog has problems:\n" + "\n".join(map(str, problems)))
    render.write_tree(Path(config["docs_dir"]), render.pages(catalog, lang), lang)
    config["nav"] = render.nav(catalog, lang)
    return config
