"""Hostile catalog text stays text: on every page, in the search index, the decoder and every export.

A catalog whose texts carry script tags, event handlers, attribute break-outs,
`javascript:` URLs, Markdown, HTML entities and Jinja syntax (inside backticks
where the text rules would otherwise refuse them) is built like the real one.
No page may contain that text as markup, and in a real browser no script runs.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.load import load
from generator.site import build_into
from generator.text import plain

FIXTURES = Path(__file__).parent / "fixtures"
PAYLOADS = [
    "`<script>window.__pwned=1</script>`",
    '`<img src=x onerror="window.__pwned=2">`',
    '`"></title><svg onload=window.__pwned=3>`',
    "`javascript:window.__pwned=4`",
    "`</textarea></script><script>window.__pwned=5</script>`",
    "{{ 7*7 }} {% if true %}jinja{% endif %} {# hidden? #}",
    "**bold** _em_ # not a heading &amp; &lt;b&gt;",
]
EVERYTHING = " ".join(PAYLOADS)
SHORT = "Rate " + PAYLOADS[0] + " " + PAYLOADS[2] + " {{ 7*7 }}"
NAME_ID = "Batas \"' onload=window.__pwned=7 &lt;b&gt; {{ 7*7 }}"
NAME_EN = "Rate <svg onload=window.__pwned=3 **bold** &amp;"
# A plain title is plain text like a name: what the rules let through is still hostile if not escaped.
PLAIN_TITLE = "Rate <svg onload=window.__pwned=8 **bold** &amp; {{ 7*7 }}"


def _yaml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid YAML double-quoted scalar


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(catalog, built site) with hostile text in every field of 130429 and in a category."""
    root = tmp_path_factory.mktemp("hostile") / "catalog"
    shutil.copytree(FIXTURES / "mini", root)
    rate = root / "codes" / "rate-limit.yml"
    content = rate.read_text(encoding="utf-8")
    for old, new in [
        ("      en: Rate limit hit", f"      en: {_yaml(SHORT)}"),
        ("      id: Batas throughput tercapai", f"      id: {_yaml(SHORT)}"),
        ("    plain_title: Throughput limit reached", f"    plain_title: {_yaml(PLAIN_TITLE)}"),
        ("      id: Terlalu banyak pesan dikirim terlalu cepat.", f"      id: {_yaml(EVERYTHING)}"),
        ("      en: Too many messages were sent too fast.", f"      en: {_yaml(EVERYTHING)}"),
        ("      en: Resend gradually or contact {helpdesk}.", f"      en: {_yaml(EVERYTHING)}"),
        ("      id: Pesan Anda akan kami kirim ulang sebentar lagi.", f"      id: {_yaml(EVERYTHING)}"),
        ("    retry: backoff\n", f"    retry: backoff\n    notes:\n      id: {_yaml(EVERYTHING)}\n      en: {_yaml(EVERYTHING)}\n"),
    ]:
        assert old in content, old
        content = content.replace(old, new, 1)
    rate.write_text(content, encoding="utf-8")
    categories = root.parent / "catalog" / "categories.yml"
    categories.write_text(categories.read_text(encoding="utf-8").replace(
        # A name is plain text (no marks or tags); what the rules let through is still hostile if not escaped.
        "name: {id: Batas kecepatan, en: Rate limits}", f"name: {{id: {_yaml(NAME_ID)}, en: {_yaml(NAME_EN)}}}").replace(
        "intro: {id: Terlalu banyak pesan., en: Too many messages.}", f"intro: {{id: {_yaml(EVERYTHING)}, en: {_yaml(EVERYTHING)}}}"),
        encoding="utf-8")
    catalog, problems = load(root)
    assert problems == []
    site = root.parent / "site"
    build_into(site, catalog)
    return catalog, site


class Markup(HTMLParser):
    """What a browser would treat as code: script bodies and event-handler / URL attributes; and the text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts, self.handlers, self.urls, self.text, self.tags = [], [], [], [], []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action", "formaction") and value:
                self.urls.append(value)

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def test_no_page_turns_catalog_text_into_markup(hostile):
    _, site = hostile
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        found = Markup(path.read_text(encoding="utf-8"))
        assert not any("__pwned" in s for s in found.scripts), path
        assert not any("__pwned" in h for h in found.handlers), path
        assert not any(u.lower().startswith("javascript:") for u in found.urls), path
        assert "x" not in found.urls, path  # the <img src=x> of a payload


@pytest.mark.parametrize("lang", ["id", "en"])
def test_code_page_shows_the_text_literally(hostile, lang):
    catalog, site = hostile
    text = " ".join(" ".join(Markup((site / lang / "codes" / "130429" / "index.html").read_text(encoding="utf-8")).text).split())
    values = catalog.placeholders
    for payload in PAYLOADS:
        assert plain(payload, values) in text, payload
    title = Markup((site / lang / "codes" / "130429" / "index.html").read_text(encoding="utf-8"))
    assert "<title>" not in "".join(title.scripts)


def test_search_index_and_exports_keep_the_text_as_data(hostile):
    catalog, site = hostile
    docs = json.loads((site / "id" / "assets" / "search-index.json").read_text(encoding="utf-8"))["docs"]
    doc = next(d for d in docs if d.get("c") == "130429")
    assert plain(EVERYTHING, catalog.placeholders) in doc["x"]
    record = json.loads((site / "api" / "v1" / "codes" / "130429.json").read_text(encoding="utf-8"))
    assert record["description"] == {"id": EVERYTHING, "en": EVERYTHING}
    assert record["title"] == {"id": SHORT, "en": PLAIN_TITLE} and record["api_title"] == SHORT
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO((site / "api" / "v1" / "codes.csv").read_text(encoding="utf-8"), newline=""))}
    assert rows["130429"]["notes_en"] == EVERYTHING and rows["130429"]["title_id"] == SHORT
    assert rows["130429"]["title_en"] == PLAIN_TITLE and rows["130429"]["api_title"] == SHORT


def test_no_script_runs_in_a_browser(hostile, site_server, new_page):
    _, site = hostile
    base = site_server.mount("hostile", site)
    page = new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ["id/", "en/", "id/rate-limit/", "en/rate-limit/", "id/codes/130429/", "en/codes/130429/", "id/codes/9999999/"]:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__pwned") is None, path
    page.goto(base + "en/codes/130429/")
    assert "<script>window.__pwned=1</script>" in page.inner_text("article")
    assert PLAIN_TITLE in page.title() and PLAIN_TITLE in page.inner_text("h1")
    # The decoder shows the title from the index as text.
    page.goto(base + "id/decode/")
    page.fill("#err-decode-input", '{"error": {"code": 130429, "message": "<img src=x onerror=window.__pwned=6>"}}')
    page.get_by_role("button", name="Uraikan").click()
    page.locator("[data-err-decode-results] tbody tr").wait_for()
    assert "<script>window.__pwned=1</script>" in page.inner_text("[data-err-decode-results]")
    # Search results render the same text.
    page.goto(base + "id/")
    page.locator("input.md-search__input").click()
    page.wait_for_load_state("networkidle")
    page.locator("input.md-search__input").press_sequentially("pwned")
    page.locator(".md-search-result__list a").first.wait_for()
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
