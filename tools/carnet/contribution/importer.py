"""`carnet importer`: a contribution (GitHub issue body or generated file) checked, then planned for
content/.

Nothing here writes until `write(outcome)`, and the CLI calls it only when the outcome has no
error: the new or changed file is checked by the real checker first, against the whole corpus.
"""

from __future__ import annotations

import itertools
import json
import re
import tempfile
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from carnet.checking.active_html import iter_active_html
from carnet.checking.check import check_corpus
from carnet.checking.personal_data import Match, iter_personal_data
from carnet.checking.rules.privacy import admin_domains, official_phones
from carnet.checking.rules.scan import iter_texts
from carnet.contribution.forms import (
    AUTO_DATES,
    Field,
    Form,
    all_forms,
    choices_text,
    front_matter_value,
    read_answer,
    render_content,
)
from carnet.contribution.issue_forms import (
    BY_LINK,
    FILE_LABEL,
    NO_RESPONSE,
    answer_elements,
    detect_form,
    foreign_headings,
    leading_text,
    option_labels,
    page_id,
    parse_answer,
    renamed_headings,
    repeated_labels,
    split_sections,
    unfence,
)
from carnet.contribution.scaffold import ScaffoldError, new_id
from carnet.contribution.spam import iter_spam
from carnet.findings import AVERTISSEMENT, Finding, about_field
from carnet.model.content import (
    FOLDERS,
    KIND_FOLDER,
    KIND_LABEL,
    RESERVED_IDS,
    RESERVED_PAGE_IDS,
    TELLTALE_KEYS,
    Corpus,
    Document,
    display_path,
    load_corpus,
    load_document,
)
from carnet.model.frontmatter import BOM, CONTROL, describe_control, parse_yaml, split
from carnet.model.referentiels import suggest_label
from carnet.model.schemas import Schemas, suggest

# The bot never repeats personal data in a public comment: each is named, never quoted.
PRIVATE = {
    "donnee-email": "contient une adresse e-mail",
    "donnee-telephone": "contient un numéro de téléphone",
    "donnee-nir": "contient un numéro de sécurité sociale",
    "donnee-iban": "contient des coordonnées bancaires (IBAN)",
    "donnee-secret": "contient un mot de passe ou un code écrit en clair",
}
# Already reported per field for forms (scan_text): not again by line.
SCANNED = ("donnee-", "html-actif", "caractere-controle")
# Answered with the address of a carnet page: not a link to judge.
OWN_ADDRESSES = ("contenu", "dysfonctionnement")
IMPORTED = ("fiche", "anecdote", "dysfonctionnement")  # the kinds a contribution may create
A_KIND = {
    "fiche": "une fiche",
    "anecdote": "une anecdote",
    "dysfonctionnement": "un dysfonctionnement",
    "theme": "un thème",
    "page": "une page",
}
NOTE = "note"  # what was normalised: said, never an error
READING_HINTS = {
    "links": "un lien par ligne : son titre, puis son adresse complète qui commence par https:// "
    "(« Déclarer ses revenus | https://www.impots.gouv.fr/particulier »)"
}


@dataclass
class Outcome:
    """What an import does: what was recognised, the file to write and its text, the problems, a
    summary.
    """

    source: str
    kind: str = ""
    path: Path | None = None
    text: str = ""
    original: bytes | None = None  # a confirmation rewrites a file: only if it is still as read
    problems: list[Finding] = field(default_factory=list)
    summary: list[tuple[str, str]] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [p for p in self.problems if p.is_error]


class ChangedMeanwhile(Exception):
    """The file changed between the check and the write."""


