"""What every page builder shares: links between pages, French dates, badges, escaping."""

from __future__ import annotations

import posixpath
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from html import escape

from carnet.model.content import KIND_FOLDER, Document
from carnet.site.sanitize import attribute_text, template_text

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
NIVEAUX = {"debutant": "Débutant", "intermediaire": "Intermédiaire", "avance": "Avancé"}
NIVEAU_ORDER = {"debutant": 0, "intermediaire": 1, "avance": 2}
STATUTS = {"actif": "Actif", "contourne": "Contourné", "resolu": "Résolu"}
GRAVITES = {"bloquant": "Bloquant", "genant": "Gênant", "mineur": "Mineur"}
GRAVITE_ORDER = {"bloquant": 0, "genant": 1, "mineur": 2}
NBSP = "\u00a0"
MARKER_KEY = secrets.token_hex(12)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]>()#+!|])")


class Html(str):
    """Finished HTML: kept out of Markdown's way, since Markdown's raw-HTML handling is slow."""


class Body(str):
    """A content's own Markdown in its page: its HTML there is also the API's `corps_html`.

    Rendered once, by the site's own Markdown, instead of a second time for the API.
    """


BODY_START = f"CARNETCORPS{MARKER_KEY}D"
BODY_END = f"CARNETCORPS{MARKER_KEY}F"
BODY_MARKERS = re.compile(f"<p>(?:{BODY_START}|{BODY_END})</p>\n?|{BODY_START}|{BODY_END}")


@dataclass(frozen=True)
class Page:
    """One page of the site: its Markdown, where each marker paragraph stands for a finished
    fragment.

    Markers are plain words, not HTML comments: Markdown parses raw HTML, even a comment,
        slowly.
    They carry a random key drawn once per process, so that no content can write one.
    """

    src_uri: str
    markdown: str
    fragments: dict[str, str] = field(default_factory=dict)

    def fill(self, html: str) -> str:
        """Put the fragments back into the page's rendered HTML."""
        for marker, fragment in self.fragments.items():
            html = html.replace(f"<p>{marker}</p>", fragment, 1).replace(marker, fragment, 1)
        if BODY_START in html:
            html = BODY_MARKERS.sub("", html)
        return html

    def body_html(self, html: str) -> str | None:
        """The HTML of the page's `Body` in its rendered HTML (before `fill`), or None.

        None when the page has no body, or when the body's Markdown swallowed a marker (an
        unclosed code fence or HTML block): the caller renders that body on its own.
        """
        start, end = html.find(f"<p>{BODY_START}</p>"), html.find(f"<p>{BODY_END}</p>")
        if start < 0 or end < start:
            return None
        return html[start + len(BODY_START) + 7 : end].strip("\n")

    def full_markdown(self) -> str:
        """The Markdown with its HTML fragments inline (for any other renderer)."""
        return self.fill(self.markdown)


def assemble(src: str, parts: Iterable) -> Page:
    """Join Markdown parts and HTML fragments (nested lists allowed) into a page."""
    texts: list[str] = []
    fragments: dict[str, str] = {}

    def add(part: object) -> None:
        if isinstance(part, (list, tuple)):
            for item in part:
                add(item)
        elif isinstance(part, Body) and part:
            texts.extend((BODY_START, str(part), BODY_END))
        elif isinstance(part, Html) and part:
            if texts and texts[-1] in fragments:  # neighbours share one marker
                fragments[texts[-1]] += "\n" + part
                return
            marker = f"CARNETFRAGMENT{MARKER_KEY}N{len(fragments)}X"
            fragments[marker] = str(part)
            texts.append(marker)
        elif part:
            texts.append(str(part))

    add(list(parts))
    return Page(src, "\n\n".join(texts) + "\n", fragments)


@dataclass(frozen=True)
class SiteSettings:
    """What builders need from the configuration."""

    today: date
    edit_base: str = ""  # e.g. https://github.com/org/repo/edit/main/content/
    site_name: str = "Carnet de terrain"
    site_url: str = ""
    repo_url: str = ""
    contact: str = ""
    mentions: dict = field(
        default_factory=dict
    )  # legal notice settings: editeur, direction_publication, hebergeur
    extra: dict = field(default_factory=dict)


def md(text: object) -> str:
    """Escape text so that Markdown shows it as written (« < » is no Markdown escape: it becomes an
    entity).
    """
    text = str(text).replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def french_date(value: str | date | None) -> str:
    """2026-11-03 → « 3 novembre 2026 »; 2026-11 → « novembre 2026 »."""
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, date) else str(value)
    parts = text.split("-")
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]}{NBSP}{parts[0]}"
    day = int(parts[2])
    return f"{'1er' if day == 1 else day}{NBSP}{MONTHS[int(parts[1]) - 1]}{NBSP}{parts[0]}"


