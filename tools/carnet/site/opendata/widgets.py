"""Widgets for partner sites: per administration, competence or département, the active malfunctions
and the most useful sheets, as JSON (`api/v1/widgets/<portee>/<id>.json`) and as a script-loaded
data file beside it (`.js`), so that a partner page on any host reads it without CORS.

The `.js` file holds no global: it hands the JSON to the <script> element that loaded it
(`document.currentScript`, event `carnet-donnees`), which `widgets/carnet-widget.js` listens to.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from carnet.dates import freshness, parse_date
from carnet.model.content import Corpus, Document
from carnet.model.relations import Relations, sort_key
from carnet.model.territories import (
    concerns,
    departement_label,
    departements_in,
    is_national,
    local_first,
)
from carnet.site.opendata.api import ROOT, Api
from carnet.site.pages.common import hub_src, src_of
from carnet.site.pages.hubs import active_malfunctions

MOST = 5
SCRIPT = Path(__file__).with_name("carnet-widget.js")
GENERATOR = Path(__file__).with_name("generateur.js")
WIDGET_JS = "widgets/carnet-widget.js"
GENERATOR_JS = "widgets/generateur.js"
KINDS = {
    "administration": "administrations",
    "competence": "competences",
    "departement": "territoires",
}
KIND_TITLES = {
    "administration": "Administrations",
    "competence": "Compétences",
    "departement": "Départements",
}


@dataclass(frozen=True)
class Scope:
    """What a widget shows: one administration, competence or département."""

    kind: str
    ident: str
    name: str
    hub: str  # the page's source path (administrations/caf.md, territoires/63.md…)
    selects: Callable[[Document], bool]

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.ident}"


def naming(key: str, ident: str) -> Callable[[Document], bool]:
    """Whether a document names `ident` under `key` (administrations, competences, publics)."""
    return lambda doc: ident in (doc.get(key) or [])


def concerning(code: str) -> Callable[[Document], bool]:
    """Whether a document concerns the département `code`."""
    return lambda doc: concerns(doc, code)


def scopes(corpus: Corpus, codes: list[str] | None = None) -> list[Scope]:
    """Every scope a partner can choose, in the référentiels' order, then départements in INSEE
    order.

    `codes`: the départements with a hub (those the content speaks of, and a territorial edition's
    own, which has a hub and links to its widget even before any content concerns it).
    """
    found: list[Scope] = []
    for kind, key in (("administration", "administrations"), ("competence", "competences")):
        referentiel = corpus.referentiels[key]
        for ident in referentiel.entries:
            found.append(
                Scope(
                    kind,
                    ident,
                    referentiel.short_label(ident),
                    hub_src(key, ident),
                    naming(key, ident),
                )
            )
    for code in departements_in(corpus) if codes is None else codes:
        found.append(
            Scope(
                "departement",
                code,
                departement_label(code),
                f"territoires/{code}.md",
                concerning(code),
            )
        )
    return found


def usefulness(doc: Document, rel: Relations, today: date) -> float:
    """How useful a sheet is to the network: pointed to by others, chosen for themes, verified
    lately.
    """
    verified = parse_date(doc.get("verifiee_le"))
    fresh = freshness(verified, today) if verified else 0.0
    return len(rel.pointed_by.get(doc.id, [])) + 2 * len(rel.themes_of.get(doc.id, [])) + fresh


def useful_sheets(scope: Scope, rel: Relations, today: date, most: int = MOST) -> list[Document]:
    """The most useful sheets of a scope; for a département, its own first, then national ones."""
    fiches = rel.docs["fiche"]
    chosen = [
        d for d in fiches if scope.selects(d) or (scope.kind == "departement" and is_national(d))
    ]
    ranked = sorted(chosen, key=lambda d: (-usefulness(d, rel, today), sort_key(d)))
    return (local_first(ranked, scope.ident) if scope.kind == "departement" else ranked)[:most]


def widget_data(scope: Scope, corpus: Corpus, rel: Relations, api: Api, site_name: str) -> dict:
    live = active_malfunctions([d for d in rel.docs["dysfonctionnement"] if scope.selects(d)])
    return {
        **api.head("widget"),
        "portee": {
            "type": scope.kind,
            "id": scope.ident,
            "nom": scope.name,
            "adresse": api.page(scope.hub),
        },
        "site": {"nom": site_name, "adresse": api.url("")},
        "nombre_dysfonctionnements": len(live),
        "dysfonctionnements": [
            {
                "id": d.id,
                "titre": d.get("titre", ""),
                "gravite": d.get("gravite"),
                "statut": d.get("statut"),
                "nombre_confirmations": len(d.get("signalements") or []),
                "exemple": bool(d.get("exemple")),
                "adresse": api.page(src_of(d)),
            }
            for d in live[:MOST]
        ],
        "fiches": [
            {
                "id": d.id,
                "titre": d.get("titre", ""),
                "resume": d.get("resume", ""),
                "niveau": d.get("niveau"),
                "locale": scope.kind == "departement" and concerns(d, scope.ident),
                "exemple": bool(d.get("exemple")),
                "adresse": api.page(src_of(d)),
            }
            for d in useful_sheets(scope, rel, api.today)
        ],
    }


def data_script(key: str, data: dict) -> str:
    """The script-loaded form of a widget's JSON: handed to the <script> element that loads it, no
    global.
    """
    payload = json.dumps({"portee": key, "donnees": data}, ensure_ascii=True, separators=(",", ":"))
    return (
        "/* Carnet de terrain : données d'un widget (licence CC BY-SA 4.0), le même contenu que le "
        "fichier .json voisin. */\n"
        f"(function(s,d){{if(s){{s.dispatchEvent(new "
        f'CustomEvent("carnet-donnees",{{detail:d}}));}}}})'
        f"(document.currentScript,{payload});\n"
    )


def build_widgets(
    corpus: Corpus, rel: Relations, api: Api, site_name: str, codes: list[str] | None = None
) -> tuple[dict[str, dict], dict[str, str]]:
    """The widgets' JSON documents (for the API), and the files beside them: the data scripts and
    the widget's code. `codes`: the départements with a hub (see `scopes`).
    """
    documents: dict[str, dict] = {}
    scripts = {WIDGET_JS: SCRIPT.read_text("utf-8"), GENERATOR_JS: GENERATOR.read_text("utf-8")}
    for scope in scopes(corpus, codes):
        data = widget_data(scope, corpus, rel, api, site_name)
        documents[f"{ROOT}widgets/{scope.key}.json"] = data
        scripts[f"{ROOT}widgets/{scope.key}.js"] = data_script(scope.key, data)
    return documents, scripts
