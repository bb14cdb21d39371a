"""Hub pages: one per administration, competence and public, and their indexes."""

from __future__ import annotations

from itertools import groupby

from slugify import slugify

from carnet.model.content import Corpus, Document
from carnet.model.relations import Relations, sort_key
from carnet.site.feeds import administration_feed
from carnet.site.pages.common import (
    GRAVITE_ORDER,
    NIVEAU_ORDER,
    NIVEAUX,
    Html,
    Page,
    a,
    admonition,
    assemble,
    doc_list,
    empty,
    front,
    h,
    href,
    html_block,
    html_list,
    hub_src,
    link,
    md,
    para,
    resume_para,
)
from carnet.site.search import admin_names, marks
from carnet.text import fold, plural


def domain_anchor(domain: str) -> str:
    """A stable anchor for a competence domain on the competence index."""
    return slugify(domain)


def active_malfunctions(docs: list[Document]) -> list[Document]:
    """Not resolved, bloquant first."""
    live = [d for d in docs if d.kind == "dysfonctionnement" and d.get("statut") != "resolu"]
    return sorted(live, key=lambda d: (GRAVITE_ORDER.get(d.get("gravite"), 9), sort_key(d)))


# A hub's page title names its kind after its name (« … — compétence »): a sheet may bear the same
# words, and two pages with one title cannot be told apart in tabs, history and screen readers' page
# lists.
def build_administration_hub(ident: str, corpus: Corpus, rel: Relations) -> Page:
    entry = corpus.referentiels["administrations"].entries[ident]
    src = hub_src("administrations", ident)
    name = entry["nom"] + (
        f" ({entry['sigle']})" if entry.get("sigle") and entry["sigle"] not in entry["nom"] else ""
    )
    facts = [f"<strong>Site officiel\u00a0:</strong> {a(entry['site'], entry['site'])}"]
    if entry.get("anciens_noms"):
        facts.append("<strong>Anciennement\u00a0:</strong> " + h(", ".join(entry["anciens_noms"])))
    if entry.get("synonymes"):
        facts.append("<strong>Aussi appelé\u00a0:</strong> " + h(", ".join(entry["synonymes"])))
    channel = entry.get("signalement") or {}
    report = ""
    if channel:
        text = h(channel.get("description", "")) + (
            f" {a(channel['url'], channel['url'])}" if channel.get("url") else ""
        )
        report = admonition("info", "Signaler un problème à cette administration", text)
    docs = rel.of("administrations", ident)
    feed, feed_title = administration_feed(
        ident, corpus.referentiels["administrations"].short_label(ident)
    )
    return assemble(
        src,
        (
            [
                front(
                    f"{name} — administration",
                    entry.get("description", ""),
                    carnet_type="administration",
                    carnet_flux=feed,
                    carnet_flux_titre=feed_title,
                ),
                f"# {md(name)}",
                resume_para(entry.get("description", "")),
                marks("administration", {}, admin_names(entry), name, entry.get("description", "")),
                html_block(*(f"<p>{f}</p>" for f in facts)),
                report,
                "## Dysfonctionnements en cours",
                doc_list(
                    src,
                    rel.local_first(active_malfunctions(docs)),
                    "Aucun dysfonctionnement en cours.",
                ),
                para(
                    a(
                        href(src, "index.md") + feed,
                        "Suivre ses dysfonctionnements (flux Atom)",
                    )
                ),
                "## Fiches pratiques",
                _by_competence(src, [d for d in docs if d.kind == "fiche"], corpus),
                "## Anecdotes",
                doc_list(
                    src,
                    [d for d in docs if d.kind == "anecdote"],
                    "Aucune anecdote pour l'instant.",
                ),
            ]
        ),
    )


def _by_competence(src: str, fiches: list[Document], corpus: Corpus) -> list | Html:
    if not fiches:
        return empty("Aucune fiche pour l'instant.")
    blocks: list = []
    for ident, entry in corpus.referentiels["competences"].entries.items():
        group = [f for f in fiches if ident in (f.get("competences") or [])]
        if group:
            blocks += [
                f"### [{md(entry['libelle'])}]({link(src, hub_src('competences', ident))})",
                doc_list(src, group),
            ]
    return blocks


