"""Open data: the JSON API validated by its published schemas, exports, territory hubs, scoped feeds
and the edition.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from carnet.model.territories import EditionError, departements, read_edition
from carnet.site.opendata.api_schemas import build_schemas
from carnet.site.opendata.exports import cell
from carnet.site.opendata.render import BodyRenderer
from conftest import FIXTURE, REPO

HERE = Path(__file__).parent
EXTRA = (
    HERE / "opendata_fixture"
)  # a sheet and a story of the Puy-de-Dôme, a malfunction seen in Finistère
FIELDS_V1 = HERE / "opendata_champs_v1.json"
EDITION = (
    '      edition: {territoire: "63", nom: "Puy-de-Dôme", contact: "reseau@mediation63.fr",\n     '
    '           contacts: [{nom: "Réseau des médiateurs du Puy-de-Dôme", url: '
    '"https://mediation63.fr"}]}\n'
)


def build(root: Path, edition: bool) -> Path:
    """The fixture site with the extra content, national or as the Puy-de-Dôme edition."""
    from carnet.site.runner import run_build

    content = root / "content"
    if not content.exists():
        shutil.copytree(FIXTURE, content)
        shutil.copytree(EXTRA, content, dirs_exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    if edition:
        config = config.replace("  - carnet:\n", "  - carnet:\n" + EDITION, 1)
    name = "edition" if edition else "national"
    (root / f"{name}.yml").write_text(config, encoding="utf-8")
    run_build(str(root / f"{name}.yml"), str(content), str(root / name))
    return root / name


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("donnees")
    return {
        "national": build(root, False),
        "edition": build(root, True),
        "content": root / "content",
    }


def load(site: Path, path: str) -> dict:
    return json.loads((site / path).read_text("utf-8"))


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text("utf-8"), "html.parser")


def strict(schema: object) -> object:
    """The same schema refusing undeclared keys: every field the API writes must be in its
    schema."""
    if isinstance(schema, dict):
        schema = {k: strict(v) for k, v in schema.items()}
        if (
            "properties" in schema
            and schema.get("type") == "object"
            and "additionalProperties" not in schema
        ):
            schema["additionalProperties"] = False
    elif isinstance(schema, list):
        schema = [strict(v) for v in schema]
    return schema


def test_every_api_file_validates_against_its_published_schema(sites) -> None:
    site = sites["national"]
    schemas = {
        p.name.removesuffix(".schema.json"): json.loads(p.read_text("utf-8"))
        for p in (site / "api/v1/schemas").glob("*.json")
    }
    assert {"index", "contenus", "contenu", "fiche", "commun", "widget"} <= set(schemas)
    api_names = set(build_schemas(""))
    content_names = {
        "fiche",
        "anecdote",
        "dysfonctionnement",
        "theme",
        "commun",
        "administrations",
        "competences",
        "publics",
    }
    published = {n: (s if n in content_names else strict(s)) for n, s in schemas.items()}
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in published.values()
    )
    files = [p for p in (site / "api/v1").rglob("*.json") if "schemas" not in p.parts]
    assert len(files) > 20 and set(schemas) <= api_names
    for path in files:
        data = json.loads(path.read_text("utf-8"))
        name = data["$schema"].rsplit("/", 1)[1].removesuffix(".schema.json")
        validator = Draft202012Validator(
            published[name], registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, (path, errors[:3])


def test_the_index_describes_every_file_and_every_sheet(sites) -> None:
    site, content = sites["national"], sites["content"]
    index = load(site, "api/v1/index.json")
    assert index["licence"]["nom"] == "CC BY-SA 4.0" and index["genere_le"] == "2026-11-23"
    base = index["site"]
    for entry in index["fichiers"]:
        assert (site / entry["chemin"]).is_file() and entry["adresse"] == base + entry["chemin"]
    for address in index["schemas"]:
        assert (site / address.removeprefix(base)).is_file()
    listed = {c["id"]: c for c in load(site, "api/v1/contenus.json")["contenus"]}
    files = {
        p.stem
        for folder in ("fiches", "anecdotes", "dysfonctionnements")
        for p in (content / folder).glob("*.md")
    }
    assert set(listed) == files
    sheet = listed["adresse-mail-mediatheque-riom"]
    assert sheet == {
        **sheet,
        "type": "fiche",
        "niveau": "debutant",
        "competences": ["messagerie"],
        "territoires": ["63"],
        "departements": ["63"],
        "fraicheur": 1.0,
        "exemple": True,
        "adresse": base + "fiches/adresse-mail-mediatheque-riom/",
        "document": base + "api/v1/contenus/adresse-mail-mediatheque-riom.json",
        "source": base + "exports/fiches/adresse-mail-mediatheque-riom.md",
    }
    for entry in listed.values():  # stable addresses: each points to a file of the site
        for key in ("adresse", "document", "source"):
            target = site / entry[key].removeprefix(base)
            assert (target / "index.html" if entry[key].endswith("/") else target).is_file(), entry[
                key
            ]


def test_the_index_lists_the_feeds_and_the_agenda_and_the_page_links_them(sites) -> None:
    site = sites["national"]
    index = load(site, "api/v1/index.json")
    base, flux = index["site"], index["flux"]
    assert flux["administrations"] == base + "flux/administrations/{id}.xml"
    assert flux["departements"] == base + "flux/departements/{code}.xml"
    for key in ("nouveautes", "themes", "dysfonctionnements", "agenda"):
        assert (site / flux[key].removeprefix(base)).is_file(), key
    for pattern, ident in (("administrations", "caf"), ("departements", "63")):
        concrete = flux[pattern].replace("{id}", ident).replace("{code}", ident)
        assert (site / concrete.removeprefix(base)).is_file()
    links = {a["href"]: a.get_text() for a in page(site, "donnees-ouvertes").select("article li a")}
    assert links["../flux/dysfonctionnements.xml"] == "Carnet de terrain — dysfonctionnements"
    assert links["../themes/agenda.ics"] == "L'agenda des rencontres du réseau"


def test_a_document_holds_its_front_matter_and_its_sanitised_body(sites) -> None:
    doc = load(sites["national"], "api/v1/contenus/adresse-mail.json")
    assert doc["metadonnees"]["titre"] == "Créer une adresse e-mail" and doc[
        "corps_markdown"
    ].startswith("## Situation")
    assert '<h2 id="situation">Situation</h2>' in doc["corps_html"] and "<ol>" in doc["corps_html"]
    live = load(sites["national"], "api/v1/dysfonctionnements-actifs.json")["dysfonctionnements"]
    assert [d["id"] for d in live] == ["actualisation-impossible-le-soir", "caf-envoi-bloque"]
    assert live[1]["confirmations"] == [
        {"date": "2026-09-10", "territoire": "63"},
        {"date": "2026-10-12", "territoire": "2B", "commentaire": "Vu aussi."},
    ]


def test_body_html_goes_through_the_site_sanitiser() -> None:
    html = BodyRenderer().html(
        '<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src="https://t.example/p.png" '
        'onerror="alert(1)"> [voir](../fiches/autre.md#etapes)',
        "fiches/x.md",
        "https://s.fr/",
    )
    assert (
        "script" not in html
        and "onerror" not in html
        and "t.example" not in html
        and "javascript:" not in html
    )
    assert '<a href="https://s.fr/fiches/autre/#etapes">voir</a>' in html


def test_each_body_is_rendered_once_in_its_page_and_the_api_holds_it_as_apart(sites) -> None:
    """`carnet build` takes the API's bodies from the pages: the same HTML as a body rendered on its
    own with the site's extensions, links to other contents made site addresses."""
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    renderer = BodyRenderer(config.markdown_extensions, config.mdx_configs)
    national = sites["national"]
    index = load(national, "api/v1/contenus.json")["contenus"]
    assert len(index) >= 9
    for entry in index:
        doc = load(national, f"api/v1/contenus/{entry['id']}.json")
        src = entry["source"].split("/exports/", 1)[1]
        alone = renderer.html(doc["corps_markdown"], src, config.site_url)
        assert doc["corps_html"] == alone, entry["id"]
    local = load(national, "api/v1/contenus/adresse-mail-mediatheque-riom.json")["corps_html"]
    assert f'<a href="{config.site_url}fiches/adresse-mail/#etapes">' in local


