"""The generated pages as files, for a builder that runs no MkDocs plugin (Zensical, for one).

`carnet generer DIR` writes what the plugin hands MkDocs: every page as Markdown with its HTML
fragments inline (Page.full_markdown), the files beside the pages (feeds, JSON API, synonyms,
invitations), the content folder's own files (images) and the theme's assets (carnet.css and the
scripts). What only the plugin does, after the pages are rendered, is left out and documented in the
README: fragments put back into the rendered HTML (here they go through the other builder's
Markdown), sanitising the content's HTML (nh3), the Pagefind index, the offline edition and the
Markdown exports.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import yaml

from carnet.model.content import Corpus
from carnet.model.frontmatter import yaml_syntax_finding
from carnet.model.territories import read_edition
from carnet.site.build import build_assets, build_site
from carnet.site.packaged import THEME_DIR
from carnet.site.pages.common import SiteSettings

MENTIONS = ("editeur", "direction_publication", "hebergeur")


class GenerateError(Exception):
    """Why nothing was written: the message is in French."""


def generated_files(corpus: Corpus, settings: SiteSettings) -> dict[str, str]:
    """Every generated file by its path in the docs folder: pages, then the files beside them."""
    files = {page.src_uri: page.full_markdown() for page in build_site(corpus, settings)}
    files.update(build_assets(corpus, settings))
    return files


def read_config(path: Path) -> dict:
    """mkdocs.yml as data; MkDocs' own tags (!ENV, !relative) are read as plain values."""
    data, problem = parse_config(path)
    if problem:
        raise GenerateError(problem)
    return data if isinstance(data, dict) else {}


def parse_config(path: Path) -> tuple[object, str]:
    """mkdocs.yml's data, or the French reason it cannot be read: file, line, column and hint
    (MkDocs would say it in English, with a parser's trace)."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return None, f"{path} : fichier de configuration introuvable"
    except UnicodeDecodeError:
        return None, f"{path} : configuration illisible : le fichier n'est pas en UTF-8"
    except OSError as exc:
        return None, f"{path} : configuration illisible ({exc.strerror})"
    try:
        return yaml.load(text, Loader=ConfigLoader), ""
    except yaml.MarkedYAMLError as exc:
        found = yaml_syntax_finding(exc, str(path), 1, text)
        return None, (
            f"{path}:{found.line}:{found.col} : configuration illisible : {found.message}\n"
            f"  aide : {found.hint}"
        )
    except yaml.YAMLError as exc:
        return None, f"{path} : configuration illisible ({exc})"


def settings_from_config(config: dict, today: date) -> SiteSettings:
    """What the plugin would take from mkdocs.yml, read without MkDocs."""
    options = plugin_options(config)
    edition = read_edition(options.get("edition") or {})
    repo_url = str(config.get("repo_url") or "")
    edit_base = ""
    if repo_url:
        branch = options.get("edit_branch", "main")
        folder = str(options.get("content_path", "content")).strip("/")
        edit_base = f"{repo_url.rstrip('/')}/edit/{branch}/{folder}/"
    return SiteSettings(
        today=today,
        edit_base=edit_base,
        site_name=str(config.get("site_name") or "Carnet de terrain"),
        site_url=str(config.get("site_url") or ""),
        repo_url=repo_url,
        contact=(edition.contact if edition and edition.contact else options.get("contact", "")),
        mentions={name: options.get(name, "") for name in MENTIONS},
        # No offline archive without the plugin: the « hors ligne » page must not announce one.
        extra={"hors_ligne": False, "edition": edition, "markdown": markdown(config)},
    )


def plugin_options(config: dict) -> dict:
    """The options of `carnet` under plugins:, as a list (`- carnet: {…}`) or a mapping."""
    plugins = config.get("plugins") or []
    items = plugins.items() if isinstance(plugins, dict) else _plugin_items(plugins)
    for name, options in items:
        if name == "carnet":
            return dict(options) if isinstance(options, dict) else {}
    return {}


def markdown(config: dict) -> tuple[list[str], dict[str, dict]]:
    """markdown_extensions as the plugin passes them on: names, and each one's settings."""
    names: list[str] = []
    configs: dict[str, dict] = {}
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, dict):
            for name, settings in item.items():
                names.append(name)
                configs[name] = dict(settings or {})
        else:
            names.append(str(item))
    return names, configs


def check_destination(out: Path, content: Path) -> None:
    """Refuse a folder that holds anything, or one inside the content folder."""
    if out.exists() and not out.is_dir():
        raise GenerateError(f"{out} existe et n'est pas un dossier ; indiquez un dossier vide")
    if out.is_dir() and any(out.iterdir()):
        raise GenerateError(
            f"le dossier {out} n'est pas vide : rien n'a été écrit\n"
            "  aide : indiquez un dossier vide ou absent (carnet generer ne remplace aucun fichier)"
        )
    if out.resolve().is_relative_to(content.resolve()):
        raise GenerateError(
            f"le dossier {out} est dans le dossier des contenus {content} : "
            "les pages générées y seraient lues comme des contenus\n  aide : choisissez un dossier "
            "à côté, par exemple ../pages-generees"
        )


def write_generated(files: dict[str, str], content: Path, out: Path) -> int:
    """Write the generated files, the content's own files and the theme's assets; how many."""
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for source in _own_files(content):
        target = out / source.relative_to(content)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        count += 1
    for source in sorted((THEME_DIR / "assets").rglob("*")):
        if source.is_file():
            target = out / "assets" / source.relative_to(THEME_DIR / "assets")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            count += 1
    for rel, text in files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        count += 1
    return count


def _own_files(content: Path) -> list[Path]:
    """The content folder's files that are neither Markdown (replaced by pages) nor référentiels."""
    return sorted(
        path
        for path in content.rglob("*")
        if path.is_file()
        and path.suffix != ".md"
        and path.relative_to(content).parts[0] != "referentiels"
        and not any(part.startswith(".") for part in path.relative_to(content).parts)
    )


def _plugin_items(plugins: list) -> list[tuple[str, object]]:
    items: list[tuple[str, object]] = []
    for entry in plugins:
        if isinstance(entry, dict):
            items.extend(entry.items())
        else:
            items.append((str(entry), {}))
    return items


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return None


class ConfigLoader(yaml.SafeLoader):
    """A safe loader that reads any tag (!ENV, !relative…) as the plain value it tags."""


ConfigLoader.add_multi_constructor("!", _untagged)
