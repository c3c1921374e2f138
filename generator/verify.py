"""Checks on a built site, run before it is published: a site that fails them is never published.

- every internal link and #anchor resolves to a file and an id in it, and so do
  canonical, alternate and prev/next links (canonical ones absolute under the site's address, if given);
- every link in the pages' Markdown twins and the llms.txt files that stays on the site
  resolves to a file (absolute ones only under the site's address, if given);
- no URL starts at the server root, and no page loads anything from another origin;
- every URL of the committed list of published URLs still exists. The list,
  published-urls.txt, lives beside the catalog folder (the repository root).
"""
from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

# Theme files and search data change with every theme release: not permanent addresses.
_NOT_PERMANENT = re.compile(r"(^|/)(assets|search)/|(^|/)sitemap\.xml(\.gz)?$")
_EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.I)
# A Markdown link's destination (not one in text escaped as \]), outside code spans and fenced blocks.
_MD_LINK = re.compile(r"(?<!\\)\]\(\s*<?([^)\s>]+)")
_MD_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)


class Page(HTMLParser):
    """One HTML file as the checks see it: links, loaded assets, ids, table rows, language."""

    def __init__(self, path: str) -> None:
        super().__init__(convert_charrefs=False)  # the text between tags is never read: no need to decode it
        self.links: list[tuple[str, dict]] = []  # (href, attributes) of every <a>
        self.ids: set[str] = set()
        self.row_ids: list[str] = []
        self.assets: list[str] = []  # src/href of scripts, styles, images
        self.refs: list[str] = []  # <link rel=canonical|alternate|prev|next>: addresses, not loaded
        self.lang = None
        with open(path, encoding="utf-8") as f:
            self.feed(f.read())

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
            if set((a.get("rel") or "").split()) & {"canonical", "alternate", "prev", "next"}:
                self.refs.append(a["href"])
            else:
                self.assets.append(a["href"])


class Site:
    """A built site's files and folders, read once, and its pages, each parsed once when first
    needed: resolving its 20,000 links then asks the disk nothing."""

    def __init__(self, root: Path) -> None:
        self.root = str(root.resolve())
        self.files: set[str] = set()
        self.folders: set[str] = set()
        for folder, _, names in os.walk(self.root):
            self.folders.add(folder)
            self.files.update(os.path.join(folder, name) for name in names)
        self._pages: dict[str, Page] = {}

    def page(self, path: str) -> Page:
        if path not in self._pages:
            self._pages[path] = Page(path)
        return self._pages[path]

    def resolve(self, page: str, href: str) -> tuple[str, str]:
        """The file an internal link on page points to (an absolute path, which may not exist), and its fragment."""
        target, _, fragment = href.partition("#")
        target = target.split("?")[0]
        path = os.path.normpath(os.path.join(os.path.dirname(page), target)) if target else page
        if path in self.folders or target.endswith("/"):
            path = os.path.join(path, "index.html")
        return path, fragment

    def html_files(self) -> list[str]:
        """Every page, except the 404.html copies: they are served at any address and set
        their base in the browser; their original, {lang}/404/index.html, is checked."""
        return sorted(p for p in self.files if p.endswith(".html") and os.path.basename(p) != "404.html")


def broken_links(site: Path, site_url: str | None = None) -> list[str]:
    """Links and anchors that lead nowhere, URLs from the server root, loads from other origins.
    site_url: the site's public address; canonical links may be absolute under it."""
    built = Site(site)
    broken = []
    for path in built.html_files():
        page = built.page(path)
        rel = os.path.relpath(path, built.root)
        for href, _ in page.links:
            if _EXTERNAL.match(href):
                continue
            if href.startswith("/"):
                broken.append(f"{rel}: link {href} starts at the server root; links must be relative")
                continue
            target, fragment = built.resolve(path, href)
            if target not in built.files:
                broken.append(f"{rel}: link {href} points to nothing")
            elif fragment and target.endswith(".html") and fragment not in built.page(target).ids:
                broken.append(f"{rel}: link {href} has no #{fragment} on its page")
        for ref in page.refs:
            if site_url and ref.startswith(site_url):
                target = built.resolve(os.path.join(built.root, "index.html"), ref[len(site_url):])[0]
            elif _EXTERNAL.match(ref) or ref.startswith("/"):
                broken.append(f"{rel}: <link> to {ref} is outside the site's address ({site_url or 'none given'})")
                continue
            else:
                target = built.resolve(path, ref)[0]
            if target not in built.files:
                broken.append(f"{rel}: <link> to {ref} points to nothing")
        for asset in page.assets:
            if _EXTERNAL.match(asset) and not asset.startswith("data:"):
                broken.append(f"{rel}: loads {asset} from another origin; bundle it with the site")
            elif asset.startswith("/"):
                broken.append(f"{rel}: loads {asset} from the server root; URLs must be relative")
    return broken


def markdown_links(site: Path, site_url: str | None = None) -> list[str]:
    """Links in the Markdown twins (`*.md`) and llms.txt files that lead to no file of the site, or
    leave it by an absolute address of its own. site_url: links under it are read from the site root."""
    built = Site(site)
    broken = []
    for path in sorted(p for p in built.files if p.endswith(".md") or os.path.basename(p) == "llms.txt"):
        rel = os.path.relpath(path, built.root)
        with open(path, encoding="utf-8") as f:
            text = _MD_CODE.sub(" ", f.read())
        for href in _MD_LINK.findall(text):
            if site_url and href.startswith(site_url):
                target = built.resolve(os.path.join(built.root, "index.html"), unquote(href[len(site_url):]))[0]
            elif _EXTERNAL.match(href):
                continue
            elif href.startswith("/"):
                broken.append(f"{rel}: link {href} starts at the server root; links must be relative")
                continue
            else:
                target = built.resolve(path, unquote(href))[0]
            if target not in built.files:
                broken.append(f"{rel}: link {href} points to nothing")
    return broken


def published_urls(site: Path) -> list[str]:
    """The site's permanent URLs, from its root: pages as folders (`/id/codes/131049/`), other files by name.
    The llms.txt files are among them; the pages' Markdown twins are not: each page's twin is checked
    through the page's <link rel=alternate> instead (broken_links)."""
    urls = []
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or _NOT_PERMANENT.search(rel):
            continue
        if rel == "index.html" or rel.endswith("/index.html"):
            urls.append("/" + rel.removesuffix("index.html"))
        elif path.suffix in (".html", ".json", ".csv") or path.name == "llms.txt":
            urls.append("/" + rel)
    return sorted(urls)


def list_path(catalog_root: Path) -> Path:
    return catalog_root.resolve().parent / "published-urls.txt"


def read_list(path: Path) -> list[str]:
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def write_list(site: Path, path: Path) -> int:
    urls = published_urls(site)
    header = ("# Every URL the site has published, relative to the site root. Tickets link to them for years:\n"
              "# a build that loses one is not published. Update with `make urls` after adding codes.\n")
    path.write_text(header + "".join(f"{url}\n" for url in urls), encoding="utf-8")
    return len(urls)


def missing_urls(site: Path, listed: list[str]) -> list[str]:
    present = set(published_urls(site))
    return [
        f"{url} was published and would disappear; keep its entry (retire it with `retired: true` and a "
        f"`successor`) or, if it really must go, update the list with `make urls`"
        for url in listed if url not in present
    ]


def problems(site: Path, listed: list[str], site_url: str | None = None) -> list[str]:
    """Everything that must hold before `site` replaces a published site."""
    return broken_links(site, site_url) + markdown_links(site, site_url) + missing_urls(site, listed)
