"""Load the catalog directory: read every file, run every rule, build the model.

`load(root)` returns `(catalog, [])` when the catalog is valid, or `(None,
diagnostics)` listing every problem found, sorted by file and line.

Nothing is skipped without a word: catalog/codes/ holds only .yml files, and
anything else in it (a .yaml file, a folder, a broken link) is reported; only
dotfiles and editor backups are left alone. catalog/problems/ (optional: the
problems that come without a code) is read the same way, and so is changes.yml (optional:
the change log, see changelog.py). A mistake in categories.yml or
sources.yml is reported there alone: entries are checked against those tables
only once the tables themselves are sound.

The catalog it returns also carries the glossary and every text where it stands
(`Catalog.glossary`, `Catalog.texts`), so the word checks read no file again.
"""
from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

from . import changelog, glossary as words, validate, voice, yamlfile
from .diagnostics import Diagnostic
from .model import LANGS, Catalog, Category, Family, Entry, Localized, OriginNote, Problem, Provider, SharedTitle, Source, sort_key
from .paths import CATALOG as DEFAULT_ROOT  # the name bench/ and the tests know it by
from .paths import shown as _shown
from .yamlfile import Map


# Left alone in catalog/codes/: dotfiles, editor backups and merge leftovers.
IGNORED_SUFFIXES = ("~", ".bak", ".swp", ".swo", ".orig", ".rej", ".tmp")


def _read(path: Path) -> tuple[object, validate.Reporter]:
    """The file's data (what could be read, even with problems; None if nothing) and its reporter."""
    report = validate.Reporter(_shown(path))
    data, found = yamlfile.read(path, report.shown)
    report.found.extend(found)
    return data, report


def _keys(data: object, report: validate.Reporter, key: str) -> set[str] | None:
    """The keys of a table file (categories, sources) for checking the entries against; None
    while the file has a problem, so that one mistake there (a key written twice, renamed or
    broken) is one diagnostic, not one more at every entry that names the key."""
    if report.found or not isinstance(data, Map) or not isinstance(data.get(key), Map):
        return None
    return set(data[key])


def _code_files(folder: Path, kind: str = "code", per: str = "category") -> tuple[list[Path], validate.Reporter]:
    """The .yml files in catalog/codes/ (or catalog/problems/: kind "problem", one file per "group");
    everything else there is reported, except dotfiles and backups."""
    report = validate.Reporter(_shown(folder))
    try:
        names = sorted(os.listdir(folder))
    except OSError as err:
        if isinstance(err, NotADirectoryError):
            report.add(1, "-", f"this is a file, not a folder; {report.shown}/ must be a folder with one file per {per}, like {report.shown}/<{per}>.yml")
        elif isinstance(err, FileNotFoundError) and not folder.is_symlink():
            report.add(1, "-", f"the folder is missing; create it with one file per {per}, like {report.shown}/<{per}>.yml")
        else:
            report.add(1, "-", yamlfile.unreadable(folder, err, "folder"))
        return [], report
    files = []
    for name in names:
        if name.startswith(".") or name.endswith(IGNORED_SUFFIXES) or (name.startswith("#") and name.endswith("#")):
            continue
        path = folder / name
        stem = name.rpartition(".")[0] or name
        try:
            is_folder = stat.S_ISDIR(path.stat().st_mode)
        except OSError as err:  # a broken or looping link
            report.found.append(Diagnostic(_shown(path), 1, "-", yamlfile.unreadable(path, err)))
            continue
        if is_folder:
            problem = f"folders inside {report.shown}/ are not read; move the .yml files in it up into {report.shown}/ and remove the folder"
        elif name.endswith(".yml"):
            files.append(path)
            continue
        elif name.lower().endswith((".yml", ".yaml")):
            also = f"; {stem}.yml exists already, so move these entries there" if (folder / f"{stem}.yml").exists() else ""
            problem = f"{kind} files end in .yml, so this file is not read; rename it to {stem}.yml{also}"
        else:
            problem = f"only .yml {kind} files belong in {report.shown}/, so this file is not read; move it out of the folder, or rename it to {stem}.yml if it holds entries"
        report.found.append(Diagnostic(_shown(path), 1, "-", problem))
    if not files and not report.found:
        report.add(1, "-", f"no {kind} files in {report.shown}; add one per {per}, like {report.shown}/<{per}>.yml")
    return files, report