def fields(schema: dict, registry: dict, prefix: str = "") -> set[str]:
    """The required field paths of a published API schema (« contenus[].titre »)."""
    found: set[str] = set()
    for key in schema.get("required", []):
        found.add(prefix + key)
        found |= fields(schema["properties"].get(key, {}), registry, prefix + key + ".")
    if isinstance(schema.get("items"), dict):
        found |= fields(schema["items"], registry, prefix.removesuffix(".") + "[].")
    return found


def test_no_v1_field_is_removed_or_renamed() -> None:
    """The compatibility rule, checked: every field of tests/opendata_champs_v1.json is still
    required.
    """
    schemas = build_schemas("")
    current = {
        name: sorted(fields(s, schemas))
        for name, s in schemas.items()
        if "urn:carnet:api" in s["$id"]
        and name
        not in (
            "fiche",
            "anecdote",
            "dysfonctionnement",
            "theme",
            "commun",
            "administrations",
            "competences",
            "publics",
        )
    }
    promised = json.loads(FIELDS_V1.read_text("utf-8"))
    for name, names in promised.items():
        missing = set(names) - set(current.get(name, []))
        assert not missing, f"api/v1 : champs retirés ou renommés dans {name} : {sorted(missing)}"


def test_exports_markdown_archive_and_csv(sites) -> None:
    site, content = sites["national"], sites["content"]
    source = content / "fiches/adresse-mail.md"
    assert (site / "exports/fiches/adresse-mail.md").read_bytes() == source.read_bytes()
    link = page(site, "fiches/adresse-mail").select_one("p.carnet-source a[download]")
    assert link["href"] == "../../exports/fiches/adresse-mail.md"
    with zipfile.ZipFile(site / "exports/carnet-de-terrain-contenus.zip") as archive:
        names = set(archive.namelist())
        assert archive.read("content/fiches/adresse-mail.md") == source.read_bytes()
    assert {
        "content/LISEZMOI.txt",
        "content/referentiels/administrations.yml",
        "content/themes/2026-11.md",
    } <= names
    raw = (site / "exports/dysfonctionnements.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["id", "titre", "statut", "gravite"] and len(rows) == 4
    assert rows[2][:4] == ["caf-ancien-bug", "Un ancien problème de connexion", "resolu", "genant"]
    assert (
        cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
        and cell(["a", "b"]) == "a, b"
        and cell(None) == ""
    )


def test_territory_hubs_put_the_departement_first(sites) -> None:
    site = sites["national"]
    hub = page(site, "territoires/63")
    assert hub.h1.get_text() == "Puy-de-Dôme (63)"
    sections = {
        h2.get_text(): h2.find_next(["ul", "p"]).get_text(" ", strip=True)
        for h2 in hub.select("article h2")
    }
    assert (
        "L'envoi d'un justificatif échoue"
        in sections["Dysfonctionnements en cours dans le département"]
    )
    assert (
        "Créer une adresse e-mail à la médiathèque" in sections["Fiches pratiques du département"]
    )
    assert "L'atelier du mardi déborde" in sections["Anecdotes du département"]
    text = hub.article.get_text(" ")
    assert (
        text.index("Fiches pratiques du département")
        < text.index("Au niveau national")
        < text.index("Actualisation impossible le soir")
    )
    assert (
        hub.find("a", string="flux Atom de ses dysfonctionnements")["href"]
        == "../../flux/departements/63.xml"
    )
    listing = page(site, "territoires")
    assert [a.get_text() for a in listing.select("article li > a")] == [
        "Finistère (29)",
        "Haute-Corse (2B)",
        "Puy-de-Dôme (63)",
    ]
    assert (
        len(departements()) == 102
        and departements()["2A"] == "Corse-du-Sud"
        and departements()["974"] == "La Réunion"
    )


def test_feeds_per_administration_and_departement(sites) -> None:
    site = sites["national"]
    atom = "{http://www.w3.org/2005/Atom}"
    for path, expected in (
        ("flux/administrations/caf.xml", {"caf-envoi-bloque", "caf-ancien-bug"}),
        ("flux/administrations/france-travail.xml", {"actualisation-impossible-le-soir"}),
        ("flux/departements/63.xml", {"caf-envoi-bloque"}),
        ("flux/departements/29.xml", {"actualisation-impossible-le-soir"}),
    ):
        feed = ElementTree.parse(site / path).getroot()
        ids = {
            e.find(f"{atom}id").text.rstrip("/").rsplit("/", 1)[1]
            for e in feed.iter(f"{atom}entry")
        }
        assert ids == expected, path
    hub = page(site, "administrations/caf")
    assert (
        hub.find("a", string="Suivre ses dysfonctionnements (flux Atom)")["href"]
        == "../../flux/administrations/caf.xml"
    )


@pytest.mark.parametrize(
    ("hub", "feed"),
    [
        ("administrations/caf", "flux/administrations/caf.xml"),
        ("territoires/63", "flux/departements/63.xml"),
    ],
)
def test_a_hub_announces_its_own_feed_to_feed_readers(sites, hub: str, feed: str) -> None:
    """A feed reader given the page's address finds the page's feed (and the site's), as titled in
    the feed itself."""
    site = sites["national"]
    links = page(site, hub).select('head link[rel=alternate][type="application/atom+xml"]')
    announced = {(site / hub / link["href"]).resolve(): link["title"] for link in links}
    atom = "{http://www.w3.org/2005/Atom}"
    own = (site / feed).resolve()
    assert announced[own] == ElementTree.parse(own).getroot().find(f"{atom}title").text
    assert (site / "flux" / "nouveautes.xml").resolve() in announced
    home = page(site, "").select('head link[rel=alternate][type="application/atom+xml"]')
    assert all("/administrations/" not in link["href"] for link in home)


def test_the_edition_puts_its_departement_first(sites) -> None:
    national, edition = page(sites["national"], ""), page(sites["edition"], "")
    assert national.find("h2", string=lambda s: s and "Dans le département" in s) is None
    first = edition.select("article h2")[0]
    assert first.get_text() == "Dans le département\u00a0: Puy-de-Dôme"

    def current(soup):
        heading = soup.find("h2", string="Dysfonctionnements en cours")
        return [a.get_text() for a in heading.find_next("ul").select("a")]

    assert current(national) == [
        "Actualisation impossible le soir",
        "L'envoi d'un justificatif échoue",
    ]
    assert current(edition) == [
        "L'envoi d'un justificatif échoue",
        "Actualisation impossible le soir",
    ]
    contacts = edition.find(
        "h2", string="Contacts dans le département\u00a0: Puy-de-Dôme"
    ).find_next("ul")
    assert contacts.a["href"] == "https://mediation63.fr"

    def hub(site):
        return [
            a.get_text()
            for a in page(site, "competences/messagerie")
            .find("h3", string="Débutant")
            .find_next("ol")
            .select("a")
        ]

    assert hub(sites["national"]) == [
        "Créer une adresse e-mail",
        "Créer une adresse e-mail à la médiathèque",
    ]
    assert hub(sites["edition"]) == [
        "Créer une adresse e-mail à la médiathèque",
        "Créer une adresse e-mail",
    ]
    proposer = (sites["edition"] / "proposer/index.html").read_text("utf-8")
    assert "reseau@mediation63.fr" in proposer and "animation@example.org" not in proposer
    sheet = page(sites["edition"], "fiches/adresse-mail-mediatheque-riom")
    assert sheet.select_one('[data-pagefind-filter="Territoire:Puy-de-Dôme"]') is not None
    assert (
        page(sites["edition"], "fiches/adresse-mail").select_one(
            '[data-pagefind-filter^="Territoire"]'
        )
        is None
    )


def test_a_wrong_edition_is_refused_in_french() -> None:
    with pytest.raises(EditionError, match="territoire « 99 » inconnu"):
        read_edition({"territoire": "99"})
    with pytest.raises(EditionError, match="clé « nome » inconnue"):
        read_edition({"territoire": "63", "nome": "x"})
    assert read_edition({"territoire": 63}).nom == "Puy-de-Dôme" and read_edition({}) is None


def test_an_edition_without_local_content_yet_has_its_widget_feed_and_api_entry() -> None:
    """La Réunion starts its edition before any sheet speaks of it: its hub links to its widget, so
    the widget, its data and its line in departements.json exist too."""
    from carnet.model.content import load_corpus
    from carnet.model.relations import build_relations
    from carnet.site.opendata.build import open_data_files, open_data_pages
    from carnet.site.pages.common import SiteSettings
    from conftest import TODAY

    corpus = load_corpus(FIXTURE)
    rel, base = build_relations(corpus), "https://carnet.example.org/reseau/"
    settings = SiteSettings(
        today=TODAY, site_url=base, extra={"edition": read_edition({"territoire": "974"})}
    )
    files = open_data_files(corpus, rel, settings)
    codes = [e["code"] for e in json.loads(files["api/v1/departements.json"])["entrees"]]
    assert codes == ["2B", "63", "974"]
    widget = json.loads(files["api/v1/widgets/departement/974.json"])
    assert widget["portee"]["adresse"] == base + "territoires/974/"
    assert widget["dysfonctionnements"] == [] and widget["fiches"]  # national sheets meanwhile
    assert "api/v1/widgets/departement/974.js" in files
    pages = {p.src_uri: p for p in open_data_pages(corpus, rel, settings)}
    hub = pages["territoires/974.md"]
    assert "?portee=departement/974" in hub.markdown + "".join(hub.fragments.values())
    generator = pages["widgets/index.md"]
    assert 'value="departement/974"' in generator.markdown + "".join(generator.fragments.values())


def test_the_generator_selects_the_scope_its_code_shows(sites) -> None:
    """Without JavaScript the list shows the chosen scope, and the script starts from it."""
    generator = page(sites["national"], "widgets")
    select = generator.select_one("#carnet-widget-portee")
    chosen = select.select("option[selected]")
    assert "value" not in select.attrs and [o["value"] for o in chosen] == ["departement/29"]
    code = generator.select_one("#carnet-widget-code").get_text()
    assert 'data-carnet-widget="departement/29"' in code and "/territoires/29/" in code
    assert ">Finistère (29)&nbsp;: le Carnet de terrain</a>" in code  # no break before « : »
    edition = page(sites["edition"], "widgets")  # the Puy-de-Dôme's edition offers its own
    assert [o["value"] for o in edition.select("option[selected]")] == ["departement/63"]
    assert 'data-carnet-widget="departement/63"' in edition.select_one("#carnet-widget-code").text


def test_scoped_feeds_point_to_the_page_they_follow(sites) -> None:
    site = sites["national"]
    atom = "{http://www.w3.org/2005/Atom}"
    base = load(site, "api/v1/index.json")["site"]
    for path, followed in (
        ("flux/administrations/caf.xml", "administrations/caf/"),
        ("flux/departements/63.xml", "territoires/63/"),
        ("flux/nouveautes.xml", ""),
    ):
        feed = ElementTree.parse(site / path).getroot()
        alternate = feed.find(f"{atom}link[@rel='alternate']").get("href")
        assert alternate == base + followed and (site / followed / "index.html").is_file(), path


def test_an_agenda_without_meetings_is_still_a_valid_calendar() -> None:
    """RFC 5545 wants one component at least: before the first meeting, the agenda holds its time
    zone, and calendars subscribing to it read it."""
    import vobject
    from icalendar import Calendar

    from carnet.site.calendar_ics import build_agenda, stamp_of
    from conftest import TODAY

    agenda = build_agenda([], "https://carnet.example.org/reseau/", stamp_of(TODAY), {})
    calendar = Calendar.from_ical(agenda)
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]
    assert vobject.readOne(agenda).name == "VCALENDAR"


