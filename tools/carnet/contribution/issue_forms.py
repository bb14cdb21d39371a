"""GitHub issue forms, both ways: YAML templates from the contribution forms, answers from an
issue body.

The web form opens `…/issues/new?template=fiche.yml&titre=…`: each element's `id` is the form
field's id, so that URL parameters fill the right boxes. GitHub then writes every element of the
form into the issue body, in the form's order: `### Libellé`, a blank line, the answer; sections
are joined by a blank line. An empty input or textarea is `_No response_`, a dropdown left alone
`None`, a textarea with `render:` a code block (an empty one when left empty), checkboxes
`- [X] label` / `- [ ] label`, a multiple dropdown its labels joined by « , ». The skeleton uses
`\n`; what people typed in a textarea may keep the browser's `\r\n`. That is what we parse back.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from urllib.parse import urlparse

import yaml

from carnet.contribution.forms import Field, Form
from carnet.text import fold

HEADER = "# Généré par `carnet formulaires` : ne pas modifier à la main.\n"
CONTRIBUTION, TO_CHECK, TO_INTEGRATE = "contribution", "à vérifier", "à intégrer"
KIND_LABELS = {
    "fiche": "fiche",
    "anecdote": "anecdote",
    "dysfonctionnement": "dysfonctionnement",
    "confirmation": "je l'ai vu aussi",
    "signalement": "signalement d'erreur",
}
TITLE_PREFIX = {
    "fiche": "[Fiche] ",
    "anecdote": "[Anecdote] ",
    "dysfonctionnement": "[Dysfonctionnement] ",
    "confirmation": "[Je l'ai vu aussi] ",
    "signalement": "[Erreur] ",
}
DESCRIPTIONS = {
    "fiche": "Une pratique d'accompagnement qui a fait ses preuves, relue par un animateur avant "
    "publication.",
    "anecdote": "Une situation vécue sur le terrain, anonymisée, et ce qu'elle vous a appris.",
    "dysfonctionnement": "Un problème qui revient sur un service public en ligne, avec son "
    "contournement s'il y en a un.",
    "confirmation": "Vous avez vu à votre tour un dysfonctionnement déjà connu du carnet : "
    "datez-le.",
    "signalement": "Une fiche ou un dysfonctionnement contient une erreur ou n'est plus à jour.",
}
CHARTER = (
    "**Avant d'écrire : la charte du carnet.** Ce ticket est public.\n\n- Aucune donnée "
    "personnelle des personnes accompagnées : ni nom, ni adresse e-mail, ni numéro de téléphone, "
    "de sécurité sociale ou de compte bancaire.\n- Jamais de mot de passe ni de code, même "
    "d'exemple : expliquez comment le construire.\n- Anonymisez : ni nom, ni lieu plus précis que "
    "le département, ni détail qui permette de reconnaître quelqu'un.\n- Des sources officielles : "
    "les liens pointent vers les sites des administrations (.gouv.fr…), en https.\n\nUn robot "
    "vérifie votre proposition et répond en commentaire ; un animateur l'intègre ensuite au carnet."
)
PLACEHOLDERS = {
    "date": "AAAA-MM-JJ",
    "month": "AAAA-MM",
    "lines": "Un élément par ligne",
    "links": "Titre | https://www.service-public.gouv.fr/…",
    "number": "45 ou 1 h 30",
}
EXTRA_HELP = {
    "choices": " Plusieurs choix possibles."
}  # « un par ligne » is in the field's own help
NO_RESPONSE = "_No response_"
CHECKED = re.compile(r"^\s*[-*]\s*\[[xX]\]\s*(.*)$")


def option_labels(f: Field) -> list[tuple[str, str]]:
    """(id, label) of a choice field as offered on GitHub: labels made unique with the id when they
    repeat.
    """
    counts: dict[str, int] = {}
    for _, label in f.options:
        counts[label] = counts.get(label, 0) + 1
    return [
        (ident, label if counts[label] == 1 else f"{label} ({ident})") for ident, label in f.options
    ]


# Filled by a link (« Je l'ai vu aussi » gives the malfunction's id): a text box, which a URL can
# fill.
BY_LINK = {"dysfonctionnement"}
FILE_LABEL = "Fichier du formulaire du site"
FILE_ELEMENT = {
    "type": "textarea",
    "id": "fichier",
    "attributes": {
        "label": FILE_LABEL,
        "render": "markdown",
        "description": "Rempli par le formulaire « Proposer un contenu » du site : laissez-le tel "
        "quel. Laissez-le vide si vous remplissez ce ticket directement.",
    },
    "validations": {"required": False},
}


def build_element(f: Field) -> dict:
    """One issue-form element for a field; its id is the field's id, the contract with the web
    form."""
    attributes: dict = {
        "label": f.label,
        "description": (f.help + EXTRA_HELP.get(f.kind, "")).strip(),
    }
    validations = {"validations": {"required": f.required}}
    if f.kind in ("choice", "choices") and f.id in BY_LINK:
        attributes["description"] += " Son identifiant (la fin de l'adresse de sa page)."
        return {"type": "input", "id": f.id, "attributes": attributes, **validations}
    if f.kind == "consent":
        attributes["options"] = [{"label": f.help, "required": f.required}]
        attributes["description"] = "Cochez pour certifier."
        return {"type": "checkboxes", "id": f.id, "attributes": attributes}
    if f.kind in ("choice", "choices") and f.options:
        attributes["multiple"] = f.kind == "choices"
        attributes["options"] = [label for _, label in option_labels(f)]
        # Not required on GitHub: whether an address can pre-select a dropdown is not documented,
        # and a required empty dropdown would block the send; `carnet importer --verifier` checks
        # it.
        return {
            "type": "dropdown",
            "id": f.id,
            "attributes": attributes,
            "validations": {"required": False},
        }
    placeholder = f.placeholder or PLACEHOLDERS.get(f.kind, "")
    if placeholder:
        attributes["placeholder"] = placeholder
    kind = "textarea" if f.kind in ("textarea", "lines", "links") else "input"
    return {"type": kind, "id": f.id, "attributes": attributes, **validations}


def build_issue_form(form: Form) -> dict:
    """The whole issue form of a contribution form: charter first, then one element per field."""
    return {
        "name": form.title,
        "description": DESCRIPTIONS[form.kind],
        "title": TITLE_PREFIX[form.kind],
        "labels": [CONTRIBUTION, KIND_LABELS[form.kind], TO_CHECK],
        "body": [
            {"type": "markdown", "attributes": {"value": CHARTER}},
            *map(build_element, form.fields),
            *([FILE_ELEMENT] if form.kind in ("fiche", "anecdote", "dysfonctionnement") else []),
        ],
    }


class _Dumper(yaml.SafeDumper):
    """yaml.safe_dump's dumper, writing multi-line texts (the charter) as literal blocks people can
    read.
    """


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _dump(data: dict) -> str:
    return HEADER + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def render_templates(forms: list[Form]) -> dict[str, str]:
    """File name → text of every file of .github/ISSUE_TEMPLATE/ that `carnet formulaires` owns."""
    files = {f"{form.kind}.yml": _dump(build_issue_form(form)) for form in forms}
    files["config.yml"] = _dump({"blank_issues_enabled": True})
    return files


def drifted(folder: Path, expected: dict[str, str]) -> list[str]:
    """Files that differ from what would be generated: changed, missing, or generated once and now
    unknown.
    """
    names = [
        name
        for name, text in expected.items()
        if not (folder / name).is_file() or (folder / name).read_text("utf-8") != text
    ]
    stale = (
        [
            p.name
            for p in sorted(folder.glob("*.yml"))
            if p.name not in expected and p.read_text("utf-8").startswith(HEADER)
        ]
        if folder.is_dir()
        else []
    )
    return names + stale


def write_templates(folder: Path, expected: dict[str, str]) -> list[str]:
    """Write the files that changed; returns their names."""
    changed = [name for name in drifted(folder, expected) if name in expected]
    folder.mkdir(parents=True, exist_ok=True)
    for name in changed:
        (folder / name).write_text(expected[name], encoding="utf-8")
    return changed


# --- From an issue body back to answers -------------------------------------------------------


def answer_elements(form: Form) -> list[dict]:
    """The elements GitHub writes into the issue body (the charter aside), exactly as `carnet
    formulaires` writes them.
    """
    return [e for e in build_issue_form(form)["body"] if e["type"] != "markdown"]


def _lines(body: str) -> list[str]:
    return body.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _heading(line: str, labels: list[str]) -> str | None:
    """The label a `### Libellé` line opens, when it is one of the form's labels."""
    heading = line[4:].strip() if line.startswith("### ") else None
    return heading if heading in labels else None


