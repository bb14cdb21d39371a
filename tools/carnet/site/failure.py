"""MkDocs' closing words when a build fails, said in French (for `carnet build` and the preview)."""

from __future__ import annotations


def french_failure(message: str) -> str:
    """MkDocs' closing words, said in French."""
    if message.startswith("Aborted with") and "strict" in message:
        return "la construction a échoué en mode strict (liens cassés ou avertissements ci-dessus)"
    if not message or message.startswith("Aborted"):
        return "la construction a échoué (voir les messages ci-dessus)"
    return message
