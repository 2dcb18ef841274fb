"""The data a map page carries: documents, places, mentions and the region tree, as JSON.

The page's script builds markers, popups, the document view and the region browser from this
one JSON object, inserting every string as DOM text, so no article text or place name is ever
parsed as HTML. Mentions are compact arrays, places are shared between their mentions, and
sentences are cut from the document text in the browser, so the page stays small at scale.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from geonews.maps.layers import CATEGORIES, category_of, document_groups
from geonews.maps.regions import region_tree
from geonews.text.dates import iso_date
from geonews.models import ParsedDocument, Place

__all__ = ["MENTION_COLUMNS", "PLACE_KEYS", "build_payload", "document_payload", "focus_record",
           "place_key"]

#: The order of the values of one mention array in the payload.
MENTION_COLUMNS = ("doc", "place", "start", "end", "sentence_start", "sentence_end",
                   "confidence", "demonym", "approximate")
#: The order of the values of one place array in the payload (also sent as ``placeKeys``).
PLACE_KEYS = ("name", "cat", "feature", "lat", "lon", "cc", "country", "a1c", "a1", "a2c", "a2",
              "gid", "pop")


def place_key(place: Place) -> tuple[Any, ...]:
    """What makes two resolved places one marker: the GeoNames id, else name and point."""
    if place.geonameid is not None:
        return ("gid", place.geonameid)
    return ("point", place.name, round(place.lat, 5), round(place.lon, 5))


def _place_row(place: Place) -> list[Any]:
    """A place as an array in :data:`PLACE_KEYS` order (arrays keep a big page small)."""
    return [place.name, category_of(place), place.feature, round(place.lat, 5),
            round(place.lon, 5), place.country_code, place.country, place.admin1_code,
            place.admin1, place.admin2_code, place.admin2, place.geonameid, place.population]


def focus_record(parsed: ParsedDocument) -> dict[str, Any] | None:
    """A document's focus for the page (``None`` without one): ``label`` ("Mosul, Nīnawá,
    Iraq"), the finest focus ``level``, ``name``, point and ``confidence``, and the focus
    country (``cc``, ``country``) and first-level division (``a1c``, ``a1``) to group by."""
    focus = parsed.focus
    finest = focus.place
    if finest is None or focus.country is None:
        return None
    admin1 = focus.admin1
    return {"label": focus.describe(), "level": finest.level.value, "name": finest.name,
            "lat": round(finest.lat, 5), "lon": round(finest.lon, 5),
            "confidence": finest.confidence,
            "cc": focus.country.code, "country": focus.country.name,
            "a1c": admin1.code if admin1 else None, "a1": admin1.name if admin1 else None}


def _source(url: str | None) -> str | None:
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:
        return None


def document_payload(item: ParsedDocument) -> dict[str, Any]:
    """The payload record of one document — ``id, title, url, source, date`` (``YYYY-MM-DD``
    or null), ``text``, ``sentences`` and ``focus`` (:func:`focus_record`): the one place its
    per-document fields are set."""
    document = item.document
    return {"id": document.id, "title": document.title, "url": document.url,
            "source": _source(document.url), "date": iso_date(document.date),
            "text": document.text, "sentences": [[s.start, s.end] for s in item.sentences],
            "focus": focus_record(item)}


def build_payload(parsed: Iterable[ParsedDocument], *, title: str) -> dict[str, Any]:
    """The JSON-ready data of a map of ``parsed`` documents.

    Keys: ``title``; ``docs`` (:func:`document_payload`: ``id, title, url, source, date,
    text, sentences, focus``); ``places``
    (arrays in :data:`PLACE_KEYS` order, the keys in ``placeKeys``); ``mentions`` (arrays in :data:`MENTION_COLUMNS` order,
    ``place`` is -1 for an unresolved mention); ``regions`` (:func:`region_tree`);
    ``categories``; ``groups`` (:func:`document_groups`).
    """
    docs: list[dict[str, Any]] = []
    places: list[dict[str, Any]] = []
    place_index: dict[tuple[Any, ...], int] = {}
    mentions: list[list[Any]] = []
    resolved_places: list[Place] = []
    for doc_index, item in enumerate(parsed):
        docs.append(document_payload(item))
        for resolved in item.mentions:
            m, place = resolved.mention, resolved.place
            index = -1
            if place is not None:
                key = place_key(place)
                index = place_index.get(key, -1)
                if index < 0:
                    index = place_index[key] = len(places)
                    places.append(_place_row(place))
                resolved_places.append(place)
            mentions.append([doc_index, index, m.start, m.end, m.sentence_start, m.sentence_end,
                             round(resolved.confidence, 3), int(m.label == "demonym"),
                             int(resolved.approximate)])
    return {
        "title": title,
        "docs": docs,
        "places": places,
        "placeKeys": list(PLACE_KEYS),
        "mentions": mentions,
        "regions": region_tree(resolved_places),
        "categories": [{"key": c.key, "label": c.label, "colour": c.colour} for c in CATEGORIES],
        "groups": document_groups(docs),
    }
