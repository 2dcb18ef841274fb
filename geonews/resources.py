"""Per-process shared resources: one opened gazetteer per index file.

The geoparser, its spaCy component (whose config can only carry the index path) and every
worker process get their gazetteer here, so a process opens each index once and its parts
share one connection and its caches.
"""

from __future__ import annotations

import os
from pathlib import Path

from gazetteer import Gazetteer, default_path

__all__ = ["open_gazetteer", "share_gazetteer"]

#: The gazetteers of this process, by resolved index path.
_gazetteers: dict[str, Gazetteer] = {}


def open_gazetteer(path: str | os.PathLike[str] | None = None) -> Gazetteer:
    """This process's gazetteer at ``path`` (``None``: the embedded default), opened on first
    use; every spelling of the same file (``None``, the default path, a relative path) gives
    the same instance."""
    key = _key(path)
    gazetteer = _gazetteers.get(key)
    if gazetteer is None:
        gazetteer = _gazetteers[key] = Gazetteer.open(key)
    return gazetteer


def share_gazetteer(gazetteer: Gazetteer) -> Gazetteer:
    """Make ``gazetteer`` (opened by the caller) this process's instance of its index file,
    the one :func:`open_gazetteer` gives from now on; returns it."""
    _gazetteers[_key(gazetteer.path)] = gazetteer
    return gazetteer


def _key(path: str | os.PathLike[str] | None) -> str:
    target = Path(path).expanduser() if path else default_path()
    return str(target.resolve())
