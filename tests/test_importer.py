"""`carnet importer`: issue bodies and generated files become checked content files, or nothing at
all.
"""

from __future__ import annotations

import json
import re
import shutil
import string
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carnet.checking.personal_data import iter_personal_data
from carnet.cli.main import main
from carnet.contribution.forms import Form, all_forms
from carnet.contribution.importer import append_confirmation, free_path, plan_import
from carnet.contribution.issue_forms import answer_elements, build_issue_form, option_labels
from carnet.contribution.spam import iter_spam
from carnet.model.content import load_corpus
from carnet.model.schemas import load_schemas
from conftest import FIXTURE, REPO, TODAY

FIXTURES = Path(__file__).parent / "import_fixtures"
# How GitHub writes an issue form's body, read from real issues (see
# carnet.contribution.issue_forms): every element, in the form's order, « ### Libellé », a blank
# line, the answer, sections joined by a blank line and no final newline; « _No response_ » for an
# empty input or textarea, « None » for a dropdown left alone, a code block for a textarea with
# `render:` (empty when left empty: moltis-org/moltis#810), labels joined by « , » for a multiple
# dropdown, « - [X] » (older bodies) or « - [x] » (recent ones) for a ticked box. The skeleton is
# \n; answers typed in the browser kept \r\n in 2021-2022 bodies (brainhackorg/global2021#133;
# sqlfluff's « --disable_progress_bar Flag Broken for Fix »), recent ones are \n throughout
# (moltis-org/moltis#810). One folder per contribution: the issue body GitHub sends (`ticket.md`,
# plus the newline the workflow's printf adds) or the file sent by e-mail (`courriel.md`);
# `attendu/`, every file the import writes under content/, byte for byte (none for « Signaler une
# erreur »); `sortie.txt`, what the command prints.
CASES = sorted(p for p in (FIXTURES / "cas").iterdir() if p.is_dir())
TICKETS = [case for case in CASES if (case / "ticket.md").exists()]
KINDS = ("fiche", "anecdote", "dysfonctionnement", "confirmation", "signalement")


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURE, tmp_path / "content")
    return tmp_path / "content"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in after.items() if before.get(name) != data}


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def forms_of(root: Path) -> dict[str, Form]:
    return {form.kind: form for form in all_forms(load_corpus(root), load_schemas())}


def source_of(case: Path) -> Path:
    return case / "ticket.md" if (case / "ticket.md").exists() else case / "courriel.md"


def ticket(name: str) -> Path:
    return FIXTURES / "cas" / name / "ticket.md"


def issue_body(form: Form, answers: dict[str, object]) -> str:
    """An issue body as GitHub writes it: every element of the issue form, in order, empty ones
    included.
    """
    parts = []
    for element in build_issue_form(form)["body"][1:]:
        value = answers.get(element["id"])
        f = next((f for f in form.fields if f.id == element["id"]), None)
        if element["type"] == "checkboxes":
            text = "\n".join(
                f"- [{'X' if value else ' '}] {o['label']}"
                for o in element["attributes"]["options"]
            )
        elif element["type"] == "dropdown" and f is not None:
            labels, chosen = (
                dict(option_labels(f)),
                value if isinstance(value, list) else [value] if value else [],
            )
            text = ", ".join(labels[ident] for ident in chosen) or "None"
        else:
            text = "\n".join(value) if isinstance(value, list) else str(value or "")
            if "render" in element["attributes"]:
                text = f"```{element['attributes']['render']}\n{text}\n```"
        parts.append(f"### {element['attributes']['label']}\n\n{text or '_No response_'}")
    return "\n\n".join(parts)


def sections(body: str, labels: list[str]) -> list[str]:
    """The `### Libellé` sections of a body, cut at the form's labels only, without their separating
    blank line.
    """
    pieces = re.split(
        "(?m)^(?=### (?:" + "|".join(map(re.escape, labels)) + ")$)", body.rstrip("\n")
    )
    return [piece.rstrip("\n") for piece in pieces if piece]


def committed_labels(kind: str) -> list[str]:
    """The labels of the issue form committed in .github/ISSUE_TEMPLATE/ (the same for the test
    content).
    """
    data = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / f"{kind}.yml").read_text("utf-8"))
    return [e["attributes"]["label"] for e in data["body"] if e["type"] != "markdown"]


def kind_of(case: Path) -> str:
    return next(kind for kind in KINDS if case.name.startswith(kind))


# --- (b) what GitHub really sends, and an e-mailed file
# ----------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_a_contribution_imports_byte_for_byte(
    case: Path, content: Path, capsys: pytest.CaptureFixture
) -> None:
    """A sheet sent through the real GitHub form (or by e-mail) imports byte-for-byte clean."""
    before = snapshot(content)
    code, out = run(capsys, "importer", str(source_of(case)))
    assert (code, out) == (0, (case / "sortie.txt").read_text("utf-8"))
    expected = snapshot(case / "attendu") if (case / "attendu").is_dir() else {}
    assert changed(before, snapshot(content)) == expected
    for name in expected:
        assert run(capsys, "check", "--content", str(content), str(content / name))[0] == 0


@pytest.mark.parametrize("case", TICKETS, ids=lambda p: p.name)
def test_github_writes_every_field_of_the_form(case: Path) -> None:
    """The fixtures are whole bodies: every label of the committed issue form, once, in the form's
    order.
    """
    labels = committed_labels(kind_of(case))
    body = (case / "ticket.md").read_text("utf-8")
    assert [piece.split("\n", 1)[0][4:] for piece in sections(body, labels)] == labels
    assert body.endswith("\n") and not body.endswith(
        "\n\n"
    )  # printf '%s\n' of a body without a final newline


@pytest.mark.parametrize("case", TICKETS, ids=lambda p: p.name)
@pytest.mark.parametrize("order", ["inverse", "decale"])
def test_any_order_gives_the_same_file(
    case: Path, order: str, content: Path, capsys: pytest.CaptureFixture
) -> None:
    pieces = sections((case / "ticket.md").read_text("utf-8"), committed_labels(kind_of(case)))
    pieces = pieces[::-1] if order == "inverse" else pieces[3:] + pieces[:3]
    source = content.parent / "ticket.md"
    source.write_bytes(("\n\n".join(pieces) + "\n").encode("utf-8"))
    before = snapshot(content)
    code, out = run(capsys, "importer", str(source))
    assert (code, out) == (0, (case / "sortie.txt").read_text("utf-8"))
    assert changed(before, snapshot(content)) == (
        snapshot(case / "attendu") if (case / "attendu").is_dir() else {}
    )


