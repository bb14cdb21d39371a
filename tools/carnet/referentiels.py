"""The three référentiels (administrations, compétences, publics): ids, labels and known aliases."""

from __future__ import annotations

from dataclasses import dataclass, field

from slugify import slugify

from carnet.schemas import suggest

# Content key → référentiel it draws its ids from.
REFERENCED_BY = {"administrations": "administrations", "competences": "competences", "publics": "publics"}
NAME_KEY = {"administrations": "nom", "competences": "libelle", "publics": "libelle", "synonymes": "expression"}


@dataclass(frozen=True)
class Referentiel:
    """One référentiel: its entries by id, in file order, and former names → id."""

    name: str
    entries: dict[str, dict] = field(default_factory=dict)
    aliases: dict[str, tuple[str, str, bool]] = field(default_factory=dict)

    def label(self, ident: str) -> str:
        entry = self.entries.get(ident, {})
        return entry.get(NAME_KEY[self.name], ident)

    def short_label(self, ident: str) -> str:
        """The everyday name, for buttons: `nom_court` when there is one."""
        return self.entries.get(ident, {}).get("nom_court") or self.label(ident)

    def suggest(self, wrong: str) -> str | None:
        """« vouliez-vous dire … ? » for an unknown id, knowing former names and acronyms."""
        if wrong in self.aliases:
            ident, alias, former = self.aliases[wrong]
            how = "anciennement" if former else "aussi appelé"
            return f"vouliez-vous dire « {ident} » ({how} {alias}) ?"
        close = suggest(wrong, self.entries)
        if close:
            return f"vouliez-vous dire « {close} » ?"
        return None


def build_referentiel(name: str, items: list[dict]) -> Referentiel:
    """Index a référentiel's list of mappings by id and by the slugs of its other names."""
    if name == "synonymes":  # no ids: entries keyed by position
        return Referentiel(name, {str(i): item for i, item in enumerate(items) if isinstance(item, dict)})
    entries = {item["id"]: item for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}
    aliases: dict[str, tuple[str, str, bool]] = {}
    for ident, item in entries.items():
        others = [(name, True) for name in item.get("anciens_noms", [])]
        others += [(name, False) for name in [item.get("sigle"), *item.get("synonymes", [])] if name]
        for other, former in others:
            slug = slugify(str(other))
            if slug and slug != ident and slug not in entries:
                aliases.setdefault(slug, (ident, str(other), former))
    return Referentiel(name, entries, aliases)


@dataclass(frozen=True)
class Referentiels:
    """All référentiels by name."""

    by_name: dict[str, Referentiel]
    broken: frozenset[str] = frozenset()

    def __getitem__(self, name: str) -> Referentiel:
        return self.by_name.get(name) or Referentiel(name)
