"""Shared fixtures: the fixed « today » of every test and content trees built in tmp_path."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CASES = Path(__file__).parent / "cases"
TODAY = date(2026, 11, 23)
FIXTURE = Path(__file__).parent / "site_fixture" / "content"
SCREENSHOTS = Path(__file__).parent / "screenshots"

# One « today » for the whole run: the Python side reads it from CARNET_AUJOURDHUI (so do the
# `carnet` subprocesses the tests start), the browsers get it pinned by tests/browser.py. Nothing in
# the suite reads the real clock, so it passes on any day (`make test` proves it a year ahead).
os.environ["CARNET_AUJOURDHUI"] = TODAY.isoformat()
# Builds keep their cache (.cache/carnet/) in a folder of the run's own, never in the checkout; the
# builds of one run share it, as successive `carnet build` do (tests/test_build_cache.py).
os.environ["CARNET_CACHE"] = tempfile.mkdtemp(prefix="carnet-cache-essais-")
atexit.register(shutil.rmtree, os.environ["CARNET_CACHE"], ignore_errors=True)


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


def _built(content: Path, out: Path) -> Path:
    """Build a site from a content folder on the run's « today »."""
    from carnet.site.runner import run_build

    run_build(str(REPO / "mkdocs.yml"), str(content), str(out))
    return out


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once from tests/site_fixture."""
    return _built(FIXTURE, tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def starter_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the repository's own content/, with its search index."""
    return _built(REPO / "content", tmp_path_factory.mktemp("starter") / "site")
