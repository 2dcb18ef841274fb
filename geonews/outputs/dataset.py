"""Growing corpora: appending parsed articles to a GeoPackage or GeoParquet dataset.

A document already in the dataset — the same id, or the same text under another id (a
syndicated copy, a re-fetched page) — is not added again. Texts are compared by
:func:`content_hash` (SHA-256 of the text with whitespace runs collapsed).

- GeoPackage: layers ``mentions``, ``places``, ``regions`` (as
  :func:`geonews.outputs.formats.write_records` writes them) plus a ``documents`` layer: the
  columns of :mod:`geonews.outputs.documents` (article focus, its point as geometry) with
  ``content_hash`` and ``added``. ``places``, ``regions`` and the focus are recomputed over
  the whole dataset on each append.
- GeoParquet: one table of mentions with the document columns ``content_hash``, ``title``,
  ``date``, ``url`` on each row; a document without mentions leaves no row, so it is not
  remembered (appending it again adds nothing either).

Each append works on a copy and renames it over the dataset, so an interrupted run leaves the
previous dataset intact; the cost is one copy of the file per call.
"""

from __future__ import annotations

import hashlib
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import pyogrio

from geonews.errors import GeonewsWarning, OutputFormatError
from geonews.models import Document, ParsedDocument
from geonews.outputs.atomic import atomic_path
from geonews.outputs.documents import FOCUS_COLUMNS, document_frame, document_records
from geonews.outputs.formats import write_gpkg_layers
from geonews.outputs.regions import region_table
from geonews.outputs.tables import CRS, mention_frame, place_frame, typed
from geonews.records.reading import frame_records
from geonews.records.schema import DOCUMENT_FIELDS
from geonews.records.schema import records as schema_records
from geonews.resolution.focus import DivisionSource

__all__ = ["append_records", "append_parsed", "new_documents", "known_documents",
           "content_hash", "AppendResult", "DATASET_FORMATS", "DuplicateWarning"]

#: Document columns on each GeoParquet row.
PARQUET_DOCUMENT_FIELDS = ("content_hash", "title", "date", "url")
#: Columns of the GeoPackage ``documents`` table (plus ``added``, a UTC timestamp).
DOCUMENT_COLUMNS = ("doc_id", "content_hash", "title", "date", "url", "mentions")
#: Dataset formats by extension.
DATASET_FORMATS = {".gpkg": "gpkg", ".parquet": "geoparquet", ".geoparquet": "geoparquet"}


class DuplicateWarning(GeonewsWarning):
    """A document was not appended because the dataset already holds it."""


@dataclass(frozen=True)
class AppendResult:
    """What an append did."""

    documents: int  # documents added
    mentions: int  # mention rows added
    skipped: int  # documents already in the dataset (or repeated in the input)


@dataclass
class Known:
    """The document ids and content hashes a dataset holds."""

    ids: set[str]
    hashes: set[str]

    def seen(self, doc: Document, digest: str) -> str | None:
        """Why ``doc`` is a duplicate (a message), or ``None`` if it is new."""
        if doc.id in self.ids:
            return f"document {doc.id!r} is already in the dataset"
        if digest in self.hashes:
            return f"document {doc.id!r} has the same text as one already in the dataset"
        return None

    def add(self, doc: Document, digest: str) -> None:
        self.ids.add(doc.id)
        self.hashes.add(digest)


