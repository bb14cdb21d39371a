"""The offline edition: the whole built site as a .zip that opens from disk (file://) without
network.

The published pages link to folders (`fiches/x/`), which a web server completes with index.html
and a browser opening files does not: the archive holds a copy of each page whose internal links
name `index.html`. Pagefind cannot run from file:// (browsers refuse its fetch and WebAssembly
there), so the archive's pages show the indexes where the search button was, and its home page says
so. Plain Python: the plugin calls `write_offline_edition` after the build.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

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
        "pas\u00a0: les navigateurs l'interdisent aux pages ouvertes depuis le disque. Passez "
        "par les index\u00a0: "
        '<a href="fiches/">fiches de A à Z</a>, <a href="administrations/">par administration</a>, '
        '<a href="competences/">par compétence</a>, <a href="publics/">par public</a>, '
        f'<a href="dysfonctionnements/">dysfonctionnements</a>.{online}</p></div>'
    )


def rewrite_for_disk(html: str, home_notice: str = "") -> str:
    """One page of the archive: links to index.html, the indexes in the search's place, no download
    link,
    no feed or script that needs a server; on the home page, `home_notice` after the title."""
    html = SEARCH_SCRIPT.sub("", html)
    html = SEARCH_DIALOG.sub("", html)
    html = FEED_LINK.sub("", html)
    html = INDEX_NOSCRIPT.sub(r"\1", html)
    html = HOME_BLOCK.sub("", html)  # the archive does not hold itself
    if home_notice:
        html = FIRST_HEADING_END.sub(
            lambda m: m.group(0) + rewrite_links(home_notice), html, count=1
        )
    return rewrite_links(html)


def rewrite_links(html: str) -> str:
    """Links to index.html; a link to a file the archive leaves out (a feed, a download, the API)
    loses its address.
    """
    return ATTRIBUTE.sub(
        lambda m: (
            " "
            if "href" in m.group(1) and left_out(m.group(2))
            else m.group(1) + disk_url(m.group(2)) + m.group(3)
        ),
        html,
    )


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


def write_archive(site: Path, today: date, site_url: str = "") -> Path:
    """Zip the built site for reading from disk; returns the archive's path inside the site."""
    target = site / archive_path(today)
    target.parent.mkdir(parents=True, exist_ok=True)
    root = f"{SITE_NAME}-{today.isoformat()}"
    stamp = (today.year, today.month, today.day, 0, 0, 0)
    home = notice(today, site_url)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:

        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(f"{root}/{name}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)

        add(
            "LISEZ-MOI.txt",
            README.format(day=french_date(today).replace(NBSP, " "), url=site_url or "—")
            .replace("\n", "\r\n")
            .encode("utf-8"),
        )
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            relative = path.relative_to(site).as_posix()
            if not archived(relative):
                continue
            if path.suffix == ".html":
                page = rewrite_for_disk(
                    path.read_text("utf-8"), home if relative == "index.html" else ""
                )
                add(relative, page.encode("utf-8"))
            else:
                add(relative, path.read_bytes())
    return target


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
