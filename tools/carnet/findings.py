"""Finding: the one problem type of every command, as a value that reporters format.

`carnet check` finds problems at path:line:col; the link checker adds the link's details (`url`,
`etat`, `statut`…) that its JSON shows; the importer speaks of form fields (`field`, the label
people see) and of lines of a sent file, without a path.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

ERREUR = "erreur"
AVERTISSEMENT = "avertissement"


@dataclass(frozen=True, order=True)
class Finding:
    """A problem at path:line:col; `code` is stable, `message` and `hint` are French."""

    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str = dataclasses.field(default="", compare=False)
    severity: str = dataclasses.field(default=ERREUR, compare=False)
    field: str = ""  # the form field a contribution's problem is about, as labelled for people
    details: Mapping[str, object] = dataclasses.field(default_factory=dict, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERREUR

    def as_dict(self) -> dict:
        return {
            "chemin": self.path,
            "ligne": self.line,
            "colonne": self.col,
            "gravite": self.severity,
            "code": self.code,
            "message": self.message,
            "aide": self.hint,
        }


def error(path: str, line: int, code: str, message: str, hint: str = "", col: int = 1) -> Finding:
    """Build an error finding."""
    return Finding(path, line, col, code, message, hint, ERREUR)


def warning(path: str, line: int, code: str, message: str, hint: str = "", col: int = 1) -> Finding:
    """Build a warning finding."""
    return Finding(path, line, col, code, message, hint, AVERTISSEMENT)


def about_field(
    label: str,
    code: str,
    message: str,
    hint: str = "",
    line: int | None = None,
    severity: str = ERREUR,
) -> Finding:
    """A problem about a form field (« Titre »), at a line of the sent file when there was one."""
    return Finding("", line or 0, 0, code, message, hint, severity, label)
