"""Validation rules for catalog files, each a small function returning diagnostics.

Rules run on the raw values from `yamlfile` (which know their line numbers), per
file and per entry first, then across all entries. Every message says what is
wrong and how to fix it; all problems are collected, none stops the others.
"""
from __future__ import annotations

import datetime
import difflib
import re
from typing import Iterable

from . import text
from .diagnostics import Diagnostic
from .model import ACTS, CHANNELS, CHARGED, CITED_FACTS, LANGS, NO_MESSAGE_REASONS, ORIGINS, RETRY_VALUES, sort_key
from .text import FORMULA_START
from .yamlfile import Map, Seq

LANG_NAMES = {"id": "Indonesian", "en": "English"}
REQUIRED = ("code", "origin", "category", "title", "plain_title", "description", "action", "ticket_reply", "retry", "sources", "verified")
OPTIONAL = ("customer_message", "no_customer_message", "retry_after", "http_status", "related", "notes", "retired", "successor", "acts", "charged", "checks", "keywords", "titles_seen", "cite", "customer_channel", "api_message")
LOCALIZED = ("title", "description", "action", "ticket_reply", "customer_message", "notes")
MAX_LENGTH = {"checks": 300, "title": 200, "plain_title": 80, "description": 1200, "action": 1200, "ticket_reply": 700, "customer_message": 500, "notes": 1200, "name": 80, "intro": 600}
# URL segments the site uses itself; a category with one of these keys would collide with them
RESERVED_CATEGORY_KEYS = ("codes", "api", "decode", "search", "assets", "404", "about", "data", "report", "problems")
# A problem without a code (catalog/problems/*.yml): its keys, and its slug, the last part of its
# permanent address /{lang}/problems/{slug}/.
PROBLEM_REQUIRED = ("slug", "title", "keywords", "description", "checks", "action", "ticket_reply", "sources", "verified")
PROBLEM_OPTIONAL = ("customer_message", "no_customer_message", "customer_channel", "acts", "related", "notes")
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_SLUG = 60

MAX_CHECKS = 8
VERIFIED_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
CODE_RE = re.compile(r"^(0|[1-9][0-9]*)(-(0|[1-9][0-9]*))?$")
RETRY_AFTER_RE = re.compile(r"^[1-9][0-9]*(m|h|d)$")
CATEGORY_KEY_RE = re.compile(r"^[a-z][a-z0-9-]*$")


# What top_level returns when the key is absent (None is a key written with nothing after it)
MISSING = object()


