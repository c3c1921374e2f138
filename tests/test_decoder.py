"""The webhook decoder page (/{lang}/decode/) in a real browser: pasted payloads become rows.

Messages are checked against the UI strings in generator/i18n/*.yml and titles against
the built site's assets/codes.json, so rewording either does not break these tests.
"""
from __future__ import annotations

import json

import pytest

from generator.strings import ui_strings

ID = ui_strings("id")
EN = ui_strings("en")
MESSAGE = "[data-err-decode-message]"
RESULTS = "table[data-err-decode-results]"


@pytest.fixture(scope="module")
def entries(built_site):
    """Entry code -> entry of assets/codes.json, per language, as the decoder reads them."""
    return {lang: {e["c"]: e for e in json.loads((built_site / lang / "assets" / "codes.json").read_text())}
            for lang in ("id", "en")}


def retry(strings, entry):
    """The resend advice of a catalog entry as the decoder writes it (a wait such as 24h spelled out)."""
    text = strings["retry_text"][entry["r"]]
    if entry["w"]:
        text += " " + strings["retry_wait"].replace("{wait}", entry["w"][:-1] + " " + strings["units"][entry["w"][-1]])
    return text


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
        // The title cell also folds the replies (and, for unknown codes, a family note) under the title.
        const title = tr.children[1].childNodes.length ? tr.children[1].childNodes[0].textContent.trim() : '';
        return {code: cells[0], title: title, retry: cells[2], where: cells[3], details: cells[4],
                href: a ? a.href : null, link: a ? a.textContent : null};
    })""")


def number(strings, n):
    """A count as the page writes it: 40.000 in Indonesian, 40,000 in English."""
    return f"{n:,}".replace(",", "." if strings is ID else ",")


def fill(template, **values):
    for name, value in values.items():
        template = template.replace("{" + name + "}", str(value))
    return template


def found(strings, count):
    return fill(strings["decode"]["found"], count=number(strings, count))


def invalid(strings, line, column, reason, char=None):
    """The message for text that is not JSON: place and reason, all in the page's language."""
    extra = strings["decode_extra"]
    detail = fill(extra["syntax_char"], char=f"“{char}”") if reason == "char" else extra[f"syntax_{reason}"]
    return fill(strings["decode"]["invalid"], line=line, column=column, detail=detail)


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


def test_cloud_api_status_webhook(page, served_site, titles, entries):
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
    assert row["retry"] == retry(ID, entries["id"]["131049"])
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


def test_an_error_without_a_code_is_known_by_its_title_or_message(page, served_site, titles):
    # A failed status whose error carries only a title (the API's, or one it used before), an API
    # response whose message names the code, and a title two codes share (both are offered).
    payload = status_webhook(
        failed("wamid.T1", "6281234567890", {"title": "Business Account locked"}),
        failed("wamid.T2", "6281234567890", {"message": "account has been locked."}),
        failed("wamid.T3", "6281234567890", {"title": "Template Param Count Mismatch"}))
    payload["error"] = {"message": "(#131050) Unable to deliver the message", "type": "OAuthException"}
    assert decode(page, served_site, payload) == found(ID, 4)
    got = rows(page)
    assert [(r["link"], r["title"]) for r in got[:2]] == [("131031", titles["id"]["131031"])] * 2
    shared = page.eval_on_selector_all(RESULTS + " tbody tr:nth-child(3) th a", "as => as.map(a => a.textContent)")
    assert shared == ["2000", "132000"] and got[2]["title"] == ID["title_shared"]
    assert (got[3]["link"], got[3]["title"]) == ("131050", titles["id"]["131050"])
    # An error with a code is that code, whatever its title says.
    again(page, status_webhook(failed("wamid.T4", "6281234567890", {"code": 130429, "title": "Business Account locked"})))
    assert rows(page)[0]["link"] == "130429"


def test_code_inside_a_range_links_to_the_range(page, served_site, titles):
    decode(page, served_site, {"errors": [{"code": 115003, "message": "Insufficient quota"}]})
    [row] = rows(page)
    assert row["link"] == "115003"
    assert row["href"] == served_site + "id/codes/115001-115005/"
    assert "115001-115005" in row["code"]
    assert row["title"] == titles["id"]["115001-115005"]
    assert row["details"] == "Insufficient quota"


