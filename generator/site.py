"""Build the whole site: both languages with MkDocs, the language-neutral root files, then publish.

`build_into` runs MkDocs once per language with the pages of an already loaded
catalog handed over in memory (generator/mkdocs_plugin.py), and renders the
language-neutral files: `/`, the ticket links, `/llms.txt` and the data under /api/v1/. A second
process (generator/background.py) writes those while MkDocs builds. After each language's
MkDocs build (which empties the language's folder first) its Markdown twins and llms.txt
(generator/twins.py) are written there, by another such process while the next language builds.
Builds are reproducible: dates come from SOURCE_DATE_EPOCH, by default the time
of the last commit.

`build` stages the result next to the destination, runs the pre-publish checks
(generator/verify.py) and only then swaps it with the destination in one step:
a failed build or check leaves the destination exactly as it was.

A swap throws away what the destination held, so `build` only publishes into a
folder it may replace (`refusal`): one that does not exist yet, is empty, or was
made by a build (it holds the MARKER file every build writes). It refuses the file
system root, the home folder, the repository, the catalog and any folder holding
one of them, a file and a symbolic link, before writing anything. Builds into the
same folder take turns (an advisory lock on the folder it sits in); each first
clears what a killed build left beside the destination.
"""
from __future__ import annotations

import contextlib
import ctypes
import fcntl
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

from . import background, export, render, twins, verify
from .diagnostics import report
from .load import load
from .mkdocs_plugin import CatalogPages
from .model import LANGS, Catalog
from .paths import CATALOG, ROOT, SITE

# Written into the root of every built site: a folder holding it may be replaced by the next build.
# A dotfile without .html/.json/.csv, so it is no published URL (verify.published_urls); fixed text,
# so builds stay byte-identical.
MARKER = ".wa-errors-site"
MARKER_TEXT = ("This folder was made by the WhatsApp error-code site builder (python -m generator build).\n"
               "The next build replaces everything in it. Builds never replace a folder without this file.\n")
