"""The package outside the checkout: a wheel built from the repository, installed into a fresh
virtualenv, checks and builds a content folder that lives nowhere near the repository.

The fresh virtualenv gets the carnet from the wheel only; its dependencies come from the project's
.venv through a .pth file added after the install (no download, and .pth files of a folder listed
that way are not run, so the editable install's path to tools/ never reaches it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
import yaml

from carnet.site.packaged import (
    CSS,
    DEFAULT_CONFIG,
    THEME_DIR,
    ConfigChoice,
    choose_config,
    with_css,
    with_theme,
)
from conftest import REPO

SOURCES = ("pyproject.toml", "README.md", "LICENSE", "LICENSE-CONTENT", "schemas", "tools")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources (the shared checkout gets no build/ folder)."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
            shutil.copytree(path, source / name, symlinks=True, ignore=ignore)
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(path, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["--wheel-dir", str(root / "dist"), str(source)],
        check=True,
        capture_output=True,
    )
    (built,) = (root / "dist").glob("carnet_de_terrain-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel installed; returns its bin/ folder."""
    env = tmp_path_factory.mktemp("venv") / "env"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
        + ["--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    target = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Added after the install, so that pip never saw the checkout's editable carnet.
    Path(target, "dependances-du-projet.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    return env / "bin"


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A network's folder outside the repository: its content/ and nothing else."""
    folder = tmp_path_factory.mktemp("reseau")
    shutil.copytree(REPO / "content", folder / "content")
    assert not folder.resolve().is_relative_to(REPO)
    return folder


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_wheel_holds_real_schemas_theme_templates_and_assets(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for schema in sorted((REPO / "schemas").glob("*.schema.json")):
            # Real copies, byte for byte: carnet/schemas is a link in the checkout only.
            assert archive.read(f"carnet/schemas/{schema.name}") == schema.read_bytes()
    for theme_file in THEME_DIR.rglob("*"):
        if theme_file.is_file():
            assert f"carnet/site/theme/{theme_file.relative_to(THEME_DIR).as_posix()}" in names
    assert "carnet/site/mkdocs_defaut.yml" in names
    assert any(n.startswith("carnet/facilitation/templates/") for n in names)
    assert "carnet/model/departements.csv" in names
    assert "carnet/site/synonymes_par_defaut.yml" in names


def test_wheel_holds_every_file_of_the_package(wheel: Path) -> None:
    """A data file added to tools/carnet without its pattern in package-data would be missed."""
    tracked = subprocess.run(
        ["git", "ls-files", "tools/carnet"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    missing = [
        name
        for name in tracked
        if name != "tools/carnet/schemas" and name.removeprefix("tools/") not in names
    ]
    assert not missing, "add their pattern to [tool.setuptools.package-data] in pyproject.toml"


def test_installed_carnet_comes_from_the_wheel(installed: Path, network: Path) -> None:
    done = run(
        [
            str(installed / "python"),
            "-c",
            "import carnet.model.schemas as s, carnet; print(carnet.__file__); "
            "print(s.default_dir())",
        ],
        network,
    )
    assert done.returncode == 0, done.stderr
    module, schemas = (Path(line) for line in done.stdout.splitlines())
    assert module.is_relative_to(installed.parent)
    assert not module.resolve().is_relative_to(REPO)
    assert not schemas.is_symlink() and not schemas.resolve().is_relative_to(REPO)
    assert len(list(schemas.glob("*.schema.json"))) == len(list((REPO / "schemas").glob("*.json")))


def test_installed_carnet_checks_and_builds_a_folder_without_mkdocs_yml(
    installed: Path, network: Path
) -> None:
    check = run([str(installed / "carnet"), "check"], network)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 erreur" in check.stdout
    build = run([str(installed / "carnet"), "build"], network)
    assert build.returncode == 0, build.stdout + build.stderr
    assert "configuration par défaut" in build.stdout
    assert "Traceback" not in build.stderr
    site = network / "site"
    assert_complete_site(site)


def test_a_minimal_mkdocs_yml_needs_only_material_and_the_plugin(
    installed: Path, tmp_path: Path
) -> None:
    shutil.copytree(REPO / "tests" / "site_fixture" / "content", tmp_path / "docs")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Réseau d'essai\ntheme:\n  name: material\n  language: fr\nplugins:\n  - "
        "carnet\n",
        encoding="utf-8",
    )
    done = run([str(installed / "python"), "-m", "mkdocs", "build", "--quiet"], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert_complete_site(tmp_path / "site")


def assert_complete_site(site: Path) -> None:
    """Pages, the theme's overrides and assets, the generated files and the search index."""
    home = (site / "index.html").read_text("utf-8")
    assert "carnet-recherche.js" in home  # main.html, the packaged override, is in use
    assert "assets/carnet.css" in home
    for name in ("carnet.css", "carnet-recherche.js", "carnet-hors-ligne.js"):
        assert (site / "assets" / name).is_file()
    assert (site / "carnet-sw.js").is_file()
    assert len(list((site / "fiches").glob("*/index.html"))) >= 3
    assert (site / "proposer" / "index.html").is_file()
    assert (site / "api" / "v1" / "schemas").is_dir()
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert list((site / "pagefind" / "fragment").iterdir())


def test_packaged_config_keeps_the_repository_settings() -> None:
    ours = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    packaged = yaml.safe_load(DEFAULT_CONFIG.read_text("utf-8"))
    for key in ("theme", "markdown_extensions", "validation", "nav", "strict", "exclude_docs"):
        assert packaged[key] == ours[key], key
    assert packaged["plugins"] == ["carnet"]


def test_theme_folder_goes_after_the_sites_own_overrides_once() -> None:
    material = "/site-packages/material/templates"
    assert with_theme([material], None) == [str(THEME_DIR), material]
    assert with_theme(["/reseau/overrides", material], "overrides") == [
        "/reseau/overrides",
        str(THEME_DIR),
        material,
    ]
    assert with_theme([str(THEME_DIR), material], str(THEME_DIR)) == [str(THEME_DIR), material]
    assert with_css([]) == [CSS]
    assert with_css(["extra.css", CSS]) == ["extra.css", CSS]


def test_config_choice(tmp_path: Path) -> None:
    assert choose_config(None, tmp_path) == ConfigChoice(DEFAULT_CONFIG, True)
    (tmp_path / "properdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert choose_config(None, tmp_path) == ConfigChoice(tmp_path / "properdocs.yml", False)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert choose_config(None, tmp_path) == ConfigChoice(tmp_path / "mkdocs.yml", False)
    assert choose_config(str(tmp_path / "absent.yml"), tmp_path) is None


def test_a_missing_config_is_said_in_french(capsys: pytest.CaptureFixture) -> None:
    from carnet.cli.main import main

    code = main(["build", "--content", str(REPO / "content"), "--config", "absent.yml"])
    err = capsys.readouterr().err
    assert code == 2
    assert "configuration introuvable : absent.yml" in err and "aide :" in err
