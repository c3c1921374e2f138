"""A site built with its public address (`--site-url`, `make site SITE_URL=...`): sitemaps,
canonical and hreflang links, and not-found pages that know the site root. Links stay relative."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import SUBPATH_SITE_URL as SITE_URL
from generator import verify

ROOT = Path(__file__).resolve().parent.parent
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def addressed_site(site_built_at):
    return site_built_at(SITE_URL)


@pytest.fixture(scope="module")
def served_addressed(site_server, addressed_site):
    return site_server.mount("api/desk", addressed_site)


def canonical(path: Path) -> list[str]:
    return re.findall(r'<link rel="canonical" href="([^"]+)"', path.read_text(encoding="utf-8"))


def sitemap(site: Path, lang: str) -> dict[str, dict[str, str]]:
    """{page URL: {hreflang: URL}} of one language's sitemap."""
    urlset = ElementTree.parse(site / lang / "sitemap.xml").getroot()
    return {
        url.find("s:loc", NS).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        for url in urlset.findall("s:url", NS)
    }


def test_the_root_sitemap_lists_each_languages_sitemap(addressed_site):
    index = ElementTree.parse(addressed_site / "sitemap.xml").getroot()
    locs = [e.text for e in index.findall("s:sitemap/s:loc", NS)]
    assert locs == [SITE_URL + "id/sitemap.xml", SITE_URL + "en/sitemap.xml"]
    assert all((addressed_site / loc[len(SITE_URL):]).exists() for loc in locs)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_sitemap_lists_every_page_of_its_language_but_not_found(addressed_site, catalog, lang):
    locs = set(sitemap(addressed_site, lang))
    base = f"{SITE_URL}{lang}/"
    assert all(loc.startswith(base) for loc in locs)
    assert {base + f"codes/{e.code}/" for e in catalog.entries} <= locs
    assert {base + f"{c.key}/" for c in catalog.categories} <= locs
    assert {base, base + "decode/", base + "about/"} <= locs
    assert base + "404/" not in locs
    assert all((addressed_site / loc[len(SITE_URL):] / "index.html").exists() for loc in locs)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_sitemaps_name_each_pages_translations(addressed_site, lang):
    pages = sitemap(addressed_site, lang)
    assert pages[f"{SITE_URL}{lang}/codes/131049/"] == {
        "id": SITE_URL + "id/codes/131049/",
        "en": SITE_URL + "en/codes/131049/",
        "x-default": SITE_URL + "codes/131049/",  # the ticket link, which picks the reader's language
    }
    assert pages[f"{SITE_URL}{lang}/rate-limit/"]["x-default"] == SITE_URL + "id/rate-limit/"
    # Every translation named exists, and is itself in its language's sitemap (each read once).
    listed = {other: sitemap(addressed_site, other) for other in ("id", "en")}
    for alternates in pages.values():
        for hreflang, href in alternates.items():
            assert (addressed_site / href[len(SITE_URL):] / "index.html").exists(), href
            if hreflang != "x-default":
                assert href in listed[hreflang]


def test_every_page_names_its_canonical_address_but_not_found_pages(addressed_site):
    assert canonical(addressed_site / "en" / "codes" / "131049" / "index.html") == [SITE_URL + "en/codes/131049/"]
    assert canonical(addressed_site / "id" / "rate-limit" / "index.html") == [SITE_URL + "id/rate-limit/"]
    assert canonical(addressed_site / "en" / "404.html") == []
    # The theme fetches a sitemap from every <link rel=alternate>: there are none, so it fetches nothing.
    assert 'rel="alternate"' not in (addressed_site / "id" / "codes" / "131049" / "index.html").read_text(encoding="utf-8")


def test_links_stay_relative_and_every_address_is_checked(addressed_site):
    assert verify.broken_links(addressed_site, SITE_URL) == []
    # The same site checked against another address: every canonical link is flagged.
    flagged = verify.broken_links(addressed_site, "https://elsewhere.example/")
    assert flagged and all("outside the site's address" in problem for problem in flagged)
    assert any(p.startswith("id/codes/131049/index.html: <link> to " + SITE_URL) for p in flagged)


def test_without_an_address_there_are_no_absolute_links_and_no_root_sitemap(built_site):
    html = (built_site / "id" / "codes" / "131049" / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in html and 'rel="alternate"' not in html
    assert not (built_site / "sitemap.xml").exists()


@pytest.mark.parametrize("value", ["help.example.com/errors/", "ftp://help.example.com/", "https://help.example.com/?x=1"])
def test_an_address_that_is_not_a_web_address_is_refused(value, tmp_path):
    run = subprocess.run([sys.executable, "-m", "generator", "build", "--dest", str(tmp_path / "www"), "--site-url", value],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2
    assert "is not the address of the site; write the full URL of its root" in run.stderr
    assert not (tmp_path / "www").exists()


@pytest.mark.parametrize("missing,lang", [("id/codes/1310499/", "id"), ("en/nothing/", "en")])
def test_not_found_pages_know_the_root_from_the_address(new_page, served_addressed, missing, lang):
    served = served_addressed
    page = new_page(locale="id-ID")
    failed = []
    page.on("response", lambda r: r.status >= 400 and not r.url.startswith(served + missing) and failed.append(r.url))
    assert page.goto(served + missing).status == 404
    page.wait_for_load_state("networkidle")
    assert failed == []  # styles, scripts, icon and indexes all found from the not-found address
    assert page.get_attribute("html", "lang") == lang
    assert page.evaluate("document.baseURI") == served + f"{lang}/404/"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    page.locator("a", has_text={"id": "Kembali ke beranda", "en": "Back to the home page"}[lang]).click()
    page.wait_for_url(served + f"{lang}/")
