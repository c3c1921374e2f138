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
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from . import export, feeds, report, search_index, strings
from .model import CITED_FACTS, LANGS, Catalog, Entry
from .paths import HAND_WRITTEN, ROOT, TEMPLATES
from .strings import ui_strings
from .text import copied, fill, plain, tokens

TEMPLATE_CACHE = ROOT / ".build" / "template-cache"


@jinja2.pass_context
def _frontmatter(context, data: dict) -> Markup:
    """Front matter is YAML, and JSON is YAML: json.dumps quotes every value safely.
    The theme inserts titles and descriptions into HTML as they are, so text is
    HTML-escaped here: catalog text is never markup. Every page also gets the dates
    its footer shows (`catalog_date`, and `checked` on code pages), which
    overrides/partials/copyright.html escapes itself."""
    data = {**data, **{key: context[key] for key in ("catalog_date", "checked", "footer_links") if key in context}}
    return Markup("\n".join(
        f"{k}: {json.dumps(html.escape(v) if isinstance(v, str) else v, ensure_ascii=False)}" for k, v in data.items()
    ))


def fill_url(template: str, code: str, url: str) -> str:
    """A URL template from the catalog (provider.yml's report_url, validated) with {code} and
    {url} filled in, each URL-encoded whole (an encoded value holds no brace to fill again)."""
    return template.replace("{code}", quote(code, safe="")).replace("{url}", quote(url, safe=""))


def _environment(catalog: Catalog) -> jinja2.Environment:
    return _environment_for(tuple(sorted(catalog.placeholders.items())))


@lru_cache(maxsize=4)
def _environment_for(placeholders: tuple) -> jinja2.Environment:
    """One environment per set of placeholder values, so templates are compiled once per process."""
    values = dict(placeholders)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["tokens"] = lambda text: tokens(text, values)
    env.filters["plain"] = lambda text: plain(text, values)
    env.filters["copied"] = lambda text: copied(text, values)
    env.filters["fill"] = lambda text: fill(text, values)
    env.filters["frontmatter"] = _frontmatter
    env.filters["fill_url"] = fill_url
    env.globals["no_message"] = strings.no_message
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept on disk between runs (Jinja2 checks each against its source),
    which saves a fresh build most of the time it spends compiling; none where we cannot write."""
    try:
        TEMPLATE_CACHE.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    # Jinja2 keys compiled templates by their source only, but how a filter is called (`frontmatter`
    # takes the context since the footer dates) is compiled in: the name's version keeps older files out.
    return jinja2.FileSystemBytecodeCache(str(TEMPLATE_CACHE), "__jinja2_v2_%s.cache") if os.access(TEMPLATE_CACHE, os.W_OK) else None


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


def _cited(entry: Entry, catalog: Catalog) -> list[str]:
    """The entry's sources, then those of the notice its origin shares (each once)."""
    note = catalog.origin_notes.get(entry.origin)
    return list(dict.fromkeys(entry.sources + (note.sources if note else ())))


def long_date(iso: str, months: list[str]) -> str:
    """2026-11-29 as people write it: "29 November 2026" (month names from the UI strings)."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{day} {months[month - 1]} {year}"


def catalog_date(catalog: Catalog) -> str:
    """The catalog's date: the newest day any entry was checked (ISO dates sort as text)."""
    return max((e.verified for e in catalog.entries), default="")


def _dated(label: str, iso: str, months: list[str]) -> dict | None:
    """A footer line's parts: its label, the date as people write it and as ISO (for <time>)."""
    return {"label": label, "date": long_date(iso, months), "iso": iso} if iso else None


# The data page's example record: a code every helpdesk meets (else the catalog's first entry).
EXAMPLE_CODE = "131049"


def _example_record(catalog: Catalog) -> dict:
    """One code, and its record exactly as /api/v1/codes/{code}.json publishes it."""
    entry = catalog.by_code().get(EXAMPLE_CODE) or catalog.entries[0]
    record = export.code_file(catalog, export.entry_record(catalog, entry))
    return {"code": entry.code, "json": json.dumps(record, ensure_ascii=False, indent=2)}