class Reporter:
    """Collects diagnostics for one file."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.found: list[Diagnostic] = []

    def add(self, line: int, code: str, message: str) -> None:
        self.found.append(Diagnostic(self.shown, line, code, message))


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean `{close[0]}`?)" if close else ""


def top_level(data: object, key: str, report: Reporter, example: str) -> object:
    """The value under the single allowed top-level key, or MISSING after reporting why there is none."""
    if not isinstance(data, Map):
        report.add(getattr(data, "line", 1), "-", f"the file must be a mapping with `{key}:` at the top; {example}")
        return MISSING
    for other in data:
        if other != key:
            report.add(data.line_of(other), "-", f"unknown top-level key `{other}`{_suggest(other, [key])}; the only top-level key here is `{key}`")
    if key not in data:
        report.add(data.line, "-", f"missing top-level key `{key}`; {example}")
        return MISSING
    return data[key]


def localized(value: object, field: str, line: int, code: str, report: Reporter, plain_only: bool = False) -> None:
    """A text in both languages: a mapping with non-empty `id` and `en` strings. With plain_only
    (the name of a category or a family) it is plain text, without marks or placeholders."""
    if not isinstance(value, Map):
        report.add(line, code, f"`{field}` must have an Indonesian and an English text: write `{field}:` then `id: ...` and `en: ...` indented below it")
        return
    for lang in value:
        if lang not in LANGS:
            report.add(value.line_of(lang), code, f"unknown language `{lang}` in `{field}`{_suggest(lang, LANGS)}; the languages are `id` and `en`")
    for lang in LANGS:
        name = f"{LANG_NAMES[lang]} text `{field}.{lang}`"
        if lang not in value:
            report.add(value.line, code, f"missing {name}; add `{lang}:` under `{field}`")
            continue
        item, item_line = value[lang], value.line_of(lang)
        if not isinstance(item, str):
            report.add(item_line, code, f"{name} must be text; put it in quotes")
        elif not item.strip():
            report.add(item_line, code, f"empty {name}; write the text")
        else:
            limit = MAX_LENGTH.get(field)
            if limit and len(item) > limit:
                report.add(item_line, code, f"{name} is {len(item)} characters, over the limit of {limit}; shorten it")
            found = text.name_problems(item) if plain_only else text.problems(item, slot=field == "customer_message")
            for problem in found:
                report.add(item_line, code, f"{name}: {problem}")
            # An early warning: the CSV export guards every cell anyway (text.FORMULA_START).
            if item.lstrip().startswith(FORMULA_START):
                report.add(item_line, code, f"{name} starts with `{item.lstrip()[0]}`, which spreadsheets read as a formula, so the CSV export must put `'` before it; start with a word")
    if field == "customer_message":
        _same_slots(value, line, code, report)


def _same_slots(value: Map, line: int, code: str, report: Reporter) -> None:
    """A customer message leaves a place to fill in in both languages or in neither: the
    business sends one of them, and either must read whole once filled in."""
    found = {lang: text.slots(value[lang]) for lang in LANGS if isinstance(value.get(lang), str)}
    if len(found) == 2 and bool(found["id"]) != bool(found["en"]):
        has, lacks = ("id", "en") if found["id"] else ("en", "id")
        report.add(value.line_of(lacks), code, f"customer_message.{has} has the fill-in slot `[{found[has][0]}]` and "
                                              f"customer_message.{lacks} has none; leave the same place in both languages")


def _hidden(value: object, line: int, code: str, what: str, report: Reporter) -> None:
    """Characters a reader cannot see, in a text checked by no other text rule."""
    if isinstance(value, str):
        for problem in text.hidden(value):
            report.add(line, code, f"{what}: {problem}")


def entry(item: object, line: int, report: Reporter, categories: set[str] | None, sources: set[str] | None) -> None:
    """Every rule that concerns one entry on its own. categories and sources are the keys of
    those tables, or None when the table itself has a problem (reported there, not at each entry)."""
    if not isinstance(item, Map):
        report.add(line, "-", "each entry must be a mapping that starts with `- code: \"...\"`")
        return
    code = item.get("code")
    shown_code = code if isinstance(code, str) and CODE_RE.match(code) else "-"
    for key in item:
        if key not in REQUIRED + OPTIONAL:
            report.add(item.line_of(key), shown_code, f"unknown key `{key}`{_suggest(key, REQUIRED + OPTIONAL)}; allowed keys are {', '.join(REQUIRED + OPTIONAL)}")
    for key in REQUIRED:
        if key not in item:
            report.add(item.line, shown_code, f"missing key `{key}`; every entry needs {', '.join(REQUIRED)}")
    if "code" in item:
        _code(code, item.line_of("code"), report)
    if "origin" in item and item["origin"] not in ORIGINS:
        report.add(item.line_of("origin"), shown_code, f"unknown origin `{item['origin']}`{_suggest(str(item['origin']), ORIGINS)}; use one of {', '.join(ORIGINS)}")
    if "category" in item and not isinstance(item["category"], str):
        report.add(item.line_of("category"), shown_code, "category must be one key of catalog/categories.yml, like category: rate-limit")
    elif "category" in item and categories is not None and item["category"] not in categories:
        report.add(item.line_of("category"), shown_code, f"unknown category `{item['category']}`{_suggest(str(item['category']), categories)}; use a key of catalog/categories.yml")
    for key in LOCALIZED:
        if key in item:
            localized(item[key], key, item.line_of(key), shown_code, report)
    if "plain_title" in item:
        _plain_title(item["plain_title"], item.line_of("plain_title"), shown_code, report)
    retry = item.get("retry")
    if "retry" in item and retry not in RETRY_VALUES:
        report.add(item.line_of("retry"), shown_code, f"unknown retry value `{retry}`{_suggest(str(retry), RETRY_VALUES)}; use one of {', '.join(RETRY_VALUES)}")
    if "retry_after" in item:
        after = item["retry_after"]
        if not isinstance(after, str) or not RETRY_AFTER_RE.match(after):
            report.add(item.line_of("retry_after"), shown_code, f"retry_after `{after}` is not a wait; write a number and a unit m, h or d, like 15m or 24h")
        elif retry not in ("later", "backoff"):
            report.add(item.line_of("retry_after"), shown_code, "retry_after only goes with `retry: later` or `retry: backoff`; remove it or change retry")
    if "http_status" in item:
        status = item["http_status"]
        if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
            report.add(item.line_of("http_status"), shown_code, f"http_status `{status}` is not an HTTP status; write a number from 100 to 599, or remove it")
    if "related" in item:
        _related(item["related"], item.line_of("related"), shown_code, report)
    if "sources" in item:
        _sources(item["sources"], item.line_of("sources"), shown_code, report, sources)
    if "retired" in item and not isinstance(item["retired"], bool):
        report.add(item.line_of("retired"), shown_code, f"retired `{item['retired']}` must be true or false; write retired: true, or remove it")
    _customer(item, shown_code, report, "an entry", required="code" in item)
    if "verified" in item:
        _verified(item["verified"], item.line_of("verified"), shown_code, report)
    if "acts" in item and item["acts"] not in ACTS:
        report.add(item.line_of("acts"), shown_code, f"unknown acts value `{item['acts']}`{_suggest(str(item['acts']), ACTS)}; use one of {', '.join(ACTS)}, or remove it where no source says who acts")
    if "charged" in item and item["charged"] not in CHARGED:
        report.add(item.line_of("charged"), shown_code, f"charged `{item['charged']}` must be yes or no; remove it where no source says")
    if "checks" in item:
        _checks(item["checks"], item.line_of("checks"), shown_code, report)
    if "keywords" in item:
        _keywords(item["keywords"], item.line_of("keywords"), shown_code, report)
    if "api_message" in item:
        _api_message(item["api_message"], item.line_of("api_message"), shown_code, report)
    if "titles_seen" in item:
        _titles_seen(item["titles_seen"], item.line_of("titles_seen"), shown_code, report, item.get("title"))
    _cited(item, shown_code, report)
    if "successor" in item:
        successor = item["successor"]
        if item.get("retired") is not True:
            report.add(item.line_of("successor"), shown_code, "successor only goes with `retired: true`; add it or remove successor")
        elif not isinstance(successor, str) or not CODE_RE.match(successor):
            report.add(item.line_of("successor"), shown_code, f"successor `{successor}` is not a quoted code; write it like successor: \"131050\"")


def problem(item: object, line: int, report: Reporter, sources: set[str] | None) -> None:
    """Every rule that concerns one problem on its own; the same rules as an entry's for the
    fields they share."""
    if not isinstance(item, Map):
        report.add(line, "-", "each problem must be a mapping that starts with `- slug: ...`")
        return
    slug = item.get("slug")
    shown = slug if isinstance(slug, str) and SLUG_RE.match(slug) else "-"
    allowed = PROBLEM_REQUIRED + PROBLEM_OPTIONAL
    for key in item:
        if key not in allowed:
            report.add(item.line_of(key), shown, f"unknown key `{key}`{_suggest(key, allowed)}; a problem's keys are {', '.join(allowed)}")
    for key in PROBLEM_REQUIRED:
        if key not in item:
            report.add(item.line, shown, f"missing key `{key}`; every problem needs {', '.join(PROBLEM_REQUIRED)}")
    if "slug" in item and (not isinstance(slug, str) or not SLUG_RE.match(slug) or len(slug) > MAX_SLUG):
        report.add(item.line_of("slug"), "-", f"slug `{slug}` is not a slug; write lowercase English words joined by hyphens, "
                                             f"at most {MAX_SLUG} characters, like slug: stuck-at-sent (it is the page's permanent address)")
    for key in ("title", "description", "action", "ticket_reply", "customer_message", "notes"):
        if key in item:
            localized(item[key], key, item.line_of(key), shown, report, plain_only=key == "title")
    if "checks" in item:
        _checks(item["checks"], item.line_of("checks"), shown, report)
    if "keywords" in item:
        _keywords(item["keywords"], item.line_of("keywords"), shown, report)
        words = item["keywords"]
        if isinstance(words, Map) and set(words) != set(LANGS):
            report.add(item.line_of("keywords"), shown, "a problem is found by its words: list keywords in both languages, `id:` and `en:`")
    if "related" in item:
        _related(item["related"], item.line_of("related"), shown, report)
    if "sources" in item:
        _sources(item["sources"], item.line_of("sources"), shown, report, sources)
    if "verified" in item:
        _verified(item["verified"], item.line_of("verified"), shown, report)
    if "acts" in item and item["acts"] not in ACTS:
        report.add(item.line_of("acts"), shown, f"unknown acts value `{item['acts']}`{_suggest(str(item['acts']), ACTS)}; use one of {', '.join(ACTS)}, or remove it")
    _customer(item, shown, report, "a problem")


def _customer(item: Map, code: str, report: Reporter, what: str, required: bool = True) -> None:
    """customer_message, or no_customer_message saying why there is none (one of them, where
    required), and customer_channel, of an entry or a problem (`what` names which in messages)."""
    if "customer_message" in item and "no_customer_message" in item:
        report.add(item.line_of("no_customer_message"), code, f"{what} has either `customer_message` or `no_customer_message`, not both; remove one")
    elif "customer_message" not in item and "no_customer_message" not in item and required:
        report.add(item.line, code, f"missing `customer_message`; write the message the business can send its customer, or say why there is none with no_customer_message: {' | '.join(NO_MESSAGE_REASONS)}")
    elif "customer_channel" in item:
        _channel(item, code, report)
    if "no_customer_message" in item and item["no_customer_message"] not in NO_MESSAGE_REASONS:
        value = item["no_customer_message"]
        report.add(item.line_of("no_customer_message"), code, f"unknown no_customer_message reason `{value}`{_suggest(str(value), NO_MESSAGE_REASONS)}; use one of {', '.join(NO_MESSAGE_REASONS)}")


def _not_an_entry(value: str, codes) -> str:
    """Why a related code is refused: no entry has it; the range that holds it, if one does."""
    container = next((c for c in codes if "-" in c and CODE_RE.match(c) and sort_key(c)[0] <= int(value) <= sort_key(c)[1]), None)
    hint = f"use the range \"{container}\"" if container else "fix the code or add an entry for it"
    return f"related code {value} is not an entry of the catalog; {hint}"


def problems_across(problems: list[tuple[Map, Reporter]], codes: list[tuple[Map, Reporter]] | None) -> None:
    """Rules that need every problem and entry: each slug once, related codes that exist (codes is
    None when a code file could not be read: its codes are unknown, so related codes are not checked)."""
    first: dict[str, tuple[Map, Reporter]] = {}
    for item, report in problems:
        slug = item.get("slug")
        if not isinstance(slug, str) or not SLUG_RE.match(slug):
            continue
        if slug in first:
            other, other_report = first[slug]
            report.add(item.line_of("slug"), slug, f"duplicate slug: already used at {other_report.shown}:{other.line_of('slug')}; a slug is one page's address, so give this problem another")
        else:
            first[slug] = (item, report)
    if codes is None:
        return
    # Codes written in any form count as known: a bad code is reported once, at its entry.
    known = {str(item.get("code")) for item, _ in codes}
    for item, report in problems:
        related = item.get("related")
        if not isinstance(related, Seq):
            continue
        for value, at in zip(related, related.item_lines):
            if isinstance(value, str) and CODE_RE.match(value) and value not in known:
                report.add(at, str(item.get("slug", "-")), _not_an_entry(value, known))


# A message sent by SMS, phone or email must not send the person back to WhatsApp to answer.
_WHATSAPP_REPLY = {"id": re.compile(r"(?<![\w-])(?:silakan|mohon|harap)\s+(?:balas|membalas)(?:\s+\S+){0,6}?\s+(?:di|lewat|melalui|via)\s+WhatsApp", re.I),
                   "en": re.compile(r"(?<![\w-])(?:please|just)\s+reply(?:\s+\S+){0,6}?\s+(?:on|in|via|through)\s+WhatsApp", re.I)}


def _channel(item: Map, code: str, report: Reporter) -> None:
    channel, line = item["customer_channel"], item.line_of("customer_channel")
    if channel not in CHANNELS:
        report.add(line, code, f"unknown customer_channel `{channel}`{_suggest(str(channel), CHANNELS)}; use `other` where WhatsApp cannot "
                               "reach the person (the message goes by SMS, phone or email), or leave it out for WhatsApp")
    elif "customer_message" not in item:
        report.add(line, code, "customer_channel only goes with a customer_message; remove it")
    elif channel == "other" and isinstance(message := item["customer_message"], Map):
        for lang in LANGS:
            text_ = message.get(lang)
            if isinstance(text_, str) and (found := _WHATSAPP_REPLY[lang].search(text_)):
                report.add(message.line_of(lang), code, f"customer_message.{lang}: \"{found.group(0)}\" asks for an answer on WhatsApp, "
                                                        "but this message goes by SMS, phone or email because WhatsApp cannot reach the person; "
                                                        "ask them to answer the same way")


def _code(code: object, line: int, report: Reporter) -> None:
    if isinstance(code, int) and not isinstance(code, bool):
        report.add(line, str(code), f"code must be a quoted string; write code: \"{code}\"")
    elif not isinstance(code, str):
        report.add(line, "-", f"code `{code}` must be a quoted string of digits, like code: \"131049\"")
    elif "–" in code or "—" in code:
        report.add(line, "-", f"code `{code}` uses a dash; write ranges with an ASCII hyphen: \"{code.replace('–', '-').replace('—', '-')}\"")
    elif not CODE_RE.match(code):
        report.add(line, "-", f"code `{code}` is not a code; write digits (\"131049\") or an inclusive range (\"115001-115005\"), without leading zeros or spaces")
    elif "-" in code and sort_key(code)[0] >= sort_key(code)[1]:
        low, high = code.split("-")
        report.add(line, code, f"reversed or empty range `{code}`; write the lower code first: \"{min(low, high, key=int)}-{max(low, high, key=int)}\"")


def verified_date(value: object) -> datetime.date | None:
    """The date of `verified`: written "2026-11-29" (or unquoted, which YAML reads as a date)."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and VERIFIED_RE.match(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _verified(value: object, line: int, code: str, report: Reporter) -> None:
    day = verified_date(value)
    if day is None:
        report.add(line, code, f"verified `{value}` is not a date; write the day the entry was checked against its sources, like verified: \"2026-11-29\"")
    elif day > datetime.date.today():
        report.add(line, code, f"verified {day.isoformat()} is in the future; write the day the entry was last checked against its sources")


