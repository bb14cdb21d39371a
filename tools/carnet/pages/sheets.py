"""The page of one fiche, anecdote or dysfonctionnement."""

from __future__ import annotations

from html import escape

from carnet.content import Corpus, Document
from carnet.dates import needs_review, parse_date
from carnet.pages.common import (GRAVITES, NBSP, NIVEAUX, STATUTS, Page, SiteSettings, badge, doc_list, french_date,
                                 front, hub_src, link, md, plural, src_of)
from carnet.relations import Relations

LIEUX = {"mediatheque": "Médiathèque", "france-services": "France Services", "mairie": "Mairie", "ccas": "CCAS",
         "association": "Association", "domicile": "À domicile", "itinerance": "En itinérance", "autre": "Autre lieu"}
REF_KINDS = (("publics", "public"), ("administrations", "administration"), ("competences", "competence"))


def build_sheet_page(doc: Document, corpus: Corpus, rel: Relations, settings: SiteSettings) -> Page:
    """Header (title, résumé, badges, banners), the contributor's body, then what surrounds it."""
    src = src_of(doc)
    head = {"fiche": _fiche_head, "anecdote": _anecdote_head, "dysfonctionnement": _dysfonctionnement_head}[doc.kind]
    parts = [
        front(doc.get("titre", doc.id), doc.get("resume", ""), carnet_type=doc.kind),
        f"# {md(doc.get('titre', doc.id))}",
        *_banners(doc, settings),
        f"{md(doc.get('resume', ''))}\n{{ .carnet-resume }}",
        head(doc, corpus, src),
        doc.body.strip(),
        *_dysfonctionnement_tail(doc, corpus, src),
        *_surroundings(doc, corpus, rel, src),
        _edit_link(doc, settings),
    ]
    return Page(src, "\n\n".join(p for p in parts if p) + "\n")


def _banners(doc: Document, settings: SiteSettings) -> list[str]:
    banners = []
    if doc.get("exemple"):
        banners.append('!!! example "Contenu d\'exemple"\n    Ce contenu est illustratif ou fictif : '
                       "il montre ce que le carnet peut contenir, ce n'est pas un fait vérifié.")
    verified = parse_date(doc.get("verifiee_le"))
    if verified and doc.kind != "anecdote" and needs_review(verified, settings.today):
        banners.append(f'!!! warning "À revérifier"\n    Vérifiée pour la dernière fois le {french_date(verified)}, '
                       "il y a plus de six mois : les sites changent, contrôlez chaque étape sur le site officiel.")
    return banners


def _ref_badges(doc: Document, corpus: Corpus, src: str) -> list[str]:
    out = []
    for key, kind in REF_KINDS:
        referentiel = corpus.referentiels[key]
        for ident in doc.get(key) or []:
            if ident in referentiel.entries:
                out.append(badge(referentiel.label(ident), kind, link(src, hub_src(key, ident))))
    return out


def _badges(items: list[str]) -> str:
    return '<div class="carnet-badges" markdown>\n' + "\n".join(items) + "\n</div>" if items else ""


def _span(text: str, kind: str) -> str:
    return f'<span class="carnet-badge carnet-badge--{kind}">{escape(text)}</span>'


def _fiche_head(doc: Document, corpus: Corpus, src: str) -> str:
    items = []
    if doc.get("niveau") in NIVEAUX:
        items.append(_span(NIVEAUX[doc.get("niveau")], "niveau"))
    if doc.get("duree_minutes"):
        items.append(_span(f"{doc.get('duree_minutes')}{NBSP}min", "duree"))
    dates = f"Vérifiée le {french_date(doc.get('verifiee_le'))} · créée le {french_date(doc.get('creee_le'))}"
    return _badges(items + _ref_badges(doc, corpus, src)) + f"\n\n{dates}\n{{ .carnet-dates }}" + _prerequis(doc)


def _prerequis(doc: Document) -> str:
    items = doc.get("prerequis") or []
    return "\n\n**Prérequis :** " + " ; ".join(md(i) for i in items) if items else ""


def _anecdote_head(doc: Document, corpus: Corpus, src: str) -> str:
    items = [_span(LIEUX[doc.get("lieu")], "lieu")] if doc.get("lieu") in LIEUX else []
    when = f"Vécu en {french_date(doc.get('date'))}" if doc.get("date") else ""
    lesson = f'!!! tip "Enseignement"\n    {md(doc.get("enseignement", ""))}'
    return _badges(items + _ref_badges(doc, corpus, src)) + (f"\n\n{when}\n{{ .carnet-dates }}" if when else "") + "\n\n" + lesson