def test_a_code_with_its_own_entry_inside_a_range_is_explained_as_that_entry(page, served_site, titles):
    # 200 has an entry of its own inside 200-299 (Meta's row for a request without an access token).
    decode(page, served_site, {"error": {"message": "(#200) Provide valid app ID", "type": "OAuthException", "code": 200,
                                         "fbtrace_id": "AbCdEf"}})
    [row] = rows(page)
    assert row["link"] == "200"
    assert row["href"] == served_site + "id/codes/200/"
    assert "200-299" not in row["code"]
    assert row["title"] == titles["id"]["200"]
    again(page, {"error": {"message": "(#250) Permissions error", "type": "OAuthException", "code": 250}})
    [row] = rows(page)
    assert row["href"] == served_site + "id/codes/200-299/" and "200-299" in row["code"]


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
    assert decode(page, served_site, text) == invalid(ID, 3, 20, "char", '"')
    assert not page.is_visible(RESULTS)

    # A fault the browser's own message gives no place for still gets one.
    assert again(page, "[1,]") == invalid(ID, 1, 4, "char", "]")

    # Whatever the browser's parser says (here: English, no place), the page says its own.
    page.evaluate("""() => {
        JSON.parse = function () { throw new SyntaxError('Unexpected token in JSON'); };
    }""")
    said = again(page, '[\n  1,\n  2 3\n]')
    assert said == invalid(ID, 3, 5, "char", "3"), said
    assert "line 3" not in said and "Unexpected" not in said


@pytest.mark.parametrize("text,place,reason,char", [
    ("Pesan gagal terkirim, kode 131049", (1, 1), "char", "P"),
    ('{"error": {"code": 131049,\n  "message": "x"', (2, 17), "end", None),
    ('{"errors": []}\n\nterima kasih', (3, 1), "after", None),
    ('{"error": {"message": "baris\npertama"}}', (1, 29), None, None),
])
def test_text_that_is_not_json_gets_a_message_in_the_page_language(page, served_site, text, place, reason, char):
    said = decode(page, served_site, text)
    if reason is None:  # a raw line break inside a string: named by its code point
        expected = fill(ID["decode"]["invalid"], line=place[0], column=place[1],
                        detail=fill(ID["decode_extra"]["syntax_char"], char="U+000A"))
    else:
        expected = invalid(ID, *place, reason, char)
    assert said == expected
    for english in ("Unexpected", "position", "Expected", "Bad control", "not valid JSON", "Unterminated"):
        assert english not in said
    assert not page.is_visible(RESULTS)


def test_text_that_is_not_json_on_the_english_page(page, served_site):
    assert decode(page, served_site, "Hallo {", lang="en") == invalid(EN, 1, 1, "char", "H")
    assert again(page, '{"error": {') == invalid(EN, 1, 12, "end")


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


def test_english_page(page, served_site, titles, entries):
    payload = status_webhook(failed("wamid.en", "6281234567890", {"code": "131049", "title": "Not delivered"}))
    assert decode(page, served_site, payload, lang="en") == found(EN, 1)
    [row] = rows(page)
    assert row["href"] == served_site + "en/codes/131049/"
    assert row["title"] == titles["en"]["131049"]
    assert row["retry"] == retry(EN, entries["en"]["131049"])
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


# ---- Hostile pastes: huge values, many errors, deep nesting, too much text ----------------------
# How fast the page answers is measured in bench/decoder.py; here only that it answers, and what.

SUBMIT = "form[data-err-decode] button[type=submit]"
SUMMARY = "table[data-err-decode-summary]"


def paste_large(page, text):
    """Put `text` into the decoder box (one transfer, no key events), clear the message, press the button."""
    page.eval_on_selector("#err-decode-input", "(box, text) => { box.value = text; }", text)
    page.eval_on_selector(MESSAGE, "m => { m.textContent = ''; }")
    page.click(SUBMIT)
    return message(page)


def no_wider_than_the_window(page):
    widths = page.evaluate("""() => ({page: document.documentElement.scrollWidth, window: innerWidth,
        table: document.querySelector('table[data-err-decode-results]').getBoundingClientRect().width})""")
    assert widths["page"] <= widths["window"] and widths["table"] <= widths["window"], widths


