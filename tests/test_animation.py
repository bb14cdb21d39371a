"""The facilitators' commands: `carnet revue`, `carnet rapport` and `carnet lettre`, « today » being
2026-11-23.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from carnet.cli.main import main
from carnet.facilitation.admin_report import (
    build_admin_report,
    flatten,
    render_report_csv,
    render_report_markdown,
    territory_key,
)
from carnet.facilitation.newsletter import (
    build_letter,
    load_site_config,
    render_letter_html,
    render_letter_markdown,
    site_url_of,
)
from carnet.facilitation.review import build_review, typo
from carnet.model.content import load_corpus
from carnet.model.month import MonthChanges
from conftest import CASES, FIXTURE, REPO, TODAY

ANIMATION = Path(__file__).parent / "animation_fixture" / "content"
C = "tests/animation_fixture/content"


def nb(text: str) -> str:
    """Expected outputs are written with « ~ » for a no-break space and « ^ » for a narrow one."""
    return text.replace("~", "\u00a0").replace("^", "\u202f")


@pytest.fixture(autouse=True)
def at_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in the reports are relative to the working folder: run from the project's root."""
    monkeypatch.chdir(REPO)


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- carnet revue
# -------------------------------------------------------------------------------------------

REVUE_TEXT = nb(f"""\
{C}/fiches/vieille-fiche.md~: fiche vérifiée le 23~mai~2025 (échéance 23~novembre~2025), fraîcheur 0,33 — «~Une fiche vérifiée il y a longtemps~» (Sacha) https://carnet.example.org/reseau/fiches/vieille-fiche/
{C}/fiches/mot-de-passe.md~: fiche vérifiée le 1er~mars~2026 (échéance 1er~septembre~2026), fraîcheur 0,85 — «~Construire un mot de passe solide~» (Équipe Carnet, Anonyme) https://carnet.example.org/reseau/fiches/mot-de-passe/
{C}/dysfonctionnements/caf-session-expiree.md~: dysfonctionnement vérifié le 1er~avril~2026 (échéance 1er~octobre~2026), fraîcheur 0,90 — «~La session expire avant l'envoi~» (Une conseillère numérique) https://carnet.example.org/reseau/dysfonctionnements/caf-session-expiree/
3~contenus à revérifier sur 8 (dernière vérification il y a plus de 6~mois).
""")

REVUE_MARKDOWN = nb(f"""\
# Contenus à revérifier

Au 23~novembre~2026~: 3~contenus à revérifier sur 8 (dernière vérification il y a plus de 6~mois).

| Fraîcheur | Dernière vérification | À revérifier le | Type | Contenu | Auteurs | Fichier |
|---:|---|---|---|---|---|---|
| 0,33 | 23~mai~2025 | 23~novembre~2025 | fiche | [Une fiche vérifiée il y a longtemps](https://carnet.example.org/reseau/fiches/vieille-fiche/) | Sacha | `{C}/fiches/vieille-fiche.md` |
| 0,85 | 1er~mars~2026 | 1er~septembre~2026 | fiche | [Construire un mot de passe solide](https://carnet.example.org/reseau/fiches/mot-de-passe/) | Équipe Carnet, Anonyme | `{C}/fiches/mot-de-passe.md` |
| 0,90 | 1er~avril~2026 | 1er~octobre~2026 | dysfonctionnement | [La session expire avant l'envoi](https://carnet.example.org/reseau/dysfonctionnements/caf-session-expiree/) | Une conseillère numérique | `{C}/dysfonctionnements/caf-session-expiree.md` |
""")


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_revue_of_an_empty_folder_does_not_say_all_is_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture, fmt: str
) -> None:
    """A wrong --content or a network just starting: « tout a été vérifié » would be untrue."""
    (tmp_path / "content").mkdir()
    code, out, _ = run(capsys, "revue", "--content", str(tmp_path / "content"), "--format", fmt)
    assert code == 0 and out.endswith(
        nb("ucune fiche ni aucun dysfonctionnement dans ce dossier~: rien à revérifier.\n")
    )


@pytest.mark.parametrize("fmt, expected", [("text", REVUE_TEXT), ("markdown", REVUE_MARKDOWN)])
def test_revue_whole_output(capsys: pytest.CaptureFixture, fmt: str, expected: str) -> None:
    assert run(capsys, "revue", "--content", C, "--format", fmt) == (0, expected, "")


def test_revue_json_is_stable(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "revue", "--content", C, "--format", "json")
    data = json.loads(out)
    assert code == 0 and (data["aujourdhui"], data["examines"], data["dans_jours"]) == (
        "2026-11-23",
        8,
        0,
    )
    assert [(r["id"], r["type"], r["verifiee_le"], r["fraicheur"]) for r in data["a_revoir"]] == [
        ("vieille-fiche", "fiche", "2025-05-23", 0.332),
        ("mot-de-passe", "fiche", "2026-03-01", 0.848),
        ("caf-session-expiree", "dysfonctionnement", "2026-04-01", 0.905),
    ]
    assert list(data["a_revoir"][0]) == [
        "chemin",
        "type",
        "id",
        "titre",
        "verifiee_le",
        "fraicheur",
        "auteurs",
        "echeance",
        "administrations",
        "adresse",
    ]
    assert (data["a_revoir"][0]["echeance"], data["a_revoir"][0]["adresse"]) == (
        "2025-11-23",
        "https://carnet.example.org/reseau/fiches/vieille-fiche/",
    )
    assert data["a_revoir"][1]["auteurs"] == ["Équipe Carnet", "Anonyme"]


def _one_sheet(tmp_path: Path, verified: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CASES / "_referentiels", content / "referentiels")
    (content / "fiches").mkdir()
    (content / "fiches" / "une-fiche.md").write_text(
        f'---\ntitre: "Une fiche de test"\nresume: "Un résumé assez long pour la fiche."\nniveau: '
        f"debutant\n"
        f"competences: [messagerie]\nauteurs: [Anonyme]\ncreee_le: 2024-01-01\nverifiee_le: "
        f"{verified}\n---\n",
        encoding="utf-8",
    )
    return content


