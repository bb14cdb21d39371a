"""Search as a mediator uses it: the header button, the dialog, typing, the results on screen.

Headless Chromium against the starter site served as GitHub Pages publishes it (under the path of
`site_url`, gzip-compressed, with its 404 page). Tests read only what a person sees: the result links
and the status line. Each test opens its own page.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from browser import PHONE, chromium, serve
from carnet.model.content import load_corpus
from carnet.site.search import default_synonyms, synonym_map
from conftest import CASES, REPO, SCREENSHOTS

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text("utf-8"))
MIN_RECALL = 0.9
SHEET, LISTING = "/fiches/reconnaitre-hameconnage/", "/fiches/"
FAILURE = (
    "La recherche n'a pas pu être chargée (connexion interrompue ?). Réessayez dans un instant."
)

# What the dialog shows, read in one call (results refresh while people type).
SHOWN = """
const box = document.getElementById('carnet-recherche');
return {open: box.open, status: box.querySelector('.carnet-recherche__etat').textContent.replace(/\\u00a0/g, ' '),
        results: Array.from(box.querySelectorAll('.carnet-resultat')).map(r => ({
          href: r.querySelector('.carnet-resultat__lien').href,
          type: (r.querySelector('.carnet-resultat__type') || {}).textContent || '',
          title: r.querySelector('.carnet-resultat__lien').lastChild.textContent,
          resume: r.querySelector('.carnet-resultat__resume').textContent}))};
"""


@pytest.fixture(scope="module")
def base(starter_site: Path):
    with serve(starter_site) as address:
        yield address


@pytest.fixture(scope="module")
def driver():
    browser = chromium(1200, 900)
    yield browser
    browser.quit()


def open_search(driver, address: str):
    """Load a page and open the search with the header button; returns the search field."""
    driver.get(address)
    button = WebDriverWait(driver, 10).until(
        EC.element_to_be_clickable((By.CSS_SELECTOR, "button.carnet-recherche-bouton"))
    )
    assert button.get_attribute("aria-label") == "Rechercher dans le carnet"
    button.click()
    field = WebDriverWait(driver, 10).until(EC.visibility_of_element_located((By.ID, "carnet-q")))
    assert driver.switch_to.active_element == field  # the keyboard goes straight to the search box
    return field


def shown(driver) -> dict:
    return driver.execute_script(SHOWN)


def ask(driver, base: str, query: str, enter: bool = True) -> tuple[str, list[str]]:
    """Type a query into the open dialog's field; the status line and the pages shown once it has answered."""
    field = driver.find_element(By.ID, "carnet-q")
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.BACKSPACE)
    field.send_keys(query + (Keys.ENTER if enter else ""))
    answered = WebDriverWait(driver, 20, poll_frequency=0.05).until(
        lambda d: (
            lambda s: s if f"« {query} »" in s["status"] or s["status"] == FAILURE else False
        )(shown(d))
    )
    return answered["status"], [page(base, r["href"]) for r in answered["results"]]


def page(base: str, href: str) -> str:
    assert href.startswith(base + "/"), href  # every result stays on the published site
    return href[len(base) + 1 :].strip("/")


def search_from(driver, base: str, path: str, query: str) -> tuple[str, list[str]]:
    open_search(driver, base + path)
    return ask(driver, base, query)


def test_quality_set_recall_at_5(driver, base: str) -> None:
    """The queries mediators type, through the dialog of the home page, one after the other."""
    assert len(QUERIES) >= 40
    open_search(driver, base + "/")
    scores, misses = [], []
    for case in QUERIES:
        status, found = ask(driver, base, case["requete"])
        top = found[:5]
        score = sum(expected in top for expected in case["attendus"]) / len(case["attendus"])
        scores.append(score)
        if score < 1:
            misses.append(
                f"  {case['requete']!r}: attendu {case['attendus']}, obtenu {top} ({status})"
            )
    recall = sum(scores) / len(scores)
    print(
        f"\nrappel@5 = {recall:.3f} sur {len(QUERIES)} requêtes"
        + ("\n" + "\n".join(misses) if misses else "")
    )
    assert recall >= MIN_RECALL, "\n".join(misses)


