"""Resumable ``geonews parse`` output: a run killed at article 9,999 keeps the first 9,998.

While a run writes ``out.jsonl`` (or any other format), the mention records go to
``out.jsonl.partial`` (JSONL, appended and flushed one document at a time) and every finished
document is logged in ``out.jsonl.checkpoint`` (one JSON line: its id and the size of the
partial file after its records). Only at the end is the output replaced, atomically (renamed,
or converted to the output format), and the two sidecar files removed; an interrupted run
therefore leaves the previous output as it was.

The same command with ``--resume`` then skips the documents the checkpoint lists, cuts any
half-written records off the partial file, and appends the rest. Without a checkpoint,
``--resume`` continues from a finished JSONL output (the documents it holds are skipped), so
it also adds new articles to an existing output. Without ``--resume``, leftover sidecars of an
interrupted run are discarded with a warning.
"""

from __future__ import annotations

import json
import os
import shutil
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from geonews.errors import GeonewsError, GeonewsWarning
from geonews.models import Document, ParsedDocument
from geonews.outputs.formats import write_records
from geonews.records.reading import read_records
from geonews.records.schema import records as schema_records
from geonews.resolution.focus import DivisionSource

__all__ = [
    "CHECKPOINT_SUFFIX",
    "CHECKPOINT_VERSION",
    "PARTIAL_SUFFIX",
    "ResumableOutput",
    "ResumeError",
    "ResumeWarning",
]

PARTIAL_SUFFIX = ".partial"
CHECKPOINT_SUFFIX = ".checkpoint"
CHECKPOINT_VERSION = 1


class ResumeError(GeonewsError, ValueError):
    """A run cannot be resumed (different settings, an output that is not mention JSONL)."""


class ResumeWarning(GeonewsWarning):
    """Progress of an interrupted run was discarded, or there was nothing to resume."""


