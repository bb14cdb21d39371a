"""Detecting personal data in a line of text: e-mail, phone, NIR, IBAN, written-out secrets.

Each detector favours silence over false alarms: NIR and IBAN are reported only when their check
digits are right, phone numbers only in the shapes of personal lines (not 08 service numbers, not
3949), and a password or code only when the word that follows it is one no French sentence would
write (looks_secret): « code provisoire : orientez-la vers le 3646 » is prose, « code PIN 4821 » is not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator

EMAIL = re.compile(r"(?<![\w.%+-])[A-Za-z0-9._%+-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})\b")
# 01-05 landlines, 06-07 mobiles, 09 VoIP; 08 numbers are paid or free service lines.
# Separators inside a number never cross a line: spaces, tabs, non-breaking spaces, dots, dashes.
_S = "[ \t\u00a0\u202f.-]"
PHONE = re.compile(rf"(?<![\d+])(?:(?:\+|00)33{_S}?(?:\(0\){_S}?)?|0)[1-79](?:{_S}?\d{{2}}){{4}}(?!\d)")
NIR = re.compile(rf"(?<![\dA-Za-z])([12]){_S}?(\d{{2}}){_S}?(\d{{2}}){_S}?(\d{{2}}|2[AB]){_S}?(\d{{3}}){_S}?(\d{{3}}){_S}?(\d{{2}})(?![\dA-Za-z])", re.I)
IBAN = re.compile(r"(?<![A-Z0-9])([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?)(?![A-Z0-9])", re.I)
# A written-out secret: a keyword (with the qualifiers of secret codes only: « code postal » is not
# one), optional Markdown emphasis, a link (« : », « = », « est », « c'est »… or a plain space), then
# one token, judged by looks_secret(). The browser runs this same pattern (carnet-formulaire.js).
_W = "[ \t\u00a0\u202f]"
_KEYWORD = ("mots? de passe(?: provisoires?| temporaires?| ma[iî]tres?)?|mdp|passwords?|logins?|pin"
            "|identifiants?(?: provisoires?| temporaires?| de connexion)?"
            "|codes?(?: secrets?| pin| confidentiels?| d['’]acc[eè]s| provisoires?| temporaires?| uniques?"
            "| de connexion| de s[eé]curit[eé]| de v[eé]rification| de validation| de confirmation"
            "| d['’]activation| de d[eé]verrouillage| de verrouillage| wi-?fi)?")
SECRET = re.compile(
    rf"({_KEYWORD})[*_]{{0,2}}(?:{_W}*[:=]{_W}*|{_W}*,?{_W}+(?:est|[eé]tait|c['’]est|c['’][eé]tait){_W}+|{_W}+)"
    rf"(?:[«\"“‘'`]{_W}*)?([^\s«»\"“”,;]+)", re.I)
# Cheap tests first: most lines have no @, no run of six digits and no secret's keyword.
DIGITS = re.compile(r"\d\d[ .\-\u00a0\u202f]?\d\d[ .\-\u00a0\u202f]?\d\d")
SECRET_WORDS = ("mot", "mdp", "pass", "code", "identifiant", "login", "pin")
RESERVED_DOMAINS = ("example.com", "example.org", "example.net")


@dataclass(frozen=True)
class Match:
    """One piece of personal data found in a text, at `offset` (0-based)."""

    code: str
    offset: int
    message: str
    hint: str


def iter_personal_data(text: str, allowed_domains: Iterable[str] = ()) -> Iterator[Match]:
    """Every piece of personal data in a text, left to right."""
    found: list[Match] = []
    if "@" in text:
        found += _emails(text, tuple(allowed_domains) + RESERVED_DOMAINS)
    if DIGITS.search(text):
        found += [*_phones(text), *_nirs(text), *_ibans(text)]
    lowered = text.lower()
    if any(word in lowered for word in SECRET_WORDS):
        found += _secrets(text, lowered)
    yield from sorted(found, key=lambda m: (m.offset, m.code))


def _emails(text: str, allowed: tuple[str, ...]) -> Iterator[Match]:
    for m in EMAIL.finditer(text):
        domain = m.group(1).lower()
        if domain.endswith(".gouv.fr") or any(domain == d or domain.endswith("." + d) for d in allowed):
            continue
        yield Match("donnee-email", m.start(), f"adresse e-mail « {m.group(0)} »",
                    "n'écrivez jamais l'adresse d'une personne ; décrivez-la (« son adresse personnelle »)")


def _phones(text: str) -> Iterator[Match]:
    for m in PHONE.finditer(text):
        yield Match("donnee-telephone", m.start(), f"numéro de téléphone « {m.group(0).strip()} »",
                    "retirez le numéro ; les numéros courts des services (3949, 3646…) sont acceptés")


def nir_is_valid(digits: str) -> bool:
    """A NIR's key is 97 minus the number modulo 97 (Corsica: 2A → 19, 2B → 18)."""
    body, key = digits[:13].upper(), int(digits[13:])
    body = body.replace("2A", "19") if "2A" in body else body.replace("2B", "18")
    return body.isdigit() and 97 - int(body) % 97 == key


