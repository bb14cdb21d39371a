"""The build cache inside MkDocs: a page whose inputs did not change is taken from .cache/carnet/.

MkDocs-aware, like plugin.py and runner.py: it knows how MkDocs 1.6 renders a page (Page.render,
then the template the page's meta names) and resolves its links (Files.get_file_from_path). The
storage is plain Python (carnet.site.build_cache). A page's key holds all its HTML is made of:

- the carnet's own files and every installed package's version (`code_fingerprint`);
- the configuration as loaded (mkdocs.yml, the plugins' options, the theme's settings) and the
  files of every theme folder that is not an installed package;
- the navigation: titles, addresses, the meta of the pages it names, and the Markdown of those
  it names without a title;
- the page: its address, its meta, its Markdown and the HTML fragments the builders put in it.

The pages its links resolve against are recorded with the page and checked again at each build, so
a link to a page that appears or goes is rendered again. A page whose rendering logged a warning is
never kept, so a strict build fails again the same way. On a hit, neither Markdown nor the template
runs: MkDocs renders an empty template and the plugin returns the stored HTML.
"""

from __future__ import annotations

import inspect
import json
import logging
import sqlite3
import sysconfig
from collections.abc import Mapping
from datetime import date, datetime
from functools import partial
from pathlib import Path, PurePath
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import PluginCollection
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import TableOfContents
from mkdocs.theme import Theme
from mkdocs.utils.meta import get_data

from carnet.site.build_cache import (
    Store,
    code_fingerprint,
    digest,
    folder_fingerprint,
    unpack_parts,
)
from carnet.site.pages.common import MARKER_KEY
from carnet.site.pages.common import Page as BuiltPage

# What MkDocs renders for a page taken from the cache: nothing (the plugin returns the page).
CACHED_TEMPLATE = "carnet-cache.html"
# Options that change where things go, never what a page holds.
PLACES = frozenset(
    {"config_file_path", "site_dir", "docs_dir", "dev_addr", "remote_branch", "remote_name"}
    | {"watch"}
)
PAGES_LOG = logging.getLogger("mkdocs.structure.pages")


class Unstable(Exception):
    """A setting has no stable text (a lambda, an object): the build runs without cache."""


class CacheVanished(Exception):
    """An entry found at the start of the build was gone when its page was written."""


def stable(value: Any) -> Any:
    """A setting as JSON data that is the same from one build to the next, or Unstable."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Theme):
        return {"name": value.name, "dirs": list(value.dirs), "options": stable(dict(value))}
    if isinstance(value, PluginCollection):
        return {name: stable(dict(plugin.config)) for name, plugin in value.items()}
    if isinstance(value, Mapping):
        return {str(k): stable(v) for k, v in sorted(value.items(), key=lambda i: str(i[0]))}
    if isinstance(value, (list, tuple)):
        return [stable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(json.dumps(stable(v), sort_keys=True) for v in value)
    if isinstance(value, (PurePath, date, datetime)):
        return str(value)
    if type(value).__name__ == "Locale":  # the theme's language
        return str(value)
    if hasattr(value, "patterns"):  # pathspec's GitIgnoreSpec (exclude_docs, not_in_nav…)
        return [stable(getattr(p, "pattern", None)) for p in value.patterns]
    if inspect.isfunction(value) or inspect.isbuiltin(value):  # a slugify function, by name
        name = f"{value.__module__}.{value.__qualname__}"
        if "<" not in name:  # not a lambda, nor a function made inside another
            return name
    raise Unstable(type(value).__qualname__)


def site_signature(config: MkDocsConfig) -> str:
    """Everything every page depends on: the carnet, the packages, the configuration, the themes."""
    settings = {key: stable(config[key]) for key in sorted(config) if key not in PLACES}
    installed = _installed()
    themes = [
        folder_fingerprint(Path(folder))
        for folder in config.theme.dirs
        if not any(Path(folder).resolve().is_relative_to(p) for p in installed)
    ]
    # The builder itself (MkDocs or ProperDocs, which writes its own name in every page).
    builder = inspect.getfile(type(config))
    return digest(code_fingerprint(), builder, json.dumps(settings, sort_keys=True), *themes)


def _installed() -> set[Path]:
    """Where installed packages live: their files change only with their version."""
    return {Path(sysconfig.get_paths()[k]).resolve() for k in ("purelib", "platlib")}


def built_digest(page: BuiltPage) -> str:
    """A generated page's Markdown and fragments, without the per-process key of its markers."""
    fragments = [[k.replace(MARKER_KEY, ""), v] for k, v in page.fragments.items()]
    return digest(page.markdown.replace(MARKER_KEY, ""), json.dumps(fragments))


