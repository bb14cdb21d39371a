"""`carnet serve` rebuilds only what a save changes, waits out saves in progress, shows errors.

Two halves: the choice of pages, in plain Python (every random edit gives the same pages as a full
build), and the preview as a person uses it (a real `carnet serve`, a sheet open in Chromium, its
file saved on disk the way editors save).
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from browser import chromium, real_clock_env
from conftest import FIXTURE, REPO, SCREENSHOTS, TODAY
from test_search import ask, open_search
from test_serve import fetch, free_port

# The pure half ---------------------------------------------------------------------------------


def _settings():
    from carnet.site.pages.common import SiteSettings

    return SiteSettings(
        today=TODAY,
        edit_base="https://github.com/reseau/carnet/edit/main/content/",
        site_name="Carnet de terrain",
        site_url="https://reseau.example.org/carnet/",
        repo_url="https://github.com/reseau/carnet",
        contact="animation@reseau.fr",
        extra={"hors_ligne": True, "edition": None},
    )


def _full(content: Path) -> dict:
    from carnet.model.content import load_corpus
    from carnet.site.build import build_site

    return {page.src_uri: page for page in build_site(load_corpus(content), _settings())}


def _front(path: Path) -> tuple[dict, str]:
    text = path.read_text("utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _write(path: Path, meta: dict, body: str) -> None:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


class Editor:
    """Random edits of the kinds contributors make, each one valid."""

    def __init__(self, content: Path, seed: int) -> None:
        self.content, self.rng = content, random.Random(seed)
        refs = content / "referentiels"
        self.ids = {
            name: [e["id"] for e in yaml.safe_load((refs / f"{name}.yml").read_text("utf-8"))]
            for name in ("administrations", "competences", "publics")
        }
        self.count = 0

    def files(self, folder: str) -> list[Path]:
        return sorted((self.content / folder).glob("*.md"))

    def linked(self) -> set[str]:
        """Ids that another file links to: deleting one would be an error, not an edit."""
        found: set[str] = set()
        for folder in ("fiches", "anecdotes", "dysfonctionnements", "themes"):
            for path in self.files(folder):
                meta, _ = _front(path)
                found |= set(meta.get("voir_aussi") or []) | set(meta.get("selection") or [])
        return found

    def edit(self) -> tuple[str, list[Path]]:
        rng = self.rng
        sheets = self.files("fiches") + self.files("anecdotes") + self.files("dysfonctionnements")
        path = rng.choice(sheets)
        meta, body = _front(path)
        what = rng.choice(
            ["body", "title", "resume", "refs", "link", "theme", "new", "delete", "exemple", "page"]
        )
        self.count += 1
        if what == "body":
            _write(path, meta, body.rstrip() + f"\n\nUne phrase de plus ({self.count}).\n")
        elif what == "title":
            meta["titre"] = f"Un titre changé pour la {self.count}e fois"
            _write(path, meta, body)
        elif what == "resume":
            meta["resume"] = f"Un résumé tout neuf, numéro {self.count}, pour la liste."
            _write(path, meta, body)
        elif what == "refs" and "administrations" in meta:
            meta["administrations"] = rng.sample(self.ids["administrations"], 2)
            _write(path, meta, body)
        elif what == "link":
            other = rng.choice([p for p in sheets if p != path])
            meta["voir_aussi"] = [*(meta.get("voir_aussi") or []), other.stem][-3:]
            meta["voir_aussi"] = list(dict.fromkeys(meta["voir_aussi"]))
            _write(path, meta, body)
        elif what == "theme":
            theme = rng.choice(self.files("themes"))
            tmeta, tbody = _front(theme)
            selection = list(tmeta.get("selection") or [])
            if path.stem in selection and len(selection) > 1:
                selection.remove(path.stem)
            else:
                selection.append(path.stem)
            tmeta["selection"] = list(dict.fromkeys(selection))
            _write(theme, tmeta, tbody)
            return f"theme {theme.name}", [theme]
        elif what == "new":
            new = path.with_name(f"{path.stem}-copie-{self.count}.md")
            meta["titre"] = f"Une copie numéro {self.count}"
            meta["voir_aussi"] = [path.stem]
            _write(new, meta, body)
            return f"new {new.name}", [new]
        elif what == "delete" and path.stem not in self.linked():
            path.unlink()
        elif what == "exemple":
            meta["exemple"] = not meta.get("exemple", False)
            _write(path, meta, body)
        elif what == "page":
            page = rng.choice(self.files("pages"))
            pmeta, pbody = _front(page)
            _write(page, pmeta, pbody.rstrip() + f"\n\nUn paragraphe ({self.count}).\n")
            return f"page {page.name}", [page]
        return f"{what} {path.name}", [path]


def _drain(preview) -> int:
    count = 0
    while (done := preview.later()) is not None:
        count += len(done[1])
    return count


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pages_rebuilt_after_random_saves_are_those_of_a_full_build(tmp_path, seed) -> None:
    from carnet.model.content import load_corpus
    from carnet.site.build import build_site
    from carnet.site.incremental import Preview, pages_differ

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    corpus = load_corpus(content)
    preview = Preview(corpus, _settings(), build_site(corpus, _settings()))
    editor = Editor(content, seed)
    for _ in range(20):
        label, paths = editor.edit()
        update = preview.update(paths, settle=False)
        assert not update.errors, (label, [f.message for f in update.errors])
        _drain(preview)
        assert pages_differ(preview.pages, _full(content)) == [], label


def test_a_body_edit_rebuilds_one_page_and_a_title_edit_the_pages_that_list_it(tmp_path) -> None:
    from carnet.model.content import load_corpus
    from carnet.site.build import build_site
    from carnet.site.incremental import Preview

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    corpus = load_corpus(content)
    preview = Preview(corpus, _settings(), build_site(corpus, _settings()))
    sheet = content / "fiches" / "adresse-mail.md"
    meta, body = _front(sheet)

    _write(sheet, meta, body + "\nUne phrase ajoutée.\n")
    update = preview.update([sheet], settle=False)
    assert [p.src_uri for p in update.pages] == ["fiches/adresse-mail.md"]
    rest = set()
    while (done := preview.later()) is not None:
        rest |= {p.src_uri for p in done[1]}
    # its text is printed whole with the themes that select it…
    assert rest == {"themes/2026-10/imprimer.md", "themes/2026-11/imprimer.md"}
    meta["titre"] = "Ouvrir une boîte aux lettres électronique"
    _write(sheet, meta, body)
    update = preview.update([sheet], settle=False)
    assert [p.src_uri for p in update.pages] == ["fiches/adresse-mail.md"]
    rest = set()
    while (done := preview.later()) is not None:
        rest |= {p.src_uri for p in done[1]}
    # …its title is on the listings, its hubs, its theme and the sheet it links to.
    assert {
        "fiches/index.md",
        "administrations/caf.md",
        "publics/seniors.md",
        "themes/2026-11.md",
        "fiches/mot-de-passe.md",
    } <= rest
    assert "fiches/actualisation.md" not in rest  # no link, no shared listing: left alone
    assert "anecdotes/index.md" not in rest


def test_an_empty_file_is_waited_for_and_a_lasting_error_reported(tmp_path) -> None:
    from carnet.model.content import load_corpus
    from carnet.site.build import build_site
    from carnet.site.incremental import SETTLE, Preview

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    corpus = load_corpus(content)
    preview = Preview(corpus, _settings(), build_site(corpus, _settings()))
    sheet = content / "fiches" / "adresse-mail.md"
    good = sheet.read_text("utf-8")
    sheet.write_text("", encoding="utf-8")  # the editor empties the file…

    def write_later() -> None:  # time.sleep, not a Timer: libfaketime stalls timed thread waits
        time.sleep(0.3)
        sheet.write_text(good.replace("Une situation.", "Réécrite."))

    threading.Thread(target=write_later).start()
    update = preview.update([sheet])  # …and writes it a moment later: no error
    assert update.errors == [] and update.waited
    assert "Réécrite." in preview.pages["fiches/adresse-mail.md"].markdown

    sheet.write_text("", encoding="utf-8")
    start = time.monotonic()
    update = preview.update([sheet])  # left empty: an error, after the wait
    assert [f.code for f in update.errors] == ["fichier-vide"]
    assert time.monotonic() - start >= SETTLE
    assert "Réécrite." in preview.pages["fiches/adresse-mail.md"].markdown  # last good version


# The preview as a person uses it ------------------------------------------------------------------


class Serve:
    """`carnet serve` in a subprocess; its output is read as it comes."""

    def __init__(self, content: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = real_clock_env(CARNET_AUJOURDHUI=TODAY.isoformat())
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "carnet",
                "serve",
                "--content",
                str(content),
                "--adresse",
                f"127.0.0.1:{self.port}",
            ],
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

    def wait_for(self, pattern: str, after: int = 0, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[after:]:
                if re.search(pattern, line):
                    return line
            time.sleep(0.05)
        raise AssertionError(f"« {pattern} » absent de :\n" + "\n".join(self.lines))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def served(tmp_path) -> Iterator[tuple[Serve, Path]]:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    server = Serve(content)
    try:
        fetch(server.base + "/", time.monotonic() + 90)
        server.wait_for("Aperçu servi sur")
        yield server, content
    finally:
        server.stop()


@pytest.fixture
def browser():
    driver = chromium(1200, 900)
    yield driver
    driver.quit()


def _shows(driver, text: str, timeout: float = 15) -> None:
    """Wait for the page to show `text`; the page reloads meanwhile, so the body read at one poll
    may be gone at the next step of the same poll (then the next poll reads the new one)."""
    WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: text in d.find_element(By.TAG_NAME, "body").text
    )


def _banner(driver) -> str:
    found = driver.find_elements(By.CSS_SELECTOR, "[role=alert].carnet-apercu-erreur")
    return found[0].text if found else ""


def test_a_save_reaches_the_open_page_even_after_a_moment_empty(served, browser) -> None:
    server, content = served
    browser.get(server.base + "/fiches/adresse-mail/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Créer une adresse e-mail"
    browser.execute_script("window.carnetAvant = 1")  # gone after a reload
    sheet = content / "fiches" / "adresse-mail.md"
    good = sheet.read_text("utf-8")

    other = chromium(1200, 900)  # another tab, on a page that does not show the sheet's text
    try:
        other.get(server.base + "/fiches/actualisation/")
        other.execute_script("window.carnetAvant = 1")
        before = len(server.lines)
        sheet.write_text(good.replace("Une situation.", "Une situation vécue en atelier."), "utf-8")
        _shows(browser, "Une situation vécue en atelier.")
        assert browser.execute_script("return window.carnetAvant") is None
        time.sleep(1)
        assert other.execute_script("return window.carnetAvant") == 1  # never reloaded
    finally:
        other.quit()
    line = server.wait_for(r"Modifié : .*adresse-mail\.md → 1 page reconstruite", before)
    assert "fiches/adresse-mail/" in line

    # Once saves pause, the search index follows: the dialog finds the new words.
    server.wait_for(r"Recherche : index mis à jour", before)
    searching = chromium(1200, 900)
    try:
        open_search(searching, server.base + "/")
        status, pages = ask(searching, server.base, "vécue en atelier")
    finally:
        searching.quit()
    assert pages == ["fiches/adresse-mail"], status

    # An editor that empties the file, then writes it: no error, the new text.
    before = len(server.lines)
    sheet.write_text("", encoding="utf-8")
    time.sleep(0.3)
    sheet.write_text(good.replace("Une situation.", "Écrit après un fichier vide."), "utf-8")
    _shows(browser, "Écrit après un fichier vide.")
    assert _banner(browser) == ""
    server.wait_for(r"Modifié : .*adresse-mail\.md", before)
    assert not any("Erreur" in line for line in server.lines[before:])


def test_an_error_is_shown_in_the_page_and_the_terminal_and_the_next_save_recovers(
    served, browser
) -> None:
    server, content = served
    browser.get(server.base + "/fiches/adresse-mail/")
    sheet = content / "fiches" / "adresse-mail.md"
    good = sheet.read_text("utf-8")

    before = len(server.lines)
    sheet.write_text(good.replace('titre: "Créer une adresse e-mail"', "titre: ["), "utf-8")
    WebDriverWait(browser, 15).until(lambda d: _banner(d))
    banner = _banner(browser)
    assert "Votre dernier enregistrement n'est pas pris en compte" in banner
    assert "adresse-mail.md" in banner and "YAML" in banner
    assert browser.find_element(By.TAG_NAME, "h1").text == "Créer une adresse e-mail"
    server.wait_for(r"Erreur dans .*adresse-mail\.md", before)
    # Every page says it, the home page too.
    browser.get(server.base + "/")
    assert "adresse-mail.md" in _banner(browser)

    browser.get(server.base + "/fiches/adresse-mail/")
    before = len(server.lines)
    sheet.write_text(good.replace("Une situation.", "Corrigée et enregistrée."), "utf-8")
    _shows(browser, "Corrigée et enregistrée.")
    assert _banner(browser) == ""
    server.wait_for(r"Corrigé : .*adresse-mail\.md → 1 page reconstruite", before)


def test_a_new_sheet_with_an_error_shows_it_at_its_address_then_its_page_once_fixed(
    served, browser
) -> None:
    """The address of a new sheet whose file has an error said « Page introuvable » alone (and
    loaded the search from a host named « assets »), and stayed so after the fix."""
    server, content = served
    good = (content / "fiches" / "mot-de-passe.md").read_text("utf-8")
    new = content / "fiches" / "nouvelle-fiche.md"
    before = len(server.lines)
    new.write_text(
        re.sub(r'^titre: ".*"$', 'titre "Une fiche toute neuve"', good, count=1, flags=re.M),
        "utf-8",
    )
    line = server.wait_for(r"Erreur dans .*nouvelle-fiche\.md", before)
    assert "la page n'apparaîtra qu'une fois le fichier corrigé" in line
    assert "dernière version correcte" not in line
    browser.get(server.base + "/fiches/nouvelle-fiche/")
    banner = _banner(browser)
    assert "nouvelle-fiche.md, ligne 2" in banner and "YAML" in banner, banner
    # The line where the « : » is missing, shown with the one above it.
    assert 'titre "Une fiche toute neuve"' in banner and "Aide :" in banner, banner
    assert "une nouvelle page n'apparaît qu'une fois son fichier corrigé" in banner
    assert browser.find_element(By.TAG_NAME, "h1").text == "Page introuvable"
    scripts = [
        e.get_attribute("src") for e in browser.find_elements(By.CSS_SELECTOR, "script[src]")
    ]
    assert scripts and all(src.startswith(server.base + "/") for src in scripts), scripts
    browser.save_screenshot(str(SCREENSHOTS / "apercu-nouvelle-fiche-erreur.png"))

    before = len(server.lines)
    new.write_text(
        re.sub(r'^titre: ".*"$', 'titre: "Une fiche toute neuve"', good, count=1, flags=re.M),
        "utf-8",
    )
    server.wait_for(r"nouvelle-fiche\.md → 1 page reconstruite", before)
    WebDriverWait(browser, 15).until(
        lambda d: d.find_element(By.TAG_NAME, "h1").text == "Une fiche toute neuve"
    )
    assert _banner(browser) == ""


def test_a_title_change_reaches_the_listings_and_a_new_sheet_gets_its_page(served) -> None:
    server, content = served
    sheet = content / "fiches" / "mot-de-passe.md"
    text = sheet.read_text("utf-8")
    title = re.search(r'^titre: "(.*)"$', text, re.M)
    assert title
    before = len(server.lines)
    sheet.write_text(text.replace(title[1], "Retrouver un mot de passe perdu"), "utf-8")
    server.wait_for(r"puis \d+ pages reconstruites qui le montrent", before)
    listing = fetch(server.base + "/fiches/", time.monotonic() + 10).decode("utf-8")
    assert "Retrouver un mot de passe perdu" in listing
    # The sheet that links to it says its new title too.
    linking = fetch(server.base + "/fiches/adresse-mail/", time.monotonic() + 10).decode("utf-8")
    assert "Retrouver un mot de passe perdu" in linking

    new = content / "fiches" / "nouvelle-fiche.md"
    before = len(server.lines)
    new.write_text(
        text.replace(title[1], "Une fiche toute neuve").replace("voir_aussi", "voir_aussi_"),
        "utf-8",
    )
    server.wait_for(r"nouvelle-fiche\.md → 1 page reconstruite", before)
    page = fetch(server.base + "/fiches/nouvelle-fiche/", time.monotonic() + 10).decode("utf-8")
    assert "Une fiche toute neuve" in page

    before = len(server.lines)
    new.unlink()  # and a deleted one loses it
    server.wait_for(r"nouvelle-fiche\.md → 1 page retirée", before)
    with pytest.raises(urllib.error.HTTPError) as gone:
        urllib.request.urlopen(server.base + "/fiches/nouvelle-fiche/", timeout=10)
    assert gone.value.code == 404
    server.wait_for(r"puis \d+ pages? reconstruites? qui le montrent", before)
    listing = fetch(server.base + "/fiches/", time.monotonic() + 10).decode("utf-8")
    assert "Une fiche toute neuve" not in listing


def test_content_with_errors_at_start_is_said_in_the_browser_and_a_save_builds_it(tmp_path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    sheet = content / "fiches" / "adresse-mail.md"
    good = sheet.read_text("utf-8")
    sheet.write_text(
        good.replace("administrations: [france-travail, caf]", "administrations: [pole-emplo]"),
        "utf-8",
    )
    server = Serve(content)
    try:
        page = fetch(server.base + "/fiches/adresse-mail/", time.monotonic() + 90).decode("utf-8")
        assert "Le carnet n&#x27;a pas pu être construit" in page
        assert "pole-emplo" in page and "livereload" in page
        server.wait_for("L'aperçu se reconstruira au prochain enregistrement")
        before = len(server.lines)
        sheet.write_text(good, "utf-8")
        server.wait_for(r"Aperçu construit : \d+ pages", before, timeout=90)
        page = fetch(server.base + "/fiches/adresse-mail/", time.monotonic() + 10).decode("utf-8")
        assert "Créer une adresse e-mail" in page and "carnet-apercu-erreur" not in page
    finally:
        server.stop()
