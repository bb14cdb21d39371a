"""Atom feeds (RFC 4287): new and updated content, monthly themes, malfunction changes.

feedgen writes the XML; we choose the entries, their stable ids and their dates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from feedgen.feed import FeedGenerator

from carnet.dates import parse_date
from carnet.model.content import KIND_FOLDER, LINKABLE, Corpus, Document
from carnet.model.themes import last_seen
from carnet.site.pages.common import GRAVITES, STATUTS, french_date
from carnet.text import clock

MAX_ENTRIES = 50
KIND_NAMES = {
    "fiche": "Fiche",
    "anecdote": "Anecdote",
    "dysfonctionnement": "Dysfonctionnement",
    "theme": "Thème",
}


@dataclass(frozen=True)
class Feed:
    """One feed: where it is published and what it is called (for the pages' <head>)."""

    path: str
    title: str
    subtitle: str
    # the page the feed follows (« administrations/caf/ »), its « alternate » link: a feed reader
    # shows it as the feed's site; the home page when empty
    page: str = ""


FEEDS = (
    Feed(
        "flux/nouveautes.xml",
        "Carnet de terrain — nouveautés",
        "Fiches, anecdotes et dysfonctionnements nouveaux ou mis à jour.",
    ),
    Feed(
        "flux/themes.xml",
        "Carnet de terrain — thèmes du mois",
        "Le thème choisi chaque mois par les animateurs du réseau.",
    ),
    Feed(
        "flux/dysfonctionnements.xml",
        "Carnet de terrain — dysfonctionnements",
        "Nouveaux dysfonctionnements, confirmations du terrain et résolutions.",
    ),
)


def administration_feed(ident: str, short_label: str) -> tuple[str, str]:
    """Where an administration's malfunction feed is published, and its title: the feed and the
    <head> of the administration's page, which announces it to feed readers, say the same."""
    return (
        f"flux/administrations/{ident}.xml",
        f"Carnet de terrain — dysfonctionnements\u00a0: {short_label}",
    )


def departement_feed(code: str, label: str) -> tuple[str, str]:
    """Where a département's malfunction feed is published, and its title (see
    administration_feed)."""
    return f"flux/departements/{code}.xml", f"Carnet de terrain — dysfonctionnements\u00a0: {label}"


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def entry_id(base: str, doc: Document) -> str:
    """A stable id: the page's address, which never changes for a given file name."""
    return f"{base}{KIND_FOLDER[doc.kind]}/{doc.id}/"


def _changed(doc: Document, today: date | None = None) -> date | None:
    """The last date something happened to a document; never after `today` (next month's theme,
    announced early, is news today, not on the first of its month)."""
    dates = [parse_date(doc.get(k)) for k in ("creee_le", "verifiee_le", "resolu_le")]
    if doc.kind == "dysfonctionnement":
        dates.append(parse_date(last_seen(doc)))
    if doc.kind == "theme":
        dates.append(parse_date(doc.id))
    found = [d for d in dates if d]
    if not found:
        return None
    return min(max(found), today) if today else max(found)


def _summary(doc: Document, today: date | None) -> str:
    """The résumé; for a theme, the meeting too, so that a reader sees the date without opening the
    page.
    """
    resume = str(doc.get("resume", ""))
    meeting = doc.get("rencontre") if doc.kind == "theme" else None
    if not isinstance(meeting, dict):
        return resume
    day = parse_date(meeting.get("date"))
    if day is None or (today is not None and day < today):
        return resume
    hour = f" à {clock(meeting['heure'])}" if meeting.get("heure") else ""
    place = f" — {meeting['lieu']}" if meeting.get("lieu") else ""
    return f"{resume} Rencontre le {french_date(day)}{hour}{place}."


def _feed(spec: Feed, base: str, docs: list[Document], describe, today: date | None = None) -> str:
    feed = FeedGenerator()
    feed.id(base + spec.path)
    feed.title(spec.title)
    feed.subtitle(spec.subtitle)
    feed.author({"name": "Réseau Carnet de terrain"})
    feed.link(href=base + spec.path, rel="self")
    feed.link(href=base + spec.page, rel="alternate", type="text/html")
    feed.language("fr")
    changes = ((d, _changed(d, today)) for d in docs)
    dated = sorted(
        ((d, changed) for d, changed in changes if changed),
        key=lambda pair: (pair[1], pair[0].id),
        reverse=True,
    )
    dated = dated[:MAX_ENTRIES]
    feed.updated(_stamp(dated[0][1]) if dated else _stamp(date(2026, 1, 1)))
    for doc, changed in reversed(dated):  # feedgen prepends: add oldest first
        entry = feed.add_entry()
        entry.id(entry_id(base, doc))
        entry.title(entry_title(doc, describe))
        entry.link(href=entry_id(base, doc), rel="alternate")
        entry.updated(_stamp(changed))
        created = parse_date(doc.get("creee_le"))
        if created:
            entry.published(_stamp(created))
        entry.summary(_summary(doc, today))
        for author in doc.get("auteurs") or doc.get("animateurs") or []:
            entry.author({"name": str(author)})
    return feed.atom_str(pretty=True).decode("utf-8")


def entry_title(doc: Document, describe) -> str:
    """An entry's title; illustrative content says so first, since feed readers show nothing
    else."""
    return ("[Exemple] " if doc.get("exemple") else "") + describe(doc)


def _malfunction_title(doc: Document) -> str:
    status = STATUTS.get(doc.get("statut"), "")
    return f"[{status} · {GRAVITES.get(doc.get('gravite'), '')}] {doc.get('titre', doc.id)}"


def build_feeds(corpus: Corpus, site_url: str, today: date | None = None) -> dict[str, str]:
    """Every feed's XML by its path in the site; site_url gives absolute, stable addresses."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    content = [d for kind in LINKABLE for d in corpus.of_kind(kind)]
    return {
        FEEDS[0].path: _feed(
            FEEDS[0], base, content, lambda d: f"{KIND_NAMES[d.kind]}\u00a0: {d.get('titre', d.id)}"
        ),
        FEEDS[1].path: _feed(
            FEEDS[1],
            base,
            corpus.of_kind("theme"),
            lambda d: f"{d.id}\u00a0: {d.get('titre', d.id)}",
            today,
        ),
        FEEDS[2].path: _feed(
            FEEDS[2], base, corpus.of_kind("dysfonctionnement"), _malfunction_title
        ),
    }


def build_scoped_feeds(
    corpus: Corpus, site_url: str, scopes: list[tuple[Feed, Callable[[Document], bool]]]
) -> dict[str, str]:
    """Malfunction feeds for one scope each (an administration, a département), for partners who
    follow only that.
    """
    base = site_url if site_url.endswith("/") else site_url + "/"
    docs = corpus.of_kind("dysfonctionnement")
    return {
        spec.path: _feed(spec, base, [d for d in docs if keep(d)], _malfunction_title)
        for spec, keep in scopes
    }
