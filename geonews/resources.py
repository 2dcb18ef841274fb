"""Per-process shared resources: one opened gazetteer per index file."""

from __future__ import annotations

import functools
from pathlib import Path

from gazetteer import Gazetteer, default_path

__all__ = ["open_gazetteer"]


def open_gazetteer(path: str | None = None) -> Gazetteer:
    """The gazetteer at ``path`` (``None``: the embedded default), opened once per process.

    Every spelling of the same file (``None``, the default path, a relative path) gives the
    same instance, so the recogniser and the resolver share one connection and its caches.
    """
    target = Path(path).expanduser() if path else default_path()
    return _open(str(target.resolve()))


@functools.lru_cache(maxsize=4)
def _open(path: str) -> Gazetteer:
    return Gazetteer.open(path)
