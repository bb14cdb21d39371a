"""`exemple` content is labelled wherever it shows and never counted; a past meeting is never
announced as coming.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from browser import PHONE, chromium, serve
from carnet.facilitation.newsletter import build_letter, render_letter_html, render_letter_markdown
from carnet.model.content import load_corpus
from carnet.model.relations import build_relations
from carnet.site.feeds import build_feeds
from carnet.site.pages.animation import build_dashboard
from carnet.site.pages.common import SiteSettings
from carnet.site.pages.home import build_home
from carnet.site.pages.indexes import build_theme_page
from carnet.text import plural
from conftest import FIXTURE, TODAY

AFTER_MEETING = date(2026, 11, 27)  # the fixture's meeting is on 26 November 2026


def article(site: Path, path: str):
    return BeautifulSoup((site / path / "index.html").read_text("utf-8"), "html.parser").select_one(
        "article"
    )


def items(node, heading: str) -> list[str]:
    start = next(h for h in node.find_all("h2") if h.get_text(strip=True).startswith(heading))
    found = []
    for sibling in start.find_next_siblings():
        if sibling.name == "h2":
            break
        found += [li.get_text(" ", strip=True) for li in sibling.find_all("li")]
    return found


def test_home_blocks_label_examples(fixture_site: Path) -> None:
    home = article(fixture_site, "")
    theme = next(h for h in home.find_all("h2") if h.get_text().startswith("Le thème du mois"))
    assert theme.find_next_sibling("p").get_text(" ", strip=True).startswith("Exemple")
    assert [
        i
        for i in items(home, "Dernières fiches")
        if i.startswith("S'actualiser chaque mois (exemple) — ")
    ]
    assert items(home, "Dysfonctionnements en cours")[0].startswith(
        "L'envoi d'un justificatif échoue (exemple)"
    )


def test_every_listing_labels_examples(fixture_site: Path) -> None:
    corpus = load_corpus(FIXTURE)
    examples = {d.get("titre") for d in corpus.documents if d.get("exemple") and d.kind != "page"}
    for path in (
        "fiches",
        "themes",
        "administrations/caf",
        "administrations/france-travail",
        "competences/messagerie",
        "dysfonctionnements",
        "a-reverifier",
    ):
        node = article(fixture_site, path)
        for link in node.find_all("a"):
            if link.get_text(strip=True) in examples:
                around = link.parent.get_text(" ", strip=True)
                assert f"{link.get_text(strip=True)} (exemple)" in around, (path, around)


def test_search_results_say_example(fixture_site: Path) -> None:
    page = (fixture_site / "fiches" / "actualisation" / "index.html").read_text("utf-8")
    assert '<span data-pagefind-meta="exemple[data-valeur]" data-valeur="oui"></span>' in page
    assert 'data-pagefind-meta="exemple' not in (
        fixture_site / "fiches/adresse-mail/index.html"
    ).read_text("utf-8")
    driver = chromium(*PHONE)
    try:
        with serve(fixture_site) as base:
            driver.get(base + "/")
            driver.find_element(By.CSS_SELECTOR, ".carnet-recherche-bouton").click()
            driver.find_element(By.ID, "carnet-q").send_keys("justificatif")
            wait = WebDriverWait(driver, 10, poll_frequency=0.05)
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".carnet-resultat"))
            types = {
                r.find_element(By.CSS_SELECTOR, ".carnet-resultat__lien").text.split("\n")[
                    1
                ]: r.find_element(By.CSS_SELECTOR, ".carnet-resultat__type").text
                for r in driver.find_elements(By.CSS_SELECTOR, ".carnet-resultat")
            }
            assert (
                types["L'envoi d'un justificatif échoue"].lower() == "dysfonctionnement · exemple"
            )
    finally:
        driver.quit()


def test_feed_entries_of_examples_say_so() -> None:
    feeds = build_feeds(load_corpus(FIXTURE), "https://carnet.example.org/")
    titles = re.findall(r"<title>(.*?)</title>", feeds["flux/nouveautes.xml"])
    assert "[Exemple] Dysfonctionnement\u00a0: L'envoi d'un justificatif échoue" in titles
    assert "Fiche\u00a0: Créer une adresse e-mail" in titles
    assert (
        "[Exemple] [Actif · Bloquant] L'envoi d'un justificatif échoue"
        in feeds["flux/dysfonctionnements.xml"]
    )
    assert "[Exemple] 2026-11\u00a0: " in feeds["flux/themes.xml"]


def test_dashboard_counts_no_example() -> None:
    corpus = load_corpus(FIXTURE)
    rel = build_relations(corpus)
    markdown = build_dashboard(corpus, rel, TODAY).full_markdown()
    real = {
        kind: sum(not d.get("exemple") for d in rel.docs[kind])
        for kind in ("fiche", "anecdote", "dysfonctionnement")
    }
    counted = ", ".join(
        plural(real[kind], kind) for kind in ("fiche", "anecdote", "dysfonctionnement")
    )
    assert f"\u00a0: {counted}." in markdown  # « 0 anecdote », « 1 fiche »: French plurals
    assert "Les contenus d'exemple (3) ne sont pas comptés." in markdown
    # CAF's only active malfunction is an example: none counted.
    table = BeautifulSoup(markdown, "html.parser").find("table")
    rows = {
        cells[0]: cells[1:]
        for cells in (
            [c.get_text(strip=True) for c in tr.find_all(["td", "th"])]
            for tr in table.find_all("tr")
        )
    }
    assert rows["Caisse d'allocations familiales"][-1] == "0"


def test_letter_labels_examples_and_past_meetings() -> None:
    corpus = load_corpus(FIXTURE)
    letter = build_letter(corpus, "2026-11", AFTER_MEETING, "https://carnet.example.org/")
    text = render_letter_markdown(letter)
    assert "**La rencontre a eu lieu** le 26\u00a0novembre\u00a02026 à 14\u00a0h — En visio" in text
    assert "S'inscrire" not in text and "Rejoindre la visio" not in text
    assert "Ce thème et sa rencontre sont illustratifs." in text
    html = render_letter_html(letter)
    assert "<strong>La rencontre a eu lieu</strong>" in html and "Rencontre du réseau" not in html
    before = render_letter_markdown(
        build_letter(corpus, "2026-11", TODAY, "https://carnet.example.org/")
    )
    assert "**Rencontre du réseau**\u00a0: le 26\u00a0novembre" in before


def test_past_meeting_on_home_and_theme_page() -> None:
    corpus = load_corpus(FIXTURE)
    rel = build_relations(corpus)
    theme = corpus.by_id["2026-11"]
    coming = build_theme_page(theme, corpus, TODAY).full_markdown()
    assert (
        "Rencontre du réseau</strong> le 26\u00a0novembre\u00a02026" in coming
        and "2026-11.ics" in coming
    )
    past = build_theme_page(theme, corpus, AFTER_MEETING).full_markdown()
    assert (
        "La rencontre a eu lieu</strong> le 26\u00a0novembre\u00a02026 à 14\u00a0h — En visio"
        in past
    )
    assert ".ics" not in past and "Rencontre du réseau" not in past and "Rencontre passée" in past
    home = build_home(corpus, rel, SiteSettings(today=AFTER_MEETING)).full_markdown()
    assert (
        "26\u00a0novembre" not in home and "Rencontre du réseau" not in home
    )  # the home page never shows a past meeting