def split_sections(body: str, labels: list[str]) -> dict[str, str]:
    """Label → raw answer: what lies between a known `### Libellé` line and the next one, in any
    order.

    Only the form's own labels cut: a `### Autre chose` line someone typed stays in its
        answer. A label
    heading a second section does not cut either (`repeated_labels` reports it).
    """
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in _lines(body):
        heading = _heading(line, labels)
        if heading is not None and heading not in sections:
            current = sections.setdefault(heading, [])
        elif current is not None:
            current.append(line)
    return {label: "\n".join(lines).strip() for label, lines in sections.items()}


# A line someone may have made of a `### Libellé` heading while editing the issue: another level,
# bold, a colon or a plural added (« ## Lieu », « **Lieu** », « ### Lieu : », « ### Lieux »).
HEADING_LIKE = re.compile(r"^\s{0,3}(?:#{1,6}[ \t]*(.+?)[ \t#]*|\*\*(.+?)\*\*)\s*$")


def _loose(text: str) -> str:
    return fold(text, " ").strip(" :.?!*_")


FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def outside_fences(lines: list[str]) -> list[bool]:
    """For each line, whether it is outside a fenced code block: the file the web form sends comes
    in one, with its own `## Situation` headings, which are its text and no edit of the issue.
    """
    outside, fence = [], ""
    for line in lines:
        mark = FENCE.match(line)
        if fence and mark and mark.group(1)[0] == fence[0] and len(mark.group(1)) >= len(fence):
            outside.append(False)
            fence = ""
            continue
        outside.append(not fence and not mark)
        fence = fence or (mark.group(1) if mark else "")
    return outside