def plan_import(source: str, root: Path, schemas: Schemas, today: date) -> Outcome:
    """Everything `carnet importer` checks, and the file it would write; writes nothing."""
    root = root.resolve()
    corpus = load_corpus(
        root, [root / KIND_FOLDER["dysfonctionnement"]]
    )  # titles for « Je l'ai vu aussi »
    forms = all_forms(corpus, schemas)
    # A byte-order mark (a body saved by a Windows editor, the downloaded « Je l'ai vu aussi »)
    # would hide the first « ### » heading as well as a file's first « --- ».
    source = source.lstrip("\ufeff")
    if source.startswith("---"):
        return plan_file(source, corpus, forms, schemas, today)
    form = detect_form(source, forms)
    if form is None:
        names = ", ".join(f"« {f.title} »" for f in forms)
        return Outcome(
            "un texte qui ne vient d'aucun formulaire du carnet",
            problems=[
                about_field(
                    "formulaire",
                    "formulaire-inconnu",
                    "ce texte ne vient d'aucun formulaire du carnet",
                    f"proposez-le avec l'un des formulaires du carnet ({names}) : sur le site, "
                    f"page « Proposer un contenu », "
                    "ou sur GitHub, « Issues » puis « New issue » ; en modifiant le ticket, gardez "
                    "les titres « ### » tels quels",
                )
            ],
        )
    sections, problems = read_sections(source, form, forms)
    sent = sections.get(FILE_LABEL, "")
    generated = generated_file(sent)
    if (
        generated
    ):  # the web form sent the whole file along with the fields: it is the complete version
        outcome = plan_file(generated, corpus, forms, schemas, today, expected=form)
        # The other answers are not read: an edit there does not matter, only a doubt on this one.
        outcome.problems[:0] = [
            p for p in problems if p.code == "champ-en-double" or p.field == FILE_LABEL
        ]
        return outcome
    if sent:
        problems.append(
            about_field(
                FILE_LABEL,
                "fichier-inattendu",
                "ce champ ne contient pas un fichier du carnet",
                "laissez-le vide si vous remplissez le ticket vous-même ; sinon recopiez en entier "
                "le fichier produit par le formulaire du site, de « --- » à la fin",
            )
        )
    answers, found = read_answers(form, sections, admin_domains(corpus), official_phones(corpus))
    problems += [p for p in found if p.code != "champ-obligatoire" or p.field not in said(problems)]
    planner = {"confirmation": plan_confirmation, "signalement": plan_report}.get(
        form.kind, plan_content
    )
    return planner(form, answers, problems, corpus, schemas, today)


def read_sections(
    body: str, form: Form, others: Collection[Form] = ()
) -> tuple[dict[str, str], list[Finding]]:
    """Every answer of an issue body by label, cut at the issue form's own labels only; empty ones
    as "".

    The labels are those of the issue form `carnet formulaires` generates, « Fichier du formulaire
    du site » included: GitHub writes every element, filled or not, so none may spill into its
    neighbour. A hand edit can make one spill all the same (a `###` line changed or deleted, an
    answer typed after `_No response_`, another form's questions pasted in): each is an error on the
    question concerned, and what the rest of the checks read is cut as GitHub had written it, so
    that one edit is not reported as a cascade of wrong answers.
    """
    elements = answer_elements(form)
    labels = [e["attributes"]["label"] for e in elements]
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    problems: list[Finding] = []
    for index, label in renamed_headings(body, labels).items():
        problems.append(
            about_field(
                label,
                "titre-modifie",
                f"la ligne « {lines[index].strip()} » a été modifiée : GitHub avait écrit « ### "
                f"{label} »",
                f"remettez la ligne « ### {label} » telle quelle, seule sur sa ligne : le robot "
                "lit chaque réponse sous son titre",
            )
        )
        lines[index] = f"### {label}"
    body = "\n".join(lines)
    sections = split_sections(body, labels)
    problems += deleted_headings(body, elements, sections)
    foreign = foreign_headings(
        body, labels, [f.label for other in others if other.kind != form.kind for f in other.fields]
    )
    for where in dict.fromkeys(w for w, _ in foreign):  # one error per answer they sit in
        pasted = [label for w, label in foreign if w == where]
        title = next(o.title for o in others for f in o.fields if f.label == pasted[0])
        shown = [f"« ### {label} »" for label in pasted]
        one = len(shown) == 1
        questions = ", ".join(shown[:-1]) + (" et " if shown[:-1] else "") + shown[-1]
        problems.append(
            about_field(
                where or "formulaire",
                "question-etrangere",
                f"{'la question' if one else 'les questions'} {questions} "
                f"{'vient' if one else 'viennent'} d'un autre formulaire (« {title} ») : ce "
                f"ticket suit le formulaire « {form.title} »",
                "un ticket suit un seul formulaire : retirez "
                f"{'cette ligne' if one else 'ces lignes'} « ### » et "
                f"{'sa réponse' if one else 'leurs réponses'}, et proposez-les dans un autre "
                "ticket ouvert avec le bon formulaire",
            )
        )
    for e in elements:  # a textarea with `render:` comes in a code block, even empty
        label = e["attributes"]["label"]
        empty = (NO_RESPONSE, "None") if e["type"] == "dropdown" else (NO_RESPONSE,)
        first, _, rest = sections.get(label, "").partition("\n")
        if first.strip() in empty and rest.strip() and label not in (w for w, _ in foreign):
            problems.append(
                about_field(
                    label,
                    "reponse-apres-vide",
                    f"la réponse commence par « {first.strip()} », que GitHub écrit pour une "
                    "question sans réponse, et se poursuit",
                    f"remplacez « {first.strip()} » par votre réponse ; si le texte qui suit "
                    "répond à une autre question, remettez au-dessus la ligne « ### » de cette "
                    "question",
                )
            )
            sections[label] = rest.strip()
        if "render" in e["attributes"] and label in sections:
            sections[label] = unfence(sections[label]).strip()
        if sections.get(label) == NO_RESPONSE:
            sections[label] = ""
    problems += [
        about_field(
            label,
            "champ-en-double",
            f"le titre « ### {label} » apparaît plusieurs fois dans le ticket",
            "une réponse ne doit pas contenir de ligne « ### » reprenant le titre d'une question : "
            "retirez-la ou changez-la",
        )
        for label in repeated_labels(body, labels)
    ]
    return sections, problems


