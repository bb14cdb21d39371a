"""Sanitising what content puts on a page: an allowlist (nh3, the bindings of Rust's ammonia).

The checker tells contributors why active HTML is refused; safety does not depend on it. Every
piece of HTML rendered from content passes through `clean_html` before the generated fragments
(written by the page builders, with every value escaped) are put back in.
"""

from __future__ import annotations

import nh3

# What Markdown, its extensions in mkdocs.yml (tables, admonition, attr_list, toc) and a careful
# contributor's raw HTML produce. No form, media, frame, style or script element.
TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    # The builders weigh the title of an example down in the search index (attr_list on the h1).
    "h1": {"data-pagefind-weight"},
}
# Classes that Markdown's admonitions and tables write; anything else could borrow the theme's
# layout (a fixed, full-screen header class over the page).
CLASSES = {
    tag: {
        "admonition",
        "admonition-title",
        "note",
        "abstract",
        "info",
        "tip",
        "success",
        "question",
        "warning",
        "failure",
        "danger",
        "bug",
        "example",
        "quote",
        "attention",
        "caution",
        "error",
        "hint",
        "important",
        "seealso",
        "todo",
    }
    for tag in ("div", "p", "details", "summary")
}
SCHEMES = {"https", "mailto", "tel"}
# Ids the site's own scripts look up (search dialog, forms) or Material uses (« __drawer »…).
RESERVED_ID_PREFIXES = ("carnet-recherche", "carnet-q", "__", "md-")


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and value.lower().startswith(RESERVED_ID_PREFIXES):
        return None
    if (
        tag == "img"
        and attribute == "src"
        and (":" in value.split("/", 1)[0] or value.startswith("//"))
    ):
        return None  # images come from the site itself: no request to a third party
    return value


def clean_html(html: str) -> str:
    """Rendered content, with only the allowed tags, attributes, classes and link schemes left."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags={"script", "style", "template", "textarea", "title"},
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        attribute_filter=_filter,
        url_schemes=set(SCHEMES),
        allowed_classes={k: set(v) for k, v in CLASSES.items()},
        filter_style_properties={"text-align"},
        link_rel=None,
    )


def template_text(text: object) -> str:
    """Text that a theme prints without escaping (Material's title and header): no tag can form."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attribute_text(text: object) -> str:
    """Text that a theme prints inside a quoted attribute without escaping (meta description)."""
    return template_text(text).replace('"', "&quot;")
