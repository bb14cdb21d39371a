"""`carnet nouveau`: a new content file, commented from the schemas' own descriptions."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from slugify import slugify

from carnet.model.content import KIND_FOLDER, Corpus, display_path
from carnet.model.schemas import Schemas

MONTH_RE = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")

# Per kind: the keys offered, in order, with their starting value. Empty values are left for the
# contributor: `carnet check` then says exactly what each one needs.
FIELDS: dict[str, list[tuple[str, object]]] = {
    "fiche": [
        ("titre", None),
        ("resume", ""),
        ("niveau", "debutant"),
        ("duree_minutes", 30),
        ("publics", []),
        ("competences", []),
        ("administrations", []),
        ("prerequis", []),
        ("mots_cles", []),
        ("auteurs", []),
        ("territoires", ["national"]),
        ("creee_le", "today"),
        ("verifiee_le", "today"),
        ("liens", []),
        ("voir_aussi", []),
    ],
    "anecdote": [
        ("titre", None),
        ("resume", ""),
        ("date", "month"),
        ("lieu", "autre"),
        ("enseignement", ""),
        ("anonymisee", False),
        ("administrations", []),
        ("competences", []),
        ("auteurs", []),
        ("creee_le", "today"),
        ("voir_aussi", []),
    ],
    "dysfonctionnement": [
        ("titre", None),
        ("resume", ""),
        ("administrations", []),
        ("service", ""),
        ("statut", "actif"),
        ("gravite", "genant"),
        ("constate_le", "today"),
        ("signalements", []),
        ("signale_a", []),
        ("auteurs", []),
        ("territoires", ["national"]),
        ("creee_le", "today"),
        ("verifiee_le", "today"),
        ("voir_aussi", []),
    ],
    "theme": [("titre", ""), ("resume", ""), ("animateurs", []), ("selection", [])],
}
BODIES = {
    "fiche": "## Situation\n\n<!-- Qui vient, avec quel besoin, et pourquoi c'est délicat. "
    "-->\n\n## Étapes\n\n<!-- Une liste numérotée d'étapes durables (pas de couleur de bouton ni "
    "de menu exact). -->\n\n1. \n2. \n\n## Points de vigilance\n\n<!-- Sécurité, déontologie, "
    "pièges. Jamais de mot de passe ni de donnée personnelle. -->\n\n- \n",
    "anecdote": "<!-- Le récit, anonymisé : ni nom, ni lieu plus précis que le département, ni "
    "détail qui permette de reconnaître quelqu'un. -->\n\n## Ce que j'en retiens\n\n",
    "dysfonctionnement": "## Symptômes\n\n<!-- Ce que l'on voit, quand, sur quel appareil. Des "
    "faits constatés. -->\n\n## Contournement\n\n<!-- Ce qui permet d'avancer en attendant "
    "(obligatoire si statut: contourne). -->\n",
    "theme": "<!-- L'éditorial des animateurs : pourquoi ce thème ce mois-ci, ce que l'on y "
    "trouve. -->\n",
}


@dataclass(frozen=True)
class NewFile:
    """A file to create: where, and its text."""

    path: Path
    text: str


class ScaffoldError(Exception):
    """Why the file cannot be created (French), with a hint."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


APOSTROPHES = re.compile("[\u2018\u2019\u02bc\u02bb\u2032\u00b4`]")


def new_id(kind: str, title: str) -> str:
    """The file name: the title's slug (accents folded), or the month for a theme."""
    if kind == "theme":
        if not MONTH_RE.match(title):
            raise ScaffoldError(
                f"« {title} » n'est pas un mois",
                "écrivez le mois au format AAAA-MM, par exemple 2026-12",
            )
        return title
    # A typographic apostrophe (what phones and word processors type) separates words like « ' »
    # does: « l’appli » gives l-appli, as « l'appli » and the web form's file name, not lappli.
    ident = slugify(APOSTROPHES.sub("'", title), max_length=80, word_boundary=True)
    if not ident:
        raise ScaffoldError(
            f"le titre « {title} » ne donne aucun nom de fichier",
            "écrivez un titre avec des lettres",
        )
    return ident