@pytest.mark.parametrize("case", TICKETS, ids=lambda p: p.name)
def test_a_body_saved_by_a_windows_editor_gives_the_same_file(
    case: Path, content: Path, capsys: pytest.CaptureFixture
) -> None:
    """A byte-order mark and \\r\\n throughout (Notepad, the downloaded « Je l'ai vu aussi » opened
    and saved on Windows): the mark hid the first « ### » heading.
    """
    body = (case / "ticket.md").read_text("utf-8")
    source = content.parent / "ticket.md"
    source.write_bytes(b"\xef\xbb\xbf" + body.replace("\n", "\r\n").encode("utf-8"))
    before = snapshot(content)
    assert run(capsys, "importer", str(source)) == (0, (case / "sortie.txt").read_text("utf-8"))
    assert changed(before, snapshot(content)) == (
        snapshot(case / "attendu") if (case / "attendu").is_dir() else {}
    )


EMPTY_FILE_FIELD = "### Fichier du formulaire du site\n\n```markdown\n\n```\n"


@pytest.mark.parametrize(
    "name", ["fiche-minimale", "anecdote-complete", "dysfonctionnement-minimal"]
)
@pytest.mark.parametrize("empty", ["_No response_", "```markdown\n_No response_\n```", "```\n```"])
def test_the_empty_file_field_never_reaches_the_sheet(
    name: str, empty: str, content: Path, capsys: pytest.CaptureFixture
) -> None:
    """However GitHub writes the empty last field, it is not appended to the field before it."""
    body = ticket(name).read_text("utf-8")
    assert body.endswith(EMPTY_FILE_FIELD)
    source = content.parent / "ticket.md"
    source.write_text(
        body.replace(EMPTY_FILE_FIELD, f"### Fichier du formulaire du site\n\n{empty}\n"),
        encoding="utf-8",
    )
    before = snapshot(content)
    assert run(capsys, "importer", str(source)) == (
        0,
        (ticket(name).parent / "sortie.txt").read_text("utf-8"),
    )
    assert changed(before, snapshot(content)) == snapshot(ticket(name).parent / "attendu")


def test_a_form_label_typed_inside_an_answer_is_refused_not_split(
    content: Path, capsys: pytest.CaptureFixture
) -> None:
    """A `### Étapes` line typed in « Situation »: which one GitHub wrote cannot be told, so nothing
    is written.
    """
    body = ticket("fiche-complete").read_text("utf-8").replace("### Ce qui aide", "### Étapes")
    source = content.parent / "ticket.md"
    source.write_text(body, encoding="utf-8")
    before = snapshot(content)
    code, out = run(capsys, "importer", str(source))
    assert code == 1 and snapshot(content) == before
    assert out.splitlines()[1:3] == [
        "erreur [champ-en-double] « Étapes » : le titre « ### Étapes » apparaît plusieurs fois "
        "dans le ticket",
        "  aide : une réponse ne doit pas contenir de ligne « ### » reprenant le titre d'une "
        "question : retirez-la ou changez-la",
    ]


def test_a_file_field_that_holds_no_file_is_refused(
    content: Path, capsys: pytest.CaptureFixture
) -> None:
    body = (
        ticket("fiche-minimale")
        .read_text("utf-8")
        .replace(
            EMPTY_FILE_FIELD,
            "### Fichier du formulaire du site\n\n```markdown\nJe n'ai pas le fichier.\n```\n",
        )
    )
    source = content.parent / "ticket.md"
    source.write_text(body, encoding="utf-8")
    before = snapshot(content)
    code, out = run(capsys, "importer", str(source))
    assert code == 1 and snapshot(content) == before
    assert out.splitlines()[1] == (
        "erreur [fichier-inattendu] « Fichier du formulaire du site » : ce champ ne contient pas "
        "un fichier du carnet"
    )


