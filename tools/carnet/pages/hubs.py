"""Hub pages: one per administration, competence and public, and their indexes."""

from __future__ import annotations

from itertools import groupby

from slugify import slugify

from carnet.content import Corpus, Document
from carnet.pages.common import (GRAVITE_ORDER, NIVEAU_ORDER, NIVEAUX, Page, doc_item, doc_list, front, hub_src, link,
                                 md, plural)
from carnet.relations import Relations, sort_key
from carnet.rules.sections import fold


def domain_anchor(domain: str) -> str:
    """A stable anchor for a competence domain on the competence index."""
    return slugify(domain)


def active_malfunctions(docs: list[Document]) -> list[Document]:
    """Not resolved, bloquant first."""
    live = [d for d in docs if d.kind == "dysfonctionnement" and d.get("statut") != "resolu"]
    return sorted(live, key=lambda d: (GRAVITE_ORDER.get(d.get("gravite"), 9), sort_key(d)))


def build_administration_hub(ident: str, corpus: Corpus, rel: Relations) -> Page:
    entry = corpus.referentiels["administrations"].entries[ident]
    src = hub_src("administrations", ident)
    name = entry["nom"] + (f" ({entry['sigle']})" if entry.get("sigle") and entry["sigle"] not in entry["nom"] else "")
    parts = [front(name, entry.get("description", ""), carnet_type="administration"), f"# {md(name)}",
             md(entry.get("description", "")) + "\n{ .carnet-resume }"]
    facts = [f"**Site officiel :** <{entry['site']}>"]
    if entry.get("anciens_noms"):
        facts.append("**Anciennement :** " + ", ".join(md(n) for n in entry["anciens_noms"]))
    if entry.get("synonymes"):
        facts.append("**Aussi appelé :** " + ", ".join(md(n) for n in entry["synonymes"]))
    parts.append("\n\n".join(facts))
    channel = entry.get("signalement") or {}
    if channel:
        text = md(channel.get("description", "")) + (f" <{channel['url']}>" if channel.get("url") else "")
        parts.append(f'!!! info "Signaler un problème à cette administration"\n    {text}')
    docs = rel.of("administrations", ident)
    parts.append("## Dysfonctionnements en cours\n\n" + doc_list(src, active_malfunctions(docs), "Aucun dysfonctionnement en cours."))
    parts.append("## Fiches pratiques\n\n" + _by_competence(src, [d for d in docs if d.kind == "fiche"], corpus))
    parts.append("## Anecdotes\n\n" + doc_list(src, [d for d in docs if d.kind == "anecdote"], "Aucune anecdote pour l'instant."))
    return Page(src, "\n\n".join(parts) + "\n")


def _by_competence(src: str, fiches: list[Document], corpus: Corpus) -> str:
    if not fiches:
        return "*Aucune fiche pour l'instant.*"
    competences = corpus.referentiels["competences"]
    blocks = []
    for ident, entry in competences.entries.items():
        group = [f for f in fiches if ident in (f.get("competences") or [])]
        if group:
            title = f"[{md(entry['libelle'])}]({link(src, hub_src('competences', ident))})"
            blocks.append(f"### {title}\n\n" + doc_list(src, group))
    return "\n\n".join(blocks)


def build_competence_hub(ident: str, corpus: Corpus, rel: Relations) -> Page:
    entry = corpus.referentiels["competences"].entries[ident]
    src = hub_src("competences", ident)
    description = entry.get("description", "")
    parts = [front(entry["libelle"], description or entry["libelle"], carnet_type="competence"), f"# {md(entry['libelle'])}"]
    if description:
        parts.append(md(description) + "\n{ .carnet-resume }")
    facts = [f"**Domaine :** {md(entry['domaine'])}"]
    if entry.get("pix"):
        facts.append(f"**Compétence Pix :** {md(entry['pix'])} (cadre de référence des compétences numériques)")
    parts.append("\n\n".join(facts))
    fiches = sorted(rel.of("competences", ident, "fiche"), key=lambda d: (NIVEAU_ORDER.get(d.get("niveau"), 9), sort_key(d)))
    parts.append("## Le parcours, du débutant à l'avancé\n\n" + _by_level(src, fiches))
    others = [d for d in rel.of("competences", ident) if d.kind != "fiche"]
    if others:
        parts.append("## Anecdotes et dysfonctionnements\n\n" + doc_list(src, others))
    return Page(src, "\n\n".join(parts) + "\n")


