"""The « Proposer un contenu » page: forms generated from the shared form model, checked in the
browser.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote, urlencode

from carnet.contribution.forms import KINDS, Field, Form, render_content
from carnet.site.pages.common import Html, assemble, front, h

PAGE = "proposer.md"
# A duration is a text box: « 45 min » or « 1 h 30 » are read as minutes (carnet.model.normalise).
TEXT_TYPES = {"text": "text", "date": "date", "month": "month", "number": "text"}
PLACEHOLDERS = {"date": "AAAA-MM-JJ", "month": "AAAA-MM", "number": "45 ou 1 h 30"}
EXAMPLE = "Par exemple\u00a0:\n"  # before a list field's example, in its empty box
MAX_URL = 8000  # GitHub refuses longer « new issue » addresses


def _typeset(text: str) -> str:
    """French typography for the page (the issue forms keep the model's text): no line break inside
    « … », before « : », « ; », « ! », « ? » nor inside « 1 h 30 », as carnet-formulaire.js does.
    """
    text = text.replace("« ", "«\u00a0").replace(" »", "\u00a0»")
    text = re.sub(r" ([:;!?])", "\u00a0\\1", text)
    # A format is read whole: « AAAA-MM- / JJ » was cut at its last hyphen on a phone.
    text = re.sub(r"AAAA-MM(?:-JJ)?", lambda m: m.group().replace("-", "\u2011"), text)
    return re.sub(r"(\d) h (\d)", "\\1\u00a0h\u00a0\\2", text)


def _attrs(f: Field) -> str:
    # No maxlength: the browser would cut a pasted text silently, counting UTF-16 units where the
    # checker counts characters (an emoji is two), so a valid title lost its end. The help gives
    # the bounds and carnet-formulaire.js says « trop long (N caractères, maximum M) » instead.
    attrs = []
    if f.required:
        attrs.append("required")
    if f.pattern is not None and f.kind not in ("textarea", "lines", "links"):
        attrs.append(f'pattern="{h(f.pattern)}"')
    return " ".join(attrs)


def _control(form: Form, f: Field) -> str:
    ident = f"{form.kind}-{f.id}"
    described = f'aria-describedby="{ident}-aide {ident}-erreur"'
    if f.kind in TEXT_TYPES:
        placeholder = f' placeholder="{PLACEHOLDERS[f.kind]}"' if f.kind in PLACEHOLDERS else ""
        return (
            f'<input id="{ident}" name="{f.id}" type="{TEXT_TYPES[f.kind]}" '
            f"{_attrs(f)}{placeholder} {described}>"
        )
    if f.kind in ("textarea", "lines", "links"):
        rows = 6 if f.section is not None else 3
        hint = f' placeholder="{h(EXAMPLE + f.placeholder)}"' if f.placeholder else ""
        return (
            f'<textarea id="{ident}" name="{f.id}" rows="{rows}" {_attrs(f)}{hint} '
            f"{described}></textarea>"
        )
    if f.kind == "choice":
        options = "".join(f'<option value="{h(v)}">{h(label)}</option>' for v, label in f.options)
        return (
            f'<select id="{ident}" name="{f.id}" {"required" if f.required else ""} '
            f'{described}><option value="">— choisir —</option>{options}</select>'
        )
    if f.kind == "consent":
        # Its « (obligatoire) » is in the field's title, outside the box's label: `required` says it
        # to a screen reader.
        return (
            f'<label class="carnet-case"><input id="{ident}" name="{f.id}" type="checkbox" '
            f"{'required ' if f.required else ''}{described}> {h(_typeset(f.help))}</label>"
        )
    return "".join(
        f'<label class="carnet-case"><input type="checkbox" name="{f.id}" value="{h(v)}"> '
        f"{h(label)}</label>"
        for v, label in f.options
    )


def _field(form: Form, f: Field) -> str:
    ident = f"{form.kind}-{f.id}"
    required = ' <span class="carnet-requis">(obligatoire)</span>' if f.required else ""
    if f.kind == "choices":
        # A group of boxes is named by its legend (role="group" kept: carnet-formulaire.js marks it
        # invalid). Its message comes before the boxes: after twenty of them it was off the screen
        # when the form scrolled to the legend.
        return (
            f'<div class="carnet-champ" data-champ="{f.id}"><fieldset class="carnet-groupe" '
            f'id="{ident}" role="group" aria-describedby="{ident}-aide {ident}-erreur"><legend '
            f'class="carnet-libelle" id="{ident}-libelle">{h(f.label)}{required}</legend><p '
            f'class="carnet-aide" id="{ident}-aide">{h(_typeset(f.help))}</p><p '
            f'class="carnet-erreur" id="{ident}-erreur" aria-live="polite"></p><div '
            f'class="carnet-cases">{_control(form, f)}</div></fieldset></div>'
        )
    label = (
        f'<span class="carnet-libelle" id="{ident}-libelle">{h(f.label)}{required}</span>'
        if f.kind == "consent"
        else f'<label class="carnet-libelle" for="{ident}">{h(f.label)}{required}</label>'
    )
    help_text = "" if f.kind == "consent" else h(_typeset(f.help))
    return (
        f'<div class="carnet-champ" data-champ="{f.id}">{label}<p class="carnet-aide" '
        f'id="{ident}-aide">{help_text}</p>{_control(form, f)}<p class="carnet-erreur" '
        f'id="{ident}-erreur" aria-live="polite"></p></div>'
    )


def render_form(form: Form) -> str:
    """One form, its buttons, its messages and its preview."""
    fields = "\n".join(_field(form, f) for f in form.fields)
    buttons = (
        '<div class="carnet-envoi"><button type="button" class="md-button md-button--primary" '
        'data-action="github">Envoyer '
        "via GitHub</button>"
        '<button type="button" class="md-button" data-action="email">Envoyer par e-mail</button>'
        '<button type="button" class="md-button" data-action="telecharger">Télécharger le '
        "fichier</button>"
        '<button type="button" class="md-button" data-action="effacer">Effacer le '
        "brouillon</button></div>"
        '<p class="carnet-message" aria-live="polite"></p>'
    )
    preview = (
        '<details class="carnet-apercu-bloc" open><summary>Aperçu</summary><div '
        'class="carnet-apercu"></div><p class="carnet-aide">Le fichier qui sera proposé :</p><pre '
        'class="carnet-fichier"></pre></details>'
    )
    return (
        f'<section class="carnet-formulaire" id="{form.kind}" '
        f'hidden>\n<h2>{h(form.title)}</h2>\n<form data-formulaire="{form.kind}" '
        f"novalidate>\n{fields}\n{buttons}\n</form>\n{preview}\n</section>"
    )


def issue_url(repo_url: str, template: str, title: str, fields: dict[str, str]) -> str:
    """A « new issue » address pre-filled from an issue form (GitHub reads field ids as
    parameters)."""
    params = {"template": f"{template}.yml", "title": title, **fields}
    return f"{repo_url.rstrip('/')}/issues/new?{urlencode(params, quote_via=quote)}"


def without_script(templates: dict[str, tuple[str, str, str]], contact: str) -> str:
    """What the page shows when JavaScript is off: the network's address as text, a template per
    content type.
    """
    send = (
        f"envoyez-le par e-mail aux animateurs du réseau, à l'adresse <a "
        f'href="mailto:{h(contact)}">{h(contact)}</a>'
        if contact
        else "envoyez-le aux animateurs du réseau (adresse sur la page « Contribuer »)"
    )
    blocks = "".join(
        f"<details{' open' if i == 0 else ''}><summary>Modèle\u00a0: "
        f"{h(title)}</summary><pre><code>{h(text)}</code></pre>{choices}</details>"
        for i, (title, text, choices) in enumerate(templates.values())
    )
    report = (
        f"Pour signaler une erreur ou confirmer un dysfonctionnement, écrivez à "
        f"<strong>{h(contact)}</strong> "
        "en donnant l'adresse de la page concernée et ce que vous avez constaté."
        if contact
        else ""
    )
    return (
        '<noscript><div class="carnet-sans-js-modeles"><p>Le formulaire a besoin de JavaScript, '
        "désactivé dans ce navigateur. Sans lui, copiez le modèle qui correspond à votre contenu, "
        "remplacez chaque [crochet] par votre "
        f"texte, puis {send}. Vous pouvez aussi le déposer sur GitHub (voir CONTRIBUTING.md du "
        f"dépôt).</p>{blocks}{f'<p>{report}</p>' if report else ''}</div></noscript>"
    )


def build_contribute_page(
    forms: list[Form],
    spec_json: str,
    templates: dict[str, tuple[str, str, str]],
    contact: str = "",
) -> Html:
    """The page's HTML: tabs, forms (hidden until the script runs), and templates without
    JavaScript.
    """
    safe_json = spec_json.replace("</", "<\\/")  # a JSON string may not close the <script> element
    tabs = "".join(
        f'<button type="button" class="md-button" data-onglet="{f.kind}" '
        f'aria-controls="{f.kind}">{h(f.title)}</button>'
        for f in forms
    )
    # The tabs' wrapper carries `hidden` (a styled .carnet-onglets would show it):
    # carnet-formulaire.js unhides it.
    return Html(
        f'<div class="carnet-proposer">\n<div class="carnet-onglets-bloc" hidden><div '
        f'class="carnet-onglets">{tabs}</div></div>\n'
        + "\n".join(render_form(f) for f in forms)
        + "\n"
        + without_script(templates, contact)
        + "\n"
        + f'<script type="application/json" id="carnet-formulaires">{safe_json}</script>\n</div>'
    )


def _blank(f: Field) -> str:
    """What a template's field holds until filled in: its label, or for a choice the identifiants
    the file takes (« [Niveau] » told nobody to write « debutant »)."""
    if f.kind == "choice":
        ids = [v for v, _ in f.options]
        return f"[{', '.join(ids[:-1])} ou {ids[-1]}]"
    if f.kind == "choices":
        return f"[{f.label}\u00a0: identifiants de la liste sous le modèle]"
    return f"[{f.label}]"


def _choices_list(form: Form) -> str:
    """Under a template, the identifiants its lists take, with what each one means."""
    return "".join(
        f"<p><strong>{h(f.label)}</strong>, identifiants possibles\u00a0:</p><ul>"
        + "".join(f"<li><code>{h(v)}</code> {h(label)}</li>" for v, label in f.options)
        + "</ul>"
        for f in form.fields
        if f.kind == "choices"
    )


def content_templates(forms: list[Form], today: date) -> dict[str, tuple[str, str, str]]:
    """A file to fill in for each content type (fiche, anecdote, dysfonctionnement), by form
    kind, with the identifiants its lists take."""
    return {
        f.kind: (
            f.title,
            render_content(f, {x.id: _blank(x) for x in f.fields}, today),
            _choices_list(f),
        )
        for f in forms
        if f.kind in KINDS
    }


def build_proposer(forms: list[Form], spec_json: str, today: date, contact: str = ""):
    """The whole « Proposer un contenu » page."""
    templates = content_templates(forms, today)
    intro = (
        "Une astuce, une démarche qui coince, une histoire qui apprend quelque "
        "chose\u202f? Remplissez le formulaire\u00a0: il vérifie au fur et à mesure ce que "
        "vérifiera la relecture (longueurs, dates, données personnelles), montre un aperçu, et "
        "garde votre brouillon dans ce navigateur. Pas besoin de compte GitHub\u00a0: l'envoi "
        "par e-mail ou le téléchargement du fichier conviennent aussi."
    )
    warning = (
        "**Jamais de donnée personnelle**\u00a0: ni nom, ni adresse e-mail, ni numéro de "
        "téléphone, ni numéro de sécurité sociale, ni mot de passe, même d'exemple. Les "
        "animateurs du réseau relisent chaque proposition."
    )
    return assemble(
        PAGE,
        [
            front(
                "Proposer un contenu",
                "Proposer une fiche, une anecdote ou un dysfonctionnement, sans compte GitHub.",
                carnet_formulaire="oui",
            ),
            "# Proposer un contenu",
            intro,
            warning,
            build_contribute_page(forms, spec_json, templates, contact),
        ],
    )
