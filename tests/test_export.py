"""GIS exports: every format opens with GDAL in WGS84, keeps the schema's types, and handles
unresolved mentions as documented; JSONL reading; the ``geonews export`` command."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import pyogrio
import pytest
from click.testing import CliRunner

import geonews.cli.export_cmd  # noqa: F401  (registers the commands)
from gazetteer.place import Place
from geonews.cli.app import main
from geonews.errors import InputFormatError, InputNotFound, InputWarning, OutputFormatError
from geonews.outputs.formats import FORMATS, SHAPEFILE_FIELDS, WRITERS, format_for, write_records
from geonews.outputs.tables import ExportWarning, mention_frame, place_frame
from geonews.records.reading import read_records
from geonews.models import Document, Mention, ParsedDocument, ResolvedMention, Sentence
from geonews.resolution.focus import parsed_document
from geonews.records.schema import MENTION_FIELDS, PLACE_FIELDS, records

IRAQ = Place(99237, "Iraq", "country", 33.0, 44.0, 38433600, "IQ", "Iraq")
MOSUL = Place(99072, "Mosul", "city", 36.335, 43.11889, 1683000, "IQ", "Iraq", "IQ.15",
              "Nīnawá", "IQ.15.9166649", "Mosul District")


def parsed(doc_id: str, text: str, found: dict[str, Place | None]) -> ParsedDocument:
    """A parsed document whose mentions are the first occurrences of ``found``'s keys."""
    sentences = tuple(Sentence(m.start(), m.end()) for m in re.finditer(r"[^.]+\.?", text))
    mentions = []
    for surface, place in found.items():
        start = text.index(surface)
        sentence = next(s for s in sentences if s.start <= start < s.end)
        mention = Mention(doc_id, start, start + len(surface), surface, "place",
                          sentence.start, sentence.end)
        mentions.append(ResolvedMention(mention, place, 0.9 if place else 0.0))
    mentions.sort(key=lambda m: m.mention.start)
    return parsed_document(Document(doc_id, text), sentences, tuple(mentions))


def sample_records() -> list[dict]:
    docs = [parsed("d1", "Fighting in Mosul. Iraq said so. Atlantis too.",
                   {"Mosul": MOSUL, "Iraq": IRAQ, "Atlantis": None}),
            parsed("d2", "Mosul again.", {"Mosul": MOSUL})]
    return [r for d in docs for r in records(d)]


@pytest.fixture
def recs() -> list[dict]:
    return sample_records()


SINGLE_LAYER = {"geojson": ".geojson", "shapefile": ".shp", "flatgeobuf": ".fgb",
                "kml": ".kml", "csv": ".csv", "gpkg": ".gpkg"}


@pytest.mark.parametrize("fmt", sorted(SINGLE_LAYER))
@pytest.mark.parametrize("per", ["mention", "place"])
def test_every_gdal_format_opens_in_wgs84(tmp_path, recs, fmt, per):
    path = tmp_path / f"out{SINGLE_LAYER[fmt]}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExportWarning)
        written = write_records(recs, path, per=per)
    info = pyogrio.read_info(path, layer="mentions" if fmt == "gpkg" else None)
    assert info["crs"] == "EPSG:4326"
    keeps = FORMATS[fmt].keeps_unresolved
    expected = {"mention": 4 if keeps else 3, "place": 2}[per]
    assert written == expected
    if fmt != "gpkg":
        assert info["features"] == expected
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files


def test_geoparquet_is_wgs84_with_typed_columns(tmp_path, recs):
    path = tmp_path / "out.parquet"
    assert write_records(recs, path) == 4
    geo = json.loads(pq.read_schema(path).metadata[b"geo"])
    assert geo["columns"]["geometry"]["crs"]["id"] == {"authority": "EPSG", "code": 4326}
    frame = gpd.read_parquet(path)
    assert frame.crs.to_epsg() == 4326
    assert list(frame.columns) == [*MENTION_FIELDS, "geometry"]
    schema = pq.read_schema(path)
    assert str(schema.field("geonameid").type) == "int64"
    assert frame.geometry.isna().sum() == 1  # the unresolved mention keeps its row
    if "Parquet" in pyogrio.list_drivers():
        assert pyogrio.read_info(path)["crs"] == "EPSG:4326"


