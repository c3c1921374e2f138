"""Load the catalog directory: read every file, run every rule, build the model.

`load(root)` returns `(catalog, [])` when the catalog is valid, or `(None,
diagnostics)` listing every problem found, sorted by file and line.
"""
from __future__ import annotations

from pathlib import Path

from . import validate, yamlfile
from .diagnostics import Diagnostic
from .model import Catalog, Category, Entry, Localized, Provider, Source, sort_key
from .yamlfile import Map

from .cli import CATALOG as DEFAULT_ROOT  # noqa: E402  (one definition of the default)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _read(path: Path) -> tuple[object, validate.Reporter]:
    report = validate.Reporter(_shown(path))
    if not path.exists():
        report.add(1, "-", "file is missing; restore it from version control")
        return None, report
    data, found = yamlfile.read(path, report.shown)
    report.found.extend(found)
    return (None if found else data), report


def load(root: Path = DEFAULT_ROOT) -> tuple[Catalog | None, list[Diagnostic]]:
    reports: list[validate.Reporter] = []
    config = {}
    for name, rule in (("categories", validate.categories), ("sources", validate.sources), ("provider", validate.provider)):
        data, report = _read(root / f"{name}.yml")
        reports.append(report)
        if data is not None:
            rule(data, report)
        config[name] = data
    categories_data, sources_data, provider_data = config["categories"], config["sources"], config["provider"]
    category_keys = set(categories_data["categories"]) if _ok(categories_data, "categories") else set()
    source_keys = set(sources_data["sources"]) if _ok(sources_data, "sources") else set()

    files = sorted((root / "codes").glob("*.yml"))
    items: list[tuple[Map, validate.Reporter]] = []
    if not files:
        reports[0].add(1, "-", f"no code files in {_shown(root / 'codes')}; add catalog/codes/<category>.yml")
    for path in files:
        data, report = _read(path)
        reports.append(report)
        if data is None:
            continue
        codes = validate.top_level(data, "codes", report, "start the file with `codes:` and list entries below it")
        if codes is None:
            continue
        if not isinstance(codes, yamlfile.Seq) or not codes:
            report.add(getattr(codes, "line", data.line_of("codes")), "-", "`codes:` must be a list of entries, each starting with `- code:`")
            continue
        for item, line in zip(codes, codes.item_lines):
            validate.entry(item, line, report, category_keys, source_keys)
            if isinstance(item, Map):
                items.append((item, report))
    validate.across(items)

    problems = sorted(d for r in reports for d in r.found)
    if problems:
        return None, problems
    return _build(categories_data, sources_data, provider_data, items), []


def _ok(data: object, key: str) -> bool:
    return isinstance(data, Map) and isinstance(data.get(key), Map)


def _text(value: Map | None) -> Localized | None:
    return Localized(id=value["id"], en=value["en"]) if value is not None else None


def _build(categories_data: Map, sources_data: Map, provider_data: Map, items: list[tuple[Map, validate.Reporter]]) -> Catalog:
    categories = tuple(
        Category(key, _text(v["name"]), _text(v["intro"])) for key, v in categories_data["categories"].items()
    )
    sources = {k: Source(k, v["title"], v.get("url")) for k, v in sources_data["sources"].items()}
    helpdesk = provider_data["helpdesk"]
    provider = Provider(provider_data["name"], helpdesk["name"], helpdesk["url"])
    entries = tuple(
        sorted(
            (
                Entry(
                    code=item["code"],
                    origin=item["origin"],
                    category=item["category"],
                    title=_text(item["title"]),
                    description=_text(item["description"]),
                    action=_text(item["action"]),
                    reply=_text(item["reply"]),
                    retry=item["retry"],
                    sources=tuple(item["sources"]),
                    retry_after=item.get("retry_after"),
                    http_status=item.get("http_status"),
                    related=tuple(item.get("related") or ()),
                    notes=_text(item.get("notes")),
                    retired=item.get("retired", False),
                    successor=item.get("successor"),
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

