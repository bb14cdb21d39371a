"""French text helpers shared by every command: counted words, and accent and case folding."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

NBSP = "\u00a0"
# The combining diacritics NFD splits French letters into: the same range as the JavaScript copies
# (`normalize("NFD").replace(/[\u0300-\u036f]/g, "")`), so a page and the checker fold alike.
COMBINING = re.compile("[\u0300-\u036f]")


def plural(count: int, singular: str, plural_form: str | None = None, space: str = NBSP) -> str:
    """« 3 fiches », « 1 fiche », « 0 fiche »: French plural, 0 and 1 are singular.

    Pages join the number to its word with a no-break space; terminal reports (`check`, `liens`,
    `importer`) use `counted`, with a plain space, as they always have. The plural adds an s
    unless given.
    """
    return f"{count}{space}{singular if count <= 1 else (plural_form or singular + 's')}"


def counted(count: int, singular: str, plural_form: str | None = None) -> str:
    """`plural` with a plain space, as terminal reports write it: « 2 erreurs »."""
    return plural(count, singular, plural_form, space=" ")


@lru_cache(maxsize=1024)
def fold(text: str, spaces: str | None = None) -> str:
    """Lowercase without accents, so that « Etapes » matches « Étapes ».

    With `spaces`, runs of white space become that string and the ends are trimmed: « " " » to
    compare answers typed by people, « "-" » to compare with an enum value (« Intermédiaire »
    typed for `intermediaire`).
    """
    if spaces is not None:
        text = spaces.join(text.split())
    return COMBINING.sub("", unicodedata.normalize("NFD", text.casefold()))


def of_month(label: str) -> str:
    """« de novembre 2026 », « d'août 2026 », « d'avril 2027 »: French elides « de » before a
    vowel."""
    return ("d'" if label[:1].lower() in "aeiouyàâéèêîôû" else "de ") + label


_CLOCK = re.compile(r"^\s*(\d{1,2})\s*(?::|h)\s*(\d{2})?\s*$", re.IGNORECASE)


def clock(value: object) -> str:
    """14:00 → « 14 h », 14:30 → « 14 h 30 », as French typography writes hours; « 9h30 » (an
    error `carnet check` reports) reads the same, and anything else is shown as typed."""
    m = _CLOCK.match(str(value))
    if not m:
        return str(value)
    minutes = m.group(2)
    return f"{int(m.group(1))}{NBSP}h" + (f"{NBSP}{minutes}" if minutes and minutes != "00" else "")
