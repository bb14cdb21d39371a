"""Contribution: the forms, GitHub issue forms, the importer, spam detection and new-file
scaffolds."""