def nav_signature(items: list, built: Mapping[str, BuiltPage]) -> list:
    """The navigation as every page shows it: sections, links, pages with their titles."""
    shown: list = []
    for item in items:
        if item.is_section:
            shown.append(["section", item.title, nav_signature(item.children, built)])
        elif item.is_page:
            src = item.file.src_uri
            source = built[src].markdown if src in built else item.file.content_string
            # A page named without a title in the nav shows its own (its first heading), and the
            # nav shows some of its meta (Material's icon and status): both on every page.
            title = vars(item).get("title") or (
                built_digest(built[src]) if src in built else digest(source)
            )
            meta = json.dumps(stable(get_data(source)[1]), sort_keys=True)
            shown.append(["page", src, item.url, title, meta])
        else:
            shown.append(["link", item.title, item.url])
    return shown


def _restore(page: MkPage, head: dict, files: Files, *_: object) -> None:
    """Stands for Page.render on a hit: what other pages and MkDocs' checks read of this page."""
    page.content = ""
    page.toc = TableOfContents([])
    page._title_from_render = head["titre"]
    page.present_anchor_ids = set(head["ancres"])
    if PAGES_LOG.getEffectiveLevel() > logging.DEBUG:  # as Page.render does
        targets = {src: files.get_file_from_path(src) for src in head["liens_ancres"]}
        page.links_to_anchors = {
            target: dict(head["liens_ancres"][src]) for src, target in targets.items() if target
        }


