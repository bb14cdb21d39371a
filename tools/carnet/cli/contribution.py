"""`carnet formulaires` and `carnet importer`: the GitHub side of web-form contributions."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from carnet import reporting
from carnet.contribution.importer import Outcome
from carnet.findings import Finding, about_field
from carnet.reporting import Markdown, Report, Table
from carnet.text import counted

TEMPLATES = ".github/ISSUE_TEMPLATE"
CATEGORIES = (
    ("donnee-", "Aucune donnée personnelle", "Données personnelles à retirer"),
    ("html-actif", "Aucun code HTML actif", "Code HTML actif à retirer"),
    ("spam-", "Rien qui ressemble à un message indésirable", "Ressemble à un message indésirable"),
)
MODEL = (
    "Conforme au modèle du carnet (champs, référentiels, dates)",
    "Pas encore conforme au modèle du carnet",
)


def cmd_formulaires(args: argparse.Namespace) -> int:
    from carnet.cli.common import EXIT_FINDINGS, EXIT_OK, content_dir
    from carnet.contribution.forms import all_forms
    from carnet.contribution.issue_forms import drifted, render_templates, write_templates
    from carnet.model.content import KIND_FOLDER, load_corpus
    from carnet.model.schemas import load_schemas

    root = content_dir(args.content).resolve()
    corpus = load_corpus(
        root, [root / KIND_FOLDER["dysfonctionnement"]]
    )  # their titles are choices
    expected = render_templates(all_forms(corpus, load_schemas()))
    folder = Path(args.dossier)
    if args.verifier:
        names = drifted(folder, expected)
        for name in names:
            state = (
                "absent"
                if not (folder / name).exists()
                else "en trop"
                if name not in expected
                else "à régénérer"
            )
            print(f"{folder.as_posix()}/{name} : {state}")
        if names:
            stale = counted(
                len(names), "formulaire GitHub ne correspond", "formulaires GitHub ne correspondent"
            )
            print(
                f"{stale} "
                "plus aux schémas et aux référentiels\n  aide : lancez « carnet formulaires », "
                "puis ajoutez les fichiers produits à votre proposition ; supprimez les fichiers « "
                "en trop »"
            )
            return EXIT_FINDINGS
        print(
            f"Formulaires GitHub à jour ({counted(len(expected), 'fichier', 'fichiers')} dans "
            f"{folder.as_posix()}/)"
        )
        return EXIT_OK
    written = write_templates(folder, expected)
    for name in written:
        print(f"Écrit : {folder.as_posix()}/{name}")
    for name in [n for n in drifted(folder, expected) if n not in expected]:
        print(
            f"En trop : {folder.as_posix()}/{name} ne correspond plus à aucun formulaire : "
            f"supprimez-le"
        )
    if not written:
        print(f"Formulaires GitHub déjà à jour ({counted(len(expected), 'fichier', 'fichiers')})")
    return EXIT_OK


def read_source(name: str) -> str:
    """The text to import, from a file or from standard input (« - »)."""
    from carnet.cli.common import UsageError

    if name != "-" and not Path(name).is_file():
        raise UsageError(f"fichier introuvable : {name}")
    raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(
            f"{name} n'est pas un texte en UTF-8 : réenregistrez-le en « UTF-8 »"
        ) from None


def shown_path(outcome: Outcome, root: Path) -> str:
    """The file written (or to write), as people see it."""
    from carnet.model.content import display_path

    return display_path(outcome.path, root.resolve()) if outcome.path else ""


def closing_text(outcome: Outcome, root: Path, wrote: bool, checking: bool) -> list[str]:
    """For the facilitator's terminal, after the problems: the summary, what was (not) written."""
    out = [f"{label} : {value}" for label, value in outcome.summary]
    path = shown_path(outcome, root)
    if outcome.errors:
        out.append(
            f"Rien n'a été écrit : {counted(len(outcome.errors), 'erreur', 'erreurs')} à corriger."
        )
    elif outcome.kind == "signalement":
        out.append(
            "Rien n'est écrit dans le carnet : à vérifier par un animateur, qui corrige le contenu "
            "concerné."
        )
    elif checking:
        out.append(
            f"Vérification réussie : rien n'a été écrit (--verifier) ; l'import écrirait {path}."
        )
    elif wrote:
        done = "Confirmation ajoutée à" if outcome.original is not None else "Créé :"
        out += [
            f"{done} {path}",
            f"Étape suivante : relisez le fichier, vérifiez-le avec « carnet check {path} », "
            "puis proposez-le en demande de fusion (pull request).",
        ]
    return out


