"""Helpers shared by every benchmark: paths, statistics, result rows, the scratch
workspace (catalogs and sites built once per run), a static host serving a site
under a sub-path, headless Chromium, and what machine and commit the figures are from.

Nothing here writes outside the workspace (a temporary folder removed at the end).
"""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH_ROOT = Path(__file__).resolve().parent.parent  # the checkout holding bench/ and .venv
PYTHON = BENCH_ROOT / ".venv" / "bin" / "python"
SUB_PATH = "whatsapp-errors/"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def product() -> Path:
    """The tree being measured: where the imported `generator` package lives (the checkout,
    or with `run.py --commit` a snapshot of that commit)."""
    import generator

    return Path(generator.__file__).resolve().parent.parent


def child_env() -> dict[str, str]:
    """Environment for child Pythons: the measured tree's `generator` first, then `bench`.
    PYTHONDONTWRITEBYTECODE is dropped (some sandboxes set it): a user's Python caches
    bytecode after the first run, and without it every start would recompile our modules."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": os.pathsep.join(dict.fromkeys([str(product()), str(BENCH_ROOT)]))}


def snapshot(rev: str, into: Path) -> Path:
    """Extract `git archive rev` into `into` (created); the working tree is not touched."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "--format=tar", rev], cwd=BENCH_ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def log(message: str) -> None:
    """Progress goes to stderr; stdout carries only the results table."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median(values) -> float:
    return statistics.median(list(values))


def spread(values) -> str:
    """min-max of a series, for the details section."""
    values = list(values)
    return f"{min(values):.3g}–{max(values):.3g}"


def timed(fn, *args, **kwargs) -> float:
    """Seconds one call takes (wall clock)."""
    start = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - start


def tree_bytes(path: Path) -> int:
    """Sum of file sizes under path."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def gzip_size(body: bytes) -> int:
    """Bytes on the wire from a static host with gzip level 6."""
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


@dataclass
class Row:
    """One line of the results table. `ok` is None when the figure has no target."""

    benchmark: str
    figure: str
    value: str
    target: str = ""
    ok: bool | None = None

    @property
    def status(self) -> str:
        return "" if self.ok is None else ("ok" if self.ok else "MISSED")


@dataclass
class Result:
    """What one benchmark returns: table rows and a Markdown details section."""

    name: str
    rows: list[Row] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


class Workspace:
    """A scratch folder for one run, with the catalogs and sites that several benchmarks share."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="wa-errors-bench-"))
        self._sites: dict[str, Path] = {}
        self._catalogs: dict[str, Path] = {}

    def path(self, name: str) -> Path:
        """A fresh, not yet existing path inside the workspace."""
        return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.dir)) / name

    def catalog_root(self, scale: int | None) -> Path:
        """The real catalog (scale None) or a synthetic one of `scale` times its size, written once."""
        from generator.load import DEFAULT_ROOT

        if scale is None:
            return DEFAULT_ROOT
        key = f"{scale}x"
        if key not in self._catalogs:
            from bench import synthetic

            log(f"writing the synthetic {key} catalog")
            self._catalogs[key] = synthetic.write(self.path(f"catalog-{key}"), scale)
        return self._catalogs[key]

    def keep_site(self, key: str, path: Path) -> bool:
        """Offer a site some benchmark built anyway to the others; True if it is kept (the first offer)."""
        return self._sites.setdefault(key, path) == path

    def site(self, scale: int | None) -> Path:
        """A built site of the real (None) or synthetic catalog, built once per run."""
        key = "real" if scale is None else f"{scale}x"
        if key not in self._sites:
            from generator.load import load
            from generator.site import build_into

            catalog, problems = load(self.catalog_root(scale))
            assert not problems, problems
            log(f"building the {key} site")
            target = self.path(f"site-{key}")
            build_into(target, catalog)
            self._sites[key] = target
        return self._sites[key]

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


@contextlib.contextmanager
def serve(site: Path):
    """Serve a built site on loopback under /whatsapp-errors/, as tests/conftest.py does; yields its URL."""
    www = Path(tempfile.mkdtemp(prefix="www-", dir=site.parent))
    (www / SUB_PATH.rstrip("/")).symlink_to(site, target_is_directory=True)

    class Host(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Host, directory=str(www)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(www, ignore_errors=True)


@contextlib.contextmanager
def chromium():
    """The system Chromium, headless, through Playwright; yields the Browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, **options):
    """A page in a fresh context (empty cache), 1280×900 as in the tests."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
    return context.new_page()


def settle(page, ms: int = 300) -> None:
    """Wait until the network is idle (the search worker has its index), then a moment more."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(ms)


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=BENCH_ROOT, capture_output=True, text=True).stdout.strip()


def commit(rev: str | None = None) -> str:
    """The short commit measured and whether the working tree outside bench/ differs from it
    (or, for a snapshot of `rev`, that the working tree played no part)."""
    if rev:
        return f"{_git('rev-parse', '--short', rev)} (`--commit {rev}`: a `git archive` snapshot, working tree not used)"
    changed = tree_changes()
    state = f"dirty: {len(changed)} changed or untracked path(s) outside bench/" if changed else "clean outside bench/"
    return f"{_git('rev-parse', '--short', 'HEAD')} ({state})"


def tree_changes() -> dict[str, int]:
    """Changed or untracked paths outside bench/ with their modification times (ns), to notice edits during a run."""
    out = {}
    for line in _git("status", "--porcelain", "--untracked-files=all").splitlines():
        path = line[3:].split(" -> ")[-1].strip('"')
        if path.startswith("bench/"):
            continue
        try:
            out[path] = (BENCH_ROOT / path).stat().st_mtime_ns
        except OSError:
            out[path] = -1
    return out


def machine(chromium_version: str | None) -> list[tuple[str, str]]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "?"
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return [
        ("CPU", cpu),
        ("cores", str(os.cpu_count())),
        ("RAM", ram),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("Chromium", chromium_version or "not run"),
    ]


def chromium_version() -> str:
    with chromium() as browser:
        return browser.version
