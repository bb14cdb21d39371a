"""`carnet generer DOSSIER`: the generated pages as Markdown files, for another builder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from carnet.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, content_dir
from carnet.dates import today


def cmd_generer(args: argparse.Namespace) -> int:
    from carnet.checking.check import run_check
    from carnet.checking.report import render_text
    from carnet.cli.site import site_config
    from carnet.model.content import load_corpus
    from carnet.model.territories import EditionError
    from carnet.site.generate import (
        GenerateError,
        check_destination,
        generated_files,
        read_config,
        settings_from_config,
        write_generated,
    )

    content = content_dir(args.content)
    out = Path(args.dossier)
    config, _ = site_config(args.config, None)
    day = today()
    try:
        check_destination(out, content)
        settings = settings_from_config(read_config(Path(config)), day)
    except (GenerateError, EditionError) as exc:
        print(f"carnet : erreur : {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = run_check(content, day)
    if result.errors:  # the same gate as the build: no page from content with errors
        sys.stdout.write(render_text(result))
        print("carnet : erreur : le contenu a des erreurs, rien n'a été écrit", file=sys.stderr)
        return EXIT_FINDINGS
    count = write_generated(generated_files(load_corpus(content), settings), content, out)
    print(f"{count} fichiers écrits dans {out}/ (pages en Markdown et fichiers à côté)")
    print(
        "  suite : construisez ce dossier avec un autre outil (docs_dir), puis indexez la "
        "recherche : python -m pagefind --site <dossier du site>"
    )
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add `carnet generer`."""
    generer = commands.add_parser(
        "generer",
        help="écrit les pages générées (Markdown) dans un dossier, pour un autre outil",
        description=(
            "Vérifie le contenu puis écrit chaque page du site en Markdown, avec les fichiers à "
            "côté (flux, API, styles), dans un dossier vide : un autre outil que MkDocs (Zensical) "
            "peut le construire."
        ),
    )
    generer.add_argument("dossier", metavar="DOSSIER", help="dossier à écrire (vide ou absent)")
    generer.add_argument(
        "--content",
        default="content",
        metavar="DOSSIER",
        help="dossier des contenus (content par défaut)",
    )
    generer.add_argument(
        "--config",
        default=None,
        metavar="FICHIER",
        help="configuration (mkdocs.yml du dossier courant, sinon celle du carnet)",
    )
    generer.set_defaults(run=cmd_generer)
