"""The webhook decoder page (/{lang}/decode/) in a real browser: pasted payloads become rows.

Messages are checked against the UI strings in generator/i18n/*.yml and titles against
the built site's assets/codes.json, so rewording either does not break these tests.
"""
from __future__ import annotations

import json

import pytest

from generator.render import ui_strings

ID = ui_strings("id")
EN = ui_strings("en")
MESSAGE = "[data-err-decode-message]"
RESULTS = "table[data-err-decode-results]"


@pytest.fixture(scope="module")
def titles(built_site):
    """Entry code -> title, per language, as the decoder reads them."""
    return {lang: {e["c"]: e["t"] for e in json.loads((built_site / lang / "assets" / "codes.json").read_text())}
            for lang in ("id", "en")}


def open_decoder(page, base, lang="id"):
    page.goto(base + f"{lang}/decode/")


def decode(page, base, payload, lang="id"):
    """Open the decoder, paste `payload` (a string, or JSON-able data), press the button; return the message."""
    open_decoder(page, base, lang)
    return again(page, payload)


def again(page, payload):
    """Decode `payload` on the decoder page that is already open; return the new message."""
    page.fill("#err-decode-input", payload if isinstance(payload, str) else json.dumps(payload, indent=2))
    page.eval_on_selector(MESSAGE, "m => { m.textContent = ''; }")
    page.click("form[data-err-decode] button[type=submit]")
    return message(page)


def message(page):
    page.locator(MESSAGE + ":not(:empty)").wait_for()
    return page.inner_text(MESSAGE)


def rows(page):
    """The result rows as dicts of cell texts, plus the code link's href and text (None without a link)."""
    return page.eval_on_selector_all(RESULTS + " tbody tr", """trs => trs.map(tr => {
        const cells = Array.from(tr.children).map(c => c.innerText.trim());
        const a = tr.children[0].querySelector('a');
        return {code: cells[0], title: cells[1], retry: cells[2], where: cells[3], details: cells[4],
                href: a ? a.href : null, link: a ? a.textContent : null};
    })""")


def found(strings, count):
    return strings["decode"]["found"].replace("{count}", str(count))


def status_webhook(*statuses):
    """A Cloud API status webhook carrying the given status objects."""
    return {"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{
        "field": "messages",
        "value": {"messaging_product": "whatsapp",
                  "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
                  "statuses": list(statuses)}}]}]}


def failed(message_id, recipient, *errors):
    return {"id": message_id, "status": "failed", "timestamp": "1717000000", "recipient_id": recipient,
            "errors": list(errors)}


def test_cloud_api_status_webhook(page, served_site, titles):
    payload = status_webhook(failed("wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEjQ1", "6281234567890", {
        "code": 131049, "title": "This message was not delivered to maintain healthy ecosystem engagement.",
        "message": "This message was not delivered to maintain healthy ecosystem engagement.",
        "error_data": {"details": "In order to maintain a healthy ecosystem engagement, the message failed to be delivered."},
        "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}))
    assert decode(page, served_site, payload) == found(ID, 1)
    [row] = rows(page)
    assert row["link"] == "131049"
    assert row["href"] == served_site + "id/codes/131049/"
    assert row["title"] == titles["id"]["131049"]
    assert row["retry"] == ID["retry_text"]["backoff"]
    assert f"{ID['decode']['recipient']}: 6281234567890" in row["where"]
    assert f"{ID['decode']['message_id']}: wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEjQ1" in row["where"]
    assert row["details"] == "In order to maintain a healthy ecosystem engagement, the message failed to be delivered."


def test_error_webhook(page, served_site, titles):
    payload = {"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{
        "field": "messages",
        "value": {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "106540352242922"},
                  "errors": [{"code": 130472, "title": "User's number is part of an experiment",
                              "message": "User's number is part of an experiment",
                              "error_data": {"details": "Failed to send message because this user's phone number is part of an experiment"}}]}}]}]}
    assert decode(page, served_site, payload) == found(ID, 1)
    [row] = rows(page)
    assert row["href"] == served_site + "id/codes/130472/"
    assert row["title"] == titles["id"]["130472"]
    assert row["retry"] == ID["retry_text"]["no"]
    assert row["where"] == ""
    assert row["details"].startswith("Failed to send message because")


