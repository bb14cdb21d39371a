"""A static host for the benchmarks: serves a built site gzip-compressed, as GitHub Pages does,
and lets each benchmark count what it needs through `record`."""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".webmanifest")
H = TypeVar("H", bound="GzipHandler")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files, gzip-compressing text when the browser accepts it; 404 for what is missing."""

    headers_extra: dict[str, str] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def record(self, size: int) -> None:
        """Called with the bytes sent for each request: benchmarks count here."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        path = path / "index.html" if path.is_dir() else path
        body, status = (path.read_bytes(), 200) if path.is_file() else (b"", 404)
        gzipped = path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
        body = gzip.compress(body, 6) if gzipped else body
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        for name, value in self.headers_extra.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.record(len(body))


@contextmanager
def serve(site: Path, handler: type[H]) -> Iterator[tuple[str, type[H]]]:
    """Serve `site` on 127.0.0.1 with `handler`; yields the address and the handler class (its
    counters).
    """
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()
