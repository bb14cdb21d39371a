"""Shared fixtures: the fixed « today » of every test and content trees built in tmp_path."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CASES = Path(__file__).parent / "cases"
TODAY = date(2026, 11, 23)


def build_tree(case: Path, destination: Path) -> Path:
    """Copy a case's content/ to destination, adding the shared test référentiels if it has none."""
    content = destination / "content"
    shutil.copytree(case / "content", content)
    if not (content / "referentiels").exists():
        shutil.copytree(CASES / "_referentiels", content / "referentiels")
    return content


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARNET_AUJOURDHUI", TODAY.isoformat())
