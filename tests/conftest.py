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
def built_site(tmp_path_factory):
    """The whole site built once from the real catalog, exactly as `make site` builds it."""
    from generator.site import build_into

    target = tmp_path_factory.mktemp("site") / "site"
    build_into(target)
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

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
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
def page(browser, served_site):
    """A fresh page; after the test, no script error happened and no request left the site's origin."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors, outside = [], []
    origin = served_site.split("/whatsapp-errors/")[0]
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("request", lambda r: None if r.url.startswith(origin) or r.url.startswith("data:") else outside.append(r.url))
    yield pg
    context.close()
    assert errors == []
    assert outside == []
