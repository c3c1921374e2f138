"""Work a second process does while MkDocs builds the first language.

MkDocs is single-threaded and takes most of a build. Meanwhile a second Python
process renders the pages of the other languages (handed back to the parent as
a pickle on its standard output) and writes the language-neutral files:
`/index.html`, the ticket links `/codes/{code}/` and the exports under
`/api/v1/`, about 700 files. That takes the generator's own work out of the
build's wall time; bench/build_cost.py measures it. The catalog reaches the
child as a pickle on its standard input (with the site's address, if given), so
it works on exactly what the parent loaded (test catalogs included).
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

from .model import Catalog
from .paths import ROOT as PACKAGE_PARENT  # the folder holding generator/, for the child's import path


class BackgroundFailed(Exception):
    """The second process failed (its traceback went to stderr)."""


def write_root_files(target: Path, catalog: Catalog, site_url: str | None) -> None:
    """Render the root files and the API exports and write them under target."""
    from . import export, render

    made: set[str] = set()
    for files in (render.root_files(catalog, site_url), export.api_files(catalog)):
        for rel, content in files.items():
            path = os.path.join(target, rel)
            folder = os.path.dirname(path)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            with open(path, "w", encoding="utf-8") as out:
                out.write(content)


def start(target: Path, catalog: Catalog, langs: list[str], site_url: str | None) -> Background | InProcess:
    """The second process where there is a second core to run it on; else the same work done here."""
    if len(os.sched_getaffinity(0)) > 1:
        return Background(target, catalog, langs, site_url)
    return InProcess(target, catalog, site_url)


class InProcess:
    """The same interface, for one core: pages rendered when asked, root files written at the end."""

    def __init__(self, target: Path, catalog: Catalog, site_url: str | None) -> None:
        self.target, self.catalog, self.site_url = target, catalog, site_url

    def pages(self, lang: str) -> dict[str, str]:
        from . import render

        return render.pages(self.catalog, lang, self.site_url)

    def wait(self) -> None:
        write_root_files(self.target, self.catalog, self.site_url)

    def stop(self) -> None:
        pass


class Background:
    """The second process: renders `langs` and writes the root files of catalog into target."""

    def __init__(self, target: Path, catalog: Catalog, langs: list[str], site_url: str | None) -> None:
        path = os.pathsep.join(filter(None, [str(PACKAGE_PARENT), os.environ.get("PYTHONPATH")]))
        self.child = subprocess.Popen([sys.executable, "-m", "generator.background", str(target), *langs],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=PACKAGE_PARENT,
                                      env={**os.environ, "PYTHONPATH": path})
        self.output = b""
        # Pipes hold less than the pickles: threads feed the catalog and collect the pages meanwhile.
        self.threads = [threading.Thread(target=self._feed, args=(pickle.dumps((catalog, site_url)),), daemon=True),
                        threading.Thread(target=self._collect, daemon=True)]
        for thread in self.threads:
            thread.start()
        self._pages: dict[str, dict[str, str]] | None = None

    def _feed(self, data: bytes) -> None:
        try:
            self.child.stdin.write(data)
            self.child.stdin.close()
        except (BrokenPipeError, ValueError):
            pass  # the child died or was stopped; wait() reports it

    def _collect(self) -> None:
        self.output = self.child.stdout.read()

    def pages(self, lang: str) -> dict[str, str]:
        """The pages of lang, as render.pages gives them (waits for the child if need be)."""
        if self._pages is None:
            self.threads[1].join()
            try:
                self._pages = pickle.loads(self.output)
            except (pickle.UnpicklingError, EOFError):
                self.wait()  # the child stopped before it handed the pages over: this raises
                raise BackgroundFailed("the second build process handed over no pages") from None
        return self._pages[lang]

    def wait(self) -> None:
        self.child.wait()
        for thread in self.threads:
            thread.join()
        if self.child.returncode != 0:
            raise BackgroundFailed(f"the second build process failed (exit {self.child.returncode})")

    def stop(self) -> None:
        self.child.kill()
        self.child.wait()
        for thread in self.threads:
            thread.join()


def _child(target: Path, langs: list[str]) -> None:
    from . import render

    catalog, site_url = pickle.load(sys.stdin.buffer)
    pickle.dump({lang: render.pages(catalog, lang, site_url) for lang in langs}, sys.stdout.buffer)
    sys.stdout.buffer.close()  # the parent has the pages now, before the root files are written
    write_root_files(target, catalog, site_url)


if __name__ == "__main__":
    _child(Path(sys.argv[1]), sys.argv[2:])
