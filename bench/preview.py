"""Benchmark of `carnet serve`: from a save to the browser showing the new text, at N sheets.

A real `carnet serve` (the command a contributor types) on a synthetic corpus, a sheet open in
headless Chromium (Debian's; an HTTP client polling the page when there is none). Each figure runs
from the moment the file is written to the moment the reloaded page has the new text: the page's
own navigation timing in the browser, the same clock as the save. Three kinds of save, each
repeated: a change in the text, a new title (the sheet, then the listing of every sheet), and a
save that empties the file before writing it, as some editors do.

The reference, measured in the same run: the full build that `carnet serve` makes at start, which
is what it used to make on every save (MkDocs' `serve` rebuilds the whole site and its search
index; the old one also wrote the offline archive, which this build leaves out: the reference is,
if anything, shorter than the old wait).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REPEAT = 5
TARGET = 1.0  # seconds, at 10,000 sheets


class Server:
    """`carnet serve` on a content folder, its output collected line by line."""

    def __init__(self, content: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "CARNET_AUJOURDHUI": os.environ.get("CARNET_AUJOURDHUI", "2026-11-23"),
            "NO_MKDOCS_2_WARNING": "1",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "carnet", "serve", "--content", str(content)]
            + ["--config", str(REPO / "mkdocs.yml"), "--adresse", f"127.0.0.1:{self.port}"],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, after: int = 0, timeout: float = 1800) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[after:]:
                if found := re.search(pattern, line):
                    return found
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise RuntimeError(f"« {pattern} » absent :\n" + "\n".join(self.lines[-30:]))

    def peak_memory(self) -> int:
        """The server's peak resident memory, in bytes (Linux)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        found = re.search(r"VmHWM:\s+(\d+) kB", status)
        return int(found[1]) * 1024 if found else 0

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Browser:
    """Headless Chromium on a page; `seen(text)`: when the page that shows the text loaded."""

    def __init__(self) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = _chromium() or ""
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
            options.add_argument(flag)
        service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
        self.driver = webdriver.Chrome(service=service, options=options)

    def open(self, url: str) -> None:
        self.driver.get(url)

    def seen(self, text: str, timeout: float = 120) -> float:
        """Wall-clock time (seconds) when the page that has `text` was loaded in the browser."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if text in self.driver.page_source:
                    loaded = self.driver.execute_script(
                        "const n = performance.getEntriesByType('navigation')[0];return "
                        "performance.timeOrigin + (n ? n.domContentLoadedEventEnd : 0);"
                    )
                    return float(loaded) / 1000
            except Exception:  # the page is reloading
                pass
            time.sleep(0.01)
        raise RuntimeError(f"« {text} » jamais affiché")

    def close(self) -> None:
        self.driver.quit()


class Poller:
    """Without a browser: an HTTP client asking for the page until it has the text."""

    def open(self, url: str) -> None:
        self.url = url

    def seen(self, text: str, timeout: float = 120) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with urllib.request.urlopen(self.url, timeout=30) as response:
                if text in response.read().decode("utf-8"):
                    return time.time()
            time.sleep(0.01)
        raise RuntimeError(f"« {text} » jamais servi")

    def close(self) -> None:
        pass


def _chromium() -> str | None:
    return next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )


def _client() -> Browser | Poller:
    if _chromium() and shutil.which("chromedriver"):
        try:
            return Browser()
        except Exception:  # selenium missing or the browser does not start: measure over HTTP
            pass
    return Poller()


def measure(server: Server, content: Path, size: int) -> dict[str, list[float]]:
    """Times (seconds) from the save to the new text, for each kind of save."""
    times: dict[str, list[float]] = {"texte": [], "titre": [], "liste": [], "vide": []}
    client, listing = _client(), Poller()
    listing.open(f"{server.base}/fiches/")
    try:
        for round_ in range(REPEAT):
            index = (42 + 97 * round_) % size
            sheet = content / "fiches" / f"fiche-{index:05d}.md"
            url = f"{server.base}/fiches/fiche-{index:05d}/"
            client.open(url)
            good = sheet.read_text("utf-8")

            marker = f"Phrase ajoutée numéro {round_}."
            saved = _write(sheet, good.replace("## Étapes", f"{marker}\n\n## Étapes", 1))
            times["texte"].append(client.seen(marker) - saved)

            title = f"Titre changé numéro {round_} pour la mesure"
            new = re.sub(r"^titre: .*$", f"titre: {title}", good, count=1, flags=re.M)
            saved = _write(sheet, new)
            times["titre"].append(client.seen(title) - saved)
            times["liste"].append(listing.seen(title) - saved)

            marker = f"Écrit après un fichier vide, numéro {round_}."
            _write(sheet, "")
            time.sleep(0.2)  # the editor writes a moment later
            saved = _write(sheet, new.replace("## Étapes", f"{marker}\n\n## Étapes", 1))
            times["vide"].append(client.seen(marker) - saved)
            time.sleep(0.5)  # the listings of the last save are built: the next save starts clean
    finally:
        client.close()
    return times


def _write(path: Path, text: str) -> float:
    start = time.time()
    path.write_text(text, encoding="utf-8")
    return start


def _french(seconds: float) -> str:
    return f"{seconds:.2f}".replace(".", ",")


def report(work: Path, sizes: tuple[int, ...]) -> list[str]:
    from bench.corpus import make_corpus

    client = "Chromium" if isinstance(_client_kind := _client(), Browser) else "client HTTP"
    _client_kind.close()
    lines = [
        f"carnet serve — de l'enregistrement à la page à jour ({client}), médiane / pire de "
        f"{REPEAT}, en secondes ; référence : la reconstruction complète, mesurée au démarrage",
        f"{'fiches':>7} {'complète (réf.)':>16} {'texte':>12} {'titre':>12} "
        f"{'liste des fiches':>17} {'vide puis écrit':>16} {'mémoire':>9} {'cible':>7}",
    ]
    for size in sizes:
        content = make_corpus(work / f"preview-{size}", size)
        server = Server(content)
        try:
            built = server.wait_for(r"Aperçu construit : \d+ pages en ([\d,]+) s")
            server.wait_for("Aperçu servi sur")
            full = float(built[1].replace(",", "."))
            times = measure(server, content, size)
            memory = server.peak_memory()
        finally:
            server.stop()
        cells = [
            f"{_french(statistics.median(v))}/{_french(max(v))}"
            for v in (times["texte"], times["titre"], times["liste"], times["vide"])
        ]
        worst = max(max(times["texte"]), max(times["titre"]), max(times["vide"]))
        lines.append(
            f"{size:>7} {_french(full):>14} s {cells[0]:>12} {cells[1]:>12} {cells[2]:>17} "
            f"{cells[3]:>16} {memory / 2**20:>6.0f} Mo {'≤ 1 s':>7}"
            + ("" if worst <= TARGET else "  (au-dessus de la cible)")
        )
        shutil.rmtree(work / f"preview-{size}", ignore_errors=True)
    lines.append(
        "« complète » : ce que `carnet serve` refaisait à chaque enregistrement (site et index de "
        "recherche, sans l'archive hors ligne) ; « liste » : la page fiches/ avec le nouveau titre."
    )
    return lines
