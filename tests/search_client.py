"""Running Pagefind queries in a real browser page, as the site's own search does."""

from __future__ import annotations

QUERY_JS = """
const [query, done] = [arguments[0], arguments[arguments.length - 1]];
(async () => {
  try {
    window.__pagefind = window.__pagefind || await import(document.baseURI.replace(/[^/]*$/, "") + "pagefind/pagefind.js");
    await window.__pagefind.options(arguments[2] || {});
    await window.__pagefind.init();
    if (window.CarnetRecherche && !window.__synonyms) { await window.CarnetRecherche.loadSynonyms(); window.__synonyms = true; }
    const term = window.CarnetRecherche ? window.CarnetRecherche.expand(query) : query;
    const search = await window.__pagefind.search(term);
    const top = await Promise.all(search.results.slice(0, arguments[1] || 5).map(r => r.data()));
    done({count: search.results.length, results: top.map(d => ({url: d.url, title: d.meta.title, type: d.meta.type || ""}))});
  } catch (error) {
    done({error: String(error)});
  }
})();
"""


def search(driver, query: str, top: int = 5, options: dict | None = None) -> dict:
    """The first results of a query, from the page currently open at the site's root."""
    return driver.execute_async_script(QUERY_JS, query, top, options or {})
