"""The whole site as a list of pages, built from the corpus by pure functions."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

from carnet.checking.active_html import HANDLER, SCRIPT_URL, TAG
from carnet.checking.personal_data import PATTERNS, RESERVED_DOMAINS, browser_kinds
from carnet.checking.rules.privacy import admin_domains, official_phones
from carnet.contribution.forms import AUTO_DATES, LIST_SECTIONS, all_forms, forms_json
from carnet.contribution.spam import browser_spec as spam_spec
from carnet.model.content import LINKABLE, Corpus, Document
from carnet.model.relations import Relations, build_relations
from carnet.model.schemas import load_schemas
from carnet.model.territories import edition_of
from carnet.site.calendar_ics import build_invitations
from carnet.site.feeds import build_feeds
from carnet.site.opendata.build import open_data_files, open_data_pages
from carnet.site.pages.animation import build_dashboard, build_review_page
from carnet.site.pages.common import Page, SiteSettings, hub_src, src_of
from carnet.site.pages.contribute import MAX_URL, build_proposer
from carnet.site.pages.home import build_free_page, build_home
from carnet.site.pages.hubs import (
    build_administration_hub,
    build_administrations_index,
    build_competence_hub,
    build_competences_index,
    build_public_page,
    build_publics_index,
)
from carnet.site.pages.indexes import (
    build_anecdotes_index,
    build_fiches_index,
    build_malfunctions_board,
    build_theme_page,
    build_themes_archive,
)
from carnet.site.pages.offline_help import build_offline_help
from carnet.site.pages.printing import build_theme_print, print_src
from carnet.site.pages.sheets import build_sheet_page
from carnet.site.search import synonym_map


def forms_spec(corpus: Corpus, forms: list, settings: SiteSettings) -> str:
    """The forms and what the browser's checks need, as JSON for « Proposer un contenu »."""
    patterns = {**PATTERNS, "balise": TAG, "attribut": HANDLER, "adresse_script": SCRIPT_URL}
    controls = {
        name: {
            "source": rx.pattern,
            "flags": "g" + ("i" if rx.flags & re.I else "") + ("m" if rx.flags & re.M else ""),
        }
        for name, rx in patterns.items()
    }
    extra = {
        "controles": controls,
        "donnees": browser_kinds(),
        "domaines": [*admin_domains(corpus), *RESERVED_DOMAINS],
        "telephones": list(official_phones(corpus)),
        "depot": settings.repo_url,
        "contact": settings.contact,
        "url_max": MAX_URL,
        "sections_listes": LIST_SECTIONS,
        "dates_auto": AUTO_DATES,
        "indesirables": spam_spec(corpus),
        "constates": {
            d.id: str(d.get("constate_le", "")) for d in corpus.of_kind("dysfonctionnement")
        },
    }
    return forms_json(forms, extra)


def build_assets(corpus: Corpus, settings: SiteSettings) -> dict[str, str]:
    """Files beside the pages: search synonyms, Atom feeds, invitations, JSON API, widgets."""
    return {**side_files(corpus, settings), **open_data(corpus, settings)}


def side_files(corpus: Corpus, settings: SiteSettings) -> dict[str, str]:
    """The files beside the pages that need no page: search synonyms, Atom feeds, invitations."""
    files = {"assets/synonymes.json": json.dumps(synonym_map(corpus), ensure_ascii=False, indent=0)}
    files.update(build_feeds(corpus, settings.site_url or "/", settings.today))
    # Material reads every <link rel="alternate"> as another version of the site and fetches its
    # sitemap.xml: an empty one beside the feeds answers it.
    files["flux/sitemap.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset '
        'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
    )
    files.update(build_invitations(corpus, settings))
    return files


