"""Parsing on several processes of one machine, with the output of one process.

Documents are cut into chunks; each worker process builds one
:class:`~geonews.parsing.geoparser.Geoparser` (spaCy pipeline and gazetteer, opened once) and parses
whole chunks. Results come back in input order, and only a few chunks per worker are in
flight at any time, so memory stays flat however long the input is.

Warnings raised in a worker are repeated in the caller. Workers start from a fresh fork
server (``spawn`` where there is none), never as forks of the caller: an open SQLite
connection or a loaded model must not be shared across a fork.
"""

from __future__ import annotations

import itertools
import multiprocessing
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from geonews.errors import GeonewsError
from geonews.models import Document, ParsedDocument
from geonews.settings import ParserSettings

if TYPE_CHECKING:
    from geonews.parsing.geoparser import Geoparser

__all__ = ["CHUNK_SIZE", "WorkersError", "chunks", "parse_parallel"]

#: Documents per task sent to a worker.
CHUNK_SIZE = 32
#: Chunks in flight per worker: enough to keep every worker busy, little memory.
_IN_FLIGHT = 3

#: The parser of this worker process, built by its first task.
_worker_parser: Geoparser | None = None


class WorkersError(GeonewsError):
    """A bad ``--workers`` value, or a worker process that died."""


def chunks(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """``items`` in lists of ``size`` (the last may be shorter), read lazily."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["geonews.parsing.geoparser"])  # import spaCy once, in the server
        return ctx
    return multiprocessing.get_context("spawn")


def _parse_chunk(documents: list[Document], settings: ParserSettings, given_spans: bool
                 ) -> tuple[list[ParsedDocument], list[tuple[type[Warning], str]]]:
    """Parse a chunk in a worker: the results, and the warnings to repeat in the caller."""
    # The parser is built in a task rather than a pool initializer: a failure (no model, bad
    # gazetteer) then reaches the caller instead of making the pool restart workers forever.
    global _worker_parser
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        if _worker_parser is None or _worker_parser.settings != settings:
            from geonews.parsing.geoparser import Geoparser

            _worker_parser = Geoparser(settings)
        parsed = list(_worker_parser.parse_documents(documents, given_spans=given_spans))
    return parsed, [(w.category, str(w.message)) for w in caught]


def _results(future: Future) -> list[ParsedDocument]:
    parsed, caught = future.result()
    for category, message in caught:
        warnings.warn(message, category, stacklevel=3)
    return parsed


def parse_parallel(documents: Iterable[Document], settings: ParserSettings, *, workers: int,
                   given_spans: bool = False,
                   chunk_size: int = CHUNK_SIZE) -> Iterator[ParsedDocument]:
    """Parse ``documents`` on ``workers`` processes; the same results, in the same order, as
    :meth:`Geoparser.parse_documents` on one process.

    ``settings`` are the :attr:`Geoparser.settings` of the parser to run; every worker builds
    it (loads the model, opens the gazetteer) once. A script calling this must guard its
    entry point with ``if __name__ == "__main__":`` (workers import the main module).
    """
    if workers < 1:
        raise WorkersError(f"--workers must be at least 1, not {workers}")
    pool = ProcessPoolExecutor(workers, mp_context=_context())
    try:
        pending: deque[Future] = deque()
        for chunk in chunks(documents, chunk_size):
            pending.append(pool.submit(_parse_chunk, chunk, settings, given_spans))
            if len(pending) >= workers * _IN_FLIGHT:
                yield from _results(pending.popleft())
        while pending:
            yield from _results(pending.popleft())
    except BrokenProcessPool as exc:
        raise WorkersError(f"a worker process died ({exc}); scripts that parse with several "
                           "workers must run under `if __name__ == '__main__':`") from None
    finally:  # also when the caller stops reading: drop the queued work, stop the workers
        pool.shutdown(wait=True, cancel_futures=True)
