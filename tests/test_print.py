"""On paper: a sheet on A4 with its links' addresses and without controls; a theme printed as one
pack.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

from bs4 import BeautifulSoup
from selenium.webdriver.common.by import By

from browser import PHONE, chromium, serve
from carnet.model.content import load_corpus
from carnet.site.pages.printing import build_theme_print, demote_headings, move_links
from conftest import FIXTURE, SCREENSHOTS, TODAY

A4_POINTS = (595, 842)


def test_headings_go_one_level_down_outside_code() -> None:
    body = (
        "## Situation\n\nTexte # pas un titre\n\n```\n## dans du code\n```\n\n### Détail\n~~~\n# "
        "code\n~~~\n#### Fin"
    )
    assert demote_headings(body) == (
        "### Situation\n\nTexte # pas un titre\n\n```\n## dans du code\n```\n\n#### Détail\n~~~\n# "
        "code\n~~~\n##### Fin"
    )


def test_relative_links_still_reach_their_page_from_the_pack() -> None:
    body = (
        "Voir [la fiche](mot-de-passe.md), [l'histoire](../anecdotes/x.md#fin), "
        "[ameli](https://www.ameli.fr/), [plus bas](#etapes).\n\n[ref]: ../dysfonctionnements/y.md"
    )
    assert move_links(body, "fiches/a.md", "themes/2026-11/imprimer.md") == (
        "Voir [la fiche](../../fiches/mot-de-passe.md), [l'histoire](../../anecdotes/x.md#fin), "
        "[ameli](https://www.ameli.fr/), [plus bas](#etapes).\n\n[ref]: "
        "../../dysfonctionnements/y.md"
    )


def test_theme_pack_holds_the_editorial_then_every_selected_content() -> None:
    corpus = load_corpus(FIXTURE)
    theme = corpus.by_id["2026-11"]
    page = build_theme_print(theme, corpus, TODAY, "https://carnet.example.org/")
    markdown = page.full_markdown()
    assert re.findall(r"^## (.+)$", markdown, re.M) == ["Éditorial"]
    titles = re.findall(r'<h2 class="carnet-saut" id="[^"]+">(.+?)</h2>', markdown)
    assert titles == [
        "Créer une adresse e-mail",
        "Trois adresses pour une seule personne",
        "L&#x27;envoi d&#x27;un justificatif échoue",
        "Le mois sur le terrain\u00a0: novembre\u00a02026",
        "À revérifier",
    ]  # then the month's news and what to check again, each on a new sheet
    assert (
        "### Étapes" in markdown and "\n## Étapes" not in markdown
    )  # the sheets' sections, one level down
    assert "En ligne\u00a0: https://carnet.example.org/fiches/adresse-mail/" in markdown
    assert (
        "<strong>exemple, contenu fictif</strong>" in markdown
    )  # the example malfunction says so on paper
    assert page.src_uri == "themes/2026-11/imprimer.md"


def test_theme_page_links_to_its_pack_which_search_leaves_out(fixture_site: Path) -> None:
    theme = BeautifulSoup(
        (fixture_site / "themes/2026-11/index.html").read_text("utf-8"), "html.parser"
    )
    link = theme.select_one(".carnet-imprimer-lien a")
    assert link["href"] == "imprimer/" and link.get_text().startswith("Version à imprimer")
    pack = (fixture_site / "themes/2026-11/imprimer/index.html").read_text("utf-8")
    assert "data-pagefind-body" not in pack and pack.count('class="carnet-saut"') == 5


def test_a_sheet_prints_with_addresses_and_without_controls(fixture_site: Path) -> None:
    driver = chromium(*PHONE)
    try:
        with serve(fixture_site) as base:
            driver.get(base + "/fiches/adresse-mail/")
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
            after = "return getComputedStyle(arguments[0], '::after').content"
            official = driver.find_element(By.LINK_TEXT, "Service-Public.fr")
            assert driver.execute_script(after, official) == '" (https://www.service-public.fr)"'
            inside = driver.find_element(By.CSS_SELECTOR, ".carnet-badges a")
            assert inside.get_attribute("href").startswith(base) and driver.execute_script(
                after, inside
            ) in ("none", "normal")
            driver.save_screenshot(str(SCREENSHOTS / "impression-fiche-360.png"))
            driver.get(base + "/dysfonctionnements/caf-envoi-bloque/")
            for css in (
                ".carnet-retours",
                ".carnet-edit",
                ".carnet-garder",
                ".md-header",
                ".md-footer",
                ".md-sidebar",
                ".carnet-source",  # « Télécharger la source » does nothing on paper
            ):
                assert all(
                    not e.is_displayed() for e in driver.find_elements(By.CSS_SELECTOR, css)
                ), css
            assert driver.find_element(By.CSS_SELECTOR, ".carnet-dates").is_displayed()
            address = driver.find_element(By.CSS_SELECTOR, ".carnet-print-only")
            assert address.is_displayed() and address.text.endswith(
                "/dysfonctionnements/caf-envoi-bloque/"
            )
            visible = driver.execute_script(
                "return [...document.querySelectorAll('button, .md-button')].filter(b => "
                "b.offsetParent !== null).map(b => b.textContent)"
            )
            assert visible == []
            driver.get(base + "/fiches/adresse-mail/")
            text = driver.find_element(By.TAG_NAME, "article").text
            assert "Vérifiée le 20 novembre 2026" in text
            assert "Signaler une erreur" not in text and "Proposer une correction" not in text
            assert "Télécharger la source" not in text
    finally:
        driver.quit()


def pdf_pages(driver) -> tuple[int, list[tuple[float, float]]]:
    data = base64.b64decode(
        driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"]
    )
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    return len(re.findall(rb"/Type\s*/Page[^s]", data)), [(float(w), float(h)) for w, h in boxes]


def test_pdf_is_a4_and_the_pack_starts_each_content_on_a_new_page(fixture_site: Path) -> None:
    driver = chromium(1280, 900)
    try:
        with serve(fixture_site) as base:
            driver.get(base + "/fiches/adresse-mail/")
            count, boxes = pdf_pages(driver)
            assert count >= 1 and all(
                round(w) == A4_POINTS[0] and round(h) == A4_POINTS[1] for w, h in boxes
            )
            driver.get(base + "/themes/2026-11/imprimer/")
            tops = driver.execute_script(
                "return [...document.querySelectorAll('h2.carnet-saut')].map(h => "
                "getComputedStyle(h).breakBefore)"
            )
            count, _ = pdf_pages(driver)
            assert count >= 6, (
                count
            )  # editorial, three contents, the month and the review, each on its own page
    finally:
        driver.quit()
    assert tops == ["auto"] * 5  # on screen, nothing breaks: page breaks belong to print only


def test_theme_pack_page_elides_de_before_a_vowel(tmp_path: Path) -> None:
    """The site's printed theme of October reads « Thème d'octobre », never « Thème de octobre »,
    like the facilitators' pack."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    november = (content / "themes" / "2026-11.md").read_text(encoding="utf-8")
    (content / "themes" / "2026-11.md").rename(content / "themes" / "2026-10.md")
    (content / "themes" / "2026-10.md").write_text(november, encoding="utf-8")
    corpus = load_corpus(content)
    markdown = build_theme_print(corpus.by_id["2026-10"], corpus, TODAY).full_markdown()
    assert "Thème d'octobre\u00a02026 · préparé par" in markdown
    assert "Thème de octobre" not in markdown