@pytest.mark.parametrize("path", ["/", SHEET, LISTING, "/page-qui-n-existe-pas/"])
def test_search_answers_from_every_kind_of_page(driver, base: str, path: str) -> None:
    """Home, a sheet (two levels down), a listing (one level) and the 404 page, all under the site's path."""
    status, found = search_from(driver, base, path, "carte grise")
    assert (
        status.endswith("pour « carte grise ».")
        and found
        and found[0] == "fiches/carte-grise-en-ligne"
    ), (status, found)
    driver.find_element(By.CSS_SELECTOR, ".carnet-resultat__lien").click()
    WebDriverWait(driver, 10).until(EC.url_to_be(base + "/fiches/carte-grise-en-ligne/"))
    assert (
        driver.find_element(By.TAG_NAME, "h1").text
        == "Carte grise : faire ses démarches sur le site officiel uniquement"
    )


def test_results_show_type_title_and_resume(driver, base: str) -> None:
    open_search(driver, base + "/")
    ask(driver, base, "franceconnect")
    sheet = next(
        r
        for r in shown(driver)["results"]
        if r["href"].endswith("/fiches/se-connecter-avec-franceconnect/")
    )
    assert (
        sheet["type"] == "Fiche pratique"
        and sheet["title"] == "Se connecter à un service public avec FranceConnect"
    )
    assert sheet["resume"].startswith("Comprendre et utiliser FranceConnect\u00a0: ")


@pytest.mark.parametrize(
    "query, accented",
    [("demarche", "démarche"), ("impots", "impôts"), ("hameconnage", "hameçonnage")],
)
def test_accents_do_not_matter(driver, base: str, query: str, accented: str) -> None:
    open_search(driver, base + LISTING)
    plain = ask(driver, base, query)[1]
    assert plain and plain == ask(driver, base, accented)[1]


def test_french_stemming(driver, base: str) -> None:
    assert (
        "fiches/mot-de-passe-solide" in search_from(driver, base, SHEET, "mots de passe solides")[1]
    )


@pytest.mark.parametrize(
    "query, hub",
    [
        ("urssaf", "administrations/urssaf"),
        ("agirc arrco", "administrations/agirc-arrco"),
        ("pole emploi", "administrations/france-travail"),
        ("France Titres", "administrations/ants"),
    ],
)
def test_hubs_are_found_by_the_administration_name(driver, base: str, query: str, hub: str) -> None:
    assert hub in search_from(driver, base, "/", query)[1][:3]


def test_example_content_ranks_below_real_content(driver, base: str) -> None:
    found = search_from(driver, base, "/", "actualisation france travail")[1]
    real, example = (
        "fiches/actualisation-france-travail",
        "dysfonctionnements/france-travail-actualisation-application-deconnexion",
    )
    assert real in found and example in found and found.index(real) < found.index(example), found


@pytest.mark.parametrize(
    "query, expected, never",
    [
        ("mdp", "fiches/mot-de-passe-solide", ["administrations/mdph", "fiches/dossier-mdph"]),
        (
            "cni",
            "administrations/ants",
            ["administrations/cnil", "fiches/rgpd-structure-accompagnement"],
        ),
        (
            "apl",
            "administrations/caf",
            ["dysfonctionnements/france-travail-actualisation-application-deconnexion"],
        ),
    ],
)
def test_abbreviations_never_match_the_start_of_longer_words(
    driver, base: str, query: str, expected: str, never: list[str]
) -> None:
    """« mdp » is not « MDPH », « cni » is not « CNIL », « apl » is not « application »."""
    status, found = search_from(driver, base, "/", query)
    assert expected in found, (status, found)
    assert not set(never) & set(found), found


@pytest.mark.parametrize(
    "query, expected",
    [
        ("chomage actualisation", "fiches/actualisation-france-travail"),
        ("mail arnaque", "fiches/reconnaitre-hameconnage"),
    ],
)
def test_words_people_use_find_the_sheet(driver, base: str, query: str, expected: str) -> None:
    assert expected in search_from(driver, base, SHEET, query)[1][:5]


def test_words_never_together_fall_back_to_any_word(driver, base: str) -> None:
    status, found = search_from(driver, base, "/", "wifi mdph")
    assert status.startswith("Aucune page ne contient tous les mots de « wifi mdph » : ")
    assert status.endswith(" pour l'un ou l'autre.")
    assert "fiches/se-connecter-wifi" in found and "administrations/mdph" in found, found


def test_no_result_says_so(driver, base: str) -> None:
    status, found = search_from(driver, base, "/", "xylophone")
    assert status == "Aucun résultat pour « xylophone »." and found == []


