"""The build cache: what a build made, kept in .cache/carnet/ by a hash of all it came from.

Plain Python, no MkDocs: the callers give the parts of each key (site/mkdocs_cache.py for pages,
opendata/render.py for the bodies of the JSON API). Entries live in one SQLite file, written by a
thread in transactions (compressing on the way), so no build reads one half-written and thousands
of small files cost no thousands of file openings. A key that names all the inputs of what it holds
cannot give a stale result, and deleting the folder only makes the next build a cold one. Every key
also holds the fingerprint of the carnet's own files and of the installed packages, so a new
version of either starts afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import sqlite3
import sys
import threading
import time
import zlib
from functools import cache
from pathlib import Path

FORMAT = "carnet-cache-2"
DEFAULT_DIR = ".cache/carnet"
DATABASE = "constructions.sqlite"
METADATA = (".dist-info", ".egg-info")  # an installed distribution's folder of metadata
# Entries this build did not use are deleted at its end, unless another build used them lately.
GRACE_SECONDS = 3600
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entree (cle TEXT PRIMARY KEY, tete TEXT, donnees BLOB, vue REAL)"
)


def digest(*parts: str | bytes) -> str:
    """A hex key for parts, each length-prefixed so that ("ab", "c") and ("a", "bc") differ."""
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


@cache
def code_fingerprint() -> str:
    """The carnet package's files, the Python version and every installed distribution's version."""
    package = Path(__file__).resolve().parents[1]
    parts: list[str | bytes] = [FORMAT, sys.version]
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    return digest(*parts, *installed_distributions())


def installed_distributions() -> list[str]:
    """The name and version of every installed distribution, from the names of their metadata
    folders (`mkdocs-1.6.1.dist-info`): one listing per folder of sys.path, where reading each
    distribution's metadata would take a third of a second.
    """
    found: set[str] = set()
    for folder in sys.path:
        try:
            with os.scandir(folder or ".") as entries:
                found.update(e.name for e in entries if e.name.endswith(METADATA))
        except OSError:
            continue
    return sorted(found)


def folder_fingerprint(folder: Path) -> str:
    """Every file of a folder (a theme's overrides), by path and content."""
    parts: list[str | bytes] = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


class Store:
    """Entries by key in one SQLite file; counts what the build took from it and what it rebuilt."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started = time.time()
        self.used: set[str] = set()
        self.hits = 0
        self.rebuilt = 0
        if not folder.exists():
            folder.mkdir(parents=True)
            (folder / ".gitignore").write_text("# créé par carnet build\n*\n", encoding="utf-8")
        self.reader = _connect(folder / DATABASE)
        self.pending: queue.Queue[tuple[str, str | None, bytes] | None] = queue.Queue(256)
        self.writer = threading.Thread(target=self._write_all, daemon=True)
        self.writer.start()

    def head(self, key: str) -> str | None:
        """An entry's header (what is known of a page without its text), or None."""
        row = self._select("SELECT tete FROM entree WHERE cle = ?", key)
        return None if row is None else row[0]

    def read(self, key: str) -> tuple[str | None, bytes] | None:
        """An entry's header and data, or None; what is read is kept by the final cleaning."""
        row = self._select("SELECT tete, donnees FROM entree WHERE cle = ?", key)
        if row is None:
            return None
        self.used.add(key)
        return row[0], zlib.decompress(row[1])

    def write(self, key: str, data: bytes, head: str | None = None) -> None:
        """Keep an entry (written by a thread; a cache that cannot be written only costs time)."""
        self.used.add(key)
        if self.writer.is_alive():
            self.pending.put((key, head, data))

    def finish(self) -> None:
        """Write what is pending, touch what this build used, drop what no build needs any more."""
        self.close()
        now = time.time()
        try:
            with contextlib.closing(_connect(self.folder / DATABASE)) as db:
                db.execute("BEGIN")
                touched = ((now, key) for key in self.used)
                db.executemany("UPDATE entree SET vue = ? WHERE cle = ?", touched)
                db.execute("DELETE FROM entree WHERE vue < ?", (self.started - GRACE_SECONDS,))
                db.execute("COMMIT")
        except sqlite3.Error:
            pass

    def close(self) -> None:
        """Stop the writing thread once what is pending is written (also after a failed build)."""
        if self.writer.is_alive():
            self.pending.put(None)
            self.writer.join()
        with contextlib.suppress(sqlite3.Error):
            self.reader.close()

    def summary(self) -> str:
        """« 1 234 pages reprises du cache, 3 reconstruites » (0 and 1 are singular in French)."""
        taken = "page reprise" if self.hits <= 1 else "pages reprises"
        again = "reconstruite" if self.rebuilt <= 1 else "reconstruites"
        return f"{_number(self.hits)} {taken} du cache, {_number(self.rebuilt)} {again}"

    def _select(self, query: str, key: str) -> tuple | None:
        try:
            return self.reader.execute(query, (key,)).fetchone()
        except sqlite3.Error:
            return None

    def _write_all(self) -> None:
        """The writing thread: whatever is waiting goes in one transaction, compressed."""
        try:
            db: sqlite3.Connection | None = _connect(self.folder / DATABASE)
        except sqlite3.Error:
            db = None
        done = False
        while not done:
            batch = [self.pending.get()]
            while len(batch) < 500 and not self.pending.empty():
                batch.append(self.pending.get())
            done = batch[-1] is None
            rows = [(k, h, zlib.compress(d, 1), time.time()) for k, h, d in filter(None, batch)]
            if db is None or not rows:
                continue
            try:
                db.execute("BEGIN")
                db.executemany("INSERT OR REPLACE INTO entree VALUES (?, ?, ?, ?)", rows)
                db.execute("COMMIT")
            except sqlite3.Error:  # a full disk, a locked file: this build keeps nothing more
                db.close()
                db = None
        if db is not None:
            db.close()


def pack(header: dict, parts: list[str]) -> tuple[str, bytes]:
    """A page's entry: its header as JSON (with the parts' lengths) and its parts in UTF-8."""
    encoded = [p.encode("utf-8", "xmlcharrefreplace") for p in parts]
    head = json.dumps({**header, "tailles": [len(p) for p in encoded]}, ensure_ascii=False)
    return head, b"".join(encoded)


def unpack_parts(head: str, data: bytes) -> list[str]:
    parts, start = [], 0
    for size in json.loads(head)["tailles"]:
        parts.append(data[start : start + size].decode("utf-8"))
        start += size
    return parts


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=120, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(SCHEMA)
    except sqlite3.DatabaseError:  # not a database (a damaged file): the cache starts afresh
        db.close()
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        db = sqlite3.connect(path, timeout=120, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(SCHEMA)
    return db


def _number(value: int) -> str:
    """1234 → « 1 234 », as the terminal reports write it (plain spaces)."""
    return f"{value:,}".replace(",", " ")
