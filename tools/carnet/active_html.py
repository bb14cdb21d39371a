"""Detecting active HTML in a line of text: script-like tags, event handlers, script URLs."""

from __future__ import annotations

import re
from typing import Iterator

from carnet.personal_data import Match

TAG = re.compile(r"<\s*(script|iframe|object|embed|style|frame|frameset|applet|meta|base|form)\b", re.I)
HANDLER = re.compile(r"<[A-Za-z][^>]*?[\s\"'/](on[a-z]+)\s*=", re.I)
SCRIPT_URL = re.compile(
    r"(?:\]\(\s*<?|\b(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?|<|^[ \t]*\[[^\]\n]+\]:[ \t]*<?)[ \t]*"
    r"(javascript|vbscript|data)[ \t]*:", re.I | re.M)
HINT = "le contenu s'écrit en Markdown ; le HTML actif est refusé pour la sécurité des lecteurs"


def iter_active_html(text: str) -> Iterator[Match]:
    """Every active-HTML construct of a text."""
    tags = "<" in text
    for m in TAG.finditer(text) if tags else ():
        yield Match("html-actif", m.start(), f"balise <{m.group(1).lower()}> interdite", HINT)
    for m in HANDLER.finditer(text) if tags else ():
        yield Match("html-actif", m.start(1), f"attribut « {m.group(1).lower()} » interdit", HINT)
    lowered = text.lower() if ":" in text else ""
    urls = "script" in lowered or "data" in lowered
    for m in SCRIPT_URL.finditer(text) if urls else ():
        yield Match("html-actif", m.start(1), f"adresse « {m.group(1).lower()}: » interdite dans un lien ou une image",
                    "un lien pointe vers une adresse https:// ; une image est un fichier, pas une adresse data:")
