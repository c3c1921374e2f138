"""The glossary (catalog/glossary.yml) and the word rules it drives.

One term per concept: a variant listed under `avoid` is reported wherever it stands
in a catalog text of that language (`use "…" instead of "…"`). A customer message,
which the business sends to its own customer, must also be free of the glossary's
jargon, of code numbers, of "kita" and of talk about "the customer" in the third
person. `words` lists what the spelling check (generator/spelling.py) accepts
beyond its dictionaries. `synonyms` maps, per language, what people type to the word
the catalog uses ("saldo" -> "kuota"); with the variants to avoid, search reads them
(generator/search_index.py). The loader reads the file once and the catalog carries
it (`Catalog.glossary`).

Matching ignores `literals` and link targets: a literal is a value, not prose.
"""
from __future__ import annotations

import re
from pathlib import Path

from . import voice, yamlfile
from .diagnostics import Diagnostic
from .model import LANGS, Glossary
from .text import prose  # noqa: F401  (spelling.py reads it from here too)

_LINK = re.compile(r"\[([^\[\]`]+)\]\([^()\s]*(?:\([^()\s]*\))?[^()\s]*\)")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_]+\}")
# A number of three digits or more: an error code or a count means nothing to a customer.
_CODE_NUMBER = re.compile(r"(?<![\d.,])\d{3,}(?![\d.,]\d)")
# Talking about the reader instead of to them, in a message addressed to the customer.
_THIRD_PERSON = {"id": ("pelanggan", "penerima"), "en": ("the customer", "the recipient")}


EMPTY = Glossary({lang: [] for lang in LANGS}, {lang: [] for lang in LANGS})


def _word(phrase: str, exact_case: bool = False) -> re.Pattern:
    """A whole word or phrase: not part of a longer word (letters, digits, hyphen)."""
    body = r"\s+".join(re.escape(part) for part in phrase.split())
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", 0 if exact_case else re.IGNORECASE)




KEYS = ("terms", "jargon", "words", "synonyms", "phrasing", "ticket_voice", "repeated_sentences")


def _phrases(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)


def _voice(data: yamlfile.Map, bad) -> tuple[dict, dict, int | None]:
    """The sections that say how text must sound (generator/voice.py)."""
    phrasing: dict[str, list] = {lang: [] for lang in LANGS}
    rules = data.get("phrasing", yamlfile.Seq())
    if not isinstance(rules, yamlfile.Seq):
        bad(data.line_of("phrasing"), "`phrasing:` must be a list, each item with a pattern per language, `why:` and `fix:`")
        rules = yamlfile.Seq()
    for rule, line in zip(rules, getattr(rules, "item_lines", [])):
        ok = (isinstance(rule, yamlfile.Map) and isinstance(rule.get("why"), str) and isinstance(rule.get("fix"), str)
              and any(isinstance(rule.get(lang), str) and rule[lang].strip() for lang in LANGS)
              and all(key in (*LANGS, "why", "fix") for key in rule))
        if not ok:
            bad(line, 'each phrasing needs a pattern (`id:` or `en:`), `why:` and `fix:`, like id: "jangan sebelum itu"')
            continue
        for lang in LANGS:
            if isinstance(rule.get(lang), str):
                phrasing[lang].append((voice.pattern(rule[lang]), rule["why"], rule["fix"], voice.needle(rule[lang])))
    ticket: dict[str, tuple] = {}
    table = data.get("ticket_voice", yamlfile.Map())
    for lang in (table if isinstance(table, yamlfile.Map) else ()):
        item = table[lang]
        if lang not in LANGS or not isinstance(item, yamlfile.Map) or not _phrases(item.get("polite")) or not _phrases(item.get("instructions")):
            bad(table.line_of(lang), f"`ticket_voice: {lang}:` needs `polite:` and `instructions:`, each a list of words that open a clause")
            continue
        ticket[lang] = (tuple(p.lower() for p in item["polite"]), tuple(p.lower() for p in item["instructions"]))
    if "ticket_voice" in data and not isinstance(table, yamlfile.Map):
        bad(data.line_of("ticket_voice"), "`ticket_voice:` maps a language to its `polite:` and `instructions:` lists")
    limit = data.get("repeated_sentences")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 2):
        bad(data.line_of("repeated_sentences"), "`repeated_sentences:` is a number of entries from 2, like 5")
        limit = None
    return phrasing, ticket, limit


