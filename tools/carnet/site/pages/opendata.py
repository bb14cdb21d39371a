"""The « Données ouvertes » page (the API's contract, with examples) and the widget generator
page."""

from __future__ import annotations

import json

from carnet.model.territories import edition_of
from carnet.model.themes import AGENDA
from carnet.site.feeds import FEEDS
from carnet.site.opendata.api import DESCRIPTIONS, LICENCE, PATTERNS, ROOT
from carnet.site.opendata.widgets import GENERATOR_JS, KIND_TITLES, WIDGET_JS, Scope
from carnet.site.pages.common import (
    Html,
    Page,
    SiteSettings,
    a,
    assemble,
    empty,
    front,
    h,
    href,
    html_list,
)
from carnet.site.search import marks

OPEN_DATA = "donnees-ouvertes.md"
WIDGETS = "widgets/index.md"


def _code(text: str, language: str = "") -> Html:
    css = f' class="language-{language}"' if language else ""
    return Html(f"<pre><code{css}>{h(text)}</code></pre>")


def _path_cell(src: str, path: str) -> str:
    """A file of the API as a link, or as code when its path is a pattern (« {id} »)."""
    return a(href(src, "index.md") + path, path) if "{" not in path else f"<code>{h(path)}</code>"


def _files_table(src: str) -> Html:
    rows = [(f"{ROOT}{name}", text) for name, text in DESCRIPTIONS.items()]
    rows += [(f"{ROOT}{pattern}", text) for pattern, _, text in PATTERNS.values()]
    body = "\n".join(
        f"<tr><td>{_path_cell(src, path)}</td><td>{h(text)}</td></tr>" for path, text in rows
    )
    return Html(
        f'<table>\n<thead><tr><th scope="col">Fichier</th><th '
        f'scope="col">Contenu</th></tr></thead>\n'
        f"<tbody>\n{body}\n</tbody>\n</table>"
    )


