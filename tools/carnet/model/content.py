"""Document and Corpus: discovering content/ and loading every file once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from carnet.findings import Finding, error
from carnet.model.frontmatter import BOM, decode, parse_yaml, split
from carnet.model.referentiels import Referentiel, Referentiels, build_referentiel
from carnet.model.schemas import OPTIONAL_REFERENTIELS, REFERENTIEL_KINDS

# Folder → content kind. The folder gives the type: there is no `type` key.
FOLDERS = {
    "fiches": "fiche",
    "anecdotes": "anecdote",
    "dysfonctionnements": "dysfonctionnement",
    "themes": "theme",
    "pages": "page",
}
KIND_FOLDER = {kind: folder for folder, kind in FOLDERS.items()}
LINKABLE = ("fiche", "anecdote", "dysfonctionnement")
# Ids that would take the address of a generated page: `index` in every folder (it would replace the
# folder's listing), and for free pages (published at the root) the site's own pages and folders.
RESERVED_IDS = frozenset({"index"})
RESERVED_PAGE_IDS = RESERVED_IDS | {
    "proposer",
    "a-reverifier",
    "tableau-de-bord",
    "404",
    "fiches",
    "anecdotes",
    "dysfonctionnements",
    "themes",
    "administrations",
    "competences",
    "publics",
    "flux",
    "assets",
    "pagefind",
    "search",
    "api",
    "hors-ligne",
    "territoires",
    "widgets",
    "exports",
    "donnees-ouvertes",
}
CONTENT_FOLDERS = ", ".join(f"content/{name}/" for name in FOLDERS)
# Keys only one kind of content has: enough to say where a stray file belongs.
TELLTALE_KEYS = {
    "niveau": "fiches",
    "duree_minutes": "fiches",
    "prerequis": "fiches",
    "liens": "fiches",
    "enseignement": "anecdotes",
    "anonymisee": "anecdotes",
    "lieu": "anecdotes",
    "statut": "dysfonctionnements",
    "gravite": "dysfonctionnements",
    "constate_le": "dysfonctionnements",
    "service": "dysfonctionnements",
    "selection": "themes",
    "animateurs": "themes",
}
KIND_LABEL = {
    "fiche": "fiche",
    "anecdote": "anecdote",
    "dysfonctionnement": "dysfonctionnement",
    "theme": "thème",
    "page": "page",
}


@dataclass
class Document:
    """One content file: its kind, id, front matter, body, and where each key sits."""

    path: Path
    rel: str
    kind: str
    id: str
    meta: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    readable: bool = True
    loaded: bool = True
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    def where(self, json_path: tuple = ()) -> tuple[int, int]:
        """(line, col) of a key or item, or of its nearest known parent; line 1 otherwise."""
        for end in range(len(json_path), 0, -1):
            if json_path[:end] in self.marks:
                return self.marks[json_path[:end]]
        return 1, 1

    def get(self, key: str, default: Any = None) -> Any:
        return self.meta.get(key, default)

    def body_lines(self) -> Iterator[tuple[int, str]]:
        """(line number in the file, text) for each body line."""
        for offset, text in enumerate(self.body.split("\n")):
            yield self.body_line + offset, text


@dataclass
class Corpus:
    """Everything under content/: documents, référentiels and the problems met while loading."""

    root: Path
    documents: list[Document]
    referentiels: Referentiels
    referentiel_files: dict[str, tuple[str, Any, dict]]
    findings: list[Finding]
    focus: list[Path] | None = None

    def __post_init__(self) -> None:
        self.by_id: dict[str, Document] = {}
        for doc in self.documents:
            if doc.kind != "page":
                self.by_id.setdefault(doc.id, doc)

    def of_kind(self, kind: str) -> list[Document]:
        return [doc for doc in self.documents if doc.kind == kind and doc.readable]

    def focus_includes(self, path: Path) -> bool:
        return self.focus is None or any(path == f or path.is_relative_to(f) for f in self.focus)

    def targets(self) -> list[Document]:
        """The documents to check: all of them, or those a `carnet check PATH…` named."""
        return [doc for doc in self.documents if doc.loaded]


def display_path(path: Path, root: Path) -> str:
    """A path as people see it: relative to the working folder when inside it, else to the
    project."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return (
            path.relative_to(root.parent).as_posix()
            if path.is_relative_to(root.parent)
            else path.as_posix()
        )


