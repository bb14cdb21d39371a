"""`carnet rapport`: an administration's active malfunctions, to send through its official
channel."""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from slugify import slugify

from carnet.checking.rules.sections import sections
from carnet.facilitation.review import as_list, content_date, md_inline, on_date, one_line, typo
from carnet.model.content import Corpus, Document
from carnet.model.referentiels import Referentiel, close_entries
from carnet.model.themes import last_seen
from carnet.site.pages.common import GRAVITE_ORDER, GRAVITES, STATUTS, french_date
from carnet.text import fold, plural

ACTIVE = ("actif", "contourne")
SUMMARY_CHARS = 300
# Spreadsheets guess the encoding: the byte-order mark makes them read UTF-8 (accents) instead of
# a legacy code page, and French locales expect « ; » between columns.
BOM = "\ufeff"
CSV_DELIMITER = ";"
CSV_COLUMNS = (
    "Administration",
    "Identifiant",
    "Titre",
    "Service",
    "Adresse",
    "Statut",
    "Gravité",
    "Confirmations",
    "Territoires",
    "Constaté le",
    "Vu pour la dernière fois",
    "Signalé à",
    "Symptômes",
    "Contournement",
    "Canal officiel de signalement",
    "Exemple",
)


@dataclass(frozen=True)
class ReportedTo:
    """One report already made to the administration (`signale_a`)."""

    canal: str
    date: str
    reference: str = ""


@dataclass(frozen=True)
class MalfunctionRow:
    """What the administration needs to know about one malfunction."""

    id: str
    titre: str
    service: str
    url: str
    statut: str
    gravite: str
    confirmations: int
    territoires: tuple[str, ...]
    constate_le: str
    vu_le: str
    signale_a: tuple[ReportedTo, ...]
    symptomes: str
    contournement: str
    exemple: bool
    symptomes_complets: str = ""  # the section as written, for the plain-text messages (never cut)
    contournement_complet: str = ""

    @property
    def statut_label(self) -> str:
        """« Contourné »; « Non précisé » when the key is missing (a content with errors)."""
        return STATUTS.get(self.statut, self.statut) or "Non précisé"

    @property
    def gravite_label(self) -> str:
        return GRAVITES.get(self.gravite, self.gravite) or "Non précisée"


@dataclass(frozen=True)
class AdminReport:
    """One administration, its official reporting channel and its active malfunctions."""

    admin_id: str
    nom: str
    sigle: str
    site: str
    canal_url: str
    canal_description: str
    today: date
    malfunctions: tuple[MalfunctionRow, ...]
    limite: int | None = None  # the form's longest message, when the référentiel knows it

    @property
    def name(self) -> str:
        """The name, with its acronym when the name does not already hold it or a gloss."""
        return (
            f"{self.nom} ({self.sigle})"
            if self.sigle and self.sigle not in self.nom and "(" not in self.nom
            else self.nom
        )

    def channel(self) -> str:
        """The official reporting channel: its description, then its address."""
        return " ".join(
            p
            for p in (
                self.canal_description,
                f"Adresse : {self.canal_url}" if self.canal_url else "",
            )
            if p
        )


def resolve_admin(admins: Referentiel, typed: str) -> tuple[str | None, str]:
    """The administration's id for what was typed, in any case: its id, its name, or one of its
    other names (former name, acronym, synonym); with a note saying which one was understood when
    it was a former name or a synonym."""
    typed = typed.strip()
    if typed in admins.entries:
        return typed, ""
    slug = slugify(typed)
    if slug in admins.entries:
        return slug, ""
    if slug in admins.aliases:
        ident, alias, former = admins.aliases[slug]
        # « l'administration … (aussi appelée …) »: the administration, feminine
        how = "anciennement" if former else "aussi appelée"
        return ident, typo(f"« {typed} » : rapport de l'administration « {ident} » ({how} {alias})")
    by_name = {slugify(admins.label(ident)): ident for ident in admins.entries}
    return by_name.get(slug), ""


def _all_names(admins: Referentiel) -> dict[str, str]:
    """Each id with every name it goes by (name, acronym, former names, synonyms), as one text."""
    names = {ident: [admins.label(ident)] for ident in admins.entries}
    for ident, alias, _ in admins.aliases.values():
        names.setdefault(ident, []).append(alias)
    return {ident: " ; ".join(words) for ident, words in names.items()}


def suggest_admins(admins: Referentiel, typed: str) -> list[str]:
    """The ids a mistyped name most likely meant: a typo of an id or of any of its names first,
    then the ids whose names share a word with it; none rather than a far-fetched guess."""
    slug = slugify(typed)
    candidates = {ident: ident for ident in admins.entries}
    candidates |= {slugify(admins.label(ident)): ident for ident in admins.entries}
    candidates |= {alias_slug: ident for alias_slug, (ident, _, _) in admins.aliases.items()}
    close = difflib.get_close_matches(slug, list(candidates), n=3, cutoff=0.75)
    found = list(dict.fromkeys(candidates[c] for c in close))
    return found or close_entries(typed, _all_names(admins))


