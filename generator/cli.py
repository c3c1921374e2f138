"""Command line: `python -m generator check | lookup | export | build | urls | serve | report | push`.

Every command works from a valid catalog; a catalog with problems prints them
as `path:line: code: message` and exits 1. Heavy modules are imported inside
the commands that need them, so `lookup` starts about as fast as Python.
This is the top of generator/'s imports: nothing in the package imports it.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .paths import CATALOG, ROOT, SITE


def _load_or_report(root: Path):
    from .diagnostics import report
    from .load import load

    catalog, problems = load(root)
    return None if report(problems) else catalog


def cmd_check(args: argparse.Namespace) -> int:
    from . import changelog, glossary, spelling
    from .diagnostics import Diagnostic, report

    catalog = _load_or_report(args.catalog)
    if catalog is None:
        return 1
    # Every fact changed since the last release has its line in the change log.
    if report(changelog.unlogged(catalog, args.catalog)):
        return 1
    # UI strings, hand-written pages and categories follow the glossary as entries do (the loader checked those).
    texts = spelling.texts(catalog, ROOT)
    entry_files = {e.file for e in catalog.entries}
    found = [Diagnostic(file, line, "-", problem)
             for file, line, lang, text in texts if file not in entry_files
             for problem in glossary.variants(text, lang, catalog.glossary)]
    if report(found):
        return 1
    if not spelling.available():
        print("spelling not checked: hunspell with the id_ID and en_US dictionaries is not installed "
              "(apt-get install hunspell hunspell-id hunspell-en-us)", file=sys.stderr)
    elif report(spelling.problems_in(texts, catalog.glossary)):
        return 1
    print(f"catalog OK: {len(catalog.entries)} entries in {len(catalog.categories)} categories")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import to_csv, to_json

    catalog = _load_or_report(args.catalog)
    if catalog is None:
        return 1
    sys.stdout.write(to_csv(catalog) if args.format == "csv" else to_json(catalog))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .site import build

    return build(dest=args.dest, catalog_root=args.catalog, site_url=args.site_url)


def site_url(value: str) -> str:
    """The public address of the site root (argparse type): absolute http(s), ending in /."""
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not the address of the site; write the full URL of its root, "
            "like https://help.example.com/whatsapp-errors/")
    return value if value.endswith("/") else value + "/"


def catalog_dir(value: str) -> Path:
    """The catalog folder (argparse type): an existing folder, so a typo gets one line, not a
    list of every catalog file as missing."""
    path = Path(value)
    if not path.is_dir():
        what = "a file" if path.exists() else "not there"
        raise argparse.ArgumentTypeError(f"{value} is {what}; give the catalog folder (the one holding categories.yml)")
    return path


def cmd_sample(args: argparse.Namespace) -> int:
    """Print N entries drawn by a seed, every field in both languages, for a blind read."""
    from . import sample

    catalog = _load_or_report(args.catalog)
    if catalog is None:
        return 1
    langs = ("id", "en") if args.lang == "both" else (args.lang,)
    sys.stdout.write(sample.as_markdown(catalog, sample.draw(catalog, args.count, args.seed), args.seed, langs) + "\n")
    return 0


def count(value: str) -> int:
    """How many entries to draw (argparse type): a whole number from 1."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of entries; give a whole number such as 30")
    return int(value)


def cmd_baseline(args: argparse.Namespace) -> int:
    """Record the catalog's facts as of its newest release: run once a release is listed in changes.yml."""
    from .changelog import BASELINE, baseline_text

    catalog = _load_or_report(args.catalog)
    if catalog is None:
        return 1
    if not catalog.releases:
        print("catalog/changes.yml lists no release yet; list one, then record its baseline", file=sys.stderr)
        return 1
    (args.catalog / BASELINE).write_text(baseline_text(catalog), encoding="utf-8")
    print(f"baseline of release {catalog.releases[0].date}: {len(catalog.entries)} entries")
    return 0


