"""Benchmark of search at 10,000 sheets: Pagefind (the carnet) against Material's built-in search.

Both sites are built from the same synthetic sheets and served on 127.0.0.1 by a server that
compresses text like any real host. Headless Chromium types one query in each site's own search
box and we record the bytes transferred from the moment search is opened, and the time until the
first result is shown.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from bench.serving import GzipHandler, serve

REPO = Path(__file__).resolve().parents[1]
QUERY = "justificatif attestation"  # two of the field's words, frequent but not on every page


class _GzipHandler(GzipHandler):
    """Counts bytes sent, and apart what only search needs."""

    sent = 0
    search_sent = 0  # what only search needs: Pagefind's bundle, or Material's index and worker

    def record(self, size: int) -> None:
        type(self).sent += size
        if any(
            part in self.path
            for part in ("/pagefind/", "/search/", "synonymes.json", "search.", "workers/")
        ):
            type(self).search_sent += size


def serve_gzip(site: Path):
    return serve(site, type("Handler", (_GzipHandler,), {"sent": 0, "search_sent": 0}))


def material_project(content: Path, work: Path) -> Path:
    """The same sheets as plain Material pages with Material's own search plugin."""
    from bench.build import bare_project

    return bare_project(content, work, search=True)


def _measure(
    driver, base: str, handler, open_search, result_selector: str
) -> tuple[int, int, float]:
    """(search bytes, all bytes, seconds from opening search to the first result), empty cache."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    handler.sent = handler.search_sent = 0
    driver.get(base + "/fiches/fiche-00042/")
    time.sleep(0.5)
    start = time.perf_counter()
    field = open_search(driver)
    field.send_keys(QUERY)
    WebDriverWait(driver, 120, poll_frequency=0.02).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, result_selector)
    )
    elapsed = time.perf_counter() - start
    time.sleep(0.5)  # let result fragments finish arriving
    return handler.search_sent, handler.sent, elapsed


def _open_carnet(driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    driver.find_element(By.CSS_SELECTOR, "button.carnet-recherche-bouton").click()
    return WebDriverWait(driver, 30).until(EC.visibility_of_element_located((By.ID, "carnet-q")))


def _open_material(driver):
    from selenium.webdriver.common.by import By

    field = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    field.click()
    return field


def report(work: Path, sizes: tuple[int, ...]) -> list[str]:
    sys.path.insert(0, str(REPO / "tests"))
    from bench.build import timed_build
    from bench.corpus import make_corpus
    from browser import chromium

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("CARNET_AUJOURDHUI", "2026-11-23")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    lines = [
        f"recherche — première requête « {QUERY} », octets transférés et temps jusqu'aux premiers "
        f"résultats",
        f"{'fiches':>7} {'site':>18} {'recherche':>10} {'cible':>9} {'page+rech.':>11} "
        f"{'temps':>8}",
    ]
    for size in sizes:
        content = make_corpus(work / f"search-{size}", size)
        ours = work / f"search-{size}" / "site"
        timed_build(REPO / "mkdocs.yml", docs_dir=str(content), site_dir=str(ours))
        material = material_project(content, work / f"material-{size}")
        timed_build(material)
        runs = (
            ("carnet (Pagefind)", ours, _open_carnet, ".carnet-resultat__lien"),
            (
                "Material (lunr)",
                work / f"material-{size}" / "site",
                _open_material,
                ".md-search-result__item",
            ),
        )
        for label, site, opener, selector in runs:
            with serve_gzip(site) as (base, handler):
                driver = chromium(1200, 900)
                try:
                    searched, total, elapsed = _measure(driver, base, handler, opener, selector)
                finally:
                    driver.quit()
            target = "≤300 Ko" if label.startswith("carnet") else ""
            lines.append(
                f"{size:>7} {label:>18} {searched / 1024:>8.0f}Ko {target:>9} "
                f"{total / 1024:>9.0f}Ko {elapsed:>7.2f}s"
            )
    return lines
