"""CSV parsing as the report page does it: a port of Papa Parse 5.7.1's Parser to Python.

The report page reads a broadcast report with Papa Parse (overrides/assets/vendor/papaparse/,
v5.7.1); `generator report` reads the same file here. Python's csv module and Papa agree on
well-formed files but not on malformed ones (a stray `"` inside an unquoted cell, a quote closed
and followed by more text, a quote never closed), so the two readers would show different rows.
This module follows Papa's own algorithm instead: `Parser.parse`, `guessLineEndings` and
`guessDelimiter` from papaparse.js, ported line by line, with Papa's `indexOf` searches done by
`str.find`. Only what the report needs: no comments, header, dynamic typing, step or chunk
callbacks, and the quote and escape characters are both `"`.

Python pays for every turn of that loop, so a few shortcuts, each marked "Not in Papa", take
many rows at once where Papa's loop could only split at delimiters and newlines: lines with no
quote, and lines whose quoted cells are all well formed. They give the same rows, and
tests/test_csvparse.py checks it against the site's own papaparse.min.js run in Node.

Papa Parse is MIT licensed, copyright (c) 2015 Matthew Holt and its contributors
(https://github.com/mholt/PapaParse); this port is under the same licence.

Inputs are BOM-free text (`Papa.parse` strips one leading U+FEFF before anything else).
Positions (Error.index) count Python characters, not JavaScript's UTF-16 units.
"""
from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from functools import lru_cache

QUOTE = '"'
# Papa.BAD_DELIMITERS: a Parser given one of these (or a non-string) uses a comma instead.
BAD_DELIMITERS = ("\r", "\n", '"', "\ufeff")
# What JavaScript's String.prototype.trim() removes: WhiteSpace, LineTerminator (not Python's
# str.isspace(), which takes \x1c-\x1f and \x85 but not U+FEFF).
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
           "\u2028\u2029\u202f\u205f\u3000\ufeff"
MEGABYTE = 1024 * 1024
# For _quoted_rows: control characters (kept narrow: a string with one character beyond U+00FF
# takes twice the memory and time), then Unicode noncharacters.
SEPARATORS = [chr(c) for c in (*range(0x01, 0x09), *range(0x0e, 0x20), *range(0xFDD0, 0xFDF0))]


@dataclass(frozen=True, slots=True)
class Error:
    """One of Papa's parse errors: type "Quotes", code "MissingQuotes" (a quoted field runs to
    the end of the text) or "InvalidQuotes" (a closing quote followed by other text); row is
    the index the row being read would have among all rows (empty ones included, as in Papa);
    index is where that field's text starts, after its opening quote."""
    type: str
    code: str
    message: str
    row: int
    index: int


@dataclass(slots=True)
class Result:
    rows: list[list[str]] = field(default_factory=list)
    errors: list[Error] = field(default_factory=list)


def utf16_prefix(text: str, units: int) -> str:
    """text.slice(0, units) as JavaScript counts: in UTF-16 units, where a character beyond
    U+FFFF is two (a character cut in half is left out; JavaScript keeps its first half)."""
    if len(text) <= units // 2:
        return text
    head = text[:units]
    data = head.encode("utf-16-le", "surrogatepass")
    if len(data) <= 2 * units:
        return head
    return data[:2 * units].decode("utf-16-le", "ignore")


