"""The catalog as data for integrators: JSON (and, later, CSV) from the same model the site renders."""
from __future__ import annotations

import json

from .model import Catalog, Entry, Localized
from .text import filled

SCHEMA_VERSION = 1


def _localized(value: Localized | None, values: dict[str, str]) -> dict | None:
    if value is None:
        return None
    return {"id": filled(value.id, values), "en": filled(value.en, values)}


def entry_record(catalog: Catalog, entry: Entry) -> dict:
    values = catalog.placeholders
    return {
        "code": entry.code,
        "origin": entry.origin,
        "category": entry.category,
        "title": _localized(entry.title, values),
        "description": _localized(entry.description, values),
        "action": _localized(entry.action, values),
        "reply": _localized(entry.reply, values),
        "retry": entry.retry,
        "retry_after": entry.retry_after,
        "http_status": entry.http_status,
        "related": list(catalog.links.get(entry.code, ())),
        "notes": _localized(entry.notes, values),
        "sources": [
            {"key": key, "title": catalog.sources[key].title, "url": catalog.sources[key].url} for key in entry.sources
        ],
    }


def as_data(catalog: Catalog) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "provider": {
            "name": catalog.provider.name,
            "helpdesk": {"name": catalog.provider.helpdesk_name, "url": catalog.provider.helpdesk_url},
        },
        "categories": [
            {"key": c.key, "name": c.name.as_dict(), "intro": c.intro.as_dict(), "count": len(catalog.in_category(c.key))}
            for c in catalog.categories
        ],
        "codes": [entry_record(catalog, e) for e in catalog.entries],
    }


def to_json(catalog: Catalog) -> str:
    return json.dumps(as_data(catalog), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
