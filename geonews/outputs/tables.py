"""Typed tables of mention records: the one table model that every output is made from.

Records (:data:`geonews.records.schema.MENTION_FIELDS`, optionally with the document fields
``title``, ``date``, ``url``) become one typed table — ids and counts as nullable ``Int64``,
coordinates as ``Float64``, ``date`` as a date, the rest as strings (:func:`typed`) — with a
WGS84 point per resolved mention and a null geometry per unresolved one
(:func:`mention_frame`). :func:`place_frame` makes one row per resolved place of it, keyed by
:func:`place_key`.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from gazetteer.place import Place
from geonews.errors import GeonewsWarning
from geonews.records.schema import DOCUMENT_FIELDS, MENTION_FIELDS, PLACE_FIELDS
from geonews.text.dates import iso_date

__all__ = ["CRS", "ExportWarning", "mention_frame", "place_frame", "place_key", "points",
           "resolved_mention_table", "typed"]

#: The coordinate reference system of every geometry: WGS84 longitude/latitude.
CRS = "EPSG:4326"

_INTEGER = {"start", "end", "sentence_start", "sentence_end", "geonameid", "population",
            "mentions", "documents", "places", "city_geonameid"}
_FLOAT = {"lat", "lon", "confidence", "focus_confidence", "country_confidence",
          "admin1_confidence", "city_confidence"}


class ExportWarning(GeonewsWarning):
    """Rows or values a format cannot hold were dropped or truncated."""


def typed(frame: Any) -> Any:
    """``frame`` with schema dtypes: Int64 ids/counts, Float64 numbers, dates, strings."""
    for column in frame.columns:
        values = frame[column]
        if column in _INTEGER:
            frame[column] = pd.to_numeric(values, errors="coerce").round().astype("Int64")
        elif column in _FLOAT:
            frame[column] = pd.to_numeric(values, errors="coerce").astype("Float64")
        elif column == "date":
            frame[column] = _dates(values)
        elif column != "geometry":
            frame[column] = values.astype("string")
    return frame


def _dates(values: Any) -> Any:
    """Date values (ISO 8601 or other common forms, read by :func:`geonews.text.dates.iso_date`)
    as an Arrow ``date32`` column; unreadable ones become null, with a warning. Each
    distinct value is read once."""
    text = values.astype("string").str.strip()
    codes, distinct = pd.factorize(text.mask(text == ""))
    iso = [iso_date(value) for value in distinct]
    bad = sum(day is None for day in iso)
    if bad:
        warnings.warn(f"{bad} distinct date value(s) could not be read as dates and were left "
                      "empty", ExportWarning, stacklevel=3)
    days = pd.array([dt.date.fromisoformat(day) if day else None for day in iso],
                    dtype="date32[pyarrow]")
    taken = days.take(codes, allow_fill=True)  # code -1 (missing) becomes null
    return pd.Series(taken, index=values.index)


def points(frame: Any) -> Any:
    """A WGS84 point per row with lat/lon, a null geometry elsewhere."""
    lat = frame["lat"].to_numpy(dtype=float, na_value=np.nan)
    lon = frame["lon"].to_numpy(dtype=float, na_value=np.nan)
    points = gpd.points_from_xy(lon, lat, crs=CRS)
    points[np.isnan(lat) | np.isnan(lon)] = None
    return gpd.GeoSeries(points, index=frame.index, crs=CRS)


def mention_frame(records: Iterable[dict[str, Any]], *, extra: Sequence[str] = ()) -> Any:
    """A typed GeoDataFrame of mention records: the schema columns, then the ``extra``
    columns and any :data:`DOCUMENT_FIELDS` the records carry."""
    rows = records if isinstance(records, list) else list(records)
    carried = [f for f in DOCUMENT_FIELDS if any(f in r for r in rows)]
    columns = [*MENTION_FIELDS, *dict.fromkeys([*extra, *carried])]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    return gpd.GeoDataFrame(typed(frame), geometry=points(frame), crs=CRS)


def resolved_mention_table(places: Sequence[Place], doc_ids: Sequence[str]) -> Any:
    """A typed table of resolved mentions straight from their places: the
    :data:`PLACE_FIELDS` of ``places[i]`` and ``doc_ids[i]`` (the mention's document) per row."""
    columns = {name: [getattr(place, name) for place in places] for name in PLACE_FIELDS}
    return typed(pd.DataFrame({"doc_id": list(doc_ids), **columns}))


def place_key(frame: Any) -> Any:
    """One key per resolved place: the GeoNames id, else ``name|lat|lon``; null if unresolved."""
    key = frame["geonameid"].astype("string")
    other = (frame["name"].fillna("") + "|" + frame["lat"].astype("string") + "|"
             + frame["lon"].astype("string"))
    return key.fillna(other.where(frame["lat"].notna()))


def place_frame(mentions: Any) -> Any:
    """One row per resolved place of a mention frame, with mention and document counts,
    mean confidence and the distinct surface texts (``"; "``-joined)."""
    frame = mentions.assign(_key=place_key(mentions))
    frame = frame[frame["_key"].notna()]
    groups = frame.groupby("_key", sort=False)
    places = groups[list(PLACE_FIELDS)].first()
    places["mentions"] = groups.size()
    places["documents"] = groups["doc_id"].nunique()
    places["confidence"] = groups["confidence"].mean().round(4)
    texts = frame.drop_duplicates(["_key", "text"]).sort_values("text")
    places["texts"] = texts.groupby("_key", sort=False)["text"].agg("; ".join)
    places = places.sort_values(["mentions", "name"], ascending=[False, True])
    places = typed(places.reset_index(drop=True))
    return gpd.GeoDataFrame(places, geometry=points(places), crs=CRS)
