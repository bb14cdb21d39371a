"""The MkDocs plugin: the only module that imports mkdocs. Thin hooks around the core.

Everything else (loading, rules, page builders) is plain Python, so that the site can move to
another generator (ProperDocs, Zensical) without touching the content logic.
"""

from __future__ import annotations

import logging
import os
import shutil
from datetime import date
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.utils import CountHandler

from carnet.checking.check import CheckResult, check_corpus
from carnet.checking.report import render_text
from carnet.dates import TodayError, today
from carnet.model.content import Corpus, load_corpus
from carnet.model.territories import EditionError, read_edition
from carnet.site.build import build_site, open_data, prune_nav, side_files
from carnet.site.build_cache import DEFAULT_DIR
from carnet.site.feeds import FEEDS
from carnet.site.indexing import SearchError, index_folder
from carnet.site.mkdocs_cache import (
    CacheVanished,
    memoize_nav,
    start_cache,
    template_loader,
)
from carnet.site.offline import fill_size, notice, notice_on
from carnet.site.opendata.build import write_exports, write_files
from carnet.site.packaged import THEME_DIR, with_css, with_theme
from carnet.site.page_worker import PageWorker, WorkerError, WorkerOptions
from carnet.site.pages.common import SiteSettings
from carnet.site.pages.home import setting_values, unset_settings
from carnet.site.sanitize import clean_html

log = logging.getLogger("mkdocs.plugins.carnet")
MENTIONS = ("editeur", "direction_publication", "hebergeur")


class CarnetConfig(base.Config):
    """Options of the `carnet` plugin in mkdocs.yml."""

    edit_branch = c.Type(str, default="main")
    content_path = c.Type(str, default="content")  # the content folder's path inside the repository
    atomic = c.Type(
        bool, default=True
    )  # build into a side folder, then swap: a failed build keeps the old site
    search = c.Type(bool, default=True)  # index the built site with Pagefind
    contact = c.Type(str, default="")  # the network's e-mail address, for « Envoyer par e-mail »
    # Legal notice (page « Licence et mentions légales »): lines whose setting is empty are not
    # published.
    editeur = c.Type(str, default="")
    direction_publication = c.Type(str, default="")
    hebergeur = c.Type(str, default="")
    offline = c.Type(
        bool, default=True
    )  # write the offline edition (hors-ligne/carnet-de-terrain-AAAA-MM-JJ.zip)
    # A territorial edition (carnet.model.territories):
    # {territoire: "63", nom: "Puy-de-Dôme", contact: …, contacts: […]}.
    edition = c.Type(dict, default={})
    # Reuse the pages of earlier builds whose inputs did not change: .cache/carnet/, or the folder
    # named by $CARNET_CACHE (carnet.site.mkdocs_cache).
    cache = c.Type(bool, default=True)


