"""Asking servers about addresses: HEAD then GET, a few at a time per site, with a dated JSON cache.

The standard library is enough: a thread pool over urllib checks a few hundred addresses in seconds,
and asyncio would need an HTTP client the standard library does not have (aiohttp, httpx: one more
dependency for mediators to install, for no gain at this size).
"""

from __future__ import annotations

import errno
import json
import os
import socket
import ssl
import sys
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from http.client import HTTPException, InvalidURL
from pathlib import Path
from typing import TextIO
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin, urlsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

from carnet.facilitation.links import OK, Outcome, classify

# Some sites answer 403 to anything that does not look like a browser; say who we are all the same.
HEADERS = {
    "User-Agent": "Mozilla/5.0 (compatible; carnet-liens/0.1; verification des liens du Carnet de "
    "terrain)",
    "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
    "Accept-Language": "fr-FR,fr;q=0.9",
}
CACHE_VERSION = 1
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Settings:
    """How to ask: timeout per request in seconds, requests at once per site and in all, cache
    freshness.
    """

    timeout: float = 10.0
    per_host: int = 2
    workers: int = 8
    cache_hours: float = 24.0


class _NoRedirect(HTTPRedirectHandler):
    """Report redirects instead of following them: a 301 is a finding, not a detour."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = build_opener(_NoRedirect)


def now_utc() -> datetime:
    return datetime.now(UTC)


def request(url: str, method: str, timeout: float) -> tuple[int, str]:
    """(status, Location header) of one request; the body is never read."""
    try:
        with _OPENER.open(
            Request(url, method=method, headers=HEADERS), timeout=timeout
        ) as response:
            return response.status, ""
    except HTTPError as exc:  # urllib raises for every status it does not follow, 3xx included
        exc.close()
        return exc.code, exc.headers.get("Location", "")


def ask(url: str, timeout: float) -> tuple[int, str]:
    """HEAD first (no body to send back); GET when HEAD is refused, since some servers mishandle
    it."""
    try:
        status, location = request(url, "HEAD", timeout)
    except (HTTPException, ConnectionResetError):
        status, location = 0, ""
    if status == 0 or status >= 400:
        return request(url, "GET", timeout)
    return status, location


def error_kind(exc: BaseException) -> str:
    """The stable kind of a failed request, as links.ERRORS names it."""
    reason = (
        exc.reason if isinstance(exc, URLError) and isinstance(exc.reason, BaseException) else exc
    )
    if isinstance(reason, TimeoutError):
        return "delai"
    if isinstance(reason, socket.gaierror):
        return "dns"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return "certificat"
    if isinstance(reason, (ValueError, InvalidURL)):
        return "adresse"
    if isinstance(reason, (HTTPException, ssl.SSLError)):
        return "protocole"
    return "connexion"


def check_address(url: str, timeout: float) -> Outcome:
    """Ask one address; never raises: a failure is an outcome too."""
    try:
        status, location = ask(url, timeout)
    except (OSError, HTTPException, ValueError) as exc:
        return Outcome(error=error_kind(exc), checked_at=now_utc().isoformat(timespec="seconds"))
    return Outcome(
        status,
        urljoin(url, location) if location else "",
        checked_at=now_utc().isoformat(timespec="seconds"),
    )


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def check_addresses(
    urls: list[str],
    settings: Settings,
    progress: Progress = lambda done, total: None,
    check: Callable[[str, float], Outcome] = check_address,
) -> dict[str, Outcome]:
    """Check every address, never more than settings.per_host at once on one site.

    The main thread does all the bookkeeping: it submits an address only when its site has room,
    so no worker ever sits waiting for another site's turn.
    """
    pending: deque[str] = deque(urls)
    in_flight: dict[Future[Outcome], str] = {}
    busy: Counter[str] = Counter()
    results: dict[str, Outcome] = {}
    with ThreadPoolExecutor(max_workers=max(1, settings.workers)) as pool:
        while pending or in_flight:
            for url in _ready(pending, busy, settings.per_host, settings.workers - len(in_flight)):
                busy[host_of(url)] += 1
                in_flight[pool.submit(check, url, settings.timeout)] = url
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                url = in_flight.pop(future)
                busy[host_of(url)] -= 1
                results[url] = future.result()
                progress(len(results), len(urls))
    return results


def _ready(pending: deque[str], busy: Counter, per_host: int, room: int) -> list[str]:
    """Take from `pending` up to `room` addresses whose site has fewer than per_host requests
    running.
    """
    chosen: list[str] = []
    planned = Counter(busy)
    for url in list(pending):
        if len(chosen) >= room:
            break
        if planned[host_of(url)] < max(1, per_host):
            planned[host_of(url)] += 1
            chosen.append(url)
            pending.remove(url)
    return chosen


def fresh_ok(
    cache: dict[str, Outcome], urls: list[str], now: datetime, hours: float
) -> dict[str, Outcome]:
    """Cached outcomes that need no new request: OK and checked less than `hours` ago."""
    kept = {}
    for url in urls:
        outcome = cache.get(url)
        if outcome and classify(outcome) == OK and _age(outcome, now) < timedelta(hours=hours):
            kept[url] = outcome
    return kept


def _age(outcome: Outcome, now: datetime) -> timedelta:
    try:
        return now - datetime.fromisoformat(outcome.checked_at)
    except (TypeError, ValueError):
        return timedelta.max


def load_cache(path: Path, warn: Callable[[str], None]) -> dict[str, Outcome]:
    """The cache file's outcomes; a missing file is an empty cache, an unreadable one is ignored
    with a warning.
    """
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != CACHE_VERSION:
            return {}
        return {url: Outcome(**entry) for url, entry in data["adresses"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        warn(f"cache illisible, ignoré : {path}")
        return {}


def save_cache(path: Path, outcomes: dict[str, Outcome], warn: Callable[[str], None]) -> None:
    """Write the outcomes of this run, atomically; a new cache folder ignores itself in git."""
    data = {
        "version": CACHE_VERSION,
        "adresses": {url: asdict(o) for url, o in sorted(outcomes.items())},
    }
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True)
            (path.parent / ".gitignore").write_text(
                "# créé par carnet liens\n*\n", encoding="utf-8"
            )
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        os.replace(temporary, path)
    except OSError as exc:
        warn(f"cache non enregistré ({why_not_written(exc)}) : {path}")


def why_not_written(exc: OSError) -> str:
    """The reason a file could not be written, in French: the system's own words are English."""
    if isinstance(exc, PermissionError):
        return "écriture refusée dans ce dossier"
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        return "un fichier est sur le chemin, à la place d'un dossier"
    if isinstance(exc, IsADirectoryError):
        return "c'est un dossier"
    return {
        errno.ENOSPC: "disque plein",
        errno.EROFS: "disque en lecture seule",
        errno.ENAMETOOLONG: "nom trop long",
    }.get(exc.errno or 0, f"erreur du système n° {exc.errno}")


