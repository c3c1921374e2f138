"""The change log: catalog/changes.yml (dated releases, each saying per code what changed and why)
and the baseline it is checked against.

The loader validates changes.yml here (file:line, like every catalog file) and builds the
releases the pages, feeds and exports show. `generator check` compares every entry's facts
with catalog/baseline.json, the facts as the last release published them (written by
`generator baseline`, never by hand): a fact that changed since, or a code added or removed,
needs a line of the matching kind in a release dated after the baseline's.

Facts are what an integrator or helpdesk acts on, not wording: the title as the API sends it
and its message, origin and category, the resend advice and waiting time, the HTTP status,
who must act, billing, and retirement. Rewording a description is not a change of fact.
"""
from __future__ import annotations

import datetime
import difflib
import json
from pathlib import Path

from .diagnostics import Diagnostic
from .model import Catalog, Change, Entry, Localized, Release
from .paths import shown
from .validate import MISSING, Reporter, localized, top_level, verified_date
from .yamlfile import Map, Seq

# kind -> what it means; the order is the order pages list them in.
KINDS = ("added", "retitled", "meaning", "advice", "moved", "retired", "removed")
# fact (as exported) -> the kinds of change-log line that account for it changing
FACTS = {
    "api_title": ("retitled",), "api_message": ("retitled", "meaning"),
    "origin": ("moved", "meaning"), "category": ("moved",),
    "retry": ("advice",), "retry_after": ("advice",), "acts": ("advice",), "charged": ("advice", "meaning"),
    "http_status": ("meaning",), "retired": ("retired",), "successor": ("retired", "advice"),
}
BASELINE = "baseline.json"
EXAMPLE = ('list releases under `releases:`, newest first, e.g. `- date: "2026-12-07"` with title (id, en) '
           "and changes: [{kind: added, codes: [\"131049\"], why: {id: …, en: …}}]")


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean `{close[0]}`?)" if close else ""


def validate(data: object, report: Reporter, codes: set[str] | None) -> None:
    """changes.yml: releases newest first, one per day, each with a title and its change lines."""
    releases = top_level(data, "releases", report, EXAMPLE)
    if releases is MISSING:
        return
    if not isinstance(releases, Seq) or not releases:
        report.add(getattr(releases, "line", data.line_of("releases")), "-", "`releases:` must be a list of releases, each starting with `- date:`")
        return
    previous = None
    for release, line in _mappings(releases, report, "a release", ("date", "title", "changes"),
                                   "a release needs `date:`, `title:` (id and en) and `changes:`"):
        day = verified_date(release.get("date"))
        if day is None:
            report.add(release.line_of("date"), "-", f"release date `{release.get('date')}` is not a date; write it like date: \"2026-12-07\"")
        elif day > datetime.date.today():
            report.add(release.line_of("date"), "-", f"release date {day.isoformat()} is in the future; date a release the day it is published")
        elif previous is not None and day >= previous:
            report.add(release.line_of("date"), "-", f"release {day.isoformat()} must come after (below) the newer release {previous.isoformat()}: releases are listed newest first, one per day")
        previous = day if day is not None else previous
        if "title" in release:
            localized(release["title"], "title", release.line_of("title"), "-", report, plain_only=True)
        else:
            report.add(line, "-", "a release needs `title:` (id and en): one line saying what the release brings")
        _changes(release.get("changes"), release.line_of("changes"), report, codes)


def _mappings(items: Seq, report: Reporter, what: str, keys: tuple[str, ...], needs: str):
    """(item, line) of each mapping in the list, after reporting any other item and unknown keys."""
    for item, line in zip(items, items.item_lines):
        if not isinstance(item, Map):
            report.add(line, "-", needs)
            continue
        for key in item:
            if key not in keys:
                report.add(item.line_of(key), "-", f"unknown key `{key}` in {what}{_suggest(str(key), keys)}; "
                                                    f"the keys are {', '.join(keys[:-1])} and {keys[-1]}")
        yield item, line


def _changes(changes: object, line: int, report: Reporter, codes: set[str] | None) -> None:
    if not isinstance(changes, Seq) or not changes:
        report.add(line, "-", "a release needs `changes:`, a list of lines each with kind, codes and why")
        return
    for change, at in _mappings(changes, report, "a change", ("kind", "codes", "why"),
                                "a change needs `kind:`, `codes:` and `why:` (id and en)"):
        kind = change.get("kind")
        if kind not in KINDS:
            report.add(change.line_of("kind"), "-", f"unknown kind `{kind}`{_suggest(str(kind), KINDS)}; use one of {', '.join(KINDS)}")
        listed = change.get("codes")
        if not isinstance(listed, Seq) or not listed or not all(isinstance(c, str) for c in listed):
            report.add(change.line_of("codes"), "-", 'a change needs `codes:`, a list of codes in quotes, like codes: ["131049"]')
        else:
            for code, code_line in zip(listed, listed.item_lines):
                if codes is not None and code not in codes and kind != "removed":
                    report.add(code_line, code, f"code {code} has no entry in catalog/codes/; a change names codes of the catalog (or, with kind removed, codes it no longer has)")
            if len(set(listed)) < len(listed):
                report.add(change.line_of("codes"), "-", "a code is listed twice in one change")
        if "why" in change:
            localized(change["why"], "why", change.line_of("why"), "-", report, plain_only=True)
        else:
            report.add(at, "-", "a change needs `why:` (id and en): one line each saying why it changed")


