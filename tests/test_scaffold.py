"""`carnet nouveau`: a new file, once its placeholders are filled, passes `carnet check`; nothing is
overwritten.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from carnet.checking.check import run_check
from carnet.cli.main import main
from conftest import FIXTURE, TODAY

FILLINGS = {
    "fiche": {
        'resume: ""': 'resume: "Un résumé assez long pour la règle."',
        "competences: []": "competences: [messagerie]",
        "auteurs: []": 'auteurs: ["Anonyme"]',
        "1. \n2. ": "1. Une étape.\n2. Une autre.",
        "\n- \n": "\n- Un point.\n",
    },
    "anecdote": {
        'resume: ""': 'resume: "Un résumé assez long pour la règle."',
        'enseignement: ""': 'enseignement: "La leçon à retenir."',
        "anonymisee: false": "anonymisee: true",
        "auteurs: []": 'auteurs: ["Anonyme"]',
    },
    "dysfonctionnement": {
        'resume: ""': 'resume: "Un résumé assez long pour la règle."',
        "administrations: []": "administrations: [caf]",
        'service: ""': 'service: "Dépôt d\'un justificatif"',
        "auteurs: []": 'auteurs: ["Anonyme"]',
    },
    "theme": {
        'titre: ""': 'titre: "Le thème de décembre"',
        'resume: ""': 'resume: "Un résumé assez long pour la règle."',
        "animateurs: []": 'animateurs: ["Animation"]',
        "  # - adresse-mail": "  - adresse-mail",
        "  # - trois-adresses": "  - trois-adresses",
        "  # - caf-envoi-bloque": "  - caf-envoi-bloque",
        "ce que l'on y trouve. -->": "ce que l'on y trouve. -->\n\nCe mois-ci, l'adresse e-mail.",
    },
}
TITLES = {
    "fiche": "Déclarer ses revenus : le premier pas",
    "anecdote": "L'été où tout a changé",
    "dysfonctionnement": "Le dépôt échoue à nouveau",
    "theme": "2026-12",
}
PATHS = {
    "fiche": "fiches/declarer-ses-revenus-le-premier-pas.md",
    "anecdote": "anecdotes/l-ete-ou-tout-a-change.md",
    "dysfonctionnement": "dysfonctionnements/le-depot-echoue-a-nouveau.md",
    "theme": "themes/2026-12.md",
}


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURE, tmp_path / "content")
    return tmp_path / "content"


@pytest.mark.parametrize("kind", list(FILLINGS))
def test_new_file_once_filled_passes_check(
    kind: str, content: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["nouveau", kind, TITLES[kind]]) == 0
    out = capsys.readouterr().out
    path = content / PATHS[kind]
    assert out.splitlines()[0] == f"Créé : content/{PATHS[kind]}"
    assert (
        f" -m carnet check content/{PATHS[kind]}" in out
    )  # no `carnet` on the PATH here: this Python runs it
    unfilled = run_check(content, TODAY, [path])
    assert unfilled.errors > 0  # the empty values say what to write
    text = path.read_text("utf-8")
    for old, new in FILLINGS[kind].items():
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    result = run_check(content, TODAY, [path])
    assert result.findings == []


def test_new_file_has_todays_dates_and_comments(content: Path) -> None:
    main(["nouveau", "fiche", "Une fiche toute neuve"])
    text = (content / "fiches/une-fiche-toute-neuve.md").read_text("utf-8")
    assert 'creee_le: "2026-11-23"  # obligatoire. La date d\'écriture' in text
    assert "## Situation" in text and "## Étapes" in text and "## Points de vigilance" in text


def test_refuses_to_overwrite(content: Path, capsys: pytest.CaptureFixture) -> None:
    target = content / "fiches" / "adresse-mail.md"
    before = target.read_bytes()
    assert main(["nouveau", "fiche", "Adresse mail"]) == 1
    err = capsys.readouterr().err
    assert "content/fiches/adresse-mail.md existe déjà : rien n'a été écrit" in err
    assert target.read_bytes() == before


def test_refuses_an_id_taken_by_another_type(content: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["nouveau", "fiche", "Trois adresses"]) == 1
    err = capsys.readouterr().err
    assert (
        "l'identifiant « trois-adresses » est déjà pris par content/anecdotes/trois-adresses.md"
        in err
    )
    assert not (content / "fiches" / "trois-adresses.md").exists()


@pytest.mark.parametrize(
    "kind, title, message",
    [
        ("theme", "décembre", "« décembre » n'est pas un mois"),
        ("fiche", "!!!", "ne donne aucun nom de fichier"),
        ("fiche", "🙂 🙂 🙂", "ne donne aucun nom de fichier"),
        # The check would refuse these: the new file must not start with an error of its own.
        ("fiche", "Wifi", "le titre fait 4 caractères, il en faut 8 au moins"),
        ("anecdote", "Démarche " * 37, "le titre fait 332 caractères, il en faut 120 au plus"),
        ("fiche", "« Index » !!!", "donne le nom « index.md », réservé à la liste du dossier"),
    ],
)
def test_bad_titles(
    kind: str, title: str, message: str, content: Path, capsys: pytest.CaptureFixture
) -> None:
    before = sorted(content.rglob("*"))
    assert main(["nouveau", kind, title]) == 1
    assert message in capsys.readouterr().err
    assert sorted(content.rglob("*")) == before


def test_a_title_pasted_over_two_lines_is_one_line(content: Path) -> None:
    assert main(["nouveau", "fiche", "Une démarche\ten ligne\r\nsur deux lignes"]) == 0
    written = (content / "fiches" / "une-demarche-en-ligne-sur-deux-lignes.md").read_text("utf-8")
    assert written.split("\n")[1].startswith('titre: "Une démarche en ligne sur deux lignes"  #')


def test_theme_proposes_candidates(content: Path) -> None:
    main(["nouveau", "theme", "2026-12"])
    text = (content / "themes/2026-12.md").read_text("utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith("# - ")]
    assert (
        lines[0]
        == "# - mot-de-passe  # fiche vérifiée le 2026-03-01\u00a0: à revoir en réseau\u202f?"
    )
    assert "# - trois-adresses  # anecdote écrite le 2026-10-02" in lines
    assert (
        "# - caf-envoi-bloque  # dysfonctionnement actif, 2 confirmations, vu le 2026-10-12"
        in lines
    )
    assert not any("caf-ancien-bug" in line for line in lines)  # resolved: not a candidate


def test_a_month_has_one_theme(content: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["nouveau", "theme", "2026-12"]) == 0
    capsys.readouterr()
    assert main(["nouveau", "theme", "2026-12"]) != 0
    err = capsys.readouterr().err
    assert "existe déjà : rien n'a été écrit" in err and "un mois n'a qu'un thème" in err
    assert "titre" not in err


def test_the_next_step_works_as_printed(content: Path, capsys: pytest.CaptureFixture) -> None:
    """From the project's folder (a Makefile, a .venv), the printed commands are those of the
    README.
    """
    import subprocess
    import sys

    (content.parent / "Makefile").write_text("check:\n\t@echo ok\n", encoding="utf-8")
    main(["nouveau", "anecdote", "Une anecdote à vérifier"])
    out = capsys.readouterr().out
    assert "  make check FICHIER=content/anecdotes/une-anecdote-a-verifier.md\n" in out
    (content.parent / "Makefile").unlink()
    main(["nouveau", "anecdote", "Une autre anecdote à vérifier"])
    printed = capsys.readouterr().out.splitlines()[2].split()
    done = subprocess.run(printed, cwd=content.parent, capture_output=True, text=True)
    assert (
        printed[:3] == [sys.executable, "-m", "carnet"] and "anecdote-a-verifier.md" in done.stdout
    ), done.stderr


def test_an_untouched_sheet_gets_one_error_per_empty_item(content: Path) -> None:
    main(["nouveau", "fiche", "Une fiche pas encore remplie"])
    path = content / "fiches" / "une-fiche-pas-encore-remplie.md"
    empty = [
        (f.line, f.message)
        for f in run_check(content, TODAY, [path]).findings
        if f.code == "element-vide"
    ]
    lines = path.read_text("utf-8").split("\n")
    assert [lines[line - 1] for line, _ in empty] == ["1. ", "2. ", "- "]
    assert [message for _, message in empty] == [
        "élément de liste vide (« 1. » sans texte)",
        "élément de liste vide (« 2. » sans texte)",
        "élément de liste vide (« - » sans texte)",
    ]


@pytest.mark.parametrize("obstacle", ["file", "dead-link"])
def test_a_type_folder_that_is_not_a_folder_is_said_in_french(
    content: Path, capsys: pytest.CaptureFixture, obstacle: str
) -> None:
    """content/anecdotes/ as a stray file or a link to a moved folder: no traceback, nothing
    written."""
    shutil.rmtree(content / "anecdotes")
    if obstacle == "file":
        (content / "anecdotes").write_text("", "utf-8")
    else:
        (content / "anecdotes").symlink_to(content.parent / "ailleurs")
    assert main(["nouveau", "anecdote", "Une anecdote à raconter"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "carnet : erreur : impossible de créer « content/anecdotes/une-anecdote-a-raconter.md » : "
        "« content/anecdotes » n'est pas un dossier\n"
        "  aide : renommez ou supprimez « content/anecdotes » : c'est là que vont ces contenus\n"
    )
    assert not (content.parent / "ailleurs").exists()