def _checks(value: object, line: int, code: str, report: Reporter) -> None:
    """An ordered list of what to check, in both languages, the same number of steps in each."""
    if not isinstance(value, Map) or not all(isinstance(value.get(lang), Seq) for lang in LANGS) or set(value) != set(LANGS):
        report.add(line, code, "checks must have `id:` and `en:`, each a list of steps, like checks: {id: [\"...\"], en: [\"...\"]}")
        return
    if len(value["id"]) != len(value["en"]):
        report.add(line, code, f"checks has {len(value['id'])} Indonesian and {len(value['en'])} English steps; write each step in both languages")
    for lang in LANGS:
        steps = value[lang]
        if not 2 <= len(steps) <= MAX_CHECKS:
            report.add(value.line_of(lang), code, f"checks.{lang} has {len(steps)} step{'' if len(steps) == 1 else 's'}; write 2 to {MAX_CHECKS}")
        for step, step_line in zip(steps, steps.item_lines):
            name = f"{LANG_NAMES[lang]} step of `checks.{lang}`"
            if not isinstance(step, str) or not step.strip():
                report.add(step_line, code, f"{name} must be text; write the step in quotes")
                continue
            if len(step) > MAX_LENGTH["checks"]:
                report.add(step_line, code, f"{name} is {len(step)} characters, over the limit of {MAX_LENGTH['checks']}; shorten it")
            for problem in text.problems(step):
                report.add(step_line, code, f"{name}: {problem}")