# Issue bodies edited by hand on GitHub (« Modifier » shows them as raw text): one folder per edit,
# `ticket.md` as GitHub then sends it and `sortie.txt`, what the command prints. A heading retyped
# or deleted, an answer typed after `_No response_`, another form's questions pasted in: one error
# on the question concerned, saying what to put back, and nothing written (before, the answer
# spilled into its neighbour: a wrong choice quoted over three paragraphs, or « _No response_ » and
# the pasted questions written into a malfunction's confirmation). Questions left unanswered and
# removed whole lose nothing, and the file sent by the web form is its own text, whatever its lines
# look like: those imports go on and write `attendu/`.
RETOUCHES = sorted(p for p in (FIXTURES / "retouches").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", RETOUCHES, ids=lambda p: p.name)
def test_a_hand_edited_issue_is_read_or_refused_by_the_question_concerned(
    case: Path, content: Path, capsys: pytest.CaptureFixture
) -> None:
    before = snapshot(content)
    code, out = run(capsys, "importer", str(case / "ticket.md"))
    assert out == (case / "sortie.txt").read_text("utf-8")
    if code == 1:
        assert snapshot(content) == before
        assert re.search(
            r"^erreur \[(titre-modifie|titre-efface|reponse-apres-vide|"
            r"question-etrangere)\] ",
            out,
            re.M,
        )
    else:
        assert code == 0 and changed(before, snapshot(content)) == snapshot(case / "attendu")


@pytest.mark.parametrize(
    "name, answer, given, expected",
    [
        (
            "dysfonctionnement-minimal",
            "Actif : le problème est là",
            "Contourné : on peut avancer autrement",
            [
                "erreur [contournement-absent] « Contournement » : statut « Contourné » mais la "
                "question « Contournement » est sans réponse",
                "  aide : décrivez sous « ### Contournement » comment avancer malgré le problème, "
                "ou choisissez le statut « Actif »",
            ],
        ),
        (
            "dysfonctionnement-minimal",
            "Actif : le problème est là",
            "Résolu",
            [
                "erreur [resolu-sans-date] « Statut » : statut « Résolu » : le formulaire ne "
                "demande pas le jour où le problème a disparu",
                "  aide : choisissez « Actif » ou « Contourné » ; si le problème a disparu, dites-le "
                "dans le ticket avec sa date : un animateur la reportera",
            ],
        ),
        (
            "confirmation-minimale",
            "2026-06-15",
            "15/05/2026",
            [
                "erreur [date-ordre] « Date » : confirmation du 2026-05-15 antérieure au constat "
                "(2026-06-01)",
                "  aide : vérifiez la date ; si vous avez vu le problème avant ce premier constat, "
                "dites-le dans le ticket : un animateur avancera la date du constat",
            ],
        ),
    ],
)
def test_a_form_answer_is_told_in_the_forms_words_not_the_files(
    name: str,
    answer: str,
    given: str,
    expected: list[str],
    content: Path,
    capsys: pytest.CaptureFixture,
) -> None:
    """Someone answering the issue form has no « ## Contournement » heading, `resolu_le:` or
    `constate_le` key to change (the checker's words for a file): the message names the question
    and what to do.
    """
    body = ticket(name).read_text("utf-8")
    assert f"\n{answer}\n" in body
    source = content.parent / "ticket.md"
    source.write_text(body.replace(f"\n{answer}\n", f"\n{given}\n"), encoding="utf-8")
    before = snapshot(content)
    code, out = run(capsys, "importer", str(source))
    assert code == 1 and snapshot(content) == before
    assert all(line in out.splitlines() for line in expected)
    assert not re.search(r"resolu_le|constate_le|« ## ", out)


@pytest.mark.parametrize("kind", KINDS)
def test_the_importer_cuts_at_exactly_the_labels_of_the_committed_issue_forms(kind: str) -> None:
    form = forms_of(REPO / "content")[kind]
    committed = yaml.safe_load(
        (REPO / ".github" / "ISSUE_TEMPLATE" / f"{kind}.yml").read_text("utf-8")
    )
    assert answer_elements(form) == [e for e in committed["body"] if e["type"] != "markdown"]
    assert [
        e["attributes"]["label"] for e in answer_elements(forms_of(FIXTURE)[kind])
    ] == committed_labels(kind)


def test_emailed_file_from_standard_input(
    content: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    data = (FIXTURES / "cas" / "courriel-anecdote" / "courriel.md").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert run(capsys, "importer", "-")[0] == 0
    assert (content / "anecdotes" / "une-anecdote-envoyee-par-courriel.md").exists()


def test_file_of_unknown_kind_is_refused(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    source = tmp_path / "theme.md"
    source.write_text('---\ntitre: "Un thème du mois"\nselection: []\n---\n', encoding="utf-8")
    code, out = run(capsys, "importer", str(source))
    assert code == 1 and "[type-inconnu]" in out and "Rien n'a été écrit" in out


def test_verifier_writes_nothing_and_previews_the_file(
    content: Path, capsys: pytest.CaptureFixture
) -> None:
    before = snapshot(content)
    case = FIXTURES / "cas" / "dysfonctionnement-complet"
    code, out = run(
        capsys, "importer", "--verifier", "--format", "markdown", str(case / "ticket.md")
    )
    assert code == 0 and snapshot(content) == before
    expected = (
        case / "attendu" / "dysfonctionnements" / "le-simulateur-de-droits-ne-s-affiche-pas.md"
    ).read_text("utf-8")
    assert out == (
        "## Vérification de votre proposition\n\nReçu : **Signaler un dysfonctionnement**.\n\n"
        "- ✅ Aucune donnée personnelle\n- ✅ Aucun code HTML actif\n"
        "- ✅ Rien qui ressemble à un message indésirable\n"
        "- ✅ Conforme au modèle du carnet (champs, référentiels, dates)\n\n"
        "Tout est en ordre : un animateur peut intégrer la proposition (étiquette « à intégrer "
        "») ; l'import créera le fichier "
        "`content/dysfonctionnements/le-simulateur-de-droits-ne-s-affiche-pas.md`.\n\n"
        "<details><summary>Aperçu du fichier</summary>\n\n````markdown\n"
        + expected.rstrip("\n")
        + "\n````\n\n</details>\n"
    )


def test_markdown_after_writing_for_the_workflow(
    content: Path, capsys: pytest.CaptureFixture
) -> None:
    code, out = run(
        capsys, "importer", "--format", "markdown", str(ticket("confirmation-complete"))
    )
    assert code == 0 and out.endswith(
        "\n\nFichier écrit : `content/dysfonctionnements/caf-envoi-bloque.md`.\n"
    )


def test_workflow_never_puts_the_issue_in_a_command() -> None:
    workflow = yaml.safe_load(
        (REPO / ".github" / "workflows" / "contribution.yml").read_text("utf-8")
    )
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    assert all("github.event" not in step.get("run", "") for step in steps)
    assert (
        sum(step.get("env", {}).get("CORPS") == "${{ github.event.issue.body }}" for step in steps)
        == 2
    )
    # the body and one newline, as the fixtures' ticket.md files hold it
    assert (
        sum(
            'printf \'%s\\n\' "${CORPS}" > "${RUNNER_TEMP}/ticket.md"' in step.get("run", "")
            for step in steps
        )
        == 2
    )
    assert [s["uses"] for s in steps if "create-pull-request" in s.get("uses", "")] == [
        "peter-evans/create-pull-request@271a8d0340265f705b14b6d32b9829c1cb33d45e"
    ]  # v7.0.8


def test_unrecognised_text(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = tmp_path / "ticket.md"
    source.write_text("Bonjour, voici ma fiche : …", encoding="utf-8")
    code, out = run(capsys, "importer", "--verifier", str(source))
    assert code == 1 and "[formulaire-inconnu]" in out


def test_missing_file_is_a_usage_error(content: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["importer", "absent.md"]) == 2
    assert "fichier introuvable : absent.md" in capsys.readouterr().err


# --- (c) spam
# -----------------------------------------------------------------------------------------


SPAM = sorted((FIXTURES / "spam").glob("*.txt"))
LEGITIMATE = sorted((FIXTURES / "legitime").glob("*.txt"))


@pytest.mark.parametrize("path", SPAM, ids=lambda p: p.stem)
def test_seed_spam_comments_are_flagged(
    path: Path, content: Path, capsys: pytest.CaptureFixture
) -> None:
    text = path.read_text("utf-8")
    assert {m.code for m in iter_spam(text)} & {"spam-anglais", "spam-lien", "spam-formulation"}
    form = forms_of(content)["confirmation"]
    body = issue_body(
        form, {"dysfonctionnement": "caf-envoi-bloque", "date": "2026-11-20", "commentaire": text}
    )
    before = snapshot(content)
    source = content.parent / "ticket.md"
    source.write_text(body, encoding="utf-8")
    code, out = run(capsys, "importer", "--format", "markdown", str(source))
    assert code == 1 and snapshot(content) == before
    assert "- ❌ Ressemble à un message indésirable" in out and "| Commentaire |" in out


def test_lottery_spam_names_every_signal() -> None:
    text = (FIXTURES / "spam" / "loteries-kindly.txt").read_text("utf-8")
    assert [(m.code, m.message) for m in iter_spam(text)] == [
        ("spam-anglais", "texte en anglais"),
        (
            "spam-lien",
            "lien vers « gosloto.co », qui n'est ni un service public ni une source officielle",
        ),
        (
            "spam-formulation",
            "formulation typique des messages indésirables (« results », « kindly »)",
        ),
        (
            "spam-lien",
            "lien vers « greecepowerballresults.org », qui n'est ni un service public ni une "
            "source officielle",
        ),
    ]


@pytest.mark.parametrize("path", LEGITIMATE, ids=lambda p: p.stem)
def test_french_comments_of_the_same_seed_are_not_spam(path: Path) -> None:
    assert list(iter_spam(path.read_text("utf-8"))) == []


@pytest.mark.parametrize(
    "text",
    [
        "Voir https://www.impots.gouv.fr/accueil et https://www.service-public.fr/particuliers",
        "Une arnaque aux cryptos : la personne croyait gagner de l'argent.",
        "Le fichier justificatif.pdf et la photo.jpg, envoyés depuis www.caf.fr",
        "Licence https://creativecommons.org/licenses/by-sa/4.0/",
    ],
)
def test_official_sources_and_french_words_are_fine(text: str) -> None:
    assert list(iter_spam(text, ("caf.fr",))) == []


def test_weak_words_count_only_next_to_another_signal() -> None:
    assert [m.code for m in iter_spam("Gagnez au casino sur https://casino-royal.example.com")] == [
        "spam-formulation",
        "spam-lien",
    ]


# --- (d) personal data ----------------------------------------------------------------------------


FIELDS = [
    "titre",
    "resume",
    "prerequis",
    "mots_cles",
    "liens",
    "auteurs",
    "situation",
    "etapes",
    "points_de_vigilance",
]
PERSONAL = {
    "telephone": ("Rappeler au 06 12 34 56 78", "contient un numéro de téléphone", "34 56 78"),
    "email": ("Écrire à jeanne.martin@gmail.com", "contient une adresse e-mail", "jeanne.martin"),
    "secret": (
        "mot de passe : Soleil2024!",
        "contient un mot de passe ou un code écrit en clair",
        "Soleil2024",
    ),
}
VALID = {
    "titre": "Aider à créer son espace CAF",
    "resume": "Créer l'espace personnel sur le site de la CAF, pas à pas.",
    "niveau": "debutant",
    "competences": ["messagerie"],
    "auteurs": ["Anonyme"],
    "situation": "Une situation.",
    "etapes": ["Ouvrir le site.", "Se connecter."],
    "points_de_vigilance": ["Rester à côté."],
}


@pytest.mark.parametrize("key", FIELDS)
@pytest.mark.parametrize("what", list(PERSONAL))
def test_personal_data_in_any_field_writes_nothing(
    key: str, what: str, content: Path, capsys: pytest.CaptureFixture
) -> None:
    form = forms_of(content)["fiche"]
    data, message, secret = PERSONAL[what]
    answers = {**VALID, key: f"{data} | https://www.caf.fr/" if key == "liens" else data}
    source = content.parent / "ticket.md"
    source.write_text(issue_body(form, answers), encoding="utf-8")
    before = snapshot(content)
    label = next(f.label for f in form.fields if f.id == key)
    for fmt, expected in (
        ("text", f"« {label} » : {message}"),
        ("markdown", f"| {label} | {message} |"),
    ):
        code, out = run(capsys, "importer", "--format", fmt, str(source))
        assert code == 1 and snapshot(content) == before
        assert expected in out
        assert secret not in out  # the bot never repeats the data it refuses


# --- (e) collisions -------------------------------------------------------------------------------


def test_a_taken_slug_gets_a_distinct_one(content: Path, capsys: pytest.CaptureFixture) -> None:
    assert run(capsys, "importer", str(ticket("fiche-complete")))[0] == 0
    first = (content / "fiches" / "aider-a-creer-son-espace-caf.md").read_bytes()
    code, out = run(capsys, "importer", str(ticket("fiche-complete")))
    assert code == 0 and "Créé : content/fiches/aider-a-creer-son-espace-caf-2.md" in out
    assert (content / "fiches" / "aider-a-creer-son-espace-caf.md").read_bytes() == first
    assert (
        run(capsys, "importer", str(ticket("fiche-complete")))[1].count(
            "aider-a-creer-son-espace-caf-3.md"
        )
        == 2
    )


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Quand l'appli ne s'ouvre plus", "quand-l-appli-ne-s-ouvre-plus.md"),
        ("Quand l’appli ne s’ouvre plus", "quand-l-appli-ne-s-ouvre-plus.md"),  # phone, Word
        ("L‘accueil d’aujourd’hui", "l-accueil-d-aujourd-hui.md"),
        ("Quand lʼappli plante", "quand-l-appli-plante.md"),  # modifier letter apostrophe
    ],
)
def test_every_apostrophe_separates_words_in_the_file_name(
    title: str, expected: str, content: Path
) -> None:
    """Typed with a typographic apostrophe, a title gave « quand-lappli-ne-souvre-plus »: another
    id than with « ' », and than the web form's file name.
    """
    assert free_path(load_corpus(content), "anecdote", title).name == expected


def test_ids_of_other_kinds_and_long_titles_count(content: Path) -> None:
    corpus = load_corpus(content)
    assert (
        free_path(corpus, "fiche", "Trois adresses").name == "trois-adresses-2.md"
    )  # an anecdote's id
    assert free_path(corpus, "fiche", "Mot de passe").name == "mot-de-passe-2.md"
    long_title = "Un titre très long " * 6
    (content / "fiches" / (free_path(corpus, "fiche", long_title).name)).write_text(
        "x", encoding="utf-8"
    )
    second = free_path(load_corpus(content), "fiche", long_title).stem
    assert len(second) <= 80 and second.endswith("-2")


# --- (f) « Je l'ai vu aussi »
# ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "https://reseau.github.io/carnet/dysfonctionnements/caf-ancien-bug/",
        "https://reseau.github.io/carnet/dysfonctionnements/caf-ancien-bug/#contournement",
        "https://reseau.github.io/carnet/dysfonctionnements/caf-ancien-bug/?utm_source=lettre",
        "https://reseau.github.io/carnet/dysfonctionnements/caf-ancien-bug.html?x=1#symptomes",
        "https://[adresse du site]/dysfonctionnements/caf-ancien-bug/",  # a placeholder left in
    ],
)
def test_the_malfunction_may_be_given_by_its_address_as_the_browser_shows_it(
    address: str, content: Path, capsys: pytest.CaptureFixture
) -> None:
    """The page's address copied from the browser, fragment or tracking query included: the carnet's
    own address is neither an unknown malfunction nor a link to an unofficial site.
    """
    case = FIXTURES / "cas" / "confirmation-minimale"
    source = content.parent / "ticket.md"
    body = (case / "ticket.md").read_text("utf-8")
    source.write_text(body.replace("\ncaf-ancien-bug\n", f"\n{address}\n"), encoding="utf-8")
    before = snapshot(content)
    assert run(capsys, "importer", str(source)) == (0, (case / "sortie.txt").read_text("utf-8"))
    assert changed(before, snapshot(content)) == snapshot(case / "attendu")


