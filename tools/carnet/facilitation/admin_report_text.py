"""`carnet rapport --format texte`: one plain-text message per malfunction, to paste into the
administration's form.

Administrations take reports through messaging forms that accept plain text only, often with a
length limit. Each malfunction becomes one message, symptoms and workaround in full (never cut with
« … »); when the form's limit is known (`signalement.limite_caracteres` in administrations.yml, or
`--limite`), a longer message is split at paragraph, then sentence, then word boundaries into parts
numbered « partie 1 sur 2 », each within the limit.
"""

from __future__ import annotations

import re

from carnet.facilitation.admin_report import AdminReport, MalfunctionRow, _reported
from carnet.facilitation.review import on_date, one_line, typo
from carnet.site.pages.common import french_date
from carnet.text import plural

RULE = "=" * 60
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_MARKUP = re.compile(r"(\*\*|__|`)")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")


def plain_text(markdown: str) -> str:
    """A section's Markdown as plain text: links as « text (address) », no emphasis, paragraphs
    kept.
    """
    text = _AUTOLINK.sub(
        r"\1",
        _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(2) else m.group(1), markdown),
    )
    text = _MARKUP.sub("", text)
    paragraphs = [
        " ".join(line.strip() for line in block.splitlines() if line.strip())
        for block in re.split(r"\n\s*\n", text.strip())
    ]
    lines = []
    for paragraph in paragraphs:  # list items stay one per line
        lines.append(
            re.sub(r" (?=[-*+] |\d+\. )", "\n", paragraph)
            if re.match(r"[-*+] |\d+\. ", paragraph)
            else paragraph
        )
    return "\n\n".join(part for part in lines if part)


def message(report: AdminReport, row: MalfunctionRow) -> str:
    """The whole message for one malfunction, as the administration will read it."""
    where = f" ({row.url})" if row.url else ""
    seen = (
        f"Constaté {on_date(row.constate_le)}, vu pour la dernière fois {on_date(row.vu_le)}, "
        f"{plural(row.confirmations, 'confirmation')} du terrain"
        + (f" (départements : {', '.join(row.territoires)})" if row.territoires else "")
        + "."
    )
    parts = [
        f"Objet : {one_line(row.titre)}",
        "Bonjour,",
        "Le réseau des médiateurs et médiatrices numériques du carnet de terrain vous signale un "
        "dysfonctionnement "
        + (
            f"de la démarche « {one_line(row.service)} »"
            if row.service
            else "de vos services en ligne"
        )
        + f"{where}.",
        f"Gravité : {row.gravite_label.lower()}. Statut : {row.statut_label.lower()}.",
        seen,
        "Ce que l'on constate :\n" + (plain_text(row.symptomes_complets) or "non décrit"),
    ]
    if row.contournement_complet:
        parts.append("Ce que nous faisons en attendant :\n" + plain_text(row.contournement_complet))
    if row.signale_a:
        parts.append(f"Déjà signalé : {_reported(row)}.")
    parts.append("Merci de votre attention.")
    return typo("\n\n".join(parts))


def _pieces(text: str, limit: int) -> list[str]:
    """Paragraphs, sentences, then words, each at most `limit` characters."""
    out: list[str] = []
    for paragraph in text.split("\n\n"):
        for sentence in _SENTENCE.split(paragraph) if len(paragraph) > limit else [paragraph]:
            while len(sentence) > limit:
                cut = sentence.rfind(" ", 0, limit)
                cut = cut if cut > 0 else limit
                out.append(sentence[:cut])
                sentence = sentence[cut:].lstrip()
            out.append(sentence)
        out.append("")  # paragraph break
    return out[:-1]


def split_message(text: str, limit: int | None, room: int = 40) -> list[str]:
    """The message in parts of at most `limit` characters (room kept for the « partie 1 sur 2 »
    line).
    """
    if limit is None or len(text) <= limit:
        return [text]
    size, parts, current = max(limit - room, 20), [], ""
    for piece in _pieces(text, max(limit - room, 20)):
        joiner = "\n\n" if piece and current and not current.endswith("\n\n") else ""
        candidate = current + (joiner + piece if piece else "\n\n")
        if len(candidate.strip()) > size and current.strip():
            parts.append(current.strip())
            current = piece
        else:
            current = candidate
    if current.strip():
        parts.append(current.strip())
    return [f"(partie {n} sur {len(parts)})\n\n{part}" for n, part in enumerate(parts, 1)]


def render_report_text(report: AdminReport, limit: int | None = None) -> str:
    """A short header for the facilitator, then each message between two rules, with its length."""
    limit = limit or report.limite
    rows = [r for r in report.malfunctions]
    head = [
        f"Dysfonctionnements en cours : {one_line(report.name)}",
        f"Au {french_date(report.today)} : {plural(len(rows), 'dysfonctionnement')} actif"
        + ("s" if len(rows) > 1 else "")
        + " ou contourné"
        + ("s" if len(rows) > 1 else "")
        + ".",
        f"Canal officiel de signalement : "
        f"{report.channel() or 'non renseigné dans le référentiel'}",
        (
            "Un message par dysfonctionnement, à copier tel quel dans le formulaire"
            + (f" (au plus {limit} caractères par message)." if limit else ".")
        )
        if rows
        else "Rien à transmettre : aucun message.",
    ]
    examples = sum(r.exemple for r in rows)
    if examples:
        head.append(
            f"ATTENTION : {plural(examples, 'message')} marqué « EXEMPLE FICTIF » : à ne pas "
            f"transmettre."
        )
    blocks = ["\n".join(typo(line) for line in head)]
    for n, row in enumerate(rows, 1):
        parts = split_message(message(report, row), limit)
        for k, part in enumerate(parts, 1):
            # each part is pasted on its own: its header says which one, not only which message
            label = (
                f"Message {n} sur {len(rows)}"
                + (f", partie {k} sur {len(parts)}" if len(parts) > 1 else "")
                + (" — EXEMPLE FICTIF, À NE PAS TRANSMETTRE" if row.exemple else "")
            )
            blocks.append(f"{RULE}\n{label} ({plural(len(part), 'caractère')})\n{RULE}\n{part}")
    return "\n\n".join(blocks) + "\n"
