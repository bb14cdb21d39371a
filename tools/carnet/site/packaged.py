"""What the installed package brings to any site: the theme overrides and a default configuration.

A network's mkdocs.yml needs only `theme: {name: material}` and `plugins: [carnet]`: the plugin adds
the overrides and the stylesheet below, and `carnet build` run where there is no mkdocs.yml at all
uses DEFAULT_CONFIG. Both come from the package (wheel or checkout), never from a checkout's path.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

PACKAGE = Path(str(resources.files("carnet").joinpath("site")))
THEME_DIR = PACKAGE / "theme"
DEFAULT_CONFIG = PACKAGE / "mkdocs_defaut.yml"
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")
CSS = "assets/carnet.css"


def with_theme(dirs: list[str], custom_dir: str | None) -> list[str]:
    """The theme's template folders with the carnet's overrides in them, once.

    They go after the site's own custom_dir, so that a network can still override a template, and
    before Material's, which they override.
    """
    if any(_same(folder, THEME_DIR) for folder in dirs):
        return list(dirs)  # an older mkdocs.yml names them as custom_dir
    at = 1 if custom_dir else 0
    return [*dirs[:at], str(THEME_DIR), *dirs[at:]]


def with_css(extra_css: list[str]) -> list[str]:
    """extra_css with the carnet's stylesheet, which the theme overrides expect."""
    return list(extra_css) if CSS in extra_css else [*extra_css, CSS]


@dataclass(frozen=True)
class ConfigChoice:
    """Which configuration a command uses, and whether it is the package's own."""

    path: Path
    packaged: bool


def choose_config(requested: str | None, folder: Path) -> ConfigChoice | None:
    """The named file; else the folder's mkdocs.yml (or properdocs.yml); else the package's default.

    None when a file was named but does not exist: the caller says so in French.
    """
    if requested:
        path = Path(requested)
        return ConfigChoice(path, False) if path.is_file() else None
    for name in CONFIG_NAMES:
        if (folder / name).is_file():
            return ConfigChoice(folder / name, False)
    return ConfigChoice(DEFAULT_CONFIG, True)


def _same(folder: str, theme: Path) -> bool:
    try:
        return Path(folder).resolve() == theme.resolve()
    except OSError:
        return False