def cmd_urls(args: argparse.Namespace) -> int:
    from .site import update_url_list

    return update_url_list(args.catalog)


def cmd_serve(args: argparse.Namespace) -> int:
    from .preview import serve

    return serve(args.lang, args.catalog, args.port)


def cmd_report(args: argparse.Namespace) -> int:
    """Summarise a broadcast report as the page /{lang}/report/ does; exit 1 on a report that
    cannot be read (one line saying why)."""
    import os
    import stat

    from . import outfolder, report
    from .text import for_terminal

    if args.out:
        try:
            outfolder.check(args.out, args.file)
        except outfolder.Refused as refused:
            print(f"--out: {for_terminal(str(refused))}", file=sys.stderr)
            return 2
    data = report.cached_data(args.catalog, args.lang, lambda: _load_or_report(args.catalog))
    if data is None:
        return 1
    rules = report.Rules(data, args.lang, args.site_url, args.country or report.COUNTRY)
    limit = report.LIMIT_MB * 1024 * 1024
    try:
        with open(args.file, "rb") as file:
            # A regular file's size is known before reading it; a pipe's or a device's (/dev/zero) is
            # not, so at most one byte past the limit is read from those.
            known = os.fstat(file.fileno())
            size = known.st_size if stat.S_ISREG(known.st_mode) else None
            data = file.read(limit + 1) if size is None or size <= limit else b""
            shown = f"{size / 1048576:.1f}".rstrip("0").rstrip(".") if size is not None else f"{report.LIMIT_MB}+"
            size = len(data) if size is None else size
    except OSError as error:
        print(f"{for_terminal(str(args.file))}: cannot be read ({error.strerror or error})", file=sys.stderr)
        return 1
    try:
        if size > limit:
            raise report.BadInput("too_big", size=shown, limit=str(report.LIMIT_MB))
        chosen = {role: getattr(args, f"{role}_column") for role in report.ROLES}
        result = report.analyse(rules, data, chosen)
    except report.BadInput as bad:
        if bad.problem == "pick":
            text = ("no column holds error codes or failure reasons; name one with --code-column or "
                    "--reason-column (its header or its number, 1 for the first)")
        elif bad.problem == "column":
            text = f"no column is named {bad.values['name']!r}; give its header or its number (1 for the first)"
        else:
            text = rules.strings[bad.problem]
            for name, value in bad.values.items():
                text = text.replace("{" + name + "}", value)
        print(f"{for_terminal(str(args.file))}: {text}", file=sys.stderr)
        return 1
    print(report.table(rules, result))
    summary = result.summary
    if summary["sci"]:
        phone = for_terminal(result.names[result.columns["phone"]])  # a header of the file: printed, never run
        print(rules.strings["sci"].replace("{column}", phone).replace("{example}", summary["example"])
              .replace("{count}", str(summary["sci"])), file=sys.stderr)
    if summary["quotes"]:
        print(rules.strings["quotes"].replace("{count}", str(summary["quotes"])).replace("{row}", str(summary["quote_row"])),
              file=sys.stderr)
    if summary["replaced"]:
        print(rules.strings["replaced"].replace("{count}", str(summary["replaced"])), file=sys.stderr)
    if args.out:
        for path in outfolder.replace(args.out, report.files(rules, result)):
            print(f"wrote {for_terminal(str(path))}")
    return 0


def country_code(value: str) -> str:
    """A country calling code (argparse type): 1 to 3 digits, with or without `+`."""
    digits = value.strip().removeprefix("+")
    if not (digits.isascii() and digits.isdigit() and 1 <= len(digits) <= 3 and digits[0] != "0"):
        raise argparse.ArgumentTypeError(f"{value!r} is not a country calling code; write its digits, like 62 or 1")
    return digits