def load(root: Path = DEFAULT_ROOT) -> tuple[Catalog | None, list[Diagnostic]]:
    reports: list[validate.Reporter] = []
    config = {}
    for name, rule in (("categories", validate.categories), ("sources", validate.sources), ("provider", validate.provider)):
        data, report = _read(root / f"{name}.yml")
        reports.append(report)
        if data is not None and not report.found:
            rule(data, report)
        config[name] = data
    categories_data, sources_data, provider_data = config["categories"], config["sources"], config["provider"]
    category_keys, source_keys = _keys(categories_data, reports[0], "categories"), _keys(sources_data, reports[1], "sources")
    if isinstance(provider_data, Map) and not reports[2].found and "pages" in provider_data:
        validate.provider_pages(provider_data, reports[2], source_keys)
        if not reports[1].found and not reports[2].found:
            validate.provider_destinations(provider_data, reports[2], sources_data)

    # Optional: blocks of codes Meta documents as one feature.
    families_data = None
    if (root / "families.yml").exists() or (root / "families.yml").is_symlink():
        families_data, families_report = _read(root / "families.yml")
        reports.append(families_report)
        if families_data is not None and not families_report.found:
            validate.families(families_data, families_report, category_keys, source_keys)

    # Optional: what all entries of one origin share (the On-Premises API's retirement), said once.
    origins_data = None
    if (root / "origins.yml").exists() or (root / "origins.yml").is_symlink():
        origins_data, origins_report = _read(root / "origins.yml")
        reports.append(origins_report)
        if origins_data is not None and not origins_report.found:
            validate.origins(origins_data, origins_report, source_keys)

    glossary, found = words.read(root / "glossary.yml", _shown(root / "glossary.yml"))
    glossary_report = validate.Reporter(_shown(root / "glossary.yml"))
    glossary_report.found.extend(found)
    reports.append(glossary_report)
    texts: list[tuple[str, int, str, str]] = []
    if categories_data is not None and category_keys is not None:
        for key, value in categories_data["categories"].items():
            for field in ("name", "intro"):
                text = value.get(field) if isinstance(value, Map) else None
                if isinstance(text, Map) and isinstance(text.get("id"), str):
                    for problem in words.variants(text["id"], "id", glossary):
                        reports[0].add(text.line_of("id"), "-", f"{key}.{field}.id: {problem}")
                if isinstance(text, Map):
                    texts += [(reports[0].shown, text.line_of(lang), lang, text[lang]) for lang in LANGS if isinstance(text.get(lang), str)]

    files, folder_report = _code_files(root / "codes")
    reports.append(folder_report)
    items: list[tuple[Map, validate.Reporter]] = []
    # Whether every code file was read: a problem's related codes are checked only then (else a code
    # in a file that could not be read would be reported again at every problem that names it).
    every_code = not folder_report.found
    for path in files:
        data, report = _read(path)
        reports.append(report)
        every_code = every_code and data is not None and not report.found
        if data is None or report.found:
            continue
        codes = validate.top_level(data, "codes", report, "start the file with `codes:` and list entries below it")
        if codes is validate.MISSING:
            every_code = False
            continue
        if not isinstance(codes, yamlfile.Seq) and codes is not None:
            report.add(getattr(codes, "line", data.line_of("codes")), "-", "`codes:` must be a list of entries, each starting with `- code:`")
            every_code = False
            continue
        if not codes:
            report.add(data.line_of("codes"), "-", "`codes:` has no entries; list them below it, each starting with `- code:`, or delete the file")
            continue
        for item, line in zip(codes, codes.item_lines):
            validate.entry(item, line, report, category_keys, source_keys)
            if isinstance(item, Map):
                code = item.get("code") if isinstance(item.get("code"), str) and validate.CODE_RE.match(item["code"]) else "-"
                words.check_entry(item, lambda at, message, report=report, code=code: report.add(at, code, message), glossary)
                texts += [(report.shown, at, lang, text) for name, lang, at, text in words.entry_texts(item) if name != "title.en"]
            if isinstance(item, Map):
                items.append((item, report))
    validate.across(items)
    problem_items = _problems(root, reports, source_keys, glossary, texts)
    validate.problems_across(problem_items, items if every_code else None)
    if glossary.repeated_sentences:
        repeats = validate.Reporter("")
        reports.append(repeats)
        written = [(code, report.shown, name, at, lang, text)
                   for item, report in items if isinstance(code := item.get("code"), str)
                   for name, lang, at, text in words.entry_texts(item) if not name.startswith(("title.", "plain_title"))]
        for file, line, code, message in voice.repeated(written, glossary.repeated_sentences):
            repeats.found.append(Diagnostic(file, line, code, message))
    # Optional: the titles more than one entry has on purpose.
    titles_data, titles_report = None, None
    if (root / "titles.yml").exists() or (root / "titles.yml").is_symlink():
        titles_data, titles_report = _read(root / "titles.yml")
        reports.append(titles_report)
        if titles_data is not None and not titles_report.found:
            validate.shared_titles(titles_data, titles_report)
    validate.titles_across(items, titles_data if titles_report is not None and not titles_report.found else None, titles_report)

    # Optional: the change log, dated releases of what changed per code.
    changes_data = None
    if (root / "changes.yml").exists() or (root / "changes.yml").is_symlink():
        changes_data, changes_report = _read(root / "changes.yml")
        reports.append(changes_report)
        if changes_data is not None and not changes_report.found:
            known = {item["code"] for item, _ in items if isinstance(item.get("code"), str)} if every_code else None
            changelog.validate(changes_data, changes_report, known)
            texts += changelog.texts(changes_data, changes_report.shown)

    problems = sorted(d for r in reports for d in r.found)
    if problems:
        return None, problems
    catalog = replace(_build(categories_data, sources_data, provider_data, items), glossary=glossary, texts=tuple(texts),
                      problems=tuple(sorted((_problem(item, report) for item, report in problem_items), key=lambda p: p.slug)))
    if origins_data is not None:
        catalog = replace(catalog, origin_notes={
            origin: OriginNote(origin, _text(item["notice"]), tuple(item["sources"]))
            for origin, item in origins_data["origins"].items()})
    if titles_data is not None:
        catalog = replace(catalog, shared_titles=tuple(
            SharedTitle(t["title"], tuple(t["codes"])) for t in titles_data["titles"]))
    if changes_data is not None:
        catalog = replace(catalog, releases=changelog.build(changes_data))
    if families_data is not None:
        catalog = replace(catalog, families=tuple(
            Family(*sort_key(f["codes"]), f["category"], _text(f["name"]), tuple(f["sources"]))
            for f in families_data["families"]))
    return catalog, []


