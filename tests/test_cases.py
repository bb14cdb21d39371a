"""Data-driven checker cases: each folder of tests/cases holds a content tree and its expected
report.

Set CARNET_REGENERE=1 to rewrite expected.txt files after a deliberate change, then review the diff:
a case whose file was rewritten fails, so a regenerating run never passes by construction.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from carnet.checking.check import run_check
from carnet.checking.report import render_text
from carnet.model.content import load_document
from conftest import CASES, TODAY, build_tree

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    content = build_tree(case, tmp_path)
    report = render_text(run_check(content, TODAY))
    expected = case / "expected.txt"
    before = expected.read_text(encoding="utf-8") if expected.exists() else ""
    if os.environ.get("CARNET_REGENERE") and report != before:
        expected.write_text(report, encoding="utf-8")
        pytest.fail(f"{expected} réécrit : relisez le diff, puis relancez sans CARNET_REGENERE")
    assert report == before


# Sheets saved by editors in ways the carnet accepts: each must load as the same sheet written in
# plain UTF-8 with LF endings and « --- » fences, so that the site built from it is the same.
ACCEPTED = [
    CASES / "fichiers" / "content" / "fiches" / "bom-crlf.md",  # Notepad: BOM and CRLF
    *(
        CASES / "editeurs" / "content" / "fiches" / f"{name}.md"
        for name in ("mac-classique", "fins-melangees", "sans-fin-de-ligne", "tirets-espaces")
    ),
    CASES / "editeurs" / "content" / "fiches" / "fin-yaml.md",  # front matter ended by « ... »
]


@pytest.mark.parametrize("saved", ACCEPTED, ids=[p.stem for p in ACCEPTED])
def test_accepted_encodings_load_as_plain_utf8(saved: Path, tmp_path: Path) -> None:
    lines = saved.read_bytes().decode("utf-8-sig").splitlines()
    closing = next(n for n, line in enumerate(lines) if n and line.rstrip() in ("---", "..."))
    plain_lines = ["---", *lines[1:closing], "---", *lines[closing + 1 :]]
    plain = tmp_path / "fiches" / saved.name
    plain.parent.mkdir()
    plain.write_bytes("".join(line + "\n" for line in plain_lines).encode("utf-8"))
    assert plain.read_bytes() != saved.read_bytes()
    got, problems = load_document(saved, saved.parents[1], "fiche")
    want, _ = load_document(plain, tmp_path, "fiche")
    assert problems == []
    assert (got.meta, got.marks, got.body.rstrip("\n"), got.body_line) == (
        want.meta,
        want.marks,
        want.body.rstrip("\n"),
        want.body_line,
    )


@pytest.mark.parametrize("name, minutes", [("duree-zero", 60), ("duree-decimale", 45)])
def test_a_duration_reads_as_written(name: str, minutes: int) -> None:
    """YAML 1.1 read « 060 » as octal (48 minutes), and « 45.0 » passed as an integer that the sheet
    showed as « 45.0 min »."""
    path = CASES / "editeurs" / "content" / "fiches" / f"{name}.md"
    doc, problems = load_document(path, path.parents[1], "fiche")
    assert problems == []
    assert doc.meta["duree_minutes"] == minutes and type(doc.meta["duree_minutes"]) is int
