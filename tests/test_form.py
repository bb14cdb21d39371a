"""« Proposer un contenu » as a mediator without a GitHub account uses it, on a phone."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser import PHONE, chromium, serve
from carnet.checking.check import run_check
from conftest import FIXTURE, SCREENSHOTS, TODAY


@pytest.fixture
def phone(fixture_site: Path, tmp_path: Path):
    with serve(fixture_site) as base:
        driver = chromium(*PHONE)
        driver.execute_cdp_cmd(
            "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
        )
        driver.get(base + "/proposer/")
        yield driver
        driver.quit()


def type_into(driver, ident: str, text: str) -> None:
    field = driver.find_element(By.ID, ident)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    field.clear()
    field.send_keys(text)


def tick(driver, name: str, value: str, form: str = "fiche") -> None:
    box = driver.find_element(By.CSS_SELECTOR, f'#{form} input[name="{name}"][value="{value}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()


def error_of(driver, ident: str) -> str:
    return driver.find_element(By.ID, f"{ident}-erreur").text


def fill_sheet(driver) -> None:
    type_into(driver, "fiche-titre", "Déclarer ses revenus en ligne")
    type_into(
        driver,
        "fiche-resume",
        "Accompagner la déclaration en ligne ; appeler le 06 12 34 56 78 en cas de doute.",
    )
    Select(driver.find_element(By.ID, "fiche-niveau")).select_by_value("debutant")
    tick(driver, "competences", "messagerie")
    tick(driver, "administrations", "caf")
    type_into(driver, "fiche-auteurs", "Une conseillère numérique")
    type_into(
        driver, "fiche-situation", "Une personne vient pour sa première déclaration en ligne."
    )
    type_into(
        driver,
        "fiche-etapes",
        "Se connecter à son espace\nVérifier les montants\nLaisser la personne valider",
    )
    type_into(driver, "fiche-points_de_vigilance", "La personne valide elle-même.")


def test_phone_number_is_caught_fixed_then_the_file_passes_carnet_check(
    phone, tmp_path: Path
) -> None:
    fill_sheet(phone)
    # The refusal says what to write instead, as `carnet check` does.
    assert (
        error_of(phone, "fiche-resume")
        .replace("\u00a0", " ")
        .startswith(
            "numéro de téléphone « 06 12 34 56 78 » : un numéro identifie une personne. Aide : "
            "écrivez « son numéro de téléphone » sans le recopier ; "
        )
    )
    assert phone.find_element(By.ID, "fiche-resume").get_attribute("aria-invalid") == "true"
    phone.execute_script(
        "document.getElementById('fiche-resume').scrollIntoView({block: 'center'})"
    )
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.save_screenshot(str(SCREENSHOTS / "6-formulaire-erreur-360.png"))

    download = phone.find_element(By.CSS_SELECTOR, '#fiche [data-action="telecharger"]')
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", download)
    download.click()
    message = phone.find_element(By.CSS_SELECTOR, "#fiche .carnet-message").text
    assert message.startswith("1 point à corriger avant l'envoi")
    assert not list(tmp_path.glob("*.md"))  # nothing leaves the form with a phone number in it

    type_into(
        phone,
        "fiche-resume",
        "Accompagner la première déclaration en ligne, sans faire à la place de la personne.",
    )
    assert error_of(phone, "fiche-resume") == ""
    download.click()
    saved = tmp_path / "declarer-ses-revenus-en-ligne.md"
    WebDriverWait(phone, 10).until(lambda d: saved.exists() and saved.stat().st_size > 0)

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    shutil.copy(saved, content / "fiches" / saved.name)
    result = run_check(content, TODAY, [content / "fiches" / saved.name])
    assert result.findings == []
    text = saved.read_text("utf-8")
    assert (
        '\ncompetences: ["messagerie"]\n' in text
        and "\n## Étapes\n\n1. Se connecter à son espace\n" in text
    )


def test_required_fields_and_lengths_are_shown_beside_each_field(phone) -> None:
    type_into(phone, "fiche-titre", "Court")
    button = phone.find_element(By.CSS_SELECTOR, '#fiche [data-action="github"]')
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    assert error_of(phone, "fiche-titre") == "trop court (5 caractères, minimum 8)"
    assert error_of(phone, "fiche-resume") == "obligatoire"
    assert error_of(phone, "fiche-competences") == "obligatoire"
    assert error_of(phone, "fiche-duree_minutes") == ""


def test_draft_survives_a_closed_tab(phone) -> None:
    type_into(phone, "fiche-titre", "Un brouillon à ne pas perdre")
    tick(phone, "publics", "seniors")
    phone.refresh()
    assert (
        phone.find_element(By.ID, "fiche-titre").get_attribute("value")
        == "Un brouillon à ne pas perdre"
    )
    assert phone.find_element(
        By.CSS_SELECTOR, '#fiche input[name="publics"][value="seniors"]'
    ).is_selected()


def test_preview_shows_the_sheet_as_it_will_look(phone) -> None:
    fill_sheet(phone)
    preview = phone.find_element(By.CSS_SELECTOR, "#fiche .carnet-apercu")
    assert (
        preview.find_element(By.TAG_NAME, "h3").get_attribute("textContent")
        == "Déclarer ses revenus en ligne"
    )
    steps = [
        li.get_attribute("textContent") for li in preview.find_elements(By.CSS_SELECTOR, "ol li")
    ]
    assert steps == [
        "Se connecter à son espace",
        "Vérifier les montants",
        "Laisser la personne valider",
    ]


def test_send_via_github_opens_the_prefilled_issue_form(phone) -> None:
    fill_sheet(phone)
    type_into(
        phone,
        "fiche-resume",
        "Accompagner la première déclaration en ligne, sans faire à la place de la personne.",
    )
    phone.execute_script(
        "window.__ouvert = []; window.open = function (u) { window.__ouvert.push(u); };"
    )
    button = phone.find_element(By.CSS_SELECTOR, '#fiche [data-action="github"]')
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    url = phone.execute_script("return window.__ouvert[0]")
    parsed = urlparse(url)
    assert (
        parsed.netloc == "github.com"
        and parsed.path == "/carnet-de-terrain/carnet-de-terrain/issues/new"
    )
    params = {k: v[0] for k, v in parse_qs(parsed.query).items()}
    assert params["template"] == "fiche.yml"
    assert params["titre"] == "Déclarer ses revenus en ligne"
    assert params["competences"] == "messagerie" and params["niveau"] == "debutant"
    assert params["etapes"].splitlines() == [
        "Se connecter à son espace",
        "Vérifier les montants",
        "Laisser la personne valider",
    ]
    assert params["fichier"].startswith(
        '---\ntitre: "Déclarer ses revenus en ligne"\n'
    )  # the whole file rides along


def test_too_long_for_github_says_so(phone) -> None:
    fill_sheet(phone)
    type_into(
        phone,
        "fiche-resume",
        "Accompagner la première déclaration en ligne, sans faire à la place de la personne.",
    )
    phone.execute_script(
        "document.getElementById('fiche-situation').value = 'Une longue situation. '.repeat(500);"
        "document.getElementById('fiche-situation').dispatchEvent(new Event('input', {bubbles: "
        "true}));window.__ouvert = []; window.open = function (u) { window.__ouvert.push(u); };"
    )
    phone.find_element(By.CSS_SELECTOR, '#fiche [data-action="github"]').click()
    message = phone.find_element(By.CSS_SELECTOR, "#fiche .carnet-message").text
    assert message.startswith("Ce contenu est trop long pour une adresse GitHub")
    assert phone.execute_script("return window.__ouvert.length") == 0


def test_email_uses_the_configured_address(phone) -> None:
    fill_sheet(phone)
    type_into(
        phone,
        "fiche-resume",
        "Accompagner la première déclaration en ligne, sans faire à la place de la personne.",
    )
    phone.execute_script(
        "window.__mail = []; window.CarnetFormulaire.ouvrir = function (u) { "
        "window.__mail.push(u); };"
    )
    button = phone.find_element(By.CSS_SELECTOR, '#fiche [data-action="email"]')
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    url = phone.execute_script("return window.__mail[0]")
    assert url.startswith("mailto:animation@example.org?subject=")
    body = parse_qs(urlparse(url.replace("mailto:", "mailto://", 1)).query)["body"][0]
    assert body.startswith('---\ntitre: "Déclarer ses revenus en ligne"\n')


def test_every_required_control_says_so_to_a_screen_reader(phone) -> None:
    """« (obligatoire) » is read with each label; the anonymisation box's label is its sentence, so
    the box carries `required` itself."""
    missing = phone.execute_script(
        "return Array.from(document.querySelectorAll('.carnet-champ')).filter((box) => "
        "box.querySelector('.carnet-requis')).map((box) => box.querySelector('input, select, "
        "textarea')).filter((c) => c.type !== 'checkbox' || c.closest('fieldset') === null)"
        ".filter((c) => !c.required).map((c) => c.id);"
    )
    assert missing == []
    assert phone.find_element(By.ID, "anecdote-anonymisee").get_attribute("required") == "true"


def test_without_javascript_a_readable_template(fixture_site: Path) -> None:
    html = (fixture_site / "proposer" / "index.html").read_text("utf-8")
    assert "<noscript>" in html and "titre: &quot;[Titre]&quot;" in html
    assert 'section class="carnet-formulaire" id="fiche" hidden' in html


def test_links_from_a_malfunction_page(fixture_site: Path) -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(
        (fixture_site / "dysfonctionnements/caf-envoi-bloque/index.html").read_text("utf-8"),
        "html.parser",
    )
    links = {a.get_text(strip=True): a["href"] for a in soup.select(".carnet-retours a")}
    confirm = parse_qs(urlparse(links["Je l'ai vu aussi"]).query)
    assert confirm["template"] == ["confirmation.yml"] and confirm["dysfonctionnement"] == [
        "caf-envoi-bloque"
    ]
    report = parse_qs(urlparse(links["Signaler une erreur ou une information périmée"]).query)
    assert report["template"] == ["signalement.yml"] and report["contenu"] == ["caf-envoi-bloque"]
    others = [
        a["href"]
        for a in soup.select(".carnet-retours a")
        if a.get_text(strip=True) == "sans compte GitHub"
    ]
    assert others == [
        "../../proposer/?dysfonctionnement=caf-envoi-bloque#confirmation",
        "../../proposer/?contenu=caf-envoi-bloque#signalement",
    ]


FILL = """
const [kind, answers] = arguments;
const form = document.querySelector(`#${kind} form`);
for (const [name, value] of Object.entries(answers)) {
  const controls = form.querySelectorAll(`[name="${name}"]`);
  controls.forEach((c) => {
    if (c.type === "checkbox") { c.checked = Array.isArray(value) ? value.includes(c.value) : Boolean(value); }
    else { c.value = value; }
  });
}
form.dispatchEvent(new Event("input", {bubbles: true}));
"""


@pytest.mark.parametrize(
    "kind, name",
    [
        ("fiche", "declarer-ses-revenus-en-ligne.md"),
        ("anecdote", "trois-codes-sur-un-post-it.md"),
        ("dysfonctionnement", "le-depot-d-un-justificatif-echoue.md"),
        ("confirmation", "je-l-ai-vu-aussi-caf-envoi-bloque.md"),
        ("signalement", "signalement-caf-envoi-bloque.md"),
    ],
)
def test_every_form_downloads_a_file_of_its_own_that_imports(
    kind: str, name: str, phone, tmp_path: Path
) -> None:
    """Each form's file has a name of its own (never the malfunction's own file name) and `carnet
    importer` takes it.
    """
    import yaml

    from carnet.contribution.importer import plan_import
    from carnet.model.schemas import load_schemas

    answers = yaml.safe_load(
        (Path(__file__).parent / "contrat" / "reponses.yml").read_text("utf-8")
    )[kind]["base"]
    phone.find_element(By.CSS_SELECTOR, f'[data-onglet="{kind}"]').click()
    phone.execute_script(FILL, kind, answers)
    button = phone.find_element(By.CSS_SELECTOR, f'#{kind} [data-action="telecharger"]')
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    saved = tmp_path / name
    WebDriverWait(phone, 10).until(lambda d: saved.exists() and saved.stat().st_size > 0)
    message = phone.find_element(By.CSS_SELECTOR, f"#{kind} .carnet-message").text
    assert message.replace("\u00a0", " ") == (
        f"Fichier « {name} » téléchargé : envoyez-le par e-mail aux animateurs du réseau, à "
        "animation@example.org. Le brouillon reste dans ce navigateur : effacez-le une fois votre "
        "proposition bien partie."
    )
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    outcome = plan_import(saved.read_text("utf-8"), content, load_schemas(), TODAY)
    assert outcome.errors == [] and outcome.kind == kind, [
        (p.field, p.message) for p in outcome.problems
    ]


def test_hurried_answers_are_read_and_said_back(phone) -> None:
    """No accents, commas, a link without « | », « 45 min »: read as meant, said under each field,
    in the file.
    """
    fill_sheet(phone)
    type_into(
        phone,
        "fiche-resume",
        "Accompagner la premiere declaration en ligne, sans faire a la place de la personne.",
    )
    type_into(phone, "fiche-duree_minutes", "1 h 30")
    type_into(
        phone,
        "fiche-mots_cles",
        "impots, mdp, declaration de revenus en ligne pour les personnes agees",
    )
    type_into(phone, "fiche-liens", "Declarer ses revenus https://www.impots.gouv.fr/particulier")
    notes = {
        ident: phone.find_element(
            By.CSS_SELECTOR, f'[data-champ="{ident}"] .carnet-lu'
        ).text.replace("\u00a0", " ")
        for ident in ("duree_minutes", "mots_cles", "liens")
    }
    assert notes == {
        "duree_minutes": "Compris ainsi : « 1 h 30 » lu comme 90 minutes.",
        "mots_cles": "Compris ainsi : séparés par des virgules ou des points-virgules : lus comme "
        "3 éléments, un par ligne.",
        "liens": "Compris ainsi : « Declarer ses revenus https://www.impots.gouv.fr/particulier » "
        "lu comme « Declarer ses revenus | https://www.impots.gouv.fr/particulier ».",
    }
    assert error_of(phone, "fiche-mots_cles").replace("\u00a0", " ") == (
        "« declaration de revenus en ligne pour … » : trop long (56 caractères, maximum 40)"
    )
    file = phone.find_element(By.CSS_SELECTOR, "#fiche .carnet-fichier").get_attribute(
        "textContent"
    )
    assert "\nduree_minutes: 90\n" in file
    assert (
        '\nliens: [{"titre": "Declarer ses revenus", "url": '
        '"https://www.impots.gouv.fr/particulier"}]\n' in file
    )
    type_into(
        phone, "fiche-resume", "Appeler le 06 12 34 56 78 en cas de doute sur la declaration."
    )
    phone.find_element(By.CSS_SELECTOR, '#fiche [data-action="telecharger"]').click()
    phone.execute_script(
        "document.getElementById('fiche-mots_cles').scrollIntoView({block: 'start'})"
    )
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.save_screenshot(str(SCREENSHOTS / "6-formulaire-lu-et-erreurs-360.png"))
    phone.execute_script("document.getElementById('fiche-titre').scrollIntoView({block: 'start'})")
    phone.save_screenshot(str(SCREENSHOTS / "6-formulaire-haut-erreurs-360.png"))


def test_the_ways_in_are_written_where_people_look() -> None:
    """« Contribuer » gives the network's address as text and the form first; CONTRIBUTING.md starts
    with the three ways.
    """
    from carnet.model.content import load_corpus
    from carnet.site.pages.common import SiteSettings
    from carnet.site.pages.home import build_free_page
    from conftest import REPO

    page = next(p for p in load_corpus(REPO / "content").of_kind("page") if p.id == "contribuer")
    text = build_free_page(
        page, SiteSettings(today=TODAY, contact="animation@reseau-exemple.fr")
    ).markdown
    assert "à l'adresse [animation@reseau-exemple.fr](mailto:animation@reseau-exemple.fr)." in text
    assert "bientôt" not in text and "[Proposer un contenu](proposer.md)" in text
    guide = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    ways = guide.split("## Trois façons de proposer un contenu", 1)[1].split("\n## ", 1)[0]
    assert [
        line.split("**")[1] for line in ways.splitlines() if line[:2] in ("1.", "2.", "3.")
    ] == [
        "Le formulaire du site, « Proposer un contenu »",
        "Le formulaire de GitHub",
        "Une modification du dépôt",
    ]
    for word in ("clé", "en-tête", "branche", "branch"):
        assert word not in guide.lower()


def tap(driver, css: str):
    """Scroll a control to the middle of the screen (clear of the header) and tap it."""
    control = driver.find_element(By.CSS_SELECTOR, css)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", control)
    control.click()
    return control


def on_screen(driver, element) -> bool:
    """Whether an element is shown in the window, below Material's header."""
    return driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(), header = document.querySelector"
        "('.md-header').getBoundingClientRect().bottom; return r.height > 0 && r.top >= header "
        "&& r.bottom <= window.innerHeight;",
        element,
    )


