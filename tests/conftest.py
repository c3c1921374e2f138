"""Shared fixtures: a small valid catalog to break, the real catalog loaded once, the built
site (as files and served under a sub-path) and a headless Chromium driven by Playwright.

`make test` runs the tests in several processes (pytest-xdist): each worker has its own
browser and local servers, and the sites built from the real catalog (`built_site`,
`site_built_at`) are built once per run and shared by every worker (`shared_build`).

In CI a missing browser fails the run; on a developer machine without Chromium the
browser tests are skipped with the reason shown.
"""
from __future__ import annotations

import fcntl
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


def shared_build(tmp_path_factory, name: str, make) -> Path:
    """The folder `name`, made by `make(folder)` once per test run: the first worker to ask makes
    it while the others wait on a lock, then all of them read it (tests never write into it)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    target, done = base / "shared" / name, base / "shared" / f"{name}.done"
    target.parent.mkdir(exist_ok=True)
    with open(base / "shared" / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(target, ignore_errors=True)  # a worker that failed half-way
            make(target)
            done.touch()
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, catalog):
    """The whole site built once from the real catalog, exactly as `make site` builds it."""
    from generator.site import build_into

    return shared_build(tmp_path_factory, "site", lambda target: build_into(target, catalog))


@pytest.fixture(scope="session")
def site_built_at(tmp_path_factory, catalog):
    """site_built_at(site_url) -> the real catalog's site built with that SITE_URL, once per run."""
    from generator.site import build_into

    def build(site_url: str) -> Path:
        name = "site-" + "".join(ch if ch.isalnum() else "-" for ch in site_url)
        return shared_build(tmp_path_factory, name, lambda target: build_into(target, catalog, site_url))

    return build


# The public address both tests of a site built with SITE_URL use (one build serves them):
# a sub-path of two segments, the first of which ("api") the not-found page would misread
# as a folder of the site without the address.
SUBPATH_SITE_URL = "https://help.example.com/api/desk/"


class SiteServer:
    """Built sites on one local HTTP server (loopback only), each under its own sub-path, like a
    helpdesk publishing at https://help.example.com/whatsapp-errors/. Missing pages get a 404
    configured as the README says: {lang}/404.html under /{lang}/, else the site's 404.html."""

    def __init__(self, www: Path) -> None:
        import functools
        import http.server
        import threading

        self.www, self.mounts = www, []  # mounts: longest first, so a nested one wins
        www.mkdir(exist_ok=True)
        mounts = self.mounts

        class Host(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def send_error(self, code, message=None, explain=None):
                if code != 404:
                    return super().send_error(code, message, explain)
                path = self.path.split("?")[0].lstrip("/")
                mount = next((m for m in mounts if path.startswith(m + "/")), path.partition("/")[0])
                lang = path[len(mount) + 1:].split("/")[0]
                page = www / mount / (f"{lang}/404.html" if lang in ("id", "en") else "404.html")
                body = page.read_bytes() if page.exists() else b"not found"
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Host, directory=str(www)))
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def mount(self, name: str, site: Path) -> str:
        """Serve `site` under /{name}/ (name may have several segments); returns its base URL (ending in /)."""
        (self.www / name).parent.mkdir(parents=True, exist_ok=True)
        (self.www / name).symlink_to(site, target_is_directory=True)
        self.mounts.append(name)
        self.mounts.sort(key=len, reverse=True)
        return f"{self.origin}/{name}/"


@pytest.fixture(scope="session")
def site_server(tmp_path_factory):
    server = SiteServer(tmp_path_factory.mktemp("www"))
    yield server
    server.server.shutdown()


@pytest.fixture(scope="session")
def served_site(site_server, built_site):
    """The real site, served under /whatsapp-errors/."""
    return site_server.mount("whatsapp-errors", built_site)


CHROMIUM = "/usr/bin/chromium"
# Without site isolation every new context reuses a renderer instead of starting one per site:
# a fifth less CPU per page load on two cores; pages of one local origin lose nothing by it.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-site-isolation-trials"]


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


