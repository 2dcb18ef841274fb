"""Work on several processes of one machine, with the output of one process.

Items (documents) are cut into batches; worker processes run a task on whole batches
(:meth:`Geoparser.parse_documents <geonews.parsing.geoparser.Geoparser.parse_documents>` with
``workers`` sends :func:`~geonews.parsing.geoparser.parse_batch`, which builds one parser per
process, spaCy pipeline and gazetteer opened once). Results come back in input order, and
only a few batches per worker are in flight at any time, so memory stays flat however long
the input is.

Warnings raised in a worker are repeated in the caller. Workers start from a fresh fork
server (``spawn`` where there is none), never as forks of the caller: an open SQLite
connection or a loaded model must not be shared across a fork.
"""

from __future__ import annotations

import itertools
import multiprocessing
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from geonews.errors import GeonewsError

__all__ = ["TASK_SIZE", "WorkersError", "batches", "map_batches"]

#: Items per task sent to a worker.
TASK_SIZE = 32
#: Batches in flight per worker: enough to keep every worker busy, little memory.
_IN_FLIGHT = 3

T = TypeVar("T")
R = TypeVar("R")


class WorkersError(GeonewsError):
    """A bad ``--workers`` value, or a worker process that died."""


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last may be shorter), read lazily."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _context(preload: Sequence[str]) -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(preload))  # imported once, in the server
        return ctx
    return multiprocessing.get_context("spawn")


def _run(task: Callable[[list[T]], list[R]], batch: list[T]
         ) -> tuple[list[R], list[tuple[type[Warning], str]]]:
    """Run ``task`` on ``batch`` in a worker: the results, and the warnings to repeat in the
    caller."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        results = task(batch)
    return results, [(w.category, str(w.message)) for w in caught]


def _results(future: Future) -> list:
    results, caught = future.result()
    for category, message in caught:
        warnings.warn(message, category, stacklevel=3)
    return results


def map_batches(task: Callable[[list[T]], list[R]], items: Iterable[T], *, workers: int,
                batch_size: int = TASK_SIZE, preload: Sequence[str] = ()) -> Iterator[R]:
    """``task`` run on ``items`` in batches of ``batch_size`` on ``workers`` processes: its
    results, in input order.

    ``task`` must be picklable (a module-level function, or a :func:`functools.partial` of
    one); ``preload`` names modules the workers import once, up front. A script calling this
    must guard its entry point with ``if __name__ == "__main__":`` (workers import the main
    module).
    """
    if workers < 1:
        raise WorkersError(f"--workers must be at least 1, not {workers}")
    pool = ProcessPoolExecutor(workers, mp_context=_context(preload))
    try:
        pending: deque[Future] = deque()
        for batch in batches(items, batch_size):
            pending.append(pool.submit(_run, task, batch))
            if len(pending) >= workers * _IN_FLIGHT:
                yield from _results(pending.popleft())
        while pending:
            yield from _results(pending.popleft())
    except BrokenProcessPool as exc:
        raise WorkersError(f"a worker process died ({exc}); scripts that parse with several "
                           "workers must run under `if __name__ == '__main__':`") from None
    finally:  # also when the caller stops reading: drop the queued work, stop the workers
        pool.shutdown(wait=True, cancel_futures=True)