@pytest.mark.parametrize(
    "verified, freshness",
    [
        ("2026-11-23", None),  # checked today
        ("2026-05-23", None),  # exactly 6 months: still fresh
        ("2026-05-22", 0.998),  # one day more: to check again
        ("2025-05-23", 0.332),
        ("2024-11-23", 0.0),  # 2 years: freshness 0, still listed
        ("2024-01-01", 0.0),
    ],
)
def test_review_threshold(tmp_path: Path, verified: str, freshness: float | None) -> None:
    items = build_review(load_corpus(_one_sheet(tmp_path, verified)), TODAY)
    assert [round(i.fraicheur, 3) for i in items] == ([] if freshness is None else [freshness])


def test_revue_nothing_to_check(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content = _one_sheet(tmp_path, "2026-11-01")
    assert run(capsys, "revue", "--content", str(content)) == (
        0,
        nb("Aucun contenu à revérifier sur 1~: tout a été vérifié il y a moins de 6 mois.\n"),
        "",
    )


# --- carnet rapport
# -----------------------------------------------------------------------------------------

RAPPORT_CAF = nb("""\
# Dysfonctionnements en cours~: Caisse d'allocations familiales (CAF)

Au 23~novembre~2026, le réseau des médiateurs numériques relève 2~dysfonctionnements actifs ou contournés sur \
les services en ligne de l'administration «~Caisse d'allocations familiales~». Ce rapport est destiné à son canal \
officiel de signalement.

**Canal officiel de signalement**~: Messagerie de l'espace «~Mon compte~»^; téléphone 3230. \
Adresse~: <https://www.caf.fr/contact>

**Attention**~: 1~dysfonctionnement marqué «~(exemple)~» est un exemple fictif du carnet~: ne le transmettez pas.

| Dysfonctionnement | Statut | Gravité | Confirmations | Territoires | Constaté le | Vu pour la dernière fois | Déjà signalé à |
|---|---|---|---:|---|---|---|---|
| Le dépôt d'un justificatif échoue | Actif | Bloquant | 2 | 2B, 63 | 3~novembre~2026 | 15~novembre~2026 \
| Services Publics+ (12~novembre~2026, réf. SP-1234) |
| La session expire avant l'envoi (exemple) | Contourné | Gênant | 3 | 03, 87 | 15~mars~2026 | 10~avril~2026 | pas encore |

## Le dépôt d'un justificatif échoue

- Service~: Dépôt d'un justificatif
- Adresse~: <https://www.caf.fr/allocataires/mon-compte>
- Statut~: Actif^; gravité~: bloquant
- Constaté le 3~novembre~2026^; vu pour la dernière fois le 15~novembre~2026
- Confirmations du terrain~: 2 (territoires~: 2B, 63)
- Déjà signalé à~: Services Publics+ (12~novembre~2026, réf. SP-1234)
- Symptômes~: Le dépôt échoue avec le message «~Une erreur est survenue~».
- Contournement~: Recréer le PDF depuis un ordinateur. Garder une capture d'écran de l'erreur.

## La session expire avant l'envoi (exemple)

- Service~: Déclaration trimestrielle de ressources
- Statut~: Contourné^; gravité~: gênant
- Constaté le 15~mars~2026^; vu pour la dernière fois le 10~avril~2026
- Confirmations du terrain~: 3 (territoires~: 03, 87)
- Déjà signalé à~: pas encore
- Symptômes~: La page revient à l'accueil.
- Contournement~: Préparer les montants avant de se connecter.
- Exemple fictif du carnet~: à ne pas transmettre
""")

RAPPORT_FRANCE_TRAVAIL = nb("""\
# Dysfonctionnements en cours~: France Travail

Au 23~novembre~2026, aucun dysfonctionnement actif ou contourné n'est relevé par le réseau sur les services en \
ligne de l'administration «~France Travail~».

**Canal officiel de signalement**~: Messagerie de l'espace personnel.
""")


@pytest.mark.parametrize(
    "admin, expected", [("caf", RAPPORT_CAF), ("france-travail", RAPPORT_FRANCE_TRAVAIL)]
)
def test_rapport_markdown_whole_output(
    capsys: pytest.CaptureFixture, admin: str, expected: str
) -> None:
    assert run(capsys, "rapport", admin, "--content", C) == (0, expected, "")


def test_rapport_csv_opens_in_a_spreadsheet(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "rapport", "caf", "--content", C, "--format", "csv")
    assert code == 0 and out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert list(rows[0]) == [
        "Administration",
        "Identifiant",
        "Titre",
        "Service",
        "Adresse",
        "Statut",
        "Gravité",
        "Confirmations",
        "Territoires",
        "Constaté le",
        "Vu pour la dernière fois",
        "Signalé à",
        "Symptômes",
        "Contournement",
        "Canal officiel de signalement",
        "Exemple",
    ]
    assert [
        (
            r["Identifiant"],
            r["Statut"],
            r["Confirmations"],
            r["Territoires"],
            r["Constaté le"],
            r["Vu pour la dernière fois"],
            r["Signalé à"],
            r["Exemple"],
        )
        for r in rows
    ] == [
        (
            "caf-depot-bloque",
            "Actif",
            "2",
            "2B, 63",
            "2026-11-03",
            "2026-11-15",
            "Services Publics+ (2026-11-12, réf. SP-1234)",
            "non",
        ),
        ("caf-session-expiree", "Contourné", "3", "03, 87", "2026-03-15", "2026-04-10", "", "oui"),
    ]
    assert (
        rows[0]["Contournement"]
        == "Recréer le PDF depuis un ordinateur. Garder une capture d'écran de l'erreur."
    )
    assert rows[0]["Canal officiel de signalement"] == (
        "Messagerie de l'espace « Mon compte » ; téléphone 3230. Adresse : "
        "https://www.caf.fr/contact"
    )


def test_rapport_csv_file_has_a_byte_order_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    target = tmp_path / "caf.csv"
    code, out, _ = run(
        capsys, "rapport", "caf", "--content", C, "--format", "csv", "--sortie", str(target)
    )
    data = target.read_bytes()
    assert code == 0 and out == f"Rapport écrit dans {target}\n"
    assert data.startswith(b"\xef\xbb\xbfAdministration;") and data.count(b"\r\n") == 3
    assert (
        len(list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))) == 3
    )


def test_rapport_leaves_resolved_malfunctions_out() -> None:
    report = build_admin_report(load_corpus(ANIMATION), "caf", TODAY)
    assert [r.id for r in report.malfunctions] == [
        "caf-depot-bloque",
        "caf-session-expiree",
    ]  # bloquant first
    assert (
        render_report_csv(build_admin_report(load_corpus(ANIMATION), "cpam", TODAY)).count("\n")
        == 1
    )


