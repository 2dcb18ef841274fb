"""Geoparsing evaluation against gold toponyms (the ``../shared/eval`` JSONL format).

Figures (see docs/accuracy.md for the definitions):

* detection: strict-span precision, recall and F1 — a predicted mention (place or demonym)
  is right only when its ``(start, end)`` equals a gold span;
* end to end: accuracy within 161 km over *all* gold toponyms with coordinates, a missed one
  counting as wrong;
* over the gold toponyms found (span matched) that have coordinates: accuracy within 161 km,
  mean and median error in km and AUC, the area under the curve of sorted log errors
  (Gritta et al. 2018; 0 is perfect, 1 is every error at the antipode). A found toponym left
  unresolved counts as the largest possible error (20,039 km);
* exact GeoNames id match over the found gold toponyms that have a GeoNames id;
* article focus (:class:`FocusEvaluation`): agreement of the predicted focus country and
  first-level division with the gold focus, the country (then, inside it, the division) with
  the most gold toponyms of the article.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Protocol

import numpy as np
from geopy.distance import great_circle

from gazetteer.place import EXACT_MATCHES, Candidate, Place
from geonews.errors import InputFormatError, InputNotFound
from geonews.resolution.focus import DivisionSource, parsed_document
from geonews.text.inputs import document_from_record
from geonews.models import Document, ParsedDocument

__all__ = [
    "ACCURACY_KM",
    "MAX_ERROR_KM",
    "Evaluation",
    "FocusEvaluation",
    "GoldFocus",
    "evaluate_focus",
    "gold_focus",
    "gold_place",
    "GoldDocument",
    "GoldToponym",
    "as_dict",
    "auc",
    "evaluate",
    "places_only",
    "read_gold",
]

#: The "accuracy within k km" threshold used in the geoparsing literature (100 miles).
ACCURACY_KM = 161.0
#: Half the Earth's circumference: the error of an unresolved toponym, and the AUC scale.
MAX_ERROR_KM = 20039.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One gold annotation: a span and, when known, its coordinates and GeoNames id."""

    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    type: str | None = None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """A document (with its gold spans as ``toponyms``) and its gold toponyms."""

    document: Document
    toponyms: tuple[GoldToponym, ...]


def read_gold(path: str | Path, *, limit: int | None = None) -> Iterator[GoldDocument]:
    """Gold documents from a JSONL file (one object per line: id, text, toponyms)."""
    path = Path(path)
    if not path.is_file():
        raise InputNotFound(f"{path}: no such gold file")
    with path.open(encoding="utf-8") as lines:
        count = 0
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            if limit is not None and count >= limit:
                return
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
                toponyms = tuple(_gold_toponym(t) for t in record.get("toponyms") or ())
            except (json.JSONDecodeError, TypeError, KeyError, ValueError, AttributeError) as exc:
                raise InputFormatError(f"{where}: not a gold record ({exc})") from None
            yield GoldDocument(document_from_record(record, where, f"doc-{number}"), toponyms)
            count += 1


def _gold_toponym(item: dict) -> GoldToponym:
    def number(name: str, kind: type) -> float | int | None:
        value = item.get(name)
        return None if value is None else kind(value)

    return GoldToponym(int(item["start"]), int(item["end"]), str(item.get("text", "")),
                       number("lat", float), number("lon", float), number("geonameid", int),
                       item.get("type"))


def auc(errors_km: Iterable[float]) -> float:
    """Gritta et al.'s AUC: trapezoidal area under the sorted ``ln(1 + error)`` curve,
    scaled by ``ln(20039)`` and the number of intervals (0 best, 1 worst)."""
    logs = np.sort(np.log1p(np.asarray(list(errors_km), dtype=float)))
    if len(logs) == 0:
        return float("nan")
    if len(logs) == 1:
        return float(logs[0] / math.log(MAX_ERROR_KM))
    area = float(np.sum((logs[1:] + logs[:-1]) / 2))
    return area / (math.log(MAX_ERROR_KM) * (len(logs) - 1))


