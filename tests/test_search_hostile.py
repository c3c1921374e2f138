"""The theme's search box against queries that name JavaScript's own object members.

The search runs in a web worker (overrides/assets/javascripts/search-worker.js). A
dictionary kept in a plain object answers `constructor` or `__proto__` with members of
Object.prototype: the worker then threw, the box never answered, or every page matched.
Here each such word is typed into the real box in Chromium: the box must answer what the
index holds (these words are in no page, so "no results"), no script error may occur
(an uncaught error in the worker reaches the page as one), and search keeps working.
"""
from __future__ import annotations

import json

import pytest

HOSTILE = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "prototype"]
BOX = "input.md-search__input"
META = ".md-search-result__meta"
RESULT_LINKS = ".md-search-result__list > li > a"


def type_query(page, query):
    """Type `query` into the search box as one paste (the theme searches on key-up)."""
    box = page.locator(BOX)
    box.click()
    box.fill(query)
    box.press("End")


def open_search(page, base):
    """The Indonesian home page with the search box clicked and its worker ready; the meta line's first text."""
    page.goto(base + "id/")
    page.locator(BOX).click()
    page.wait_for_load_state("networkidle")
    return page.inner_text(META)


@pytest.fixture(scope="module")
def index_words(built_site):
    """Every lower-case word of the Indonesian search index."""
    import re

    docs = json.loads((built_site / "id" / "assets" / "search-index.json").read_text())["docs"]
    text = " ".join(" ".join(str(d.get(k) or "") for k in ("t", "te", "x", "k")) for d in docs).lower()
    return set(re.split(r"[^0-9a-z\u00c0-\u024f]+", text))


@pytest.mark.parametrize("query", HOSTILE)
def test_object_member_names_get_an_answer(new_page, served_site, index_words, query):
    page = new_page()
    crashed = []
    page.on("worker", lambda worker: worker.on("close", lambda w: crashed.append(w.url)))
    before = open_search(page, served_site)

    type_query(page, query)
    # The meta line changes from "type to search" to a count or "no results" only when the worker answers.
    page.wait_for_function("([sel, text]) => document.querySelector(sel).textContent.trim() !== text",
                           arg=[META, before.strip()], timeout=5000)
    words = [w for w in query.lower().replace("_", " ").split() if w]
    assert not any(w in index_words for w in words), "the index now holds this word: pick another"
    assert page.locator(RESULT_LINKS).count() == 0, page.inner_text(META)

    # The same worker still answers an ordinary query.
    type_query(page, "kirim")
    page.locator(RESULT_LINKS).first.wait_for(timeout=5000)
    assert all("/id/" in href for href in page.eval_on_selector_all(RESULT_LINKS, "as => as.map(a => a.href)"))
    assert crashed == []


def test_object_member_names_one_after_another(new_page, served_site):
    """Each answer replaces the last: a query that got no answer would leave the previous results on screen."""
    page = new_page()
    open_search(page, served_site)
    for query in HOSTILE:
        type_query(page, "131049")
        page.locator(RESULT_LINKS).first.wait_for(timeout=5000)
        type_query(page, query)
        page.wait_for_function("sel => !document.querySelector(sel)", arg=RESULT_LINKS, timeout=5000)
    type_query(page, "kirim")
    page.locator(RESULT_LINKS).first.wait_for(timeout=5000)
