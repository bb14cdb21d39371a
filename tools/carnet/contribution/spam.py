"""Detecting unwanted messages in a contribution: foreign links, spam wording, text in English.

Contributions come from public forms, and public forms attract spam: links to lotteries and
casinos, « kindly … click here », comments in English that say nothing. The carnet is written in
French and links only to official sources (its charter), so each signal is precise enough alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from carnet.checking.personal_data import Match

if TYPE_CHECKING:  # the corpus is only named in a type; importing it here would be a cycle
    from carnet.model.content import Corpus

# Official or reference sources cited by the charter and the starter content, beyond the
# administrations' own sites (référentiel) and every *.gouv.fr.
ALLOWED_DOMAINS = (
    "gouv.fr",
    "service-public.fr",
    "cnil.fr",
    "cybermalveillance.gouv.fr",
    "creativecommons.org",
    "pix.fr",
    "signal-spam.fr",
    "33700.fr",
    "info-retraite.fr",
    "europa.eu",
    "legifrance.gouv.fr",
)
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]{}\"'«»|]+", re.I)
# Bare domains only with generic or foreign TLDs: « document.pdf » or « ameli.fr » are not spam
# links.
BARE_DOMAIN = re.compile(
    r"(?<![\w@./-])((?:[a-z0-9-]+\.)+(?:com|net|org|co|io|info|biz|xyz|top|site|online|shop|club|"
    r"ru|cn|uk|us|app|bet|casino|win|vip|store|live))\b(?![\w@-])",
    re.I,
)
# Wording that no mediator writes in French: reported alone.
STRONG = re.compile(
    r"\b(kindly|click here|lotter(?:y|ies)|lotto|powerball|jackpot|sweepstakes?|online casino|"
    r"casino online|buy now|viagra|cialis|payday loans?|backlinks?|seo services?|results?)\b",
    re.I,
)
# Words a French story about scams may hold (« une arnaque aux cryptos »): reported only next to
# another signal.
WEAK = re.compile(
    r"\b(casinos?|crypto(?:currenc(?:y|ies))?|bitcoins?|forex|betting|giveaway)\b(?!-)", re.I
)
WORD = re.compile(r"[a-zà-ÿœæ]+", re.I)
ENGLISH = frozenset(
    [
        "the",
        "and",
        "is",
        "are",
        "was",
        "were",
        "of",
        "to",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "with",
        "for",
        "we",
        "you",
        "your",
        "our",
        "they",
        "their",
        "have",
        "has",
        "had",
        "been",
        "be",
        "will",
        "would",
        "can",
        "could",
        "should",
        "i",
        "my",
        "me",
        "about",
        "any",
        "from",
        "by",
        "at",
        "an",
        "or",
        "if",
        "but",
        "not",
        "what",
        "which",
        "who",
        "there",
        "here",
        "some",
        "just",
        "so",
        "do",
        "does",
        "did",
        "now",
        "very",
        "going",
        "seems",
        "like",
        "please",
        "thanks",
    ]
)
FRENCH = frozenset(
    [
        "le",
        "la",
        "les",
        "de",
        "des",
        "du",
        "un",
        "une",
        "et",
        "est",
        "en",
        "au",
        "aux",
        "pour",
        "que",
        "qui",
        "dans",
        "sur",
        "pas",
        "par",
        "avec",
        "il",
        "elle",
        "ils",
        "elles",
        "nous",
        "vous",
        "ce",
        "cette",
        "ces",
        "son",
        "sa",
        "ses",
        "se",
        "ne",
        "plus",
        "mais",
        "ou",
        "où",
        "je",
        "l",
        "d",
        "j",
        "qu",
        "n",
        "c",
        "s",
        "été",
        "sont",
        "être",
        "avoir",
        "fait",
        "très",
        "aussi",
        "comme",
        "leur",
        "leurs",
        "y",
        "à",
    ]
)
MIN_ENGLISH_WORDS = 4
HINT_LINK = (
    "le carnet ne renvoie qu'aux sites des administrations et aux sources officielles (charte) : "
    "retirez ce lien"
)
HINT_WORDS = (
    "ce texte ressemble à un message indésirable ; une contribution décrit une pratique de "
    "médiation, en français"
)


def host_of(url: str) -> str:
    """The host of an address written with or without its scheme, without « www. »."""
    parsed = urlparse(url if "://" in url else "https://" + url)
    return (parsed.hostname or "").removeprefix("www.").rstrip(".")


def is_allowed(host: str, allowed: Iterable[str]) -> bool:
    """Is the host an official source: *.gouv.fr, an administration's site, or the allow-list?"""
    return any(host == d or host.endswith("." + d) for d in (*ALLOWED_DOMAINS, *allowed))


def _links(text: str, allowed: tuple[str, ...]) -> Iterator[Match]:
    seen: set[str] = set()
    found = [(m.start(), host_of(m.group(0))) for m in URL.finditer(text)]
    found += [
        (m.start(), m.group(1).lower().removeprefix("www.")) for m in BARE_DOMAIN.finditer(text)
    ]
    for offset, host in sorted(found):
        if host and host not in seen and not is_allowed(host, allowed):
            seen.add(host)
            yield Match(
                "spam-lien",
                offset,
                f"lien vers « {host} », qui n'est ni un service public ni une source officielle",
                HINT_LINK,
            )


def is_english(text: str) -> bool:
    """Mostly English: enough English function words, and far more than French ones."""
    words = [w.lower() for w in WORD.findall(text)]
    english = sum(w in ENGLISH for w in words)
    french = sum(w in FRENCH for w in words)
    return english >= MIN_ENGLISH_WORDS and english >= 3 * french


def iter_spam(text: str, allowed_domains: Iterable[str] = ()) -> Iterator[Match]:
    """Every sign of an unwanted message in a text: foreign links, spam wording, English."""
    found = list(_links(text, tuple(allowed_domains)))
    strong = [m for m in STRONG.finditer(text)]
    weak = [m for m in WEAK.finditer(text)]
    english = is_english(text)
    words = strong + (weak if strong or found or english else [])
    if words:
        quoted = ", ".join(dict.fromkeys(f"« {m.group(0).lower()} »" for m in words))
        found.append(
            Match(
                "spam-formulation",
                min(m.start() for m in words),
                f"formulation typique des messages indésirables ({quoted})",
                HINT_WORDS,
            )
        )
    if english:
        found.append(
            Match(
                "spam-anglais",
                0,
                "texte en anglais",
                "le carnet s'écrit en français : décrivez la situation en français",
            )
        )
    yield from sorted(found, key=lambda m: (m.offset, m.code))


def browser_spec(corpus: Corpus) -> dict:
    """What the web form needs to say the same as `iter_spam`: patterns, word lists, official
    sources.
    """
    from carnet.checking.rules.privacy import admin_domains

    return {
        "url": URL.pattern,
        "domaine_nu": BARE_DOMAIN.pattern,
        "fort": STRONG.pattern,
        "faible": WEAK.pattern,
        "mot": WORD.pattern,
        "anglais": sorted(ENGLISH),
        "francais": sorted(FRENCH),
        "min_anglais": MIN_ENGLISH_WORDS,
        "sources": [*ALLOWED_DOMAINS, *admin_domains(corpus)],
    }