# What a site built before the marker existed certainly holds: such a folder is accepted once, and
# the build that replaces it leaves the marker.
OLD_BUILD = ("index.html", "id/404.html", "api/v1/codes.json")


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
    # Written meanwhile by a second process (where there is a second core to run it on).
    helpers = [background.start(target, {**render.root_files(catalog, site_url), **twins.root_files(catalog, site_url),
                                         **export.api_files(catalog)})]
    try:
        with _source_date_epoch():
            for lang in LANGS:
                # The generated pages come from memory (CatalogPages), not from the hook.
                config = load_config(str(ROOT / f"mkdocs.{lang}.yml"), site_dir=str(target / lang), hooks=[],
                                     site_url=f"{site_url}{lang}/" if site_url else None)
                pages = config.plugins["catalog-pages"] = CatalogPages(catalog)
                mkdocs_build(config)
                # Our not-found page replaces the theme's: it finds its base wherever it is served.
                shutil.copyfile(target / lang / "404" / "index.html", target / lang / "404.html")
                # Written after MkDocs, which empties the folder first: in no search index or sitemap.
                helpers.append(background.start(target / lang, twins.files(catalog, lang, site_url, pages.built)))
        for helper in helpers:
            helper.wait()
    except BaseException:
        for helper in helpers:
            helper.stop()
        raise
    # Hosts that serve one 404 page for the whole site get the Indonesian one;
    # it finds its way back to the site root and switches to English under /en/.
    shutil.copyfile(target / "id" / "404.html", target / "404.html")
    (target / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


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
    """Replace dest with built. Readers of dest see the old site or the new one, never a mix.
    The old site is deleted afterwards; what cannot be is cleared by the next build."""
    if dest.exists() and _exchange(built, dest):
        _remove(built, ignore_errors=True)  # now holds the old site
        return
    old = dest.with_name(f".{dest.name}.old")
    _remove(old)
    if dest.exists():
        dest.rename(old)
    built.rename(dest)
    _remove(old, ignore_errors=True)


def _remove(path: Path, ignore_errors: bool = False) -> None:
    """Delete a file, link or folder tree if it is there (a killed build's leftovers may be any of them)."""
    try:
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
    except OSError:
        if not ignore_errors:
            raise


def _holds(folder: Path, path: Path) -> bool:
    return path == folder or folder in path.parents


def refusal(dest: Path, catalog_root: Path) -> str | None:
    """Why dest must not be replaced by a build, or None if it may be. Reads only, writes nothing.

    dest is absolute; symbolic links in its parents are followed, the last part must not be one."""
    if dest.is_symlink():
        return f"{dest} is a symbolic link; give the folder it points to ({os.path.realpath(dest)}) instead"
    real = dest.parent.resolve() / dest.name
    if real.exists() and not real.is_dir():
        return f"{dest} is a file, not a folder; give a folder for the site"
    existing = next(p for p in (real, *real.parents) if p.exists())
    if not existing.is_dir():
        return f"{existing} is a file, so {dest} cannot be a folder; give another place for the site"
    if real == Path(real.anchor):
        return f"{dest} is the root of the file system; give a folder of its own for the site"
    catalog = catalog_root.resolve()
    for what, path in (("the repository", ROOT), ("the catalog", catalog), ("your home folder", Path.home().resolve())):
        if real == path:
            return f"{dest} is {what}; give a folder of its own for the site"
        if _holds(real, path):
            return f"{dest} holds {what} ({path}); give a folder of its own for the site"
    if _holds(catalog, real):
        return f"{dest} is inside the catalog ({catalog}); give a folder outside it"
    if not real.exists() or (real / MARKER).is_file() or not any(real.iterdir()):
        return None
    if all((real / name).is_file() for name in OLD_BUILD):
        return None  # built before builds left a marker; the swap replaces it with a marked one
    return (f"{dest} holds files that no build made (it has no {MARKER}); give a new or empty folder, "
            "or move those files away first (a site from an old version of this builder: delete it)")


@contextlib.contextmanager
def _turn(dest: Path):
    """Hold the lock of dest's parent folder for the whole build; a second build waits for the first.
    A lock on the folder itself leaves no lock file behind, and the kernel drops it if the build dies."""
    fd = os.open(dest.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build in {dest.parent} to finish", file=sys.stderr)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def build(dest: Path = SITE, catalog_root: Path = CATALOG, site_url: str | None = None) -> int:
    """Build, check, publish into dest; 0 on success, 1 (dest untouched) on any problem,
    2 (nothing written) if dest is not a folder a build may replace (see `refusal`)."""
    dest = Path(os.path.abspath(dest))
    try:
        refused = refusal(dest, catalog_root)
    except OSError as err:
        refused = f"{dest} cannot be inspected ({err.strerror})"
    if refused:
        print(f"not published: {refused}.", file=sys.stderr)
        return 2
    catalog, problems = load(catalog_root)
    if report(problems, f"{dest} was left as it was."):
        return 1
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        with _turn(dest):
            return _build_and_publish(dest, catalog, catalog_root, site_url)
    except OSError as err:
        print(f"not published: {err}; {dest} was left as it was.", file=sys.stderr)
        return 1


def _build_and_publish(dest: Path, catalog: Catalog, catalog_root: Path, site_url: str | None) -> int:
    """The build proper, holding dest's lock: no other build touches dest or its staging folders.
    It starts by clearing what a killed build left there."""
    work = dest.with_name(f".{dest.name}.new")
    _remove(dest.with_name(f".{dest.name}.old"))
    _remove(work)
    try:
        try:
            build_into(work, catalog, site_url)
        except (MkDocsException, background.BackgroundFailed) as err:
            print(f"build failed: {err}; {dest} was left as it was.", file=sys.stderr)
            return 1
        found = verify.problems(work, verify.read_list(verify.list_path(catalog_root)), site_url)
        if found:
            for problem in found:
                print(f"check: {problem}", file=sys.stderr)
            print(f"{len(found)} problem(s) in the built site; {dest} was left as it was.", file=sys.stderr)
            return 1
        # Asked again: while the site was built, something other than a build may have put a file or link there.
        refused = refusal(dest, catalog_root)
        if refused:
            print(f"not published: {refused}.", file=sys.stderr)
            return 2
        publish(work, dest)
    finally:
        _remove(work, ignore_errors=True)
    print(f"built {dest} ({len(catalog.entries)} entries, {len(LANGS)} languages, checked)")
    return 0


def update_url_list(catalog_root: Path = CATALOG) -> int:
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
