"""`carnet lettre`: the month's newsletter: theme and meeting, new and updated sheets, malfunctions,
reviews.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from carnet.dates import REVIEW_MONTHS
from carnet.facilitation.review import (
    VERIFIED,
    as_list,
    build_review,
    md_inline,
    on_date,
    one_line,
    typo,
)
from carnet.model.content import KIND_FOLDER, Corpus, Document
from carnet.model.month import Confirmation, MonthChanges, MonthNews, build_month_news
from carnet.model.themes import AGENDA, ics_address, meeting_is_past, meeting_of, next_month
from carnet.site.pages.common import GRAVITES, french_date
from carnet.text import clock, of_month, plural

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
    """The network's meeting of a theme."""

    quand: str
    lieu: str = ""
    visio_url: str = ""
    inscription_url: str = ""
    ics_url: str = ""
    passee: bool = False  # already took place: said so, without invitation or registration link


@dataclass(frozen=True)
class ThemeBlock:
    """A month's theme as the letter shows it."""

    titre: str
    resume: str
    editorial: str
    url: str
    meeting: Meeting | None
    exemple: bool


@dataclass(frozen=True)
class Section:
    """A titled list, with what to say when it is empty (or nothing at all, when `empty` is "")."""

    title: str
    empty: str
    items: tuple[LetterItem, ...]
    intro: str = ""
    more: int = 0


@dataclass(frozen=True)
class NextMonth:
    """Next month: its theme (when chosen) and its meeting."""

    month_label: str
    theme: ThemeBlock | None
    agenda_url: str


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
    summary: tuple[str, ...] = ()
    thanks: str = ""
    next: NextMonth | None = None


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
    # `!!python/name:` tags (Material's emoji options) are refused by safe_load; we need none of
    # them.
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


def build_meeting(theme: Document, today: date, site_url: str = "") -> Meeting | None:
    meeting = meeting_of(theme)
    if not meeting:
        return None
    when = on_date(meeting["date"]) + (
        f" à {clock(meeting['heure'])}" if meeting.get("heure") else ""
    )
    if meeting_is_past(theme, today):
        return Meeting(when, str(meeting.get("lieu", "") or ""), passee=True)
    return Meeting(
        when,
        str(meeting.get("lieu", "") or ""),
        str(meeting.get("visio_url", "") or ""),
        str(meeting.get("inscription_url", "") or ""),
        ics_address(site_url, theme),
    )


def build_theme(theme: Document, site_url: str, today: date) -> ThemeBlock:
    return ThemeBlock(
        str(theme.get("titre", theme.id)),
        str(theme.get("resume", "")),
        first_paragraph(theme.body),
        page_url(site_url, "themes", theme.id),
        build_meeting(theme, today, site_url),
        bool(theme.get("exemple")),
    )


def _admins(corpus: Corpus, doc: Document) -> str:
    return ", ".join(
        corpus.referentiels["administrations"].short_label(x)
        for x in as_list(doc.get("administrations"))
    )


def _item(site_url: str, doc: Document, note: str) -> LetterItem:
    return LetterItem(
        str(doc.get("titre", doc.id)), doc_url(site_url, doc), note, bool(doc.get("exemple"))
    )


def _malfunction_note(corpus: Corpus, doc: Document, what: str) -> str:
    return " · ".join(
        p for p in (_admins(corpus, doc), GRAVITES.get(doc.get("gravite"), "").lower(), what) if p
    )


def _confirmed_note(corpus: Corpus, c: Confirmation) -> str:
    where = f" ({', '.join(c.territoires)})" if c.territoires else ""
    return _malfunction_note(corpus, c.doc, f"{plural(c.count, 'confirmation')} ce mois-ci{where}")


def _real(docs) -> list:
    return [d for d in docs if not d.get("exemple")]