def unknown_admin_message(admins: Referentiel, ident: str) -> str | None:
    """The French error for a name the référentiel does not know, or None when it does."""
    if resolve_admin(admins, ident)[0] is not None:
        return None
    if not ident.strip():
        return typo(
            "indiquez l'administration du rapport\n  aide : par exemple « carnet rapport caf »"
        )
    close = suggest_admins(admins, ident)
    if close:
        shown = [f"« {c} » ({admins.label(c)})" for c in close]
        hint = (
            f"vouliez-vous dire {', '.join(shown[:-1])} ou {shown[-1]} ?"
            if len(shown) > 1
            else (f"vouliez-vous dire {shown[0]} ?")
        )
    else:
        known = (
            ", ".join(sorted(admins.entries))
            or "aucun (content/referentiels/administrations.yml est vide)"
        )
        hint = f"identifiants connus : {known}"
    return typo(f"administration « {ident} » inconnue\n  aide : {hint}")


def flatten(markdown: str, limit: int | None = None) -> str:
    """A section's text on one line, list markers dropped; cut at a word boundary past `limit`."""
    lines = []
    for line in markdown.splitlines():
        text = line.strip()
        for marker in ("- ", "* ", "+ "):
            text = text[len(marker) :] if text.startswith(marker) else text
        lines.append(text)
    text = one_line(" ".join(lines))
    if limit is None or len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def territory_key(code: str) -> tuple:
    """national first, then département order (2A and 2B between 20 and 21)."""
    if code == "national":
        return (0, 0.0)
    corsica = {"2A": 20.1, "2B": 20.2}
    return (1, corsica.get(code) or (float(code) if code.isdigit() else 999.0), code)


def territories(doc: Document) -> tuple[str, ...]:
    """The sheet's territories and those of every field confirmation, once each."""
    codes = {str(c) for c in as_list(doc.get("territoires"))}
    codes |= {
        str(s["territoire"])
        for s in as_list(doc.get("signalements"))
        if isinstance(s, dict) and s.get("territoire")
    }
    return tuple(sorted(codes, key=territory_key))


def build_row(doc: Document) -> MalfunctionRow:
    """One malfunction, with its body sections summed up."""
    found = sections(doc)
    full = {
        key: found[fold(key)][1].strip() if fold(key) in found else ""
        for key in ("Symptômes", "Contournement")
    }
    summary = {key: flatten(text, SUMMARY_CHARS) for key, text in full.items()}
    reported = tuple(
        ReportedTo(
            str(r.get("canal", "")), str(r.get("date", "")), str(r.get("reference", "") or "")
        )
        for r in as_list(doc.get("signale_a"))
        if isinstance(r, dict)
    )
    return MalfunctionRow(
        doc.id,
        str(doc.get("titre", doc.id)),
        str(doc.get("service") or ""),
        str(doc.get("url", "") or ""),
        str(doc.get("statut") or ""),
        str(doc.get("gravite") or ""),
        len(as_list(doc.get("signalements"))),
        territories(doc),
        str(doc.get("constate_le", "")),
        last_seen(doc),
        reported,
        summary["Symptômes"],
        summary["Contournement"],
        bool(doc.get("exemple")),
        full["Symptômes"],
        full["Contournement"],
    )


def build_admin_report(corpus: Corpus, admin_id: str, today: date) -> AdminReport:
    """The administration's malfunctions that are still there (actif or contourne), most serious
    first.
    """
    entry = corpus.referentiels["administrations"].entries[admin_id]
    docs = [
        d
        for d in corpus.of_kind("dysfonctionnement")
        if admin_id in as_list(d.get("administrations")) and d.get("statut") in ACTIVE
    ]
    rows = sorted(
        (build_row(d) for d in docs),
        key=lambda r: (GRAVITE_ORDER.get(r.gravite, 9), -r.confirmations, r.constate_le, r.id),
    )
    channel = entry.get("signalement") or {}
    return AdminReport(
        admin_id,
        str(entry.get("nom", admin_id)),
        str(entry.get("sigle", "") or ""),
        str(entry.get("site", "") or ""),
        str(channel.get("url", "") or ""),
        one_line(channel.get("description", "") or ""),
        today,
        tuple(rows),
        channel.get("limite_caracteres")
        if isinstance(channel.get("limite_caracteres"), int)
        else None,
    )


def _reference(reference: str | None) -> str:
    return f", réf. {reference}" if reference else ""


