"""Facilitator commands: `revue` (what to check again), `rapport` (for an administration), `lettre` (monthly)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Builders are imported inside the commands: every `carnet` run registers these parsers, and
# `carnet check` on one file must not pay for Jinja2 or the page builders.


def _load(root: Path):
    """The corpus, saying on stderr how many files could not be read (the report leaves them out)."""
    from carnet.content import load_corpus

    corpus = load_corpus(root)
    skipped = sum(1 for doc in corpus.documents if not doc.readable)
    if skipped:
        print(f"carnet : avertissement : {skipped} fichier(s) illisible(s) laissé(s) de côté "
              "(carnet check les détaille)", file=sys.stderr)
    return corpus


def write_output(text: str, sortie: str | None, what: str) -> int:
    """Print to stdout, or create FICHIER: an existing file is never overwritten."""
    from carnet.cli import EXIT_FINDINGS, EXIT_OK
    from carnet.review import typo

    if sortie is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        with open(sortie, "x", encoding="utf-8", newline="") as handle:  # "x": never overwrite, even in a race
            handle.write(text)
    except FileExistsError:
        problem = (f"le fichier « {sortie} » existe déjà : il n'est jamais écrasé\n"
                   "  aide : choisissez un autre nom avec --sortie, ou supprimez d'abord l'ancien fichier")
    except FileNotFoundError:
        problem = f"impossible de créer « {sortie} » : son dossier n'existe pas"
    except PermissionError:
        problem = f"impossible de créer « {sortie} » : permission refusée"
    else:
        print(typo(f"{what} écrit dans {sortie}"))
        return EXIT_OK
    print("carnet : erreur : " + typo(problem), file=sys.stderr)
    return EXIT_FINDINGS


def cmd_revue(args: argparse.Namespace) -> int:
    from carnet.cli import EXIT_OK, content_dir, today
    from carnet.review import (build_review, render_review_json, render_review_markdown, render_review_text,
                               reviewed_count)

    corpus, day = _load(content_dir(args.content)), today()
    items, total = build_review(corpus, day), reviewed_count(corpus)
    renderers = {"text": lambda: render_review_text(items, total),
                 "markdown": lambda: render_review_markdown(items, total, day),
                 "json": lambda: render_review_json(items, total, day)}
    sys.stdout.write(renderers[args.format]())
    return EXIT_OK


def cmd_rapport(args: argparse.Namespace) -> int:
    from carnet.cli import UsageError, content_dir, today
    from carnet.report_admin import build_admin_report, render_report_csv, render_report_markdown, unknown_admin_message

    corpus = _load(content_dir(args.content))
    problem = unknown_admin_message(corpus.referentiels["administrations"], args.administration)
    if problem:
        raise UsageError(problem)
    report = build_admin_report(corpus, args.administration, today())
    render = render_report_csv if args.format == "csv" else render_report_markdown
    return write_output(render(report), args.sortie, "Rapport")


def cmd_lettre(args: argparse.Namespace) -> int:
    from carnet.cli import UsageError, content_dir, today
    from carnet.newsletter import (DEFAULT_SITE_NAME, build_letter, is_month, load_site_config, render_letter_html,
                                   render_letter_markdown, site_url_of)
    from carnet.review import typo

    if not is_month(args.mois):
        raise UsageError(typo(f"mois « {args.mois} » invalide : attendu AAAA-MM (mois de 01 à 12)\n"
                              f"  aide : par exemple « carnet lettre {today().strftime('%Y-%m')} »"))
    root = content_dir(args.content)
    corpus, config = _load(root), load_site_config(root)
    site_url = site_url_of(config)
    if not site_url:
        print("carnet : avertissement : " + typo("pas de site_url dans le mkdocs.yml voisin du dossier de contenu : "
                                                  "les liens de la lettre sont relatifs"), file=sys.stderr)
    name = config.get("site_name") if isinstance(config.get("site_name"), str) else DEFAULT_SITE_NAME
    letter = build_letter(corpus, args.mois, today(), site_url, name)
    render = render_letter_html if args.format == "html" else render_letter_markdown
    return write_output(render(letter), args.sortie, "Lettre")


def register(commands: argparse._SubParsersAction) -> None:
    """Add `revue`, `rapport` and `lettre` to the CLI."""
    revue = commands.add_parser("revue", help="liste les fiches et dysfonctionnements à revérifier",
                                description="Liste les fiches et dysfonctionnements vérifiés il y a plus de 6 mois, "
                                            "du plus ancien au plus récent, avec leur fraîcheur, leurs auteurs et leur fichier.")
    _content_option(revue)
    revue.add_argument("--format", choices=("text", "markdown", "json"), default="text", help="format de la liste (text par défaut)")
    revue.set_defaults(run=cmd_revue)
    rapport = commands.add_parser("rapport", help="rapport des dysfonctionnements en cours d'une administration",
                                  description="Rassemble les dysfonctionnements actifs ou contournés d'une administration "
                                              "(confirmations, territoires, dates, contournement) et son canal officiel "
                                              "de signalement, pour les lui transmettre.")
    rapport.add_argument("administration", metavar="ADMINISTRATION", help="identifiant de l'administration (ex. : caf)")
    _content_option(rapport)
    rapport.add_argument("--format", choices=("markdown", "csv"), default="markdown",
                         help="markdown (par défaut) ou csv pour un tableur")
    _output_option(rapport)
    rapport.set_defaults(run=cmd_rapport)
    lettre = commands.add_parser("lettre", help="prépare la lettre du mois",
                                 description="Prépare la lettre d'information du mois : thème et rencontre, nouvelles fiches, "
                                             "fiches mises à jour, dysfonctionnements constatés et résolus, contenus à revérifier.")
    lettre.add_argument("mois", metavar="AAAA-MM", help="le mois de la lettre (ex. : 2026-11)")
    _content_option(lettre)
    lettre.add_argument("--format", choices=("markdown", "html"), default="markdown",
                        help="markdown (par défaut) ou html pour un envoi par courriel")
    _output_option(lettre)
    lettre.set_defaults(run=cmd_lettre)


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", default="content", metavar="DOSSIER", help="dossier des contenus (content par défaut)")


def _output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sortie", default=None, metavar="FICHIER",
                        help="fichier à créer (jamais écrasé) ; sinon, la sortie standard")
