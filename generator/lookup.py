"""`python -m generator lookup CODE`: one entry in the terminal, fast.

An agent runs this many times a day, so it must start about as fast as Python
itself. It reads a cache of the export data (the same records as
/api/v1/codes/{code}.json) plus the interface labels, rebuilt only when a file
under catalog/ or generator/ changed (kept in .build/lookup-cache/ beside the catalog folder). Loading and validating the YAML catalog
happens only on that rebuild. `python -m generator lookup` comes here before
the main command line is even imported (see __main__.py). Measured, argparse,
pathlib and even json (through re) each cost a large part of Python's own
start-up, so this module parses its few arguments itself, keeps the cache in
marshal files (built in, nothing to import) and imports only os, sys and marshal;
json is imported for --json output only.
"""
from __future__ import annotations

import marshal
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATALOG = os.path.join(os.path.dirname(HERE), "catalog")
USAGE = """usage: python -m generator lookup CODE|"TITLE" [--lang id|en] [--json] [--catalog DIR]

Show one code (a code inside a range finds the range), or the entry with that
title: the title the API sends, any title the code had before, or the title the
pages show (Indonesian or plain English), in quotes, without regard to case and
punctuation. A title several codes share lists them.
  --lang id|en   language of the text (default: id)
  --json         print the entry as JSON, as in /api/v1/codes/{code}.json
  --catalog DIR  catalog directory (default: the repository's catalog/)
"""
LABELS = ("api_title", "origin", "category", "http_status", "retry", "description", "action", "ticket_reply", "customer_message",
          "related", "notes", "range_note", "lookup_unknown", "lookup_nearest", "lookup_invalid", "lookup_too_long", "acts", "charged", "checks", "lookup_family",
          "titles_seen", "lookup_shared")


def stamp(catalog_root: str) -> str:
    """Changes whenever a catalog file, the generator (code, interface text) or Python changes."""
    parts = [sys.version]
    for folder in (catalog_root, os.path.join(catalog_root, "codes"), os.path.join(catalog_root, "problems"), HERE,
                   os.path.join(HERE, "i18n")):
        if os.path.isdir(folder):
            # Every name counts, not only files: a folder or a broken link that appears is a catalog
            # problem the loader reports, so it must invalidate the cache too (lstat: a link loop is a name).
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                try:
                    st = entry.stat() if entry.is_file() else entry.stat(follow_symlinks=False)
                except OSError:
                    st = entry.stat(follow_symlinks=False)
                parts.append(f"{entry.path}:{st.st_mode}:{st.st_mtime_ns}:{st.st_size}")
    return "\n".join(parts)


