"""Finding: one problem found in one file, as a value that reporters format."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    hint: str = field(default="", compare=False)
    severity: str = field(default=ERREUR, compare=False)

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
