"""`carnet pack AAAA-MM`: the meeting's pack as one HTML file to send (printable on A4), or as
Markdown.

Both come from the same pure function as the site's « Version à imprimer » page
(`carnet.site.pages.printing.build_pack`). The HTML file is that very page, rendered as the site
renders
it (Markdown, then the sanitiser, then the builders' fragments), with links made absolute when the
site's address is known, a stylesheet of its own, and the meeting's invitation inside the file.
"""

from __future__ import annotations

import base64
import re
from datetime import UTC, date, datetime, time
from urllib.parse import urljoin

import markdown

from carnet.facilitation.review import as_list, md_inline, on_date, typo
from carnet.model.content import KIND_FOLDER, Corpus, Document
from carnet.model.themes import meeting_is_past, meeting_of
from carnet.site.calendar_ics import build_ics
from carnet.site.pages.common import GRAVITES, NIVEAUX, STATUTS, french_date, h
from carnet.site.pages.printing import Pack, build_theme_print, demote_headings, print_src
from carnet.site.sanitize import clean_html
from carnet.site.search import TYPE_LABELS
from carnet.text import of_month, plural

EXTENSIONS = ["admonition", "attr_list", "tables", "toc"]  # those of mkdocs.yml
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_HREF = re.compile(r'href="([^"]*)"')
_INLINE_TARGET = re.compile(r"(\]\()([^)\s]+)")
STYLE = """
@page { size: A4; margin: 15mm 15mm 16mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.45;
       color: #1f2933; max-width: 48rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.8em; color: #00564d; } h2 { font-size: 1.4em; color: #00564d; }
h3 { font-size: 1.15em; }
a { color: #00695c; }
.carnet-dates { color: #52606d; font-size: 0.95em; }
.carnet-resume { font-style: italic; }
.admonition { border: 1px solid #888; border-left: 4px solid #00695c; padding: 0.2rem 0.8rem;
              margin: 1rem 0; }
.admonition-title { font-weight: bold; }
table { border-collapse: collapse; } th, td { border: 1px solid #bbb; padding: 0.2rem 0.4rem; }
.carnet-invitation { background: #e0f2f1; padding: 0.6rem 0.8rem; }
@media print {
  body { margin: 0; max-width: none; padding: 0; }
  .carnet-saut { break-before: page; margin-top: 0; }
  h2, h3 { break-after: avoid; }
  li, .admonition, tr { break-inside: avoid; }
  a[href^="https:"]::after { content: " (" attr(href) ")"; font-size: 0.85em; color: #52606d;
                             word-break: break-all; }
  a.carnet-sans-adresse::after { content: none; }
}
"""


def ics_data_url(theme: Document, site_url: str, today: date) -> str | None:
    """The invitation inside the file, as a data: address (no network needed to add it to a
    calendar).
    """
    stamp = datetime.combine(today, time(0, 0), tzinfo=UTC)
    try:
        invitation = build_ics(theme, f"{site_url}themes/{theme.id}/", stamp)
    except ValueError:  # an hour like « 9h30 » (carnet check reports it): no invitation, no crash
        return None
    if invitation is None or meeting_is_past(theme, today):
        return None
    return "data:text/calendar;charset=utf-8;base64," + base64.b64encode(
        invitation.encode("utf-8")
    ).decode("ascii")


def _absolute(html: str, base: str, theme: Document, data_url: str | None) -> str:
    """Links made absolute from the page's address; the invitation link points inside the file."""

    def fix(m: re.Match) -> str:
        target = m.group(1)
        if target.endswith(f"{theme.id}.ics") and data_url:
            return (
                f'download="rencontre-{theme.id}.ics" class="carnet-sans-adresse" href="{data_url}"'
            )
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#", target, re.I):
            return m.group(0)
        return f'href="{h(urljoin(base, target))}"' if base.startswith("http") else m.group(0)

    return _HREF.sub(fix, html)


