"""Relative links and images of a body that the build cannot resolve.

The strict build stops on them with MkDocs' English warning (« contains a link 'modele.pdf', but the
target … is not found »), after `carnet check` said « 0 erreur »: a contributor links a document
they forgot to add, an image saved as « Capture.PNG » and written « capture.png » (Windows does not
tell them apart, the site does), or a page by its address (« ../autre-fiche/ ») as the browser
shows it. Sheets, stories and malfunctions sit in the site as in content/, so what they name is
looked for there; free pages and themes move in the site, and are left to the build.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from carnet.checking.active_html import MD_LINK, MD_REFERENCE
from carnet.checking.rules.context import Context
from carnet.checking.rules.scan import Locator
from carnet.findings import Finding, error
from carnet.model.content import KIND_FOLDER, LINKABLE, Corpus, Document
from carnet.model.schemas import suggest

FOLDERS = frozenset(KIND_FOLDER[kind] for kind in LINKABLE)
# A scheme (https:, mailto:, and « C: » of a Windows path, which the sanitiser drops) or « // ».
ELSEWHERE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:|//")
SUGGESTIONS = 20  # a close id is looked for among all ids: for the first missing links of a file


def check(corpus: Corpus, context: Context) -> Iterator[Finding]:
    for doc in corpus.targets():
        if doc.kind in LINKABLE and ("](" in doc.body or "]:" in doc.body):
            yield from _check_doc(doc, corpus)


def _check_doc(doc: Document, corpus: Corpus) -> Iterator[Finding]:
    where: Locator | None = None
    found = 0
    for pattern in (MD_LINK, MD_REFERENCE):
        for match in pattern.finditer(doc.body):
            written = match.group(1)
            problem = _problem(written, doc, corpus, found < SUGGESTIONS)
            if problem is None:
                continue
            found += 1
            where = where or Locator(doc.body, doc.body_line)
            line, col = where(match.start(1))
            yield error(doc.rel, line, "lien-introuvable", *problem, col)


def _problem(
    written: str, doc: Document, corpus: Corpus, suggesting: bool
) -> tuple[str, str] | None:
    """What is wrong with a link's target (message, hint), or None when the build finds it."""
    if ELSEWHERE.match(written) or written.startswith(("#", "/")):
        return (
            None  # other sites are for `carnet liens`; anchors and the site's root are the build's
        )
    target = unquote(written.split("#", 1)[0].split("?", 1)[0])
    if not target:
        return None
    try:
        folder = doc.path.parent.relative_to(corpus.root).as_posix()
    except ValueError:  # a file named from elsewhere: its neighbours are not the site's
        return None
    inside = posixpath.normpath(posixpath.join(folder, target))
    name = posixpath.basename(target.rstrip("/"))
    if target.endswith(("/", ".")) or "." not in name:
        page = corpus.by_id.get(name)
        meant = (
            f"visez son fichier Markdown : « {_relative(page.path, doc.path.parent)} »"
            if page is not None
            else "visez le fichier Markdown de la page, par exemple « autre-fiche.md »"
        )
        return f"lien « {written} » vers une adresse : le site ne le reconnaît pas", meant
    if inside.startswith("../") or inside == "..":
        return f"lien « {written} » hors du dossier des contenus", "visez un contenu du carnet"
    if name.endswith(".md"):
        if inside.split("/", 1)[0] not in FOLDERS or name == "index.md":
            return None  # a generated page (listings, « proposer »): the build knows them
        if (corpus.root / inside).is_file():
            return None
        close = suggest(name.removesuffix(".md"), corpus.by_id) if suggesting else None
        hint = (
            f"vouliez-vous dire « {_relative(corpus.by_id[close].path, doc.path.parent)} » ?"
            if close
            else "vérifiez le nom du fichier visé (son identifiant, puis « .md »)"
        )
        return f"lien « {written} » : aucun contenu content/{inside}", hint
    if (corpus.root / inside).is_file():
        return None
    return f"fichier « {written} » introuvable : aucun fichier content/{inside}", _file_hint(
        corpus.root / inside
    )


def _file_hint(path: Path) -> str:
    """Where the file should be, or its real name when only capitals differ."""
    if "\\" in path.name:
        return "dans un lien, les dossiers se séparent par « / », pas « \\ »"
    if path.parent.is_dir():
        wanted = path.name.casefold()
        same = next((p.name for p in path.parent.iterdir() if p.name.casefold() == wanted), None)
        if same:
            return f"le fichier s'appelle « {same} » : écrivez ce nom exact, majuscules comprises"
    return (
        f"ajoutez le fichier dans {path.parent.name}/ sous ce nom, à côté du contenu, ou retirez "
        "le lien"
    )


def _relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target, start)).as_posix()
