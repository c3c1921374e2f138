"""Shared fixtures: a small valid catalog to break, and the real catalog loaded once."""
from __future__ import annotations

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