# Elements whose answer GitHub writes on one line: a second paragraph there is another answer.
ONE_LINE = ("input", "dropdown", "checkboxes")


def deleted_headings(body: str, elements: list[dict], sections: dict[str, str]) -> list[Finding]:
    """A `### Libellé` line deleted while its answer stayed: the answer then sits under the question
    before it (or before the first heading), which is cut back to what GitHub wrote there.
    """
    problems = []
    for index, element in enumerate(elements):
        label = element["attributes"]["label"]
        if label in sections:
            continue
        before = next(
            (
                e["attributes"]["label"]
                for e in reversed(elements[:index])
                if e["attributes"]["label"] in sections
            ),
            None,
        )
        if element["type"] == "checkboxes":  # its boxes may be anywhere: found by their text
            before = boxes_moved(element, sections)
            stray = "" if before is None else "- [ ]"
        elif before is None:
            stray = leading_text(body, list(sections)) if index == 0 else ""
        else:
            kept, _, stray = sections[before].partition("\n\n")
            previous = next(e for e in elements if e["attributes"]["label"] == before)
            if previous["type"] not in ONE_LINE and kept.strip() not in (NO_RESPONSE, "None"):
                stray = ""  # a text answer may have paragraphs: nothing tells what was added
            if stray.strip() and not stray.lstrip().startswith("### "):
                sections[before] = kept.strip()
        if not stray.strip() or stray.lstrip().startswith("### "):
            continue
        where = f"sous « ### {before} »" if before else "avant la première question"
        problems.append(
            about_field(
                label,
                "titre-efface",
                f"la ligne « ### {label} » a été effacée : sa réponse se retrouve {where}",
                f"remettez la ligne « ### {label} » seule sur sa ligne, au-dessus de sa réponse "
                "et suivie d'une ligne vide",
            )
        )
    return problems


BOX = re.compile(r"^\s*[-*]\s*\[[ xX]\]\s*(.*)$")


def box_label(line: str) -> str | None:
    """The label of a « - [X] label » or « - [ ] label » line."""
    box = BOX.match(line)
    return box[1].strip() if box else None


def boxes_moved(element: dict, sections: dict[str, str]) -> str | None:
    """The answer under which a checkboxes element's own boxes sit once its heading is gone; they
    are taken out of it.
    """
    options = {o["label"] for o in element["attributes"]["options"]}
    for label, text in sections.items():
        lines = text.split("\n")
        kept = [line for line in lines if box_label(line) not in options]
        if len(kept) < len(lines):
            sections[label] = "\n".join(kept).strip()
            return label
    return None


def generated_file(sent: str) -> str:
    """The content file carried by the issue's « Fichier du formulaire du site » field, if it holds
    one.
    """
    text = sent.strip()
    return text + "\n" if text.startswith("---") else ""


def scan_text(
    label: str, text: str, allowed: tuple[str, ...], spam: bool = True, phones: tuple[str, ...] = ()
) -> list[Finding]:
    """Personal data, active HTML and signs of spam in one text, said about its field."""
    found: list[Match] = [*iter_personal_data(text, allowed, phones), *iter_active_html(text)]
    found += iter_spam(text, allowed) if spam else []
    problems = [about_field(label, m.code, PRIVATE.get(m.code, m.message), m.hint) for m in found]
    # A line separator or a control character pasted from Word or a PDF: said about its question,
    # as the web form says it (the checker would blame the whole file's header).
    if invisible := CONTROL.search(text):
        what, hint = describe_control(invisible.group())
        problems.append(about_field(label, "caractere-controle", f"caractère {what}", hint))
    return list(dict.fromkeys(problems))


