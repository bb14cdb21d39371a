"""No personal data of the people accompanied, anywhere in a content file."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from urllib.parse import urlparse

from carnet.checking.personal_data import iter_personal_data, national
from carnet.checking.rules.context import Context
from carnet.checking.rules.scan import scan
from carnet.findings import Finding
from carnet.model.content import Corpus


def admin_domains(corpus: Corpus) -> tuple[str, ...]:
    """The administrations' own published domains (caf.fr, ameli.fr…), where e-mails are fine."""
    hosts = {
        urlparse(entry.get("site", "")).hostname or ""
        for entry in corpus.referentiels["administrations"].entries.values()
    }
    return tuple(sorted(h.removeprefix("www.") for h in hosts if h))


def official_phones(corpus: Corpus) -> tuple[str, ...]:
    """The public services' phone numbers listed in the référentiel (`telephones`), as ten
    digits."""
    entries = corpus.referentiels["administrations"].entries.values()
    numbers = {
        national(str(phone.get("numero", "")))
        for entry in entries
        for phone in entry.get("telephones") or []
        if isinstance(phone, dict)
    }
    return tuple(sorted(n for n in numbers if len(n) == 10))


def check(corpus: Corpus, context: Context) -> Iterator[Finding]:
    yield from scan(
        corpus,
        partial(
            iter_personal_data,
            allowed_domains=admin_domains(corpus),
            allowed_phones=official_phones(corpus),
        ),
    )
