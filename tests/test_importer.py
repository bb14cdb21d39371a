"""`carnet importer`: issue bodies and generated files become checked content files, or nothing at all."""

from __future__ import annotations

import shutil
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carnet.cli import main
from carnet.content import load_corpus
from carnet.forms import Form, all_forms, render_content
from carnet.frontmatter import parse_yaml, split
from carnet.importer import append_confirmation, free_path, plan_import
from carnet.issue_forms import option_labels
from carnet.personal_data import iter_personal_data
from carnet.schemas import load_schemas
from carnet.spam import iter_spam
from conftest import FIXTURE, TODAY

FIXTURES = Path(__file__).parent / "import_fixtures"
TICKETS = FIXTURES / "tickets"
EXPECTED = FIXTURES / "attendus"
WRITTEN = {"fiche": "fiches/aider-a-creer-son-espace-caf.md", "anecdote": "anecdotes/le-cahier-des-codes-sur-le-bureau.md",
           "dysfonctionnement": "dysfonctionnements/le-simulateur-de-droits-ne-s-affiche-pas.md",
           "confirmation": "dysfonctionnements/caf-envoi-bloque.md"}


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURE, tmp_path / "content")
    return tmp_path / "content"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def forms_of(root: Path) -> dict[str, Form]:
    return {form.kind: form for form in all_forms(load_corpus(root), load_schemas())}


def issue_body(form: Form, answers: dict[str, object]) -> str:
    """An issue body exactly as GitHub writes it from an issue form's answers."""
    parts = []
    for f in form.fields:
        value = answers.get(f.id)
        labels = dict(option_labels(f))
        if f.kind == "consent":
            text = f"- [{'X' if value else ' '}] {f.help}"
        elif f.kind in ("choice", "choices") and labels:
            chosen = value if isinstance(value, list) else [value] if value else []
            text = ", ".join(labels[ident] for ident in chosen)
        else:
            text = "\n".join(value) if isinstance(value, list) else str(value or "")
        parts.append(f"### {f.label}\n\n{text or '_No response_'}")
    return "\n\n".join(parts)


# --- (b) real issue bodies and (g) an e-mailed file -------------------------------------------------


@pytest.mark.parametrize("kind", list(WRITTEN))
def test_issue_bodies_as_github_renders_them(kind: str, content: Path, capsys: pytest.CaptureFixture) -> None:
    before = snapshot(content)
    code, out = run(capsys, "importer", str(TICKETS / f"{kind}.md"))
    assert code == 0, out
    after = snapshot(content)
    assert {name for name in after if after[name] != before.get(name)} == {WRITTEN[kind]}
    assert (content / WRITTEN[kind]).read_text("utf-8") == (EXPECTED / f"{kind}.md").read_text("utf-8")
    assert run(capsys, "check", "--content", str(content), str(content / WRITTEN[kind]))[0] == 0


def test_fiche_output_says_what_was_written_and_what_next(content: Path, capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, "importer", str(TICKETS / "fiche.md"))
    path = "content/fiches/aider-a-creer-son-espace-caf.md"
    assert (code, out) == (0, "Reçu : Proposer une fiche pratique\n"
                              f"Créé : {path}\n"
                              f"Étape suivante : relisez le fichier, vérifiez-le avec « carnet check {path} », "
                              "puis proposez-le en demande de fusion (pull request).\n")


def test_emailed_generated_file_imports_with_todays_dates(content: Path, capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, "importer", str(FIXTURES / "courriel" / "anecdote.md"))
    assert code == 0, out
    written = content / "anecdotes" / "une-anecdote-envoyee-par-courriel.md"
    assert written.read_text("utf-8") == (EXPECTED / "courriel.md").read_text("utf-8")
    assert f'creee_le: "{TODAY.isoformat()}"' in written.read_text("utf-8")


