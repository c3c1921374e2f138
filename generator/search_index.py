"""The two JSON indexes the browser uses, one set per language.

- `assets/codes.json`: every entry's code, range bounds, title and retry advice,
  for the lookup box and the webhook decoder. Small and exact: looking up a code
  never depends on full-text search.
- `assets/families.json`: blocks of codes Meta documents as one feature, so that
  an unknown code inside one is named as belonging to it (lookup box, decoder).
- `assets/replies.json`: per code, the ticket reply and the customer message (or
  why none is offered), for the decoder's rows; kept out of codes.json so the
  lookup box stays small.
- `assets/search-index.json`: code and category pages with their plain text,
  for the search worker (overrides/assets/javascripts/search-worker.js).
"""
from __future__ import annotations

import json

from .model import Catalog
from .text import plain


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def lookup_json(catalog: Catalog, lang: str) -> str:
    values = catalog.placeholders
    return _dump([
        {"c": e.code, "lo": e.low, "hi": e.high, "t": plain(e.title.get(lang), values), "r": e.retry, "w": e.retry_after} for e in catalog.entries
    ])


def families_json(catalog: Catalog, lang: str) -> str:
    names = {c.key: c.name.get(lang) for c in catalog.categories}
    return _dump([
        {"lo": f.low, "hi": f.high, "n": f.name.get(lang), "k": f.category, "kn": names[f.category]} for f in catalog.families
    ])


def replies_json(catalog: Catalog, lang: str) -> str:
    values = catalog.placeholders
    return _dump({
        e.code: {"r": plain(e.ticket_reply.get(lang), values),
                 "m": plain(e.customer_message.get(lang), values) if e.customer_message else None,
                 "n": e.no_customer_message}
        for e in catalog.entries
    })


def search_json(catalog: Catalog, lang: str) -> str:
    values = catalog.placeholders
    names = {c.key: c.name.get(lang) for c in catalog.categories}
    docs = [
        {
            "u": f"codes/{e.code}/",
            "c": e.code,
            "lo": e.low,
            "hi": e.high,
            "t": plain(e.title.get(lang), values),
            "te": plain(e.title.en, values),
            "x": " ".join(plain(t.get(lang), values) for t in (e.description, e.action)),
            "k": names[e.category],
        }
        for e in catalog.entries
    ]
    docs += [
        {"u": f"{c.key}/", "t": c.name.get(lang), "x": plain(c.intro.get(lang), values), "k": ""}
        for c in catalog.categories
    ]
    return _dump({"lang": lang, "docs": docs})
