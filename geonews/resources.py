"""Per-process shared resources: one opened gazetteer per index path."""

from __future__ import annotations

import functools

from gazetteer import Gazetteer

__all__ = ["open_gazetteer"]


@functools.lru_cache(maxsize=4)
def open_gazetteer(path: str | None = None) -> Gazetteer:
    """The gazetteer at ``path`` (``None``: the embedded default), opened once per process."""
    return Gazetteer.open(path)
