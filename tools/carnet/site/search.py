"""Search with Pagefind: what each page tells the index (filters, meta, synonyms), and the indexing run.

Pagefind indexes the built HTML. Pages opt in with `data-pagefind-body`; listings of other pages
are marked `data-pagefind-ignore` so that a sheet is found by its own words, not its neighbours'.
People's words (« pole emploi », « mdp ») are added to a page as an invisible list of synonyms.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from functools import cache, lru_cache
from pathlib import Path

import yaml

from carnet.model.content import Corpus, Document
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


class SearchError(Exception):
    """Pagefind failed: the message is in French."""


# French function words: on every page, they fill the index chunks that every query downloads, and
# they tell nothing about a page. They are left out of the index, and out of queries (same list).
STOPWORDS = frozenset(
    ["a", "à", "au", "aux", "avec", "ce", "ces", "cet", "cette", "d", "dans", "de", "des", "du", "elle", "elles", "en", "et", "eux", "il", "ils", "je", "l", "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais", "me", "mes", "moi", "mon", "n", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "si", "son", "sur", "t", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y", "c", "ça", "est", "sont", "été", "être", "avoir", "ont", "a"]
)
TEXT = re.compile(r">([^<]+)<")
ELIDED = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)(?:'|’|&#x27;|&#39;)", re.I)
PUNCTUATION = ".,;:!?«»()\"'’"
# The abbreviations every network starts with; content/referentiels/synonymes.yml adds its own.
DEFAULT_SYNONYMS = Path(__file__).with_name("synonymes_par_defaut.yml")
QUERY_ELIDED = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)'")


def _keep(word: str) -> str:
    if "'" in word or "’" in word or "&#" in word:
        word = ELIDED.sub("", word)
    return "" if word.strip(PUNCTUATION).lower() in STOPWORDS else word


def _without_stopwords(text: str) -> str:
    return " ".join(filter(None, map(_keep, text.split())))


def index_html(html: str) -> str:
    """The page as the index sees it: its searchable part without French function words."""
    start = html.find("<div data-pagefind-body>")
    end = html.find("</article>", start)
    if start < 0 or end < 0:
        return html
    body = TEXT.sub(
        lambda m: (
            ">" + (_without_stopwords(m.group(1)) if m.group(1).strip() else m.group(1)) + "<"
        ),
        html[start:end],
    )
    return html[:start] + body + html[end:]


def index_site(site: Path) -> None:
    """Index a built site with Pagefind (the binary of the `pagefind[bin]` package), function words aside.

    The pages are copied without function words to a side folder that Pagefind indexes, its bundle
    written into the site. (Pagefind's Python API would avoid the copy, but it answers ten requests
    a second, which is fifteen minutes at 10,000 sheets.)
    """
    with tempfile.TemporaryDirectory(prefix="carnet-index-") as side:
        for page in site.rglob("index.html"):
            html = page.read_text("utf-8")
            if "data-pagefind-body" in html:
                copy = Path(side) / page.relative_to(site)
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_text(index_html(html), encoding="utf-8")
        shutil.rmtree(site / "pagefind", ignore_errors=True)
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pagefind",
                "--site",
                side,
                "--output-path",
                str(site / "pagefind"),
                "--force-language",
                "fr",
                "--silent",
            ],
            capture_output=True,
            text=True,
        )
    if done.returncode != 0:
        raise SearchError(
            f"l'index de recherche n'a pas pu être construit : {done.stderr.strip() or done.stdout.strip()}"
        )


def admin_names(entry: dict, topics: bool = True) -> list[str]:
    """Every name people use for an administration; with `topics`, also the subjects it stands for."""
    names = [
        entry.get("nom", ""),
        entry.get("nom_court", ""),
        entry.get("sigle", ""),
        *entry.get("anciens_noms", []),
    ]
    return [n for n in names + (list(entry.get("synonymes", [])) if topics else []) if n]


@cache
def default_synonyms() -> tuple[dict, ...]:
    """The synonyms shipped with the carnet (« mdp », « cni », « caf »…), in the format of synonymes.yml."""
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
    """People's words for a page: its administrations' other names, and the synonyms of its text's expressions."""
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
    """A query's words as the search dialog reads them: folded, without elided articles or function words.

    carnet-recherche.js does the same to what people type, so that the keys written here match it.
    """
    words = (
        QUERY_ELIDED.sub("", w).strip(PUNCTUATION)
        for w in fold(text).replace("’", "'").replace("'", "' ").split()
    )
    return [w for w in words if w and w not in FOLDED_STOPWORDS]


def synonym_map(corpus: Corpus) -> dict:
    """People's words (as query_words reads them) → the expressions the pages use, for the search dialog.

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
            f'<span class="carnet-synonymes" aria-hidden="true" data-pagefind-weight="6">{h(" · ".join(synonyms))}</span>'
        )
    return Html('<div class="carnet-index" hidden>' + "".join(parts) + "</div>")


def doc_marks(doc: Document, corpus: Corpus) -> Html:
    """Filters (administration, compétence, public, niveau) and synonyms of a sheet, story or malfunction."""
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
