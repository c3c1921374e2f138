"""The catalog as data for integrators: JSON, CSV and per-code JSON, from the same model the site renders.

The site publishes these under /api/v1/ (`api_files`); `python -m generator export`
prints the same JSON or CSV. Text keeps its inline marks (`literal`, [label](url))
with {provider}/{helpdesk} filled in. Page URLs are relative to the site root, so
they hold wherever the site is published.

CSV cells are guarded against formula injection: every cell that starts with `=`,
`+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so spreadsheets show it
as text instead of running it. The guard applies to the CSV as written, after the
placeholders are filled in, to every column alike (a provider name or a source key
can start a cell as well as catalog text; csvcells.as_text_cell, which the reply packs share).
JSON keeps every value unchanged.
"""
from __future__ import annotations

import csv
import io
import json
from . import replypack
from .csvcells import as_text_cell
from .model import LANGS, Catalog, Entry, Localized, Problem
from .paths import SCHEMA as SCHEMA_DIR
from .text import filled

# 2: `reply` gave way to `ticket_reply` (to the business) and `customer_message` (to its customer, or
# null with `no_customer_message` saying why); `reply` stayed, deprecated, until version 3.
# 3: `title.en` is the plain English title readers see (catalog `plain_title`); the title the API
# sends, which `title.en` held until version 2, is `api_title`. `reply` is gone.
SCHEMA_VERSION = 3
TEXT_FIELDS = ("title", "description", "action", "ticket_reply", "customer_message", "notes")
CSV_COLUMNS = (
    ["code", "origin", "category"]
    + [f"{name}_{lang}" for name in TEXT_FIELDS for lang in LANGS]
    + ["no_customer_message", "customer_channel", "retry", "retry_after", "http_status", "related", "sources", "retired", "successor"]
    + [f"origin_notice_{lang}" for lang in LANGS]
    + ["verified", "acts", "charged"]
    + [f"checks_{lang}" for lang in LANGS]
    + [f"url_{lang}" for lang in LANGS] + ["url_ticket"]
    + ["titles_seen", "cite", "api_message", "api_title", "changed"]
)


def _localized(value: Localized | None, values: dict[str, str]) -> dict | None:
    if value is None:
        return None
    return {"id": filled(value.id, values), "en": filled(value.en, values)}


def urls(code: str, section: str = "codes") -> dict[str, str]:
    """The pages of a code (or of a problem: section "problems", code its slug), and its ticket link."""
    return {**{lang: f"{lang}/{section}/{code}/" for lang in LANGS}, "ticket": f"{section}/{code}/"}


def _sources(catalog: Catalog, keys: tuple[str, ...]) -> list[dict]:
    return [{"key": key, "title": catalog.sources[key].title, "url": catalog.sources[key].url} for key in keys]


def _checks(steps, values: dict[str, str]) -> dict | None:
    return {lang: [filled(step.get(lang), values) for step in steps] for lang in LANGS} if steps else None


def entry_record(catalog: Catalog, entry: Entry) -> dict:
    values = catalog.placeholders
    return {
        "code": entry.code,
        "origin": entry.origin,
        "category": entry.category,
        # The titles readers see: Indonesian, and plain English (catalog `plain_title`).
        "title": _localized(Localized(id=entry.title.id, en=entry.plain_title), values),
        # The title exactly as the API sends it (catalog `title.en`; `title.en` until schema_version 2).
        "api_title": filled(entry.title.en, values),
        **{name: _localized(getattr(entry, name), values) for name in TEXT_FIELDS[1:5]},
        "no_customer_message": entry.no_customer_message,
        "customer_channel": entry.customer_channel if entry.customer_message else None,
        "retry": entry.retry,
        "retry_after": entry.retry_after,
        "http_status": entry.http_status,
        "related": list(catalog.links.get(entry.code, ())),
        "notes": _localized(entry.notes, values),
        "retired": entry.retired,
        "successor": entry.successor,
        # What every entry of this origin shares (catalog/origins.yml), e.g. the On-Premises API's retirement.
        "origin_notice": _localized(note.notice, values) if (note := catalog.origin_notes.get(entry.origin)) else None,
        "verified": entry.verified,
        "acts": entry.acts,
        "charged": entry.charged,
        "checks": _checks(entry.checks, values),
        "keywords": {lang: list(entry.keywords_in(lang)) for lang in LANGS},
        # Other titles the API or Meta's tables have used for the code (api_title is the one sent now).
        "titles_seen": [filled(t, values) for t in entry.titles_seen],
        # The error message the API sends with the code besides its title, where the catalog records it.
        "api_message": entry.api_message,
        # Per fact (charged, acts, retry_after) the keys of the sources that state it.
        "cite": {fact: list(keys) for fact, keys in entry.cite} or None,
        "sources": _sources(catalog, entry.sources),
        "urls": urls(entry.code),
        # The day of the newest change-log line for the code (catalog/changes.yml), null if none.
        "changed": catalog.changed(entry.code),
    }


def history(catalog: Catalog, code: str) -> list[dict]:
    """The change-log lines for one code, newest first, as the per-code file carries them."""
    return [{"date": release.date, "kind": change.kind, "why": change.why.as_dict()}
            for release, change in catalog.history.get(code, ())]


def code_file(catalog: Catalog, record: dict) -> dict:
    """/api/v1/codes/{code}.json: the code's record, and its history."""
    return {"schema_version": SCHEMA_VERSION, **record, "history": history(catalog, record["code"])}


