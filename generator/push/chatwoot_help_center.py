"""Chatwoot's help center: every code and problem page as an article of one portal, the
Indonesian and the English page linked as one article's two locales, the catalog's categories
as the portal's categories.

Vendor contract: Chatwoot's OpenAPI document (v4.16.2, tests/fixtures/vendor/chatwoot/):
`get-portal` (GET /api/v1/accounts/{account_id}/portals: each portal's `config.allowed_locales`),
`add-new-category-to-account` (POST …/portals/{id}/categories: name, slug, locale, description,
associated_category_id), `add-new-article-to-account` (POST …/portals/{id}/articles: title,
slug, content, description, category_id, author_id, status 1 = published, locale, meta,
associated_article_id) and GET /api/v1/profile (the token's user, the articles' author). Listing,
updating and deleting are served by Chatwoot but not in its document; they follow its source
at that version (config/routes.rb; app/controllers/api/v1/accounts/articles_controller.rb and
categories_controller.rb): GET …/portals/{slug}/articles?locale=&page= (25 a page, newest first,
`payload` and `meta`), PATCH and DELETE …/articles/{id}, GET …/categories?locale= and PATCH
…/categories/{id}. Chatwoot's rules that shape the requests: a category's locale must be one of
the portal's (so the portal needs both `id` and `en`), a category slug is unique per locale
and portal, an article's slug is unique across the whole instance (a database index, answered
500), an article takes its category's locale, `author_id` is required, and a translation points
at its root article (`associated_article_id`; the root lists it in `associated_articles`).
Managing the help center needs an administrator's token.

Slugs are `wa-{code}-{lang}` and `wa-p-{slug}-{lang}` for articles, `wa-{category}` for
categories; an article is this tool's when it has such a slug and the tag `wa-error-reference`
in its meta. An article with one of our slugs and without the tag is left alone and reported.
With --prune, our articles for codes the catalog no longer has are deleted.
"""
from __future__ import annotations

from . import content
from .base import USAGE, Client, HttpError, Plan, PushError, not_found
from .chatwoot import account_path, client  # noqa: F401 (client: the adapter's, used by command.py)

ROOT, OTHER = "id", "en"  # the Indonesian article is the root; the English one is its translation
LANGS = (ROOT, OTHER)


def _listed(http: Client, path: str, lang: str, limit: int = 1000) -> list[dict]:
    found = []
    for page in range(1, limit + 1):
        payload = (http.json("GET", path, params={"locale": lang, "page": str(page)}) or {}).get("payload") or []
        found.extend(payload)
        if not payload or path.endswith("/categories"):  # categories come 1,000 a page: one is all
            return found
    raise PushError(f"more than {limit} pages of {path}; the help center's pagination did not end")


def _portal(http: Client, args) -> str:
    try:
        portals = (http.json("GET", f"{account_path(args)}/portals") or {}).get("payload") or []
    except HttpError as error:
        if error.status == 404:
            raise not_found(error, f"account {args.account} at {http.root}", "check --url and --account") from None
        raise
    portal = next((p for p in portals if p.get("slug") == args.portal), None)
    if portal is None:
        names = ", ".join(p.get("slug", "?") for p in portals) or "none"
        raise PushError(f"the account has no portal {args.portal!r} (its portals: {names}); check --portal", USAGE)
    allowed = {item.get("code") for item in (portal.get("config") or {}).get("allowed_locales") or ()}
    missing = [lang for lang in LANGS if lang not in allowed]
    if missing:
        raise PushError(f"portal {args.portal!r} has no locale {' and '.join(missing)}; add it in the portal's settings "
                        "(Help Center, Settings, Locales) and run again", USAGE)
    return f"{account_path(args)}/portals/{args.portal}"


def chosen(catalog, filters: dict) -> set[str]:
    """The codes and problem slugs the filters pick, with the reply pack's meaning of them."""
    from .. import replypack

    try:
        picked = {r["code"] or r["slug"] for r in replypack.records(catalog, ROOT, **filters)}
    except ValueError as error:
        raise PushError(str(error), USAGE) from None
    return picked