def read(path: Path, shown: str) -> tuple[Glossary, list[Diagnostic]]:
    """The glossary file, or the empty glossary (no file) with its problems."""
    if not path.exists():
        return EMPTY, []
    data, problems = yamlfile.read(path, shown)
    if problems or data is None:
        return EMPTY, problems

    def bad(line: int, message: str) -> None:
        problems.append(Diagnostic(shown, line, "-", message))

    if not isinstance(data, yamlfile.Map):
        bad(1, "glossary.yml holds `terms:`, `jargon:`, `words:` and `synonyms:`")
        return EMPTY, problems
    for key in data:
        if key not in KEYS:
            bad(data.line_of(key), f"unknown key `{key}`; glossary.yml holds {', '.join(KEYS[:-1])} and {KEYS[-1]}")
    avoid: dict[str, list] = {lang: [] for lang in LANGS}
    synonyms: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    terms = data.get("terms", yamlfile.Seq())
    if not isinstance(terms, yamlfile.Seq):
        bad(data.line_of("terms"), "`terms:` must be a list, each item starting with `- concept:`")
        terms = yamlfile.Seq()
    seen: dict[tuple[str, str], int] = {}
    for term, line in zip(terms, getattr(terms, "item_lines", [])):
        if not isinstance(term, yamlfile.Map) or not isinstance(term.get("concept"), str):
            bad(line, "each term needs `concept:` and, per language, `use:` and `avoid:`")
            continue
        for lang in LANGS:
            rule = term.get(lang)
            if rule is None:
                continue
            ok = (isinstance(rule, yamlfile.Map) and isinstance(rule.get("use"), str)
                  and isinstance(rule.get("avoid"), yamlfile.Seq) and all(isinstance(v, str) and v.strip() for v in rule["avoid"]))
            if not ok:
                bad(term.line_of(lang), f"term `{term['concept']}`: `{lang}:` needs `use:` (a word) and `avoid:` (a list of words)")
                continue
            for variant in rule["avoid"]:
                if (lang, variant.lower()) in seen:
                    bad(term.line_of(lang), f"`{variant}` is avoided twice (first on line {seen[(lang, variant.lower())]}); keep one")
                    continue
                seen[(lang, variant.lower())] = term.line_of(lang)
                avoid[lang].append((_word(variant), variant, rule["use"]))
                synonyms[lang][variant.lower()] = rule["use"]
    jargon: dict[str, list] = {lang: [] for lang in LANGS}
    table = data.get("jargon", yamlfile.Map())
    for lang in LANGS:
        words = table.get(lang, []) if isinstance(table, yamlfile.Map) else None
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            bad(getattr(table, "line", 1), f"`jargon:` needs `{lang}:` as a list of words")
            continue
        jargon[lang] = [(_word(w, exact_case=w.isupper()), w) for w in words]
    words = data.get("words", [])
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() and " " not in w for w in words):
        bad(data.line_of("words"), "`words:` must be a list of single words")
        words = []
    table = data.get("synonyms", yamlfile.Map())
    for lang in LANGS:
        typed = table.get(lang, {}) if isinstance(table, yamlfile.Map) else None
        if not isinstance(typed, dict) or not all(isinstance(k, str) and k.strip() and isinstance(v, str) and v.strip()
                                                 for k, v in typed.items()):
            bad(data.line_of("synonyms"), f"`synonyms:` needs `{lang}:` as a mapping of typed word to catalog word, like saldo: kuota")
            continue
        for variant, use in typed.items():
            synonyms[lang].setdefault(" ".join(variant.lower().split()), use)
    phrasing, ticket, limit = _voice(data, bad)
    return Glossary(avoid, jargon, tuple(words), synonyms, phrasing, ticket, limit), problems


def variants(text: str, lang: str, glossary: Glossary) -> list[str]:
    """`use "…" instead of "…"` for every avoided variant in the text."""
    words = prose(text)
    lower = words.lower()
    # A variant's first word must appear as text before its pattern can match: a substring test
    # skips most patterns at a fraction of a regular expression's cost (load runs this per text).
    return [f'use "{use}" instead of "{m.group(0)}"'
            for pattern, variant, use in glossary.avoid.get(lang, ()) if variant.split()[0].lower() in lower
            for m in pattern.finditer(words)]


def customer_problems(text: str, lang: str, glossary: Glossary) -> list[str]:
    """What a message to the business's own customer must not contain."""
    words = prose(text)
    found = [f'"{m.group(0)}" is jargon the customer does not know; say it in everyday words'
             for pattern, _ in glossary.jargon.get(lang, ()) for m in pattern.finditer(words)]
    # Literals count here (a code in backticks is still a code); link targets and placeholders do not.
    for m in _CODE_NUMBER.finditer(_PLACEHOLDER.sub(" ", _LINK.sub(r"\1", text)).replace("`", " ")):
        found.append(f'the number {m.group(0)} means nothing to the customer; leave codes out of the message')
    for phrase in _THIRD_PERSON[lang]:
        if _word(phrase).search(words):
            found.append(f'"{phrase}" talks about the reader; write to them ("{"Anda" if lang == "id" else "you"}")')
    return found


TEXT_FIELDS = ("title", "description", "action", "ticket_reply", "customer_message", "notes")


def entry_texts(item: yamlfile.Map) -> list[tuple[str, str, int, str]]:
    """(field, lang, line, text) of every text of a raw catalog entry that is well formed; the
    plain English title (`plain_title`, after the title) is an English text of our own."""
    out = []
    for name in TEXT_FIELDS:
        value = item.get(name)
        if isinstance(value, yamlfile.Map):
            out += [(f"{name}.{lang}", lang, value.line_of(lang), value[lang]) for lang in LANGS if isinstance(value.get(lang), str)]
        if name == "title" and isinstance(item.get("plain_title"), str):
            out.append(("plain_title", "en", item.line_of("plain_title"), item["plain_title"]))
    checks = item.get("checks")
    if isinstance(checks, yamlfile.Map):
        for lang in LANGS:
            steps = checks.get(lang)
            if isinstance(steps, yamlfile.Seq):
                out += [(f"checks.{lang}", lang, line, step) for step, line in zip(steps, steps.item_lines) if isinstance(step, str)]
    return out


def check_entry(item: yamlfile.Map, add, glossary: Glossary) -> None:
    """Report the entry's word problems through add(line, message)."""
    for name, lang, line, text in entry_texts(item):
        if name == "title.en":
            continue  # the title exactly as the API emits it: not ours to word
        for problem in variants(text, lang, glossary) + voice.phrasing_problems(text, lang, glossary) + voice.doubled_words(text):
            add(line, f"{name}: {problem}")
        if name.startswith("ticket_reply.") and (problem := voice.ticket_voice_problem(text, lang, glossary)):
            add(line, f"{name}: {problem}")
        if name.startswith("customer_message.") and glossary is not EMPTY:  # a catalog without a glossary has no word rules
            for problem in customer_problems(text, lang, glossary):
                add(line, f"{name}: {problem}")
