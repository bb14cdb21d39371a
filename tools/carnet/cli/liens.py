"""`carnet liens`: check every external link of the content; report as text, Markdown, JSON…"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from carnet.facilitation.links import DEAD, DOUBTFUL, MOVED, Outcome, describe
from carnet.facilitation.review import typo
from carnet.findings import Finding
from carnet.reporting import Markdown, Report, by_file, render, table_cell
from carnet.text import counted

DEFAULT_CACHE = ".cache/carnet-liens.json"


@dataclass(frozen=True)
class LinksReport:
    """The problems found, and what was looked at: links, distinct addresses, files, cache
    reuses."""

    problems: list[Finding]
    links: int
    addresses: int
    files: int
    from_cache: int

    def count(self, state: str) -> int:
        return sum(p.details["etat"] == state for p in self.problems)


def summary(report: LinksReport) -> str:
    """« 1 lien mort, 2 redirections permanentes, 0 lien à vérifier parmi 40 liens (35 adresses)
    dans 12 fichiers ».
    """
    text = (
        f"{counted(report.count(DEAD), 'lien mort', 'liens morts')}, "
        f"{counted(report.count(MOVED), 'redirection permanente', 'redirections permanentes')}, "
        f"{counted(report.count(DOUBTFUL), 'lien', 'liens')} à vérifier parmi "
        f"{counted(report.links, 'lien', 'liens')} "
        f"({counted(report.addresses, 'adresse', 'adresses')}) dans "
        f"{counted(report.files, 'fichier', 'fichiers')}"
    )
    if report.from_cache:
        text += (
            f", dont {counted(report.from_cache, 'adresse reprise', 'adresses reprises')} du cache"
        )
    return text


STATE_LABEL = {DEAD: "lien mort", MOVED: "redirection permanente", DOUBTFUL: "à vérifier"}


def markdown_row(f: Finding) -> list[str]:
    """Line, what is wrong (« lien mort : page introuvable (404) »), the link, what to do."""
    state = str(f.details["etat"])
    status = f.details["statut"]
    reason = describe(
        Outcome(status if isinstance(status, int) else None, error=str(f.details["erreur"]))
    )
    what = f"{STATE_LABEL[state]}{' ' if state == MOVED else ' : '}{reason}"
    return [str(f.line), table_cell(what), table_cell(str(f.details["url"])), table_cell(f.hint)]


def links_report(report: LinksReport, today: date) -> Report:
    """The problems like `carnet check` findings with the summary after them; for Markdown (a GitHub
    issue body) a table per file; for JSON the date first, each link's details and the counts."""
    none = ["Aucun lien mort ni redirigé : rien à corriger.", ""] if not report.problems else []
    return Report(
        report.problems,
        closing=[summary(report)],
        header={"date": today.isoformat()},
        totals={
            "liens_morts": report.count(DEAD),
            "redirections": report.count(MOVED),
            "a_verifier": report.count(DOUBTFUL),
            "liens": report.links,
            "adresses": report.addresses,
            "fichiers": report.files,
            "depuis_le_cache": report.from_cache,
        },
        markdown=Markdown(
            opening=[f"Vérification du {today:%d/%m/%Y} : {summary(report)}.", "", *none],
            tables=by_file(report.problems),
            columns=[("Ligne", "---:"), ("Problème", "---"), ("Lien", "---"), ("À faire", "---")],
            row=markdown_row,
            closing=[
                "Rapport de `carnet liens` ; pour vérifier à nouveau sur votre ordinateur : "
                "`.venv/bin/carnet liens`."
            ],
        ),
    )


def offline_message(sites: int) -> str:
    """Why nothing was checked, and what to do."""
    return typo(
        f"carnet : erreur : aucun des {sites} sites interrogés n'a répondu (nom de domaine "
        "introuvable ou connexion impossible) : cet ordinateur n'est sans doute pas "
        "connecté à internet. Aucun lien n'a été vérifié, aucun n'est déclaré mort.\n"
        "  aide : vérifiez la connexion (wifi, câble, proxy), puis relancez « carnet liens »"
    )


def warn(message: str) -> None:
    print(f"carnet : avertissement : {message}", file=sys.stderr)


