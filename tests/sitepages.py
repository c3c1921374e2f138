"""Reading built HTML in tests: the pre-publish checks' own page reader (generator/verify.Page),
each page parsed once per run, and links resolved as the checks resolve them."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from generator.verify import Page


@lru_cache(maxsize=None)
def parsed(path: Path) -> Page:
    return Page(str(path))


def resolve(page: Path, href: str) -> tuple[Path, str]:
    """The file an internal link on `page` points to, and its fragment."""
    target, _, fragment = href.partition("#")
    target = target.split("?")[0]
    path = (page.parent / target).resolve() if target else page
    if path.is_dir() or target.endswith("/"):
        path = path / "index.html"
    return path, fragment
