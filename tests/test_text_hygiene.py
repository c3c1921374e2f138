"""Codes read through what a reader cannot see, and copy buttons that keep links.

A code pasted from a chat or a PDF may carry a zero-width space or come in fullwidth digits
(１３１０４９, from a Japanese or Chinese keyboard); the lookup box, the search box and the
decoder read it as the code it looks like (WAErrors.normalise in codes.js). A ticket reply
or customer message copied with a copy button keeps each link's address, in the code
page's buttons and in the decoder's, and the square brackets of the place a business fills in. All in Chromium on the real built site; what
`generator check` refuses is in tests/test_check_faults.py.
"""
from __future__ import annotations

import json
import re
from html import escape

import pytest

from generator import twins
from generator.strings import ui_strings
from generator.text import copied, filled, plain, slots, tokens
from generator.text import problems as text_problems
from browsing import search

# How a code reaches the site from a chat, a PDF or another keyboard.
DISGUISED = {
    "fullwidth digits": "１３１０４９",
    "zero-width space inside": "131\u200b049",
    "soft hyphen and word joiner inside": "13\u00ad10\u206049",
    "byte order mark and zero-width joiner": "\ufeff131\u200d049",
}
TARGET = "codes/131049/"
LINK = re.compile(r"\[([^\[\]`]+)\]\((https://[^()\s]+)\)")


@pytest.mark.parametrize("typed", DISGUISED.values(), ids=DISGUISED.keys())
def test_lookup_box_reads_the_code(page, served_site, typed):
    page.goto(served_site + "id/")
    page.fill("#err-lookup-input", typed)
    page.press("#err-lookup-input", "Enter")
    page.wait_for_url(served_site + "id/" + TARGET)


def test_lookup_box_reads_the_code_in_a_sentence(page, served_site):
    page.goto(served_site + "en/")
    page.fill("#err-lookup-input", "the broadcast failed with error １３１\u200b０４９ again")
    page.press("#err-lookup-input", "Enter")
    page.wait_for_url(served_site + "en/" + TARGET)




@pytest.mark.parametrize("query", [*DISGUISED.values(), "katanya １３１０４９ terus"], ids=[*DISGUISED.keys(), "in a sentence"])
def test_search_finds_the_code_first(page, served_site, query):
    hrefs = search(page, served_site, "id", query)
    assert hrefs[0].split("?")[0].endswith("id/" + TARGET)


def decoded_links(page):
    page.locator("table[data-err-decode-results]:not([hidden]) tbody tr").first.wait_for()
    return page.eval_on_selector_all("table[data-err-decode-results] tbody tr th a",
                                     "links => links.map(a => [a.textContent, a.getAttribute('href')])")


@pytest.mark.parametrize("pasted", [
    "１３１０４９\n131\u200b049\n13\u00ad0429\n",              # a list of codes, one a line
    "phone;error_code\n6281234567890;１３１０４９\n6281234567891;\ufeff131\u200b049\n6281234567892;130429\n",  # a CSV export
], ids=["list", "csv"])
def test_decoder_explains_the_codes(page, served_site, pasted):
    page.goto(served_site + "en/decode/")
    page.fill("#err-decode-input", pasted)
    page.click("form[data-err-decode] button[type=submit]")
    links = decoded_links(page)
    assert [text for text, _ in links] == ["131049", "131049", "130429"]
    assert links[0][1].endswith("en/" + TARGET)


def test_copy_text_keeps_each_links_address():
    assert copied("See [the guide](https://example.com/g), [https://example.com/](https://example.com/) "
                  "and `value` at {helpdesk}.", {"helpdesk": "ACME Helpdesk"}) == \
        "See the guide (https://example.com/g), https://example.com/ and value at ACME Helpdesk."


def test_a_fill_in_slot_keeps_its_brackets_wherever_the_text_goes():
    message = "Our message about [your order] didn't reach you; see [the guide](https://example.com/g)."
    assert [(t.kind, t.text) for t in tokens(message, {}) if t.kind != "text"] == [("slot", "your order"), ("link", "the guide")]
    assert copied(message, {}) == "Our message about [your order] didn't reach you; see the guide (https://example.com/g)."
    assert plain(message, {}) == "Our message about [your order] didn't reach you; see the guide."
    assert filled(message, {}) == message
    assert twins.markdown(message, {}) == "Our message about \\[your order\\] didn't reach you; see [the guide](https://example.com/g)."
    assert text_problems(message, slot=True) == [] and text_problems("about `[x]`") == []
    assert text_problems(message) == ["fill-in slot `[your order]` is only for a customer message; write the words in full "
                                      "here (or make it a link: [label](https://example.com/page))"]


def slotted(catalog, lang):
    """A real entry whose customer message leaves a place to fill in, with that place's words."""
    for entry in catalog.entries:
        if entry.customer_message and (found := slots(entry.customer_message.get(lang))):
            return entry, found[0]
    pytest.fail("no customer message in the catalog has a fill-in slot")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_fill_in_slot_is_marked_and_explained_on_the_page(built_site, catalog, lang):
    entry, words = slotted(catalog, lang)
    html = (built_site / lang / "codes" / entry.code / "index.html").read_text(encoding="utf-8")
    assert f'<mark class="err-slot">[{escape(words)}]</mark>' in html
    assert f'<p class="err-slot-hint">{escape(ui_strings(lang)["slot_hint"])}</p>' in html
    button = re.search(r'data-clipboard-text="([^"]*)">' + re.escape(ui_strings(lang)["copy_customer_message"]), html)
    assert f"[{escape(words)}]" in button.group(1)
    plain_entry = next(e for e in catalog.entries if e.customer_message and not slots(e.customer_message.get(lang)))
    assert "err-slot" not in (built_site / lang / "codes" / plain_entry.code / "index.html").read_text(encoding="utf-8")


def linked_reply(catalog, lang):
    """A real entry whose ticket reply links somewhere, with that link's label and address."""
    for entry in catalog.entries:
        found = LINK.search(entry.ticket_reply.get(lang))
        if found:
            return entry, found.group(1), found.group(2)
    pytest.fail("no ticket reply in the catalog has a link: give one a link in tests/fixtures/mini and build that")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_code_page_copy_button_copies_the_links_address(new_page, served_site, catalog, lang):
    entry, label, url = linked_reply(catalog, lang)
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(served_site + f"{lang}/codes/{entry.code}/")
    page.locator("[data-err-copy]:not([hidden])").wait_for()
    page.get_by_role("button", name="Salin balasan tiket" if lang == "id" else "Copy ticket reply", exact=True).click()
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t !== '')", polling=100)
    text = page.evaluate("navigator.clipboard.readText()")
    assert f"{' '.join(label.split())} ({url})" in " ".join(text.split())
    assert "](" not in text and "[" not in text


@pytest.mark.parametrize("lang", ["id", "en"])
def test_decoder_copy_button_copies_the_links_address(page, served_site, built_site, catalog, lang):
    entry, label, url = linked_reply(catalog, lang)
    replies = json.loads((built_site / lang / "assets" / "replies.json").read_text(encoding="utf-8"))
    assert f"{' '.join(label.split())} ({url})" in " ".join(replies[entry.code]["r"].split())
    page.goto(served_site + f"{lang}/decode/")
    page.fill("#err-decode-input", json.dumps({"errors": [{"code": entry.low}]}))
    page.click("form[data-err-decode] button[type=submit]")
    cell = page.locator("table[data-err-decode-results] tbody tr td:nth-child(2)").first
    cell.locator("summary").click()
    copy = cell.locator("button[data-clipboard-text]").first
    assert url in copy.get_attribute("data-clipboard-text")