def _keywords(value: object, line: int, code: str, report: Reporter) -> None:
    """Words people use for the failure, per language: searched, never shown as text."""
    if not isinstance(value, Map) or not set(value) <= set(LANGS) or not all(isinstance(v, Seq) for v in value.values()):
        report.add(line, code, "keywords must have `id:` and/or `en:`, each a list of phrases, like keywords: {id: [saldo habis], en: [no balance]}")
        return
    for lang, phrases in value.items():
        seen = set()
        for phrase, at in zip(phrases, phrases.item_lines):
            _hidden(phrase, at, code, f"keyword in keywords.{lang}", report)
            if not isinstance(phrase, str) or not phrase.strip() or len(phrase) > 60 or any(c in phrase for c in "`[]{}<>"):
                report.add(at, code, f"keyword `{phrase}` in keywords.{lang} must be a plain phrase of at most 60 characters")
            elif phrase.lower() in seen:
                report.add(at, code, f"keyword `{phrase}` is listed twice in keywords.{lang}; remove one")
            else:
                seen.add(phrase.lower())


def _plain_title(value: object, line: int, code: str, report: Reporter) -> None:
    """The English title pages, tables, search and lookup show (title.en is what the API sends):
    plain text in sentence case, short, without a final full stop."""
    if not isinstance(value, str) or not value.strip():
        report.add(line, code, "plain_title must be the English title readers see, in plain text and sentence case, like plain_title: Group creation limit reached")
        return
    for problem in text.name_problems(value, "title"):
        report.add(line, code, f"plain_title: {problem}")
    if len(value) > MAX_LENGTH["plain_title"]:
        report.add(line, code, f"plain_title is {len(value)} characters, over the limit of {MAX_LENGTH['plain_title']}; shorten it")
    if value.rstrip().endswith("."):
        report.add(line, code, f"plain_title `{value}` ends with a full stop; a title has none, so remove it")
    if counted := text.title_case(value):
        report.add(line, code, f"plain_title `{value}` is in Title Case ({counted[0]} of its {counted[1]} longer words start with a capital); "
                               "write it in sentence case, with capitals for the first word and for names only, like `Template text too long`")


def _api_message(value: object, line: int, code: str, report: Reporter) -> None:
    """The error message the API sends with the code besides its title (the On-Premises API's
    `details`), exactly as sent: plain text in quotes, one line."""
    if not isinstance(value, str) or not value.strip() or "\n" in value:
        report.add(line, code, 'api_message must be the message the API sends, on one line in quotes, like api_message: "Translated text too long"')
        return
    _as_sent(value, line, code, report, "api_message", "api_message", "message")


def _as_sent(value: str, line: int, code: str, report: Reporter, named: str, sized: str, noun: str) -> None:
    """Text the API sends, recorded as sent (a title, a message): the text rules, the length of a
    title, and no start a spreadsheet would run. named/sized: how messages name it; noun: what it is."""
    for problem in text.problems(value):
        report.add(line, code, f"{named}: {problem}")
    if len(value) > MAX_LENGTH["title"]:
        report.add(line, code, f"{sized} is {len(value)} characters, over the limit of {MAX_LENGTH['title']}; shorten it")
    if value.lstrip().startswith(FORMULA_START):
        report.add(line, code, f"{named} starts with `{value.lstrip()[0]}`, which spreadsheets read as a formula; write the {noun} as the API sends it, without it")


