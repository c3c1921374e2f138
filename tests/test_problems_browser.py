"""The agent's question, not only the code, in a real browser at 360 px and 1366 px: one box
for codes and words on the home page, problem pages and their ticket links, origin badges in
search results, retired codes below their current counterparts, and code pages that say what
to do within the first two screens of a phone.

The site is served under /whatsapp-errors/ like a helpdesk would publish it.
"""
from __future__ import annotations

import re

import pytest

WIDTHS = [360, 1366]
BOX = "#err-lookup-input"
RESULTS = "[data-err-lookup-message] .err-lookup__results a"
HEADER_BOX = "input.md-search__input"
HEADER_LINKS = ".md-search-result__list > li > a"

# A complaint without a code, as tickets bring them, and the problem page that answers it.
SYMPTOMS = [
    ("id", "pesan centang satu terus, tidak ada error", "stuck-at-sent"),
    ("id", "template saya ditolak", "template-rejected"),
    ("id", "nomor WA kena banned", "number-banned-or-restricted"),
    ("id", "pelanggan tidak menerima OTP", "otp-not-received"),
    ("id", "nama tampilan ditolak", "display-name-rejected"),
    ("en", "message stuck on one grey tick", "stuck-at-sent"),
    ("en", "quality rating dropped to red", "quality-rating-dropped"),
    ("en", "failed status with no reason", "failed-without-reason"),
]


def _home(new_page, width):
    return new_page(viewport={"width": width, "height": 740 if width == 360 else 900})


def _results(page) -> list[str]:
    page.locator(RESULTS).first.wait_for(timeout=5000)
    return page.eval_on_selector_all(RESULTS, "els => els.map(e => e.getAttribute('href'))")


@pytest.mark.parametrize("width", WIDTHS)
def test_words_in_the_home_box_show_search_results_with_the_problem(new_page, served_site, width):
    page = _home(new_page, width)
    for lang, query, slug in SYMPTOMS:
        page.goto(served_site + f"{lang}/")
        assert page.get_attribute(BOX, "inputmode") is None  # no number keypad: words are welcome
        page.fill(BOX, query)
        page.press(BOX, "Enter")
        hrefs = _results(page)
        assert served_site + f"{lang}/problems/{slug}/" in hrefs[:3], (query, hrefs)
        assert page.url == served_site + f"{lang}/"  # the results stay under the box
        # The problem says it is one; the codes say where they come from.
        first = page.locator(RESULTS).first
        badges = page.eval_on_selector_all(RESULTS, "els => els.map(e => e.querySelector('.err-badge')?.textContent)")
        assert all(badges), badges
        assert {"id": "Masalah", "en": "Problem"}[lang] in badges
        if width == 360:  # on a phone the list is brought into view
            assert first.bounding_box()["y"] < 740
    # The first result opens its page.
    page.locator(RESULTS).first.click()
    page.wait_for_url(served_site + "en/problems/failed-without-reason/")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("query,expected", [
    ("131049", "codes/131049/"),
    ("broadcast gagal, katanya (#131049) terus", "codes/131049/"),
    ("115003", "codes/115001-115005/"),
])
def test_a_code_in_the_home_box_still_goes_straight_to_its_page(new_page, served_site, width, query, expected):
    page = _home(new_page, width)
    page.goto(served_site + "id/")
    page.fill(BOX, query)
    page.press(BOX, "Enter")
    page.wait_for_url(served_site + "id/" + expected)


def test_a_count_in_a_sentence_is_not_a_code(new_page, served_site):
    """"250 per hari" is a messaging limit, not code 250 of the range 200-299."""
    page = _home(new_page, 1366)
    page.goto(served_site + "id/")
    page.fill(BOX, "batas kirim 250 per hari")
    page.press(BOX, "Enter")
    hrefs = _results(page)
    assert served_site + "id/problems/messaging-limit-reached/" in hrefs[:3], hrefs
    assert not any("codes/200-299/" in h for h in hrefs[:3]), hrefs


