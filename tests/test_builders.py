"""The same site from MkDocs 1.6 and from ProperDocs, and the generated pages for any other builder.

MkDocs 1.x gets no more releases; ProperDocs (pinned in the test extra) is its drop-in fork: its
`properdocs` command finds the plugin through the same `mkdocs.plugins` entry point and aliases
`mkdocs.*` imports to its own modules. `carnet generer` is for builders that run no plugin
(Zensical).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from carnet.cli.main import main
from conftest import FIXTURE, REPO

GENERATOR = re.compile(r'\s*<meta name="generator" content="[^"]*">')
# The offline archive holds the pages, generator tag included, so its size (shown rounded to
# 0.1 MB) may differ by a rounding step between the two builders.
ARCHIVE_SIZE = re.compile(r"<span data-carnet-taille>[^<]*</span>")
COMPARED = {".html", ".xml", ".json", ".ics", ".js", ".css", ".txt", ".md", ".svg", ".csv"}


def properdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "-f", str(config), "-d", str(site)],
        cwd=config.parent,
        capture_output=True,
        text=True,
        timeout=600,
    )


def text_files(site: Path) -> dict[str, str]:
    """Every text file of a built site but the search index, generator tags and sizes left out."""
    return {
        path.relative_to(site).as_posix(): ARCHIVE_SIZE.sub(
            "", GENERATOR.sub("", path.read_text("utf-8"))
        )
        for path in site.rglob("*")
        if path.suffix in COMPARED and path.relative_to(site).parts[0] != "pagefind"
    }


def test_properdocs_builds_the_same_starter_site(starter_site: Path, tmp_path: Path) -> None:
    done = properdocs_build(REPO / "mkdocs.yml", tmp_path / "site")
    assert done.returncode == 0, done.stderr
    mkdocs, properdocs = text_files(starter_site), text_files(tmp_path / "site")
    assert sorted(properdocs) == sorted(mkdocs)
    assert sum(name.endswith(".html") for name in mkdocs) > 100
    different = [name for name in mkdocs if mkdocs[name] != properdocs[name]]
    assert not different
    assert (tmp_path / "site" / "pagefind" / "pagefind.js").is_file()
    home = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert "ProperDocs" in home  # it was ProperDocs that built it


def test_properdocs_failed_strict_build_keeps_previous_site(
    fixture_site: Path, tmp_path: Path
) -> None:
    shutil.copytree(FIXTURE, tmp_path / "content")
    about = tmp_path / "content" / "pages" / "a-propos.md"
    about.write_text(
        about.read_text("utf-8") + "\nVoir [la page disparue](disparue.md).\n", encoding="utf-8"
    )
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    before = sorted((p.relative_to(site), p.stat().st_mtime_ns) for p in site.rglob("*"))
    done = properdocs_build(tmp_path / "mkdocs.yml", site)
    assert done.returncode != 0
    assert "le site précédent est conservé" in done.stderr
    assert sorted((p.relative_to(site), p.stat().st_mtime_ns) for p in site.rglob("*")) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generer") / "pages"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CARNET_AUJOURDHUI", "2026-11-23")
        code = main(
            ["generer", str(out), "--content", str(FIXTURE), "--config", str(REPO / "mkdocs.yml")]
        )
    assert code == 0
    return out


def test_generer_writes_pages_and_the_files_beside_them(generated: Path) -> None:
    sheet = (generated / "fiches" / "adresse-mail.md").read_text("utf-8")
    assert sheet.startswith('---\ntitle: "Créer une adresse e-mail"\n')
    assert "CARNETFRAGMENT" not in sheet  # every HTML fragment is inline
    assert "CARNETCORPS" not in sheet  # nor the body's marks
    assert '<div class="carnet-badges">' in sheet
    for name in ("index.md", "fiches/index.md", "proposer.md", "administrations/caf.md"):
        assert (generated / name).is_file(), name
    for name in ("assets/carnet.css", "assets/carnet-recherche.js", "assets/synonymes.json"):
        assert (generated / name).is_file(), name
    assert list((generated / "flux").glob("*.xml"))
    assert (generated / "api" / "v1" / "index.json").is_file()
    assert not (generated / "referentiels").exists()
    assert not [p for p in generated.rglob("*.md") if "CARNETFRAGMENT" in p.read_text("utf-8")]


def test_generated_pages_build_without_the_plugin(generated: Path, tmp_path: Path) -> None:
    """What another builder does with them, played by MkDocs and Material with no carnet plugin."""
    config = tmp_path / "autre.yml"
    config.write_text(
        f"site_name: Autre outil\ndocs_dir: {generated}\nsite_dir: {tmp_path / 'site'}\n"
        "theme:\n  name: material\n  language: fr\nextra_css: "
        "[assets/carnet.css]\nmarkdown_extensions: [admonition, attr_list, tables, toc]\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "fiches" / "adresse-mail" / "index.html").read_text("utf-8")
    assert 'class="carnet-badges"' in page
    assert "CARNETFRAGMENT" not in page


def test_generer_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "pages"
    out.mkdir()
    (out / "garder.md").write_text("à garder\n", encoding="utf-8")
    code = main(["generer", str(out), "--content", str(FIXTURE)])
    _, err = capsys.readouterr()
    assert code == 2
    assert "n'est pas vide" in err and "aide :" in err
    assert "Traceback" not in err
    assert [p.name for p in out.iterdir()] == ["garder.md"]


def test_generer_refuses_a_folder_inside_the_content(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    code = main(["generer", str(content / "pages-generees"), "--content", str(content)])
    _, err = capsys.readouterr()
    assert code == 2
    assert "dans le dossier des contenus" in err
    assert not (content / "pages-generees").exists()


def test_generer_writes_nothing_from_content_with_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    (content / "fiches" / "adresse-mail.md").write_text("---\ntitre: x\n", encoding="utf-8")
    code = main(["generer", str(tmp_path / "pages"), "--content", str(content)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "adresse-mail.md" in out
    assert "rien n'a été écrit" in err
    assert not (tmp_path / "pages").exists()