@dataclass
class Evaluation:
    """Counts accumulated over documents; :meth:`summary` turns them into figures."""

    documents: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    gold_located: int = 0
    correct_end_to_end: int = 0
    errors_km: list[float] = field(default_factory=list)
    gold_with_id: int = 0
    id_matched: int = 0
    #: (confidence, correct within 161 km) per found, resolved, located gold toponym.
    confidences: list[tuple[float, bool]] = field(default_factory=list)
    #: (raw probability, correct within 161 km) per found, resolved, located gold toponym
    #: read from its own ranked candidates (not approximated by a container): what the confidence
    #: calibration is fitted on (``benchmarks/calibrate.py``).
    probabilities: list[tuple[float, bool]] = field(default_factory=list)

    def add(self, gold: GoldDocument, parsed: ParsedDocument) -> None:
        """Score one parsed document against its gold."""
        self.documents += 1
        self.gold += len(gold.toponyms)
        self.predicted += len(parsed.mentions)
        by_span = {(r.mention.start, r.mention.end): r for r in parsed.mentions}
        for top in gold.toponyms:
            found = by_span.get((top.start, top.end))
            if top.located:
                self.gold_located += 1
            if found is None:
                continue
            self.matched += 1
            place = found.place
            if top.located:
                error = (MAX_ERROR_KM if place is None
                         else great_circle((top.lat, top.lon), place.point).km)
                self.errors_km.append(error)
                if error <= ACCURACY_KM:
                    self.correct_end_to_end += 1
                if place is not None:
                    self.confidences.append((found.confidence, error <= ACCURACY_KM))
                    if found.alternatives and not found.approximate:
                        self.probabilities.append((found.alternatives[0].probability,
                                                   error <= ACCURACY_KM))
            if top.geonameid is not None:
                self.gold_with_id += 1
                if place is not None and place.geonameid == top.geonameid:
                    self.id_matched += 1

    def summary(self) -> dict[str, float | int]:
        """The figures, as a flat dict (ratios in 0..1, distances in km)."""
        precision = _ratio(self.matched, self.predicted)
        recall = _ratio(self.matched, self.gold)
        f1 = (2 * precision * recall / (precision + recall)) if precision + recall else 0.0
        errors = np.asarray(self.errors_km, dtype=float)
        found = len(errors)
        return {
            "documents": self.documents,
            "gold_toponyms": self.gold,
            "predicted_mentions": self.predicted,
            "matched_spans": self.matched,
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "gold_located": self.gold_located,
            "end_to_end_acc161": _ratio(self.correct_end_to_end, self.gold_located),
            "found_located": found,
            "acc161": _ratio(int(np.sum(errors <= ACCURACY_KM)), found),
            "mean_error_km": float(errors.mean()) if found else float("nan"),
            "median_error_km": float(np.median(errors)) if found else float("nan"),
            "auc": auc(errors),
            "found_with_geonameid": self.gold_with_id,
            "geonameid_match": _ratio(self.id_matched, self.gold_with_id),
        }

    def reliability(self, bins: int = 5) -> list[dict[str, float | int]]:
        """Calibration table: per confidence bin, the count, mean confidence and accuracy."""
        table = []
        edges = np.linspace(0.0, 1.0, bins + 1)
        for low, high in pairwise(edges):
            inside = [(c, ok) for c, ok in self.confidences
                      if low <= c < high or (high == 1.0 and c == 1.0)]
            table.append({
                "low": round(float(low), 2), "high": round(float(high), 2),
                "count": len(inside),
                "confidence": _mean([c for c, _ in inside]),
                "accuracy": _mean([float(ok) for _, ok in inside]),
            })
        return table


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _mean(values: list[float]) -> float:
    return float(np.mean(values)) if values else float("nan")


def evaluate(gold: Iterable[GoldDocument], parsed: Iterable[ParsedDocument]) -> Evaluation:
    """Score parsed documents against gold documents (the two streams in the same order)."""
    evaluation = Evaluation()
    for gold_doc, parsed_doc in zip(gold, parsed, strict=True):
        if gold_doc.document.id != parsed_doc.document.id:
            raise InputFormatError(f"parsed document {parsed_doc.document.id!r} does not match "
                                   f"gold document {gold_doc.document.id!r}")
        evaluation.add(gold_doc, parsed_doc)
    return evaluation


def places_only(parsed: ParsedDocument) -> ParsedDocument:
    """``parsed`` without its demonym mentions, to score against a corpus that does not
    annotate demonyms (GeoCorpora)."""
    return parsed_document(parsed.document, parsed.sentences,
                           [m for m in parsed.mentions if m.mention.label == "place"])


def as_dict(evaluation: Evaluation) -> dict:
    """All counts, figures and the reliability table, JSON-ready."""
    return {"summary": evaluation.summary(), "reliability": evaluation.reliability(),
            "counts": {k: v for k, v in asdict(evaluation).items()
                       if k not in ("errors_km", "confidences", "probabilities")}}


# --------------------------------------------------------------------------- article focus


class GoldPlaces(DivisionSource, Protocol):
    """What the focus evaluation needs of a gazetteer to place gold toponyms."""

    def get(self, geonameid: int) -> Place | None: ...

    def reverse(self, lat: float, lon: float, *, max_km: float | None = ...) -> Place | None: ...

    def candidates(self, name: str, *, limit: int = ...) -> list[Candidate]: ...

    def demonym(self, word: str) -> Place | None: ...