def summary_lines(news: MonthNews) -> tuple[str, ...]:
    """The month with counts, illustrative content left out of them."""
    sheets = [plural(len(_real(news.new_fiches)), "nouvelle fiche", "nouvelles fiches")]
    sheets += (
        [plural(len(_real(news.changed_fiches)), "fiche modifiée", "fiches modifiées")]
        if news.with_history
        else []
    )
    checked = "revérifiée sans changement" if news.with_history else "revérifiée"
    sheets.append(
        plural(news.rechecked, f"fiche {checked}", f"fiches {checked.replace('ée', 'ées', 1)}")
    )
    anecdotes = _real(news.new_anecdotes)
    sheets += (
        [plural(len(anecdotes), "nouvelle anecdote", "nouvelles anecdotes")] if anecdotes else []
    )
    confirmed = [c for c in news.confirmed if not c.doc.get("exemple")]
    confirmations = sum(c.count for c in confirmed)
    malfunctions = [
        plural(len(_real(news.opened)), "constaté"),
        plural(len(confirmed), "confirmé")
        + (f" ({plural(confirmations, 'confirmation')})" if confirmations else ""),
        plural(len(_real(news.worked_around)), "contourné"),
        plural(len(_real(news.resolved)), "résolu"),
    ]
    lines = [
        "Fiches : " + ", ".join(sheets) + ".",
        "Dysfonctionnements : " + ", ".join(malfunctions) + ".",
    ]
    listed = [
        *news.new_fiches,
        *news.new_anecdotes,
        *news.changed_fiches,
        *news.opened,
        *(c.doc for c in news.confirmed),
        *news.worked_around,
        *news.resolved,
    ]
    if any(d.get("exemple") for d in listed):
        lines.append(
            "Les contenus marqués « (exemple) » sont illustratifs : ils ne sont pas comptés."
        )
    return tuple(lines)


def thanks_text(news: MonthNews, month_label: str) -> str:
    """Thanks to the month's contributors, by the names they chose (illustrative content left
    out)."""
    names = list(news.contributors)
    if news.anonymous:
        names.append(plural(news.anonymous, "contribution anonyme", "contributions anonymes"))
    confirmations = sum(c.count for c in news.confirmed if not c.doc.get("exemple"))
    field = (
        (
            f"Merci aussi aux médiateurs et médiatrices qui ont confirmé un dysfonctionnement sur "
            f"le terrain ({plural(confirmations, 'confirmation')})."
        )
        if confirmations
        else ""
    )
    if not names and not field:
        return (
            f"Pas de nouvelle contribution en {month_label} : la prochaine sera peut-être la vôtre."
        )
    people = (", ".join(names[:-1]) + " et " + names[-1]) if len(names) > 1 else "".join(names)
    who = f"Merci à celles et ceux qui ont contribué en {month_label} : {people}." if people else ""
    return " ".join(p for p in (who, field) if p)