class ContextPool:
    """Browser contexts kept for the next test that asks for the same options, each with a blank
    page kept open. Most of the suite's time is Chromium's, and a page opened next to a live one
    in a kept context cost about half the CPU of a page in a new context (1.19 -> 0.61 s per
    visit of a code page, measured on two cores; without the blank page, pooling saved nothing).
    A context handed back is left as a new one would be: the test's pages closed, every origin's
    stored data (local storage, IndexedDB, caches) and the cookies cleared (test_context_pool.py).
    Only the HTTP cache stays warm. A test that listens to a context removes its listener itself."""

    def __init__(self, browser) -> None:
        self.browser, self.idle = browser, {}

    @staticmethod
    def key(options: dict) -> str:
        return repr(sorted(options.items()))

    def take(self, **options):
        idle = self.idle.setdefault(self.key(options), [])
        if idle:
            return idle.pop()
        context = self.browser.new_context(**options)
        context.pool_key = self.key(options)
        context.keeper = context.new_page()  # about:blank, never navigated
        context.storage = context.new_cdp_session(context.keeper)
        return context

    def give_back(self, context) -> None:
        for origin in context.storage_state()["origins"]:
            context.storage.send("Storage.clearDataForOrigin", {"origin": origin["origin"], "storageTypes": "all"})
        for pg in context.pages:
            if pg != context.keeper:
                pg.close()
        context.clear_cookies()
        self.idle[context.pool_key].append(context)


@pytest.fixture(scope="session")
def contexts(browser):
    """The worker's ContextPool: take(**options) a context, give_back(context) when done."""
    return ContextPool(browser)


@pytest.fixture
def new_page(contexts, site_server):
    """Open pages, each in a context of its own (options as for browser.new_context, e.g. locale).
    After the test, no page had a script error and no request left the site's origin."""
    taken, errors, outside = [], [], []
    origin = site_server.origin + "/"

    def open_page(**options):
        context = contexts.take(**{"viewport": {"width": 1280, "height": 900}, **options})
        taken.append(context)
        pg = context.new_page()
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("request", lambda r: None if r.url.startswith(origin) or r.url.startswith("data:") else outside.append(r.url))
        return pg

    yield open_page
    for context in taken:
        contexts.give_back(context)
    assert errors == []
    assert outside == []


@pytest.fixture
def page(new_page):
    """A fresh page in a fresh context, checked like new_page's."""
    return new_page()


class HostedSite:
    """One built site on its own local HTTP server (loopback only) at `prefix` ("/" or a sub-path
    such as "/api/desk/"), answering the way a host does: every missing address, whatever it looks
    like (//other-host/…, /\\…, %2F…, a 27,000-character path), gets a not-found page served AT that
    address: {lang}/404.html under {prefix}{lang}/, else the site's 404.html, also outside the prefix
    (a host-wide 404). Never redirects. `seen` records the raw request target of every request:
    http.server itself would turn a leading // into /, so this handler reads the request line."""

    def __init__(self, site: Path, prefix: str = "/") -> None:
        import http.server
        import mimetypes
        import threading
        from urllib.parse import unquote

        self.site, self.prefix, self.seen = site, prefix, []
        hosted = self

        def existing(path: str) -> Path | None:
            if not path.startswith(prefix):
                return None
            parts = unquote(path[len(prefix):]).split("/")
            folder = parts[-1] == ""
            parts = parts[:-1] if folder else parts
            if any(p in ("", ".", "..") or "\\" in p or "\0" in p for p in parts):
                return None
            file = site.joinpath(*parts, "index.html") if folder else site.joinpath(*parts)
            try:
                return file if file.is_file() else None
            except OSError:  # a name too long for the file system
                return None

        class Host(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                target = self.requestline.split()[1]
                hosted.seen.append(target)
                path = target.split("?")[0].split("#")[0]
                file = existing(path)
                status = 200
                if file is None:
                    status = 404
                    lang = path[len(prefix):].split("/")[0] if path.startswith(prefix) else ""
                    file = site / (f"{lang}/404.html" if lang in ("id", "en") else "404.html")
                body = file.read_bytes()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", mimetypes.guess_type(file.name)[0] or "application/octet-stream")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the browser left the page (it switched language, or the test ended)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Host)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="session")
def host_site():
    """host_site(site, prefix="/") -> HostedSite: serve one built site alone on its own origin."""
    servers = []

    def start(site: Path, prefix: str = "/") -> HostedSite:
        servers.append(HostedSite(site, prefix))
        return servers[-1]

    yield start
    for hosted in servers:
        hosted.server.shutdown()
