"""The broadcast report reader on the command line (`python -m generator report FILE`).

The same analysis as the browser page /{lang}/report/ (overrides/assets/javascripts/
report-worker.js), step for step, from the same rules as data: the page reads
assets/codes.json and assets/report.json, and this module builds them with the same
functions (search_index.lookup_json and report_json) and uses the page's own UI strings
(strings.report_strings). tests/fixtures/reports/ runs one set of reports through both
(tests/test_report_cli.py and tests/test_report.py), and tests/test_report_differential.py
runs hundreds of generated reports through both, comparing the summaries and files byte for
byte. The rows are read as the page's Papa Parse reads them (generator/csvparse.py, its port),
malformed quotes included, and the files are written by Papa's rules.
"""
from __future__ import annotations

import codecs
import json
import os
import re
from datetime import datetime, timezone
from dataclasses import dataclass, field
from pathlib import Path

from . import csvparse, search_index
from .csvparse import JS_SPACE
from .model import Catalog
from .strings import report_strings, ui_strings
from .csvcells import as_text_cell
from .text import FORMULA_START

LIMIT_MB = 100                # the page's limit too (render.py passes it to report.md.j2)
ROLES = ("code", "reason", "phone", "status")
SAMPLE = 200                  # data rows looked at to find the columns
PICKED = 200                  # columns looked at (and offered to choose from): a file may have 100,000
LISTED = 50                   # unrecognized reasons listed
KEPT = 10000                  # distinct reasons remembered
LISTS = search_index.REPORT_LISTS   # the number lists, in the order a number is placed
KINDS = ("all", *LISTS)

# The worker's patterns, from the same data (report.json's "patterns"); ASCII word boundaries, as in JavaScript.
_PATTERNS = {name: re.compile(source, re.I | re.A) for name, source in search_index.REPORT_PATTERNS.items()}
BARE, IN_TEXT, KNOWN, TIME = _PATTERNS["bare"], _PATTERNS["written"], _PATTERNS["known"], _PATTERNS["time"]
WAITS = {"m": 60, "h": 3600, "d": 86400}  # seconds in a retry_after unit
SCI = re.compile(r"^[0-9](?:[.,][0-9]+)?e\+?[0-9]{1,2}$", re.I)
PHONE = re.compile(r"^\+?[0-9\s().-]{8,24}$")
key = search_index.report_key


class BadInput(Exception):
    """A report that cannot be read; .problem names the UI string that says why."""

    def __init__(self, problem: str, **values: str):
        super().__init__(problem)
        self.problem, self.values = problem, values


def _strip_zeros(code: str) -> str:
    return code.lstrip("0") or "0"


def bare_code(cell: str) -> str | None:
    match = BARE.match(cell) if len(cell) < 32 else None
    return _strip_zeros(match.group(1)) if match else None


def text_code(cell: str) -> str | None:
    """A code written out in the text ("131026 - …", "(#131049)", "Error 131026:"), known or not."""
    match = IN_TEXT.search(cell[:2000])
    return _strip_zeros(next(g for g in match.groups() if g is not None)) if match else None


def is_phone(cell: str) -> bool:
    return bool(SCI.match(cell)) or (bool(PHONE.match(cell)) and sum(ch.isdigit() for ch in cell) >= 8)


_NOT_DIGIT = re.compile(r"[^0-9]")
COUNTRY = "62"  # the country code a local number (0812…) is read in, unless told otherwise


