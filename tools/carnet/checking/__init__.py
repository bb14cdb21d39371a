"""Checking content: the rules, personal data and active HTML, where files belong, and the
reports."""
