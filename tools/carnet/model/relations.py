"""Who points to whom: documents per administration, competence and public; links both ways."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from carnet.model.content import LINKABLE, Corpus, Document
from carnet.model.territories import concerns
from carnet.text import fold


def sort_key(doc: Document) -> str:
    return fold(str(doc.get("titre", doc.id)))


@dataclass
class Relations:
    """Indexes computed once per build and shared by every page builder."""

    docs: dict[str, list[Document]] = field(
        default_factory=dict
    )  # kind → documents sorted by title
    by_ref: dict[tuple[str, str], list[Document]] = field(default_factory=lambda: defaultdict(list))
    pointed_by: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))
    themes_of: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))
    territory: str = ""  # a territorial edition's département: its documents come first in the hubs

    def rank(self, doc: Document) -> int:
        """0 for a document of the edition's département, 1 otherwise (always 1 without an
        edition)."""
        return 0 if self.territory and concerns(doc, self.territory) else 1

    def local_first(self, docs: list[Document]) -> list[Document]:
        """The same documents, the edition's département first, each group in its order."""
        return sorted(docs, key=self.rank) if self.territory else docs

    def of(self, referentiel: str, ident: str, kind: str | None = None) -> list[Document]:
        """Documents that name this référentiel entry, optionally of one kind."""
        found = self.by_ref.get((referentiel, ident), [])
        return [d for d in found if kind is None or d.kind == kind]

    def related(self, doc: Document, corpus: Corpus) -> list[Document]:
        """`voir_aussi` targets, then what points here, without repeats."""
        seen: dict[str, Document] = {}
        for ident in doc.get("voir_aussi") or []:
            target = corpus.by_id.get(ident)
            if target is not None and target.readable:
                seen.setdefault(target.id, target)
        for other in self.pointed_by.get(doc.id, []):
            seen.setdefault(other.id, other)
        return list(seen.values())


def build_relations(corpus: Corpus, territory: str = "") -> Relations:
    """Index the readable documents of the corpus; with `territory`, hubs list that département's
    first.
    """
    rel = Relations(territory=territory)
    for kind in (*LINKABLE, "theme", "page"):
        rel.docs[kind] = sorted(corpus.of_kind(kind), key=sort_key)
    for kind in LINKABLE:
        for doc in rel.docs[kind]:
            for key in ("administrations", "competences", "publics"):
                for ident in doc.get(key) or []:
                    rel.by_ref[(key, ident)].append(doc)
            for target in doc.get("voir_aussi") or []:
                if target != doc.id:
                    rel.pointed_by[target].append(doc)
    for ref, docs in rel.by_ref.items():
        rel.by_ref[ref] = rel.local_first(docs)
    for theme in rel.docs["theme"]:
        for ident in theme.get("selection") or []:
            rel.themes_of[ident].append(theme)
    return rel