def outside_text(lines: list[str], labels: list[str]) -> list[bool]:
    """For each line, whether it may be an edited heading: neither in a code block nor in the file
    sent by the web form (its code block may hold others, which GitHub does not lengthen).
    """
    outside, in_file = [], False
    for line, free in zip(lines, outside_fences(lines), strict=True):
        heading = _heading(line, labels)
        in_file = heading == FILE_LABEL if heading is not None else in_file
        outside.append(free and not in_file)
    return outside


def renamed_headings(body: str, labels: list[str]) -> dict[int, str]:
    """Line index → the missing label that a heading-like line stands for, when one was edited.

    Only labels absent from the body are looked for, and only near-identical lines (case, accents,
    level, bold, punctuation, a letter or two): a `### Autre chose` typed in an answer stays in it.
    """
    lines = _lines(body)
    missing = {_loose(label): label for label in labels}
    for line in lines:
        missing.pop(_loose(_heading(line, labels) or "\0"), None)
    found: dict[int, str] = {}
    for index, (line, outside) in enumerate(zip(lines, outside_text(lines, labels), strict=True)):
        like = HEADING_LIKE.match(line)
        if not missing or not like or not outside or _heading(line, labels) is not None:
            continue
        text = _loose(like.group(1) or like.group(2))
        close = difflib.get_close_matches(text, list(missing), n=1, cutoff=0.8)
        if close:
            found[index] = missing.pop(close[0])
    return found


def foreign_headings(body: str, labels: list[str], others: list[str]) -> list[tuple[str, str]]:
    """(the answer it sits in, the label) for each `### Libellé` line of another form's labels."""
    foreign = set(others) - set(labels)
    found, current = [], ""
    lines = _lines(body)
    for line, outside in zip(lines, outside_text(lines, labels), strict=True):
        heading = line[4:].strip() if line.startswith("### ") else None
        current = _heading(line, labels) or current
        if heading in foreign and outside:
            found.append((current, heading))
    return found


def leading_text(body: str, labels: list[str]) -> str:
    """What comes before the first of the form's `###` lines, the « formulaire: … » line aside."""
    before = []
    for line in _lines(body):
        if _heading(line, labels) is not None:
            break
        before.append(line)
    return LEADING.sub("", "\n".join(before).strip(), count=1).strip(" \n->")


