"""The `carnet check` command as a user runs it: exit codes, formats, PATH selection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carnet.checking.check import CheckResult
from carnet.checking.report import render_github, summary
from carnet.cli.main import main
from carnet.findings import error, warning
from carnet.reporting import annotation, escape_data, escape_property
from conftest import CASES, build_tree


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus with errors in one file (references) and a clean one elsewhere."""
    monkeypatch.chdir(tmp_path)
    content = build_tree(CASES / "references", tmp_path)
    build = build_tree(CASES / "valide", tmp_path / "ok")
    for sub in ("fiches", "anecdotes"):
        for f in (build / sub).iterdir():
            (content / sub / f.name).write_bytes(f.read_bytes())
    return content


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_one_on_errors_and_report_sorted(tree: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "check", "--content", str(tree))
    assert code == 1
    lines = [line for line in out.splitlines() if not line.startswith("  aide")][:-1]
    assert lines == sorted(
        lines,
        key=lambda line: (line.split(":")[0], int(line.split(":")[1]), int(line.split(":")[2])),
    )
    assert out.splitlines()[-1] == "15 erreurs, 0 avertissement dans 10 fichiers"


def test_paths_report_only_those_files_but_resolve_against_all(
    tree: Path, capsys: pytest.CaptureFixture
) -> None:
    # creer-une-adresse.md links to trois-adresses, which is outside the selection: no error.
    code, out, _ = run(
        capsys, "check", "--content", str(tree), str(tree / "fiches" / "creer-une-adresse.md")
    )
    assert (code, out) == (0, "0 erreur, 0 avertissement dans 1 fichier\n")


def test_folder_path_selects_its_files(tree: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "check", "--content", str(tree), str(tree / "themes"))
    assert code == 1
    assert {line.split(":")[0] for line in out.splitlines() if line.startswith("content/")} == {
        "content/themes/2026-11.md",
        "content/themes/novembre.md",
    }


def test_json_is_stable(tree: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "check", "--content", str(tree), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["erreurs"] == 15 and data["fichiers"] == 10
    assert list(data["constats"][0]) == [
        "chemin",
        "ligne",
        "colonne",
        "gravite",
        "code",
        "message",
        "aide",
    ]
    assert data["constats"][0]["chemin"] == "content/dysfonctionnements/doublon.md"


def test_github_format_annotates(tree: Path, capsys: pytest.CaptureFixture) -> None:
    _, out, _ = run(capsys, "check", "--content", str(tree), "--format", "github")
    first = out.splitlines()[0]
    assert first == (
        "::error file=content/dysfonctionnements/doublon.md,line=1,col=1,title=[id-en-double]::"
        "identifiant « doublon » déjà utilisé par content/anecdotes/doublon.md%0Aaide : un "
        "identifiant (le nom du fichier) est unique parmi tous les contenus : renommez ce fichier"
    )


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_file_name_cannot_drive_the_terminal_or_forge_an_annotation(
    tree: Path, capsys: pytest.CaptureFixture, fmt: str
) -> None:
    """A name with an escape sequence and a line break (a pull request can add any name): shown
    escaped, on its own line, so it neither recolours the terminal nor starts a forged annotation."""
    forged = "x\x1b[2J\n::error file=ok.md::faux.md"
    (tree / "fiches" / forged).write_bytes((tree / "fiches" / "inscription.md").read_bytes())
    code, out, _ = run(capsys, "check", "--content", str(tree), "--format", fmt)
    assert code == 1
    assert "\x1b" not in out and not any(
        line.startswith("::error file=ok.md") for line in out.splitlines()
    )
    assert "x\\x1b[2J\\n::error file=ok.md::faux.md" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "--content", "nulle-part"], "dossier de contenu introuvable : nulle-part"),
        (["check", "--format", "xml"], "choix invalide"),
        (["check", "fiches/absente.md"], "chemin introuvable : fiches/absente.md"),
        (["inconnue"], "choix invalide"),
    ],
)
def test_usage_errors_exit_two_in_french(
    args: list[str],
    message: str,
    tree: Path,
    capsys: pytest.CaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tree.parent)
    try:
        code = main(args)
    except SystemExit as exit:  # argparse's own errors leave through SystemExit
        code = exit.code
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_check_never_writes(tree: Path, capsys: pytest.CaptureFixture) -> None:
    before = sorted((p, p.stat().st_mtime_ns) for p in tree.parent.rglob("*"))
    run(capsys, "check", "--content", str(tree), "--format", "json")
    assert sorted((p, p.stat().st_mtime_ns) for p in tree.parent.rglob("*")) == before


