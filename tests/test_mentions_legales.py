"""The legal notice comes from mkdocs.yml: filled when set, left out and reported « à renseigner »
when not.
"""

from __future__ import annotations

import logging
import re

import pytest

from carnet.model.content import load_corpus
from carnet.site.pages.common import SiteSettings
from carnet.site.pages.home import build_free_page, fill_settings, setting_values, unset_settings
from carnet.site.plugin import report_unset_settings
from conftest import REPO, TODAY

CORPUS = load_corpus(REPO / "content")
LICENCE = next(p for p in CORPUS.of_kind("page") if p.id == "licence")
SET = SiteSettings(
    today=TODAY,
    contact="animation@reseau-exemple.fr",
    mentions={
        "editeur": "Association Carnet",
        "direction_publication": "La présidence de l'association",
        "hebergeur": "GitHub Pages",
    },
)


def test_the_repository_licence_has_settings_not_placeholders() -> None:
    assert "à compléter" not in LICENCE.body
    assert unset_settings(LICENCE.body, {}) == [
        "editeur",
        "direction_publication",
        "hebergeur",
        "contact",
    ]


def test_set_values_fill_the_page() -> None:
    text = build_free_page(LICENCE, SET).markdown
    assert "- Éditeur du site\u00a0: Association Carnet" in text
    assert (
        "- Directeur ou directrice de la publication\u00a0: La présidence de l'association" in text
    )
    assert (
        "- Contact\u00a0: [animation@reseau-exemple.fr](mailto:animation@reseau-exemple.fr)" in text
    )
    assert "{{" not in text and "## Éditeur et hébergement" in text


def test_unset_lines_and_their_empty_heading_are_left_out() -> None:
    text = build_free_page(
        LICENCE, SiteSettings(today=TODAY, contact="animation@example.org")
    ).markdown
    assert "{{" not in text and "compléter" not in text and "renseigner" not in text
    assert (
        "Éditeur" not in text and "Contact" not in text and "## Éditeur et hébergement" not in text
    )
    assert "## Données personnelles" in text


def test_fill_settings_keeps_what_is_set() -> None:
    body = (
        "## A\n\n- un : {{ editeur }}\n- deux : {{hebergeur}}\n\n## B\n\n- {{ inconnu }}\n\n## "
        "C\n\nTexte."
    )
    assert fill_settings(body, {"editeur": "E"}) == "## A\n\n- un : E\n\n## C\n\nTexte."


def test_values_are_escaped_and_example_addresses_are_unset() -> None:
    values = setting_values(
        SiteSettings(
            today=TODAY,
            contact="x@example.org",
            mentions={"editeur": "<b>[lien](x)</b>", "hebergeur": " "},
        )
    )
    assert values == {"editeur": "&lt;b\\>\\[lien\\]\\(x\\)&lt;/b\\>"}


def test_the_build_log_says_what_is_to_fill(caplog) -> None:
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.carnet"):
        report_unset_settings(
            CORPUS,
            SiteSettings(today=TODAY, contact="animation@example.org", mentions={"editeur": "E"}),
        )
    lines = [
        r.getMessage()
        for r in caplog.records
        if "[a-renseigner]" in r.getMessage() and r.getMessage().startswith(LICENCE.rel)
    ]  # « Contribuer » quotes {{ contact }} too
    assert [re.search(r"« (\w+) »", line).group(1) for line in lines] == [
        "direction_publication",
        "hebergeur",
        "contact",
    ]
    assert all(
        line.startswith(LICENCE.rel + ": avertissement")
        and "est à renseigner dans mkdocs.yml" in line
        for line in lines
    )


@pytest.mark.parametrize(
    ("site_url", "publishing", "reported"),
    [
        ("", True, True),
        ("https://reseau.example.org/carnet/", True, False),
        ("", False, False),  # a preview: its addresses are the preview's own
    ],
)
def test_the_build_log_asks_for_the_site_address(
    caplog, site_url: str, publishing: bool, reported: bool
) -> None:
    settings = SiteSettings(today=TODAY, contact="animation@example.org", site_url=site_url)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.carnet"):
        report_unset_settings(CORPUS, settings, publishing=publishing)
    lines = [r.getMessage() for r in caplog.records if "« site_url »" in r.getMessage()]
    assert len(lines) == reported
    assert all(
        line.startswith("mkdocs.yml: avertissement [a-renseigner]") and "relatives" in line
        for line in lines
    )
