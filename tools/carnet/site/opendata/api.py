"""The static JSON API (`api/v1/`): every published content, active malfunctions, référentiels,
themes.

Written at build time as {path: text}; no server. Contract v1: stable ids and addresses, and a
field is never removed or renamed within v1 (new fields may appear). Each file names its schema,
published beside it in `api/v1/schemas/` (see carnet.site.opendata.api_schemas).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from carnet.dates import freshness, parse_date
from carnet.model.content import KIND_FOLDER, LINKABLE, Corpus, Document
from carnet.model.territories import (
    departement_name,
    departements_in,
    doc_departements,
    listed,
)
from carnet.model.themes import AGENDA, last_seen
from carnet.site.feeds import FEEDS
from carnet.site.opendata.api_schemas import schema_names
from carnet.site.opendata.render import BodyRenderer
from carnet.site.pages.common import page_url, src_of
from carnet.site.pages.hubs import active_malfunctions

VERSION = "1"
ROOT = "api/v1/"
LICENCE = {
    "nom": "CC BY-SA 4.0",
    "url": "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
    "attribution": "Carnet de terrain et ses contributeurs et contributrices",
}
REFERENTIELS = ("administrations", "competences", "publics")
# The per-document and per-scope files, described in index.json by their address pattern.
PATTERNS = {
    "contenu": (
        "contenus/{id}.json",
        "contenu",
        "Un contenu (fiche, anecdote, dysfonctionnement)\u00a0: métadonnées, corps en Markdown et "
        "en HTML.",
    ),
    "widget": (
        "widgets/{portee}/{id}.json",
        "widget",
        "Les données d'un widget\u00a0: dysfonctionnements actifs et fiches utiles d'une "
        "administration, d'une compétence ou d'un département (portee\u00a0: administration, "
        "competence, departement).",
    ),
}


@dataclass(frozen=True)
class Api:
    """What every API file needs: the site's address and the build's date."""

    # the site's address, ending with « / » (empty for addresses relative to the site's root)
    base: str
    today: date

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def page(self, src: str) -> str:
        stem = page_url(src)
        return self.url(stem + "/" if stem else "")

    def head(self, schema: str) -> dict:
        return {
            "$schema": self.url(f"{ROOT}schemas/{schema}.schema.json"),
            "version": VERSION,
            "genere_le": self.today.isoformat(),
        }


def source_path(doc: Document) -> str:
    """Where a content's Markdown source is published (carnet.site.opendata.exports)."""
    return f"exports/{KIND_FOLDER[doc.kind]}/{doc.id}.md"


def doc_freshness(doc: Document, today: date) -> float | None:
    verified = parse_date(doc.get("verifiee_le"))
    return round(freshness(verified, today), 3) if verified and doc.kind != "anecdote" else None


def summary(doc: Document, api: Api) -> dict:
    """A content's line in contenus.json."""
    return {
        "id": doc.id,
        "type": doc.kind,
        "titre": doc.get("titre", ""),
        "resume": doc.get("resume", ""),
        "administrations": list(doc.get("administrations") or []),
        "competences": list(doc.get("competences") or []),
        "publics": list(doc.get("publics") or []),
        "niveau": doc.get("niveau"),
        "territoires": listed(doc),
        "departements": doc_departements(doc),
        "creee_le": doc.get("creee_le"),
        "verifiee_le": doc.get("verifiee_le"),
        "fraicheur": doc_freshness(doc, api.today),
        "exemple": bool(doc.get("exemple")),
        "adresse": api.page(src_of(doc)),
        "document": api.url(f"{ROOT}contenus/{doc.id}.json"),
        "source": api.url(source_path(doc)),
    }


def document(doc: Document, api: Api, renderer: BodyRenderer) -> dict:
    """One content in full: its summary, its front matter as written, its body in Markdown and in
    sanitised HTML.
    """
    return {
        **api.head("contenu"),
        **summary(doc, api),
        "metadonnees": doc.meta,
        "corps_markdown": doc.body.strip() + "\n",
        "corps_html": renderer.html(doc.body, src_of(doc), api.base),
    }


def malfunction(doc: Document, api: Api) -> dict:
    """An active malfunction with its field confirmations."""
    confirmations = sorted(
        (dict(s) for s in doc.get("signalements") or [] if isinstance(s, dict)),
        key=lambda s: str(s.get("date")),
    )
    return {
        "id": doc.id,
        "titre": doc.get("titre", ""),
        "resume": doc.get("resume", ""),
        "service": doc.get("service", ""),
        "url": doc.get("url"),
        "statut": doc.get("statut"),
        "gravite": doc.get("gravite"),
        "administrations": list(doc.get("administrations") or []),
        "departements": doc_departements(doc),
        "constate_le": doc.get("constate_le"),
        "derniere_confirmation": last_seen(doc),
        "nombre_confirmations": len(confirmations),
        "confirmations": confirmations,
        "signale_a": [dict(s) for s in doc.get("signale_a") or [] if isinstance(s, dict)],
        "exemple": bool(doc.get("exemple")),
        "adresse": api.page(src_of(doc)),
        "document": api.url(f"{ROOT}contenus/{doc.id}.json"),
    }


def theme(doc: Document, api: Api, renderer: BodyRenderer) -> dict:
    return {
        "id": doc.id,
        "titre": doc.get("titre", ""),
        "resume": doc.get("resume", ""),
        "animateurs": list(doc.get("animateurs") or []),
        "selection": list(doc.get("selection") or []),
        "rencontre": doc.get("rencontre"),
        "exemple": bool(doc.get("exemple")),
        "adresse": api.page(src_of(doc)),
        "corps_markdown": doc.body.strip() + "\n",
        "corps_html": renderer.html(doc.body, src_of(doc), api.base),
    }


