"""Forgiving input, strict output: what people type in a form, read as the value the schema wants.

Only where intent is clear: a link line with its address anywhere, keywords separated by commas,
« 45 min » or « 1 h 30 » for a duration, a French date « 20/11/2026 ». Each reading is said back
(a note), and anything unclear is left as typed for the checks to refuse. carnet-formulaire.js
applies the same readings in the browser; tests/test_contract.py runs both on the same answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# List markers at the start of a line (« 1. », « 2) », « - », « * », « + »), and the bullets and
# dashes Word and LibreOffice paste as characters (« • », « – », « ➢ », Symbol's U+F0B7…), doubled
# too (« 1. 1) » when a numbered list is pasted into one): « 2 pièces » and « -5 % » keep their
# first characters. carnet-formulaire.js has the same pattern (tests/test_contract.py).
MARKER = re.compile(r"^\s*(?:(?:\d+[.)]|[-*+•◦▪▫■□●○‣⁃∙·➢➤►✓✔–—\uf0b7\uf0a7\uf0d8\uf0fc])\s+)+")
URL = re.compile(r"https?://[^\s<>|\[\]()«»\"]+", re.I)
MARKDOWN_LINK = re.compile(r"^\[([^\]]*)\]\(\s*<?(https?://[^\s<>()]+)>?\s*\)$", re.I)
URL_TAIL = ".,;:!?»"  # punctuation that ends a sentence, not an address
TITLE_EDGES = " \t|:–—-()<>[]«»\"'.,;!?"
DURATION = re.compile(
    r"^(?:(\d{1,2})\s*(?:h|heures?)\s*(?:(\d{1,2})\s*(?:min|minutes?|mn)?)?|(\d{1,3})\s*(?:min|minutes?|mn)?)$",
    re.I,
)
FRENCH_DAY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
FRENCH_MONTH = re.compile(r"^(\d{1,2})[/.](\d{4})$")


@dataclass
class Reading:
    """A value as read, what was normalised on the way (notes), and what could not be read
    (errors)."""

    value: object
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def unmark(line: str) -> str:
    return MARKER.sub("", line).strip()


def read_items(value: object, separators: str = "") -> Reading:
    """One item per line (list markers dropped); where items cannot hold them, commas and semicolons
    cut too.
    """
    if isinstance(value, list):
        return Reading([str(v).strip() for v in value if str(v).strip()])
    lines = [unmark(line) for line in str(value or "").splitlines() if unmark(line)]
    if not separators or not any(c in line for line in lines for c in separators):
        return Reading(lines)
    items = [
        part.strip()
        for line in lines
        for part in re.split(f"[{re.escape(separators)}]", line)
        if part.strip()
    ]
    return Reading(
        items,
        [
            f"séparés par des virgules ou des points-virgules : lus comme {len(items)} éléments, "
            f"un par ligne"
        ],
    )


def _url_end(url: str) -> str:
    """An address without the punctuation that closes the sentence around it."""
    while url and url[-1] in URL_TAIL:
        url = url[:-1]
    return url


def read_link(line: str) -> tuple[dict, str, str]:
    """« Titre | https://… », « Titre https://… », « https://… Titre », [Titre](https://…) or the
    address alone.

    Returns the link, a note when it was not written « Titre | https://… », and an error when
        no single
    address can be told (none, or several): then nothing is guessed.
    """
    markdown = MARKDOWN_LINK.match(line)
    if markdown:
        title, url = markdown.group(1).strip(), markdown.group(2)
        return (
            {"titre": title or _domain(url), "url": url},
            f"« {line} » lu comme « {title} | {url} »",
            "",
        )
    urls = [_url_end(m.group(0)) for m in URL.finditer(line)]
    if len(urls) != 1:
        error = (
            f"« {line} » : aucune adresse commençant par https://"
            if not urls
            else f"« {line} » : {len(urls)} adresses sur la même ligne"
        )
        return {"titre": line, "url": line if not urls else ""}, "", error
    url = urls[0]
    start = line.find(url)
    before, after = line[:start].strip(TITLE_EDGES), line[start + len(url) :].strip(TITLE_EDGES)
    title = " ".join(part for part in (before, after) if part)
    canonical = re.fullmatch(rf"[^|]*[^|\s]\s*\|\s*{re.escape(url)}", line)
    note = "" if canonical or not title else f"« {line} » lu comme « {title} | {url} »"
    return {"titre": title or _domain(url), "url": url}, note, ""


def _domain(url: str) -> str:
    return url.split("/")[2] if url.count("/") >= 2 else url


def read_links(value: object) -> Reading:
    """A links field: one link per line."""
    links: list[dict[str, str]] = []
    reading = Reading(links)
    items = read_items(value).value
    for line in items if isinstance(items, list) else []:
        link, note, error = read_link(line)
        links.append(link)
        reading.notes += [note] if note else []
        reading.errors += [error] if error else []
    return reading


def read_duration(value: object) -> Reading:
    """Minutes from « 45 », « 45 min », « 1 h 30 », « 2 heures »; anything else left as typed."""
    text = " ".join(str(value).split())
    m = DURATION.match(text)
    if not m:
        return Reading(text)
    minutes = int(m.group(3)) if m.group(3) else int(m.group(1)) * 60 + int(m.group(2) or 0)
    return Reading(minutes, [] if text.isdigit() else [f"« {text} » lu comme {minutes} minutes"])


def read_date(value: object, month: bool = False) -> Reading:
    """AAAA-MM-JJ from a French « 20/11/2026 » (AAAA-MM from « 11/2026 »); anything else left as
    typed.
    """
    text = str(value).strip()
    day = FRENCH_DAY.match(text)
    if day:
        iso = f"{day.group(3)}-{int(day.group(2)):02d}-{int(day.group(1)):02d}"
        return Reading(iso, [f"« {text} » lu comme {iso}"])
    by_month = FRENCH_MONTH.match(text) if month else None
    if by_month:
        iso = f"{by_month.group(2)}-{int(by_month.group(1)):02d}"
        return Reading(iso, [f"« {text} » lu comme {iso}"])
    return Reading(text)
