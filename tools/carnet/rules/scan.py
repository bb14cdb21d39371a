"""Walking every piece of text of a document with its line: front-matter strings and body lines."""

from __future__ import annotations

from typing import Any, Iterator

from carnet.content import Document


def iter_texts(doc: Document) -> Iterator[tuple[int, int, str]]:
    """(line, col, text) for each front-matter string and each body line."""
    yield from _iter_values(doc, doc.meta, ())
    for line, text in doc.body_lines():
        yield line, 1, text


def _iter_values(doc: Document, value: Any, path: tuple) -> Iterator[tuple[int, int, str]]:
    if isinstance(value, str):
        line, col = doc.where(path)
        yield line, col, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _iter_values(doc, item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _iter_values(doc, item, path + (index,))
