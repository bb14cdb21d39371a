"""Facilitators' parts of the site: feeds, meeting invitations, the review page and the
dashboard."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from bs4 import BeautifulSoup
from icalendar import Calendar

ATOM = "{http://www.w3.org/2005/Atom}"


def article(site: Path, path: str):
    return BeautifulSoup((site / path / "index.html").read_text("utf-8"), "html.parser").select_one(
        "article"
    )


def feed(site: Path, name: str) -> ET.Element:
    return ET.fromstring((site / "flux" / name).read_bytes())


def test_feeds_follow_rfc_4287(fixture_site: Path) -> None:
    for name in ("nouveautes.xml", "themes.xml", "dysfonctionnements.xml"):
        root = feed(fixture_site, name)
        assert root.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated", "author"):
            assert root.find(f"{ATOM}{required}") is not None, (name, required)
        assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith(f"/flux/{name}")
        for entry in root.findall(f"{ATOM}entry"):
            for required in ("id", "title", "updated", "link", "summary"):
                assert entry.find(f"{ATOM}{required}") is not None, (name, required)


def test_news_feed_entries_newest_first_with_stable_ids(fixture_site: Path) -> None:
    entries = feed(fixture_site, "nouveautes.xml").findall(f"{ATOM}entry")
    ids = [e.find(f"{ATOM}id").text for e in entries]
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert ids[0] == "https://carnet-de-terrain.github.io/carnet-de-terrain/fiches/adresse-mail/"
    assert len(ids) == len(set(ids)) == 6


def test_malfunction_feed_says_the_status(fixture_site: Path) -> None:
    titles = [
        e.find(f"{ATOM}title").text
        for e in feed(fixture_site, "dysfonctionnements.xml").findall(f"{ATOM}entry")
    ]
    # Both are examples in the fixture: feed readers show the title alone, so it says so.
    assert titles == [
        "[Exemple] [Actif · Bloquant] L'envoi d'un justificatif échoue",
        "[Exemple] [Résolu · Gênant] Un ancien problème de connexion",
    ]


def test_feeds_are_announced_in_every_head(fixture_site: Path) -> None:
    soup = BeautifulSoup(
        (fixture_site / "fiches/adresse-mail/index.html").read_text("utf-8"), "html.parser"
    )
    links = soup.select("head link[type='application/atom+xml']")
    assert [link["href"] for link in links] == [
        "../../flux/nouveautes.xml",
        "../../flux/themes.xml",
        "../../flux/dysfonctionnements.xml",
    ]


def test_meeting_invitation(fixture_site: Path) -> None:
    calendar = Calendar.from_ical((fixture_site / "themes" / "2026-11.ics").read_bytes())
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["UID"]) == "rencontre-2026-11@carnet-de-terrain.github.io.carnet-de-terrain"
    assert event["DTSTART"].dt.isoformat() == "2026-11-26T14:00:00+01:00"
    assert str(event["LOCATION"]) == "En visio"
    assert not (fixture_site / "themes" / "2026-10.ics").exists()  # no meeting announced
    page = article(fixture_site, "themes/2026-11")
    link = page.find("a", string="Ajouter à mon agenda (.ics)")
    assert link["href"] == "../2026-11.ics"


def test_review_page_lists_what_needs_a_check(fixture_site: Path) -> None:
    items = [
        li.get_text(" ", strip=True) for li in article(fixture_site, "a-reverifier").select("ol li")
    ]
    assert items == [
        "Construire un mot de passe solide — fiche pratique, vérifiée le 1er\u00a0mars\u00a02026, "
        "à revérifier depuis le 1er\u00a0septembre\u00a02026, fraîcheur 85\u00a0% · Équipe Carnet"
    ]


def test_dashboard_charts_have_their_figures(fixture_site: Path) -> None:
    page = article(fixture_site, "tableau-de-bord")
    charts = page.select("figure.carnet-graphique svg")
    assert len(charts) == 8  # the fixture's only départements are in example content: no map
    assert all(svg.get("role") == "img" and svg.find("title").get_text() for svg in charts)
    tables = {t.caption.get_text(): t for t in page.select("table")}
    rows = {
        tr.find_all("td")[0].get_text(): [td.get_text() for td in tr.find_all("td")[1:]]
        for tr in tables["Couverture par administration"].select("tbody tr")
    }
    # Example content is never counted: CAF's active malfunction and France Travail's «
    # actualisation » are examples.
    assert rows["Caisse d'allocations familiales"] == ["2", "50\u00a0%", "0"]
    assert rows["France Travail"] == ["1", "0\u00a0%", "0"]
    fresh = {
        tr.find_all("td")[0].get_text(): tr.find_all("td")[1].get_text()
        for tr in tables["Répartition de la fraîcheur"].select("tbody tr")
    }
    assert fresh["Fraîche (1)"] == "1" and fresh["0,75 à 1"] == "1"


def test_next_months_theme_is_news_today_with_its_meeting(tmp_path: Path) -> None:
    """Announced on the 23rd, December's theme is dated the 23rd in the feed (not in the future) and
    its summary gives the meeting's date."""
    import shutil

    from carnet.model.content import load_corpus
    from carnet.site.feeds import build_feeds
    from conftest import FIXTURE, TODAY

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    november = (content / "themes" / "2026-11.md").read_text("utf-8")
    (content / "themes" / "2026-12.md").write_text(
        november.replace("date: 2026-11-26", "date: 2026-12-17").replace(
            "Quand personne ne répond", "Les démarches de fin d'année"
        ),
        encoding="utf-8",
    )
    feed = BeautifulSoup(
        build_feeds(load_corpus(content), "https://carnet.example.org/", TODAY)["flux/themes.xml"],
        "xml",
    )
    december = next(e for e in feed.find_all("entry") if e.id.text.endswith("/themes/2026-12/"))
    assert december.updated.text.startswith(TODAY.isoformat())
    assert (
        "Rencontre le 17\u00a0décembre\u00a02026 à 14\u00a0h — En visio." in december.summary.text
    )
    november_entry = next(
        e for e in feed.find_all("entry") if e.id.text.endswith("/themes/2026-11/")
    )
    assert (
        "Rencontre le 26\u00a0novembre\u00a02026" in november_entry.summary.text
    )  # not past on the 23rd
    (content / "themes" / "2026-11.md").write_text(
        november.replace("date: 2026-11-26", "date: 2026-11-20"), encoding="utf-8"
    )
    feed = BeautifulSoup(
        build_feeds(load_corpus(content), "https://carnet.example.org/", TODAY)["flux/themes.xml"],
        "xml",
    )
    past = next(e for e in feed.find_all("entry") if e.id.text.endswith("/themes/2026-11/"))
    assert "Rencontre" not in past.summary.text  # a past meeting is never announced
