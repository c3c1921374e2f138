"""Build the whole site: both languages with MkDocs, the language-neutral root files, then publish.

`build_into` runs MkDocs once per language with the pages of an already loaded
catalog handed over in memory (generator/mkdocs_plugin.py). A second process
(generator/background.py) renders the other languages' pages while MkDocs builds
the first, and writes the language-neutral files: `/`, the ticket links and the
data under /api/v1/.
Builds are reproducible: dates come from SOURCE_DATE_EPOCH, by default the time
of the last commit.

`build` stages the result next to the destination, runs the pre-publish checks
(generator/verify.py) and only then swaps it with the destination in one step:
a failed build or check leaves the destination exactly as it was.
"""
from __future__ import annotations

import contextlib
import ctypes
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

from . import background, verify
from .diagnostics import report
from .load import DEFAULT_ROOT, load
from .mkdocs_plugin import CatalogPages
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


@contextlib.contextmanager
def _source_date_epoch():
    """MkDocs dates the sitemap and gzip headers with SOURCE_DATE_EPOCH; default it to the last commit."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    run = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
    epoch = run.stdout.strip() if run.returncode == 0 else ""
    if not epoch:
        yield  # not a git checkout: MkDocs uses the current time
        return
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def build_into(target: Path, catalog: Catalog, site_url: str | None = None) -> None:
    """Build both languages and the root files into `target` (which must not exist).

    site_url, the public address of the site root (ending in /), is optional: with it pages
    carry canonical links, and the sitemaps list absolute URLs with each page's translations."""
    _log_to_stderr()
    target.mkdir(parents=True)
    first, *others = LANGS
    # The other languages' pages and the root files are made meanwhile by a second process
    # (where there is a second core to run it on).
    helper = background.start(target, catalog, others, site_url)
    try:
        with _source_date_epoch():
            for lang in LANGS:
                # The generated pages come from memory (CatalogPages), not from the hook.
                config = load_config(str(ROOT / f"mkdocs.{lang}.yml"), site_dir=str(target / lang), hooks=[],
                                     site_url=f"{site_url}{lang}/" if site_url else None)
                pages = None if lang == first else helper.pages(lang)
                config.plugins["catalog-pages"] = CatalogPages(catalog, pages)
                mkdocs_build(config)
                # Our not-found page replaces the theme's: it finds its base wherever it is served.
                shutil.copyfile(target / lang / "404" / "index.html", target / lang / "404.html")
    except BaseException:
        helper.stop()
        raise
    helper.wait()
    # Hosts that serve one 404 page for the whole site get the Indonesian one;
    # it finds its way back to the site root and switches to English under /en/.
    shutil.copyfile(target / "id" / "404.html", target / "404.html")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def publish(built: Path, dest: Path) -> None:
    """Replace dest with built. Readers of dest see the old site or the new one, never a mix."""
    if dest.exists() and _exchange(built, dest):
        shutil.rmtree(built)  # now holds the old site
        return
    old = dest.with_name(f".{dest.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        dest.rename(old)
    built.rename(dest)
    shutil.rmtree(old, ignore_errors=True)


def build(dest: Path = SITE, catalog_root: Path = DEFAULT_ROOT, site_url: str | None = None) -> int:
    """Build, check, publish into dest; 0 on success, 1 (dest untouched) on any problem."""
    catalog, problems = load(catalog_root)
    if report(problems, f"{dest} was left as it was."):
        return 1
    dest = dest.absolute()
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = dest.with_name(f".{dest.name}.new")
    shutil.rmtree(work, ignore_errors=True)
    try:
        build_into(work, catalog, site_url)
    except (MkDocsException, background.BackgroundFailed) as err:
        shutil.rmtree(work, ignore_errors=True)
        print(f"build failed: {err}; {dest} was left as it was.", file=sys.stderr)
        return 1
    found = verify.problems(work, verify.read_list(verify.list_path(catalog_root)), site_url)
    if found:
        for problem in found:
            print(f"check: {problem}", file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)
        print(f"{len(found)} problem(s) in the built site; {dest} was left as it was.", file=sys.stderr)
        return 1
    publish(work, dest)
    print(f"built {dest} ({len(catalog.entries)} entries, {len(LANGS)} languages, checked)")
    return 0


def update_url_list(catalog_root: Path = DEFAULT_ROOT) -> int:
    """Record every URL the current catalog publishes in published-urls.txt."""
    catalog, problems = load(catalog_root)
    if report(problems):
        return 1
    with tempfile.TemporaryDirectory(prefix="wa-errors-urls-") as tmp:
        build_into(Path(tmp) / "site", catalog)
        path = verify.list_path(catalog_root)
        count = verify.write_list(Path(tmp) / "site", path)
    print(f"{path}: {count} URLs")
    return 0


def serve(lang: str) -> int:
    """Live preview of one language with MkDocs' dev server (reloads on catalog edits)."""
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(ROOT / f"mkdocs.{lang}.yml")]
    return subprocess.call(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
