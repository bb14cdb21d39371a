"""The built site, read with an HTML parser: hubs list exactly their items, pages carry their badges."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest
from bs4 import BeautifulSoup

from browser import PREFIX
from carnet.site.runner import SiteError, run_build
from conftest import FIXTURE, REPO


@pytest.fixture
def site(fixture_site: Path) -> Path:
    return fixture_site


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text("utf-8"), "html.parser")


def article(soup: BeautifulSoup):
    return soup.select_one("article.md-content__inner")


def section_links(soup: BeautifulSoup, heading: str, level: str = "h2") -> list[str]:
    """Link texts between a heading and the next heading of the same level."""
    start = next(h for h in article(soup).find_all(level) if h.get_text(strip=True) == heading)
    texts = []
    for node in start.find_all_next():
        if node.name == level or (level == "h3" and node.name == "h2"):
            break
        if node.name == "a" and node.find_parent("li"):
            texts.append(node.get_text(strip=True))
    return texts


def test_administration_hub_lists_exactly_its_items(site: Path) -> None:
    soup = page(site, "administrations/caf")
    assert article(soup).h1.get_text(strip=True) == "Caisse d'allocations familiales (CAF)"
    assert section_links(soup, "Dysfonctionnements en cours") == [
        "L'envoi d'un justificatif échoue"
    ]
    assert section_links(soup, "Créer et utiliser une adresse e-mail", "h3") == [
        "Construire un mot de passe solide",
        "Créer une adresse e-mail",
    ]
    assert section_links(soup, "Créer et gérer ses mots de passe", "h3") == [
        "Construire un mot de passe solide"
    ]
    assert section_links(soup, "Anecdotes") == ["Trois adresses pour une seule personne"]


def test_former_names_lead_to_the_hub(site: Path) -> None:
    text = article(page(site, "administrations/france-travail")).get_text(" ", strip=True)
    assert "Anciennement\u00a0: Pôle emploi" in text
    index = article(page(site, "administrations")).get_text(" ", strip=True)
    assert "France Travail (2\u00a0fiches) — anciennement Pôle emploi" in index


def test_competence_hub_is_a_path_from_beginner_to_advanced(site: Path) -> None:
    soup = page(site, "competences/messagerie")
    levels = [h.get_text(strip=True) for h in article(soup).find_all("h3")]
    assert levels == ["Débutant", "Intermédiaire", "Avancé"]
    assert "Compétence Pix\u00a0: 2.1" in article(soup).get_text(" ", strip=True)


def test_sheet_page_badges_banners_and_surroundings(site: Path) -> None:
    soup = page(site, "fiches/adresse-mail")
    badges = {
        a.get_text(strip=True): a.get("href") for a in article(soup).select(".carnet-badges a")
    }
    assert badges == {
        "Personnes âgées": "../../publics/seniors/",
        "France Travail": "../../administrations/france-travail/",
        "Caisse d'allocations familiales": "../../administrations/caf/",
        "Créer et utiliser une adresse e-mail": "../../competences/messagerie/",
    }
    spans = [s.get_text(strip=True) for s in article(soup).select(".carnet-badges span")]
    assert spans == ["Débutant", "45\u00a0min"]
    text = article(soup).get_text(" ", strip=True)
    assert "Vérifiée le 20\u00a0novembre\u00a02026" in text
    assert not article(soup).select(".admonition.warning") and not article(soup).select(
        ".admonition.example"
    )
    # related both ways: it points to mot-de-passe, and trois-adresses points to it
    assert section_links(soup, "Pour aller plus loin") == [
        "Construire un mot de passe solide",
        "Trois adresses pour une seule personne",
    ]
    assert section_links(soup, "Liens officiels") == ["Service-Public.fr"]
    assert "Auteurs\u00a0: Équipe Carnet, Anonyme" in text
    edit = article(soup).select_one("a.carnet-edit")
    assert edit.get_text(strip=True) == "Proposer une correction"
    assert (
        edit["href"]
        == "https://github.com/carnet-de-terrain/carnet-de-terrain/edit/main/content/fiches/adresse-mail.md"
    )


def test_banners_for_stale_and_example_sheets(site: Path) -> None:
    stale = article(page(site, "fiches/mot-de-passe"))
    assert (
        stale.select_one(".admonition.warning .admonition-title").get_text(strip=True)
        == "À revérifier"
    )
    example = article(page(site, "fiches/actualisation"))
    assert (
        example.select_one(".admonition.example .admonition-title").get_text(strip=True)
        == "Contenu d'exemple"
    )
    assert not example.select(".admonition.warning")


def test_malfunction_page(site: Path) -> None:
    soup = article(page(site, "dysfonctionnements/caf-envoi-bloque"))
    assert [s.get_text(strip=True) for s in soup.select(".carnet-badges span")] == [
        "Actif",
        "Bloquant",
    ]
    timeline = [li.get_text(" ", strip=True) for li in soup.select(".carnet-timeline li")]
    assert timeline == [
        "10\u00a0septembre\u00a02026 — département\u00a063",
        "12\u00a0octobre\u00a02026 — département\u00a02B — Vu aussi.",
    ]
    text = soup.get_text(" ", strip=True)
    assert (
        "constaté depuis le 1er\u00a0septembre\u00a02026" in text
        and "2\u00a0confirmations du terrain" in text
    )
    assert "Services Publics+, le 11\u00a0septembre\u00a02026" in text
    assert section_links(soup.parent, "Signaler ce problème à l'administration") == [
        "Caisse d'allocations familiales"
    ]


def test_malfunctions_board(site: Path) -> None:
    soup = article(page(site, "dysfonctionnements"))
    tables = {h.get_text(strip=True): h.find_next_sibling() for h in soup.find_all("h2")}

    def rows(table):
        if table.name != "table":
            return []
        return [
            [td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in table("tr")[1:]
        ]

    assert rows(tables["Actifs"]) == [
        [
            "L'envoi d'un justificatif échoue (exemple)",
            "Caisse d'allocations familiales",
            "Actif",
            "Bloquant",
            "2",
            "12\u00a0octobre\u00a02026",
        ]
    ]
    assert rows(tables["Contournés"]) == []
    assert [r[0] for r in rows(tables["Résolus"])] == ["Un ancien problème de connexion (exemple)"]


def test_home_and_themes(site: Path) -> None:
    home = article(page(site, "."))
    text = home.get_text(" ", strip=True)
    assert "Le thème du mois\u00a0: Quand personne ne répond" in text
    assert "Rencontre du réseau le 26\u00a0novembre\u00a02026 à 14\u00a0h — En visio" in text
    assert section_links(home.parent, "Dysfonctionnements en cours") == [
        "L'envoi d'un justificatif échoue"
    ]
    archive = [a.get_text(strip=True) for a in article(page(site, "themes")).select("li a")]
    assert archive == ["Quand personne ne répond", "Arnaques et hameçonnage"]


def test_navigation_lists_hubs_never_sheets(site: Path) -> None:
    nav = page(site, "fiches/adresse-mail").select_one("nav.md-nav--primary")
    labels = [a.get_text(strip=True) for a in nav.select("a.md-nav__link")]
    assert "Créer une adresse e-mail" not in labels
    assert {"Fiches pratiques", "Administrations", "Compétences", "Dysfonctionnements"} <= set(
        labels
    )


def test_every_internal_link_resolves_and_nothing_is_fetched_elsewhere(site: Path) -> None:
    for html in site.rglob("*.html"):
        if html.name == "404.html":  # served from any depth: its links are absolute on purpose
            continue
        soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for node in soup.find_all(tag):
                url = node.get(attr)
                if not url or url.startswith(("mailto:", "#")):
                    continue
                parsed = urlparse(url)
                if parsed.scheme:
                    fetched = tag != "a" and not set(node.get("rel") or []) & {
                        "canonical",
                        "alternate",
                    }
                    assert not fetched, f"{html}: {tag} loads {url} from a third party"
                    continue
                target = (html.parent / unquote(urldefrag(parsed.path)[0])).resolve()
                assert target.exists() and (target.is_file() or (target / "index.html").exists()), (
                    f"{html}: {url}"
                )


def test_sheet_page_is_small(site: Path) -> None:
    assert (site / "fiches/adresse-mail/index.html").stat().st_size < 40_000


@pytest.mark.parametrize(
    "break_it, message",
    [
        # Refused before anything is written: the content check.
        (
            lambda c, env: (c / "fiches" / "adresse-mail.md").write_text(
                "---\ntitre: x\n", encoding="utf-8"
            ),
            "voir les messages ci-dessus",
        ),
        # Refused at the end: the search index (made beside the build) could not be written.
        (
            lambda c, env: env.setenv("PAGEFIND_BINARY_PATH", "/bin/false"),
            "l'index de recherche n'a pas pu être construit",
        ),
        (
            lambda c, env: env.setenv("PAGEFIND_BINARY_PATH", str(c / "pagefind-absent")),
            "l'index de recherche n'a pas pu être construit : le programme .* ne démarre pas",
        ),
        # Refused after every page was written to the side folder: a broken link in strict mode.
        (
            lambda c, env: (c / "pages" / "a-propos.md").write_text(
                (c / "pages" / "a-propos.md").read_text("utf-8")
                + "\nVoir [la page disparue](disparue.md).\n",
                encoding="utf-8",
            ),
            "la construction a échoué en mode strict",
        ),
    ],
    ids=["contenu", "recherche", "recherche-absente", "strict"],
)
def test_failed_build_keeps_previous_site(
    fixture_site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    break_it,
    message: str,
) -> None:
    """The build stops with the reason in French (in the error or the log above it), and the
    published folder is left exactly as it was."""
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    broken = tmp_path / "content"
    shutil.copytree(FIXTURE, broken)
    break_it(broken, monkeypatch)
    before = sorted((p.relative_to(site), p.stat().st_mtime_ns) for p in site.rglob("*"))
    with pytest.raises(SiteError) as failure:
        run_build(str(REPO / "mkdocs.yml"), str(broken), str(site))
    said = str(failure.value) + caplog.text
    assert re.search(message, said), said
    assert "Traceback" not in said
    assert sorted((p.relative_to(site), p.stat().st_mtime_ns) for p in site.rglob("*")) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")]


def test_a_content_folder_without_free_pages_builds(tmp_path: Path) -> None:
    """A network starting from its own content/: no pages/, no themes, no stories."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    for folder in ("pages", "themes", "anecdotes"):
        shutil.rmtree(content / folder)
    site = tmp_path / "site"
    run_build(str(REPO / "mkdocs.yml"), str(content), str(site))
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    nav = [
        a.get_text(" ", strip=True)
        for a in home.select("nav.md-nav--primary a.md-nav__link")
        if not a["href"].startswith("#")
    ]  # the home page's own headings are in the nav too
    assert "Fiches pratiques" in nav and "Proposer un contenu" in nav
    assert not {
        "À propos",
        "Charte de contribution",
        "Contribuer",
        "Licence et mentions légales",
    } & set(nav)
    for html in site.rglob("*.html"):
        for link in BeautifulSoup(html.read_text("utf-8"), "html.parser").find_all("a", href=True):
            url = link["href"]
            if urlparse(url).scheme or url.startswith(("mailto:", "#")):
                continue
            path = unquote(urldefrag(urlparse(url).path)[0])
            # 404.html links from the published root (/carnet-de-terrain/…): it is served at any depth.
            base = site if path.startswith("/") else html.parent
            target = (base / path.removeprefix(PREFIX + "/").lstrip("/")).resolve()
            assert target.exists(), f"{html.relative_to(site)} → {url}"


