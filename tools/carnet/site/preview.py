"""`carnet serve`: the preview that rebuilds only the pages a save changes. MkDocs-aware.

Like carnet.site.plugin, this module knows MkDocs; what to rebuild is decided in plain Python by
carnet.site.incremental. At start, one full build (MkDocs' own `build`, the carnet plugin's hooks
included) into a temporary folder; MkDocs' configuration, files, navigation and theme stay in
memory. On a save:

1. the saved files are read again (an empty or unreadable file is waited out for a second: editors
   empty a file before writing it), checked with their neighbours, and the documents' own pages are
   rendered through MkDocs' page functions and written: the browser showing one reloads now;
2. then the listings and pages that show the saved documents, one by one (a newer save goes first);
3. then, once saves pause, the search index is rebuilt in another process.

Each open page polls the server (MkDocs' live-reload protocol) and reloads only when its own page
was written again, or when an error appears or goes: an error is shown at the top of every page,
and said in the terminal, in French; the page keeps its last good version until the next good save.
"""

from __future__ import annotations

import contextlib
import gc
import html
import logging
import os
import re
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import watchdog.events
import watchdog.observers
import watchdog.observers.polling
from mkdocs.commands.build import _build_page, _populate_page, build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer, _timestamp
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage
from watchdog.observers.api import BaseObserver

from carnet.checking.check import CheckResult
from carnet.checking.report import render_text
from carnet.findings import Finding
from carnet.site.failure import french_failure
from carnet.site.incremental import FullRebuild, Preview, is_content_file
from carnet.site.pages.common import Page
from carnet.text import counted

log = logging.getLogger("mkdocs.plugins.carnet")
QUIET = 0.03  # seconds without events before a save is handled: one save is several writes
SEARCH_QUIET = 1.5  # seconds without saves before the search index is rebuilt

# MkDocs' live-reload script, asking for one page: the server answers when that page was written
# again (or when an error appears or goes), so that saving a sheet does not reload every tab.
_SCRIPT = string.Template(
    """
(function (epoch, requestId) {
  var req, timeout, page = encodeURIComponent(location.pathname);
  var poll = function () {
    req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) { location.reload(); }
      else { timeout = setTimeout(poll, this.status === 200 ? 0 : 3000); }
    };
    req.open("GET", "/livereload/" + epoch + "/" + requestId + "?page=" + page);
    req.send();
  };
  var stop = function () {
    if (req) { req.abort(); }
    if (timeout) { clearTimeout(timeout); }
    req = timeout = undefined;
  };
  window.addEventListener("load", function () {
    if (document.visibilityState === "visible") { poll(); }
  });
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { poll(); } else { stop(); }
  });
  window.addEventListener("beforeunload", stop);
})(${epoch}, ${request_id});
"""
)
_BANNER_STYLE = (
    "position:sticky;top:0;z-index:1000;margin:0;padding:.8rem "
    "1rem;background:#fff3f0;color:#5c1500;border-bottom:3px solid #b3261e;font:16px/1.4 "
    "system-ui,sans-serif;max-height:50vh;overflow:auto"
)


_REPORT_STYLE = "margin:0 0 .4rem;white-space:pre-wrap;overflow-wrap:anywhere;font-size:14px"
# The preview serves the site at its root, so the theme's « {{ base_url }}/assets/… » reads
# « //assets/… » on the 404 page: an address on a host named « assets » (no search, no offline
# script).
_ROOT_TWICE = re.compile(rb'(\s(?:href|src)=")//(?=[^/."]*[/"])')


def french_seconds(seconds: float) -> str:
    return f"{seconds:.2f}".replace(".", ",") + " s"


def pages_word(count: int) -> str:
    return counted(count, "page reconstruite", "pages reconstruites")


def removed_word(count: int) -> str:
    return counted(count, "page retirée", "pages retirées")


class _Keep(BasePlugin):
    """Keeps what a full build computed, to render single pages later with MkDocs' functions."""

    files: Files
    nav: Navigation

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav, self.files = nav, files
        return nav

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        self.env = env
        return env


