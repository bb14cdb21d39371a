"""Facilitator commands: `revue` (what to check again), `rapport` (for an administration), `lettre`
(monthly), `pack`.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by the commands themselves (see below)
    from carnet.facilitation.newsletter import Letter
    from carnet.model.content import Corpus

# Builders are imported inside the commands: every `carnet` run registers these parsers, and
# `carnet check` on one file must not pay for Jinja2 or the page builders.


def _load(root: Path, document: str = "") -> Corpus:
    """The corpus, saying on stderr which files could not be read (the report leaves them out);
    for a `document` sent to others (the letter, a report, the pack), also whether the content
    has errors, since what they say may then be wrong or missing."""
    from carnet.checking.check import check_corpus
    from carnet.dates import today
    from carnet.facilitation.review import typo
    from carnet.model.content import load_corpus
    from carnet.text import counted

    corpus = load_corpus(root)
    skipped = [doc.rel for doc in corpus.documents if not doc.readable]
    if skipped:
        shown = ", ".join(skipped[:3]) + (", …" if len(skipped) > 3 else "")
        left = "laissé de côté" if len(skipped) == 1 else "laissés de côté"
        print(
            "carnet : avertissement : "
            + typo(
                f"{counted(len(skipped), 'fichier illisible', 'fichiers illisibles')} {left} : "
                f"{shown} (carnet check dit pourquoi)"
            ),
            file=sys.stderr,
        )
    if document:
        errors = [f for f in check_corpus(corpus, today()) if f.is_error]
        files = len({f.path for f in errors} - set(skipped))
        if files:
            print(
                "carnet : avertissement : "
                + typo(
                    f"le contenu a des erreurs dans {counted(files, 'fichier')} : ce que dit "
                    f"{document} peut être incomplet ou inexact ; lancez « carnet check » et "
                    "corrigez-les avant de l'envoyer"
                ),
                file=sys.stderr,
            )
    return corpus


# The file name suggested when --sortie names a folder, by --format.
EXTENSIONS = {
    "text": "txt",
    "texte": "txt",
    "markdown": "md",
    "json": "json",
    "csv": "csv",
    "html": "html",
}


def write_output(text: str, sortie: str | None, done: str, name: str = "") -> int:
    """Print to stdout, or create FICHIER: an existing file is never overwritten; `done` says what
    was written (« Lettre écrite »), `name` is the file name suggested when FICHIER is a folder.
    """
    from carnet.cli.common import EXIT_FINDINGS, EXIT_OK
    from carnet.facilitation.review import typo

    if sortie is None and name.endswith(".html") and sys.stdout.isatty():
        # a page of HTML scrolling past in a terminal helps no one: say how to open it instead
        problem = (
            "un document HTML ne se lit pas dans le terminal\n  aide : enregistrez-le avec "
            f"« --sortie {name} », puis ouvrez ce fichier dans votre navigateur"
        )
    elif sortie is None:
        sys.stdout.write(text)
        return EXIT_OK
    elif not sortie.strip():
        problem = "--sortie est vide\n  aide : indiquez le nom du fichier à créer"
    elif os.path.isdir(sortie):  # never raises (Path.is_dir does on a name too long)
        problem = (
            f"« {sortie} » est un dossier, pas un fichier\n  aide : indiquez le fichier à créer"
        )
        problem += f" dans ce dossier, par exemple « {Path(sortie) / name} »" if name else ""
    else:
        try:
            # "x": never overwrite, even in a race
            with open(sortie, "x", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as exc:
            problem = _output_problem(exc, sortie)
        else:
            print(typo(f"{done} dans {sortie}"))
            return EXIT_OK
    print("carnet : erreur : " + typo(problem), file=sys.stderr)
    return EXIT_FINDINGS


def _output_problem(exc: OSError, sortie: str) -> str:
    """Why FICHIER could not be created, in French: the system's own words are English."""
    import errno

    folder = str(Path(sortie).parent)
    if isinstance(exc, FileExistsError):
        return (
            f"le fichier « {sortie} » existe déjà : il n'est jamais écrasé\n"
            "  aide : choisissez un autre nom avec --sortie, ou supprimez d'abord l'ancien fichier"
        )
    if isinstance(exc, FileNotFoundError):
        return (
            f"impossible de créer « {sortie} » : son dossier n'existe pas\n"
            f"  aide : créez d'abord le dossier « {folder} », ou choisissez-en un autre"
        )
    if isinstance(exc, NotADirectoryError):
        return f"impossible de créer « {sortie} » : « {folder} » est un fichier, pas un dossier"
    if isinstance(exc, IsADirectoryError):
        return f"« {sortie} » désigne un dossier\n  aide : indiquez le nom du fichier à créer"
    if isinstance(exc, PermissionError):
        return (
            f"impossible de créer « {sortie} » : vous n'avez pas le droit d'écrire dans le dossier "
            f"« {folder} »\n  aide : choisissez un dossier à vous, par exemple vos Documents"
        )
    reasons = {
        errno.ENAMETOOLONG: "son nom est trop long",
        errno.ENOSPC: "le disque est plein",
        errno.EROFS: "le disque est en lecture seule",
    }
    reason = reasons.get(exc.errno or 0, f"erreur du système n° {exc.errno}")
    return f"impossible de créer « {sortie} » : {reason}"