class PageCache:
    """One build's use of the cache: keys, hits, what each rendered page needs to be kept."""

    def __init__(self, store: Store, config: MkDocsConfig) -> None:
        self.store = store
        self.site = site_signature(config)
        self.nav = ""
        self.keys: dict[str, str] = {}  # pages to render and keep
        self.hits: dict[str, str] = {}
        self.heads: dict[str, dict] = {}
        self.tainted: set[str] = set()
        self.current: str | None = None  # the page being rendered, for links and warnings
        self.links: dict[str, list | None] = {}
        self.files: Files | None = None
        self.watcher = _Warnings(self)
        logging.getLogger("mkdocs").addHandler(self.watcher)
        # A page is kept only if its warnings would be seen: with MkDocs' warnings silenced
        # (`mkdocs build -q`), pages are taken from the cache but none is added to it.
        self.can_keep = all(
            logging.getLogger(name).isEnabledFor(logging.WARNING)
            for name in ("mkdocs", "mkdocs.structure.pages", "mkdocs.plugins")
        )

    def watch(self, files: Files) -> None:
        """Record the files each rendered page's links resolve against."""
        self.files = files
        lookup = files.get_file_from_path

        def recorded(path: str) -> File | None:
            found = lookup(path)
            if self.current is not None and self.current in self.keys:
                self.links.setdefault(path, _describe(found))
            return found

        files.get_file_from_path = recorded  # type: ignore[method-assign]

    def set_nav(self, nav: Navigation, built: Mapping[str, BuiltPage]) -> None:
        self.nav = digest(json.dumps(nav_signature(nav.items, built)))

    def lookup(self, page: MkPage, markdown: str, built: BuiltPage | None, extra: str) -> None:
        """Take the page from the cache if its key is there and its links resolve as they did."""
        src = page.file.src_uri
        self.current = src
        try:
            meta = json.dumps(stable(page.meta), sort_keys=True)
        except Unstable:
            return  # rendered, never kept
        fragments = built_digest(built) if built else ""
        key = digest(self.site, self.nav, src, page.url, meta, markdown.replace(MARKER_KEY, ""))
        key = digest(key, fragments, extra)
        head = self._head(key)
        assert self.files is not None, "watch() comes first"
        if head is not None and self._links_hold(head["liens"]):
            self.hits[src] = key
            page.render = partial(_restore, page, head, self.files)  # type: ignore[method-assign]
            page.meta["template"] = CACHED_TEMPLATE
            return
        self.keys[src] = key
        self.links = {}

    def rendered(self, page: MkPage) -> None:
        """After Markdown: what a later build restores without rendering."""
        src = page.file.src_uri
        if src in self.keys:
            self.heads[src] = {
                "titre": page._title_from_render,
                "ancres": sorted(page.present_anchor_ids or ()),
                "liens_ancres": {
                    target.src_uri: anchors
                    for target, anchors in (page.links_to_anchors or {}).items()
                },
                "liens": self.links,
            }
        self.current = None

    def is_hit(self, page: MkPage) -> bool:
        return page.file.src_uri in self.hits

    def key(self, page: MkPage) -> str:
        """A hit's key (carnet.site.page_worker reads its search document with it)."""
        return self.hits[page.file.src_uri]

    def begin_template(self, page: MkPage) -> None:
        self.current = page.file.src_uri

    def parts(self, page: MkPage) -> list[str]:
        """A hit's stored texts (page, search document, offline page, content's body)."""
        found = self.store.read(self.hits[page.file.src_uri])
        if found is None or found[0] is None:
            raise CacheVanished(page.file.src_uri)
        self.store.hits += 1
        self.current = None
        return unpack_parts(found[0], found[1])

    def entry(self, page: MkPage) -> tuple[str, dict] | None:
        """A page just rendered: its key and header if the cache is to keep it (the parts are
        packed by carnet.site.page_worker), None if it rendered with a warning."""
        src = page.file.src_uri
        self.store.rebuilt += 1
        self.current = None
        if self.can_keep and src in self.keys and src in self.heads and src not in self.tainted:
            return self.keys[src], self.heads.pop(src)
        return None

    def finish(self) -> str:
        """Keep what this build made, drop what no build needs any more; the build log's summary."""
        logging.getLogger("mkdocs").removeHandler(self.watcher)
        self.store.finish()
        return self.store.summary()

    def close(self) -> None:
        """After a failed build: what was rendered is kept all the same (every entry is whole)."""
        logging.getLogger("mkdocs").removeHandler(self.watcher)
        self.store.close()

    def _head(self, key: str) -> dict | None:
        head = self.store.head(key)
        try:
            return None if head is None else json.loads(head)
        except ValueError:
            return None

    def _links_hold(self, links: dict[str, list | None]) -> bool:
        assert self.files is not None
        lookup = Files.get_file_from_path  # unrecorded: a hit renders nothing
        return all(_describe(lookup(self.files, path)) == seen for path, seen in links.items())


def template_loader(env: jinja2.Environment) -> jinja2.Environment:
    """The environment with the empty template that pages taken from the cache name."""
    assert env.loader is not None
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({CACHED_TEMPLATE: ""}), env.loader])
    return env


def _describe(file: File | None) -> list | None:
    return None if file is None else [file.url, file.inclusion.name]


class _Warnings(logging.Handler):
    """Marks the page being built when MkDocs or a plugin warns: such a page is never kept."""

    def __init__(self, cache: PageCache) -> None:
        super().__init__(logging.WARNING)
        self.cache = cache

    def emit(self, record: logging.LogRecord) -> None:
        if self.cache.current is not None:
            self.cache.tainted.add(self.cache.current)


def start_cache(config: MkDocsConfig, folder: Path) -> PageCache | None:
    """The build's cache, or None (with the reason in the build log) when pages cannot be reused.

    Only the carnet's own hooks are known to change pages: with another plugin or MkDocs hooks, or
    a setting without a stable text, every page is rendered.
    """
    others = sorted(name for name in config.plugins if name != "carnet")
    reason = ""
    if others or config.hooks:
        reason = f"d'autres extensions changent les pages ({', '.join(others) or 'hooks'})"
    else:
        try:
            return PageCache(Store(folder), config)
        except Unstable as exc:
            reason = f"un réglage n'a pas de forme stable ({exc})"
        except (OSError, sqlite3.Error) as exc:
            reason = f"le dossier {folder} n'est pas utilisable ({exc})"
    logging.getLogger("mkdocs.plugins.carnet").info(
        "cache de construction non utilisé : %s", reason
    )
    return None


