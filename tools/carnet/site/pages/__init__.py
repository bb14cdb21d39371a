"""Pure builders of the site's pages: corpus data in, Markdown out; no MkDocs here."""
