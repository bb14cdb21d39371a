"""The dashboard's network sections: contributors, confirmations, malfunction statuses,
départements; and the
« À revérifier » page, grouped as `carnet revue --par administration` groups it."""

from __future__ import annotations

from datetime import date

from carnet.facilitation.review import build_review, group_review
from carnet.model.content import KIND_FOLDER, Corpus
from carnet.model.network import departements_seen, malfunctions_by_status, month_figures
from carnet.model.relations import Relations
from carnet.site.charts import bar_chart, table
from carnet.site.map_svg import departement_name, departements_map
from carnet.site.pages.common import (
    STATUTS,
    Page,
    a,
    assemble,
    empty,
    french_date,
    front,
    h,
    href,
    html_list,
    md,
)
from carnet.site.search import TYPE_LABELS

REVIEW = "a-reverifier.md"
AHEAD_DAYS = 30  # the page also shows what falls due within a month, as `carnet revue --dans 30`


def network_sections(rel: Relations, today: date) -> list:
    """Each chart followed by its table; `rel` holds no example content."""
    docs = [d for kind in ("fiche", "anecdote", "dysfonctionnement") for d in rel.docs[kind]]
    months = month_figures(docs, today)
    labels = [french_date(m.month) for m in months]
    figures = [
        [label, m.contributors, m.new_contributors]
        for label, m in zip(labels, months, strict=False)
    ]
    statuses = [(STATUTS[s], n) for s, n in malfunctions_by_status(docs)]
    places = departements_seen(docs)
    parts = [
        "## Contributeurs par mois",
        "Les personnes qui ont écrit un contenu ce mois-là, par le nom qu'elles ont choisi (« "
        "Anonyme » n'est pas compté).",
        bar_chart(
            "Contributeurs chaque mois, sur douze mois",
            [(label, m.contributors) for label, m in zip(labels, months, strict=False)],
        ),
        table(["Mois", "Contributeurs", "dont nouveaux"], figures, "Contributeurs par mois"),
        "## Nouveaux contributeurs par mois",
        bar_chart(
            "Nouveaux contributeurs chaque mois, sur douze mois",
            [(label, m.new_contributors) for label, m in zip(labels, months, strict=False)],
        ),
        table(
            ["Mois", "Nouveaux contributeurs"],
            [[label, m.new_contributors] for label, m in zip(labels, months, strict=False)],
            "Nouveaux contributeurs par mois",
        ),
        "## Confirmations du terrain par mois",
        bar_chart(
            "Confirmations « Je label'ai vu aussi » chaque mois",
            [(label, m.confirmations) for label, m in zip(labels, months, strict=False)],
        ),
        table(
            ["Mois", "Confirmations"],
            [[label, m.confirmations] for label, m in zip(labels, months, strict=False)],
            "Confirmations par mois",
        ),
        "## Dysfonctionnements par statut",
        bar_chart("Dysfonctionnements par statut", statuses),
        table(
            ["Statut", "Dysfonctionnements"],
            [[s, n] for s, n in statuses],
            "Dysfonctionnements par statut",
        ),
        "## Départements",
        "Les départements nommés par les dysfonctionnements (leurs territoires et leurs "
        "confirmations) et par les anecdotes. Carte schématique\u00a0: un point par préfecture, un "
        "disque par département cité.",
    ]
    if not places:
        return parts + [empty("Aucun département cité pour l'instant.")]
    return parts + [
        departements_map(
            "Départements cités par les dysfonctionnements et les anecdotes",
            {p.code: p.total for p in places},
        ),
        table(
            ["Département", "Dysfonctionnements", "Anecdotes", "Total"],
            [
                [f"{departement_name(p.code)} ({p.code})", p.malfunctions, p.anecdotes, p.total]
                for p in places
            ],
            "Départements cités",
        ),
    ]


def _percent(value: float) -> str:
    return f"{round(value * 100)}\u00a0%"


def build_review_page(corpus: Corpus, today: date) -> Page:
    """What `carnet revue --dans 30 --par administration` lists, linked to the pages."""
    items = build_review(corpus, today, AHEAD_DAYS)
    groups = group_review(items, "administration", corpus.referentiels["administrations"])

    def row(i) -> str:
        due = (
            f"à revérifier depuis le {french_date(i.echeance)}, fraîcheur {_percent(i.fraicheur)}"
            if i.fraicheur < 1
            else f"à revérifier avant le {french_date(i.echeance)}"
        )
        doc = corpus.by_id.get(i.id)
        example = " <em>(exemple)</em>" if doc is not None and doc.get("exemple") else ""
        return (
            f"{a(href(REVIEW, f'{KIND_FOLDER[i.kind]}/{i.id}.md'), i.titre)}{example} — "
            f"{TYPE_LABELS[i.kind].lower()}, vérifiée le {french_date(i.verifiee_le)}, {due} · "
            f"{h(', '.join(i.auteurs))}"
        )

    intro = (
        "Les fiches et dysfonctionnements vérifiés il y a plus de six mois, et ceux qui le seront "
        "d'ici trente jours, par administration (un contenu qui en concerne plusieurs figure sous "
        "chacune). La fraîcheur vaut 1 dans les six mois qui suivent une vérification, puis baisse "
        "jusqu'à 0 à deux ans. Vérifiez le contenu sur le site officiel, puis mettez « verifiee_le "
        "» à la date du jour. La même liste, par administration ou par auteur, en texte, Markdown "
        "ou tableur\u00a0: « carnet revue --dans 30 --par administration »."
    )
    parts: list = [
        front("À revérifier", "Les contenus à vérifier de nouveau sur les sites officiels."),
        "# À revérifier",
        intro,
    ]
    if not items:
        return assemble(REVIEW, parts + [empty("Tout est à jour\u00a0: rien à revérifier.")])
    for group in groups:
        parts += [
            f"## {md(group.label)} ({len(group.items)})",
            html_list([row(i) for i in group.items], listing=True, ordered=True),
        ]
    return assemble(REVIEW, parts)