def test_sending_moves_to_the_first_error_even_in_a_group_of_boxes(phone) -> None:
    """A group of boxes takes no focus: its first box does, with the legend and the message on
    screen.
    """
    type_into(phone, "fiche-titre", "Créer une adresse e-mail")
    type_into(phone, "fiche-resume", "Aider une personne à créer sa première adresse, pas à pas.")
    Select(phone.find_element(By.ID, "fiche-niveau")).select_by_value("debutant")
    tap(phone, '#fiche [data-action="github"]')
    first_box = phone.find_element(By.CSS_SELECTOR, '#fiche input[name="competences"]')
    assert phone.switch_to.active_element == first_box
    group = phone.find_element(By.ID, "fiche-competences")
    assert group.get_attribute("aria-invalid") == "true"
    message = phone.find_element(By.ID, "fiche-competences-erreur")
    assert message.text == "obligatoire" and on_screen(phone, message)
    legend = phone.find_element(By.ID, "fiche-competences-libelle")
    assert on_screen(phone, legend)
    # Nothing over it: Material's « Retour en haut de la page » shows on the jump up.
    assert phone.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)"
        ".closest('legend') === arguments[0];",
        legend,
    )
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.save_screenshot(str(SCREENSHOTS / "6-formulaire-premiere-erreur-groupe-360.png"))


