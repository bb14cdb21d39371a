"""`carnet generer DOSSIER`: the generated pages as Markdown files, for another builder."""

from __future__ import annotations

import argparse
import errno
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
    files = generated_files(load_corpus(content), settings)
    existed = out.exists()
    try:
        count = write_generated(files, content, out)
    except OSError as exc:
        print(f"carnet : erreur : {write_problem(exc, out, existed)}", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"{count} fichiers écrits dans {out}/ (pages en Markdown et fichiers à côté)")
    print(
        "  suite : construisez ce dossier avec un autre outil (docs_dir), puis indexez la "
        "recherche : python -m pagefind --site <dossier du site>"
    )
    return EXIT_OK


def write_problem(exc: OSError, out: Path, existed: bool) -> str:
    """Why the folder could not be written, in French (the system says it in English), and what
    to do with what may already be in it."""
    where = Path(exc.filename) if exc.filename else out
    if isinstance(exc, NotADirectoryError):
        blocker = next((p for p in where.parents if p.is_file()), where)
        reason = f"« {blocker} » est un fichier, pas un dossier"
    elif isinstance(exc, PermissionError):
        reason = f"vous n'avez pas le droit d'écrire dans « {where.parent} »"
    elif exc.errno == errno.ENOSPC:
        reason = "le disque est plein"
    elif exc.errno == errno.EROFS:
        reason = "le disque est en lecture seule"
    else:
        reason = f"« {where} » : erreur du système n° {exc.errno}"
    left = (
        f"\n  aide : le dossier {out}/ est incomplet ; supprimez-le avant de relancer"
        if out.exists() and (not existed or any(out.iterdir()))
        else "\n  aide : choisissez un autre dossier"
    )
    return f"impossible d'écrire le dossier {out}/ : {reason}{left}"


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
