"""Bodies that Markdown can render: lists and quotes nested at most MAX_DEPTH levels.

Python-Markdown recurses once per level: a few hundred nested list items end the build with a
RecursionError and no word about which file. No sheet needs more than a handful of levels.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from carnet.checking.rules.context import Context
from carnet.findings import Finding, error
from carnet.model.content import Corpus

MAX_DEPTH = 20
TAB = 4  # Python-Markdown's indentation step
QUOTES = re.compile(r"[ \t]{0,3}>")


def depth(line: str) -> int:
    """Quote markers plus indentation steps at the start of a line."""
    quotes, position = 0, 0
    while (m := QUOTES.match(line, position)) is not None:
        quotes, position = quotes + 1, m.end()
    rest = line[position:]
    indent = len(rest) - len(rest.lstrip(" \t"))
    return quotes + len(rest[:indent].expandtabs(TAB)) // TAB


def check(corpus: Corpus, context: Context) -> Iterator[Finding]:
    for doc in corpus.targets():
        if not doc.readable:
            continue
        for number, line in doc.body_lines():
            if line.strip() and depth(line) > MAX_DEPTH:
                yield error(
                    doc.rel,
                    number,
                    "imbrication",
                    f"texte imbriqué sur plus de {MAX_DEPTH} niveaux "
                    "(listes, citations ou retraits)",
                    "gardez quelques niveaux de liste au plus : le site ne saurait pas afficher "
                    "cette page",
                )
                break  # one finding per file: the following lines are the same problem