def _site_url(root: Path, what: str = "") -> str:
    """The site's address from the mkdocs.yml beside the content folder, warning on stderr (about
    `what`) when there is none.
    """
    from carnet.facilitation.newsletter import load_site_config, site_url_of
    from carnet.facilitation.review import typo

    site_url = site_url_of(load_site_config(root))
    if not site_url and what:
        print(
            "carnet : avertissement : "
            + typo(
                f"pas de site_url (l'adresse du site) dans le mkdocs.yml voisin du dossier de "
                f"contenu : {what}\n  aide : ajoutez-la à mkdocs.yml, par exemple « site_url: "
                "https://carnet.mon-reseau.fr/ »"
            ),
            file=sys.stderr,
        )
    return site_url


MAX_DAYS = 3650


def cmd_revue(args: argparse.Namespace) -> int:
    from carnet.cli.common import UsageError, content_dir
    from carnet.dates import today
    from carnet.facilitation.review import (
        build_review,
        group_review,
        reviewed_count,
        typo,
        undated,
    )
    from carnet.facilitation.review_report import RENDERERS, Review
    from carnet.text import counted

    if args.dans < 0:
        raise UsageError(f"--dans {args.dans} : le nombre de jours doit être positif ou nul")
    if args.dans > MAX_DAYS:  # beyond, every content is due anyway, and dates overflow
        raise UsageError(
            f"--dans {args.dans} : au plus {MAX_DAYS} jours (dix ans) ; au-delà de deux ans, "
            "tout est à revérifier"
        )
    root = content_dir(args.content)
    corpus, day = _load(root), today()
    site_url = _site_url(root)  # without one, addresses start from the site's root: fiches/x/
    items = build_review(corpus, day, args.dans, site_url)
    if missing := undated(corpus):
        print(
            "carnet : avertissement : "
            + typo(
                f"{counted(len(missing), 'contenu')} sans date de vérification lisible, donc "
                f"absent de la liste : {', '.join(missing)} (carnet check dit pourquoi)"
            ),
            file=sys.stderr,
        )
    groups = (
        tuple(group_review(items, args.par, corpus.referentiels["administrations"]))
        if args.par
        else ()
    )
    review = Review(items, reviewed_count(corpus), day, args.dans, args.par or "", groups)
    return write_output(
        RENDERERS[args.format](review),
        args.sortie,
        "Liste écrite",
        f"revue.{EXTENSIONS[args.format]}",
    )


def cmd_rapport(args: argparse.Namespace) -> int:
    from carnet.cli.common import UsageError, content_dir
    from carnet.dates import today
    from carnet.facilitation.admin_report import (
        build_admin_report,
        render_report_csv,
        render_report_markdown,
        resolve_admin,
        unknown_admin_message,
    )
    from carnet.facilitation.admin_report_text import render_report_text

    corpus = _load(content_dir(args.content), "le rapport")
    admins = corpus.referentiels["administrations"]
    ident, note = resolve_admin(admins, args.administration)
    if ident is None:
        raise UsageError(unknown_admin_message(admins, args.administration) or args.administration)
    if note:
        print(f"carnet : {note}", file=sys.stderr)
    if args.limite is not None and args.limite < 200:
        raise UsageError(
            f"--limite {args.limite} : un message de signalement compte au moins 200 caractères"
        )
    report = build_admin_report(corpus, ident, today())
    renderers = {
        "markdown": render_report_markdown,
        "csv": render_report_csv,
        "texte": lambda r: render_report_text(r, args.limite),
    }
    return write_output(
        renderers[args.format](report),
        args.sortie,
        "Rapport écrit",
        f"rapport-{ident}.{EXTENSIONS[args.format]}",
    )


