"""Writing and reading mention records: JSONL and the GIS formats.

The output format follows the file extension or ``format`` (see :data:`FORMATS`). Records
are schema records (:data:`geonews.records.schema.MENTION_FIELDS`, optionally with the document
fields ``title``, ``date``, ``url``); they become one typed table — ids and counts as nullable
``Int64``, coordinates as ``Float64``, ``date`` as a date — with a WGS84 point per resolved
mention and a null geometry per unresolved one. ``per="place"`` writes one row per resolved
place instead, with its mention and document counts. GeoPackage files always hold the four
layers ``mentions``, ``places``, ``documents`` (one row per article with its focus,
:mod:`geonews.outputs.documents`) and ``regions``; GeoParquet and GeoJSON exports write the documents
table beside the file (``x.parquet`` → ``x.documents.parquet``). A GeoPackage also
carries the default QGIS styles of its layers in the ``layer_styles`` table
(:mod:`geonews.outputs.gis_styles`).

Unresolved mentions are kept wherever the format allows a null geometry (GeoJSON,
GeoPackage, GeoParquet, CSV, Shapefile as "null shape" records); FlatGeobuf (its spatial
index needs a geometry) and KML (a placemark with no location shows nothing) drop them with a
warning. Every file is written atomically; see ``docs/export.md`` for the per-format details.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from geonews.outputs.atomic import atomic_path, atomic_write
from geonews.errors import (GeonewsWarning, InputFormatError, InputNotFound, InputWarning,
                            OutputFormatError)
from geonews.text.dates import iso_date
from geonews.outputs.gis_styles import write_layer_styles
from geonews.records.schema import DOCUMENT_FIELDS, MENTION_FIELDS, PLACE_FIELDS

__all__ = [
    "write_records", "write_jsonl", "read_records", "records_from_lines", "is_mentions_file",
    "is_mention_line", "mention_frame", "place_frame", "place_key", "typed",
    "write_gpkg_layers", "format_for", "WRITERS", "FORMATS", "SHAPEFILE_FIELDS",
    "DOCUMENT_FIELDS", "PER", "ExportWarning", "points", "write_frame",
]

STDOUT = "-"
STDIN = "-"
CRS = "EPSG:4326"
#: Row levels of an export: one row per mention, or one per resolved place.
PER = ("mention", "place")
#: Fields a line must have to be read as a mention record.
REQUIRED_FIELDS: tuple[str, ...] = ("doc_id", "start", "end")

_INTEGER = {"start", "end", "sentence_start", "sentence_end", "geonameid", "population",
            "mentions", "documents", "places", "city_geonameid"}
_FLOAT = {"lat", "lon", "confidence", "focus_confidence", "country_confidence",
          "admin1_confidence", "city_confidence"}

#: Shapefile (dBASE) field names are at most 10 characters: the renamed fields.
SHAPEFILE_FIELDS: dict[str, str] = {
    "sentence_start": "sent_start",
    "sentence_end": "sent_end",
    "country_code": "cntry_code",
    "admin1_code": "adm1_code",
    "admin2_code": "adm2_code",
    "approximation": "approx",
}
#: dBASE text fields hold at most this many bytes.
SHAPEFILE_TEXT_BYTES = 254


class ExportWarning(GeonewsWarning):
    """Rows or values a format cannot hold were dropped or truncated."""


# --------------------------------------------------------------------------- reading


def _check_record(record: Any, where: str) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise InputFormatError(f"{where}: expected a JSON object, got {type(record).__name__}")
    missing = [f for f in REQUIRED_FIELDS if f not in record]
    if missing:
        raise InputFormatError(
            f"{where}: not a mention record (missing {', '.join(missing)}; fields: "
            f"{', '.join(sorted(map(str, record))) or 'none'})")
    return record


def records_from_lines(lines: Iterable[bytes], where: str) -> Iterator[dict[str, Any]]:
    """Mention records from JSONL lines (see :func:`read_records`); ``where`` names the source."""
    first = True
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        at = f"{where}:{number}"
        try:
            record = _check_record(json.loads(raw), at)
        except json.JSONDecodeError as exc:
            warnings.warn(f"{at}: malformed JSON ({exc.msg}), line skipped", InputWarning,
                          stacklevel=3)
            continue
        except UnicodeDecodeError:
            warnings.warn(f"{at}: not valid UTF-8, line skipped", InputWarning, stacklevel=3)
            continue
        except InputFormatError as exc:
            if first:  # the file is not a mentions file at all: say so once
                raise InputFormatError(f"{exc}; run 'geonews parse' on articles first") from None
            warnings.warn(f"{exc}, line skipped", InputWarning, stacklevel=3)
            continue
        first = False
        yield record


def read_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """Stream the mention records of a JSONL file (``"-"``: stdin).

    A malformed line is skipped with an :class:`InputWarning` naming ``file:line``; a file
    whose first record is not a mention record raises :class:`InputFormatError`.
    """
    if str(path) == STDIN:
        return records_from_lines(sys.stdin.buffer, "<stdin>")
    path = Path(path)
    if not path.is_file():
        raise InputNotFound(f"{path}: no such file")
    return _read_file_records(path)


def _read_file_records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open("rb") as handle:
        yield from records_from_lines(handle, str(path))


def is_mention_line(line: bytes | str) -> bool:
    """True when ``line`` is a JSON mention record (has ``doc_id``, ``start``, ``end``)."""
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return isinstance(record, dict) and all(f in record for f in REQUIRED_FIELDS)


def is_mentions_file(path: str | Path) -> bool:
    """True when ``path`` is a JSONL file whose first record is a mention record."""
    path = Path(path)
    if path.suffix.lower() not in (".jsonl", ".ndjson") or not path.is_file():
        return False
    with path.open("rb") as handle:
        first = next((raw for raw in handle if raw.strip()), b"")
    return is_mention_line(first)


# --------------------------------------------------------------------------- tables


def typed(frame: Any) -> Any:
    """``frame`` with schema dtypes: Int64 ids/counts, Float64 numbers, dates, strings."""
    import pandas as pd

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
    import datetime as dt

    import pandas as pd

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
    import geopandas as gpd
    import numpy as np

    lat = frame["lat"].to_numpy(dtype=float, na_value=np.nan)
    lon = frame["lon"].to_numpy(dtype=float, na_value=np.nan)
    points = gpd.points_from_xy(lon, lat, crs=CRS)
    points[np.isnan(lat) | np.isnan(lon)] = None
    return gpd.GeoSeries(points, index=frame.index, crs=CRS)


def mention_frame(records: Iterable[dict[str, Any]], *, extra: Sequence[str] = ()) -> Any:
    """A typed GeoDataFrame of mention records: the schema columns, then the ``extra``
    columns and any :data:`DOCUMENT_FIELDS` the first records carry."""
    import geopandas as gpd
    import pandas as pd

    rows = records if isinstance(records, list) else list(records)
    carried = [f for f in DOCUMENT_FIELDS if any(f in r for r in rows)]
    columns = [*MENTION_FIELDS, *dict.fromkeys([*extra, *carried])]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    return gpd.GeoDataFrame(typed(frame), geometry=points(frame), crs=CRS)


def place_key(frame: Any) -> Any:
    """One key per resolved place: the GeoNames id, else ``name|lat|lon``; null if unresolved."""
    key = frame["geonameid"].astype("string")
    other = (frame["name"].fillna("") + "|" + frame["lat"].astype("string") + "|"
             + frame["lon"].astype("string"))
    return key.fillna(other.where(frame["lat"].notna()))


def place_frame(mentions: Any) -> Any:
    """One row per resolved place of a mention frame, with mention and document counts,
    mean confidence and the distinct surface texts (``"; "``-joined)."""
    import geopandas as gpd

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


# --------------------------------------------------------------------------- writers


Writer = Callable[..., int]


@dataclass(frozen=True)
class Format:
    """An output format: its name, extensions and whether rows without a place are kept."""

    name: str
    extensions: tuple[str, ...]
    keeps_unresolved: bool
    description: str


def write_jsonl(records: Iterable[dict[str, Any]], path: str | Path, *,
                per: str = "mention") -> int:
    """Write one JSON object per line; ``"-"`` writes to stdout. Returns the record count."""
    if per == "place":
        places = place_frame(mention_frame(records)).drop(columns="geometry")
        records = (json.loads(line) for line in
                   places.to_json(orient="records", lines=True, force_ascii=False).splitlines())
    count = 0

    def dump(handle: Any) -> None:
        nonlocal count
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False))
            handle.write("\n")
            count += 1

    if str(path) == STDOUT:
        dump(sys.stdout)
        sys.stdout.flush()
    else:
        with atomic_write(path) as handle:
            dump(handle)
    return count


def _frame_for(records: Iterable[dict[str, Any]], per: str) -> Any:
    mentions = mention_frame(records)
    return mentions if per == "mention" else place_frame(mentions)


def _drop_unresolved(frame: Any, format_name: str) -> Any:
    missing = frame.geometry.isna()
    if missing.any():
        warnings.warn(f"{format_name}: {int(missing.sum())} unresolved mention(s) without "
                      "coordinates left out (use GeoPackage, GeoParquet, GeoJSON or CSV to "
                      "keep them)", ExportWarning, stacklevel=3)
        frame = frame[~missing]
    return frame


def _ogr(frame: Any, path: Path, driver: str, *, layer: str | None = None,
         **options: Any) -> None:
    import pyogrio

    pyogrio.write_dataframe(frame, path, driver=driver, layer=layer, use_arrow=True,
                            geometry_type="Point" if "geometry" in frame else None, **options)


@contextlib.contextmanager
def _atomic_files(path: str | Path, sidecars: tuple[str, ...] = ()) -> Iterator[Path]:
    """Like :func:`atomic_path`, also moving the writer's ``sidecars`` (``.dbf`` …) into
    place; the main file is renamed last, so readers never see a new one with old sidecars.
    Any other file the writer left beside the temporary one is removed."""
    target = Path(path)
    with atomic_path(target) as tmp:
        try:
            yield tmp
            for suffix in sidecars:
                side = tmp.with_suffix(suffix)
                if side.exists():
                    os.replace(side, target.with_suffix(suffix))
        finally:
            for leftover in tmp.parent.glob(glob.escape(tmp.stem) + ".*"):
                if leftover != tmp:
                    leftover.unlink(missing_ok=True)


def _write_geojson_frame(frame: Any, path: str | Path) -> None:
    with _atomic_files(path) as tmp:
        _ogr(frame, tmp, "GeoJSON", layer=Path(path).stem, layer_options={"RFC7946": "YES"})


def _write_parquet_frame(frame: Any, path: str | Path) -> None:
    with atomic_path(path) as tmp:
        frame.to_parquet(tmp, index=False)


def _write_csv_frame(frame: Any, path: str | Path) -> None:
    with _atomic_files(path, (".csvt", ".prj")) as tmp:
        _ogr(frame, tmp, "CSV", layer=Path(path).stem,
             layer_options={"GEOMETRY": "AS_WKT", "CREATE_CSVT": "YES"})


def write_frame(frame: Any, path: str | Path, format: str, *, layer: str | None = None) -> None:
    """Write a typed GeoDataFrame (a documents table …) to a new file as GeoJSON, GeoParquet,
    CSV or GeoPackage (one ``layer``), atomically."""
    if format == "gpkg":
        with _atomic_files(path) as tmp:
            _ogr(frame, tmp, "GPKG", layer=layer or Path(path).stem)
        return
    {"geojson": _write_geojson_frame, "geoparquet": _write_parquet_frame,
     "csv": _write_csv_frame}[format](frame, path)


def _records_and_documents(records: Iterable[dict[str, Any]]
                           ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The records as a list, and their documents rows (:mod:`geonews.outputs.documents`)."""
    from geonews.outputs.documents import document_records

    rows = records if isinstance(records, list) else list(records)
    return rows, document_records(rows)