def plan(http: Client, args, catalog, filters: dict) -> Plan:
    portal = _portal(http, args)
    author = (http.json("GET", "/api/v1/profile") or {}).get("id")
    picked = chosen(catalog, filters)
    # --prune needs every article's slug: build them all once and keep the picked ones.
    keep = (lambda item: True) if args.prune else (lambda item: (getattr(item, "code", None) or item.slug) in picked)
    built = content.articles(catalog, args.site_url, keep)
    pages = [a for a in built if a.key in picked]
    every = {a.slug for a in built} if args.prune else set()
    categories = {lang: {c["slug"]: c for c in _listed(http, f"{portal}/categories", lang)} for lang in LANGS}
    remote = {a["slug"]: a for lang in LANGS for a in _listed(http, f"{portal}/articles", lang)}
    result = Plan(f"Chatwoot help center {args.portal!r}")
    ids: dict[tuple, int | None] = {}  # ("category", key, lang) / ("article", slug) -> id, filled as they are made

    for key, lang, name, about in dict.fromkeys((a.category, a.lang, a.category_name, a.category_description) for a in pages):
        _category(result, http, portal, ids, categories[lang].get(f"wa-{key}"), key, lang, name, about)
    for article in sorted(pages, key=lambda a: LANGS.index(a.lang)):
        _article(result, http, portal, ids, remote, article, author)
    if args.prune:
        for slug, found in remote.items():
            if slug.startswith("wa-") and slug not in every and content.MARK in (found.get("meta") or {}).get("tags", ()):
                result.add("prune", slug, "no longer in the catalog", lambda i=found["id"]: http.request("DELETE", f"{portal}/articles/{i}"))
    return result


def _category(result, http, portal, ids, found, key, lang, name, about) -> None:
    slug = f"wa-{key}"
    wanted = {"name": name, "description": about, "slug": slug, "locale": lang}
    ids[("category", key, lang)] = found["id"] if found else None
    root_id = lambda: ids[("category", key, ROOT)]  # noqa: E731
    linked = lang == ROOT or (found and (found.get("root_category") or {}).get("id") == ids.get(("category", key, ROOT)))

    def create():
        body = {**wanted, **({"associated_category_id": root_id()} if lang == OTHER and root_id() else {})}
        ids[("category", key, lang)] = http.json("POST", f"{portal}/categories", json=body)["payload"]["id"]

    def update():
        body = {k: v for k, v in wanted.items() if found.get(k) != v}
        if not linked and root_id():
            body["associated_category_id"] = root_id()
        http.json("PATCH", f"{portal}/categories/{found['id']}", json=body)

    if found is None:
        result.add("create", f"category {slug} ({lang})", name, create)
    elif all(found.get(k) == v for k, v in wanted.items()) and linked:
        result.add("unchanged", f"category {slug} ({lang})", name)
    else:
        result.add("update", f"category {slug} ({lang})", name, update)


def _article(result, http, portal, ids, remote, article, author) -> None:
    found = remote.get(article.slug)
    root_slug = article.slug[: -len(OTHER)] + ROOT
    wanted = {"title": article.title, "content": article.content, "description": article.description}
    category = lambda: ids[("category", article.category, article.lang)]  # noqa: E731
    root = lambda: ids.get(("article", root_slug))  # noqa: E731
    if found is not None and content.MARK not in (found.get("meta") or {}).get("tags", ()):
        result.add("conflict", article.slug, "an article with this slug was written by a person")
        return
    ids[("article", article.slug)] = found["id"] if found else None
    root_found = remote.get(root_slug)
    linked = article.lang == ROOT or bool(found and root_found and any(
        a.get("id") == found["id"] for a in root_found.get("associated_articles") or ()))

    def create():
        body = {**wanted, "slug": article.slug, "category_id": category(), "author_id": author, "status": 1,
                "locale": article.lang, "meta": {"tags": [content.MARK]}}
        if article.lang == OTHER and root():
            body["associated_article_id"] = root()
        ids[("article", article.slug)] = http.json("POST", f"{portal}/articles", json=body)["payload"]["id"]

    def update():
        body = {k: v for k, v in wanted.items() if found.get(k) != v}
        if (found.get("category") or {}).get("id") != category():
            body["category_id"] = category()
        if found.get("status") != "published":
            body["status"] = 1
        if not linked and root():
            body["associated_article_id"] = root()
        http.json("PATCH", f"{portal}/articles/{found['id']}", json=body)

    if found is None:
        result.add("create", article.slug, article.title, create)
        return
    same = all(found.get(k) == v for k, v in wanted.items()) and found.get("status") == "published" and linked \
        and ids.get(("category", article.category, article.lang)) is not None \
        and (found.get("category") or {}).get("id") == ids[("category", article.category, article.lang)]
    if same:
        result.add("unchanged", article.slug, article.title)
    else:
        result.add("update", article.slug, article.title, update)
