"""Freshdesk: the reply pack as canned responses, one folder per category.

Freshdesk publishes no OpenAPI document; the requests follow its API reference (v2),
https://developers.freshdesk.com/api/#canned-responses: "List All Folders" (GET
/api/v2/canned_response_folders), "Create Folder" (POST, {name}), "Get details of Canned
Responses in a Folder" (GET /api/v2/canned_response_folders/{id}/responses), "Create a canned
response" (POST /api/v2/canned_responses: title, content_html, folder_id and visibility, all
mandatory; 0 = all agents) and "Update a canned response" (PUT /api/v2/canned_responses/{id}).
Its general sections: authentication is Basic with the API key and any password ("X"),
pages are `page` and `per_page` (up to 100) with the next page in a `link` header, a 429 carries
Retry-After, a field the reference does not list is refused (invalid_field), and these APIs
need an administrator's key. The reference offers no way to delete a canned response, so what
--prune would remove is listed for the administrator to delete by hand. Freshdesk rewrites the
HTML it stores (its own example wraps it in a <div>), so a response is compared by its plain
text (`content`), white space aside.

Folders are named `WhatsApp · {category}`. A response in one of them is this tool's when its
title starts with a short code of the reply pack and its text names a page of the site; one
with our short code and other text was written by a person: it is left alone and reported.
"""
from __future__ import annotations

import re

from . import content
from .base import PARTIAL, Client, HttpError, Plan, PushError, base_url, not_found

PER_PAGE = 100
_NEXT = re.compile(r"<\s*([^>]+?)\s*>\s*;\s*rel=\"?next\"?")


def client(args, key: str) -> Client:
    return Client(base_url(args.domain, "--domain", "freshdesk.com"), auth=(key, "X"), secrets=(key,), timeout=args.timeout)


def folder_name(record: dict) -> str:
    return f"WhatsApp · {record['category_name']}"


def title(record: dict, lang: str) -> str:
    return f"{record['short_code']} · {content.heading(record, lang)}"


def _responses(http: Client, folder: int, limit: int = 1000) -> list[dict]:
    found, url, params = [], f"/api/v2/canned_response_folders/{folder}/responses", {"per_page": PER_PAGE}
    for _ in range(limit):
        response = http.request("GET", url, params=params)
        found.extend(response.json() or [])
        following = _NEXT.search(response.headers.get("link", ""))
        if not following:
            return found
        url, params = following.group(1), None
    raise PushError(f"more than {limit} pages of canned responses in folder {folder}; Freshdesk's pagination did not end", PARTIAL)


def plan(http: Client, args, records: list[dict], every_short: set[str]) -> Plan:
    try:
        folders = http.json("GET", "/api/v2/canned_response_folders")
    except HttpError as error:
        if error.status == 404:
            raise not_found(error, f"the Freshdesk API at {http.root}", "check --domain") from None
        raise
    ids = {f["name"]: f["id"] for f in folders or () if f.get("name", "").startswith("WhatsApp · ")}
    remote = {name: _responses(http, folder) for name, folder in ids.items()}
    mine = {r["title"].split(" ", 1)[0]: r for responses in remote.values() for r in responses if content.short_like(r["title"].split(" ", 1)[0])}
    result = Plan("Freshdesk canned responses")
    made: dict[str, int] = dict(ids)
    for record in records:
        short, name = record["short_code"], folder_name(record)
        text = content.body(record)
        wanted = {"title": title(record, args.lang), "content_html": content.as_html(text)}
        found = mine.get(short)
        if found is None:
            result.add("create", short, f"{name} / {wanted['title']}", _create(http, made, name, wanted))
        elif not content.ours(found.get("content"), args.site_url):
            result.add("conflict", short, "a canned response with this short code was written by a person")
        elif found["title"] == wanted["title"] and content.plain(found.get("content")) == content.plain(wanted["content_html"]) \
                and found.get("folder_id") == ids.get(name):
            result.add("unchanged", short, wanted["title"])
        else:
            result.add("update", short, "text, title or folder changed", _update(http, made, name, found["id"], wanted))
    if args.prune:
        for short, response in mine.items():
            if short not in every_short and content.ours(response.get("content"), args.site_url):
                result.add("manual", short, f"no longer in the catalog; Freshdesk's API cannot delete a canned response "
                                            f"(id {response['id']}, title {response['title']!r})")
    return result


def _folder(http: Client, made: dict, name: str) -> int:
    """The folder's id, made by the first response that needs it."""
    if not made.get(name):
        made[name] = http.json("POST", "/api/v2/canned_response_folders", json={"name": name})["id"]
    return made[name]


def _create(http: Client, made: dict, name: str, wanted: dict):
    return lambda: http.json("POST", "/api/v2/canned_responses", json={**wanted, "folder_id": _folder(http, made, name), "visibility": 0})


def _update(http: Client, made: dict, name: str, id_: int, wanted: dict):
    return lambda: http.json("PUT", f"/api/v2/canned_responses/{id_}", json={**wanted, "folder_id": _folder(http, made, name), "visibility": 0})
