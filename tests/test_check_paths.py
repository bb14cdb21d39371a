"""`carnet check PATH…` never gives an all-clear about a file it did not check.

A file outside content/<type>/ is an error that says where it belongs; a référentiel checked alone
brings every file that uses its ids (the pre-commit hook and the pull-request step pass only the
changed files).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from carnet.cli.main import main
from conftest import FIXTURE

SHEET = FIXTURE / "fiches" / "adresse-mail.md"
STORY = FIXTURE / "anecdotes" / "trois-adresses.md"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with the fixture's content/, as a contributor has it."""
    shutil.copytree(FIXTURE, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys: pytest.CaptureFixture, *paths: str) -> tuple[int, list[str]]:
    code = main(["check", *paths])
    return code, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(
    "place, source, expected",
    [
        # A downloaded draft next to content/: its keys say it is a sheet.
        (
            "brouillon.md",
            SHEET,
            [
                "brouillon.md:1:1: erreur [emplacement] fichier hors des dossiers de contenu "
                "(content/<type>/) : il n'a pas été vérifié",
                "  aide : il a l'allure d'un contenu de content/fiches/ : rangez-le dans ce "
                "dossier, puis relancez « carnet check » sur sa nouvelle place",
            ],
        ),
        (
            "Téléchargements/recit.md",
            STORY,
            [
                "Téléchargements/recit.md:1:1: erreur [emplacement] fichier hors des dossiers de "
                "contenu (content/<type>/) : il n'a pas été vérifié",
                "  aide : il a l'allure d'un contenu de content/anecdotes/ : rangez-le dans ce "
                "dossier, puis relancez « carnet check » sur sa nouvelle place",
            ],
        ),
        # Inside content/ but in no type's folder.
        (
            "content/brouillon.md",
            SHEET,
            [
                "content/brouillon.md:1:1: erreur [emplacement] fichier Markdown hors des dossiers "
                "de contenu",
                "  aide : il a l'allure d'un contenu de content/fiches/ : rangez-le dans ce "
                "dossier",
            ],
        ),
        (
            "content/fiches/anciennes/adresse.md",
            SHEET,
            [
                "content/fiches/anciennes/adresse.md:1:1: erreur [emplacement] fichier Markdown "
                "hors des dossiers de contenu",
                "  aide : il a l'allure d'un contenu de content/fiches/ : rangez-le "
                "dans ce dossier",
            ],
        ),
        (
            "content/fiches/notes.txt",
            FIXTURE / "referentiels" / "publics.yml",
            [
                "content/fiches/notes.txt:1:1: erreur [emplacement] ce fichier n'est pas un "
                "contenu du carnet : il n'a pas été vérifié",
                "  aide : carnet check lit les fichiers .md de content/fiches/, "
                "content/anecdotes/, content/dysfonctionnements/, content/themes/, content/pages/ "
                "et les .yml de content/referentiels/",
            ],
        ),
        # A sheet saved by Notepad as « Document texte »: Windows hides the « .txt » it adds.
        (
            "content/fiches/adresse.md.txt",
            SHEET,
            [
                "content/fiches/adresse.md.txt:1:1: erreur [emplacement] « adresse.md.txt » n'est "
                "ni vérifié ni publié : un contenu est un fichier « .md »",
                "  aide : renommez-le « adresse.md » ; sous Windows, affichez les extensions "
                "(Explorateur, menu Affichage) pour voir le « .txt » ajouté",
            ],
        ),
        (
            "content/fiches/adresse.MD",
            SHEET,
            [
                "content/fiches/adresse.MD:1:1: erreur [emplacement] « adresse.MD » n'est ni "
                "vérifié ni publié : un contenu est un fichier « .md »",
                "  aide : renommez-le « adresse.md »",
            ],
        ),
    ],
)
def test_a_file_outside_its_folder_is_an_error_that_says_where(
    project: Path, capsys: pytest.CaptureFixture, place: str, source: Path, expected: list[str]
) -> None:
    target = project / place
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    code, out = check(capsys, place)
    assert code == 1
    assert out == expected + ["1 erreur, 0 avertissement dans 1 fichier"]


def test_a_folder_outside_content_is_an_error(project: Path, capsys: pytest.CaptureFixture) -> None:
    (project / "brouillons").mkdir()
    shutil.copy(SHEET, project / "brouillons" / "fiche.md")
    code, out = check(capsys, "brouillons")
    assert code == 1 and out[0].startswith(
        "brouillons:1:1: erreur [emplacement] dossier hors de content/"
    )


