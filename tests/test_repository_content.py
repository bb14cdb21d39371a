"""The repository's own content/ checks clean, and covers what the starter corpus promises."""

from __future__ import annotations

from carnet.checking.check import check_corpus
from carnet.model.content import load_corpus
from conftest import REPO, TODAY


def test_repository_content_has_no_error() -> None:
    corpus = load_corpus(REPO / "content")
    errors = [f for f in check_corpus(corpus, TODAY) if f.is_error]
    assert errors == []


def test_referentiels_are_complete() -> None:
    corpus = load_corpus(REPO / "content")
    admins = corpus.referentiels["administrations"].entries
    assert len(admins) >= 15
    assert "Pôle emploi" in admins["france-travail"]["anciens_noms"]
    assert (
        corpus.referentiels["administrations"]
        .suggest("pole-emploi")
        .startswith("vouliez-vous dire « france-travail »")
    )
    pix = {c.get("pix") for c in corpus.referentiels["competences"].entries.values()}
    assert pix - {None} <= {f"{a}.{b}" for a in range(1, 6) for b in range(1, 5)}
    assert len(corpus.referentiels["publics"].entries) >= 7


def test_starter_corpus_covers_the_field() -> None:
    corpus = load_corpus(REPO / "content")
    fiches, anecdotes, malfunctions = (
        corpus.of_kind(k) for k in ("fiche", "anecdote", "dysfonctionnement")
    )
    assert len(fiches) >= 30 and len(anecdotes) >= 8 and len(malfunctions) >= 6
    for key in ("administrations", "competences"):
        used = {i for f in fiches for i in f.get(key) or []}
        assert set(corpus.referentiels[key].entries) <= used, f"{key} without a fiche"
    audiences = {i for d in fiches + anecdotes for i in d.get("publics") or []}
    assert set(corpus.referentiels["publics"].entries) <= audiences
    assert all(d.get("exemple") is True for d in malfunctions)
    assert {d.get("statut") for d in malfunctions} == {"actif", "contourne", "resolu"}
    assert {d.get("gravite") for d in malfunctions} == {"bloquant", "genant", "mineur"}
    assert all(a.get("anonymisee") is True for a in anecdotes)


def test_themes_of_this_month_and_the_two_before() -> None:
    corpus = load_corpus(REPO / "content")
    themes = {t.id: t for t in corpus.of_kind("theme")}
    assert {"2026-09", "2026-10", "2026-11"} <= set(themes)
    assert themes["2026-11"].get("rencontre", {}).get("date", "").startswith("2026-11")
    pages = {p.id for p in corpus.of_kind("page")}
    assert {"accueil", "a-propos", "charte", "contribuer", "licence"} <= pages


def test_official_links_are_https() -> None:
    corpus = load_corpus(REPO / "content")
    for doc in corpus.of_kind("fiche"):
        for entry in doc.get("liens") or []:
            assert entry["url"].startswith("https://"), doc.rel
