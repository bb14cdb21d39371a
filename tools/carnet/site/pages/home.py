"""The home page and the free pages (à propos, charte, contribuer, licence)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from carnet.checking.personal_data import RESERVED_DOMAINS
from carnet.model.content import Corpus, Document
from carnet.model.relations import Relations
from carnet.model.themes import AGENDA, current_theme, upcoming_meeting
from carnet.site.pages.common import (
    Html,
    Page,
    SiteSettings,
    a,
    assemble,
    doc_list,
    front,
    h,
    href,
    html_block,
    hub_src,
    md,
    para,
    src_of,
)
from carnet.site.pages.hubs import active_malfunctions, domain_anchor
from carnet.site.pages.indexes import meeting_text, theme_month
from carnet.site.pages.offline_help import home_section
from carnet.site.pages.territories import edition_home
from carnet.site.search import marks
from carnet.text import fold

HOME = "index.md"
LATEST = 6


def build_home(corpus: Corpus, rel: Relations, settings: SiteSettings) -> Page:
    welcome = next((p for p in rel.docs["page"] if p.id == "accueil"), None)
    free = {p.id for p in rel.docs["page"]}
    lead = (
        welcome.get("resume", "") if welcome else "Le carnet de terrain des médiateurs numériques."
    )
    # On a phone, the ways in come first: the longer presentation waits below.
    parts = [
        front("Accueil", lead),
        f"# {md(settings.site_name)}",
        para(h(lead), "carnet-resume"),
        edition_home(rel, settings),
        _entry_points(corpus),
        _theme(rel, settings.today),
        _latest(rel),
        _malfunctions(rel),
        home_section(settings.today, settings.extra.get("hors_ligne", True)),
    ]
    if welcome is not None:
        more = ["[En savoir plus](a-propos.md)"] if "a-propos" in free else []
        parts += ["## Qu'est-ce que le carnet\u00a0?", welcome.body.strip(), *more]
    others = (
        ", ou voyez [les autres façons de contribuer](contribuer.md)"
        if "contribuer" in free
        else ""
    )
    parts += [
        "## Contribuer\n\nUne astuce, une démarche qui coince, une histoire qui apprend quelque "
        "chose\u00a0? "
        f"[Proposez-la en ligne](proposer.md), sans compte GitHub{others}."
    ]
    return assemble(HOME, parts)


def _theme(rel: Relations, today: date) -> list:
    theme = current_theme(rel.docs["theme"], today)
    parts: list = []
    if theme is not None:
        more = a(href(HOME, src_of(theme)), f"Lire la sélection de {theme_month(theme).lower()}")
        label = (
            para(
                "<em>Exemple\u00a0: ce thème et sa rencontre sont illustratifs.</em>",
                "carnet-exemple",
            )
            if theme.get("exemple")
            else ""
        )
        parts += [
            f"## Le thème du mois\u00a0: {md(theme.get('titre'))}",
            html_block(label, f"<p>{h(theme.get('resume', ''))} {more}</p>"),
        ]
    return parts + _next_meeting(rel, today)


def _next_meeting(rel: Relations, today: date) -> list:
    """The next meeting as soon as it is known, whatever its theme's month; never one already
    past."""
    theme = upcoming_meeting(rel.docs["theme"], today)
    if theme is None:
        return []
    about = a(
        href(HOME, src_of(theme)), f"{theme_month(theme)}\u00a0: {theme.get('titre', theme.id)}"
    )
    links = " · ".join(
        [
            a(f"themes/{theme.id}.ics", "Ajouter à mon agenda (.ics)"),
            a(AGENDA, "S'abonner à l'agenda du réseau"),
        ]
    )
    return [
        "## Prochaine rencontre du réseau",
        html_block(
            f'<p class="carnet-rencontre">{meeting_text(theme, today)}<br>Thème\u00a0: '
            f"{about}<br>{links}</p>"
        ),
    ]


def _entry_points(corpus: Corpus) -> list:
    blocks: list = ["## Trouver une fiche"]
    for key, title in (("administrations", "Par administration"), ("publics", "Par public")):
        referentiel = corpus.referentiels[key]
        entries = sorted(referentiel.entries, key=lambda i: fold(referentiel.short_label(i)))
        blocks += [
            f"### {title}",
            _chips((referentiel.short_label(i), href(HOME, hub_src(key, i))) for i in entries),
        ]
    domains = dict.fromkeys(
        e["domaine"] for e in corpus.referentiels["competences"].entries.values()
    )
    blocks += [
        "### Par compétence",
        _chips((d, f"competences/#{domain_anchor(d)}") for d in domains),
    ]
    return blocks


def _chips(items: Iterable[tuple[str, str]]) -> Html:
    links = "\n".join(a(target, label, "carnet-chip") for label, target in items)
    return Html(f'<div class="carnet-chips">\n{links}\n</div>')


def _latest(rel: Relations) -> list:
    fiches = sorted(
        rel.docs["fiche"], key=lambda d: (str(d.get("creee_le", "")), d.id), reverse=True
    )[:LATEST]
    return ["## Dernières fiches", doc_list(HOME, fiches), "[Toutes les fiches](fiches/index.md)"]


def _malfunctions(rel: Relations) -> list:
    active = rel.local_first(active_malfunctions(rel.docs["dysfonctionnement"]))[:LATEST]
    return [
        "## Dysfonctionnements en cours",
        doc_list(HOME, active, "Aucun dysfonctionnement en cours."),
        "[Le tableau des dysfonctionnements](dysfonctionnements/index.md)",
    ]


def build_free_page(page: Document, settings: SiteSettings | None = None) -> Page:
    """A free page; its « {{ editeur }} »-style placeholders get the network's settings
    (mkdocs.yml).
    """
    title = page.get("titre", page.id)
    body = (
        fill_settings(page.body.strip(), setting_values(settings))
        if settings
        else page.body.strip()
    )
    return assemble(
        f"{page.id}.md",
        [
            front(title, page.get("resume", ""), carnet_type="page"),
            f"# {md(title)}",
            marks("page", {}, [], title, str(page.get("resume", ""))),
            body,
        ],
    )


SETTING = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
HEADING = re.compile(r"^#{1,6}\s")
EMAIL_ADDRESS = re.compile(r"[^@\s<>()\[\]]+@[a-z0-9.-]+\.[a-z]{2,}", re.I)


def setting_values(settings: SiteSettings) -> dict[str, str]:
    """The settings a free page may quote, as Markdown; unset ones (and example.org addresses) are
    absent.
    """
    values = {
        name: md(str(value).strip())
        for name, value in settings.mentions.items()
        if str(value or "").strip()
    }
    contact = settings.contact.strip()
    if (
        EMAIL_ADDRESS.fullmatch(contact)
        and contact.rsplit("@", 1)[1].lower() not in RESERVED_DOMAINS
    ):
        values["contact"] = f"[{md(contact)}](mailto:{contact})"
    return values


def unset_settings(text: str, values: dict[str, str]) -> list[str]:
    """The placeholders of a page that no setting fills, in order."""
    return [name for name in dict.fromkeys(SETTING.findall(text)) if name not in values]


def fill_settings(text: str, values: dict[str, str]) -> str:
    """Fill the placeholders; a line whose setting is unset is left out, and a heading left empty
    too.
    """
    lines = [
        SETTING.sub(lambda m: values[m.group(1)], line)
        for line in text.split("\n")
        if all(name in values for name in SETTING.findall(line))
    ]
    kept = [
        line
        for i, line in enumerate(lines)
        if not HEADING.match(line) or _has_content(lines[i + 1 :])
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def _has_content(after: list[str]) -> bool:
    for line in after:
        if HEADING.match(line):
            return False
        if line.strip():
            return True
    return False
