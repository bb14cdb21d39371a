"""`carnet revue`'s outputs: text, Markdown, JSON and CSV, as one list or grouped by administration
or author.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date

from carnet.facilitation.admin_report import BOM, CSV_DELIMITER
from carnet.facilitation.review import (
    VERIFIED,
    ReviewGroup,
    ReviewItem,
    _authors,
    _lower_first,
    decimal,
    md_inline,
    review_summary,
    typo,
)
from carnet.site.pages.common import french_date

GROUP_TITLES = {"administration": "Administration", "auteur": "Auteur"}


@dataclass(frozen=True)
class Review:
    """What `carnet revue` found, and how it was asked."""

    items: list[ReviewItem]
    total: int
    today: date
    within_days: int = 0
    by: str = ""  # "", "administration" or "auteur"
    groups: tuple[ReviewGroup, ...] = ()

    def summary(self) -> str:
        return review_summary(self.items, self.total, self.within_days, self.today)


def _line(i: ReviewItem) -> str:
    return typo(
        f"{i.chemin} : {VERIFIED[i.kind]} le {french_date(i.verifiee_le)} (échéance "
        f"{french_date(i.echeance)}), fraîcheur "
        f"{decimal(i.fraicheur)} — « {i.titre} » ({_authors(i)}) {i.adresse}"
    ).rstrip()


def render_review_text(review: Review) -> str:
    """One line per content, path first, page address last; grouped under a heading line when asked;
    then the summary.
    """
    lines: list[str] = []
    if review.by:
        for group in review.groups:
            lines += [
                typo(f"{group.label} ({len(group.items)}) :"),
                *(f"  {_line(i)}" for i in group.items),
            ]
    else:
        lines = [_line(i) for i in review.items]
    return "\n".join([*lines, review.summary()]) + "\n"


def _md_table(items: tuple[ReviewItem, ...] | list[ReviewItem]) -> str:
    rows = [
        "| Fraîcheur | Dernière vérification | À revérifier le | Type | Contenu | Auteurs | "
        "Fichier |",
        "|---:|---|---|---|---|---|---|",
    ]
    rows += [
        f"| {decimal(i.fraicheur)} | {french_date(i.verifiee_le)} | {french_date(i.echeance)} | "
        f"{i.kind} | [{md_inline(i.titre)}]({i.adresse}) | {md_inline(_authors(i))} | `{i.chemin}` "
        f"|"
        for i in items
    ]
    return "\n".join(rows)


def render_review_markdown(review: Review) -> str:
    """A heading, the summary, then a table (one per group when grouped)."""
    parts = [
        "# Contenus à revérifier",
        _lower_first(f"Au {french_date(review.today)} : {review.summary()}"),
    ]
    if review.items and review.by:
        for group in review.groups:
            parts += [f"## {md_inline(group.label)} ({len(group.items)})", _md_table(group.items)]
    elif review.items:
        parts.append(_md_table(review.items))
    return typo("\n\n".join(parts)) + "\n"


def _row(i: ReviewItem) -> dict:
    return {
        "chemin": i.chemin,
        "type": i.kind,
        "id": i.id,
        "titre": i.titre,
        "verifiee_le": i.verifiee_le,
        "fraicheur": round(i.fraicheur, 3),
        "auteurs": list(i.auteurs),
        "echeance": i.echeance,
        "administrations": list(i.administrations),
        "adresse": i.adresse,
    }


def render_review_json(review: Review) -> str:
    """A stable document for other tools; `groupes` when grouped."""
    document: dict = {
        "aujourdhui": review.today.isoformat(),
        "examines": review.total,
        "dans_jours": review.within_days,
        "a_revoir": [_row(i) for i in review.items],
    }
    if review.by:
        document["par"] = review.by
        document["groupes"] = [
            {"nom": g.label, "ids": [i.id for i in g.items]} for g in review.groups
        ]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (
    "Échéance",
    "Dernière vérification",
    "Fraîcheur",
    "Type",
    "Titre",
    "Auteurs",
    "Administrations",
    "Fichier",
    "Adresse",
)


def render_review_csv(review: Review) -> str:
    """One row per content (per group and content when grouped), `;` and a byte-order mark for
    French spreadsheets.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER)
    writer.writerow(([GROUP_TITLES[review.by]] if review.by else []) + list(CSV_COLUMNS))
    pairs = (
        [(g.label, i) for g in review.groups for i in g.items]
        if review.by
        else [("", i) for i in review.items]
    )
    for label, i in pairs:
        writer.writerow(
            ([label] if review.by else [])
            + [
                i.echeance,
                i.verifiee_le,
                decimal(i.fraicheur),
                i.kind,
                i.titre,
                ", ".join(i.auteurs),
                ", ".join(i.administrations),
                i.chemin,
                i.adresse,
            ]
        )
    return BOM + out.getvalue()


RENDERERS = {
    "text": render_review_text,
    "markdown": render_review_markdown,
    "json": render_review_json,
    "csv": render_review_csv,
}
