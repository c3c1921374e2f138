"""The site in a real browser (system Chromium through Playwright): lookup, search, language switch.

In CI a missing browser fails the run; on a developer machine without Chromium
these tests are skipped with the reason shown.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from browsing import search


ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def lookup(page, base, code):
    page.goto(base + "id/")
    page.fill("#err-lookup-input", code)
    page.press("#err-lookup-input", "Enter")


def test_lookup_opens_a_code_page(page, served_site):
    lookup(page, served_site, "131049")
    page.wait_for_url(served_site + "id/codes/131049/")
    assert "131049" in page.inner_text("h1")


def test_lookup_resolves_a_code_inside_a_range(page, served_site):
    lookup(page, served_site, "115003")
    page.wait_for_url(served_site + "id/codes/115001-115005/")


@pytest.mark.parametrize("code,target", [("200", "id/codes/200/"), ("250", "id/codes/200-299/")])
def test_lookup_prefers_a_code_with_its_own_entry_inside_a_range(page, served_site, code, target):
    # 200 has an entry of its own inside 200-299; the other codes of the range land on the range.
    lookup(page, served_site, code)
    page.wait_for_url(served_site + target)
    heading = page.inner_text("h1")
    assert target.split("/")[-2] in heading and ("200-299" in heading) == (code == "250")


@pytest.mark.parametrize("title", ["Receiver Uncallable", "number can't receive WhatsApp calls"])
def test_english_lookup_finds_the_api_title_and_the_plain_title(page, served_site, title):
    page.goto(served_site + "en/")
    page.fill("#err-lookup-input", title)
    page.press("#err-lookup-input", "Enter")
    page.wait_for_url(served_site + "en/codes/138001/")
    assert page.inner_text("h1") == "138001: Number can't receive WhatsApp calls"


def test_lookup_of_an_unknown_code_names_typos_and_what_to_do_next(page, served_site):
    """An unknown code gets the codes one typo away and where to go next (the decoder, the
    helpdesk), not the numerically nearest codes."""
    lookup(page, served_site, "131099")
    message = page.locator("[data-err-lookup-message]")
    message.locator("a").first.wait_for()
    text = message.inner_text()
    assert "131099" in text and "tidak ada" in text
    hrefs = message.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs[:-2] == [served_site + f"id/codes/{c}/" for c in ("131009", "131049", "131059")]
    assert hrefs[-2] == served_site + "id/decode/"
    assert hrefs[-1] == page.locator("[data-err-lookup-message]").get_attribute("data-help-url")
    assert page.url == served_site + "id/"
    lookup(page, served_site, "9999990")  # nothing one typo away: only what to do next
    message.locator("a").first.wait_for()
    assert message.locator("a").evaluate_all("links => links.map(a => a.href)")[:1] == [served_site + "id/decode/"]
    assert message.locator("a").count() == 2






@pytest.mark.parametrize("query,expected", [
    ("131049", "codes/131049/"),
    ("115003", "codes/115001-115005/"),
    ("200", "codes/200/"),
    ("250", "codes/200-299/"),
    ("error 200 terus", "codes/200/"),
    ("#131049", "codes/131049/"),
    ("(131049)", "codes/131049/"),
])
def test_search_finds_the_code_first(page, served_site, query, expected):
    hrefs = search(page, served_site, "id", query)
    assert expected in hrefs[0]
    assert all("/id/" in h for h in hrefs)


def test_search_by_prefix(page, served_site):
    hrefs = search(page, served_site, "id", "1310")
    assert "codes/1310" in hrefs[0]




@pytest.mark.parametrize("query,forms", [("kirim", ["dikirim", "pengiriman"]), ("cukup", ["mencukupi"])])
def test_indonesian_word_forms_match(page, served_site, built_site, query, forms):
    hrefs = search(page, served_site, "id", query)
    docs = {d["u"]: (d["t"] + " " + d["x"]).lower() for d in json.loads((built_site / "id" / "assets" / "search-index.json").read_text())["docs"]}
    found = " ".join(docs[h.split("/id/")[1].split("?")[0]] for h in hrefs)
    for form in forms:
        assert form in found, f"{query!r} did not find {form!r}"
    assert all("/id/" in h for h in hrefs)


@pytest.mark.parametrize("query,expected", [("rate limit", "codes/130429/"), ("opted out", None)])
def test_english_search_stays_english(page, served_site, query, expected):
    hrefs = search(page, served_site, "en", query)
    assert hrefs and all("/en/" in h for h in hrefs)
    if expected:
        assert any(expected in h for h in hrefs[:3])


def test_language_switch_keeps_the_page(page, served_site):
    page.goto(served_site + "id/codes/131049/")
    page.locator("a[data-err-alternate][hreflang=en]").dispatch_event("click")
    page.wait_for_url(served_site + "en/codes/131049/")
    assert page.get_attribute("html", "lang") == "en"


def test_pages_read_without_javascript(new_page, served_site):
    pg = new_page(java_script_enabled=False)
    pg.goto(served_site + "id/rate-limit/")
    assert pg.locator("table.err-table tbody tr").count() > 5
    assert pg.locator("tr[id='130429']").is_visible()
    pg.goto(served_site + "en/codes/131049/")
    assert "What to do" in pg.inner_text("body")


def test_screenshots(page, served_site):
    ARTIFACTS.mkdir(exist_ok=True)
    for lang in ("id", "en"):
        page.goto(served_site + f"{lang}/codes/131049/")
        page.screenshot(path=str(ARTIFACTS / f"code-{lang}.png"), full_page=True)
        page.goto(served_site + f"{lang}/rate-limit/#130429")
        page.screenshot(path=str(ARTIFACTS / f"category-{lang}.png"))


def test_no_request_leaves_the_site(new_page, served_site, site_server):
    """Every request made while loading the main pages and searching goes to the site's own origin."""
    page = new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    for path in ["id/", "id/rate-limit/", "id/codes/131049/", "id/decode/", "id/codes/9999999/", "en/"]:
        page.goto(served_site + path)
        page.wait_for_load_state("networkidle")
    page.locator("input.md-search__input").press_sequentially("rate limit")
    page.locator(".md-search-result__list a").first.wait_for()
    assert len(requests) > 20
    assert [u for u in requests if not u.startswith(site_server.origin + "/") and not u.startswith("data:")] == []