# The templates the navigation is made of: memoized only when they are Material's or the carnet's.
NAV_TEMPLATES = (
    "partials/nav.html",
    "partials/nav-item.html",
    "partials/logo.html",
    "partials/source.html",
)
ORIGINAL_NAV = "carnet-navigation-material.html"


def memoize_nav(env: jinja2.Environment, dirs: list[str], carnet: Path) -> jinja2.Environment:
    """Material's primary navigation, rendered once for all the pages outside it in one folder.

    A page that is not in the navigation sees it exactly as its neighbours do: the same items, none
    of them active, the same relative addresses (MkDocs' `url` filter depends only on the folder).
    At 1,000 sheets that is 1,000 renderings of the navigation saved, about a third of the time
    spent in templates. Only the templates of installed packages (Material) and the carnet's own
    are trusted with it: a network's override of one of them is rendered for every page.
    """
    inner = env.loader
    assert inner is not None
    installed = _installed()
    resolved = [Path(d).resolve() for d in dirs]
    folders = [carnet.resolve()] + [
        d for d in resolved if any(d.is_relative_to(p) for p in installed)
    ]

    def trusted_source(name: str) -> bool:
        try:
            _, filename, _ = inner.get_source(env, name)
        except jinja2.TemplateNotFound:
            return False
        return filename is not None and any(
            Path(filename).resolve().is_relative_to(folder) for folder in folders
        )

    if not all(trusted_source(name) for name in NAV_TEMPLATES):
        return env
    env.loader = _NavLoader(inner)
    rendered: dict[tuple, Markup] = {}

    @jinja2.pass_context
    def carnet_nav(context: jinja2.runtime.Context) -> Markup:
        key = _nav_key(context.get("page"), context.get("nav"), context.get("config"))
        if key is None or key not in rendered:
            html = Markup(env.get_template(ORIGINAL_NAV).render(context.get_all()))
            if key is None:
                return html
            rendered[key] = html
        return rendered[key]

    env.globals["carnet_nav"] = carnet_nav
    return env


class _NavLoader(jinja2.BaseLoader):
    """Material's partials/nav.html becomes a call to the memo, which renders the original."""

    def __init__(self, inner: jinja2.BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple:
        if template == "partials/nav.html":
            return "{{ carnet_nav() }}", None, lambda: True
        if template == ORIGINAL_NAV:
            return self.inner.get_source(environment, "partials/nav.html")
        return self.inner.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


def _nav_key(page: Any, nav: Any, config: Any) -> tuple | None:
    """Where a page outside the navigation sees it from; None for a page that renders it itself."""
    if page is None or nav is None or any(page is item for item in nav.pages):
        return None
    url = page.url
    name = url.rpartition("/")[2]
    if "." in name:  # MkDocs' relative addresses start from the page's folder
        return ("fichier", *_parts(url.rpartition("/")[0]))
    parts = _parts(url)
    targets = [_parts(t) for t in _nav_targets(nav, config)]
    if not parts or any(t[: len(parts)] == parts for t in targets):
        return None  # something the navigation links to lies inside this page's folder
    return ("dossier", len(parts), *parts[:-1])


def _nav_targets(nav: Any, config: Any) -> list[str]:
    """Every address the navigation links to (relative ones: the others are left as they are)."""
    found: list[str] = []
    stack = list(nav.items)
    while stack:
        item = stack.pop()
        if getattr(item, "url", None) is not None:
            found.append(str(item.url))
        stack += getattr(item, "children", None) or []
    homepage = getattr(nav, "homepage", None)
    found += [homepage.url] if homepage is not None else []
    found += [str(config.extra.get("homepage") or ""), str(config.theme.get("logo") or "")]
    return found


def _parts(url: str) -> list[str]:
    return [part for part in url.split("/") if part not in ("", ".")]