def _titles_seen(value: object, line: int, code: str, report: Reporter, title: object) -> None:
    """Other titles the API or Meta's tables have used for the code: plain text, each one once,
    none the same as title.en (compared as every matcher compares titles, text.title_key)."""
    if not isinstance(value, Seq) or not value:
        report.add(line, code, 'titles_seen must be a list of titles in quotes, like titles_seen: ["Template Param Count Mismatch"]')
        return
    current = title.get("en") if isinstance(title, Map) and isinstance(title.get("en"), str) else None
    seen = set()
    for item, at in zip(value, value.item_lines):
        if not isinstance(item, str) or not item.strip():
            report.add(at, code, f"a title in titles_seen must be text in quotes, not `{item}`")
            continue
        _as_sent(item, at, code, report, f"title `{item}` in titles_seen", "title in titles_seen", "title")
        key = text.title_key(item)
        if current is not None and key == text.title_key(current):
            report.add(at, code, f"title `{item}` in titles_seen is title.en (titles are compared without case and punctuation); remove it")
        elif key in seen:
            report.add(at, code, f"title `{item}` is listed twice in titles_seen (titles are compared without case and punctuation); remove one")
        seen.add(key)


def _cited(item: Map, code: str, report: Reporter) -> None:
    """charged, acts and retry_after state facts: each names, under `cite:`, the source among the
    entry's `sources` that says so; a cite names only facts the entry states."""
    cite = item.get("cite")
    if "cite" in item and (not isinstance(cite, Map) or not cite):
        report.add(item.line_of("cite"), code, "cite must map each fact to the sources that state it, like cite: {charged: [meta-pricing], acts: [meta-error-codes]}")
        cite = None
    sources = item.get("sources")
    listed = {key for key in sources if isinstance(key, str)} if isinstance(sources, Seq) else None
    if isinstance(cite, Map):
        for fact, keys in cite.items():
            at = cite.line_of(fact)
            if fact not in CITED_FACTS:
                report.add(at, code, f"cite names `{fact}`{_suggest(str(fact), CITED_FACTS)}, which is not a fact to cite; cite charged, acts or retry_after")
                continue
            if fact not in item:
                report.add(at, code, f"cite.{fact} cites a source for `{fact}`, which this entry does not have; remove cite.{fact}")
                continue
            if not isinstance(keys, Seq) or not keys:
                report.add(at, code, f"cite.{fact} must be a list of source keys, like {fact}: [meta-error-codes]")
                continue
            for key, key_line in zip(keys, keys.item_lines):
                if not isinstance(key, str):
                    report.add(key_line, code, f"cite.{fact} must be a list of source keys, like {fact}: [meta-error-codes]")
                elif listed is not None and key not in listed:
                    report.add(key_line, code, f"cite.{fact} names `{key}`, which is not in this entry's sources; add it to sources, or cite one of {', '.join(sorted(listed))}")
    valid = {"charged": CHARGED, "acts": ACTS}
    for fact in CITED_FACTS:
        value = item.get(fact)
        if fact not in item or (fact in valid and value not in valid[fact]):
            continue  # an invalid value is reported by its own rule first
        if fact == "retry_after" and not (isinstance(value, str) and RETRY_AFTER_RE.match(value)):
            continue
        if not isinstance(cite, Map) or fact not in cite:
            report.add(item.line_of(fact), code, f"`{fact}` has no source cited; add `{fact}: [<source key>]` under `cite:`, naming the source in sources that states it, or remove {fact}")


def _related(related: object, line: int, code: str, report: Reporter) -> None:
    if not isinstance(related, Seq):
        report.add(line, code, 'related must be a list of quoted codes, like related: ["130429"]')
        return
    seen = set()
    for value, item_line in zip(related, related.item_lines):
        if not isinstance(value, str) or not CODE_RE.match(value):
            report.add(item_line, code, f"related code `{value}` is not a quoted code; write it like \"130429\"")
        elif value in seen:
            report.add(item_line, code, f"related code {value} is listed twice; remove one")
        else:
            seen.add(value)


def _sources(value: object, line: int, code: str, report: Reporter, known: set[str] | None) -> None:
    if not isinstance(value, Seq) or not value:
        report.add(line, code, "sources must be a non-empty list of keys from catalog/sources.yml, like sources: [meta-error-codes]")
        return
    for key, item_line in zip(value, value.item_lines):
        if not isinstance(key, str) or (known is not None and key not in known):
            report.add(item_line, code, f"unknown source `{key}`{_suggest(str(key), known or ())}; use a key of catalog/sources.yml or add the source there")


def across(entries: list[tuple[Map, Reporter]]) -> None:
    """Rules that need every entry: duplicates, overlapping ranges, related links, successors."""
    valid = [(item, report) for item, report in entries if isinstance(item.get("code"), str) and CODE_RE.match(item["code"])]
    first: dict[str, tuple[Map, Reporter]] = {}
    for item, report in valid:
        code = item["code"]
        if code in first:
            other, other_report = first[code]
            report.add(item.line_of("code"), code, f"duplicate code: already defined at {other_report.shown}:{other.line_of('code')}; keep one entry")
        else:
            first[code] = (item, report)
    # A single code may have an entry of its own inside a range (Meta gives 200 its own row within
    # 200-299): the exact entry wins wherever a code is resolved. Ranges may not overlap each other.
    # Sorted by low end, a range overlaps an earlier one exactly when it starts before the furthest
    # high end seen so far (reversed ranges are reported elsewhere).
    spans = sorted((sort_key(code), item, report) for code, (item, report) in first.items() if "-" in code and sort_key(code)[0] < sort_key(code)[1])
    reach, reacher = -1, None
    for (low, high), item, report in spans:
        if low <= reach:
            other, other_report = reacher
            report.add(item.line_of("code"), item["code"], f"overlaps the range `{other['code']}` at {other_report.shown}:{other.line_of('code')}; ranges may not share codes (a single code inside a range may have its own entry)")
        if high > reach:
            reach, reacher = high, (item, report)
    # codes written in any form count as known here, so one bad code is reported once, not again at every link to it
    written = {str(item.get("code")) for item, _ in entries}
    for item, report in valid:
        related = item.get("related")
        if not isinstance(related, Seq):
            continue
        for value, line in zip(related, related.item_lines):
            if not isinstance(value, str):
                continue
            if value == item["code"]:
                report.add(line, item["code"], "an entry cannot be related to itself; remove it from related")
            elif value not in first and value not in written and CODE_RE.match(value):
                report.add(line, item["code"], _not_an_entry(value, first))
    for item, report in valid:
        successor = item.get("successor")
        if item.get("retired") is not True or not isinstance(successor, str) or not CODE_RE.match(successor):
            continue
        line = item.line_of("successor")
        if successor == item["code"]:
            report.add(line, item["code"], "a retired entry cannot be its own successor; name the code that replaces it")
        elif successor not in first:
            report.add(line, item["code"], f"successor {successor} is not an entry of the catalog; name the code that replaces this one")
        elif first[successor][0].get("retired") is True:
            report.add(line, item["code"], f"successor {successor} is retired too; name the code that is in use now")