class Site:
    """The preview's site: one full build, then single pages rendered and written again."""

    def __init__(self, config_file: str, overrides: dict, site_dir: Path, serve_url: str) -> None:
        self.config_file, self.overrides = config_file, overrides
        self.site_dir, self.serve_url = site_dir, serve_url
        self.preview: Preview | None = None

    def full_build(self) -> int:
        """MkDocs' own build, with the carnet plugin; returns the number of pages."""
        self.preview = None
        gc.unfreeze()  # the previous build's objects may go
        config = load_config(
            self.config_file,
            site_dir=str(self.site_dir),
            site_url=self.serve_url,
            strict=False,  # a broken link is a warning in the terminal, not a preview that stops
            **self.overrides,
        )
        config.plugins.on_startup(command="serve", dirty=False)
        plugin: Any = config.plugins["carnet"]  # CarnetPlugin, which nothing imports
        plugin.preview = True  # no offline archive, no build cache in the preview
        keep = _Keep()
        config.plugins["carnet-apercu"] = keep
        build(config, serve_url=self.serve_url)
        self.config, self.keep = config, keep
        self.plugin: Any = plugin
        self._doc_files: tuple[int, Sequence[File]] | None = None  # not counted at every save
        self.preview = Preview(plugin.corpus, plugin.settings, plugin.pages.values())
        # The corpus and the pages live until the next full build: out of the garbage collector's
        # way, a save at 10,000 sheets is not slowed down by scanning them again and again.
        gc.collect()
        gc.freeze()
        return len(plugin.pages)

    def render(self, pages: Iterable[Page]) -> list[str]:
        """Render and write pages through MkDocs; their addresses (`fiches/x/`)."""
        config, files, plugin = self.config, self.keep.files, self.plugin
        chosen: list[File] = []
        for page in pages:
            plugin.pages[page.src_uri] = page
            file = files.get_file_from_path(page.src_uri)
            if file is None:  # a new document
                file = File.generated(config, page.src_uri, content=page.markdown)
                files.append(file)
                MkPage(None, file, config)
            else:
                file.content_string = page.markdown
            chosen.append(file)
        if self.preview is not None:
            plugin.corpus = self.preview.corpus
        if self._doc_files is None or self._doc_files[0] != len(files):  # a page came or went
            self._doc_files = (len(files), files.documentation_pages())
        doc_files = self._doc_files[1]
        for file in chosen:
            assert file.page is not None
            _populate_page(file.page, config, files)
            _build_page(file.page, config, doc_files, self.keep.nav, self.keep.env)
        return [file.url for file in chosen]

    def remove(self, srcs: Iterable[str]) -> list[str]:
        """Take pages out of the site (a deleted document); their addresses."""
        urls = []
        for src in srcs:
            self.plugin.pages.pop(src, None)
            file = self.keep.files.get_file_from_path(src)
            if file is None:
                continue
            self.keep.files.remove(file)
            target = Path(file.abs_dest_path)
            target.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # its folder (fiches/x/), unless not empty
                target.parent.rmdir()
            urls.append(file.url)
        return urls

    def copy_static(self, path: Path) -> bool:
        """A picture or other file beside the content: copied as MkDocs does, or removed."""
        target = self.site_dir / path.relative_to(Path(self.config.docs_dir))
        if path.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            return True
        if target.is_file():
            target.unlink()
            return True
        return False


def _polling() -> BaseObserver:
    return watchdog.observers.polling.PollingObserver(timeout=0.25)


class _Changes(watchdog.events.FileSystemEventHandler):
    """Collects the paths written under content/ (and mkdocs.yml)."""

    KINDS = frozenset({"created", "modified", "deleted", "moved", "closed"})

    def __init__(self, server: PreviewServer) -> None:
        self.server = server

    def on_any_event(self, event: watchdog.events.FileSystemEvent) -> None:
        if event.event_type not in self.KINDS or event.is_directory:
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        self.server.changed(Path(os.fsdecode(p)) for p in paths if p)