@pytest.mark.parametrize(
    "address",
    [
        "https://[adresse du carnet]/fiches/mot-de-passe/",
        "https://[adresse du carnet]/fiches/mot-de-passe/?utm_source=lettre#etapes",
        "https://carnet-de-terrain.github.io/carnet-de-terrain/fiches/mot-de-passe.html#etapes",
    ],
)
def test_an_error_report_finds_the_sheet_from_any_address(
    address: str, content: Path, capsys: pytest.CaptureFixture
) -> None:
    """An address whose host is a placeholder in brackets made urlparse raise: a traceback, no
    comment on the issue.
    """
    case = FIXTURES / "cas" / "signalement"
    body = (case / "ticket.md").read_text("utf-8")
    shown = "https://carnet-de-terrain.github.io/carnet-de-terrain/fiches/mot-de-passe/"
    source = content.parent / "ticket.md"
    source.write_text(body.replace(shown, address), encoding="utf-8")
    before = snapshot(content)
    assert run(capsys, "importer", str(source)) == (0, (case / "sortie.txt").read_text("utf-8"))
    assert snapshot(content) == before


ITEM = {"date": "2026-11-20", "territoire": "63", "commentaire": "Même message."}
ADDED = '  - date: 2026-11-20\n    territoire: "63"\n    commentaire: "Même message."\n'
HEAD = '---\ntitre: "Un titre de test"\nconstate_le: 2026-09-01\n'