def build_open_data_page(example: dict | None, settings: SiteSettings) -> Page:
    """The contract of api/v1, with a real line of contenus.json as its example."""
    src, root = OPEN_DATA, href(OPEN_DATA, "index.md")
    base = settings.site_url or "https://exemple.org/carnet/"
    python = (
        f'import json, urllib.request\n\nURL = "{base}{ROOT}contenus.json"\n'
        "with urllib.request.urlopen(URL) as reponse:\n    index = json.load(reponse)\n"
        'for contenu in index["contenus"]:\n    if contenu["type"] == "fiche":\n        '
        'print(contenu["id"], contenu["titre"], contenu["adresse"])\n'
    )
    javascript = (
        f'const reponse = await fetch("{base}{ROOT}dysfonctionnements-actifs.json");\n'
        "const { dysfonctionnements } = await reponse.json();\nfor (const d of dysfonctionnements) "
        "console.log(d.gravite, d.titre, d.nombre_confirmations);\n"
    )
    return assemble(
        src,
        [
            front(
                "Données ouvertes",
                "L'API JSON du carnet, ses schémas, ses exports et la règle de compatibilité.",
                carnet_type="page",
            ),
            "# Données ouvertes",
            marks("page", {}, ["API", "JSON", "open data", "CSV", "export"], "Données ouvertes"),
            Html(
                f"<p>Tout ce que publie le carnet est aussi disponible en données ouvertes, sous "
                f"licence {a(LICENCE['url'], LICENCE['nom'])}\u00a0: réutilisez, adaptez, "
                f"republiez, en citant «\u00a0{h(LICENCE['attribution'])}\u00a0» "
                "et en partageant dans les mêmes conditions. Les fichiers sont statiques, "
                "reconstruits à chaque publication du site\u00a0: pas de clé, pas de compte, pas "
                "de limite.</p>"
            ),
            "## L'API JSON, version 1",
            Html(
                f"<p>Le point d'entrée est "
                f"{a(root + ROOT + 'index.json', ROOT + 'index.json')}\u00a0: il décrit les autres "
                "fichiers, leur schéma, la date de construction et la licence. Tous les fichiers "
                "sont en UTF-8.</p>"
            ),
            _files_table(src),
            "## Exemple\u00a0: une ligne de l'index des contenus",
            _code(json.dumps(example, ensure_ascii=False, indent=1), "json")
            if example
            else empty("Aucun contenu pour l'instant."),
            "Chaque contenu a aussi son document complet (`api/v1/contenus/<id>.json`)\u00a0: les "
            "mêmes champs, plus `metadonnees` (l'en-tête du fichier source tel qu'écrit), "
            "`corps_markdown` et `corps_html` (le corps rendu et nettoyé comme sur le site).",
            "## Lire l'API",
            "En Python\u00a0:",
            _code(python, "python"),
            "En JavaScript (le site est servi avec l'en-tête `Access-Control-Allow-Origin: *` sur "
            "GitHub Pages)\u00a0:",
            _code(javascript, "javascript"),
            "## Schémas",
            Html(
                f"<p>Chaque fichier nomme son schéma (JSON Schema, version 2020-12) dans sa clé "
                f"<code>$schema</code>. Ils sont publiés dans <code>{ROOT}schemas/</code> et "
                f"listés par {a(root + ROOT + 'index.json', ROOT + 'index.json')}, à côté des "
                f"schémas des contenus "
                "eux-mêmes (fiche, anecdote, dysfonctionnement, thème, référentiels), ceux qui "
                "valident chaque contribution\u00a0: les métadonnées d'un document de l'API "
                "suivent exactement ces derniers.</p>"
            ),
            "## La règle de compatibilité",
            html_list(
                [
                    h(
                        "Dans la version 1, aucun champ n'est supprimé ni renommé, et aucun type "
                        "ne change. De nouveaux champs peuvent apparaître\u00a0: ignorez ceux que "
                        "vous ne connaissez pas."
                    ),
                    h(
                        "Un changement incompatible ouvrirait api/v2/\u00a0; la version 1 "
                        "resterait publiée à côté."
                    ),
                    h(
                        "Les identifiants sont stables\u00a0: l'identifiant d'un contenu est le "
                        "nom de son fichier, et ses adresses (sa page, son document JSON, sa "
                        "source Markdown) en découlent."
                    ),
                ]
            ),
            "## Exports",
            html_list(
                [
                    a(
                        root + "exports/carnet-de-terrain-contenus.zip",
                        "Tout le contenu en une archive .zip",
                    )
                    + " (les fichiers Markdown et les référentiels, tels qu'écrits par les "
                    "contributeurs)",
                    a(root + "exports/dysfonctionnements.csv", "Les dysfonctionnements en CSV")
                    + " (séparateur point-virgule, UTF-8 avec BOM\u00a0: il s'ouvre tel quel dans "
                    "un tableur)",
                    h(
                        "La source Markdown de chaque fiche, anecdote ou dysfonctionnement\u00a0: "
                        "le lien «\u00a0Télécharger la source (Markdown)\u00a0» en bas de sa page, "
                        "à l'adresse exports/<dossier>/<id>.md."
                    ),
                ]
            ),
            "## Flux et widgets",
            Html(
                "<p>Les flux Atom du carnet (aussi listés par <code>index.json</code>, clé "
                "<code>flux</code>)\u00a0:</p>"
            ),
            html_list(
                [
                    *(
                        a(root + feed.path, feed.title) + f"\u00a0: {h(feed.subtitle)}"
                        for feed in FEEDS
                    ),
                    a(root + AGENDA, "L'agenda des rencontres du réseau")
                    + " (iCalendar, à ajouter à son agenda par abonnement)",
                ]
            ),
            Html(
                f"<p>Chaque administration et chaque département a son flux Atom des "
                f"dysfonctionnements (<code>flux/administrations/&lt;id&gt;.xml</code>, "
                f"<code>flux/departements/&lt;code&gt;.xml</code>), annoncé sur sa page. Pour "
                f"afficher les dysfonctionnements et les fiches utiles sur le site d'une structure "
                f"partenaire\u00a0: {a(href(src, WIDGETS), 'le widget')}.</p>"
            ),
        ],
    )


