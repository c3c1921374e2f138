"""Chatwoot: the reply pack as canned responses, upserted by short code.

Vendor contract: Chatwoot's OpenAPI document (swagger/swagger.json of chatwoot/chatwoot at
v4.16.2, vendored in tests/fixtures/vendor/chatwoot/), operations
`get-account-canned-response` (GET /api/v1/accounts/{account_id}/canned_responses),
`add-new-canned-response-to-account` (POST, body {short_code, content}),
`update-canned-response-in-account` (PATCH …/canned_responses/{id}) and
`delete-canned-response-from-account` (DELETE …/{id}), authenticated by the `api_access_token`
header (security scheme `userApiKey`). Rules from Chatwoot's source at that version: a short code
is unique per account (app/models/canned_response.rb: `validates :short_code, uniqueness: { scope:
:account_id }`, answered 422), the list is returned whole (no pagination), and agents as well as
administrators may manage canned responses.

A canned response is this tool's when its short code is one the reply pack makes and its text
names a page of the site (every pushed reply ends with its ticket link); one with our short code
and other text was made by a person: it is left alone and reported. Removal happens only with
--prune, and only to our own responses whose short code the catalog no longer makes.
"""
from __future__ import annotations

from . import content
from .base import USAGE, Client, HttpError, Plan, PushError, base_url, not_found

def client(args, token: str) -> Client:
    return Client(base_url(args.url, "--url"), headers={"api_access_token": token}, secrets=(token,), timeout=args.timeout)


def account_path(args) -> str:
    return f"/api/v1/accounts/{args.account}"


def plan(http: Client, args, records: list[dict], every_short: set[str]) -> Plan:
    """Compare the account's canned responses with the records; every_short: every short code
    the whole catalog makes (what --prune keeps)."""
    path = f"{account_path(args)}/canned_responses"
    try:
        remote = http.json("GET", path)
    except HttpError as error:
        if error.status == 404:
            raise not_found(error, f"account {args.account} at {http.root}", "check --url and --account") from None
        raise
    if not isinstance(remote, list):
        raise PushError(f"{http.root}{path} did not answer with a list of canned responses; is --url Chatwoot's address?", USAGE)
    by_short = {item.get("short_code"): item for item in remote}
    result = Plan("Chatwoot canned responses")
    for record in records:
        wanted = content.body(record)
        found = by_short.get(record["short_code"])
        title = content.heading(record, args.lang)
        if found is None:
            result.add("create", record["short_code"], title, _create(http, path, record["short_code"], wanted))
        elif not content.ours(found.get("content"), args.site_url):
            result.add("conflict", record["short_code"], "a canned response with this short code was written by a person")
        elif found.get("content") == wanted:
            result.add("unchanged", record["short_code"], title)
        else:
            result.add("update", record["short_code"], "text changed",
                       lambda i=found["id"], s=record["short_code"], w=wanted: http.json("PATCH", f"{path}/{i}", json={"short_code": s, "content": w}))
    if args.prune:
        for item in remote:
            short = item.get("short_code") or ""
            if content.short_like(short) and short not in every_short and content.ours(item.get("content"), args.site_url):
                result.add("prune", short, "no longer in the catalog", lambda i=item["id"]: http.request("DELETE", f"{path}/{i}"))
    return result


def _create(http: Client, path: str, short: str, text: str):
    def apply():
        try:
            return http.json("POST", path, json={"short_code": short, "content": text})
        except HttpError as error:
            # Taken meanwhile: by our own earlier try whose answer was lost, or by a person.
            if error.status != 422:
                raise
            again = {i.get("short_code"): i for i in http.json("GET", path) or ()}.get(short)
            if again and again.get("content") == text:
                return again
            raise HttpError(f"short code {short} was taken meanwhile by another canned response; left alone", 422) from None
    return apply
