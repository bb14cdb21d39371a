"""`carnet revue`: the sheets and malfunctions whose last check against the live site is getting old."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from carnet.content import Corpus
from carnet.dates import REVIEW_MONTHS, freshness, parse_date
from carnet.pages.common import french_date, plural

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


def typo(text: str) -> str:
    """Apply French spacing to text typed with plain spaces."""
    def space(m: re.Match) -> str:
        if m.group(2):
            return NNBSP + m.group(2)
        return NBSP + m.group(1) if m.group(1) else NBSP
    return _SPACE_BEFORE.sub(space, text)


def one_line(text: object) -> str:
    """Text on one line; no-break spaces are kept (str.split would turn them into plain ones)."""
    return _BLANKS.sub(" ", str(text)).strip()


def md_inline(text: object) -> str:
    """Escape the few characters that would change Markdown's meaning, keeping the text readable."""
    return _MD_INLINE.sub(r"\\\1", one_line(text))


def decimal(value: float) -> str:
    """0.9375 → « 0,94 », as French readers write decimals."""
    return f"{value:.2f}".replace(".", ",")


def build_review(corpus: Corpus, today: date) -> list[ReviewItem]:
    """Fiches and dysfonctionnements verified more than 6 months ago, oldest first."""
    items = []
    for doc in (d for kind in REVIEWED_KINDS for d in corpus.of_kind(kind)):
        verified = parse_date(doc.get("verifiee_le"))
        if verified is None:  # a missing or malformed date is `carnet check`'s business
            continue
        score = freshness(verified, today)
        if score < 1:
            authors = tuple(str(a) for a in doc.get("auteurs") or [])
            items.append(ReviewItem(doc.kind, doc.id, str(doc.get("titre", doc.id)), doc.rel,
                                    verified.isoformat(), score, authors))
    return sorted(items, key=lambda i: (i.verifiee_le, i.id))


def reviewed_count(corpus: Corpus) -> int:
    """How many documents the review looked at."""
    return sum(len(corpus.of_kind(kind)) for kind in REVIEWED_KINDS)


def review_summary(items: list[ReviewItem], total: int) -> str:
    """The French closing line."""
    if not items:
        return typo(f"Aucun contenu à revérifier sur {total} : tout a été vérifié il y a moins de {REVIEW_MONTHS} mois.")
    return f"{plural(len(items), 'contenu')} à revérifier sur {total} (dernière vérification il y a plus de {REVIEW_MONTHS}{NBSP}mois)."


def _lower_first(text: str) -> str:
    """« Au 3 mai : Aucun… » → « Au 3 mai : aucun… »."""
    head, sep, tail = text.partition(" : ")
    return head + sep + tail[:1].lower() + tail[1:]


def _authors(item: ReviewItem) -> str:
    return ", ".join(item.auteurs) or "auteur inconnu"


def render_review_text(items: list[ReviewItem], total: int) -> str:
    """One line per content, path first, then the summary."""
    lines = [typo(f"{i.chemin} : {VERIFIED[i.kind]} le {i.verifiee_le}, fraîcheur {decimal(i.fraicheur)} "
                  f"— « {i.titre} » ({_authors(i)})") for i in items]
    return "\n".join([*lines, review_summary(items, total)]) + "\n"


def render_review_markdown(items: list[ReviewItem], total: int, today: date) -> str:
    """A heading, the summary, then a table."""
    parts = ["# Contenus à revérifier", _lower_first(f"Au {french_date(today)} : {review_summary(items, total)}")]
    if items:
        rows = ["| Fraîcheur | Dernière vérification | Type | Contenu | Auteurs | Fichier |", "|---:|---|---|---|---|---|"]
        rows += [f"| {decimal(i.fraicheur)} | {french_date(i.verifiee_le)} | {i.kind} | {md_inline(i.titre)} "
                 f"| {md_inline(_authors(i))} | `{i.chemin}` |" for i in items]
        parts.append("\n".join(rows))
    return typo("\n\n".join(parts)) + "\n"


def render_review_json(items: list[ReviewItem], total: int, today: date) -> str:
    """A stable document for other tools."""
    rows = [{"chemin": i.chemin, "type": i.kind, "id": i.id, "titre": i.titre, "verifiee_le": i.verifiee_le,
             "fraicheur": round(i.fraicheur, 3), "auteurs": list(i.auteurs)} for i in items]
    document = {"aujourdhui": today.isoformat(), "examines": total, "a_revoir": rows}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
