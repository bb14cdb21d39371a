"""Loading schemas/*.json once, validating against them, and saying their errors in French."""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

# jsonschema_rs (a required dependency) gives the yes/no answer ten times faster; jsonschema then
# explains the errors of the few documents that fail.
import jsonschema_rs
from jsonschema import Draft202012Validator, ValidationError
from referencing import Registry, Resource

from carnet.findings import Finding, error
from carnet.text import counted, fold

BASE = "urn:carnet:"
REFERENTIEL_KINDS = ("administrations", "competences", "publics", "synonymes")
OPTIONAL_REFERENTIELS = ("synonymes",)
TYPE_NAMES = {
    "string": "un texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "array": "une liste",
    "object": "un ensemble de clés",
    "boolean": "true ou false",
    "null": "vide",
}
TYPE_HINTS = {
    "array": "écrivez une liste : [a, b] sur la même ligne, ou une ligne « - a » par élément",
    "boolean": "écrivez true ou false",
    "integer": "écrivez un nombre sans unité (45, pas « 45 min »)",
    "string": "mettez la valeur entre guillemets",
}


def default_dir() -> Path:
    """The schemas shipped in the package (overridable with CARNET_SCHEMAS).

    In a checkout, carnet/schemas is a link to the repository's schemas/; an installed wheel holds
    copies of the same files, so the tool works the same from both.
    """
    if os.environ.get("CARNET_SCHEMAS"):
        return Path(os.environ["CARNET_SCHEMAS"])
    return Path(str(resources.files("carnet").joinpath("schemas")))


@dataclass(frozen=True)
class Schemas:
    """Every schema by name, with its compiled validator."""

    raw: dict[str, dict]
    validators: dict[str, Draft202012Validator]
    fast: dict[str, Any]

    def properties(self, name: str) -> dict[str, dict]:
        """Top-level properties of a schema, merging those it inherits through allOf."""
        return _merged_properties(self.raw[name], self.raw)

    def required(self, name: str) -> list[str]:
        return list(self.raw[name].get("required", []))

    def describe(self, name: str, key: str) -> str:
        prop = self.properties(name).get(key, {})
        return prop.get("description", "")


