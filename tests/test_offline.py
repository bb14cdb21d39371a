"""The offline edition: a .zip of the site that opens from disk, and the phone's kept pages (service
worker).
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from browser import PHONE, chromium, serve
from carnet.site.offline import (
    archive_path,
    archived,
    disk_url,
    edition_label,
    french_size,
    online_folder,
    rewrite_for_disk,
)
from conftest import SCREENSHOTS, TODAY

LINK = re.compile(r'\s(?:href|src)="([^"]*)"')


@pytest.mark.parametrize(
    "url, expected",
    [
        ("../", "../index.html"),
        ("./", "./index.html"),
        (".", "./index.html"),
        ("..", "../index.html"),
        ("fiches/x/", "fiches/x/index.html"),
        ("../../fiches/x/#etapes", "../../fiches/x/index.html#etapes"),
        ("../proposer/?contenu=x#signalement", "../proposer/index.html?contenu=x#signalement"),
        ("../assets/carnet.css", "../assets/carnet.css"),
        ("#etapes", "#etapes"),
        ("", ""),
        ("https://www.ameli.fr/", "https://www.ameli.fr/"),
        ("mailto:a@example.org", "mailto:a@example.org"),
        ("//cdn.example.org/x/", "//cdn.example.org/x/"),
        ("../themes/2026-11.ics", "../themes/2026-11.ics"),
    ],
)
def test_disk_url_names_the_index_file(url: str, expected: str) -> None:
    assert disk_url(url) == expected


def test_french_sizes() -> None:
    assert [french_size(n) for n in (420_000, 1_834_000, 2_000_000, 12_345_678)] == [
        "420\u00a0ko",
        "1,8\u00a0Mo",
        "2\u00a0Mo",
        "12\u00a0Mo",
    ]


def test_a_page_rewritten_for_disk() -> None:
    page = (
        '<html><head><link rel="alternate" type="application/atom+xml" title="f" '
        'href="../flux/x.xml">\n'
        "</head><body><noscript data-carnet-index><nav><a "
        'href="../fiches/">A–Z</a></nav></noscript><h1>Titre</h1><div '
        'class="carnet-hors-ligne-accueil"><p><a '
        'href="hors-ligne/x.zip">Télécharger</a></p></div><a '
        'href="https://www.ameli.fr/">ameli</a><a href="#haut">haut</a><dialog '
        'id="carnet-recherche" class="x"><form></form></dialog><script '
        'src="../assets/carnet-recherche.js"></script><script '
        'src="../assets/carnet-hors-ligne.js"></script><script '
        'src="../assets/javascripts/bundle.js"></script></body></html>'
    )
    assert rewrite_for_disk(page, '<p><a href="fiches/">Index</a></p>') == (
        "<html><head></head><body><nav><a "
        'href="../fiches/index.html">A–Z</a></nav><h1>Titre</h1><p><a '
        'href="fiches/index.html">Index</a></p><a href="https://www.ameli.fr/">ameli</a><a '
        'href="#haut">haut</a><script src="../assets/javascripts/bundle.js"></script></body></html>'
    )


def test_an_archived_page_says_its_edition_and_sends_what_it_leaves_out_online() -> None:
    page = (
        "<body><noscript data-carnet-index><nav>Recherche indisponible ici&nbsp;: trouvez une "
        'fiche par les index — <a href="../../fiches/">A–Z</a></nav></noscript><p '
        'class="carnet-source"><a href="../../exports/fiches/x.md" download>Télécharger la '
        'source (Markdown)</a></p><a href="../../flux/x.xml?a=1&amp;b=2">flux</a></body>'
    )
    online = online_folder("https://carnet.example.org/reseau/", "fiches/x/index.html")
    assert online == "https://carnet.example.org/reseau/fiches/x/"
    assert rewrite_for_disk(page, "", online, edition_label(TODAY)) == (
        "<body><nav>Édition hors ligne du 23\u00a0novembre\u00a02026, sans recherche&nbsp;: "
        'trouvez une fiche par les index — <a href="../../fiches/index.html">A–Z</a></nav><p '
        'class="carnet-source"><a href="https://carnet.example.org/reseau/exports/fiches/x.md" '
        "download>Télécharger la source (Markdown)</a></p><a "
        'href="https://carnet.example.org/reseau/flux/x.xml?a=1&amp;b=2">flux</a></body>'
    )
    assert online_folder("https://carnet.example.org", "index.html") == (
        "https://carnet.example.org/"
    )
    assert online_folder("", "fiches/x/index.html") == ""


def test_what_the_archive_leaves_out() -> None:
    kept = [
        "index.html",
        "fiches/x/index.html",
        "assets/carnet.css",
        "assets/javascripts/bundle.js",
        "themes/2026-11.ics",
    ]
    left = [
        "pagefind/pagefind.js",
        "flux/nouveautes.xml",
        "404.html",
        "carnet-sw.js",
        "sitemap.xml",
        "hors-ligne/carnet-de-terrain-2026-11-23.zip",
        "assets/javascripts/lunr/min/lunr.fr.min.js",
        "assets/javascripts/bundle.js.map",
    ]
    assert [p for p in kept + left if archived(p)] == kept


@pytest.fixture(scope="module")
def unzipped(fixture_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("hors-ligne")
    with zipfile.ZipFile(fixture_site / archive_path(TODAY)) as archive:
        archive.extractall(target)
    return target / f"carnet-de-terrain-{TODAY.isoformat()}"


def test_home_links_to_the_archive_with_its_size_and_date(fixture_site: Path) -> None:
    size = french_size((fixture_site / archive_path(TODAY)).stat().st_size)
    home = (fixture_site / "index.html").read_text("utf-8")
    assert (
        f'<a href="./hors-ligne/carnet-de-terrain-2026-11-23.zip" download>Télécharger le carnet '
        f"hors ligne (<span data-carnet-taille>{size}</span>, 23\u00a0novembre\u00a02026)</a>"
    ) in home
    help_page = (fixture_site / "hors-ligne" / "index.html").read_text("utf-8")
    assert (
        'href="../hors-ligne/carnet-de-terrain-2026-11-23.zip" download' in help_page
        and size in help_page
    )
    assert "La recherche ne fonctionne pas dans cette édition" in help_page


def test_every_link_of_the_archive_opens_a_file(unzipped: Path) -> None:
    pages = list(unzipped.rglob("*.html"))
    assert (
        len(pages) > 20
        and not (unzipped / "pagefind").exists()
        and (unzipped / "LISEZ-MOI.txt").is_file()
    )
    for page in pages:
        html = page.read_text("utf-8")
        assert "carnet-recherche.js" not in html and "<noscript data-carnet-index>" not in html, (
            page
        )
        for url in LINK.findall(html):
            if not url or url.startswith(("#", "mailto:")) or re.match(r"^[a-z]+:", url):
                continue
            path = url.split("#")[0].split("?")[0]
            assert (page.parent / path).resolve().is_file(), f"{page.relative_to(unzipped)} → {url}"


def test_archive_opens_from_disk_and_finds_a_sheet_without_network(unzipped: Path) -> None:
    driver = chromium(*PHONE)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        driver.get((unzipped / "index.html").as_uri())
        notice = driver.find_element(By.CSS_SELECTOR, ".carnet-hors-ligne-avis")
        assert (
            "Édition hors ligne du 23 novembre 2026" in notice.text
        )  # WebDriver shows no-break spaces as spaces
        assert "La recherche n'y fonctionne pas" in notice.text
        assert not driver.find_elements(
            By.CSS_SELECTOR, ".carnet-hors-ligne-accueil, .carnet-recherche-bouton"
        )
        driver.save_screenshot(str(SCREENSHOTS / "hors-ligne-archive-accueil-360.png"))
        index = driver.find_element(By.CSS_SELECTOR, ".carnet-sans-js").find_element(
            By.LINK_TEXT, "fiches de A à Z"
        )
        index.click()
        assert driver.current_url.endswith("/fiches/index.html")
        sheet = driver.find_element(By.LINK_TEXT, "Créer une adresse e-mail")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", sheet)
        sheet.click()
        assert driver.current_url.endswith("/fiches/adresse-mail/index.html")
        assert driver.find_element(By.TAG_NAME, "h1").text == "Créer une adresse e-mail"
        # A sheet opened from a bookmark says which edition it is, where the search would be.
        bar = driver.find_element(By.CSS_SELECTOR, ".carnet-sans-js")
        assert bar.text.startswith("Édition hors ligne du 23 novembre 2026, sans recherche"), (
            bar.text
        )
        # « Télécharger la source » was a link without address from disk: it goes online now.
        source = driver.find_element(By.LINK_TEXT, "Télécharger la source (Markdown)")
        assert source.get_attribute("href") == (
            "https://carnet-de-terrain.github.io/carnet-de-terrain/exports/fiches/adresse-mail.md"
        )
        assert not driver.find_elements(By.CSS_SELECTOR, "article a:not([href])")
        assert (
            driver.execute_script(
                "return getComputedStyle(document.querySelector('.md-header')).position"
            )
            == "sticky"
        )
        back = driver.find_element(By.CSS_SELECTOR, ".carnet-badges").find_element(
            By.LINK_TEXT, "France Travail"
        )
        back.click()
        assert driver.current_url.endswith("/administrations/france-travail/index.html")
    finally:
        driver.quit()


def wait(driver, script: str, timeout: float = 10) -> object:
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(
        lambda d: d.execute_script(script)
    )


def test_phone_keeps_a_marked_sheet_and_says_it_is_offline(fixture_site: Path) -> None:
    driver = chromium(*PHONE)
    try:
        with serve(fixture_site) as base:
            driver.get(base + "/fiches/adresse-mail/")
            driver.execute_async_script(
                "navigator.serviceWorker.ready.then(() => arguments[0](true))"
            )
            button = driver.find_element(By.CSS_SELECTOR, ".carnet-garder button")
            assert button.text == "Garder hors ligne"
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
            button.click()
            wait(driver, "return document.querySelector('.carnet-garder').dataset.gardee === 'oui'")
            assert button.text == "Ne plus garder hors ligne"
            assert (
                "lisible sans réseau"
                in driver.find_element(By.CSS_SELECTOR, ".carnet-garder__etat").text
            )
            driver.get(base + "/")  # visited once: kept as well, network first
            keys = driver.execute_async_script("""
                const done = arguments[0];
                caches.keys().then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys()))))
                  .then(lists => done(lists.flat().map(r => r.url)));""")
            assert keys and all(url.startswith(base + "/") for url in keys), keys
            driver.get(base + "/hors-ligne/")
            listing = driver.find_element(By.CSS_SELECTOR, "[data-carnet-gardees]")
            assert "1 fiche gardée" in listing.text and "Créer une adresse e-mail" in listing.text
        # The server is gone and the network cut: what was kept still reads, and says where it comes
        # from.
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        driver.get(base + "/fiches/adresse-mail/")
        assert driver.find_element(By.TAG_NAME, "h1").text == "Créer une adresse e-mail"
        assert_shown_offline(driver)
        driver.save_screenshot(str(SCREENSHOTS / "hors-ligne-fiche-gardee-360.png"))
        driver.get(base + "/")
        assert driver.find_element(By.TAG_NAME, "h1").text == "Carnet de terrain"
        driver.get(base + "/fiches/mot-de-passe/")  # never opened
        assert driver.find_element(By.TAG_NAME, "h1").text == "Hors ligne"
        assert "n’a pas été gardée" in driver.find_element(By.TAG_NAME, "body").text
    finally:
        driver.quit()


OFFLINE = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}


def held_urls(driver) -> list[str]:
    return driver.execute_async_script("""
        const done = arguments[0];
        caches.open('carnet-visites-v1').then(c => c.keys()).then(keys => done(keys.map(r => r.url)));""")


def test_the_first_page_opened_reads_offline_and_a_missing_one_lists_the_others(
    fixture_site: Path,
) -> None:
    """The page that installs the service worker (most often the home page) is kept too: it used to
    say « n'a pas été gardée » offline, and so did its « Revenir à l'accueil » link."""
    driver = chromium(*PHONE)
    try:
        with serve(fixture_site) as base:
            driver.get(base + "/")
            driver.execute_async_script(
                "navigator.serviceWorker.ready.then(() => arguments[0](true))"
            )
            WebDriverWait(driver, 10, poll_frequency=0.1).until(
                lambda d: {base + "/", base + "/assets/carnet.css"} <= set(held_urls(d))
            )
            driver.get(base + "/fiches/adresse-mail/")
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", OFFLINE)
        driver.get(base + "/")
        assert driver.find_element(By.TAG_NAME, "h1").text == "Carnet de terrain"
        assert_shown_offline(driver)  # its styles were kept with it
        driver.get(base + "/fiches/mot-de-passe/")  # never opened
        assert driver.find_element(By.TAG_NAME, "h1").text == "Hors ligne"
        held = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "li a")]
        assert held == ["Accueil", "Créer une adresse e-mail"], held
        driver.save_screenshot(str(SCREENSHOTS / "hors-ligne-page-absente-360.png"))
        driver.find_element(By.LINK_TEXT, "Créer une adresse e-mail").click()
        assert driver.find_element(By.TAG_NAME, "h1").text == "Créer une adresse e-mail"
    finally:
        driver.quit()


def test_no_offline_control_where_pages_cannot_be_kept(fixture_site: Path) -> None:
    """From disk (file://) there is no service worker: no « Garder hors ligne » button that would do
    nothing.
    """
    html = (fixture_site / "fiches" / "adresse-mail" / "index.html").read_text("utf-8")
    assert '<p class="carnet-garder" data-carnet-garder hidden data-pagefind-ignore></p>' in html
    assert date.fromisoformat(archive_path(TODAY)[-14:-4]) == TODAY


def assert_shown_offline(driver) -> None:
    """The page came from the device: the « Hors ligne » banner, and Material's styles with it (its
    header stays on top)."""
    banner = driver.find_element(By.CSS_SELECTOR, ".carnet-hors-ligne-bandeau")
    assert banner.is_displayed() and banner.text.startswith("HORS LIGNE")
    assert (
        driver.execute_script(
            "return getComputedStyle(document.querySelector('.md-header')).position"
        )
        == "sticky"
    )
