"""Listings: the fiches, the anecdotes, the malfunctions board, the themes and their pages."""

from __future__ import annotations

from carnet.content import Corpus, Document
from carnet.pages.common import (GRAVITES, NBSP, NIVEAUX, STATUTS, Page, doc_list, french_date, front, hub_src, link,
                                 md, src_of)
from carnet.pages.hubs import active_malfunctions
from carnet.pages.sheets import last_seen
from carnet.relations import Relations, sort_key


def build_fiches_index(rel: Relations) -> Page:
    src = "fiches/index.md"
    lines = []
    for doc in rel.docs["fiche"]:
        facts = [NIVEAUX.get(doc.get("niveau"), "")] + ([f"{doc.get('duree_minutes')}{NBSP}min"] if doc.get("duree_minutes") else [])
        lines.append(f"- [{md(doc.get('titre'))}]({link(src, src_of(doc))}) — {' · '.join(f for f in facts if f)}")
    body = "\n".join(lines) or "*Aucune fiche pour l'instant.*"
    intro = (f"{len(lines)} fiches pratiques pour accompagner une démarche ou un apprentissage. "
             "Pour s'y retrouver plus vite, passez par une [administration](../administrations/index.md), "
             "une [compétence](../competences/index.md) ou un [public](../publics/index.md).")
    return Page(src, front("Fiches pratiques", "Toutes les fiches pratiques du carnet.") + f"\n# Fiches pratiques\n\n{intro}\n\n{body}\n")


def build_anecdotes_index(rel: Relations) -> Page:
    src = "anecdotes/index.md"
    docs = sorted(rel.docs["anecdote"], key=lambda d: str(d.get("date", "")), reverse=True)
    return Page(src, front("Anecdotes de terrain", "Des situations vécues, anonymisées, et ce qu'elles ont appris.")
                + "\n# Anecdotes de terrain\n\nDes situations vécues, anonymisées, et ce que leurs auteurs en retiennent.\n\n"
                + doc_list(src, docs, "Aucune anecdote pour l'instant.") + "\n")


def build_malfunctions_board(corpus: Corpus, rel: Relations) -> Page:
    src = "dysfonctionnements/index.md"
    docs = rel.docs["dysfonctionnement"]
    parts = [front("Dysfonctionnements", "Le tableau des problèmes récurrents des sites publics, avec leurs contournements."),
             "# Dysfonctionnements",
             "Les problèmes qui reviennent sur les sites des administrations, confirmés par le terrain, "
             "avec leur contournement."]
    groups = {"actif": active_malfunctions([d for d in docs if d.get("statut") == "actif"]),
              "contourne": active_malfunctions([d for d in docs if d.get("statut") == "contourne"]),
              "resolu": sorted([d for d in docs if d.get("statut") == "resolu"], key=lambda d: str(d.get("resolu_le")), reverse=True)}
    titles = {"actif": "Actifs", "contourne": "Contournés", "resolu": "Résolus"}
    for status, group in groups.items():
        parts.append(f"## {titles[status]}\n\n" + (_board(src, group, corpus) if group else "*Aucun.*"))
    return Page(src, "\n\n".join(parts) + "\n")


def _board(src: str, docs: list[Document], corpus: Corpus) -> str:
    admins = corpus.referentiels["administrations"]
    rows = ["| Dysfonctionnement | Administration | Statut | Gravité | Confirmations | Vu pour la dernière fois |",
            "|---|---|---|---|--:|---|"]
    for d in docs:
        names = ", ".join(f"[{md(admins.label(a))}]({link(src, hub_src('administrations', a))})"
                          for a in d.get("administrations") or [] if a in admins.entries)
        title = f"[{md(d.get('titre'))}]({link(src, src_of(d))})" + (" *(exemple)*" if d.get("exemple") else "")
        rows.append(f"| {title} | {names} | {STATUTS.get(d.get('statut'), '')} | {GRAVITES.get(d.get('gravite'), '')} "
                    f"| {len(d.get('signalements') or [])} | {french_date(last_seen(d))} |")
    return "\n".join(rows)


def theme_month(theme: Document) -> str:
    return french_date(theme.id).capitalize() if len(theme.id) == 7 else theme.id


def build_themes_archive(rel: Relations) -> Page:
    src = "themes/index.md"
    themes = sorted(rel.docs["theme"], key=lambda d: d.id, reverse=True)
    lines = [f"- **{theme_month(t)}** : [{md(t.get('titre'))}]({link(src, src_of(t))}) — {md(t.get('resume', ''))}" for t in themes]
    return Page(src, front("Thèmes du mois", "Les thèmes choisis chaque mois par les animateurs du réseau.")
                + "\n# Thèmes du mois\n\nChaque mois, les animateurs du réseau choisissent un thème, une sélection "
                "de contenus et une rencontre.\n\n" + ("\n".join(lines) or "*Aucun thème pour l'instant.*") + "\n")


def meeting_text(theme: Document) -> str:
    """« Rencontre le 26 novembre 2026 à 14:00 — En visio », with its links."""
    meeting = theme.get("rencontre") or {}
    if not meeting:
        return ""
    text = f"**Rencontre du réseau** le {french_date(meeting.get('date'))}"
    text += f" à {md(meeting['heure'])}" if meeting.get("heure") else ""
    text += f" — {md(meeting['lieu'])}" if meeting.get("lieu") else ""
    links = [f"[Rejoindre la visio]({meeting['visio_url']})" if meeting.get("visio_url") else "",
             f"[S'inscrire]({meeting['inscription_url']})" if meeting.get("inscription_url") else ""]
    return text + "".join(f" · {l}" for l in links if l)


def build_theme_page(theme: Document, corpus: Corpus) -> Page:
    src = src_of(theme)
    selection = [corpus.by_id[i] for i in theme.get("selection") or [] if i in corpus.by_id and corpus.by_id[i].readable]
    parts = [front(theme.get("titre", theme.id), theme.get("resume", ""), carnet_type="theme"),
             f"# {md(theme.get('titre', theme.id))}",
             f"Thème de {theme_month(theme).lower()} · préparé par {', '.join(md(a) for a in theme.get('animateurs') or [])}\n{{ .carnet-dates }}"]
    if theme.get("exemple"):
        parts.append('!!! example "Contenu d\'exemple"\n    Ce thème et sa rencontre sont illustratifs.')
    if meeting_text(theme):
        parts.append(f'!!! info "Rencontre"\n    {meeting_text(theme)}')
    parts += [theme.body.strip(), "## La sélection du mois\n\n" + doc_list(src, selection)]
    return Page(src, "\n\n".join(p for p in parts if p) + "\n")