LOOSE_PUNCTUATION = re.compile(r" [:;!?»]|« ")


def test_what_reusers_read_keeps_french_typography(sites) -> None:
    """A space before « : », « ; », « ? », « ! », « » » or after « « » is a non-breaking one: in the
    API's own descriptions (shown on « Données ouvertes »), the scoped feeds' titles, the archive's
    note."""
    site = sites["national"]
    article = page(site, "donnees-ouvertes").article
    # code is not prose; the print-only line comes from the theme's template (another concern)
    for code in article.select("pre, code, .carnet-print-only"):
        code.decompose()
    index = load(site, "api/v1/index.json")
    texts = [
        article.get_text(),
        index["compatibilite"],
        *(f["description"] for f in index["fichiers"] + index["modeles"]),
    ]
    for path in ("flux/administrations/caf.xml", "flux/departements/63.xml"):
        feed = ElementTree.parse(site / path).getroot()
        atom = "{http://www.w3.org/2005/Atom}"
        texts += [feed.find(f"{atom}title").text, feed.find(f"{atom}subtitle").text]
    with zipfile.ZipFile(site / "exports/carnet-de-terrain-contenus.zip") as archive:
        texts.append(archive.read("content/LISEZMOI.txt").decode("utf-8"))
    loose = [
        m.string[max(m.start() - 30, 0) : m.end() + 10]
        for t in texts
        for m in LOOSE_PUNCTUATION.finditer(t)
    ]
    assert not loose, loose


