"""Listings: the fiches, the anecdotes, the malfunctions board, the themes and their pages."""

from __future__ import annotations

from datetime import date

from carnet.model.content import Corpus, Document
from carnet.model.themes import last_seen, meeting_is_past
from carnet.site.pages.common import (
    GRAVITES,
    NBSP,
    NIVEAUX,
    STATUTS,
    Body,
    Html,
    Page,
    a,
    admonition,
    assemble,
    doc_list,
    empty,
    french_date,
    front,
    h,
    href,
    html_list,
    hub_src,
    md,
    para,
    src_of,
)
from carnet.site.pages.hubs import active_malfunctions
from carnet.site.pages.sheets import example_meta
from carnet.site.search import marks
from carnet.text import clock

EXAMPLE = " <em>(exemple)</em>"


def build_fiches_index(rel) -> Page:
    src = "fiches/index.md"
    items = []
    for doc in rel.docs["fiche"]:
        facts = [NIVEAUX.get(doc.get("niveau"), "")] + (
            [f"{doc.get('duree_minutes')}{NBSP}min"] if doc.get("duree_minutes") else []
        )
        label = EXAMPLE if doc.get("exemple") else ""
        items.append(
            f"{a(href(src, src_of(doc)), doc.get('titre'))}{label} — "
            f"{' · '.join(f for f in facts if f)}"
        )
    intro = (
        f"{len(items)} fiches pratiques pour accompagner une démarche ou un apprentissage. "
        "Pour s'y retrouver plus vite, passez par une "
        "[administration](../administrations/index.md), une [compétence](../competences/index.md) "
        "ou un [public](../publics/index.md)."
    )
    return assemble(
        src,
        (
            [
                front("Fiches pratiques", "Toutes les fiches pratiques du carnet."),
                "# Fiches pratiques",
                intro,
                html_list(items) if items else empty("Aucune fiche pour l'instant."),
            ]
        ),
    )


def build_anecdotes_index(rel) -> Page:
    src = "anecdotes/index.md"
    docs = sorted(rel.docs["anecdote"], key=lambda d: str(d.get("date", "")), reverse=True)
    return assemble(
        src,
        (
            [
                front(
                    "Anecdotes de terrain",
                    "Des situations vécues, anonymisées, et ce qu'elles ont appris.",
                ),
                "# Anecdotes de terrain",
                "Des situations vécues, anonymisées, et ce que leurs auteurs en retiennent.",
                doc_list(src, docs, "Aucune anecdote pour l'instant."),
            ]
        ),
    )


def build_malfunctions_board(corpus: Corpus, rel) -> Page:
    src = "dysfonctionnements/index.md"
    docs = rel.docs["dysfonctionnement"]
    parts = [
        front(
            "Dysfonctionnements",
            "Le tableau des problèmes récurrents des sites publics, avec leurs contournements.",
        ),
        "# Dysfonctionnements",
        "Les problèmes qui reviennent sur les sites des administrations, confirmés par le terrain, "
        "avec leur contournement.",
    ]
    groups = {
        "Actifs": active_malfunctions([d for d in docs if d.get("statut") == "actif"]),
        "Contournés": active_malfunctions([d for d in docs if d.get("statut") == "contourne"]),
        "Résolus": sorted(
            [d for d in docs if d.get("statut") == "resolu"],
            key=lambda d: str(d.get("resolu_le")),
            reverse=True,
        ),
    }
    for title, group in groups.items():
        parts += [f"## {title}", _board(src, group, corpus) if group else empty("Aucun.")]
    return assemble(src, (parts))


def _board(src: str, docs: list[Document], corpus: Corpus) -> Html:
    admins = corpus.referentiels["administrations"]
    labels = (
        "Dysfonctionnement",
        "Administration",
        "Statut",
        "Gravité",
        "Confirmations",
        "Vu pour la dernière fois",
    )
    head = "".join(f'<th scope="col">{t}</th>' for t in labels)
    rows = []
    for d in docs:
        names = ", ".join(
            a(href(src, hub_src("administrations", x)), admins.label(x))
            for x in d.get("administrations") or []
            if x in admins.entries
        )
        title = a(href(src, src_of(d)), d.get("titre")) + (
            " <em>(exemple)</em>" if d.get("exemple") else ""
        )
        cells = [
            title,
            names,
            STATUTS.get(d.get("statut"), ""),
            GRAVITES.get(d.get("gravite"), ""),
            str(len(d.get("signalements") or [])),
            french_date(last_seen(d)),
        ]
        rows.append(
            "<tr>"
            + "".join(f'<td data-label="{t}">{c}</td>' for t, c in zip(labels, cells, strict=False))
            + "</tr>"
        )
    # Cards under 600 px (carnet.css reads data-label); a real table, with its headers, everywhere.
    # No class: Material styles (and wraps) only tables without one.
    return Html(
        '<table data-carnet-tableau="cartes" data-pagefind-ignore>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"
    )


