"""Départements: their official names (INSEE), which content concerns each, and the territorial
edition.

A malfunction concerns a département when it lists it in `territoires` or when a field confirmation
(`signalements[].territoire`) comes from there; a sheet or a story when it lists it in
`territoires`.
Content without `territoires`, or with `national`, is national.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from carnet.model.content import LINKABLE, Corpus, Document

# INSEE, Code officiel géographique: the 101 départements, plus Saint-Pierre-et-Miquelon (975),
# which the content model's codes allow.
DEPARTEMENTS_FILE = Path(__file__).with_name("departements.csv")
NATIONAL = "national"


@cache
def departements() -> dict[str, str]:
    """INSEE code → official name, in the list's order (01 … 95, 2A/2B among them, then
    overseas)."""
    with DEPARTEMENTS_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["nom"] for row in csv.DictReader(handle, delimiter=";")}


def departement_name(code: str) -> str:
    return departements().get(code, code)


def departement_label(code: str) -> str:
    """« Puy-de-Dôme (63) »."""
    return f"{departement_name(code)} ({code})"


def listed(doc: Document) -> list[str]:
    """The codes in a document's `territoires`, as strings."""
    return [str(code) for code in doc.get("territoires") or []]


def reported_in(doc: Document) -> list[str]:
    """The départements a malfunction's field confirmations come from, in order, without repeats."""
    codes = [
        str(s["territoire"])
        for s in doc.get("signalements") or []
        if isinstance(s, dict) and s.get("territoire")
    ]
    return [code for code in dict.fromkeys(codes) if code != NATIONAL]


def doc_departements(doc: Document) -> list[str]:
    """Every département a document concerns (listed, or where it was confirmed)."""
    codes = [c for c in listed(doc) if c != NATIONAL] + (
        reported_in(doc) if doc.kind == "dysfonctionnement" else []
    )
    return list(dict.fromkeys(codes))


def concerns(doc: Document, code: str) -> bool:
    return bool(code) and code in doc_departements(doc)


def is_national(doc: Document) -> bool:
    """No département listed, or `national`."""
    codes = listed(doc)
    return not codes or NATIONAL in codes


def departements_in(corpus: Corpus, extra: Iterable[str] = ()) -> list[str]:
    """The known départements that some content concerns (and `extra`, e.g. the edition's), in INSEE
    order.
    """
    found = {
        code for kind in LINKABLE for doc in corpus.of_kind(kind) for code in doc_departements(doc)
    } | set(extra)
    return [code for code in departements() if code in found]


def local_first(docs: Iterable[Document], code: str) -> list[Document]:
    """The same documents, those concerning `code` first (a stable sort: each group keeps its
    order).
    """
    return sorted(docs, key=lambda doc: 0 if concerns(doc, code) else 1)


@dataclass(frozen=True)
class Edition:
    """A territorial edition: the same content, one département first, with its own contacts."""

    territoire: str
    nom: str
    contact: str = ""  # replaces the network's address (« Envoyer par e-mail », legal notice)
    contacts: tuple[dict, ...] = field(
        default_factory=tuple
    )  # local structures: nom, url?, courriel?, telephone?


class EditionError(ValueError):
    """An `edition` setting that cannot be used: the message is in French."""


CONTACT_KEYS = ("nom", "url", "courriel", "telephone", "description")


def read_edition(options: dict | None) -> Edition | None:
    """The `edition:` setting of the carnet plugin (mkdocs.yml), checked; None when absent or
    empty."""
    if not options:
        return None
    code = str(options.get("territoire", "")).strip()
    if code not in departements():
        raise EditionError(
            f"edition : territoire « {code} » inconnu ; attendu un code de département INSEE "
            '(01 à 95, 2A, 2B, 971 à 976), par exemple territoire: "63"'
        )
    unknown = sorted(set(options) - {"territoire", "nom", "contact", "contacts"})
    if unknown:
        raise EditionError(
            f"edition : clé « {unknown[0]} » inconnue ; clés possibles : territoire, nom, contact, "
            f"contacts"
        )
    contacts = options.get("contacts") or []
    if not isinstance(contacts, list) or not all(
        isinstance(c, dict) and c.get("nom") for c in contacts
    ):
        raise EditionError("edition : contacts doit être une liste d'entrées ayant chacune un nom")
    kept = tuple({k: str(c[k]) for k in CONTACT_KEYS if c.get(k)} for c in contacts)
    return Edition(
        code,
        str(options.get("nom") or departement_name(code)),
        str(options.get("contact") or ""),
        kept,
    )


def edition_of(extra: dict) -> Edition | None:
    """The edition carried by SiteSettings.extra, if any."""
    edition = extra.get("edition")
    return edition if isinstance(edition, Edition) else None
