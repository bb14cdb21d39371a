"""`carnet lettre`: the month's newsletter: theme and meeting, new and updated sheets, malfunctions, reviews."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from carnet.content import KIND_FOLDER, Corpus, Document
from carnet.dates import REVIEW_MONTHS, parse_date
from carnet.pages.common import GRAVITES, NBSP, french_date
from carnet.review import VERIFIED, build_review, md_inline, one_line, typo
from carnet.themes import meeting_is_past

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
REVIEW_LIMIT = 10  # a letter is read in a minute: the full list is `carnet revue`
DEFAULT_SITE_NAME = "Carnet de terrain"
TEMPLATES = Path(__file__).parent / "templates"
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")


@dataclass(frozen=True)
class LetterItem:
    """One linked line of the letter."""

    titre: str
    url: str
    note: str = ""
    exemple: bool = False


@dataclass(frozen=True)
class Meeting:
    """The network's meeting of the month."""

    quand: str
    lieu: str = ""
    visio_url: str = ""
    inscription_url: str = ""
    passee: bool = False  # already took place: said so, without invitation or registration link


@dataclass(frozen=True)
class ThemeBlock:
    """The month's theme as the letter shows it."""

    titre: str
    resume: str
    editorial: str
    url: str
    meeting: Meeting | None
    exemple: bool


@dataclass(frozen=True)
class Section:
    """A titled list, with what to say when it is empty."""

    title: str
    empty: str
    items: tuple[LetterItem, ...]
    intro: str = ""
    more: int = 0


@dataclass(frozen=True)
class Letter:
    """Everything the letter says, ready for the Markdown or the HTML layout."""

    month: str
    title: str
    month_label: str
    site_name: str
    site_url: str
    theme: ThemeBlock | None
    sections: tuple[Section, ...]
    contribute_url: str = ""


def is_month(text: str) -> bool:
    """AAAA-MM with a real month."""
    return bool(MONTH.match(text))


def load_site_config(content_root: Path) -> dict:
    """mkdocs.yml next to the content folder, as a dict ({} when absent or unreadable)."""
    path = content_root.resolve().parent / "mkdocs.yml"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError:
        return {}
    # `!!python/name:` tags (Material's emoji options) are refused by safe_load; we need none of them.
    text = "\n".join(line for line in text.splitlines() if "!!python" not in line)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def site_url_of(config: dict) -> str:
    """The site's address ending with « / », or "" for links relative to the site's root."""
    url = config.get("site_url")
    return url.rstrip("/") + "/" if isinstance(url, str) and url.strip() else ""


def page_url(site_url: str, folder: str, ident: str) -> str:
    return f"{site_url}{folder}/{ident}/"


def doc_url(site_url: str, doc: Document) -> str:
    return page_url(site_url, KIND_FOLDER[doc.kind], doc.id)


def in_month(value: object, month: str) -> bool:
    day = parse_date(value)
    return day is not None and day.strftime("%Y-%m") == month


def first_paragraph(body: str) -> str:
    """The editorial's first paragraph, headings and comments skipped, on one line."""
    for block in re.split(r"\n\s*\n", body.strip()):
        text = block.strip()
        if text and not text.startswith(("#", "<!--")):
            return one_line(text)
    return ""


def plain(markdown: str) -> str:
    """Inline Markdown as plain text (links keep their words) for the HTML letter."""
    return _EMPHASIS.sub("", _LINK.sub(r"\1", markdown))


def clock(value: object) -> str:
    """14:00 → « 14 h », 14:30 → « 14 h 30 », as French typography writes hours."""
    hours, _, minutes = str(value).partition(":")
    return f"{int(hours)}{NBSP}h" + (f"{NBSP}{minutes}" if minutes and minutes != "00" else "")


def build_meeting(theme: Document, today: date) -> Meeting | None:
    meeting = theme.get("rencontre")
    if not isinstance(meeting, dict) or not meeting.get("date"):
        return None
    when = f"le {french_date(meeting['date'])}" + (f" à {clock(meeting['heure'])}" if meeting.get("heure") else "")
    if meeting_is_past(theme, today):
        return Meeting(when, str(meeting.get("lieu", "") or ""), passee=True)
    return Meeting(when, str(meeting.get("lieu", "") or ""), str(meeting.get("visio_url", "") or ""),
                   str(meeting.get("inscription_url", "") or ""))


def build_theme(theme: Document, site_url: str, today: date) -> ThemeBlock:
    return ThemeBlock(str(theme.get("titre", theme.id)), str(theme.get("resume", "")), first_paragraph(theme.body),
                      page_url(site_url, "themes", theme.id), build_meeting(theme, today), bool(theme.get("exemple")))


def _admins(corpus: Corpus, doc: Document) -> str:
    return ", ".join(corpus.referentiels["administrations"].short_label(x) for x in doc.get("administrations") or [])


def _item(site_url: str, doc: Document, note: str) -> LetterItem:
    return LetterItem(str(doc.get("titre", doc.id)), doc_url(site_url, doc), note, bool(doc.get("exemple")))


def _by(key: str):
    return lambda d: (str(d.get(key, "")), d.id)