def _nirs(text: str) -> Iterator[Match]:
    for m in NIR.finditer(text):
        if nir_is_valid("".join(m.groups())):
            yield Match("donnee-nir", m.start(), "numéro de sécurité sociale (NIR)",
                        "retirez ce numéro : il identifie une personne")


def iban_is_valid(iban: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to numbers, modulo 97 = 1."""
    compact = iban.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34:
        return False
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def _ibans(text: str) -> Iterator[Match]:
    for m in IBAN.finditer(text):
        if iban_is_valid(m.group(1)):
            yield Match("donnee-iban", m.start(), "IBAN (coordonnées bancaires)", "retirez ces coordonnées bancaires")


# What French prose wraps around a word, and what joins words inside one token (« orientez-la »,
# « l’identifiant », « SMS/e-mail », « impots.gouv.fr », « conseiller·ère »).
OPENING = "([{«‹“‘\"'`*_¿¡"
CLOSING = ".,;:!?)]}»›”’\"'`*_…+"  # « + » too: FranceConnect+, Canal+
JOINERS = "-‐‑'’/.·"
# A number with a French ordinal or time suffix is ordinary prose: « 1ère », « 100e », « 12h30 ».
NUMBER_SUFFIX = re.compile(r"[0-9]+(?:er|re|ère|e|ème|eme|nde?|h[0-9]{0,2}|min)s?", re.I)
FOUR_DIGITS = re.compile(r"[0-9]{4}")
WEB_ADDRESS = re.compile(r"https?://", re.I)


def looks_secret(token: str) -> bool:
    """Whether a token no French sentence would write: a run of four digits, letters mixed with digits,
    or letters with a sign that joins no French words (« Soleil2024! », « 4821 », « j_dupont »)."""
    token = token.lstrip(OPENING).rstrip(CLOSING)
    if len(token) < 4 or WEB_ADDRESS.match(token):
        return False
    if FOUR_DIGITS.search(token):
        return True
    letters = any(_is_letter(c) for c in token)
    if letters and any(c in "0123456789" for c in token):
        return not NUMBER_SUFFIX.fullmatch(token)
    return letters and any(not _is_letter(c) and c not in "0123456789" + JOINERS for c in token)


def _is_letter(char: str) -> bool:
    return char.isalpha() or unicodedata.category(char).startswith("M")


def _secrets(text: str, lowered: str) -> Iterator[Match]:
    # The pattern is tried only where a keyword starts: scanning the whole text with it is slow.
    # After a secret, the search goes on past it (« code PIN 4821 » is one secret, not two).
    starts = sorted({i for word in SECRET_WORDS for i in _find_all(lowered, word)})
    resume = 0
    for start in starts:
        if start < resume or (start and lowered[start - 1].isalnum()):
            continue
        m = SECRET.match(text, start)
        if m and looks_secret(m.group(2)):
            resume = m.end()
            keyword = m.group(1).lower()
            written = "écrits" if keyword.split()[0].endswith("s") else "écrit"
            yield Match("donnee-secret", m.start(), f"{keyword} {written} en clair",
                        "n'écrivez jamais un mot de passe ou un code, même d'exemple : expliquez comment le construire")


def _find_all(text: str, word: str) -> Iterator[int]:
    index = text.find(word)
    while index >= 0:
        yield index
        index = text.find(word, index + 1)
