"""`carnet liens`: extracting links, checking them against a local server, the cache, the reports,
the CLI.

No test reaches the Internet: a local server on 127.0.0.1 plays every kind of site, and name
resolution is refused for any other host.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from carnet.cli.liens import DEFAULT_CACHE
from carnet.cli.main import main
from carnet.facilitation.link_check import (
    Offline,
    Settings,
    check_address,
    check_addresses,
    check_links,
    fresh_ok,
    load_cache,
    save_cache,
)
from carnet.facilitation.links import Link, Outcome, address, classify, collect_links, find_urls
from carnet.model.content import load_corpus
from conftest import CASES, FIXTURE, REPO

TIMEOUT = 0.4
# path → (status, Location, seconds to wait before answering)
ROUTES = {
    "ok": (200, "", 0),
    "nouvelle": (200, "", 0),
    "ancienne": (301, "/nouvelle", 0),
    "deplacee": (308, "{base}/ailleurs", 0),
    "ailleurs": (200, "", 0),
    "temporaire": (302, "/ok", 0),
    "voir-ailleurs": (303, "/ok", 0),
    "provisoire": (307, "/ok", 0),
    "absente": (404, "", 0),
    "supprimee": (410, "", 0),
    "panne": (500, "", 0),
    "indisponible": (503, "", 0),
    "interdite": (403, "", 0),
    "lente": (200, "", 1.0),
    "pause": (200, "", 0.08),
    "sans-head": (200, "", 0),
}


class Recorder:
    """What the server saw: each request, and the most /pause requests it served at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str]] = []
        self.active = self.max_active = 0

    def reset(self) -> None:
        with self.lock:
            self.requests, self.max_active = [], 0

    def paths(self) -> Counter:
        return Counter(path for _, path in self.requests)


class Handler(BaseHTTPRequestHandler):
    """Answers by the first segment of the path, as ROUTES says; HEAD is refused on /sans-head."""

    def do_HEAD(self) -> None:
        self.answer()

    def do_GET(self) -> None:
        self.answer()

    def answer(self) -> None:
        recorder: Recorder = self.server.recorder  # type: ignore[attr-defined]
        route = self.path.split("?")[0].strip("/").split("/")[0]
        status, location, delay = ROUTES.get(route, (404, "", 0))
        counted = route == "pause"
        with recorder.lock:
            recorder.requests.append((self.command, self.path))
            if counted:
                recorder.active += 1
                recorder.max_active = max(recorder.max_active, recorder.active)
        try:
            time.sleep(delay)
            if route == "sans-head" and self.command == "HEAD":
                status = 405
            self.send_response(status)
            if location:
                self.send_header(
                    "Location", location.format(base=f"http://127.0.0.1:{self.server.server_port}")
                )
            self.send_header("Content-Length", "0")
            self.end_headers()
        except OSError:
            pass  # the client gave up (timeout): nothing to tell it
        finally:
            if counted:
                with recorder.lock:
                    recorder.active -= 1

    def log_message(self, *args: object) -> None:
        pass


class Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.recorder = Recorder()  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def base(server: Server) -> str:
    server.recorder.reset()  # type: ignore[attr-defined]
    return f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def recorder(server: Server) -> Recorder:
    return server.recorder  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only 127.0.0.1 resolves, and no proxy stands in the way."""
    real = socket.getaddrinfo

    def local_only(host: object, *args: object, **kwargs: object) -> object:
        if host not in ("127.0.0.1", b"127.0.0.1"):
            raise socket.gaierror(socket.EAI_NONAME, "résolution refusée pendant les tests")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local_only)
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- Extraction ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, urls",
    [
        ("voir [le site](https://a.fr/page) ici", ["https://a.fr/page"]),
        ('[lien](https://a.fr/x "Titre")', ["https://a.fr/x"]),
        ("<https://a.fr/x>", ["https://a.fr/x"]),
        ("Allez sur https://a.fr/x.", ["https://a.fr/x"]),
        ("(voir https://a.fr/x), puis", ["https://a.fr/x"]),
        ("[wiki](https://fr.wikipedia.org/wiki/A_(b))", ["https://fr.wikipedia.org/wiki/A_(b)"]),
        ("« https://a.fr/x » et **https://a.fr/gras**", ["https://a.fr/x", "https://a.fr/gras"]),
        ("[réf]: https://a.fr/ref", ["https://a.fr/ref"]),
        ("[https://a.fr](https://a.fr)", ["https://a.fr", "https://a.fr"]),
        ("HTTP://A.FR/X?q=1&r=2#haut", ["HTTP://A.FR/X?q=1&r=2#haut"]),
        ("l'adresse `https://ameli-remboursement.info` est fausse", []),
        ("```\nhttps://a.fr/code\n```\nhttps://a.fr/apres", ["https://a.fr/apres"]),
        ("<!-- https://a.fr/commentaire -->", []),
        ("un ` isolé\n\nhttps://a.fr/x et `https://a.fr/code`", ["https://a.fr/x"]),
        ("``code avec ` dedans https://a.fr/y``", []),
        ("mailto:x@y.fr, ftp://a.fr, https:// seul, www.a.fr", []),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_find_urls(text: str, urls: list[str]) -> None:
    assert [url for _, url in find_urls(text)] == urls


FICHE = """---
titre: "Des liens"
liens:
  - titre: Site
    url: https://site.example/a
