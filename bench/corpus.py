"""Generating a synthetic corpus of N sheets, shaped like the real ones, for benchmarks."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
DOMAIN = [
    "accompagner",
    "démarche",
    "compte",
    "adresse",
    "messagerie",
    "justificatif",
    "formulaire",
    "valider",
    "accusé",
    "réception",
    "identifiant",
    "sécurité",
    "personne",
    "médiateur",
    "atelier",
    "téléphone",
    "ordinateur",
    "fichier",
    "document",
    "allocation",
    "déclaration",
    "actualisation",
    "espace",
    "personnel",
    "service",
    "public",
    "rendez-vous",
    "attestation",
]
STOP = [
    "le",
    "la",
    "les",
    "de",
    "des",
    "du",
    "un",
    "une",
    "et",
    "à",
    "en",
    "pour",
    "sur",
    "avec",
    "dans",
    "par",
    "qui",
    "que",
    "il",
    "elle",
    "on",
    "ne",
    "pas",
    "son",
    "sa",
    "ses",
]
SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bu",
    "ca",
    "ce",
    "ci",
    "co",
    "cu",
    "da",
    "de",
    "di",
    "do",
    "du",
    "fa",
    "fe",
    "fi",
    "fo",
    "la",
    "le",
    "li",
    "lo",
    "lu",
    "ma",
    "me",
    "mi",
    "mo",
    "mu",
    "na",
    "ne",
    "ni",
    "no",
    "pa",
    "pe",
    "pi",
    "po",
    "pu",
    "ra",
    "re",
    "ri",
    "ro",
    "ru",
    "sa",
    "se",
    "si",
    "so",
    "su",
    "ta",
    "te",
    "ti",
    "to",
    "tu",
    "va",
    "ve",
    "vi",
    "vo",
    "tion",
    "ment",
    "eur",
    "age",
    "ique",
]


def _vocabulary(size: int = 6000) -> tuple[list[str], list[float]]:
    """A Zipf-distributed vocabulary, like natural language: a few very frequent words, a long tail.

    Without it every word of a tiny vocabulary is on every page, which no real corpus looks like
    and which makes every search index chunk as large as the corpus.
    """
    rng = random.Random(7)
    words = list(STOP)
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    for offset, word in enumerate(
        DOMAIN
    ):  # the field's words: frequent, yet on a minority of pages
        words.insert(300 + 40 * offset, word)
    return words, [1 / (rank + 1) for rank in range(len(words))]


WORDS, WEIGHTS = _vocabulary()


def _paragraph(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, WEIGHTS, k=words)).capitalize() + "."


def fiche_text(
    index: int, rng: random.Random, admins: list[str], competences: list[str], publics: list[str]
) -> str:
    """One valid sheet of about 400 words, with the three expected sections."""
    meta = {
        "titre": f"Fiche synthétique numéro {index}",
        "resume": _paragraph(rng, 14)[:280],
        "niveau": rng.choice(["debutant", "intermediaire", "avance"]),
        "duree_minutes": rng.randint(10, 120),
        "publics": rng.sample(publics, 2),
        "competences": rng.sample(competences, 2),
        "administrations": rng.sample(admins, 2),
        "mots_cles": ["démarche", "compte"],
        "auteurs": ["Équipe Carnet"],
        "territoires": ["national"],
        "creee_le": "2026-09-01",
        "verifiee_le": "2026-11-01",
        "liens": [{"titre": "Service-Public.fr", "url": "https://www.service-public.fr"}],
        "voir_aussi": [f"fiche-{(index + 1) % 10**6:05d}"] if index else [],
    }
    steps = "\n".join(f"{n}. {_paragraph(rng, 18)}" for n in range(1, 8))
    body = (
        f"## Situation\n\n{_paragraph(rng, 60)}\n\n## Étapes\n\n{steps}\n\n## Points de "
        f"vigilance\n\n- {_paragraph(rng, 40)}\n- {_paragraph(rng, 40)}\n"
    )
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body


def make_corpus(destination: Path, count: int, seed: int = 1) -> Path:
    """Write `count` sheets plus the repository's référentiels and pages under
    destination/content."""
    content = destination / "content"
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(REPO / "content" / "referentiels", content / "referentiels")
    shutil.copytree(REPO / "content" / "pages", content / "pages")
    for folder in ("fiches", "anecdotes", "dysfonctionnements", "themes"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    refs = {
        n: [
            e["id"]
            for e in yaml.safe_load((content / "referentiels" / f"{n}.yml").read_text("utf-8"))
        ]
        for n in ("administrations", "competences", "publics")
    }
    rng = random.Random(seed)
    for index in range(count):
        nxt = (index + 1) % count
        text = fiche_text(index, rng, refs["administrations"], refs["competences"], refs["publics"])
        text = text.replace(f"fiche-{(index + 1) % 10**6:05d}", f"fiche-{nxt:05d}")
        (content / "fiches" / f"fiche-{index:05d}.md").write_text(text, encoding="utf-8")
    return content
