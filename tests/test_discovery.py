"""What helps a reader find things: the Data and API page, the catalog's date in every footer,
the site's own logo and favicon, and the decoder's hint for a pasted list of codes or CSV.

The built site is read as files (links resolved the way verify.py does) and in Chromium
under a sub-path; expected texts come from generator/i18n and the catalog itself.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from generator.load import load
from generator.render import long_date
from generator.strings import ui_strings
from sitepages import parsed as Page, resolve

LANGS = ("id", "en")
UI = {lang: ui_strings(lang) for lang in LANGS}
IMAGES = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "images"
EXPORTS = ("api/v1/codes.json", "api/v1/codes.csv", "api/v1/codes.schema.json", "api/v1/catalog.schema.json")


def links(path: Path) -> list[str]:
    return [href for href, _ in Page(path).links]


def targets(path: Path) -> set[Path]:
    """Every file the page's links lead to."""
    return {resolve(path, href)[0].resolve() for href in links(path)}


# ---- The Data and API page ----------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_data_page_exists_and_home_and_about_link_to_it(built_site, lang):
    data = (built_site / lang / "data" / "index.html").resolve()
    assert data.is_file()
    assert f"<h1>{UI[lang]['data_title']}</h1>" in data.read_text(encoding="utf-8")
    for page in ("index.html", "about/index.html"):
        assert data in targets(built_site / lang / page), f"{lang}/{page} does not link to the data page"


@pytest.mark.parametrize("lang", LANGS)
def test_every_export_link_on_the_data_page_resolves(built_site, lang):
    page = built_site / lang / "data" / "index.html"
    hrefs = [h for h in links(page) if "api/v1/" in h or "codes/" in h]
    assert hrefs
    for href in hrefs:
        assert not href.startswith(("/", "http:", "https:")), f"{href} is not relative"
        target = resolve(page, href)[0]
        assert target.is_file(), f"{href} on {lang}/data/ leads nowhere"
    site = built_site.resolve()
    reached = {str(t.relative_to(site)) for t in targets(page) if site in t.parents}
    for export in EXPORTS:
        assert export in reached, f"{lang}/data/ has no link to {export}"
    assert any(re.fullmatch(r"api/v1/codes/[0-9-]+\.json", r) for r in reached), "no link to one code's record"
    assert any(re.fullmatch(r"codes/[0-9-]+/index\.html", r) for r in reached), "no ticket link /codes/{code}/"


@pytest.mark.parametrize("lang", LANGS)
def test_the_example_record_is_the_published_record(built_site, lang):
    text = (built_site / lang / "data" / "index.html").read_text(encoding="utf-8")
    shown = json.loads(html.unescape(re.search(r"<code[^>]*data-err-example[^>]*>(.*?)</code>", text, re.S).group(1)))
    published = json.loads((built_site / "api" / "v1" / "codes" / f"{shown['code']}.json").read_text(encoding="utf-8"))
    assert shown == published
    assert shown["schema_version"] == 3


# ---- The catalog's date in the footer -------------------------------------------


def footer(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index('<div class="md-copyright">'):text.index("</footer>")]


def date_line(label: str, iso: str, lang: str) -> str:
    return f"{label} <time datetime=\"{iso}\">{long_date(iso, UI[lang]['months'])}</time>"


@pytest.mark.parametrize("lang", LANGS)
def test_every_footer_gives_the_catalogs_date(built_site, catalog, lang):
    newest = max(e.verified for e in catalog.entries)
    expected = date_line(UI[lang]["footer_updated"], newest, lang)
    category = catalog.categories[0].key
    code = next(e for e in catalog.entries if e.verified == newest).code
    for page in ("index.html", f"{category}/index.html", f"codes/{code}/index.html", "about/index.html",
                 "data/index.html", "404.html"):
        shown = footer(built_site / lang / page)
        assert expected in shown, f"{lang}/{page}: no catalog date in the footer"
        # A code checked on the catalog's date says it once.
        assert UI[lang]["footer_checked"] not in shown


def test_a_code_checked_earlier_gives_its_own_date_too(mini, tmp_path):
    """In a catalog where one entry was checked before the others, its page's footer gives both dates;
    every other page gives the catalog's date alone."""
    from generator.site import build_into

    rate = mini / "codes" / "rate-limit.yml"
    text = rate.read_text(encoding="utf-8")
    rate.write_text(text.replace('verified: "2026-11-29"', 'verified: "2026-10-15"', 1), encoding="utf-8")
    small, problems = load(mini)
    assert problems == []
    older = [e for e in small.entries if e.verified == "2026-10-15"]
    assert len(older) == 1
    site = tmp_path / "site"
    build_into(site, small)
    for lang in LANGS:
        catalog_line = date_line(UI[lang]["footer_updated"], "2026-11-29", lang)
        checked_line = date_line(UI[lang]["footer_checked"], "2026-10-15", lang)
        for e in small.entries:
            shown = footer(site / lang / "codes" / e.code / "index.html")
            assert catalog_line in shown
            assert (checked_line in shown) == (e is older[0]), f"{lang}/codes/{e.code}/"
        assert checked_line not in footer(site / lang / "index.html")
        # Without 131049 the data page's example is another real record.
        page = (site / lang / "data" / "index.html").read_text(encoding="utf-8")
        shown = json.loads(html.unescape(re.search(r"<code[^>]*data-err-example[^>]*>(.*?)</code>", page, re.S).group(1)))
        assert shown == json.loads((site / "api" / "v1" / "codes" / f"{shown['code']}.json").read_text(encoding="utf-8"))