def _table(data: object, key: str, kind: type, report: Reporter, example: str, wrong: str) -> Map | Seq | None:
    """The table under `key` of a catalog file, or None once its absence or shape is reported."""
    table = top_level(data, key, report, example)
    if table is MISSING:
        return None
    if not isinstance(table, kind) or not table:
        report.add(getattr(table, "line", data.line_of(key)), "-", wrong)
        return None
    return table


def categories(data: object, report: Reporter) -> None:
    table = _table(data, "categories", Map, report, "list each category under `categories:` with a name and an intro",
                   "`categories:` must map category keys to a name and an intro")
    if table is None:
        return
    for key, value in table.items():
        line = table.line_of(key)
        if not CATEGORY_KEY_RE.match(key):
            report.add(line, "-", f"category key `{key}` is not a URL segment; use lower-case letters, digits and hyphens")
        elif key in RESERVED_CATEGORY_KEYS:
            report.add(line, "-", f"category key `{key}` is used by the site itself; choose another key")
        if not isinstance(value, Map):
            report.add(line, "-", f"category `{key}` needs `name:` and `intro:`, each with `id:` and `en:`")
            continue
        for field in value:
            if field not in ("name", "intro"):
                report.add(value.line_of(field), "-", f"unknown key `{field}` in category `{key}`; the keys are name and intro")
        for field in ("name", "intro"):
            if field not in value:
                report.add(value.line, "-", f"category `{key}` is missing `{field}`; add it with `id:` and `en:`")
            else:
                localized(value[field], field, value.line_of(field), "-", report, plain_only=field == "name")


def provider(data: object, report: Reporter) -> None:
    if not isinstance(data, Map):
        report.add(1, "-", "provider.yml must hold `name:` and `helpdesk:` with `name:` and `url:`")
        return
    for key in data:
        if key not in ("name", "helpdesk", "pages"):
            report.add(data.line_of(key), "-", f"unknown key `{key}`; provider.yml holds name, helpdesk and pages")
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        report.add(data.line_of("name"), "-", "the provider needs a `name:`")
    _hidden(data.get("name"), data.line_of("name"), "-", "the provider's `name`", report)
    helpdesk = data.get("helpdesk")
    if not isinstance(helpdesk, Map) or not all(isinstance(helpdesk.get(k), str) and helpdesk[k].strip() for k in ("name", "url")):
        report.add(data.line_of("helpdesk"), "-", "`helpdesk:` needs `name:` and `url:` (an https:// or http:// address, or mailto:)")
    elif not re.match(r"(https?://|mailto:)", helpdesk["url"]):
        report.add(helpdesk.line_of("url"), "-", "the helpdesk url must start with https://, http:// or mailto:")
    if isinstance(helpdesk, Map):
        for key in helpdesk:
            if key not in ("name", "url", "report_url", "help_url"):
                report.add(helpdesk.line_of(key), "-", f"unknown key `{key}` under `helpdesk:`; it holds name, url, report_url and help_url")
            else:
                _hidden(helpdesk[key], helpdesk.line_of(key), "-", f"the helpdesk's `{key}`", report)
        for key in DESTINATIONS:
            if key in helpdesk:
                problem = _report_url_problem(helpdesk[key], key)
                if problem:
                    report.add(helpdesk.line_of(key), "-", problem)


def provider_pages(data: Map, report: Reporter, sources: set[str] | None) -> None:
    """provider.yml's `pages:`: the keys of sources.yml that are the provider's own pages."""
    _sources(data["pages"], data.line_of("pages"), "-", report, sources)


def provider_destinations(data: Map, report: Reporter, sources_data: Map) -> None:
    """Where "Report a wrong entry" and "Need help?" lead must be someone who can act: not the home
    page of the provider's documentation (the site of one of its `pages`), where nobody reads the
    code or the page that were filled in."""
    helpdesk, table = data.get("helpdesk"), sources_data.get("sources") if isinstance(sources_data, Map) else None
    if not isinstance(helpdesk, Map) or not isinstance(table, Map):
        return
    homes = set()
    for key in data.get("pages") or ():
        url = table.get(key).get("url") if isinstance(table.get(key), Map) else None
        if isinstance(url, str) and (found := re.match(r"https?://([^/?#]+)", url)):
            homes.add(found.group(1).lower())
    for key in DESTINATIONS:
        value = helpdesk.get(key)
        found = re.match(r"https://([^/?#]+)(/?)(?:[?#]|$)", value) if isinstance(value, str) else None
        if found and found.group(1).lower() in homes:
            report.add(helpdesk.line_of(key), "-", f"`{key}` leads to the home page of the provider's documentation "
                       f"(https://{found.group(1)}/), where nobody reads the code or the page; point it at a contact form, "
                       "a mailto: address or a chat link (such as https://wa.me/<number>?text=...), with {code} and {url} where they fit")


# Addresses in provider.yml's helpdesk filled with {code} and {url}: "Report a wrong entry", "Need help?".
DESTINATIONS = ("report_url", "help_url")
REPORT_PLACEHOLDERS = ("{code}", "{url}")