def read_answers(
    form: Form, sections: dict[str, str], allowed: tuple[str, ...], phones: tuple[str, ...] = ()
) -> tuple[dict[str, object], list[Finding]]:
    """The answers of an issue body (its sections by label) by field id, and what is wrong with
    them.
    """
    answers: dict[str, object] = {}
    problems: list[Finding] = []
    for f in form.fields:
        value, unknown = parse_answer(f, sections.get(f.label, ""))
        answers[f.id] = value
        for wrong in unknown:
            what = (
                "dysfonctionnement inconnu du carnet"
                if f.id == "dysfonctionnement"
                else "ce n'est pas un des choix proposés"
            )
            problems.append(
                about_field(
                    f.label, "choix-inconnu", f"« {wrong} » : {what}", choice_hint(f, wrong)
                )
            )
        problems += reading_problems(f, value if not unknown else "")
        if f.required and value in ("", [], False) and not unknown:
            missing = (
                "case obligatoire non cochée"
                if f.kind == "consent"
                else "réponse obligatoire manquante"
            )
            problems.append(
                about_field(
                    f.label,
                    "champ-obligatoire",
                    missing if f.label in sections else "question obligatoire absente du ticket",
                    f.help
                    if f.label in sections
                    else f"remettez la ligne « ### {f.label} » seule sur sa ligne, puis votre "
                    f"réponse en dessous. {f.help}",
                )
            )
        if isinstance(value, str) and value:
            problems += scan_text(
                f.label, value, allowed, spam=f.id not in OWN_ADDRESSES, phones=phones
            )
    return answers, problems


def choice_hint(f: Field, wrong: str) -> str:
    """« vouliez-vous dire » by label or id; else the choices by their labels when they are few."""
    by_id = dict(option_labels(f))
    labels = list(by_id.values())
    by_label = {label: ident for ident, label in by_id.items()}
    ident = (
        by_label.get(suggest(wrong, labels) or "")
        or suggest(wrong, list(by_id))
        or by_label.get(suggest_label(wrong, by_id) or "")
    )
    if ident:  # answered by id (« Je l'ai vu aussi »): the id, and its title to recognise it
        return (
            f"vouliez-vous dire « {ident} » ({by_id[ident]}) ?"
            if f.id in BY_LINK
            else f"vouliez-vous dire « {by_id[ident]} » ?"
        )
    if len(labels) <= 12:
        return f"choix possibles : {choices_text(labels)}"
    return "choisissez dans la liste du formulaire" + (
        " (l'identifiant est la fin de l'adresse de la page)" if f.id == "dysfonctionnement" else ""
    )


def reading_problems(f: Field, value: object) -> list[Finding]:
    """What the form's reading of an answer normalised (notes) or could not read (errors)."""
    if f.section is not None or value in ("", [], None):
        return []
    reading = read_answer(f, value)
    return [
        about_field(f.label, "lecture-incertaine", error, READING_HINTS.get(f.kind, f.help))
        for error in reading.errors
    ] + [about_field(f.label, "normalise", note, severity=NOTE) for note in reading.notes]


def free_path(corpus: Corpus, kind: str, title: str) -> Path:
    """content/<dossier>/<slug>.md for a title, with -2, -3… when the id is taken or reserved: never
    overwrite.
    """
    base = new_id(kind, title)
    reserved = RESERVED_PAGE_IDS if kind == "page" else RESERVED_IDS
    for n in itertools.count(1):
        suffix = f"-{n}" if n > 1 else ""
        ident = base[: 80 - len(suffix)].rstrip("-") + suffix
        path = corpus.root / KIND_FOLDER[kind] / f"{ident}.md"
        if ident not in reserved and ident not in corpus.by_id and not path.exists():
            return path
    raise AssertionError("unreachable")


def check_text(
    corpus: Corpus, path: Path, kind: str, text: str, schemas: Schemas, today: date
) -> tuple[Document, list[Finding]]:
    """The checker's findings on one new or changed file, its references resolved against the whole
    corpus.
    """
    rel = display_path(path, corpus.root)
    with (
        tempfile.TemporaryDirectory() as tmp
    ):  # the real loader reads files: the draft goes through it
        draft = Path(tmp) / path.name
        draft.write_bytes(text.encode("utf-8"))
        doc, problems = load_document(draft, corpus.root, kind, rel)
    doc.path, doc.id = path, path.stem
    others = [replace(d, loaded=False) for d in corpus.documents if d.path != path]
    position = next((i for i, d in enumerate(corpus.documents) if d.path == path), len(others))
    view = Corpus(
        corpus.root,
        others[:position] + [doc] + others[position:],
        corpus.referentiels,
        corpus.referentiel_files,
        problems,
        focus=[path],
    )
    return doc, [f for f in check_corpus(view, today, schemas) if f.path == rel]


