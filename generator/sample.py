"""Draw entries for a blind read (`python -m generator sample N --seed S`).

A reviewer who has not seen the catalog grades N entries drawn by a seed the writer did
not choose (maintainers/blind-read.md says how). The draw depends only on the seed
and the catalog's entries in file order, so anyone can draw the same sample again; every
field is printed in both languages, placeholders filled as readers see them, with the
reader each field is written for.
"""
from __future__ import annotations

import random

from .model import LANGS, Catalog, Entry, Problem
from .strings import no_message, ui_strings
from .text import fill

# Field, and who writes it to whom (the rubric grades each text for its reader).
READERS = {
    "title": "the reference → the business",
    "description": "the reference → the business",
    "action": "the reference → the business",
    "checks": "the reference → the business",
    "ticket_reply": "the provider's helpdesk agent → the business client (pasted into a ticket as is)",
    "customer_message": "the business → its own customer",
    "notes": "the reference → a careful reader",
}
LANGUAGE = {"id": "Bahasa Indonesia", "en": "English"}


def draw(catalog: Catalog, count: int, seed: str) -> list[Entry | Problem]:
    """`count` entries and problems without a code (all of them if fewer), in the order drawn."""
    entries = [*catalog.entries, *catalog.problems]
    return random.Random(f"blind-read:{seed}").sample(entries, min(count, len(entries)))


def _fields(catalog: Catalog, entry: Entry | Problem, lang: str) -> list[tuple[str, str]]:
    values = catalog.placeholders
    # The title readers see: the Indonesian one, or the plain English one (title.en is the API's words).
    out = [("title", fill(entry.heading(lang), values))]
    out += [(name, fill(getattr(entry, name).get(lang), values)) for name in ("description", "action")]
    if entry.checks:
        out.append(("checks", "\n".join(f"{n}. {fill(step.get(lang), values)}" for n, step in enumerate(entry.checks, 1))))
    out.append(("ticket_reply", fill(entry.ticket_reply.get(lang), values)))
    if entry.customer_message:
        out.append(("customer_message", fill(entry.customer_message.get(lang), values)))
    else:
        reason = fill(no_message(ui_strings(lang), entry), values)
        out.append(("customer_message", f"(none offered: {entry.no_customer_message}; the page says: {reason})"))
    if entry.notes:
        out.append(("notes", fill(entry.notes.get(lang), values)))
    return out


def as_markdown(catalog: Catalog, entries: list[Entry | Problem], seed: str, langs: tuple[str, ...] = LANGS) -> str:
    """The sample as one Markdown document for the reviewer."""
    lines = [f"# Blind read: {len(entries)} entries drawn with seed {seed!r}", ""]
    for n, entry in enumerate(entries, 1):
        if isinstance(entry, Problem):
            lines += [f"## {n}. problem without a code: {entry.slug}", ""]
        else:
            lines += [f"## {n}. {entry.code} ({entry.origin}, {entry.category}, resend advice: {entry.retry})", ""]
        for lang in langs:
            lines += [f"### {LANGUAGE[lang]}", ""]
            for name, text in _fields(catalog, entry, lang):
                lines += [f"**{name}** ({READERS[name]}):", "", text, ""]
    return "\n".join(lines)
