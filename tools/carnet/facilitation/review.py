"""`carnet revue`: the sheets and malfunctions whose last check against the live site is getting
old.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from carnet.dates import REVIEW_MONTHS, freshness, months_before, parse_date
from carnet.model.content import KIND_FOLDER, Corpus
from carnet.model.referentiels import Referentiel
from carnet.site.pages.common import french_date
from carnet.text import fold, plural

REVIEWED_KINDS = ("fiche", "dysfonctionnement")
VERIFIED = {"fiche": "fiche vérifiée", "dysfonctionnement": "dysfonctionnement vérifié"}
NBSP, NNBSP = "\u00a0", "\u202f"
# French spacing: no-break space before « : » and inside guillemets, narrow one before ; ! ?
# (only where a plain space was typed, so URLs and Markdown syntax are left alone).
_SPACE_BEFORE = re.compile(r" ([:»])|(?<=«) | ([;!?])(?=\s|$|[»)\]*_])", re.M)
_BLANKS = re.compile(r"[ \t\r\n]+")
_MD_INLINE = re.compile(r"([\\`*_\[\]<|])")


@dataclass(frozen=True)
class ReviewItem:
    """One content to check again, with what a facilitator needs to find who can do it."""

    kind: str
    id: str
    titre: str
    chemin: str
    verifiee_le: str
    fraicheur: float
    auteurs: tuple[str, ...]
    echeance: str = ""  # the last day it counts as fresh: verifiee_le + 6 months
    administrations: tuple[str, ...] = ()
    adresse: str = ""  # the page's address (absolute with a site_url, else from the site's root)


@dataclass(frozen=True)
class ReviewGroup:
    """The contents to check of one administration or one author."""

    label: str
    items: tuple[ReviewItem, ...]


GROUPINGS = ("administration", "auteur")
NO_ADMIN, NO_AUTHOR = "Sans administration", "Auteur inconnu"
ANONYMOUS = frozenset({"anonyme", "anonymes"})  # no one to ask: listed last


def typo(text: str) -> str:
    """Apply French spacing to text typed with plain spaces."""

    def space(m: re.Match) -> str:
        if m.group(2):
            return NNBSP + m.group(2)
        return NBSP + m.group(1) if m.group(1) else NBSP

    return _SPACE_BEFORE.sub(space, text)


def as_list(value: object) -> list:
    """A front-matter list as a list: one value typed without brackets (« auteurs: Sacha », an
    error `carnet check` reports) is one item, never a list of its letters."""
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def content_date(value: object) -> str:
    """A date written in a content, the French way; « date non renseignée » when it is missing or
    not a date (a content with errors: `carnet check` reports it, the documents must not crash)."""
    parsed = value if isinstance(value, date) else parse_date(value)
    return french_date(parsed) if parsed else "date non renseignée"


def on_date(value: object) -> str:
    """« le 3 novembre 2026 » or « à une date non renseignée », after « constaté » or « résolu »."""
    parsed = value if isinstance(value, date) else parse_date(value)
    return f"le {french_date(parsed)}" if parsed else "à une date non renseignée"


def one_line(text: object) -> str:
    """Text on one line; no-break spaces are kept (str.split would turn them into plain ones)."""
    return _BLANKS.sub(" ", str(text)).strip()


def md_inline(text: object) -> str:
    """Escape the few characters that would change Markdown's meaning, keeping the text readable."""
    return _MD_INLINE.sub(r"\\\1", one_line(text))


def decimal(value: float) -> str:
    """0.9375 → « 0,94 », as French readers write decimals."""
    return f"{value:.2f}".replace(".", ",")


def due_date(verified: date) -> date:
    """The last day a check keeps a content fresh: six months later."""
    return months_before(verified, -REVIEW_MONTHS)


