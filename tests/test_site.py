"""The built site, read as files: every page, table, link and switcher is where tickets expect it."""
from __future__ import annotations

import json
import re
from html import unescape

import pytest

from generator.model import LANGS
from generator.text import plain
from sitepages import parsed as Page, resolve


def pages_of(site):
    """Every HTML file, except the 404.html copies: they are served at any address and
    set their base in the browser; their original, {lang}/404/index.html, is checked."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def theme_pages_of(site):
    """Pages rendered by the theme (header, switcher), not the small forwarding pages."""
    return [p for p in pages_of(site) if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_has_a_code_page(built_site, catalog, lang):
    for e in catalog.entries:
        page = Page(built_site / lang / "codes" / e.code / "index.html")
        assert page.lang == lang
        assert "description" in page.ids and "action" in page.ids and "webhook" in page.ids


@pytest.mark.parametrize("lang", LANGS)
def test_a_code_with_its_own_entry_inside_a_range_has_its_own_page(built_site, catalog, lang):
    # 200 has an entry of its own inside 200-299: its addresses are its page, 250's forward to the range.
    own = (built_site / lang / "codes" / "200" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' not in own
    page = Page(built_site / lang / "codes" / "200" / "index.html")
    assert "description" in page.ids and "webhook" in page.ids
    assert unescape(catalog.by_code()["200"].heading(lang)) in unescape(own)
    member = (built_site / lang / "codes" / "250" / "index.html").read_text(encoding="utf-8")
    assert 'url=../200-299/' in member and 'location.replace("../200-299/"' in member
    ticket = (built_site / "codes" / "200" / "index.html").read_text(encoding="utf-8")
    assert f'url=../../id/codes/200/' in ticket and '"200"' in ticket
    assert 'url=../../id/codes/200-299/' in (built_site / "codes" / "250" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_category_tables_list_exactly_their_codes(built_site, catalog, lang):
    for c in catalog.categories:
        page = Page(built_site / lang / c.key / "index.html")
        assert page.row_ids == [e.code for e in catalog.in_category(c.key)]
        assert page.lang == lang


def test_home_lists_categories_with_counts(built_site, catalog):
    html = (built_site / "id" / "index.html").read_text(encoding="utf-8")
    for c in catalog.categories:
        assert f'href="{c.key}/"' in html
        assert f"{len(catalog.in_category(c.key))} kode" in html
    assert "data-err-lookup" in html


def test_root_sends_readers_to_indonesian(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'url=id/"' in html and 'location.replace("id/"' in html
    assert 'href="/' not in html


def test_no_link_starts_at_the_server_root(built_site):
    # The site may be published under a sub-path: every internal URL must be relative,
    # in the not-found pages too.
    for path in sorted(built_site.rglob("*.html")):
        page = Page(path)
        for href in [h for h, _ in page.links] + page.assets:
            assert not (href.startswith("/") and not href.startswith("//")), f"{path}: {href}"


def test_related_links_on_code_pages(built_site, catalog):
    for e in catalog.entries:
        for lang in LANGS:
            path = built_site / lang / "codes" / e.code / "index.html"
            targets = {h for h, _ in Page(path).links if h.startswith("../../codes/")}
            for other in catalog.links[e.code]:
                assert f"../../codes/{other}/" in targets, f"{lang}/{e.code} does not link {other}"


def test_language_switcher_points_to_the_same_page(built_site):
    for path in theme_pages_of(built_site / "id") + theme_pages_of(built_site / "en"):
        rel = path.relative_to(built_site)
        lang = rel.parts[0]
        switches = {a["hreflang"]: h for h, a in Page(path).links if "data-err-alternate" in a}
        assert set(switches) == set(LANGS), rel
        for other, href in switches.items():
            target, _ = resolve(path, href)
            expected = built_site / other / rel.relative_to(lang)
            assert target == expected.resolve(), f"{rel}: {href}"


def test_no_request_leaves_the_site(built_site):
    for path in pages_of(built_site):
        for asset in Page(path).assets:
            assert not re.match(r"^(https?:)?//", asset), f"{path}: {asset}"
        html = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_code_pages_are_not_in_the_navigation(built_site, catalog):
    html = (built_site / "id" / "index.html").read_text(encoding="utf-8")
    nav = html[html.find('class="md-nav md-nav--primary"'):]
    nav = nav[: nav.find("</nav>")]
    assert "codes/" not in nav


@pytest.mark.parametrize("lang", LANGS)
def test_lookup_index_covers_every_entry(built_site, catalog, lang):
    index = json.loads((built_site / lang / "assets" / "codes.json").read_text(encoding="utf-8"))
    assert [i["c"] for i in index] == [e.code for e in catalog.entries]
    assert all(i["t"] for i in index)


def text_of(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.mark.parametrize("lang", LANGS)
def test_pages_show_the_plain_title_and_the_api_title_labelled(built_site, catalog, lang):
    """The heading, the page title and the category row use the title readers see (Indonesian, or
    the plain English title); the title the API sends is among the technical facts, labelled, with
    the titles seen before beside it."""
    from generator.strings import ui_strings

    ui = ui_strings(lang)
    values = catalog.placeholders
    for e in catalog.entries:
        shown = " ".join(plain(e.heading(lang), values).split())
        html = (built_site / lang / "codes" / e.code / "index.html").read_text(encoding="utf-8")
        h1 = text_of(re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1))
        assert h1.startswith(f"{e.code}: {shown}"), (lang, e.code, h1)
        assert text_of(re.search(r"<title>(.*?)</title>", html, re.S).group(1)).startswith(f"{e.code} — {shown} - "), (lang, e.code)
        facts = dict(re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", html, re.S))
        assert text_of(facts[ui["api_title"]]) == " ".join(plain(e.title.en, values).split()), (lang, e.code)
        assert (ui["titles_seen"] in facts) == bool(e.titles_seen), (lang, e.code)
    rows = {}
    for c in catalog.categories:
        html = (built_site / lang / c.key / "index.html").read_text(encoding="utf-8")
        rows.update(re.findall(r'<tr id="([0-9-]+)">.*?<strong>(.*?)</strong>', html, re.S))
    assert {code: text_of(title) for code, title in rows.items()} == {e.code: " ".join(plain(e.heading(lang), values).split()) for e in catalog.entries}
    if lang == "en":
        assert catalog.by_code()["138001"].plain_title == "Number can't receive WhatsApp calls"
        assert "Receiver Uncallable" not in rows.values() and "<h1>138001: Number can&#39;t receive WhatsApp calls</h1>" in (
            built_site / "en" / "codes" / "138001" / "index.html").read_text(encoding="utf-8")


def test_code_page_shows_facts_and_webhook(built_site, catalog):
    html = (built_site / "en" / "codes" / "130429" / "index.html").read_text(encoding="utf-8")
    assert "Rate limit hit" in html
    assert "&#34;code&#34;: 130429" in html or "&quot;code&quot;: 130429" in html or '"code": 130429' in html
    # The HTTP status is shown where Meta documents one, and left out where it does not.
    assert catalog.by_code()["130429"].http_status is None and "<dt>HTTP status</dt>" not in html
    documented = next(e for e in catalog.entries if e.http_status)
    html = (built_site / "en" / "codes" / documented.code / "index.html").read_text(encoding="utf-8")
    assert f"<dt>HTTP status</dt><dd>{documented.http_status}</dd>" in html


@pytest.mark.parametrize("lang", LANGS)
def test_code_page_shows_the_titles_seen_and_the_source_of_each_fact(built_site, catalog, lang):
    from markupsafe import escape

    from generator.strings import ui_strings

    ui = ui_strings(lang)

    def cited(key):
        source = catalog.sources[key]
        return f'<small class="err-cite">{ui["cited"]} <a href="{source.url}" rel="noopener">{escape(source.title)}</a></small>'

    html = (built_site / lang / "codes" / "132000" / "index.html").read_text(encoding="utf-8")
    assert (f'<dt>{ui["titles_seen"]}</dt><dd class="err-titles-seen"><code lang="en">Template Param Count Mismatch</code></dd>') in html
    facts = {dt: dd for dt, dd in re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", html, re.S)}
    assert facts[ui["acts"]].endswith(cited("meta-error-codes"))
    assert facts[ui["charged"]].endswith(cited("meta-pricing"))
    assert "err-cite" not in facts[ui["retry"]]  # no wait, nothing to cite
    wait = {dt: dd for dt, dd in re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>",
            (built_site / lang / "codes" / "133016" / "index.html").read_text(encoding="utf-8"), re.S)}[ui["retry"]]
    assert ui["units"]["h"] in wait and wait.endswith(cited("meta-registration"))
    # A source without an address is named without a link; an entry without variants shows none.
    provider = next(e for e in catalog.entries if e.cited("acts") == ("oca-en",))
    assert catalog.sources["oca-en"].url is None
    html = (built_site / lang / "codes" / provider.code / "index.html").read_text(encoding="utf-8")
    assert f'<small class="err-cite">{ui["cited"]} {escape(catalog.sources["oca-en"].title)}</small>' in html
    assert ui["titles_seen"] not in (built_site / lang / "codes" / "130429" / "index.html").read_text(encoding="utf-8")


def test_no_placeholder_is_left_unfilled(built_site):
    for path in sorted(built_site.rglob("*.html")) + sorted(built_site.rglob("*.json")):
        text = path.read_text(encoding="utf-8")
        assert "{provider}" not in text and "{helpdesk}" not in text, path


@pytest.mark.parametrize("lang, verified, acts, charged, checks", [
    ("id", "Dicocokkan dengan dokumentasi ACME pada 29 November 2026.", "Tim bisnis Anda",
     "Tidak, pesan yang gagal ini tidak ditagih oleh Meta.", "Cara memastikan penyebabnya"),
    ("en", "Checked against ACME's documentation on 29 November 2026.", "Your business's team",
     "No, Meta doesn't charge for this failed message.", "How to find the real cause"),
])
def test_code_page_says_when_it_was_checked_who_acts_billing_and_what_to_check(mini, tmp_path, lang, verified, acts, charged, checks):
    from generator.load import load
    from generator.site import build_into

    catalog, problems = load(mini)
    assert problems == []
    site = tmp_path / "site"
    build_into(site, catalog)
    html = (site / lang / "codes" / "115001-115005" / "index.html").read_text(encoding="utf-8")
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert verified in text and acts in text and charged in text and checks in text
    steps = re.search(r'<ol class="err-checks">(.*?)</ol>', html, re.S).group(1)
    assert steps.count("<li>") == 2 and "ACME" in steps and "{provider}" not in steps
    # An entry without them shows no empty labels, but still its date.
    other = (site / lang / "codes" / "130429" / "index.html").read_text(encoding="utf-8")
    assert checks not in other and acts not in other and "2026" in re.sub(r"<[^>]+>", " ", other)


def test_category_rows_say_who_must_act(built_site, catalog):
    entry = next(e for e in catalog.entries if e.acts == "developer")
    html = (built_site / "en" / entry.category / "index.html").read_text(encoding="utf-8")
    row = re.search(rf'<tr id="{entry.code}">(.*?)</tr>', html, re.S).group(1)
    assert "Who must act: Your developer or integrator" in row


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_page_is_linked_from_home_decoder_and_about(built_site, lang):
    for page, href in (("index.html", "report/"), ("decode/index.html", "../report/"), ("about/index.html", "../report/")):
        html = (built_site / lang / page).read_text(encoding="utf-8")
        assert f'href="{href}"' in html, page
    assert (built_site / lang / "report" / "index.html").exists()


@pytest.mark.parametrize("lang", LANGS)
def test_what_an_origin_shares_is_said_once_and_shown_on_each_of_its_pages(built_site, catalog, lang):
    """The On-Premises API's retirement lives in catalog/origins.yml, not in every entry: each
    On-Premises page shows it once (as does its JSON record), and no entry text repeats it."""
    note = catalog.origin_notes["meta-onprem"]
    notice = unescape(re.sub(r"<[^>]+>", "", note.notice.get(lang)))
    onprem = [e for e in catalog.entries if e.origin == "meta-onprem"]
    assert len(onprem) > 70
    for e in onprem:
        html = unescape(re.sub(r"<[^>]+>", "", (built_site / lang / "codes" / e.code / "index.html").read_text(encoding="utf-8")))
        assert html.count(notice) == 1, e.code
        record = json.loads((built_site / "api" / "v1" / "codes" / f"{e.code}.json").read_text(encoding="utf-8"))
        assert record["origin_notice"][lang] == note.notice.get(lang)
    current = next(e for e in catalog.entries if e.origin == "meta")
    assert notice not in (built_site / lang / "codes" / current.code / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_a_customer_message_whatsapp_cannot_carry_says_how_to_send_it(built_site, catalog, lang):
    from generator.strings import ui_strings

    label = unescape(ui_strings(lang)["customer_channel_other"])
    other = [e for e in catalog.entries if e.customer_channel == "other"]
    assert len(other) >= 10 and all(e.customer_message for e in other)
    replies = json.loads((built_site / lang / "assets" / "replies.json").read_text(encoding="utf-8"))
    for e in catalog.entries:
        html = unescape((built_site / lang / "codes" / e.code / "index.html").read_text(encoding="utf-8"))
        assert (label in html) == (e.customer_channel == "other"), e.code
        record = json.loads((built_site / "api" / "v1" / "codes" / f"{e.code}.json").read_text(encoding="utf-8"))
        assert record["customer_channel"] == (e.customer_channel if e.customer_message else None)
        assert replies[e.code].get("ch") == ("other" if e.customer_channel == "other" else None)


@pytest.mark.parametrize("lang", LANGS)
def test_billing_says_whose_charge_it_is_and_what_the_provider_says_of_its_quota(built_site, catalog, lang):
    """"Billed by Meta?" is Meta's charge; where the entry cites none of the provider's own pages,
    the page adds that those pages do not say whether the failed message uses the provider's quota."""
    from generator.strings import ui_strings
    from generator.text import fill

    silent = unescape(fill(ui_strings(lang)["provider_quota_unknown"], catalog.placeholders))
    charged = [e for e in catalog.entries if e.charged]
    assert len(charged) > 40
    for e in charged:
        html = unescape((built_site / lang / "codes" / e.code / "index.html").read_text(encoding="utf-8"))
        assert (silent in html) == (not set(e.sources) & set(catalog.provider.pages)), e.code
    assert any(set(e.sources) & set(catalog.provider.pages) for e in charged)  # 130472: the provider's page speaks