def build_sections(
    corpus: Corpus, news: MonthNews, today: date, site_url: str
) -> tuple[Section, ...]:
    """The month's sheets and malfunctions, then the contents to check again."""
    review = build_review(corpus, today)
    note = lambda d: str(d.get("resume", ""))  # noqa: E731
    sections = [
        Section(
            "Nouvelles fiches",
            "Pas de nouvelle fiche ce mois-ci.",
            tuple(_item(site_url, d, note(d)) for d in news.new_fiches),
        )
    ]
    if news.new_anecdotes:
        sections.append(
            Section(
                "Nouvelles anecdotes",
                "",
                tuple(_item(site_url, d, note(d)) for d in news.new_anecdotes),
            )
        )
    if news.with_history:
        sections.append(
            Section(
                "Fiches modifiées",
                "Aucune fiche modifiée ce mois-ci.",
                tuple(
                    _item(site_url, d, f"vérifiée {on_date(d.get('verifiee_le'))}")
                    for d in news.changed_fiches
                ),
                intro="Ce qui a changé pour les lecteurs (une nouvelle date de vérification seule "
                "n'en fait pas partie).",
            )
        )
    sections += [
        Section(
            "Dysfonctionnements constatés",
            "Aucun nouveau dysfonctionnement constaté ce mois-ci.",
            tuple(
                _item(
                    site_url,
                    d,
                    _malfunction_note(corpus, d, f"constaté {on_date(d.get('constate_le'))}"),
                )
                for d in news.opened
            ),
        ),
        Section(
            "Dysfonctionnements confirmés",
            "Aucune confirmation du terrain ce mois-ci.",
            tuple(_item(site_url, c.doc, _confirmed_note(corpus, c)) for c in news.confirmed),
        ),
        Section(
            "Dysfonctionnements contournés",
            "Aucun nouveau contournement ce mois-ci.",
            tuple(
                _item(site_url, d, _malfunction_note(corpus, d, "un contournement est connu"))
                for d in news.worked_around
            ),
        ),
        Section(
            "Dysfonctionnements résolus",
            "Aucun dysfonctionnement résolu ce mois-ci.",
            tuple(
                _item(
                    site_url,
                    d,
                    _malfunction_note(corpus, d, f"résolu {on_date(d.get('resolu_le'))}"),
                )
                for d in news.resolved
            ),
        ),
        Section(
            "À revérifier",
            f"Tout a été vérifié il y a moins de {REVIEW_MONTHS} mois : merci à toutes et à tous !",
            tuple(
                LetterItem(
                    i.titre,
                    page_url(site_url, KIND_FOLDER[i.kind], i.id),
                    f"{VERIFIED[i.kind]} le {french_date(i.verifiee_le)}",
                    bool(corpus.by_id[i.id].get("exemple")) if i.id in corpus.by_id else False,
                )
                for i in review[:REVIEW_LIMIT]
            ),
            intro=f"Vérifiés il y a plus de {REVIEW_MONTHS} mois : si vous accompagnez l'une de "
            f"ces démarches, "
            "comparez avec le site officiel et mettez la date de vérification à jour.",
            more=max(0, len(review) - REVIEW_LIMIT),
        ),
    ]
    return tuple(sections)


def theme_of(corpus: Corpus, month: str) -> Document | None:
    return next((t for t in corpus.of_kind("theme") if t.id == month and t.readable), None)


def build_letter(
    corpus: Corpus,
    month: str,
    today: date,
    site_url: str = "",
    site_name: str = DEFAULT_SITE_NAME,
    changes: MonthChanges | None = None,
) -> Letter:
    """The letter of `month` (AAAA-MM); links start with `site_url`, or are relative when it is "".

    `changes` is what git says of the month (carnet.model.month.read_month_changes); without
        it, the letter
    cannot tell changed sheets from re-checked ones and leaves « Fiches modifiées » out.
    """
    label = french_date(month)
    theme, following = theme_of(corpus, month), next_month(month)
    upcoming = theme_of(corpus, following)
    contribute = next(
        (f"{site_url}{p.id}/" for p in corpus.of_kind("page") if p.id == "contribuer"), ""
    )
    news = build_month_news(corpus, month, changes)
    return Letter(
        month,
        f"{site_name} : la lettre {of_month(label)}",
        label,
        site_name,
        site_url,
        build_theme(theme, site_url, today) if theme else None,
        build_sections(corpus, news, today, site_url),
        contribute,
        summary_lines(news),
        thanks_text(news, label),
        NextMonth(
            french_date(following),
            build_theme(upcoming, site_url, today) if upcoming else None,
            f"{site_url}{AGENDA}",
        ),
    )


def _md_link(text: str, url: str) -> str:
    return f"[{md_inline(text)}]({url})"


def _md_item(item: LetterItem) -> str:
    text = "- " + _md_link(item.titre, item.url) + (" (exemple)" if item.exemple else "")
    return text + (f" — {md_inline(item.note)}" if item.note else "")