# How people write a month besides AAAA-MM: 2026-1, 2026/11, 2026-11-15, 11/2026, « novembre 2026 ».
_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](0?[1-9]|[12]\d|3[01]))?$")  # a date too
_YEAR_LAST = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_NAMED = re.compile(r"^([^\W\d_]+)\.?(?:\s+(\d{4}))?$")


def read_month(value: str) -> tuple[str | None, str | None]:
    """(AAAA-MM, None) for a month written in any usual way; (None, its name) for a month name
    without its year, which could be this year's or last year's; (None, None) otherwise."""
    from carnet.site.pages.common import MONTHS
    from carnet.text import fold

    text = value.strip()
    year, month, name = "", 0, None
    if m := _YEAR_FIRST.match(text):
        year, month = m.group(1), int(m.group(2))
    elif m := _YEAR_LAST.match(text):
        year, month = m.group(2), int(m.group(1))
    elif m := _NAMED.match(text):
        folded = fold(m.group(1)).lower()
        names = [fold(n).lower() for n in MONTHS]
        matches = [
            i
            for i, n in enumerate(names)
            if n == folded or (len(folded) >= 3 and n.startswith(folded))
        ]
        if len(matches) == 1:
            month, year = matches[0] + 1, m.group(2) or ""
            name = MONTHS[matches[0]]
    if not 1 <= month <= 12:
        return None, None
    if not year:
        return None, name
    return f"{year}-{month:02d}", None


def _month(value: str, command: str) -> str:
    """The month typed after `lettre` or `pack`, as AAAA-MM; another usual way of writing it is
    accepted with a note, anything else is a French usage error."""
    from carnet.cli.common import UsageError
    from carnet.dates import today
    from carnet.facilitation.newsletter import is_month
    from carnet.facilitation.review import typo
    from carnet.site.pages.common import MONTHS, french_date

    if is_month(value):
        return value
    month, name = read_month(value)
    if month:
        print("carnet : " + typo(f"mois compris : {french_date(month)} ({month})"), file=sys.stderr)
        return month
    if name:
        example = f"{today().year}-{MONTHS.index(name) + 1:02d}"
        problem = f"mois « {value} » sans année\n  aide : précisez-la, par exemple « carnet "
        problem += f"{command} {example} » pour {name} {today().year}"
    else:
        problem = (
            f"mois « {value} » invalide : attendu AAAA-MM (mois de 01 à 12)\n  aide : par exemple "
            f"« carnet {command} {today().strftime('%Y-%m')} »"
        )
    raise UsageError(typo(problem))


def _warn_if_empty(letter: Letter, month: str, day: date) -> None:
    """A letter with nothing to tell is written all the same (a network may want it), but the
    facilitator learns why before sending it: a month not begun yet, or a quiet one."""
    from carnet.facilitation.review import typo

    if letter.theme is not None or any(s.items for s in letter.sections[:-1]):
        return  # the last section, « À revérifier », is about today, not about the month
    if month > day.strftime("%Y-%m"):
        why = (
            f"{letter.month_label} n'a pas encore commencé : la lettre n'a rien à en dire "
            "(ni thème, ni nouveauté) ; préparez-la à la fin du mois"
        )
    else:
        why = (
            f"rien à annoncer pour {letter.month_label} : ni thème, ni contenu nouveau, modifié, "
            "confirmé ou résolu ce mois-là"
        )
    print("carnet : avertissement : " + typo(why), file=sys.stderr)


