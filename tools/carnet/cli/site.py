"""`carnet build` and `carnet serve`: the site, through MkDocs (carnet.site.runner)."""

from __future__ import annotations

import argparse
import os
import sys

from carnet.cli.common import EXIT_FINDINGS, EXIT_OK, content_dir

SILENCE = {
    "NO_MKDOCS_2_WARNING": "1"
}  # Material's banner about MkDocs 2 means nothing to a mediator


def cmd_build(args: argparse.Namespace) -> int:
    from carnet.site.runner import SiteError, run_build

    content_dir(args.content)
    os.environ.update(SILENCE)
    try:
        run_build(args.config, args.content, args.site_dir)
    except SiteError as exc:
        print(f"carnet : erreur : {exc}\nLe site précédent est conservé tel quel.", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"Site construit dans {args.site_dir or 'site'}/")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from carnet.site.runner import SiteError, run_serve

    content_dir(args.content)
    os.environ.update(SILENCE)
    print(f"Le carnet est servi sur http://{args.dev_addr}/ (Ctrl+C pour arrêter)", flush=True)
    try:
        run_serve(args.config, args.content, args.dev_addr)
    except SiteError as exc:
        print(f"carnet : erreur : {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add `carnet build` and `carnet serve`."""
    build = commands.add_parser(
        "build",
        help="construit le site dans site/",
        description="Vérifie le contenu puis construit le site ; en cas d'erreur, le site précédent est conservé.",
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
        description="Sert le site sur http://127.0.0.1:8000/ et le reconstruit quand un contenu change.",
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


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        default="content",
        metavar="DOSSIER",
        help="dossier des contenus (content par défaut)",
    )
    parser.add_argument(
        "--config",
        default="mkdocs.yml",
        metavar="FICHIER",
        help="configuration MkDocs (mkdocs.yml par défaut)",
    )