def test_a_wrong_field_is_framed_in_red_in_both_schemes(phone) -> None:
    type_into(phone, "fiche-titre", "Court")
    tap(phone, "#fiche-resume")  # leaving the title shows what is wrong with it
    title = phone.find_element(By.ID, "fiche-titre")
    assert error_of(phone, "fiche-titre") == "trop court (5 caractères, minimum 8)"
    assert title.value_of_css_property("border-top-color") == "rgba(183, 28, 28, 1)"
    phone.execute_script("document.body.setAttribute('data-md-color-scheme', 'slate')")
    # #ff8a80 keeps 3:1 against the dark background, where #b71c1c had 2.4:1.
    assert title.value_of_css_property("border-top-color") == "rgba(255, 138, 128, 1)"


def test_errors_wait_until_the_field_is_left(phone) -> None:
    type_into(phone, "fiche-titre", "Déc")
    assert error_of(phone, "fiche-titre") == ""  # not « trop court » after three letters
    tap(phone, "#fiche-resume")
    assert error_of(phone, "fiche-titre") == "trop court (3 caractères, minimum 8)"
    type_into(phone, "fiche-titre", "Déclarer ses revenus")
    assert error_of(phone, "fiche-titre") == ""  # then it follows each key


def test_a_long_pasted_text_is_kept_whole_and_said_too_long(phone) -> None:
    """A browser's maxlength cut a pasted résumé silently, and a title of emoji (two UTF-16 units
    each) before the checker's 120 characters.
    """
    summary = "Accompagner une personne âgée qui découvre la déclaration en ligne. " * 6
    field = phone.find_element(By.ID, "fiche-resume")
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    field.click()
    phone.execute_cdp_cmd("Input.insertText", {"text": summary})  # as a paste
    title = "Démarches 📱 " + "👩‍💻" * 20 + " en ligne"
    field = phone.find_element(By.ID, "fiche-titre")
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    field.click()
    phone.execute_cdp_cmd("Input.insertText", {"text": title})
    assert phone.find_element(By.ID, "fiche-resume").get_attribute("value") == summary
    assert phone.find_element(By.ID, "fiche-titre").get_attribute("value") == title
    tap(phone, "#fiche-situation")
    assert error_of(phone, "fiche-resume") == (
        f"trop long ({len(summary.strip())} caractères, maximum 300)"
    )
    assert error_of(phone, "fiche-titre") == ""  # 80 characters, as `carnet check` counts them