class CarnetPlugin(BasePlugin[CarnetConfig]):
    """Validate the corpus like `carnet check`, then replace the docs by the generated pages."""

    preview = False  # set by `carnet serve` (carnet.site.preview), which rebuilds page by page

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The theme overrides come with the package: mkdocs.yml needs no path into a checkout.
        config.theme.dirs[:] = with_theme(config.theme.dirs, config.theme.custom_dir)
        config.extra_css = with_css(config.extra_css)
        try:
            self.today = today()
        except TodayError as exc:  # `mkdocs build` must say it as a plugin error, not a traceback
            raise PluginError(str(exc)) from None
        self.corpus = load_and_validate(Path(config.docs_dir), self.today)
        try:
            edition = read_edition(self.config.edition)
        except EditionError as exc:
            raise PluginError(str(exc)) from None
        self.settings = SiteSettings(
            today=self.today,
            edit_base=edit_base(config.repo_url, self.config),
            site_name=config.site_name,
            site_url=config.site_url or "",
            repo_url=config.repo_url or "",
            contact=(edition.contact if edition and edition.contact else self.config.contact),
            mentions={name: self.config[name] for name in MENTIONS},
            extra={
                "hors_ligne": self.config.offline,
                "edition": edition,
                "markdown": (list(config.markdown_extensions), dict(config.mdx_configs)),
            },
        )
        building = getattr(self, "command", "build") == "build" and not self.preview
        report_unset_settings(self.corpus, self.settings, publishing=building)
        config.extra["carnet_feeds"] = [{"path": f.path, "title": f.title} for f in FEEDS]
        self.final_dir = None
        if self.config.atomic and getattr(self, "command", "build") == "build":
            self.final_dir = Path(config.site_dir)
            config.site_dir = str(side_folder(self.final_dir))
            shutil.rmtree(config.site_dir, ignore_errors=True)
        # Last: the cache's key holds the configuration as the hooks above leave it.
        self.cache = None
        if self.config.cache and getattr(self, "command", "build") == "build" and not self.preview:
            self.cache = start_cache(config, Path(os.environ.get("CARNET_CACHE") or DEFAULT_DIR))
        self.settings.extra["cache"] = self.cache.store if self.cache else None
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        pages = build_site(self.corpus, self.settings)
        self.pages = {page.src_uri: page for page in pages}
        files = replace_documents(files, pages, config)
        if config.nav:
            config.nav = prune_nav(config.nav, set(self.pages))
        for path, text in side_files(self.corpus, self.settings).items():
            files.append(File.generated(config, path, content=text))
        self.bodies: dict[str, str] = {}  # each content's body HTML, by page, for the API
        if self.cache:
            self.cache.watch(files)
        # Pages go to the search index, the offline archive and the cache as they are written, in
        # a process of its own (not in preview, which indexes its folder and keeps no archive).
        offline = self.config.offline and not self.preview
        self.home_notice = notice(self.settings.today, self.settings.site_url) if offline else ""
        self.worker = None
        if not self.preview and (self.config.search or offline or self.cache):
            options = WorkerOptions(
                site=config.site_dir,
                search=self.config.search,
                offline=offline,
                today=self.settings.today.isoformat(),
                site_url=self.settings.site_url,
                cache=str(self.cache.store.folder) if self.cache else None,
            )
            try:
                self.worker = PageWorker(options)
            except WorkerError as exc:
                raise PluginError(str(exc)) from None
        return files

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        if self.cache:
            self.cache.set_nav(nav, self.pages)
        return nav

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        if self.cache:  # a hit renders neither the Markdown nor the template
            extra = notice_on(page.file.dest_uri, self.home_notice)
            self.cache.lookup(page, markdown, self.pages.get(page.file.src_uri), extra)
        return markdown

    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        # Content's HTML is sanitised before the builders' fragments (escaped by construction) go
        # in.
        src = page.file.src_uri
        searchable = bool(self.worker and self.config.search and page.meta.get("carnet_type"))
        if self.cache:
            self.cache.rendered(page)
            if self.cache.is_hit(page):
                if searchable:  # the worker takes its search document from the cache
                    self._to_worker("document-cache", page.file.dest_uri, self.cache.key(page))
                self._release(page)
                return html
        html = clean_html(html)
        built = self.pages.get(src)
        if built is not None:
            body = built.body_html(html)
            if body is not None:
                self.bodies[src] = body
            html = built.fill(html)
        if searchable:  # Pagefind reads it while MkDocs renders the other pages' Markdown
            self._to_worker("contenu", page.file.dest_uri, html)
        self._release(page)
        return html

    def _release(self, page) -> None:
        """A page's Markdown is not read again once rendered: a build lets its copies go (MkDocs
        holds every page's HTML until the templates, and the Markdown would double that)."""
        if self.preview:  # the preview renders pages again after each save
            return
        page.markdown = ""
        if page.file.generated_by:
            page.file.content_string = ""
        self.pages.pop(page.file.src_uri, None)

    def _to_worker(self, *message: object) -> None:
        assert self.worker is not None
        try:
            self.worker.send(message)
        except WorkerError as exc:
            raise PluginError(str(exc)) from None

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if self.worker:  # every page's Markdown is rendered: Pagefind can make its bundle
            self._to_worker("pages")
        if not self.preview:  # the preview renders single pages again, with the same environment
            env = memoize_nav(env, config.theme.dirs, THEME_DIR)
        return template_loader(env) if self.cache else env

    def on_page_context(self, context, *, page, config: MkDocsConfig, nav):
        if self.cache:
            self.cache.begin_template(page)
        return context

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        """The page, its search document, its offline copy and the HTML of its content's body: from
        the cache, or made and kept."""
        relative, src = page.file.dest_uri, page.file.src_uri
        if self.cache and self.cache.is_hit(page):
            try:
                output, document, offline, body = self.cache.parts(page)
            except CacheVanished:
                raise PluginError(
                    f"le cache de construction a été vidé pendant la construction ({relative}) : "
                    "relancez-la"
                ) from None
            if body:
                self.bodies[src] = body
            if self.worker:
                self._to_worker("reprise", relative, offline)
        elif self.worker:
            entry = self.cache.entry(page) if self.cache else None
            self._to_worker("page", relative, output, entry, self.bodies.get(src, ""))
        if not self.preview:  # a build never reads a written page again: its HTML can go
            page.content = ""
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        worker, self.worker = self.worker, None
        try:
            # The downloads hold .md files, which MkDocs would make pages: written after it. The
            # API's documents hold the bodies' HTML of the pages just built. Both come before the
            # archive takes the site's other files.
            write_exports(site, self.corpus, self.settings)
            write_files(site, open_data(self.corpus, self.settings, self.bodies))
            size = worker.finish() if worker else None
            if size is not None:
                fill_size(site, size)
            if self.preview and self.config.search:  # its pages are rendered again one by one
                index_folder(site)
        except (SearchError, WorkerError) as exc:
            raise PluginError(str(exc)) from None
        finally:
            if worker:
                worker.close()
        if self.cache:
            log.info("%s", self.cache.finish())
        if self.final_dir is None:
            return
        if config.strict and _strict_failures():
            shutil.rmtree(
                config.site_dir, ignore_errors=True
            )  # MkDocs aborts next: keep the old site
            return
        swap_in(Path(config.site_dir), self.final_dir)

    def on_build_error(self, *, error: Exception) -> None:
        worker = getattr(self, "worker", None)
        if worker:
            worker.close()
        cache = getattr(self, "cache", None)
        if cache:
            cache.close()
        final = getattr(self, "final_dir", None)
        if final is not None:
            # What was written of the new site goes: nothing of it is published.
            shutil.rmtree(side_folder(final), ignore_errors=True)
            log.error("La construction a échoué : le site précédent est conservé tel quel.")


