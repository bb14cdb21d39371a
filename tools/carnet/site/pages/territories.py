"""Territory hubs (`territoires/<code>/`), their index, and what a territorial edition adds.

A hub shows what concerns its département first (malfunctions confirmed there, local sheets and
stories), then the national ones. A territorial edition (`edition:` in mkdocs.yml) puts its
département first on the home page and in the hubs, weighs its pages up in search, and shows its
own contacts.
"""

from __future__ import annotations

from carnet.model.content import Corpus, Document
from carnet.model.relations import Relations
from carnet.model.territories import (
    Edition,
    concerns,
    departement_label,
    departement_name,
    edition_of,
)
from carnet.site.feeds import departement_feed
from carnet.site.opendata.widgets import Scope, useful_sheets
from carnet.site.pages.common import (
    Html,
    Page,
    SiteSettings,
    a,
    assemble,
    doc_list,
    empty,
    front,
    h,
    href,
    html_list,
    md,
    para,
)
from carnet.site.pages.hubs import active_malfunctions
from carnet.text import plural

INDEX = "territoires/index.md"
NATIONAL_MOST = 10
HOME_MOST = 6


def hub_path(code: str) -> str:
    return f"territoires/{code}.md"


def search_marks(label: str, weighted: str = "") -> Html:
    """What the search index reads of a territorial page: type, title, and words weighed up."""
    parts = [
        '<span data-pagefind-meta="type[data-valeur]" data-valeur="Territoire"></span>',
        '<span data-pagefind-filter="Type:Territoire"></span>',
        f'<span data-pagefind-meta="title[data-valeur]" data-valeur="{h(label)}"></span>',
    ]
    if weighted:
        parts.append(f'<span aria-hidden="true" data-pagefind-weight="10">{h(weighted)}</span>')
    return Html('<div class="carnet-index" hidden>' + "".join(parts) + "</div>")


def local_marks(doc: Document, settings: SiteSettings) -> Html | str:
    """On a sheet of the edition's département: a filter, and its title and résumé weighed up in
    search.
    """
    edition = edition_of(settings.extra)
    if edition is None or not concerns(doc, edition.territoire):
        return ""
    words = f"{doc.get('titre', '')} · {doc.get('resume', '')} · {edition.nom}"
    return Html(
        '<div class="carnet-index" hidden>'
        f'<span data-pagefind-filter="Territoire:{h(edition.nom.replace(",", " "))}"></span><span '
        f'aria-hidden="true" data-pagefind-weight="10">{h(words)}</span></div>'
    )


def contacts_block(edition: Edition) -> list:
    """The edition's own contacts, every value escaped; links only in https, mailto and tel."""
    items = []
    for contact in edition.contacts:
        bits = [f"<strong>{h(contact['nom'])}</strong>"] + (
            [h(contact["description"])] if contact.get("description") else []
        )
        if contact.get("url", "").startswith("https://"):
            bits.append(a(contact["url"], contact["url"]))
        if contact.get("courriel"):
            bits.append(a(f"mailto:{contact['courriel']}", contact["courriel"]))
        if contact.get("telephone"):
            bits.append(
                a(
                    "tel:" + "".join(c for c in contact["telephone"] if c.isdigit() or c == "+"),
                    contact["telephone"],
                )
            )
        items.append(" — ".join(bits))
    return (
        [f"## Contacts dans le département\u00a0: {md(edition.nom)}", html_list(items)]
        if items
        else []
    )