def load_document(
    path: Path, root: Path, kind: str, rel: str | None = None
) -> tuple[Document, list[Finding]]:
    """Read and parse one content file; an unreadable one is returned with readable=False."""
    rel = rel or display_path(path, root)
    doc = Document(path=path, rel=rel, kind=kind, id=path.stem, readable=False)
    raw, findings = read_raw(path, rel)
    if raw is None:
        return doc, findings
    text, findings = decode(raw, rel)
    if text is None:
        return doc, findings
    parts, findings = split(text, rel)
    if parts is None:
        return doc, findings
    parsed = parse_yaml(parts.front, rel, first_line=2)
    doc.body, doc.body_line, doc.marks = parts.body, parts.body_line, parsed.marks
    if parsed.findings:
        return doc, parsed.findings
    if not isinstance(parsed.value, dict):
        what = "vide" if parsed.value is None else "n'est pas une suite de clés"
        return doc, [
            error(
                rel,
                2,
                "en-tete-invalide",
                f"l'en-tête {what}",
                "écrivez une clé par ligne, sous la forme « titre: Mon titre »",
            )
        ]
    doc.meta, doc.readable = parsed.value, True
    return doc, []


def read_raw(path: Path, rel: str) -> tuple[bytes | None, list[Finding]]:
    """A file's bytes, or why it cannot be read: a link to nowhere (left by a sync tool or a
    moved file), a folder with a file's name, missing rights."""
    try:
        return path.read_bytes(), []
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            what, hint = (
                "lien vers un fichier qui n'existe pas",
                "remplacez le lien par le fichier lui-même, ou supprimez-le",
            )
        elif isinstance(exc, IsADirectoryError):
            what, hint = (
                "c'est un dossier, pas un fichier",
                "renommez ce dossier sans « .md » ni « .yml » à la fin",
            )
        elif isinstance(exc, PermissionError):
            what, hint = (
                "droit de lecture refusé",
                "rendez le fichier lisible (clic droit, Propriétés ; ou chmod a+r)",
            )
        else:
            what, hint = exc.strerror or type(exc).__name__, "vérifiez le fichier sur le disque"
        return None, [error(rel, 1, "illisible", f"fichier illisible : {what}", hint)]


def guess_folder(path: Path) -> str | None:
    """The content folder a Markdown file's front matter points to, when its keys tell."""
    try:
        text, _ = decode(path.read_bytes(), path.name)
    except OSError:
        return None
    parts = split(text, path.name)[0] if text is not None else None
    parsed = parse_yaml(parts.front, path.name, 2) if parts else None
    if parsed is None or not isinstance(parsed.value, dict):
        return None
    return next((TELLTALE_KEYS[key] for key in parsed.value if key in TELLTALE_KEYS), None)


def misplaced(path: Path, rel: str) -> Finding:
    """A Markdown file outside content/<type>/: an error that says where it belongs."""
    return error(
        rel, 1, "emplacement", "fichier Markdown hors des dossiers de contenu", misplaced_hint(path)
    )


def misplaced_hint(path: Path) -> str:
    """Where a Markdown file outside content/<type>/ belongs."""
    folder = guess_folder(path)
    if folder:
        return f"il a l'allure d'un contenu de content/{folder}/ : rangez-le dans ce dossier"
    return f"rangez-le dans {CONTENT_FOLDERS} selon son type"


