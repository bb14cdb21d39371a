"""What every command shares: the French argument parser, exit codes, usage errors, folders."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in the command line: exit code 2 and a French message."""


class FrenchParser(argparse.ArgumentParser):
    """argparse with French usage errors and exit code 2."""

    def error(self, message: str) -> NoReturn:
        for english, french in _ARGPARSE_FR:
            message = message.replace(english, french)
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_USAGE,
            f"carnet : erreur : {message}\n  aide : carnet --help liste les commandes et leurs "
            f"options\n",
        )

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "utilisation :")

    def format_help(self) -> str:
        return (
            super()
            .format_help()
            .replace("usage:", "utilisation :")
            .replace("positional arguments:", "arguments :")
            .replace("options:", "options :")
            .replace("show this help message and exit", "affiche cette aide")
        )


_ARGPARSE_FR = [
    ("unrecognized arguments:", "arguments inconnus :"),
    ("the following arguments are required:", "arguments obligatoires manquants :"),
    ("invalid choice:", "choix invalide :"),
    ("choose from", "choix possibles :"),
    ("expected one argument", "une valeur est attendue"),
    ("argument ", "option "),
]


def content_dir(value: str) -> Path:
    """The content folder, which must exist."""
    path = Path(value)
    if not path.is_dir():
        raise UsageError(
            f"dossier de contenu introuvable : {value} (indiquez-le avec --content DOSSIER)"
        )
    return path
