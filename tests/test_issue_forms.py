"""`carnet formulaires`: the GitHub issue forms are generated from the forms, and a drift is
caught."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from carnet.cli.main import main
from carnet.contribution.forms import Field, all_forms
from carnet.contribution.issue_forms import (
    HEADER,
    detect_form,
    parse_answer,
    render_templates,
    split_sections,
)
from carnet.model.content import load_corpus
from carnet.model.schemas import load_schemas
from conftest import FIXTURE, REPO

TEMPLATES = REPO / ".github" / "ISSUE_TEMPLATE"
KINDS = ("fiche", "anecdote", "dysfonctionnement", "confirmation", "signalement")
ELEMENT_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


@pytest.fixture
def repo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repository's content and issue forms, copied: a référentiel may change there."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(TEMPLATES, tmp_path / ".github" / "ISSUE_TEMPLATE")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_committed_forms_are_what_the_command_generates(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    assert run(capsys, "formulaires", "--verifier") == (
        0,
        "Formulaires GitHub à jour (6 fichiers dans .github/ISSUE_TEMPLATE/)\n",
    )


def test_one_file_per_form_and_the_config() -> None:
    assert sorted(p.name for p in TEMPLATES.glob("*.yml")) == sorted(
        [f"{k}.yml" for k in KINDS] + ["config.yml"]
    )
    for path in TEMPLATES.glob("*.yml"):
        assert path.read_text("utf-8").startswith(HEADER)
    assert yaml.safe_load((TEMPLATES / "config.yml").read_text("utf-8")) == {
        "blank_issues_enabled": True
    }


@pytest.mark.parametrize("kind", KINDS)
def test_element_ids_are_the_field_ids(kind: str) -> None:
    form = next(
        f for f in all_forms(load_corpus(REPO / "content"), load_schemas()) if f.kind == kind
    )
    data = yaml.safe_load((TEMPLATES / f"{kind}.yml").read_text("utf-8"))
    elements = [e for e in data["body"] if e["type"] != "markdown"]
    carries_file = kind in ("fiche", "anecdote", "dysfonctionnement")
    assert [e["id"] for e in elements] == [f.id for f in form.fields] + (
        ["fichier"] if carries_file else []
    )
    assert [e["attributes"]["label"] for e in elements] == (
        [f.label for f in form.fields] + (["Fichier du formulaire du site"] if carries_file else [])
    )
    # dropdowns are never required on GitHub: an address may not pre-select them; the importer
    # checks
    assert all(not e["validations"]["required"] for e in elements if e["type"] == "dropdown")


@pytest.mark.parametrize("kind", KINDS)
def test_forms_follow_githubs_schema(kind: str) -> None:
    data = yaml.safe_load((TEMPLATES / f"{kind}.yml").read_text("utf-8"))
    assert list(data) == ["name", "description", "title", "labels", "body"]
    assert data["labels"][0] == "contribution" and data["labels"][-1] == "à vérifier"
    assert (
        data["body"][0]["type"] == "markdown"
        and "donnée personnelle" in data["body"][0]["attributes"]["value"]
    )
    labels = [e["attributes"]["label"] for e in data["body"][1:]]
    assert len(set(labels)) == len(labels)
    for element in data["body"]:
        assert element["type"] in ELEMENT_TYPES
        options = element["attributes"].get("options", [])
        if element["type"] == "dropdown":
            assert options and len(set(options)) == len(options) and "None" not in options
            assert isinstance(element["attributes"]["multiple"], bool)
        if element["type"] == "checkboxes":
            assert (
                all(set(o) == {"label", "required"} for o in options)
                and "validations" not in element
            )
        if element["type"] in ("input", "textarea", "dropdown"):
            assert isinstance(element["validations"]["required"], bool)


def test_field_kinds_map_to_element_types() -> None:
    fiche = yaml.safe_load((TEMPLATES / "fiche.yml").read_text("utf-8"))
    anecdote = yaml.safe_load((TEMPLATES / "anecdote.yml").read_text("utf-8"))
    by_id = {e["id"]: e for e in fiche["body"][1:] + anecdote["body"][1:]}
    assert [
        by_id[i]["type"]
        for i in ("titre", "resume", "niveau", "publics", "prerequis", "liens", "anonymisee")
    ] == ["input", "textarea", "dropdown", "dropdown", "textarea", "textarea", "checkboxes"]
    assert (
        by_id["niveau"]["attributes"]["multiple"],
        by_id["publics"]["attributes"]["multiple"],
    ) == (False, True)
    assert by_id["date"]["attributes"]["placeholder"] == "AAAA-MM"
    dys = yaml.safe_load((TEMPLATES / "dysfonctionnement.yml").read_text("utf-8"))
    assert (
        next(e for e in dys["body"] if e.get("id") == "constate_le")["attributes"]["placeholder"]
        == "AAAA-MM-JJ"
    )


def test_a_changed_referentiel_is_a_drift(repo_copy: Path, capsys: pytest.CaptureFixture) -> None:
    administrations = repo_copy / "content" / "referentiels" / "administrations.yml"
    administrations.write_text(
        administrations.read_text("utf-8") + "- id: ants-bis\n  nom: Une nouvelle agence\n  site: "
        "https://www.exemple.gouv.fr\n  description: Pour le test.\n",
        encoding="utf-8",
    )
    before = {p.name: p.read_bytes() for p in (repo_copy / ".github" / "ISSUE_TEMPLATE").iterdir()}
    code, out = run(capsys, "formulaires", "--verifier")
    assert code == 1
    assert out == (
        ".github/ISSUE_TEMPLATE/fiche.yml : à régénérer\n.github/ISSUE_TEMPLATE/anecdote.yml : à "
        "régénérer\n.github/ISSUE_TEMPLATE/dysfonctionnement.yml : à régénérer\n3 formulaires "
        "GitHub ne correspondent plus aux schémas et aux référentiels\n  aide : lancez « carnet "
        "formulaires », puis ajoutez les fichiers produits à votre proposition ; supprimez les "
        "fichiers « en trop »\n"
    )
    assert {
        p.name: p.read_bytes() for p in (repo_copy / ".github" / "ISSUE_TEMPLATE").iterdir()
    } == before
    assert run(capsys, "formulaires")[1].splitlines() == [
        "Écrit : .github/ISSUE_TEMPLATE/fiche.yml",
        "Écrit : .github/ISSUE_TEMPLATE/anecdote.yml",
        "Écrit : .github/ISSUE_TEMPLATE/dysfonctionnement.yml",
    ]
    assert "Une nouvelle agence" in (
        repo_copy / ".github" / "ISSUE_TEMPLATE" / "fiche.yml"
    ).read_text("utf-8")
    assert run(capsys, "formulaires", "--verifier")[0] == 0


def test_missing_hand_edited_and_stale_files_are_drifts(
    repo_copy: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = repo_copy / ".github" / "ISSUE_TEMPLATE"
    (folder / "signalement.yml").unlink()
    (folder / "confirmation.yml").write_text(
        (folder / "confirmation.yml").read_text("utf-8") + "# retouche\n", encoding="utf-8"
    )
    (folder / "ancien.yml").write_text(HEADER + "name: Ancien\n", encoding="utf-8")
    (folder / "a-la-main.yml").write_text("name: Écrit à la main\n", encoding="utf-8")
    code, out = run(capsys, "formulaires", "--verifier")
    assert code == 1 and out.splitlines()[:3] == [
        ".github/ISSUE_TEMPLATE/confirmation.yml : à régénérer",
        ".github/ISSUE_TEMPLATE/signalement.yml : absent",
        ".github/ISSUE_TEMPLATE/ancien.yml : en trop",
    ]


def test_generation_is_stable() -> None:
    corpus = load_corpus(FIXTURE)
    forms = all_forms(corpus, load_schemas())
    assert render_templates(forms) == render_templates(
        all_forms(load_corpus(FIXTURE), load_schemas())
    )


# --- Reading GitHub's rendering back -------------------------------------------------------------


def test_sections_cut_only_at_known_labels() -> None:
    body = (
        "### Titre\r\n\r\nUn titre\r\n\r\n### Le récit\r\n\r\nDébut.\r\n\r\n### Pas un "
        "libellé\r\n\r\nSuite."
    )
    assert split_sections(body, ["Titre", "Le récit"]) == {
        "Titre": "Un titre",
        "Le récit": "Début.\n\n### Pas un libellé\n\nSuite.",
    }


def test_the_form_is_told_by_its_labels_or_a_leading_line() -> None:
    forms = all_forms(load_corpus(FIXTURE), load_schemas())
    assert detect_form("### Titre\n\nx\n\n### Niveau\n\ndebutant", forms).kind == "fiche"
    assert detect_form("### Titre\n\nx\n\n### Quand\n\n2026-10", forms).kind == "anecdote"
    assert (
        detect_form("### Dysfonctionnement\n\nx\n\n### Date\n\n2026-11-01", forms).kind
        == "confirmation"
    )
    assert (
        detect_form("<!-- formulaire: signalement -->\n### Titre\n\nx", forms).kind == "signalement"
    )
    assert detect_form("Bonjour", forms) is None


def test_choices_with_commas_in_labels() -> None:
    f = Field(
        "publics",
        "Publics",
        "",
        "choices",
        options=(("a", "Jeunes, étudiants"), ("b", "Parents"), ("c", "Seniors")),
    )
    assert parse_answer(f, "Jeunes, étudiants, Parents") == (["a", "b"], [])
    assert parse_answer(f, "Parents, Inconnus") == (["b"], ["Inconnus"])
    assert parse_answer(f, "_No response_") == ("", [])


def test_repeated_labels_are_made_unique_with_the_id() -> None:
    from carnet.contribution.issue_forms import build_element

    f = Field(
        "administrations",
        "Administrations",
        "",
        "choice",
        True,
        (("a", "Même titre"), ("b", "Même titre")),
    )
    assert build_element(f)["attributes"]["options"] == ["Même titre (a)", "Même titre (b)"]
    assert parse_answer(f, "Même titre (b)") == ("b", [])


def test_checkboxes_and_ids_as_answers() -> None:
    consent = Field("anonymisee", "Anonymisée", "Je certifie.", "consent", True)
    assert parse_answer(consent, "- [X] Je certifie.") == (True, [])
    assert parse_answer(consent, "- [ ] Je certifie.") == (False, [])
    choice = Field("niveau", "Niveau", "", "choice", True, (("debutant", "Débutant"),))
    assert parse_answer(choice, "debutant") == ("debutant", [])


# --- .github/workflows/contribution.yml: every way it ends leaves a French answer on the issue ---

WORKFLOW = REPO / ".github" / "workflows" / "contribution.yml"
FAKE_GH = (  # logs its calls; `issue comment --edit-last` fails the first time, as with no comment
    '#!/bin/sh\nprintf "%s\\n" "$*" >> "$RUNNER_TEMP/gh.log"\n'
    'case "$*" in *--edit-last*) exit 1;; esac\n'
    "for last; do :; done\n"  # the --body-file, always the last argument
    'if [ "$1 $2" = "issue comment" ]; then cat "$last" >> "$RUNNER_TEMP/commentaires.md"; fi\n'
)


def workflow_step(job: str, name: str) -> dict:
    steps = yaml.safe_load(WORKFLOW.read_text("utf-8"))["jobs"][job]["steps"]
    return next(s for s in steps if s.get("name") == name)


def run_workflow_step(
    tmp_path: Path, job: str, name: str, env: dict[str, str], carnet: str = ""
) -> tuple[int, list[str], str, str]:
    """One step run as GitHub does (bash -e), with stand-ins for `gh` and, when given, `carnet`:
    its exit code, the `gh` calls, the comments posted and what it wrote to GITHUB_OUTPUT.
    """
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool, script in (("gh", FAKE_GH), ("carnet", carnet)):
        if script:
            (bin_dir / tool).write_text(script, encoding="utf-8")
            (bin_dir / tool).chmod(0o755)
    output = tmp_path / "output"
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", workflow_step(job, name)["run"]],
        env={
            "PATH": f"{bin_dir}:/usr/bin:/bin",
            "RUNNER_TEMP": str(tmp_path),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
            "GH_REPO": "reseau/carnet",
            "NUMERO": "12",
            "GH_TOKEN": "x",
            "JOURNAL": "https://github.com/reseau/carnet/actions/runs/7",
            **env,
        },
        capture_output=True,
        text=True,
    )

    def read(name: str) -> str:
        return (tmp_path / name).read_text("utf-8") if (tmp_path / name).exists() else ""

    return done.returncode, read("gh.log").splitlines(), read("commentaires.md"), read("output")


# `carnet importer` crashing: Python prints a traceback on stderr, nothing on stdout, and exits 1.
CRASH = "#!/bin/sh\necho 'Traceback (most recent call last):' >&2\nexit 1\n"


def test_a_crashed_check_is_a_failure_and_the_contributor_is_told(tmp_path: Path) -> None:
    body = "### Titre\n\nLe compte Ameli en trois étapes\n\n### Résumé\n\n_No response_"
    code, calls, _, _ = run_workflow_step(
        tmp_path, "verifier", "Vérifier sans rien écrire", {"CORPS": body}, CRASH
    )
    assert code == 1 and calls == []  # not « exit 1: something to fix » with an empty comment
    step = workflow_step("verifier", "Prévenir si la vérification n'a pas abouti")
    assert step["if"] == "failure()"
    code, calls, comments, _ = run_workflow_step(
        tmp_path, "verifier", "Prévenir si la vérification n'a pas abouti", {}
    )
    assert code == 0 and calls[-1] == f"issue comment 12 --body-file {tmp_path}/echec.md"
    assert comments.startswith(
        "La vérification automatique de votre proposition n'a pas pu aboutir : le robot a "
        "rencontré une erreur technique.\n\nVotre proposition n'est pas perdue"
    )
    assert "https://github.com/reseau/carnet/actions/runs/7" in comments


def test_a_crashed_import_is_answered_and_the_label_comes_off(tmp_path: Path) -> None:
    (tmp_path / "ticket.md").write_text("### Titre\n\nx\n", encoding="utf-8")
    code, _, _, output = run_workflow_step(tmp_path, "integrer", "Écrire le fichier", {}, CRASH)
    assert code == 1 and output == "statut=1\n"
    step = workflow_step("integrer", "Prévenir si l'intégration n'a pas abouti")
    # The steps that already answered say so: one comment, never two.
    assert " ".join(step["if"].split()) == (
        "failure() && steps.inchange.outputs.repondu != 'oui' "
        "&& steps.reponse.outputs.repondu != 'oui'"
    )
    code, calls, comments, _ = run_workflow_step(
        tmp_path, "integrer", "Prévenir si l'intégration n'a pas abouti", {}
    )
    assert code == 0
    assert calls == [
        "issue edit 12 --remove-label à intégrer",
        f"issue comment 12 --body-file {tmp_path}/echec.md",
    ]
    assert comments.startswith("L'intégration automatique n'a pas abouti : le robot a rencontré")
    assert "puis remet l'étiquette « à intégrer »." in comments


def test_a_refused_import_is_answered_once_and_the_label_comes_off(tmp_path: Path) -> None:
    report = "## Vérification de votre proposition\n\n- ❌ Données personnelles à retirer\n"
    (tmp_path / "compte-rendu.md").write_text(report, encoding="utf-8")
    code, calls, comments, output = run_workflow_step(
        tmp_path,
        "integrer",
        "Répondre dans le ticket",
        {"STATUT": "1", "ADRESSE_PR": ""},
    )
    assert code == 1 and comments == report and output == "repondu=oui\n"
    assert calls == [
        f"issue comment 12 --body-file {tmp_path}/reponse.md",
        "issue edit 12 --remove-label à intégrer",
    ]


def test_a_body_edited_after_the_label_is_answered_once(tmp_path: Path) -> None:
    (tmp_path / "actuel.md").write_text("", encoding="utf-8")
    code, calls, comments, output = run_workflow_step(
        tmp_path,
        "integrer",
        "Vérifier que le ticket n'a pas changé depuis l'étiquette",
        {"CORPS": "### Titre\n\nLe compte Ameli en trois étapes"},
    )
    assert code == 1 and output == "repondu=oui\n"
    assert comments.startswith("Le texte du ticket a été modifié après l'ajout de l'étiquette")
