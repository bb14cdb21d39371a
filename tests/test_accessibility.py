"""Accessibility (RGAA, WCAG 2.x AA) and phones, on the starter site served as GitHub Pages
publishes it.

axe-core (from the npm registry, installed by `make test` into .venv/node, never from a CDN) is
injected into every page type, in the light and the dark theme, at 360 px and at desktop width; any
violation fails with its rule, its target and its page. The same visits check, at 360 px, that no
page is wider than the screen and that the key targets are 44 px. One browser per theme and width,
two at a time; one built site for all.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from browser import PHONE, chromium, serve
from conftest import REPO, SCREENSHOTS

AXE = REPO / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = (1280, 900)
COMBOS = {
    "clair-360": ("default", PHONE),
    "sombre-360": ("slate", PHONE),
    "clair-bureau": ("default", DESKTOP),
    "sombre-bureau": ("slate", DESKTOP),
}
SEARCH = "caf"  # a word with results in every starter site, and filters for them
# Screenshots at 360 px (tests/screenshots/), each scrolled to what a phone makes hard: cards,
# charts.
SCREENSHOTS_AT = {
    "accueil": "",
    "fiche": "",
    "tableau-dysfonctionnements": "[data-carnet-tableau]",
    "tableau-de-bord": ".carnet-graphique",
    "recherche": "",
}

# Colours are read once CSS transitions are over (a busy machine may paint a page before its theme
# is applied, and Material's links fade between colours).
RUN_AXE = """
const done = arguments[arguments.length - 1], context = arguments[0] ? document.querySelector(arguments[0]) : document;
const settled = () => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
Promise.race([settled(), new Promise(r => setTimeout(r, 2000))])
  .then(() => axe.run(context, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']}))
  .then(r => done(r.violations.flatMap(v => v.nodes.map(n => ({id: v.id, target: n.target.join(' '),
        message: (n.any.concat(n.all, n.none)[0] || {}).message || v.help})))))
  .catch(e => done([{id: 'axe-error', target: '', message: String(e)}]));
"""

# What a 360 px screen must hold: nothing wider than the window, chart labels inside their chart.
WIDTHS = """
const out = [];
if (document.documentElement.scrollWidth > window.innerWidth) {
  out.push('page de ' + document.documentElement.scrollWidth + ' px pour un écran de ' + window.innerWidth + ' px : ' +
    Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
      && getComputedStyle(e).visibility !== 'hidden').slice(0, 3).map(e => e.tagName + '.' + e.className).join(', '));
}
document.querySelectorAll('figure.carnet-graphique svg').forEach(svg => {
  const width = svg.viewBox.baseVal.width;
  svg.querySelectorAll('text').forEach(t => {
    const box = t.getBBox();
    if (box.x < -2 || box.x + box.width > width + 2 || /…$/.test(t.textContent)) { out.push('libellé coupé : ' + t.textContent); }
  });
});
return out;
"""

# Key targets: the header's buttons on every page, and the search dialog's controls when it is open.
TARGETS = """
const selectors = ['.md-header__button', '.carnet-recherche__fermer', '#carnet-q', '.carnet-filtres summary',
                   '.carnet-filtre .carnet-case', '.carnet-resultat__lien'];
const out = [];
for (const selector of selectors) {
  for (const e of document.querySelectorAll(selector)) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || getComputedStyle(e).visibility === 'hidden') { continue; }
    if (Math.round(r.height) < 44 || Math.round(r.width) < 44) {
      out.push(selector + ' « ' + (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 30) + ' » : '
               + Math.round(r.width) + ' × ' + Math.round(r.height) + ' px');
    }
  }
}
return out;
"""

# The search dialog's text: 16 px at least; each filter's box at the start of its own line.
DIALOG_TEXT = """
const lefts = new Set(Array.from(document.querySelectorAll('.carnet-filtre input')).map(b => Math.round(b.getBoundingClientRect().left)));
const aligned = lefts.size === 1 ? [] : ['cases des filtres sur ' + lefts.size + ' colonnes'];
const selectors = ['.carnet-recherche__titre', '.carnet-recherche__fermer', '.carnet-recherche__libelle', '#carnet-q',
                   '.carnet-filtres summary', '.carnet-filtre .carnet-case', '.carnet-recherche__etat',
                   '.carnet-resultat__lien', '.carnet-resultat__resume'];
