"""Reading built HTML in tests: links, ids and attributes, with the standard library's parser."""
from __future__ import annotations

from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path


class Page(HTMLParser):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.links: list[tuple[str, dict]] = []  # (href, attributes) of every <a>
        self.ids: set[str] = set()
        self.row_ids: list[str] = []
        self.assets: list[str] = []  # src/href of scripts, styles, images
        self.lang = None
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "a" and "href" in a:
            self.links.append((a["href"], a))
        elif tag == "tr" and "id" in a:
            self.row_ids.append(a["id"])
        elif tag in ("script", "img", "iframe") and a.get("src"):
            self.assets.append(a["src"])
        elif tag == "link" and a.get("href"):
            self.assets.append(a["href"])


@lru_cache(maxsize=None)
def parsed(path: Path) -> Page:
    """Each built page is parsed once per test run, however many tests read it."""
    return Page(path)


def resolve(page: Path, href: str) -> tuple[Path, str]:
    """The file an internal link points to, and its fragment."""
    target, _, fragment = href.partition("#")
    target = target.split("?")[0]
    path = (page.parent / target).resolve() if target else page
    if path.is_dir() or target.endswith("/"):
        path = path / "index.html"
    return path, fragment