@pytest.mark.parametrize(
    "before, after",
    [
        (
            HEAD + "signalements: []\nauteurs: [Anonyme]\n---\n\nTexte.\n",
            HEAD + "signalements:\n" + ADDED + "auteurs: [Anonyme]\n---\n\nTexte.\n",
        ),
        (
            HEAD + "signalements: []  # à compléter\nauteurs: [Anonyme]\n---\n",
            HEAD + "signalements:  # à compléter\n" + ADDED + "auteurs: [Anonyme]\n---\n",
        ),
        (
            HEAD + "signalements:\n- date: 2026-10-12\n  territoire: 2B # corse\n\nauteurs: "
            "[Anonyme]\n---\n",
            HEAD
            + "signalements:\n- date: 2026-10-12\n  territoire: 2B # corse\n- date: 2026-11-20\n "
            ' territoire: "63"\n  commentaire: "Même message."\n\nauteurs: [Anonyme]\n---\n',
        ),
        (
            HEAD + "auteurs: [Anonyme]\n---\n\nTexte.\n",
            HEAD + "auteurs: [Anonyme]\nsignalements:\n" + ADDED + "---\n\nTexte.\n",
        ),
        (
            HEAD + "signalements: [{date: 2026-10-12}]\n---\n",
            HEAD + 'signalements: [{date: 2026-10-12}, {date: 2026-11-20, territoire: "63", '
            'commentaire: "Même message."}]\n---\n',
        ),
        (
            HEAD.replace("\n", "\r\n") + "signalements:\r\n  - date: 2026-10-12\r\n---\r\n",
            HEAD.replace("\n", "\r\n")
            + "signalements:\r\n  - date: 2026-10-12\r\n"
            + ADDED.replace("\n", "\r\n")
            + "---\r\n",
        ),
        (
            HEAD + "signalements:\nauteurs: [Anonyme]\n---\n",
            HEAD + "signalements:\n" + ADDED + "auteurs: [Anonyme]\n---\n",
        ),
    ],
    ids=[
        "vide",
        "vide-commentee",
        "bloc-sans-retrait",
        "absente",
        "en-ligne",
        "crlf",
        "sans-valeur",
    ],
)
def test_confirmation_is_appended_minimally(before: str, after: str) -> None:
    assert append_confirmation(before, ITEM) == after


def test_confirmation_on_a_file_without_the_key_with_bom_and_crlf(
    content: Path, capsys: pytest.CaptureFixture
) -> None:
    target = content / "dysfonctionnements" / "caf-ancien-bug.md"
    original = target.read_text("utf-8")
    target.write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode("utf-8"))
    form = forms_of(content)["confirmation"]
    source = content.parent / "ticket.md"
    source.write_text(
        issue_body(form, {"dysfonctionnement": "caf-ancien-bug", "date": "2026-06-15"}),
        encoding="utf-8",
    )
    assert run(capsys, "importer", str(source))[0] == 0
    expected = original.replace(
        "exemple: true\n---", "exemple: true\nsignalements:\n  - date: 2026-06-15\n---"
    )
    assert target.read_bytes() == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode("utf-8")


def test_confirmation_for_an_unknown_malfunction_is_refused(
    content: Path, capsys: pytest.CaptureFixture
) -> None:
    source = content.parent / "ticket.md"
    source.write_text(
        (ticket("confirmation-complete"))
        .read_text("utf-8")
        .replace("\n\ncaf-envoi-bloque\n\n", "\n\ncaf-envoi-bloqe\n\n"),
        encoding="utf-8",
    )
    before = snapshot(content)
    code, out = run(capsys, "importer", str(source))
    assert code == 1 and snapshot(content) == before
    assert out.splitlines()[1:3] == [
        "erreur [choix-inconnu] « Dysfonctionnement » : « caf-envoi-bloqe » : dysfonctionnement "
        "inconnu du carnet",
        "  aide : vouliez-vous dire « caf-envoi-bloque » (L'envoi d'un justificatif échoue) ?",
    ]


def test_confirmation_before_the_malfunction_was_seen_is_refused(
    content: Path, capsys: pytest.CaptureFixture
) -> None:
    source = content.parent / "ticket.md"
    source.write_text(
        ticket("confirmation-complete").read_text("utf-8").replace("2026-11-20", "2026-08-01"),
        encoding="utf-8",
    )
    before = snapshot(content)
    code, out = run(capsys, "importer", str(source))
    assert code == 1 and snapshot(content) == before and "[date-ordre] « Date »" in out


# --- « Signaler une erreur »
# -----------------------------------------------------------------------


def test_error_report_with_personal_data_exits_one_and_hides_it(
    content: Path, capsys: pytest.CaptureFixture
) -> None:
    source = content.parent / "ticket.md"
    source.write_text(
        ticket("signalement").read_text("utf-8") + " Appelez-moi au 06 12 34 56 78.",
        encoding="utf-8",
    )
    code, out = run(capsys, "importer", "--format", "markdown", str(source))
    assert (
        code == 1
        and "56 78" not in out
        and "| Précisions | contient un numéro de téléphone |" in out
    )


# --- (a) round trip -------------------------------------------------------------------------------


FRENCH = string.ascii_letters + "àâäçéèêëîïôöùûüÿœæÀÂÇÉÈÊÎÔÙÛŒ '-"
REFS = load_corpus(FIXTURE).referentiels


def french_text(low: int, high: int) -> st.SearchStrategy[str]:
    return (
        st.text(alphabet=FRENCH, min_size=low, max_size=high)
        .map(str.strip)
        .filter(lambda t: low <= len(t) <= high and any(c.isalpha() for c in t))
        # valid answers only: the detectors' own refusals are tested above
        .filter(lambda t: not list(iter_personal_data(t)) and not list(iter_spam(t)))
    )


