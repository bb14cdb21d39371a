"""`carnet build` and `carnet serve`: the site, through MkDocs (carnet.site.runner)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from carnet.cli.common import EXIT_FINDINGS, EXIT_OK, UsageError, content_dir
from carnet.site.packaged import choose_config

SILENCE = {
    "NO_MKDOCS_2_WARNING": "1"
}  # Material's banner about MkDocs 2 means nothing to a mediator


def cmd_build(args: argparse.Namespace) -> int:
    from carnet.site.runner import SiteError, run_build

    content_dir(args.content)
    config, site_dir = site_config(args.config, args.site_dir)
    os.environ.update(SILENCE)
    try:
        run_build(config, args.content, site_dir)
    except SiteError as exc:
        print(f"carnet : erreur : {exc}\nLe site précédent est conservé tel quel.", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"Site construit dans {args.site_dir or 'site'}/")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from carnet.site.runner import SiteError, run_serve

    content_dir(args.content)
    config, _ = site_config(args.config, None)
    os.environ.update(SILENCE)
    print(f"Le carnet est servi sur http://{args.dev_addr}/ (Ctrl+C pour arrêter)", flush=True)
    try:
        run_serve(config, args.content, args.dev_addr)
    except SiteError as exc:
        print(f"carnet : erreur : {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add `carnet build` and `carnet serve`."""
    build = commands.add_parser(
        "build",
        help="construit le site dans site/",
        description="Vérifie le contenu puis construit le site ; en cas d'erreur, le site "
        "précédent est conservé.",
    )
    _site_options(build)
    build.add_argument(
        "--site-dir",
        default=None,
        metavar="DOSSIER",
        help="dossier du site construit (site par défaut)",
    )
    build.set_defaults(run=cmd_build)
    serve = commands.add_parser(
        "serve",
        help="sert le site en local et le recharge à chaque modification",
        description="Sert le site sur http://127.0.0.1:8000/ et le reconstruit quand un contenu "
        "change.",
    )
    _site_options(serve)
    serve.add_argument(
        "--adresse",
        dest="dev_addr",
        default="127.0.0.1:8000",
        metavar="HÔTE:PORT",
        help="adresse d'écoute (127.0.0.1:8000 par défaut)",
    )
    serve.set_defaults(run=cmd_serve)


def site_config(requested: str | None, site_dir: str | None) -> tuple[str, str | None]:
    """The configuration file and the site folder.

    Without mkdocs.yml in the current folder, the package's default configuration is used; the site
    then goes to ./site, not beside that configuration inside the installed package.
    """
    choice = choose_config(requested, Path.cwd())
    if choice is None:
        raise UsageError(
            f"configuration introuvable : {requested}\n"
            "  aide : sans --config, carnet prend le mkdocs.yml du dossier courant, ou sa "
            "configuration par défaut s'il n'y en a pas"
        )
    if choice.packaged:
        print("Pas de mkdocs.yml dans ce dossier : configuration par défaut du carnet.")
        return str(choice.path), site_dir or "site"
    return str(choice.path), site_dir


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        default="content",
        metavar="DOSSIER",
        help="dossier des contenus (content par défaut)",
    )
    parser.add_argument(
        "--config",
        default=None,
        metavar="FICHIER",
        help="configuration MkDocs (mkdocs.yml du dossier courant, sinon la configuration par "
        "défaut du carnet)",
    )
