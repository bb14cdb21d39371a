"""`carnet check`'s report: the summary and counts around the findings, for `carnet.reporting`."""

from __future__ import annotations

from carnet.checking.check import CheckResult
from carnet.reporting import Report, github, text
from carnet.text import counted


def summary(result: CheckResult) -> str:
    """« 2 erreurs, 1 avertissement dans 143 fichiers »."""
    return (
        f"{counted(result.errors, 'erreur')}, {counted(result.warnings, 'avertissement')} dans "
        f"{counted(result.files, 'fichier')}"
    )


def check_report(result: CheckResult) -> Report:
    """The findings, the summary after them, and the counts in JSON."""
    return Report(
        result.findings,
        closing=[summary(result)],
        totals={
            "erreurs": result.errors,
            "avertissements": result.warnings,
            "fichiers": result.files,
        },
    )


def render_text(result: CheckResult) -> str:
    """One finding per line, then its hint, then the summary (the tests' cases compare this)."""
    return text(check_report(result))


def render_github(result: CheckResult) -> str:
    """Annotations, then the text report for the log."""
    return github(check_report(result))
