"""`carnet nouveau`: a new content file to complete, never overwriting one."""

from __future__ import annotations

import argparse
import sys

from carnet.cli.common import EXIT_FINDINGS, EXIT_OK, content_dir
from carnet.dates import today


def cmd_nouveau(args: argparse.Namespace) -> int:
    from carnet.contribution.scaffold import ScaffoldError, next_step, plan_new
    from carnet.model.content import RESERVED_IDS, display_path, load_corpus
    from carnet.model.schemas import load_schemas
    from carnet.model.themes import render_candidates, theme_candidates

    corpus = load_corpus(content_dir(args.content))
    candidates = render_candidates(theme_candidates(corpus)) if args.type == "theme" else ""
    # A title pasted from a document may hold a line break or a tab: one line, single spaces.
    title = " ".join(args.titre.split())
    try:
        if args.type != "theme":
            _check_title(title, load_schemas().properties(args.type)["titre"])
        new = plan_new(args.type, title, corpus, load_schemas(), today(), candidates)
        if new.path.stem in RESERVED_IDS:
            raise ScaffoldError(
                f"le titre « {title} » donne le nom « {new.path.name} », réservé à la liste du "
                "dossier sur le site",
                "choisissez un titre plus précis, de plusieurs mots",
            )
    except ScaffoldError as exc:
        print(
            f"carnet : erreur : {exc}" + (f"\n  aide : {exc.hint}" if exc.hint else ""),
            file=sys.stderr,
        )
        return EXIT_FINDINGS
    shown = display_path(new.path, corpus.root)
    folder = display_path(new.path.parent, corpus.root)
    try:
        new.path.parent.mkdir(parents=True, exist_ok=True)
        with open(
            new.path, "x", encoding="utf-8"
        ) as handle:  # "x": never overwrite, even in a race
            handle.write(new.text)
    except OSError as exc:
        print(f"carnet : erreur : {_write_problem(exc, shown, folder)}", file=sys.stderr)
        return EXIT_FINDINGS
    print(next_step(args.type, shown))
    return EXIT_OK


def _write_problem(exc: OSError, shown: str, folder: str) -> str:
    """Why the new file could not be written, in French with what to do: never a traceback."""
    if isinstance(exc, FileExistsError) and exc.filename and exc.filename.endswith(".md"):
        hint = "ouvrez ce fichier pour le compléter"  # written meanwhile by another save
        return f"{shown} existe déjà : rien n'a été écrit\n  aide : {hint}"
    if isinstance(exc, (FileExistsError, NotADirectoryError)):  # a file or a dead link in the way
        return (
            f"impossible de créer « {shown} » : « {folder} » n'est pas un dossier\n"
            f"  aide : renommez ou supprimez « {folder} » : c'est là que vont ces contenus"
        )
    if isinstance(exc, PermissionError):
        return (
            f"impossible de créer « {shown} » : vous n'avez pas le droit d'écrire dans « {folder} »"
        )
    return f"impossible de créer « {shown} » : {exc.strerror or type(exc).__name__}"


def _check_title(title: str, schema: dict) -> None:
    """Refuse a title the check would refuse: the file must not start with an error of its own."""
    from carnet.contribution.scaffold import ScaffoldError

    low, high = schema.get("minLength", 0), schema.get("maxLength", 10**6)
    if low <= len(title) <= high or not any(char.isalnum() for char in title):
        return  # a title without letters is refused by plan_new, with its own words
    bound = f"{low} au moins" if len(title) < low else f"{high} au plus"
    raise ScaffoldError(
        f"le titre fait {len(title)} caractères, il en faut {bound} : rien n'a été écrit",
        "précisez-le en quelques mots"
        if len(title) < low
        else "raccourcissez-le ; le détail trouvera sa place dans le résumé",
    )


def register(commands: argparse._SubParsersAction) -> None:
    """Add `carnet nouveau`."""
    nouveau = commands.add_parser(
        "nouveau",
        help="crée un nouveau contenu à compléter",
        description="Crée un fichier prêt à compléter : nom tiré du titre, dates du jour, sections "
        "attendues et une explication par clé. N'écrase jamais un fichier.",
    )
    nouveau.add_argument(
        "type",
        choices=("fiche", "anecdote", "dysfonctionnement", "theme"),
        help="le type de contenu",
    )
    nouveau.add_argument(
        "titre", metavar="TITRE|AAAA-MM", help="le titre (ou le mois, pour un thème)"
    )
    nouveau.add_argument(
        "--content",
        default="content",
        metavar="DOSSIER",
        help="dossier des contenus (content par défaut)",
    )
    nouveau.set_defaults(run=cmd_nouveau)
