"""Figures of the network for the dashboard: contributors, confirmations, départements, malfunction
statuses.

Pure functions of documents the caller chose (the dashboard passes them without `exemple` content).
A contributor is a name chosen in `auteurs` (accents and case folded); « Anonyme » is nobody in
particular and is not counted as a contributor.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from carnet.dates import months_before
from carnet.model.content import Document
from carnet.text import fold

ANONYMOUS = frozenset({"anonyme", "anonymes", "anonymous"})
STATUS_ORDER = ("actif", "contourne", "resolu")


@dataclass(frozen=True)
class MonthFigures:
    """One month of the network."""

    month: str  # AAAA-MM
    contributors: int
    new_contributors: int
    confirmations: int


@dataclass(frozen=True)
class Departement:
    """Where the content says things happen."""

    code: str
    malfunctions: int  # malfunctions seen there (their territories or a confirmation from there)
    anecdotes: int

    @property
    def total(self) -> int:
        return self.malfunctions + self.anecdotes


def last_months(today: date, n: int = 12) -> list[str]:
    """The n months up to today's, oldest first."""
    return [months_before(today, k).strftime("%Y-%m") for k in range(n - 1, -1, -1)]


def _names(doc: Document) -> set[str]:
    return {
        fold(str(a).strip())
        for a in doc.get("auteurs") or []
        if str(a).strip() and fold(str(a).strip()) not in ANONYMOUS
    }


def month_figures(docs: list[Document], today: date, n: int = 12) -> list[MonthFigures]:
    """Per month: who contributed (content created that month), who did for the first time, field
    confirmations.
    """
    by_month: dict[str, set[str]] = {}
    for doc in docs:
        by_month.setdefault(str(doc.get("creee_le", ""))[:7], set()).update(_names(doc))
    first: dict[str, str] = {}
    for month in sorted(m for m in by_month if m):
        for name in by_month[month]:
            first.setdefault(name, month)
    confirmations = Counter(
        str(s.get("date", ""))[:7]
        for d in docs
        if d.kind == "dysfonctionnement"
        for s in d.get("signalements") or []
        if isinstance(s, dict)
    )
    return [
        MonthFigures(
            m,
            len(by_month.get(m, set())),
            sum(1 for f in first.values() if f == m),
            confirmations.get(m, 0),
        )
        for m in last_months(today, n)
    ]


def _codes(values: object) -> set[str]:
    return (
        {str(v) for v in values or [] if str(v) != "national"}
        if isinstance(values, list)
        else set()
    )


def departements_seen(docs: list[Document]) -> list[Departement]:
    """Départements named by malfunctions (territories and confirmations) and anecdotes, most seen
    first.
    """
    malfunctions: Counter[str] = Counter()
    anecdotes: Counter[str] = Counter()
    for doc in docs:
        if doc.kind == "dysfonctionnement":
            places = _codes(doc.get("territoires"))
            places |= {
                str(s["territoire"])
                for s in doc.get("signalements") or []
                if isinstance(s, dict)
                and s.get("territoire")
                and str(s["territoire"]) != "national"
            }
            malfunctions.update(places)
        elif doc.kind == "anecdote":
            anecdotes.update(_codes(doc.get("territoires")))
    rows = [
        Departement(code, malfunctions[code], anecdotes[code])
        for code in set(malfunctions) | set(anecdotes)
    ]
    return sorted(rows, key=lambda r: (-r.total, r.code))


def malfunctions_by_status(docs: list[Document]) -> list[tuple[str, int]]:
    """How many malfunctions are active, worked around, resolved."""
    found = Counter(str(d.get("statut")) for d in docs if d.kind == "dysfonctionnement")
    return [(status, found.get(status, 0)) for status in STATUS_ORDER]
