"""The ``geonews`` command line: thin commands (parse arguments → call the library → format).

Each command lives in its own module of this package and registers itself on :data:`main`.
Nothing in geonews imports this package.
"""

from __future__ import annotations

from geonews.cli.app import main

# Importing the command modules registers their commands on ``main``.
from geonews.cli import (  # noqa: E402,F401  (imported for their side effect)
    eval_cmd,
    export_cmd,
    gazetteer_cmd,
    map_cmd,
    parse_cmd,
    train_cmd,
)

__all__ = ["main"]
