"""What happened in a month: new and changed sheets, malfunctions opened, confirmed, worked around,
resolved.

Shared by the letter (`carnet lettre`) and the meeting pack (`carnet pack`). A sheet « changed »
when
what a reader sees differs between the start and the end of the month, read from git
(`carnet.model.history`); a new `verifiee_le` alone is a re-check, counted apart. Without history
(no git,
a shallow clone), no sheet is said to have changed, and a malfunction counts as worked around this
month when it is `contourne` and was seen or checked this month.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from carnet.dates import parse_date
from carnet.model.content import LINKABLE, Corpus, Document
from carnet.model.history import History, month_bounds, read_front, visible
from carnet.text import fold

ANONYMOUS = frozenset({"anonyme", "anonymes", "anonymous"})


@dataclass(frozen=True)
class MonthChanges:
    """What git says of the month: ids whose visible content changed, former statuses, authors
    added.
    """

    changed: frozenset[str] = frozenset()
    former_status: dict[str, str] = field(default_factory=dict)
    added_authors: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Confirmation:
    """The month's field confirmations of one malfunction."""

    doc: Document
    count: int
    territoires: tuple[str, ...]


@dataclass(frozen=True)
class MonthNews:
    """The month's news, examples included (callers label them)."""

    month: str
    new_fiches: tuple[Document, ...]
    new_anecdotes: tuple[Document, ...]
    changed_fiches: tuple[Document, ...]
    rechecked: int  # fiches whose only change is a new verification date
    opened: tuple[Document, ...]
    confirmed: tuple[Confirmation, ...]
    worked_around: tuple[Document, ...]
    resolved: tuple[Document, ...]
    contributors: tuple[str, ...]
    anonymous: int
    with_history: bool


def in_month(value: object, month: str) -> bool:
    day = parse_date(value)
    return day is not None and day.strftime("%Y-%m") == month


def _end_of(month: str, today: date) -> datetime:
    """The month's end, or now for the current month (what is committed so far)."""
    start, end = month_bounds(month)
    now = datetime.combine(today, datetime.max.time(), tzinfo=start.tzinfo)
    return min(end, now)


def read_month_changes(
    history: History | None, corpus: Corpus, month: str, today: date
) -> MonthChanges | None:
    """Compare each file touched during the month with its version at the month's start (None
    without history).
    """
    if history is None:
        return None
    start, end = month_bounds(month)[0], _end_of(month, today)
    by_rel = {
        doc.path.relative_to(corpus.root).as_posix(): doc
        for kind in LINKABLE
        for doc in corpus.of_kind(kind)
        if doc.path.is_relative_to(corpus.root)
    }
    changed, former, added = set(), {}, {}
    for rel in sorted(history.touched(start, end) & set(by_rel)):
        doc, before_text = by_rel[rel], history.text_at(rel, start)
        after_text = history.text_at(rel, end)
        before, after = read_front(before_text), read_front(after_text)
        if before is None or after is None:
            continue  # not there at the month's start: new, or only committed now
        if visible(before_text) != visible(after_text):
            changed.add(doc.id)
        former[doc.id] = str(before[0].get("statut", ""))
        new_names = [
            str(a)
            for a in after[0].get("auteurs") or []
            if a not in (before[0].get("auteurs") or [])
        ]
        if new_names:
            added[doc.id] = tuple(new_names)
    return MonthChanges(frozenset(changed), former, added)


def _by(key: str):
    return lambda d: (str(d.get(key, "")), d.id)


def _confirmations(doc: Document, month: str) -> Confirmation | None:
    seen = [
        s
        for s in doc.get("signalements") or []
        if isinstance(s, dict) and in_month(s.get("date"), month)
    ]
    places = sorted({str(s["territoire"]) for s in seen if s.get("territoire")})
    return Confirmation(doc, len(seen), tuple(places)) if seen else None


def _worked_around(doc: Document, month: str, changes: MonthChanges | None) -> bool:
    if doc.get("statut") != "contourne":
        return False
    if changes is not None and doc.id in changes.former_status:
        return changes.former_status[doc.id] != "contourne"
    return changes is None and (
        in_month(doc.get("verifiee_le"), month) or in_month(doc.get("constate_le"), month)
    )


def contributors(created: list[Document], added: list[str]) -> tuple[tuple[str, ...], int]:
    """The names the month's contributors chose, once each, in French order; and how many signed «
    Anonyme ».
    """
    names = [str(a) for doc in created for a in doc.get("auteurs") or []] + added
    named = {
        fold(n.strip()): n.strip() for n in names if n.strip() and fold(n.strip()) not in ANONYMOUS
    }
    anonymous = sum(1 for n in names if fold(n.strip()) in ANONYMOUS)
    return tuple(named[k] for k in sorted(named)), anonymous


def build_month_news(corpus: Corpus, month: str, changes: MonthChanges | None = None) -> MonthNews:
    """The month's news; `changes` comes from git (read_month_changes), or None."""
    fiches, malfunctions = corpus.of_kind("fiche"), corpus.of_kind("dysfonctionnement")
    created = [
        d for kind in LINKABLE for d in corpus.of_kind(kind) if in_month(d.get("creee_le"), month)
    ]
    new_fiches = sorted(
        (d for d in fiches if in_month(d.get("creee_le"), month)), key=_by("creee_le")
    )
    changed = sorted(
        (d for d in fiches if changes and d.id in changes.changed and d not in new_fiches),
        key=_by("titre"),
    )
    rechecked = sum(
        1
        for d in fiches
        if in_month(d.get("verifiee_le"), month) and d not in new_fiches and d not in changed
    )
    confirmed = [c for c in (_confirmations(d, month) for d in malfunctions) if c]
    added = [
        name
        for ident, extra in (changes.added_authors.items() if changes else [])
        if ident in corpus.by_id and not corpus.by_id[ident].get("exemple")
        for name in extra
    ]
    names, anonymous = contributors([d for d in created if not d.get("exemple")], added)
    return MonthNews(
        month,
        tuple(new_fiches),
        tuple(
            sorted(
                (d for d in corpus.of_kind("anecdote") if in_month(d.get("creee_le"), month)),
                key=_by("creee_le"),
            )
        ),
        tuple(changed),
        rechecked,
        tuple(
            sorted(
                (d for d in malfunctions if in_month(d.get("constate_le"), month)),
                key=_by("constate_le"),
            )
        ),
        tuple(sorted(confirmed, key=lambda c: (-c.count, c.doc.id))),
        tuple(
            sorted((d for d in malfunctions if _worked_around(d, month, changes)), key=_by("titre"))
        ),
        tuple(
            sorted(
                (d for d in malfunctions if in_month(d.get("resolu_le"), month)),
                key=_by("resolu_le"),
            )
        ),
        names,
        anonymous,
        changes is not None,
    )
