"""Markdown twins of the site's pages, and llms.txt: the catalog for readers that want text.

`files(catalog, lang, site_url)` returns {path under the language folder: text}: for every
page of that language with an HTML page of its own, `{page folder}/index.md` beside its
index.html (home, categories, codes, problems, the decoder, report and data pages, the
hand-written docs/{lang}/ pages as they are), and the language's `llms.txt`. The not-found
page and the forwarding pages of range members have none. `root_files(catalog, site_url)`
returns the site root's `llms.txt`, which points to both languages.

Markup lives in the templates (`twin-*.md.j2`, `llms*.txt.j2`), rendered with render.py's
environment in an overlay for Markdown: every value a template writes is escaped as Markdown
text (`escape`: no catalog text can start a heading, a list or a quote, or add a link), unless
it is `Markdown` already: catalog text through the `md` filter, whose two marks (`literal`,
[label](url)) stay Markdown marks. Links are relative to the file they are in, or absolute
under site_url when the site's address is known.

The build writes these after each language's MkDocs build (site.build_into), so MkDocs never
sees them: they are in no search index or sitemap.
"""
from __future__ import annotations

import html
import posixpath
import re
from functools import lru_cache
from typing import Mapping
from urllib.parse import quote

import jinja2

from . import render, strings
from .model import CITED_FACTS, LANGS, Catalog
from .paths import HAND_WRITTEN
from .strings import ui_strings
from .text import tokens

TWIN = "index.md"  # a twin's name in its page's folder


class Markdown(str):
    """Text that is Markdown already: the twins' environment writes it as it is."""


_BREAKS = re.compile(r"\s*[\r\n\x85\u2028\u2029]+\s*")
# Anywhere in a line these can start markup: emphasis, code, links, raw HTML, entities, headings' ends, tables, strikethrough.
_INLINE = re.compile(r"[\\`*_\[\]<#|~]|&(?=#?[0-9A-Za-z]+;)|!$")
# At the start of a line these start a block: a quote, a list item, a setext underline, an ordered list item.
_BLOCK = re.compile(r"^(?:([>+=-])|(\d{1,9})([.)]))")
# Most text needs none of that: it starts with a letter and holds none of those characters.
_PLAIN = re.compile(r"[^\W\d_][^\\`*_\[\]<#|~&!\r\n\x85\u2028\u2029]*")


@lru_cache(maxsize=8192)  # the same labels and titles come again on every page
def escape(text: str, start: bool = True) -> Markdown:
    """Plain text as Markdown that reads exactly as written, on one line. start: the text may
    begin a line (then what would begin a block there is escaped, and leading spaces dropped)."""
    if _PLAIN.fullmatch(text):
        return Markdown(text)
    text = _INLINE.sub(lambda m: "\\" + m.group(0), _BREAKS.sub(" ", text))
    if start:
        text = _BLOCK.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text.lstrip())
    return Markdown(text)


def literal(text: str) -> Markdown:
    """A code span holding text exactly: fenced by more backticks than it holds in a row."""
    text = _BREAKS.sub(" ", text)
    if not text:
        return Markdown("")  # an empty literal shows nothing
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ") and text.strip()) else ""
    return Markdown(f"{fence}{pad}{text}{pad}{fence}")


def destination(url: str) -> Markdown:
    """A URL as a link's destination: what would end it or break it (spaces, parentheses, angle brackets) encoded."""
    return Markdown(quote(url, safe="!#$%&'*+,/:;=?@[]~-._"))


def markdown(text: str, values: dict[str, str]) -> Markdown:
    """Catalog text (or an interface string) as Markdown: placeholders filled, its `literal` and
    [label](url) marks kept as Markdown, everything else escaped as text."""
    return _markdown(text, tuple(sorted(values.items())))


@lru_cache(maxsize=8192)  # an entry's texts are on its code's twin and its category's
def _markdown(text: str, placeholders: tuple) -> Markdown:
    values = dict(placeholders)
    out = []
    for t in tokens(text, values):
        if t.kind == "code":
            out.append(literal(t.text))
        elif t.kind == "link":
            out.append(f"[{escape(t.text)}]({destination(t.url)})")
        elif t.kind == "slot":
            out.append(escape(f"[{t.text}]", start=not out))
        else:
            out.append(escape(t.text, start=not out))
    return Markdown("".join(out).rstrip())


