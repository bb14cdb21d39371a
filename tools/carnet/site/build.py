"""The whole site as a list of pages, built from the corpus by pure functions."""

from __future__ import annotations

import json
import re

from carnet.checking.active_html import HANDLER, SCRIPT_URL, TAG
from carnet.checking.personal_data import PATTERNS, RESERVED_DOMAINS, browser_kinds
from carnet.checking.rules.privacy import admin_domains, official_phones
from carnet.contribution.forms import AUTO_DATES, LIST_SECTIONS, all_forms, forms_json
from carnet.contribution.spam import browser_spec as spam_spec
from carnet.model.content import LINKABLE, Corpus
from carnet.model.relations import Relations, build_relations
from carnet.model.schemas import load_schemas
from carnet.site.calendar_ics import build_invitations
from carnet.site.feeds import build_feeds
from carnet.site.opendata.build import open_data_files, open_data_pages
from carnet.model.territories import edition_of
from carnet.site.pages.animation import build_dashboard, build_review_page
from carnet.site.pages.common import Page, SiteSettings
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
from carnet.site.pages.printing import build_theme_print
from carnet.site.pages.sheets import build_sheet_page
from carnet.site.search import synonym_map


def forms_spec(corpus: Corpus, forms: list, settings: SiteSettings) -> str:
    """The forms and what the browser's checks need, as JSON for the « Proposer un contenu » page."""
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
    """Files beside the pages: search synonyms, Atom feeds, meeting invitations, the JSON API and widgets."""
    files = {"assets/synonymes.json": json.dumps(synonym_map(corpus), ensure_ascii=False, indent=0)}
    files.update(open_data_files(corpus, relations(corpus, settings), settings))
    files.update(build_feeds(corpus, settings.site_url or "/", settings.today))
    # Material reads every <link rel="alternate"> as another version of the site and fetches its
    # sitemap.xml: an empty one beside the feeds answers it.
    files["flux/sitemap.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
    )
    files.update(build_invitations(corpus, settings))
    return files


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


def build_site(corpus: Corpus, settings: SiteSettings) -> list[Page]:
    """Every page of the site, in a stable order."""
    rel = relations(corpus, settings)
    pages = [
        build_home(corpus, rel, settings),
        build_fiches_index(rel),
        build_anecdotes_index(rel),
        build_malfunctions_board(corpus, rel),
        build_themes_archive(rel),
        build_administrations_index(corpus, rel),
        build_competences_index(corpus, rel),
        build_publics_index(corpus, rel),
    ]
    pages += [
        build_sheet_page(doc, corpus, rel, settings) for kind in LINKABLE for doc in rel.docs[kind]
    ]
    pages += [build_theme_page(theme, corpus, settings.today) for theme in rel.docs["theme"]]
    pages += [
        build_theme_print(theme, corpus, settings.today, settings.site_url)
        for theme in rel.docs["theme"]
    ]
    pages += [
        build_administration_hub(i, corpus, rel)
        for i in corpus.referentiels["administrations"].entries
    ]
    pages += [
        build_competence_hub(i, corpus, rel) for i in corpus.referentiels["competences"].entries
    ]
    pages += [build_public_page(i, corpus, rel) for i in corpus.referentiels["publics"].entries]
    pages += [build_free_page(p, settings) for p in rel.docs["page"] if p.id != "accueil"]
    pages += [
        build_review_page(corpus, settings.today),
        build_dashboard(corpus, rel, settings.today),
        build_offline_help(settings.today, settings.extra.get("hors_ligne", True)),
    ]
    pages += open_data_pages(corpus, rel, settings)
    pages.append(
        build_proposer(
            forms := all_forms(corpus, load_schemas()),
            forms_spec(corpus, forms, settings),
            settings.today,
            settings.contact,
        )
    )
    return pages
