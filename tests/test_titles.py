"""Titles as people paste them: every title the catalog knows finds its entry, everywhere.

An entry's titles are title.en (what the API sends now) and titles_seen (what the API or
Meta's tables have used before). Each belongs to one entry, unless catalog/titles.yml lists
it as shared on purpose; then every tool lists the entries that share it instead of picking
one. For every title and title variant of the real catalog: `generator lookup` finds the
entry (or lists the sharing entries), the report reader's rules (generator/report.py, the
same data as the page's report-worker.js) map it to a code of the entry, and, in Chromium
on the built site, the decoder explains an error that carries only that title and the
lookup box goes to the entry. Titles are compared as text.title_key compares them. The titles
the pages show (title.id, and plain_title in English) are found as well: a plain title names one
entry, or the On-Premises code and its successor (or the entries catalog/titles.yml lists
together) that share it.
"""
from __future__ import annotations

import json

import pytest

from generator import lookup
from generator.report import Rules
from generator.search_index import _ORIGIN_RANK
from generator.strings import ui_strings
from generator.text import plain, title_key


def titles_of(catalog) -> list[tuple[str, object]]:
    """(title, entry) for every title and title variant of the catalog."""
    return [(title, e) for e in catalog.entries for title in e.titles]


@pytest.fixture(scope="module")
def holders(catalog) -> dict[str, list[str]]:
    """Title key -> codes of the entries that have that title, in catalog order."""
    found: dict[str, list[str]] = {}
    for title, e in titles_of(catalog):
        codes = found.setdefault(title_key(title), [])
        if e.code not in codes:
            codes.append(e.code)
    return found


def test_every_title_is_one_entrys_or_listed_as_shared(catalog, holders):
    shared = {key: set(codes) for key, codes in holders.items() if len(codes) > 1}
    listed = {title_key(s.title): set(s.codes) for s in catalog.shared_titles}
    assert shared == listed
    assert len(catalog.shared_titles) == len(listed), "a shared title is listed twice"
    for e in catalog.entries:
        assert title_key(e.title.en) not in {title_key(t) for t in e.titles_seen}, e.code
        assert len({title_key(t) for t in e.titles_seen}) == len(e.titles_seen), e.code


def test_the_titles_the_api_sends_now(catalog):
    # Captured payloads, or Meta's own example, carry these titles; the table's older title is kept as a variant.
    changed = {
        "132000": ("Number of parameters does not match the expected number of params", "Template Param Count Mismatch"),
        "132001": ("Template name does not exist in the translation", "Template does not exist"),
        "132012": ("Parameter format does not match format in the created template", "Template Parameter Format Mismatch"),
        "131031": ("Business Account locked", "Account has been locked"),
        "131050": ("Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business",
                   "User has stopped receipt of marketing messages"),
        "133010": ("Account not registered", "Phone number Not Registered"),
        "131051": ("Message type unknown", "Unsupported message type"),
    }
    for code, (now, before) in changed.items():
        e = catalog.by_code()[code]
        assert (e.title.en, before in e.titles_seen) == (now, True), code
        assert e.notes and before in e.notes.en and before in e.notes.id, f"{code}: the notes say where the titles differ"


def test_the_cli_lookup_finds_every_title(catalog, holders, capsys):
    for title, e in titles_of(catalog):
        assert lookup.main([title, "--lang", "en", "--json"]) == 0, title
        found = json.loads(capsys.readouterr().out)
        codes = [r["code"] for r in found] if isinstance(found, list) else [found["code"]]
        assert codes == holders[title_key(title)], title
        assert e.code in codes


def test_the_report_rules_map_every_title_to_a_code_of_its_entry(catalog, holders):
    """A shared title goes to the provider's code first, then Meta's Cloud API, then the
    On-Premises API (generator/search_index.py); still shared, to none."""
    rules, by_code = Rules(catalog, "en"), catalog.by_code()
    for title, e in titles_of(catalog):
        codes = holders[title_key(title)]
        best = min(_ORIGIN_RANK[by_code[c].origin] for c in codes)
        first = [c for c in codes if _ORIGIN_RANK[by_code[c].origin] == best]
        expected = first[0] if len(first) == 1 else None
        assert rules.reason_code(title) == expected, title
        assert rules.reason_code(f"  {title.upper()}  ") == expected, title


def test_every_plain_title_finds_its_entry_in_lookup_and_the_report_rules(catalog, capsys):
    by_code = catalog.by_code()
    rules = Rules(catalog, "en")
    for e in catalog.entries:
        key = title_key(e.plain_title)
        sharing = [x.code for x in catalog.entries if key in {title_key(t) for t in (*x.titles, x.title.id, x.plain_title)}]
        if len(sharing) > 1:  # an On-Premises code and its successor, or entries titles.yml lists together
            assert any(by_code[a].successor == b for a in sharing for b in sharing) or any(
                set(sharing) <= set(s.codes) for s in catalog.shared_titles), (e.code, sharing)
        assert lookup.main([e.plain_title.upper(), "--lang", "en", "--json"]) == 0, e.plain_title
        found = json.loads(capsys.readouterr().out)
        assert ([r["code"] for r in found] if isinstance(found, list) else [found["code"]]) == sharing, e.plain_title
        best = min(_ORIGIN_RANK[by_code[c].origin] for c in sharing)
        first = [c for c in sharing if _ORIGIN_RANK[by_code[c].origin] == best]
        assert rules.reason_code(e.plain_title) == (first[0] if len(first) == 1 else None), e.plain_title


