"""`carnet serve` (behind `make serve`): the site with its content and its search, at the printed address."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from browser import chromium, real_clock_env
from conftest import FIXTURE, REPO, TODAY


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, deadline: float) -> bytes:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def search_from_the_page(address: str, query: str) -> str:
    """Open the search on a page two levels down, as a person does; the first result's address."""
    driver = chromium(1200, 900)
    try:
        driver.get(address)
        driver.find_element(By.CSS_SELECTOR, "button.carnet-recherche-bouton").click()
        WebDriverWait(driver, 10).until(
            EC.visibility_of_element_located((By.ID, "carnet-q"))
        ).send_keys(query)
        WebDriverWait(driver, 20).until(
            EC.text_to_be_present_in_element(
                (By.CSS_SELECTOR, ".carnet-recherche__etat"), f"pour « {query} »"
            )
        )
        return driver.find_element(By.CSS_SELECTOR, ".carnet-resultat__lien").get_attribute("href")
    finally:
        driver.quit()


def test_serve_shows_the_site_and_its_search() -> None:
    port = free_port()
    env = real_clock_env(CARNET_AUJOURDHUI=TODAY.isoformat())
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "carnet",
            "serve",
            "--content",
            str(FIXTURE),
            "--adresse",
            f"127.0.0.1:{port}",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        home = fetch(f"http://127.0.0.1:{port}/", deadline).decode("utf-8")
        assert "<title>Accueil - Carnet de terrain</title>" in home
        assert b"export" in fetch(f"http://127.0.0.1:{port}/pagefind/pagefind.js", deadline)
        sheet = fetch(f"http://127.0.0.1:{port}/fiches/adresse-mail/", deadline).decode("utf-8")
        assert "Créer une adresse e-mail" in sheet
        assert (
            search_from_the_page(f"http://127.0.0.1:{port}/fiches/adresse-mail/", "adresse mail")
            == f"http://127.0.0.1:{port}/fiches/adresse-mail/"
        )
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert (
        output.splitlines()[0]
        == f"Le carnet est servi sur http://127.0.0.1:{port}/ (Ctrl+C pour arrêter)"
    )