def _write_with_documents(records: Iterable[dict[str, Any]], path: str | Path, per: str,
                          write: Callable[[Any, str | Path], None]) -> int:
    """Write the ``per`` frame of ``records`` to ``path`` and their documents table beside
    it (:func:`geonews.outputs.documents.sidecar_path`) with ``write``; the rows written to ``path``."""
    from geonews.outputs.documents import document_frame, sidecar_path

    rows, documents = _records_and_documents(records)
    frame = _frame_for(rows, per)
    write(frame, path)
    write(document_frame(documents), sidecar_path(path))
    return len(frame)


def write_geojson(records: Iterable[dict[str, Any]], path: str | Path, *,
                  per: str = "mention") -> int:
    """RFC 7946 GeoJSON (WGS84 lon/lat, 7 decimals); unresolved rows get ``"geometry": null``.
    The documents table (article focus) goes beside it, in ``<name>.documents.geojson``."""
    return _write_with_documents(records, path, per, _write_geojson_frame)


def write_gpkg(records: Iterable[dict[str, Any]], path: str | Path, *,
               per: str = "mention") -> int:
    """A GeoPackage with layers ``mentions``, ``places``, ``documents`` (one point per article
    at its focus, :mod:`geonews.outputs.documents`) and (non-spatial) ``regions``.

    ``per`` picks the layer whose row count is returned; all four are always written.
    """
    from geonews.outputs.documents import document_frame
    from geonews.outputs.regions import region_table

    rows, documents = _records_and_documents(records)
    mentions = mention_frame(rows)
    places = place_frame(mentions)
    with _atomic_files(path) as tmp:
        write_gpkg_layers(tmp, mentions, places, region_table(mentions))
        _ogr(document_frame(documents), tmp, "GPKG", layer="documents")
    return len(mentions if per == "mention" else places)