def _report_url_problem(value: object, key: str = "report_url") -> str | None:
    """What is wrong with helpdesk.report_url (the link each page offers to report a wrong entry)
    or helpdesk.help_url ("Need help?"), or None. Its host (or mail address) is fixed here: the
    placeholders, filled in with URL-encoded values, may stand only in the path, query or fragment
    (or a mailto's headers)."""
    how = ("write it like `https://help.example.com/report?code={code}&page={url}` or "
           "`mailto:help@example.com?subject=Error%20{code}&body={url}`")
    if not isinstance(value, str) or not value.strip():
        return f"`{key}` must be a URL; {how}"
    if len(value) > 1000:
        return f"`{key}` is {len(value)} characters long; keep it under 1000"
    if not value.startswith(("https://", "mailto:")):
        return f"`{key}` must start with https:// or mailto:; {how}"
    if re.search(r'[\x00-\x20\x7f\\"<>`^|]', value):
        return f"`{key}` has a space, a control character or one of \\ \" < > ` ^ |; write them URL-encoded (a space is %20)"
    rest = value
    for placeholder in REPORT_PLACEHOLDERS:
        rest = rest.replace(placeholder, "")
    if "{" in rest or "}" in rest:
        unknown = re.findall(r"\{[^{}]*\}", rest)
        named = f"unknown placeholder `{unknown[0]}`" if unknown else "a `{` or `}` outside a placeholder"
        return f"`{key}` has {named}; the only placeholders are {{code}} (the code) and {{url}} (the page's ticket link)"
    if value.startswith("https://"):
        host = re.match(r"https://([^/?#]*)", value).group(1)
        if not host or "{" in host:
            return f"`{key}` needs a fixed host after https://, with placeholders only in the path or query; {how}"
    else:
        address = value[len("mailto:"):].split("?")[0]
        if "{" in address:
            return f"`{key}` needs a fixed mail address after mailto:, with placeholders only after `?`; {how}"
    return None


def sources(data: object, report: Reporter) -> None:
    table = _table(data, "sources", Map, report, "list each source under `sources:` with a title and an optional url",
                   "`sources:` must map source keys to a title and an optional url")
    if table is None:
        return
    for key, value in table.items():
        line = table.line_of(key)
        if not isinstance(value, Map) or not isinstance(value.get("title"), str) or not value["title"].strip():
            report.add(line, "-", f"source `{key}` needs a `title:`")
            continue
        for field in value:
            if field not in ("title", "url"):
                report.add(value.line_of(field), "-", f"unknown key `{field}` in source `{key}`; the keys are title and url")
            else:
                _hidden(value[field], value.line_of(field), "-", f"the `{field}` of source `{key}`", report)
        if "url" in value and not (isinstance(value["url"], str) and value["url"].startswith("https://")):
            report.add(value.line_of("url"), "-", f"the url of source `{key}` must start with https://")


def origins(data: object, report: Reporter, sources: set[str] | None) -> None:
    """catalog/origins.yml: per origin, a notice every entry of it shares (optional file)."""
    table = _table(data, "origins", Map, report, "list each origin under `origins:` with its notice and sources",
                   "`origins:` must map an origin (meta, meta-onprem, provider) to its notice and sources")
    if table is None:
        return
    for origin, item in table.items():
        line = table.line_of(origin)
        if origin not in ORIGINS:
            report.add(line, "-", f"unknown origin `{origin}`{_suggest(str(origin), ORIGINS)}; use one of {', '.join(ORIGINS)}")
            continue
        if not isinstance(item, Map):
            report.add(line, "-", f"origin `{origin}` needs `notice:` (id and en) and `sources:`")
            continue
        for key in item:
            if key not in ("notice", "sources"):
                report.add(item.line_of(key), "-", f"unknown key `{key}` in origin `{origin}`; the keys are notice and sources")
        for key in ("notice", "sources"):
            if key not in item:
                report.add(line, "-", f"origin `{origin}` is missing `{key}`; every origin here needs notice and sources")
        if "notice" in item:
            localized(item["notice"], "notice", item.line_of("notice"), "-", report)
        if "sources" in item:
            _sources(item["sources"], item.line_of("sources"), "-", report, sources)


def families(data: object, report: Reporter, categories: set[str] | None, sources: set[str] | None) -> None:
    """catalog/families.yml: blocks of codes Meta documents as one feature (optional file)."""
    table = _table(data, "families", Seq, report, "list each family under `families:` with codes, category, name and sources",
                   "`families:` must be a list, each item starting with `- codes:`")
    if table is None:
        return
    spans = []
    for item, line in zip(table, table.item_lines):
        if not isinstance(item, Map):
            report.add(line, "-", "each family must be a mapping that starts with `- codes: \"low-high\"`")
            continue
        for key in item:
            if key not in ("codes", "category", "name", "sources"):
                report.add(item.line_of(key), "-", f"unknown key `{key}` in a family; the keys are codes, category, name and sources")
        for key in ("codes", "category", "name", "sources"):
            if key not in item:
                report.add(item.line, "-", f"a family is missing `{key}`; every family needs codes, category, name and sources")
        codes = item.get("codes")
        if "codes" in item:
            if not isinstance(codes, str) or not CODE_RE.match(codes) or "-" not in codes or sort_key(codes)[0] >= sort_key(codes)[1]:
                report.add(item.line_of("codes"), "-", f"family codes `{codes}` is not a range; write the block as \"low-high\", like \"131200-131299\"")
            else:
                spans.append((sort_key(codes), item.line_of("codes"), codes))
        shown = codes if isinstance(codes, str) and CODE_RE.match(codes) else "-"
        category = item.get("category")
        if "category" in item and (not isinstance(category, str) or (categories is not None and category not in categories)):
            report.add(item.line_of("category"), shown, f"unknown category `{category}`{_suggest(str(category), categories or ())}; use a key of catalog/categories.yml")
        if "name" in item:
            localized(item["name"], "name", item.line_of("name"), shown, report, plain_only=True)
        if "sources" in item:
            _sources(item["sources"], item.line_of("sources"), shown, report, sources)
    spans.sort()
    for (first, _, first_codes), (second, line, codes) in zip(spans, spans[1:]):
        if second[0] <= first[1]:
            report.add(line, codes, f"overlaps the family `{first_codes}`; a code may belong to one family only")