def build_sections(corpus: Corpus, month: str, today: date, site_url: str) -> tuple[Section, ...]:
    """New and updated sheets, opened and resolved malfunctions, contents to check again."""
    fiches = corpus.of_kind("fiche")
    malfunctions = corpus.of_kind("dysfonctionnement")
    new = sorted((d for d in fiches if in_month(d.get("creee_le"), month)), key=_by("creee_le"))
    updated = sorted((d for d in fiches if in_month(d.get("verifiee_le"), month)
                      and str(d.get("creee_le", "")) < f"{month}-01"), key=_by("verifiee_le"))
    opened = sorted((d for d in malfunctions if in_month(d.get("constate_le"), month)), key=_by("constate_le"))
    resolved = sorted((d for d in malfunctions if in_month(d.get("resolu_le"), month)), key=_by("resolu_le"))
    review = build_review(corpus, today)
    return (
        Section("Nouvelles fiches", "Pas de nouvelle fiche ce mois-ci.",
                tuple(_item(site_url, d, str(d.get("resume", ""))) for d in new)),
        Section("Fiches mises à jour", "Pas de fiche revérifiée ce mois-ci.",
                tuple(_item(site_url, d, f"vérifiée le {french_date(d.get('verifiee_le'))}") for d in updated)),
        Section("Dysfonctionnements constatés", "Aucun nouveau dysfonctionnement constaté ce mois-ci.",
                tuple(_item(site_url, d, f"{_admins(corpus, d)} · {GRAVITES.get(d.get('gravite'), '').lower()} · "
                                         f"constaté le {french_date(d.get('constate_le'))}") for d in opened)),
        Section("Dysfonctionnements résolus", "Aucun dysfonctionnement résolu ce mois-ci.",
                tuple(_item(site_url, d, f"{_admins(corpus, d)} · résolu le {french_date(d.get('resolu_le'))}")
                      for d in resolved)),
        Section("À revérifier", f"Tout a été vérifié il y a moins de {REVIEW_MONTHS} mois : merci à toutes et à tous !",
                tuple(LetterItem(i.titre, page_url(site_url, KIND_FOLDER[i.kind], i.id),
                                 f"{VERIFIED[i.kind]} le {french_date(i.verifiee_le)}",
                                 bool(corpus.by_id[i.id].get("exemple")) if i.id in corpus.by_id else False)
                      for i in review[:REVIEW_LIMIT]),
                intro=f"Vérifiés il y a plus de {REVIEW_MONTHS} mois : si vous accompagnez l'une de ces démarches, "
                      "comparez avec le site officiel et mettez la date de vérification à jour.",
                more=max(0, len(review) - REVIEW_LIMIT)),
    )


def build_letter(corpus: Corpus, month: str, today: date, site_url: str = "",
                 site_name: str = DEFAULT_SITE_NAME) -> Letter:
    """The letter of `month` (AAAA-MM); links start with `site_url`, or are relative when it is ""."""
    label = french_date(month)
    theme = next((t for t in corpus.of_kind("theme") if t.id == month), None)
    contribute = next((f"{site_url}{p.id}/" for p in corpus.of_kind("page") if p.id == "contribuer"), "")
    return Letter(month, f"{site_name} : la lettre de {label}", label, site_name, site_url,
                  build_theme(theme, site_url, today) if theme else None, build_sections(corpus, month, today, site_url),
                  contribute)


def _md_link(text: str, url: str) -> str:
    return f"[{md_inline(text)}]({url})"


def _md_item(item: LetterItem) -> str:
    text = "- " + _md_link(item.titre, item.url) + (" (exemple)" if item.exemple else "")
    return text + (f" — {md_inline(item.note)}" if item.note else "")


def _md_theme(letter: Letter) -> list[str]:
    theme = letter.theme
    if theme is None:
        return ["## Thème du mois", f"Pas de thème pour {letter.month_label}."]
    parts = [f"## Thème du mois : {md_inline(theme.titre)}", f"*{md_inline(theme.resume)}*"]
    parts += ["*Ce thème et sa rencontre sont illustratifs.*"] if theme.exemple else []
    parts += [theme.editorial] if theme.editorial else []
    if theme.meeting:
        m = theme.meeting
        links = [_md_link("Rejoindre la visio", m.visio_url) if m.visio_url else "",
                 _md_link("S'inscrire", m.inscription_url) if m.inscription_url else ""]
        opening = "**La rencontre a eu lieu**" if m.passee else "**Rencontre du réseau** :"
        parts.append(f"{opening} {m.quand}" + (f" — {md_inline(m.lieu)}" if m.lieu else "")
                     + "".join(f" · {link}" for link in links if link))
    return parts + [_md_link("Lire le thème et sa sélection", theme.url)]


def _md_section(section: Section) -> list[str]:
    parts = [f"## {section.title}"]
    if not section.items:
        return parts + [f"*{section.empty}*"]
    parts += [section.intro] if section.intro else []
    parts.append("\n".join(_md_item(item) for item in section.items))
    return parts + ([f"… et {section.more} autres."] if section.more else [])


def _footer(letter: Letter) -> str:
    text = f"{letter.site_name} : le carnet partagé des médiateurs et médiatrices de l'inclusion numérique."
    return text + (f" Une fiche à proposer, un dysfonctionnement à signaler ? {_md_link('Contribuer', letter.contribute_url)}"
                   if letter.contribute_url else "")


def render_letter_markdown(letter: Letter) -> str:
    """The letter as Markdown (for a blog, a forum, or an e-mail tool that takes Markdown)."""
    parts = [f"# {md_inline(letter.title)}", *_md_theme(letter)]
    for section in letter.sections:
        parts += _md_section(section)
    return typo("\n\n".join([*parts, "---", _footer(letter)])) + "\n"


def render_letter_html(letter: Letter) -> str:
    """The letter as e-mail-safe HTML: one table, inline styles, no script, no external resource."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["fr"] = lambda text: typo(str(text))
    env.filters["plain"] = plain
    return env.get_template("lettre.html.j2").render(letter=letter)