def _problems(root: Path, reports: list, source_keys: set[str] | None, glossary, texts: list) -> list[tuple[Map, validate.Reporter]]:
    """The problems of catalog/problems/ (optional: a catalog may have none), checked one by one
    and by the word rules, their texts added to `texts`."""
    folder = root / "problems"
    if not (folder.exists() or folder.is_symlink()):
        return []
    files, folder_report = _code_files(folder, "problem", "group")
    reports.append(folder_report)
    items: list[tuple[Map, validate.Reporter]] = []
    for path in files:
        data, report = _read(path)
        reports.append(report)
        if data is None or report.found:
            continue
        listed = validate.top_level(data, "problems", report, "start the file with `problems:` and list problems below it")
        if listed is validate.MISSING:
            continue
        if not isinstance(listed, yamlfile.Seq) or not listed:
            report.add(getattr(listed, "line", data.line_of("problems")), "-", "`problems:` must be a list of problems, each starting with `- slug:`")
            continue
        for item, line in zip(listed, listed.item_lines):
            validate.problem(item, line, report, source_keys)
            if isinstance(item, Map):
                slug = item.get("slug") if isinstance(item.get("slug"), str) and validate.SLUG_RE.match(item["slug"]) else "-"
                words.check_entry(item, lambda at, message, report=report, slug=slug: report.add(at, slug, message), glossary)
                texts += [(report.shown, at, lang, text) for _, lang, at, text in words.entry_texts(item)]
                items.append((item, report))
    return items


