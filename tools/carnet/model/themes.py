"""Monthly themes: which theme is current, and candidates for next month's selection."""

from __future__ import annotations

from datetime import date

from carnet.dates import parse_date
from carnet.model.content import Corpus, Document
from carnet.text import counted

PER_KIND = 5


def last_seen(doc: Document) -> str:
    """The latest field confirmation of a malfunction, or its first sighting."""
    dates = [
        s.get("date")
        for s in doc.get("signalements") or []
        if isinstance(s, dict) and s.get("date")
    ]
    return max([*(str(d) for d in dates), str(doc.get("constate_le") or "")])


# A malfunction's status as the candidates' comments say it.
STATUS_WORDS = {"actif": "actif", "contourne": "contourné"}


def theme_candidates(corpus: Corpus, per_kind: int = PER_KIND) -> list[tuple[Document, str]]:
    """Sheets not verified for the longest time, newest anecdotes, active malfunctions seen
    lately."""
    fiches = sorted(corpus.of_kind("fiche"), key=lambda d: (str(d.get("verifiee_le", "")), d.id))[
        :per_kind
    ]
    anecdotes = sorted(
        corpus.of_kind("anecdote"), key=lambda d: (str(d.get("creee_le", "")), d.id), reverse=True
    )[:per_kind]
    live = [d for d in corpus.of_kind("dysfonctionnement") if d.get("statut") != "resolu"]
    malfunctions = sorted(live, key=lambda d: (last_seen(d), d.id), reverse=True)[:per_kind]
    return (
        [
            (d, f"fiche vérifiée le {d.get('verifiee_le')}\u00a0: à revoir en réseau\u202f?")
            for d in fiches
        ]
        + [(d, f"anecdote écrite le {d.get('creee_le')}") for d in anecdotes]
        + [
            (
                d,
                f"dysfonctionnement {STATUS_WORDS.get(str(d.get('statut')), d.get('statut'))}, "
                f"{counted(len(d.get('signalements') or []), 'confirmation')}, vu le "
                f"{last_seen(d)}",
            )
            for d in malfunctions
        ]
    )


def render_candidates(candidates: list[tuple[Document, str]]) -> str:
    """YAML comment lines to uncomment under `selection:`."""
    if not candidates:
        return ""
    lines = [
        "  # Candidats proposés : décommentez (retirez le « # ») ceux que vous retenez, de 3 à 20."
    ]
    lines += [f"  # - {doc.id}  # {reason}" for doc, reason in candidates]
    return "\n".join(lines)


def current_theme(themes: list[Document], today: date) -> Document | None:
    """This month's theme, or the latest past one."""
    month = today.strftime("%Y-%m")
    past = sorted((t for t in themes if t.id <= month), key=lambda t: t.id)
    return past[-1] if past else None


def meeting_is_past(theme: Document, today: date) -> bool:
    """True when the theme's meeting took place before today: it is no longer announced as
    coming."""
    meeting = theme.get("rencontre")
    day = parse_date(meeting.get("date")) if isinstance(meeting, dict) else None
    return day is not None and day < today


DEFAULT_DURATION = (
    90  # minutes, when a theme's meeting does not say (schema: rencontre.duree_minutes)
)


def meeting_of(theme: Document) -> dict:
    """The theme's `rencontre` mapping ({} when it announces none or it is malformed)."""
    meeting = theme.get("rencontre")
    return meeting if isinstance(meeting, dict) and parse_date(meeting.get("date")) else {}


def meeting_day(theme: Document) -> date | None:
    """The day of the theme's meeting, or None."""
    return parse_date(meeting_of(theme).get("date"))


def meeting_duration(theme: Document) -> int:
    """The meeting's length in minutes: `rencontre.duree_minutes`, or 90."""
    value = meeting_of(theme).get("duree_minutes")
    return (
        value
        if isinstance(value, int) and not isinstance(value, bool) and value > 0
        else DEFAULT_DURATION
    )


def next_month(month: str) -> str:
    """2026-12 → 2027-01."""
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def upcoming_meeting(themes: list[Document], today: date) -> Document | None:
    """The theme whose meeting comes next (today included), whatever its month: never a past one."""
    coming = [t for t in themes if (day := meeting_day(t)) is not None and day >= today]
    return min(
        coming,
        key=lambda t: (meeting_of(t)["date"], str(meeting_of(t).get("heure", "")), t.id),
        default=None,
    )


def ics_address(site_url: str, theme: Document) -> str:
    """Where the theme's invitation is published (relative to the site's root when site_url is
    "")."""
    return f"{site_url}themes/{theme.id}.ics"


AGENDA = "themes/agenda.ics"  # beside the meetings' own invitations