def test_every_generated_address_is_reserved(tmp_path: Path) -> None:
    """No content file can take the address of a page or file the site generates (checker and importer)."""
    from carnet.model.content import RESERVED_IDS, RESERVED_PAGE_IDS, load_corpus
    from carnet.site.build import build_assets, build_site
    from carnet.site.pages.common import SiteSettings
    from conftest import TODAY

    corpus = load_corpus(FIXTURE)
    settings = SiteSettings(today=TODAY)
    from_content = {f"{d.path.parent.name}/{d.id}.md" for d in corpus.documents if d.kind != "page"}
    from_content |= {f"{d.id}.md" for d in corpus.documents if d.kind == "page"}
    generated = [p.src_uri for p in build_site(corpus, settings)] + list(
        build_assets(corpus, settings)
    )
    for path in generated:
        if path in from_content:
            continue
        parts = path.removesuffix(".md").split("/")
        if len(parts) == 1:
            assert parts[0] in RESERVED_PAGE_IDS, path
        elif parts[0] in ("fiches", "anecdotes", "dysfonctionnements", "themes") and path.endswith(
            ".md"
        ):
            # A content file sits right in its folder: deeper pages (a theme's « imprimer ») take no id.
            assert len(parts) > 2 or parts[-1] in RESERVED_IDS, path
        else:
            assert parts[0] in RESERVED_PAGE_IDS, path


