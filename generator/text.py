"""Catalog text: the small inline syntax it may use, and placeholders.

Catalog text is data, never HTML. It may carry two inline marks, `literal` and
[label](https://...), and the placeholders {provider} and {helpdesk}. A customer message may
also hold one fill-in slot, [your order]: the place where the business names what its message
was about, which no catalog can know; it stays in brackets wherever the text goes. `problems`
says what is wrong with a text (`name_problems`, with a name, which carries no mark
at all); `tokens` splits a valid text into pieces that a template renders (escaped)
and that exports flatten back to plain text; `copied` is the text a copy button
copies. No text may hold a character a reader cannot see (`hidden`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

PLACEHOLDERS = ("provider", "helpdesk")
# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_CODE = re.compile(r"`([^`]*)`")
_LINK = re.compile(r"\[([^\[\]`]+)\]\(([^()\s]*(?:\([^()\s]*\))?[^()\s]*)\)")
_HTML = re.compile(r"</?[A-Za-z][^<>]*>|<!--")
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")
# A slot: brackets not followed by a link's address, a few words long, without marks inside.
_SLOT = re.compile(r"\[([^\[\]`(){}\n]{1,60})\](?!\()")
_MARK = re.compile(f"{_CODE.pattern}|{_LINK.pattern}|{_SLOT.pattern}")

# Characters nobody sees that still change a text: invisible ones sit inside a word or a code
# (search and a pasted code then miss it), direction marks reorder what is shown around them,
# and YAML reads U+0085, U+2028 and U+2029 as line breaks that editors do not show.
_HIDDEN = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\x85\u2028\u2029]")
_DIRECTION = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
YAML_BREAKS = frozenset("\x85\u2028\u2029")


@dataclass(frozen=True)
class Token:
    kind: str  # "text", "code", "link" or "slot" (text: the slot's words, without brackets)
    text: str
    url: Optional[str] = None


# What a terminal acts on instead of showing: C0 controls but tab, DEL, C1 controls (ESC starts the
# sequences that move the cursor, recolour or retitle the window) and the direction controls.
_TERMINAL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f" + "".join(sorted(_DIRECTION)) + "]")


def for_terminal(text: str) -> str:
    """Text from a file or an argument, safe to print: every character a terminal would act on
    (an escape sequence, a line break, a direction control) written as its escape, e.g. \\x1b."""
    return _TERMINAL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def character_name(c: str) -> str:
    """How a message names a character, like `ZERO WIDTH SPACE (U+200B)`."""
    name = unicodedata.name(c, "NEXT LINE" if c == "\x85" else "")  # control characters have no name
    return f"{name} (U+{ord(c):04X})" if name else f"U+{ord(c):04X}"


def hidden(text: str) -> list[str]:
    """A message for each character a reader cannot see in `text`, each named once."""
    found = []
    for c in dict.fromkeys(_HIDDEN.findall(text)):
        if c in YAML_BREAKS:
            found.append(f"line break character {character_name(c)}, which editors do not show as a line break; delete it")
        elif c in _DIRECTION:
            found.append(f"direction-changing character {character_name(c)}, which reorders the text shown around it; delete it")
        else:
            found.append(f"invisible character {character_name(c)}, which hides inside words and codes from search and copying; delete it")
    return found


_LITERAL_WORD = re.compile(r"`[^`]*`")
_LINK_LABEL = re.compile(r"\[([^\[\]`]+)\]\([^()\s]*(?:\([^()\s]*\))?[^()\s]*\)")
_PLACEHOLDER_WORD = re.compile(r"\{[A-Za-z_]+\}")


def prose(text: str, filler: str = " ") -> str:
    """What a reader reads as words: links as their labels, literals and placeholders replaced by
    `filler` (a space where words are checked, a neutral word where sentences are parsed)."""
    return _PLACEHOLDER_WORD.sub(filler, _LINK_LABEL.sub(r"\1", _LITERAL_WORD.sub(filler, text)))


def slots(text: str) -> list[str]:
    """The words of each fill-in slot in a text (outside literals), in order."""
    return _SLOT.findall(_LINK.sub(" ", _CODE.sub(" ", text)))


def problems(text: str, slot: bool = False) -> list[str]:
    """Everything wrong with one text, as messages that say how to fix it. slot: the text may
    hold one fill-in slot (a customer message)."""
    found = hidden(text)
    if text.count("`") % 2:
        found.append("unclosed backtick `; close the literal with a second backtick")
        return found
    outside = _CODE.sub(" ", text)
    html = _HTML.search(outside)
    if html:
        found.append(f"raw HTML `{html.group(0)}` is not allowed; write plain text (put a literal value in backticks)")
    for label, url in _LINK.findall(outside):
        if not re.match(r"https?://", url):
            found.append(f"link target `{url}` is not allowed; links must start with https:// or http://")
    rest = _LINK.sub(" ", outside)
    found_slots = _SLOT.findall(rest)
    if found_slots and not slot:
        found.append(f"fill-in slot `[{found_slots[0]}]` is only for a customer message; write the words in full here "
                     "(or make it a link: [label](https://example.com/page))")
    elif len(found_slots) > 1:
        found.append(f"{len(found_slots)} fill-in slots (`[{found_slots[0]}]`, `[{found_slots[1]}]`); a customer message "
                     "leaves one place to fill in, for what the message was about")
    rest = _SLOT.sub(" ", rest)
    if "[" in rest or "]" in rest:
        start = min(i for i in (rest.find("["), rest.find("]")) if i >= 0)
        near = " ".join(rest[start : start + 30].split())
        found.append(f"unbalanced Markdown link near `{near}`; write [label](https://example.com/page)")
    for name in _PLACEHOLDER.findall(outside):
        if name not in PLACEHOLDERS:
            found.append(f"unknown placeholder {{{name}}}; the placeholders are {{provider}} and {{helpdesk}}")
    return found


def name_problems(text: str, what: str = "name") -> list[str]:
    """Everything wrong with a name (of a category or a family) or another text shown as written
    (`what`: an entry's plain English title), in navigation, page titles and the scripts'
    messages, where no mark or placeholder is read."""
    found = hidden(text)
    how = f"a {what} is plain text; write it as readers see it"
    if "`" in text:
        found.append(f"backtick ` in a {what}; {how}")
    if link := _LINK.search(text):
        found.append(f"link `{link.group(0)}` in a {what}; {how}, without a link")
    if html := _HTML.search(text):
        found.append(f"raw HTML `{html.group(0)}` in a {what}; {how}, without markup")
    if placeholder := _PLACEHOLDER.search(text):
        found.append(f"placeholder `{placeholder.group(0)}` in a {what}; {how}, without placeholders")
    return found


_LETTERS = re.compile(r"[^\W\d_]+")


def title_case(text: str) -> tuple[int, int] | None:
    """(capitalised, counted) when a title reads as Title Case ("Template Hydrated Text Too Long")
    rather than sentence case, else None. Counted are its words of four letters or more after the
    first, leaving out words in capitals and words with a capital inside (API, WhatsApp); Title Case
    is more than half of them, and at least two, starting with a capital. Names keep their
    capitals ("Business Manager name not valid" is sentence case)."""
    words = [w for w in _LETTERS.findall(text)[1:] if len(w) >= 4 and not w.isupper() and w[1:] == w[1:].lower()]
    capitalised = sum(w[0].isupper() for w in words)
    return (capitalised, len(words)) if capitalised >= 2 and capitalised * 2 > len(words) else None


def title_key(text: str) -> str:
    """A title as every matcher compares it (`generator check`, lookup, search, the decoder and
    the report reader): NFKC, lower case, runs of anything but letters and digits as one space,
    so "Message Undeliverable", "message undeliverable." and "MESSAGE  UNDELIVERABLE" are one
    title. The scripts do the same (WAErrors.titleKey in codes.js, `key` in report-worker.js)."""
    return " ".join(re.split(r"[\W_]+", unicodedata.normalize("NFKC", text).lower())).strip()


def fill(text: str, values: dict[str, str]) -> str:
    """Replace {provider} and {helpdesk}; anything else in braces stays as written."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def tokens(text: str, values: dict[str, str]) -> list[Token]:
    """Split a valid text into text/code/link tokens, with placeholders filled in."""
    out: list[Token] = []
    pos = 0
    for m in _MARK.finditer(text):
        if m.start() > pos:
            out.append(Token("text", fill(text[pos : m.start()], values)))
        if m.group(1) is not None:
            out.append(Token("code", m.group(1)))
        elif m.group(4) is not None:
            out.append(Token("slot", fill(m.group(4), values)))
        else:
            out.append(Token("link", fill(m.group(2), values), m.group(3)))
        pos = m.end()
    if pos < len(text):
        out.append(Token("text", fill(text[pos:], values)))
    return out


def _shown(t: Token) -> str:
    return f"[{t.text}]" if t.kind == "slot" else t.text


def plain(text: str, values: dict[str, str]) -> str:
    """The text as a reader sees it, without marks (a slot keeps its brackets): for exports, search and titles."""
    return "".join(_shown(t) for t in tokens(text, values))


def copied(text: str, values: dict[str, str]) -> str:
    """The text a copy button copies, to be pasted into a ticket or a chat: as a reader sees it,
    with each link's address after its label (`label (https://…)`; the address alone when the
    label is the address), so the link survives where no markup does."""
    return "".join(
        _shown(t) if t.kind != "link" else t.url if t.text == t.url else f"{t.text} ({t.url})"
        for t in tokens(text, values)
    )


def filled(text: str, values: dict[str, str]) -> str:
    """The text with placeholders filled in and its marks kept, for data exports."""
    parts = []
    for t in tokens(text, values):
        if t.kind == "code":
            parts.append(f"`{t.text}`")
        elif t.kind == "link":
            parts.append(f"[{t.text}]({t.url})")
        else:
            parts.append(_shown(t))
    return "".join(parts)
