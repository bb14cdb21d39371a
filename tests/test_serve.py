"""`carnet serve` (behind `make serve`): the site with its content and its search, at the printed address."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

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


def test_serve_shows_the_site_and_its_search() -> None:
    port = free_port()
    env = {**os.environ, "CARNET_AUJOURDHUI": TODAY.isoformat()}
    server = subprocess.Popen([sys.executable, "-m", "carnet", "serve", "--content", str(FIXTURE),
                               "--adresse", f"127.0.0.1:{port}"], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        home = fetch(f"http://127.0.0.1:{port}/", deadline).decode("utf-8")
        assert "<title>Accueil - Carnet de terrain</title>" in home
        assert b"export" in fetch(f"http://127.0.0.1:{port}/pagefind/pagefind.js", deadline)
        sheet = fetch(f"http://127.0.0.1:{port}/fiches/adresse-mail/", deadline).decode("utf-8")
        assert "Créer une adresse e-mail" in sheet
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert output.splitlines()[0] == f"Le carnet est servi sur http://127.0.0.1:{port}/ (Ctrl+C pour arrêter)"