def build_territory_hub(code: str, corpus: Corpus, rel: Relations, settings: SiteSettings) -> Page:
    """The hub of a département: local first, national after."""
    src, label, edition = hub_path(code), departement_label(code), edition_of(settings.extra)
    here = lambda kind: [d for d in rel.docs[kind] if concerns(d, code)]  # noqa: E731
    live = active_malfunctions(here("dysfonctionnement"))
    national_live = [
        d for d in active_malfunctions(rel.docs["dysfonctionnement"]) if not concerns(d, code)
    ][:NATIONAL_MOST]
    scope = Scope("departement", code, label, src, lambda d: concerns(d, code))
    national = [
        d
        for d in useful_sheets(scope, rel, settings.today, most=NATIONAL_MOST * 3)
        if not concerns(d, code)
    ]
    feed, feed_title = departement_feed(code, label)
    feed_link = href(src, "index.md") + feed
    parts = [
        front(
            f"Territoire\u00a0: {label}",
            f"Les dysfonctionnements confirmés, les fiches et les récits du département "
            f"{departement_name(code)}, puis ceux de portée nationale.",
            carnet_type="territoire",
            carnet_flux=feed,
            carnet_flux_titre=feed_title,
        ),
        f"# {md(label)}",
        search_marks(label, label),
        para(
            plural(
                len(live),
                "dysfonctionnement en cours confirmé",
                "dysfonctionnements en cours confirmés",
            )
            + " "
            f"dans le département · {a(feed_link, 'flux Atom de ses dysfonctionnements')}"
        ),
        *(contacts_block(edition) if edition and edition.territoire == code else []),
        "## Dysfonctionnements en cours dans le département",
        doc_list(src, live, "Aucun dysfonctionnement confirmé dans le département pour l'instant."),
        "## Fiches pratiques du département",
        doc_list(src, here("fiche"), "Aucune fiche propre au département pour l'instant."),
        "## Anecdotes du département",
        doc_list(src, here("anecdote"), "Aucune anecdote du département pour l'instant."),
        "## Au niveau national",
        "### Dysfonctionnements en cours ailleurs",
        doc_list(src, national_live, "Aucun autre dysfonctionnement en cours."),
        "### Fiches pratiques nationales les plus utiles",
        doc_list(src, national[:NATIONAL_MOST]),
        para(a(href(src, "fiches/index.md"), "Toutes les fiches pratiques")),
        para(
            "Afficher ces informations sur le site de votre structure\u00a0: "
            + a(
                href(src, "widgets/index.md") + f"?portee=departement/{h(code)}",
                "le widget pour les sites partenaires",
            )
        ),
    ]
    return assemble(src, parts)


def build_territories_index(codes: list[str], rel: Relations, settings: SiteSettings) -> Page:
    """Every département the content speaks of, the edition's first."""
    edition = edition_of(settings.extra)
    ordered = sorted(codes, key=lambda c: 0 if edition and c == edition.territoire else 1)
    items = []
    for code in ordered:
        live = len(
            active_malfunctions([d for d in rel.docs["dysfonctionnement"] if concerns(d, code)])
        )
        local = len([d for d in rel.docs["fiche"] + rel.docs["anecdote"] if concerns(d, code)])
        items.append(
            f"{a(href(INDEX, hub_path(code)), departement_label(code))} — "
            f"{h(plural(live, 'dysfonctionnement en cours', 'dysfonctionnements en cours'))}, "
            f"{h(plural(local, 'fiche ou anecdote locale', 'fiches ou anecdotes locales'))}"
        )
    intro = (
        "Les départements où le terrain a confirmé un dysfonctionnement, ou dont parle une fiche "
        "ou une anecdote. Chaque page montre d'abord ce qui concerne le département, puis ce qui "
        "vaut partout."
    )
    return assemble(
        INDEX,
        [
            front("Territoires", "Les dysfonctionnements, fiches et anecdotes par département."),
            "# Territoires",
            intro,
            html_list(items) if items else empty("Aucun département pour l'instant."),
        ],
    )


def edition_home(rel: Relations, settings: SiteSettings, home: str = "index.md") -> list:
    """The home page's first section in a territorial edition: the département's own content and
    contacts.
    """
    edition = edition_of(settings.extra)
    if edition is None:
        return []
    code = edition.territoire
    live = active_malfunctions([d for d in rel.docs["dysfonctionnement"] if concerns(d, code)])[
        :HOME_MOST
    ]
    local = [d for d in rel.docs["fiche"] + rel.docs["anecdote"] if concerns(d, code)][:HOME_MOST]
    return [
        f"## Dans le département\u00a0: {md(edition.nom)}",
        para(
            f"Cette édition du carnet met en premier ce qui concerne {h(edition.nom)}\u00a0: "
            + a(href(home, hub_path(code)), f"toute la page {departement_label(code)}")
        ),
        "### Dysfonctionnements confirmés dans le département",
        doc_list(home, live, "Aucun pour l'instant."),
        "### Fiches et anecdotes du département",
        doc_list(home, local, "Aucune pour l'instant."),
        *contacts_block(edition),
    ]


def local_first_of(docs: list[Document], settings: SiteSettings) -> list[Document]:
    """Documents with the edition's département first (unchanged without an edition)."""
    edition = edition_of(settings.extra)
    if edition is None:
        return docs
    return sorted(docs, key=lambda d: 0 if concerns(d, edition.territoire) else 1)