def build_review(
    corpus: Corpus, today: date, within_days: int = 0, site_url: str = ""
) -> list[ReviewItem]:
    """Fiches and dysfonctionnements to check again by today + `within_days`, oldest check first."""
    horizon = today + timedelta(days=within_days)
    items = []
    for doc in (d for kind in REVIEWED_KINDS for d in corpus.of_kind(kind)):
        verified = parse_date(doc.get("verifiee_le"))
        if verified is None:  # a missing or malformed date is `carnet check`'s business
            continue
        if freshness(verified, horizon) < 1:
            authors = tuple(str(a) for a in as_list(doc.get("auteurs")))
            admins = tuple(str(a) for a in as_list(doc.get("administrations")))
            items.append(
                ReviewItem(
                    doc.kind,
                    doc.id,
                    str(doc.get("titre", doc.id)),
                    doc.rel,
                    verified.isoformat(),
                    freshness(verified, today),
                    authors,
                    due_date(verified).isoformat(),
                    admins,
                    f"{site_url}{KIND_FOLDER[doc.kind]}/{doc.id}/",
                )
            )
    return sorted(items, key=lambda i: (i.verifiee_le, i.id))


def undated(corpus: Corpus) -> list[str]:
    """The files of the sheets and malfunctions whose verification date is missing or not a date:
    the review cannot place them, yet they are the ones most in need of a check."""
    return [
        doc.rel
        for kind in REVIEWED_KINDS
        for doc in corpus.of_kind(kind)
        if doc.readable and parse_date(doc.get("verifiee_le")) is None
    ]


def group_review(items: list[ReviewItem], by: str, admins: Referentiel) -> list[ReviewGroup]:
    """The items per administration (by its everyday name) or per author; a content shows in each of
    its groups.

    The largest groups come first (whom to ask first), then by name; those with no
        administration or
    no author come last.
    """
    groups: dict[str, list[ReviewItem]] = {}
    for item in items:
        if by == "administration":
            keys = [admins.short_label(a) for a in item.administrations] or [NO_ADMIN]
        else:
            keys = [a.strip() for a in item.auteurs if a.strip()] or [NO_AUTHOR]
        for key in dict.fromkeys(keys):
            groups.setdefault(key, []).append(item)
    last = {NO_ADMIN, NO_AUTHOR}
    order = sorted(
        groups, key=lambda k: (k in last or fold(k) in ANONYMOUS, -len(groups[k]), fold(k))
    )
    return [ReviewGroup(k, tuple(groups[k])) for k in order]


def reviewed_count(corpus: Corpus) -> int:
    """How many documents the review looked at."""
    return sum(len(corpus.of_kind(kind)) for kind in REVIEWED_KINDS)


def review_summary(
    items: list[ReviewItem], total: int, within_days: int = 0, today: date | None = None
) -> str:
    """The French closing line."""
    if not total:  # a wrong --content, or a network starting: not « all checked »
        return typo("Aucune fiche ni aucun dysfonctionnement dans ce dossier : rien à revérifier.")
    if within_days and today is not None:
        late = sum(i.echeance < today.isoformat() for i in items)
        if not items:
            return typo(
                f"Aucun contenu à revérifier d'ici {plural(within_days, 'jour')} sur {total}."
            )
        return (
            f"{plural(len(items), 'contenu')} à revérifier d'ici {plural(within_days, 'jour')} sur "
            f"{total}, dont {late} déjà en retard (dernière vérification il y a plus de "
            f"{REVIEW_MONTHS}{NBSP}mois)."
        )
    if not items:
        return typo(
            f"Aucun contenu à revérifier sur {total} : tout a été vérifié il y a moins de "
            f"{REVIEW_MONTHS} mois."
        )
    return (
        f"{plural(len(items), 'contenu')} à revérifier sur {total} (dernière vérification il y a "
        f"plus de {REVIEW_MONTHS}{NBSP}mois)."
    )


def _lower_first(text: str) -> str:
    """« Au 3 mai : Aucun… » → « Au 3 mai : aucun… »."""
    head, sep, tail = text.partition(" : ")
    return head + sep + tail[:1].lower() + tail[1:]


def _authors(item: ReviewItem) -> str:
    return ", ".join(item.auteurs) or "auteur inconnu"
