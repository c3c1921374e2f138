"""Fake helpdesks on loopback for the push adapters' tests: each keeps its vendor's rules and
checks every request it gets against the vendor's contract.

`Server` runs one fake in a thread on 127.0.0.1 (a free port) and records every request.
Faults are queued with `server.fault(status, when=…, headers=…, times=…)`: the next matching
requests get that answer instead of the fake's own. Contracts (tests/fixtures/vendor/):
Chatwoot's and Zendesk's OpenAPI documents, checked with openapi-core; the operations Chatwoot
serves but leaves out of its document, and Freshdesk's canned responses (Freshdesk publishes
no OpenAPI document), against JSON Schemas transcribed from their sources (see README.md there).
A request no contract knows, or one its contract refuses, is a violation: the fixture fails the
test at its end.
"""
from __future__ import annotations

import base64
import html
import json
import re
import threading
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jsonschema

VENDOR = Path(__file__).parent / "fixtures" / "vendor"


DEEP_OBJECT_ONE_OF = "#/components/parameters/DualPaginationPage"


def document(vendor: str) -> dict:
    return json.loads((VENDOR / vendor / "openapi.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def openapi(vendor: str):
    """The vendor's document for openapi-core, less the one parameter it cannot read: Zendesk's
    `page`, a deepObject whose schema is a oneOf (openapi-core 0.23 fails every request on it,
    present or not). Zendesk.check validates that parameter itself, against the same schema."""
    from openapi_core import OpenAPI

    whole = document(vendor)
    for item in whole["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and "parameters" in operation:
                operation["parameters"] = [p for p in operation["parameters"] if p.get("$ref") != DEEP_OBJECT_ONE_OF]
    return OpenAPI.from_dict(whole)


def deep_object(query: str, name: str) -> object:
    """A deepObject query parameter as its value: `page=2` -> 2, `page[size]=100` -> {"size": 100}; None if absent."""
    found: dict = {}
    for key, values in parse_qs(query).items():
        value = values[-1]
        if key == name:
            return int(value) if value.isdigit() else value
        m = re.fullmatch(re.escape(name) + r"\[(\w+)\]", key)
        if m:  # a query string has no types: the schema's integer member is `size`, the cursors are strings
            found[m.group(1)] = int(value) if m.group(1) == "size" and value.isdigit() else value
    return found or None


@lru_cache(maxsize=None)
def transcribed(vendor: str, name: str) -> dict:
    return json.loads((VENDOR / vendor / name).read_text(encoding="utf-8"))


def openapi_problems(vendor: str, host: str, method: str, path: str, query: str, headers: dict, body: bytes) -> list[str]:
    """What the vendor's OpenAPI document finds wrong with a request (empty: it conforms)."""
    from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
    from openapi_core.testing import MockRequest

    request = MockRequest(host, method.lower(), path, args=parse_qs(query),
                          data=body or None, headers=headers, content_type=headers.get("Content-Type", "application/json").split(";")[0])
    errors = openapi(vendor).unmarshal_request(request).errors
    if any(isinstance(e, (OperationNotFound, PathNotFound)) for e in errors):
        return ["not in the document"]
    return [f"{type(e).__name__}: {e} {getattr(e, '__cause__', '') or ''}".strip() for e in errors]


def schema_problems(schema: dict, value: object) -> list[str]:
    return [f"{'/'.join(map(str, e.path)) or 'body'}: {e.message}" for e in jsonschema.Draft202012Validator(schema).iter_errors(value)]


class Fake:
    """A vendor's rules: `serve(method, path, query, headers, body)` -> (status, headers, payload),
    `check(...)` -> list of contract problems."""

    def __init__(self):
        self.lock = threading.Lock()

    def serve(self, method, path, query, headers, body):  # pragma: no cover - each fake has its own
        raise NotImplementedError

    def check(self, method, path, query, headers, body) -> list[str]:  # pragma: no cover
        raise NotImplementedError


class Server:
    def __init__(self, fake: Fake):
        self.fake = fake
        self.requests: list[tuple[str, str, dict, bytes]] = []
        self.violations: list[str] = []
        self.faults: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                headers = {k: v for k, v in self.headers.items()}
                status, extra, payload = server.answer(self.command, parts.path, parts.query, headers, body)
                data = b"" if payload is None else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for key, value in extra.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _any

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def fault(self, status: int, *, when=lambda method, path: True, headers: dict | None = None,
              payload: object = None, times: int = 1) -> None:
        self.faults.append({"status": status, "when": when, "headers": headers or {}, "payload": payload, "times": times})

    def answer(self, method, path, query, headers, body):
        with self.fake.lock:
            self.requests.append((method, path + (f"?{query}" if query else ""), headers, body))
            for fault in self.faults:
                if fault["times"] and fault["when"](method, path):
                    fault["times"] -= 1
                    return fault["status"], fault["headers"], fault["payload"]
            for problem in self.fake.check(method, path, query, headers, body):
                self.violations.append(f"{method} {path}: {problem}")
            return self.fake.serve(method, path, query, headers, json.loads(body) if body else None)

    def writes(self) -> list[tuple[str, str]]:
        return [(m, p) for m, p, _, _ in self.requests if m != "GET"]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _query(query: str) -> dict:
    return {k: v[-1] for k, v in parse_qs(query).items()}


# --- Chatwoot --------------------------------------------------------------------------------

class Chatwoot(Fake):
    """Chatwoot v4.16.2: canned responses (unique short code per account, listed whole) and the
    help center (portals, categories unique by slug and locale in a portal, articles with a
    slug unique across the instance, listed 25 a page, newest first; a locale must be one of
    the portal's; an article takes its category's locale; linked translations point at the
    root article)."""

    TOKEN = "cw-secret-token-123"
    ACCOUNT = 1
    AUTHOR = 7
    PER_PAGE = 25  # Kaminari's default: Article sets no paginates_per

    def __init__(self, locales=("id", "en")):
        super().__init__()
        self.canned: dict[int, dict] = {}
        self.portals = {"help": {"id": 1, "slug": "help", "name": "Help", "locales": list(locales), "default": locales[0]}}
        self.categories: dict[int, dict] = {}
        self.articles: dict[int, dict] = {}
        self.next_id = 100
        self.clock = 1_700_000_000

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def check(self, method, path, query, headers, body):
        problems = openapi_problems("chatwoot", "https://app.chatwoot.com", method, path, query, headers, body)
        if problems != ["not in the document"]:
            return problems
        # Served by Chatwoot (config/routes.rb) but not in its OpenAPI document: shapes from its controllers.
        for operation in transcribed("chatwoot", "undocumented.json")["operations"]:
            if operation["method"] == method and re.fullmatch(operation["path"], path):
                return schema_problems(operation["query"], _query(query)) + (
                    schema_problems(operation["body"], json.loads(body) if body else None) if "body" in operation else [])
        return ["not in the OpenAPI document nor among the transcribed operations"]

    def serve(self, method, path, query, headers, body):
        if headers.get("api_access_token") != self.TOKEN:
            return 401, {}, {"error": "Invalid Access Token"}
        if path == "/api/v1/profile":
            return 200, {}, {"id": self.AUTHOR, "name": "Admin", "role": "administrator"}
        m = re.fullmatch(r"/api/v1/accounts/(\d+)(/.*)", path)
        if not m:
            return 404, {}, {"error": "Resource could not be found"}
        if int(m.group(1)) != self.ACCOUNT:
            return 401, {}, {"error": "You are not authorized to access this account"}
        rest = m.group(2)
        if rest.startswith("/canned_responses"):
            return self.canned_responses(method, rest, body)
        m = re.fullmatch(r"/portals(?:/([^/]+)(/.*)?)?", rest)
        if m:
            return self.help_center(method, m.group(1), m.group(2) or "", _query(query), body)
        return 404, {}, {"error": "Resource could not be found"}

    def canned_responses(self, method, rest, body):
        if rest == "/canned_responses" and method == "GET":
            return 200, {}, list(self.canned.values())
        if rest == "/canned_responses" and method == "POST":
            item = {"id": self.new_id(), "account_id": self.ACCOUNT, **{k: body.get(k) for k in ("short_code", "content")}}
            problem = self._canned_invalid(item)
            if problem:
                return 422, {}, problem
            self.canned[item["id"]] = item
            return 200, {}, item
        m = re.fullmatch(r"/canned_responses/(\d+)", rest)
        if not m or int(m.group(1)) not in self.canned:
            return 404, {}, {"error": "Resource could not be found"}
        item = self.canned[int(m.group(1))]
        if method == "DELETE":
            del self.canned[item["id"]]
            return 200, {}, None
        changed = {**item, **{k: body[k] for k in ("short_code", "content") if k in body}}
        problem = self._canned_invalid(changed)
        if problem:
            return 422, {}, problem
        item.update(changed)
        return 200, {}, item

    def _canned_invalid(self, item):
        if not item.get("short_code") or not item.get("content"):
            return {"message": "Short code can't be blank", "attributes": ["short_code"]}
        if any(o["short_code"] == item["short_code"] and o["id"] != item["id"] for o in self.canned.values()):
            return {"message": "Short code has already been taken", "attributes": ["short_code"]}
        return None

    def help_center(self, method, slug, rest, query, body):
        if slug is None:
            return 200, {}, {"payload": [self._portal(p) for p in self.portals.values()], "meta": {"portals_count": len(self.portals)}}
        portal = self.portals.get(slug)
        if portal is None:
            return 404, {}, {"error": "Resource could not be found"}
        if rest.startswith("/categories"):
            return self.categories_of(portal, method, rest, query, body)
        if rest.startswith("/articles"):
            return self.articles_of(portal, method, rest, query, body)
        return 404, {}, {"error": "Resource could not be found"}

    def _portal(self, p):
        return {"id": p["id"], "slug": p["slug"], "name": p["name"], "account_id": self.ACCOUNT, "archived": False,
                "config": {"allowed_locales": [{"code": c, "articles_count": 0, "categories_count": 0} for c in p["locales"]],
                           "default_locale": p["default"]}}

    def _category(self, c):
        out = {k: c.get(k) for k in ("id", "name", "slug", "locale", "description", "position")}
        out.update(account_id=self.ACCOUNT, icon="", related_categories=[], meta={"articles_count": 0})
        root = self.categories.get(c.get("associated_category_id"))
        if root:
            out["root_category"] = {k: root[k] for k in ("id", "name", "slug", "locale")}
        return out

    def categories_of(self, portal, method, rest, query, body):
        mine = [c for c in self.categories.values() if c["portal"] == portal["slug"]]
        if rest == "/categories" and method == "GET":
            found = sorted((c for c in mine if not query.get("locale") or c["locale"] == query["locale"]), key=lambda c: c["position"] or 0)
            return 200, {}, {"payload": [self._category(c) for c in found], "meta": {"current_page": query.get("page", 1), "categories_count": len(found)}}
        if rest == "/categories" and method == "POST":
            item = {"id": self.new_id(), "portal": portal["slug"], "position": len(mine) + 1, **body}
            item.setdefault("locale", "en")
            if not item.get("name") or not item.get("slug"):
                return 422, {}, {"message": "Name can't be blank", "attributes": ["name"]}
            if item["locale"] not in portal["locales"]:
                return 422, {}, {"message": f"Locale {item['locale']} of category is not part of portal's {portal['locales']}.", "attributes": ["locale"]}
            if any(c["slug"] == item["slug"] and c["locale"] == item["locale"] for c in mine):
                return 422, {}, {"message": "Locale should be unique in the category and portal", "attributes": ["locale"]}
            self.categories[item["id"]] = item
            return 200, {}, {"payload": self._category(item)}
        m = re.fullmatch(r"/categories/(\d+)", rest)
        item = self.categories.get(int(m.group(1))) if m else None
        if item is None or item["portal"] != portal["slug"]:
            return 404, {}, {"error": "Resource could not be found"}
        item.update(body or {})
        return 200, {}, {"payload": self._category(item)}

    def _article(self, a):
        category = self.categories.get(a.get("category_id"))
        return {
            "id": a["id"], "slug": a["slug"], "title": a["title"], "content": a.get("content"), "description": a.get("description"),
            "status": ("draft", "published", "archived")[a["status"]], "position": a.get("position"), "account_id": self.ACCOUNT,
            "updated_at": a["updated_at"], "meta": a.get("meta") or {}, "views": 0,
            "category": {"id": a.get("category_id"), "name": category and category["name"], "slug": category and category["slug"],
                         "locale": category and category["locale"]},
            "associated_articles": [{"id": o["id"], "title": o["title"]} for o in self.articles.values() if o.get("associated_article_id") == a["id"]],
        }

    def articles_of(self, portal, method, rest, query, body):
        mine = [a for a in self.articles.values() if a["portal"] == portal["slug"]]
        if rest == "/articles" and method == "GET":
            found = [a for a in mine if not query.get("locale") or a["locale"] == query["locale"]]
            found.sort(key=lambda a: (-a["updated_at"], -a["id"]))
            page = int(query.get("page", 1))
            shown = found[(page - 1) * self.PER_PAGE: page * self.PER_PAGE]
            return 200, {}, {"payload": [self._article(a) for a in shown],
                             "meta": {"all_articles_count": len(mine), "articles_count": len(found), "current_page": page}}
        if rest == "/articles" and method == "POST":
            item = {"id": self.new_id(), "portal": portal["slug"], "status": 0, "position": None, **body}
            return self._save_article(portal, item, new=True)
        m = re.fullmatch(r"/articles/(\d+)", rest)
        item = self.articles.get(int(m.group(1))) if m else None
        if item is None or item["portal"] != portal["slug"]:
            return 404, {}, {"error": "Resource could not be found"}
        if method == "DELETE":
            for other in self.articles.values():
                if other.get("associated_article_id") == item["id"]:
                    other["associated_article_id"] = None
            del self.articles[item["id"]]
            return 200, {}, None
        return self._save_article(portal, {**item, **body}, new=False)

    def _save_article(self, portal, item, new):
        if isinstance(item.get("status"), str):
            item["status"] = ("draft", "published", "archived").index(item["status"])
        if not item.get("title"):
            return 422, {}, {"message": "Title can't be blank", "attributes": ["title"]}
        if not item.get("author_id"):
            return 422, {}, {"message": "Author must exist, Author can't be blank", "attributes": ["author"]}
        if item["status"] == 1 and not item.get("content"):
            return 422, {}, {"message": "Content can't be blank", "attributes": ["content"]}
        category = self.categories.get(item.get("category_id"))
        item["locale"] = category["locale"] if category else (item.get("locale") or portal["default"])
        if any(a["slug"] == item["slug"] and a["id"] != item["id"] for a in self.articles.values()):
            # Only a unique index guards the slug (no model validation): Postgres refuses, Rails answers 500.
            return 500, {}, {"error": "PG::UniqueViolation: duplicate key value violates unique constraint index_articles_on_slug"}
        linked = self.articles.get(item.get("associated_article_id"))
        if linked:
            item["associated_article_id"] = linked.get("associated_article_id") or linked["id"]
        self.clock += 1
        item["updated_at"] = self.clock
        self.articles[item["id"]] = item
        return 200, {}, {"payload": self._article(item)}


# --- Zendesk ---------------------------------------------------------------------------------

class Zendesk(Fake):
    """Zendesk's macros: listed 100 a page at most, by cursor (`page[size]`, `page[after]`,
    `meta.has_more`) or by offset (`page`, `per_page`, `next_page`); titles not unique."""

    EMAIL, TOKEN = "admin@example.com", "zd-secret-token-456"

    def __init__(self):
        super().__init__()
        self.macros: dict[int, dict] = {}
        self.next_id = 360_000
        self.base = ""

    def check(self, method, path, query, headers, body):
        problems = openapi_problems("zendesk", "https://example.zendesk.com", method, path, query, headers, body)
        if problems == ["not in the document"]:
            return ["not in the vendored part of the OpenAPI document"]
        page = deep_object(query, "page")
        if page is not None:
            schema = document("zendesk")["components"]["parameters"]["DualPaginationPage"]["schema"]
            problems += schema_problems(schema, page)
        return problems

    def serve(self, method, path, query, headers, body):
        if headers.get("Authorization") != basic(f"{self.EMAIL}/token", self.TOKEN):
            return 401, {}, {"error": "Couldn't authenticate you"}
        if path == "/api/v2/macros" and method == "GET":
            items = sorted(self.macros.values(), key=lambda m: m["id"])
            page = deep_object(query, "page")
            if isinstance(page, dict):  # cursor pagination; the cursor here is the last id shown
                size = min(int(page.get("size", 100)), 100)
                after = int(page.get("after") or 0)
                shown = [m for m in items if m["id"] > after][:size]
                more = bool(shown) and shown[-1]["id"] < items[-1]["id"]
                cursor = str(shown[-1]["id"]) if shown else None
                return 200, {}, {"macros": shown, "meta": {"has_more": more, "after_cursor": cursor, "before_cursor": None},
                                 "links": {"next": f"{self.base}/api/v2/macros.json?page[size]={size}&page[after]={cursor}" if more else None,
                                           "prev": None}}
            per_page, number = min(int(_query(query).get("per_page", 100)), 100), page or 1
            shown = items[(number - 1) * per_page: number * per_page]
            more = number * per_page < len(items)
            return 200, {}, {"macros": shown, "count": len(items), "previous_page": None,
                             "next_page": f"{self.base}/api/v2/macros.json?page={number + 1}&per_page={per_page}" if more else None}
        if path == "/api/v2/macros" and method == "POST":
            macro = body.get("macro") or {}
            if not macro.get("title") or not macro.get("actions"):
                return 422, {}, {"error": "RecordInvalid", "description": "Record validation errors"}
            self.next_id += 1
            item = {"id": self.next_id, "active": True, "description": None, "restriction": None, "position": 9999, **macro,
                    "url": f"{self.base}/api/v2/macros/{self.next_id}.json", "default": False}
            self.macros[item["id"]] = item
            return 201, {}, {"macro": item}
        m = re.fullmatch(r"/api/v2/macros/(\d+)", path)
        if not m or int(m.group(1)) not in self.macros:
            return 404, {}, {"error": "RecordNotFound", "description": "Not found"}
        item = self.macros[int(m.group(1))]
        if method == "DELETE":
            del self.macros[item["id"]]
            return 204, {}, None
        item.update(body.get("macro") or {})
        return 200, {}, {"macro": item}


# --- Freshdesk -------------------------------------------------------------------------------

class Freshdesk(Fake):
    """Freshdesk's canned responses: folders, responses listed per folder (paged with a `link`
    header), HTML rewritten on save (content_html wrapped in a div, content its plain text),
    no API to delete a response."""

    KEY = "fd-secret-key-789"
    PER_PAGE = 30

    def __init__(self, most_per_page: int = 100):
        super().__init__()
        self.most_per_page = most_per_page
        self.folders: dict[int, dict] = {1: {"id": 1, "name": "General", "personal": False}}
        self.responses: dict[int, dict] = {}
        self.next_id = 82_000_000
        self.base = ""

    def check(self, method, path, query, headers, body):
        contract = transcribed("freshdesk", "canned-responses.json")
        for operation in contract["operations"]:
            if operation["method"] == method and re.fullmatch(operation["path"], path):
                return schema_problems(operation["query"], _query(query)) + (
                    schema_problems(operation["body"], json.loads(body) if body else None) if "body" in operation else [])
        return ["not an operation of Freshdesk's canned responses API"]

    def serve(self, method, path, query, headers, body):
        if headers.get("Authorization") != basic(self.KEY, "X"):
            return 401, {}, {"code": "invalid_credentials", "message": "You have to be logged in to perform this action."}
        if path == "/api/v2/canned_response_folders":
            if method == "GET":
                return 200, {}, [{**f, "responses_count": sum(r["folder_id"] == f["id"] for r in self.responses.values())}
                                 for f in self.folders.values()]
            self.next_id += 1
            self.folders[self.next_id] = {"id": self.next_id, "name": body["name"], "personal": False}
            return 201, {}, {"id": self.next_id, "name": body["name"]}
        m = re.fullmatch(r"/api/v2/canned_response_folders/(\d+)/responses", path)
        if m:
            if int(m.group(1)) not in self.folders:
                return 404, {}, None
            q = _query(query)
            per_page, page = min(int(q.get("per_page", self.PER_PAGE)), self.most_per_page), int(q.get("page", 1))
            items = sorted((r for r in self.responses.values() if r["folder_id"] == int(m.group(1))), key=lambda r: r["id"])
            shown = items[(page - 1) * per_page: page * per_page]
            more = page * per_page < len(items)
            link = {"link": f'<{self.base}{path}?page={page + 1}&per_page={per_page}>;rel="next"'} if more else {}
            return 200, link, shown
        if path == "/api/v2/canned_responses" and method == "POST":
            self.next_id += 1
            return self._save({"id": self.next_id, "attachments": []}, body, 201)
        m = re.fullmatch(r"/api/v2/canned_responses/(\d+)", path)
        if m and int(m.group(1)) in self.responses:
            if method != "PUT":
                return 405, {}, {"message": "Method not allowed"}
            return self._save(self.responses[int(m.group(1))], body, 200)
        return 404, {}, None

    def _save(self, item, body, status):
        if body.get("folder_id") not in self.folders:
            return 400, {}, {"description": "Validation failed", "errors": [{"field": "folder_id", "message": "There is no folder matching the given folder_id", "code": "invalid_value"}]}
        item.update({k: v for k, v in body.items() if k != "content_html"})
        if "content_html" in body:
            item["content_html"] = f"<div>{body['content_html']}</div>"
            item["content"] = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body["content_html"])).split())
        self.responses[item["id"]] = item
        return status, {}, item


