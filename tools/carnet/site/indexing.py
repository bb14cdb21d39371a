"""What Pagefind reads of a page, fed from memory as the pages are built: no copy on disk.

`pagefind --service` (the binary of the `pagefind[bin]` package) reads requests on its standard
input, each one base64-encoded JSON followed by a comma, and answers the same way. This client
writes them as the pages come and reads the answers in a thread, so that Pagefind parses a page
while the build renders the next one (Pagefind's own Python API waits a tenth of a second for each
answer: fifteen minutes at 10,000 sheets). A page is sent as its searchable part without French
function words (`index_document`), in the build's order.

The bundle is asked for in memory (GetFiles) and written here: the service answers WriteFiles
before its last writes reach the disk, and it stops as soon as its input is closed.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path


class SearchError(Exception):
    """Pagefind failed: the message is in French."""


# French function words: on every page, they fill the index chunks that every query downloads, and
# they tell nothing about a page. They are left out of the index, and out of queries (same list).
STOPWORDS = frozenset(
    (  # noqa: SIM905 (a list of 78 one-word strings would take 78 lines)
        "a à au aux avec ce ces cet cette d dans de des du elle elles en et eux il ils je l la le "
        "les leur leurs lui m ma mais me mes moi mon n ne nos notre nous on ou par pas pour qu que "
        "qui s sa se ses si son sur t ta te tes toi ton tu un une vos votre vous y c ça est sont "
        "été être avoir ont"
    ).split()
)
TEXT = re.compile(r">([^<]+)<")
ELIDED = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)(?:'|’|&#x27;|&#39;)", re.I)
PUNCTUATION = ".,;:!?«»()\"'’"


@functools.lru_cache(maxsize=1 << 17)  # a few thousand words make most of any page
def _keep(word: str) -> str:
    if "'" in word or "’" in word or "&#" in word:
        word = ELIDED.sub("", word)
    return "" if word.strip(PUNCTUATION).lower() in STOPWORDS else word


def _without_stopwords(text: str) -> str:
    return " ".join(filter(None, map(_keep, text.split())))


def index_html(html: str) -> str:
    """The page as the index sees it: its searchable part without French function words."""
    start = html.find("<div data-pagefind-body>")
    end = html.find("</article>", start)
    if start < 0 or end < 0:
        return html
    return html[:start] + _stripped(html[start:end]) + html[end:]


def _stripped(html: str) -> str:
    """Every text of an HTML part without function words."""
    return TEXT.sub(
        lambda m: (
            ">" + (_without_stopwords(m.group(1)) if m.group(1).strip() else m.group(1)) + "<"
        ),
        html,
    )


def index_document(html: str) -> str | None:
    """What Pagefind reads of a built page: None when the page is not searchable.

    The page's searchable part, without function words, in a document of its own: the header, the
    navigation and the scripts around it (four fifths of a page) would only cost parsing time.
    Every `data-pagefind-*` mark of a page is inside that part.
    """
    if "data-pagefind-body" not in html:
        return None
    start = html.find("<div data-pagefind-body>")
    end = html.find("</article>", start)
    if start < 0 or end < 0:
        return index_html(html)
    body = _stripped(html[start:end])
    return f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"></head><body>{body}</body>'


def content_document(content: str) -> str:
    """What Pagefind reads of a page, from its content's HTML before the template wraps it.

    The template (theme/main.html) puts a searchable page's content in `data-pagefind-body`, and
    around it only icons and the printed page's address: the document is the same, and it is ready
    while MkDocs renders the other pages' Markdown, so Pagefind reads it on the idle core.
    """
    document = index_document(f"<div data-pagefind-body>{content}</div></article>")
    assert document is not None
    return document


FAILED = "l'index de recherche n'a pas pu être construit : "


class PagefindIndexer:
    """One Pagefind index, in a `pagefind --service` process, filled page by page."""

    def __init__(self) -> None:
        from pagefind.service import get_executable

        binary = get_executable()
        if binary is None:
            raise SearchError(FAILED + "le programme pagefind est introuvable (pagefind[bin])")
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        try:
            self.process = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.errors,
            )
        except OSError as exc:
            self.errors.close()
            reason = f"le programme {binary} ne démarre pas ({exc.strerror})"
            raise SearchError(FAILED + reason) from None
        self.answers: dict[int, dict] = {}
        self.failures: list[str] = []
        self.arrived = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.last = 0
        self.pages = 0
        created = self._wait(self._send({"type": "NewIndex", "config": {"force_language": "fr"}}))
        self.index = created["index_id"]
        self.written = 0
        self.target = Path()

    def add(self, path: str, html: str) -> None:
        """Index a built page (path in the site, `fiches/x/index.html`), if it is searchable."""
        document = index_document(html)
        if document is not None:
            self.add_document(path, document)

    def add_document(self, path: str, document: str) -> None:
        """Index what `index_document` made of a page (the build cache keeps it)."""
        self.pages += 1
        self._send(
            {
                "type": "AddFile",
                "index_id": self.index,
                "file_path": path,
                "url": None,
                "file_contents": document,
            }
        )

    def write(self, target: Path) -> None:
        """Ask for the bundle in `target`: it is made and written while the caller goes on."""
        shutil.rmtree(target, ignore_errors=True)
        self.target = target
        self.written = self._send({"type": "GetFiles", "index_id": self.index})

    def finish(self) -> None:
        """Wait until the bundle is written; SearchError if any page or the writing failed."""
        try:
            self._wait(self.written)
            if self.failures:
                raise SearchError(FAILED + "; ".join(dict.fromkeys(self.failures)))
        finally:
            self.close()

    def close(self) -> None:
        """Stop the service (after `finish`, or when the build fails); closing twice is harmless."""
        if self.errors.closed:
            return
        if self.process.stdin and not self.process.stdin.closed:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=5)
        self.errors.close()

    def _send(self, payload: dict) -> int:
        assert self.process.stdin is not None
        self.last += 1
        message = json.dumps({"message_id": self.last, "payload": payload}).encode("utf-8")
        try:
            self.process.stdin.write(base64.b64encode(message) + b",")
            self.process.stdin.flush()
        except OSError:
            raise SearchError(FAILED + (self._stderr() or "Pagefind s'est arrêté")) from None
        return self.last

    def _wait(self, message: int) -> dict:
        with self.arrived:
            self.arrived.wait_for(
                lambda: message in self.answers or not self.reader.is_alive(), timeout=3600
            )
        answer = self.answers.get(message)
        if answer is None:
            raise SearchError(FAILED + (self._stderr() or "Pagefind s'est arrêté"))
        if answer.get("type") == "Error":
            raise SearchError(FAILED + str(answer.get("message", "")))
        return answer

    def _read(self) -> None:
        """The answers, in a thread: the bundle (tens of megabytes at 10,000 sheets) comes whole."""
        stdout = self.process.stdout
        assert isinstance(stdout, io.BufferedReader)
        chunks: list[bytes] = []
        try:
            while chunk := stdout.read1(1 << 20):
                *ends, rest = chunk.split(b",")
                for end in ends:
                    self._receive(json.loads(base64.b64decode(b"".join([*chunks, end]))))
                    chunks = []
                chunks.append(rest)
        except Exception as exc:  # a bundle that cannot be written: said by finish()
            self.failures.append(str(exc))
        with self.arrived:
            self.arrived.notify_all()

    def _receive(self, answer: dict) -> None:
        payload = answer.get("payload") or {}
        if payload.get("type") == "Error":
            self.failures.append(str(payload.get("message", "")))
        if payload.get("type") == "IndexedFile":
            return  # one per page: nobody waits for it
        if payload.get("type") == "GetFiles":
            for file in payload.pop("files"):
                path = self.target / file["path"]
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(base64.b64decode(file["content"]))
        with self.arrived:
            if answer.get("message_id") is not None:
                self.answers[answer["message_id"]] = payload
            self.arrived.notify_all()

    def _stderr(self) -> str:
        self.errors.seek(0)
        return self.errors.read().decode("utf-8", "replace").strip()


def index_folder(site: Path) -> None:
    """Index a built site from its files (`carnet serve`, benchmarks): every page, in path order."""
    indexer = PagefindIndexer()
    try:
        for page in sorted(site.rglob("index.html")):
            indexer.add(page.relative_to(site).as_posix(), page.read_text("utf-8"))
        indexer.write(site / "pagefind")
        indexer.finish()
    finally:
        indexer.close()


def main(argv: list[str]) -> int:
    """`python -m carnet.site.indexing SITE`: the preview's background indexing, at low priority
    (at 10,000 sheets it takes tens of seconds, and the next save must not wait for it)."""
    os.nice(10)
    try:
        index_folder(Path(argv[0]))
    except SearchError as exc:
        print(exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