def item(high: int) -> st.SearchStrategy[str]:
    """A list item: one line, not starting or ending with what marks a bullet."""
    return french_text(1, high).filter(lambda t: t.strip(" -*") == t)


def ids(name: str, low: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(sorted(REFS[name].entries)), min_size=low, unique=True)


ANSWERS = st.fixed_dictionaries(
    {
        "titre": french_text(8, 120),
        "resume": french_text(20, 300),
        "niveau": st.sampled_from(["debutant", "intermediaire", "avance"]),
        "duree_minutes": st.integers(5, 480).map(str),
        "publics": ids("publics"),
        "competences": ids("competences", 1),
        "administrations": ids("administrations"),
        "auteurs": st.lists(item(80), min_size=1, max_size=3, unique=True),
        "situation": french_text(1, 200),
        "etapes": st.lists(item(80), min_size=1, max_size=4),
        "points_de_vigilance": st.lists(item(80), min_size=1, max_size=3),
    }
)


@pytest.fixture(scope="module")
def round_trip_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("aller-retour") / "content"
    shutil.copytree(FIXTURE, root)
    return root


def expected_fiche(answers: dict) -> str:
    """The sheet a fiche's answers must give, written out here rather than asked of the code under
    test.
    """
    front = {
        "titre": answers["titre"],
        "resume": answers["resume"],
        "niveau": answers["niveau"],
        "duree_minutes": int(answers["duree_minutes"]),
        "publics": answers["publics"],
        "competences": answers["competences"],
        "administrations": answers["administrations"],
        "auteurs": answers["auteurs"],
    }
    lines = [
        f"{key}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in front.items()
        if value != []
    ]
    steps = "\n".join(f"{n}. {step}" for n, step in enumerate(answers["etapes"], 1))
    points = "\n".join(f"- {point}" for point in answers["points_de_vigilance"])
    return (
        "---\n" + "\n".join(lines) + f'\ncreee_le: "{TODAY}"\nverifiee_le: "{TODAY}"\n---\n\n'
        f"## Situation\n\n{answers['situation']}\n\n## Étapes\n\n{steps}\n\n## Points de "
        f"vigilance\n\n{points}\n"
    )


def test_expected_fiche_is_a_real_oracle() -> None:
    answers = {
        "titre": "Un titre assez long",
        "resume": "Un résumé d'au moins vingt caractères.",
        "niveau": "avance",
        "duree_minutes": "30",
        "publics": [],
        "competences": ["messagerie"],
        "administrations": ["caf"],
        "auteurs": ["Anonyme"],
        "situation": "Une situation.",
        "etapes": ["Ouvrir", "Fermer"],
        "points_de_vigilance": ["Rester là"],
    }
    assert expected_fiche(answers) == (
        '---\ntitre: "Un titre assez long"\nresume: "Un résumé d\'au moins vingt '
        'caractères."\nniveau: "avance"\nduree_minutes: 30\ncompetences: '
        '["messagerie"]\nadministrations: ["caf"]\nauteurs: ["Anonyme"]\ncreee_le: '
        '"2026-11-23"\nverifiee_le: "2026-11-23"\n---\n\n## Situation\n\nUne '
        "situation.\n\n## Étapes\n\n1. Ouvrir\n2. Fermer\n\n## Points de vigilance\n\n- Rester là\n"
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answers=ANSWERS)
def test_round_trip_through_a_github_issue(answers: dict, round_trip_root: Path) -> None:
    from carnet.contribution.importer import write

    form = forms_of(round_trip_root)["fiche"]
    typed = {
        **answers,
        "etapes": "\r\n".join(answers["etapes"]),
        "points_de_vigilance": "\r\n".join(answers["points_de_vigilance"]),
    }
    outcome = plan_import(issue_body(form, typed), round_trip_root, load_schemas(), TODAY)
    assert outcome.errors == []
    write(outcome)
    try:
        assert outcome.path.read_bytes() == expected_fiche(answers).encode("utf-8")
        doc = next(d for d in load_corpus(round_trip_root).documents if d.path == outcome.path)
        for key in (
            "titre",
            "resume",
            "niveau",
            "publics",
            "competences",
            "administrations",
            "auteurs",
        ):
            assert doc.meta.get(key, []) == answers[key]
        assert doc.meta["duree_minutes"] == int(answers["duree_minutes"])
    finally:
        outcome.path.unlink()


