"""`make serve`'s preview (generator/preview.py), run as `python -m generator serve` on a copy of
tests/fixtures/mini: while the catalog has problems every address answers at once with them, as
`file:line: code: message` and escaped; fixing the file brings the site back, and a page open in
the browser follows both ways by itself. The preview leaves no folder behind when stopped."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from markupsafe import escape

from generator.load import load

ROOT = Path(__file__).resolve().parent.parent
QUOTA = "catalog/codes/quota.yml"
RATE = "catalog/codes/rate-limit.yml"
HOSTILE = 'category: "<b>quota</b>"'  # a mistake whose message quotes markup


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    """Status and text; a timeout fails the test (the preview must never leave a request waiting)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _until(check, what: str, seconds: float = 25):
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            assert found, f"not within {seconds} s: {what}"
            return found
        time.sleep(0.2)


def _listed(text: str) -> list[str]:
    """The problems an error page lists, as its HTML has them."""
    return [item.split("</code>")[0] for item in text.split("<li><code>")[1:]]


@pytest.fixture
def preview(mini, tmp_path):
    """The preview of mini (Indonesian) on a free port; yields its address. The catalog is broken
    before it starts, in quota.yml. Its temporary folders go to tmp/, which must be empty after."""
    quota = mini.parent / QUOTA
    quota.write_text(quota.read_text().replace("category: quota", HOSTILE, 1))
    (tmp_path / "tmp").mkdir()
    port = _free_port()
    log = (tmp_path / "preview.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--catalog", "catalog", "--port", str(port)],
        cwd=mini.parent, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path / "tmp")})
    url = f"http://127.0.0.1:{port}/"

    def answers():
        try:
            return _get(url)
        except OSError:
            assert process.poll() is None, (tmp_path / "preview.log").read_text()
            return None

    _until(answers, "the preview answers")
    yield url
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=15) == 0, (tmp_path / "preview.log").read_text()
    log.close()
    assert list((tmp_path / "tmp").iterdir()) == []


def test_preview_shows_catalog_problems_until_fixed(preview, mini, browser):
    quota, rate = mini.parent / QUOTA, mini.parent / RATE
    expected = [str(escape(str(p))) for p in load(mini)[1]]
    assert expected and expected[0].startswith(f"{QUOTA}:4: 115001-115005: unknown category `&lt;b&gt;quota")

    # Broken from the start: every address, the site's or not, answers the list at once.
    for path in ("", "codes/115001/", "assets/stylesheets/errors.css", "no/such/page/"):
        status, text = _get(preview + path)
        assert status == 500
        assert _listed(text) == expected
        assert "<b>" not in text
    number = _get(preview + ".preview-build")[1]

    # A page open in the browser reloads itself into the site once the file is fixed...
    context = browser.new_context()
    page = context.new_page()
    page.goto(preview + "codes/115001/")
    assert page.locator("li code").all_inner_texts() == [str(p) for p in load(mini)[1]]
    quota.write_text(quota.read_text().replace(HOSTILE, "category: quota"))
    _until(lambda: _get(preview + "codes/115001/")[0] == 200, "the code page comes back")
    assert _get(preview + ".preview-build")[1] != number
    page.wait_for_selector("h1:has-text('115001')", timeout=20_000)
    assert "Kuota" in _get(preview)[1]  # the mini catalog's category on the home page

    # ...and into the error page, with the new list, when a file breaks again.
    rate.write_text(rate.read_text().replace("retry: backoff", "retry: soon"))
    relisted = [str(escape(str(p))) for p in load(mini)[1]]
    assert relisted[0].startswith(f"{RATE}:18: ")
    _until(lambda: _listed(_get(preview + "codes/115001/")[1]) == relisted, "the new problem is listed")
    page.wait_for_selector("li code", timeout=20_000)
    assert page.locator("li code").all_inner_texts() == [str(p) for p in load(mini)[1]]
    context.close()
