"""The three référentiels (administrations, compétences, publics): ids, labels and known aliases."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from slugify import slugify

from carnet.model.schemas import suggest

# Content key → référentiel it draws its ids from.
REFERENCED_BY = {
    "administrations": "administrations",
    "competences": "competences",
    "publics": "publics",
}
NAME_KEY = {
    "administrations": "nom",
    "competences": "libelle",
    "publics": "libelle",
    "synonymes": "expression",
}


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
        """« vouliez-vous dire … ? » for an unknown id, knowing former names and acronyms, matched
        on ids and labels.
        """
        if wrong in self.aliases:
            ident, alias, former = self.aliases[wrong]
            how = "anciennement" if former else "aussi appelé"
            return f"vouliez-vous dire « {ident} » ({how} {alias}) ?"
        labels = {ident: self.label(ident) for ident in self.entries}
        # A typo first (one id very close), then ids and labels sharing words, then a looser typo.
        close = (
            difflib.get_close_matches(wrong, list(self.entries), n=1, cutoff=0.8)
            or close_entries(wrong, labels)
            or [c for c in [suggest(wrong, self.entries)] if c]
        )
        if close:
            shown = [f"« {ident} » ({labels[ident]})" for ident in close]
            return (
                "vouliez-vous dire "
                + (
                    " ou ".join(shown)
                    if len(shown) <= 2
                    else ", ".join(shown[:-1]) + " ou " + shown[-1]
                )
                + " ?"
            )
        return None


# Words too common to tell two entries apart.
COMMON_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "de",
        "des",
        "du",
        "d",
        "en",
        "et",
        "la",
        "le",
        "les",
        "l",
        "un",
        "une",
        "son",
        "sa",
        "ses",
        "se",
        "sur",
        "pour",
        "par",
        "avec",
        "qu",
        "il",
        "faut",
    ]
)


def _stems(text: str) -> set[str]:
    """The words of a text or id, accents folded, cut to five letters (« inscription » meets «
    inscrire »).
    """
    return {word[:5] for word in slugify(text).split("-") if word and word not in COMMON_WORDS}


def close_entries(wrong: str, labels: dict[str, str], most: int = 3) -> list[str]:
    """The ids whose id or label share the most words with `wrong`, in file order; none when nothing
    is shared.
    """
    wanted = _stems(wrong)
    scores = {
        ident: len(wanted & (_stems(ident) | _stems(label))) for ident, label in labels.items()
    }
    best = max(scores.values(), default=0)
    return [ident for ident, score in scores.items() if score == best][:most] if best else []


def suggest_label(wrong: str, labels: dict[str, str]) -> str | None:
    """The label sharing the most words with `wrong`, when only one does."""
    close = close_entries(wrong, labels, most=2)
    return labels[close[0]] if len(close) == 1 else None


def build_referentiel(name: str, items: list[dict]) -> Referentiel:
    """Index a référentiel's list of mappings by id and by the slugs of its other names."""
    if name == "synonymes":  # no ids: entries keyed by position
        return Referentiel(
            name, {str(i): item for i, item in enumerate(items) if isinstance(item, dict)}
        )
    entries = {
        item["id"]: item
        for item in items
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }
    aliases: dict[str, tuple[str, str, bool]] = {}
    for ident, item in entries.items():
        others = [(name, True) for name in item.get("anciens_noms", [])]
        others += [
            (name, False) for name in [item.get("sigle"), *item.get("synonymes", [])] if name
        ]
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
