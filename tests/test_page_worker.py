"""The build's second process (carnet.site.page_worker): what the build says when it stops.

The whole path (search index, offline archive, cache entries made by the worker) is checked by the
site's own tests on real builds; here, the worker's failures, which a real build seldom meets.
"""

from __future__ import annotations

import io
import pickle
import zipfile
from dataclasses import asdict
from pathlib import Path

import pytest

from carnet.site.page_worker import LENGTH, PageWorker, WorkerError, WorkerOptions, serve
from conftest import TODAY

PAGE = '<!DOCTYPE html><html lang="fr"><body><article><h1>Fiche</h1></article></body></html>\n'


def options(site: Path, **changes: object) -> WorkerOptions:
    values: dict = {
        "site": str(site),
        "search": False,
        "offline": True,
        "today": TODAY.isoformat(),
        "site_url": "https://exemple.github.io/carnet/",
        "cache": None,
    }
    return WorkerOptions(**{**values, **changes})


def test_the_pages_sent_are_in_the_archive(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    worker = PageWorker(options(site))
    worker.send(("page", "index.html", PAGE, None, ""))
    worker.send(("page", "fiches/x/index.html", PAGE, None, ""))
    size = worker.finish()
    archive = next((site / "hors-ligne").glob("*.zip"))
    assert size == archive.stat().st_size
    names = zipfile.ZipFile(archive).namelist()
    assert any(name.endswith("/fiches/x/index.html") for name in names)


def test_a_worker_that_stops_is_said_in_french(tmp_path: Path) -> None:
    worker = PageWorker(options(tmp_path / "site"))
    worker.process.kill()
    worker.process.wait()
    with pytest.raises(WorkerError) as failure:
        for _ in range(100):  # the first writes may still fit in the pipe
            worker.send(("page", "index.html", PAGE * 1000, None, ""))
        worker.finish()
    assert str(failure.value).startswith(
        "le traitement des pages (recherche, édition hors ligne) s'est arrêté"
    )
    assert "Traceback" not in str(failure.value)
    worker.close()
    worker.close()  # twice is harmless


def test_a_failing_search_index_is_the_answer(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "absent"))
    worker = PageWorker(options(tmp_path / "site", search=True, offline=False))
    with pytest.raises(WorkerError, match="l'index de recherche n'a pas pu être construit"):
        worker.send(("contenu", "index.html", PAGE))
        worker.finish()


def frames(*messages: tuple) -> io.BytesIO:
    """The worker's input as the build writes it."""
    data = b""
    for message in messages:
        body = pickle.dumps(message)
        data += LENGTH.pack(len(body)) + body
    return io.BytesIO(data)


def test_an_input_that_ends_without_its_last_word_writes_nothing(tmp_path: Path) -> None:
    """A build stopped midway (an error, Ctrl+C) closes the worker's input: nothing is finished."""
    site = tmp_path / "site"
    stream = frames(("reglages", asdict(options(site))), ("page", "index.html", PAGE, None, ""))
    answer = serve(stream)
    assert answer["erreur"].endswith("la construction s'est interrompue")
    assert not list(site.rglob("*.zip"))
    finished = serve(frames(("reglages", asdict(options(site))), ("fin",)))
    assert finished["archive"] == next(site.rglob("*.zip")).stat().st_size
