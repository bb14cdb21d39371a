"""Every file against its JSON Schema, référentiels included."""

from __future__ import annotations

from collections.abc import Iterator

from carnet.checking.rules.context import Context
from carnet.findings import Finding, error
from carnet.model.content import Corpus
from carnet.model.schemas import iter_problems


def check(corpus: Corpus, context: Context) -> Iterator[Finding]:
    for doc in corpus.targets():
        if doc.readable:
            yield from iter_problems(context.schemas, doc.kind, doc.meta, doc.rel, doc.where)
    for name, (rel, items, marks) in corpus.referentiel_files.items():
        if corpus.focus_includes(corpus.root / "referentiels" / f"{name}.yml"):
            yield from _check_referentiel(name, rel, items, marks, context)


def _check_referentiel(
    name: str, rel: str, items: list, marks: dict, context: Context
) -> Iterator[Finding]:
    def where(path: tuple) -> tuple[int, int]:
        for end in range(len(path), 0, -1):
            if path[:end] in marks:
                return marks[path[:end]]
        return 1, 1

    yield from iter_problems(context.schemas, name, items, rel, where)
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        if isinstance(ident, str) and ident in seen:
            line, col = where((index, "id"))
            yield error(
                rel,
                line,
                "id-en-double",
                f"identifiant « {ident} » en double (déjà à la ligne {seen[ident]})",
                "chaque entrée d'un référentiel a son propre id",
                col,
            )
        elif isinstance(ident, str):
            seen[ident] = where((index, "id"))[0]
