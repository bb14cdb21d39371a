"""The content model: schemas, référentiels, loading every file once, and what is derived from
it."""