def render_pack_html(corpus: Corpus, theme: Document, today: date, site_url: str = "") -> str:
    """One self-contained HTML file: the site's printable page, its own stylesheet, the invitation
    inside.
    """
    page = build_theme_print(theme, corpus, today, site_url)
    body = page.fill(
        clean_html(markdown.markdown(_FRONT.sub("", page.markdown), extensions=EXTENSIONS))
    )
    base = f"{site_url}{print_src(theme).removesuffix('.md')}/"
    body = _absolute(body, base, theme, ics_data_url(theme, site_url, today))
    title = typo(f"{theme.get('titre', theme.id)} — dossier de la rencontre")
    return (
        f'<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" '
        f'content="width=device-width, initial-scale=1">\n<title>{h(title)}</title>\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _site_links(text: str, from_src: str, site_url: str) -> str:
    """Relative links of a body written for from_src, as addresses on the site (or their words alone
    without one).
    """
    from carnet.site.pages.printing import _retarget

    def fix(m: re.Match) -> str:
        target = m.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#", target, re.I):
            return m.group(0)
        page = _retarget(target, from_src, "index.md")
        return m.group(1) + site_url + re.sub(r"(index)?\.md(?=#|$)", "/", page).replace("//", "/")

    return _INLINE_TARGET.sub(fix, text)


def _doc_md(doc: Document, site_url: str) -> list[str]:
    facts = [TYPE_LABELS[doc.kind]]
    if doc.kind == "fiche":
        facts += [
            NIVEAUX.get(doc.get("niveau"), ""),
            f"vérifiée {on_date(doc.get('verifiee_le'))}",
        ]
    elif doc.kind == "dysfonctionnement":
        facts += [STATUTS.get(doc.get("statut"), ""), GRAVITES.get(doc.get("gravite"), "")]
    facts += ["**exemple, contenu fictif**"] if doc.get("exemple") else []
    facts += [f"en ligne : <{site_url}{KIND_FOLDER[doc.kind]}/{doc.id}/>"] if site_url else []
    parts = [
        f"## {md_inline(doc.get('titre', doc.id))}",
        " · ".join(f for f in facts if f),
        f"*{md_inline(doc.get('resume', ''))}*",
    ]
    if doc.kind == "anecdote" and doc.get("enseignement"):
        parts.append(f"> **Enseignement** : {md_inline(doc.get('enseignement'))}")
    if doc.kind == "dysfonctionnement" and doc.get("service"):
        parts.append(f"Démarche : {md_inline(doc.get('service'))}")
    parts.append(
        demote_headings(
            _site_links(doc.body.strip(), f"{KIND_FOLDER[doc.kind]}/{doc.id}.md", site_url)
        )
    )
    links = [
        f"- [{md_inline(link.get('titre', link.get('url')))}]({link.get('url')})"
        for link in as_list(doc.get("liens"))
        if isinstance(link, dict)
    ]
    return parts + (["### Liens officiels", "\n".join(links)] if links else [])


def _titled(pack: Pack, kind: str, ident: str, text: str) -> str:
    return f"[{text}]({pack.site_url}{KIND_FOLDER[kind]}/{ident}/)" if pack.site_url else text


def _link(pack: Pack, doc: Document) -> str:
    return _titled(
        pack,
        doc.kind,
        doc.id,
        md_inline(doc.get("titre", doc.id)) + (" (exemple)" if doc.get("exemple") else ""),
    )


def render_pack_markdown(pack: Pack, meeting: str = "") -> str:
    """The same pack as Markdown: links on the site when its address is known, the text alone
    otherwise.
    """
    theme = pack.theme
    by = ", ".join(str(x) for x in as_list(theme.get("animateurs")))
    parts = [
        f"# {md_inline(pack.title)}",
        f"Thème {of_month(french_date(theme.id))}"
        + (f" · préparé par {md_inline(by)}" if by else "")
        + f" · version du {french_date(pack.today)}",
    ]
    parts += ["*Ce thème et sa rencontre sont illustratifs.*"] if theme.get("exemple") else []
    parts += [meeting] if meeting else []
    parts += [
        f"*{md_inline(theme.get('resume', ''))}*",
        "## Éditorial",
        demote_headings(_site_links(theme.body.strip(), f"themes/{theme.id}.md", pack.site_url)),
    ]
    for doc in pack.selection:
        parts += _doc_md(doc, pack.site_url)
    opened = [
        f"- {_link(pack, d)} — constaté {on_date(d.get('constate_le'))}" for d in pack.news.opened
    ]
    confirmed = [
        f"- {_link(pack, c.doc)} — {plural(c.count, 'confirmation')}"
        + (f" ({', '.join(c.territoires)})" if c.territoires else "")
        for c in pack.news.confirmed
    ]
    review = [
        f"{n}. {_titled(pack, i.kind, i.id, md_inline(i.titre))} — vérifiée le "
        f"{french_date(i.verifiee_le)}, à revérifier le {french_date(i.echeance)} · "
        f"{md_inline(', '.join(i.auteurs))}"
        for n, i in enumerate(pack.review, 1)
    ]
    parts += [
        f"## Le mois sur le terrain : {french_date(pack.news.month)}",
        "### Nouveaux dysfonctionnements",
        "\n".join(opened) or "*Aucun nouveau dysfonctionnement.*",
        "### Confirmations du terrain",
        "\n".join(confirmed) or "*Aucune confirmation.*",
        "## À revérifier",
        f"Les fiches et dysfonctionnements du thème (et ceux qui partagent une administration ou "
        f"une compétence avec sa sélection) à vérifier de nouveau d'ici le "
        f"{french_date(pack.review_by)}.",
        "\n".join(review) or "*Rien à revérifier d'ici là.*",
    ]
    return typo("\n\n".join(p for p in parts if p)) + "\n"


def meeting_markdown(theme: Document, today: date, site_url: str) -> str:
    """« **Rencontre du réseau** : le … » with its links, as the letter writes it."""
    from carnet.facilitation.newsletter import _md_meeting, build_meeting

    meeting = build_meeting(theme, today, site_url) if meeting_of(theme) else None
    return _md_meeting(meeting) if meeting else ""