def _rebuild(catalog_root: str, folder: str, stamp: str) -> bool:
    """Load the catalog the slow way and write its cache folder; False if the catalog has problems."""
    import shutil
    from pathlib import Path

    from .diagnostics import report
    from .export import code_file, entry_record
    from .load import load
    from .strings import ui_strings
    from .text import fill, plain, title_key

    catalog, problems = load(Path(catalog_root))
    if report(problems):
        return False
    # The same records as /api/v1/codes/{code}.json; a code inside a range gets its range's.
    records = {e.code: code_file(catalog, entry_record(catalog, e)) for e in catalog.entries}
    files = {f"codes/{code}.marshal": record for code, record in records.items()}
    files.update({f"codes/{member}.marshal": records[e.code] for member, e in catalog.range_members()})
    names = {c.key: c.name for c in catalog.categories}
    ui = {}
    for lang in ("id", "en"):
        strings = ui_strings(lang)
        ui[lang] = {key: fill(strings[key], catalog.placeholders) for key in LABELS}
        ui[lang].update({f"origin.{k}": fill(v, catalog.placeholders) for k, v in strings["origins"].items()})
        ui[lang].update({f"retry.{k}": v for k, v in strings["retry_text"].items()})
        ui[lang]["wait"] = strings["retry_wait"]
        ui[lang].update({f"acts.{k}": fill(v, catalog.placeholders) for k, v in strings["acts_text"].items()})
        ui[lang].update({f"charged.{k}": v for k, v in strings["charged_text"].items()})
        ui[lang].update({f"verified.{k}": fill(v, catalog.placeholders) for k, v in strings["verified"].items()})
        ui[lang]["months"] = strings["months"]
        ui[lang].update({f"no_customer_message.{k}": fill(v, catalog.placeholders) for k, v in strings["no_customer_message"].items()})
        ui[lang].update({f"unit.{k}": v for k, v in strings["units"].items()})
        ui[lang].update({f"category.{key}": name.get(lang) for key, name in names.items()})
    files["ui.marshal"] = ui
    files["index.marshal"] = [{"code": r["code"], "title": r["title"]} for r in records.values()]
    # Every title an entry is known by (text.title_key) -> its codes: more than one for a shared title.
    titles: dict[str, list[str]] = {}
    for e in catalog.entries:
        for title in e.known_titles:
            codes = titles.setdefault(title_key(plain(title, catalog.placeholders)), [])
            if e.code not in codes:
                codes.append(e.code)
    files["titles.marshal"] = titles
    files["families.marshal"] = [
        {"low": f.low, "high": f.high, "name": f.name.as_dict(), "category": f.category,
         "category_name": names[f.category].as_dict()} for f in catalog.families]
    files["stamp.marshal"] = stamp
    try:
        partial = f"{folder}.{os.getpid()}.tmp"
        shutil.rmtree(partial, ignore_errors=True)
        os.makedirs(os.path.join(partial, "codes"))
        for name, value in files.items():
            with open(os.path.join(partial, name), "wb") as f:
                marshal.dump(value, f)
    except OSError as err:
        print(f"lookup: cannot write the cache {folder} ({err})", file=sys.stderr)
        return False
    try:
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(partial, folder)
    except OSError:
        # Another lookup put its fresh copy there at the same moment: use that one.
        shutil.rmtree(partial, ignore_errors=True)
    return os.path.isdir(folder)


def cache_folder(catalog_root: str) -> str | None:
    """The catalog's cache folder, rebuilt first if any source changed; None if the catalog has problems.
    It holds ui (labels), index (codes and titles) and codes/{code} per code and range member."""
    catalog_root = os.path.realpath(catalog_root)
    current = stamp(catalog_root)
    # Beside the catalog folder, like published-urls.txt: the repository's .build/ for the real one.
    folder = os.path.join(os.path.dirname(catalog_root), ".build", "lookup-cache")
    try:
        if _read(folder, "stamp") == current:
            return folder
    except (OSError, ValueError, EOFError, TypeError):
        pass
    return folder if _rebuild(catalog_root, folder, current) else None


def _read(folder: str, name: str):
    with open(os.path.join(folder, name + ".marshal"), "rb") as f:
        return marshal.load(f)


# No WhatsApp error code comes near this many digits. Longer input is refused before it becomes a
# cache file name (too long for the file system) or a number (Python refuses over 4,300 digits).
MAX_DIGITS = 15


def _digits(text: str) -> str | None:
    """A number written in any script's decimal digits ("１３１０４９", "١٣١٠٤٩") in ASCII, without
    leading zeros; None if text is not one."""
    if not text or not text.isdecimal():
        return None
    ascii_digits = text if text.isascii() else "".join(str(int(c)) for c in text)
    return ascii_digits.lstrip("0") or "0"


def normalise(text: str) -> str | None:
    """"#131049", "(131049)", " 131 049 " -> "131049"; a range stays a range ("115001-115005")."""
    cleaned = "".join(c for c in text if not c.isspace() and c not in "#()")
    low, dash, high = cleaned.partition("-")
    low, high = _digits(low), _digits(high) if dash else ""
    if low is None or high is None:
        return None
    return f"{low}-{high}" if dash else low