def test_synchronous_error_body_with_a_string_code_by_ctrl_enter(page, served_site, titles):
    open_decoder(page, served_site)
    page.fill("#err-decode-input", json.dumps({"error": {
        "message": "(#131009) Parameter value is not valid", "type": "OAuthException", "code": " 131009 ",
        "error_data": {"messaging_product": "whatsapp", "details": "Parameter 'to' is not a valid phone number"},
        "fbtrace_id": "AbCdEf123"}}))
    page.press("#err-decode-input", "Control+Enter")
    assert message(page) == found(ID, 1)
    [row] = rows(page)
    assert row["link"] == "131009"
    assert row["href"] == served_site + "id/codes/131009/"
    assert row["title"] == titles["id"]["131009"]
    assert row["retry"] == ID["retry_text"]["after-fix"]
    assert row["details"] == "Parameter 'to' is not a valid phone number"


def test_legacy_on_premises_status_and_a_provider_payload(page, served_site, titles):
    payload = {"statuses": [{"errors": [{"code": 470, "title": "Message failed to send because more than 24 hours have passed since the customer last replied to this number"}],
                             "id": "gBGGFlB5YjhvAgnhuF1qIUvCo7A", "recipient_id": "6281298765432",
                             "status": "failed", "timestamp": "1532639520"}]}
    assert decode(page, served_site, payload) == found(ID, 1)
    [row] = rows(page)
    assert row["href"] == served_site + "id/codes/470/"
    assert row["title"] == titles["id"]["470"]
    assert "6281298765432" in row["where"] and "gBGGFlB5YjhvAgnhuF1qIUvCo7A" in row["where"]
    assert row["details"].startswith("Message failed to send because more than 24 hours")

    # A provider (OCA) payload of the same shape, with a provider code as a string.
    payload = {"statuses": [{"id": "ABGGFmkiWVVPAgo-sKD87hgxPHdF", "recipient_id": "6285700001111", "status": "failed",
                             "errors": [{"code": "111001", "title": "Application does not have permission",
                                         "details": "The app has no permission for this number"}]}]}
    assert again(page, payload) == found(ID, 1)
    [row] = rows(page)
    assert row["href"] == served_site + "id/codes/111001/"
    assert row["title"] == titles["id"]["111001"]
    assert row["details"] == "The app has no permission for this number"
    assert f"{ID['decode']['recipient']}: 6285700001111" in row["where"]


def test_code_inside_a_range_links_to_the_range(page, served_site, titles):
    decode(page, served_site, {"errors": [{"code": 115003, "message": "Insufficient quota"}]})
    [row] = rows(page)
    assert row["link"] == "115003"
    assert row["href"] == served_site + "id/codes/115001-115005/"
    assert "115001-115005" in row["code"]
    assert row["title"] == titles["id"]["115001-115005"]
    assert row["details"] == "Insufficient quota"


def test_several_statuses_and_errors_in_document_order(page, served_site, titles):
    payload = status_webhook(
        failed("wamid.first", "6281111111111", {"code": 131026, "title": "Message undeliverable"},
               {"code": 131047, "title": "Re-engagement message"}),
        {"id": "wamid.ok", "status": "delivered", "recipient_id": "6282222222222"},
        failed("wamid.third", "6283333333333", {"code": 130429, "title": "Rate limit hit"},
               {"code": 133016, "title": "Too many attempts"}))
    assert decode(page, served_site, payload) == found(ID, 4)
    got = rows(page)
    codes = ["131026", "131047", "130429", "133016"]
    assert [r["link"] for r in got] == codes
    assert [r["title"] for r in got] == [titles["id"][c] for c in codes]
    assert "6281111111111" in got[0]["where"] and "wamid.first" in got[0]["where"]
    assert "6281111111111" in got[1]["where"]
    assert "6283333333333" in got[2]["where"] and "wamid.third" in got[2]["where"]
    assert "6283333333333" in got[3]["where"]
    assert [r["details"] for r in got] == ["Message undeliverable", "Re-engagement message", "Rate limit hit", "Too many attempts"]
    # A wait from the catalog ("72h") is spelled out in the page's language.
    assert got[3]["retry"] == ID["retry_text"]["later"] + " " + ID["retry_wait"].replace("{wait}", "72 " + ID["units"]["h"])


def test_unknown_codes_get_a_row_without_a_link(page, served_site):
    decode(page, served_site, {"errors": [{"code": 131099, "title": "Something new"}, {"code": "ABC-1", "message": "odd"}]})
    got = rows(page)
    assert [r["code"] for r in got] == ["131099", "ABC-1"]
    assert [r["title"] for r in got] == [ID["decode"]["unknown"]] * 2
    assert [r["href"] for r in got] == [None, None]
    assert [r["details"] for r in got] == ["Something new", "odd"]


