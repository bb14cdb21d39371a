"""The JSON Schemas published in `api/v1/schemas/`: the API's own, and the content schemas of
schemas/.

The content schemas are published as they are, with their ids rewritten to their published
addresses: a document's `metadonnees` is validated by the very schema that validated the
contribution. Every v1 field is required (so that removing or renaming one fails the suite);
objects accept new fields, which the compatibility rule allows.
"""

from __future__ import annotations

import json
import re

from carnet.model.schemas import load_schemas

DRAFT = "https://json-schema.org/draft/2020-12/schema"
CONTENT_KINDS = ("fiche", "anecdote", "dysfonctionnement", "theme")
URN = re.compile(r"urn:carnet:([a-z-]+)")


class Ids:
    """Published schema ids: their addresses when the site has one, URNs otherwise."""

    def __init__(self, base: str) -> None:
        self.base = base if base.startswith(("http://", "https://")) else ""

    def __call__(self, name: str) -> str:
        return (
            f"{self.base}api/v1/schemas/{name}.schema.json"
            if self.base
            else f"urn:carnet:api:v1:{name}"
        )


def _obj(props: dict, title: str = "", **extra: object) -> dict:
    """An object whose every listed property is required (the v1 contract) and which may gain new
    ones.
    """
    schema: dict = {"type": "object", "required": list(props), "properties": props, **extra}
    return {"title": title, **schema} if title else schema


STR, BOOL, INT = {"type": "string"}, {"type": "boolean"}, {"type": "integer", "minimum": 0}
OPT_STR = {"type": ["string", "null"]}
STRS = {"type": "array", "items": STR}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
OPT_DATE = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"}
KIND = {"enum": ["fiche", "anecdote", "dysfonctionnement"]}


