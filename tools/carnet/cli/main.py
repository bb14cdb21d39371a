"""The `carnet` command: parses arguments, runs a command, picks the output format, sets the exit
code.

Each group of commands is a module of this package with a `register(commands)`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from carnet.cli.common import EXIT_USAGE, FrenchParser, UsageError
from carnet.dates import TodayError

COMMANDS = (
    "carnet.cli.check",
    "carnet.cli.animation",
    "carnet.cli.liens",
    "carnet.cli.contribution",
    "carnet.cli.nouveau",
    "carnet.cli.site",
    "carnet.cli.generer",
)


def build_parser() -> FrenchParser:
    parser = FrenchParser(
        prog="carnet",
        description="Carnet de terrain : vérifier, construire et faire vivre le carnet.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=FrenchParser)
    for module in COMMANDS:
        import_module(module).register(commands)
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
    except (UsageError, TodayError) as exc:
        print(f"carnet : erreur : {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("carnet : interrompu", file=sys.stderr)
        return 130