return selectors.flatMap(s => Array.from(document.querySelectorAll(s)).slice(0, 3)
  .filter(e => parseFloat(getComputedStyle(e).fontSize) < 16)
  .map(e => s + ' : ' + getComputedStyle(e).fontSize)).concat(aligned);
"""

OPEN_SEARCH = """
const done = arguments[arguments.length - 1], word = arguments[0];
document.querySelector('button.carnet-recherche-bouton').click();
const field = document.getElementById('carnet-q');
field.value = word;
field.dispatchEvent(new Event('input'));
document.querySelector('.carnet-filtres').open = true;
const start = Date.now();
(function wait() {
  const ready = document.querySelectorAll('.carnet-resultat').length > 0 && document.querySelectorAll('.carnet-filtre input').length > 0
    && document.querySelector('.carnet-recherche__etat').textContent.includes(word);
  if (ready || Date.now() - start > 15000) { done(ready); } else { setTimeout(wait, 50); }
})();
"""


def page_types(site: Path) -> dict[str, str]:
    """One address per page type of the site, taken from what the build wrote."""

    def first(folder: str, newest: bool = False) -> str:
        names = sorted(
            (p.name for p in (site / folder).iterdir() if p.is_dir() and p.name != "imprimer"),
            reverse=newest,
        )
        return f"/{folder}/{names[0]}/"

    return {
        "accueil": "/",
        "fiche": first("fiches"),
        "anecdote": first("anecdotes"),
        "dysfonctionnement": first("dysfonctionnements"),
        "administration": first("administrations"),
        "competence": first("competences"),
        "public": first("publics"),
        "tableau-dysfonctionnements": "/dysfonctionnements/",
        "theme": first("themes", newest=True),
        "themes": "/themes/",
        "tableau-de-bord": "/tableau-de-bord/",
        "a-reverifier": "/a-reverifier/",
        "proposer": "/proposer/",
        "introuvable": "/cette-page-n-existe-pas/",
        "accessibilite": "/accessibilite/",
    }


@pytest.fixture(scope="module")
def base(starter_site: Path):
    with serve(starter_site) as address:
        yield address


def use_theme(driver, base: str, scheme: str) -> None:
    """Choose the theme as a person does, with Material's toggle in the header (kept in
    localStorage).
    """
    driver.get(base + "/")
    if scheme == "slate":
        driver.execute_script(
            "document.querySelector('input[name=__palette][data-md-color-scheme=slate]').click()"
        )
        driver.get(base + "/")
    assert (
        driver.execute_script("return document.body.getAttribute('data-md-color-scheme')") == scheme
    )


def axe(driver, within: str | None = None) -> list[dict]:
    """axe's violations on the page, or within one part of it already checked around."""
    return driver.execute_async_script(RUN_AXE % TAGS, within)