def one_typo(a: str, b: str) -> bool:
    """At most one typo apart: one digit more, less, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return (a[i + 1:] == b[i + 1:] or a[i + 1:] == b[i:] or a[i:] == b[i + 1:]
            or (a[i:i + 1] == b[i + 1:i + 2] and a[i + 1:i + 2] == b[i:i + 1] and a[i + 2:] == b[i + 2:]))


def nearest(index: list[dict], code: str, count: int = 5) -> list[dict]:
    """Codes one typo away first (a ticket's code was mistyped), then the numerically closest;
    the same order as the lookup box on the site (lookup.js)."""
    n = int(code.split("-")[0])

    def rank(record: dict) -> tuple[int, int, int]:
        low, _, high = record["code"].partition("-")
        low, high = int(low), int(high or low)
        return (0 if one_typo(code, record["code"]) else 1, low - n if n < low else n - high if n > high else 0, low)

    return sorted(index, key=rank)[:count]


def _plain(text: str) -> str:
    """[label](url) -> label (url), for a terminal (catalog text has no other brackets)."""
    return text.replace("](", " (").replace("[", "")


def _wrap(text: str, width: int, indent: str = "  ") -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + ([indent + line] if line else [])


def format_entry(record: dict, asked: str, lang: str, ui: dict, width: int = 88) -> str:
    """The entry as terminal text in one language: facts first, then the three texts to act on."""
    def block(label: str, text: str) -> list[str]:
        return [label] + _wrap(_plain(text), width) + [""]

    code = record["code"]
    head = f"{asked} → {code}" if asked != code else code
    lines = [f"{head}: {_plain(record['title'][lang])}", ""]
    lines.append(f"{ui['api_title']}: {_plain(record['api_title'])}")
    if record["titles_seen"]:
        lines.append(f"{ui['titles_seen']}: {' · '.join(record['titles_seen'])}")
    lines.append(f"{ui['origin']}: {ui['origin.' + record['origin']]} · {ui['category']}: {ui['category.' + record['category']]}"
                 + (f" · {ui['http_status']}: {record['http_status']}" if record["http_status"] else ""))
    retry = ui["retry." + record["retry"]]
    if record["retry_after"]:
        after = record["retry_after"]
        retry += " " + ui["wait"].replace("{wait}", f"{after[:-1]} {ui['unit.' + after[-1]]}")
    lines.append(f"{ui['retry']} {retry}")
    if record["acts"]:
        lines.append(f"{ui['acts']}: {ui['acts.' + record['acts']]}")
    if record["charged"]:
        lines.append(f"{ui['charged']} {ui['charged.' + record['charged']]}")
    year, month, day = record["verified"].split("-")
    lines.append(ui["verified." + record["origin"]].replace("{date}", f"{int(day)} {ui['months'][int(month) - 1]} {year}"))
    if "-" in code:
        low, high = code.split("-")
        lines.append(ui["range_note"].replace("{low}", low).replace("{high}", high))
    lines.append("")
    lines += block(ui["description"], record["description"][lang])
    if record["checks"]:
        lines.append(ui["checks"])
        for n, step in enumerate(record["checks"][lang], 1):
            lines += _wrap(f"{n}. {_plain(step)}", width)
        lines.append("")
    lines += block(ui["action"], record["action"][lang])
    lines += block(ui["ticket_reply"], record["ticket_reply"][lang])
    if record["customer_message"]:
        lines += block(ui["customer_message"], record["customer_message"][lang])
    else:
        lines += [ui["customer_message"], "  " + ui["no_customer_message." + record["no_customer_message"]], ""]
    if record["notes"]:
        lines += block(ui["notes"], record["notes"][lang])
    if record["related"]:
        lines += [f"{ui['related']}: {', '.join(record['related'])}", ""]
    lines.append(f"{record['urls'][lang]}  ·  {record['urls']['ticket']}")
    return "\n".join(lines) + "\n"


def run(code_text: str, lang: str, as_json: bool, catalog_root: str) -> int:
    folder = cache_folder(catalog_root)
    if folder is None:
        return 1
    ui = _read(folder, "ui")[lang]
    code = normalise(code_text)
    if code is None:
        return by_title(folder, code_text, lang, as_json, ui)
    if any(len(part) > MAX_DIGITS for part in code.split("-")):
        print(ui["lookup_too_long"].replace("{max}", str(MAX_DIGITS)), file=sys.stderr)
        return 2
    try:
        record = _read(folder, f"codes/{code}")
    except FileNotFoundError:
        near = ", ".join(f"{r['code']} ({_plain(r['title'][lang])})" for r in nearest(_read(folder, "index"), code))
        number = int(code.split("-")[0])
        family = next((f for f in _read(folder, "families") if f["low"] <= number <= f["high"] and "-" not in code), None)
        if family:
            print(ui["lookup_family"].replace("{code}", code).replace("{family}", family["name"][lang])
                  .replace("{category}", family["category_name"][lang]).replace("{url}", f"{lang}/{family['category']}/"), file=sys.stderr)
        print(f"{ui['lookup_unknown'].replace('{code}', code)} {ui['lookup_nearest']} {near}", file=sys.stderr)
        return 1
    if as_json:
        import json

        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_entry(record, code, lang, ui))
    return 0


def by_title(folder: str, text: str, lang: str, as_json: bool, ui: dict) -> int:
    """Text that is no code, looked up as a title: the entry that has it (exit 0), the entries
    that share it, listed (exit 0), or the message for a code that is not one (exit 2)."""
    from .text import title_key

    codes = _read(folder, "titles").get(title_key(text[:1000])) if text.strip() else None
    if not codes:
        print(ui["lookup_invalid"], file=sys.stderr)
        return 2
    records = [_read(folder, f"codes/{code}") for code in codes]
    if as_json:
        import json

        found = records[0] if len(records) == 1 else records
        sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
    elif len(records) == 1:
        sys.stdout.write(format_entry(records[0], records[0]["code"], lang, ui))
    else:
        lines = [ui["lookup_shared"]] + [f"  {r['code']}: {_plain(r['title'][lang])}  ·  {r['urls'][lang]}" for r in records]
        sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _usage_error(message: str) -> int:
    print(f"lookup: {message}; see python -m generator lookup --help", file=sys.stderr)
    return 2


def main(argv: list[str]) -> int:
    """`lookup`'s own argument parsing (see the module docstring for why not argparse).
    Any mistake gets one line on stderr and exit 2."""
    codes, options = [], {"--lang": "id", "--catalog": CATALOG}
    as_json = False
    it = iter(argv)
    for arg in it:
        name, equals, value = arg.partition("=")
        if arg in ("-h", "--help"):
            sys.stdout.write(USAGE)
            return 0
        if arg == "--json":
            as_json = True
        elif name in options:
            value = value if equals else next(it, None)
            if not value or (not equals and value.startswith("--")):
                return _usage_error(f"{name} needs a value")
            options[name] = value
        elif arg.startswith("--"):
            return _usage_error(f"unknown option {arg[:40]!r}")
        else:
            codes.append(arg)
    if len(codes) != 1:
        return _usage_error("give one code" if not codes else f"give one code, not {len(codes)}")
    if options["--lang"] not in ("id", "en"):
        return _usage_error(f"--lang is id or en, not {options['--lang'][:40]!r}")
    if not os.path.isdir(options["--catalog"]):
        what = "a file" if os.path.exists(options["--catalog"]) else "not there"
        return _usage_error(f"--catalog {options['--catalog'][:200]!r} is {what}; give the catalog folder")
    return run(codes[0], options["--lang"], as_json, options["--catalog"])
