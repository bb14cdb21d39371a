"""Where a file named on the command line belongs: no « 0 erreur » about a file that was not
checked.
"""

from __future__ import annotations

from pathlib import Path

from carnet.findings import Finding, error
from carnet.model.content import (
    CONTENT_FOLDERS,
    Corpus,
    display_path,
    is_misnamed,
    misplaced_hint,
)
from carnet.model.referentiels import REFERENCED_BY
from carnet.model.schemas import REFERENTIEL_KINDS


def _misplaced(path: Path, root: Path) -> Finding:
    rel, content = display_path(path, root), display_path(root, root)
    if path.is_dir():
        return error(
            rel,
            1,
            "emplacement",
            f"dossier hors de {content}/ : rien n'y a été vérifié",
            f"carnet check ne vérifie que {content}/ ; rangez les fichiers dans {CONTENT_FOLDERS}",
        )
    if path.suffix in (".yml", ".yaml") and path.stem in REFERENTIEL_KINDS:
        return error(
            rel,
            1,
            "emplacement",
            "référentiel hors de content/referentiels/ : il n'a pas été vérifié",
            f"remplacez content/referentiels/{path.stem}.yml par ce fichier, puis relancez carnet "
            f"check",
        )
    if path.suffix != ".md":
        return error(
            rel,
            1,
            "emplacement",
            "ce fichier n'est pas un contenu du carnet : il n'a pas été vérifié",
            f"carnet check lit les fichiers .md de {CONTENT_FOLDERS} et les .yml de "
            f"content/referentiels/",
        )
    return error(
        rel,
        1,
        "emplacement",
        f"fichier hors des dossiers de contenu ({content}/<type>/) : il n'a pas été vérifié",
        misplaced_hint(path) + ", puis relancez « carnet check » sur sa nouvelle place",
    )


def check_placement(root: Path, wanted: list[Path], checked: set[Path]) -> list[Finding]:
    """An error for each named file or folder that the check did not read as content."""
    found = []
    for path in wanted:
        if path in checked:
            continue
        if path == root or path.is_relative_to(root):
            # The loader already reports every Markdown file of content/ that sits in the wrong
            # place.
            hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
            if path.is_dir() or ((path.suffix == ".md" or is_misnamed(path)) and not hidden):
                continue
        found.append(_misplaced(path, root))
    return found


def referentiel_users(corpus: Corpus, referentiels: list[Path]) -> list[str]:
    """The files whose front matter draws ids from the given référentiel files."""
    names = {path.stem for path in referentiels}
    keys = [key for key, name in REFERENCED_BY.items() if name in names]
    return [
        doc.rel for doc in corpus.documents if doc.readable and any(doc.get(key) for key in keys)
    ]


def finding_file(finding: Finding, root: Path) -> Path:
    """The file a finding names, as an absolute path (findings name files relative to the working
    folder).
    """
    here = Path.cwd() / finding.path
    return (here if here.exists() else root.parent / finding.path).resolve()
