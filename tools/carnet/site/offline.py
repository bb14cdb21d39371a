"""The offline edition: the whole built site as a .zip that opens from disk (file://) without
network.

The published pages link to folders (`fiches/x/`), which a web server completes with index.html
and a browser opening files does not: the archive holds a copy of each page whose internal links
name `index.html`. Pagefind cannot run from file:// (browsers refuse its fetch and WebAssembly
there), so the archive's pages show the indexes where the search button was, and its home page says
so. Plain Python: the plugin calls `write_offline_edition` after the build.
"""

from __future__ import annotations

import os
import queue
import re
import threading
import zipfile
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

from carnet.site.pages.common import NBSP, french_date, h

FOLDER = "hors-ligne"
SITE_NAME = "carnet-de-terrain"
SIZE_MARK = re.compile(r"(<span data-carnet-taille>)[^<]*(</span>)")
ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Left out of the archive: what cannot work from disk (search index, service worker, feeds, 404 page
# served by the host), what serves other sites (JSON API, downloads) and what no page of the carnet
# loads (Material's lunr search, source maps).
EXCLUDED_DIRS = (
    "pagefind/",
    "flux/",
    "assets/javascripts/lunr/",
    "assets/javascripts/workers/",
    "api/",
    "exports/",
)
EXCLUDED_FILES = ("404.html", "carnet-sw.js", "sitemap.xml", "sitemap.xml.gz")
SEARCH_SCRIPT = re.compile(
    r'<script src="[^"]*assets/carnet-(?:recherche|hors-ligne)\.js"[^>]*></script>'
)
SEARCH_DIALOG = re.compile(r'<dialog id="carnet-recherche".*?</dialog>', re.S)
FEED_LINK = re.compile(r'<link rel="alternate" type="application/atom\+xml"[^>]*>\s*')
INDEX_NOSCRIPT = re.compile(r"<noscript data-carnet-index>(.*?)</noscript>", re.S)
HOME_BLOCK = re.compile(r'<div class="carnet-hors-ligne-accueil">.*?</div>', re.S)
FIRST_HEADING_END = re.compile(r"</h1>")
# The bar of indexes (theme/main.html's <noscript>) opens with these words: the archive's pages say
# there which edition they are, a page opened from a bookmark as well as the home page.
SEARCH_OFF = "Recherche indisponible ici"
README = """Carnet de terrain — édition hors ligne du {day}

Pour lire le carnet sans réseau :
1. Décompressez ce fichier .zip (clic droit, « Extraire tout… »).
2. Dans le dossier obtenu, ouvrez index.html avec votre navigateur (double-clic).

Les liens, les index (fiches de A à Z, par administration, par compétence, par public) et le tableau
des dysfonctionnements fonctionnent sans réseau. La recherche, elle, ne fonctionne pas dans cette
édition : les navigateurs l'interdisent aux pages ouvertes depuis le disque.

La version à jour, avec la recherche : {url}
"""


def archive_path(today: date) -> str:
    """hors-ligne/carnet-de-terrain-2026-11-23.zip: the build's date in the name."""
    return f"{FOLDER}/{SITE_NAME}-{today.isoformat()}.zip"


def french_size(size: int) -> str:
    """12 345 678 → « 12 Mo », 1 834 000 → « 1,8 Mo », 420 000 → « 420 ko »."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))}{NBSP}ko"
    megabytes = size / 1_000_000
    text = f"{megabytes:.1f}".replace(".", ",") if megabytes < 10 else str(round(megabytes))
    return f"{text.removesuffix(',0')}{NBSP}Mo"


def disk_url(url: str) -> str:
    """A link that works from file://: a folder's address gets its index.html; others are
    unchanged."""
    if not url or url.startswith(("#", "//", "?")) or SCHEME.match(url):
        return url
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    path, rest = url[:cut], url[cut:]
    if path.endswith("/"):
        path += "index.html"
    elif path.rsplit("/", 1)[-1] in (".", ".."):
        path += "/index.html"
    return path + rest


def notice(today: date, site_url: str) -> str:
    """What the archive's home page says first: its date, that search is off, where the indexes
    are."""
    online = (
        f' La version à jour, avec la recherche\u00a0: <a href="{h(site_url)}">{h(site_url)}</a>.'
        if site_url
        else ""
    )
    return (
        '<div class="admonition info carnet-hors-ligne-avis"><p class="admonition-title">Édition '
        "hors ligne du "
        f"{french_date(today)}</p><p>Ce carnet s'ouvre depuis votre disque, sans réseau. La "
        f"recherche n'y fonctionne "
        "pas\u00a0: les navigateurs l'interdisent aux pages ouvertes depuis le disque. Passez par "
        "les index\u00a0: "
        '<a href="fiches/">fiches de A à Z</a>, <a href="administrations/">par administration</a>, '
        '<a href="competences/">par compétence</a>, <a href="publics/">par public</a>, '
        f'<a href="dysfonctionnements/">dysfonctionnements</a>.{online}</p></div>'
    )


def edition_label(today: date) -> str:
    """« Édition hors ligne du 23 novembre 2026 », at the head of every page of the archive."""
    return f"Édition hors ligne du {french_date(today)}"


def online_folder(site_url: str, relative: str) -> str:
    """The published address of the folder that holds a page of the site ("" without site_url)."""
    if not site_url:
        return ""
    folder = relative.rsplit("/", 1)[0] + "/" if "/" in relative else ""
    return site_url.rstrip("/") + "/" + folder


def notice_on(relative: str, home: str) -> str:
    """What the archive adds to a built page: the `notice` on the home page, nothing elsewhere."""
    return home if relative == "index.html" else ""


def rewrite_for_disk(html: str, home_notice: str = "", online: str = "", edition: str = "") -> str:
    """One page of the archive: links to index.html, the indexes in the search's place, no download
    link, no feed or script that needs a server; on the home page, `home_notice` after the title.

    `online` is the published address of the page's folder: a link to a file the archive leaves out
    goes there. `edition` (« Édition hors ligne du … ») opens the bar of indexes.
    """
    html = SEARCH_SCRIPT.sub("", html)
    html = SEARCH_DIALOG.sub("", html)
    html = FEED_LINK.sub("", html)
    html = dated(INDEX_NOSCRIPT.sub(r"\1", html), edition)
    html = HOME_BLOCK.sub("", html)  # the archive does not hold itself
    if home_notice:
        html = FIRST_HEADING_END.sub(
            lambda m: m.group(0) + rewrite_links(home_notice), html, count=1
        )
    return rewrite_links(html, online)


def dated(page: str, edition: str) -> str:
    """An archive page with its edition's date opening its bar of indexes (as it is when `edition`
    is empty). Apart from `rewrite_for_disk`, so that the build cache keeps pages without the date
    and a page taken from it a week later says the new one."""
    return page.replace(SEARCH_OFF, f"{edition}, sans recherche", 1) if edition else page


def rewrite_links(html: str, online: str = "") -> str:
    """Links to index.html; a link to a file the archive leaves out (a feed, a download, the API)
    goes to its published address when `online` (the page's folder online) is known, and else loses
    its address: from disk it led nowhere (« Télécharger la source » under every sheet did nothing).
    """
    return ATTRIBUTE.sub(lambda match: _rewritten(match, online), html)


_REWRITTEN: dict[str, str | None] = {}


def _rewritten(match: re.Match, online: str) -> str:
    # Pages at the same depth share most of their links (navigation, header): each is worked out
    # once. The memo is emptied when it grows past what a site's distinct links could fill. A link
    # left out is None there: its published address depends on the page's folder.
    link = match.group(0)
    attribute, url, quote = match.groups()
    if link not in _REWRITTEN:
        if len(_REWRITTEN) > 200_000:
            _REWRITTEN.clear()
        left = "href" in attribute and left_out(url)
        _REWRITTEN[link] = None if left else attribute + disk_url(url) + quote
    known = _REWRITTEN[link]
    if known is not None:
        return known
    return attribute + urljoin(h(online), url) + quote if online else " "


UP = re.compile(r"^(?:\.\.?/)+")


def left_out(url: str) -> bool:
    """A relative link to a file that is not in the archive (the site's links climb to its root
    first).
    """
    if not url or url.startswith(("#", "//", "?")) or SCHEME.match(url):
        return False
    path = UP.sub("", url.split("#")[0].split("?")[0])
    return bool(path) and "." in path.rsplit("/", 1)[-1] and not archived(path)


def archived(relative: str) -> bool:
    """Whether a file of the built site goes into the archive."""
    return not (
        relative.startswith(EXCLUDED_DIRS)
        or relative in EXCLUDED_FILES
        or relative.endswith((".map", ".zip"))
    )


class OfflineArchive:
    """The archive, written while the site is built: each page as MkDocs writes it (`add_page`),
    then the other files (`finish`). A thread compresses, so that the build goes on meanwhile.
    """

    def __init__(self, site: Path, today: date, site_url: str = "") -> None:
        self.site = site
        self.target = site / archive_path(today)
        self.root = f"{SITE_NAME}-{today.isoformat()}"
        self.stamp = (today.year, today.month, today.day, 0, 0, 0)
        self.home = notice(today, site_url)
        self.site_url = site_url
        self.edition = edition_label(today)
        self.readme = README.format(day=french_date(today).replace(NBSP, " "), url=site_url or "—")
        self.added: set[str] = set()
        self.queue: queue.Queue[tuple[str, bytes] | None] = queue.Queue(maxsize=64)
        self.thread: threading.Thread | None = None
        self.failure: BaseException | None = None
        self.finished = False

    def notice_for(self, relative: str) -> str:
        return notice_on(relative, self.home)

    def page(self, relative: str, html: str) -> str:
        """A built page as the archive holds it but for the edition's date, which `add_page` puts
        in ("" when the archive leaves it out): the build cache keeps this, whatever the day."""
        if not archived(relative):
            return ""
        online = online_folder(self.site_url, relative)
        return rewrite_for_disk(html, self.notice_for(relative), online)

    def add_page(self, relative: str, page: str) -> None:
        """Add what `page` made of a built page, dated."""
        if archived(relative):
            self._add(relative, dated(page, self.edition).encode("utf-8", "xmlcharrefreplace"))

    def finish(self) -> Path:
        """Add every other file of the built site, in path order, and close the archive."""
        for relative, path in _site_files(self.site):
            if relative in self.added or not archived(relative):
                continue
            if path.suffix == ".html":
                self.add_page(relative, self.page(relative, path.read_text("utf-8")))
            else:
                self._add(relative, path.read_bytes())
        self._start()
        self.queue.put(None)
        assert self.thread is not None
        self.thread.join()
        if self.failure is not None:
            raise self.failure
        self.finished = True
        return self.target

    def abandon(self) -> None:
        """Stop the thread after a failed build, and remove the unfinished archive (harmless after
        `finish`)."""
        if self.thread is not None and self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        if not self.finished:
            self.target.unlink(missing_ok=True)

    def _add(self, relative: str, data: bytes) -> None:
        self._start()
        self.added.add(relative)
        self.queue.put((relative, data))

    def _start(self) -> None:
        # Opened at the first page: MkDocs empties the site folder before it writes the pages.
        if self.thread is None:
            self.thread = threading.Thread(target=self._write, daemon=True)
            self.thread.start()

    def _write(self) -> None:
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(
                self.target, "w", zipfile.ZIP_DEFLATED, compresslevel=6
            ) as archive:
                readme = self.readme.replace("\n", "\r\n").encode("utf-8")
                archive.writestr(self._info("LISEZ-MOI.txt"), readme)
                while (item := self.queue.get()) is not None:
                    archive.writestr(self._info(item[0]), item[1])
        except BaseException as exc:  # raised again by finish(), in the build's thread
            self.failure = exc
            while self.queue.get() is not None:  # let the build go on to finish()
                pass

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(f"{self.root}/{name}", self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        return info


def _site_files(site: Path) -> list[tuple[str, Path]]:
    """The site's files by relative path, sorted, without descending into the folders left out."""
    found = []
    for folder, subfolders, names in os.walk(site):
        here = Path(folder)
        prefix = here.relative_to(site).as_posix() + "/" if here != site else ""
        subfolders[:] = sorted(d for d in subfolders if f"{prefix}{d}/" not in EXCLUDED_DIRS)
        found += [(prefix + name, here / name) for name in names]
    return sorted(found)


def write_archive(site: Path, today: date, site_url: str = "") -> Path:
    """Zip a built site for reading from disk; returns the archive's path inside the site."""
    return OfflineArchive(site, today, site_url).finish()


def fill_size(site: Path, size: int) -> None:
    """Write the archive's size where the pages announce it (home page, « Hors ligne » page)."""
    for page in (site / "index.html", site / FOLDER / "index.html"):
        if page.is_file():
            html = page.read_text("utf-8")
            page.write_text(
                SIZE_MARK.sub(lambda m: m.group(1) + french_size(size) + m.group(2), html),
                encoding="utf-8",
            )


def write_offline_edition(site: Path, today: date, site_url: str = "") -> Path:
    """The archive, then its size on the pages that link to it."""
    target = write_archive(site, today, site_url)
    fill_size(site, target.stat().st_size)
    return target
