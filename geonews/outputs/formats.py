"""Writing mention records (and the documents table) to JSONL and the GIS formats.

The output format follows the file extension or ``format`` (see :data:`FORMATS`). Records
become the typed tables of :mod:`geonews.outputs.tables`: one row per mention, or with
``per="place"`` one row per resolved place, with its mention and document counts.
GeoPackage files always hold the four layers ``mentions``, ``places``, ``documents`` (one row
per article with its focus, :mod:`geonews.outputs.documents`) and ``regions``
(:mod:`geonews.outputs.regions`); GeoParquet and GeoJSON exports write the documents table
beside the file (``x.parquet`` → ``x.documents.parquet``). A GeoPackage also carries the
default QGIS styles of its layers in the ``layer_styles`` table
(:mod:`geonews.outputs.gis_styles`).

Unresolved mentions are kept wherever the format allows a null geometry (GeoJSON,
GeoPackage, GeoParquet, CSV, Shapefile as "null shape" records); FlatGeobuf (its spatial
index needs a geometry) and KML (a placemark with no location shows nothing) drop them with a
warning. Every file is written atomically; see ``docs/export.md`` for the per-format details.
Reading records back is :mod:`geonews.records.reading`.
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
from typing import Any, Callable, Iterable, Iterator

import pyogrio

from geonews.errors import OutputFormatError
from geonews.outputs.atomic import atomic_path, atomic_write
from geonews.outputs.documents import document_frame, document_records, sidecar_path
from geonews.outputs.gis_styles import write_layer_styles
from geonews.outputs.regions import region_table
from geonews.outputs.tables import ExportWarning, mention_frame, place_frame
from geonews.resolution.focus import DivisionSource

__all__ = [
    "DOCUMENT_FORMATS", "FORMATS", "PER", "SHAPEFILE_FIELDS", "WITH_DOCUMENTS", "WRITERS",
    "Format",
    "format_for", "write_documents", "write_frame", "write_gpkg_layers", "write_jsonl",
    "write_records",
]

STDOUT = "-"
#: Row levels of an export: one row per mention, or one per resolved place.
PER = ("mention", "place")

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
#: Formats the documents table can be written in, by extension.
DOCUMENT_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
                    ".geojson": "geojson", ".gpkg": "gpkg", ".parquet": "geoparquet",
                    ".geoparquet": "geoparquet"}


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


def _records_and_documents(records: Iterable[dict[str, Any]],
                           gazetteer: DivisionSource | None
                           ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The records as a list, and their documents rows (:mod:`geonews.outputs.documents`;
    ``gazetteer`` places the focus divisions an article does not name)."""
    rows = records if isinstance(records, list) else list(records)
    return rows, document_records(rows, gazetteer=gazetteer)


def _write_with_documents(records: Iterable[dict[str, Any]], path: str | Path, per: str,
                          write: Callable[[Any, str | Path], None],
                          gazetteer: DivisionSource | None) -> int:
    """Write the ``per`` frame of ``records`` to ``path`` and their documents table beside
    it (:func:`geonews.outputs.documents.sidecar_path`) with ``write``; the rows written to
    ``path``."""
    rows, documents = _records_and_documents(records, gazetteer)
    frame = _frame_for(rows, per)
    write(frame, path)
    write(document_frame(documents), sidecar_path(path))
    return len(frame)


def write_geojson(records: Iterable[dict[str, Any]], path: str | Path, *,
                  per: str = "mention", gazetteer: DivisionSource | None = None) -> int:
    """RFC 7946 GeoJSON (WGS84 lon/lat, 7 decimals); unresolved rows get ``"geometry": null``.
    The documents table (article focus) goes beside it, in ``<name>.documents.geojson``."""
    return _write_with_documents(records, path, per, _write_geojson_frame, gazetteer)


def write_gpkg(records: Iterable[dict[str, Any]], path: str | Path, *,
               per: str = "mention", gazetteer: DivisionSource | None = None) -> int:
    """A GeoPackage with layers ``mentions``, ``places``, ``documents`` (one point per article
    at its focus, :mod:`geonews.outputs.documents`) and (non-spatial) ``regions``.

    ``per`` picks the layer whose row count is returned; all four are always written.
    """
    rows, documents = _records_and_documents(records, gazetteer)
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
                     per: str = "mention", gazetteer: DivisionSource | None = None) -> int:
    """GeoParquet 1.x (WKB points, CRS as PROJJSON); unresolved rows keep a null geometry.
    The documents table (article focus) goes beside it, in ``<name>.documents.parquet``."""
    return _write_with_documents(records, path, per, _write_parquet_frame, gazetteer)


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

#: Writers by format name: ``writer(records, path, *, per) -> rows written``; those of
#: :data:`WITH_DOCUMENTS` also take the ``gazetteer`` that places the documents table's foci.
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

#: Formats whose writers write the documents table (article focus) too.
WITH_DOCUMENTS = frozenset({"geojson", "gpkg", "geoparquet"})

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
                  format: str | None = None, per: str = "mention",
                  gazetteer: DivisionSource | None = None) -> int:
    """Write records to ``path`` in the format its extension (or ``format``) names.

    ``per="place"`` writes one row per resolved place; ``gazetteer`` places the foci of a
    documents table (:data:`WITH_DOCUMENTS`) as the geoparser does. Returns the number of
    rows written.
    """
    if per not in PER:
        raise OutputFormatError(f"unknown --per {per!r} (supported: {', '.join(PER)})")
    name = format_for(path, format)
    documents = {"gazetteer": gazetteer} if name in WITH_DOCUMENTS else {}
    return WRITERS[name](records, path, per=per, **documents)


def write_documents(rows: Iterable[dict[str, Any]], path: str | Path, *,
                    layer: str = "documents") -> int:
    """Write documents rows (:mod:`geonews.outputs.documents`) to ``path`` in the format its
    extension names (:data:`DOCUMENT_FORMATS`; GeoPackage: the ``layer`` layer, replaced if
    present). Returns the number of rows."""
    fmt = DOCUMENT_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise OutputFormatError(
            f"{path}: unknown documents extension {Path(path).suffix or '(none)'!r} "
            f"(supported: {', '.join(DOCUMENT_FORMATS)})")
    rows = rows if isinstance(rows, list) else list(rows)
    if fmt == "jsonl":
        return write_jsonl(rows, path)
    write_frame(document_frame(rows), path, fmt, layer=layer)
    return len(rows)
