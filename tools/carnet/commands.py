"""Registering the commands beyond `check` (build, serve…) on the CLI parser."""

from __future__ import annotations

import argparse
import os
import sys

SILENCE = {"NO_MKDOCS_2_WARNING": "1"}  # Material's banner about MkDocs 2 means nothing to a mediator


def cmd_build(args: argparse.Namespace) -> int:
    from carnet.cli import EXIT_FINDINGS, EXIT_OK, content_dir
    from carnet.plugin import SiteError, run_build

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
    from carnet.cli import EXIT_FINDINGS, EXIT_OK, content_dir
    from carnet.plugin import SiteError, run_serve

    content_dir(args.content)
    os.environ.update(SILENCE)
    print(f"Le carnet est servi sur http://{args.dev_addr}/ (Ctrl+C pour arrêter)", flush=True)
    try:
        run_serve(args.config, args.content, args.dev_addr)
    except SiteError as exc:
        print(f"carnet : erreur : {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_nouveau(args: argparse.Namespace) -> int:
    from carnet.cli import EXIT_FINDINGS, EXIT_OK, content_dir, today
    from carnet.content import display_path, load_corpus
    from carnet.scaffold import ScaffoldError, next_step, plan_new
    from carnet.schemas import load_schemas
    from carnet.themes import render_candidates, theme_candidates

    corpus = load_corpus(content_dir(args.content))
    candidates = render_candidates(theme_candidates(corpus)) if args.type == "theme" else ""
    try:
        new = plan_new(args.type, args.titre, corpus, load_schemas(), today(), candidates)
    except ScaffoldError as exc:
        print(f"carnet : erreur : {exc}" + (f"\n  aide : {exc.hint}" if exc.hint else ""), file=sys.stderr)
        return EXIT_FINDINGS
    new.path.parent.mkdir(parents=True, exist_ok=True)
    with open(new.path, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(new.text)
    print(next_step(args.type, display_path(new.path, corpus.root)))
    return EXIT_OK


# Facilitators' commands live in their own modules, each with a `register(commands)`.
MORE_COMMANDS = ("carnet.cmd_animation", "carnet.cmd_liens", "carnet.cmd_contribution")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the site, contribution and facilitation commands."""
    from importlib import import_module

    for module in MORE_COMMANDS:
        import_module(module).register(commands)
    nouveau = commands.add_parser("nouveau", help="crée un nouveau contenu à compléter",
                                  description="Crée un fichier prêt à compléter : nom tiré du titre, dates du jour, "
                                              "sections attendues et une explication par clé. N'écrase jamais un fichier.")
    nouveau.add_argument("type", choices=("fiche", "anecdote", "dysfonctionnement", "theme"), help="le type de contenu")
    nouveau.add_argument("titre", metavar="TITRE|AAAA-MM", help="le titre (ou le mois, pour un thème)")
    nouveau.add_argument("--content", default="content", metavar="DOSSIER", help="dossier des contenus (content par défaut)")
    nouveau.set_defaults(run=cmd_nouveau)
    build = commands.add_parser("build", help="construit le site dans site/",
                                description="Vérifie le contenu puis construit le site ; en cas d'erreur, le site précédent est conservé.")
    _site_options(build)
    build.add_argument("--site-dir", default=None, metavar="DOSSIER", help="dossier du site construit (site par défaut)")
    build.set_defaults(run=cmd_build)
    serve = commands.add_parser("serve", help="sert le site en local et le recharge à chaque modification",
                                description="Sert le site sur http://127.0.0.1:8000/ et le reconstruit quand un contenu change.")
    _site_options(serve)
    serve.add_argument("--adresse", dest="dev_addr", default="127.0.0.1:8000", metavar="HÔTE:PORT",
                       help="adresse d'écoute (127.0.0.1:8000 par défaut)")
    serve.set_defaults(run=cmd_serve)


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", default="content", metavar="DOSSIER", help="dossier des contenus (content par défaut)")
    parser.add_argument("--config", default="mkdocs.yml", metavar="FICHIER", help="configuration MkDocs (mkdocs.yml par défaut)")