def guess_line_endings(text: str, quote_char: str = QUOTE) -> str:
    """Papa's guessLineEndings: in the first 1 MB, with every quoted stretch removed, "\\n" when
    there is no "\\r" or a "\\n" comes before the first "\\r"; else "\\r\\n" when at least half
    the "\\r"-separated parts start with "\\n", else "\\r"."""
    quote_char = quote_char or QUOTE
    text = utf16_prefix(text, MEGABYTE)
    # input.replace(/"([^]*?)"/gm, ''): split on the quote and keep the even parts; an odd
    # quote count leaves the last quote and what follows it, which the regular expression skips.
    parts = text.split(quote_char)
    if len(parts) % 2:
        text = "".join(parts[0::2])
    else:
        text = "".join(parts[0:-1:2]) + quote_char + parts[-1]
    r_parts = text.count("\r") + 1          # input.split('\r').length
    first_r = text.find("\r")
    first_n = text.find("\n")
    n_appears_first = first_n != -1 and first_n < (len(text) if first_r == -1 else first_r)
    if r_parts == 1 or n_appears_first:
        return "\n"
    # Parts after the first start with "\n" when their "\r" is one of a "\r\n" (the first part
    # cannot: a text starting with "\n" took the branch above).
    return "\r\n" if text.count("\r\n") >= r_parts / 2 else "\r"


def guess_delimiter(text: str, newline: str, delimiters: tuple[str, ...] = ("\t", ";", ","),
                    *, skip_empty_lines: bool = False) -> str | None:
    """Papa's guessDelimiter: parse the first 10 rows with each candidate; of those giving more
    than 1.99 fields a row on average, the one whose field count changes least from row to row
    wins, ties going to the higher average, then to the earlier candidate. None when no
    candidate qualifies (Papa then uses "," and reports UndetectableDelimiter)."""
    best, best_delta, max_count = None, None, None
    for delim in delimiters:
        rows, _ = _parse(text, delim, newline, preview=10)
        delta = total = empty = 0
        previous = None
        for row in rows:
            if skip_empty_lines and len(row) == 1 and not row[0]:
                empty += 1
                continue
            count = len(row)
            total += count
            if previous is None:
                previous = count
            elif count > 0:
                delta += abs(count - previous)
                previous = count
        average = 0.0
        if rows:
            kept = len(rows) - empty
            average = total / kept if kept else float("nan")   # JS: 0 / 0 is NaN, never > 1.99
        if average > 1.99 and (best_delta is None or delta < best_delta
                               or (delta == best_delta and average > max_count)):
            best, best_delta, max_count = delim, delta, average
    return best


def parse(text: str, delimiter: str, newline: str, *, skip_empty_lines: bool = False) -> Result:
    """The rows and errors of Papa.parse(text, {delimiter, newline, skipEmptyLines}).
    skip_empty_lines is Papa's `true`: rows that are one empty cell go; errors keep the row
    numbers of the rows before that filter, as Papa's do."""
    if not delimiter:
        raise ValueError("a delimiter is needed (Papa.parse would guess one)")
    collecting = gc.isenabled()
    gc.disable()  # the collector would walk the rows' lists again and again as they are made
    try:
        rows, errors = _parse(text, delimiter, newline)
    finally:
        if collecting:
            gc.enable()
    if skip_empty_lines:
        rows = [row for row in rows if len(row) != 1 or row[0]]
    return Result(rows, errors)