def _reported(row: MalfunctionRow, day: Callable[[str], str] = content_date) -> str:
    parts = [
        f"{r.canal} ({day(r.date) if r.date else 'date inconnue'}{_reference(r.reference)})"
        for r in row.signale_a
    ]
    return " ; ".join(parts)


def _title(row: MalfunctionRow) -> str:
    return md_inline(row.titre) + (" (exemple)" if row.exemple else "")


def render_report_markdown(report: AdminReport) -> str:
    """A heading, an introduction, the channel, a table, then a section per malfunction."""
    rows = report.malfunctions
    parts = [
        f"# Dysfonctionnements en cours : {md_inline(report.name)}",
        _intro(report),
        _channel_md(report),
        _examples_warning(rows),
    ]
    if rows:
        parts += [_table(rows), *(_section(row) for row in rows)]
    return typo("\n\n".join(p for p in parts if p)) + "\n"


def _intro(report: AdminReport) -> str:
    count, where = (
        len(report.malfunctions),
        f"sur les services en ligne de l'administration « {md_inline(report.nom)} »",
    )
    if not count:
        return (
            f"Au {french_date(report.today)}, aucun dysfonctionnement actif ou contourné n'est "
            f"relevé par le réseau {where}."
        )
    s = "s" if count > 1 else ""
    return (
        f"Au {french_date(report.today)}, le réseau des médiateurs numériques relève "
        f"{plural(count, 'dysfonctionnement')} actif{s} ou contourné{s} {where}. "
        "Ce rapport est destiné à son canal officiel de signalement."
    )


def _channel_md(report: AdminReport) -> str:
    pieces = [md_inline(report.canal_description)] if report.canal_description else []
    pieces += [f"Adresse : <{report.canal_url}>"] if report.canal_url else []
    if not pieces:
        pieces = [
            "non renseigné dans le référentiel"
            + (f" ; voir le site <{report.site}>" if report.site else "")
        ]
    return "**Canal officiel de signalement** : " + " ".join(pieces)


def _examples_warning(rows: tuple[MalfunctionRow, ...]) -> str:
    """Illustrative malfunctions must not reach an administration."""
    count = sum(r.exemple for r in rows)
    if count == 1:
        return (
            f"**Attention** : {plural(1, 'dysfonctionnement')} marqué « (exemple) » est un exemple "
            f"fictif du carnet : "
            "ne le transmettez pas."
        )
    return (
        f"**Attention** : {plural(count, 'dysfonctionnement')} marqués « (exemple) » sont des "
        f"exemples fictifs du carnet : "
        "ne les transmettez pas."
        if count
        else ""
    )


def _table(rows: tuple[MalfunctionRow, ...]) -> str:
    lines = [
        "| Dysfonctionnement | Statut | Gravité | Confirmations | Territoires | Constaté le | Vu "
        "pour la dernière fois | Déjà signalé à |",
        "|---|---|---|---:|---|---|---|---|",
    ]
    lines += [
        f"| {_title(r)} | {r.statut_label} | {r.gravite_label} | {r.confirmations} | "
        f"{', '.join(r.territoires) or '—'} | {content_date(r.constate_le)} | "
        f"{content_date(r.vu_le)} | {md_inline(_reported(r)) or 'pas encore'} |"
        for r in rows
    ]
    return "\n".join(lines)


def _section(row: MalfunctionRow) -> str:
    items = [f"Service : {md_inline(row.service) or 'non renseigné'}"]
    items += [f"Adresse : <{row.url}>"] if row.url else []
    items += [
        f"Statut : {row.statut_label} ; gravité : {row.gravite_label.lower()}",
        f"Constaté {on_date(row.constate_le)} ; vu pour la dernière fois {on_date(row.vu_le)}",
        f"Confirmations du terrain : {row.confirmations}"
        + (f" (territoires : {', '.join(row.territoires)})" if row.territoires else ""),
        f"Déjà signalé à : {md_inline(_reported(row)) or 'pas encore'}",
        f"Symptômes : {row.symptomes or 'non décrits'}",
        f"Contournement : {row.contournement or 'aucun contournement connu'}",
    ]
    items += ["Exemple fictif du carnet : à ne pas transmettre"] if row.exemple else []
    return f"## {_title(row)}\n\n" + "\n".join(f"- {item}" for item in items)


def render_report_csv(report: AdminReport) -> str:
    """One row per malfunction, French column names, with a byte-order mark for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER)
    writer.writerow(CSV_COLUMNS)
    for r in report.malfunctions:
        writer.writerow(
            [
                report.nom,
                r.id,
                r.titre,
                r.service,
                r.url,
                r.statut_label,
                r.gravite_label,
                r.confirmations,
                ", ".join(r.territoires),
                r.constate_le,
                r.vu_le,
                _reported(r, day=str),
                r.symptomes,
                r.contournement,
                report.channel(),
                "oui" if r.exemple else "non",
            ]
        )
    return BOM + out.getvalue()