def load_and_validate(content: Path, today: date) -> Corpus:
    """Load content/ and stop the build on errors, with the same French report as `carnet check`."""
    corpus = load_corpus(content)
    findings = check_corpus(corpus, today)
    for finding in findings:
        if not finding.is_error:  # shown, but warnings must not fail a --strict build
            log.info(
                "%s:%s: avertissement [%s] %s",
                finding.path,
                finding.line,
                finding.code,
                finding.message,
            )
    errors = [f for f in findings if f.is_error]
    if errors:
        report = render_text(CheckResult(errors, len(corpus.documents)))
        raise PluginError(
            "le contenu a des erreurs, la construction est arrêtée :\n" + report.rstrip()
        )
    return corpus


def report_unset_settings(corpus: Corpus, settings: SiteSettings, publishing: bool = True) -> None:
    """Say in the build log which settings a free page quotes but mkdocs.yml leaves empty, and,
    for a site to publish, an empty `site_url` (what is reused elsewhere needs full addresses)."""
    if publishing and not settings.site_url:
        log.info(
            "mkdocs.yml: avertissement [a-renseigner] « site_url » est à renseigner dans "
            "mkdocs.yml : sans l'adresse publique du site, les adresses de l'API, des flux Atom, "
            "des agendas et du plan du site sont relatives et ne mènent nulle part hors du site "
            "(site_url: https://…/)"
        )
    values = setting_values(settings)
    for page in corpus.of_kind("page"):
        for name in unset_settings(page.body, values):
            log.info(
                "%s: avertissement [a-renseigner] « %s » est à renseigner dans mkdocs.yml "
                "(plugins: carnet: %s) : la ligne qui l'utilise n'est pas publiée",
                page.rel,
                name,
                name,
            )


def edit_base(repo_url: str | None, options: CarnetConfig) -> str:
    """GitHub's editor address for the content folder, from repo_url in mkdocs.yml (one place)."""
    if not repo_url:
        return ""
    return f"{repo_url.rstrip('/')}/edit/{options.edit_branch}/{options.content_path.strip('/')}/"


def replace_documents(files: Files, pages: list, config: MkDocsConfig) -> Files:
    """Drop the source Markdown and référentiels; add the generated pages as virtual files."""
    kept = [
        f
        for f in files
        if not f.src_uri.endswith(".md") and not f.src_uri.startswith("referentiels/")
    ]
    generated = [File.generated(config, page.src_uri, content=page.markdown) for page in pages]
    return Files(kept + generated)


def _strict_failures() -> bool:
    # MkDocs counts strict-mode warnings on the "mkdocs" logger, ProperDocs on "properdocs".
    handlers = [
        h
        for name in ("mkdocs", "properdocs")
        for h in logging.getLogger(name).handlers
        if isinstance(h, CountHandler)
    ]
    return any(h.get_counts() for h in handlers)


def side_folder(final: Path) -> Path:
    """Where an atomic build writes before `swap_in`: `.site-en-cours` beside `site`."""
    return final.with_name(f".{final.name}-en-cours")


def swap_in(built: Path, final: Path) -> None:
    """Replace the published folder by the new build in two renames."""
    old = final.with_name(f".{final.name}-ancien")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    built.rename(final)
    shutil.rmtree(old, ignore_errors=True)