def visit(base: str, site: Path, combo: str) -> dict[str, list[str]]:
    """Every page type in one theme and one width: axe's violations, and at 360 px widths and
    targets.
    """
    scheme, (width, height) = COMBOS[combo]
    phone = width == PHONE[0]
    found: dict[str, list[str]] = {"axe": [], "largeur": [], "cibles": [], "texte": []}
    driver = chromium(width, height)
    driver.set_script_timeout(30)
    # axe-core comes with every page the browser opens, before the page's own scripts.
    driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": AXE.read_text("utf-8")}
    )
    try:
        use_theme(driver, base, scheme)

        def check(name: str, within: str | None = None) -> None:
            assert (
                driver.execute_script("return document.body.getAttribute('data-md-color-scheme')")
                == scheme
            ), name
            found["axe"] += [
                f"{name} : {v['id']} sur {v['target']} — {v['message']}"
                for v in axe(driver, within)
            ]
            if phone:
                found["largeur"] += [f"{name} : {p}" for p in driver.execute_script(WIDTHS)]
                found["cibles"] += [f"{name} : {p}" for p in driver.execute_script(TARGETS)]
                if combo == "clair-360" and name in SCREENSHOTS_AT:
                    driver.execute_script(
                        "const e = arguments[0] && document.querySelector(arguments[0]);if (e) { "
                        "window.scrollTo(0, e.getBoundingClientRect().top + scrollY - 60); }",
                        SCREENSHOTS_AT[name],
                    )
                    driver.execute_async_script(
                        "setTimeout(arguments[0], 300)"
                    )  # Material's header title slides
                    driver.save_screenshot(str(SCREENSHOTS / f"accessibilite-{name}-360.png"))

        for name, path in page_types(site).items():
            driver.get(base + path)
            check(name)
            if name == "proposer":  # every form, not only the first tab
                for tab in driver.find_elements(By.CSS_SELECTOR, "[data-onglet]")[1:]:
                    tab.click()
                    check(
                        f"proposer#{tab.get_attribute('data-onglet')}",
                        f"section#{tab.get_attribute('data-onglet')}",
                    )
        assert driver.execute_async_script(OPEN_SEARCH, SEARCH), (
            "la recherche n'a rien montré"
        )  # from the last page
        check("recherche", "#carnet-recherche")
        if phone:
            found["texte"] += driver.execute_script(DIALOG_TEXT)
    finally:
        driver.quit()
    return found