def pages(catalog: Catalog, lang: str, site_url: str | None = None) -> dict[str, str]:
    """site_url: the site root's public address, if known (code pages' report links use it)."""
    env = _environment(catalog)
    ui = ui_strings(lang)
    related = {e.code: catalog.related(e) for e in catalog.entries}
    categories = {c.key: c for c in catalog.categories}
    common = {"lang": lang, "ui": ui, "provider": catalog.provider,
              "catalog_date": _dated(ui["footer_updated"], catalog_date(catalog), ui["months"])}
    if catalog.releases:  # the footer's links to the change log, relative to the language's folder
        common["footer_links"] = [{"label": ui["changes"]["title"], "href": "changes/"},
                                  {"label": "Atom", "href": "feed.xml", "type": "application/atom+xml"}]
    dates = {r.date: long_date(r.date, ui["months"]) for r in catalog.releases}
    out: dict[str, str] = {}
    category_tpl = env.get_template("category.md.j2")
    for c in catalog.categories:
        out[f"{c.key}/index.md"] = category_tpl.render(category=c, entries=catalog.in_category(c.key), related=related, **common)
    code_tpl = env.get_template("code.md.j2")
    for e in catalog.entries:
        out[f"codes/{e.code}/index.md"] = code_tpl.render(
            entry=e, category=categories[e.category], related=related[e.code],
            successor=catalog.by_code().get(e.successor) if e.successor else None,
            origin_note=catalog.origin_notes.get(e.origin),
            provider_sourced=bool(set(e.sources) & set(catalog.provider.pages)),
            sources=[catalog.sources[k] for k in _cited(e, catalog)], webhook=webhook_example(e, catalog),
            cited={fact: [catalog.sources[k] for k in e.cited(fact)] for fact in CITED_FACTS},
            wait=strings.wait(e.retry_after, ui["units"]), verified=long_date(e.verified, ui["months"]),
            checked=_dated(ui["footer_checked"], e.verified, ui["months"]), site_url=site_url,
            problems=catalog.problems_of.get(e.code, ()), json_href=f"../../../api/v1/codes/{e.code}.json",
            history=catalog.history.get(e.code, ()), dates=dates, **common,
        )
    if catalog.problems:
        problem_tpl = env.get_template("problem.md.j2")
        index = catalog.by_code()
        for p in catalog.problems:
            out[f"problems/{p.slug}/index.md"] = problem_tpl.render(
                problem=p, related=[index[c] for c in p.related], sources=[catalog.sources[k] for k in p.sources],
                verified=long_date(p.verified, ui["months"]), checked=_dated(ui["footer_checked"], p.verified, ui["months"]),
                json_href=f"../../../api/v1/problems/{p.slug}.json", site_url=site_url, **common,
            )
        out["problems/index.md"] = env.get_template("problems.md.j2").render(problems=catalog.problems, **common)
    out["404/index.md"] = env.get_template("not-found.md.j2").render(**common)
    out["decode/index.md"] = env.get_template("decode.md.j2").render(decode_strings=strings.decode_strings(ui, catalog.placeholders), **common)
    out["report/index.md"] = env.get_template("report.md.j2").render(report_strings=strings.report_strings(ui, catalog.placeholders), limit_mb=report.LIMIT_MB, kinds=report.KINDS, country=report.COUNTRY, **common)
    out["data/index.md"] = env.get_template("data.md.j2").render(
        example=_example_record(catalog), problem=catalog.problems[0].slug if catalog.problems else None,
        feeds=bool(catalog.releases), **common)
    if catalog.releases:
        out["changes/index.md"] = env.get_template("changes.md.j2").render(
            releases=catalog.releases, categories=catalog.categories, known=set(catalog.by_code()), dates=dates, **common)
        out["feed.xml"] = feeds.atom(env, catalog, lang, ui, site_url)
        out["feed.json"] = feeds.json_feed(catalog, lang, ui, site_url)
        for c in catalog.categories:
            out[f"feeds/{c.key}.xml"] = feeds.atom(env, catalog, lang, ui, site_url, c)
    redirect = env.get_template("redirect.html.j2")
    for member, e in catalog.range_members():
        # A code inside a range has its own address in each language, forwarding to the range's page.
        out[f"codes/{member}/index.html"] = redirect.render(
            lang=lang, ticket=False, code=e.code, fallback=f"../{e.code}/",
            title=f"{member}: {plain(e.heading(lang), catalog.placeholders)}",
            messages=[{"lang": lang, "text": ui["range_note"].replace("{low}", str(e.low)).replace("{high}", str(e.high))}],
            links=[{"href": f"../{e.code}/", "lang": lang, "label": e.code}],
        )
    out["assets/codes.json"] = search_index.lookup_json(catalog, lang)
    out["assets/search-index.json"] = search_index.search_json(catalog, lang)
    out["assets/families.json"] = search_index.families_json(catalog, lang)
    out["assets/replies.json"] = search_index.replies_json(catalog, lang)
    out["assets/report.json"] = search_index.report_json(catalog)
    # Home comes last: it links the report reader (another page of its own) only once that page exists.
    home = env.get_template("home.md.j2").render(
        categories=catalog.categories,
        counts={c.key: len(catalog.in_category(c.key)) for c in catalog.categories},
        report="report/index.md" in out, problems=bool(catalog.problems), **common,
    )
    return {"index.md": home, **out}


def root_files(catalog: Catalog, site_url: str | None = None) -> dict[str, str]:
    """The language-neutral files at the site root: `/`, the ticket links `/codes/{code}/` and
    `/problems/{slug}/` and, when the site's address is known, a sitemap index of the languages' sitemaps."""
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
    for p in catalog.problems:
        out[f"problems/{p.slug}/index.html"] = redirect.render(
            lang="id", ticket=True, section="problems", code=p.slug, fallback=f"../../id/problems/{p.slug}/",
            title=plain(p.title.id, catalog.placeholders),
            messages=[{"lang": lang, "text": ui[lang]["problem_ticket_text"]} for lang in LANGS],
            links=[{"href": f"../../{lang}/problems/{p.slug}/", "lang": lang, "label": ui[lang]["language_name"]} for lang in LANGS],
        )
    return out


def nav(catalog: Catalog, lang: str) -> list:
    """The navigation: home, categories, problems without a code, hand-written pages. Code pages stay out of it on purpose."""
    ui = ui_strings(lang)
    items: list = [{ui["home_title"]: "index.md"}]
    # The theme inserts navigation titles as HTML: escape catalog text (as Markup, so that
    # the theme's own `| e` in the footer does not escape it twice).
    items.append({ui["categories_heading"]: [{Markup.escape(c.name.get(lang)): f"{c.key}/index.md"} for c in catalog.categories]})
    if catalog.problems:
        items.append({ui["problems_title"]: "problems/index.md"})
    items.append({ui["decode_title"]: "decode/index.md"})
    items.append({ui["report_title"]: "report/index.md"})
    items.append({ui["data_title"]: "data/index.md"})
    if catalog.releases:
        items.append({ui["changes"]["title"]: "changes/index.md"})
    for page in sorted((HAND_WRITTEN / lang).glob("*.md")):
        title = page.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
        items.append({title: page.name})
    return items