def test_meeting_summaries_keep_french_typography() -> None:
    from icalendar import Calendar

    from carnet.model.content import load_corpus
    from carnet.site.calendar_ics import build_ics, stamp_of
    from conftest import TODAY

    theme = load_corpus(FIXTURE).by_id["2026-11"]
    ics = build_ics(theme, "https://carnet.example.org/reseau/themes/2026-11/", stamp_of(TODAY))
    assert ics is not None
    event = next(iter(Calendar.from_ical(ics).walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Rencontre du réseau\u00a0: Quand personne ne répond"


# --- Widgets, in Chromium: a partner page on another origin
# -------------------------------------------

PARTNER_CSS = (
    "body { font-family: Georgia, serif; color: rgb(10, 20, 30); background: rgb(250, 240, 230); } "
    "a { color: rgb(255, 0, 0); } p { margin: 40px; } .carnet, .titre, section { display: none; }"
)
PROBE = """return [...document.querySelectorAll('body, #temoin, #lien-hote')].map(el => {
  const s = getComputedStyle(el); return [s.color, s.fontFamily, s.margin, s.fontSize, s.backgroundColor, s.display].join('|'); })
  .concat([document.styleSheets.length, document.querySelectorAll('style, link[rel=stylesheet]').length]);"""


def test_a_widget_weighs_less_than_20_kb_compressed(sites) -> None:
    import gzip

    site = sites["national"]
    for data in ("departement/63", "administration/caf", "competence/messagerie"):
        loaded = [site / "widgets/carnet-widget.js", site / f"api/v1/widgets/{data}.js"]
        assert sum(len(gzip.compress(p.read_bytes())) for p in loaded) < 20_000


@pytest.fixture(scope="module")
def partner(tmp_path_factory: pytest.TempPathFactory, sites):
    """The Carnet served as GitHub Pages publishes it, and a library's page on another origin
    pasting the snippet.
    """
    import functools
    import http.server
    import threading

    from browser import serve

    folder = tmp_path_factory.mktemp("partenaire")
    with serve(sites["national"]) as carnet:
        snippet = (
            f'<a href="{carnet}/territoires/63/" data-carnet-widget="departement/63">Puy-de-Dôme '
            f": le Carnet de terrain</a>\n"
            f'<script src="{carnet}/widgets/carnet-widget.js" async></script>'
        )
        for name, body in (("avec.html", snippet), ("sans.html", "")):
            (folder / name).write_text(
                f'<!doctype html><html lang="fr"><head><meta '
                f'charset="utf-8"><title>Médiathèque</title>'
                f'<style>{PARTNER_CSS}</style></head><body><p id="temoin">Nos ateliers '
                f"numériques</p>"
                f'<a id="lien-hote" href="#">Accueil</a>{body}</body></html>',
                encoding="utf-8",
            )
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
        handler.log_message = lambda *args: None  # type: ignore[attr-defined]
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield carnet, f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module")
def driver():
    """One Chromium for the module's browser tests (each starts from its own page)."""
    from browser import chromium

    window = chromium(1000, 900)
    yield window
    window.quit()


def shadow_texts(driver) -> list[str]:
    return driver.execute_script(
        "const h = document.querySelector('[data-carnet-widget-hote]');return h ? "
        "[...h.shadowRoot.querySelectorAll('a, p')].map(e => e.textContent) : [];"
    )


def test_a_partner_page_on_another_origin_shows_the_widget(partner, driver) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    carnet, host = partner
    assert carnet.split("/")[2] != host.split("/")[2]  # two origins: another port
    driver.get(host + "/sans.html")
    before = driver.execute_script(PROBE)
    driver.get(host + "/avec.html")
    WebDriverWait(driver, 10).until(lambda d: shadow_texts(d))
    texts = shadow_texts(driver)
    assert texts[0] == "Puy-de-Dôme (63)\u00a0: le Carnet de terrain"  # French typography
    assert (
        "L'envoi d'un justificatif échoue" in texts
        and "Créer une adresse e-mail à la médiathèque" in texts
    )
    assert "Tout voir sur le Carnet de terrain" in texts
    links = driver.execute_script(
        "return [...document.querySelector('[data-carnet-widget-hote]').shadowRoot"
        ".querySelectorAll('a')].map(a => [a.href, getComputedStyle(a).color])"
    )
    assert all(
        href.startswith(carnet + "/") for href, _ in links
    ) and carnet + "/territoires/63/" in [h for h, _ in links]
    assert {color for _, color in links} == {
        "rgb(0, 105, 92)"
    }  # the host's « a { color: red } » does not get in
    shown = driver.execute_script(
        "const s = document.querySelector('[data-carnet-widget-hote]').shadowRoot;return "
        "getComputedStyle(s.querySelector('section')).display"
    )
    assert shown == "block"
    # a partner's page may be in English: the box says it is French, for screen readers
    assert (
        driver.execute_script("return document.querySelector('[data-carnet-widget-hote]').lang")
        == "fr"
    )
    assert driver.execute_script(PROBE) == before  # and nothing of the widget's gets out
    requests = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    origins = {"/".join(url.split("/")[:3]) for url in requests + [driver.current_url]}
    assert origins == {host, "/".join(carnet.split("/")[:3])}, requests
    assert not driver.find_elements("css selector", "a[data-carnet-widget], script[src*='api/v1']")


def test_a_widget_says_how_many_malfunctions_it_leaves_out(sites, driver, tmp_path) -> None:
    """An administration with eight malfunctions in progress: the widget lists the five most
    serious, and says three more are on the carnet."""
    from selenium.webdriver.support.ui import WebDriverWait

    from browser import serve
    from carnet.site.opendata.widgets import SCRIPT, data_script

    data = load(sites["national"], "api/v1/widgets/administration/caf.json")
    model = data["dysfonctionnements"][0]
    data["dysfonctionnements"] = [
        {**model, "id": f"panne-{n}", "titre": f"Panne numéro {n} de l'espace personnel"}
        for n in range(1, 6)
    ]
    data["nombre_dysfonctionnements"] = 8
    (tmp_path / "widgets").mkdir()
    (tmp_path / "widgets/carnet-widget.js").write_bytes(SCRIPT.read_bytes())
    folder = tmp_path / "api/v1/widgets/administration"
    folder.mkdir(parents=True)
    (folder / "caf.js").write_text(data_script("administration/caf", data), encoding="utf-8")
    with serve(tmp_path, prefix="") as carnet:
        (tmp_path / "partenaire.html").write_text(
            '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>CAF</title></head>'
            f'<body><a href="{carnet}/" data-carnet-widget="administration/caf">La CAF</a>'
            f'<script src="{carnet}/widgets/carnet-widget.js" async></script></body></html>',
            encoding="utf-8",
        )
        driver.get(carnet + "/partenaire.html")
        WebDriverWait(driver, 10).until(lambda d: shadow_texts(d))
        texts = shadow_texts(driver)
    assert "Panne numéro 5 de l'espace personnel" in texts
    assert "Et 3 autres en cours sur le carnet." in texts


def test_without_javascript_the_widget_is_a_plain_link(partner, driver) -> None:
    carnet, host = partner
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        driver.get(host + "/avec.html")
        link = driver.find_element("css selector", "a[data-carnet-widget]")
        assert (
            link.get_attribute("href") == carnet + "/territoires/63/"
            and link.text == "Puy-de-Dôme : le Carnet de terrain"
        )
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_the_generator_page_composes_the_snippet_and_shows_it(sites, driver) -> None:
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from browser import serve

    with serve(sites["national"]) as carnet:
        driver.get(carnet + "/widgets/")
        Select(driver.find_element("id", "carnet-widget-portee")).select_by_value(
            "administration/caf"
        )
        code = driver.find_element("id", "carnet-widget-code").get_attribute("value")
        assert code == (
            f'<a href="{carnet}/administrations/caf/" '
            f'data-carnet-widget="administration/caf">Caisse d\'allocations familiales&nbsp;: '
            f"le Carnet de terrain</a>\n"
            f'<script src="{carnet}/widgets/carnet-widget.js" async></script>'
        )
        WebDriverWait(driver, 10).until(
            lambda d: (
                "Caisse d'allocations familiales\u00a0: le Carnet de terrain" in shadow_texts(d)
            )
        )
        assert "L'envoi d'un justificatif échoue" in shadow_texts(driver)
        driver.get(carnet + "/widgets/?portee=departement/63")  # the link from the territory's page
        code = driver.find_element("id", "carnet-widget-code").get_attribute("value")
        assert (
            'data-carnet-widget="departement/63"' in code
            and f'href="{carnet}/territoires/63/"' in code
        )


SEARCH = """const done = arguments[arguments.length - 1];
import(arguments[0] + '/pagefind/pagefind.js').then(async pf => {
  const found = await pf.search(arguments[1]);
  done(await Promise.all(found.results.slice(0, 5).map(async r => (await r.data()).url)));
}).catch(e => done(String(e)));"""


def test_the_edition_ranks_its_departement_first_in_search(sites, driver) -> None:
    from browser import serve

    ranks = {}
    for name in ("national", "edition"):
        with serve(sites[name]) as carnet:
            driver.get(carnet + "/")
            urls = driver.execute_async_script(SEARCH, carnet, "adresse")
            ranks[name] = [u.rstrip("/").rsplit("/", 1)[1] for u in urls if "/fiches/" in u]
    local, national = "adresse-mail-mediatheque-riom", "adresse-mail"
    assert ranks["edition"].index(local) < ranks["edition"].index(national), ranks


def test_the_offline_archive_unlinks_what_it_leaves_out() -> None:
    from carnet.site.offline import rewrite_links

    html = (
        '<a href="../../flux/departements/63.xml">flux</a><a '
        'href="../../exports/fiches/x.md">source</a><a href="../../api/v1/index.json">api</a><a '
        'href="../../fiches/x/">fiche</a><a href="../themes/2026-11.ics">ics</a>'
    )
    assert rewrite_links(html) == (
        '<a >flux</a><a >source</a><a >api</a><a href="../../fiches/x/index.html">fiche</a><a '
        'href="../themes/2026-11.ics">ics</a>'
    )


@pytest.mark.parametrize(
    "saved",
    [
        lambda text: b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n"),  # Windows Notepad
        lambda text: text.replace(b"\n", b"\r"),  # a classic Mac editor
    ],
    ids=["bom-crlf", "cr"],
)
def test_downloads_are_the_same_whichever_way_the_editor_saved(tmp_path: Path, saved) -> None:
    """The download of a sheet, and its copy in the corpus archive, are UTF-8 with « \\n » and no
    byte-order mark: an accepted file saved by another editor gives the same bytes."""
    from datetime import date

    from carnet.model.content import load_corpus
    from carnet.site.opendata.exports import build_exports

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    sheet = content / "fiches" / "adresse-mail.md"
    plain = sheet.read_bytes()
    sheet.write_bytes(saved(plain))
    files = build_exports(load_corpus(content), "https://carnet.example.org/", date(2026, 11, 23))
    assert files["exports/fiches/adresse-mail.md"] == plain
    with zipfile.ZipFile(io.BytesIO(files["exports/carnet-de-terrain-contenus.zip"])) as archive:
        assert archive.read("content/fiches/adresse-mail.md") == plain
