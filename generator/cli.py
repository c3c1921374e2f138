"""Command line: `python -m generator check | export | build | serve`.

Every command loads and validates the catalog first; a catalog with problems
prints them as `path:line: code: message` and exits 1.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .export import to_json
from .load import DEFAULT_ROOT, load


def _load_or_report(root: Path):
    catalog, problems = load(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found; nothing was written.", file=sys.stderr)
    return catalog


def cmd_check(args: argparse.Namespace) -> int:
    catalog = _load_or_report(args.catalog)
    if catalog is None:
        return 1
    print(f"catalog OK: {len(catalog.entries)} entries in {len(catalog.categories)} categories")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    catalog = _load_or_report(args.catalog)
    if catalog is None:
        return 1
    sys.stdout.write(to_json(catalog))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .site import build

    return build()


def cmd_serve(args: argparse.Namespace) -> int:
    from .site import serve

    return serve(args.lang)


def main(argv: list[str] | None = None) -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--catalog", type=Path, default=DEFAULT_ROOT, help="catalog directory (default: the repository's catalog/)")
    parser = argparse.ArgumentParser(prog="python -m generator", description="WhatsApp error-code catalog tools")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", parents=[common], help="validate the catalog and report every problem").set_defaults(func=cmd_check)
    export = sub.add_parser("export", parents=[common], help="print the catalog as data")
    export.add_argument("--format", choices=["json"], default="json")
    export.set_defaults(func=cmd_export)
    sub.add_parser("build", help="build the site into site/ (both languages)").set_defaults(func=cmd_build)
    serve = sub.add_parser("serve", help="live preview of one language")
    serve.add_argument("--lang", choices=["id", "en"], default="id")
    serve.set_defaults(func=cmd_serve)
    args = parser.parse_args(argv)
    return args.func(args)
