"""`python -m generator lookup CODE`: one entry in the terminal, fast.

An agent runs this many times a day, so it must start about as fast as Python
itself. It reads a cache of the export data (the same records as
/api/v1/codes/{code}.json) plus the interface labels, rebuilt only when a file
under catalog/ or generator/ changed. Loading and validating the YAML catalog
happens only on that rebuild. Only the standard library is imported here.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE_DIR = HERE.parent / ".build" / "cache"
LABELS = ("api_title", "origin", "category", "http_status", "retry", "description", "action", "reply",
          "related", "notes", "range_note", "lookup_unknown", "lookup_nearest", "lookup_invalid")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def _stamp(catalog_root: Path) -> str:
    """Changes whenever a catalog file or the generator (code, interface text) changes."""
    digest = hashlib.sha256()
    for folder in (catalog_root, catalog_root / "codes", HERE, HERE / "i18n"):
        if not folder.is_dir():
            continue
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_file():
                st = entry.stat()
                digest.update(f"{entry.path}\0{st.st_mtime_ns}\0{st.st_size}\n".encode())
    return digest.hexdigest()


def _rebuild(catalog_root: Path):
    """Load the catalog the slow way and return the cache content, or None if it has problems."""
    from .cli import report_problems
    from .export import as_data
    from .load import load
    from .render import ui_strings
    from .text import fill

    catalog, problems = load(catalog_root)
    if report_problems(problems):
        return None
    data = as_data(catalog)
    ui = {}
    for lang in ("id", "en"):
        strings = ui_strings(lang)
        ui[lang] = {key: strings[key] for key in LABELS}
        ui[lang].update({f"origin.{k}": fill(v, catalog.placeholders) for k, v in strings["origins"].items()})
        ui[lang].update({f"retry.{k}": v for k, v in strings["retry_text"].items()})
        ui[lang]["wait"] = strings["retry_wait"]
        ui[lang].update({f"unit.{k}": v for k, v in strings["units"].items()})
        ui[lang].update({f"category.{c['key']}": c["name"][lang] for c in data["categories"]})
    members = {code: e.code for code, e in catalog.range_members()}
    return {"codes": data["codes"], "members": members, "ui": ui, "schema_version": data["schema_version"]}


def load_data(catalog_root: Path):
    stamp = _stamp(catalog_root)
    cache = CACHE_DIR / (hashlib.sha256(str(catalog_root.resolve()).encode()).hexdigest()[:16] + ".json")
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached.get("stamp") == stamp:
            return cached
    except (OSError, ValueError):
        pass
    data = _rebuild(catalog_root)
    if data is None:
        return None
    data["stamp"] = stamp
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        partial.replace(cache)
    except OSError:
        pass  # a read-only checkout still answers, just more slowly
    return data


def normalise(text: str) -> str | None:
    """"#131049", "(131049)", " 131 049 " -> "131049"; a range as written stays a range."""
    cleaned = re.sub(r"[\s#()]", "", text)
    if re.fullmatch(r"\d+-\d+", cleaned):
        return cleaned
    return str(int(cleaned)) if cleaned.isdigit() else None


def find(data: dict, code: str) -> dict | None:
    by_code = {r["code"]: r for r in data["codes"]}
    return by_code.get(code) or by_code.get(data["members"].get(code, ""))


def nearest(data: dict, code: str, count: int = 5) -> list[dict]:
    n = int(code.split("-")[0])

    def distance(record: dict) -> tuple[int, int]:
        low, _, high = record["code"].partition("-")
        low, high = int(low), int(high or low)
        return (low - n if n < low else n - high if n > high else 0, low)

    return sorted(data["codes"], key=distance)[:count]


def _plain(text: str) -> str:
    return _LINK.sub(r"\1 (\2)", text)


def format_entry(record: dict, asked: str, lang: str, ui: dict, width: int = 88) -> str:
    """The entry as terminal text in one language: facts first, then the three texts to act on."""
    def block(label: str, text: str) -> list[str]:
        return [label] + textwrap.wrap(_plain(text), width, initial_indent="  ", subsequent_indent="  ") + [""]

    code = record["code"]
    head = f"{asked} → {code}" if asked != code else code
    lines = [f"{head}: {_plain(record['title'][lang])}", ""]
    lines.append(f"{ui['api_title']}: {_plain(record['title']['en'])}")
    lines.append(f"{ui['origin']}: {ui['origin.' + record['origin']]} · {ui['category']}: {ui['category.' + record['category']]}"
                 + (f" · {ui['http_status']}: {record['http_status']}" if record["http_status"] else ""))
    retry = ui["retry." + record["retry"]]
    if record["retry_after"]:
        after = record["retry_after"]
        retry += " " + ui["wait"].replace("{wait}", f"{after[:-1]} {ui['unit.' + after[-1]]}")
    lines.append(f"{ui['retry']} {retry}")
    if "-" in code:
        low, high = code.split("-")
        lines.append(ui["range_note"].replace("{low}", low).replace("{high}", high))
    lines.append("")
    for key in ("description", "action", "reply"):
        lines += block(ui[key], record[key][lang])
    if record["notes"]:
        lines += block(ui["notes"], record["notes"][lang])
    if record["related"]:
        lines += [f"{ui['related']}: {', '.join(record['related'])}", ""]
    lines.append(f"{record['urls'][lang]}  ·  {record['urls']['ticket']}")
    return "\n".join(lines) + "\n"


def run(code_text: str, lang: str, as_json: bool, catalog_root: Path) -> int:
    data = load_data(catalog_root)
    if data is None:
        return 1
    ui = data["ui"][lang]
    code = normalise(code_text)
    if code is None:
        print(ui["lookup_invalid"], file=sys.stderr)
        return 2
    record = find(data, code)
    if record is None:
        near = ", ".join(f"{r['code']} ({_plain(r['title'][lang])})" for r in nearest(data, code))
        print(f"{ui['lookup_unknown'].replace('{code}', code)} {ui['lookup_nearest']} {near}", file=sys.stderr)
        return 1
    if as_json:
        sys.stdout.write(json.dumps({"schema_version": data["schema_version"], **record}, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_entry(record, code, lang, ui))
    return 0
