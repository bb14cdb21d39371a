"""The page of one fiche, anecdote or dysfonctionnement.

The contributor's body stays Markdown; what surrounds it (badges, banners, listings) is HTML,
written here with every text escaped.
"""

from __future__ import annotations

from carnet.dates import needs_review, parse_date
from carnet.model.content import Corpus, Document
from carnet.model.relations import Relations
from carnet.model.themes import last_seen
from carnet.site.opendata.api import source_path
from carnet.site.pages.common import (
    GRAVITES,
    NBSP,
    NIVEAUX,
    STATUTS,
    Body,
    Html,
    Page,
    SiteSettings,
    a,
    admonition,
    assemble,
    badge,
    badges,
    doc_list,
    empty,
    french_date,
    front,
    h,
    href,
    html_block,
    html_list,
    hub_src,
    md,
    para,
    resume_para,
    src_of,
)
from carnet.site.pages.contribute import PAGE, issue_url
from carnet.site.pages.opendata import source_link
from carnet.site.pages.territories import local_marks
from carnet.site.search import doc_marks
from carnet.text import plural

LIEUX = {
    "mediatheque": "Médiathèque",
    "france-services": "France Services",
    "mairie": "Mairie",
    "ccas": "CCAS",
    "association": "Association",
    "domicile": "À domicile",
    "itinerance": "En itinérance",
    "autre": "Autre lieu",
}
REF_KINDS = (
    ("publics", "public"),
    ("administrations", "administration"),
    ("competences", "competence"),
)
# Where carnet-hors-ligne.js puts « Garder hors ligne » when the browser can keep pages (never
# without it).
KEEP_OFFLINE = Html('<p class="carnet-garder" data-carnet-garder hidden data-pagefind-ignore></p>')


def example_meta(doc: Document) -> Html | str:
    """Tells the search results that the page is an example (carnet-recherche.js shows « Exemple
    »)."""
    if not doc.get("exemple"):
        return ""
    return Html(
        '<div class="carnet-index" hidden><span data-pagefind-meta="exemple[data-valeur]" '
        'data-valeur="oui"></span></div>'
    )


def build_sheet_page(doc: Document, corpus: Corpus, rel: Relations, settings: SiteSettings) -> Page:
    """Header (title, résumé, badges, banners), the contributor's body, then what surrounds it."""
    src = src_of(doc)
    head = {
        "fiche": _fiche_head,
        "anecdote": _anecdote_head,
        "dysfonctionnement": _dysfonctionnement_head,
    }[doc.kind]
    parts = [
        front(doc.get("titre", doc.id), doc.get("resume", ""), carnet_type=doc.kind),
        f"# {md(doc.get('titre', doc.id))}"
        + (' { data-pagefind-weight="2" }' if doc.get("exemple") else ""),
        *_banners(doc, settings),
        resume_para(doc.get("resume", ""), demoted=bool(doc.get("exemple"))),
        doc_marks(doc, corpus),
        example_meta(doc),
        local_marks(doc, settings),
        head(doc, corpus, src),
        KEEP_OFFLINE,
        Body(doc.body.strip()),
        *_dysfonctionnement_tail(doc, corpus, src),
        *_surroundings(doc, corpus, rel, src),
        _feedback(doc, settings),
        _edit_link(doc, settings),
        source_link(src, source_path(doc)),
    ]
    return assemble(src, parts)


def _banners(doc: Document, settings: SiteSettings) -> list[Html]:
    banners = []
    if doc.get("exemple"):
        banners.append(
            admonition(
                "example",
                "Contenu d'exemple",
                "Ce contenu est illustratif ou fictif\u00a0: il montre ce que le carnet peut "
                "contenir, ce n'est pas un fait vérifié.",
            )
        )
    verified = parse_date(doc.get("verifiee_le"))
    if verified and doc.kind != "anecdote" and needs_review(verified, settings.today):
        banners.append(
            admonition(
                "warning",
                "À revérifier",
                f"Vérifiée pour la dernière fois le {french_date(verified)}, "
                "il y a plus de six mois\u00a0: les sites changent, contrôlez chaque étape sur le "
                "site officiel.",
            )
        )
    return banners