def build_widgets_page(scopes: list[Scope], settings: SiteSettings) -> Page:
    """The generator: choose an administration, a competence or a département, copy the snippet, see
    it.
    """
    src = WIDGETS
    base = settings.site_url or href(src, "index.md")
    # A territorial edition offers its own département first; the national carnet, the first one.
    edition = edition_of(settings.extra)
    local = [s for s in scopes if s.kind == "departement"]
    mine = [s for s in local if edition and s.ident == edition.territoire]
    first = next(iter(mine or local or scopes), None)
    groups = []
    for kind, title in KIND_TITLES.items():
        # The option of the snippet shown in the page is selected, so that the list and the code
        # agree without JavaScript, and the script starts from the same choice (<select> has no
        # « value » attribute: the browser would show the first option, the code another).
        options = "".join(
            f'<option value="{h(s.key)}" data-adresse="{h(s.hub[:-3] + "/")}"'
            f"{' selected' if s is first else ''}>{h(s.name)}</option>"
            for s in scopes
            if s.kind == kind
        )
        groups.append(f'<optgroup label="{h(title)}">{options}</optgroup>' if options else "")
    snippet = (
        (
            f'<a href="{h(base + first.hub[:-3])}/" '
            f'data-carnet-widget="{h(first.key)}">{h(first.name)}&nbsp;: le Carnet de '
            f"terrain</a>\n"
            f'<script src="{h(base + WIDGET_JS)}" async></script>'
        )
        if first
        else ""
    )
    generator = Html(
        '<div class="carnet-widget-generateur" data-pagefind-ignore>\n'
        f'<p><label for="carnet-widget-portee">Ce que le widget montre</label><br>\n<select '
        f'id="carnet-widget-portee">{"".join(groups)}</select></p>\n'
        '<p><label for="carnet-widget-code">Le code à coller dans votre page</label><br>\n'
        f'<textarea id="carnet-widget-code" readonly rows="4" '
        f'cols="80">{h(snippet)}</textarea></p>\n'
        '<p><button type="button" class="md-button" id="carnet-widget-copier" hidden>Copier le '
        "code</button> "
        '<span id="carnet-widget-etat" role="status"></span></p>\n'
        "<noscript><p>Sans JavaScript, le choix ci-dessus ne change pas le code\u00a0: dans le "
        "code affiché, remplacez la valeur de <code>data-carnet-widget</code> (par exemple "
        "<code>administration/caf</code>, <code>competence/messagerie</code> ou "
        "<code>departement/63</code>) et l'adresse du lien par celle de la page "
        "correspondante.</p></noscript>\n"
        '<h2 id="apercu">Aperçu</h2>\n<div id="carnet-widget-apercu" '
        'class="carnet-widget-apercu"></div>\n'
        f'<script src="{href(src, "index.md")}{GENERATOR_JS}"></script>\n</div>'
    )
    return assemble(
        src,
        [
            front(
                "Widgets pour les sites partenaires",
                "Afficher sur le site d'une structure les dysfonctionnements en cours et les "
                "fiches utiles d'une administration, d'une compétence ou d'un département.",
            ),
            "# Widgets pour les sites partenaires",
            "Une France Services, une médiathèque, le portail d'un département peuvent afficher "
            "sur leur site les dysfonctionnements en cours et les fiches les plus utiles d'une "
            "administration, d'une compétence ou d'un département, avec un lien vers le carnet. "
            "Choisissez, copiez le code, collez-le dans votre page.",
            generator,
            "## Ce que fait le widget",
            html_list(
                [
                    h(
                        "Il ne charge rien d'autre que le site du carnet\u00a0: aucun service "
                        "tiers, aucun cookie, aucun traceur."
                    ),
                    h(
                        "Il pèse quelques kilo-octets et lit ses données dans l'API ouverte du "
                        "carnet (api/v1/widgets/)."
                    ),
                    h(
                        "Il s'affiche dans un Shadow DOM\u00a0: la mise en page de votre site ne "
                        "change pas, et la sienne non plus."
                    ),
                    h(
                        "Sans JavaScript, ou si le carnet ne répond pas, il reste un simple lien "
                        "vers la page du carnet."
                    ),
                ]
            ),
        ],
    )


def source_link(src: str, path: str) -> Html:
    """« Télécharger la source » under a sheet: its Markdown file, as its contributors wrote it."""
    return Html(
        f'<p class="carnet-source" data-pagefind-ignore><a '
        f'href="{h(href(src, "index.md") + path)}" download>'
        "Télécharger la source (Markdown)</a> · licence CC BY-SA 4.0</p>"
    )
