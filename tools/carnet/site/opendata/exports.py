"""Downloads: each content's Markdown source, the whole corpus as one .zip, the malfunctions as CSV.

Written into the built site after MkDocs (a `.md` file handed to MkDocs would become a page).
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from pathlib import Path

from carnet.model.content import KIND_FOLDER, LINKABLE, Corpus
from carnet.model.frontmatter import BOM as UTF8_BOM
from carnet.model.frontmatter import decode
from carnet.model.territories import doc_departements
from carnet.model.themes import last_seen
from carnet.site.opendata.api import LICENCE, source_path

ARCHIVE = "exports/carnet-de-terrain-contenus.zip"
CSV_PATH = "exports/dysfonctionnements.csv"
BOM = "\ufeff"
CSV_COLUMNS = (
    "id",
    "titre",
    "statut",
    "gravite",
    "administrations",
    "service",
    "url",
    "constate_le",
    "resolu_le",
    "nombre_confirmations",
    "derniere_confirmation",
    "departements",
    "exemple",
    "adresse",
)
# A cell starting with these is a formula to a spreadsheet: content is untrusted, so it is quoted as
# text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Non-breaking spaces before « : » and « ; » (French typography), written as escapes to be seen.
README = """\
Carnet de terrain\u00a0: le contenu, tel qu'écrit par ses contributeurs et contributrices ({day}).

Licence\u00a0: {licence} ({url}). Attribution\u00a0: {attribution}.
Chaque fichier .md commence par un en-tête YAML\u00a0; sa forme est décrite par les schémas JSON
publiés dans api/v1/schemas/ et par le modèle de contenu du carnet.

Site\u00a0: {site}
"""


def cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    text = (
        ", ".join(map(str, value))
        if isinstance(value, list)
        else ("" if value is None else str(value))
    )
    return "'" + text if text.startswith(FORMULA_START) else text


def malfunctions_csv(corpus: Corpus, base: str) -> str:
    """Every malfunction, `;`-separated, with a byte-order mark for French spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for doc in sorted(corpus.of_kind("dysfonctionnement"), key=lambda d: d.id):
        row = {
            **doc.meta,
            "id": doc.id,
            "nombre_confirmations": len(doc.get("signalements") or []),
            "derniere_confirmation": last_seen(doc),
            "departements": doc_departements(doc),
            "exemple": "oui" if doc.get("exemple") else "non",
            "adresse": f"{base}dysfonctionnements/{doc.id}/",
        }
        writer.writerow([cell(row.get(column)) for column in CSV_COLUMNS])
    return BOM + out.getvalue()


def _entry(name: str, day: date) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(day.year, day.month, day.day, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def corpus_archive(corpus: Corpus, base: str, day: date) -> bytes:
    """content/ as written (Markdown and référentiels), in a stable order, with a note on the
    licence.
    """
    members = sorted(
        f"{doc.path.parent.name}/{doc.path.name}" for doc in corpus.documents if doc.readable
    )
    members += sorted(
        f"referentiels/{p.name}" for p in (corpus.root / "referentiels").glob("*.yml")
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            _entry("content/LISEZMOI.txt", day),
            README.format(
                day=day.isoformat(),
                licence=LICENCE["nom"],
                url=LICENCE["url"],
                attribution=LICENCE["attribution"],
                site=base,
            ),
        )
        for name in members:
            archive.writestr(_entry(f"content/{name}", day), published_source(corpus.root / name))
    return buffer.getvalue()


def published_source(path: Path) -> bytes:
    """A content file as downloads give it: UTF-8 with `\\n` line ends and no byte-order mark,
    whichever of the accepted forms its editor saved (BOM, CRLF, CR), so that the same content
    gives the same download."""
    raw = path.read_bytes()
    if b"\r" not in raw and not raw.startswith(UTF8_BOM):  # most files: already as published
        return raw
    text, _ = decode(raw, str(path))
    return raw if text is None else text.encode("utf-8")


def build_exports(corpus: Corpus, base: str, day: date) -> dict[str, bytes]:
    """Every download by its path in the site."""
    files = {
        source_path(doc): published_source(doc.path)
        for kind in LINKABLE
        for doc in corpus.of_kind(kind)
    }
    files[CSV_PATH] = malfunctions_csv(corpus, base).encode("utf-8")
    files[ARCHIVE] = corpus_archive(corpus, base, day)
    return files


def source_folder(kind: str) -> str:
    return f"exports/{KIND_FOLDER[kind]}/"
