"""The only MkDocs-specific code: a hook that asks the generator for pages.

On every (re)build it loads the catalog, writes this language's pages into
docs_dir (only files that changed) and sets the navigation. Swapping MkDocs for
another builder means replacing this file, not the generator.
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


def on_page_markdown(markdown, page, **_):
    # Generated pages are searched by our own worker; keep lunr's index small.
    page.meta.setdefault("search", {"exclude": True})
    return markdown
