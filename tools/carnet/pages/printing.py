"""The « Version à imprimer » of a monthly theme: the editorial, then every selected content in full.

One page to print as a pack for a meeting or a permanence: each content starts on a new sheet of
paper (print CSS: `.carnet-saut`), its body as its author wrote it, headings one level down.
"""

from __future__ import annotations

import posixpath
import re
from datetime import date

from carnet.content import KIND_FOLDER, Corpus, Document
from carnet.pages.common import (GRAVITES, NIVEAUX, STATUTS, Html, Page, a, admonition, assemble, french_date, front, h,
                                 html_list, md, para, src_of)
from carnet.pages.indexes import meeting_text, theme_month
from carnet.search import TYPE_LABELS

FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^(#{1,5})(?=\s)")
# Inline links and images, and reference definitions: their relative targets are the author's page's.
INLINE_TARGET = re.compile(r"(\]\()([^)\s]+)")
REFERENCE = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*)(\S+)", re.M)


def print_src(theme: Document) -> str:
    """themes/2026-11/imprimer.md → published at themes/2026-11/imprimer/."""
    return f"themes/{theme.id}/imprimer.md"


def demote_headings(markdown: str) -> str:
    """Every ATX heading one level down (## → ###), code blocks left alone."""
    lines, fence = [], ""
    for line in markdown.splitlines():
        opening = FENCE.match(line)
        if opening and (not fence or opening.group(1)[0] == fence[0]):
            fence = "" if fence else opening.group(1)
        elif not fence:
            line = HEADING.sub(r"#\1", line)
        lines.append(line)
    return "\n".join(lines)


def _retarget(target: str, from_src: str, to_src: str) -> str:
    if re.match(r"^[a-z][a-z0-9+.-]*:|^[#/]", target, re.I):
        return target
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(from_src), target))
    return posixpath.relpath(resolved, posixpath.dirname(to_src) or ".")


def move_links(markdown: str, from_src: str, to_src: str) -> str:
    """A body written for from_src, its relative links rewritten to work from to_src."""
    markdown = INLINE_TARGET.sub(lambda m: m.group(1) + _retarget(m.group(2), from_src, to_src), markdown)
    return REFERENCE.sub(lambda m: m.group(1) + _retarget(m.group(2), from_src, to_src), markdown)


def _facts(doc: Document, site_url: str) -> Html:
    facts = [TYPE_LABELS[doc.kind]]
    if doc.kind == "fiche":
        facts += [NIVEAUX.get(doc.get("niveau"), ""), f"vérifiée le {french_date(doc.get('verifiee_le'))}"]
    elif doc.kind == "dysfonctionnement":
        facts += [STATUTS.get(doc.get("statut"), ""), GRAVITES.get(doc.get("gravite"), ""),
                  f"vérifié le {french_date(doc.get('verifiee_le'))}" if doc.get("verifiee_le") else ""]
    elif doc.get("date"):
        facts.append(f"vécu en {french_date(doc.get('date'))}")
    if doc.get("exemple"):
        facts.append("<strong>exemple, contenu fictif</strong>")
    address = f"{site_url}{KIND_FOLDER[doc.kind]}/{doc.id}/" if site_url else ""
    where = f"<br>En ligne\u00a0: {h(address)}" if address else ""
    return para(" · ".join(f for f in facts if f) + where, "carnet-dates")


def _content(doc: Document, src: str, site_url: str) -> list:
    title = str(doc.get("titre", doc.id))
    # As HTML: the sanitiser keeps no class from Markdown, and this one starts a new sheet of paper.
    parts: list = [Html(f'<h2 class="carnet-saut" id="{h(doc.id)}">{h(title)}</h2>'), _facts(doc, site_url),
                   para(h(doc.get("resume", "")), "carnet-resume")]
    if doc.kind == "fiche" and doc.get("prerequis"):
        parts.append(para("<strong>Prérequis\u00a0:</strong> " + h("\u202f; ".join(map(str, doc.get("prerequis"))))))
    if doc.kind == "anecdote" and doc.get("enseignement"):
        parts.append(admonition("tip", "Enseignement", h(doc.get("enseignement"))))
    if doc.kind == "dysfonctionnement" and doc.get("service"):
        parts.append(para(f"Démarche\u00a0: {h(doc.get('service'))}"))
    parts.append(demote_headings(move_links(doc.body.strip(), src_of(doc), src)))
    links = [a(l.get("url"), l.get("titre", l.get("url"))) for l in doc.get("liens") or [] if isinstance(l, dict)]
    if links:
        parts += ["### Liens officiels", html_list(links)]
    return parts


def build_theme_print(theme: Document, corpus: Corpus, today: date, site_url: str = "") -> Page:
    """The theme's editorial, its meeting, then each selected fiche, anecdote or dysfonctionnement in full."""
    src = print_src(theme)
    title = str(theme.get("titre", theme.id))
    selection = [corpus.by_id[i] for i in theme.get("selection") or [] if i in corpus.by_id and corpus.by_id[i].readable]
    by = ", ".join(str(x) for x in theme.get("animateurs") or [])
    intro = (f"Thème de {theme_month(theme).lower()} · préparé par {h(by)} · version du {french_date(today)}. "
             f"L'éditorial, puis les {len(selection)}\u00a0contenus de la sélection, chacun sur une nouvelle page\u00a0: "
             f"imprimez avec la commande Imprimer du navigateur (Ctrl+P). {a('../', 'Revenir au thème')}")
    parts: list = [front(f"{title} — version à imprimer", str(theme.get("resume", ""))), f"# {md(title)}",
                   para(intro, "carnet-dates"),
                   admonition("example", "Contenu d'exemple", "Ce thème et sa rencontre sont illustratifs.")
                   if theme.get("exemple") else "",
                   para(meeting_text(theme, today)) if theme.get("rencontre") else "",
                   para(h(theme.get("resume", "")), "carnet-resume"), "## Éditorial", demote_headings(theme.body.strip())]
    for doc in selection:
        parts += _content(doc, src, site_url)
    return assemble(src, parts)
