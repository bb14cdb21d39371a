"""The repository's own content/ checks clean, and covers what the starter corpus promises."""

from __future__ import annotations

from datetime import date

from carnet.check import check_corpus
from carnet.content import load_corpus
from conftest import REPO

TODAY = date(2026, 11, 23)


def test_repository_content_has_no_error() -> None:
    corpus = load_corpus(REPO / "content")
    errors = [f for f in check_corpus(corpus, TODAY) if f.is_error]
    assert errors == []


def test_referentiels_are_complete() -> None:
    corpus = load_corpus(REPO / "content")
    admins = corpus.referentiels["administrations"].entries
    assert len(admins) >= 15
    assert "Pôle emploi" in admins["france-travail"]["anciens_noms"]
    assert corpus.referentiels["administrations"].suggest("pole-emploi").startswith("vouliez-vous dire « france-travail »")
    pix = {c.get("pix") for c in corpus.referentiels["competences"].entries.values()}
    assert pix - {None} <= {f"{a}.{b}" for a in range(1, 6) for b in range(1, 5)}
    assert len(corpus.referentiels["publics"].entries) >= 7
