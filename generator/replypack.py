"""The reply pack: every ticket reply and customer message of one language, as a helpdesk's
canned responses (saved replies, macros) take them.

One record per text (`records`): the ticket reply of every code and of every problem without a
code, and the customer message where the entry offers one (an entry without one gives its ticket
reply only). Each record has a short code an agent types to pick it (`short_code`), the category,
the origin, the title, the text exactly as the pages' copy buttons copy it (text.copied: marks
flattened, a link's address after its label, {provider} and {helpdesk} filled in), the
language-neutral ticket link and the day the entry was last checked (`verified`).

Short codes are made from the code or the slug alone, so they stay the same from build to build
and an agent's habit keeps working: `wa131026` is the ticket reply of 131026 and `wa131026c` its
customer message; a range keeps its range (`wa115001-115005`); a problem gets `wa-{slug}` and
`wa-{slug}-c`. They are lower case and hold only a-z, 0-9 and `-` (no space: Chatwoot's `/`
typeahead ends a short code at a space). Chatwoot stores a short code without a length limit;
MAX_SHORT_CODE keeps them short enough to type and to show whole in a typeahead.

Problems have no category and no origin in the catalog: their records carry the category key
`problems` (a key no category may have, validate.RESERVED_CATEGORY_KEYS), named like the
problems page, and origin null; an origin filter leaves them out.

No text gets a placeholder for the customer's name (Chatwoot's `{{contact.name}}`): ticket replies
are written to a business, not to a person, and no customer message opens with a greeting or
addresses its reader by name, so a name would have no natural place in any of them. Should
messages that open with a greeting appear, an explicit `name_placeholder` option belongs here,
for each push adapter to decide.

The site publishes the packs under /api/v1/replies/ (`api_files`): the whole pack per language as
JSON and CSV, and one pack per category, so a helpdesk can take one category without any tool.
The JSON is described by schema/replies.schema.json; the CSV has a column per record field, and
its cells are guarded against formula injection (csvcells.as_text_cell).
"""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Iterable

from .csvcells import as_text_cell
from .model import LANGS, ORIGINS, Catalog, Entry, Localized, Problem
from .paths import SCHEMA as SCHEMA_DIR
from .strings import ui_strings
from .text import copied, fill, plain

# Raised only when a field changes meaning or disappears; new fields may appear without a raise.
SCHEMA_VERSION = 1
KINDS = ("ticket_reply", "customer_message")
# The category key of the problems without a code (reserved: no category of the catalog has it).
PROBLEMS = "problems"
# Every record's fields, in order: the JSON's keys and the CSV's columns.
FIELDS = ("short_code", "kind", "code", "slug", "category", "category_name", "origin", "origin_name",
          "title", "text", "channel", "link", "verified")
SHORT_CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# The longest short code accepted: a problem's slug may have 60 characters (validate.MAX_SLUG),
# which makes 65 with `wa-` and `-c`.
MAX_SHORT_CODE = 80


def short_code(item: Entry | Problem, kind: str) -> str:
    """The stable short code of one text: `wa{code}` / `wa{code}c` for a code or a range,
    `wa-{slug}` / `wa-{slug}-c` for a problem without a code."""
    base = f"wa-{item.slug}" if isinstance(item, Problem) else f"wa{item.code}"
    if kind == "ticket_reply":
        return base
    return f"{base}-c" if isinstance(item, Problem) else f"{base}c"


def _texts(item: Entry | Problem) -> list[tuple[str, Localized]]:
    """(kind, Localized) of every text the item offers: its ticket reply, and its customer message if any."""
    return [("ticket_reply", item.ticket_reply)] + ([("customer_message", item.customer_message)] if item.customer_message else [])


def check_short_codes(catalog: Catalog) -> dict[str, Entry | Problem]:
    """short code -> its entry or problem, for the whole catalog; ValueError naming the short code
    when one is malformed, too long, or made twice (two items would share a canned response)."""
    found: dict[str, Entry | Problem] = {}
    for item in (*catalog.entries, *catalog.problems):
        for kind, _ in _texts(item):
            code = short_code(item, kind)
            if not SHORT_CODE.match(code) or len(code) > MAX_SHORT_CODE:
                raise ValueError(f"short code {code!r} is not lower-case letters, digits and hyphens of at most "
                                 f"{MAX_SHORT_CODE} characters")
            if code in found:
                raise ValueError(f"short code {code!r} is made twice, by {_name(found[code])} and {_name(item)}")
            found[code] = item
    return found


def _name(item: Entry | Problem) -> str:
    return f"problem {item.slug}" if isinstance(item, Problem) else f"code {item.code}"


def ticket_link(item: Entry | Problem, site_url: str | None = None) -> str:
    """The language-neutral ticket link (`codes/{code}/`, `problems/{slug}/`; the same as
    export.urls' `ticket`): relative to the site root, or absolute under site_url."""
    path = f"problems/{item.slug}/" if isinstance(item, Problem) else f"codes/{item.code}/"
    return (site_url.rstrip("/") + "/" + path) if site_url else path


