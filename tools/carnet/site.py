"""The whole site as a list of pages, built from the corpus by pure functions."""

from __future__ import annotations

import json
from datetime import datetime, time, timezone

from carnet.content import LINKABLE, Corpus
from carnet.calendar_ics import build_ics, ics_path
from carnet.feeds import build_feeds
from carnet.pages.animation import build_dashboard, build_review_page
from carnet.pages.common import Page, SiteSettings
from carnet.pages.home import build_free_page, build_home
from carnet.pages.hubs import (build_administration_hub, build_administrations_index, build_competence_hub,
                               build_competences_index, build_public_page, build_publics_index)
from carnet.pages.indexes import (build_anecdotes_index, build_fiches_index, build_malfunctions_board,
                                  build_theme_page, build_themes_archive)
from carnet.pages.sheets import build_sheet_page
from carnet.relations import build_relations
from carnet.search import synonym_map


def build_assets(corpus: Corpus, settings: SiteSettings) -> dict[str, str]:
    """Files beside the pages: search synonyms, Atom feeds, meeting invitations."""
    files = {"assets/synonymes.json": json.dumps(synonym_map(corpus), ensure_ascii=False, indent=0)}
    files.update(build_feeds(corpus, settings.site_url or "/"))
    stamp = datetime.combine(settings.today, time(0, 0), tzinfo=timezone.utc)
    for theme in corpus.of_kind("theme"):
        invitation = build_ics(theme, f"{settings.site_url}themes/{theme.id}/", stamp)
        if invitation:
            files[ics_path(theme)] = invitation
    return files


def build_site(corpus: Corpus, settings: SiteSettings) -> list[Page]:
    """Every page of the site, in a stable order."""
    rel = build_relations(corpus)
    pages = [build_home(corpus, rel, settings), build_fiches_index(rel), build_anecdotes_index(rel),
             build_malfunctions_board(corpus, rel), build_themes_archive(rel), build_administrations_index(corpus, rel),
             build_competences_index(corpus, rel), build_publics_index(corpus, rel)]
    pages += [build_sheet_page(doc, corpus, rel, settings) for kind in LINKABLE for doc in rel.docs[kind]]
    pages += [build_theme_page(theme, corpus) for theme in rel.docs["theme"]]
    pages += [build_administration_hub(i, corpus, rel) for i in corpus.referentiels["administrations"].entries]
    pages += [build_competence_hub(i, corpus, rel) for i in corpus.referentiels["competences"].entries]
    pages += [build_public_page(i, corpus, rel) for i in corpus.referentiels["publics"].entries]
    pages += [build_free_page(p) for p in rel.docs["page"] if p.id != "accueil"]
    pages += [build_review_page(rel, settings.today), build_dashboard(corpus, rel, settings.today)]
    return pages
