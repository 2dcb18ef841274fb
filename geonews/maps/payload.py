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

import numpy as np
import pandas as pd

from geonews.maps.layers import document_groups
from geonews.maps.regions import region_nodes
from geonews.models import ParsedDocument, Place
from geonews.outputs.categories import CATEGORIES, PlaceCategory
from geonews.outputs.tables import place_key, resolved_mention_table
from geonews.text.dates import iso_date

__all__ = ["MENTION_COLUMNS", "PLACE_KEYS", "build_payload", "document_payload", "focus_record"]

#: The order of the values of one mention array in the payload.
MENTION_COLUMNS = ("doc", "place", "start", "end", "sentence_start", "sentence_end",
                   "confidence", "demonym", "approximate")
#: The order of the values of one place array in the payload (also sent as ``placeKeys``).
PLACE_KEYS = ("name", "cat", "feature", "lat", "lon", "cc", "country", "a1c", "a1", "a2c", "a2",
              "gid", "pop")


def _place_row(place: Place) -> list[Any]:
    """A place as an array in :data:`PLACE_KEYS` order (arrays keep a big page small)."""
    return [place.name, PlaceCategory.of(place).key, place.feature, round(place.lat, 5),
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
    text, sentences, focus``); ``places`` (one per
    :func:`~geonews.outputs.tables.place_key`, arrays in :data:`PLACE_KEYS` order, the keys
    in ``placeKeys``); ``mentions`` (arrays in :data:`MENTION_COLUMNS` order, ``place`` is -1
    for an unresolved mention); ``regions`` (:func:`geonews.maps.regions.region_nodes`);
    ``categories``; ``groups`` (:func:`document_groups`).
    """
    docs: list[dict[str, Any]] = []
    mentions: list[list[Any]] = []
    resolved_at: list[int] = []  # the index in ``mentions`` of each resolved mention
    resolved_places: list[Place] = []
    resolved_docs: list[str] = []
    for doc_index, item in enumerate(parsed):
        docs.append(document_payload(item))
        for resolved in item.mentions:
            m, place = resolved.mention, resolved.place
            if place is not None:
                resolved_at.append(len(mentions))
                resolved_places.append(place)
                resolved_docs.append(item.document.id)
            mentions.append([doc_index, -1, m.start, m.end, m.sentence_start, m.sentence_end,
                             round(resolved.confidence, 3), int(m.label == "demonym"),
                             int(resolved.approximate)])
    table = resolved_mention_table(resolved_places, resolved_docs)
    codes, _ = pd.factorize(place_key(table))  # one marker per place, in first-seen order
    for at, code in zip(resolved_at, codes.tolist()):
        mentions[at][1] = code
    first = np.unique(codes, return_index=True)[1]
    return {
        "title": title,
        "docs": docs,
        "places": [_place_row(resolved_places[i]) for i in first.tolist()],
        "placeKeys": list(PLACE_KEYS),
        "mentions": mentions,
        "regions": region_nodes(table),
        "categories": [{"key": c.key, "label": c.label, "colour": c.colour} for c in CATEGORIES],
        "groups": document_groups(docs),
    }