def content_hash(text: str) -> str:
    """SHA-256 (hex) of ``text`` with runs of whitespace collapsed and ends stripped."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in DATASET_FORMATS:
        raise OutputFormatError(f"{path}: cannot append to {suffix or '(no extension)'!r} "
                                f"(datasets: {', '.join(DATASET_FORMATS)})")
    return DATASET_FORMATS[suffix]


def known_documents(path: str | Path) -> Known:
    """The ids and content hashes of the documents in the dataset at ``path`` (none if the
    file does not exist)."""
    path = Path(path)
    if not path.exists():
        return Known(set(), set())
    if _format(path) == "gpkg":
        layers = {str(name) for name, _ in pyogrio.list_layers(path)}
        if "documents" not in layers:
            raise OutputFormatError(
                f"{path}: not a geonews dataset (no 'documents' layer; layers: "
                f"{', '.join(sorted(layers)) or 'none'}); append to a new file")
        if "content_hash" not in pyogrio.read_info(path, layer="documents")["fields"]:
            raise OutputFormatError(
                f"{path}: not a geonews dataset (its 'documents' layer has no "
                "'content_hash' column: an export, not a dataset); append to a new file")
        table = pyogrio.read_dataframe(path, layer="documents",
                                       columns=["doc_id", "content_hash"],
                                       read_geometry=False, use_arrow=True)
    else:
        names = pq.read_schema(path).names
        if "content_hash" not in names:
            raise OutputFormatError(f"{path}: not a geonews dataset (no 'content_hash' "
                                    "column); append to a new file")
        table = pq.read_table(path, columns=["doc_id", "content_hash"]).to_pandas()
    return Known(set(table["doc_id"].dropna().astype(str)),
                 set(table["content_hash"].dropna().astype(str)))


def new_documents(documents: Iterable[Document], path: str | Path) -> Iterator[Document]:
    """The documents not yet in the dataset at ``path``, so only those get parsed.

    Duplicates (also within ``documents``) are skipped with a :class:`DuplicateWarning`.
    """
    known = known_documents(path)
    for doc in documents:
        digest = content_hash(doc.text)
        reason = known.seen(doc, digest)
        if reason:
            warnings.warn(f"{reason}, skipped", DuplicateWarning, stacklevel=2)
            continue
        known.add(doc, digest)
        yield doc


def append_records(records_by_doc: Iterable[tuple[Document, Iterable[dict[str, Any]]]],
                   path: str | Path, *,
                   gazetteer: DivisionSource | None = None) -> AppendResult:
    """Append ``(document, its mention records)`` pairs to the dataset at ``path``
    (created if missing), skipping documents it already holds. One atomic write per call.
    ``gazetteer`` places the foci of the documents table as the geoparser does."""

    path = Path(path)
    fmt = _format(path)
    known = known_documents(path)
    rows: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    skipped = 0
    for doc, doc_records in records_by_doc:
        digest = content_hash(doc.text)
        reason = known.seen(doc, digest)
        if reason:
            warnings.warn(f"{reason}, not appended", DuplicateWarning, stacklevel=2)
            skipped += 1
            continue
        known.add(doc, digest)
        before = len(rows)
        document = {"content_hash": digest, "title": doc.title, "date": doc.date,
                    "url": doc.url}
        rows.extend({**r, **document} if fmt == "geoparquet" else _without_document_fields(r)
                    for r in doc_records)
        documents.append({"doc_id": doc.id, **document, "mentions": len(rows) - before})
    if not documents and path.exists():
        return AppendResult(0, 0, skipped)

    if fmt == "geoparquet":
        _append_parquet(mention_frame(rows, extra=PARQUET_DOCUMENT_FIELDS), path)
    else:
        _append_gpkg(mention_frame(rows), documents, path, gazetteer)
    return AppendResult(len(documents), len(rows), skipped)


def _without_document_fields(record: dict[str, Any]) -> dict[str, Any]:
    """A record without its document fields, which a GeoPackage dataset keeps in its
    ``documents`` table (so its ``mentions`` layer keeps the schema it was created with)."""
    return {k: v for k, v in record.items() if k not in DOCUMENT_FIELDS}


def _concat(*frames: Any) -> Any:
    """Concatenate mention frames (new and read back), re-applying the schema types."""
    columns = frames[-1].columns
    joined = pd.concat([f.reindex(columns=columns) for f in frames], ignore_index=True)
    geometry = gpd.GeoSeries(joined.pop("geometry").values, crs=CRS)
    return gpd.GeoDataFrame(typed(joined), geometry=geometry, crs=CRS)


def _append_gpkg(mentions: Any, documents: list[dict[str, Any]], path: Path,
                 gazetteer: DivisionSource | None) -> None:
    with atomic_path(path) as tmp:
        exists = path.exists()
        everything = mentions
        if exists:
            shutil.copyfile(path, tmp)
            old = pyogrio.read_dataframe(tmp, layer="mentions", use_arrow=True)
            everything = _concat(old, mentions)
        write_gpkg_layers(tmp, mentions, place_frame(everything), region_table(everything),
                          append=exists)
        _write_documents(documents, everything, tmp, append=exists, gazetteer=gazetteer)


def _write_documents(documents: list[dict[str, Any]], everything: Any, path: Path, *,
                     append: bool, gazetteer: DivisionSource | None) -> None:
    """Rewrite the ``documents`` layer: the rows already there and ``documents``, each with
    its focus recomputed from the whole mention layer ``everything`` (so datasets written
    before focus existed get it too)."""
    now = pd.Timestamp.now(tz="UTC").floor("s")
    table = pd.DataFrame.from_records(documents, columns=DOCUMENT_COLUMNS).assign(added=now)
    if append:
        old = pyogrio.read_dataframe(path, layer="documents", read_geometry=False,
                                     columns=[*DOCUMENT_COLUMNS, "added"], use_arrow=True)
        table = pd.concat([old.astype(object), table.astype(object)], ignore_index=True)
    focus = {r["doc_id"]: r for r in document_records(frame_records(everything),
                                                       gazetteer=gazetteer)}
    rows = [{**{c: focus.get(r["doc_id"], {}).get(c) for c in FOCUS_COLUMNS},
             **{c: r[c] for c in DOCUMENT_COLUMNS}}
            for r in table.astype(object).where(table.notna(), None).to_dict("records")]
    frame = document_frame(rows, extra=("content_hash",))
    frame["added"] = pd.to_datetime(table["added"], utc=True).to_numpy()
    pyogrio.write_dataframe(frame, path, layer="documents", driver="GPKG", use_arrow=True,
                            layer_options={"OVERWRITE": "YES"})


def _append_parquet(mentions: Any, path: Path) -> None:
    if path.exists():
        mentions = _concat(gpd.read_parquet(path), mentions)
    with atomic_path(path) as tmp:
        mentions.to_parquet(tmp, index=False)


def append_parsed(parsed: Iterable[ParsedDocument], path: str | Path, *,
                  gazetteer: DivisionSource | None = None) -> AppendResult:
    """Append parsed documents to the dataset at ``path`` (see :func:`append_records`)."""
    return append_records(((p.document, list(schema_records(p))) for p in parsed), path,
                          gazetteer=gazetteer)
