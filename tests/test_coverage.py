"""The starter sheets cover the field: every item of the workshop's list of training modules and of
its « points de vigilance » (seed 004) maps to at least one existing practice sheet.

The mapping is data (tests/couverture.yml, the items copied word for word from the seed, which lives
outside the repository): 32 modules and 13 points, each with the sheets that cover it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from carnet.model.content import load_corpus
from conftest import REPO

COVERAGE = yaml.safe_load((Path(__file__).parent / "couverture.yml").read_text("utf-8"))
SECTIONS = ("modules", "vigilance")


def normalise(text: str) -> str:
    """One space for every run of spaces, line breaks and no-break spaces."""
    return re.sub(r"\s+", " ", text).strip()


def entries() -> list[tuple[str, dict]]:
    return [(section, entry) for section in SECTIONS for entry in COVERAGE[section]]


def test_the_mapping_is_well_formed() -> None:
    assert set(COVERAGE) == set(SECTIONS)
    for _section, entry in entries():
        assert set(entry) == {"item", "fiches"}, entry
        assert isinstance(entry["item"], str) and entry["item"].strip(), entry
        assert isinstance(entry["fiches"], list), entry
    items = [normalise(entry["item"]) for _, entry in entries()]
    assert len(items) == len(set(items)), "an item is listed twice"


def test_every_item_maps_to_an_existing_sheet() -> None:
    sheets = {doc.id for doc in load_corpus(REPO / "content").of_kind("fiche")}
    uncovered, unknown = [], []
    for section, entry in entries():
        if not entry["fiches"]:
            uncovered.append(f"{section}: {entry['item']}")
        unknown += [
            f"{section}: {entry['item']} → {sheet}"
            for sheet in entry["fiches"]
            if sheet not in sheets
        ]
    assert not uncovered, "items without a sheet:\n" + "\n".join(uncovered)
    assert not unknown, "sheets that do not exist:\n" + "\n".join(unknown)


def test_the_workshop_list_has_its_sheets() -> None:
    """The lists are the seed's, not a subset: 32 modules (with the four CléA sub-items) and 13
    points.
    """
    assert len(COVERAGE["modules"]) == 32 and len(COVERAGE["vigilance"]) == 13
    new_subjects = {
        "glossaire-numerique",
        "messagerie-au-quotidien",
        "saisir-mettre-en-forme-texte",
        "naviguer-sans-se-mettre-en-danger",
        "facile-a-lire-et-accessibilite",
        "benevole-service-civique-cadre",
        "mettre-en-service-nouvel-appareil",
    }
    mapped = {sheet for _, entry in entries() for sheet in entry["fiches"]}
    assert new_subjects <= mapped
