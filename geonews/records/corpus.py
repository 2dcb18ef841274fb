"""A corpus parsed once and looked at many ways: parse output read back, selected and rebuilt.

``map``, ``regions``, ``mentions`` and ``export`` take parse output — JSONL mention records,
or the GeoParquet / GeoPackage that ``geonews parse`` writes — as well as articles, told apart
by content (:func:`geonews.records.reading.input_kind`). When any input is parse output,
article inputs given with it are not parsed again: they only supply the full text of their
documents (the map's article view). :class:`Selection` is the one filter by date
(``--since``/``--until``) and confidence (``--min-confidence``); :func:`parsed_documents`
turns mention records back into the :class:`~geonews.models.ParsedDocument` values (with
their focus) a map is drawn from, each mention linked to its sentence.
"""

from __future__ import annotations

import math
import sys
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geonews.errors import InputError, InputFormatError, InputNotFound, InputWarning
from geonews.models import Document, ParsedDocument, Sentence
from geonews.records.reading import (STDIN, InputKind, input_kind, is_mention_line,
                                     read_mentions, records_from_lines)
from geonews.records.schema import DOCUMENT_FIELDS, records_by_document, resolved_from_record
from geonews.records.schema import records as schema_records
from geonews.resolution.focus import DivisionSource, parsed_document
from geonews.text.dates import iso_date
from geonews.text.inputs import decode, read_documents

__all__ = ["Corpus", "Selection", "SelectionError", "load_corpus", "parsed_documents",
           "require_mentions"]

#: What joins two sentences that are not next to each other in a text rebuilt from records.
GAP = " \u2026 "


class SelectionError(InputError):
    """A ``--since``/``--until``/``--min-confidence`` value geonews cannot use."""


# --------------------------------------------------------------------------- the corpus


@dataclass
class Corpus:
    """Mention records, the article texts known by document id, and the parser used, if any."""

    records: list[dict[str, Any]]
    articles: dict[str, Document] = field(default_factory=dict)
    parser: Any = None


def _stdin(data: bytes) -> tuple[list[dict[str, Any]], list[Document]]:
    """Stdin as mention records if its first line is one, else as one article."""
    lines = data.splitlines()
    first = next((line for line in lines if line.strip()), b"")
    if is_mention_line(first):
        return list(records_from_lines(lines, "<stdin>")), []
    text = decode(data, "<stdin>")
    if text is None or not text.strip():
        warnings.warn("<stdin>: empty, skipped", InputWarning, stacklevel=2)
        return [], []
    return [], [Document(id="stdin", text=text)]


def load_corpus(inputs: Iterable[str], parser: Callable[[], Any], *,
                given_spans: bool = False) -> Corpus:
    """The corpus of ``inputs``: parse output read as it is; articles whose documents the
    parse output holds give their texts only, other articles are parsed with the geoparser
    ``parser()`` makes (made only then). Every path is checked before anything is read."""
    inputs = list(inputs)
    for item in inputs:
        if item != STDIN and not Path(item).exists():
            raise InputNotFound(f"{item}: no such file or folder")
    kinds = {item: input_kind(item) for item in inputs if item != STDIN}
    records: list[dict[str, Any]] = []
    documents: list[Document] = []
    if STDIN in inputs:
        records, documents = _stdin(sys.stdin.buffer.read())
    for item, kind in kinds.items():
        if kind is InputKind.MENTIONS:
            records.extend(read_mentions(item))
    articles = [item for item, kind in kinds.items() if kind is InputKind.ARTICLES]
    if articles:
        documents.extend(read_documents(articles))
    known = {str(r["doc_id"]) for r in records}
    unparsed = [d for d in documents if d.id not in known]
    geoparser = None
    if unparsed:
        geoparser = parser()
        for doc in geoparser.parse_documents(unparsed, given_spans=given_spans):
            records.extend(schema_records(doc))
    return Corpus(records, {d.id: d for d in documents}, geoparser)


def require_mentions(inputs: Iterable[str], command: str) -> None:
    """Raise :class:`InputFormatError` for an input of articles given to ``command``, which
    needs parse output, saying what to run."""
    for item in inputs:
        if item != STDIN and Path(item).exists() and input_kind(item) is InputKind.ARTICLES:
            raise InputFormatError(
                f"{item}: holds articles, not parsed mentions; run 'geonews parse {item} -o "
                f"mentions.jsonl' first, then 'geonews {command} mentions.jsonl ...'")


# --------------------------------------------------------------------------- selection


