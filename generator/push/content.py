"""What is pushed, in the shapes the helpdesks take: reply texts, their HTML, and help-center articles.

Replies come from the reply pack (`generator.replypack.records`): one record per ticket reply
and per customer message, with its short code (`wa131049`, `wa131049c`, `wa-{slug}` for a problem). Every pushed reply
ends with the code's ticket link (`{site}codes/131049/`): that link is also how a run knows a
reply as its own (`ours`), since Chatwoot's canned responses carry no other field to mark them.

Articles (Chatwoot's help center) are the code and problem pages' Markdown twins
(generator/twins.py), with links to the pages themselves rather than to their twins.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..strings import ui_strings

MARK = "wa-error-reference"  # names this tool where a helpdesk object has room for it (a description, tags)
_SHORT = re.compile(r"^wa[0-9a-z-]+$")


def body(record: dict) -> str:
    """A reply's text as pushed: the record's text, then its ticket link unless the text has it."""
    text = record["text"].rstrip()
    return text if record["link"] in text else f"{text}\n\n{record['link']}"


def ours(text: str | None, site_url: str) -> bool:
    """Whether a reply's text is one this tool wrote: it names a code or problem page of the site."""
    return bool(text) and (f"{site_url}codes/" in text or f"{site_url}problems/" in text)


def short_like(value: str) -> bool:
    """A short code of the kind the reply pack makes (`wa` and the code, `c` for the customer message)."""
    return bool(_SHORT.match(value or ""))


def kind_label(record: dict, lang: str) -> str:
    ui = ui_strings(lang)
    return ui["jump_ticket_reply"] if record["kind"] == "ticket_reply" else ui["jump_customer_message"]


def heading(record: dict, lang: str) -> str:
    """How a reply is listed: its code (or problem), title and kind, e.g. `131049 · Judul · Balasan tiket`."""
    return f"{record['code'] or record['slug']} · {record['title']} · {kind_label(record, lang)}"


_ADDRESS = re.compile(r"https?://[^\s<>()\"']+[^\s<>().,;:!?\"']")


def as_html(text: str) -> str:
    """Plain text as HTML (generator/templates/push-reply.html.j2): paragraphs at blank lines,
    line breaks kept, web addresses as links; every part escaped by the template."""
    def parts(line: str) -> list[dict]:
        found, at = [], 0
        for match in _ADDRESS.finditer(line):
            found += [{"text": line[at:match.start()]}, {"text": match.group(0), "url": match.group(0)}]
            at = match.end()
        return found + [{"text": line[at:]}]

    paragraphs = [[parts(line) for line in p.splitlines()] for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return _template().render(paragraphs=paragraphs)


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    folder = Path(__file__).resolve().parent.parent / "templates"
    return Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(default=True)).get_template("push-reply.html.j2")


def plain(markup: str) -> str:
    """Text of HTML with every run of white space as one space: to compare what a helpdesk keeps."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup or "")).split())


@dataclass(frozen=True)
class Article:
    slug: str  # unique in the helpdesk: wa-131049-id, wa-p-stuck-at-one-tick-en
    key: str  # what it stands for in both languages: 131049, stuck-at-one-tick
    lang: str
    title: str
    description: str
    content: str  # Markdown
    category: str  # category key, or "problems"
    category_name: str
    category_description: str


def articles(catalog, site_url: str, keep) -> list[Article]:
    """Every code and problem page kept by `keep(entry_or_problem)`, in both languages, Indonesian first."""
    from .. import twins

    found = []
    for lang in ("id", "en"):
        ui = ui_strings(lang)
        pages = twins.files(catalog, lang, site_url)
        names = {c.key: c for c in catalog.categories}
        for entry in catalog.entries:
            if keep(entry):
                category = names[entry.category]
                found.append(_article(pages[f"codes/{entry.code}/index.md"], f"wa-{entry.code}-{lang}", entry.code, lang,
                                      entry.category, category.name.get(lang), _first(category.intro.get(lang)), site_url))
        for problem in catalog.problems:
            if keep(problem):
                found.append(_article(pages[f"problems/{problem.slug}/index.md"], f"wa-p-{problem.slug}-{lang}", problem.slug,
                                      lang, "problems", ui["problems_title"], "", site_url))
    return found


def _first(text: str) -> str:
    return " ".join(text.split())[:250]


def _article(twin: str, slug: str, key: str, lang: str, category: str, name: str, about: str, site_url: str) -> Article:
    title, _, rest = twin.partition("\n")
    # The twins link each other (index.md); an article links the pages readers know.
    content = re.sub(re.escape(site_url) + r"([^\s)]*?)index\.md\)", lambda m: f"{site_url}{m.group(1)})", rest.strip())
    title = title.lstrip("# ").strip()
    return Article(slug, key, lang, title, title.partition(": ")[2] or title, content + "\n", category, name, about)
