"""A content body as HTML outside MkDocs: the same Markdown extensions as the site, then the same
sanitiser.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

import markdown

from carnet.site.pages.common import page_url
from carnet.site.sanitize import clean_html

# MkDocs' built-in extensions plus those of mkdocs.yml; the plugin passes the configured list.
DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code", "admonition", "attr_list")
RELATIVE_MD = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|#|/)([^"#]+?\.md)(#[^"]*)?"', re.I)


class BodyRenderer:
    """Each content's body as sanitised HTML, for the API.

    `carnet build` passes `built`: each body's HTML as its page holds it (`Page.body_html`),
    rendered once by the site's Markdown. A body without it (`carnet generer`, tests, a body whose
    Markdown swallowed its page's marker) is rendered here with the same extensions.
    """

    def __init__(
        self,
        extensions: tuple | list = DEFAULT_EXTENSIONS,
        configs: dict | None = None,
        built: Mapping[str, str] | None = None,
    ) -> None:
        self.names = [e for e in extensions if isinstance(e, str)]
        self.configs = dict(configs or {})
        self.built = built or {}
        self.converter: markdown.Markdown | None = None

    def html(self, body: str, src: str, base: str) -> str:
        """Sanitised HTML whose links are the site's addresses (`../fiches/x.md` →
        `{base}fiches/x/`)."""
        known = self.built.get(src)
        if known is not None:
            return site_links(known, src, base)
        if self.converter is None:  # one converter for every body: building it is the slow part
            self.converter = markdown.Markdown(
                extensions=self.names, extension_configs=self.configs
            )
        self.converter.reset()
        rendered = clean_html(self.converter.convert(body))
        return RELATIVE_MD.sub(lambda m: self._absolute(m, src, base), rendered)

    @staticmethod
    def _absolute(match: re.Match, src: str, base: str) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src), match.group(1)))
        if target.startswith(".."):
            return match.group(0)
        url = page_url(target)
        return f'href="{base}{url + "/" if url else ""}{match.group(2) or ""}"'


def site_links(html: str, src: str, base: str) -> str:
    """A body's HTML taken from its page, its links relative to the page made site addresses.

    MkDocs has made links to content files relative to the page (`../autre/`); outside the page
    they must name the site's address (`{base}fiches/autre/`), or the site's root when `base` is
    empty. A link that climbs above the site is left as it is.
    """
    folder = page_url(src)
    return RELATIVE_URL.sub(lambda m: _from_root(m, folder, base), html)


RELATIVE_URL = re.compile(r'(\s(?:href|src)=")(?![a-z][a-z0-9+.-]*:|#|/)([^"?#]+)([^"]*")', re.I)


def _from_root(match: re.Match, folder: str, base: str) -> str:
    attribute, path, rest = match.groups()
    target = posixpath.normpath(posixpath.join(folder, path))
    if target == ".." or target.startswith("../"):
        return match.group(0)
    target = "" if target == "." else target + ("/" if path.endswith("/") else "")
    return f"{attribute}{base}{target}{rest}"
