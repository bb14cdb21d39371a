"""Personal data: what the corpora in tests/personal_data/ hold (one sentence per line, « # » starts
a
comment) is caught or left alone by the checker and by the browser form alike, in linear time.

legitimes.txt must give no finding at all; every other file names one kind, and each of its lines
must give exactly one finding of that kind. The allowed domains and official phone numbers are the
repository's own référentiel's.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carnet.checking import personal_data
from carnet.checking.personal_data import (
    KINDS,
    iban_in,
    iban_is_valid,
    iter_personal_data,
    looks_secret,
    national,
)
from carnet.checking.rules.privacy import admin_domains, official_phones
from carnet.contribution.forms import all_forms
from carnet.model.content import load_corpus
from carnet.model.schemas import load_schemas
from carnet.site.build import forms_spec
from carnet.site.pages.common import SiteSettings
from conftest import REPO, TODAY

DATA = Path(__file__).parent / "personal_data"
SCRIPT = REPO / "tools" / "carnet" / "site" / "theme" / "assets" / "carnet-formulaire.js"
CORPUS = load_corpus(REPO / "content")
DOMAINS, PHONES = admin_domains(CORPUS), official_phones(CORPUS)
KIND_FILES = {
    "secrets.txt": "donnee-secret",
    "telephones.txt": "donnee-telephone",
    "emails.txt": "donnee-email",
    "nir.txt": "donnee-nir",
    "iban.txt": "donnee-iban",
    "identifiants.txt": "donnee-identifiant",
    "adresses.txt": "donnee-adresse",
    "naissances.txt": "donnee-naissance",
}


def sentences(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


LEGITIMATE = sentences("legitimes.txt")
PERSONAL = [(name, code, line) for name, code in KIND_FILES.items() for line in sentences(name)]
SECRETS = sentences("secrets.txt")


def found(text: str) -> list[tuple[str, str]]:
    return [(m.code, m.message) for m in iter_personal_data(text, DOMAINS, PHONES)]


def secret_messages(text: str) -> list[str]:
    return [message for code, message in found(text) if code == "donnee-secret"]


def test_the_corpora_are_large_enough_and_every_file_is_read() -> None:
    assert len(LEGITIMATE) >= 120 and all(len(sentences(name)) >= 8 for name in KIND_FILES)
    assert sorted(p.name for p in DATA.glob("*.txt")) == sorted([*KIND_FILES, "legitimes.txt"])
    every = LEGITIMATE + [line for _, _, line in PERSONAL]
    assert len(set(every)) == len(every)


@pytest.mark.parametrize("sentence", LEGITIMATE)
def test_ordinary_french_has_no_finding(sentence: str) -> None:
    assert found(sentence) == []


@pytest.mark.parametrize(("code", "sentence"), [(code, line) for _, code, line in PERSONAL])
def test_personal_data_is_caught_once(code: str, sentence: str) -> None:
    assert [c for c, _ in found(sentence)] == [code]


def test_every_kind_says_what_it_found_and_what_to_write_instead() -> None:
    for kind in KINDS:
        assert kind.message and "écrivez" in kind.hint, kind.name
    matches = list(
        iter_personal_data(
            "Mme Dupont, 12 rue des Lilas ; née le 3 mars 1954 ; tél. 06 12 34 56 78."
        )
    )
    assert [(m.code, m.message, m.offset) for m in matches] == [
        ("donnee-adresse", "adresse postale d'une personne", 0),
        ("donnee-naissance", "date de naissance", 31),
        (
            "donnee-telephone",
            "numéro de téléphone « 06 12 34 56 78 » : un numéro identifie une personne",
            57,
        ),
    ]
    assert matches[2].hint.startswith("écrivez « son numéro de téléphone » sans le recopier")


def test_official_numbers_come_from_the_referentiel_in_any_shape() -> None:
    assert "0969390000" in PHONES and national("+33 (0)9 69 39 00 00") == "0969390000"
    for shape in (
        "09 69 39 00 00",
        "09.69.39.00.00",
        "+33 9 69 39 00 00",
        "0033 9 69 39 00 00",
        "0969390000",
    ):
        assert found(f"Défenseur des droits : {shape}") == []
        assert [m.code for m in iter_personal_data(f"Défenseur des droits : {shape}")] == [
            "donnee-telephone"
        ]
    assert [c for c, _ in found("Sa ligne : 09 69 39 00 01")] == ["donnee-telephone"]


def test_one_secret_is_one_finding_and_each_secret_counts() -> None:
    assert secret_messages("Code PIN 4821") == ["code pin écrit en clair"]
    assert secret_messages("Son mot de passe : Soleil2024! et le mdp = azerty123.") == [
        "mot de passe écrit en clair",
        "mdp écrit en clair",
    ]
    assert secret_messages("Identifiants : jdupont13") == ["identifiants écrits en clair"]
    assert secret_messages("Code de la carte : 4589") == ["code de la carte écrit en clair"]


@pytest.mark.parametrize(
    ("token", "secret"),
    [
        ("orientez-la", False),
        ("peut-être", False),
        ("rendez-vous", False),
        ("l’identifiant", False),
        ("SMS/e-mail", False),
        ("impots.gouv.fr", False),
        ("FranceConnect+", False),
        ("(au", False),
        ("1ère", False),
        ("12h30", False),
        ("100e", False),
        ("12", False),
        ("n°", False),
        ("****", False),
        ("https://www.impots.gouv.fr", False),
        ("azerty", False),
        ("4821", True),
        ("Soleil2024!", True),
        ("azerty123", True),
        ("Tr0ub4dor&3", True),
        ("7F3K-Q9ZP", True),
        ("j_dupont", True),
        ("P@ssw0rd", True),
        ("«Caf#2024»", True),
        ("jdupont75", True),
        ("12/03/1985", True),
    ],
)
def test_looks_secret(token: str, secret: bool) -> None:
    assert looks_secret(token) is secret


@pytest.mark.parametrize(
    "candidate",
    [
        "FR76 3000 6000 0112 3456 7890 189",
        "FR76 3000 6000 0112 3456 7890 189 BNP",
        "FR76 3000 6000 0112 3456 7890 180",
        "FR763000600001123456789018",
        "DE89 3704 0044 0532 0130 00 DE",
        "FR14 2004 1010 0505 0001 3M02 606",
        "BE68-5390-0754-7034",
        "FR 76 3000 6000 0112 3456 7890 189 A12",
    ],
)
def test_iban_in_is_iban_is_valid_on_every_cut(candidate: str) -> None:
    cuts = [len(candidate)] + [i for i, c in enumerate(candidate) if i > 3 and not c.isalnum()]
    assert iban_in(candidate) == any(iban_is_valid(candidate[:i]) for i in cuts)


# --- The checker's shortcuts (lines with enough digits, words first) change no verdict ---

PIECES = (
    [line for _, _, line in PERSONAL]
    + LEGITIMATE[::4]
    + [
        "\n",
        " ",
        ", ",
        "0",
        "12",
        "2A",
        "06 ",
        "1 85 ",
        "FR76 ",
        "12AB",
        "Mme ",
        "Jean Dupont, ",
        "12 rue ",
        "rue",
        "63000 ",
        "Clermont",
        "né le ",
        "12/03/",
        "1954",
        "@",
        "(at)",
        " arobase ",
        " point ",
        "fr",
        "code : ",
        "n° ",
        "allocataire : ",
        "numéro fiscal ",
        "France Travail : ",
        "\u00a0",
        "habite au ",
        "bis ",
        ".",
        "-",
        "/",
    ]
)


def everywhere(text: str) -> list[tuple[str, int, str]]:
    """What the checker finds when every pattern runs on the whole text, as in the browser."""
    regions = {kind.name: [(0, len(text))] for kind in KINDS}
    original = personal_data._regions
    personal_data._regions = lambda *_: regions  # type: ignore[assignment]
    try:
        return [(m.code, m.offset, m.message) for m in iter_personal_data(text, DOMAINS, PHONES)]
    finally:
        personal_data._regions = original


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_the_shortcuts_change_nothing(text: str) -> None:
    assert [
        (m.code, m.offset, m.message) for m in iter_personal_data(text, DOMAINS, PHONES)
    ] == everywhere(text)


def test_the_shortcuts_change_nothing_on_the_corpora_as_one_text() -> None:
    text = "\n".join(LEGITIMATE + [line for _, _, line in PERSONAL])
    found_here = [(m.code, m.offset, m.message) for m in iter_personal_data(text, DOMAINS, PHONES)]
    assert found_here == everywhere(text) and len(found_here) == len(PERSONAL)


# --- Linear time: 250 KB of the worst text for each pattern ---

SIZE = 250_000
ADVERSARIAL = {
    name: (piece * (SIZE // len(piece) + 1))[:SIZE]
    for name, piece in {
        "chiffres": "0",
        "chiffres-espaces": "06 ",
        "lettres": "a",
        "points": "a.",
        "arobases": "a@a.",
        "espaces": " ",
        "arobase-ecrit": "x arobase y point ",
        "at-crochets": "jean.dupont [at] gmail [dot] ",
        "chez": "jean chez orange point ",
        "civilites": "Mme Dupont Martin Durand ",
        "civilite-numero": "Mme Dupont, 12 ",
        "nom-rue": "Jean Dupont, 12 rue des Lilas, ",
        "habite": "habite au 12 ",
        "naissance": "né le 12/03/",
        "mots-de-passe": "code de la carte : ",
        "deux-points": "code:",
        "mots": "mot de passe ",
        "iban": "FR76 1234 ",
        "iban-long": "FR761234567890",
        "nir": "1 85 05 78 006 ",
        "allocataire": "n° allocataire ",
        "france-travail": "identifiant France Travail : ",
        "passeport": "12AB",
        "telephone-barres": "06/12/34/",
        "prose": "\n".join(LEGITIMATE) + "\n",
        "donnees": "\n".join(line for _, _, line in PERSONAL) + "\n",
    }.items()
}


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_detection_is_linear(name: str) -> None:
    start = time.perf_counter()
    list(iter_personal_data(ADVERSARIAL[name], DOMAINS, PHONES))
    assert time.perf_counter() - start < 2


# --- The browser form runs the same kinds, patterns and checks ---


def browser_detector() -> str:
    """The form script's personal-data checks, with the patterns the site really sends them."""
    script = SCRIPT.read_text(encoding="utf-8")
    regex = re.search(r"^ *function regex\(name\) \{.*\}$", script, re.M)
    section = re.search(r"^ *// --- Personal data.*?(?=^ *// --- )", script, re.M | re.S)
    assert regex and section, (
        "carnet-formulaire.js: function regex() or the personal-data section moved"
    )
    spec = forms_spec(CORPUS, all_forms(CORPUS, load_schemas()), SiteSettings(today=TODAY))
    return (
        f"var spec = {spec};\nvar checks = spec.controles;\n{regex.group(0)}\n{section.group(0)}\n"
    )


