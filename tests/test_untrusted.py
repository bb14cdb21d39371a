"""Untrusted content never runs: hostile inputs in every field are refused at their line, and
even when they reach a page (a checker that missed them), the published page stays inert.

The payloads (tests/untrusted/payloads.yml) are the OWASP filter-evasion classics.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from carnet.checking.check import run_check
from carnet.cli.main import main
from conftest import FIXTURE, TODAY

PAYLOADS = yaml.safe_load((Path(__file__).parent / "untrusted" / "payloads.yml").read_text("utf-8"))
REFUSED: list[str] = PAYLOADS["refuses"]
INERT: list[str] = PAYLOADS["inertes"]


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON is YAML)."""
    return json.dumps(text, ensure_ascii=False)


@dataclass
class Placed:
    """A file written with the payload in several places, and the line where each place starts."""

    path: str
    text: str
    places: dict[str, int]


def _file(path: str, lines: list[tuple[str, str]]) -> Placed:
    """Lines tagged with the place they hold (or "" for none); multi-line values count their
    lines."""
    text, places, number = [], {}, 1
    for place, line in lines:
        if place:
            places[place] = number
        text.append(line)
        number += line.count("\n") + 1
    return Placed(path, "\n".join(text) + "\n", places)


def placements(payload: str) -> list[Placed]:
    """The payload in every free-text field of every content type, in bodies and in a
    référentiel."""
    quoted = "\n".join("> " + line for line in payload.split("\n"))
    sheet = _file(
        "fiches/piege.md",
        [
            ("", "---"),
            ("titre", f"titre: {q(payload)}"),
            ("resume", f"resume: {q(payload)}"),
            ("", "niveau: debutant"),
            ("", "competences: [messagerie]"),
            ("auteurs", f"auteurs: [{q(payload)}]"),
            ("mots_cles", f"mots_cles: [{q(payload)}]"),
            ("prerequis", f"prerequis: [{q(payload)}]"),
            ("", "creee_le: 2026-10-01"),
            ("", "verifiee_le: 2026-11-20"),
            ("", "liens:"),
            ("liens.titre", f"  - titre: {q(payload)}"),
            ("", "    url: https://www.service-public.fr"),
            ("", "---"),
            ("", ""),
            ("", "## Situation"),
            ("", ""),
            ("paragraphe", payload),
            ("", ""),
            ("", "## Étapes"),
            ("", ""),
            ("citation", quoted),
            ("", ""),
            ("", "## Points de vigilance"),
            ("", ""),
            ("liste", "- " + payload),
        ],
    )
    story = _file(
        "anecdotes/piege.md",
        [
            ("", "---"),
            ("", 'titre: "Un récit ordinaire"'),
            ("", 'resume: "Un récit ordinaire, avec un piège dedans."'),
            ("", "date: 2026-05"),
            ("enseignement", f"enseignement: {q(payload)}"),
            ("", "anonymisee: true"),
            ("", "auteurs: [Anonyme]"),
            ("", "creee_le: 2026-10-02"),
            ("", "---"),
            ("", ""),
            ("recit", payload),
        ],
    )
    malfunction = _file(
        "dysfonctionnements/piege.md",
        [
            ("", "---"),
            ("", 'titre: "Un dysfonctionnement ordinaire"'),
            ("", 'resume: "Un dysfonctionnement ordinaire, piégé."'),
            ("", "administrations: [caf]"),
            ("service", f"service: {q(payload)}"),
            ("", "statut: actif"),
            ("", "gravite: mineur"),
            ("", "constate_le: 2026-09-01"),
            ("", "signalements:"),
            ("", "  - date: 2026-10-12"),
            ("commentaire", f"    commentaire: {q(payload)}"),
            ("", "auteurs: [Anonyme]"),
            ("", "creee_le: 2026-09-02"),
            ("", "verifiee_le: 2026-11-01"),
            ("", "---"),
            ("", ""),
            ("", "## Symptômes"),
            ("", ""),
            ("symptomes", payload),
        ],
    )
    page = _file(
        "pages/a-propos.md",
        [("", "---"), ("titre", f"titre: {q(payload)}"), ("", "---"), ("", ""), ("texte", payload)],
    )
    admins = (
        (FIXTURE / "referentiels" / "administrations.yml")
        .read_text("utf-8")
        .rstrip("\n")
        .split("\n")
    )
    referentiel = _file(
        "referentiels/administrations.yml",
        [("", line) for line in admins]
        + [
            ("", "- id: piege"),
            ("nom", f"  nom: {q(payload)}"),
            ("", "  site: https://www.interieur.gouv.fr"),
            ("description", f"  description: {q(payload)}"),
        ],
    )
    return [sheet, story, malfunction, page, referentiel]


def write(content: Path, files: list[Placed]) -> None:
    for placed in files:
        (content / placed.path).write_text(placed.text, encoding="utf-8")


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURE, tmp_path / "content")
    return tmp_path / "content"


