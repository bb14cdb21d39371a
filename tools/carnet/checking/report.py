"""Formatting findings as text, JSON or GitHub workflow annotations."""

from __future__ import annotations

import json

from carnet.checking.check import CheckResult
from carnet.findings import Finding


def plural(count: int, word: str) -> str:
    """French plural: 0 and 1 are singular."""
    return f"{count} {word}{'s' if count > 1 else ''}"


def summary(result: CheckResult) -> str:
    """« 2 erreurs, 1 avertissement dans 143 fichiers »."""
    return (
        f"{plural(result.errors, 'erreur')}, {plural(result.warnings, 'avertissement')} "
        f"dans {plural(result.files, 'fichier')}"
    )


def render_text(result: CheckResult) -> str:
    """One finding per line, then its hint, then the summary."""
    lines = []
    for f in result.findings:
        lines.append(f"{f.path}:{f.line}:{f.col}: {f.severity} [{f.code}] {f.message}")
        if f.hint:
            lines.append(f"  aide : {f.hint}")
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def render_json(result: CheckResult) -> str:
    """A stable JSON document: the findings in order, and the counts."""
    data = {
        "constats": [f.as_dict() for f in result.findings],
        "erreurs": result.errors,
        "avertissements": result.warnings,
        "fichiers": result.files,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def escape_data(text: str) -> str:
    """GitHub's escaping for an annotation's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """GitHub's escaping for an annotation's properties (file, title…)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    """`::error file=…,line=…,col=…,title=…::message` for one finding."""
    level = "error" if f.is_error else "warning"
    message = f.message + (f"\naide : {f.hint}" if f.hint else "")
    props = f"file={escape_property(f.path)},line={f.line},col={f.col},title={escape_property(f'[{f.code}]')}"
    return f"::{level} {props}::{escape_data(message)}"


def render_github(result: CheckResult) -> str:
    """Annotations (GitHub shows the first ten per step), then the text report for the log."""
    lines = [annotation(f) for f in result.findings]
    return "\n".join(lines + [render_text(result).rstrip("\n")]) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "github": render_github}
