"""Empty list items: an untouched template (« 1. », « - ») would publish empty bullets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from carnet.checking.rules.context import Context
from carnet.findings import Finding, error
from carnet.model.content import Corpus, Document

EMPTY_ITEM = re.compile(r"^\s{0,3}(\d{1,9}[.)]|[-*+])\s*$")
ITEM = re.compile(r"^\s{0,3}(\d{1,9}[.)]|[-*+])(\s|$)")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def check(corpus: Corpus, context: Context) -> Iterator[Finding]:
    for doc in corpus.targets():
        yield from _check_doc(doc)  # the body is read even when the front matter is broken


def _check_doc(doc: Document) -> Iterator[Finding]:
    fenced, previous = False, ""
    for number, line in doc.body_lines():
        if FENCE.match(line):
            fenced = not fenced
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