def test_a_link_from_another_malfunction_wins_over_an_old_draft(fixture_site: Path) -> None:
    """A draft about one malfunction, then « Je l'ai vu aussi » on another: the form is about the
    other, the comment kept, and the page says a draft came back.
    """
    with serve(fixture_site) as base:
        driver = chromium(*PHONE)
        try:
            driver.get(base + "/proposer/?dysfonctionnement=caf-ancien-bug#confirmation")
            type_into(driver, "confirmation-commentaire", "Vu aussi à la médiathèque.")
            driver.get(base + "/proposer/?dysfonctionnement=caf-envoi-bloque#confirmation")
            chosen = Select(driver.find_element(By.ID, "confirmation-dysfonctionnement"))
            assert chosen.first_selected_option.get_attribute("value") == "caf-envoi-bloque"
            assert (
                driver.find_element(By.ID, "confirmation-commentaire").get_attribute("value")
                == "Vu aussi à la médiathèque."
            )
            notice = driver.find_element(By.CSS_SELECTOR, "#confirmation .carnet-brouillon")
            assert notice.text.startswith("Brouillon retrouvé")
            file = driver.find_element(By.CSS_SELECTOR, "#confirmation .carnet-fichier")
            assert "\n### Dysfonctionnement\n\ncaf-envoi-bloque\n" in file.get_attribute(
                "textContent"
            )
            driver.get(base + "/proposer/#confirmation")  # the draft now names the other one
            chosen = Select(driver.find_element(By.ID, "confirmation-dysfonctionnement"))
            assert chosen.first_selected_option.get_attribute("value") == "caf-envoi-bloque"
            # A link followed without typing leaves no draft: the page opens on its first form.
            driver.execute_script("localStorage.clear()")
            driver.get(base + "/proposer/?contenu=caf-envoi-bloque#signalement")
            driver.get(base + "/proposer/")
            assert driver.find_element(By.ID, "fiche").is_displayed()
            assert not driver.find_element(
                By.CSS_SELECTOR, "#fiche .carnet-brouillon"
            ).is_displayed()
        finally:
            driver.quit()