def src_of(doc: Document) -> str:
    """The page path of a content document."""
    return f"{KIND_FOLDER[doc.kind]}/{doc.id}.md"


def hub_src(referentiel: str, ident: str) -> str:
    return f"{referentiel}/{ident}.md"


def link(from_src: str, to_src: str) -> str:
    """A relative link between two pages' sources, as MkDocs resolves and checks it in Markdown."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")


def page_url(src: str) -> str:
    """The directory URL of a page (use_directory_urls): fiches/x.md → fiches/x/, index.md → ''."""
    stem = (
        src[: -len("index.md")]
        if src == "index.md" or src.endswith("/index.md")
        else src[:-3] + "/"
    )
    return stem.rstrip("/")


def href(from_src: str, to_src: str) -> str:
    """A relative URL between two pages, for the HTML parts that Markdown does not process.

    Listings and badges are written as HTML because Markdown's inline processing of thousands of
    links doubles the build time; tests check that every one of these links resolves.
    """
    start, target = page_url(from_src), page_url(to_src)
    if start == target:
        return "./"
    # Up to the site's root, then down: always right, and cheap enough for 100,000 links.
    return "../" * (start.count("/") + 1 if start else 0) + (target + "/" if target else "")


def h(text: object) -> str:
    """Escape text for HTML."""
    return escape(str(text), quote=True)


def a(url: str, text: str, css: str = "") -> str:
    # A link whose text is its address prints once: the print style writes other outside links'
    # addresses after them (« https://www.caf.fr (https://www.caf.fr) »).
    css = css or ("carnet-adresse" if text == url else "")
    cls = f' class="{css}"' if css else ""
    return f'<a href="{h(url)}"{cls}>{h(text)}</a>'


def html_list(
    items: Iterable[str], css: str = "", ordered: bool = False, listing: bool = False
) -> Html:
    """A list of already-escaped HTML items; a listing of other pages is left out of the search
    index.
    """
    tag = "ol" if ordered else "ul"
    cls = (f' class="{css}"' if css else "") + (" data-pagefind-ignore" if listing else "")
    return Html(f"<{tag}{cls}>\n" + "\n".join(f"<li>{i}</li>" for i in items) + f"\n</{tag}>")


def para(text_html: str, css: str = "") -> Html:
    cls = f' class="{css}"' if css else ""
    return Html(f"<p{cls}>{text_html}</p>")


def resume_para(text: str, demoted: bool = False) -> Html:
    """The résumé: shown under the title, and weighted in the search index (less for examples)."""
    weight = 1 if demoted else 4
    return Html(f'<p class="carnet-resume" data-pagefind-weight="{weight}">{h(text)}</p>')


def html_block(*parts: str) -> Html:
    """Several HTML pieces as one fragment."""
    return Html("\n".join(p for p in parts if p))


def admonition(kind: str, title: str, text_html: str) -> Html:
    """Material's admonition, as HTML."""
    return Html(
        f'<div class="admonition {kind}">\n<p class="admonition-title">{h(title)}</p>\n'
        f"<p>{text_html}</p>\n</div>"
    )


def front(title: str, description: str = "", **extra: str) -> str:
    """The meta block MkDocs reads for the title and the description.

    Material prints both without escaping (in <title>, the header, <meta content="…">): they are
    escaped here, so that no title or résumé can open a tag or leave its attribute.
    """
    lines = ["---", f"title: {_yaml_str(template_text(title))}"]
    if description:
        lines.append(f"description: {_yaml_str(attribute_text(description))}")
    lines += [f"{key}: {_yaml_str(value)}" for key, value in extra.items()]
    return "\n".join(lines + ["---", ""])


def _yaml_str(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def badge(label: str, kind: str, url: str | None = None) -> str:
    """A badge, linked to its hub when there is one."""
    css = f"carnet-badge carnet-badge--{kind}"
    return a(url, label, css) if url else f'<span class="{css}">{h(label)}</span>'


def badges(items: list[str]) -> Html:
    return Html('<div class="carnet-badges">\n' + "\n".join(items) + "\n</div>" if items else "")


def doc_item(from_src: str, doc: Document, with_resume: bool = True) -> str:
    """One listing item, as HTML: linked title, then the résumé."""
    text = a(href(from_src, src_of(doc)), doc.get("titre", doc.id))
    text += " <em>(exemple)</em>" if doc.get("exemple") else ""
    resume = doc.get("resume")
    return text + (f" — {h(resume)}" if resume and with_resume else "")


def empty(text: str) -> Html:
    return Html(f"<p><em>{h(text)}</em></p>")


def doc_list(
    from_src: str,
    docs: Iterable[Document],
    none: str = "Rien pour l'instant.",
    ordered: bool = False,
    css: str = "",
) -> Html:
    items = [doc_item(from_src, doc) for doc in docs]
    return html_list(items, css, ordered=ordered, listing=True) if items else empty(none)
