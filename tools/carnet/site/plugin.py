"""The MkDocs plugin: the only module that imports mkdocs. Thin hooks around the core.

Everything else (loading, rules, page builders) is plain Python, so that the site can move to
another generator (ProperDocs, Zensical) without touching the content logic.
"""

from __future__ import annotations

import logging
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
from carnet.site.build import build_assets, build_site, prune_nav
from carnet.site.feeds import FEEDS
from carnet.site.offline import write_offline_edition
from carnet.site.opendata.build import write_exports
from carnet.model.territories import EditionError, read_edition
from carnet.site.packaged import with_css, with_theme
from carnet.site.pages.common import SiteSettings
from carnet.site.pages.home import setting_values, unset_settings
from carnet.site.sanitize import clean_html
from carnet.site.search import SearchError, index_site

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
    # Legal notice (page « Licence et mentions légales »): lines whose setting is empty are not published.
    editeur = c.Type(str, default="")
    direction_publication = c.Type(str, default="")
    hebergeur = c.Type(str, default="")
    offline = c.Type(
        bool, default=True
    )  # write the offline edition (hors-ligne/carnet-de-terrain-AAAA-MM-JJ.zip)
    # A territorial edition: {territoire: "63", nom: "Puy-de-Dôme", contact: …, contacts: […]} (carnet.model.territories).
    edition = c.Type(dict, default={})


class CarnetPlugin(BasePlugin[CarnetConfig]):
    """Validate the corpus like `carnet check`, then replace the docs by the generated pages."""

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
        report_unset_settings(self.corpus, self.settings)
        config.extra["carnet_feeds"] = [{"path": f.path, "title": f.title} for f in FEEDS]
        self.final_dir = None
        if self.config.atomic and getattr(self, "command", "build") == "build":
            self.final_dir = Path(config.site_dir)
            config.site_dir = str(self.final_dir.with_name(f".{self.final_dir.name}-en-cours"))
            shutil.rmtree(config.site_dir, ignore_errors=True)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        pages = build_site(self.corpus, self.settings)
        self.pages = {page.src_uri: page for page in pages}
        files = replace_documents(files, pages, config)
        if config.nav:
            config.nav = prune_nav(config.nav, set(self.pages))
        for path, text in build_assets(self.corpus, self.settings).items():
            files.append(File.generated(config, path, content=text))
        return files

    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        # Content's HTML is sanitised before the builders' fragments (escaped by construction) go in.
        built = self.pages.get(page.file.src_uri)
        return built.fill(clean_html(html)) if built else clean_html(html)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        write_exports(
            Path(config.site_dir), self.corpus, self.settings
        )  # .md files: MkDocs would make them pages
        if self.config.offline:  # before indexing: the archive leaves the search index out
            write_offline_edition(
                Path(config.site_dir), self.settings.today, self.settings.site_url
            )
        if self.config.search:
            try:
                index_site(Path(config.site_dir))
            except SearchError as exc:
                raise PluginError(str(exc)) from None
        if self.final_dir is None:
            return
        if config.strict and _strict_failures():
            shutil.rmtree(
                config.site_dir, ignore_errors=True
            )  # MkDocs aborts next: keep the old site
            return
        swap_in(Path(config.site_dir), self.final_dir)

    def on_build_error(self, *, error: Exception) -> None:
        if getattr(self, "final_dir", None) is not None:
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


def report_unset_settings(corpus: Corpus, settings: SiteSettings) -> None:
    """Say in the build log which settings a free page quotes but mkdocs.yml leaves empty."""
    values = setting_values(settings)
    for page in corpus.of_kind("page"):
        for name in unset_settings(page.body, values):
            log.info(
                "%s: avertissement [a-renseigner] « %s » est à renseigner dans mkdocs.yml (plugins: carnet: %s) : "
                "la ligne qui l'utilise n'est pas publiée",
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


def swap_in(built: Path, final: Path) -> None:
    """Replace the published folder by the new build in two renames."""
    old = final.with_name(f".{final.name}-ancien")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    built.rename(final)
    shutil.rmtree(old, ignore_errors=True)