def column(value: str) -> str:
    """A column named on the command line (argparse type): a header name or a 1-based number."""
    if not value.strip():
        raise argparse.ArgumentTypeError("give the column's header or its number (1 for the first)")
    return value


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["lookup"]:
        # Its own argument parsing, the same as `python -m generator lookup` (see __main__.py).
        from .lookup import main as lookup

        return lookup(argv[1:])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--catalog", type=catalog_dir, default=CATALOG, help="catalog directory (default: the repository's catalog/)")
    parser = argparse.ArgumentParser(prog="python -m generator", description="WhatsApp error-code catalog tools")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", parents=[common], help="validate the catalog and report every problem").set_defaults(func=cmd_check)
    # Listed for the overview only: lookup parses its own arguments (below, and generator/lookup.py).
    sub.add_parser("lookup", help="show one code (a code inside a range finds the range); see lookup --help")
    export = sub.add_parser("export", parents=[common], help="print the catalog as data, as published under /api/v1/")
    export.add_argument("--format", choices=["json", "csv"], default="json")
    export.set_defaults(func=cmd_export)
    build = sub.add_parser("build", parents=[common], help="build, check and publish the site (both languages)")
    build.add_argument("--dest", type=Path, default=SITE, help="folder to publish into: a new or empty one, or one a build made (default: site/)")
    build.add_argument("--site-url", type=site_url, metavar="URL",
                       help="public address of the site root, e.g. https://help.example.com/whatsapp-errors/: "
                            "adds sitemaps (with each page's translations) and canonical links; links stay relative")
    build.set_defaults(func=cmd_build)
    smp = sub.add_parser("sample", parents=[common], help="draw N entries by a seed, every field in both languages, for a blind read")
    smp.add_argument("count", type=count, metavar="N", help="how many entries (all of them if the catalog has fewer)")
    smp.add_argument("--seed", required=True, help="any text, e.g. the first digits of the current commit hash: the same seed draws the same entries")
    smp.add_argument("--lang", choices=["id", "en", "both"], default="both", help="the languages to print (default: both)")
    smp.set_defaults(func=cmd_sample)
    sub.add_parser("baseline", parents=[common], help="record every entry's facts as of the newest release in "
                   "changes.yml (catalog/baseline.json), which `check` compares against").set_defaults(func=cmd_baseline)
    sub.add_parser("urls", parents=[common], help="record every published URL in published-urls.txt").set_defaults(func=cmd_urls)
    serve = sub.add_parser("serve", parents=[common], help="live preview of one language (a catalog with problems "
                           "shows them on every page until fixed)")
    serve.add_argument("--lang", choices=["id", "en"], default="id")
    serve.add_argument("--port", type=int, default=8000, help="serve at http://127.0.0.1:PORT/ (default: 8000)")
    serve.set_defaults(func=cmd_serve)
    from .push import command as push  # registers `push` and its four targets (generator/push/command.py)

    push.add_arguments(sub)
    rep = sub.add_parser("report", parents=[common], help="summarise a broadcast report (CSV or TSV) per error code, "
                         "as the site's report page does, and write its CSV files")
    rep.add_argument("file", type=Path, metavar="FILE", help="the report as exported (CSV or TSV, any of , ; tab)")
    rep.add_argument("--lang", choices=["id", "en"], default="id", help="language of titles, advice and file names (default: id)")
    rep.add_argument("--out", type=Path, metavar="DIR", help="folder to write the CSV files into (the page's downloads)")
    rep.add_argument("--site-url", type=site_url, metavar="URL", help="public address of the site root, for the code page links "
                     "in the files (without it they are relative, like id/codes/131049/)")
    rep.add_argument("--country", type=country_code, metavar="CODE",
                     help="country code a local number (0812…) is read in, for the number lists (default: 62, Indonesia)")
    for role in ("code", "reason", "phone", "status"):
        rep.add_argument(f"--{role}-column", type=column, metavar="COLUMN", help=f"the {role} column, when the guess is wrong")
    rep.set_defaults(func=cmd_report)
    args = parser.parse_args(argv)
    return args.func(args)