def progress_on(stream: TextIO = sys.stderr) -> Progress:
    """« Vérification des liens : 12/40 »: rewritten in place on a terminal, every tenth in a
    log."""
    live = stream.isatty()

    def show(done: int, total: int) -> None:
        text = f"Vérification des liens : {done}/{total}"
        if live:
            stream.write(f"\r{text}" + ("\n" if done == total else ""))
        elif done == total or done % max(1, total // 10) == 0:
            stream.write(text + "\n")
        stream.flush()

    return show


# Failures that say nothing about the page: the request never reached a server.
NETWORK_ERRORS = frozenset({"dns", "connexion", "delai"})
# Below this many sites, every one failing may just mean they are all gone.
OFFLINE_MIN_SITES = 3


class Offline(Exception):
    """No site answered: this computer is not on the Internet, so no link can be judged."""

    def __init__(self, sites: int) -> None:
        super().__init__(sites)
        self.sites = sites


def looks_offline(outcomes: dict[str, Outcome]) -> bool:
    """Several sites asked and not one reached: the network, not the links, is down."""
    sites = {host_of(url) for url in outcomes}
    return len(sites) >= OFFLINE_MIN_SITES and all(
        o.status is None and o.error in NETWORK_ERRORS for o in outcomes.values()
    )


def check_links(
    urls: list[str],
    settings: Settings,
    cache: dict[str, Outcome],
    progress: Progress,
    now: datetime | None = None,
    check: Callable[[str, float], Outcome] = check_address,
) -> tuple[dict[str, Outcome], int]:
    """Outcomes of every address, reusing fresh OK ones from the cache; also how many were
    reused.

    One address per site goes first: without a network every one of them fails, and the check
    stops there (Offline) instead of calling hundreds of links dead after minutes of timeouts.
    """
    reused = fresh_ok(cache, urls, now or now_utc(), settings.cache_hours)
    todo = [u for u in urls if u not in reused]
    first: dict[str, str] = {}
    for url in todo:
        if len(first) < max(OFFLINE_MIN_SITES, settings.workers):
            first.setdefault(host_of(url), url)
    probe = list(first.values())
    checked = check_addresses(probe, settings, lambda done, _: progress(done, len(todo)), check)
    if looks_offline(checked):
        raise Offline(len(probe))
    rest = [u for u in todo if u not in checked]
    checked |= check_addresses(
        rest, settings, lambda done, _: progress(len(probe) + done, len(todo)), check
    )
    return reused | checked, len(reused)
