"""Weight of a first visit: bytes transferred and requests, the carnet next to bare Material, same
run.

The site is built from the repository's content/; bare mkdocs-material builds the same sheets'
Markdown
with the same theme settings and navigation (bench.build.bare_project). Each page is opened once
in a
fresh headless Chromium (empty cache) from a local server that gzip-compresses text like any real
host;
the server counts every request and every byte it sends until the page has been quiet for a second
(scripts that load later, a service worker, the favicon: all counted). Search is not opened: the
carnet downloads nothing for it before the dialog opens.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.serving import GzipHandler, serve

REPO = Path(__file__).resolve().parents[1]
TARGET_KB, TARGET_REQUESTS = 100, 12
QUIET = 1.0  # seconds without a request: the visit is over
CONTENT = REPO / "content"


class Counting(GzipHandler):
    """Remembers every request and its bytes, and when the last one came."""

    requests: list[tuple[str, int]]
    last: float
    lock = threading.Lock()
    headers_extra = {"Cache-Control": "max-age=600"}  # what GitHub Pages sends

    def record(self, size: int) -> None:
        with self.lock:
            self.requests.append((self.path, size))
            type(self).last = time.monotonic()


@contextmanager
def serve_counting(site: Path) -> Iterator[tuple[str, type[Counting]]]:
    with serve(
        site, type("Handler", (Counting,), {"requests": [], "last": time.monotonic()})
    ) as served:
        yield served


def first_visit(site: Path, path: str) -> list[tuple[str, int]]:
    """Every (address, bytes sent) of one first visit to `path`, in a browser with an empty
    cache."""
    from browser import chromium

    with serve_counting(site) as (base, handler):
        driver = chromium(1280, 900)
        try:
            driver.get(base + path)
            while time.monotonic() - handler.last < QUIET:
                time.sleep(0.1)
        finally:
            driver.quit()
        return list(handler.requests)


def sheet_path(site: Path) -> str:
    """A real sheet of the content (the first, alphabetically): the same in both sites."""
    names = [p.name for p in (site / "fiches").iterdir() if (p / "index.html").is_file()]
    return f"/fiches/{min(names)}/"


def article(page: Path) -> str:
    """The inside of a built page's <article>: what a reader came for, without the theme around
    it."""
    html = page.read_text("utf-8")
    start = html.index(">", html.index('<article class="md-content__inner')) + 1
    return html[start : html.index("</article>", start)]


def _line(label: str, visit: list[tuple[str, int]], target: bool) -> str:
    size = sum(s for _, s in visit) / 1024
    marks = (
        (
            f"{'≤' + str(TARGET_KB) + ' Ko':>9} {'≤' + str(TARGET_REQUESTS):>6}"
            + ("  dépasse" if size > TARGET_KB or len(visit) > TARGET_REQUESTS else "")
        )
        if target
        else ""
    )
    return f"  {label:<18} {size:>8.1f} Ko {len(visit):>9} {marks}"


def report(work: Path, sizes: tuple[int, ...] = ()) -> list[str]:
    """Home page and a sheet: the carnet, then bare Material; the carnet's heaviest files after."""
    sys.path.insert(0, str(REPO / "tests"))
    from bench.build import bare_project, timed_build

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("CARNET_AUJOURDHUI", "2026-11-23")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    ours = work / "poids" / "site"
    timed_build(REPO / "mkdocs.yml", docs_dir=str(CONTENT), site_dir=str(ours))
    pages = (("accueil", "/"), ("fiche", sheet_path(ours)))
    bare = bare_project(CONTENT, work / "poids-material")
    for _, path in pages:  # the same article, as raw HTML in a plain Material page
        source = bare.parent / "docs" / (path.strip("/") + ".md" if path != "/" else "index.md")
        source.write_text(
            f"<div>{article(ours / path.strip('/') / 'index.html')}</div>\n", encoding="utf-8"
        )
    timed_build(bare)
    lines = [
        "poids d'une première visite — octets transférés (gzip) et requêtes, cache vide",
        f"  {'':<18} {'transféré':>11} {'requêtes':>9} {'cible':>9}",
    ]
    heaviest: dict[str, int] = {}
    for label, path in pages:
        visit = first_visit(ours, path)
        lines += [
            f"{label} ({path})",
            _line("carnet", visit, True),
            _line("Material nu", first_visit(bare.parent / "site", path), False),
        ]
        heaviest.update({address.split("?")[0]: size for address, size in visit})
    top = sorted(heaviest.items(), key=lambda kv: -kv[1])[:6]
    lines.append(
        "fichiers les plus lourds du carnet : "
        + ", ".join(f"{a.rsplit('/', 1)[-1] or a} {s / 1024:.1f} Ko" for a, s in top)
    )
    return lines