def build_competence_hub(ident: str, corpus: Corpus, rel: Relations) -> Page:
    entry = corpus.referentiels["competences"].entries[ident]
    src = hub_src("competences", ident)
    description = entry.get("description", "")
    facts = html_block(
        f"<p><strong>Domaine\u00a0:</strong> {h(entry['domaine'])}</p>",
        f"<p><strong>Compétence Pix\u00a0:</strong> {h(entry['pix'])} (cadre de référence des "
        f"compétences numériques)</p>"
        if entry.get("pix")
        else "",
    )
    fiches = sorted(
        rel.of("competences", ident, "fiche"),
        key=lambda d: (NIVEAU_ORDER.get(d.get("niveau"), 9), rel.rank(d), sort_key(d)),
    )
    others = [d for d in rel.of("competences", ident) if d.kind != "fiche"]
    return assemble(
        src,
        (
            [
                front(
                    f"{entry['libelle']} — compétence",
                    description or entry["libelle"],
                    carnet_type="competence",
                ),
                f"# {md(entry['libelle'])}",
                resume_para(description) if description else "",
                marks(
                    "competence",
                    {},
                    [f"Pix {entry['pix']}"] if entry.get("pix") else [],
                    entry["libelle"],
                    description,
                ),
                facts,
                "## Le parcours, du débutant à l'avancé",
                _by_level(src, fiches),
                "## Anecdotes et dysfonctionnements" if others else "",
                doc_list(src, others) if others else "",
            ]
        ),
    )


def _by_level(src: str, fiches: list[Document]) -> list | Html:
    if not fiches:
        return empty("Aucune fiche pour l'instant.")
    blocks: list = []
    for level, group in groupby(fiches, key=lambda d: d.get("niveau")):
        blocks += [f"### {NIVEAUX.get(level, 'Autre niveau')}", doc_list(src, group, ordered=True)]
    return blocks


def build_public_page(ident: str, corpus: Corpus, rel: Relations) -> Page:
    entry = corpus.referentiels["publics"].entries[ident]
    src = hub_src("publics", ident)
    title = entry["libelle"]
    fiches = sorted(
        rel.of("publics", ident, "fiche"),
        key=lambda d: (NIVEAU_ORDER.get(d.get("niveau"), 9), rel.rank(d), sort_key(d)),
    )
    return assemble(
        src,
        (
            [
                front(
                    f"{title} — public accompagné",
                    f"Fiches et récits pour accompagner\u00a0: {title.lower()}.",
                    carnet_type="public",
                ),
                f"# {md(title)}",
                marks(
                    "public",
                    {},
                    [],
                    title,
                    f"Les fiches pensées pour ce public\u00a0: {title.lower()}.",
                ),
                para(
                    f"{plural(len(fiches), 'fiche pratique', 'fiches pratiques')} pensées pour ce "
                    f"public."
                ),
                _by_level(src, fiches),
            ]
        ),
    )


def build_administrations_index(corpus: Corpus, rel: Relations) -> Page:
    src = "administrations/index.md"
    items = []
    for ident, entry in sorted(
        corpus.referentiels["administrations"].entries.items(), key=lambda kv: fold(kv[1]["nom"])
    ):
        count = len(rel.of("administrations", ident, "fiche"))
        former = (
            f" — anciennement {h(', '.join(entry['anciens_noms']))}"
            if entry.get("anciens_noms")
            else ""
        )
        items.append(
            f"{a(href(src, hub_src('administrations', ident)), entry['nom'])} "
            f"({plural(count, 'fiche')}){former}"
        )
    return assemble(
        src,
        (
            [
                front(
                    "Administrations",
                    "Les fiches, anecdotes et dysfonctionnements par administration.",
                ),
                "# Administrations",
                html_list(items),
            ]
        ),
    )


def build_competences_index(corpus: Corpus, rel: Relations) -> Page:
    src = "competences/index.md"
    entries = corpus.referentiels["competences"].entries
    blocks = [
        front("Compétences", "Les compétences numériques travaillées, groupées par domaine."),
        "# Compétences",
    ]
    for domain in dict.fromkeys(e["domaine"] for e in entries.values()):
        items = [
            a(href(src, hub_src("competences", i)), e["libelle"])
            + (f" — Pix {h(e['pix'])}" if e.get("pix") else "")
            + f" ({plural(len(rel.of('competences', i, 'fiche')), 'fiche')})"
            for i, e in entries.items()
            if e["domaine"] == domain
        ]
        blocks += [f"## {md(domain)} {{ #{domain_anchor(domain)} }}", html_list(items)]
    return assemble(src, (blocks))


def build_publics_index(corpus: Corpus, rel: Relations) -> Page:
    src = "publics/index.md"
    items = [
        f"{a(href(src, hub_src('publics', i)), e['libelle'])} "
        f"({plural(len(rel.of('publics', i, 'fiche')), 'fiche')})"
        for i, e in corpus.referentiels["publics"].entries.items()
    ]
    return assemble(
        src,
        (
            [
                front("Publics", "Les fiches pensées pour chaque public accompagné."),
                "# Publics",
                html_list(items),
            ]
        ),
    )