def _finalize(value: object) -> str:
    """What `{{ value }}` writes in a twin: Markdown as it is, anything else escaped as text."""
    return value if isinstance(value, Markdown) else escape(str(value).rstrip())


def _environment(catalog: Catalog) -> jinja2.Environment:
    return _overlay(render._environment(catalog), tuple(sorted(catalog.placeholders.items())))


@lru_cache(maxsize=4)
def _overlay(base: jinja2.Environment, placeholders: tuple) -> jinja2.Environment:
    """render.py's environment (its filters, globals and compiled-template cache) for Markdown:
    nothing HTML-escaped, every value Markdown-escaped unless it is Markdown, block tags trimmed."""
    env = base.overlay(autoescape=False, finalize=_finalize, trim_blocks=True, lstrip_blocks=True)
    env.filters = {**base.filters, "md": lambda text: _markdown(text, placeholders), "literal": literal, "url": destination}
    return env


def _links(here: str, lang: str | None, site_url: str | None) -> dict[str, Markdown]:
    """How a file in the folder `here` (below the language root, or below the site root when lang
    is None) writes links: to the language root (`root`), the site root (`site`) and its own HTML
    page (`page`); relative to the file, or absolute under site_url."""
    if site_url:
        root = f"{site_url}{lang}/" if lang else site_url
        links = {"root": root, "site": site_url, "page": root + here}
    else:
        up = "../" * here.count("/")
        links = {"root": up, "site": up + ("../" if lang else ""), "page": "./"}
    return {name: destination(url) for name, url in links.items()}


def _folder(rel: str) -> str:
    """The folder a source page is published in: about.md -> about/, data/index.md -> data/, index.md -> the root."""
    stem = rel[: -len(".md")]
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else f"{stem}/"


_DOC_LINK = re.compile(r"(?P<open>\]\(\s*)(?P<inline>[^)\s]+)|^(?P<ref>\s{0,3}\[[^\]]+\]:\s*)(?P<target>\S+)", re.M)
_ABSOLUTE = re.compile(r"^([a-z][a-z0-9+.-]*:|//|/|#)", re.I)


def _relinked(text: str, folder: str, lang: str, site_url: str | None) -> str:
    """A hand-written page's Markdown with its relative links (written from the docs root, to
    source files like data/index.md or about.md) pointing where its twin in `folder` finds them:
    the twin of that page (data/index.md, about/index.md), relative, or absolute under site_url."""
    prefix = f"{site_url}{lang}/" if site_url else "../" * folder.count("/")

    def fix(m: re.Match) -> str:
        head, target = (m["open"], m["inline"]) if m["open"] else (m["ref"], m["target"])
        if _ABSOLUTE.match(target):
            return m[0]
        path, sep, fragment = target.partition("#")
        if path.endswith(".md"):
            path = _folder(posixpath.normpath(path)) + TWIN
        return f"{head}{prefix}{path}{sep}{fragment}"

    return _DOC_LINK.sub(fix, text)


def _hand_written(lang: str) -> list[tuple[str, str, str]]:
    """(folder, title, Markdown) of each docs/{lang}/*.md page; its title is its first line, as render.nav reads it."""
    out = []
    for page in sorted((HAND_WRITTEN / lang).glob("*.md")):
        text = page.read_text(encoding="utf-8")
        out.append((_folder(page.name), text.splitlines()[0].lstrip("# ").strip(), text))
    return out


def _code(env, catalog: Catalog, entry, common: dict, ui: dict) -> str:
    return env.get_template("twin-code.md.j2").render(
        entry=entry, category=next(c for c in catalog.categories if c.key == entry.category),
        related=catalog.related(entry), successor=catalog.by_code().get(entry.successor) if entry.successor else None,
        origin_note=catalog.origin_notes.get(entry.origin),
        provider_sourced=bool(set(entry.sources) & set(catalog.provider.pages)),
        sources=[catalog.sources[k] for k in render._cited(entry, catalog)],
        cited={fact: [catalog.sources[k] for k in entry.cited(fact)] for fact in CITED_FACTS},
        wait=strings.wait(entry.retry_after, ui["units"]), verified=render.long_date(entry.verified, ui["months"]),
        problems=catalog.problems_of.get(entry.code, ()), history=catalog.history.get(entry.code, ()), **common, **_links(f"codes/{entry.code}/", common["lang"], common["site_url"]),
    )