def test_a_chart_taller_than_a_sheet_prints_on_one_sheet_with_its_heading(
    fixture_site: Path,
) -> None:
    """The dashboard's chart of compétences (one bar each, 1,300 px for 32 of them) moved whole to
    the next sheet and left its heading alone at the bottom of a blank one."""
    driver = chromium(1280, 900)
    try:
        with serve(fixture_site) as base:
            driver.get(base + "/tableau-de-bord/")
            driver.execute_script("""
                const svg = document.querySelector('.carnet-graphique svg');
                svg.setAttribute('viewBox', '0 0 320 1309');
                svg.setAttribute('height', '1309');""")
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
            chart, heading = driver.execute_script("""
                const figure = document.querySelector('.carnet-graphique');
                const heading = figure.previousElementSibling;
                return [figure.getBoundingClientRect().height,
                        heading.getBoundingClientRect().height];""")
    finally:
        driver.quit()
    sheet = (297 - 15 - 16) / 25.4 * 96  # A4's printable height in CSS pixels (@page margins)
    assert chart + heading < sheet * 0.95, (chart, heading, sheet)


def test_the_pack_says_how_to_print_on_screen_only(fixture_site: Path) -> None:
    """« Imprimez avec … (Ctrl+P). Revenir au thème » was printed on the pack's first sheet."""
    driver = chromium(*PHONE)
    try:
        with serve(fixture_site) as base:
            driver.get(base + "/themes/2026-11/imprimer/")
            intro = driver.find_element(By.CSS_SELECTOR, "article .carnet-dates")
            assert "Ctrl+P" in intro.text and "Revenir au thème" in intro.text
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
            printed = driver.find_element(By.TAG_NAME, "article").text
    finally:
        driver.quit()
    assert "Thème de novembre 2026 · préparé par" in printed
    assert "Ctrl+P" not in printed and "Revenir au thème" not in printed
