"""The « Le carnet hors ligne » page, and the download link the home page shows.

The archive's size is only known once it is written, after the build: the link carries a
placeholder (`data-carnet-taille`) that carnet.site.offline.fill_size replaces.
"""

from __future__ import annotations

from datetime import date

from carnet.site.offline import archive_path
from carnet.site.pages.common import Html, Page, assemble, french_date, front, h, href

PAGE = "hors-ligne.md"


def download_block(from_src: str, today: date, with_help: bool = True) -> Html:
    """« Télécharger le carnet hors ligne (12 Mo, 23 novembre 2026) », and how to use it."""
    target = href(from_src, "index.md") + archive_path(today)
    help_link = (
        f' · <a href="{h(href(from_src, PAGE))}">comment s\'en servir</a>' if with_help else ""
    )
    return Html(
        f'<div class="carnet-hors-ligne-accueil"><p><a href="{h(target)}" download>Télécharger '
        f"le carnet hors ligne (<span data-carnet-taille>taille inconnue</span>, "
        f"{french_date(today)})</a>{help_link}</p></div>"
    )


def home_section(today: date, archive: bool) -> list:
    """The home page's « Sans réseau » section."""
    phone = (
        "Sur un téléphone, les pages déjà ouvertes restent lisibles sans réseau\u00a0; sur une "
        "fiche, « Garder hors ligne » la garde à coup sûr."
    )
    parts: list = ["## Sans réseau"]
    if archive:
        parts.append(download_block("index.md", today))
    return parts + [phone + ("" if archive else " [Comment faire](hors-ligne.md)")]


def build_offline_help(today: date, archive: bool) -> Page:
    """How to read the carnet without network: the archive on a PC, kept pages on a phone."""
    pc = [
        "## Sur un ordinateur\u00a0: l'édition hors ligne",
        "L'édition hors ligne est une copie de tout le carnet dans un fichier .zip\u00a0: fiches, "
        "anecdotes, dysfonctionnements, pages par administration, par compétence et par public, "
        "thèmes du mois.",
        download_block(PAGE, today, with_help=False) if archive else "",
        "1. Téléchargez le fichier quand vous avez du réseau.\n2. Décompressez-le\u00a0: clic "
        "droit sur le fichier puis « Extraire tout… » sous Windows, double-clic sur un Mac.\n3. "
        "Dans le dossier obtenu, ouvrez le fichier `index.html` avec votre navigateur "
        "(double-clic), puis ajoutez la page à vos favoris.",
        "**La recherche ne fonctionne pas dans cette édition**\u00a0: les navigateurs interdisent "
        "aux pages ouvertes depuis le disque de charger l'index de recherche. Passez par les "
        "index, présents sur chaque page\u00a0: les fiches de A à Z, les administrations, les "
        "compétences, les publics et le tableau des dysfonctionnements.",
        "Le formulaire « Proposer un contenu » se remplit hors ligne\u00a0; « Télécharger le "
        "fichier » fonctionne, l'envoi par GitHub ou par e-mail attendra le retour du réseau.",
        "L'édition est celle du jour de son téléchargement (la date est dans le nom du "
        "fichier)\u00a0: téléchargez-la de nouveau chaque mois, les sites des administrations "
        "changent souvent.",
    ]
    phone = [
        "## Sur un téléphone\u00a0: les pages gardées",
        "Le carnet garde dans votre téléphone les pages que vous avez déjà ouvertes. Pour être sûr "
        "d'avoir une fiche pendant une permanence sans réseau, ouvrez-la avant de partir et "
        "touchez « Garder hors ligne », sous son titre.",
        "Sans réseau, ouvrez le carnet comme d'habitude\u00a0: un bandeau « Hors ligne » signale "
        "que la page vient de la mémoire du téléphone et peut dater un peu. Une page jamais "
        "ouverte n'est pas disponible.",
        Html('<div class="carnet-gardees" data-carnet-gardees hidden></div>'),
        "La navigation privée efface ces pages à sa fermeture\u00a0; il faut un navigateur récent "
        "(Chrome, Firefox, Safari, Edge, Samsung Internet).",
    ]
    return assemble(
        PAGE,
        [
            front(
                "Le carnet hors ligne",
                "Lire le carnet sans réseau\u00a0: l'édition à télécharger pour un ordinateur, les "
                "fiches gardées sur un téléphone.",
            ),
            "# Le carnet hors ligne",
            "Pour les permanences sans réseau\u00a0: sur un ordinateur, l'édition hors "
            "ligne\u00a0; sur un téléphone, les fiches gardées.",
            *pc,
            *phone,
        ],
    )
