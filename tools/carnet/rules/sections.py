"""Expected body sections: a missing one is a warning, a missing workaround an error."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from carnet.content import Corpus, Document
from carnet.findings import Finding, error, warning
from carnet.rules import Context

EXPECTED = {
    "fiche": ("Situation", "Étapes", "Points de vigilance"),
    "dysfonctionnement": ("Symptômes", "Contournement"),
}
HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")
NUMBERED = re.compile(r"^\s{0,3}\d+[.)]\s")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def fold(text: str) -> str:
    """Lowercase without accents, so that « Etapes » matches « Étapes »."""
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


def sections(doc: Document) -> dict[str, list[tuple[int, str]]]:
    """Level-2 headings (folded) → the lines under them, code blocks skipped."""
    found: dict[str, list[tuple[int, str]]] = {}
    current: list[tuple[int, str]] | None = None
    fenced = False
    for number, text in doc.body_lines():
        if FENCE.match(text):
            fenced = not fenced
        match = None if fenced else HEADING.match(text)
        if match:
            current = found.setdefault(fold(match.group(1)), [])
        elif current is not None:
            current.append((number, text))
    return found


def check(corpus: Corpus, context: Context) -> Iterator[Finding]:
    for doc in corpus.targets():
        if doc.readable and doc.kind in EXPECTED:
            yield from _check_doc(doc)


def _check_doc(doc: Document) -> Iterator[Finding]:
    found = sections(doc)
    for title in EXPECTED[doc.kind]:
        if fold(title) in found:
            continue
        if title == "Contournement" and doc.get("statut") == "contourne":
            yield error(doc.rel, doc.body_line, "contournement-absent",
                        "statut « contourne » mais aucune section « ## Contournement »",
                        "décrivez le contournement sous un titre « ## Contournement »")
        else:
            yield warning(doc.rel, doc.body_line, "section-manquante", f"section « ## {title} » absente",
                          f"ajoutez un titre « ## {title} » et son texte")
    steps = found.get(fold("Étapes"))
    if steps is not None and not any(NUMBERED.match(text) for _, text in steps):
        line = steps[0][0] - 1 if steps else doc.body_line
        yield warning(doc.rel, line, "etapes-non-numerotees", "la section « ## Étapes » n'a pas de liste numérotée",
                      "écrivez les étapes sous la forme « 1. … », « 2. … »")