def contents(corpus: Corpus) -> list[Document]:
    """Every published content, by type then id: a stable order."""
    return [doc for kind in LINKABLE for doc in sorted(corpus.of_kind(kind), key=lambda d: d.id)]


def build_api(
    corpus: Corpus,
    base: str,
    today: date,
    renderer: BodyRenderer | None = None,
    extra: dict[str, dict] | None = None,
    codes: list[str] | None = None,
) -> dict[str, str]:
    """Every file of api/v1/ (but the schemas and widgets) as JSON text by its path in the site.

    `codes`: the départements with a hub (by default those the content speaks of); a territorial
    edition adds its own, whose page exists even before any content concerns it.
    """
    api, renderer = Api(base, today), renderer or BodyRenderer()
    docs = contents(corpus)
    files: dict[str, dict] = {
        f"{ROOT}contenus.json": {
            **api.head("contenus"),
            "nombre": len(docs),
            "contenus": [summary(d, api) for d in docs],
        }
    }
    files |= {f"{ROOT}contenus/{d.id}.json": document(d, api, renderer) for d in docs}
    live = active_malfunctions(corpus.of_kind("dysfonctionnement"))
    files[f"{ROOT}dysfonctionnements-actifs.json"] = {
        **api.head("dysfonctionnements-actifs"),
        "nombre": len(live),
        "dysfonctionnements": [malfunction(d, api) for d in live],
    }
    for name in REFERENTIELS:
        entries = list(corpus.referentiels[name].entries.values())
        files[f"{ROOT}{name}.json"] = {**api.head(f"referentiel-{name}"), "entrees": entries}
    codes = departements_in(corpus) if codes is None else codes
    files[f"{ROOT}departements.json"] = {
        **api.head("referentiel-departements"),
        "source": "Insee, Code officiel géographique",
        "entrees": [
            {"code": c, "nom": departement_name(c), "adresse": api.page(f"territoires/{c}.md")}
            for c in codes
        ],
    }
    themes = sorted(corpus.of_kind("theme"), key=lambda d: d.id, reverse=True)
    files[f"{ROOT}themes.json"] = {
        **api.head("themes"),
        "themes": [theme(t, api, renderer) for t in themes],
    }
    files |= extra or {}
    files[f"{ROOT}index.json"] = index(api, files)
    return {
        path: json.dumps(data, ensure_ascii=False, indent=1) + "\n" for path, data in files.items()
    }


DESCRIPTIONS = {
    "contenus.json": "L'index de tous les contenus publiés\u00a0: métadonnées, score de fraîcheur, "
    "adresses de la page, du document et de la source Markdown.",
    "dysfonctionnements-actifs.json": "Les dysfonctionnements en cours (actifs ou contournés), les "
    "plus graves d'abord, avec leurs confirmations du terrain.",
    "themes.json": "Les thèmes du mois, du plus récent au plus ancien, avec leur éditorial.",
    "administrations.json": "Le référentiel des administrations.",
    "competences.json": "Le référentiel des compétences.",
    "publics.json": "Le référentiel des publics.",
    "departements.json": "Les départements (codes Insee) dont parle le carnet, et celui d'une "
    "édition territoriale, avec l'adresse de leur page.",
}


def index(api: Api, files: dict[str, dict]) -> dict:
    """api/v1/index.json: what the API holds, its licence, its contract."""
    listed_files = [
        {
            "chemin": ROOT + name,
            "adresse": api.url(ROOT + name),
            "description": text,
            "schema": files[ROOT + name]["$schema"],
        }
        for name, text in DESCRIPTIONS.items()
        if ROOT + name in files
    ]
    patterns = [
        {
            "modele": ROOT + pattern,
            "adresse": api.url(ROOT + pattern),
            "description": text,
            "schema": api.url(f"{ROOT}schemas/{schema}.schema.json"),
        }
        for pattern, schema, text in PATTERNS.values()
    ]
    return {
        **api.head("index"),
        "titre": "Carnet de terrain — données ouvertes",
        "description": "Les fiches pratiques, anecdotes et dysfonctionnements du carnet de terrain "
        "des médiateurs numériques, en JSON, reconstruits à chaque publication du site.",
        "licence": LICENCE,
        "site": api.url(""),
        "documentation": api.page("donnees-ouvertes.md"),
        "compatibilite": "Version 1\u00a0: aucun champ n'est supprimé ni renommé\u00a0; des "
        "champs peuvent s'ajouter. Un changement incompatible ouvrirait api/v2/, la v1 restant "
        "publiée.",
        "fichiers": listed_files,
        "modeles": patterns,
        "schemas": [api.url(f"{ROOT}schemas/{name}.schema.json") for name in schema_names()],
        "exports": {
            "markdown": api.url("exports/{dossier}/{id}.md"),
            "archive": api.url("exports/carnet-de-terrain-contenus.zip"),
            "csv_dysfonctionnements": api.url("exports/dysfonctionnements.csv"),
        },
        # what else a reuser follows: the Atom feeds, and the meetings' calendar to subscribe to
        "flux": {
            **{
                feed.path.removeprefix("flux/").removesuffix(".xml"): api.url(feed.path)
                for feed in FEEDS
            },
            "administrations": api.url("flux/administrations/{id}.xml"),
            "departements": api.url("flux/departements/{code}.xml"),
            "agenda": api.url(AGENDA),
        },
    }
