"""What every rule receives besides the corpus, and the shape of a rule."""

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