def test_the_checker_knows_every_heading_a_content_page_has(starter_site: Path) -> None:
    """`carnet check` refuses a link to an anchor a page will not have (the strict build would stop
    in English): it must know every heading id the builders give a page, or it would refuse good
    links."""
    from carnet.checking.rules.links import page_anchors
    from carnet.model.content import KIND_FOLDER, LINKABLE, load_corpus

    corpus = load_corpus(REPO / "content")
    pages = [doc for kind in LINKABLE for doc in corpus.of_kind(kind)]
    assert len(pages) > 50
    for doc in pages:
        html = (starter_site / KIND_FOLDER[doc.kind] / doc.id / "index.html").read_text("utf-8")
        article = BeautifulSoup(html, "html.parser").article
        ids = {h["id"] for h in article.select("h2[id], h3[id], h4[id], h5[id], h6[id]")}
        assert ids <= set(page_anchors(doc.body)), doc.rel


def test_the_404_page_addresses_have_no_double_slash(starter_site: Path) -> None:
    """The 404 page answers at any depth, so its addresses are absolute (`/carnet-de-terrain/…`):
    « /carnet-de-terrain//fiches/ » is another address, which a host need not serve."""
    soup = BeautifulSoup((starter_site / "404.html").read_text("utf-8"), "html.parser")
    addresses = [e.get(attr) for attr in ("href", "src") for e in soup.find_all(attrs={attr: True})]
    local = [a for a in addresses if a.startswith("/")]
    assert any(a.startswith(f"{PREFIX}/fiches/") for a in local)
    assert [a for a in local if "//" in a] == []


def test_a_link_whose_text_is_its_address_prints_it_once(starter_site: Path) -> None:
    """On paper, outside links get their address after them, except those whose text already is
    it (« https://www.caf.fr (https://www.caf.fr) » on an administration's printed page)."""
    pages = [starter_site / "administrations" / "caf" / "index.html"]
    pages += sorted((starter_site / "dysfonctionnements").glob("*/index.html"))
    same = []
    for path in pages:
        article = BeautifulSoup(path.read_text("utf-8"), "html.parser").article
        same += [
            link
            for link in article.select('a[href^="http"]')
            if link.get_text(strip=True) == link["href"]
        ]
    assert len(same) >= 2  # the CAF's site, and malfunctions' addresses
    assert all("carnet-adresse" in link.get("class", []) for link in same)
