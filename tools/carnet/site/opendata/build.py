"""What open data and territories add to the site: pages, files beside them, and downloads."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from carnet.model.content import Corpus
from carnet.model.relations import Relations
from carnet.model.territories import (
    departement_label,
    departements_in,
    edition_of,
)
from carnet.site.feeds import Feed, administration_feed, build_scoped_feeds, departement_feed
from carnet.site.opendata.api import Api, build_api, contents, summary
from carnet.site.opendata.api_schemas import schema_files
from carnet.site.opendata.exports import build_exports
from carnet.site.opendata.render import DEFAULT_EXTENSIONS, BodyRenderer
from carnet.site.opendata.widgets import build_widgets, concerning, naming, scopes
from carnet.site.pages.common import Page, SiteSettings, hub_src, page_url
from carnet.site.pages.opendata import build_open_data_page, build_widgets_page
from carnet.site.pages.territories import (
    build_territories_index,
    build_territory_hub,
    hub_path,
)


def base_of(settings: SiteSettings) -> str:
    """The site's address ending with « / », or empty (addresses relative to the site's root)."""
    url = settings.site_url
    return url if not url or url.endswith("/") else url + "/"


def site_departements(corpus: Corpus, settings: SiteSettings) -> list[str]:
    """The départements with a hub: those the content speaks of, and the edition's."""
    edition = edition_of(settings.extra)
    return departements_in(corpus, [edition.territoire] if edition else [])


def open_data_pages(corpus: Corpus, rel: Relations, settings: SiteSettings) -> list[Page]:
    """Territory hubs and their index, « Données ouvertes », the widget generator."""
    codes = site_departements(corpus, settings)
    api = Api(base_of(settings), settings.today)
    first = next((summary(d, api) for d in contents(corpus) if d.kind == "fiche"), None)
    return [
        build_territories_index(codes, rel, settings),
        *(build_territory_hub(code, corpus, rel, settings) for code in codes),
        build_open_data_page(first, settings),
        build_widgets_page(scopes(corpus, codes), settings),
    ]


def scoped_feeds(corpus: Corpus, settings: SiteSettings) -> dict[str, str]:
    """One malfunction feed per administration and per département."""
    admins = corpus.referentiels["administrations"]
    specs = [
        (
            Feed(
                *administration_feed(ident, admins.short_label(ident)),
                f"Les dysfonctionnements de {admins.label(ident)}\u00a0: nouveaux, confirmés par "
                f"le terrain, résolus.",
                page_url(hub_src("administrations", ident)) + "/",
            ),
            naming("administrations", ident),
        )
        for ident in admins.entries
    ]
    specs += [
        (
            Feed(
                *departement_feed(code, departement_label(code)),
                f"Les dysfonctionnements confirmés dans le département {departement_label(code)}.",
                page_url(hub_path(code)) + "/",
            ),
            concerning(code),
        )
        for code in site_departements(corpus, settings)
    ]
    return build_scoped_feeds(corpus, settings.site_url or "/", specs)


def open_data_files(
    corpus: Corpus, rel: Relations, settings: SiteSettings, bodies: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The JSON API with its schemas, the widgets' data and code, the scoped feeds.

    `bodies`: each content's body HTML from its built page, by page (BodyRenderer).
    """
    base = base_of(settings)
    extensions, configs = settings.extra.get("markdown") or (DEFAULT_EXTENSIONS, {})
    codes = site_departements(corpus, settings)
    widgets, scripts = build_widgets(
        corpus, rel, Api(base, settings.today), settings.site_name, codes
    )
    renderer = BodyRenderer(extensions, configs, bodies)
    files = build_api(corpus, base, settings.today, renderer, widgets, codes)
    return {**files, **schema_files(base), **scripts, **scoped_feeds(corpus, settings)}


def write_exports(site: Path, corpus: Corpus, settings: SiteSettings) -> None:
    """Write the downloads into the built site."""
    write_files(site, build_exports(corpus, base_of(settings), settings.today))


def write_files(site: Path, files: Mapping[str, str | bytes]) -> None:
    """Files made after the pages (downloads, JSON API), written into the built site."""
    for path, data in files.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