def test_a_draft_in_another_form_opens_it_and_can_be_cleared(phone) -> None:
    """Back on the page from the menu (no #…), the form written in last opens and says its draft
    came back; « Effacer le brouillon » empties it for good.
    """
    tap(phone, '[data-onglet="anecdote"]')
    type_into(phone, "anecdote-titre", "Trois codes sur un post-it")
    phone.get(phone.current_url.split("#")[0])
    section = phone.find_element(By.ID, "anecdote")
    assert section.is_displayed() and not phone.find_element(By.ID, "fiche").is_displayed()
    notice = section.find_element(By.CSS_SELECTOR, ".carnet-brouillon")
    assert notice.text.replace("\u00a0", " ") == (
        "Brouillon retrouvé : ce que vous aviez écrit dans ce navigateur est revenu. Pour "
        "repartir de zéro, « Effacer le brouillon » en bas du formulaire."
    )
    phone.execute_script("arguments[0].scrollIntoView({block: 'start'})", section)
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.save_screenshot(str(SCREENSHOTS / "6-formulaire-brouillon-retrouve-360.png"))
    tap(phone, '#anecdote [data-action="effacer"]')
    phone.switch_to.alert.accept()
    assert phone.find_element(By.CSS_SELECTOR, "#anecdote .carnet-message").text == (
        "Brouillon effacé."
    )
    assert not notice.is_displayed()
    phone.refresh()
    assert phone.find_element(By.ID, "fiche").is_displayed()
    assert phone.find_element(By.ID, "anecdote-titre").get_attribute("value") == ""


