"""Render the catalog into one language's MkDocs docs tree: Markdown pages and JSON assets.

`pages(catalog, lang)` returns {path in the language's docs: content}, which
generator/mkdocs_plugin.py hands to MkDocs; `root_files(catalog)` returns the
language-neutral files at the site root.
"""
from __future__ import annotations

import html
import json
import os
from functools import lru_cache
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup

from . import search_index
from .model import LANGS, Catalog, Entry
from .text import fill, plain, tokens

HERE = Path(__file__).resolve().parent
HAND_WRITTEN = HERE.parent / "docs"
TEMPLATE_CACHE = HERE.parent / ".build" / "template-cache"


@lru_cache(maxsize=None)
def ui_strings(lang: str) -> dict:
    return yaml.safe_load((HERE / "i18n" / f"{lang}.yml").read_text(encoding="utf-8"))


def _frontmatter(data: dict) -> Markup:
    """Front matter is YAML, and JSON is YAML: json.dumps quotes every value safely.
    The theme inserts titles and descriptions into HTML as they are, so text is
    HTML-escaped here: catalog text is never markup."""
    return Markup("\n".join(
        f"{k}: {json.dumps(html.escape(v) if isinstance(v, str) else v, ensure_ascii=False)}" for k, v in data.items()
    ))


def _environment(catalog: Catalog) -> jinja2.Environment:
    return _environment_for(tuple(sorted(catalog.placeholders.items())))


@lru_cache(maxsize=4)
def _environment_for(placeholders: tuple) -> jinja2.Environment:
    """One environment per set of placeholder values, so templates are compiled once per process."""
    values = dict(placeholders)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["tokens"] = lambda text: tokens(text, values)
    env.filters["plain"] = lambda text: plain(text, values)
    env.filters["fill"] = lambda text: fill(text, values)
    env.filters["frontmatter"] = _frontmatter
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept on disk between runs (Jinja2 checks each against its source),
    which saves a fresh build most of the time it spends compiling; none where we cannot write."""
    try:
        TEMPLATE_CACHE.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(TEMPLATE_CACHE)) if os.access(TEMPLATE_CACHE, os.W_OK) else None


def webhook_example(entry: Entry, catalog: Catalog) -> str:
    """A status webhook carrying this code, as an agent would see it (JSON text)."""
    return _webhook(entry.low, entry.origin, plain(entry.title.en, catalog.placeholders))


@lru_cache(maxsize=4096)  # the same for both languages: made once per entry
def _webhook(code: int, origin: str, title: str) -> str:
    error = {"code": code, "title": title}
    status = {"id": "wamid.HBgNNjI4MTIzNDU2Nzg5FQIAERgSQUJDREVGMDEyMzQ1Njc4OQA=", "status": "failed",
              "timestamp": "1767225600", "recipient_id": "6281234567890", "errors": [error]}
    if origin == "meta":
        error["message"] = error["title"]
        error["error_data"] = {"details": error["title"]}
        payload = {"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp", "metadata": {"display_phone_number": "6281100000000", "phone_number_id": "106540352242922"},
            "statuses": [status]}}]}]}
    else:
        payload = {"statuses": [status]}
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _wait(after: str | None, lang: str) -> str:
    if not after:
        return ""
    return f"{after[:-1]} {ui_strings(lang)['units'][after[-1]]}"


def long_date(iso: str, months: list[str]) -> str:
    """2026-11-29 as people write it: "29 November 2026" (month names from the UI strings)."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{day} {months[month - 1]} {year}"


def _decode_strings(ui: dict, values: dict[str, str]) -> dict:
    """What the decoder script says, in this language (it builds its messages from these)."""
    return {**ui["decode"], "retry": ui["retry_text"], "wait": ui["retry_wait"], "units": ui["units"],
            "replies": ui["decode_replies"], "ticket_reply": fill(ui["ticket_reply"], values),
            "customer_message": fill(ui["customer_message"], values), "copy_ticket_reply": ui["copy_ticket_reply"],
            "copy_customer_message": ui["copy_customer_message"], "family_note": ui["family_note"],
            "no_customer_message": {k: fill(v, values) for k, v in ui["no_customer_message"].items()}}