def cmd_lettre(args: argparse.Namespace) -> int:
    from carnet.cli.common import content_dir
    from carnet.dates import today
    from carnet.facilitation.newsletter import (
        DEFAULT_SITE_NAME,
        build_letter,
        load_site_config,
        render_letter_html,
        render_letter_markdown,
    )
    from carnet.facilitation.review import typo
    from carnet.model.history import load_history
    from carnet.model.month import read_month_changes

    month = _month(args.mois, "lettre")
    root = content_dir(args.content)
    corpus, config = _load(root, "la lettre"), load_site_config(root)
    site_url = _site_url(
        root, "les liens de la lettre ne mèneront nulle part une fois envoyée par courriel"
    )
    history = load_history(root)
    if history is None:
        print(
            "carnet : avertissement : "
            + typo(
                "pas d'historique git complet pour ce dossier : la lettre ne peut pas distinguer "
                "les fiches modifiées des fiches seulement revérifiées"
            ),
            file=sys.stderr,
        )
    name = (
        str(config["site_name"]) if isinstance(config.get("site_name"), str) else DEFAULT_SITE_NAME
    )
    letter = build_letter(
        corpus, month, today(), site_url, name, read_month_changes(history, corpus, month, today())
    )
    _warn_if_empty(letter, month, today())
    render = render_letter_html if args.format == "html" else render_letter_markdown
    return write_output(
        render(letter), args.sortie, "Lettre écrite", f"lettre-{month}.{EXTENSIONS[args.format]}"
    )


def cmd_pack(args: argparse.Namespace) -> int:
    from carnet.cli.common import UsageError, content_dir
    from carnet.dates import today
    from carnet.facilitation.pack import meeting_markdown, render_pack_html, render_pack_markdown
    from carnet.facilitation.review import as_list, typo
    from carnet.model.history import load_history
    from carnet.model.month import read_month_changes
    from carnet.site.pages.printing import build_pack
    from carnet.text import counted

    month = _month(args.mois, "pack")
    root = content_dir(args.content)
    corpus = _load(root, "le dossier de la rencontre")
    theme = next((t for t in corpus.of_kind("theme") if t.id == month and t.readable), None)
    path = root / "themes" / f"{month}.md"
    if theme is None and path.is_file():
        # it exists: « carnet nouveau theme » would refuse to create it again
        raise UsageError(
            typo(
                f"le thème de {month} ({path}) ne peut pas être lu\n  aide : « carnet check "
                f"{path} » dit pourquoi"
            )
        )
    if theme is None:
        known = ", ".join(sorted(t.id for t in corpus.of_kind("theme"))) or "aucun"
        elsewhere = "" if args.content == "content" else f" --content {args.content}"
        raise UsageError(
            typo(
                f"pas de thème pour {month} ({path})\n  aide : créez-le avec « carnet nouveau "
                f"theme {month}{elsewhere} » ; thèmes existants : {known}"
            )
        )
    selection = [str(i) for i in as_list(theme.get("selection"))]
    if selection and not isinstance(theme.get("selection"), list):
        # the pack's builder reads a list only: « selection: mot-de-passe » shows nothing
        print(
            "carnet : avertissement : "
            + typo(
                "la sélection du thème n'est pas une liste : le dossier ne contient aucun de ses "
                "contenus (carnet check dit comment l'écrire)"
            ),
            file=sys.stderr,
        )
    elif absent := [i for i in selection if i not in corpus.by_id]:
        cited = ", ".join(f"« {i} »" for i in absent)
        what = "qui n'existe pas" if len(absent) == 1 else "qui n'existent pas"
        print(
            "carnet : avertissement : "
            + typo(
                f"la sélection du thème cite {cited}, {what} : le dossier ne contient donc que "
                f"{counted(len(selection) - len(absent), 'contenu')} de la "
                "sélection (carnet check dit pourquoi)"
            ),
            file=sys.stderr,
        )
    site_url = _site_url(root, "les liens du dossier ne mènent pas au site")
    day = today()
    if args.format == "html":
        text = render_pack_html(corpus, theme, day, site_url)
    else:
        lived = min(day.strftime("%Y-%m"), month)
        pack = build_pack(
            theme, corpus, day, site_url, read_month_changes(load_history(root), corpus, lived, day)
        )
        text = render_pack_markdown(pack, meeting_markdown(theme, day, site_url))
    return write_output(
        text,
        args.sortie,
        "Dossier de la rencontre écrit",
        f"rencontre-{month}.{EXTENSIONS[args.format]}",
    )


def whole_number(unit: str) -> Callable[[str], int]:
    """An argparse type: a whole number, with a French error (argparse's own is English)."""

    def parse(value: str) -> int:
        try:
            return int(value.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"« {value} » n'est pas un nombre entier de {unit}"
            ) from None

    return parse


def same_as(aliases: dict[str, str]) -> Callable[[str], str]:
    """An argparse type for --format: `texte` and `text` both work, whichever the command lists
    (rapport says texte, revue and liens say text: a facilitator types either)."""
    return lambda value: aliases.get(value.strip().lower(), value.strip().lower())


