"""Phone-first pages, in a real browser at 360 px and 1280 px: nothing wider than the screen or
cut off, a code page that says what to do before its (collapsed) technical details and prints
them open, the resend filter of category tables (kept in the address), a header link home, and
the "report a wrong entry" and "need help?" links built from catalog/provider.yml.

The site is served under /whatsapp-errors/ like a helpdesk would publish it.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from generator.load import load

WIDTHS = [360, 1280]
GROUPS = {"later": {"later", "backoff"}, "after-fix": {"after-fix"}, "no": {"no"}}
LABELS = {"id": {"all": "Semua", "later": "Bisa dikirim ulang", "after-fix": "Setelah diperbaiki", "no": "Jangan dikirim ulang"},
          "en": {"all": "All", "later": "Can resend", "after-fix": "After a fix", "no": "Never"}}

# Elements that reach past the viewport's right edge (or its left) without a scroll container
# between them and the page that can scroll them into view. Elements inside closed details
# have no box and are skipped; tests open the details first where their contents matter.
OUTSIDE = """() => {
    const scrollsSideways = el => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            const style = getComputedStyle(p);
            if (/(auto|scroll)/.test(style.overflowX) && p.scrollWidth > p.clientWidth) return true;
        }
        return false;
    };
    const bad = [];
    for (const el of document.querySelectorAll('body *')) {
        if (!el.getClientRects().length || el.closest('.md-search, .md-select, .md-sidebar, .md-dialog')) continue;
        const box = el.getBoundingClientRect();
        if ((box.right > innerWidth + 0.5 || box.left < -0.5) && !scrollsSideways(el))
            bad.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
    return {scrollWidth: document.documentElement.scrollWidth, innerWidth, bad: bad.slice(0, 10)};
}"""


def _with_notes_and_status(catalog):
    return next(e for e in catalog.entries if e.notes and e.http_status)


def _fits(page) -> None:
    found = page.evaluate(OUTSIDE)
    assert found["scrollWidth"] <= found["innerWidth"], found
    assert found["bad"] == [], found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_category_pages_fit_the_screen(new_page, served_site, catalog, lang, width):
    page = new_page(viewport={"width": width, "height": 800})
    for c in catalog.categories:
        page.goto(served_site + f"{lang}/{c.key}/")
        _fits(page)
        # Every cell shows: its box lies inside the screen (the last column is not cut off).
        cells = page.evaluate("""() => [...document.querySelectorAll('.err-table th, .err-table td')]
            .filter(td => td.getClientRects().length)
            .map(td => td.getBoundingClientRect()).filter(b => b.left < -0.5 || b.right > innerWidth + 0.5).length""")
        assert cells == 0, c.key


@pytest.mark.parametrize("width", WIDTHS)
def test_code_pages_fit_the_screen_with_technical_details_open(new_page, served_site, catalog, width):
    page = new_page(viewport={"width": width, "height": 800})
    codes = ["131049", "115001-115005", _with_notes_and_status(catalog).code, max(catalog.entries, key=lambda e: len(e.notes.en if e.notes else "")).code]
    for lang in ("id", "en"):
        for code in codes:
            page.goto(served_site + f"{lang}/codes/{code}/")
            _fits(page)
            page.locator("#technical > summary").click()
            assert page.locator("#webhook").is_visible()
            _fits(page)


def test_a_phone_reads_what_to_do_before_the_technical_details(new_page, served_site, catalog):
    entry = _with_notes_and_status(catalog)
    page = new_page(viewport={"width": 360, "height": 740})
    page.goto(served_site + f"en/codes/{entry.code}/")
    details = page.locator("details#technical")
    assert details.evaluate("d => d.open") is False
    for hidden in ("#notes", "#webhook", "#sources", "pre.err-webhook", "dt:text-is('HTTP status')"):
        assert page.locator(hidden).is_hidden(), hidden
    top = lambda selector: page.locator(selector).evaluate("e => e.getBoundingClientRect().top")
    assert top("h1") < top("#description") < top("#action") < top("#technical")
    assert page.locator("#technical > summary").inner_text().strip() == "Technical details"
    assert page.get_by_role("heading", name="Technical details", level=2).is_visible()
    # The summary opens it with the keyboard too.
    page.locator("#technical > summary").focus()
    page.keyboard.press("Enter")
    assert details.evaluate("d => d.open") is True
    assert page.locator("#notes").is_visible() and page.locator("dt:text-is('HTTP status')").is_visible()


@pytest.mark.parametrize("fragment", ["notes", "webhook", "sources"])
def test_a_link_into_the_technical_details_opens_them(new_page, served_site, catalog, fragment):
    entry = _with_notes_and_status(catalog)
    page = new_page(viewport={"width": 360, "height": 740})
    page.goto(served_site + f"id/codes/{entry.code}/#{fragment}")
    assert page.locator("details#technical").evaluate("d => d.open") is True
    page.wait_for_function("id => { const b = document.getElementById(id).getBoundingClientRect(); return b.top >= 0 && b.top < innerHeight; }",
                           arg=fragment, timeout=3000)
    # A later link on the same page, after the reader closed them, opens them again.
    page.locator("#technical > summary").click()
    assert page.locator("details#technical").evaluate("d => d.open") is False
    other = "sources" if fragment != "sources" else "notes"
    page.evaluate(f"location.hash = '#{other}'")
    page.wait_for_function("document.getElementById('technical').open")


def test_printing_shows_the_technical_details_and_no_buttons(new_page, served_site, catalog):
    entry = _with_notes_and_status(catalog)
    page = new_page(viewport={"width": 360, "height": 740})
    page.goto(served_site + f"en/codes/{entry.code}/")
    assert page.locator("[data-err-copy] button").first.is_visible()
    page.emulate_media(media="print")
    for shown in ("#notes", "#webhook", "pre.err-webhook", "#sources", "dt:text-is('HTTP status')"):
        assert page.locator(shown).is_visible(), shown
    assert page.locator("[data-err-copy] button").first.is_hidden()
    page.emulate_media(media="screen")
    assert page.locator("#webhook").is_hidden()
    # The browser's own print dialog opens them (Material's handler), and closes them after.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_function("document.getElementById('technical').open")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.wait_for_function("!document.getElementById('technical').open")


def _rows(page):
    """(code, retry) of each row the reader sees."""
    return page.evaluate("""() => [...document.querySelectorAll('.err-table tbody tr')]
        .filter(r => r.getClientRects().length).map(r => [r.id, r.querySelector('th').dataset.retry])""")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_resend_filter_shows_matching_rows_and_survives_a_reload(new_page, served_site, catalog, lang, width):
    category = "recipient"
    entries = catalog.in_category(category)
    page = new_page(viewport={"width": width, "height": 800})
    page.goto(served_site + f"{lang}/{category}/")
    count = page.locator("[data-err-filter-count]")
    assert len(_rows(page)) == len(entries)
    assert count.inner_text() == (f"{len(entries)} kode ditampilkan" if lang == "id" else f"{len(entries)} codes shown")
    assert page.get_by_role("radio", name=LABELS[lang]["all"]).is_checked()
    for value, retries in GROUPS.items():
        expected = [e.code for e in entries if e.retry in retries]
        assert expected, f"{category} has no code to show for {value}"
        page.get_by_role("radio", name=LABELS[lang][value]).check()
        assert [code for code, _ in _rows(page)] == expected
        assert str(len(expected)) in count.inner_text()
        assert parse_qs(urlsplit(page.url).query) == {"resend": [value]}
        page.reload()
        assert [code for code, _ in _rows(page)] == expected, f"after a reload, {value}"
        assert page.get_by_role("radio", name=LABELS[lang][value]).is_checked()
        assert str(len(expected)) in count.inner_text()
        _fits(page)
    # The count is a live region; back to all removes the parameter.
    assert count.get_attribute("role") == "status"
    page.get_by_role("radio", name=LABELS[lang]["all"]).check()
    assert len(_rows(page)) == len(entries) and urlsplit(page.url).query == ""


def test_a_row_anchor_still_lands_while_the_filter_would_hide_it(new_page, served_site, catalog):
    entries = catalog.in_category("recipient")
    never = next(e for e in entries if e.retry == "no")
    page = new_page(viewport={"width": 360, "height": 740})
    # /id/rate-limit/#130429 as tickets link it: the row is there, targeted and on screen.
    page.goto(served_site + "id/rate-limit/#130429")
    row = page.locator("tr[id='130429']")
    assert row.is_visible() and row.evaluate("r => r.matches(':target')")
    assert row.evaluate("r => r.getBoundingClientRect().top < innerHeight")
    # With a filter that would hide the named row, the row wins: everything is shown.
    page.goto(served_site + f"id/recipient/?resend=later#{never.code}")
    assert page.locator(f"tr[id='{never.code}']").is_visible()
    assert len(_rows(page)) == len(entries)
    # A link to a hidden row followed on the page does the same.
    page.goto(served_site + "id/recipient/")
    page.get_by_role("radio", name=LABELS["id"]["later"]).check()
    assert page.locator(f"tr[id='{never.code}']").is_hidden()
    page.evaluate(f"location.hash = '#{never.code}'")
    page.locator(f"tr[id='{never.code}']").wait_for(state="visible")


def test_without_javascript_the_filter_is_hidden_and_the_table_whole(new_page, served_site, catalog):
    page = new_page(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page.goto(served_site + "en/recipient/?resend=no")
    assert page.locator("[data-err-filter]").is_hidden()
    assert len(_rows(page)) == len(catalog.in_category("recipient"))
    # Technical details stay collapsed and open with a click (no script needed).
    page.goto(served_site + "en/codes/131049/")
    page.locator("#technical > summary").click()
    assert page.locator("#webhook").is_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_header_links_home(new_page, served_site, width):
    page = new_page(viewport={"width": width, "height": 740})
    page.goto(served_site + "en/codes/131049/")
    home = page.locator("a.md-header__button.md-logo")
    assert home.is_visible()
    box = home.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    home.click()
    page.wait_for_url(served_site + "en/")


def _report_query(href: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}


REPORT_URL = "https://help.example.com/report?code={code}&page={url}"
HELP_URL = "https://help.example.com/chat?topic={code}&page={url}"


def with_destinations(root: Path) -> Path:
    """The mini catalog at root, its provider.yml naming where "Report a wrong entry" and "Need help?" lead."""
    provider = root / "provider.yml"
    provider.write_text(provider.read_text(encoding="utf-8") + f"  report_url: {REPORT_URL}\n  help_url: {HELP_URL}\n",
                        encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def desk_site(tmp_path_factory, site_server):
    """The mini catalog, with both destinations, built and served under /mini-desk/."""
    import shutil

    from generator.site import build_into

    root = with_destinations(shutil.copytree(Path(__file__).parent / "fixtures" / "mini", tmp_path_factory.mktemp("desk") / "catalog"))
    catalog, problems = load(root)
    assert problems == []
    site = tmp_path_factory.mktemp("desk-site") / "site"
    build_into(site, catalog)
    return site_server.mount("mini-desk", site), catalog


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_report_and_help_links_carry_the_code_and_the_ticket_link(new_page, desk_site, lang):
    base, catalog = desk_site
    page = new_page()
    page.goto(base + f"{lang}/codes/115001-115005/?ticket=1#action")
    link = page.get_by_role("link", name="Laporkan entri yang salah" if lang == "id" else "Report a wrong entry")
    href = link.get_attribute("href")
    assert href.startswith("https://help.example.com/report?")
    assert _report_query(href) == {"code": "115001-115005", "page": base + "codes/115001-115005/"}
    help_link = page.get_by_role("link", name="Hubungi ACME Helpdesk" if lang == "id" else "Contact ACME Helpdesk")
    assert _report_query(help_link.get_attribute("href")) == {"topic": "115001-115005", "page": base + "codes/115001-115005/"}
    # A problem page fills in its slug and its own ticket link.
    page.goto(base + f"{lang}/problems/stuck-at-sent/")
    help_link = page.get_by_role("link", name="Hubungi ACME Helpdesk" if lang == "id" else "Contact ACME Helpdesk")
    assert _report_query(help_link.get_attribute("href")) == {"topic": "stuck-at-sent", "page": base + "problems/stuck-at-sent/"}


def test_the_report_link_works_without_javascript_and_uses_the_sites_address(desk_site, new_page):
    base, _ = desk_site
    page = new_page(java_script_enabled=False)
    page.goto(base + "en/codes/130429/")
    href = page.get_by_role("link", name="Report a wrong entry").get_attribute("href")
    assert _report_query(href) == {"code": "130429", "page": "codes/130429/"}
    # A site built with its address names it in the canonical link; the ticket link follows it.
    page = new_page()
    address = "https://help.example.com/wa/"

    def with_canonical(route):
        body = route.fetch().text().replace("</head>", f'<link rel="canonical" href="{address}en/codes/130429/"></head>', 1)
        route.fulfill(body=body, content_type="text/html; charset=utf-8")

    page.route(base + "en/codes/130429/", with_canonical)
    page.goto(base + "en/codes/130429/")
    href = page.get_by_role("link", name="Report a wrong entry").get_attribute("href")
    assert _report_query(href) == {"code": "130429", "page": address + "codes/130429/"}


def test_the_report_link_is_filled_at_build_time_when_the_address_is_known(desk_site):
    from generator import render

    _, catalog = desk_site
    page = render.pages(catalog, "en", site_url="https://help.example.com/wa/")["codes/130429/index.md"]
    expected = REPORT_URL.replace("{code}", "130429").replace("{url}", quote("https://help.example.com/wa/codes/130429/", safe=""))
    assert f'href="{expected.replace("&", "&amp;")}"' in page


def test_without_destinations_pages_offer_the_helpdesk_and_no_report_link(new_page, served_site, catalog):
    """The real catalog names no contact address of the provider (none is in its sources)."""
    assert catalog.provider.report_url is None and catalog.provider.help_url is None
    page = new_page()
    page.goto(served_site + "id/codes/131049/")
    assert page.locator("a[data-err-report]").count() == 0
    assert page.locator(".err-contact a").get_attribute("href") == catalog.provider.helpdesk_url


def test_fill_url_encodes_each_value_whole():
    from generator.render import fill_url

    assert fill_url("https://h.example/r?c={code}&u={url}&again={code}", "1-2", "https://x.example/a b/?q=1&r={url}#f") == (
        "https://h.example/r?c=1-2&u=https%3A%2F%2Fx.example%2Fa%20b%2F%3Fq%3D1%26r%3D%7Burl%7D%23f&again=1-2")
    assert fill_url("mailto:help@example.com?subject=Code%20{code}", "131049", "") == "mailto:help@example.com?subject=Code%20131049"


@pytest.mark.parametrize("value, message", [
    ("http://help.example.com/?c={code}", "`report_url` must start with https:// or mailto:"),
    ("javascript:alert({code})", "`report_url` must start with https:// or mailto:"),
    ("https://help.example.com/?c={code}&t={title}", "`report_url` has unknown placeholder `{title}`"),
    ("https://help.example.com/?c={code", "`report_url` has a `{` or `}` outside a placeholder"),
    ("https://{code}.example.com/", "`report_url` needs a fixed host after https://"),
    ("mailto:{code}@example.com", "`report_url` needs a fixed mail address after mailto:"),
    ('"https://help.example.com/a b"', "`report_url` has a space"),
    ("[1, 2]", "`report_url` must be a URL"),
])
def test_a_bad_report_url_is_refused_with_its_line(mini, value, message):  # help_url has the same rules
    provider = mini / "provider.yml"
    provider.write_text(provider.read_text(encoding="utf-8") + f"  report_url: {value}\n", encoding="utf-8")
    line = len(provider.read_text(encoding="utf-8").splitlines())
    catalog, problems = load(mini)
    assert catalog is None
    assert [str(p).split(": -: ")[0] for p in problems] == [f"catalog/provider.yml:{line}"]
    assert message in str(problems[0])


@pytest.mark.parametrize("key", ["report_url", "help_url"])
@pytest.mark.parametrize("value", ["https://docs.example.com/", "https://DOCS.example.com/?code={code}&page={url}", "https://docs.example.com#{code}"])
def test_the_documentation_home_page_is_refused_as_a_destination(mini, key, value):
    (mini / "sources.yml").write_text((mini / "sources.yml").read_text(encoding="utf-8")
                                      + "  acme-docs:\n    title: ACME docs\n    url: https://docs.example.com/guide/errors\n", encoding="utf-8")
    provider = mini / "provider.yml"
    provider.write_text("name: ACME\npages: [acme-docs]\nhelpdesk:\n  name: ACME Helpdesk\n  url: https://docs.example.com/\n"
                        f"  {key}: \"{value}\"\n", encoding="utf-8")
    _, problems = load(mini)
    assert [str(p) for p in problems] == [
        f"catalog/provider.yml:6: -: `{key}` leads to the home page of the provider's documentation (https://{value[8:].split('/')[0].split('#')[0]}/), "
        "where nobody reads the code or the page; point it at a contact form, a mailto: address or a chat link "
        "(such as https://wa.me/<number>?text=...), with {code} and {url} where they fit"]
    # A page of the documentation that someone answers, or another host, is a destination.
    provider.write_text(provider.read_text(encoding="utf-8").replace(value, "https://docs.example.com/contact?code={code}"), encoding="utf-8")
    assert load(mini)[1] == []


def test_a_good_report_url_is_accepted(mini):
    provider = mini / "provider.yml"
    provider.write_text(provider.read_text(encoding="utf-8") + "  report_url: mailto:help@example.com?subject=Error%20{code}&body={url}\n", encoding="utf-8")
    catalog, problems = load(mini)
    assert problems == [] and catalog.provider.report_url.startswith("mailto:help@example.com")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_layouts_are_accessible(new_page, served_site, scheme):
    """axe finds nothing serious on a phone: cards, the filter (with a choice made) and open details."""
    from test_accessibility import AXE, problems

    if not AXE.exists():
        pytest.skip("node_modules/axe-core is missing: run `npm ci` at the repository root")
    page = new_page(viewport={"width": 360, "height": 740}, color_scheme=scheme)
    found = []
    for lang in ("id", "en"):
        page.goto(served_site + f"{lang}/recipient/?resend=later")
        found += [f"{lang}/recipient/: {p}" for p in problems(page, AXE)]
        page.goto(served_site + f"{lang}/codes/131049/#webhook")
        found += [f"{lang}/codes/131049/: {p}" for p in problems(page, AXE)]
    assert not found, "\n".join(found)
