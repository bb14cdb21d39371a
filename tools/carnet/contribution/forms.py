"""The contribution forms, derived once from the schemas and référentiels.

The same field list drives the web form (as JSON for the browser), the GitHub issue forms
(`carnet formulaires`) and the import of what comes back (`carnet importer`): a field's `id` is the
front-matter key it fills, or the body section it becomes.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date

from carnet.model.content import Corpus
from carnet.model.normalise import Reading, read_date, read_duration, read_items, read_links, unmark
from carnet.model.schemas import Schemas

KINDS = ("fiche", "anecdote", "dysfonctionnement")
FORM_TITLES = {
    "fiche": "Proposer une fiche pratique",
    "anecdote": "Raconter une anecdote de terrain",
    "dysfonctionnement": "Signaler un dysfonctionnement",
    "confirmation": "Je l'ai vu aussi",
    "signalement": "Signaler une erreur ou une information périmée",
}
REASONS = (
    ("perime", "L'information est périmée"),
    ("erreur", "Il y a une erreur"),
    ("doublon", "C'est un doublon d'un autre contenu"),
    ("inapproprie", "Le contenu est inapproprié"),
)


@dataclass(frozen=True)
class Field:
    """One question of a form."""

    id: str
    label: str
    help: str
    kind: (
        str  # text | textarea | date | month | number | choice | choices | lines | consent | links
    )
    required: bool = False
    options: tuple[tuple[str, str], ...] = ()
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    section: str | None = None  # body fields: the « ## » heading they become (empty: no heading)
    placeholder: str = ""
    # Lists: bounds of each item (a link's title for links), how many, and what else may cut items.
    item_min: int | None = None
    item_max: int | None = None
    max_items: int | None = None
    unique: bool = False
    separators: str = ""


@dataclass(frozen=True)
class Form:
    """A form: its kind, title and questions, in order."""

    kind: str
    title: str
    fields: tuple[Field, ...] = field(default_factory=tuple)


# Per kind: (key, form kind, required?) in the order of the generated file. Labels and help come
# from the schema; body sections are declared here since the schema describes front matter only.
LAYOUT: dict[str, list[tuple[str, str, bool]]] = {
    "fiche": [
        ("titre", "text", True),
        ("resume", "textarea", True),
        ("niveau", "choice", True),
        ("duree_minutes", "number", False),
        ("publics", "choices", False),
        ("competences", "choices", True),
        ("administrations", "choices", False),
        ("prerequis", "lines", False),
        ("mots_cles", "lines", False),
        ("liens", "links", False),
        ("auteurs", "lines", True),
    ],
    "anecdote": [
        ("titre", "text", True),
        ("resume", "textarea", True),
        ("date", "month", True),
        ("lieu", "choice", False),
        ("enseignement", "textarea", True),
        ("administrations", "choices", False),
        ("competences", "choices", False),
        ("mots_cles", "lines", False),
        ("auteurs", "lines", True),
        ("anonymisee", "consent", True),
    ],
    "dysfonctionnement": [
        ("titre", "text", True),
        ("resume", "textarea", True),
        ("administrations", "choices", True),
        ("service", "text", True),
        ("url", "text", False),
        ("statut", "choice", True),
        ("gravite", "choice", True),
        ("constate_le", "date", True),
        ("auteurs", "lines", True),
    ],
}
SECTIONS: dict[str, list[tuple[str, str, str, bool]]] = {
    "fiche": [
        ("situation", "Situation", "Qui vient, avec quel besoin, et pourquoi c'est délicat.", True),
        (
            "etapes",
            "Étapes",
            "Une étape par ligne : elles deviendront une liste numérotée. Des étapes qui durent : "
            "pas de couleur de bouton ni de chemin de menu exact.",
            True,
        ),
        (
            "points_de_vigilance",
            "Points de vigilance",
            "Un point par ligne : sécurité, déontologie, pièges.",
            True,
        ),
    ],
    "anecdote": [
        (
            "recit",
            "",
            "Le récit, anonymisé : ni nom, ni lieu plus précis que le département, ni détail qui "
            "permette de reconnaître quelqu'un.",
            True,
        )
    ],
    "dysfonctionnement": [
        (
            "symptomes",
            "Symptômes",
            "Ce que l'on voit, quand, sur quel appareil : des faits constatés.",
            True,
        ),
        (
            "contournement",
            "Contournement",
            "Ce qui permet d'avancer en attendant (obligatoire si le statut est « Contourné »).",
            False,
        ),
    ],
}
# List fields: an example, shown as the box's placeholder (web form and issue forms). Keywords
# cannot hold a comma or a semicolon: typed on one line with them, they are cut there.
EXAMPLES = {
    "mots_cles": "carte grise\nmdp\nimpôts",
    "prerequis": "Une adresse e-mail\nUn téléphone qui reçoit les SMS",
    "auteurs": "Anonyme",
    "liens": "Déclarer ses revenus | https://www.impots.gouv.fr/particulier",
    "etapes": "Ouvrir le site officiel avec la personne\nLa laisser se connecter elle-même",
    "points_de_vigilance": "Ne jamais noter le mot de passe à sa place",
}
SEPARATORS = {"mots_cles": ",;"}
# What people read for the schema's fixed values (the value itself is what the file holds).
ENUM_LABELS = {
    "niveau": {"debutant": "Débutant", "intermediaire": "Intermédiaire", "avance": "Avancé"},
    "statut": {
        "actif": "Actif : le problème est là",
        "contourne": "Contourné : on peut avancer autrement",
        "resolu": "Résolu",
    },
    "gravite": {
        "bloquant": "Bloquant : la démarche est impossible",
        "genant": "Gênant",
        "mineur": "Mineur",
    },
    "lieu": {
        "mediatheque": "Médiathèque",
        "france-services": "France Services",
        "mairie": "Mairie",
        "ccas": "CCAS",
        "association": "Association",
        "domicile": "À domicile",
        "itinerance": "En itinérance",
        "autre": "Autre lieu",
    },
}
# Help for fixed values says what the choice is about, then lists the choices as people see them.
ENUM_HELP = {
    "niveau": "Le niveau de la personne accompagnée",
    "statut": "Où en est le problème",
    "gravite": "Ce que le problème empêche",
    "lieu": "Le type de lieu",
}
LIST_HELP = {
    "lines": " Un par ligne.",
    "links": " Un lien par ligne : « Titre | https://… », ou l'adresse seule.",
    "number": " En minutes (45) ou en heures (1 h 30).",
}
LIST_SECTIONS = {"etapes": "numbered", "points_de_vigilance": "bullets"}
AUTO_DATES = {
    "fiche": ("creee_le", "verifiee_le"),
    "anecdote": ("creee_le",),
    "dysfonctionnement": ("creee_le", "verifiee_le"),
}


def _options(key: str, prop: dict, corpus: Corpus) -> tuple[tuple[str, str], ...]:
    if key in ("administrations", "competences", "publics"):
        referentiel = corpus.referentiels[key]
        return tuple(
            (
                ident,
                referentiel.short_label(ident)
                if key == "administrations"
                else referentiel.label(ident),
            )
            for ident in referentiel.entries
        )
    labels = ENUM_LABELS.get(key, {})
    return tuple((str(v), labels.get(str(v), str(v))) for v in prop.get("enum", []))


def _resolved(prop: dict, schemas: Schemas) -> dict:
    ref = prop.get("$ref", "")
    if ref.startswith("urn:carnet:commun#/$defs/"):
        prop = {**schemas.raw["commun"]["$defs"][ref.rsplit("/", 1)[1]], **prop}
    return prop


def _bounds(prop: dict, schemas: Schemas) -> dict:
    prop = _resolved(prop, schemas)
    return {
        "min_length": prop.get("minLength"),
        "max_length": prop.get("maxLength"),
        "pattern": prop.get("pattern"),
        "minimum": prop.get("minimum"),
        "maximum": prop.get("maximum"),
    }


def _list_bounds(key: str, prop: dict, schemas: Schemas) -> dict:
    """Each item's bounds (a link's title and address for links), how many items, what else
    separates them.
    """
    items = prop.get("items", {})
    if "properties" in items:  # links: the title's bounds, the address's pattern
        url = _resolved(items["properties"]["url"], schemas)
        items = {**items["properties"]["titre"], "pattern": url.get("pattern")}
    return {
        "item_min": items.get("minLength"),
        "item_max": items.get("maxLength"),
        "max_items": prop.get("maxItems"),
        "unique": bool(prop.get("uniqueItems")),
        "pattern": items.get("pattern"),
        "separators": SEPARATORS.get(key, ""),
    }


def choices_text(labels: list[str]) -> str:
    """« Débutant », « Intermédiaire » ou « Avancé »: the visible labels, up to their
    explanation."""
    shown = [f"«\u00a0{label.split(' : ')[0]}\u00a0»" for label in labels]
    return ", ".join(shown[:-1]) + f" ou {shown[-1]}" if len(shown) > 1 else "".join(shown)


def _help(key: str, form_kind: str, prop: dict, options: tuple[tuple[str, str], ...]) -> str:
    if key in ENUM_HELP:
        return f"{ENUM_HELP[key]} : {choices_text([label for _, label in options])}."
    extra = (
        " Un par ligne, ou séparés par des virgules."
        if key in SEPARATORS
        else LIST_HELP.get(form_kind, "")
    )
    # People choose labels, never ids: the schema's « (identifiants du référentiel …) » is for
    # files.
    return (
        re.sub(r" \(identifiants du référentiel [^)]*\)", "", prop.get("description", "")) + extra
    )


def build_form(kind: str, corpus: Corpus, schemas: Schemas) -> Form:
    """A content form: front-matter questions from the schema, then the body's sections."""
    props = schemas.properties(kind)
    fields = []
    for key, form_kind, required in LAYOUT[kind]:
        prop = props[key]
        bounds = (
            _bounds(prop, schemas)
            if form_kind in ("text", "textarea", "number")
            else _list_bounds(key, prop, schemas)
            if form_kind in ("lines", "links")
            else {}
        )
        options = _options(key, prop, corpus)
        fields.append(
            Field(
                key,
                prop.get("title", key),
                _help(key, form_kind, prop, options),
                form_kind,
                required,
                options,
                placeholder=EXAMPLES.get(key, ""),
                **bounds,
            )
        )
    for ident, heading, help_text, required in SECTIONS[kind]:
        fields.append(
            Field(
                ident,
                heading or "Le récit",
                help_text,
                "textarea",
                required,
                section=heading,
                placeholder=EXAMPLES.get(ident, ""),
            )
        )
    return Form(kind, FORM_TITLES[kind], tuple(fields))


