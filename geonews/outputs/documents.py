"""The documents table: one row per article with its focus (:mod:`geonews.resolution.focus`).

Columns (:data:`DOCUMENT_COLUMNS`): ``doc_id``, ``title``, ``date``, ``url``, ``mentions``
(mention records of the article), then the focus: ``focus_level`` (``country``, ``admin1`` or
``city``: the finest level found), ``focus`` (its name) and ``focus_confidence``; the focus
country, first-level division and city with their codes, names and confidences; ``lat`` /
``lon``, the point of the finest focus (the geometry of spatial formats); ``countries``, every
country the article mentions ranked with its share (``"IQ 0.956; US 0.044"``); and
``focus_spans``, the ``start-end`` offsets of the mentions supporting the finest focus
(``"4-9; 58-63"``), which join the mention rows on ``doc_id``, ``start``, ``end``. An article
without places has null focus columns.

The rows come from parsed documents (:func:`document_record`, with title, date and URL) or
from mention records read back (:func:`document_records`: the document fields only when the
records carry them; :func:`focus_by_document` gives the focus alone).
:func:`geonews.outputs.formats.write_documents` writes them as JSONL, CSV, GeoJSON,
GeoPackage (layer ``documents``) or GeoParquet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from geonews.models import Focus, FocusPlace, ParsedDocument, ResolvedMention
from geonews.outputs.tables import CRS, points, typed
from geonews.records.schema import DOCUMENT_FIELDS, records_by_document, resolved_from_record
from geonews.resolution.focus import WEIGHTS, DivisionSource, FocusWeights, article_focus

__all__ = ["DOCUMENT_COLUMNS", "FOCUS_COLUMNS", "focus_fields", "focus_by_document",
           "document_record", "document_records", "document_frame", "sidecar_path"]

#: The focus columns of a documents row.
FOCUS_COLUMNS: tuple[str, ...] = (
    "focus_level", "focus", "focus_confidence",
    "country_code", "country", "country_confidence",
    "admin1_code", "admin1", "admin1_confidence",
    "city_geonameid", "city", "city_confidence",
    "lat", "lon", "countries", "focus_spans",
)
#: All columns of a documents row, in order.
DOCUMENT_COLUMNS: tuple[str, ...] = ("doc_id", "title", "date", "url", "mentions",
                                     *FOCUS_COLUMNS)


def _level(place: FocusPlace | None, prefix: str, code: str) -> dict[str, Any]:
    return {code: None if place is None else (place.geonameid if prefix == "city"
                                              else place.code),
            prefix: None if place is None else place.name,
            f"{prefix}_confidence": None if place is None else place.confidence}


def focus_fields(focus: Focus, mentions: Sequence[ResolvedMention]) -> dict[str, Any]:
    """The :data:`FOCUS_COLUMNS` of an article with ``focus`` and resolved ``mentions``."""
    finest = focus.place
    spans = () if finest is None else (mentions[i].mention for i in finest.mentions)
    return {
        "focus_level": None if finest is None else finest.level.value,
        "focus": None if finest is None else finest.name,
        "focus_confidence": None if finest is None else finest.confidence,
        **_level(focus.country, "country", "country_code"),
        **_level(focus.admin1, "admin1", "admin1_code"),
        **_level(focus.city, "city", "city_geonameid"),
        "lat": None if finest is None else finest.lat,
        "lon": None if finest is None else finest.lon,
        "countries": "; ".join(f"{c.code} {c.confidence:.3f}" for c in focus.countries) or None,
        "focus_spans": "; ".join(f"{m.start}-{m.end}" for m in spans) or None,
    }


def document_record(parsed: ParsedDocument) -> dict[str, Any]:
    """The documents row of a parsed document, with its focus as parsed
    (:attr:`~geonews.models.ParsedDocument.focus`)."""
    doc = parsed.document
    return {"doc_id": doc.id, "title": doc.title, "date": doc.date, "url": doc.url,
            "mentions": len(parsed.mentions), **focus_fields(parsed.focus, parsed.mentions)}


def focus_by_document(records: Iterable[dict[str, Any]], *,
                      gazetteer: DivisionSource | None = None,
                      weights: FocusWeights = WEIGHTS) -> dict[str, Focus]:
    """Each document's focus, from its mention records (documents in first-seen order;
    mention indices count that document's records in input order)."""
    return {doc_id: article_focus([resolved_from_record(r) for r in rows], gazetteer=gazetteer,
                                  weights=weights)
            for doc_id, rows in records_by_document(records).items()}


def document_records(records: Iterable[dict[str, Any]], *,
                     gazetteer: DivisionSource | None = None) -> list[dict[str, Any]]:
    """The documents rows of mention records (documents in first-seen order); ``title``,
    ``date`` and ``url`` from the first record of a document that carries them."""
    rows = []
    for doc_id, doc_records in records_by_document(records).items():
        mentions = [resolved_from_record(r) for r in doc_records]
        focus = article_focus(mentions, gazetteer=gazetteer)
        metadata = {f: next((r[f] for r in doc_records if r.get(f) is not None), None)
                    for f in DOCUMENT_FIELDS}
        rows.append({"doc_id": doc_id, **metadata, "mentions": len(doc_records),
                     **focus_fields(focus, mentions)})
    return rows


def document_frame(rows: Iterable[dict[str, Any]], *, extra: Sequence[str] = ()) -> Any:
    """A typed GeoDataFrame of documents rows (:data:`DOCUMENT_COLUMNS`, then ``extra``),
    with the focus point as geometry (null without a focus)."""
    rows = rows if isinstance(rows, list) else list(rows)
    frame = typed(pd.DataFrame.from_records(rows, columns=[*DOCUMENT_COLUMNS, *extra]))
    return gpd.GeoDataFrame(frame, geometry=points(frame), crs=CRS)


def sidecar_path(path: str | Path) -> Path:
    """Where a single-layer export keeps its documents table: ``x.parquet`` →
    ``x.documents.parquet``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.documents{path.suffix}")