# --- fixtures shared by tests/test_push_*.py ----------------------------------------------------

import pytest  # noqa: E402

SITE = "https://help.example.com/wa/"


@pytest.fixture(autouse=True)
def push_setup(monkeypatch):
    """No real waiting, and no token or site address from the caller's environment."""
    from generator.push import base

    waits = []
    monkeypatch.setattr(base, "sleep", waits.append)
    for name in ("CHATWOOT_API_TOKEN", "ZENDESK_EMAIL", "ZENDESK_API_TOKEN", "FRESHDESK_API_KEY", "SITE_URL"):
        monkeypatch.delenv(name, raising=False)
    return waits


@pytest.fixture
def serve():
    """serve(fake) -> a Server on loopback; every server is closed and checked for contract violations at the end."""
    servers = []

    def start(fake):
        server = Server(fake)
        fake.base = server.url
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()
    problems = [v for s in servers for v in s.violations]
    assert problems == [], "requests outside the vendor's contract:\n" + "\n".join(problems)


def push(*argv: str) -> int:
    from generator.push import command

    return command.main(list(argv))


def codes_of(catalog, count: int, *, with_customer_message: bool | None = None) -> list[str]:
    """The first `count` codes (in catalog order), optionally only those with a customer message."""
    found = [e.code for e in catalog.entries if with_customer_message is None or bool(e.customer_message) == with_customer_message]
    return found[:count]
