"""Country outlines (low-resolution GeoJSON polygons) from the ``countryinfo`` package data.

``countryinfo`` ships one JSON file per country whose ``geoJSON`` member is a small
FeatureCollection (Natural Earth derived, ~1 MB for the world in all), keyed here by ISO 3166-1
alpha-2 code. Good for choropleths and an offline background map, not for spatial analysis.

The records come from :func:`gazetteer.packages.countryinfo_files` (the one reader of
countryinfo, which the embedded build also reads country names and points from). This module
is the one source of the outlines: the map pages use :func:`country_outlines`, and the
gazetteer index stores :func:`country_outline_json` for each country (served by
:meth:`gazetteer.Gazetteer.outline`).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from typing import Any

from gazetteer.packages import countryinfo_files

__all__ = ["country_outline", "country_outlines", "country_outline_json", "outline_codes"]

#: A GeoJSON geometry mapping (``{"type": "Polygon", "coordinates": [...]}``).
Geometry = Mapping[str, Any]


@functools.cache
def _outlines() -> dict[str, tuple[str, Geometry]]:
    """Alpha-2 code → (country name, geometry), read once from the package data.

    Where two files give the same code (countryinfo has a few), the first by file name that
    has a geometry counts.
    """
    table: dict[str, tuple[str, Geometry]] = {}
    for record in countryinfo_files():
        code = (record.get("ISO") or {}).get("alpha2")
        features = (record.get("geoJSON") or {}).get("features") or []
        if code and features and features[0].get("geometry"):
            table.setdefault(code.upper(), (record.get("name") or code, features[0]["geometry"]))
    return table


def outline_codes() -> frozenset[str]:
    """The alpha-2 codes of the countries that have an outline."""
    return frozenset(_outlines())


def country_outline(code: str) -> Geometry | None:
    """The outline geometry of the country with ISO alpha-2 ``code``, or ``None``."""
    entry = _outlines().get(code.upper())
    return entry[1] if entry else None


def country_outlines(codes: Iterable[str] | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of country outlines (all, or those in ``codes``).

    Each feature's ``id`` and ``properties.code`` are the alpha-2 code, ``properties.name``
    the English short name. Codes without an outline are left out.
    """
    table = _outlines()
    wanted = sorted(table) if codes is None else sorted({c.upper() for c in codes} & table.keys())
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": code,
             "properties": {"code": code, "name": table[code][0]},
             "geometry": table[code][1]}
            for code in wanted
        ],
    }


def country_outline_json(code: str) -> str | None:
    """:func:`country_outlines` of the one country ``code`` as compact GeoJSON text, or
    ``None`` when it has no outline (what the gazetteer index stores per country)."""
    collection = country_outlines([code])
    return json.dumps(collection, separators=(",", ":")) if collection["features"] else None