def pages(catalog: Catalog, lang: str) -> dict[str, str]:
    env = _environment(catalog)
    ui = ui_strings(lang)
    related = {e.code: catalog.related(e) for e in catalog.entries}
    categories = {c.key: c for c in catalog.categories}
    common = {"lang": lang, "ui": ui, "provider": catalog.provider}
    out: dict[str, str] = {}
    out["index.md"] = env.get_template("home.md.j2").render(
        categories=catalog.categories,
        counts={c.key: len(catalog.in_category(c.key)) for c in catalog.categories},
        **common,
    )
    category_tpl = env.get_template("category.md.j2")
    for c in catalog.categories:
        out[f"{c.key}/index.md"] = category_tpl.render(category=c, entries=catalog.in_category(c.key), related=related, **common)
    code_tpl = env.get_template("code.md.j2")
    for e in catalog.entries:
        out[f"codes/{e.code}/index.md"] = code_tpl.render(
            entry=e, category=categories[e.category], related=related[e.code],
            successor=catalog.by_code().get(e.successor) if e.successor else None,
            sources=[catalog.sources[k] for k in e.sources], webhook=webhook_example(e, catalog),
            wait=_wait(e.retry_after, lang), verified=long_date(e.verified, ui["months"]), **common,
        )
    out["404/index.md"] = env.get_template("not-found.md.j2").render(**common)
    out["decode/index.md"] = env.get_template("decode.md.j2").render(decode_strings=_decode_strings(ui, catalog.placeholders), **common)
    redirect = env.get_template("redirect.html.j2")
    for member, e in catalog.range_members():
        # A code inside a range has its own address in each language, forwarding to the range's page.
        out[f"codes/{member}/index.html"] = redirect.render(
            lang=lang, ticket=False, code=e.code, fallback=f"../{e.code}/",
            title=f"{member}: {plain(e.title.get(lang), catalog.placeholders)}",
            messages=[{"lang": lang, "text": ui["range_note"].replace("{low}", str(e.low)).replace("{high}", str(e.high))}],
            links=[{"href": f"../{e.code}/", "lang": lang, "label": e.code}],
        )
    out["assets/codes.json"] = search_index.lookup_json(catalog, lang)
    out["assets/search-index.json"] = search_index.search_json(catalog, lang)
    out["assets/families.json"] = search_index.families_json(catalog, lang)
    out["assets/replies.json"] = search_index.replies_json(catalog, lang)
    return out


def root_files(catalog: Catalog, site_url: str | None = None) -> dict[str, str]:
    """The language-neutral files at the site root: `/`, the ticket links `/codes/{code}/`
    and, when the site's address is known, a sitemap index of the languages' sitemaps."""
    env = _environment(catalog)
    ui = {lang: ui_strings(lang) for lang in LANGS}
    out = {"index.html": env.get_template("root-index.html.j2").render(title=ui["id"]["site_name"])}
    if site_url:
        out["sitemap.xml"] = env.get_template("sitemap-index.xml.j2").render(site_url=site_url, langs=LANGS)
    redirect = env.get_template("redirect.html.j2")
    targets = [(e.code, e) for e in catalog.entries] + list(catalog.range_members())
    for code, e in targets:
        out[f"codes/{code}/index.html"] = redirect.render(
            lang="id", ticket=True, code=e.code, fallback=f"../../id/codes/{e.code}/",
            title=f"{code}: {plain(e.title.id, catalog.placeholders)}",
            messages=[{"lang": lang, "text": ui[lang]["ticket_text"].replace("{code}", code)} for lang in LANGS],
            links=[{"href": f"../../{lang}/codes/{e.code}/", "lang": lang, "label": ui[lang]["language_name"]} for lang in LANGS],
        )
    return out


def nav(catalog: Catalog, lang: str) -> list:
    """The navigation: home, categories, hand-written pages. Code pages stay out of it on purpose."""
    ui = ui_strings(lang)
    items: list = [{ui["home_title"]: "index.md"}]
    # The theme inserts navigation titles as HTML: escape catalog text (as Markup, so that
    # the theme's own `| e` in the footer does not escape it twice).
    items.append({ui["categories_heading"]: [{Markup.escape(c.name.get(lang)): f"{c.key}/index.md"} for c in catalog.categories]})
    items.append({ui["decode_title"]: "decode/index.md"})
    for page in sorted((HAND_WRITTEN / lang).glob("*.md")):
        title = page.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
        items.append({title: page.name})
    return items
