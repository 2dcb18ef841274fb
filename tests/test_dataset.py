"""Growing corpora: appending to GeoPackage and GeoParquet datasets without duplicating
documents (by id and by content hash)."""

from __future__ import annotations

import geopandas as gpd
import pyogrio
import pytest

from gazetteer.place import Place
from geonews.outputs.dataset import (DuplicateWarning, append_parsed, append_records, content_hash,
                             known_documents, new_documents)
from geonews.errors import OutputFormatError
from geonews.outputs.formats import write_records
from geonews.models import Document, Mention, ParsedDocument, ResolvedMention, Sentence
from geonews.resolution.focus import parsed_document
from geonews.records.schema import records

MOSUL = Place(99072, "Mosul", "city", 36.335, 43.11889, 1683000, "IQ", "Iraq", "IQ.15",
              "Nīnawá", "IQ.15.9166649", "Mosul District")


def parsed(doc_id: str, text: str, date: str | None = None) -> ParsedDocument:
    """A one-sentence document whose every "Mosul" is a resolved mention."""
    doc = Document(doc_id, text, title=f"Title {doc_id}", date=date)
    found = []
    start = text.find("Mosul")
    while start >= 0:
        found.append(ResolvedMention(Mention(doc_id, start, start + 5, "Mosul", "place", 0,
                                             len(text)), MOSUL, 0.9))
        start = text.find("Mosul", start + 1)
    return parsed_document(doc, (Sentence(0, len(text)),), tuple(found))


FIRST = [parsed("d1", "Fighting in Mosul.", "2016-11-03"), parsed("d2", "Mosul and Mosul.")]
SECOND = [parsed("d1", "Fighting in Mosul."),           # same id
          parsed("d3", "Fighting   in Mosul. \n"),      # same text (whitespace aside)
          parsed("d4", "Quiet day in Mosul.", "2016-11-04"),
          parsed("d5", "Nothing here.")]                # no mentions


@pytest.mark.parametrize("suffix", [".gpkg", ".parquet"])
def test_append_twice_without_duplicates(tmp_path, suffix):
    path = tmp_path / f"corpus{suffix}"
    first = append_parsed(FIRST, path)
    assert (first.documents, first.mentions, first.skipped) == (2, 3, 0)
    with pytest.warns(DuplicateWarning) as caught:
        second = append_parsed(SECOND, path)
    assert (second.documents, second.mentions, second.skipped) == (2, 1, 2)
    messages = [str(w.message) for w in caught]
    assert "document 'd1' is already in the dataset, not appended" in messages
    assert ("document 'd3' has the same text as one already in the dataset, not appended"
            in messages)
    known = known_documents(path)
    expected_ids = {"d1", "d2", "d4", "d5"} if suffix == ".gpkg" else {"d1", "d2", "d4"}
    assert known.ids == expected_ids
    assert content_hash("Fighting in Mosul.") in known.hashes
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_geopackage_dataset_layers(tmp_path):
    path = tmp_path / "corpus.gpkg"
    append_parsed(FIRST, path)
    append_parsed(SECOND[2:], path)
    assert {str(n) for n, _ in pyogrio.list_layers(path)} == {
        "mentions", "places", "regions", "documents", "layer_styles"}
    assert pyogrio.read_info(path, layer="mentions")["crs"] == "EPSG:4326"
    assert pyogrio.read_info(path, layer="mentions")["features"] == 4
    documents = pyogrio.read_dataframe(path, layer="documents").set_index("doc_id")
    assert list(documents.index) == ["d1", "d2", "d4", "d5"]
    assert documents.loc["d2", "mentions"] == 2 and documents.loc["d5", "mentions"] == 0
    info = pyogrio.read_info(path, layer="documents")
    types = dict(zip(info["fields"], info["ogr_types"]))
    assert types["date"] == "OFTDate" and types["added"] == "OFTDateTime"
    places = pyogrio.read_dataframe(path, layer="places")
    assert list(places["mentions"]) == [4] and list(places["documents"]) == [3]
    regions = pyogrio.read_dataframe(path, layer="regions").set_index("code")
    assert regions.loc["IQ.15", "mentions"] == 4


def test_geoparquet_dataset_columns(tmp_path):
    path = tmp_path / "corpus.parquet"
    append_parsed(FIRST, path)
    append_parsed(SECOND[2:], path)
    frame = gpd.read_parquet(path)
    assert frame.crs.to_epsg() == 4326
    assert list(frame["doc_id"]) == ["d1", "d2", "d2", "d4"]
    assert {"content_hash", "title", "date", "url"} <= set(frame.columns)
    assert str(frame["geonameid"].dtype) == "Int64"
    assert str(frame["date"].iloc[0]) == "2016-11-03"


def test_new_documents_skips_known_ones_before_parsing(tmp_path):
    path = tmp_path / "corpus.gpkg"
    assert [d.id for d in new_documents([p.document for p in FIRST], path)] == ["d1", "d2"]
    append_parsed(FIRST, path)
    incoming = [p.document for p in SECOND] + [Document("d6", "Nothing here.")]
    with pytest.warns(DuplicateWarning):
        fresh = list(new_documents(incoming, path))
    assert [d.id for d in fresh] == ["d4", "d5"]  # d6 repeats d5's text


def test_append_records_takes_document_record_pairs(tmp_path):
    path = tmp_path / "corpus.gpkg"
    result = append_records([(p.document, list(records(p))) for p in FIRST], path)
    assert result.documents == 2


def test_appending_to_a_plain_export_or_other_format_fails(tmp_path):
    export = tmp_path / "export.gpkg"
    write_records(list(records(FIRST[0])), export)
    with pytest.raises(OutputFormatError, match="not a geonews dataset.*no 'content_hash'"):
        append_parsed(SECOND, export)
    with pytest.raises(OutputFormatError, match=r"cannot append to '\.geojson'.*\.gpkg"):
        append_parsed(SECOND, tmp_path / "corpus.geojson")