def test_filters_have_counts_that_follow_the_results(driver, base: str) -> None:
    open_search(driver, base + "/")
    driver.find_element(By.CSS_SELECTOR, ".carnet-filtres summary").click()
    WebDriverWait(driver, 15).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "input[data-filtre]"))
    )
    legends = {e.text for e in driver.find_elements(By.CSS_SELECTOR, ".carnet-filtre legend")}
    assert legends == {"Type", "Administration", "Compétence", "Public", "Niveau"}

    def count(name: str, value: str) -> int:
        label = driver.find_element(
            By.CSS_SELECTOR, f"input[data-filtre='{name}'][value=\"{value}\"]"
        ).find_element(By.XPATH, "..")
        return int(label.text.rsplit("(", 1)[1].rstrip(")"))

    assert (
        count("Type", "Fiche pratique") >= 30
        and count("Niveau", "Débutant") > 0
        and count("Administration", "CAF") > 0
    )
    status, found = ask(driver, base, "carte grise")
    kinds = [r["type"] for r in shown(driver)["results"]]
    assert count("Type", "Fiche pratique") == kinds.count("Fiche pratique") and len(found) == len(
        kinds
    )


def test_default_synonyms_follow_the_schema_of_synonymes_yml() -> None:
    schema = json.loads((REPO / "schemas" / "synonymes.schema.json").read_text("utf-8"))
    jsonschema.validate(list(default_synonyms()), schema)


@pytest.mark.parametrize("own", [None, "[]\n"])
def test_a_network_starts_with_the_common_abbreviations(tmp_path: Path, own: str | None) -> None:
    """No synonymes.yml, or an empty one: the abbreviations shipped with the carnet are there."""
    shutil.copytree(CASES / "_referentiels", tmp_path / "content" / "referentiels")
    if own is not None:
        (tmp_path / "content" / "referentiels" / "synonymes.yml").write_text(own, encoding="utf-8")
    mapping = synonym_map(load_corpus(tmp_path / "content"))["synonymes"]
    for abbreviation in ("mdp", "cni", "rsa", "apl", "caf", "cpam", "ants", "msa", "mdph", "cv"):
        assert mapping.get(abbreviation), abbreviation
    assert mapping["mdp"] == ["mot passe"] and mapping["cni"] == [
        "carte identite",
        "carte nationale identite",
    ]


def test_the_networks_synonyms_extend_the_defaults(starter_site: Path) -> None:
    shipped = json.loads((starter_site / "assets" / "synonymes.json").read_text("utf-8"))[
        "synonymes"
    ]
    assert shipped["carte grise"] == [
        "certificat immatriculation"
    ]  # content/referentiels/synonymes.yml
    assert shipped["mdp"] == ["mot passe"] and shipped["apl"] == [
        "aides logement",
        "aide personnalisee logement",
    ]
    assert shipped == synonym_map(load_corpus(REPO / "content"))["synonymes"]


def test_material_search_is_off(starter_site: Path) -> None:
    assert not (starter_site / "search" / "search_index.json").exists()
    assert (starter_site / "pagefind" / "pagefind.js").exists()


def test_listing_pages_are_not_indexed(driver, base: str) -> None:
    status, found = search_from(driver, base, "/", "fiches pratiques")
    assert found, status
    assert "fiches" not in found and "" not in found


def test_keyboard_shortcuts_leave_ctrl_combinations_alone(driver, base: str) -> None:
    driver.get(base + SHEET)
    dialog = driver.find_element(By.ID, "carnet-recherche")
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("s").key_up(Keys.CONTROL).perform()
    ActionChains(driver).key_down(Keys.ALT).send_keys("/").key_up(Keys.ALT).perform()
    assert not dialog.is_displayed()
    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    WebDriverWait(driver, 5).until(EC.visibility_of(dialog))
    assert driver.switch_to.active_element == driver.find_element(By.ID, "carnet-q")
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    WebDriverWait(driver, 5).until(EC.invisibility_of_element(dialog))
    driver.find_element(By.TAG_NAME, "body").send_keys("s")
    WebDriverWait(driver, 5).until(EC.visibility_of(dialog))