def plan_new(
    kind: str, title: str, corpus: Corpus, schemas: Schemas, today: date, candidates: str = ""
) -> NewFile:
    """The file `carnet nouveau` would write; refuses any name already taken."""
    ident = new_id(kind, title)
    path = corpus.root / KIND_FOLDER[kind] / f"{ident}.md"
    if path.exists():
        raise ScaffoldError(
            f"{display_path(path, corpus.root)} existe déjà : rien n'a été écrit",
            "ouvrez ce fichier pour le compléter (un mois n'a qu'un thème)"
            if kind == "theme"
            else "ouvrez ce fichier pour le compléter, ou choisissez un autre titre",
        )
    taken = corpus.by_id.get(ident)
    if taken is not None:
        free = next(f"{ident}-{n}" for n in range(2, 1000) if f"{ident}-{n}" not in corpus.by_id)
        raise ScaffoldError(
            f"l'identifiant « {ident} » est déjà pris par {taken.rel}",
            f"choisissez un autre titre (par exemple un titre qui donne « {free} »)",
        )
    return NewFile(
        path, render_new(kind, ident if kind == "theme" else title, schemas, today, candidates)
    )


def render_new(kind: str, title: str, schemas: Schemas, today: date, candidates: str = "") -> str:
    """The front matter with one comment per key (the schema's description), then the body's
    sections.
    """
    properties = schemas.properties(kind)
    required = set(schemas.required(kind))
    lines = ["---"]
    for key, start in FIELDS[kind]:
        value = (
            title
            if start is None
            else today.isoformat()
            if start == "today"
            else today.strftime("%Y-%m")
            if start == "month"
            else start
        )
        note = ("obligatoire. " if key in required else "") + properties[key].get("description", "")
        if key == "selection" and candidates:  # a block list, its items left commented out
            lines += [f"{key}:  # {note}", candidates.rstrip()]
            continue
        lines.append(f"{key}: {_yaml(value)}  # {note}")
    if kind == "theme":
        lines += meeting_lines(properties["rencontre"], proposed_meeting(title or "", today))
    return "\n".join(lines + ["---", "", BODIES[kind]])


def proposed_meeting(month: str, today: date) -> date:
    """A meeting day inside the theme's month: its third Thursday, or the next Thursday of the month
    if that one is past.
    """
    if not MONTH_RE.match(month):
        return today
    first = date(int(month[:4]), int(month[5:7]), 1)
    third = first + timedelta(days=(3 - first.weekday()) % 7 + 14)
    if third > today:
        return third
    following = today + timedelta(days=(3 - today.weekday()) % 7 or 7)
    return following if following.month == first.month else third


def meeting_lines(schema: dict, day: date) -> list[str]:
    """The `rencontre` block, commented out, each key explained by its schema description."""
    keys = schema.get("properties", {})
    values = [
        ("date", day.isoformat()),
        ("heure", '"14:00"'),
        ("duree_minutes", "90"),
        ("lieu", '"En visio"'),
        ("visio_url", '"https://"'),
        ("inscription_url", '"https://"'),
    ]
    lines = [
        "# rencontre:  # "
        + schema["description"]
        + " Retirez les « # » des lignes que vous gardez."
    ]
    lines += [
        f"#   {key}: {value}  # {keys.get(key, {}).get('description', '')}".rstrip(" #")
        for key, value in values
    ]
    return lines


def _yaml(value: object) -> str:
    """A value as YAML flow text: JSON is valid YAML, and quotes every string."""
    return json.dumps(value, ensure_ascii=False)


def carnet_command() -> str:
    """`carnet` as the person can type it from here: on the PATH, the project's .venv, or this
    Python.
    """
    running = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    on_path = shutil.which("carnet")
    if running and running.name == "carnet" and on_path and Path(on_path).resolve() == running:
        return "carnet"
    if Path(".venv/bin/carnet").is_file():
        return ".venv/bin/carnet"
    if running and running.name == "carnet" and running.is_file():
        return (
            display_path(running, Path.cwd())
            if running.is_relative_to(Path.cwd())
            else str(running)
        )
    return f"{shlex.quote(sys.executable)} -m carnet"


def next_step(kind: str, path: str) -> str:
    """What to do after `carnet nouveau`, with commands that work as printed from here."""
    make = Path("Makefile").is_file()
    check = (
        f"  make check FICHIER={shlex.quote(path)}\n"
        if make
        else f"  {carnet_command()} check {shlex.quote(path)}\n"
    )
    serve = (
        "et regardez le résultat avec « make serve »."
        if make
        else f"et regardez le résultat avec « {carnet_command()} serve »."
    )
    lists = (
        " et les listes « 1. », « - » du texte"
        if kind in BODIES and "\n- \n" in BODIES[kind]
        else ""
    )
    return (
        f"Créé : {path}\nÉtape suivante : complétez les valeurs vides (chaque clé est expliquée en "
        f"commentaire){lists}, puis vérifiez avec\n{check}{serve}"
    )