def build_confirmation_form(corpus: Corpus) -> Form:
    """« Je l'ai vu aussi » on a known malfunction."""
    malfunctions = tuple(
        (d.id, str(d.get("titre", d.id))) for d in corpus.of_kind("dysfonctionnement")
    )
    return Form(
        "confirmation",
        FORM_TITLES["confirmation"],
        (
            Field(
                "dysfonctionnement",
                "Dysfonctionnement",
                "Celui que vous avez vu à votre tour.",
                "choice",
                True,
                malfunctions,
            ),
            Field("date", "Date", "Quand vous l'avez vu, au format AAAA-MM-JJ.", "date", True),
            Field(
                "territoire",
                "Territoire",
                "Votre département (63, 2A, 971…) ou « national ».",
                "text",
                False,
                pattern="^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6]|national)$",
            ),
            Field(
                "commentaire",
                "Commentaire",
                "Ce que vous avez vu, en 300 caractères au plus. Aucune donnée personnelle.",
                "textarea",
                False,
                max_length=300,
            ),
        ),
    )


def build_report_form(corpus: Corpus) -> Form:
    """« Signaler une erreur ou une information périmée » on any sheet or malfunction."""
    return Form(
        "signalement",
        FORM_TITLES["signalement"],
        (
            Field(
                "contenu",
                "Contenu concerné",
                "L'adresse de la page, copiée depuis le navigateur, ou l'identifiant du contenu "
                "(la fin de cette adresse).",
                "text",
                True,
            ),
            Field("raison", "Raison", "Ce qui ne va pas.", "choice", True, REASONS),
            Field(
                "details",
                "Précisions",
                "Ce qui est faux ou périmé, et la source officielle qui le montre. Aucune donnée "
                "personnelle.",
                "textarea",
                True,
                max_length=2000,
            ),
        ),
    )


