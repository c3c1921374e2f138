"""Build the whole site: both languages with MkDocs, the language-neutral root files, then publish.

`build_into` renders each language's pages from an already loaded catalog into a
private temporary docs folder and runs MkDocs on it; nothing is shared between
two builds running at once. `build` stages the result next to the destination
and replaces the destination in one rename, only when every step succeeded: a
failed build never leaves a half-written site behind.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from . import export, render
from .load import DEFAULT_ROOT, load
from .model import LANGS, Catalog

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"


def _log_to_stderr() -> None:
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


def _write(target: Path, files: dict[str, str]) -> None:
    for rel, content in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def build_into(target: Path, catalog: Catalog) -> None:
    """Build both languages and the root files into `target` (which must not exist)."""
    _log_to_stderr()
    with tempfile.TemporaryDirectory(prefix="wa-errors-docs-") as docs:
        for lang in LANGS:
            docs_dir = Path(docs) / lang
            render.write_tree(docs_dir, render.pages(catalog, lang), lang)
            # The pages are already written, so the live-preview hook is not needed here.
            config = load_config(
                str(ROOT / f"mkdocs.{lang}.yml"), docs_dir=str(docs_dir), site_dir=str(target / lang),
                nav=render.nav(catalog, lang), hooks=[],
            )
            mkdocs_build(config)
            # Our not-found page replaces the theme's: it finds its base wherever it is served.
            shutil.copyfile(target / lang / "404" / "index.html", target / lang / "404.html")
    _write(target, render.root_files(catalog))
    _write(target, export.api_files(catalog))
    # Hosts that serve one 404 page for the whole site get the Indonesian one;
    # it finds its way back to the site root and switches to English under /en/.
    shutil.copyfile(target / "id" / "404.html", target / "404.html")


def publish(built: Path, dest: Path) -> None:
    """Replace dest with built: a rename on the same file system, never a partial copy."""
    old = dest.with_name(f".{dest.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        dest.rename(old)
    built.rename(dest)
    shutil.rmtree(old, ignore_errors=True)


def build(dest: Path = SITE, catalog_root: Path = DEFAULT_ROOT) -> int:
    catalog, problems = load(catalog_root)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found; {dest} was left as it was.", file=sys.stderr)
        return 1
    work = dest.with_name(f".{dest.name}.new")
    shutil.rmtree(work, ignore_errors=True)
    try:
        build_into(work, catalog)
    except MkDocsException as err:
        shutil.rmtree(work, ignore_errors=True)
        print(f"build failed: {err}; {dest} was left as it was.", file=sys.stderr)
        return 1
    publish(work, dest)
    print(f"built {dest} ({len(catalog.entries)} entries, {len(LANGS)} languages)")
    return 0


def serve(lang: str) -> int:
    """Live preview of one language with MkDocs' dev server (reloads on catalog edits)."""
    (ROOT / ".build" / "docs" / lang).mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(ROOT / f"mkdocs.{lang}.yml")]
    return subprocess.call(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