@dataclass(frozen=True)
class Selection:
    """Which mentions to keep: those of articles dated ``since`` to ``until`` (inclusive,
    ``YYYY-MM-DD``) and placed with at least ``min_confidence``.

    With a period, undated articles are left out (their count is in :attr:`undated_left_out`
    after :meth:`records`); with ``min_confidence``, unresolved mentions are left out too.
    """

    since: str | None = None
    until: str | None = None
    min_confidence: float | None = None

    @classmethod
    def of(cls, since: str | None = None, until: str | None = None,
           min_confidence: float | None = None) -> "Selection":
        """A checked selection; dates in any form :func:`iso_date` reads."""
        dates = []
        for flag, value in (("--since", since), ("--until", until)):
            day = iso_date(value) if value is not None else None
            if value is not None and day is None:
                raise SelectionError(f"{flag} {value!r} is not a date (use YYYY-MM-DD)")
            dates.append(day)
        if dates[0] and dates[1] and dates[0] > dates[1]:
            raise SelectionError(f"--since {dates[0]} is after --until {dates[1]}")
        if min_confidence is not None and not 0 <= min_confidence <= 1:
            raise SelectionError(f"--min-confidence {min_confidence} is not between 0 and 1")
        return cls(dates[0], dates[1], min_confidence)

    @property
    def dated(self) -> bool:
        """Whether a period is selected."""
        return self.since is not None or self.until is not None

    def keeps_date(self, date: Any) -> bool:
        """Whether an article of this date is in the period (any article when none is set)."""
        if not self.dated:
            return True
        day = iso_date(date)
        return day is not None and (self.since or day) <= day <= (self.until or day)

    def keeps_confidence(self, confidence: Any) -> bool:
        """Whether a mention placed with this confidence (``None``: unresolved) is kept."""
        if self.min_confidence is None:
            return True
        return confidence is not None and not (isinstance(confidence, float)
                                               and math.isnan(confidence)) \
            and confidence >= self.min_confidence

    def records(self, records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """The records kept (see the class docstring)."""
        return [r for r in records
                if self.keeps_date(r.get("date")) and self.keeps_confidence(
                    r.get("confidence") if r.get("lat") is not None else None)]

    def undated(self, records: Iterable[dict[str, Any]]) -> int:
        """How many of ``records`` a period leaves out for having no date."""
        return sum(iso_date(r.get("date")) is None for r in records) if self.dated else 0


# --------------------------------------------------------------------------- back to documents


def _document(doc_id: str, rows: list[dict[str, Any]], article: Document | None,
              gazetteer: DivisionSource | None) -> ParsedDocument:
    """One document from its records: with its article's text if known, else a text made of
    the mentions' sentences (joined by :data:`GAP`), offsets moved to match."""
    first = rows[0]
    meta = {name: first.get(name) for name in DOCUMENT_FIELDS}
    if article is not None:
        meta = {name: meta[name] or getattr(article, name) for name in DOCUMENT_FIELDS}
    spans = sorted({(r["sentence_start"], r["sentence_end"]): r.get("sentence") or ""
                    for r in rows}.items())
    if article is not None:
        text, shift = article.text, {span: 0 for span, _ in spans}
    else:
        pieces, shift, pos, last_end = [], {}, 0, None
        for (start, end), sentence in spans:
            if last_end is not None and start < last_end:
                continue  # an overlapping span: its mentions are moved with the one before
            gap = "" if last_end is None or start == last_end else GAP
            pieces.append(gap + sentence)
            pos += len(gap)
            shift[(start, end)] = pos - start
            pos += len(sentence)
            last_end = end
        text = "".join(pieces)
    mentions = []
    for r in sorted(rows, key=lambda r: (r["start"], r["end"])):
        span = (r["sentence_start"], r["sentence_end"])
        move = shift.get(span)
        if move is None:
            continue
        mentions.append(resolved_from_record({**r, "doc_id": doc_id}, shift=move))
    sentences = tuple(Sentence(s + shift[(s, e)], e + shift[(s, e)])
                      for (s, e), _ in spans if (s, e) in shift)
    document = Document(doc_id, text, title=meta["title"], date=meta["date"], url=meta["url"])
    return parsed_document(document, sentences, mentions, gazetteer=gazetteer)


def parsed_documents(records: Iterable[dict[str, Any]],
                     articles: dict[str, Document] | None = None, *,
                     gazetteer: DivisionSource | None = None) -> list[ParsedDocument]:
    """Mention records as parsed documents: the ``articles`` (by id) first, in their order,
    with their full texts (those without records as documents without mentions), then the
    other documents of the records in first-seen order, each text rebuilt from its mentions'
    sentences. ``gazetteer`` places the foci as the geoparser does
    (:func:`geonews.resolution.focus.parsed_document`)."""
    articles = articles or {}
    by_doc = {**{doc_id: [] for doc_id in articles}, **records_by_document(records)}
    return [_document(doc_id, rows, articles.get(doc_id), gazetteer) if rows
            else parsed_document(articles[doc_id], (), ()) for doc_id, rows in by_doc.items()]