def test_a_megabyte_long_value_is_shortened_and_shown_whole_on_request(page, served_site):
    value = "A" * 1024 * 1024
    open_decoder(page, served_site)
    assert paste_large(page, json.dumps({"errors": [{"code": 131049, "message": value}]})) == found(ID, 1)
    [row] = rows(page)
    assert row["link"] == "131049"
    cell = page.locator(RESULTS + " tbody tr td").nth(3)
    short = cell.locator("span > span").first.inner_text()
    assert short.startswith("A" * 100) and short.endswith("…") and len(short) < 300
    no_wider_than_the_window(page)

    toggle = cell.locator("details > summary")
    assert toggle.inner_text() == fill(ID["decode_extra"]["show_all"], count=number(ID, len(value)))
    toggle.click()
    box = cell.locator(".err-decode__value")
    box.wait_for()
    assert box.evaluate("(b, n) => b.textContent === 'A'.repeat(n)", len(value))
    # A scrollable box inside the page, not a page as long as the value.
    assert box.evaluate("b => b.scrollHeight > b.clientHeight && b.clientHeight < innerHeight")
    no_wider_than_the_window(page)


def test_long_recipient_and_unknown_code_are_shortened_too(page, served_site):
    code, recipient = "X" * 5000, "6" * 300
    open_decoder(page, served_site)
    paste_large(page, json.dumps({"statuses": [{"status": "failed", "recipient_id": recipient, "errors": [{"code": code}]}]}))
    [row] = rows(page)
    assert row["title"] == ID["decode"]["unknown"]
    assert len(row["code"]) < 400 and row["code"].startswith("X" * 100)
    assert recipient not in row["where"] and "6" * 100 in row["where"]
    assert page.locator(RESULTS + " details").count() == 2
    no_wider_than_the_window(page)


def forty_thousand_errors():
    """A 5 MB status webhook body: 40,000 errors over a few codes (known, a range member, unknown)."""
    codes = [131049] * 17 + [131026] * 9 + [130429] * 7 + [115003] * 4 + [999999] * 2 + ["ABC-1"]
    errors = [{"code": codes[(i * 7) % len(codes)], "title": f"Failed {i:05d} " + "x" * 28,
               "error_data": {"details": f"Details of error {i:05d}"}} for i in range(40000)]
    body = json.dumps({"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {
        "statuses": [{"id": "wamid.many", "status": "failed", "recipient_id": "6281234567890", "errors": errors}]}}]}]})
    return body, errors


def test_forty_thousand_errors_are_summarised(page, served_site, titles):
    body, errors = forty_thousand_errors()
    assert 4_500_000 < len(body) < 5 * 1024 * 1024
    open_decoder(page, served_site)
    assert paste_large(page, body) == found(ID, 40000)

    # The summary: every code once, with its count, most frequent first.
    counts: dict[str, int] = {}
    for e in errors:
        counts[str(e["code"])] = counts.get(str(e["code"]), 0) + 1
    expected = sorted(counts.items(), key=lambda kv: -kv[1])
    got = page.eval_on_selector_all(SUMMARY + " tbody tr", """trs => trs.map(tr => [
        tr.children[0].querySelector('a, code').textContent, tr.children[1].innerText, tr.children[2].innerText])""")
    assert [(code, int(count.replace(".", ""))) for code, _, count in got] == expected
    assert sum(int(count.replace(".", "")) for _, _, count in got) == 40000
    assert got[0][1] == titles["id"]["131049"]
    assert dict((c, t) for c, t, _ in got)["115003"] == titles["id"]["115001-115005"]
    assert dict((c, t) for c, t, _ in got)["999999"] == ID["decode"]["unknown"]

    # The first rows in document order, then the rest on request.
    def shown_rows():
        return [(r["code"].split()[0], r["details"]) for r in rows(page)]

    def expected_rows(n):
        return [(str(e["code"]), e["error_data"]["details"]) for e in errors[:n]]

    assert shown_rows() == expected_rows(50)
    more = page.locator("[data-err-decode-more]")
    assert more.is_visible()
    assert more.locator("[data-err-decode-shown]").inner_text() == fill(
        ID["decode_extra"]["shown"], shown=50, count=number(ID, 40000))
    more.locator("button").click()
    page.locator(RESULTS + " tbody tr").nth(99).wait_for()
    assert shown_rows() == expected_rows(100)
    assert "6281234567890" in rows(page)[99]["where"]
    no_wider_than_the_window(page)

    # A small payload afterwards replaces all of it.
    assert again(page, {"errors": [{"code": 131049}]}) == found(ID, 1)
    assert len(rows(page)) == 1 and not page.is_visible(SUMMARY) and not more.is_visible()