def field_at(doc: Document, form: Form, line: int, col: int) -> str:
    """The form label (or key, or section) a finding at line:col of a checked file is about."""
    if doc.readable and line >= doc.body_line:
        heading = ""
        for number, text in doc.body_lines():
            if number > line:
                break
            heading = text[3:].strip() if text.startswith("## ") else heading
        section = next((f.label for f in form.fields if f.section == heading), None)
        return section or (f"section « {heading} »" if heading else "texte")
    marks = [(pos, path) for path, pos in doc.marks.items() if path and pos <= (line, col)]
    if not marks:
        return "en-tête"
    path = max(marks)[1]
    key = str(path[-1] if form.kind == "confirmation" and isinstance(path[-1], str) else path[0])
    return next((f.label for f in form.fields if f.id == key), f"« {key} »")


# What the reading of the issue body said about a question: its heading was edited, deleted or is
# another form's, or its answer follows `_No response_`.
HEADING_CODES = ("titre-modifie", "titre-efface", "question-etrangere", "reponse-apres-vide")


def said(problems: list[Finding]) -> set[str]:
    """Questions whose heading or placeholder was already reported: « missing » would repeat it."""
    return {p.field for p in problems if p.code in HEADING_CODES}


def unanswered(problems: list[Finding]) -> set[str]:
    """Fields already said to be missing, off the list or unreadable: the checker's words on them
    would repeat it.
    """
    return {
        p.field
        for p in problems
        if p.code in ("champ-obligatoire", "choix-inconnu", "lecture-incertaine", *HEADING_CODES)
    }


def from_findings(
    findings: list[Finding],
    doc: Document,
    form: Form,
    *,
    by_line: bool,
    reported: Collection[str] = (),
) -> list[Finding]:
    """Checker findings as problems about fields; for forms, what the fields' own checks said is not
    repeated.
    """
    problems = []
    for f in findings:
        missing = [x.label for x in form.fields if x.section and f"« ## {x.section} »" in f.message]
        missing += [
            x.label
            for x in form.fields
            if x.id == "contournement" and f.code == "contournement-absent"
        ]
        label = (
            missing[0]
            if f.code in ("section-manquante", "contournement-absent") and missing
            else field_at(doc, form, f.line, f.col)
        )
        if not by_line and (f.code.startswith(SCANNED) or label in reported):
            continue
        message, hint = PRIVATE.get(f.code, f.message), f.hint
        if not by_line and f.code in IN_FORM_WORDS:  # no « ## » heading or key to add in a form
            message, hint = IN_FORM_WORDS[f.code](label, message)
        problems.append(
            about_field(label, f.code, message, hint, f.line if by_line else None, f.severity)
        )
    return problems


# The checker speaks of the file (« ajoutez un titre « ## Contournement » », « ajoutez
# resolu_le: »); someone answering a form reads about its questions instead.
IN_FORM_WORDS = {
    "section-manquante": lambda label, _: (
        f"la question « {label} » est sans réponse",
        "répondez-y si vous le pouvez : la page est plus utile avec (ce n'est pas bloquant)",
    ),
    "contournement-absent": lambda label, _: (
        f"statut « Contourné » mais la question « {label} » est sans réponse",
        f"décrivez sous « ### {label} » comment avancer malgré le problème, ou choisissez le "
        "statut « Actif »",
    ),
    "resolu-sans-date": lambda label, _: (
        "statut « Résolu » : le formulaire ne demande pas le jour où le problème a disparu",
        "choisissez « Actif » ou « Contourné » ; si le problème a disparu, dites-le dans le ticket "
        "avec sa date : un animateur la reportera",
    ),
    # In a form, only « Je l'ai vu aussi » gives a date that another one bounds: the first sighting.
    "date-ordre": lambda label, message: (
        message,
        "vérifiez la date ; si vous avez vu le problème avant ce premier constat, dites-le dans le "
        "ticket : un animateur avancera la date du constat",
    ),
}


def plan_content(
    form: Form,
    answers: dict,
    problems: list[Finding],
    corpus: Corpus,
    schemas: Schemas,
    today: date,
) -> Outcome:
    """A new sheet, story or malfunction from a form's answers."""
    outcome = Outcome(form.title, form.kind, problems=problems)
    title = str(answers.get("titre", ""))
    try:
        outcome.path = free_path(corpus, form.kind, title)
    except ScaffoldError as exc:
        if title.strip():
            problems.append(about_field("Titre", "titre-sans-nom", str(exc), exc.hint))
        outcome.path = free_path(
            corpus, form.kind, "contribution"
        )  # to check the rest all the same
    outcome.text = render_content(form, answers, today)
    doc, findings = check_text(corpus, outcome.path, form.kind, outcome.text, schemas, today)
    problems += from_findings(findings, doc, form, by_line=False, reported=unanswered(problems))
    return outcome


