"""Search with Pagefind: what each page tells the index (filters, meta, synonyms), and the indexing run.

Pagefind indexes the built HTML. Pages opt in with `data-pagefind-body`; listings of other pages
are marked `data-pagefind-ignore` so that a sheet is found by its own words, not its neighbours'.
People's words (« pole emploi », « mdp ») are added to a page as an invisible list of synonyms.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from carnet.content import Corpus, Document
from carnet.pages.common import Html, NIVEAUX, h
from carnet.rules.sections import fold

TYPE_LABELS = {"fiche": "Fiche pratique", "anecdote": "Anecdote", "dysfonctionnement": "Dysfonctionnement",
               "theme": "Thème du mois", "administration": "Administration", "competence": "Compétence",
               "public": "Public", "page": "Page"}


class SearchError(Exception):
    """Pagefind failed: the message is in French."""


def index_site(site: Path) -> None:
    """Run Pagefind (the binary shipped by the `pagefind[bin]` package) on a built site."""
    done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SearchError(f"l'index de recherche n'a pas pu être construit : {done.stderr.strip() or done.stdout.strip()}")


def admin_names(entry: dict, topics: bool = True) -> list[str]:
    """Every name people use for an administration; with `topics`, also the subjects it stands for."""
    names = [entry.get("nom", ""), entry.get("nom_court", ""), entry.get("sigle", ""), *entry.get("anciens_noms", [])]
    return [n for n in names + (list(entry.get("synonymes", [])) if topics else []) if n]


def synonyms_for(text: str, admins: list[str], corpus: Corpus) -> list[str]:
    """People's words for a page: its administrations' other names, and curated synonyms of its text."""
    found: list[str] = []
    entries = corpus.referentiels["administrations"].entries
    for ident in admins:
        found += admin_names(entries.get(ident, {}), topics=False)  # « carte grise » belongs to the ANTS hub only
    folded = fold(text)
    for entry in corpus.referentiels["synonymes"].entries.values():
        if fold(entry.get("expression", "")) in folded:
            found += entry.get("mots", [])
    return list(dict.fromkeys(found))


def synonym_map(corpus: Corpus) -> dict[str, str]:
    """People's words (folded) → the expression the sheets use, for rewriting a query before searching.

    Rewriting matters for short words: « mdp » would otherwise match the start of « MDPH ». A word
    that the sheets themselves use (« RGPD ») is searched as typed: the index already knows it.
    """
    corpus_text = " ".join(fold(f"{d.get('titre', '')} {d.get('resume', '')} {d.body}") for d in corpus.documents if d.readable)
    mapping: dict[str, str] = {}
    for entry in corpus.referentiels["synonymes"].entries.values():
        for word in entry.get("mots", []):
            folded = fold(word)
            if not re.search(rf"\b{re.escape(folded)}\b", corpus_text):
                mapping[folded] = str(entry.get("expression", ""))
    return dict(sorted(mapping.items(), key=lambda kv: (-len(kv[0]), kv[0])))


def _filter(key: str, value: str) -> str:
    # Pagefind reads « clé:valeur » and splits several filters on commas.
    return f'<span data-pagefind-filter="{h(key)}:{h(value.replace(",", " "))}"></span>'


def marks(kind: str, filters: dict[str, list[str]], synonyms: list[str]) -> Html:
    """The invisible part of a page meant for the search index."""
    parts = [f'<span data-pagefind-meta="type:{h(TYPE_LABELS[kind])}"></span>', _filter("Type", TYPE_LABELS[kind])]
    parts += [_filter(key, value) for key, values in filters.items() for value in values]
    if synonyms:
        parts.append(f'<span class="carnet-synonymes" aria-hidden="true" data-pagefind-weight="6">{h(" · ".join(synonyms))}</span>')
    return Html('<div class="carnet-index" hidden>' + "".join(parts) + "</div>")


def doc_marks(doc: Document, corpus: Corpus) -> Html:
    """Filters (administration, compétence, public, niveau) and synonyms of a sheet, story or malfunction."""
    refs = corpus.referentiels
    # Filter names are shown as they are in the search panel: French, with accents.
    filters = {
        "Administration": [refs["administrations"].short_label(i) for i in doc.get("administrations") or []
                           if i in refs["administrations"].entries],
        "Compétence": [refs["competences"].label(i) for i in doc.get("competences") or [] if i in refs["competences"].entries],
        "Public": [refs["publics"].label(i) for i in doc.get("publics") or [] if i in refs["publics"].entries],
        "Niveau": [NIVEAUX[doc.get("niveau")]] if doc.get("niveau") in NIVEAUX else [],
    }
    text = " ".join([str(doc.get("titre", "")), str(doc.get("resume", "")), doc.body,
                     " ".join(str(k) for k in doc.get("mots_cles") or [])])
    keywords = [str(k) for k in doc.get("mots_cles") or []]
    keywords += [w for i in doc.get("publics") or [] if i in refs["publics"].entries for w in (i, refs["publics"].label(i))]
    return marks(doc.kind, filters, keywords + synonyms_for(text, list(doc.get("administrations") or []), corpus))
