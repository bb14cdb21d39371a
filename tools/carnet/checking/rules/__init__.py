"""The rule registry: each family of rules is a module with `check(corpus, context)`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from carnet.findings import Finding
from carnet.model.content import Corpus
from carnet.model.schemas import Schemas


@dataclass(frozen=True)
class Context:
    """What rules need besides the corpus: today's date and the compiled schemas."""

    today: date
    schemas: Schemas


Rule = Callable[[Corpus, Context], Iterable[Finding]]


def all_rules() -> list[Rule]:
    """Every rule family, in reporting order."""
    from carnet.checking.rules import dates, html, lists, nesting, privacy, refs, schema, sections

    return [
        schema.check,
        refs.check,
        dates.check,
        sections.check,
        lists.check,
        nesting.check,
        privacy.check,
        html.check,
    ]