@lru_cache(maxsize=4)
def load_schemas(directory: Path | None = None) -> Schemas:
    """Read and compile every schema of the folder, once per process."""
    folder = directory or default_dir()
    raw = {
        p.name.removesuffix(".schema.json"): json.loads(p.read_text("utf-8"))
        for p in sorted(folder.glob("*.schema.json"))
    }
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in raw.values()
    )
    validators = {
        name: Draft202012Validator(
            schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for name, schema in raw.items()
    }
    return Schemas(raw, validators, _fast_validators(raw))


def _fast_validators(raw: dict[str, dict]) -> dict[str, Any]:
    registry = jsonschema_rs.Registry([(s["$id"], s) for s in raw.values()])
    return {
        name: jsonschema_rs.validator_for(schema, registry=registry, validate_formats=True)
        for name, schema in raw.items()
    }


def _merged_properties(schema: dict, raw: dict[str, dict]) -> dict[str, dict]:
    merged: dict[str, dict] = {}
    for part in schema.get("allOf", []):
        ref = part.get("$ref", "")
        if ref.startswith(BASE) and "#" not in ref:
            merged.update(_merged_properties(raw[ref.removeprefix(BASE)], raw))
    for key, prop in schema.get("properties", {}).items():
        merged[key] = {**merged.get(key, {}), **prop}
    return merged


def suggest(word: str, choices: Any) -> str | None:
    """The closest choice to a mistyped word, if one is close enough."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


Locate = Callable[[tuple], tuple[int, int]]  # a JSON path → (line, column) in the file
# jsonschema yields an error per item: past this many, the rest would only take time to read.
MAX_SCHEMA_ERRORS = 50


def iter_problems(
    schemas: Schemas, name: str, instance: Any, path: str, locate: Locate
) -> Iterator[Finding]:
    """Validate and yield French errors at the line of the key concerned, deepest first within each
    key; `locate` finds the line and column of a JSON path in the file read."""
    fast = schemas.fast.get(name)
    if fast is not None and fast.is_valid(instance):
        return
    validator = schemas.validators[name]
    for count, err in enumerate(validator.iter_errors(instance)):
        if count == MAX_SCHEMA_ERRORS:  # a list of 60,000 wrong items is one problem, said once
            yield error(
                path,
                1,
                "erreurs-nombreuses",
                f"plus de {MAX_SCHEMA_ERRORS} erreurs dans l'en-tête : seules les premières sont "
                f"affichées",
                "corrigez celles-ci, puis relancez la vérification",
            )
            return
        for where, code, message, hint in _translate(err, schemas, name):
            line, col = locate(where)
            yield error(path, line, code, message, hint, col)


# Keys other tools write in front matter (Obsidian, Hugo, Jekyll, Typora): the carnet's own key
# when there is one, "" when the key has no use here.
FOREIGN_KEYS = {
    "title": "titre",
    "tags": "mots_cles",
    "keywords": "mots_cles",
    "description": "resume",
    "summary": "resume",
    "author": "auteurs",
    "authors": "auteurs",
    "date": "creee_le",
    "created": "creee_le",
    "lastmod": "verifiee_le",
    "updated": "verifiee_le",
    "modified": "verifiee_le",
    "aliases": "",
    "cssclasses": "",
    "draft": "",
    "layout": "",
    "permalink": "",
    "slug": "",
    "weight": "",
    "categories": "",
}
DATE_SHAPE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
FRENCH_DAY = re.compile(r"^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$")
DATE_AND_TIME = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]")


def limit_is_date(err: ValidationError) -> bool:
    """An error on the shared « date » definition (AAAA-MM-JJ, a real day)."""
    return isinstance(err.schema, dict) and err.schema.get("format") == "date"


def _date_hint(value: str) -> str:
    """The date as it should be written, when what was written says which day it is."""
    if match := DATE_AND_TIME.match(value):
        return f"écrivez la date seule, sans l'heure : {match.group(1)}"
    if match := FRENCH_DAY.match(value):
        day, month, year = match.groups()
        return (
            f"écrivez l'année, puis le mois, puis le jour : {year}-{int(month):02d}-{int(day):02d}"
        )
    return "une date au format AAAA-MM-JJ (2026-11-23)"


# One translated schema error: where (JSON path), code, message, hint.
Translated = tuple[tuple, str, str, str]


def _translate(err: ValidationError, schemas: Schemas, name: str) -> Iterator[Translated]:
    where = tuple(err.absolute_path)
    key = next((part for part in reversed(where) if isinstance(part, str)), None)
    label = f"« {key} »" if key else "la valeur"
    kind = err.validator
    if kind in ("additionalProperties", "unevaluatedProperties"):
        allowed = _allowed_here(err, schemas, name, where)
        for extra in sorted(set(err.instance) - set(allowed)):
            meant = FOREIGN_KEYS.get(extra.casefold())
            close = meant if meant in allowed else None if meant == "" else suggest(extra, allowed)
            if close:
                hint = f"vouliez-vous dire « {close} » ?"
            elif meant == "":
                hint = "clé d'un autre outil (Obsidian, Hugo, Jekyll) sans usage ici : supprimez-la"
            else:
                hint = "clés possibles : " + ", ".join(sorted(allowed))
            yield where + (extra,), "cle-inconnue", f"clé « {extra} » inconnue", hint
        return
    if kind == "format" and limit_is_date(err) and not DATE_SHAPE.match(str(err.instance)):
        return  # not even shaped like a date: the pattern's error says how to write it
    if kind == "pattern" and limit_is_date(err):
        value = str(err.instance)
        yield (
            where,
            "schema-format",
            f"{label} : « {_show(value)} » n'est pas une date au format AAAA-MM-JJ",
            _date_hint(value),
        )
        return
    if kind == "required":
        missing = err.message.split("'")[1]
        desc = schemas.describe(name, missing) if not where else ""
        yield where, "cle-obligatoire", f"clé obligatoire « {missing} » absente", desc
        return
    if (
        kind in ("minLength", "maxLength")
        and where
        and isinstance(where[-1], int)
        and isinstance(err.instance, str)
    ):
        yield (where, "schema-longueur", *_describe_item(err, label))
        return
    yield (where, f"schema-{_CODES.get(kind, kind)}", *_describe(kind, err, label))


def _describe_item(err: ValidationError, label: str) -> tuple[str, str]:
    """A list item too short or too long: which one, and what each item may be."""
    value, limit = err.instance, err.validator_value
    word, bound = (
        ("trop court", "minimum") if err.validator == "minLength" else ("trop long", "maximum")
    )
    low, high = err.schema.get("minLength"), err.schema.get("maxLength")
    each = (
        f"de {low} à {high} caractères"
        if low and high
        else f"{high} caractères au plus"
        if high
        else f"{low} caractères au moins"
    )
    hint = f"chaque élément de la liste fait {each}"
    if "," in value or ";" in value:
        hint += (
            ' : séparez ces éléments (une ligne chacun dans le formulaire, ["a", "b"] dans '
            "le fichier)"
        )
    count = counted(len(value), "caractère")
    return f"{label} : l'élément « {_show(value)} » est {word} ({count}, {bound} {limit})", hint


_CODES = {
    "minLength": "longueur",
    "maxLength": "longueur",
    "minItems": "nombre",
    "maxItems": "nombre",
    "minimum": "borne",
    "maximum": "borne",
    "uniqueItems": "doublon",
    "pattern": "format",
    "format": "format",
    "const": "valeur",
    "enum": "valeur",
    "type": "type",
}


def _describe(kind: str, err: ValidationError, label: str) -> tuple[str, str]:
    value, limit = err.instance, err.validator_value
    desc = err.schema.get("description", "")
    if kind == "type":
        expected = (
            TYPE_NAMES.get(limit, limit)
            if isinstance(limit, str)
            else " ou ".join(TYPE_NAMES[t] for t in limit)
        )
        return f"{label} doit être {expected}, pas « {_show(value)} »", TYPE_HINTS.get(limit, desc)
    if kind in ("minLength", "maxLength"):
        word = "trop court" if kind == "minLength" else "trop long"
        bound = "minimum" if kind == "minLength" else "maximum"
        return f"{label} {word} ({len(value)} caractères, {bound} {limit})", desc
    if kind in ("minItems", "maxItems"):
        bound = "au moins" if kind == "minItems" else "au plus"
        return f"{label} : {len(value)} élément(s), il en faut {bound} {limit}", desc
    if kind in ("minimum", "maximum"):
        bound = "au moins" if kind == "minimum" else "au plus"
        return f"{label} vaut {value}, il faut {bound} {limit}", desc
    if kind == "enum":
        # « Débutant » or « Intermédiaire » as typed by people
        folded = {fold(str(v), "-"): str(v) for v in limit}
        close = folded.get(fold(str(value), "-")) or suggest(str(value), [str(v) for v in limit])
        hint = (
            f"vouliez-vous dire « {close} » ?"
            if close
            else "valeurs possibles : " + ", ".join(map(str, limit))
        )
        return f"{label} : valeur « {_show(value)} » inconnue", hint
    if kind == "const":
        return f"{label} doit valoir « {_show(limit)} »", desc
    if kind == "uniqueItems":
        return f"{label} contient deux fois la même valeur", "retirez le doublon"
    if kind == "format" and limit == "date":
        return (
            f"{label} : date « {value} » impossible",
            "une date réelle au format AAAA-MM-JJ (2026-11-23)",
        )
    return f"{label} : valeur « {_show(value)} » invalide", desc


def _allowed_here(err: ValidationError, schemas: Schemas, name: str, where: tuple) -> list[str]:
    if not where:
        return list(schemas.properties(name))
    return list(err.schema.get("properties", {}))


def _show(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "vide"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"
