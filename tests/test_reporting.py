"""The reporter registry: each format by name, on a few small problem lists, gives this exact text.

`check`, `importer` and `liens` all write through these reporters; their own tests compare whole
command outputs, these pin each reporter on its own.
"""

from __future__ import annotations

import pytest

from carnet.cli.main import build_parser
from carnet.findings import AVERTISSEMENT, Finding, about_field
from carnet.reporting import REPORTERS, Report, render
from carnet.text import counted, fold, plural

FILES = Report(
    [
        Finding(
            "content/fiches/a.md",
            3,
            1,
            "cle-inconnue",
            "clé « x » inconnue",
            "vouliez-vous dire « y » ?",
        ),
        Finding(
            "content/fiches/b.md",
            7,
            12,
            "lien-redirige",
            "lien | redirigé : « https://a.example/x,y »",
            "",
            AVERTISSEMENT,
            details={"url": "https://a.example/x,y", "statut": 301},
        ),
    ],
    closing=["1 erreur, 1 avertissement dans 2 fichiers"],
    header={"date": "2026-11-30"},
    totals={"erreurs": 1, "avertissements": 1},
)
FIELDS = Report(
    [
        about_field("Titre", "titre-vide", "le titre est vide", "écrivez un titre"),
        about_field("en-tête", "yaml", "YAML invalide", line=4, severity="note"),
    ],
    opening=["Reçu : un fichier"],
    closing=["Rien n'a été écrit."],
)
NONE = Report([], closing=["0 erreur, 0 avertissement dans 0 fichier"])

TEXT_FILES = """\
content/fiches/a.md:3:1: erreur [cle-inconnue] clé « x » inconnue
  aide : vouliez-vous dire « y » ?
content/fiches/b.md:7:12: avertissement [lien-redirige] lien | redirigé : « https://a.example/x,y »
1 erreur, 1 avertissement dans 2 fichiers
"""
TEXT_FIELDS = """\
Reçu : un fichier
erreur [titre-vide] « Titre » : le titre est vide
  aide : écrivez un titre
note [yaml] « en-tête » (ligne 4) : YAML invalide
Rien n'a été écrit.
"""

CASES = [
    ("text", FILES, TEXT_FILES),
    ("text", FIELDS, TEXT_FIELDS),
    ("text", NONE, "0 erreur, 0 avertissement dans 0 fichier\n"),
    (
        "markdown",
        FILES,
        """\
### `content/fiches/a.md`

| Ligne | Gravité | Problème | À faire |
| ---: | --- | --- | --- |
| 3 | erreur | clé « x » inconnue | vouliez-vous dire « y » ? |

### `content/fiches/b.md`

| Ligne | Gravité | Problème | À faire |
| ---: | --- | --- | --- |
| 7 | avertissement | lien \\| redirigé : « https://a.example/x,y » |  |

1 erreur, 1 avertissement dans 2 fichiers
""",
    ),
    ("markdown", NONE, "0 erreur, 0 avertissement dans 0 fichier\n"),
    (
        "json",
        FILES,
        """\
{
  "date": "2026-11-30",
  "constats": [
    {
      "chemin": "content/fiches/a.md",
      "ligne": 3,
      "colonne": 1,
      "gravite": "erreur",
      "code": "cle-inconnue",
      "message": "clé « x » inconnue",
      "aide": "vouliez-vous dire « y » ?"
    },
    {
      "chemin": "content/fiches/b.md",
      "ligne": 7,
      "colonne": 12,
      "gravite": "avertissement",
      "code": "lien-redirige",
      "message": "lien | redirigé : « https://a.example/x,y »",
      "aide": "",
      "url": "https://a.example/x,y",
      "statut": 301
    }
  ],
  "erreurs": 1,
  "avertissements": 1
}
""",
    ),
    (
        "json",
        FIELDS,
        """\
{
  "constats": [
    {
      "chemin": "",
      "ligne": 0,
      "colonne": 0,
      "gravite": "erreur",
      "code": "titre-vide",
      "message": "le titre est vide",
      "aide": "écrivez un titre",
      "champ": "Titre"
    },
    {
      "chemin": "",
      "ligne": 4,
      "colonne": 0,
      "gravite": "note",
      "code": "yaml",
      "message": "YAML invalide",
      "aide": "",
      "champ": "en-tête"
    }
  ]
}
""",
    ),
    ("json", NONE, '{\n  "constats": []\n}\n'),
    (
        "github",
        FILES,
        "::error file=content/fiches/a.md,line=3,col=1,title=[cle-inconnue]::clé « x » "
        "inconnue%0Aaide : vouliez-vous dire « y » ?\n::warning "
        "file=content/fiches/b.md,line=7,col=12,title=[lien-redirige]::lien | redirigé : « "
        "https://a.example/x,y »\n" + TEXT_FILES,
    ),
    (
        "github",
        FIELDS,
        "::error title=[titre-vide] « Titre »::le titre est vide%0Aaide : écrivez un "
        "titre\n::notice title=[yaml] « en-tête »::YAML invalide\n" + TEXT_FIELDS,
    ),
    ("github", NONE, "0 erreur, 0 avertissement dans 0 fichier\n"),
    (
        "csv",
        FILES,
        "\ufeffchemin;ligne;colonne;gravite;code;message;aide;url;statut\r\n"
        "content/fiches/a.md;3;1;erreur;cle-inconnue;clé « x » inconnue;"
        "vouliez-vous dire « y » ?;;\r\ncontent/fiches/b.md;7;12;avertissement;lien-redirige;"
        "lien | redirigé : « https://a.example/x,y »;;https://a.example/x,y;301\r\n",
    ),
    (
        "csv",
        FIELDS,
        "\ufeffchemin;ligne;colonne;gravite;code;message;aide;champ\r\n;0;0;erreur;titre-vide;le "
        "titre est vide;écrivez un titre;Titre\r\n;4;0;note;yaml;YAML invalide;;en-tête\r\n",
    ),
    ("csv", NONE, "\ufeffchemin;ligne;colonne;gravite;code;message;aide\r\n"),
]


