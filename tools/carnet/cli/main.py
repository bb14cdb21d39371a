"""The `carnet` command: parses arguments, runs a command, picks the output format, sets the exit
code.

Each group of commands is a module of this package with a `register(commands)`.
"""

from __future__ import annotations

import argparse
import difflib
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


def command_names(parser: FrenchParser) -> list[str]:
    """The commands `carnet` knows, in the order of its help."""
    for action in parser._subparsers._group_actions if parser._subparsers else []:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


def fix_command(parser: FrenchParser, argv: list[str]) -> list[str]:
    """`carnet Revue` runs `revue`; `carnet revu` stops with « vouliez-vous dire … ? » (argparse
    would list every command after « option COMMANDE »)."""
    typed = next((i for i, a in enumerate(argv) if not a.startswith("-")), None)
    names = command_names(parser)
    if typed is None or argv[typed] in names:
        return argv
    lowered = argv[typed].strip().lower()
    if lowered in names:
        return [*argv[:typed], lowered, *argv[typed + 1 :]]
    close = difflib.get_close_matches(lowered, names, n=1, cutoff=0.6)
    hint = f"vouliez-vous dire « carnet {close[0]} » ?" if close else ""
    parser.print_usage(sys.stderr)
    print(
        f"carnet : erreur : choix invalide : « {argv[typed]} » n'est pas une commande de carnet\n"
        "  aide : "
        + (hint + " (" if hint else "")
        + "carnet --help liste les commandes"
        + (")" if hint else ""),
        file=sys.stderr,
    )
    raise SystemExit(EXIT_USAGE)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(fix_command(parser, list(sys.argv[1:] if argv is None else argv)))
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
