"""What a map's layers are: place categories, basemap tiles and per-document/source groups."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import folium

from geonews.maps.errors import MapError
from geonews.models import Place

__all__ = [
    "CATEGORIES",
    "MAX_GROUPS",
    "NO_TILES",
    "TILE_EXAMPLES",
    "Category",
    "category_of",
    "document_groups",
    "tile_layer",
]


@dataclass(frozen=True, slots=True)
class Category:
    """A toggleable layer of places, drawn in one colour."""

    key: str
    label: str
    colour: str


#: The place layers, in LayerControl order.
CATEGORIES: tuple[Category, ...] = (
    Category("country", "Countries", "#7b3294"),
    Category("admin", "Admin regions", "#e66101"),
    Category("city", "Cities and towns", "#0571b0"),
    Category("other", "Other places", "#4d4d4d"),
)

_CATEGORY_OF_FEATURE = {"country": "country", "ADM1": "admin", "ADM2": "admin", "city": "city"}


def category_of(place: Place) -> str:
    """The key of the category layer that ``place`` is drawn in."""
    return _CATEGORY_OF_FEATURE.get(place.feature, "other")


#: The ``tiles`` value for a map with no basemap (and so no network use at all).
NO_TILES = "none"
#: Basemaps to mention in error messages; any xyzservices provider name works.
TILE_EXAMPLES = ("OpenStreetMap", "CartoDB positron", "CartoDB dark_matter", "Esri.WorldImagery",
                 NO_TILES)


def tile_layer(tiles: str) -> folium.TileLayer | None:
    """The folium tile layer for a basemap name, or ``None`` for :data:`NO_TILES`.

    Raises :class:`MapError` for a name that neither folium nor xyzservices knows.
    """
    if tiles.strip().lower() == NO_TILES:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # xyzservices' API-key notices
            return folium.TileLayer(tiles, name=tiles, overlay=False, control=True)
    except ValueError:
        raise MapError(f"unknown basemap {tiles!r}; use a folium or xyzservices tile provider "
                       f"name such as {', '.join(map(repr, TILE_EXAMPLES))}") from None


#: At most this many per-document (or per-source) layers; beyond it the layers are left out.
MAX_GROUPS = 30


def document_groups(docs: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The per-document or per-source layers for a map of several documents.

    ``docs`` are payload document records (``title``, ``id``, ``source``). Returns
    ``{"kind": "document"|"source", "groups": [{"label", "docs": [index, ...]}]}``, or
    ``None`` when there is one document or too many documents and sources to list.
    """
    if len(docs) < 2:
        return None
    if len(docs) <= MAX_GROUPS:
        return {"kind": "document",
                "groups": [{"label": d["title"] or d["id"], "docs": [i]} for i, d in enumerate(docs)]}
    by_source: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        by_source.setdefault(d["source"] or "(no source)", []).append(i)
    if 2 <= len(by_source) <= MAX_GROUPS:
        return {"kind": "source",
                "groups": [{"label": label, "docs": members}
                           for label, members in sorted(by_source.items())]}
    return None
