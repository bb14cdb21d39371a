"""Carnet de terrain: content model, checker and site builder for mediators' field notebook."""

__version__ = "0.1.0"