def test_a_failed_load_says_so_and_retry_loads_again(
    starter_site: Path, tmp_path: Path, driver
) -> None:
    """The index cannot be fetched (connection lost): a French message, and « Réessayer » works once it is back."""
    site = shutil.copytree(starter_site, tmp_path / "site")
    (site / "pagefind").rename(site / "pagefind-absent")
    with serve(site) as address:
        open_search(driver, address + SHEET)
        retry = driver.find_element(By.CSS_SELECTOR, ".carnet-recherche__reessayer")
        WebDriverWait(driver, 10).until(EC.visibility_of(retry))
        assert shown(driver)["status"] == FAILURE
        assert (
            driver.find_element(By.CSS_SELECTOR, ".carnet-recherche__etat").get_attribute("role")
            == "status"
        )
        assert ask(driver, address, "carte grise") == (
            FAILURE,
            [],
        )  # typing tries again, and fails again
        (site / "pagefind-absent").rename(site / "pagefind")
        retry.click()
        WebDriverWait(driver, 10).until(lambda d: "« carte grise »" in shown(d)["status"])
        assert not retry.is_displayed()
        assert "fiches/carte-grise-en-ligne" in [
            page(address, r["href"]) for r in shown(driver)["results"]
        ]


def test_without_network_search_says_what_still_works(starter_site: Path, driver) -> None:
    """A phone that lost its network (the page still on screen, the host out of reach): retrying in
    a moment cannot help, the indexes can."""
    with serve(starter_site) as address:
        driver.get(address + SHEET)
        WebDriverWait(driver, 10).until(
            EC.element_to_be_clickable((By.CSS_SELECTOR, "button.carnet-recherche-bouton"))
        )
    # The server is gone, and the browser knows it has no network (navigator.onLine).
    driver.execute_cdp_cmd("Network.enable", {})
    offline = {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0}
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", offline)
    try:
        driver.find_element(By.CSS_SELECTOR, "button.carnet-recherche-bouton").click()
        WebDriverWait(driver, 10).until(lambda d: shown(d)["status"])
        status = shown(driver)["status"]
        assert status.startswith("La recherche a besoin du réseau"), status
        assert "fiches de A à Z" in status
    finally:
        online = {**offline, "offline": False, "downloadThroughput": -1, "uploadThroughput": -1}
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", online)


def test_search_on_a_phone_from_the_home_page(starter_site: Path) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    with serve(starter_site) as address:
        phone = chromium(*PHONE)
        try:
            open_search(phone, address + "/")
            status, found = ask(
                phone, address, "pole emploi actualisation", enter=False
            )  # the results come as one types
            assert status == f"{len(found)} résultats pour « pole emploi actualisation »."
            assert found[0] == "fiches/actualisation-france-travail", found
            first = shown(phone)["results"][0]
            assert first["type"] == "Fiche pratique" and first["resume"].startswith(
                "Pourquoi l'actualisation mensuelle"
            )
            assert phone.execute_script(
                "return document.documentElement.scrollWidth <= window.innerWidth"
            )
            phone.save_screenshot(str(SCREENSHOTS / "5-recherche-360.png"))

            sheets = [r["type"] for r in shown(phone)["results"]].count("Fiche pratique")
            assert 0 < sheets < len(found)
            phone.find_element(By.CSS_SELECTOR, ".carnet-filtres summary").click()
            fiche = WebDriverWait(phone, 15).until(
                EC.element_to_be_clickable(
                    (By.CSS_SELECTOR, "input[data-filtre='Type'][value='Fiche pratique']")
                )
            )
            label = fiche.find_element(By.XPATH, "..")
            assert (
                " ".join(label.text.split()) == f"Fiche pratique ({sheets})"
            )  # counts follow the search
            fiche.click()
            WebDriverWait(phone, 15).until(
                lambda d: {r["type"] for r in shown(d)["results"]} == {"Fiche pratique"}
            )
            fiche.click()  # no filter for what follows
            phone.find_element(By.CSS_SELECTOR, ".carnet-filtres summary").click()

            status, found = ask(phone, address, "wifi mdph")
            assert (
                status.startswith("Aucune page ne contient tous les mots de « wifi mdph »")
                and found
            )
            phone.save_screenshot(str(SCREENSHOTS / "6-recherche-repli-360.png"))
            phone.find_element(By.CSS_SELECTOR, ".carnet-recherche__fermer").click()
            assert not phone.find_element(By.ID, "carnet-recherche").is_displayed()
        finally:
            phone.quit()
