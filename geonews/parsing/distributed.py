"""Parsing a corpus on a Dask cluster into a partitioned dataset.

The client reads the input as a stream and cuts it into partitions of ``partition_size``
documents; each partition is one task, run with a parse function such as
:func:`~geonews.parsing.geoparser.parse_batch`, with which every worker builds one parser
(spaCy pipeline and gazetteer) when the run starts and reuses it for every partition (a
worker that joins later builds it at its first task). The worker returns the finished
part file as bytes and the client writes it as ``part-00000.parquet`` (GeoParquet) or
``part-00000.jsonl``; the parts, read in name order, hold exactly the rows of a
single-process run. Only a few partitions per worker are in flight, so the client's memory
stays flat however large the corpus. Workers need no shared file system for the output; the
gazetteer file must be readable on every worker (see ``docs/performance.md``).

Needs the optional ``dask`` extra: ``pip install "geonews[dask]"``.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geonews.outputs.atomic import atomic_write
from geonews.errors import GeonewsError, OutputFormatError
from geonews.models import Document, ParsedDocument
from geonews.records.schema import records
from geonews.outputs.tables import mention_frame
from geonews.parsing.parallel import batches
from geonews.parsing.progress import progress_counter
from geonews.records.parts import PART_EXTENSIONS, part_files

if TYPE_CHECKING:
    from distributed import Client

__all__ = [
    "LOCAL",
    "PARTITION_SIZE",
    "ClusterError",
    "ClusterRun",
    "connect",
    "dataset_format",
    "parse_distributed",
    "parse_partition",
]

#: ``--scheduler`` value that starts a cluster on this machine.
LOCAL = "local"
#: Documents per partition (one task, one part file).
PARTITION_SIZE = 500
_DIRECTORY_FORMATS = {".parquet": "geoparquet", ".geoparquet": "geoparquet",
                      ".jsonl": "jsonl", ".ndjson": "jsonl"}
#: How long to wait for a remote scheduler.
CONNECT_TIMEOUT = "20s"
#: Partitions in flight per worker.
_IN_FLIGHT = 2

#: Parses a list of documents on a worker (``[]``: builds the worker's parser).
ParseBatch = Callable[[list[Document]], list[ParsedDocument]]


class ClusterError(GeonewsError):
    """The Dask cluster cannot be reached or started, or Dask is not installed."""


@dataclass(frozen=True)
class ClusterRun:
    """What a cluster run wrote."""

    output: Path
    format: str
    parts: int
    documents: int
    mentions: int


def parse_partition(parse: ParseBatch, documents: list[Document],
                    format: str) -> tuple[bytes, int, int]:
    """Parse one partition on a worker: ``(part file bytes, documents, mentions)``."""
    rows = [record for doc in parse(documents) for record in records(doc)]
    if format == "jsonl":
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    else:
        buffer = io.BytesIO()
        mention_frame(rows).to_parquet(buffer, index=False)
        data = buffer.getvalue()
    return data, len(documents), len(rows)


def dataset_format(output: str | Path, format: str | None = None) -> str:
    """The part format for the dataset directory ``output``: ``format`` if given, else from
    its extension (``mentions.parquet/`` → geoparquet), else (no extension) GeoParquet."""
    suffix = Path(output).suffix.lower()
    if format is None and suffix and suffix not in _DIRECTORY_FORMATS:
        raise OutputFormatError(f"{output}: a cluster run writes a partitioned dataset as "
                                f"geoparquet or jsonl, not {suffix!r} (name the directory "
                                f"*.parquet or *.jsonl, or give --format)")
    if format is None:
        format = _DIRECTORY_FORMATS.get(suffix, "geoparquet")
    if format not in PART_EXTENSIONS:
        raise OutputFormatError(f"a cluster run writes a partitioned dataset as "
                                f"{' or '.join(PART_EXTENSIONS)}, not {format!r}")
    return format


def _prepare(output: Path) -> None:
    if output.exists() and not output.is_dir():
        raise OutputFormatError(f"{output}: exists and is not a directory (a cluster run "
                                "writes a directory of part files)")
    existing = part_files(output)
    if existing:
        raise OutputFormatError(f"{output}: already holds {len(existing)} part "
                                "files; remove them or choose another directory")
    output.mkdir(parents=True, exist_ok=True)


@contextlib.contextmanager
def connect(scheduler: str, *, workers: int | None = None) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler`` (``tcp://host:8786``), or of a new local
    cluster of ``workers`` single-threaded processes for ``"local"``; closed on exit."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError('Dask is not installed; install it with: '
                           'pip install "geonews[dask]"') from None
    if scheduler == LOCAL:
        with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                          processes=True, dashboard_address=":0",
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
        return
    if "://" not in scheduler:
        raise ClusterError(f"--scheduler {scheduler!r}: give 'local' or an address such as "
                           "tcp://HOST:8786")
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    with client:
        yield client


def parse_distributed(documents: Iterable[Document], output: str | Path, *, scheduler: str,
                      parse: ParseBatch, format: str | None = None,
                      partition_size: int = PARTITION_SIZE, workers: int | None = None,
                      quiet: bool = False) -> ClusterRun:
    """Parse ``documents`` on the Dask cluster at ``scheduler`` (``"local"``: a new local
    cluster of ``workers`` processes) into the dataset directory ``output``.

    ``parse`` parses a list of documents on a worker and must be picklable: a
    ``functools.partial`` of :func:`~geonews.parsing.geoparser.parse_batch`, whose settings'
    ``gazetteer`` is a path valid on the workers or ``None`` for each worker's default. It
    runs on no documents on every worker first, to build the parser up front.
    """
    from distributed import as_completed

    fmt = dataset_format(output, format)
    if partition_size < 1:
        raise OutputFormatError(f"--partition-size must be at least 1, not {partition_size}")
    target = Path(output)
    _prepare(target)
    name = "part-{:05d}" + PART_EXTENSIONS[fmt]
    totals = [0, 0, 0]  # parts, documents, mentions

    def write(future: Any, index: int) -> int:
        data, n_docs, n_mentions = future.result()
        with atomic_write(target / name.format(index), "wb") as handle:
            handle.write(data)
        future.release()
        totals[0] += 1
        totals[1] += n_docs
        totals[2] += n_mentions
        return n_docs

    with connect(scheduler, workers=workers) as client, \
            progress_counter(desc="Parsing", quiet=quiet) as advance:
        client.run(parse, [])  # model and gazetteer on every worker, once, up front
        window = _IN_FLIGHT * max(1, len(client.scheduler_info()["workers"]))
        running = as_completed()
        index_of: dict[str, int] = {}
        for index, partition in enumerate(batches(documents, partition_size)):
            future = client.submit(parse_partition, parse, partition, fmt, pure=False)
            index_of[future.key] = index
            running.add(future)
            if running.count() >= window:
                done = next(running)
                advance(write(done, index_of.pop(done.key)))
        for done in running:
            advance(write(done, index_of.pop(done.key)))
    return ClusterRun(target, fmt, *totals)