def cmd_liens(args: argparse.Namespace) -> int:
    from carnet.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, content_dir
    from carnet.dates import today
    from carnet.facilitation.link_check import (
        Offline,
        Settings,
        check_links,
        load_cache,
        progress_on,
        save_cache,
    )
    from carnet.facilitation.links import address, collect_links, find_problems
    from carnet.model.content import load_corpus

    corpus = load_corpus(content_dir(args.content))
    links = collect_links(corpus)
    addresses = list(dict.fromkeys(address(link.url) for link in links))
    cache_path = None if args.sans_cache else Path(args.cache)
    cache = load_cache(cache_path, warn) if cache_path else {}
    settings = Settings(timeout=args.delai, per_host=args.par_site, cache_hours=args.cache_heures)
    try:
        outcomes, reused = check_links(addresses, settings, cache, progress_on(sys.stderr))
    except Offline as exc:
        # Exit 2, not 1: nothing is known of the links, and the weekly workflow must not file
        # every one of them as dead; the cache keeps the last real answers.
        print(offline_message(exc.sites), file=sys.stderr)
        return EXIT_USAGE
    if cache_path:
        save_cache(cache_path, outcomes, warn)
    report = LinksReport(
        find_problems(links, outcomes),
        len(links),
        len(addresses),
        len(corpus.targets()) + len(corpus.referentiel_files),
        reused,
    )
    sys.stdout.write(render(args.format, links_report(report, today())))
    failed = report.count(DEAD) or (args.strict and report.problems)
    return EXIT_FINDINGS if failed else EXIT_OK


def positive(unit: str) -> Callable[[str], float]:
    """An argparse type: a positive number, French decimal comma accepted, with a French error."""

    def parse(value: str) -> float:
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            number = 0.0
        if not number > 0:
            raise argparse.ArgumentTypeError(f"« {value} » n'est pas un nombre de {unit} positif")
        return number

    return parse


def whole(value: str) -> int:
    """An argparse type: a whole number ≥ 1."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"« {value} » n'est pas un nombre entier positif")
    return int(value)


def register(commands: argparse._SubParsersAction) -> None:
    """Add `carnet liens` to the CLI."""
    from carnet.cli.animation import same_as

    liens = commands.add_parser(
        "liens",
        help="vérifie les liens externes des contenus (liens morts, redirections)",
        description="Vérifie chaque lien externe (en-têtes, corps des textes, référentiels) : "
        "liens morts (404, 410, 5xx, pas de réponse) en erreur, redirections permanentes (301, "
        "308) en avertissement avec la nouvelle adresse. Code de sortie 1 s'il y a un lien mort ; "
        "sans connexion à internet, le dit et s'arrête (code 2) sans déclarer aucun lien mort.",
    )
    liens.add_argument(
        "--content",
        default="content",
        metavar="DOSSIER",
        help="dossier des contenus (content par défaut)",
    )
    liens.add_argument(
        "--format",
        choices=("text", "markdown", "json", "github", "csv"),
        type=same_as({"texte": "text"}),
        default="text",
        help="format du rapport (markdown : pour un ticket GitHub ; csv : pour un tableur)",
    )
    liens.add_argument(
        "--cache",
        default=DEFAULT_CACHE,
        metavar="FICHIER",
        help=f"fichier où garder les résultats datés ({DEFAULT_CACHE} par défaut)",
    )
    liens.add_argument(
        "--cache-heures",
        type=positive("heures"),
        default=24.0,
        metavar="HEURES",
        help="un lien valide vérifié depuis moins de HEURES n'est pas revérifié (24 par défaut)",
    )
    liens.add_argument(
        "--sans-cache", action="store_true", help="revérifie tout, sans lire ni écrire le cache"
    )
    liens.add_argument(
        "--delai",
        type=positive("secondes"),
        default=10.0,
        metavar="SECONDES",
        help="attente maximale d'une réponse, par requête (10 par défaut)",
    )
    liens.add_argument(
        "--par-site",
        type=whole,
        default=2,
        metavar="N",
        help="requêtes simultanées au plus vers un même site, par politesse (2 par défaut)",
    )
    liens.add_argument(
        "--strict",
        action="store_true",
        help="code de sortie 1 aussi pour les redirections et les liens à vérifier",
    )
    liens.set_defaults(run=cmd_liens)
