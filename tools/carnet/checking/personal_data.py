"""Detecting personal data in a text: e-mail, phone, identity numbers, bank details, address, birth
date and written-out secrets.

One table, KINDS, holds every kind: its pattern, its message and hint. `carnet check` runs it here;
the web form gets the same patterns and messages through the site's JSON (site.forms_spec) and runs
them in carnet-formulaire.js, with the same check after each match (a NIR's key, an IBAN's checksum,
an allowed domain or official number, a secret-looking word). tests/test_personal_data.py runs both
on the same sentences. Each kind favours silence over false alarms: identifiers without a structure
of their own are caught only when introduced as such (« n° allocataire : »), an address only with a
civility, a name or a verb of residence, a date only after « né le » or « date de naissance ».
Every pattern is linear: a fixed start, then bounded repetitions that cannot match the same text
two ways, so a 250 KB text takes a fraction of a second; and no pattern goes past the end of a line,
so the checker runs most of them only on the lines with enough digits (_regions), which the tests
prove changes no verdict.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

_W = "[ \t\u00a0\u202f]"  # a space inside a line
_S = "[ \t\u00a0\u202f.-]"  # a separator inside a NIR
_SP = "[ \t\u00a0\u202f./-]"  # … inside a phone number (06/12/34/56/78)
_SI = "[ \t\u00a0\u202f-]"  # … inside an IBAN
_LETTERS = "A-Za-zÀ-ÖØ-öø-ɏ"  # letters that continue a word (Latin-1 and Latin Extended)
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_START = f"(?<![{_LETTERS}0-9])"  # the match starts a word

# E-mail: « @ », « ＠ », spaces around it, or the words people use to hide it: (at), [at]…[dot],
# « arobase », « chez … point fr ». Spelled forms end with a common top-level domain and « chez »
# with a mail provider, so that « rendez-vous chez Darty point com » stays prose.
_AT_SIGN = "[@＠﹫]"
_SPELLED_AT = (
    rf"{_W}*{_AT_SIGN}{_W}*|{_W}*[(\[{{<]{_W}*(?:at|a|arobase|chez|{_AT_SIGN}){_W}*[)\]}}>]{_W}*"
    rf"|{_W}+arobase{_W}+"
)
_DOT = rf"\.|{_W}*[(\[{{<]{_W}*(?:dot|point|\.){_W}*[)\]}}>]{_W}*|{_W}+(?:point|dot){_W}+"
_LABEL = "[A-Za-z0-9-]{1,63}"
_TLDS = "fr|com|net|org|eu|info|be|ch|lu|re|io|biz|bzh"
_PROVIDERS = (
    "gmail|hotmail|outlook|live|msn|yahoo|orange|wanadoo|free|sfr|neuf|laposte|icloud|me|aol|gmx"
    "|protonmail|proton|bbox|numericable|club-internet|caramail"
)
EMAIL = re.compile(
    rf"(?<![{_LETTERS}0-9._%+-])[A-Za-z0-9._%+-]{{1,64}}"
    rf"(?:{_W}*{_AT_SIGN}{_W}*((?:{_LABEL}\.){{1,8}}[A-Za-z]{{2,24}})"
    rf"|(?:{_SPELLED_AT})({_LABEL}(?:(?:{_DOT}){_LABEL}){{0,6}}(?:{_DOT})(?:{_TLDS}))"
    rf"|{_W}+chez{_W}+((?:{_PROVIDERS})(?:{_DOT})(?:{_TLDS})))(?![A-Za-z0-9-])",
    re.I,
)
EMAIL_DOT = re.compile(
    _DOT, re.I
)  # a spelled dot, turned back into « . » before judging the domain
# 01-05 landlines, 06-07 mobiles, 09 VoIP (08 numbers are service lines), one separator all along:
# « 01/02/2024 12 » is a date and a number, not a phone.
PHONE = re.compile(
    rf"(?<![0-9+])(?:(?:\+|00){_SP}?33{_SP}?(?:\(0\){_SP}?)?|0)[1-79]({_SP}?)[0-9]{{2}}(?:\1[0-9]{{2}}){{3}}(?![0-9])"
)
# NIR: sex, year, month (01-12, or 20, 30-42, 50-99 for unknown months), département (2A, 2B for
# Corsica), commune, order, then the key, checked when present.
_MONTH = "0[1-9]|1[0-2]|20|3[0-9]|4[0-2]|[5-9][0-9]"
NIR = re.compile(
    rf"(?<![0-9A-Za-z])([12]){_S}?([0-9]{{2}}){_S}?({_MONTH}){_S}?(0[1-9]|[1-9][0-9]|2[AB]){_S}?"
    rf"([0-9]{{3}}){_S}?([0-9]{{3}})(?:{_S}?([0-9]{{2}})(?![0-9A-Za-z])|(?!{_S}?[0-9])(?![A-Za-z]))",
    re.I,
)
IBAN = re.compile(rf"(?<![0-9A-Za-z])[A-Z]{{2}}{_SI}?[0-9]{{2}}(?:{_SI}?[0-9A-Z]){{11,30}}")
PASSPORT = re.compile(r"(?<![0-9A-Za-z])[0-9]{2}[A-Z]{2}[0-9]{5}(?![0-9A-Za-z])")
# Identifiers with no shape of their own, caught when introduced as such.
_INTRO = "[^0-9\n]{0,20}"
_NUMBER = "(?:num[ée]ro|n[°º])"
TAX_NUMBER = re.compile(
    rf"{_START}(?:(?:{_NUMBER}|identifiant){_W}*(?:d['’]identification{_W}+)?fiscale?|(?:SPI|NIF)(?![A-Za-z]))"
    rf"{_INTRO}[0-3](?:{_W}?[0-9]){{12}}(?![0-9])",
    re.I,
)
CAF_NUMBER = re.compile(
    rf"{_START}(?:{_NUMBER}{_W}*(?:d['’]{_W}*)?allocataire|allocataire{_W}+n[°º]|{_NUMBER}{_W}*(?:CAF|MSA))"
    rf"{_INTRO}[0-9](?:{_W}?[0-9]){{4,9}}(?![0-9])",
    re.I,
)
JOB_NUMBER = re.compile(
    rf"{_START}(?:identifiant|{_NUMBER})(?:{_W}+(?:de{_W}+)?demandeur{_W}+d['’]emploi"
    rf"|{_W}*(?:(?:[àa]|de|chez){_W}+)?(?:France{_W}*Travail|P[ôo]le{_W}*emploi))"
    rf"{_INTRO}[0-9]{{7}}[0-9A-Z](?![0-9A-Za-z])",
    re.I,
)
# A birth date: « né le », « née le », « date de naissance : », then a whole date with its year.
_MONTHS = (
    "janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre"
    "|janv\\.|f[ée]vr?\\.|avr\\.|juil\\.|sept?\\.|oct\\.|nov\\.|d[ée]c\\."
)
_DATE = (
    rf"(?:[0-3]?[0-9]|1er){_W}*[/.-]{_W}*[01]?[0-9]{_W}*[/.-]{_W}*(?:19|20)?[0-9]{{2}}"
    rf"|(?:[0-3]?[0-9]|1er){_W}+(?:{_MONTHS}){_W}*(?:19|20)[0-9]{{2}}|(?:19|20)[0-9]{{2}}-[01][0-9]-[0-3][0-9]"
)
BIRTH_DATE = re.compile(
    rf"{_START}(?:n[éÉ](?:e|\(e\))?s?|date{_W}+de{_W}+naissance|date{_W}+de{_W}+naiss\.|DDN)"
    rf"{_W}*(?::{_W}*)?(?:le{_W}+)?(?:{_DATE})(?![0-9])",
    re.I,
)
# A person's postal address: a number and a street type, after a civility and a name (« Mme Dupont,
# 12 rue des Lilas »), a verb of residence (« habite au 12 rue… ») or a first and last name when the
# postcode and town follow (« Jean Dupont, 12 rue des Lilas, 63000 Clermont-Ferrand »). Such a name
# never starts with an institution's word (« Maison France Services », « Secours populaire ») nor an
# acronym.
_STREET = (
    "[Rr]ue|[Aa]venue|[Aa]v\\.|[Bb]d|[Bb]oulevard|[Pp]lace|[Cc]hemin|[Aa]ll[ée]e|[Ii]mpasse|[Rr]oute|[Qq]uai"
    "|[Ss]quare|[Rr][ée]sidence|[Ll]otissement|[Ll]ieu-dit|[Hh]ameau|[Pp]assage|[Cc]it[ée]|[Vv]oie"
    "|[Ff]aubourg|[Ee]splanade|[Pp]romenade|[Mm]ont[ée]e|[Rr]uelle|[Ss]entier|[Vv]illa|[Pp]arvis|[Cc]los"
)
_AFTER_NUMBER = rf"(?:{_W}?(?:bis|ter|quater|[A-D]))?{_W}*,?{_W}*(?:{_STREET})(?![{_LETTERS}])"
_HOUSE = rf"[0-9]{{1,4}}{_AFTER_NUMBER}"
_NAME = rf"[{_UPPER}][{_LETTERS}'’-]{{0,40}}"
_CIVILITY = "M\\.|MM\\.|Mmes?|Mlles?|Mr\\.?|[Mm]onsieur|[Mm]adame|[Mm]ademoiselle"
_RESIDES = (
    rf"(?:[Hh]abit(?:e|ent|ait|aient|ant)|[Dd]omicili[ée]e?s?|[Dd]emeur(?:e|ant)|[Rr][ée]sid(?:e|ent|ait|ant)|[Vv]it"
    rf"|(?:[Ss]on|[Ll]eur){_W}+(?:adresse|domicile)(?:{_W}+(?:personnelle|postale))?){_W}*:?{_W}*(?:(?:au|à){_W}+)?"
)
_INSTITUTIONS = (
    "France|Maison|Espace|Mairie|Caisse|Centre|Agence|Antenne|Point|P[ôo]le|M[ée]diath[èe]que"
    "|Biblioth[èe]que|Association|Secours|Croix|Restos|Emma[üu]s|Mission|Conseil|Direction|Pr[ée]fecture"
    "|Sous-pr[ée]fecture|Tribunal|Bureau|Office|Services?|Accueil|Relais|Foyer|R[ée]sidence|Union"
    "|F[ée]d[ée]ration|Communaut[ée]|Ville|Commune|H[ôo]tel|Cit[ée]|Campus|Coll[èe]ge|Lyc[ée]e|[ÉE]cole"
    "|Universit[ée]|Clinique|H[ôo]pital|Pharmacie|Banque|Soci[ée]t[ée]|Groupe|Club|Collectif|Institut"
    "|Fondation|Comit[ée]|Permanences?|Guichet|Poste|Tiers|Atelier|Cyber|Chambre|Cabinet|Syndicat"
    "|Entraide|Habitat|Salle|Gare|Le|La|Les|L['’]|Au|Aux|Du|Des|Un|Une"
)
# A name without civility starts a line or a clause, or follows « à » or « chez » (not « Centre
# social Lucie Aubrac »).
_CLAUSE = (
    rf"(?:(?<![\s\S])|(?<=[\n(«\"“])|(?<=[\n,;:.(«\"“*>-]{_W})|(?<=[^{_LETTERS}]à{_W})"
    rf"|(?<=[^{_LETTERS}]chez{_W}))"
)
_POSTCODE = rf"(?:[0-9]{{5}}|[0-9]{{2}}{_W}[0-9]{{3}})(?![0-9]){_W}+[{_UPPER}]"
ADDRESS = re.compile(
    rf"{_START}(?:(?:{_CIVILITY}){_W}*{_NAME}(?:{_W}+{_NAME}){{0,3}}{_W}*[,(]?{_W}*(?:{_RESIDES})?|{_RESIDES}"
    rf"|{_CLAUSE}(?!(?:{_INSTITUTIONS})(?![{_LETTERS}]))[{_UPPER}][{_LOWER}][{_LETTERS}'’-]{{0,39}}(?:{_W}+{_NAME}){{1,2}}{_W}*,{_W}*"
    rf"(?={_HOUSE}[^\n]{{1,60}}?{_POSTCODE})){_HOUSE}"
)
# A written-out secret: a keyword (with the qualifiers of secret codes only: « code postal » is not
# one), optional Markdown emphasis, a link (« : », « = », « est », « c'est »… or a plain space),
# then one token, judged by looks_secret().
_KEYWORD = (
    "mots? de passe(?: provisoires?| temporaires?| "
    "ma[iî]tres?)?|mdp|passwords?|logins?|pin|digicodes?"
    "|identifiants?(?: provisoires?| temporaires?| de connexion)?"
    "|codes?(?: secrets?| pin| confidentiels?| d['’]acc[eè]s| provisoires?| temporaires?| uniques?"
    "| de connexion| de s[eé]curit[eé]| de v[eé]rification| de validation| de confirmation"
    "| d['’]activation| de d[eé]verrouillage| de verrouillage| wi-?fi| cb| bancaires?"
    "| d[eu] (?:la |sa |ma |votre |leur |l['’])?(?:carte(?: bancaire| bleue| vitale| sim| "
    "cb)?|badge|porte"
    "|portail|immeuble|b[aâ]timent|alarme|cadenas|coffre|digicode|t[eé]l[eé]phone|portable)"
    "| d['’](?:entr[eé]e|immeuble|alarme))?"
)
SECRET = re.compile(
    rf"({_KEYWORD})[*_]{{0,2}}(?:{_W}*[:=]{_W}*|{_W}*,?{_W}+(?:est|[eé]tait|c['’]est|c['’][eé]tait){_W}+|{_W}+)"
    rf"(?:[«\"“‘'`]{_W}*)?([^\s«»\"“”,;]{{1,100}})",
    re.I,
)
SECRET_WORDS = (
    "mot",
    "mdp",
    "pass",
    "code",
    "identifiant",
    "login",
    "pin",
    "digicode",
)  # where SECRET can start
# (_regions() looks for the first seven, unrolled: « digicode » holds « code »)
RESERVED_DOMAINS = ("example.com", "example.org", "example.net")


@dataclass(frozen=True)
class Kind:
    """One kind of personal data: its pattern, the check run on each match, what the contributor
    reads.
    """

    name: str  # its name in the site's JSON and in carnet-formulaire.js
    code: str
    pattern: re.Pattern[str]
    message: str  # « {} » stands for what the check shows: the number, the keyword…
    hint: str
    verification: str = ""  # the check run on each match, here (VERIFICATIONS) and in the form


def _without(what: str, pronoun: str = "le") -> str:
    return f"écrivez « {what} » sans {pronoun} recopier"


# In this order: a match overlapping one found before is not reported again.
KINDS = (
    Kind(
        "secret",
        "donnee-secret",
        SECRET,
        "{} en clair",
        "écrivez « son mot de passe » ou « son code » sans le recopier, même pour l'exemple ; "
        "expliquez plutôt comment le construire",
        "secret",
    ),
    Kind(
        "email",
        "donnee-email",
        EMAIL,
        "adresse e-mail « {} »",
        _without("son adresse e-mail", "la")
        + " ; celles des administrations (…@caf.fr) sont acceptées",
        "email",
    ),
    Kind(
        "numero_fiscal",
        "donnee-identifiant",
        TAX_NUMBER,
        "numéro fiscal",
        _without("son numéro fiscal"),
    ),
    Kind(
        "allocataire",
        "donnee-identifiant",
        CAF_NUMBER,
        "numéro d'allocataire",
        _without("son numéro d'allocataire"),
    ),
    Kind(
        "france_travail",
        "donnee-identifiant",
        JOB_NUMBER,
        "identifiant France Travail",
        _without("son identifiant France Travail"),
    ),
    Kind(
        "naissance",
        "donnee-naissance",
        BIRTH_DATE,
        "date de naissance",
        "écrivez un âge approximatif (« une dame de plus de 70 ans ») plutôt que la date de "
        "naissance",
    ),
    Kind(
        "adresse",
        "donnee-adresse",
        ADDRESS,
        "adresse postale d'une personne",
        "écrivez « à son domicile » ou la seule commune, sans nom ni rue",
    ),
    Kind(
        "nir",
        "donnee-nir",
        NIR,
        "numéro de sécurité sociale (NIR)",
        _without("son numéro de sécurité sociale"),
        "nir",
    ),
    Kind(
        "iban",
        "donnee-iban",
        IBAN,
        "IBAN (coordonnées bancaires)",
        "écrivez « son RIB » ou « ses coordonnées bancaires » sans les recopier",
        "iban",
    ),
    Kind(
        "passeport",
        "donnee-identifiant",
        PASSPORT,
        "numéro de passeport",
        _without("son numéro de passeport"),
    ),
    Kind(
        "telephone",
        "donnee-telephone",
        PHONE,
        "numéro de téléphone « {} » : un numéro identifie une personne",
        _without("son numéro de téléphone")
        + " ; pour un service public, mettez plutôt le lien vers sa page de contact (les numéros "
        "courts, 3949 ou 3646, et les numéros officiels du référentiel des administrations sont "
        "acceptés)",
        "telephone",
    ),
)
PATTERNS = {**{kind.name: kind.pattern for kind in KINDS}, "email_point": EMAIL_DOT}
# Where the checker runs each pattern, for speed (the browser runs them on the whole text): secrets
# and e-mails in a text that holds one of their words; the others only on the lines with enough
# digits and one of their words (lowercase), since no pattern goes past the end of a line.
_BRACKET_AT = re.compile(rf"[(\[{{<]{_W}*a", re.I)
_LINE_KINDS = (  # by the fewest digits each needs; then a word it must hold (lowercase)
    ("iban", 2, None),
    ("naissance", 4, re.compile("né|naiss|ddn")),
    ("allocataire", 5, re.compile("allocataire|caf|msa")),
    ("france_travail", 7, re.compile("travail|emploi")),
    ("passeport", 7, None),
    ("telephone", 10, None),
    ("nir", 12, None),
    ("numero_fiscal", 13, re.compile("fisc|spi|nif")),
)
_NUMBER_RUN = re.compile("[0-9]+")
_STREET_AFTER = re.compile(_AFTER_NUMBER)  # a number followed by this may be a house number
_NOT_AFTER_NUMBER = frozenset(
    ".)/:;-\n%€°"
)  # what ends most numbers and never starts _AFTER_NUMBER


@dataclass(frozen=True)
class Match:
    """One piece of personal data found in a text, at `offset` (0-based)."""

    code: str
    offset: int
    message: str
    hint: str


@dataclass(frozen=True)
class Allowed:
    """What may be written: administrations' domains and official phone numbers (national form)."""

    domains: tuple[str, ...]
    phones: frozenset[str]