def test_an_invisible_character_pasted_from_word_is_found_where_it_is(phone) -> None:
    """Word's line separator (U+2028) passed the form, then `carnet check` refused the file."""
    summary = "Aider à créer une adresse e-mail\u2028 pour les démarches en ligne, pas à pas."
    field = phone.find_element(By.ID, "fiche-resume")
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    field.click()
    phone.execute_cdp_cmd("Input.insertText", {"text": summary})
    tap(phone, "#fiche-titre")
    assert error_of(phone, "fiche-resume").replace("\u00a0", " ") == (
        "caractère invisible U+2028 (séparateur de ligne) juste après « …der à créer une adresse "
        "e-mail », collé depuis un PDF ou un traitement de texte. Aide : effacez ce retour à la "
        "ligne et retapez-le avec la touche Entrée."
    )


def test_the_form_finds_the_invisible_characters_the_checker_finds() -> None:
    import re

    from carnet.model.frontmatter import CONTROL
    from conftest import REPO

    script = (REPO / "tools/carnet/site/theme/assets/carnet-formulaire.js").read_text("utf-8")
    source = re.search(r"const CONTROL = /(.*)/;", script)
    assert source, "carnet-formulaire.js: const CONTROL moved"
    browser = re.compile(source.group(1))  # \x01 and \u2028 read alike in both dialects
    # A form's text never holds half of a UTF-16 pair: the checker's surrogates are left out.
    every = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    assert [c for c in every if browser.match(c)] == [c for c in every if CONTROL.match(c)]


def test_a_report_from_a_copied_address_is_named_after_its_page(phone, tmp_path: Path) -> None:
    """« Signaler une erreur » with the page's address pasted whole, as people copy it."""
    tap(phone, '[data-onglet="signalement"]')
    type_into(
        phone,
        "signalement-contenu",
        "https://carnet-de-terrain.github.io/carnet-de-terrain/dysfonctionnements/"
        "caf-envoi-bloque/?utm_source=x#symptomes",
    )
    Select(phone.find_element(By.ID, "signalement-raison")).select_by_value("perime")
    type_into(
        phone,
        "signalement-details",
        "Le bouton a changé de place : https://www.caf.fr/allocataires/mon-compte",
    )
    tap(phone, '#signalement [data-action="telecharger"]')
    saved = tmp_path / "signalement-caf-envoi-bloque.md"
    WebDriverWait(phone, 10).until(lambda d: saved.exists() and saved.stat().st_size > 0)
    message = phone.find_element(By.CSS_SELECTOR, "#signalement .carnet-message").text
    assert message.replace("\u00a0", " ").startswith(
        "Fichier « signalement-caf-envoi-bloque.md » téléchargé"
    )