def _problem(env, catalog: Catalog, problem, common: dict, ui: dict) -> str:
    index = catalog.by_code()
    return env.get_template("twin-problem.md.j2").render(
        problem=problem, related=[index[c] for c in problem.related], sources=[catalog.sources[k] for k in problem.sources],
        verified=render.long_date(problem.verified, ui["months"]),
        **common, **_links(f"problems/{problem.slug}/", common["lang"], common["site_url"]),
    )


def files(catalog: Catalog, lang: str, site_url: str | None = None,
          built: Mapping[str, tuple[str, str]] | None = None) -> dict[str, str]:
    """Every twin of one language and its llms.txt, by path under the language folder.

    site_url: the site root's public address (links are absolute under it), or None (relative).
    built: {page folder: (title, description)} of the pages MkDocs built for the language, as
    mkdocs_plugin.CatalogPages records them; a page none of the twins here covers (one added to
    render.pages without a twin template yet) gets a short twin of its title, description and address."""
    env = _environment(catalog)
    ui = ui_strings(lang)
    common = {"lang": lang, "ui": ui, "provider": catalog.provider, "site_url": site_url}
    out: dict[str, str] = {}
    for c in catalog.categories:
        entries = catalog.in_category(c.key)
        out[f"{c.key}/{TWIN}"] = env.get_template("twin-category.md.j2").render(
            category=c, entries=entries, related={e.code: catalog.related(e) for e in entries},
            **common, **_links(f"{c.key}/", lang, site_url))
    for e in catalog.entries:
        out[f"codes/{e.code}/{TWIN}"] = _code(env, catalog, e, common, ui)
    if catalog.problems:
        for p in catalog.problems:
            out[f"problems/{p.slug}/{TWIN}"] = _problem(env, catalog, p, common, ui)
        out[f"problems/{TWIN}"] = env.get_template("twin-problems.md.j2").render(
            problems=catalog.problems, **common, **_links("problems/", lang, site_url))
    for tool in ("decode", "report", "data"):
        out[f"{tool}/{TWIN}"] = env.get_template(f"twin-{tool}.md.j2").render(
            example=render.EXAMPLE_CODE if render.EXAMPLE_CODE in catalog.by_code() else catalog.entries[0].code,
            problem=catalog.problems[0].slug if catalog.problems else None, **common, **_links(f"{tool}/", lang, site_url))
    out[TWIN] = env.get_template("twin-home.md.j2").render(
        categories=catalog.categories, counts={c.key: len(catalog.in_category(c.key)) for c in catalog.categories},
        problems=bool(catalog.problems), **common, **_links("", lang, site_url))
    if catalog.releases:
        out[f"changes/{TWIN}"] = env.get_template("twin-changes.md.j2").render(
            releases=catalog.releases, known=set(catalog.by_code()), **common, **_links("changes/", lang, common["site_url"]))
    hand_written = _hand_written(lang)
    for folder, _, text in hand_written:
        out[folder + TWIN] = _relinked(text, folder, lang, site_url)  # as written, links pointed at the twins
    for folder, (title, description) in sorted((built or {}).items()):
        if folder + TWIN not in out:
            out[folder + TWIN] = env.get_template("twin-page.md.j2").render(
                title=html.unescape(title), description=html.unescape(description or ""), **common, **_links(folder, lang, site_url))
    out["llms.txt"] = env.get_template("llms.txt.j2").render(feeds=bool(catalog.releases),
        categories=catalog.categories, entries=catalog.entries, problems=catalog.problems,
        pages=[(folder, title) for folder, title, _ in hand_written], others=[other for other in LANGS if other != lang],
        **common, **_links("", lang, site_url))
    return out


def root_files(catalog: Catalog, site_url: str | None = None) -> dict[str, str]:
    """The site root's llms.txt: both languages, each with its own llms.txt and main pages."""
    env = _environment(catalog)
    return {"llms.txt": env.get_template("llms-root.txt.j2").render(
        langs=LANGS, ui={lang: ui_strings(lang) for lang in LANGS}, problems=bool(catalog.problems),
        provider=catalog.provider, **_links("", None, site_url))}