def iter_personal_data(
    text: str, allowed_domains: Iterable[str] = (), allowed_phones: Iterable[str] = ()
) -> Iterator[Match]:
    """Every piece of personal data in a text, left to right; one finding per piece of text."""
    lowered = text.lower()
    regions = _regions(text, lowered)
    if not regions:
        return
    allowed = _allowed(tuple(allowed_domains), tuple(allowed_phones))
    taken = bytearray(len(text))
    found: list[Match] = []
    for kind in (k for k in KINDS if k.name in regions):
        for start, end, shown in (
            c
            for region in regions[kind.name]
            for c in _candidates(kind, text, lowered, allowed, *region)
        ):
            if taken.find(1, start, end) < 0:
                taken[start:end] = b"\x01" * (end - start)
                found.append(Match(kind.code, start, kind.message.replace("{}", shown), kind.hint))
    yield from sorted(found, key=lambda m: (m.offset, m.code))


def _regions(text: str, lowered: str) -> dict[str, list[tuple[int, int]]]:
    """Where each kind's pattern may match: (start, end) of the whole text or of some of its
    lines."""
    whole = [(0, len(text))]
    regions = (
        {"secret": whole}
        if (
            "mot" in lowered
            or "mdp" in lowered
            or "pass" in lowered
            or "code" in lowered
            or "identifiant" in lowered
            or "login" in lowered
            or "pin" in lowered
        )
        else {}
    )
    if (
        "@" in text
        or "＠" in text
        or "﹫" in text
        or "arobase" in lowered
        or "chez" in lowered
        or (("(" in text or "[" in text or "{" in text or "<" in text) and _BRACKET_AT.search(text))
    ):
        regions["email"] = whole
    for start, end, digits, house in _digit_lines(text):
        if house:
            regions.setdefault("adresse", []).append((start, end))
        line = (
            text[start:end].lower() if digits >= 4 else ""
        )  # the kinds with words need 4 digits or more
        for name, minimum, words in _LINE_KINDS:
            if digits < minimum:
                break
            if words is None or words.search(line):
                regions.setdefault(name, []).append((start, end))
    return regions