@pytest.mark.parametrize(
    "raw, data, prop",
    [
        ("100% sûr", "100%25 sûr", "100%25 sûr"),
        ("a\nb\r", "a%0Ab%0D", "a%0Ab%0D"),
        ("x:y,z", "x:y,z", "x%3Ay%2Cz"),
    ],
)
def test_github_escaping(raw: str, data: str, prop: str) -> None:
    # https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts (escapeData /
    # escapeProperty)
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_annotation_levels() -> None:
    f = warning("content/a,b:c.md", 3, "a-reverifier", "100% vieux", "aide")
    assert (
        annotation(f)
        == "::warning file=content/a%2Cb%3Ac.md,line=3,col=1,title=[a-reverifier]::100%25 "
        "vieux%0Aaide : aide"
    )


@pytest.mark.parametrize(
    "errors, warnings, files, text",
    [
        (0, 0, 1, "0 erreur, 0 avertissement dans 1 fichier"),
        (2, 1, 143, "2 erreurs, 1 avertissement dans 143 fichiers"),
    ],
)
def test_summary_in_french(errors: int, warnings: int, files: int, text: str) -> None:
    findings = [error("a", i, "x", "m") for i in range(errors)] + [
        warning("a", 100 + i, "y", "m") for i in range(warnings)
    ]
    assert summary(CheckResult(findings, files)) == text


def test_github_report_ends_with_text_summary() -> None:
    result = CheckResult([error("a.md", 2, "x", "m")], 1)
    assert render_github(result).splitlines()[-1] == "1 erreur, 0 avertissement dans 1 fichier"


def test_a_list_of_thousands_of_wrong_items_is_reported_once(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """60,000 one-letter keywords (a paste gone wrong, or a hostile file): the first errors, then
    one line saying there are more, in well under the time it would take to list them all."""
    content = build_tree(CASES / "valide", tmp_path)
    sheet = next((content / "fiches").glob("*.md"))
    text = sheet.read_text("utf-8")
    text = "\n".join(line for line in text.split("\n") if not line.startswith("mots_cles"))
    sheet.write_text(
        text.replace("---\n", "---\nmots_cles: [" + ", ".join(["x"] * 60_000) + "]\n", 1),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "check", "--content", str(content), str(sheet))
    assert code == 1
    assert out.count("[schema-longueur]") <= 50
    assert "[erreurs-nombreuses] plus de 50 erreurs dans l'en-tête" in out


@pytest.mark.parametrize(
    "command",
    [["build", "--site-dir", "site"], ["generer", "sortie"], ["serve"]],
    ids=["build", "generer", "serve"],
)
def test_an_unreadable_mkdocs_yml_is_said_in_french(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch
) -> None:
    """A list left open in mkdocs.yml: the file, line and column, and what to do, in French, before
    MkDocs starts (it would say it in English, with the parser's trace)."""
    monkeypatch.chdir(tmp_path)
    content = build_tree(CASES / "valide", tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Carnet\nnav: [Accueil: index.md\n", encoding="utf-8")
    code, _, err = run(capsys, *command, "--content", str(content), "--config", str(config))
    assert code != 0
    assert f"{config}:2:6 : configuration illisible : YAML invalide" in err
    assert "aide : " in err and "MkDocs encountered" not in err and "Traceback" not in err
    assert not (tmp_path / "site").exists() and not (tmp_path / "sortie").exists()


def test_a_key_without_its_colon_is_shown_on_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """« niveau debutant »: YAML only notices the missing « : » on the next line; the error names
    the line people must fix."""
    content = build_tree(CASES / "valide", tmp_path)
    sheet = next((content / "fiches").glob("*.md"))
    lines = sheet.read_text("utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("niveau:"))
    lines[number] = "niveau debutant"
    sheet.write_text("\n".join(lines), encoding="utf-8")
    code, out, _ = run(capsys, "check", "--content", str(content), str(sheet))
    assert code == 1
    assert f":{number + 1}:1: erreur [yaml] YAML invalide : deux-points manquant" in out


def test_a_key_without_its_colon_before_another_key_is_shown_on_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """« titre "…" » then « resume: … »: YAML stumbles on the next key; the error names the key
    that lacks its colon, at its line."""
    content = build_tree(CASES / "valide", tmp_path)
    sheet = next((content / "fiches").glob("*.md"))
    lines = sheet.read_text("utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("titre:"))
    lines[number] = lines[number].replace("titre:", "titre", 1)
    sheet.write_text("\n".join(lines), encoding="utf-8")
    code, out, _ = run(capsys, "check", "--content", str(content), str(sheet))
    assert code == 1
    assert f":{number + 1}:1: erreur [yaml] YAML invalide : deux-points manquant après la " in out
    assert "« titre »" in out and "écrivez « titre: »" in out