# What a word may hold and still be plain text on GitHub: letters, digits and French punctuation.
# Anything else (@, #, <, [, `, *, _, &, ~, \\, a URL, an :emoji:…) could turn live (mention,
# reference, link, image, HTML), so the word goes into a code span. « : » is plain only at the end
# of a word (never `scheme:`).
PLAIN_MARKS = frozenset("'’,;.!?()«»–—-…%°\"+=/\u00a0\u202f")
QUOTED = re.compile(r"«([^«»]*)»")  # what messages quote: values, often the contributor's own
COMMIT_LIKE = re.compile(
    r"(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}"
)  # GitHub links it to a commit


def plain(word: str) -> bool:
    """A word GitHub shows as it is: nothing in it can become a mention, a reference, a link or
    markup.
    """
    core = word[:-1] if word.endswith(":") else word
    return (
        all(c.isalnum() or c in PLAIN_MARKS for c in core)
        and "www." not in core.casefold()
        and not COMMIT_LIKE.fullmatch(core.strip("'’,;.!?()«»\""))
        and not re.match(r"(?i)gh-[0-9]", core)
    )


def code(text: str) -> str:
    """An inline code span around any text: a backtick run longer than any inside, padded if it
    starts or ends with one.
    """
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{'`' * (longest + 1)}{pad}{text}{pad}{'`' * (longest + 1)}"


def words(text: str) -> str:
    """Plain words as they are, every run of other words as one code span."""
    out: list[str] = []
    live: list[str] = []
    for word in text.split(" ") + [""]:  # the final "" flushes the last run
        if plain(word):
            out += [code(" ".join(live))] if live else []
            out.append(word)
            live = []
        else:
            live.append(word)
    return " ".join(out[:-1])


def inert(text: str) -> str:
    """Text in which nothing goes live on GitHub: what is quoted « … » as code, other words plain or
    as code.
    """
    out, start = [], 0
    for m in QUOTED.finditer(text):
        inside = m.group(1)
        if not inside.strip():
            continue
        before, after = inside[: len(inside) - len(inside.lstrip())], inside[len(inside.rstrip()) :]
        out += [words(text[start : m.start()]), f"«{before}{code(inside.strip())}{after}»"]
        start = m.end()
    return "".join(out + [words(text[start:])])


def cell(text: object) -> str:
    """Any text, contributors' included, inert in a Markdown table cell: one line, pipes escaped (in
    code spans too).
    """
    return inert(re.sub(r"[ \t\r\n\f\v]+", " ", str(text)).strip()).replace("|", "\\|")


def fenced(text: str) -> list[str]:
    """A code block whose fence is longer than any run of backticks inside."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * max(4, longest + 1)
    return [fence + "markdown", text.rstrip("\n"), fence]


def comment_opening(outcome: Outcome) -> list[str]:
    """The comment's title, what was received, and a checklist of what is fine and what is not."""
    title = (
        "Signalement reçu" if outcome.kind == "signalement" else "Vérification de votre proposition"
    )
    out = [f"## {title}", "", f"Reçu : **{outcome.source}**.", ""]
    codes = [p.code for p in outcome.errors]
    for prefix, fine, wrong in CATEGORIES:
        out.append(
            f"- {'❌ ' + wrong if any(c.startswith(prefix) for c in codes) else '✅ ' + fine}"
        )
    model = any(not c.startswith(tuple(c for c, _, _ in CATEGORIES)) for c in codes)
    return out + [f"- {'❌ ' + MODEL[1] if model else '✅ ' + MODEL[0]}", ""]


def comment_closing(outcome: Outcome, root: Path, wrote: bool) -> list[str]:
    """After the tables: the summary as a table, then what happens next."""
    out = []
    if outcome.summary:
        out += (
            ["| | |", "| --- | --- |"]
            + [f"| {cell(label)} | {cell(value)} |" for label, value in outcome.summary]
            + [""]
        )
    path = shown_path(outcome, root)
    if outcome.errors:
        out.append(
            "Pour corriger : menu « ··· » en haut de votre message, puis « Modifier » (« Edit »). "
            "Le ticket s'affiche alors en texte brut : chaque réponse est sous son titre `### Nom "
            "du champ` (le champ du tableau ci-dessus). Corrigez le texte sous ce titre sans "
            "toucher aux lignes `###`, puis enregistrez (« Update comment ») : la vérification se "
            "relance à chaque modification. Si c'est plus simple, refaites la proposition avec le "
            "formulaire « Proposer un contenu » du site."
        )
    elif outcome.kind == "signalement":
        out.append(
            "Merci ! Rien n'est modifié automatiquement : un animateur va vérifier et corriger le "
            "contenu."
        )
    elif wrote:
        out.append(f"Fichier écrit : `{path}`.")
    else:
        what = "ajoutera la confirmation à" if outcome.original is not None else "créera le fichier"
        out.append(
            f"Tout est en ordre : un animateur peut intégrer la proposition (étiquette « à "
            f"intégrer ») ; l'import {what} `{path}`."
        )
        if outcome.original is None:
            out += [
                "",
                "<details><summary>Aperçu du fichier</summary>",
                "",
                *fenced(outcome.text),
                "",
                "</details>",
            ]
    return out


