"""External links of the corpus: where each one is written, and what a server's answer means for
it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from carnet.checking.rules.scan import locate
from carnet.findings import AVERTISSEMENT, ERREUR, Finding
from carnet.model.content import Corpus, Document

# Characters that end a URL in prose: spaces (NBSP included, \s is Unicode), quotes, French
# guillemets, brackets of Markdown syntax.
URL = re.compile(r"https?://[^\s<>\"'`«»\[\]{}|\\^]+", re.IGNORECASE)
TRAILING = ".,;:!?*_~"  # sentence punctuation and emphasis marks after a bare URL
# Code shows an address without linking it (often a fake one, in the phishing sheets): not a link.
CODE = re.compile(
    r"^ {0,3}(`{3,}|~{3,})(?s:.*?)(?:^ {0,3}\1[`~]*[ \t]*$|\Z)"  # fenced block
    r"|(`+)(?:[^\n]|\n(?![ \t]*\n))+?(?<!`)\2(?!`)"  # code span: never across a blank line
    r"|<!--(?s:.*?)-->",
    re.MULTILINE,
)

OK, DEAD, MOVED, DOUBTFUL = "ok", "mort", "redirige", "a-verifier"
PERMANENT = (301, 308)
GONE = (404, 410)

# Error kinds as link_check records them (stable, stored in the cache) → what a mediator reads.
ERRORS = {
    "delai": "pas de réponse dans le délai",
    "connexion": "connexion impossible",
    "dns": "nom de domaine introuvable",
    "certificat": "certificat de sécurité invalide",
    "protocole": "réponse illisible du serveur",
    "adresse": "adresse mal formée",
}
STATUSES = {
    401: "accès réservé",
    403: "accès refusé",
    404: "page introuvable",
    410: "page supprimée",
    429: "trop de requêtes",
}
HINT_GONE = (
    "ouvrez l'adresse dans un navigateur ; si la page a disparu, cherchez sa nouvelle adresse sur "
    "le site officiel ou retirez le lien"
)
HINT_PASSING = (
    "le site est peut-être en panne passagère : relancez « carnet liens » plus tard avant de "
    "corriger"
)
HINT_DOUBT = (
    "le site refuse peut-être les vérifications automatiques : ouvrez l'adresse dans un navigateur"
)


@dataclass(frozen=True, order=True)
class Link:
    """An external link written at path:line:col."""

    path: str
    line: int
    col: int
    url: str


@dataclass(frozen=True)
class Outcome:
    """What a server answered for one address (a status, or an error kind) and when."""

    status: int | None = None
    location: str = ""
    error: str = ""
    checked_at: str = ""


def link_problem(link: Link, state: str, outcome: Outcome) -> Finding:
    """A link to correct or to look at, as a finding: file and line, the URL quoted, what to do.

    Its details are what the JSON report adds: the link, its state and the server's answer.
    """
    reason = describe(outcome)
    details = {
        "url": link.url,
        "etat": state,
        "statut": outcome.status,
        "erreur": outcome.error,
        "nouvelle_adresse": replacement(link.url, outcome.location) if state == MOVED else "",
    }
    if state == MOVED:
        target = details["nouvelle_adresse"]
        return Finding(
            link.path,
            link.line,
            link.col,
            "lien-redirige",
            f"lien redirigé définitivement {reason} : « {link.url} »",
            f"remplacez par {target}" if target else "le serveur n'indique pas la nouvelle adresse",
            AVERTISSEMENT,
            details=details,
        )
    if state == DOUBTFUL:
        return Finding(
            link.path,
            link.line,
            link.col,
            "lien-a-verifier",
            f"lien à vérifier « {link.url} » : {reason}",
            HINT_DOUBT,
            AVERTISSEMENT,
            details=details,
        )
    gone = outcome.status in GONE or outcome.error in ("dns", "adresse")
    return Finding(
        link.path,
        link.line,
        link.col,
        "lien-mort",
        f"lien mort « {link.url} » : {reason}",
        HINT_GONE if gone else HINT_PASSING,
        ERREUR,
        details=details,
    )


def find_urls(text: str) -> Iterator[tuple[int, str]]:
    """(offset, url) of each http(s) address of a text: Markdown links, autolinks, bare URLs; code
    skipped.
    """
    masked = CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    for match in URL.finditer(masked):
        url = trim(match.group())
        if urlsplit(url).hostname:
            yield match.start(), url


def trim(url: str) -> str:
    """Drop what follows an address in prose: punctuation, and a closing parenthesis it did not
    open.
    """
    while url and (url[-1] in TRAILING or (url[-1] == ")" and url.count(")") > url.count("("))):
        url = url[:-1]
    return url


def iter_strings(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(JSON path, text) of every string of a YAML value."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from iter_strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from iter_strings(item, path + (index,))


def iter_value_links(
    rel: str, value: Any, where: Callable[[tuple], tuple[int, int]]
) -> Iterator[Link]:
    """Links in YAML data (liens[].url, url, rencontre, site, signalement.url…), at their key's
    position.
    """
    for path, text in iter_strings(value):
        for _, url in find_urls(text):
            yield Link(rel, *where(path), url)


def iter_document_links(doc: Document) -> Iterator[Link]:
    """Links of one content file: its front matter, then its body."""
    yield from iter_value_links(doc.rel, doc.meta, doc.where)
    for offset, url in find_urls(doc.body):
        yield Link(doc.rel, *locate(doc.body, offset, doc.body_line), url)


def _mark(marks: dict, path: tuple) -> tuple[int, int]:
    """Where a référentiel value is written (its first line when unknown)."""
    return marks.get(path, (1, 1))


def collect_links(corpus: Corpus) -> list[Link]:
    """Every external link of the corpus, sorted by file and line; a URL repeated on one line counts
    once.
    """
    links: list[Link] = []
    for doc in corpus.targets():
        links += iter_document_links(doc)
    for rel, items, marks in corpus.referentiel_files.values():
        links += iter_value_links(rel, items, partial(_mark, marks))
    unique = {(link.path, link.line, link.url): link for link in sorted(links, reverse=True)}
    return sorted(
        unique.values()
    )  # the first occurrence on a line wins: reversed, it is written last


def address(url: str) -> str:
    """The address to request: no fragment (servers never see it), host in IDNA, path
    percent-encoded.
    """
    parts = urlsplit(url)
    try:
        host, port = (parts.hostname or "").encode("idna").decode("ascii"), parts.port
    except (UnicodeError, ValueError):
        return url  # the request will fail and say « adresse mal formée »
    netloc = (f"[{host}]" if ":" in host else host) + (f":{port}" if port is not None else "")
    safe = "/%:@!$&'()*+,;=-._~?"
    return urlunsplit(
        (parts.scheme.lower(), netloc, quote(parts.path, safe) or "/", quote(parts.query, safe), "")
    )


def classify(outcome: Outcome) -> str:
    """ok, mort (404, 410, 5xx, no answer), redirige (301, 308) or a-verifier (other 4xx)."""
    status = outcome.status
    if status is None or status in GONE or status >= 500:
        return DEAD
    if status in PERMANENT:
        return MOVED
    if status >= 400:
        return DOUBTFUL
    return OK  # 2xx, and temporary redirects (302, 303, 307): the address given is the right one


def describe(outcome: Outcome) -> str:
    """The answer in French, e.g. « page introuvable (404) »."""
    if outcome.status is None:
        return ERRORS.get(outcome.error, "connexion impossible")
    if outcome.status in PERMANENT:
        return f"({outcome.status})"
    label = STATUSES.get(outcome.status) or (
        "erreur du serveur" if outcome.status >= 500 else "réponse inattendue"
    )
    return f"{label} ({outcome.status})"


def replacement(url: str, location: str) -> str:
    """The address to write instead of a permanently redirected one, keeping the original
    #fragment."""
    if not location:
        return ""
    target = urljoin(url, location)
    fragment = urlsplit(url).fragment
    return f"{target}#{fragment}" if fragment and "#" not in target else target


def find_problems(links: list[Link], outcomes: dict[str, Outcome]) -> list[Finding]:
    """The links to report, in file and line order; outcomes are keyed by address()."""
    problems = []
    for link in links:
        outcome = outcomes.get(address(link.url))
        state = classify(outcome) if outcome else OK
        if outcome and state != OK:
            problems.append(link_problem(link, state, outcome))
    return problems