def iter_content_files(
    root: Path, misnamed: list[Path] | None = None
) -> Iterator[tuple[Path, str | None]]:
    """Every Markdown file under content/, with its kind (None when its folder has no meaning);
    with `misnamed`, collects the files meant as Markdown that the site would skip."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        folder = Path(dirpath)
        for name in sorted(filenames):
            if name.endswith(".md"):
                kind = FOLDERS.get(folder.name) if folder.parent == root else None
                yield folder / name, kind
            elif misnamed is not None and is_misnamed(folder / name):
                misnamed.append(folder / name)


# Names a sheet gets from editors: Notepad adds « .txt » to « fiche.md » (Windows hides it), other
# tools write « .MD » or « .markdown ». The site reads « .md » only: the sheet would vanish.
MARKDOWN_LIKE = (".md", ".markdown", ".mdown", ".mkd", ".md.txt")


def is_misnamed(path: Path) -> bool:
    """A file meant as Markdown content that does not end in « .md »."""
    name = path.name.lower().rstrip()
    if path.name.startswith(".") or path.name.endswith("~"):
        return False  # editors' hidden and backup files
    if name.endswith(MARKDOWN_LIKE):
        return True
    if name.endswith(".txt"):  # a sheet saved as plain text starts like one
        try:
            with path.open("rb") as handle:
                return handle.read(8).removeprefix(BOM).startswith(b"---")
        except OSError:
            return False
    return False


def misnamed_finding(path: Path, rel: str) -> Finding:
    """A content file the site would skip for its name, and the name it needs."""
    name = path.name.rstrip()
    lower = name.lower()
    stem = next(name[: -len(end)] for end in (*MARKDOWN_LIKE, ".txt") if lower.endswith(end))
    hint = f"renommez-le « {stem}.md »"
    if lower.endswith(".txt"):
        hint += (
            " ; sous Windows, affichez les extensions (Explorateur, menu Affichage) pour voir "
            "le « .txt » ajouté"
        )
    return error(
        rel,
        1,
        "emplacement",
        f"« {path.name} » n'est ni vérifié ni publié : un contenu est un fichier « .md »",
        hint,
    )


def load_referentiels(
    root: Path,
) -> tuple[Referentiels, dict[str, tuple[str, Any, dict]], list[Finding]]:
    """Read content/referentiels/*.yml; returns them, their raw data with marks, and problems."""
    built: dict[str, Referentiel] = {}
    raw: dict[str, tuple[str, Any, dict]] = {}
    findings: list[Finding] = []
    broken: set[str] = set()
    for name in REFERENTIEL_KINDS:
        path = root / "referentiels" / f"{name}.yml"
        rel = display_path(path, root)
        if not path.exists():
            if name in OPTIONAL_REFERENTIELS:
                continue
            findings.append(
                error(
                    rel,
                    1,
                    "referentiel-absent",
                    f"référentiel « {name}.yml » introuvable",
                    f"créez content/referentiels/{name}.yml (une liste d'entrées avec un id)",
                )
            )
            continue
        raw_bytes, problems = read_raw(path, rel)
        text, decoded = decode(raw_bytes, rel) if raw_bytes is not None else (None, [])
        problems += decoded
        parsed = parse_yaml(text, rel, 1) if text is not None else None
        findings += problems + (parsed.findings if parsed else [])
        if problems or (parsed and parsed.findings):
            broken.add(name)
        items = parsed.value if parsed and isinstance(parsed.value, list) else []
        raw[name] = (rel, items, parsed.marks if parsed else {})
        built[name] = build_referentiel(name, items)
    return Referentiels(built, frozenset(broken)), raw, findings


def load_corpus(root: Path, focus: list[Path] | None = None) -> Corpus:
    """Load content/ once: référentiels, then every Markdown file.

    With `focus`, only those files (or folders) are parsed; the others are known by their name
    alone, which is all that resolving references needs: ids are file names.
    """
    root = root.resolve()
    referentiels, raw, findings = load_referentiels(root)
    documents: list[Document] = []
    prefix = display_path(root, root)  # computed once: thousands of relative_to calls add up
    misnamed: list[Path] = []
    for path, kind in iter_content_files(root, misnamed):
        rel = (
            f"{prefix}/{path.relative_to(root).as_posix()}"
            if prefix != "."
            else path.relative_to(root).as_posix()
        )
        if focus is not None and not any(path == f or path.is_relative_to(f) for f in focus):
            if kind is not None:
                documents.append(Document(path, rel, kind, path.stem, readable=False, loaded=False))
            continue
        if kind is None:
            rel = display_path(path, root)
            findings.append(misplaced(path, rel))
            continue
        doc, problems = load_document(path, root, kind, rel)
        documents.append(doc)
        findings += problems
    findings += [
        misnamed_finding(path, display_path(path, root))
        for path in misnamed
        if focus is None or any(path == f or path.is_relative_to(f) for f in focus)
    ]
    return Corpus(root, documents, referentiels, raw, findings, focus)
