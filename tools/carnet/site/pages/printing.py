"""The « Version à imprimer » of a monthly theme: the editorial, then every selected content in
full.

One page to print as a pack for a meeting or a permanence: each content starts on a new sheet of
paper (print CSS: `.carnet-saut`), its body as its author wrote it, headings one level down.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import date, timedelta

from carnet.dates import parse_date
from carnet.facilitation.review import ReviewItem, build_review
from carnet.model.content import KIND_FOLDER, Corpus, Document
from carnet.model.history import month_bounds
from carnet.model.month import MonthChanges, MonthNews, build_month_news
from carnet.model.themes import meeting_is_past, meeting_of
from carnet.site.pages.common import (
    GRAVITES,
    NIVEAUX,
    STATUTS,
    Html,
    Page,
    a,
    admonition,
    assemble,
    empty,
    french_date,
    front,
    h,
    href,
    html_list,
    md,
    para,
    src_of,
)
from carnet.site.pages.indexes import meeting_text, theme_month
from carnet.site.search import TYPE_LABELS
from carnet.text import of_month, plural

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^(#{1,5})(?=\s)")
# Inline links and images, and reference definitions: their relative targets are the author's
# page's.
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
    markdown = INLINE_TARGET.sub(
        lambda m: m.group(1) + _retarget(m.group(2), from_src, to_src), markdown
    )
    return REFERENCE.sub(lambda m: m.group(1) + _retarget(m.group(2), from_src, to_src), markdown)


def _facts(doc: Document, site_url: str) -> Html:
    facts = [TYPE_LABELS[doc.kind]]
    if doc.kind == "fiche":
        facts += [
            NIVEAUX.get(doc.get("niveau"), ""),
            f"vérifiée le {french_date(doc.get('verifiee_le'))}",
        ]
    elif doc.kind == "dysfonctionnement":
        facts += [
            STATUTS.get(doc.get("statut"), ""),
            GRAVITES.get(doc.get("gravite"), ""),
            f"vérifié le {french_date(doc.get('verifiee_le'))}" if doc.get("verifiee_le") else "",
        ]
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
    parts: list = [
        Html(f'<h2 class="carnet-saut" id="{h(doc.id)}">{h(title)}</h2>'),
        _facts(doc, site_url),
        para(h(doc.get("resume", "")), "carnet-resume"),
    ]
    if doc.kind == "fiche" and doc.get("prerequis"):
        parts.append(
            para(
                "<strong>Prérequis\u00a0:</strong> "
                + h("\u202f; ".join(map(str, doc.get("prerequis"))))
            )
        )
    if doc.kind == "anecdote" and doc.get("enseignement"):
        parts.append(admonition("tip", "Enseignement", h(doc.get("enseignement"))))
    if doc.kind == "dysfonctionnement" and doc.get("service"):
        parts.append(para(f"Démarche\u00a0: {h(doc.get('service'))}"))
    parts.append(demote_headings(move_links(doc.body.strip(), src_of(doc), src)))
    links = [
        a(str(link.get("url")), str(link.get("titre", link.get("url"))))
        for link in doc.get("liens") or []
        if isinstance(link, dict)
    ]
    if links:
        parts += ["### Liens officiels", html_list(links)]
    return parts


@dataclass(frozen=True)
class Pack:
    """Everything a meeting's pack holds, for the site's printable page and for `carnet pack`."""

    theme: Document
    today: date
    site_url: str
    selection: tuple[Document, ...]
    news: MonthNews  # the month lived so far: new malfunctions and field confirmations
    review: tuple[ReviewItem, ...]  # due for review by the meeting, in the theme's scope
    review_by: str  # the day the review list looks ahead to

    @property
    def title(self) -> str:
        return str(self.theme.get("titre", self.theme.id))


def theme_scope(theme: Document, corpus: Corpus) -> set[str]:
    """The selection, and every sheet or malfunction sharing an administration or a compétence with
    it.
    """
    chosen = [corpus.by_id[i] for i in theme.get("selection") or [] if i in corpus.by_id]
    refs = {
        (key, str(x))
        for d in chosen
        for key in ("administrations", "competences")
        for x in d.get(key) or []
    }
    related = {
        d.id
        for kind in ("fiche", "dysfonctionnement")
        for d in corpus.of_kind(kind)
        if any(
            (key, str(x)) in refs
            for key in ("administrations", "competences")
            for x in d.get(key) or []
        )
    }
    return {d.id for d in chosen} | related


def review_horizon(theme: Document, today: date) -> date:
    """What the pack's review list looks ahead to: the meeting, or the theme's month's end."""
    meeting = parse_date(meeting_of(theme).get("date")) if meeting_of(theme) else None
    end = month_bounds(theme.id)[1].date() - timedelta(days=1) if MONTH.match(theme.id) else today
    return max(today, meeting or end)