def test_gpkg_holds_mentions_places_and_regions(tmp_path, recs):
    path = tmp_path / "out.gpkg"
    write_records(recs, path)
    assert [str(n) for n, _ in pyogrio.list_layers(path)] == [
        "mentions", "places", "documents", "regions", "layer_styles"]
    mentions = pyogrio.read_info(path, layer="mentions")
    assert dict(zip(mentions["fields"], mentions["dtypes"]))["geonameid"] == "int64"
    assert mentions["ogr_types"][list(mentions["fields"]).index("start")] == "OFTInteger64"
    places = pyogrio.read_dataframe(path, layer="places").set_index("name")
    assert places.loc["Mosul", "mentions"] == 2 and places.loc["Mosul", "documents"] == 2
    assert places.loc["Iraq", "mentions"] == 1
    regions = pyogrio.read_dataframe(path, layer="regions").set_index("code")
    assert regions.loc["IQ", "mentions"] == 3 and regions.loc["IQ", "places"] == 2
    assert regions.loc["IQ.15", "mentions"] == 2
    assert regions.loc["IQ.15.9166649", "parent_code"] == "IQ.15"
    unresolved = pyogrio.read_dataframe(path, layer="mentions")
    assert unresolved.geometry.isna().sum() == 1


def test_ids_are_integers_not_floats_and_nulls_stay_null(tmp_path, recs):
    frame = mention_frame(recs)
    for column in ("start", "end", "sentence_start", "sentence_end", "geonameid", "population"):
        assert str(frame[column].dtype) == "Int64", column
    assert str(frame["lat"].dtype) == "Float64"
    path = tmp_path / "out.geojson"
    write_records(recs, path)
    features = json.loads(path.read_text())["features"]
    assert features[0]["properties"]["geonameid"] == 99072  # an integer in the JSON
    unresolved = next(f for f in features if f["properties"]["text"] == "Atlantis")
    assert unresolved["geometry"] is None and unresolved["properties"]["geonameid"] is None
    assert "crs" not in json.loads(path.read_text())  # RFC 7946: WGS84 implied


def test_document_dates_become_dates(tmp_path, recs):
    for r in recs:
        r["date"] = "2016-11-03T10:00:00Z" if r["doc_id"] == "d1" else None
    path = tmp_path / "out.gpkg"
    write_records(recs, path)
    info = pyogrio.read_info(path, layer="mentions")
    assert info["ogr_types"][list(info["fields"]).index("date")] == "OFTDate"
    write_records(recs, tmp_path / "out.parquet")
    assert str(pq.read_schema(tmp_path / "out.parquet").field("date").type) == "date32[day]"


def test_shapefile_field_names_fit_ten_characters(tmp_path, recs):
    path = tmp_path / "out.shp"
    write_records(recs, path)
    assert {p.suffix for p in tmp_path.iterdir()} == {".shp", ".shx", ".dbf", ".prj", ".cpg"}
    assert (tmp_path / "out.cpg").read_text().strip().upper() in {"UTF-8", "UTF8"}
    fields = list(pyogrio.read_info(path)["fields"])
    assert all(len(f) <= 10 for f in fields)
    assert fields == [SHAPEFILE_FIELDS.get(f, f) for f in MENTION_FIELDS]
    frame = pyogrio.read_dataframe(path)
    assert frame.geometry.isna().sum() == 1  # unresolved: a null shape


def test_shapefile_warns_when_sentences_are_truncated(tmp_path):
    text = "Mosul " + "x" * 300 + "."
    long = list(records(parsed("d", text, {"Mosul": MOSUL})))
    with pytest.warns(ExportWarning, match="truncated"):
        write_records(long, tmp_path / "long.shp")


@pytest.mark.parametrize("fmt,suffix", [("flatgeobuf", ".fgb"), ("kml", ".kml")])
def test_formats_without_null_geometry_drop_unresolved_with_a_warning(tmp_path, recs, fmt,
                                                                       suffix):
    with pytest.warns(ExportWarning, match="1 unresolved mention"):
        assert write_records(recs, tmp_path / f"out{suffix}") == 3


def test_kml_names_placemarks_after_places(tmp_path, recs):
    with pytest.warns(ExportWarning):
        write_records(recs, tmp_path / "out.kml")
    kml = (tmp_path / "out.kml").read_text()
    assert "<name>Mosul</name>" in kml and "<description>Fighting in Mosul.</description>" in kml


def test_csv_has_wkt_lat_lon_and_sidecars(tmp_path, recs):
    path = tmp_path / "out.csv"
    write_records(recs, path)
    assert {p.name for p in tmp_path.iterdir()} == {"out.csv", "out.csvt", "out.prj"}
    frame = pd.read_csv(path)
    assert list(frame.columns) == ["WKT", *MENTION_FIELDS]
    assert frame.loc[0, "WKT"] == "POINT (43.11889 36.335)"
    assert frame["lat"].isna().sum() == 1


def test_place_level_counts(recs):
    places = place_frame(mention_frame(recs))
    assert list(places["name"]) == ["Mosul", "Iraq"]
    assert list(places["mentions"]) == [2, 1] and list(places["documents"]) == [2, 1]
    assert set(PLACE_FIELDS) < set(places.columns)