@pytest.mark.parametrize(
    "wrong, hint",
    [
        ("caff", "vouliez-vous dire «~caf~» (Caisse d'allocations familiales)^?"),
        ("zzz", "identifiants connus~: caf, cpam, france-travail"),
        # a near miss of a former name or a synonym is a near miss of its administration
        ("pole-emplois", "vouliez-vous dire «~france-travail~» (France Travail)^?"),
        ("amelie", "vouliez-vous dire «~cpam~» (Assurance Maladie)^?"),
        ("Allocations", "vouliez-vous dire «~caf~» (Caisse d'allocations familiales)^?"),
        # a word that merely looks like an id is not worth a guess
        ("inconnue", "identifiants connus~: caf, cpam, france-travail"),
    ],
)
def test_rapport_unknown_administration(
    capsys: pytest.CaptureFixture, wrong: str, hint: str
) -> None:
    code, out, err = run(capsys, "rapport", wrong, "--content", C)
    assert (code, out) == (2, "")
    assert err == nb(f"carnet : erreur : administration «~{wrong}~» inconnue\n  aide~: {hint}\n")


@pytest.mark.parametrize(
    "typed", ["Caisse d'allocations familiales", "caisse d'allocations familiales", " CAF ", "Caf"]
)
def test_rapport_by_the_administrations_own_name(capsys: pytest.CaptureFixture, typed: str) -> None:
    """The name written in the référentiel, as a facilitator copies it from the site, is the
    administration itself: no note, no error."""
    code, out, err = run(capsys, "rapport", typed, "--content", C)
    assert (code, err) == (0, "")
    assert out.startswith(nb("# Dysfonctionnements en cours~: Caisse d'allocations familiales"))


def test_rapport_without_an_administration(capsys: pytest.CaptureFixture) -> None:
    code, out, err = run(capsys, "rapport", "", "--content", C)
    assert (code, out) == (2, "")
    assert err == nb(
        "carnet : erreur : indiquez l'administration du rapport\n"
        "  aide~: par exemple «~carnet rapport caf~»\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("rapport", "caf"),
        ("rapport", "caf", "--format", "csv"),
        ("lettre", "2026-11"),
        ("lettre", "2026-11", "--format", "html"),
    ],
)
def test_sortie_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture, args: tuple[str, ...]
) -> None:
    target = tmp_path / "existant.txt"
    target.write_text("à garder", encoding="utf-8")
    code, out, err = run(capsys, *args, "--content", C, "--sortie", str(target))
    assert (code, out, target.read_text(encoding="utf-8")) == (1, "", "à garder")
    assert err.removeprefix(NO_HISTORY) == nb(
        f"carnet : erreur : le fichier «~{target}~» existe déjà~: il n'est jamais écrasé\n"
        "  aide~: choisissez un autre nom avec --sortie, ou supprimez d'abord l'ancien fichier\n"
    )


def test_sortie_in_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "absent" / "rapport.md"
    code, _, err = run(capsys, "rapport", "caf", "--content", C, "--sortie", str(target))
    assert code == 1 and err == nb(
        f"carnet : erreur : impossible de créer «~{target}~»~: son dossier n'existe pas\n"
        f"  aide~: créez d'abord le dossier «~{target.parent}~», ou choisissez-en un autre\n"
    )