def write_gpkg_layers(path: Path, mentions: Any, places: Any, regions: Any, *,
                      append: bool = False) -> None:
    """Write (or, with ``append``, add mention rows and rewrite the summary layers of) a
    GeoPackage's ``mentions``, ``places`` and ``regions`` layers, with their default QGIS
    styles (:mod:`geonews.outputs.gis_styles`)."""
    _ogr(mentions, path, "GPKG", layer="mentions", append=append)
    _ogr(places, path, "GPKG", layer="places", layer_options={"OVERWRITE": "YES"})
    _ogr(regions, path, "GPKG", layer="regions", layer_options={"OVERWRITE": "YES"})
    write_layer_styles(path)


def shapefile_frame(frame: Any) -> Any:
    """``frame`` with field names of at most 10 characters (:data:`SHAPEFILE_FIELDS`)."""
    return frame.rename(columns=SHAPEFILE_FIELDS)


def write_shapefile(records: Iterable[dict[str, Any]], path: str | Path, *,
                    per: str = "mention") -> int:
    """An ESRI Shapefile (.shp .shx .dbf .prj .cpg, UTF-8) with 10-character field names.

    Unresolved mentions are written as null shapes. Text longer than the dBASE limit of 254
    bytes (long sentences) is truncated, with a warning.
    """
    frame = shapefile_frame(_frame_for(records, per))
    text = frame.select_dtypes(include="string")
    long = int(sum((text[c].str.encode("utf-8").str.len() > SHAPEFILE_TEXT_BYTES).sum()
                   for c in text.columns))
    if long:
        warnings.warn(f"Shapefile: {long} text value(s) longer than {SHAPEFILE_TEXT_BYTES} "
                      "bytes truncated (use GeoPackage for full sentences)", ExportWarning,
                      stacklevel=2)
    with _atomic_files(path, (".shx", ".dbf", ".prj", ".cpg")) as tmp, \
            warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*has been truncated to")
        _ogr(frame, tmp, "ESRI Shapefile", layer=Path(path).stem, encoding="UTF-8")
    return len(frame)