def last_seen(doc: Document) -> str:
    """The latest field confirmation, or the first sighting."""
    dates = [s.get("date") for s in doc.get("signalements") or [] if isinstance(s, dict) and s.get("date")]
    return max([*dates, doc.get("constate_le") or ""])


def _dysfonctionnement_head(doc: Document, corpus: Corpus, src: str) -> str:
    items = []
    if doc.get("statut") in STATUTS:
        items.append(_span(STATUTS[doc.get("statut")], f"statut-{doc.get('statut')}"))
    if doc.get("gravite") in GRAVITES:
        items.append(_span(GRAVITES[doc.get("gravite")], f"gravite-{doc.get('gravite')}"))
    count = len(doc.get("signalements") or [])
    facts = [f"Démarche : {md(doc.get('service', ''))}", f"constaté depuis le {french_date(doc.get('constate_le'))}",
             f"{plural(count, 'confirmation')} du terrain", f"vu pour la dernière fois le {french_date(last_seen(doc))}"]
    if doc.get("resolu_le"):
        facts.append(f"résolu le {french_date(doc.get('resolu_le'))}")
    where = f"\n\nOù : <{doc.get('url')}>" if doc.get("url") else ""
    return _badges(items + _ref_badges(doc, corpus, src)) + "\n\n" + " · ".join(facts) + "\n{ .carnet-dates }" + where


def _dysfonctionnement_tail(doc: Document, corpus: Corpus, src: str) -> list[str]:
    if doc.kind != "dysfonctionnement":
        return []
    parts = ["## Confirmations du terrain\n\n" + _timeline(doc)]
    reported = [f"- {md(r.get('canal', ''))}, le {french_date(r.get('date'))}"
                + (f" (référence {md(r['reference'])})" if r.get("reference") else "")
                for r in doc.get("signale_a") or [] if isinstance(r, dict)]
    parts.append("## Signalé à l'administration\n\n" + ("\n".join(reported) or "*Pas encore signalé.*"))
    parts.append("## Signaler ce problème à l'administration\n\n" + _channels(doc, corpus, src))
    return parts


def _timeline(doc: Document) -> str:
    items = sorted((s for s in doc.get("signalements") or [] if isinstance(s, dict)), key=lambda s: s.get("date", ""))
    if not items:
        return "*Aucune confirmation pour l'instant.*"
    lines = [f"1. **{french_date(s.get('date'))}**" + (f" — {territory(s['territoire'])}" if s.get("territoire") else "")
             + (f" — {md(s['commentaire'])}" if s.get("commentaire") else "") for s in items]
    return '<div class="carnet-timeline" markdown>\n\n' + "\n".join(lines) + "\n\n</div>"


def territory(code: str) -> str:
    return "national" if code == "national" else f"département{NBSP}{code}"


def _channels(doc: Document, corpus: Corpus, src: str) -> str:
    admins = corpus.referentiels["administrations"]
    lines = []
    for ident in doc.get("administrations") or []:
        entry = admins.entries.get(ident)
        if not entry:
            continue
        channel = entry.get("signalement") or {}
        text = md(channel.get("description", "Voir son site officiel."))
        url = f" <{channel['url']}>" if channel.get("url") else ""
        lines.append(f"- **[{md(entry['nom'])}]({link(src, hub_src('administrations', ident))})** : {text}{url}")
    return "\n".join(lines) or "*Aucune administration indiquée.*"


def _surroundings(doc: Document, corpus: Corpus, rel: Relations, src: str) -> list[str]:
    parts = []
    related = rel.related(doc, corpus)
    if related:
        parts.append("## Pour aller plus loin\n\n" + doc_list(src, related))
    if rel.themes_of.get(doc.id):
        parts.append("## Dans les thèmes du mois\n\n" + doc_list(src, rel.themes_of[doc.id]))
    links = [f"- [{md(l.get('titre', l.get('url')))}]({l.get('url')})" for l in doc.get("liens") or [] if isinstance(l, dict)]
    if links:
        parts.append("## Liens officiels\n\n" + "\n".join(links))
    authors = ", ".join(md(a) for a in doc.get("auteurs") or [])
    if authors:
        parts.append(f"**Auteurs :** {authors}\n{{ .carnet-auteurs }}")
    return parts


def _edit_link(doc: Document, settings: SiteSettings) -> str:
    if not settings.edit_base:
        return ""
    target = settings.edit_base + doc.path.relative_to(doc.path.parents[1]).as_posix()
    return f"[Proposer une correction]({target}){{ .md-button .carnet-edit }}"
