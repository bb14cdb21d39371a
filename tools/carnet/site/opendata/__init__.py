"""Open data and territories: the JSON API, exports, partner widgets, département hubs and
editions."""