def _digit_lines(text: str) -> Iterator[tuple[int, int, int, bool]]:
    """(start, end, digits, house) of each line holding a digit: its newline included, how many
    digits
    it holds, and whether one of its numbers is followed by a street type (« 12 rue »)."""
    start = end = digits = 0
    house = False
    for run in _NUMBER_RUN.finditer(text):
        if run.start() >= end:
            if digits:
                yield start, end, digits, house
            start, end = (
                text.rfind("\n", 0, run.start()) + 1,
                text.find("\n", run.start()) + 1 or len(text),
            )
            digits, house = 0, False
        digits += run.end() - run.start()
        house = house or (
            text[run.end() : run.end() + 1] not in _NOT_AFTER_NUMBER
            and _STREET_AFTER.match(text, run.end()) is not None
        )
    if digits:
        yield start, end, digits, house


@lru_cache(maxsize=16)
def _allowed(domains: tuple[str, ...], phones: tuple[str, ...]) -> Allowed:
    return Allowed(domains + RESERVED_DOMAINS, frozenset(national(p) for p in phones))


def browser_kinds() -> list[dict[str, str]]:
    """The kinds as the web form reads them from the site's JSON (patterns go in `controles`)."""
    return [
        {
            "controle": k.name,
            "code": k.code,
            "message": k.message,
            "aide": k.hint,
            "verification": k.verification,
        }
        for k in KINDS
    ]


