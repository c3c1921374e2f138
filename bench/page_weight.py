"""Page weight: the bytes a first visit (empty cache) transfers, gzip-compressed.

The real site is served under /whatsapp-errors/ and each page opened in a fresh
browser context; every finished request (the page's, and the search worker's
own fetch of its index) is recorded with Playwright until the network is idle,
without any interaction. Each response body is sized as a static host with
gzip -6 would send it (text types compressed; fonts and raster images as they
are) and sorted into HTML, CSS, JS, fonts, search data (JSON) and other.
Separately: what the first search adds on the code page, what focusing the
home page's lookup box adds, and the code page of the 10× synthetic site.
"""
from __future__ import annotations

from bench.common import Result, Row, Workspace, chromium, gzip_size, kb, log, new_page, serve, settle

PAGES = {"home": "id/", "category": "id/rate-limit/", "code": "id/codes/131049/"}
KINDS = ("HTML", "CSS", "JS", "fonts", "search data", "other")
TARGET_CODE_PAGE = 150 * 1024
BINARY = (".woff2", ".woff", ".ttf", ".otf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico")


def kind(url: str, content_type: str) -> str:
    path = url.split("?")[0].split("#")[0].lower()
    if "font" in content_type or path.endswith((".woff2", ".woff", ".ttf", ".otf")):
        return "fonts"
    if path.endswith(".json") or "json" in content_type:
        return "search data"
    if path.endswith(".css") or "text/css" in content_type:
        return "CSS"
    if path.endswith((".js", ".mjs")) or "javascript" in content_type:
        return "JS"
    if "text/html" in content_type or path.endswith((".html", "/")):
        return "HTML"
    return "other"


class Recorder:
    """Collects (url, kind, raw bytes, wire bytes) of every finished request of a context."""

    def __init__(self, context) -> None:
        self.seen: list[tuple[str, str, int, int]] = []
        context.on("requestfinished", self._finished)

    def _finished(self, request) -> None:
        response = request.response()
        body = response.body() if response else b""
        path = request.url.split("?")[0].lower()
        wire = len(body) if path.endswith(BINARY) else gzip_size(body)
        self.seen.append((request.url, kind(request.url, response.headers.get("content-type", "") if response else ""),
                          len(body), wire))

    def totals(self, start: int = 0) -> dict[str, int]:
        out = dict.fromkeys(KINDS, 0)
        for _, k, _, wire in self.seen[start:]:
            out[k] += wire
        return out


def first_visit(browser, url: str) -> Recorder:
    """Open url in a fresh context, record until the network is idle (+0.5 s); the page stays open."""
    page = new_page(browser)
    recorder = Recorder(page.context)
    recorder.page = page
    page.goto(url)
    settle(page, 500)
    return recorder


def run(ws: Workspace, quick: bool) -> Result:
    from bench.search_speed import clear_and_time  # the same query method as the speed benchmark

    site = ws.site(None)
    pages: dict[str, dict[str, int]] = {}
    requests: dict[str, list] = {}
    log("page weight: recording first visits")
    with serve(site) as base, chromium() as browser:
        for name, path in PAGES.items():
            recorder = first_visit(browser, base + path)
            page = recorder.page
            pages[name] = recorder.totals()
            requests[name] = [(url.removeprefix(base), k, raw, wire) for url, k, raw, wire in recorder.seen]
            if name == "code":
                mark = len(recorder.seen)
                page.click("input.md-search__input")
                clear_and_time(page, "kirim")
                settle(page)
                search_adds = [(url.removeprefix(base), wire) for url, _, _, wire in recorder.seen[mark:]]
            if name == "home":
                mark = len(recorder.seen)
                page.click("#err-lookup-input")
                settle(page)
                lookup_adds = [(url.removeprefix(base), wire) for url, _, _, wire in recorder.seen[mark:]]
            page.context.close()

    # The same code page of the 10× synthetic site: what grows with the catalog.
    with serve(ws.site(10)) as base, chromium() as browser:
        big_code_page = first_visit(browser, base + PAGES["code"]).totals()

    result = Result("Page weight")
    for name, path in PAGES.items():
        total = sum(pages[name].values())
        parts = " · ".join(f"{k} {pages[name][k] / 1024:.1f}" for k in KINDS if pages[name][k])
        target = name == "code"
        result.rows.append(Row("3 page weight", f"`/{path}` first visit, gzip", f"{kb(total)} ({parts})",
                               f"≤ {TARGET_CODE_PAGE // 1024} KB" if target else "",
                               total <= TARGET_CODE_PAGE if target else None))
    big = sum(big_code_page.values())
    result.rows.append(Row("3 page weight", f"10× site: `/{PAGES['code']}` first visit, gzip",
                           f"{kb(big)} (search data {big_code_page['search data'] / 1024:.1f})"))

    def listing(found) -> str:
        return "; ".join(f"`{url}` {kb(wire)}" for url, wire in found) or "nothing"

    result.details = [
        "First visit in a fresh browser context, no interaction, until the network is idle (+0.5 s). "
        "Wire bytes: gzip -6 of each response body (fonts and raster images uncompressed).",
        "",
        "| page | " + " | ".join(KINDS) + " | total |",
        "| --- |" + " ---: |" * (len(KINDS) + 1),
        *[f"| `/{p}` | " + " | ".join(kb(pages[n][k]) for k in KINDS) + f" | **{kb(sum(pages[n].values()))}** |"
          for n, p in PAGES.items()],
        "",
        f"- The first search on the code page (`kirim`) adds: {listing(search_adds)}.",
        f"- Focusing the home page's lookup box adds: {listing(lookup_adds)}.",
        "",
        "Every request of the code page's first visit:",
        "",
        "| request | kind | bytes | gzip bytes |",
        "| --- | --- | ---: | ---: |",
        *[f"| `{url}` | {k} | {raw} | {wire} |" for url, k, raw, wire in requests["code"]],
    ]
    return result