def all_forms(corpus: Corpus, schemas: Schemas) -> list[Form]:
    """Every contribution form, in the order the site shows them."""
    return [build_form(k, corpus, schemas) for k in KINDS] + [
        build_confirmation_form(corpus),
        build_report_form(corpus),
    ]


def forms_json(forms: list[Form], extra: dict) -> str:
    """The forms for the browser, with what its checks need (patterns, allowed e-mail domains…)."""
    return json.dumps({"formulaires": [asdict(f) for f in forms], **extra}, ensure_ascii=False)


# --- From answers to a content file (used by `carnet importer` and mirrored in the browser) ---


def read_answer(f: Field, value: object) -> Reading:
    """A form answer as the front-matter value the schema expects, with what was normalised on the
    way.
    """
    if f.kind == "choices":
        return read_items(value)
    if f.kind == "lines":
        return read_items(value, f.separators)
    if f.kind == "links":
        return read_links(value)
    if f.kind == "number":
        return read_duration(value)
    if f.kind in ("date", "month"):
        return read_date(value, month=f.kind == "month")
    if f.kind == "consent":
        return Reading(bool(value) and str(value).lower() not in ("false", "non", "0", ""))
    return Reading(str(value).strip())


def front_matter_value(f: Field, value: object) -> object:
    """A form answer as the front-matter value the schema expects."""
    return read_answer(f, value).value


def _section_text(f: Field, value: str) -> str:
    style = LIST_SECTIONS.get(f.id)
    lines = [unmark(line) for line in str(value).splitlines() if unmark(line)]
    if style == "numbered":
        return "\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1))
    if style == "bullets":
        return "\n".join(f"- {line}" for line in lines)
    return str(value).strip()


def render_content(form: Form, answers: dict[str, object], today: date) -> str:
    """The content file for a form's answers: front matter (JSON values are valid YAML), then the
    body.
    """
    lines = ["---"]
    for f in form.fields:
        if f.section is not None:
            continue
        value = front_matter_value(f, answers.get(f.id, ""))
        if value in ("", [], None) and not f.required:
            continue
        lines.append(f"{f.id}: {json.dumps(value, ensure_ascii=False)}")
    for key in AUTO_DATES[form.kind]:
        lines.append(f'{key}: "{today.isoformat()}"')
    lines.append("---")
    body = []
    for f in form.fields:
        text = str(answers.get(f.id, "") or "").strip()
        if f.section is None or not text:
            continue
        body += ([f"## {f.section}", ""] if f.section else []) + [_section_text(f, text), ""]
    return "\n".join(lines) + "\n\n" + "\n".join(body)
