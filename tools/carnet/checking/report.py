"""`carnet check`'s report: the summary and counts around the findings, for `carnet.reporting`."""

from __future__ import annotations

import dataclasses
import re

from carnet.checking.check import CheckResult
from carnet.findings import Finding
from carnet.reporting import Report, github, text
from carnet.text import counted

# A file name may hold what a terminal or a CI log obeys: an escape sequence recolours or clears
# the screen, a line break starts a line of its own (a forged « ::error » annotation in a workflow's
# log). Content is refused when it holds these; names and quoted values are shown escaped.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(finding: Finding) -> Finding:
    """The finding with every control character of its path, message and hint written as \\xNN."""
    parts = (finding.path, finding.message, finding.hint)
    if not any(UNPRINTABLE.search(part) for part in parts):
        return finding
    path, message, hint = (
        UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), part)
        for part in parts
    )
    return dataclasses.replace(finding, path=path, message=message, hint=hint)


def summary(result: CheckResult) -> str:
    """« 2 erreurs, 1 avertissement dans 143 fichiers »."""
    return (
        f"{counted(result.errors, 'erreur')}, {counted(result.warnings, 'avertissement')} dans "
        f"{counted(result.files, 'fichier')}"
    )


def check_report(result: CheckResult) -> Report:
    """The findings, the summary after them, and the counts in JSON."""
    return Report(
        [printable(f) for f in result.findings],
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