def write_geoparquet(records: Iterable[dict[str, Any]], path: str | Path, *,
                     per: str = "mention") -> int:
    """GeoParquet 1.x (WKB points, CRS as PROJJSON); unresolved rows keep a null geometry.
    The documents table (article focus) goes beside it, in ``<name>.documents.parquet``."""
    return _write_with_documents(records, path, per, _write_parquet_frame)


def write_flatgeobuf(records: Iterable[dict[str, Any]], path: str | Path, *,
                     per: str = "mention") -> int:
    """FlatGeobuf with a spatial index; unresolved mentions are left out (with a warning)."""
    frame = _drop_unresolved(_frame_for(records, per), "FlatGeobuf")
    with _atomic_files(path) as tmp:
        _ogr(frame, tmp, "FlatGeobuf", layer=Path(path).stem)
    return len(frame)


def write_kml(records: Iterable[dict[str, Any]], path: str | Path, *,
              per: str = "mention") -> int:
    """KML placemarks named after the place, the sentence (mentions) as the description;
    other attributes as ExtendedData. Unresolved mentions are left out (with a warning)."""
    frame = _drop_unresolved(_frame_for(records, per), "KML")
    ints = frame.select_dtypes(include="Int64").columns  # KML has 32-bit "int" only
    frame = frame.astype({c: "Int32" for c in ints})
    options = {"NameField": "name", "DescriptionField": "sentence" if per == "mention"
               else "texts"}
    with _atomic_files(path) as tmp:
        _ogr(frame, tmp, "KML", layer=Path(path).stem, dataset_options=options)
    return len(frame)