def open_data(
    corpus: Corpus, settings: SiteSettings, bodies: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The JSON API, its schemas, the widgets, the scoped feeds. `carnet build` makes them after
    the pages, whose HTML holds each content's body (`bodies`, by page): rendered once."""
    return open_data_files(corpus, relations(corpus, settings), settings, bodies)


def prune_nav(nav: list, available: set[str]) -> list:
    """The configured navigation without the pages this content folder does not have.

    A network that starts from its own content/ may have no « Charte » or « Contribuer » page: its
    nav entry is left out instead of failing the build. A section left empty goes too.
    """
    kept: list = []
    for item in nav:
        if isinstance(item, dict):
            title, target = next(iter(item.items()))
            if isinstance(target, list):
                children = prune_nav(target, available)
                if children:
                    kept.append({title: children})
            elif not _is_page(target) or target in available:
                kept.append(item)
        elif not _is_page(item) or item in available:
            kept.append(item)
    return kept


def _is_page(target: object) -> bool:
    return isinstance(target, str) and target.endswith(".md") and "://" not in target


def relations(corpus: Corpus, settings: SiteSettings) -> Relations:
    """The corpus' relations; a territorial edition lists its département's documents first."""
    edition = edition_of(settings.extra)
    return build_relations(corpus, edition.territoire if edition else "")


@dataclass(frozen=True)
class Job:
    """One page of the site (or a few built together), and what it shows of the content.

    `needs` names what a page is made of, so that `carnet serve` rebuilds a page only when that
    changed (carnet.site.incremental): "body:<doc>" a document's text, "doc:<doc>" its front matter,
    "meta:<kind>" the front matter of every document of a kind ("meta:*": of any kind),
    "ref:<référentiel>:<entry>" the documents that name an entry. A job whose needs are not declared
    is rebuilt on every change: declaring them is an optimisation, never a condition of correctness
    (tests/test_preview.py builds random edits both ways and compares every page).
    """

    name: str
    build: Callable[[], Page | list[Page]]
    needs: frozenset[str] = frozenset({"meta:*", "body:*"})
    owner: str = ""  # the document whose own page this is: rebuilt first, before the listings

    def pages(self) -> list[Page]:
        built = self.build()
        return built if isinstance(built, list) else [built]


def doc_key(doc: Document) -> str:
    """A document's name in `Job.needs`: ids are unique, except free pages, which have their own."""
    return f"page:{doc.id}" if doc.kind == "page" else f"doc:{doc.id}"


def body_key(doc: Document) -> str:
    return "body:" + doc_key(doc)


LINKABLE_META = frozenset(f"meta:{kind}" for kind in LINKABLE)


def site_plan(corpus: Corpus, settings: SiteSettings, rel: Relations | None = None) -> list[Job]:
    """Every page of the site as jobs, in the order of `build_site`."""
    rel = rel or relations(corpus, settings)
    every = frozenset({"meta:*"})
    jobs = [
        Job(
            "index.md",
            partial(build_home, corpus, rel, settings),
            every | {"body:page:accueil"},
            "page:accueil",  # the home page is where accueil.md shows
        ),
        Job("fiches/index.md", partial(build_fiches_index, rel), frozenset({"meta:fiche"})),
        Job(
            "anecdotes/index.md", partial(build_anecdotes_index, rel), frozenset({"meta:anecdote"})
        ),
        Job(
            "dysfonctionnements/index.md",
            partial(build_malfunctions_board, corpus, rel),
            frozenset({"meta:dysfonctionnement"}),
        ),
        Job("themes/index.md", partial(build_themes_archive, rel), frozenset({"meta:theme"})),
        Job(
            "administrations/index.md",
            partial(build_administrations_index, corpus, rel),
            LINKABLE_META,
        ),
        Job("competences/index.md", partial(build_competences_index, corpus, rel), LINKABLE_META),
        Job("publics/index.md", partial(build_publics_index, corpus, rel), LINKABLE_META),
    ]
    for kind in LINKABLE:
        for doc in rel.docs[kind]:
            shown = [*rel.related(doc, corpus), *rel.themes_of.get(doc.id, [])]
            jobs.append(
                Job(
                    src_of(doc),
                    partial(build_sheet_page, doc, corpus, rel, settings),
                    frozenset({doc_key(doc), body_key(doc), *map(doc_key, shown)}),
                    doc_key(doc),
                )
            )
    selections = {
        theme.id: [corpus.by_id[i] for i in theme.get("selection") or [] if i in corpus.by_id]
        for theme in rel.docs["theme"]
    }
    for theme in rel.docs["theme"]:
        selection = selections[theme.id]
        jobs.append(
            Job(
                src_of(theme),
                partial(build_theme_page, theme, corpus, settings.today),
                frozenset({doc_key(theme), body_key(theme), *map(doc_key, selection)}),
                doc_key(theme),
            )
        )
    for theme in rel.docs["theme"]:
        selection = selections[theme.id]
        jobs.append(
            Job(
                print_src(theme),
                partial(build_theme_print, theme, corpus, settings.today, settings.site_url),
                every | {body_key(theme), *map(body_key, selection)},
                doc_key(theme),
            )
        )
    for referentiel, builder in (
        ("administrations", build_administration_hub),
        ("competences", build_competence_hub),
        ("publics", build_public_page),
    ):
        jobs += [
            Job(
                hub_src(referentiel, i),
                partial(builder, i, corpus, rel),
                frozenset({f"ref:{referentiel}:{i}"}),
            )
            for i in corpus.referentiels[referentiel].entries
        ]
    jobs += [
        Job(
            src_of(p),
            partial(build_free_page, p, settings),
            frozenset({doc_key(p), body_key(p)}),
            doc_key(p),
        )
        for p in rel.docs["page"]
        if p.id != "accueil"
    ]
    jobs += [
        Job("a-reverifier.md", partial(build_review_page, corpus, settings.today), every),
        Job("tableau-de-bord.md", partial(build_dashboard, corpus, rel, settings.today), every),
        Job(
            "hors-ligne.md",
            partial(build_offline_help, settings.today, settings.extra.get("hors_ligne", True)),
            frozenset(),
        ),
        Job("donnees-ouvertes", partial(open_data_pages, corpus, rel, settings), every),
        Job("proposer.md", partial(_proposer, corpus, settings), every),
    ]
    return jobs


def _proposer(corpus: Corpus, settings: SiteSettings) -> Page:
    forms = all_forms(corpus, load_schemas())
    return build_proposer(
        forms, forms_spec(corpus, forms, settings), settings.today, settings.contact
    )


def build_site(corpus: Corpus, settings: SiteSettings) -> list[Page]:
    """Every page of the site, in a stable order."""
    return [page for job in site_plan(corpus, settings) for page in job.pages()]