def test_the_file_sent_along_with_the_fields_wins(tmp_path: Path) -> None:
    """The web form adds the whole file to the issue: pre-filled dropdowns or not, nothing is
    lost."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    sent = (
        '---\ntitre: "Déclarer ses revenus en ligne"\nresume: "Accompagner la première '
        "déclaration, "
        'sans faire à la place de la personne."\nniveau: "debutant"\ncompetences: ["messagerie"]\n'
        'auteurs: ["Anonyme"]\ncreee_le: "2026-11-02"\nverifiee_le: "2026-11-02"\n---\n\n## '
        "Situation\n\nUne première déclaration.\n\n## Étapes\n\n1. Se connecter\n2. Vérifier\n\n## "
        "Points de vigilance\n\n- La personne valide.\n"
    )
    body = (
        "### Titre\n\nDéclarer ses revenus en ligne\n\n### Niveau\n\nNone\n\n### "
        "Compétences\n\nNone\n\n"
        f"### Fichier du formulaire du site\n\n```markdown\n{sent}\n```\n"
    )
    outcome = plan_import(body, content, load_schemas(), TODAY)
    assert outcome.errors == []
    assert outcome.path == content.resolve() / "fiches" / "declarer-ses-revenus-en-ligne.md"
    assert outcome.text == sent.replace('"2026-11-02"', '"2026-11-23"')


# --- (g) the bot's public comment is inert
# --------------------------------------------------------------


HOSTILE = [
    "@github/security",
    "![x](https://evil.example/p.png)",
    "[clic](https://evil.example)",
    "<img src=x>",
    "a `b` `` c ``` d",
    "#123",
    "https://evil.example/x",
    "www.evil.example",
    "<https://evil.example>",
    "&#64;github",
    "**gras** _pen_ ~~barré~~",
    "GH-12 et deadbeef1",
    "<!-- x --> <script>alert(1)</script>",
    "ça » @x « et » [y](https://evil.example) «",
    "| cellule | cassée |",
    ":rocket: a@b.example",
]
DETAILS = "<details><summary>Aperçu du fichier</summary>"
OWN_HEADINGS = {
    "## Vérification de votre proposition",
    "## Signalement reçu",
    "### À corriger",
    "### À savoir",
}
# What a rendered comment may contain: no link, image or raw HTML; code only as code.
TAGS = {
    "h2",
    "h3",
    "p",
    "ul",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "pre",
    "strong",
}
LIVE = re.compile(
    r"[@#<>\[\]`&]|://|www\.", re.I
)  # outside code: the starts of a mention, a reference, a link…


class Rendered(HTMLParser):
    """The tags of rendered Markdown, the text outside code, the text of each code element, the
    cells of each row.
    """

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, list]] = []
        self.outside: list[str] = []
        self.code: list[str] = []
        self.rows: list[int] = []
        self.depth = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, attrs))
        self.rows += [0] if tag == "tr" else []
        if tag in ("td", "th"):
            self.rows[-1] += 1
        if tag in ("code", "pre"):
            self.depth += 1
            self.code += [""] if tag == "code" else []

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag in ("code", "pre")

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.code[-1] += data
        else:
            self.outside.append(data)


def assert_inert(comment: str) -> Rendered:
    """The comment, rendered, holds nothing live: only our headings, tables of 2 or 3 cells, code as
    code.
    """
    lines = comment.split("\n")
    assert lines.count(DETAILS) == lines.count("</details>") <= 1  # the preview's wrapper, ours
    before_preview = lines[: lines.index(DETAILS)] if DETAILS in lines else lines
    assert {line for line in before_preview if line.startswith("#")} <= OWN_HEADINGS
    html = markdown.markdown(
        "\n".join(line for line in lines if line not in (DETAILS, "</details>")),
        extensions=["tables", "fenced_code"],
    )
    page = Rendered(html)
    assert {tag for tag, _ in page.tags} <= TAGS, html
    assert all(
        not attrs or (tag, attrs) == ("code", [("class", "language-markdown")])
        for tag, attrs in page.tags
    )
    assert sum(tag in ("h2", "h3") for tag, _ in page.tags) == sum(
        line.startswith("#") for line in before_preview
    )
    assert not LIVE.search("".join(page.outside)), "".join(page.outside)
    assert set(page.rows) <= {2, 3}  # no text broke out of its cell
    return page


@pytest.mark.parametrize("text", HOSTILE)
def test_every_place_a_comment_shows_contributor_text_is_inert(text: str) -> None:
    from carnet.cli.contribution import render_markdown
    from carnet.contribution.importer import Outcome
    from carnet.findings import about_field as Problem

    outcome = Outcome(
        "Signaler une erreur ou une information périmée",
        "signalement",
        problems=[
            Problem(
                f"section « {text} »",
                "choix-inconnu",
                f"« {text} » : ce n'est pas un des choix proposés",
                f"vouliez-vous dire « {text} » ?",
            ),
            Problem(f"« {text} »", "yaml", f"YAML invalide ({text})", text, 3),
            Problem(
                "Précisions",
                "spam-lien",
                f"lien vers {text}, qui n'est ni un service public",
                severity="avertissement",
            ),
        ],
        summary=[
            ("Contenu", f"« {text} » (introuvable)"),
            ("Précisions", f"{text}\n\n{text}\r\n{text}"),
        ],
    )
    page = assert_inert(render_markdown(outcome, Path("content"), False, True))
    quoted = " ".join(text.split()).strip("« »")
    # what was quoted « … » is shown whole, as code (in a table cell GitHub unescapes the pipes)
    assert "ça" in text or quoted in [c.replace("\\|", "|") for c in page.code]


def test_plain_french_stays_plain_text() -> None:
    from carnet.cli.contribution import cell

    assert cell("Impôts : la déclaration (2026) n'est pas « prête » ; l'aide… 100 % à jour !") == (
        "Impôts : la déclaration (2026) n'est pas « `prête` » ; l'aide… 100 % à jour !"
    )
    assert (
        cell("écrire à a@b.example ou voir https://x.example/a|b")
        == "écrire à `a@b.example` ou voir `https://x.example/a\\|b`"
    )
    assert cell("``x`` et `y`") == "``` ``x`` ``` et `` `y` ``"


def write_ticket(content: Path, body: str) -> Path:
    source = content.parent / "ticket.md"
    source.write_text(body, encoding="utf-8")
    return source


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_answers_give_an_inert_comment(
    text: str, content: Path, capsys: pytest.CaptureFixture
) -> None:
    """An unknown choice, an unknown page and free details, as the workflow runs it: nothing goes
    live.
    """
    forms = forms_of(content)
    bodies = [
        issue_body(
            forms["signalement"],
            {"contenu": text, "raison": "erreur", "details": f"Voir {text}\n{text}"},
        ),
        ticket("fiche-minimale")
        .read_text("utf-8")
        .replace("\n\nIntermédiaire\n\n", f"\n\n{text}\n\n"),
    ]
    for body in bodies:
        code, out = run(
            capsys,
            "importer",
            "--verifier",
            "--format",
            "markdown",
            str(write_ticket(content, body)),
        )
        assert code in (0, 1) and out.startswith("## ")
        assert_inert(out)


def test_a_hostile_file_gives_an_inert_comment(
    content: Path, capsys: pytest.CaptureFixture
) -> None:
    """Keys and section titles of a sent file are named in the comment: as code."""
    sent = (FIXTURES / "cas" / "courriel-anecdote" / "courriel.md").read_text("utf-8")
    sent = sent.replace(
        "\n---\n",
        '\n"@github/security [x](https://evil.example)": 1\n---\n\n## #123 <img src=x> @team\n',
        1,
    )
    code, out = run(
        capsys, "importer", "--verifier", "--format", "markdown", str(write_ticket(content, sent))
    )
    assert code == 1 and "`@github/security [x](https://evil.example)`" in out
    assert_inert(out)


def test_the_preview_keeps_contributor_text_in_its_code_block(
    content: Path, capsys: pytest.CaptureFixture
) -> None:
    """A sheet that mentions @someone, #12 and fences of its own: shown in the preview, as code,
    whole.
    """
    situation = "Voir @github/security et #12, puis ```` ``` ```` et ~~~ ; **gras**."
    body = (
        ticket("fiche-minimale")
        .read_text("utf-8")
        .replace(
            "Une personne arrive avec son avis d'imposition et n'a jamais déclaré en ligne.",
            situation,
        )
    )
    code, out = run(
        capsys, "importer", "--verifier", "--format", "markdown", str(write_ticket(content, body))
    )
    assert code == 0 and DETAILS in out
    page = assert_inert(out)
    assert any(situation in text for text in page.code)


# --- (h) the file sent with a form: the form's kind, no YAML tags
# ------------------------------------------


def sent_file(case: str) -> str:
    return next((FIXTURES / "cas" / case / "attendu").rglob("*.md")).read_text("utf-8")


def with_file(name: str, sent: str) -> str:
    """The ticket of a case, its « Fichier du formulaire du site » holding `sent`."""
    body = ticket(name).read_text("utf-8")
    assert body.endswith(EMPTY_FILE_FIELD)
    return body.replace(
        EMPTY_FILE_FIELD, f"### Fichier du formulaire du site\n\n```markdown\n{sent}```\n"
    )


@pytest.mark.parametrize(
    "name, case, line, key, found, wanted, title",
    [
        (
            "fiche-minimale",
            "dysfonctionnement-minimal",
            5,
            "service",
            "un dysfonctionnement",
            "une fiche",
            "Proposer une fiche pratique",
        ),
        (
            "dysfonctionnement-minimal",
            "fiche-complete",
            4,
            "niveau",
            "une fiche",
            "un dysfonctionnement",
            "Signaler un dysfonctionnement",
        ),
        (
            "anecdote-minimale",
            "fiche-minimale",
            4,
            "niveau",
            "une fiche",
            "une anecdote",
            "Raconter une anecdote de terrain",
        ),
    ],
)
def test_a_file_of_another_kind_is_refused(
    name: str,
    case: str,
    line: int,
    key: str,
    found: str,
    wanted: str,
    title: str,
    content: Path,
    capsys: pytest.CaptureFixture,
) -> None:
    before = snapshot(content)
    code, out = run(
        capsys, "importer", str(write_ticket(content, with_file(name, sent_file(case))))
    )
    assert code == 1 and snapshot(content) == before
    assert out == (
        f"Reçu : fichier de contenu\nerreur [fichier-autre-type] « Fichier du formulaire du site » "
        f"(ligne {line}) : ce fichier décrit {found} (clé « {key} ») : ce ticket, ouvert avec le "
        f"formulaire « {title} », attend {wanted}\n  aide : recopiez le fichier produit par le "
        f"formulaire « {title} » du site, ou ouvrez le ticket avec le formulaire qui correspond à "
        f"{found}\nRien n'a été écrit : 1 erreur à corriger.\n"
    )


def test_a_file_mixing_kinds_is_refused(content: Path, capsys: pytest.CaptureFixture) -> None:
    sent = sent_file("fiche-minimale").replace(
        'niveau: "intermediaire"\n', 'niveau: "intermediaire"\ngravite: "bloquant"\n'
    )
    assert "gravite" in sent
    code, out = run(
        capsys,
        "importer",
        "--verifier",
        str(write_ticket(content, with_file("fiche-minimale", sent))),
    )
    assert code == 1
    assert out.splitlines()[1] == (
        "erreur [fichier-types-meles] « Fichier du formulaire du site » (ligne 4) : l'en-tête mêle "
        "les clés de plusieurs types de contenu : « niveau » (fiche), « gravite » "
        "(dysfonctionnement)"
    )


def test_a_theme_sent_with_a_sheet_form_is_refused(
    content: Path, capsys: pytest.CaptureFixture
) -> None:
    sent = '---\ntitre: "Un thème du mois"\nselection: []\n---\n'
    code, out = run(
        capsys,
        "importer",
        "--verifier",
        str(write_ticket(content, with_file("fiche-minimale", sent))),
    )
    assert code == 1 and "ce fichier décrit un thème (clé « selection ») : ce ticket" in out


TAGS_IN_YAML = [
    ('resume: !!python/object/apply:os.system ["echo gagné"]', "!!python/object/apply:os.system"),
    ("resume: !include resume.yml", "!include"),
    ('resume: !!python/name:str "x"', "!!python/name:str"),
    ('resume: !x:str "Un résumé assez long pour être accepté."', "!x:str"),
    ('resume: !!str "Un résumé assez long pour être accepté."', "!!str"),
    ("resume: !<tag:yaml.org,2002:str> Un résumé assez long pour être accepté.", "!!str"),
    ("auteurs: !!set {Anonyme}", "!!set"),
    ("auteurs: !liste\n  - Anonyme", "!liste"),
]


@pytest.mark.parametrize("line, tag", TAGS_IN_YAML, ids=[t for _, t in TAGS_IN_YAML])
@pytest.mark.parametrize("how", ["ticket", "courriel"])
def test_yaml_tags_are_refused_at_their_line(
    line: str, tag: str, how: str, content: Path, capsys: pytest.CaptureFixture
) -> None:
    """The web form never writes a tag: any `!…` in the front matter is refused, the file is not
    written.
    """
    sent = sent_file("fiche-minimale")
    key = line.split(":", 1)[0]
    lines = sent.split("\n")
    at = next(i for i, text in enumerate(lines) if text.startswith(f"{key}:"))
    sent = "\n".join(lines[:at] + [line] + lines[at + 1 :])
    source = write_ticket(content, with_file("fiche-minimale", sent) if how == "ticket" else sent)
    before = snapshot(content)
    for fmt in ("text", "markdown"):
        code, out = run(capsys, "importer", "--format", fmt, str(source))
        assert code == 1 and snapshot(content) == before
        assert "Conforme au modèle" not in out.replace("Pas encore conforme au modèle", "")
    code, out = run(capsys, "importer", str(source))
    assert out.splitlines()[1:3] == [
        f"erreur [etiquette-yaml] « en-tête » (ligne {at + 1}) : étiquette YAML « {tag} » refusée",
        "  aide : retirez le « ! » ou « !! » et ce qui le suit : le formulaire du site n'en écrit "
        "jamais",
    ]


# --- (i) reserved names
# ----------------------------------------------------------------------------------


def test_a_title_that_slugifies_to_index_never_takes_the_listing(
    content: Path, capsys: pytest.CaptureFixture
) -> None:
    """« Index !!! » would give index.md, the address of the folder's listing: it counts as
    taken."""
    body = (
        ticket("fiche-minimale")
        .read_text("utf-8")
        .replace("Accompagner une première déclaration de revenus", "Index !!!")
    )
    code, out = run(capsys, "importer", str(write_ticket(content, body)))
    assert code == 0 and "Créé : content/fiches/index-2.md" in out
    assert not (content / "fiches" / "index.md").exists()
    sent = sent_file("anecdote-complete").replace(
        'titre: "Le cahier des codes sur le bureau"', 'titre: "INDEX !!! ???"'
    )
    code, out = run(capsys, "importer", str(write_ticket(content, sent)))
    assert (
        code == 0 and "Créé : content/anecdotes/index-3.md" in out
    )  # ids are unique across folders


@pytest.mark.parametrize(
    "kind, title, name",
    [
        ("fiche", "Index", "index-2.md"),
        ("dysfonctionnement", "index", "index-2.md"),
        ("page", "Tableau de bord", "tableau-de-bord-2.md"),
        ("page", "API", "api-2.md"),
        ("page", "404", "404-2.md"),
        ("fiche", "Proposer", "proposer.md"),
        ("fiche", "Tableau de bord", "tableau-de-bord.md"),
    ],
)
def test_reserved_ids_are_skipped(kind: str, title: str, name: str, content: Path) -> None:
    """`index` in every folder; the generated pages' addresses for free pages only (a sheet lives
    under /fiches/).
    """
    assert free_path(load_corpus(content), kind, title).name == name