def write_csv(records: Iterable[dict[str, Any]], path: str | Path, *,
              per: str = "mention") -> int:
    """CSV with a leading ``WKT`` geometry column and ``lat``/``lon`` columns, plus ``.csvt``
    (column types) and ``.prj`` (WGS84) sidecars for GDAL; nulls are empty cells."""
    frame = _frame_for(records, per)
    _write_csv_frame(frame, path)
    return len(frame)


#: Output formats by name.
FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("jsonl", (".jsonl", ".ndjson"), True, "JSON Lines, the mention schema"),
    Format("geojson", (".geojson",), True, "GeoJSON, RFC 7946"),
    Format("gpkg", (".gpkg",), True, "GeoPackage: mentions, places, documents, regions"),
    Format("shapefile", (".shp",), True, "ESRI Shapefile (10-character field names)"),
    Format("geoparquet", (".parquet", ".geoparquet"), True, "GeoParquet"),
    Format("flatgeobuf", (".fgb",), False, "FlatGeobuf (unresolved mentions left out)"),
    Format("kml", (".kml",), False, "KML (unresolved mentions left out)"),
    Format("csv", (".csv",), True, "CSV with WKT and lat/lon"),
)}

#: Writers by format name: ``writer(records, path, *, per) -> rows written``.
WRITERS: dict[str, Writer] = {
    "jsonl": write_jsonl,
    "geojson": write_geojson,
    "gpkg": write_gpkg,
    "shapefile": write_shapefile,
    "geoparquet": write_geoparquet,
    "flatgeobuf": write_flatgeobuf,
    "kml": write_kml,
    "csv": write_csv,
}

_EXTENSIONS = {ext: f.name for f in FORMATS.values() for ext in f.extensions}


def format_for(path: str | Path, format: str | None = None) -> str:
    """The format name for ``path`` (or the explicit ``format``), checked against WRITERS."""
    if format is None:
        if str(path) == STDOUT:
            return "jsonl"
        suffix = Path(path).suffix.lower()
        format = _EXTENSIONS.get(suffix)
        if format is None:
            raise OutputFormatError(
                f"{path}: unknown output extension {suffix or '(none)'!r} "
                f"(supported: {', '.join(_EXTENSIONS)}; or give --format)")
    if format not in WRITERS:
        raise OutputFormatError(f"unknown format {format!r} (supported: {', '.join(WRITERS)})")
    if str(path) == STDOUT and format != "jsonl":
        raise OutputFormatError(f"only JSONL can be written to stdout, not {format!r}")
    return format


def write_records(records: Iterable[dict[str, Any]], path: str | Path, *,
                  format: str | None = None, per: str = "mention") -> int:
    """Write records to ``path`` in the format its extension (or ``format``) names.

    ``per="place"`` writes one row per resolved place. Returns the number of rows written.
    """
    if per not in PER:
        raise OutputFormatError(f"unknown --per {per!r} (supported: {', '.join(PER)})")
    return WRITERS[format_for(path, format)](records, path, per=per)
