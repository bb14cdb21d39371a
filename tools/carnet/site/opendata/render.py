"""A content body as HTML outside MkDocs: the same Markdown extensions as the site, then the same
sanitiser.
"""

from __future__ import annotations

import posixpath
import re

import markdown

from carnet.site.build_cache import Store
from carnet.site.pages.common import page_url
from carnet.site.sanitize import clean_html

# MkDocs' built-in extensions plus those of mkdocs.yml; the plugin passes the configured list.
DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code", "admonition", "attr_list")
RELATIVE_MD = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|#|/)([^"#]+?\.md)(#[^"]*)?"', re.I)


class BodyRenderer:
    """One Markdown converter reused for every body (building it is the slow part)."""

    def __init__(
        self,
        extensions: tuple | list = DEFAULT_EXTENSIONS,
        configs: dict | None = None,
        store: Store | None = None,
    ) -> None:
        names = [e for e in extensions if isinstance(e, str)]
        self.converter = markdown.Markdown(extensions=names, extension_configs=dict(configs or {}))
        # With the build cache, a body rendered before with the same extensions is taken from it.
        self.memo = store.memo("corps_html", repr((names, configs))) if store else None

    def html(self, body: str, src: str, base: str) -> str:
        """Sanitised HTML; links to other content files (`../fiches/x.md`) become the pages'
        addresses.
        """
        known = self.memo.get(body, src, base) if self.memo else None
        if known is not None:
            return known
        self.converter.reset()
        rendered = clean_html(self.converter.convert(body))
        html = RELATIVE_MD.sub(lambda m: self._absolute(m, src, base), rendered)
        if self.memo:
            self.memo.put(html, body, src, base)
        return html

    @staticmethod
    def _absolute(match: re.Match, src: str, base: str) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src), match.group(1)))
        if target.startswith(".."):
            return match.group(0)
        url = page_url(target)
        return f'href="{base}{url + "/" if url else ""}{match.group(2) or ""}"'
