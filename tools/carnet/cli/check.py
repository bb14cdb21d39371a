"""`carnet check`: every content file against the schemas, référentiels and rules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from carnet.cli.common import EXIT_FINDINGS, EXIT_OK, UsageError, content_dir
from carnet.dates import today


def cmd_check(args: argparse.Namespace) -> int:
    from carnet.checking.check import run_check
    from carnet.checking.report import check_report
    from carnet.reporting import render

    root = content_dir(args.content)
    for path in args.paths:
        if not Path(path).exists():
            raise UsageError(f"chemin introuvable : {path}")
    result = run_check(root, today(), [Path(p) for p in args.paths])
    sys.stdout.write(render(args.format, check_report(result)))
    return EXIT_FINDINGS if result.errors else EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add `carnet check`."""
    check = commands.add_parser(
        "check",
        help="vérifie les contenus (schémas, références, données personnelles)",
        description="Vérifie tout content/ ; avec des CHEMINS, ne rend compte que de ceux-ci.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="CHEMIN",
        help="fichiers ou dossiers à signaler (tous par défaut)",
    )
    check.add_argument(
        "--content",
        default="content",
        metavar="DOSSIER",
        help="dossier des contenus (content par défaut)",
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "github", "markdown", "csv"),
        default="text",
        help="format du rapport (github : annotations des workflows ; csv : pour un tableur)",
    )
    check.set_defaults(run=cmd_check)
