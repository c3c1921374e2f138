"""Build the whole site: both languages with MkDocs, the root redirect, then publish atomically.

Everything is built in .build/ first; `site/` is replaced only when every step
succeeded, so a failed build never leaves a half-written site behind.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .load import load
from .model import LANGS
from .render import ui_strings

ROOT = Path(__file__).resolve().parent.parent
STAGE = ROOT / ".build"
SITE = ROOT / "site"


def _log_to_stderr() -> None:
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


def build_into(target: Path) -> None:
    """Build both languages and the root files into `target` (which must not exist)."""
    _log_to_stderr()
    for lang in LANGS:
        (STAGE / "docs" / lang).mkdir(parents=True, exist_ok=True)
        config = load_config(str(ROOT / f"mkdocs.{lang}.yml"), site_dir=str(target / lang))
        mkdocs_build(config)
    template = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True)
    (target / "index.html").write_text(
        template.get_template("root-index.html.j2").render(title=ui_strings("id")["site_name"]), encoding="utf-8"
    )


def publish(built: Path, dest: Path) -> None:
    """Replace dest with built: a rename on the same file system, never a partial copy."""
    old = dest.with_name(f".{dest.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        dest.rename(old)
    built.rename(dest)
    shutil.rmtree(old, ignore_errors=True)


def build(dest: Path = SITE) -> int:
    catalog, problems = load()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found; {dest} was left as it was.", file=sys.stderr)
        return 1
    work = dest.with_name(f".{dest.name}.new")
    shutil.rmtree(work, ignore_errors=True)
    try:
        build_into(work)
    except MkDocsException as err:
        shutil.rmtree(work, ignore_errors=True)
        print(f"build failed: {err}; {dest} was left as it was.", file=sys.stderr)
        return 1
    publish(work, dest)
    print(f"built {dest} ({len(catalog.entries)} entries, {len(LANGS)} languages)")
    return 0


def serve(lang: str) -> int:
    """Live preview of one language with MkDocs' dev server (reloads on catalog edits)."""
    (STAGE / "docs" / lang).mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(ROOT / f"mkdocs.{lang}.yml")]
    return subprocess.call(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