@pytest.mark.parametrize("payload", REFUSED, ids=[f"p{i:02d}" for i in range(len(REFUSED))])
def test_every_placement_of_a_hostile_input_is_refused_at_its_line(
    content: Path, payload: str
) -> None:
    files = placements(payload)
    write(content, files)
    findings = run_check(content, TODAY).findings
    for placed in files:
        for place, line in placed.places.items():
            last = line + payload.count("\n")
            hits = [
                f
                for f in findings
                if f.code == "html-actif"
                and f.path.endswith(placed.path)
                and line <= f.line <= last
            ]
            assert hits, f"{placed.path} ({place}, ligne {line}) : {payload!r} n'est pas signalé"
            assert all(f.message and f.hint for f in hits)


@pytest.mark.parametrize("payload", INERT)
def test_ordinary_text_that_looks_like_markup_is_accepted(content: Path, payload: str) -> None:
    write(
        content, placements(payload)[:4]
    )  # every content type; the référentiel's « nom » is short
    assert [f for f in run_check(content, TODAY).findings if f.code == "html-actif"] == []


def _check_time(content: Path, capsys: pytest.CaptureFixture, unit: str, size: int) -> float:
    head = (FIXTURE / "fiches" / "adresse-mail.md").read_text("utf-8")
    body = (unit * (size // len(unit)))[: size - len(head.encode("utf-8")) - 100]
    (content / "fiches" / "gros.md").write_text(head + "\n" + body + "\n", encoding="utf-8")
    started = time.monotonic()
    code = main(["check", "--content", str(content), str(content / "fiches" / "gros.md")])
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in out + err
    return elapsed


@pytest.mark.parametrize(
    "unit",
    [
        "<a ",
        '<a x="',
        "{: ",
        "](",
        "<!--",
        "06 12 ",
        "a@b ",
        "mot de passe : ",
        "> " * 50 + "\n",
        "    " * 30 + "- x\n",
        "[" * 30,
        "1 85 05 ",
        "FR76 ",
    ],
)
def test_large_hostile_files_are_checked_in_linear_time_without_a_traceback(
    content: Path, capsys: pytest.CaptureFixture, unit: str
) -> None:
    """Ten times the input takes about ten times as long, never a hundred (a quadratic check takes
    minutes at the 250 KB limit). Compared within the run, so a slow or busy machine does not
        matter;
    the speed itself is measured by `make bench`."""
    small = _check_time(content, capsys, unit, 25_000)
    large = _check_time(content, capsys, unit, 250_000)
    assert large < max(30 * small, 1.0) and large < 60, (
        f"{small:.2f} s pour 25 Ko, {large:.2f} s pour 250 Ko"
    )


TICKET = (
    Path(__file__).parent / "import_fixtures" / "cas" / "fiche-complete" / "ticket.md"
).read_text("utf-8")


@pytest.mark.parametrize("field", ["Titre", "Résumé", "Situation", "Étapes"])
@pytest.mark.parametrize(
    "payload", REFUSED[::4], ids=[f"p{i:02d}" for i in range(0, len(REFUSED), 4)]
)
def test_the_web_form_path_refuses_hostile_inputs_and_writes_nothing(
    content: Path, capsys: pytest.CaptureFixture, payload: str, field: str
) -> None:
    """An issue opened from the « Proposer une fiche » form, one answer replaced by the payload."""
    head = f"### {field}\n\n"
    start = TICKET.index(head) + len(head)
    body = TICKET[:start] + payload + TICKET[TICKET.index("\n\n###", start) :]
    ticket = content.parent / "ticket.md"
    ticket.write_text(body, encoding="utf-8")
    before = sorted(p.name for p in (content / "fiches").iterdir())
    code = main(["importer", str(ticket), "--content", str(content)])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert "HTML actif" in out + err or "interdit" in out + err, out + err
    assert sorted(p.name for p in (content / "fiches").iterdir()) == before


def test_an_official_number_from_the_referentiel_passes_the_web_form_path(
    content: Path, capsys: pytest.CaptureFixture
) -> None:
    """The importer allows the référentiel's official numbers, as `carnet check` does; a personal
    one is refused.
    """
    admins = content / "referentiels" / "administrations.yml"
    admins.write_text(
        admins.read_text("utf-8").replace(
            "- id: caf\n",
            '- id: caf\n  telephones:\n    - numero: "09 69 39 00 00"\n      service: Défenseur '
            "des droits\n",
            1,
        ),
        encoding="utf-8",
    )
    head = "### Situation\n\n"
    start = TICKET.index(head) + len(head)
    for number, expected in (("09 69 39 00 00", 0), ("06 12 34 56 78", 1)):
        body = (
            TICKET[:start]
            + f"Le Défenseur des droits répond au {number}."
            + TICKET[TICKET.index("\n\n###", start) :]
        )
        ticket = content.parent / "ticket.md"
        ticket.write_text(body, encoding="utf-8")
        code = main(["importer", str(ticket), "--content", str(content), "--verifier"])
        out, err = capsys.readouterr()
        assert code == expected, out + err