def run_node(program: str, data: object) -> object:
    run = subprocess.run(
        ["node", "-e", browser_detector() + program],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=True,
    )
    return json.loads(run.stdout)


NODE = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


@NODE
def test_the_browser_form_finds_exactly_what_the_checker_finds() -> None:
    every = LEGITIMATE + [line for _, _, line in PERSONAL]
    every.append("\n".join(every))
    rng = random.Random(18)  # and texts made of pieces, as in test_the_shortcuts_change_nothing
    every += ["".join(rng.choices(PIECES, k=rng.randint(1, 40))) for _ in range(2000)]
    browser = run_node(
        "var lines = JSON.parse(require('fs').readFileSync(0, "
        "'utf8'));\nprocess.stdout.write(JSON.stringify(lines.map(personalData)));\n",
        every,
    )
    assert dict(zip(every, browser, strict=True)) == {
        line: [message for _, message in found(line)] for line in every
    }


@NODE
def test_the_browser_form_is_linear_too() -> None:
    timings = run_node(
        "var texts = JSON.parse(require('fs').readFileSync(0, 'utf8')), out = {};\n"
        "Object.keys(texts).forEach(function (k) { var t = Date.now(); personalData(texts[k]);"
        " out[k] = (Date.now() - t) / 1000; });\nprocess.stdout.write(JSON.stringify(out));\n",
        ADVERSARIAL,
    )
    assert isinstance(timings, dict)
    assert {name: seconds for name, seconds in timings.items() if seconds >= 2} == {}