@pytest.mark.parametrize(
    "sortie, message",
    [
        (
            "{tmp}",
            "«~{tmp}~» est un dossier, pas un fichier\n  aide~: indiquez le fichier à créer dans "
            "ce dossier, par exemple «~{tmp}/rapport-caf.md~»",
        ),
        (
            "{tmp}/notes.txt/rapport.md",
            "impossible de créer «~{tmp}/notes.txt/rapport.md~»~: «~{tmp}/notes.txt~» est un "
            "fichier, pas un dossier",
        ),
        (
            "{tmp}/nouveau/",
            "«~{tmp}/nouveau/~» désigne un dossier\n  aide~: indiquez le nom du fichier à créer",
        ),
        ("", "--sortie est vide\n  aide~: indiquez le nom du fichier à créer"),
        (
            "{tmp}/" + "rapport-" * 40 + ".md",
            "impossible de créer «~{tmp}/" + "rapport-" * 40 + ".md~»~: son nom est trop long",
        ),
    ],
    ids=["dossier", "fichier-pris-pour-dossier", "barre-finale", "vide", "nom-trop-long"],
)
def test_sortie_problems_are_told_in_french(
    tmp_path: Path, capsys: pytest.CaptureFixture, sortie: str, message: str
) -> None:
    """What a facilitator may type after --sortie: never a Python traceback."""
    (tmp_path / "notes.txt").write_text("à garder", encoding="utf-8")
    code, out, err = run(
        capsys, "rapport", "caf", "--content", C, "--sortie", sortie.format(tmp=tmp_path)
    )
    assert (code, out) == (1, "")
    assert err == nb(f"carnet : erreur : {message.format(tmp=tmp_path)}\n")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_sortie_in_a_folder_without_write_permission(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shared folder of the structure, read-only for this account (root ignores chmod: the
    refusal is simulated)."""
    import carnet.cli.animation as animation

    def refused(path: str, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(animation, "open", refused, raising=False)
    target = tmp_path / "partage" / "lettre.md"
    code, _, err = run(capsys, "rapport", "caf", "--content", C, "--sortie", str(target))
    assert code == 1 and err == nb(
        f"carnet : erreur : impossible de créer «~{target}~»~: vous n'avez pas le droit d'écrire "
        f"dans le dossier «~{target.parent}~»\n  aide~: choisissez un dossier à vous, par exemple "
        "vos Documents\n"
    )


@pytest.mark.parametrize(
    "markdown, limit, expected",
    [
        ("- Un.\n- Deux.\n", None, "Un. Deux."),
        ("Ligne\n  suite\u00a0: fin\n", None, "Ligne suite\u00a0: fin"),
        ("un deux trois quatre", 12, "un deux…"),
        ("un, deux trois", 8, "un…"),
    ],
)
def test_flatten(markdown: str, limit: int | None, expected: str) -> None:
    assert flatten(markdown, limit) == expected


def test_territories_in_departement_order() -> None:
    assert sorted(["971", "2B", "63", "national", "03", "2A", "21", "19"], key=territory_key) == [
        "national",
        "03",
        "19",
        "2A",
        "2B",
        "21",
        "63",
        "971",
    ]


# --- carnet lettre
# ------------------------------------------------------------------------------------------

SITE = "https://carnet.example.org/reseau/"
NO_HISTORY = nb(
    "carnet : avertissement : pas d'historique git complet pour ce dossier~: la lettre ne peut pas "
    "distinguer les fiches modifiées des fiches seulement revérifiées\n"
)

LETTRE_NOVEMBRE = nb("""\
# Carnet du réseau test~: la lettre de novembre~2026

## Thème du mois~: Quand personne ne répond

*Les chemins pour joindre une administration quand le téléphone sonne dans le vide.*

Ce mois-ci, nos **astuces** pour garder une trace, avec [la fiche du mois](https://carnet.example.org/reseau/fiches/prendre-rendez-vous/)^!

**Rencontre du réseau**~: le 26~novembre~2026 à 14~h~30 — Médiathèque de Riom · [Rejoindre la visio](https://visio.example.org/carnet) · [S'inscrire](https://inscription.example.org/carnet) · [Ajouter à mon agenda (.ics)](https://carnet.example.org/reseau/themes/2026-11.ics)

[Lire le thème et sa sélection](https://carnet.example.org/reseau/themes/2026-11/)

## Le mois en bref

- Fiches~: 1~nouvelle fiche, 1~fiche revérifiée.
- Dysfonctionnements~: 1~constaté, 1~confirmé (2~confirmations), 0~contourné, 1~résolu.

## Nouvelles fiches

- [Prendre rendez-vous~: le guichet en ligne](https://carnet.example.org/reseau/fiches/prendre-rendez-vous/) — Réserver un créneau en ligne et garder la confirmation.

## Dysfonctionnements constatés

- [Le dépôt d'un justificatif échoue](https://carnet.example.org/reseau/dysfonctionnements/caf-depot-bloque/) — CAF · bloquant · constaté le 3~novembre~2026

## Dysfonctionnements confirmés

- [Le dépôt d'un justificatif échoue](https://carnet.example.org/reseau/dysfonctionnements/caf-depot-bloque/) — CAF · bloquant · 2~confirmations ce mois-ci (2B, 63)

## Dysfonctionnements contournés

*Aucun nouveau contournement ce mois-ci.*

## Dysfonctionnements résolus

- [La connexion échouait après la mise à jour](https://carnet.example.org/reseau/dysfonctionnements/caf-connexion-resolue/) — CAF · gênant · résolu le 8~novembre~2026

## À revérifier

Vérifiés il y a plus de 6 mois~: si vous accompagnez l'une de ces démarches, comparez avec le site officiel et mettez la date de vérification à jour.

- [Une fiche vérifiée il y a longtemps](https://carnet.example.org/reseau/fiches/vieille-fiche/) — fiche vérifiée le 23~mai~2025
- [Construire un mot de passe solide](https://carnet.example.org/reseau/fiches/mot-de-passe/) — fiche vérifiée le 1er~mars~2026
- [La session expire avant l'envoi](https://carnet.example.org/reseau/dysfonctionnements/caf-session-expiree/) (exemple) — dysfonctionnement vérifié le 1er~avril~2026

## Merci

Merci à celles et ceux qui ont contribué en novembre~2026~: Camille et 1~contribution anonyme. Merci aussi aux médiateurs et médiatrices qui ont confirmé un dysfonctionnement sur le terrain (2~confirmations).

## Le mois prochain~: Les démarches de fin d'année

*Prime de Noël, changement de situation, déclaration trimestrielle~: ce qui revient chaque décembre.*

**Rencontre du réseau**~: le 10~décembre~2026 à 9~h~30 — En visio · [Rejoindre la visio](https://visio.example.org/decembre) · [Ajouter à mon agenda (.ics)](https://carnet.example.org/reseau/themes/2026-12.ics)

[Lire le thème de décembre~2026](https://carnet.example.org/reseau/themes/2026-12/)

Toutes les rencontres dans votre agenda~: [s'abonner à l'agenda du réseau](https://carnet.example.org/reseau/themes/agenda.ics).

---

Carnet du réseau test~: le carnet partagé des médiateurs et médiatrices de l'inclusion numérique. Une fiche à proposer, un dysfonctionnement à signaler^? [Contribuer](https://carnet.example.org/reseau/contribuer/)
""")

LETTRE_DECEMBRE = nb("""\
# Carnet du réseau test~: la lettre de décembre~2026

## Thème du mois~: Les démarches de fin d'année

*Prime de Noël, changement de situation, déclaration trimestrielle~: ce qui revient chaque décembre.*

Décembre revient avec ses démarches de saison~: préparons-les ensemble.

**Rencontre du réseau**~: le 10~décembre~2026 à 9~h~30 — En visio · [Rejoindre la visio](https://visio.example.org/decembre) · [Ajouter à mon agenda (.ics)](https://carnet.example.org/reseau/themes/2026-12.ics)

[Lire le thème et sa sélection](https://carnet.example.org/reseau/themes/2026-12/)

## Le mois en bref

- Fiches~: 0~nouvelle fiche, 0~fiche revérifiée.
- Dysfonctionnements~: 0~constaté, 0~confirmé, 0~contourné, 0~résolu.

## Nouvelles fiches

*Pas de nouvelle fiche ce mois-ci.*

## Dysfonctionnements constatés

*Aucun nouveau dysfonctionnement constaté ce mois-ci.*

## Dysfonctionnements confirmés

*Aucune confirmation du terrain ce mois-ci.*

## Dysfonctionnements contournés

*Aucun nouveau contournement ce mois-ci.*

## Dysfonctionnements résolus

*Aucun dysfonctionnement résolu ce mois-ci.*

## À revérifier

Vérifiés il y a plus de 6 mois~: si vous accompagnez l'une de ces démarches, comparez avec le site officiel et mettez la date de vérification à jour.

- [Une fiche vérifiée il y a longtemps](https://carnet.example.org/reseau/fiches/vieille-fiche/) — fiche vérifiée le 23~mai~2025
- [Construire un mot de passe solide](https://carnet.example.org/reseau/fiches/mot-de-passe/) — fiche vérifiée le 1er~mars~2026
- [La session expire avant l'envoi](https://carnet.example.org/reseau/dysfonctionnements/caf-session-expiree/) (exemple) — dysfonctionnement vérifié le 1er~avril~2026

## Merci

Pas de nouvelle contribution en décembre~2026~: la prochaine sera peut-être la vôtre.

## Le mois prochain

*Le thème de janvier~2027 n'est pas encore choisi.*

Toutes les rencontres dans votre agenda~: [s'abonner à l'agenda du réseau](https://carnet.example.org/reseau/themes/agenda.ics).

---

Carnet du réseau test~: le carnet partagé des médiateurs et médiatrices de l'inclusion numérique. Une fiche à proposer, un dysfonctionnement à signaler^? [Contribuer](https://carnet.example.org/reseau/contribuer/)
""")


@pytest.mark.parametrize(
    "month, expected", [("2026-11", LETTRE_NOVEMBRE), ("2026-12", LETTRE_DECEMBRE)]
)
def test_lettre_markdown_whole_output(
    capsys: pytest.CaptureFixture, month: str, expected: str
) -> None:
    # The fixture is no git repository of its own: the letter says it cannot tell changed sheets
    # from re-checked ones.
    assert run(capsys, "lettre", month, "--content", C) == (0, expected, NO_HISTORY)


@pytest.fixture
def letter_html(capsys: pytest.CaptureFixture) -> tuple[str, BeautifulSoup]:
    code, out, err = run(capsys, "lettre", "2026-11", "--content", C, "--format", "html")
    assert (code, err) == (0, NO_HISTORY)
    return out, BeautifulSoup(out, "html.parser")


def test_lettre_html_is_email_safe(letter_html: tuple[str, BeautifulSoup]) -> None:
    raw, soup = letter_html
    assert soup.find_all(["script", "link", "style", "img", "iframe", "object", "form"]) == []
    assert not [
        tag
        for tag in soup.find_all(True)
        if tag.has_attr("src")
        or tag.has_attr("class")
        or any(attr.startswith("on") for attr in tag.attrs)
    ]
    tables = soup.find_all("table")
    assert (
        len(tables) == 1 and "max-width:600px" in tables[0]["style"] and tables[0]["width"] == "600"
    )
    styled = ("body", "table", "td", "h1", "h2", "p", "ul", "li", "a")
    assert all(tag.get("style") for tag in soup.find_all(styled))
    assert soup.html["lang"] == "fr" and soup.meta["charset"] == "utf-8"


def test_lettre_html_escapes_contributors_text() -> None:
    changes = MonthChanges(changed=frozenset({"declarer-ses-ressources"}))
    raw = render_letter_html(
        build_letter(load_corpus(ANIMATION), "2026-11", TODAY, SITE, "Carnet", changes)
    )
    assert "&lt;sans&gt;" in raw and "<sans>" not in raw


def test_lettre_html_sections_and_links(letter_html: tuple[str, BeautifulSoup]) -> None:
    _, soup = letter_html
    assert [h.get_text() for h in soup.find_all("h2")] == [
        nb(t)
        for t in (
            "Thème du mois~: Quand personne ne répond",
            "Le mois en bref",
            "Nouvelles fiches",
            "Dysfonctionnements constatés",
            "Dysfonctionnements confirmés",
            "Dysfonctionnements contournés",
            "Dysfonctionnements résolus",
            "À revérifier",
            "Merci",
            "Le mois prochain~: Les démarches de fin d'année",
        )
    ]
    assert [(a.get_text(), a["href"]) for a in soup.find_all("a")] == [
        (nb(text), url)
        for text, url in (
            ("Rejoindre la visio", "https://visio.example.org/carnet"),
            ("S'inscrire", "https://inscription.example.org/carnet"),
            ("Ajouter à mon agenda (.ics)", SITE + "themes/2026-11.ics"),
            ("Lire le thème et sa sélection", SITE + "themes/2026-11/"),
            ("Prendre rendez-vous~: le guichet en ligne", SITE + "fiches/prendre-rendez-vous/"),
            ("Le dépôt d'un justificatif échoue", SITE + "dysfonctionnements/caf-depot-bloque/"),
            ("Le dépôt d'un justificatif échoue", SITE + "dysfonctionnements/caf-depot-bloque/"),
            (
                "La connexion échouait après la mise à jour",
                SITE + "dysfonctionnements/caf-connexion-resolue/",
            ),
            ("Une fiche vérifiée il y a longtemps", SITE + "fiches/vieille-fiche/"),
            ("Construire un mot de passe solide", SITE + "fiches/mot-de-passe/"),
            ("La session expire avant l'envoi", SITE + "dysfonctionnements/caf-session-expiree/"),
            ("Rejoindre la visio", "https://visio.example.org/decembre"),
            ("Ajouter à mon agenda (.ics)", SITE + "themes/2026-12.ics"),
            ("Lire le thème de décembre~2026", SITE + "themes/2026-12/"),
            ("s'abonner à l'agenda du réseau", SITE + "themes/agenda.ics"),
            ("Contribuer", SITE + "contribuer/"),
        )
    ]
    editorial = soup.find("h2").find_next_siblings("p")[1].get_text()
    assert editorial == nb(
        "Ce mois-ci, nos astuces pour garder une trace, avec la fiche du mois^!"
    )  # Markdown made plain
    assert nb("le 26~novembre~2026 à 14~h~30 — Médiathèque de Riom") in soup.get_text()


def test_lettre_html_without_theme() -> None:
    letter = build_letter(load_corpus(ANIMATION), "2027-01", TODAY, SITE, "Carnet")
    soup = BeautifulSoup(render_letter_html(letter), "html.parser")
    assert soup.find("h2").get_text() == "Thème du mois"
    assert soup.find("h2").find_next_sibling("p").get_text() == nb(
        "Pas de thème pour janvier~2027."
    )
    assert soup.find_all("h2")[-1].find_next_sibling("p").get_text() == nb(
        "Le thème de février~2027 n'est pas encore choisi."
    )


@pytest.mark.parametrize(
    "month, title, following",
    [
        ("2026-08", "la lettre d'août~2026", "Le thème de septembre~2026 n'est pas encore choisi."),
        ("2027-03", "la lettre de mars~2027", "Le thème d'avril~2027 n'est pas encore choisi."),
        (
            "2026-09",
            "la lettre de septembre~2026",
            "Le thème d'octobre~2026 n'est pas encore choisi.",
        ),
    ],
)
def test_lettre_elides_de_before_a_vowel(month: str, title: str, following: str) -> None:
    """« la lettre de août » is a mistake any reader sees: French writes « d'août », « d'avril »,
    « d'octobre »."""
    letter = build_letter(load_corpus(ANIMATION), month, TODAY, SITE, "Carnet")
    soup = BeautifulSoup(render_letter_html(letter), "html.parser")
    assert soup.find("h1").get_text() == nb(title[0].upper() + title[1:])
    assert soup.find_all("h2")[-1].find_next_sibling("p").get_text() == nb(following)
    markdown = render_letter_markdown(letter)
    assert markdown.startswith(nb(f"# Carnet~: {title}\n")) and nb(f"*{following}*") in markdown


def test_lettre_links_are_relative_without_site_url(capsys: pytest.CaptureFixture) -> None:
    code, out, err = run(capsys, "lettre", "2026-11", "--content", str(FIXTURE))
    assert code == 0 and err.startswith(
        "carnet : avertissement : pas de site_url (l'adresse du site)"
    )
    assert nb("nulle part une fois envoyée par courriel\n  aide~: ajoutez-la à mkdocs.yml") in err
    assert "[Lire le thème et sa sélection](themes/2026-11/)" in out
    assert "- [S'actualiser chaque mois](fiches/actualisation/) (exemple) — L'actualisation" in out


def test_revue_far_horizon_is_refused_not_crashed(capsys: pytest.CaptureFixture) -> None:
    code, out, err = run(capsys, "revue", "--dans", "99999999", "--content", C)
    assert (code, out) == (2, "")
    assert err == (
        "carnet : erreur : --dans 99999999 : au plus 3650 jours (dix ans) ; au-delà de deux ans, "
        "tout est à revérifier\n"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["revue", "--dans", "un mois"],
            "option --dans\u00a0: « un mois » n'est pas un nombre entier de jours",
        ),
        (
            ["rapport", "caf", "--limite", "2 000"],
            "option --limite\u00a0: « 2 000 » n'est pas un nombre entier de caractères",
        ),
        (
            ["lettre", "2026-11", "--format", "pdf"],
            "option --format\u00a0: choix invalide « pdf » (choix possibles\u00a0: « markdown », "
            "« html »)",
        ),
        (["revue", "--dans"], "option --dans\u00a0: une valeur est attendue"),
        # never abbreviated: « --sorti » is a typo to point out, not « --sortie »
        (["revue", "--sorti", "revue.csv"], "arguments inconnus\u00a0: --sorti revue.csv"),
    ],
)
def test_usage_errors_are_said_in_french(
    capsys: pytest.CaptureFixture, args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main([*args, "--content", C])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and nb(f"carnet : erreur : {message}\n") in err
    assert not any(english in err for english in ("invalid ", "choose from", "argument "))


@pytest.mark.parametrize(
    "command, typed, listed",
    [(["revue"], "texte", "text"), (["rapport", "caf"], "text", "texte")],
)
def test_format_text_and_texte_are_the_same(
    capsys: pytest.CaptureFixture, command: list[str], typed: str, listed: str
) -> None:
    """rapport says « texte », revue and liens say « text »: a facilitator types either."""
    code, out, _ = run(capsys, *command, "--format", typed, "--content", C)
    assert (code, out) == run(capsys, *command, "--format", listed, "--content", C)[:2]
    assert out


@pytest.mark.parametrize(
    "month", ["2026-13", "2026-00", "13/2026", "26-11", "2026-11-45", "ju 2026"]
)
def test_lettre_bad_month(capsys: pytest.CaptureFixture, month: str) -> None:
    code, out, err = run(capsys, "lettre", month, "--content", C)
    assert (code, out) == (2, "")
    assert err == nb(
        f"carnet : erreur : mois «~{month}~» invalide~: attendu AAAA-MM (mois de 01 à 12)\n"
        "  aide~: par exemple «~carnet lettre 2026-11~»\n"
    )


@pytest.mark.parametrize(
    "typed",
    ["2026-11", "2026-11-15", "2026/11", "11/2026", "11-2026", "novembre 2026", "Nov. 2026"],
)
def test_lettre_month_written_another_way(capsys: pytest.CaptureFixture, typed: str) -> None:
    """The ways a facilitator writes a month are understood, and the note says how."""
    code, out, err = run(capsys, "lettre", typed, "--content", C)
    assert code == 0 and out.startswith(nb("# Carnet du réseau test~: la lettre de novembre~2026"))
    note = "" if typed == "2026-11" else nb("carnet : mois compris~: novembre~2026 (2026-11)\n")
    assert err.removesuffix(NO_HISTORY) == note


@pytest.mark.parametrize("command", ["lettre", "pack"])
def test_month_name_without_its_year(capsys: pytest.CaptureFixture, command: str) -> None:
    code, out, err = run(capsys, command, "Décembre", "--content", C)
    assert (code, out) == (2, "")
    assert err == nb(
        "carnet : erreur : mois «~Décembre~» sans année\n  aide~: précisez-la, par exemple "
        f"«~carnet {command} 2026-12~» pour décembre 2026\n"
    )


@pytest.mark.parametrize(
    "month, warning",
    [
        (
            "2027-05",
            "mai~2027 n'a pas encore commencé~: la lettre n'a rien à en dire (ni thème, ni "
            "nouveauté)^; préparez-la à la fin du mois",
        ),
        (
            "2019-03",
            "rien à annoncer pour mars~2019~: ni thème, ni contenu nouveau, modifié, confirmé ou "
            "résolu ce mois-là",
        ),
    ],
)
def test_lettre_with_nothing_to_tell_warns(
    capsys: pytest.CaptureFixture, month: str, warning: str
) -> None:
    """Written all the same, but the facilitator knows before sending an empty letter."""
    code, out, err = run(capsys, "lettre", month, "--content", C)
    assert code == 0 and out.startswith("# Carnet du réseau test")
    assert err.removeprefix(NO_HISTORY) == nb(f"carnet : avertissement : {warning}\n")


def test_site_settings_read_next_to_the_content() -> None:
    config = load_site_config(
        ANIMATION
    )  # its mkdocs.yml holds a !!python tag that safe_load refuses
    assert (config["site_name"], site_url_of(config)) == ("Carnet du réseau test", SITE)
    assert load_site_config(FIXTURE) == {}


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://x.org/carnet", "https://x.org/carnet/"),
        ("https://x.org/", "https://x.org/"),
        ("", ""),
        (None, ""),
        (42, ""),
    ],
)
def test_site_url_normalised(url: object, expected: str) -> None:
    assert site_url_of({"site_url": url}) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Titre : suite", "Titre~: suite"),
        ("Vraiment ? Oui ! Bon ; fin", "Vraiment^? Oui^! Bon^; fin"),
        ("« mot »", "«~mot~»"),
        ("https://x.org/a?b=1;c", "https://x.org/a?b=1;c"),
        ("Fin ?", "Fin^?"),
        ("a ![image](x)", "a ![image](x)"),
    ],
)
def test_french_spacing(text: str, expected: str) -> None:
    assert typo(text) == nb(expected)


# --- the project's own content
# ------------------------------------------------------------------------------


def test_every_administration_and_theme_of_the_real_content_renders() -> None:
    corpus = load_corpus(REPO / "content")
    for admin in corpus.referentiels["administrations"].entries:
        report = build_admin_report(corpus, admin, TODAY)
        assert render_report_markdown(report).startswith("# Dysfonctionnements en cours")
        assert render_report_csv(report).startswith("\ufeffAdministration;")
    for theme in corpus.of_kind("theme"):
        soup = BeautifulSoup(
            render_letter_html(build_letter(corpus, theme.id, TODAY, SITE)), "html.parser"
        )
        assert soup.find("h2").get_text().startswith("Thème du mois") and not soup.find_all(
            "script"
        )


# --- Content with errors: the commands work, and say what they could not use
# --------------------------------------------


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The animation fixture as a contributor may leave it: an unclosed quote, a verification date
    that is not one, a theme citing a sheet that was renamed."""
    shutil.copytree(ANIMATION.parent, tmp_path / "reseau")
    content = tmp_path / "reseau" / "content"
    (content / "fiches" / "cassee.md").write_text(
        '---\ntitre: "Prendre rendez-vous\nresume: x\n---\n', encoding="utf-8"
    )
    old = content / "fiches" / "vieille-fiche.md"
    old.write_text(
        old.read_text(encoding="utf-8").replace(
            "verifiee_le: 2025-05-23", "verifiee_le: 2025-13-23"
        ),
        encoding="utf-8",
    )
    theme = content / "themes" / "2026-12.md"
    theme.write_text(
        theme.read_text(encoding="utf-8").replace("caf-session-expiree,", "fiche-renommee,"),
        encoding="utf-8",
    )
    return content


UNREADABLE = (
    "carnet : avertissement : 1 fichier illisible laissé de côté~: {c}/fiches/cassee.md (carnet "
    "check dit pourquoi)\n"
)
ERRORS = (
    "carnet : avertissement : le contenu a des erreurs dans 2 fichiers~: ce que dit {what} peut être "
    "incomplet ou inexact^; lancez «~carnet check~» et corrigez-les avant de l'envoyer\n"
)


def test_revue_names_what_it_cannot_date(capsys: pytest.CaptureFixture, broken: Path) -> None:
    code, out, err = run(capsys, "revue", "--content", str(broken))
    assert code == 0 and "vieille-fiche" not in out
    assert err == nb(
        UNREADABLE.format(c="content")
        + "carnet : avertissement : 1 contenu sans date de vérification lisible, donc absent de "
        "la liste~: content/fiches/vieille-fiche.md (carnet check dit pourquoi)\n"
    )


def test_pack_says_what_its_selection_lacks(capsys: pytest.CaptureFixture, broken: Path) -> None:
    code, out, err = run(
        capsys, "pack", "2026-12", "--content", str(broken), "--format", "markdown"
    )
    assert code == 0 and "## Construire un mot de passe solide" in out
    assert err == nb(
        UNREADABLE.format(c="content")
        + ERRORS.format(what="le dossier de la rencontre")
        + "carnet : avertissement : la sélection du thème cite «~fiche-renommee~», qui n'existe "
        "pas~: le dossier ne contient donc que 2 contenus de la sélection (carnet check dit "
        "pourquoi)\n"
    )


def test_pack_of_an_unreadable_theme_does_not_say_create_it(
    capsys: pytest.CaptureFixture, broken: Path
) -> None:
    """« créez-le avec carnet nouveau theme » would fail: the file is there, just broken."""
    (broken / "themes" / "2027-01.md").write_text('---\ntitre: "Janvier\n---\n', encoding="utf-8")
    code, out, err = run(capsys, "pack", "2027-01", "--content", str(broken))
    path = broken / "themes" / "2027-01.md"
    assert (code, out) == (2, "")
    assert err.endswith(
        nb(
            f"carnet : erreur : le thème de 2027-01 ({path}) ne peut pas être lu\n"
            f"  aide~: «~carnet check {path}~» dit pourquoi\n"
        )
    )
    code, _, err = run(capsys, "pack", "2027-02", "--content", str(broken))
    assert code == 2 and f"carnet nouveau theme 2027-02 --content {broken}" in err


@pytest.mark.parametrize(
    "args, what", [(["rapport", "caf"], "le rapport"), (["lettre", "2026-11"], "la lettre")]
)
def test_documents_to_send_warn_of_errors(
    capsys: pytest.CaptureFixture, broken: Path, args: list[str], what: str
) -> None:
    code, out, err = run(capsys, *args, "--content", str(broken))
    assert code == 0 and out
    assert err.startswith(nb(UNREADABLE.format(c="content") + ERRORS.format(what=what)))


@pytest.mark.parametrize("fmt", ["markdown", "csv", "texte"])
def test_rapport_of_a_malfunction_missing_keys(
    capsys: pytest.CaptureFixture, broken: Path, fmt: str
) -> None:
    """A contributor left out gravite, service and constate_le: the report still comes out (it
    crashed on the date), with « non précisée » where a value lacks, never « None »."""
    sheet = broken / "dysfonctionnements" / "caf-depot-bloque.md"
    text = sheet.read_text(encoding="utf-8")
    for key in (
        "gravite: bloquant\n",
        'service: "Dépôt d\'un justificatif"\n',
        "constate_le: 2026-11-03\n",
    ):
        assert key in text
        text = text.replace(key, "")
    sheet.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "rapport", "caf", "--content", str(broken), "--format", fmt)
    assert code == 0 and "None" not in out
    expected = {
        "markdown": [
            "| Actif | Non précisée | 2 | 2B, 63 | date non renseignée |",
            "Constaté à une date non renseignée",
        ],
        "csv": [";Actif;Non précisée;2;2B, 63;;2026-11-15;"],
        "texte": [
            "un dysfonctionnement de vos services en ligne (https://www.caf.fr",
            "Constaté à une date non renseignée, vu pour la dernière fois le 15",
        ],
    }[fmt]
    plain = out.replace("\u00a0", " ").replace("\u202f", " ")
    assert all(e in plain for e in expected), plain


@pytest.mark.parametrize(
    "args, expected",
    [
        (["lettre", "2026-11"], "**Rencontre du réseau**~: le 10~décembre~2026 à 9~h~30"),
        (["pack", "2026-12", "--format", "markdown"], "le 10~décembre~2026 à 9~h~30"),
        (["pack", "2026-12"], "Rencontre du réseau"),
    ],
)
def test_meeting_hour_typed_the_french_way(
    capsys: pytest.CaptureFixture, broken: Path, args: list[str], expected: str
) -> None:
    """« heure: 9h30 » is an error carnet check reports; the letter and the pack still come out
    (they crashed with ValueError)."""
    theme = broken / "themes" / "2026-12.md"
    theme.write_text(
        theme.read_text(encoding="utf-8").replace('heure: "09:30"', 'heure: "9h30"'),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, *args, "--content", str(broken))
    assert code == 0 and nb(expected) in out


def _one_value(path: Path, key: str, value: str) -> None:
    """Replace `key: [...]` by `key: value`, as a contributor forgetting the brackets writes it."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    lines[at] = f"{key}: {value}\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_one_value_without_brackets_is_not_spelt_out(
    capsys: pytest.CaptureFixture, broken: Path
) -> None:
    """« auteurs: Sacha », « administrations: caf », « territoires: 63 »: errors carnet check
    reports, read by the documents as one item (they showed « S, a, c, h, a », « c, a, f », « 6, 3 »)."""
    malfunction = broken / "dysfonctionnements" / "caf-depot-bloque.md"
    _one_value(malfunction, "administrations", "caf")
    _one_value(malfunction, "territoires", "63")
    _one_value(broken / "fiches" / "mot-de-passe.md", "auteurs", "Sacha")
    _one_value(broken / "themes" / "2026-12.md", "selection", "mot-de-passe")
    out = run(capsys, "revue", "--content", str(broken), "--par", "auteur")[1]
    assert out.startswith(nb("Sacha (1)~:\n")) and "S, a" not in out
    out = run(capsys, "rapport", "caf", "--content", str(broken))[1]
    assert "| Le dépôt d'un justificatif échoue | Actif | Bloquant | 2 | 2B, 63 |" in out
    out = run(capsys, "lettre", "2026-11", "--content", str(broken))[1]
    assert "caf-depot-bloque/) — CAF · bloquant · constaté le 3" in out.replace("\u00a0", " ")
    code, _, err = run(capsys, "pack", "2026-12", "--content", str(broken), "--format", "markdown")
    assert code == 0 and err.endswith(
        nb(
            "carnet : avertissement : la sélection du thème n'est pas une liste~: le dossier ne "
            "contient aucun de ses contenus (carnet check dit comment l'écrire)\n"
        )
    )


# --- carnet generer: a folder that cannot be written
# ----------------------------------------------------------------


def test_generer_under_a_file_says_so_in_french(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """`carnet generer notes.txt/pages`: a file where a folder should be, told without a
    traceback."""
    (tmp_path / "notes.txt").write_text("à garder", encoding="utf-8")
    out = tmp_path / "notes.txt" / "pages"
    code = main(
        ["generer", str(out), "--content", str(FIXTURE), "--config", str(REPO / "mkdocs.yml")]
    )
    err = capsys.readouterr().err
    assert code == 1 and err == (
        f"carnet : erreur : impossible d'écrire le dossier {out}/ : « {tmp_path / 'notes.txt'} » "
        "est un fichier, pas un dossier\n  aide : choisissez un autre dossier\n"
    )


def test_generer_stopped_midway_says_the_folder_is_incomplete(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shared drive that refuses a file halfway (simulated: root ignores permissions)."""
    import carnet.site.generate as generate

    real = generate.write_generated

    def refused_halfway(files: dict[str, str], content: Path, out: Path) -> int:
        real(dict(list(files.items())[:3]), content, out)
        raise PermissionError(13, "Permission denied", str(out / "fiches" / "x.md"))

    monkeypatch.setattr(generate, "write_generated", refused_halfway)
    out = tmp_path / "pages"
    code = main(
        ["generer", str(out), "--content", str(FIXTURE), "--config", str(REPO / "mkdocs.yml")]
    )
    err = capsys.readouterr().err
    assert code == 1 and err == (
        f"carnet : erreur : impossible d'écrire le dossier {out}/ : vous n'avez pas le droit "
        f"d'écrire dans « {out / 'fiches'} »\n  aide : le dossier {out}/ est incomplet ; "
        "supprimez-le avant de relancer\n"
    )


# --- The command's name
# -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, hint",
    [
        ("revu", "vouliez-vous dire « carnet revue » ? (carnet --help liste les commandes)"),
        ("lettres", "vouliez-vous dire « carnet lettre » ? (carnet --help liste les commandes)"),
        ("zorglub", "carnet --help liste les commandes"),
    ],
)
def test_unknown_command_suggests_the_nearest(
    capsys: pytest.CaptureFixture, typed: str, hint: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main([typed, "2026-11"])
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert err.endswith(
        f"carnet : erreur : choix invalide : « {typed} » n'est pas une commande de carnet\n"
        f"  aide : {hint}\n"
    )


def test_command_in_capitals_runs(capsys: pytest.CaptureFixture) -> None:
    assert run(capsys, "Revue", "--content", C)[:2] == run(capsys, "revue", "--content", C)[:2]


@pytest.mark.parametrize(
    "args, name",
    [
        (["pack", "2026-12"], "rencontre-2026-12.html"),
        (["lettre", "2026-11", "--format", "html"], "lettre-2026-11.html"),
    ],
)
def test_html_is_not_poured_into_a_terminal(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, args: list[str], name: str
) -> None:
    """`carnet pack 2026-12` typed in a terminal: a file name to give, not 100 KB of HTML."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = run(capsys, *args, "--content", C)
    assert (code, out) == (1, "")
    assert err.endswith(
        nb(
            "carnet : erreur : un document HTML ne se lit pas dans le terminal\n  aide~: "
            f"enregistrez-le avec «~--sortie {name}~», puis ouvrez ce fichier dans votre navigateur\n"
        )
    )
