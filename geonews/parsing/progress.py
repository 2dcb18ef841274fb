"""Progress bars for long work: document counts and rate on stderr, only on a terminal.

>>> from geonews.parsing.progress import progress
>>> list(progress(range(3), desc="Parsing", quiet=True))
[0, 1, 2]
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

__all__ = ["progress", "progress_counter", "shows_progress"]

T = TypeVar("T")


def shows_progress(quiet: bool = False) -> bool:
    """Whether a progress bar would be drawn: not ``quiet`` and stderr is a terminal."""
    if quiet:
        return False
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


def progress(items: Iterable[T], *, desc: str, unit: str = "doc", total: int | None = None,
             quiet: bool = False) -> Iterator[T]:
    """``items`` unchanged, with a tqdm bar (count, rate, elapsed) on stderr when it is a
    terminal and ``quiet`` is false; otherwise the plain iterator, at no cost."""
    if not shows_progress(quiet):
        yield from items
        return
    with tqdm(items, desc=desc, unit=unit, total=total, file=sys.stderr, dynamic_ncols=True,
              mininterval=0.5, smoothing=0.1) as bar:
        yield from bar


@contextlib.contextmanager
def progress_counter(*, desc: str, unit: str = "doc", total: int | None = None,
                     quiet: bool = False) -> Iterator[Callable[[int], object]]:
    """A function ``advance(n)`` that moves a tqdm bar on by ``n`` (for work finished in
    batches, out of order); a no-op when no bar is shown."""
    if not shows_progress(quiet):
        yield lambda n: None
        return
    with tqdm(desc=desc, unit=unit, total=total, file=sys.stderr, dynamic_ncols=True,
              mininterval=0.5, smoothing=0.1) as bar:
        yield bar.update
