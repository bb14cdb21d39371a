"""Running MkDocs for `carnet build` and `carnet serve`: options, logs, errors in French.

MkDocs finds the plugin (carnet.site.plugin) through its entry point; nothing here imports it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from carnet.site.failure import french_failure

log = logging.getLogger("mkdocs.plugins.carnet")


def run_build(config_file: str, content: str | None, site_dir: str | None) -> None:
    """`mkdocs build` with the carnet's options; raises SiteError, in French, on failure."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _show_logs()
    _readable(config_file)
    try:
        config = load_config(config_file, **_overrides(content, site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
    except MkDocsException as exc:
        raise SiteError(french_failure(str(exc))) from None


def run_serve(config_file: str, content: str | None, dev_addr: str) -> None:
    """The preview: one full build, then only the pages each save changes (carnet.site.preview)."""
    from mkdocs.exceptions import MkDocsException

    from carnet.site.preview import serve

    _show_logs()
    _readable(config_file)
    try:
        # Served at the root of the address it prints, whatever path site_url gives the site.
        serve(config_file, _overrides(content, None), dev_addr)
    except MkDocsException as exc:
        raise SiteError(str(exc) or "le serveur s'est arrêté sur une erreur") from None


def _show_logs(verbose: bool = False) -> None:
    """Print MkDocs' warnings and errors, and the carnet's own notes, as `mkdocs` itself would."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    if not any(getattr(h, "carnet", False) for h in mkdocs_log.handlers):
        handler.carnet = True  # type: ignore[attr-defined]
        mkdocs_log.addHandler(handler)
        mkdocs_log.propagate = False
    mkdocs_log.setLevel(logging.INFO if verbose else logging.WARNING)
    log.setLevel(logging.INFO)


class SiteError(Exception):
    """A build that failed: the message is already in French."""


def _readable(config_file: str) -> None:
    """SiteError, in French, when mkdocs.yml cannot be read (MkDocs says it in English)."""
    from carnet.site.generate import parse_config

    _, problem = parse_config(Path(config_file))
    if problem:
        raise SiteError(problem)


def _overrides(content: str | None, site_dir: str | None) -> dict:
    overrides = {}
    if content:
        overrides["docs_dir"] = str(Path(content).resolve())
    if site_dir:
        overrides["site_dir"] = str(Path(site_dir).resolve())
    return overrides
