"""The rule registry: each family of rules is a module with `check(corpus, context)`."""

from __future__ import annotations

from carnet.checking.rules import (
    dates,
    html,
    links,
    lists,
    nesting,
    privacy,
    refs,
    schema,
    sections,
)
from carnet.checking.rules.context import Rule


def all_rules() -> list[Rule]:
    """Every rule family, in reporting order."""
    return [
        schema.check,
        refs.check,
        links.check,
        dates.check,
        sections.check,
        lists.check,
        nesting.check,
        privacy.check,
        html.check,
    ]
