"""Detecting active HTML in a text: script-like tags, event handlers, script URLs, outside
resources.

This tells contributors, at the right line, why their text is refused; the site's safety rests on
the sanitiser (carnet.site.sanitize). Raw HTML is read by libxml2 (lxml), whose parser runs in
linear
time on any input (the standard library's html.parser takes minutes on 60 KB of unclosed tags);
Markdown's own ways of writing a link or an attribute (`[x](…)`, `[x]: …`, `<…>`, `{: … }`) are read
with regular expressions that never backtrack over the text.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterator

from lxml import etree

from carnet.checking.personal_data import Match

# Exported for the web form (carnet-formulaire.js), which checks as the contributor types. Each
# quantifier is bounded, so that they stay linear in JavaScript too.
TAG = re.compile(
    r"<\s*(html|head|body|title|script|iframe|object|embed|style|frame|frameset|applet|meta|base|form|link|svg|math|template"
    r"|input|button|textarea|select|video|audio|source|track|canvas|noscript|xmp|plaintext|portal)\b",
    re.I,
)
HANDLER = re.compile(
    r"<[A-Za-z][^<]{0,300}?[\s\"'/](on[a-z]+)\s*=|\{:?[^{}\n]{0,300}?\b(on[a-z]+)\s*=", re.I
)
SCRIPT_URL = re.compile(
    r"(?:\]\(\s*<?|\b(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?|<|^[ "
    r"\t]*\[[^\]\n]{1,300}\]:[ \t]*<?)[ \t]*(javascript|vbscript|data)[ \t]*:",
    re.I | re.M,
)

HINT = "le contenu s'écrit en Markdown ; le HTML actif est refusé pour la sécurité des lecteurs"
URL_HINT = (
    "un lien pointe vers une adresse https:// ; une image est un fichier, pas une adresse data:"
)
FORBIDDEN_TAGS = frozenset(
    {
        "html",
        "head",
        "body",
        "title",
        "script",
        "iframe",
        "object",
        "embed",
        "style",
        "frame",
        "frameset",
        "applet",
        "meta",
        "base",
        "form",
        "link",
        "svg",
        "math",
        "template",
        "input",
        "button",
        "textarea",
        "select",
        "video",
        "audio",
        "source",
        "track",
        "canvas",
        "noscript",
        "xmp",
        "plaintext",
        "portal",
        "animate",
        "set",
        "image",
        "use",
        "foreignobject",
        "isindex",
        "keygen",
        "marquee",
    }
)
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "srcset",
        "poster",
        "background",
        "data",
        "values",
        "to",
        "from",
        "dynsrc",
        "lowsrc",
        "cite",
        "longdesc",
        "ping",
    }
)
RESOURCE_ATTRIBUTES = frozenset(
    {"src", "srcset", "poster", "background", "data", "dynsrc", "lowsrc"}
)
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+")

QUOTE_MARKERS = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.M)
MD_LINK = re.compile(r"\]\([ \t]*<?([^\s)>]{1,2000})")
MD_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\([ \t]*<?([^\s)>]{1,2000})")
MD_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]\n]{1,500}\]:[ \t]*<?(\S{1,2000})", re.M)
MD_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]{0,2000})>")
ATTR_LIST = re.compile(r"\{:?([^{}\n]{1,2000})\}")
ATTR_PAIR = re.compile(r"([^\s=\"'{}]+)[ \t]*=[ \t]*(\"[^\"]*\"|'[^']*'|[^\s}]+)")


def _scheme(url: str) -> str:
    """The scheme a browser would see: entities decoded, spaces and control characters dropped."""
    cleaned = (
        INVISIBLE.sub("", html.unescape(url)).lower().lstrip("`'\"")
    )  # old browsers took ` for a quote
    return next((s for s in SCRIPT_SCHEMES if cleaned.startswith(s)), "")


def _external(url: str) -> bool:
    cleaned = INVISIBLE.sub("", html.unescape(url)).lower()
    return cleaned.startswith("//") or bool(re.match(r"[a-z][a-z0-9+.\-]*:", cleaned))


def _script_url(offset: int, scheme: str) -> Match:
    return Match(
        "html-actif", offset, f"adresse « {scheme} » interdite dans un lien ou une image", URL_HINT
    )


def _external_resource(offset: int, url: str) -> Match:
    shown = url if len(url) <= 60 else url[:57] + "…"
    return Match(
        "html-actif",
        offset,
        f"ressource chargée depuis un autre site (« {shown} »)",
        "le carnet ne fait charger aucun fichier ailleurs : mettez un lien vers la page plutôt que "
        "l'image",
    )


def _attribute(offset: int, name: str, value: str, tag: str) -> Iterator[Match]:
    if name.startswith("on"):
        yield Match("html-actif", offset, f"attribut « {name} » interdit", HINT)
    elif name == "style":
        yield Match(
            "html-actif",
            offset,
            "attribut « style » interdit",
            "la mise en forme libre peut masquer ou recouvrir la page : écrivez en Markdown "
            "(titres, listes, gras)",
        )
    elif name in URL_ATTRIBUTES and (scheme := _scheme(value)):
        yield _script_url(offset, scheme)
    elif (name in RESOURCE_ATTRIBUTES or (tag == "link" and name == "href")) and _external(value):
        yield _external_resource(offset, value)


class _Lines:
    """Offsets of line starts, to turn libxml2's line numbers into offsets in the text."""

    def __init__(self, text: str) -> None:
        self.lowered, self.starts = text.lower(), [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        """The 1-based line of an offset (a binary search: texts can hold thousands of findings)."""
        return bisect_right(self.starts, offset)

    def offset(self, line: int, needle: str) -> int:
        start = self.starts[min(max(line, 1), len(self.starts)) - 1]
        end = self.lowered.find("\n", start)
        found = self.lowered.find(needle.lower(), start, end if end >= 0 else len(self.lowered))
        return found if found >= 0 else start


BLOCK_BREAK = re.compile(r"\n[ \t]*\n")


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, block) for each Markdown block: raw HTML is handed to the browser block by block."""
    start = 0
    for m in BLOCK_BREAK.finditer(text):
        yield start, text[start : m.start()]
        start = m.end()
    yield start, text[start:]


def _raw_html(plain: str, lines: _Lines) -> Iterator[Match]:
    """Tags and attributes as a browser's parser would see them (libxml2, recovering like a
    browser).
    """
    for offset, block in _blocks(plain):
        if "<" not in block:
            continue
        first_line = lines.line(offset)
        root = etree.fromstring(
            f"<html><body>{block}</body></html>", etree.HTMLParser(recover=True, no_network=True)
        )
        for element in root.iter() if root is not None else ():
            if not isinstance(element.tag, str):
                continue
            tag = element.tag.lower().rsplit("}", 1)[-1]
            line = first_line + (element.sourceline or 1) - 1
            # The wrapper's html and body take the attributes of any <body> in the block: read, not
            # reported.
            if tag in FORBIDDEN_TAGS and tag not in ("html", "body"):
                yield Match(
                    "html-actif", lines.offset(line, "<" + tag), f"balise <{tag}> interdite", HINT
                )
            for name, value in element.attrib.items():
                name = str(name).lower()
                yield from _attribute(lines.offset(line, name), name, str(value), tag)


def _patterns(plain: str) -> Iterator[Match]:
    """The web form's patterns: they also catch what no parser sees as a tag yet (an unclosed « <img
    … »).
    """
    for m in TAG.finditer(plain):
        yield Match("html-actif", m.start(), f"balise <{m.group(1).lower()}> interdite", HINT)
    for m in HANDLER.finditer(plain):
        name = (m.group(1) or m.group(2)).lower()
        yield Match(
            "html-actif",
            m.start(1) if m.group(1) else m.start(2),
            f"attribut « {name} » interdit",
            HINT,
        )


def _markdown(text: str) -> Iterator[Match]:
    """Markdown's links, images, references, autolinks and attribute lists."""
    for pattern in (MD_LINK, MD_REFERENCE, MD_AUTOLINK):
        for m in pattern.finditer(text):
            if scheme := _scheme(m.group(1)):
                yield _script_url(m.start(1), scheme)
    for m in MD_IMAGE.finditer(text):
        if not _scheme(m.group(1)) and _external(m.group(1)):
            yield _external_resource(m.start(1), m.group(1))
    for m in ATTR_LIST.finditer(text):
        for pair in ATTR_PAIR.finditer(m.group(1)):
            name = pair.group(1).lower()
            yield from _attribute(m.start(1) + pair.start(), name, pair.group(2).strip("\"'"), "")


def iter_active_html(text: str) -> Iterator[Match]:
    """Every active-HTML construct of a text, once per line and kind."""
    # Markdown joins a tag split over several quoted lines: the markers go, the offsets stay.
    plain = QUOTE_MARKERS.sub(lambda m: " " * len(m.group()), text) if ">" in text else text
    lines = _Lines(text)
    found: dict[tuple[int, str], Match] = {}
    sources = [_markdown(plain)] + (
        [_patterns(plain), _raw_html(plain, lines)] if "<" in text else []
    )
    for source in sources:
        for match in source:
            found.setdefault((lines.line(match.offset), match.message), match)
    yield from sorted(found.values(), key=lambda m: m.offset)