def build_pack(
    theme: Document,
    corpus: Corpus,
    today: date,
    site_url: str = "",
    changes: MonthChanges | None = None,
) -> Pack:
    """The pack of a theme's meeting, as of `today` (a pure function of the corpus)."""
    selection = tuple(
        corpus.by_id[i]
        for i in theme.get("selection") or []
        if i in corpus.by_id and corpus.by_id[i].readable
    )
    lived = (
        min(today, month_bounds(theme.id)[1].date() - timedelta(days=1))
        if MONTH.match(theme.id)
        else today
    )
    horizon = review_horizon(theme, today)
    scope = theme_scope(theme, corpus)
    due = [
        i for i in build_review(corpus, today, (horizon - today).days, site_url) if i.id in scope
    ]
    return Pack(
        theme,
        today,
        site_url,
        selection,
        build_month_news(corpus, lived.strftime("%Y-%m"), changes),
        tuple(due),
        horizon.isoformat(),
    )


def _news_items(pack: Pack, src: str) -> tuple[list[str], list[str]]:
    def link(d: Document) -> str:
        example = " <em>(exemple)</em>" if d.get("exemple") else ""
        return a(href(src, src_of(d)), d.get("titre", d.id)) + example

    opened = [
        f"{link(d)} — constaté le {french_date(d.get('constate_le'))}" for d in pack.news.opened
    ]
    confirmed = [
        f"{link(c.doc)} — {plural(c.count, 'confirmation')}"
        + (f" ({h(', '.join(c.territoires))})" if c.territoires else "")
        for c in pack.news.confirmed
    ]
    return opened, confirmed


def month_parts(pack: Pack, src: str) -> list:
    """The month on the ground, then what to check again, each starting a new sheet of paper."""
    opened, confirmed = _news_items(pack, src)
    month = french_date(pack.news.month)
    review = [
        f"{a(href(src, f'{KIND_FOLDER[i.kind]}/{i.id}.md'), i.titre)} — vérifiée le "
        f"{french_date(i.verifiee_le)}, à revérifier le {french_date(i.echeance)} · "
        f"{h(', '.join(i.auteurs))}"
        for i in pack.review
    ]
    return [
        Html(f'<h2 class="carnet-saut" id="le-mois">Le mois sur le terrain\u00a0: {h(month)}</h2>'),
        "### Nouveaux dysfonctionnements",
        html_list(opened) if opened else empty("Aucun nouveau dysfonctionnement."),
        "### Confirmations du terrain",
        html_list(confirmed) if confirmed else empty("Aucune confirmation."),
        Html('<h2 class="carnet-saut" id="a-reverifier">À revérifier</h2>'),
        para(
            f"Les fiches et dysfonctionnements du thème (et ceux qui partagent une administration "
            f"ou une compétence avec sa sélection) à vérifier de nouveau d'ici le "
            f"{french_date(pack.review_by)}."
        ),
        html_list(review, ordered=True) if review else empty("Rien à revérifier d'ici là."),
    ]


def build_theme_print(theme: Document, corpus: Corpus, today: date, site_url: str = "") -> Page:
    """The theme's editorial, its meeting, each selected fiche, anecdote or dysfonctionnement in
    full, the month.
    """
    pack = build_pack(theme, corpus, today, site_url)
    src = print_src(theme)
    by = ", ".join(str(x) for x in theme.get("animateurs") or [])
    # How to print and the way back to the theme are for the screen: on paper they were noise.
    intro = (
        f"Thème {of_month(theme_month(theme).lower())} · préparé par {h(by)} · version du "
        f"{french_date(today)}. L'éditorial, puis les {len(pack.selection)}\u00a0contenus de la "
        f"sélection, chacun sur une nouvelle page, les nouvelles du mois et ce qui est à "
        f'revérifier.<span class="carnet-imprimer-lien"> Imprimez avec la commande Imprimer du '
        f"navigateur (Ctrl+P). {a('../', 'Revenir au thème')}</span>"
    )
    invitation = (
        " · " + a(f"../../{theme.id}.ics", "Ajouter à mon agenda (.ics)")
        if meeting_of(theme) and not meeting_is_past(theme, today)
        else ""
    )
    parts: list = [
        front(f"{pack.title} — version à imprimer", str(theme.get("resume", ""))),
        f"# {md(pack.title)}",
        para(intro, "carnet-dates"),
        admonition("example", "Contenu d'exemple", "Ce thème et sa rencontre sont illustratifs.")
        if theme.get("exemple")
        else "",
        para(meeting_text(theme, today) + invitation) if meeting_of(theme) else "",
        para(h(theme.get("resume", "")), "carnet-resume"),
        "## Éditorial",
        demote_headings(theme.body.strip()),
    ]
    for doc in pack.selection:
        parts += _content(doc, src, site_url)
    return assemble(src, parts + month_parts(pack, src))