def error_only_titled(index: int, title: str) -> dict:
    return {"id": f"wamid.TITLE{index}", "status": "failed", "timestamp": "1767225600",
            "recipient_id": "6281234567890", "errors": [{"title": title}]}


def test_the_decoder_explains_an_error_known_only_by_its_title(page, served_site, catalog, holders):
    pairs = titles_of(catalog)
    payload = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "statuses": [error_only_titled(i, t) for i, (t, _) in enumerate(pairs)]}}]}]}
    page.goto(served_site + "id/decode/")
    page.fill("#err-decode-input", json.dumps(payload))
    page.click("form[data-err-decode] button[type=submit]")
    rows = "table[data-err-decode-results] tbody tr"
    page.locator(rows).first.wait_for()
    more = page.locator("[data-err-decode-more] button")
    while more.is_visible():
        shown = page.locator(rows).count()
        more.click()
        page.wait_for_function(f"n => document.querySelectorAll('{rows}').length > n", arg=shown)
    cells = page.eval_on_selector_all(rows, """trs => trs.map(tr => ({
        codes: Array.from(tr.children[0].querySelectorAll('a')).map(a => a.textContent),
        hrefs: Array.from(tr.children[0].querySelectorAll('a')).map(a => a.getAttribute('href')),
        title: tr.children[1].childNodes.length ? tr.children[1].childNodes[0].textContent.trim() : ''}))""")
    assert len(cells) == len(pairs)
    shared_text = ui_strings("id")["title_shared"]
    for (title, e), row in zip(pairs, cells):
        codes = holders[title_key(title)]
        assert row["codes"] == codes, title
        assert all(href.endswith(f"/id/codes/{code}/") for href, code in zip(row["hrefs"], codes)), title
        if len(codes) == 1:
            assert row["title"] == plain(e.title.id, catalog.placeholders), title
        else:
            assert row["title"] == shared_text, title


def test_the_decoder_reads_the_code_in_a_message_without_a_code(page, served_site):
    payload = {"error": {"message": "(#132000) Number of parameters does not match the expected number of params",
                         "type": "OAuthException", "fbtrace_id": "A5Ld_C-mecwFT9GzebFGU0m"}}
    page.goto(served_site + "en/decode/")
    page.fill("#err-decode-input", json.dumps(payload))
    page.click("form[data-err-decode] button[type=submit]")
    link = page.locator("table[data-err-decode-results] tbody tr a.err-code").first
    link.wait_for()
    assert link.text_content() == "132000" and link.get_attribute("href").endswith("/en/codes/132000/")


# Submits the lookup form once per title inside the page and records where it went: its
# navigation (cancelled through the Navigation API, so the page stays) or the message it wrote.
SUBMIT_EACH = """async titles => {
    const input = document.querySelector('#err-lookup-input'), form = input.form;
    const message = document.querySelector('[data-err-lookup-message]');
    let went = null;
    navigation.addEventListener('navigate', e => { went = e.destination.url; e.preventDefault(); });
    const answers = [];
    for (const title of titles) {
        went = null;
        message.textContent = '';
        input.value = title;
        form.requestSubmit();
        for (let tick = 0; tick < 250 && went === null && !message.querySelector('a'); tick++)
            await new Promise(done => setTimeout(done));
        answers.push({went, text: message.textContent, codes: [...message.querySelectorAll('a')].map(a => a.textContent)});
    }
    return answers;
}"""


def test_the_lookup_box_goes_to_the_entry_of_every_title(page, served_site, holders, catalog):
    """One page, every title: the first typed and sent with Enter (its navigation recorded and
    cancelled), then each title submitted in the page itself, as the form receives Enter."""
    def cancel(route):
        if route.request.is_navigation_request():
            route.abort("aborted")
        else:
            route.continue_()

    page.route("**/codes/**", cancel)
    page.goto(served_site + "id/")
    pairs = titles_of(catalog)
    title, e = next((t, e) for t, e in pairs if len(holders[title_key(t)]) == 1)
    page.fill("#err-lookup-input", title)
    with page.expect_request(lambda r: r.is_navigation_request()) as went:
        page.press("#err-lookup-input", "Enter")
    assert went.value.url == f"{served_site}id/codes/{e.code}/", title

    shared_text = ui_strings("id")["lookup_shared"]
    answers = page.evaluate(SUBMIT_EACH, [t for t, _ in pairs])
    assert page.url == served_site + "id/"
    for (title, e), answer in zip(pairs, answers, strict=True):
        codes = holders[title_key(title)]
        if len(codes) == 1:
            assert answer["went"] == f"{served_site}id/codes/{e.code}/", title
        else:
            assert answer["went"] is None and answer["text"].startswith(shared_text), title
            assert answer["codes"] == codes, title