def shared_titles(data: object, report: Reporter) -> None:
    """catalog/titles.yml: the titles more than one entry has on purpose, each with its codes."""
    table = _table(data, "titles", Seq, report, "list each shared title under `titles:` with its codes",
                   "`titles:` must be a list, each item starting with `- title:`")
    if table is None:
        return
    first: dict[str, int] = {}
    for item, line in zip(table, table.item_lines):
        if not isinstance(item, Map):
            report.add(line, "-", "each shared title must be a mapping that starts with `- title:` and has `codes:`")
            continue
        for key in item:
            if key not in ("title", "codes"):
                report.add(item.line_of(key), "-", f"unknown key `{key}` in a shared title; the keys are title and codes")
        title = item.get("title")
        if not isinstance(title, str) or not title.strip():
            report.add(item.line_of("title") if "title" in item else line, "-", "a shared title needs `title:`, the title as an entry has it")
        else:
            _hidden(title, item.line_of("title"), "-", "the shared title", report)
            key = text.title_key(title)
            if key in first:
                report.add(item.line_of("title"), "-", f"the title `{title}` is listed twice (first on line {first[key]}); keep one and list every code that shares it there")
            else:
                first[key] = item.line_of("title")
        codes = item.get("codes")
        if not isinstance(codes, Seq) or len(codes) < 2 or not all(isinstance(c, str) and CODE_RE.match(c) for c in codes):
            report.add(item.line_of("codes") if "codes" in item else line, "-", 'a shared title needs `codes:`, the quoted codes of the entries that share it (two or more), like codes: ["2000", "132000"]')
        elif len(set(codes)) != len(codes):
            report.add(item.line_of("codes"), "-", "a code is listed twice in `codes:`; list each code once")


def titles_across(entries: list[tuple[Map, Reporter]], listed: object, listed_report: Reporter | None) -> None:
    """Every title (title.en or an item of titles_seen, compared with text.title_key, as lookup,
    search, the decoder and the report reader compare them) belongs to one entry, unless
    catalog/titles.yml lists the share; a listed share must still be true. A plain_title, which
    lookup finds as well, names one entry too: another entry may have it as its plain_title only
    when the two are an On-Premises code and its `successor`, or titles.yml lists them together,
    and as a title the API sends only when the share is listed. `listed` is the file's data once
    it is valid, else None."""
    holders: dict[str, dict[str, tuple[str, Reporter, int]]] = {}  # title key -> code -> (title, where)
    plain: dict[str, dict[str, tuple[str, Reporter, int]]] = {}  # the same for plain titles
    successors: dict[str, str] = {}  # On-Premises code -> the code that replaces it
    codes_seen = set()
    for item, report in entries:
        code = item.get("code")
        if not isinstance(code, str) or not CODE_RE.match(code) or code in codes_seen:
            continue  # a code written twice is reported once, as a duplicate
        codes_seen.add(code)
        titles = []
        title = item.get("title")
        if isinstance(title, Map) and isinstance(title.get("en"), str):
            titles.append((title["en"], title.line_of("en")))
        seen = item.get("titles_seen")
        if isinstance(seen, Seq):
            titles += [(t, at) for t, at in zip(seen, seen.item_lines) if isinstance(t, str)]
        for value, at in titles:
            key = text.title_key(value)
            if key:
                holders.setdefault(key, {}).setdefault(code, (value, report, at))
        value = item.get("plain_title")
        if isinstance(value, str) and (key := text.title_key(value)):
            plain.setdefault(key, {})[code] = (value, report, item.line_of("plain_title"))
        if item.get("origin") == "meta-onprem" and isinstance(item.get("successor"), str):
            successors[code] = item["successor"]
    shares: dict[str, tuple[str, tuple[str, ...], int]] = {}
    if isinstance(listed, Map) and isinstance(listed.get("titles"), Seq):
        for item in listed["titles"]:
            shares[text.title_key(item["title"])] = (item["title"], tuple(item["codes"]), item.line_of("title"))
    for key, codes in holders.items():
        if len(codes) < 2 or key in shares:
            continue
        (first, (_, first_report, first_line)), *others = sorted(codes.items(), key=lambda pair: sort_key(pair[0]))
        for code, (value, report, at) in others:
            report.add(at, code, f"the title `{value}` is also a title of {first} ({first_report.shown}:{first_line}); make the titles differ, or list the share in catalog/titles.yml if both codes have it")
    together = [set(codes) for _, codes, _ in shares.values()]
    for key, codes in plain.items():
        if key in shares:
            continue
        ordered = sorted(codes.items(), key=lambda pair: sort_key(pair[0]))
        first, (_, first_report, first_line) = ordered[0]
        pair = set(codes)
        if len(codes) > 1 and not (len(codes) == 2 and any(successors.get(a) == b for a in pair for b in pair)
                                   or any(pair <= group for group in together)):
            for code, (value, report, at) in ordered[1:]:
                report.add(at, code, f"plain_title `{value}` is also the plain_title of {first} ({first_report.shown}:{first_line}); give each entry its own, "
                                     "unless they are an On-Premises code and its successor or catalog/titles.yml lists them together")
        for code, (value, report, at) in ordered:
            sent = sorted((c for c in holders.get(key, {}) if c != code and code not in holders[key]), key=sort_key)
            if sent:
                _, other_report, other_line = holders[key][sent[0]]
                report.add(at, code, f"plain_title `{value}` is the title the API sends for {sent[0]} ({other_report.shown}:{other_line}), so lookup would find both; "
                                     "reword it, or list the share in catalog/titles.yml if both codes have it")
    for key, (title, codes, line) in shares.items():
        actual = sorted(set(holders.get(key, {})) | set(plain.get(key, {})), key=sort_key)
        if len(actual) < 2:
            held = f"only {actual[0]} has it" if actual else "no entry has it"
            listed_report.add(line, "-", f"the title `{title}` is no longer shared ({held}); remove it from this file")
        elif set(actual) != set(codes):
            listed_report.add(line, "-", f"the title `{title}` is a title of {', '.join(actual)}; list exactly these codes under it")
