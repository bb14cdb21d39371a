"""A mediator on a phone: home → administration hub → sheet, in headless Chromium at 360 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from browser import PHONE, chromium, serve
from conftest import SCREENSHOTS


@pytest.fixture
def phone():
    driver = chromium(*PHONE)
    yield driver
    driver.quit()


def no_horizontal_scroll(driver) -> bool:
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def test_home_to_sheet_in_two_taps_on_a_phone(fixture_site: Path, phone) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    with serve(fixture_site) as base:
        phone.get(base + "/")
        assert phone.title.startswith("Accueil")
        assert no_horizontal_scroll(phone)
        phone.save_screenshot(str(SCREENSHOTS / "1-accueil-360.png"))

        chip = phone.find_element(By.LINK_TEXT, "France Travail")
        phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", chip)
        chip.click()
        assert phone.current_url.endswith("/administrations/france-travail/")
        assert phone.find_element(By.TAG_NAME, "h1").text == "France Travail"
        assert no_horizontal_scroll(phone)
        phone.save_screenshot(str(SCREENSHOTS / "2-administration-360.png"))

        sheet = phone.find_element(By.LINK_TEXT, "Créer une adresse e-mail")
        phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", sheet)
        sheet.click()
        assert phone.current_url.endswith("/fiches/adresse-mail/")
        assert phone.find_element(By.TAG_NAME, "h1").text == "Créer une adresse e-mail"
        assert phone.find_element(By.CSS_SELECTOR, ".carnet-badges").is_displayed()
        assert no_horizontal_scroll(phone)
        phone.save_screenshot(str(SCREENSHOTS / "3-fiche-360.png"))


def test_board_fits_a_phone(fixture_site: Path, phone) -> None:
    with serve(fixture_site) as base:
        phone.get(base + "/dysfonctionnements/")
        assert no_horizontal_scroll(phone)
        phone.save_screenshot(str(SCREENSHOTS / "4-dysfonctionnements-360.png"))


def test_print_hides_navigation_and_shows_the_address(fixture_site: Path, phone) -> None:
    with serve(fixture_site) as base:
        phone.get(base + "/fiches/adresse-mail/")
        phone.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        header = phone.find_element(By.CSS_SELECTOR, ".md-header")
        address = phone.find_element(By.CSS_SELECTOR, ".carnet-print-only")
        assert not header.is_displayed()
        assert address.is_displayed() and address.text.endswith("/fiches/adresse-mail/")


def test_no_request_leaves_the_site(fixture_site: Path, phone) -> None:
    """No font, script, image or API call from a third party (Google Fonts, CDNs,
    api.github.com…)."""
    with serve(fixture_site) as base:
        for path in (
            "/",
            "/fiches/adresse-mail/",
            "/dysfonctionnements/caf-envoi-bloque/",
            "/proposer/",
        ):
            phone.get(base + path)
            phone.execute_script("return new Promise(r => setTimeout(r, 300))")
            loaded = phone.execute_script(
                "return performance.getEntriesByType('resource').map(e => e.name)"
            )
            assert all(url.startswith(base) for url in loaded), [
                u for u in loaded if not u.startswith(base)
            ]
            errors = [
                entry["message"] for entry in phone.get_log("browser") if entry["level"] == "SEVERE"
            ]
            assert errors == [], errors