def telltales(meta: dict) -> dict[str, list[str]]:
    """Kind → the keys of a front matter that only this kind has (content.TELLTALE_KEYS), in the
    file's order.
    """
    found: dict[str, list[str]] = {}
    for key in meta:
        if key in TELLTALE_KEYS:
            found.setdefault(FOLDERS[TELLTALE_KEYS[key]], []).append(key)
    return found


def kind_of(meta: dict, marks: dict, expected: Form | None) -> tuple[str | None, list[Finding]]:
    """The kind of a sent file, told by its keys; when it came with a form, it must be that form's
    kind.
    """
    found = telltales(meta)
    label = FILE_LABEL if expected else "en-tête"
    if len(found) > 1:
        keys = ", ".join(f"« {k} » ({KIND_LABEL[kind]})" for kind, ks in found.items() for k in ks)
        line = min(marks[(k,)][0] for ks in found.values() for k in ks)
        return None, [
            about_field(
                label,
                "fichier-types-meles",
                f"l'en-tête mêle les clés de plusieurs types de contenu : {keys}",
                "un fichier décrit une seule chose : recopiez-le tel que le formulaire du site l'a "
                "produit",
                line,
            )
        ]
    kind = next(iter(found), expected.kind if expected else None)
    if kind is None or expected is None or kind == expected.kind:
        return (kind if kind in IMPORTED else None), []
    key = found[kind][0]
    return None, [
        about_field(
            label,
            "fichier-autre-type",
            f"ce fichier décrit {A_KIND[kind]} (clé « {key} ») : ce ticket, ouvert avec le "
            f"formulaire « {expected.title} », attend {A_KIND[expected.kind]}",
            f"recopiez le fichier produit par le formulaire « {expected.title} » du site, ou "
            f"ouvrez le ticket avec le formulaire qui correspond à {A_KIND[kind]}",
            marks[(key,)][0],
        )
    ]


def explicit_tags(front: str, first_line: int) -> list[Finding]:
    """Every YAML tag written in a front matter (`!!python/…`, `!include`, even `!!str`): the web
    form writes none.
    """
    if "!" not in front:
        return []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    problems = []
    try:
        for event in yaml.parse(front, Loader=loader):
            tag = getattr(event, "tag", None)
            if tag not in (None, "!"):  # None: no tag written; « ! » alone only says « a string »
                problems.append(
                    about_field(
                        "en-tête",
                        "etiquette-yaml",
                        f"étiquette YAML « {shown_tag(tag)} » refusée",
                        "retirez le « ! » ou « !! » et ce qui le suit : le formulaire du site n'en "
                        "écrit jamais",
                        first_line + (event.start_mark.line if event.start_mark else 0),
                    )
                )
    except yaml.YAMLError:
        return problems  # the full parse reports the syntax error at its line
    return problems


def shown_tag(tag: str) -> str:
    """A tag as people wrote it: `!!python/…` rather than `tag:yaml.org,2002:python/…`."""
    standard = "tag:yaml.org,2002:"
    return "!!" + tag.removeprefix(standard) if tag.startswith(standard) else tag


def with_dates(text: str, keys: tuple[str, ...], today: date) -> str:
    """The file with its automatic dates set to today, added before the closing `---` when
    absent."""
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    for key in keys:
        line = f'{key}: "{today.isoformat()}"'
        index = next((i for i in range(1, end) if re.match(rf"{key}\s*:", lines[i])), None)
        if index is None:
            lines.insert(end, line)
            end += 1
        else:
            lines[index] = line
    return "\n".join(lines)