def theme_month(theme: Document) -> str:
    return french_date(theme.id).capitalize() if len(theme.id) == 7 else theme.id


def build_themes_archive(rel) -> Page:
    src = "themes/index.md"
    themes = sorted(rel.docs["theme"], key=lambda d: d.id, reverse=True)
    items = [
        f"<strong>{theme_month(t)}</strong>\u00a0: "
        f"{a(href(src, src_of(t)), t.get('titre'))}{EXAMPLE if t.get('exemple') else ''} — "
        f"{h(t.get('resume', ''))}"
        for t in themes
    ]
    return assemble(
        src,
        (
            [
                front(
                    "Thèmes du mois", "Les thèmes choisis chaque mois par les animateurs du réseau."
                ),
                "# Thèmes du mois",
                "Chaque mois, les animateurs du réseau choisissent un thème, une sélection de "
                "contenus et une rencontre.",
                html_list(items) if items else empty("Aucun thème pour l'instant."),
            ]
        ),
    )


def meeting_text(theme: Document, today: date) -> str:
    """« Rencontre le 26 novembre 2026 à 14:00 — En visio », with its links, as HTML.

    A meeting already past says so, without its invitation or registration link.
    """
    meeting = theme.get("rencontre") or {}
    if not meeting:
        return ""
    past = meeting_is_past(theme, today)
    opening = (
        "<strong>La rencontre a eu lieu</strong>"
        if past
        else "<strong>Rencontre du réseau</strong>"
    )
    text = f"{opening} le {french_date(meeting.get('date'))}"
    text += f" à {h(clock(meeting['heure']))}" if meeting.get("heure") else ""
    text += f" — {h(meeting['lieu'])}" if meeting.get("lieu") else ""
    links = [
        a(meeting["visio_url"], "Rejoindre la visio") if meeting.get("visio_url") else "",
        a(meeting["inscription_url"], "S'inscrire") if meeting.get("inscription_url") else "",
    ]
    return text + ("" if past else "".join(f" · {link}" for link in links if link))


def meeting_block(theme: Document, today: date) -> Html | str:
    """The theme page's meeting: with its .ics invitation while it is to come, as a past event
    after.
    """
    if not theme.get("rencontre"):
        return ""
    if meeting_is_past(theme, today):
        return admonition("note", "Rencontre passée", meeting_text(theme, today))
    return admonition(
        "info",
        "Rencontre",
        meeting_text(theme, today) + " · " + a(f"../{theme.id}.ics", "Ajouter à mon agenda (.ics)"),
    )


def build_theme_page(theme: Document, corpus: Corpus, today: date) -> Page:
    src = src_of(theme)
    selection = [
        corpus.by_id[i]
        for i in theme.get("selection") or []
        if i in corpus.by_id and corpus.by_id[i].readable
    ]
    by = ", ".join(str(x) for x in theme.get("animateurs") or [])
    return assemble(
        src,
        (
            [
                front(theme.get("titre", theme.id), theme.get("resume", ""), carnet_type="theme"),
                f"# {md(theme.get('titre', theme.id))}",
                marks(
                    "theme", {}, [], str(theme.get("titre", theme.id)), str(theme.get("resume", ""))
                ),
                example_meta(theme),
                para(
                    f"Thème de {theme_month(theme).lower()} · préparé par {h(by)}", "carnet-dates"
                ),
                admonition(
                    "example", "Contenu d'exemple", "Ce thème et sa rencontre sont illustratifs."
                )
                if theme.get("exemple")
                else "",
                meeting_block(theme, today),
                para(
                    a("imprimer/", "Version à imprimer\u00a0: l'éditorial et toute la sélection"),
                    "carnet-imprimer-lien",
                ),
                Body(theme.body.strip()),
                "## La sélection du mois",
                doc_list(src, selection, css="carnet-cartes"),
            ]
        ),
    )