def repeated_labels(body: str, labels: list[str]) -> list[str]:
    """The form's labels that head more than one `###` line: which one GitHub wrote cannot be
    told."""
    seen = [h for h in (_heading(line, labels) for line in _lines(body)) if h is not None]
    return list(dict.fromkeys(label for label in seen if seen.count(label) > 1))


def unfence(raw: str) -> str:
    """The answer of a textarea with `render:`, which GitHub shows in a code block (an empty one
    when left empty).
    """
    lines = raw.strip().split("\n")
    if len(lines) >= 2 and lines[0].startswith("```") and lines[-1].strip() == "```":
        return "\n".join(lines[1:-1])
    return raw


def headings(body: str) -> set[str]:
    """Every `### …` heading of a body."""
    return {
        line[4:].strip() for line in body.replace("\r", "\n").split("\n") if line.startswith("### ")
    }


LEADING = re.compile(r"^\s*(?:<!--\s*)?formulaire\s*:\s*([a-z]+)", re.I)


def detect_form(body: str, forms: list[Form]) -> Form | None:
    """The form an issue body comes from: a leading « formulaire: KIND » line, else the best match
    of labels.
    """
    leading = LEADING.match(body)
    by_kind = {form.kind: form for form in forms}
    if leading and leading.group(1).lower() in by_kind:
        return by_kind[leading.group(1).lower()]
    found = headings(body)
    scored = [
        (
            len(found & {f.label for f in form.fields}),
            -len({f.label for f in form.fields} - found),
            form,
        )
        for form in forms
    ]
    best = max(scored, key=lambda s: s[:2], default=None)
    return best[2] if best and best[0] else None


def page_id(address: str) -> str:
    """The id a carnet page's address ends with (« …/fiches/mot-de-passe/?x=1#etapes »)."""
    try:
        path = urlparse(address.strip()).path
    except ValueError:  # « https://[adresse de la page]/… », a placeholder left in: not a host
        path = re.split(r"[?#]", address.strip(), maxsplit=1)[0]
    return path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".md").removesuffix(".html")


def _match(wanted: str, f: Field) -> str | None:
    """The id of a choice given its label (as GitHub writes it, or up to its « : » explanation) or
    its id,
    case, accents and spaces aside; a page address gives its last part (« Je l'ai vu aussi »)."""
    if re.match(r"https?://", wanted.strip()):  # copied from the browser: « …/id/?utm…#symptomes »
        wanted = page_id(wanted)

    def loose(text: str) -> str:
        return " ".join(fold(text).replace("-", " ").replace("’", "'").split())

    key = loose(wanted)
    for ident, label in option_labels(f) + list(f.options):
        if key in (loose(label), loose(label.split(" : ")[0]), loose(ident)):
            return ident
    return None


def _choices(raw: str, f: Field) -> tuple[list[str], list[str]]:
    """GitHub joins chosen labels with « , »; labels may hold commas, so rejoin the longest known
    label.
    """
    pieces = [p.strip() for p in re.split(r",|\n", raw) if p.strip(" -*\t")]
    chosen, unknown, start = [], [], 0
    while start < len(pieces):
        for end in range(len(pieces), start, -1):
            ident = _match(", ".join(pieces[start:end]).strip(" -*\t"), f)
            if ident:
                chosen.append(ident)
                start = end
                break
        else:
            unknown.append(pieces[start].strip(" -*\t"))
            start += 1
    return list(dict.fromkeys(chosen)), unknown


def parse_answer(f: Field, raw: str) -> tuple[object, list[str]]:
    """An answer as forms.render_content takes it, and the answers that match no choice."""
    empty = (
        (NO_RESPONSE, "None") if f.kind in ("choice", "choices") else (NO_RESPONSE,)
    )  # « None »: a dropdown left alone
    text = "" if raw.strip() in empty else raw.strip()
    if f.kind == "consent":
        return any(CHECKED.match(line) for line in text.split("\n")), []
    if f.kind == "choice" and f.options and text:
        ident = _match(text, f)
        return (ident, []) if ident else (text, [text])
    if f.kind == "choices" and f.options and text:
        return _choices(text, f)
    return text, []
