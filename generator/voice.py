"""How catalog text sounds: the rules a blind native read taught us, driven by catalog/glossary.yml.

Three rules, each from a pattern readers kept finding (maintainers/blind-read.md):
- `phrasing`: phrasings that read as translated from English ("jangan sebelum itu") or as
  stock phrases ("with growing pauses"), each with the fix to use. A pattern is words;
  `…` stands for a few words within one sentence, and a word ending in `…` for any word
  starting so (`di… oleh kami` finds "dikelola oleh kami").
- `ticket_voice`: a ticket reply is written by a courteous helpdesk agent to a paying client,
  so its first instruction carries a polite marker ("Silakan…", "Mohon…", "Please…"). An
  instruction is a clause that starts with one of the listed imperatives.
- `repeated_sentences`: a sentence written (nearly) word for word in that many entries or more
  is one fact said many times; say it once (catalog/origins.yml, a category's intro) instead.
And one that needs no glossary: a word written twice in a row ("sistem kami kami"), which an edit
leaves behind and a customer would receive as is. Indonesian repeats a word with a hyphen
("kata-kata"), so two in a row with only a space between them are a slip.

A catalog without a glossary has none of these rules (tests/fixtures/mini).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .model import Glossary
from .text import prose as text_prose

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Clauses: what follows a sentence end, a colon, a semicolon or a comma.
_CLAUSE = re.compile(r"[.!?;:,]\s+|\s+[-–—]\s+")


def prose(text: str) -> str:
    """The words a reader reads: literals and placeholders as a neutral word, so clauses keep their shape."""
    return text_prose(text, "X")


def pattern(phrase: str) -> re.Pattern:
    """A phrasing pattern as a regular expression (see the module docstring)."""
    expression = ""
    for word in phrase.split():
        if word == "…":
            expression += r"(?:\s+[^\s.!?;:]+){0,8}?"  # up to eight words, within the sentence
            continue
        body = re.escape(word[:-1]) + r"[\w-]*" if word.endswith("…") else re.escape(word)
        expression += (r"\s+" if expression else "") + body
    return re.compile(rf"(?<![\w-]){expression}(?![\w-])", re.IGNORECASE)


def needle(phrase: str) -> str:
    """Text that must appear in a text (lower-cased) for the phrasing to match: its first word, a
    prefix cut at `…`. A substring test skips most rules at a fraction of a pattern's cost."""
    first = phrase.split()[0]
    return first.split("…")[0].lower()


_DOUBLED = re.compile(r"(?<![\w-])([^\W\d_]{2,})\s+\1(?![\w-])", re.IGNORECASE)


def doubled_words(text: str) -> list[str]:
    """A word written twice in a row, as the reader sees it (literals and links are left out)."""
    return [f'"{m.group(0)}" writes a word twice; write it once' for m in _DOUBLED.finditer(text_prose(text, "·"))]


def phrasing_problems(text: str, lang: str, glossary: Glossary) -> list[str]:
    words = prose(text)
    lower = words.lower()
    return [f'"{m.group(0)}" {why}; {fix}'
            for rule, why, fix, first in glossary.phrasing.get(lang, ()) if first in lower
            for m in rule.finditer(words)]


@lru_cache(maxsize=None)
def _polite(markers: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(rf"(?<![\w-]){re.escape(p)}(?![\w-])" for p in markers), re.IGNORECASE)


def _starts(clause: str, phrases: tuple[str, ...]) -> bool:
    low = clause.lower()
    return any(low == p or low.startswith(p + " ") for p in phrases)


def ticket_voice_problem(text: str, lang: str, glossary: Glossary) -> str | None:
    """Why a ticket reply reads as a manual rather than an agent, or None."""
    voice = glossary.ticket_voice.get(lang)
    if not voice:
        return None
    polite, instructions = voice
    for clause in _CLAUSE.split(prose(text)):
        clause = clause.strip(" \"'“”(").strip()
        if _polite(polite).search(clause):
            return None
        if _starts(clause, instructions):
            words = clause.split()
            first = " ".join(words[:4]).rstrip(".,;:!?") + ("…" if len(words) > 4 else "")
            markers = ", ".join(f'"{p.capitalize()}…"' for p in polite[:3])
            return (f'the first instruction, "{first}", is bare; a helpdesk agent writes to a paying client: '
                    f"soften it with {markers}")
    return None


def _normal(sentence: str) -> str:
    """A sentence as compared across entries: case, numbers, literals and punctuation ignored."""
    words = re.sub(r"\d+", "#", prose(sentence).lower())
    return " ".join(re.sub(r"[^\w#\s]", " ", words).split())


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def repeated(texts: list[tuple[str, str, str, int, str, str]], limit: int) -> list[tuple[str, int, str, str]]:
    """texts: (entry code, file, field, line, lang, text). Every sentence of at least five words
    written in `limit` entries or more, reported once at its first place:
    (file, line, code, message)."""
    seen: dict[tuple[str, str], list[tuple[str, str, str, int, str]]] = {}
    for code, file, field, line, lang, text in texts:
        for sentence in sentences(text):
            key = _normal(sentence)
            if len(key.split()) >= 5:
                seen.setdefault((lang, key), []).append((code, file, field, line, sentence))
    out = []
    for places in seen.values():
        codes = list(dict.fromkeys(code for code, *_ in places))
        if len(codes) >= limit:
            code, file, field, line, sentence = places[0]
            shown = sentence if len(sentence) <= 80 else sentence[:77] + "..."
            others = ", ".join(codes[1:6]) + (", …" if len(codes) > 6 else "")
            out.append((file, line, code,
                        f'{field}: "{shown}" is written in {len(codes)} entries (also {others}); one fact is said once: '
                        "write it for each entry's own case, or say it once in catalog/origins.yml or the category's intro"))
    return out
