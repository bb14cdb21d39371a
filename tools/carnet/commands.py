"""Registering the commands beyond `check` (build, serve…) on the CLI parser."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    """Add the site commands; each lives in its own module."""