def register(commands: argparse._SubParsersAction) -> None:
    """Add `revue`, `rapport`, `lettre` and `pack` to the CLI."""
    revue = commands.add_parser(
        "revue",
        help="liste les fiches et dysfonctionnements à revérifier",
        description="Liste les fiches et dysfonctionnements vérifiés il y a plus de 6 mois, du "
        "plus ancien au plus récent, avec leur fraîcheur, leurs auteurs et leur fichier.",
    )
    _content_option(revue)
    revue.add_argument(
        "--dans",
        type=whole_number("jours"),
        default=0,
        metavar="JOURS",
        help="ajoute ce qui sera à revérifier d'ici JOURS jours (0 par défaut : ce qui l'est déjà)",
    )
    revue.add_argument(
        "--par",
        choices=("administration", "auteur"),
        default=None,
        help="regroupe la liste par administration ou par auteur",
    )
    revue.add_argument(
        "--format",
        choices=("text", "markdown", "json", "csv"),
        type=same_as({"texte": "text"}),
        default="text",
        help="format de la liste (text par défaut ; csv pour un tableur)",
    )
    _output_option(revue)
    revue.set_defaults(run=cmd_revue)
    rapport = commands.add_parser(
        "rapport",
        help="rapport des dysfonctionnements en cours d'une administration",
        description="Rassemble les dysfonctionnements actifs ou contournés d'une administration "
        "(confirmations, territoires, dates, contournement) et son canal officiel de signalement, "
        "pour les lui transmettre.",
    )
    rapport.add_argument(
        "administration",
        metavar="ADMINISTRATION",
        help="l'administration : son identifiant, son nom ou l'un de ses autres noms, en "
        "majuscules ou minuscules (ex. : caf, CAF, « Caisse d'allocations familiales », "
        "pole-emploi)",
    )
    _content_option(rapport)
    rapport.add_argument(
        "--format",
        choices=("markdown", "csv", "texte"),
        type=same_as({"text": "texte"}),
        default="markdown",
        help="markdown (par défaut), csv pour un tableur, ou texte : un message par "
        "dysfonctionnement à coller dans le formulaire de l'administration",
    )
    rapport.add_argument(
        "--limite",
        type=whole_number("caractères"),
        default=None,
        metavar="CARACTÈRES",
        help="longueur maximale d'un message du formulaire (sinon, celle du référentiel s'il la "
        "connaît)",
    )
    _output_option(rapport)
    rapport.set_defaults(run=cmd_rapport)
    lettre = commands.add_parser(
        "lettre",
        help="prépare la lettre du mois",
        description="Prépare la lettre d'information du mois : thème et rencontre, nouvelles "
        "fiches, fiches mises à jour, dysfonctionnements constatés et résolus, contenus à "
        "revérifier.",
    )
    lettre.add_argument(
        "mois", metavar="AAAA-MM", help="le mois de la lettre (ex. : 2026-11 ou « novembre 2026 »)"
    )
    _content_option(lettre)
    lettre.add_argument(
        "--format",
        choices=("markdown", "html"),
        default="markdown",
        help="markdown (par défaut) ou html pour un envoi par courriel",
    )
    _output_option(lettre)
    lettre.set_defaults(run=cmd_lettre)
    pack = commands.add_parser(
        "pack",
        help="prépare le dossier de la rencontre du mois",
        description="Prépare le dossier de la rencontre d'un thème : l'éditorial, la rencontre et "
        "son invitation, chaque contenu de la sélection en entier, les nouveaux dysfonctionnements "
        "et confirmations du mois, et ce qui est à revérifier.",
    )
    pack.add_argument(
        "mois", metavar="AAAA-MM", help="le mois du thème (ex. : 2026-12 ou « décembre 2026 »)"
    )
    _content_option(pack)
    pack.add_argument(
        "--format",
        choices=("html", "markdown"),
        default="html",
        help="html (par défaut : un seul fichier à envoyer, imprimable en A4) ou markdown",
    )
    _output_option(pack)
    pack.set_defaults(run=cmd_pack)


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        default="content",
        metavar="DOSSIER",
        help="dossier des contenus (content par défaut)",
    )


def _output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sortie",
        default=None,
        metavar="FICHIER",
        help="fichier à créer (jamais écrasé) ; sinon, la sortie standard",
    )
