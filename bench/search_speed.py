"""Search speed in headless Chromium: the theme's search box and the home page's lookup box.

Search: the whole query is set in one input event (a paste, or the last keystroke) and timed in the page from
that event to the first result link appearing in the result list (a
MutationObserver). Two cases per query (a full code 131049, a prefix 1310, an
Indonesian word kirim):
- warm: one loaded page, the box cleared between queries, queries interleaved;
- first after load: a fresh page per sample; the box clicked, then network idle
  + 0.3 s (the worker has fetched its index, as it has by the time a person
  has clicked and starts typing), then the query.
Lookup box (`#err-lookup-input`): clicked (which fetches assets/codes.json),
network idle, the code filled in, then a real Enter key; timed in the page
from the keydown to the `navigate` event that `location.href = ...` fires (the
navigation is cancelled there so that the next sample runs on the same page).
Everything runs on the real site and again on the 10× synthetic site.
"""
from __future__ import annotations

from bench.common import Result, Row, Workspace, chromium, log, median, new_page, serve, settle, spread

QUERIES = ("131049", "1310", "kirim")
LOOKUP_CODE = "131049"
TARGET_SEARCH_MS = 100
TARGET_LOOKUP_MS = 20

_ARM = """() => {
    window.__firstResult = null;
    const list = document.querySelector('.md-search-result__list');
    if (!window.__resultObserver) {
        window.__resultObserver = new MutationObserver(() => {
            if (window.__firstResult === null && list.querySelector('a')) window.__firstResult = performance.now();
        });
        window.__resultObserver.observe(list, {childList: true, subtree: true});
    }
}"""
_TYPE = """(q) => {
    const box = document.querySelector('input.md-search__input');
    box.value = q;
    const t = performance.now();
    box.dispatchEvent(new Event('input', {bubbles: true}));
    box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: q.slice(-1)}));
    return t;
}"""
_ARM_LOOKUP = """() => {
    window.__keyAt = null; window.__navAt = null; window.__navTo = null;
    if (!window.__lookupArmed) {
        window.__lookupArmed = true;
        window.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__keyAt = performance.now(); }, true);
        navigation.addEventListener('navigate', (e) => {
            window.__navAt = performance.now(); window.__navTo = e.destination.url; e.preventDefault();
        });
    }
}"""


def clear_and_time(page, query: str) -> float:
    """Empty the search box, then set `query` in one input event; ms until the first result is on screen."""
    if page.evaluate("document.querySelector('input.md-search__input').value"):
        page.evaluate(_TYPE, "")
        page.wait_for_function("!document.querySelector('.md-search-result__list a')", timeout=5000)
    page.evaluate(_ARM)
    typed = page.evaluate(_TYPE, query)
    page.wait_for_function("window.__firstResult !== null", timeout=5000)
    return page.evaluate("window.__firstResult") - typed


def _open(browser, base: str, box: str):
    """The Indonesian home page with `box` (the search box or the lookup box) clicked and settled."""
    page = new_page(browser)
    page.goto(base + "id/")
    page.click(box)
    settle(page)
    return page


def lookup_time(page, code: str) -> float:
    """Fill the lookup box, press Enter; ms from the keydown to the navigation to the code's page."""
    page.evaluate(_ARM_LOOKUP)
    page.fill("#err-lookup-input", code)
    page.press("#err-lookup-input", "Enter")
    page.wait_for_function("window.__navAt !== null", timeout=5000)
    elapsed, target = page.evaluate("[window.__navAt - window.__keyAt, window.__navTo]")
    assert f"/codes/{code}/" in target, target
    return elapsed


def measure(browser, base: str, runs: int) -> dict[str, list[float]]:
    """All samples (ms) for one served site, keyed like 'warm 131049', 'first kirim', 'lookup warm'."""
    out: dict[str, list[float]] = {}
    page = _open(browser, base, "input.md-search__input")
    for _ in range(runs):
        for q in QUERIES:
            out.setdefault(f"warm {q}", []).append(clear_and_time(page, q))
    page.context.close()
    for _ in range(runs):
        for q in QUERIES:
            page = _open(browser, base, "input.md-search__input")
            out.setdefault(f"first {q}", []).append(clear_and_time(page, q))
            page.context.close()
    page = _open(browser, base, "#err-lookup-input")
    for _ in range(runs):
        out.setdefault("lookup warm", []).append(lookup_time(page, LOOKUP_CODE))
    page.context.close()
    for _ in range(runs):
        page = _open(browser, base, "#err-lookup-input")
        out.setdefault("lookup first", []).append(lookup_time(page, LOOKUP_CODE))
        page.context.close()
    return out


def run(ws: Workspace, quick: bool) -> Result:
    runs = 3 if quick else 20
    sites = {"real": None, "10×": 10}
    samples: dict[str, dict[str, list[float]]] = {}
    for label, scale in sites.items():
        site = ws.site(scale)
        log(f"search speed: {label} site, {runs} samples per figure")
        with serve(site) as base, chromium() as browser:
            samples[label] = measure(browser, base, runs)

    result = Result("Search speed")
    for label, found in samples.items():
        for q in QUERIES:
            for case, name in (("warm", "warm page"), ("first", "first query after load")):
                ms = median(found[f"{case} {q}"])
                result.rows.append(Row("4 search", f"{label} site: `{q}` → first result ({name})", f"{ms:.1f} ms",
                                       f"≤ {TARGET_SEARCH_MS} ms", ms <= TARGET_SEARCH_MS))
        for case, name in (("warm", "warm page"), ("first", "first lookup after load")):
            ms = median(found[f"lookup {case}"])
            result.rows.append(Row("4 search", f"{label} site: lookup box `{LOOKUP_CODE}` Enter → navigation ({name})",
                                   f"{ms:.1f} ms", f"≤ {TARGET_LOOKUP_MS} ms", ms <= TARGET_LOOKUP_MS))
    result.details = [
        f"Median of {runs} samples each (milliseconds, in-page `performance.now()`); range min–max.",
        "",
        "| figure | " + " | ".join(samples) + " |",
        "| --- |" + " --- |" * len(samples),
    ]
    for key in next(iter(samples.values())):
        result.details.append(f"| {key} | " + " | ".join(
            f"{median(s[key]):.1f} ({spread(s[key])})" for s in samples.values()) + " |")
    return result