#: A gold toponym without a GeoNames id the gazetteer knows takes the admin regions of the
#: nearest gazetteer city within this distance.
GOLD_NEAREST_KM = 50.0
#: How many of a name's candidates are searched for its first exact match.
_NAME_CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class GoldFocus:
    """The gold focus of an article: the country with the most gold toponyms, and inside it
    the first-level division with the most (ties: the one mentioned first); ``None`` when no
    gold toponym gives one."""

    country: str | None
    admin1: str | None


def gold_place(top: GoldToponym, gazetteer: GoldPlaces) -> Place | None:
    """The gazetteer place of a gold toponym: its GeoNames id looked up, else (unless its
    name is read as a place in no country, :func:`_in_no_country`) the nearest city within
    :data:`GOLD_NEAREST_KM` of its point, else none."""
    if top.geonameid is not None:
        place = gazetteer.get(top.geonameid)
        if place is not None:
            return place
    if top.located and not _in_no_country(top.text, gazetteer):
        return gazetteer.reverse(top.lat, top.lon, max_km=GOLD_NEAREST_KM)
    return None


def _in_no_country(text: str, gazetteer: GoldPlaces) -> bool:
    """Whether the gazetteer reads ``text`` — as a demonym, else by its first exact name
    match — as a place in no one country (a continent, world region, sea, a range across
    borders: "Middle East", "Korean Peninsula", "Arab"). Such a toponym's gold point is a
    centroid, and the city nearest to it is no evidence of a country."""
    place = gazetteer.demonym(text) or next(
        (c.place for c in gazetteer.candidates(text, limit=_NAME_CANDIDATES)
         if c.match in EXACT_MATCHES), None)
    return place is not None and place.country_code is None


def _most(codes: list[str | None]) -> str | None:
    """The most frequent code (ties: the first seen), ignoring ``None``."""
    counts: dict[str, int] = {}
    for code in codes:
        if code is not None:
            counts[code] = counts.get(code, 0) + 1
    return max(counts, key=counts.__getitem__, default=None)  # dicts keep first-seen order


def gold_focus(gold: GoldDocument, gazetteer: GoldPlaces) -> GoldFocus:
    """The gold focus of ``gold`` (see :class:`GoldFocus`), its toponyms placed with
    :func:`gold_place`."""
    places = [p for p in (gold_place(t, gazetteer) for t in gold.toponyms) if p is not None]
    country = _most([p.country_code for p in places])
    admin1 = _most([p.admin1_code for p in places if p.country_code == country])
    return GoldFocus(country, admin1)


@dataclass
class FocusEvaluation:
    """Agreement of predicted and gold article focus, at country and first-level division.

    Country agreement is over the articles with a gold focus country, division agreement
    over those with a gold focus division; an article with no predicted focus disagrees.
    """

    documents: int = 0
    gold_country: int = 0
    country_agree: int = 0
    gold_admin1: int = 0
    admin1_agree: int = 0
    #: (predicted country confidence, agrees) per article with a gold and a predicted country.
    confidences: list[tuple[float, bool]] = field(default_factory=list)

    def add(self, gold: GoldFocus, parsed: ParsedDocument) -> None:
        focus = parsed.focus
        self.documents += 1
        if gold.country is not None:
            self.gold_country += 1
            agrees = focus.country is not None and focus.country.code == gold.country
            self.country_agree += agrees
            if focus.country is not None:
                self.confidences.append((focus.country.confidence, agrees))
        if gold.admin1 is not None:
            self.gold_admin1 += 1
            self.admin1_agree += focus.admin1 is not None and focus.admin1.code == gold.admin1

    def summary(self) -> dict[str, float | int]:
        confident = [ok for c, ok in self.confidences if c >= 0.5]
        return {
            "documents": self.documents,
            "gold_focus_country": self.gold_country,
            "country_agreement": _ratio(self.country_agree, self.gold_country),
            "gold_focus_admin1": self.gold_admin1,
            "admin1_agreement": _ratio(self.admin1_agree, self.gold_admin1),
            "confident_countries": len(confident),
            "confident_country_agreement": _ratio(sum(confident), len(confident)),
        }


def evaluate_focus(gold: Iterable[GoldDocument], parsed: Iterable[ParsedDocument],
                   gazetteer: GoldPlaces) -> FocusEvaluation:
    """Score the focus of parsed documents against the gold focus (streams in the same
    order; ``gazetteer`` places the gold toponyms)."""
    evaluation = FocusEvaluation()
    for gold_doc, parsed_doc in zip(gold, parsed, strict=True):
        evaluation.add(gold_focus(gold_doc, gazetteer), parsed_doc)
    return evaluation