def test_many_different_codes_keep_the_summary_short(page, served_site):
    errors = [{"code": 900000 + i} for i in range(120)] + [{"code": 131049}] * 3
    open_decoder(page, served_site)
    assert paste_large(page, json.dumps({"errors": errors})) == found(ID, 123)
    got = page.eval_on_selector_all(SUMMARY + " tbody tr", "trs => trs.map(tr => tr.innerText)")
    assert len(got) == 51
    assert got[0].split("\t")[0].strip() == "131049"
    assert got[-1].split("\t")[0].strip() == fill(ID["decode_extra"]["summary_other"], codes=71)
    assert got[-1].split("\t")[-1].strip() == "71"


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,
    '{"a":' * 100_000 + "1" + "}" * 100_000,
    '{"errors": [' * 100_000,
], ids=["arrays", "objects", "unclosed"])
def test_deep_nesting_gets_a_message_in_the_page_language(page, served_site, text):
    open_decoder(page, served_site)
    assert paste_large(page, text) == fill(ID["decode_extra"]["too_deep"], limit=number(ID, 1000))
    assert not page.is_visible(RESULTS)
    # The page keeps working.
    assert again(page, {"errors": [{"code": 131049}]}) == found(ID, 1)


def test_nesting_within_the_limit_is_read(page, served_site):
    deep = "[" * 990 + json.dumps({"errors": [{"code": 131049, "message": "deep down"}]}) + "]" * 990
    open_decoder(page, served_site)
    assert paste_large(page, '{"entry": ' + deep + ', "error": {"code": 130429, "message": [[[[["x"]]]]]}}') == found(ID, 2)
    assert [(r["link"], r["details"]) for r in rows(page)] == [("131049", "deep down"), ("130429", '[[[[["x"]]]]]')]


def test_text_over_the_size_limit_gets_a_message(page, served_site):
    open_decoder(page, served_site)
    page.eval_on_selector("#err-decode-input", "box => { box.value = '[' + '1,'.repeat(3 * 1024 * 1024 - 1) + '1]'; }")
    page.click(SUBMIT)
    assert message(page) == fill(ID["decode_extra"]["too_long"], size=6, limit=5)
    assert not page.is_visible(RESULTS)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_row_carries_the_ticket_reply_and_the_customer_message(page, served_site, built_site, lang):
    replies = json.loads((built_site / lang / "assets" / "replies.json").read_text(encoding="utf-8"))
    with_message = next(c for c, r in replies.items() if r["m"] and "-" not in c)
    without = next(c for c, r in replies.items() if r["m"] is None and r["n"] == "internal" and "-" not in c)
    decode(page, served_site, {"errors": [{"code": int(with_message)}, {"code": int(without)}]}, lang)
    cells = page.locator(RESULTS + " tbody tr td:nth-child(2)")
    first, second = cells.nth(0), cells.nth(1)
    first.locator("summary").click()
    quotes = first.locator("blockquote").all_inner_texts()
    assert quotes == [replies[with_message]["r"], replies[with_message]["m"]]
    buttons = first.locator("button[data-clipboard-text]")
    assert [buttons.nth(i).get_attribute("data-clipboard-text") for i in range(buttons.count())] == quotes
    second.locator("summary").click()
    strings = ID if lang == "id" else EN
    assert second.locator("blockquote").all_inner_texts() == [replies[without]["r"]]
    assert strings["no_customer_message"]["internal"].split(":")[0] in second.inner_text()


def test_an_unknown_code_in_a_documented_family_points_to_its_category(page, served_site, built_site):
    families = json.loads((built_site / "en" / "assets" / "families.json").read_text(encoding="utf-8"))
    codes = {e["c"] for e in json.loads((built_site / "en" / "assets" / "codes.json").read_text(encoding="utf-8"))}
    family = families[0]
    code = next(n for n in range(family["lo"], family["hi"] + 1) if str(n) not in codes)
    decode(page, served_site, {"errors": [{"code": code}, {"code": 999999999}]}, "en")
    cells = page.locator(RESULTS + " tbody tr td:nth-child(2)")
    note = cells.nth(0).locator(".err-decode__family")
    assert family["n"] in note.inner_text()
    assert note.locator("a").get_attribute("href") == served_site + f"en/{family['k']}/"
    assert cells.nth(1).locator(".err-decode__family").count() == 0
