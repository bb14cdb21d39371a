"""The starter sheets cover the field: every item of the workshop's list of training modules and of
its « points de vigilance » (seed 004) maps to at least one existing practice sheet.

The mapping is data (tests/couverture.yml, the items copied from the seed); when the seed itself is
at hand (../shared/seeds beside the repository, as on the developers' machines and in CI), the test
also proves that the data lists exactly the seed's items, so none can be forgotten or mistyped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from carnet.content import load_corpus
from conftest import REPO

COVERAGE = yaml.safe_load((Path(__file__).parent / "couverture.yml").read_text("utf-8"))
SEED = REPO.parent / "shared" / "seeds" / "004_6847121b1074b2a0.txt"
# Each list of the seed: the line that opens it and the line that opens what follows it.
SECTIONS = {"modules": ("Modules de formation", "Préconisations"),
            "vigilance": ("Points de vigilance", "Cartographie des services")}
BULLET = re.compile(r"^(?:•|\.)\s*(.*)$")  # « • » items and the « . » sub-items under « CF CléA »


def normalise(text: str) -> str:
    """One space for every run of spaces, line breaks and no-break spaces."""
    return re.sub(r"\s+", " ", text).strip()


def seed_items(text: str, start: str, end: str) -> list[str]:
    """The bullets between the line that starts with `start` and the next that starts with `end`;
    a line that is not a bullet continues the one before it."""
    lines = [line.strip() for line in text.splitlines()]
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i, line in enumerate(lines) if i > first and line.startswith(end))
    items: list[str] = []
    for line in lines[first + 1:last]:
        if not line:
            continue
        bullet = BULLET.match(line)
        if bullet:
            items.append(bullet.group(1))
        elif items:
            items[-1] += " " + line
    return [normalise(item) for item in items]


def entries() -> list[tuple[str, dict]]:
    return [(section, entry) for section in SECTIONS for entry in COVERAGE[section]]


def test_the_mapping_is_well_formed() -> None:
    assert set(COVERAGE) == set(SECTIONS)
    for section, entry in entries():
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
        unknown += [f"{section}: {entry['item']} → {sheet}" for sheet in entry["fiches"] if sheet not in sheets]
    assert not uncovered, "items without a sheet:\n" + "\n".join(uncovered)
    assert not unknown, "sheets that do not exist:\n" + "\n".join(unknown)


def test_the_workshop_list_has_its_sheets() -> None:
    """The lists are the seed's, not a subset: 32 modules (with the four CléA sub-items) and 13 points."""
    assert len(COVERAGE["modules"]) == 32 and len(COVERAGE["vigilance"]) == 13
    new_subjects = {"glossaire-numerique", "messagerie-au-quotidien", "saisir-mettre-en-forme-texte",
                    "naviguer-sans-se-mettre-en-danger", "facile-a-lire-et-accessibilite",
                    "benevole-service-civique-cadre", "mettre-en-service-nouvel-appareil"}
    mapped = {sheet for _, entry in entries() for sheet in entry["fiches"]}
    assert new_subjects <= mapped


@pytest.mark.skipif(not SEED.exists(), reason="the seed (../shared/seeds) is not beside the repository")
def test_the_mapping_lists_exactly_the_seed_items() -> None:
    text = SEED.read_text("utf-8")
    for section, (start, end) in SECTIONS.items():
        expected = seed_items(text, start, end)
        listed = [normalise(entry["item"]) for entry in COVERAGE[section]]
        missing = [item for item in expected if item not in listed]
        extra = [item for item in listed if item not in expected]
        assert not missing, f"{section}: items of the seed without a mapping:\n" + "\n".join(missing)
        assert not extra, f"{section}: items that are not in the seed:\n" + "\n".join(extra)
        assert listed == expected, f"{section}: same items, different order"
