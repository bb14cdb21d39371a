"""List items the site would publish wrongly: an untouched template (« 1. », « - ») publishes
empty bullets; bullets pasted from a word processor (« • », « – ») publish no list at all."""

from __future__ import annotations

import re
from collections.abc import Iterator

from carnet.checking.rules.context import Context
from carnet.findings import Finding, error
from carnet.model.content import Corpus, Document

EMPTY_ITEM = re.compile(r"^\s{0,3}(\d{1,9}[.)]|[-*+])\s*$")
ITEM = re.compile(r"^\s{0,3}(\d{1,9}[.)]|[-*+])(\s|$)")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
# Word and LibreOffice copy their bullets as characters: Markdown makes no list of them, and lines
# that follow each other become one paragraph (« • un • deux • trois »). U+F0B7 and U+F0A7 are
# Word's Symbol and Wingdings bullets, which browsers show as an empty box.
PASTED_BULLET = re.compile(r"^\s{0,3}([•◦▪▫■□●○‣⁃∙·➢➤►✓✔\uf0b7\uf0a7\uf0d8\uf0fc])[ \t\u00a0]")
# Word turns « - » into a dash as you type: a dash starts a line of dialogue too, so only a run of
# dash lines (which the site would join into one paragraph) is a list.
PASTED_DASH = re.compile(r"^\s{0,3}([–—])[ \t\u00a0]")


def check(corpus: Corpus, context: Context) -> Iterator[Finding]:
    for doc in corpus.targets():
        yield from _check_doc(doc)  # the body is read even when the front matter is broken


def _check_doc(doc: Document) -> Iterator[Finding]:
    fenced, previous = False, ""
    lines = list(doc.body_lines())
    for index, (number, line) in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and (bullet := _pasted_bullet(lines, index)):
            # Word's Symbol bullets are private-use characters that show as nothing: name them.
            shown = f"U+{ord(bullet):04X}" if bullet >= "\ue000" else f"« {bullet} »"
            yield error(
                doc.rel,
                number,
                "puce-collee",
                f"puce {shown} collée depuis un traitement de texte : le site n'en fait pas une "
                "liste",
                f"remplacez la puce {shown} par « - » (ou « 1. » pour une étape), avec une ligne "
                "vide avant la liste",
                line.index(bullet) + 1,
            )
        # After a line of text, « - » alone underlines a heading: not a list item.
        elif (
            not fenced and EMPTY_ITEM.match(line) and (not previous.strip() or ITEM.match(previous))
        ):
            marker = line.strip()
            what = "une étape" if marker[0].isdigit() else "un point"
            yield error(
                doc.rel,
                number,
                "element-vide",
                f"élément de liste vide (« {marker} » sans texte)",
                f"écrivez {what} après « {marker} », ou supprimez la ligne",
            )
        previous = line


def _pasted_bullet(lines: list[tuple[int, str]], index: int) -> str:
    """The bullet character a line starts with, if it is one Markdown does not read as a list."""
    line = lines[index][1]
    if match := PASTED_BULLET.match(line):
        return match.group(1)
    match = PASTED_DASH.match(line)
    if match is None:
        return ""
    neighbours = (lines[i][1] for i in (index - 1, index + 1) if 0 <= i < len(lines))
    return match.group(1) if any(PASTED_DASH.match(other) for other in neighbours) else ""
