"""The site: pure page builders, search, feeds, open data, the theme, and the MkDocs glue (plugin,
runner).
"""
