"""Walking the text of a document: each front-matter string, then the body as one block."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from carnet.checking.personal_data import Match
from carnet.findings import Finding, error
from carnet.model.content import Corpus, Document

# Keys whose values the schema already constrains to ids, dates or fixed words: no free text there.
STRUCTURED_KEYS = frozenset(
    {
        "administrations",
        "competences",
        "publics",
        "voir_aussi",
        "selection",
        "creee_le",
        "verifiee_le",
        "constate_le",
        "resolu_le",
        "date",
        "niveau",
        "statut",
        "gravite",
        "territoires",
        "territoire",
        "heure",
        "duree_minutes",
        "exemple",
        "anonymisee",
    }
)


def iter_texts(doc: Document) -> list[tuple[int, int, str, bool]]:
    """(line, col, text, is_body) for each front-matter string, then for the whole body."""
    if "texts" not in doc.cache:  # several rule families read the same texts
        doc.cache["texts"] = [*_iter_values(doc, doc.meta, ()), (doc.body_line, 1, doc.body, True)]
    return doc.cache["texts"]


def _iter_values(doc: Document, value: Any, path: tuple) -> Iterator[tuple[int, int, str, bool]]:
    if isinstance(value, str):
        line, col = doc.where(path)
        yield line, col, value, False
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in STRUCTURED_KEYS or not isinstance(item, (str, list)):
                yield from _iter_values(doc, item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _iter_values(doc, item, path + (index,))


def locate(text: str, offset: int, line: int) -> tuple[int, int]:
    """(line, col) of an offset in a block that starts at `line`."""
    return line + text.count("\n", 0, offset), offset - text.rfind("\n", 0, offset)


class Locator:
    """(line, col) of many offsets in one text: line starts found once, then a binary search each
    (counting from the start for every finding made thousands of findings quadratic)."""

    def __init__(self, text: str, line: int) -> None:
        self.line, self.starts = line, [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]

    def __call__(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.starts, offset) - 1
        return self.line + index, offset - self.starts[index] + 1


def iter_referentiel_texts(corpus: Corpus) -> Iterator[tuple[str, int, int, str]]:
    """(file, line, col, text) for every string of the référentiels to check: they reach pages
    too."""
    for name, (rel, items, marks) in corpus.referentiel_files.items():
        if corpus.focus_includes(corpus.root / "referentiels" / f"{name}.yml"):
            yield from ((rel, *where, text) for where, text in _iter_strings(items, (), marks))


def _iter_strings(value: Any, path: tuple, marks: dict) -> Iterator[tuple[tuple[int, int], str]]:
    if isinstance(value, str):
        yield marks.get(path, (1, 1)), value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _iter_strings(item, path + (key,), marks)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _iter_strings(item, path + (index,), marks)


def scan(corpus: Corpus, detect: Callable[[str], Iterable[Match]]) -> Iterator[Finding]:
    """Run a detector on every text of every document and référentiel to check, as findings at the
    right line.
    """
    for doc in corpus.targets():
        for line, col, text, is_body in iter_texts(doc):
            where = None
            for match in detect(text):
                if is_body:
                    where = where or Locator(text, line)
                at_line, at_col = where(match.offset) if where else (line, col)
                yield error(doc.rel, at_line, match.code, match.message, match.hint, at_col)
    for rel, line, col, text in iter_referentiel_texts(corpus):
        for match in detect(text):
            at_line, at_col = locate(text, match.offset, line) if "\n" in text else (line, col)
            yield error(rel, at_line, match.code, match.message, match.hint, at_col)
