"""Search as a mediator uses it: Pagefind in headless Chromium against the built starter site."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from browser import PHONE, chromium, serve
from conftest import SCREENSHOTS
from search_client import search

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text("utf-8"))
MIN_RECALL = 0.9


@pytest.fixture(scope="module")
def browser(starter_site: Path):
    with serve(starter_site) as base:
        driver = chromium(1200, 900)
        driver.set_script_timeout(30)
        driver.get(base + "/")
        yield driver
        driver.quit()


def urls(result: dict) -> list[str]:
    assert "error" not in result, result
    return [r["url"].strip("/") for r in result["results"]]


def test_quality_set_recall_at_5(browser) -> None:
    assert len(QUERIES) >= 40
    scores, misses = [], []
    for case in QUERIES:
        found = urls(search(browser, case["requete"]))
        score = sum(expected in found for expected in case["attendus"]) / len(case["attendus"])
        scores.append(score)
        if score < 1:
            misses.append(f"  {case['requete']!r}: attendu {case['attendus']}, obtenu {found}")
    recall = sum(scores) / len(scores)
    print(f"\nrappel@5 = {recall:.3f} sur {len(QUERIES)} requêtes" + ("\n" + "\n".join(misses) if misses else ""))
    assert recall >= MIN_RECALL, "\n".join(misses)


@pytest.mark.parametrize("query, expected", [
    ("demarche", "démarche"), ("impots", "impôts"), ("hameconnage", "hameçonnage")])
def test_accents_do_not_matter(browser, query: str, expected: str) -> None:
    assert urls(search(browser, query)) == urls(search(browser, expected))


def test_french_stemming(browser) -> None:
    assert "fiches/mot-de-passe-solide" in urls(search(browser, "mots de passe solides", 10))


@pytest.mark.parametrize("query, hub", [("urssaf", "administrations/urssaf"), ("agirc arrco", "administrations/agirc-arrco"),
                                        ("pole emploi", "administrations/france-travail"), ("France Titres", "administrations/ants")])
def test_hubs_are_found_by_the_administration_name(browser, query: str, hub: str) -> None:
    assert hub in urls(search(browser, query))[:3]


def test_example_content_ranks_below_real_content(browser) -> None:
    found = urls(search(browser, "actualisation france travail", 10))
    real, example = "fiches/actualisation-france-travail", "dysfonctionnements/france-travail-actualisation-application-deconnexion"
    assert real in found and example in found and found.index(real) < found.index(example)


def test_filters_have_counts(browser) -> None:
    filters = browser.execute_async_script(
        "const done = arguments[0]; (async () => { const pf = window.__pagefind; done(await pf.filters()); })();")
    assert set(filters) == {"Type", "Administration", "Compétence", "Public", "Niveau"}
    assert filters["Type"]["Fiche pratique"] >= 30
    assert filters["Niveau"]["Débutant"] > 0 and filters["Administration"]["CAF"] > 0


def test_material_search_is_off(starter_site: Path) -> None:
    assert not (starter_site / "search" / "search_index.json").exists()
    assert (starter_site / "pagefind" / "pagefind.js").exists()


def test_listing_pages_are_not_indexed(browser) -> None:
    found = urls(search(browser, "fiches pratiques", 20))
    assert "fiches" not in found and "" not in found


def test_search_on_a_phone_with_the_keyboard(starter_site: Path) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    with serve(starter_site) as base:
        phone = chromium(*PHONE)
        try:
            phone.get(base + "/fiches/creer-adresse-email/")
            button = phone.find_element(By.CSS_SELECTOR, "button.carnet-recherche-bouton")
            assert button.get_attribute("aria-label") == "Rechercher dans le carnet"
            button.click()
            field = WebDriverWait(phone, 15).until(EC.visibility_of_element_located((By.ID, "carnet-q")))
            assert phone.switch_to.active_element == field  # the keyboard goes straight to the search box
            field.send_keys("pole emploi actualisation")
            shown = "return Array.from(document.querySelectorAll('#carnet-recherche .carnet-resultat')).map(r => [" \
                    "r.querySelector('.carnet-resultat__type').textContent, r.querySelector('.carnet-resultat__lien').lastChild.textContent," \
                    "r.querySelector('.carnet-resultat__resume').textContent])"

            def sheet_result(driver):  # results refresh while typing: wait for the full query's, read at once
                return next((r for r in driver.execute_script(shown) if r[1].startswith("S'actualiser")), False)

            kind, _, resume = WebDriverWait(phone, 15).until(sheet_result)
            assert kind == "Fiche pratique" and resume.startswith("Pourquoi l'actualisation mensuelle")
            status = phone.find_element(By.CSS_SELECTOR, ".carnet-recherche__etat").text
            assert status.endswith("pour « pole emploi actualisation »")
            phone.save_screenshot(str(SCREENSHOTS / "5-recherche-360.png"))
            phone.find_element(By.CSS_SELECTOR, ".carnet-filtres summary").click()
            fiche = WebDriverWait(phone, 15).until(EC.element_to_be_clickable(
                (By.CSS_SELECTOR, "input[data-filtre='Type'][value='Fiche pratique']")))
            fiche.click()
            WebDriverWait(phone, 15).until(lambda d: {r[0] for r in d.execute_script(shown)} == {"Fiche pratique"})
            counts = fiche.find_element(By.XPATH, "..").text
            assert " ".join(counts.split()) == "Fiche pratique (1)"  # counts follow the current search
            phone.switch_to.active_element.send_keys(Keys.ESCAPE)
            assert not phone.find_element(By.ID, "carnet-recherche").is_displayed()
            phone.find_element(By.TAG_NAME, "body").send_keys("/")
            WebDriverWait(phone, 5).until(EC.visibility_of_element_located((By.ID, "carnet-recherche")))
        finally:
            phone.quit()
