"""Custom places: a user's CSV or GeoJSON of extra places layered over the base gazetteer.

CSV columns (header row required; ``name``, ``lat``, ``lon`` mandatory, others optional):
``name, lat, lon, feature, feature_code, country_code, admin1_code, admin2_code, population,
aliases, geonameid``. ``aliases`` are separated by ``|`` or ``;``. ``feature`` is one of
:data:`gazetteer.place.FEATURES` (default ``other``). GeoJSON: a FeatureCollection of Point
features whose ``properties`` use the same names (``lat``/``lon`` come from the geometry).

A row with a ``geonameid`` already in the base adds its aliases to that place and overrides
the fields it gives; other rows become new places with negative internal ids (their
``Place.geonameid`` is None). Every place keeps ``source = "custom:<file name>"``.
Errors name the file and line (CSV) or feature number (GeoJSON).
"""

from __future__ import annotations

import csv
import json
import math
import zlib
from pathlib import Path
from typing import Any, Iterator

from gazetteer.errors import CustomPlacesError
from gazetteer.place import FEATURES
from gazetteer.store import Entry

__all__ = ["read_custom_places", "REQUIRED_COLUMNS", "OPTIONAL_COLUMNS"]

REQUIRED_COLUMNS = ("name", "lat", "lon")
OPTIONAL_COLUMNS = ("feature", "feature_code", "country_code", "admin1_code", "admin2_code",
                    "population", "aliases", "geonameid")


def read_custom_places(path: str | Path) -> Iterator[Entry]:
    """Entries of a custom places file (``.csv``, ``.tsv``, ``.geojson`` or ``.json``)."""
    path = Path(path)
    if not path.is_file():
        raise CustomPlacesError(f"custom places file not found: {path}")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        yield from _read_csv(path, "\t" if suffix == ".tsv" else ",")
    elif suffix in (".geojson", ".json"):
        yield from _read_geojson(path)
    else:
        raise CustomPlacesError(
            f"{path}: unknown custom places format {suffix!r}; use .csv, .tsv, .geojson or .json")


def _read_csv(path: Path, delimiter: str) -> Iterator[Entry]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            columns = [c.strip().lower() for c in reader.fieldnames or []]
            missing = [c for c in REQUIRED_COLUMNS if c not in columns]
            if missing:
                raise CustomPlacesError(
                    f"{path} line 1: missing column(s) {', '.join(missing)} "
                    f"(found: {', '.join(columns) or 'nothing'}; required: "
                    f"{', '.join(REQUIRED_COLUMNS)}; optional: {', '.join(OPTIONAL_COLUMNS)})")
            reader.fieldnames = columns
            for row in reader:
                where = f"{path} line {reader.line_num}"
                if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                    continue
                yield _entry(row, where, path.name)
    except UnicodeDecodeError as exc:
        raise CustomPlacesError(f"{path}: not UTF-8 text ({exc})") from exc
    except csv.Error as exc:
        raise CustomPlacesError(f"{path}: malformed CSV ({exc})") from exc


def _read_geojson(path: Path) -> Iterator[Entry]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise CustomPlacesError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise CustomPlacesError(f"{path}: expected a GeoJSON FeatureCollection")
    for number, feature in enumerate(data.get("features") or [], start=1):
        where = f"{path} feature {number}"
        geometry = (feature or {}).get("geometry") or {}
        if geometry.get("type") != "Point":
            raise CustomPlacesError(
                f"{where}: geometry must be a Point (got {geometry.get('type')!r})")
        coords = geometry.get("coordinates") or []
        if len(coords) < 2:
            raise CustomPlacesError(f"{where}: a Point needs [lon, lat] coordinates")
        props = {str(k).lower(): v for k, v in (feature.get("properties") or {}).items()}
        props["lon"], props["lat"] = coords[0], coords[1]
        aliases = props.get("aliases")
        if isinstance(aliases, list):
            props["aliases"] = "|".join(str(a) for a in aliases)
        yield _entry(props, where, path.name)


def _number(row: dict[str, Any], column: str, where: str, low: float, high: float) -> float:
    value = row.get(column)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = math.nan
    if not (low <= number <= high):
        raise CustomPlacesError(
            f"{where}: bad {column} {value!r} (must be a number in [{low:g}, {high:g}])")
    return number


def _text(row: dict[str, Any], column: str) -> str | None:
    value = row.get(column)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _entry(row: dict[str, Any], where: str, file_name: str) -> Entry:
    name = _text(row, "name")
    if not name:
        raise CustomPlacesError(f"{where}: empty name")
    lat = _number(row, "lat", where, -90.0, 90.0)
    lon = _number(row, "lon", where, -180.0, 180.0)
    feature = _text(row, "feature")
    if feature is not None and feature not in FEATURES:
        raise CustomPlacesError(
            f"{where}: unknown feature {feature!r} (allowed: {', '.join(FEATURES)})")
    population = 0
    if _text(row, "population"):
        population = int(_number(row, "population", where, 0, 1e11))
    geonameid = None
    if _text(row, "geonameid"):
        geonameid = int(_number(row, "geonameid", where, 1, 2**53))
    country_code = _text(row, "country_code")
    if country_code is not None:
        if len(country_code) != 2 or not country_code.isalpha():
            raise CustomPlacesError(
                f"{where}: bad country_code {country_code!r} (an ISO 3166-1 alpha-2 code such "
                "as IQ)")
        country_code = country_code.upper()
    aliases = [a.strip() for a in (_text(row, "aliases") or "").replace(";", "|").split("|")
               if a.strip()]
    if geonameid is None:
        digest = zlib.crc32(f"{file_name}|{name}|{lat:.5f}|{lon:.5f}".encode())
        pid = -(digest + 1)
    else:
        pid = geonameid
    return Entry(
        id=pid, name=name, feature=feature or "other", lat=lat, lon=lon, population=population,
        country_code=country_code, admin1_code=_text(row, "admin1_code"),
        admin2_code=_text(row, "admin2_code"), feature_code=_text(row, "feature_code"),
        source=f"custom:{file_name}", aliases=aliases, trusted_aliases=True,
        raw={"custom": where}, partial=feature is None)
