"""What a map's layers are besides the place categories (:mod:`geonews.outputs.categories`):
basemap tiles and per-document/source groups."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import folium

from geonews.maps.errors import MapError

__all__ = [
    "MAX_GROUPS",
    "NO_TILES",
    "TILE_EXAMPLES",
    "document_groups",
    "tile_layer",
]


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