def test_the_keyboard_shows_where_it_is(phone) -> None:
    """Material takes the outline off text and check boxes: with Tab, nothing showed the focus."""
    from selenium.webdriver.common.keys import Keys

    type_into(phone, "fiche-duree_minutes", "45")
    phone.switch_to.active_element.send_keys(Keys.TAB)
    box = phone.switch_to.active_element
    assert box.get_attribute("name") == "publics" and box.get_attribute("type") == "checkbox"
    box.send_keys(Keys.SHIFT, Keys.TAB)
    field = phone.switch_to.active_element
    assert field.get_attribute("id") == "fiche-duree_minutes"
    for element in (box, field):
        phone.execute_script("arguments[0].focus()", element)
        assert element.value_of_css_property("outline-style") == "solid"
        assert element.value_of_css_property("outline-width") == "3px"


def test_the_preview_shows_what_the_page_shows_beside_the_text(phone) -> None:
    """Niveau, durée, publics and compétences for a sheet; the lesson of an anecdote; the title of
    the malfunction confirmed (its id before)."""
    fill_sheet(phone)
    type_into(phone, "fiche-duree_minutes", "1 h 30")
    facts = phone.find_element(By.CSS_SELECTOR, "#fiche .carnet-apercu-faits")
    assert facts.get_attribute("textContent") == (
        "Débutant · 90 min · Créer et utiliser une adresse e-mail · Caisse d'allocations familiales"
    )
    tap(phone, '[data-onglet="anecdote"]')
    type_into(phone, "anecdote-titre", "Trois codes sur un post-it")
    type_into(phone, "anecdote-enseignement", "Construire avec la personne une méthode.")
    preview = phone.find_element(By.CSS_SELECTOR, "#anecdote .carnet-apercu")
    assert [h.get_attribute("textContent") for h in preview.find_elements(By.TAG_NAME, "h4")] == [
        "Enseignement"
    ]
    assert "Construire avec la personne une méthode." in preview.get_attribute("textContent")
    tap(phone, '[data-onglet="confirmation"]')
    Select(phone.find_element(By.ID, "confirmation-dysfonctionnement")).select_by_value(
        "caf-envoi-bloque"
    )
    title = phone.find_element(By.CSS_SELECTOR, "#confirmation .carnet-apercu h3")
    assert title.get_attribute("textContent") == Select(
        phone.find_element(By.ID, "confirmation-dysfonctionnement")
    ).first_selected_option.get_attribute("textContent")


def test_without_javascript_the_template_says_what_each_choice_takes(fixture_site: Path) -> None:
    """« [Niveau] » told nobody to write « debutant »: the template names the identifiants, and
    lists those of each list under it."""
    with serve(fixture_site) as base:
        driver = chromium(*PHONE)
        try:
            driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
            driver.get(base + "/proposer/")
            sheet = driver.find_element(By.CSS_SELECTOR, ".carnet-sans-js-modeles details")
            template = sheet.find_element(By.TAG_NAME, "pre").text
            assert '\nniveau: "[debutant, intermediaire ou avance]"\n' in template
            assert (
                '\ncompetences: ["[Compétences : identifiants de la liste sous le modèle]"]\n'
                in template.replace("\u00a0", " ")
            )
            items = [li.text for li in sheet.find_elements(By.CSS_SELECTOR, "ul li")]
            assert "messagerie Créer et utiliser une adresse e-mail" in items
            assert driver.execute_script("return document.documentElement.scrollWidth") <= PHONE[0]
        finally:
            driver.quit()


def test_a_text_over_the_checkers_bound_is_stopped_before_sending(phone, tmp_path: Path) -> None:
    """A 300 KB situation left by download and was refused on arrival (« fichier trop gros »)."""
    import re

    from carnet.model.frontmatter import MAX_BYTES
    from conftest import REPO

    script = (REPO / "tools/carnet/site/theme/assets/carnet-formulaire.js").read_text("utf-8")
    assert f"const MAX_BYTES = {MAX_BYTES // 1024} * 1024;" in script
    fill_sheet(phone)
    type_into(
        phone,
        "fiche-resume",
        "Accompagner la première déclaration en ligne, sans faire à la place de la personne.",
    )
    situation = phone.find_element(By.ID, "fiche-situation")
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", situation)
    situation.click()
    phone.execute_cdp_cmd(
        "Input.insertText", {"text": "Une personne arrive avec sa convocation. " * 7500}
    )
    tap(phone, '#fiche [data-action="telecharger"]')
    message = phone.find_element(By.CSS_SELECTOR, "#fiche .carnet-message").text
    assert re.fullmatch(
        r"Ce contenu fait \d+ Ko, plus que les 256 Ko d'un fichier du carnet : "
        r"raccourcissez-le, ou faites-en deux propositions\.",
        message.replace("\u00a0", " "),
    ), message
    assert not list(tmp_path.glob("*.md"))


