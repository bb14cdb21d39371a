"""Relative links and images of a body that the build cannot resolve.

The strict build stops on them with MkDocs' English warning (« contains a link 'modele.pdf', but the
target … is not found »), after `carnet check` said « 0 erreur »: a contributor links a document
they forgot to add, an image saved as « Capture.PNG » and written « capture.png » (Windows does not
tell them apart, the site does), or a page by its address (« ../autre-fiche/ ») as the browser
shows it. Sheets, stories and malfunctions sit in the site as in content/, so what they name is
looked for there; free pages and themes move in the site, and are left to the build.

Anchors too (« #etapes », « autre-fiche.md#contournement »): a page's anchors are its body's
headings, as Python-Markdown's `toc` names them, its explicit ids, and the headings the page
builders add (BUILT_ANCHORS; tests/test_site.py checks that built pages have no other).
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from markdown.extensions.toc import slugify, slugify_unicode

from carnet.checking.active_html import MD_LINK, MD_REFERENCE
from carnet.checking.rules.context import Context
from carnet.checking.rules.scan import Locator
from carnet.checking.rules.sections import TAG
from carnet.findings import Finding, error
from carnet.model.content import KIND_FOLDER, LINKABLE, Corpus, Document
from carnet.model.schemas import suggest

FOLDERS = frozenset(KIND_FOLDER[kind] for kind in LINKABLE)
# A scheme (https:, mailto:, and « C: » of a Windows path, which the sanitiser drops) or « // ».
ELSEWHERE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:|//")
SUGGESTIONS = 20  # a close id is looked for among all ids: for the first missing links of a file
# The headings the page builders put around a body (carnet.site.pages.sheets), whatever the kind.
BUILT_ANCHORS = frozenset(
    {
        "pour-aller-plus-loin",
        "liens-officiels",
        "dans-les-themes-du-mois",
        "signale-a-ladministration",
        "signaler-ce-probleme-a-ladministration",
        "confirmations-du-terrain",
    }
)
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
ATX = re.compile(r"^\s{0,3}#{1,6}(?:[ \t]+|$)(.*)$")
SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
EXPLICIT_ID = re.compile(r"""\{:?[^{}\n]*#([\w\-:.]+)[^{}\n]*\}|\bid\s*=\s*["']?([\w\-:.]+)""")
TRAILING_ATTRS = re.compile(r"\s*\{:?[^{}]*\}\s*$")
INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


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
    if ELSEWHERE.match(written) or written.startswith("/"):
        return None  # other sites are for `carnet liens`; the site's root is the build's
    target = unquote(written.split("#", 1)[0].split("?", 1)[0])
    fragment = unquote(written.partition("#")[2])
    if not target:
        return _missing_anchor(written, fragment, doc) if fragment else None
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
            linked = corpus.by_id.get(name.removesuffix(".md"))
            if fragment and linked is not None and linked.path == corpus.root / inside:
                return _missing_anchor(written, fragment, linked)
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


def _missing_anchor(written: str, fragment: str, page: Document) -> tuple[str, str] | None:
    """A link to a heading that `page` will not have (message, hint), or None."""
    anchors = page_anchors(page.body)
    if fragment in anchors:
        return None
    own = [a for a in anchors if a not in BUILT_ANCHORS and a.isascii()]
    listed = ", ".join(f"« #{a} »" for a in own[:8]) or "aucune hors des rubriques du carnet"
    return (
        f"lien « {written} » : la page n'a pas d'ancre « #{fragment} »",
        f"ancres de la page : {listed} (un titre « ## Étapes » donne « #etapes »)",
    )


@lru_cache(maxsize=256)
def page_anchors(body: str) -> list[str]:
    """The ids a content's page has wherever it is shown (its page, and its theme's printed pack):
    its body's headings as `toc` names them (ASCII or Unicode slugs, duplicates numbered), ids
    written in the body, and BUILT_ANCHORS. Not its title's: the pack gives the title another."""
    texts: list[str] = []
    fence, previous = "", ""
    for line in body.split("\n"):
        opening = FENCE.match(line)
        if fence:
            fence = "" if opening and opening.group(1)[0] == fence[0] else fence
            continue
        if opening:
            fence = opening.group(1)
            continue
        if heading := ATX.match(line):
            texts.append(heading.group(1).strip().rstrip("#"))
        elif SETEXT.match(line) and previous.strip():
            texts.append(previous.strip())
        previous = line
    found: list[str] = []
    for text in texts:
        words = TAG.sub("", INLINE_LINK.sub(r"\1", TRAILING_ATTRS.sub("", text))).strip()
        for slug in dict.fromkeys((slugify(words, "-"), slugify_unicode(words, "-"))):
            found += [slug] + [f"{slug}_{n}" for n in range(1, texts.count(text))]
    found += [a or b for a, b in EXPLICIT_ID.findall(body)]
    return list(dict.fromkeys([*found, *BUILT_ANCHORS]))