def test_invalid_json_names_line_and_column(page, served_site):
    text = '{\n  "error": {\n    "code": 131009 "message": "x"\n  }\n}'
    said = decode(page, served_site, text)
    prefix = ID["decode"]["invalid"].split("{line}")[0]
    assert said.startswith(prefix + "3, kolom 20: "), said
    assert not page.is_visible(RESULTS)

    # No place in the browser's message: the message says so without line and column.
    said = again(page, "[1,]")
    assert said.startswith(ID["decode"]["invalid_nowhere"].split("{detail}")[0]), said
    assert len(said) > len(ID["decode"]["invalid_nowhere"]) - len("{detail}")

    # Browsers that report only "at position N": the line and column are counted from the text.
    page.evaluate("""() => {
        const parse = JSON.parse;
        JSON.parse = function (text, reviver) {
            try { return parse(text, reviver); }
            catch (e) { throw new SyntaxError(e.message.replace(/ \\(line \\d+ column \\d+\\)/, '')); }
        };
    }""")
    said = again(page, '[\n  1,\n  2 3\n]')
    assert said.startswith(ID["decode"]["invalid"].split("{line}")[0] + "3, kolom 5: "), said
    assert "line 3" not in said


def test_empty_input_and_json_without_errors(page, served_site):
    decode(page, served_site, {"errors": [{"code": 131049}]})
    assert page.is_visible(RESULTS)
    assert again(page, "  \n\t ") == ID["decode"]["empty"]
    assert not page.is_visible(RESULTS)
    payload = status_webhook({"id": "wamid.ok", "status": "read", "recipient_id": "6282222222222"})
    assert again(page, payload) == ID["decode"]["none"]
    assert not page.is_visible(RESULTS)


def test_a_bare_code(page, served_site, titles):
    open_decoder(page, served_site)
    for text in ["130429", ' "130429" ', "#130429"]:
        assert again(page, text) == found(ID, 1), text
        [row] = rows(page)
        assert row["href"] == served_site + "id/codes/130429/"
        assert row["title"] == titles["id"]["130429"]


def test_hostile_values_stay_text(page, served_site):
    img = '<img src=x onerror="window.__pwned=1">'
    script = "<script>window.__pwned=1</script>"
    payload = {"statuses": [{"status": "failed", "id": img, "recipient_id": script,
                             "errors": [{"code": script, "error_data": {"details": img}},
                                        {"code": 131049, "details": img}]}]}
    decode(page, served_site, payload)
    got = rows(page)
    assert [r["code"] for r in got] == [script, "131049"]
    assert [r["details"] for r in got] == [img, img]
    assert script in got[0]["where"] and img in got[0]["where"]
    assert got[0]["href"] is None
    assert page.locator(RESULTS + " img, " + RESULTS + " script").count() == 0
    page.wait_for_timeout(100)
    assert page.evaluate("window.__pwned") is None


def test_english_page(page, served_site, titles):
    payload = status_webhook(failed("wamid.en", "6281234567890", {"code": "131049", "title": "Not delivered"}))
    assert decode(page, served_site, payload, lang="en") == found(EN, 1)
    [row] = rows(page)
    assert row["href"] == served_site + "en/codes/131049/"
    assert row["title"] == titles["en"]["131049"]
    assert row["retry"] == EN["retry_text"]["backoff"]
    assert f"{EN['decode']['recipient']}: 6281234567890" in row["where"]
    assert f"{EN['decode']['message_id']}: wamid.en" in row["where"]


def test_enter_types_a_newline_and_a_paste_decodes(page, served_site):
    requests = []
    page.on("request", lambda r: requests.append(r))
    open_decoder(page, served_site)
    page.click("#err-decode-input")
    page.keyboard.type('{"error": {"code": 131009,')
    page.keyboard.press("Enter")
    assert page.input_value("#err-decode-input").endswith(",\n")
    assert page.inner_text(MESSAGE) == ""
    # A paste (the event the browser fires for Ctrl+V / the context menu) decodes at once.
    page.evaluate("""() => {
        const box = document.querySelector('#err-decode-input');
        box.value = '{"errors": [{"code": 131049}]}';
        box.dispatchEvent(new ClipboardEvent('paste', {bubbles: true, cancelable: true}));
    }""")
    assert message(page) == found(ID, 1)
    assert rows(page)[0]["link"] == "131049"
    # Decoding again reuses the index; nothing but the page's own files is requested.
    page.click("form[data-err-decode] button[type=submit]")
    page.wait_for_timeout(100)
    assert [r.url for r in requests if r.url.endswith("codes.json")] == [served_site + "id/assets/codes.json"]
    assert not [r for r in requests if r.method != "GET" or "131049" in r.url]
