"""The command line of `push`: its four targets, their options, and one run.

`add_arguments(subparsers)` registers `push` under the main command line (generator/cli.py);
`main(argv)` parses the targets alone, for `python -m generator.push chatwoot …` and the tests.
`run(args)` loads the catalog, picks the replies or pages, reads the helpdesk, plans and
carries out (or with --dry-run prints) the changes, and returns the exit code.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from . import base

EXIT_CODES = """exit codes:
  0  done, or nothing to change (the summary says which)
  1  partial failure: some objects failed (listed), or the catalog has problems
  2  usage or configuration error: a missing token, a bad address, an unknown account or portal
  3  authentication or permission error: the helpdesk refused the token (401) or its rights (403)"""

TARGETS = {
    "chatwoot": "the reply pack as Chatwoot canned responses, by short code",
    "chatwoot-help-center": "every code and problem page as an article of a Chatwoot help-center portal, "
                            "Indonesian and English linked as one article",
    "zendesk": "the reply pack as Zendesk macros, titles as nested categories",
    "freshdesk": "the reply pack as Freshdesk canned responses, one folder per category",
}
TOKENS = {
    "chatwoot": ("CHATWOOT_API_TOKEN",), "chatwoot-help-center": ("CHATWOOT_API_TOKEN",),
    "zendesk": ("ZENDESK_EMAIL", "ZENDESK_API_TOKEN"), "freshdesk": ("FRESHDESK_API_KEY",),
}


def _site_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(f"{value!r} is not the address of the site; write the full URL of its root, "
                                         "like https://help.example.com/whatsapp-errors/")
    return value if value.endswith("/") else value + "/"


def _catalog_dir(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value} is not a folder; give the catalog folder (the one holding categories.yml)")
    return path


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not an account number; give the number in Chatwoot's address, "
                                         "like 3 in /app/accounts/3/")
    return int(value)


def _targets(parser: argparse.ArgumentParser) -> None:
    from ..paths import CATALOG

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--site-url", type=_site_url, default=os.environ.get("SITE_URL") or None, metavar="URL",
                        help="public address of the site root, for the ticket links in every reply "
                             "(default: the SITE_URL environment variable)")
    common.add_argument("--dry-run", action="store_true", help="print what would be created, updated, left alone and "
                        "(with --prune) removed; change nothing")
    common.add_argument("--prune", action="store_true", help="also remove what this tool made earlier for codes the "
                        "catalog no longer has (never without this option)")
    common.add_argument("--category", action="append", metavar="KEY", help="only this category (repeat for more; "
                        "`problems`: the problems without a code)")
    common.add_argument("--origin", action="append", choices=["meta", "meta-onprem", "provider"], help="only codes of this origin (repeat for more)")
    common.add_argument("--codes", metavar="LIST", help="only these codes or problem slugs, comma-separated, e.g. 131049,130429")
    common.add_argument("--timeout", type=float, default=base.TIMEOUT, metavar="SECONDS", help=f"for each request (default: {base.TIMEOUT})")
    common.add_argument("--catalog", type=_catalog_dir, default=CATALOG, help="catalog directory (default: the repository's catalog/)")
    lang = argparse.ArgumentParser(add_help=False)
    lang.add_argument("--lang", choices=["id", "en"], default="id", help="language of the replies (default: id)")
    chatwoot = argparse.ArgumentParser(add_help=False)
    chatwoot.add_argument("--url", required=True, help="Chatwoot's address, e.g. https://app.chatwoot.com or a self-hosted one")
    chatwoot.add_argument("--account", required=True, type=_positive, metavar="N", help="the account number")
    sub = parser.add_subparsers(dest="target", required=True, metavar="TARGET")
    make = lambda name, parents: sub.add_parser(  # noqa: E731
        name, parents=parents, help=TARGETS[name], description=TARGETS[name] + ". Token: " + " and ".join(TOKENS[name])
        + " (environment).", epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    make("chatwoot", [chatwoot, lang, common])
    center = make("chatwoot-help-center", [chatwoot, common])
    center.add_argument("--portal", required=True, metavar="SLUG", help="the portal's slug (its address: /hc/SLUG)")
    zendesk = make("zendesk", [lang, common])
    zendesk.add_argument("--subdomain", required=True, help="acme for https://acme.zendesk.com, or any full address")
    freshdesk = make("freshdesk", [lang, common])
    freshdesk.add_argument("--domain", required=True, help="acme for https://acme.freshdesk.com, or any full address")
    parser.set_defaults(func=run)


def add_arguments(subparsers) -> None:
    """Register `push` and its targets under the main command line's subparsers."""
    push = subparsers.add_parser("push", help="put the reply pack or the pages into a helpdesk (Chatwoot, Zendesk, Freshdesk)",
                                 description="Put the reply pack or the pages into a helpdesk.", epilog=EXIT_CODES,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    _targets(push)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.push", description="Put the reply pack or the pages into a helpdesk.",
                                     epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    _targets(parser)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    return args.func(args)


def run(args: argparse.Namespace) -> int:
    from ..diagnostics import report
    from ..load import load

    try:
        if not args.site_url:
            raise base.PushError("the site's address is needed for the ticket links: give --site-url "
                                 "https://help.example.com/whatsapp-errors/ (or set SITE_URL)", base.USAGE)
        secrets = [os.environ.get(name, "") for name in TOKENS[args.target]]
        missing = [name for name, value in zip(TOKENS[args.target], secrets) if not value]
        if missing:
            raise base.PushError(f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set; "
                                 f"export {'them' if len(missing) > 1 else 'it'} first (see the README, Pushing to a helpdesk)", base.USAGE)
        catalog, problems = load(args.catalog)
        if report(problems):
            return base.PARTIAL
        return _push(args, catalog, secrets)
    except base.PushError as error:
        print(f"push {args.target}: {error}", file=sys.stderr)
        return error.code


def _filters(args) -> dict:
    codes = [c.strip() for c in args.codes.split(",") if c.strip()] if args.codes else None
    return {"categories": args.category, "origins": args.origin, "codes": codes}


def _push(args, catalog, secrets: list[str]) -> int:
    import importlib

    from .. import replypack

    adapter = importlib.import_module(f".{args.target.replace('-', '_')}", __package__)
    http = adapter.client(args, *secrets)
    if urlsplit(http.root).scheme == "http" and urlsplit(http.root).hostname not in ("127.0.0.1", "localhost", "::1"):
        http.say(f"warning: {http.root} is plain http: the token travels unencrypted")
    if args.target == "chatwoot-help-center":
        plan = adapter.plan(http, args, catalog, _filters(args))
    else:
        every = set(replypack.check_short_codes(catalog))
        try:
            records = replypack.records(catalog, args.lang, site_url=args.site_url, **_filters(args))
        except ValueError as error:  # a filter value that names nothing: the reply pack says which are valid
            raise base.PushError(str(error), base.USAGE) from None
        if not records:
            raise base.PushError("no code matches --category, --origin and --codes together", base.USAGE)
        plan = adapter.plan(http, args, records, every)
    return base.execute(plan, dry_run=args.dry_run, redact=http.redact)
