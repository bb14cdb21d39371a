"""Expected body sections: a missing one is a warning, a missing workaround an error; a story, a
theme or a page without any text is a warning."""

from __future__ import annotations

import re
from collections.abc import Iterator

from carnet.checking.rules.context import Context
from carnet.findings import Finding, error, warning
from carnet.model.content import Corpus, Document
from carnet.text import fold

EXPECTED = {
    "fiche": ("Situation", "Étapes", "Points de vigilance"),
    "dysfonctionnement": ("Symptômes", "Contournement"),
}
# One pass over the body finds code fences and level-2 headings together, as Python-Markdown reads
# them: « ## » needs no space after it (« ##Situation » is a heading on the page) and the heading
# ends at its line; a paragraph's first line underlined with « --- » (as pandoc and word processors
# export) is a level-2 heading too.
MARKERS = re.compile(
    r"^(?:\s{0,3}(```|~~~)|##(?!#)([^\n]*)"
    r"|(?:(?<=\n\n)|(?<=\A\n)|\A)(?![ \t]*(?:[-*+>#]|\d+[.)]|$))([^\n]+)\n-+[ \t]*)$",
    re.M,
)
# The heading's text is trimmed in Python, not by the pattern: two runs of optional spaces around
# « #* » made the search cubic (a heading followed by 2,000 spaces took 10 s).
# « ## Étapes : » is the steps' section as the page shows it: French typography adds the colon.
TRAILING_COLON = " \t\u00a0\u202f:"
# LibreOffice's Markdown export ends headings with « <br> », Google Docs' writes « ## **Étapes** »
# and escapes (« \\: »): the page shows the heading's words.
TAG = re.compile(r"<[^<>]*>|[*`]+|(?<!\w)_+|_+(?!\w)|\\(?=[^\w\s])")
NUMBERED = re.compile(r"^\s{0,3}\d+[.)]\s", re.M)


def sections(doc: Document) -> dict[str, tuple[int, str]]:
    """Level-2 headings (folded) → (line of the heading, text under it), code blocks skipped."""
    found: dict[str, tuple[int, str]] = {}
    fenced, current, start = False, None, 0
    line, counted_to = doc.body_line, 0  # lines counted from the previous heading: linear
    for m in MARKERS.finditer(doc.body):
        if m.group(1) and not m.group(0).lstrip().startswith("##"):
            fenced = not fenced
            continue
        heading = m.group(3) if m.group(2) is None else m.group(2).strip().rstrip("#")
        if fenced or heading is None:
            continue
        if current:
            found.setdefault(current[0], (current[1], doc.body[start : m.start()]))
        title = fold(TAG.sub("", heading)).strip().rstrip(TRAILING_COLON)
        line += doc.body.count("\n", counted_to, m.start())
        counted_to = m.start()
        current = (title, line)
        start = m.end()
    if current:
        found.setdefault(current[0], (current[1], doc.body[start:]))
    return found


SPACES = re.compile(r"\s*")
# What the text under the front matter is, for the kinds without expected sections: a file of
# front matter alone publishes a page with a title and nothing to read.
BODY_TEXT = {
    "anecdote": "racontez ce qui s'est passé",
    "theme": "écrivez l'éditorial du mois",
    "page": "écrivez le texte de la page",
}


def check(corpus: Corpus, context: Context) -> Iterator[Finding]:
    for doc in corpus.targets():
        if doc.readable and doc.kind in EXPECTED:
            yield from _check_doc(doc)
        elif doc.readable and doc.kind in BODY_TEXT and _only_comments(doc.body):
            yield warning(
                doc.rel,
                doc.body_line,
                "texte-absent",
                "aucun texte après l'en-tête : la page n'aura que son titre et ses métadonnées",
                f"{BODY_TEXT[doc.kind]} sous la ligne « --- » qui ferme l'en-tête",
            )


def _check_doc(doc: Document) -> Iterator[Finding]:
    found = sections(doc)
    for title in EXPECTED[doc.kind]:
        if fold(title) in found:
            continue
        if title == "Contournement" and doc.get("statut") == "contourne":
            yield error(
                doc.rel,
                doc.body_line,
                "contournement-absent",
                "statut « contourne » mais aucune section « ## Contournement »",
                "décrivez le contournement sous un titre « ## Contournement »",
            )
        else:
            yield warning(
                doc.rel,
                doc.body_line,
                "section-manquante",
                f"section « ## {title} » absente",
                f"ajoutez un titre « ## {title} » et son texte",
            )
    steps = found.get(fold("Étapes"))
    if steps is not None and not NUMBERED.search(steps[1]):
        yield warning(
            doc.rel,
            steps[0],
            "etapes-non-numerotees",
            "la section « ## Étapes » n'a pas de liste numérotée",
            "écrivez les étapes sous la forme « 1. … », « 2. … »",
        )


def _only_comments(body: str) -> bool:
    """Nothing but spaces and closed HTML comments (a template's notes), in one pass: a pattern
    with « .*? » rescans the rest of the text from every unclosed « <!-- »."""
    position = 0
    while True:
        position = SPACES.match(body, position).end()  # type: ignore[union-attr]  # \s* always matches
        if position >= len(body):
            return True
        if not body.startswith("<!--", position):
            return False
        end = body.find("-->", position + 4)
        if end < 0:
            return False  # an unclosed comment is shown as text
        position = end + 3
