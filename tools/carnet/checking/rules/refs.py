"""Cross-file references: ids, référentiel ids, `voir_aussi`, theme selections."""

from __future__ import annotations

import re
from collections.abc import Iterator

from slugify import slugify

from carnet.checking.rules.context import Context
from carnet.findings import Finding, error
from carnet.model.content import (
    KIND_LABEL,
    LINKABLE,
    RESERVED_IDS,
    RESERVED_PAGE_IDS,
    Corpus,
    Document,
)
from carnet.model.referentiels import REFERENCED_BY
from carnet.model.schemas import suggest

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MONTH_RE = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")
REF_LABEL = {"administrations": "administration", "competences": "compétence", "publics": "public"}
PAGE_NAME = {
    "administrations": "Administrations",
    "competences": "Compétences",
    "publics": "Publics",
}
EXISTING = {
    "administrations": "d'une administration existante",
    "competences": "d'une compétence existante",
    "publics": "d'un public existant",
}


def check(corpus: Corpus, context: Context) -> Iterator[Finding]:
    owners: dict[str, Document] = {}
    for doc in corpus.documents:
        first = owners.setdefault(doc.id, doc) if doc.kind != "page" else doc
        if not doc.loaded:
            continue
        yield from _check_id(doc)
        if doc.kind != "page" and first is not doc:
            yield error(
                doc.rel,
                1,
                "id-en-double",
                f"identifiant « {doc.id} » déjà utilisé par {first.rel}",
                "un identifiant (le nom du fichier) est unique parmi tous les contenus : renommez "
                "ce fichier",
            )
        if doc.readable:
            yield from _check_referentiel_ids(doc, corpus)
            yield from _check_links(doc, corpus, "voir_aussi")
            if doc.kind == "theme":
                yield from _check_links(doc, corpus, "selection")


def _check_id(doc: Document) -> Iterator[Finding]:
    if doc.kind == "theme":
        if not MONTH_RE.match(doc.id):
            yield error(
                doc.rel,
                1,
                "theme-nom",
                f"thème « {doc.path.name} » : le fichier doit s'appeler par son mois",
                "nommez-le AAAA-MM.md, par exemple 2026-11.md",
            )
    elif doc.id in (RESERVED_PAGE_IDS if doc.kind == "page" else RESERVED_IDS):
        yield error(
            doc.rel,
            1,
            "id-reserve",
            f"nom de fichier « {doc.path.name} » réservé à une page du site",
            f"ce contenu remplacerait la page {_address(doc)} : donnez-lui un nom qui dit son "
            f"sujet, par exemple « {doc.id}-{KIND_LABEL[doc.kind].replace('è', 'e')}.md »",
        )
    elif not ID_RE.match(doc.id) or len(doc.id) > 80:
        proposal = slugify(doc.id, max_length=80)
        yield error(
            doc.rel,
            1,
            "id-invalide",
            f"nom de fichier « {doc.path.name} » invalide",
            f"minuscules sans accent, chiffres et tirets : renommez-le « {proposal}.md »",
        )


def _address(doc: Document) -> str:
    folder = "" if doc.kind == "page" else f"{doc.path.parent.name}/"
    return f"« /{folder}{'' if doc.id == 'index' else doc.id + '/'} »"


def _check_referentiel_ids(doc: Document, corpus: Corpus) -> Iterator[Finding]:
    for key, name in REFERENCED_BY.items():
        values = doc.get(key)
        if not isinstance(values, list) or name in corpus.referentiels.broken:
            continue  # an unreadable référentiel is reported once, not at every use
        referentiel = corpus.referentiels[name]
        for index, value in enumerate(values):
            if isinstance(value, str) and value not in referentiel.entries:
                line, col = doc.where((key, index))
                hint = referentiel.suggest(value) or (
                    f"écrivez l'identifiant {EXISTING[key]} : la page « {PAGE_NAME[key]} » du site "
                    f"les liste avec leur nom, comme content/referentiels/{name}.yml"
                )
                yield error(
                    doc.rel,
                    line,
                    "ref-inconnue",
                    f"{REF_LABEL[key]} « {value} » inconnue"
                    if key != "publics"
                    else f"public « {value} » inconnu",
                    hint,
                    col,
                )


def _check_links(doc: Document, corpus: Corpus, key: str) -> Iterator[Finding]:
    values = doc.get(key)
    if not isinstance(values, list):
        return
    for index, value in enumerate(values):
        if not isinstance(value, str):
            continue
        line, col = doc.where((key, index))
        target = corpus.by_id.get(value)
        if target is None:
            close = suggest(value, [d.id for d in corpus.documents if d.kind in LINKABLE])
            hint = (
                f"vouliez-vous dire « {close} » ?"
                if close
                else "indiquez le nom d'un fichier de fiches/, anecdotes/ ou dysfonctionnements/, "
                "sans « .md »"
            )
            yield error(
                doc.rel,
                line,
                "lien-inconnu",
                f"« {value} » ne correspond à aucun contenu",
                hint,
                col,
            )
        elif target.kind not in LINKABLE:
            yield error(
                doc.rel,
                line,
                "lien-type",
                f"« {value} » est un {KIND_LABEL[target.kind]}, pas une fiche, anecdote ou "
                f"dysfonctionnement",
                "ne citez que des fiches, anecdotes ou dysfonctionnements",
                col,
            )
        elif target is doc:
            yield error(
                doc.rel,
                line,
                "lien-soi-meme",
                f"« {value} » renvoie vers ce contenu lui-même",
                "retirez-le de la liste",
                col,
            )