def _ref_badges(doc: Document, corpus: Corpus, src: str) -> list[str]:
    out = []
    for key, kind in REF_KINDS:
        referentiel = corpus.referentiels[key]
        for ident in doc.get(key) or []:
            if ident in referentiel.entries:
                out.append(badge(referentiel.label(ident), kind, href(src, hub_src(key, ident))))
    return out


def _facts(text_html: str) -> Html:
    return para(text_html, "carnet-dates")


def _fiche_head(doc: Document, corpus: Corpus, src: str) -> Html:
    items = []
    if doc.get("niveau") in NIVEAUX:
        items.append(badge(NIVEAUX[doc.get("niveau")], "niveau"))
    if doc.get("duree_minutes"):
        items.append(badge(f"{doc.get('duree_minutes')}{NBSP}min", "duree"))
    dates = _facts(
        f"Vérifiée le {french_date(doc.get('verifiee_le'))} · créée le "
        f"{french_date(doc.get('creee_le'))}"
    )
    needs = doc.get("prerequis") or []
    listed = "\u202f; ".join(needs)
    prerequis = f"<p><strong>Prérequis\u00a0:</strong> {h(listed)}</p>" if needs else ""
    return html_block(badges(items + _ref_badges(doc, corpus, src)), dates, prerequis)


def _anecdote_head(doc: Document, corpus: Corpus, src: str) -> Html:
    items = [badge(LIEUX[doc.get("lieu")], "lieu")] if doc.get("lieu") in LIEUX else []
    when = _facts(f"Vécu en {french_date(doc.get('date'))}") if doc.get("date") else ""
    lesson = admonition("tip", "Enseignement", h(doc.get("enseignement", "")))
    return html_block(badges(items + _ref_badges(doc, corpus, src)), when, lesson)


def _dysfonctionnement_head(doc: Document, corpus: Corpus, src: str) -> Html:
    items = []
    if doc.get("statut") in STATUTS:
        items.append(badge(STATUTS[doc.get("statut")], f"statut-{doc.get('statut')}"))
    if doc.get("gravite") in GRAVITES:
        items.append(badge(GRAVITES[doc.get("gravite")], f"gravite-{doc.get('gravite')}"))
    count = len(doc.get("signalements") or [])
    facts = [
        f"Démarche\u00a0: {h(doc.get('service', ''))}",
        f"constaté depuis le {french_date(doc.get('constate_le'))}",
        f"{plural(count, 'confirmation')} du terrain",
        f"vu pour la dernière fois le {french_date(last_seen(doc))}",
    ]
    if doc.get("resolu_le"):
        facts.append(f"résolu le {french_date(doc.get('resolu_le'))}")
    where = (
        f"<p>Où\u00a0: {a(doc.get('url'), doc.get('url'), 'carnet-adresse')}</p>"
        if doc.get("url")
        else ""
    )
    return html_block(
        badges(items + _ref_badges(doc, corpus, src)), _facts(" · ".join(facts)), where
    )


def _dysfonctionnement_tail(doc: Document, corpus: Corpus, src: str) -> list[str]:
    if doc.kind != "dysfonctionnement":
        return []
    reported = [
        f"{h(r.get('canal', ''))}, le {french_date(r.get('date'))}"
        + (f" (référence {h(r['reference'])})" if r.get("reference") else "")
        for r in doc.get("signale_a") or []
        if isinstance(r, dict)
    ]
    return [
        "## Confirmations du terrain",
        _timeline(doc),
        "## Signalé à l'administration",
        html_list(reported) if reported else empty("Pas encore signalé."),
        "## Signaler ce problème à l'administration",
        _channels(doc, corpus, src),
    ]


