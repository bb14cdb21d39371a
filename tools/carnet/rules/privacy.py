"""No personal data of the people accompanied, anywhere in a content file."""

from __future__ import annotations

from typing import Iterator
from urllib.parse import urlparse

from carnet.content import Corpus
from carnet.findings import Finding, error
from carnet.personal_data import iter_personal_data
from carnet.rules import Context
from carnet.rules.scan import iter_texts


def admin_domains(corpus: Corpus) -> tuple[str, ...]:
    """The administrations' own published domains (caf.fr, ameli.fr…), where e-mails are fine."""
    hosts = {urlparse(entry.get("site", "")).hostname or "" for entry in corpus.referentiels["administrations"].entries.values()}
    return tuple(sorted(h.removeprefix("www.") for h in hosts if h))


def check(corpus: Corpus, context: Context) -> Iterator[Finding]:
    domains = admin_domains(corpus)
    for doc in corpus.documents:
        if doc.readable:
            for line, col, text in iter_texts(doc):
                for match in iter_personal_data(text, domains):
                    yield error(doc.rel, line, match.code, match.message, match.hint,
                                    col if line < doc.body_line else match.col)
