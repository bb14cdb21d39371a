"""Decoding content files, splitting their front matter and parsing it with line numbers.

We parse YAML ourselves (not page.meta, not python-frontmatter) because validation needs what
those throw away: duplicate keys, anchors, the line of every key, and dates kept as strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from carnet.findings import Finding, error

MAX_BYTES = 256 * 1024
BOM = b"\xef\xbb\xbf"
FENCES = ("---", "...")
# Characters no page may hold, refused at their line: C0 controls but tab and line ends, DEL and
# C1 controls (a Windows-1252 quote read as Latin-1 leaves U+0092 where « ’ » was), the
# non-characters U+FFFE and U+FFFF (lxml refuses all of these: the Atom feeds failed with a
# traceback after « 0 erreur »), U+2028 and U+2029 (YAML counts them as line breaks, so every later
# line number was off by one) and lone surrogates (only YAML escapes such as "\ud800" make one).
CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")
# What YAML's reader refuses with an English message: the same, and NUL.
UNREADABLE = re.compile(f"\x00|{CONTROL.pattern}")
CONTROL_NAMES = {
    "\x00": "caractère nul",
    "\x07": "sonnerie",
    "\x08": "retour arrière",
    "\x0b": "tabulation verticale",
    "\x0c": "saut de page",
    "\x1b": "échappement",
    "\x7f": "suppression",
    "\u2028": "séparateur de ligne",
    "\u2029": "séparateur de paragraphe",
    "\ufffe": "non-caractère",
    "\uffff": "non-caractère",
}
MAX_CONTROL_FINDINGS = 10  # a file full of them is one problem: the first lines are enough
# Invisible characters a French keyboard or a word processor slips into a key (« niveau : » typed
# with a non-breaking space before the colon): the key looks right and is unknown.
INVISIBLE = "\u00a0\u00ad\u2007\u2009\u200a\u200b\u200c\u200d\u2060\u202f\ufeff"
INVISIBLE_NAMES = {
    "\u00a0": "espace insécable",
    "\u00ad": "trait d'union conditionnel",
    "\u2007": "espace tabulaire",
    "\u2009": "espace fine",
    "\u200a": "espace ultrafine",
    "\u200b": "espace sans chasse",
    "\u200c": "antiliant sans chasse",
    "\u200d": "liant sans chasse",
    "\u2060": "gluon de mots",
    "\u202f": "espace fine insécable",
    "\ufeff": "indicateur d'ordre des octets, BOM",
}
# White space, including Unicode's, and the invisible characters: trimmed from the ends of values.
EDGE = (
    " \t\n\r\x85\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000" + INVISIBLE
)
# Keys whose values are codes that YAML may read as numbers (63, 2.1): kept as written.
CODE_KEYS = frozenset({"territoires", "territoire", "pix"})

try:  # LibYAML when available: the checker must stay close to a bare parse in speed.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


class _DatelessResolver(Resolver):
    """The YAML 1.1 resolver without timestamps: dates stay strings until validated."""


_DatelessResolver.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}


# PyYAML events always carry a mark; its stubs allow None.
NO_MARK = yaml.Mark("", 0, 0, 0, "", 0)


class _Loader(_Parser, _DatelessResolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _DatelessResolver.__init__(self)


_SCALARS = SafeConstructor()
JsonPath = tuple


@dataclass
class ParsedYaml:
    """A YAML value with the (line, col) of every key and list item, 1-based, in the file."""

    value: Any = None
    marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Split:
    """A file cut into its front matter and body."""

    front: str
    body: str
    body_line: int


def decode(raw: bytes, path: str) -> tuple[str | None, list[Finding]]:
    """Bytes → text with `\\n` line endings, or the French reason it cannot be read."""
    if len(raw) > MAX_BYTES:
        size = len(raw) // 1024
        return None, [
            error(
                path,
                1,
                "fichier-trop-gros",
                f"fichier trop gros ({size} Ko, maximum 256 Ko)",
                "découpez le contenu en plusieurs fiches ou retirez les images collées dans le "
                "texte",
            )
        ]
    # Notepad's « Unicode » is UTF-16 with its byte-order mark; some exports leave the mark out,
    # and every other byte of a French text is then a NUL.
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(raw):
        return None, [
            error(
                path,
                1,
                "encodage",
                "fichier encodé en UTF-16 : l'encodage attendu est UTF-8",
                "réenregistrez le fichier en « UTF-8 » depuis votre éditeur (Bloc-notes : "
                "« Enregistrer sous », Encodage « UTF-8 »)",
            )
        ]
    raw = raw.removeprefix(BOM)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        # Classic Mac files end lines with CR alone: count those too.
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        line_start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
        col = len(before[line_start:].decode("utf-8", "replace")) + 1
        byte = raw[exc.start]
        meant = bytes([byte]).decode("cp1252", "ignore") if byte >= 0x80 else ""
        guess = f", « {meant} » en Windows-1252" if meant else ""
        return None, [
            error(
                path,
                line,
                "encodage",
                f"le fichier n'est pas en UTF-8 (octet 0x{byte:02X} illisible{guess})",
                "réenregistrez le fichier en « UTF-8 » ; Windows-1252 et Latin-1 ne sont pas "
                "acceptés",
                col,
            )
        ]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [
            error(
                path,
                line,
                "binaire",
                "le fichier contient un caractère nul : ce n'est pas un texte",
                "un contenu est un fichier texte Markdown (.md) en UTF-8",
            )
        ]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if CONTROL.search(text):
        return None, control_findings(text, path)
    if not text.strip():
        return None, [
            error(
                path,
                1,
                "fichier-vide",
                "fichier vide",
                "un contenu commence par une ligne « --- », ses clés, puis « --- » et le texte",
            )
        ]
    return text, []


def _utf16_without_bom(raw: bytes) -> bool:
    """Text that starts with two ASCII characters each followed (or preceded) by a NUL."""
    head = raw[:4]
    if len(head) < 4:
        return False
    little = head[1] == head[3] == 0 and head[0] and head[2]
    big = head[0] == head[2] == 0 and head[1] and head[3]
    return bool(little or big)


def describe_control(char: str) -> tuple[str, str]:
    """A control character as people can find it (its code and name), and what to write instead."""
    code = f"U+{ord(char):04X}"
    if "\x80" <= char <= "\x9f":
        meant = bytes([ord(char)]).decode("cp1252", "ignore")
        if meant:
            return (
                f"{code}, sans doute « {meant} » mal converti depuis Windows-1252",
                f"remplacez ce caractère invisible par « {meant} »",
            )
    if char in "\u2028\u2029":
        return (
            f"{code} ({CONTROL_NAMES[char]})",
            "remplacez-le par un vrai retour à la ligne (touche Entrée)",
        )
    name = CONTROL_NAMES.get(char) or (
        "demi-codet isolé" if "\ud800" <= char <= "\udfff" else "caractère de contrôle"
    )
    return (
        f"{code} ({name})",
        "supprimez ce caractère invisible, souvent collé depuis un PDF ou un traitement de texte",
    )


def control_findings(
    text: str, path: str, first_line: int = 1, pattern: re.Pattern[str] = CONTROL
) -> list[Finding]:
    """The first control character of each line, as errors at their line and column (linear: the
    search starts again at the next line, and lines are counted from the previous finding)."""
    found: list[Finding] = []
    line, counted_to, match = first_line, 0, pattern.search(text)
    while match is not None and len(found) < MAX_CONTROL_FINDINGS:
        start = match.start()
        line += text.count("\n", counted_to, start)
        line_start = text.rfind("\n", 0, start) + 1
        what, hint = describe_control(match.group())
        found.append(
            error(
                path,
                line,
                "caractere-controle",
                f"caractère de contrôle {what}",
                hint,
                start - line_start + 1,
            )
        )
        next_line = text.find("\n", start)
        if next_line < 0:
            break
        counted_to = start
        match = pattern.search(text, next_line)
    return found


def split(text: str, path: str) -> tuple[Split | None, list[Finding]]:
    """Cut the front matter between the first two `---` lines."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, [_no_opening(lines, path)]
    for index in range(1, len(lines)):
        if lines[index].rstrip() in FENCES:
            return Split("\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2), []
    return None, [_no_closing(lines, path)]


def _bare(line: str) -> str:
    """A line without the spaces and invisible characters an editor may show as nothing."""
    return line.strip(INVISIBLE + " \t")


def _hidden(line: str) -> str:
    """The invisible characters of a line, said as people can look for them."""
    char = next(c for c in line if c in INVISIBLE or c in " \t")
    if char in INVISIBLE:
        return f"un caractère invisible ({INVISIBLE_NAMES[char]}, U+{ord(char):04X})"
    return "des espaces" if char == " " else "une tabulation"


def _no_opening(lines: list[str], path: str) -> Finding:
    """Why the first line is not « --- », as precisely as its text tells."""
    first = lines[0]
    if _bare(first) == "---":  # a second BOM, a zero-width space or spaces before the dashes
        return error(
            path,
            1,
            "en-tete-absent",
            f"{_hidden(first)} avant « --- » sur la première ligne",
            "effacez la première ligne et retapez « --- » au début du fichier",
        )
    if not _bare(first):
        after = next((n for n, line in enumerate(lines) if _bare(line)), 0)
        if _bare(lines[after]) == "---":
            blank = "une ligne vide" if after == 1 else f"{after} lignes vides"
            return error(
                path,
                1,
                "en-tete-absent",
                f"{blank} avant la ligne « --- » de l'en-tête",
                "supprimez les lignes vides du début : « --- » doit être la toute première ligne",
            )
    if first.rstrip() == "+++":  # Hugo's TOML front matter
        return error(
            path,
            1,
            "en-tete-absent",
            "en-tête TOML (« +++ ») : le carnet lit un en-tête YAML entre deux lignes « --- »",
            "remplacez les deux lignes « +++ » par « --- », et chaque « clé = valeur » par "
            "« clé: valeur »",
        )
    if set(first.rstrip()) == {"-"} and len(first.rstrip()) > 3:
        return error(
            path,
            1,
            "en-tete-absent",
            f"la première ligne a {len(first.rstrip())} tirets : l'en-tête s'ouvre par « --- »",
            "écrivez exactement trois tirets « --- » en première ligne",
        )
    return error(
        path,
        1,
        "en-tete-absent",
        "en-tête absent : le fichier doit commencer par une ligne « --- »",
        "écrivez « --- » en première ligne, puis les clés (titre: …), puis « --- »",
    )


def _no_closing(lines: list[str], path: str) -> Finding:
    """No closing « --- »: point at a line that was meant to be one, when there is one."""
    for number, line in enumerate(lines[1:], start=2):
        written = line.rstrip()
        if _bare(line) == "---":
            return error(
                path,
                number,
                "en-tete-non-ferme",
                f"en-tête non fermé : {_hidden(line)} sur la ligne « --- » qui devait le fermer",
                "effacez cette ligne et retapez « --- » au début de la ligne",
            )
        if len(written) > 3 and set(written) == {"-"}:
            return error(
                path,
                number,
                "en-tete-non-ferme",
                f"en-tête non fermé : la ligne {number} a {len(written)} tirets, il en faut trois",
                "fermez l'en-tête par une ligne d'exactement trois tirets « --- »",
            )
    return error(
        path,
        1,
        "en-tete-non-ferme",
        "en-tête non fermé : aucune ligne « --- » après les clés",
        "ajoutez une ligne « --- » entre la dernière clé et le texte",
    )


def parse_yaml(text: str, path: str, first_line: int = 1) -> ParsedYaml:
    """Parse one YAML document, refusing tabs, anchors, aliases and duplicate keys."""
    if UNREADABLE.search(text):  # files' text has none (decode refuses them); other callers' may
        return ParsedYaml(findings=control_findings(text, path, first_line, UNREADABLE))
    findings = _check_tabs(text, path, first_line)
    if findings:
        return ParsedYaml(findings=findings)
    if "&" in text or "*" in text:
        findings = _check_anchors(text, path, first_line)
        if findings:
            return ParsedYaml(findings=findings)
    findings = _check_nesting(text, path, first_line)
    if findings:
        return ParsedYaml(findings=findings)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except RecursionError:  # block nesting deep enough to exhaust the parser
        return ParsedYaml(findings=[_too_deep(path, first_line, 1)])
    except yaml.MarkedYAMLError as exc:
        return ParsedYaml(findings=[yaml_syntax_finding(exc, path, first_line, text)])
    except yaml.YAMLError as exc:  # pragma: no cover - errors without a mark
        return ParsedYaml(findings=[error(path, first_line, "yaml", f"YAML invalide ({exc})")])
    result = ParsedYaml()
    if node is not None:
        try:
            result.value = _Builder(path, first_line, result).build(node, ())
        except RecursionError:
            return ParsedYaml(findings=[_too_deep(path, first_line, 1)])
    if " #" in text:
        result.findings += _check_comments(text, path, first_line)
    return result


# A key or a list dash, then a plain value (no quote, bracket, block or YAML sign first). Each part
# is bounded by the next one's first character: no backtracking on a long line.
PLAIN_VALUE = re.compile(r"[ \t]*(?:(?:- +)?[\w-]+ *: +|- +)(?=[^\s\"'\[{|>&*!%@`#])")


def _check_comments(text: str, path: str, first_line: int) -> list[Finding]:
    """« titre: Étape #1 » is read as « Étape » and a comment: YAML drops what follows « # »
    without a word. A « # » glued to a word after a plain value is that: a hashtag or a number, not
    a comment (« duree_minutes: 30  # en minutes » has its space)."""
    found = []
    for number, line in enumerate(text.split("\n")):
        at = line.find(" #")
        while at >= 0 and (at + 2 >= len(line) or line[at + 2].isspace()):
            at = line.find(" #", at + 2)
        if at < 0:
            continue
        value = PLAIN_VALUE.match(line)
        if value is None or value.end() > at:
            continue
        dropped = line[at + 1 :].split()[0]
        found.append(
            error(
                path,
                first_line + number,
                "commentaire-yaml",
                f"« {dropped} » et la suite de la ligne sont lus comme un commentaire : la valeur "
                "s'arrête avant",
                'mettez toute la valeur entre guillemets (titre: "Étape #1")',
                at + 2,
            )
        )
    return found


MAX_DEPTH = 20  # no content needs more; YAML's parser and the builder recurse once per level
MAX_DIGITS = 30  # beyond this a number means nothing here, and Python refuses to read 4,300 digits


def _too_deep(path: str, line: int, col: int) -> Finding:
    return error(
        path,
        line,
        "imbrication",
        f"valeur imbriquée sur plus de {MAX_DEPTH} niveaux",
        "une clé de l'en-tête contient un texte, une liste ou une liste de « clé: valeur », pas "
        "davantage",
        col,
    )


def _check_nesting(text: str, path: str, first_line: int) -> list[Finding]:
    """Brackets nested deeper than MAX_DEPTH, found in one pass (quoted text aside)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return []
    depth, quote = 0, ""
    for number, line in enumerate(text.split("\n")):
        for col, char in enumerate(line):
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'" and (col == 0 or line[col - 1] in " [{,:"):
                quote = char
            elif char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return [_too_deep(path, first_line + number, col + 1)]
            elif char in "]}":
                depth = max(0, depth - 1)
            elif char == "#" and (col == 0 or line[col - 1] == " "):
                break
    return []


def _check_tabs(text: str, path: str, first_line: int) -> list[Finding]:
    if "\t" not in text:
        return []
    found = []
    for number, line in enumerate(text.split("\n")):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            found.append(
                error(
                    path,
                    first_line + number,
                    "tabulation",
                    "tabulation dans l'indentation de l'en-tête",
                    "YAML n'accepte que des espaces : remplacez chaque tabulation par deux espaces",
                    col=indent.index("\t") + 1,
                )
            )
    return found


def _check_anchors(text: str, path: str, first_line: int) -> list[Finding]:
    found = []
    try:
        for event in yaml.parse(text, Loader=_Loader):  # type: ignore[arg-type]  # a parser only
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark or NO_MARK
                found.append(
                    error(
                        path,
                        first_line + mark.line,
                        "ancre-yaml",
                        "ancre ou alias YAML (« & » ou « * ») refusé dans l'en-tête",
                        "écrivez la valeur en entier ; mettez-la entre guillemets si elle commence "
                        "par « & » ou « * »",
                        col=mark.column + 1,
                    )
                )
    except yaml.YAMLError:
        return []  # the full parse reports the syntax error with its line
    return found


_PROBLEMS = [
    (
        "mapping values are not allowed",
        "deux-points inattendu dans une valeur",
        'mettez la valeur entre guillemets si elle contient « : » (titre: "Impôts : la '
        'déclaration")',
    ),
    (
        "could not find expected ':'",
        "deux-points manquant après une clé",
        "chaque ligne de l'en-tête a la forme « clé: valeur »",
    ),
    (
        "did not find expected key",
        "indentation incohérente",
        "alignez les clés d'un même niveau sur la même colonne",
    ),
    (
        "did not find expected '-' indicator",
        "élément de liste mal indenté",
        "alignez les tirets « - » d'une même liste",
    ),
    (
        "expected <block end>",
        "indentation incohérente",
        "alignez les clés d'un même niveau sur la même colonne",
    ),
    (
        "found unexpected end of stream",
        "guillemet ou crochet non fermé",
        "fermez chaque guillemet et chaque crochet ouvert",
    ),
    (
        "while scanning a quoted scalar",
        "guillemet non fermé",
        "fermez le guillemet ouvert sur cette ligne",
    ),
    (
        "while parsing a flow",
        "crochet ou accolade non fermé",
        "fermez la liste par « ] » sur la même ligne",
    ),
    (
        "found character",
        "caractère interdit en début de valeur",
        "mettez la valeur entre guillemets si elle commence par « @ », « ` », « % » ou « | »",
    ),
    ("found duplicate anchor", "ancre YAML en double", "retirez les ancres « & »"),
    # A Windows path or a stray backslash between double quotes (« C:\Users »): YAML reads « \ » as
    # the start of an escape.
    *(
        (
            needle,
            "barre oblique inverse « \\ » dans un texte entre guillemets doubles",
            "entre guillemets doubles, « \\ » commence un code spécial : doublez-la (« \\\\ ») ou "
            "mettez le texte entre guillemets simples",
        )
        for needle in (
            "expected hexdecimal number",
            "unknown escape character",
            "invalid Unicode character escape code",
        )
    ),
    (
        "expected comment or line break",
        "texte inattendu après la valeur",
        "après une valeur entre guillemets, « | » ou « > », la ligne s'arrête : mettez toute la "
        "valeur entre les guillemets",
    ),
    *(
        (
            needle,
            "second document YAML",
            "un en-tête ou un référentiel est un seul document : retirez la ligne « --- », « ... » "
            "ou « %… » en trop",
        )
        for needle in ("expected <document start>", "found another document")
    ),
    (
        "block sequence entries are not allowed",
        "tiret « - » sur la ligne d'une clé",
        "une liste s'écrit sous sa clé, une ligne « - a » par élément, ou entre crochets : "
        "[a, b] ; mettez entre guillemets un texte qui commence par « - »",
    ),
    (
        "found unexpected ':'",
        "deux-points inattendu dans une valeur",
        'mettez la valeur entre guillemets si elle contient « : » (titre: "Impôts : la '
        'déclaration")',
    ),
    (
        "mapping keys are not allowed",
        "« ? » inattendu dans une valeur",
        "mettez la valeur entre guillemets si elle commence par « ? »",
    ),
    *(
        (
            needle,
            "ligne ou valeur commençant par « % » ou « ! »",
            "mettez la valeur entre guillemets si elle commence par « % » ou « ! »",
        )
        for needle in (
            "directive name",
            "expected whitespace or line break",
            "expected tag URI",
            "URI escaped octet",
        )
    ),
    (
        "found unexpected non-alphabetical character",
        "« * » ou « & » en début de valeur",
        "une liste s'écrit avec « - » (pas « * » ni « • ») ; mettez entre guillemets une valeur "
        "qui commence par « * » ou « & »",
    ),
    (
        "expected alphabetic or numeric character",
        "« * » ou « & » en début de valeur",
        "une liste s'écrit avec « - » (pas « * » ni « • ») ; mettez entre guillemets une valeur "
        "qui commence par « * » ou « & »",
    ),
]


# A word processor's quotes: YAML does not see them as quotes, so the value stays unquoted (‘ and ’
# left out: ’ is the French apostrophe, on every other line).
TYPOGRAPHIC_QUOTES = "«»“”„"
# The problems a value in typographic quotes causes: a colon inside it, a straight quote it closes.
QUOTE_PROBLEMS = ("deux-points inattendu dans une valeur", "guillemet")
TYPOGRAPHIC_HINT = (
    "les guillemets « », “ ” et ‘ ’ ne délimitent pas une valeur en YAML : entourez-la de "
    'guillemets droits (titre: "Impôts : la déclaration")'
)


def yaml_syntax_finding(
    exc: yaml.MarkedYAMLError, path: str, first_line: int, text: str
) -> Finding:
    words = f"{exc.context or ''} {exc.problem or ''}"
    # « [a, , b] » lacks a value between commas; « [a, b » lacks its bracket, found at the end.
    ended = exc.problem_mark is None or exc.problem_mark.index >= len(text.rstrip())
    missing_value = "expected node content" in words and not ended
    # An unclosed quote or bracket is reported at the end of the text: point where it opens.
    opened = exc.context_mark and ("end of stream" in words or ("node content" in words and ended))
    # « niveau debutant »: YAML notices the missing « : » on the next line; the key is where it
    # started reading it.
    keyless = exc.context_mark and "while scanning a simple key" in (exc.context or "")
    mark = exc.context_mark if opened or keyless else (exc.problem_mark or exc.context_mark)
    line = first_line + (mark.line if mark else 0)
    col = (mark.column + 1) if mark else 1
    if "while parsing a flow" in (exc.context or ""):
        # An unclosed « [ » or « { »: shown where it opens, not on the next key's line; LibYAML
        # sometimes marks the end of the text instead, then the first line left open is it.
        start = exc.context_mark.index if exc.context_mark else len(text)
        if start >= len(text.rstrip()):
            start = _first_unclosed(text)
        line = first_line + text.count("\n", 0, start)
        col = start - text.rfind("\n", 0, start)
    lines = text.split("\n", (mark.line if mark else 0) + 1)
    # The line the error is on; a mark may point past the end (« [ » alone).
    written = lines[mark.line] if mark and mark.line < len(lines) else ""
    typographic = any(quote in written for quote in TYPOGRAPHIC_QUOTES)
    if missing_value:
        return error(
            path,
            line,
            "yaml",
            "YAML invalide : valeur manquante entre deux virgules",
            "retirez la virgule en trop, ou écrivez la valeur qui manque",
            col=col,
        )
    if "mapping values are not allowed" in words and mark and mark.line > 0:
        # « titre "Impôts" » then « resume: … »: YAML reads the first line as the start of a text
        # and stumbles on the next key; the colon is missing on the line before.
        before = lines[mark.line - 1]
        started = KEY_WITHOUT_COLON.match(before)
        if started and ":" not in before:
            key = started.group(1)
            return error(
                path,
                line - 1,
                "yaml",
                f"YAML invalide : deux-points manquant après la clé « {key} »",
                f"écrivez « {key}: » suivi de la valeur",
                col=before.index(key) + 1,
            )
    for needle, message, hint in _PROBLEMS:
        if needle in words:
            if typographic and message.startswith(QUOTE_PROBLEMS):
                hint = TYPOGRAPHIC_HINT
            return error(path, line, "yaml", f"YAML invalide : {message}", hint, col=col)
    return error(
        path,
        line,
        "yaml",
        f"YAML invalide ({(exc.problem or '').strip()})",
        TYPOGRAPHIC_HINT
        if typographic
        else "vérifiez l'indentation, les deux-points et les guillemets de cette ligne",
        col=col,
    )


# A line that starts like a key but has no colon: « titre "Impôts" », « niveau debutant ».
KEY_WITHOUT_COLON = re.compile(r"^\s*([a-z][a-z0-9_]*)\s+\S")


def _first_unclosed(text: str) -> int:
    """The offset of the first « [ » or « { » its line leaves open (quoted text aside)."""
    offset = 0
    for line in text.split("\n"):
        opened: list[int] = []
        quote = ""
        for col, char in enumerate(line):
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'" and (col == 0 or line[col - 1] in " [{,:"):
                quote = char
            elif char in "[{":
                opened.append(col)
            elif char in "]}" and opened:
                opened.pop()
        if opened:
            return offset + opened[0]
        offset += len(line) + 1
    return 0


_STANDARD = "tag:yaml.org,2002:"
_MAP, _SEQ = _STANDARD + "map", _STANDARD + "seq"
_SCALAR_TAGS = frozenset(_STANDARD + name for name in ("str", "int", "float", "bool", "null"))


class _Builder:
    """Turns composed nodes into plain values, recording marks and refusing duplicate keys."""

    def __init__(self, path: str, first_line: int, out: ParsedYaml) -> None:
        self.path, self.first_line, self.out = path, first_line, out

    def mark(self, node: Any) -> tuple[int, int]:
        return self.first_line + node.start_mark.line, node.start_mark.column + 1

    def build(self, node: Any, where: JsonPath) -> Any:
        if len(where) > MAX_DEPTH:
            raise RecursionError  # reported as too deep by parse_yaml
        if isinstance(node, (MappingNode, SequenceNode)) and node.tag not in (_MAP, _SEQ):
            self.refuse_tag(node)  # « !!python/object/apply:… [ls] » is a tagged list
        if isinstance(node, MappingNode):
            return self.mapping(node, where)
        if isinstance(node, SequenceNode):
            return self.sequence(node, where)
        return self.scalar(node, where)

    def refuse_tag(self, node: Any) -> None:
        line, col = self.mark(node)
        written = (
            "!!" + node.tag.removeprefix(_STANDARD) if node.tag.startswith(_STANDARD) else node.tag
        )
        self.out.findings.append(
            error(
                self.path,
                line,
                "etiquette-yaml",
                f"étiquette YAML « {written} » refusée",
                "retirez le « !! » ou « ! » devant la valeur",
                col,
            )
        )

    def mapping(self, node: MappingNode, where: JsonPath) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            line, col = self.mark(key_node)
            if not isinstance(key_node, ScalarNode) or key_node.tag.endswith(":merge"):
                self.out.findings.append(
                    error(
                        self.path,
                        line,
                        "cle-invalide",
                        "clé invalide",
                        "une clé est un mot simple suivi de « : »",
                        col,
                    )
                )
                continue
            key = self.key(key_node)
            if key in result:
                first = self.out.marks[where + (key,)][0]
                self.out.findings.append(
                    error(
                        self.path,
                        line,
                        "cle-en-double",
                        f"clé « {key} » en double (déjà à la ligne {first})",
                        "gardez une seule fois cette clé : YAML ne retiendrait que la dernière",
                        col,
                    )
                )
                continue
            self.out.marks[where + (key,)] = (line, col)
            result[key] = self.build(value_node, where + (key,))
        return result

    def key(self, node: ScalarNode) -> str:
        """A key as the contributor meant it: invisible characters are an error, then left out, so
        that « niveau » typed with a non-breaking space is not also reported missing and unknown."""
        self.control(node)
        key = node.value
        hidden = [char for char in key if char in INVISIBLE]
        if not hidden:
            return key
        line, col = self.mark(node)
        meant = "".join(char for char in key if char not in INVISIBLE)
        self.out.findings.append(
            error(
                self.path,
                line,
                "cle-invisible",
                f"la clé « {meant} » contient un caractère invisible "
                f"({INVISIBLE_NAMES[hidden[0]]}, U+{ord(hidden[0]):04X})",
                f"effacez la clé et retapez-la au clavier, collée aux deux-points : « {meant}: »",
                col,
            )
        )
        return meant

    def control(self, node: ScalarNode) -> None:
        """A control character written as a YAML escape ("\\a", "\\x0c", "\\ud800"): the
        file's text has none, its value does."""
        match = UNREADABLE.search(node.value)
        if match is None:
            return
        line, col = self.mark(node)
        what, _ = describe_control(match.group())
        self.out.findings.append(
            error(
                self.path,
                line,
                "caractere-controle",
                f"caractère de contrôle {what}",
                "il vient d'un code « \\ » entre guillemets doubles : retirez ce code, ou mettez "
                "le texte entre guillemets simples",
                col,
            )
        )

    def sequence(self, node: SequenceNode, where: JsonPath) -> list:
        items = []
        for index, item in enumerate(node.value):
            self.out.marks[where + (index,)] = self.mark(item)
            items.append(self.build(item, where + (index,)))
        return items

    def scalar(self, node: ScalarNode, where: JsonPath) -> Any:
        if (
            node.tag not in _SCALAR_TAGS
        ):  # « !x:str » and « !!python/name:str » end like a plain tag
            self.refuse_tag(node)
            return node.value
        tag = node.tag.removeprefix(_STANDARD)
        if tag in ("int", "float") and _is_code(where):
            return node.value.zfill(2) if node.value.isdigit() else node.value
        if tag == "str":
            self.control(node)
            # YAML trims the ends of a plain value of ASCII spaces only: a word processor's
            # non-breaking or zero-width space at an end made « debutant » unknown, and a title of
            # nine non-breaking spaces long enough. str.strip is linear (an end-anchored regex
            # was quadratic on a long run of spaces inside the value).
            return node.value.strip(EDGE)
        if tag == "null":
            return None
        if tag == "bool":
            return _SCALARS.construct_yaml_bool(node)
        if tag in ("int", "float") and sum(c.isdigit() for c in node.value) > MAX_DIGITS:
            line, col = self.mark(node)
            self.out.findings.append(
                error(
                    self.path,
                    line,
                    "nombre-trop-long",
                    f"nombre de plus de {MAX_DIGITS} chiffres",
                    "écrivez un nombre raisonnable (une durée en minutes, par exemple 45), ou "
                    "mettez le texte entre guillemets",
                    col,
                )
            )
            return node.value
        if tag == "int":
            # YAML 1.1 reads a leading zero as octal: « duree_minutes: 060 » was 48 minutes.
            if node.value.lstrip("+-").isdigit():
                return int(node.value, 10)
            return _SCALARS.construct_yaml_int(node)
        if tag == "float":
            number = _SCALARS.construct_yaml_float(node)
            # « 45.0 » passed as an integer and the sheet showed « 45.0 min ».
            return int(number) if number.is_integer() and abs(number) < 2**53 else number
        self.refuse_tag(node)
        return node.value


def _is_code(where: JsonPath) -> bool:
    keys = [part for part in where if isinstance(part, str)]
    return bool(keys) and keys[-1] in CODE_KEYS