def test_the_latest_query_wins(new_page, served_site):
    page = _home(new_page, 1366)
    page.goto(served_site + "id/")
    page.fill(BOX, "nama tampilan ditolak")
    page.press(BOX, "Enter")
    page.fill(BOX, "centang satu")
    page.press(BOX, "Enter")
    page.wait_for_function("sel => document.querySelector(sel)?.getAttribute('href').includes('stuck-at-sent')",
                           arg=RESULTS, timeout=5000)
    page.wait_for_timeout(300)
    assert "stuck-at-sent" in _results(page)[0]


def heaviest(built_site, catalog, lang: str, count: int) -> list[str]:
    """The codes whose pages have the most text before "what to do" (title, notices, facts, what
    happened): where it starts lowest."""
    def before_action(code: str) -> int:
        html = (built_site / lang / "codes" / code / "index.html").read_text(encoding="utf-8")
        start = html.index('<div class="err-code-page">')
        return len(re.sub(r"<[^>]+>", "", html[start:html.index('id="action"', start)]))
    return sorted((e.code for e in catalog.entries), key=before_action, reverse=True)[:count]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_what_to_do_comes_within_two_screens_of_a_phone(new_page, served_site, built_site, catalog, width, lang):
    """After the facts and what happened; the checks, replies and technical details follow.
    Measured on the pages with most text before it, and on two with checks."""
    height = 640 if width == 360 else 900
    page = new_page(viewport={"width": width, "height": height})
    checked = [e.code for e in catalog.entries if e.checks][:2]
    for code in heaviest(built_site, catalog, lang, 6) + checked:
        entry = catalog.by_code()[code]
        page.goto(served_site + f"{lang}/codes/{code}/")
        top = page.evaluate("document.getElementById('action').getBoundingClientRect().top + scrollY")
        assert top < 2 * height, (code, top)
        order = page.eval_on_selector_all(".err-code-page > h2", "hs => hs.map(h => h.id)")
        assert order.index("description") < order.index("action") < order.index("ticket-reply")
        if entry.checks:
            assert order.index("action") < order.index("checks") < order.index("ticket-reply")
        # The jump links lead to the replies.
        page.locator(".err-jump a[href='#ticket-reply']").click()
        assert page.evaluate("location.hash") == "#ticket-reply"
        # The page links its own record.
        assert page.locator(".err-json a").evaluate("a => a.href") == served_site + f"api/v1/codes/{code}.json"


def test_problem_page_and_its_ticket_link(new_page, served_site, catalog):
    problem = next(p for p in catalog.problems if p.related and p.customer_message)
    page = new_page(locale="en-US", viewport={"width": 360, "height": 740}, permissions=["clipboard-read", "clipboard-write"])
    page.goto(served_site + f"problems/{problem.slug}/")
    page.wait_for_url(served_site + f"en/problems/{problem.slug}/")
    assert page.inner_text("h1").startswith(problem.title.en)
    assert page.locator("h1 .err-badge--problem").inner_text() == "Problem"
    order = page.eval_on_selector_all(".err-code-page > h2", "hs => hs.map(h => h.id)")
    assert order[:5] == ["description", "action", "checks", "ticket-reply", "reply"]
    related = page.eval_on_selector_all("#related + ul a.err-code", "els => els.map(e => e.textContent)")
    assert related == list(problem.related)
    page.get_by_role("button", name="Copy link", exact=True).click()
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)", polling=100)
    assert page.evaluate("navigator.clipboard.readText()") == served_site + f"problems/{problem.slug}/"
    # A code it names links back to it.
    page.goto(served_site + f"id/codes/{problem.related[0]}/")
    back = page.eval_on_selector_all("#problems + ul a", "els => els.map(e => e.getAttribute('href'))")
    assert f"../../problems/{problem.slug}/" in back
    # The index lists every problem, and the navigation and home page lead to it.
    page.goto(served_site + "id/problems/")
    listed = page.eval_on_selector_all(".err-problem-list a", "els => els.map(e => e.getAttribute('href'))")
    assert listed == [f"{p.slug}/" for p in catalog.problems]
    page.goto(served_site + "id/")
    assert page.locator(".err-home a[href='problems/']").count() == 1


