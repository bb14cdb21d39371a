"""Content rules, one module per family; registry.py lists them in reporting order."""