def normalise(phone: str, country: str = COUNTRY) -> str | None:
    """A phone number as international digits, as WhatsApp and blocklists write it (6281234567890),
    or None when it is not one (letters, too few or too many digits, a spreadsheet's 6,28E+12):
    `+62 812-3456-7890`, `0062…` and `62812…` keep their country; `0812…` takes `country`; for
    Indonesia, `812…` (a spreadsheet dropped the 0) does too. The page does the same (report-worker.js)."""
    text = phone.strip(JS_SPACE).lstrip("'")
    if not text or SCI.match(text) or not PHONE.match(text):
        return None
    digits = _NOT_DIGIT.sub("", text)
    if text.startswith("+"):
        pass
    elif digits.startswith("00"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = country + digits[1:]
    elif country == "62" and digits.startswith("8") and len(digits) <= 12:
        digits = country + digits
    return digits if 8 <= len(digits) <= 15 else None


def time_of(cell: str) -> tuple[int, bool] | None:
    """A time cell as seconds since 1970 read as UTC, and whether it said UTC (Unix time), or None:
    2026-12-01 10:00, 01/12/2026 10:00 (day first), 1764583200. The page reads it alike (report-worker.js)."""
    match = TIME.match(cell.strip(JS_SPACE))
    if not match:
        return None
    g = match.groups()
    if g[12]:
        return int(g[12]) // (1000 if len(g[12]) == 13 else 1), True
    y, mo, d, h, mi, sec = (g[0], g[1], g[2], g[3], g[4], g[5]) if g[0] else (g[8], g[7], g[6], g[9], g[10], g[11])
    try:
        when = datetime(int(y), int(mo), int(d), int(h), int(mi), int(sec or 0), tzinfo=timezone.utc)
    except ValueError:
        return None
    return (int(when.timestamp()), False) if 1970 <= when.year <= 2100 else None


def earliest(cell: str, wait: str | None) -> str:
    """When a number may be sent to again: the row's time plus the code's wait (retry_after),
    as 2026-12-02 10:00 (with UTC for Unix time); empty without either."""
    when = time_of(cell) if wait else None
    if when is None:
        return ""
    moment = datetime.fromtimestamp(when[0] + int(wait[:-1]) * WAITS[wait[-1]], timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M") + (" UTC" if when[1] else "")


def rules_data(catalog: Catalog, lang: str) -> dict:
    """What the page's worker receives, as data: codes.json's entries, report.json, the UI strings."""
    return {"entries": json.loads(search_index.lookup_json(catalog, lang)), "report": json.loads(search_index.report_json(catalog)),
            "strings": report_strings(ui_strings(lang), catalog.placeholders)}


def cached_data(catalog_root: Path, lang: str, load) -> dict | None:
    """rules_data() for the catalog in catalog_root, from a cache beside it (.build/report-cache/,
    as lookup's), made again with load() (the catalog, or None when it has problems, which load
    has reported) when any catalog file, the generator or Python changed: loading and checking
    the catalog is half of what `generator report` costs on a 100,000-row file."""
    from .lookup import stamp

    root = catalog_root.resolve()
    path = root.parent / ".build" / "report-cache" / f"{lang}.json"
    current = stamp(str(root))
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached.get("stamp") == current:
            return cached
    except (OSError, ValueError):
        pass
    catalog = load()
    if catalog is None:
        return None
    data = {"stamp": current, **rules_data(catalog, lang)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)  # whole or not at all, for a run beside this one
    except OSError:
        pass  # a read-only checkout runs without the cache
    return data


class Rules:
    """The catalog's data as the page receives it, with the maps made from it."""

    def __init__(self, catalog: Catalog | dict, lang: str, site_url: str | None = None, country: str = COUNTRY):
        """catalog: the catalog, or what rules_data() made of it (the command line's cache)."""
        data = catalog if isinstance(catalog, dict) else rules_data(catalog, lang)
        entries, report = data["entries"], data["report"]
        self.lang, self.site_url, self.country = lang, site_url, country
        self.lists: dict[str, str] = report["lists"]
        self.strings = data["strings"]
        self.acts = report["acts"]
        self.by_code: dict[str, dict] = {}
        for e in entries:
            self.by_code.setdefault(e["c"], e)
        self.ranges = [e for e in entries if e["lo"] != e["hi"]]
        self.exact_titles = report["titles"]
        self.titles = sorted(((f" {k} ", c) for k, c in report["titles"].items() if len(k.split(" ")) >= 3),
                             key=lambda pair: -len(pair[0]))
        self.columns = {role: {key(w) for w in report["columns"].get(role, [])} for role in ROLES}
        self.time_names = {key(w) for w in report["columns"]["time"]}
        self.ok = {key(w) for w in report["statuses"]["ok"]}
        self.failed = {key(w) for w in report["statuses"]["failed"]}
        self._entries: dict[str, dict | None] = {}
        self._reasons: dict[str, str | None] = {}
        self._statuses: dict[str, str] = {}

    def entry(self, code: str) -> dict | None:
        if code not in self._entries:
            found = self.by_code.get(code)
            if found is None:
                n = int(code)
                found = next((e for e in self.ranges if e["lo"] <= n <= e["hi"]), None)
            self._entries[code] = found
        return self._entries[code]

    def reason_code(self, text: str) -> str | None:
        """A title or details sentence the text equals (a title may hold a number: `cURL error
        28`), else a code written out in it (known or not: the row's own code wins over any
        title), else a number of six or seven digits the catalog knows, else the longest title or
        sentence (three words or more) inside it."""
        if text in self._reasons:
            return self._reasons[text]
        k = key(text[:2000])
        code = self.exact_titles.get(k)
        if code is None:
            code = text_code(text)
        if code is None:
            code = next((n for n in map(_strip_zeros, KNOWN.findall(text[:2000])) if self.entry(n) is not None), None)
        if code is None and k:
            padded = f" {k} "
            code = next((c for t, c in self.titles if t in padded), None)
        if len(self._reasons) < KEPT * 10:
            self._reasons[text] = code
        return code

    def status_key(self, cell: str) -> str:
        """key() of a status cell, remembered: a report has a handful of distinct statuses."""
        known = self._statuses.get(cell)
        if known is None:
            known = key(cell)
            if len(self._statuses) < KEPT:
                self._statuses[cell] = known
        return known

    def retry_text(self, entry: dict) -> str:
        text = self.strings["retry"].get(entry["r"], "") or ""
        wait = re.match(r"^(\d+)([mhd])$", entry["w"] or "")
        if wait:
            text += (" " if text else "") + self.strings["wait"].replace(
                "{wait}", f"{wait.group(1)} {self.strings['units'][wait.group(2)]}")
        return text

    def url(self, code: str) -> str:
        return f"{self.site_url or ''}{self.lang}/codes/{code}/"


# ---- Reading ------------------------------------------------------------------------------

def _utf16(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes are UTF-16: by the BOM or, without one, by a zero
    in every other byte of the first 4 KB (text of mostly Latin letters), as the page decides."""
    if data.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if data.startswith(b"\xfe\xff"):
        return "utf-16-be"
    sample = data[:4096]
    half = len(sample) // 2
    if not half or b"\x00" not in sample:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _c1(error: UnicodeDecodeError) -> tuple[str, int]:
    # The five bytes Python's cp1252 leaves undefined are the C1 controls of the same number in
    # browsers' windows-1252 (the Encoding Standard), as the page reads them.
    return chr(error.object[error.start]), error.start + 1


codecs.register_error("c1", _c1)


def decode(data: bytes) -> tuple[str, int]:
    """The file's text, and how many byte sequences in it were not UTF-8 and were replaced by
    U+FFFD; UTF-16 and (when not UTF-8) Windows-1252 too, as the page. A UTF-8 file with a few
    stray bytes of another encoding stays UTF-8 (with the count, for a warning): read as
    Windows-1252, every one of its accented letters would turn into two wrong ones. A file is taken
    as UTF-8 when it holds at least as many valid UTF-8 letters beyond ASCII as invalid sequences."""
    if not data:
        raise BadInput("empty")
    if data.startswith(b"PK\x03\x04"):
        raise BadInput("zip")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise BadInput("xls")
    utf16 = _utf16(data)
    if utf16:
        body = data[2:] if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data[: len(data) // 2 * 2]
        return body.decode(utf16, errors="replace"), 0
    if b"\x00" in data[:4096]:
        raise BadInput("binary")
    try:
        return data.decode("utf-8"), 0
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        literal = data.count(b"\xef\xbf\xbd")  # a U+FFFD the file itself holds
        replaced = text.count("\ufffd") - literal
        letters = sum(1 for ch in text if ch > "\x7f") - replaced
        if letters >= replaced:
            return text, replaced
        return data.decode("cp1252", errors="c1"), 0


def parse(text: str) -> tuple[list[list[str]], str, list[csvparse.Error]]:
    """The rows as the page's Papa Parse reads them (csvparse, its port), the separator, and the
    parser's reports of malformed quotes. Rows of empty cells are left out, as on the page."""
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter = None
    sep = re.match(r"^sep=(.)\r?\n", text[:8], re.I)  # Excel's own hint on the first line
    if sep:
        delimiter, text = sep.group(1), text[sep.end():]
    if not text.strip(JS_SPACE):
        raise BadInput("empty")
    if not delimiter:
        # The page guesses from the first 65,536 UTF-16 units, with their own line break.
        sample = csvparse.utf16_prefix(text, 65536)
        delimiter = csvparse.guess_delimiter(sample, csvparse.guess_line_endings(sample)) or ","
    result = csvparse.parse(text, delimiter, csvparse.guess_line_endings(text), skip_empty_lines=True)
    rows = [row for row in result.rows if not (row[0] == "" and not "".join(row).strip(JS_SPACE))]
    if not rows:
        raise BadInput("empty")
    return rows, delimiter, result.errors


# ---- Columns ------------------------------------------------------------------------------

def find_columns(rules: Rules, rows: list[list[str]]) -> tuple[dict[str, int], bool, int]:
    """Which column plays which role (by header name, then by content), whether the first row
    is a header, and the width."""
    width = max(len(r) for r in rows[:SAMPLE])
    columns = dict.fromkeys(ROLES, -1)
    header = False
    for index, name in enumerate(rows[0]):
        k = key(name)
        role = next((r for r in ROLES if k in rules.columns[r]), None)
        if role and columns[role] == -1:
            columns[role] = index
            header = True
    start = 1 if header else 0
    sample = rows[start:start + SAMPLE]

    def share(index, test):
        filled = hits = 0
        for row in sample:
            cell = (row[index] if index < len(row) else "").strip(JS_SPACE)
            if not cell:
                continue
            filled += 1
            hits += bool(test(cell))
        return hits / filled if filled else 0

    def best(test, least):
        found, top = -1, least
        for c in range(min(width, PICKED)):
            if c in columns.values():
                continue
            s = share(c, test)
            if s >= top and s > 0:
                found, top = c, s + 1e-9
        return found

    if columns["status"] == -1:
        columns["status"] = best(lambda cell: key(cell) in rules.ok or key(cell) in rules.failed, 0.6)
    if columns["code"] == -1:
        # Row numbers (1, 2, 3, …) are codes too (Meta's 1 to 10): a column counting up is not one.
        previous = [None]

        def looks_like_code(cell):
            c = bare_code(cell)
            counting = c is not None and previous[0] is not None and int(c) == previous[0] + 1
            previous[0] = None if c is None else int(c)
            return c is not None and not counting and rules.entry(c) is not None
        columns["code"] = best(looks_like_code, 0.5)
    if columns["phone"] == -1:
        columns["phone"] = best(is_phone, 0.6)
    if columns["reason"] == -1:
        columns["reason"] = best(lambda cell: not bare_code(cell) and rules.reason_code(cell) is not None, 0.2)
    if not header and len(rows) > 1:
        header = all(
            (t := cell.strip(JS_SPACE)) and len(t) <= 40 and not re.match(r"^[+\d]", t, re.A) and key(t) not in rules.ok
            and key(t) not in rules.failed and rules.reason_code(t) is None
            for cell in rows[0])
    return columns, header, width


# ---- Sorting the rows -----------------------------------------------------------------------

OK, FAILED, OTHER = 1, 2, 3


@dataclass
class Report:
    rows: list[list[str]]
    delimiter: str
    columns: dict[str, int]
    header: bool
    names: list[str]
    marks: list[int] = field(default_factory=list)
    codes: list[str | None] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    placed: dict = field(default_factory=dict)   # list -> [(number, row index)], from _place
    time: int = -1                               # the column of the time a row failed, found by its header


def cell(row: list[str], index: int) -> str:
    return row[index] if 0 <= index < len(row) else ""


def analyse(rules: Rules, data: bytes, columns: dict[str, str | None] | None = None) -> Report:
    """Read a report's bytes and sort every row; BadInput when it cannot be read. columns: a
    role's column named by header or 1-based number, over the guess."""
    if len(data) > LIMIT_MB * 1024 * 1024:
        raise BadInput("too_big", size=f"{len(data) / 1048576:.1f}".rstrip("0").rstrip("."), limit=str(LIMIT_MB))
    text, replaced = decode(data)
    rows, delimiter, errors = parse(text)
    found, header, width = find_columns(rules, rows)
    for role, wanted in (columns or {}).items():
        if wanted is None:
            continue
        if wanted.strip().isdigit() and 0 < int(wanted) <= width:
            found[role] = int(wanted) - 1
        else:
            names = [key(c) for c in rows[0]]
            if key(wanted) not in names:
                raise BadInput("column", name=wanted)
            found[role] = names.index(key(wanted))
            header = True
    names = [(cell(rows[0], c).strip(JS_SPACE) if header else "") or rules.strings["column_n"].replace("{n}", str(c + 1))
             for c in range(width)]
    if header and len(rows) == 1:
        raise BadInput("no_rows")
    if found["code"] == -1 and found["reason"] == -1:
        raise BadInput("pick")
    report = Report(rows, delimiter, found, header, names)
    _sort(rules, report)
    report.summary["replaced"] = replaced
    # Malformed quotes (a stray " in a cell): the rows after one may have run together.
    report.summary["quotes"] = len(errors)
    report.summary["quote_row"] = errors[0].row + 1 if errors else 0
    return report


def _sort(rules: Rules, report: Report) -> None:
    start = 1 if report.header else 0
    if report.header:
        taken = set(report.columns.values())
        report.time = next((i for i, name in enumerate(report.rows[0][:len(report.names)])
                            if i not in taken and key(name) in rules.time_names), -1)
    cc, rc, pc, sc = (report.columns[r] for r in ROLES)
    counts = {"ok": 0, "failed": 0, "other": 0, "missing": 0}
    groups: dict[str, dict] = {}
    unrecognized: dict[str, int] = {}
    sci, example = 0, ""
    marks, codes, ok, failed = report.marks, report.codes, rules.ok, rules.failed
    code_cells: dict[str, str | None] = {}   # a code column holds few distinct cells
    for row in report.rows[start:]:
        width = len(row)
        code = None
        text = row[cc].strip(JS_SPACE) if 0 <= cc < width else ""
        if text:
            if text in code_cells:
                code = code_cells[text]
            else:
                code = bare_code(text)
                if code is None:
                    code = rules.reason_code(text)
                if len(code_cells) < KEPT:
                    code_cells[text] = code
        reason = row[rc].strip(JS_SPACE) if 0 <= rc < width else ""
        if code is None and reason:
            code = rules.reason_code(reason)
        if 0 <= pc < width and ("E" in row[pc] or "e" in row[pc]):
            phone = row[pc].strip(JS_SPACE)
            if SCI.match(phone):
                sci += 1
                example = example or phone
        status = rules.status_key(row[sc]) if 0 <= sc < width and row[sc] else ""
        if status and status in ok:
            mark = OK
        elif code is not None or not status or status in failed:
            mark = FAILED
        else:
            mark = OTHER
        marks.append(mark)
        codes.append(code if mark == FAILED else None)
        if mark != FAILED:
            counts["ok" if mark == OK else "other"] += 1
            continue
        counts["failed"] += 1
        if code is None:
            counts["missing"] += 1
            text = reason or text
            if text and (len(unrecognized) < KEPT or text in unrecognized):
                unrecognized[text] = unrecognized.get(text, 0) + 1
            continue
        entry = rules.entry(code)
        group = groups.setdefault(entry["c"] if entry else "?" + code, {"code": code, "entry": entry, "count": 0})
        group["count"] += 1
    ordered = sorted(groups.items(), key=lambda pair: -pair[1]["count"])
    report.placed = _place(rules, report, {group: rank for rank, (group, _) in enumerate(ordered)})
    report.summary = {
        "rows": len(report.marks), **counts,
        "groups": [{"code": g["code"], "c": g["entry"]["c"] if g["entry"] else None, "count": g["count"]} for _, g in ordered],
        "unrecognized": [(text if len(text) <= 300 else text[:300] + "…", n)
                         for text, n in sorted(unrecognized.items(), key=lambda pair: -pair[1])[:LISTED]],
        "sci": sci, "example": example[:40], "downloads": {kind: len(report.placed[kind]) for kind in LISTS},
    }


def _group(rules: Rules, code: str | None) -> str | None:
    """The summary's group of a failed row's code: its entry's code, `?` and the code when the
    catalog lacks it, None without a code."""
    if code is None:
        return None
    entry = rules.entry(code)
    return entry["c"] if entry else "?" + code


def list_of(rules: Rules, code: str | None) -> str:
    """The list (LISTS) a failed row's number belongs to."""
    entry = None if code is None else rules.entry(code)
    return rules.lists.get(entry["c"], "fix") if entry else "unknown"


def _place(rules: Rules, report: Report, rank: dict[str, int]) -> dict[str, list[tuple[str, int]]]:
    """Each failed row's number once, normalised, with the row that placed it, in the first list
    (LISTS order) one of its rows belongs to: a number that opted out on one row and hit a rate
    limit on another is not to be messaged again. Each list is ordered by its code's place in the
    summary (what to fix, most rows first), then by the report's order. Without a phone column, none."""
    placed: dict[str, list[tuple[str, int]]] = {kind: [] for kind in LISTS}
    pc, start = report.columns["phone"], 1 if report.header else 0
    if pc == -1:
        return placed
    best: dict[str, tuple[int, int]] = {}
    for i, mark in enumerate(report.marks):
        phone = cell(report.rows[i + start], pc).strip(JS_SPACE) if mark == FAILED else ""
        if not phone:
            continue
        number = normalise(phone, rules.country) or phone
        position = LISTS.index(list_of(rules, report.codes[i]))
        held = best.get(number)
        if held is None or position < held[0]:
            best[number] = (position, i)
    for number, (position, i) in best.items():
        placed[LISTS[position]].append((number, i))
    last = len(rank)
    for items in placed.values():
        items.sort(key=lambda item: (rank.get(_group(rules, report.codes[item[1]]), last), item[1]))
    return placed


# ---- Output files ---------------------------------------------------------------------------

def _added(rules: Rules, code: str | None, failed: bool) -> list[str]:
    """Code, title, who acts, what to do and the code's page, for a row: every failed row says who
    acts, a code the catalog lacks and a row without a code too (ask the helpdesk)."""
    s = rules.strings
    if not failed:
        return ["", "", "", "", ""]
    entry = None if code is None else rules.entry(code)
    if entry is None:
        return [code or "", s["unknown"] if code else s["missing"], s["acts_unknown"], s["todo_unknown"], ""]
    acts = rules.acts.get(entry["c"])
    return [code, entry["t"], s["acts"][acts] if acts else s["acts_unstated"], rules.retry_text(entry), rules.url(entry["c"])]


def _wanted(rules: Rules, report: Report, kind: str) -> list[list[str]]:
    """The rows of one download, header first, as the page makes them: every row with what was
    found (`all`), or one list's numbers with the row that placed each."""
    s = rules.strings
    width, start = len(report.names), 1 if report.header else 0
    if kind == "all":
        out = [report.names + [s["out_code"], s["out_title"], s["out_acts"], s["out_retry"], s["out_url"], s["out_list"]]]
        rows, codes, added = report.rows, report.codes, {}  # what is added depends on the code alone
        for i, mark in enumerate(report.marks):
            failed = mark == FAILED
            code = codes[i] if failed else None
            extra = added.get((code, failed))
            if extra is None:
                extra = added[code, failed] = _added(rules, code, failed) + [s["list_" + list_of(rules, code)] if failed else ""]
            row = rows[i + start]
            out.append(row + extra if len(row) == width else row[:width] + [""] * (width - len(row)) + extra)
        return out
    rc, cc, tc = report.columns["reason"], report.columns["code"], report.time
    timed = kind == "wait" and tc != -1  # the wait list says from when, when the report has the time
    out = [[s["out_phone"], s["out_code"], s["out_title"], s["out_reason"], s["out_acts"], s["out_retry"], s["out_url"]]
           + ([s["out_earliest"]] if timed else [])]
    added: dict[str | None, list[str]] = {}
    for number, i in report.placed[kind]:
        row = report.rows[i + start]
        code = report.codes[i]
        info = added.get(code) or added.setdefault(code, _added(rules, code, True))
        reason = (cell(row, rc).strip(JS_SPACE) if rc != -1 else "") or (cell(row, cc).strip(JS_SPACE) if cc != -1 else "")
        line = [number, info[0], info[1], reason, info[2], info[3], info[4]]
        if timed:
            entry = rules.entry(code) if code is not None else None
            line.append(earliest(cell(row, tc), entry["w"] if entry else None))
        out.append(line)
    return out


def _written(rows: list[list[str]], delimiter: str) -> str:
    """The rows as Papa Parse's CSV (quotes: false, CRLF), every cell guarded (csvcells), so the
    page's file and this one are the same bytes. Column by column: a column whose cells hold no
    quote, line break, BOM, separator, edge space or formula start is written as it is, at the
    cost of a few searches of its joined cells, and only the others cell by cell (a 100,000-row
    report has a few such columns: phone numbers with `+`, reasons with the separator)."""
    needs = re.compile(f'[\r\n"\ufeff{re.escape(delimiter)}]|^ | $')
    inside = ("\r", "\n", '"', "\ufeff", delimiter, " \x00")
    starts = tuple(f"\x00{ch}" for ch in (" ", *FORMULA_START))

    def cell(text: str) -> str:
        text = as_text_cell(text)
        return '"' + text.replace('"', '""') + '"' if needs.search(text) else text

    def clean(column: tuple[str, ...]) -> bool:
        # The cells joined by NUL, so that a cell's start follows a NUL and its end precedes one.
        joined = "\x00" + "\x00".join(column) + "\x00"
        return not any(s in joined for s in inside) and not any(s in joined for s in starts)
    columns = [column if clean(column) else list(map(cell, column)) for column in zip(*rows)]
    return "".join(delimiter.join(row) + "\r\n" for row in zip(*columns))


def csv_text(rules: Rules, report: Report, kind: str) -> str:
    """A download's text: BOM, CRLF, the file's own ; or , (tabs become the language's)."""
    delimiter = report.delimiter if report.delimiter in (";", ",") else (";" if rules.lang == "id" else ",")
    return "\ufeff" + _written(_wanted(rules, report, kind), delimiter)


def offered(report: Report) -> list[str]:
    """The downloads the page offers: the number lists only with a phone column."""
    return list(KINDS) if report.columns["phone"] >= 0 else ["all"]


def files(rules: Rules, report: Report) -> dict[str, str]:
    """The downloads the page offers for this report, by file name; an empty list is not written."""
    return {f"{rules.strings['file_' + kind]}.csv": csv_text(rules, report, kind)
            for kind in offered(report) if kind == "all" or report.placed[kind]}


# ---- The table --------------------------------------------------------------------------------

def table(rules: Rules, report: Report) -> str:
    """The summary as the page shows it: totals line, then one line per code, most first."""
    s, r = rules.strings, report.summary
    sep = "." if rules.lang == "id" else ","
    number = lambda n: f"{n:,}".replace(",", sep)  # noqa: E731
    lines = [s["totals"].replace("{rows}", number(r["rows"])).replace("{failed}", number(r["failed"]))
             .replace("{ok}", number(r["ok"])).replace("{other}", number(r["other"]))]
    groups = list(r["groups"]) + ([{"code": None, "c": None, "count": r["missing"]}] if r["missing"] else [])
    groups.sort(key=lambda g: -g["count"])
    rows = [[s["col_code"], s["col_count"], s["col_share"], s["col_title"], s["col_acts"], s["col_retry"]]]
    for g in groups:
        share = f"{100 * g['count'] / r['failed']:.1f}".rstrip("0").rstrip(".") + "%" if r["failed"] else "0%"
        _, title, acts, todo, _ = _added(rules, g["code"], True)
        rows.append([g["code"] or "–", number(g["count"]), share.replace(".", ",") if rules.lang == "id" else share, title, acts, todo])
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines += ["  ".join(c.ljust(w) if i else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))) + "  " + row[5]
              for row in rows]
    if any(r["downloads"].values()):
        lines += ["", s["plan_heading"]]
        lines += [f"- {s['download_' + kind].replace('{count}', number(n))}: {s['rule_' + kind]}"
                  for kind, n in r["downloads"].items() if n]
        lines.append(s["plan_once"])
    return "\n".join(line.rstrip() for line in lines)