def _candidates(
    kind: Kind, text: str, lowered: str, allowed: Allowed, pos: int, endpos: int
) -> Iterator[tuple[int, int, str]]:
    if kind.verification == "secret":
        yield from _secrets(text, lowered)
        return
    verify = VERIFICATIONS.get(kind.verification)
    for m in kind.pattern.finditer(text, pos, endpos):
        shown = verify(m, allowed) if verify else ""
        if shown is not None:
            yield m.start(), m.end(), shown


def national(number: str) -> str:
    """A French phone number as ten digits (« +33 (0)9 69… » → « 0969… »)."""
    return "0" + re.sub("[^0-9]", "", number)[-9:]


def _email(m: re.Match[str], allowed: Allowed) -> str | None:
    domain = EMAIL_DOT.sub(".", m.group(1) or m.group(2) or m.group(3)).lower()
    if domain.endswith(".gouv.fr") or any(
        domain == d or domain.endswith("." + d) for d in allowed.domains
    ):
        return None
    return m.group(0)


def _phone(m: re.Match[str], allowed: Allowed) -> str | None:
    return None if national(m.group(0)) in allowed.phones else m.group(0)


def nir_is_valid(digits: str) -> bool:
    """A NIR's key is 97 minus the number modulo 97 (Corsica: 2A → 19, 2B → 18)."""
    body, key = digits[:13].upper(), int(digits[13:])
    body = body.replace("2A", "19") if "2A" in body else body.replace("2B", "18")
    return body.isdigit() and 97 - int(body) % 97 == key


