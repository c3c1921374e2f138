"""What a helpdesk relies on, in a real browser: ticket links, range members, not-found pages, copy buttons.

The site is served under /whatsapp-errors/ like a helpdesk would publish it.
"""
from __future__ import annotations

import pytest

from generator.text import copied as copy_text


@pytest.mark.parametrize("locale,lang", [("en-US", "en"), ("en-GB", "en"), ("id-ID", "id"), ("fr-FR", "id")])
def test_ticket_link_opens_the_browsers_language_keeping_fragment_and_query(new_page, served_site, locale, lang):
    page = new_page(locale=locale)
    page.goto(served_site + "codes/131049/?ticket=42#reply")
    page.wait_for_url(served_site + f"{lang}/codes/131049/?ticket=42#reply")
    assert page.get_attribute("html", "lang") == lang


def test_ticket_link_prefers_the_language_the_reader_chose(new_page, served_site):
    page = new_page(locale="id-ID")
    page.goto(served_site + "id/codes/131049/")
    page.locator("a[data-err-alternate][hreflang=en]").dispatch_event("click")
    page.wait_for_url(served_site + "en/codes/131049/")
    page.goto(served_site + "codes/130429/")
    page.wait_for_url(served_site + "en/codes/130429/")


def test_ticket_link_inside_a_range_reaches_the_range_page(new_page, served_site):
    page = new_page(locale="id-ID")
    page.goto(served_site + "codes/115003/#action")
    page.wait_for_url(served_site + "id/codes/115001-115005/#action")
    assert "115001-115005" in page.inner_text("h1")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_range_member_has_an_address_in_each_language(page, served_site, lang):
    page.goto(served_site + f"{lang}/codes/115003/?x=1#reply")
    page.wait_for_url(served_site + f"{lang}/codes/115001-115005/?x=1#reply")


def test_without_javascript_ticket_links_fall_back_to_indonesian(new_page, served_site):
    page = new_page(java_script_enabled=False, locale="en-US")
    page.goto(served_site + "codes/131049/")
    page.wait_for_url(served_site + "id/codes/131049/")
    page.goto(served_site + "id/codes/115003/")
    page.wait_for_url(served_site + "id/codes/115001-115005/")


@pytest.mark.parametrize("missing,lang,suggested", [
    ("id/codes/1310499/", "id", None),             # mistyped code: 131049 (one typo away), then what to do next
    ("en/kodes/131049/", "en", "131049"),          # mistyped path around a real code: that code offered
    ("codes/9999999/", "id", None),                # language-neutral, Indonesian browser
])
def test_not_found_page_helps_in_the_right_language(new_page, served_site, missing, lang, suggested):
    page = new_page(locale="id-ID")
    response = page.goto(served_site + missing)
    assert response.status == 404
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "lang") == lang
    message = page.locator("[data-err-lookup-message]")
    message.locator("a").first.wait_for()
    links = message.locator("a")
    if suggested:
        assert links.count() == 1 and links.first.inner_text() == suggested
    else:
        # No such code: the codes one typo away, then the decoder and the helpdesk.
        hrefs = links.evaluate_all("links => links.map(a => a.href)")
        typos = [served_site + f"{lang}/codes/131049/"] if "1310499" in missing else []
        assert hrefs[:-1] == typos + [served_site + f"{lang}/decode/"]
        assert hrefs[-1].startswith("https://")
    # The page's links and styles work from wherever it was served.
    href = links.first.evaluate("a => a.href")
    assert href.startswith(served_site + f"{lang}/")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    page.locator("a", has_text={"id": "Kembali ke beranda", "en": "Back to the home page"}[lang]).click()
    page.wait_for_url(served_site + f"{lang}/")


def test_not_found_under_english_switches_from_the_single_root_page(new_page, served_site, built_site):
    """Hosts that serve one 404 page for the whole site get the Indonesian one; under /en/ it turns English."""
    page = new_page(locale="id-ID")
    # What such a host would answer for /whatsapp-errors/en/nothing/: the root 404.html.
    page.route(served_site + "en/nothing/", lambda route: route.fulfill(
        status=404, body=(built_site / "404.html").read_bytes(), content_type="text/html; charset=utf-8"))
    page.goto(served_site + "en/nothing/")
    page.wait_for_url(served_site + "en/404/?from=" + "%2Fwhatsapp-errors%2Fen%2Fnothing%2F")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("[data-err-missing-path]") == "/whatsapp-errors/en/nothing/"


LABELS = {"id": ("Salin tautan", "Salin balasan tiket", "Salin pesan pelanggan"),
          "en": ("Copy link", "Copy ticket reply", "Copy customer message")}


def _copied(page, button_name: str, previous: str) -> str:
    page.get_by_role("button", name=button_name, exact=True).click()
    page.wait_for_function("p => navigator.clipboard.readText().then(t => t !== p)", arg=previous, polling=100)
    return page.evaluate("navigator.clipboard.readText()")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_copy_button_puts_its_own_text_on_the_clipboard(new_page, served_site, catalog, lang):
    link, ticket, customer = LABELS[lang]
    entry = next(e for e in catalog.entries if e.customer_message and not e.is_range)
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(served_site + f"{lang}/codes/{entry.code}/?utm=ticket#reply")
    # "Copy link" gives the language-neutral ticket link, which opens the reader's language.
    copied = _copied(page, link, "")
    assert copied == served_site + f"codes/{entry.code}/"
    dialog = page.locator(".md-dialog__inner[role=status]")
    dialog.wait_for(state="attached")
    copied = _copied(page, ticket, copied)
    assert copied == " ".join(copy_text(entry.ticket_reply.get(lang), catalog.placeholders).split())
    # The keyboard works too: focus the customer-message button and press Enter.
    page.get_by_role("button", name=customer, exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_function("p => navigator.clipboard.readText().then(t => t !== p)", arg=copied, polling=100)
    assert page.evaluate("navigator.clipboard.readText()") == " ".join(copy_text(entry.customer_message.get(lang), catalog.placeholders).split())
    # Each heading names its audience.
    headings = page.locator("h2").all_inner_texts()
    assert any(h.startswith("Balasan tiket" if lang == "id" else "Ticket reply") for h in headings)


@pytest.mark.parametrize("lang, why", [("id", "Tidak ada pesan untuk pelanggan"), ("en", "No customer message")])
def test_an_entry_without_a_customer_message_says_why(new_page, served_site, catalog, lang, why):
    entry = next(e for e in catalog.entries if e.no_customer_message == "opted-out")
    page = new_page()
    page.goto(served_site + f"{lang}/codes/{entry.code}/")
    assert page.inner_text(".err-no-message").startswith(why)
    assert page.get_by_role("button", name=LABELS[lang][2], exact=True).count() == 0
    assert page.get_by_role("button", name=LABELS[lang][1], exact=True).count() == 1


def test_copy_buttons_are_hidden_without_javascript(new_page, served_site):
    page = new_page(java_script_enabled=False)
    page.goto(served_site + "id/codes/131049/")
    assert page.locator("[data-err-copy]").is_hidden()
