"""Catalog text: the small inline syntax it may use, and placeholders.

Catalog text is data, never HTML. It may carry two inline marks, `literal` and
[label](https://...), and the placeholders {provider} and {helpdesk}. `problems`
says what is wrong with a text; `tokens` splits a valid text into pieces that a
template renders (escaped) and that exports flatten back to plain text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

PLACEHOLDERS = ("provider", "helpdesk")
# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_CODE = re.compile(r"`([^`]*)`")
_LINK = re.compile(r"\[([^\[\]`]+)\]\(([^()\s]*(?:\([^()\s]*\))?[^()\s]*)\)")
_HTML = re.compile(r"</?[A-Za-z][^<>]*>|<!--")
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")
_MARK = re.compile(f"{_CODE.pattern}|{_LINK.pattern}")


@dataclass(frozen=True)
class Token:
    kind: str  # "text", "code" or "link"
    text: str
    url: Optional[str] = None


def problems(text: str) -> list[str]:
    """Everything wrong with one text, as messages that say how to fix it."""
    found = []
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
    if "[" in rest or "]" in rest:
        start = min(i for i in (rest.find("["), rest.find("]")) if i >= 0)
        near = " ".join(rest[start : start + 30].split())
        found.append(f"unbalanced Markdown link near `{near}`; write [label](https://example.com/page)")
    for name in _PLACEHOLDER.findall(outside):
        if name not in PLACEHOLDERS:
            found.append(f"unknown placeholder {{{name}}}; the placeholders are {{provider}} and {{helpdesk}}")
    return found


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
        else:
            out.append(Token("link", fill(m.group(2), values), m.group(3)))
        pos = m.end()
    if pos < len(text):
        out.append(Token("text", fill(text[pos:], values)))
    return out


def plain(text: str, values: dict[str, str]) -> str:
    """The text as a reader sees it, without marks: for exports, search and titles."""
    return "".join(t.text for t in tokens(text, values))


def filled(text: str, values: dict[str, str]) -> str:
    """The text with placeholders filled in and its marks kept, for data exports."""
    parts = []
    for t in tokens(text, values):
        if t.kind == "code":
            parts.append(f"`{t.text}`")
        elif t.kind == "link":
            parts.append(f"[{t.text}]({t.url})")
        else:
            parts.append(t.text)
    return "".join(parts)
