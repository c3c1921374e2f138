"""Using the built site in Chromium as a reader does, shared by the browser tests."""
from __future__ import annotations

RESULTS = ".md-search-result__list > li > a"


def search(page, base: str, lang: str, query: str) -> list[str]:
    """Type into the theme's search box as a reader does; return the result links, best first.
    (How fast results come is measured in bench/search_speed.py, not here.)"""
    page.goto(base + lang + "/")
    box = page.locator("input.md-search__input")
    box.click()
    # The whole query at once, as a paste: the theme searches on key-up, so typing would also
    # show (briefly) the results of each shorter prefix.
    box.fill(query)
    box.press("End")
    page.locator(RESULTS).first.wait_for(timeout=5000)
    return page.eval_on_selector_all(RESULTS, "els => els.map(e => e.getAttribute('href'))")