def test_a_file_in_its_folder_is_checked_as_before(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    assert check(capsys, "content/fiches/adresse-mail.md") == (
        0,
        ["0 erreur, 0 avertissement dans 1 fichier"],
    )


def test_a_renamed_referentiel_id_is_found_where_it_is_used(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    admins = project / "content" / "referentiels" / "administrations.yml"
    text = admins.read_text("utf-8")
    assert "- id: caf\n" in text
    admins.write_text(text.replace("- id: caf\n", "- id: caf-nationale\n"), "utf-8")
    users = sorted(
        p.relative_to(project).as_posix()
        for p in (project / "content").rglob("*.md")
        if re.search(r"^administrations: \[(.*, )?caf[],]", p.read_text("utf-8"), re.M)
    )
    assert users, "the fixture must use the « caf » id"

    code, out = check(capsys, "content/referentiels/administrations.yml")

    assert code == 1
    errors = [line for line in out if " erreur [" in line]
    assert sorted({line.split(":")[0] for line in errors}) == users
    assert all("[ref-inconnue] administration « caf » inconnue" in line for line in errors)
    assert out[-1].startswith(f"{len(errors)} erreur")


def test_an_untouched_referentiel_checks_clean(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    code, out = check(capsys, "content/referentiels/publics.yml")
    assert code == 0 and out[-1].startswith("0 erreur, 0 avertissement dans ")


def test_personal_data_in_a_referentiel_is_found(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    publics = project / "content" / "referentiels" / "publics.yml"
    publics.write_text(
        publics.read_text("utf-8")
        + '- id: voisins\n  libelle: "Voisins (écrire à jean.dupont@gmail.com)"\n',
        "utf-8",
    )
    code, out = check(capsys, "content/referentiels/publics.yml")
    line = len(publics.read_text("utf-8").splitlines())
    assert code == 1
    assert any(
        entry.startswith(f"content/referentiels/publics.yml:{line}:") and "[donnee-email]" in entry
        for entry in out
    ), out


def test_the_whole_check_finds_a_sheet_the_site_would_skip(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    """« 0 erreur » for the whole corpus while content/fiches/ holds « x.md.txt » (Notepad) or
    « x.markdown » meant a sheet that silently never appeared on the site."""
    raw = b"\xef\xbb\xbf" + SHEET.read_bytes().replace(b"\n", b"\r\n")  # as Notepad saves it
    (project / "content" / "fiches" / "nouvelle.md.txt").write_bytes(raw)
    (project / "content" / "fiches" / "export.markdown").write_bytes(SHEET.read_bytes())
    (project / "content" / "fiches" / "lisez-moi.txt").write_text("Notes de l'équipe.\n", "utf-8")
    (project / "content" / "fiches" / "adresse-mail.md~").write_bytes(SHEET.read_bytes())
    code, out = check(capsys)
    assert code == 1
    assert [line.split(" erreur ")[0] for line in out if " erreur [" in line] == [
        "content/fiches/export.markdown:1:1:",
        "content/fiches/nouvelle.md.txt:1:1:",
    ]


def test_a_file_that_cannot_be_read_is_an_error_not_a_traceback(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    """A link left by a sync tool to a moved sheet, and a folder with a référentiel's name."""
    (project / "content" / "fiches" / "deplacee.md").symlink_to(project / "ailleurs" / "x.md")
    publics = project / "content" / "referentiels" / "publics.yml"
    publics.unlink()
    publics.mkdir()
    code, out = check(capsys)
    assert code == 1
    at = [n for n, line in enumerate(out) if " erreur [" in line]
    errors = [line for n in at for line in out[n : n + 2]]  # each error and its hint
    assert errors == [
        "content/fiches/deplacee.md:1:1: erreur [illisible] fichier illisible : lien vers un "
        "fichier qui n'existe pas",
        "  aide : remplacez le lien par le fichier lui-même, ou supprimez-le",
        "content/referentiels/publics.yml:1:1: erreur [illisible] fichier illisible : c'est un "
        "dossier, pas un fichier",
        "  aide : renommez ce dossier sans « .md » ni « .yml » à la fin",
    ]
    assert out[-1].startswith("2 erreurs, ")