def comment_row(p: Finding) -> list[str]:
    """Field, problem, how to fix it: contributors' words made inert."""
    return [cell(p.field), cell(p.message), cell(p.hint)]


def importer_report(outcome: Outcome, root: Path, wrote: bool, checking: bool) -> Report:
    """The import's problems: in text, « Reçu : … » before them and what was written after them;
    in Markdown (the bot's comment on the issue) a checklist, then what to fix and to know by
        field."""
    tables = [
        Table(f"### {heading}", chosen)
        for heading, chosen in (
            ("À corriger", outcome.errors),
            ("À savoir", [p for p in outcome.problems if not p.is_error]),
        )
        if chosen
    ]
    return Report(
        outcome.problems,
        opening=[f"Reçu : {outcome.source}"],
        closing=closing_text(outcome, root, wrote, checking),
        markdown=Markdown(
            opening=comment_opening(outcome),
            tables=tables,
            columns=[("Champ", "---"), ("Problème", "---"), ("Comment faire", "---")],
            row=comment_row,
            closing=comment_closing(outcome, root, wrote),
        ),
    )


def render_markdown(outcome: Outcome, root: Path, wrote: bool, checking: bool) -> str:
    """A comment for the GitHub issue: what is fine, what to fix (by field label), what happens
    next.
    """
    return reporting.markdown(importer_report(outcome, root, wrote, checking))


def cmd_importer(args: argparse.Namespace) -> int:
    from carnet.cli.common import EXIT_FINDINGS, EXIT_OK, content_dir
    from carnet.contribution.importer import ChangedMeanwhile, plan_import, write
    from carnet.dates import today
    from carnet.model.schemas import load_schemas

    root = content_dir(args.content)
    outcome = plan_import(read_source(args.fichier), root, load_schemas(), today())
    wrote = False
    if (
        not args.verifier
        and outcome.path is not None
        and not outcome.errors
        and outcome.kind != "signalement"
    ):
        try:
            write(outcome)
            wrote = True
        except (FileExistsError, ChangedMeanwhile) as exc:
            outcome.problems.append(
                about_field(
                    "fichier",
                    "ecriture-refusee",
                    f"rien n'a été écrit : {exc}",
                    "relancez l'import : un autre fichier a été écrit entre-temps",
                )
            )
    report = importer_report(outcome, root, wrote, args.verifier)
    sys.stdout.write(reporting.render(args.format, report))
    return EXIT_FINDINGS if outcome.errors else EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add `carnet formulaires` and `carnet importer` to the CLI."""
    formulaires = commands.add_parser(
        "formulaires",
        help="génère les formulaires de ticket GitHub depuis les schémas et les référentiels",
        description=f"Écrit un formulaire de ticket GitHub par formulaire de contribution dans "
        f"{TEMPLATES}/ ; "
        "avec --verifier, n'écrit rien et dit si les fichiers sont à régénérer (code de sortie 1).",
    )
    formulaires.add_argument(
        "--content",
        default="content",
        metavar="DOSSIER",
        help="dossier des contenus (content par défaut)",
    )
    formulaires.add_argument(
        "--dossier",
        default=TEMPLATES,
        metavar="DOSSIER",
        help=f"où écrire ({TEMPLATES} par défaut)",
    )
    formulaires.add_argument("--verifier", action="store_true", help="compare sans rien écrire")
    formulaires.set_defaults(run=cmd_formulaires)
    importer = commands.add_parser(
        "importer",
        help="importe une contribution (ticket GitHub ou fichier envoyé) dans content/",
        description="Lit le texte d'un ticket ouvert par un formulaire du carnet, ou un fichier de "
        "contenu produit par le formulaire du site, le vérifie (schémas, données personnelles, "
        "HTML actif, messages indésirables) et écrit le fichier seulement s'il est correct. "
        "N'écrase jamais un fichier.",
    )
    importer.add_argument(
        "fichier",
        metavar="FICHIER",
        help="le texte du ticket ou le fichier de contenu (« - » : entrée standard)",
    )
    importer.add_argument(
        "--content",
        default="content",
        metavar="DOSSIER",
        help="dossier des contenus (content par défaut)",
    )
    importer.add_argument(
        "--verifier",
        action="store_true",
        help="vérifie tout sans rien écrire (code de sortie 1 s'il faut corriger)",
    )
    importer.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="format du compte rendu (markdown : commentaire de ticket GitHub)",
    )
    importer.set_defaults(run=cmd_importer)