def plan_file(
    text: str,
    corpus: Corpus,
    forms: list[Form],
    schemas: Schemas,
    today: date,
    expected: Form | None = None,
) -> Outcome:
    """A content file generated by the web form (downloaded, sent by e-mail, or carried by an issue
    of `expected`'s form).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    outcome = Outcome("fichier de contenu")
    parts, findings = split(text, "fichier")
    tags = explicit_tags(parts.front, 2) if parts else []
    parsed = parse_yaml(parts.front, "fichier", 2) if parts and not tags else None
    meta = parsed.value if parsed and isinstance(parsed.value, dict) else None
    kind, outcome.problems = (
        kind_of(meta, parsed.marks, expected) if parsed and meta is not None else (None, tags)
    )
    if kind is None or meta is None:  # a kind is only ever told from a front matter
        found = findings + (parsed.findings if parsed else [])
        outcome.problems = (
            outcome.problems
            or [about_field("en-tête", f.code, f.message, f.hint, f.line) for f in found]
            or [
                about_field(
                    "en-tête",
                    "type-inconnu",
                    "type de contenu non reconnu",
                    "une fiche a la clé « niveau », une anecdote « enseignement » et « anonymisee "
                    "», un dysfonctionnement « statut » et « gravite »",
                    1,
                )
            ]
        )
        return outcome
    form = next(f for f in forms if f.kind == kind)
    outcome.source, outcome.kind = f"fichier de contenu ({KIND_LABEL[kind]})", kind
    outcome.text = with_dates(text, AUTO_DATES[kind], today)
    try:
        outcome.path = free_path(corpus, kind, str(meta.get("titre") or ""))
    except ScaffoldError as exc:
        outcome.problems.append(about_field("Titre", "titre-sans-nom", str(exc), exc.hint, 2))
        outcome.path = free_path(corpus, kind, "contribution")
    doc, findings = check_text(corpus, outcome.path, kind, outcome.text, schemas, today)
    outcome.problems += from_findings(findings, doc, form, by_line=True)
    allowed = admin_domains(corpus)
    for line, col, value, is_body in iter_texts(doc) if doc.readable else []:
        for m in iter_spam(value, allowed):
            at = line + value.count("\n", 0, m.offset) if is_body else line
            outcome.problems.append(
                about_field(field_at(doc, form, at, col), m.code, m.message, m.hint, at)
            )
    return outcome


def plan_confirmation(
    form: Form,
    answers: dict,
    problems: list[Finding],
    corpus: Corpus,
    schemas: Schemas,
    today: date,
) -> Outcome:
    """« Je l'ai vu aussi »: one more dated confirmation in a known malfunction's file."""
    outcome = Outcome(form.title, "confirmation", problems=problems)
    target = corpus.by_id.get(str(answers.get("dysfonctionnement", "")))
    if target is None or target.kind != "dysfonctionnement" or not target.readable:
        if target is not None:
            problems.append(
                about_field(
                    "Dysfonctionnement",
                    "fichier-illisible",
                    f"{target.rel} est illisible",
                    "corrigez d'abord ce fichier (carnet check)",
                )
            )
        return outcome
    read = {
        f.id: front_matter_value(f, answers.get(f.id, "")) for f in form.fields
    }  # « 20/11/2026 » → 2026-11-20
    item = {"date": str(read["date"])} | {
        k: str(read[k]) for k in ("territoire", "commentaire") if read.get(k)
    }
    raw = target.path.read_bytes()
    text = append_confirmation(raw.removeprefix(BOM).decode("utf-8"), item)
    if text is None:
        problems.append(
            about_field(
                "Dysfonctionnement",
                "confirmation-impossible",
                f"la liste « signalements » de {target.rel} a une forme inattendue",
                "ajoutez la confirmation à la main : un tiret « - date: AAAA-MM-JJ » de plus",
            )
        )
        return outcome
    outcome.path, outcome.text, outcome.original = target.path, text, raw
    doc, findings = check_text(corpus, target.path, "dysfonctionnement", text, schemas, today)
    expected = {**target.meta, "signalements": list(target.get("signalements") or []) + [item]}
    if doc.readable and doc.meta != expected:  # the edit must add exactly this item, nothing else
        problems.append(
            about_field(
                "Dysfonctionnement",
                "confirmation-impossible",
                f"{target.rel} n'a pas pu être complété sans en changer le reste",
                "ajoutez la confirmation à la main",
            )
        )
    problems += from_findings(findings, doc, form, by_line=False, reported=unanswered(problems))
    return outcome


def plan_report(
    form: Form,
    answers: dict,
    problems: list[Finding],
    corpus: Corpus,
    schemas: Schemas,
    today: date,
) -> Outcome:
    """« Signaler une erreur »: nothing to write, a summary for the facilitators."""
    outcome = Outcome(form.title, "signalement", problems=problems)
    wanted = str(answers.get("contenu", "")).strip()
    ident = page_id(wanted)
    doc = corpus.by_id.get(ident)
    if doc is not None:
        loaded = doc if doc.readable else load_document(doc.path, corpus.root, doc.kind, doc.rel)[0]
        outcome.summary.append(("Contenu", f"{doc.rel} — « {loaded.get('titre', doc.id)} »"))
    elif wanted:
        close = suggest(
            ident, [d.id for d in corpus.documents if d.kind in KIND_FOLDER and d.kind != "page"]
        )
        outcome.summary.append(("Contenu", f"« {wanted} » (introuvable)"))
        problems.append(
            about_field(
                "Contenu concerné",
                "contenu-inconnu",
                f"aucun contenu « {ident} » dans le carnet",
                f"vouliez-vous dire « {close} » ?"
                if close
                else "indiquez la fin de l'adresse de la page",
                severity=AVERTISSEMENT,
            )
        )
    reasons = dict(next(f for f in form.fields if f.id == "raison").options)
    outcome.summary.append(
        ("Raison", reasons.get(str(answers.get("raison")), str(answers.get("raison", ""))))
    )
    private = any(p.code.startswith("donnee-") for p in problems)
    outcome.summary.append(
        (
            "Précisions",
            "(masquées : elles contiennent des données personnelles à retirer)"
            if private
            else str(answers.get("details", "")),
        )
    )
    return outcome


DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _item_values(item: dict[str, str]) -> list[str]:
    """A confirmation's « key: value » pairs; values quoted as JSON (valid YAML) unless a plain
    date.
    """
    return [
        f"{key}: "
        f"{value if key == 'date' and DATE.match(value) else json.dumps(value, ensure_ascii=False)}"
        for key, value in item.items()
    ]


def _block(item: dict[str, str], indent: str, newline: str) -> list[str]:
    """A confirmation as the lines of a block list item."""
    first, *rest = _item_values(item)
    return [f"{indent}- {first}{newline}"] + [f"{indent}  {pair}{newline}" for pair in rest]


def _last_line(node: Node) -> int:
    """The last line (0-based) a node's text occupies; block scalars end at column 0 of the next
    line.
    """
    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
        end = node.end_mark
        return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
    children = (
        node.value
        if isinstance(node, SequenceNode)
        else [part for pair in node.value for part in pair]
    )
    return max((_last_line(child) for child in children), default=node.start_mark.line)


def append_confirmation(text: str, item: dict[str, str]) -> str | None:
    """The file with one more `signalements` item, every other byte kept; None when its shape is
    unexpected.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = re.split(r"(?<=\n)", text)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if not lines[0].startswith("---") or end is None:
        return None
    try:
        node = yaml.compose("".join(lines[1:end]), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(node, MappingNode):
        return None
    key, value = next(((k, v) for k, v in node.value if k.value == "signalements"), (None, None))
    if key is None or value is None:  # absent: a new block list at the end of the front matter
        return "".join(
            lines[:end] + ["signalements:" + newline] + _block(item, "  ", newline) + lines[end:]
        )
    if isinstance(value, SequenceNode) and value.value and not value.flow_style:
        after = 1 + _last_line(value) + 1
        return "".join(
            lines[:after] + _block(item, " " * value.start_mark.column, newline) + lines[after:]
        )
    if isinstance(value, SequenceNode) and value.value:  # [a, b] on one line: one more before « ] »
        line, col = 1 + value.end_mark.line, value.end_mark.column - 1
        lines[line] = (
            lines[line][:col] + ", {" + ", ".join(_item_values(item)) + "}" + lines[line][col:]
        )
        return "".join(lines)
    if not isinstance(value, SequenceNode) and not value.tag.endswith(":null"):
        return None
    key_line = 1 + key.start_mark.line
    if (
        value.start_mark.line == value.end_mark.line == key.start_mark.line
    ):  # « [] » or « ~ » after the key
        lines[key_line] = (
            lines[key_line][: value.start_mark.column].rstrip()
            + lines[key_line][value.end_mark.column :]
        )
    return "".join(lines[: key_line + 1] + _block(item, "  ", newline) + lines[key_line + 1 :])


def write(outcome: Outcome) -> None:
    """Write the planned file: a new one never overwrites; a changed one only if untouched since it
    was read.
    """
    assert outcome.path is not None and not outcome.errors
    if outcome.original is None:
        outcome.path.parent.mkdir(parents=True, exist_ok=True)
        with open(
            outcome.path, "x", encoding="utf-8", newline=""
        ) as handle:  # "x": never overwrite, even in a race
            handle.write(outcome.text)
        return
    if outcome.path.read_bytes() != outcome.original:
        raise ChangedMeanwhile(f"{outcome.path} a changé pendant l'import")
    bom = BOM if outcome.original.startswith(BOM) else b""
    outcome.path.write_bytes(bom + outcome.text.encode("utf-8"))
