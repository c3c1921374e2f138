"""Search on a first visit: what a code page costs before anyone searches, and how soon the
first search answers after the reader focuses the box.

- Weight: every request of a first visit (fresh browser context, no interaction, until the
  network is idle + 0.5 s) to `/id/codes/131049/`, gzip -6 as page_weight.py sizes it, on the
  real site and on the 10× synthetic site. The search index must not be among them: it is
  fetched when the box is focused.
- First result: a fresh page per sample; the box focused (the search index is fetched from
  then on), then at once the whole query set in one input event; timed in the page from the
  focus to the first result link on screen (what a reader who types at once waits for).
  Queries: a code, a symptom in Indonesian, a sentence with a code.
"""
from __future__ import annotations

from bench.common import Result, Row, Workspace, chromium, kb, log, median, new_page, serve, spread
from bench.page_weight import first_visit

PAGE = "id/codes/131049/"
QUERIES = ("131049", "saldo habis", "broadcast gagal katanya 131049")
TARGET_WEIGHT = 80 * 1024
TARGET_GROWTH = 1.05
TARGET_FIRST_MS = 300

_FOCUS_THEN_TYPE = """(q) => {
    const box = document.querySelector('input.md-search__input');
    const list = document.querySelector('.md-search-result__list');
    window.__firstResult = null;
    new MutationObserver(() => {
        if (window.__firstResult === null && list.querySelector('a')) window.__firstResult = performance.now();
    }).observe(list, {childList: true, subtree: true});
    const t = performance.now();
    box.focus();
    box.value = q;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: q.slice(-1)}));
    return t;
}"""


def weight(browser, base: str) -> tuple[int, list[str]]:
    recorder = first_visit(browser, base + PAGE)
    total = sum(recorder.totals().values())
    index_requests = [url for url, *_ in recorder.seen if "search-index.json" in url]
    recorder.page.context.close()
    return total, index_requests


def first_result(browser, base: str, query: str) -> float:
    page = new_page(browser)
    page.goto(base + PAGE)
    page.wait_for_load_state("networkidle")
    focused = page.evaluate(_FOCUS_THEN_TYPE, query)
    page.wait_for_function("window.__firstResult !== null", timeout=10000)
    ms = page.evaluate("window.__firstResult") - focused
    page.context.close()
    return ms


def run(ws: Workspace, quick: bool) -> Result:
    runs = 3 if quick else 10
    weights, early, samples = {}, {}, {}
    for label, scale in (("real", None), ("10×", 10)):
        log(f"search first: {label} site")
        with serve(ws.site(scale)) as base, chromium() as browser:
            weights[label], early[label] = weight(browser, base)
            samples[label] = {q: [first_result(browser, base, q) for _ in range(runs)] for q in QUERIES}

    result = Result("Search on a first visit")
    real, big = weights["real"], weights["10×"]
    result.rows.append(Row("5 search first", f"`/{PAGE}` first visit, gzip", kb(real),
                           f"≤ {TARGET_WEIGHT // 1024} KB", real <= TARGET_WEIGHT))
    result.rows.append(Row("5 search first", f"10× site: `/{PAGE}` first visit / real", f"{big / real:.3f} ({kb(big)})",
                           f"≤ {TARGET_GROWTH:.2f}", big <= TARGET_GROWTH * real))
    for label, found in samples.items():
        for q in QUERIES:
            ms = median(found[q])
            result.rows.append(Row("5 search first", f"{label} site: focus → first result for `{q}` (fresh load)",
                                   f"{ms:.0f} ms", f"≤ {TARGET_FIRST_MS} ms", ms <= TARGET_FIRST_MS))
    result.details = [
        f"Median of {runs} fresh page loads per query (ms, in-page `performance.now()`, from focusing the box); range min–max.",
        "",
        *[f"- {label} site, `{q}`: {median(s[q]):.0f} ({spread(s[q])})" for label, s in samples.items() for q in QUERIES],
        "",
        *[f"- {label} site: search index requested before any focus: {', '.join(urls) if urls else 'no'}"
          for label, urls in early.items()],
    ]
    return result
