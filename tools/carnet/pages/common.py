"""What every page builder shares: links between pages, French dates, badges, escaping."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from carnet.content import KIND_FOLDER, Document

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
NIVEAUX = {"debutant": "Débutant", "intermediaire": "Intermédiaire", "avance": "Avancé"}
NIVEAU_ORDER = {"debutant": 0, "intermediaire": 1, "avance": 2}
STATUTS = {"actif": "Actif", "contourne": "Contourné", "resolu": "Résolu"}
GRAVITES = {"bloquant": "Bloquant", "genant": "Gênant", "mineur": "Mineur"}
GRAVITE_ORDER = {"bloquant": 0, "genant": 1, "mineur": 2}
KIND_NAMES = {"fiche": "Fiche pratique", "anecdote": "Anecdote", "dysfonctionnement": "Dysfonctionnement",
              "theme": "Thème du mois"}
NBSP = "\u00a0"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


@dataclass(frozen=True)
class Page:
    """One page of the site: where it lives (a Markdown path) and its Markdown."""

    src_uri: str
    markdown: str


@dataclass(frozen=True)
class SiteSettings:
    """What builders need from the configuration."""

    today: date
    edit_base: str = ""  # e.g. https://github.com/org/repo/edit/main/content/
    site_name: str = "Carnet de terrain"
    extra: dict = field(default_factory=dict)


def md(text: object) -> str:
    """Escape text so that Markdown shows it as written."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


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
    """A relative link between two pages, as MkDocs resolves and checks it."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")


def front(title: str, description: str = "", **extra: str) -> str:
    """The meta block MkDocs reads for the title and the description."""
    lines = ["---", f"title: {_yaml_str(title)}"]
    if description:
        lines.append(f"description: {_yaml_str(description)}")
    lines += [f"{key}: {_yaml_str(value)}" for key, value in extra.items()]
    return "\n".join(lines + ["---", ""])


def _yaml_str(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def badge(label: str, kind: str, target: str | None = None) -> str:
    """A badge, linked to its hub when there is one."""
    css = f"{{ .carnet-badge .carnet-badge--{kind} }}"
    return f"[{md(label)}]({target}){css}" if target else f"[{md(label)}]{css}"


def bullet_list(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def doc_item(from_src: str, doc: Document, extra: str = "") -> str:
    """One listing line: linked title, then the résumé."""
    tag = " *(exemple)*" if doc.get("exemple") else ""
    text = f"[{md(doc.get('titre', doc.id))}]({link(from_src, src_of(doc))}){tag}"
    resume = doc.get("resume")
    return text + (f" — {md(resume)}" if resume else "") + extra


def doc_list(from_src: str, docs: Iterable[Document], empty: str = "Rien pour l'instant.") -> str:
    lines = [f"- {doc_item(from_src, doc)}" for doc in docs]
    return "\n".join(lines) if lines else f"*{empty}*"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count}{NBSP}{singular if count <= 1 else (plural_form or singular + 's')}"