class ResumableOutput:
    """The output of one parse run, written through a partial file and a checkpoint.

    ``settings`` (model, gazetteer, options) are stored in the checkpoint; resuming with
    different settings raises :class:`ResumeError` rather than mixing two kinds of results.

    >>> out = ResumableOutput("out.jsonl", settings={}, resume=True)     # doctest: +SKIP
    >>> out.write(parser.parse_documents(out.pending(documents)))        # doctest: +SKIP
    >>> count = out.finish(format="jsonl")                               # doctest: +SKIP
    """

    def __init__(self, output: str | os.PathLike[str], *, settings: Mapping[str, Any],
                 resume: bool = False) -> None:
        self.output = Path(output)
        self.partial = self.output.with_name(self.output.name + PARTIAL_SUFFIX)
        self.checkpoint = self.output.with_name(self.output.name + CHECKPOINT_SUFFIX)
        self.settings = dict(settings)
        self.done: Counter[str] = Counter()
        #: Documents and mention records already in the partial file when this run started.
        self.resumed_documents = 0
        self.resumed_records = 0
        self.written_documents = 0
        self.written_records = 0
        self.output.parent.mkdir(parents=True, exist_ok=True)
        if resume:
            self._load()
        elif self.checkpoint.exists() or self.partial.exists():
            warnings.warn(f"{self.output}: discarding the progress of an unfinished earlier "
                          "run (add --resume to continue it instead)", ResumeWarning,
                          stacklevel=2)
            self._start()
        else:
            self._start()

    # -- setting up ------------------------------------------------------------------------

    def _start(self, size: int = 0, done: Iterable[str] = ()) -> None:
        """Fresh sidecars; ``done`` ids are logged as finished at partial size ``size``."""
        with open(self.checkpoint, "w", encoding="utf-8") as log:
            log.write(json.dumps({"geonews_checkpoint": CHECKPOINT_VERSION,
                                  "settings": self.settings}) + "\n")
            log.writelines(json.dumps({"doc_id": doc_id, "size": size}) + "\n" for doc_id in done)
        if size == 0:
            open(self.partial, "wb").close()

    def _load(self) -> None:
        if self.checkpoint.exists() and self.partial.exists():
            self._load_checkpoint()
        elif self.output.exists():
            self._seed_from_output()
        else:
            warnings.warn(f"{self.output}: nothing to resume, starting from the beginning",
                          ResumeWarning, stacklevel=3)
            self._start()

    def _load_checkpoint(self) -> None:
        lines = self.checkpoint.read_bytes().splitlines()
        try:
            header = json.loads(lines[0])
            version, settings = header["geonews_checkpoint"], header["settings"]
        except (IndexError, ValueError, KeyError, TypeError):
            raise ResumeError(f"{self.checkpoint}: not a geonews checkpoint; rerun without "
                              "--resume to start over") from None
        if version != CHECKPOINT_VERSION or settings != self.settings:
            changed = sorted(k for k in set(settings) | set(self.settings)
                             if settings.get(k) != self.settings.get(k)) or ["version"]
            raise ResumeError(
                f"{self.output}: the unfinished run used other settings "
                f"({', '.join(f'{k}={settings.get(k)!r}' for k in changed)}; now "
                f"{', '.join(f'{k}={self.settings.get(k)!r}' for k in changed)}); "
                "rerun with the same options, or without --resume to start over")
        size = 0
        actual = self.partial.stat().st_size
        for raw in lines[1:]:
            try:
                entry = json.loads(raw)
                doc_id, end = str(entry["doc_id"]), int(entry["size"])
            except (ValueError, KeyError, TypeError):
                break  # a torn last line: the run died while logging this document
            if end > actual:
                break
            self.done[doc_id] += 1
            size = end
        with open(self.partial, "r+b") as handle:
            handle.truncate(size)  # drop records of a document that was not finished
            handle.seek(0)
            self.resumed_records = sum(chunk.count(b"\n") for chunk in
                                       iter(lambda: handle.read(1 << 20), b""))
        self.resumed_documents = sum(self.done.values())
        # Rewrite the log without a torn tail, so appends start on a fresh line.
        self._start(size, self.done.elements())

    def _seed_from_output(self) -> None:
        """Continue from a finished mention JSONL output: its documents count as done."""
        if self.output.suffix.lower() not in (".jsonl", ".ndjson"):
            raise ResumeError(f"{self.output}: no unfinished run to resume, and only JSONL "
                              "outputs can be continued; use --append to add articles to a "
                              "GeoPackage or GeoParquet dataset")
        ids: dict[str, None] = {}
        count = 0
        try:
            for record in read_records(self.output):
                ids.setdefault(str(record["doc_id"]), None)
                count += 1
        except GeonewsError as exc:
            raise ResumeError(f"cannot continue {self.output}: {exc}") from None
        shutil.copyfile(self.output, self.partial)
        if self.partial.stat().st_size and not _ends_with_newline(self.partial):
            with open(self.partial, "ab") as handle:
                handle.write(b"\n")
        self.done = Counter(list(ids))
        self.resumed_documents = len(ids)
        self.resumed_records = count
        self._start(self.partial.stat().st_size, ids)

    # -- running ---------------------------------------------------------------------------

    def pending(self, documents: Iterable[Document]) -> Iterator[Document]:
        """``documents`` without those already done (each done id skipped as often as it
        was done, so repeated ids in the input are still all processed once)."""
        done = self.done.copy()
        for document in documents:
            if done[document.id] > 0:
                done[document.id] -= 1
                continue
            yield document

    def write(self, parsed: Iterable[ParsedDocument], *,
              records: Callable[[ParsedDocument], Iterable[dict[str, Any]]] = schema_records
              ) -> None:
        """Append the records of each parsed document and log it as done.

        If the run fails or is interrupted the progress is kept (Ctrl-C raises a
        :class:`KeyboardInterrupt` saying how to resume); with no progress at all the sidecar
        files are removed.
        """
        try:
            with open(self.partial, "ab") as out, open(self.checkpoint, "a",
                                                       encoding="utf-8") as log:
                for document in parsed:
                    self._append(out, log, document, records)
        except BaseException as exc:
            saved = self.resumed_documents + self.written_documents
            if not saved:  # nothing to resume: leave no sidecars behind
                self.discard()
            if isinstance(exc, KeyboardInterrupt) and saved:
                raise KeyboardInterrupt(f"{saved} documents saved; run the same command with "
                                        "--resume to continue") from None
            raise

    def discard(self) -> None:
        """Remove the partial file and the checkpoint."""
        self.partial.unlink(missing_ok=True)
        self.checkpoint.unlink(missing_ok=True)

    def _append(self, out: IO[bytes], log: IO[str], document: ParsedDocument,
                records: Callable[[ParsedDocument], Iterable[dict[str, Any]]]) -> None:
        lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in records(document)]
        out.write("".join(lines).encode("utf-8"))
        out.flush()
        log.write(json.dumps({"doc_id": document.document.id, "size": out.tell()}) + "\n")
        log.flush()
        self.written_documents += 1
        self.written_records += len(lines)

    def finish(self, *, format: str = "jsonl", per: str = "mention",
               gazetteer: DivisionSource | None = None) -> int:
        """Move the finished results to the output (atomically) and remove the sidecars
        (``gazetteer``: see :func:`~geonews.outputs.formats.write_records`). Returns the
        number of rows written."""
        if format == "jsonl" and per == "mention":
            with open(self.partial, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(self.partial, self.output)
            count = self.resumed_records + self.written_records
        else:
            count = write_records(read_records(self.partial), self.output, format=format,
                                  per=per, gazetteer=gazetteer)
            self.partial.unlink()
        self.checkpoint.unlink(missing_ok=True)
        return count


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"
