"""Search with Pagefind: what each page tells the index (filters, meta, synonyms), and how the
dialog reads a query (carnet.site.indexing feeds Pagefind).

Pagefind indexes the built HTML. Pages opt in with `data-pagefind-body`; listings of other pages
are marked `data-pagefind-ignore` so that a sheet is found by its own words, not its neighbours'.
People's words (« pole emploi », « mdp ») are added to a page as an invisible list of synonyms.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

import yaml

from carnet.model.content import Corpus, Document
from carnet.site.indexing import PUNCTUATION, STOPWORDS  # what Pagefind reads of a page
from carnet.site.pages.common import NIVEAUX, Html, h
from carnet.text import fold

TYPE_LABELS = {
    "fiche": "Fiche pratique",
    "anecdote": "Anecdote",
    "dysfonctionnement": "Dysfonctionnement",
    "theme": "Thème du mois",
    "administration": "Administration",
    "competence": "Compétence",
    "public": "Public",
    "page": "Page",
}


# The abbreviations every network starts with; content/referentiels/synonymes.yml adds its own.
DEFAULT_SYNONYMS = Path(__file__).with_name("synonymes_par_defaut.yml")
QUERY_ELIDED = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)'")


def admin_names(entry: dict, topics: bool = True) -> list[str]:
    """Every name people use for an administration; with `topics`, also the subjects it stands
    for.
    """
    names = [
        entry.get("nom", ""),
        entry.get("nom_court", ""),
        entry.get("sigle", ""),
        *entry.get("anciens_noms", []),
    ]
    return [n for n in names + (list(entry.get("synonymes", [])) if topics else []) if n]


@cache
def default_synonyms() -> tuple[dict, ...]:
    """The synonyms shipped with the carnet (« mdp », « cni », « caf »…), in the format of
    synonymes.yml.
    """
    return tuple(yaml.safe_load(DEFAULT_SYNONYMS.read_text("utf-8")) or ())


def synonym_entries(corpus: Corpus) -> list[dict]:
    """The shipped synonyms, then the network's own (content/referentiels/synonymes.yml)."""
    return [*default_synonyms(), *corpus.referentiels["synonymes"].entries.values()]


@lru_cache(maxsize=8)
def _folded_expressions(
    entries: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[tuple[str, list[str]], ...]:
    return tuple((fold(expression), list(words)) for expression, words in entries if expression)


def synonyms_for(text: str, admins: list[str], corpus: Corpus) -> list[str]:
    """People's words for a page: its administrations' other names, and the synonyms of its
    text's expressions.
    """
    found: list[str] = []
    entries = corpus.referentiels["administrations"].entries
    for ident in admins:
        found += admin_names(
            entries.get(ident, {}), topics=False
        )  # « carte grise » belongs to the ANTS hub only
    folded = fold(text)
    key = tuple(
        (str(e.get("expression", "")), tuple(map(str, e.get("mots", []))))
        for e in synonym_entries(corpus)
    )
    for expression, words in _folded_expressions(key):
        if expression in folded:
            found += words
    return list(dict.fromkeys(found))


# The query's words are folded before they are compared: « ça », « été », « être » must be too.
FOLDED_STOPWORDS = frozenset(fold(w) for w in STOPWORDS)


def query_words(text: str) -> list[str]:
    """A query's words as the search dialog reads them: folded, without elided articles or
    function words.

    carnet-recherche.js does the same to what people type, so that the keys written here match it.
    """
    words = (
        QUERY_ELIDED.sub("", w).strip(PUNCTUATION)
        for w in fold(text).replace("’", "'").replace("'", "' ").split()
    )
    return [w for w in words if w and w not in FOLDED_STOPWORDS]


def synonym_map(corpus: Corpus) -> dict:
    """People's words (as query_words reads them) → the expressions the pages use, for the search
    dialog.

    The dialog looks a typed word up whole (« mdp » never matches the start of « MDPH ») and also
    searches its expressions, so that a page is found by the sheets' words as well as by people's.
    """
    mapping: dict[str, list[str]] = {}
    for entry in synonym_entries(corpus):
        expression = " ".join(query_words(str(entry.get("expression", ""))))
        for word in entry.get("mots", []):
            key = " ".join(query_words(str(word)))
            if (
                key
                and expression
                and key != expression
                and expression not in mapping.setdefault(key, [])
            ):
                mapping[key].append(expression)
    return {
        "synonymes": {k: v for k, v in sorted(mapping.items()) if v},
        "mots_vides": sorted(STOPWORDS),
    }


def _filter(key: str, value: str) -> str:
    # Pagefind reads « clé:valeur » and splits several filters on commas.
    return f'<span data-pagefind-filter="{h(key)}:{h(value.replace(",", " "))}"></span>'


def _meta(key: str, value: str) -> str:
    # Read from an attribute: the page's text is indexed without function words, not its metadata.
    return f'<span data-pagefind-meta="{key}[data-valeur]" data-valeur="{h(value)}"></span>'


def marks(
    kind: str, filters: dict[str, list[str]], synonyms: list[str], title: str = "", resume: str = ""
) -> Html:
    """The invisible part of a page meant for the search index: metadata, filters, synonyms."""
    parts = [_meta("type", TYPE_LABELS[kind]), _filter("Type", TYPE_LABELS[kind])]
    parts += [_meta("title", title)] if title else []
    parts += [_meta("resume", resume)] if resume else []
    parts += [_filter(key, value) for key, values in filters.items() for value in values]
    if synonyms:
        parts.append(
            '<span class="carnet-synonymes" aria-hidden="true" data-pagefind-weight="6">'
            f"{h(' · '.join(synonyms))}</span>"
        )
    return Html('<div class="carnet-index" hidden>' + "".join(parts) + "</div>")


def doc_marks(doc: Document, corpus: Corpus) -> Html:
    """Filters (administration, compétence, public, niveau) and synonyms of a sheet, story or
    malfunction.
    """
    refs = corpus.referentiels
    # Filter names are shown as they are in the search panel: French, with accents.
    filters = {
        "Administration": [
            refs["administrations"].short_label(i)
            for i in doc.get("administrations") or []
            if i in refs["administrations"].entries
        ],
        "Compétence": [
            refs["competences"].label(i)
            for i in doc.get("competences") or []
            if i in refs["competences"].entries
        ],
        "Public": [
            refs["publics"].label(i)
            for i in doc.get("publics") or []
            if i in refs["publics"].entries
        ],
        "Niveau": [NIVEAUX[doc.get("niveau")]] if doc.get("niveau") in NIVEAUX else [],
    }
    text = " ".join(
        [
            str(doc.get("titre", "")),
            str(doc.get("resume", "")),
            doc.body,
            " ".join(str(k) for k in doc.get("mots_cles") or []),
        ]
    )
    keywords = [str(k) for k in doc.get("mots_cles") or []]
    keywords += [
        w
        for i in doc.get("publics") or []
        if i in refs["publics"].entries
        for w in (i, refs["publics"].label(i))
    ]
    return marks(
        doc.kind,
        filters,
        keywords + synonyms_for(text, list(doc.get("administrations") or []), corpus),
        str(doc.get("titre", doc.id)),
        str(doc.get("resume", "")),
    )