def test_a_confirmation_is_titled_by_its_malfunction_not_its_id(fixture_site: Path) -> None:
    """The issue's title and the e-mail's subject, as the facilitators see them in their lists."""
    with serve(fixture_site) as base:
        driver = chromium(*PHONE)
        try:
            driver.get(base + "/proposer/?dysfonctionnement=caf-envoi-bloque#confirmation")
            driver.execute_script(
                "window.__ouvert = []; window.open = function (u) { window.__ouvert.push(u); };"
                "window.CarnetFormulaire.ouvrir = function (u) { window.__ouvert.push(u); };"
            )
            name = Select(
                driver.find_element(By.ID, "confirmation-dysfonctionnement")
            ).first_selected_option.get_attribute("textContent")
            # As the date picker gives it (typing into it depends on the browser's language).
            driver.execute_script(
                "const field = document.getElementById('confirmation-date'); field.value = "
                "arguments[0]; field.dispatchEvent(new Event('change', {bubbles: true}));",
                TODAY.isoformat(),
            )
            tap(driver, '#confirmation [data-action="github"]')
            tap(driver, '#confirmation [data-action="email"]')
            github, mail = driver.execute_script("return window.__ouvert")
            assert parse_qs(urlparse(github).query)["title"] == [f"[Je l'ai vu aussi] {name}"]
            subject = parse_qs(urlparse(mail.replace("mailto:", "mailto://", 1)).query)["subject"]
            assert subject == [f"[Carnet] Je l'ai vu aussi : {name}"]
        finally:
            driver.quit()


def test_a_screen_reader_reads_the_reading_with_the_field(phone) -> None:
    """« Compris ainsi : … » is part of the field's description, like its help and its errors."""
    type_into(phone, "fiche-duree_minutes", "1 h 30")
    field = phone.find_element(By.ID, "fiche-duree_minutes")
    described = [
        phone.find_element(By.ID, ident).get_attribute("textContent")
        for ident in field.get_attribute("aria-describedby").split()
    ]
    assert described[0].startswith("La durée habituelle de l'accompagnement")
    assert described[-1].replace("\u00a0", " ") == (
        "Compris ainsi : « 1 h 30 » lu comme 90 minutes."
    )


def test_errors_shown_by_sending_stay_until_fixed(phone) -> None:
    """Fixing the first error and pressing Tab wiped every other message of the form."""
    from selenium.webdriver.common.keys import Keys

    tap(phone, '#fiche [data-action="github"]')
    first = phone.switch_to.active_element
    assert first.get_attribute("id") == "fiche-titre"
    first.send_keys("Déclarer ses revenus en ligne")
    first.send_keys(Keys.TAB)
    assert error_of(phone, "fiche-titre") == ""
    assert error_of(phone, "fiche-resume") == "obligatoire"
    assert phone.find_element(By.ID, "fiche-resume").get_attribute("aria-invalid") == "true"
    assert error_of(phone, "fiche-competences") == "obligatoire"


def test_date_pickers_stop_at_today(phone) -> None:
    """The checker refuses a date in the future: the phone's picker greys it out."""
    assert phone.find_element(By.ID, "confirmation-date").get_attribute("max") == TODAY.isoformat()
    assert phone.find_element(By.ID, "anecdote-date").get_attribute("max") == f"{TODAY:%Y-%m}"
    assert phone.find_element(By.ID, "dysfonctionnement-constate_le").get_attribute("max") == (
        TODAY.isoformat()
    )


def test_help_keeps_formats_and_durations_whole_on_a_phone(phone) -> None:
    """« AAAA-MM-JJ » was cut at its last hyphen and « (1 h 30) » after its « h »."""
    help_texts = [
        phone.find_element(By.ID, ident).get_attribute("textContent")
        for ident in ("anecdote-date-aide", "fiche-duree_minutes-aide")
    ]
    assert "AAAA\u2011MM ou AAAA\u2011MM\u2011JJ" in help_texts[0]
    assert "(1\u00a0h\u00a030)" in help_texts[1]