def releases(catalog: Catalog) -> list[dict]:
    """The change log (catalog/changes.yml), newest release first."""
    return [{"date": r.date, "title": r.title.as_dict(),
             "changes": [{"kind": c.kind, "codes": list(c.codes), "why": c.why.as_dict()} for c in r.changes]}
            for r in catalog.releases]


def problem_record(catalog: Catalog, problem: Problem) -> dict:
    """A problem without a code, as integrators get it: the same fields as a code's where they mean the same."""
    values = catalog.placeholders
    return {
        "slug": problem.slug,
        "title": _localized(problem.title, values),
        "keywords": {lang: list(problem.keywords_in(lang)) for lang in LANGS},
        **{name: _localized(getattr(problem, name), values) for name in TEXT_FIELDS[1:5]},
        "no_customer_message": problem.no_customer_message,
        "customer_channel": problem.customer_channel if problem.customer_message else None,
        "checks": _checks(problem.checks, values),
        "acts": problem.acts,
        "related": list(problem.related),
        "notes": _localized(problem.notes, values),
        "verified": problem.verified,
        "sources": _sources(catalog, problem.sources),
        "urls": urls(problem.slug, "problems"),
    }


def _records(catalog: Catalog, records: list[dict] | None) -> list[dict]:
    """The records given (made once by api_files for all its files), else made here."""
    return records if records is not None else [entry_record(catalog, e) for e in catalog.entries]


def as_data(catalog: Catalog, records: list[dict] | None = None) -> dict:
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
        "codes": _records(catalog, records),
        # Blocks of codes Meta documents as one feature: an unknown code inside one belongs to it.
        "families": [
            {"codes": f.codes, "category": f.category, "name": f.name.as_dict(), "sources": list(f.sources)}
            for f in catalog.families
        ],
        # Situations helpdesks meet without an error code ("message stuck at one tick").
        "problems": [problem_record(catalog, p) for p in catalog.problems],
        # What changed in each release, newest first (the feeds and the "what changed" page show the same).
        "releases": releases(catalog),
    }


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_json(catalog: Catalog, records: list[dict] | None = None) -> str:
    return _json(as_data(catalog, records))


def csv_row(record: dict) -> dict[str, str]:
    row = {key: record[key] for key in ("code", "origin", "category", "retry")}
    for name in TEXT_FIELDS:
        for lang in LANGS:
            row[f"{name}_{lang}"] = record[name][lang] if record[name] else ""
    row["no_customer_message"] = record["no_customer_message"] or ""
    row["customer_channel"] = record["customer_channel"] or ""
    row["retry_after"] = record["retry_after"] or ""
    row["http_status"] = "" if record["http_status"] is None else str(record["http_status"])
    row["related"] = " ".join(record["related"])
    row["sources"] = " ".join(s["key"] for s in record["sources"])
    row["retired"] = "true" if record["retired"] else "false"
    row["successor"] = record["successor"] or ""
    for lang in LANGS:
        row[f"origin_notice_{lang}"] = record["origin_notice"][lang] if record["origin_notice"] else ""
    row["verified"] = record["verified"]
    row["acts"] = record["acts"] or ""
    row["charged"] = record["charged"] or ""
    for lang in LANGS:
        # Steps one per line inside the cell (RFC 4180 quotes it), in order.
        row[f"checks_{lang}"] = "\n".join(record["checks"][lang]) if record["checks"] else ""
    row.update({f"url_{key}": url for key, url in record["urls"].items()})
    row["titles_seen"] = "\n".join(record["titles_seen"])  # one title a line, like the steps of checks
    row["cite"] = " ".join(f"{fact}:{','.join(keys)}" for fact, keys in (record["cite"] or {}).items())
    row["api_title"] = record["api_title"]
    row["api_message"] = record["api_message"] or ""
    row["changed"] = record["changed"] or ""
    return row


def to_csv(catalog: Catalog, records: list[dict] | None = None) -> str:
    """One row per entry, a column per field and language; UTF-8, header row, RFC 4180 quoting,
    every cell guarded (as_text_cell)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in _records(catalog, records):
        writer.writerow({column: as_text_cell(cell) for column, cell in csv_row(record).items()})
    return out.getvalue()


def api_files(catalog: Catalog) -> dict[str, str]:
    """Everything published under api/v1/: the whole catalog, one file per code and per problem, CSV and
    schemas, and the reply packs (replypack.api_files)."""
    records = [entry_record(catalog, e) for e in catalog.entries]
    out = {"api/v1/codes.json": to_json(catalog, records), "api/v1/codes.csv": to_csv(catalog, records)}
    for record in records:
        out[f"api/v1/codes/{record['code']}.json"] = _json(code_file(catalog, record))
    for member, e in catalog.range_members():
        out[f"api/v1/codes/{member}.json"] = out[f"api/v1/codes/{e.code}.json"]
    for problem in catalog.problems:
        out[f"api/v1/problems/{problem.slug}.json"] = _json({"schema_version": SCHEMA_VERSION, **problem_record(catalog, problem)})
    out["api/v1/codes.schema.json"] = (SCHEMA_DIR / "export.schema.json").read_text(encoding="utf-8")
    out["api/v1/catalog.schema.json"] = (SCHEMA_DIR / "codes.schema.json").read_text(encoding="utf-8")
    out.update(replypack.api_files(catalog))
    return out
