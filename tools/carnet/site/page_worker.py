"""What each built page gives besides itself, made in a process of its own: its search document
(sent on to Pagefind), its offline copy (zipped) and its build-cache entry.

MkDocs renders pages in one Python thread; in the same process this work would take turns with it
under the GIL. In a process of its own it runs on the other core while MkDocs renders the next
page. Plain Python: `PageWorker` is the build's side, `python -m carnet.site.page_worker` the
worker's. Messages are pickled tuples, each after its length, on the worker's standard input; the
worker's one answer, at the end, is a line of JSON on its standard output.
"""

from __future__ import annotations

import contextlib
import json
import pickle
import struct
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

try:
    import fcntl
except ImportError:  # Windows has no fcntl: the pipe keeps its size
    fcntl = None  # type: ignore[assignment]

LENGTH = struct.Struct("<I")
STOPPED = "le traitement des pages (recherche, édition hors ligne) s'est arrêté"


class WorkerError(Exception):
    """The worker failed: the message is in French."""


@dataclass(frozen=True)
class WorkerOptions:
    site: str  # the folder being built
    search: bool  # index the pages with Pagefind
    offline: bool  # write the offline edition
    today: str  # ISO date: the archive's name and date
    site_url: str
    cache: str | None  # the build cache's folder, or None


class PageWorker:
    """The build's side: pages go in as MkDocs writes them, the result comes out at `finish`."""

    def __init__(self, options: WorkerOptions) -> None:
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "carnet.site.page_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.errors,
            )
        except OSError as exc:
            self.errors.close()
            raise WorkerError(
                f"{STOPPED} : {sys.executable} ne démarre pas ({exc.strerror})"
            ) from None
        _widen(self.process.stdin)
        self._send(("reglages", asdict(options)))

    def send(self, message: tuple) -> None:
        """One message, in the order MkDocs renders (the worker's `serve` says what each holds):

        - ("contenu", path, content HTML): a searchable page's Markdown is rendered;
        - ("document-cache", path, cache key): the same for a page taken from the cache;
        - ("pages",): every page's Markdown is rendered (Pagefind makes its bundle);
        - ("page", path, output, (key, header) or None, body HTML): a page is written, and kept
          in the cache when a key comes with it;
        - ("reprise", path, offline copy): a page taken from the cache is written.
        """
        self._send(message)

    def finish(self) -> int | None:
        """Wait for the search bundle and the archive: the archive's size in bytes, if any."""
        self._send(("fin",))
        result = self._answer()
        if result.get("erreur"):
            raise WorkerError(result["erreur"])
        return result.get("archive")

    def _answer(self) -> dict:
        """The worker's answer, once its input is closed; WorkerError if it has none."""
        try:
            assert self.process.stdin is not None and self.process.stdout is not None
            with contextlib.suppress(OSError):
                self.process.stdin.close()
            answer = self.process.stdout.read().decode("utf-8", "replace").strip()
            self.process.wait()
        finally:
            error = self._stderr()
            self.close()
        try:
            return json.loads(answer.splitlines()[-1])
        except (ValueError, IndexError):
            # The last line of what it printed: the reason, without a traceback.
            reason = error.splitlines()[-1] if error else "sans message"
            raise WorkerError(f"{STOPPED} : {reason}") from None

    def close(self) -> None:
        """Stop the worker (after `finish`, or when the build fails); closing twice is harmless."""
        if self.errors.closed:
            return
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self.errors.close()

    def _send(self, message: tuple) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(LENGTH.pack(len(data)) + data)
        except (OSError, ValueError):  # the worker stopped: its answer says why
            if self.errors.closed:
                raise WorkerError(STOPPED) from None
            raise WorkerError(self._answer().get("erreur") or STOPPED) from None

    def _stderr(self) -> str:
        if self.errors.closed:
            return ""
        self.errors.seek(0)
        return self.errors.read().decode("utf-8", "replace").strip()[-2000:]


def _widen(pipe: IO[bytes] | None) -> None:
    """A pipe of 1 MB instead of 64 KB (Linux): a page is about 60 KB, and the build should not
    wait each time the worker is busy with the one before."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", 1031) if fcntl else None
    if pipe is not None and set_size is not None and sys.platform == "linux":
        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe.fileno(), set_size, 1 << 20)


def messages(stream: IO[bytes]) -> Any:
    """The messages on the worker's input, until its end."""
    while header := stream.read(LENGTH.size):
        (size,) = LENGTH.unpack(header)
        yield pickle.loads(stream.read(size))


def serve(stream: IO[bytes]) -> dict:
    """The worker: every page's search document, offline copy and cache entry; then the bundle
    and the archive. The answer: {"archive": size} or {"erreur": French message}."""
    from carnet.site.build_cache import Store, pack, unpack_parts
    from carnet.site.indexing import PagefindIndexer, SearchError, content_document
    from carnet.site.offline import OfflineArchive

    incoming = messages(stream)
    kind, settings = next(incoming)
    assert kind == "reglages"
    options = WorkerOptions(**settings)
    site = Path(options.site)
    indexer = archive = store = None
    try:
        indexer = PagefindIndexer() if options.search else None
        day = date.fromisoformat(options.today)
        archive = OfflineArchive(site, day, options.site_url) if options.offline else None
        store = Store(Path(options.cache)) if options.cache else None
        bundled = finished = False
        documents: dict[str, str] = {}  # search documents made, until their page is written
        for message in incoming:
            kind = message[0]
            if kind == "contenu" and indexer:
                documents[message[1]] = content_document(message[2])
                indexer.add_document(message[1], documents[message[1]])
            elif kind == "document-cache" and indexer:
                found = store.read(message[2]) if store else None
                if found is None or found[0] is None:
                    raise WorkerError(
                        "le cache de construction a été vidé pendant la construction "
                        f"({message[1]}) : relancez-la"
                    )
                document = unpack_parts(found[0], found[1])[1]
                if document:
                    indexer.add_document(message[1], document)
            elif kind == "pages":
                if indexer and not bundled:  # made while MkDocs renders the templates
                    indexer.write(site / "pagefind")
                bundled = True
            elif kind == "page":
                _, relative, output, entry, body = message
                offline = archive.page(relative, output) if archive else ""
                document = documents.pop(relative, "")  # kept with the page in the cache
                if store and entry:
                    head, data = pack(entry[1], [output, document, offline, body])
                    store.write(entry[0], data, head)
                if archive:
                    archive.add_page(relative, offline)
            elif kind == "reprise" and archive:
                archive.add_page(message[1], message[2])
            elif kind == "fin":  # the build has written everything
                finished = True
                break
        if not finished:  # the build stopped (an error, Ctrl+C): its side folder is dropped
            return {"erreur": f"{STOPPED} : la construction s'est interrompue"}
        if indexer and not bundled:
            indexer.write(site / "pagefind")
        # The archive takes the site's other files once the build has written them all.
        size = archive.finish().stat().st_size if archive else None
        if indexer:
            indexer.finish()
        return {"archive": size}
    except (SearchError, WorkerError) as exc:
        return {"erreur": str(exc)}
    except Exception as exc:  # a full disk, an archive that cannot be written: said in French
        return {"erreur": f"{STOPPED} : {exc}"}
    finally:
        if indexer:
            indexer.close()
        if archive:
            archive.abandon()
        if store:
            store.close()


def main() -> int:
    answer = serve(sys.stdin.buffer)
    print(json.dumps(answer, ensure_ascii=False), flush=True)
    return 1 if answer.get("erreur") else 0


if __name__ == "__main__":
    sys.exit(main())
