"""With JavaScript off: every page reads, the indexes stand in for search, the form page gives
templates.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from browser import PHONE, chromium, serve
from carnet.contribution.forms import KINDS
from conftest import SCREENSHOTS

PAGES = (
    "/",
    "/fiches/",
    "/fiches/adresse-mail/",
    "/anecdotes/trois-adresses/",
    "/dysfonctionnements/",
    "/dysfonctionnements/caf-envoi-bloque/",
    "/administrations/caf/",
    "/competences/messagerie/",
    "/themes/2026-11/",
    "/themes/2026-11/imprimer/",
    "/tableau-de-bord/",
    "/hors-ligne/",
    "/proposer/",
    "/widgets/",
)


@pytest.fixture(scope="module")
def without_js():
    driver = chromium(*PHONE)
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    yield driver
    driver.quit()


def visible_buttons(driver) -> list[str]:
    return driver.execute_script(
        "return [...document.querySelectorAll('article button, article .md-button')].filter(b => "
        "b.offsetParent !== null).map(b => b.textContent.trim())"
    )


def test_every_page_reads_and_points_to_the_indexes(fixture_site: Path, without_js) -> None:
    with serve(fixture_site) as base:
        for path in PAGES:
            without_js.get(base + path)
            assert without_js.find_element(By.CSS_SELECTOR, "article h1").is_displayed(), path
            bar = without_js.find_element(By.CSS_SELECTOR, ".carnet-sans-js")
            assert [a.text for a in bar.find_elements(By.TAG_NAME, "a")] == [
                "fiches de A à Z",
                "par administration",
                "par compétence",
            ], path
            assert not without_js.find_elements(By.CSS_SELECTOR, ".carnet-recherche-bouton"), path
            assert without_js.execute_script(
                "return document.documentElement.scrollWidth <= innerWidth"
            ), path
            if (
                path != "/proposer/"
            ):  # the feedback links are links, they work; no button that needs a script
                assert all(
                    b
                    in (
                        "Je l'ai vu aussi",
                        "Signaler une erreur ou une information périmée",
                        "Proposer une correction",
                    )
                    for b in visible_buttons(without_js)
                ), (path, visible_buttons(without_js))
        # The widget's « Copier le code » needs a script: without it, no button that does nothing
        # (Material's .md-button outweighed its hidden attribute), and the code to copy by hand fits.
        without_js.get(base + "/widgets/")
        assert not without_js.find_element(By.ID, "carnet-widget-copier").is_displayed()
        code = without_js.find_element(By.ID, "carnet-widget-code")
        assert code.is_displayed() and code.rect["x"] + code.rect["width"] <= PHONE[0]
        without_js.get(base + "/")
        without_js.save_screenshot(str(SCREENSHOTS / "sans-js-accueil-360.png"))
        without_js.find_element(By.LINK_TEXT, "par administration").click()
        assert without_js.current_url.endswith("/administrations/")
        without_js.find_element(By.LINK_TEXT, "fiches de A à Z").click()
        assert without_js.find_element(By.TAG_NAME, "h1").text == "Fiches pratiques"


def test_form_page_gives_a_template_per_type_and_the_address(
    fixture_site: Path, without_js
) -> None:
    with serve(fixture_site) as base:
        without_js.get(base + "/proposer/")
        assert visible_buttons(without_js) == []
        help_text = without_js.find_element(By.CSS_SELECTOR, ".carnet-sans-js-modeles").text
        assert "à l'adresse animation@example.org" in help_text
        summaries = [
            s.text
            for s in without_js.find_elements(By.CSS_SELECTOR, ".carnet-sans-js-modeles summary")
        ]
        assert len(summaries) == len(KINDS) == 3 and all(s.startswith("Modèle") for s in summaries)
        templates = without_js.find_elements(By.CSS_SELECTOR, ".carnet-sans-js-modeles pre")
        assert templates[0].is_displayed() and 'titre: "[Titre]"' in templates[0].text
        without_js.find_elements(By.CSS_SELECTOR, ".carnet-sans-js-modeles summary")[1].click()
        assert "anonymisee: true" in templates[1].text
        without_js.set_window_size(PHONE[0], 1800)
        without_js.save_screenshot(str(SCREENSHOTS / "sans-js-formulaire-360.png"))
        without_js.set_window_size(*PHONE)


def test_with_javascript_the_search_button_and_tabs_replace_them(fixture_site: Path) -> None:
    driver = chromium(*PHONE)
    try:
        with serve(fixture_site) as base:
            driver.get(base + "/proposer/")
            assert driver.find_element(By.CSS_SELECTOR, ".carnet-recherche-bouton").is_displayed()
            assert not driver.find_elements(
                By.CSS_SELECTOR, ".carnet-sans-js"
            )  # <noscript> stays text
            tabs = driver.find_element(By.CSS_SELECTOR, ".carnet-onglets")
            assert tabs.is_displayed() and len(tabs.find_elements(By.TAG_NAME, "button")) == 5
            assert (
                not driver.find_element(By.CSS_SELECTOR, ".carnet-sans-js-modeles").is_displayed()
                if driver.find_elements(By.CSS_SELECTOR, ".carnet-sans-js-modeles")
                else True
            )
    finally:
        driver.quit()