@lru_cache(maxsize=16)
def _quoted_lines(delim: str, newline: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Lines (each with its newline) with a quoted cell, whose cells are all quote-free or
    quoted with no CR or LF inside: first those whose quoted cells hold no quote or delimiter,
    then those whose quoted cells may hold delimiters and escaped quotes (""). On these Papa's
    loop never reports an error: a quoted cell is closed by its first quote not doubled, right
    before the next delimiter or newline, and every other cell ends at the next delimiter or
    newline; with no CR or LF in a cell, a line ends at the first newline."""
    d, nl = re.escape(delim), re.escape(newline)
    plain = f'[^"\\r\\n{d}]*+'
    patterns = []
    for quoted in (f'"{plain}"', '"(?:[^"\\r\\n]++|"")*+"'):
        patterns.append(re.compile(f"(?:(?:{plain}{d})*+{quoted}(?:{d}(?:{quoted}|{plain}))*+{nl})*+"))
    return patterns[0], patterns[1]


def _quoted_rows(block: str, delim: str, newline: str) -> list[list[str]] | None:
    """The rows of lines the second _quoted_lines pattern matched (without the last newline).
    Split at the quotes, the odd pieces are inside quoted cells and the even ones outside, but
    for an empty one between two others: that is an escaped quote. Outside the quotes, the
    delimiters are turned into a character the block does not hold; then all is split at the
    newline and that character. None if the block holds every such character."""
    between = next((c for c in SEPARATORS if c not in block), None)
    if between is None:
        return None
    pieces = block.split(QUOTE)
    outside = [piece.replace(delim, between) if piece else QUOTE for piece in pieces[0::2]]
    outside[0], outside[-1] = pieces[0].replace(delim, between), pieces[-1].replace(delim, between)
    pieces[0::2] = outside
    return [line.split(between) for line in "".join(pieces).split(newline)]


def _spaces(text: str, start: int, index: int) -> int:
    """Papa's extraSpaces: the length of text[start:index] when it is all JS whitespace, else 0."""
    if index == -1 or index <= start or text[start] not in JS_SPACE:
        return 0
    between = text[start:index]
    return len(between) if not between.strip(JS_SPACE) else 0


def _parse(text: str, delim: str, newline: str, preview: int = 0) -> tuple[list[list[str]], list[Error]]:
    """Parser.parse(input) with quoteChar = escapeChar = '"', no comments, optional preview."""
    if delim in BAD_DELIMITERS:
        delim = ","
    if newline not in ("\n", "\r", "\r\n"):
        newline = "\n"
    rows: list[list[str]] = []
    errors: list[Error] = []
    if not text:
        return rows, errors

    # Papa's fast mode: no quote anywhere, so rows are the lines and cells the delimited parts.
    if QUOTE not in text:
        lines = text.split(newline, preview)[:preview] if preview else text.split(newline)
        return [line.split(delim) for line in lines], errors

    n, dl, nl = len(text), len(delim), len(newline)
    find, startswith = text.find, text.startswith
    cursor = 0
    row: list[str] = []
    next_delim = find(delim)
    next_newline = find(newline)
    next_quote = find(QUOTE)
    quoted_lines = _quoted_lines(delim, newline) if dl == 1 else None
    # Papa keeps next_delim and next_newline as the first ones at or after some position not
    # past the cursor, and searches again only when one falls behind; so does this port.

    while True:
        # Not in Papa, same rows: at a row start, the lines before the next quote hold no quote,
        # and Papa's loop would split them at each newline and delimiter; do that in bulk.
        if not row and not preview:
            if next_quote != -1 and next_quote < cursor:
                next_quote = find(QUOTE, cursor)
            if next_quote == -1:
                rows.extend(line.split(delim) for line in text[cursor:].split(newline))
                return rows, errors
            last = text.rfind(newline, cursor, next_quote)
            if last != -1:
                rows.extend(line.split(delim) for line in text[cursor:last].split(newline))
                cursor = last + nl
            # Not in Papa either, same rows: then the lines of well-formed quoted cells from here.
            if quoted_lines is not None:
                end = quoted_lines[0].match(text, cursor).end()
                if end > cursor:
                    rows.extend(line.split(delim) for line in text[cursor:end - nl].replace(QUOTE, "").split(newline))
                    cursor = end
                end = quoted_lines[1].match(text, cursor).end()
                if end > cursor and (quoted := _quoted_rows(text[cursor:end - nl], delim, newline)) is not None:
                    rows.extend(quoted)
                    cursor = end
            if next_delim != -1 and next_delim < cursor:
                next_delim = find(delim, cursor)
            if next_newline != -1 and next_newline < cursor:
                next_newline = find(newline, cursor)

        # Field has opening quote
        if cursor < n and text[cursor] == QUOTE:
            search = cursor
            cursor += 1
            while True:
                search = find(QUOTE, search + 1)
                if search == -1:  # no closing quote: the rest of the text, as it is, is the field
                    errors.append(Error("Quotes", "MissingQuotes", "Quoted field unterminated", len(rows), cursor))
                    row.append(text[cursor:])
                    rows.append(row)
                    return rows, errors
                if search == n - 1:  # closing quote at the end of the text
                    row.append(text[cursor:search].replace('""', '"'))
                    rows.append(row)
                    return rows, errors
                after = search + 1
                if text[after] == QUOTE:  # an escaped quote ("") is part of the field
                    search = after
                    continue
                # A closing quote right before a delimiter or newline needs none of Papa's
                # whitespace checks below (they find no whitespace, so the same branch is taken).
                if startswith(delim, after):
                    spaces, ends_row = 0, False
                elif startswith(newline, after):
                    spaces, ends_row = 0, True
                else:
                    if next_delim != -1 and next_delim < after:
                        next_delim = find(delim, after)
                    if next_newline != -1 and next_newline < after:
                        next_newline = find(newline, after)
                    # Math.min(-1, x) is -1: with no delimiter left, no spaces are skipped.
                    check_up_to = next_delim if next_newline == -1 else min(next_delim, next_newline)
                    spaces = _spaces(text, after, check_up_to)
                    ends_row = False
                    if not startswith(delim, after + spaces):
                        spaces = _spaces(text, after, next_newline)
                        ends_row = True
                        if not startswith(newline, after + spaces):
                            # a quote followed by other text is part of the field; look further
                            errors.append(Error("Quotes", "InvalidQuotes", "Trailing quote on quoted field is malformed",
                                                len(rows), cursor))
                            search = after
                            continue
                row.append(text[cursor:search].replace('""', '"'))
                if ends_row:
                    cursor = after + spaces + nl
                    rows.append(row)
                    row = []
                    next_newline = find(newline, cursor)
                    if next_delim != -1 and next_delim < cursor:
                        next_delim = find(delim, cursor)
                    if preview and len(rows) >= preview:
                        return rows, errors
                else:
                    cursor = after + spaces + dl
                    if next_delim != -1 and next_delim < cursor:
                        next_delim = find(delim, cursor)
                    if next_newline != -1 and next_newline < cursor:
                        next_newline = find(newline, cursor)
                break
            continue

        # Not in Papa, same rows: the fields before the next quote of the row start with no quote,
        # so Papa's two branches below would end each at its delimiter and the row at its newline.
        if not preview:
            if next_quote != -1 and next_quote < cursor:
                next_quote = find(QUOTE, cursor)
            if next_quote == -1 or (next_newline != -1 and next_newline < next_quote):
                if next_newline == -1:  # finish(): the rest of the text ends the last row
                    row.extend(text[cursor:].split(delim))
                    rows.append(row)
                    return rows, errors
                row.extend(text[cursor:next_newline].split(delim))
                rows.append(row)
                row = []
                cursor = next_newline + nl
                next_newline = find(newline, cursor)
                if next_delim != -1 and next_delim < cursor:
                    next_delim = find(delim, cursor)
                continue
            last = text.rfind(delim, cursor, next_quote)
            if last != -1:  # the fields wholly before the quote; then the one it starts or is in
                row.extend(text[cursor:last].split(delim))
                cursor = last + dl
                next_delim = find(delim, cursor)
                continue

        # Next delimiter comes before next newline, so we've reached end of field
        if next_delim != -1 and (next_delim < next_newline or next_newline == -1):
            row.append(text[cursor:next_delim])
            cursor = next_delim + dl
            next_delim = find(delim, cursor)
            continue

        # End of row
        if next_newline != -1:
            row.append(text[cursor:next_newline])
            cursor = next_newline + nl
            rows.append(row)
            row = []
            next_newline = find(newline, cursor)
            if preview and len(rows) >= preview:
                return rows, errors
            continue
        break

    # finish(): the rest of the text is the last field of the last row
    row.append(text[cursor:])
    rows.append(row)
    return rows, errors
