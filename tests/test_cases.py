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