def _nir(m: re.Match[str], allowed: Allowed) -> str | None:
    key = m.group(7)
    return "" if key is None or nir_is_valid("".join(m.groups()[:6]) + key) else None


def iban_is_valid(iban: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to numbers, modulo 97 = 1."""
    compact = re.sub("[^0-9A-Za-z]", "", iban).upper()
    if not 15 <= len(compact) <= 34:
        return False
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def iban_in(candidate: str) -> bool:
    """Whether the run an IBAN starts holds one: valid whole, or cut before one of its separators
    (« FR76 3000 … 189 BNP »). One pass, the checksum carried along (iban_is_valid on each cut)."""
    head, rest, length = "", 0, 0
    for char in candidate.upper() + " ":
        if char.isalnum():
            value, length = int(char, 36), length + 1
            if length <= 4:
                head += str(value)
            else:
                rest = (rest * (10 if value < 10 else 100) + value) % 97
        elif 15 <= length <= 34 and (rest * 10 ** len(head) + int(head)) % 97 == 1:
            return True
    return False


def _iban(m: re.Match[str], allowed: Allowed) -> str | None:
    return "" if iban_in(m.group(0)) else None


VERIFICATIONS: dict[str, Callable[[re.Match[str], Allowed], str | None]] = {
    "email": _email,
    "telephone": _phone,
    "nir": _nir,
    "iban": _iban,
}

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
    """Whether a token no French sentence would write: a run of four digits, letters mixed with
    digits,
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


def _secrets(text: str, lowered: str) -> Iterator[tuple[int, int, str]]:
    # The pattern is tried only where a keyword starts a word: scanning the whole text with it is
    # slow. After a secret, the search goes on past it (« code PIN 4821 » is one secret, not two).
    starts = sorted({i for word in SECRET_WORDS for i in _find_all(lowered, word)})
    resume = 0
    for start in starts:
        if start < resume or (start and lowered[start - 1].isalnum()):
            continue
        m = SECRET.match(text, start)
        if m and looks_secret(m.group(2)):
            resume = m.end()
            keyword = m.group(1).lower()
            yield (
                m.start(),
                m.end(),
                keyword + (" écrits" if keyword.split()[0].endswith("s") else " écrit"),
            )


def _find_all(text: str, word: str) -> Iterator[int]:
    index = text.find(word)
    while index >= 0:
        yield index
        index = text.find(word, index + 1)
