"""Where `generator report --out FOLDER` may write, and how it replaces an earlier run's files.

A run writes only into a folder that is new, empty, or made by an earlier run (it holds MARK,
which lists the files that run wrote). Before writing, the earlier run's files are removed, so no
list from last time is left beside this run's. A link is never followed: the folder itself may
not be one, and a file name that is one is removed, not written through. The input file is never
overwritten, and the repository and its catalog are refused by name.
"""
from __future__ import annotations

from pathlib import Path

from .paths import CATALOG, ROOT

MARK = ".wa-errors-report"
MARK_HEAD = "Made by python -m generator report; the next run into this folder replaces these files:\n"


class Refused(Exception):
    """The folder cannot take this run's files; the message says why, in one line."""


def check(folder: Path, source: Path) -> None:
    """Refuse the folder (Refused) unless this run may write into it; nothing is changed."""
    if folder.is_symlink():
        raise Refused(f"{folder} is a link; give a real folder (a new one, or one an earlier run made)")
    real = folder.resolve()
    for named, what in ((ROOT, "the repository"), (CATALOG, "the catalog")):
        if real == named.resolve() or named.resolve().is_relative_to(real):
            raise Refused(f"{folder} is {what} or holds it; give a new folder for the report's files")
    if folder.exists() and not folder.is_dir():
        raise Refused(f"{folder} is a file, not a folder; give a new folder for the report's files")
    if folder.is_dir() and not (folder / MARK).is_file() and any(folder.iterdir()):
        raise Refused(f"{folder} holds other files and was not made by an earlier run; give a new or empty folder")
    if source.resolve().parent == real and source.name != MARK:
        raise Refused(f"{folder} holds the report being read; give another folder, so that it is never overwritten")


def replace(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write files {name: text} into the folder (checked), after removing an earlier run's."""
    folder.mkdir(parents=True, exist_ok=True)
    mark = folder / MARK
    earlier = mark.read_text(encoding="utf-8").splitlines()[1:] if mark.is_file() else []
    for name in earlier + list(files):
        path = folder / name
        if "/" not in name and name not in ("", ".", "..") and (path.is_symlink() or path.is_file()):
            path.unlink()
    mark.write_text(MARK_HEAD + "".join(f"{name}\n" for name in files), encoding="utf-8")
    written = []
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
        written.append(folder / name)
    return written
