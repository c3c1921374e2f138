"""Zendesk: the reply pack as macros, their titles nested by category (`::`).

Vendor contract: Zendesk's Support API OpenAPI document (https://developer.zendesk.com/zendesk/oas.yaml,
version 2.0.0; the Macros operations and what they reference are vendored in
tests/fixtures/vendor/zendesk/): `ListMacros` (GET /api/v2/macros, cursor pagination as the
operation recommends: `page[size]` up to 100, then `page[after]` with the answer's
`meta.after_cursor` while `meta.has_more`; see https://developer.zendesk.com/api-reference/introduction/pagination/), `CreateMacro` (POST, body
{"macro": MacroInput}), `UpdateMacro` (PUT /api/v2/macros/{macro_id}) and `DeleteMacro`; Basic
authentication with `{email}/token` and the API token (API reference, "Security and
authentication": https://developer.zendesk.com/api-reference/introduction/security-and-auth/).
A title's `::` makes nested categories in the agents' macro menu (Macros API reference and
Zendesk's "Organizing macros" help). A 429 carries Retry-After
(https://developer.zendesk.com/api-reference/introduction/rate-limits/).

Each macro adds the reply as a comment (`comment_value`); its title reads
`WhatsApp::{category}::{code} · {title} · {kind}`. Zendesk keeps no short code and lets titles
repeat, so a macro is this tool's when its description starts with `wa-error-reference {short
code}` (the description is shown to administrators only). A macro of someone else with the
title one of ours would take is left alone and reported, and ours is not created beside it.
"""
from __future__ import annotations

from . import content
from .base import PARTIAL, Client, HttpError, Plan, PushError, base_url, not_found

PER_PAGE = 100


def client(args, email: str, token: str) -> Client:
    return Client(base_url(args.subdomain, "--subdomain", "zendesk.com"), auth=(f"{email}/token", token),
                  secrets=(token, f"{email}/token"), timeout=args.timeout)


def title(record: dict, lang: str) -> str:
    # `::` inside a name would add a level of its own.
    parts = ["WhatsApp", record["category_name"], content.heading(record, lang)]
    return "::".join(part.replace("::", ":") for part in parts)


def description(record: dict) -> str:
    return f"{content.MARK} {record['short_code']}: {record['link']}"


def short_of(macro: dict) -> str | None:
    """The short code a macro of this tool is for; None for everyone else's."""
    words = (macro.get("description") or "").split()
    return words[1].rstrip(":") if len(words) > 1 and words[0] == content.MARK else None


def plan(http: Client, args, records: list[dict], every_short: set[str]) -> Plan:
    try:
        remote = _macros(http)
    except HttpError as error:
        if error.status == 404:
            raise not_found(error, f"the Zendesk API at {http.root}", "check --subdomain") from None
        raise
    mine: dict[str, list[dict]] = {}
    for macro in remote:
        if short_of(macro):
            mine.setdefault(short_of(macro), []).append(macro)
    others = {m.get("title"): m for m in remote if not short_of(m)}
    result = Plan("Zendesk macros")
    for record in records:
        short = record["short_code"]
        wanted = {"title": title(record, args.lang), "description": description(record), "active": True,
                  "actions": [{"field": "comment_value", "value": content.body(record)}]}
        found = sorted(mine.get(short, []), key=lambda m: m["id"])
        if not found and wanted["title"] in others:
            result.add("conflict", short, f"macro {others[wanted['title']]['id']} has this title and was made by someone else")
        elif not found:
            result.add("create", short, wanted["title"], lambda w=wanted: http.json("POST", "/api/v2/macros", json={"macro": w}))
        elif all(found[0].get(k) == v for k, v in wanted.items()):
            result.add("unchanged", short, wanted["title"])
        else:
            result.add("update", short, ", ".join(k for k, v in wanted.items() if found[0].get(k) != v) + " changed",
                       lambda i=found[0]["id"], w=wanted: http.json("PUT", f"/api/v2/macros/{i}", json={"macro": w}))
        for extra in found[1:]:
            # A second macro for one short code: a create whose answer was lost, then made again.
            _remove(result, http, args, short, extra, "a second copy")
    if args.prune:
        for short, macros in mine.items():
            if short not in every_short:
                for macro in macros:
                    _remove(result, http, args, short, macro, "no longer in the catalog")
    return result


def _macros(http: Client, limit: int = 1000) -> list[dict]:
    """Every macro the token's user sees, page by page."""
    found, after = [], None
    for _ in range(limit):
        params = {"page[size]": PER_PAGE, **({"page[after]": after} if after else {})}
        answer = http.json("GET", "/api/v2/macros", params=params) or {}
        found.extend(answer.get("macros") or [])
        meta = answer.get("meta") or {}
        if not meta.get("has_more") or not meta.get("after_cursor"):
            return found
        after = meta["after_cursor"]
    raise PushError(f"more than {limit} pages of macros; Zendesk's pagination did not end", PARTIAL)


def _remove(result: Plan, http: Client, args, short: str, macro: dict, why: str) -> None:
    if args.prune:
        result.add("prune", short, f"macro {macro['id']}: {why}", lambda i=macro["id"]: http.request("DELETE", f"/api/v2/macros/{i}"))
    else:
        result.add("conflict", short, f"macro {macro['id']} is {why}; remove it, or run again with --prune")