def test_empty_export_still_opens(tmp_path):
    for suffix in (".gpkg", ".geojson", ".fgb", ".shp"):
        assert write_records([], tmp_path / f"empty{suffix}") == 0
        assert pyogrio.read_info(tmp_path / f"empty{suffix}",
                                 layer="mentions" if suffix == ".gpkg" else None)["crs"] \
            == "EPSG:4326"


def test_unknown_extension_lists_the_supported_formats(tmp_path, recs):
    with pytest.raises(OutputFormatError, match=r"unknown output extension '\.xyz'.*\.gpkg"):
        write_records(recs, tmp_path / "out.xyz")
    with pytest.raises(OutputFormatError, match="supported: jsonl, geojson"):
        format_for("out.gpkg", "dxf")
    with pytest.raises(OutputFormatError, match="per"):
        write_records(recs, tmp_path / "out.gpkg", per="sentence")
    assert set(WRITERS) == set(FORMATS)


@pytest.mark.parametrize("suffix", [".geojson", ".shp"])
def test_a_failed_write_keeps_the_previous_file(tmp_path, recs, monkeypatch, suffix):
    path = tmp_path / f"out{suffix}"
    write_records(recs, path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def crash(frame, tmp, driver, **kwargs):
        tmp.write_text("half a file")
        tmp.with_suffix(".dbf").write_text("half a sidecar")
        raise RuntimeError("disk full")

    monkeypatch.setattr("geonews.outputs.formats._ogr", crash)
    with pytest.raises(RuntimeError):
        write_records(recs[:1], path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_read_records_skips_malformed_lines_with_file_and_line(tmp_path, recs):
    path = tmp_path / "m.jsonl"
    lines = [json.dumps(r) for r in recs]
    lines.insert(2, "{not json")
    path.write_text("\n".join(lines) + "\n")
    with pytest.warns(InputWarning, match=r"m\.jsonl:3: malformed JSON"):
        back = list(read_records(path))
    assert back == recs


def test_read_records_rejects_article_files_and_missing_paths(tmp_path):
    articles = tmp_path / "a.jsonl"
    articles.write_text('{"id": "1", "text": "Fighting in Mosul."}\n')
    with pytest.raises(InputFormatError, match="not a mention record.*fields: id, text"):
        list(read_records(articles))
    with pytest.raises(InputNotFound):
        read_records(tmp_path / "missing.jsonl")


def _jsonl(tmp_path: Path, recs: list[dict]) -> Path:
    path = tmp_path / "mentions.jsonl"
    write_records(recs, path)
    return path


def test_cli_export_writes_a_geopackage(tmp_path, recs):
    source = _jsonl(tmp_path, recs)
    result = CliRunner().invoke(main, ["export", str(source), "-o", str(tmp_path / "o.gpkg")])
    assert result.exit_code == 0, result.output
    assert "Wrote 4 mentions to" in result.output and "(gpkg)" in result.output
    assert pyogrio.read_info(tmp_path / "o.gpkg", layer="mentions")["features"] == 4


def test_cli_export_per_place_with_format(tmp_path, recs):
    source = _jsonl(tmp_path, recs)
    out = tmp_path / "places.json"
    result = CliRunner().invoke(main, ["export", str(source), "-o", str(out),
                                       "--format", "geojson", "--per", "place"])
    assert result.exit_code == 0, result.output
    assert "Wrote 2 places" in result.output
    assert pyogrio.read_info(out)["features"] == 2


def test_cli_export_to_stdout_is_jsonl(tmp_path, recs):
    source = _jsonl(tmp_path, recs)
    result = CliRunner().invoke(main, ["export", str(source), "-o", "-"])
    assert result.exit_code == 0
    assert [json.loads(line) for line in result.stdout.splitlines()] == recs


def test_cli_export_errors(tmp_path, recs):
    source = _jsonl(tmp_path, recs)
    runner = CliRunner()
    result = runner.invoke(main, ["export", str(source), "-o", str(tmp_path / "o.xyz")])
    assert result.exit_code == 1
    assert "Error: " in result.output and "unknown output extension '.xyz'" in result.output
    assert ".gpkg" in result.output
    result = runner.invoke(main, ["export", str(tmp_path / "nope.jsonl"), "-o", "o.gpkg"])
    assert result.exit_code == 1 and "nope.jsonl: no such file" in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text(source.read_text() + "{oops\n")
    result = runner.invoke(main, ["export", str(bad), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 0
    assert "Warning: " in result.output and "bad.jsonl:5: malformed JSON" in result.output
    result = runner.invoke(main, ["export", str(source), "-o", str(tmp_path / "x.gpkg"),
                                  "--format", "dxf"])
    assert result.exit_code == 2 and "dxf" in result.output