def _record(catalog: Catalog, item: Entry | Problem, kind: str, text: Localized, lang: str, ui: dict,
            categories: dict[str, str], site_url: str | None) -> dict:
    values = catalog.placeholders
    problem = isinstance(item, Problem)
    category = PROBLEMS if problem else item.category
    return {
        "short_code": short_code(item, kind),
        "kind": kind,
        "code": None if problem else item.code,
        "slug": item.slug if problem else None,
        "category": category,
        "category_name": categories[category],
        "origin": None if problem else item.origin,
        "origin_name": None if problem else fill(ui["origin_long"][item.origin], values),
        "title": plain(item.heading(lang), values),
        "text": copied(text.get(lang), values),
        "channel": item.customer_channel if kind == "customer_message" else None,
        "link": ticket_link(item, site_url),
        "verified": item.verified,
    }


def _category_names(catalog: Catalog, lang: str) -> dict[str, str]:
    """category key -> its name in `lang`, the problems included."""
    return {**{c.key: c.name.get(lang) for c in catalog.categories}, PROBLEMS: ui_strings(lang)["problems_title"]}


def _check(kind: str, given: Iterable[str] | None, valid: Iterable[str]) -> set[str] | None:
    """The filter's values as a set (None: no filter), or ValueError naming the valid ones."""
    if isinstance(given, str):
        given = [given]
    if not given:
        return None
    chosen, valid = set(given), list(valid)
    unknown = [v for v in dict.fromkeys(given) if v not in valid]
    if unknown:
        raise ValueError(f"unknown {kind} {', '.join(map(repr, unknown))}; the {kind} are: {', '.join(valid)}")
    return chosen


def _chosen_items(catalog: Catalog, codes: Iterable[str] | None) -> set[str] | None:
    """The entries' codes and problems' slugs that a list of codes and slugs names (a code inside
    a range names the range), or None for no list; ValueError for a value that names nothing."""
    if isinstance(codes, str):
        codes = [codes]
    if not codes:
        return None
    slugs = {p.slug for p in catalog.problems}
    chosen, unknown = set(), []
    for value in codes:
        value = value.strip()
        entry = catalog.resolve(value)
        if entry:
            chosen.add(entry.code)
        elif value in slugs:
            chosen.add(value)
        else:
            unknown.append(value)
    if unknown:
        raise ValueError(f"unknown code or problem {', '.join(map(repr, dict.fromkeys(unknown)))}; give codes of the "
                         f"catalog (a code inside a range selects the range) or the slugs of its problems: "
                         f"{', '.join(sorted(slugs))}")
    return chosen


def records(catalog: Catalog, lang: str, *, categories: Iterable[str] | None = None,
            origins: Iterable[str] | None = None, codes: Iterable[str] | None = None,
            kinds: Iterable[str] | None = None, site_url: str | None = None) -> list[dict]:
    """Every reply of one language as records (FIELDS), codes in catalog order, then the problems;
    an entry's ticket reply before its customer message.

    Filters (None or empty: no filter; the kinds of filter combine, the values of one add up):
    categories, category keys (`problems`: the problems without a code); origins, origin keys
    (problems have none); codes, codes or problem slugs (a code inside a range selects the range);
    kinds, `ticket_reply` and/or `customer_message`. A value that names nothing raises ValueError
    naming the valid ones. site_url: make links absolute under the site's address."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; the languages are: {', '.join(LANGS)}")
    check_short_codes(catalog)
    names = _category_names(catalog, lang)
    in_categories = _check("categories", categories, names)
    in_origins = _check("origins", origins, ORIGINS)
    in_kinds = _check("kinds", kinds, KINDS)
    in_items = _chosen_items(catalog, codes)
    ui = ui_strings(lang)
    out = []
    for item in (*catalog.entries, *catalog.problems):
        problem = isinstance(item, Problem)
        if in_categories is not None and (PROBLEMS if problem else item.category) not in in_categories:
            continue
        if in_origins is not None and (problem or item.origin not in in_origins):
            continue
        if in_items is not None and (item.slug if problem else item.code) not in in_items:
            continue
        out.extend(_record(catalog, item, kind, text, lang, ui, names, site_url)
                   for kind, text in _texts(item) if in_kinds is None or kind in in_kinds)
    return out


def to_json(records: list[dict], lang: str) -> str:
    """A pack as JSON (schema/replies.schema.json): schema_version, lang and the records as
    `replies`, indented, UTF-8 as it is. The data page's filter form writes the same bytes."""
    data = {"schema_version": SCHEMA_VERSION, "lang": lang, "replies": records}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_csv(records: list[dict]) -> str:
    """A pack as CSV: a header row of FIELDS, one row per record, null as an empty cell; UTF-8,
    RFC 4180 quoting, CRLF, every cell guarded (csvcells.as_text_cell)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for record in records:
        writer.writerow([as_text_cell("" if record[f] is None else str(record[f])) for f in FIELDS])
    return out.getvalue()


def api_files(catalog: Catalog) -> dict[str, str]:
    """The reply packs under api/v1/: replies/{lang}.json and .csv, one pair per category and
    language (replies/{lang}/{category}.json and .csv, the problems as `problems`), and the schema."""
    out = {}
    for lang in LANGS:
        every = records(catalog, lang)
        out[f"api/v1/replies/{lang}.json"] = to_json(every, lang)
        out[f"api/v1/replies/{lang}.csv"] = to_csv(every)
        for key in dict.fromkeys(r["category"] for r in every):
            some = [r for r in every if r["category"] == key]
            out[f"api/v1/replies/{lang}/{key}.json"] = to_json(some, lang)
            out[f"api/v1/replies/{lang}/{key}.csv"] = to_csv(some)
    out["api/v1/replies.schema.json"] = (SCHEMA_DIR / "replies.schema.json").read_text(encoding="utf-8")
    return out
