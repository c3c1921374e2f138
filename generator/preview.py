"""Live preview of one language (`make serve`): MkDocs' live-reload server over a build that cannot get stuck.

Every change under the catalog, docs/, overrides/, generator/ or the MkDocs settings
rebuilds the language from the catalog loaded afresh, with the same plugin
`python -m generator build` uses (generator/mkdocs_plugin.py). While the catalog has
problems, or the build fails, every address answers one page listing them as
`file:line: code: message` (templates/preview-error.html.j2); that page reloads once a
newer build is there, so saving the fix brings the site back by itself. (MkDocs' own
`mkdocs serve` keeps every request waiting after a failed build until one succeeds.)
"""
from __future__ import annotations

import logging
import shutil
import signal
import socket
import sys
import tempfile
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer

from .diagnostics import report
from .load import load
from .mkdocs_plugin import CatalogPages
from .paths import ROOT, TEMPLATES

# Answers the number of the last build; the error page asks it to know when to reload.
# A dotted name, so no page of the site can be there.
STATE = "/.preview-build"

log = logging.getLogger("mkdocs.preview")


class Preview:
    """The last build of one language: its number, and the error page if it failed (None: serve the site)."""

    def __init__(self, lang: str, catalog_root: Path, site_dir: Path, url: str) -> None:
        self.lang = lang
        self.catalog_root = catalog_root
        self.site_dir = site_dir
        self.url = url
        self.number = 0
        self.error_page: bytes | None = None
        self._templates = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                             undefined=jinja2.StrictUndefined)

    def config(self):
        return load_config(str(ROOT / f"mkdocs.{self.lang}.yml"), site_dir=str(self.site_dir), hooks=[],
                           site_url=self.url)

    def build(self) -> None:
        """Build the site, or else the error page. Never raises: MkDocs' server would wait for a good build."""
        problems = self._build_site()
        page = None
        if problems:
            template = self._templates.get_template("preview-error.html.j2")
            page = template.render(problems=problems, lang=self.lang, number=self.number + 1, state=STATE).encode()
        # The page first: whoever sees the new number must get the new page.
        self.error_page = page
        self.number += 1

    def _build_site(self) -> list:
        """The problems of the catalog or the build, in the order to show them; [] when the site was built."""
        warnings = _Collect()
        mkdocs_logger = logging.getLogger("mkdocs")
        mkdocs_logger.addHandler(warnings)
        try:
            catalog, problems = load(self.catalog_root)
            if report(problems, "the preview shows them until they are fixed."):
                return problems
            config = self.config()
            config.plugins["catalog-pages"] = CatalogPages(catalog)
            mkdocs_build(config, serve_url=self.url)
            # The generated not-found page answers missing addresses, as on a published site.
            shutil.copyfile(self.site_dir / "404" / "index.html", self.site_dir / "404.html")
            return []
        except MkDocsException as err:  # strict mode's warnings (listed first), a broken setting
            return [*warnings.messages, f"build failed: {err}"]
        except Exception as err:  # a fault in the generator: on the page too, its traceback in the console
            log.exception("build failed")
            return [*warnings.messages, f"build failed: {type(err).__name__}: {err}"]
        finally:
            mkdocs_logger.removeHandler(warnings)


class _Collect(logging.Handler):
    """The warnings MkDocs logs during one build (strict mode turns them into the failure)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _Server(LiveReloadServer):
    """MkDocs' live-reload server that answers every address with the error page while there is one."""

    def __init__(self, preview: Preview, host: str, port: int) -> None:
        self.preview = preview
        super().__init__(builder=preview.build, host=host, port=port, root=str(preview.site_dir))
        self.RequestHandlerClass = _QuietRequests
        self.error_handler = self._not_found

    def serve_request(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == STATE:
            return _answer(start_response, "200 OK", "text/plain", str(self.preview.number).encode())
        page = self.preview.error_page
        if page is None or path.startswith("/livereload/"):
            return super().serve_request(environ, start_response)
        return _answer(start_response, "500 Internal Server Error", "text/html; charset=utf-8", page)

    def _not_found(self, code: int) -> bytes | None:
        page = self.preview.site_dir / "404.html"
        return page.read_bytes() if code == 404 and page.is_file() else None


class _QuietRequests(WSGIRequestHandler):
    """Requests are not logged: MkDocs logs each failed one as a warning, and a warning logged while
    a build runs, from any thread, fails that build in strict mode (the error page would stay)."""

    def log_message(self, format, *args) -> None:
        pass


def _answer(start_response, status: str, content_type: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body))),
                            ("Cache-Control", "no-store")])
    return [body]


def _port_taken(host: str, port: int) -> bool:
    """Asked before the first build, so a busy port costs one line, not a build first."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def _log_to_stderr() -> None:
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _stop(signum, frame):
    """A terminated preview stops as Ctrl-C stops it, removing its folder; a second signal
    (`timeout` passes one on) must not interrupt that."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def serve(lang: str, catalog_root: Path, port: int = 8000, host: str = "127.0.0.1") -> int:
    """Serve one language at http://host:port/ until interrupted; 1 if the port is taken."""
    if _port_taken(host, port):
        print(f"port {port} is in use (another preview?); choose another: make serve PORT={port + 1}", file=sys.stderr)
        return 1
    _log_to_stderr()
    signal.signal(signal.SIGTERM, _stop)
    site_dir = Path(tempfile.mkdtemp(prefix="wa-errors-preview-"))
    preview = Preview(lang, catalog_root, site_dir, f"http://{host}:{port}/")
    server = _Server(preview, host, port)
    try:
        config = preview.config()
        watched = [config.docs_dir, config.config_file_path, ROOT / "mkdocs.yml", ROOT / "overrides",
                   *config.watch, catalog_root]
        preview.build()
        for path in watched:
            server.watch(str(path))
        server.serve()
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        server.shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0