class PreviewServer(LiveReloadServer):
    """MkDocs' development server, with per-page reloads, errors in the page, partial rebuilds."""

    def __init__(self, site: Site, content: Path, config_file: Path | None, host: str, port: int):
        super().__init__(builder=lambda: None, host=host, port=port, root=str(site.site_dir))
        self.site, self.content, self.config_file = site, content.resolve(), config_file
        self.versions: dict[str, int] = {}  # page address → when it was last written
        self.everything = _timestamp()  # when every page must reload (errors shown or gone)
        self.problems: dict[
            str, list[Finding]
        ] = {}  # file → the errors that keep its last save out
        self.failure = ""  # the full build's error, when there is no site to show
        self._pending: set[Path] = set()
        self._last_event = 0.0
        self._local = threading.local()
        self._search: subprocess.Popen | None = None
        self._search_started = 0.0
        self._search_due = False
        self._last_save = 0.0
        self._later_count, self._later_time = 0, 0.0
        self._banner_html = b""
        self._watched_paths = {str(self.content): 1}  # MkDocs injects the script when watching
        self.error_handler = self._error_page

    # Watching ---------------------------------------------------------------------------------

    def changed(self, paths: Iterable[Path]) -> None:
        wanted = {
            p
            for p in paths
            if (self.config_file is not None and p == self.config_file)
            or is_content_file(p, self.content)
        }
        if wanted:
            with self._rebuild_cond:
                self._pending |= wanted
                self._last_event = time.monotonic()
                self._rebuild_cond.notify_all()

    def _start_watching(self) -> None:
        """inotify where the system has it, else polling (some network or container folders)."""
        handler = _Changes(self)
        for make in (watchdog.observers.Observer, _polling):
            watcher = make()
            try:
                watcher.schedule(handler, str(self.content), recursive=True)
                if self.config_file is not None:
                    watcher.schedule(handler, str(self.config_file.parent), recursive=False)
                watcher.start()
            except OSError:
                continue
            self._watcher = watcher
            return

    def shutdown(self, wait: bool = False) -> None:
        watcher = getattr(self, "_watcher", None)
        if watcher is not None:
            watcher.stop()
        super().shutdown(wait)

    def _take(self, timeout: float) -> set[Path]:
        """The paths saved since the last call, once writes pause; waits up to `timeout` for one."""
        with self._rebuild_cond:
            self._rebuild_cond.wait_for(lambda: self._pending or self._shutdown, timeout=timeout)
            while self._pending and not self._shutdown:
                quiet = QUIET - (time.monotonic() - self._last_event)
                if quiet <= 0:
                    break
                self._rebuild_cond.wait(timeout=quiet)
            taken, self._pending = self._pending, set()
            return taken

    def _interrupted(self) -> bool:
        return bool(self._pending)

    # Serving ----------------------------------------------------------------------------------

    def _version(self, page: str) -> int:
        key = page.removesuffix("index.html")
        return max(self.everything, self.versions.get(key, 0))

    def _bump(self, urls: Iterable[str] = (), everything: bool = False) -> None:
        with self._epoch_cond:
            now = _timestamp()
            if everything:
                self.everything = now
            for url in urls:
                self.versions["/" + url.lstrip("/")] = now
            self._epoch_cond.notify_all()

    def _serve_request(self, environ, start_response):
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path.startswith("/livereload/"):
            match = re.fullmatch(r"/livereload/([0-9]+)/[0-9]+", path)
            if match is None:
                return None
            epoch = int(match[1])
            query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
            page = query.get("page", ["/"])[0]
            start_response("200 OK", [("Content-Type", "text/plain")])
            with self._epoch_cond:
                self._epoch_cond.wait_for(
                    lambda: self._version(page) > epoch or self._shutdown,
                    timeout=self.poll_response_timeout,
                )
                return [b"%d" % self._version(page)]
        if self.failure and not path.startswith("/pagefind/") and "." not in path:
            return self._failure_page(path, start_response)
        self._local.page = path
        return super()._serve_request(environ, start_response)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        page = getattr(self._local, "page", "/")
        script = _SCRIPT.substitute(epoch=self._version(page), request_id=_timestamp())
        banner = self._banner_html
        try:
            body_end = content.rindex(b"</body>")
        except ValueError:
            body_end = len(content)
        content = b"%b<script>%b</script>%b" % (
            content[:body_end],
            script.encode(),
            content[body_end:],
        )
        if banner:
            match = re.search(rb"<body[^>]*>", content)
            at = match.end() if match else 0
            content = content[:at] + banner + content[at:]
        return content

    def _errors_changed(self) -> None:
        """Show the errors at the top of every page, or take them away: every open page reloads."""
        self._banner_html = self._banner().encode("utf-8")
        self._bump(everything=True)

    def _banner(self) -> str:
        """The errors that keep saves out of the preview, as a box at the top of every page."""
        if not self.problems and not self.failure:
            return ""
        if self.failure:
            title = "Le carnet n'a pas pu être construit"
            report = self.failure
            after = "Corrigez puis enregistrez : l'aperçu se reconstruit tout seul."
        else:
            findings = sorted({f for found in self.problems.values() for f in found})
            title = "Votre dernier enregistrement n'est pas pris en compte"
            summary = render_text(CheckResult(findings, len(self.problems))).rstrip()
            after = (
                "Les pages montrent la dernière version correcte\u00a0; une nouvelle page "
                "n'apparaît qu'une fois son fichier corrigé. Corrigez le fichier et "
                "enregistrez\u00a0: la page se met à jour toute seule."
            )
            return self._box(
                title,
                "".join(self._finding_html(f) for f in findings)
                + f"<p style='margin:0 0 .4rem'>{html.escape(summary.splitlines()[-1])}</p>",
                after,
            )
        return self._box(title, f"<pre style='{_REPORT_STYLE}'>{html.escape(report)}</pre>", after)

    @staticmethod
    def _box(title: str, report_html: str, after: str) -> str:
        return (
            f'<div role="alert" class="carnet-apercu-erreur" style="{_BANNER_STYLE}">'
            f"<p style='margin:0 0 .4rem'><strong>{html.escape(title)}</strong></p>"
            f"{report_html}<p style='margin:0'>{html.escape(after)}</p></div>"
        )

    def _finding_html(self, finding: Finding) -> str:
        """One error as a person reads it: « fichier, ligne 3 », the message, the hint, and the
        lines of the file around it, the line above too: a missing « : » on a line is reported on
        the next one by YAML."""
        where = f"{finding.path}, ligne {finding.line}" if finding.line else finding.path
        hint = f"<br>Aide\u00a0: {html.escape(finding.hint)}" if finding.hint else ""
        excerpt = ""
        try:
            lines = (self.content.parent / finding.path).read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        if finding.line and finding.line <= len(lines):
            shown = range(max(1, finding.line - 1), finding.line + 1)
            excerpt = (
                f"<pre style='{_REPORT_STYLE}'>"
                + "\n".join(
                    f"{'▶' if n == finding.line else ' '} {n:>3} │ {html.escape(lines[n - 1])}"
                    for n in shown
                )
                + "</pre>"
            )
        return (
            f"<p style='margin:0 0 .2rem'><strong>{html.escape(where)}</strong>\u00a0: "
            f"{html.escape(finding.message)}{hint}</p>{excerpt}"
        )

    def _failure_page(self, path: str, start_response):
        self._local.page = path
        page = (
            '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
            "<title>Aperçu indisponible - Carnet de terrain</title></head><body></body></html>"
        ).encode()
        page = self._inject_js_into_html(page, 0)
        start_response(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))],
        )
        return [page]

    def _error_page(self, code: int) -> bytes | None:
        page = self.site.site_dir / f"{code}.html"
        if code not in (404, 500) or not page.is_file():
            return None
        # The address of a new page whose file has an error said « Page introuvable » and nothing
        # else, and stayed so once the file was fixed: it shows the errors, and reloads when its
        # page is written (MkDocs adds neither to its error pages).
        return self._inject_js_into_html(_ROOT_TWICE.sub(rb"\1/", page.read_bytes()), 0)

    # Building ---------------------------------------------------------------------------------

    def serve(self, *, open_in_browser: bool = False) -> None:
        self._start_watching()
        self._full_build(first=True)
        self.server_bind()
        self.server_activate()
        self.serve_thread.start()
        say(
            f"Aperçu servi sur {self.url} : chaque enregistrement dans {self.content.name}/ "
            "reconstruit les pages qu'il change."
        )
        self._loop()

    def _loop(self) -> None:
        while not self._shutdown:
            preview = self.site.preview
            busy = preview is not None and preview.busy
            paths = self._take(0 if busy else 0.25)
            if self._shutdown:
                break
            try:
                if paths:
                    self._apply(paths)
                elif busy:
                    self._later()
                else:
                    self._search_tick()
            except Exception as exc:  # a bug must not stop the preview: say it, rebuild next time
                log.exception("erreur de l'aperçu")
                self.failure = f"erreur interne de l'aperçu : {exc}"
                self.site.preview = None
                self._errors_changed()
        self._stop_search()

    def _full_build(self, first: bool = False) -> None:
        with self._epoch_cond:  # pages wait for the build rather than showing half a site
            self._wanted_epoch = _timestamp()
        start = time.monotonic()
        say("Construction complète de l'aperçu…")
        said = _Said()
        logging.getLogger("mkdocs").addHandler(said)
        try:
            count = self.site.full_build()
        except Exception as exc:  # content errors (the plugin's report), or anything else
            if not isinstance(exc, (MkDocsException, OSError)):
                log.exception("erreur de l'aperçu")
            self.failure = "\n".join(said.errors) or french_failure(str(exc))
            self.site.preview = None
            if not said.errors:  # MkDocs printed the others already
                say(f"carnet : erreur : {self.failure}", error=True)
            say("L'aperçu se reconstruira au prochain enregistrement.", error=True)
        else:
            self.failure = ""
            self.problems.clear()
            say(
                f"Aperçu construit : {count} pages en {french_seconds(time.monotonic() - start)}. "
                "(Pas d'édition hors ligne en aperçu : `carnet build` la produit.)"
            )
        finally:
            logging.getLogger("mkdocs").removeHandler(said)
            with self._epoch_cond:
                self._visible_epoch = self._wanted_epoch
                self._epoch_cond.notify_all()
            self._errors_changed()
        if not first:
            self._search_due = False  # the full build indexed the site

    def _apply(self, paths: set[Path]) -> None:
        if self.site.preview is None or (self.config_file in paths):
            self._full_build()
            return
        docs = Path(self.site.config.docs_dir)
        statics = {p for p in paths if p.suffix not in (".md", ".yml", ".yaml")}
        copied = [p for p in sorted(statics) if p.suffix and self.site.copy_static(p)]
        for path in copied:  # an editor's temporary file (no extension) is left alone
            say(f"Modifié : {path.relative_to(docs.parent).as_posix()} (fichier copié tel quel)")
        if copied:
            self._bump(everything=True)
        saved = sorted(paths - statics)
        if not saved:
            return
        start = time.monotonic()
        try:
            update = self.site.preview.update(saved, self._interrupted)
            if update.superseded:
                self.changed(saved)  # handled with the newer save, at the next turn
                return
            if update.errors and len(saved) > 1:  # apply the good files of a batch
                for path in saved:
                    self._apply_one([path], start, settle=False)
            else:
                self._report(update, saved, start)
        except FullRebuild:
            self._full_build()
            return
        others = sorted(Path(p) for p in self.problems if Path(p) not in saved)
        if others:  # a file waiting for this one (a link to a new sheet) may now pass
            self._apply_one(others, time.monotonic(), settle=False, quiet=True)

    def _apply_one(
        self, paths: list[Path], start: float, settle: bool = True, quiet: bool = False
    ) -> None:
        assert self.site.preview is not None
        update = self.site.preview.update(paths, settle=settle)
        if quiet and update.errors:
            return
        self._report(update, paths, start)

    def _new_page(self, path: Path) -> bool:
        """A document the preview has no page for yet: « la dernière version correcte » of it is
        none."""
        docs = Path(self.site.config.docs_dir).resolve()
        resolved = path.resolve()
        if path.suffix != ".md" or not resolved.is_relative_to(docs):
            return False
        return resolved.relative_to(docs).as_posix() not in self.site.plugin.pages

    def _report(self, update, paths: list[Path], start: float) -> None:
        names = ", ".join(update.paths) or ", ".join(p.name for p in paths)
        keys = [str(p) for p in paths]
        by_name = dict(zip(update.paths, [str(p) for p in paths if p.suffix == ".md"], strict=True))
        if update.errors:
            had = {k: self.problems.get(k) for k in keys}
            for key in keys:
                self.problems.pop(key, None)
            for finding in update.errors:
                key = by_name.get(finding.path, keys[0])  # a file that links to it: on this one
                self.problems.setdefault(key, []).append(finding)
            report = render_text(CheckResult(update.errors, len(paths))).rstrip()
            kept = (
                "l'aperçu garde la dernière version correcte"
                if any(not self._new_page(p) for p in paths)
                else "la page n'apparaîtra qu'une fois le fichier corrigé"
            )
            say(f"Erreur dans {names} : {kept}.\n{report}", error=True)
            if had != {k: self.problems.get(k) for k in keys}:
                self._errors_changed()
            return
        fixed = [k for k in keys if k in self.problems]
        for key in fixed:
            self.problems.pop(key)
        for finding in update.warnings:
            say(f"{finding.path}:{finding.line}: avertissement [{finding.code}] {finding.message}")
        written, gone = self.site.render(update.pages), self.site.remove(update.removed)
        urls = written + gone
        self._bump(urls)
        if fixed:
            self._errors_changed()
        elapsed = time.monotonic() - start
        self._last_save = time.monotonic()
        self._search_due = True
        self._later_count, self._later_time = 0, 0.0
        waited = " (enregistrement en cours attendu)" if update.waited else ""
        shown = f" : {', '.join(u or '/' for u in urls[:3])}" if urls else ""
        more = "…" if len(urls) > 3 else ""
        result = (
            ", ".join(
                part
                for part in (
                    pages_word(len(written)) if written else "",
                    removed_word(len(gone)) if gone else "",
                )
                if part
            )
            + f" en {french_seconds(elapsed)}"
            if urls
            else "aucune page ne change"
        )
        say(f"{'Corrigé' if fixed else 'Modifié'} : {names} → {result}{shown}{more}{waited}")

    def _later(self) -> None:
        """One listing or related page left by the last save; says when all are done."""
        assert self.site.preview is not None
        start = time.monotonic()
        done = self.site.preview.later()
        if done is None:
            return
        _, pages, removed = done
        urls = self.site.render(pages) + self.site.remove(removed)
        self._bump(urls)
        self._later_count += len(urls)
        self._later_time += time.monotonic() - start
        if not self.site.preview.busy and self._later_count:
            say(
                f"  puis {pages_word(self._later_count)} qui le montrent (listes, pages liées) en "
                f"{french_seconds(self._later_time)}"
            )
            self._later_count, self._later_time = 0, 0.0

    # Search -----------------------------------------------------------------------------------

    def _search_tick(self) -> None:
        """Rebuild the search index in another process, once saves pause; one run at a time."""
        if self._search is not None:
            code = self._search.poll()
            if code is None:
                return
            output = self._search.stdout.read() if self._search.stdout else ""
            if code == 0:
                took = french_seconds(time.monotonic() - self._search_started)
                say(f"Recherche : index mis à jour en {took}")
            else:
                say(
                    f"Recherche : l'index n'a pas pu être mis à jour : {output.strip()}", error=True
                )
            self._search = None
        if not self._search_due or time.monotonic() - self._last_save < SEARCH_QUIET:
            return
        if not self.site.plugin.config.search:
            self._search_due = False
            return
        self._search_due = False
        self._search_started = time.monotonic()
        self._search = subprocess.Popen(
            [sys.executable, "-m", "carnet.site.indexing", str(self.site.site_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def _stop_search(self) -> None:
        if self._search is not None and self._search.poll() is None:
            self._search.terminate()
            self._search.wait(timeout=10)


class _Said(logging.Handler):
    """The errors MkDocs and the plugin log during a full build, for the page in the browser."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith("Error reading page"):  # MkDocs' echo of the same error
            self.errors.append(message)


def say(text: str, error: bool = False) -> None:
    print(text, file=sys.stderr if error else sys.stdout, flush=True)


def serve(config_file: str, overrides: dict, dev_addr: str) -> None:
    """Build once, then serve and rebuild page by page until Ctrl+C."""
    host, port = dev_addr.rsplit(":", 1)
    site_dir = Path(tempfile.mkdtemp(prefix="carnet-apercu-"))
    content = Path(overrides.get("docs_dir") or _docs_dir(config_file))
    serve_url = f"http://{dev_addr}/"
    site = Site(config_file, overrides, site_dir, serve_url)
    config_path = Path(config_file).resolve() if Path(config_file).is_file() else None
    server = PreviewServer(site, content, config_path, host, int(port))
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a service manager: clean up the same way
    try:
        server.serve()
    except KeyboardInterrupt:
        say("Arrêt de l'aperçu.")
    finally:
        server.shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _docs_dir(config_file: str) -> str:
    config = load_config(config_file)
    return config.docs_dir
