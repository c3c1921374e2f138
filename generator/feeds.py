"""The change log as feeds: Atom per language (all changes, and one per category) and a JSON Feed.

One item per change-log line (catalog/changes.yml): its kind, the codes it names (in a category's
feed, only that category's) and why. Ids are URNs made from the line's release, kind and codes, so
they stay the same across builds and hosts, and a feed holds no absolute URL unless the site's
address is known (--site-url): links are relative to the feed, which sits in the language's folder.
"""
from __future__ import annotations

import json
import uuid

from .model import Catalog, Change, Release
from .text import plain

# A fixed namespace for the items' ids (uuid5 of it and the item's key): never change it.
NAMESPACE = uuid.UUID("7b1d9a52-55a8-4a39-9c52-3f1c2f0b6e10")


def items(catalog: Catalog, lang: str, ui: dict, category: str | None = None) -> list[dict]:
    """The items of one feed, newest first: the change lines (of one category, if given)."""
    category_of = {e.code: e.category for e in catalog.entries}
    index = catalog.by_code()
    found = []
    for release in catalog.releases:
        for change in release.changes:
            codes = [c for c in change.codes if category is None or category_of.get(c) == category]
            if codes:
                found.append(_item(release, change, codes, lang, ui, category, index, catalog.placeholders))
    return found


def _item(release: Release, change: Change, codes: list[str], lang: str, ui: dict, category: str | None,
          index: dict, values: dict) -> dict:
    key = "|".join([lang, category or "", release.date, change.kind, *codes])
    kind = ui["changes"]["kinds"][change.kind]
    shown = ", ".join(codes[:5]) + (", …" if len(codes) > 5 else "")
    return {
        "id": f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}",
        "date": release.date,
        "title": f"{kind}: {shown}" if len(codes) <= 5 else f"{kind}: {ui['changes']['codes_count'].replace('{count}', str(len(codes)))} ({shown})",
        "why": change.why.get(lang),
        "release": release.title.get(lang),
        "anchor": f"changes/#{release.date}",
        "codes": [{"code": c, "href": f"codes/{c}/", "title": plain(index[c].heading(lang), values) if c in index else ""}
                  for c in codes],
    }


def atom(env, catalog: Catalog, lang: str, ui: dict, site_url: str | None, category=None) -> str:
    """An Atom feed (RFC 4287) of the change log, at {lang}/feed.xml or {lang}/feeds/{category}.xml."""
    found = items(catalog, lang, ui, category.key if category else None)
    title = (ui["changes"]["feed_category_title"].replace("{category}", category.name.get(lang))
             if category else ui["changes"]["feed_title"])
    base = f"{site_url}{lang}/" if site_url else None
    return env.get_template("feed.atom.xml.j2").render(
        lang=lang, title=title, items=found, base=base, up="../" if category else "",
        updated=found[0]["date"] if found else (catalog.releases[0].date if catalog.releases else "1970-01-01"),
        feed_id=f"urn:uuid:{uuid.uuid5(NAMESPACE, '|'.join(['feed', lang, category.key if category else '']))}",
        self_href=f"feeds/{category.key}.xml" if category else "feed.xml", author=catalog.provider.name,
    )


def json_feed(catalog: Catalog, lang: str, ui: dict, site_url: str | None) -> str:
    """A JSON Feed (version 1.1) of every change, at {lang}/feed.json."""
    base = f"{site_url}{lang}/" if site_url else ""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": ui["changes"]["feed_title"],
        "language": lang,
        "items": [
            {"id": i["id"], "url": base + i["anchor"], "title": i["title"], "date_published": f"{i['date']}T00:00:00Z",
             "content_text": f"{i['why']}\n\n" + "\n".join(f"{c['code']}: {c['title']}" for c in i["codes"]),
             "tags": [i["release"]]}
            for i in items(catalog, lang, ui)
        ],
    }
    if site_url:
        feed = {**feed, "home_page_url": f"{base}changes/", "feed_url": f"{base}feed.json"}
    return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"
