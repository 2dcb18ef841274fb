"""The stable JSONL mention schema: one flat record per mention.

Every command that writes or reads mentions uses these fields, in this order. An unresolved
mention keeps its record with null place fields and a ``reason``; a mention placed at a place
standing in for it (the division or city the text puts it in, a country, the article's
locale) has an ``approximation`` (``container``, ``country``, ``locale``:
:class:`~geonews.models.Approximation`) and a ``reason`` starting ``approximate:`` that says
why. ``admin1_code`` / ``admin2_code`` are GeoNames codes qualified by country (``IQ.15``,
``IQ.15.<admin2>``). Read back, :func:`resolved_from_record` rebuilds a record's
:class:`~geonews.models.ResolvedMention` and :func:`records_by_document` groups records.

After the mention fields, a record carries its article's :data:`DOCUMENT_FIELDS` that the
article has (``title``, ``date`` as ``YYYY-MM-DD``, ``url``), so that parse output can be
mapped, listed and filtered by date without the articles. :func:`document_fields` is the one
place that builds them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from gazetteer.place import Place
from geonews.text.dates import iso_date
from geonews.models import (APPROXIMATE, Approximation, Document, Mention, ParsedDocument,
                            ResolvedMention)

__all__ = ["DOCUMENT_FIELDS", "MENTION_FIELDS", "PLACE_FIELDS", "document_fields", "records",
           "record_approximation", "records_by_document", "resolved_from_record",
           "to_record"]

#: Field names of a mention record, in output order.
MENTION_FIELDS: tuple[str, ...] = (
    "doc_id", "start", "end", "text", "label",
    "sentence", "sentence_start", "sentence_end",
    "geonameid", "name", "feature", "lat", "lon",
    "country_code", "country", "admin1_code", "admin1", "admin2_code", "admin2",
    "population", "confidence", "reason", "approximation",
)

#: The fields that come from the resolved place (null when unresolved).
PLACE_FIELDS: tuple[str, ...] = (
    "geonameid", "name", "feature", "lat", "lon",
    "country_code", "country", "admin1_code", "admin1", "admin2_code", "admin2",
    "population",
)


#: Per-document fields a record carries when its article has them.
DOCUMENT_FIELDS: tuple[str, ...] = ("title", "date", "url")


def document_fields(document: Document) -> dict[str, Any]:
    """The :data:`DOCUMENT_FIELDS` values ``document`` has (its date as ``YYYY-MM-DD``)."""
    values = {"title": document.title, "date": iso_date(document.date), "url": document.url}
    return {name: value for name, value in values.items() if value is not None}


def to_record(resolved: ResolvedMention, text: str) -> dict[str, Any]:
    """The schema record of one resolved mention of a document whose text is ``text``."""
    m = resolved.mention
    place = resolved.place
    record: dict[str, Any] = {
        "doc_id": m.doc_id,
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "label": m.label,
        "sentence": text[m.sentence_start:m.sentence_end],
        "sentence_start": m.sentence_start,
        "sentence_end": m.sentence_end,
    }
    for name in PLACE_FIELDS:
        record[name] = getattr(place, name) if place is not None else None
    record["confidence"] = round(resolved.confidence, 4) if place is not None else None
    record["reason"] = resolved.reason
    record["approximation"] = resolved.approximation.value if resolved.approximation else None
    return record


def record_approximation(record: dict[str, Any]) -> Approximation | None:
    """The record's ``approximation``. Records written before the field existed carry only
    the ``reason``: an ``approximate:`` one is read as a container placement."""
    value = record.get("approximation")
    if value:
        return Approximation(value)
    if (record.get("reason") or "").startswith(APPROXIMATE):
        return Approximation.CONTAINER
    return None


def resolved_from_record(record: dict[str, Any], *, shift: int = 0) -> ResolvedMention:
    """The :class:`ResolvedMention` a record was written from (without its alternatives),
    its offsets moved by ``shift`` (into a text rebuilt from records); no place when the
    record has no point or name."""
    start, end = int(record["start"]) + shift, int(record["end"]) + shift
    sentence_start, sentence_end = record.get("sentence_start"), record.get("sentence_end")
    mention = Mention(str(record["doc_id"]), start, end,
                      str(record.get("text") or ""),
                      record.get("label") or "place",
                      start if sentence_start is None else int(sentence_start) + shift,
                      end if sentence_end is None else int(sentence_end) + shift)
    place = None
    if record.get("lat") is not None and record.get("lon") is not None and record.get("name"):
        values = {name: record.get(name) for name in PLACE_FIELDS}
        values["population"] = int(values["population"] or 0)
        values["geonameid"] = (int(values["geonameid"]) if values["geonameid"] is not None
                               else None)
        values["feature"] = values["feature"] or "other"
        values["lat"], values["lon"] = float(values["lat"]), float(values["lon"])
        place = Place(**values)
    return ResolvedMention(mention, place,
                           float(record.get("confidence") or 0.0) if place else 0.0,
                           reason=record.get("reason"),
                           approximation=record_approximation(record) if place else None)


def records(parsed: ParsedDocument) -> Iterator[dict[str, Any]]:
    """The schema records of a parsed document, in text order, with its document fields."""
    text = parsed.document.text
    document = document_fields(parsed.document)
    for resolved in parsed.mentions:
        yield {**to_record(resolved, text), **document}


def records_by_document(records: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Mention records grouped by ``doc_id``: documents in first-seen order, each document's
    records in input order."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_doc.setdefault(str(record["doc_id"]), []).append(record)
    return by_doc
