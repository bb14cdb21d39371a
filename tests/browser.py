"""Headless Debian Chromium driven by Selenium, against a built site served as it is published.

GitHub Pages publishes a project site under the path of `site_url` (`/carnet-de-terrain/`) and
compresses it with gzip: `serve` does the same, so that a relative address that only works at the
root, or a script that cannot be decompressed, fails here as it would for people. Every browser's
clock is pinned to the run's « today » (conftest.TODAY), the same date the Python side uses.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import os
import posixpath
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from conftest import REPO, TODAY

# Debian's packages here; the same browser under other names on other machines (CI runners).
CHROMIUM = next(
    filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))),
    "/usr/bin/chromium",
)
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
PHONE = (360, 780)


def published_prefix() -> str:
    """The path of `site_url` in mkdocs.yml: where GitHub Pages publishes the site
    (`/carnet-de-terrain`).
    """
    config = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    return urlsplit(config.get("site_url", "")).path.rstrip("/")


PREFIX = published_prefix()
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "application/xml",
    "application/atom+xml",
    "application/wasm",
)
TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".ics": "text/calendar",
    ".md": "text/markdown",
}


class StaticHost(http.server.BaseHTTPRequestHandler):
    """A static host like GitHub Pages: the site under a path, index.html for folders, gzip, its 404
    page.
    """

    site: Path
    prefix: str

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self.answer(body=False)

    def do_GET(self) -> None:
        self.answer(body=True)

    def answer(self, body: bool) -> None:
        path = posixpath.normpath(unquote(urlsplit(self.path).path))
        if path != self.prefix and not path.startswith(self.prefix + "/"):
            return self.send(404, self.not_found(), "text/html", body)
        target = self.site / path[len(self.prefix) :].lstrip("/")
        if target.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", urlsplit(self.path).path + "/")
                self.send_header("Content-Length", "0")
                return self.end_headers()
            target = target / "index.html"
        if not target.is_file() or not target.resolve().is_relative_to(self.site.resolve()):
            return self.send(404, self.not_found(), "text/html", body)
        kind = (
            TYPES.get(target.suffix)
            or mimetypes.guess_type(target.name)[0]
            or "application/octet-stream"
        )
        self.send(200, target.read_bytes(), kind, body)

    def not_found(self) -> bytes:
        page = self.site / "404.html"
        return page.read_bytes() if page.is_file() else b"Not found"

    def send(self, status: int, data: bytes, kind: str, body: bool) -> None:
        self.send_response(status)
        charset = (
            "; charset=utf-8"
            if kind.startswith("text/") or kind.endswith(("json", "xml", "javascript"))
            else ""
        )
        self.send_header("Content-Type", kind + charset)
        if "gzip" in self.headers.get("Accept-Encoding", "") and kind.startswith(COMPRESSIBLE):
            data = gzip.compress(data, compresslevel=6)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)


@contextmanager
def serve(site: Path, prefix: str | None = None) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 as published; yields its address
    (`http://127.0.0.1:N/carnet-de-terrain`).

    The address has no trailing slash: `base + "/fiches/"` is a page of the site.
    """
    handler = type(
        "Host",
        (StaticHost,),
        {"site": site, "prefix": PREFIX if prefix is None else prefix.rstrip("/")},
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{handler.prefix}"
    finally:
        server.shutdown()
        server.server_close()


def today_at_noon_ms() -> int:
    """The run's « today », at noon UTC (the same calendar day in Paris), in JavaScript
    milliseconds.
    """
    return int(datetime.combine(TODAY, time(12), tzinfo=UTC).timestamp() * 1000)


# Injected before any page script: `new Date()` and `Date.now()` start from the run's « today » and
# then run at the real pace, so that timers and timeouts behave as usual.
PIN_CLOCK = """
(() => {
  const Real = Date, offset = %d - Real.now();
  class CarnetDate extends Real {
    constructor(...args) { if (args.length === 0) { super(Real.now() + offset); } else { super(...args); } }
    static now() { return Real.now() + offset; }
  }
  globalThis.Date = CarnetDate;
})();
"""


def real_clock_env(**extra: str) -> dict[str, str]:
    """The environment without libfaketime, for processes that must keep the real clock.

    `make test` runs the suite a second time a year ahead under libfaketime, which also stalls the
    timed waits of threads (a Timer, an Event's timeout) forever. The browser and `carnet serve`
    run on the real clock; their « today » is the run's pinned date all the same (CARNET_AUJOURDHUI,
    and the clock pinned in every page).
    """
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("LD_PRELOAD", "FAKETIME"))}
    return {**kept, **extra}


def chromium(width: int, height: int, downloads: Path | None = None):
    """A headless Chromium window of the given size (the Debian binary, never a download), its clock
    on TODAY.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--window-size={width},{height}"]:
        options.add_argument(flag)
    if downloads is not None:
        options.add_experimental_option(
            "prefs",
            {"download.default_directory": str(downloads), "download.prompt_for_download": False},
        )
    # Under libfaketime (`make test` runs the suite a year ahead) the browser keeps the real clock:
    # its pages see the pinned date below, like everything else in the run.
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER, env=real_clock_env()), options=options)
    driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": PIN_CLOCK % today_at_noon_ms()}
    )
    driver.set_window_size(width, height)
    return driver
