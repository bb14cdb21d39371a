"""`carnet liens`: check every external link of the content, and report as text, Markdown or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from carnet.facilitation.links import DEAD, DOUBTFUL, MOVED, Problem, describe, replacement

DEFAULT_CACHE = ".cache/carnet-liens.json"


@dataclass(frozen=True)
class LinksReport:
    """The problems found, and what was looked at: links, distinct addresses, files, cache reuses."""

    problems: list[Problem]
    links: int
    addresses: int
    files: int
    from_cache: int

    def count(self, state: str) -> int:
        return sum(p.state == state for p in self.problems)


def counted(count: int, singular: str, plural: str) -> str:
    """French plural: 0 and 1 are singular."""
    return f"{count} {singular if count <= 1 else plural}"


def summary(report: LinksReport) -> str:
    """« 1 lien mort, 2 redirections permanentes, 0 lien à vérifier parmi 40 liens (35 adresses) dans 12 fichiers »."""
    text = (
        f"{counted(report.count(DEAD), 'lien mort', 'liens morts')}, "
        f"{counted(report.count(MOVED), 'redirection permanente', 'redirections permanentes')}, "
        f"{counted(report.count(DOUBTFUL), 'lien', 'liens')} à vérifier parmi "
        f"{counted(report.links, 'lien', 'liens')} ({counted(report.addresses, 'adresse', 'adresses')}) "
        f"dans {counted(report.files, 'fichier', 'fichiers')}"
    )
    if report.from_cache:
        text += (
            f", dont {counted(report.from_cache, 'adresse reprise', 'adresses reprises')} du cache"
        )
    return text


def render_text(report: LinksReport, today: date) -> str:
    """Like `carnet check`: one finding per line, its hint, then the summary."""
    lines = []
    for problem in report.problems:
        f = problem.finding()
        lines.append(f"{f.path}:{f.line}:{f.col}: {f.severity} [{f.code}] {f.message}")
        if f.hint:
            lines.append(f"  aide : {f.hint}")
    return "\n".join(lines + [summary(report)]) + "\n"


def cell(text: str) -> str:
    """Text safe in a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


STATE_LABEL = {DEAD: "lien mort", MOVED: "redirection permanente", DOUBTFUL: "à vérifier"}


def render_markdown(report: LinksReport, today: date) -> str:
    """A GitHub issue body: the summary, then a table per file."""
    out = [f"Vérification du {today:%d/%m/%Y} : {summary(report)}.", ""]
    if not report.problems:
        out += ["Aucun lien mort ni redirigé : rien à corriger.", ""]
    by_file: dict[str, list[Problem]] = {}
    for problem in report.problems:
        by_file.setdefault(problem.link.path, []).append(problem)
    for path, problems in by_file.items():
        out += [
            f"### `{path}`",
            "",
            "| Ligne | Problème | Lien | À faire |",
            "| ---: | --- | --- | --- |",
        ]
        for problem in problems:
            reason = describe(problem.outcome)
            what = f"{STATE_LABEL[problem.state]}{' ' if problem.state == MOVED else ' : '}{reason}"
            out.append(
                f"| {problem.link.line} | {cell(what)} | {cell(problem.link.url)} | {cell(problem.finding().hint)} |"
            )
        out.append("")
    out.append(
        "Rapport de `carnet liens` ; pour vérifier à nouveau sur votre ordinateur : `.venv/bin/carnet liens`."
    )
    return "\n".join(out) + "\n"


def render_json(report: LinksReport, today: date) -> str:
    """A stable document: each problem as `carnet check` writes a finding, plus the link's details."""
    constats = [
        problem.finding().as_dict()
        | {
            "url": problem.link.url,
            "etat": problem.state,
            "statut": problem.outcome.status,
            "erreur": problem.outcome.error,
            "nouvelle_adresse": replacement(problem.link.url, problem.outcome.location)
            if problem.state == MOVED
            else "",
        }
        for problem in report.problems
    ]
    data = {
        "date": today.isoformat(),
        "constats": constats,
        "liens_morts": report.count(DEAD),
        "redirections": report.count(MOVED),
        "a_verifier": report.count(DOUBTFUL),
        "liens": report.links,
        "adresses": report.addresses,
        "fichiers": report.files,
        "depuis_le_cache": report.from_cache,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[LinksReport, date], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}


def warn(message: str) -> None:
    print(f"carnet : avertissement : {message}", file=sys.stderr)


def cmd_liens(args: argparse.Namespace) -> int:
    from carnet.cli.common import EXIT_FINDINGS, EXIT_OK, content_dir
    from carnet.dates import today
    from carnet.facilitation.link_check import (
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
    outcomes, reused = check_links(addresses, settings, cache, progress_on(sys.stderr))
    if cache_path:
        save_cache(cache_path, outcomes, warn)
    report = LinksReport(
        find_problems(links, outcomes),
        len(links),
        len(addresses),
        len(corpus.targets()) + len(corpus.referentiel_files),
        reused,
    )
    sys.stdout.write(RENDERERS[args.format](report, today()))
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
    liens = commands.add_parser(
        "liens",
        help="vérifie les liens externes des contenus (liens morts, redirections)",
        description="Vérifie chaque lien externe (en-têtes, corps des textes, référentiels) : liens morts "
        "(404, 410, 5xx, pas de réponse) en erreur, redirections permanentes (301, 308) en "
        "avertissement avec la nouvelle adresse. Code de sortie 1 s'il y a un lien mort.",
    )
    liens.add_argument(
        "--content",
        default="content",
        metavar="DOSSIER",
        help="dossier des contenus (content par défaut)",
    )
    liens.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="format du rapport (markdown : pour un ticket GitHub)",
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