# ---- Logo and favicon ----------------------------------------------------------------


def loaded_images(pg) -> dict:
    """The favicon link's URL and the header logo's URL and whether it loaded, as the browser resolved them."""
    return pg.evaluate("""() => {
        const icon = document.querySelector('link[rel="icon"]');
        const logo = document.querySelector('.md-header .md-logo img');
        return {icon: icon && icon.href, logo: logo && logo.currentSrc,
                logoLoaded: !!logo && logo.complete && logo.naturalWidth > 0};
    }""")


@pytest.mark.parametrize("address", ["en/data/", "id/codes/131049/", "en/no/such/page/", "codes/9999999/"])
def test_logo_and_favicon_are_the_sites_own_and_load_from_its_origin(new_page, served_site, address):
    pg = new_page(locale="id-ID")
    pg.goto(served_site + address)
    pg.wait_for_load_state("load")
    found = loaded_images(pg)
    lang = pg.evaluate("document.documentElement.lang")  # the not-found page may switch language
    assert found["icon"] == served_site + f"{lang}/assets/images/favicon.svg"
    assert found["logo"] == served_site + f"{lang}/assets/images/logo.svg"
    assert found["logoLoaded"], f"the logo did not load on {address}"
    for name in ("favicon.svg", "logo.svg"):
        response = pg.request.get(served_site + f"{lang}/assets/images/{name}")
        assert response.ok
        assert response.body() == (IMAGES / name).read_bytes()


# ---- The decoder and a pasted list of codes or CSV ------------------------------------------

MESSAGE = "[data-err-decode-message]"


def decode(pg, base, lang, text):
    pg.goto(base + f"{lang}/decode/")
    pg.fill("#err-decode-input", text)
    pg.click("form[data-err-decode] button[type=submit]")
    pg.locator(MESSAGE + ":not(:empty)").wait_for()
    return pg.inner_text(MESSAGE)


def row_codes(pg) -> list[str]:
    return pg.eval_on_selector_all("table[data-err-decode-results] tbody tr th",
                                   "ths => ths.map(th => (th.querySelector('a') || th).textContent.trim())")


def report_link(pg) -> str | None:
    link = pg.query_selector(MESSAGE + " a[data-err-decode-report]")
    return link and link.evaluate("a => a.href")


PASTES = {
    "a list of codes": ("131049\n131026\n\n#130429\n", ["131049", "131026", "130429"]),
    "a CSV with a code column": ("phone,error_code,status\r\n6281234567890,131049,failed\r\n"
                                 "6281234567891,\"131026\",failed\r\n6281234567892,9999999,failed\r\n",
                                 ["131049", "131026", "9999999"]),
    "spreadsheet cells, no header": ("6281234567890\t131049\t2\n6281234567891\t131026\t1\n",
                                     ["131049", "131026"]),
    "codes on one line": ("131049; 131026; 9999999", ["131049", "131026", "9999999"]),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("what", PASTES)
def test_a_pasted_list_or_csv_gives_a_row_per_code_and_points_to_the_report_page(new_page, served_site, lang, what):
    text, codes = PASTES[what]
    pg = new_page()
    shown = decode(pg, served_site, lang, text)
    hint = UI[lang]["decode_list"]
    assert shown.startswith(hint["found"].replace("{count}", str(len(codes)))), shown
    assert hint["report"] in shown
    assert report_link(pg) == served_site + f"{lang}/report/"
    assert row_codes(pg) == codes


@pytest.mark.parametrize("lang", LANGS)
def test_a_table_without_known_codes_says_so_and_text_stays_a_json_fault(new_page, served_site, lang):
    pg = new_page()
    shown = decode(pg, served_site, lang, "name,phone\nAni,6281234567890\n")
    assert shown.startswith(UI[lang]["decode_list"]["none"])
    assert report_link(pg) == served_site + f"{lang}/report/"
    assert row_codes(pg) == []
    # Broken JSON, or words, still get the JSON message, without the hint.
    for text in ('{"error": {"code": 131049,\n"title": "x"', "hello world"):
        pg.fill("#err-decode-input", text)
        pg.eval_on_selector(MESSAGE, "m => { m.textContent = ''; }")
        pg.click("form[data-err-decode] button[type=submit]")
        pg.locator(MESSAGE + ":not(:empty)").wait_for()
        assert report_link(pg) is None
        assert row_codes(pg) == []


# ---- Accessibility of the new parts ------------------------------------------------------------

from test_accessibility import SCHEMES, axe_script, problems  # noqa: E402,F401  (axe_script: a fixture)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_the_data_page_and_the_list_hint_are_accessible(axe_script, new_page, served_site, lang, scheme):
    pg = new_page(color_scheme=scheme)
    pg.goto(served_site + f"{lang}/data/")
    found = [f"data ({scheme}): {p}" for p in problems(pg, axe_script)]
    decode(pg, served_site, lang, PASTES["a CSV with a code column"][0])
    found += [f"decoder with a list ({scheme}): {p}" for p in problems(pg, axe_script)]
    assert not found, "\n".join(found)
