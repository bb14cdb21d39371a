"""The home page and the free pages (à propos, charte, contribuer, licence)."""

from __future__ import annotations

from datetime import date
from typing import Iterable

from carnet.content import Corpus, Document
from carnet.pages.common import Page, SiteSettings, doc_list, front, hub_src, link, md, src_of
from carnet.pages.hubs import active_malfunctions, domain_anchor
from carnet.pages.indexes import meeting_text, theme_month
from carnet.relations import Relations
from carnet.rules.sections import fold

HOME = "index.md"
LATEST = 6


def current_theme(themes: list[Document], today: date) -> Document | None:
    """This month's theme, or the latest past one."""
    month = today.strftime("%Y-%m")
    past = sorted((t for t in themes if t.id <= month), key=lambda t: t.id)
    return past[-1] if past else None


def build_home(corpus: Corpus, rel: Relations, settings: SiteSettings) -> Page:
    welcome = next((p for p in rel.docs["page"] if p.id == "accueil"), None)
    lead = welcome.get("resume", "") if welcome else "Le carnet de terrain des médiateurs numériques."
    # On a phone, the ways in come first: the longer presentation waits below.
    parts = [front("Accueil", lead), f"# {md(settings.site_name)}", f"{md(lead)}\n{{ .carnet-resume }}",
             _entry_points(corpus), _theme(rel, settings.today), _latest(rel), _malfunctions(rel)]
    if welcome is not None:
        parts.append("## Qu'est-ce que le carnet ?\n\n" + welcome.body.strip() + "\n\n[En savoir plus](a-propos.md)")
    parts += ["## Contribuer\n\nUne astuce, une démarche qui coince, une histoire qui apprend quelque chose ? "
              "[Proposez-la](contribuer.md) : par formulaire, par pull request ou par e-mail."]
    return Page(HOME, "\n\n".join(p for p in parts if p) + "\n")


def _theme(rel: Relations, today: date) -> str:
    theme = current_theme(rel.docs["theme"], today)
    if theme is None:
        return ""
    meeting = f"\n\n{meeting_text(theme)}" if theme.get("rencontre") else ""
    return (f"## Le thème du mois : {md(theme.get('titre'))}\n\n{md(theme.get('resume', ''))} "
            f"[Lire la sélection de {theme_month(theme).lower()}]({link(HOME, src_of(theme))}){meeting}")


def _entry_points(corpus: Corpus) -> str:
    blocks = ["## Trouver une fiche"]
    for key, title in (("administrations", "Par administration"), ("publics", "Par public")):
        referentiel = corpus.referentiels[key]
        entries = sorted(referentiel.entries, key=lambda i: fold(referentiel.short_label(i)))
        blocks.append(f"### {title}\n\n" + _chips((referentiel.short_label(i), hub_src(key, i)) for i in entries))
    domains = dict.fromkeys(e["domaine"] for e in corpus.referentiels["competences"].entries.values())
    blocks.append("### Par compétence\n\n" + _chips((d, f"competences/index.md#{domain_anchor(d)}") for d in domains))
    return "\n\n".join(blocks)


def _chips(items: Iterable[tuple[str, str]]) -> str:
    links = " ".join(f"[{md(label)}]({target}){{ .carnet-chip }}" for label, target in items)
    return f'<div class="carnet-chips" markdown>\n{links}\n</div>'


def _latest(rel: Relations) -> str:
    fiches = sorted(rel.docs["fiche"], key=lambda d: (str(d.get("creee_le", "")), d.id), reverse=True)[:LATEST]
    return "## Dernières fiches\n\n" + doc_list(HOME, fiches) + "\n\n[Toutes les fiches](fiches/index.md)"


def _malfunctions(rel: Relations) -> str:
    active = active_malfunctions(rel.docs["dysfonctionnement"])[:LATEST]
    return ("## Dysfonctionnements en cours\n\n" + doc_list(HOME, active, "Aucun dysfonctionnement en cours.")
            + "\n\n[Le tableau des dysfonctionnements](dysfonctionnements/index.md)")


def build_free_page(page: Document) -> Page:
    title = page.get("titre", page.id)
    return Page(f"{page.id}.md", front(title, page.get("resume", "")) + f"\n# {md(title)}\n\n{page.body.strip()}\n")