def api_schemas(ids: Ids) -> dict[str, dict]:
    """The API's own schemas by name."""
    head = {"$schema": STR, "version": {"const": "1"}, "genere_le": DATE}
    code = {"type": "string", "pattern": "^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$"}
    summary = {
        "id": STR,
        "type": KIND,
        "titre": STR,
        "resume": STR,
        "administrations": STRS,
        "competences": STRS,
        "publics": STRS,
        "niveau": {"enum": ["debutant", "intermediaire", "avance", None]},
        "territoires": STRS,
        "departements": {"type": "array", "items": code},
        "creee_le": DATE,
        "verifiee_le": OPT_DATE,
        "fraicheur": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
        "exemple": BOOL,
        "adresse": STR,
        "document": STR,
        "source": STR,
    }
    malfunction = {
        "id": STR,
        "titre": STR,
        "resume": STR,
        "service": STR,
        "url": OPT_STR,
        "statut": {"enum": ["actif", "contourne"]},
        "gravite": {"enum": ["bloquant", "genant", "mineur"]},
        "administrations": STRS,
        "departements": {"type": "array", "items": code},
        "constate_le": DATE,
        "derniere_confirmation": DATE,
        "nombre_confirmations": INT,
        "confirmations": {
            "type": "array",
            "items": {"$ref": ids("dysfonctionnement") + "#/properties/signalements/items"},
        },
        "signale_a": {
            "type": "array",
            "items": {"$ref": ids("dysfonctionnement") + "#/properties/signale_a/items"},
        },
        "exemple": BOOL,
        "adresse": STR,
        "document": STR,
    }
    content_ref = [
        {
            "if": {"properties": {"type": {"const": k}}},
            "then": {"properties": {"metadonnees": {"$ref": ids(k)}}},
        }
        for k in ("fiche", "anecdote", "dysfonctionnement")
    ]
    referentiel = {
        name: _obj({**head, "entrees": {"$ref": ids(name)}}, f"Référentiel des {name}")
        for name in ("administrations", "competences", "publics")
    }
    return {
        "index": _obj(
            {
                **head,
                "titre": STR,
                "description": STR,
                "licence": _obj({"nom": STR, "url": STR, "attribution": STR}),
                "site": STR,
                "documentation": STR,
                "compatibilite": STR,
                "fichiers": {
                    "type": "array",
                    "items": _obj(
                        {"chemin": STR, "adresse": STR, "description": STR, "schema": STR}
                    ),
                },
                "modeles": {
                    "type": "array",
                    "items": _obj(
                        {"modele": STR, "adresse": STR, "description": STR, "schema": STR}
                    ),
                },
                "schemas": {"type": "array", "items": STR},
                "exports": _obj({"markdown": STR, "archive": STR, "csv_dysfonctionnements": STR}),
                "flux": _obj(
                    {
                        "nouveautes": STR,
                        "themes": STR,
                        "dysfonctionnements": STR,
                        "administrations": STR,
                        "departements": STR,
                        "agenda": STR,
                    }
                ),
            },
            "Index de l'API du Carnet de terrain",
        ),
        "contenus": _obj(
            {**head, "nombre": INT, "contenus": {"type": "array", "items": _obj(summary)}},
            "Index des contenus",
        ),
        "contenu": _obj(
            {
                **head,
                **summary,
                "metadonnees": {"type": "object"},
                "corps_markdown": STR,
                "corps_html": STR,
            },
            "Un contenu complet",
            allOf=content_ref,
        ),
        "dysfonctionnements-actifs": _obj(
            {
                **head,
                "nombre": INT,
                "dysfonctionnements": {"type": "array", "items": _obj(malfunction)},
            },
            "Dysfonctionnements en cours",
        ),
        "themes": _obj(
            {
                **head,
                "themes": {
                    "type": "array",
                    "items": _obj(
                        {
                            "id": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
                            "titre": STR,
                            "resume": STR,
                            "animateurs": STRS,
                            "selection": STRS,
                            "rencontre": {"type": ["object", "null"]},
                            "exemple": BOOL,
                            "adresse": STR,
                            "corps_markdown": STR,
                            "corps_html": STR,
                        }
                    ),
                },
            },
            "Thèmes du mois",
        ),
        **{f"referentiel-{name}": schema for name, schema in referentiel.items()},
        "referentiel-departements": _obj(
            {
                **head,
                "source": STR,
                "entrees": {
                    "type": "array",
                    "items": _obj({"code": code, "nom": STR, "adresse": STR}),
                },
            },
            "Départements présents dans le carnet",
        ),
        "widget": _obj(
            {
                **head,
                "portee": _obj(
                    {
                        "type": {"enum": ["administration", "competence", "departement"]},
                        "id": STR,
                        "nom": STR,
                        "adresse": STR,
                    }
                ),
                "site": _obj({"nom": STR, "adresse": STR}),
                "nombre_dysfonctionnements": INT,
                "dysfonctionnements": {
                    "type": "array",
                    "items": _obj(
                        {
                            "id": STR,
                            "titre": STR,
                            "gravite": STR,
                            "statut": STR,
                            "nombre_confirmations": INT,
                            "exemple": BOOL,
                            "adresse": STR,
                        }
                    ),
                },
                "fiches": {
                    "type": "array",
                    "items": _obj(
                        {
                            "id": STR,
                            "titre": STR,
                            "resume": STR,
                            "niveau": OPT_STR,
                            "locale": BOOL,
                            "exemple": BOOL,
                            "adresse": STR,
                        }
                    ),
                },
            },
            "Données d'un widget",
        ),
    }


def _published(schema: dict, name: str, ids: Ids) -> dict:
    """A content schema with its id and references pointing to the published copies."""
    text = URN.sub(lambda m: ids(m.group(1)), json.dumps(schema, ensure_ascii=False))
    return {**json.loads(text), "$id": ids(name)}


def build_schemas(base: str) -> dict[str, dict]:
    """Every published schema by name (fiche, commun…, index, contenus…)."""
    ids = Ids(base)
    published = {
        name: _published(raw, name, ids)
        for name, raw in load_schemas().raw.items()
        if name in (*CONTENT_KINDS, "commun", "administrations", "competences", "publics")
    }
    for name, schema in api_schemas(ids).items():
        published[name] = {"$schema": DRAFT, "$id": ids(name), **schema}
    return published


def schema_files(base: str) -> dict[str, str]:
    """api/v1/schemas/<name>.schema.json → text."""
    return {
        f"api/v1/schemas/{name}.schema.json": json.dumps(schema, ensure_ascii=False, indent=1)
        + "\n"
        for name, schema in build_schemas(base).items()
    }


def schema_names() -> list[str]:
    return list(build_schemas(""))