def _by_level(src: str, fiches: list[Document]) -> str:
    if not fiches:
        return "*Aucune fiche pour l'instant.*"
    blocks = []
    for level, group in groupby(fiches, key=lambda d: d.get("niveau")):
        items = "\n".join(f"1. {doc_item(src, d)}" for d in group)
        blocks.append(f"### {NIVEAUX.get(level, 'Autre niveau')}\n\n{items}")
    return "\n\n".join(blocks)


def build_public_page(ident: str, corpus: Corpus, rel: Relations) -> Page:
    entry = corpus.referentiels["publics"].entries[ident]
    src = hub_src("publics", ident)
    title = entry["libelle"]
    parts = [front(title, f"Fiches et récits pour accompagner : {title.lower()}.", carnet_type="public"), f"# {md(title)}"]
    fiches = sorted(rel.of("publics", ident, "fiche"), key=lambda d: (NIVEAU_ORDER.get(d.get("niveau"), 9), sort_key(d)))
    parts.append(f"{plural(len(fiches), 'fiche pratique', 'fiches pratiques')} pensées pour ce public.")
    parts.append(_by_level(src, fiches))
    return Page(src, "\n\n".join(parts) + "\n")


def build_administrations_index(corpus: Corpus, rel: Relations) -> Page:
    src = "administrations/index.md"
    lines = []
    for ident, entry in sorted(corpus.referentiels["administrations"].entries.items(), key=lambda kv: fold(kv[1]["nom"])):
        count = len(rel.of("administrations", ident, "fiche"))
        former = f" — anciennement {', '.join(md(n) for n in entry['anciens_noms'])}" if entry.get("anciens_noms") else ""
        lines.append(f"- [{md(entry['nom'])}]({link(src, hub_src('administrations', ident))}) "
                     f"({plural(count, 'fiche')}){former}")
    return Page(src, front("Administrations", "Les fiches, anecdotes et dysfonctionnements par administration.")
                + "\n# Administrations\n\n" + "\n".join(lines) + "\n")


def build_competences_index(corpus: Corpus, rel: Relations) -> Page:
    src = "competences/index.md"
    entries = corpus.referentiels["competences"].entries
    blocks = []
    for domain in dict.fromkeys(e["domaine"] for e in entries.values()):
        lines = [f"- [{md(e['libelle'])}]({link(src, hub_src('competences', i))})"
                 + (f" — Pix {md(e['pix'])}" if e.get("pix") else "")
                 + f" ({plural(len(rel.of('competences', i, 'fiche')), 'fiche')})"
                 for i, e in entries.items() if e["domaine"] == domain]
        blocks.append(f"## {md(domain)} {{ #{domain_anchor(domain)} }}\n\n" + "\n".join(lines))
    return Page(src, front("Compétences", "Les compétences numériques travaillées, groupées par domaine.")
                + "\n# Compétences\n\n" + "\n\n".join(blocks) + "\n")


def build_publics_index(corpus: Corpus, rel: Relations) -> Page:
    src = "publics/index.md"
    lines = [f"- [{md(e['libelle'])}]({link(src, hub_src('publics', i))}) ({plural(len(rel.of('publics', i, 'fiche')), 'fiche')})"
             for i, e in corpus.referentiels["publics"].entries.items()]
    return Page(src, front("Publics", "Les fiches pensées pour chaque public accompagné.")
                + "\n# Publics\n\n" + "\n".join(lines) + "\n")
