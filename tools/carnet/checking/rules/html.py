"""No active HTML (scripts, frames, event handlers, javascript: and data: URLs)."""

from __future__ import annotations

from collections.abc import Iterator

from carnet.checking.active_html import iter_active_html
from carnet.checking.rules.context import Context
from carnet.checking.rules.scan import scan
from carnet.findings import Finding
from carnet.model.content import Corpus


def check(corpus: Corpus, context: Context) -> Iterator[Finding]:
    yield from scan(corpus, iter_active_html)
