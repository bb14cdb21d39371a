"""Written-out secrets: ordinary French is never refused, real secrets always are, by the checker and
by the browser form alike (tests/personal_data/: one sentence per line)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from carnet.content import load_corpus
from carnet.forms import all_forms
from carnet.pages.common import SiteSettings
from carnet.personal_data import iter_personal_data, looks_secret
from carnet.schemas import load_schemas
from carnet.site import forms_spec
from conftest import FIXTURE, REPO, TODAY

DATA = Path(__file__).parent / "personal_data"
SCRIPT = REPO / "tools" / "carnet" / "theme" / "assets" / "carnet-formulaire.js"


def sentences(name: str) -> list[str]:
    return [line for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


LEGITIMATE = sentences("legitimes.txt")
SECRETS = sentences("secrets.txt")


def secret_messages(text: str) -> list[str]:
    return [m.message for m in iter_personal_data(text) if m.code == "donnee-secret"]


def test_the_corpora_are_large_enough() -> None:
    assert len(LEGITIMATE) >= 50 and len(SECRETS) >= 20
    assert len(set(LEGITIMATE)) == len(LEGITIMATE) and len(set(SECRETS)) == len(SECRETS)


@pytest.mark.parametrize("sentence", LEGITIMATE)
def test_ordinary_french_has_no_finding(sentence: str) -> None:
    assert [m.message for m in iter_personal_data(sentence)] == []


@pytest.mark.parametrize("sentence", SECRETS)
def test_a_written_out_secret_is_caught(sentence: str) -> None:
    assert secret_messages(sentence) != []


def test_one_secret_is_one_finding_and_each_secret_counts() -> None:
    assert secret_messages("Code PIN 4821") == ["code pin écrit en clair"]
    assert secret_messages("Son mot de passe : Soleil2024! et le mdp = azerty123.") == [
        "mot de passe écrit en clair", "mdp écrit en clair"]
    assert secret_messages("Identifiants : jdupont13") == ["identifiants écrits en clair"]


@pytest.mark.parametrize(("token", "secret"), [
    ("orientez-la", False), ("peut-être", False), ("rendez-vous", False), ("l’identifiant", False),
    ("SMS/e-mail", False), ("impots.gouv.fr", False), ("FranceConnect+", False), ("(au", False),
    ("1ère", False), ("12h30", False), ("100e", False), ("12", False), ("n°", False), ("****", False),
    ("https://www.impots.gouv.fr", False), ("azerty", False),
    ("4821", True), ("Soleil2024!", True), ("azerty123", True), ("Tr0ub4dor&3", True), ("7F3K-Q9ZP", True),
    ("j_dupont", True), ("P@ssw0rd", True), ("«Caf#2024»", True), ("jdupont75", True), ("12/03/1985", True),
])
def test_looks_secret(token: str, secret: bool) -> None:
    assert looks_secret(token) is secret


# --- The browser form runs the same rule ---


def browser_detector() -> str:
    """The form script's personal-data checks, with the patterns the site really sends them."""
    script = SCRIPT.read_text(encoding="utf-8")
    regex = re.search(r"^ *function regex\(name\) \{.*\}$", script, re.M)
    section = re.search(r"^ *// --- Personal data.*?(?=^ *// --- )", script, re.M | re.S)
    assert regex and section, "carnet-formulaire.js: function regex() or the personal-data section moved"
    corpus = load_corpus(FIXTURE)
    spec = forms_spec(corpus, all_forms(corpus, load_schemas()), SiteSettings(today=TODAY))
    return f"var spec = {spec};\nvar checks = spec.controles;\n{regex.group(0)}\n{section.group(0)}\n"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_browser_form_finds_exactly_what_the_checker_finds() -> None:
    every = LEGITIMATE + SECRETS
    program = browser_detector() + (
        "var lines = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "process.stdout.write(JSON.stringify(lines.map(function (l) {"
        " return problems(l).filter(function (p) { return / en clair$/.test(p); }); })));\n")
    run = subprocess.run(["node", "-e", program], input=json.dumps(every), capture_output=True, text=True,
                         encoding="utf-8", timeout=60, check=True)
    browser = dict(zip(every, json.loads(run.stdout)))
    assert browser == {sentence: secret_messages(sentence) for sentence in every}
    assert all(browser[s] == [] for s in LEGITIMATE) and all(browser[s] for s in SECRETS)
