"""Writes the language-neutral files in a second process while MkDocs builds the languages.

The build renders everything itself: both languages' pages (MkDocs asks for them),
`/index.html`, the ticket links `/codes/{code}/` and the exports under `/api/v1/`
(site.build_into). Writing those last files (two per code, and a folder for each
ticket link) is work that can run beside MkDocs, which is single-threaded: a second
Python process gets them as one `marshal` dump on its standard input and writes them
under the site.

The second process only writes. It imports nothing beyond what Python starts with,
so it costs little more than Python's own start. Rendering a language there as well
would shorten the build's wall time a little but add CPU time: a second import of
Jinja2 and YAML, a second reading of the interface strings, the catalog pickled over
and the pages back (bench/build_cost.py measures the build against MkDocs alone).
Where there is no second core, the build writes the files itself after MkDocs.
"""
from __future__ import annotations

import marshal  # built into the interpreter (nothing to load), and both ends are the same Python
import os
import sys


class BackgroundFailed(Exception):
    """The second process failed (its traceback went to stderr)."""


def write_files(target: str | os.PathLike, files: dict[str, str]) -> None:
    """Write files ({path under target: text}) under target, making their folders."""
    made: set[str] = set()
    for rel, content in files.items():
        path = os.path.join(target, rel)
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(path, "w", encoding="utf-8") as out:
            out.write(content)


def start(target: os.PathLike, files: dict[str, str]) -> Background | InProcess:
    """The second process where there is a second core to run it on; else the same work done here."""
    if len(os.sched_getaffinity(0)) > 1:
        return Background(target, files)
    return InProcess(target, files)


class InProcess:
    """The same interface, for one core: the files are written when the build waits for them."""

    def __init__(self, target: os.PathLike, files: dict[str, str]) -> None:
        self.target, self.files = target, files

    def wait(self) -> None:
        write_files(self.target, self.files)

    def stop(self) -> None:
        pass


class Background:
    """The second process, writing files under target."""

    def __init__(self, target: os.PathLike, files: dict[str, str]) -> None:
        # Imported here, not above: the second process imports this module as well and needs neither.
        import subprocess
        import threading

        from .paths import ROOT  # the folder holding generator/, for the child's import path

        path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        self.child = subprocess.Popen([sys.executable, "-m", "generator.background", os.fspath(target)],
                                      stdin=subprocess.PIPE, cwd=ROOT, env={**os.environ, "PYTHONPATH": path})
        # A pipe holds less than the files: a thread feeds them while the build goes on.
        self.feeder = threading.Thread(target=self._feed, args=(marshal.dumps(files),), daemon=True)
        self.feeder.start()

    def _feed(self, data: bytes) -> None:
        try:
            self.child.stdin.write(data)
            self.child.stdin.close()
        except (BrokenPipeError, ValueError):
            pass  # the child died or was stopped; wait() reports it

    def wait(self) -> None:
        self.child.wait()
        self.feeder.join()
        if self.child.returncode != 0:
            raise BackgroundFailed(f"the second build process failed (exit {self.child.returncode})")

    def stop(self) -> None:
        self.child.kill()
        self.child.wait()
        self.feeder.join()


if __name__ == "__main__":
    write_files(sys.argv[1], marshal.loads(sys.stdin.buffer.read()))
