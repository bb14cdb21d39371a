"""The `carnet` command: parses arguments, runs a command, picks the output format, sets the exit code."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import Callable, NoReturn, Sequence

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in the command line: exit code 2 and a French message."""


class FrenchParser(argparse.ArgumentParser):
    """argparse with French usage errors and exit code 2."""

    def error(self, message: str) -> NoReturn:
        for english, french in _ARGPARSE_FR:
            message = message.replace(english, french)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"carnet : erreur : {message}\n  aide : carnet --help liste les commandes et leurs options\n")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "utilisation :")

    def format_help(self) -> str:
        return (super().format_help().replace("usage:", "utilisation :")
                .replace("positional arguments:", "arguments :").replace("options:", "options :")
                .replace("show this help message and exit", "affiche cette aide"))


_ARGPARSE_FR = [
    ("unrecognized arguments:", "arguments inconnus :"),
    ("the following arguments are required:", "arguments obligatoires manquants :"),
    ("invalid choice:", "choix invalide :"),
    ("choose from", "choix possibles :"),
    ("expected one argument", "une valeur est attendue"),
    ("argument ", "option "),
]


def today() -> date:
    """Today, or the date in CARNET_AUJOURDHUI (reproducible runs and tests)."""
    forced = os.environ.get("CARNET_AUJOURDHUI")
    if not forced:
        return date.today()
    try:
        return date.fromisoformat(forced)
    except ValueError:
        raise UsageError(f"CARNET_AUJOURDHUI « {forced} » n'est pas une date AAAA-MM-JJ") from None


def content_dir(value: str) -> Path:
    """The content folder, which must exist."""
    path = Path(value)
    if not path.is_dir():
        raise UsageError(f"dossier de contenu introuvable : {value} (indiquez-le avec --content DOSSIER)")
    return path


def cmd_check(args: argparse.Namespace) -> int:
    from carnet.check import run_check
    from carnet.report import RENDERERS

    root = content_dir(args.content)
    for path in args.paths:
        if not Path(path).exists():
            raise UsageError(f"chemin introuvable : {path}")
    result = run_check(root, today(), [Path(p) for p in args.paths])
    sys.stdout.write(RENDERERS[args.format](result))
    return EXIT_FINDINGS if result.errors else EXIT_OK


def build_parser() -> FrenchParser:
    parser = FrenchParser(prog="carnet", description="Carnet de terrain : vérifier, construire et faire vivre le carnet.")
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=FrenchParser)
    check = commands.add_parser("check", help="vérifie les contenus (schémas, références, données personnelles)",
                                description="Vérifie tout content/ ; avec des CHEMINS, ne rend compte que de ceux-ci.")
    check.add_argument("paths", nargs="*", metavar="CHEMIN", help="fichiers ou dossiers à signaler (tous par défaut)")
    check.add_argument("--content", default="content", metavar="DOSSIER", help="dossier des contenus (content par défaut)")
    check.add_argument("--format", choices=("text", "json", "github"), default="text", help="format du rapport")
    check.set_defaults(run=cmd_check)
    from carnet.commands import register

    register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return run(args)
    except UsageError as exc:
        print(f"carnet : erreur : {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("carnet : interrompu", file=sys.stderr)
        return 130
