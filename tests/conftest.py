"""Shared fixtures: a small valid catalog to break, the real catalog loaded once, the built
site (as files and served under a sub-path) and a headless Chromium driven by Playwright.

In CI a missing browser fails the run; on a developer machine without Chromium the
browser tests are skipped with the reason shown.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.load import DEFAULT_ROOT, load

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def mini(tmp_path, monkeypatch):
    """A copy of tests/fixtures/mini at ./catalog in a temporary working directory."""
    root = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "mini", root)
    monkeypatch.chdir(tmp_path)
    return root


@pytest.fixture(scope="session")
def catalog():
    loaded, problems = load(DEFAULT_ROOT)
    assert problems == [], "\n".join(map(str, problems))
    return loaded


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, catalog):
    """The whole site built once from the real catalog, exactly as `make site` builds it."""
    from generator.site import build_into

    target = tmp_path_factory.mktemp("site") / "site"
    build_into(target, catalog)
    return target


@pytest.fixture(scope="session")
def served_site(built_site):
    """The built site on a local HTTP server (loopback only), under a sub-path like a real helpdesk."""
    import functools
    import http.server
    import threading

    root = built_site.parent / "www"
    root.mkdir(exist_ok=True)
    (root / "whatsapp-errors").symlink_to(built_site, target_is_directory=True)

    class Host(http.server.SimpleHTTPRequestHandler):
        """A static host configured as the README says: a missing page under /{lang}/ gets
        that language's 404.html, any other missing page the site's root 404.html."""

        def log_message(self, *args):
            pass

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            rest = self.path.split("?")[0].removeprefix("/whatsapp-errors/")
            lang = rest.split("/")[0]
            page = built_site / (f"{lang}/404.html" if lang in ("id", "en") else "404.html")
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Host, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/whatsapp-errors/"
    server.shutdown()


CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser, served_site):
    """Open pages in fresh browser contexts (options as for browser.new_context, e.g. locale).
    After the test, no page had a script error and no request left the site's origin."""
    contexts, errors, outside = [], [], []
    origin = served_site.split("/whatsapp-errors/")[0]

    def open_page(**options):
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        contexts.append(context)
        pg = context.new_page()
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("request", lambda r: None if r.url.startswith(origin) or r.url.startswith("data:") else outside.append(r.url))
        return pg

    yield open_page
    for context in contexts:
        context.close()
    assert errors == []
    assert outside == []


@pytest.fixture
def page(new_page):
    """A fresh page in a fresh context, checked like new_page's."""
    return new_page()
