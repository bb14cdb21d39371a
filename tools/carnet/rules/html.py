"""No active HTML (scripts, frames, event handlers, javascript: and data: URLs)."""

from __future__ import annotations

from typing import Iterator

from carnet.active_html import iter_active_html
from carnet.content import Corpus
from carnet.findings import Finding, error
from carnet.rules import Context
from carnet.rules.scan import iter_texts


def check(corpus: Corpus, context: Context) -> Iterator[Finding]:
    for doc in corpus.documents:
        if doc.readable:
            for line, col, text in iter_texts(doc):
                for match in iter_active_html(text):
                    yield error(doc.rel, line, match.code, match.message, match.hint,
                                    col if line < doc.body_line else match.col)