@pytest.fixture(scope="module")
def reports(base: str, starter_site: Path) -> dict[str, dict[str, list[str]]]:
    """The four visits, two browsers at a time."""
    assert AXE.is_file(), (
        "axe-core manque : `make test` l'installe (npm install --prefix .venv/node axe-core@…)"
    )
    SCREENSHOTS.mkdir(exist_ok=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {combo: pool.submit(visit, base, starter_site, combo) for combo in COMBOS}
        return {combo: future.result() for combo, future in futures.items()}


@pytest.mark.parametrize("combo", COMBOS)
def test_axe_finds_no_violation(reports: dict, combo: str) -> None:
    assert reports[combo]["axe"] == [], f"{combo}\n" + "\n".join(reports[combo]["axe"])


@pytest.mark.parametrize("combo", ["clair-360", "sombre-360"])
def test_nothing_is_wider_than_a_phone(reports: dict, combo: str) -> None:
    assert reports[combo]["largeur"] == []


@pytest.mark.parametrize("combo", ["clair-360", "sombre-360"])
def test_key_targets_are_44_px_on_a_phone(reports: dict, combo: str) -> None:
    assert reports[combo]["cibles"] == []


def test_search_dialog_text_is_16_px_on_a_phone(reports: dict) -> None:
    assert reports["clair-360"]["texte"] == []


@pytest.fixture
def phone():
    driver = chromium(*PHONE)
    yield driver
    driver.quit()


def focused(driver) -> dict:
    return driver.execute_script("""const e = document.activeElement, r = e.getBoundingClientRect();
      return {tag: e.tagName, text: (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40),
              inArticle: !!e.closest('article'), onScreen: r.width > 0 && r.right > 0 && r.left < window.innerWidth}""")


def test_skip_link_lands_on_the_article(base: str, starter_site: Path, phone) -> None:
    for path in (page_types(starter_site)["fiche"], "/cette-page-n-existe-pas/"):
        phone.get(base + path)
        ActionChains(phone).send_keys(Keys.TAB).perform()
        assert focused(phone)["text"] == "Aller au contenu"
        ActionChains(phone).send_keys(Keys.ENTER).perform()
        target = phone.execute_script(
            "return document.getElementById(decodeURIComponent(location.hash.slice(1)))"
        )
        assert target is not None and target.tag_name == "h1"
        assert phone.execute_script("return !!arguments[0].closest('article')", target)
        ActionChains(phone).send_keys(Keys.TAB).perform()
        assert focused(phone)["inArticle"], focused(phone)


def test_tab_reaches_the_article_without_stopping_in_the_closed_menu(
    base: str, starter_site: Path, phone
) -> None:
    phone.get(base + page_types(starter_site)["fiche"])
    stops = []
    for _ in range(15):
        ActionChains(phone).send_keys(Keys.TAB).perform()
        stops.append(focused(phone))
        if stops[-1]["inArticle"]:
            break
    assert stops[-1]["inArticle"], stops
    # Skip link, menu, search, theme: nothing else, and nothing off screen.
    assert [s["text"] for s in stops[:-1]] == [
        "Aller au contenu",
        "Menu du carnet",
        "Rechercher dans le carnet",
        "Passer en mode sombre",
    ]
    assert all(s["onScreen"] or s["tag"] == "INPUT" for s in stops[:-1]), (
        stops
    )  # the theme's radio is drawn by its label


def test_the_menu_opens_and_closes_with_the_keyboard(base: str, phone) -> None:
    phone.get(base + "/")
    button = phone.find_element(By.CSS_SELECTOR, ".md-header label[for=__drawer]")
    assert (
        button.get_attribute("role") == "button"
        and button.get_attribute("aria-expanded") == "false"
    )
    ActionChains(phone).send_keys(Keys.TAB, Keys.TAB).perform()
    assert focused(phone)["text"] == "Menu du carnet"
    ActionChains(phone).send_keys(Keys.ENTER).perform()
    WebDriverWait(phone, 5).until(
        lambda d: (
            focused(d)["onScreen"]
            and d.execute_script("return !!document.activeElement.closest('.md-sidebar--primary')")
        )
    )
    assert button.get_attribute("aria-expanded") == "true"
    ActionChains(phone).send_keys(Keys.ESCAPE).perform()
    assert (
        button.get_attribute("aria-expanded") == "false"
        and focused(phone)["text"] == "Menu du carnet"
    )


def test_every_page_has_its_own_title(starter_site: Path) -> None:
    titles: dict[str, list[str]] = {}
    for page in starter_site.rglob("index.html"):
        title = " ".join(
            re.search(r"<title>(.*?)</title>", page.read_text("utf-8"), re.S).group(1).split()
        )
        titles.setdefault(title, []).append(str(page.parent.relative_to(starter_site)))
    assert {t: p for t, p in titles.items() if len(p) > 1} == {}


def test_checkbox_groups_are_named_by_a_legend(starter_site: Path) -> None:
    page = BeautifulSoup(
        (starter_site / "proposer" / "index.html").read_text("utf-8"), "html.parser"
    )
    boxes = [b for b in page.select("form input[type=checkbox]") if b.get("value")]
    assert boxes
    for box in boxes:
        group = box.find_parent("fieldset")
        assert group is not None and group.legend.get_text(strip=True), box


def test_the_404_page_is_in_french(starter_site: Path) -> None:
    page = BeautifulSoup((starter_site / "404.html").read_text("utf-8"), "html.parser")
    assert page.html["lang"] == "fr"
    assert page.title.get_text(strip=True) == "Page introuvable - Carnet de terrain"
    assert page.h1.get_text() == "Page introuvable"
    assert "Not found" not in page.get_text()


def test_the_accessibility_statement_is_linked_from_every_page(starter_site: Path) -> None:
    statement = BeautifulSoup(
        (starter_site / "accessibilite" / "index.html").read_text("utf-8"), "html.parser"
    )
    assert "partiellement conforme" in statement.article.get_text()
    for page in ("index.html", "fiches/index.html", "404.html"):
        footer = BeautifulSoup((starter_site / page).read_text("utf-8"), "html.parser").select_one(
            ".md-copyright"
        )
        assert footer.find("a", string="Accessibilité") is not None, page