@pytest.mark.parametrize(
    "name, report, expected",
    CASES,
    ids=[f"{name}-{i}" for i, (name, _, _) in enumerate(CASES)],
)
def test_reporter_writes_exactly(name: str, report: Report, expected: str) -> None:
    assert render(name, report) == expected


def test_every_reporter_is_pinned() -> None:
    assert {name for name, _, _ in CASES} == set(REPORTERS)


def format_choices(command: str) -> tuple[str, ...]:
    """The `--format` choices a command offers, read from the real parser."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    action = next(a for a in sub.choices[command]._actions if a.dest == "format")
    return tuple(action.choices)


@pytest.mark.parametrize(
    "command, names",
    [
        ("check", ("text", "json", "github", "markdown", "csv")),
        ("liens", ("text", "markdown", "json", "github", "csv")),
        ("importer", ("text", "markdown")),
    ],
)
def test_commands_choose_reporters_by_name(command: str, names: tuple[str, ...]) -> None:
    assert format_choices(command) == names
    assert set(names) <= set(REPORTERS)


@pytest.mark.parametrize(
    "count, expected_page, expected_terminal",
    [
        (0, "0\u00a0fiche", "0 fiche"),
        (1, "1\u00a0fiche", "1 fiche"),
        (2, "2\u00a0fiches", "2 fiches"),
    ],
)
def test_plural_on_pages_and_in_terminals(
    count: int, expected_page: str, expected_terminal: str
) -> None:
    assert plural(count, "fiche") == expected_page
    assert counted(count, "fiche") == expected_terminal


def test_plural_takes_an_irregular_form() -> None:
    assert plural(3, "lien mort", "liens morts", space=" ") == "3 liens morts"
    assert counted(1, "redirection permanente", "redirections permanentes") == (
        "1 redirection permanente"
    )


@pytest.mark.parametrize(
    "text, spaces, expected",
    [
        ("Étapes", None, "etapes"),
        ("Points de  vigilance", None, "points de  vigilance"),
        ("  Intermédiaire\u00a0avancé ", " ", "intermediaire avance"),
        ("Très  Débutant", "-", "tres-debutant"),
        ("Ça ŒUVRE", None, "ca œuvre"),
    ],
)
def test_fold(text: str, spaces: str | None, expected: str) -> None:
    assert fold(text, spaces) == expected
