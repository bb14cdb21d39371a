"""One contract: the web form refuses exactly what `carnet importer` (and so `carnet check`)
refuses.

Each case of tests/contrat/reponses.yml is given to the form's own checks in headless Chromium,
on the
built « Proposer un contenu » page (`window.CarnetFormulaire.verifier`), and to the importer as the
issue body GitHub would send. Both must refuse the same fields, read the same answers the same way
(notes), and write the same file; the file the form produces must import as it is (e-mail,
download).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from browser import PHONE, chromium, serve
from carnet.contribution.forms import all_forms
from carnet.contribution.importer import NOTE, plan_import
from carnet.model.content import load_corpus
from carnet.model.schemas import load_schemas
from conftest import FIXTURE, TODAY
from test_importer import issue_body

CASES = yaml.safe_load((Path(__file__).parent / "contrat" / "reponses.yml").read_text("utf-8"))
PARAMS = [(kind, case) for kind, spec in CASES.items() for case in spec["cas"]]
FORMS = {form.kind: form for form in all_forms(load_corpus(FIXTURE), load_schemas())}


@pytest.fixture(scope="module")
def page(fixture_site: Path):
    with serve(fixture_site) as base:
        driver = chromium(*PHONE)
        driver.get(base + "/proposer/")
        yield driver
        driver.quit()


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("contrat") / "content"
    shutil.copytree(FIXTURE, root)
    return root


def answers_of(kind: str, case: dict) -> dict:
    return {**CASES[kind]["base"], **case.get("reponses", {})}


def by_field(kind: str, problems: list, notes: bool = False) -> dict[str, list[str]]:
    """Problems by field id (the importer names fields by their label)."""
    ids = {f.label: f.id for f in FORMS[kind].fields}
    found: dict[str, list[str]] = {}
    for p in problems:
        if (p.severity == NOTE) == notes and (notes or p.is_error):
            found.setdefault(ids.get(p.field, p.field), []).append(p.message)
    return found


@pytest.mark.parametrize("kind, case", PARAMS, ids=[f"{k}-{c['nom']}" for k, c in PARAMS])
def test_the_form_and_the_importer_agree(kind: str, case: dict, page, content: Path) -> None:
    answers = answers_of(kind, case)
    browser = page.execute_script(
        "return window.CarnetFormulaire.verifier(arguments[0], arguments[1])", kind, answers
    )
    imported = plan_import(issue_body(FORMS[kind], answers), content, load_schemas(), TODAY)
    python = by_field(kind, imported.problems)
    assert sorted(browser["erreurs"]) == sorted(python) == sorted(case["refuse"]), (
        browser["erreurs"],
        python,
    )
    assert (
        sorted(browser["notes"])
        == sorted(by_field(kind, imported.problems, notes=True))
        == sorted(case.get("lu", []))
    )
    if kind in ("fiche", "anecdote", "dysfonctionnement") and not python:
        assert browser["fichier"] == imported.text  # the same normalised file, byte for byte
    if not browser["erreurs"]:  # what the form lets out (download, e-mail) imports as it is
        sent = plan_import(browser["fichier"], content, load_schemas(), TODAY)
        assert sent.errors == [] and sent.kind == kind, [
            (p.field, p.message) for p in sent.problems
        ]


def test_bullets_pasted_from_a_word_processor_become_plain_items(content: Path) -> None:
    """Word's « – », « • », Symbol's U+F0B7 and a numbered list pasted into one (« 1. 1) ») are
    list markers, not text: each line is one item, written once, in both the form and the file."""
    case = next(c for c in CASES["fiche"]["cas"] if c["nom"] == "puces-de-traitement-de-texte")
    imported = plan_import(
        issue_body(FORMS["fiche"], answers_of("fiche", case)), content, load_schemas(), TODAY
    )
    assert imported.errors == []
    assert 'prerequis: ["Une adresse e-mail", "Un téléphone", "Le numéro fiscal"]' in imported.text
    for step, number in (("Se connecter à son espace", 1), ("Signer la déclaration", 3)):
        assert f"\n{number}. {step}\n" in imported.text
    assert not any(mark in imported.text for mark in ("–", "•", "\uf0b7", "➢", "1)", "2)"))