def test_header_search_shows_origin_badges_and_ranks_retired_codes_below(new_page, served_site):
    """Search results name each result's origin, or that it is a problem; a code of the retired
    On-Premises API does not outrank its Cloud API counterpart for the same words."""
    page = new_page()
    page.goto(served_site + "id/codes/131049/")
    page.locator(HEADER_BOX).click()
    page.locator(HEADER_BOX).fill("template ditolak")
    page.locator(HEADER_BOX).press("End")  # the theme searches on key-up
    page.locator(HEADER_LINKS).first.wait_for(timeout=5000)
    results = page.eval_on_selector_all(HEADER_LINKS, """els => els.map(a => [a.getAttribute('href'),
        a.querySelector('h1 .err-badge')?.textContent])""")
    hrefs = [h for h, _ in results]
    assert all(badge for _, badge in results), results
    assert "problems/template-rejected/" in hrefs[0]
    assert dict(results)[next(h for h in hrefs if "codes/2060/" in h)] == "Meta On-Premises (dihentikan)"
    assert dict(results)[next(h for h in hrefs if "codes/132001/" in h)] == "Meta"
    assert hrefs.index(next(h for h in hrefs if "codes/132001/" in h)) < hrefs.index(next(h for h in hrefs if "codes/2060/" in h))


# Asks the language's search worker (the one the header box and the home box use) each query in
# turn; the result addresses of each, best first.
ASK_WORKER = """async queries => {
    const worker = new Worker(new URL('assets/javascripts/search-worker.js', document.baseURI.replace(/codes\\/.*$/, '')));
    worker.postMessage({type: 0});
    worker.postMessage({type: 0});
    const out = [];
    for (const [n, query] of queries.entries()) {
        out.push(await new Promise(done => {
            const answer = ev => {
                if (ev.data.type !== 3 || ev.data.turn !== n) return;
                worker.removeEventListener('message', answer);
                done(ev.data.data.items.map(item => item[0].location));
            };
            worker.addEventListener('message', answer);
            worker.postMessage({type: 2, data: query, turn: n});
        }));
    }
    worker.terminate();
    return out;
}"""


def legacy_queries(catalog):
    """(lang, words, retired code, its current counterpart): the counterpart's title, and every
    keyword both share, for each On-Premises code with a Cloud API successor or related code."""
    index = catalog.by_code()
    for e in catalog.entries:
        if e.origin != "meta-onprem":
            continue
        named = ([e.successor] if e.successor else []) + [r.code for r in catalog.related(e)]
        for current in dict.fromkeys(index[c] for c in named if index[c].origin == "meta"):
            for lang in ("id", "en"):
                for words in sorted({current.heading(lang)} | (set(e.keywords_in(lang)) & set(current.keywords_in(lang)))):
                    yield lang, words, e.code, current.code


def test_a_retired_code_never_outranks_its_current_counterpart(new_page, served_site, catalog):
    cases = list(legacy_queries(catalog))
    assert len(cases) >= 60
    page = new_page()
    wrong = []
    for lang in ("id", "en"):
        mine = [c for c in cases if c[0] == lang]
        page.goto(served_site + f"{lang}/codes/131049/")
        found = page.evaluate(ASK_WORKER, [words for _, words, _, _ in mine])
        for (_, words, old, current), hrefs in zip(mine, found, strict=True):
            at = {h: i for i, h in enumerate(hrefs)}
            retired, now = at.get(f"codes/{old}/"), at.get(f"codes/{current}/")
            if retired is not None and (now is None or retired < now):
                wrong.append(f"{lang} {words!r}: {old} at {retired}, {current} at {now}")
    assert wrong == []


def test_words_that_find_nothing_say_what_to_do_next(new_page, served_site):
    page = _home(new_page, 1366)
    page.goto(served_site + "en/")
    page.fill(BOX, "qqqzzz xyxyxy")
    page.press(BOX, "Enter")
    message = page.locator("[data-err-lookup-message]")
    message.locator("a").first.wait_for(timeout=5000)
    assert message.inner_text().startswith("No results for these words. Paste the whole error into the Webhook decoder or ask ")
    assert message.locator("a").first.get_attribute("href") == served_site + "en/decode/"
