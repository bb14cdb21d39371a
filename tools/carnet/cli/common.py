"""What every command shares: the French argument parser, exit codes, usage errors, folders."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in the command line: exit code 2 and a French message."""


class FrenchParser(argparse.ArgumentParser):
    """argparse with French usage errors and exit code 2.

    Options are never abbreviated: `--sorti` is a mistake to point out, not `--sortie`.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_USAGE,
            f"carnet : erreur : {french_usage(message)}\n  aide : carnet --help liste les "
            f"commandes et leurs options\n",
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


def _quoted(values: str) -> str:
    """argparse's 'a', 'b' (or a, b: Python 3.12.8 and later) as « a », « b »."""
    found = re.findall(r"'((?:[^'\\]|\\.)*)'", values) or [v.strip() for v in values.split(",")]
    return ", ".join(f"« {v} »" for v in found)


# argparse's English messages (Python 3.11 to 3.13), said in French with French quotes and spaces.
_ARGPARSE_FR: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"^argument (\S+?): (.*)$"),
        lambda m: f"option {m.group(1)}\u00a0: {french_usage(m.group(2))}",
    ),
    (
        re.compile(r"invalid choice: '(.*?)' \(choose from (.*)\)$"),
        lambda m: f"choix invalide « {m.group(1)} » (choix possibles\u00a0: {_quoted(m.group(2))})",
    ),
    (
        re.compile(r"invalid (\w+) value: '(.*)'$"),
        lambda m: f"« {m.group(2)} » n'est pas une valeur possible",
    ),
    (re.compile(r"expected one argument$"), lambda m: "une valeur est attendue"),
    (
        re.compile(r"^unrecognized arguments: (.*)$"),
        lambda m: f"arguments inconnus\u00a0: {m.group(1)}",
    ),
    (
        re.compile(r"^the following arguments are required: (.*)$"),
        lambda m: f"arguments obligatoires manquants\u00a0: {m.group(1)}",
    ),
]


def french_usage(message: str) -> str:
    """One of argparse's usage errors in French; a message already in French is kept."""
    for pattern, say in _ARGPARSE_FR:
        match = pattern.search(message)
        if match:
            return say(match)
    return message


def content_dir(value: str) -> Path:
    """The content folder, which must exist."""
    path = Path(value)
    if not path.is_dir():
        raise UsageError(
            f"dossier de contenu introuvable : {value} (indiquez-le avec --content DOSSIER)"
        )
    return path