def test_emailed_file_from_standard_input(content: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    data = (FIXTURES / "courriel" / "anecdote.md").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert run(capsys, "importer", "-")[0] == 0
    assert (content / "anecdotes" / "une-anecdote-envoyee-par-courriel.md").exists()


def test_file_of_unknown_kind_is_refused(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = tmp_path / "theme.md"
    source.write_text('---\ntitre: "Un thème du mois"\nselection: []\n---\n', encoding="utf-8")
    code, out = run(capsys, "importer", str(source))
    assert code == 1 and "[type-inconnu]" in out and "Rien n'a été écrit" in out


def test_verifier_writes_nothing_and_previews_the_file(content: Path, capsys: pytest.CaptureFixture) -> None:
    before = snapshot(content)
    code, out = run(capsys, "importer", "--verifier", "--format", "markdown", str(TICKETS / "dysfonctionnement.md"))
    assert code == 0 and snapshot(content) == before
    expected = (EXPECTED / "dysfonctionnement.md").read_text("utf-8")
    assert out == ("## Vérification de votre proposition\n\nReçu : **Signaler un dysfonctionnement**.\n\n"
                   "- ✅ Aucune donnée personnelle\n- ✅ Aucun code HTML actif\n"
                   "- ✅ Rien qui ressemble à un message indésirable\n"
                   "- ✅ Conforme au modèle du carnet (champs, référentiels, dates)\n\n"
                   "Tout est en ordre : un animateur peut intégrer la proposition (étiquette « à intégrer ») ; l'import "
                   "créera le fichier `content/dysfonctionnements/le-simulateur-de-droits-ne-s-affiche-pas.md`.\n\n"
                   "<details><summary>Aperçu du fichier</summary>\n\n````markdown\n" + expected.rstrip("\n") +
                   "\n````\n\n</details>\n")


def test_markdown_after_writing_for_the_workflow(content: Path, capsys: pytest.CaptureFixture) -> None:
    code, out = run(capsys, "importer", "--format", "markdown", str(TICKETS / "confirmation.md"))
    assert code == 0 and out.endswith("\n\nFichier écrit : `content/dysfonctionnements/caf-envoi-bloque.md`.\n")


def test_workflow_never_puts_the_issue_in_a_command() -> None:
    import yaml

    from conftest import REPO

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "contribution.yml").read_text("utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    assert all("github.event" not in step.get("run", "") for step in steps)
    assert sum(step.get("env", {}).get("CORPS") == "${{ github.event.issue.body }}" for step in steps) == 2
    assert [s["uses"] for s in steps if "create-pull-request" in s.get("uses", "")] == ["peter-evans/create-pull-request@v7"]


def test_unrecognised_text(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = tmp_path / "ticket.md"
    source.write_text("Bonjour, voici ma fiche : …", encoding="utf-8")
    code, out = run(capsys, "importer", "--verifier", str(source))
    assert code == 1 and "[formulaire-inconnu]" in out


def test_missing_file_is_a_usage_error(content: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["importer", "absent.md"]) == 2
    assert "fichier introuvable : absent.md" in capsys.readouterr().err


# --- (c) spam -----------------------------------------------------------------------------------------


SPAM = sorted((FIXTURES / "spam").glob("*.txt"))
LEGITIMATE = sorted((FIXTURES / "legitime").glob("*.txt"))


@pytest.mark.parametrize("path", SPAM, ids=lambda p: p.stem)
def test_seed_spam_comments_are_flagged(path: Path, content: Path, capsys: pytest.CaptureFixture) -> None:
    text = path.read_text("utf-8")
    assert {m.code for m in iter_spam(text)} & {"spam-anglais", "spam-lien", "spam-formulation"}
    form = forms_of(content)["confirmation"]
    body = issue_body(form, {"dysfonctionnement": "caf-envoi-bloque", "date": "2026-11-20", "commentaire": text})
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
        ("spam-lien", "lien vers « gosloto.co », qui n'est ni un service public ni une source officielle"),
        ("spam-formulation", "formulation typique des messages indésirables (« results », « kindly »)"),
        ("spam-lien", "lien vers « greecepowerballresults.org », qui n'est ni un service public ni une source officielle")]


@pytest.mark.parametrize("path", LEGITIMATE, ids=lambda p: p.stem)
def test_french_comments_of_the_same_seed_are_not_spam(path: Path) -> None:
    assert list(iter_spam(path.read_text("utf-8"))) == []


@pytest.mark.parametrize("text", [
    "Voir https://www.impots.gouv.fr/accueil et https://www.service-public.fr/particuliers",
    "Une arnaque aux cryptos : la personne croyait gagner de l'argent.",
    "Le fichier justificatif.pdf et la photo.jpg, envoyés depuis www.caf.fr",
    "Licence https://creativecommons.org/licenses/by-sa/4.0/"])
def test_official_sources_and_french_words_are_fine(text: str) -> None:
    assert list(iter_spam(text, ("caf.fr",))) == []


def test_weak_words_count_only_next_to_another_signal() -> None:
    assert [m.code for m in iter_spam("Gagnez au casino sur https://casino-royal.example.com")] == ["spam-formulation", "spam-lien"]


# --- (d) personal data ----------------------------------------------------------------------------


FIELDS = ["titre", "resume", "prerequis", "mots_cles", "liens", "auteurs", "situation", "etapes", "points_de_vigilance"]
PERSONAL = {"telephone": ("Rappeler au 06 12 34 56 78", "contient un numéro de téléphone", "34 56 78"),
            "email": ("Écrire à jeanne.martin@gmail.com", "contient une adresse e-mail", "jeanne.martin"),
            "secret": ("mot de passe : Soleil2024!", "contient un mot de passe ou un code écrit en clair", "Soleil2024")}
VALID = {"titre": "Aider à créer son espace CAF", "resume": "Créer l'espace personnel sur le site de la CAF, pas à pas.",
         "niveau": "debutant", "competences": ["messagerie"], "auteurs": ["Anonyme"], "situation": "Une situation.",
         "etapes": ["Ouvrir le site.", "Se connecter."], "points_de_vigilance": ["Rester à côté."]}


@pytest.mark.parametrize("key", FIELDS)
@pytest.mark.parametrize("what", list(PERSONAL))
def test_personal_data_in_any_field_writes_nothing(key: str, what: str, content: Path, capsys: pytest.CaptureFixture) -> None:
    form = forms_of(content)["fiche"]
    data, message, secret = PERSONAL[what]
    answers = {**VALID, key: f"{data} | https://www.caf.fr/" if key == "liens" else data}
    source = content.parent / "ticket.md"
    source.write_text(issue_body(form, answers), encoding="utf-8")
    before = snapshot(content)
    label = next(f.label for f in form.fields if f.id == key)
    for fmt, expected in (("text", f"« {label} » : {message}"), ("markdown", f"| {label} | {message} |")):
        code, out = run(capsys, "importer", "--format", fmt, str(source))
        assert code == 1 and snapshot(content) == before
        assert expected in out
        assert secret not in out  # the bot never repeats the data it refuses


# --- (e) collisions -------------------------------------------------------------------------------


def test_a_taken_slug_gets_a_distinct_one(content: Path, capsys: pytest.CaptureFixture) -> None:
    assert run(capsys, "importer", str(TICKETS / "fiche.md"))[0] == 0
    first = (content / "fiches" / "aider-a-creer-son-espace-caf.md").read_bytes()
    code, out = run(capsys, "importer", str(TICKETS / "fiche.md"))
    assert code == 0 and "Créé : content/fiches/aider-a-creer-son-espace-caf-2.md" in out
    assert (content / "fiches" / "aider-a-creer-son-espace-caf.md").read_bytes() == first
    assert run(capsys, "importer", str(TICKETS / "fiche.md"))[1].count("aider-a-creer-son-espace-caf-3.md") == 2


def test_ids_of_other_kinds_and_long_titles_count(content: Path) -> None:
    corpus = load_corpus(content)
    assert free_path(corpus, "fiche", "Trois adresses").name == "trois-adresses-2.md"  # an anecdote's id
    assert free_path(corpus, "fiche", "Mot de passe").name == "mot-de-passe-2.md"
    long_title = "Un titre très long " * 6
    (content / "fiches" / (free_path(corpus, "fiche", long_title).name)).write_text("x", encoding="utf-8")
    second = free_path(load_corpus(content), "fiche", long_title).stem
    assert len(second) <= 80 and second.endswith("-2")


# --- (f) « Je l'ai vu aussi » ------------------------------------------------------------------------


ITEM = {"date": "2026-11-20", "territoire": "63", "commentaire": "Même message."}
ADDED = '  - date: 2026-11-20\n    territoire: "63"\n    commentaire: "Même message."\n'
HEAD = "---\ntitre: \"Un titre de test\"\nconstate_le: 2026-09-01\n"


@pytest.mark.parametrize("before, after", [
    (HEAD + "signalements: []\nauteurs: [Anonyme]\n---\n\nTexte.\n",
     HEAD + "signalements:\n" + ADDED + "auteurs: [Anonyme]\n---\n\nTexte.\n"),
    (HEAD + "signalements: []  # à compléter\nauteurs: [Anonyme]\n---\n",
     HEAD + "signalements:  # à compléter\n" + ADDED + "auteurs: [Anonyme]\n---\n"),
    (HEAD + "signalements:\n- date: 2026-10-12\n  territoire: 2B # corse\n\nauteurs: [Anonyme]\n---\n",
     HEAD + "signalements:\n- date: 2026-10-12\n  territoire: 2B # corse\n- date: 2026-11-20\n  territoire: \"63\"\n"
            "  commentaire: \"Même message.\"\n\nauteurs: [Anonyme]\n---\n"),
    (HEAD + "auteurs: [Anonyme]\n---\n\nTexte.\n", HEAD + "auteurs: [Anonyme]\nsignalements:\n" + ADDED + "---\n\nTexte.\n"),
    (HEAD + "signalements: [{date: 2026-10-12}]\n---\n",
     HEAD + 'signalements: [{date: 2026-10-12}, {date: 2026-11-20, territoire: "63", commentaire: "Même message."}]\n---\n'),
    (HEAD.replace("\n", "\r\n") + "signalements:\r\n  - date: 2026-10-12\r\n---\r\n",
     HEAD.replace("\n", "\r\n") + "signalements:\r\n  - date: 2026-10-12\r\n" + ADDED.replace("\n", "\r\n") + "---\r\n"),
    (HEAD + "signalements:\nauteurs: [Anonyme]\n---\n", HEAD + "signalements:\n" + ADDED + "auteurs: [Anonyme]\n---\n"),
], ids=["vide", "vide-commentee", "bloc-sans-retrait", "absente", "en-ligne", "crlf", "sans-valeur"])
def test_confirmation_is_appended_minimally(before: str, after: str) -> None:
    assert append_confirmation(before, ITEM) == after


def test_confirmation_through_the_command_keeps_the_rest_byte_for_byte(content: Path, capsys: pytest.CaptureFixture) -> None:
    target = content / "dysfonctionnements" / "caf-envoi-bloque.md"
    before = target.read_text("utf-8")
    assert run(capsys, "importer", str(TICKETS / "confirmation.md"))[0] == 0
    inserted = '  - date: 2026-11-20\n    territoire: "63"\n    commentaire: "Même message d\'erreur avec un PDF de 3 Mo."\n'
    assert target.read_text("utf-8") == before.replace("signale_a:\n", inserted + "signale_a:\n")


def test_confirmation_on_a_file_without_the_key_with_bom_and_crlf(content: Path, capsys: pytest.CaptureFixture) -> None:
    target = content / "dysfonctionnements" / "caf-ancien-bug.md"
    original = target.read_text("utf-8")
    target.write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode("utf-8"))
    form = forms_of(content)["confirmation"]
    source = content.parent / "ticket.md"
    source.write_text(issue_body(form, {"dysfonctionnement": "caf-ancien-bug", "date": "2026-06-15"}), encoding="utf-8")
    assert run(capsys, "importer", str(source))[0] == 0
    expected = original.replace("exemple: true\n---", "exemple: true\nsignalements:\n  - date: 2026-06-15\n---")
    assert target.read_bytes() == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode("utf-8")


def test_confirmation_for_an_unknown_malfunction_is_refused(content: Path, capsys: pytest.CaptureFixture) -> None:
    source = content.parent / "ticket.md"
    source.write_text((TICKETS / "confirmation.md").read_text("utf-8").replace(
        "L'envoi d'un justificatif échoue", "caf-envoi-bloqe"), encoding="utf-8")
    before = snapshot(content)
    code, out = run(capsys, "importer", str(source))
    assert code == 1 and snapshot(content) == before
    assert out.splitlines()[1:3] == [
        "erreur [choix-inconnu] « Dysfonctionnement » : « caf-envoi-bloqe » : dysfonctionnement inconnu du carnet",
        "  aide : vouliez-vous dire « caf-envoi-bloque » ?"]


def test_confirmation_before_the_malfunction_was_seen_is_refused(content: Path, capsys: pytest.CaptureFixture) -> None:
    source = content.parent / "ticket.md"
    source.write_text((TICKETS / "confirmation.md").read_text("utf-8").replace("2026-11-20", "2026-08-01"), encoding="utf-8")
    before = snapshot(content)
    code, out = run(capsys, "importer", str(source))
    assert code == 1 and snapshot(content) == before and "[date-ordre] « Date »" in out


# --- « Signaler une erreur » -----------------------------------------------------------------------


def test_error_report_writes_nothing_and_summarises(content: Path, capsys: pytest.CaptureFixture) -> None:
    before = snapshot(content)
    code, out = run(capsys, "importer", str(TICKETS / "signalement.md"))
    assert code == 0 and snapshot(content) == before
    assert out == ("Reçu : Signaler une erreur ou une information périmée\n"
                   "Contenu : content/fiches/mot-de-passe.md — « Construire un mot de passe solide »\n"
                   "Raison : L'information est périmée\n"
                   "Précisions : La CNIL recommande maintenant 12 caractères au moins : "
                   "https://www.cnil.fr/fr/mots-de-passe-une-nouvelle-recommandation\n"
                   "Rien n'est écrit dans le carnet : à vérifier par un animateur, qui corrige le contenu concerné.\n")


def test_error_report_with_personal_data_exits_one_and_hides_it(content: Path, capsys: pytest.CaptureFixture) -> None:
    source = content.parent / "ticket.md"
    source.write_text((TICKETS / "signalement.md").read_text("utf-8") + " Appelez-moi au 06 12 34 56 78.", encoding="utf-8")
    code, out = run(capsys, "importer", "--format", "markdown", str(source))
    assert code == 1 and "56 78" not in out and "| Précisions | contient un numéro de téléphone |" in out


# --- (a) round trip -------------------------------------------------------------------------------


FRENCH = string.ascii_letters + "àâäçéèêëîïôöùûüÿœæÀÂÇÉÈÊÎÔÙÛŒ '-"
REFS = load_corpus(FIXTURE).referentiels


def french_text(low: int, high: int) -> st.SearchStrategy[str]:
    return (st.text(alphabet=FRENCH, min_size=low, max_size=high).map(str.strip)
            .filter(lambda t: low <= len(t) <= high and any(c.isalpha() for c in t))
            # valid answers only: the detectors' own refusals are tested above
            .filter(lambda t: not list(iter_personal_data(t)) and not list(iter_spam(t))))


def item(high: int) -> st.SearchStrategy[str]:
    """A list item: one line, not starting or ending with what marks a bullet."""
    return french_text(1, high).filter(lambda t: t.strip(" -*") == t)


def ids(name: str, low: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(sorted(REFS[name].entries)), min_size=low, unique=True)


ANSWERS = st.fixed_dictionaries({
    "titre": french_text(8, 120), "resume": french_text(20, 300), "niveau": st.sampled_from(["debutant", "intermediaire", "avance"]),
    "duree_minutes": st.integers(5, 480).map(str), "publics": ids("publics"), "competences": ids("competences", 1),
    "administrations": ids("administrations"), "auteurs": st.lists(item(80), min_size=1, max_size=3, unique=True),
    "situation": french_text(1, 200), "etapes": st.lists(item(80), min_size=1, max_size=4),
    "points_de_vigilance": st.lists(item(80), min_size=1, max_size=3)})


@pytest.fixture(scope="module")
def round_trip_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("aller-retour") / "content"
    shutil.copytree(FIXTURE, root)
    return root


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(answers=ANSWERS)
def test_round_trip_through_a_github_issue(answers: dict, round_trip_root: Path) -> None:
    from carnet.importer import write

    form = forms_of(round_trip_root)["fiche"]
    answers = {**answers, "etapes": "\n".join(answers["etapes"]), "points_de_vigilance": "\n".join(answers["points_de_vigilance"])}
    outcome = plan_import(issue_body(form, answers), round_trip_root, load_schemas(), TODAY)
    assert outcome.errors == []
    write(outcome)
    try:
        doc = next(d for d in load_corpus(round_trip_root).documents if d.path == outcome.path)
        parts, _ = split(render_content(form, answers, TODAY), "attendu")
        assert doc.meta == parse_yaml(parts.front, "attendu", 2).value
        for key in ("titre", "resume", "niveau", "publics", "competences", "administrations", "auteurs"):
            assert doc.meta.get(key, []) == answers[key]
        assert doc.meta["duree_minutes"] == int(answers["duree_minutes"])
        assert outcome.path.read_text("utf-8") == render_content(form, answers, TODAY)
    finally:
        outcome.path.unlink()


def test_the_file_sent_along_with_the_fields_wins(tmp_path: Path) -> None:
    """The web form adds the whole file to the issue: pre-filled dropdowns or not, nothing is lost."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    text = ('---\ntitre: "Déclarer ses revenus en ligne"\nresume: "Accompagner la première déclaration, '
            'sans faire à la place de la personne."\nniveau: "debutant"\ncompetences: ["messagerie"]\n'
            'auteurs: ["Anonyme"]\ncreee_le: "2026-11-23"\nverifiee_le: "2026-11-23"\n---\n\n## Situation\n\n'
            "Une première déclaration.\n\n## Étapes\n\n1. Se connecter\n2. Vérifier\n\n## Points de vigilance\n\n"
            "- La personne valide.\n")
    body = ("### Titre\n\nDéclarer ses revenus en ligne\n\n### Compétences\n\n_No response_\n\n"
            f"### Fichier du formulaire du site\n\n```markdown\n{text}```\n")
    outcome = plan_import(body, content, load_schemas(), TODAY)
    assert outcome.errors == []
    assert outcome.path == content.resolve() / "fiches" / "declarer-ses-revenus-en-ligne.md"
    assert outcome.text == text