def _problem(item: Map, report: validate.Reporter) -> Problem:
    return Problem(
        slug=item["slug"], title=_text(item["title"]), description=_text(item["description"]),
        checks=_checks(item["checks"]), action=_text(item["action"]), ticket_reply=_text(item["ticket_reply"]),
        sources=tuple(item["sources"]), verified=validate.verified_date(item["verified"]).isoformat(),
        customer_message=_text(item.get("customer_message")), no_customer_message=item.get("no_customer_message"),
        customer_channel=item.get("customer_channel", "whatsapp"), acts=item.get("acts"),
        related=tuple(item.get("related") or ()), notes=_text(item.get("notes")),
        keywords=_keywords(item),
        file=report.shown, line=item.line,
    )


def _keywords(item: Map) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(lang, phrases) of an entry's or a problem's keywords."""
    return tuple((lang, tuple(phrases)) for lang, phrases in (item.get("keywords") or {}).items())


def _text(value: Map | None) -> Localized | None:
    return Localized(id=value["id"], en=value["en"]) if value is not None else None


def _checks(value: Map | None) -> tuple[Localized, ...] | None:
    return tuple(Localized(id=i, en=e) for i, e in zip(value["id"], value["en"])) if value is not None else None


def _build(categories_data: Map, sources_data: Map, provider_data: Map, items: list[tuple[Map, validate.Reporter]]) -> Catalog:
    categories = tuple(
        Category(key, _text(v["name"]), _text(v["intro"])) for key, v in categories_data["categories"].items()
    )
    sources = {k: Source(k, v["title"], v.get("url")) for k, v in sources_data["sources"].items()}
    helpdesk = provider_data["helpdesk"]
    provider = Provider(provider_data["name"], helpdesk["name"], helpdesk["url"], report_url=helpdesk.get("report_url"),
                        help_url=helpdesk.get("help_url"), pages=tuple(provider_data.get("pages") or ()))
    entries = tuple(
        sorted(
            (
                Entry(
                    code=item["code"],
                    origin=item["origin"],
                    category=item["category"],
                    title=_text(item["title"]),
                    plain_title=item["plain_title"],
                    description=_text(item["description"]),
                    action=_text(item["action"]),
                    ticket_reply=_text(item["ticket_reply"]),
                    customer_message=_text(item.get("customer_message")),
                    no_customer_message=item.get("no_customer_message"),
                    customer_channel=item.get("customer_channel", "whatsapp"),
                    retry=item["retry"],
                    sources=tuple(item["sources"]),
                    retry_after=item.get("retry_after"),
                    http_status=item.get("http_status"),
                    related=tuple(item.get("related") or ()),
                    notes=_text(item.get("notes")),
                    retired=item.get("retired", False),
                    successor=item.get("successor"),
                    verified=validate.verified_date(item["verified"]).isoformat(),
                    acts=item.get("acts"),
                    charged=item.get("charged"),
                    checks=_checks(item.get("checks")),
                    keywords=_keywords(item),
                    titles_seen=tuple(item.get("titles_seen") or ()),
                    api_message=item.get("api_message"),
                    cite=tuple((fact, tuple(keys)) for fact, keys in (item.get("cite") or {}).items()),
                    file=report.shown,
                    line=item.line,
                )
                for item, report in items
            ),
            key=lambda e: sort_key(e.code),
        )
    )
    links: dict[str, set[str]] = {e.code: set() for e in entries}
    for e in entries:
        for other in e.related:
            links[e.code].add(other)
            links[other].add(e.code)
    return Catalog(
        categories=categories,
        provider=provider,
        sources=sources,
        entries=entries,
        links={code: tuple(sorted(found, key=sort_key)) for code, found in links.items()},
    )

