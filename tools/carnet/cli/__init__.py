"""The `carnet` command: one small module per group of commands (`main` parses and dispatches)."""