voir_aussi: []
---

## Situation

Voir [la page](https://corps.example/page) et https://corps.example/nue.
Même lien deux fois : https://corps.example/nue et [encore](https://corps.example/nue).
"""
THEME = """---
titre: Thème
rencontre:
  date: 2026-11-26
  visio_url: https://visio.example/salle
  inscription_url: https://inscription.example/form
---

Éditorial avec <https://edito.example/>.
"""
ADMINISTRATIONS = """- id: caf
  nom: CAF
  site: https://www.caf.example
  description: Prestations.
  signalement:
    url: https://www.caf.example/contact
"""


@pytest.fixture
def links_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    shutil.copytree(CASES / "_referentiels", content / "referentiels")
    (content / "referentiels" / "administrations.yml").write_text(ADMINISTRATIONS, encoding="utf-8")
    for folder, name, text in [
        ("fiches", "des-liens.md", FICHE),
        ("themes", "2026-11.md", THEME),
        ("dysfonctionnements", "bug.md", "---\ntitre: Bug\nurl: https://bug.example/x\n---\n"),
    ]:
        (content / folder).mkdir()
        (content / folder / name).write_text(text, encoding="utf-8")
    return content


def test_collect_links_finds_every_kind_at_its_line(links_tree: Path) -> None:
    assert collect_links(load_corpus(links_tree)) == [
        Link("content/dysfonctionnements/bug.md", 3, 1, "https://bug.example/x"),
        Link("content/fiches/des-liens.md", 5, 5, "https://site.example/a"),
        Link("content/fiches/des-liens.md", 11, 16, "https://corps.example/page"),
        Link("content/fiches/des-liens.md", 11, 47, "https://corps.example/nue"),
        Link("content/fiches/des-liens.md", 12, 23, "https://corps.example/nue"),
        Link("content/referentiels/administrations.yml", 3, 3, "https://www.caf.example"),
        Link("content/referentiels/administrations.yml", 6, 5, "https://www.caf.example/contact"),
        Link("content/themes/2026-11.md", 5, 3, "https://visio.example/salle"),
        Link("content/themes/2026-11.md", 6, 3, "https://inscription.example/form"),
        Link("content/themes/2026-11.md", 9, 17, "https://edito.example/"),
    ]


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://a.fr", "https://a.fr/"),
        ("HTTPS://A.FR/Page", "https://a.fr/Page"),
        ("https://a.fr/démarche?q=été#section", "https://a.fr/d%C3%A9marche?q=%C3%A9t%C3%A9"),
        ("https://a.fr/deja%20code", "https://a.fr/deja%20code"),
        ("http://127.0.0.1:8000/x", "http://127.0.0.1:8000/x"),
        ("https://élysée.fr/", "https://xn--lyse-9oad.fr/"),
        ("http://[::1]:8080/a", "http://[::1]:8080/a"),
        ("http://127.0.0.1:99x/", "http://127.0.0.1:99x/"),
    ],
)
def test_address_is_what_a_server_receives(url: str, expected: str) -> None:
    assert address(url) == expected


# --- Classification against a local server ------------------------------------------------------


@pytest.mark.parametrize(
    "path, state, status, location",
    [
        ("/ok", "ok", 200, ""),
        ("/ancienne", "redirige", 301, "/nouvelle"),
        ("/deplacee", "redirige", 308, "/ailleurs"),
        ("/temporaire", "ok", 302, "/ok"),
        ("/voir-ailleurs", "ok", 303, "/ok"),
        ("/provisoire", "ok", 307, "/ok"),
        ("/absente", "mort", 404, ""),
        ("/supprimee", "mort", 410, ""),
        ("/panne", "mort", 500, ""),
        ("/indisponible", "mort", 503, ""),
        ("/interdite", "a-verifier", 403, ""),
        ("/sans-head", "ok", 200, ""),
    ],
)
def test_check_and_classify(base: str, path: str, state: str, status: int, location: str) -> None:
    outcome = check_address(base + path, TIMEOUT)
    assert (classify(outcome), outcome.status, outcome.error) == (state, status, "")
    assert outcome.location == (
        base + location if location else ""
    )  # relative Location made absolute


def test_head_first_then_get_only_when_head_is_refused(base: str, recorder: Recorder) -> None:
    for path in ("/ok", "/sans-head", "/absente"):
        check_address(base + path, TIMEOUT)
    assert recorder.requests == [
        ("HEAD", "/ok"),
        ("HEAD", "/sans-head"),
        ("GET", "/sans-head"),
        ("HEAD", "/absente"),
        ("GET", "/absente"),
    ]


def test_timeout_is_a_dead_link(base: str) -> None:
    start = time.monotonic()
    outcome = check_address(base + "/lente", TIMEOUT)
    assert (classify(outcome), outcome.status, outcome.error) == ("mort", None, "delai")
    assert time.monotonic() - start < TIMEOUT + 0.4  # no GET retry after a timeout


@pytest.mark.parametrize(
    "url, error",
    [
        (f"http://127.0.0.1:{closed_port()}/", "connexion"),
        ("https://nexiste-pas.invalid/", "dns"),
        ("http://127.0.0.1:99x/", "adresse"),
    ],
)
def test_unreachable_addresses_are_dead(url: str, error: str) -> None:
    outcome = check_address(url, TIMEOUT)
    assert (classify(outcome), outcome.error) == ("mort", error)


# --- Politeness
# -------------------------------------------------------------------------------------


@pytest.mark.parametrize("per_host", [1, 2, 3])
def test_per_host_limit_is_respected_by_the_server(
    base: str, recorder: Recorder, per_host: int
) -> None:
    urls = [f"{base}/pause?n={n}" for n in range(6)]
    outcomes = check_addresses(urls, Settings(timeout=TIMEOUT, per_host=per_host, workers=8))
    assert {classify(o) for o in outcomes.values()} == {"ok"} and len(outcomes) == 6
    assert recorder.max_active <= per_host  # never more
    assert recorder.max_active >= min(
        per_host, 2
    )  # and several at once when allowed (a loaded machine may not reach 3)


def test_other_sites_are_checked_meanwhile() -> None:
    """The scheduler gives each site its share at once: 3 sites × 2 requests run together."""
    lock, active, peak = threading.Lock(), Counter(), Counter()

    def fake(url: str, timeout: float) -> Outcome:
        host = url.split("/")[2]
        with lock:
            active[host] += 1
            active["*"] += 1
            peak[host], peak["*"] = max(peak[host], active[host]), max(peak["*"], active["*"])
        time.sleep(0.03)
        with lock:
            active[host] -= 1
            active["*"] -= 1
        return Outcome(200)

    urls = [f"https://site{s}.example/{n}" for n in range(4) for s in range(3)]
    progress: list[tuple[int, int]] = []
    check_addresses(
        urls, Settings(per_host=2, workers=8), lambda d, t: progress.append((d, t)), check=fake
    )
    assert peak == Counter({"site0.example": 2, "site1.example": 2, "site2.example": 2, "*": 6})
    assert progress == [(n, 12) for n in range(1, 13)]


# --- Cache
# --------------------------------------------------------------------------------------------

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def stamp(hours_ago: float) -> str:
    return (NOW - timedelta(hours=hours_ago)).isoformat(timespec="seconds")


def test_fresh_ok_reuses_only_recent_good_results() -> None:
    cache = {
        "https://recent.example/": Outcome(200, checked_at=stamp(2)),
        "https://ancien.example/": Outcome(200, checked_at=stamp(25)),
        "https://temporaire.example/": Outcome(
            302, "https://ailleurs.example/", checked_at=stamp(1)
        ),
        "https://mort.example/": Outcome(404, checked_at=stamp(1)),
        "https://redirige.example/": Outcome(301, "https://b.example/", checked_at=stamp(1)),
        "https://date-illisible.example/": Outcome(200, checked_at="hier"),
    }
    assert list(fresh_ok(cache, [*cache, "https://nouveau.example/"], NOW, 24)) == [
        "https://recent.example/",
        "https://temporaire.example/",
    ]


def test_cache_round_trip_and_self_ignoring_folder(tmp_path: Path) -> None:
    path = tmp_path / ".cache" / "liens.json"
    outcomes = {
        "https://a.example/": Outcome(200, checked_at=stamp(1)),
        "https://b.example/": Outcome(None, error="delai", checked_at=stamp(1)),
    }
    save_cache(path, outcomes, pytest.fail)
    assert load_cache(path, pytest.fail) == outcomes
    assert (tmp_path / ".cache" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_unreadable_cache_is_ignored_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "liens.json"
    path.write_text("{pas du json", encoding="utf-8")
    warnings: list[str] = []
    assert load_cache(path, warnings.append) == {}
    assert warnings == [f"cache illisible, ignoré : {path}"]


@pytest.mark.parametrize(
    "where, reason",
    [
        ("notes.txt/cache.json", "un fichier est sur le chemin, à la place d'un dossier"),
        ("dossier", "c'est un dossier"),
    ],
)
def test_cache_that_cannot_be_written_is_said_in_french(
    tmp_path: Path, where: str, reason: str
) -> None:
    (tmp_path / "notes.txt").write_text("à garder", encoding="utf-8")
    (tmp_path / "dossier").mkdir()
    warnings: list[str] = []
    save_cache(tmp_path / where, {"https://a.fr/": Outcome(200)}, warnings.append)
    assert warnings == [f"cache non enregistré ({reason}) : {tmp_path / where}"]


# --- The command, end to end
# -----------------------------------------------------------------------

BODY = """
## Liens à vérifier

- [Bonne page]({base}/ok/page) et [page déplacée]({base}/ancienne#etape-2).
- Redirection provisoire : <{base}/temporaire>
- [Disparue]({base}/absente), [en panne]({base}/panne).
- Trop lente : {base}/lente.
"""


def site_tree(tmp_path: Path, base: str, body: str) -> Path:
    """The site fixture with its https links pointed at the local server, and `body` added to a
    sheet.
    """
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    for path in content.rglob("*.*"):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            re.sub(r"https://([\w.-]+)", lambda m: f"{base}/ok/{m.group(1)}", text),
            encoding="utf-8",
        )
    sheet = content / "fiches" / "adresse-mail.md"
    sheet.write_text(sheet.read_text(encoding="utf-8") + body.format(base=base), encoding="utf-8")
    return content


@pytest.fixture
def e2e(tmp_path: Path, base: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return site_tree(tmp_path, base, BODY)


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(["liens", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_report_and_exit_code(e2e: Path, base: str, capsys: pytest.CaptureFixture) -> None:
    code, out, err = run(capsys, "--delai", str(TIMEOUT).replace(".", ","))
    # BODY starts at its line 30; columns assume a 5-digit port
    sheet = "content/fiches/adresse-mail.md"
    passing = (
        "le site est peut-être en panne passagère : relancez « carnet liens » plus tard avant de "
        "corriger"
    )
    assert code == 1
    assert out == (
        f"{sheet}:33:67: avertissement [lien-redirige] lien redirigé définitivement (301) : « "
        f"{base}/ancienne#etape-2 »\n  aide : remplacez par {base}/nouvelle#etape-2\n"
        f"{sheet}:35:14: erreur [lien-mort] lien mort « {base}/absente » : page introuvable (404)\n"
        "  aide : ouvrez l'adresse dans un navigateur ; si la page a disparu, cherchez sa nouvelle "
        "adresse sur le site officiel ou retirez le lien\n"
        f"{sheet}:35:58: erreur [lien-mort] lien mort « {base}/panne » : erreur du serveur (500)\n "
        f" aide : {passing}\n{sheet}:36:16: erreur [lien-mort] lien mort « {base}/lente » : pas de "
        f"réponse dans le délai\n  aide : {passing}\n"
        "3 liens morts, 1 redirection permanente, 0 lien à vérifier parmi 10 liens (10 adresses) "
        "dans 16 fichiers\n"
    )
    assert err.splitlines()[-1] == "Vérification des liens : 10/10"
    assert json.loads((e2e.parent / DEFAULT_CACHE).read_text(encoding="utf-8"))["version"] == 1


def test_second_run_asks_only_what_was_not_ok(
    e2e: Path, base: str, recorder: Recorder, capsys: pytest.CaptureFixture
) -> None:
    first = run(capsys, "--delai", str(TIMEOUT))
    recorder.reset()
    second = run(capsys, "--delai", str(TIMEOUT))
    assert second[0] == first[0] == 1
    assert second[1] == first[1].replace(
        "dans 16 fichiers\n", "dans 16 fichiers, dont 6 adresses reprises du cache\n"
    )
    assert recorder.paths() == Counter({"/ancienne": 1, "/absente": 2, "/panne": 2, "/lente": 1})
    recorder.reset()
    run(capsys, "--delai", str(TIMEOUT), "--sans-cache")
    assert len(recorder.paths()) == 10


def test_markdown_report_for_the_issue(e2e: Path, base: str, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "--delai", str(TIMEOUT), "--format", "markdown", "--sans-cache")
    hint = (
        "le site est peut-être en panne passagère : relancez « carnet liens » plus tard avant de "
        "corriger"
    )
    assert code == 1
    assert out == (
        "Vérification du 23/11/2026 : 3 liens morts, 1 redirection permanente, 0 lien à vérifier "
        "parmi 10 liens (10 adresses) dans 16 fichiers.\n\n### `content/fiches/adresse-mail.md`\n\n"
        "| Ligne | Problème | Lien | À faire |\n| ---: | --- | --- | --- |\n"
        f"| 33 | redirection permanente (301) | {base}/ancienne#etape-2 | remplacez par "
        f"{base}/nouvelle#etape-2 |\n| 35 | lien mort : page introuvable (404) | {base}/absente | "
        f"ouvrez l'adresse dans un navigateur ; si la page "
        "a disparu, cherchez sa nouvelle adresse sur le site officiel ou retirez le lien |\n"
        f"| 35 | lien mort : erreur du serveur (500) | {base}/panne | {hint} |\n| 36 | lien mort : "
        f"pas de réponse dans le délai | {base}/lente | {hint} |\n\n"
        "Rapport de `carnet liens` ; pour vérifier à nouveau sur votre ordinateur : "
        "`.venv/bin/carnet liens`.\n"
    )


def test_json_report(e2e: Path, base: str, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "--delai", str(TIMEOUT), "--format", "json", "--sans-cache")
    data = json.loads(out)
    assert code == 1
    assert {k: v for k, v in data.items() if k != "constats"} == {
        "date": "2026-11-23",
        "liens_morts": 3,
        "redirections": 1,
        "a_verifier": 0,
        "liens": 10,
        "adresses": 10,
        "fichiers": 16,
        "depuis_le_cache": 0,
    }
    assert data["constats"][0] == {
        "chemin": "content/fiches/adresse-mail.md",
        "ligne": 33,
        "colonne": 67,
        "gravite": "avertissement",
        "code": "lien-redirige",
        "message": f"lien redirigé définitivement (301) : « {base}/ancienne#etape-2 »",
        "aide": f"remplacez par {base}/nouvelle#etape-2",
        "url": f"{base}/ancienne#etape-2",
        "etat": "redirige",
        "statut": 301,
        "erreur": "",
        "nouvelle_adresse": f"{base}/nouvelle#etape-2",
    }


@pytest.mark.parametrize(
    "body, options, code, last_line",
    [
        (
            "\nTout va bien : {base}/ok/a et {base}/temporaire.\n",
            [],
            0,
            "0 lien mort, 0 redirection permanente, 0 lien à vérifier parmi 6 liens (6 adresses) "
            "dans 16 fichiers",
        ),
        (
            "\nDéplacée : {base}/ancienne\n",
            [],
            0,
            "0 lien mort, 1 redirection permanente, 0 lien à vérifier parmi 5 liens (5 adresses) "
            "dans 16 fichiers",
        ),
        (
            "\nDéplacée : {base}/ancienne\n",
            ["--strict"],
            1,
            "0 lien mort, 1 redirection permanente, 0 lien à vérifier parmi 5 liens (5 adresses) "
            "dans 16 fichiers",
        ),
        (
            "\nRefusée aux robots : {base}/interdite\n",
            [],
            0,
            "0 lien mort, 0 redirection permanente, 1 lien à vérifier parmi 5 liens (5 adresses) "
            "dans 16 fichiers",
        ),
    ],
    ids=["tout-va-bien", "redirection", "redirection-strict", "a-verifier"],
)
def test_exit_codes(
    tmp_path: Path,
    base: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
    body: str,
    options: list[str],
    code: int,
    last_line: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    site_tree(tmp_path, base, body)
    result, out, _ = run(capsys, "--sans-cache", "--delai", str(TIMEOUT), *options)
    assert (result, out.splitlines()[-1]) == (code, last_line)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--content", "nulle-part"], "dossier de contenu introuvable : nulle-part"),
        (["--delai", "0"], "« 0 » n'est pas un nombre de secondes positif"),
        (["--delai", "vite"], "« vite » n'est pas un nombre de secondes positif"),
        (["--par-site", "0"], "« 0 » n'est pas un nombre entier positif"),
        (["--format", "xml"], "choix invalide"),
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        code = main(["liens", *args])
    except SystemExit as exc:  # argparse's own exit, in French through FrenchParser
        code = exc.code
    assert code == 2 and message in capsys.readouterr().err


# --- Without a network
# ------------------------------------------------------------------------------


def test_without_network_no_link_is_called_dead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """The fixture's official sites (caf.fr, ameli.fr, francetravail.fr…) cannot be resolved, as
    on a laptop without wifi: the command says so, calls no link dead, keeps the cache."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURE, tmp_path / "content")
    cache = tmp_path / DEFAULT_CACHE
    save_cache(
        cache,
        {"https://www.caf.fr/": Outcome(200, checked_at="2026-11-01T08:00:00+00:00")},
        print,
    )
    before = cache.read_bytes()
    code, out, err = run(capsys)
    assert (code, out) == (2, "")
    assert "cet ordinateur n'est sans doute pas connecté à internet" in err
    assert "aucun n'est déclaré mort" in err and "puis relancez «\u00a0carnet liens\u00a0»" in err
    assert cache.read_bytes() == before


@pytest.mark.parametrize(
    "hosts, offline",
    [(["caf.fr", "ameli.fr", "msa.fr", "urssaf.fr"], True), (["a.fr", "b.fr"], False)],
)
def test_offline_is_told_after_one_address_per_site(hosts: list[str], offline: bool) -> None:
    """Fifty links on four unreachable sites: four requests, not fifty timeouts. Two dead sites
    alone may really be gone: their links are reported, one by one."""
    urls = [f"https://www.{host}/page-{n}" for n in range(50 // len(hosts)) for host in hosts]
    asked: list[str] = []

    def unreachable(url: str, timeout: float) -> Outcome:
        asked.append(url)
        return Outcome(error="dns")

    settings = Settings(timeout=TIMEOUT)
    if offline:
        with pytest.raises(Offline):
            check_links(urls, settings, {}, lambda done, total: None, check=unreachable)
        assert sorted(asked) == sorted(f"https://www.{host}/page-0" for host in hosts)
    else:
        outcomes, _ = check_links(urls, settings, {}, lambda done, total: None, check=unreachable)
        assert sorted(outcomes) == sorted(asked) == sorted(urls)


# --- The weekly workflow
# -----------------------------------------------------------------------------


def test_workflow_is_weekly_and_never_puts_the_report_in_shell() -> None:
    workflow = yaml.safe_load(
        (REPO / ".github" / "workflows" / "liens.yml").read_text(encoding="utf-8")
    )
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    assert workflow["permissions"] == {"contents": "read", "issues": "write"}
    runs = "\n".join(
        step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]
    )
    assert "--body-file" in runs and "carnet liens --strict --format markdown > rapport.md" in runs
    assert "$(cat" not in runs and "--body " not in runs