def build(data: Map) -> tuple[Release, ...]:
    """The validated changes.yml as releases, newest first."""
    return tuple(
        Release(date=verified_date(r["date"]).isoformat(), title=Localized(r["title"]["id"], r["title"]["en"]),
                changes=tuple(Change(kind=c["kind"], codes=tuple(c["codes"]), why=Localized(c["why"]["id"], c["why"]["en"]))
                              for c in r["changes"]))
        for r in data["releases"])


def texts(data: Map, shown: str) -> list[tuple[str, int, str, str]]:
    """(file, line, lang, text) of every title and reason, for `generator check`'s word rules."""
    found = []
    for release in data["releases"]:
        for value in [release.get("title")] + [c.get("why") for c in release.get("changes", ())]:
            if isinstance(value, Map):
                found += [(shown, value.line_of(lang), lang, value[lang]) for lang in ("id", "en") if isinstance(value.get(lang), str)]
    return found


def facts(entry: Entry) -> dict:
    """The facts of one entry a change-log line must account for, as the exports name them."""
    return {"api_title": entry.title.en, "api_message": entry.api_message, "origin": entry.origin,
            "category": entry.category, "retry": entry.retry, "retry_after": entry.retry_after, "acts": entry.acts,
            "charged": entry.charged, "http_status": entry.http_status, "retired": entry.retired,
            "successor": entry.successor}


def baseline_text(catalog: Catalog) -> str:
    """catalog/baseline.json for the catalog as it is: its facts, as of its newest release."""
    released = catalog.releases[0].date if catalog.releases else None
    data = {"release": released, "facts": {e.code: facts(e) for e in catalog.entries}}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def unlogged(catalog: Catalog, root: Path) -> list[Diagnostic]:
    """Every fact changed since the baseline's release without a change-log line of a matching kind
    in a newer release; also a baseline newer than the change log, or unreadable. None without a baseline."""
    path = root / BASELINE
    if not path.exists():
        return []
    where = shown(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        released, before = data["release"], data["facts"]
        assert isinstance(before, dict) and (released is None or isinstance(released, str))
    except (ValueError, KeyError, TypeError, AssertionError, UnicodeDecodeError):
        return [Diagnostic(where, 1, "-", "the baseline cannot be read; write it again with `python -m generator baseline` (never by hand)")]
    if released and released not in {r.date for r in catalog.releases}:
        return [Diagnostic(where, 1, "-", f"the baseline is of release {released}, which catalog/changes.yml does not list; "
                                          "write it again with `python -m generator baseline` after the release is listed")]
    logged: dict[str, set[str]] = {}
    for release in catalog.releases:
        if released is None or release.date > released:
            for change in release.changes:
                for code in change.codes:
                    logged.setdefault(code, set()).add(change.kind)
    found = []
    now = {e.code: e for e in catalog.entries}
    for code, entry in now.items():
        kinds = logged.get(code, set())
        if code not in before:
            if "added" not in kinds:
                found.append(Diagnostic(entry.file, entry.line, code, f"code {code} is new since the release of {released}; "
                                        "add it to catalog/changes.yml under a newer release: kind: added, with why (id, en)"))
            continue
        for fact, value in facts(entry).items():
            if before[code].get(fact) != value and not kinds & set(FACTS[fact]):
                found.append(Diagnostic(entry.file, entry.line, code, f"{fact} changed since the release of {released} "
                                        f"({json.dumps(before[code].get(fact), ensure_ascii=False)} → {json.dumps(value, ensure_ascii=False)}); "
                                        f"add a line for {code} to catalog/changes.yml under a newer release: kind: {' or '.join(FACTS[fact])}, with why (id, en)"))
    for code in sorted(set(before) - set(now)):
        if "removed" not in logged.get(code, set()):
            found.append(Diagnostic(where, 1, code, f"code {code} was in the release of {released} and has no entry now; "
                                    "if it was removed on purpose, say so in catalog/changes.yml: kind: removed, with why (id, en)"))
    return found
