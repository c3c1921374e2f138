"""Accessibility, in headless Chromium: axe-core finds no serious or critical violation on the
home page, a category page, a code page, the decoder (empty, then with results) and the
not-found page, in both languages and both colour schemes; every table has a caption and
header cells and every button a name.

axe-core comes from npm (package.json; `npm ci` at the repository root). Material picks its
palette from `prefers-color-scheme` (mkdocs.yml: `default` when light, `slate` when dark), so
each scheme gets its own browser context, reused for every page of the language.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
SCHEMES = {"light": "default", "dark": "slate"}   # prefers-color-scheme -> Material's data-md-color-scheme
PAGES = ["{lang}/", "{lang}/rate-limit/", "{lang}/codes/131049/", "{lang}/decode/", "{lang}/codes/9999999/",
         "{lang}/problems/", "{lang}/problems/stuck-at-sent/"]
WEBHOOK = {"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{
    "field": "messages", "value": {"messaging_product": "whatsapp", "statuses": [{
        "id": "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEjQ1", "status": "failed", "timestamp": "1717000000",
        "recipient_id": "6281234567890", "errors": [{
            "code": 131049, "title": "This message was not delivered to maintain healthy ecosystem engagement.",
            "error_data": {"details": "In order to maintain a healthy ecosystem engagement, the message failed to be delivered."}}]}]}}]}]}

# Violations of impact serious or critical, one string each: rule, impact, help, failing elements.
RUN_AXE = """async () => {
    const {violations} = await axe.run(document, {resultTypes: ['violations']});
    return violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v =>
        `${v.id} (${v.impact}): ${v.help}` + v.nodes.map(n => `\\n      ${n.target.join(' ')}: `
            + ((n.any[0] || n.all[0] || n.none[0] || {}).message || '')).join(''));
}"""

# Tables without a caption or header cells, buttons without an accessible name.
CHECK_DOM = """() => {
    const tables = [...document.querySelectorAll('table')], buttons = [...document.querySelectorAll('button')];
    const text = ids => (ids || '').split(/\\s+/).map(id => (document.getElementById(id) || {}).textContent || '').join('');
    const named = b => [b.getAttribute('aria-label'), text(b.getAttribute('aria-labelledby')), b.textContent, b.title]
        .some(s => s && s.trim());
    const html = el => el.outerHTML.slice(0, 100);
    return [...tables.filter(t => !(t.caption && t.caption.textContent.trim())).map(t => 'table without a caption: ' + html(t)),
            ...tables.filter(t => !t.querySelector('th')).map(t => 'table without header cells: ' + html(t)),
            ...buttons.filter(b => !named(b)).map(b => 'button without a name: ' + html(b))];
}"""


@pytest.fixture(scope="module")
def axe_script():
    if not AXE.exists():
        reason = "node_modules/axe-core is missing: run `npm ci` at the repository root"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE


def problems(page, axe_script):
    """axe's serious and critical violations and the DOM checks' findings, for the page as it is now."""
    page.add_script_tag(path=axe_script)
    return page.evaluate(RUN_AXE) + page.evaluate(CHECK_DOM)


def decode_sample(page):
    """Paste a status webhook into the open decoder and wait for its results table."""
    page.fill("#err-decode-input", json.dumps(WEBHOOK, indent=2))
    page.click("form[data-err-decode] button[type=submit]")
    page.locator("table[data-err-decode-results]:not([hidden]) tbody tr").first.wait_for(timeout=5000)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_pages_are_accessible(axe_script, new_page, served_site, lang, scheme):
    page = new_page(color_scheme=scheme)
    found = []
    for path in (p.format(lang=lang) for p in PAGES):
        response = page.goto(served_site + path)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == SCHEMES[scheme], path
        if path.endswith("9999999/"):
            assert response.status == 404 and page.get_attribute("html", "lang") == lang
            page.locator("[data-err-lookup-message] a").first.wait_for()   # what to do next, once offered
        found += [f"{path} ({scheme}): {p}" for p in problems(page, axe_script)]
        if path.endswith("decode/"):
            decode_sample(page)
            found += [f"{path} with results ({scheme}): {p}" for p in problems(page, axe_script)]
        if path == f"{lang}/":  # the home box's search results, with their badges
            page.fill("#err-lookup-input", {"id": "centang satu", "en": "one tick"}[lang])
            page.press("#err-lookup-input", "Enter")
            page.locator(".err-lookup__results a").first.wait_for(timeout=5000)
            found += [f"{path} with results ({scheme}): {p}" for p in problems(page, axe_script)]
    assert not found, "\n".join(found)