def _md_meeting(m: Meeting) -> str:
    links = [
        _md_link("Rejoindre la visio", m.visio_url) if m.visio_url else "",
        _md_link("S'inscrire", m.inscription_url) if m.inscription_url else "",
        _md_link("Ajouter à mon agenda (.ics)", m.ics_url) if m.ics_url else "",
    ]
    opening = "**La rencontre a eu lieu**" if m.passee else "**Rencontre du réseau** :"
    return (
        f"{opening} {m.quand}"
        + (f" — {md_inline(m.lieu)}" if m.lieu else "")
        + "".join(f" · {link}" for link in links if link)
    )


def _md_theme(letter: Letter) -> list[str]:
    theme = letter.theme
    if theme is None:
        return ["## Thème du mois", f"Pas de thème pour {letter.month_label}."]
    parts = [f"## Thème du mois : {md_inline(theme.titre)}", f"*{md_inline(theme.resume)}*"]
    parts += ["*Ce thème et sa rencontre sont illustratifs.*"] if theme.exemple else []
    parts += [theme.editorial] if theme.editorial else []
    parts += [_md_meeting(theme.meeting)] if theme.meeting else []
    return parts + [_md_link("Lire le thème et sa sélection", theme.url)]


def _md_next(letter: Letter) -> list[str]:
    following = letter.next
    if following is None:
        return []
    subscribe = _md_link("s'abonner à l'agenda du réseau", following.agenda_url)
    agenda = f"Toutes les rencontres dans votre agenda : {subscribe}."
    theme = following.theme
    if theme is None:
        return [
            "## Le mois prochain",
            f"*Le thème {of_month(following.month_label)} n'est pas encore choisi.*",
            agenda,
        ]
    parts = [f"## Le mois prochain : {md_inline(theme.titre)}", f"*{md_inline(theme.resume)}*"]
    parts += ["*Ce thème et sa rencontre sont illustratifs.*"] if theme.exemple else []
    parts.append(
        _md_meeting(theme.meeting)
        if theme.meeting
        else f"*La date de la rencontre {of_month(following.month_label)} n'est pas encore fixée.*"
    )
    return parts + [_md_link(f"Lire le thème {of_month(following.month_label)}", theme.url), agenda]


def _md_section(section: Section) -> list[str]:
    parts = [f"## {section.title}"]
    if not section.items:
        return parts + [f"*{section.empty}*"]
    parts += [section.intro] if section.intro else []
    parts.append("\n".join(_md_item(item) for item in section.items))
    return parts + ([f"… et {section.more} autres."] if section.more else [])


def _footer(letter: Letter) -> str:
    text = (
        f"{letter.site_name} : le carnet partagé des médiateurs et médiatrices de l'inclusion "
        f"numérique."
    )
    return text + (
        f" Une fiche à proposer, un dysfonctionnement à signaler ? "
        f"{_md_link('Contribuer', letter.contribute_url)}"
        if letter.contribute_url
        else ""
    )


def render_letter_markdown(letter: Letter) -> str:
    """The letter as Markdown (for a blog, a forum, or an e-mail tool that takes Markdown)."""
    parts = [f"# {md_inline(letter.title)}", *_md_theme(letter)]
    parts += (
        ["## Le mois en bref", "\n".join(f"- {line}" for line in letter.summary)]
        if letter.summary
        else []
    )
    for section in letter.sections:
        parts += _md_section(section)
    parts += ["## Merci", md_inline(letter.thanks)] if letter.thanks else []
    parts += _md_next(letter)
    return typo("\n\n".join([*parts, "---", _footer(letter)])) + "\n"


def render_letter_html(letter: Letter) -> str:
    """The letter as e-mail-safe HTML: one table, inline styles, no script, no external resource."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["fr"] = lambda text: typo(str(text))
    env.filters["plain"] = plain
    env.filters["de"] = of_month
    return env.get_template("lettre.html.j2").render(letter=letter)
