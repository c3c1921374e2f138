"""The only MkDocs-specific code: a plugin that hands MkDocs the generator's pages from memory.

For one language it sets the navigation (on_config) and adds every generated page
and JSON index, rendered here, as a virtual file next to the hand-written docs/{lang}/
(on_files), so nothing generated is ever written into a docs folder. It notes the pages
it sees built (`built`), so that site.build_into gives each its Markdown twin (generator/twins.py).
`site.build_into` adds it with the catalog it loaded, and so does `make serve`
(generator/preview.py) with the catalog loaded afresh for every rebuild; running `mkdocs`
itself gets it through generator/mkdocs_hook.py, which loads the catalog here (and stops on
its problems). Swapping MkDocs for another builder means replacing this file, the hook,
preview.py and mkdocs*.yml, not the generator.
"""
from __future__ import annotations

from typing import Optional

import jinja2
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import render
from .load import load
from .model import Catalog


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates, compiled once per process. MkDocs makes a new Jinja environment for
    every build, one per language, and compiling the theme's ~90 templates again was half of a
    small catalog's build. Kept in memory only (a build writes nothing outside its destination);
    Jinja checks each template's source checksum, so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self.compiled.clear()

    cache_clear = clear  # the name bench/build_cost.py clears per-process caches by, as functools' caches have


COMPILED = CompiledTemplates()


class CatalogPages(BasePlugin):
    def __init__(self, catalog: Optional[Catalog] = None) -> None:
        super().__init__()
        self.fixed = catalog   # None: load the catalog afresh on every (re)build
        self.catalog: Optional[Catalog] = catalog
        # {page folder: (title, description)} of each page built but the not-found page (titles as the theme gets them).
        self.built: dict[str, tuple[str, str]] = {}

    def on_config(self, config):
        if self.fixed is None:
            self.catalog, problems = load()
            if problems:
                raise Abort("catalog has problems:\n" + "\n".join(map(str, problems)))
        config["nav"] = render.nav(self.catalog, config["theme"]["language"])
        return config

    def on_env(self, env: jinja2.Environment, config, files: Files) -> jinja2.Environment:
        env.bytecode_cache = COMPILED
        return env

    def on_files(self, files: Files, config) -> Files:
        lang = config["theme"]["language"]
        site = config.get("site_url")  # {root}{lang}/ when built with --site-url
        root = site[: -len(lang) - 1] if site and site.endswith(f"{lang}/") else None
        for path, content in render.pages(self.catalog, lang, site_url=root).items():
            files.append(File.generated(config, path, content=content))
        self.built = {}
        return files

    def on_page_context(self, context, page, config, nav):
        if not page.meta.get("not_found"):
            self.built[page.url] = (page.title or "", page.meta.get("description") or "")
        return context