def _timeline(doc: Document) -> Html:
    items = sorted(
        (s for s in doc.get("signalements") or [] if isinstance(s, dict)),
        key=lambda s: s.get("date", ""),
    )
    if not items:
        return empty("Aucune confirmation pour l'instant.")
    lines = [
        f"<strong>{french_date(s.get('date'))}</strong>"
        + (f" — {territory(s['territoire'])}" if s.get("territoire") else "")
        + (f" — {h(s['commentaire'])}" if s.get("commentaire") else "")
        for s in items
    ]
    return html_list(lines, "carnet-timeline", ordered=True)


def territory(code: str) -> str:
    return "national" if code == "national" else f"département{NBSP}{h(code)}"


def _channels(doc: Document, corpus: Corpus, src: str) -> Html:
    admins = corpus.referentiels["administrations"]
    lines = []
    for ident in doc.get("administrations") or []:
        entry = admins.entries.get(ident)
        if entry:
            channel = entry.get("signalement") or {}
            text = h(channel.get("description", "Voir son site officiel."))
            url = (
                f" {a(channel['url'], channel['url'], 'carnet-adresse')}"
                if channel.get("url")
                else ""
            )
            lines.append(
                f"<strong>{a(href(src, hub_src('administrations', ident)), entry['nom'])}</strong>"
                "\u00a0: "
                f"{text}{url}"
            )
    return html_list(lines) if lines else empty("Aucune administration indiquée.")


def _surroundings(doc: Document, corpus: Corpus, rel: Relations, src: str) -> list[str]:
    parts = []
    related = rel.related(doc, corpus)
    if related:
        parts += ["## Pour aller plus loin", doc_list(src, related)]
    if rel.themes_of.get(doc.id):
        parts += ["## Dans les thèmes du mois", doc_list(src, rel.themes_of[doc.id])]
    links = [
        a(str(link.get("url")), str(link.get("titre", link.get("url"))))
        for link in doc.get("liens") or []
        if isinstance(link, dict)
    ]
    if links:
        parts += ["## Liens officiels", html_list(links)]
    authors = ", ".join(str(x) for x in doc.get("auteurs") or [])
    if authors:
        parts.append(para(f"<strong>Auteurs\u00a0:</strong> {h(authors)}", "carnet-auteurs"))
    return parts


def _feedback(doc: Document, settings: SiteSettings) -> Html | str:
    """« Signaler une erreur » everywhere, « Je l'ai vu aussi » on malfunctions: by GitHub or by the
    site's form.
    """
    if doc.kind == "anecdote":
        return ""
    proposer = href(src_of(doc), PAGE)
    title = str(doc.get("titre", doc.id))
    links = []
    if doc.kind == "dysfonctionnement":
        github = (
            issue_url(
                settings.repo_url,
                "confirmation",
                f"[Je l'ai vu aussi] {title}",
                {"dysfonctionnement": doc.id, "date": settings.today.isoformat()},
            )
            if settings.repo_url
            else ""
        )
        links.append(
            (github, f"{proposer}?dysfonctionnement={doc.id}#confirmation", "Je l'ai vu aussi")
        )
    github = (
        issue_url(settings.repo_url, "signalement", f"[Signalement] {title}", {"contenu": doc.id})
        if settings.repo_url
        else ""
    )
    links.append(
        (
            github,
            f"{proposer}?contenu={doc.id}#signalement",
            "Signaler une erreur ou une information périmée",
        )
    )
    items = [
        (a(github, label, "md-button") + " " if github else "")
        + a(form, "sans compte GitHub" if github else label)
        for github, form, label in links
    ]
    return Html(
        '<div class="carnet-retours" data-pagefind-ignore>'
        + "".join(f"<p>{i}</p>" for i in items)
        + "</div>"
    )


def _edit_link(doc: Document, settings: SiteSettings) -> Html | str:
    if not settings.edit_base:
        return ""
    target = settings.edit_base + doc.path.relative_to(doc.path.parents[1]).as_posix()
    return para(a(target, "Proposer une correction", "md-button carnet-edit"))
